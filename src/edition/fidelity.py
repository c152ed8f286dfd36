"""The fidelity invariant, checked on every build: every word of the source, in order.

The expected word sequence is derived from the raw lines and nothing else but the documented
operations: hyphen joins (each one a line-end hyphen between two named lines), removed end marks,
and the editors' interventions.  The actual sequence is read from the rendered page: from every
element that carries `data-l`, ignoring what the edition adds (`ed-ui`, heading permalinks,
footnote references).  Any difference stops the build with the words and their source lines.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from .errors import Problem
from .model import Document

_WORD = re.compile(r"\w+")
IGNORED_CLASSES = {"ed-ui", "headerlink", "footnote-ref", "footnote"}
VOID = {"br", "img", "hr", "meta", "link", "input", "wbr", "source"}


@dataclass
class Token:
    word: str
    line: int


def expected_tokens(doc: Document) -> list[Token]:
    # A line removed by a named rule (running head, page number) contributes no words; that rule's
    # Decision is in doc.decisions and so in the apparatus and review report.
    per_line = {l.no: [] if l.no in doc.dropped else [Token(w, l.no) for w in _WORD.findall(l.text)]
                for l in doc.lines}
    for d in doc.decisions:
        if d.rule == "dehyphenate":
            # A line that was one broken word (`twee-` in `een-/twee-/drie`) already gave its word to
            # the line before: the next part joins where that word now is.
            holder = d.line
            while holder > 1 and not per_line.get(holder) and doc.lines[holder - 1].text:
                holder -= 1
            left, right = per_line.get(holder, []), per_line[d.data["next_line"]]
            # The join must be what the rule says: a line ending in a hyphen, glued to the next line.
            if not left or not right or not doc.lines[d.line - 1].text.endswith(("-", "\u2010", "\u00ad")):
                raise ValueError(f"{doc.where(d.line)}: afbreking zonder afbreekstreepje aan het regeleinde")
            left[-1] = Token(left[-1].word + right[0].word, d.line)
            del right[0]
        elif d.rule == "end-mark":
            toks = per_line[d.line]
            if not toks or toks[-1].word != d.data["mark"]:
                raise ValueError(f"{doc.where(d.line)}: eindteken niet gevonden aan het regeleinde")
            toks.pop()
    tokens = [t for no in sorted(per_line) for t in per_line[no]]
    for iv in doc.interventions:
        old, new = _WORD.findall(iv.original), _WORD.findall(iv.reading)
        if old == new:
            continue
        for i in range(len(tokens) - len(old) + 1):
            if tokens[i].line >= iv.line - 1 and [t.word for t in tokens[i:i + len(old)]] == old:
                line = tokens[i].line if i < len(tokens) else iv.line
                tokens[i:i + len(old)] = [Token(w, line) for w in new]
                break
        else:
            raise ValueError(f"{doc.where(iv.line)}: ingreep ‘{iv.id}’ niet terug te vinden in de bronwoorden")
    return tokens


def model_words(doc: Document) -> list[str]:
    return [w for b in doc.blocks for w in _WORD.findall(b.text)]


class _SourceText(HTMLParser):
    """Collects the text of elements with `data-l`, skipping the edition's own additions."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool, bool]] = []  # (tag, inside source, ignored)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        a = dict(attrs)
        inside = (self.stack[-1][1] if self.stack else False) or "data-l" in a
        ignored = (self.stack[-1][2] if self.stack else False) or bool(
            IGNORED_CLASSES & set((a.get("class") or "").split()))
        self.stack.append((tag, inside, ignored))
        if "data-l" in a:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        while self.stack:
            top = self.stack.pop()[0]
            if top == tag:
                break
        if tag in ("p", "li", "div", "h1", "h2", "h3", "aside"):
            self.parts.append(" ")  # block ends separate words

    def handle_data(self, data):
        if self.stack and self.stack[-1][1] and not self.stack[-1][2]:
            self.parts.append(data)


def html_words(page_html: str) -> list[str]:
    parser = _SourceText()
    parser.feed(page_html)
    return _WORD.findall("".join(parser.parts))


def compare(doc: Document, actual: list[str], where: str) -> list[Problem]:
    """Problems (empty when faithful): missing and extra words with their source lines."""
    expected = expected_tokens(doc)
    exp_words = [t.word for t in expected]
    if exp_words == actual:  # the usual case; difflib only to explain a failure
        return []
    problems = []
    matcher = difflib.SequenceMatcher(None, exp_words, actual, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        line = expected[min(i1, len(expected) - 1)].line if expected else 1
        missing = " ".join(exp_words[i1:i2])
        extra = " ".join(actual[j1:j2])
        if op == "delete":
            what = f"woorden uit de bron ontbreken in {where}: ‘{missing}’"
        elif op == "insert":
            what = f"woorden in {where} die niet in de bron staan: ‘{extra}’"
        else:
            what = f"bron ‘{missing}’ staat in {where} als ‘{extra}’"
        problems.append(Problem(doc.where(line), what,
                                "Dit is een fout in de pijplijn of een ongedocumenteerde ingreep: leg een wijziging "
                                "vast als ingreep in het YAML-bestand, of meld de fout."))
        if len(problems) >= 20:
            break
    return problems


def check_model(doc: Document) -> list[Problem]:
    return compare(doc, model_words(doc), "het documentmodel")


def check_html(doc: Document, page_html: str, page: str) -> list[Problem]:
    return compare(doc, html_words(page_html), page)


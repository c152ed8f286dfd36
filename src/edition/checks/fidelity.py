"""The fidelity invariant, checked on every build: every word of the source, in order.

The expected word sequence is derived from the raw lines and nothing else but the documented
operations: hyphen joins (each one a line-end hyphen between two named lines), removed end marks,
lines removed by a named rule, and the editors' interventions and omissions (each at the place it
was made, named in any failure).  The actual sequence is read from the rendered page: from every
element that carries `data-l`, ignoring what the edition adds (`ed-ui`, heading permalinks,
footnote references).  Any difference stops the build with the words and their source lines.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from edition.errors import Problem
from edition.model import Document

_WORD = re.compile(r"\w+")
IGNORED_CLASSES = {"ed-ui", "headerlink", "footnote-ref", "footnote"}
VOID = {"br", "img", "hr", "meta", "link", "input", "wbr", "source"}


@dataclass
class Token:
    word: str
    line: int
    by: str = ""  # the editorial operation that made this word, or made words next to it disappear


class AccountingError(ValueError):
    """An operation the expected words cannot account for (raised with a Problem for the editors)."""

    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(str(problem))


def _apply_edit(doc: Document, tokens: list[Token], edit: dict, line: int) -> None:
    """One editorial change of words (an intervention, an omission), at the place it was made: word
    `at` of the model when it was applied, checked by the words around it (of three identical
    passages the right one changes); if that place does not hold them, the nearest place that does."""
    old, new, at = edit["old"], edit["new"], edit["at"]
    if old == new:
        return
    before = [edit["before"]] if edit.get("before") is not None else []
    after = [edit["after"]] if edit.get("after") is not None else []
    words = [t.word for t in tokens]

    def fits(pos: int, pattern: list[str], lead: int) -> bool:
        return pos - lead >= 0 and words[pos - lead:pos - lead + len(pattern)] == pattern

    pos = None
    for pattern, lead in ((before + old + after, len(before)), (old, 0)):
        if not pattern:
            continue
        if fits(at, pattern, lead):
            pos = at
            break
        spots = [p for p in range(len(words) + 1) if fits(p, pattern, lead)]
        if spots:
            pos = min(spots, key=lambda p: abs(p - at))
            break
    if pos is None:
        if old:
            raise AccountingError(Problem(edit.get("where") or doc.where(line),
                                          f"{edit.get('label', 'ingreep')}: de bronwoorden ‘{' '.join(old)}’ staan niet "
                                          f"in de bron rond {doc.where(line)}.",
                                          "Controleer het citaat van deze bewerking met `edition clean`; klopt het, "
                                          "meld dan de fout."))
        pos = min(at, len(tokens))
    where_line = tokens[pos].line if pos < len(tokens) else (tokens[-1].line if tokens else line)
    made = [Token(w, where_line, edit.get("label", "")) for w in new]
    tokens[pos:pos + len(old)] = made
    if not made and pos < len(tokens) and not tokens[pos].by:
        tokens[pos] = Token(tokens[pos].word, tokens[pos].line, edit.get("label", ""))


def _rule_error(doc: Document, line: int, what: str) -> AccountingError:
    """A cleaning rule whose record does not match the source: a fault of the pipeline, reported as a
    problem at its line (not a traceback)."""
    return AccountingError(Problem(doc.where(line), what + ".", "Dit is een fout in de opschoning; meld hem met deze "
                                                                "regel van de bron."))


def expected_tokens(doc: Document) -> list[Token]:
    # A line removed by a named rule (running head, page number) contributes no words; that rule's
    # Decision is in doc.decisions and so in the apparatus and review report.
    per_line = {l.no: [] if l.no in doc.dropped else [Token(w, l.no) for w in _WORD.findall(l.text)]
                for l in doc.lines}
    for d in doc.decisions:
        if d.rule == "glued-note-number":
            # `sa2` split into `sa` (+ the line-end break pdftotext removed) and a line `2`: the two pieces
            # must make up the source line, nothing more.
            piece = doc.lines[d.data["piece"] - 1]
            if doc.lines[d.line - 1].text != d.data["left"] + d.data["mark"] or \
                    d.data["left"] + piece.text != d.data["source_text"] or piece.origin != d.line:
                raise _rule_error(doc, d.line, "gesplitste regel waarvan de delen de bronregel niet vormen")
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
                raise _rule_error(doc, d.line, "afbreking zonder afbreekstreepje aan het regeleinde")
            left[-1] = Token(left[-1].word + right[0].word, d.line)
            del right[0]
        elif d.rule == "restore-hyphen":
            # `tvprogramma` (pdftotext dropped the hyphen) now reads `tv-programma`: two words.
            toks = per_line[d.line]
            at = next((i for i, t in enumerate(toks) if t.word == d.data["joined"]), None)
            if at is None:
                raise _rule_error(doc, d.line, f"hersteld koppelteken, maar ‘{d.data['joined']}’ staat niet op die regel")
            toks[at:at + 1] = [Token(part, d.line) for part in d.data["parts"]]
        elif d.rule == "end-mark":
            toks = per_line[d.line]
            if not toks or toks[-1].word != d.data["mark"]:
                raise _rule_error(doc, d.line, "eindteken niet gevonden aan het regeleinde")
            toks.pop()
    tokens = [t for line in doc.reading_order() for t in per_line[line.no]]
    # The editors' operations that change words, in the order they were applied (each one's place
    # is counted in the words as they were at that moment).
    for d in doc.decisions:
        if d.rule in ("intervention", "omit") and "edit" in d.data:
            _apply_edit(doc, tokens, d.data["edit"], d.line)
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
            if tag == "br":  # a line break (verse) separates words like a space
                self.parts.append(" ")
            return
        a = dict(attrs)
        inside = (self.stack[-1][1] if self.stack else False) or "data-l" in a
        ignored = (self.stack[-1][2] if self.stack else False) or bool(
            IGNORED_CLASSES & set((a.get("class") or "").split()))
        self.stack.append((tag, inside, ignored))
        if "data-l" in a:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        # A stray closing tag closes nothing (the HTML parser of a browser ignores it too): the
        # rest of the paragraph is still read.
        if any(t == tag for t, _, _ in self.stack):
            while self.stack:
                top = self.stack.pop()[0]
                if top == tag:
                    break
        if tag in ("p", "li", "div", "h1", "h2", "h3", "aside", "td", "th", "tr"):
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
    try:
        expected = expected_tokens(doc)
    except AccountingError as exc:
        return [exc.problem]
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
        near = list(dict.fromkeys(t.by for t in expected[max(0, i1 - 1):i2 + 1] if t.by))
        if near:
            problems.append(Problem(doc.where(line), f"{what} (bij {', '.join(near)})",
                                    "Deze bewerking van de redactie staat niet zo in de pagina als in het "
                                    "documentmodel: klopt de bewerking zelf (zie het YAML-bestand), meld dan de fout "
                                    "in de weergave."))
        else:
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


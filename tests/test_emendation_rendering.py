"""Emendations render and account for themselves at any offset: a generated test.

For every paragraph of a small text (hard-wrapped, with a word broken across a line end), every
kind of edit (insertion of a word or a letter, deletion of a letter, a word, the rest of the
block or the whole block, a change of letters inside a word, a replacement across words) at many
offsets (start, middle of a word, word end, across a line end, end of the block) is applied as an
intervention in YAML; a term link and note calls are placed before, after, on and inside the
mark, as the annotate stage does or worse.  Then the Markdown is rendered with Python-Markdown the
way MkDocs does, and for each case:

* the fidelity check passes on the model and on the HTML;
* the HTML is well-formed (every closing tag closes the element that is open);
* the whole paragraph is in its element, with nothing lost after the mark;
* the print HTML of the block is well-formed too.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml

from edition.checks import fidelity
from edition.apparatus import inline_md
from edition.editorial.operations import apply_editorial, load_editorial
from edition.model import NUMBERED_KINDS, Note
from edition.apparatus.number import number
from edition.pipeline import clean_text
from edition.site.render import inline, render_markdown

ROOT = Path(__file__).resolve().parents[1]
RAW = (ROOT / "tests" / "fixtures" / "editorial" / "emendations.txt").read_text("utf-8")
VOID = {"br", "img", "hr", "meta", "link", "input", "wbr", "source"}


def extensions():
    config = yaml.load((ROOT / "mkdocs.yml").read_text("utf-8"), Loader=yaml.BaseLoader)
    return [next(iter(e)) if isinstance(e, dict) else e for e in config["markdown_extensions"]]


# --- a minimal collected edition: one glossary entry, links relative to the text page -----------

class _Resolver:
    def href(self, page, anchor=""):
        return f"../../{page}" + (f"#{anchor}" if anchor else "")

    def xref(self, ref):
        return self.href("x/"), ref.label or "x"

    def cite(self, cite):
        return self.href("bibliografie/", cite.key), cite.key


@dataclass
class _Entry:
    id: str = "term"
    term: str = "term"
    tooltip: object = field(default_factory=lambda: inline_md.parse("een uitleg", "registers/glossary.yml:1"))


@dataclass
class _Register:
    entries: list = field(default_factory=lambda: [_Entry()])


@dataclass
class _Edition:
    docs: list
    registers: list = field(default_factory=list)
    occurrences: list = field(default_factory=list)
    bib: object = None

    def resolver(self, page):
        return _Resolver()

    def register(self, page):
        return _Register()


# --- the cases ------------------------------------------------------------------------------------

def _paragraphs():
    doc = clean_text(RAW, "sources/2025-01-test.txt")
    return [(i, b.text, [o for o, _ in b.line_map[1:]]) for i, b in enumerate(doc.blocks) if b.kind in NUMBERED_KINDS]


def _word_ends(text):
    return [m.end() for m in re.finditer(r"\w+", text)]


def _cases():
    out = []
    for index, text, joins in _paragraphs():
        n = len(text)
        ends = _word_ends(text)
        offsets = sorted({0, 2, ends[0], n // 2, n // 2 + 1, n - 1, n,
                          *(j for o in joins for j in (o - 2, o - 1, o, o + 1) if 0 <= j <= n)})
        for p in offsets:
            nxt = next((e for e in ends if e > p), n)
            edits = [("woord erbij", p, p, "nieuw "), ("letter erbij", p, p, "x"),
                     ("letter weg", p, p + 1, ""), ("woord weg", p, nxt, ""),
                     ("letters anders", p, p + 2, "ij"), ("over woorden heen", p, p + 14, "iets anders"),
                     ("rest weg", p, n, "")]
            for kind, start, end, new in edits:
                if end > n or text[start:end] == new or (start == end and not new):
                    continue
                out.append((f"al{index}-{kind}-{p}", index, start, end, new))
        out.append((f"al{index}-hele-alinea-weg", index, 0, n, ""))
        out.append((f"al{index}-regeleinde", index, joins[0] - 3, joins[0] + 3, "ZZZ") if joins else None)
    return [c for c in out if c]


CASES = _cases()


def _yaml_for(text: str, start: int, end: int, new: str) -> str:
    """An intervention that makes text[start:end] `new`, quoted so that it matches once."""
    # A quote holds at least one character that is not white space.
    while not text[start:end].strip():
        if end < len(text):
            new, end = new + text[end], end + 1
        else:
            new, start = text[start - 1] + new, start - 1
    spec = {"id": "ingreep", "quote": text[start:end], "replace": new, "reason": "test",
            "prefix": text[max(0, start - 12):start], "suffix": text[end:end + 12]}
    spec = {k: v for k, v in spec.items() if v or k in ("replace",)}
    return yaml.safe_dump({"interventions": [spec]}, allow_unicode=True)


class WellFormed(HTMLParser):
    """Fails on a closing tag that does not close the open element; collects the text per id."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str]] = []
        self.errors: list[str] = []
        self.texts: dict[str, list[str]] = {}
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        a = dict(attrs)
        classes = set((a.get("class") or "").split())
        skipped = bool(classes & {"ed-ui", "footnote-ref", "footnote", "headerlink"}) or tag == "sup"
        self.stack.append((tag, a.get("id") or "", skipped))
        if a.get("id"):
            self.texts.setdefault(a["id"], [])

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1][0] != tag:
            self.errors.append(f"</{tag}> bij open {[t for t, *_ in self.stack]}")
            return
        self.stack.pop()

    def handle_data(self, data):
        if any(s for *_, s in self.stack):
            return
        for _tag, ident, _ in self.stack:
            if ident:
                self.texts[ident].append(data)


def _norm(text):
    return " ".join(text.split())


def _annotate(doc, block, mark, case_no):
    """Note calls and a term link around the mark, as the annotate stage places them (and, every
    third case, a link over the mark, which annotate avoids but rendering must survive)."""
    start, end = mark
    text = block.text
    spots = sorted({start, end, (start + end) // 2, max(0, start - 1), min(len(text), end + 1)})
    for k, at in enumerate(spots):
        doc.notes.append(Note(f"n{k}", "uitleg", block, at, "x.yml:1",
                              body=inline_md.parse("Een noot.", "x.yml:1")))
    for note in doc.notes:
        note.block.calls.append((note.offset, note.id))
    block.calls.sort()
    words = [(m.start(), m.end()) for m in re.finditer(r"\w+", text)]
    before = [w for w in words if w[1] <= start]
    after = [w for w in words if w[0] >= end]
    over = [w for w in words if w[0] < end and start < w[1]] if case_no % 3 == 0 else []
    for w in before[-1:] + after[:1] + over[:1]:
        block.links.append((w[0], w[1], "woordenlijst#term"))
    block.links.sort()


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_every_edit_renders_whole_and_faithful(tmp_path, case):
    name, index, start, end, new = case
    doc = clean_text(RAW, "sources/2025-01-test.txt")
    text = doc.blocks[index].text
    yml = tmp_path / "x.yml"
    yml.write_text(_yaml_for(text, start, end, new), "utf-8")
    apply_editorial(doc, load_editorial(yml, "sources/2025-01-test.yml"))
    number(doc)
    assert fidelity.check_model(doc) == [], name
    iv = doc.interventions[0]
    block = iv.block
    mark = next((s, e) for s, e, m, _ in block.marks if m is iv)
    for b in doc.blocks:
        b.links, b.calls = [], []
    _annotate(doc, block, mark, len(name))
    edition = _Edition([doc])
    md = render_markdown(doc, with_card=False, edition=edition)
    page = markdown.markdown(md, extensions=extensions())
    checker = WellFormed()
    checker.feed(page)
    assert checker.errors == [], (name, checker.errors, md)
    assert fidelity.check_html(doc, page, "pagina") == [], (name, md)
    for b in doc.blocks:
        if b.id and b.kind in NUMBERED_KINDS:
            shown = _norm(html.unescape("".join(checker.texts.get(b.id, []))))
            # The paragraph number is edition UI; the text after it is the whole block.
            assert shown == _norm(b.text), (name, shown, b.text)
    # The print HTML of the same block, with the print's own calls and links.
    printed = inline(block, doc.slug, edition, call=lambda nid: f'<span class="footnote">{nid}</span>',
                     term_open=lambda key: '<a class="term" href="#t">')
    checker = WellFormed()
    checker.feed(f'<p id="b">{printed}</p>')
    assert checker.errors == [], (name, printed)
    assert _norm(html.unescape("".join(checker.texts["b"]))) == _norm(block.text), (name, printed)


def test_the_generated_cases_cover_every_kind_and_place():
    kinds = {c[0].split("-", 1)[1].rsplit("-", 1)[0] for c in CASES}
    assert {"woord erbij", "letter erbij", "letter weg", "woord weg", "letters anders", "over woorden heen",
            "rest weg"} <= kinds
    assert any(c[0].endswith("regeleinde") for c in CASES) and any(c[0].endswith("hele-alinea-weg") for c in CASES)
    assert len(CASES) > 150


def test_a_broken_rendering_is_caught_and_names_the_intervention(tmp_path):
    """The check can fail: the page loses the words after a mark (the old `</span>` bug)."""
    doc = clean_text(RAW, "sources/2025-01-test.txt")
    yml = tmp_path / "x.yml"
    yml.write_text(yaml.safe_dump({"interventions": [
        {"id": "wordt-ik", "quote": "wordt ik", "replace": "word ik", "reason": "dt-fout"}]}), "utf-8")
    apply_editorial(doc, load_editorial(yml, "sources/2025-01-test.yml"))
    number(doc)
    page = markdown.markdown(render_markdown(doc, with_card=False), extensions=extensions())
    assert fidelity.check_html(doc, page, "pagina") == []
    broken = re.sub(r"(<span class=\"ed-em[^>]*></span>).*?</p>", r"\1</p>", page, count=1, flags=re.S)
    problems = fidelity.check_html(doc, broken, "pagina")
    assert problems and "ontbreken" in problems[0].what and "ingreep ‘wordt-ik’" in problems[0].what, problems

"""Structured HTML (a saved web page, or what mammoth makes of a Word file) → text blocks → a `Document`.

The walk (`page_blocks`) gives every run of text its owner: the innermost block-level element around
it (`h1`–`h6`, `p`, `li`, `blockquote`, `figcaption`, `td`, `div` …).  One owner is one block, with
the kind its element shows (`KIND_OF`): the first `h1` at the top is the title, a `blockquote` a
quotation (a pull quote if its class says so), a `figcaption` a caption, an item of a list a list
item.  Text is never reinterpreted: the HTML parser decodes entities once, and whitespace is
collapsed as a browser shows it (runs of spaces, tabs and line ends are one space; rule
`html-whitespace`, recorded once per text).  A `p` inside a `li` or a
`figcaption` is part of that item, not a block of its own.

The source's own notes: an item of a numbered list that a link in the text points at (`<a href="#fn1">`,
mammoth's `#footnote-1`) is a note; the number the browser shows before it is written before its text
(rule `html-note-number`), so the `sourcenotes` stage recognises the notes and their calls as in any
text.  A link back to the call that holds no word (`↩`, `↑`) is left out (rule `html-backlink`).

`to_document` makes the source lines (one per block, numbered 1..N, through `normalise` so every
character rule of a plain text applies and is recorded the same way) and one `Block` per line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from edition.model import (CAPTION, HEADING, LIST_ITEM, PARAGRAPH, PULLQUOTE, QUOTE, TABLE, TITLE, VERSE, Block,
                           Document, slug_of)
from edition.cleaning.normalise import normalise
from edition.cleaning.pagestructure import to_roman
from edition.cleaning.reflow import Unit, join_verse
from edition import dutch

HEADINGS = {f"h{n}": n for n in range(1, 7)}
# Elements that start a block of their own (HTML's block-level and table elements).
BLOCK_TAGS = {
    *HEADINGS, "p", "li", "blockquote", "figcaption", "caption", "dt", "dd", "td", "th", "pre", "address",
    "div", "section", "article", "header", "footer", "nav", "aside", "main", "ul", "ol", "dl", "table", "tbody",
    "thead", "tfoot", "tr", "form", "figure", "fieldset", "legend", "details", "summary", "body", "html",
    "hr", "center", "menu", "dialog", "button", "label", "hgroup", "noscript",
}
# What a reader never sees as text.
SKIP_TAGS = {"script", "style", "template", "head", "svg", "math", "iframe", "object", "embed", "canvas",
             "select", "option", "textarea", "input", "noscript", "title", "meta", "link", "img", "picture",
             "video", "audio", "source", "map"}
# Inside these, a `p` is part of the enclosing block.
MERGING = {"li", "figcaption", "caption", "dt", "dd", "td", "th"}
# Page furniture: text inside these is never taken back into the main text.
FURNITURE_TAGS = {"nav", "aside", "footer", "form", "button", "dialog", "menu"}
FURNITURE_ROLES = {"navigation", "complementary", "banner", "contentinfo", "dialog", "search", "menu",
                   "menubar", "alertdialog"}
_SPACE = re.compile(r"[ \t\n\r\f]+")  # HTML's white space (not the no-break space: that is `normalise`'s)
_VISIBLE = re.compile(r"[^\s\u00a0\u00ad\u200b\u2060\ufeff]")
_WORD = re.compile(r"\w")
_CALL_TEXT = re.compile(r"^\W{0,2}\d{1,3}\W{0,2}$")
# A <blockquote> is a quotation (QUOTE), unless its class says it repeats the article's own words in
# large type: "pullquote", "pull-quote", "streamer", "inzet".
_PULL_CLASS = re.compile(r"pull[-_ ]?quote|\bstreamer|\binzet|\bquote[-_]?(large|big|highlight)", re.IGNORECASE)
# Where a `<br>` stood in the text of a block while it is collected: NUL, which no page that is
# read can contain (html.decode_html refuses it).
_BR = "\x00"
# A block broken by `<br>` into at least this many lines, none longer than VERSE_LINE_MAX
# characters, is verse: its lines are kept as the page shows them (rule `html-verse`); `<br><br>`
# is a break between stanzas.  One `<br>` in prose, or long lines, stay prose (the break a space).
VERSE_MIN_LINES = 3
VERSE_LINE_MAX = 70


@dataclass
class PageBlock:
    """One block of text as the page shows it, before any choice of what is main text."""

    tag: str  # the owner element's tag
    text: str  # whitespace collapsed
    kind: str = PARAGRAPH
    level: int = 2
    index: int = 0  # position in page order
    link_chars: int = 0  # characters inside links
    furniture: bool = False  # inside nav/aside/footer/form/… or a landmark role of the page
    in_quote: str = ""  # QUOTE or PULLQUOTE inside a <blockquote> (see _PULL_CLASS), else ""
    ids: set = field(default_factory=set)  # ids of the owner and of the elements inside it
    targets: list = field(default_factory=list)  # `#id` of the call-like links inside it
    backlinks: int = 0  # word-less links left out
    whitespace_changed: bool = False
    verse: list | None = None  # its lines if it is verse (`_verse_lines`), "" between stanzas
    table: list | None = None  # its rows if it is a table of data (`_Walker._table`): (header?, cell texts)
    hints: dict = field(default_factory=dict)

    @property
    def link_density(self) -> float:
        return self.link_chars / max(len(self.text), 1)

    def first_words(self, n: int = 8) -> str:
        words = self.text.split()
        return " ".join(words[:n]) + (" …" if len(words) > n else "")


def _tag(el) -> str:
    tag = el.tag
    return tag.lower() if isinstance(tag, str) else ""


def _is_backlink(el) -> bool:
    href = el.get("href") or ""
    text = el.text_content()
    return href.startswith("#") and bool(text.strip()) and not _WORD.search(text)


class _Walker:
    def __init__(self, number_lists: bool = True) -> None:
        self.blocks: list[PageBlock] = []
        self.number_lists = number_lists

    def walk(self, root) -> list[PageBlock]:
        self._block(root, furniture=False, in_quote="", in_list_item=False)
        for i, b in enumerate(self.blocks):
            b.index = i
        return self.blocks

    def _block(self, el, furniture: bool, in_quote: str, in_list_item: bool, ordinal: str | None = None) -> None:
        """`ordinal`: for an item of a numbered list (`<ol>`), the number the browser shows before it
        ("3", "c", "iii"; `_label`)."""
        tag = _tag(el)
        furniture = furniture or tag in FURNITURE_TAGS or (el.get("role") or "").lower() in FURNITURE_ROLES
        if tag == "table" and self._table(el, furniture, in_quote):
            return
        if tag == "blockquote" and not in_quote:
            in_quote = PULLQUOTE if _PULL_CLASS.search(el.get("class") or "") else QUOTE
        state = {"parts": [], "links": 0, "ids": set(), "targets": [], "backlinks": 0}
        if el.get("id"):
            state["ids"].add(el.get("id"))

        def flush() -> None:
            collected = "".join(state["parts"])
            raw = collected.replace(_BR, " ")
            if _VISIBLE.search(raw):
                text = _SPACE.sub(" ", raw).strip(" ")
                b = PageBlock(tag, text, furniture=furniture, in_quote=in_quote, link_chars=state["links"],
                              ids=set(state["ids"]), targets=list(state["targets"]), backlinks=state["backlinks"],
                              whitespace_changed=text != raw, verse=_verse_lines(collected))
                if ordinal is not None and tag == "li" and not state.get("numbered"):
                    b.hints["ordinal"] = ordinal  # shown as the list's number, not text (see render)
                    state["numbered"] = True
                self.blocks.append(b)
            state.update(parts=[], links=0, targets=[], backlinks=0)

        if el.text:
            state["parts"].append(el.text)
        number, step = _list_start(el) if tag == "ol" and self.number_lists else (None, 1)
        style = (el.get("type") or "1") if number is not None else "1"
        for child in el:
            ctag = _tag(child)
            item_number = None
            if number is not None and ctag == "li":
                item_number = _int(child.get("value"), number)
                number = item_number + step
            if ctag in SKIP_TAGS or not ctag:  # comments, processing instructions
                pass
            elif ctag in BLOCK_TAGS and not (ctag == "p" and tag in MERGING):
                flush()
                self._block(child, furniture, in_quote, in_list_item or tag == "li",
                            _label(item_number, style) if item_number is not None else None)
            else:
                self._inline(child, state)
            if child.tail:
                state["parts"].append(child.tail)
        flush()

    def _table(self, el, furniture: bool, in_quote: str) -> bool:
        """A table of data as one block (rows of cells, `PageBlock.table`), its `<caption>` a caption
        before it; False (nothing taken) for a table that lays out a page rather than holding data:
        one row or one column, a table inside it, or blocks other than paragraphs in a cell (the
        walk then makes a block of each cell's text, as before)."""
        rows = [tr for tr in el.iter("tr") if _owner_table(tr) is el]
        if any(_tag(t) == "table" for t in el.iter() if t is not el):
            return False
        grid = [[c for c in tr if _tag(c) in ("td", "th")] for tr in rows]
        grid = [(tr, cells) for tr, cells in zip(rows, grid) if cells]
        if len(grid) < 2 or max(len(cells) for _, cells in grid) < 2:
            return False
        if any(_tag(d) in BLOCK_TAGS - {"p", "br"} for _, cells in grid for c in cells for d in c.iter() if d is not c):
            return False
        for caption in (c for c in el if _tag(c) == "caption"):
            self._block(caption, furniture, in_quote, False)
        state = {"parts": [], "links": 0, "ids": {el.get("id")} - {None}, "targets": [], "backlinks": 0}
        table, changed, spans = [], False, []
        for tr, cells in grid:
            head = all(_tag(c) == "th" for c in cells) or _tag(tr.getparent()) == "thead"
            texts = []
            # colspan/rowspan as the page has them (whole numbers, at most MAX_SPAN), so that the
            # columns stay under their headers; a cell of other values spans one.
            row_spans = [[_span(cell.get("colspan")), _span(cell.get("rowspan"))] for cell in cells]
            for cell in cells:
                state["parts"] = []
                if cell.get("id"):
                    state["ids"].add(cell.get("id"))
                if cell.text:
                    state["parts"].append(cell.text)
                for child in cell:
                    if _tag(child) == "p":
                        state["parts"].append(" ")  # two paragraphs of a cell are two runs of words
                    self._inline(child, state)
                    if child.tail:
                        state["parts"].append(child.tail)
                raw = "".join(state["parts"]).replace(_BR, " ")
                text = _SPACE.sub(" ", raw).strip(" ") if _VISIBLE.search(raw) else ""
                changed = changed or text != raw
                texts.append(text)
            if any(texts):
                table.append((head, texts))
                spans.append(row_spans)
        if len(table) < 2:
            return False
        text = " ".join(t for _, texts in table for t in texts if t)
        self.blocks.append(PageBlock("table", text, kind=TABLE, furniture=furniture, in_quote=in_quote,
                                     link_chars=state["links"], ids=set(state["ids"]), targets=list(state["targets"]),
                                     backlinks=state["backlinks"], whitespace_changed=changed, table=table))
        if any(span != [1, 1] for row in spans for span in row):
            self.blocks[-1].hints["table_spans"] = spans
        return True

    def _inline(self, el, state: dict, in_link: bool = False) -> None:
        tag = _tag(el)
        if tag in SKIP_TAGS or not tag:
            return
        if el.get("id"):
            state["ids"].add(el.get("id"))
        if tag == "br":
            state["parts"].append(_BR)
            return
        if tag == "a":
            if _is_backlink(el):
                state["backlinks"] += 1
                return
            href = el.get("href") or ""
            if href.startswith("#") and _CALL_TEXT.match(el.text_content().strip()):
                state["targets"].append(href[1:])
            in_link = True
        start = sum(len(p) for p in state["parts"])
        if el.text:
            state["parts"].append(el.text)
        for child in el:
            if _tag(child) in BLOCK_TAGS and _tag(child) not in ("p",):
                # a block inside an inline element (invalid HTML a browser still shows): its text runs on
                state["parts"].append(" ")
            self._inline(child, state, in_link)
            if child.tail:
                state["parts"].append(child.tail)
        if in_link and tag == "a":
            state["links"] += sum(len(p) for p in state["parts"]) - start


MAX_SPAN = 100  # a cell spans at most this many columns or rows (a page's colspan="10000" is no table)


def _span(value) -> int:
    """A colspan or rowspan as a browser reads a plain whole number; anything else is 1."""
    text = (value or "").strip()
    return min(int(text), MAX_SPAN) if text.isdigit() and int(text) >= 1 else 1


def _owner_table(el):
    """The nearest `<table>` around `el`."""
    parent = el.getparent()
    while parent is not None and _tag(parent) != "table":
        parent = parent.getparent()
    return parent


def _int(value, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _label(n: int, style: str) -> str:
    """The number `n` as `<ol type="…">` shows it: 1, a/A (letters, then aa, ab …), i/I (Roman)."""
    if style in ("a", "A") and n >= 1:
        letters = ""
        while n:
            n, r = divmod(n - 1, 26)
            letters = chr(ord("a") + r) + letters
        return letters.upper() if style == "A" else letters
    if style in ("i", "I") and 1 <= n < 4000:
        return to_roman(n).upper() if style == "I" else to_roman(n)
    return str(n)


def _list_start(ol) -> tuple[int, int]:
    """(number of the first item, step) of a numbered list, as a browser counts it: from `start`
    (1), or for `<ol reversed>` down from `start` (the number of items)."""
    if ol.get("reversed") is not None:
        return _int(ol.get("start"), sum(1 for li in ol if _tag(li) == "li")), -1
    return _int(ol.get("start"), 1), 1


def _verse_lines(collected: str) -> list[str] | None:
    """The lines of a block its `<br>`s make, "" for a stanza break, if they are verse (see
    VERSE_MIN_LINES); otherwise None."""
    if _BR not in collected:
        return None
    lines: list[str] = []
    for part in collected.split(_BR):
        line = _SPACE.sub(" ", part).strip(" ")
        if line and _VISIBLE.search(line):
            lines.append(line)
        elif lines and lines[-1]:
            lines.append("")  # an empty line between two <br>: a new stanza
    while lines and not lines[-1]:
        lines.pop()
    kept = [line for line in lines if line]
    if len(kept) < VERSE_MIN_LINES or any(len(line) > VERSE_LINE_MAX for line in kept):
        return None
    return lines


def page_blocks(root, number_lists: bool = True) -> list[PageBlock]:
    """Every block of text under `root` (an lxml element), in page order, with its kind;
    `number_lists`: the items of a numbered list get the number the page shows (hint `ordinal`)."""
    blocks = _Walker(number_lists).walk(root)
    for b in blocks:
        if b.table is not None:
            b.kind = TABLE
        elif b.tag in HEADINGS:
            b.kind, b.level = HEADING, HEADINGS[b.tag]
        elif b.tag == "li":
            b.kind = LIST_ITEM
        elif b.tag in ("figcaption", "caption"):
            b.kind = CAPTION
        elif b.verse:
            b.kind = VERSE
        elif b.in_quote:
            b.kind = b.in_quote  # QUOTE, or PULLQUOTE for a blockquote the page marks as one
        else:
            b.kind = PARAGRAPH
    return blocks


def mark_notes(root, blocks: list[PageBlock]) -> None:
    """The items of numbered lists that a call in the text points at: the source's notes, with the number
    the browser shows for them (`hints['note_number']`)."""
    targets = {t for b in blocks for t in b.targets}
    if not targets:
        return
    numbers: dict[str, int] = {}
    for ol in root.iter("ol"):
        try:
            n = int(ol.get("start") or 1)
        except ValueError:
            n = 1
        for li in ol:
            if _tag(li) != "li":
                continue
            ids = {e.get("id") for e in li.iter() if isinstance(e.tag, str) and e.get("id")}
            for i in ids & targets:
                numbers[i] = n
            n += 1
    for b in blocks:
        if b.kind == LIST_ITEM and b.ids & set(numbers):
            b.hints["note_number"] = numbers[next(iter(sorted(b.ids & set(numbers))))]


def _shift_levels(blocks: list[PageBlock]) -> None:
    """The first block, if an `h1`, is the title; the other headings from level 2 down, in the page's order
    of levels (a page whose sections are `h3` has them as the edition's level 2)."""
    if blocks and blocks[0].tag == "h1":
        blocks[0].kind = TITLE
    levels = [b.level for b in blocks if b.kind == HEADING]
    if not levels:
        return
    shift = min(levels) - 2
    for b in blocks:
        if b.kind == HEADING:
            b.level = min(max(b.level - shift, 2), 6)


def _poems(blocks: list[PageBlock]) -> list[PageBlock]:
    """Blocks of verse that follow each other on the page (a poem set as one `<p>` per stanza) are
    one poem, a stanza each: one block of the model per run of verse, as in a plain text."""
    out: list[PageBlock] = []
    last_index = -2
    for b in blocks:
        if (b.kind == VERSE and out and out[-1].kind == VERSE and b.index == last_index + 1
                and b.in_quote == out[-1].in_quote):
            prev = out[-1]
            out[-1] = replace(prev, verse=[*prev.verse, "", *b.verse], text=f"{prev.text} {b.text}",
                              ids=prev.ids | b.ids, targets=[*prev.targets, *b.targets],
                              backlinks=prev.backlinks + b.backlinks, link_chars=prev.link_chars + b.link_chars,
                              whitespace_changed=prev.whitespace_changed or b.whitespace_changed)
        else:
            out.append(b)
        last_index = b.index
    return out


def _verse_block(b: PageBlock, lines: list) -> Block:
    """A poem's block from its source lines (one per line of verse), joined as the plain-text
    reader joins verse (reflow.join_verse): the line after a "" in `b.verse` begins a stanza."""
    starts, at = set(), 0
    for prev, line in zip(["", *b.verse], b.verse):
        if line:
            if not prev and at:
                starts.add(lines[at].no)
            at += 1
    return join_verse(Unit(VERSE, lines, False, stanza_starts=starts))


def _table_block(b: PageBlock, lines: list) -> Block:
    """A table's block from its source lines (one per cell with text): the cells of a row joined by
    "\n", the rows by "\n\n" (model.TABLE); `hints["table"]` keeps which cells had text."""
    parts, line_map, at, offset = [], [], 0, 0
    shape = []
    for head, cells in b.table:
        present = [bool(c) for c in cells]
        shape.append({"header": head, "cells": present})
        row = []
        for has_text in present:
            if not has_text:
                continue
            line = lines[at]
            at += 1
            line_map.append((offset, line.no))
            row.append(line.text)
            offset += len(line.text) + 1
        parts.append("\n".join(row))
        offset += 1  # the second "\n" between rows
    block = Block(TABLE, "\n\n".join(parts), line_map)
    for row, spans in zip(shape, b.hints.get("table_spans") or []):
        row["spans"] = spans
    block.hints["table"] = shape
    return block


def to_document(blocks: list[PageBlock], path: str, doc: Document | None = None) -> Document:
    """Source lines (one per block) and blocks; each block's `hints['page_index']` is its place on the page."""
    doc = doc or Document(path=path, slug=slug_of(path))
    blocks = [b for b in blocks if _VISIBLE.search(b.text)]
    _shift_levels(blocks)
    blocks = _poems(blocks)
    texts = []
    renumbered = []
    spans = []  # (first source line, the lines of the block) per block
    for b in blocks:
        if b.kind == VERSE:
            own = [line for line in b.verse if line]
        elif b.kind == TABLE:
            own = [cell for _, cells in b.table for cell in cells if cell]  # a line per cell with text
        else:
            own = [b.text]
            number = b.hints.get("note_number")
            if number is not None:
                own = [f"{number} {b.text}"]
                renumbered.append(len(texts) + 1)
        spans.append((len(texts) + 1, len(own)))
        texts.extend(own)
    normalise("\n".join(texts).encode("utf-8"), doc)
    if len(doc.lines) != len(texts):  # a block of only invisible characters left an empty line
        raise ValueError("een blok zonder zichtbare tekst")
    verse_lines, tables = [], []
    for b, (first, count) in zip(blocks, spans):
        lines = doc.lines[first - 1: first - 1 + count]
        if b.kind == VERSE:
            block = _verse_block(b, lines)
            verse_lines.append(first)
        elif b.kind == TABLE:
            block = _table_block(b, lines)
            tables.append((first, b))
        else:
            block = Block(b.kind, lines[0].text, [(0, lines[0].no)], level=b.level)
        block.hints = {**block.hints, **b.hints, "page_index": b.index, "tag": b.tag, "layout": "html"}
        doc.blocks.append(block)
    if verse_lines:
        doc.decide("html-verse", verse_lines[0], f"regels van een gedicht: de regeleinden (<br>) van de pagina "
                   f"behouden ({dutch.count(len(verse_lines), 'blok', 'blokken')})", count=len(verse_lines),
                   lines=verse_lines[:10])
    for first, b in tables:
        columns = max(len(cells) for _, cells in b.table)
        doc.decide("html-table", first, f"tabel van de bron ({dutch.count(len(b.table), 'rij', 'rijen')}, "
                   f"{dutch.count(columns, 'kolom', 'kolommen')}) als tabel behouden: één genummerd blok, de cellen "
                   "rij na rij, elke cel met tekst een regel", rows=len(b.table), columns=columns)
    changed = [first for b, (first, _n) in zip(blocks, spans) if b.whitespace_changed]
    if changed:
        doc.decide("html-whitespace", changed[0], f"witruimte van de opmaak (spaties, tabs, regeleinden in de HTML) "
                   f"samengevoegd tot één spatie, zoals een browser haar toont ({dutch.count(len(changed), 'blok', 'blokken')})",
                   count=len(changed), lines=changed[:10])
    backlinks = [first for b, (first, _n) in zip(blocks, spans) if b.backlinks]
    if backlinks:
        doc.decide("html-backlink", backlinks[0], f"terugverwijzing(en) naar de notenverwijzing zonder woorden (‘↩’, "
                   f"‘↑’) weggelaten ({dutch.count(len(backlinks), 'blok', 'blokken')})", count=len(backlinks), lines=backlinks[:10])
    for no in renumbered:
        doc.decide("html-note-number", no, f"het nummer dat de genummerde lijst voor deze noot toont "
                   f"(‘{doc.lines[no - 1].text.split(' ', 1)[0]}’) voor de tekst gezet",
                   number=next(b for b, (first, _n) in zip(blocks, spans) if first == no).hints["note_number"])
    counts: dict[str, int] = {}
    for b in doc.blocks:
        counts[b.kind] = counts.get(b.kind, 0) + 1
    doc.decide("html-structure", 1, "rollen uit de opmaak van de bron: " + ", ".join(
        f"{k} {n}" for k, n in sorted(counts.items())), counts=counts)
    doc.layout = "html"
    return doc

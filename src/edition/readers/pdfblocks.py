"""Rows of a PDF (in reading order) → blocks: from type, indentation, vertical space and line length.

* The role of a row from its type: the biggest type at the top of page 1 is the title; bold rows
  (or larger bold type) are headings; larger type that is not bold is a pull quote; smaller type
  (not a footnote, those are taken out before) is a caption.
* A new paragraph among text rows: more vertical space than the leading, a first-line indent, or a
  short last line before (in justified text; in ragged text a short line that ends a sentence).  At
  the top of a column or page the paragraph runs on unless the row is indented or the row before was
  short.
* List items: a row starting with a bullet or `1.`/`1)`, its following rows indented to its text.

The units are joined by `reflow.join_unit` (line-end hyphens decided and recorded there).
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

from edition.cleaning.lineshape import LIST_MARK, TERMINAL
from edition.model import CAPTION, HEADING, LIST_ITEM, PARAGRAPH, PULLQUOTE, TITLE, Line
from edition.cleaning.reflow import Unit
from edition.readers.pdfgeometry import Row

NUMBER_MARK = re.compile(r"^\d{1,2}[.)]\s+(?=\S)")
LARGER, SMALLER = 1.1, 0.95
PARA_GAP = 1.45  # × leading: vertical space that ends a paragraph
INDENT = 0.6  # × type size: a first-line indent


@dataclass
class Box:
    left: float
    right: float


def boxes(rows: list[Row], body: float) -> dict[tuple[int, int], Box]:
    """The text box of each column of each page (from its rows in the text size)."""
    groups: dict[tuple[int, int], list[Row]] = {}
    for r in rows:
        if abs(r.size - body) <= 0.05 * body:
            groups.setdefault((r.page, r.col), []).append(r)
    out = {}
    for key, rs in groups.items():
        lefts, rights = sorted(r.x0 for r in rs), sorted(r.x1 for r in rs)
        out[key] = Box(lefts[len(lefts) // 5] if len(lefts) >= 5 else lefts[0], rights[int(0.8 * (len(rights) - 1))])
    return out


def justified(rows: list[Row], bx: dict, body: float) -> bool:
    full = [r for r in rows if (r.page, r.col) in bx and abs(r.size - body) <= 0.05 * body]
    if len(full) < 5:
        return True
    at_right = sum(abs(bx[(r.page, r.col)].right - r.x1) <= 1.5 for r in full)
    return at_right >= 0.55 * len(full)


def role(row: Row, body: float, title_rows: set[int]) -> str:
    if id(row) in title_rows:
        return TITLE
    if row.bold and row.size >= SMALLER * body:
        return HEADING
    if row.size >= LARGER * body:
        return HEADING if row.bold else PULLQUOTE
    if row.size <= SMALLER * body:
        return CAPTION
    return PARAGRAPH


def title_rows(rows: list[Row], body: float) -> set[int]:
    """The rows in the biggest type at the top of page 1, before any text row."""
    first = [r for r in rows if r.page == rows[0].page] if rows else []
    if not first:
        return set()
    biggest = max(r.size for r in first)
    if biggest < 1.15 * body:
        return set()
    out = set()
    for r in first:
        if abs(r.size - biggest) <= 0.02 * biggest:
            out.add(id(r))
        elif out or abs(r.size - body) <= 0.05 * body:
            break
    return out


def units(pairs: list[tuple[Line, Row]], body: float, pitch: float) -> list[Unit]:
    rows = [r for _l, r in pairs]
    bx = boxes(rows, body)
    just = justified(rows, bx, body)
    titles = title_rows(rows, body)
    out: list[Unit] = []
    prev_row: Row | None = None
    prev_role = ""
    prev_line: Line | None = None
    item_indent: float | None = None
    for line, row in pairs:
        r = role(row, body, titles)
        box = bx.get((row.page, row.col)) or bx.get((row.page, -1)) or Box(row.x0, row.x1)
        is_item = bool(LIST_MARK.match(line.text) or NUMBER_MARK.match(line.text)) and r == PARAGRAPH
        new = True
        if prev_row is not None and r == prev_role:
            same_col = prev_row.page == row.page and prev_row.col == row.col and row.base > prev_row.base
            gap = row.base - prev_row.base if same_col else 0.0
            if r != PARAGRAPH:
                new = not (same_col and gap <= PARA_GAP * max(row.size, prev_row.size) * 1.25) and not (
                    not same_col and r == CAPTION)
            elif is_item:
                new = True
            else:
                pbox = bx.get((prev_row.page, prev_row.col)) or box
                room = pbox.right - prev_row.x1
                # Short, and the next row's first word would have fitted on it: the paragraph ended
                # there (a long word the typesetter could not break leaves a short row too).
                short = room > 1.5 * prev_row.size and room > first_word_width(row) + 0.3 * row.size
                if not just:
                    short = short and bool(TERMINAL.search(prev_line.text)) and \
                        prev_row.x1 < pbox.left + 0.75 * (pbox.right - pbox.left)
                indented = row.x0 - box.left > INDENT * row.size
                if item_indent is not None and abs(row.x0 - item_indent) <= 1.5:
                    indented = False  # the next line of a list item, set to its text
                new = indented or short or (same_col and gap > PARA_GAP * pitch)
        if new:
            kind = LIST_ITEM if is_item else r
            out.append(Unit(kind, [line], blank_before=bool(out)))
            item_indent = _text_start(row, line.text) if is_item else None
        else:
            out[-1].lines.append(line)
            if prev_row is not None and (prev_row.page, prev_row.col) != (row.page, row.col):
                out[-1].column_breaks.add(line.no)
        prev_row, prev_role, prev_line = row, r, line
    return out


def first_word_width(row: Row) -> float:
    vis = [g for g in row.glyphs if not g.space]
    if not vis:
        return 0.0
    end = vis[0]
    for g in row.glyphs[row.glyphs.index(vis[0]) + 1:]:
        if g.space or g.x0 - end.x1 > 0.15 * g.size:
            break
        end = g
    return end.x1 - vis[0].x0


def _text_start(row: Row, text: str) -> float | None:
    """x of the first letter after a list marker (where the item's next lines begin)."""
    m = LIST_MARK.match(text) or NUMBER_MARK.match(text)
    if not m:
        return None
    vis = [g for g in row.glyphs if not g.space]
    marker_chars = len(m.group().replace(" ", ""))
    return vis[marker_chars].x0 if len(vis) > marker_chars else None


def heading_levels(blocks) -> None:
    """Level 2 for the biggest heading type, 3 for the next, 4 below that."""
    sizes = sorted({round(b.hints.get("size", 0), 1) for b in blocks if b.kind == HEADING}, reverse=True)
    for b in blocks:
        if b.kind == HEADING:
            b.level = 2 + min(sizes.index(round(b.hints.get("size", 0), 1)), 2)


def median_size(rows: list[Row]) -> float:
    return statistics.median(r.size for r in rows)

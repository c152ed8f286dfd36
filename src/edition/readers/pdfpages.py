"""Page furniture and the source's footnotes, found from position, type and repetition across pages.

* Running heads, feet and page numbers: a row at the top or bottom edge of a page, set apart from the
  text by more than the usual leading, not set larger than the text, that is a page number
  (`3`, `3/12`, `- 3 -`, `blz. 3`, a roman numeral), or whose text (digits aside) stands at the same
  edge of another page too, or (top edge only) is set in smaller type than the text.  A head with its
  page number far to the side is cut in two (a head and a page number).
* Footnotes: rows in smaller type than the text below the last text row of their column (LaTeX) or
  of the page (WeasyPrint's footnote area), the first of them starting with a number (raised or not).
  A foot zone that starts without a number continues the last note of the page before.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from edition.readers.pdfgeometry import Row, set_text, split_at_gaps

PAGE_NUMBER = re.compile(r"^[-–—(\[]?\s*(?:(?:p|blz|pag|pagina|page|s)\.?\s*)?(\d{1,4}|[ivxlcdm]{1,7})"
                         r"(?:\s*(?:/|van|of|\|)\s*\d{1,4})?\s*[-–—)\]]?$", re.IGNORECASE)
NOTE_START = re.compile(r"^(\d{1,3})(?=\s|[^\w\s]|[^\W\d])")
EDGE_GAP = 1.6  # × the leading of the text: the white between the text and a head or foot
SMALL = 0.94  # rows set at most this share of the text size are "smaller type"


def digit_key(text: str) -> str:
    return re.sub(r"\d+", "#", text.strip().lower())


@dataclass
class Furniture:
    row: Row
    rule: str  # running-head | page-number
    why: str


def _edge_candidates(rows: list[Row], pitch: float, body: float) -> list[tuple[str, Row]]:
    """Rows at the top and bottom edge set apart from the text (up to two per edge)."""
    rows = sorted(rows, key=lambda r: r.base)
    out: list[tuple[str, Row]] = []
    for edge, seq in (("top", rows), ("bottom", rows[::-1])):
        for i in range(min(2, len(seq) - 1)):
            cand, nxt = seq[i], seq[i + 1]
            if cand.size > body * 1.05 or abs(nxt.base - cand.base) <= EDGE_GAP * pitch:
                break
            out.append((edge, cand))
    return out


def find_furniture(pages: list[list[Row]], pitch: float, body: float) -> dict[int, list[Furniture]]:
    """Per page (index into `pages`): the furniture rows (already cut into head and number)."""
    cands: dict[int, list[tuple[str, Row, list[Row]]]] = {}
    keys: Counter = Counter()
    for pi, rows in enumerate(pages):
        for edge, row in _edge_candidates(rows, pitch, body):
            parts = split_at_gaps(row, 2.0 * row.size)
            for p in parts:
                set_text(p)
            cands.setdefault(pi, []).append((edge, row, parts))
            for key in {(edge, digit_key(p.text)) for p in parts}:
                keys[key] += 1
    found: dict[int, list[Furniture]] = {}
    for pi, items in cands.items():
        for edge, row, parts in items:
            verdicts = []
            for p in parts:
                key = (edge, digit_key(p.text))
                if PAGE_NUMBER.match(p.text):
                    verdicts.append(Furniture(p, "page-number", f"paginanummer aan de {_edge(edge)} van de pagina"))
                elif keys[key] >= 2 and len(pages) > 1:
                    verdicts.append(Furniture(p, "running-head",
                                              f"{'kop' if edge == 'top' else 'voet'}regel die op {keys[key]} pagina's "
                                              f"aan de {_edge(edge)} staat"))
                elif edge == "top" and p.size <= SMALL * body:
                    verdicts.append(Furniture(p, "running-head", "kopregel: kleine letter, los boven de tekst"))
                else:
                    break
            else:
                found.setdefault(pi, []).extend(verdicts)
                row.glyphs = []  # taken out of the page's text rows
    for rows in pages:
        rows[:] = [r for r in rows if r.glyphs]
    return found


def _edge(edge: str) -> str:
    return "bovenkant" if edge == "top" else "onderkant"


@dataclass
class FootNote:
    number: int  # as printed
    page: int
    rows: list[Row] = field(default_factory=list)


def _is_body(row: Row, body: float) -> bool:
    return abs(row.size - body) <= 0.05 * body


def note_number(row: Row) -> int | None:
    m = NOTE_START.match(row.text)
    if not m:
        return None
    if row.sups and row.sups[0][0] == 0:
        return int(m.group(1))
    # not raised: a number and a space, then a word
    if re.match(r"^\d{1,3}\.?\s+\S", row.text):
        return int(m.group(1))
    return None


def take_footnotes(rows: list[Row], body: float, notes: list[FootNote]) -> list[Row]:
    """Move the page's foot notes (rows in reading order) into `notes`; the other rows are returned.
    Each row of a note gets `row.note` (for its place on the page)."""
    last_body: dict[int, float] = {}
    for r in rows:
        if _is_body(r, body):
            for col in ((0, 1, -1) if r.col == -1 else (r.col,)):
                last_body[col] = max(last_body.get(col, 0.0), r.base)
    keep: list[Row] = []
    zone_started = False
    for r in rows:
        below = r.base > max(last_body.get(r.col, 0.0), last_body.get(-1, 0.0) if r.col != -1 else 0.0)
        if r.col == -1:
            below = r.base > max(last_body.values(), default=0.0)
        if not below or r.size > SMALL * body:
            keep.append(r)
            continue
        n = note_number(r)
        if n is not None:
            notes.append(FootNote(n, r.page, [r]))
            zone_started = True
        elif notes and (zone_started or notes[-1].page == r.page - 1):
            notes[-1].rows.append(r)  # a note runs on (on this page, or from the page before)
        else:
            keep.append(r)
    return keep

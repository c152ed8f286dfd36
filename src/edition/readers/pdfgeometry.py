"""The geometry of a PDF's text layer: characters → rows (by baseline) → columns and reading order.

Works on pdfplumber's characters (text, position, font name, size, the text matrix).  Nothing here
reads the words: a row is the characters on one baseline, a superscript (smaller type, raised) joins
the row it stands on, a column is found from the gutter (a vertical strip in the middle of the page
that only full-width rows and pictures cross), and the reading order is: band after band from top to
bottom (a band ends at a row or a picture that crosses the gutter), in a band the left column, then
the right one.
"""

from __future__ import annotations

import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

# Spaces other than U+0020 that PDFs carry (no-break, thin, en/em spaces …): read as a space.
ODD_SPACES = {"\u00a0", "\u2000", "\u2001", "\u2002", "\u2003", "\u2004", "\u2005", "\u2006", "\u2007",
              "\u2008", "\u2009", "\u200a", "\u202f", "\u205f", "\u3000"}
LIGATURES = {chr(c) for c in range(0xFB00, 0xFB07)}  # ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ
SUP_SIZE = 0.85  # a superscript is set at most this share of the size of its row
MIN_COLUMN = 8  # a column is at least this many times the text size wide
WORD_GAP = 0.15  # a gap of this share of the type size between two glyphs is a word space


@dataclass
class Glyph:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    base: float  # baseline, from the top of the page
    size: float
    font: str
    space: bool = False  # a space character of the PDF itself
    sup: bool = False


@dataclass
class Row:
    """Glyphs on one baseline (within one column, once columns are known)."""

    page: int
    glyphs: list[Glyph]
    text: str = ""
    sups: list[tuple[int, int]] = field(default_factory=list)  # offsets of raised small digits in `text`
    col: int = -1  # -1 spanning / single column, 0 left, 1 right
    ligatures: int = 0
    odd_spaces: int = 0
    soft_hyphens: int = 0  # U+00AD inside the row (removed; one at the row end stays for dehyphenation)

    @property
    def x0(self) -> float:
        return min(g.x0 for g in self.glyphs)

    @property
    def x1(self) -> float:
        return max(g.x1 for g in self.glyphs)

    @property
    def top(self) -> float:
        return min(g.top for g in self.main)

    @property
    def bottom(self) -> float:
        return max(g.bottom for g in self.main)

    @property
    def main(self) -> list[Glyph]:
        return [g for g in self.glyphs if not g.sup and not g.space] or self.glyphs

    @property
    def base(self) -> float:
        return statistics.median(g.base for g in self.main)

    @property
    def size(self) -> float:
        # Asked for again and again by the block and page stages; the glyphs of a row only change while
        # rows are made (superscripts join, rows are cut at gaps), so the value is kept per glyph count.
        cached = self.__dict__.get("_size")
        if cached is not None and cached[0] == len(self.glyphs):
            return cached[1]
        value = Counter(round(g.size, 1) for g in self.main if g.text.strip()).most_common(1)[0][0] \
            if any(g.text.strip() for g in self.main) else self.main[0].size
        self.__dict__["_size"] = (len(self.glyphs), value)
        return value

    def share(self, word: str) -> float:
        """Share of the visible glyphs whose font name contains `word` (Bold, Italic …)."""
        vis = [g for g in self.main if g.text.strip()]
        return sum(word in g.font.lower() for g in vis) / len(vis) if vis else 0.0

    @property
    def bold(self) -> bool:
        return self.share("bold") >= 0.8 or self.share("black") >= 0.8 or self.share("heavy") >= 0.8

    @property
    def italic(self) -> bool:
        return self.share("italic") >= 0.8 or self.share("oblique") >= 0.8


def page_objects(page) -> tuple[list[Glyph], list[tuple[float, float, float, float]]]:
    """The glyphs of a pdfplumber page and the boxes of its pictures, rules and drawings (at least
    20 × 12 pt), read from pdfminer's layout objects directly: pdfplumber's `page.chars` turns every
    object into a dict of all its attributes first, which took half of the reading time. Coordinates
    as pdfplumber gives them (top from the top of the page, corrected for the MediaBox)."""
    from pdfminer.layout import LTChar, LTContainer, LTCurve, LTImage, LTLine

    height = float(page.height)
    mb_x0, mb_top = float(page.mediabox[0]), float(page.mediabox[1])
    glyphs: list[Glyph] = []
    figures: list[tuple[float, float, float, float]] = []
    stack = list(reversed(page.layout._objs))
    while stack:
        obj = stack.pop()
        if isinstance(obj, LTContainer):
            stack.extend(reversed(obj._objs))
            continue
        top, bottom = height - obj.y1 + mb_top, height - obj.y0 + mb_top
        x0, x1 = obj.x0 + mb_x0, obj.x1 + mb_x0
        if isinstance(obj, LTChar):
            if not obj.upright:
                continue
            text = obj.get_text()
            font = obj.fontname
            if isinstance(font, bytes):
                font = font.decode("utf-8", "replace")
            glyphs.append(Glyph(text, x0, x1, top, bottom, height - obj.matrix[5], obj.size, font or "",
                                space=not text.strip() or text in ODD_SPACES))
        elif isinstance(obj, LTImage) or (isinstance(obj, LTCurve) and not isinstance(obj, LTLine)):
            if x1 - x0 >= 20 and bottom - top >= 12:
                figures.append((x0, top, x1, bottom))
    return glyphs, figures


def baseline_rows(page_no: int, glyphs: list[Glyph]) -> list[Row]:
    """Glyphs grouped by baseline; then each row of small raised glyphs joins the row it stands on."""
    rows: list[list[Glyph]] = []
    recent: list[list[Glyph]] = []  # rows whose baseline is near the current glyph's
    for g in sorted(glyphs, key=lambda g: (round(g.base, 1), g.x0)):
        tol = max(0.8, 0.12 * g.size)
        recent = [r for r in recent if abs(r[0].base - g.base) <= tol]
        # Type of clearly different size on the same baseline is another row (a superscript of the
        # other column, a note number).  A space goes with type of its own size too: the spaces of
        # the other column, on nearly the same baseline, once made a raised note number a row of
        # body size that was no longer seen as a superscript.
        row = next((r for r in recent if SUP_SIZE < g.size / r[0].size < 1 / SUP_SIZE), None)
        if row is None and g.space and recent:
            row = min(recent, key=lambda r: abs(r[0].size - g.size))
        if row is None:
            row = [g]
            rows.append(row)
            recent.append(row)
        else:
            row.append(g)
    made = [Row(page_no, r) for r in rows if any(not g.space for g in r)]
    kept: list[Row] = []
    for row in made:
        host = _host(row, made)
        if host is None:
            kept.append(row)
            continue
        for g in row.glyphs:
            g.sup = True
        host.glyphs.extend(row.glyphs)
    for row in kept:
        row.glyphs.sort(key=lambda g: g.x0)
    return kept


def _host(row: Row, rows: list[Row]) -> Row | None:
    """The row this one is a superscript of: set smaller, its baseline raised into that row's type."""
    if any(g.sup for g in row.glyphs) or len([g for g in row.glyphs if not g.space]) > 4:
        return None
    size = max(g.size for g in row.glyphs if not g.space)
    best, dist = None, 0.0
    for other in rows:
        if other is row or any(g.sup for g in other.glyphs):
            continue
        osize = other.size
        raise_ = other.base - row.base
        if size <= SUP_SIZE * osize and 0.15 * osize <= raise_ <= 0.7 * osize:
            d = min(abs(g.x0 - row.x0) + abs(g.x1 - row.x1) for g in other.glyphs if not g.space) \
                if any(not g.space for g in other.glyphs) else 1e9
            d = min(min(abs(g.x1 - row.x0), abs(g.x0 - row.x1)) for g in other.main)
            if d <= osize and (best is None or d < dist):
                best, dist = other, d
    return best


def split_row(row: Row, at: float) -> tuple[Row | None, Row | None]:
    left = [g for g in row.glyphs if (g.x0 + g.x1) / 2 < at]
    right = [g for g in row.glyphs if (g.x0 + g.x1) / 2 >= at]
    mk = lambda gs, col: Row(row.page, gs, col=col) if any(not g.space for g in gs) else None
    return mk(left, 0), mk(right, 1)


def split_at_gaps(row: Row, gap: float) -> list[Row]:
    """A row cut where the space between two glyphs is wider than `gap` (a head with its page number)."""
    parts, cur = [], []
    for g in row.glyphs:
        if g.space:
            cur.append(g)
            continue
        vis = [x for x in cur if not x.space]
        if vis and g.x0 - vis[-1].x1 > gap:
            parts.append(cur)
            cur = []
        cur.append(g)
    parts.append(cur)
    return [Row(row.page, [g for g in p], col=row.col) for p in parts if any(not g.space for g in p)]


def set_text(row: Row) -> None:
    """The row's text: glyphs in order, a space where the PDF has one or where the gap is a word space;
    ligatures decomposed (NFKC, ligatures only), odd spaces read as spaces, soft hyphens inside the row
    removed (one at its end is a line-end hyphen, decided later); superscript digits located."""
    text, sups = "", []
    prev: Glyph | None = None
    pending_space = False
    for g in row.glyphs:
        if g.space:
            pending_space = True
            if g.text in ODD_SPACES:
                row.odd_spaces += 1
            continue
        if prev is not None:
            gap = g.x0 - prev.x1
            starting_sup = g.sup and not prev.sup
            if (pending_space or gap > WORD_GAP * min(g.size, prev.size)) and text and not text.endswith(" "):
                # A call glued to its word (`speelt.¹`) has no space; a note's own number is followed by one.
                if not (starting_sup and gap < 0.3 * prev.size and not pending_space):
                    text += " "
            elif prev.sup and not g.sup and sups and sups[-1][0] == 0 and not text.endswith(" "):
                text += " "  # a footnote's raised number set against its text
        pending_space = False
        ch = g.text
        if ch in LIGATURES:
            ch = unicodedata.normalize("NFKC", ch)
            row.ligatures += 1
        start = len(text)
        text += ch
        if g.sup and ch.isdigit():
            if sups and sups[-1][1] == start:
                sups[-1] = (sups[-1][0], len(text))
            else:
                sups.append((start, len(text)))
        prev = g
    # soft hyphens: keep one at the end (a line-end break), drop the others
    body, end = (text[:-1], text[-1:]) if text.endswith("\u00ad") else (text, "")
    if "\u00ad" in body:
        row.soft_hyphens += body.count("\u00ad")
        shifted = []
        for s, e in sups:
            shift = body[:s].count("\u00ad")
            shifted.append((s - shift, e - shift))
        sups = shifted
        body = body.replace("\u00ad", "")
    row.text = (body + end).strip()
    row.sups = sups


@dataclass
class PageLayout:
    page: int
    width: float
    height: float
    gutter: tuple[float, float] | None
    rows: list[Row]  # in reading order
    furniture: list[Row] = field(default_factory=list)  # set by the reader


def find_gutter(rows: list[Row], figures: list[tuple[float, float, float, float]], body: float
                ) -> tuple[float, float] | None:
    """A vertical strip in the middle of the text that (almost) only full-width rows cross."""
    if len(rows) < 3:
        return None
    left, right = min(r.x0 for r in rows), max(r.x1 for r in rows)
    width = right - left
    if width < 10 * body:
        return None
    lo, hi = int(left + 0.25 * width), int(left + 0.75 * width)
    cover = Counter()
    for r in rows:
        xs = set()
        for g in r.glyphs:
            if not g.space:
                xs.update(range(int(g.x0), int(g.x1) + 1))
        for x in xs:
            if lo <= x <= hi:
                cover[x] += 1
    counts = [cover[x] for x in range(lo, hi + 1)]
    least = min(counts)
    if least > 0.35 * len(rows):
        return None
    run, best = None, None
    for x in range(lo, hi + 2):
        inside = x <= hi and cover[x] <= least + max(1, 0.03 * len(rows))
        if inside and run is None:
            run = x
        elif not inside and run is not None:
            if best is None or x - run > best[1] - best[0]:
                best = (run, x - 1)
            run = None
    if best is None or best[1] - best[0] < 0.5 * body:
        return None
    g0, g1 = best
    if g0 - left < MIN_COLUMN * body or right - g1 < MIN_COLUMN * body:
        return None  # word spaces that line up in a narrow column, not a gutter
    lefts = sum(1 for r in rows if any(not g.space and g.x1 <= g0 + 1 for g in r.glyphs))
    rights = sum(1 for r in rows if any(not g.space and g.x0 >= g1 - 1 for g in r.glyphs))
    if lefts < 3 or rights < 3:
        return None
    return float(g0), float(g1)


def crosses(row: Row, gutter: tuple[float, float]) -> bool:
    g0, g1 = gutter
    return any(not g.space and g.x1 > g0 + 0.5 and g.x0 < g1 - 0.5 for g in row.glyphs)


def reading_order(rows: list[Row], gutter: tuple[float, float] | None,
                  figures: list[tuple[float, float, float, float]]) -> list[Row]:
    """Band after band (a band ends at a row or picture across the gutter), left column then right."""
    rows = sorted(rows, key=lambda r: r.base)
    if gutter is None:
        for r in rows:
            r.col = -1
        return rows
    mid = (gutter[0] + gutter[1]) / 2
    # Pictures across the gutter cut the page into bands, like full-width rows.
    cuts = sorted((top, bottom) for x0, top, x1, bottom in figures if x0 < gutter[0] and x1 > gutter[1])
    out: list[Row] = []
    band: list[Row] = []

    def flush() -> None:
        out.extend(sorted((r for r in band if r.col == 0), key=lambda r: r.base))
        out.extend(sorted((r for r in band if r.col == 1), key=lambda r: r.base))
        band.clear()

    ci = 0
    for r in rows:
        while ci < len(cuts) and cuts[ci][1] <= r.top:
            flush()
            ci += 1
        if crosses(r, gutter):
            flush()
            r.col = -1
            out.append(r)
            continue
        left, right = split_row(r, mid)
        band.extend(p for p in (left, right) if p is not None)
    flush()
    return out

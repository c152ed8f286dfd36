"""Stage 2 – layout: recognise, per region, how the raw text is laid out, from its shape alone.

A text may mix layouts (a web copy with a poem in it, a pasted column of wrapped text), so the
layout is decided per region, not once per text:

* `wrapped` – hard-wrapped column text (PDF extraction, `fmt`): paragraphs span several lines that
  fill a common column width;
* `line`    – one paragraph a line, hardly any blank lines;
* `blank`   – one paragraph a line, paragraphs separated by blank lines;
* `verse`   – lines of a poem: runs of short lines (much shorter than the prose lines of the same
  text) with a common rhythm and breaks that the column width did not force; kept line by line,
  stanzas where the gap between lines grows.

Order of the evidence: verse first (its short, run-on lines must not be taken for a narrow column),
then the column width from the remaining run-on line ends, then each run of lines between blank
lines is cut where its lines stop fitting that width and each piece is judged by its line ends.
Regions whose layout was a close call are doubtful decisions that name the alternative; the YAML
(`layout:`) overrides the whole text or a quoted region (`layoutops.py`).

`doc.regions` holds the regions in reading order (reflow reads them); `doc.layout` is the layout
of most of the text (for the stages that still reason per text).  A non-empty `doc.layout` before
this stage is the editors' whole-text override (`pipeline.clean_text(layout=…)`).
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field

from edition.cleaning.lineshape import HYPHEN_END, LIST_MARK, first_word, runs_on
from edition import dutch
from edition.model import Document, Line

WRAPPED = "wrapped"
LINE = "line"
BLANK = "blank"
VERSE = "verse"
LAYOUTS = (WRAPPED, LINE, BLANK, VERSE)
LABELS = {WRAPPED: "hard afgebroken kolomtekst", LINE: "één alinea per regel",
          BLANK: "alinea's met witregels", VERSE: "verzen (regels en strofen behouden)"}

# Verse: at least this many lines, each at most this share of the text's prose line length.
VERSE_MIN_LINES = 3
VERSE_SHORT = 0.8
VERSE_MAX_WORDS = 12  # median words a line; more is prose or a list of notes
VERSE_MIN_WORDS = 2  # fewer: share buttons, menu items, single names
VERSE_MAX_CHARS = 70  # median characters a line
VERSE_LINE_MAX = 90  # characters of the longest verse line
VERSE_OUTLIER = 1.6  # a first or last line this much longer than the others' median is not of the poem
VERSE_SYLLABLE_SPREAD = 0.45  # coefficient of variation of syllables a line ("a common rhythm")
VERSE_FREE_BREAKS = 0.3  # share of line ends where the next word would have fitted
VERSE_CLOSED_ENDS = 0.3  # share of lines ending in punctuation, without a colon or quotes before
_LINE_END_PUNCT = re.compile(r"[.,;:!?…’”\"»–—-]$")
_ENUMERATED = re.compile(r"^\(?\d+[.)]\s")
_SYLLABLE = re.compile(r"[aeiouyàáâäèéêëìíîïòóôöùúûü]+", re.IGNORECASE)
_OPEN_QUOTES = "‘“\"'«„"
_CLOSE_QUOTES = "’”\"'»"
# Wrapped text: a run-on share at least this (between the two: doubtful).
WRAP_SHARE = 0.2
WRAP_SURE = 0.35
LONG_LINE = 2.0  # a line this much longer than the column width was not wrapped at that width
# Without a column width for the whole text, lines up to this long may still be a wrapped passage
# (a quoted e-mail in a web copy); plain-text and extracted columns are rarely wider.
NO_COLUMN_MAX = 100
SHORT_PIECE = 4  # fewer lines than this (a heading, a short list item) say little about a layout
FULL = 0.85  # a line is full when the next word would not fit in this share of the width


@dataclass
class Region:
    """Consecutive source lines with one layout; `lines` includes the blank lines inside it and
    those before its first line (so a block knows whether a blank line preceded it)."""

    layout: str
    lines: list[Line]
    doubtful: bool = False
    why: str = ""
    alternative: str = ""
    stanza_starts: set[int] = field(default_factory=set)  # verse: lines that begin a new stanza
    width: int = 0  # wrapped: the column width

    @property
    def first(self) -> int:
        return next(l.no for l in self.lines if l.text)

    @property
    def last(self) -> int:
        return next(l.no for l in reversed(self.lines) if l.text)


def runs(lines):
    """Consecutive non-blank lines, as lists."""
    out, cur = [], []
    for line in lines:
        if line.text:
            cur.append(line)
        elif cur:
            out.append(cur)
            cur = []
    if cur:
        out.append(cur)
    return out


@dataclass
class _Item:
    """A non-blank line with the number of blank lines before it."""

    line: Line
    gap: int

    @property
    def text(self) -> str:
        return self.line.text


def _items(lines: list[Line]) -> list[_Item]:
    out, gap = [], 0
    for line in lines:
        if not line.text:
            gap += 1
            continue
        out.append(_Item(line, gap))
        gap = 0
    return out


def _percentile(values: list[int], share: float) -> int:
    values = sorted(values)
    return values[int(share * (len(values) - 1))] if values else 0


def _median_length(items: list[_Item]) -> float:
    return statistics.median(len(it.text) for it in items)


def _fits(a: str, b: str, width: int) -> bool:
    """Would the first word of `b` have fitted at the end of `a` (a break the width did not force)?"""
    return len(a) + 1 + len(first_word(b)) <= width


def stanza_starts(items: list[_Item]) -> set[int]:
    """Lines after a gap wider than the usual gap between the lines (a stanza break)."""
    gaps = [it.gap for it in items[1:]]
    usual = min(gaps) if gaps else 0
    return {it.line.no for it in items[1:] if it.gap > usual}


# --- verse --------------------------------------------------------------------------------------

def _verse_like(text: str, limit: float) -> bool:
    return (len(text) <= limit and not LIST_MARK.match(text) and not _ENUMERATED.match(text)
            and len(text.split()) >= 1)


def _rhythm(items: list[_Item], width: int | None) -> tuple[bool, str]:
    """Do these short lines read as verse: a common rhythm, breaks the width did not force?"""
    texts = [it.text for it in items]
    words = [len(t.split()) for t in texts]
    syllables = [max(1, len(_SYLLABLE.findall(t))) for t in texts]
    mean = statistics.mean(syllables)
    spread = statistics.pstdev(syllables) / mean
    # In a column of wrapped prose, verse lines end where the column did not force them to; without
    # such a column (prose one paragraph a line) every line end is deliberate.
    pairs = max(len(texts) - 1, 1)
    local = max(len(t) for t in texts)
    free = max(sum(_fits(a, b, width or local) for a, b in zip(texts, texts[1:])) / pairs,
               # Or the line ends close a phrase: wrapped prose breaks anywhere, verse at its pauses.
               sum(bool(_LINE_END_PUNCT.search(t)) for t in texts) / len(texts))
    if not VERSE_MIN_WORDS <= statistics.median(words) <= VERSE_MAX_WORDS:
        return False, "woorden per regel"
    if statistics.median(len(t) for t in texts) > VERSE_MAX_CHARS:
        return False, "regellengte"
    if spread > VERSE_SYLLABLE_SPREAD:
        return False, "ritme"
    if sum(bool(re.search(r"\d", t)) for t in texts) > len(texts) / 3:
        return False, "cijfers"
    if free < VERSE_FREE_BREAKS:
        return False, "regeleinden door de kolombreedte"
    why = f"{len(texts)} korte regels (gemiddeld {mean:.0f} lettergrepen, spreiding {spread:.0%})"
    if width:
        why += f", {free:.0%} van de regeleinden niet door de kolombreedte ({width} tekens) afgedwongen"
    return True, why


def find_verse(items: list[_Item], width: int | None) -> list[tuple[int, int, bool, str]]:
    """(first index, end index, doubtful, why) of every run of items that reads as verse."""
    lengths = [len(it.text) for it in items]
    # The prose line length: the column width where there is one.  In a short text a poem can be a
    # quarter of the lines, and the 75th percentile alone then falls on a verse line (a 29-line
    # blog post with an eight-line poem measured the poem against 49 characters and found none).
    # Without a column (one paragraph a line), a line longer than any verse line is prose: a short
    # text can have more lines of verse than paragraphs around it (in a long one the 75th
    # percentile is prose).
    longest = max(lengths, default=0)
    prose = max(_percentile(lengths, 0.75), width or (longest if VERSE_SHORT * longest > VERSE_LINE_MAX else 0))
    limit = min(VERSE_SHORT * prose, VERSE_LINE_MAX)
    out, i = [], 0
    while i < len(items):
        if not _verse_like(items[i].text, limit):
            i += 1
            continue
        # The last line of a wrapped paragraph is short too: a line the previous one runs into
        # (without a blank line between) continues that paragraph.
        if i > 0 and items[i].gap == 0 and not _verse_like(items[i - 1].text, limit) \
                and runs_on(items[i - 1].text, items[i].text):
            i += 1
            continue
        j = i + 1
        while j < len(items) and items[j].gap <= 2 and _verse_like(items[j].text, limit):
            j += 1
        run = items[i:j]
        # A single line cut off by a stanza gap at either end is a heading or a poem's title.
        starts = stanza_starts(run)
        while len(run) > VERSE_MIN_LINES and starts and run[1].line.no in starts and len(starts) > 1:
            run, i = run[1:], i + 1
            starts = stanza_starts(run)
        while len(run) > VERSE_MIN_LINES and starts and run[-1].line.no in starts and len(starts) > 1:
            run, j = run[:-1], j - 1
            starts = stanza_starts(run)
        # A first or last line far longer than the poem's own lines is the sentence that leads
        # into it or follows it ("Zij schreef het zo op, in haar schrift van die zomer.").
        while len(run) > VERSE_MIN_LINES and len(run[0].text) > VERSE_OUTLIER * _median_length(run[1:]):
            run, i = run[1:], i + 1
        while len(run) > VERSE_MIN_LINES and len(run[-1].text) > VERSE_OUTLIER * _median_length(run[:-1]):
            run, j = run[:-1], j - 1
        before = items[i - 1].text if i > 0 else ""
        quoted = run[0].text[:1] in _OPEN_QUOTES and run[-1].text.rstrip(".,;!?")[-1:] in _CLOSE_QUOTES
        after_colon = before.endswith(":")
        # Without a colon or quotes before it, a run needs more lines, and line ends that close a
        # phrase: a heading set on three narrow lines runs on at every line end ("Bouw aan
        # onafhankelijke / arbeidersverdediging en / verzet tegen de invasie").
        closed = sum(bool(_LINE_END_PUNCT.search(it.text)) for it in run) / max(len(run), 1)
        enough = len(run) >= (VERSE_MIN_LINES if after_colon or quoted else VERSE_MIN_LINES + 1)
        if not (after_colon or quoted) and closed < VERSE_CLOSED_ENDS:
            enough = False
        ok, why = (_rhythm(run, width) if enough else (False, ""))
        if ok:
            evidence = []
            if after_colon:
                evidence.append("na een dubbele punt")
            if quoted:
                evidence.append("tussen aanhalingstekens")
            if len(stanza_starts(run)) and items[i].gap <= min((it.gap for it in run[1:]), default=0):
                evidence.append(f"{len(stanza_starts(run)) + 1} strofen")
            doubtful = not (after_colon or quoted) or len(run) < 4
            if i == 0 and not evidence:
                ok = False  # the first lines of a text are its title, byline, date
            why += ("; " + ", ".join(evidence)) if evidence else "; zonder inleidende dubbele punt of aanhalingstekens"
        if ok:
            out.append((i, j, doubtful, why))
        i = j  # a run that is not verse is not verse from its second line on either
    return out


# --- column width and prose layouts ---------------------------------------------------------------

def column_width(items: list[_Item], above: float = 0) -> int | None:
    """The column width of hard-wrapped text: the 90th percentile of the lines (longer than `above`)
    that run on into the next one; None when too few lines run on for there to be a column."""
    # A word broken at a line end before a blank line (a column or page break) witnesses too.
    widths = [len(a.text) for a, b in zip(items, items[1:])
              if (b.gap == 0 or HYPHEN_END.search(a.text)) and runs_on(a.text, b.text) and len(a.text) > above]
    adjacent = sum(b.gap == 0 or HYPHEN_END.search(a.text) is not None for a, b in zip(items, items[1:]))
    if len(widths) < (3 if adjacent > 3 else 1):  # a text of three or four lines needs fewer witnesses
        return None
    return _percentile(widths, 0.9) if len(widths) >= 5 else max(widths)


def _judge(piece: list[_Item], width: int | None) -> tuple[str, bool, str] | None:
    """(layout, close call?, why) of lines without blank lines between them; None when no line
    end says anything (a break before a list item is one in every layout)."""
    pairs = [(a, b) for a, b in zip(piece, piece[1:]) if not LIST_MARK.match(b.text)]
    if not pairs:
        return None
    local = width is None
    if local and len(piece) >= SHORT_PIECE and max(len(it.text) for it in piece) <= NO_COLUMN_MAX:
        width = max(len(it.text) for it in piece)  # a wrapped passage in a text without a column
    share = sum(runs_on(a.text, b.text) for a, b in pairs) / len(pairs)
    full = sum(not _fits(a.text, b.text, int(FULL * width)) for a, b in pairs) / len(pairs) if width else 0.0
    why = f"{share:.0%} van de regels loopt door in de volgende"
    if width:
        why += f", {full:.0%} is vol (kolombreedte {width} tekens)"
    if not width:
        return LINE, False, why
    if local:
        wrapped = share >= WRAP_SHARE and full >= 0.5
        close = wrapped and (share < WRAP_SURE or full < 0.65)
    else:
        # In a text with a column, full lines are wrapped lines even when every next line begins
        # with a capital (names); lines with room that end sentences are one paragraph each.
        wrapped = full >= 0.5 or share >= WRAP_SURE
        close = 0.35 <= full < 0.65 and share < WRAP_SURE or not wrapped and share >= WRAP_SHARE
    return (WRAPPED if wrapped else LINE), close, why


def _pieces(items: list[_Item], width: int | None) -> list[list[_Item]]:
    """Runs of lines without blank lines between them, cut where lines stop fitting the width."""
    out: list[list[_Item]] = []
    limit = LONG_LINE * width if width else NO_COLUMN_MAX
    for it in items:
        long = len(it.text) > limit
        if out and it.gap == 0:
            prev_long = len(out[-1][-1].text) > limit
            if long == prev_long:
                out[-1].append(it)
                continue
        out.append([it])
    return out


def segment(lines: list[Line]) -> tuple[list[Region], int | None]:
    items = _items(lines)
    # For finding verse, the column is measured on lines longer than verse lines: the run-on ends of
    # a poem's own lines must not make a narrow column of a web copy.
    lengths = [len(it.text) for it in items]
    width = column_width(items, min(VERSE_SHORT * _percentile(lengths, 0.75), VERSE_LINE_MAX))
    if width is not None and sum(n for n in lengths if n > LONG_LINE * width) >= sum(lengths) / 3:
        # A third of the text in lines far wider than that "column": one-line paragraphs around
        # short lines that run on (a poem in a short web copy), not a column of the text.
        width = None
    verse = find_verse(items, width)
    in_verse = {k for i, j, _, _ in verse for k in range(i, j)}
    prose = [it for k, it in enumerate(items) if k not in in_verse]
    width = column_width(prose)  # again, without the verse lines' run-on ends
    # Layout of each item index.
    layout: dict[int, str] = {}
    notes: dict[int, tuple[bool, str, str]] = {}  # first index of a piece → (doubtful, why, alternative)
    index = {id(it): k for k, it in enumerate(items)}
    stretch: list[_Item] = []

    def judge_stretch():
        for piece in _pieces(stretch, width):
            ks = [index[id(it)] for it in piece]
            if len(piece) == 1 or (len(piece) < SHORT_PIECE and width is not None
                                   and all(len(it.text) <= LONG_LINE * width for it in piece)):
                for k in ks:
                    layout[k] = ""  # too few lines to judge: decided by its neighbours
                continue
            if width is not None and len(piece[0].text) > LONG_LINE * width:
                for k in ks:  # lines far longer than the column: not wrapped at it
                    layout[k] = LINE
                notes[ks[0]] = (False, f"regels veel langer dan de kolombreedte ({width} tekens)", WRAPPED)
                continue
            judged = _judge(piece, width)
            if judged is None:
                for k in ks:
                    layout[k] = ""
                continue
            kind, close, why = judged
            for k in ks:
                layout[k] = kind
            alternative = LINE if kind == WRAPPED else WRAPPED
            notes[ks[0]] = (close, why, alternative)
        stretch.clear()

    for k, it in enumerate(items):
        if k in in_verse:
            judge_stretch()
            layout[k] = VERSE
        else:
            stretch.append(it)
    judge_stretch()
    # Single lines between blank lines: wrapped text when a wrapped piece is next to them and
    # they fit its width (a column break, a short paragraph), else a paragraph of their own.
    k = 0
    while k < len(items):
        if layout[k]:
            k += 1
            continue
        end = k
        while end < len(items) and not layout[end]:
            end += 1
        sides = [layout[n] for n in (k - 1, end) if 0 <= n < len(items) and layout[n] != VERSE]
        fits = width is not None and all(len(it.text) <= LONG_LINE * width for it in items[k:end])
        kind = WRAPPED if fits and (WRAPPED in sides or not sides) else LINE
        for n in range(k, end):
            layout[n] = kind
        k = end
    # Group into regions; blank lines before a region's first line belong to it.
    regions: list[Region] = []
    verse_at = {i: (doubtful, why) for i, _, doubtful, why in verse}
    by_no = {l.no: pos for pos, l in enumerate(lines)}
    for k, it in enumerate(items):
        kind = layout[k]
        start_pos = by_no[items[k - 1].line.no] + 1 if k > 0 else 0
        span = lines[start_pos: by_no[it.line.no] + 1]
        if regions and regions[-1].layout == kind and not (kind == VERSE and k in verse_at):
            regions[-1].lines.extend(span)
            if k in notes and (notes[k][0] or not regions[-1].why) and not regions[-1].doubtful:
                regions[-1].doubtful, regions[-1].why, regions[-1].alternative = notes[k]
            continue
        region = Region(kind, list(span), width=width or 0)
        if k in verse_at:
            region.doubtful, region.why = verse_at[k]
            region.alternative = "aparte alinea's"
        elif k in notes:
            region.doubtful, region.why, region.alternative = notes[k]
        regions.append(region)
    for region in regions:
        if region.layout == VERSE:
            region.stanza_starts = stanza_starts(_items(region.lines))
        elif region.layout == LINE:
            its = _items(region.lines)
            if len(its) > 1 and sum(it.gap > 0 for it in its[1:]) >= 0.5 * (len(its) - 1):
                region.layout = BLANK
    return regions, width


def _dominant(regions: list[Region]) -> str:
    counts: dict[str, int] = {}
    for r in regions:
        if r.layout != VERSE:
            counts[r.layout] = counts.get(r.layout, 0) + sum(len(l.text) for l in r.lines)  # by amount of text
    return max(counts, key=counts.get) if counts else VERSE


def forced_regions(lines: list[Line], layout: str) -> list[Region]:
    """The editors' layout for these lines (whole text or a quoted region), verse with its stanzas."""
    items = _items(lines)
    region = Region(layout, list(lines), width=column_width(items) or max((len(l.text) for l in lines), default=0))
    if layout == VERSE:
        region.stanza_starts = stanza_starts(items)
    return [region]


def detect_layout(doc: Document) -> None:
    lines = doc.text_lines()
    forced = doc.layout
    if forced:
        if forced == VERSE:
            doc.regions = forced_regions(lines, VERSE)
        else:
            regions, width = segment(lines)
            # The override sets the layout of the prose; verse found in it stays verse.
            for r in regions:
                if r.layout != VERSE:
                    r.layout, r.doubtful, r.width = forced, False, width or max(len(l.text) for l in r.lines)
            doc.regions = _merge(regions)
        doc.decide("layout", 1, f"opmaak ‘{forced}’ ({LABELS[forced]}) opgelegd door het YAML-bestand (layout: {forced})",
                   layout=forced, forced=True)
        doc.layout = forced if forced != VERSE else VERSE
        return
    regions, width = segment(lines)
    doc.regions = regions
    doc.layout = _dominant(regions)
    prose_layouts = {r.layout for r in regions if r.layout != VERSE}
    single = len(regions) == 1
    for r in regions:
        span = f"regels {r.first}–{r.last}" if r.first != r.last else f"regel {r.first}"
        where = "de hele tekst" if single else span
        message = f"opmaak van {where} herkend als ‘{r.layout}’ ({LABELS[r.layout]})"
        if r.why:
            message += f": {r.why}"
        elif r.layout in (LINE, BLANK):
            n = sum(1 for l in r.lines if l.text)
            blank = sum(1 for l in r.lines if not l.text)
            message += f": {dutch.count(n, 'regel', 'regels')} en {dutch.count(blank, 'lege regel', 'lege regels')}"
        doubtful = r.doubtful
        # A text that mixes wrapped lines and one-paragraph lines: each minority region is a guess.
        if WRAPPED in prose_layouts and len(prose_layouts) > 1 and r.layout != VERSE and r.layout != doc.layout:
            doubtful = True
            r.alternative = r.alternative or doc.layout
        if doubtful:
            alt = r.alternative or (LINE if r.layout == WRAPPED else WRAPPED)
            message += (f"; twijfel: het kan ook {alt} zijn. Leg het vast met ‘layout:’ in het YAML-bestand "
                        f"(bijvoorbeeld - quote: … / as: {r.layout if r.layout in LAYOUTS else alt}) of bevestig het")
        doc.decide(VERSE if r.layout == VERSE else "layout", r.first, message, doubtful=doubtful, layout=r.layout,
                   first=r.first, last=r.last, alternative=r.alternative or None,
                   **({"width": width} if r.layout == WRAPPED and width else {}))


def _merge(regions: list[Region]) -> list[Region]:
    out: list[Region] = []
    for r in regions:
        if out and out[-1].layout == r.layout and r.layout != VERSE:
            out[-1].lines.extend(r.lines)
        else:
            out.append(r)
    return out

"""Stage 1b – page structure of extracted text: page breaks, running heads and feet, page numbers.

Text that `pdftotext` took from a PDF holds a form feed after every page (`normalise` turns them into
`Line.page`), and at the edges of every page the typesetter's furniture: a running head or foot (the
title, a chapter, the current section, often with the page number) and page numbers (`3`, `- 3 -`,
`p. 3`, `3/12`).  They are no part of the text, so each such line is removed by a named rule
(`running-head`, `page-number`) with `Document.drop_line`: it stays in `doc.lines`, the fidelity check
accounts for its words and the apparatus lists it.  Once they are gone, the page break no longer
separates a paragraph, and `reflow` joins it (and the word broken across it) as across a column
break.  Reading order stays as received.

Evidence, strongest first:

* a page number is a lone number at a page edge whose value runs with the page (page + a fixed
  offset on most pages); without such an edge number, the same value standing alone (blank lines
  around it) elsewhere on that page – where `pdftotext` puts a number from the right-hand side of a
  running head;
* a running head is a short line at a page edge that recurs at the edges of other pages, identical
  or identical up to digits (`HOOFDSTUK 2 17`), or that begins or ends with such a recurring part
  (`Wat blijft Oorlog in Oekraïne`, the current section before the title);
* between the edge and such a line, a short line that repeats a line found elsewhere in the text
  (the section title a running head copies) belongs to it.

A text without form feeds (a copy of `pdftotext` output whose form feeds were lost) has no page
edges: there short lines that recur at regular intervals, and the lone numbers next to them, are
taken for running heads and page numbers as doubtful decisions.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import pairwise

from edition.errors import Problem
from edition.cleaning.lineshape import HYPHEN_END, TERMINAL
from edition.model import Document, Line

# A page number alone on its line: 3 · - 3 - · – 3 – · [3] · (3) · p. 3 · blz. 3 · pagina 3 · 3/12 ·
# 3 van 12 · iii.  Group 1 is the number.
PAGE_NUMBER = re.compile(
    r"^(?:[-–—]\s*)?[\[(]?(?:(?:p|pp|blz|pag|pagina|page|s)\.?\s*)?(\d{1,4}|[ivxlc]{1,7})[\])]?"
    r"(?:\s*(?:/|van|of)\s*\d{1,4})?(?:\s*[-–—])?$", re.IGNORECASE)
_DIGITS = re.compile(r"\d+")
_OF_TOTAL = re.compile(r"^(\d{1,4})\s*(?:/|van|of)\s*(\d{1,4})$", re.IGNORECASE)
_EDGE_FIGURE = re.compile(r"^(\d{1,4})\s|\s(\d{1,4})$")
_WORDS = re.compile(r"\w+")
# Lines looked at from each edge of a page: a head and a foot take one to three lines in pdftotext
# output (title, section, page number), and a footnote is not furniture.
EDGE_DEPTH = 4
HEAD_MAX_WORDS = 12
HEAD_MAX_CHARS = 90
AFFIX_MIN_CHARS = 8
# Without form feeds: how often a line must recur, how far apart and how regularly, to be a head.
REPEAT_MIN = 3
REPEAT_MIN_GAP = 12
REPEAT_SPREAD = (0.4, 1.6)  # every gap within these multiples of the median gap
NEAR_HEAD = 2  # non-blank lines between a recurring head and the page number that goes with it


def key(text: str) -> str:
    """A line as a running head is compared: case and spaces ignored, every number the same."""
    return " ".join(_DIGITS.sub("#", text.lower()).split())


def page_number_value(text: str) -> int | None:
    m = PAGE_NUMBER.match(text)
    if not m:
        return None
    n = m.group(1)
    if n.isdigit():
        return int(n)
    return _roman(n.lower())


def _roman(s: str) -> int | None:
    values = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
    total, prev = 0, 0
    for c in reversed(s):
        v = values[c]
        total, prev = (total - v, prev) if v < prev else (total + v, v)
    # Only well-formed numerals (so "civil" or "lic" is not one: the pattern allows no such words, but
    # "il" or "vx" would pass the sum).
    return total if total and to_roman(total) == s else None


def to_roman(n: int) -> str:
    """`n` (1–3999) in lower-case Roman numerals (page numbers, the items of `<ol type="i">`)."""
    out = ""
    for v, s in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
                 (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= v:
            out, n = out + s, n - v
    return out


def _short(text: str) -> bool:
    return (len(text) <= HEAD_MAX_CHARS and len(_WORDS.findall(text)) <= HEAD_MAX_WORDS
            and not HYPHEN_END.search(text) and any(c.isalpha() for c in text))


def _affixes(text: str) -> set[str]:
    """Word-aligned beginnings and ends of a line (keyed), long enough to mean something."""
    words = text.split()
    out = set()
    for i in range(1, len(words)):
        for part in (" ".join(words[:i]), " ".join(words[i:])):
            if len(part) >= AFFIX_MIN_CHARS and " " in part and sum(c.isalpha() for c in part) >= 4:
                out.add(key(part))
    return out


@dataclass
class Found:
    line: Line
    rule: str  # running-head | page-number
    why: str  # Dutch
    doubtful: bool = False


def editors_page_op(doc: Document, line: Line) -> dict | None:
    """The editors' `page_lines` decision for this line (its text equals the quote), if any; the
    readers of laid-out formats ask it too (a PDF's running heads, a web page's dropped blocks)."""
    for op in doc.page_ops:
        if " ".join(op["quote"].split()) == " ".join(line.text.split()):
            op["matched"] += 1
            return op
    return None


def _drop(doc: Document, found: list[Found]) -> None:
    for f in sorted(found, key=lambda f: f.line.no):
        if f.line.no in doc.dropped:
            continue
        label = "kop- of voetregel" if f.rule == "running-head" else "paginanummer"
        op = editors_page_op(doc, f.line)
        if op is not None and op["as"] == "keep":
            doc.decide("page-line-kept", f.line.no, f"{label} ‘{f.line.text}’ behouden op besluit van de redactie "
                                                    f"({op['where']}: {op['reason']})")
            continue
        d = doc.drop_line(f.line.no, f.rule, f"{label} ‘{f.line.text}’ weggelaten: {f.why}", doubtful=f.doubtful,
                          page=f.line.page)
        if op is not None:
            d.data["confirmed"] = f"{op['where']}: {op['reason']}"


def unmatched_page_ops(doc: Document) -> list[Problem]:
    """`page_lines` decisions that met no line the page structure stage considered."""
    return [Problem(op["where"], f"page_lines: geen kop- of voetregel of paginanummer ‘{op['quote'][:60]}’ gevonden.",
                    "Citeer de hele regel precies zoals hij in de bron staat (zie het controlerapport).")
            for op in doc.page_ops if not op["matched"]]


def page_structure(doc: Document) -> None:
    pages: dict[int, list[Line]] = defaultdict(list)
    for line in doc.text_lines():
        if line.text:
            pages[line.page].append(line)
    if len(pages) > 1:
        _with_page_breaks(doc, pages)
    else:
        _without_page_breaks(doc)


# --- pages marked by form feeds ----------------------------------------------------------------------

def _with_page_breaks(doc: Document, pages: dict[int, list[Line]]) -> None:
    numbers = sorted(pages)
    starts = [pages[p][0].no for p in numbers[1:]]
    doc.decide("pages", starts[0],
               f"{len(numbers)} pagina's gevonden (paginawissels, form feeds, vóór regel "
               f"{', '.join(map(str, starts[:10]))}{' …' if len(starts) > 10 else ''}): kop- en voetregels en "
               "paginanummers aan de paginaranden worden weggelaten, de tekst loopt over de paginawissel door",
               pages=len(numbers), breaks=starts, count=len(numbers))
    edges = {p: _edges(lines) for p, lines in pages.items()}
    found = _page_numbers(pages, edges)
    taken = {f.line.no for f in found}
    found += _running_heads(doc, pages, edges, taken)
    _drop(doc, found)
    _unglue_note_numbers(doc)
    _move_page_foot_notes(doc)


# A footnote at the foot of a page as pdftotext -raw gives it: its number alone on a line (or the
# number and the text), then its text, up to the page's end.
_NOTE_START = re.compile(r"^(\d{1,2})[.)]?(?:\s+(\S.*))?$")  # "1 …", "1. …" (WeasyPrint's marker), "1) …"
MAX_NOTE_LINES = 12


def _foot_notes(body: list[Line]) -> tuple[int, list[int], int] | None:
    """(index in `body` where the page's foot notes start, their numbers, index where they end), or
    None: from a line that starts a note, the lines up to the page end are note text, and the numbers
    rise. Where the page has blank lines (pdftotext's default mode sets one between its blocks), a
    note is its number and one block of text: a block after the notes that starts no next note is
    running text that pdftotext put below them (the top of the next column), and stays."""
    for k in range(max(1, len(body) - MAX_NOTE_LINES), len(body)):
        m = _NOTE_START.match(body[k].text)
        if not m:
            continue
        numbers = [int(m.group(1))]
        for line in body[k + 1:]:
            n = _NOTE_START.match(line.text)
            if n and int(n.group(1)) == numbers[-1] + 1:
                numbers.append(int(n.group(1)))
        if any(any(c.isalpha() for c in line.text) for line in body[k:]):
            return k, numbers, _notes_end(body, k)
    return None


def _source_no(line: Line) -> int:
    return line.origin or line.no


def _notes_end(body: list[Line], k: int) -> int:
    blocks: list[list[int]] = []  # indexes in body, one list per run of lines without a blank between
    for i in range(k, len(body)):
        if blocks and _source_no(body[i]) == _source_no(body[blocks[-1][-1]]) + 1:
            blocks[-1].append(i)
        else:
            blocks.append([i])
    if len(blocks) == 1:
        return len(body)
    expected, b = None, 0
    while b < len(blocks):
        m = _NOTE_START.match(body[blocks[b][0]].text)
        if not m or (expected is not None and int(m.group(1)) != expected):
            return blocks[b][0]
        expected = int(m.group(1)) + 1
        # A number alone, its text in the next block (the superscript number is a block of its own).
        alone = m.group(2) is None and len(blocks[b]) == 1
        b += 2 if alone else 1
    return len(body)


# `sa2`: a word broken at the foot of a column with the footnote's number glued to its first half.
_GLUED_NUMBER = re.compile(r"(?<=[^\W\d_][^\W\d_A-Z])(\d{1,2})$")


def _unglue_note_numbers(doc: Document) -> None:
    """pdftotext's default mode joins a word broken at the end of a column's last line with the next
    line, hyphen removed; where a footnote follows, that next line begins with the note's number:
    `…internationale sa2` / note text / page break / `menwerking groeide`. Where the number is called
    earlier in the text (`gebied.2`), note text fills the rest of the page and the next page goes on in
    lower case, the line is split (rule `glued-note-number`): the word gets back the line-end hyphen
    that pdftotext removed (a `-`: whether it is a break or a real hyphen, the hyphen rules decide, as
    for any line end), and the number starts the note, which `_move_page_foot_notes` then moves to the
    end of the text (`Document.split_line`; the fidelity check verifies that the pieces make up the line)."""
    by_page: dict[int, list[Line]] = defaultdict(list)
    for line in doc.text_lines():
        if line.text:
            by_page[line.page].append(line)
    pages = sorted(by_page)
    before_text = ""
    for page, nxt_page in pairwise(pages):
        body = by_page[page]
        for k in range(max(0, len(body) - MAX_NOTE_LINES - 1), len(body) - 1):
            line = body[k]
            m = _GLUED_NUMBER.search(line.text)
            rest = body[k + 1:]
            if not m or _foot_notes(body[:k + 1]) is not None:
                continue
            number = m.group(1)
            seen = before_text + " " + " ".join(l.text for l in body[:k]) + " " + line.text[:m.start()]
            called = re.search(rf"[^\W\d]{{2}}[.,;:]?{number}(?!\d)", seen)
            note_text = any(sum(c.isalpha() for c in l.text) >= 3 for l in rest) and \
                not any(_NOTE_START.match(l.text) and int(_NOTE_START.match(l.text).group(1)) <= int(number)
                        for l in rest)
            after = by_page[nxt_page][0]
            if not (called and note_text and after.text[:1].islower()):
                continue
            word = line.text[:m.start()].split()[-1]
            doc.split_line(line.no, m.start(), "glued-note-number",
                           f"‘{word}{number}’ aan de voet van pagina {page}: het eerste deel van een afgebroken woord "
                           f"(‘{word}’ … ‘{after.text.split()[0]}’ op pagina {nxt_page}) met het nummer van voetnoot "
                           f"{number} eraan vast, zoals pdftotext het leest; gesplitst: het woord krijgt het "
                           f"afbreekstreepje terug dat pdftotext wegliet, het nummer begint de noot (verwezen in ‘…{seen[max(0, called.end() - 30):called.end()].strip()}’)",
                           mark="-", number=number)
            break
        before_text += " " + " ".join(l.text for l in body)


def _with_blank_lines(doc: Document, notes: list[Line]) -> list[Line]:
    """The lines of moved notes, each note followed by the blank line that follows it in the source
    (if any), so that moved notes stay apart from each other and from the text after them."""
    out: list[Line] = []
    for i, line in enumerate(notes):
        out.append(line)
        if i + 1 == len(notes) or _NOTE_START.match(notes[i + 1].text):
            n = _source_no(line) + 1
            if n <= len(doc.lines) and doc.lines[n - 1].text == "" and not doc.lines[n - 1].origin:
                out.append(doc.lines[n - 1])
    return out


def _move_page_foot_notes(doc: Document) -> None:
    """Footnotes set at the foot of a page between the two halves of a paragraph (`sa-` / note /
    page break / `menwerking`) are moved, with a recorded rule, to the end of the text, where they
    read as the source's notes; the paragraph then runs on across the page break."""
    lines = doc.text_lines()
    by_page: dict[int, list[Line]] = defaultdict(list)
    for line in lines:
        if line.text:
            by_page[line.page].append(line)
    moved: list[Line] = []
    for page in sorted(by_page)[:-1]:
        body = by_page[page]
        foot = _foot_notes(body)
        nxt = by_page.get(page + 1)
        if foot is None or not nxt:
            continue
        k, numbers, end = foot
        before, after = body[k - 1], nxt[0]
        # Only where the note interrupts running text: the paragraph goes on on the next page.
        if TERMINAL.search(before.text) or not after.text[:1].islower():
            continue
        text_before = " ".join(l.text for p in sorted(by_page) if p <= page for l in by_page[p][:k] if l.no < body[k].no)
        called = all(re.search(rf"[^\W\d]{{2}}[.,;:]?{n}\b", text_before) for n in numbers)
        notes = body[k:end]
        moved += _with_blank_lines(doc, notes)
        doc.block_starts |= {l.no for l in notes if _NOTE_START.match(l.text)}
        doc.decide("move-page-foot-notes", notes[0].no,
                   f"voetnoot {', '.join(map(str, numbers))} onderaan pagina {page} (regels {_source_no(notes[0])}–"
                   f"{_source_no(notes[-1])}) naar het eind van de tekst verplaatst: ze staat midden in een alinea die op "
                   f"pagina {page + 1} doorloopt (‘{before.text[-20:]}’ / ‘{after.text[:20]}’)"
                   + ("" if called else "; de nootverwijzing is in de tekst niet gevonden"),
                   doubtful=not called, lines=[l.no for l in notes])
    if moved:
        # The last page's own foot notes already end the text: the moved ones go before them, so
        # that the notes stand in the order of their numbers.
        last = by_page[max(by_page)]
        foot = _foot_notes(last)
        tail = last[foot[0]:foot[2]] if foot is not None else []
        keep = {l.no for l in moved} | {l.no for l in tail}
        rest = [l.no for l in doc.reading_order() if l.no not in keep]
        doc.order = rest + [l.no for l in moved] + [l.no for l in tail]

def _edges(lines: list[Line]) -> tuple[list[Line], list[Line]]:
    """The first and the last lines of a page, each list from the edge inwards."""
    depth = min(EDGE_DEPTH, max(1, len(lines) // 2))
    return lines[:depth], lines[::-1][:depth]


def _page_numbers(pages: dict[int, list[Line]], edges) -> list[Found]:
    at_edge = []  # (page, line, value)
    for p, (top, bottom) in edges.items():
        for side in (top, bottom):
            # Only the outermost lines: a page number is at most behind one head line.
            for line in side[:2]:
                v = page_number_value(line.text)
                if v is not None:
                    at_edge.append((p, line, v))
    votes = [(p, l.no, v) for p, l, v in at_edge]
    # A number at either end of a short edge line ("HOOFDSTUK 2 17") votes for the offset too.
    for p, (top, bottom) in edges.items():
        for line in top[:2] + bottom[:2]:
            m = _EDGE_FIGURE.search(line.text)
            if m and page_number_value(line.text) is None and _short(line.text):
                votes.append((p, line.no, int(m.group(1) or m.group(2))))
    offsets = Counter(v - p for p, _, v in set(votes))
    found: list[Found] = []
    if offsets:
        offset, agree = offsets.most_common(1)[0]
    else:
        offset, agree = None, 0
    numbered_pages = set()
    for p, line, v in at_edge:
        if agree >= 2 and v - p == offset:
            found.append(Found(line, "page-number", f"getal aan de rand van pagina {p}, dat met de pagina's "
                                                    f"oploopt (op {agree} pagina's: paginanummer = pagina + {offset})"))
            numbered_pages.add(p)
        elif agree < 2 and len({q for q, _, _ in at_edge}) == 1 and line in (edges[p][0][0], edges[p][1][0]):
            found.append(Found(line, "page-number", f"los getal aan de rand van pagina {p}; te weinig pagina's om "
                                                    "te zien of het met de pagina's oploopt", doubtful=True))
            numbered_pages.add(p)
    if agree >= 2:
        # pdftotext may read the number on the right of a running head as a block of its own, before the
        # second column: then it stands alone somewhere on its page.
        for p, lines in pages.items():
            if p in numbered_pages:
                continue
            for line in lines:
                if page_number_value(line.text) == p + offset and _isolated_in(lines, line):
                    found.append(Found(line, "page-number",
                                       f"los getal {p + offset} op pagina {p}, het paginanummer van die pagina "
                                       f"(paginanummer = pagina + {offset} op {agree} pagina's); het staat niet aan de "
                                       "rand, maar apart tussen witregels, zoals pdftotext het getal uit een kopregel "
                                       "leest", doubtful=True))
                    break
    return found


def _isolated_in(page_lines: list[Line], line: Line) -> bool:
    """On its page, no non-blank line directly before or after it (the line numbers have a gap)."""
    i = page_lines.index(line)
    before = page_lines[i - 1].no if i > 0 else None
    after = page_lines[i + 1].no if i + 1 < len(page_lines) else None
    return (before is None or before < line.no - 1) and (after is None or after > line.no + 1)


def _running_heads(doc: Document, pages, edges, taken: set[int]) -> list[Found]:
    whole: dict[str, set[int]] = defaultdict(set)
    parts: dict[str, set[int]] = defaultdict(set)
    for p, (top, bottom) in edges.items():
        for line in {l.no: l for l in top + bottom}.values():
            if line.no in taken or not _short(line.text):
                continue
            whole[key(line.text)].add(p)
            for a in _affixes(line.text):
                parts[a].add(p)
    heads = {k for k, ps in whole.items() if len(ps) >= 2}
    affixes = {k for k, ps in parts.items() if len(ps) >= 2}
    # Lines that a running head may copy (section titles): the same text on another line.
    seen = Counter(l.text for l in doc.text_lines() if l.text)

    found: list[Found] = []
    for p, (top, bottom) in edges.items():
        for side in (top, bottom):
            verdicts = []
            for line in side:
                if line.no in taken:
                    verdicts.append(("taken", None))
                    continue
                if not _short(line.text):
                    break
                k = key(line.text)
                if k in heads:
                    n = len(whole[k])
                    verdicts.append(("head", Found(line, "running-head", f"korte regel aan de rand van pagina {p} "
                                                  f"die aan de rand van {n} pagina's terugkomt"
                                                  f"{' (op de cijfers na gelijk)' if _varies(pages, k) else ''}")))
                    continue
                hit = max((a for a in _affixes(line.text) if a in affixes), key=len, default=None)
                if hit:
                    rest = _rest(line.text, hit)
                    copy = seen[rest] >= 1
                    verdicts.append(("head", Found(line, "running-head",
                                                   f"regel aan de rand van pagina {p} met het terugkerende deel ‘{hit}’ "
                                                   f"(aan de rand van {len(parts[hit])} pagina's)"
                                                   + (f"; de rest, ‘{rest}’, staat elders als regel in de tekst "
                                                      "(een paragraaftitel in de kopregel)" if copy else ""),
                                                   doubtful=not copy)))
                    continue
                if seen[line.text] >= 2:
                    verdicts.append(("copy", Found(line, "running-head",
                                                   f"regel aan de rand van pagina {p} naast een kop- of voetregel, "
                                                   "gelijk aan een regel elders in de tekst (een paragraaftitel in de "
                                                   "kopregel)")))
                    continue
                if not verdicts and not TERMINAL.search(line.text):
                    # The outermost line, short, before a running head: the variable part of the head
                    # (pdftotext reads the left and the right of a head as two lines).
                    verdicts.append(("copy", Found(line, "running-head",
                                                   f"korte regel aan de uiterste rand van pagina {p}, vóór een kop- of "
                                                   "voetregel (het wisselende deel ervan, zoals een paragraaftitel)",
                                                   doubtful=True)))
                    continue
                break
            # Only up to the last line with real evidence: a copied title beyond it may be the heading
            # itself, where a section begins at the top of a page.
            last = max((i for i, (kind, _) in enumerate(verdicts) if kind in ("head", "taken")), default=-1)
            if not any(kind == "head" for kind, _ in verdicts[:last + 1]) and \
                    not any(kind == "taken" for kind, _ in verdicts[:last + 1]):
                continue
            found += [f for kind, f in verdicts[:last + 1] if f is not None]
    return [f for f in found if not _protected(doc, f)]


def _varies(pages, k: str) -> bool:
    return len({l.text for ls in pages.values() for l in ls if key(l.text) == k}) > 1


def _rest(text: str, affix_key: str) -> str:
    words = text.split()
    for i in range(1, len(words)):
        if key(" ".join(words[:i])) == affix_key:
            return " ".join(words[i:])
        if key(" ".join(words[i:])) == affix_key:
            return " ".join(words[:i])
    return ""


def _protected(doc: Document, f: Found) -> bool:
    """The first line of the text is its title even when a running head repeats it word for word."""
    first = next((l for l in doc.text_lines() if l.text), None)
    if first is not None and f.line.no == first.no and not _DIGITS.search(f.line.text):
        op = editors_page_op(doc, f.line)
        if op is not None and op["as"] == "drop":
            return False
        doc.decide("running-head-kept", f.line.no,
                   f"‘{f.line.text}’ keert als kop- of voetregel terug, maar is de eerste regel van de tekst en is "
                   "behouden (de titel); laat hem weg als het toch een kopregel is", doubtful=True)
        return True
    return False


# --- no form feeds: recurring lines at regular intervals --------------------------------------------

def _regular(positions: list[int]) -> bool:
    if len(positions) < REPEAT_MIN:
        return False
    gaps = [b - a for a, b in pairwise(positions)]
    median = statistics.median(gaps)
    lo, hi = REPEAT_SPREAD
    return median >= REPEAT_MIN_GAP and all(lo * median <= g <= hi * median for g in gaps)


def _without_page_breaks(doc: Document) -> None:
    lines = [l for l in doc.text_lines() if l.text]
    index = {l.no: i for i, l in enumerate(lines)}
    by_key: dict[str, list[Line]] = defaultdict(list)
    by_affix: dict[str, list[Line]] = defaultdict(list)
    for line in lines:
        # A running head begins with a capital or a figure and ends without a full stop; running text
        # in a narrow column has many short lines, so nothing weaker will do here.
        if _short(line.text) and not TERMINAL.search(line.text) and page_number_value(line.text) is None \
                and (line.text[0].isupper() or line.text[0].isdigit()):
            by_key[key(line.text)].append(line)
            for a in _affixes(line.text):
                by_affix[a].append(line)
    heads: dict[int, Found] = {}
    for ls in by_key.values():
        if _regular([l.no for l in ls]):
            for l in ls:
                heads[l.no] = Found(l, "running-head", f"korte regel die {len(ls)} keer op regelmatige afstand "
                                                       "terugkomt, zoals een kopregel; de bron heeft geen "
                                                       "paginawissels (form feeds) om dat zeker te weten",
                                    doubtful=True)
    for a, ls in sorted(by_affix.items(), key=lambda kv: -len(kv[0])):
        ls = [l for l in ls if l.no not in heads]
        # The varying part (the current section) recurs too: at least two of the lines are the same.
        same = Counter(key(l.text) for l in ls).most_common(1)
        if same and same[0][1] >= 2 and _regular(sorted({l.no for l in ls})):
            for l in ls:
                heads[l.no] = Found(l, "running-head", f"regel met het deel ‘{a}’, dat {len(ls)} keer op "
                                                       "regelmatige afstand terugkomt, zoals een kopregel; de bron "
                                                       "heeft geen paginawissels (form feeds)", doubtful=True)
    numbers: dict[int, Found] = {}
    for h in heads.values():
        if _carries_number(h, heads):
            continue  # "HOOFDSTUK 2 17": the page number is in the head itself
        i = index[h.line.no]
        for j in range(max(0, i - NEAR_HEAD), min(len(lines), i + NEAR_HEAD + 1)):
            cand = lines[j]
            if cand.no not in heads and page_number_value(cand.text) is not None:
                numbers[cand.no] = Found(cand, "page-number", f"los getal naast de terugkerende regel ‘{h.line.text}’ "
                                                              "(een paginanummer bij een kopregel)", doubtful=True)
    # Beside a head so found, a short line that repeats another line of the text: the section title
    # the head copies ("Wat blijft" / "Oorlog in Oekraïne").
    seen = Counter(l.text for l in lines)
    for h in list(heads.values()):
        i = index[h.line.no]
        for j in (i - 1, i + 1):
            if 0 <= j < len(lines):
                cand = lines[j]
                if cand.no not in heads and _short(cand.text) and seen[cand.text] >= 2 and \
                        page_number_value(cand.text) is None:
                    heads[cand.no] = Found(cand, "running-head", f"korte regel naast de terugkerende regel "
                                                                 f"‘{h.line.text}’, gelijk aan een regel elders in de "
                                                                 "tekst (een paragraaftitel in de kopregel)",
                                           doubtful=True)
    # "n/N" or "n van N" with one N throughout, counting up: page numbers wherever they stand.
    of_total: dict[str, list[Line]] = defaultdict(list)
    for l in lines:
        m = _OF_TOTAL.match(l.text)
        if m:
            of_total[m.group(2)].append(l)
    for total, ls in of_total.items():
        values = [int(_OF_TOTAL.match(l.text).group(1)) for l in ls]
        if len(ls) >= REPEAT_MIN and values == sorted(set(values)):
            for l in ls:
                numbers.setdefault(l.no, Found(l, "page-number", f"‘{l.text}’: een van {len(ls)} oplopende getallen "
                                                                 f"‘n/{total}’ (paginanummers); de bron heeft geen "
                                                                 "paginawissels (form feeds)", doubtful=True))
    _extend_chain(lines, numbers)
    # Without any recurring head: lone numbers that count up at regular intervals.  (With heads, a lone
    # number away from them may as well be a footnote mark: those are left to the editor.)
    if not heads:
        lone = [l for l in lines if page_number_value(l.text) is not None and l.no not in numbers]
        run: list[Line] = []
        for l in lone:
            if run and page_number_value(l.text) == page_number_value(run[-1].text) + 1:
                run.append(l)
                continue
            _take_counting(run, numbers)
            run = [l]
        _take_counting(run, numbers)
    # A short line between a page number and a head so found is part of the furniture too.
    for j in range(1, len(lines) - 1):
        cand, around = lines[j], (lines[j - 1].no, lines[j + 1].no)
        if cand.no not in heads and cand.no not in numbers and _short(cand.text) and \
                (cand.text[0].isupper() or cand.text[0].isdigit()) and \
                not TERMINAL.search(cand.text) and all(n in heads or n in numbers for n in around) and \
                any(n in heads for n in around):
            heads[cand.no] = Found(cand, "running-head", "korte regel tussen een paginanummer en een terugkerende "
                                                         "kopregel (het wisselende deel ervan)", doubtful=True)
    found = list(heads.values()) + list(numbers.values())
    if not found:
        return
    estimate = max(len({h.line.no for h in heads.values()}), len(numbers)) + 1
    first = min(f.line.no for f in found)
    doc.decide("pages", first, f"geen paginawissels (form feeds) in de bron, maar kop- of voetregels die op "
                               f"regelmatige afstand terugkomen: waarschijnlijk tekst uit een pdf van ongeveer "
                               f"{estimate} pagina's, waarvan de paginawissels verloren zijn", doubtful=True,
               pages=estimate, breaks=[], count=1)
    _drop(doc, [f for f in found if not _protected(doc, f)])


def _extend_chain(lines: list[Line], numbers: dict[int, Found]) -> None:
    """Page numbers found beside heads that count up (1, 2, 3): the next (or previous) number of the
    series about one page further on is a page number too, such as the last page's, with no head after it."""
    chain = sorted(numbers.values(), key=lambda f: f.line.no)
    values = [page_number_value(f.line.text) for f in chain]
    if len(chain) < 2 or any(b != a + 1 for a, b in pairwise(values)):
        return
    gap = statistics.median(b.line.no - a.line.no for a, b in pairwise(chain))
    lo, hi = REPEAT_SPREAD
    for want, anchor, sign in ((values[-1] + 1, chain[-1].line.no, 1), (values[0] - 1, chain[0].line.no, -1)):
        for l in lines:
            if l.no not in numbers and page_number_value(l.text) == want and \
                    lo * gap <= sign * (l.no - anchor) <= hi * gap:
                numbers[l.no] = Found(l, "page-number", f"los getal {want} dat de reeks paginanummers naast de "
                                                        "kopregels voortzet, op een pagina afstand", doubtful=True)
                break


def _carries_number(head: Found, heads: dict[int, Found]) -> bool:
    """Does this head end or begin with a number that differs from one occurrence to the next?"""
    m = _EDGE_FIGURE.search(head.line.text)
    if not m:
        return False
    k = key(head.line.text)
    figures = {(_EDGE_FIGURE.search(h.line.text).group(1) or _EDGE_FIGURE.search(h.line.text).group(2))
               for h in heads.values() if key(h.line.text) == k and _EDGE_FIGURE.search(h.line.text)}
    return len(figures) > 1


def _take_counting(run: list[Line], numbers: dict[int, Found]) -> None:
    if len(run) > REPEAT_MIN and _regular([l.no for l in run]):
        for l in run:
            numbers[l.no] = Found(l, "page-number", f"los getal in een reeks van {len(run)} oplopende getallen op "
                                                    "regelmatige afstand (paginanummers); de bron heeft geen "
                                                    "paginawissels (form feeds)", doubtful=True)

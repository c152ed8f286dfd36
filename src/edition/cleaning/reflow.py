"""Stage 3 – reflow: lines → paragraphs.

Unwraps hard-wrapped lines, rejoins words hyphenated at a line end (keeping real hyphens),
joins paragraphs that a column break split in mid-sentence, and splits paragraphs that the
extraction ran together.  Every join and split is recorded as a `Decision`.
"""

from __future__ import annotations

from collections import Counter
import re
from dataclasses import dataclass, field, replace

from edition.cleaning import hyphenation, webchrome
from edition import dutch
from edition.cleaning.layout import BLANK, VERSE, WRAPPED, Region, runs
from edition.cleaning.lineshape import (
    END_MARK,
    HYPHEN_END,
    LIST_MARK,
    SOFT_END,
    TERMINAL,
    first_word,
    starts_lower,
    starts_upper,
)
from edition.model import LIST_ITEM, PARAGRAPH, QUOTE, Block, Document, Line
from edition.model import VERSE as VERSE_KIND

# Characters that must be left on a line before we believe it ended a paragraph: PDF text comes
# from proportional fonts, so a character count is only a rough measure of the room left.
SPLIT_ROOM = 4


@dataclass
class Unit:
    """Source lines that make one block, before their text is joined."""

    kind: str
    lines: list[Line]
    blank_before: bool
    column_breaks: set[int] = field(default_factory=set)  # line numbers reached across a blank line
    stanza_starts: set[int] = field(default_factory=set)  # verse: lines that begin a new stanza
    layout: str = ""  # the layout of the region the unit came from


def column_width(blocks: list[list[Line]]) -> int:
    """The typical full-line width of the column: 90th percentile of non-final lines of long blocks."""
    widths = sorted(len(l.text) for b in blocks if len(b) >= 3 for l in b[:-1])
    if not widths:
        widths = sorted(len(l.text) for b in blocks for l in b)
    return widths[int(0.9 * (len(widths) - 1))]


def _fits(prev: Line, nxt: Line, width: int) -> int:
    """Room left on `prev` after pulling up the first word of `nxt` (negative: it would not fit)."""
    return width - (len(prev.text) + 1 + len(first_word(nxt.text)))


def _is_item_start(prev: Line | None, cur: Unit | None, width: int) -> bool:
    if prev is None or (cur is not None and cur.kind == LIST_ITEM):
        return True
    if HYPHEN_END.search(prev.text):
        return False
    return bool(TERMINAL.search(prev.text) or SOFT_END.search(prev.text)) or len(prev.text) < 0.7 * width


def wrapped_units(doc: Document, lines: list[Line] | None = None, width: int = 0) -> tuple[list[Unit], int]:
    """Units of hard-wrapped lines (by default the whole text); `width` the column width, if known."""
    lines = doc.text_lines() if lines is None else lines
    blocks = runs(lines)
    width = width or column_width(blocks)
    after_blank = bool(lines) and not lines[0].text  # the region begins after a blank line
    units: list[Unit] = []
    prev: Line | None = None
    for bi, block in enumerate(blocks):
        local = max(len(l.text) for l in block) if len(block) >= 4 else width
        for i, line in enumerate(block):
            blank_before = (i == 0 and (bi > 0 or after_blank)) or line.no in doc.block_starts
            cur = units[-1] if units else None
            if LIST_MARK.match(line.text) and _is_item_start(prev, cur, width):
                units.append(Unit(LIST_ITEM, [line], blank_before))
            elif cur is None:
                units.append(Unit(PARAGRAPH, [line], blank_before))
            elif not blank_before:
                room = _fits(prev, line, local)
                # In justified text only the last line of a paragraph leaves room: a short line
                # followed by a capital ends a paragraph, even without a full stop (then doubtful).
                ends_sentence = bool(TERMINAL.search(prev.text))
                candidate = (cur.kind == PARAGRAPH and starts_upper(line.text) and not HYPHEN_END.search(prev.text)
                             and room >= (0 if ends_sentence else SPLIT_ROOM)
                             and any(len(l.text) >= 0.8 * local for l in cur.lines))
                own = _line_of_its_own(cur, prev, line, room)
                if own is not None:
                    doc.decide(own[0], line.no, f"nieuw blok vóór ‘{first_word(line.text)}’: {own[1]}, en het eerste "
                               "woord had nog op de regel erboven gepast")
                    units.append(Unit(PARAGRAPH, [line], False))
                elif _heading_above(cur, prev, line, local):
                    doc.decide("split-heading", line.no,
                               f"nieuw blok vóór ‘{first_word(line.text)}’: de regel erboven (‘{prev.text}’) is kort, "
                               "zonder slotleesteken, en staat na een witregel: waarschijnlijk een tussenkop",
                               doubtful=True)
                    units.append(Unit(PARAGRAPH, [line], False))
                elif candidate and room >= SPLIT_ROOM:
                    doc.decide("split-paragraph", line.no,
                               f"alinea gesplitst vóór ‘{first_word(line.text)}’: de vorige regel eindigt "
                               f"een zin en is kort (het eerste woord had er nog op gepast, {room} tekens over)",
                               doubtful=True)  # a split is always a guess from layout: editors confirm it
                    units.append(Unit(PARAGRAPH, [line], False))
                else:
                    if candidate:
                        doc.decide("no-split", line.no,
                                   f"niet gesplitst vóór ‘{first_word(line.text)}’: de vorige regel eindigt een zin, "
                                   f"maar is bijna vol ({room} tekens over); mogelijk begint hier een nieuwe alinea",
                                   doubtful=True)
                    cur.lines.append(line)
            elif len(units) == 1 and len(cur.lines) == 1 and not HYPHEN_END.search(prev.text):
                # The first line of a region, alone before a blank line, is a title or a heading:
                # a column holds more than one line, so no column break can fall after it.
                units.append(Unit(PARAGRAPH, [line], True))
            else:
                joined, doubtful, why = _continues(cur, prev, line, width)
                if joined:
                    cur.lines.append(line)
                    cur.column_breaks.add(line.no)
                    doc.decide("join-column-break", line.no, why, doubtful=doubtful)
                else:
                    units.append(Unit(PARAGRAPH, [line], True))
            prev = line
    return units, width


def _line_of_its_own(cur: Unit, prev: Line, line: Line, room: int) -> tuple[str, str] | None:
    """(rule, why) when `line` does not continue `prev` although no blank line is between them: one
    of them is a line of the web page (a menu, share buttons, a comment count; the review report
    proposes to omit it, review.boilerplate), or `line` is a byline under a one-line title.  Only
    where the break was not forced by the width (`room`: what was left on `prev` for the first
    word of `line`): a wrapped sentence that happens to begin with "Delen" runs on."""
    if room < 0:
        return None
    for which, text in (("de regel erboven", prev.text), ("deze regel", line.text)):
        chrome = webchrome.classify(text)
        if chrome is not None:
            return "split-web-chrome", f"{which} (‘{text}’) lijkt {chrome[1]}"
    from edition.cleaning.structure import is_byline  # the structure stage's own test of a byline

    if len(cur.lines) == 1 and room >= SPLIT_ROOM and is_byline(line.text) and not TERMINAL.search(prev.text):
        return "split-byline", f"deze regel (‘{line.text}’) is een auteursregel onder een kop van één regel"
    return None


def _heading_above(cur: Unit, prev: Line, line: Line, width: int) -> bool:
    """A unit of one short line after a blank line, with a letter, no closing punctuation and a
    capital, followed by a capitalised line whose first word would have fitted on it: a heading that
    pdftotext set directly above its paragraph (no blank line between them), not the first line of a
    paragraph (which the typesetter fills as far as the next word allows)."""
    return (cur.kind == PARAGRAPH and len(cur.lines) == 1 and cur.lines[0] is prev and cur.blank_before
            and _fits(prev, line, width) >= SPLIT_ROOM
            and len(prev.text) <= 0.6 * width and starts_upper(prev.text) and starts_upper(line.text)
            and any(c.isalpha() for c in prev.text) and not TERMINAL.search(prev.text)
            and not HYPHEN_END.search(prev.text) and not prev.text.rstrip().endswith((",", ";", ":")))


def _continues(cur: Unit, prev: Line, line: Line, width: int) -> tuple[bool, bool, str]:
    """Does `line`, after a blank line, continue the unit that `prev` ended?"""
    if HYPHEN_END.search(prev.text):
        return True, False, "kolombreuk midden in een afgebroken woord: de tekst loopt door"
    if TERMINAL.search(prev.text) or END_MARK.search(prev.text):
        return False, False, ""
    if starts_lower(line.text):
        return True, False, (f"kolombreuk midden in een zin (‘…{prev.text[-20:]}’ / ‘{line.text[:20]}…’): "
                             "de tekst loopt door")
    if SOFT_END.search(prev.text) or all(len(l.text) < 0.8 * width for l in cur.lines):
        return False, False, ""
    if _fits(prev, line, width) < 0:
        return True, True, (f"kolombreuk na een volle regel zonder leesteken, gevolgd door een hoofdletter "
                            f"(‘{first_word(line.text)}’): aangenomen dat de zin doorloopt")
    return False, False, ""


def simple_units(doc: Document, lines: list[Line] | None = None, layout: str = "") -> list[Unit]:
    """`line` and `blank` layouts: every non-blank line is a block of its own, except, in the
    `blank` layout (paragraphs between blank lines), lines beginning with ‘>’ one under the other:
    one quoted paragraph as e-mail wraps it ("> We sliepen …\n> met veertig …"), made one unit."""
    out, blank_before = [], False
    for line in doc.text_lines() if lines is None else lines:
        if not line.text:
            blank_before = True
            continue
        if (layout == BLANK and not blank_before and out and QUOTE_MARK.match(line.text)
                and all(QUOTE_MARK.match(l.text) for l in out[-1].lines)):
            out[-1].lines.append(line)
            continue
        kind = LIST_ITEM if LIST_MARK.match(line.text) else PARAGRAPH
        out.append(Unit(kind, [line], blank_before))
        blank_before = False
    return out


def _evidence(doc: Document) -> hyphenation.Evidence:
    """All word forms of the text except the two halves of line-end hyphenations."""
    tokens, lines = [], [l for l in doc.text_lines() if l.text]
    for i, line in enumerate(lines):
        words = line.text.split(" ")
        if HYPHEN_END.search(line.text):
            words = words[:-1]
        if i > 0 and HYPHEN_END.search(lines[i - 1].text):
            words = words[1:]
        tokens.extend(words)
    # Which hyphen character ends lines: with WeasyPrint + pdftotext the breaks are U+2010 and a
    # line-end hyphen-minus is a real hyphen (hyphenation.decide weighs this).
    ends = Counter(l.text[-1] for l in lines if HYPHEN_END.search(l.text))
    return hyphenation.Evidence(tokens, line_end_hyphens=ends)


def verse_unit(lines: list[Line], stanza_starts: set[int]) -> Unit:
    nonblank = [l for l in lines if l.text]
    return Unit(VERSE_KIND, nonblank, bool(lines) and not lines[0].text, stanza_starts=set(stanza_starts))


def join_verse(unit: Unit) -> Block:
    """A poem's lines as they stand: "\n" between lines, "\n\n" between stanzas; no dehyphenation
    (a verse line is whole)."""
    text, line_map = "", []
    for i, line in enumerate(unit.lines):
        if i:
            text += "\n\n" if line.no in unit.stanza_starts else "\n"
        line_map.append((len(text), line.no))
        text += line.text
    block = Block(VERSE_KIND, text, line_map)
    block.hints = {"raw_widths": [len(l.text) for l in unit.lines], "blank_before": unit.blank_before,
                   "stanzas": 1 + sum(l.no in unit.stanza_starts for l in unit.lines[1:]), "layout": VERSE}
    return block


def wrapped_width(doc: Document) -> int:
    """The column width reflow works with: measured on all wrapped regions of the text together."""
    lines = [l for r in doc.regions if r.layout == WRAPPED for l in r.lines] or doc.text_lines()
    blocks = runs(lines)
    return column_width(blocks) if blocks else 0


def region_units(doc: Document, region: Region) -> tuple[list[Unit], int]:
    """The units of one layout region, and the width its lines were wrapped at."""
    if region.layout == VERSE:
        units, width = [verse_unit(region.lines, region.stanza_starts)], 0
    elif region.layout == WRAPPED:
        units, width = wrapped_units(doc, region.lines, wrapped_width(doc))
    else:
        units = simple_units(doc, region.lines, region.layout)
        width = max((len(l.text) for l in region.lines), default=0)
    for u in units:
        u.layout = region.layout
    return units, width


# The mark of a quoted text in e-mail and plain text ("> We sliepen in de kelder …"), nested (">>")
# or not; a space after it is part of the mark.
QUOTE_MARK = re.compile(r"^>+ ?(?=\S)")


def _quoted(doc: Document, unit: Unit) -> Unit:
    """A paragraph every line of which begins with ‘>’ is a quotation: the marks are left out (the
    rule is recorded), the lines joined as any paragraph's."""
    if unit.kind != PARAGRAPH or not all(QUOTE_MARK.match(l.text) for l in unit.lines):
        return unit
    doc.decide("quote-mark", unit.lines[0].no, "citaat herkend: elke regel begint met ‘>’ (het teken voor een "
               "geciteerde tekst in e-mail en platte tekst); dat teken is weggelaten (geen citaat? een "
               "layout-bewerking op dit blok in het YAML-bestand houdt de regels zoals ze staan)", kind=QUOTE,
               lines=len(unit.lines))
    return replace(unit, kind=QUOTE, lines=[replace(l, text=QUOTE_MARK.sub("", l.text, count=1)) for l in unit.lines])


def join_unit(doc: Document, unit: Unit, evidence: hyphenation.Evidence, width: int,
              quote_marks: bool = True) -> Block:
    """`quote_marks` False: lines beginning with ‘>’ stay as they are (an editor's `layout`
    operation on the block says it is no quotation: layoutops.remake)."""
    if unit.kind == VERSE_KIND:
        return join_verse(unit)
    if quote_marks:
        unit = _quoted(doc, unit)
    first = unit.lines[0]
    text = first.text
    if unit.kind == LIST_ITEM:
        text = LIST_MARK.sub("", text, count=1)
    line_map = [(0, first.no)]
    for prev, line in zip(unit.lines, unit.lines[1:]):
        if HYPHEN_END.search(text):
            left = text.rsplit(" ", 1)[-1]
            right = first_word(line.text)
            rest = line.text.split(" ", 2)
            verdict = hyphenation.decide(left, right, rest[1] if len(rest) > 1 else "", evidence)
            where = "over een kolombreuk heen" if line.no in unit.column_breaks else "aan het regeleinde"
            if verdict.join:
                result = left[:-1] + right
                doc.decide("dehyphenate", prev.no, f"‘{left}’ + ‘{right}’ → ‘{result}’ ({where}): {verdict.reason}",
                           doubtful=verdict.doubtful, left=left, right=right, result=result, join=True,
                           next_line=line.no)
                text = text[:-1]
            else:
                result = left + (" " if verdict.space else "") + right
                if verdict.space:
                    text += " "
                doc.decide("keep-hyphen", prev.no, f"‘{left}’ + ‘{right}’ → ‘{result}’ ({where}): streepje "
                           f"behouden, {verdict.reason}", doubtful=verdict.doubtful, left=left, right=right,
                           result=result, join=False, next_line=line.no)
            line_map.append((len(text), line.no))
            text += line.text
        else:
            text += " "
            line_map.append((len(text), line.no))
            text += line.text
    block = Block(unit.kind, text, line_map)
    block.hints = {
        "raw_widths": [len(l.text) for l in unit.lines],
        "blank_before": unit.blank_before,
        "column_width": width,
        "column_breaks": sorted(unit.column_breaks),
        "layout": unit.layout,
    }
    if unit.kind == LIST_ITEM:
        block.hints["marker"] = LIST_MARK.match(first.text).group().strip()
    return block


def reflow_regions(doc: Document, regions: list[Region], evidence: hyphenation.Evidence,
                   quote_marks: bool = True) -> tuple[list[Block], int]:
    """The blocks of these regions, and how many line ends inside paragraphs were removed."""
    blocks, unwrapped = [], 0
    for region in regions:
        units, width = region_units(doc, region)
        blocks += [join_unit(doc, u, evidence, width, quote_marks) for u in units]
        unwrapped += sum(len(u.lines) - 1 for u in units if u.kind != VERSE_KIND)
    return blocks, unwrapped


def evidence_of(doc: Document) -> hyphenation.Evidence:
    return _evidence(doc)


def reflow(doc: Document) -> None:
    regions = doc.regions or [Region(doc.layout or WRAPPED, doc.text_lines())]
    doc.blocks, unwrapped = reflow_regions(doc, regions, _evidence(doc))
    units = [l for l in doc.text_lines() if l.text]
    if unwrapped:
        doc.decide("unwrap", units[0].no, f"{dutch.count(unwrapped, 'hard regeleinde', 'harde regeleinden')} binnen alinea's opgeheven",
                   count=unwrapped)

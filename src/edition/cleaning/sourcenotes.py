"""Cleaning stage after `structure` – the source's own notes and the calls to them.

A text copied from a web page or read out of a PDF keeps the author's note calls as digits glued
to a word (`dood1.`, `dood.1`), as superscript digits (`dood¹`) or as bracketed numbers
(`dood[1]`, `dood(1)`), and the notes as numbered lines at the end of the text (`1 `, `1. `,
`[1]`, `¹`), often after a heading such as "Noten" or a rule line.  Two halves that must agree:
notes numbered 1..N, and calls to exactly 1..N in the running text, in order.  Only then the
notes become blocks of kind `source_note` and every call a span on its block
(`Block.source_calls`).  The text is not changed: the digits of a call and the number of a note
are source text and stay in the reading text, so the fidelity check reads them like any word.

When the halves do not agree (notes 1–4 but a call 5, a call missing), nothing is changed and
the candidates are listed as doubtful; so are numbers glued to words that could be calls in a
text with notes (`CO2` when there is a note 2) and glued numbers in a text without notes.
Codes and units (`CO2`, `G7`, `F16`, `m2`, `Su-25`, `F-16`) and ordinals (`1e`) are never calls.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from edition.cleaning import lexicon
from edition import dutch
from edition.inert import attr
from edition.cleaning.lineshape import TERMINAL, starts_lower
from edition.model import BYLINE, HEADING, LEAD, LIST_ITEM, LIST_TITLE, PARAGRAPH, PROVENANCE, PULLQUOTE, QUOTE, SOURCE_NOTE, SUBTITLE, TABLE, TITLE, VERSE, Block, Document

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUP_DIGITS = str.maketrans(SUPERSCRIPTS, "0123456789")

# The number that opens a note: `1 Tekst`, `1. Tekst`, `1) Tekst`, `[1] Tekst`, `(1) Tekst`, `¹ Tekst`.
NOTE_START = re.compile(
    rf"(?:\[(?P<br>\d{{1,3}})\]\s*|\((?P<pa>\d{{1,3}})\)\s+|(?P<pl>\d{{1,3}})[.)]?\s+|(?P<sup>[{SUPERSCRIPTS}]{{1,3}})\s*)"
    r"(?=\S)")
# A heading over the notes (the source's own words; kept as its heading).
NOTES_HEADING = re.compile(
    r"^(?:(?:eind|voet)?noten|noten en (?:bronnen|verwijzingen)|bronnen(?: en noten)?|bronvermelding(?:en)?|"
    r"bronverwijzingen|verwijzingen|referenties|notes|footnotes|endnotes|references)\s*:?$", re.IGNORECASE)
# A rule line between the text and its notes (`____`, `* * *`, `———`).
RULE_LINE = re.compile(r"^(?=(?:.*[_\-–—=*~·•]){3})[\s_\-–—=*~·•]+$")

# Calls in the running text.  `gl`: digits right after a letter (`dood1`); `pg`: after a letter
# and a punctuation mark (`dood.1`, what a copied `<sup>` after a full stop gives); `sup`:
# superscript digits; `br`: `[1]`; `pa`: `(1)` glued to the word (with a space it is an enumeration).
_CALL = re.compile(rf"""
    (?<=[^\W\d_])(?P<gl>\d{{1,4}})(?!\w)
  | (?<=[^\W\d_][.,;:!?’”"')])(?P<pg>\d{{1,4}})(?!\w)(?![.,]\d)
  | (?<=[^\s\d{SUPERSCRIPTS}])(?P<sup>[{SUPERSCRIPTS}]{{1,3}})(?!\w)
  | (?P<br>\[(?P<brn>\d{{1,3}})\])
  | (?<=[^\W\d_])(?P<pa>\((?P<pan>\d{{1,3}})\))
""", re.VERBOSE)
STYLES = {"glued": "cijfers tegen het woord", "sup": "superscriptcijfers", "bracket": "nummers tussen [ ]",
          "paren": "nummers tussen ( ) tegen het woord"}
# Units written with a digit (`m2`, `km2`): a call is never glued to them.
UNITS = {"m", "cm", "mm", "dm", "km", "ha", "kg", "mg", "kwh", "mwh", "gwh", "ml", "cl", "dl", "ft", "in"}
# Abbreviations followed by a number after their full stop (`nr.3`, `blz.12`, `p.45`).
_ABBREVIATION_MAX = 3
# Kinds of block whose text may carry calls; kinds a note may have been given by `structure`.
CALL_KINDS = (TITLE, SUBTITLE, LEAD, BYLINE, HEADING, PARAGRAPH, LIST_TITLE, LIST_ITEM, PULLQUOTE, PROVENANCE, VERSE,
              QUOTE, TABLE)
# (Short notes of even length look like verse to the layout stage.)
NOTE_KINDS = (PARAGRAPH, LEAD, HEADING, LIST_TITLE, LIST_ITEM, PULLQUOTE, PROVENANCE, VERSE)
# Doubts of earlier stages about a block that turned out to be a note (a short note looks like a
# heading, a note without a full stop like an unpunctuated paragraph): the notes settle them.
SETTLED_RULES = {"heading", "structure", "pullquote", "unpunctuated", "split-paragraph", "no-split"}
CONTEXT = 30  # characters of context in messages


def note_anchor(number: int) -> str:
    """The id of the note (site; the print namespaces it)."""
    return f"bronnoot-{number}"


@dataclass
class Candidate:
    block: Block
    start: int
    end: int
    value: int
    style: str
    code: str = ""  # why this is not a call (a code or unit), or ""

    @property
    def line(self) -> int:
        return self.block.line_at(self.start)

    def context(self) -> str:
        # On one line of the message: the lines of a poem and the cells of a table are apart by "\n".
        before = self.block.text[max(0, self.start - CONTEXT):self.start].replace("\n", " ")
        return f"…{before.split(' ', 1)[-1] if len(before) == CONTEXT else before}{self.block.text[self.start:self.end]}"


def note_start(text: str, pos: int = 0) -> tuple[int, int] | None:
    """(number, length of the marker) when a note starts at `pos`."""
    m = NOTE_START.match(text, pos)
    if not m:
        return None
    digits = m.group("br") or m.group("pa") or m.group("pl") or m.group("sup").translate(_SUP_DIGITS)
    marker = m.group(0).rstrip()
    return int(digits), len(marker)


# --- the notes at the end ----------------------------------------------------------------------

@dataclass
class NotesRegion:
    start: int  # index of the first block of the section (heading, rule line or first note)
    notes: list[Block]  # the note blocks, split and joined, numbered 1..N
    end: int  # index after the last block the notes came from
    heading: Block | None = None
    rule: Block | None = None
    merged: int = 0  # continuation blocks joined to their note


def _split_notes(block: Block, expected: int) -> list[tuple[int, Block]] | None:
    """The notes in `block` (each starting on a source line with the next number), or None."""
    first = note_start(block.text)
    if not first or first[0] != expected:
        return None
    cuts = [0]
    n = expected + 1
    for off, _line in block.line_map[1:]:
        found = note_start(block.text, off)
        if found and found[0] == n and off > 0 and block.text[off - 1].isspace():
            cuts.append(off)
            n += 1
    parts = []
    for i, cut in enumerate(cuts):
        end = cuts[i + 1] - 1 if i + 1 < len(cuts) else len(block.text)
        part = block.slice(cut, end, SOURCE_NOTE) if len(cuts) > 1 else block
        part.hints = dict(block.hints)
        parts.append((expected + i, part))
    return parts


def _join(a: Block, b: Block) -> Block:
    """`b` continues note `a` (a note the layout stage cut in two)."""
    shift = len(a.text) + 1
    joined = Block(a.kind, f"{a.text} {b.text}", a.line_map + [(o + shift, l) for o, l in b.line_map])
    joined.hints = dict(a.hints)
    return joined


def _head_split(block: Block) -> tuple[Block | None, Block] | None:
    """A block that starts with note 1, or with a notes heading on lines of its own followed by note 1
    (verse detection or a wrap can run "Noten" and the notes into one block): (heading, rest)."""
    if block.kind not in NOTE_KINDS:
        return None
    if (note_start(block.text) or (0,))[0] == 1:
        return None, block
    for off, _line in block.line_map[1:]:
        head = block.text[:off].rstrip()
        if (note_start(block.text, off) or (0,))[0] == 1 and NOTES_HEADING.match(head):
            heading = block.slice(0, len(head), HEADING)
            rest = block.slice(off, len(block.text))
            heading.hints, rest.hints = dict(block.hints), dict(block.hints)
            return heading, rest
    return None


def find_notes(doc: Document) -> NotesRegion | None:
    """The last run of blocks numbered 1, 2, 3 … at the end of the text."""
    blocks = doc.blocks
    starts = [(i, split) for i, b in enumerate(blocks) if i > 0 for split in [_head_split(b)] if split]
    for s, (inner_heading, first) in reversed(starts):
        notes: list[Block] = []
        merged = 0
        i = s
        while i < len(blocks) and blocks[i].kind in NOTE_KINDS:
            parts = _split_notes(first if i == s else blocks[i], len(notes) + 1)
            if parts:
                notes += [p for _n, p in parts]
            elif notes and not note_start(blocks[i].text) and (
                    starts_lower(blocks[i].text) or not TERMINAL.search(notes[-1].text)):
                notes[-1] = _join(notes[-1], blocks[i])
                merged += 1
            else:
                break
            i += 1
        # Nothing numbered may follow: the notes are the last numbered run of the text.
        if not notes or any(note_start(b.text) for b in blocks[i:]):
            continue
        region = NotesRegion(s, notes, i, merged=merged)
        if inner_heading is not None:
            region.heading = inner_heading
            return region
        before = blocks[s - 1] if s > 0 else None
        if before is not None and RULE_LINE.match(before.text):
            region.rule, region.start = before, s - 1
            before = blocks[s - 2] if s > 1 else None
        if before is not None and before.kind in (HEADING, PARAGRAPH, LIST_TITLE) and NOTES_HEADING.match(before.text):
            region.heading, region.start = before, region.start - 1
        return region
    return None


# --- the calls in the text ---------------------------------------------------------------------

def _word_before(text: str, pos: int) -> str:
    m = re.search(r"[^\W\d_]+$", text[:pos])
    return m.group(0) if m else ""


def _code(word: str, digits: str) -> str:
    """Why a letter-and-digit form is a code or unit rather than a word with a call ('' if not)."""
    if len(word) == 1:
        return f"‘{word}{digits}’ is een code of eenheid (één letter met een getal)"
    if word.isupper() or any(c.isupper() for c in word[1:]):
        return f"‘{word}{digits}’ is een code (hoofdletters met een getal, zoals CO2, G7, F16)"
    if word.lower() in UNITS:
        return f"‘{word}{digits}’ is een eenheid"
    return ""


def candidates(doc: Document, upto: int) -> list[Candidate]:
    out = []
    for block in doc.blocks[:upto]:
        if block.kind not in CALL_KINDS:
            continue
        for m in _CALL.finditer(block.text):
            if m.group("gl"):
                word, digits = _word_before(block.text, m.start()), m.group("gl")
                c = Candidate(block, m.start(), m.end(), int(digits), "glued", _code(word, digits))
            elif m.group("pg"):
                word = _word_before(block.text, m.start() - 1)
                if block.text[m.start() - 1] == "." and len(word) <= _ABBREVIATION_MAX and \
                        not (len(word) == _ABBREVIATION_MAX and lexicon.listed(word)):
                    continue  # `nr.3`, `blz.12`: an abbreviation with its number (`vee.1` is a word and a call)
                c = Candidate(block, m.start(), m.end(), int(m.group("pg")), "glued")
            elif m.group("sup"):
                word = _word_before(block.text, m.start())
                digits = m.group("sup").translate(_SUP_DIGITS)
                c = Candidate(block, m.start(), m.end(), int(digits), "sup",
                              _code(word, m.group("sup")) if word else "")
            elif m.group("br"):
                if m.start() == 0:
                    continue
                c = Candidate(block, m.start(), m.end(), int(m.group("brn")), "bracket")
            else:
                word = _word_before(block.text, m.start())
                c = Candidate(block, m.start(), m.end(), int(m.group("pan")), "paren", _code(word, m.group("pa")))
            out.append(c)
    return out


@dataclass
class Match:
    style: str
    calls: list[Candidate]
    stray: list[Candidate]  # candidates of this style that are not calls but could have been

    @property
    def numbers(self) -> list[int]:
        return [c.value for c in self.calls]


def match_calls(cands: list[Candidate], n_notes: int, style: str) -> Match:
    """Calls to 1..N in order; a repeated call only where the marking is unambiguous ([1], ¹)."""
    calls, stray = [], []
    expected = 1
    for c in cands:
        if c.style != style or c.code:
            continue
        if c.value == expected and expected <= n_notes:
            calls.append(c)
            expected += 1
        elif c.value < expected and style in ("bracket", "sup"):
            calls.append(c)
        else:
            stray.append(c)
    return Match(style, calls, stray)


def perfect(m: Match, n_notes: int) -> bool:
    """Every note called, in order, and no other number of this style that could be a call."""
    return (sorted(set(m.numbers)) == list(range(1, n_notes + 1))
            and not any(c.value <= n_notes + 1 for c in m.stray))


# --- the stage -----------------------------------------------------------------------------------

def _doubt(doc: Document, c: Candidate, why: str) -> None:
    doc.decide("source-note-doubt", c.line, f"‘{c.context()}’: {why}; als tekst gelaten", doubtful=True,
               quote=c.context().lstrip("…"), value=c.value)


def _flag_without_notes(doc: Document, cands: list[Candidate]) -> None:
    for c in cands:
        if c.code:
            continue
        if c.value >= 1000:
            _doubt(doc, c, "een getal vast aan een woord (een jaartal?); ontbreekt er een spatie?")
        else:
            _doubt(doc, c, f"lijkt een verwijzing naar noot {c.value} ({STYLES[c.style]}), maar aan het eind van de "
                           "tekst staan geen genummerde noten")


def _settle(doc: Document, blocks: list[Block]) -> list[str]:
    """Remove earlier stages' doubts about the blocks that are now notes; say which."""
    lines = {l for b in blocks for l in range(b.first_line, b.last_line + 1)}
    settled = [d for d in doc.decisions if d.rule in SETTLED_RULES and d.line in lines]
    doc.decisions[:] = [d for d in doc.decisions if not any(d is s for s in settled)]
    return sorted({d.rule for d in settled})


def _settle_unpunctuated(doc: Document, calls: list[Candidate]) -> None:
    """`… nooit.1` ends with its call: the sentence before it did end."""
    for c in calls:
        b = c.block
        if c.end == len(b.text.rstrip()) and TERMINAL.search(b.text[:c.start]):
            doc.decisions[:] = [d for d in doc.decisions
                                if not (d.rule == "unpunctuated" and d.line == b.last_line)]


def _apply(doc: Document, region: NotesRegion, m: Match) -> None:
    blocks = doc.blocks
    heading, notes = region.heading, region.notes
    settled = _settle(doc, notes + ([heading] if heading else []))
    if region.rule is not None:
        for no in range(region.rule.first_line, region.rule.last_line + 1):
            doc.drop_line(no, "source-notes-rule", f"scheidingslijn ‘{doc.lines[no - 1].text}’ boven de noten van de "
                                                   "bron weggelaten (opmaak, geen tekst)")
    refs: dict[int, list[str]] = {}
    for c in m.calls:
        seen = refs.setdefault(c.value, [])
        ref = f"{note_anchor(c.value)}-ref" + (f"-{len(seen) + 1}" if seen else "")
        seen.append(ref)
        c.block.source_calls.append((c.start, c.end, c.value, ref, c.block.text[c.start:c.end]))
        c.block.source_calls.sort()
        doc.decide("source-note-call", c.line, f"verwijzing naar noot {c.value} van de bron: ‘{c.context()}’",
                   number=c.value, ref=ref)
    _settle_unpunctuated(doc, m.calls)
    for n, note in enumerate(notes, 1):
        note.kind = SOURCE_NOTE
        note.id = note_anchor(n)
        _number, length = note_start(note.text)
        note.hints = {**note.hints, "source_note": n, "marker_end": length, "back": refs[n][0]}
    first = heading or notes[0]
    first.hints = {**first.hints, "source_notes_start": True}
    if heading is not None:
        heading.kind = HEADING
        heading.hints = {**heading.hints, "source_notes_heading": True}
    blocks[region.start:region.end] = ([heading] if heading else []) + notes
    where = (f"regels {notes[0].first_line}–{notes[-1].last_line}" if len(notes) > 1
             else f"regel {notes[0].first_line}")
    extra = [f"onder de kop ‘{heading.text}’" if heading else "zonder eigen kop (de editie zet er ‘Noten in de bron’ boven)"]
    if region.rule is not None:
        extra.append("na een scheidingslijn")
    if region.merged:
        extra.append(f"{dutch.count(region.merged, 'afgebroken noot', 'afgebroken noten')} weer samengevoegd")
    if settled:
        extra.append("eerdere twijfel over deze regels vervalt (" + ", ".join(settled) + ")")
    one = len(notes) == 1
    count = f"{len(notes)} noten" if not one else "1 noot"
    doc.decide("source-notes", notes[0].first_line,
               f"noten van de bron herkend: {count} ({where}) met {dutch.count(len(m.calls), 'verwijzing', 'verwijzingen')} in de tekst "
               f"({STYLES[m.style]}), {'; '.join(extra)}; getoond als ‘{SECTION_TITLE}’, niet als noten van de redactie"
               + ("; slechts één noot: controleer of het echt een noot is" if one else ""),
               doubtful=one, notes=len(notes), style=m.style, quote=notes[0].text[:40])


def find_source_notes(doc: Document) -> None:
    region = find_notes(doc)
    cands = candidates(doc, region.start if region else len(doc.blocks))
    if region is None:
        _flag_without_notes(doc, cands)
        return
    n = len(region.notes)
    matches = [match_calls(cands, n, style) for style in STYLES]
    good = [m for m in matches if perfect(m, n)]
    if good:
        best = max(good, key=lambda m: len(m.calls))
        _apply(doc, region, best)
        for c in cands:
            unit = _word_before(c.block.text, c.start).lower() in UNITS  # `m2`, `km²`: surely no call
            if c.style == best.style and c.code and c.value <= n and not unit:
                _doubt(doc, c, f"{c.code}, geen verwijzing naar noot {c.value}")
            elif c.style == best.style and c.value >= 1000:
                _doubt(doc, c, "een getal vast aan een woord (een jaartal?); ontbreekt er een spatie?")
        return
    best = max(matches, key=lambda m: (len(set(m.numbers)), -len(m.stray)))
    if not best.calls and not region.heading and not region.rule:
        return  # a numbered list at the end of a text, nothing that points at it: not notes
    found = ", ".join(str(v) for v in best.numbers) or "geen"
    others = [c for c in best.stray if c.value <= n + 1]
    extra = (" en daarnaast " + ", ".join(f"‘{c.context()}’" for c in others[:5])) if others else ""
    doc.decide("source-notes-mismatch", region.notes[0].first_line,
               f"de genummerde regels aan het eind lijken noten van de bron (1–{n}), maar de verwijzingen in de tekst "
               f"kloppen daar niet mee (gevonden: {found}{extra}); noten en verwijzingen als gewone tekst gelaten. "
               "Kijk de nummers na in de bron: een noot of verwijzing kan bij het kopiëren verloren zijn gegaan",
               doubtful=True, notes=n, found=best.numbers, quote=region.notes[0].text[:40])
    for c in others:
        _doubt(doc, c, f"verwijzing naar noot {c.value}, maar noten en verwijzingen komen niet overeen")


# --- rendering (site and print share it) --------------------------------------------------------

def _valid_calls(block: Block) -> list[tuple[int, int, int, str, str]]:
    """The calls whose span still holds their marker and overlaps no editorial mark.

    The spans were set in the cleaning stage; a later stage that edits the text without moving
    them (an emendation elsewhere in the block) is caught here: the marker is then looked for
    again nearest to where it was, and a call that cannot be found stays plain text."""
    out = []
    for start, end, number, ref, marker in block.source_calls:
        if block.text[start:end] != marker:
            spots = [m.start() for m in re.finditer(re.escape(marker), block.text)]
            if not spots:
                continue
            start = min(spots, key=lambda s: abs(s - start))
            end = start + len(marker)
        if any(s < end and start < e for s, e, *_ in block.marks):
            continue
        if any(start < off < end for off, *_ in block.calls):
            continue
        out.append((start, end, number, ref, marker))
    return out


def events(block: Block, anchor=None) -> list[tuple[int, int, str]]:
    """Markup around the source's note calls and note numbers, as `render.inline` events
    (offset, 0 close | 2 open, markup); `anchor(name)` makes a document id (the print prefixes it)."""
    anchor = anchor or (lambda name: name)
    out = []
    for start, end, number, ref, marker in _valid_calls(block):
        sup = bool(marker.strip(SUPERSCRIPTS))  # `¹` is a superscript already
        opening = '<sup class="ed-srcnote-call">' if sup else ""
        link = (f'<a class="ed-srcnote-ref" id="{attr(anchor(ref))}" href="#{attr(anchor(note_anchor(number)))}" '
                f'title="Noot {number} in de bron">')
        out.append((start, 2, opening + link))
        out.append((end, 0, f'</a>{"</sup>" if sup else ""}'))
    if block.kind == SOURCE_NOTE and block.hints.get("marker_end"):
        back = anchor(block.hints["back"])
        out.append((0, 2, f'<a class="ed-srcnote-num" href="#{attr(back)}" title="Terug naar de verwijzing in de tekst">'))
        out.append((block.hints["marker_end"], 0, "</a>"))
    return out


SECTION_TITLE = "Noten in de bron"
SECTION_LABEL = "Noten in de bron: van de auteur, niet van de redactie."


def section_opens(block: Block) -> bool:
    return bool(block.hints.get("source_notes_start"))


def in_section(block: Block) -> bool:
    return block.kind == SOURCE_NOTE or bool(block.hints.get("source_notes_heading"))

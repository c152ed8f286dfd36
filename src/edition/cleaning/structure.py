"""Stage 4 – structure: give each block its role from general heuristics.

Title, subtitle, lead, byline, headings, list titles, pull quotes, the end mark of a magazine
article and a closing provenance note.  Every guess that could be wrong is recorded as doubtful,
so an editor can confirm it or override it in the text's YAML.
"""

from __future__ import annotations

import difflib
import re

from edition.cleaning import webchrome
from edition.cleaning.layout import WRAPPED
from edition.model import BYLINE, HEADING, LEAD, LIST_ITEM, LIST_TITLE, PARAGRAPH, PROVENANCE, PULLQUOTE, SUBTITLE, TITLE, Block, Document
from edition.cleaning.lineshape import END_MARK, TERMINAL, starts_upper

_NO_HEADING_END = re.compile(r"[.,;:…]$")
BYLINE_RE = re.compile(r"^(door:?\s+|tekst:\s*)\S", re.IGNORECASE)
# What may stand between the names of a byline ("Anna de Vries", "Jan van 't Hek en Piet Jansen").
_NAME_PARTICLES = frozenset("van de der den het 't ten ter te von zu du da di dos das del della la le el al bin "
                            "ibn ben y en & und and".split())
# "door de redactie", "door onze correspondent in Moskou": a byline without a name.
_BYLINE_DETERMINERS = frozenset("de onze een eigen".split())
_BYLINE_ROLES = frozenset("redactie buitenlandredactie correspondent correspondente redacteur redactrice "
                          "verslaggever verslaggeefster medewerker medewerkster".split())
# Where the names of a byline end: a role, a place, an organisation or a date follows.
_NAMES_END = re.compile(r"\s*(?:[,(|·•/]|\s[-–—]\s|$)")


def is_byline(text: str) -> bool:
    """‘Door Anna de Vries’, ‘door Jan Jansen (Beweging), geschreven begin maart’, ‘Tekst: …’, ‘door de
    redactie’; not a sentence or title that begins with the word ‘door’ (‘Door de oorlog veranderde
    alles’): after ‘door’ come names (capitalised words, with van/de/en … between them) up to a
    comma, a bracket or a dash, or a determiner and a newsroom role."""
    m = BYLINE_RE.match(text)
    if m is None:
        return False
    if m.group(1).lower().startswith("tekst"):
        return True
    rest = text[m.end(1):]
    names = rest[:_NAMES_END.search(rest).start()].split()
    if not names:
        return False
    if names[0].lower() in _BYLINE_DETERMINERS:
        return len(names) >= 2 and names[1].lower().strip(".:") in _BYLINE_ROLES
    capitalised = [w for w in names if w[0].isupper()]
    return bool(capitalised) and names[0][0].isupper() and len(names) <= 8 and all(
        w[0].isupper() or w.lower() in _NAME_PARTICLES or w.lower().startswith(("d'", "d’")) for w in names)
# A closing note that says where a text appeared first or who translated it.
PROVENANCE_RE = re.compile(
    r"\b(verscheen|verschenen|gepubliceerd|eerder\s+op|oorspronkelijk|vertaling|vertaald|bron:)\b",
    re.IGNORECASE)
_WORD = re.compile(r"\w+")
HEADING_MAX_WORDS = 20
# The paragraph after a heading has at least this many words, and twice as many as the heading.
HEADING_FOLLOWER_WORDS = 6
PULLQUOTE_MIN_WORDS = 6
PULLQUOTE_MAX_WORDS = 45
PULLQUOTE_MIN_COVER = 0.6
# A note call of the source after the last word (`vee.[2]`, `vee.²`, `leven.[1] Tien…`): it does not hide
# where a sentence ends (the calls themselves are recognised later, by `sourcenotes`).
_CALL_MARK = re.compile(r"\[\d{1,3}\]|(?<=[.!?…])[¹²³⁴⁵⁶⁷⁸⁹⁰]{1,3}")


def without_calls(text: str) -> str:
    return _CALL_MARK.sub("", text)


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _heading_shape(block: Block, layout: str) -> bool:
    """Short, no closing full stop or comma: could be a heading or a list title."""
    text = block.text
    if _NO_HEADING_END.search(text) or TERMINAL.search(text) and not text.endswith(("?", "!")):
        return False
    if block.kind != PARAGRAPH or not any(c.isalpha() for c in text):  # a lone number is no heading
        return False
    if len(words(text)) > HEADING_MAX_WORDS:
        return False
    if webchrome.classify(text) is not None:  # "Advertentie", "Reacties (14)", "WhatsApp": the page's, not a heading
        return False
    if layout == WRAPPED:
        width = block.hints.get("column_width", 0)
        widths = block.hints.get("raw_widths", [])
        return (len(widths) <= 4 and not block.hints.get("column_breaks")
                and all(w <= 0.8 * width for w in widths))
    return len(text) <= 90


def find_end_marks(doc: Document) -> None:
    for block in doc.blocks:
        m = END_MARK.search(block.text)
        if m and block.kind in (PARAGRAPH, LIST_ITEM):
            block.text = block.text[: m.start()]
            doc.decide("end-mark", block.last_line,
                       f"eindteken ‘{m.group(1)}’ na de laatste zin verwijderd (het slotteken van een tijdschriftartikel; "
                       "in de PDF-tekst is het een letter van het symboollettertype)", mark=m.group(1))


def find_title(doc: Document) -> None:
    """The first lines may be a title and a second title. In hard-wrapped column text only a block of
    one source line can be a title (a wrapped paragraph's first lines look the same as a title)."""
    # A web copy may begin with the site's furniture ("Home › Nieuws › Buitenland", "Delen"): the
    # title is looked for after it; the furniture stays a paragraph, which the review report
    # proposes to omit (review.boilerplate).
    start = 0
    while start < min(2, len(doc.blocks)) and doc.blocks[start].kind == PARAGRAPH \
            and webchrome.classify(without_calls(doc.blocks[start].text)) is not None:
        start += 1
    if len(doc.blocks) - start < 3:
        return
    for kind in (TITLE, SUBTITLE):
        i = start if kind == TITLE else start + 1
        block = doc.blocks[i]
        if kind == SUBTITLE and doc.blocks[start].kind != TITLE:
            return
        if block.hints.get("layout", doc.layout) == WRAPPED and block.first_line != block.last_line:
            return
        # A title is a phrase, not running text: no sentence boundary inside, a modest length; a
        # line ending in a colon introduces what follows (a quotation, a list), it heads nothing.
        text = without_calls(block.text)
        if block.kind == PARAGRAPH and not TERMINAL.search(text) and len(words(block.text)) <= 20 \
                and not re.search(r"[.!?] \S", text) and starts_upper(block.text) \
                and webchrome.classify(text) is None and not text.rstrip().endswith(":") \
                and not (kind == SUBTITLE and is_byline(block.text)):  # "Door …" is the byline (find_bylines)
            block.kind = kind
            label = "titel" if kind == TITLE else "tweede titel"
            doc.decide("structure", block.first_line, f"{label} herkend: eerste regel(s) zonder slotleesteken",
                       doubtful=True, kind=kind)


def find_bylines(doc: Document) -> None:
    for i, block in enumerate(doc.blocks[:4]):
        if block.kind == PARAGRAPH and is_byline(block.text) and len(words(block.text)) <= 20:
            block.kind = BYLINE
            doc.decide("structure", block.first_line, "auteursregel herkend (begint met ‘door’)", kind=BYLINE)
            for before in doc.blocks[:i]:
                if before.kind == PARAGRAPH and webchrome.classify(without_calls(before.text)) is None:
                    before.kind = LEAD
                    doc.decide("structure", before.first_line, "inleiding (lead) herkend: tekst vóór de auteursregel",
                               kind=LEAD)
            return


def find_headings_and_lists(doc: Document) -> None:
    blocks = doc.blocks
    for i, block in enumerate(blocks):
        # A lone number between a heading and its paragraph (a footnote number that pdftotext set
        # there) does not decide what the heading is followed by.
        j = i + 1
        while j < len(blocks) - 1 and not any(c.isalpha() for c in blocks[j].text):
            j += 1
        nxt = blocks[j] if j < len(blocks) else None
        if nxt is None or not _heading_shape(block, doc.layout):
            continue
        if nxt.kind == LIST_ITEM and not (doc.layout == WRAPPED and nxt.hints.get("blank_before")):
            block.kind = LIST_TITLE
            doc.decide("structure", block.first_line, f"titel van een lijst herkend: ‘{block.text}’", kind=LIST_TITLE)
            continue
        # What follows a heading is running text: a sentence, or a longer line.  A word after a word
        # ("Oekraïne", "Rusland", "Landbouw": a site's tags under "Meer over") is no paragraph it heads.
        follows = TERMINAL.search(nxt.text) or len(words(nxt.text)) >= max(HEADING_FOLLOWER_WORDS,
                                                                            2 * len(words(block.text)))
        if (nxt.kind != PARAGRAPH or not starts_upper(block.text) or not starts_upper(nxt.text)
                or len(nxt.text) <= len(block.text) or not follows):
            continue
        block.kind = HEADING
        # Every heading is a guess from layout alone: listed for the editors to confirm.
        doubtful = True
        why = "korte regel zonder slotpunt, gevolgd door een langere alinea"
        if doc.layout == WRAPPED:
            why = "kort blok van smalle regels zonder slotpunt, gevolgd door een alinea"
        if block.text.endswith(("?", "!")):
            why += f"; eindigt op ‘{block.text[-1]}’, kan ook een korte alinea zijn"
        doc.decide("heading", block.first_line, f"tussenkop herkend: ‘{block.text}’ ({why})", doubtful=doubtful,
                   kind=HEADING)


def _cover(short: list[str], long: list[str]) -> float:
    matcher = difflib.SequenceMatcher(None, short, long, autojunk=False)
    return sum(m.size for m in matcher.get_matching_blocks()) / max(len(short), 1)


def find_pullquotes(doc: Document) -> None:
    """A short block that repeats words of a nearby paragraph is a pull quote (streamer)."""
    blocks = doc.blocks
    for i, block in enumerate(blocks):
        w = words(block.text)
        # A pull quote is a whole sentence or two, never a bare phrase (that would be a heading).
        if (block.kind != PARAGRAPH or not PULLQUOTE_MIN_WORDS <= len(w) <= PULLQUOTE_MAX_WORDS
                or not TERMINAL.search(block.text)):
            continue
        best, where = 0.0, None
        for j in range(max(0, i - 3), min(len(blocks), i + 4)):
            other = blocks[j]
            if j == i or other.kind not in (PARAGRAPH, LEAD) or len(other.text) <= len(block.text):
                continue
            cover = _cover(w, words(other.text))
            if cover > best:
                best, where = cover, other
        if best >= PULLQUOTE_MIN_COVER:
            block.kind = PULLQUOTE
            doc.decide("pullquote", block.first_line,
                       f"streamer herkend: {best:.0%} van de woorden herhaalt de alinea van regel {where.first_line}; "
                       "gezet als streamer, niet als lopende tekst", doubtful=best < 0.9,
                       cover=round(best, 2), source_line=where.first_line)


def find_provenance(doc: Document) -> None:
    """The last block, if it says where the text appeared first or who translated it."""
    last = doc.blocks[-1] if doc.blocks else None
    if last and last.kind == PARAGRAPH and len(words(last.text)) <= 60 and PROVENANCE_RE.search(last.text):
        last.kind = PROVENANCE
        doc.decide("structure", last.first_line,
                   "slotnotitie over herkomst of vertaling herkend; getoond als herkomst, niet als lopende tekst",
                   doubtful=True, kind=PROVENANCE)


def flag_unpunctuated(doc: Document) -> None:
    """Paragraphs that end without a closing punctuation mark: possibly a missing full stop.  Not a
    block that looks like the web page's own ("Deel dit artikel", a breadcrumb): the review report
    proposes to leave that out (review.boilerplate), and a full stop would be the wrong repair."""
    for block in doc.blocks:
        text = without_calls(block.text)
        if block.kind in (PARAGRAPH, LEAD) and not TERMINAL.search(text) \
                and not block.text.endswith(":") and webchrome.classify(text) is None:
            doc.decide("unpunctuated", block.last_line,
                       f"alinea eindigt zonder slotleesteken (‘…{block.text[-30:]}’): ontbreekt er een punt? "
                       "Zo ja, leg een emendatie vast in het YAML-bestand", doubtful=True)


def structure(doc: Document) -> None:
    find_end_marks(doc)
    find_title(doc)
    find_bylines(doc)
    find_pullquotes(doc)
    find_headings_and_lists(doc)
    find_provenance(doc)
    flag_unpunctuated(doc)

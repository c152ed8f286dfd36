"""Structural warnings: block shapes that a correct page of Dutch prose rarely has.

Each shape is a hint that layout or structure went wrong (paragraphs run together, a heading
glued to its paragraph, a page number left in the text), never proof: the report proposes the
YAML that repairs it (`split`, `join`, `structure`, `omit`) and the `confirmed` entry that keeps it.
"""

from __future__ import annotations

import re
from collections import defaultdict

from edition.cleaning.lineshape import starts_lower
from edition.cleaning.webchrome import word_count  # noqa: F401 – review.boilerplate counts with it too
from edition.model import CAPTION, HEADING, LEAD, LIST_ITEM, PARAGRAPH, PROVENANCE, PULLQUOTE, QUOTE, SUBTITLE, TABLE, TITLE, Document
from edition.review import quoting
from edition.review.items import KIND_NAMES, Item

# Dutch prose paragraphs run to 50–150 words; even long essayistic ones rarely pass 250. A longer
# block is most often several paragraphs (or a list) that the layout guess ran together.
LONG_BLOCK_WORDS = 250
# A heading is a phrase; past a dozen words it is usually a heading glued to its first sentence.
LONG_HEADING_WORDS = 12
PROSE_KINDS = (LEAD, PARAGRAPH, LIST_ITEM, PULLQUOTE, CAPTION, PROVENANCE, QUOTE)
# A sentence starts after . ! ? … (and closing quotes) and a space, with a capital or an opener.
_SENTENCE_START = re.compile(r"[.!?…][’”\"»)]? (?=[‘“\"'(«]?[A-ZÀ-Ý0-9])")
NUMBER_ONLY = re.compile(r"^[\W_]*(?:(?:p|pag|pagina|blz|page)\.?\s*)?\d{1,4}(?:\s*(?:/|van|of)\s*\d{1,4})?[\W_]*$",
                         re.IGNORECASE)
# "’s-Hertogenbosch", "’s avonds", "’t": lower case by spelling, not by a wrong break.
_APOSTROPHE_WORDS = re.compile(r"^[‘'’](s|t|n)\b")
START_WORDS = 6  # words quoted to anchor a split or a join


def _checked(doc: Document, block, rules: tuple[str, ...]) -> bool:
    """Has an editor already looked at this block's role (confirmed it or set it in the YAML)?"""
    for d in doc.decisions:
        if block.first_line <= d.line <= block.last_line and d.rule in rules:
            if d.rule == "editorial-structure" or "confirmed" in d.data:
                return True
    return False


def _head(text: str, start: int, n: int = START_WORDS) -> int:
    """End offset of the first `n` words from `start`."""
    ends = [m.end() for m in re.finditer(r"\S+", text[start:])][:n]
    return start + (ends[-1] if ends else 0)


def _tail(text: str, n: int = START_WORDS) -> int:
    """Start offset of the last `n` words."""
    starts = [m.start() for m in re.finditer(r"\S+", text)]
    return starts[-n] if len(starts) >= n else 0


def _confirm(sel: dict, rule: str, note: str) -> str:
    return quoting.dump({"confirmed": [{**sel, "rule": rule, "note": note}]})


def _split_point(block) -> tuple[int, bool] | None:
    """Where a run-together block most likely breaks, and whether that is at a source line: a
    sentence that begins a source line, nearest the middle; else any sentence start there."""
    text = block.text
    starts = [m.end() for m in _SENTENCE_START.finditer(text)]
    if not starts:
        return None
    line_starts = {off for off, _ in block.line_map}
    at_line = [s for s in starts if s in line_starts or s - 1 in line_starts]
    middle = len(text) / 2
    return min(at_line or starts, key=lambda s: abs(s - middle)), bool(at_line)


def long_blocks(doc: Document) -> list[Item]:
    items = []
    for bi, block in enumerate(doc.blocks):
        n = word_count(block.text)
        if block.kind not in PROSE_KINDS or n <= LONG_BLOCK_WORDS:
            continue
        snippets = []
        point = _split_point(block)
        at, at_line = point if point else (None, False)
        if at is not None:
            sel = quoting.selector(doc.blocks, bi, at, _head(block.text, at))
            if sel:
                snippets.append(quoting.entry("split", sel, reason="Hier begint een nieuwe alinea."))
        whole = quoting.selector(doc.blocks, bi, 0, _head(block.text, 0))
        if whole:
            snippets.append(_confirm(whole, "long-block", "Eén alinea in de bron; lang, maar juist."))
        where = ""
        if at is not None:
            where = (f" Een zin die bronregel {block.line_at(at)} begint, is een waarschijnlijke grens." if at_line
                     else " Het voorstel splitst bij een zin halverwege; kies zelf de juiste grens.")
        items.append(Item("long-block", block.first_line,
                          f"{KIND_NAMES[block.kind]} van {n} woorden (regels {block.first_line}–{block.last_line}): meer dan "
                          f"{LONG_BLOCK_WORDS} woorden is zelden één alinea; zijn hier alinea's samengevoegd?{where}",
                          snippets, bi, (0, len(block.text))))
    return items


def headings_and_titles(doc: Document) -> list[Item]:
    items = []
    titles = [bi for bi, b in enumerate(doc.blocks) if b.kind == TITLE]
    for bi in titles[1:]:
        block = doc.blocks[bi]
        sel = quoting.selector(doc.blocks, bi, 0, len(block.text))
        snippets = [quoting.entry("structure", sel, **{"as": SUBTITLE, "reason": "Tweede titel van de bron."}),
                    quoting.entry("structure", sel, **{"as": HEADING, "reason": "Een tussenkop, geen titel."})] if sel else []
        items.append(Item("two-titles", block.first_line,
                          f"tweede titel ‘{block.text[:80]}’ (de eerste staat op regel {doc.blocks[titles[0]].first_line}): "
                          "een pagina heeft één titel; is dit een tweede titel (subtitle) of een kop?",
                          snippets, bi, (0, len(block.text))))
    for bi, block in enumerate(doc.blocks):
        n = word_count(block.text)
        if block.kind not in (HEADING, TITLE, SUBTITLE) or n <= LONG_HEADING_WORDS:
            continue
        if _checked(doc, block, ("heading", "structure", "editorial-structure")):
            continue
        sel = quoting.selector(doc.blocks, bi, 0, len(block.text))
        snippets = []
        if sel:
            snippets.append(quoting.entry("structure", sel, **{"as": PARAGRAPH, "reason": "Lopende tekst, geen kop."}))
            first = quoting.selector(doc.blocks, bi, 0, _head(block.text, 0))
            snippets.append(_confirm(first, "long-heading", "Lange kop, maar juist."))
        items.append(Item("long-heading", block.first_line,
                          f"{KIND_NAMES[block.kind]} van {n} woorden: ‘{block.text[:80]}…’; een kop van meer dan "
                          f"{LONG_HEADING_WORDS} woorden is meestal een kop met de eerste zin eraan vast, of een alinea",
                          snippets, bi, (0, len(block.text))))
    return items


def lowercase_starts(doc: Document) -> list[Item]:
    items = []
    for bi, block in enumerate(doc.blocks):
        if bi == 0 or block.kind not in (LEAD, PARAGRAPH, LIST_ITEM) or not starts_lower(block.text):
            continue
        if block.hints.get("layout") in ("html", "docx"):  # blocks of a structured source are its own
            continue
        if _APOSTROPHE_WORDS.match(block.text):
            continue
        prev = doc.blocks[bi - 1]
        snippets = []
        sel = quoting.selector(doc.blocks, bi - 1, _tail(prev.text), len(prev.text))
        if sel:
            snippets.append(quoting.entry("join", sel, reason="De zin loopt door in het volgende blok."))
        own = quoting.selector(doc.blocks, bi, 0, _head(block.text, 0))
        if own:
            snippets.append(_confirm(own, "lowercase-start", "Begint in de bron met een kleine letter."))
        items.append(Item("lowercase-start", block.first_line,
                          f"{KIND_NAMES[block.kind]} begint met een kleine letter (‘{block.text[:50]}…’): loopt hier een zin "
                          f"door van het vorige blok (regel {prev.last_line})?", snippets, bi, (0, len(block.text))))
    return items


def numbers_and_running_heads(doc: Document) -> list[Item]:
    """Lone numbers (page numbers) and short source lines repeated inside longer blocks (running
    heads and feet the page-structure rules did not remove)."""
    items = []
    seen: dict[str, list[tuple[int, int, int, int]]] = defaultdict(list)
    for bi, block in enumerate(doc.blocks):
        if block.kind == TABLE:
            continue  # a cell of only a number, the same short cell in many rows: what tables hold
        if NUMBER_ONLY.match(block.text):
            sel = quoting.selector(doc.blocks, bi, 0, len(block.text))
            snippets = [quoting.entry("omit", sel, reason="Paginanummer, geen tekst.")] if sel else []
            if sel:
                snippets.append(_confirm(sel, "number-only", "Het getal hoort bij de tekst."))
            items.append(Item("number-only", block.first_line,
                              f"blok met alleen ‘{block.text}’: een paginanummer of een nummer van een lijst?",
                              snippets, bi, (0, len(block.text))))
            continue
        segs = quoting.segments(block)
        if len(segs) < 2:
            continue
        for start, end, line in segs:
            piece = block.text[start:end].strip()
            if NUMBER_ONLY.match(piece) and any(c.isdigit() for c in piece):
                s = start + block.text[start:end].index(piece)
                sel = quoting.selector(doc.blocks, bi, s, s + len(piece))
                snippets = [quoting.entry("omit", sel, reason="Paginanummer midden in de tekst.")] if sel else []
                items.append(Item("number-only", line,
                                  f"bronregel {line} is alleen ‘{piece}’, midden in een {KIND_NAMES[block.kind]}: een "
                                  "paginanummer dat in de tekst is blijven staan?", snippets, bi, (s, s + len(piece))))
            elif 6 <= len(piece) <= 70 and word_count(piece) <= 8:
                s = start + block.text[start:end].index(piece)
                seen[piece].append((bi, s, s + len(piece), line))
    for piece, places in seen.items():
        if len(places) < 2:
            continue
        for bi, s, e, line in places:
            sel = quoting.selector(doc.blocks, bi, s, e)
            snippets = [quoting.entry("omit", sel, reason="Kopregel of voetregel van de pagina.")] if sel else []
            items.append(Item("running-head", line,
                              f"de bronregel ‘{piece}’ staat {len(places)} keer in de tekst, midden in lopende tekst "
                              "(regels " + ", ".join(str(p[3]) for p in places) + "): een kop- of voetregel van de pagina?",
                              snippets, bi, (s, e), count=len(places)))
    return items


def find(doc: Document) -> list[Item]:
    return [*long_blocks(doc), *headings_and_titles(doc), *lowercase_starts(doc),
            *numbers_and_running_heads(doc)]

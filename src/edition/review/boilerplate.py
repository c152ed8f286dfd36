"""Boilerplate of web copies: what a web page puts around an article and a copy-paste keeps.

Share buttons, "Lees ook: …", newsletter prompts, cookie notices, "Advertentie", photo credits and
short lines repeated (site slogans). General patterns of web pages, in Dutch with the English
forms that Dutch sites use as well; never words of one text. Nothing is removed: each finding is
proposed as `omit` (or, for a photo credit, as `caption`) with the YAML to paste.
"""

from __future__ import annotations

import re
from collections import defaultdict

from edition.model import HEADING, Document
from edition.review import quoting
from edition.review.items import Item

from edition.cleaning.webchrome import MAX_WORDS, classify, word_count  # noqa: F401 – classify is this module's API too

REPEAT_MAX_WORDS = 10


def _lines(doc: Document):
    """(block index, start, end, source line, text) of every short piece to look at: a whole short
    block, or one source line of a longer block (a junk line that reflow glued to a paragraph)."""
    for bi, block in enumerate(doc.blocks):
        if word_count(block.text) <= MAX_WORDS:
            yield bi, 0, len(block.text), block.first_line, block.text
        segs = quoting.segments(block)
        if len(segs) < 2:
            continue
        for start, end, line in segs:
            piece = block.text[start:end].strip()
            if piece and word_count(piece) <= MAX_WORDS:
                s = start + block.text[start:end].index(piece)
                yield bi, s, s + len(piece), line, piece


def _proposal(doc: Document, bi: int, start: int, end: int, rule: str, why: str) -> list[str]:
    sel = quoting.selector(doc.blocks, bi, start, end)
    if sel is None:
        return []
    omit = quoting.entry("omit", sel, reason=f"Niet van het artikel: {why}.")
    confirm = quoting.dump({"confirmed": [{**sel, "rule": rule, "note": "Hoort bij de tekst."}]})
    if rule == "photo-credit":
        caption = quoting.entry("structure", sel, **{"as": "caption", "reason": "Fotocredit of bijschrift."})
        return [caption, omit, confirm]
    return [omit, confirm]


def find(doc: Document) -> list[Item]:
    items = []
    whole_blocks: dict[str, list[int]] = defaultdict(list)
    for bi, start, end, line, text in _lines(doc):
        if start == 0 and end == len(doc.blocks[bi].text):
            whole_blocks[text].append(bi)
        found = classify(text)
        if found is None:
            continue
        rule, why = found
        if rule == "photo-credit" and doc.blocks[bi].kind == "caption":
            continue  # already shown as a caption: settled
        items.append(Item(rule, line, f"‘{text[:80]}’: lijkt {why}, geen tekst van het artikel",
                          _proposal(doc, bi, start, end, rule, why), bi, (start, end)))
    # A slogan or a button repeated: short whole blocks that occur more than once.
    for text, places in whole_blocks.items():
        if len(places) < 2 or word_count(text) > REPEAT_MAX_WORDS or not re.search(r"[^\W\d_]", text):
            continue
        if all(doc.blocks[bi].kind == HEADING for bi in places):
            continue  # the same subheading twice ("Noten") is the text's own
        lines = ", ".join(str(doc.blocks[bi].first_line) for bi in places)
        for bi in places:
            block = doc.blocks[bi]
            items.append(Item("repeated-line", block.first_line,
                              f"‘{text[:80]}’ staat {len(places)} keer als los blok (regels {lines}): een slogan of "
                              "knop van de site?", _proposal(doc, bi, 0, len(block.text), "repeated-line",
                                                             "een herhaalde regel van de site"),
                              bi, (0, len(block.text)), count=len(places)))
    return items

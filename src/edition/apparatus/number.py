"""Stage 6 – number: paragraph numbers and stable ids.

Every block of running text (lead, paragraph, list item) gets the next number and the id `pN`;
headings get an id from their words.  These ids are what teachers link to: they are frozen by a
test (tests/test_frozen_links.py) and may only change with a redirect.
"""

from __future__ import annotations

import re
import unicodedata

from edition.model import CAPTION, HEADING, NUMBERED_KINDS, PULLQUOTE, SUBTITLE, TITLE, Document

_PARAGRAPH_ID = re.compile(r"^p\d+$")


# Heading ids use the first words only: short enough to type and to read in a link.
SLUG_WORDS = 6


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    parts = re.sub(r"[^a-z0-9]+", " ", ascii_text.lower()).split()
    return "-".join(parts[:SLUG_WORDS]) or "kop"


def number(doc: Document) -> None:
    used: set[str] = {"titel", "tweede-titel"}
    counters = {PULLQUOTE: 0, CAPTION: 0}
    n = 0
    for block in doc.blocks:
        if block.kind in NUMBERED_KINDS:
            n += 1
            block.number, block.id = n, f"p{n}"
        elif block.kind == HEADING:
            base = slugify(block.text)
            if _PARAGRAPH_ID.match(base):
                base = f"kop-{base}"
            candidate, k = base, 2
            while candidate in used:
                candidate, k = f"{base}-{k}", k + 1
            block.id = candidate
        elif block.kind in counters:
            counters[block.kind] += 1
            block.id = f"{'streamer' if block.kind == PULLQUOTE else 'bijschrift'}-{counters[block.kind]}"
        elif block.kind == TITLE:
            block.id = "titel"
        elif block.kind == SUBTITLE:
            block.id = "tweede-titel"
        if block.id:
            used.add(block.id)

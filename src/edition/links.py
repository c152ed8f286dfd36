"""The public addresses of the edition: page URLs and the anchors inside them.

Teachers link to these; `tests/test_frozen_links.py` compares them with a frozen snapshot so that
a change that would break a link fails until the link is kept or redirected.
"""

from __future__ import annotations

from .model import Document
from .structure import words

FIXED_PAGES = ("", "apparaat/", "over/")
FINGERPRINT_WORDS = 6


def text_url(slug: str) -> str:
    return f"teksten/{slug}/"


def snapshot(docs: list[Document]) -> dict:
    """Every page URL, and for every text each id with the first words of what it points at."""
    pages = list(FIXED_PAGES) + [text_url(d.slug) for d in docs]
    anchors = {}
    for doc in docs:
        anchors[text_url(doc.slug)] = {
            b.id: " ".join(words(b.text)[:FINGERPRINT_WORDS]) for b in doc.blocks if b.id
        }
    return {"pages": sorted(pages), "anchors": anchors}

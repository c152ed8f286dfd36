"""The public addresses of the edition: page URLs and the anchors inside them.

Teachers link to these; `tests/test_frozen_links.py` compares them with a frozen snapshot so that
a change that would break a link fails until the link is kept or redirected.
"""

from __future__ import annotations

from edition.model import Document
from edition.cleaning.structure import words

FIXED_PAGES = ("", "apparaat/", "over/")
FINGERPRINT_WORDS = 6


def text_url(slug: str) -> str:
    return f"teksten/{slug}/"


def _fingerprint(text: str) -> str:
    return " ".join(words(text)[:FINGERPRINT_WORDS])


def snapshot(docs: list[Document], edition=None) -> dict:
    """Every page URL, and for every page each id with the first words of what it points at:
    paragraphs and headings of the texts, their notes (#fn:id), entries of the glossary and the
    registers, works in the bibliography."""
    pages = list(FIXED_PAGES) + [text_url(d.slug) for d in docs] + [f"apparaat/{d.slug}/" for d in docs]
    anchors = {}
    for doc in docs:
        anchors[text_url(doc.slug)] = {b.id: _fingerprint(b.text) for b in doc.blocks if b.id}
        if edition is not None:
            anchors[text_url(doc.slug)].update(
                {f"fn:{n.id}": _fingerprint(n.body.source if n.body else n.intervention.reason) for n in doc.notes})
    if edition is not None:
        for register in edition.registers:
            page = f"{register.kind.page}/"
            pages.append(page)
            anchors[page] = {e.id: e.term for e in register.entries}
        if edition.bib is not None:
            pages.append("bibliografie/")
            anchors["bibliografie/"] = {k: edition.bib.label(k) for k in edition.bib.keys()}
    return {"pages": sorted(pages), "anchors": anchors}

"""The files readers download, and how the site names and links them: the PDFs (made by
printbuild.py into docs/downloads/) and the offline zip (offline.py, into site/downloads/)."""

from __future__ import annotations

import html
from dataclasses import dataclass

DOWNLOADS = "downloads"  # the folder, under docs/ and site/
EDITION_PDF = "editie.pdf"
OFFLINE_ZIP = "editie-offline.zip"


def pdf_name(slug: str | None = None) -> str:
    """The whole edition's PDF, or (with `slug`) one text's hand-out."""
    return EDITION_PDF if slug is None else f"{slug}.pdf"


def size_label(size: int) -> str:
    """A file size as a reader reads it: '1,2 MB', '380 kB'."""
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB".replace(".", ",")
    return f"{max(1, round(size / 1000))} kB"


@dataclass(frozen=True)
class Listed:
    """A PDF of the last full build as `edition serve` links it (which makes no PDFs): `stale` when
    a text, register or the bibliography it was made from changed since."""

    name: str
    pages: int
    size: int
    stale: bool = False


# Raw HTML (the card and the home page write it as it is).
STALE_NOTE = "verouderd: van vóór de laatste wijziging; <code>edition build</code> maakt hem opnieuw"


def pdf_link(made, prefix: str, label: str) -> str:
    """A link to a PDF (printbuild.Made, or Listed) with what a reader wants to know before
    downloading it, and under `edition serve` whether it is out of date."""
    stale = f' <em class="ed-stale">({STALE_NOTE})</em>' if getattr(made, "stale", False) else ""
    return (f'<a href="{prefix}{DOWNLOADS}/{made.name}" type="application/pdf">{html.escape(label)}</a> '
            f"(pdf, {made.pages} blz., {size_label(made.size)}){stale}")

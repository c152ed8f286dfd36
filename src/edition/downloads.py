"""The files readers download, and how the site names and links them: the PDFs (made by
printbuild.py into docs/downloads/) and the offline zip (offline.py, into site/downloads/)."""

from __future__ import annotations

import html

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


def pdf_link(made, prefix: str, label: str) -> str:
    """A link to a PDF (printbuild.Made) with what a reader wants to know before downloading it."""
    return (f'<a href="{prefix}{DOWNLOADS}/{made.name}" type="application/pdf">{html.escape(label)}</a> '
            f"(pdf, {made.pages} blz., {size_label(made.size)})")

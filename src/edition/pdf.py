"""Print HTML → PDF with WeasyPrint: fonts embedded, tagged (PDF/UA-1), reproducible.

Reproducible: the dates in the PDF come from the print HTML (`dcterms.created`, set from the
sources' last commit), the file identifier is a hash of the HTML, and WeasyPrint draws nothing
random; two builds of the same sources give the same bytes (tested).
"""

from __future__ import annotations

import hashlib
import logging
from importlib import resources
from pathlib import Path

from .errors import EditionError, Problem

# Debian's fonts-sil-charis (installed by scripts/install-system-deps.sh).  The files are named
# explicitly so that a missing font stops the build instead of falling back to another face.
FONT_DIRS = (Path("/usr/share/fonts/truetype/charis"),)
FONT_FILES = {("normal", "normal"): "CharisSIL-Regular.ttf", ("normal", "bold"): "CharisSIL-Bold.ttf",
              ("italic", "normal"): "CharisSIL-Italic.ttf", ("italic", "bold"): "CharisSIL-BoldItalic.ttf"}
PDF_VARIANT = "pdf/ua-1"


def font_dir() -> Path:
    for d in FONT_DIRS:
        if all((d / f).is_file() for f in FONT_FILES.values()):
            return d
    raise EditionError(Problem("src/edition/pdf.py", "het lettertype Charis SIL ontbreekt (gezocht in "
                               + ", ".join(str(d) for d in FONT_DIRS) + ").",
                               "Installeer het Debian-pakket fonts-sil-charis: bash scripts/install-system-deps.sh"))


def stylesheet() -> str:
    faces = []
    directory = font_dir()
    for (style, weight), name in sorted(FONT_FILES.items()):
        faces.append(f'@font-face {{ font-family: "Charis SIL"; font-style: {style}; font-weight: {weight}; '
                     f'src: url("{(directory / name).as_uri()}"); }}')
    css = resources.files("edition").joinpath("assets/print.css").read_text("utf-8")
    return "\n".join(faces) + "\n" + css


class _Warnings(logging.Handler):
    """WeasyPrint reports unsupported CSS and missing resources through logging; collect them so
    the build can refuse a PDF that was made with something missing."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def render(html: str, base_url: Path):
    """A laid-out WeasyPrint document (pages, anchors) for `html`."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    css = CSS(string=stylesheet(), font_config=fonts)
    return HTML(string=html, base_url=str(base_url)).render(stylesheets=[css], font_config=fonts)


def write_pdf(html: str, target: Path, base_url: Path, where: str) -> int:
    """Write `target`; returns the number of pages.  WeasyPrint warnings stop the build."""
    collected = _Warnings()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collected)
    try:
        document = render(html, base_url)
        target.parent.mkdir(parents=True, exist_ok=True)
        data = document.write_pdf(pdf_variant=PDF_VARIANT,
                                  pdf_identifier=hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode())
    finally:
        logger.removeHandler(collected)
    if collected.messages:
        raise EditionError([Problem(where, f"WeasyPrint: {m}", "Pas de print-CSS (src/edition/assets/print.css) "
                                    "of de print-HTML (src/edition/printhtml.py) aan.")
                            for m in dict.fromkeys(collected.messages)])
    if not target.exists() or target.read_bytes() != data:
        target.write_bytes(data)
    return len(document.pages)

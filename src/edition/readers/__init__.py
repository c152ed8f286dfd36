"""Stage 1 for what editors receive besides plain text: one reader per format, bytes in, a `Document`
with located lines out (and, where the format shows it, blocks and their roles). Plain text goes
through `normalise` and the cleaning stages instead (pipeline.py).

The registry `READERS` maps a source's suffix to its reader, `read(raw: bytes, path: str) -> Document`,
imported when first needed (a format's library is loaded only for a text in that format).  After a
reader, only the stages that still apply run (`stages_after`): a reader already made the lines and the
blocks with their roles from the format itself, so page structure, layout, reflow, hyphen restoration
and structure (which guess those from plain text) do not run; the source's notes do (`sourcenotes`),
unless the reader found them itself.  A reader module may name its own following stages in `STAGES`
(a sequence of (name, stage) pairs, like `pipeline.CLEANING_STAGES`).
"""

from __future__ import annotations

import importlib

from edition.errors import EditionError, Problem

# suffix → (module, function); `.txt` is not here: it is the plain-text path of pipeline.py.
READERS = {
    ".pdf": ("edition.readers.pdf", "read_pdf"),
    ".html": ("edition.readers.html", "read_html"),
    ".htm": ("edition.readers.html", "read_html"),
    ".docx": ("edition.readers.docx", "read_docx"),
}
SUFFIXES = tuple(READERS)


def _module(suffix: str, path: str):
    name, _function = READERS[suffix]
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        raise EditionError(Problem(path, f"de lezer voor {suffix}-bestanden is niet geïnstalleerd ({exc.name} ontbreekt).",
                                   "Voer `make setup` uit (of installeer het project opnieuw) en probeer het opnieuw.")) from None


def reader_for(path: str):
    """The reader of a source with this name, or None for plain text (`.txt`)."""
    suffix = "." + path.rsplit(".", 1)[-1].lower() if "." in path.rsplit("/", 1)[-1] else ""
    if suffix not in READERS:
        return None
    module = _module(suffix, path)
    return getattr(module, READERS[suffix][1])


def stages_after(path: str) -> tuple:
    """The cleaning stages that run after the reader of this source."""
    from edition.model import SOURCE_NOTE
    from edition.cleaning.sourcenotes import find_source_notes

    def source_notes(doc) -> None:
        if not any(b.kind == SOURCE_NOTE for b in doc.blocks):  # the reader did not find them itself
            find_source_notes(doc)

    suffix = "." + path.rsplit(".", 1)[-1].lower()
    own = getattr(_module(suffix, path), "STAGES", None)
    return tuple(own) if own is not None else (("sourcenotes", source_notes),)

"""The named, ordered stages, run over one `Document`."""

from __future__ import annotations

from pathlib import Path

from .layout import detect_layout
from .model import Document, slug_of
from .normalise import normalise
from .reflow import reflow
from .sourcefiles import read_source
from .structure import structure

CLEANING_STAGES = (("layout", detect_layout), ("reflow", reflow), ("structure", structure))


def clean_text(text: str | bytes, path: str = "<tekst>") -> Document:
    """Clean one raw text without any editorial file: normalise → layout → reflow → structure."""
    raw = text.encode("utf-8") if isinstance(text, str) else text
    doc = Document(path=path, slug=slug_of(path))
    normalise(raw, doc)
    for _name, stage in CLEANING_STAGES:
        stage(doc)
    return doc


def build_document(source: Path, root: Path) -> Document:
    """One raw text with its editorial YAML applied, numbered, ready to render."""
    from .editorial import apply_editorial
    from .number import number

    shown = source.relative_to(root).as_posix() if source.is_relative_to(root) else str(source)
    doc = clean_text(read_source(source, shown), shown)
    yml = source.with_suffix(".yml")
    shown_yml = yml.relative_to(root).as_posix() if yml.is_relative_to(root) else str(yml)
    apply_editorial(doc, yml if yml.exists() else None, shown_yml)
    number(doc)
    return doc

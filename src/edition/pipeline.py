"""The named, ordered stages, run over one `Document`."""

from __future__ import annotations

from pathlib import Path

from edition.errors import EditionError
from edition.cleaning.hyphenrestore import restore_hyphens
from edition.cleaning.layout import detect_layout
from edition.model import Document, slug_of
from edition.cleaning.normalise import normalise
from edition.cleaning.pagestructure import page_structure, unmatched_page_ops
from edition.readers import reader_for, stages_after
from edition.cleaning.reflow import reflow
from edition.readers.sourcefiles import read_source
from edition.cleaning.sourcenotes import find_source_notes
from edition.cleaning.structure import structure

CLEANING_STAGES = (("pagestructure", page_structure), ("layout", detect_layout), ("reflow", reflow),
                   ("hyphenrestore", restore_hyphens), ("structure", structure), ("sourcenotes", find_source_notes))


def clean_text(text: str | bytes, path: str = "<tekst>", layout: str = "", page_ops: list[dict] | None = None) -> Document:
    """Clean one raw text without any editorial file: normalise → page structure → layout → reflow → structure → source notes.

    A source in another format (`.pdf`, `.html`, `.docx`: the suffix of `path`) is read by its reader
    (`readers.READERS`), then only the stages that still apply run (`readers.stages_after`)."""
    raw = text.encode("utf-8") if isinstance(text, str) else text
    reader = reader_for(path)
    if reader is not None:
        # The editors' `page_lines` reach the reader: it decides what is page furniture (a PDF's running
        # heads, a web page's navigation), so keeping or dropping such a line is its decision too.
        doc = reader(raw, path, page_ops=page_ops or [])
        for _name, stage in stages_after(path):
            stage(doc)
        return doc
    doc = Document(path=path, slug=slug_of(path))
    normalise(raw, doc, check_columns=not layout)  # a layout the editors set: they have looked at the text
    doc.layout = layout  # the editors' whole-text layout (`layout: line` in the YAML), or "" to detect it
    doc.page_ops = page_ops or []  # the editors' `page_lines` (keep or drop page furniture)
    for _name, stage in CLEANING_STAGES:
        stage(doc)
    return doc


def build_document(source: Path, root: Path, clean=None) -> Document:
    """One raw text with its editorial YAML applied, numbered, ready to render.  `clean(raw, shown,
    layout, page_ops)`: where the cleaned text comes from, `clean_text` by default (a build passes
    the cache's, edition.cache.cleaned_text: a note saved in the YAML does not clean the text again)."""
    from edition.editorial.operations import apply_editorial, load_editorial
    from edition.editorial.layoutops import whole_text_layout
    from edition.apparatus.number import number

    shown = source.relative_to(root).as_posix() if source.is_relative_to(root) else str(source)
    yml = source.with_suffix(".yml")  # beside any source: x.txt, x.pdf, x.html, x.docx
    shown_yml = yml.relative_to(root).as_posix() if yml.is_relative_to(root) else str(yml)
    # The YAML is read once, before cleaning: a whole-text `layout:` and `page_lines` must reach the
    # cleaning stages; the rest is applied after them.
    layout, page_ops, located = "", [], None
    if yml.exists():
        located = load_editorial(yml, shown_yml)
        layout = whole_text_layout(located.data)
        page_ops = [{**spec, "where": located.where(("page_lines", i)), "matched": 0}
                    for i, spec in enumerate(located.data.get("page_lines") or [])]
    raw = read_source(source, shown)
    doc = (clean or clean_text)(raw, shown, layout, page_ops)
    unmatched = unmatched_page_ops(doc)
    if unmatched:
        raise EditionError(unmatched)
    apply_editorial(doc, located)
    number(doc)
    return doc

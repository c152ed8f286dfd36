"""A character the PDF's fonts lack is reported at its source line, not as a print-CSS error."""

from pathlib import Path

import pytest

from edition.typeset import pdf
from edition.errors import EditionError
from edition.checks.glyphs import missing_glyph_problems
from edition.model import Document, Line

ROOT = Path(__file__).resolve().parents[1]
FLAG = "\U0001F1FA\U0001F1E6"  # regional indicators U and A: no font of the PDF has them


def _doc() -> Document:
    return Document(path="sources/2025-02-vlag.txt", slug="2025-02-vlag",
                    lines=[Line(1, "Titel"), Line(3, f"Een vlag {FLAG} in de tekst.")])


def test_weasyprint_warning_is_traced_to_the_source_line():
    message = '.notdef glyph rendered for Unicode string unsupported by fonts: "\U0001F1FA" (U+1F1FA)'
    problems, rest = missing_glyph_problems([message, "iets anders"], [_doc()], "docs/downloads/x.pdf")
    assert rest == ["iets anders"]
    assert [p.where for p in problems] == ["sources/2025-02-vlag.txt:3"]
    assert "U+1F1FA" in problems[0].what and "regional indicator" in problems[0].what
    assert "interventions" in problems[0].fix


def test_a_character_from_metadata_names_the_pdf():
    message = '.notdef glyph rendered for Unicode string unsupported by fonts: "\U0001F1E6" (U+1F1E6)'
    problems, _ = missing_glyph_problems([message], [], "docs/downloads/x.pdf")
    assert problems[0].where == "docs/downloads/x.pdf" and "metagegevens" in problems[0].what


def test_a_real_pdf_with_a_flag_stops_with_the_line(tmp_path):
    html = ('<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>t</title></head>'
            f'<body><p>Een vlag {FLAG} in de tekst.</p></body></html>')
    with pytest.raises(EditionError) as caught:
        pdf.write_pdf(lambda digits: [html], tmp_path / "x.pdf", ROOT, "x.pdf", [_doc()])
    wheres = {p.where for p in caught.value.problems}
    assert wheres == {"sources/2025-02-vlag.txt:3"}
    assert not any("print-CSS" in p.fix for p in caught.value.problems)

"""The Word reader (edition.readers.docx): a .docx built here from its XML parts (tests/fixtures/docx/
make_docx.py; no Word or LibreOffice needed) comes out with its headings (from the styles), paragraphs,
list, quote, caption and footnotes (the source's notes); a file that is no .docx is a clear message."""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

import pytest
from project import copy_project, run_edition

from edition.checks import fidelity
from edition.errors import EditionError
from edition.model import CAPTION, HEADING, LIST_ITEM, QUOTE, SOURCE_NOTE, TITLE
from edition.apparatus.number import number
from edition.pipeline import clean_text
from edition.readers.docx import read_docx

DOCX = Path(__file__).parent / "fixtures" / "docx"
sys.path.insert(0, str(DOCX))
from make_docx import ARTICLE, article_docx, build_docx

SHOWN = "sources/2025-11-word.docx"


@pytest.fixture(scope="module")
def doc():
    d = clean_text(article_docx(), SHOWN)
    number(d)
    return d


def test_the_article_comes_out_block_for_block(doc):
    wanted = [tuple(line.split("\t", 1)) for line in (DOCX / "2025-11-word.expected.txt").read_text("utf-8").splitlines()]
    assert [(b.kind, b.text) for b in doc.blocks] == wanted


def test_headings_from_the_styles_and_the_other_roles(doc):
    assert doc.blocks[0].kind == TITLE and doc.blocks[0].text == "Moestuinen op het dak: de stad eet mee"
    assert [b.text for b in doc.blocks if b.kind == HEADING] == [
        "Van grind naar groente", "Wie oogst er eigenlijk?", "Grenzen aan de groei"]
    assert all(b.level == 2 for b in doc.blocks if b.kind == HEADING)
    kinds = [b.kind for b in doc.blocks]
    assert kinds.count(LIST_ITEM) == 3 and kinds.count(QUOTE) == 1 and kinds.count(CAPTION) == 1  # Word's "Quote": a quotation
    # every paragraph of the body is in the text, in order
    body = ["".join(r if isinstance(r, str) else f"[{r[1]}]" for r in runs) for style, runs in ARTICLE]
    assert [b.text for b in doc.blocks if b.kind != SOURCE_NOTE] == body


def test_footnotes_are_the_sources_notes(doc):
    notes = [b for b in doc.blocks if b.kind == SOURCE_NOTE]
    assert [n.text for n in notes] == [
        "1 De bedragen verschillen sterk per gemeente en worden elk jaar opnieuw vastgesteld.",
        "2 Zie het onderzoek naar groene daken van de Wageningse onderzoeksgroep uit 2023."]
    assert [(c[2], c[4]) for b in doc.blocks for c in b.source_calls] == [(1, "[1]"), (2, "[2]")]
    assert fidelity.check_model(doc) == []


def test_a_heading_1_for_sections_under_a_title():
    raw = build_docx([("Heading1", ["De titel"]), ("Normal", ["Een alinea."]), ("Heading1", ["Deel een"]),
                      ("Normal", ["Tekst."]), ("Heading2", ["Onderdeel"]), ("Normal", ["Meer tekst."])], {})
    d = read_docx(raw, "x.docx")
    assert [(b.kind, b.level) for b in d.blocks if b.kind in (TITLE, HEADING)] == [
        (TITLE, 1), (HEADING, 2), (HEADING, 3)]


def _zip(parts: dict[str, str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return buf.getvalue()


@pytest.mark.parametrize("raw, words", [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, ".doc"),
    (b"Gewone tekst, geen Word.", "geen geldig Word-bestand"),
    (b"{\\rtf1\\ansi tekst}", "RTF"),
    (None, "word/document.xml ontbreekt"),
    (None, "OpenDocument"),
    (None, "beschadigd"),
], ids=["doc", "text", "rtf", "zip-without-document", "odt", "truncated"])
def test_a_file_that_is_no_docx_is_a_clear_message(raw, words, request):
    case = request.node.callspec.id
    if case == "zip-without-document":
        raw = _zip({"iets.txt": "x"})
    elif case == "odt":
        raw = _zip({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"})
    elif case == "truncated":
        raw = article_docx()[:300]
    with pytest.raises(EditionError) as info:
        read_docx(raw, "sources/x.docx")
    problem = info.value.problems[0]
    assert words in str(problem) and problem.fix, str(problem)


def test_edition_clean_reads_a_docx_and_refuses_a_broken_one(tmp_path):
    root = copy_project(tmp_path / "p")
    (root / "sources" / "2025-11-word.docx").write_bytes(article_docx())
    result = run_edition(root, "clean", "sources/2025-11-word.docx")
    assert result.returncode == 0, result.stderr
    assert "## Wie oogst er eigenlijk?" in result.stdout and "Noten in de bron" in result.stdout
    (root / "sources" / "2025-11-kapot.docx").write_bytes(article_docx()[:200])
    result = run_edition(root, "clean", "sources/2025-11-kapot.docx")
    assert result.returncode == 1 and "beschadigd" in result.stderr and "Traceback" not in result.stderr

"""Bad input gets a clear error (file, line, byte position, how to fix); good input is normalised."""

import pytest

from edition.errors import EditionError
from edition.pipeline import clean_text


def error_of(raw: bytes) -> str:
    with pytest.raises(EditionError) as info:
        clean_text(raw, "sources/x.txt")
    return str(info.value)


def test_latin1_is_rejected_with_byte_position():
    msg = error_of("Eerste regel.\nOekraïne\n".encode("latin-1"))
    assert "sources/x.txt:2" in msg and "byte 19" in msg and "UTF-8" in msg


def test_nul_byte_is_rejected_with_line_and_column():
    msg = error_of(b"Een regel.\nNog\x00 een.\n")
    assert "sources/x.txt:2:4" in msg and "NUL" in msg


def test_control_character_is_rejected():
    assert "U+0007" in error_of(b"Een \x07 regel.\n")


@pytest.mark.parametrize("raw", [b"", b"   \n\n  \r\n"])
def test_empty_file_is_rejected(raw):
    assert "leeg" in error_of(raw)


def test_bom_crlf_nfc_and_spaces_are_normalised():
    raw = "\ufeff  Een  zin\tmet e\u0301e\u0301n accent.  \r\nTweede alinea hier.\r\n".encode("utf-8")
    doc = clean_text(raw, "sources/x.txt")
    assert [l.text for l in doc.lines] == ["Een zin met één accent.", "Tweede alinea hier."]
    rules = {d.rule for d in doc.decisions}
    assert {"normalise-bom", "normalise-newlines", "normalise-nfc", "normalise-odd-spaces",
            "normalise-leading-space", "normalise-trailing-space", "normalise-multiple-spaces"} <= rules


# --- two columns side by side (`pdftotext -layout` of a two-column page) ------------------------------

def _layout_text(pdf: bytes, tmp_path) -> bytes:
    """What `pdftotext -layout` (poppler-utils, a dependency) makes of `pdf`."""
    import subprocess

    (tmp_path / "in.pdf").write_bytes(pdf)
    subprocess.run(["pdftotext", "-layout", str(tmp_path / "in.pdf"), str(tmp_path / "out.txt")], check=True)
    return (tmp_path / "out.txt").read_bytes()


def _unseen_article(columns: bool) -> bytes:
    import weasyprint
    from pathlib import Path

    html = (Path(__file__).parent / "fixtures" / "pdf" / "unseen" / "01-analyse-tweekolom.html").read_text("utf-8")
    if not columns:
        assert html.count("columns: 2;") == 1
        html = html.replace("columns: 2;", "columns: 1;")
    return weasyprint.HTML(string=html).write_pdf()


@pytest.mark.parametrize("typesetter", ["weasyprint", "latex"])
def test_two_columns_side_by_side_stop_with_a_message(typesetter, tmp_path):
    from pathlib import Path

    pdf = (_unseen_article(True) if typesetter == "weasyprint"
           else (Path(__file__).parent / "fixtures" / "pdf" / "latex.pdf").read_bytes())
    with pytest.raises(EditionError) as info:
        clean_text(_layout_text(pdf, tmp_path), "sources/x.txt")
    (problem,) = info.value.problems
    assert problem.where.startswith("sources/x.txt:") and "twee kolommen naast elkaar" in problem.what
    assert "zonder -layout" in problem.fix and "layout: line" in problem.fix


def test_one_column_laid_out_and_a_layout_set_by_the_editors_are_read(tmp_path):
    doc = clean_text(_layout_text(_unseen_article(False), tmp_path), "sources/x.txt")
    assert any("lopen sterk uiteen" in b.text for b in doc.blocks)
    table = "".join(f"Regio nummer {i:<12}   {i * 7:>6} tot {i * 9:>6} eenheden\n" for i in range(1, 13))
    with pytest.raises(EditionError):
        clean_text(table, "sources/x.txt")
    assert len(clean_text(table, "sources/x.txt", layout="line").blocks) == 12

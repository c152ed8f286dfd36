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

"""Hyphens that pdftotext's default mode dropped at a line end are restored in extracted text only,
where the Dutch word list writes the word with a hyphen and not joined; recorded and accounted for."""

from edition.checks.fidelity import check_model
from edition.pipeline import clean_text

PAGE_ONE = ("Het eerste deel van het verhaal gaat over de oorlog en over een tvprogramma dat er veel\n"
            "later over werd gemaakt, met een exminister als gast en een lange oorlogsbeweging.\n")
PAGE_TWO = "\fHet tweede deel gaat over iets anders, namelijk de vrede en de onderhandelingen.\n"


def test_restored_in_extracted_text_and_accounted_for():
    doc = clean_text((PAGE_ONE + PAGE_TWO).encode("utf-8"), "sources/x.txt")
    text = " ".join(b.text for b in doc.blocks)
    assert "tv-programma" in text and "ex-minister" in text and "oorlogsbeweging" in text
    assert sorted(d.data["joined"] for d in doc.decisions if d.rule == "restore-hyphen") == ["exminister", "tvprogramma"]
    assert check_model(doc) == []


def test_not_restored_in_a_text_without_page_breaks():
    doc = clean_text(PAGE_ONE.encode("utf-8"), "sources/x.txt")
    assert "tvprogramma" in " ".join(b.text for b in doc.blocks)
    assert not any(d.rule == "restore-hyphen" for d in doc.decisions)

"""The fidelity check: it passes on the real texts and catches a lost or an invented word."""

from pathlib import Path

import pytest

from edition.checks import fidelity
from edition.pipeline import build_document

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted((ROOT / "sources").glob("*.txt"))


@pytest.fixture(scope="module")
def docs():
    return [build_document(s, ROOT) for s in SOURCES]


def test_model_is_faithful_for_every_text(docs):
    for doc in docs:
        assert fidelity.check_model(doc) == [], doc.path


def test_documented_joins_are_applied(docs):
    byrne = next(d for d in docs if "byrne" in d.slug)
    words = [t.word for t in fidelity.expected_tokens(byrne)]
    assert "gewapend" in words and "ge" not in words and "wapend" not in words
    assert "n" not in words[-60:]  # the end mark after "Sluit bij ons aan!"


def test_a_dropped_word_is_reported_with_its_source_line(docs):
    byrne = next(d for d in docs if "byrne" in d.slug)
    words = fidelity.model_words(byrne)
    i = words.index("gewapend")
    problems = fidelity.compare(byrne, words[:i] + words[i + 1:], "test")
    assert len(problems) == 1
    assert problems[0].where == "sources/2022-03-byrne-isa.txt:11" and "‘gewapend’" in problems[0].what


def test_an_invented_word_is_reported(docs):
    doc = docs[0]
    words = fidelity.model_words(doc)
    problems = fidelity.compare(doc, words[:5] + ["verzonnen"] + words[5:], "test")
    assert len(problems) == 1 and "niet in de bron" in problems[0].what and "verzonnen" in problems[0].what


def test_an_undocumented_change_of_the_text_fails(docs):
    doc = next(d for d in docs if "vrede" in d.slug)
    words = fidelity.model_words(doc)
    i = words.index("staakt")
    tampered = words[:i] + ["staak"] + words[i + 1:]
    # The first "staakt" is the emended one: the source reads "staak" there, so the source
    # reading is now an undocumented change against the emended reading.
    assert fidelity.compare(doc, tampered, "test")

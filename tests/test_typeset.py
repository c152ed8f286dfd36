"""Tests of the test typesetter (tests/typeset.py) itself; independent of the cleaner."""

from __future__ import annotations

from pathlib import Path

import pytest

from typeset import (
    SYNTHETIC_PARAGRAPHS,
    corpus,
    ends_sentence,
    reassemble,
    render,
    set_paragraph,
    typeset,
    typeset_lines,
)

ROOT = Path(__file__).resolve().parent.parent
WIDTHS = (28, 34, 40, 48)
SEEDS = (1, 2, 3, 4, 5)
CASES = [(w, s) for w in WIDTHS for s in SEEDS]


@pytest.fixture(scope="module")
def paragraphs() -> list[str]:
    return corpus(ROOT)


@pytest.fixture(scope="module")
def typeset_cases(paragraphs):
    return {(w, s): typeset_lines(paragraphs, w, s) for w, s in CASES}


def test_corpus(paragraphs):
    assert len(paragraphs) >= 40
    assert all(len(p) >= 200 for p in paragraphs)
    assert SYNTHETIC_PARAGRAPHS[0] in paragraphs
    assert all("  " not in p and p == p.strip() for p in paragraphs)


@pytest.mark.parametrize("width", WIDTHS, ids=lambda w: f"width-{w}")
def test_line_widths_respected(paragraphs, width):
    raw, _ = typeset(paragraphs, width, 1)
    for line in raw.splitlines():
        assert len(line.rstrip()) <= width, line
        assert len(line) <= width + 1  # at most one trailing space
    # and the column is actually filled: some line hits the width exactly
    assert max(len(line.rstrip()) for line in raw.splitlines()) == width


def test_oracle_reassembles_exactly(paragraphs, typeset_cases):
    for lines in typeset_cases.values():
        assert reassemble(lines) == paragraphs


def test_every_character_survives(paragraphs):
    """With all whitespace and hyphens removed, the raw text is the original text."""
    for width, seed in CASES[::3]:
        raw, original = typeset(paragraphs, width, seed)
        assert original == paragraphs
        strip = lambda t: "".join(t.split()).replace("-", "")  # noqa: E731
        assert strip(raw) == strip(" ".join(paragraphs))


def test_every_word_appears(paragraphs):
    """Every word of the input appears in the raw text, as a whole or split over lines."""
    raw, _ = typeset(paragraphs, 28, 2)
    flat = "".join(raw.split())  # lines glued; a soft hyphen leaves `onderhande-len`
    dehyphenated = flat.replace("-", "")
    for p in paragraphs:
        for word in p.split():
            assert word.replace("-", "") in dehyphenated


def test_deterministic_per_seed(paragraphs):
    assert typeset(paragraphs, 34, 3) == typeset(paragraphs, 34, 3)
    assert typeset(paragraphs, 34, 3)[0] != typeset(paragraphs, 34, 4)[0]


def test_paragraphs_separated_by_one_blank_line(paragraphs):
    raw, _ = typeset(paragraphs, 40, 1)
    assert "\n\n\n" not in raw
    assert raw.endswith("\n") and not raw.endswith("\n\n")


def test_trailing_spaces_on_about_half_the_lines(paragraphs):
    raw, _ = typeset(paragraphs, 34, 1)
    lines = [line for line in raw.splitlines() if line.strip()]
    share = sum(line.endswith(" ") for line in lines) / len(lines)
    assert 0.35 < share < 0.65


def test_own_hyphen_breaks_occur(typeset_cases):
    """Real compounds are broken at their own hyphen: `NAVO-` at a line end, `lidmaatschap` next."""
    seen = set()
    for lines in typeset_cases.values():
        texts = [line for line in lines if line is not None]
        for a, b in zip(texts, texts[1:]):
            if a.end == "hard":
                assert a.text.endswith("-")
                seen.add(a.text.split()[-1] + b.text.split()[0])
    assert "NAVO-lidmaatschap" in seen
    assert any(w.startswith(("Zuid-", "Noord-")) for w in seen)


def test_no_pyphen_breaks_next_to_existing_hyphens(typeset_cases):
    for lines in typeset_cases.values():
        texts = [line for line in lines if line is not None]
        for a, b in zip(texts, texts[1:]):
            if a.end == "soft":
                head = a.text.split()[-1][:-1]
                tail = b.text.split()[0]
                assert head[-1].isalpha() and tail[0].isalpha(), (head, tail)
                assert not head.endswith("-") and not tail.startswith("-")


def test_prefers_own_hyphen():
    lines = set_paragraph("Dit is het NAVO-lidmaatschap.", 25)
    assert lines[0] == ("Dit is het NAVO-", "hard")
    lines = set_paragraph("Zij spraken over anti-oorlogsbeweging.", 30)
    assert lines[0] == ("Zij spraken over anti-", "hard")
    # a suspended hyphen is a word of its own: never broken, never joined
    lines = set_paragraph("Zij wogen alle voor- en nadelen af.", 20)
    assert lines[0] == ("Zij wogen alle voor-", "space")


def test_column_breaks_and_run_together_occur(paragraphs, typeset_cases):
    after_hyphen = 0
    column_breaks = 0
    run_together = 0
    for lines in typeset_cases.values():
        for i in range(1, len(lines) - 1):
            prev, cur, nxt = lines[i - 1], lines[i], lines[i + 1]
            if cur is None and prev.paragraph == nxt.paragraph:
                column_breaks += 1
                after_hyphen += prev.text.endswith("-")
            if cur is not None and prev is not None and prev.paragraph != cur.paragraph:
                run_together += 1
    assert column_breaks > 100
    assert after_hyphen > 20
    assert run_together > 10


def test_no_undecidable_column_breaks(typeset_cases):
    """No column break after a sentence end, nor before a capital unless after a hyphen."""
    for (width, _), lines in typeset_cases.items():
        for i in range(1, len(lines) - 1):
            prev, cur, nxt = lines[i - 1], lines[i], lines[i + 1]
            if cur is None and prev.paragraph == nxt.paragraph:
                assert not ends_sentence(prev.text), prev.text
                if not prev.text.endswith("-"):
                    assert not nxt.text.lstrip("‘“\"'([")[0].isupper(), (prev.text, nxt.text)


def test_run_together_only_after_clearly_short_lines(paragraphs, typeset_cases):
    for (width, _), lines in typeset_cases.items():
        for prev, cur in zip(lines, lines[1:]):
            if prev is not None and cur is not None and prev.paragraph != cur.paragraph:
                first_word = paragraphs[cur.paragraph].split()[0]
                assert len(prev.text) + 1 + len(first_word) <= width - 4


def test_render_is_lines_joined(typeset_cases):
    lines = typeset_cases[(28, 1)]
    raw = render(lines, 1)
    assert [line.rstrip() for line in raw.splitlines()] == [
        "" if line is None else line.text for line in lines
    ]

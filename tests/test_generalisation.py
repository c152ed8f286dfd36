"""Does the cleaner generalise?  Typeset clean paragraphs as narrow hyphenated columns
(tests/typeset.py) and check that `clean_text` gives back exactly the original paragraphs.

Input: the body paragraphs (lines of 200+ characters) of two sources that have one
paragraph a line, plus synthetic paragraphs full of hard cases (real compounds with hyphens,
suspended hyphens, quotes, numbers, long compounds).
"""

from __future__ import annotations

import difflib
import sys
from pathlib import Path

import pytest

try:
    from typeset import corpus, render, typeset_lines
except ImportError:  # tests/ made into a package
    from .typeset import corpus, render, typeset_lines  # type: ignore[no-redef]

ROOT = Path(__file__).resolve().parent.parent
WIDTHS = (28, 34, 40, 48)
SEEDS = (1, 2, 3, 4, 5)
CASES = [pytest.param(w, s, id=f"width-{w}-seed-{s}") for w in WIDTHS for s in SEEDS]


@pytest.fixture(scope="module")
def clean_text():
    """The cleaner, imported lazily so that a missing or broken cleaner fails these tests only."""
    try:
        from edition.pipeline import clean_text
    except ModuleNotFoundError:
        sys.path.insert(0, str(ROOT / "src"))
        from edition.pipeline import clean_text
    return clean_text


@pytest.fixture(scope="module")
def paragraphs() -> list[str]:
    return corpus(ROOT)


# ---------------------------------------------------------------------------
# readable failure messages
# ---------------------------------------------------------------------------

CONTEXT = 4  # words of context around a difference
MAX_WORDS = 12  # words shown per side of one difference
MAX_BLOCKS = 5  # differing stretches shown in full


def _words(words: list[str], prefix: str) -> list[str]:
    shown = [f"{prefix}{w}" for w in words[:MAX_WORDS]]
    if len(words) > MAX_WORDS:
        shown.append(f"{prefix}… ({len(words) - MAX_WORDS} more words)")
    return shown


def word_diff(expected: str, got: str) -> list[str]:
    """Word-level diff: context words with two spaces, removed words `- `, added words `+ `."""
    a, b = expected.split(), got.split()
    out: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        before = a[max(0, i1 - CONTEXT) : i1]
        after = a[i2 : i2 + CONTEXT]
        if out:
            out.append("  ~~~")
        out.append("  " + ("… " if i1 > CONTEXT else "") + " ".join(before))
        out.extend(_words(a[i1:i2], "- "))
        out.extend(_words(b[j1:j2], "+ "))
        out.append("  " + " ".join(after) + (" …" if i2 + CONTEXT < len(a) else ""))
    return out


def _raw_excerpt(lines, paragraph: int, expected: str, got: str) -> list[str]:
    """The typeset lines of `paragraph` around the first differing word (blank lines shown as ¶)."""
    a, b = expected.split(), got.split()
    first = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    numbered = [(n + 1, line) for n, line in enumerate(lines)]
    own = [k for k, (_, line) in enumerate(numbered) if line is not None and line.paragraph == paragraph]
    if not own:
        return []
    # walk the paragraph's lines, counting the words they start, to find the first differing word
    at, count, continued = own[-1], 0, False
    for k in own:
        line = numbered[k][1]
        count += len(line.text.split()) - continued
        continued = line.end in ("soft", "hard")
        if count > first:
            at = k
            break
    lo, hi = max(0, at - 3), min(len(numbered), at + 4)
    out = []
    for n, line in numbered[lo:hi]:
        text = "¶" if line is None else line.text
        out.append(f"  {n:5d} | {text}")
    return out


def explain(expected: list[str], got: list[str], lines, width: int, seed: int) -> str:
    """Paragraph-level alignment, then a word diff of each differing stretch (¶ = paragraph break)."""
    ops = difflib.SequenceMatcher(None, expected, got, autojunk=False).get_opcodes()
    blocks = []
    for tag, i1, i2, j1, j2 in ops:
        if tag == "replace" and i2 - i1 == j2 - j1:  # n paragraphs changed one by one
            blocks += [(tag, i1 + d, i1 + d + 1, j1 + d, j1 + d + 1) for d in range(i2 - i1)]
        elif tag != "equal":
            blocks.append((tag, i1, i2, j1, j2))
    n_bad = sum(max(i2 - i1, 1) for _, i1, i2, _, _ in blocks)
    msg = [
        f"width {width}, seed {seed}: {len(expected)} paragraphs expected, {len(got)} returned;"
        f" {n_bad} expected paragraph(s) not returned exactly, in {len(blocks)} place(s)."
    ]
    for k, (_, i1, i2, j1, j2) in enumerate(blocks[:MAX_BLOCKS]):
        e = " ¶ ".join(expected[i1:i2])
        g = " ¶ ".join(got[j1:j2])
        where = f"paragraph {i1 + 1}" if i2 - i1 <= 1 else f"paragraphs {i1 + 1}-{i2}"
        msg += ["", f"{where} (returned as {j2 - j1} paragraph(s)):", *word_diff(e, g)]
        if k == 0:
            excerpt = _raw_excerpt(lines, i1, e, g)
            if excerpt:
                msg += ["typeset input there (line number | text, ¶ = blank line):", *excerpt]
    if len(blocks) > MAX_BLOCKS:
        msg.append(f"… and {len(blocks) - MAX_BLOCKS} more place(s)")
    msg.append(
        f"reproduce: raw = render(typeset_lines(corpus(ROOT), {width}, {seed}), {seed})"
        " with tests/typeset.py"
    )
    return "\n".join(msg)


# ---------------------------------------------------------------------------
# tests
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("width, seed", CASES)
def test_cleaner_restores_paragraphs(clean_text, paragraphs, width, seed):
    lines = typeset_lines(paragraphs, width, seed)
    raw = render(lines, seed)
    doc = clean_text(raw, path="<typeset>")
    got = doc.paragraph_texts()
    if got != paragraphs:
        pytest.fail(explain(paragraphs, got, lines, width, seed), pytrace=False)


@pytest.mark.parametrize("width", WIDTHS, ids=lambda w: f"width-{w}")
def test_layout_detected_as_wrapped(clean_text, paragraphs, width):
    raw = render(typeset_lines(paragraphs, width, 1), 1)
    doc = clean_text(raw, path="<typeset>")
    assert doc.layout == "wrapped"


def test_word_diff_is_readable():
    diff = word_diff(
        "Wat betreft NAVO-lidmaatschap was Oekraïne eerst bereid.",
        "Wat betreft NAVOlidmaatschap was Oekraïne eerst bereid.",
    )
    assert "- NAVO-lidmaatschap" in diff
    assert "+ NAVOlidmaatschap" in diff

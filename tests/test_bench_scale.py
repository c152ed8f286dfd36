"""`edition bench --scale N` makes the N× corpus itself: distinct slugs and distinct texts of the same
shape, which the pipeline cleans like the originals (the figures themselves are printed, not tested)."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest

from edition import bench, build
from edition.editorial import drafts

ROOT = Path(__file__).resolve().parents[1]


def test_the_scaled_corpus_is_distinct_texts_of_the_same_shape(tmp_path):
    copy = tmp_path / "editie"
    originals = sorted((ROOT / "sources").glob("*.txt"))
    assert bench.make_scaled_copy(ROOT, copy, 3) == 3 * len(originals)
    texts = sorted((copy / "sources").glob("*.txt"))
    assert len({p.stem for p in texts}) == 3 * len(originals)
    keep = bench._register_words(ROOT)
    for src in originals:
        raw = src.read_text("utf-8")
        first, second = (copy / "sources" / f"{src.stem}-kopie-{k}.txt" for k in (1, 2))
        for copied in (first.read_text("utf-8"), second.read_text("utf-8")):
            assert copied != raw and len(copied) == len(raw)
            # Punctuation, digits, spaces and line breaks are where they were.
            skeleton = lambda t: re.sub(r"[^\W\d_]", "a", t)  # noqa: E731
            assert skeleton(copied) == skeleton(raw)
        assert first.read_text("utf-8") != second.read_text("utf-8")
        # The words of the registers stay, so the registers find them in the copies too.
        kept = [w for w in re.findall(r"[^\W\d_]+", raw) if w.lower() in keep]
        assert kept == [w for w in re.findall(r"[^\W\d_]+", first.read_text("utf-8")) if w in kept]
    joined = b"".join(p.read_bytes() for p in texts)
    one = b"".join(p.read_bytes() for p in originals)
    assert len(gzip.compress(joined)) > 2.5 * len(gzip.compress(one))  # gzip sees three texts, not one


def test_the_copies_clean_and_are_published(tmp_path):
    copy = tmp_path / "editie"
    bench.make_scaled_copy(ROOT, copy, 2)
    docs = build.load_all(copy)  # every text cleaned and proven by the fidelity check on the model
    published, not_ready = drafts.partition(docs, copy)
    assert len(published) == len(docs) == 2 * len(list((ROOT / "sources").glob("*.txt")))
    assert not not_ready
    titles = {d.meta.get("title") if isinstance(d.meta.get("title"), str) else str(d.meta.get("title"))
              for d in docs}
    assert len(titles) == len(docs)


def test_one_note_change_is_one_real_change(tmp_path):
    copy = tmp_path / "editie"
    bench.make_scaled_copy(ROOT, copy, 1)
    before = {p: p.read_text("utf-8") for p in (copy / "sources").glob("*.yml")}
    changed = copy / bench._change_one_note(copy, 1)
    after = changed.read_text("utf-8")
    assert after != before[changed] and "Meting 1: " in after
    assert [p for p in before if p != changed and p.read_text("utf-8") != before[p]] == []
    bench._change_one_note(copy, 2)
    assert "Meting 2: " in changed.read_text("utf-8") and "Meting 1: " not in changed.read_text("utf-8")
    build.load_all(copy)  # still a valid editorial file


def test_a_failed_build_in_the_copy_says_what_the_build_said(tmp_path):
    """A build that fails in the copy is the user's problem, told in full (not an internal error
    that shows its message only with EDITION_DEBUG)."""
    from edition.bench import _run_measured
    from edition.errors import EditionError

    with pytest.raises(EditionError) as caught:
        _run_measured(tmp_path, "check")
    text = str(caught.value)
    assert "`edition check` in de kopie mislukte" in text
    assert "geen editie gevonden" in text  # what `edition check` itself said

"""The source's own notes (src/edition/sourcenotes.py): calls and notes recognised together, rendered as
the source's notes (not the editors'), doubtful cases left as text, and every word still on the page.

The block-level outcome of each raw case is in tests/fixtures/cleaning-sourcenotes.txt; here: the calls
(spans on the blocks), the decisions and the rendering."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import markdown
import pytest

from edition.checks import fidelity
from edition.model import SOURCE_NOTE
from edition.apparatus.number import number
from edition.pipeline import clean_text
from edition.site.render import render_markdown

sys.path.insert(0, str(Path(__file__).parent))
from test_cleaning_fixtures import load_cases
from test_render import extensions

FIXTURES = Path(__file__).parent / "fixtures" / "cleaning-sourcenotes.txt"
RAW = {name: raw for name, raw, _ in load_cases(FIXTURES)}


def clean(name_or_raw: str):
    doc = clean_text(RAW.get(name_or_raw, name_or_raw), "sources/noten.txt")
    number(doc)
    return doc


def calls(doc) -> list[tuple[str, int]]:
    """(marker with the word before it, note number) for every call, in text order."""
    out = []
    for b in doc.blocks:
        for start, end, n, _ref, marker in b.source_calls:
            assert b.text[start:end] == marker
            word = re.search(r"\S*$", b.text[:start]).group(0)
            out.append((word + marker, n))
    return out


def rules(doc, doubtful=None) -> list[str]:
    return [d.rule for d in doc.decisions if d.rule.startswith("source-note")
            and (doubtful is None or d.doubtful == doubtful)]


def page_html(doc) -> str:
    return markdown.markdown(render_markdown(doc, with_card=False), extensions=extensions())


def test_five_glued_calls_point_at_five_notes():
    doc = clean("sourcenotes-five-glued-calls")
    assert calls(doc) == [("nooit1", 1), ("was2", 2), ("doden.3", 3), ("onderhandelingen4", 4), ("is5", 5)]
    notes = [b for b in doc.blocks if b.kind == SOURCE_NOTE]
    assert [b.id for b in notes] == [f"bronnoot-{n}" for n in range(1, 6)]
    assert rules(doc, doubtful=True) == []
    assert rules(doc).count("source-note-call") == 5 and "source-notes" in rules(doc)
    # The notes are not running text: no paragraph numbers, and the heading's doubt is settled.
    assert all(b.number is None for b in notes)
    assert not any(d.rule == "heading" and d.line == 6 for d in doc.decisions)


def test_the_page_shows_calls_and_notes_as_the_sources_own_and_keeps_every_word():
    doc = clean("sourcenotes-five-glued-calls")
    page = page_html(doc)
    assert '<sup class="ed-srcnote-call"><a class="ed-srcnote-ref" id="bronnoot-1-ref" href="#bronnoot-1"' in page
    assert 'nooit<sup class="ed-srcnote-call">' in page  # glued, as in the source
    assert '<p class="ed-srcnote" data-l="7" id="bronnoot-1">' in page
    assert 'href="#bronnoot-1-ref"' in page  # the note leads back to its call
    assert "Noten in de bron" in page  # told apart from the editors' notes
    assert 'class="footnote' not in page  # not Python-Markdown footnotes (those are the editors')
    assert fidelity.html_words(page) == [t.word for t in fidelity.expected_tokens(doc)]


def test_the_fidelity_check_reads_the_source_notes():
    """Source notes are source text: a page without them must fail the check."""
    doc = clean("sourcenotes-five-glued-calls")
    page = page_html(doc)
    without = re.sub(r'<p class="ed-srcnote".*?</p>', "", page, flags=re.DOTALL)
    assert without != page
    problems = fidelity.check_html(doc, without, "noten.html")
    assert problems and "Panmunjom" in problems[0].what
    no_calls = re.sub(r'<sup class="ed-srcnote-call">.*?</sup>', "", page)
    assert fidelity.check_html(doc, no_calls, "noten.html")


def test_a_section_without_a_heading_of_its_own_is_named_by_the_edition():
    doc = clean("sourcenotes-blank-paste-wrapped-notes")
    page = page_html(doc)
    assert re.search(r'<h2 class="ed-ui" id="bronnoten">Noten in de bron', page)
    assert fidelity.html_words(page) == [t.word for t in fidelity.expected_tokens(doc)]
    # The rule line is removed by a named rule, accounted for by the fidelity check.
    assert [d.rule for d in doc.dropped.values()] == ["source-notes-rule"]
    assert calls(doc) == [("meerderheid.1", 1), ("inkomen,2", 2)]


def test_codes_units_and_years_are_never_calls():
    doc = clean("sourcenotes-codes-units-years-are-text")
    assert calls(doc) == [] and rules(doc) == []


def test_in_a_text_with_notes_a_code_that_could_be_a_call_is_doubtful():
    raw = ("De uitstoot van CO2 steeg opnieuw, zei de voorzitter van de G7 op de top1 in juni.\n"
           "De woning van 80 m2 werd in het voorjaar2 verkocht, in juni2022 al.\n"
           "Noten\n1 Eerste noot.\n2 Tweede noot.\n")
    doc = clean(raw)
    assert calls(doc) == [("top1", 1), ("voorjaar2", 2)]
    doubts = [d for d in doc.decisions if d.rule == "source-note-doubt"]
    assert [d.doubtful for d in doubts] == [True, True]
    assert "CO2" in doubts[0].message and "juni2022" in doubts[1].message  # G7 > 2 notes; m2 is a unit


def test_notes_one_to_four_with_calls_one_to_five_stay_text_and_are_doubtful():
    doc = clean("sourcenotes-mismatch-four-notes-five-calls")
    assert calls(doc) == [] and not any(b.kind == SOURCE_NOTE for b in doc.blocks)
    assert set(rules(doc, doubtful=True)) == {"source-notes-mismatch", "source-note-doubt"}
    mismatch = next(d for d in doc.decisions if d.rule == "source-notes-mismatch")
    assert "1–4" in mismatch.message and "bewering5" in mismatch.message


def test_a_missing_call_is_a_mismatch():
    raw = "Een zin met een noot1 en nog een zin.\nEen alinea zonder tweede verwijzing.\nNoten\n1 Een.\n2 Twee.\n"
    doc = clean(raw)
    assert calls(doc) == [] and rules(doc, doubtful=True) == ["source-notes-mismatch"]


def test_superscript_calls_and_notes():
    doc = clean("sourcenotes-superscript-calls")
    assert calls(doc) == [("getekend¹", 1), ("waard²", 2), ("afspraak³", 3)]
    page = page_html(doc)
    assert 'getekend<a class="ed-srcnote-ref"' in page  # ¹ is raised already: no <sup>
    assert fidelity.html_words(page) == [t.word for t in fidelity.expected_tokens(doc)]


def test_a_web_copy_with_bracketed_calls_may_call_a_note_twice():
    doc = clean("sourcenotes-web-copy-bracket-links")
    assert calls(doc) == [("leven.[1]", 1), ("vee.[2]", 2), ("[3]", 3), ("besluit.[1]", 1)]
    refs = [c[3] for b in doc.blocks for c in b.source_calls]
    assert refs == ["bronnoot-1-ref", "bronnoot-2-ref", "bronnoot-3-ref", "bronnoot-1-ref-2"]
    page = page_html(doc)
    assert page.count('href="#bronnoot-1"') == 2
    assert fidelity.html_words(page) == [t.word for t in fidelity.expected_tokens(doc)]


def test_a_numbered_list_at_the_end_that_nothing_calls_is_left_alone():
    doc = clean("sourcenotes-numbered-list-at-end-is-not-notes")
    assert rules(doc) == []


def test_glued_digits_without_notes_are_flagged():
    doc = clean("sourcenotes-glued-digits-without-notes-stay-text")
    assert rules(doc, doubtful=True) == ["source-note-doubt"]
    assert calls(doc) == []


def test_the_blog_copies_find_their_five_notes():
    """The blog-like text of issue 13 in its three raw forms (tests/fixtures/blog)."""
    for name in ("web.txt", "blank.txt", "wrapped60.txt"):
        path = Path(__file__).parent / "fixtures" / "blog" / name
        if not path.exists():
            pytest.skip("blog fixtures not present")
        doc = clean_text(path.read_bytes(), f"sources/{name}")
        assert [n for _w, n in calls(doc)] == [1, 2, 3, 4, 5], name
        assert sum(b.kind == SOURCE_NOTE for b in doc.blocks) == 5, name


def test_an_emendation_before_a_call_does_not_misplace_it():
    """Calls are spans set while cleaning; an emendation that changes the length of the text before
    a call moves the call (render looks its marker up again), it never wraps other letters."""
    doc = clean("sourcenotes-five-glued-calls")
    block = next(b for b in doc.blocks if b.source_calls)
    block.text = "Nu " + block.text  # what an emendation earlier in the block does
    page = page_html(doc)
    assert 'nooit<sup class="ed-srcnote-call"><a class="ed-srcnote-ref" id="bronnoot-1-ref"' in page


@pytest.mark.parametrize("raw", [
    "Noten\n1 Alleen een noot zonder tekst ervoor.\n",
    "Tekst1.\n1\n",
    "Tekst met [1] en [99] en [0].\nBronnen\n[1] Een.\n",
    "¹²³⁴⁵⁶⁷⁸⁹⁰ en ¹\n¹ noot\n",
    "Een zin1.\n\n____\n\n",
])
def test_odd_input_gives_no_traceback_and_stays_faithful(raw):
    doc = clean(raw)
    assert fidelity.html_words(page_html(doc)) == [t.word for t in fidelity.expected_tokens(doc)]


YAML = """metadata:
  title:
    text: "Een tekst met noten"
    supplied: false
  authors: []
  author_note: De tekst noemt geen auteur.
  date:
    iso: "2023-01"
    display: januari 2023
    approximate: false
    evidence: Testtekst.
  published_in:
    text: null
    evidence: Testtekst.
  translation:
    status: oorspronkelijk Nederlands
    evidence: Testtekst.
  genre: beschouwing
  description: Een testtekst met noten van de bron.
"""


def test_a_text_with_source_notes_builds_and_its_page_passes_the_fidelity_check(tmp_path):
    from project import copy_project, run_edition

    root = copy_project(tmp_path / "editie")
    (root / "sources" / "2023-01-noten.txt").write_text(RAW["sourcenotes-five-glued-calls"], "utf-8")
    (root / "sources" / "2023-01-noten.yml").write_text(YAML, "utf-8")
    done = run_edition(root, "build", "--no-downloads")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Getrouwheidscontrole geslaagd" in done.stdout
    page = (root / "site" / "teksten" / "2023-01-noten" / "index.html").read_text("utf-8")
    assert page.count('class="ed-srcnote-ref"') == 5 and page.count('class="ed-srcnote"') == 5
    assert "Noten in de bron" in page

"""Drafts: a text without finished metadata (no YAML, a missing field, a TODO mark) is built and
checked, shown under `edition serve`/`build --drafts` with a "concept" banner, and left out of a
release build.  `edition new` writes the YAML proposal.  The pages about the edition count the
published texts from data (docs/_inleiding.md, docs/over.md placeholders), not from code."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from edition.editorial import drafts
from edition.build import FACTS_FILE, generate, load_all
from edition.editorial.operations import load_editorial
from edition.errors import EditionError
from edition.site.pages import edition_facts, fill_placeholders
from edition.editorial.skeleton import dates_seen, write_skeleton
from project import copy_project, run_edition

NEW = """Een nieuwe tekst over de oorlog

door Jan de Vries (Stichting Vrede), 12 oktober 2025

Op 10 oktober 2025 kwamen de ministers in Brussel bijeen. Poetin liet weten dat hij niet zou komen.

De NAVO besprak de steun aan Oekraïne. In maart 2022 was dat nog anders.
"""
FINISHED = """metadata:
  title: {text: Een nieuwe tekst over de oorlog, supplied: false}
  authors: [{name: Jan de Vries, kind: persoon, evidence: auteursregel}]
  date: {iso: "2025-10", display: oktober 2025, approximate: false, evidence: auteursregel}
  published_in: {text: null, evidence: onbekend}
  translation: {status: onbekend, evidence: geen vertaler vermeld}
  genre: opiniestuk
  description: Een nieuwe tekst.
"""
SLUG = "2025-10-nieuw"


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return copy_project(tmp_path_factory.mktemp("drafts") / "project")


@pytest.fixture
def with_new(project):
    src = project / "sources" / f"{SLUG}.txt"
    src.write_text(NEW, "utf-8")
    yield project, src
    src.unlink()
    src.with_suffix(".yml").unlink(missing_ok=True)


def test_the_skeleton_proposes_what_the_cleaner_saw_and_is_valid(tmp_path):
    src = tmp_path / "2025-10-x.txt"
    src.write_text(NEW, "utf-8")
    yml = write_skeleton(src)
    text = yml.read_text("utf-8")
    load_editorial(yml, "sources/2025-10-x.yml")  # valid against the schema
    assert "Een nieuwe tekst over de oorlog" in text and 'name: "Jan de Vries"' in text
    assert 'affiliation: "Stichting Vrede"' in text and 'iso: "2025-10-12"' in text
    assert "r. 3 ‘12 oktober 2025’" in text  # the evidence line of the date
    todo_lines = [l for l in text.splitlines() if "TODO" in l]
    assert len(todo_lines) >= 5
    with pytest.raises(EditionError) as caught:  # never overwritten
        write_skeleton(src)
    assert "bestaat al" in str(caught.value) and yml.read_text("utf-8") == text


def test_a_text_with_nothing_detectable_gets_a_valid_skeleton(tmp_path):
    src = tmp_path / "2025-10-y.txt"
    src.write_text("dit is een alinea zonder titel, zonder auteur en zonder datum, die gewoon doorloopt.\n", "utf-8")
    yml = write_skeleton(src)
    located = load_editorial(yml, "sources/2025-10-y.yml")
    assert "date" not in located.data["metadata"] and "TODO" in yml.read_text("utf-8")


def test_dates_seen_in_dutch_forms():
    from edition.pipeline import clean_text

    doc = clean_text("Op 5 maart 2022 en in april 2023, of 2024-01-02 en 03-04-2021; ook 1999.\n", "x.txt")
    assert [d[2] for d in dates_seen(doc)] == [("2022", 3, 5), ("2023", 4, None), ("2024", 1, 2), ("2021", 4, 3)]
    assert dates_seen(clean_text("Op 13-13-2022 niet.\n", "x.txt")) == [(1, "2022", ("2022", None, None))]


def test_draft_status_is_data(with_new):
    root, src = with_new
    yml = src.with_suffix(".yml")
    by_slug = lambda: {d.doc.slug: d for d in drafts.partition(load_all(root), root)[1]}  # noqa: E731
    assert "geen redactiebestand" in by_slug()[SLUG].reasons()[0] and "edition new" in by_slug()[SLUG].reasons()[0]
    yml.write_text(FINISHED, "utf-8")
    assert SLUG not in by_slug()  # finished: published
    yml.write_text(FINISHED.replace("  genre: opiniestuk\n", ""), "utf-8")
    assert "genre (genre)" in by_slug()[SLUG].reasons()[0]
    yml.write_text(FINISHED.replace("genre: opiniestuk", "genre: opiniestuk  # TODO: nakijken"), "utf-8")
    assert by_slug()[SLUG].reasons() == [f"sources/{SLUG}.yml:7: nog na te kijken: genre: opiniestuk  # TODO: nakijken"]
    yml.write_text(FINISHED.replace("authors: [{name: Jan de Vries, kind: persoon, evidence: auteursregel}]",
                                    "authors: []"), "utf-8")
    assert "auteurs" in by_slug()[SLUG].reasons()[0]  # "no author" must be said in author_note
    # The four texts of the edition are finished.
    assert set(by_slug()) == {SLUG}


def test_a_release_build_leaves_the_draft_out_and_the_preview_shows_it(with_new):
    root, src = with_new
    write_skeleton(src)
    result = generate(root)
    assert [d.doc.slug for d in result.drafts] == [SLUG] and not result.drafts_shown
    assert not (root / "docs" / "teksten" / f"{SLUG}.md").exists()
    for page in ("index.md", "apparaat.md", "personen.md", "plaatsen.md", "woordenlijst.md", "bibliografie.md"):
        assert SLUG not in (root / "docs" / page).read_text("utf-8"), page
    report = (root / "review" / "review.md").read_text("utf-8")
    assert "## Concepten (niet gepubliceerd)" in report and f"### sources/{SLUG}.txt" in report
    assert "published_in" in report and f"sources/{SLUG}.yml:" in report
    assert json.loads((root / FACTS_FILE).read_text("utf-8"))["aantal"] == "vier"

    preview = generate(root, include_drafts=True)
    assert preview.drafts_shown and SLUG in {d.slug for d in preview.docs}
    page = (root / "docs" / "teksten" / f"{SLUG}.md").read_text("utf-8")
    assert page.index("Concept — niet gepubliceerd") < page.index("# Een nieuwe tekst")
    assert "ed-ui" in page.split("Concept — niet gepubliceerd")[0].rsplit("<div", 1)[1]
    home = (root / "docs" / "index.md").read_text("utf-8")
    assert "## Concepten" in home and home.index(f"teksten/{SLUG}.md") > home.index("## Concepten")
    assert "Deze editie brengt vier " in home  # the count is of the published texts
    generate(root)  # and a release build removes the preview's page again
    assert not (root / "docs" / "teksten" / f"{SLUG}.md").exists()


def test_a_published_note_may_not_point_at_a_draft(with_new):
    root, src = with_new
    yml = root / "sources" / "2025-06-koreaans-scenario.yml"
    good = yml.read_text("utf-8")
    try:
        yml.write_text(good.replace("Zie de noot bij het fotobijschrift", f"Zie [[{SLUG}]] en de noot bij het "
                                                                         "fotobijschrift"), "utf-8")
        with pytest.raises(EditionError) as caught:
            generate(root)
        assert "nog een concept" in str(caught.value) and "2025-06-koreaans-scenario.yml" in str(caught.value)
    finally:
        yml.write_text(good, "utf-8")


def test_facts_and_placeholders():
    from edition.model import Document

    docs = [Document("a.txt", "a", meta={"date": {"iso": "2022-03"}, "genre": "analyse"}),
            Document("b.txt", "b", meta={"date": {"iso": "2025"}, "genre": "analyse"}),
            Document("c.txt", "c", meta={"genre": "beschouwing"})]
    facts = edition_facts(docs)
    assert facts["aantal"] == "drie" and facts["periode"] == "tussen 2022 en 2025"
    assert facts["genres"] == "analyse (twee teksten) en beschouwing"
    assert edition_facts(docs[:1])["aantal_teksten"] == "één tekst" and edition_facts(docs[:1])["periode"] == "in 2022"
    assert fill_placeholders("{{ aantal }} en {{aantal_cijfers}}", facts, "x.md") == "drie en 3"
    with pytest.raises(EditionError) as caught:
        fill_placeholders("regel\n{{ aantl }}", facts, "docs/over.md")
    assert caught.value.problems[0].where == "docs/over.md:2" and "{{ aantal }}" in caught.value.problems[0].fix


def test_a_fifth_finished_text_changes_the_count_without_python(with_new):
    """docs/_inleiding.md and docs/over.md say {{ aantal }}: a fifth text makes it ‘vijf’ on the
    built site (home page and ‘Over deze editie’), and mkdocs.yml's description has no number."""
    root, src = with_new
    src.with_suffix(".yml").write_text(FINISHED, "utf-8")
    done = run_edition(root, "build", "--no-downloads", timeout=300)
    assert done.returncode == 0, done.stderr
    home = (root / "site" / "index.html").read_text("utf-8")
    about = (root / "site" / "over" / "index.html").read_text("utf-8")
    assert "Deze editie brengt vijf Nederlandstalige teksten" in home and "opiniestuk" in home
    assert re.search(r"brengt vijf Nederlandstalige teksten samen", about) and "{{" not in about
    assert "vier" not in re.search(r'<meta name="description" content="([^"]*)"', about)[1]
    assert not (root / "site" / "_inleiding").exists() and not (root / "site" / "_inleiding.md").exists()
    shutil.rmtree(root / "site")

"""`sic`: an error of the source the edition does not correct — the reading stays, with a note ‘zo
in de bron’ at the quoted words, listed in the apparatus and printed as a footnote; and the review
report's `sic` proposal works as pasted."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from edition.apparatus.annotate import collect  # noqa: E402
from edition.build import load_all  # noqa: E402
from edition.editorial import yamlfile  # noqa: E402
from edition.errors import EditionError  # noqa: E402
from edition.site.pages import apparatus_pages  # noqa: E402
from edition.site.render import render_markdown  # noqa: E402
from project import copy_project  # noqa: E402

SLUG = "2025-06-koreaans-scenario"


def _without_sic(root: Path) -> Path:
    """The copy's editorial files without their own `sic` entries (the corpus has real ones), so that a
    test can add one of its own and the review report proposes the source errors again."""
    for yml in (root / "sources").glob("*.yml"):
        data = yamlfile.load(yml.read_text("utf-8"), yml.name).data
        if isinstance(data, dict) and data.pop("sic", None) is not None:
            yml.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=120), "utf-8")
    return root


def _with(tmp_path, yaml_tail: str):
    root = _without_sic(copy_project(tmp_path / "editie"))
    yml = root / "sources" / f"{SLUG}.yml"
    yml.write_text(yml.read_text("utf-8") + yaml_tail, "utf-8")
    return root


def test_the_editions_own_sic_entries_are_marked_on_the_page_and_in_the_apparatus():
    from project import ROOT

    docs = load_all(ROOT)
    sics = [n for d in docs for n in d.notes if n.kind == "sic"]
    assert len(sics) >= 10 and all(n.id.isascii() for n in sics)
    assert "Fouten in de bron, niet verbeterd (sic)" in "".join(apparatus_pages(docs).values())


def test_a_sic_keeps_the_reading_and_adds_a_note(tmp_path):
    root = _with(tmp_path, "sic:\n  - quote: Ciragan Paleis\n    kind: spelling\n"
                           "    note: Het paleis heet Çırağanpaleis.\n")
    docs = load_all(root)
    doc = next(d for d in docs if d.slug == SLUG)
    [note] = [n for n in doc.notes if n.kind == "sic"]
    assert note.id == "sic-ciragan-paleis" and "Ciragan Paleis" in note.block.text
    page = render_markdown(doc, edition=collect(root, docs), site_url="https://voorbeeld.nl/")
    assert "[^sic-ciragan-paleis]" in page and "Zo in de bron." in page and "Çırağanpaleis" in page
    assert "Fouten in de bron, niet verbeterd (sic)" in "".join(apparatus_pages(docs).values())


@pytest.mark.parametrize("entry, expected", [
    ("  - {quote: Ciragan Paleis, kind: tikfout, note: x}\n", "sources/2025-06-koreaans-scenario.yml"),
    ("  - {quote: bestaat nergens in de tekst, kind: spelling, note: x}\n", "komt niet voor"),
])
def test_a_bad_sic_is_a_message(tmp_path, entry, expected):
    with pytest.raises(EditionError) as caught:
        load_all(_with(tmp_path, "sic:\n" + entry))
    assert expected in str(caught.value)


def test_the_review_reports_sic_proposal_works_as_pasted(tmp_path):
    from edition import review

    root = _without_sic(copy_project(tmp_path / "editie"))
    docs = load_all(root)
    edition = collect(root, docs)
    pasted = 0
    for doc in docs:
        proposals = [i for i in review.collect(doc, edition.occurrences)
                     if not i.confirmed and i.snippets and i.snippets[0].startswith("sic:")]
        if not proposals:
            continue
        yml = root / "sources" / f"{doc.slug}.yml"
        body = "".join(p.snippets[0].split("\n", 1)[1] for p in proposals)  # the entries under one `sic:`
        yml.write_text(yml.read_text("utf-8") + "sic:\n" + body, "utf-8")
        pasted += len(proposals)
    assert pasted >= 3
    docs = load_all(root)
    edition = collect(root, docs)
    left = [i for d in docs for i in review.collect(d, edition.occurrences)
            if not i.confirmed and i.snippets and i.snippets[0].startswith("sic:")]
    assert left == []

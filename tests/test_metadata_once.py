"""Metadata once: the bibliographic record of a source text is made from its YAML metadata; the
.bib files hold the works cited.  A hand-written entry for a text is used but said to be unneeded."""

from __future__ import annotations

from pathlib import Path

from pybtex.database import Person

from edition.apparatus import bibstyle
from edition.apparatus.annotate import collect
from edition.apparatus.bibliography import add_source_texts, latex, load_bibliography, source_entry
from edition.build import load_all
from edition.apparatus.citation import exports, meta_tags
from edition.model import Document

ROOT = Path(__file__).resolve().parents[1]


def doc_with(meta: dict, slug: str = "2025-10-proef") -> Document:
    return Document(path=f"sources/{slug}.txt", slug=slug, meta=meta)


META = {
    "title": {"text": "Een titel", "supplied": True, "note": "De bron heeft geen titel."},
    "authors": [{"name": "Jan de Vries", "kind": "persoon", "evidence": "Auteursregel: ‘door Jan de Vries’."},
                {"name": "Stichting Vrede & Recht", "kind": "organisatie"}],
    "date": {"iso": "2025-10-12", "display": "12 oktober 2025", "approximate": False, "evidence": "Staat boven de tekst."},
    "published_in": {"text": "De Krant", "evidence": "Kop van de pagina."},
    "translation": {"status": "vertaling", "translator": "redactie X", "original_language": "Engels",
                    "evidence": "Slotnotitie."},
    "genre": "beschouwing", "description": "Een zin.",
}


def test_the_record_says_what_the_yaml_says():
    entry = source_entry(doc_with(META))
    assert entry.fields["title"] == "[Een titel]"  # supplied by the editors: in brackets
    assert (entry.fields["year"], entry.fields["month"], entry.fields["day"]) == ("2025", "10", "12")
    assert entry.fields["howpublished"] == "De Krant" and entry.fields["language"] == "dutch"
    authors = entry.persons["author"]
    assert authors[0].last_names == ["Vries"] and authors[0].prelast_names == ["de"]
    assert authors[1].last_names == [r"{Stichting Vrede \& Recht}"]  # an organisation stays one name
    assert str(entry.persons["translator"][0]) == "{redactie X}"
    html, text = bibstyle.format_entry(entry, "2025-10-proef")
    for said in ("Vries, Jan", "Stichting Vrede & Recht", "12 oktober 2025", "vert. redactie X", "De Krant",
                 "De bron heeft geen titel.", "Auteursregel: ‘door Jan de Vries’.", "Vertaling uit het Engels."):
        assert said in text, (said, text)


def test_plain_text_survives_bibtex():
    for value in ("50% van ‘de’ $7 & meer", "a~b", "C:\\pad", "#1"):
        assert bibstyle._plain(latex(value)) == value


def test_a_draft_without_metadata_still_has_a_record():
    entry = source_entry(doc_with({}, "2025-10-leeg"))
    assert entry.fields["title"] == "[2025-10-leeg]" and "year" not in entry.fields
    bibstyle.format_entry(entry, "2025-10-leeg")  # renders


def test_the_four_texts_need_no_bibtex_entry_and_cite_as_before():
    """The .bib of the repository has no entry for a source text; their records come from YAML and
    say what the hand-written entries said (compared once with the generated .bib/.ris/meta of the
    build before the change: identical; see the report of issue 13)."""
    bib = load_bibliography(ROOT)
    docs = load_all(ROOT)
    assert not [d.slug for d in docs if d.slug in bib]
    edition = collect(ROOT, docs)
    byrne = next(d for d in docs if d.slug == "2022-03-byrne-isa")
    files = exports(byrne, edition, "https://example.org/")
    assert "author = \"Byrne, Danny\"" in files["2022-03-byrne-isa.bib"]
    assert "title = \"[Tien dagen na het begin van de oorlog]\"" in files["2022-03-byrne-isa.bib"]
    assert "PY  - 2022\r\nDA  - 2022/03\r\n" in files["2022-03-byrne-isa.ris"]
    rsb = next(d for d in docs if d.slug == "2024-02-russische-socialistische-beweging")
    tags = dict(meta_tags(rsb, edition, "https://example.org/"))
    assert tags["citation_author"] == "Russische Socialistische Beweging"
    assert tags["DC.contributor"] == "redactie Grenzeloos"
    assert tags["citation_publication_date"] == "2024/02"
    assert not edition.notices


def test_a_hand_written_entry_is_used_and_said_to_be_unneeded(tmp_path):
    from edition.apparatus.bibliography import Bibliography
    from pybtex.database import BibliographyData, Entry

    data = BibliographyData()
    data.entries["2025-10-proef"] = Entry("misc", fields={"title": "Met de hand", "year": "2025",
                                                          "doi": "10.1234/x"})
    (tmp_path / "bibliography").mkdir()
    (tmp_path / "bibliography" / "edition.bib").write_text("\n\n@misc{2025-10-proef, title={Met de hand}}\n", "utf-8")
    bib = Bibliography(data, {"2025-10-proef": "bibliography/edition.bib"}, tmp_path)
    problems, notices = add_source_texts(bib, [doc_with(META)])
    assert not problems
    assert bib.entry("2025-10-proef").fields["title"] == "Met de hand"  # the override is used
    assert notices[0].where == "bibliography/edition.bib:3"
    assert "niet meer nodig" in notices[0].what and "sources/2025-10-proef.yml" in notices[0].what


def test_a_brace_in_metadata_is_refused_with_a_message():
    from edition.apparatus.bibliography import Bibliography
    from pybtex.database import BibliographyData

    bib = Bibliography(BibliographyData(), {})
    problems, _ = add_source_texts(bib, [doc_with({**META, "genre": "x {y}"})])
    assert problems and problems[0].where == "sources/2025-10-proef.yml" and "accolade" in problems[0].what
    assert "2025-10-proef" not in bib


def test_person_names_parse_like_bibtex():
    assert Person(latex("Karl Marx")).last_names == ["Marx"]

"""Notes, cross-references, citations and term links on a small edition made in a temporary folder:
what a reader gets (rendered Markdown) and what an editor gets for a mistake (file:line + hint)."""

from __future__ import annotations

from pathlib import Path

import pytest

from edition.apparatus.annotate import collect
from edition.build import load_all
from edition.errors import EditionError
from edition.site.render import render_markdown

TEXT = """Poetin en de NAVO

De NAVO werd in 1949 opgericht. Poetin eiste ‘denazificatie’ van Oekraïne.

Een tweede alinea over denazificatie en de NAVO.

Neutraliteit

Opnieuw de denazificatie en Poetins NAVO-vrees.
"""

YML = """metadata:
  title: {text: Proef, supplied: true}
  authors: []
  author_note: Onbekend.
  date: {iso: "2024", display: "2024", approximate: true, evidence: Proef.}
  published_in: {text: null, evidence: Proef.}
  translation: {status: onbekend, evidence: Proef.}
  genre: proef
  description: Proeftekst.
structure:
  - {quote: Neutraliteit, as: heading, reason: Tussenkop.}
notes:
  - id: navo-1949
    kind: uitleg
    quote: in 1949 opgericht
    text: Zie [[proef#p3]] en [@verdrag-1949, art. 5].
"""

GLOSSARY = """entries:
  - id: denazificatie
    term: denazificatie
    forms: [denazificatie]
    definition: Een *eis* van Rusland.
    explanation: Langer verhaal [@verdrag-1949].
  - id: navo
    term: NAVO
    forms: [NAVO]
    definition: Het bondgenootschap.
    explanation: Opgericht in 1949.
"""

BIB = """@misc{proef, title = {[Proef]}, year = {2024}}
@misc{verdrag-1949, author = {{Noord-Atlantische Verdragsorganisatie}}, title = {Noord-Atlantisch Verdrag}, year = {1949}}
"""


def make(tmp_path: Path, yml: str = YML, glossary: str = GLOSSARY, bib: str = BIB) -> Path:
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "proef.txt").write_text(TEXT, "utf-8")
    (tmp_path / "sources" / "proef.yml").write_text(yml, "utf-8")
    (tmp_path / "registers").mkdir()
    (tmp_path / "registers" / "glossary.yml").write_text(glossary, "utf-8")
    (tmp_path / "bibliography").mkdir()
    (tmp_path / "bibliography" / "edition.bib").write_text(bib, "utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", "utf-8")
    return tmp_path


def build(root: Path):
    docs = load_all(root)
    return docs, collect(root, docs)


def page(tmp_path: Path, **kw) -> str:
    docs, edition = build(make(tmp_path, **kw))
    return render_markdown(docs[0], edition=edition, site_url="https://example.org/")


def test_first_occurrence_per_section_links_to_the_glossary_with_tooltip(tmp_path):
    md = page(tmp_path)
    links = md.count('class="ed-term" href="../../woordenlijst/&#35;denazificatie"')
    assert links == 2  # first section (p1) and the section after the heading (p3); not p2
    assert 'title="denazificatie: Een eis van Rusland."' in md
    # never in the title or in the heading
    assert md.count('href="../../woordenlijst/&#35;navo"') == 2
    assert "# Poetin en de NAVO" in md or "Poetin en de NAVO {" in md


def test_note_is_a_footnote_after_its_quote_with_resolved_links(tmp_path):
    md = page(tmp_path)
    assert "in 1949 opgericht[^navo-1949]." in md
    note = next(line for line in md.splitlines() if line.startswith("[^navo-1949]:"))
    assert '<a class="ed-xref" href="../../teksten/proef/&#35;p3">‘Poetin en de NAVO’, alinea 3</a>' in note
    assert "Noord-Atlantische Verdragsorganisatie 1949, art. 5" in note


def test_citation_meta_and_box(tmp_path):
    md = page(tmp_path)
    assert '- ["citation_title", "Poetin en de NAVO"]' in md
    assert '- ["DC.identifier", "https://example.org/teksten/proef/"]' in md
    assert "<summary>Citeer deze tekst</summary>" in md


def test_annotations_do_not_change_the_text(tmp_path):
    docs, _ = build(make(tmp_path))
    assert [b.text for b in docs[0].blocks][1] == "De NAVO werd in 1949 opgericht. Poetin eiste ‘denazificatie’ van Oekraïne."


@pytest.mark.parametrize("bad, expected", [
    pytest.param("Zie [[proef#p33]]", ["proef.yml:16", "[[proef#p33]]", "bestaat niet", "Bedoelde u [[proef#p3]]?"],
                 id="broken-cross-reference"),
    pytest.param("Zie [@verdrag-1494]", ["proef.yml:16", "onbekende bronsleutel ‘verdrag-1494’", "Bedoelde u ‘verdrag-1949’?"],
                 id="unknown-citation-key"),
    pytest.param("Zie <script>x</script>", ["proef.yml:16", "HTML is niet toegestaan"], id="raw-html"),
])
def test_bad_note_text_stops_the_build(tmp_path, bad, expected):
    yml = YML.replace("Zie [[proef#p3]] en [@verdrag-1949, art. 5].", bad)
    with pytest.raises(EditionError) as exc:
        build(make(tmp_path, yml=yml))
    for fragment in expected:
        assert fragment in str(exc.value)


@pytest.mark.parametrize("quote, expected", [
    pytest.param("in 1948 opgericht", ["proef.yml:15", "komt niet voor", "Bedoelde u ‘in 1949 opgericht"], id="no-match"),
    pytest.param("denazificatie", ["proef.yml:15", "komt 3 keer voor", "prefix"], id="several-matches"),
])
def test_note_anchor_must_match_once(tmp_path, quote, expected):
    with pytest.raises(EditionError) as exc:
        build(make(tmp_path, yml=YML.replace("quote: in 1949 opgericht", f"quote: {quote}")))
    for fragment in expected:
        assert fragment in str(exc.value)


def test_unknown_key_in_glossary_sources(tmp_path):
    glossary = GLOSSARY.replace("    explanation: Opgericht in 1949.\n",
                                "    explanation: Opgericht in 1949.\n    sources: [navo-verdrag]\n")
    with pytest.raises(EditionError) as exc:
        build(make(tmp_path, glossary=glossary))
    assert "registers/glossary.yml:12" in str(exc.value) and "navo-verdrag" in str(exc.value)


def test_text_without_bibliography_entry_gets_its_record_from_yaml(tmp_path):
    """Metadata once (issue 13): the bibliographic record of a text is made from its YAML."""
    docs, edition = build(make(tmp_path, bib=BIB.replace("@misc{proef,", "@misc{andere,")))
    assert "proef" in edition.bib and edition.bib.files["proef"] == "sources/proef.yml"


def test_a_name_inside_a_linked_term_counts_but_is_not_linked_again(tmp_path):
    """Links never nest: ‘vrees’ inside the linked glossary term ‘NAVO-vrees’ is an occurrence of a
    register entry (it gets its backlink) but is not linked a second time inside the term."""
    root = make(tmp_path, glossary=GLOSSARY.replace("forms: [NAVO]", "forms: [NAVO-vrees, NAVO]"))
    (root / "registers" / "places.yml").write_text(
        "entries:\n  - {id: vrees, term: vrees, forms: [vrees], identification: Een gevoel.}\n", "utf-8")
    docs, edition = build(root)
    block = next(b for b in docs[0].blocks if "NAVO-vrees" in b.text)
    spans = [(block.text[s:e], key) for s, e, key in block.links]
    assert ("NAVO-vrees", "woordenlijst#navo") in spans
    assert not any(key == "plaatsen#vrees" for _, key in spans)
    assert any(o.entry.id == "vrees" for o in edition.occurrences)

"""The saved-web-page reader (edition.readers.html, htmlblocks) and the wiring of the readers: a web page
comes out with its headings, paragraphs, quote, list, caption and notes, without the page's furniture,
and every dropped block is listed; the page builds and passes the fidelity check on the built HTML."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from project import copy_project, run_edition

from edition.checks import fidelity
from edition.readers import sourcefiles
from edition.errors import EditionError
from edition.model import CAPTION, HEADING, LIST_ITEM, PARAGRAPH, PULLQUOTE, QUOTE, SOURCE_NOTE, TITLE, VERSE
from edition.apparatus.number import number
from edition.pipeline import build_document, clean_text
from edition.readers import READERS, reader_for
from edition.readers.html import decode_html, read_html
from edition.editorial.skeleton import write_skeleton

WEB = Path(__file__).parent / "fixtures" / "web"
PAGE = WEB / "2025-11-webpagina.html"
SHOWN = "sources/2025-11-webpagina.html"
# Words of the page's furniture (header, navigation, cookie banner, share buttons, "Lees ook", newsletter,
# footer), each of which must be absent from the text and named in a `html-dropped` decision.
FURNITURE = ["Achtergrond", "Abonneren", "cookies", "Alles accepteren", "Deel op Facebook", "Mail dit artikel",
             "Lees ook", "Bijen in de binnenstad", "regenton", "Blijf op de hoogte", "Inschrijven",
             "Privacyverklaring", "Colofon", "Stichting Groen Nieuws"]


def expected(path: Path) -> list[tuple[str, str]]:
    return [tuple(line.split("\t", 1)) for line in path.read_text("utf-8").splitlines()]


@pytest.fixture(scope="module")
def doc():
    d = clean_text(PAGE.read_bytes(), SHOWN)
    number(d)
    return d


def test_the_article_comes_out_block_for_block(doc):
    assert [(b.kind, b.text) for b in doc.blocks] == expected(WEB / "2025-11-webpagina.expected.txt")


def test_headings_title_quote_list_caption_are_found_from_the_markup(doc):
    kinds = [b.kind for b in doc.blocks]
    assert kinds[0] == TITLE and doc.blocks[0].text == "Moestuinen op het dak: de stad eet mee"
    assert [b.text for b in doc.blocks if b.kind == HEADING] == [
        "Van grind naar groente", "Wie oogst er eigenlijk?", "Grenzen aan de groei"]
    assert all(b.level == 2 for b in doc.blocks if b.kind == HEADING)  # the page's h2 are the edition's level 2
    assert kinds.count(QUOTE) == 1 and kinds.count(CAPTION) == 1 and kinds.count(LIST_ITEM) == 3  # <blockquote>: a quotation
    assert len(doc.lines) == len(doc.blocks) and [l.no for l in doc.lines] == list(range(1, len(doc.lines) + 1))
    assert all(b.line_map == [(0, n)] for n, b in enumerate(doc.blocks, 1))


def test_the_furniture_is_absent_and_listed_as_dropped(doc):
    text = " ".join(b.text for b in doc.blocks)
    dropped = [d for d in doc.decisions if d.rule == "html-dropped"]
    quotes = " | ".join(d.data["text"] for d in dropped)
    for words in FURNITURE:
        assert words not in text, words
        assert words in quotes, words
    # nothing of the page furniture is a doubt; the share buttons stood inside the article
    assert not any(d.doubtful for d in dropped)
    assert any(d.data["position"] == "in het artikel" and "Facebook" in d.data["quote"] for d in dropped)


def test_the_source_notes_and_their_calls(doc):
    notes = [b for b in doc.blocks if b.kind == SOURCE_NOTE]
    assert [n.text.split()[0] for n in notes] == ["1", "2"]
    calls = [c for b in doc.blocks for c in b.source_calls]
    assert [c[2] for c in calls] == [1, 2]
    assert [d.rule for d in doc.decisions].count("html-note-number") == 2
    assert any(d.rule == "html-backlink" for d in doc.decisions)  # the ↩ links, recorded


def test_the_model_is_faithful_to_the_extracted_text(doc):
    assert fidelity.check_model(doc) == []
    tampered = clean_text(PAGE.read_bytes(), SHOWN)
    tampered.blocks[3].text = tampered.blocks[3].text.replace("riool", "kanaal")
    assert fidelity.check_model(tampered), "the check must be able to fail"


def test_metadata_proposed_for_the_skeleton(tmp_path, doc):
    assert doc.meta_proposals["title"] == "Moestuinen op het dak: de stad eet mee"
    assert doc.meta_proposals["author"] == "Marieke de Vries"
    assert doc.meta_proposals["date"] == "2025-11-14" and doc.meta_proposals["sitename"] == "Het Groene Blad"
    (tmp_path / "sources").mkdir()
    page = tmp_path / "sources" / "2025-11-webpagina.html"
    shutil.copy(PAGE, page)
    data = yaml.safe_load(write_skeleton(page).read_text("utf-8"))["metadata"]
    assert data["title"]["text"] == "Moestuinen op het dak: de stad eet mee"
    assert data["date"]["iso"] == "2025-11-14" and data["published_in"]["text"] == "Het Groene Blad"
    assert [a["name"] for a in data["authors"]] == ["Marieke de Vries"]


def test_metadata_fill_what_the_text_does_not_say(tmp_path):
    page = ("<html><head><meta charset='utf-8'><meta name='author' content='An Jansen en Piet Bos'>"
            "<meta property='og:site_name' content='Voorbeeld'><meta name='date' content='2024-05-02'>"
            "<title>Een kop</title></head><body><article><p>" + "Een gewone zin over het weer. " * 30 +
            "</p><p>" + "Nog een zin die ook telt. " * 30 + "</p></article></body></html>")
    (tmp_path / "sources").mkdir()
    path = tmp_path / "sources" / "2024-05-kop.html"
    path.write_text(page, "utf-8")
    data = yaml.safe_load(write_skeleton(path).read_text("utf-8"))["metadata"]
    assert [a["name"] for a in data["authors"]] == ["An Jansen", "Piet Bos"]
    assert data["title"]["text"] == "Een kop" and data["date"]["iso"] == "2024-05-02"


# --- text is never reinterpreted; encodings; broken files --------------------------------------------

def _page(body: str, head: str = "<meta charset='utf-8'>") -> str:
    filler = "<p>" + "Dit is een gewone zin in het artikel. " * 20 + "</p>"
    return f"<!doctype html><html><head>{head}</head><body><article>{filler}{body}{filler}</article></body></html>"


def test_entities_are_decoded_once_and_markup_in_text_stays_text():
    d = read_html(_page("<p>Caf&eacute; &amp;lt;b&amp;gt; en &lt;script&gt; blijven tekst, met  veel\n   ruimte.</p>")
                  .encode("utf-8"), "sources/x.html")
    texts = [b.text for b in d.blocks]
    assert "Café &lt;b&gt; en <script> blijven tekst, met veel ruimte." in texts
    assert any(x.rule == "html-whitespace" for x in d.decisions)


def test_the_encoding_comes_from_meta_charset_or_the_bom():
    page = _page("<p>Een café in Zürich, één keer.</p>", "<meta charset='windows-1252'>")
    d = read_html(page.encode("cp1252"), "sources/x.html")
    assert any("Een café in Zürich, één keer." == b.text for b in d.blocks)
    assert any(x.rule == "html-encoding" for x in d.decisions)
    latin = _page("<p>Een café.</p>", '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">')
    assert decode_html(latin.encode("latin-1"), "x.html")[1] == "cp1252"  # as the HTML standard reads latin-1
    assert decode_html("\ufeff".encode("utf-16-le") + _page("<p>Oké.</p>").encode("utf-16-le"), "x.html")[1] == "utf-16-le"


def test_a_blockquote_is_a_quotation_unless_the_page_marks_it_a_pull_quote():
    page = _page("<blockquote><p>Elke dag dat er een schip vertrekt, is een overwinning.</p></blockquote>"
                 "<blockquote class='pull-quote'><p>Van zekerheid is geen sprake.</p></blockquote>")
    doc = read_html(page.encode("utf-8"), "sources/x.html")
    kinds = {b.text: b.kind for b in doc.blocks}
    assert kinds["Elke dag dat er een schip vertrekt, is een overwinning."] == QUOTE
    assert kinds["Van zekerheid is geen sprake."] == PULLQUOTE


def test_numbered_lists_keep_the_numbers_the_page_shows():
    """`<ol start="3">`, `value`, `reversed`: each item shows the number the browser shows, outside
    the text (the source's text has none), on the site and in print."""
    from edition.apparatus.number import number
    from edition.site.render import render_markdown

    page = _page("<ol start='3'><li>verzamelen via de gemeente</li><li>uitdelen in de wijk</li>"
                 "<li value='9'>nagaan wat er over is</li></ol><p>Een gewone zin daartussen in de tekst.</p>"
                 "<ol reversed><li>de derde plaats</li><li>de tweede plaats</li><li>de eerste plaats</li></ol>"
                 "<ul><li>een punt zonder nummer</li></ul>")
    doc = read_html(page.encode("utf-8"), "sources/x.html")
    items = [(b.text, b.hints.get("ordinal")) for b in doc.blocks if b.kind == LIST_ITEM]
    assert items == [("verzamelen via de gemeente", "3"), ("uitdelen in de wijk", "4"), ("nagaan wat er over is", "9"),
                     ("de derde plaats", "3"), ("de tweede plaats", "2"), ("de eerste plaats", "1"),
                     ("een punt zonder nummer", None)]
    number(doc)
    markdown = render_markdown(doc)
    assert '<span class="ed-ui ed-li-n">3.</span> verzamelen' in markdown
    assert '<span class="ed-ui ed-li-n">9.</span> nagaan' in markdown
    assert "ed-li-n\">" not in markdown.split("een punt zonder nummer")[0].rsplit("\n", 1)[-1]
    assert fidelity.check_model(doc) == []
    typed = read_html(_page("<ol type='a'><li>eerste punt van de lijst</li><li>tweede punt van de lijst</li></ol>"
                            "<ol type='I' start='4'><li>vierde hoofdstuk van het boek</li></ol>").encode("utf-8"),
                      "sources/x.html")
    assert [b.hints.get("ordinal") for b in typed.blocks if b.kind == LIST_ITEM] == ["a", "b", "IV"]


def test_lines_broken_by_br_are_verse_and_stanzas_in_one_poem():
    """A poem set with <br> (one <p> per stanza, or <br><br> between stanzas) keeps its lines; one
    block per poem.  One <br> in prose, or long lines, stay prose (the break a space)."""
    poem = ("<blockquote class='poem'><p>De zee houdt haar adem in,<br>de kranen staan stil,<br>\n"
            "maar op de trap<br>telt een kind.</p><p>Eén voor de vader,<br>twee voor de moeder,<br>"
            "drie voor de sirene.</p></blockquote>"
            "<p>Het licht valt uit,<br>de buren tellen,<br><br>wij wachten<br>op het grijs.</p>"
            "<p>Een gewone zin met één<br>regeleinde erin.</p>"
            "<p>" + "Een lange regel proza die gewoon doorloopt en geen gedicht is, hoe je het ook wendt, " * 2
            + "<br>nog een<br>en nog een.</p>")
    doc = read_html(_page(poem).encode("utf-8"), "sources/x.html")
    verse = [b for b in doc.blocks if b.kind == VERSE]
    assert [b.text for b in verse] == [
        "De zee houdt haar adem in,\nde kranen staan stil,\nmaar op de trap\ntelt een kind.\n\n"
        "Eén voor de vader,\ntwee voor de moeder,\ndrie voor de sirene.",
        "Het licht valt uit,\nde buren tellen,\n\nwij wachten\nop het grijs."]
    assert verse[0].hints["stanzas"] == 2 and len(verse[0].line_map) == 7
    assert "Een gewone zin met één regeleinde erin." in [b.text for b in doc.blocks]
    assert any(b.kind == PARAGRAPH and b.text.endswith("nog een en nog een.") for b in doc.blocks)
    assert [d.line for d in doc.decisions if d.rule == "html-verse"] == [verse[0].line_map[0][1]]
    assert fidelity.check_model(doc) == []


def test_a_page_whose_meta_charset_is_wrong_gets_the_line_and_the_likely_encoding():
    raw = _page("<p>Een caf\u00e9 in de stad.</p>", "<meta charset='utf-8'>").encode("cp1252")
    with pytest.raises(EditionError) as info:
        read_html(raw, "sources/x.html")
    (problem,) = info.value.problems
    line = raw[:raw.index(b"\xe9")].count(b"\n") + 1
    assert problem.where == f"sources/x.html:{line}"
    assert "volgens <meta charset>" in problem.what and f"op regel {line}" in problem.what
    assert "windows-1252" in problem.fix
    with pytest.raises(EditionError) as info:
        read_html(b"<html><body><p>caf\xe9</p></body></html>", "sources/x.html")
    assert "geen <meta charset>, dus UTF-8" in info.value.problems[0].what


@pytest.mark.parametrize("raw, words", [
    (b"<html><body><p>caf\xe9</p></body></html>", "ongeldige byte 0xe9"),
    (b"<html><head><meta charset='klingon-7'></head><body>x</body></html>", "onbekende tekencodering"),
    (b"PK\x03\x04rest", "zip-bestand"),
    (b"%PDF-1.7\n", "pdf"),
    (b"alleen tekst zonder tags", "geen HTML"),
    (b"<html><body><nav><a href='/'>Start</a></nav></body></html>", "geen hoofdtekst"),
], ids=["bad-utf8", "unknown-charset", "zip", "pdf", "no-tags", "no-article"])
def test_a_broken_page_is_a_clear_message(raw, words):
    with pytest.raises(EditionError) as info:
        read_html(raw, "sources/x.html")
    message = str(info.value.problems[0])
    assert words in message and info.value.problems[0].fix, message


# --- wiring: sources/, the registry, the command line ----------------------------------------------

def _sources(tmp_path: Path, *names: str) -> Path:
    (tmp_path / "sources").mkdir()
    for name in names:
        (tmp_path / "sources" / name).write_bytes(PAGE.read_bytes())
    return tmp_path


def test_pdf_html_docx_are_sources_and_other_formats_are_not(tmp_path):
    root = _sources(tmp_path, "2025-01-a.html", "2025-01-b.htm", "2025-01-c.docx", "2025-01-d.pdf", "2025-01-e.txt")
    assert [p.name for p in sourcefiles.find_sources(root)] == [
        "2025-01-a.html", "2025-01-b.htm", "2025-01-c.docx", "2025-01-d.pdf", "2025-01-e.txt"]
    for name in ("2025-01-f.doc", "2025-01-g.odt", "2025-01-h.rtf", "2025-01-i.epub"):
        (root / "sources" / name).write_bytes(b"x")
        with pytest.raises(EditionError, match="dit formaat wordt niet gelezen"):
            sourcefiles.find_sources(root)
        (root / "sources" / name).unlink()


def test_two_sources_with_one_slug_are_refused(tmp_path):
    root = _sources(tmp_path, "2025-01-x.txt", "2025-01-x.pdf")
    (root / "sources" / "2025-01-x.yml").write_text("metadata: {}\n", "utf-8")
    with pytest.raises(EditionError) as info:
        sourcefiles.find_sources(root)
    [problem] = info.value.problems
    assert "twee bronnen met dezelfde naam" in problem.what and "2025-01-x.pdf" in problem.what


def test_the_registry_picks_the_reader_by_suffix():
    assert set(READERS) == {".pdf", ".html", ".htm", ".docx"}
    assert reader_for("sources/x.txt") is None
    assert reader_for("sources/x.HTML") is read_html
    assert reader_for("sources/x.docx").__name__ == "read_docx"


def test_edition_clean_and_new_accept_a_web_page(tmp_path):
    root = copy_project(tmp_path / "p")
    shutil.copy(PAGE, root / "sources" / PAGE.name)
    result = run_edition(root, "clean", f"sources/{PAGE.name}", "--explain")
    assert result.returncode == 0, result.stderr
    assert "## Van grind naar groente" in result.stdout and "Lees ook" not in result.stdout
    assert "[html-dropped]" in result.stderr and "Traceback" not in result.stderr
    result = run_edition(root, "new", f"sources/{PAGE.name}")
    assert result.returncode == 0, result.stderr
    assert (root / "sources" / "2025-11-webpagina.yml").exists()


def test_a_web_page_builds_and_its_page_passes_the_fidelity_check(tmp_path):
    root = copy_project(tmp_path / "p")
    for suffix in (".html", ".yml"):
        shutil.copy(WEB / f"2025-11-webpagina{suffix}", root / "sources" / f"2025-11-webpagina{suffix}")
    result = run_edition(root, "build", "--no-downloads")
    assert result.returncode == 0, result.stderr + result.stdout
    assert "sources/2025-11-webpagina.html: opmaak html" in result.stdout
    page = (root / "site" / "teksten" / "2025-11-webpagina" / "index.html").read_text("utf-8")
    for heading in ("Van grind naar groente", "Wie oogst er eigenlijk?", "Grenzen aan de groei"):
        assert heading in page
    for words in FURNITURE:
        assert words not in page, words
    doc = build_document(root / "sources" / PAGE.name, root)
    assert fidelity.check_html(doc, page, "de pagina") == []
    assert fidelity.check_html(doc, page.replace("overbelast riool", "overbelast"), "de pagina"), \
        "a word missing from the page must fail the check"

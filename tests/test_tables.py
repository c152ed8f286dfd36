"""Tables of a structured source (HTML, Word): a table of data is one numbered block (model.TABLE),
its cells in reading order, row after row; the site shows a table, the PDF a line a row (read back
in order by the PDF's fidelity check); a table that lays out a page is not taken for one."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml
from project import copy_project, run_edition

from edition.checks import fidelity
from edition.checks.fidelity import check_model
from edition.model import CAPTION, PARAGRAPH, SOURCE_NOTE, TABLE
from edition.pipeline import build_document, clean_text

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "docx"))
from make_docx import build_docx  # noqa: E402


def _page(body: str) -> bytes:
    return f"<!doctype html><html lang='nl'><head><meta charset='utf-8'><title>T</title></head><body><article>" \
           f"<h1>Hulp in cijfers</h1>{body}</article></body></html>".encode()


DATA = ("<p>De steun per land, volgens het instituut:</p>"
        "<table><caption>Steun in 2023</caption><thead><tr><th>Land</th><th>Bedrag</th><th>Jaar</th></tr></thead>"
        "<tbody><tr><td><p>Duitsland</p><p>en Oostenrijk</p></td><td>17,1</td><td>2023</td></tr>"
        "<tr><td>Nederland</td><td></td><td><em>2023</em></td></tr></tbody></table>"
        "<p>De bedragen zijn afgerond op een decimaal.</p>")


def test_a_table_of_data_is_one_block_row_after_row():
    doc = clean_text(_page(DATA), "sources/x.html")
    kinds = [b.kind for b in doc.blocks]
    assert kinds[1:] == [PARAGRAPH, CAPTION, TABLE, PARAGRAPH], kinds
    table = doc.blocks[3]
    assert table.text == "Land\nBedrag\nJaar\n\nDuitsland en Oostenrijk\n17,1\n2023\n\nNederland\n2023"
    assert table.hints["table"] == [{"header": True, "cells": [True, True, True]},
                                    {"header": False, "cells": [True, True, True]},
                                    {"header": False, "cells": [True, False, True]}]
    # One source line per cell with text: every message can name the cell's line.
    assert [doc.lines[no - 1].text for _o, no in table.line_map] == [
        "Land", "Bedrag", "Jaar", "Duitsland en Oostenrijk", "17,1", "2023", "Nederland", "2023"]
    assert [table.text[o:].split("\n")[0] for o, _no in table.line_map][-2:] == ["Nederland", "2023"]
    (decision,) = [d for d in doc.decisions if d.rule == "html-table"]
    assert "3 rijen, 3 kolommen" in decision.message
    assert check_model(doc) == []


def test_a_table_that_lays_out_the_page_is_no_table_and_keeps_every_word():
    layouts = {
        "one column": "<table><tr><td>Eerste alinea van het artikel.</td></tr><tr><td>Tweede alinea.</td></tr></table>",
        "blocks in a cell": "<table><tr><td><div>Menu</div></td><td><p>Het artikel begint hier.</p></td></tr>"
                            "<tr><td><ul><li>een</li></ul></td><td>Het artikel gaat door.</td></tr></table>",
        "a table in it": "<table><tr><td><table><tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table></td>"
                         "<td>Het artikel.</td></tr><tr><td>x</td><td>y</td></tr></table>",
    }
    for name, body in layouts.items():
        doc = clean_text(_page(body), "sources/x.html")
        tables = [b.text for b in doc.blocks if b.kind == TABLE]
        # Only the table of data inside the page's layout table is a table.
        assert tables == (["a\nb\n\nc\nd"] if name == "a table in it" else []), name
        assert check_model(doc) == [], name


def test_a_word_table_with_a_header_row_and_a_footnote_in_a_cell():
    raw = build_docx([("Heading1", ["Hulp in cijfers"]),
                      ("Normal", ["De steun per land, volgens het instituut:"]),
                      ("Table", [["Land", "Bedrag"], ["Duitsland", ["17,1", ("footnote", 1)]], ["Nederland", "5,2"]]),
                      ("Normal", ["De bedragen zijn afgerond."])], {1: "Voorlopig cijfer."})
    doc = clean_text(raw, "sources/x.docx")
    (table,) = [b for b in doc.blocks if b.kind == TABLE]
    assert table.hints["table"][0]["header"] and not table.hints["table"][1]["header"]
    assert table.text.startswith("Land\nBedrag\n\nDuitsland\n17,1")
    assert [c[2] for c in table.source_calls] == [1], "the footnote's call in a cell is the source's note call"
    assert [b.kind for b in doc.blocks].count(SOURCE_NOTE) == 1
    (call,) = [d for d in doc.decisions if d.rule == "source-note-call"]
    assert "\n" not in call.message and "Duitsland 17,1[1]" in call.message  # the cells on one line of the message
    assert check_model(doc) == []


def test_a_table_builds_as_a_table_on_the_site_and_a_line_a_row_in_the_pdf(tmp_path):
    root = copy_project(tmp_path / "p")
    (root / "sources" / "2025-12-tabel.html").write_bytes(_page(DATA))
    meta = {"metadata": {
        "title": {"text": "Hulp in cijfers", "supplied": False}, "authors": [],
        "author_note": "De tekst noemt geen auteur.",
        "date": {"iso": "2023", "display": "2023", "approximate": True, "evidence": "Afgeleid: testmateriaal."},
        "published_in": {"text": None, "evidence": "Testmateriaal."},
        "translation": {"status": "onbekend", "evidence": "De tekst vermeldt geen vertaler."},
        "genre": "beschouwing", "description": "Een tekst met een tabel."}}
    (root / "sources" / "2025-12-tabel.yml").write_text(yaml.safe_dump(meta, allow_unicode=True), "utf-8")
    result = run_edition(root, "build")  # with the PDFs: their fidelity check reads the table back
    assert result.returncode == 0, result.stderr + result.stdout
    page = (root / "site" / "teksten" / "2025-12-tabel" / "index.html").read_text("utf-8")
    table = page[page.index('<div class="ed-table"'):]
    table = table[:table.index("</div>")]
    assert 'data-n="' in table and '<th scope="col">Land</th>' in table and "<td>2023</td>" in table
    assert "<td></td>" in table, "the empty cell keeps its column"
    doc = build_document(root / "sources" / "2025-12-tabel.html", root)
    assert fidelity.check_html(doc, page, "de pagina") == []
    assert fidelity.check_html(doc, page.replace("<td>17,1</td>", "<td></td>"), "de pagina"), \
        "a cell missing from the page must fail the check"
    text = subprocess.run(["pdftotext", str(root / "docs" / "downloads" / "2025-12-tabel.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "Land | Bedrag | Jaar" in text and "Duitsland en Oostenrijk | 17,1 | 2023" in text


def test_cells_keep_their_colspan_and_rowspan_as_whole_numbers_only():
    from edition.apparatus.number import number
    from edition.site.render import render_markdown

    body = ("<table><tr><th colspan='2'>Steun</th><th>Jaar</th></tr>"
            "<tr><td>militair</td><td colspan='x\" onclick=alert(1)'>17,1</td><td rowspan='99999'>2023</td></tr></table>")
    doc = clean_text(_page(body), "sources/x.html")
    number(doc)
    (table,) = [b for b in doc.blocks if b.kind == TABLE]
    assert [row["spans"] for row in table.hints["table"]] == [[[2, 1], [1, 1]], [[1, 1], [1, 1], [1, 100]]]
    markdown = render_markdown(doc, with_card=False)
    assert '<th scope="col" colspan="2" markdown="span">Steun</th>' in markdown
    assert 'rowspan="100"' in markdown and "onclick" not in markdown


def test_markup_in_a_cell_stays_text():
    import markdown

    from edition.apparatus.number import number
    from edition.site.render import render_markdown

    body = ("<table><tr><th>a {: onclick=\"x\" }</th><th>*x* [a](javascript:alert(1)) &lt;script&gt;1&lt;/script&gt;</th></tr>"
            "<tr><td>&lt;/td&gt;&lt;/table&gt;&lt;img src=x onerror=alert(1)&gt;</td><td>[^1] `code` | pipe</td></tr></table>")
    doc = clean_text(_page(body), "sources/x.html")
    number(doc)
    html = markdown.Markdown(extensions=["md_in_html", "attr_list", "footnotes"]).convert(
        render_markdown(doc, with_card=False))
    table = html[html.index("<table"):html.index("</table>")]
    for made in ("<script", "<img", "onclick=", 'href="javascript', "<em>", "<code>", "<sup"):
        assert made not in table, made
    assert table.count("<tr>") == 2 and table.count("<td>") == 2

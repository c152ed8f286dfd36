"""The editors' `page_lines` reach the readers of laid-out formats (issue 14): what a reader took for page
furniture (a PDF's running head, a web page's navigation) can be kept, what it missed can be dropped, with
a quoted whole line in the YAML; an op that matches nothing stops the build; the review report's snippet
for a left-out web block works as pasted."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml

from edition.errors import EditionError
from edition.checks.fidelity import check_model
from edition.cleaning.pagestructure import unmatched_page_ops
from edition.pipeline import build_document, clean_text
from edition.review.doubts import snippets

FIXTURES = Path(__file__).parent / "fixtures"
sys.path.insert(0, str(FIXTURES / "pdf"))
import prose  # noqa: E402

LATEX = (FIXTURES / "pdf" / "latex.pdf").read_bytes()
WEB = (FIXTURES / "web" / "2025-11-webpagina.html").read_bytes()


def ops(*specs: tuple[str, str]) -> list[dict]:
    return [{"quote": q, "as": a, "reason": "test", "where": f"sources/x.yml:{i + 3}", "matched": 0}
            for i, (q, a) in enumerate(specs)]


def text_of(doc) -> str:
    return " ".join(b.text for b in doc.blocks)


# --- PDF ------------------------------------------------------------------------------------------

def test_pdf_running_head_kept_on_the_editors_word():
    plain = clean_text(LATEX, "sources/x.pdf")
    assert prose.HEAD not in text_of(plain)
    page_ops = ops((prose.HEAD, "keep"))
    doc = clean_text(LATEX, "sources/x.pdf", page_ops=page_ops)
    assert prose.HEAD in text_of(doc)
    assert not [d for d in doc.dropped.values() if d.rule == "running-head"]
    kept = [d for d in doc.decisions if d.rule == "page-line-kept"]
    assert kept and all("sources/x.yml:3" in d.message for d in kept)
    assert page_ops[0]["matched"] == len(kept) and unmatched_page_ops(doc) == []
    assert check_model(doc) == []


def test_pdf_line_the_reader_kept_is_dropped_on_the_editors_word():
    plain = clean_text(LATEX, "sources/x.pdf")
    line = next(l for l in plain.lines if l.no not in plain.dropped and len(l.text.split()) >= 4)
    doc = clean_text(LATEX, "sources/x.pdf", page_ops=ops((line.text, "drop")))
    d = doc.dropped[line.no]
    assert d.rule == "running-head" and "besluit van de redactie" in d.message and "confirmed" in d.data
    assert line.text not in text_of(doc)
    assert check_model(doc) == []  # the fidelity check accounts for the dropped words


def test_pdf_confirming_a_dropped_head_closes_the_doubt_and_a_wrong_quote_is_an_error():
    doc = clean_text(LATEX, "sources/x.pdf", page_ops=ops((prose.HEAD, "drop"), ("Geen regel van deze pdf", "keep")))
    heads = [d for d in doc.dropped.values() if d.rule == "running-head"]
    assert heads and all("confirmed" in d.data for d in heads)
    [problem] = unmatched_page_ops(doc)
    assert problem.where == "sources/x.yml:4" and "Geen regel van deze pdf" in problem.what


# --- web page -------------------------------------------------------------------------------------

def test_web_block_left_out_is_taken_back_and_a_block_of_the_article_dropped():
    plain = clean_text(WEB, "sources/x.html")
    assert "Lees ook" not in text_of(plain)
    article = next(b.text for b in plain.blocks if b.kind == "paragraph")
    doc = clean_text(WEB, "sources/x.html", page_ops=ops(("Lees ook", "keep"), (article, "drop")))
    assert "Lees ook" in [b.text for b in doc.blocks]
    assert article not in [b.text for b in doc.blocks]
    kept = [d for d in doc.decisions if d.rule == "html-kept" and "Lees ook" in d.message]
    assert kept and "besluit van de redactie" in kept[0].message
    dropped = [d for d in doc.decisions if d.rule == "html-dropped" and d.data["text"] == article]
    assert dropped and "confirmed" in dropped[0].data
    assert not any(d.rule == "html-dropped" and d.data["text"] == "Lees ook" for d in doc.decisions)
    assert unmatched_page_ops(doc) == []


def test_review_snippet_for_a_left_out_web_block_works_as_pasted():
    plain = clean_text(WEB, "sources/x.html")
    decision = next(d for d in plain.decisions if d.rule == "html-dropped" and d.data["text"].startswith("Lees ook"))
    keep, confirm = snippets(plain, decision)
    for snippet, expect_in_text in ((keep, True), (confirm, False)):
        pasted = yaml.safe_load(snippet)
        specs = [{**s, "where": "sources/x.yml:1", "matched": 0} for s in pasted["page_lines"]]
        doc = clean_text(WEB, "sources/x.html", page_ops=specs)
        assert ("Lees ook" in [b.text for b in doc.blocks]) is expect_in_text, snippet
        assert unmatched_page_ops(doc) == []


def test_web_page_lines_through_the_yaml_and_an_unmatched_quote_stops_the_build(tmp_path):
    (tmp_path / "sources").mkdir()
    source = tmp_path / "sources" / "2025-11-webpagina.html"
    source.write_bytes(WEB)
    yml = (FIXTURES / "web" / "2025-11-webpagina.yml").read_text("utf-8")
    extra = '\npage_lines:\n  - quote: "Lees ook"\n    as: keep\n    reason: "hoort bij het artikel"\n'
    source.with_suffix(".yml").write_text(yml + extra, "utf-8")
    doc = build_document(source, tmp_path)
    assert "Lees ook" in [b.text for b in doc.blocks]
    source.with_suffix(".yml").write_text(yml + extra.replace('"Lees ook"', '"Lees ok"'), "utf-8")
    with pytest.raises(EditionError) as err:
        build_document(source, tmp_path)
    assert "Lees ok" in str(err.value) and "2025-11-webpagina.yml" in str(err.value)

"""Layout per region (src/edition/layout.py, reflow.py, layoutops.py) and the block kind `verse`.

The blog-like text of tests/fixtures/blog (own words: four subheadings, a quoted poem of three
stanzas, a list, five notes) in three raw copies made by make_copies.py: a web copy (one paragraph
a line), a blank-line browser paste and a hard-wrapped 60-column version.  Each must come out, without
any YAML, with its words, its paragraphs and its poem (lines and stanzas).  Headings and notes are
other stages' work: their numbers are printed (pytest -s), not asserted here.
"""

from __future__ import annotations

import difflib
import re
import sys
from pathlib import Path

import markdown
import pytest

from edition.checks.fidelity import check_model, expected_tokens, html_words
from edition.model import VERSE
from edition.pipeline import build_document, clean_text
from edition.typeset.printhtml import STANZA_BREAK
from edition.site.render import render_markdown, verse_markup
from project import metadata_yaml

BLOG = Path(__file__).parent / "fixtures" / "blog"
sys.path.insert(0, str(BLOG))
import make_copies  # noqa: E402 - a fixture script, importable once its folder is on the path

COPIES = ("web", "blank", "wrapped60")
WORD = re.compile(r"\w+")
BODY = {"paragraph", "lead", "list_item", "verse", "source_note"}
META = metadata_yaml("blog")


def expected_blocks() -> list[tuple[str, str]]:
    return [(k, t.replace(" // ", "\n\n").replace(" / ", "\n")) for k, t in make_copies.blocks()]


def scores(doc) -> dict:
    exp = expected_blocks()
    ew = [w for _, t in exp for w in WORD.findall(t)]
    gw = [w for b in doc.blocks for w in WORD.findall(b.text)]
    matcher = difflib.SequenceMatcher(None, ew, gw, autojunk=False)
    accuracy = sum(m.size for m in matcher.get_matching_blocks()) / len(ew)
    ep = [tuple(WORD.findall(t)) for k, t in exp if k in BODY]
    gp = [tuple(WORD.findall(b.text)) for b in doc.blocks if b.kind in BODY]
    hit = len(set(ep) & set(gp))
    headings = {t for k, t in exp if k == "heading"} & {b.text for b in doc.blocks if b.kind == "heading"}
    return {"accuracy": accuracy, "precision": hit / max(len(gp), 1), "recall": hit / len(ep),
            "headings": len(headings), "of": sum(k == "heading" for k, _ in exp)}


def test_copies_are_made_by_the_script():
    assert (BLOG / "web.txt").read_text("utf-8") == make_copies.web()
    assert (BLOG / "blank.txt").read_text("utf-8") == make_copies.blank()
    assert (BLOG / "wrapped60.txt").read_text("utf-8") == make_copies.wrapped()


@pytest.mark.parametrize("copy", COPIES)
def test_blog_copy_without_yaml(copy):
    doc = clean_text((BLOG / f"{copy}.txt").read_text("utf-8"), f"{copy}.txt")
    s = scores(doc)
    print(f"\n{copy}: woorden {s['accuracy']:.3f}, alinea's P {s['precision']:.2f} R {s['recall']:.2f}, "
          f"tussenkoppen {s['headings']}/{s['of']}, opmaak {doc.layout}")
    assert s["accuracy"] >= 0.99
    assert s["precision"] >= 0.85 and s["recall"] >= 0.85
    poem = next(t for k, t in expected_blocks() if k == VERSE)
    verse = [b for b in doc.blocks if b.kind == VERSE]
    assert [b.text for b in verse] == [poem], "the poem is one verse block, its lines and stanzas kept"
    assert verse[0].text.count("\n\n") == 2
    # No block swallows the text (the old failure: a list item of ~1,080 words).
    assert max(len(WORD.findall(b.text)) for b in doc.blocks) < 150
    assert check_model(doc) == []


def test_web_copy_is_not_taken_for_wrapped_text():
    doc = clean_text((BLOG / "web.txt").read_text("utf-8"), "web.txt")
    assert doc.layout == "line"
    assert {r.layout for r in doc.regions} == {"line", "verse"}
    verse = [d for d in doc.decisions if d.rule == "verse"]
    assert len(verse) == 1 and not verse[0].doubtful  # after a colon and in quotes: sure


def _web(verse: list[str], before: str = "Zij schreef het zo op, in haar schrift van die zomer.") -> str:
    prose = ("Het was een lange zomer geweest, met weinig regen en veel wind, en in het dorp sprak men over weinig "
             "anders dan over het weer en de oogst die zou mislukken als het zo doorging.")
    return "\n".join([prose, before, *verse, prose.replace("lange", "korte")]) + "\n"


STANZA = ["De wind gaat door het koren heen", "en niemand weet waarheen hij gaat,", "de vogels zwijgen, een voor een,",
          "tot ook de laatste zingen laat."]


def test_verse_without_colon_or_quotes_is_doubtful_and_says_the_alternative():
    doc = clean_text(_web(STANZA + STANZA[:2]), "x.txt")
    d = next(d for d in doc.decisions if d.rule == "verse")
    assert d.doubtful and "aparte alinea's" in d.message
    assert [b.kind for b in doc.blocks] == ["paragraph", "paragraph", VERSE, "paragraph"]


def test_three_short_lines_without_evidence_are_not_verse():
    doc = clean_text(_web(STANZA[:3]), "x.txt")
    assert VERSE not in [b.kind for b in doc.blocks]


def test_share_buttons_and_a_title_block_are_not_verse():
    raw = "Delen\nFacebook\nTwitter\nE-mail\n" + _web(STANZA[:3])
    assert VERSE not in [b.kind for b in clean_text(raw, "x.txt").blocks]


def test_mixed_layouts_make_the_minority_region_doubtful():
    raw = (Path(__file__).parent / "fixtures" / "cleaning-layout.txt").read_text("utf-8")
    case = raw.split("=== layout-line-prose-with-a-pasted-wrapped-passage\n")[1].split("--- verwacht")[0]
    doc = clean_text(case, "x.txt")
    layouts = [d for d in doc.decisions if d.rule == "layout"]
    assert [d.data["layout"] for d in layouts] == ["line", "wrapped", "line"]
    wrapped = layouts[1]
    assert wrapped.doubtful and "line" in wrapped.message and wrapped.data["alternative"] == "line"


# --- rendering ---------------------------------------------------------------------------------------

def _html(doc) -> str:
    from edition.apparatus.number import number
    number(doc)
    md = render_markdown(doc, with_card=False)
    return markdown.markdown(md.split("---\n", 2)[2], extensions=["attr_list", "md_in_html", "footnotes"])


def test_verse_renders_as_one_numbered_block_with_lines_and_stanzas():
    doc = clean_text((BLOG / "web.txt").read_text("utf-8"), "web.txt")
    page = _html(doc)
    verse = re.search(r'<p class="ed-verse" data-l="12-25" data-n="8" id="p8">(.*?)</p>', page, re.DOTALL)
    assert verse, page[:2000]
    body = verse.group(1)
    assert body.count("<br") == 9 and body.count('class="ed-sb"') == 2
    assert [t.word for t in expected_tokens(doc)] == html_words(page)


def test_verse_line_starts_stay_text():
    marked = verse_markup("- eerste regel\n1. tweede regel\n\n+ derde", "<br>", STANZA_BREAK)
    assert marked.startswith("&#45; eerste regel<br>\n&#49;. tweede regel\n" + STANZA_BREAK + "\n&#43; derde")


# --- the YAML ----------------------------------------------------------------------------------------

def _make(tmp_path: Path, raw: str, yml: str) -> Path:
    (tmp_path / "sources").mkdir(exist_ok=True)
    src = tmp_path / "sources" / "2025-09-blog.txt"
    src.write_text(raw, "utf-8")
    src.with_suffix(".yml").write_text(META + yml, "utf-8")
    return src


def test_whole_text_layout_reaches_the_cleaning_stages(tmp_path):
    raw = (BLOG / "wrapped60.txt").read_text("utf-8")
    doc = build_document(_make(tmp_path, raw, "layout: blank\n"), tmp_path)
    assert doc.layout == "blank"
    assert next(d for d in doc.decisions if d.rule == "layout").data["forced"] is True
    # One block a source line, except the poem, which stays verse.
    assert sum(b.kind == VERSE for b in doc.blocks) == 1
    assert len(doc.blocks) > 100
    assert check_model(doc) == []


def test_verse_operation_keeps_lines_of_separate_paragraphs(tmp_path):
    raw = _web(STANZA[:3])
    yml = ("verse:\n  - quote: De wind gaat door\n    until: de vogels zwijgen\n"
           "    reason: drie versregels uit een gedicht\n")
    doc = build_document(_make(tmp_path, raw, yml), tmp_path)
    verse = [b for b in doc.blocks if b.kind == VERSE]
    assert [b.text for b in verse] == ["\n".join(STANZA[:3])]
    assert any(d.rule == "layout" and d.data.get("forced") for d in doc.decisions)
    assert check_model(doc) == []


def test_region_layout_line_unwraps_nothing_in_that_block(tmp_path):
    raw = (BLOG / "wrapped60.txt").read_text("utf-8")
    yml = ("layout:\n  - quote: Wie op school een gedicht\n    as: line\n"
           "    reason: in de bron staat elke regel op zich\n")
    doc = build_document(_make(tmp_path, raw, yml), tmp_path)
    starts = [b.text for b in doc.blocks if b.text.startswith(("Wie op school", "de klas die wacht"))]
    assert starts[0] == (BLOG / "wrapped60.txt").read_text("utf-8").split("\n")[4]
    assert check_model(doc) == []


def test_region_layout_verse_on_a_joined_paragraph(tmp_path):
    raw = ("Ze zong het lied dat iedereen kende, de eerste regels zacht en de laatste luid, zoals haar moeder het "
           "haar had geleerd toen ze klein was.\n\n" + "\n".join(STANZA) + "\n")
    plain = clean_text(raw, "x.txt")
    yml = "layout:\n  - quote: De wind gaat door\n    as: verse\n    reason: een strofe van het lied\n"
    doc = build_document(_make(tmp_path, raw, yml), tmp_path)
    assert doc.blocks[-1].kind == VERSE and doc.blocks[-1].text == "\n".join(STANZA)
    assert check_model(doc) == []
    assert plain is not None


@pytest.mark.parametrize("yml,says", [
    ("layout: kolom\n", "layout"),
    ("layout:\n  - quote: De wind\n    as: proza\n    reason: x\n", "as"),
    ("verse:\n  - quote: De wind gaat door\n    reason: x\n    until: niet in de tekst\n", "niet in de tekst"),
    ("verse:\n  - quote: de vogels zwijgen\n    until: De wind gaat door\n    reason: x\n", "until"),
    ("verse:\n  - quote: ''\n    reason: x\n", "leeg"),
])
def test_odd_layout_values_give_a_message(tmp_path, yml, says):
    from edition.errors import EditionError
    with pytest.raises(EditionError) as info:
        build_document(_make(tmp_path, _web(STANZA[:3]), yml), tmp_path)
    assert says in str(info.value)


def test_a_layout_operation_keeps_the_quote_marks_of_a_paragraph_that_is_no_quotation(tmp_path):
    """Lines beginning with ‘>’ make a quotation (rule quote-mark); where that is wrong (the marks
    belong to the text), the editor's `layout` operation makes the block again from its lines as
    they stand: a paragraph, marks kept, the rule's decision gone, the fidelity check satisfied."""
    raw = ("De verhoudingen aan het front waren in de eerste maanden van de oorlog ongelijk verdeeld.\n\n"
           "> 3 tegen 1 in artillerie,\n> 2 tegen 1 in tanks.\n\n"
           "Dat veranderde pas in de herfst, toen nieuwe systemen de frontlinie bereikten.\n")
    doc = build_document(_make(tmp_path, raw, ""), tmp_path)
    # Paragraphs between blank lines: the two quoted lines are one quotation, as e-mail wraps one.
    assert [(b.kind, b.text) for b in doc.blocks if "tegen 1" in b.text] == [
        ("quote", "3 tegen 1 in artillerie, 2 tegen 1 in tanks.")]
    assert [d.line for d in doc.decisions if d.rule == "quote-mark"] == [3]
    yml = ("layout:\n  - quote: 3 tegen 1 in artillerie\n    as: line\n"
           "    reason: de tekens horen bij de opsomming\n")
    doc = build_document(_make(tmp_path, raw, yml), tmp_path)
    kept = [(b.kind, b.text) for b in doc.blocks if "tegen" in b.text]
    assert kept == [("paragraph", "> 3 tegen 1 in artillerie,"), ("paragraph", "> 2 tegen 1 in tanks.")]
    assert [d for d in doc.decisions if d.rule == "quote-mark"] == []
    assert check_model(doc) == []


SHORT_POST = """Home | Over ons | Contact
Zoeken...

Gedichten uit Charkiv
door Anna de Vries, 12 maart 2023

Gisteren kreeg ik een bericht van een vriendin in Charkiv. Ze schreef dat de
sirenes die nacht drie keer hadden geloeid en dat ze in de kelder had gezeten
met haar buren. Ze stuurde me ook een gedicht dat ze daar had geschreven.

Ik vertaalde het zo goed als ik kon:

De kelder ruikt naar aarde en naar angst,
de kaars brandt laag, het kind slaapt eindelijk in.
Wij tellen niet de uren, maar de knallen,
en wachten op het licht, op het begin.

Boven ons staat de stad nog overeind,
de lindes bloeien zoals elk jaar.
Wie zegt dat dichten zinloos is in oorlog
heeft nooit een nacht geteld tot het voorbij was.

Ze vroeg me het gedicht te delen. Dat doe ik hierbij, met haar toestemming.
Wie wil helpen, kan geld geven aan een van de hulporganisaties die in de stad
actief zijn.

Deel dit bericht: Facebook | Twitter | E-mail
3 reacties
"""


def test_a_poem_in_a_short_wrapped_web_copy_is_verse():
    # The verse lines are measured against the column (77 characters here), not against the 75th
    # percentile of all lines, which in so short a text (a menu, a byline, share buttons) falls on
    # a verse line.
    doc = clean_text(SHORT_POST, "post.txt")
    (poem,) = [b for b in doc.blocks if b.kind == VERSE]
    stanzas = SHORT_POST.split("\n\n")[4:6]
    assert poem.text == "\n\n".join(stanzas), "its lines and its two stanzas kept"
    (verse,) = [d for d in doc.decisions if d.rule == "verse"]
    assert not verse.doubtful and "na een dubbele punt" in verse.message
    assert check_model(doc) == []


LONG_PARAGRAPH = ("Gisteren kreeg ik een bericht van een vriendin in Charkiv. Ze schreef dat de sirenes die nacht "
                  "drie keer hadden geloeid en dat ze in de kelder had gezeten met haar buren.")


CLOSING = ("Ze vroeg me het gedicht te delen. Dat doe ik hierbij, met haar toestemming. Wie wil helpen, kan geld "
           "geven aan een van de hulporganisaties die in de stad actief zijn.")


@pytest.mark.parametrize("between", ["\n\n", "\n"])
def test_a_poem_that_has_more_lines_than_the_one_line_paragraphs_around_it_is_verse(between):
    # Two paragraphs of one line each around eight verse lines: the 75th percentile of the lines is
    # a verse line, and the verse lines' own run-on ends make a "column" of 41 characters that the
    # paragraphs far exceed: the paragraphs are the prose the verse is measured against.
    poem = "\n\n".join("\n".join(s) for s in (STANZA, STANZA[::-1])) if between == "\n\n" else "\n".join(STANZA * 2)
    text = between.join(["Gedichten uit Charkiv", LONG_PARAGRAPH, poem, CLOSING])
    doc = clean_text(text + "\n", "x.txt")
    assert [b.kind for b in doc.blocks] == ["title", "paragraph", VERSE, "paragraph"]
    (verse,) = [d for d in doc.decisions if d.rule == "verse"]
    assert verse.doubtful and "aparte alinea's" in verse.message  # no colon or quotes before it: a guess

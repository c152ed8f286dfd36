"""The editor's operations in a text's YAML: split, join, omit, roles for exactly the quoted span,
emendations of every kind; each one shown in the apparatus and accounted for by the fidelity
check, and no YAML value that ends in a traceback."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import markdown
import pytest
import yaml

from edition.checks import fidelity
from edition.errors import EditionError
from edition.site.pages import apparatus_pages, review_report
from edition.pipeline import build_document, clean_text
from edition.site.render import render_markdown
from project import metadata_yaml

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "editorial"
META = metadata_yaml()
# A heading and a byline stuck to their paragraphs (as in `pdftotext` output), a running head
# in a paragraph, three identical phrases on one line.
RAW = """door Jan Jansen Het is drie jaar na de invasie en de oorlog duurt voort.
Diplomaten spreken over een wapenstilstand, maar aan het front verandert
weinig.

Een bevroren conflict
De vraag is niet of er onderhandeld wordt, maar waarover. Kyiv wil garanties
en Moskou wil erkenning van
DE KRANT · 12 MAART 2025
wat het heeft veroverd. Ik zeg het nu en ik zeg het nu en ik zeg het nu,
echt waar.

Beide partijen zeggen dat de tijd in hun voordeel werkt. Dat maakt een
akkoord op korte termijn onwaarschijnlijk. Volgens een diplomaat wordt ik
daar niet vrolijk van.
"""


def make(tmp_path: Path, yml: str, raw: str = RAW, name: str = "2025-09-test") -> Path:
    (tmp_path / "sources").mkdir(exist_ok=True)
    src = tmp_path / "sources" / f"{name}.txt"
    src.write_text(raw, "utf-8")
    src.with_suffix(".yml").write_text(yml, "utf-8")
    return src


def build(tmp_path, yml, raw=RAW):
    return build_document(make(tmp_path, META + yml, raw), tmp_path)


def problems(tmp_path, yml, raw=RAW) -> str:
    with pytest.raises(EditionError) as info:
        build(tmp_path, yml, raw)
    return str(info.value)


def page_html(doc) -> str:
    config = yaml.load((ROOT / "mkdocs.yml").read_text("utf-8"), Loader=yaml.BaseLoader)
    names = [next(iter(e)) if isinstance(e, dict) else e for e in config["markdown_extensions"]]
    return markdown.markdown(render_markdown(doc, with_card=False), extensions=names)


def faithful(doc) -> None:
    assert fidelity.check_model(doc) == []
    assert fidelity.check_html(doc, page_html(doc), "pagina") == []


def kinds(doc):
    return [(b.kind, b.text[:25]) for b in doc.blocks]


# --- a web copy brought to a correct page with YAML alone --------------------------------------------

def test_a_web_copy_is_brought_to_a_correct_page_with_yaml_alone(tmp_path):
    src = tmp_path / "sources" / "2025-01-blog.txt"
    src.parent.mkdir()
    shutil.copy(FIXTURES / "blog.txt", src)
    shutil.copy(FIXTURES / "blog.yml", src.with_suffix(".yml"))
    doc = build_document(src, tmp_path)
    faithful(doc)
    assert [(b.kind, b.text.split()[0]) for b in doc.blocks] == [
        ("title", "Waarom"), ("byline", "door"), ("paragraph", "Het"), ("heading", "Een"), ("paragraph", "De"),
        ("paragraph", "Beide"), ("heading", "Wat"), ("paragraph", "Europa"), ("paragraph", "Het"),
        ("paragraph", "Dat"), ("provenance", "©")]
    words = fidelity.html_words(page_html(doc))
    for junk in ("Facebook", "LinkedIn", "Poetin", "nieuwsbrief"):
        assert junk not in words
    assert "hardop" in words and words.index("handhaven") + 1 == words.index("Maar")
    # Every operation is in the apparatus, each on its own; the omitted words are there.
    apparatus = "".join(apparatus_pages([doc]).values())
    for shown in ("**weggelaten**, bronregel 3: ‘Deel dit artikel: Facebook &#124; X &#124; LinkedIn &#124; E-mail’",
                  "**weggelaten**, bronregel 5: ‘Lees ook: Wat wil Poetin echt?’",
                  "**weggelaten**, bronregel 11: ‘Meld u aan voor onze nieuwsbrief’",
                  "**nieuw blok**, bronregel 12", "**samengevoegd**, bronregel 9", "**rol**, bronregel 6"):
        assert shown in apparatus, shown
    # The cleaner's guesses the operations overruled (these lines as headings) are no longer listed
    # as applied rules; its doubts about them are settled.
    assert "tussenkop herkend: ‘Deel dit artikel" not in apparatus
    report = review_report([doc])
    open_part = report.split("### Nagekeken")[0]
    assert "Deel dit artikel" not in open_part and "Meld u aan" not in open_part


def test_an_omission_is_accounted_for_exactly_and_only_by_its_record(tmp_path):
    doc = build(tmp_path, """omit:
  - {quote: "DE KRANT · 12 MAART 2025", scope: line, reason: kopregel van de krantenpagina}
""")
    faithful(doc)
    assert "KRANT" not in fidelity.model_words(doc)
    omit = next(d for d in doc.decisions if d.rule == "omit")
    assert omit.line == 8 and omit.data["text"] == "DE KRANT · 12 MAART 2025"
    # Without its record the same words are missing, and the check says so.
    del omit.data["edit"]
    found = fidelity.check_model(doc)
    assert found and "ontbreken" in found[0].what and "DE KRANT 12 MAART 2025" in found[0].what


# --- roles apply to exactly the quoted span --------------------------------------------------------------

def test_a_role_applies_exactly_to_the_quoted_span(tmp_path):
    doc = build(tmp_path, """structure:
  - {quote: door Jan Jansen, as: byline, reason: auteursregel}
  - {quote: Een bevroren conflict, as: heading, reason: tussenkop}
""")
    faithful(doc)
    assert kinds(doc)[:4] == [("byline", "door Jan Jansen"), ("paragraph", "Het is drie jaar na de in"),
                              ("heading", "Een bevroren conflict"), ("paragraph", "De vraag is niet of er on")]
    assert doc.blocks[1].first_line == 1 and doc.blocks[2].text == "Een bevroren conflict"
    assert (doc.blocks[2].first_line, doc.blocks[3].first_line) == (5, 6)


def test_a_whole_paragraph_can_be_made_a_quotation(tmp_path):
    """`as: quote`: a quotation set off in the source, numbered like the paragraph it was."""
    doc = build(tmp_path, """structure:
  - {quote: Beide partijen zeggen dat de tijd in hun voordeel werkt., as: quote, scope: block, reason: citaat}
""")
    faithful(doc)
    (quoted,) = [b for b in doc.blocks if b.kind == "quote"]
    assert quoted.text.startswith("Beide partijen zeggen") and quoted.number is not None


def test_a_role_on_part_of_a_sentence_is_an_error_that_says_so(tmp_path):
    msg = problems(tmp_path, """structure:
  - {quote: Diplomaten spreken over een, as: heading, reason: test}
""")
    assert "sources/2025-09-test.yml:11" in msg and "maar een deel van een blok van" in msg
    assert "midden in een zin" in msg and "split" in msg and "scope: block" in msg


def test_a_heading_of_more_than_fifteen_words_is_an_error(tmp_path):
    msg = problems(tmp_path, """structure:
  - {quote: Beide partijen zeggen, as: heading, scope: block, reason: test}
""")
    assert "een tussenkop van 27 woorden" in msg and "hoogstens 15" in msg


def test_two_titles_are_an_error(tmp_path):
    msg = problems(tmp_path, """structure:
  - {quote: Een bevroren conflict, as: title, reason: test}
  - {quote: Beide partijen zeggen dat de tijd in hun voordeel werkt., as: title, reason: test}
""")
    assert "2 blokken met de rol titel" in msg and "sources/2025-09-test.txt:5" in msg
    assert "sources/2025-09-test.txt:12" in msg


def test_naming_a_paragraph_by_its_first_words_is_a_doubt_until_scope_block(tmp_path):
    doc = build(tmp_path, """structure:
  - {quote: Beide partijen zeggen dat, as: lead, reason: de inleiding}
""")
    d = next(d for d in doc.decisions if d.rule == "editorial-structure")
    assert d.doubtful and "scope: block" in d.message
    assert next(b for b in doc.blocks if b.text.startswith("Beide")).kind == "lead"
    shutil.rmtree(tmp_path / "sources")
    doc = build(tmp_path, """structure:
  - {quote: Beide partijen zeggen dat, as: lead, scope: block, reason: de inleiding}
""")
    assert not next(d for d in doc.decisions if d.rule == "editorial-structure").doubtful


# --- split, join ----------------------------------------------------------------------------------------

def test_split_and_join(tmp_path):
    doc = build(tmp_path, """split:
  - {quote: Diplomaten spreken, reason: twee alinea's}
join:
  - {quote: Kyiv wil garanties, reason: de kopregel van de pagina brak de alinea}
""")
    faithful(doc)
    texts = [b.text for b in doc.blocks]
    assert any(t.startswith("Diplomaten spreken") for t in texts)
    # The heading is split from its paragraph by the cleaner (split-heading); the join mends the
    # paragraph that the running head broke.
    heading = next(b for b in doc.blocks if b.text == "Een bevroren conflict")
    assert heading.kind == "heading"
    joined = next(b for b in doc.blocks if b.text.startswith("De vraag is niet"))
    assert joined.kind == "paragraph" and (joined.first_line, joined.last_line) == (6, 10)
    assert "erkenning van DE KRANT" in joined.text
    message = next(d for d in doc.decisions if d.rule == "editorial-join").message
    assert "blok r. 6–7 (‘De vraag is niet" in message and "met het volgende blok r. 8–10 (‘DE KRANT" in message


@pytest.mark.parametrize("yml, expected", [
    ("split:\n  - {quote: door Jan Jansen, reason: x}\n", "staat al aan het begin van een blok"),
    ("split:\n  - {quote: aat is niet, reason: x}\n", "komt niet voor"),
    ("split:\n  - {quote: raag is niet, reason: x}\n", "begint midden in een woord"),
    ("join:\n  - {quote: niet vrolijk van., reason: x}\n", "staat in het laatste blok"),
    ("omit:\n  - {quote: raag is niet, reason: x}\n", "midden in een woord"),
])
def test_impossible_splits_joins_and_omissions_say_why(tmp_path, yml, expected):
    msg = problems(tmp_path, yml)
    assert expected in msg and "sources/2025-09-test.yml:1" in msg


# --- emendations ----------------------------------------------------------------------------------------

def test_of_three_identical_strings_the_quoted_one_is_changed_and_accounted(tmp_path):
    doc = build(tmp_path, """interventions:
  - {id: derde, quote: ik zeg het nu, suffix: ", echt", replace: ik zei het nu, reason: test}
""")
    faithful(doc)
    block = next(b for b in doc.blocks if "echt waar" in b.text)
    assert "Ik zeg het nu en ik zeg het nu en ik zei het nu, echt" in block.text
    # A model that changed the first one instead is caught, and the check names the intervention.
    block.text = block.text.replace("ik zeg het nu en", "ik zei het nu en", 1).replace("ik zei het nu,", "ik zeg het nu,")
    found = fidelity.check_model(doc)
    assert found and any("ingreep ‘derde’" in p.what for p in found), found


def test_a_letter_changed_inside_a_word_and_a_whole_line_deleted(tmp_path):
    doc = build(tmp_path, """interventions:
  - {id: dt, quote: wordt ik, replace: word ik, reason: dt-fout}
  - {id: kop, quote: "DE KRANT · 12 MAART 2025", replace: "", reason: kopregel van de pagina}
""")
    faithful(doc)
    page = page_html(doc)
    assert "word ik daar niet vrolijk van" in " ".join(fidelity.html_words(page))
    assert "KRANT" not in fidelity.html_words(page)
    assert 'data-orig="DE KRANT · 12 MAART 2025"' in page and 'data-orig="t"' in page


def test_a_deletion_of_a_whole_block_moves_its_note_to_the_block_before(tmp_path):
    doc = build(tmp_path, """interventions:
  - {id: kop, quote: Een bevroren conflict, replace: "", reason: geen tekst van de auteur}
""")
    faithful(doc)
    iv = doc.interventions[0]
    assert iv.block.text.endswith("verandert weinig.") and "Een bevroren" not in [b.text for b in doc.blocks]
    note = next(n for n in doc.notes if n.intervention is iv)
    assert note.block is iv.block and note.offset == len(iv.block.text)


def test_overlapping_and_empty_interventions_are_errors(tmp_path):
    msg = problems(tmp_path, """interventions:
  - {id: een, quote: akkoord op korte, replace: akkoord op zeer korte, reason: x}
  - {id: twee, quote: zeer korte termijn, replace: korte termijn, reason: x}
  - {id: drie, quote: Kyiv, replace: Kyiv, reason: x}
""")
    assert "overlapt met ingreep ‘een’" in msg and "verandert niets" in msg


# --- no traceback from any YAML value ------------------------------------------------------------------

BLOCKS = clean_text(RAW, "sources/2025-09-test.txt").blocks
ODD = {
    "lege quote": 'structure:\n  - {quote: "", as: heading, reason: x}\n',
    "quote van spaties": 'omit:\n  - {quote: "   ", reason: x}\n',
    "quote van spaties (split)": 'split:\n  - {quote: "  ", reason: x}\n',
    "prefix langer dan de tekst": 'interventions:\n  - {id: a, quote: Kyiv, prefix: "' + "x" * 2000 + '", replace: K, reason: x}\n',
    "suffix \\n aan het einde": 'interventions:\n  - {id: a, quote: vrolijk van., suffix: "\\n", replace: blij., reason: x}\n',
    "prefix \\n aan het begin": 'omit:\n  - {quote: door Jan Jansen, prefix: "\\n", reason: x}\n',
    "overlappende bewerkingen": ('omit:\n  - {quote: Een bevroren conflict, reason: x}\n'
                                 'structure:\n  - {quote: Een bevroren conflict, as: heading, reason: x}\n'),
    "zelfde quote twee keer": ('omit:\n  - {quote: echt waar, reason: x}\n  - {quote: echt waar, reason: x}\n'
                               'interventions:\n  - {id: a, quote: echt waar, replace: echt, reason: x}\n'),
    "bewerking op een titel": ('structure:\n  - {quote: Een bevroren conflict, as: title, reason: x}\n'
                               'interventions:\n  - {id: a, quote: bevroren, replace: "", reason: x}\n'),
    "titel gesplitst": ('structure:\n  - {quote: Een bevroren conflict, as: title, reason: x}\n'
                        'split:\n  - {quote: bevroren conflict, reason: x}\n'),
    "titel samengevoegd": ('structure:\n  - {quote: Een bevroren conflict, as: title, reason: x}\n'
                           'join:\n  - {quote: Een bevroren conflict, reason: x}\n'),
    "titel weggelaten": ('structure:\n  - {quote: Een bevroren conflict, as: title, reason: x}\n'
                         'omit:\n  - {quote: Een bevroren conflict, scope: block, reason: x}\n'),
    "alles weggelaten": yaml.safe_dump({"omit": [{"quote": b.text[:12], "scope": "block", "reason": "x"}
                                                 for b in BLOCKS]}, allow_unicode=True),
    "alles weggeemendeerd": yaml.safe_dump({"interventions": [
        {"id": f"a{i}", "quote": b.text, "replace": "", "reason": "x"} for i, b in enumerate(BLOCKS)]},
        allow_unicode=True),
    "scope onbekend": 'omit:\n  - {quote: Kyiv, scope: alles, reason: x}\n',
    "level buiten bereik": 'structure:\n  - {quote: Een bevroren conflict, as: heading, level: 9, reason: x}\n',
    "quote over een blokgrens": 'omit:\n  - {quote: "verandert weinig. Een bevroren", reason: x}\n',
    "replace met regeleinde": 'interventions:\n  - {id: a, quote: Kyiv, replace: "Kyiv\\n\\n# kop", reason: x}\n',
    "quote is een getal": 'split:\n  - {quote: 12, reason: x}\n',
    "sectie is geen lijst": 'omit: Kyiv\n',
    "lege sectie": 'omit: []\nsplit:\njoin: []\n',
    "markup in quote": 'omit:\n  - {quote: "<script>", reason: x}\n',
    "scope line van een afgebroken regel": 'omit:\n  - {quote: wil erkenning van, scope: line, reason: x}\n',
}


@pytest.mark.parametrize("name", list(ODD))
def test_no_yaml_value_ends_in_a_traceback(tmp_path, name):
    try:
        doc = build(tmp_path, ODD[name])
    except EditionError as exc:
        text = str(exc)
        assert re.search(r"sources/2025-09-test\.(yml|txt)(:\d+)?: ", text), text
        assert "Traceback" not in text
        return
    faithful(doc)
    page_html(doc)
    apparatus_pages([doc])
    review_report([doc])


def test_the_odd_values_that_must_be_refused_are(tmp_path):
    refused = {
        "lege quote": "", "quote van spaties": "alleen uit witruimte", "alles weggelaten": "geen tekst over",
        "alles weggeemendeerd": "geen tekst over", "zelfde quote twee keer": "al is weggelaten",
        "overlappende bewerkingen": "al is weggelaten", "quote over een blokgrens": "grens van twee blokken",
        "titel weggelaten": "", "scope onbekend": "alles", "level buiten bereik": "9",
    }
    for name, expected in refused.items():
        shutil.rmtree(tmp_path / "sources", ignore_errors=True)
        try:
            build(tmp_path, ODD[name])
        except EditionError as exc:
            assert expected in str(exc), (name, str(exc))
            continue
        if name != "titel weggelaten":  # leaving out a title is allowed: the page title is the YAML's
            pytest.fail(f"{name}: geen fout")


def test_a_suffix_newline_matches_at_the_end_of_the_text(tmp_path):
    doc = build(tmp_path, ODD["suffix \\n aan het einde"])
    assert doc.blocks[-1].text.endswith("niet blij.")

"""The review report as a work list (issue 13, items 6 and 9): structural warnings, web boilerplate,
new names and likely source errors, each with YAML to paste that is valid and anchors exactly once."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from edition.editorial import anchors
from edition import review
from edition.model import TITLE, Block, Document, Line
from edition.site.pages import review_report
from edition.pipeline import clean_text
from edition.review import boilerplate, quoting, source_errors
from edition.cleaning import wordlist

FIXTURES = Path(__file__).parent / "fixtures" / "review"
ROOT = Path(__file__).resolve().parents[1]


def _doc(name: str) -> Document:
    return clean_text((FIXTURES / name).read_bytes(), f"sources/{name}")


def _by_rule(items) -> dict[str, list]:
    out: dict[str, list] = {}
    for i in items:
        out.setdefault(i.rule, []).append(i)
    return out


def _snippets(report: str) -> list[str]:
    return re.findall(r"^```yaml\n(.*?)^```$", report, re.MULTILINE | re.DOTALL)


def _check_snippets(doc: Document, items) -> int:
    """Every snippet parses as YAML, and every quote in it anchors exactly once in the cleaned text
    (a register entry: each form occurs in the text). Returns how many quotes were checked."""
    checked = 0
    for item in items:
        assert item.snippets, f"{item.rule} at {item.line} has nothing to paste"
        for snippet in item.snippets:
            data = yaml.safe_load(snippet)
            assert isinstance(data, dict) and len(data) == 1, snippet
            (section, entries), = data.items()
            assert isinstance(entries, list) and entries, snippet
            for e in entries:
                if section == "entries":
                    assert all(f in " ".join(b.text for b in doc.blocks) for f in e["forms"]), snippet
                    continue
                found = anchors.find(doc.blocks, e["quote"], e.get("prefix", ""), e.get("suffix", ""))
                assert len(found) == 1, snippet
                checked += 1
    return checked


def test_web_copy_boilerplate_is_proposed_for_omission_never_removed():
    doc = _doc("web-copy.txt")
    before = [b.text for b in doc.blocks]
    items = review.collect(doc)
    assert [b.text for b in doc.blocks] == before  # nothing removed or changed
    # The junk line is found whether the cleaner made it a block of its own or left it in a longer one.
    found = {(i.rule, doc.blocks[i.block_index].text[slice(*i.span)]) for i in items if i.category == "webrommel"}
    for junk in ("Delen", "Facebook Twitter WhatsApp", "Lees ook: Waarom de buslijn naar het ziekenhuis verdwijnt",
                 "Schrijf je in voor onze nieuwsbrief en mis niets uit de wijk", "Advertentie",
                 "Deze website gebruikt cookies om uw ervaring te verbeteren. Akkoord"):
        assert ("boilerplate", junk) in found, junk
    assert ("photo-credit", "Foto: Pieter Kamsteeg / Stadsarchief") in found
    slogans = [i for i in items if i.rule == "repeated-line"]
    assert [doc.blocks[i.block_index].text for i in slogans] == ["Onafhankelijk nieuws uit jouw buurt"] * 2
    # No sentence of the article itself is taken for junk: 8 junk lines, one of them twice.
    junk = [doc.blocks[i.block_index].text[slice(*i.span)] for i in items if i.category == "webrommel"]
    assert len(junk) == 9 and all(len(j.split()) < 20 for j in junk), junk
    credit = next(i for i in items if i.rule == "photo-credit")
    assert yaml.safe_load(credit.snippets[0])["structure"][0]["as"] == "caption"
    assert yaml.safe_load(credit.snippets[1]) == {"omit": [{"quote": "Foto: Pieter Kamsteeg / Stadsarchief",
                                                          "reason": "Niet van het artikel: een fotocredit."}]}
    assert _check_snippets(doc, items) >= 20


def test_web_furniture_is_proposed_for_omission_not_for_a_full_stop():
    """A line of the page ("Lees ook", a breadcrumb) is one doubt: leave it out; no missing full
    stop is proposed for it.  An article's own paragraph without one is still flagged."""
    doc = clean_text("Home › Nieuws › Buitenland\n\nDe lange nacht\n\nDe sirenes klonken om drie uur, "
                     "zoals elke nacht.\n\nDeel dit artikel\n\nHet werd pas licht toen de drones waren "
                     "neergehaald\n".encode(), "sources/web.txt")
    unpunctuated = [d.line for d in doc.decisions if d.rule == "unpunctuated"]
    assert unpunctuated == [9]  # the article's last paragraph, not lines 1 and 7
    proposed = {doc.blocks[i.block_index].text for i in review.collect(doc) if i.category == "webrommel"}
    assert {"Home › Nieuws › Buitenland", "Deel dit artikel"} <= proposed


@pytest.mark.parametrize("line, expected", [
    ("Deel dit artikel", "boilerplate"), ("Share on X | LinkedIn", "boilerplate"), ("Lees meer", "boilerplate"),
    ("Read more", "boilerplate"), ("Meld je aan voor de nieuwsbrief", "boilerplate"),
    ("Beeld: ANP", "photo-credit"), ("© Reuters", "photo-credit"), ("ADVERTENTIE", "boilerplate"),
    ("Reacties (12)", "boilerplate"), ("Volg ons op Instagram", "boilerplate"),
    ("Nieuws/Buitenland", "boilerplate"), ("Home › Nieuws › Buitenland", "boilerplate"),
    ("Voorpagina | Opinie | Columns", "boilerplate"), ("Home » Dossiers » Oorlog in Oekraïne", "boilerplate"),
    # Not junk: ordinary lines that share a word with junk.
    ("Deel twee: de nasleep", None), ("Delen in de winst was voor hen geen optie.", None),
    ("Lees de brief zelf: hij is kort.", None), ("Reactie van de minister", None), ("Beeldvorming", None),
    ("Facebook groeide in die jaren snel, ook in Nederland.", None), ("Op dit moment", None),
    # Not a breadcrumb: a title with a slash, an opposition, a ratio, a date, a sentence with »quotes«.
    ("Oekraïne/Rusland", None), ("Oorlog / Vrede", None), ("Nieuws/opinie: waar ligt de grens?", None),
    ("24/02/2022", None), ("Hij zei: »Nooit meer«", None), ("De keuze > het compromis", None),
])
def test_boilerplate_patterns(line, expected):
    found = boilerplate.classify(line)
    assert (found[0] if found else None) == expected


def test_new_names_with_counts_and_first_line_not_ordinary_words():
    doc = _doc("web-copy.txt")
    names = {i.extra["name"]: i for i in review.collect(doc) if i.rule == "new-name"}
    assert names["Marjolein Verhoeven"].count == 2 and names["Marjolein Verhoeven"].line == 5
    assert "Kees de Wit" in names and "Stadsbouw" in names and "Nederland" in names
    # Sentence-initial ordinary words, demonyms and adjectives from names are not names.
    for not_a_name in ("Al", "De", "Niet", "Ook", "Duitse", "Nederlandse", "Volgens", "Buurtbewoner",
                       "Soms", "Over"):
        assert not any(not_a_name == n.split()[0] for n in names), (not_a_name, sorted(names))
    entry = yaml.safe_load(names["Kees de Wit"].snippets[0])["entries"][0]
    assert entry["forms"] == ["Kees de Wit"] and re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", entry["id"])


def test_names_in_a_register_are_not_proposed_again():
    from edition.apparatus.registers import Occurrence

    doc = _doc("web-copy.txt")
    spans = [(bi, m.start(), m.end()) for bi, b in enumerate(doc.blocks)
             for m in re.finditer("Marjolein Verhoeven", b.text)]
    occurrences = [Occurrence(doc.slug, bi, s, e, None, "Marjolein Verhoeven") for bi, s, e in spans]
    names = {i.extra["name"] for i in review.collect(doc, occurrences) if i.rule == "new-name"}
    assert "Marjolein Verhoeven" not in names and "Kees de Wit" in names


def test_source_errors_by_general_rules():
    doc = _doc("web-copy.txt")
    items = _by_rule(review.collect(doc))
    unknown = {doc.blocks[i.block_index].text[slice(*i.span)]: i for i in items["unknown-word"]}
    assert set(unknown) == {"vredeonderhandelingen", "rijzigers"}, sorted(unknown)
    assert "vredesonderhandelingen" in unknown["vredeonderhandelingen"].message  # tussen-s
    assert "reizigers" in unknown["rijzigers"].message  # ei/ij
    (genitive,) = items["name-genitive"]
    assert "Verhoevens" in genitive.message
    (agreement,) = items["agreement"]
    assert "wordt ik" in agreement.message and "‘word ik’" in agreement.message
    sic = yaml.safe_load(agreement.snippets[0])["sic"][0]
    assert sic["quote"] == "wordt ik" and sic["kind"] == "grammatica"
    fix = yaml.safe_load(agreement.snippets[1])["interventions"][0]
    assert fix["replace"] == "word ik" and re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", fix["id"])


@pytest.mark.parametrize("word, flagged", [
    ("lijdingen", True), ("vredeonderhandelingen", True), ("regeringleider", True), ("bewooners", True),
    ("buurthuisvrijwilligers", False), ("postsovjetlanden", False), ("leidingen", False),
    ("oorlogszuchtigen", False), ("vredesonderhandelingen", False), ("regeringsleider", False),
])
def test_unknown_words(word, flagged):
    assert (source_errors.check_word(word, wordlist.load()) is not None) == flagged


@pytest.mark.parametrize("text, n", [
    ("Het was Trump's idee.", 1), ("Dat was Poetin’s keuze.", 1),
    ("Het was Zelensky's keuze.", 0), ("De NAVO's leden.", 0), ("De VVD's leden.", 0), ("Bush' woorden.", 0),
    ("Dat is Sasha's fiets.", 0), ("Ik word moe, jij wordt moe.", 0), ("Vind jij dat ook?", 0),
    ("Wordt jij ook moe?", 1), ("Ik vindt het goed.", 1), ("Vindt je moeder het goed?", 0),
])
def test_genitive_and_agreement_rules(text, n):
    doc = clean_text(f"{text}\n", "sources/x.txt")
    assert len([i for i in review.collect(doc) if i.rule in ("name-genitive", "agreement")]) == n


def test_structural_warnings():
    doc = _doc("structure.txt")
    long = " ".join(f"In het jaar {1900 + n} telde de wijk {n + 3} fabrieken meer dan tevoren." for n in range(30))
    raw = (FIXTURES / "structure.txt").read_text("utf-8") + long + "\n"
    doc = clean_text(raw, "sources/structure.txt")
    items = _by_rule(review.collect(doc))
    assert [i.line for i in items["long-heading"]] == [2]
    assert [i.line for i in items["lowercase-start"]] == [4]
    assert yaml.safe_load(items["lowercase-start"][0].snippets[0])["join"][0]["quote"].endswith("zo'n terrein moet gebeuren.")
    assert [i.line for i in items["number-only"]] == [5]
    omit = yaml.safe_load(items["number-only"][0].snippets[0])["omit"][0]
    assert omit["quote"] == "12" and omit["suffix"].startswith("\nDe")  # "12" recurs in the long paragraph
    (long_item,) = items["long-block"]
    assert "alinea van 360 woorden" in long_item.message
    split = yaml.safe_load(long_item.snippets[0])["split"][0]
    assert split["quote"].startswith("In het jaar 19")
    _check_snippets(doc, [i for its in items.values() for i in its])


def _handmade(texts: list[tuple[str, str]]) -> Document:
    doc = Document(path="sources/hand.txt", slug="hand")
    lines, blocks = [], []
    for kind, text in texts:
        parts = text.split("\n")
        line_map, off = [], 0
        for p in parts:
            lines.append(Line(len(lines) + 1, p))
            line_map.append((off, len(lines)))
            off += len(p) + 1
        blocks.append(Block(kind, " ".join(parts), line_map))
    doc.lines, doc.blocks, doc.layout = lines, blocks, "wrapped"
    return doc


def test_two_titles_running_heads_and_page_numbers_inside_blocks():
    doc = _handmade([
        (TITLE, "Het water"), (TITLE, "Een geschiedenis"),
        ("paragraph", "Het water steeg die winter hoger dan\nDe Rivierenkrant — nummer 3\nooit, en de dijken hielden het nauwelijks."),
        ("paragraph", "Pas in het voorjaar zakte het weer, en\n14\nde boeren konden hun land weer op."),
        ("paragraph", "Niemand wist hoe lang het zou duren voor\nDe Rivierenkrant — nummer 3\nalles weer was als vroeger."),
    ])
    items = _by_rule(review.collect(doc))
    assert [i.line for i in items["two-titles"]] == [2]
    assert [i.line for i in items["running-head"]] == [4, 10]
    assert yaml.safe_load(items["running-head"][0].snippets[0])["omit"][0]["quote"] == "De Rivierenkrant — nummer 3"
    assert [i.line for i in items["number-only"]] == [7]
    _check_snippets(doc, [i for its in items.values() for i in its])


def test_quotes_get_prefix_or_suffix_when_not_unique():
    doc = _handmade([("paragraph", "Delen"), ("paragraph", "Het is een tekst."), ("paragraph", "Delen"),
                     ("paragraph", "Nog een zin.")])
    first = quoting.selector(doc.blocks, 0, 0, 5)
    second = quoting.selector(doc.blocks, 2, 0, 5)
    assert first != second
    for sel, index in ((first, 0), (second, 2)):
        assert anchors.find(doc.blocks, sel["quote"], sel.get("prefix", ""), sel.get("suffix", "")) == [
            anchors.Match(index, 0, 5)]


def test_report_counts_every_item_and_never_says_zero_while_any_is_open():
    doc = _doc("web-copy.txt")
    report = review_report([doc])
    items = [i for i in review.collect(doc) if not i.confirmed]
    total = int(re.search(r"^Totaal: (\d+) open punten", report, re.MULTILINE).group(1))
    doubts = sum(1 for d in doc.decisions if d.doubtful and "confirmed" not in d.data)
    assert total == len(items) + doubts and len(items) >= 15
    from edition.review.doubts import snippets as doubt_snippets

    snippets = _snippets(report)
    open_doubts = [d for d in doc.decisions if d.doubtful and "confirmed" not in d.data]
    assert len(snippets) == sum(len(i.snippets) for i in items) + sum(len(doubt_snippets(doc, d)) for d in open_doubts)
    for s in snippets:
        assert isinstance(yaml.safe_load(s), dict)


def test_a_confirmed_item_leaves_the_open_list():
    doc = _doc("web-copy.txt")
    item = next(i for i in review.collect(doc) if i.rule == "new-name" and i.extra["name"] == "Stadsbouw")
    before = int(re.search(r"^Totaal: (\d+)", review_report([doc]), re.MULTILINE).group(1))
    # What the editorial stage records for `confirmed: [{quote: Stadsbouw, rule: new-name, note: …}]`.
    doc.blocks[item.block_index].hints["confirmed"] = [{"rule": "new-name", "where": "sources/web-copy.yml:9",
                                                        "note": "Een vakblad, geen registeritem."}]
    report = review_report([doc])
    assert int(re.search(r"^Totaal: (\d+)", report, re.MULTILINE).group(1)) == before - 1
    assert "**sources/web-copy.yml:9: Een vakblad, geen registeritem.**" in report


def test_the_four_texts_give_a_short_work_list():
    """The real texts are finished editions: what the work list still finds there must be few, and
    real (names not in a register, source errors the editors have not marked)."""
    from edition.apparatus.annotate import collect
    from edition.build import load_all

    docs = load_all(ROOT)
    edition = collect(ROOT, docs)
    items = [i for d in docs for i in review.collect(d, edition.occurrences)]
    by_category = _by_rule([type("C", (), {"rule": i.category})() for i in items])
    assert len(by_category.get("structuur", [])) + len(by_category.get("webrommel", [])) <= 2, items
    assert len(items) <= 25, [(i.rule, i.message) for i in items]


@pytest.mark.parametrize("text, byline", [
    ("Door Anna de Vries", True), ("door Jan Jansen (Voorbeeldbeweging), geschreven begin maart", True),
    ("Door: Piet van 't Hek en Jan Jansen", True), ("Door ANP/Reuters", True), ("Tekst: redactie", True),
    ("door de redactie", True), ("Door onze correspondent in Moskou", True),
    ("Door Anna de Vries, correspondent in Kyiv", True), ("Door J.P. de Jong – 12 maart 2024", True),
    # A sentence or title that begins with the word ‘door’.
    ("Door de oorlog veranderde alles", False), ("Door Poetin gedwongen tot een vlucht", False),
    ("door enorme woede, solidariteit en angst", False), ("Doorbraak in de onderhandelingen", False),
])
def test_a_byline_is_door_and_names_not_any_line_beginning_with_door(text, byline):
    from edition.cleaning.structure import is_byline

    assert is_byline(text) is byline


def test_a_lone_number_in_a_poem_or_a_table_is_no_page_number_and_every_kind_has_a_name():
    from edition.model import BLOCK_KINDS
    from edition.review.items import KIND_NAMES

    assert set(BLOCK_KINDS) <= set(KIND_NAMES), "the report names every kind of block"
    poem = ("<p>De winter viel, de stad bleef staan,<br>wij telden dagen, niet de jaren,<br>en schreven op de "
            "muur het jaar:<br>1942<br>en wachtten tot de lente kwam.</p>")
    page = ("<!doctype html><html lang='nl'><head><meta charset='utf-8'><title>T</title></head><body><article>"
            f"<h1>Gedicht uit de kelder</h1><p>Zij schreef het zo op:</p>{poem}</article></body></html>")
    doc = clean_text(page.encode(), "x.html")
    assert "verse" in [b.kind for b in doc.blocks]
    items = review.collect(doc, [])  # stopped with a KeyError on the name of the verse block
    assert all("midden in een" not in i.message or "gedicht" in i.message for i in items)

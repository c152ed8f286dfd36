"""The site does no work, and carries no page content, that grows with the square of the number of
texts (issue 16): the occurrence map is made once per edition, "Zie ook" names only the closest
texts, a register entry found in many texts gets one link per text, and the navigation groups
many texts per year."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from edition.apparatus import registers
from edition.apparatus.annotate import Edition, collect_targets, place_links
from edition.model import PARAGRAPH
from edition.apparatus.number import number
from edition.pipeline import clean_text
from edition.site.registerpages import COLLAPSE_TEXTS, register_page
from edition.apparatus.registers import GLOSSARY, PLACES, Entry, Register, find_occurrences
from edition.site.render import SEE_ALSO_MAX, render_markdown

ROOT = Path(__file__).resolve().parents[1]
N = 30


def _entry(kind, id_, form):
    return Entry(kind, id_, form, form, [form], True, f"registers/x.yml:{id_}",
                 texts={name: _inline(f"Uitleg bij {form}.") for name in kind.required})


def _inline(text):
    from edition.apparatus.inline_md import parse
    return parse(text, "registers/x.yml:1")


def _edition(n: int = N) -> Edition:
    """`n` texts: every text names Kyiv (in every paragraph) and its own rare word; text i also
    names the words of the texts before it up to five back, so that its neighbours share most."""
    places = [_entry(PLACES, "kyiv", "Kyiv")]
    glossary = [_entry(GLOSSARY, f"woord{i}", f"Woord{chr(97 + i // 26)}{chr(97 + i % 26)}") for i in range(n)]
    docs = []
    for i in range(n):
        words = " ".join(glossary[j].forms[0] for j in range(max(0, i - 5), i + 1))
        raw = "".join(f"Alinea {k} over Kyiv en {words} in deze tekst.\n\n" for k in range(3))
        doc = clean_text(raw, f"sources/2025-{1 + i % 12:02d}-tekst-{i:03d}.txt")
        assert all(b.kind == PARAGRAPH for b in doc.blocks)
        number(doc)
        docs.append(doc)
    regs = [Register(GLOSSARY, "registers/glossary.yml", glossary), Register(PLACES, "registers/places.yml", places)]
    occurrences, problems = find_occurrences(regs, docs)
    assert not problems
    edition = Edition(docs, regs, None, occurrences, collect_targets(docs, regs))
    place_links(edition)
    return edition


@pytest.fixture(scope="module")
def edition():
    return _edition()


def _see_also(page: str) -> str:
    return page[page.index("## Zie ook"):]


def test_see_also_names_only_the_closest_texts(edition):
    doc = edition.docs[10]
    part = _see_also(render_markdown(doc, edition=edition))
    rows = re.findall(r'<li><a href="\.\./\.\./teksten/([^/]+)/"', part)
    assert len(rows) == SEE_ALSO_MAX
    # Texts 5..15 share words with text 10; the nearest (9 and 11: five shared) come first,
    # ties in edition order.
    assert rows[:2] == [edition.docs[9].slug, edition.docs[11].slug]
    assert set(rows) <= {d.slug for d in edition.docs[5:16]} and doc.slug not in rows
    assert "Nog 4 andere teksten delen" in part and "woordenlijst/" in part
    # Kyiv is in every text: named once, not in every row.
    assert part.count(">Kyiv</a>") == 1 and "Alle teksten noemen" in part


def test_see_also_is_the_same_for_few_texts():
    small = _edition(4)
    part = _see_also(render_markdown(small.docs[3], edition=small))
    # Every other text that shares more than what all texts name (Kyiv, Woordaa), none left out.
    assert len(re.findall("<li>", part)) == 2 and "Nog " not in part


def test_the_occurrence_map_is_made_once_per_edition(monkeypatch):
    fresh = _edition(12)
    calls = []
    real = registers.build_occurrence_map
    monkeypatch.setattr(registers, "build_occurrence_map", lambda *a: calls.append(1) or real(*a))
    for doc in fresh.docs:
        render_markdown(doc, edition=fresh)
    for register in fresh.registers:
        register_page(fresh, register)
    assert len(calls) == 1


def test_an_entry_in_many_texts_has_one_link_per_text(edition):
    page = register_page(edition, edition.register("plaatsen"))
    loci = page[page.index("{#kyiv}"):]
    items = re.findall(r"<li>.*?</li>", loci)
    assert len(items) == N > COLLAPSE_TEXTS
    # Each text once, linked to its first place, with the number of times (three paragraphs).
    assert items[0] == f'<li><a href="../teksten/{edition.docs[0].slug}/&#35;p1">{edition.docs[0].slug}</a> (3×)</li>'
    assert "alinea" not in loci and "per tekst de eerste vindplaats" in page
    # An entry in few texts keeps a link to every paragraph.
    glossary = register_page(edition, edition.register("woordenlijst"))
    rare = glossary[glossary.index("{#woord29}"):]
    assert 'aria-label="' in rare and ">1</a>, <a" in rare


def _hooks():
    spec = importlib.util.spec_from_file_location("edition_hooks", ROOT / "hooks" / "edition_hooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _nav(names: list[str], extra: tuple[str, ...] = ()):
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.nav import get_navigation

    config = MkDocsConfig()
    config.load_dict({"site_name": "x", "docs_dir": str(ROOT / "docs"), "site_dir": "/tmp/x"})
    config.validate()
    files = Files([File(name, config.docs_dir, config.site_dir, True)
                   for name in ["index.md", "woordenlijst.md", *(f"teksten/{n}.md" for n in names), *extra]])
    nav = get_navigation(files, config)
    return _hooks().on_nav(nav, config, files)


def test_few_texts_are_listed_flat_in_the_navigation():
    nav = _nav(["2025-09-b", "2022-03-a"])
    texts = nav.items[1]
    assert texts.title == "Teksten" and [p.file.src_uri for p in texts.children] == \
        ["teksten/2022-03-a.md", "teksten/2025-09-b.md"]


def test_many_texts_are_grouped_per_year_and_a_large_year_per_month():
    hooks = _hooks()
    names = ([f"2024-05-t{i:02d}" for i in range(3)] + [f"2025-{m:02d}-t{i:02d}" for m in (1, 9) for i in range(8)]
             + [f"2023-02-t{i:02d}" for i in range(14)])
    nav = _nav(names + ["zonder-datum", "index"])
    texts = nav.items[1]
    # A page of the section itself (navigation.indexes) stays first, outside the years.
    assert texts.children[0].file.src_uri == "teksten/index.md"
    assert [s.title for s in texts.children[1:]] == ["2023", "2024", "2025", hooks.UNDATED_TITLE]
    # A large year per month, unless all its texts are of one month.
    assert [len(s.children) for s in texts.children[1:]] == [14, 3, 2, 1]
    assert [s.title for s in texts.children[3].children] == ["januari 2025", "september 2025"]
    # Previous/next still run through every text in order, and parents are set.
    order = [p.file.src_uri for p in nav.pages]
    assert order.index("teksten/2024-05-t02.md") + 1 == order.index("teksten/2025-01-t00.md")
    first = texts.children[3].children[0].children[0]
    assert first.parent.title == "januari 2025" and first.parent.parent.parent is texts


def test_the_navigation_is_pruned():
    import yaml

    config = yaml.load((ROOT / "mkdocs.yml").read_text("utf-8"), Loader=yaml.BaseLoader)
    assert "navigation.prune" in config["theme"]["features"]


def test_a_work_cited_in_many_places_is_listed_once_per_text():
    from edition.site.registerpages import collapsed_places

    few = [(f"../teksten/t{i}/#fn:1", f"noot bij ‘T{i}’") for i in range(COLLAPSE_TEXTS)]
    assert collapsed_places(few) == [(h, label, 1) for h, label in few]
    # Two notes in each text, two texts with one title: per text one link, with the count.
    many = [(f"../teksten/t{i}/#fn:{n}", f"noot bij ‘T{i // 2}’") for i in range(COLLAPSE_TEXTS) for n in (1, 2)]
    shown = collapsed_places(many)
    assert shown[:2] == [("../teksten/t0/#fn:1", "noot bij ‘T0’", 2), ("../teksten/t1/#fn:1", "noot bij ‘T0’", 2)]
    assert len(shown) == COLLAPSE_TEXTS


def test_an_entry_in_very_many_texts_has_its_loci_on_a_page_of_its_own(edition, monkeypatch):
    from edition.site import registerpages

    monkeypatch.setattr(registerpages, "LOCI_PAGE_TEXTS", N - 1)
    places = edition.register("plaatsen")
    # Without own pages (what a caller that does not write them gets), nothing changes.
    assert register_page(edition, places) == register_page(edition, places, own_pages=False)
    page = register_page(edition, places, own_pages=True)
    entry = page[page.index("{#kyiv}"):]
    assert "<li>" not in entry and f"in {N} teksten, {3 * N} keer" in entry
    assert 'href="../vindplaatsen/plaatsen/kyiv/"' in entry and "op een eigen pagina" in page
    own = registerpages.loci_pages(edition, places)
    assert list(own) == ["vindplaatsen/plaatsen/kyiv.md"]
    text = own["vindplaatsen/plaatsen/kyiv.md"]
    # Every paragraph of every text, linked from the page's own place; the entry linked back.
    assert text.count("<li>") == N and text.count('aria-label="') == 3 * N
    assert f'href="../../../teksten/{edition.docs[0].slug}/&#35;p2"' in text
    assert 'href="../../../plaatsen/&#35;kyiv"' in text and "search:\n  exclude: true" in text
    # At most LOCI_PER_TEXT places per text, the rest counted.
    monkeypatch.setattr(registerpages, "LOCI_PER_TEXT", 2)
    text = registerpages.loci_pages(edition, places)["vindplaatsen/plaatsen/kyiv.md"]
    assert text.count('aria-label="') == 2 * N and text.count("en nog 1 plaats in deze tekst</li>") == N
    # The glossary's words are in at most six texts: no pages of their own.
    assert registerpages.loci_pages(edition, edition.register("woordenlijst")) == {}


def test_pages_of_loci_are_not_in_the_navigation():
    nav = _nav(["2025-09-b", "2022-03-a"], extra=("vindplaatsen/plaatsen/kyiv.md", "vindplaatsen/personen/x.md"))
    assert [p.file.src_uri for p in nav.pages] == ["index.md", "teksten/2022-03-a.md", "teksten/2025-09-b.md",
                                                   "woordenlijst.md"]
    assert [getattr(item, "title", None) for item in nav.items][1] == "Teksten" and len(nav.items) == 3

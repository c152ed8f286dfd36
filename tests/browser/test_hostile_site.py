"""A build fed with hostile values in every field a source or an editor can set: nothing executable
anywhere in what it writes, and every value shown literally.

The fifth text (tests/fixtures/hostile/site/) has markup, event handlers, `javascript:` URLs,
comment and CDATA ends, Jinja and attribute-list syntax in its raw text, and the same in its YAML
metadata, its BibTeX entry and a person and a glossary entry that occur in it. The copy is built once, with the PDFs and the offline zip, and then:
every HTML/XML file of site/, the search index, every file of the offline zip and the print HTML of
the whole edition and of the text are scanned (tests/scan.py); Chromium opens the pages and no
dialog may open; the hostile title reads literally in the navigation and in <title>.
"""

from __future__ import annotations

import functools
import html
import http.server
import shutil
import sys
import threading
import zipfile
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(TESTS))

from project import copy_project, run_edition  # noqa: E402
from scan import scan_files  # noqa: E402

FIXTURE = TESTS / "fixtures" / "hostile" / "site"
SLUG = "2025-01-vijandig"
SITE_URL = "https://voorbeeld.nl/editie/"
RAW_TITLE = "Titel met <img src=x onerror=alert(1)> erin &lt;b&gt; en </title><script>alert(1)</script>"


@pytest.fixture(scope="module")
def hostile_root(tmp_path_factory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("hostile") / "editie")
    shutil.copy(FIXTURE / f"{SLUG}.txt", root / "sources")
    shutil.copy(FIXTURE / f"{SLUG}.yml", root / "sources")
    shutil.copy(FIXTURE / "vijandig.bib", root / "bibliography")
    for register in ("persons", "glossary"):  # one hostile entry each, at the end of `entries:`
        with open(root / "registers" / f"{register}.yml", "a", encoding="utf-8") as out:
            out.write((FIXTURE / f"{register}.add.yml").read_text("utf-8"))
    result = run_edition(root, "build", env={"SITE_URL": SITE_URL})
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    assert "Traceback" not in result.stderr
    return root


def test_the_hostile_text_is_published(hostile_root):
    page = hostile_root / "site" / "teksten" / SLUG / "index.html"
    assert page.is_file()
    # The payloads are there, as text: the scan below would find nothing on an empty page.
    assert "&lt;img src=x onerror=alert(1)&gt;" in page.read_text("utf-8")
    persons = (hostile_root / "site" / "personen" / "index.html").read_text("utf-8")
    glossary = (hostile_root / "site" / "woordenlijst" / "index.html").read_text("utf-8")
    # Written as character references (unescaped here once, they read as the raw values).
    assert "Vijand <img src=x onerror=alert(1)>, Eva" in html.unescape(persons)
    assert "payloadwoord <svg onload=alert(1)>" in html.unescape(glossary)


def test_nothing_executable_in_the_site(hostile_root):
    site = hostile_root / "site"
    files = [(p.relative_to(site).as_posix(), p.read_text("utf-8"))
             for p in sorted(site.rglob("*")) if p.suffix in (".html", ".xml", ".json") and p.is_file()]
    # The site's search index is Pagefind's (site/pagefind/): its fragments hold the page text decoded,
    # as data, never as markup; what the reader sees of them is checked in Chromium below.
    from edition.site.search import fragments
    assert any("onerror=alert(1)" in f for f in fragments(site / "pagefind"))
    assert scan_files(files) == []


def test_nothing_executable_in_the_offline_zip(hostile_root):
    zipped = hostile_root / "site" / "downloads" / "editie-offline.zip"
    with zipfile.ZipFile(zipped) as z:
        files = [(n, z.read(n).decode("utf-8")) for n in z.namelist()
                 if n.endswith((".html", ".xml", "search_index.js", "search_index.json"))]
    assert any(n.endswith("search_index.js") for n, _ in files)
    assert scan_files(files) == []


def test_nothing_executable_in_the_print_html(hostile_root, monkeypatch):
    from edition.typeset import printhtml
    from edition.apparatus.annotate import collect
    from edition.build import load_all

    monkeypatch.chdir(hostile_root)
    docs = load_all(hostile_root)
    edition = collect(hostile_root, docs)
    doc = next(d for d in docs if d.slug == SLUG)
    parts = [*printhtml.edition_parts(edition, SITE_URL, 0), *printhtml.text_parts(doc, edition, SITE_URL, 0)]
    assert any("&lt;img src=x onerror=alert(1)&gt;" in p for p in parts)
    assert scan_files([(f"print part {i}", p) for i, p in enumerate(parts)]) == []


@pytest.fixture(scope="module")
def hostile_server(hostile_root):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(hostile_root / "site"))
    handler.log_message = lambda *a: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("path", ["", f"teksten/{SLUG}/", "bibliografie/", "apparaat/", "404.html"])
def test_no_script_runs_in_chromium(browser, hostile_server, path):
    context = browser.new_context()
    dialogs: list[str] = []
    page = context.new_page()
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        page.goto(hostile_server + path)
        page.wait_for_load_state("load")
        if path == f"teksten/{SLUG}/":
            # The title reads literally wherever the theme shows it.
            assert page.title().startswith(RAW_TITLE)
            nav = page.locator(f'nav a[href$="{SLUG}/"]').first.text_content()
            assert RAW_TITLE in " ".join(nav.split())
        page.keyboard.press("Tab")
        page.mouse.move(200, 300)
    finally:
        context.close()
    assert dialogs == []


def test_search_results_show_the_hostile_text_as_text(browser, hostile_server):
    """A search for the hostile text (Pagefind) shows it literally and runs nothing of it."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    dialogs: list[str] = []
    page = context.new_page()
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        page.goto(hostile_server)
        box = page.locator("input.md-search__input")
        box.click()
        box.press_sequentially("alert", delay=15)
        page.locator(".md-search-result__meta").filter(has_text="overeenkomende document").wait_for()
        results = page.locator(".md-search-result__list")
        results.locator("article").first.wait_for()
        assert "<img src=x onerror=alert(1)>" in results.inner_text()
        assert results.locator("img, script, svg, iframe").count() == 0
        page.wait_for_timeout(500)
    finally:
        context.close()
    assert dialogs == []

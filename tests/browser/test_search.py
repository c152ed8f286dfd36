"""Search in the built site: Pagefind (src/edition/search.py) in Material's search box, in chromium.

Pagefind stems Dutch (the Snowball Dutch stemmer of its WebAssembly for `nl`), so an inflected form
finds the text that has another form of the word, not only a longer one (Material's lunr search of
before only matched prefixes). The cases below are those Material's lunr search was tuned for: exact
words (which its stemmer lost), numbers (which its Dutch trimmer lost), a word in typographic quotes,
names. The offline copy keeps Material's lunr search (tests/browser/test_offline.py).
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import shutil
import threading
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from edition.site.search import BUNDLE, fragments, index_site

from .conftest import _QuietHandler

RESULT_LINKS = "li.md-search-result__item > a.md-search-result__link"
RESULT_META = ".md-search-result__meta"


def search(page, query: str) -> list[str]:
    """Type QUERY into the search box and return the paths of the result links."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("")
    box.press_sequentially(query, delay=15)
    # Material's Dutch strings: "N overeenkomende documenten" or "Geen overeenkomende documenten".
    expect(page.locator(RESULT_META)).to_contain_text("overeenkomende document")
    hrefs = page.eval_on_selector_all(RESULT_LINKS, "links => links.map(a => a.href)")
    return [urlsplit(href).path for href in hrefs]


@pytest.mark.parametrize(
    "query",
    [
        "Russische",  # an exact word (returned nothing with lunr's stemmer in the pipeline)
        "Zelensky",  # a name
        "weken",  # a short exact word (returned nothing with lunr's stemmer)
        "2025",  # a number (returned nothing with lunr's Dutch trimmer)
        "10.000",  # a number with a full stop
        "broeders",  # a word in typographic quotes, ‘broeders’, in the source
    ],
)
def test_query_finds_results(page, query):
    page.goto("/")
    paths = search(page, query)
    assert paths, f"searching {query!r} found nothing"
    assert any(path.startswith("/teksten/") for path in paths), (
        f"searching {query!r} found no text page: {paths}"
    )


def test_inflected_form_finds_the_text(page):
    """`onderhandeling` finds the text page that only has `onderhandelingen` and `onderhandelen`."""
    page.goto("/")
    paths = search(page, "onderhandeling")
    assert any(path.startswith("/teksten/2025-09-vrede-niet-in-zicht/") for path in paths), paths


def test_stemming_finds_a_shorter_form(page):
    """`vredesakkoorden` is in no text; both texts with `vredesakkoord` are found (a stem, not a
    prefix: the query is longer than the word), with the word marked in the excerpt."""
    page.goto("/")
    paths = search(page, "vredesakkoorden")
    texts = {p for p in paths if p.startswith("/teksten/")}
    assert {"/teksten/2024-02-russische-socialistische-beweging/", "/teksten/2025-09-vrede-niet-in-zicht/"} <= texts, paths
    marks = page.locator(".md-search-result__list mark").all_inner_texts()
    assert any(m.lower().startswith("vredesakkoord") for m in marks), marks


def test_a_word_in_no_text_says_so(page):
    page.goto("/")
    assert search(page, "xqzwv") == []
    expect(page.locator(RESULT_META)).to_have_text("Geen overeenkomende documenten")


def test_result_opens_the_text(page):
    """Clicking a result opens the text page (instant navigation) with the edition's paragraphs."""
    page.goto("/")
    search(page, "Zelensky")
    # The register of persons may rank first; open the first result that is a text.
    page.locator(RESULT_LINKS).filter(has=page.locator("xpath=self::a[contains(@href, '/teksten/')]")).first.click()
    page.wait_for_url(re.compile(r"/teksten/[^/]+/"))
    expect(page.locator("[data-n]").first).to_be_visible()
    expect(page.locator(".md-search__output")).to_be_hidden()  # the search dialog closed


def test_keyboard_opens_search_and_reaches_the_results(page):
    page.goto("/teksten/2025-09-vrede-niet-in-zicht/")
    page.keyboard.press("/")
    expect(page.locator("input.md-search__input")).to_be_focused()
    page.keyboard.type("Poetin", delay=15)
    expect(page.locator(RESULT_META)).to_contain_text("overeenkomende document")
    page.keyboard.press("ArrowDown")
    expect(page.locator(RESULT_LINKS).first).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator(".md-search__output")).to_be_hidden()


@contextmanager
def _served(directory: Path):
    """Base URL of a local server for DIRECTORY."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def test_search_works_below_a_path(browser, built_site, tmp_path):
    """Under SITE_URL https://…/editie/ the site is served below a path: results must keep it."""
    shutil.copytree(built_site, tmp_path / "editie", ignore=shutil.ignore_patterns("downloads"))
    with _served(tmp_path) as base:
        context = browser.new_context(base_url=base + "editie/")
        try:
            page = context.new_page()
            page.goto("teksten/2025-09-vrede-niet-in-zicht/")
            paths = search(page, "Zelensky")
            assert paths and all(p.startswith("/editie/") for p in paths), paths
        finally:
            context.close()


HOSTILE = "Zoekproefwoord &lt;img src=x onerror=alert(1)&gt; en &amp;lt;b&amp;gt; &lt;/mark&gt;klaar."


def test_results_show_the_text_as_text(browser, built_site, tmp_path):
    """A paragraph whose text is markup (`<img src=x onerror=…>`, an escaped `&lt;b&gt;`) is shown in
    the results as the page shows it, and nothing of it runs: Pagefind keeps the text decoded in its
    index, and edition.js writes every value of it as text."""
    site = tmp_path / "site"
    shutil.copytree(built_site, site, ignore=shutil.ignore_patterns("downloads"))
    text_page = sorted(site.glob("teksten/*/index.html"))[0]
    html = text_page.read_text("utf-8")
    html = html.replace("data-pagefind-body>", f"data-pagefind-body><p>{HOSTILE}</p>", 1)
    text_page.write_text(html, "utf-8")
    index_site(site)
    with _served(site) as base:
        context = browser.new_context(base_url=base)
        dialogs: list[str] = []
        errors: list[str] = []
        try:
            page = context.new_page()
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto("/")
            search(page, "zoekproefwoord")
            result = page.locator(".md-search-result__list article").first
            expect(result).to_contain_text("<img src=x onerror=alert(1)> en &lt;b&gt; </mark>klaar.")
            assert page.locator(".md-search-result__list img").count() == 0
            assert page.locator(".md-search-result__list mark").first.inner_text().lower() == "zoekproefwoord"
            page.wait_for_timeout(300)
        finally:
            context.close()
    assert dialogs == [] and errors == []


class _Apparatus(HTMLParser):
    """The text of the article of a page, split into what the edition adds (`.ed-ui`, notes,
    permalinks) and the rest."""

    SKIP = ("ed-ui", "footnote", "footnote-ref", "headerlink")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[bool] = []
        self.added: list[str] = []
        self.reading: list[str] = []
        self.inside = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "article" and "data-pagefind-body" in a:
            self.inside = True
        if tag in ("br", "img", "input", "meta", "link", "hr", "wbr"):
            return
        classes = (a.get("class") or "").split()
        self.stack.append(bool(self.stack and self.stack[-1]) or any(c in self.SKIP for c in classes)
                          or "data-search-exclude" in a)

    def handle_endtag(self, tag):
        if tag == "article":
            self.inside = False
        if self.stack and tag not in ("br", "img", "input", "meta", "link", "hr", "wbr"):
            self.stack.pop()

    def handle_data(self, data):
        if self.inside and data.strip():
            (self.added if self.stack and self.stack[-1] else self.reading).append(data.strip())


def test_index_holds_the_reading_text_only(built_site):
    """Every text page is in the index with its reading text; what the edition adds (paragraph
    numbers, buttons, card, citation box, notes, "Zie ook") is not."""
    pages = {json.loads(f)["url"]: json.loads(f) for f in fragments(built_site / BUNDLE)}
    texts = sorted(built_site.glob("teksten/*/index.html"))
    assert texts
    for html in texts:
        url = "/" + html.parent.relative_to(built_site).as_posix() + "/"
        assert url in pages, f"{url} is not in the search index"
        content = " ".join(pages[url]["content"].split())
        parser = _Apparatus()
        parser.feed(html.read_text("utf-8"))
        long_added = sorted({" ".join(s.split()) for s in parser.added if len(s) > 25})
        assert long_added, f"{url}: no apparatus found to check against"
        reading = " ".join(" ".join(parser.reading).split())  # an apparatus line may quote the text
        leaked = [s for s in long_added if s in content and s not in reading]
        assert not leaked, f"{url}: apparatus in the search index: {leaked[:3]}"
        assert "°" not in content, f"{url}: emendation marks (°) in the search index"
        assert not re.search(r"(?:^|\s)\d{1,3}(?=[A-Z])", content), f"{url}: a paragraph number glued to a word"
        sample = [s for s in parser.reading if len(s) > 40][:5]
        assert all(" ".join(s.split()) in content for s in sample), f"{url}: reading text missing from the index"


def test_index_is_deterministic(built_site, tmp_path):
    """Pagefind run again over the same site writes the same bundle, byte for byte."""
    copy = tmp_path / "site"
    shutil.copytree(built_site, copy, ignore=shutil.ignore_patterns("downloads"))
    index_site(copy)

    def files(root: Path) -> dict[str, bytes]:
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}

    first, again = files(built_site / BUNDLE), files(copy / BUNDLE)
    assert sorted(first) == sorted(again)
    assert [n for n in first if first[n] != again[n]] == []

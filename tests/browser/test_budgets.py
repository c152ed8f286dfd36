"""Budgets that fail the build when exceeded (issue 5): accessibility (axe-core, WCAG 2.1 AA, every
page type, light and dark), privacy (no request leaves the machine, on every page of the site),
weight (a text page on first load), links (every href and anchor in the whole site), HTML validity
(the Nu Html Checker).

Weight and search (issue 16) are measured at two sizes of the corpus, so that a page that grows with
the number of texts shows: the four texts, and a copy of the project with every text three times
under distinct slugs (12 texts, built without PDFs to keep the suite short). A text page's first
load stays within 150 kB compressed and fetches nothing of the search index; one query fetches at
most 300 kB.

axe-core and vnu-jar come from the npm registry (package.json, installed by `make setup`); vnu
runs on the machine's Java.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import shutil
import subprocess
import sys
import threading
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from .conftest import REPO_ROOT, _QuietHandler, save_screenshot

sys.path.insert(0, str(REPO_ROOT / "tests"))
from project import copy_project, run_edition  # noqa: E402

AXE = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = REPO_ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PAGE_TYPES = {
    "home": "/",
    "text": "/teksten/2025-09-vrede-niet-in-zicht/",
    "glossary": "/woordenlijst/",
    "register": "/personen/",
    "bibliography": "/bibliografie/",
    "apparatus": "/apparaat/",
    "about": "/over/",
}
TEXT_PAGE = PAGE_TYPES["text"]
WEIGHT_BUDGET = 150_000  # bytes, compressed, everything a text page loads on first visit
QUERY_BUDGET = 300_000  # bytes, everything one search query fetches (issue 16: at any corpus size)
SEARCH_FILES = ("/pagefind/", "/search/")  # Pagefind's bundle; Material's lunr index (offline copy only)
SCALED_COPIES = 3  # the larger corpus: every text this many times


def _require(path: Path) -> None:
    if not path.is_file():
        pytest.fail(f"{path.relative_to(REPO_ROOT)} is missing: run `make setup` (npm ci)", pytrace=False)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", sorted(PAGE_TYPES))
def test_axe_finds_no_wcag_21_aa_violations(browser, site_server, kind, scheme):
    _require(AXE)
    context = browser.new_context(base_url=site_server, color_scheme=scheme, locale="nl-NL",
                                  viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(PAGE_TYPES[kind])
        page.wait_for_load_state("networkidle")
        body_scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
        assert body_scheme == ("slate" if scheme == "dark" else "default")
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            "async tags => { const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});"
            " return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
            " nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' :: ' + n.failureSummary)})); }",
            WCAG_21_AA)
        if result:
            save_screenshot(page, f"axe-{kind}-{scheme}")
        assert result == [], json.dumps(result, indent=1, ensure_ascii=False)
    finally:
        context.close()


def _site_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "downloads" not in p.parts)


def test_no_page_makes_a_request_outside_the_local_server(page, built_site):
    """Every page of the site (the `page` fixture fails on any external request or JS error)."""
    for html in _site_pages(built_site):
        url = "/" + html.relative_to(built_site).as_posix().removesuffix("index.html")
        page.goto(url)
        page.wait_for_load_state("networkidle")
    assert len(page.requests) > 10


@pytest.fixture(scope="module")
def scaled_site(tmp_path_factory) -> Path:
    """A copy of the project with every text SCALED_COPIES times (distinct slugs), built without PDFs."""
    root = copy_project(tmp_path_factory.mktemp("scaled") / "editie")
    sources = root / "sources"
    texts = sorted(p for p in sources.iterdir() if p.is_file() and p.suffix != ".yml")
    for n in range(2, SCALED_COPIES + 1):
        for text in texts:
            for src in (text, text.with_suffix(".yml")):
                if src.is_file():
                    shutil.copy(src, sources / f"{text.stem}-kopie-{n}{src.suffix}")
    result = run_edition(root, "build", "--no-downloads")
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    assert len(list((root / "site" / "teksten").glob("*/index.html"))) == len(texts) * SCALED_COPIES
    return root / "site"


@pytest.fixture(scope="module", params=["4-texts", "scaled"])
def corpus(request):
    """(site directory, base URL of a server for it), at each corpus size."""
    if request.param == "4-texts":
        yield request.getfixturevalue("built_site"), request.getfixturevalue("site_server")
        return
    site = request.getfixturevalue("scaled_site")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site, f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def _file_of(site: Path, url: str) -> tuple[str, Path]:
    path = unquote(urlsplit(url).path)
    local = site / path.lstrip("/")
    if local.is_dir():
        local = local / "index.html"
    assert local.is_file(), f"fetched {url} that is not a file of the site"
    return path, local


def _report(sizes: dict[str, int]) -> str:
    return "\n".join(f"{n:>8} {p}" for p, n in sorted(sizes.items(), key=lambda kv: -kv[1]))


def test_text_page_weighs_at_most_150_kb_compressed_on_first_load(browser, corpus):
    """Everything the browser fetches for a text page (HTML, CSS, JS, fonts, images), counted as a
    server would send it: gzip-compressed. Nothing of the search index may be among it."""
    site, base_url = corpus
    context = browser.new_context(base_url=base_url)
    try:
        page = context.new_page()
        fetched: list[str] = []
        page.on("requestfinished", lambda r: fetched.append(r.url))
        page.goto(TEXT_PAGE)
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(500)
    finally:
        context.close()
    sizes = {}
    for url in dict.fromkeys(fetched):
        path, local = _file_of(site, url)
        sizes[path] = len(gzip.compress(local.read_bytes(), compresslevel=6))
    total = sum(sizes.values())
    print(f"text page, first load, gzip: {total} bytes\n{_report(sizes)}")
    index = [p for p in sizes if p.startswith(SEARCH_FILES)]
    assert not index, f"the search index was fetched before any search: {index}"
    assert total <= WEIGHT_BUDGET, f"{total} bytes > {WEIGHT_BUDGET}:\n{_report(sizes)}"


def test_search_fetches_nothing_before_a_query_and_little_for_one(browser, corpus):
    """Opening the search box fetches nothing of the index; one query fetches at most QUERY_BUDGET
    bytes (as stored: Pagefind's index chunks and WebAssembly are compressed already; its script is
    counted gzip-compressed, as a server sends it)."""
    site, base_url = corpus
    context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900})
    fetched: list[str] = []
    try:
        page = context.new_page()
        page.on("requestfinished", lambda r: fetched.append(r.url))
        page.goto(TEXT_PAGE)
        page.wait_for_load_state("networkidle")
        page.locator("input.md-search__input").click()
        page.wait_for_timeout(500)
        before = [u for u in fetched if urlsplit(u).path.startswith(SEARCH_FILES)]
        assert not before, f"opening the search box fetched the index: {before}"
        seen = len(fetched)
        page.locator("input.md-search__input").press_sequentially("Oekraïne", delay=15)
        page.locator(".md-search-result__meta").filter(has_text="overeenkomende document").wait_for()
        page.wait_for_load_state("networkidle")
        query = list(dict.fromkeys(fetched[seen:]))
    finally:
        context.close()
    sizes = {}
    for url in query:
        path, local = _file_of(site, url)
        data = local.read_bytes()
        sizes[path] = len(gzip.compress(data, compresslevel=6)) if path.endswith(".js") else len(data)
    total = sum(sizes.values())
    print(f"one query: {total} bytes\n{_report(sizes)}")
    assert any(p.endswith(".pf_fragment") for p in sizes), f"the query fetched no result:\n{_report(sizes)}"
    assert total <= QUERY_BUDGET, f"{total} bytes > {QUERY_BUDGET}:\n{_report(sizes)}"


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and "name" in a:
            self.ids.add(a["name"])
        for key in ("href", "src"):
            if a.get(key) and not (tag == "link" and a.get("rel") in ("canonical", "alternate")):
                self.hrefs.append(a[key])


def test_no_broken_internal_link_or_anchor_in_the_whole_site(built_site):
    pages = {}
    for html in _site_pages(built_site):
        parser = _Links()
        parser.feed(html.read_text("utf-8"))
        pages[html] = parser
    broken = []
    for html, parser in pages.items():
        base = "file://" + html.as_posix()
        for href in parser.hrefs:
            parts = urlsplit(href)
            if parts.scheme in ("http", "https", "mailto", "data", "javascript") or href.startswith("//"):
                continue
            if href.startswith("/"):  # the 404 page links from the site's root (site_url is /)
                target = built_site / unquote(parts.path).lstrip("/")
            else:
                target = Path(unquote(urlsplit(urljoin(base, href)).path))
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{html.relative_to(built_site)}: {href} (no such file)")
                continue
            if parts.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else set()
                # Redirect pages and old anchors are resolved by script (redirects.yml); they list
                # their targets in the page, which the frozen-links test checks.
                if unquote(parts.fragment) not in ids and not _redirected(target, parts.fragment):
                    broken.append(f"{html.relative_to(built_site)}: {href} (no id {parts.fragment!r})")
    assert not broken, f"{len(broken)} broken links:\n" + "\n".join(broken[:40])


def _redirected(page: Path, fragment: str) -> bool:
    return f'"#{fragment}"' in page.read_text("utf-8")


def test_every_page_is_valid_html(built_site):
    _require(VNU)
    java = shutil.which("java")
    if java is None:
        pytest.fail("java is missing: the Nu Html Checker needs it (Debian: default-jre-headless)", pytrace=False)
    files = [str(p) for p in _site_pages(built_site)]
    result = subprocess.run([java, "-jar", str(VNU), "--format", "json", "--errors-only", *files],
                            capture_output=True, text=True, timeout=600)
    messages = json.loads(result.stderr or "{}").get("messages", [])
    shown = [f"{urlsplit(m.get('url', '')).path.replace(str(built_site), '')}:{m.get('lastLine', '?')}: "
             f"{m.get('message')}" for m in messages]
    assert messages == [], f"{len(messages)} HTML errors:\n" + "\n".join(shown[:40])

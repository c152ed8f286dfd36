"""The search index of the site: Pagefind, run over the HTML that MkDocs wrote.

Why Pagefind and not Material's lunr search: lunr's index is one file that every page fetches and
parses at its first view (137 kB at 4 texts, 6 MB at 400), and its Dutch stemmer cannot be used
with Material's wildcard queries. Pagefind splits the index into chunks, and the page fetches
nothing of it until the reader types a query; a query then fetches Pagefind's script, its
WebAssembly (with the Snowball Dutch stemmer: `pagefind_web`'s feature `nl` is `pagefind_stem/dutch`,
chosen from `<html lang="nl">`, which Material writes from `theme.language`), the chunks of the
words asked for and a fragment per result shown.

What is indexed: only the `<article data-pagefind-body>` of a page (overrides/main.html), without
what the edition adds (`.ed-ui`: paragraph numbers, buttons, cards, citation box, "Zie ook"), the
calls and text of the editorial notes, and the permalink signs of the headings, so that a result
is found in the reading text and its excerpt shows that text.

The offline copy is searched with Material's lunr index instead (offline.py), as Pagefind cannot
run from `file://`.
"""

from __future__ import annotations

import gzip
import os
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from edition.errors import EditionError, Problem

BUNDLE = "pagefind"  # site/pagefind/
LANGUAGE = "nl"
# What is not reading text: the edition's additions, the notes and their calls, heading permalinks,
# and what the MkDocs hook marks for Material's search (paragraph numbers, emendation marks).
EXCLUDE = ".ed-ui, .footnote, .footnote-ref, .headerlink, [data-search-exclude]"
TIMEOUT = 600  # seconds; Pagefind indexes 40 texts in about a second
# Pagefind's ready-made interfaces, which the site does not use (its search box is Material's, driven by
# docs/javascripts/edition.js through pagefind.js): not published, so that no unused script is served.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-highlight.js")


def _binary() -> Path:
    try:
        from pagefind_bin import get_executable

        return get_executable()
    except (ImportError, FileNotFoundError):
        raise EditionError(Problem("requirements.lock", "het programma Pagefind (de zoekindex van de site) "
                                   "ontbreekt: het Python-pakket pagefind_bin is niet geïnstalleerd.",
                                   "Voer `make setup` uit (installeert requirements.lock).")) from None


def _run(site_dir: Path, output: Path | None = None) -> None:
    # Absolute paths: Pagefind runs in a scratch folder (below).
    args = [str(_binary()), "--site", str(Path(site_dir).resolve()), "--exclude-selectors", EXCLUDE, "--silent"]
    if output is not None:
        args += ["--output-path", str(Path(output).resolve())]
    else:
        args += ["--output-subdir", BUNDLE]
    # A clean environment for Pagefind's settings: it reads PAGEFIND_* variables and a pagefind.yml
    # (or .toml, .json) in its working directory, and neither may change what the site searches.
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAGEFIND_")}
    with tempfile.TemporaryDirectory(prefix="pagefind-") as cwd:
        try:
            result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=TIMEOUT)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise EditionError(Problem(str(site_dir), f"Pagefind (de zoekindex) kon niet draaien: {exc}.",
                                       "Voer `make setup` uit en probeer het opnieuw.")) from None
    said = (result.stderr + result.stdout).strip()
    if result.returncode != 0:
        raise EditionError(Problem(str(site_dir), f"Pagefind (de zoekindex) is mislukt (code {result.returncode}): "
                                   f"{said[-1500:] or 'geen melding'}",
                                   "Zie de melding van Pagefind hierboven."))


def index_site(site_dir: Path, cache=None) -> None:
    """Write the Pagefind index of the site in `site_dir` to `site_dir/pagefind/` (replacing it).
    `cache` (edition.cache.Cache): the bundle from build/cache/ when every HTML file Pagefind reads
    is the same as when it was made (`bundle_key`); the bundle is checked either way."""
    bundle = site_dir / BUNDLE
    shutil.rmtree(bundle, ignore_errors=True)
    key = bundle_key(site_dir) if cache is not None and cache.enabled else None
    kept = cache.get_object("pagefind", BUNDLE, key) if key is not None else None
    if isinstance(kept, list):
        for name, data in kept:
            target = bundle / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    else:
        _run(site_dir)
        for name in UNUSED:
            (bundle / name).unlink(missing_ok=True)
    problems = bundle_problems(bundle)
    if problems:
        raise EditionError(problems)
    if key is not None and not isinstance(kept, list):
        cache.put_object("pagefind", BUNDLE, key, [(p.relative_to(bundle).as_posix(), p.read_bytes())
                                                    for p in sorted(bundle.rglob("*")) if p.is_file()])


def bundle_key(site_dir: Path) -> str:
    """What the bundle depends on: every HTML file of the site as Pagefind reads it (its name, and
    its content without its notes' block: `indexed_digest`), the arguments above (this package's
    code) and Pagefind's version (the installed distributions).  Rebuilding a site whose pages came
    out the same (site/ deleted, or made again after a change that altered no page) costs no new
    index, and neither does a changed editorial note: it changed its page but not one byte of the
    bundle (tested)."""
    from edition.cache import code_digest, digest, environment_digest

    pages = sorted(p for p in site_dir.rglob("*.html") if p.is_file() and BUNDLE not in p.relative_to(site_dir).parts[:1])
    return digest("pagefind", code_digest(), environment_digest(),
                  [(p.relative_to(site_dir).as_posix(), indexed_digest(p.read_bytes())) for p in pages])


# The block of a page's notes (Python-Markdown's footnotes: `<div class="footnote">`), which
# Pagefind leaves out (EXCLUDE's `.footnote`).  Only this block is left out of a page's digest:
# a changed note is the common edit that changes no indexed word; a change in any other excluded
# element makes a new index, never a stale one.
NOTES_BLOCK = "footnote"
_NOTES_START = re.compile(rb'<div\b[^>]*\bclass="(?:[^"]*\s)?' + NOTES_BLOCK.encode() + rb'(?:\s[^"]*)?"[^>]*>')
_DIV = re.compile(rb"<div\b|</div\s*>")
_NOTES_EXCLUDED = f".{NOTES_BLOCK}" in {selector.strip() for selector in EXCLUDE.split(",")}


def indexed_digest(page: bytes) -> str:
    """A digest of `page` without its notes' block (`NOTES_BLOCK`): the same for two pages whose
    difference is in that block only, which Pagefind does not read.  The block ends at the `</div>`
    that closes it, counting the divs inside; when it does not close, the whole page is digested."""
    import hashlib

    if not _NOTES_EXCLUDED:
        return hashlib.sha256(page).hexdigest()  # Pagefind would read the notes
    kept, position = hashlib.sha256(), 0
    for start in _NOTES_START.finditer(page):
        if start.start() < position:
            continue  # a notes block inside one already left out
        depth, end = 1, None
        for tag in _DIV.finditer(page, start.end()):
            depth += 1 if tag.group(0).startswith(b"<div") else -1
            if depth == 0:
                end = tag.end()
                break
        if end is None:
            return hashlib.sha256(page).hexdigest()
        kept.update(page[position:start.start()])
        position = end
    kept.update(page[position:])
    return kept.hexdigest()


def bundle_problems(bundle: Path) -> list[Problem]:
    """What a usable Dutch index needs: Pagefind's script, the Dutch WebAssembly and index, pages."""
    where = str(bundle)
    if not (bundle / "pagefind.js").is_file() or not (bundle / f"wasm.{LANGUAGE}.pagefind").is_file():
        return [Problem(where, "Pagefind schreef geen zoekindex.", "Zie de meldingen hierboven.")]
    if not list(bundle.glob(f"pagefind.{LANGUAGE}_*.pf_meta")):
        return [Problem(where, "de zoekindex is niet Nederlandstalig: de pagina's hebben geen <html lang=\"nl\">, "
                        "dus zoeken zou Nederlandse woordvormen niet herkennen.",
                        "Zet `theme: language: nl` in mkdocs.yml terug.")]
    if not list((bundle / "fragment").glob("*.pf_fragment")):
        return [Problem(where, "de zoekindex bevat geen enkele pagina (geen <article data-pagefind-body>).",
                        "Herstel overrides/main.html (zie git diff overrides/).")]
    return []


def fragments(bundle: Path) -> list[str]:
    """The JSON text of every page fragment of the index (each stored gzip-compressed by Pagefind,
    with a short magic word before the JSON) — for tests and the security scan."""
    texts = []
    for path in sorted((bundle / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes()).decode("utf-8")
        texts.append(data[data.find("{"):])
    return texts


def search_figures(site_dir: Path, query: str | None = None) -> dict:
    """Figures for `edition bench`: the time Pagefind takes to index the site in `site_dir` (a fresh
    run into a scratch folder, so the site is left as it is), the size of the bundle, and what one
    query fetches in Chromium (every request after the query was typed; nothing may be fetched from
    pagefind/ before it). `query` defaults to the longest word in the title of the first text page.

    Returns {"index_seconds", "pages", "bundle_bytes", "query", "query_requests", "query_bytes",
    "fetched_before_query"}; the last three only when Chromium is there. Bytes are the files' sizes
    (Pagefind's chunks and WebAssembly are compressed already; its script, 34 kB, is counted
    uncompressed, so this is an upper bound of what a gzip-serving host sends)."""
    site_dir = Path(site_dir)
    with tempfile.TemporaryDirectory(prefix="pagefind-bench-") as scratch:
        out = Path(scratch) / BUNDLE
        start = time.perf_counter()
        _run(site_dir, out)
        seconds = time.perf_counter() - start
        pages = len(list((out / "fragment").glob("*.pf_fragment")))
        bundle_bytes = sum(p.stat().st_size for p in out.rglob("*") if p.is_file() and p.name not in UNUSED)
    text_page = next(iter(sorted((site_dir / "teksten").glob("*/index.html"))), None)
    if query is None and text_page is not None:
        import html
        import re

        page = text_page.read_text("utf-8")
        title = re.search(r"<h1[^>]*>(.*?)</h1>", page[page.find("data-pagefind-body"):], re.S)
        heading = re.sub(r'<(\w+)[^>]*class="[^"]*\b(?:ed-ui|headerlink)\b[^>]*>.*?</\1>', " ", title.group(1) if title else "")
        words = re.findall(r"\w+", html.unescape(re.sub(r"<[^>]+>", " ", heading)))
        query = max(words, key=len, default=None)
    figures = {"index_seconds": round(seconds, 3), "pages": pages, "bundle_bytes": bundle_bytes, "query": query}
    if text_page is not None and query:
        figures.update(_query_in_browser(site_dir, "/" + text_page.parent.relative_to(site_dir).as_posix() + "/",
                                         query))
    return figures


def _query_in_browser(site_dir: Path, page_path: str, query: str) -> dict:
    """One query typed into the search box of `page_path`, in Debian's Chromium (Playwright)."""
    import functools
    import http.server
    import threading
    from urllib.parse import unquote, urlsplit

    chromium = Path(os.environ.get("EDITION_CHROMIUM", "/usr/bin/chromium"))
    if not chromium.is_file():
        return {}  # no browser to measure with: the figures are left out
    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site_dir)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    before: list[str] = []
    after: list[str] = []
    typed = False
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(chromium), args=["--no-sandbox"])
            page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()  # box in the header
            page.on("requestfinished", lambda r: (after if typed else before).append(r.url))
            page.goto(f"http://127.0.0.1:{server.server_address[1]}{page_path}")
            page.wait_for_load_state("networkidle")
            box = page.locator("input.md-search__input")
            box.click()  # opening the box fetches nothing (tests/browser/test_budgets.py)
            page.wait_for_timeout(300)
            typed = True
            box.fill(query)
            page.locator(".md-search-result__meta").filter(has_text="document").wait_for()
            page.wait_for_load_state("networkidle")
            browser.close()
    finally:
        server.shutdown()
        server.server_close()

    def size(url: str) -> int:
        local = site_dir / unquote(urlsplit(url).path).lstrip("/")
        return local.stat().st_size if local.is_file() else 0

    return {"query_requests": len(after), "query_bytes": sum(size(u) for u in after),
            "fetched_before_query": [u for u in before if f"/{BUNDLE}/" in u]}

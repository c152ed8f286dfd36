"""`edition bench`: speed figures, printed (not asserted; timing belongs here, not in tests).

* raw → Markdown for the texts in sources/ (cold: first run in this process; warm: best of 3);
* the full site build (generate + MkDocs + fidelity check on the HTML) against a bare `mkdocs build`
  of the same generated Markdown;
* seconds per MB on synthetic corpora 10× and 100× the size of the real one, to show the growth;
* the PDFs: the whole edition alone in one process, three times (median and spread; goal ≤ 15 s),
  and all PDFs in parallel processes;
* in the browser (Debian chromium via Playwright, the built site/ on a local server): time to first
  contentful paint of a text page, and from a query to its results (goal ≤ 50 ms).
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from .build import check_site, find_root, generate, load_all, mkdocs_build, sources
from .number import number
from .pipeline import clean_text
from .render import render_markdown


def _timed(fn, repeat: int = 1) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def _markdown_of(raw: bytes, name: str) -> str:
    doc = clean_text(raw, name)
    number(doc)
    return render_markdown(doc, with_card=False)


def _pdf_reader_figure(root: Path, pages: int = 20) -> None:
    """Reading a two-column PDF of about `pages` pages (goal ≤ 3 s): set with WeasyPrint from the
    paragraphs of the edition's own texts, with a running head and page numbers."""
    import html as html_lib

    from weasyprint import HTML

    from .readers.pdf import read_pdf

    paragraphs = [b.text for d in load_all(root) for b in d.blocks if b.kind == "paragraph"]
    css = ("@page { size: A4; margin: 2cm; @top-center { content: 'Proefdruk'; } "
           "@bottom-center { content: counter(page); } } body { column-count: 2; font-size: 10pt; hyphens: auto; }")
    body, made = [], 0
    while made < pages:
        body += [f"<p>{html_lib.escape(p)}</p>" for p in paragraphs]
        pdf = HTML(string=f'<html lang="nl"><head><style>{css}</style></head><body>{"".join(body)}</body></html>'
                   ).render()
        made = len(pdf.pages)
    raw = pdf.write_pdf()
    seconds = _timed(lambda: read_pdf(raw, "bench.pdf"), repeat=3)
    print(f"pdf lezen (readers/pdf.py): {made} blz. in twee kolommen in {seconds:.2f} s (doel ≤ 3 s voor 20 blz.)")


def run(args) -> int:
    root = find_root()
    raws = [(p.name, p.read_bytes()) for p in sources(root)]
    size_mb = sum(len(r) for _, r in raws) / 1e6

    def to_markdown():
        for doc in load_all(root):
            render_markdown(doc)

    cold = _timed(to_markdown)
    warm = _timed(to_markdown, repeat=3)
    print(f"ruw → Markdown, {len(raws)} teksten ({size_mb * 1000:.0f} kB): koud {cold:.3f} s, warm {warm:.3f} s "
          f"(doel ≤ 0,3 s)")

    with tempfile.TemporaryDirectory() as tmp:
        generate(root)  # the Markdown must exist before the bare MkDocs build
        bare = _timed(lambda: mkdocs_build(root, Path(tmp) / "bare"), repeat=2)

        def full():
            result = generate(root)
            mkdocs_build(root, Path(tmp) / "full")
            check_site(root, result.docs, Path(tmp) / "full")

        total = _timed(full, repeat=2)
        shutil.rmtree(Path(tmp) / "full", ignore_errors=True)
    print(f"sitebouw: volledig {total:.2f} s, kale mkdocs build {bare:.2f} s, verhouding {total / bare:.2f}× "
          f"(doel ≤ 1,3×)")

    _pdf_figures(root)
    _pdf_reader_figure(root)
    _browser_figures(root)

    factors = (1, 10) if args.quick else (1, 10, 100)
    print("groei (ruw → Markdown, alle teksten samen):")
    for factor in factors:
        def corpus():
            for name, raw in raws:
                # Repeating a text keeps its layout; separate copies by a blank line.
                _markdown_of(b"\n\n".join([raw] * factor), name)
        seconds = _timed(corpus)
        print(f"  {factor:>3}× ({size_mb * factor:6.2f} MB): {seconds:7.2f} s, {seconds / (size_mb * factor):6.2f} s/MB")
    return 0


def _pdf_figures(root: Path, runs: int = 3) -> None:
    """The whole-edition PDF `runs` times, each in a new process as in `make build` (so the import
    of WeasyPrint counts), then all PDFs in parallel.  The host's speed varies from run to run,
    hence the spread, the median and the CPU time next to the wall-clock time."""
    import statistics
    from concurrent.futures import ProcessPoolExecutor

    from .annotate import collect
    from .build import site_url, source_date_epoch
    from .printbuild import build_pdfs, make_pdf

    docs = load_all(root)
    edition = collect(root, docs)
    url, epoch = site_url(root), int(source_date_epoch(root))
    with tempfile.TemporaryDirectory() as tmp:
        made = []
        for _ in range(runs):
            with ProcessPoolExecutor(max_workers=1) as fresh:
                made.append(fresh.submit(make_pdf, edition, None, url, epoch, Path(tmp), root).result())
        walls = sorted(m.seconds for m in made)
        cpus = sorted(m.cpu_seconds for m in made)
        print(f"pdf van de hele editie ({made[0].pages} blz.), alleen, één proces, {runs}×: mediaan "
              f"{statistics.median(walls):.2f} s (snelste {walls[0]:.2f} s, traagste {walls[-1]:.2f} s; "
              f"cpu mediaan {statistics.median(cpus):.2f} s) (opmaak + schrijven; doel ≤ 15 s)")
        start = time.perf_counter()
        all_made = build_pdfs(edition, url, epoch, Path(tmp) / "all", root)
        wall = time.perf_counter() - start
        print(f"alle {len(all_made)} pdf's parallel (met getrouwheidscontrole op de pdf-tekst): {wall:.2f} s; "
              + ", ".join(f"{m.name} {m.seconds:.1f} s" for m in all_made))


TEXT_PAGE = "teksten/2025-09-vrede-niet-in-zicht/"
_QUERY_TO_RESULTS = """q => new Promise(done => {
  const box = document.querySelector('input.md-search__input');
  const meta = document.querySelector('.md-search-result__meta');
  let start;
  const watch = new MutationObserver(() => {
    if (start && /overeenkomend/.test(meta.textContent) && document.querySelector('.md-search-result__item')) {
      watch.disconnect(); done(performance.now() - start);
    }
  });
  watch.observe(document.querySelector('.md-search-result'), {subtree: true, childList: true, characterData: true});
  start = performance.now();
  box.value = q;
  box.dispatchEvent(new Event('input', {bubbles: true}));
  box.dispatchEvent(new KeyboardEvent('keyup', {bubbles: true, key: q.slice(-1)}));
})"""


def _browser_figures(root: Path, runs: int = 5) -> None:
    import functools
    import http.server
    import statistics
    import threading

    site = root / "site"
    chromium = Path("/usr/bin/chromium")
    if not (site / TEXT_PAGE / "index.html").is_file() or not chromium.is_file():
        print("browser: overgeslagen (eerst `make build`; chromium via scripts/install-system-deps.sh)")
        return
    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    paints, searches = [], []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(chromium), args=["--no-sandbox"])
            for _ in range(runs):
                context = browser.new_context()  # a first visit: empty cache
                page = context.new_page()
                page.goto(base + TEXT_PAGE)
                page.wait_for_load_state("networkidle")
                paints.append(page.evaluate(
                    "performance.getEntriesByName('first-contentful-paint')[0].startTime"))
                page.locator("input.md-search__input").click()
                page.wait_for_timeout(500)  # the index is loaded in the worker
                searches.append(page.evaluate(_QUERY_TO_RESULTS, "denazificatie"))
                context.close()
            browser.close()
    finally:
        server.shutdown()
    print(f"browser (mediaan van {runs}): eerste weergave van een tekstpagina {statistics.median(paints):.0f} ms; "
          f"zoekvraag → resultaten {statistics.median(searches):.1f} ms (doel ≤ 50 ms)")

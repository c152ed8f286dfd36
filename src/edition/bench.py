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

from edition.build import check_site, find_root, generate, load_all, mkdocs_build, sources
from edition.apparatus.number import number
from edition.pipeline import clean_text
from edition.site.render import render_markdown
from edition.errors import EditionError, Problem


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

    from edition.readers.pdf import read_pdf

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
    if getattr(args, "scale", None):
        return run_scale(args)
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

    from edition.apparatus.annotate import collect
    from edition.build import site_url, source_date_epoch
    from edition.typeset.printbuild import build_pdfs, make_pdf

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


# ---- `edition bench --scale N`: the corpus N×, the figures of issue 16 ------------------------------

# What a build reads (as tests/project.py copies it); generated files are left behind.
_INPUTS = ("mkdocs.yml", "redirects.yml", "sources", "registers", "bibliography", "overrides", "hooks")
_GENERATED_DOCS = {"index.md", "teksten", "apparaat", "apparaat.md", "woordenlijst.md", "personen.md", "plaatsen.md",
                   "bibliografie.md", "downloads"}
_WORD = None  # compiled lazily: a run of letters


def _register_words(root: Path) -> set[str]:
    """Every word of every form of the glossary and the registers (lower case): kept as they are in
    the copies, so that the registers, their pages and the links grow with the corpus as they would
    with real texts."""
    import re

    from edition.editorial.yamlfile import load_file

    words: set[str] = set()
    for path in sorted((root / "registers").glob("*.yml")):
        data = load_file(path, path.relative_to(root).as_posix()).data or {}
        for entry in data.get("entries") or []:
            for form in entry.get("forms") or []:
                found = re.findall(r"[^\W\d_]+", str(form))
                # A one-word form, and the names in a longer one (not its 'van', 'de' …).
                words.update(w.lower() for w in found if len(found) == 1 or w[0].isupper())
    return words


_DUTCH: dict[int, list[str]] | None = None  # the Dutch word list by length (lower case)


def _dutch_words() -> dict[int, list[str]]:
    global _DUTCH
    if _DUTCH is None:
        from edition.cleaning.wordlist import WORD_LIST

        _DUTCH = {}
        try:
            lines = WORD_LIST.read_text("utf-8", errors="replace").split()
        except OSError:
            lines = []
        for word in sorted(set(lines)):
            if word.isalpha() and word.islower():
                _DUTCH.setdefault(len(word), []).append(word)
    return _DUTCH


def _cipher(k: int):
    """Copy k's words: every word of the Dutch word list becomes another word of that list of the same
    length (a fixed choice per copy and word, capitals kept), any other word gets its letters a–z
    permuted (one permutation per copy); punctuation, digits, spaces and the words of the registers
    stay.  Every copy is a different text of the same shape, still Dutch to the word lists, so the
    cleaning (dehyphenation) and the review report's work list see what they see in a real text,
    and gzip sees distinct texts."""
    import random
    import re
    import string
    import zlib

    global _WORD
    _WORD = _WORD or re.compile(r"[^\W\d_]+")
    letters = list(string.ascii_lowercase)
    shuffled = letters[:]
    random.Random(k).shuffle(shuffled)
    table = str.maketrans("".join(letters) + "".join(letters).upper(),
                          "".join(shuffled) + "".join(shuffled).upper())
    by_length = _dutch_words()
    known = {w for words in by_length.values() for w in words}

    def word(m: re.Match, keep: set[str]) -> str:
        w = m.group(0)
        low = w.lower()
        if low in keep:
            return w
        if low in known and (w.islower() or w.istitle() or w.isupper()):
            choices = by_length[len(low)]
            new = choices[zlib.crc32(f"{k}:{low}".encode("utf-8")) % len(choices)]
            return new.upper() if w.isupper() and len(w) > 1 else new.capitalize() if w[0].isupper() else new
        return w.translate(table)

    def apply(text: str, keep: set[str]) -> str:
        return _WORD.sub(lambda m: word(m, keep), text)
    return apply


def copy_inputs(root: Path, dest: Path) -> Path:
    """A private copy of the project in `dest` (created): its inputs, no generated files, and its
    node_modules/ linked, so that a build there never touches `root` (the bench and the tests use it)."""
    import os
    import shutil

    dest.mkdir(parents=True, exist_ok=True)
    for name in _INPUTS:
        src = root / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif src.exists():
            shutil.copy2(src, dest / name)
    shutil.copytree(root / "docs", dest / "docs", ignore=lambda d, names: (
        [n for n in names if n in _GENERATED_DOCS] if Path(d) == root / "docs" else []))
    if (root / "node_modules").is_dir():
        os.symlink((root / "node_modules").resolve(), dest / "node_modules")  # absolute: root may be relative
    return dest


def make_scaled_copy(root: Path, dest: Path, factor: int) -> int:
    """The project's inputs in `dest`, with the texts `factor` times: copy k of `sources/x.txt` is
    `sources/x-kopie-k.txt`, its words replaced (`_cipher`).  Only `.txt` sources are copied.
    The copies' YAML keeps its metadata (title ciphered too, so that titles are distinct) and its
    whole-text layout, and drops every part anchored on a quote of the text (structure,
    interventions, notes, sic, confirmed, page_lines, regions …): a word replaced by another of the
    same length can still change a decision of the word lists (a line-end hyphen kept or joined),
    after which a quote of the original may no longer match, and would stop the build; the originals keep their full YAML, so one
    text in four still has the apparatus.  Returns the number of texts."""

    import yaml

    from edition.editorial.yamlfile import load_file

    copy_inputs(root, dest)
    keep = _register_words(root)
    originals = sorted(p for p in (root / "sources").glob("*.txt"))
    for k in range(1, factor):
        cipher = _cipher(k)
        for src in originals:
            slug = f"{src.stem}-kopie-{k}"
            raw = src.read_bytes().decode("utf-8")
            (dest / "sources" / f"{slug}.txt").write_bytes(cipher(raw, keep).encode("utf-8"))
            yml = src.with_suffix(".yml")
            if not yml.exists():
                continue
            data = load_file(yml, yml.relative_to(root).as_posix()).data or {}
            copy = {key: data[key] for key in ("metadata", "layout") if key in data}
            title = (copy.get("metadata") or {}).get("title")
            if isinstance(title, dict) and isinstance(title.get("text"), str):
                title["text"] = cipher(title["text"], keep)
            (dest / "sources" / f"{slug}.yml").write_text(
                f"# Kopie {k} van {yml.name} voor `edition bench --scale` (zonder verankerde delen).\n"
                + yaml.safe_dump(copy, allow_unicode=True, sort_keys=False, width=100), "utf-8")
    return len(originals) * factor


def _run_measured(root: Path, *args: str) -> tuple[float, float]:
    """`edition ARGS` in `root` as its own process: (wall seconds, CPU seconds of it and every
    process it started, plus this process's own CPU in the meantime)."""
    import resource
    import subprocess
    import sys

    def cpu():
        c, s = resource.getrusage(resource.RUSAGE_CHILDREN), resource.getrusage(resource.RUSAGE_SELF)
        return c.ru_utime + c.ru_stime + s.ru_utime + s.ru_stime

    before, start = cpu(), time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "edition.cli", *args], cwd=root, capture_output=True, text=True)
    wall, used = time.perf_counter() - start, cpu() - before
    if done.returncode != 0:
        # What the build said is the message (a missing npm package, a broken source in the copy):
        # an internal error would hide it behind EDITION_DEBUG.
        said = "\n".join(t.strip() for t in (done.stdout[-2000:], done.stderr[-3000:]) if t.strip())
        raise EditionError(Problem(str(root), f"`edition {' '.join(args)}` in de kopie mislukte:\n{said}",
                                   "Los het probleem in het project zelf op (de kopie volgt het) en meet opnieuw."))
    return wall, used


def _change_one_note(root: Path, run: int) -> str:
    """Change the text of one editorial note (the first note of the first YAML that has one) and
    return the file; a different text each run, so that each run is a real change."""
    import re

    for yml in sorted((root / "sources").glob("*.yml")):
        text = yml.read_text("utf-8")
        m = re.search(r"^notes:\n(?:.*\n)*?\s+text: >-\n(\s+)(\S.*)$", text, re.M)
        if m:
            line_start = m.start(2)
            new = text[:line_start] + f"Meting {run}: " + re.sub(r"^Meting \d+: ", "", text[line_start:])
            yml.write_text(new, "utf-8")
            return yml.relative_to(root).as_posix()
    raise RuntimeError("geen redactionele noot gevonden om te wijzigen")


def _first_load(site: Path, page: Path) -> int:
    """Bytes (gzip -6) a first visit of `page` fetches before the reader does anything: the HTML,
    the stylesheets and scripts it links, and, with Material's own search, its index (Material
    fetches it at the first page view)."""
    import gzip
    import re
    from urllib.parse import urljoin, urlsplit

    html_text = page.read_text("utf-8")
    total = len(gzip.compress(page.read_bytes(), 6))
    base = "/" + page.parent.relative_to(site).as_posix() + "/"
    seen = set()
    for ref in re.findall(r'<(?:link[^>]+rel="stylesheet"[^>]+href|script[^>]+src)="([^"]+)"', html_text):
        path = urlsplit(urljoin(base, ref)).path
        if urlsplit(ref).scheme or path in seen:
            continue
        seen.add(path)
        target = site / path.lstrip("/")
        if target.is_file():
            total += len(gzip.compress(target.read_bytes(), 6))
    index = site / "search" / "search_index.json"
    if index.is_file():
        total += len(gzip.compress(index.read_bytes(), 6))
    return total


def machine_speed() -> float:
    """CPU seconds of a fixed loop of plain Python (the median of three), printed beside the table:
    the targets are CPU seconds 'on this machine', and the same machine kind was seen here to be
    2½× slower on one day than another, so a figure is only comparable with its machine's speed."""
    import statistics

    def loop() -> float:
        start, total = time.process_time(), 0
        for i in range(3_000_000):
            total += i % 7
        return time.process_time() - start

    return statistics.median(loop() for _ in range(3))


def _fmt_s(seconds: float) -> str:
    return f"{seconds:.1f} s".replace(".", ",")


def _fmt_b(size: float) -> str:
    if size >= 1e6:
        return f"{size / 1e6:.2f} MB".replace(".", ",")
    return f"{size / 1e3:.0f} kB"


def run_scale(args) -> int:
    """The table of issue 16 for the corpus `args.scale` times, medians over `args.runs` runs."""
    import shutil
    import statistics

    root = find_root()
    runs = max(1, args.runs)
    full_runs = max(1, args.full_runs or runs)
    tmp = Path(tempfile.mkdtemp(prefix=f"edition-bench-{args.scale}x-"))
    try:
        copy = tmp / "editie"
        texts = make_scaled_copy(root, copy, args.scale)
        print(f"Corpus {args.scale}×: {texts} teksten in {copy} (medianen over {runs} metingen, "
              f"volledige build {full_runs}×; cpu = het proces en alle processen die het start)")

        full = []
        for _ in range(full_runs):
            for gone in ("site", "build", "docs/downloads", "docs/teksten"):
                shutil.rmtree(copy / gone, ignore_errors=True)
            full.append(_run_measured(copy, "build"))
        import resource
        peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        note, site_only, bare = [], [], []
        for i in range(runs):
            _change_one_note(copy, 2 * i + 1)
            note.append(_run_measured(copy, "build"))
        for i in range(runs):
            _change_one_note(copy, 2 * i + 2)
            site_only.append(_run_measured(copy, "build", "--no-downloads"))
        site_full = []  # the whole site made again (no site/ to start from), the texts from the cache
        from edition.site.incremental import MANIFEST
        for _ in range(runs):
            shutil.rmtree(copy / "site", ignore_errors=True)
            (copy / MANIFEST).unlink(missing_ok=True)
            site_full.append(_run_measured(copy, "build", "--no-downloads"))
        for _ in range(runs):
            shutil.rmtree(tmp / "kaal", ignore_errors=True)
            bare.append(_run_bare_mkdocs(copy, tmp / "kaal"))
        served = _serve_latency(copy, runs, 100) if args.serve else []
        site = copy / "site"
        med = lambda pairs, i: statistics.median(p[i] for p in pairs)  # noqa: E731
        pages = sorted((site / "teksten").glob("*/index.html"), key=lambda p: p.stat().st_size)
        biggest = pages[-1] if pages else None
        first_load = _first_load(site, biggest) if biggest else 0
        html_files = [p for p in site.rglob("*.html")]
        html_total = sum(p.stat().st_size for p in html_files)
        largest_html = max(html_files, key=lambda p: p.stat().st_size) if html_files else None
        index = site / "search" / "search_index.json"
        figures = _search_figures(site)

        full_cpu_target = 360 * texts / 160  # 6 min CPU at 160 texts, growing linearly
        ratio = med(site_full, 1) / med(bare, 1) if med(bare, 1) else float("nan")
        ratio_after_note = med(site_only, 1) / med(bare, 1) if med(bare, 1) else float("nan")
        rows = [
            # The target is set at 160 texts; below that the fixed costs (imports, MkDocs, the theme)
            # weigh more than a linear share, so it is judged from 160 texts on.
            ("volledige build (uit het niets), cpu", _fmt_s(med(full, 1)),
             f"≤ 6 min bij 160, lineair (hier ≤ {_fmt_s(full_cpu_target)})",
             med(full, 1) <= full_cpu_target if texts >= 160 else None),
            ("volledige build, wandklok", _fmt_s(med(full, 0)), "", None),
            ("na één gewijzigde noot, build met pdf's: cpu / wandklok",
             f"{_fmt_s(med(note, 1))} / {_fmt_s(med(note, 0))} ({med(note, 1) / med(full, 1):.0%} van volledig)",
             "≤ 10 s", med(note, 1) <= 10),
            ("alleen de site (--no-downloads) na zo'n wijziging, incrementeel: cpu / wandklok",
             f"{_fmt_s(med(site_only, 1))} / {_fmt_s(med(site_only, 0))} "
             f"({ratio_after_note:.2f}× de kale mkdocs build)".replace(".", ","), "", None),
            ("edition serve: YAML opgeslagen → pagina geserveerd (wandklok)",
             _fmt_s(statistics.median(served)) if served else "niet gemeten (--serve)", "≤ 1 s (bij 40)",
             statistics.median(served) <= 1 if served else None),
            ("hele site opnieuw, pagina's ongewijzigd (teksten, Pagefind-index en paginacontroles uit de cache) "
             "÷ kale mkdocs build (cpu)",
             f"{ratio:.2f}× ({_fmt_s(med(site_full, 1))}; kaal {_fmt_s(med(bare, 1))})".replace(".", ","),
             "≤ 1,3×", ratio <= 1.3),
            ("grootste proces (max. rss)", _fmt_b(peak_kb * 1024), "≤ 1 GB (bij 160)", peak_kb * 1024 <= 1e9),
            ("zoekindex die elke pagina laadt (Material, ruw)", _fmt_b(index.stat().st_size) if index.is_file()
             else "geen", "niets vóór het zoeken", not index.is_file()),
            ("zoeken met Pagefind: één zoekvraag haalt op", figures[0], "≤ 300 kB", figures[1]),
            (f"eerste bezoek van de grootste tekstpagina, gzip ({biggest.parent.name if biggest else '-'})",
             _fmt_b(first_load), "≤ 150 kB", first_load <= 150e3),
            ("totaal HTML geschreven", _fmt_b(html_total), "", None),
            (f"grootste HTML-pagina ({largest_html.relative_to(site).as_posix() if largest_html else '-'})",
             _fmt_b(largest_html.stat().st_size if largest_html else 0), "≤ 500 kB",
             (largest_html.stat().st_size if largest_html else 0) <= 500e3),
        ]
        width = max(len(r[0]) for r in rows)
        print(f"\n| {'':{width}} | {texts} teksten | doel | gehaald |")
        print(f"|{'-' * (width + 2)}|---|---|---|")
        for label, value, target, met in rows:
            shown = "n.v.t." if met is None and target else ("" if met is None else ("ja" if met else "NEE"))
            print(f"| {label:{width}} | {value} | {target} | {shown} |")
        missed = [r[0] for r in rows if r[3] is False]
        print("\nNiet gehaald: " + ("; ".join(missed) if missed else "niets") + ".")
        print(f"Snelheid van deze machine: {_fmt_s(machine_speed())} cpu voor een vaste rekenlus van Python "
              "(om cpu-tijden van verschillende machines of dagen te vergelijken; hoger is trager).")
        print("Enkele metingen (wandklok/cpu, s): volledig " + _pairs(full) + "; na noot " + _pairs(note)
              + "; alleen site " + _pairs(site_only) + "; hele site " + _pairs(site_full)
              + "; kaal mkdocs " + _pairs(bare))
    finally:
        if args.keep:
            print(f"De kopie blijft staan: {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


def _serve_latency(root: Path, runs: int, first_run: int) -> list[float]:
    """`edition serve` in `root`: seconds from saving a changed note (in its YAML) until the text's
    page as served contains the change, `runs` times."""
    import socket
    import subprocess
    import sys
    import threading
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-u", "-m", "edition.cli", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                            cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    said: list[str] = []
    threading.Thread(target=lambda: said.extend(iter(proc.stdout.readline, "")), daemon=True).start()

    def page(path: str) -> str:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/{path}", timeout=10) as answer:
                return answer.read().decode("utf-8", "replace")
        except OSError:
            return ""

    seconds = []
    try:
        deadline = time.monotonic() + 1800
        while not any(line.startswith("edition:") for line in said) or not page(""):  # the first build is done
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("edition serve start niet:\n" + "".join(said[-20:]))
            time.sleep(0.2)
        for i in range(runs):
            time.sleep(1.5)  # MkDocs' watcher settles
            marker = first_run + i
            yml = _change_one_note(root, marker)
            start = time.perf_counter()
            slug = Path(yml).stem
            while f"Meting {marker}: " not in page(f"teksten/{slug}/"):
                if time.perf_counter() - start > 900:
                    raise RuntimeError("de wijziging verscheen niet op de pagina:\n" + "".join(said[-20:]))
                time.sleep(0.1)
            seconds.append(time.perf_counter() - start)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
    builds = sum(1 for line in said if line.startswith("edition:"))
    print(f"edition serve: {builds} builds voor {runs} keer opslaan (plus de eerste)")
    return seconds


def _pairs(pairs) -> str:
    return ", ".join(f"{w:.1f}/{c:.1f}" for w, c in pairs)


def _run_bare_mkdocs(root: Path, out: Path) -> tuple[float, float]:
    """A bare `mkdocs build` of the same generated Markdown (mkdocs.yml, theme and hooks as they are)."""
    import os
    import resource
    import subprocess
    import sys

    from edition.build import source_date_epoch

    def cpu():
        c = resource.getrusage(resource.RUSAGE_CHILDREN)
        return c.ru_utime + c.ru_stime

    before, start = cpu(), time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "-d", str(out)], cwd=root,
                          capture_output=True, text=True,
                          env={**os.environ, "SOURCE_DATE_EPOCH": source_date_epoch(root)})
    if done.returncode != 0:
        raise RuntimeError(f"mkdocs build mislukt:\n{done.stderr[-3000:]}")
    return time.perf_counter() - start, cpu() - before


def _search_figures(site: Path) -> tuple[str, bool | None]:
    """What one Pagefind query fetches (edition.search.search_figures), or 'n.v.t.' without it."""
    try:
        from edition.site.search import search_figures
    except ImportError:
        return "n.v.t.", None
    try:
        figures = search_figures(site)
    except Exception as exc:  # noqa: BLE001 – a figure that cannot be measured is said, not fatal
        return f"niet gemeten ({type(exc).__name__}: {str(exc)[:80]})", None
    if "query_bytes" not in figures:
        return "n.v.t.", None
    before = figures.get("fetched_before_query")
    said = (f"{_fmt_b(figures['query_bytes'])} ({figures.get('query_requests', '?')} verzoeken, "
            f"‘{figures.get('query')}’; index {_fmt_b(figures.get('bundle_bytes', 0))} in "
            f"{_fmt_s(figures.get('index_seconds', 0))}; vóór het zoeken: {before})")
    return said, figures["query_bytes"] <= 300e3 and not before

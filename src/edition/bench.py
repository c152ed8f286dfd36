"""`edition bench`: speed figures, printed (not asserted; timing belongs here, not in tests).

* raw → Markdown for the texts in sources/ (cold: first run in this process; warm: best of 3);
* the full site build (generate + MkDocs + fidelity check on the HTML) against a bare `mkdocs build`
  of the same generated Markdown;
* seconds per MB on synthetic corpora 10× and 100× the size of the real one, to show the growth;
* the PDFs: the whole edition alone in one process (goal ≤ 15 s), and all PDFs in parallel processes.
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
        docs = generate(root).docs
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


def _pdf_figures(root: Path) -> None:
    from .annotate import collect
    from .build import site_url, source_date_epoch
    from .printbuild import build_pdfs, make_pdf

    docs = load_all(root)
    edition = collect(root, docs)
    url, epoch = site_url(root), int(source_date_epoch(root))
    with tempfile.TemporaryDirectory() as tmp:
        made = make_pdf(edition, None, url, epoch, Path(tmp), root)
        print(f"pdf van de hele editie ({made.pages} blz.), alleen, één proces: {made.seconds:.2f} s "
              "(opmaak + schrijven; doel ≤ 15 s)")
        start = time.perf_counter()
        all_made = build_pdfs(edition, url, epoch, Path(tmp) / "all", root)
        wall = time.perf_counter() - start
        print(f"alle {len(all_made)} pdf's parallel (met getrouwheidscontrole op de pdf-tekst): {wall:.2f} s; "
              + ", ".join(f"{m.name} {m.seconds:.1f} s" for m in all_made))

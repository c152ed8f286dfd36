"""Stage 10 – the PDFs: the whole edition and one hand-out per text, checked for fidelity.

The PDFs are written to `docs/downloads/` before MkDocs runs, so MkDocs copies them into the site
like any other file and `mkdocs serve` serves them too.  WeasyPrint is single-threaded; the whole
edition and the hand-outs are independent, so they are made in parallel processes (the model is
built once and handed to each worker).
"""

from __future__ import annotations

import os
import signal
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from . import pdf, pdffidelity, printhtml
from .annotate import Edition
from .downloads import pdf_name
from .errors import EditionError

@dataclass(frozen=True)
class Made:
    name: str
    slug: str | None
    pages: int
    size: int
    seconds: float  # wall-clock time of the layout and writing (not of the fidelity check)
    cpu_seconds: float  # CPU time of this process for the same work: less sensitive to a busy host


def make_pdf(edition: Edition, slug: str | None, site_url: str, epoch: int, out_dir: Path, base: Path) -> Made:
    """One PDF (`slug` None: the whole edition), then its fidelity check on the PDF's own text."""
    start, cpu_start = time.perf_counter(), time.process_time()
    target = out_dir / pdf_name(slug)
    if slug is None:
        make = partial(printhtml.edition_parts, edition, site_url, epoch)
        docs = edition.docs
    else:
        doc = next(d for d in edition.docs if d.slug == slug)
        make = partial(printhtml.text_parts, doc, edition, site_url, epoch)
        docs = [doc]
    shown = target.relative_to(base).as_posix() if target.is_relative_to(base) else str(target)
    pages, htmls = pdf.write_pdf(make, target, base, shown, docs)
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu_start
    problems = pdffidelity.check_pdf(docs, target, "\n".join(htmls), shown)
    if problems:
        raise EditionError(problems)
    return Made(target.name, slug, pages, target.stat().st_size, seconds, cpu_seconds)


def build_pdfs(edition: Edition, site_url: str, epoch: int, out_dir: Path, base: Path,
               workers: int | None = None) -> list[Made]:
    """All PDFs, the whole edition first (it takes longest); stale PDFs are removed."""
    jobs: list[str | None] = [None, *(d.slug for d in edition.docs)]
    workers = workers or min(len(jobs), os.cpu_count() or 1)
    run = partial(make_pdf, edition, site_url=site_url, epoch=epoch, out_dir=out_dir, base=base)
    if workers == 1:
        made = [run(slug) for slug in jobs]
    else:
        # Workers ignore Ctrl-C: the parent stops them and says once that the build was interrupted
        # (each worker would otherwise print its own traceback).
        pool = ProcessPoolExecutor(max_workers=workers, initializer=signal.signal,
                                   initargs=(signal.SIGINT, signal.SIG_IGN))
        try:
            made = list(pool.map(_call, [(run, slug) for slug in jobs]))
        except BaseException:
            for process in list((getattr(pool, "_processes", None) or {}).values()):
                process.terminate()
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        pool.shutdown()
    wanted = {m.name for m in made}
    for stale in out_dir.glob("*.pdf"):
        if stale.name not in wanted:
            stale.unlink()
    return made


def _call(job):
    run, slug = job
    return run(slug)

"""Stage 10 – the PDFs: the whole edition and one hand-out per text, checked for fidelity.

The PDFs are written to `docs/downloads/` before MkDocs runs, so MkDocs copies them into the site
like any other file and `mkdocs serve` serves them too.  WeasyPrint is single-threaded; the whole
edition and the hand-outs are independent, so they are made in parallel processes.  The model and
the formatted bibliography go to each worker once, when the pool starts (`_start_worker`); a job is
a slug (None: the whole edition).  Handing the model to every job pickled all of it once per PDF,
which grew with the square of the number of texts.

A PDF depends on the arguments of `make_pdf` and nothing else of the build: the model (for a
hand-out: its text, and of the rest what it shows or refers to: the glossary entries it uses, the
works it cites, the titles and anchors of the texts and entries its notes point to), the site
address, the date of the sources (`epoch`), the bibliography as formatted, the print stylesheet
(`assets/print.css`), the Charis SIL font files, and the code (this package, WeasyPrint and pydyf,
pinned exactly).
"""

from __future__ import annotations

import gc
import os
import signal
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from edition.typeset import pdf, printhtml
from edition.checks import pdffidelity
from edition.apparatus.annotate import Edition
from edition.site.downloads import pdf_name
from edition.errors import EditionError, Problem
from edition.model import Document
from edition.cache import Cache

@dataclass(frozen=True)
class Made:
    name: str
    slug: str | None
    pages: int
    size: int
    seconds: float  # wall-clock time of the layout and writing (not of the fidelity check)
    cpu_seconds: float  # CPU time of this process for the same work: less sensitive to a busy host
    parts: int = 1  # print documents bound into it (the whole edition: front matter, each text, back matter)
    parts_cached: int = 0  # of those, the ones whose PDF came from build/cache/ (pdf.PartStore)


def make_pdf(edition: Edition, slug: str | None, site_url: str, epoch: int, out_dir: Path, base: Path,
             formatted: list[tuple[str, str, str]] | None = None, cache_root: Path | None = None,
             documents: list[str] | None = None, document_keys: dict[str, str] | None = None) -> Made:
    """One PDF (`slug` None: the whole edition), then its fidelity check on the PDF's own text.
    `formatted`: the bibliography as `printhtml.formatted_bibliography` gives it (made here when
    None; `build_pdfs` makes it once for all PDFs).  `cache_root`: the project whose build/cache/
    keeps the parts of the whole edition (pdf.PartStore), so that a change in one text lays out
    only that text's part (and what refers to pages that moved).  `documents`: the print documents
    of this PDF as `cache.print_documents` made them (made here when None); `document_keys`: each
    document's key in build/cache/ (Document.path → key), which the fidelity verdict on a part is
    kept under (`check_parts`)."""
    start, cpu_start = time.perf_counter(), time.process_time()
    target = out_dir / pdf_name(slug)
    docs = edition.docs if slug is None else [next(d for d in edition.docs if d.slug == slug)]
    if documents is not None:
        make = partial(printhtml.with_slot_digits, documents)
    else:
        if formatted is None:
            formatted = printhtml.formatted_bibliography(edition)
        make = partial(printhtml.edition_parts, edition, site_url, epoch, formatted=formatted) if slug is None \
            else partial(printhtml.text_parts, docs[0], edition, site_url, epoch, formatted=formatted)
    shown = target.relative_to(base).as_posix() if target.is_relative_to(base) else str(target)
    store = pdf.PartStore(Cache(cache_root)) if cache_root is not None and slug is None else None
    written = pdf.write_pdf(make, target, base, shown, docs, store)
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu_start
    if store is None:
        problems = pdffidelity.check_pdf(docs, target, "\n".join(written.htmls), shown)
    else:
        problems = check_parts(docs, written, shown, store, document_keys or {})
        store.forget_others()
    if problems:
        raise EditionError(problems)
    return Made(target.name, slug, written.pages, target.stat().st_size, seconds, cpu_seconds, len(written.htmls),
                written.cached)


def check_parts(docs: list[Document], written: pdf.Written, where: str, store: pdf.PartStore,
                document_keys: dict[str, str]) -> list:
    """The fidelity check of a bound book, part by part: each text against the text of its own
    part's PDF, whose pages binding copied unchanged (bind.py compares every page's content).  The
    verdict on a part is kept with it in build/cache/, keyed on the part's PDF, its HTML and what
    the check expects of the text: the document's key in `document_keys` (its source, YAML, code
    and environment, from which `fidelity.expected_tokens` follows), or the expected words
    themselves for a document without one.  A part from the cache was checked when it was made, a
    changed one is checked now."""
    import hashlib
    import tempfile

    from edition.checks.fidelity import expected_tokens

    by_slug = {d.slug: d for d in docs}
    problems, seen = [], set()
    for part in written.parts:
        slug = part.name
        doc = by_slug.get(slug)
        if doc is None:
            continue  # the front matter, a section of the back matter: no text of a source in it
        seen.add(slug)
        expected = document_keys.get(doc.path) or "\x1f".join(t.word for t in expected_tokens(doc))
        key = (hashlib.sha256(part.data).hexdigest(), part.html, part.first_page, expected)
        verdict = store.check(slug, key)
        if verdict is None:
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / f"{slug}.pdf"
                path.write_bytes(part.data)
                verdict = pdffidelity.check_pdf([doc], path, part.html, where, part.first_page)
            store.put_check(slug, key, verdict)
        problems += verdict
    for doc in docs:
        if doc.slug not in seen:
            problems.append(Problem(where, f"de tekst {doc.slug} staat in geen enkel deel van de pdf.",
                                    "Meld dit als fout in printhtml.py (edition_parts)."))
    return problems


def build_pdfs(edition: Edition, site_url: str, epoch: int, out_dir: Path, base: Path,
               workers: int | None = None, jobs: list[str | None] | None = None,
               cache_root: Path | None = None, documents: dict | None = None,
               document_keys: dict[str, str] | None = None) -> list[Made]:
    """All PDFs, the whole edition first (it takes longest); stale PDFs are removed.  `jobs`: only
    these (slugs, None for the whole edition; edition.cache gives the ones whose inputs changed),
    in parallel processes as well, and nothing removed.  `cache_root`, `document_keys`: see
    `make_pdf`; `documents`: slug → its print documents (`cache.print_documents`), handed to the
    workers with the model when they start."""
    subset = jobs is not None
    if jobs is None:
        jobs = [None, *(d.slug for d in edition.docs)]
    jobs = sorted(jobs, key=lambda slug: slug is not None)  # the whole edition first: it takes longest
    workers = workers or min(len(jobs), os.cpu_count() or 1)
    inputs = (edition, site_url, epoch, out_dir, base, printhtml.formatted_bibliography(edition), cache_root,
              documents or {}, document_keys)
    if workers == 1:
        made = [_make(inputs, slug) for slug in jobs]
    else:
        # Imported once here, before the workers are forked, instead of once in each of them (0.6 s
        # of cpu a worker); only imported, nothing laid out: no fonts, no threads go with the fork.
        import weasyprint  # noqa: F401

        # Frozen before the fork (`gc.freeze`, as Python's documentation advises for a pool of
        # forked workers): the model and the modules go to each worker left out of its collections,
        # with no full collection of the inherited heap in the worker to freeze them there (0.5 s
        # of cpu a worker at 40 texts, and a copy of every page it touched).
        gc.freeze()
        pool = ProcessPoolExecutor(max_workers=workers, initializer=_start_worker, initargs=inputs)
        try:
            made = list(pool.map(_job, jobs))
        except BaseException:
            for process in list((getattr(pool, "_processes", None) or {}).values()):
                process.terminate()
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        finally:
            gc.unfreeze()
        pool.shutdown()
    if subset:
        return made
    wanted = {m.name for m in made}
    for stale in out_dir.glob("*.pdf"):
        if stale.name not in wanted:
            stale.unlink()
    return made


# The inputs of every PDF of this build, in a worker process (set once by `_start_worker`).
_WORKER_INPUTS: tuple | None = None


def _start_worker(*inputs) -> None:
    """Keep the build's inputs for the jobs of this worker.  Workers ignore Ctrl-C: the parent
    stops them and says once that the build was interrupted (each worker would otherwise print its
    own traceback)."""
    global _WORKER_INPUTS
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER_INPUTS = inputs


def _frozen_inputs() -> None:
    """Speed: the model lives as long as the worker, and each full collection walked all of it
    again, during every hand-out (a quarter of a hand-out's time at 40 texts, more with more
    texts).  Frozen (`gc.freeze`), it is left out; everything alive now is the model and the
    modules, so nothing of a PDF is frozen with it."""
    gc.collect()
    gc.freeze()


def _job(slug: str | None) -> Made:
    """One PDF in a worker, with the model frozen: a worker forked by `build_pdfs` finds it frozen
    already; a book gives everything back when it is written (pdf._laid_out_parts_frozen), so the
    job after a book freezes the model again (not the book itself: it may be the worker's last)."""
    if not gc.get_freeze_count():
        _frozen_inputs()
    return _make(_WORKER_INPUTS, slug)


def _make(inputs: tuple, slug: str | None) -> Made:
    edition, site_url, epoch, out_dir, base, formatted, cache_root, documents, document_keys = inputs
    return make_pdf(edition, slug, site_url, epoch, out_dir, base, formatted, cache_root, documents.get(slug),
                    document_keys)

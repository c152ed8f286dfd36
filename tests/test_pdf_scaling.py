"""The PDF step without quadratic work (issue 16): the model goes to each worker once and a job is
a slug; the bibliography is formatted once per build; the fidelity check reads each PDF with one
`pdftotext` run; a book of more than 99 pages is laid out once (the page-number slots get their
width before layout), and the fallbacks when the estimate is wrong give the same bytes.

The book of more than 99 pages is this project with each text three times (distinct slugs)."""

from __future__ import annotations

import pickle
import re
import shutil
import sys
from pathlib import Path

import pytest

from edition.apparatus import bibstyle
from edition.typeset import pdf, printbuild, printhtml
from edition.checks import pdffidelity
from edition.apparatus.annotate import collect
from edition.build import editions, load_all, site_url
from edition.site.downloads import EDITION_PDF

sys.path.insert(0, str(Path(__file__).parent))
from project import copy_project  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
EPOCH = 1767225600


class _FakePool:
    """A ProcessPoolExecutor that runs in this process, but hands every job and the initializer's
    arguments through pickle as the real one does, and keeps what it was given."""

    made: list["_FakePool"] = []

    def __init__(self, max_workers, initializer=None, initargs=()):
        self.initializer, self.initargs, self.jobs = initializer, initargs, []
        _FakePool.made.append(self)
        if initializer is not None:
            initializer(*pickle.loads(pickle.dumps(initargs)))

    def map(self, fn, jobs):
        for job in jobs:
            self.jobs.append(pickle.dumps((fn, job)))
            fn2, job2 = pickle.loads(self.jobs[-1])
            yield fn2(job2)

    def shutdown(self, wait=True, cancel_futures=False):
        pass


def test_the_model_goes_to_the_workers_once_and_jobs_carry_a_slug(monkeypatch, tmp_path):
    import signal

    edition = collect(ROOT, load_all(ROOT))
    calls = {"format": 0}
    real_format = bibstyle.format_entries

    def counting_format(*args, **kwargs):
        calls["format"] += 1
        return real_format(*args, **kwargs)

    def fake_write_pdf(make_parts, target, base_url, where, docs=(), store=None):
        htmls = make_parts(2)  # the real print HTML, without the layout
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(b"%PDF")
        return pdf.Written(1, htmls, [])

    monkeypatch.setattr(bibstyle, "format_entries", counting_format)
    monkeypatch.setattr(printbuild.pdf, "write_pdf", fake_write_pdf)
    monkeypatch.setattr(printbuild.pdffidelity, "check_pdf", lambda *a: [])
    monkeypatch.setattr(printbuild, "ProcessPoolExecutor", _FakePool)
    monkeypatch.setattr(printbuild, "_WORKER_INPUTS", None, raising=False)  # the fake worker is this process
    _FakePool.made.clear()
    handler = signal.getsignal(signal.SIGINT)
    try:
        made = printbuild.build_pdfs(edition, site_url(ROOT), EPOCH, tmp_path, ROOT, workers=2)
    finally:
        signal.signal(signal.SIGINT, handler)  # the fake worker is this process
    assert len(made) == len(edition.docs) + 1
    (pool,) = _FakePool.made
    assert any(isinstance(a, type(edition)) for a in pool.initargs), "the model goes with the pool's start"
    model = len(pickle.dumps(edition))
    assert all(len(job) < 1000 < model for job in pool.jobs), "a job is a slug, not the model"
    assert calls["format"] == 1, "the bibliography is formatted once for all PDFs"


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    """This project with each text three times, and its whole-edition PDF (more than 99 pages),
    made with a count of the parts laid out."""
    root = copy_project(tmp_path_factory.mktemp("book") / "project")
    for raw in sorted((root / "sources").glob("*.txt")):
        for k in (2, 3):
            shutil.copy(raw, raw.with_name(f"{raw.stem}-{k}.txt"))
            if raw.with_suffix(".yml").exists():
                shutil.copy(raw.with_suffix(".yml"), raw.with_name(f"{raw.stem}-{k}.yml"))
    _, release, _ = editions(root, load_all(root), False)
    out = tmp_path_factory.mktemp("book-pdf")
    laid_out = []
    real = pdf.lay_out
    patch = pytest.MonkeyPatch()
    patch.setattr(pdf, "lay_out", lambda layout, part, where: (laid_out.append(part.first_page),
                                                               real(layout, part, where))[1])
    try:
        made = printbuild.make_pdf(release, None, site_url(root), EPOCH, out, root)
    finally:
        patch.undo()
    return root, release, out / EDITION_PDF, made, laid_out


def test_a_book_of_more_than_99_pages_is_laid_out_once(book):
    root, release, target, made, laid_out = book
    assert made.pages > 99
    parts = len(printhtml.edition_parts(release, site_url(root), EPOCH))  # front matter, each text, each back section
    assert parts >= len(release.docs) + 3
    assert len(laid_out) == parts, f"{len(laid_out)} parts laid out for a book of {parts} parts"
    assert pdffidelity.page_count(target, "x") == made.pages


def test_print_documents_made_once_widen_to_the_documents_made_with_more_figures(book):
    from edition.typeset import printhtml

    root, release, _, _, _ = book
    url = site_url(root)
    narrow = printhtml.edition_parts(release, url, EPOCH, 2)
    assert 'class="pref"' in "".join(narrow)
    for digits in (3, 4):
        assert printhtml.with_slot_digits(narrow, digits) == printhtml.edition_parts(release, url, EPOCH, digits)
    doc = release.docs[0]
    assert printhtml.with_slot_digits(printhtml.text_parts(doc, release, url, EPOCH), 3) == \
        printhtml.text_parts(doc, release, url, EPOCH, 3)


def test_the_fidelity_check_runs_pdftotext_once_per_pdf(book, monkeypatch):
    root, release, target, _, _ = book
    runs = []
    real = pdffidelity._run
    monkeypatch.setattr(pdffidelity, "_run", lambda args, where: (runs.append(args[0]), real(args, where))[1])
    from edition.typeset import printhtml
    html = "\n".join(printhtml.edition_parts(release, site_url(root), EPOCH, 3))
    assert pdffidelity.check_pdf(release.docs, target, html, EDITION_PDF) == []
    assert runs.count("pdftotext") == 1


def test_one_pdftotext_run_split_on_form_feeds_is_the_same_text_as_page_ranges(book):
    _, _, target, made, _ = book
    pages = pdffidelity.pages_text(target, "x")
    assert len(pages) == made.pages
    for first, last in ((1, 1), (5, 11), (made.pages - 3, made.pages)):
        assert "".join(pages[first - 1:last]) == pdffidelity.page_text(target, first, last, "x")


def test_the_estimate_of_the_highest_page_is_close(book):
    root, release, target, made, _ = book
    from edition.typeset import printhtml
    htmls = printhtml.edition_parts(release, site_url(root), EPOCH, 2)
    estimate = pdf.expected_highest_page(htmls)
    assert made.pages * 0.8 < estimate < made.pages * 1.25


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """The longest text's hand-out (more than nine pages), laid out the usual way (two figures)."""
    edition = collect(ROOT, load_all(ROOT))
    slug = max(edition.docs, key=lambda d: len(d.lines)).slug
    out = tmp_path_factory.mktemp("small")
    printbuild.make_pdf(edition, slug, site_url(ROOT), EPOCH, out, ROOT)
    return edition, slug, (out / f"{slug}.pdf").read_bytes()


def _made_with(small, tmp_path, monkeypatch, estimate: int, digits=None) -> tuple[bytes, list[int]]:
    """The hand-out again with the estimate `estimate`; the widths of the slots of each layout."""
    edition, slug, _ = small
    widths: list[int] = []
    real = pdf._lay_out_book
    monkeypatch.setattr(pdf, "expected_highest_page", lambda htmls: estimate)
    monkeypatch.setattr(pdf, "_lay_out_book", lambda layout, htmls, where, *keep: (
        widths.append(len(re.search(r'class="pref"[^>]*>(0+)<', htmls[0]).group(1))),
        real(layout, htmls, where, *keep))[1])
    if digits:
        monkeypatch.setattr(pdf, "SLOT_DIGITS", digits)
    printbuild.make_pdf(edition, slug, site_url(ROOT), EPOCH, tmp_path, ROOT)
    return (tmp_path / f"{slug}.pdf").read_bytes(), widths


def test_an_estimate_too_high_falls_back_to_fewer_figures_with_the_same_bytes(small, tmp_path, monkeypatch):
    data, widths = _made_with(small, tmp_path, monkeypatch, estimate=500)
    assert widths == [3, 2] and data == small[2]


def test_an_estimate_too_low_falls_back_to_more_figures_with_the_same_bytes(small, tmp_path, monkeypatch):
    # Slots of one figure allowed: the estimate 1 is too low for a hand-out of more than 9 pages.
    data, widths = _made_with(small, tmp_path, monkeypatch, estimate=1, digits=(1, 2, 3, 4))
    assert widths == [1, 2] and data == small[2]


def test_laid_out_parts_are_frozen_for_the_collector_and_released_after_writing(small, tmp_path, monkeypatch):
    """The laid-out parts of a book are left out of the cyclic collector while the rest is laid
    out (each part but the last frozen once laid out), and given back once the PDF is written: a
    worker that goes on to the next PDF can collect this one.  The same bytes as without freezing.
    A hand-out (one part) freezes nothing."""
    import contextlib
    import gc

    edition, slug, handout = small
    frozen_when_bound: list[int] = []
    real = pdf._part_pdfs

    def write_parts(*args):
        frozen_when_bound.append(gc.get_freeze_count())
        return real(*args)

    monkeypatch.setattr(pdf, "_part_pdfs", write_parts)
    printbuild.make_pdf(edition, None, site_url(ROOT), EPOCH, tmp_path / "frozen", ROOT)
    printbuild.make_pdf(edition, slug, site_url(ROOT), EPOCH, tmp_path / "frozen", ROOT)
    assert frozen_when_bound[0] > 10_000 and frozen_when_bound[1] == 0 and gc.get_freeze_count() == 0
    assert (tmp_path / "frozen" / f"{slug}.pdf").read_bytes() == handout
    monkeypatch.setattr(pdf, "_laid_out_parts_frozen", lambda: contextlib.nullcontext(lambda: None))
    printbuild.make_pdf(edition, None, site_url(ROOT), EPOCH, tmp_path / "plain", ROOT)
    assert (tmp_path / "plain" / EDITION_PDF).read_bytes() == (tmp_path / "frozen" / EDITION_PDF).read_bytes()


def test_past_the_pages_held_a_part_is_laid_out_again_when_written_with_the_same_bytes(tmp_path, monkeypatch):
    """Memory: once the kept layouts pass `pdf.HELD_PAGES`, a part keeps only its pages and anchors
    and is laid out again when its PDF is written; the book is the same, byte for byte."""
    edition = collect(ROOT, load_all(ROOT))
    printbuild.make_pdf(edition, None, site_url(ROOT), EPOCH, tmp_path / "kept", ROOT)
    laid_out, real = [], pdf.lay_out
    monkeypatch.setattr(pdf, "lay_out", lambda layout, part, where: (laid_out.append(part.name),
                                                                     real(layout, part, where))[1])
    monkeypatch.setattr(pdf, "HELD_PAGES", 10)
    made = printbuild.make_pdf(edition, None, site_url(ROOT), EPOCH, tmp_path / "let-go", ROOT)
    again = [name for name in set(laid_out) if laid_out.count(name) > 1]
    assert again and len(set(laid_out)) == made.parts, "some parts laid out twice, each part at least once"
    assert (tmp_path / "let-go" / EDITION_PDF).read_bytes() == (tmp_path / "kept" / EDITION_PDF).read_bytes()


def test_a_part_that_names_only_known_pages_is_written_as_soon_as_it_is_laid_out(tmp_path, monkeypatch):
    """pdf._write_early: a part of the book whose references name only pages of the parts before it
    (or its own) is written at once and its layout let go, so even with no pages held it is laid out
    once; the parts that name later pages (the contents, the back matter) are held or laid out
    again; the book is the one made without writing early, byte for byte."""
    edition = collect(ROOT, load_all(ROOT))
    monkeypatch.setattr(pdf, "_write_early", lambda *args: False)
    printbuild.make_pdf(edition, None, site_url(ROOT), EPOCH, tmp_path / "late", ROOT)
    monkeypatch.undo()
    laid_out, early, real, real_early = [], [], pdf.lay_out, pdf._write_early
    monkeypatch.setattr(pdf, "lay_out", lambda layout, part, where: (laid_out.append(part.name),
                                                                     real(layout, part, where))[1])
    monkeypatch.setattr(pdf, "_write_early", lambda part, *args: (
        real_early(part, *args) and (early.append(part.name) or True)))
    monkeypatch.setattr(pdf, "HELD_PAGES", 0)
    made = printbuild.make_pdf(edition, None, site_url(ROOT), EPOCH, tmp_path / "early", ROOT)
    assert early and len(set(laid_out)) == made.parts
    assert all(laid_out.count(name) == 1 for name in early), "written early: laid out once"
    assert any(laid_out.count(name) > 1 for name in set(laid_out) - set(early)), "the others let go and laid out again"
    assert (tmp_path / "early" / EDITION_PDF).read_bytes() == (tmp_path / "late" / EDITION_PDF).read_bytes()


def test_a_worker_keeps_the_model_frozen_across_its_jobs(small, tmp_path):
    """A PDF worker runs its jobs with the model frozen (each full collection of a hand-out walked
    all of it): frozen by the build before the fork, or by the first job; after a book, which
    unfreezes everything to give its pages back, the next job freezes it again."""
    import gc
    import signal

    edition, slug, handout = small
    before = signal.getsignal(signal.SIGINT)
    gc.unfreeze()
    try:
        printbuild._start_worker(edition, site_url(ROOT), EPOCH, tmp_path, ROOT,
                                 printhtml.formatted_bibliography(edition), None, {}, None)
        refrozen = []
        real = printbuild._frozen_inputs
        printbuild._frozen_inputs = lambda: (refrozen.append(True), real())
        try:
            printbuild._job(slug)  # nothing frozen yet (not forked from a build): frozen first
            assert refrozen == [True] and gc.get_freeze_count() > 10_000
            printbuild._job(slug)  # a hand-out leaves the model frozen: no full collection to freeze it again
            assert refrozen == [True] and gc.get_freeze_count() > 10_000
            printbuild._job(None)  # a book gives everything back, and is not followed by a collection
            assert refrozen == [True] and gc.get_freeze_count() == 0
            printbuild._job(slug)  # the job after it freezes the model again
            assert refrozen == [True, True] and gc.get_freeze_count() > 10_000
        finally:
            printbuild._frozen_inputs = real
        assert (tmp_path / f"{slug}.pdf").read_bytes() == handout
    finally:
        gc.unfreeze()
        signal.signal(signal.SIGINT, before)


def test_the_workers_are_forked_with_the_heap_frozen_and_the_build_unfreezes_it(small, tmp_path, monkeypatch):
    """The build freezes its heap before forking the PDF workers (a worker collecting the whole
    inherited heap to freeze it cost 0.5 s of cpu each at 40 texts) and unfreezes it after."""
    import gc

    edition, slug, _ = small
    monkeypatch.setattr(printbuild, "_frozen_inputs", lambda: None)  # what a worker finds, not what it does
    monkeypatch.setattr(printbuild, "_make", lambda inputs, job: gc.get_freeze_count())
    gc.unfreeze()
    counts = printbuild.build_pdfs(edition, site_url(ROOT), EPOCH, tmp_path, ROOT, workers=2, jobs=[slug, None])
    assert len(counts) == 2 and all(count > 10_000 for count in counts)
    assert gc.get_freeze_count() == 0


@pytest.mark.parametrize("compress", [True, False])
def test_a_stream_is_written_as_pydyf_writes_it_but_deflated_at_level_6(compress, monkeypatch):
    """pdf._stream_bytes stands in for pydyf's Stream.data while a PDF is written: at pydyf's level
    it gives pydyf's bytes (so a new pydyf that writes streams differently fails here), and at
    FLATE_LEVEL the same stream once inflated."""
    import zlib

    import pydyf

    def stream():
        return pydyf.Stream([b"BT", "/F1 12 Tf", b"(tekst) Tj", b"ET"] * 50, {"Type": "/XObject"}, compress=compress)

    ours = pdf._stream_bytes(stream())
    monkeypatch.setattr(pdf, "FLATE_LEVEL", 9)
    assert pdf._stream_bytes(stream()) == stream().data
    if compress:
        body = ours[ours.index(b"stream\n") + 7:ours.rindex(b"\nendstream")]
        plain = stream().data
        assert zlib.decompress(body) == zlib.decompress(plain[plain.index(b"stream\n") + 7:plain.rindex(b"\nendstream")])
        assert ours != plain
    else:
        assert ours == stream().data

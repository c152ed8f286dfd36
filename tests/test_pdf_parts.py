"""The whole edition bound from the PDFs of its parts (issue 16: a change in one note lays out one
part, not the book): binding keeps the pages, the structure tree, the named destinations, the
links between parts and the bookmarks; parts come from build/cache/; a book bound from cached
parts is byte-identical to a clean one, before and after a change."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pikepdf
import pytest

from edition import build
from edition.bench import _change_one_note
from edition.errors import EditionError
from edition.site.downloads import EDITION_PDF
from edition.typeset import bind, pdf, printbuild

from project import copy_project

HEAD = '<html lang="nl"><head><meta charset="utf-8"><title>Boek</title></head><body>'


def _part(body: str, others: bool = True) -> bytes:
    from weasyprint import HTML

    html = HEAD + body + "</body></html>"
    return HTML(string=bind.between_parts(html) if others else html).write_pdf(pdf_variant=pdf.PDF_VARIANT)


def test_a_link_to_another_part_is_marked_and_one_within_the_part_is_not():
    html = '<p id="a">x <a href="#a">hier</a> <a href="#b">daar</a> <a href="&#35;c">elders</a></p>'
    out = bind.between_parts(html)
    assert 'href="#a"' in out and f'href="{bind.BETWEEN_PARTS}b"' in out and f'href="{bind.BETWEEN_PARTS}c"' in out


def test_binding_keeps_pages_structure_destinations_links_and_bookmarks():
    first = _part('<h1 id="een">Eerste deel</h1><p>Zie <a href="#twee">het tweede deel</a>.</p>'
                  '<p style="break-before: page">Tweede bladzijde, <a href="#een">terug</a>.</p>')
    second = _part('<h1 id="twee">Tweede deel</h1><p>Terug naar <a href="#een">het eerste</a>.</p>')
    parts = [pikepdf.open(io.BytesIO(d)) for d in (first, second)]
    book = pikepdf.open(io.BytesIO(bind.bind([first, second], "boek.pdf")))

    assert len(book.pages) == 3
    # One Document element holding every part's elements.
    (document,) = book.Root.StructTreeRoot.K
    assert len(document.K) == sum(len(p.Root.StructTreeRoot.K[0].K) for p in parts)
    assert all(kid.P == document for kid in document.K)
    # The parent tree: a key per page and per link annotation, all distinct and in order, each link's
    # to the Link element that holds it; the next key past them all.
    nums = book.Root.StructTreeRoot.ParentTree.Nums
    tree = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    assert [int(nums[i]) for i in range(0, len(nums), 2)] == sorted(tree)
    page_keys = [int(p.obj.StructParents) for p in book.pages]
    annotations = [a for p in book.pages for a in p.obj.get("/Annots", [])]
    assert len(annotations) == 3
    keys = [int(a.StructParent) for a in annotations]
    assert len(set(page_keys + keys)) == 6 and set(page_keys + keys) == set(tree)
    assert int(book.Root.StructTreeRoot.ParentTreeNextKey) > max(tree)
    for key, annotation in zip(keys, annotations):
        link = tree[key]
        assert link.S == "/Link" and any(getattr(k, "Obj", None) is not None and k.Obj.objgen == annotation.objgen
                                         for k in link.K)
    for key, page in zip(page_keys, book.pages):
        assert all(e.Pg.objgen == page.obj.objgen for e in tree[key] if "/Pg" in e)
    # Named destinations of both parts; the link between parts goes to one, as a link within a part does.
    names = book.Root.Names.Dests.Names
    dests = {str(names[i]): names[i + 1] for i in range(0, len(names), 2)}
    assert {"een", "twee"} <= set(dests) and dests["twee"][0].objgen == book.pages[2].obj.objgen
    assert [str(a.Dest) for a in annotations] == ["twee", "een", "een"]
    assert not any("/A" in a for a in annotations)
    with book.open_outline() as outline:
        assert [item.title for item in outline.root] == ["Eerste deel", "Tweede deel"]
    assert book.Root.Lang == "nl" and book.Root.MarkInfo.Marked
    with book.open_metadata() as meta:
        assert meta.get("pdfuaid:part") == "1"
    assert bind.bind([first, second], "boek.pdf") == bind.bind([first, second], "boek.pdf"), "deterministic"


def test_a_link_to_an_anchor_no_part_has_stops_the_build():
    first = _part('<h1 id="een">Eerste</h1><p>Zie <a href="#nergens">niets</a>.</p>')
    with pytest.raises(EditionError) as caught:
        bind.bind([first, _part('<h1 id="twee">Tweede</h1>')], "boek.pdf")
    assert "#nergens" in str(caught.value) and "boek.pdf" in str(caught.value)


def test_the_same_anchor_in_two_parts_stops_the_build():
    with pytest.raises(EditionError, match="dezelfde ankers"):
        bind.bind([_part('<h1 id="een">Eerste</h1>'), _part('<h1 id="een">Weer</h1>')], "boek.pdf")


def test_a_book_from_prepared_parts_is_the_book_bound_afresh_and_a_changed_part_keeps_the_ranges_after_it():
    """bind.prepare depends on the part and its base only: prepared parts kept (pickled, as in
    build/cache/) give the book bound afresh; a part that changes by a word keeps the base of the
    part after it, so that part's prepared form is used again."""
    import pickle

    def parts(word: str) -> list[bytes]:
        return [_part(f'<h1 id="een">Eerste deel</h1><p>{word} <a href="#twee">naar het tweede</a>.</p>'),
                _part('<h1 id="twee">Tweede deel</h1><p>Terug naar <a href="#een">het eerste</a>.</p>')]

    seen = []

    def prepared(index, data, base, first, make):
        seen.append((index, base, first))
        return pickle.loads(pickle.dumps(make()))

    before, after = parts("Een"), parts("Een ander woord")
    assert bind.bind(before, "boek.pdf", prepared) == bind.bind(before, "boek.pdf")
    bases = [base for _, base, _ in seen]
    seen.clear()
    bind.bind(after, "boek.pdf", prepared)
    assert [base for _, base, _ in seen] == bases and [f for _, _, f in seen] == [True, False]
    assert bind.capacity(1000) == bind.capacity(1010) and bind.capacity(5000) > bind.capacity(1000)


def test_a_reference_in_a_string_is_not_renumbered_and_the_book_reads_as_its_parts():
    """The renumbering passes over strings: a bookmark and a text that read like a reference (‘5 0 R’,
    with brackets) come out as they were; the book's text is its parts' text; the book's pages keep
    their content streams byte for byte."""
    first = _part('<h1 id="een">Artikel 5 0 R (zie 12 0 R)</h1><p>Noot (1 0 R) en \\ 3 0 R.</p>')
    second = _part('<h1 id="twee">Tweede</h1><p>Tekst.</p>')
    data = bind.bind([first, second], "boek.pdf")
    book = pikepdf.open(io.BytesIO(data))
    with book.open_outline() as outline:
        assert [item.title for item in outline.root] == ["Artikel 5 0 R (zie 12 0 R)", "Tweede"]

    def text(pdf: bytes) -> bytes:
        return subprocess.run(["pdftotext", "-raw", "-", "-"], input=pdf, capture_output=True, check=True).stdout

    assert text(data) == text(first) + text(second)
    originals = [pikepdf.open(io.BytesIO(d)) for d in (first, second)]
    assert [bind_page.obj.Contents.read_raw_bytes() for bind_page in book.pages] == \
        [page.obj.Contents.read_raw_bytes() for original in originals for page in original.pages]
    resaved = io.BytesIO()
    book.save(resaved)  # qpdf reads every object
    assert len(pikepdf.open(resaved).pages) == 2


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return copy_project(tmp_path_factory.mktemp("parts") / "edition")


def _release(root: Path):
    _site, release, _drafts = build.editions(root, build.load_all(root))
    return release, build.site_url(root), int(build.source_date_epoch(root))


def _make(root: Path, out: Path, monkeypatch, cached: bool) -> tuple[printbuild.Made, bytes, list[int]]:
    """The whole edition (with the parts cache of `root` when `cached`), and the pages on which
    the parts laid out start."""
    laid_out: list[int] = []
    real = pdf.lay_out
    monkeypatch.setattr(pdf, "lay_out", lambda layout, part, where: (laid_out.append(part.first_page),
                                                                   real(layout, part, where))[1])
    release, url, epoch = _release(root)
    made = printbuild.make_pdf(release, None, url, epoch, out, root, cache_root=root if cached else None)
    monkeypatch.undo()
    return made, (out / EDITION_PDF).read_bytes(), laid_out


def test_a_book_from_cached_parts_is_the_book_of_a_clean_build_before_and_after_a_change(project, tmp_path,
                                                                                          monkeypatch):
    clean, clean_bytes, clean_laid = _make(project, tmp_path / "clean", monkeypatch, cached=False)
    first, first_bytes, _ = _make(project, tmp_path / "first", monkeypatch, cached=True)
    assert first_bytes == clean_bytes and first.parts_cached == 0 and first.parts == len(clean_laid) > 6

    again, again_bytes, again_laid = _make(project, tmp_path / "again", monkeypatch, cached=True)
    assert again_bytes == clean_bytes and again.parts_cached == again.parts and again_laid == []
    # Every part's entries stay for the next build, the empty leaf's too.
    kept = {p.name.split("--")[0] for p in (project / "build" / "cache" / "pdfpart").iterdir()}
    assert "leeg-blad.pdf" in kept and len(kept) >= 2 * again.parts + 1, sorted(kept)

    _change_one_note(project, 1)  # one note of one text: its part, and what names its pages, again
    changed, changed_bytes, changed_laid = _make(project, tmp_path / "changed", monkeypatch, cached=True)
    _, changed_clean, _ = _make(project, tmp_path / "changed-clean", monkeypatch, cached=False)
    assert changed_bytes == changed_clean != clean_bytes
    assert 1 <= len(changed_laid) <= 3 and changed.parts_cached == changed.parts - len(changed_laid), changed_laid
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(tmp_path / "changed" / EDITION_PDF), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "Meting 1:" in text


def test_each_text_is_checked_in_its_own_part_the_message_names_the_books_pages_and_a_verdict_is_kept(
        project, tmp_path, monkeypatch):
    """The fidelity check of the bound edition reads each text's part (pdftotext once per part made
    again, not over the whole book); a word of the source missing from a part's PDF stops the build
    with the pages that text has in the book; a part from the cache keeps the verdict it had."""
    from edition.checks import fidelity, pdffidelity

    release, url, epoch = _release(project)
    out = tmp_path / "out"
    printbuild.make_pdf(release, None, url, epoch, out, project, cache_root=project)  # every part in the cache
    runs: list[str] = []
    real_run = pdffidelity._run
    monkeypatch.setattr(pdffidelity, "_run", lambda args, where: (runs.append(args[0]), real_run(args, where))[1])
    printbuild.make_pdf(release, None, url, epoch, out, project, cache_root=project)
    assert runs == [], "unchanged parts: their verdicts come with them from build/cache/"

    victim = release.docs[1]
    real_tokens = fidelity.expected_tokens

    def with_a_word_more(doc):
        tokens = real_tokens(doc)
        return tokens + [fidelity.Token("Zwartekatwoord", tokens[-1].line)] if doc.slug == victim.slug else tokens
    monkeypatch.setattr(fidelity, "expected_tokens", with_a_word_more)
    monkeypatch.setattr(pdffidelity, "expected_tokens", with_a_word_more)
    with pytest.raises(EditionError) as caught:
        printbuild.make_pdf(release, None, url, epoch, out, project, cache_root=project)
    assert runs.count("pdftotext") == 1, runs  # that text's part only
    message = str(caught.value)
    first = pdffidelity.destinations(out / EDITION_PDF, "x")[victim.slug]
    assert "Zwartekatwoord" in message and f"(p. {first}–" in message, message


def test_writing_a_pdf_leaves_no_copies_of_the_fonts_in_the_temporary_folder(tmp_path, monkeypatch):
    # WeasyPrint copies the @font-face fonts to a folder of its own in the temporary folder and
    # removes it only when its FontConfiguration is collected, which a PDF worker (ended with
    # os._exit) never saw: every build left 3 MB per worker outside the repository.
    import tempfile

    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    seen = []
    real = pdf._Layout.render

    def render(self, html, extra_css=""):
        seen.extend(temp.iterdir())  # the fonts are copied while the stylesheet is read
        return real(self, html, extra_css)

    monkeypatch.setattr(pdf._Layout, "render", render)
    html = HEAD + "<p>Hallo</p></body></html>"
    pdf.write_pdf(lambda digits: [html], tmp_path / "uit.pdf", tmp_path, "uit.pdf")
    assert seen and (tmp_path / "uit.pdf").is_file()
    assert list(temp.iterdir()) == []


def test_text_is_held_by_its_element_without_a_span_of_its_own():
    """pdf._text_ids_in_their_element: no structure element is a /Span with one marked-content id
    (WeasyPrint made one per piece of text); each id of a page's content is held by the element the
    parent tree names for it, an element of that page, in the order of the text."""
    from weasyprint import HTML

    html = (HEAD + "<h1>Titel</h1><p>Een alinea met <i>cursief</i> en een <a href='#x'>link</a>.</p>"
            + "<p id='x' style='break-before: page'>Op de tweede bladzijde, <b>vet</b>.</p></body></html>")
    with pdf._text_ids_in_their_element():
        data = HTML(string=html).write_pdf(pdf_variant=pdf.PDF_VARIANT)
    plain = HTML(string=html).write_pdf(pdf_variant=pdf.PDF_VARIANT)
    book = pikepdf.open(io.BytesIO(data))
    elements = [o for o in book.objects if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == "/StructElem"]
    assert not [e for e in elements if e.S == "/Span"]
    weasyprints = pikepdf.open(io.BytesIO(plain))
    assert any(e.S == "/Span" for e in weasyprints.objects
               if isinstance(e, pikepdf.Dictionary) and e.get("/Type") == "/StructElem"), "WeasyPrint's own has Spans"
    nums = book.Root.StructTreeRoot.ParentTree.Nums
    tree = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    for index, page in enumerate(book.pages):
        mapping = tree[int(page.obj.StructParents)]
        assert len(mapping) > 0
        for mcid, element in enumerate(mapping):
            assert element.Pg.objgen == page.obj.objgen
            assert mcid in [int(k) for k in element.K if not isinstance(k, pikepdf.Dictionary)]
    text = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True).stdout
    assert text == subprocess.run(["pdftotext", "-", "-"], input=plain, capture_output=True).stdout
    assert pdf._box_tree_without_spans() is pdf._box_tree_without_spans()


def test_a_weasyprint_that_tags_otherwise_stops_the_build(monkeypatch):
    monkeypatch.setattr(pdf, "_SPAN_BRANCH", "                if tag == 'Iets anders':\n")
    pdf._box_tree_without_spans.cache_clear()
    try:
        with pytest.raises(EditionError, match="WeasyPrint"):
            pdf._box_tree_without_spans()
    finally:
        monkeypatch.undo()
        pdf._box_tree_without_spans.cache_clear()

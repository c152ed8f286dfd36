"""The PDFs (issue 4): built once per module into a temporary folder, then read back with
poppler (pdfinfo, pdffonts, pdftotext) and pypdf, as a reader's PDF viewer would see them.

What is checked: the PDFs exist and carry their metadata, fonts and tags; the fidelity check
passes on their text (and fails on damaged text); the table of contents, the registers and the
cross-references name the pages their targets are on; every note is on the page of its call;
bookmarks exist; a second build gives the same bytes.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from edition.checks import pdffidelity
from edition.typeset import printhtml
from edition.apparatus.annotate import collect
from edition.build import load_all, site_url
from edition.checks.fidelity import expected_tokens
from edition.site.downloads import EDITION_PDF
from edition.typeset.printbuild import build_pdfs, make_pdf

ROOT = Path(__file__).resolve().parents[1]
EPOCH = 1767225600  # any fixed date: the PDFs must depend on it only through the HTML


@pytest.fixture(scope="module")
def edition():
    return collect(ROOT, load_all(ROOT))


@pytest.fixture(scope="module")
def pdfs(edition, tmp_path_factory):
    out = tmp_path_factory.mktemp("pdf")
    made = build_pdfs(edition, site_url(ROOT), EPOCH, out, ROOT)
    return out, {m.name: m for m in made}


def run(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True, encoding="utf-8").stdout


def dests(pdf: Path) -> dict[str, int]:
    return pdffidelity.destinations(pdf, str(pdf))


def test_every_pdf_is_made(pdfs, edition):
    out, made = pdfs
    assert set(made) == {EDITION_PDF, *(f"{d.slug}.pdf" for d in edition.docs)}
    for name, m in made.items():
        assert (out / name).is_file() and m.pages > 0 and (out / name).stat().st_size == m.size


def test_metadata_language_tags_and_fonts(pdfs):
    out, _ = pdfs
    info = run("pdfinfo", str(out / EDITION_PDF))
    assert re.search(r"^Title:\s+Oorlog in Oekraïne — een digitale editie$", info, re.M)
    assert re.search(r"^Author:\s+Danny Byrne, Russische Socialistische Beweging$", info, re.M)
    assert re.search(r"^Tagged:\s+yes$", info, re.M)
    from pypdf import PdfReader
    reader = PdfReader(out / EDITION_PDF)
    # The date of the sources given to the build, not the clock's.
    assert reader.metadata["/CreationDate"] == reader.metadata["/ModDate"] == "D:20260101000000Z"
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "nl" and root["/MarkInfo"]["/Marked"]
    fonts = run("pdffonts", str(out / EDITION_PDF)).splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), "every font embedded"
    assert any("Charis-SIL" in line for line in fonts)


def test_fidelity_check_passes_on_every_pdf(pdfs, edition):
    out, _ = pdfs
    url = site_url(ROOT)
    assert pdffidelity.check_pdf(edition.docs, out / EDITION_PDF,
                                 "\n".join(printhtml.edition_parts(edition, url, EPOCH)), EDITION_PDF) == []
    for doc in edition.docs:
        html = "\n".join(printhtml.text_parts(doc, edition, url, EPOCH))
        assert pdffidelity.check_pdf([doc], out / f"{doc.slug}.pdf", html, doc.slug) == []


def _toc_entries(text: str) -> list[tuple[str, int]]:
    """(label, page) from the table of contents as pdftotext -layout prints it."""
    entries, pending = [], []
    for line in text.splitlines():
        line = line.strip()
        m = re.match(r"^(.*?)[\s.]*\.\s*(\d+)$", line)
        if m:
            label = " ".join(pending + [m.group(1)])
            entries.append((re.sub(r"\u2010 ", "", re.sub(r"\s+", " ", label)).strip(" ."), int(m.group(2))))
            pending = []
        elif line and not line.startswith("Inhoud") and "·" not in line:
            pending.append(line)
        else:
            pending = []
    return entries


def test_table_of_contents_page_numbers_point_at_their_targets(pdfs, edition):
    out, _ = pdfs
    pdf = out / EDITION_PDF
    d = dests(pdf)
    entries = _toc_entries(run("pdftotext", "-layout", "-f", str(d["inhoud"]), "-l", str(d["inhoud"] + 1),
                               str(pdf), "-"))
    html = printhtml.edition_parts(edition, site_url(ROOT), EPOCH)[0]
    expected = re.findall(r'<a href="#([^"]+)">(.*?)</a><span class="pref"', html)
    assert len(entries) == len(expected) >= 20
    for (label, page), (target, shown) in zip(entries, expected):
        shown = re.sub(r"<[^>]+>", "", shown).replace("&amp;", "&")
        assert label.startswith(shown[:30]), (label, shown)
        assert page == d[target], f"TOC says {label!r} is on p. {page}, it is on p. {d[target]}"


def test_register_loci_name_the_page_of_the_paragraph(pdfs, edition):
    out, _ = pdfs
    pdf = out / EDITION_PDF
    d = dests(pdf)
    titles = {printhtml.page_title(doc)[0]: doc.slug for doc in edition.docs}
    text = run("pdftotext", "-raw", "-f", str(d["woordenlijst"]), str(pdf), "-").replace("\u2010\n", "")
    checked = 0
    for title, slug in titles.items():
        for line in re.findall(re.escape(title) + r": ((?:al\. \d+ \(p\. \d+\)(?: \(\d+×\))?(?:, )?)+)", text):
            for number, page in re.findall(r"al\. (\d+) \(p\. (\d+)\)", line):
                assert int(page) == d[f"{slug}--p{number}"], (title, number, page)
                checked += 1
    assert checked > 100


def test_register_page_numbers_are_links_to_that_page(pdfs):
    # Each "(p. 14)" of a register is a link on the number itself: its rectangle starts at the
    # number and stops before the bracket (the rectangles are taken again after the numbers are
    # filled in and the lines closed up), and it leads to the page it names.
    from pypdf import PdfReader

    out, _ = pdfs
    pdf = out / EDITION_PDF
    d = dests(pdf)
    reader = PdfReader(pdf)
    checked = 0
    for number in range(d["woordenlijst"], d["bibliografie"]):
        page = reader.pages[number - 1]
        height = float(page.mediabox.height)
        bbox = run("pdftotext", "-bbox", "-f", str(number), "-l", str(number), str(pdf), "-")
        words = [(float(a), float(b), float(c), float(e), w) for a, b, c, e, w in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', bbox)]
        for annot in (a.get_object() for a in page.get("/Annots", [])):
            if annot.get("/Subtype") != "/Link" or "/Dest" not in annot:
                continue
            x1, y1, x2, y2 = (float(v) for v in annot["/Rect"])
            top, bottom = height - max(y1, y2), height - min(y1, y2)
            under = [w for w in words if w[0] < x2 and w[2] > x1 and w[1] < bottom and w[3] > top]
            if len(under) != 1 or not re.fullmatch(r"\d+\),?", under[0][4]):
                continue
            left, right, shown = under[0][0], under[0][2], under[0][4]
            assert abs(x1 - left) < 0.5 and x2 < right, (number, shown, x1, x2, left, right)
            assert int(re.match(r"\d+", shown).group()) == d[str(annot["/Dest"])], (number, shown)
            checked += 1
    assert checked > 100


def test_cross_references_in_notes_name_the_right_page(pdfs, edition):
    out, _ = pdfs
    pdf = out / EDITION_PDF
    d = dests(pdf)
    titles = {printhtml.page_title(doc)[0]: doc.slug for doc in edition.docs}
    text = re.sub(r"\u2010\n", "", run("pdftotext", "-raw", str(pdf), "-"))
    text = re.sub(r"\s+", " ", text)
    checked = 0
    for title, slug in titles.items():
        for number, page in re.findall(re.escape(title) + r"’, alinea (\d+) \(zie p\. (\d+)\)", text):
            assert int(page) == d[f"{slug}--p{number}"], (title, number, page)
            checked += 1
    assert checked > 20


def test_every_note_is_on_the_page_of_its_call(pdfs, edition):
    out, made = pdfs
    for name in made:
        d = dests(out / name)
        calls = {k[len("fnref-"):]: p for k, p in d.items() if k.startswith("fnref-")}
        notes = {k[len("fn-"):]: p for k, p in d.items() if k.startswith("fn-")}
        wanted = sum(len(doc.notes) for doc in edition.docs if name in (EDITION_PDF, f"{doc.slug}.pdf"))
        assert len(calls) == len(notes) == wanted, name
        assert {k: (calls[k], notes.get(k)) for k in calls if calls[k] != notes.get(k)} == {}, name


def test_bookmarks_for_texts_and_sections(pdfs, edition):
    from pypdf import PdfReader
    out, _ = pdfs
    reader = PdfReader(out / EDITION_PDF)
    top = [x for x in reader.outline if not isinstance(x, list)]
    titles = [x.title for x in top]
    for doc in edition.docs:
        assert any(t.startswith(printhtml.page_title(doc)[0]) for t in titles), doc.slug
    for label in ("Inhoud", "Woordenlijst", "Bibliografie", "Apparaat"):
        assert label in titles
    assert any(isinstance(x, list) for x in reader.outline), "sections nest under their text"


def test_two_builds_give_the_same_bytes(pdfs, edition, tmp_path):
    out, _ = pdfs
    url = site_url(ROOT)
    make_pdf(edition, None, url, EPOCH, tmp_path, ROOT)
    slug = edition.docs[-2].slug
    make_pdf(edition, slug, url, EPOCH, tmp_path, ROOT)
    assert (tmp_path / EDITION_PDF).read_bytes() == (out / EDITION_PDF).read_bytes()
    assert (tmp_path / f"{slug}.pdf").read_bytes() == (out / f"{slug}.pdf").read_bytes()


# --- the fidelity check on PDF text, with text made to measure --------------------------------

@pytest.fixture(scope="module")
def doc(edition):
    return min(edition.docs, key=lambda d: len(d.lines))


def _page(words: list[str], per_line: int = 9) -> list[str]:
    return [" ".join(words[i:i + per_line]) for i in range(0, len(words), per_line)]


def _check(doc, lines: list[str], known: set[str]) -> list:
    return pdffidelity.compare(doc, pdffidelity.pdf_tokens("\n".join(lines)), known, "test.pdf")


def test_pdf_text_faithful_with_additions_passes(doc):
    words = [t.word for t in expected_tokens(doc)]
    lines = ["Oorlog in Oekraïne 7", *_page(words[:40]), "1. Toelichting een noot", *_page(words[40:])]
    assert _check(doc, lines, set(words) | {"Oorlog", "in", "Oekraïne", "Toelichting", "een", "noot"}) == []


def test_pdf_text_word_broken_by_layout_across_a_page_passes(doc):
    words = [t.word for t in expected_tokens(doc)]
    i = next(i for i, w in enumerate(words) if len(w) >= 8)
    w = words[i]
    lines = [" ".join(words[:i]) + " " + w[:4] + "\u2010", "2. Bron noot onderaan", "Kop 8",
             w[4:] + " " + " ".join(words[i + 1:])]
    assert _check(doc, lines, set(words) | {"Bron", "noot", "onderaan", "Kop"}) == []


def test_pdf_text_word_broken_before_long_notes_continues_on_the_next_page(doc):
    # However many words the notes at the foot of the page have, the rest of the word is on the
    # next page (pdftotext ends each page with a form feed).
    words = [t.word for t in expected_tokens(doc)]
    i = next(i for i, w in enumerate(words) if len(w) >= 8)
    w = words[i]
    notes = _page(["noot"] * 900)
    lines = [" ".join(words[:i]) + " " + w[:4] + "\u2010", *notes, "\fKop 8", w[4:] + " " + " ".join(words[i + 1:])]
    assert _check(doc, lines, set(words) | {"noot", "Kop"}) == []


def test_pdf_text_word_broken_with_its_rest_two_pages_on_fails(doc):
    words = [t.word for t in expected_tokens(doc)]
    i = next(i for i, w in enumerate(words) if len(w) >= 8 and w[4:] not in words)
    w = words[i]
    lines = [" ".join(words[:i]) + " " + w[:4] + "\u2010", "\fKop 8", "\fKop 9", w[4:] + " " + " ".join(words[i + 1:])]
    problems = _check(doc, lines, set(words) | {"Kop"})
    assert problems and w in problems[0].what


def test_pdf_text_with_note_call_glued_to_a_word_passes(doc):
    words = [t.word for t in expected_tokens(doc)]
    glued = words[:5] + [words[5] + "3"] + words[6:]
    assert _check(doc, _page(glued), set(words)) == []


def test_pdf_text_missing_a_word_fails(doc):
    words = [t.word for t in expected_tokens(doc)]
    problems = _check(doc, _page(words[:30] + words[31:]), set(words))
    assert problems and "ontbreekt" in problems[0].what and words[30] in problems[0].what


def test_pdf_text_with_a_foreign_word_fails(doc):
    words = [t.word for t in expected_tokens(doc)]
    problems = _check(doc, _page(words[:30] + ["Xylofoonmuziek"] + words[30:]), set(words))
    assert problems and "Xylofoonmuziek" in problems[0].what


def test_pdf_text_with_a_real_hyphen_at_line_end_is_not_joined(doc):
    tokens = pdffidelity.pdf_tokens("het NAVO-\nlidmaatschap en anti‐\noorlog")
    assert [(t.word, t.broken) for t in tokens] == [
        ("het", False), ("NAVO", False), ("lidmaatschap", False), ("en", False), ("anti", True), ("oorlog", False)]


# --- a note WeasyPrint would move off the page of its call --------------------------------------

_WORDS = ("de oorlog in het oosten van het land duurde langer dan iedereen had verwacht en de gevolgen "
          "waren groot").split()


def _words(n: int, start: int = 0) -> str:
    return " ".join(_WORDS[(start + i) % len(_WORDS)] for i in range(n))


def _noted_text(lead_words: int) -> str:
    """A paragraph with a long note, then paragraphs enough for two pages: for some lengths of
    the first paragraph, a later paragraph starts at the foot of page 1, and WeasyPrint moves the
    note to page 2 to make room for that paragraph's first line."""
    paras = [f'<p class="p" id="t--p1">{_words(lead_words)}<a class="fn-call" id="fnref-t-1"></a>'
             f'<span class="footnote" id="fn-t-1">{_words(60, 3)}</span> {_words(12, 5)}</p>']
    paras += [f'<p class="p" id="t--p{i}">{_words(90, i)}</p>' for i in range(2, 8)]
    return '<html lang="nl"><body><section class="text" data-title="t">' + "".join(paras) + "</section></body></html>"


def _weasyprint_alone(layout, html: str, extra_css: str = ""):
    """`layout.render` as WeasyPrint alone makes it: without `_notes_stay_with_their_call`."""
    import contextlib
    from unittest import mock

    from edition.typeset import pdf

    with mock.patch.object(pdf, "_notes_stay_with_their_call", contextlib.nullcontext):
        return layout.render(html, extra_css)


@pytest.fixture(scope="module")
def note_cases():
    """Lengths of the first paragraph for which WeasyPrint alone moves the note off its page."""
    from edition.typeset import pdf

    layout = pdf._Layout(ROOT)
    cases = [n for n in range(360, 400, 6) if pdf._misplaced_note(_weasyprint_alone(layout, _noted_text(n)))]
    assert cases, "no length of the first paragraph made WeasyPrint move the note: widen the range"
    return layout, cases


def test_notes_stay_on_the_page_of_their_call_in_one_layout(note_cases):
    from edition.typeset import pdf

    layout, cases = note_cases
    for n in cases:
        html = _noted_text(n)
        ours = layout.render(html)
        pages = pdf._anchor_pages(ours)
        assert pdf._misplaced_note(ours) is None and pages["fn-t-1"] == pages["fnref-t-1"] == 0
        # The same as moving the paragraph whose first line WeasyPrint kept to the next page.
        alone = _weasyprint_alone(layout, html)
        culprit = pdf._last_block_starting_on(alone, 0, [])
        moved = _weasyprint_alone(layout, html, f'[id="{culprit}"] {{ break-before: page; }}')
        assert ours.write_pdf() == moved.write_pdf()


def test_a_note_still_off_its_page_makes_its_paragraph_move(note_cases, monkeypatch):
    # The fallback in `lay_out`, for a case `_notes_stay_with_their_call` would not cover.
    import contextlib

    from edition.typeset import pdf

    layout, cases = note_cases
    monkeypatch.setattr(pdf, "_notes_stay_with_their_call", contextlib.nullcontext)
    part = pdf.Part(_noted_text(cases[0]), 1)
    pdf.lay_out(layout, part, "test")
    assert part.moved and pdf._misplaced_note(part.document) is None
    pages = pdf._anchor_pages(part.document)
    assert pages["fn-t-1"] == pages["fnref-t-1"] == 0
    assert pages[part.moved[0]] == 1  # the paragraph that made room for itself now starts page 2


def test_the_cover_counts_the_texts_and_their_years_from_the_metadata(edition):
    """Not a sentence written for the first four texts: an edition of one text, or of twelve, says so."""
    cover = printhtml.edition_parts(edition, site_url(ROOT), EPOCH)[0]
    assert "Vier Nederlandstalige teksten over de Russische oorlog tegen Oekraïne, 2022–2025" in cover
    one = edition.docs[0]
    year = str(one.meta["date"]["iso"])[:4]
    assert printhtml._subject([one]) == f"Één Nederlandstalige tekst over de Russische oorlog tegen Oekraïne, {year}"
    assert printhtml._subject(edition.docs * 3).startswith("Twaalf Nederlandstalige teksten")

"""Print HTML → PDF with WeasyPrint: fonts embedded, tagged (PDF/UA-1), reproducible.

A PDF is bound from one or more print documents (printhtml: the front matter, each text, each
section of the back matter), laid out one after the other: each part knows the page number it
starts on, an empty leaf is put in where the next part must start on a right-hand page, and once
every part is laid out (or its pages and anchors are known from build/cache/: `PartStore`) the
page numbers of all references are filled in (`fill_page_refs`).  Each part is then written as a
PDF of its own, or taken from build/cache/ when its HTML, first page and the page numbers it
names are unchanged, and the parts are bound into one PDF (bind.py).  Notes stay on the
page of their call: WeasyPrint would move them to the next page to fit the first line of a
paragraph at the foot of a page; during layout that is turned off (`_notes_stay_with_their_call`),
so the paragraph moves instead.  Each part is still checked, and should a note be off its page,
the paragraph that caused it is moved to the next page and the part laid out again.

Reproducible: the dates in the PDF come from the print HTML (`dcterms.created`, set from the
sources' last commit), the file identifier is a hash of the HTML, and WeasyPrint draws nothing
random; two builds of the same sources give the same bytes (tested).
"""

from __future__ import annotations

import functools
import gc
import hashlib
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Callable, Sequence

from edition.errors import EditionError, Problem, logged_warnings
from edition.checks.glyphs import missing_glyph_problems
from edition.typeset.bind import FLATE_LEVEL  # zlib's level for every stream of the PDFs (see _pydyf_memos)
from edition.typeset.printhtml import PAGE_REF_CLASS

# Debian's fonts-sil-charis (installed by scripts/install-system-deps.sh).  The files are named
# explicitly so that a missing font stops the build instead of falling back to another face.
FONT_DIRS = (Path("/usr/share/fonts/truetype/charis"),)
FONT_FILES = {("normal", "normal"): "CharisSIL-Regular.ttf", ("normal", "bold"): "CharisSIL-Bold.ttf",
              ("italic", "normal"): "CharisSIL-Italic.ttf", ("italic", "bold"): "CharisSIL-BoldItalic.ttf"}
PDF_VARIANT = "pdf/ua-1"


def font_dir() -> Path:
    for d in FONT_DIRS:
        if all((d / f).is_file() for f in FONT_FILES.values()):
            return d
    raise EditionError(Problem("src/edition/pdf.py", "het lettertype Charis SIL ontbreekt (gezocht in "
                               + ", ".join(str(d) for d in FONT_DIRS) + ").",
                               "Installeer het Debian-pakket fonts-sil-charis: bash scripts/install-system-deps.sh"))


def stylesheet() -> str:
    faces = []
    directory = font_dir()
    for (style, weight), name in sorted(FONT_FILES.items()):
        faces.append(f'@font-face {{ font-family: "Charis SIL"; font-style: {style}; font-weight: {weight}; '
                     f'src: url("{(directory / name).as_uri()}"); }}')
    css = resources.files("edition").joinpath("assets/print.css").read_text("utf-8")
    return "\n".join(faces) + "\n" + css


class _Layout:
    """One FontConfiguration and stylesheet for all parts of a PDF (the fonts are loaded once)."""

    def __init__(self, base_url: Path) -> None:
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        self.base_url = base_url
        self.fonts = FontConfiguration()
        self.css = CSS(string=stylesheet(), font_config=self.fonts)

    def parse(self, html: str):
        from weasyprint import HTML

        return HTML(string=html, base_url=str(self.base_url))

    def render(self, html, extra_css: str = ""):
        """A laid-out WeasyPrint document (pages, anchors) for `html` (a string, or what `parse`
        made of one: a part laid out again is not parsed again)."""
        from weasyprint import CSS

        parsed = self.parse(html) if isinstance(html, str) else html
        sheets = [self.css] + ([CSS(string=extra_css, font_config=self.fonts)] if extra_css else [])
        with _notes_stay_with_their_call():
            return parsed.render(stylesheets=sheets, font_config=self.fonts)

    def __enter__(self) -> "_Layout":
        return self

    def __exit__(self, *exc) -> None:
        """Remove the copies of the fonts WeasyPrint wrote to a temporary folder for the
        @font-face rules.  It removes them itself only when the FontConfiguration is collected,
        which a PDF worker never lives to see (a pool's worker ends with os._exit, and what the
        layouts hold is frozen, `_laid_out_parts_frozen`): each worker left 3 MB in /tmp.
        `_folder` is WeasyPrint's own attribute (weasyprint is pinned exactly)."""
        import shutil

        folder = getattr(self.fonts, "_folder", None)
        if folder:
            shutil.rmtree(folder, ignore_errors=True)
            self.fonts._folder = None


# WeasyPrint's structure tree gives every piece of text (each text box: a line of a paragraph, a
# word in italics) a structure element of its own, a /Span holding one marked-content id, except in
# a link, whose element holds its ids itself.  The Span adds nothing a reader or a screen reader can
# use (no attributes, no role beyond "inline"), and it was half of all objects of the whole edition
# (136,000 of 273,000 at 160 texts): every one written, hashed and compressed in its part, then
# parsed, copied and written again by the binder.  Held by the element the text is in, as in a
# link, the ids keep their order among that element's children and the parent tree maps each to
# it; an element is made per page (add_tags walks the boxes page by page), so its /Pg is the page
# of every id it holds.
_SPAN_BRANCH = "                if tag == 'Link':\n                    # Associate MCID directly with link reference.\n"
_EVERY_ELEMENT = "                if True:  # edition: every element holds its text's ids itself (pdf.py)\n"


@functools.cache
def _box_tree_without_spans():
    """WeasyPrint's `tags._build_box_tree` (weasyprint pinned exactly) with its link branch taken
    for every text box, made from its own source so that nothing else of it differs; its calls of
    itself reach this copy (its globals are a copy of the module's, with this function in them).
    A WeasyPrint whose source differs stops the build here instead of tagging differently."""
    import inspect

    from weasyprint.pdf import tags

    source = inspect.getsource(tags._build_box_tree)
    if source.count(_SPAN_BRANCH) != 1:
        raise EditionError(Problem("requirements.lock", "deze versie van WeasyPrint bouwt de structuur van een "
                                   "pdf anders dan pdf.py verwacht (tags._build_box_tree).",
                                   "Zet WeasyPrint terug op de versie uit requirements.lock, of pas "
                                   "_box_tree_without_spans in pdf.py aan de nieuwe versie aan."))
    namespace = dict(vars(tags))
    exec(compile(source.replace(_SPAN_BRANCH, _EVERY_ELEMENT), tags.__file__, "exec"), namespace)
    return namespace["_build_box_tree"]


@contextmanager
def _text_ids_in_their_element():
    """While a PDF is written: the structure tree without a /Span per piece of text (above)."""
    from weasyprint.pdf import tags

    original = tags._build_box_tree
    tags._build_box_tree = _box_tree_without_spans()
    try:
        yield
    finally:
        tags._build_box_tree = original


@contextmanager
def _notes_stay_with_their_call():
    """While laying out: when the first line of a paragraph does not fit at the foot of a page,
    WeasyPrint moves the notes of earlier lines to the next page to make room for it
    (`layout.block._linebox_layout`, the `report` branch), so a note leaves the page of its call.
    That branch is skipped for multi-column layout (`context.in_column`); here it is skipped
    always: the paragraph then goes to the next page (orphans), the notes stay.  The result is
    what `lay_out` gets by moving the paragraph and laying the part out again (tested: the same
    bytes), in one pass.  Only the read of `in_column` in that function's own frame is
    answered True; every other reader (the footnote area, column breaks) sees the real value.
    weasyprint is pinned exactly; `lay_out` still checks every note and moves paragraphs if a
    note is ever off its page for another reason."""
    import sys

    from weasyprint.layout import LayoutContext, block

    branch = block._linebox_layout.__code__

    def read(context):
        return sys._getframe(1).f_code is branch or context.__dict__.get("_in_column", False)

    def write(context, value):
        context.__dict__["_in_column"] = value

    LayoutContext.in_column = property(read, write)
    try:
        yield
    finally:
        del LayoutContext.in_column


@dataclass
class Part:
    html: str  # as laid out (in a book of several parts: `bind.between_parts` of the print HTML)
    first_page: int
    document: object = None  # the laid-out WeasyPrint document, while it is needed
    moved: list[str] = field(default_factory=list)  # ids of paragraphs pushed to a new page
    count: int = 0  # pages
    anchors: dict[str, int] = field(default_factory=dict)  # anchor → page index within the part
    from_cache: bool = False  # its PDF came from build/cache/ (`PartStore`)
    data: bytes | None = None  # its PDF, once written
    name: str = ""  # its name in build/cache/ (`part_name`)
    written: tuple | None = None  # the key of `data` (`_part_key`), once written or taken from the store


@dataclass
class Written:
    """What `write_pdf` made: the number of pages, the print documents used and the parts (each
    with its first page and its PDF: the whole edition is checked part by part, printbuild)."""
    pages: int
    htmls: list[str]
    parts: list[Part]

    @property
    def cached(self) -> int:
        return sum(p.from_cache for p in self.parts)


class PartStore:
    """The parts of a book in build/cache/ (kind "pdfpart"): for each, what its layout gave (pages,
    anchors, the paragraphs moved for their notes), keyed on its HTML; and its PDF, keyed on its
    HTML, the page it starts on and the page numbers its references name.  Both also depend on the
    code, the installed distributions (WeasyPrint) and the fonts (`cache.fonts_digest`).  A part's
    layout does not depend on the page it starts on: every part starts on a right-hand page, and
    the page number in its margin is laid out in a box of its own."""

    def __init__(self, cache) -> None:
        from edition import cache as build_cache

        self.cache = cache
        self.common = (build_cache.code_digest(), build_cache.environment_digest(), build_cache.fonts_digest())
        self.names: set[str] = set()

    def _key(self, *parts) -> str:
        from edition.cache import digest

        return digest("pdfpart", self.common, *parts)

    def layout(self, name: str, html: str):
        self.names.add(name)
        return self.cache.get_object("pdfpart", name, self._key(html))

    def put_layout(self, name: str, html: str, part: Part) -> None:
        self.cache.put_object("pdfpart", name, self._key(html), (part.count, part.anchors, part.moved))

    def pdf(self, name: str, key: tuple) -> bytes | None:
        self.names.add(name + ".pdf")
        return self.cache.get("pdfpart", name + ".pdf", self._key(*key))

    def put_pdf(self, name: str, key: tuple, data: bytes) -> None:
        self.cache.put("pdfpart", name + ".pdf", self._key(*key), data)

    def prepared(self, name: str, key: tuple):
        """A part as the binder prepared it for its place in the book (bind.Prepared), or None."""
        self.names.add(name + ".bound")
        return self.cache.get_object("pdfpart", name + ".bound", self._key(*key))

    def put_prepared(self, name: str, key: tuple, prepared) -> None:
        self.cache.put_object("pdfpart", name + ".bound", self._key(*key), prepared)

    def check(self, name: str, key: tuple):
        """The fidelity check's problems on a part (printbuild.check_parts), or None."""
        self.names.add(name + ".check")
        return self.cache.get_object("pdfpart", name + ".check", self._key(*key))

    def put_check(self, name: str, key: tuple, problems: list) -> None:
        if not problems:  # a failed check is said again at every build until it is repaired
            self.cache.put_object("pdfpart", name + ".check", self._key(*key), problems)

    def forget_others(self) -> None:
        """Remove the entries of parts the book no longer has (a text taken out)."""
        self.cache.keep_only("pdfpart", self.names)


def part_name(html: str, index: int) -> str:
    """A name for a part that stays when texts are added before it: the first id in its body."""
    found = _ID.search(html, max(html.find("<body"), 0))
    return found.group(1) if found else f"deel-{index}"


def _part_css(part: Part) -> str:
    rules = [f"@page :first {{ counter-reset: page {part.first_page}; }}"] if part.first_page > 1 else []
    rules += [f'[id="{i}"] {{ break-before: page; }}' for i in part.moved]
    return "\n".join(rules)


def _anchor_pages(document, first_page: int = 0) -> dict[str, int]:
    """Each anchor (HTML id) → the page it is on, counted from `first_page`."""
    pages: dict[str, int] = {}
    for offset, page in enumerate(document.pages):
        for name in page.anchors:
            pages.setdefault(name, first_page + offset)
    return pages


def _misplaced_note(document) -> tuple[str, int] | None:
    """The first note not on the page of its call: (note id, page index of the call)."""
    where = _anchor_pages(document)
    for name, index in where.items():
        if name.startswith("fnref-") and where.get("fn-" + name[len("fnref-"):]) != index:
            return name[len("fnref-"):], index
    return None


def _last_block_starting_on(document, index: int, skip: list[str]) -> str | None:
    """The id of the last paragraph that starts on page `index` (the one whose first line made
    WeasyPrint move the note): numbered blocks have ids `<slug>--<id>`."""
    names = [n for n in document.pages[index].anchors if "--" in n and not n.startswith(("fn", "apparaat"))]
    names = [n for n in names if n not in skip]
    return names[-1] if names else None


def lay_out(layout: _Layout, part: Part, where: str) -> None:
    """Lay out `part`, moving paragraphs until every note is on the page of its call (starting from
    the paragraphs in `part.moved`: a part laid out again from what the cache says moves them at once)."""
    parsed = layout.parse(part.html)
    while True:
        part.document = layout.render(parsed, _part_css(part))
        misplaced = _misplaced_note(part.document)
        if misplaced is None:
            part.count, part.anchors = len(part.document.pages), _anchor_pages(part.document)
            return
        note, index = misplaced
        culprit = _last_block_starting_on(part.document, index, part.moved)
        if culprit is None or len(part.moved) >= 20:
            raise EditionError(Problem(where, f"noot {note} staat niet op de pagina van zijn verwijzing "
                                       f"(p. {part.first_page + index}), en geen alinea om te verplaatsen.",
                                       "Maak de noot korter of meld dit als fout in pdf.py."))
        part.moved.append(culprit)


def anchor_pages(parts: list[Part]) -> dict[str, int]:
    """Each anchor → its page number in the bound PDF."""
    pages: dict[str, int] = {}
    for part in parts:
        for name, index in part.anchors.items():
            pages.setdefault(name, part.first_page + index)
    return pages


def _slot_boxes(box, ancestors: tuple = ()):
    """(.pref box, its ancestors from the page down) for every page-number slot under `box`."""
    element = getattr(box, "element", None)
    if (element is not None and getattr(box, "element_tag", None) in ("span", "a")
            and PAGE_REF_CLASS in (element.get("class") or "").split()):
        yield box, ancestors
        return
    for child in getattr(box, "children", ()):
        yield from _slot_boxes(child, (*ancestors, box))


def _close_gap(ancestors: tuple, after: float, shift: float) -> None:
    """Move what follows a slot on its line left by `shift` (the slot got fewer figures)."""
    from weasyprint.formatting_structure.boxes import LineBox

    line = next((a for a in reversed(ancestors) if isinstance(a, LineBox)), None)
    if line is None:
        return

    def move(box) -> None:
        for child in getattr(box, "children", ()):
            if child.position_x >= after - 0.01:
                child.translate(dx=-shift)
            elif child in ancestors:
                move(child)
    move(line)


def fill_page_refs(document, pages: dict[str, int]) -> int:
    """Put the page number of each target into its placeholder slot (printhtml.page_refs).

    The slot was laid out as zeros; the figures of the font all have the same advance, so the
    number fits without a new layout.  A shorter number closes up: what follows on the line moves
    left (page references stand in left-aligned text); in the table of contents
    (`data-align="right"`) the number is set flush right instead.  Works on WeasyPrint's laid-out
    boxes (`TextBox.text`, its Pango layout's text, positions), which is why weasyprint is pinned
    exactly; the tests read the numbers back from the PDF.  Returns the number of slots filled."""
    from weasyprint.anchors import gather_anchors
    from weasyprint.formatting_structure import boxes

    filled = 0
    for page in document.pages:
        slots = list(_slot_boxes(page._page_box))
        for box, ancestors in slots:
            target = box.element.get("data-ref")
            if target not in pages:
                raise EditionError(Problem("print", f"verwijzing naar #{target}, maar die plek staat niet in de pdf.",
                                           "Controleer printhtml.PrintResolver: hij mag alleen naar ids in het "
                                           "document verwijzen."))
            (slot,) = [c for c in box.children if isinstance(c, boxes.TextBox)]
            number = str(pages[target])
            if len(number) > len(slot.text):
                raise EditionError(Problem("print", f"paginanummer {number} past niet in zijn plaats "
                                           f"({len(slot.text)} cijfers).", "Meld dit als fout in pdf.py."))
            shift = slot.width * (len(slot.text) - len(number)) / len(slot.text)
            end = slot.position_x + slot.width
            slot.text = slot.pango_layout.text = number
            slot.width -= shift
            if box.element.get("data-align") == "right":
                slot.position_x += shift
            elif shift:
                box.width -= shift
                _close_gap((*ancestors, box), end, shift)
            filled += 1
        if slots:
            # The links' rectangles were taken when the page was made; what moved left (and a
            # number that is itself a link) needs them again.
            links: list = []
            gather_anchors(page._page_box, {}, links, [], {None: []})
            page.links = links
    return filled


LEAF = '<html lang="nl"><body><div class="leaf"></div></body></html>'  # an empty left-hand page


def _write_part(part: Part, pages: dict[str, int], where: str, identifier: bytes) -> bytes:
    """The PDF of one laid-out part, its page-number slots filled from `pages`."""
    filled = fill_page_refs(part.document, pages)
    slots = part.html.count(f'class="{PAGE_REF_CLASS}"')
    if filled != slots:
        raise EditionError(Problem(where, f"{filled} van {slots} paginanummers van verwijzingen ingevuld.",
                                   "Meld dit als fout in pdf.py."))
    with _pydyf_memos(), _text_ids_in_their_element():
        return part.document.write_pdf(pdf_variant=PDF_VARIANT, pdf_identifier=identifier)


def _part_pdfs(layout: _Layout, book: "_Book", where: str, store: PartStore | None) -> list[tuple[str, bytes]]:
    """The name and PDF of every part of `book` in order, an empty leaf before each part that would
    start on a left-hand page.  From `store` where a part, the page it starts on and the page
    numbers its references name are unchanged; a part laid out from the store's figures alone is
    laid out now.  Each part's layout is let go once it is written."""
    out: list[tuple[str, bytes]] = []
    written = 0
    leaf = None
    for part in book.parts:
        if part.first_page > written + 1:
            leaf = leaf or _leaf(layout, store)
            out.append((f"leeg-blad-voor-{part.name}", leaf))
            written += 1
        _pdf_of(part, book.pages, where, store, layout)
        out.append((part.name, part.data))
        written += part.count
    return out


def _pdf_of(part: Part, pages: dict[str, int], where: str, store: PartStore | None, layout: _Layout | None) -> None:
    """`part.data`: the part's PDF with the page numbers `pages` (unless it holds that one already,
    written as soon as it was laid out), from `store` or written (laid out first with `layout` if
    its layout was let go); its layout is let go."""
    key, identifier = _part_key(part, pages)
    if part.data is not None and part.written == key:
        return
    data = store.pdf(part.name, key) if store is not None else None
    part.from_cache = data is not None
    if data is None:
        if part.document is None:
            lay_out(layout, part, where)
        data = _write_part(part, pages, where, identifier)
        if store is not None:
            store.put_pdf(part.name, key, data)
    part.document, part.data, part.written = None, data, key


def _leaf(layout: _Layout, store: PartStore | None) -> bytes:
    data = store.pdf("leeg-blad", (LEAF,)) if store is not None else None
    if data is None:
        part = Part(LEAF, 1, document=layout.render(LEAF))
        data = _write_part(part, {}, "leeg blad", b"0" * 32)
        if store is not None:
            store.put_pdf("leeg-blad", (LEAF,), data)
    return data


def _stream_bytes(stream) -> bytes:
    """What pydyf's `Stream.data` gives (pydyf 0.13: the items joined by line ends, /Filter and
    /Length added to its dictionary), compressed at `FLATE_LEVEL` instead of 9."""
    import zlib

    import pydyf

    body = b"\n".join(pydyf._to_bytes(item) for item in stream.stream)
    extra = pydyf.Dictionary(stream.extra.copy())
    if stream.compress:
        extra["Filter"] = "/FlateDecode"
        deflate = zlib.compressobj(level=FLATE_LEVEL)
        body = deflate.compress(body) + deflate.flush()
    extra["Length"] = len(body)
    return b"\n".join((extra.data, b"stream", body, b"endstream"))


@contextmanager
def _pydyf_memos():
    """Speed, same bytes: two values pydyf computes anew on every use are kept while the PDF is
    written.

    - `PDF.page_references` (one entry per page): WeasyPrint's PDF/UA tagging asks for it once per
      tagged element; for the whole edition that was a second of the build.  Kept until a page is
      added.
    - `Stream.data` (the compressed bytes of a page, a font, …): with a file identifier, pydyf
      serialises every object once to hash it and again to write it, so each stream was
      compressed twice.  Nothing changes a stream while `PDF.write` runs, so the first result is
      kept for the duration of that call only.

    Not the same bytes, on purpose: a stream is compressed at zlib's level 6 (`FLATE_LEVEL`), not
    pydyf's 9 — on the edition's pages 9 took 3.6× as long for 2 % fewer bytes, and deflating was
    a twentieth of the CPU time of every PDF.  Any level gives the same stream when inflated."""
    import pydyf

    references, data, write = pydyf.PDF.page_references, pydyf.Stream.data, pydyf.PDF.write
    written: dict[int, tuple[object, bytes]] = {}  # id(stream) → (stream, bytes), only inside write

    def page_references(pdf):
        kids = len(pdf.pages["Kids"])
        cached = pdf.__dict__.get("_edition_page_references")
        if cached is None or cached[0] != kids:
            cached = pdf.__dict__["_edition_page_references"] = (kids, references.fget(pdf))
        return cached[1]

    def stream_data(stream):
        if not writing:
            return _stream_bytes(stream)
        kept = written.get(id(stream))
        if kept is None or kept[0] is not stream:
            kept = written[id(stream)] = (stream, _stream_bytes(stream))
        return kept[1]

    writing = False

    def write_once(pdf, *args, **kwargs):
        nonlocal writing
        writing = True
        try:
            return write(pdf, *args, **kwargs)
        finally:
            writing = False
            written.clear()

    pydyf.PDF.page_references, pydyf.Stream.data = property(page_references), property(stream_data)
    pydyf.PDF.write = write_once
    try:
        yield
    finally:
        pydyf.PDF.page_references, pydyf.Stream.data, pydyf.PDF.write = references, data, write


# --- the width of the page-number slots ------------------------------------------------------
#
# A slot is laid out as zeros and filled in afterwards (`fill_page_refs`), so its width must be
# chosen before layout: the book is laid out with the fewest figures (two at least) that hold the
# highest page number referred to.  Trying 2, then 3, then 4 laid a book of more than 99 pages out
# twice.  Instead the highest page referred to is estimated from the amount of text before each
# target, the book is laid out once with that many figures, and the result is checked: too narrow,
# one figure more (as before); wider than needed, one figure less.  The result is the layout the
# plain 2-3-4 search gives, one layout in the usual case.

SLOT_DIGITS = (2, 3, 4)
CHARS_PER_PAGE = 3200  # visible characters of print HTML on a page of the edition, on average
# A layout with one figure more whose highest referred page is at least this far above the
# smallest number needing that figure (100, 1000) is kept without trying one figure less: the
# narrower slots can move a page break, and with it the parts after it, by a few pages at most.
SURE_MARGIN = 0.1

_ID = re.compile(r'\bid="([^"]*)"')
_SLOT_REF = re.compile(rf'class="{PAGE_REF_CLASS}" data-ref="([^"]*)"')
_MARKUP = re.compile(r"<[^>]*>|&[#\w]+;|[^<&]+")


def expected_highest_page(htmls: list[str]) -> int:
    """An estimate of the highest page number a slot will hold: each target's page from the
    visible characters before it (parts after the first start on a right-hand page)."""
    targets = {t for h in htmls for t in _SLOT_REF.findall(h)}
    highest, first = 1, 1
    for html in htmls:
        chars = 0
        for m in _MARKUP.finditer(html):
            token = m.group(0)
            if token[0] == "<":
                found = _ID.search(token)
                if found and found.group(1) in targets:
                    highest = max(highest, first + chars // CHARS_PER_PAGE)
            else:
                chars += 1 if token[0] == "&" else len(token)
        first += chars // CHARS_PER_PAGE + 1
        first += first % 2 == 0
    return highest


def _digits_for(number: int) -> int:
    return max(SLOT_DIGITS[0], len(str(number)))


@dataclass
class _Book:
    htmls: list[str]
    parts: list[Part]
    pages: dict[str, int]  # anchor → page number
    highest: int  # the highest page number a slot refers to


@contextmanager
def _laid_out_parts_frozen():
    """Speed, same bytes: the laid-out parts of a book are kept until the PDF is written (≈ 1.5 MB
    of boxes a page), and Python's cyclic garbage collector walked all of them again at each full
    collection, more often and longer as the book grew: a fifth of the time of the edition at 40
    texts.  After each part but the last, its garbage (the layouts thrown away when a paragraph was
    moved) is collected and what stays is frozen (`gc.freeze`: left out of later collections,
    still freed by reference counting).  If anything was frozen, all is unfrozen once the PDF is
    written, so that its pages can be collected; what the caller had frozen before (a PDF worker
    freezes the build's model, printbuild) is unfrozen with it, and the caller freezes it again."""
    froze = []  # whether `keep` ran (the freeze count alone says nothing: frozen objects are freed too)

    def keep() -> None:
        gc.collect()
        gc.freeze()
        froze.append(True)

    try:
        yield keep
    finally:
        if froze:
            gc.unfreeze()


# The laid-out parts of a book are kept until every part's pages are known (the page numbers its
# references name), ≈ 1.1 MB of boxes a page of text: the whole edition at 160 texts held 1.3 GB.
# Past this many pages a part keeps only its pages and anchors, and is laid out again when it is
# written (`_part_pdfs`; the same HTML and first page give the same layout): more CPU for a book
# built from nothing past that size, memory that stops growing with it.  Room is left for the
# largest part laid out meanwhile: a register of 73 pages took 250 MB (its loci are links), and
# with 450 pages held the process reached 1.09 GB at 160 texts.  Only parts that name pages not
# yet known (the contents, a text that refers to the apparatus or to a later text, the back matter)
# are held: the others are written as soon as they are laid out (`_write_early`).
HELD_PAGES = 300


def _lay_out_book(layout: _Layout, htmls: list[str], where: str, keep=lambda: None,
                  store: PartStore | None = None, digits: int = SLOT_DIGITS[-1]) -> _Book:
    """Every part laid out, one after the other (the page-number slots still zeros), or its pages
    and anchors taken from `store` (then it is laid out only if its PDF is not there either:
    `_part_pdfs`); `keep` is called after each part laid out but the last (see
    `_laid_out_parts_frozen`); a part whose references name only pages known already is written at
    once (`_write_early`; `digits`: the figures of the slots); past `HELD_PAGES` a part's layout is
    let go.  A part of a book of several is laid out with its links to the other parts marked
    (`bind.between_parts`)."""
    from edition.typeset.bind import between_parts

    parts: list[Part] = []
    next_page = 1
    held = 0  # pages of the laid-out parts kept for writing
    known_pages: dict[str, int] = {}  # the anchors of the parts so far → their pages (final in this book)
    for index, html in enumerate(htmls):
        if parts and next_page % 2 == 0:
            next_page += 1  # every part after the first starts on a right-hand page
        part = Part(between_parts(html) if len(htmls) > 1 else html, next_page)
        part.name = part_name(part.html, index)
        known = store.layout(part.name, part.html) if store is not None else None
        if known is not None:
            part.count, part.anchors, part.moved = known
        else:
            lay_out(layout, part, where)
            if store is not None:
                store.put_layout(part.name, part.html, part)
        for name, page_index in part.anchors.items():
            known_pages.setdefault(name, part.first_page + page_index)
        early = part.document is not None and len(htmls) > 1 and _write_early(part, known_pages, digits, where, store)
        if part.document is not None and not early:
            held += part.count
            if held > HELD_PAGES and len(htmls) > 1:
                part.document = None  # its pages and anchors are known: laid out again when written
                held -= part.count
        if known is None and index < len(htmls) - 1:
            keep()  # not after the last: nothing is laid out after it (a hand-out has one part)
        parts.append(part)
        next_page += part.count
    pages = anchor_pages(parts)
    targets = {t for h in htmls for t in _SLOT_REF.findall(h)}
    return _Book(htmls, parts, pages, max((pages[t] for t in targets if t in pages), default=0))


def _part_key(part: Part, pages: dict[str, int]) -> tuple[tuple, bytes]:
    """A part's PDF's key in the store (its HTML, first page and the page numbers its references
    name) and the file identifier made from it."""
    fills = tuple(pages.get(t, 0) for t in _SLOT_REF.findall(part.html))
    key = (part.html, part.first_page, fills)
    return key, hashlib.sha256(repr(key).encode("utf-8")).hexdigest()[:32].encode()


def _write_early(part: Part, known: dict[str, int], digits: int, where: str, store: PartStore | None) -> bool:
    """Write a part of a book as soon as it is laid out when every page its references name is
    known already (in the parts before it or in itself) and fits its slots: its layout is let go at
    once instead of being held until the whole book is laid out — or, past `HELD_PAGES`, being laid
    out a second time, which in a book of 1,150 pages was three parts in four.  The PDF is the one
    `_part_pdfs` keeps (same key: the pages of earlier parts do not change in this book)."""
    if any(t not in known or len(str(known[t])) > digits for t in _SLOT_REF.findall(part.html)):
        return False
    _pdf_of(part, known, where, store, None)  # laid out: `layout` is not needed
    return True


def lay_out_once(layout: _Layout, make_parts: Callable[[int], list[str]], where: str,
                 keep=lambda: None, store: PartStore | None = None) -> tuple[int, _Book]:
    """(figures, the laid-out book) for the fewest figures whose slots hold every page number
    referred to, starting from the estimate (see above)."""
    made = {SLOT_DIGITS[0]: make_parts(SLOT_DIGITS[0])}
    digits = min(_digits_for(expected_highest_page(made[SLOT_DIGITS[0]])), SLOT_DIGITS[-1])
    books: dict[int, _Book] = {}
    while digits not in books:
        if digits not in made:
            made[digits] = make_parts(digits)
        book = books[digits] = _lay_out_book(layout, made[digits], where, keep, store, digits)
        if _digits_for(book.highest) > digits:
            if digits == SLOT_DIGITS[-1]:
                raise EditionError(Problem(where, "meer dan 9999 pagina's: geen plaats voor de paginanummers.",
                                           "Meld dit als fout in pdf.py."))
            digits += 1  # too narrow (the estimate was low): one figure more
        elif (digits > SLOT_DIGITS[0] and digits - 1 not in books
              and book.highest < 10 ** (digits - 1) * (1 + SURE_MARGIN)):
            digits -= 1  # the estimate may have been high: one figure less (this one is kept)
        else:
            return digits, book
    return digits, books[digits]


def _bind(pdfs: list[tuple[str, bytes]], where: str, store: PartStore | None) -> bytes:
    """The book bound from its parts (bind.py), each part's prepared form from `store` where the
    part and its range of object numbers are unchanged."""
    from edition.typeset import bind

    def prepared(index: int, data: bytes, base: int, first: bool, make):
        name = pdfs[index][0]
        key = (hashlib.sha256(data).hexdigest(), base, first)
        kept = store.prepared(name, key)
        if not isinstance(kept, bind.Prepared):
            kept = make()
            store.put_prepared(name, key, kept)
        return kept

    return bind.bind([data for _, data in pdfs], where, prepared if store is not None else None)


def write_pdf(make_parts: Callable[[int], list[str]], target: Path, base_url: Path,
              where: str, docs: Sequence = (), store: PartStore | None = None) -> Written:
    """Write `target` from `make_parts(digits)` (the print documents, page-number slots of `digits`
    figures), the parts from `store` where they are unchanged (build/cache/; None: every part laid
    out).  A book of several parts is bound
    from their PDFs (bind.py).  WeasyPrint warnings stop the build; a character no font has is
    traced to its line in `docs` (the texts in the PDF)."""
    with logged_warnings("weasyprint") as collected, _laid_out_parts_frozen() as keep, \
            _Layout(base_url) as layout:
        _digits, book = lay_out_once(layout, make_parts, where, keep, store)
        pdfs = _part_pdfs(layout, book, where, store)
    problems, other = missing_glyph_problems(list(dict.fromkeys(collected.messages)), docs, where)
    problems += [Problem(where, f"WeasyPrint: {m}", "Pas de print-CSS (src/edition/assets/print.css) "
                         "of de print-HTML (src/edition/printhtml.py) aan.") for m in other]
    if problems:
        raise EditionError(problems)
    data = pdfs[0][1] if len(pdfs) == 1 else _bind(pdfs, where, store)
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists() or target.read_bytes() != data:
        target.write_bytes(data)
    last = book.parts[-1]  # the leaves are counted in the first pages of the parts after them
    return Written(last.first_page + last.count - 1, book.htmls, book.parts)

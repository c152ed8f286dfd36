"""Binding: the PDFs of a book's parts, each laid out and written alone (pdf.py), into one PDF.

Why: the whole edition grows with every text, and laying it out again for a change in one note
took most of a build (25 s of 31 at 40 texts, minutes at 160).  A part's PDF depends only on its
own print HTML, the page it starts on and the page numbers its references name, so it is kept in
build/cache/ and only the parts that changed are laid out again; the book is bound from the parts.

What binding keeps of each part (WeasyPrint writes PDF/UA-1; a reader's viewer and a screen
reader must not see the seams):
- the pages, in order, with their links and resources (each part keeps its own font subsets);
- the structure tree: every part's structure elements under one `Document` element, the parent
  tree renumbered (pages 0…N-1, then the link annotations, as WeasyPrint numbers them);
- the named destinations (one sorted name tree) and the links *between* parts: in a part alone a
  link to another part's anchor would be dropped by WeasyPrint, so the part's HTML points it at
  `BETWEEN_PARTS` + anchor (`between_parts`), and binding turns it back into a link to that named
  destination — one that names no anchor of the book stops the build;
- the bookmarks (outlines) of all parts, one list;
- the first part's metadata (document information, XMP with the PDF/UA identification, language).

Deterministic: the parts are deterministic, qpdf writes them in a fixed order, and the file
identifier is a hash of the parts (`_with_identifier`).
"""

from __future__ import annotations

import hashlib
import io
import re
import warnings
from collections import Counter
from itertools import islice
from html import unescape
from urllib.parse import unquote

from edition.errors import EditionError, Problem

# Not a real address (RFC 2606 reserves .invalid): a link to it never leaves a bound book.
BETWEEN_PARTS = "https://ander-deel.invalid/#"
_HREF = re.compile(r'href="(?:#|&#35;)([^"]+)"')
_ID = re.compile(r'\bid="([^"]*)"')


def between_parts(html: str) -> str:
    """`html` with each in-document link whose target is not in `html` itself pointed at
    `BETWEEN_PARTS` (see above); links within the part stay as they are."""
    own = {unescape(i) for i in _ID.findall(html)}
    return _HREF.sub(lambda m: m.group(0) if unescape(m.group(1)) in own else f'href="{BETWEEN_PARTS}{m.group(1)}"',
                     html)


def bind(parts: list[bytes], where: str) -> bytes:
    """One PDF of `parts` (PDF files from WeasyPrint, tagged), in order."""
    import pikepdf
    from pikepdf import Array, Dictionary, Name, String

    book = pikepdf.new()
    tree = book.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    document = book.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document, P=tree, K=Array()))
    tree.K = Array([document])
    page_nums, annotation_nums = [], []
    names: list[tuple[str, object]] = []
    outlines: list = []  # the top-level bookmarks of every part, in order
    open_count = 0
    first_page = 0
    links: list[tuple[int, object, str]] = []  # (page, annotation, anchor) of each link between parts
    version = None
    for index, data in enumerate(parts):
        # One part open at a time: its objects are copied, its streams' data taken over
        # (`_own_streams`), and it is closed; all parts open at once held 0.4 GB at 160 texts.
        source = pikepdf.open(io.BytesIO(data))
        count = len(source.pages)
        with warnings.catch_warnings():
            # pikepdf warns that named destinations are not carried over: they are, below.
            warnings.simplefilter("ignore", pikepdf.exceptions.PageCopyWarning)
            book.pages.extend(source.pages)  # first: what refers to a page below finds the copy
        pages = [book.pages[first_page + i] for i in range(count)]
        # Each page as copied: its content compared, its link annotations by their key in the part
        # (a link to another part noted, to be made a link to its named destination once all are
        # known), its key in the parent tree moved past the pages before it.
        annotations = {}
        for number, (src_page, page) in enumerate(zip(source.pages, pages), start=first_page + 1):
            # What the fidelity check read in the part is what the book shows (printbuild.check_parts).
            if _content(src_page) != _content(page):
                raise EditionError(Problem(where, f"p. {number}: de inhoud van de pagina is bij het binden veranderd.",
                                           "Meld dit als fout in bind.py."))
            for src_annotation, annotation in zip(src_page.obj.get("/Annots", []), page.obj.get("/Annots", [])):
                if "/StructParent" in src_annotation:
                    annotations[int(src_annotation.StructParent)] = annotation
                action = annotation.get("/A")
                if action is not None and action.get("/S") == Name.URI:
                    uri = str(action.URI)
                    if uri.startswith(BETWEEN_PARTS):
                        links.append((number, annotation, unquote(uri[len(BETWEEN_PARTS):])))
            if "/StructParents" in page.obj:
                page.obj.StructParents = first_page + int(page.obj.StructParents)
        # Everything else of the part that the book keeps is copied in one call (qpdf walks what
        # it reaches once; a call per object was most of the time of binding): the top-level
        # structure elements, the values of the parent tree, the named destinations, the bookmarks.
        src_tree = source.Root.get("/StructTreeRoot")
        kids = list(src_tree.K[0].get("/K", [])) if src_tree is not None else []
        for kid in kids:
            if "/P" in kid:
                del kid.P  # or the copy drags the part's own root (and its whole tree) along
        nums = src_tree.ParentTree.Nums if src_tree is not None else Array()
        dests = source.Root.get("/Names", {}).get("/Dests")
        flat = dests.Names if dests is not None else Array()
        src_outlines = source.Root.get("/Outlines")
        has_outlines = src_outlines is not None and "/First" in src_outlines
        bundle = Array([*kids, *(_indirect(source, nums[i]) for i in range(1, len(nums), 2)),
                        *(_indirect(source, flat[i]) for i in range(1, len(flat), 2)),
                        *([src_outlines] if has_outlines else [])])
        copies = iter(book.copy_foreign(source.make_indirect(bundle)))
        for copied in islice(copies, len(kids)):
            copied.P = document
            document.K.append(copied)
        for i, value in zip(range(0, len(nums), 2), islice(copies, len(nums) // 2)):
            key = int(nums[i])
            if key < count:  # a page: the structure elements of its marked content
                page_nums.append((first_page + key, value))
            elif key in annotations:  # a link annotation: numbered after all pages (below)
                annotation_nums.append((annotations[key], value))
            else:
                raise EditionError(Problem(where, f"de structuur van een deel noemt een annotatie ({key}) "
                                           "die op geen van zijn pagina's staat.", "Meld dit als fout in bind.py."))
        names += [(str(flat[i]), dest)
                  for i, dest in zip(range(0, len(flat), 2), islice(copies, len(flat) // 2))]
        if has_outlines:
            copied = next(copies)
            item = copied.First
            while True:
                outlines.append(item)
                if "/Next" not in item:
                    break
                item = item.Next
            open_count += int(copied.get("/Count", 0))
        if index == 0:  # the book's metadata: the first part's (document information, XMP, language …)
            version = source.pdf_version
            for key, value in source.Root.items():
                if key not in ("/Type", "/Pages", "/StructTreeRoot", "/Names", "/Outlines"):
                    containers = (pikepdf.Dictionary, pikepdf.Array, pikepdf.Stream)  # the rest is copied as a value
                    book.Root[key] = book.copy_foreign(_indirect(source, value)) if isinstance(value, containers) \
                        else value
            if "/Info" in source.trailer:
                book.trailer.Info = book.copy_foreign(_indirect(source, source.trailer.Info))
        _own_streams(book, source)
        source.close()
        first_page += count

    total = first_page
    nums = Array()
    for key, value in page_nums:
        nums.append(key)
        nums.append(value)
    for number, (annotation, value) in enumerate(annotation_nums, start=total):
        annotation.StructParent = number
        nums.append(number)
        nums.append(value)
    tree.ParentTree = book.make_indirect(Dictionary(Nums=nums))
    tree.ParentTreeNextKey = total + len(annotation_nums)
    book.Root.StructTreeRoot = tree

    known = {name for name, _ in names}
    if len(known) < len(names):
        twice = sorted(n for n, times in Counter(n for n, _ in names).items() if times > 1)
        raise EditionError(Problem(where, f"dezelfde ankers in meer dan één deel: {', '.join(twice[:5])}.",
                                   "Meld dit als fout in printhtml.py: een id hoort bij één plek in het boek."))
    flat = Array()
    for name, dest in sorted(names, key=lambda n: n[0]):
        flat.append(String(name))
        flat.append(dest)
    book.Root.Names = Dictionary(Dests=book.make_indirect(Dictionary(Names=flat)))
    _link_between_parts(links, known, where)

    if outlines:
        root = book.make_indirect(Dictionary(Type=Name.Outlines, Count=open_count))
        for before, item in zip([None, *outlines], outlines):
            item.Parent = root
            if before is None:
                if "/Prev" in item:
                    del item.Prev
            else:
                item.Prev, before.Next = before, item
        if "/Next" in outlines[-1]:
            del outlines[-1].Next
        root.First, root.Last = outlines[0], outlines[-1]
        book.Root.Outlines = root

    out = io.BytesIO()
    book.save(out, static_id=True, fix_metadata_version=False, min_version=version,
              object_stream_mode=pikepdf.ObjectStreamMode.generate, compress_streams=True)
    return _with_identifier(out.getvalue(), hashlib.sha256(b"".join(parts)).hexdigest()[:32], where)


# qpdf's fixed identifier (`static_id`), which `_with_identifier` replaces.
_STATIC_ID = re.compile(rb"/ID \[<[0-9a-f]{32}><31415926535897932384626433832795>\]")


def _with_identifier(data: bytes, identifier: str, where: str) -> bytes:
    """`data` with the file identifier `identifier` (32 hex digits) in place of qpdf's fixed one.

    Why: qpdf's `deterministic_id` writes the whole book twice (once to hash it), 1.7 s of a
    one-note change at 160 texts.  The parts' bytes determine the book, so a hash of them is as
    deterministic and as distinct; the identifier is as long as the one it replaces, so no offset
    in the file moves."""
    found = list(_STATIC_ID.finditer(data))
    if len(found) != 1:
        raise EditionError(Problem(where, f"{len(found)} bestandsidentificaties in de gebonden pdf (verwacht: 1).",
                                   "Meld dit als fout in bind.py (qpdf schrijft zijn vaste identificatie anders)."))
    m = found[0]
    return data[:m.start()] + b"/ID [<%s><%s>]" % (identifier.encode(), identifier.encode()) + data[m.end():]


def _own_streams(book, source) -> None:
    """Give every stream the book copied from `source` its data, as it is encoded there: qpdf
    copies a stream's data only when the book is written, so every part had to stay open until
    then.  `copy_foreign` of an object already copied returns its copy; a stream the book did not
    take (another part's metadata) is copied unreferenced, and qpdf does not write it."""
    import pikepdf

    for obj in source.objects:
        if isinstance(obj, pikepdf.Stream):
            copy = book.copy_foreign(obj)
            copy.write(obj.read_raw_bytes(), filter=copy.get("/Filter"), decode_parms=copy.get("/DecodeParms"),
                       type_check=False)


def _content(page) -> list[bytes]:
    """The bytes of a page's content streams (one stream or an array of them)."""
    import pikepdf

    contents = page.obj.get("/Contents")
    streams = list(contents) if isinstance(contents, pikepdf.Array) else [contents]
    return [s.read_raw_bytes() for s in streams if s is not None]


def _indirect(pdf, value):
    """`value` as an indirect object of `pdf` (qpdf copies only indirect objects to another file)."""
    return value if value.is_indirect else pdf.make_indirect(value)


def _link_between_parts(links: list, known: set[str], where: str) -> None:
    """Each link WeasyPrint wrote to `BETWEEN_PARTS` made a link to the named destination again."""
    from pikepdf import String

    for number, annotation, name in links:
        if name not in known:
            raise EditionError(Problem(where, f"p. {number}: een verwijzing naar #{name}, maar die plek staat "
                                       "in geen enkel deel van het boek.",
                                       "Meld dit als fout in printhtml.py (PrintResolver)."))
        del annotation.A
        annotation.Dest = String(name)
        annotation.Contents = String(name)

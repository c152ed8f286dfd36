"""Binding: the PDFs of a book's parts, each laid out and written alone (pdf.py), into one PDF.

Why: the whole edition grows with every text, and laying it out again for a change in one note
took most of a build (25 s of 31 at 40 texts, minutes at 160).  A part's PDF depends only on its
own print HTML, the page it starts on and the page numbers its references name, so it is kept in
build/cache/ and only the parts that changed are laid out again; the book is bound from the parts.

How: by splicing, not by copying.  Each part is *prepared* once (`prepare`): its objects
renumbered into a range of object numbers of its own, starting at `base`, and written out as they
will stand in the book (streams as they are, the other objects in compressed object streams).  The
book (`assemble`) is the prepared parts one after the other and the few objects that belong to the
whole book: catalog, page tree, structure tree root, Document element, parent tree, named
destinations, bookmarks, and a cross-reference stream whose /Index skips the numbers no part uses.
A part's range is as wide as `capacity` of its size, so a part that changes by a few objects keeps
the ranges of the parts after it, and their prepared form comes from build/cache/ (keyed on the
part's bytes and its base): a change in one note prepares one part, where copying rewrote the
whole book (at 160 texts a quarter of the cpu time of a one-note change).  Preparing depends only
on the part and its base, so a book from cached parts is the book of a clean build, byte for byte.

What binding keeps of each part (WeasyPrint writes PDF/UA-1; a reader's viewer and a screen
reader must not see the seams):
- the pages, in order, with their links and resources (each part keeps its own font subsets); a
  page's content streams are copied byte for byte, so the book shows what the fidelity check read
  in the part (printbuild.check_parts);
- the structure tree: every part's structure elements under one `Document` element; a page's or
  an annotation's key in the parent tree is its key in the part plus the part's base (keys need
  only be distinct, and the part's range has room for them: each page and annotation is an object);
- the named destinations (one sorted name tree) and the links *between* parts: in a part alone a
  link to another part's anchor would be dropped by WeasyPrint, so the part's HTML points it at
  `BETWEEN_PARTS` + anchor (`between_parts`), and preparing turns it into a link to that named
  destination — one that names no anchor of the book stops the build;
- the bookmarks (outlines) of all parts, one list (the top-level items are written with the book,
  which links each to the ones before and after it);
- the first part's metadata (document information, XMP with the PDF/UA identification, language).
"""

from __future__ import annotations

import hashlib
import io
import re
import zlib
from collections import Counter
from dataclasses import dataclass, field
from html import unescape
from typing import Callable
from urllib.parse import unquote

from edition.errors import EditionError, Problem

# Not a real address (RFC 2606 reserves .invalid): a link to it never leaves a bound book.
BETWEEN_PARTS = "https://ander-deel.invalid/#"
_HREF = re.compile(r'href="(?:#|&#35;)([^"]+)"')
_ID = re.compile(r'\bid="([^"]*)"')

# The book's own objects; the parts' ranges start after them.
CATALOG, PAGES, TREE, DOCUMENT, PARENT_TREE, NAMES, DESTS, OUTLINES = range(1, 9)
FIRST_BASE = 16
PER_OBJECT_STREAM = 200  # objects per object stream: a reader inflates a whole stream to reach one
FLATE_LEVEL = 6  # zlib's default, for every stream written here and in pdf.py (pdf._pydyf_memos says why)
# What a WeasyPrint part's catalog and structure tree hold; anything else is not carried over by
# this binder, so it stops the build instead of dropping it silently.
_CATALOG_KEYS = {"/Type", "/Pages", "/StructTreeRoot", "/Names", "/Outlines", "/Lang", "/MarkInfo", "/Metadata",
                 "/ViewerPreferences"}
_TREE_KEYS = {"/Type", "/K", "/ParentTree", "/ParentTreeNextKey"}
# A reference "12 0 R" in an unparsed object, past its strings (qpdf escapes every parenthesis in
# a literal string, and writes a string with other bytes in hexadecimal): a bookmark's title may
# well read "artikel 5 0 R".
_TOKEN = re.compile(rb"\((?:[^\\()]|\\.)*\)|<[0-9A-Fa-f\s]*>|(?<![\w.+\-/#])(\d+) (\d+) R(?![\w])", re.S)


def between_parts(html: str) -> str:
    """`html` with each in-document link whose target is not in `html` itself pointed at
    `BETWEEN_PARTS` (see above); links within the part stay as they are."""
    own = {unescape(i) for i in _ID.findall(html)}
    return _HREF.sub(lambda m: m.group(0) if unescape(m.group(1)) in own else f'href="{BETWEEN_PARTS}{m.group(1)}"',
                     html)


def capacity(size: int) -> int:
    """The width of a part's range of object numbers: its size with room to grow, in steps of
    1024, so that the next part's base moves only when a part grows or shrinks by many objects."""
    return ((size + size // 8 + 64) // 1024 + 1) * 1024


@dataclass
class Prepared:
    """One part as it stands in the book, its objects numbered from `base` (see `prepare`)."""
    base: int
    size: int  # numbers base … base + size - 1
    body: bytes  # its objects (streams and object streams), as written
    rows: list[tuple[int, int, int]]  # cross-reference entry per number; type 1: offset within `body`
    pages: list[int]  # the numbers of its pages, in order
    kids: list[int]  # its top-level structure elements
    keys: list[tuple[int, int]]  # parent tree: (key, number of its value)
    next_key: int  # one more than its highest key
    dests: list[tuple[str, bytes, int]]  # named destinations: (name, the name unparsed, number of the destination)
    outlines: list[tuple[int, bytes]]  # top-level bookmarks: (number, dictionary without /Parent /Prev /Next and '>>')
    open_count: int
    links: list[tuple[int, str]] = field(default_factory=list)  # (page in the part, anchor) of links to other parts
    catalog: bytes = b""  # the first part: the entries of its catalog that the book keeps, unparsed
    info: int | None = None  # the first part: its document information
    version: str = "1.7"


def _error(where: str, what: str) -> EditionError:
    return EditionError(Problem(where, what, "Meld dit als fout in bind.py."))


def prepare(data: bytes, base: int, first: bool, where: str) -> Prepared:
    """The part `data` (a PDF from WeasyPrint, tagged) numbered from `base`; `first`: the part
    whose metadata the book takes over."""
    import pikepdf
    from pikepdf import Name, String

    source = pikepdf.open(io.BytesIO(data))
    root = source.Root
    if set(root.keys()) - _CATALOG_KEYS:
        raise _error(where, f"een deel heeft in zijn catalogus {', '.join(sorted(set(root.keys()) - _CATALOG_KEYS))}, "
                     "wat het binden niet overneemt.")
    tree = root.get("/StructTreeRoot")
    if tree is None or set(tree.keys()) - _TREE_KEYS or len(tree.get("/K", [])) != 1:
        raise _error(where, "een deel heeft geen structuurboom met één Document-element, zoals WeasyPrint die schrijft.")
    document = tree.K[0]
    parent_tree = tree.get("/ParentTree")
    outlines = root.get("/Outlines")

    # What the part's own roots become in the book, and what the book does not take at all.
    to_book = {root.Pages.objgen[0]: PAGES, tree.objgen[0]: TREE, document.objgen[0]: DOCUMENT}
    if outlines is not None and outlines.is_indirect:
        to_book[outlines.objgen[0]] = OUTLINES
    dropped = {root.objgen[0]}
    if parent_tree is not None and parent_tree.is_indirect:
        dropped.add(parent_tree.objgen[0])
    if not first:
        for value in (root.get("/Metadata"), source.trailer.get("/Info")):
            if value is not None and value.is_indirect:
                dropped.add(value.objgen[0])
    kept = []
    for obj in source.objects:
        number = obj.objgen[0]
        if number == 0 or number in dropped or number in to_book:
            continue
        if isinstance(obj, pikepdf.Stream) and obj.stream_dict.get("/Type") in (Name.ObjStm, Name.XRef):
            continue
        kept.append(obj)
    mapping = {**to_book, **{obj.objgen[0]: base + i for i, obj in enumerate(kept)}}
    extra: list[bytes] = []  # objects the book needs that were direct in the part (unparsed, old numbers)

    def renumber(unparsed: bytes) -> bytes:
        def one(m: re.Match) -> bytes:
            if m.group(1) is None:
                return m.group(0)
            new = mapping.get(int(m.group(1)))
            if new is None:
                raise _error(where, f"een object van een deel verwijst naar {m.group(1).decode()} "
                             f"{m.group(2).decode()} R, dat het binden niet overneemt.")
            return b"%d 0 R" % new
        return _TOKEN.sub(one, unparsed)

    def number_of(value) -> int:
        """The number in the book of a value of the part: its own, or a new object's."""
        if not value.is_indirect:
            return new_object(value.unparse(resolved=True))
        if value.objgen[0] not in mapping:
            raise _error(where, f"een deel verwijst naar object {value.objgen[0]}, dat het binden niet overneemt.")
        return mapping[value.objgen[0]]

    def new_object(unparsed: bytes) -> int:
        extra.append(unparsed)
        return base + len(kept) + len(extra) - 1

    # Pages and their annotations: keys in the parent tree moved into the part's range, links to
    # other parts made links to named destinations.
    pages = [page.obj for page in source.pages]
    links = []
    for index, page in enumerate(pages):
        if "/StructParents" in page:
            page.StructParents = base + int(page.StructParents)
        for annotation in page.get("/Annots", []):
            if "/StructParent" in annotation:
                annotation.StructParent = base + int(annotation.StructParent)
            action = annotation.get("/A")
            if action is not None and action.get("/S") == Name.URI and str(action.URI).startswith(BETWEEN_PARTS):
                name = unquote(str(action.URI)[len(BETWEEN_PARTS):])
                links.append((index, name))
                del annotation.A
                annotation.Dest = String(name)
                annotation.Contents = String(name)

    if "/Kids" in (parent_tree or {}):
        raise _error(where, "de parent tree van een deel heeft /Kids (WeasyPrint schrijft één /Nums).")
    nums = parent_tree.get("/Nums", []) if parent_tree is not None else []
    keys = [(base + int(nums[i]), number_of(nums[i + 1])) for i in range(0, len(nums), 2)]

    dests = []
    names = root.get("/Names")
    if names is not None:
        if set(names.keys()) - {"/Dests"} or "/Kids" in names.get("/Dests", {}):
            raise _error(where, "de namen van een deel zijn anders dan één lijst /Dests.")
        flat = names.Dests.Names if "/Dests" in names else []
        for i in range(0, len(flat), 2):
            dests.append((str(flat[i]), flat[i].unparse(), number_of(flat[i + 1])))

    top = []
    if outlines is not None and "/First" in outlines:
        item = outlines.First
        while True:
            top.append(item)
            following = item.get("/Next")
            for key in ("/Parent", "/Prev", "/Next"):
                if key in item:
                    del item[key]
            if following is None:
                break
            item = following
    top_numbers = {item.objgen[0] for item in top}

    catalog, info = b"", None
    if first:
        entries = pikepdf.Dictionary({k: v for k, v in root.items() if k not in
                                      ("/Type", "/Pages", "/StructTreeRoot", "/Names", "/Outlines")})
        catalog = renumber(entries.unparse(resolved=True)[2:-2].strip())
        if "/Info" in source.trailer:
            info = number_of(source.trailer.Info)

    # Write: streams as they are, the other objects into object streams, the top-level bookmarks
    # kept apart (the book links them).
    body = bytearray()
    rows: dict[int, tuple[int, int, int]] = {}
    packed: list[tuple[int, bytes]] = []
    for obj in kept:
        number = mapping[obj.objgen[0]]
        if isinstance(obj, pikepdf.Stream):
            rows[number] = (1, len(body), 0)
            body += b"%d 0 obj\n%s\nstream\n" % (number, renumber(obj.stream_dict.unparse(resolved=True)))
            body += obj.read_raw_bytes() + b"\nendstream\nendobj\n"
        elif obj.objgen[0] not in top_numbers:
            packed.append((number, renumber(obj.unparse(resolved=True))))
    for i, unparsed in enumerate(extra):
        packed.append((base + len(kept) + i, renumber(unparsed)))
    number = base + len(kept) + len(extra)
    for start in range(0, len(packed), PER_OBJECT_STREAM):
        chunk = packed[start:start + PER_OBJECT_STREAM]
        offsets, position = [], 0
        for index, (member, text) in enumerate(chunk):
            offsets.append(b"%d %d" % (member, position))
            position += len(text) + 1
            rows[member] = (2, number, index)
        header = b" ".join(offsets) + b"\n"
        deflate = zlib.compressobj(level=FLATE_LEVEL)
        stream = deflate.compress(header + b"\n".join(text for _, text in chunk) + b"\n") + deflate.flush()
        rows[number] = (1, len(body), 0)
        body += b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\nstream\n" % (
            number, len(chunk), len(header), len(stream))
        body += stream + b"\nendstream\nendobj\n"
        number += 1
    outline_items = [(mapping[item.objgen[0]], renumber(item.unparse(resolved=True))[:-2].rstrip()) for item in top]
    for new, _ in outline_items:
        rows[new] = (1, -1, 0)  # written with the book (`assemble`)
    size = number - base
    if size > capacity(size) or any(key >= base + capacity(size) for key, _ in keys):
        raise _error(where, "een deel past niet in zijn reeks objectnummers.")
    return Prepared(
        base=base, size=size, body=bytes(body), rows=[rows.get(base + i, (0, 0, 0)) for i in range(size)],
        pages=[mapping[p.objgen[0]] for p in pages], kids=[mapping[k.objgen[0]] for k in document.get("/K", [])],
        keys=keys, next_key=max((k for k, _ in keys), default=base - 1) + 1,
        dests=dests,
        outlines=outline_items,
        open_count=int(outlines.get("/Count", 0)) if outlines is not None else 0,
        links=links, catalog=catalog, info=info,
        version=str(source.pdf_version))


def bind(parts: list[bytes], where: str,
         prepared: Callable[[int, bytes, int, bool, Callable[[], Prepared]], Prepared] | None = None) -> bytes:
    """One PDF of `parts` (PDF files from WeasyPrint, tagged), in order.  `prepared(index, data,
    base, first, make)`: where a prepared part comes from (build/cache/, pdf.py), `make()` by
    default."""
    items = []
    base = FIRST_BASE
    for index, data in enumerate(parts):
        make = lambda data=data, base=base, first=index == 0: prepare(data, base, first, where)  # noqa: E731
        item = prepared(index, data, base, index == 0, make) if prepared is not None else make()
        items.append(item)
        base += capacity(item.size)
    return assemble(items, hashlib.sha256(b"".join(parts)).hexdigest()[:32], where)


def _reference_list(numbers) -> bytes:
    return b" ".join(b"%d 0 R" % n for n in numbers)


def assemble(items: list[Prepared], identifier: str, where: str) -> bytes:
    """The book: the prepared parts and the objects of the whole book (see the module's doc)."""
    names = [(name, unparsed, number) for item in items for name, unparsed, number in item.dests]
    known = {name for name, _, _ in names}
    if len(known) < len(names):
        twice = sorted(n for n, times in Counter(n for n, _, _ in names).items() if times > 1)
        raise EditionError(Problem(where, f"dezelfde ankers in meer dan één deel: {', '.join(twice[:5])}.",
                                   "Meld dit als fout in printhtml.py: een id hoort bij één plek in het boek."))
    first_page = 0
    for item in items:
        for index, name in item.links:
            if name not in known:
                raise EditionError(Problem(where, f"p. {first_page + index + 1}: een verwijzing naar #{name}, maar "
                                           "die plek staat in geen enkel deel van het boek.",
                                           "Meld dit als fout in printhtml.py (PrintResolver)."))
        first_page += len(item.pages)

    out = bytearray(b"%PDF-" + items[0].version.encode() + b"\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}

    def write(number: int, text: bytes) -> None:
        offsets[number] = len(out)
        out.extend(b"%d 0 obj\n%s\nendobj\n" % (number, text))

    index_ranges = []
    table = bytearray()
    starts = []
    for item in items:
        starts.append(len(out))
        out.extend(item.body)
    outlines = [(number, text) for item in items for number, text in item.outlines]
    for position, (number, text) in enumerate(outlines):
        links = [b"/Parent %d 0 R" % OUTLINES]
        if position > 0:
            links.append(b"/Prev %d 0 R" % outlines[position - 1][0])
        if position + 1 < len(outlines):
            links.append(b"/Next %d 0 R" % outlines[position + 1][0])
        write(number, text + b" " + b" ".join(links) + b" >>")

    pages = [number for item in items for number in item.pages]
    write(PAGES, b"<< /Type /Pages /Kids [%s] /Count %d >>" % (_reference_list(pages), len(pages)))
    nums = b" ".join(b"%d %d 0 R" % (key, number) for item in items for key, number in item.keys)
    next_key = max((item.next_key for item in items), default=0)
    write(TREE, b"<< /Type /StructTreeRoot /K [%d 0 R] /ParentTree %d 0 R /ParentTreeNextKey %d >>"
          % (DOCUMENT, PARENT_TREE, next_key))
    write(DOCUMENT, b"<< /Type /StructElem /S /Document /P %d 0 R /K [%s] >>"
          % (TREE, _reference_list(kid for item in items for kid in item.kids)))
    write(PARENT_TREE, b"<< /Nums [%s] >>" % nums)
    flat = b" ".join(b"%s %d 0 R" % (unparsed, number) for _, unparsed, number in sorted(names, key=lambda n: n[0]))
    write(DESTS, b"<< /Names [%s] >>" % flat)
    write(NAMES, b"<< /Dests %d 0 R >>" % DESTS)
    catalog = [b"/Type /Catalog", b"/Pages %d 0 R" % PAGES, b"/StructTreeRoot %d 0 R" % TREE, b"/Names %d 0 R" % NAMES]
    if outlines:
        write(OUTLINES, b"<< /Type /Outlines /Count %d /First %d 0 R /Last %d 0 R >>"
              % (sum(item.open_count for item in items), outlines[0][0], outlines[-1][0]))
        catalog.append(b"/Outlines %d 0 R" % OUTLINES)
    if items[0].catalog:
        catalog.append(items[0].catalog)
    write(CATALOG, b"<< " + b" ".join(catalog) + b" >>")

    # The cross-reference stream: the book's own numbers, then each part's range.
    xref = max(items[-1].base + items[-1].size, FIRST_BASE)
    width = max(4, (len(out) + 1024).bit_length() // 8 + 1)
    index_ranges.append((0, OUTLINES + 1))
    table += (0).to_bytes(1, "big") + (0).to_bytes(width, "big") + (65535).to_bytes(2, "big")
    for number in range(1, OUTLINES + 1):
        offset = offsets.get(number)
        table += (b"\x01" + offset.to_bytes(width, "big") + b"\x00\x00") if offset is not None else \
            (b"\x00" + (0).to_bytes(width, "big") + b"\x00\x00")
    for item, start in zip(items, starts):
        index_ranges.append((item.base, item.size))
        for number, (kind, second, third) in enumerate(item.rows, start=item.base):
            if kind == 1:
                second = offsets[number] if second < 0 else start + second
            table += kind.to_bytes(1, "big") + second.to_bytes(width, "big") + third.to_bytes(2, "big")
    index_ranges.append((xref, 1))
    position = len(out)
    table += b"\x01" + position.to_bytes(width, "big") + b"\x00\x00"
    deflate = zlib.compressobj(level=FLATE_LEVEL)
    stream = deflate.compress(bytes(table)) + deflate.flush()
    trailer = [b"/Type /XRef", b"/Size %d" % (xref + 1),
               b"/Index [%s]" % b" ".join(b"%d %d" % r for r in index_ranges),
               b"/W [1 %d 2]" % width, b"/Root %d 0 R" % CATALOG,
               b"/ID [<%s><%s>]" % (identifier.encode(), identifier.encode())]
    if items[0].info is not None:
        trailer.append(b"/Info %d 0 R" % items[0].info)
    out.extend(b"%d 0 obj\n<< %s /Filter /FlateDecode /Length %d >>\nstream\n" % (xref, b" ".join(trailer), len(stream)))
    out.extend(stream + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % position)
    return bytes(out)

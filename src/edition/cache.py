"""Incremental builds: work cached per text and per product in `build/cache/` (removed by `make clean`).

Every entry is keyed on a hash of exactly what the work depends on, so a hit gives the bytes a clean
build would give:

* a text's `Document` (`pipeline.build_document`): the raw file, its YAML, the word lists the
  cleaning reads, the package's own source files (a code change invalidates everything) and the
  installed distributions' versions; under it, the cleaned text before the YAML's decisions
  (`cleaned_text`: the raw file and the parts of the YAML the cleaning reads), and on its key the
  fidelity verdict on the model (`model_check`) and its register occurrences (`text_occurrences`,
  with the registers);
* each register as read and checked (`register_file`): the file's bytes and the code;
* each generated page of a text with its citation files (`text_page`), each register's page and the
  bibliography (`edition_page`), each hand-out's print HTML and each text's section of the whole
  edition (`print_documents`): the document's key and the edition's face (`render.edition_face`:
  what such a page shows of the other texts), the registers, the bibliography and what else it shows;
* a PDF: its print HTML (which is what the layout reads: it carries the text, the notes, the
  registers, the bibliography and every other text a reference names), the keys of the documents in
  it (the PDF fidelity check compares the PDF with those documents, so a cached PDF stands for a
  check that passed on exactly these inputs), the fonts, the code and the versions;
* a text's work list for the review report (`review.collect`): the document's key, the registers,
  the bibliography and the register occurrences in that text;
* the bibliography as pybtex formats it: every entry's content, the code and the versions;
* the YAML the review report offers for a text's open doubts: the document's key;
* the Dutch word lists as read and indexed (`wordlist.load`): the list files (size, mtime, inode)
  and the code; read only by a build that cleans a text or collects a work list again;
* the offline zip: every file under docs/ (the generated pages and the PDFs among them), mkdocs.yml,
  redirects.yml, overrides/, hooks/, the facts file, the search shim, SITE_URL, the date, the code.

An entry is written to a temporary file and renamed into place, and carries a SHA-256 of its payload:
an entry that cannot be read or does not match is a miss (and removed), never trusted.  One entry is
kept per text and product (a new key replaces the old one), so the cache does not grow with edits.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

CACHE_DIR = Path("build/cache")
_MAGIC = b"edition-cache 1\n"
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]")


@dataclass
class Stats:
    """What a build took from the cache and what it made again, per kind ('document', 'pdf', 'offline')."""

    hits: Counter = field(default_factory=Counter)
    misses: Counter = field(default_factory=Counter)
    hit_names: dict = field(default_factory=dict)  # kind → names, in order
    missed_names: dict = field(default_factory=dict)
    changed_files: list = field(default_factory=list)  # generated files whose content changed (build._write)

    def record(self, kind: str, name: str, hit: bool) -> None:
        (self.hits if hit else self.misses)[kind] += 1
        (self.hit_names if hit else self.missed_names).setdefault(kind, []).append(name)

    def missed(self, kind: str) -> list[str]:
        return list(self.missed_names.get(kind, []))

    def hit(self, kind: str) -> list[str]:
        return list(self.hit_names.get(kind, []))


def digest(*parts) -> str:
    """SHA-256 over `parts` (bytes, str, numbers, None, or nested tuples/lists), each framed by its
    length so that no two different sequences hash alike."""
    h = hashlib.sha256()

    def feed(part) -> None:
        if isinstance(part, (list, tuple)):
            h.update(b"L%d:" % len(part))
            for item in part:
                feed(item)
            return
        if part is None:
            data, tag = b"", b"N"
        elif isinstance(part, bytes):
            data, tag = part, b"B"
        else:
            data, tag = str(part).encode("utf-8"), b"S"
        h.update(tag + b"%d:" % len(data) + data)

    for part in parts:
        feed(part)
    return h.hexdigest()


def file_digest(path: Path) -> str:
    """The content of a file ('-' when it is absent), for keys."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return "-"


def tree_digest(path: Path) -> str:
    """Every file under `path` (relative name and content), in a fixed order; '-' when absent."""
    if path.is_file():
        return file_digest(path)
    if not path.is_dir():
        return "-"
    files = sorted(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    return digest([(p.relative_to(path).as_posix(), file_digest(p)) for p in files])


@lru_cache(maxsize=1)
def code_digest() -> str:
    """The package's own source files (code, CSS, schemas, templates), as this process loaded
    them: computed once, so a file edited while `edition serve` runs (old code still loaded) does
    not pass for the new code."""
    return tree_digest(Path(__file__).resolve().parent)


@lru_cache(maxsize=1)
def environment_digest() -> str:
    """The Python version and every installed distribution's name and version (WeasyPrint, MkDocs,
    Material, pybtex …): an upgrade invalidates what they made.  Read off the names of the
    metadata folders on sys.path (`name-version.dist-info`, the wheel standard), not from each
    distribution's METADATA file: a hundredth of the time (reading 100 files cost a tenth of a
    second at every build).  An old-style `name.egg-info` folder may carry no version in its
    name: an upgrade of such a package in place is not seen (pip installs wheels: dist-info)."""
    dists = set()
    for entry in sys.path:
        try:
            with os.scandir(entry or ".") as found:
                dists.update(e.name for e in found if e.name.endswith((".dist-info", ".egg-info")))
        except OSError:  # a zip, a missing folder: nothing installed there as a folder
            continue
    return digest(sys.version, sorted(dists))


def _data_files_digest() -> str:
    """System files the cleaning reads (the Dutch word lists), hashed once per version of them."""
    from edition.cleaning.wordlist import HUNSPELL_DIC, WORD_LIST

    def stat(p: Path):
        try:
            s = p.stat()
        except OSError:
            return None
        return (s.st_size, s.st_mtime_ns, s.st_ino)

    return _files_digest(tuple((str(p), stat(p)) for p in (WORD_LIST, HUNSPELL_DIC)))


@lru_cache(maxsize=8)
def _files_digest(files: tuple) -> str:
    return digest([(name, file_digest(Path(name))) for name, _stat in files])


def document_key(source: Path, root: Path) -> str:
    """What `pipeline.build_document(source, root)` reads."""
    yml = source.with_suffix(".yml")
    shown = source.relative_to(root).as_posix() if source.is_relative_to(root) else str(source)
    # The shown path, not the absolute one: the Document holds only that (a copy of the project reuses it).
    return digest("document", code_digest(), environment_digest(), _data_files_digest(), shown,
                  source.read_bytes(), yml.read_bytes() if yml.exists() else None)


def fonts_digest() -> str:
    """The fonts the PDFs embed, and the version of pdftotext, which reads every PDF back for the
    fidelity check (a cached PDF stands for a check that passed with it)."""
    from edition.typeset.pdf import FONT_FILES, font_dir

    directory = font_dir()
    return digest([(name, file_digest(directory / name)) for name in sorted(FONT_FILES.values())], _pdftotext())


@lru_cache(maxsize=1)
def _pdftotext() -> str:
    import subprocess

    try:
        done = subprocess.run(["pdftotext", "-v"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return "-"
    return done.stdout + done.stderr


class Memory:
    """Entries of the cache kept as objects between the builds of one process (`edition serve`
    builds once per save): a hit gives the object itself instead of unpickling it again (the three
    registers alone take a sixth of a second to unpickle).  Only kinds whose objects no build
    changes once made: a Document, which annotation fills in, is always unpickled afresh."""

    KINDS = frozenset({"registerfile", "occurrences", "modelcheck", "review", "doubts", "page", "edition-page",
                       "print-section", "print-handout"})

    def __init__(self) -> None:
        self._kept: dict[tuple[str, str], tuple[str, object]] = {}  # (kind, name) → (key, object)

    def get(self, kind: str, name: str, key: str):
        kept = self._kept.get((kind, name))
        return kept[1] if kept is not None and kept[0] == key else None

    def put(self, kind: str, name: str, key: str, value) -> None:
        if kind in self.KINDS:
            self._kept[(kind, name)] = (key, value)  # one per text and product, as on disk


class Cache:
    """Entries under `root/build/cache/<kind>/<name>--<key>`; `enabled=False`: every lookup misses
    and nothing is written (a clean build), the stats still count.  `memory`: objects kept by the
    process between builds (`Memory`), looked at before the files."""

    def __init__(self, root: Path, stats: Stats | None = None, enabled: bool = True,
                 memory: Memory | None = None) -> None:
        self.root = root
        self.dir = root / CACHE_DIR
        self.stats = stats if stats is not None else Stats()
        self.enabled = enabled
        self.memory = memory if enabled else None
        self.document_keys: dict[str, str] = {}  # Document.path → its key (the PDFs' keys use them)
        self._trees: dict[Path, str] = {}

    def tree(self, path: Path) -> str:
        """`tree_digest(path)`, hashed once per build: many keys (one per text) name the registers
        and the bibliography, which do not change while a build runs."""
        if path not in self._trees:
            self._trees[path] = tree_digest(path)
        return self._trees[path]

    def _path(self, kind: str, name: str, key: str) -> Path:
        return self.dir / kind / f"{_SAFE_NAME.sub('_', name)}--{key}"

    def get(self, kind: str, name: str, key: str) -> bytes | None:
        """The payload stored for (kind, name, key), or None: absent, unreadable or corrupt."""
        data = None
        if self.enabled:
            path = self._path(kind, name, key)
            try:
                raw = path.read_bytes()
            except OSError:
                raw = None
            if raw is not None:
                head, _, rest = raw.partition(b"\n")
                body = rest.partition(b"\n")
                if (head + b"\n" == _MAGIC and body[1]
                        and hashlib.sha256(body[2]).hexdigest().encode() == body[0]):
                    data = body[2]
                else:  # a torn or tampered entry: never trusted, made again
                    path.unlink(missing_ok=True)
        self.stats.record(kind, name, data is not None)
        return data

    def put(self, kind: str, name: str, key: str, payload: bytes) -> None:
        """Store atomically (temporary file, then rename) and drop the older entries of `name`."""
        if not self.enabled:
            return
        path = self._path(kind, name, key)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
        try:
            tmp.write_bytes(_MAGIC + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload)
            os.replace(tmp, path)
        except OSError:
            tmp.unlink(missing_ok=True)  # a cache that cannot be written costs time, not correctness
            return
        prefix = path.name.split("--", 1)[0] + "--"
        for old in path.parent.glob(f"{glob_escape(prefix)}*"):
            if old != path and not old.name.startswith("."):
                old.unlink(missing_ok=True)

    def get_object(self, kind: str, name: str, key: str):
        """An unpickled entry, or None (a payload that does not unpickle is a miss as well)."""
        if self.memory is not None:
            kept = self.memory.get(kind, name, key)
            if kept is not None:
                self.stats.record(kind, name, True)
                return kept
        data = self.get(kind, name, key)
        if data is None:
            return None
        try:
            value = pickle.loads(data)
        except Exception:  # noqa: BLE001 – any failure to read an entry is a miss
            self.stats.hits[kind] -= 1
            self.stats.hit_names[kind].pop()
            self.stats.record(kind, name, False)
            self._path(kind, name, key).unlink(missing_ok=True)
            return None
        if self.memory is not None:
            self.memory.put(kind, name, key, value)
        return value

    def put_object(self, kind: str, name: str, key: str, value) -> None:
        if self.enabled:
            self.put(kind, name, key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
            if self.memory is not None:
                self.memory.put(kind, name, key, value)

    def keep_only(self, kind: str, names: set[str]) -> None:
        """Remove the entries of texts and products that no longer exist."""
        if not self.enabled or not (self.dir / kind).is_dir():
            return
        keep = {_SAFE_NAME.sub("_", n) for n in names}
        for path in (self.dir / kind).iterdir():
            if path.name.split("--", 1)[0] not in keep:
                path.unlink(missing_ok=True)


def glob_escape(text: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", text)


# ---- products --------------------------------------------------------------------------------------

def word_list(cache: Cache | None) -> None:
    """Before work that reads the Dutch word lists: a copy from the cache, if this process has not
    read them yet (the text files take a second to read and index, the copy a quarter of that)."""
    from edition.cleaning import wordlist

    if cache is None or not cache.enabled or wordlist.loaded():
        return
    key = digest("wordlist", code_digest(), _data_files_digest())
    kept = cache.get_object("wordlist", "woordenlijst", key)
    if isinstance(kept, wordlist.WordList):
        wordlist.install(kept)
    else:
        cache.put_object("wordlist", "woordenlijst", key, wordlist.load())


def load_document(source: Path, root: Path, cache: Cache | None):
    """`pipeline.build_document`, from the cache when its inputs are unchanged.  The entry is written
    right after the document is built, before annotation adds anything to it."""
    from edition.pipeline import build_document

    if cache is None:
        return build_document(source, root)
    key = document_key(source, root)
    doc = cache.get_object("document", source.name, key)
    if doc is None:
        word_list(cache)
        doc = build_document(source, root, clean=lambda *args: cleaned_text(cache, source.name, *args))
        cache.put_object("document", source.name, key, doc)
    cache.document_keys[doc.path] = key
    return doc


def cleaned_text(cache: Cache, name: str, raw: bytes, shown: str, layout: str, page_ops: list[dict]):
    """`pipeline.clean_text` (the cleaning stages, before the YAML's decisions are applied), from the
    cache when the raw text, the parts of the YAML the cleaning reads (a whole-text `layout:` and
    `page_lines`, with where they stand, which the messages say), the word lists and the code are
    unchanged: a note or a decision saved in the YAML applies the decisions again to the cleaned
    text instead of cleaning it again (a quarter of a second for a text of 2,000 words)."""
    from edition.pipeline import clean_text

    key = digest("cleaned", code_digest(), environment_digest(), _data_files_digest(), shown, raw, layout,
                 repr(page_ops))
    doc = cache.get_object("cleaned", name, key)
    if doc is None:
        doc = clean_text(raw, shown, layout=layout, page_ops=page_ops)
        cache.put_object("cleaned", name, key, doc)
    return doc


def _per_document(cache: Cache | None, kind: str, doc, parts: tuple, make):
    """`make()` for one text, from the cache when its key (the document's key and `parts`) is
    unchanged; a document built in this run without a key (no cache) is always made anew."""
    key_of_doc = cache.document_keys.get(doc.path) if cache is not None else None
    if key_of_doc is None:
        return make()
    key = digest(kind, key_of_doc, parts)
    made = cache.get_object(kind, Path(doc.path).name, key)
    if made is None:
        made = make()
        cache.put_object(kind, Path(doc.path).name, key, made)
    return made


def review_items(cache: Cache | None, doc, occurrences, root: Path) -> list:
    """`review.collect(doc, occurrences)`, from the cache when its inputs are unchanged: the document
    (its key: raw file, YAML, word lists, code), the registers and the bibliography (annotation read
    them into the document), and the register occurrences in this text (names already listed are not
    proposed)."""
    from edition import review

    def make():
        word_list(cache)
        return review.collect(doc, occurrences)

    if cache is None:
        return make()
    own = sorted((o.block_index, o.start, o.end) for o in occurrences if o.slug == doc.slug)
    # One hash of their repr (ints only, exact) instead of framing thousands of tuples one by one.
    own = hashlib.sha256(repr(own).encode("ascii")).hexdigest()
    return _per_document(cache, "review", doc, (cache.tree(root / "registers"), cache.tree(root / "bibliography"),
                                                own), make)


def model_check(cache: Cache | None, doc, check) -> list:
    """`check()` (the fidelity check on a text's model, `fidelity.check_model`), from the cache when
    the document's key is unchanged: the model is made of exactly what that key names, so the same
    code gives the same verdict (a cached Document is proven by the verdict on the Document it is a
    copy of).  A verdict with problems is kept as well: they are said again at each build."""
    return _per_document(cache, "modelcheck", doc, (), check)


def text_occurrences(cache: Cache | None, root: Path, registers: list):
    """For `registers.find_occurrences(in_text=…)`: a text's occurrences from the cache when its
    document and the registers are unchanged, stored as (entry key, block, start, end, form) and
    given back with the entries of `registers` (the objects the rest of the edition holds)."""
    from edition.apparatus.registers import Occurrence

    if cache is None or not cache.enabled:
        return None
    entries = {e.key: e for register in registers for e in register.entries}
    loaded = sorted(register.kind.page for register in registers)

    def in_text(doc, find) -> list:
        def make():
            return [(o.entry.key, o.block_index, o.start, o.end, o.form) for o in find()]
        kept = _per_document(cache, "occurrences", doc, (cache.tree(root / "registers"), loaded), make)
        if any(key not in entries for key, *_ in kept):  # cannot be, keyed on the registers: made again
            kept = make()
        return [Occurrence(doc.slug, bi, start, end, entries[key], form) for key, bi, start, end, form in kept]

    return in_text


def text_page(cache: Cache | None, doc, face: str | None, parts: tuple, make, kind: str = "page"):
    """`make()` (a text's page and its citation files; with `kind`, another product of one text that
    shows the edition: its print HTML), from the cache when the document's key, the edition's face
    (`render.edition_face`: what the page reads of the other texts), the registers, the bibliography
    and `parts` (the site's address, the anchor redirects, the PDFs it links …) are unchanged."""
    if cache is None or face is None:
        return make()
    root = cache.root
    return _per_document(cache, kind, doc, (face, cache.tree(root / "registers"), cache.tree(root / "bibliography"),
                                            parts), make)


def edition_page(cache: Cache | None, page: str, face: str | None, parts: tuple, make) -> str:
    """`make()` (a page of the whole edition: a register's, the bibliography), from the cache when the
    edition's face, the registers, the bibliography, the code and `parts` (what else the page shows)
    are unchanged."""
    if cache is None or face is None or not cache.enabled:
        return make()
    root = cache.root
    key = digest("edition-page", code_digest(), environment_digest(), face, cache.tree(root / "registers"),
                 cache.tree(root / "bibliography"), parts)
    return _kept_or_made(cache, "edition-page", page, key, str, make)


def formatted_bibliography(cache: Cache | None, edition) -> None:
    """The whole bibliography as pybtex formats it (`bibstyle.format_entries`; most of a second for
    a hundred entries), from the cache when no entry changed: handed to bibstyle, which the site's
    bibliography page and the PDFs ask."""
    from edition.apparatus import bibstyle

    if cache is None or not cache.enabled or getattr(edition, "bib", None) is None:
        return
    content = bibstyle.content_of(edition.bib.data)
    key = digest("bibliography", code_digest(), environment_digest(), repr(content))
    kept = cache.get_object("bibliography", "bibliografie", key)
    if isinstance(kept, list):
        bibstyle.remember(content, kept)
    else:
        cache.put_object("bibliography", "bibliografie", key, bibstyle.format_entries(edition.bib.data))


def bib_file(cache: Cache | None, path: Path, shown: str):
    """`bibstyle.load(path)` (parsed and checked), from the cache when the file's bytes (and the
    code) are unchanged: a hundred entries take a tenth of a second at every build and every save
    under `edition serve`.  Only a file without problems is kept; a broken one is parsed again, so
    that its problems are said each time."""
    from pybtex.database import BibliographyData

    from edition.apparatus import bibstyle

    if cache is None:
        return bibstyle.load(path, shown_as=shown)
    key = digest("bib-file", code_digest(), environment_digest(), shown, path.read_bytes())
    return _kept_or_made(cache, "bibfile", path.name, key, BibliographyData,
                         lambda: bibstyle.load(path, shown_as=shown))


def _kept_or_made(cache: Cache, kind: str, name: str, key: str, cls: type, make):
    """The entry (kind, name, key) if it is there and a `cls`, else `make()`, stored under it."""
    kept = cache.get_object(kind, name, key)
    if isinstance(kept, cls):
        return kept
    made = make()
    cache.put_object(kind, name, key, made)
    return made


def register_file(cache: Cache | None, path: Path, shown: str, kind, load):
    """`load(path, shown, kind)` (a register read and checked: `registers.load_register`), from the
    cache when the file's bytes and the code are unchanged (YAML and its schema: a sixth of a second
    for the three registers at every save under `edition serve`).  Only a register without problems
    is kept; a broken one is read again, so that its problems are said each time."""
    from edition.apparatus.registers import Register

    if cache is None or not cache.enabled:
        return load(path, shown, kind)
    key = digest("register-file", code_digest(), environment_digest(), shown, kind.page, path.read_bytes())
    return _kept_or_made(cache, "registerfile", path.name, key, Register, lambda: load(path, shown, kind))


def doubt_snippets(cache: Cache | None, doc) -> list[list[str]]:
    """`doubts.open_snippets(doc)` (the YAML the review report offers for each open doubt), from the
    cache when the document's key is unchanged: they are made of the document alone."""
    from edition.review.doubts import open_snippets

    return _per_document(cache, "doubts", doc, (), lambda: open_snippets(doc))


def html_check(cache: Cache | None, doc, root: Path, page_html: str, check) -> list:
    """`check()` (the fidelity check of a built text page), from the cache when the document's key,
    the registers and the bibliography (annotation read them into the document) and the page's
    HTML, byte for byte, are what they were when it was checked: the same inputs to the same code
    give the same verdict, so a page MkDocs wrote again unchanged is not parsed again."""
    if cache is None:
        return check()
    page = hashlib.sha256(page_html.encode("utf-8")).hexdigest()
    return _per_document(cache, "htmlcheck", doc, (cache.tree(root / "registers"), cache.tree(root / "bibliography"),
                                                   page), check)


def print_documents(edition, site_url: str, epoch: int, cache: Cache | None = None) -> dict:
    """slug (None: the whole edition) → its print documents, made the way `printbuild.make_pdf`
    makes them (`edition_parts` for the whole edition, `text_parts` for a hand-out), slots of two
    figures (`printhtml.with_slot_digits` gives the other widths).  Made once per build: for the
    PDFs' keys here, and handed to the PDF workers (`printbuild.build_pdfs`).  With `cache`: a
    hand-out's HTML, and a text's section of the whole edition, from build/cache/ when its document,
    the edition's face (`render.edition_face`), the registers, the bibliography, the site's address
    and the date are unchanged; a section of the whole edition also on the ids of every
    editorial intervention (its links go inside the book where their target is in it).  A
    register's section too, on the face, the registers, the bibliography and the address."""
    from edition.site.render import edition_face
    from edition.typeset import printhtml

    formatted = printhtml.formatted_bibliography(edition)  # once for all PDFs, as printbuild does
    face = edition_face(edition) if cache is not None and cache.enabled else None
    interventions = [(d.slug, [iv.id for iv in d.interventions]) for d in edition.docs]
    made = {None: printhtml.edition_parts(
        edition, site_url, epoch, formatted=formatted,
        section_of=lambda doc, make: text_page(cache, doc, face, (site_url, epoch, interventions), make,
                                               kind="print-section"),
        # A register's section shows the edition's face (its loci), the registers, the bibliography
        # (its sources) and the site's address, as its page on the site does.
        register_of=lambda page, make: edition_page(cache, f"print-{page}", face, (site_url, "print"), make))}
    for doc in edition.docs:
        made[doc.slug] = text_page(cache, doc, face, (site_url, epoch), lambda doc=doc: printhtml.text_parts(
            doc, edition, site_url, epoch, formatted=formatted), kind="print-handout")
    return made


def pdf_keys(cache: Cache, edition, site_url: str, epoch: int, documents: dict | None = None) -> dict:
    """slug (None: the whole edition) → key of its PDF, or None when a document in it has no key.
    `documents`: `print_documents` of this edition (made here when None)."""
    from edition.site.downloads import pdf_name

    if documents is None:
        documents = print_documents(edition, site_url, epoch, cache)
    common = (code_digest(), environment_digest(), fonts_digest(), site_url, epoch)
    by_slug = {d.slug: d for d in edition.docs}
    keys = {}
    for slug in [None, *by_slug]:
        docs = edition.docs if slug is None else [by_slug[slug]]
        doc_keys = [cache.document_keys.get(d.path) for d in docs]
        keys[slug] = None if None in doc_keys else digest("pdf", common, pdf_name(slug), doc_keys, documents[slug])
    return keys


def build_pdfs(cache: Cache, edition, site_url: str, epoch: int, out_dir: Path, base: Path) -> list:
    """`printbuild.build_pdfs` for the PDFs whose key changed; the others are copied from the cache
    (with their `Made`, whose times are those of the build that made them).  Returns the `Made`s
    in printbuild's order (whole edition first); stale PDFs in `out_dir` are removed."""
    from edition.typeset import printbuild
    from edition.site.downloads import pdf_name

    documents = print_documents(edition, site_url, epoch, cache)
    keys = pdf_keys(cache, edition, site_url, epoch, documents)
    found, todo = {}, []
    for slug, key in keys.items():
        entry = cache.get_object("pdf", pdf_name(slug), key) if key else None
        if key is None:
            cache.stats.record("pdf", pdf_name(slug), False)
        if entry is None:
            todo.append(slug)
        else:
            found[slug] = entry
    made = {}
    if todo:  # in printbuild's parallel processes, however few
        new = printbuild.build_pdfs(edition, site_url, epoch, out_dir, base, jobs=todo,
                                    cache_root=cache.root if cache.enabled else None,
                                    documents={slug: documents[slug] for slug in todo},
                                    document_keys=cache.document_keys)
        for m in new:
            made[m.slug] = m
            if keys.get(m.slug):
                cache.put_object("pdf", m.name, keys[m.slug], (m, (out_dir / m.name).read_bytes()))
    out_dir.mkdir(parents=True, exist_ok=True)
    for slug, (m, data) in found.items():
        target = out_dir / m.name
        if not target.is_file() or target.read_bytes() != data:
            tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
            tmp.write_bytes(data)
            os.replace(tmp, target)
        made[slug] = m
    result = [made[slug] for slug in keys]
    wanted = {m.name for m in result}
    for stale in out_dir.glob("*.pdf"):
        if stale.name not in wanted:
            stale.unlink()
    cache.keep_only("pdf", wanted)
    return result


def offline_key(root: Path, site_url: str, epoch: int) -> str:
    """Everything the offline variant is built from (called once docs/ holds the pages and PDFs)."""
    from edition.site.offline import SHIM

    inputs = [(name, tree_digest(root / name)) for name in
              ("docs", "mkdocs.yml", "redirects.yml", "overrides", "hooks", "build/editie.json", str(SHIM))]
    return digest("offline", code_digest(), environment_digest(), inputs, site_url, epoch)

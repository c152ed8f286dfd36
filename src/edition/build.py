"""One command builds everything: generate Markdown → MkDocs → fidelity check on the HTML.

Collect first, resolve later: every text is built into the model before anything is written, so a
problem in any text stops the build before a half-built site exists.

The last good site is never lost: the site is built into `site.tmp-<pid>/` next to site/, every
check runs on that copy, and only a copy that passed everything takes the place of site/ (an atomic
exchange where the kernel offers one).  A failing check, an error or Ctrl-C leaves site/ as it was
and removes the copy; a copy left by a build that was killed is removed by the next build.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
import subprocess
from contextlib import contextmanager
from functools import lru_cache
from dataclasses import replace, dataclass, field
from pathlib import Path

from edition import cache as build_cache
from edition.apparatus import citation
from edition.apparatus.inline_md import Cite
from edition.editorial import drafts as draft_status
from edition.checks import fidelity
from edition.site import incremental, offline, redirects
from edition.apparatus.annotate import BIBLIOGRAPHY_PAGE, collect
from edition.site.downloads import DOWNLOADS, OFFLINE_ZIP
from edition.errors import EditionError, Problem, logged_warnings
from edition.apparatus.links import text_url
from edition.model import Document
from edition.site.pages import APPARATUS_DIR, apparatus_pages, edition_facts, home_intro, home_page, review_report
from edition.site.registerpages import bibliography_page, register_page
from edition.site.render import edition_face, render_markdown
from edition.safeurl import site_url_problem
from edition.readers.sourcefiles import find_sources

GENERATED_DIRS = ("docs/teksten", f"docs/{APPARATUS_DIR}", "docs/downloads", "build/offline-site", "build/cache")
# build/editie.json: the facts about the published texts that hand-written pages quote
# ({{ aantal }} in docs/over.md); the MkDocs hook fills them in.
FACTS_FILE = "build/editie.json"
GENERATED_FILES = ("docs/index.md", "docs/apparaat.md", "docs/woordenlijst.md", "docs/personen.md",
                   "docs/plaatsen.md", "docs/bibliografie.md", FACTS_FILE)
DEFAULT_SITE_URL = "http://127.0.0.1:8000/"
REVIEW = "review/review.md"
SITE = "site"
TMP_SUFFIX = ".tmp-"  # site.tmp-<pid>: the site being built and checked
OLD_SUFFIX = ".old-"  # site.old-<pid>: the previous site, for the moment of the swap (no exchange)


@dataclass
class Result:
    docs: list[Document]  # the texts of the site (with drafts only in a preview build)
    written: list[Path]
    redirects: dict
    pdfs: list = field(default_factory=list)  # printbuild.Made, by build_all
    offline_zip: Path | None = None
    drafts: list = field(default_factory=list)  # drafts.Draft: every text that is not ready
    drafts_shown: bool = False  # a preview build: the drafts are in the site, with their banner
    notices: list = field(default_factory=list)  # Problems that do not stop the build
    worklist: dict = field(default_factory=dict)  # text path → open items of the review report's work list
    cache: build_cache.Stats | None = None  # what came from build/cache/ and what was made again
    site_build: str = ""  # how MkDocs built the site (edition.site.incremental), said by the CLI


@dataclass
class Rendered:
    """What `render_pages` made: every generated file, the review report's work list per text (its
    open items are said after build and check), and redirects.yml as loaded."""

    pages: dict[Path, str]
    worklists: dict[str, list]  # text path → review.Item
    redirects: dict

    def open_worklist(self, docs) -> dict[str, int]:
        return {doc.path: sum(1 for i in self.worklists.get(doc.path, ()) if not i.confirmed) for doc in docs}


def find_root(start: Path | None = None) -> Path:
    here = (start or Path.cwd()).resolve()
    for candidate in (here, *here.parents):
        if (candidate / "mkdocs.yml").exists() and (candidate / "sources").is_dir():
            return candidate
    raise EditionError(Problem(str(here), "geen editie gevonden (mkdocs.yml en sources/ ontbreken).",
                               "Voer het commando uit in de map van het project."))


def sources(root: Path) -> list[Path]:
    """The raw texts (`sources/<slug>.txt`); anything else there is refused with a message."""
    return find_sources(root)


def load_all(root: Path, cache: build_cache.Cache | None = None) -> list[Document]:
    """Every text's Document (from `cache` where its inputs are unchanged), each proven by the
    fidelity check on the model (its verdict from the cache for a Document whose key is unchanged:
    edition.cache.model_check)."""
    docs, problems = [], []
    raw_texts = sources(root)
    for src in raw_texts:
        try:
            doc = build_cache.load_document(src, root, cache)
        except EditionError as exc:
            problems.extend(exc.problems)
            continue
        problems.extend(build_cache.model_check(cache, doc, lambda doc=doc: fidelity.check_model(doc)))
        docs.append(doc)
    if not raw_texts:
        problems.append(Problem("sources/", "geen bronteksten gevonden (.txt, .pdf, .html of .docx).",
                                "Zet een ruwe tekst in sources/ (zie README, ‘Een tekst toevoegen’)."))
    if problems:
        raise EditionError(problems)
    return docs


def _write(path: Path, text: str, written: list[Path], changed: list[Path] | None = None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = text.encode("utf-8")  # bytes: RIS keeps its CRLF line ends
    # Only rewrite what changed, so that mtimes stay meaningful and `edition serve` rebuilds only the
    # pages that changed; renamed into place, so that MkDocs never reads half a file.
    if not path.is_file() or path.read_bytes() != data:
        tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
        try:
            tmp.write_bytes(data)
            os.replace(tmp, path)
        except OSError as exc:  # said of the page, not of the temporary file
            if not tmp.is_dir():
                tmp.unlink(missing_ok=True)
            raise type(exc)(exc.errno, exc.strerror, str(path)) from None
        if changed is not None:
            changed.append(path)
    written.append(path)


def site_url(root: Path) -> str:
    """`site_url` of mkdocs.yml, with its `!ENV [NAME, default]` resolved the way MkDocs does."""
    # Read once per content of mkdocs.yml and of the environment: a build and every save under
    # `edition serve` ask it several times, and YAML takes a thirtieth of a second each.
    return _site_url_of((root / "mkdocs.yml").read_text("utf-8"), tuple(sorted(os.environ.items())))


@lru_cache(maxsize=4)
def _site_url_of(text: str, environ: tuple) -> str:
    import yaml

    environ = dict(environ)

    class _Loader(yaml.SafeLoader):
        pass

    def _env(loader, node):
        names = loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) else [loader.construct_scalar(node)]
        for name in names[:-1] if len(names) > 1 else names:
            if name in environ:
                return environ[name]
        return names[-1] if len(names) > 1 else None

    _Loader.add_constructor("!ENV", _env)
    _Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    try:
        config = yaml.load(text, Loader=_Loader) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise EditionError(Problem(f"mkdocs.yml:{mark.line + 1 if mark else 1}",
                                   f"ongeldige YAML: {getattr(exc, 'problem', None) or 'het bestand kan niet gelezen worden'}.",
                                   "Herstel mkdocs.yml (vergelijk met de versie in git: git diff mkdocs.yml).")) from None
    if not isinstance(config, dict):
        raise EditionError(Problem("mkdocs.yml:1", "mkdocs.yml is geen tabel (sleutel: waarde).",
                                   "Herstel mkdocs.yml (vergelijk met de versie in git: git diff mkdocs.yml)."))
    url = config.get("site_url") or DEFAULT_SITE_URL
    # The address goes into every page (canonical link, citations, sitemap) and into the PDFs.
    problem = site_url_problem(url)
    if problem:
        raise EditionError(Problem("SITE_URL", f"ongeldig adres van de website ({problem}).",
                                   "Geef het volledige adres waar de site komt te staan, bijvoorbeeld "
                                   "SITE_URL=https://voorbeeld.nl/editie/ make build"))
    return url


def editions(root: Path, docs: list[Document], include_drafts: bool = False,
             cache: build_cache.Cache | None = None):
    """(the edition of the site, the edition of the PDFs, the drafts).  A release build publishes
    only the finished texts; a preview build (`include_drafts`) shows the drafts on the site too,
    but the PDFs are always of the finished texts alone."""
    published, drafts = draft_status.partition(docs, root)
    draft_docs = [d.doc for d in drafts]
    release = collect(root, published, draft_docs, cache)
    site = collect(root, docs, cache=cache) if include_drafts and drafts else release
    return site, release, drafts


def render_pages(root: Path, edition, drafts: list, downloads: dict | None = None,
                 cache: build_cache.Cache | None = None) -> Rendered:
    """Every generated file (path → content), written by nobody: `generate` writes them, `check`
    only renders them, so that whatever rendering can refuse is refused by both.  `cache`: the
    review report's work list of a text from build/cache/ where its inputs are unchanged."""
    import json

    url = site_url(root)
    moved = redirects.load(root)
    pages: dict[Path, str] = {}
    texts_dir = root / "docs" / "teksten"
    by_slug = {d.doc.slug: d for d in drafts}
    shown = edition.docs
    published = [doc for doc in shown if doc.slug not in by_slug]
    face = edition_face(edition) if cache is not None and cache.enabled else None
    for doc in shown:
        trailer = redirects.anchor_script(redirects.anchor_map(moved, text_url(doc.slug)))

        def make(doc=doc, trailer=trailer) -> tuple[str, dict[str, str]]:
            page = render_markdown(doc, trailer=trailer, edition=edition, site_url=url, downloads=downloads)
            cited = edition.bib is not None and doc.slug in edition.bib
            return page, citation.exports(doc, edition, url) if cited else {}

        page, exports = build_cache.text_page(cache, doc, face, _page_inputs(url, trailer, downloads, doc.slug),
                                              make)
        if doc.slug in by_slug:
            page = draft_status.with_banner(page, by_slug[doc.slug])
        pages[texts_dir / f"{doc.slug}.md"] = page
        for name, content in exports.items():
            pages[texts_dir / name] = content
    pages[root / "docs" / "index.md"] = home_page(published, downloads, home_intro(root, published),
                                                  drafts=[doc for doc in shown if doc.slug in by_slug])
    for name, content in apparatus_pages(shown, edition.resolver).items():
        pages[root / "docs" / name] = content
    for register in edition.registers:
        pages[root / "docs" / f"{register.kind.page}.md"] = build_cache.edition_page(
            cache, register.kind.page, face, _page_inputs(url), lambda r=register: register_page(edition, r))
    if edition.bib is not None:
        # It also lists the notes that cite each work: which notes of which texts cite what.
        cites = [(doc.slug, note.id, [r.key for r in note.body.references() if isinstance(r, Cite)])
                 for doc in edition.docs for note in doc.notes if note.body is not None] if face else None
        pages[root / "docs" / f"{BIBLIOGRAPHY_PAGE}.md"] = build_cache.edition_page(
            cache, BIBLIOGRAPHY_PAGE, face, (_page_inputs(url), cites), lambda: bibliography_page(edition))
    in_site = {doc.slug for doc in shown}
    all_docs = sorted([*shown, *(d.doc for d in drafts if d.doc.slug not in in_site)], key=lambda d: d.path)
    in_text: dict[str, list] = {}  # each text's occurrences, grouped once (the work list reads only its own)
    for o in edition.occurrences:
        in_text.setdefault(o.slug, []).append(o)
    worklists = {doc.path: build_cache.review_items(cache, doc, in_text.get(doc.slug, []), root) for doc in all_docs}
    doubts = {doc.path: build_cache.doubt_snippets(cache, doc) for doc in all_docs}
    pages[root / REVIEW] = draft_status.add_to_report(review_report(all_docs, edition, worklists, doubts), drafts,
                                                      edition.notices)
    pages[root / FACTS_FILE] = json.dumps(edition_facts(published), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    return Rendered(pages, worklists, moved)


def _page_inputs(url: str, trailer: str = "", downloads: dict | None = None, slug: str | None = None) -> tuple:
    """Besides the edition (`render.edition_face`) and a text's document: what a generated page is
    made of, for its key in the cache (edition.cache.text_page).  `slug`: a text's page, whose card
    names its own PDF and the edition's (pages, size, out of date) — the size as the card shows it
    ('3,6 MB'): the edition's PDF changes by some bytes with every note, and keyed on its bytes every
    text page was made again for a note in one of them (160 pages at 160 texts, and after them MkDocs,
    the page checks and the offline copy)."""
    from edition.site.downloads import pdf_name, size_label

    listed = [(name, m.pages, size_label(m.size), bool(getattr(m, "stale", False)))
              for name, m in (downloads or {}).items() if slug is not None and name in (pdf_name(slug), pdf_name())]
    return url, trailer, sorted(listed)


def generate(root: Path, docs: list[Document] | None = None, edition=None, downloads: dict | None = None,
             include_drafts: bool = False, drafts: list | None = None,
             cache: build_cache.Cache | None = None) -> Result:
    """The Markdown pages; `downloads` (file name → printbuild.Made) adds the links to the PDFs.
    Without `edition`: the release edition (drafts left out), or with `include_drafts` the preview.
    `cache`: the documents from build/cache/ where their inputs are unchanged."""
    docs = docs if docs is not None else load_all(root, cache)
    key = pages_key(root, docs, include_drafts, downloads, cache) if edition is None else None
    kept = cache.get_object("pages", "site", key) if key is not None else None
    if kept is not None:
        # The same inputs as a build whose pages are in build/cache/: written as they were (a
        # file deleted or edited by hand under docs/ is put right), no edition collected again.
        pages, slugs, moved, notices, worklist = kept
        pages = {root / name: content for name, content in pages.items()}  # stored relative: a copy of the project reuses them
        _published, drafts = draft_status.partition(docs, root)
        by_slug = {d.slug: d for d in docs}
        shown_docs = [by_slug[s] for s in slugs]
        rendered = Rendered(pages, {}, moved)
    else:
        if edition is None:
            edition, _release, drafts = editions(root, docs, include_drafts, cache)
            build_cache.formatted_bibliography(cache, edition)
        elif drafts is None:
            _published, drafts = draft_status.partition(docs, root)
        rendered = render_pages(root, edition, drafts, downloads, cache=cache)
        shown_docs, notices, worklist = edition.docs, list(edition.notices), rendered.open_worklist(edition.docs)
        if key is not None:
            relative = {p.relative_to(root).as_posix(): content for p, content in rendered.pages.items()}
            cache.put_object("pages", "site", key, (relative, [d.slug for d in shown_docs], rendered.redirects,
                                                    notices, worklist))
    written: list[Path] = []
    changed = cache.stats.changed_files if cache is not None else None
    for path, content in rendered.pages.items():
        _write(path, content, written, changed)
    # Pages of texts (and apparatus pages) that no longer have a source must not linger.
    texts_dir, apparatus_dir = root / "docs" / "teksten", root / "docs" / APPARATUS_DIR
    now_written = set(written)
    for stale in [*(texts_dir.iterdir() if texts_dir.is_dir() else []),
                  *(apparatus_dir.iterdir() if apparatus_dir.is_dir() else []), *(root / p for p in GENERATED_FILES)]:
        if stale.is_file() and stale not in now_written and not stale.name.startswith("."):
            stale.unlink()
            if changed is not None:
                changed.append(stale)
    shown = {d.slug for d in shown_docs}
    return Result(shown_docs, written, rendered.redirects, drafts=drafts,
                  drafts_shown=any(d.doc.slug in shown for d in drafts), notices=notices,
                  worklist=worklist, cache=cache.stats if cache is not None else None)


def pages_key(root: Path, docs: list[Document], include_drafts: bool, downloads, cache) -> str | None:
    """Everything the generated pages are made of, known before the edition is collected: each
    text's document key (its raw file, its YAML, the code), the registers, the bibliography,
    redirects.yml, the editors' introduction, the site's address, whether drafts are shown and
    the PDFs' names, pages and sizes (and staleness) the pages link.  None without a cache or
    when a document has no key."""
    from edition.site.pages import INTRO_FILE

    if cache is None or not cache.enabled:
        return None
    keys = [cache.document_keys.get(d.path) for d in docs]
    if None in keys:
        return None
    listed = sorted((name, m.pages, m.size, bool(getattr(m, "stale", False))) for name, m in (downloads or {}).items())
    return build_cache.digest("pages", build_cache.code_digest(), build_cache.environment_digest(), site_url(root),
                              include_drafts, keys, cache.tree(root / "registers"), cache.tree(root / "bibliography"),
                              build_cache.tree_digest(root / redirects.FILE), build_cache.tree_digest(root / INTRO_FILE),
                              listed)


def preview(root: Path, memory: build_cache.Memory | None = None) -> Result:
    """What `edition serve` writes before each MkDocs build: the Markdown with the drafts (their
    banner), documents from the cache where their inputs are unchanged, and links to the PDFs of the
    last full build, marked when they are out of date (serve makes no PDFs).  `memory`: what the
    serve process kept of the cache since its last build (edition.cache.Memory)."""
    cache = build_cache.Cache(root, memory=memory)
    docs = load_all(root, cache)
    return generate(root, docs, downloads=stale_downloads(root, cache, docs), include_drafts=True, cache=cache)


def generated_path(root: Path, path: Path) -> bool:
    """A file the build writes into docs/ (or its temporary file): under `edition serve` a change
    there is the build's own and must not start another build."""
    try:
        rel = Path(path).resolve().relative_to(root.resolve())
    except ValueError:
        return False
    if rel.name.startswith(".") and TMP_SUFFIX in rel.name:
        return True
    posix = rel.as_posix()
    return posix in GENERATED_FILES or any(posix.startswith(d + "/") for d in GENERATED_DIRS)


def check_all(root: Path) -> Result:
    """`edition check`: every check of `edition build` that does not need the built site or PDFs.
    The same model, editions, drafts, SITE_URL, SOURCE_DATE_EPOCH, redirects.yml, every generated
    page rendered (not written), mkdocs.yml read as MkDocs reads it, every text page turned into
    HTML by Python-Markdown with the site's extensions and checked for fidelity, every link to a
    page (`….md`) checked, and the placeholders of the hand-written pages.  What only the build
    can check: MkDocs' theme, the redirects' targets in the built site, the PDFs and their text."""
    problems: list[Problem] = []
    for step in (site_url, source_date_epoch, redirects.load):
        try:
            step(root)
        except EditionError as exc:
            problems += exc.problems
    docs = load_all(root)  # nothing below can run without the model
    try:
        edition, _release, drafts = editions(root, docs)
        preview = collect(root, docs) if drafts else edition  # what `edition serve` shows
    except EditionError as exc:
        raise EditionError(problems + exc.problems) from None
    if problems:
        raise EditionError(problems)
    rendered = render_pages(root, edition, drafts)
    render_pages(root, preview, drafts)
    problems += check_markdown(root, edition.docs, rendered.pages)
    if problems:
        raise EditionError(problems)
    return Result(edition.docs, [], {}, drafts=drafts, notices=list(edition.notices),
                  worklist=rendered.open_worklist(edition.docs))


def _markdown_config(root: Path):
    """mkdocs.yml as MkDocs reads it (strict), for its Markdown extensions."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    cwd = Path.cwd()
    os.chdir(root)
    try:
        with logged_warnings("mkdocs") as warnings:
            try:
                return load_config(config_file=str(root / "mkdocs.yml"), strict=True)
            except (Abort, ConfigurationError) as exc:
                said = "".join(f"\n    MkDocs: {m}" for m in warnings.messages)
                raise EditionError(Problem("mkdocs.yml", f"MkDocs kan mkdocs.yml niet lezen: {exc}{said}",
                                           "Herstel mkdocs.yml (zie de melding van MkDocs).")) from None
    finally:
        os.chdir(cwd)


def check_markdown(root: Path, docs: list[Document], pages: dict[Path, str]) -> list[Problem]:
    """What can be checked on the Markdown without MkDocs: the fidelity of each text page as
    Python-Markdown renders it, links to pages that will not exist, placeholders of hand-written pages."""
    import markdown
    from mkdocs.utils.meta import get_data

    from edition.site.pages import placeholder_problems

    config = _markdown_config(root)
    docs_dir = root / "docs"
    generated = {p for p in pages if p.is_relative_to(docs_dir)}
    texts_dir = docs_dir / "teksten"
    written_by_build = {root / p for p in GENERATED_FILES}
    hand_written = {p for p in docs_dir.rglob("*.md")
                    if not p.is_relative_to(texts_dir) and p not in written_by_build and not p.name.startswith("_")}
    problems: list[Problem] = []
    for path in sorted(hand_written):
        problems += placeholder_problems(path.read_text("utf-8", errors="replace"), path.relative_to(root).as_posix())
    existing = {p.relative_to(docs_dir).as_posix() for p in generated | hand_written}
    by_page = {texts_dir / f"{d.slug}.md": d for d in docs}
    for path in sorted(p for p in generated | hand_written if p.suffix == ".md"):
        source = pages[path] if path in pages else path.read_text("utf-8", errors="replace")
        body, _meta = get_data(source)
        html = markdown.markdown(body, extensions=config["markdown_extensions"],
                                 extension_configs=config["mdx_configs"])
        shown = path.relative_to(root).as_posix()
        if path in by_page:
            problems += fidelity.check_html(by_page[path], html, shown)
        problems += _page_link_problems(html, path.relative_to(docs_dir).as_posix(), existing, shown)
    return problems


def _page_link_problems(html: str, page: str, existing: set[str], shown: str) -> list[Problem]:
    """Links to a `….md` page that the site will not have (MkDocs stops a strict build on them)."""
    import posixpath
    import re
    from urllib.parse import unquote

    problems = []
    for href in re.findall(r'<a\b[^>]*\bhref="([^"#?:]+\.md)(?:[#?][^"]*)?"', html):
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(href)))
        if target not in existing:
            problems.append(Problem(shown, f"link naar ‘{href}’: die pagina komt niet in de site.",
                                    "Verbeter de link (een tekst die nog concept is, staat niet in de site)."))
    return problems


def source_date_epoch(root: Path) -> str:
    """A fixed date for reproducible output: the last commit that touched the sources."""
    if "SOURCE_DATE_EPOCH" in os.environ:
        value = os.environ["SOURCE_DATE_EPOCH"].strip()
        if not value.isascii() or not value.isdigit() or len(value) > 11:
            raise EditionError(Problem("SOURCE_DATE_EPOCH", f"‘{value[:40]}’ is geen tijdstip (seconden sinds 1970).",
                                       "Laat de variabele weg (dan geldt de laatste commit van sources/) of geef "
                                       "een geheel getal, bijvoorbeeld SOURCE_DATE_EPOCH=1767225600."))
        return value
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct", "--", "sources"], cwd=root,
                             capture_output=True, text=True, check=True).stdout.strip()
        if out:
            return out
    except (OSError, subprocess.CalledProcessError):
        pass
    return "1767225600"  # 2026-01-01: no git history available


def mkdocs_build(root: Path, site_dir: Path | None = None, offline_variant: bool = False,
                 dirty: bool = False) -> None:
    """MkDocs over docs/, strict.  `dirty`: render only the pages whose output in `site_dir` is
    older than their source (`incremental.prepare` has made that so for exactly the changed ones)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    os.environ["SOURCE_DATE_EPOCH"] = source_date_epoch(root)
    overrides = {"site_dir": str(site_dir)} if site_dir else {}
    cwd = Path.cwd()
    os.chdir(root)
    # MkDocs reports through logging; keep its warnings so the error can say what they were.
    try:
        with logged_warnings("mkdocs") as warnings, dirty_mode(dirty):
            try:
                config = load_config(config_file=str(root / "mkdocs.yml"), strict=True, **overrides)
                if offline_variant:
                    offline.configure(config)
                build(config, dirty=dirty)
            except Abort as exc:
                said = "".join(f"\n    MkDocs: {m}" for m in warnings.messages)
                raise EditionError(Problem("mkdocs.yml", f"MkDocs-build mislukt: {exc}{said}",
                                           "De build is strikt: los elke waarschuwing op (bijvoorbeeld een link naar "
                                           "een pagina die niet bestaat).")) from None
    finally:
        os.chdir(cwd)


@contextmanager
def dirty_mode(dirty: bool):
    """For a dirty MkDocs build: the hooks read the pages MkDocs skips (`EDITION_DIRTY`), and MkDocs'
    own warning that a dirty build may be inaccurate is dropped (it is accurate here, see
    edition.site.incremental; under `strict` it would stop the build)."""
    import logging

    if not dirty:
        yield
        return
    from edition.site.incremental import DIRTY_WARNING

    def keep(record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(DIRTY_WARNING)

    logger = logging.getLogger("mkdocs.commands.build")
    before = os.environ.get("EDITION_DIRTY")
    os.environ["EDITION_DIRTY"] = "1"
    logger.addFilter(keep)
    try:
        yield
    finally:
        logger.removeFilter(keep)
        if before is None:
            os.environ.pop("EDITION_DIRTY", None)
        else:
            os.environ["EDITION_DIRTY"] = before


def check_site(root: Path, docs: list[Document], site_dir: Path, shown_as: Path | None = None,
               only: set[str] | None = None, cache: build_cache.Cache | None = None) -> None:
    """The fidelity check on every built text page; `shown_as`: the directory the messages name
    instead of `site_dir` (the temporary copy is named as the site/ it is built to become); `only`:
    the docs/ pages an incremental build rendered again (the others were checked when they were made);
    `cache`: the verdict on a page whose HTML and document are unchanged (edition.cache.html_check)."""
    problems = []

    def show(path: Path) -> str:
        if shown_as is not None:
            path = shown_as / path.relative_to(site_dir)
        return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)

    for doc in docs:
        if only is not None and f"teksten/{doc.slug}.md" not in only:
            continue  # its page is the one the last good build checked (edition.site.incremental)
        page = site_dir / "teksten" / doc.slug / "index.html"
        if not page.exists():
            page = site_dir / "teksten" / f"{doc.slug}.html"
        if not page.exists():
            problems.append(Problem(doc.path, f"geen gebouwde pagina voor deze tekst in {show(site_dir)}/."))
            continue
        html = page.read_text("utf-8")
        problems.extend(build_cache.html_check(cache, doc, root, html, lambda: fidelity.check_html(doc, html, show(page))))
    if problems:
        raise EditionError(problems)


def build_all(root: Path, downloads: bool = True, include_drafts: bool = False, use_cache: bool = True,
              stats: build_cache.Stats | None = None) -> Result:
    """Everything: the PDFs, the Markdown, the site, its checks, the offline zip (without
    `downloads`: the site alone; with `include_drafts`: a preview with the drafts on the site).
    site/ is replaced only when all of it succeeded.  Documents, PDFs and the offline zip whose
    inputs are unchanged come from build/cache/ (`use_cache=False`: all made again, nothing stored);
    MkDocs runs every time; the fidelity check on a built text page and Pagefind's index are taken
    from the cache only for HTML byte for byte the same as when they were made."""
    cache = build_cache.Cache(root, stats, enabled=use_cache)
    docs = load_all(root, cache)
    for kind in ("document", "cleaned", "review", "doubts", "htmlcheck", "modelcheck", "occurrences", "page",
                 "print-section", "print-handout"):
        cache.keep_only(kind, {Path(d.path).name for d in docs})
    cache.keep_only("bibfile", {p.name for p in (root / "bibliography").glob("*.bib")})
    url = site_url(root)
    epoch = int(source_date_epoch(root))
    if downloads:
        edition, release, drafts = editions(root, docs, include_drafts, cache)
        build_cache.formatted_bibliography(cache, edition)
        made = build_cache.build_pdfs(cache, release, url, epoch, root / "docs" / DOWNLOADS, root)
        write_pdf_manifest(root, cache, made, url, epoch)
        result = generate(root, docs, edition, {m.name: m for m in made} or None, drafts=drafts, cache=cache)
    else:  # the site alone: the pages from build/cache/ when nothing they are made of changed
        made = []
        result = generate(root, docs, include_drafts=include_drafts, cache=cache)
    site_dir = root / SITE
    remove_stale_builds(root)
    new_dir = root / f"{SITE}{TMP_SUFFIX}{os.getpid()}"
    site_plan = incremental.plan(root, site_dir, url, str(epoch), enabled=use_cache)
    try:
        _remove(new_dir)
        incremental.prepare(site_plan, root, site_dir, new_dir)
        mkdocs_build(root, new_dir, dirty=site_plan.dirty)
        redirects.write_page_redirects(result.redirects, new_dir)
        # Issue 16: the search index, Pagefind over the HTML MkDocs just wrote (new_dir/pagefind/).
        from edition.site.search import index_site
        index_site(new_dir, cache)
        check_site(root, result.docs, new_dir, shown_as=site_dir, only=incremental.rebuilt_pages(site_plan),
                   cache=cache)
        if downloads:
            _offline_zip(root, cache, result, url, epoch, new_dir / DOWNLOADS / OFFLINE_ZIP)
        incremental.forget(root)  # between the swap and the new manifest, no build may trust the old one
        swap_in(new_dir, site_dir)
        incremental.record(site_plan, root)
        result.site_build = incremental.describe(site_plan)
    except BaseException:
        # A failed check, an error or Ctrl-C: the previous site/ stays, the copy goes.
        with _uninterrupted():
            _remove_quietly(new_dir)  # a failing clean-up must not hide why the build stopped
        raise
    if downloads:
        result.offline_zip = site_dir / DOWNLOADS / OFFLINE_ZIP
        result.pdfs = made
    return result


def _offline_zip(root: Path, cache: build_cache.Cache, result: Result, url: str, epoch: int, target: Path) -> None:
    """The offline variant and its zip, or the zip from the cache when nothing it is built from changed."""
    key = build_cache.offline_key(root, url, epoch)
    target.unlink(missing_ok=True)  # it may be a hard link to the last site's zip (incremental.prepare)
    data = cache.get("offline", OFFLINE_ZIP, key)
    if data is not None:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        return
    offline_dir = root / offline.OFFLINE_DIR
    # Like the site (edition.site.incremental): MkDocs renders again only the pages whose Markdown
    # changed, into the variant's own directory, which the last good zip was made from.
    variant = incremental.plan(root, offline_dir, url, str(epoch), enabled=cache.enabled,
                               manifest=incremental.OFFLINE_MANIFEST, variant="offline")
    previous = _previous_search(root) if variant.dirty else None
    if previous is None:
        variant = replace(variant, dirty=False)
    incremental.forget(root, incremental.OFFLINE_MANIFEST)
    incremental.prepare_in_place(variant, root, offline_dir)
    mkdocs_build(root, offline_dir, offline_variant=True, dirty=variant.dirty)
    if variant.dirty and not offline.merge_search(offline_dir, previous, {
            incremental.page_url(n) for n in incremental.rebuilt_pages(variant) or ()}):
        variant = replace(variant, dirty=False)  # a page indexed where the last index had none: all again
        incremental.prepare_in_place(variant, root, offline_dir)
        mkdocs_build(root, offline_dir, offline_variant=True)
    raw_search = root / offline.RAW_SEARCH
    raw_search.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(offline_dir / "search" / "search_index.json", raw_search)
    redirects.write_page_redirects(result.redirects, offline_dir)
    offline.finish(root, offline_dir, url)
    # The last good site's zip: what did not change is taken over compressed (the same bytes).
    previous = root / SITE / DOWNLOADS / OFFLINE_ZIP if cache.enabled else None
    offline.write_zip(offline_dir, target, epoch, previous)
    cache.put("offline", OFFLINE_ZIP, key, target.read_bytes())
    if cache.enabled:
        incremental.record(variant, root, incremental.OFFLINE_MANIFEST)


def _previous_search(root: Path) -> dict | None:
    """The offline variant's search index of the last good build, as MkDocs wrote it, or None."""
    import json

    try:
        found = json.loads((root / offline.RAW_SEARCH).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return found if isinstance(found, dict) and isinstance(found.get("docs"), list) else None


PDF_MANIFEST = build_cache.CACHE_DIR / "pdfs.json"


def write_pdf_manifest(root: Path, cache: build_cache.Cache, made: list, url: str, epoch: int) -> None:
    """What `edition serve` needs to link the PDFs of the last build and to say which of them no
    longer match the texts: each PDF's pages, size and the keys of the inputs it was made from."""
    import json

    entries = {m.name: {"pages": m.pages, "size": m.size, "inputs": pdf_inputs(cache, m.slug, url, epoch)}
               for m in made}
    path = root / PDF_MANIFEST
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_text(json.dumps(entries, indent=1, sort_keys=True) + "\n", "utf-8")
    os.replace(tmp, path)


def pdf_inputs(cache: build_cache.Cache, slug: str | None, url: str, epoch: int) -> str:
    """A cheap stand-in for a PDF's key, for `edition serve` (which makes no print HTML): the keys of
    the documents in it, the registers, the bibliography, the code, SITE_URL and the date.  A change
    elsewhere that a hand-out shows (another text's title in a reference) is not seen by it."""
    keys = sorted(cache.document_keys.values()) if slug is None else [
        k for p, k in cache.document_keys.items() if Path(p).stem == slug]
    root = cache.dir.parent.parent
    return build_cache.digest("pdf-inputs", build_cache.code_digest(), keys, cache.tree(root / "registers"),
                              cache.tree(root / "bibliography"), url, epoch)


def stale_downloads(root: Path, cache: build_cache.Cache, docs: list[Document]) -> dict | None:
    """For `edition serve`: the PDFs of the last full build that are in docs/downloads/, as
    `downloads.Listed` (file name → entry), each marked stale when its inputs changed since."""
    import json

    from edition.site.downloads import Listed, pdf_name

    try:
        entries = json.loads((root / PDF_MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    url, epoch = site_url(root), int(source_date_epoch(root))
    listed = {}
    for slug in [None, *(d.slug for d in docs)]:
        name = pdf_name(slug)
        entry = entries.get(name)
        path = root / "docs" / DOWNLOADS / name
        if not isinstance(entry, dict) or not path.is_file() or path.stat().st_size != entry.get("size"):
            continue
        listed[name] = Listed(name, int(entry.get("pages", 0)), int(entry["size"]),
                              stale=entry.get("inputs") != pdf_inputs(cache, slug, url, epoch))
    return listed if pdf_name() in listed else None


@contextmanager
def _uninterrupted():
    """Hold back Ctrl-C (and SIGTERM) while the block runs, so a rename pair or a clean-up is not
    cut in half; a signal that came in the meantime is delivered right after."""
    held = {signal.SIGINT, signal.SIGTERM}
    try:
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    except (AttributeError, OSError, ValueError):
        previous = None
    try:
        yield
    finally:
        if previous is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _remove(path: Path) -> None:
    """Remove a file, a symlink (never what it points to) or a directory tree, if it is there."""
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two existing paths in one step (Linux renameat2 RENAME_EXCHANGE); False when the
    kernel, the C library or the filesystem cannot, and the caller falls back to two renames."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def swap_in(new: Path, site: Path) -> None:
    """Put the checked build `new` in the place of `site` and remove the previous site.  At no
    moment is there no site: an atomic exchange, or else `site` → `site.old-<pid>`, `new` → `site`
    with the old one put back should the second rename fail."""
    with _uninterrupted():
        if (site.exists() or site.is_symlink()) and _exchange(new, site):
            _remove_quietly(new)  # now the previous site
            return
        if not site.exists() and not site.is_symlink():
            os.rename(new, site)
            return
        old = site.with_name(f"{site.name}{OLD_SUFFIX}{os.getpid()}")
        _remove(old)
        os.rename(site, old)
        try:
            os.rename(new, site)
        except BaseException:
            os.rename(old, site)
            raise
        _remove_quietly(old)


def _remove_quietly(path: Path) -> None:
    """The previous site, once replaced: should it resist removal, the new site is in place all the
    same, and the next build removes what is left."""
    try:
        _remove(path)
    except OSError:
        pass


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: a process of someone else
        return True
    return True


def remove_stale_builds(root: Path) -> None:
    """What a killed build left next to site/: its unfinished copy is removed; a previous site
    caught between the two renames of a swap is put back when site/ is missing."""
    for path in sorted(root.glob(f"{SITE}{OLD_SUFFIX}*")) + sorted(root.glob(f"{SITE}{TMP_SUFFIX}*")):
        pid = path.name.rsplit("-", 1)[-1]
        if not pid.isdigit() or int(pid) == os.getpid() or _alive(int(pid)):
            continue
        site = root / SITE
        if path.name.startswith(SITE + OLD_SUFFIX) and not site.exists() and not site.is_symlink():
            os.rename(path, site)
        else:
            _remove(path)

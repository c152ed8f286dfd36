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
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from . import citation, fidelity, offline, printbuild, redirects
from .annotate import BIBLIOGRAPHY_PAGE, collect
from .downloads import DOWNLOADS, OFFLINE_ZIP
from .errors import EditionError, Problem, logged_warnings
from .links import text_url
from .model import Document
from .pages import apparatus_page, home_page, review_report
from .registerpages import bibliography_page, register_page
from .pipeline import build_document
from .render import render_markdown
from .safeurl import web_url_problem
from .sourcefiles import find_sources

GENERATED_DIRS = ("docs/teksten", "docs/downloads", "build/offline-site")
GENERATED_FILES = ("docs/index.md", "docs/apparaat.md", "docs/woordenlijst.md", "docs/personen.md",
                   "docs/plaatsen.md", "docs/bibliografie.md")
DEFAULT_SITE_URL = "http://127.0.0.1:8000/"
REVIEW = "review/review.md"
SITE = "site"
TMP_SUFFIX = ".tmp-"  # site.tmp-<pid>: the site being built and checked
OLD_SUFFIX = ".old-"  # site.old-<pid>: the previous site, for the moment of the swap (no exchange)


@dataclass
class Result:
    docs: list[Document]
    written: list[Path]
    redirects: dict
    pdfs: list = field(default_factory=list)  # printbuild.Made, by build_all
    offline_zip: Path | None = None


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


def load_all(root: Path) -> list[Document]:
    docs, problems = [], []
    raw_texts = sources(root)
    for src in raw_texts:
        try:
            doc = build_document(src, root)
        except EditionError as exc:
            problems.extend(exc.problems)
            continue
        problems.extend(fidelity.check_model(doc))
        docs.append(doc)
    if not raw_texts:
        problems.append(Problem("sources/", "geen ruwe teksten (*.txt) gevonden."))
    if problems:
        raise EditionError(problems)
    return docs


def _write(path: Path, text: str, written: list[Path]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # Only rewrite what changed, so `mkdocs serve` does not loop and mtimes stay meaningful.
    if not path.exists() or path.read_bytes() != text.encode("utf-8"):
        path.write_bytes(text.encode("utf-8"))  # bytes: RIS keeps its CRLF line ends
    written.append(path)


def site_url(root: Path) -> str:
    """`site_url` of mkdocs.yml, with its `!ENV [NAME, default]` resolved the way MkDocs does."""
    import yaml

    class _Loader(yaml.SafeLoader):
        pass

    def _env(loader, node):
        names = loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) else [loader.construct_scalar(node)]
        for name in names[:-1] if len(names) > 1 else names:
            if name in os.environ:
                return os.environ[name]
        return names[-1] if len(names) > 1 else None

    _Loader.add_constructor("!ENV", _env)
    _Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    config = yaml.load((root / "mkdocs.yml").read_text("utf-8"), Loader=_Loader) or {}
    url = config.get("site_url") or DEFAULT_SITE_URL
    # The address goes into every page (canonical link, citations, sitemap) and into the PDFs.
    problem = web_url_problem(url) if isinstance(url, str) else "het is geen tekst"
    if problem is None and (urlsplit(url).query or urlsplit(url).fragment):
        problem = "het adres heeft een ‘?’ of ‘#’-deel"
    if problem:
        raise EditionError(Problem("SITE_URL", f"ongeldig adres van de website ({problem}).",
                                   "Geef het volledige adres waar de site komt te staan, bijvoorbeeld "
                                   "SITE_URL=https://voorbeeld.nl/editie/ make build"))
    return url


def generate(root: Path, docs: list[Document] | None = None, edition=None, downloads: dict | None = None) -> Result:
    """The Markdown pages; `downloads` (file name → printbuild.Made) adds the links to the PDFs."""
    docs = docs if docs is not None else load_all(root)
    edition = edition if edition is not None else collect(root, docs)
    url = site_url(root)
    moved = redirects.load(root)
    written: list[Path] = []
    texts_dir = root / "docs" / "teksten"
    for doc in docs:
        trailer = redirects.anchor_script(redirects.anchor_map(moved, text_url(doc.slug)))
        _write(texts_dir / f"{doc.slug}.md", render_markdown(doc, trailer=trailer, edition=edition, site_url=url,
                                                                  downloads=downloads),
               written)
        if edition.bib is not None and doc.slug in edition.bib:
            for name, content in citation.exports(doc, edition, url).items():
                _write(texts_dir / name, content, written)
    _write(root / "docs" / "index.md", home_page(docs, downloads), written)
    _write(root / "docs" / "apparaat.md", apparatus_page(docs), written)
    for register in edition.registers:
        _write(root / "docs" / f"{register.kind.page}.md", register_page(edition, register), written)
    if edition.bib is not None:
        _write(root / "docs" / f"{BIBLIOGRAPHY_PAGE}.md", bibliography_page(edition), written)
    _write(root / REVIEW, review_report(docs, edition), written)
    # Pages of texts (and apparatus pages) that no longer have a source must not linger.
    for stale in [*texts_dir.iterdir(), *(root / p for p in GENERATED_FILES)]:
        if stale.is_file() and stale not in written:
            stale.unlink()
    return Result(docs, written, moved)


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


def mkdocs_build(root: Path, site_dir: Path | None = None, offline_variant: bool = False) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    os.environ["SOURCE_DATE_EPOCH"] = source_date_epoch(root)
    overrides = {"site_dir": str(site_dir)} if site_dir else {}
    cwd = Path.cwd()
    os.chdir(root)
    # MkDocs reports through logging; keep its warnings so the error can say what they were.
    try:
        with logged_warnings("mkdocs") as warnings:
            try:
                config = load_config(config_file=str(root / "mkdocs.yml"), strict=True, **overrides)
                if offline_variant:
                    offline.configure(config)
                build(config)
            except Abort as exc:
                said = "".join(f"\n    MkDocs: {m}" for m in warnings.messages)
                raise EditionError(Problem("mkdocs.yml", f"MkDocs-build mislukt: {exc}{said}",
                                           "De build is strikt: los elke waarschuwing op (bijvoorbeeld een link naar "
                                           "een pagina die niet bestaat).")) from None
    finally:
        os.chdir(cwd)


def check_site(root: Path, docs: list[Document], site_dir: Path, shown_as: Path | None = None) -> None:
    """The fidelity check on every built text page; `shown_as`: the directory the messages name
    instead of `site_dir` (the temporary copy is named as the site/ it is built to become)."""
    problems = []

    def show(path: Path) -> str:
        if shown_as is not None:
            path = shown_as / path.relative_to(site_dir)
        return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)

    for doc in docs:
        page = site_dir / "teksten" / doc.slug / "index.html"
        if not page.exists():
            page = site_dir / "teksten" / f"{doc.slug}.html"
        if not page.exists():
            problems.append(Problem(doc.path, f"geen gebouwde pagina voor deze tekst in {show(site_dir)}/."))
            continue
        problems.extend(fidelity.check_html(doc, page.read_text("utf-8"), show(page)))
    if problems:
        raise EditionError(problems)


def build_all(root: Path, downloads: bool = True) -> Result:
    """Everything: the PDFs, the Markdown, the site, its checks, the offline zip (without
    `downloads`: the site alone).  site/ is replaced only when all of it succeeded."""
    docs = load_all(root)
    edition = collect(root, docs)
    url = site_url(root)
    epoch = int(source_date_epoch(root))
    made = printbuild.build_pdfs(edition, url, epoch, root / "docs" / DOWNLOADS, root) if downloads else []
    result = generate(root, docs, edition, {m.name: m for m in made} or None)
    site_dir = root / SITE
    remove_stale_builds(root)
    new_dir = root / f"{SITE}{TMP_SUFFIX}{os.getpid()}"
    try:
        _remove(new_dir)
        mkdocs_build(root, new_dir)
        redirects.write_page_redirects(result.redirects, new_dir)
        check_site(root, result.docs, new_dir, shown_as=site_dir)
        if downloads:
            offline_dir = root / offline.OFFLINE_DIR
            shutil.rmtree(offline_dir, ignore_errors=True)
            mkdocs_build(root, offline_dir, offline_variant=True)
            redirects.write_page_redirects(result.redirects, offline_dir)
            offline.finish(root, offline_dir, url)
            offline.write_zip(offline_dir, new_dir / DOWNLOADS / OFFLINE_ZIP, epoch)
        swap_in(new_dir, site_dir)
    except BaseException:
        # A failed check, an error or Ctrl-C: the previous site/ stays, the copy goes.
        with _uninterrupted():
            _remove_quietly(new_dir)  # a failing clean-up must not hide why the build stopped
        raise
    if downloads:
        result.offline_zip = site_dir / DOWNLOADS / OFFLINE_ZIP
        result.pdfs = made
    return result


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

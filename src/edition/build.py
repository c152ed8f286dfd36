"""One command builds everything: generate Markdown → MkDocs → fidelity check on the HTML.

Collect first, resolve later: every text is built into the model before anything is written, so a
problem in any text stops the build before a half-built site exists.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

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

GENERATED_DIRS = ("docs/teksten", "docs/downloads", "build/offline-site")
GENERATED_FILES = ("docs/index.md", "docs/apparaat.md", "docs/woordenlijst.md", "docs/personen.md",
                   "docs/plaatsen.md", "docs/bibliografie.md")
DEFAULT_SITE_URL = "http://127.0.0.1:8000/"
REVIEW = "review/review.md"


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
    return sorted((root / "sources").glob("*.txt"))


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
    return config.get("site_url") or DEFAULT_SITE_URL


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
        return os.environ["SOURCE_DATE_EPOCH"]
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


def check_site(root: Path, docs: list[Document], site_dir: Path) -> None:
    problems = []
    for doc in docs:
        page = site_dir / "teksten" / doc.slug / "index.html"
        if not page.exists():
            page = site_dir / "teksten" / f"{doc.slug}.html"
        if not page.exists():
            problems.append(Problem(doc.path, f"geen gebouwde pagina voor deze tekst in {site_dir}."))
            continue
        shown = page.relative_to(root).as_posix() if page.is_relative_to(root) else str(page)
        problems.extend(fidelity.check_html(doc, page.read_text("utf-8"), shown))
    if problems:
        raise EditionError(problems)


def build_all(root: Path, downloads: bool = True) -> Result:
    """Everything: the PDFs, the Markdown, the site, its checks, the offline zip (without
    `downloads`: the site alone)."""
    docs = load_all(root)
    edition = collect(root, docs)
    url = site_url(root)
    epoch = int(source_date_epoch(root))
    made = printbuild.build_pdfs(edition, url, epoch, root / "docs" / DOWNLOADS, root) if downloads else []
    result = generate(root, docs, edition, {m.name: m for m in made} or None)
    site_dir = root / "site"
    try:
        mkdocs_build(root)
        redirects.write_page_redirects(result.redirects, site_dir)
        check_site(root, result.docs, site_dir)
        if not downloads:
            return result
        offline_dir = root / offline.OFFLINE_DIR
        shutil.rmtree(offline_dir, ignore_errors=True)
        mkdocs_build(root, offline_dir, offline_variant=True)
        redirects.write_page_redirects(result.redirects, offline_dir)
        offline.finish(root, offline_dir, url)
        result.offline_zip = site_dir / DOWNLOADS / OFFLINE_ZIP
        offline.write_zip(offline_dir, result.offline_zip, epoch)
        result.pdfs = made
    except EditionError:
        # Never leave a site behind that failed its checks.
        shutil.rmtree(site_dir, ignore_errors=True)
        raise
    return result

"""Incremental site builds: MkDocs renders again only the pages whose Markdown changed (issue 16).

A page's HTML depends on its own Markdown and on the site's *shape*: the configuration, the theme's
overrides, the hooks, the code, the date, SITE_URL, the facts the hand-written pages quote, the list
of files under docs/ and every page's front matter and first heading (the navigation, the previous /
next links and the sitemap are made of them).  When the shape is what it was at the last good build,
the new site starts as a copy of site/ and MkDocs runs with `dirty=True`: it renders a page only when
its output is older than its source.  What counts as changed is decided here by content, not by
mtimes: the last good build's manifest (`build/cache/site.json`) holds a hash of every file under
docs/; a changed file loses its output in the copy (MkDocs makes it again), an unchanged one gets an
output at least as new as its source (MkDocs leaves it).  Any change of shape: an empty directory, a
full build.  The test (tests/test_incremental_site.py) compares such a build with a clean one, byte
for byte.

Nothing of the previous site/ is written to: HTML and the other small files are copied; the
downloads (large, never edited in place by MkDocs) are hard links, and every one whose source
changed is unlinked in the copy before MkDocs copies the new one.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from edition import cache as build_cache

MANIFEST = build_cache.CACHE_DIR / "site.json"
OFFLINE_MANIFEST = build_cache.CACHE_DIR / "offline-site.json"  # the same for the offline variant (offline.py)
# Files of the built site that are hard-linked into the copy instead of copied (see above).
LINKED_DIRS = ("downloads",)
# MkDocs logs this on every dirty build; with `strict` it would count as a warning and stop the build.
DIRTY_WARNING = "A 'dirty' build is being performed"


@dataclass
class Plan:
    """What the next MkDocs build is: `dirty` (start from the last site) or full, and why."""

    dirty: bool
    reason: str
    shape: str
    files: dict[str, str]  # docs/ file (POSIX, relative to docs/) → SHA-256 of its content
    changed: list[str] = field(default_factory=list)  # docs/ files changed since the last good build


def _front(markdown: str) -> str:
    """The front matter and the first level-1 heading of a page: what other pages show of it."""
    lines = markdown.split("\n")
    head: list[str] = []
    if lines and lines[0].strip() == "---":
        for i, line in enumerate(lines[1:], 1):
            if line.strip() in ("---", "..."):
                head = lines[: i + 1]
                lines = lines[i + 1:]
                break
    heading = next((line for line in lines if line.startswith("# ")), "")
    return "\n".join(head) + "\n" + heading


def scan(docs: Path, contents: bool = True) -> tuple[dict[str, str], dict[str, str]]:
    """(each file under `docs/` → the SHA-256 of its content, each Markdown page → its `_front`),
    every file read once.  Without `contents`: each file → "" and only the pages read, which is all
    `shape_key` needs (the PDFs under docs/downloads/ are most of the bytes)."""
    import hashlib

    files, fronts = {}, {}
    for path in sorted(docs.rglob("*")):
        if path.is_file() and not path.name.startswith("."):
            name = path.relative_to(docs).as_posix()
            if not contents and not name.endswith(".md"):
                files[name] = ""
                continue
            data = path.read_bytes()
            files[name] = hashlib.sha256(data).hexdigest() if contents else ""  # as build_cache.file_digest
            if name.endswith(".md"):
                fronts[name] = _front(data.decode("utf-8", errors="replace"))
    return files, fronts


def docs_files(docs: Path) -> dict[str, str]:
    return scan(docs)[0]


def shape_key(root: Path, scanned: tuple[dict[str, str], dict[str, str]], site_url: str, epoch: str,
              variant: str = "") -> str:
    """What every page of the site shows (see the module's docstring); `scanned` is `scan(docs/)`
    (of its files, only their names count: `scan(docs/, contents=False)` gives the same key)."""
    from edition.build import FACTS_FILE

    files, fronts = scanned
    return build_cache.digest("site-shape", variant, build_cache.code_digest(), build_cache.environment_digest(),
                              site_url, epoch, sorted(files), sorted(fronts.items()),
                              [build_cache.tree_digest(root / n) for n in ("mkdocs.yml", "overrides", "hooks")],
                              build_cache.file_digest(root / FACTS_FILE))


def plan(root: Path, site_dir: Path, site_url: str, epoch: str, enabled: bool = True,
         manifest: Path = MANIFEST, variant: str = "") -> Plan:
    """`manifest`, `variant`: another site made from the same docs/ (the offline variant)."""
    scanned = scan(root / "docs")
    files, shape = scanned[0], shape_key(root, scanned, site_url, epoch, variant)
    if not enabled:
        return Plan(False, "zonder cache", shape, files)
    try:
        last = json.loads((root / manifest).read_text("utf-8"))
    except (OSError, ValueError):
        return Plan(False, "geen vorige build", shape, files)
    if not isinstance(last, dict) or not isinstance(last.get("files"), dict):
        return Plan(False, "geen vorige build", shape, files)
    if not (site_dir / "index.html").is_file():
        return Plan(False, "geen site/", shape, files)
    if last.get("shape") != shape:
        return Plan(False, "opzet van de site gewijzigd", shape, files)
    changed = [n for n, h in files.items() if last["files"].get(n) != h]
    return Plan(True, f"{len(changed)} bestand(en) gewijzigd", shape, files, changed)


def _dest(site: Path, name: str) -> Path:
    """Where MkDocs writes docs/`name` (use_directory_urls: x.md → x/index.html, index.md stays)."""
    if not name.endswith(".md"):
        return site / name
    stem = name[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return site / (stem + ".html")
    return site / stem / "index.html"


def prepare(plan_: Plan, root: Path, site_dir: Path, new_dir: Path) -> None:
    """Fill `new_dir` for a dirty MkDocs build (see the module's docstring); nothing for a full one."""
    if not plan_.dirty:
        return

    def copy(src: str, dst: str) -> None:
        rel = Path(src).relative_to(site_dir).parts
        if rel and rel[0] in LINKED_DIRS:
            os.link(src, dst)
        else:
            shutil.copy2(src, dst)

    shutil.copytree(site_dir, new_dir, copy_function=copy, symlinks=True)
    shutil.rmtree(new_dir / "pagefind", ignore_errors=True)  # made again over the whole site
    _date_outputs(plan_, root, new_dir)


def _date_outputs(plan_: Plan, root: Path, site: Path) -> None:
    """For MkDocs' dirty build: the output of a changed docs/ file deleted, every other one dated
    at least as late as its source."""
    changed = set(plan_.changed)
    for name in plan_.files:
        src, dest = root / "docs" / name, _dest(site, name)
        if name in changed:
            dest.unlink(missing_ok=True)
        elif dest.is_file():
            # In nanoseconds: a float rounded below the source's time made MkDocs render the page again.
            mtime = max(dest.stat().st_mtime_ns, src.stat().st_mtime_ns)
            os.utime(dest, ns=(mtime, mtime))


def prepare_in_place(plan_: Plan, root: Path, site_dir: Path) -> None:
    """`prepare` for a site that is itself the scratch copy (the offline variant, build/offline-site/,
    of which only the zip is kept): a full build starts from nothing; a dirty one deletes the
    outputs of the changed files and dates the others after their sources.  The manifest is
    forgotten first (`forget`): a build stopped half-way leaves a directory no build trusts."""
    if not plan_.dirty:
        shutil.rmtree(site_dir, ignore_errors=True)
        return
    _date_outputs(plan_, root, site_dir)


def page_url(name: str) -> str:
    """The URL MkDocs gives docs/`name` (use_directory_urls), relative to the site: '', 'x/'."""
    return _dest(Path(), name).as_posix().removesuffix("index.html")


def record(plan_: Plan, root: Path, manifest: Path = MANIFEST) -> None:
    """After a good build: the manifest the next build compares with."""
    path = root / manifest
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_text(json.dumps({"shape": plan_.shape, "files": plan_.files}, indent=0, sort_keys=True) + "\n",
                   "utf-8")
    os.replace(tmp, path)


def forget(root: Path, manifest: Path = MANIFEST) -> None:
    (root / manifest).unlink(missing_ok=True)


def rebuilt_pages(plan_: Plan) -> set[str] | None:
    """The docs/ Markdown files MkDocs renders again (None: all of them)."""
    if not plan_.dirty:
        return None
    return {n for n in plan_.changed if n.endswith(".md")}


def describe(plan_: Plan) -> str:
    """For the build's summary (Dutch)."""
    from edition.dutch import count

    if not plan_.dirty:
        return f"volledig gebouwd ({plan_.reason})"
    pages = count(len(rebuilt_pages(plan_) or ()), "pagina", "pagina's")
    return (f"bijgewerkt: {pages} opnieuw gemaakt, de rest ongewijzigd "
            "uit de vorige build (en daar gecontroleerd)")

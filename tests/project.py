"""A private copy of the edition project for tests that change its inputs (hostile values, extra
files) or build it: the copy has the repository's inputs and no generated files, and shares the
installed package and node_modules/ (linked), so a build there never touches this checkout."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# What a build reads; everything else (generated pages, site/, review/) is made by the build itself.
INPUTS = ("mkdocs.yml", "redirects.yml", "sources", "registers", "bibliography", "overrides", "hooks")
_GENERATED_DOCS = {"index.md", "teksten", "apparaat.md", "woordenlijst.md", "personen.md", "plaatsen.md",
                   "bibliografie.md", "downloads"}


def copy_project(dest: Path) -> Path:
    """Copy the project's inputs to `dest` (created) and return it."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in INPUTS:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif src.exists():
            shutil.copy2(src, dest / name)
    shutil.copytree(ROOT / "docs", dest / "docs", ignore=lambda d, names: (
        [n for n in names if n in _GENERATED_DOCS] if Path(d) == ROOT / "docs" else []))
    if (ROOT / "node_modules").is_dir():
        os.symlink(ROOT / "node_modules", dest / "node_modules")
    return dest


def run_edition(root: Path, *args: str, env: dict | None = None, timeout: int = 900) -> subprocess.CompletedProcess:
    """`edition ARGS` in `root`, as an editor runs it (a fresh process, output captured)."""
    return subprocess.run([sys.executable, "-m", "edition.cli", *args], cwd=root, capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, **(env or {})})


def metadata_yaml(genre: str = "analyse") -> str:
    """A complete, neutral `metadata:` block for an editorial file of a test text (so that it is no draft)."""
    return f"""metadata:
  title: {{text: Een titel, supplied: true}}
  authors: []
  author_note: De tekst noemt geen auteur.
  date: {{iso: "2025-09", display: september 2025, approximate: true, evidence: afgeleid}}
  published_in: {{text: null, evidence: onbekend}}
  translation: {{status: onbekend, evidence: geen vertaler vermeld}}
  genre: {genre}
  description: Een zin.
"""

"""A private copy of the edition project for tests that change its inputs (hostile values, extra
files) or build it: the copy has the repository's inputs and no generated files, and shares the
installed package and node_modules/ (linked), so a build there never touches this checkout."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def copy_project(dest: Path) -> Path:
    """Copy the project's inputs to `dest` (created) and return it (`edition.bench.copy_inputs`)."""
    from edition.bench import copy_inputs

    return copy_inputs(ROOT, dest)


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

"""The bibliography: every `bibliography/*.bib` file, parsed by pybtex, formatted in the Dutch style.

Every source text has an entry whose key is its slug (the "Citeer deze tekst" box and the
citation meta tags are built from it); every key cited in notes, glossary or registers must exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pybtex.database import BibliographyData

from . import bibstyle
from .errors import EditionError, Problem


@dataclass
class Bibliography:
    data: BibliographyData
    files: dict[str, str]  # key → file it came from (for messages)

    def __contains__(self, key: str) -> bool:
        return key in self.data.entries

    def entry(self, key: str):
        return self.data.entries[key]

    def label(self, key: str) -> str:
        return bibstyle.cite_label(self.data.entries[key])

    def keys(self) -> list[str]:
        return list(self.data.entries)


def load_bibliography(root: Path) -> Bibliography:
    merged = BibliographyData()
    files: dict[str, str] = {}
    problems = []
    for path in sorted((root / "bibliography").glob("*.bib")):
        shown = path.relative_to(root).as_posix()
        try:
            data = bibstyle.load(path, shown_as=shown)
        except EditionError as exc:
            problems.extend(exc.problems)
            continue
        for key, entry in data.entries.items():
            if key in files:
                problems.append(Problem(shown, f"sleutel ‘{key}’ staat ook in {files[key]}.",
                                        "Elke sleutel mag maar één keer voorkomen in bibliography/."))
                continue
            files[key] = shown
            merged.entries[key] = entry
    if problems:
        raise EditionError(problems)
    return Bibliography(merged, files)

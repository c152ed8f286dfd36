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
from .safeurl import doi_problem, web_url_problem


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
    """Every .bib file merged; one EditionError with every problem of every file."""
    bib, problems, _broken = load_bibliography_partly(root)
    if problems:
        raise EditionError(problems)
    return bib


def load_bibliography_partly(root: Path) -> tuple[Bibliography, list[Problem], list[str]]:
    """The entries of every .bib file that could be read, the problems, and the files that could
    not be read (their keys are unknown, so the caller must not report citations as unknown)."""
    merged = BibliographyData()
    files: dict[str, str] = {}
    problems: list[Problem] = []
    broken: list[str] = []
    for path in sorted((root / "bibliography").glob("*.bib")):
        shown = path.relative_to(root).as_posix()
        try:
            data = bibstyle.load(path, shown_as=shown)
        except EditionError as exc:
            problems.extend(exc.problems)
            broken.append(shown)
            continue
        if not data.entries:
            problems.append(Problem(f"{shown}:1", "het BibTeX-bestand bevat geen enkel item.",
                                    "Voeg items toe (@online{sleutel, …}) of verwijder het lege bestand."))
            broken.append(shown)
            continue
        text = path.read_text("utf-8")
        for key, entry in data.entries.items():
            if key in files:
                start = bibstyle._entry_start(text, key, last=False)
                line = bibstyle._line_at(text, start) if start is not None else None
                problems.append(Problem(f"{shown}:{line}" if line else shown,
                                        f"sleutel ‘{key}’ staat ook in {files[key]}.",
                                        "Elke sleutel mag maar één keer voorkomen in bibliography/."))
                continue
            files[key] = shown
            merged.entries[key] = entry
            problems += _link_problems(key, entry, text, shown)
    return Bibliography(merged, files), problems, broken


def _link_problems(key: str, entry, text: str, shown: str) -> list[Problem]:
    """`url` and `doi` become links on the bibliography page: only web addresses and real DOIs."""
    checks = (("url", web_url_problem, "Schrijf het volledige webadres, beginnend met https:// (of http://)."),
              ("doi", doi_problem, "Schrijf alleen de DOI zelf, zonder https://doi.org/ ervoor."))
    problems = []
    for name, problem_of, fix in checks:
        value = entry.fields.get(name)
        problem = problem_of(str(value)) if value is not None else None
        if problem:
            start = bibstyle._entry_start(text, key, last=False)
            line = bibstyle._line_at(text, start) if start is not None else None
            problems.append(Problem(f"{shown}:{line}" if line else shown,
                                    f"item ‘{key}’, veld {name} = {{{str(value)[:60]}}}: {problem}.", fix))
    return problems

"""Errors that stop the build, each with a place, the problem and how to fix it (Dutch, for editors)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Problem:
    where: str  # "sources/x.txt:41" or "sources/x.yml:12"
    what: str
    fix: str = ""

    def __str__(self) -> str:
        text = f"{self.where}: {self.what}"
        if self.fix:
            text += f"\n    → {self.fix}"
        return text


class EditionError(Exception):
    """One or more problems; the CLI prints them all and exits non-zero."""

    def __init__(self, problems: list[Problem] | Problem):
        self.problems = problems if isinstance(problems, list) else [problems]
        super().__init__("\n".join(str(p) for p in self.problems))

"""Errors that stop the build, each with a place, the problem and how to fix it (Dutch, for editors)."""

from __future__ import annotations

import difflib
import logging
from contextlib import contextmanager
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


def closest(word: str, options) -> str | None:
    """The option most like `word` (for "Bedoelde u …?"), or None."""
    near = difflib.get_close_matches(word, sorted(options), 1, 0.6)
    return near[0] if near else None


def did_you_mean(word: str, options) -> str:
    near = closest(word, options)
    return f" Bedoelde u ‘{near}’?" if near else ""


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def logged_warnings(logger: str):
    """The warnings a library (MkDocs, WeasyPrint) logs while the block runs, as `.messages`, so
    that the build can report them as problems instead of letting them scroll by."""
    collected = _Collect()
    logging.getLogger(logger).addHandler(collected)
    try:
        yield collected
    finally:
        logging.getLogger(logger).removeHandler(collected)

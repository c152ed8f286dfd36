"""The OpenTaal Dutch word list (Debian packages `wdutch` and `hunspell-nl`), loaded once, lazily.

`wdutch` gives every spelled-out form (413,000, inflections included, with the official hyphens:
`tv-programma`, `zwart-wit`, `minister-president`); `hunspell-nl` adds stems that the first list
lacks and, just as useful, the forms it marks as wrong (FORBIDDENWORD: `binnengeleidt`).

A missing list is an error, not a quieter mode: which hyphens the cleaner keeps depends on it, so a
machine without it would publish a different text without saying so.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from edition.errors import EditionError, Problem

WORD_LIST = Path("/usr/share/dict/dutch")  # Debian wdutch
HUNSPELL_DIC = Path("/usr/share/hunspell/nl.dic")  # Debian hunspell-nl
INSTALL = "Installeer de Debian-pakketten wdutch en hunspell-nl: bash scripts/install-system-deps.sh"
# hunspell-nl uses two-character flags (FLAG long): forbidden, only inside compounds, substandard.
_FORBIDDEN, _NOT_ALONE = "Fw", {"Cx", "Wn"}


@dataclass(eq=False)  # identity hash: one list per process, cached lookups key on it
class WordList:
    words: frozenset[str]  # as listed (case matters: "Nederland", "tv-programma")
    forbidden: frozenset[str]  # lower-cased forms the list marks as wrong
    lower: frozenset[str] = field(init=False)  # the entries written in lower case
    plain_lower: tuple[str, ...] = field(init=False)  # sorted lower-case entries without a hyphen (prefix scans)
    hyphen_heads: dict[str, int] = field(init=False)  # "tv" → how many entries "tv-<lower-case word>"

    def __post_init__(self) -> None:
        self.lower = frozenset(w for w in self.words if w == w.lower())
        self.plain_lower = tuple(sorted(w for w in self.lower if "-" not in w))
        heads: dict[str, int] = {}
        for w in self.words:
            parts = w.split("-")
            if len(parts) >= 2 and parts[0] and parts[1][:1].islower():
                head = parts[0].lower()
                heads[head] = heads.get(head, 0) + 1
        self.hyphen_heads = heads

    def knows(self, form: str) -> bool:
        """Is `form` a Dutch word form?  As listed, or a lower-case entry written with capitals (at the
        start of a sentence, in a heading); a name does not make its lower-case form a word
        ("Vooren" is a place, "vooren" no word)."""
        form = form.replace("\u2010", "-")
        if form.lower() in self.forbidden:
            return False
        return form in self.words or form.lower() in self.lower

    def forbids(self, form: str) -> bool:
        return form.lower() in self.forbidden

    def is_name(self, form: str) -> bool:
        """A capitalised entry with no lower-case twin: a proper noun ("Poetin", "Europa")."""
        return form in self.words and form[:1].isupper() and form[:1].lower() + form[1:] not in self.words

    def joined_heads(self, head: str) -> int:
        """How many lower-case entries are `head` + another entry of 3+ letters ("oud" + "papier")."""
        return _joined_heads(self, head.lower())


@lru_cache(maxsize=4096)
def _joined_heads(wl: WordList, head: str) -> int:
    start = bisect.bisect_left(wl.plain_lower, head)
    n = 0
    for w in wl.plain_lower[start:]:
        if not w.startswith(head):
            break
        rest = w[len(head):]
        if len(rest) >= 3 and rest in wl.lower:
            n += 1
    return n


def _read(path: Path) -> str:
    try:
        return path.read_text("utf-8")
    except FileNotFoundError:
        raise EditionError(Problem(str(path), "de Nederlandse woordenlijst ontbreekt; zonder die lijst kan niet "
                                   "worden beslist welke streepjes aan een regeleinde echt zijn", INSTALL)) from None
    except (OSError, UnicodeDecodeError) as e:
        raise EditionError(Problem(str(path), f"de Nederlandse woordenlijst is niet te lezen ({e})", INSTALL)) from None


def parse_hunspell(text: str) -> tuple[set[str], set[str]]:
    """Stems usable on their own, and forbidden forms, from a hunspell .dic (first line: the count)."""
    words, forbidden = set(), set()
    for line in text.split("\n")[1:]:
        entry = line.split("\t", 1)[0].strip()
        if not entry:
            continue
        stem, _, flags = entry.partition("/")
        # The Dutch dictionary writes the ligature ĳ; texts write i + j.
        stem = stem.replace("\u0133", "ij").replace("\u0132", "IJ")
        pairs = {flags[i:i + 2] for i in range(0, len(flags), 2)}
        if _FORBIDDEN in pairs:
            forbidden.add(stem.lower())
        elif not pairs & _NOT_ALONE and not stem.startswith("-") and not stem.endswith("-"):
            words.add(stem)
    return words, forbidden


_given: list[WordList] = []  # only while `install` runs


@lru_cache(maxsize=1)
def load() -> WordList:
    """The word lists of this machine, read once per process (or the copy `install` gave)."""
    if _given:
        return _given[0]
    words = {w.strip() for w in _read(WORD_LIST).split("\n") if w.strip()}
    extra, forbidden = parse_hunspell(_read(HUNSPELL_DIC))
    forbidden -= {w.lower() for w in words}  # wdutch's spelled-out forms win over a hunspell flag
    return WordList(frozenset(words | extra), frozenset(forbidden))


def loaded() -> bool:
    return load.cache_info().currsize > 0


def install(wl: WordList) -> None:
    """Make `wl` the list `load` returns in this process: edition.cache keeps a pickled copy of a
    list read before (reading and indexing the text files takes a second), keyed on the files."""
    load.cache_clear()
    _given.append(wl)
    try:
        load()
    finally:
        _given.clear()

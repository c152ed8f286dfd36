"""Dutch word knowledge: a frequency lexicon (wordfreq) and hyphenation patterns (pyphen nl_NL).

Nothing here knows the words of this corpus; it answers "is this a Dutch word?" and "may a
Dutch word be broken here?" for any text.
"""

from __future__ import annotations

from functools import lru_cache

import pyphen
from wordfreq import zipf_frequency

# Zipf ≥ 2.5 ≈ at least a few occurrences per hundred million words: an established word.
KNOWN_ZIPF = 2.5
# Zipf ≥ 1 ≈ attested at all in a large corpus (rare compounds such as "oorlogsbeweging").
RARE_ZIPF = 1.0
_POSSESSIVE = ("’s", "'s")


def strip_possessive(word: str) -> str:
    for suffix in _POSSESSIVE:
        if word.endswith(suffix):
            return word[: -len(suffix)]
    return word


@lru_cache(maxsize=65536)
def zipf(word: str) -> float:
    """Frequency of a single word form; hyphenated strings are never looked up whole here,
    because wordfreq would split them and report the frequency of their parts."""
    word = strip_possessive(word).lower()
    if not word or "-" in word:
        return 0.0
    return zipf_frequency(word, "nl")


def is_known(word: str) -> bool:
    return zipf(word) >= KNOWN_ZIPF


@lru_cache(maxsize=1)
def _hyphenator() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="nl_NL")


@lru_cache(maxsize=65536)
def break_points(word: str) -> tuple[int, ...]:
    return tuple(_hyphenator().positions(strip_possessive(word).lower()))


def may_break_at(word: str, index: int) -> bool:
    """Would Dutch hyphenation allow a line break after `word[:index]`?"""
    return index in break_points(word)

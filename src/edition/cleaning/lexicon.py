"""Dutch word knowledge: a frequency lexicon (wordfreq) and hyphenation patterns (pyphen nl_NL).

Nothing here knows the words of this corpus; it answers "is this a Dutch word?" and "may a
Dutch word be broken here?" for any text.
"""

from __future__ import annotations

from functools import lru_cache

import pyphen

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
    # Imported here, not at the top: wordfreq takes a fifth of a second to import, and a build
    # whose texts all come from the cache never asks a frequency.
    from wordfreq import zipf_frequency

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


# --- the OpenTaal word list (wordlist.py): spelling, where wordfreq only knows usage ----------------

def listed(word: str) -> bool:
    """Does the Dutch word list have this form (also written with capitals), and not as a wrong form?"""
    from edition.cleaning import wordlist  # lazy: the list is read on first use only

    return bool(word) and wordlist.load().knows(strip_possessive(word))


def listed_common(word: str) -> bool:
    """Listed, and not only as a proper noun ("Vooren" is a place; "vooren" no word)."""
    from edition.cleaning import wordlist

    wl = wordlist.load()
    word = strip_possessive(word)
    if not word or not wl.knows(word):
        return False
    return not wl.is_name(word) or word.lower() in wl.lower


def is_name(word: str) -> bool:
    """A proper noun: listed with a capital and not in lower case, or a frequent word the list lacks."""
    from edition.cleaning import wordlist

    word = strip_possessive(word)
    if not word[:1].isupper() or not word[1:].islower():
        return False
    wl = wordlist.load()
    if word.lower() in wl.lower:
        return False
    return wl.is_name(word) or zipf(word) >= KNOWN_ZIPF


def hyphen_head(part: str) -> tuple[int, int]:
    """How often the word list writes `part` as a first part with a hyphen ("tv-programma": tv) and
    how often joined to another listed word ("oudpapier": oud)."""
    from edition.cleaning import wordlist

    wl = wordlist.load()
    return wl.hyphen_heads.get(part.lower(), 0), wl.joined_heads(part)

"""Is a hyphen at a line end a typesetter's break (join the word) or a real hyphen (keep it)?

Decided per case from general evidence, strongest first:
orthography (capitals, digits, suspended hyphens, vowel clash, hyphenating prefixes), the text
itself (does the word occur elsewhere, joined or hyphenated?), a Dutch frequency lexicon, and
Dutch hyphenation patterns.  Each verdict says why and whether it is doubtful.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from . import lexicon

HYPHENS = "-\u2010\u00ad"  # hyphen-minus, hyphen, soft hyphen (all three end a line the same way)
_LEADING_PUNCT = "‘“\"'(["
_TRAILING_PUNCT = ".,;:!?’”\"')]…"
VOWELS = set("aeiouyáéíóúàèëïöüâêîôû")
# Dutch vowel pairs that read as one sound; writing them across a compound boundary needs a hyphen
# ("klinkerbotsing": zee-egel, auto-ongeluk, multi-etnisch, anti-inflatie).
_CLASHING = {"aa", "ae", "ai", "au", "ee", "ei", "eu", "ie", "ii", "oe", "oi", "oo", "ou", "ui", "uu"}
# Prefixes Dutch spelling always joins with a hyphen (Leidraad Woordenlijst: ex-, oud-, niet-).
_HYPHEN_PREFIXES = {"ex", "oud", "niet"}
# Words after which a line-end "xxx-" is a suspended hyphen ("voor- en nadelen").
_CONJUNCTIONS = {"en", "of", "tot", "noch", "&"}


def core(token: str) -> str:
    return token.lstrip(_LEADING_PUNCT).rstrip(_TRAILING_PUNCT)


@dataclass(frozen=True)
class Verdict:
    join: bool
    reason: str  # Dutch, for the review report
    doubtful: bool = False
    space: bool = False  # a suspended hyphen keeps the space after it ("voor- en nadelen")


class Evidence:
    """Word forms that occur in the text outside line-end breaks (lower-cased)."""

    def __init__(self, tokens: list[str]):
        forms = [lexicon.strip_possessive(core(t)).lower() for t in tokens]
        self.counts = Counter(forms)
        # Adjacent parts of hyphenated words: "staakt-het-vuren" attests "het-vuren".
        for form in forms:
            parts = [p for p in re.split(f"[{HYPHENS}]", form)]
            for a, b in zip(parts, parts[1:]):
                if a and b:
                    self.counts[f"{a}-{b}"] += 1

    def count(self, form: str) -> int:
        return self.counts.get(lexicon.strip_possessive(form).lower(), 0)


def decide(left: str, right: str, next_word: str, evidence: Evidence) -> Verdict:
    """`left` ends with a hyphen at a line end; `right` is the first word of the next line."""
    left_core = core(left)[:-1] if core(left)[-1:] in HYPHENS else core(left).rstrip(HYPHENS)
    # "anti-" / "oorlogs- en …": the next word may itself end in a suspended hyphen.
    right_core = core(right).rstrip(HYPHENS)
    if not left_core or not right_core:
        return Verdict(False, "geen woord aan een van beide kanten van het streepje")
    segment = re.split(f"[{HYPHENS}]", left_core)[-1]  # "anti-oor" → "oor"
    prefix = left_core[: len(left_core) - len(segment)]
    joined = segment + right_core
    hyphenated = f"{segment}-{right_core}"

    if right_core.lower() in _CONJUNCTIONS:
        return Verdict(False, f"weglatingsstreepje (‘{left_core}- {right_core} …’)", space=True)
    if right_core[0].isupper():
        return Verdict(False, "tweede deel begint met een hoofdletter")
    if not segment or segment[-1].isdigit() or right_core[0].isdigit():
        return Verdict(False, "cijfer aan het streepje")
    if segment[-1].isupper():
        return Verdict(False, "afkorting of hoofdletterwoord voor het streepje")
    if len(segment) == 1 and not prefix:
        return Verdict(False, "losse letter voor het streepje (zoals in e-mail)")

    seen_joined = evidence.count(prefix + joined) + evidence.count(joined)
    seen_hyphenated = evidence.count(prefix + hyphenated) + evidence.count(hyphenated)
    if seen_hyphenated and not seen_joined:
        return Verdict(False, f"‘{prefix}{hyphenated}’ staat elders in de tekst met streepje")
    if seen_joined and not seen_hyphenated:
        return Verdict(True, f"‘{prefix}{joined}’ staat elders in de tekst aaneen")

    if segment.lower() in _HYPHEN_PREFIXES and not prefix and lexicon.is_known(right_core):
        return Verdict(False, f"voorvoegsel ‘{segment}-’ krijgt in het Nederlands een streepje")
    if lexicon.is_known(joined):
        return Verdict(True, f"‘{joined}’ is een bekend Nederlands woord")
    if prefix and len(segment) <= 3 and lexicon.is_known(segment):
        # "staak-het-" / "vuren": a short word between two hyphens is a part of a hyphenated
        # group, not a syllable ("anti-oor-" / "logs" is caught above: "oorlogs" is a word).
        return Verdict(False, f"kort woord ‘{segment}’ binnen een woordgroep met streepjes "
                              f"(‘{prefix}{segment}-’); ‘{joined}’ is onbekend", doubtful=True)
    clash = (segment[-1].lower() + right_core[0].lower()) in _CLASHING
    # The second part of a compound is often itself a compound, rarer than a plain word.
    both_words = (len(segment) >= 3 and lexicon.is_known(segment)
                  and lexicon.zipf(right_core) >= lexicon.RARE_ZIPF)
    if clash:
        return Verdict(False, "klinkerbotsing: de spelling vraagt hier een streepje",
                       doubtful=not both_words)
    vowel_junction = segment[-1].lower() in VOWELS and right_core[0].lower() in VOWELS
    if vowel_junction and both_words:
        return Verdict(False, f"‘{segment}’ en ‘{right_core}’ zijn beide woorden en botsen met klinkers; "
                              f"‘{joined}’ is onbekend", doubtful=True)
    if both_words:
        return Verdict(True, f"samenstelling ‘{joined}’ is onbekend in de woordenlijst, maar samenstellingen "
                             "schrijft men in het Nederlands aaneen", doubtful=True)
    if lexicon.may_break_at(joined, len(segment)):
        return Verdict(True, f"afbreekpunt volgens de Nederlandse afbreekregels (‘{segment}-{right_core}’)")
    return Verdict(True, f"‘{joined}’ is onbekend en ‘{segment}-’ is geen gewoon afbreekpunt",
                   doubtful=True)

"""Is a hyphen at a line end a typesetter's break (join the word) or a real hyphen (keep it)?

Decided per case from general evidence, strongest first:
the hyphen character itself (a soft hyphen; a text whose typesetter breaks lines with another
character than the text's own hyphens), suspended hyphens ("voor- en nadelen", unless "Xen" is a
word), orthography (capitals, digits, abbreviations), the text itself (does the word occur elsewhere,
joined or hyphenated?), the OpenTaal word list (its hyphenated and joined forms), Dutch spelling
rules (hyphenating prefixes, vowel clash, names, coordinate compounds), a frequency lexicon and
Dutch hyphenation patterns.  Each verdict says why (in Dutch) and whether it is doubtful.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass

from edition.cleaning import lexicon

SOFT_HYPHEN = "\u00ad"
HYPHEN = "\u2010"  # what WeasyPrint (and others) put at a line end when they break a word
HYPHENS = "-\u2010\u00ad"  # hyphen-minus, hyphen, soft hyphen (all three end a line the same way)
_LEADING_PUNCT = "‘“\"'(["
_TRAILING_PUNCT = ".,;:!?’”\"')]…"
VOWELS = set("aeiouyáéíóúàèëïöüâêîôû")
# Dutch vowel pairs that read as one sound; writing them across a compound boundary needs a hyphen
# ("klinkerbotsing": zee-egel, auto-ongeluk, multi-etnisch, anti-inflatie).
_CLASHING = {"aa", "ae", "ai", "au", "ee", "ei", "eu", "ie", "ii", "oe", "oi", "oo", "ou", "ui", "uu"}
# Prefixes Dutch spelling always writes with a hyphen (Leidraad Woordenlijst: ex-minister,
# oud-voorzitter, niet-roker, non-profit).  Not vice-: since 2005 "vicepremier" is written joined.
_HYPHEN_PREFIXES = {"ex", "oud", "niet", "non"}
# Prefixes the spelling joins ("antiroos") but writers often hyphenate in new formations
# ("anti-dogmatisch"); a new formation the lists do not know is therefore a doubt, kept.
_LOOSE_PREFIXES = {"anti"}
# Words after which a line-end "xxx-" is a suspended hyphen ("voor- en nadelen").
_CONJUNCTIONS = {"en", "of", "tot", "noch", "&"}
# Adjective endings of coordinate compounds ("economisch-politieke", "sociaal-culturele").
_ADJ_LEFT = re.compile(r"(isch|ieel|eel|aal|air|ief|iek|lijk)$")
_ADJ_RIGHT = re.compile(r"(isch|ische|ieel|iële|eel|ele|aal|ale|air|aire|ief|ieve|iek|ieke|lijk|lijke)$")
_INNER_HYPHEN = re.compile(r"(?<=\w)[-\u2010](?=\w)")
# A typesetter's character is only believed from a text that writes its own hyphens often enough.
_MIN_INNER = 2


def core(token: str) -> str:
    return token.lstrip(_LEADING_PUNCT).rstrip(_TRAILING_PUNCT)


@dataclass(frozen=True)
class Verdict:
    join: bool
    reason: str  # Dutch, for the review report
    doubtful: bool = False
    space: bool = False  # a suspended hyphen keeps the space after it ("voor- en nadelen")


class Evidence:
    """What the text itself says: word forms outside line-end breaks (lower-cased), and which hyphen
    characters it writes inside words.  `line_end_hyphens` (optional) counts the characters that end
    its hyphenated lines; with it a hyphen-minus at a line end can be told from the typesetter's."""

    def __init__(self, tokens: list[str], line_end_hyphens: Counter | dict | None = None):
        cores = [core(t) for t in tokens]
        forms = [lexicon.strip_possessive(c).lower() for c in cores]
        self.counts = Counter(forms)
        # Adjacent parts of hyphenated words: "staakt-het-vuren" attests "het-vuren".
        for form in forms:
            parts = re.split(f"[{HYPHENS}]", form)
            for a, b in zip(parts, parts[1:]):
                if a and b:
                    self.counts[f"{a}-{b}"] += 1
        self._sorted = sorted(self.counts)
        self.inner = Counter(m.group() for c in cores for m in _INNER_HYPHEN.finditer(c))
        self.line_end = Counter(line_end_hyphens or {})

    def count(self, form: str) -> int:
        return self.counts.get(_key(form), 0)

    def count_longer(self, form: str) -> int:
        """Occurrences of longer words that begin with `form` ("zwart-witfoto" for "zwart-wit")."""
        key = _key(form)
        n = 0
        for other in self._sorted[bisect_left(self._sorted, key):]:
            if not other.startswith(key):
                break
            if other != key:
                n += self.counts[other]
        return n

    def typesetter_hyphen(self) -> str | None:
        """U+2010 when the text writes its own hyphens as hyphen-minus and never as U+2010: then a
        U+2010 at a line end was put there by the typesetter (WeasyPrint does exactly this)."""
        if self.inner["-"] >= _MIN_INNER and not self.inner[HYPHEN]:
            return HYPHEN
        return None


def _key(form: str) -> str:
    return lexicon.strip_possessive(form).lower().replace(HYPHEN, "-")


def decide(left: str, right: str, next_word: str = "", evidence: Evidence | None = None) -> Verdict:
    """`left` ends with a hyphen at a line end; `right` is the first word of the next line,
    `next_word` the word after it."""
    evidence = evidence if evidence is not None else Evidence([])
    left_c = core(left)
    mark = left_c[-1:]
    left_core = left_c[:-1] if mark in HYPHENS else left_c.rstrip(HYPHENS)
    # "anti-" / "oorlogs- en …": the next word may itself end in a suspended hyphen.
    right_core = core(right).rstrip(HYPHENS)
    if mark == SOFT_HYPHEN:
        return Verdict(True, "zacht afbreekstreepje (U+00AD): altijd een afbreking door de zetter")
    if not left_core or not right_core:
        return Verdict(False, "geen woord aan een van beide kanten van het streepje")
    segment = re.split(f"[{HYPHENS}]", left_core)[-1]  # "anti-oor" → "oor"
    prefix = left_core[: len(left_core) - len(segment)].replace(HYPHEN, "-")
    joined = segment + right_core
    hyphenated = f"{segment}-{right_core}"

    own = _typesetter(mark, segment, right_core, prefix, evidence)
    if own is not None:
        return own
    if right_core.lower() in _CONJUNCTIONS:
        return _suspended(prefix, segment, right_core, next_word, evidence)
    orthography = _orthography(segment, right_core, prefix)
    if orthography is not None:
        return orthography
    return _evidence(prefix, segment, right_core, joined, hyphenated, evidence) or \
        _word_list(prefix, segment, right_core, joined, hyphenated) or \
        _spelling(prefix, segment, right_core, joined)


def _typesetter(mark: str, segment: str, right: str, prefix: str, evidence: Evidence) -> Verdict | None:
    typesetter = evidence.typesetter_hyphen()
    if typesetter is None:
        return None
    if mark == typesetter:
        hyphen_known = lexicon.listed(f"{prefix}{segment}-{right}") or lexicon.listed(f"{segment}-{right}")
        joined_known = lexicon.listed(prefix + segment + right) or lexicon.listed(segment + right)
        return Verdict(True, f"afbreekstreepje van de zetter: deze tekst schrijft de streepjes in woorden "
                             f"als ‘-’ en breekt regels af met ‘{HYPHEN}’ (U+2010)",
                       doubtful=hyphen_known and not joined_known)
    if mark == "-" and evidence.line_end[typesetter]:
        if right.lower() in _CONJUNCTIONS:
            return Verdict(False, f"weglatingsstreepje (‘{segment}- {right} …’): het eigen streepje van de "
                                  "tekst, de zetter breekt af met ‘‐’ (U+2010)", space=True)
        return Verdict(False, "het eigen streepje van het woord: de zetter breekt in deze tekst af met "
                              f"‘{HYPHEN}’ (U+2010), niet met ‘-’")
    return None


def _suspended(prefix: str, segment: str, conj: str, next_word: str, evidence: Evidence) -> Verdict:
    """"voor- en nadelen" (a suspended compound, the space stays) or "olieraffinaderij-/en" (a word
    broken before its ending): suspended only when segment + conjunction is not a word."""
    joined = segment + conj
    suspended = Verdict(False, f"weglatingsstreepje (‘{prefix}{segment}- {conj} …’); "
                               f"‘{joined}’ is geen woord", space=True)
    in_text = bool(evidence.count(prefix + joined) or evidence.count(joined))
    if not (in_text or lexicon.listed_common(prefix + joined) or lexicon.listed_common(joined)):
        return suspended
    nxt = core(next_word).rstrip(HYPHENS)
    tail = _completion(segment, nxt)
    if tail:
        return Verdict(False, f"weglatingsstreepje (‘{segment}- {conj} {nxt}’: ‘{segment}{tail}’ naast "
                              f"‘{nxt}’), hoewel ook ‘{joined}’ een woord is", doubtful=True, space=True)
    # A content word after "en" might still complete the compound in a way no list knows.
    content = bool(nxt) and nxt[:1].isalpha() and lexicon.zipf(nxt) < 6.0
    where = "staat elders in de tekst en " if in_text else ""
    return Verdict(True, f"‘{joined}’ {where}is een woord en ‘{nxt or '…'}’ maakt ‘{segment}-’ niet af: "
                         "afgebroken woord, geen weglatingsstreepje", doubtful=content)


def _completion(segment: str, nxt: str) -> str:
    """The last part of `nxt` that completes `segment` to a listed word ("voor" + nadelen → "delen")."""
    if len(nxt) < 3 or not nxt.isalpha():
        return ""
    for i in range(1, len(nxt) - 2):
        tail = nxt[i:]
        if lexicon.listed_common(segment + tail) and lexicon.listed_common(tail):
            return tail
    return ""


def _orthography(segment: str, right: str, prefix: str) -> Verdict | None:
    if right[0].isupper():
        if segment.isupper() and right.isupper() and len(segment) >= 2 and len(right) >= 2:
            # A word in capitals ("OORLOGS-" / "MISDADEN"): decided on its lower-case form.
            low = (segment + right).lower()
            if lexicon.listed(low) and not lexicon.listed(f"{segment}-{right}".lower()):
                return Verdict(True, f"woord in hoofdletters; ‘{low}’ staat in de woordenlijst", doubtful=True)
        return Verdict(False, "tweede deel begint met een hoofdletter")
    if not segment or segment[-1].isdigit() or right[0].isdigit():
        return Verdict(False, "cijfer aan het streepje")
    if segment[-1].isupper():
        return Verdict(False, "afkorting of hoofdletterwoord voor het streepje")
    if segment.endswith("."):
        return Verdict(False, f"afkorting met punt voor het streepje (‘{segment}-’)")
    if len(segment) == 1 and not prefix:
        return Verdict(False, "losse letter voor het streepje (zoals in e-mail)")
    if segment.isalpha() and len(segment) <= 4 and not VOWELS & set(segment.lower()) and not prefix:
        # "btw-", "tv-", "pc-": no syllable ends without a vowel, so no typesetter breaks there.
        return Verdict(False, f"‘{segment}’ heeft geen klinker: een afkorting, geen lettergreep")
    return None


def _evidence(prefix: str, segment: str, right: str, joined: str, hyphenated: str,
              evidence: Evidence) -> Verdict | None:
    seen_joined = evidence.count(prefix + joined) + evidence.count(joined)
    seen_hyphenated = evidence.count(prefix + hyphenated) + evidence.count(hyphenated)
    if seen_hyphenated and not seen_joined:
        return Verdict(False, f"‘{prefix}{hyphenated}’ staat elders in de tekst met streepje")
    if seen_joined and not seen_hyphenated:
        return Verdict(True, f"‘{prefix}{joined}’ staat elders in de tekst aaneen")
    if seen_joined or len(segment) < 3:
        return None
    # A longer word of the text that begins with the hyphenated form: "zwart-witfoto" for "zwart-wit".
    longer = evidence.count_longer(hyphenated)
    if longer and not evidence.count_longer(joined):
        return Verdict(False, f"de tekst schrijft elders ‘{hyphenated}…’ met streepje (in een langer woord)",
                       doubtful=not lexicon.listed(hyphenated) and lexicon.listed(joined))
    return None


def _word_list(prefix: str, segment: str, right: str, joined: str, hyphenated: str) -> Verdict | None:
    full_hyphen, full_joined = prefix + hyphenated, prefix + joined
    if prefix:
        hyphen_known, joined_known = lexicon.listed(full_hyphen), lexicon.listed(full_joined)
        if hyphen_known != joined_known:
            form = full_hyphen if hyphen_known else full_joined
            return Verdict(not hyphen_known, f"‘{form}’ staat zo in de Nederlandse woordenlijst")
    hyphen_known, joined_known = lexicon.listed(hyphenated), lexicon.listed(joined)
    if hyphen_known and not joined_known:
        return Verdict(False, f"‘{hyphenated}’ staat met streepje in de Nederlandse woordenlijst")
    if joined_known and not hyphen_known:
        return Verdict(True, f"‘{joined}’ staat in de Nederlandse woordenlijst")
    if hyphen_known:
        return Verdict(False, f"‘{hyphenated}’ en ‘{joined}’ staan allebei in de woordenlijst", doubtful=True)
    return None


def _spelling(prefix: str, segment: str, right: str, joined: str) -> Verdict:
    low = segment.lower()
    right_word = lexicon.is_known(right) or lexicon.listed(right)
    if low in _HYPHEN_PREFIXES and not prefix and right_word:
        return Verdict(False, f"voorvoegsel ‘{segment}-’ krijgt in het Nederlands een streepje")
    if not prefix and len(segment) >= 2:
        with_hyphen, without = lexicon.hyphen_head(segment)
        if with_hyphen >= 3 and with_hyphen >= 2 * without:
            return Verdict(False, f"‘{segment}-’ staat in de woordenlijst {with_hyphen} keer met streepje "
                                  f"voor een ander woord (en {without} keer aaneen)",
                           doubtful=with_hyphen < 10 or not right_word)
    if lexicon.is_known(joined):
        return Verdict(True, f"‘{joined}’ is een bekend Nederlands woord")
    # A name and a word ("Trump-regering"), not a name broken in two ("Cher-son"): the joined form
    # is unknown even as a rare word, and the second part is a Dutch word of some length.
    if (not prefix and len(segment) >= 3 and lexicon.is_name(segment) and right.islower() and len(right) >= 4
            and lexicon.listed_common(right) and lexicon.zipf(joined) == 0):
        return Verdict(False, f"eigennaam ‘{segment}’ met een deel in kleine letters: ‘{segment}-{right}’ krijgt "
                              f"vaak een streepje, maar ‘{joined}’ kan ook", doubtful=True)
    if low in _LOOSE_PREFIXES and not prefix and right_word:
        return Verdict(False, f"voorvoegsel ‘{segment}-’ voor het bekende woord ‘{right}’; ‘{joined}’ staat in "
                              "geen woordenlijst (de spelling schrijft aaneen, veel schrijvers met streepje)",
                       doubtful=True)
    if prefix and len(segment) <= 3 and lexicon.is_known(segment):
        # "staak-het-" / "vuren": a short word between two hyphens is a part of a hyphenated
        # group, not a syllable ("anti-oor-" / "logs" is caught above: "oorlogs" is a word).
        return Verdict(False, f"kort woord ‘{segment}’ binnen een woordgroep met streepjes "
                              f"(‘{prefix}{segment}-’); ‘{joined}’ is onbekend", doubtful=True)
    clash = (segment[-1].lower() + right[0].lower()) in _CLASHING
    # The second part of a compound is often itself a compound, rarer than a plain word.
    both_words = (len(segment) >= 3 and (lexicon.is_known(segment) or lexicon.listed_common(segment))
                  and (lexicon.zipf(right) >= lexicon.RARE_ZIPF or lexicon.listed(right)))
    if clash:
        return Verdict(False, "klinkerbotsing: de spelling vraagt hier een streepje",
                       doubtful=not both_words)
    vowel_junction = segment[-1].lower() in VOWELS and right[0].lower() in VOWELS
    if vowel_junction and both_words:
        return Verdict(False, f"‘{segment}’ en ‘{right}’ zijn beide woorden en botsen met klinkers; "
                              f"‘{joined}’ is onbekend", doubtful=True)
    if both_words and len(segment) >= 5 and _ADJ_LEFT.search(low) and _ADJ_RIGHT.search(right):
        return Verdict(False, f"nevenschikking van twee bijvoeglijke woorden (‘{segment}-{right}’); "
                              f"‘{joined}’ is onbekend", doubtful=True)
    if both_words:
        return Verdict(True, f"samenstelling ‘{joined}’ is onbekend in de woordenlijst, maar samenstellingen "
                             "schrijft men in het Nederlands aaneen", doubtful=True)
    if lexicon.may_break_at(joined, len(segment)):
        return Verdict(True, f"afbreekpunt volgens de Nederlandse afbreekregels (‘{segment}-{right}’)")
    return Verdict(True, f"‘{joined}’ is onbekend en ‘{segment}-’ is geen gewoon afbreekpunt",
                   doubtful=True)

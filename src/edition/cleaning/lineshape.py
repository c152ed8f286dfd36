"""How a line begins and ends: the few orthographic facts layout, reflow and structure all read.

One place for them, so that "ends a sentence" or "ends in a hyphen" means the same everywhere.
"""

from __future__ import annotations

import re

from edition.cleaning.hyphenation import HYPHENS

CLOSERS = "’”\"»)]"
_C = re.escape(CLOSERS)
# A note call after the closing punctuation does not hide it: "… het front woont.¹", "… woont.[3]".
NOTE_CALL = r"(?:[⁰¹²³⁴⁵⁶⁷⁸⁹]+|\[\d{1,3}\])"
TERMINAL = re.compile(rf"[.!?…][{_C}]*{NOTE_CALL}?[{_C}]*$")
SOFT_END = re.compile(rf"[:;][{_C}]*$")
# A magazine's end-of-article mark after the last sentence: a dingbat, or the letter the dingbat
# font maps it to when the PDF's text is extracted ("… Sluit bij ons aan! n").
END_MARK = re.compile(rf"(?<=[.!?…{_C}]) ([n■□▪◆♦●])$")
LIST_MARK = re.compile(r"^[-•*▪◦●]\s+(?=\S)")
HYPHEN_END = re.compile(rf"[^\W_]\.?[{HYPHENS}]$")  # `St.-` / `Petersburg` too
_OPENERS = "‘“\"'(«["


def first_word(text: str) -> str:
    return text.split(" ", 1)[0]


def starts_lower(text: str) -> bool:
    t = text.lstrip(_OPENERS)
    return bool(t) and t[0].islower()


def starts_upper(text: str) -> bool:
    t = text.lstrip(_OPENERS)
    return bool(t) and (t[0].isupper() or t[0].isdigit())


def runs_on(line: str, nxt: str) -> bool:
    """Does a word or sentence run on from `line` into `nxt` (a hard wrap)?"""
    if HYPHEN_END.search(line):
        return True
    return not (TERMINAL.search(line) or SOFT_END.search(line)) and starts_lower(nxt)

"""Characters that have no place in an editor's value (YAML, BibTeX): invisible, controlling or
spoofing what a reader sees. A raw text is cleaned of such characters by recorded rules (normalise);
a hand-written value is simply refused with its line, since the editor can retype it.
"""

from __future__ import annotations

import re
import unicodedata

# C0/C1 control characters (tab and line ends are YAML's own business), bidi controls that reorder
# what is shown, the byte-order mark inside text, invisible math operators, tag characters (which can
# carry hidden text), Hangul fillers (blank-looking letters) and Unicode noncharacters.
UNSAFE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
    "\ufeff\u2061-\u2064\u115f\u1160\u3164\uffa0"
    "\ufdd0-\ufdef\ufffe\uffff\U000e0000-\U000e007f]"
)


def describe(ch: str) -> str:
    """`U+202E (RIGHT-TO-LEFT OVERRIDE)` for a message."""
    return f"U+{ord(ch):04X} ({unicodedata.name(ch, 'stuurteken')})"


def unsafe_problem(value: str) -> str | None:
    """Why `value` may not be used (Dutch, for a message), or None."""
    found = list(dict.fromkeys(UNSAFE.findall(value)))
    if not found:
        return None
    return (f"een onzichtbaar teken in deze waarde: {', '.join(describe(c) for c in found[:3])}; zo'n teken kan "
            "tekst voor de lezer anders laten lijken dan hij is, of is onzichtbaar in de editie")

"""Dutch in generated text: number agreement, the decimal comma and "onbekend" said once, in one place."""

from __future__ import annotations

import re


def count(n: int, singular: str, plural: str) -> str:
    """`1 ingreep`, `0 ingrepen`, `2 ingrepen`: the noun agrees with the number."""
    return f"{n} {singular if n == 1 else plural}"


def decimal(value: float, digits: int = 1) -> str:
    """`1,3`: a decimal comma, as Dutch writes it."""
    return f"{value:.{digits}f}".replace(".", ",")


_LEADING_UNKNOWN = re.compile(r"^\s*onbekend\s*[.:;,–-]\s*", re.IGNORECASE)


def after_unknown(evidence: str) -> str:
    """The explanation shown after a value that is already "onbekend": without its own leading
    "Onbekend." ("onbekend · Onbekend. De tekst …" would say it twice); the next word starts the sentence."""
    rest = _LEADING_UNKNOWN.sub("", evidence, count=1)
    if rest == evidence:
        return evidence
    return rest[:1].upper() + rest[1:]

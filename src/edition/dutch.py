"""Dutch in generated text: number agreement and the decimal comma, in one place."""

from __future__ import annotations


def count(n: int, singular: str, plural: str) -> str:
    """`1 ingreep`, `0 ingrepen`, `2 ingrepen`: the noun agrees with the number."""
    return f"{n} {singular if n == 1 else plural}"


def decimal(value: float, digits: int = 1) -> str:
    """`1,3`: a decimal comma, as Dutch writes it."""
    return f"{value:.{digits}f}".replace(".", ",")

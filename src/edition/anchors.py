"""Anchors on quoted text (like a W3C TextQuoteSelector): exact quote, optional prefix/suffix.

`find` returns every match; callers insist on exactly one and report the closest text otherwise.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from .model import Block


@dataclass(frozen=True)
class Match:
    block_index: int
    start: int
    end: int


def find(blocks: list[Block], quote: str, prefix: str = "", suffix: str = "") -> list[Match]:
    out = []
    for i, block in enumerate(blocks):
        text = block.text
        for m in re.finditer(re.escape(quote), text):
            if prefix and not text[: m.start()].endswith(prefix):
                continue
            if suffix and not text[m.end():].startswith(suffix):
                continue
            out.append(Match(i, m.start(), m.end()))
    return out


def closest(blocks: list[Block], quote: str) -> tuple[str, int] | None:
    """The passage most like `quote` (for "bedoelde u …?"), with its source line."""
    best, best_ratio, best_line = None, 0.0, 0
    size = len(quote)
    for block in blocks:
        text = block.text
        starts = [0] + [m.end() for m in re.finditer(r"\s+", text)]
        for s in starts:
            window = text[s: s + size]
            matcher = difflib.SequenceMatcher(None, quote, window, autojunk=False)
            if matcher.real_quick_ratio() <= best_ratio or matcher.quick_ratio() <= best_ratio:
                continue
            ratio = matcher.ratio()
            if ratio > best_ratio:
                best, best_ratio, best_line = window, ratio, block.line_at(s)
    if best is None or best_ratio < 0.5:
        return None
    return best, best_line

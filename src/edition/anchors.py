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


BLOCK_BREAK = "\n"  # how a block boundary reads in a prefix or suffix


def find(blocks: list[Block], quote: str, prefix: str = "", suffix: str = "") -> list[Match]:
    """Every place where `quote` stands inside one block with `prefix` right before it and `suffix`
    right after it; prefix and suffix may reach into neighbouring blocks, a block boundary reading
    as a newline (so the heading "Neutraliteit" is `quote: Neutraliteit`, `suffix: "\\nIn Istanboel"`)."""
    starts, pos = [], 0
    for block in blocks:
        starts.append(pos)
        pos += len(block.text) + len(BLOCK_BREAK)
    whole = BLOCK_BREAK.join(b.text for b in blocks)
    out = []
    for i, block in enumerate(blocks):
        for m in re.finditer(re.escape(quote), block.text):
            at, end = starts[i] + m.start(), starts[i] + m.end()
            if prefix and not whole[:at].endswith(prefix):
                continue
            if suffix and not whole[end:].startswith(suffix):
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

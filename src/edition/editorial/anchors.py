"""Anchors on quoted text (like a W3C TextQuoteSelector): exact quote, optional prefix/suffix.

`find` returns every match; callers insist on exactly one and report the closest text otherwise.
A run of white space in a quote matches any run of white space in the text (a quote folded by
YAML, or copied across a line end of the cleaned text, still matches).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from edition.model import Block


@dataclass(frozen=True)
class Match:
    block_index: int
    start: int
    end: int


BLOCK_BREAK = "\n"  # how a block boundary (and the start and end of the text) reads in a prefix or suffix


def quote_pattern(quote: str) -> re.Pattern:
    parts = re.split(r"\s+", quote)
    return re.compile(r"\s+".join(re.escape(p) for p in parts))


def _layout(blocks: list[Block]) -> tuple[str, list[int]]:
    """The text of all blocks as prefix/suffix see it, and where each block starts in it."""
    starts, pos = [], len(BLOCK_BREAK)
    for block in blocks:
        starts.append(pos)
        pos += len(block.text) + len(BLOCK_BREAK)
    return BLOCK_BREAK + BLOCK_BREAK.join(b.text for b in blocks) + BLOCK_BREAK, starts


def find(blocks: list[Block], quote: str, prefix: str = "", suffix: str = "") -> list[Match]:
    """Every place where `quote` stands inside one block with `prefix` right before it and `suffix`
    right after it; prefix and suffix may reach into neighbouring blocks, a block boundary reading
    as a newline (so the heading "Neutraliteit" is `quote: Neutraliteit`, `suffix: "\\nIn Istanboel"`;
    the end of the text reads as a newline too)."""
    if not quote.strip():
        return []
    whole, starts = _layout(blocks)
    pattern = quote_pattern(quote)
    out = []
    for i, block in enumerate(blocks):
        for m in pattern.finditer(block.text):
            at, end = starts[i] + m.start(), starts[i] + m.end()
            if prefix and not whole[:at].endswith(prefix):
                continue
            if suffix and not whole[end:].startswith(suffix):
                continue
            out.append(Match(i, m.start(), m.end()))
    return out


def across_blocks(blocks: list[Block], quote: str) -> int | None:
    """The index of the first block a quote runs out of (it spans a block boundary), or None."""
    if not quote.strip() or len(blocks) < 2:
        return None
    whole, starts = _layout(blocks)
    for m in quote_pattern(quote).finditer(whole.replace(BLOCK_BREAK, " ")):
        first = max([i for i, s in enumerate(starts) if s <= m.start()] or [0])
        if m.end() > starts[first] + len(blocks[first].text):
            return first
    return None


def word_end(text: str, at: int) -> int:
    """`at`, moved to the end of the word it stands in (a note call never splits a word)."""
    while 0 < at < len(text) and re.match(r"\w", text[at - 1]) and re.match(r"\w", text[at]):
        at += 1
    return at


def closest(blocks: list[Block], quote: str) -> tuple[str, int] | None:
    """The passage most like `quote` (for "bedoelde u …?"), with its source line."""
    best, best_ratio, best_line = None, 0.0, 0
    size = len(quote)
    if not size:
        return None
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

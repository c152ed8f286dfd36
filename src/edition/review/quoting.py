"""Quotes that anchor exactly once, and the YAML snippets built on them.

A proposal is only useful if it can be pasted as is: its quote must occur exactly once in the
cleaned text (with `prefix`/`suffix` from the neighbouring words when it does not), and the
snippet must be valid YAML. Both are checked here, not hoped for.
"""

from __future__ import annotations

import re
import unicodedata

import yaml

from edition.editorial import anchors
from edition.model import Block

_MAX_CONTEXT = 80  # characters of prefix/suffix at most; beyond that the quote is left unanchored


def _whole(blocks: list[Block]) -> tuple[str, list[int]]:
    starts, pos = [], 0
    for b in blocks:
        starts.append(pos)
        pos += len(b.text) + len(anchors.BLOCK_BREAK)
    return anchors.BLOCK_BREAK.join(b.text for b in blocks), starts


def _word_steps(text: str, backwards: bool = False) -> list[int]:
    """Lengths of growing context, ending at word boundaries."""
    if backwards:
        text = text[::-1]
    steps = [m.end() for m in re.finditer(r"\s*\S+", text[:_MAX_CONTEXT + 40])]
    return [s for s in steps if s <= _MAX_CONTEXT] or steps[:1]


def selector(blocks: list[Block], index: int, start: int, end: int) -> dict | None:
    """{quote[, prefix][, suffix]} that finds exactly blocks[index].text[start:end], or None."""
    text = blocks[index].text
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    quote = text[start:end]
    if not quote:
        return None
    whole, starts = _whole(blocks)
    at, to = starts[index] + start, starts[index] + end
    after, before = whole[to:], whole[:at]

    def unique(prefix: str, suffix: str) -> bool:
        found = anchors.find(blocks, quote, prefix, suffix)
        return len(found) == 1 and found[0] == anchors.Match(index, start, end)

    if unique("", ""):
        return {"quote": quote}
    for s in _word_steps(after):
        if unique("", after[:s]):
            return {"quote": quote, "suffix": after[:s]}
    for p in _word_steps(before, backwards=True):
        if unique(before[len(before) - p:], ""):
            return {"quote": quote, "prefix": before[len(before) - p:]}
    for p in _word_steps(before, backwards=True):
        for s in _word_steps(after):
            if unique(before[len(before) - p:], after[:s]):
                return {"quote": quote, "prefix": before[len(before) - p:], "suffix": after[:s]}
    return None


def dump(data: dict, comment: str = "") -> str:
    """A YAML snippet (block style, Unicode as is), optionally with a comment line first."""
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100, default_flow_style=False)
    head = "".join(f"# {line}\n" for line in comment.splitlines()) if comment else ""
    return head + text


def entry(section: str, sel: dict, **fields) -> str:
    return dump({section: [{**sel, **fields}]})


def slug(text: str) -> str:
    """An id for a register entry or an intervention: lower-case ASCII words joined by hyphens."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return "-".join(re.findall(r"[a-z0-9]+", text)) or "item"


def segments(block: Block) -> list[tuple[int, int, int]]:
    """(start, end, source line) of the part of the block's text each source line gave."""
    bounds = [o for o, _ in block.line_map] + [len(block.text)]
    out = []
    for (off, line), nxt in zip(block.line_map, bounds[1:]):
        if nxt > off:
            out.append((off, nxt, line))
    return out

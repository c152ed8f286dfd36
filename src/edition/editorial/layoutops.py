"""The editors' layout operations from the text's YAML, applied to the cleaned blocks.

* `layout: line` (a string) – the layout of the whole text; read before cleaning (pipeline.py),
  so it reaches the layout stage itself (verse found in the text stays verse);
* `layout:` a list of `{quote, as: verse|line|wrapped|blank, reason}` – the block that contains the
  quote (through the block that contains `until`, if given) is made again from its source lines
  with that layout, as they stand (a ‘>’ at their start is kept: no quotation);
* `verse:` a list of `{quote, reason}` (and `until`) – the same with `as: verse`: the source lines
  of those blocks are kept as verse lines, stanzas where the gap between lines grows.

Re-made blocks replace the old ones; the decisions the cleaner took about those lines (joins,
dehyphenations, splits, headings) are replaced by those of the new layout, so the fidelity check
accounts for exactly what the page shows.  Each operation is a decision in the apparatus.
"""

from __future__ import annotations

from edition.errors import EditionError, Problem
from edition.cleaning.layout import LABELS, VERSE, forced_regions
from edition.cleaning.lineshape import END_MARK
from edition.model import Block, Document

# Decisions about the lines of a block that re-making the block replaces.
REPLACED_RULES = {"dehyphenate", "keep-hyphen", "join-column-break", "split-paragraph", "no-split", "heading",
                  "structure", "pullquote", "unpunctuated", "end-mark", "quote-mark"}


def whole_text_layout(data: dict) -> str:
    """The whole-text layout the YAML asks for ('' when none)."""
    value = data.get("layout") if isinstance(data, dict) else None
    return value if isinstance(value, str) else ""


def _ops(located) -> list[tuple[tuple, dict, str]]:
    out = []
    value = located.data.get("layout")
    if isinstance(value, list):
        out += [(("layout", i), spec, spec["as"]) for i, spec in enumerate(value)]
    for i, spec in enumerate(located.data.get("verse") or []):
        out.append((("verse", i), spec, VERSE))
    return out


def apply_layout_ops(doc: Document, located, problems: list[Problem]) -> None:
    from edition.editorial.operations import _locate_once  # editorial calls this module: imported late

    for key_path, spec, layout in _ops(located):
        where = located.where(key_path)
        try:
            first = _locate_once(doc, located, key_path, spec)
            last = first
            if spec.get("until"):
                last = _locate_once(doc, located, key_path, {"quote": spec["until"]})
        except EditionError as exc:
            problems.extend(exc.problems)
            continue
        i, j = first.block_index, last.block_index
        if j < i:
            problems.append(Problem(located.where(key_path + ("until",)),
                                    f"‘until’ (‘{spec['until'][:40]}’) staat vóór het citaat ‘{spec['quote'][:40]}’.",
                                    "Laat ‘until’ een tekst citeren uit het laatste blok van het gebied, na het citaat."))
            continue
        remake(doc, i, j, layout, f"volgens {where}: {spec['reason']}")


def remake(doc: Document, i: int, j: int, layout: str, why: str) -> list[Block]:
    """Blocks i..j made again from their source lines with `layout`; returns the new blocks."""
    from edition.cleaning.reflow import evidence_of, reflow_regions

    old = doc.blocks[i:j + 1]
    lo, hi = min(b.first_line for b in old), max(b.last_line for b in old)
    lines = [l for l in doc.text_lines() if lo <= l.no <= hi]
    before = [l for l in doc.text_lines() if l.no == lo - 1]
    if before and not before[0].text:
        lines = before + lines  # the blank line before: the first block keeps "after a blank line"
    marks = [d for d in doc.decisions if d.rule == "end-mark" and lo <= d.line <= hi]
    doc.decisions = [d for d in doc.decisions if not (d.rule in REPLACED_RULES and lo <= d.line <= hi)]
    region = forced_regions(lines, layout)[0]
    # The editor's layout is the block as its lines stand: a ‘>’ at their start is kept (the way
    # to say that such a paragraph is no quotation: `layout: [{quote, as: wrapped, reason}]`).
    blocks, _ = reflow_regions(doc, [region], evidence_of(doc), quote_marks=False)
    # An end mark stays removed (its decision accounts for it in the fidelity check).
    for d in marks:
        for b in blocks:
            m = END_MARK.search(b.text)
            if m and b.last_line == d.line:
                b.text = b.text[: m.start()]
                doc.decisions.append(d)
    doc.blocks[i:j + 1] = blocks
    for d in doc.decisions:
        if d.rule in ("layout", VERSE) and d.doubtful and lo <= d.data.get("first", d.line) <= hi:
            d.data["confirmed"] = why
    span = f"regels {lo}–{hi}" if lo != hi else f"regel {lo}"
    doc.decide("layout", lo, f"{span} opnieuw opgemaakt als ‘{layout}’ ({LABELS[layout]}), {why}",
               layout=layout, first=lo, last=hi, forced=True, blocks=len(blocks))
    return blocks

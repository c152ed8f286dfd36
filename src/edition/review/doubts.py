"""YAML to paste for each open doubt of the cleaning stages: confirm it, or decide otherwise.

A dropped page line (running head, page number) or a block of a web page left out is not in the cleaned
text, so it is named by its whole line (or block) under `page_lines`; any other doubt is confirmed with a quote from the block that holds
its line, made unique with prefix/suffix (`quoting.selector`), so that the snippet works as pasted.
"""

from __future__ import annotations

from edition.review.quoting import dump, entry, segments, selector

PAGE_RULES = ("running-head", "page-number")
QUOTE_WORDS = 6


def _block_at(doc, line: int) -> int | None:
    for i, block in enumerate(doc.blocks):
        if block.first_line <= line <= block.last_line:
            return i
    return None


def _quote_at(doc, index: int, line: int) -> dict | None:
    """A selector for the first words the block took from `line` (or the block's start)."""
    block = doc.blocks[index]
    parts = [(s, e) for s, e, no in segments(block) if no == line] or [(0, len(block.text))]
    start, end = parts[0]
    words = block.text[start:end].split()
    if not words:
        return None
    shown = " ".join(words[:QUOTE_WORDS])
    at = block.text.find(shown, start)
    return selector(doc.blocks, index, at, at + len(shown)) if at >= 0 else None


def snippets(doc, decision) -> list[str]:
    """YAML snippets for an open doubt, the likely one first; [] when none can be made."""
    text = decision.data.get("dropped_text")
    if decision.rule in PAGE_RULES and text is not None:
        return [dump({"page_lines": [{"quote": text, "as": "drop", "reason": "klopt: geen tekst van de auteur"}]},
                     "de regel terecht weggelaten:"),
                dump({"page_lines": [{"quote": text, "as": "keep", "reason": "hoort bij de tekst"}]},
                     "of de regel behouden:")]
    if decision.rule == "html-dropped" and decision.data.get("text"):
        # A block of a web page left out is not in the text: it is named by its whole text.
        text = " ".join(decision.data["text"].split())
        return [dump({"page_lines": [{"quote": text, "as": "keep", "reason": "hoort bij het artikel"}]},
                     "het blok terugnemen in de tekst:"),
                dump({"page_lines": [{"quote": text, "as": "drop", "reason": "klopt: geen deel van het artikel"}]},
                     "of bevestigen dat het terecht is weggelaten:")]
    if decision.rule == "running-head-kept":
        line = doc.lines[decision.line - 1].text
        out = [dump({"page_lines": [{"quote": line, "as": "drop", "reason": "toch een kopregel"}]},
                    "de regel toch weglaten:")]
    else:
        out = []
    index = _block_at(doc, decision.line)
    sel = _quote_at(doc, index, decision.line) if index is not None else None
    if sel is not None:
        out.append(entry("confirmed", sel, rule=decision.rule, note="nagekeken: klopt"))
    return out


def open_snippets(doc) -> list[list[str]]:
    """`snippets` for every open doubt of `doc`, in the order of the review report (by line)."""
    doubtful = sorted((d for d in doc.decisions if d.doubtful), key=lambda d: d.line)
    return [snippets(doc, d) for d in doubtful if "confirmed" not in d.data]

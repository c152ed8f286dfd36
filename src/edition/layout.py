"""Stage 2 – layout: recognise how the raw text is laid out, from its shape alone.

* `wrapped` – hard-wrapped column text (PDF extraction): paragraphs span several short lines;
* `line`    – one paragraph a line, hardly any blank lines;
* `blank`   – one paragraph a line, paragraphs separated by blank lines.
"""

from __future__ import annotations

import statistics

from .lineshape import runs_on
from .model import Document

WRAPPED = "wrapped"
LINE = "line"
BLANK = "blank"


def runs(lines):
    """Consecutive non-blank lines, as lists."""
    out, cur = [], []
    for line in lines:
        if line.text:
            cur.append(line)
        elif cur:
            out.append(cur)
            cur = []
    if cur:
        out.append(cur)
    return out


def detect_layout(doc: Document) -> None:
    lines = doc.text_lines()
    nonblank = [l for l in lines if l.text]
    blocks = runs(lines)
    blank = len(lines) - len(nonblank)
    pairs = list(zip(nonblank, nonblank[1:]))
    # Share of line ends where a sentence or word runs on: high for hard-wrapped text only.
    run_on_share = sum(runs_on(a.text, b.text) for a, b in pairs) / max(len(pairs), 1)
    median = statistics.median(len(l.text) for l in nonblank)
    per_block = len(nonblank) / max(len(blocks), 1)
    if run_on_share >= 0.2:
        doc.layout = WRAPPED
        why = (f"{run_on_share:.0%} van de regels loopt door in de volgende regel (mediane regellengte "
               f"{median:.0f} tekens): hard afgebroken kolomtekst")
    elif blank < 0.2 * len(nonblank):
        doc.layout = LINE
        why = f"{len(nonblank)} regels en {blank} lege regels: één alinea per regel"
    else:
        doc.layout = BLANK
        why = f"{len(blocks)} blokken gescheiden door lege regels, {per_block:.1f} regel per blok: alinea's met witregels"
    doc.decide("layout", 1, f"opmaak herkend als ‘{doc.layout}’: {why}", layout=doc.layout)

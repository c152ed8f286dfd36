"""Stage – restore hyphens that `pdftotext` removed: in its default mode it joins a word broken at a
line end and drops the hyphen, also a real one (`tv-programma` → `tvprogramma`), before any cleaner
sees it. Only in extracted text (a text with page breaks) and only where the Dutch word list writes
the word with a hyphen and does not know it joined; every restoration is a recorded decision (rule
`restore-hyphen`), listed in the apparatus, and the fidelity check accounts for it.
"""

from __future__ import annotations

import re

from edition.cleaning import lexicon
from edition.model import VERSE, Document

_WORD = re.compile(r"[^\W\d_]{5,}")
# A word the frequency lexicon knows this well is a real joined word, whatever the list says.
_KNOWN_JOINED = 3.0


def _hyphenated(word: str) -> str | None:
    """`tv-programma` for `tvprogramma` when exactly one split is a listed hyphenated form."""
    if lexicon.listed(word) or lexicon.zipf(word) >= _KNOWN_JOINED:
        return None
    found = [f"{word[:i]}-{word[i:]}" for i in range(2, len(word) - 1) if lexicon.listed(f"{word[:i]}-{word[i:]}")]
    return found[0] if len(found) == 1 else None


def restore_hyphens(doc: Document) -> None:
    if max((line.page for line in doc.lines), default=1) < 2:
        return  # not extracted page by page: a joined form is the author's
    for block in doc.blocks:
        if block.kind == VERSE:
            continue
        for m in reversed(list(_WORD.finditer(block.text))):
            word = m.group()
            restored = _hyphenated(word)
            if restored is None:
                continue
            cut = m.start() + restored.index("-")
            line = block.line_at(m.start())
            block.text = block.text[:cut] + "-" + block.text[cut:]
            block.line_map = [(o + 1 if o > cut else o, no) for o, no in block.line_map]
            doubtful = lexicon.zipf(word) >= lexicon.RARE_ZIPF
            doc.decide("restore-hyphen", line,
                       f"koppelteken hersteld: ‘{word}’ → ‘{restored}’ (de woordenlijst schrijft het woord met "
                       "koppelteken en kent het aaneen niet; pdftotext laat zo'n koppelteken aan het regeleinde weg)",
                       doubtful=doubtful, joined=word, parts=[restored[:restored.index('-')], restored[restored.index('-') + 1:]])

"""Candidate errors of the source: misspellings and slips that only general rules can find.

Three kinds, each a rule of Dutch spelling or grammar that holds for any text:
- a word that neither the OpenTaal word list nor the wordfreq lexicon knows, and that is not a
  plausible compound of known words (`lijdingen`; `wapenstilstandovereenkomst`, where the list
  knows the form with a linking s);
- a genitive ’s after a name that ends in a consonant: Dutch writes `Poetins`, not `Poetin’s`
  (the apostrophe only after a, i, o, u, y, and for abbreviations);
- `ik` with a verb form in -dt (`ik wordt`, `wordt ik`), and `jij` after one (`wordt jij`):
  in Dutch the -dt form is never the first person, and loses its t before jij.
Each is proposed as a `sic` (the source keeps its reading, marked) or as an intervention.
"""

from __future__ import annotations

import re

from edition.cleaning import lexicon, wordlist
from edition.model import Document
from edition.review import quoting
from edition.review.items import Item

MIN_LENGTH = 5  # shorter unknown strings are mostly abbreviations and foreign words
_TOKEN = re.compile(r"(?<![\w'’-])[^\W\d_]+(?![\w'’-])")
_GENITIVE = re.compile(r"(?<![\w'’-])([A-ZÀ-Ý][^\W\d_]*[^\W\d_aeiouyAEIOUYsxzSXZáéíóúàèëïöüâêîôû])(['’]s)(?![\w'’-])")
_IK_DT = re.compile(r"(?<![\w'’-])([Ii]k)\s+([^\W\d_]+dt)(?![\w'’-])")
_DT_IK = re.compile(r"(?<![\w'’-])([^\W\d_]+dt)\s+(ik|jij)(?![\w'’-])")
_LINKS = ("", "s", "e", "en")


def _known(word: str, wl) -> bool:
    return wl.knows(word) or lexicon.zipf(word) >= lexicon.RARE_ZIPF


def _part(word: str, wl) -> bool:
    """A part of a compound: a listed word of four letters or more (three-letter words such as
    ‘lij’ would explain away almost any misspelling)."""
    return len(word) >= 4 and wl.knows(word) and not wl.forbids(word)


def _compound(word: str, wl, depth: int = 2):
    """(left, link, right) if `word` reads as known + optional linking letters + known, where the
    right part may itself be such a compound (‘post’ + ‘sovjet’ + ‘landen’)."""
    for i in range(4, len(word) - 3):
        left, rest = word[:i], word[i:]
        if not _part(left, wl):
            continue
        for link in _LINKS:
            right = rest[len(link):]
            if rest.startswith(link) and (_part(right, wl) or _inflected(right, wl)
                                          or depth > 1 and len(right) >= 8 and _compound(right, wl, depth - 1)):
                return left, link, right
    return None


def _inflected(word: str, wl) -> bool:
    """An inflected form of a listed word (‘oorlogszuchtigen’ of ‘oorlogszuchtige’): the list spells
    out most inflections, not every nominalised adjective or plural."""
    return any(word.endswith(end) and len(word) - len(end) >= 5 and wl.knows(word[: -len(end)])
               for end in ("en", "n", "e", "s"))


def _swaps(word: str) -> list[str]:
    """Spellings that differ by the ei/ij (and au/ou) confusion Dutch writers make."""
    out = []
    for a, b in (("ij", "ei"), ("ei", "ij"), ("au", "ou"), ("ou", "au")):
        for m in re.finditer(a, word):
            out.append(word[:m.start()] + b + word[m.end():])
    return out


def check_word(word: str, wl) -> tuple[str, str | None] | None:
    """(why, suggested form or None) when `word` is likely misspelled; None when it is fine."""
    if wl.forbids(word) and not wl.knows(word):
        return "de Nederlandse woordenlijst noemt deze vorm fout", None
    if _known(word, wl):
        return None
    for other in _swaps(word):
        if wl.knows(other):
            return f"onbekend woord; bedoeld is waarschijnlijk ‘{other}’ (ei/ij, au/ou)", other
    if _inflected(word, wl):
        return None
    for i in range(4, len(word) - 3):
        left, right = word[:i], word[i:]
        if not left.endswith("s") and _part(left, wl) and _part(right, wl) and wl.knows(left + "s" + right):
            return f"onbekende samenstelling; de woordenlijst kent ‘{left}s{right}’ (tussen-s)", left + "s" + right
    if _compound(word, wl) is not None:
        return None  # a new compound of known words: Dutch makes them freely
    return "onbekend in de Nederlandse woordenlijst en in wordfreq", None


def _snippets(doc: Document, bi: int, start: int, end: int, kind: str, why: str, reading: str | None) -> list[str]:
    """A `sic` (the reading stays, marked as the source's), then the correction as an intervention."""
    sel = quoting.selector(doc.blocks, bi, start, end)
    if sel is None:
        return []
    out = [quoting.dump({"sic": [{**sel, "kind": kind, "note": f"{why[:1].upper()}{why[1:]}."}]})]
    if reading is not None:
        out.append(quoting.entry("interventions", {"id": quoting.slug(reading)[:40], **sel},
                                 replace=reading, reason=f"Verbeterd: {why}."))
    return out


def find(doc: Document, occurrences=()) -> list[Item]:
    wl = wordlist.load()
    items = []
    marked = {bi: [(s, e) for s, e, *_ in b.marks] for bi, b in enumerate(doc.blocks)}
    # A word that a register or the glossary lists is the editors' known form, not a misspelling.
    registered = {bi: [] for bi in range(len(doc.blocks))}
    for o in occurrences:
        if o.slug == doc.slug:
            registered[o.block_index].append((o.start, o.end))

    def handled(bi: int, start: int, end: int, spelling: bool = False) -> bool:
        """An intervention or a note at this place (for a spelling: a register entry that lists the
        form): the editor has dealt with it."""
        block = doc.blocks[bi]
        spans = marked[bi] + (registered[bi] if spelling else [])
        if any(s < end and start < e for s, e in spans):
            return True
        return any(n.block is block and start <= n.offset <= end + 1 for n in doc.notes)

    for bi, block in enumerate(doc.blocks):
        text = block.text
        for m in _TOKEN.finditer(text):
            word = m.group()
            if len(word) < MIN_LENGTH or not word.islower() or handled(bi, m.start(), m.end()):
                continue
            verdict = check_word(word, wl)
            if verdict is None:
                continue
            why, reading = verdict
            # A form a register lists is known to the editors, unless a rule names its correct spelling.
            if reading is None and handled(bi, m.start(), m.end(), spelling=True):
                continue
            items.append(Item("unknown-word", block.line_at(m.start()), f"‘{word}’: {why}",
                              _snippets(doc, bi, m.start(), m.end(), "spelling", why, reading),
                              bi, (m.start(), m.end())))
        for m in _GENITIVE.finditer(text):
            name = m.group(1)
            if name.isupper() or len(name) < 2 or name.lower().endswith("sh") or handled(bi, m.start(), m.end()):
                continue
            reading = name + "s"
            why = (f"‘{m.group()}’: na een naam die op een medeklinker eindigt, schrijft het Nederlands de "
                   f"bezits-s zonder apostrof (‘{reading}’)")
            items.append(Item("name-genitive", block.line_at(m.start()), why,
                              _snippets(doc, bi, m.start(), m.end(), "spelling",
                                        f"het Nederlands schrijft ‘{reading}’", reading), bi, (m.start(), m.end())))
        for pattern, verb_group in ((_IK_DT, 2), (_DT_IK, 1)):
            for m in pattern.finditer(text):
                if handled(bi, m.start(), m.end()):
                    continue
                verb = m.group(verb_group)
                fixed = m.group().replace(verb, verb[:-1], 1)
                why = (f"‘{m.group()}’: bij ‘ik’, en vóór ‘jij’, staat de werkwoordsvorm zonder t "
                       f"(‘{fixed}’)")
                items.append(Item("agreement", block.line_at(m.start()), why,
                                  _snippets(doc, bi, m.start(), m.end(), "grammatica",
                                            f"de juiste vorm is ‘{fixed}’", fixed), bi, (m.start(), m.end())))
    return items

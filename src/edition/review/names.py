"""Candidate register entries: capitalised names in the running text that no register knows.

Dutch writes few words with a capital inside a sentence: names, and the words made from names
(‘Russische’, ‘Oekraïners’). The Dutch word list tells the second kind and ordinary words at the
start of a sentence apart from names; what is left, with its count and first line, is proposed as
an entry for registers/persons.yml or places.yml (organisations: glossary.yml).
"""

from __future__ import annotations

import re
from collections import defaultdict

from edition.cleaning import wordlist
from edition.cleaning.lexicon import strip_possessive
from edition.model import Document
from edition.apparatus.registers import TEXT_KINDS
from edition.review import quoting
from edition.review.items import Item

_TOKEN = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
# Lower-case words inside a name: "Ursula von der Leyen", "Mohammed bin Salman", "Lula da Silva".
PARTICLES = {"van", "de", "der", "den", "von", "zu", "al", "el", "bin", "ibn", "la", "le", "du", "da", "di", "dos",
             "das", "del", "ten", "ter", "y"}
# Endings of words made from names: adjectives (Russische, Europese, Amerikaans, Oekraïens) and
# inhabitants (Russen, Duitsers, Amerikanen, Oekraïner).
# Only listed words count as derived: an unlisted surname ending in -er or -en stays a candidate.
DERIVED = ("se", "sche", "isch", "ische", "ees", "ese", "aans", "aanse", "ens", "ense", "ers", "er", "anen", "aan",
           "en")
ADJECTIVAL = ("se", "sche", "isch", "ische", "ees", "ese", "aans", "aanse", "ens", "ense")
_SENTENCE_END = re.compile(r"(^|[.!?…:;][’”\"»)]*\s+[‘“\"'(«]*|^[‘“\"'(«]+)$")


def _ordinary(word: str, wl) -> bool:
    """A common word written with a capital (‘Westen’, ‘Oorlog’): the list has it in lower case."""
    low = word.lower()
    return low in wl.words and word != low


def _derived(word: str, wl) -> bool:
    return word.lower().endswith(DERIVED) and (word in wl.words or word.lower() in wl.words)


def _name_compound(word: str, wl) -> bool:
    """A name joined to a common word (‘Ruslandgezinde’, ‘Europagezind’): the compound takes the
    kind of its last part, so it is an ordinary word, not a name for a register."""
    for i in range(3, len(word) - 3):
        head, tail = word[:i], word[i:]
        if tail.islower() and len(tail) >= 4 and tail in wl.words and (wl.is_name(head) or head in wl.words):
            return True
    return False


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


def _runs(block, covered: list[tuple[int, int]], wl):
    """Runs of capitalised tokens (with particles between them), as lists of (start, end, word,
    sentence-initial); a token inside a register occurrence ends a run, and so does an ordinary
    word that begins a source line ("door Anna de Vries" + "Wie …" when a byline ran into the text)."""
    text = block.text
    line_starts = {off for off, _ in block.line_map[1:]}
    run, prev_end = [], None
    for m in _TOKEN.finditer(text):
        start, end, word = m.start(), m.end(), m.group()
        # "NAVO-lidmaatschap", "Oekraïne-beleid": a compound ending in a common word is no name.
        inside = any(s < end and start < e for s, e in covered) or "-" in word and word.rsplit("-", 1)[1].islower()
        new_line = start in line_starts or start - 1 in line_starts
        joined = (prev_end is not None and text[prev_end:start] == " "
                  and not (new_line and _ordinary(word, wl)))
        initial = bool(_SENTENCE_END.search(text[:start]))
        if not inside and (_capitalised(word) or (run and joined and word in PARTICLES)):
            if run and not joined:
                yield run
                run = []
            run.append((start, end, word, initial))
        else:
            if run:
                yield run
            run = []
        prev_end = end
    if run:
        yield run


def find(doc: Document, occurrences=()) -> list[Item]:
    wl = wordlist.load()
    covered = defaultdict(list)
    for o in occurrences:
        if o.slug == doc.slug:
            covered[o.block_index].append((o.start, o.end))
    lower_words = {m.group() for b in doc.blocks for m in _TOKEN.finditer(b.text) if m.group().islower()}
    found: dict[str, list[tuple[int, int, int, bool]]] = defaultdict(list)
    for bi, block in enumerate(doc.blocks):
        if block.kind not in TEXT_KINDS:
            continue
        for run in _runs(block, covered[bi], wl):
            while run and run[-1][2] in PARTICLES:
                run = run[:-1]
            if run and run[0][3] and len(run) > 1 and _ordinary(run[0][2], wl):
                run = run[1:]  # "De Verenigde …", "Volgens Reuters": the opening word is not the name
            while run and run[0][2] in PARTICLES:
                run = run[1:]
            if not run:
                continue
            words = [strip_possessive(w) for _, _, w, _ in run]
            if len(words) == 1:
                w = words[0]
                if (_ordinary(w, wl) or w.lower() in lower_words or _derived(w, wl) or _name_compound(w, wl)
                        or (w.isupper() and w.lower() in wl.words)):
                    continue
            elif all(w.lower().endswith(ADJECTIVAL) and _derived(w, wl) for w in words if w not in PARTICLES):
                continue  # "Russische Oekraïense": adjectives made from names, each listed
            name = " ".join(words)
            start, end = run[0][0], run[0][0] + len(name) if block.text[run[0][0]:].startswith(name) else run[-1][1]
            found[name].append((bi, start, end, run[0][3] and len(run) == 1))
    items = []
    for name, places in found.items():
        # A single word seen only at the start of sentences is as likely an ordinary word.
        if len(name.split()) == 1 and all(initial for *_, initial in places) and not wl.is_name(name):
            continue
        bi, start, end, _ = places[0]
        block = doc.blocks[bi]
        sel = quoting.selector(doc.blocks, bi, start, end)
        register = {"id": quoting.slug(name), "term": name, "forms": [name], "identification": "TODO"}
        snippets = [quoting.dump({"entries": [register]},
                                 "In registers/persons.yml (personen: term ‘Achternaam, Voornaam’) of places.yml,\n"
                                 "onder entries:; een organisatie in glossary.yml (met definition en explanation).")]
        if sel:
            snippets.append(quoting.dump({"confirmed": [{**sel, "rule": "new-name",
                                                         "note": "Geen registeritem nodig."}]}))
        items.append(Item("new-name", block.line_at(start),
                          f"‘{name}’ ({len(places)}×, eerst op regel {block.line_at(start)}) staat in geen register",
                          snippets, bi, (start, end), count=len(places),
                          extra={"blocks": sorted({p[0] for p in places}), "name": name}))
    return items


"""The glossary and the registers of persons and places: data files, and where their entries occur.

Each register is one YAML file in `registers/` (validated against schema/register.schema.json).
An entry lists the `forms` it is written in; occurrences are found in the running text only
(paragraphs, lead, list items, captions — never titles, headings, pull quotes or the card), as
whole words, with the first letter case-free and Dutch inflectional endings added automatically.
Collect first: `find_occurrences` returns every occurrence of every entry across all texts, and
the problems (an entry that occurs nowhere, two entries claiming the same words); only the CLI
reports them.
"""

from __future__ import annotations

import re
import unicodedata
import weakref
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from edition.apparatus import inline_md
from edition import dutch
from edition.errors import EditionError, Problem, did_you_mean
from edition.model import BYLINE, CAPTION, HEADING, NUMBERED_KINDS, PROVENANCE, Document
from edition.editorial.schemas import check_schema
from edition.editorial.yamlfile import Located, load_file


@dataclass(frozen=True)
class Kind:
    file: str  # registers/<file>.yml
    page: str  # the page (and cross-reference namespace) on the site
    title: str  # page title
    tooltip_field: str  # the field shown as tooltip and as the short text of an entry
    required: tuple[str, ...]


GLOSSARY = Kind("glossary", "woordenlijst", "Woordenlijst", "definition", ("definition", "explanation"))
PERSONS = Kind("persons", "personen", "Register van personen", "identification", ("identification",))
PLACES = Kind("places", "plaatsen", "Register van plaatsen", "identification", ("identification",))
# In this order a passage is linked: a glossary term before a name inside it.
KINDS = (GLOSSARY, PERSONS, PLACES)

# Dutch inflectional endings added to every form (unless `inflect: false`): plural, genitive,
# adjective endings.  "Poetins", "Zelensky’s", "garantorstaten" ← garantorstaat is NOT covered
# (vowel change): list such forms explicitly.
ENDINGS = ("’s", "'s", "en", "s", "e", "n")
# Blocks whose words count as occurrences: the source's running text, captions, author line and
# provenance note — not titles and headings (never linked), nor pull quotes (repeated text).
TEXT_KINDS = NUMBERED_KINDS + (CAPTION, BYLINE, PROVENANCE)
_INLINE_FIELDS = ("definition", "explanation", "identification", "note")


@dataclass
class Entry:
    kind: Kind
    id: str
    term: str
    sort: str
    forms: list[str]
    inflect: bool
    where: str  # file:line of the entry
    texts: dict[str, inline_md.Inline] = field(default_factory=dict)  # parsed inline fields
    related: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    located: Located | None = None
    index: int = 0
    only_in: dict[str, set[str]] = field(default_factory=dict)  # form → the only texts it counts in

    @property
    def key(self) -> str:
        """Cross-reference target of this entry, e.g. `woordenlijst#denazificatie`."""
        return f"{self.kind.page}#{self.id}"

    def field_where(self, name: str) -> str:
        return self.located.where(("entries", self.index, name)) if self.located else self.where

    @property
    def tooltip(self) -> inline_md.Inline:
        return self.texts[self.kind.tooltip_field]


@dataclass
class Register:
    kind: Kind
    path: str
    entries: list[Entry]


@dataclass(frozen=True)
class Occurrence:
    slug: str
    block_index: int
    start: int
    end: int
    entry: Entry
    form: str  # the words as they stand in the text


def sort_key(text: str) -> str:
    """Dutch alphabetical order: accents and case ignored, leading quotes/brackets skipped."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.lstrip("‘’'\"“”[(«").casefold()


def load_register(path: Path, shown: str, kind: Kind) -> Register:
    located = load_file(path, shown)
    check_schema(located, "register.schema.json",
                 "Zie het schema src/edition/schema/register.schema.json en README (Woordenlijst en registers).")
    problems: list[Problem] = []
    entries: list[Entry] = []
    seen_ids: dict[str, str] = {}
    for i, raw in enumerate(located.data["entries"]):
        where = located.where(("entries", i))
        if raw["id"] in seen_ids:
            problems.append(Problem(located.where(("entries", i, "id")),
                                    f"id ‘{raw['id']}’ is al gebruikt ({seen_ids[raw['id']]}).",
                                    "Geef elk trefwoord een eigen id; het id is het anker op de pagina."))
        seen_ids.setdefault(raw["id"], where)
        for name in kind.required:
            if name not in raw:
                problems.append(Problem(where, f"‘{raw['term']}’: verplicht veld ‘{name}’ ontbreekt.",
                                        f"Elk trefwoord in {shown} heeft {', '.join(kind.required)}."))
        forms = [f if isinstance(f, str) else f["form"] for f in raw["forms"]]
        for j, form in enumerate(forms):
            bad = _form_problem(form)
            if bad:
                problems.append(Problem(located.where(("entries", i, "forms", j)), f"‘{raw['term']}’: de schrijfwijze "
                                                                                    f"‘{form[:40]}’ {bad}.",
                                        "Een schrijfwijze is een woord of naam zoals het in de teksten staat, "
                                        "van minstens twee letters (bijvoorbeeld ‘NAVO’ of ‘Kyiv’)."))
        only_in = {_norm_form(f["form"]): set(f["only_in"]) for f in raw["forms"] if isinstance(f, dict)}
        entry = Entry(kind, raw["id"], raw["term"], raw.get("sort", raw["term"]), forms,
                      raw.get("inflect", True), where, related=list(raw.get("related", [])),
                      sources=list(raw.get("sources", [])), located=located, index=i, only_in=only_in)
        for name in _INLINE_FIELDS:
            if name in raw:
                try:
                    entry.texts[name] = inline_md.parse(raw[name], located.where(("entries", i, name)))
                except EditionError as exc:
                    problems.extend(exc.problems)
        entries.append(entry)
    ids = {e.id for e in entries}
    for e in entries:
        for j, rel in enumerate(e.related):
            if rel not in ids:
                near = did_you_mean(rel, ids)
                problems.append(Problem(located.where(("entries", e.index, "related", j)),
                                        f"‘{e.term}’ verwijst naar ‘{rel}’, maar dat id bestaat niet in {shown}.{near}",
                                        "Gebruik het id van een ander trefwoord in hetzelfde bestand."))
    problems.extend(_duplicate_forms(entries, shown))
    if problems:
        raise EditionError(problems)
    return Register(kind, shown, entries)


MAX_FORM = 100


def _form_problem(form: str) -> str | None:
    """Why a form cannot be looked for as a word (one letter, punctuation, blank, very long), or None."""
    if form != form.strip() or not form:
        return "begint of eindigt met een spatie (of is leeg)"
    if sum(c.isalpha() for c in form) < 2:
        return "heeft minder dan twee letters: dan zou elk los teken of voorzetsel een vindplaats worden"
    if len(form) > MAX_FORM:
        return f"is langer dan {MAX_FORM} tekens"
    return None


def _norm_form(form: str) -> str:
    return form[:1].lower() + form[1:]


def _duplicate_forms(entries: list[Entry], shown: str) -> list[Problem]:
    owner: dict[str, Entry] = {}
    problems = []
    for e in entries:
        for form in e.forms:
            other = owner.get(_norm_form(form))
            if other is not None and other is not e:
                problems.append(Problem(e.where, f"de schrijfwijze ‘{form}’ hoort bij twee trefwoorden: "
                                                 f"‘{other.term}’ ({other.where}) en ‘{e.term}’.",
                                        "Een schrijfwijze mag maar bij één trefwoord horen; anders is elke "
                                        "vindplaats dubbelzinnig."))
            owner.setdefault(_norm_form(form), e)
    return problems


def load_registers(root: Path) -> list[Register]:
    registers, problems, _broken = load_registers_partly(root)
    if problems:
        raise EditionError(problems)
    return registers


def load_registers_partly(root: Path, cache=None) -> tuple[list[Register], list[Problem], list[tuple[Kind, str]]]:
    """The registers that load, the problems of those that do not, and the latter as (kind, file):
    references to their entries cannot be checked, and must not be reported as unknown.  `cache`
    (edition.cache.Cache): a file read and checked before comes from build/cache/."""
    from edition import cache as build_cache

    registers, problems, broken = [], [], []
    known = {f"{kind.file}.yml" for kind in KINDS}
    folder = root / "registers"
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        if path.name not in known and not path.name.startswith("."):
            # An editor's extra register or a misspelt name would otherwise be silently ignored.
            near = did_you_mean(path.name, known)
            problems.append(Problem(f"registers/{path.name}", f"onbekend bestand: alleen {', '.join(sorted(known))} "
                                                              f"worden gelezen.{near}",
                                    "Hernoem het bestand (of voeg de trefwoorden toe aan een van de drie registers)."))
    for kind in KINDS:
        path = root / "registers" / f"{kind.file}.yml"
        if not path.exists():
            continue
        shown = f"registers/{kind.file}.yml"
        try:
            registers.append(build_cache.register_file(cache, path, shown, kind, load_register))
        except EditionError as exc:
            problems.extend(exc.problems)
            broken.append((kind, shown))
    return registers, problems, broken


def _alternative(form: str) -> str:
    first = form[0]
    head = f"[{first.upper()}{first.lower()}]" if first.upper() != first.lower() else re.escape(first)
    return head + re.escape(form[1:])


def compile_register(register: Register) -> tuple[re.Pattern, dict[str, Entry]]:
    """One regex for all forms of a register, longest first (so the longest form wins)."""
    by_form = {_norm_form(f): e for e in register.entries for f in e.forms}
    forms = sorted(by_form, key=lambda f: (-len(f), f))
    inflecting = [f for f in forms if by_form[f].inflect]
    fixed = [f for f in forms if not by_form[f].inflect]
    endings = "|".join(re.escape(x) for x in ENDINGS)
    parts = []
    if inflecting:
        parts.append(f"(?P<i>{'|'.join(_alternative(f) for f in inflecting)})(?:{endings})?")
    if fixed:
        parts.append(f"(?P<f>{'|'.join(_alternative(f) for f in fixed)})")
    # A letter or digit may not touch a match; a hyphen or an apostrophe may ("NAVO-lidmaatschap").
    pattern = rf"(?<![^\W_])(?:{'|'.join(parts)})(?![^\W_])"
    return re.compile(pattern), by_form


def find_occurrences(registers: list[Register], docs: list[Document],
                     in_text=None) -> tuple[list[Occurrence], list[Problem]]:
    """Every occurrence of every entry in `docs`, and the problems of the whole (unused entries,
    ambiguous forms).  `in_text(doc, find)`: where the occurrences of one text come from, `find()`
    by default; a build passes the cache's (edition.cache.text_occurrences), which keeps them per
    text, so that a saved YAML does not search every text again."""
    compiled = [compile_register(register) for register in registers]
    occurrences: list[Occurrence] = []
    for doc in docs:
        find = lambda doc=doc: occurrences_in(compiled, doc)  # noqa: E731
        occurrences.extend(in_text(doc, find) if in_text is not None else find())
    # In the order of the registers first, as the texts were searched register by register.
    rank = {register.kind.page: i for i, register in enumerate(registers)}
    occurrences.sort(key=lambda o: rank[o.entry.kind.page])
    problems = _unused(registers, occurrences) + _ambiguous(occurrences, docs)
    return occurrences, problems


def occurrences_in(compiled: list[tuple[re.Pattern, dict[str, Entry]]], doc: Document) -> list[Occurrence]:
    """The occurrences of the compiled registers' entries (`compile_register`) in one text, register
    by register, in the text's order."""
    occurrences: list[Occurrence] = []
    for pattern, by_form in compiled:
        inflecting = "i" in pattern.groupindex
        for bi, block in enumerate(doc.blocks):
            if block.kind not in TEXT_KINDS:
                continue
            for m in pattern.finditer(block.text):
                form = m.group("i") if inflecting and m.group("i") else m.group("f")
                entry = by_form[_norm_form(form)]
                allowed = entry.only_in.get(_norm_form(form))
                if allowed is not None and doc.slug not in allowed:
                    continue
                occurrences.append(Occurrence(doc.slug, bi, m.start(), m.end(), entry, m.group(0)))
    return occurrences


def _unused(registers: list[Register], occurrences: list[Occurrence]) -> list[Problem]:
    used = {id(o.entry) for o in occurrences}
    problems = []
    for register in registers:
        for e in register.entries:
            if id(e) not in used:
                problems.append(Problem(e.where, f"‘{e.term}’ ({', '.join(e.forms)}) komt in geen enkele tekst voor.",
                                        "Controleer de schrijfwijzen (forms) tegen de opgeschoonde tekst, of verwijder "
                                        "het trefwoord. Alleen lopende tekst telt, geen koppen of titels."))
    return problems


def _ambiguous(occurrences: list[Occurrence], docs: list[Document]) -> list[Problem]:
    """The same words claimed by entries of two registers (e.g. ‘Kremlin’ as term and as place)."""
    by_span = defaultdict(list)
    for o in occurrences:
        by_span[(o.slug, o.block_index, o.start, o.end)].append(o)
    paths = {d.slug: d for d in docs}
    # One problem per pair of entries, however often their form occurs: it is one mistake.
    clashes: dict[tuple, list[str]] = {}
    shared = sorted(((span, found) for span, found in by_span.items() if len(found) > 1), key=lambda kv: kv[0])
    for (slug, bi, start, _end), found in shared:
        doc = paths[slug]
        pair = tuple(sorted({(o.entry.where, o.entry.term) for o in found}))
        clashes.setdefault((found[0].form, pair), []).append(doc.where(doc.blocks[bi].line_at(start)))
    problems = []
    for (form, pair), places in clashes.items():
        names = " en ".join(f"‘{term}’ ({where})" for where, term in pair)
        more = f" (en nog {dutch.count(len(places) - 1, 'plaats', 'plaatsen')})" if len(places) > 1 else ""
        problems.append(Problem(places[0], f"‘{form}’ is dubbelzinnig: het past bij {names}{more}.",
                                "Laat de schrijfwijze bij één van beide trefwoorden weg."))
    return problems


def sections(doc: Document) -> list[int]:
    """For each block, the index of the section it is in (0 before the first heading)."""
    out, section = [], 0
    for block in doc.blocks:
        if block.kind == HEADING:
            section += 1
        out.append(section)
    return out


@dataclass
class OccurrenceMap:
    """The occurrences of an edition indexed once: per entry its occurrences (in order), per text
    the entries it mentions, and the entries every text mentions.  Every page that asks "where
    does this entry occur" or "what does this text share" reads this map; scanning the flat list
    for each entry or text made the site quadratic in the number of texts."""

    # Keyed by `Entry.key`, not by object identity: the edition is pickled for the PDF workers.
    of_entry: dict[str, list[Occurrence]]  # entry key → its occurrences
    in_text: dict[str, dict[str, Entry]]  # slug → entry key → entry, in order of first occurrence
    everywhere: frozenset[str]  # keys of the entries every text of the edition mentions
    text_counts: dict[str, int] = field(default_factory=dict)  # entry key → number of texts

    def occurrences_of(self, entry: Entry) -> list[Occurrence]:
        return self.of_entry.get(entry.key, [])

    def keys_in(self, slug: str) -> set[str]:
        return set(self.in_text.get(slug, ()))

    def texts_with(self, key: str) -> int:
        """In how many texts the entry with this key occurs."""
        return self.text_counts.get(key, 0)


def build_occurrence_map(occurrences: list[Occurrence], slugs: list[str]) -> OccurrenceMap:
    of_entry: dict[str, list[Occurrence]] = defaultdict(list)
    in_text: dict[str, dict[str, Entry]] = {slug: {} for slug in slugs}
    for o in occurrences:
        of_entry[o.entry.key].append(o)
        in_text.setdefault(o.slug, {}).setdefault(o.entry.key, o.entry)
    keys = [set(in_text[slug]) for slug in slugs]
    everywhere = frozenset(set.intersection(*keys)) if keys else frozenset()
    text_counts: dict[str, int] = defaultdict(int)
    for keys_of_text in in_text.values():
        for key in keys_of_text:
            text_counts[key] += 1
    return OccurrenceMap(dict(of_entry), in_text, everywhere, dict(text_counts))


# id(edition) → (a weak reference to it, what the map was made of, the map): kept beside the
# edition, not in it, so that it is not pickled with the edition for the PDF workers.
_MAPS: dict[int, tuple] = {}


def occurrence_map(edition) -> OccurrenceMap:
    """The map of `edition` (annotate.Edition), made on first use and kept while the edition lives:
    its texts and occurrences do not change once collected.  Should they be replaced, the map is
    made again."""
    slugs = [d.slug for d in edition.docs]
    cached = _MAPS.get(id(edition))
    if cached is not None and cached[0]() is edition and cached[1] == (id(edition.occurrences),
                                                                       len(edition.occurrences), slugs):
        return cached[2]
    made = build_occurrence_map(edition.occurrences, slugs)
    key = id(edition)
    _MAPS[key] = (weakref.ref(edition, lambda _ref: _MAPS.pop(key, None)),
                  (id(edition.occurrences), len(edition.occurrences), slugs), made)
    return made

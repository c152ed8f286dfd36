"""Stage 8 – annotate: glossary and register links, note calls, cross-references, citations.

Collect first, resolve later (like mkdocs-autorefs): every text is built before this stage runs;
`collect` registers every anchor (texts, paragraphs, headings, glossary and register entries) and
every bibliography key, finds every occurrence of every entry, then checks every cross-reference
and citation in notes, glossary and registers.  It returns the problems it could not resolve in
one EditionError; only the CLI reports them.  Annotations never touch a block's text: they are
spans (links) and points (note calls) on it, so the fidelity check is unaffected.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from edition import cache as build_cache
from edition.apparatus import inline_md
from edition.dutch import count
from edition.apparatus.bibliography import Bibliography, add_source_texts, load_bibliography_partly
from edition.errors import EditionError, Problem, closest, did_you_mean
from edition.apparatus.links import text_url
from edition.model import HEADING, NUMBERED_KINDS, Document
from edition.apparatus.registers import GLOSSARY, KINDS, Occurrence, Register, find_occurrences, load_registers_partly, sections
from edition.site.render import page_title

BIBLIOGRAPHY_PAGE = "bibliografie"


@dataclass(frozen=True)
class Target:
    page: str  # site path of the page, e.g. "teksten/<slug>/" or "woordenlijst/"
    anchor: str  # "" for the page itself
    label: str  # what a link to it says by default


@dataclass
class Edition:
    """Everything collected across the texts, for rendering the pages."""

    docs: list[Document]
    registers: list[Register]
    bib: Bibliography | None
    occurrences: list[Occurrence]
    targets: dict[str, Target] = field(default_factory=dict)
    drafts: list[Document] = field(default_factory=list)  # texts left out of this edition (drafts.py)
    notices: list[Problem] = field(default_factory=list)  # said, but not stopping the build

    def register(self, page: str) -> Register | None:
        return next((r for r in self.registers if r.kind.page == page), None)

    def resolver(self, page_path: str) -> "SiteResolver":
        return SiteResolver(self, page_path)

    def occurrences_of(self, entry) -> list[Occurrence]:
        return [o for o in self.occurrences if o.entry is entry]


def _short(text: str, n: int = 60) -> str:
    return text if len(text) <= n else text[: n - 1].rsplit(" ", 1)[0] + " …"


def collect_targets(docs: list[Document], registers: list[Register]) -> dict[str, Target]:
    targets: dict[str, Target] = {}
    for doc in docs:
        title, _ = page_title(doc)
        targets[doc.slug] = Target(text_url(doc.slug), "", f"‘{title}’")
        for block in doc.blocks:
            if not block.id:
                continue
            if block.kind in NUMBERED_KINDS:
                label = f"‘{title}’, alinea {block.number}"
            elif block.kind == HEADING:
                label = f"‘{title}’, onderdeel ‘{_short(block.text)}’"
            else:
                label = f"‘{title}’"
            targets[f"{doc.slug}#{block.id}"] = Target(text_url(doc.slug), block.id, label)
    for register in registers:
        page = f"{register.kind.page}/"
        targets[register.kind.page] = Target(page, "", register.kind.title)
        for e in register.entries:
            targets[e.key] = Target(page, e.id, e.term)
    return targets


class SiteResolver:
    """Cross-references and citations as links relative to one page of the site."""

    def __init__(self, edition: Edition, page_path: str):
        self.edition = edition
        self.up = "../" * page_path.count("/")  # "teksten/x/" → "../../"

    def href(self, page: str, anchor: str = "") -> str:
        return f"{self.up}{page}" + (f"#{anchor}" if anchor else "")

    def xref(self, ref: inline_md.XRef) -> tuple[str, str]:
        t = self.edition.targets[ref.target]
        return self.href(t.page, t.anchor), ref.label or t.label

    def cite(self, cite: inline_md.Cite) -> tuple[str, str]:
        return self.href(f"{BIBLIOGRAPHY_PAGE}/", cite.key), self.edition.bib.label(cite.key)


def _inlines(edition: Edition):
    """Every parsed editorial field with its location: notes, glossary and register fields."""
    for doc in edition.docs:
        for note in doc.notes:
            if note.body is not None:
                yield note.body
    for register in edition.registers:
        for e in register.entries:
            yield from e.texts.values()


@dataclass
class Skipped:
    """Checks left out because a data file did not load: its own error is the one to report, and
    every reference into it would otherwise be a false "unknown" (19–180 of them for one typo)."""

    pages: dict[str, str] = field(default_factory=dict)  # register page → its file
    bib_files: list[str] = field(default_factory=list)  # .bib files that did not load
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))  # file → checks skipped

    def xref(self, target: str) -> bool:
        file = self.pages.get(target.split("#", 1)[0])
        if file:
            self.counts[file] += 1
        return file is not None

    def cite(self) -> bool:
        for file in self.bib_files:
            self.counts[file] += 1
        return bool(self.bib_files)

    def problems(self) -> list[Problem]:
        """One line per broken file whose dependent checks were skipped."""
        return [Problem(file, f"{count(n, 'verwijzing', 'verwijzingen')} naar dit bestand "
                              f"{'is' if n == 1 else 'zijn'} niet gecontroleerd, omdat het bestand een fout bevat "
                              "(hierboven).",
                        "Herstel eerst de fout hierboven; controleer daarna opnieuw.")
                for file, n in self.counts.items() if n]


def check_references(edition: Edition, skipped: Skipped | None = None) -> list[Problem]:
    problems = []
    skipped = skipped if skipped is not None else Skipped()
    keys = set(edition.bib.keys()) if edition.bib else set()
    for inline in _inlines(edition):
        for ref in inline.references():
            if isinstance(ref, inline_md.XRef) and ref.target not in edition.targets:
                if skipped.xref(ref.target):
                    continue
                near = closest(ref.target, edition.targets)
                draft = next((d for d in edition.drafts if d.slug == ref.target.split("#", 1)[0]), None)
                if draft is not None:  # a published page cannot link to a page that is not published
                    problems.append(Problem(inline.where, f"verwijzing [[{ref.target}]]: die tekst is nog een "
                                                          "concept en wordt niet gepubliceerd.",
                                            f"Maak {draft.path} eerst af (zie review/review.md, ‘Concepten’), of "
                                            "verwijder de verwijzing."))
                    continue
                hint = f"Bedoelde u [[{near}]]?" if near else (
                    "Een doel is ‘<tekst>’, ‘<tekst>#p12’, ‘<tekst>#<kop-id>’, ‘woordenlijst#<id>’, "
                    "‘personen#<id>’ of ‘plaatsen#<id>’.")
                problems.append(Problem(inline.where, f"verwijzing [[{ref.target}]]: dat doel bestaat niet.", hint))
            elif isinstance(ref, inline_md.Cite) and ref.key not in keys and not skipped.cite():
                problems.append(_unknown_key(inline.where, ref.key, keys))
    slugs = {d.slug for d in [*edition.docs, *edition.drafts]}
    for register in edition.registers:
        for e in register.entries:
            for form, allowed in e.only_in.items():
                for slug in sorted(allowed - slugs):
                    problems.append(Problem(e.field_where("forms"), f"‘{e.term}’: only_in noemt de tekst ‘{slug}’, "
                                                                    "maar die bestaat niet.",
                                            f"Teksten: {', '.join(sorted(slugs))}.{did_you_mean(slug, slugs)}"))
            for j, key in enumerate(e.sources):
                if key not in keys and not skipped.cite():
                    problems.append(_unknown_key(e.located.where(("entries", e.index, "sources", j)), key, keys))
    return problems


def _unknown_key(where: str, key: str, keys: set[str]) -> Problem:
    hint = did_you_mean(key, keys).strip() or "Voeg de bron toe aan een .bib-bestand in bibliography/."
    return Problem(where, f"onbekende bronsleutel ‘{key}’.", hint)


def place_links(edition: Edition) -> None:
    """The first occurrence of a glossary term in each section, and of a person or place in each
    text, becomes a link to its entry (names are frequent: once per text keeps the page readable),
    unless it overlaps an editorial mark, another link or a note call (links never nest)."""
    by_doc = defaultdict(list)
    for o in edition.occurrences:
        by_doc[o.slug].append(o)
    order = {k.page: i for i, k in enumerate(KINDS)}
    for doc in edition.docs:
        section_of = sections(doc)
        for block in doc.blocks:
            block.links = []
            block.calls = []
        for note in doc.notes:
            note.block.calls.append((note.offset, note.id))
        for block in doc.blocks:
            block.calls.sort(key=lambda c: c[0])
        done = set()
        found = sorted(by_doc[doc.slug], key=lambda o: (order[o.entry.kind.page], o.block_index, o.start))
        for o in found:
            scope = section_of[o.block_index] if o.entry.kind == GLOSSARY else 0
            key = (o.entry.key, scope)
            if key in done:
                continue
            block = doc.blocks[o.block_index]
            busy = [(s, e) for s, e, *_ in block.marks] + [(s, e) for s, e, _ in block.links]
            if any(s < o.end and o.start < e for s, e in busy):
                continue
            if any(o.start < off < o.end for off, _ in block.calls):
                continue
            block.links.append((o.start, o.end, o.entry.key))
            done.add(key)
        for block in doc.blocks:
            block.links.sort()


def collect(root: Path, docs: list[Document], drafts: list[Document] | None = None, cache=None) -> Edition:
    """The edition of `docs`; `drafts` are texts left out of it (drafts.py): their words still count
    for the registers' checks (an entry found only in a draft is not "unused"), but they give no
    loci, no targets and no bibliography record.  `cache`: the parsed registers and .bib files and each
    text's register occurrences from build/cache/."""
    # A data file that does not load is reported once; what depends on it is not checked (Skipped).
    drafts = list(drafts or [])
    registers, problems, broken = load_registers_partly(root, cache)
    skipped = Skipped(pages={kind.page: file for kind, file in broken})
    bib, notices = None, []
    if (root / "bibliography").is_dir():
        bib, bib_problems, skipped.bib_files = load_bibliography_partly(root, cache)
        problems.extend(bib_problems)
        source_problems, notices = add_source_texts(bib, docs)
        problems.extend(source_problems)
    occurrences, found_problems = find_occurrences(registers, [*docs, *drafts],
                                                   build_cache.text_occurrences(cache, root, registers))
    problems.extend(found_problems)
    published = {d.slug for d in docs}
    occurrences = [o for o in occurrences if o.slug in published]
    edition = Edition(docs, registers, bib, occurrences, collect_targets(docs, registers), drafts, notices)
    problems.extend(check_references(edition, skipped))
    problems.extend(skipped.problems())
    if problems:
        raise EditionError(problems)
    place_links(edition)
    return edition

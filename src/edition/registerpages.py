"""The pages of the apparatus built from collected data: glossary, registers, bibliography.

Each entry has a stable anchor (its id) and backlinks to every paragraph it occurs in; a register
entry also lists the spellings the texts use, so that searching for one spelling ("Kyiv") finds
the entry that lists the passages with the other ("Kiev").
"""

from __future__ import annotations

from collections import Counter, defaultdict

from . import bibstyle
from .annotate import BIBLIOGRAPHY_PAGE, Edition
from .inert import attr, inert, inert_html
from .inline_md import Cite, cite_links, to_html
from .links import text_url
from .model import BYLINE, CAPTION, HEADING, LIST_TITLE, PROVENANCE, PULLQUOTE, SUBTITLE, TITLE
from .registers import Register, sort_key
from .render import page_title

HEADER = "<!-- Gegenereerd door `edition build`; niet met de hand bewerken. -->"

INTRO = {
    "woordenlijst": (
        "Begrippen die een lezer zonder voorkennis nodig heeft om de teksten te volgen. In de teksten is "
        "het eerste voorkomen van een begrip in elk onderdeel een link naar deze lijst; wie er met de muis "
        "of het toetsenbord op staat, ziet de korte definitie. Onder elk begrip staan alle vindplaatsen "
        "(tekst en alineanummer)."),
    "personen": (
        "Alle personen die in de teksten genoemd worden, onder de schrijfwijze van de editie, met de "
        "schrijfwijzen die de teksten zelf gebruiken en alle vindplaatsen (tekst en alineanummer)."),
    "plaatsen": (
        "Alle landen, gebieden, steden en andere plaatsen die in de teksten genoemd worden, onder de "
        "Nederlandse schrijfwijze van de editie, met de schrijfwijzen die de teksten gebruiken en alle "
        "vindplaatsen (tekst en alineanummer)."),
}


def loci(edition: Edition, entry, docs: list | None = None) -> list[tuple]:
    """Where an entry occurs: per text (in edition order, limited to `docs`) its blocks with the
    number of occurrences in each; shared by the site's registers and the print."""
    by_doc = defaultdict(Counter)
    for o in edition.occurrences_of(entry):
        by_doc[o.slug][o.block_index] += 1
    return [(doc, [(doc.blocks[bi], count) for bi, count in sorted(by_doc[doc.slug].items())])
            for doc in (edition.docs if docs is None else docs) if doc.slug in by_doc]


# What a register calls a place in a text that has no paragraph number (the name of a person can
# stand in the byline, a place in a heading or a caption).
UNNUMBERED = {CAPTION: "bijschrift", PULLQUOTE: "streamer", BYLINE: "auteursregel", TITLE: "titel",
              SUBTITLE: "ondertitel", HEADING: "kop", LIST_TITLE: "kop van een lijst", PROVENANCE: "herkomst"}


def locus_label(block) -> tuple[str, str]:
    """(what a register shows, what it says in full) for a block: its paragraph number and
    "alinea N", or for a block without a number what kind of block it is."""
    if block.number is not None:
        return str(block.number), f"alinea {block.number}"
    name = UNNUMBERED.get(block.kind, "tekst")
    return name, name


def backlinks(edition: Edition, entry, resolver) -> list[str]:
    """One line per text: the paragraphs (numbers) where the entry occurs, each a link."""
    lines = []
    for doc, blocks in loci(edition, entry):
        title, _ = page_title(doc)
        links = []
        for block, count in blocks:
            href = resolver.href(text_url(doc.slug), block.id)
            shown, name = locus_label(block)  # the label contains what is shown
            times = f" ({count}×)" if count > 1 else ""
            links.append(f'<a href="{attr(href)}" aria-label="{attr(title)}, {name}">{shown}</a>{times}')
        lines.append(f'<li><a href="{attr(resolver.href(text_url(doc.slug)))}">{inert(title)}</a>: '
                     f'{", ".join(links)}</li>')
    return lines


def _spellings(edition: Edition, entry) -> str:
    counts = Counter(o.form for o in edition.occurrences_of(entry))
    return ", ".join(f"{inert(form)} ({n}×)" for form, n in sorted(counts.items(), key=lambda kv: sort_key(kv[0])))


def register_page(edition: Edition, register: Register) -> str:
    kind = register.kind
    resolver = edition.resolver(f"{kind.page}/")
    entries = sorted(register.entries, key=lambda e: (sort_key(e.sort), e.id))
    letters = sorted({sort_key(e.sort)[:1].upper() for e in entries})
    out = ["---", f'title: "{kind.title}"', "---", "", HEADER, "", f"# {kind.title}", "",
           INTRO[kind.page], "",
           '<p class="ed-letters ed-ui">' + " ".join(
               f'<a href="#letter-{attr(letter.lower())}">{inert(letter)}</a>' for letter in letters) + "</p>", ""]
    current = None
    for e in entries:
        letter = sort_key(e.sort)[:1].upper()
        if letter != current:
            out += [f'<p class="ed-letter ed-ui" id="letter-{attr(letter.lower())}">{inert(letter)}</p>', ""]
            current = letter
        out += [f"## {inert(e.term)} {{#{e.id}}}", ""]
        if kind.page == "woordenlijst":
            out += [f'<p class="ed-def">{to_html(e.texts["definition"], resolver)}</p>', "",
                    f"<p>{to_html(e.texts['explanation'], resolver)}</p>", ""]
        else:
            out += [f'<p class="ed-def">{to_html(e.texts["identification"], resolver)}</p>', ""]
        if "note" in e.texts:
            out += [f'<p class="ed-entry-note">{to_html(e.texts["note"], resolver)}</p>', ""]
        facts = [f"<dt>Schrijfwijzen in de teksten</dt><dd>{_spellings(edition, e)}</dd>"]
        if e.related:
            by_id = {x.id: x for x in register.entries}
            rel = ", ".join(f'<a href="#{attr(r)}">{inert(by_id[r].term)}</a>' for r in e.related)
            facts.append(f"<dt>Zie ook</dt><dd>{rel}</dd>")
        if e.sources:
            facts.append(f"<dt>Bronnen</dt><dd>{cite_links([Cite(k, '') for k in e.sources], resolver)}</dd>")
        out += [f'<dl class="ed-facts">{"".join(facts)}</dl>', ""]
        found = backlinks(edition, e, resolver)
        if found:
            out += ['<div class="ed-backlinks" data-search-exclude>', "<p>Vindplaatsen:</p>", "<ul>",
                    *found, "</ul>", "</div>", ""]
        else:  # it occurs only in texts that are not published yet (drafts)
            out += ['<p class="ed-backlinks">Nog geen vindplaatsen in de gepubliceerde teksten.</p>', ""]
    return "\n".join(out).rstrip() + "\n"


def cited_in(edition: Edition) -> dict[str, list[tuple[str, str]]]:
    """Bibliography key → (href relative to the bibliography page, label) of every place citing it."""
    resolver = edition.resolver(f"{BIBLIOGRAPHY_PAGE}/")
    out: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for doc in edition.docs:
        title, _ = page_title(doc)
        for note in doc.notes:
            if note.body is None:
                continue
            for ref in note.body.references():
                if isinstance(ref, Cite):
                    out[ref.key].append((resolver.href(text_url(doc.slug), f"fn:{note.id}"),
                                         f"noot bij ‘{title}’"))
    for register in edition.registers:
        for e in register.entries:
            keys = list(e.sources) + [r.key for t in e.texts.values() for r in t.references() if isinstance(r, Cite)]
            for key in dict.fromkeys(keys):
                out[key].append((resolver.href(f"{register.kind.page}/", e.id), f"{register.kind.title}: {e.term}"))
    return out


def bibliography_page(edition: Edition) -> str:
    bib = edition.bib
    resolver = edition.resolver(f"{BIBLIOGRAPHY_PAGE}/")
    slugs = {d.slug for d in edition.docs}
    formatted = bibstyle.format_entries(bib.data)
    uses = cited_in(edition)
    # Not in the search index: it is part of every first page load (budget 150 kB), and the cited
    # works are found through the notes that cite them (over.md says so).
    from .pages import number_word

    sources = "De brontekst" if len(slugs) == 1 else f"De {number_word(len(slugs))} bronteksten"
    out = ["---", 'title: "Bibliografie"', "search:", "  exclude: true", "---", "", HEADER, "", "# Bibliografie", "",
           f"{sources} van de editie, met wat de teksten zelf over hun herkomst zeggen (wat onbekend "
           "is, staat er als onbekend bij), en alle werken die in noten, woordenlijst en registers worden "
           "aangehaald.", "", "## Bronteksten {#bronteksten}", ""]
    for key, html, _text in formatted:
        if key in slugs:
            href = resolver.href(text_url(key))
            out += [f'<p class="ed-bib" id="{attr(key)}">{inert_html(html)} '
                    f'<a class="ed-ui" href="{attr(href)}">Naar de tekst</a></p>', ""]
    out += ["## Aangehaalde werken {#aangehaalde-werken}", ""]
    for key, html, _text in formatted:
        if key in slugs:
            continue
        where = uses.get(key, [])
        used = ("<br><small>Aangehaald in: " + "; ".join(
            f'<a href="{attr(h)}">{inert(label)}</a>' for h, label in where) + "</small>") if where else ""
        out += [f'<p class="ed-bib" id="{attr(key)}">{inert_html(html)}{used}</p>', ""]
    return "\n".join(out).rstrip() + "\n"

"""The pages of the apparatus built from collected data: glossary, registers, bibliography.

Each entry has a stable anchor (its id) and backlinks to every paragraph it occurs in; a register
entry also lists the spellings the texts use, so that searching for one spelling ("Kyiv") finds
the entry that lists the passages with the other ("Kiev").
"""

from __future__ import annotations

from collections import Counter, defaultdict

from edition.apparatus import bibstyle
from edition.apparatus.annotate import BIBLIOGRAPHY_PAGE, Edition
from edition.inert import attr, inert, inert_html
from edition.apparatus.inline_md import Cite, cite_links, to_html
from edition.apparatus.links import text_url
from edition.model import BYLINE, CAPTION, HEADING, LIST_TITLE, PROVENANCE, PULLQUOTE, SUBTITLE, TITLE
from edition.apparatus.registers import Register, occurrence_map, sort_key
from edition.site.render import page_title

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
    for o in occurrence_map(edition).occurrences_of(entry):
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


# An entry found in more texts than this gets one link per text (to its first place there) with
# the number of times, instead of a link to every paragraph: a name in every text would otherwise
# make its register page grow with texts × paragraphs (the places of 400 texts: 4 MB).
COLLAPSE_TEXTS = 8


def collapsed(found: list[tuple]) -> bool:
    """Whether the loci of an entry (`loci`) are shown one link per text."""
    return len(found) > COLLAPSE_TEXTS


def backlinks(edition: Edition, entry, resolver, full: bool = False) -> list[str]:
    """One line per text: the paragraphs (numbers) where the entry occurs, each a link; for an
    entry in many texts (`collapsed`) the text's title, linked to its first place, with a count.
    `full` (the page of an entry's loci): every text with its first LOCI_PER_TEXT paragraphs."""
    lines = []
    found = loci(edition, entry)
    for doc, blocks in found:
        title, _ = page_title(doc)
        if collapsed(found) and not full:
            n = sum(count for _, count in blocks)
            times = f" ({n}×)" if n > 1 else ""
            href = resolver.href(text_url(doc.slug), blocks[0][0].id)
            lines.append(f'<li><a href="{attr(href)}">{inert(title)}</a>{times}</li>')
            continue
        links = []
        for block, count in blocks[:LOCI_PER_TEXT] if full else blocks:
            href = resolver.href(text_url(doc.slug), block.id)
            shown, name = locus_label(block)  # the label contains what is shown
            times = f" ({count}×)" if count > 1 else ""
            links.append(f'<a href="{attr(href)}" aria-label="{attr(title)}, {name}">{shown}</a>{times}')
        more = len(blocks) - len(links)
        rest = f" en nog {more} {'plaats' if more == 1 else 'plaatsen'} in deze tekst" if more else ""
        lines.append(f'<li><a href="{attr(resolver.href(text_url(doc.slug)))}">{inert(title)}</a>: '
                     f'{", ".join(links)}{rest}</li>')
    return lines


# An entry found in more texts than this has its loci on a page of its own, LOCI_DIR/<register>/<id>/,
# and its register entry says how many, with a link there.  A link per text and entry takes at
# least 65 bytes: in one page the places of 400 texts would pass 500 kB whatever the format.  Only
# when the build writes those pages (`register_page(…, own_pages=True)` and `loci_pages`).
LOCI_PAGE_TEXTS = 40
LOCI_DIR = "vindplaatsen"
# On such a page, each text with its first this many places (a name in every paragraph of 400
# texts would again make a page of megabytes); the rest is counted.
LOCI_PER_TEXT = 5


def loci_page_path(register: Register, entry) -> str:
    """The site path of the page with all loci of `entry`."""
    return f"{LOCI_DIR}/{register.kind.page}/{entry.id}/"


def _has_own_page(found: list[tuple]) -> bool:
    return len(found) > LOCI_PAGE_TEXTS


def _dutch_int(n: int) -> str:
    return f"{n:,}".replace(",", ".")  # 1.204: Dutch groups thousands with a full stop


def loci_pages(edition: Edition, register: Register) -> dict[str, str]:
    """The pages of all loci of the entries found in more than LOCI_PAGE_TEXTS texts: file name
    under docs/ → Markdown.  Each page lists every text, with its first LOCI_PER_TEXT places
    (`backlinks(full=True)`).  Only for a caller that also passes `own_pages` to register_page."""
    from edition.dutch import count
    from edition.inert import yaml_string
    from edition.site.pages import number_word

    pages = {}
    for e in register.entries:
        found = loci(edition, e)
        if not _has_own_page(found):
            continue
        path = loci_page_path(register, e)
        resolver = edition.resolver(path)
        times = sum(n for _, blocks in found for _, n in blocks)
        entry_href = resolver.href(f"{register.kind.page}/", e.id)
        pages[f"{path.rstrip('/')}.md"] = "\n".join([
            "---", f"title: {yaml_string('Vindplaatsen: ' + e.term)}", "search:", "  exclude: true", "---", "",
            HEADER, "", f"# Vindplaatsen: {inert(e.term)}", "",
            f'<p>Waar <a href="{attr(entry_href)}">{inert(e.term)}</a> ({inert(register.kind.title.lower())}) in de '
            f"teksten voorkomt: {count(len(found), 'tekst', 'teksten')}, {_dutch_int(times)} keer; per tekst de "
            f"eerste {number_word(LOCI_PER_TEXT)} alinea's of andere plaatsen.</p>", "",
            '<div class="ed-backlinks" data-search-exclude>', "<ul>", *backlinks(edition, e, resolver, full=True),
            "</ul>", "</div>", ""])
    return pages


def _spellings(edition: Edition, entry) -> str:
    counts = Counter(o.form for o in occurrence_map(edition).occurrences_of(entry))
    return ", ".join(f"{inert(form)} ({n}×)" for form, n in sorted(counts.items(), key=lambda kv: sort_key(kv[0])))


def register_page(edition: Edition, register: Register, own_pages: bool = False) -> str:
    """The page of a register; with `own_pages`, an entry in more than LOCI_PAGE_TEXTS texts links
    to the page of its loci (`loci_pages`, which the caller writes too) instead of listing them."""
    kind = register.kind
    resolver = edition.resolver(f"{kind.page}/")
    entries = sorted(register.entries, key=lambda e: (sort_key(e.sort), e.id))
    letters = sorted({sort_key(e.sort)[:1].upper() for e in entries})
    from edition.site.pages import number_word

    intro = INTRO[kind.page]
    spread = [len(loci(edition, e)) for e in entries]
    if any(n > COLLAPSE_TEXTS and not (own_pages and n > LOCI_PAGE_TEXTS) for n in spread):
        intro += (f" Bij een trefwoord dat in meer dan {number_word(COLLAPSE_TEXTS)} teksten voorkomt, staat per "
                  "tekst de eerste vindplaats, met het aantal keren.")
    if own_pages and any(n > LOCI_PAGE_TEXTS for n in spread):
        intro += (f" Komt het in meer dan {LOCI_PAGE_TEXTS} teksten voor, dan staan de vindplaatsen op een eigen "
                  "pagina.")
    out = ["---", f'title: "{kind.title}"', "---", "", HEADER, "", f"# {kind.title}", "",
           intro, "",
           '<p class="ed-letters ed-ui">' + " ".join(
               f'<a href="#letter-{attr(letter.lower())}">{inert(letter)}</a>' for letter in letters) + "</p>", ""]
    by_id = {x.id: x for x in register.entries}
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
            rel = ", ".join(f'<a href="#{attr(r)}">{inert(by_id[r].term)}</a>' for r in e.related)
            facts.append(f"<dt>Zie ook</dt><dd>{rel}</dd>")
        if e.sources:
            facts.append(f"<dt>Bronnen</dt><dd>{cite_links([Cite(k, '') for k in e.sources], resolver)}</dd>")
        out += [f'<dl class="ed-facts">{"".join(facts)}</dl>', ""]
        where = loci(edition, e)
        if own_pages and _has_own_page(where):
            times = sum(n for _, blocks in where for _, n in blocks)
            href = resolver.href(loci_page_path(register, e))
            out += ['<div class="ed-backlinks" data-search-exclude>',
                    f"<p>Vindplaatsen: in {len(where)} teksten, {_dutch_int(times)} keer; "
                    f'<a href="{attr(href)}">alle vindplaatsen</a>.</p>', "</div>", ""]
            continue
        found = backlinks(edition, e, resolver)
        if found:
            label = ("Vindplaatsen (per tekst de eerste, met het aantal keren):" if collapsed(where)
                     else "Vindplaatsen:")
            out += ['<div class="ed-backlinks" data-search-exclude>', f"<p>{label}</p>", "<ul>",
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


def collapsed_places(where: list[tuple[str, str]]) -> list[tuple[str, str, int]]:
    """(href, label, times) of the places citing a work: each place once (times 1), or, for a work
    cited in more than COLLAPSE_TEXTS places, each text's notes (or each entry) once, linked to the
    first of them, with the number of times, as the registers do."""
    if len(where) <= COLLAPSE_TEXTS:
        return [(h, label, 1) for h, label in where]
    first: dict[tuple[str, str], str] = {}
    times: Counter = Counter()
    for h, label in where:
        place = (h.split("#", 1)[0], label)  # the page and its label: two texts may share a title
        first.setdefault(place, h)
        times[place] += 1
    return [(h, place[1], times[place]) for place, h in first.items()]


def bibliography_page(edition: Edition) -> str:
    bib = edition.bib
    resolver = edition.resolver(f"{BIBLIOGRAPHY_PAGE}/")
    slugs = {d.slug for d in edition.docs}
    formatted = bibstyle.format_entries(bib.data)
    uses = cited_in(edition)
    # Not in the search index: it is part of every first page load (budget 150 kB), and the cited
    # works are found through the notes that cite them (over.md says so).
    from edition.site.pages import number_word

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
        where = collapsed_places(uses.get(key, []))
        used = ("<br><small>Aangehaald in: " + "; ".join(
            f'<a href="{attr(h)}">{inert(label)}</a>{f" ({n}×)" if n > 1 else ""}' for h, label, n in where)
                + "</small>") if where else ""
        out += [f'<p class="ed-bib" id="{attr(key)}">{inert_html(html)}{used}</p>', ""]
    return "\n".join(out).rstrip() + "\n"

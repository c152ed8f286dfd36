"""Stage 9 – print: the document model → one lean HTML document for WeasyPrint.

Not Material's screen HTML (its flex/grid layout is slow and wrong in print): a plain document
rendered from the same model and the same collected apparatus as the site, with print CSS
(`assets/print.css`) doing the book work: footnotes at the foot of the page, paragraph numbers in
the margin, running heads, bookmarks.  Page numbers of cross-references ("zie p. N") are
placeholders here that `pdf.py` fills in after layout (see `page_refs`).

Two shapes: the whole edition (cover, contents, the texts, glossary, registers, bibliography,
apparatus; as a list of documents that pdf.py binds into one PDF) and one text (a teacher's hand-out: the text with its notes, the glossary entries it
uses, the works it cites, its part of the apparatus and how to cite it).

Every id is namespaced because all texts share one PDF: a paragraph is `<slug>--p3`, an
entry `woordenlijst--<id>`, a work `bibliografie--<key>`, a note `fn-<slug>-<id>`.  A reference
to something the document does not contain (a hand-out pointing at another text) becomes a link
to the site instead.
"""

from __future__ import annotations

import html
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime, timezone

from edition.apparatus import bibstyle
from edition.apparatus.annotate import BIBLIOGRAPHY_PAGE, Edition
from edition.apparatus.bibstyle import MONTHS_NL
from edition.apparatus.citation import EDITION_TITLE, edition_entry, public_url
from edition.inert import attr, inert, inert_html
from edition.apparatus.inline_md import Cite, XRef, cite_links, to_html
from edition.apparatus.links import text_url
from edition.model import BYLINE, CAPTION, HEADING, LEAD, LIST_ITEM, LIST_TITLE, PARAGRAPH, PROVENANCE, PULLQUOTE, QUOTE, SOURCE_NOTE, SUBTITLE, TABLE, TITLE, VERSE, Block, Document
from edition.cleaning import sourcenotes
from edition.site.pages import EDITORIAL_OPERATIONS, RULE_NAMES, editorial_operations
from edition.site.render import list_number
from edition.site.registerpages import locus_label, loci
from edition.apparatus.registers import GLOSSARY, sort_key
from edition.site.render import (card, footnote_body, inline, intervention_anchor, page_title, shown_date, table_rows,
                                 verse_markup)

APPARATUS = "apparaat"
PAGE_REF_CLASS = "pref"
STANZA_BREAK = '<span class="stanza-break"></span>'
INTRO = {
    "woordenlijst": "Begrippen die een lezer zonder voorkennis nodig heeft om de teksten te volgen, met hun "
                    "vindplaatsen: alineanummer en pagina.",
    "personen": "Alle personen die in de teksten genoemd worden, onder de schrijfwijze van de editie, met de "
                "schrijfwijzen die de teksten zelf gebruiken en hun vindplaatsen.",
    "plaatsen": "Alle landen, gebieden, steden en andere plaatsen die in de teksten genoemd worden, onder de "
                "Nederlandse schrijfwijze van de editie, met de schrijfwijzen die de teksten gebruiken en hun "
                "vindplaatsen.",
}


def print_id(page: str, anchor: str = "") -> str:
    """The id in the print document of a site address (page path + anchor)."""
    part = page.strip("/")
    if part.startswith("teksten/"):
        slug = part.split("/", 1)[1]
        return f"{slug}--{anchor}" if anchor else slug
    return f"{part}--{anchor}" if anchor else part


def dutch_date(epoch: int) -> str:
    day = datetime.fromtimestamp(epoch, tz=timezone.utc)
    return f"{day.day} {MONTHS_NL[day.month - 1]} {day.year}"


@dataclass
class PrintResolver:
    """Cross-references and citations as links inside the print document when it has the target
    (then `page_refs` adds "zie p. N"), otherwise as links to the site."""

    edition: Edition
    ids: set[str]
    site_url: str

    def href(self, page: str, anchor: str = "") -> str:
        pid = print_id(page, anchor)
        if pid in self.ids:
            return f"#{pid}"
        return f"{self.site_url.rstrip('/')}/{page}" + (f"#{anchor}" if anchor else "")

    def xref(self, ref: XRef) -> tuple[str, str]:
        t = self.edition.targets[ref.target]
        return self.href(t.page, t.anchor), ref.label or t.label

    def cite(self, cite: Cite) -> tuple[str, str]:
        return self.href(f"{BIBLIOGRAPHY_PAGE}/", cite.key), self.edition.bib.label(cite.key)


_INTERNAL_LINK = re.compile(r'<a (?P<a>[^>]*?)href="(?:#|&#35;)(?P<id>[^"]+)"(?P<b>[^>]*)>(?P<text>.*?)</a>', re.S)
_CLASS = re.compile(r'class="([^"]*)"')


_SLOT_ZEROS = re.compile(rf'(class="{PAGE_REF_CLASS}" data-ref="[^"]*"(?: data-align="right")?>)0+(?=<)')


def with_slot_digits(htmls: list[str], digits: int) -> list[str]:
    """Print documents made with slots of some width (`page_refs`, `_slot`), their slots `digits`
    zeros wide: the same documents `edition_parts`/`text_parts` make with `digits` (nothing else in
    them depends on it; tested).  The build makes the HTML once, for the PDFs' keys, and the PDF
    worker widens it instead of making it again for each width it tries."""
    zeros = "0" * digits
    return [_SLOT_ZEROS.sub(lambda m: m.group(1) + zeros, h) for h in htmls]


def page_refs(markup: str, digits: int) -> str:
    """After each in-document cross-reference, locus and apparatus link: "(zie p. N)" / "(p. N)".

    N is a slot of `digits` zeros that `pdf.fill_page_refs` replaces by the page of the target
    once the document is laid out.  Why not CSS `target-counter()`: WeasyPrint lays out every
    page holding one three times (unresolved, resolved, settled), which for the registers and
    the notes tripled the build time.  Charis SIL's figures all have one width, so the number
    can be put in after layout without moving anything else on the line.  The table of contents
    has slots too (`_slot`), set flush right."""
    def add(m: re.Match) -> str:
        target = html.unescape(m.group("id"))
        found = _CLASS.search(m.group("a") + m.group("b"))
        classes = found.group(1).split() if found else []
        slot = f'class="{PAGE_REF_CLASS}" data-ref="{attr(target)}">{"0" * digits}'
        if "locus" in classes:
            # A register's "al. 12 (p. 14)": the page number is the link, as in a book's index;
            # one link less per locus (the registers hold hundreds) keeps their layout fast.
            return f'{m.group("text")} (p.\u00a0<a href="#{attr(target)}" {slot}</a>)'
        if "ed-xref" in classes:
            words = "zie p."
        elif target.startswith(APPARATUS + "--"):
            words = "p."
        else:
            return m.group(0)
        # Plain text around the slot: one inline box less per reference keeps layout fast.
        return f'{m.group(0)} ({words}\u00a0<span {slot}</span>)'
    return _INTERNAL_LINK.sub(add, markup)


# --- the texts -------------------------------------------------------------------------------

def _lines(block: Block) -> str:
    return f"{block.first_line}-{block.last_line}" if block.last_line != block.first_line else str(block.first_line)


def _text_ids(doc: Document) -> set[str]:
    ids = {doc.slug, f"{APPARATUS}--{doc.slug}"}
    ids |= {f"{doc.slug}--{b.id}" for b in doc.blocks if b.id}
    ids |= {f"{APPARATUS}--{intervention_anchor(doc.slug, iv.id)}" for iv in doc.interventions}
    return ids


def _term_open(edition: Edition, resolver: PrintResolver):
    def term_open(key: str) -> str:
        page, entry_id = key.split("#")
        css = "term" if page == GLOSSARY.page else "reg"
        return f'<a class="{css}" href="{attr(resolver.href(page + "/", entry_id))}">'
    return term_open


def _call(doc: Document, resolver: PrintResolver):
    notes = {n.id: n for n in doc.notes}

    def call(note_id: str) -> str:
        # The footnote itself stands at its call: `float: footnote` moves it to the foot of the page
        # and leaves the number behind.  The empty anchor marks where the call is (for tests).
        body = footnote_body(notes[note_id], doc.slug, resolver)
        return (f'<a class="fn-call" id="fnref-{attr(doc.slug)}-{attr(note_id)}"></a>'
                f'<span class="footnote" id="fn-{attr(doc.slug)}-{attr(note_id)}">{body}</span>')
    return call


def text_section(doc: Document, edition: Edition, resolver: PrintResolver, site_url: str) -> str:
    title, supplied = page_title(doc)
    slug = doc.slug
    call, term_open = _call(doc, resolver), _term_open(edition, resolver)

    def text(block: Block) -> str:
        return inline(block, slug, edition, call=call, term_open=term_open, anchor=lambda a: f"{slug}--{a}")

    def numbered(block: Block, css: str, tag: str = "p") -> str:
        return (f'<{tag} class="p {css}" id="{slug}--{block.id}" data-l="{_lines(block)}">'
                f'<span class="pn ed-ui" aria-hidden="true">{block.number}</span>{list_number(block)}{text(block)}</{tag}>')

    out = [f'<section class="text" id="{slug}" data-title="{attr(title)}">']
    if not any(b.kind == TITLE for b in doc.blocks):
        label = ' <span class="supplied">[titel van de redactie]</span>' if supplied else ""
        out.append(f'<h1 class="text-title ed-ui">{inert(title)}{label}</h1>')
    head_done = False
    in_list = False
    in_notes = False  # inside the source's own notes (endnotes of the text, not page footnotes)
    for block in doc.blocks:
        if block.kind != LIST_ITEM and in_list:
            out.append("</ul>")
            in_list = False
        if in_notes and not sourcenotes.in_section(block):
            out.append("</div>")
            in_notes = False
        if sourcenotes.section_opens(block):
            # A div, not a section: pdffidelity takes every section with an id as a part of its own.
            out.append('<div class="ed-srcnotes">')
            if block.kind == SOURCE_NOTE:
                out.append(f"<h2 class=\"heading ed-ui\">{sourcenotes.SECTION_TITLE}</h2>")
            in_notes = True
        if not head_done and block.kind not in (TITLE, SUBTITLE):
            out.append(_text_head(doc, edition, resolver, site_url))
            head_done = True
        kind, lines = block.kind, _lines(block)
        bid = f' id="{slug}--{block.id}"' if block.id else ""
        if kind == TITLE:
            out.append(f'<h1 class="text-title" data-l="{lines}">{text(block)}</h1>')
        elif kind == SUBTITLE:
            out.append(f'<p class="subtitle"{bid} data-l="{lines}">{text(block)}</p>')
        elif kind == BYLINE:
            out.append(f'<p class="byline"{bid} data-l="{lines}">{text(block)}</p>')
        elif kind == HEADING:
            level = min(max(block.level, 2), 4)
            out.append(f'<h{level} class="heading"{bid} data-l="{lines}">{text(block)}</h{level}>')
            if block.hints.get("source_notes_heading"):
                out.append(f'<p class="ed-ui ed-srcnotes-label">{sourcenotes.SECTION_LABEL}</p>')
        elif kind == SOURCE_NOTE:
            out.append(f'<p class="ed-srcnote"{bid} data-l="{lines}">{text(block)}</p>')
        elif kind == LEAD:
            out.append(numbered(block, "lead"))
        elif kind == PARAGRAPH:
            out.append(numbered(block, "para"))
        elif kind == QUOTE:
            out.append(numbered(block, "para quote"))
        elif kind == VERSE:
            # One numbered block, its lines kept (<br>) and its stanzas apart (an empty block span).
            out.append(f'<p class="p verse" id="{slug}--{block.id}" data-l="{lines}">'
                       f'<span class="pn ed-ui" aria-hidden="true">{block.number}</span>'
                       f'{verse_markup(text(block), "<br>", STANZA_BREAK)}</p>')
        elif kind == TABLE:
            # Row after row, a line each, the cells apart by a rule: a grid's cells side by side are
            # read back by pdftotext column by column where a cell wraps, and the PDF's text is
            # checked word for word against the source, in order (pdffidelity).
            rows = []
            for at, (header, cells) in enumerate(table_rows(block, text(block))):
                number = f'<span class="pn ed-ui" aria-hidden="true">{block.number}</span>' if at == 0 else ""
                cells_html = '<span class="sep ed-ui" aria-hidden="true"> | </span>'.join(
                    f'<span class="cell">{c}</span>' for c in cells)
                rows.append(f'<span class="row{" head" if header else ""}">{number}{cells_html}</span>')
            out.append(f'<div class="p table" id="{slug}--{block.id}" data-l="{lines}">{"".join(rows)}</div>')
        elif kind == LIST_TITLE:
            out.append(f'<p class="list-title"{bid} data-l="{lines}">{text(block)}</p>')
        elif kind == LIST_ITEM:
            if not in_list:
                out.append('<ul class="list">')
                in_list = True
            out.append(numbered(block, "item ordered" if block.hints.get("ordinal") is not None else "item", "li"))
        elif kind == PULLQUOTE:
            out.append(f'<aside class="pullquote"{bid} data-l="{lines}"><p>{text(block)}</p></aside>')
        elif kind == CAPTION:
            out.append(f'<div class="caption"{bid} data-l="{lines}"><span class="ed-ui label">Fotobijschrift (de foto '
                       f'zelf is niet overgenomen):</span> {text(block)}</div>')
        elif kind == PROVENANCE:
            out.append(f'<div class="provenance"{bid} data-l="{lines}"><span class="ed-ui label">Herkomst:</span> '
                       f'{text(block)}</div>')
    if in_list:
        out.append("</ul>")
    if in_notes:
        out.append("</div>")
    out.append("</section>")
    return "\n".join(out)


def citation_html(doc: Document, edition: Edition, site_url: str) -> str:
    entry = edition_entry(edition.bib.entry(doc.slug), site_url, doc.slug)
    formatted, _ = bibstyle.format_entry(entry, doc.slug)
    return inert_html(formatted)


def _text_head(doc: Document, edition: Edition, resolver: PrintResolver, site_url: str) -> str:
    """The provenance card and how to cite the text (the reader adds the date of consulting)."""
    parts = [card(doc, apparatus_href=resolver.href(f"{APPARATUS}/", doc.slug))]
    if edition.bib is not None and doc.slug in edition.bib:
        url = public_url(site_url, doc.slug)
        parts.append(f'<p class="citation ed-ui"><span class="label">Citeer als:</span> '
                     f'{citation_html(doc, edition, site_url)} Naar één alinea verwijst u met het alineanummer '
                     f'achter het adres: <span class="url">{inert(url)}#p3</span>.</p>')
    return "\n".join(parts)


# --- glossary, registers, bibliography, apparatus ------------------------------------------------

def _loci(edition: Edition, entry, resolver: PrintResolver, docs: list[Document]) -> str:
    """Where an entry occurs: per text the paragraph numbers, each with its page (pdf.py)."""
    rows = []
    for doc, blocks in loci(edition, entry, docs):
        title, _ = page_title(doc)
        links = []
        for block, count in blocks:
            short, name = locus_label(block)
            shown = f"al. {short}" if block.number is not None else name
            times = f" ({count}×)" if count > 1 else ""
            href = resolver.href(text_url(doc.slug), block.id or "")
            links.append(f'<a class="locus" href="{attr(href)}">{shown}</a>{times}')
        rows.append(f"<li><span class=\"work\">{inert(title)}</span>: {', '.join(links)}</li>")
    return f'<ul class="loci">{"".join(rows)}</ul>' if rows else ""


def register_section(edition: Edition, register, resolver: PrintResolver, docs: list[Document],
                     only: set[str] | None = None, heading: str = "", level: int = 1) -> str:
    """A register as a print section; `only` limits it to entries (keys) a hand-out uses."""
    kind = register.kind
    entries = [e for e in sorted(register.entries, key=lambda e: (sort_key(e.sort), e.id))
               if only is None or e.key in only]
    if not entries:
        return ""
    title = heading or kind.title
    out = [f'<section class="register {kind.page}" id="{kind.page}" data-title="{attr(title)}">',
           f"<h{level}>{inert(title)}</h{level}>", f'<p class="intro">{INTRO[kind.page]}</p>', '<div class="entries">']
    by_id = {x.id: x for x in register.entries}
    for e in entries:
        body = [f'<div class="entry" id="{kind.page}--{attr(e.id)}">',
                f'<p class="entry-head"><b class="entry-term">{inert(e.term)}</b> ']
        if kind == GLOSSARY:
            body[-1] += f'{to_html(e.texts["definition"], resolver)}</p>'
            body.append(f'<p class="explanation">{to_html(e.texts["explanation"], resolver)}</p>')
        else:
            body[-1] += f'{to_html(e.texts["identification"], resolver)}</p>'
        if "note" in e.texts:
            body.append(f'<p class="entry-note">{to_html(e.texts["note"], resolver)}</p>')
        facts = []
        if kind != GLOSSARY:
            counts = Counter(o.form for o in edition.occurrences_of(e))
            facts.append("Schrijfwijzen: " + ", ".join(
                f"{inert(f)} ({n}×)" for f, n in sorted(counts.items(), key=lambda kv: sort_key(kv[0]))))
        related = [r for r in e.related if only is None or by_id[r].key in only]
        if related:
            facts.append("Zie ook: " + ", ".join(
                f'<a class="see" href="#{kind.page}--{attr(r)}">{inert(by_id[r].term)}</a>' for r in related))
        if e.sources:
            facts.append("Bronnen: " + cite_links([Cite(k, "") for k in e.sources], resolver))
        if facts:
            body.append(f'<p class="facts">{". ".join(facts)}.</p>')
        body.append(_loci(edition, e, resolver, docs))
        body.append("</div>")
        out.append("\n".join(b for b in body if b))
    out += ["</div>", "</section>"]
    return "\n".join(out)


def cited_keys(edition: Edition, docs: list[Document], entry_keys: set[str] | None) -> list[str]:
    """Bibliography keys cited in the notes of `docs` and in the register entries shown."""
    keys: list[str] = []
    for doc in docs:
        for note in doc.notes:
            if note.body is not None:
                keys += [r.key for r in note.body.references() if isinstance(r, Cite)]
    for register in edition.registers:
        for e in register.entries:
            if entry_keys is None or e.key in entry_keys:
                keys += list(e.sources) + [r.key for t in e.texts.values() for r in t.references()
                                           if isinstance(r, Cite)]
    return list(dict.fromkeys(keys))


def formatted_bibliography(edition: Edition) -> list[tuple[str, str, str]]:
    """Every entry of the bibliography formatted, in its order (`bibstyle.format_entries`): made
    once per build and handed to every PDF, which picks its entries (formatting is the slow part,
    and the same for every hand-out)."""
    return bibstyle.format_entries(edition.bib.data) if edition.bib is not None else []


def bibliography_section(edition: Edition, docs: list[Document], keys: list[str] | None,
                         heading: str = "Bibliografie", level: int = 1,
                         formatted: list[tuple[str, str, str]] | None = None) -> str:
    """The source texts, then the cited works (all of them, or `keys`); `formatted`: what
    `formatted_bibliography` gave (made here when None)."""
    slugs = [d.slug for d in docs]
    if formatted is None:
        formatted = formatted_bibliography(edition)
    out = [f'<section class="bibliography" id="{BIBLIOGRAPHY_PAGE}" data-title="{attr(heading)}">',
           f"<h{level}>{heading}</h{level}>"]
    sub = level + 1
    out.append(f"<h{sub}>{'Brontekst' if len(slugs) == 1 else 'Bronteksten'}</h{sub}>")
    out += [f'<p class="bib" id="{BIBLIOGRAPHY_PAGE}--{attr(k)}">{inert_html(h)}</p>'
            for k, h, _ in formatted if k in slugs]
    wanted = set(keys) if keys is not None else None
    cited = [(k, h) for k, h, _ in formatted
             if k not in slugs and (wanted is None or k in wanted)]
    if cited:
        out.append(f"<h{sub}>Aangehaalde werken</h{sub}>")
        out += [f'<p class="bib" id="{BIBLIOGRAPHY_PAGE}--{attr(k)}">{inert_html(h)}</p>' for k, h in cited]
    out.append("</section>")
    return "\n".join(out)


def apparatus_section(docs: list[Document], resolver: PrintResolver, heading: str = "Apparaat",
                      level: int = 1) -> str:
    out = [f'<section class="apparatus" id="{APPARATUS}" data-title="{attr(heading)}">', f"<h{level}>{heading}</h{level}>",
           '<p class="intro">Per tekst elke wijziging ten opzichte van de ruwe bron: eerst de algemene regels, met '
           "het aantal keren dat ze zijn toegepast en een voorbeeld, daarna elke ingreep van de redactie met de lezing "
           "van de bron en die van de editie. Regelnummers (r.) verwijzen naar het ruwe bronbestand.</p>"]
    sub = level + 1
    for doc in docs:
        title, _ = page_title(doc)
        out.append(f'<h{sub} id="{APPARATUS}--{doc.slug}">{inert(title)}</h{sub}>')
        out.append(f'<p class="source-file">Bron: <code>{inert(doc.path)}</code> · opmaak: {inert(doc.layout)}</p>')
        by_rule = defaultdict(list)
        for d in doc.decisions:
            if d.rule != "intervention" and d.rule not in EDITORIAL_OPERATIONS and "overruled" not in d.data:
                by_rule[d.rule].append(d)
        rows = []
        for rule, ds in by_rule.items():
            count = sum(d.data.get("count", 1) for d in ds)
            rows.append(f"<tr><td>{inert(RULE_NAMES.get(rule, rule))}</td><td class=\"n\">{count}</td>"
                        f"<td>r. {ds[0].line}: {inert(ds[0].message)}</td></tr>")
        out.append('<table class="rules"><thead><tr><th>Regel</th><th class="n">Aantal</th>'
                   f'<th>Voorbeeld (bronregel)</th></tr></thead><tbody>{"".join(rows)}</tbody></table>')
        operations = editorial_operations(doc)
        if operations:
            out.append('<ul class="operations">' + "".join(
                f"<li><b>{inert(label)}</b>, bronregel {line}: {inert(what)}</li>" for label, line, what in operations)
                + "</ul>")
        if not doc.interventions:
            out.append("<p>Geen ingrepen van de redactie.</p>")
        for iv in doc.interventions:
            target = next((b for b in doc.blocks if b.id and b.first_line <= iv.line <= b.last_line), None)
            where = (f' · <a class="locus" href="{attr(resolver.href(text_url(doc.slug), target.id))}">in de tekst</a>'
                     if target else "")
            before = inert(iv.original) if iv.original else "(niets)"
            out.append(f'<div class="iv" id="{APPARATUS}--{intervention_anchor(doc.slug, iv.id)}">'
                       f"<p><b>{inert(iv.kind)}</b>, bronregel {iv.line}{where}<br>"
                       f"bron: ‘{before}’ → editie: ‘{inert(iv.reading)}’<br>{inert(iv.reason.strip())}</p></div>")
    out.append("</section>")
    return "\n".join(out)


# --- the documents ---------------------------------------------------------------------------

def _head(title: str, authors: list[str], epoch: int, description: str) -> str:
    stamp = datetime.fromtimestamp(epoch, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    meta = [f'<meta name="author" content="{html.escape(a)}">' for a in authors]
    return "\n".join([
        "<!DOCTYPE html>", '<html lang="nl">', "<head>", '<meta charset="utf-8">',
        f"<title>{html.escape(title)}</title>", *meta,
        f'<meta name="description" content="{html.escape(description)}">',
        '<meta name="keywords" content="Oekraïne, Rusland, oorlog, digitale editie">',
        f'<meta name="dcterms.created" content="{stamp}">', f'<meta name="dcterms.modified" content="{stamp}">',
        "</head>"])


def _authors(docs: list[Document]) -> list[str]:
    return list(dict.fromkeys(a["name"] for d in docs for a in d.meta.get("authors") or []))


def _slot(target: str, digits: int) -> str:
    """A page-number slot set flush right (the contents)."""
    return f'<span class="{PAGE_REF_CLASS}" data-ref="{attr(target)}" data-align="right">{"0" * digits}</span>'


def _toc(docs: list[Document], back: list[tuple[str, str]], digits: int) -> str:
    """The contents with page numbers: slots filled in after layout, like every page reference
    (the texts are laid out as separate documents, so `target-counter()` could not see them)."""
    rows = []
    for doc in docs:
        title, supplied = page_title(doc)
        meta = doc.meta
        who = ", ".join(a["name"] for a in meta.get("authors") or []) or "auteur onbekend"
        label = " [titel van de redactie]" if supplied else ""
        heads = [f'<li><a href="#{doc.slug}--{b.id}">{inert(b.text)}</a>{_slot(f"{doc.slug}--{b.id}", digits)}</li>'
                 for b in doc.blocks if b.kind == HEADING and b.level <= 2]
        rows.append(f'<li class="toc-text"><a href="#{doc.slug}">{inert(title)}{label}</a>{_slot(doc.slug, digits)}'
                    f'<span class="toc-meta">{html.escape(who)} · {html.escape(shown_date(meta.get("date", {})))}</span>'
                    + (f'<ol class="toc-heads">{"".join(heads)}</ol>' if heads else "") + "</li>")
    rows += [f'<li class="toc-back"><a href="#{pid}">{html.escape(label)}</a>{_slot(pid, digits)}</li>'
             for pid, label in back]
    return ('<nav class="toc" id="inhoud" data-title="Inhoud"><h1>Inhoud</h1>'
            f'<ol>{"".join(rows)}</ol></nav>')


def _subject(docs: list[Document]) -> str:
    """‘Vier Nederlandstalige teksten over de Russische oorlog tegen Oekraïne, 2022–2025’: the number
    of texts and the years of the oldest and youngest as the texts' metadata give them (the cover
    and the PDF's subject), not as this file was once written."""
    from edition.site.pages import edition_facts

    facts = edition_facts(docs)
    words = facts["aantal_teksten"].split(" ", 1)
    years = facts["eerste_jaar"] if facts["eerste_jaar"] == facts["laatste_jaar"] else \
        f"{facts['eerste_jaar']}–{facts['laatste_jaar']}"
    return (f"{words[0][:1].upper()}{words[0][1:]} Nederlandstalige {words[1]} over de Russische oorlog tegen "
            f"Oekraïne" + (f", {years}" if years else ""))


def edition_parts(edition: Edition, site_url: str, epoch: int, digits: int = 2,
                  formatted: list[tuple[str, str, str]] | None = None, section_of=None,
                  register_of=None) -> list[str]:
    """The whole edition as print documents laid out one after the other and bound into one PDF:
    the front matter, each text, the back matter (`digits`: width of the page-number slots;
    `formatted`: the bibliography, see `formatted_bibliography`).

    Separate documents because a text's layout does not depend on what precedes it (it starts on a
    right-hand page and restarts its note numbers): laid out alone, a text whose notes need a page
    break moved can be laid out again without laying out the whole book again, and a part that did
    not change comes from build/cache/ (pdf.py, bind.py).  The back matter is a part per section.
    `section_of(doc, make)`: where a text's section comes from, `make()` by default (a build passes the
    cache's, edition.cache.print_documents); `register_of(page, make)` likewise for a register's."""
    docs = edition.docs
    ids = set()
    for doc in docs:
        ids |= _text_ids(doc)
    for register in edition.registers:
        ids |= {register.kind.page} | {f"{register.kind.page}--{e.id}" for e in register.entries}
    if edition.bib is not None:
        ids |= {BIBLIOGRAPHY_PAGE} | {f"{BIBLIOGRAPHY_PAGE}--{k}" for k in edition.bib.keys()}
    resolver = PrintResolver(edition, ids, site_url)
    back = [(r.kind.page, r.kind.title) for r in edition.registers]
    if edition.bib is not None:
        back.append((BIBLIOGRAPHY_PAGE, "Bibliografie"))
    back.append((APPARATUS, "Apparaat"))
    date = dutch_date(epoch)
    subject = _subject(docs)
    front = [
        '<section class="cover" data-title="">',
        '<p class="kicker">Digitale editie</p>',
        '<h1 class="cover-title">Oorlog in Oekraïne</h1>',
        f'<p class="cover-sub">{html.escape(subject)}</p>',
        '<p class="cover-editors">Bezorgd door de redactie van de digitale editie</p>',
        f'<p class="cover-date">Stand van de bronnen: {date}</p>',
        "</section>",
        '<section class="colophon" data-title="">',
        f"<p><b>{html.escape(EDITION_TITLE)}</b></p>",
        f"<p>Deze pdf is gemaakt uit dezelfde ruwe teksten en redactionele bestanden als de website "
        f'<span class="url">{inert(site_url)}</span>. De alineanummers in de marge zijn dezelfde als op de website; '
        "een verwijzing naar een alinea blijft zo geldig in beide vormen.</p>",
        "<p>Elk woord van de bronnen staat in deze editie, in dezelfde volgorde; dat wordt bij elke bouw "
        "gecontroleerd, ook op de tekst van deze pdf. Wat de redactie veranderde, staat in een noot en in het "
        "apparaat achterin. Woorden die aan het eind van een regel zijn afgebroken, zijn door de opmaak van deze pdf "
        "afgebroken, niet door de bron.</p>",
        f"<p>Stand van de bronnen: {date}. Gezet in Charis SIL.</p>",
        "</section>",
        _toc(docs, back, digits),
    ]

    def register(r) -> str:
        make = lambda: register_section(edition, r, resolver, docs)  # noqa: E731
        return register_of(r.kind.page, make) if register_of is not None else make()

    back_matter = [
        *(register(r) for r in edition.registers),
        bibliography_section(edition, docs, None, formatted=formatted) if edition.bib is not None else "",
        apparatus_section(docs, resolver),
    ]
    head = _head(EDITION_TITLE, _authors(docs), epoch,
                 f"{subject}.")
    # Each section of the back matter a part of its own (each starts on a right-hand page anyway): a
    # register whose page numbers did not change is not laid out again when the apparatus did.
    def section(doc: Document) -> str:
        make = lambda: text_section(doc, edition, resolver, site_url)  # noqa: E731
        return section_of(doc, make) if section_of is not None else make()

    bodies = [front, *([section(doc)] for doc in docs),
              *([section] for section in back_matter if section)]
    return [page_refs("\n".join([head, '<body class="whole">', *body, "</body>", "</html>"]) + "\n", digits)
            for body in bodies]


def text_parts(doc: Document, edition: Edition, site_url: str, epoch: int, digits: int = 2,
               formatted: list[tuple[str, str, str]] | None = None) -> list[str]:
    """One text as a hand-out: the text and its notes, the glossary entries it uses, the works it
    cites and its part of the apparatus (`formatted`: the bibliography, see `formatted_bibliography`)."""
    used = {o.entry.key for o in edition.occurrences if o.slug == doc.slug and o.entry.kind == GLOSSARY}
    glossary = edition.register(GLOSSARY.page)
    ids = _text_ids(doc) | {APPARATUS}
    if glossary is not None:
        ids |= {GLOSSARY.page} | {f"{GLOSSARY.page}--{e.id}" for e in glossary.entries if e.key in used}
    keys = cited_keys(edition, [doc], used) if edition.bib is not None else []
    if edition.bib is not None:
        ids |= {BIBLIOGRAPHY_PAGE} | {f"{BIBLIOGRAPHY_PAGE}--{k}" for k in [doc.slug, *keys]}
    resolver = PrintResolver(edition, ids, site_url)
    title, _ = page_title(doc)
    body = [
        text_section(doc, edition, resolver, site_url),
        register_section(edition, glossary, resolver, [doc], only=used, heading="Begrippen in deze tekst", level=2)
        if glossary is not None else "",
        bibliography_section(edition, [doc], keys, heading="Bronnen", level=2, formatted=formatted)
        if edition.bib is not None else "",
        apparatus_section([doc], resolver, heading="Wijzigingen ten opzichte van de bron", level=2),
        f'<p class="colophon-line ed-ui">Uit: {html.escape(EDITION_TITLE)}, <span class="url">'
        f"{inert(public_url(site_url, doc.slug))}</span>. Stand van de bronnen: {dutch_date(epoch)}.</p>",
    ]
    head = _head(title, _authors([doc]), epoch, doc.meta.get("description", ""))
    return [page_refs("\n".join([head, '<body class="handout">', *body, "</body>", "</html>"]) + "\n", digits)]

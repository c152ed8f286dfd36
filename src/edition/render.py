"""Stage 7 – render: the document model → Markdown for MkDocs (contract: ARCHITECTURE.md).

Source text is never interpreted: every character Markdown or HTML could act on is written as a
numeric character reference, so `<script>`, `*nadruk*` or `[NAVO]` in a raw text show literally.
"""

from __future__ import annotations

import html
import math
import re
from collections import defaultdict

from .model import (BYLINE, CAPTION, HEADING, LEAD, LIST_ITEM, LIST_TITLE, PARAGRAPH,
                    PROVENANCE, PULLQUOTE, SUBTITLE, TITLE, Block, Document)
from .downloads import pdf_link, pdf_name
from .inert import attr, html_comment, inert, yaml_string
from .inline_md import to_html, to_text
from .links import text_url
from .registers import sort_key
from .structure import words

_BLOCK_START = re.compile(r"^([+\-:>]|\d+[.)](\s|$))")
WORDS_PER_MINUTE = 200
APPARATUS_PAGE = "../apparaat.md"


def escape(text: str) -> str:
    """Make `text` inert for Python-Markdown (and HTML) while it still reads the same."""
    out = inert(text)
    m = _BLOCK_START.match(out)
    if m:  # a list marker, quote or numbered item at the start of a paragraph
        out = f"&#{ord(out[0])};" + out[1:]
    return out


def intervention_anchor(slug: str, iv_id: str) -> str:
    return f"em-{slug}-{iv_id}"


def inline(block: Block, slug: str, edition=None, call=None, term_open=None) -> str:
    """The block's text with its editorial marks, term links and note calls, escaped.

    Marks, links and calls never nest (the annotate stage guarantees it), so they are woven in
    by offset: at one offset a closing tag comes before a note call, and a call before an opening.
    `call(note_id)` and `term_open(key)` give the markup of a note call and of the opening tag of
    a term link; by default a Python-Markdown footnote reference and a link into the site (the
    print HTML passes its own)."""
    events: list[tuple[int, int, str]] = []  # (offset, 0 close | 1 call | 2 open, markup)
    for start, end, iv, orig in block.marks:
        if orig:
            events.append((start, 2, f'<span class="ed-em" data-orig="{attr(orig)}" '
                                     f'title="{attr("Bron: " + orig)}">'))
            events.append((end, 0, "</span>"))
        else:
            events.append((start, 2, '<ins class="ed-em" title="Toegevoegd door de redactie">'))
            events.append((end, 0, "</ins>"))
        if edition is None:  # without the edition's notes: the ° link to the apparatus
            events.append((end, 1, f'[°]({APPARATUS_PAGE}#{intervention_anchor(slug, iv.id)})'
                                   f'{{: .ed-ui .ed-em-ref title="{iv.kind}: zie het apparaat" }}'))
    if edition is not None:
        if term_open is None:
            resolver = edition.resolver(text_url(slug))
            term_open = lambda key: term_link_open(edition, key, resolver)  # noqa: E731
        call = call or (lambda note_id: f"[^{note_id}]")
        for start, end, key in block.links:
            events.append((start, 2, term_open(key)))
            events.append((end, 0, "</a>"))
        for offset, note_id in block.calls:
            events.append((offset, 1, call(note_id)))
    events.sort(key=lambda e: (e[0], e[1]))
    out, pos = [], 0
    for offset, _order, markup in events:
        out.append(escape(block.text[pos:offset]) if pos == 0 else inert(block.text[pos:offset]))
        out.append(markup)
        pos = offset
    out.append(escape(block.text[pos:]) if pos == 0 else inert(block.text[pos:]))
    return "".join(out)


def term_link_open(edition, key: str, resolver) -> str:
    """A link to a glossary or register entry, its definition as tooltip (Material shows `title`
    as a tooltip on hover and on keyboard focus)."""
    page, entry_id = key.split("#")
    entry = next(e for e in edition.register(page).entries if e.id == entry_id)
    tip = f"{entry.term}: {to_text(entry.tooltip, resolver)}"
    css = "ed-term" if page == "woordenlijst" else "ed-reg"
    return f'<a class="{css}" href="{attr(resolver.href(page + "/", entry_id))}" title="{attr(tip)}">'


def lines_attr(block: Block) -> str:
    return f"{block.first_line}-{block.last_line}" if block.last_line != block.first_line else str(block.first_line)


def _number_link(block: Block) -> str:
    return (f'<a class="ed-pn ed-ui" href="#{block.id}" aria-label="Alinea {block.number}">'
            f"{block.number}</a>")


def _numbered(block: Block, slug: str, css: str, edition=None) -> str:
    return (f"{_number_link(block)}{inline(block, slug, edition)}\n"
            f'{{: #{block.id} .{css} data-l="{lines_attr(block)}" data-n="{block.number}" }}')


def word_count(doc: Document) -> int:
    return sum(len(words(b.text)) for b in doc.blocks if b.kind not in (PULLQUOTE,))


def page_title(doc: Document) -> tuple[str, bool]:
    """(title, supplied by the editors?)"""
    title = doc.meta.get("title")
    source_title = next((b for b in doc.blocks if b.kind == TITLE), None)
    if source_title is not None:
        return source_title.text, False
    if title:
        return title["text"], bool(title.get("supplied"))
    return doc.slug, True


# Words that already say a date is approximate; otherwise an approximate date gets "ca.".
_APPROXIMATE_WORDS = ("ca.", "circa", "begin", "eind", "midden", "medio", "vóór", "voor", "na", "rond")


def shown_date(date: dict) -> str:
    display = date.get("display", "datum onbekend")
    if date.get("approximate") and not display.lower().startswith(_APPROXIMATE_WORDS):
        return f"ca. {display}"
    return display


def _dl(rows: list[tuple[str, str]]) -> str:
    items = "".join(f"<dt>{html.escape(k)}</dt><dd>{v}</dd>" for k, v in rows)
    return f"<dl>{items}</dl>"


def card(doc: Document, apparatus_href: str = "", downloads: dict | None = None) -> str:
    """The provenance card: who, when (and how we know), where, translation, genre, size.
    `apparatus_href` is where this text's part of the apparatus is (default: the site's page);
    `downloads` (file name → printbuild.Made) adds the row with the PDFs (the site only)."""
    meta = doc.meta
    e = html.escape
    rows: list[tuple[str, str]] = []
    authors = meta.get("authors") or []
    if authors:
        names = []
        for a in authors:
            text = e(a["name"])
            if a.get("affiliation"):
                text += f" ({e(a['affiliation'])})"
            names.append(text)
        rows.append(("Auteur" if len(authors) == 1 else "Auteurs", ", ".join(names)))
    note = meta.get("author_note")
    if note:
        rows.append(("Over de auteur" if authors else "Auteur", e(note)))
    date = meta.get("date")
    if date:
        shown = shown_date(date)
        rows.append(("Datum", f'{e(shown)}<br><small>{e(date["evidence"])}</small>'))
    pub = meta.get("published_in")
    if pub:
        shown = e(pub["text"]) if pub.get("text") else "onbekend"
        rows.append(("Verschenen in", f'{shown}<br><small>{e(pub["evidence"])}</small>'))
    tr = meta.get("translation")
    if tr:
        parts = [e(tr["status"])]
        if tr.get("original_language"):
            parts.append(f"uit het {e(tr['original_language'])}")
        if tr.get("translator"):
            parts.append(f"door {e(tr['translator'])}")
        rows.append(("Vertaling", f'{" ".join(parts)}<br><small>{e(tr["evidence"])}</small>'))
    if meta.get("genre"):
        rows.append(("Genre", e(meta["genre"])))
    n = word_count(doc)
    rows.append(("Omvang", f"{n} woorden, leestijd ca. {max(1, math.ceil(n / WORDS_PER_MINUTE))} min."))
    rows.append(("Bron", f"ruwe tekst <code>{e(doc.path)}</code>; wijzigingen: zie "
                         f'<a href="{attr(apparatus_href or f"../../apparaat/#{doc.slug}")}">Apparaat</a>'))
    if downloads and pdf_name(doc.slug) in downloads:
        rows.append(("Pdf", pdf_link(downloads[pdf_name(doc.slug)], "../../", "deze tekst") + " · "
                     + pdf_link(downloads[pdf_name()], "../../", "de hele editie")
                     + "<br><small>A4, om af te drukken of offline te lezen; met dezelfde alineanummers.</small>"))
    return f'<div class="ed-card ed-ui" data-search-exclude>\n{_dl(rows)}\n</div>'


def render_markdown(doc: Document, with_card: bool = True, trailer: str = "", edition=None,
                    site_url: str = "", downloads: dict | None = None) -> str:
    """The page of one text; `trailer` is edition HTML appended at the end (e.g. anchor redirects).

    With `edition` (the collected apparatus) the page gets its term links, footnotes, "Zie ook",
    the "Citeer deze tekst" box and citation meta tags; without it, the bare cleaned text."""
    from . import citation

    title, supplied = page_title(doc)
    description = doc.meta.get("description", "")
    cited = edition is not None and edition.bib is not None and doc.slug in edition.bib
    out = [
        "---",
        f"title: {yaml_string(title)}",
        f"description: {yaml_string(description)}",
        *(citation.front_matter(doc, edition, site_url) if cited else []),
        "---",
        "",
        f"<!-- Gegenereerd door `edition build` uit {html_comment(doc.path)}; niet met de hand bewerken. -->",
        "",
    ]
    has_source_title = any(b.kind == TITLE for b in doc.blocks)
    if not has_source_title:
        label = ' <span class="ed-ui ed-supplied">[titel van de redactie]</span>' if supplied else ""
        if not doc.meta.get("title"):  # no YAML yet: say so instead of pretending a title
            label = ' <span class="ed-ui ed-supplied">[nog geen titel: bestandsnaam]</span>'
        out += [f"# {escape(title)}{label} {{#titel}}", ""]
    card_done = False
    in_list = False
    for block in doc.blocks:
        kind = block.kind
        if kind != LIST_ITEM and in_list:
            out.append("")
            in_list = False
        if with_card and not card_done and kind not in (TITLE, SUBTITLE):
            out += [card(doc, downloads=downloads), ""]
            if cited:
                out += [citation.box(doc, edition, site_url), ""]
            card_done = True
        text = inline(block, doc.slug, edition)
        lines = lines_attr(block)
        if kind == TITLE:
            out += [f'# {text} {{#titel data-l="{lines}"}}', ""]
        elif kind == SUBTITLE:
            out += [f'<p class="ed-subtitle" id="{block.id}" data-l="{lines}" markdown>{text}</p>', ""]
        elif kind == BYLINE:
            out += [f'<p class="ed-byline" data-l="{lines}" markdown>{text}</p>', ""]
        elif kind == HEADING:
            out += [f'{"#" * block.level} {text} {{#{block.id} data-l="{lines}"}}', ""]
        elif kind == LEAD:
            out += [_numbered(block, doc.slug, "ed-lead", edition), ""]
        elif kind == PARAGRAPH:
            out += [_numbered(block, doc.slug, "ed-p", edition), ""]
        elif kind == LIST_TITLE:
            out += [f'<p class="ed-list-title" data-l="{lines}" markdown>{text}</p>', ""]
        elif kind == LIST_ITEM:
            if not in_list:
                if out[-1] != "":
                    out.append("")
                in_list = True
            out.append("- " + _numbered(block, doc.slug, "ed-li", edition))
        elif kind == PULLQUOTE:
            out += [f'<aside class="ed-pullquote" id="{block.id}" data-l="{lines}" markdown>', text, "</aside>", ""]
        elif kind == CAPTION:
            out += [f'<div class="ed-caption" id="{block.id}" data-l="{lines}" markdown>',
                    f'<span class="ed-ui ed-label">Fotobijschrift (de foto zelf is niet overgenomen):</span> {text}',
                    "</div>", ""]
        elif kind == PROVENANCE:
            out += [f'<div class="ed-provenance" data-l="{lines}" markdown>',
                    f'<span class="ed-ui ed-label">Herkomst:</span> {text}', "</div>", ""]
        else:  # pragma: no cover - the model only has the kinds above
            raise ValueError(f"unknown block kind {kind}")
    if in_list:
        out.append("")
    if edition is not None:
        out += see_also(doc, edition)
        out += footnotes(doc, edition)
    if trailer:
        out += ["", trailer]
    return "\n".join(out).rstrip("\n") + "\n"


NOTE_KINDS = {"uitleg": "Toelichting", "bron": "Bron", "tekstkritisch": "Tekstkritisch"}


def footnote_body(note, slug: str, resolver) -> str:
    """The text of one footnote as HTML (inert for Markdown)."""
    label = f'<span class="ed-note-kind">{NOTE_KINDS[note.kind]}.</span> '
    if note.intervention is None:
        return label + to_html(note.body, resolver)
    iv = note.intervention
    source = f"‘{inert(iv.original)}’" if iv.original else "niets"
    kind = "Conjectuur" if iv.kind == "conjectuur" else "Emendatie"
    href = resolver.href("apparaat/", intervention_anchor(slug, iv.id))
    return (f"{label}{kind}: de bron heeft {source}, de editie leest ‘{inert(iv.reading)}’. "
            f"{inert(iv.reason.strip())} Zie het <a href=\"{attr(href)}\">apparaat</a>.")


def footnotes(doc: Document, edition) -> list[str]:
    """Python-Markdown footnote definitions; the footnotes extension numbers them by first call."""
    resolver = edition.resolver(text_url(doc.slug))
    out = []
    for note in doc.notes:
        out += [f"[^{note.id}]: {footnote_body(note, doc.slug, resolver)}", ""]
    return out


def see_also(doc: Document, edition) -> list[str]:
    """"Zie ook": the other texts that share glossary or register entries with this one, with
    what they share.  Entries that every text mentions (Rusland, Oekraïne …) say nothing about
    kinship; they are named once instead of in every row."""
    resolver = edition.resolver(text_url(doc.slug))
    in_text = defaultdict(dict)
    for o in edition.occurrences:
        in_text[o.slug][o.entry.key] = o.entry
    everywhere = set.intersection(*(set(in_text[d.slug]) for d in edition.docs)) if edition.docs else set()

    def links(entries) -> str:
        return ", ".join(f'<a href="{attr(resolver.href(e.kind.page + "/", e.id))}">{inert(e.term)}</a>'
                         for e in sorted(entries, key=lambda e: sort_key(e.sort)))

    rows = []
    for other in edition.docs:
        if other.slug == doc.slug:
            continue
        shared = [e for k, e in in_text[other.slug].items() if k in in_text[doc.slug] and k not in everywhere]
        groups = [f"{SHARED_LABEL[r.kind.page]}: {links(e for e in shared if e.kind is r.kind)}"
                  for r in edition.registers if any(e.kind is r.kind for e in shared)]
        if not groups:
            continue
        title, _ = page_title(other)
        rows.append(f'<li><a href="{attr(resolver.href(text_url(other.slug)))}">{inert(title)}</a> — '
                    f'deelt met deze tekst {"; ".join(groups)}.</li>')
    if not rows:
        return []
    common = [in_text[doc.slug][k] for k in everywhere]
    # Navigation, not text: kept out of the search index (a search for a term would otherwise list
    # every text's "Zie ook" as a hit, and the index is part of every first page load).
    out = ["## Zie ook {#zie-ook .ed-ui data-search-exclude}", "",
           "<p class=\"ed-ui\" data-search-exclude>Andere teksten in deze editie die dezelfde begrippen, personen of "
           "plaatsen noemen.</p>", "",
           '<ul class="ed-seealso ed-ui" data-search-exclude>', *rows, "</ul>", ""]
    if common:
        out += [f'<p class="ed-ui ed-common" data-search-exclude>Alle teksten noemen: {links(common)}.</p>', ""]
    return out


SHARED_LABEL = {"woordenlijst": "begrippen", "personen": "personen", "plaatsen": "plaatsen"}


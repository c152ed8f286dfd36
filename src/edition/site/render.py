"""Stage 7 – render: the document model → Markdown for MkDocs (contract: ARCHITECTURE.md).

Source text is never interpreted: every character Markdown or HTML could act on is written as a
numeric character reference, so `<script>`, `*nadruk*` or `[NAVO]` in a raw text show literally.
"""

from __future__ import annotations

import html
import math
import re

from edition.model import (BYLINE, CAPTION, HEADING, LEAD, LIST_ITEM, LIST_TITLE, PARAGRAPH, PROVENANCE, PULLQUOTE,
                           QUOTE, SOURCE_NOTE, SUBTITLE, TABLE, TITLE, VERSE, Block, Document)
from edition.cleaning import sourcenotes
from edition.site.downloads import pdf_link, pdf_name
from edition.inert import attr, html_comment, inert, yaml_string
from edition.apparatus.inline_md import to_html, to_text
from edition.editorial.anchors import word_end
from edition.apparatus.links import text_url
from edition.dutch import count
from edition.apparatus.registers import occurrence_map, sort_key
from edition.cleaning.structure import words

_BLOCK_START = re.compile(r"^([+\-:>]|\d+[.)](\s|$))")
WORDS_PER_MINUTE = 200
APPARATUS_PAGE = "../apparaat"  # + /<slug>.md: each text's apparatus has its own page (pages.apparatus_pages)


def escape(text: str) -> str:
    """Make `text` inert for Python-Markdown (and HTML) while it still reads the same."""
    out = inert(text)
    m = _BLOCK_START.match(out)
    if m:  # a list marker, quote or numbered item at the start of a paragraph
        out = f"&#{ord(out[0])};" + out[1:]
    return out


def intervention_anchor(slug: str, iv_id: str) -> str:
    return f"em-{slug}-{iv_id}"


def inline(block: Block, slug: str, edition=None, call=None, term_open=None, anchor=None) -> str:
    """The block's text with its editorial marks, term links and note calls, escaped.

    Marks and links are spans, note calls points; they are woven in by offset (`weave`), which
    keeps the markup well-formed whatever the offsets: a mark of nothing (a deletion) is an empty
    element, a call stands after the closing tags and before the opening tags at its offset.
    `call(note_id)` and `term_open(key)` give the markup of a note call and of the opening tag of
    a term link; by default a Python-Markdown footnote reference and a link into the site (the
    print HTML passes its own; `anchor(name)` makes a document id of an anchor name)."""
    spans: list[tuple[int, int, str, str]] = []  # (start, end, opening tag, closing tag)
    points: list[tuple[int, int, str]] = []  # (offset, 0 empty element | 1 call, markup)
    for start, end, iv, orig in block.marks:
        if orig and start == end:
            tag = (f'<span class="ed-em ed-del" data-orig="{attr(orig)}" '
                   f'title="{attr("Weggelaten door de redactie: " + orig)}">', "</span>")
        elif orig:
            tag = (f'<span class="ed-em" data-orig="{attr(orig)}" title="{attr("Bron: " + orig)}">', "</span>")
        else:
            tag = ('<ins class="ed-em" title="Toegevoegd door de redactie">', "</ins>")
        spans.append((start, end, *tag))
        if edition is None:  # without the edition's notes: the ° link to the apparatus
            points.append((word_end(block.text, end), 1,
                           f'[°]({APPARATUS_PAGE}/{slug}.md#{intervention_anchor(slug, iv.id)})'
                           f'{{: .ed-ui .ed-em-ref title="{iv.kind}: zie het apparaat" }}'))
    # The source's own note calls: (open, close) event pairs around their digits.
    source = sourcenotes.events(block, anchor)
    spans += [(s, e, o, c) for (s, _, o), (e, _, c) in zip(source[::2], source[1::2])]
    links = []
    if edition is not None:
        if term_open is None:
            resolver = edition.resolver(text_url(slug))
            term_open = lambda key: term_link_open(edition, key, resolver)  # noqa: E731
        call = call or (lambda note_id: f"[^{note_id}]")
        for start, end, key in block.links:
            links.append((start, end, term_open(key), "</a>"))
        for offset, note_id in block.calls:
            points.append((offset, 1, call(note_id)))
    # A link never holds a call or another link's markup: a point inside one moves to its end.
    points = [(next((e for s, e, *_ in links if s < p < e), p), rank, m) for p, rank, m in points]
    return weave(block.text, spans + links, points)


def weave(text: str, spans: list[tuple[int, int, str, str]], points: list[tuple[int, int, str]]) -> str:
    """`text` (made inert) with the markup of `spans` around their text and of `points` at their
    offset.  Well-formed by construction: spans are opened longest first and closed innermost
    first; a span that would close across another is closed and opened again around it."""
    n = len(text)
    clamp = lambda o: min(max(o, 0), n)  # noqa: E731
    spans = [(clamp(s), clamp(e), o, c) for s, e, o, c in spans]
    points = [(clamp(p), rank, m) for p, rank, m in points]
    for s, e, o, c in spans:
        if s >= e:  # an empty span is an element at one point, before the calls there
            points.append((s, 0, o + c))
    spans = sorted((sp for sp in spans if sp[0] < sp[1]), key=lambda sp: (sp[0], -sp[1]))
    points.sort(key=lambda pt: (pt[0], pt[1]))
    offsets = sorted({0, n, *(s for s, *_ in spans), *(e for _, e, *_ in spans), *(p for p, *_ in points)})
    out: list[str] = []
    stack: list[tuple[int, int, str, str]] = []
    pos, si, pi, first = 0, 0, 0, True
    for offset in offsets:
        chunk = text[pos:offset]
        if chunk:
            # Only the text at the very start of the block can look like a list marker or a quote.
            out.append(escape(chunk) if first and pos == 0 else inert(chunk))
            first = False
        pos = offset
        if any(e <= offset for _, e, *_ in stack):
            reopen = []
            while any(e <= offset for _, e, *_ in stack):
                top = stack.pop()
                out.append(top[3])
                if top[1] > offset:
                    reopen.append(top)
            for sp in reversed(reopen):
                out.append(sp[2])
                stack.append(sp)
        while pi < len(points) and points[pi][0] == offset:
            out.append(points[pi][2])
            pi += 1
        while si < len(spans) and spans[si][0] == offset:
            out.append(spans[si][2])
            stack.append(spans[si])
            si += 1
    while stack:
        out.append(stack.pop()[3])
    return "".join(out)


def term_link_open(edition, key: str, resolver) -> str:
    """A link to a glossary or register entry, its definition as tooltip (Material shows `title`
    as a tooltip on hover and on keyboard focus)."""
    page, entry_id = key.split("#")
    entry = next(e for e in edition.register(page).entries if e.id == entry_id)
    tip = f"{entry.term}: {to_text(entry.tooltip, resolver)}"
    css = "ed-term" if page == "woordenlijst" else "ed-reg"
    return f'<a class="{css}" href="{attr(resolver.href(page + "/", entry_id))}" title="{attr(tip)}">'


def lines_attr(block: Block, doc: Document | None = None) -> str:
    """`data-l`: the source lines of a block ("41-44"); with `doc`, a piece split off a line counts as
    that line (`Document.source_line`)."""
    lines = [doc.source_line(no) for _off, no in block.line_map] if doc is not None else \
        [block.first_line, block.last_line]
    first, last = min(lines), max(lines)
    return f"{first}-{last}" if last != first else str(first)


def _number_link(block: Block) -> str:
    return (f'<a class="ed-pn ed-ui" href="#{block.id}" aria-label="Alinea {block.number}">'
            f"{block.number}</a>")


STANZA_BREAK = '<span class="ed-sb" aria-hidden="true"></span>'


def verse_markup(markup: str, line_break: str = "<br>", stanza_break: str = STANZA_BREAK) -> str:
    """A verse block's woven text (`inline`) with its lines and stanzas kept: `line_break` between
    lines, `stanza_break` (an empty element that CSS shows as a gap) between stanzas.  Every line
    start is made inert like a block start, so a verse line that begins with `-` or `1.` stays text."""
    def start(line: str) -> str:
        return f"&#{ord(line[0])};{line[1:]}" if _BLOCK_START.match(line) else line
    stanzas = ["\n".join(start(l) + line_break for l in s.split("\n")) for s in markup.split("\n\n")]
    # The last line needs no break of its own; a stanza's last line is followed by the gap instead.
    stanzas = [s[: -len(line_break)] for s in stanzas]
    return f"\n{stanza_break}\n".join(stanzas)


def table_rows(block: Block, markup: str) -> list[tuple[bool, list[str]]]:
    """A table block's woven text (`inline`, or the print HTML's) as rows: (header row?, the markup
    of each cell, "" for a cell without text), from the cells of `block.hints["table"]`."""
    shape = block.hints.get("table") or []
    rows = markup.split("\n\n")
    out = []
    for at, row in enumerate(rows):
        texts = iter(row.split("\n"))
        present = shape[at]["cells"] if at < len(shape) else []
        cells = [next(texts, "") if has_text else "" for has_text in present]
        cells += list(texts)  # more cells than the shape says (an editor's replacement): all shown
        out.append((bool(shape[at]["header"]) if at < len(shape) else False, cells))
    return out


def _table(block: Block, slug: str, edition, lines: str) -> list[str]:
    """A table: one numbered block (the wrapper carries the id and number, as a paragraph does),
    its cells Markdown of their own (md_in_html: `markdown="span"`), scrolled sideways on a narrow
    screen (CSS) instead of squeezed."""
    out = [f'<div class="ed-table" id="{block.id}" data-n="{block.number}" markdown="1">',
           f'<p class="ed-table-n">{_number_link(block)}</p>',
           f'<table data-l="{lines}" markdown="1">']
    shape = block.hints.get("table") or []
    for at, (header, cells) in enumerate(table_rows(block, inline(block, slug, edition))):
        tag, scope = ("th", ' scope="col"') if header else ("td", "")
        spans = shape[at].get("spans", []) if at < len(shape) else []
        out.append('<tr markdown="1">' + "".join(
            f'<{tag}{scope}{_spans(spans[i] if i < len(spans) else (1, 1))} markdown="span">{c}</{tag}>'
            for i, c in enumerate(cells)) + "</tr>")
    return out + ["</table>", "</div>", ""]


def _spans(span) -> str:
    """colspan/rowspan of a cell (whole numbers from the reader, htmlblocks._span)."""
    columns, rows = (int(n) for n in span)
    return (f' colspan="{columns}"' if columns > 1 else "") + (f' rowspan="{rows}"' if rows > 1 else "")


def _numbered(block: Block, slug: str, css: str, edition=None, lines: str | None = None) -> str:
    text = inline(block, slug, edition)
    if block.kind == VERSE:
        text = verse_markup(text)
    return (f"{_number_link(block)}{list_number(block)}{text}\n"
            f'{{: #{block.id} .{css} data-l="{lines or lines_attr(block)}" data-n="{block.number}" }}')


def list_number(block: Block) -> str:
    """The number a numbered list of the source (HTML `<ol>`, Word) shows before an item: shown as
    the page showed it (also `start`, `value`, `reversed`), outside the text (the source's text has
    no such number; `ed-ui`), and the item's bullet hidden (CSS, `.ed-li-n`)."""
    n = block.hints.get("ordinal") if block.kind == LIST_ITEM else None
    return f'<span class="ed-ui ed-li-n">{inert(str(n))}.</span> ' if n is not None else ""


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
        from edition.dutch import after_unknown
        shown = e(pub["text"]) if pub.get("text") else "onbekend"
        said = pub["evidence"] if pub.get("text") else after_unknown(pub["evidence"])
        rows.append(("Verschenen in", f'{shown}<br><small>{e(said)}</small>'))
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
                         f'<a href="{attr(apparatus_href or f"../../apparaat/{doc.slug}/")}">Apparaat</a>'))
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
    from edition.apparatus import citation

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
    in_notes = False  # inside the source's own notes
    for block in doc.blocks:
        kind = block.kind
        if kind != LIST_ITEM and in_list:
            out.append("")
            in_list = False
        if in_notes and not sourcenotes.in_section(block):
            out += ["</div>", ""]
            in_notes = False
        if sourcenotes.section_opens(block):
            out += ['<div class="ed-srcnotes" markdown>', ""]
            if kind == SOURCE_NOTE:  # no heading of its own in the source: the edition names the section
                out += [f"## {sourcenotes.SECTION_TITLE} {{#bronnoten .ed-ui}}", ""]
            in_notes = True
        if with_card and not card_done and kind not in (TITLE, SUBTITLE):
            out += [card(doc, downloads=downloads), ""]
            if cited:
                out += [citation.box(doc, edition, site_url), ""]
            card_done = True
        text = inline(block, doc.slug, edition)
        lines = lines_attr(block, doc)
        if kind == TITLE:
            out += [f'# {text} {{#titel data-l="{lines}"}}', ""]
        elif kind == SUBTITLE:
            out += [f'<p class="ed-subtitle" id="{block.id}" data-l="{lines}" markdown>{text}</p>', ""]
        elif kind == BYLINE:
            out += [f'<p class="ed-byline" data-l="{lines}" markdown>{text}</p>', ""]
        elif kind == HEADING:
            out += [f'{"#" * block.level} {text} {{#{block.id} data-l="{lines}"}}', ""]
            if block.hints.get("source_notes_heading"):
                out += [f'<p class="ed-ui ed-srcnotes-label">{sourcenotes.SECTION_LABEL}</p>', ""]
        elif kind == SOURCE_NOTE:
            out += [f'<p class="ed-srcnote" id="{block.id}" data-l="{lines}" markdown>{text}</p>', ""]
        elif kind == LEAD:
            out += [_numbered(block, doc.slug, "ed-lead", edition, lines), ""]
        elif kind == PARAGRAPH:
            out += [_numbered(block, doc.slug, "ed-p", edition, lines), ""]
        elif kind == QUOTE:  # a quotation set off in the source: a numbered paragraph, indented
            out += [_numbered(block, doc.slug, "ed-p .ed-quote", edition, lines), ""]
        elif kind == VERSE:
            # One numbered block, its lines kept: a paragraph with line breaks (see verse_markup).
            out += [_numbered(block, doc.slug, "ed-verse", edition, lines), ""]
        elif kind == TABLE:
            out += _table(block, doc.slug, edition, lines)
        elif kind == LIST_TITLE:
            out += [f'<p class="ed-list-title" data-l="{lines}" markdown>{text}</p>', ""]
        elif kind == LIST_ITEM:
            if not in_list:
                if out[-1] != "":
                    out.append("")
                in_list = True
            out.append("- " + _numbered(block, doc.slug, "ed-li", edition, lines))
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
    if in_notes:
        out += ["</div>", ""]
    if edition is not None:
        out += see_also(doc, edition)
        out += footnotes(doc, edition)
    if trailer:
        out += ["", trailer]
    return "\n".join(out).rstrip("\n") + "\n"


def edition_face(edition) -> str:
    """A digest of everything the page of one text, and a register's page, read of the edition
    besides the text's own document, the registers and the bibliography files (which their keys
    name themselves): the texts in edition order with their titles and blocks (ids, numbers,
    kinds: cross-references, loci, "Zie ook"), every cross-reference target, every register
    occurrence (term links, loci, what texts share), the drafts, and every work's record as the
    bibliography holds it (citation labels; the source texts' records are made of their YAML).
    Not in it, so that saving a note redoes only its own text's page: the other texts' notes,
    interventions and wording, which no other page shows.  `tests/test_cache.py` renders each page again without the cache after edits of
    each kind."""
    import hashlib

    from edition.apparatus.bibstyle import content_of

    bib = edition.bib
    face = (
        [(d.slug, d.path, page_title(d), [(b.id, b.number, b.kind) for b in d.blocks]) for d in edition.docs],
        sorted((name, t.page, t.anchor, t.label) for name, t in edition.targets.items()),
        [(o.slug, o.block_index, o.start, o.end, o.entry.key, o.form) for o in edition.occurrences],
        [d.slug for d in edition.drafts],
        content_of(bib.data) if bib is not None else None,
    )
    # repr, not cache.digest's framing: the tuples hold only str, int, bool and None, whose repr is
    # exact, and one call is a hundredth of the time of framing 40 000 items one by one.
    return hashlib.sha256(repr(face).encode("utf-8")).hexdigest()


NOTE_KINDS = {"uitleg": "Toelichting", "bron": "Bron", "tekstkritisch": "Tekstkritisch", "sic": "Zo in de bron"}


def footnote_body(note, slug: str, resolver) -> str:
    """The text of one footnote as HTML (inert for Markdown)."""
    label = f'<span class="ed-note-kind">{NOTE_KINDS[note.kind]}.</span> '
    if note.intervention is None:
        return label + to_html(note.body, resolver)
    iv = note.intervention
    source = f"‘{inert(iv.original)}’" if iv.original else "niets"
    kind = "Conjectuur" if iv.kind == "conjectuur" else "Emendatie"
    href = resolver.href(f"apparaat/{slug}/", intervention_anchor(slug, iv.id))
    return (f"{label}{kind}: de bron heeft {source}, de editie leest ‘{inert(iv.reading)}’. "
            f"{inert(iv.reason.strip())} Zie het <a href=\"{attr(href)}\">apparaat</a>.")


def footnotes(doc: Document, edition) -> list[str]:
    """Python-Markdown footnote definitions; the footnotes extension numbers them by first call."""
    resolver = edition.resolver(text_url(doc.slug))
    out = []
    for note in doc.notes:
        out += [f"[^{note.id}]: {footnote_body(note, doc.slug, resolver)}", ""]
    return out


# "Zie ook" names at most this many texts, the closest first; the others that share entries are
# found through the glossary and the registers (every text on every page made the site quadratic).
SEE_ALSO_MAX = 6
# A row names at most this many of the shared entries (a long text shares dozens with its kin).
SEE_ALSO_ENTRIES = 12


def related_texts(doc: Document, edition) -> list[tuple[Document, int]]:
    """The other texts that share entries with `doc` (leaving out those every text mentions),
    with how many: most shared first, ties in edition order (deterministic)."""
    omap = occurrence_map(edition)
    own = omap.keys_in(doc.slug) - omap.everywhere
    ranked = []
    for position, other in enumerate(edition.docs):
        if other.slug != doc.slug:
            n = len(own & omap.keys_in(other.slug))
            if n:
                ranked.append((-n, position, other))
    ranked.sort(key=lambda r: r[:2])
    return [(other, -n) for n, _, other in ranked]


def see_also(doc: Document, edition) -> list[str]:
    """"Zie ook": the texts closest to this one (sharing the most glossary or register entries),
    at most SEE_ALSO_MAX, with what they share.  Entries that every text mentions (Rusland,
    Oekraïne …) say nothing about kinship; they are named once instead of in every row."""
    resolver = edition.resolver(text_url(doc.slug))
    omap = occurrence_map(edition)
    mine = omap.in_text.get(doc.slug, {})

    def links(entries) -> str:
        return ", ".join(f'<a href="{attr(resolver.href(e.kind.page + "/", e.id))}">{inert(e.term)}</a>'
                         for e in sorted(entries, key=lambda e: sort_key(e.sort)))

    def named(shared: list) -> list:
        """What a row names: at most SEE_ALSO_ENTRIES entries, the rarest in the edition first
        (they say most about the kinship), the others counted."""
        rarest = sorted(shared, key=lambda e: (omap.texts_with(e.key), sort_key(e.sort), e.key))
        return rarest[:SEE_ALSO_ENTRIES]

    related = related_texts(doc, edition)
    rows = []
    for other, _n in related[:SEE_ALSO_MAX]:
        shared = [e for k, e in omap.in_text[other.slug].items() if k in mine and k not in omap.everywhere]
        shown = named(shared)
        groups = [f"{SHARED_LABEL[r.kind.page]}: {links(e for e in shown if e.kind == r.kind)}"
                  for r in edition.registers if any(e.kind == r.kind for e in shown)]
        rest = f" en nog {len(shared) - len(shown)}" if len(shared) > len(shown) else ""
        title, _ = page_title(other)
        rows.append(f'<li><a href="{attr(resolver.href(text_url(other.slug)))}">{inert(title)}</a> — '
                    f'deelt met deze tekst {"; ".join(groups)}{rest}.</li>')
    if not rows:
        return []
    common = [mine[k] for k in sorted(omap.everywhere) if k in mine]
    closest = " De meest verwante staan bovenaan." if len(rows) > 1 else ""
    # Navigation, not text: kept out of the search index (a search for a term would otherwise list
    # every text's "Zie ook" as a hit, and the index is part of every first page load).
    out = ["## Zie ook {#zie-ook .ed-ui data-search-exclude}", "",
           "<p class=\"ed-ui\" data-search-exclude>Andere teksten in deze editie die dezelfde begrippen, personen of "
           f"plaatsen noemen.{closest}</p>", "",
           '<ul class="ed-seealso ed-ui" data-search-exclude>', *rows, "</ul>", ""]
    more = len(related) - len(rows)
    if more:
        names = [f'<a href="{attr(resolver.href(r.kind.page + "/"))}">{REGISTER_NAME[r.kind.page]}</a>'
                 for r in edition.registers]
        pages = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " en " + names[-1]
        others = count(more, "andere tekst deelt", "andere teksten delen")
        out += [f'<p class="ed-ui ed-seealso-more" data-search-exclude>Nog {others} begrippen, personen of '
                f"plaatsen met deze tekst; bij elk trefwoord in {pages} staan alle teksten waarin het voorkomt.</p>", ""]
    if common:
        out += [f'<p class="ed-ui ed-common" data-search-exclude>Alle teksten noemen: {links(common)}.</p>', ""]
    return out


SHARED_LABEL = {"woordenlijst": "begrippen", "personen": "personen", "plaatsen": "plaatsen"}
REGISTER_NAME = {"woordenlijst": "de woordenlijst", "personen": "het register van personen",
                 "plaatsen": "het register van plaatsen"}


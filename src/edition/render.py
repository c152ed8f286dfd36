"""Stage 7 – render: the document model → Markdown for MkDocs (contract: ARCHITECTURE.md).

Source text is never interpreted: every character Markdown or HTML could act on is written as a
numeric character reference, so `<script>`, `*nadruk*` or `[NAVO]` in a raw text show literally.
"""

from __future__ import annotations

import html
import json
import math
import re

from .model import (BYLINE, CAPTION, HEADING, LEAD, LIST_ITEM, LIST_TITLE, NUMBERED_KINDS, PARAGRAPH,
                    PROVENANCE, PULLQUOTE, SUBTITLE, TITLE, Block, Document)
from .structure import words

_ACTIVE = set("\\`*_[]{}<>&|~^=$#")
_BLOCK_START = re.compile(r"^([+\-:>]|\d+[.)](\s|$))")
WORDS_PER_MINUTE = 200
APPARATUS_PAGE = "../apparaat.md"


def escape(text: str) -> str:
    """Make `text` inert for Python-Markdown (and HTML) while it still reads the same."""
    out = "".join(f"&#{ord(c)};" if c in _ACTIVE else c for c in text)
    m = _BLOCK_START.match(out)
    if m:  # a list marker, quote or numbered item at the start of a paragraph
        out = f"&#{ord(out[0])};" + out[1:]
    return out


def attr(text: str) -> str:
    """A value for an HTML attribute in raw inline HTML (inert for Markdown and HTML alike)."""
    return "".join(f"&#{ord(c)};" if c in _ACTIVE or c in "\"'" else c for c in text)


def intervention_anchor(slug: str, iv_id: str) -> str:
    return f"em-{slug}-{iv_id}"


def inline(block: Block, slug: str) -> str:
    """The block's text with its editorial marks, escaped."""
    out, pos = [], 0
    for start, end, iv, orig in block.marks:
        out.append(escape(block.text[pos:start]))
        reading = escape(block.text[start:end])
        if orig:
            out.append(f'<span class="ed-em" data-orig="{attr(orig)}" '
                       f'title="{attr("Bron: " + orig)}">{reading}</span>')
        else:
            out.append(f'<ins class="ed-em" title="Toegevoegd door de redactie">{reading}</ins>')
        out.append(f'[°]({APPARATUS_PAGE}#{intervention_anchor(slug, iv.id)})'
                   f'{{: .ed-ui .ed-em-ref title="{iv.kind}: zie het apparaat" }}')
        pos = end
    out.append(escape(block.text[pos:]))
    return "".join(out)


def lines_attr(block: Block) -> str:
    return f"{block.first_line}-{block.last_line}" if block.last_line != block.first_line else str(block.first_line)


def _number_link(block: Block) -> str:
    return (f'<a class="ed-pn ed-ui" href="#{block.id}" aria-label="Alinea {block.number}">'
            f"{block.number}</a>")


def _numbered(block: Block, slug: str, css: str) -> str:
    return (f"{_number_link(block)}{inline(block, slug)}\n"
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


def card(doc: Document) -> str:
    """The provenance card: who, when (and how we know), where, translation, genre, size."""
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
                         f'<a href="../../apparaat/#{doc.slug}">Apparaat</a>'))
    return f'<div class="ed-card ed-ui">\n{_dl(rows)}\n</div>'


def render_markdown(doc: Document, with_card: bool = True, trailer: str = "") -> str:
    """The page of one text; `trailer` is edition HTML appended at the end (e.g. anchor redirects)."""
    title, supplied = page_title(doc)
    description = doc.meta.get("description", "")
    out = [
        "---",
        f"title: {json.dumps(title, ensure_ascii=False)}",
        f"description: {json.dumps(description, ensure_ascii=False)}",
        "---",
        "",
        f"<!-- Gegenereerd door `edition build` uit {doc.path}; niet met de hand bewerken. -->",
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
            out += [card(doc), ""]
            card_done = True
        text = inline(block, doc.slug)
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
            out += [_numbered(block, doc.slug, "ed-lead"), ""]
        elif kind == PARAGRAPH:
            out += [_numbered(block, doc.slug, "ed-p"), ""]
        elif kind == LIST_TITLE:
            out += [f'<p class="ed-list-title" data-l="{lines}" markdown>{text}</p>', ""]
        elif kind == LIST_ITEM:
            if not in_list:
                if out[-1] != "":
                    out.append("")
                in_list = True
            out.append("- " + _numbered(block, doc.slug, "ed-li"))
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
    if trailer:
        out += ["", trailer]
    return "\n".join(out).rstrip("\n") + "\n"

"""Editors' Markdown in YAML fields (notes, definitions, explanations), parsed with markdown-it-py.

Inline syntax only: *nadruk*, **sterk**, `code`, [tekst](https://…), citations `[@sleutel]` or
`[@sleutel, p. 12]` (several: `[@a; @b]`), and cross-references `[[doel]]` or `[[doel|tekst]]`.
Raw HTML, images and relative links are refused with a message that says what to write instead.

One parse (`parse`) feeds every output: `to_html` takes a `Resolver` that turns cross-references
and citations into addresses for the page being written (site or print).  Validation against the
anchors and keys of the whole edition happens before rendering (`references` lists them), so
rendering never meets an unknown target.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Protocol

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from edition.errors import EditionError, Problem
from edition.inert import attr, inert as escape

_EXTERNAL = re.compile(r"^(https?://|mailto:)", re.I)
_REFUSED_LINK = re.compile(r"\]\(\s*<?\s*([A-Za-z][A-Za-z0-9+.\-]*)\s*:")
_KEY = re.compile(r"^@([A-Za-z0-9][A-Za-z0-9_:.\-]*)\s*(?:,\s*(.+))?$")
HINT = ("Toegestaan: *nadruk*, **sterk**, [tekst](https://…), [@sleutel] voor een bron, "
        "[[tekst#p12]] voor een verwijzing; geen HTML.")


@dataclass(frozen=True)
class Cite:
    key: str
    locator: str  # e.g. "p. 12"; may be empty


@dataclass(frozen=True)
class XRef:
    target: str  # "slug#p12", "slug", "woordenlijst#id" …
    label: str  # "" = let the resolver choose


@dataclass
class Inline:
    """A parsed field: its source text, where it came from (file:line), and markdown-it tokens."""

    source: str
    where: str
    tokens: list[Token]

    def references(self) -> list[Cite | XRef]:
        out: list[Cite | XRef] = []
        for tok in self.tokens:
            if tok.type == "cite":
                out.extend(tok.meta["cites"])
            elif tok.type == "xref":
                out.append(tok.meta["xref"])
        return out


class Resolver(Protocol):
    def xref(self, ref: XRef) -> tuple[str, str]:
        """(href, label) of a cross-reference that has been validated."""

    def cite(self, cite: Cite) -> tuple[str, str]:
        """(href, label) of a citation whose key has been validated."""


def _xref_rule(state: StateInline, silent: bool) -> bool:
    src, pos = state.src, state.pos
    if not src.startswith("[[", pos):
        return False
    end = src.find("]]", pos + 2)
    if end < 0:
        return False
    body = src[pos + 2:end]
    target, _, label = body.partition("|")
    if not target.strip() or "\n" in target:
        return False
    if not silent:
        tok = state.push("xref", "", 0)
        tok.meta = {"xref": XRef(target.strip(), label.strip())}
        tok.content = body
    state.pos = end + 2
    return True


def _cite_rule(state: StateInline, silent: bool) -> bool:
    src, pos = state.src, state.pos
    if not src.startswith("[@", pos):
        return False
    end = src.find("]", pos)
    if end < 0:
        return False
    body = src[pos + 1:end]
    cites = []
    for part in body.split(";"):
        m = _KEY.match(part.strip())
        if not m:
            return False
        cites.append(Cite(m.group(1), (m.group(2) or "").strip()))
    if not silent:
        tok = state.push("cite", "", 0)
        tok.meta = {"cites": cites}
        tok.content = body
    state.pos = end + 1
    return True


def _parser() -> MarkdownIt:
    # "zero" preset: nothing but what is enabled here.  html_inline is enabled only to *find* raw
    # HTML and refuse it with a message (instead of silently showing or dropping it).
    md = MarkdownIt("zero", {"html": True, "linkify": False, "typographer": False})
    md.enable(["emphasis", "link", "image", "backticks", "escape", "entity", "html_inline", "newline", "autolink"])
    md.inline.ruler.before("link", "xref", _xref_rule)
    md.inline.ruler.before("link", "cite", _cite_rule)
    return md


_MD = _parser()
_ALLOWED = {"text", "softbreak", "hardbreak", "em_open", "em_close", "strong_open", "strong_close",
            "link_open", "link_close", "code_inline", "xref", "cite"}


def parse(text: str, where: str) -> Inline:
    """Parse one field; raises EditionError (file:line, what, how to fix) on anything not allowed."""
    tokens: list[Token] = []
    for block in _MD.parseInline(text.strip()):
        tokens.extend(block.children or [])
    problems = []
    # markdown-it refuses to link javascript:, vbscript:, file: and data: URLs and leaves the brackets
    # as text: the editor meant a link, so say why there is none.
    for m in _REFUSED_LINK.finditer(text):
        if m.group(1).lower() not in ("http", "https", "mailto"):
            problems.append(Problem(where, f"link met het schema ‘{m.group(1)}:’: alleen volledige webadressen "
                                           "(https://…) zijn toegestaan als link.", HINT))
    for tok in tokens:
        if tok.type == "html_inline":
            problems.append(Problem(where, f"HTML is niet toegestaan in redactionele tekst: {tok.content!r}.", HINT))
        elif tok.type == "image":
            problems.append(Problem(where, "afbeeldingen zijn niet toegestaan in redactionele tekst.", HINT))
        elif tok.type == "link_open":
            href = tok.attrGet("href") or ""
            if not _EXTERNAL.match(str(href)):
                problems.append(Problem(where, f"link naar ‘{href}’: alleen volledige webadressen (https://…) zijn "
                                               "toegestaan als gewone link.",
                                        "Verwijs binnen de editie met [[tekst#p12]] of [[woordenlijst#id]]; "
                                        "die verwijzingen worden bij de bouw gecontroleerd."))
        elif tok.type not in _ALLOWED:
            problems.append(Problem(where, f"opmaak ‘{tok.markup or tok.type}’ is niet toegestaan.", HINT))
    if problems:
        raise EditionError(problems)
    return Inline(text, where, tokens)


def cite_links(cites: list[Cite], resolver: Resolver) -> str:
    """Citations as links to the bibliography, "; "-separated (the caller adds any brackets)."""
    parts = []
    for c in cites:
        href, label = resolver.cite(c)
        text = escape(label + (f", {c.locator}" if c.locator else ""))
        parts.append(f'<a class="ed-cite-ref" href="{attr(href)}">{text}</a>')
    return "; ".join(parts)


def to_html(inline: Inline, resolver: Resolver) -> str:
    out = []
    for tok in inline.tokens:
        t = tok.type
        if t == "text":
            out.append(escape(tok.content))
        elif t in ("softbreak", "hardbreak"):
            out.append(" ")
        elif t in ("em_open", "em_close", "strong_open", "strong_close"):
            out.append(f"<{'/' if t.endswith('close') else ''}{tok.tag}>")
        elif t == "code_inline":
            out.append(f"<code>{escape(tok.content)}</code>")
        elif t == "link_open":
            out.append(f'<a href="{attr(str(tok.attrGet("href")))}">')
        elif t == "link_close":
            out.append("</a>")
        elif t == "xref":
            href, label = resolver.xref(tok.meta["xref"])
            out.append(f'<a class="ed-xref" href="{attr(href)}">{escape(label)}</a>')
        elif t == "cite":
            out.append(f"({cite_links(tok.meta['cites'], resolver)})")
    return "".join(out)


def to_text(inline: Inline, resolver: Resolver) -> str:
    """Plain text (for a tooltip in a title attribute): links become their label."""
    out = []
    for tok in inline.tokens:
        t = tok.type
        if t in ("text", "code_inline"):
            out.append(tok.content)
        elif t in ("softbreak", "hardbreak"):
            out.append(" ")
        elif t == "xref":
            out.append(resolver.xref(tok.meta["xref"])[1])
        elif t == "cite":
            out.append("(" + "; ".join(resolver.cite(c)[1] + (f", {c.locator}" if c.locator else "")
                                       for c in tok.meta["cites"]) + ")")
    return html.unescape("".join(out))

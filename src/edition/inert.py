"""Text made inert for Python-Markdown and HTML alike, while it reads the same.

Every character Markdown or HTML could act on becomes a numeric character reference, so source
text and editors' text show literally (`<script>`, `*nadruk*`, `[NAVO]`) wherever they end up.
"""

from __future__ import annotations

ACTIVE = set("\\`*_[]{}<>&|~^=$#")


def inert(text: str) -> str:
    return "".join(f"&#{ord(c)};" if c in ACTIVE else c for c in text)


def attr(text: str) -> str:
    """A value for an HTML attribute in raw inline HTML (quotes encoded as well)."""
    return "".join(f"&#{ord(c)};" if c in ACTIVE or c in "\"'" else c for c in text)


def inert_html(html: str) -> str:
    """Finished HTML (e.g. from pybtex) made inert for Markdown: text between tags is encoded,
    the tags themselves are left alone."""
    out, in_tag = [], False
    for ch in html:
        if ch == "<":
            in_tag = True
        out.append(ch if in_tag or ch not in ACTIVE or ch in "<>&" else f"&#{ord(ch)};")
        if ch == ">":
            in_tag = False
    return "".join(out)

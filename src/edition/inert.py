"""Text made inert for Python-Markdown and HTML alike, while it reads the same.

Every character Markdown or HTML could act on becomes a numeric character reference, so source
text and editors' text show literally (`<script>`, `*nadruk*`, `[NAVO]`) wherever they end up.
"""

from __future__ import annotations

import json
import re

ACTIVE = set("\\`*_[]{}<>&|~^=$#")


# str.translate tables (one C loop instead of a Python one per character: every text passes here).
_INERT = {ord(c): f"&#{ord(c)};" for c in ACTIVE}
_ATTR = {**_INERT, **{ord(c): f"&#{ord(c)};" for c in "\"'"}}


def inert(text: str) -> str:
    return text.translate(_INERT)


def attr(text: str) -> str:
    """A value for an HTML attribute in raw inline HTML (quotes encoded as well)."""
    return text.translate(_ATTR)


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


# Characters a YAML double-quoted scalar may not hold as they are (YAML 1.1 printable set) or that
# YAML folds as line breaks (NEL, LS, PS): written as escapes so that the value reads back unchanged.
_YAML_UNSAFE = re.compile("[^\t\n\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\x85\u2028\u2029]")


def yaml_string(text: str) -> str:
    """`text` as one YAML double-quoted scalar for a page's front matter (JSON's escapes are YAML's)."""
    quoted = json.dumps(text, ensure_ascii=False)
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


def html_comment(text: str) -> str:
    """`text` safe inside <!-- … -->: no `--` and no `>` that could end the comment early."""
    return text.replace("<", "&#60;").replace(">", "&#62;").replace("--", "-&#45;")

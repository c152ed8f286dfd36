"""A scanner for executable markup in built output: what a browser would run or follow.

It parses HTML (pages, redirect pages, print HTML, the HTML fragments in a search index) with the
standard library's tolerant parser, which splits tags the way a browser's tokenizer does, and reports:

- any event-handler attribute (`onerror`, `onload`, … : every attribute named `on…`);
- a URL attribute (href, src, action, formaction, srcset, poster, data, xlink:href, …) or a
  `<meta http-equiv="refresh">` target whose scheme is not http(s), mailto, or relative — in
  particular `javascript:`, `vbscript:` and `data:`, also when written with entities, mixed case,
  or control characters inside the scheme (browsers ignore those);
- elements that load or run code and that nothing in the edition writes: `iframe`, `object`,
  `embed`, `base`, `frame`, `applet`, `srcdoc`, a `<script>` or `<style>` whose content or `src`
  contains the test's marker, and a `style` attribute with `expression(` or `url(javascript:`.

Material's own scripts are allowed (they contain no marker); its one `href="javascript:void(0)"`
(the search share button) is allowed by exact value.
"""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser

URL_ATTRS = {"href", "src", "action", "formaction", "poster", "data", "xlink:href", "background",
             "cite", "longdesc", "manifest", "ping", "codebase", "lowsrc", "dynsrc", "icon"}
FORBIDDEN_TAGS = {"iframe", "object", "embed", "base", "frame", "frameset", "applet", "portal"}
THEME_ALLOWED_URLS = {"javascript:void(0)"}
_SAFE_SCHEME = re.compile(r"^(?:https?:|mailto:|[^:/?#]*(?:[/?#]|$))", re.I)
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")


def _scheme_safe(url: str) -> bool:
    value = _INVISIBLE.sub("", html.unescape(url))
    return value in THEME_ALLOWED_URLS or bool(_SAFE_SCHEME.match(value))


class _Scanner(HTMLParser):
    def __init__(self, marker: str) -> None:
        super().__init__(convert_charrefs=True)
        self.marker = marker
        self.findings: list[str] = []
        self._in: list[str] = []

    def _add(self, what: str) -> None:
        line, col = self.getpos()
        self.findings.append(f"{line}:{col}: {what}")

    def handle_starttag(self, tag, attrs):
        self._check(tag, attrs)
        if tag in ("script", "style"):
            self._in.append(tag)

    def handle_startendtag(self, tag, attrs):
        self._check(tag, attrs)

    def handle_endtag(self, tag):
        if self._in and self._in[-1] == tag:
            self._in.pop()

    def handle_data(self, data):
        if self._in and self.marker and self.marker in data:
            self._add(f"<{self._in[-1]}> holding the marker: {data.strip()[:80]!r}")

    def _check(self, tag: str, attrs) -> None:
        if tag in FORBIDDEN_TAGS:
            self._add(f"<{tag}> element")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self._add(f"event handler {name}={value[:60]!r} on <{tag}>")
            elif name == "srcdoc":
                self._add(f"srcdoc on <{tag}>")
            elif name in URL_ATTRS and not _scheme_safe(value):
                self._add(f"{name}={value[:60]!r} on <{tag}>")
            elif name == "srcset" and not all(_scheme_safe(part.strip().split(" ")[0])
                                               for part in value.split(",") if part.strip()):
                self._add(f"srcset={value[:60]!r} on <{tag}>")
            elif name == "style" and re.search(r"expression\s*\(|url\s*\(\s*['\"]?\s*(?:javascript|vbscript|data):",
                                               html.unescape(value), re.I):
                self._add(f"style={value[:60]!r} on <{tag}>")
            elif name == "content" and tag == "meta" and dict(attrs).get("http-equiv", "").lower() == "refresh":
                target = re.sub(r"^\s*\d+\s*;?\s*(?:url\s*=\s*)?", "", value, flags=re.I).strip("'\" ")
                if target and not _scheme_safe(target):
                    self._add(f"refresh to {target[:60]!r}")
        if tag == "script" and self.marker and self.marker in (dict(attrs).get("src") or ""):
            self._add("<script src> holding the marker")


def executable_markup(markup: str, marker: str = "alert(") -> list[str]:
    """Findings (`line:col: what`) of executable markup in an HTML document or fragment."""
    scanner = _Scanner(marker)
    scanner.feed(markup)
    scanner.close()
    return scanner.findings


def search_index_fragments(text: str) -> list[str]:
    """The HTML fragments (titles and texts) of a Material/lunr search index, as JSON or as the
    offline copy's `var __index = {…}` script."""
    start = text.find("{")
    data = json.loads(text[start:text.rfind("}") + 1])
    return [str(doc.get(field, "")) for doc in data.get("docs", []) for field in ("title", "text")]


def scan_files(files) -> list[str]:
    """Findings over `(name, text)` pairs; a search index is scanned fragment by fragment too."""
    found = []
    for name, text in files:
        found += [f"{name}:{f}" for f in executable_markup(text)]
        if name.endswith(("search_index.json", "search_index.js")):
            found += [f"{name} (index): {f}" for frag in search_index_fragments(text) for f in executable_markup(frag)]
    return found

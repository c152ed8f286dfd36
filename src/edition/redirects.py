"""Redirects keep old addresses working: page redirects become small HTML pages in site/, anchor
redirects a map on the page that edition.js follows when the old anchor is opened."""

from __future__ import annotations

import html
import json
from pathlib import Path

import yaml

from .errors import EditionError, Problem

FILE = "redirects.yml"


def load(root: Path) -> dict:
    path = root / FILE
    data = yaml.safe_load(path.read_text("utf-8")) if path.exists() else {}
    data = data or {}
    pages, anchors = data.get("pages") or {}, data.get("anchors") or {}
    problems = [Problem(FILE, f"anker-omleiding ‘{k}’ → ‘{v}’: beide moeten de vorm ‘pagina/#anker’ hebben.")
                for k, v in anchors.items() if "#" not in k or "#" not in v]
    if problems:
        raise EditionError(problems)
    return {"pages": pages, "anchors": anchors}


def anchor_map(redirects: dict, page_url: str) -> dict[str, str]:
    """Old anchors on `page_url` → the address (relative to the site root) they now live at."""
    out = {}
    for old, new in redirects["anchors"].items():
        page, anchor = old.split("#", 1)
        if page == page_url:
            out[anchor] = new
    return out


def anchor_script(mapping: dict[str, str]) -> str:
    """The map as an inert element the page script reads (nothing when there are no redirects)."""
    if not mapping:
        return ""
    return f'<div hidden class="ed-ui" id="ed-redirects" data-map="{html.escape(json.dumps(mapping), quote=True)}"></div>'


def write_page_redirects(redirects: dict, site_dir: Path) -> None:
    for old, new in redirects["pages"].items():
        target = site_dir / old / "index.html"
        depth = len([p for p in old.split("/") if p])
        href = html.escape("../" * depth + new, quote=True)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(
            "<!doctype html>\n<html lang=\"nl\"><head><meta charset=\"utf-8\">"
            f"<title>Verplaatst</title><meta http-equiv=\"refresh\" content=\"0; url={href}\">"
            f"<link rel=\"canonical\" href=\"{href}\"></head>"
            f"<body><p>Deze pagina is verplaatst naar <a href=\"{href}\">{html.escape(new)}</a>.</p>"
            "<script>location.replace(document.querySelector('a').href + location.hash)</script></body></html>\n",
            "utf-8")

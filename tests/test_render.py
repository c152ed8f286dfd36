"""Rendering: source text that looks like Markdown or HTML is shown literally, never executed."""

import html
import re
from html.parser import HTMLParser

import markdown
import yaml

from edition.checks import fidelity
from edition.apparatus.number import number
from edition.pipeline import clean_text
from edition.site.render import render_markdown
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NASTY = [
    "<script>alert('x')</script> en <b>vet</b> &amp; &lt;",
    "*nadruk* en **sterk** en _laag_ en `code` en ~~weg~~ en ==mark== en ^sup^",
    "# Geen kop",
    "+ geen lijst",
    "1. geen genummerde lijst",
    "> geen citaat",
    "[NAVO](http://example.org) en ![beeld](x.png) en [^1] en <http://example.org>",
    "| a | b | en {: #kapot .klasse } en \\*escape\\* en $x$",
    "=== en --- en :smile: en (c) en --",
]


def extensions():
    config = yaml.load((ROOT / "mkdocs.yml").read_text("utf-8"), Loader=yaml.BaseLoader)
    names = []
    for ext in config["markdown_extensions"]:
        names.append(next(iter(ext)) if isinstance(ext, dict) else ext)
    return names


class Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)


def test_markup_in_a_raw_text_is_rendered_literally():
    raw = "\n".join(f"{line} Dit is de rest van de alinea." for line in NASTY) + "\n"
    doc = clean_text(raw, "sources/x.txt")
    number(doc)
    page = markdown.markdown(render_markdown(doc, with_card=False), extensions=extensions())
    parser = Elements()
    parser.feed(page)
    assert "script" not in parser.tags and "b" not in parser.tags and "em" not in parser.tags
    assert "img" not in parser.tags and "code" not in parser.tags
    assert "ol" not in parser.tags and "table" not in parser.tags and "h1" in parser.tags
    text = html.unescape(re.sub(r"<[^>]+>", "", page))
    for line in NASTY:
        if line.startswith(">"):
            continue  # a paragraph of lines beginning with ‘>’ is a quotation by a recorded rule (below)
        assert line in text, line
    # "> geen citaat …" alone is plain text's quotation: the rule is recorded, the mark left out,
    # the words kept; nothing else became a quotation.
    assert [d.line for d in doc.decisions if d.rule == "quote-mark"] == [NASTY.index("> geen citaat") + 1]
    assert [b.text for b in doc.blocks if b.kind == "quote"] == ["geen citaat Dit is de rest van de alinea."]
    assert fidelity.html_words(page) == [t.word for t in fidelity.expected_tokens(doc)]

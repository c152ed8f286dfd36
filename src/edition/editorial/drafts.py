"""Which texts are published: a text is a *draft* while its editorial file says it is not finished.

Draft status is data, never a flag: a text is a draft when it has no `sources/<slug>.yml`, when
required metadata is missing there, or when that file still holds a `TODO` mark (`edition new`
writes its proposals with them; the editor removes each mark once the value is checked).  So a
text cannot be published by forgetting to remove a flag, and it becomes publishable by finishing
it.  A draft is built and checked like any text, and shown under `edition serve` and
`edition build --drafts` with a "concept" banner saying what is missing; a release build
(`edition build`) leaves it out: navigation, home page, PDFs, sitemap, search, registers' loci.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from edition.inert import inert
from edition import dutch
from edition.model import Document

# The metadata a published text must have (the schema lets a draft lack them), with the Dutch
# name the banner and the review report use.
REQUIRED = {"title": "titel", "authors": "auteurs (of een lege lijst met author_note)", "date": "datum",
            "published_in": "plaats van verschijnen", "translation": "vertaling", "genre": "genre",
            "description": "beschrijving (één zin voor de startpagina)"}
TODO = re.compile(r"\bTODO\b")
MAX_TODOS = 20  # listed per text; the rest are counted


@dataclass
class Draft:
    doc: Document
    yml: str  # the editorial file as shown in messages (sources/<slug>.yml)
    has_yml: bool
    missing: list[str] = field(default_factory=list)  # REQUIRED keys that are absent
    todos: list[tuple[int, str]] = field(default_factory=list)  # (line, the line's text) of each TODO

    def reasons(self) -> list[str]:
        """What keeps the text from being published, in the editor's words (Dutch)."""
        if not self.has_yml:
            return [f"er is nog geen redactiebestand {self.yml}; maak het met "
                    f"`edition new {self.doc.path}` en vul het aan"]
        out = []
        if self.missing:
            out.append(f"in {self.yml} ontbreekt onder metadata: "
                       + ", ".join(f"{REQUIRED[k]} ({k})" for k in self.missing))
        for line, text in self.todos[:MAX_TODOS]:
            out.append(f"{self.yml}:{line}: nog na te kijken: {text.strip()[:160]}")
        if len(self.todos) > MAX_TODOS:
            out.append(f"en nog {dutch.count(len(self.todos) - MAX_TODOS, 'regel', 'regels')} met TODO in {self.yml}")
        return out


def yml_of(doc: Document) -> str:
    return str(Path(doc.path).with_suffix(".yml").as_posix())


def status(doc: Document, root: Path) -> Draft | None:
    """The draft status of one built text (None: ready to publish)."""
    shown = yml_of(doc)
    path = root / shown if not Path(shown).is_absolute() else Path(shown)
    if not path.is_file():
        return Draft(doc, shown, has_yml=False, missing=list(REQUIRED))
    meta = doc.meta or {}
    missing = [k for k in REQUIRED if k not in meta]
    if "authors" in meta and not meta.get("authors") and not meta.get("author_note"):
        missing.append("authors")  # "no author" must be said (author_note), not left out
    # The file as the editor wrote it, comments included: a TODO in a comment counts too.
    lines = path.read_text("utf-8", errors="replace").splitlines()
    todos = [(i, text) for i, text in enumerate(lines, 1) if TODO.search(text)]
    if not missing and not todos:
        return None
    return Draft(doc, shown, has_yml=True, missing=missing, todos=todos)


def partition(docs: list[Document], root: Path) -> tuple[list[Document], list[Draft]]:
    """(the texts ready to publish, the drafts), each in the order of `docs`."""
    published, drafts = [], []
    for doc in docs:
        found = status(doc, root)
        (published if found is None else drafts).append(doc if found is None else found)
    return published, drafts


def banner(draft: Draft) -> str:
    """The "concept" banner at the top of a draft's page (edition UI: not source text)."""
    items = "".join(f"<li>{inert(r)}</li>" for r in draft.reasons())
    return "\n".join([
        '<div class="admonition warning ed-draft ed-ui" role="note" data-search-exclude>',
        '<p class="admonition-title">Concept — niet gepubliceerd</p>',
        "<p>Deze tekst is nog niet af. U ziet hem alleen in de voorvertoning (<code>edition serve</code> of "
        "<code>edition build --drafts</code>); <code>edition build</code> laat hem weg uit de site, de pdf’s, de "
        "zoekfunctie en de registers. Nog te doen:</p>",
        f"<ul>{items}</ul>",
        "</div>",
    ])


def with_banner(markdown: str, draft: Draft) -> str:
    """The page of a draft: the banner right after the front matter and the generated-file comment."""
    lines = markdown.split("\n")
    end = lines.index("---", 1) + 1 if lines and lines[0] == "---" else 0
    while end < len(lines) and (lines[end] == "" or lines[end].startswith("<!--")):
        end += 1
    return "\n".join([*lines[:end], banner(draft), "", *lines[end:]])


def report_lines(drafts: list[Draft], notices: list) -> list[str]:
    """The review report's section on what is not published, and why."""
    out = []
    if drafts:
        out += ["## Concepten (niet gepubliceerd)", "",
                f"{len(drafts)} {'tekst is' if len(drafts) == 1 else 'teksten zijn'} nog concept: te zien in "
                "`edition serve` en `edition build --drafts`, maar niet in `edition build`. Een tekst wordt "
                "gepubliceerd zodra zijn redactiebestand alle verplichte metadata heeft en geen TODO meer bevat.", ""]
        for d in drafts:
            out += [f"### {d.doc.path}", ""] + [f"- {r}" for r in d.reasons()] + [""]
    if notices:
        out += ["## Meldingen", ""] + [f"- `{n.where}`: {n.what} {n.fix}".rstrip() for n in notices] + [""]
    return out


def add_to_report(report: str, drafts: list[Draft], notices: list) -> str:
    """`report` (pages.review_report) with the drafts section before its first text section."""
    extra = report_lines(drafts, notices)
    if not extra:
        return report
    lines = report.split("\n")
    at = next((i for i, line in enumerate(lines) if line.startswith("## ")), len(lines))
    return "\n".join([*lines[:at], *extra, *lines[at:]])

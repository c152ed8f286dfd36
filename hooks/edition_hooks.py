"""MkDocs hooks for the edition.

`on_page_markdown` escapes the front-matter values that the theme inserts into HTML as they are
(see below); `on_page_content` keeps paragraph numbers and emendation marks out of the search
index (see below); `on_post_page` removes the one thing of Material's that is not valid HTML.

`on_nav` orders the top-level navigation (there is no `nav:` key in mkdocs.yml):

1. the home page (`index.md`),
2. the section `teksten/` titled "Teksten", its pages in file-name order
   (chronological, because every slug starts with YYYY-MM),
3. the apparatus pages: woordenlijst, personen, plaatsen, bibliografie, apparaat,
4. `over.md`,
5. anything else, in MkDocs' own order.

Any of these may be absent. Previous/next links and parent links are rebuilt so
that the footer navigation follows the new order.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

TEXTS_DIR = "teksten"
TEXTS_TITLE = "Teksten"
# Top-level pages after the texts, in this order.
TRAILING_PAGES = ("woordenlijst.md", "personen.md", "plaatsen.md", "bibliografie.md", "apparaat.md", "over.md")

# Opening <a> tags of paragraph numbers (`ed-pn`) and emendation marks
# (`ed-em-ref`) that are not yet excluded from search.
_UI_LINK = re.compile(
    r"<a(?=\s)(?=[^>]*\sclass=\"[^\"]*\b(?:ed-pn|ed-em-ref|footnote-ref)\b)(?![^>]*\sdata-search-exclude)"
)


# Front-matter values that Material's templates write into the HTML unescaped (MkDocs' Jinja has no
# autoescape): `title` in the navigation, header, footer, <title> and search index; `description` in
# <meta name="description" content="…">; `subtitle` under a navigation entry. The pipeline writes
# them as plain text (they are source or editors' text), so this is the one place where they become
# HTML. As `Markup`, the value is not escaped a second time where a template does apply `| e`
# (the footer's aria-label).
THEME_RAW_META = ("title", "description", "subtitle")


def on_page_markdown(markdown: str, page, config, files) -> str:
    """Escape the theme's raw front-matter values of every page (the boundary to Jinja), and fill
    in the placeholders ({{ aantal }} …) of the hand-written pages."""
    for key in THEME_RAW_META:
        value = page.meta.get(key)
        if value is not None and not isinstance(value, Markup):
            page.meta[key] = escape(str(value))
    return _fill_placeholders(markdown, page, config)


def _fill_placeholders(markdown: str, page, config) -> str:
    """Hand-written pages (docs/over.md) may say {{ aantal }} teksten: the facts about the published
    texts come from build/editie.json, written by `edition build` just before MkDocs runs.  Generated
    pages are left alone (their source text has every brace as an entity anyway)."""
    import json
    import logging
    from pathlib import Path

    from edition.build import FACTS_FILE, GENERATED_FILES
    from edition.errors import EditionError
    from edition.pages import PLACEHOLDER, fill_placeholders

    src = _src(page) or ""
    if src.startswith(TEXTS_DIR + "/") or f"docs/{src}" in GENERATED_FILES or not PLACEHOLDER.search(markdown):
        return markdown
    log = logging.getLogger("mkdocs.hooks.edition")
    facts_file = Path(config["config_file_path"]).parent / FACTS_FILE
    try:
        facts = json.loads(facts_file.read_text("utf-8"))
        return fill_placeholders(markdown, facts, f"docs/{src}")
    except (OSError, ValueError):
        log.warning(f"docs/{src}: de plaatshouders ({{{{ … }}}}) kunnen niet worden ingevuld zonder {FACTS_FILE}; "
                    "bouw met `edition build` of `edition serve`, niet met mkdocs zelf.")
    except EditionError as exc:
        for problem in exc.problems:
            log.warning(str(problem))
    return markdown


def on_page_content(html: str, page, config, files) -> str:
    """Mark paragraph numbers and emendation marks with `data-search-exclude`.

    Material's search plugin indexes the page HTML as text; without this a
    number is glued to the first word of its paragraph (`<a …>34</a>Vanaf` is
    indexed as `34Vanaf`), so that word cannot be found there.
    """
    return _UI_LINK.sub("<a data-search-exclude", html)


# Material's drawer and search toggles: `<input type="checkbox" … autocomplete="off">`.
_CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input\b[^>]*\btype="checkbox"[^>]*?)\s+autocomplete="off"')


def on_post_page(output: str, page, config) -> str:
    """Keep the page valid HTML (checked with the Nu Html Checker in the tests): `autocomplete`
    is not allowed on a checkbox.  Material adds it so that Firefox does not restore an open
    drawer after a reload; without it, at worst the menu is open again after reloading."""
    return _CHECKBOX_AUTOCOMPLETE.sub(r"\1", output)


def on_post_template(output_content: str, template_name: str, config) -> str:
    """The same for static templates (404.html)."""
    return _CHECKBOX_AUTOCOMPLETE.sub(r"\1", output_content)


def _src(item) -> str | None:
    """The source path (POSIX) of a page item, or None for sections and links."""
    if isinstance(item, Page) and item.file is not None:
        return item.file.src_uri
    return None


def _is_texts_section(item) -> bool:
    if not isinstance(item, Section):
        return False
    pages = [c for c in item.children if _src(c) is not None]
    return bool(pages) and all(_src(p).startswith(TEXTS_DIR + "/") for p in pages)


def _text_sort_key(item) -> tuple[int, str]:
    src = _src(item) or ""
    name = src.rsplit("/", 1)[-1]
    # A section index page (if one is ever added) comes first.
    return (0 if name in ("index.md", "README.md") else 1, src)


def _rank(item) -> int:
    src = _src(item)
    if src == "index.md":
        return 0
    if _is_texts_section(item):
        return 1
    if src in TRAILING_PAGES:
        return 2 + TRAILING_PAGES.index(src)
    return 2 + len(TRAILING_PAGES)


def _pages(items) -> list[Page]:
    found: list[Page] = []
    for item in items:
        if isinstance(item, Page):
            found.append(item)
        if getattr(item, "children", None):
            found.extend(_pages(item.children))
    return found


def _set_parents(items, parent=None) -> None:
    for item in items:
        item.parent = parent
        if getattr(item, "children", None):
            _set_parents(item.children, item)


def on_nav(nav: Navigation, config, files) -> Navigation:
    items = list(nav.items)
    for item in items:
        if _is_texts_section(item):
            item.title = TEXTS_TITLE
            item.children = sorted(item.children, key=_text_sort_key)
    # sorted() is stable: items of equal rank keep MkDocs' order.
    items.sort(key=_rank)
    _set_parents(items)

    pages = _pages(items)
    bookended = [None, *pages, None]
    for previous, page, following in zip(bookended, pages, bookended[2:]):
        page.previous_page, page.next_page = previous, following
    return Navigation(items, pages)


def on_pre_build(config, **kwargs):
    """Under `edition serve` only: regenerate the Markdown when a source or its YAML changed.

    `edition build` generates before it calls MkDocs, so a plain build does no work here; the
    pipeline stays independent of MkDocs and this hook only triggers it.
    """
    import os
    from pathlib import Path

    if os.environ.get("EDITION_SERVE") != "1":
        return
    from edition.build import generate
    from edition.errors import EditionError

    try:
        generate(Path(config["config_file_path"]).parent, include_drafts=True)  # a preview: drafts shown
    except EditionError as exc:  # keep serving the last good pages, say what is wrong
        print(f"edition: {len(exc.problems)} probleem/problemen:\n" + "\n".join(f"  {p}" for p in exc.problems))
    except OSError as exc:  # a full disk, a file where a folder belongs: a message, not MkDocs' traceback
        from edition.cli import os_problem

        print(f"edition: {os_problem(exc)}")

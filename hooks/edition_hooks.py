"""MkDocs hooks for the edition.

`on_page_markdown` escapes the front-matter values that the theme inserts into HTML as they are
(see below); `on_page_content` keeps paragraph numbers and emendation marks out of the search
index (see below); `on_post_page` removes the one thing of Material's that is not valid HTML.

`on_nav` orders the top-level navigation (there is no `nav:` key in mkdocs.yml):

1. the home page (`index.md`),
2. the section `teksten/` titled "Teksten", its pages in file-name order
   (chronological, because every slug starts with YYYY-MM); with more than NAV_FLAT_MAX texts
   grouped in sections per year (a large year per month),
3. the apparatus pages: woordenlijst, personen, plaatsen, bibliografie, apparaat,
4. `over.md`,
5. anything else, in MkDocs' own order,

but not the pages of loci of single register entries (`vindplaatsen/`), reached from their entry.

Any of these may be absent. Previous/next links and parent links are rebuilt so
that the footer navigation follows the new order.
"""

from __future__ import annotations

import os
import re

import jinja2
from markupsafe import Markup, escape
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from edition.site.serving import SESSION

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


def on_config(config):
    """Under `edition serve` only: the theme's files are listed once per process.  Each rebuild makes
    a new Jinja environment whose loader walks every theme folder (Material's: 14,000 files, its
    icons among them) to find the static files to copy: a seventh of a second of every save.  The
    listing is kept while no file in a theme folder inside the project (overrides/) was added,
    removed or touched; the installed theme's folders are not walked again (they do not change
    while the server runs)."""
    if os.environ.get("EDITION_SERVE") != "1":
        return config
    make_env = config.theme.get_env
    root = os.path.dirname(os.path.abspath(config["config_file_path"]))

    def get_env():
        env = make_env()
        env.loader = _ListedOnce(env.loader.searchpath, root)
        return env

    config.theme.get_env = get_env
    return config


def _listing_signature(folder: str) -> tuple:
    """Every file under `folder` with its size and modification time."""
    found = []
    for base, dirs, names in os.walk(folder):
        dirs.sort()
        for name in sorted(names):
            try:
                stat = os.stat(os.path.join(base, name))
            except OSError:
                continue
            found.append((base, name, stat.st_size, stat.st_mtime_ns))
    return tuple(found)


class _ListedOnce(jinja2.FileSystemLoader):
    """A theme loader whose `list_templates` is walked once per content of the project's theme folders."""

    def __init__(self, searchpath, root: str) -> None:
        super().__init__(searchpath)
        own = [d for d in self.searchpath if os.path.abspath(d).startswith(root + os.sep)]
        self._key = (tuple(self.searchpath), tuple(_listing_signature(d) for d in own))

    def list_templates(self) -> list[str]:
        """The theme's files, without those under a hidden folder or hidden themselves (Material's
        14,000 icons in `.icons/`): MkDocs' only use of the list is to pick the static files to copy,
        and its filter drops those first (its patterns `.*` and `*/.*`); filtering them there took
        as long as walking the folders."""
        listed = SESSION.listings
        if self._key not in listed:
            listed.clear()
            listed[self._key] = [name for name in super().list_templates()
                                 if not any(part.startswith(".") for part in name.split("/"))]
        return list(listed[self._key])


def on_env(env, config, files):
    """Speed, same HTML: Material's templates are compiled to Python once and kept in
    build/cache/jinja/ (Jinja's own bytecode cache, keyed on each template's source), not compiled
    again by every MkDocs build: the site, its offline variant, each rebuild of `edition serve`
    (0.4 s a build)."""
    from pathlib import Path

    from jinja2 import FileSystemBytecodeCache

    from edition.cache import CACHE_DIR

    directory = Path(config["config_file_path"]).parent / CACHE_DIR / "jinja"
    directory.mkdir(parents=True, exist_ok=True)
    env.bytecode_cache = FileSystemBytecodeCache(str(directory))
    return env


def on_page_markdown(markdown: str, page, config, files) -> str:
    """Escape the theme's raw front-matter values of every page (the boundary to Jinja), and fill
    in the placeholders ({{ aantal }} …) of the hand-written pages."""
    _escape_theme_meta(page)
    return _fill_placeholders(markdown, page, config)


def _escape_theme_meta(page) -> None:
    for key in THEME_RAW_META:
        value = page.meta.get(key)
        if value is not None and not isinstance(value, Markup):
            page.meta[key] = escape(str(value))


def _fill_placeholders(markdown: str, page, config) -> str:
    """Hand-written pages (docs/over.md) may say {{ aantal }} teksten: the facts about the published
    texts come from build/editie.json, written by `edition build` just before MkDocs runs.  Generated
    pages are left alone (their source text has every brace as an entity anyway)."""
    import json
    import logging
    from pathlib import Path

    from edition.build import FACTS_FILE, GENERATED_FILES
    from edition.errors import EditionError
    from edition.site.pages import PLACEHOLDER, fill_placeholders

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
    drawer after a reload; without it, at worst the menu is open again after reloading.  A page
    outside the navigation (the apparatus of one text) gets the table of contents' title as a
    label `for="__toc"`, but not the toggle it names (Material puts that in the navigation): the
    label loses its `for`."""
    output = _CHECKBOX_AUTOCOMPLETE.sub(r"\1", output)
    if 'id="__toc"' not in output:
        output = output.replace('<label class="md-nav__title" for="__toc">', '<label class="md-nav__title">')
    return output


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
    pages = _pages(item.children)  # also once grouped per year (_texts_nav)
    return bool(pages) and all((_src(p) or "").startswith(TEXTS_DIR + "/") for p in pages)


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


# Up to this many texts the section "Teksten" lists them all; with more, they are grouped in a
# section per year (and a year with more than this, per month).  With Material's
# `navigation.prune` (mkdocs.yml) a page then carries only the texts of its own year or month:
# every text on every page made each page grow with the edition.
NAV_FLAT_MAX = 12
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
          "oktober", "november", "december")
_DATED = re.compile(r"(\d{4})-(\d{2})-")
UNDATED_TITLE = "Zonder datum"


def _date_prefix(item) -> tuple[str, str] | None:
    """(year, month) from the start of a text's file name (slugs begin with YYYY-MM-), or None."""
    m = _DATED.match((_src(item) or "").rsplit("/", 1)[-1])
    return (m.group(1), m.group(2)) if m and 1 <= int(m.group(2)) <= 12 else None


def _group(pages: list, key, title) -> list:
    """`pages` (in order) as one section per value of `key(page)`, titled `title(value)`."""
    sections: dict[str, Section] = {}
    for page in pages:
        k = key(page)
        if k not in sections:
            sections[k] = Section(title(k), [])
        sections[k].children.append(page)
    return list(sections.values())


def _texts_nav(children: list) -> list:
    """The children of "Teksten": flat while there are few, else per year (then per month)."""
    pages = sorted(children, key=_text_sort_key)
    index = [p for p in pages if _text_sort_key(p)[0] == 0]  # stays on top, the section's own page
    texts = [p for p in pages if _src(p) is not None and _date_prefix(p) is not None]
    if len(pages) <= NAV_FLAT_MAX or not texts:
        return pages
    dated = {id(p) for p in [*index, *texts]}
    undated = [p for p in pages if id(p) not in dated]
    years = _group(texts, lambda p: _date_prefix(p)[0], str)
    for year in years:
        months = _group(year.children, lambda p: _date_prefix(p)[1],
                        lambda month, y=year.title: f"{MONTHS[int(month) - 1]} {y}")
        if len(year.children) > NAV_FLAT_MAX and len(months) > 1:  # one month would only add a level
            year.children = months
    return [*index, *years, *([Section(UNDATED_TITLE, undated)] if undated else [])]


def _is_loci_pages(item) -> bool:
    """The pages with all loci of an entry found in very many texts (edition.registerpages.LOCI_DIR),
    and the apparatus of each text (edition.site.pages.APPARATUS_DIR): reached from their register
    entry, from the text and from the apparatus' index, not listed in the navigation."""
    from edition.site.pages import APPARATUS_DIR
    from edition.site.registerpages import LOCI_DIR

    pages = _pages([item])
    return bool(pages) and all((_src(p) or "").startswith((LOCI_DIR + "/", APPARATUS_DIR + "/")) for p in pages)


def on_nav(nav: Navigation, config, files) -> Navigation:
    _read_unchanged_pages(files, config)
    items = [item for item in nav.items if not _is_loci_pages(item)]
    for item in items:
        if _is_texts_section(item):
            item.title = TEXTS_TITLE
            item.children = _texts_nav(item.children)
    # sorted() is stable: items of equal rank keep MkDocs' order.
    items.sort(key=_rank)
    _set_parents(items)

    pages = _pages(items)
    bookended = [None, *pages, None]
    for previous, page, following in zip(bookended, pages, bookended[2:]):
        page.previous_page, page.next_page = previous, following
    return Navigation(items, pages)


def _read_unchanged_pages(files, config) -> None:
    """In an incremental build (`EDITION_DIRTY=1`, set by `edition build` and `edition serve`,
    see edition.site.incremental): MkDocs reads only the pages it renders again, so every other
    page would stand in the navigation without its title.  Their sources are read here (front
    matter and Markdown, not rendered), their theme values escaped as `on_page_markdown` does, so
    the navigation is the one a full build makes."""
    import os

    if os.environ.get("EDITION_DIRTY") != "1":
        return
    import copy

    from mkdocs.utils.meta import get_data

    for file in files.documentation_pages():
        page = file.page
        if page is not None and page.markdown is None and not file.is_modified():
            source = config.plugins.on_page_read_source(page=page, config=config)
            if source is None:
                source = file.content_string
            # The front matter as read at the last build of this process when the page's source is
            # the same (`edition serve` builds once per save; YAML for every page was most of its navigation).
            kept = SESSION.sources.get(file.abs_src_path)
            if kept is None or kept[0] != source:
                kept = SESSION.sources[file.abs_src_path] = (source, *get_data(source))
            page.markdown, page.meta = kept[1], copy.deepcopy(kept[2])  # hooks may change a page's meta
            _escape_theme_meta(page)


def on_pre_build(config, **kwargs):
    """Under `edition serve` only: regenerate the Markdown when a source or its YAML changed.

    `edition build` generates before it calls MkDocs, so a plain build does no work here; the
    pipeline stays independent of MkDocs and this hook only triggers it.
    """
    import os
    from pathlib import Path

    if os.environ.get("EDITION_SERVE") != "1":
        return
    from edition.build import preview
    from edition.dutch import count
    from edition.errors import EditionError

    try:
        # A preview: drafts shown; only the saved text is cleaned again (build/cache/), only pages whose
        # content changed are written, and PDFs of the last build that no longer match are marked.
        root = Path(config["config_file_path"]).parent
        result = preview(root, SESSION.memory)
        _whole_preview_if_reshaped(root, Path(config["site_dir"]))
        if result.cache is not None:  # MkDocs says nothing under `edition serve`: say what was redone
            stats = result.cache
            cleaned = count(stats.misses["document"], "tekst", "teksten")
            pages = count(len(stats.changed_files), "pagina", "pagina's")
            print(f"edition: {cleaned} opnieuw opgeschoond, {pages} gewijzigd", flush=True)
    except EditionError as exc:  # keep serving the last good pages, say what is wrong
        print(f"edition: {count(len(exc.problems), 'probleem', 'problemen')}:\n" + "\n".join(f"  {p}" for p in exc.problems))
    except OSError as exc:  # a full disk, a file where a folder belongs: a message, not MkDocs' traceback
        from edition.cli import os_problem

        print(f"edition: {os_problem(exc)}")


def _whole_preview_if_reshaped(root, site_dir) -> None:
    """`edition serve` builds dirty (only pages whose Markdown is newer than their HTML): right
    while the site's shape (navigation, configuration …, see edition.site.incremental) stays.  When it
    changed, the preview is emptied first, so this build renders every page."""
    import os
    import shutil

    from edition.build import site_url
    from edition.site import incremental

    shape = incremental.shape_key(root, incremental.scan(root / "docs", contents=False), site_url(root),
                                  os.environ.get("SOURCE_DATE_EPOCH", ""))
    if SESSION.shapes.get(str(site_dir)) not in (None, shape) and site_dir.is_dir():
        for child in site_dir.iterdir():
            shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()
    SESSION.shapes[str(site_dir)] = shape


def on_serve(server, config, builder):
    """Under `edition serve` only: one build per save.  MkDocs watches docs/, where `on_pre_build`
    writes the generated pages; each of those writes would start a second build.  The watch on
    docs/ is replaced by one that ignores the build's own files (`edition.build.generated_path`),
    so an editor's change to a hand-written page still starts a build (the editors' folders are
    watched by inotify, see below).  Relies on MkDocs 1.6's
    LiveReloadServer (`_rebuild_cond`, `_want_rebuild`; pinned); without them MkDocs' own watch stays."""
    import os
    from pathlib import Path

    if os.environ.get("EDITION_SERVE") != "1" or not hasattr(server, "_rebuild_cond") \
            or not hasattr(server, "_want_rebuild"):
        return server
    import watchdog.events

    from edition.build import generated_path

    root = Path(config["config_file_path"]).parent
    docs_dir = os.path.abspath(config["docs_dir"])
    server.unwatch(docs_dir)
    # MkDocs waits until no change came for `build_delay` (0.1 s) before it builds; a save is one
    # write, or a temporary file renamed into place, within a millisecond: a twentieth of a second is
    # quiet enough, and the page is there that much sooner.
    if hasattr(server, "build_delay"):
        server.build_delay = 0.05

    def callback(event):
        # inotify also reports files opened and closed: the build reading a YAML must not wake it.
        if event.is_directory or event.event_type not in ("created", "modified", "deleted", "moved"):
            return
        paths = [p for p in (event.src_path, getattr(event, "dest_path", "")) if p]
        if all(generated_path(root, Path(os.fsdecode(p))) for p in paths):
            return
        with server._rebuild_cond:
            server._want_rebuild = True
            server._rebuild_cond.notify_all()

    handler = watchdog.events.FileSystemEventHandler()
    handler.on_any_event = callback
    # The editors' folders are watched by the kernel's notifications (watchdog's native observer:
    # inotify on Linux) instead of MkDocs' polling every half second: a save is seen at once.
    # Where that observer cannot start, MkDocs' polling observer takes them back.
    folders = [docs_dir, *(str(root / n) for n in ("sources", "registers", "bibliography") if (root / n).is_dir())]
    try:
        import watchdog.observers

        native = watchdog.observers.Observer()
        for folder in folders:
            native.schedule(handler, folder, recursive=True)
        native.daemon = True
        native.start()
        server.edition_observer = native  # for the tests, which stop it
    except OSError:
        server.observer.schedule(handler, docs_dir, recursive=True)
        for folder in folders[1:]:
            server.watch(folder)
    return server


def on_post_build(config, **kwargs):
    """Under `edition serve` only: the Pagefind index of the preview (`edition build` makes it itself,
    after MkDocs; without it the search box of the preview could not search).  Made in the
    background, so that the saved page is served as soon as MkDocs wrote it (Pagefind reads the
    whole site: most of a second at 40 texts); while it runs, the preview's search may answer from
    nothing.  Saves during a run make one more run, not one each."""
    import os
    from pathlib import Path

    if os.environ.get("EDITION_SERVE") != "1":
        return
    SESSION.indexer.want(Path(config["site_dir"]))

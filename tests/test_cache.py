"""Incremental builds (build/cache/): a cached build gives the bytes of a clean one, and changing any
input invalidates exactly the work that depends on it (counted by cache.Stats, not timed)."""

from __future__ import annotations

import hashlib
import re
import tempfile
import time
from pathlib import Path

import pytest

from edition import build, cache as build_cache
from edition.typeset import printbuild
from edition.site import search
from edition.site.downloads import STALE_NOTE

from project import copy_project

TEXT = "2025-06-koreaans-scenario"  # a text of the edition (the smallest: its hand-out is the quickest PDF)
DESCRIPTION = "Een beschouwing over de vraag"  # in its YAML's description
GLOSSARY_DEFINITION = "Het eenzijdig inlijven van"  # in registers/glossary.yml


@pytest.fixture(scope="module")
def warm_cache(tmp_path_factory) -> Path:
    """build/cache/ of one generation of the edition: the tests start from it (cleaning the four
    texts once, not once per test; the keys name the texts by their path in the project)."""
    root = copy_project(tmp_path_factory.mktemp("warm") / "edition")
    generate(root)
    return root / build_cache.CACHE_DIR


@pytest.fixture
def bare_project(tmp_path):
    return copy_project(tmp_path / "edition")


@pytest.fixture
def project(bare_project, warm_cache):
    import shutil

    shutil.copytree(warm_cache, bare_project / build_cache.CACHE_DIR)
    return bare_project


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert text.count(old) == 1, f"{old!r} not once in {path}"
    path.write_text(text.replace(old, new), "utf-8")


def markdown(root: Path) -> dict[str, str]:
    files = [*(root / "docs" / "teksten").iterdir(), *(root / p for p in build.GENERATED_FILES)]
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in files if p.is_file()}


def generate(root: Path, stats: build_cache.Stats | None = None, enabled: bool = True, pages: bool = False):
    """The Markdown with the cache (stats of this run); returns (stats, the cache).  Without `pages`
    the pages of the last run are not taken whole from the cache (build.pages_key), so that the
    caches of the stages under them are what is seen."""
    import shutil

    if not pages:
        shutil.rmtree(root / build_cache.CACHE_DIR / "pages", ignore_errors=True)
    stats = stats or build_cache.Stats()
    cache = build_cache.Cache(root, stats, enabled=enabled)
    build.generate(root, build.load_all(root, cache), cache=cache)
    return stats, cache


def release_keys(root: Path, cache: build_cache.Cache) -> dict:
    docs = build.load_all(root, cache)
    _site, release, _drafts = build.editions(root, docs)
    return build_cache.pdf_keys(cache, release, build.site_url(root), int(build.source_date_epoch(root)))


def test_a_cached_build_writes_the_markdown_of_a_clean_one(bare_project):
    project = bare_project
    clean, _ = generate(project, enabled=False)
    expected = markdown(project)
    assert clean.misses["document"] == 4 and not list((project / build_cache.CACHE_DIR).glob("*/*"))
    cold, _ = generate(project)
    assert cold.misses["document"] == 4 and cold.hits["document"] == 0
    assert markdown(project) == expected and cold.changed_files == []
    for page in (project / "docs" / "teksten").glob("*.md"):
        page.unlink()  # the cache, not the files left in docs/, must give the pages
    warm, _ = generate(project)
    assert warm.hits["document"] == 4 and warm.misses["document"] == 0
    assert markdown(project) == expected


def test_a_corrupt_or_torn_entry_is_a_miss_never_trusted(project):
    generate(project)
    expected = markdown(project)
    entries = sorted((project / build_cache.CACHE_DIR / "document").iterdir())
    flipped, torn = entries[0], entries[1]
    data = bytearray(flipped.read_bytes())
    data[-10] ^= 0x20
    flipped.write_bytes(bytes(data))
    torn.write_bytes(torn.read_bytes()[: len(torn.read_bytes()) // 2])
    stats, _ = generate(project)
    assert sorted(stats.missed("document")) == sorted(e.name.split("--")[0] for e in (flipped, torn))
    assert stats.hits["document"] == 2 and markdown(project) == expected
    again, _ = generate(project)  # the two entries were made again, whole
    assert again.hits["document"] == 4


def test_a_yaml_change_redoes_only_that_text_and_the_pages_that_show_its_data(project):
    _, cache = generate(project)
    before = release_keys(project, cache)
    edit(project / "sources" / f"{TEXT}.yml", DESCRIPTION, "Een korte beschouwing over de vraag")
    stats, cache = generate(project)
    assert stats.missed("document") == [f"{TEXT}.txt"] and stats.hits["document"] == 3
    changed = {p.relative_to(project).as_posix() for p in stats.changed_files}
    assert f"docs/teksten/{TEXT}.md" in changed
    assert not {c for c in changed if c.startswith("docs/teksten/") and TEXT not in c}, changed
    after = release_keys(project, cache)
    assert {slug for slug in before if before[slug] != after[slug]} == {None, TEXT}


def test_the_work_list_of_the_review_report_is_cached_per_text_and_follows_its_inputs(project):
    generate(project)
    report = (project / build.REVIEW).read_bytes()
    stats, _ = generate(project)
    assert stats.misses["review"] == 0 and stats.hits["review"] == 4
    assert (project / build.REVIEW).read_bytes() == report
    edit(project / "sources" / f"{TEXT}.yml", DESCRIPTION, "Een korte beschouwing over de vraag")
    stats, _ = generate(project)
    assert stats.missed("review") == [f"{TEXT}.txt"] and stats.hits["review"] == 3
    edit(project / "registers" / "glossary.yml", GLOSSARY_DEFINITION, "Het eenzijdig bij het eigen land voegen van")
    stats, _ = generate(project)
    assert stats.misses["review"] == 4  # the registers: every text's list of new names may change
    stats, _ = generate(project, enabled=False)
    assert (project / build.REVIEW).read_bytes() != b""  # a clean run collects all, stores nothing
    assert stats.hits["review"] == 0


def test_the_word_lists_come_from_the_cache_in_a_new_process(project):
    from edition.cleaning import wordlist

    stats = build_cache.Stats()
    wordlist.load.cache_clear()  # as in a new process
    try:
        build_cache.word_list(build_cache.Cache(project, stats))  # read from the files, a copy stored
        assert stats.misses["wordlist"] == 1 and wordlist.loaded()
        wordlist.load.cache_clear()
        build_cache.word_list(build_cache.Cache(project, stats))
        assert stats.hits["wordlist"] == 1 and wordlist.loaded()
        wl = wordlist.load()
        assert wl.knows("tv-programma") and not wl.knows("tvprogramma") and wl.is_name("Poetin")
        assert wl.joined_heads("oud") > 0
        build_cache.word_list(build_cache.Cache(project, stats))  # loaded: not read again
        assert stats.hits["wordlist"] == 1 and wordlist.load() is wl
    finally:
        wordlist.load.cache_clear()


def test_the_formatted_bibliography_comes_from_the_cache_until_an_entry_changes(project):
    from edition.apparatus import bibstyle

    generate(project)
    page = (project / "docs" / "bibliografie.md").read_bytes()
    bibstyle._FORMATTED.clear()  # as in a new process
    stats, _ = generate(project)
    assert stats.hits["bibliography"] == 1 and (project / "docs" / "bibliografie.md").read_bytes() == page
    bib = next((project / "bibliography").glob("*.bib"))
    text = bib.read_text("utf-8")
    title = re.search(r"title\s*=\s*\{([^{}]{8,}?)\}", text)
    bib.write_text(text.replace(title.group(0), title.group(0).replace(title.group(1), "Een andere titel")), "utf-8")
    bibstyle._FORMATTED.clear()
    stats, _ = generate(project)
    assert stats.misses["bibliography"] == 1 and stats.hits["bibliography"] == 0
    assert "Een andere titel" in (project / "docs" / "bibliografie.md").read_text("utf-8")
    # The parsed .bib files too: the changed file is parsed again, the others come from the cache.
    files = sorted(p.name for p in (project / "bibliography").glob("*.bib"))
    assert stats.missed("bibfile") == [bib.name] and stats.hits["bibfile"] == len(files) - 1


def test_a_broken_bib_file_is_never_kept_its_problems_are_said_at_every_build(project):
    from edition.errors import EditionError

    generate(project)
    bib = project / "bibliography" / "edition.bib"
    bib.write_text(bib.read_text("utf-8") + "\n@online{kapot, title = {Zonder einde}\n", "utf-8")
    for _ in range(2):
        with pytest.raises(EditionError, match="edition.bib"):
            generate(project)


def test_an_installed_or_upgraded_distribution_changes_the_environment_key(tmp_path, monkeypatch):
    import sys

    before = build_cache.environment_digest.__wrapped__()
    (tmp_path / "somepackage-1.0.dist-info").mkdir()
    monkeypatch.setattr(sys, "path", [str(tmp_path), *sys.path])
    one = build_cache.environment_digest.__wrapped__()
    (tmp_path / "somepackage-1.0.dist-info").rename(tmp_path / "somepackage-1.1.dist-info")
    assert len({before, one, build_cache.environment_digest.__wrapped__()}) == 3


def test_a_raw_text_change_redoes_only_that_text(project):
    generate(project)
    raw = project / "sources" / f"{TEXT}.txt"
    raw.write_bytes(raw.read_bytes() + b"\n")
    stats, _ = generate(project)
    assert stats.missed("document") == [f"{TEXT}.txt"] and stats.hits["document"] == 3


def test_registers_and_the_bibliography_invalidate_the_pdfs_that_show_them_not_the_documents(project):
    from edition.typeset import printhtml

    _, cache = generate(project)
    before = release_keys(project, cache)
    edit(project / "registers" / "glossary.yml", GLOSSARY_DEFINITION, "Het eenzijdig (en gewelddadig) inlijven van")
    stats, cache = generate(project)
    assert stats.misses["document"] == 0
    after = release_keys(project, cache)
    docs = build.load_all(project, cache)
    _site, release, _drafts = build.editions(project, docs)
    url, epoch = build.site_url(project), int(build.source_date_epoch(project))
    showing = {d.slug for d in release.docs
               if "(en gewelddadig)" in "".join(printhtml.text_parts(d, release, url, epoch))}
    assert {slug for slug in before if before[slug] != after[slug]} == {None, *showing}
    assert len(showing) < len(release.docs)  # the hand-outs without the term are kept

    edit(project / "bibliography" / "edition.bib", "{Handvest van de Verenigde Naties}",
         "{Handvest van de Verenigde Naties (test)}")
    stats, cache = generate(project)
    assert stats.misses["document"] == 0
    assert release_keys(project, cache)[None] != after[None]


def test_a_code_change_invalidates_every_entry(project, monkeypatch):
    _, cache = generate(project)
    before = release_keys(project, cache)
    offline_before = build_cache.offline_key(project, "http://127.0.0.1:8000/", 0)
    monkeypatch.setattr(build_cache, "code_digest", lambda: "another version of the package")
    stats, cache = generate(project)
    assert stats.misses["document"] == 4
    after = release_keys(project, cache)
    assert all(before[slug] != after[slug] for slug in before)
    assert build_cache.offline_key(project, "http://127.0.0.1:8000/", 0) != offline_before


@pytest.mark.parametrize("path", ["docs/stylesheets/edition.css", "mkdocs.yml", "overrides/main.html",
                                  "hooks/edition_hooks.py", f"docs/teksten/{TEXT}.md", "redirects.yml"])
def test_the_offline_zip_follows_each_of_its_inputs(project, path):
    generate(project)
    key = build_cache.offline_key(project, "http://127.0.0.1:8000/", 0)
    assert build_cache.offline_key(project, "http://127.0.0.1:8000/", 0) == key
    assert build_cache.offline_key(project, "https://voorbeeld.nl/", 0) != key
    target = project / path
    target.write_bytes(target.read_bytes() + b"\n")
    assert build_cache.offline_key(project, "http://127.0.0.1:8000/", 0) != key


def test_a_cached_pdf_is_the_pdf_of_a_clean_build(project, tmp_path, monkeypatch):
    """One hand-out (the PDFs are the slow part): made through the cache, then made clean, then
    taken from the cache into an empty folder: the same bytes each time."""
    _, cache = generate(project)
    docs = build.load_all(project, cache)
    _site, release, _drafts = build.editions(project, docs)
    url, epoch = build.site_url(project), int(build.source_date_epoch(project))
    keys = build_cache.pdf_keys
    monkeypatch.setattr(build_cache, "pdf_keys", lambda *a: {TEXT: keys(*a)[TEXT]})

    out = project / "docs" / "downloads"
    stats = cache.stats = build_cache.Stats()
    first = build_cache.build_pdfs(cache, release, url, epoch, out, project)
    assert stats.missed("pdf") == [f"{TEXT}.pdf"] and [m.name for m in first] == [f"{TEXT}.pdf"]
    made = (out / f"{TEXT}.pdf").read_bytes()
    clean = printbuild.make_pdf(release, TEXT, url, epoch, tmp_path / "clean", project)
    assert (tmp_path / "clean" / clean.name).read_bytes() == made

    (out / f"{TEXT}.pdf").unlink()
    stats = cache.stats = build_cache.Stats()
    second = build_cache.build_pdfs(cache, release, url, epoch, out, project)
    assert stats.hit("pdf") == [f"{TEXT}.pdf"] and stats.misses["pdf"] == 0
    assert (out / f"{TEXT}.pdf").read_bytes() == made and second == first


def test_a_cached_site_is_the_site_of_a_clean_build(project):
    """The whole site without downloads: MkDocs runs every time; the documents come from the cache."""
    build.build_all(project, downloads=False, use_cache=False)
    clean = {p.relative_to(project / "site").as_posix(): p.read_bytes()
             for p in (project / "site").rglob("*") if p.is_file()}
    generate(project)  # fills the cache
    stats = build_cache.Stats()
    build.build_all(project, downloads=False, stats=stats)
    assert stats.hits["document"] == 4 and stats.misses["document"] == 0
    cached = {p.relative_to(project / "site").as_posix(): p.read_bytes()
              for p in (project / "site").rglob("*") if p.is_file()}
    assert cached.keys() == clean.keys()
    assert [name for name in clean if clean[name] != cached[name]] == []


def test_serve_marks_the_pdfs_of_a_changed_text_as_stale(project):
    """`edition serve` makes no PDFs: it links those of the last build (build/cache/pdfs.json) and says
    which of them no longer match the texts."""
    stats, cache = generate(project)
    docs = build.load_all(project, cache)
    _site, release, _drafts = build.editions(project, docs)
    url, epoch = build.site_url(project), int(build.source_date_epoch(project))
    out = project / "docs" / "downloads"
    out.mkdir(parents=True)
    made = []
    for slug in [None, *(d.slug for d in release.docs)]:
        name = f"{slug or 'editie'}.pdf"
        (out / name).write_bytes(b"%PDF-1.7 " + name.encode())
        made.append(printbuild.Made(name, slug, 3, (out / name).stat().st_size, 1.0, 1.0))
    build.write_pdf_manifest(project, cache, made, url, epoch)

    build.preview(project)
    page = project / "docs" / "teksten" / f"{TEXT}.md"
    assert "editie.pdf" in page.read_text("utf-8") and STALE_NOTE not in page.read_text("utf-8")
    edit(project / "sources" / f"{TEXT}.yml", DESCRIPTION, "Een korte beschouwing over de vraag")
    build.preview(project)
    assert page.read_text("utf-8").count(STALE_NOTE) == 2  # its hand-out and the whole edition
    other = next(p for p in (project / "docs" / "teksten").glob("*.md") if TEXT not in p.name)
    assert other.read_text("utf-8").count(STALE_NOTE) == 1  # only the whole edition


def test_serve_is_not_woken_by_the_files_the_build_writes(project):
    """The hook's own writes into docs/ must not start a second build; an editor's change does."""
    import importlib.util

    from mkdocs.livereload import LiveReloadServer

    spec = importlib.util.spec_from_file_location("edition_hooks", project / "hooks" / "edition_hooks.py")
    hooks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hooks)
    generate(project)
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(project / "site"),
                              polling_interval=0.1)
    docs_dir = str(project / "docs")
    server.watch(docs_dir)
    config = {"config_file_path": str(project / "mkdocs.yml"), "docs_dir": docs_dir}
    import os

    os.environ["EDITION_SERVE"] = "1"
    try:
        server = hooks.on_serve(server, config, None)
    finally:
        del os.environ["EDITION_SERVE"]
    server.observer.start()
    try:
        time.sleep(0.5)
        build._write(project / "docs" / "teksten" / f"{TEXT}.md", "anders\n", [])
        build._write(project / "docs" / "index.md", "anders\n", [])
        time.sleep(1.0)
        assert not server._want_rebuild
        (project / "docs" / "over.md").write_text("Over.\n", "utf-8")
        deadline = time.monotonic() + 5
        while not server._want_rebuild and time.monotonic() < deadline:
            time.sleep(0.1)
        assert server._want_rebuild
        time.sleep(0.5)  # one write is several events (modify, close): the rest of them arrive first
        # The YAML beside a source: read by the build (opened and closed: no new build), saved (one).
        server._want_rebuild = False
        yml = project / "sources" / f"{TEXT}.yml"
        yml.read_bytes()
        time.sleep(0.5)
        assert not server._want_rebuild
        edit(yml, DESCRIPTION, "Een korte beschouwing over de vraag")
        deadline = time.monotonic() + 10
        while not server._want_rebuild and time.monotonic() < deadline:
            time.sleep(0.02)
        assert server._want_rebuild
    finally:
        server.observer.stop()
        server.observer.join()
        native = getattr(server, "edition_observer", None)
        if native is not None:
            native.stop()
            native.join()


def test_a_site_made_again_unchanged_takes_its_search_index_and_page_checks_from_the_cache(project):
    """site/ gone, nothing else changed: MkDocs writes the same pages, so Pagefind's bundle and the
    fidelity verdict on each text page come from the cache, and the site is the same bytes; a page
    whose HTML differs (a changed note, or a page tampered with) is indexed and checked again."""
    import shutil

    from edition.errors import EditionError
    from edition.site.incremental import MANIFEST

    build.build_all(project, downloads=False)
    first = {p.relative_to(project / "site").as_posix(): p.read_bytes()
             for p in (project / "site").rglob("*") if p.is_file()}
    shutil.rmtree(project / "site")
    (project / MANIFEST).unlink()
    stats = build_cache.Stats()
    result = build.build_all(project, downloads=False, stats=stats)
    assert (stats.hits["pagefind"], stats.misses["pagefind"]) == (1, 0)
    assert (stats.hits["htmlcheck"], stats.misses["htmlcheck"]) == (4, 0)
    again = {p.relative_to(project / "site").as_posix(): p.read_bytes()
             for p in (project / "site").rglob("*") if p.is_file()}
    assert again.keys() == first.keys()
    assert [name for name in first if first[name] != again[name]] == []

    # A page with a word less is a new page to the cache: checked again, and refused.
    page = project / "site" / "teksten" / TEXT / "index.html"
    html = page.read_text("utf-8")
    word = re.search(r'data-l="[^"]*"[^>]*>([^<]*?)(\b\w{6,}\b)', html)
    assert word, "no word of the reading text found in the page"
    page.write_text(html[:word.start(2)] + html[word.end(2):], "utf-8")
    stats = build_cache.Stats()
    cache = build_cache.Cache(project, stats)
    build.load_all(project, cache)  # the documents' keys, as a build has them
    with pytest.raises(EditionError) as caught:
        build.check_site(project, result.docs, project / "site", cache=cache)
    assert f"site/teksten/{TEXT}/index.html" in str(caught.value)
    assert stats.misses["htmlcheck"] == 1 and stats.hits["htmlcheck"] == 3

    # A changed note: its page made again and checked again, the other pages untouched; the search
    # index from the cache, since Pagefind does not read the notes (search.indexed_digest) — and it
    # is the very bundle Pagefind makes of the changed site.
    yml = project / "sources" / f"{TEXT}.yml"
    edit(yml, *CHANGES["a note"][1:3])
    stats = build_cache.Stats()
    build.build_all(project, downloads=False, stats=stats)
    assert stats.hits["pagefind"] == 1 and stats.misses["pagefind"] == 0
    assert stats.misses["htmlcheck"] == 1 and stats.hits["htmlcheck"] == 0
    assert "maandag 27 juli 1953" in (project / "site" / "teksten" / TEXT / "index.html").read_text("utf-8")
    with tempfile.TemporaryDirectory() as scratch:
        fresh = Path(scratch) / "pagefind"
        search._run(project / "site", fresh)
        made = {p.relative_to(fresh).as_posix(): p.read_bytes() for p in fresh.rglob("*")
                if p.is_file() and p.name not in search.UNUSED}
    kept = {p.relative_to(project / "site" / "pagefind").as_posix(): p.read_bytes()
            for p in (project / "site" / "pagefind").rglob("*") if p.is_file()}
    assert kept == made

    # A changed description (in the page's head and under its title, which Pagefind reads): indexed again.
    edit(yml, DESCRIPTION, DESCRIPTION.replace("beschouwing", "korte beschouwing"))
    stats = build_cache.Stats()
    build.build_all(project, downloads=False, stats=stats)
    assert stats.misses["pagefind"] == 1 and stats.hits["pagefind"] == 0


def test_the_digest_of_a_page_for_the_search_index_leaves_out_its_notes_block_only():
    """search.indexed_digest: a page that differs in its notes' block only (divs nested in it) has the
    digest of the other; one that differs anywhere else, or whose block does not close, has its own."""
    def page(note: str, text: str = "Tekst", tail: str = "</div>") -> bytes:
        return (f'<html lang="nl"><body><article data-pagefind-body><p>{text}</p>'
                f'<div class="footnote"><hr /><ol><li><div class="x"><p>{note}</p></div></li></ol>{tail}'
                '<p class="after">Na</p></article></body></html>').encode()

    assert search.indexed_digest(page("Eén noot")) == search.indexed_digest(page("Een andere noot, langer"))
    assert search.indexed_digest(page("Eén noot")) != search.indexed_digest(page("Eén noot", text="Tekst anders"))
    unclosed = page("Eén noot", tail="")
    assert search.indexed_digest(unclosed) == hashlib.sha256(unclosed).hexdigest()


def test_unchanged_inputs_give_the_pages_from_the_cache_without_collecting_the_edition(project, monkeypatch):
    """The site alone again with nothing changed (or only the theme, the CSS, the hooks): the pages
    come whole from build/cache/, the edition is not collected, and they are the pages of a clean
    run; any input they are made of makes them again."""
    generate(project, pages=True)
    expected = markdown(project)
    (project / "docs" / "index.md").unlink()  # deleted by hand: written again from the cache
    collected = []
    real = build.editions
    monkeypatch.setattr(build, "editions", lambda *a, **k: (collected.append(True), real(*a, **k))[1])
    stats, _ = generate(project, pages=True)
    assert stats.hit("pages") == ["site"] and collected == [] and markdown(project) == expected

    for path, old, new in [(f"sources/{TEXT}.yml", DESCRIPTION, "Een korte beschouwing over de vraag"),
                           ("registers/glossary.yml", GLOSSARY_DEFINITION, "Het eenzijdig bij het eigen land voegen van")]:
        edit(project / path, old, new)
        stats, _ = generate(project, pages=True)
        assert stats.missed("pages") == ["site"] and collected, path
        fresh = markdown(project)
        generate(project, enabled=False, pages=True)
        assert markdown(project) == fresh, path  # what the cache stored is what a clean run writes
        collected.clear()
    bib = next((project / "bibliography").glob("*.bib"))

    def append(path: Path) -> None:
        path.write_text(path.read_text("utf-8") + "\n", "utf-8")

    for change, label in [(lambda: append(bib), "the bibliography"),
                          (lambda: append(project / "redirects.yml"), "redirects.yml"),
                          (lambda: append(project / "docs" / "_inleiding.md"), "the introduction"),
                          (lambda: monkeypatch.setenv("SITE_URL", "https://voorbeeld.nl/editie/"), "SITE_URL")]:
        stats, _ = generate(project, pages=True)
        assert stats.hit("pages") == ["site"], f"before {label}: nothing changed"
        change()
        stats, _ = generate(project, pages=True)
        assert stats.missed("pages") == ["site"], label


OTHER = "2025-09-vrede-niet-in-zicht"  # its title is the editors' (YAML); the other texts' "Zie ook" names it
CHANGES = {
    # What no other page shows: only the text's own page is made again.
    "a note": (f"sources/{TEXT}.yml", "De wapenstilstand werd op 27 juli 1953",
               "De wapenstilstand werd op maandag 27 juli 1953", {TEXT}),
    # A citation more in a note: that text's page and the bibliography ("Aangehaald in").
    "a citation": (f"sources/{TEXT}.yml", "[@koreaanse-wapenstilstand-1953]; zie",
                   "[@koreaanse-wapenstilstand-1953] [@handvest-vn-1945]; zie", {TEXT}),
    # A title every other text's "Zie ook" shows (render.edition_face): every page again.
    "a title": (f"sources/{OTHER}.yml", "text: Waarom een oplossing nog niet in zicht is",
                "text: Waarom een oplossing voorlopig niet in zicht is", None),
    # A name more in a text's wording (its raw file): the register's loci and what the texts share.
    "a name": (f"sources/{OTHER}.txt", "zijn gezant voor Oekraïne was", "zijn gezant voor Oekraïne en Afghanistan was",
               None),
    # A glossary definition: the tooltip of every term link, on every page.
    "a definition": ("registers/glossary.yml", GLOSSARY_DEFINITION, "Het eenzijdig bij het eigen land voegen van",
                     None),
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_each_page_from_the_cache_is_the_page_a_clean_run_makes_after(project, change):
    """Each text's page and each register's page come from the cache when what they are made of is
    unchanged (build.render_pages): after each kind of edit, the pages a cached run writes are those
    of a run without the cache, and only the pages that show the edit are made again."""
    path, old, new, redone = CHANGES[change]
    generate(project)
    before = markdown(project)
    edit(project / path, old, new)
    stats, _ = generate(project)
    cached = markdown(project)
    generate(project, enabled=False)
    assert markdown(project) == cached, change
    texts = {p.stem for p in (project / "sources").glob("*.txt")}
    if redone is not None:
        assert {Path(n).stem for n in stats.missed("page")} == redone
        assert stats.hits["page"] == len(texts) - len(redone)
        # The three registers and the bibliography; the latter again when a note cites another work.
        again = ["bibliografie"] if change == "a citation" else []
        assert stats.missed("edition-page") == again and stats.hits["edition-page"] == 4 - len(again)
        if again:
            assert cached["docs/bibliografie.md"] != before["docs/bibliografie.md"]
    else:  # every page made again, and a page other than the edited text's shows the edit
        assert stats.hits["page"] == 0 and stats.misses["page"] == len(texts)
        assert any(cached[name] != before[name] for name in cached if OTHER not in name and name.endswith(".md"))


def _hooks_as_mkdocs_loads_them(project: Path):
    """A fresh execution of hooks/edition_hooks.py, as MkDocs makes one at every build of `serve`
    (it loads mkdocs.yml, and with it the hooks, again for each build)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("edition_hooks", project / "hooks" / "edition_hooks.py")
    hooks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hooks)
    return hooks


def test_what_serve_keeps_between_builds_survives_mkdocs_loading_the_hooks_again(project, tmp_path, monkeypatch):
    """The preview's shape, the cache's objects and the pages' front matter are kept between two
    builds of one serve process, although each build executes the hooks afresh: a build whose site
    changed shape (a new page in the navigation) empties the preview, so that every page is rendered
    with the new navigation; a build of the same shape does not."""
    from edition.site import serving

    monkeypatch.setattr(serving, "SESSION", serving.Session())
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    generate(project)
    preview_dir = tmp_path / "preview"
    (preview_dir / "teksten").mkdir(parents=True)
    (preview_dir / "index.html").write_text("oud", "utf-8")
    first, second, third = (_hooks_as_mkdocs_loads_them(project) for _ in range(3))
    assert first is not second and first.SESSION is second.SESSION is serving.SESSION
    first._whole_preview_if_reshaped(project, preview_dir)
    second._whole_preview_if_reshaped(project, preview_dir)
    assert (preview_dir / "index.html").is_file()  # the same shape: the preview stays
    (project / "docs" / "nieuw.md").write_text("# Nieuw\n", "utf-8")
    third._whole_preview_if_reshaped(project, preview_dir)
    assert list(preview_dir.iterdir()) == []  # a new page in the navigation: every page again


def test_the_objects_serve_keeps_are_those_of_the_cache_and_a_document_is_never_shared(project):
    """`edition.cache.Memory`: a second preview in one process takes the kept objects (the same
    pages as without them), but every Document is unpickled afresh (annotation fills it in)."""
    memory = build_cache.Memory()
    first = build.preview(project, memory)
    expected = markdown(project)
    stats = build_cache.Stats()
    cache = build_cache.Cache(project, stats, memory=memory)
    docs = build.load_all(project, cache)
    assert not {id(d) for d in docs} & {id(d) for d in first.docs}
    assert stats.hits["document"] == 4 and stats.hits["modelcheck"] == 4
    again = build.preview(project, memory)
    assert markdown(project) == expected and again.cache.misses["page"] == 0
    kinds = {kind for kind, _name in memory._kept}
    assert {"registerfile", "page", "edition-page", "review"} <= kinds and not kinds & {"document", "cleaned"}


def test_under_serve_the_theme_files_listed_once_are_those_mkdocs_lists(project, monkeypatch):
    """hooks' on_config (serve only) keeps the theme's listing between builds and leaves out hidden
    files and folders: MkDocs copies the same static files of the theme as without it, also in the
    second build that takes the listing kept by the first; a file added to overrides/ is seen."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import Files

    from edition.site import serving

    monkeypatch.setattr(serving, "SESSION", serving.Session())
    monkeypatch.chdir(project)

    def theme_files(serve: bool) -> list[str]:
        config = load_config(config_file=str(project / "mkdocs.yml"))
        if serve:
            monkeypatch.setenv("EDITION_SERVE", "1")
            config = _hooks_as_mkdocs_loads_them(project).on_config(config)
            monkeypatch.delenv("EDITION_SERVE")
        files = Files([])
        files.add_files_from_theme(config.theme.get_env(), config)
        return sorted(f.src_uri for f in files)

    plain = theme_files(False)
    assert len(plain) > 10 and theme_files(True) == plain and theme_files(True) == plain
    assert serving.SESSION.listings  # the second serve build took the kept listing
    (project / "overrides" / "extra.js").write_text("// nieuw\n", "utf-8")
    assert "extra.js" in theme_files(True) and theme_files(True) == theme_files(False)


def test_the_warm_up_of_serve_writes_no_page_and_says_nothing_of_a_broken_text(project, capsys):
    """`serving.warm_up` (after serve's first build) readies the cleaning and the work list in the
    background: it changes nothing under docs/ or sources/, and a text it cannot build is left to
    the builds to report (no traceback from the thread)."""
    from edition.site import serving

    generate(project)
    before = {p: p.read_bytes() for d in ("docs", "sources") for p in (project / d).rglob("*") if p.is_file()}
    serving.warm_up(project).join(timeout=300)
    after = {p: p.read_bytes() for d in ("docs", "sources") for p in (project / d).rglob("*") if p.is_file()}
    assert after == before
    first = sorted((project / "sources").glob("*.yml"))[0]
    first.write_text("metadata: [kapot\n", "utf-8")
    thread = serving.warm_up(project)
    thread.join(timeout=300)
    assert not thread.is_alive() and capsys.readouterr().err == ""


def _print_documents(root: Path, enabled: bool = True):
    stats = build_cache.Stats()
    cache = build_cache.Cache(root, stats, enabled=enabled)
    docs = build.load_all(root, cache)
    _site, release, _drafts = build.editions(root, docs, cache=cache)
    build_cache.formatted_bibliography(cache, release)
    made = build_cache.print_documents(release, build.site_url(root), int(build.source_date_epoch(root)),
                                       cache if enabled else None)
    return made, stats


@pytest.mark.parametrize("change", ["a note", "a title", "a name", "a definition"])
def test_the_print_html_from_the_cache_is_the_print_html_made_anew_after(project, change):
    """The hand-outs' HTML and each text's section of the whole edition come from the cache when what
    they are made of is unchanged: after each kind of edit they are what a run without the cache
    makes, and after a note only that text's are made again."""
    path, old, new, redone = CHANGES[change]
    _print_documents(project)
    before, _ = _print_documents(project)
    edit(project / path, old, new)
    cached, stats = _print_documents(project)
    fresh, _ = _print_documents(project, enabled=False)
    assert cached == fresh
    registers_again = [n for n in stats.missed("edition-page") if n.startswith("print-")]
    if redone is not None:
        for kind in ("print-handout", "print-section"):
            assert {Path(n).stem for n in stats.missed(kind)} == redone and stats.hits[kind] == 4 - len(redone)
        assert registers_again == [] and stats.hits["edition-page"] == 3  # the registers' sections of the book
    else:
        assert stats.hits["print-handout"] == 0
        assert any(cached[slug] != before[slug] for slug in cached if slug != OTHER)  # None: the whole edition
    if change == "a definition":
        assert "print-woordenlijst" in registers_again


def test_a_text_page_is_made_again_when_the_size_it_shows_of_the_edition_pdf_changes_not_its_bytes(project):
    """The card of every text page names the edition's PDF with its size as a reader reads it
    ('3,6 MB'); the PDF changes by some bytes with every note, which must not make every text page
    again (build._page_inputs keys on the label)."""
    import shutil

    from edition.site.downloads import Listed, pdf_name

    slugs = sorted(p.stem for p in (project / "sources").glob("*.txt"))

    def run(size: int) -> build_cache.Stats:
        shutil.rmtree(project / build_cache.CACHE_DIR / "pages", ignore_errors=True)
        stats = build_cache.Stats()
        cache = build_cache.Cache(project, stats)
        downloads = {pdf_name(): Listed(pdf_name(), 120, size),
                     **{pdf_name(s): Listed(pdf_name(s), 8, 90_000) for s in slugs}}
        build.generate(project, build.load_all(project, cache), downloads=downloads, cache=cache)
        return stats

    run(3_612_345)
    page = (project / "docs" / "teksten" / f"{slugs[0]}.md").read_text("utf-8")
    assert "3,6 MB" in page
    again = run(3_612_999)  # another few bytes, the same label
    assert again.hits["page"] == len(slugs) and not again.missed("page")
    moved = run(3_712_345)  # 3,7 MB: every card shows it
    assert moved.hits["page"] == 0 and "3,7 MB" in (project / "docs" / "teksten" / f"{slugs[0]}.md").read_text("utf-8")

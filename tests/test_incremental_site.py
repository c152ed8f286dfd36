"""Incremental site builds (edition.site.incremental): after a change, MkDocs renders only the pages
whose Markdown changed, and the site is byte for byte the one a clean build makes; a change of the
site's shape (a title, a page more or less, the configuration) builds it whole.  Counted, not timed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from edition import build
from edition.site import incremental

from project import copy_project

TEXT = "2025-06-koreaans-scenario"
NOTE = "Een Engelse tekst met de titel ‘De-escalating"  # the start of an editorial note in its YAML
DESCRIPTION = "Een beschouwing over de vraag"  # its description (front matter of its page), in the YAML


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert text.count(old) == 1, f"{old!r} not once in {path}"
    path.write_text(text.replace(old, new), "utf-8")


def site_files(root: Path) -> dict[str, bytes]:
    site = root / "site"
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def differing(a: dict[str, bytes], b: dict[str, bytes]) -> list[str]:
    return sorted(set(a) ^ set(b)) + [n for n in sorted(set(a) & set(b)) if a[n] != b[n]]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The edition built once (site only), with the manifest of that build."""
    root = copy_project(tmp_path_factory.mktemp("incremental") / "edition")
    result = build.build_all(root, downloads=False)
    assert result.site_build.startswith("volledig gebouwd")
    assert (root / incremental.MANIFEST).is_file()
    return root


@pytest.fixture
def project(built, tmp_path) -> Path:
    import shutil

    copy = tmp_path / "edition"
    shutil.copytree(built, copy, symlinks=True)
    return copy


def test_a_changed_note_renders_one_page_and_gives_the_site_of_a_clean_build(project):
    edit(project / "sources" / f"{TEXT}.yml", NOTE, "Een Engelstalige tekst met de titel ‘De-escalating")
    before = site_files(project)
    result = build.build_all(project, downloads=False)
    assert result.site_build.startswith("bijgewerkt: 1 pagina opnieuw")
    incremental_site = site_files(project)
    assert f"teksten/{TEXT}/index.html" in differing(before, incremental_site)
    assert "Een Engelstalige tekst" in incremental_site[f"teksten/{TEXT}/index.html"].decode("utf-8")

    clean = build.build_all(project, downloads=False, use_cache=False)
    assert clean.site_build.startswith("volledig gebouwd")
    assert differing(incremental_site, site_files(project)) == []


@pytest.mark.parametrize("change", ["front matter", "new page", "stylesheet"])
def test_a_change_of_shape_builds_the_whole_site_and_other_files_are_copied_again(project, change):
    """A page's front matter (its title is in every page's navigation), a new page: the whole site.  A changed stylesheet
    is a file under docs/ like a page: copied again, the rest kept."""
    if change == "front matter":
        edit(project / "sources" / f"{TEXT}.yml", DESCRIPTION, "Een beschouwing <over> de vraag")
    elif change == "new page":
        (project / "docs" / "colofon.md").write_text("# Colofon\n\nEen pagina meer.\n", "utf-8")
    else:
        sheet = project / "docs" / "stylesheets" / "edition.css"
        sheet.write_text(sheet.read_text("utf-8") + "\n/* gewijzigd */\n", "utf-8")
    result = build.build_all(project, downloads=False)
    if change == "stylesheet":
        assert result.site_build.startswith("bijgewerkt: 0 pagina's")
        assert b"/* gewijzigd */" in (project / "site" / "stylesheets" / "edition.css").read_bytes()
    else:
        assert result.site_build == "volledig gebouwd (opzet van de site gewijzigd)"
    after = site_files(project)
    build.build_all(project, downloads=False, use_cache=False)
    assert differing(after, site_files(project)) == []
    if change == "front matter":  # the theme's boundary
        assert b"Een beschouwing &lt;over&gt; de vraag" in after[f"teksten/{TEXT}/index.html"]


def test_the_last_good_site_is_never_written_to(tmp_path):
    """The copy hard-links the downloads: one whose source changed is unlinked in the copy, so
    MkDocs writes a new file and the last site's stays as it was."""
    root, site, new = tmp_path / "edition", tmp_path / "edition" / "site", tmp_path / "edition" / "site.new"
    for path, data in {"docs/index.md": "# Start\n", "docs/downloads/a.pdf": "nieuw", "docs/downloads/b.pdf": "b",
                       "site/index.html": "<p>Start</p>", "site/downloads/a.pdf": "oud",
                       "site/downloads/b.pdf": "b"}.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(data, "utf-8")
    files = incremental.docs_files(root / "docs")
    last = {**files, "downloads/a.pdf": "een andere hash"}
    plan = incremental.Plan(True, "", "vorm", files, [n for n in files if last[n] != files[n]])
    incremental.prepare(plan, root, site, new)
    assert not (new / "downloads" / "a.pdf").exists()  # MkDocs copies the new one
    assert os.path.samefile(new / "downloads" / "b.pdf", site / "downloads" / "b.pdf")
    assert not os.path.samefile(new / "index.html", site / "index.html")
    assert (site / "downloads" / "a.pdf").read_text("utf-8") == "oud"
    # An unchanged page's output is at least as new as its source: MkDocs leaves it.
    assert (new / "index.html").stat().st_mtime >= (root / "docs" / "index.md").stat().st_mtime


def test_without_a_manifest_or_a_site_the_build_is_whole(project):
    (project / incremental.MANIFEST).unlink()
    assert build.build_all(project, downloads=False).site_build == "volledig gebouwd (geen vorige build)"
    import shutil

    shutil.rmtree(project / "site")
    assert build.build_all(project, downloads=False).site_build == "volledig gebouwd (geen site/)"


def test_the_navigation_of_a_rendered_page_names_the_pages_mkdocs_skipped_as_a_clean_build_does(project):
    """MkDocs reads no page it does not render; the hook reads them for their titles, escaped at
    the theme's boundary like every other title (a title with & and <)."""
    (project / "docs" / "colofon.md").write_text('---\ntitle: "Colofon & <verantwoording>"\n---\n\n# Colofon\n',
                                                 "utf-8")
    assert build.build_all(project, downloads=False).site_build.startswith("volledig")
    edit(project / "sources" / f"{TEXT}.yml", NOTE, "Een Engelstalige tekst met de titel ‘De-escalating")
    assert build.build_all(project, downloads=False).site_build.startswith("bijgewerkt: 1 pagina opnieuw")
    page = (project / "site" / "teksten" / TEXT / "index.html").read_text("utf-8")
    assert "Colofon &amp; &lt;verantwoording&gt;" in page and "<verantwoording>" not in page
    after = site_files(project)
    build.build_all(project, downloads=False, use_cache=False)
    assert differing(after, site_files(project)) == []


def test_the_rendered_page_is_checked_and_a_failed_check_keeps_the_last_site(project, monkeypatch):
    from edition.checks import fidelity
    from edition.errors import EditionError, Problem

    checked = []

    def failing(doc, page_html, page):
        checked.append(page)
        return [Problem(page, "opzettelijk mislukte getrouwheidscontrole")]

    before = site_files(project)
    edit(project / "sources" / f"{TEXT}.yml", NOTE, "Een Engelstalige tekst met de titel ‘De-escalating")
    monkeypatch.setattr(fidelity, "check_html", failing)
    with pytest.raises(EditionError):
        build.build_all(project, downloads=False)
    assert checked == [f"site/teksten/{TEXT}/index.html"]
    assert differing(before, site_files(project)) == []
    assert not list(project.glob("site.*"))


def test_the_apparatus_is_one_page_per_text_and_its_old_anchors_are_forwarded(built):
    """No page grows with the edition: the apparatus index lists the texts; every anchor of the one
    page it was (a text, an intervention) is forwarded to the text's own page, and the index
    keeps an element with the text's old anchor for a reader without script."""
    import html as html_lib
    import json
    import re

    from edition.site.render import intervention_anchor

    docs = build.load_all(built)
    index = (built / "site" / "apparaat" / "index.html").read_text("utf-8")
    mapping = json.loads(html_lib.unescape(re.search(r'id="ed-redirects" data-map="([^"]*)"', index).group(1)))
    interventions = 0
    for doc in docs:
        assert f'id="{doc.slug}"' in index and mapping[doc.slug] == f"apparaat/{doc.slug}/"
        own = (built / "site" / "apparaat" / doc.slug / "index.html").read_text("utf-8")
        assert f'id="{doc.slug}"' in own
        for iv in doc.interventions:
            anchor = intervention_anchor(doc.slug, iv.id)
            assert mapping[anchor] == f"apparaat/{doc.slug}/#{anchor}" and f'id="{anchor}"' in own
            interventions += 1
        text_page = (built / "site" / "teksten" / doc.slug / "index.html").read_text("utf-8")
        assert f'href="../../apparaat/{doc.slug}/"' in text_page
    assert interventions >= 1
    assert 'for="__toc"' not in (built / "site" / "apparaat" / docs[0].slug / "index.html").read_text("utf-8")


def test_compiled_templates_are_kept_and_give_the_same_site(project, tmp_path):
    """Material's templates are compiled once (Jinja's bytecode cache in build/cache/jinja/, see
    hooks/edition_hooks.py on_env): a build with them gives the site of a build that compiles
    every template anew."""
    import shutil

    kept = project / "build" / "cache" / "jinja"
    assert len(list(kept.glob("*.cache"))) >= 10  # the build of the fixture filled it
    build.mkdocs_build(project, tmp_path / "warm")
    shutil.rmtree(kept)
    build.mkdocs_build(project, tmp_path / "cold")
    assert any(kept.glob("*.cache"))
    warm = {p.relative_to(tmp_path / "warm").as_posix(): p.read_bytes() for p in (tmp_path / "warm").rglob("*") if p.is_file()}
    cold = {p.relative_to(tmp_path / "cold").as_posix(): p.read_bytes() for p in (tmp_path / "cold").rglob("*") if p.is_file()}
    assert warm.keys() == cold.keys() and differing(warm, cold) == []


def test_the_offline_variant_renders_only_the_changed_pages_and_zips_as_a_clean_build(project, tmp_path, monkeypatch):
    """The offline copy (edition.site.offline) the same way: after a note changed, MkDocs renders the
    variant dirty in build/offline-site/, the search index is merged from the last one, and the zip
    is byte for byte the zip of a clean build."""
    import json
    import zipfile

    from edition import cache as build_cache

    url, epoch = build.site_url(project), int(build.source_date_epoch(project))
    dirty: list[bool] = []
    real = build.mkdocs_build

    def mkdocs_build(root, site_dir=None, offline_variant=False, dirty_build=False, **kwargs):
        dirty_build = kwargs.get("dirty", dirty_build)
        if offline_variant:
            dirty.append(dirty_build)
        return real(root, site_dir, offline_variant, dirty_build)
    monkeypatch.setattr(build, "mkdocs_build", mkdocs_build)

    result = build.build_all(project, downloads=False)
    build._offline_zip(project, build_cache.Cache(project), result, url, epoch, tmp_path / "first.zip")
    assert dirty == [False] and (project / incremental.OFFLINE_MANIFEST).is_file()

    edit(project / "sources" / f"{TEXT}.yml", NOTE, "Een Engelstalige tekst met de titel ‘De-escalating")
    result = build.build_all(project, downloads=False)
    build._offline_zip(project, build_cache.Cache(project), result, url, epoch, tmp_path / "dirty.zip")
    build._offline_zip(project, build_cache.Cache(project, enabled=False), result, url, epoch, tmp_path / "clean.zip")
    assert dirty == [False, True, False]
    assert (tmp_path / "dirty.zip").read_bytes() == (tmp_path / "clean.zip").read_bytes() \
        != (tmp_path / "first.zip").read_bytes()
    with zipfile.ZipFile(tmp_path / "dirty.zip") as archive:
        page = next(n for n in archive.namelist() if n.endswith(f"teksten/{TEXT}/index.html"))
        assert "Engelstalige tekst" in archive.read(page).decode("utf-8")
        index = json.loads(archive.read(next(n for n in archive.namelist() if n.endswith("search_index.json"))))
        assert any(d["location"].startswith(f"teksten/{TEXT}/index.html") for d in index["docs"])


def test_the_shape_from_the_names_alone_is_the_shape_from_the_contents(tmp_path):
    """`edition serve` computes the shape of its preview without reading the PDFs and other files
    under docs/ (`scan(…, contents=False)`): the same key, and it still follows a new file and a
    changed front matter."""
    docs = tmp_path / "docs"
    (docs / "downloads").mkdir(parents=True)
    (docs / "index.md").write_text("---\ntitle: Start\n---\n# Start\n", "utf-8")
    (docs / "downloads" / "editie.pdf").write_bytes(b"%PDF-1.7 een")

    def both() -> tuple[str, str]:
        return tuple(incremental.shape_key(tmp_path, incremental.scan(docs, contents=c), "http://x/", "1")
                     for c in (True, False))

    first = both()
    assert first[0] == first[1]
    (docs / "downloads" / "editie.pdf").write_bytes(b"%PDF-1.7 twee")  # content only: not the shape
    assert both() == first
    (docs / "over.md").write_text("# Over\n", "utf-8")
    second = both()
    assert second[0] == second[1] != first[0]
    (docs / "index.md").write_text("---\ntitle: Begin\n---\n# Start\n", "utf-8")
    assert both()[0] == both()[1] != second[0]

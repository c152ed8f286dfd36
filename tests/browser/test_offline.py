"""The offline copy (site/downloads/editie-offline.zip) opened from file:// in chromium.

The zip is unpacked into a temporary folder and opened as a reader would: double-clicking
index.html.  No server: links must lead to files (not to directory listings), the search must
work without fetch() and without a Web Worker from file://, and nothing may be loaded from the
network.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import is_external, save_screenshot
from .test_search import RESULT_LINKS, RESULT_META

FOLDER = "oorlog-in-oekraine"


@pytest.fixture(scope="module")
def offline_copy(built_site: Path, tmp_path_factory) -> Path:
    archive = built_site / "downloads" / "editie-offline.zip"
    assert archive.is_file(), f"{archive} is missing: the build must write the offline zip"
    target = tmp_path_factory.mktemp("offline")
    with zipfile.ZipFile(archive) as z:
        names = z.namelist()
        assert all(n.startswith(FOLDER + "/") for n in names), "everything unpacks into one folder"
        assert f"{FOLDER}/index.html" in names and f"{FOLDER}/search/search_index.js" in names
        assert not any(n.endswith("editie-offline.zip") for n in names), "the copy does not contain itself"
        z.extractall(target)
    return target / FOLDER


def follow(page, link) -> None:
    """Open a link as a keyboard user does (Material's sticky header may cover it for a mouse)."""
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state()


@pytest.fixture
def file_page(browser):
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    external, errors = [], []
    context.on("request", lambda r: external.append(r.url) if is_external(r.url) else None)
    context.route(is_external, lambda route: route.abort("blockedbyclient"))
    page = context.new_page()
    page.on("pageerror", lambda e: errors.append(f"{e.name}: {e.message}"))
    page.set_default_timeout(15_000)
    yield page
    context.close()
    assert not external, f"requests to external hosts: {sorted(set(external))}"
    assert not errors, f"uncaught page errors: {errors}"


def test_offline_page_and_links_open_from_file(file_page, offline_copy):
    file_page.goto((offline_copy / "index.html").as_uri())
    expect(file_page.locator("h1").first).to_contain_text("Oorlog in Oekraïne")
    # A text from the home page's cards: a file, not a directory listing.
    follow(file_page, file_page.locator(".ed-cardlink a").first)
    file_page.wait_for_url("**/teksten/**/index.html")
    assert file_page.url.endswith("/index.html"), file_page.url
    expect(file_page.locator(".ed-card")).to_be_visible()
    # The card's link to the text's apparatus also lands on a file.
    slug = file_page.url.rsplit("/teksten/", 1)[1].split("/")[0]
    follow(file_page, file_page.locator('.ed-card a[href*="apparaat"]').first)
    file_page.wait_for_url(f"**/apparaat/{slug}/index.html")
    expect(file_page.locator("h1")).to_contain_text("Apparaat")
    save_screenshot(file_page, "offline-apparaat")
    # An old link to the text's part of the one apparatus page is forwarded to its own page.
    file_page.goto((offline_copy / "apparaat" / "index.html").as_uri() + f"#{slug}")
    file_page.wait_for_url(f"**/apparaat/{slug}/index.html")


def test_offline_search_works_from_file(file_page, offline_copy):
    file_page.goto((offline_copy / "index.html").as_uri())
    box = file_page.locator("input.md-search__input")
    box.click()
    box.press_sequentially("denazificatie", delay=15)
    expect(file_page.locator(RESULT_META)).to_contain_text("overeenkomende document")
    links = file_page.locator(RESULT_LINKS)
    expect(links.first).to_be_visible()
    hrefs = file_page.eval_on_selector_all(RESULT_LINKS, "links => links.map(a => a.href)")
    assert hrefs and all(h.startswith("file://") and ".html" in h for h in hrefs), hrefs
    save_screenshot(file_page, "offline-search")
    follow(file_page, links.first)
    file_page.wait_for_url("**/index.html*")
    expect(file_page.locator("article")).to_contain_text("denazificatie")
    assert file_page.url.startswith("file://") and "index.html" in file_page.url

"""A reader's searches and a reader on a phone (issue 5), in chromium against the built site.

Searches from the issue: a term (`denazificatie`), a transliterated Russian word
(`bezdorizjzja`), a phrase (`Koreaans scenario`) and a spelling variant (`Kyiv`, which the texts
also write `Kiev`); a result opens the page at the passage, with the search words highlighted.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .test_search import search

TEXT = "/teksten/2025-09-vrede-niet-in-zicht/"


@pytest.mark.parametrize("query, expected", [
    ("denazificatie", ["/teksten/2025-09-vrede-niet-in-zicht/", "/woordenlijst/"]),
    ("bezdorizjzja", ["/teksten/2025-09-vrede-niet-in-zicht/", "/woordenlijst/"]),
    ("Koreaans scenario", ["/teksten/2025-09-vrede-niet-in-zicht/", "/teksten/2025-06-koreaans-scenario/"]),
    ("Kyiv", ["/plaatsen/", "/teksten/2025-06-koreaans-scenario/"]),
])
def test_search_finds_the_expected_pages(page, query, expected):
    page.goto("/")
    paths = search(page, query)
    for path in expected:
        assert path in paths, f"{query!r}: {path} not among the results {paths}"


def test_inflected_form_finds_a_passage_with_another_form(page):
    """`onderhandelingen` finds the section "Koreaans scenario", which only has `onderhandelen`
    (docs/javascripts/edition.js adds the stem `onderhandel*` to the query)."""
    page.goto("/")
    search(page, "onderhandelingen")
    hrefs = page.eval_on_selector_all(".md-search-result a", "links => links.map(a => a.href)")
    assert any(h.split("?")[0].endswith(TEXT) and h.endswith("#koreaans-scenario") for h in hrefs), hrefs


def test_a_result_opens_the_passage_with_the_word_highlighted(page, screenshot):
    page.goto("/")
    search(page, "bezdorizjzja")
    # The section result (…/?h=bezdorizjzja#section), not the page result (…/?h=).
    link = page.locator(f".md-search-result a[href*='{TEXT}?h=bezdorizjzja#']").first
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(TEXT)))
    mark = page.locator("article mark", has_text=re.compile("bezdorizjzja", re.I)).first
    expect(mark).to_be_visible()
    expect(mark).to_be_in_viewport()
    screenshot(page, "search-result-passage")


def test_footnote_shows_its_text_on_keyboard_focus(page):
    page.goto(TEXT)
    ref = page.locator("a.footnote-ref").first
    ref.focus()
    page.wait_for_timeout(500)
    shown = " ".join(t.inner_text() for t in page.locator(".md-tooltip2, .md-tooltip").all() if t.is_visible())
    assert re.search(r"Toelichting|Bron|Tekstkritisch", shown), shown


def test_phone_navigation_paragraph_numbers_and_tooltips(mobile_page, screenshot):
    page = mobile_page
    page.goto(TEXT)
    number = page.locator("a.ed-pn").first
    expect(number).to_be_visible()
    box = number.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 375, f"paragraph number off screen: {box}"
    screenshot(page, "mobile-text")
    # The menu opens and offers the other texts.
    page.locator('label.md-header__button[for="__drawer"]').click()
    drawer = page.locator(".md-nav--primary")
    expect(drawer.get_by_text("Woordenlijst").first).to_be_visible()
    screenshot(page, "mobile-menu")
    page.keyboard.press("Escape")
    page.goto(TEXT)
    term = page.locator("a.ed-term").first
    term.scroll_into_view_if_needed()
    term.focus()
    page.wait_for_timeout(500)
    shown = [t for t in page.locator(".md-tooltip2, .md-tooltip").all() if t.is_visible()]
    assert shown, "no tooltip for a glossary term on a phone (keyboard focus)"
    tip = shown[0].bounding_box()
    assert tip["x"] >= 0 and tip["x"] + tip["width"] <= 376, f"tooltip wider than the screen: {tip}"
    screenshot(page, "mobile-tooltip")


def test_desktop_text_page(page, screenshot):
    page.goto(TEXT + "#p12")
    expect(page.locator("#p12")).to_be_in_viewport()
    expect(page.locator(".md-nav--primary").first).to_be_visible()
    screenshot(page, "desktop-text-p12")

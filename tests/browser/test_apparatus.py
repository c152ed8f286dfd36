"""The apparatus as a reader meets it in chromium: glossary and footnote tooltips (hover and
keyboard focus), a glossary entry with backlinks, a register entry found by a spelling variant,
the citation box and the citation meta tags.  Screenshots are saved as test artefacts."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from .test_search import search

TEXT = "/teksten/2025-09-vrede-niet-in-zicht/"
TOOLTIP = ".md-tooltip2, .md-tooltip"


def _visible_tooltip_text(page) -> str:
    page.wait_for_timeout(500)
    return " ".join(t.inner_text() for t in page.locator(TOOLTIP).all() if t.is_visible())


def test_glossary_term_shows_its_definition_on_hover_and_on_focus(page, screenshot):
    page.goto(TEXT)
    term = page.locator("a.ed-term").first
    expect(term).to_be_visible()
    title_text = term.evaluate("a => a.dataset.title || a.getAttribute('title') || ''")
    term_name = term.inner_text()
    term.scroll_into_view_if_needed()
    term.hover()
    hover_text = _visible_tooltip_text(page)
    screenshot(page, "tooltip-glossary-hover")
    assert term_name.lower() in hover_text.lower() or (title_text and title_text[:20] in hover_text), hover_text
    page.mouse.move(0, 0)
    page.wait_for_timeout(300)
    term.focus()
    focus_text = _visible_tooltip_text(page)
    assert focus_text.strip(), "no tooltip on keyboard focus"


def test_footnote_shows_its_text_on_hover(page, screenshot):
    page.goto(TEXT)
    ref = page.locator("a.footnote-ref").first
    ref.scroll_into_view_if_needed()
    ref.hover()
    text = _visible_tooltip_text(page)
    screenshot(page, "tooltip-footnote-hover")
    assert re.search(r"Toelichting|Bron|Tekstkritisch", text), text


def test_glossary_entry_has_backlinks_that_land_on_the_paragraph(page, screenshot):
    page.goto("/woordenlijst/#denazificatie")
    entry = page.locator("#denazificatie")
    expect(entry).to_be_visible()
    screenshot(page, "glossary-entry")
    links = page.locator("#denazificatie ~ .ed-backlinks").first.locator("ul a")
    assert links.count() >= 2
    target = links.nth(1)
    href = target.get_attribute("href")
    target.click()
    page.wait_for_url(re.compile(re.escape(href.split("#")[1]) + "$"))
    expect(page.locator(f"#{href.split('#')[1]}")).to_be_in_viewport()


def test_searching_a_spelling_variant_finds_the_register_entry(page, screenshot):
    """‘Kyiv’ finds the places entry that also lists the passages spelt ‘Kiev’."""
    page.goto("/")
    paths = search(page, "Kyiv")
    assert "/plaatsen/" in paths, paths
    page.goto("/plaatsen/#kyiv")
    block = page.locator("#kyiv ~ dl.ed-facts").first
    expect(block).to_contain_text("Kiev")
    expect(block).to_contain_text("Kyiv")
    screenshot(page, "register-entry")


def test_citation_box_and_meta_tags(page, screenshot):
    page.goto(TEXT)
    assert page.locator('meta[name="citation_title"]').get_attribute("content")
    assert page.locator('meta[name="DC.identifier"]').get_attribute("content").endswith(TEXT)
    box = page.locator("details.ed-citebox")
    box.locator("summary").click()
    expect(box.locator(".ed-citation")).to_contain_text("geraadpleegd op")
    expect(box.locator(".ed-today")).not_to_contain_text("[")
    box.scroll_into_view_if_needed()
    screenshot(page, "citation-box")
    for ext in ("bib", "ris"):
        href = box.locator(f'a[href$=".{ext}"]').evaluate("a => a.href")
        response = page.request.get(href)
        assert response.ok, href

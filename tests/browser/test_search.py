"""Search in the built site, through Material's own search box in chromium.

The search configuration in mkdocs.yml (default pipeline: no stemmer, no trimmer; a separator that
splits on punctuation and typographic quotes) was chosen because of these cases: with the stemmer in
the pipeline, exact words such as `Russische` found nothing at all (Material appends a wildcard to
every query term, and wildcard terms are not stemmed, while the index holds stems); with the Dutch
trimmer, numbers such as `2025` found nothing; with the default separator, a word in typographic
quotes (`‘broeders’`) was indexed with its quotes and could not be found.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

RESULT_LINKS = "li.md-search-result__item > a.md-search-result__link"
RESULT_META = ".md-search-result__meta"


def search(page, query: str) -> list[str]:
    """Type QUERY into Material's search box and return the paths of the result pages."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("")
    box.press_sequentially(query, delay=15)
    # Material shows "N overeenkomende documenten" or "Geen overeenkomende documenten".
    expect(page.locator(RESULT_META)).to_contain_text("overeenkomende document")
    hrefs = page.eval_on_selector_all(RESULT_LINKS, "links => links.map(a => a.href)")
    return [urlsplit(href).path for href in hrefs]


@pytest.mark.parametrize(
    "query",
    [
        "Russische",  # an exact word (returned nothing with the stemmer in the pipeline)
        "Zelensky",  # a name
        "weken",  # a short exact word (returned nothing with the stemmer)
        "2025",  # a number (returned nothing with the Dutch trimmer)
        "broeders",  # a word in typographic quotes, ‘broeders’, in the source
    ],
)
def test_query_finds_results(page, query):
    page.goto("/")
    paths = search(page, query)
    assert paths, f"searching {query!r} found nothing"
    assert any(path.startswith("/teksten/") for path in paths), (
        f"searching {query!r} found no text page: {paths}"
    )


def test_inflected_form_finds_the_text(page):
    """`onderhandeling` finds the text page that only has `onderhandelingen` (prefix match)."""
    page.goto("/")
    paths = search(page, "onderhandeling")
    assert any(path.startswith("/teksten/2025-09-vrede-niet-in-zicht/") for path in paths), paths


def test_result_opens_the_text(page):
    """Clicking a result opens the text page (instant navigation) with the edition's paragraphs."""
    page.goto("/")
    search(page, "Zelensky")
    # The register of persons may rank first; open the first result that is a text.
    page.locator(RESULT_LINKS).filter(has=page.locator("xpath=self::a[contains(@href, '/teksten/')]")).first.click()
    page.wait_for_url(re.compile(r"/teksten/[^/]+/"))
    expect(page.locator("[data-n]").first).to_be_visible()


def test_paragraph_numbers_not_in_search_index(built_site):
    """Paragraph numbers and ° marks are kept out of the index (hooks/edition_hooks.py).

    Otherwise the number is glued to the first word of its paragraph (`34Vanaf`) and that word
    cannot be found there.
    """
    index = json.loads((built_site / "search" / "search_index.json").read_text("utf-8"))
    texts = [doc["text"] for doc in index["docs"] if doc["location"].startswith("teksten/")]
    assert texts, "no text pages in the search index"
    glued = [m.group(0) for text in texts for m in re.finditer(r"<p>\d+[^\s\d<]\w*", text)]
    assert not glued, f"paragraph numbers in the search index: {glued[:5]}"
    assert not any("°" in text for text in texts), "emendation marks (°) in the search index"

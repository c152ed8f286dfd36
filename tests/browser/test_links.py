"""Teachers' links in a real browser: a paragraph link lands on and highlights the paragraph, the
copy control copies exactly that URL, and every frozen address exists in the built site."""

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEXT = "teksten/2025-09-vrede-niet-in-zicht/"


def test_paragraph_link_scrolls_to_and_highlights_the_paragraph(page, site_server, screenshot):
    page.goto(f"{TEXT}#p12")
    target = page.locator("#p12")
    target.wait_for()
    page.wait_for_timeout(300)
    box = target.bounding_box()
    assert box and 0 <= box["y"] < page.viewport_size["height"], "alinea 12 staat niet in beeld"
    assert target.evaluate("el => el.matches(':target') || el.classList.contains('ed-target')")
    highlighted = target.evaluate("el => getComputedStyle(el).backgroundColor")
    plain = page.locator("#p11").evaluate("el => getComputedStyle(el).backgroundColor")
    assert highlighted != plain, "de gelinkte alinea is niet gemarkeerd"
    screenshot(page, "alinea-link-p12")


def test_copy_link_puts_the_exact_url_on_the_clipboard(page, site_server):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_server.rstrip("/"))
    page.goto(TEXT)
    paragraph = page.locator("#p14")
    paragraph.hover()
    paragraph.locator(".ed-copy").click()
    page.wait_for_timeout(200)
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == f"{site_server}{TEXT}#p14"
    assert "Link gekopieerd" in page.locator("#ed-live").inner_text(timeout=2000)


def test_every_frozen_address_exists_in_the_built_site(built_site):
    frozen = json.loads((ROOT / "tests" / "snapshots" / "links.json").read_text("utf-8"))
    missing = []
    for url in frozen["pages"]:
        if not (built_site / url / "index.html").is_file():
            missing.append(url)
    for url, anchors in frozen["anchors"].items():
        html = (built_site / url / "index.html").read_text("utf-8")
        ids = set(re.findall(r'\sid="([^"]+)"', html))
        missing += [f"{url}#{a}" for a in anchors if a not in ids]
    assert not missing, missing

"""Teachers' links never break: page URLs and paragraph/heading anchors are frozen.

If this fails, a change would break links in the wild: keep the old address, or add a redirect
and then re-freeze with `python scripts/freeze_links.py`.
"""

import json
from pathlib import Path

import pytest

from edition.site import redirects
from edition.apparatus.annotate import collect
from edition.build import load_all
from edition.apparatus.links import snapshot

ROOT = Path(__file__).resolve().parents[1]
FROZEN = json.loads((ROOT / "tests" / "snapshots" / "links.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def current():
    docs = load_all(ROOT)
    return snapshot(docs, collect(ROOT, docs))


MOVED = redirects.load(ROOT)


def test_every_frozen_page_still_exists_or_is_redirected(current):
    missing = sorted(p for p in set(FROZEN["pages"]) - set(current["pages"])
                     if MOVED["pages"].get(p) not in current["pages"])
    assert not missing, f"deze pagina-adressen zouden verdwijnen (voeg een omleiding toe in redirects.yml): {missing}"


def _exists(current, address: str) -> bool:
    page, anchor = address.split("#", 1)
    return anchor in current["anchors"].get(page, {})


@pytest.mark.parametrize("page", sorted(FROZEN["anchors"]))
def test_every_frozen_anchor_points_at_the_same_text_or_is_redirected(current, page):
    now = current["anchors"].get(MOVED["pages"].get(page, page), {})
    broken = [f"#{a} (‘{words}…’ → ‘{now.get(a, 'ontbreekt')}…’)"
              for a, words in FROZEN["anchors"][page].items()
              if now.get(a) != words and not _exists(current, MOVED["anchors"].get(f"{page}#{a}", "#"))]
    assert not broken, (f"/{page}: links naar deze ankers zouden breken of elders uitkomen; houd het anker, "
                        f"of voeg een omleiding toe in redirects.yml: {broken}")


def test_redirect_targets_exist(current):
    bad = [f"{old} → {new}" for old, new in MOVED["pages"].items() if new not in current["pages"]]
    bad += [f"{old} → {new}" for old, new in MOVED["anchors"].items() if not _exists(current, new)]
    assert not bad, f"omleidingen naar adressen die niet bestaan: {bad}"


def test_new_addresses_are_frozen_too(current):
    new_pages = sorted(set(current["pages"]) - set(FROZEN["pages"]))
    new_anchors = {p: sorted(set(a) - set(FROZEN["anchors"].get(p, {}))) for p, a in current["anchors"].items()}
    new_anchors = {p: a for p, a in new_anchors.items() if a}
    assert not new_pages and not new_anchors, (
        f"nieuwe adressen, nog niet bevroren: {new_pages} {new_anchors}; voer `python scripts/freeze_links.py` uit")


def test_build_documents_the_frozen_anchors_on_the_site():
    """The generated Markdown carries exactly these ids (so the snapshot is about real anchors)."""
    page = (ROOT / "docs" / "teksten" / "2022-03-byrne-isa.md")
    if not page.exists():
        pytest.skip("docs niet gegenereerd")
    text = page.read_text("utf-8")
    for anchor in FROZEN["anchors"]["teksten/2022-03-byrne-isa/"]:
        if anchor.startswith("fn:"):  # a note: Python-Markdown makes #fn:<id> from [^<id>]
            assert f"[^{anchor[3:]}]:" in text, anchor
            continue
        assert f"#{anchor} " in text or f"#{anchor}}}" in text or f'id="{anchor}"' in text, anchor

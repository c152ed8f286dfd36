"""Redirects from redirects.yml work in a browser: an old page address and an old paragraph
address land where the text now is (built in a copy of the project with two test redirects)."""

import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest

from edition.build import build_all

ROOT = Path(__file__).resolve().parents[2]
TEXT = "teksten/2025-09-vrede-niet-in-zicht/"


@pytest.fixture(scope="module")
def redirected_site(tmp_path_factory):
    copy = tmp_path_factory.mktemp("project")
    for name in ("sources", "docs", "hooks", "overrides", "registers", "bibliography"):
        shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("teksten", "index.md", "apparaat.md", "woordenlijst.md", "personen.md", "plaatsen.md", "bibliografie.md", "downloads"))
    shutil.copy(ROOT / "mkdocs.yml", copy / "mkdocs.yml")
    (copy / "redirects.yml").write_text(
        f'pages:\n  "teksten/oud-adres/": "{TEXT}"\nanchors:\n  "{TEXT}#p99": "{TEXT}#p14"\n', "utf-8")
    build_all(copy, downloads=False)  # the PDFs and the offline zip are not what is tested here
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(copy / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def test_old_page_address_redirects_with_its_fragment(browser, redirected_site):
    page = browser.new_page()
    page.goto(f"{redirected_site}teksten/oud-adres/#p12")
    page.wait_for_url(f"{redirected_site}{TEXT}#p12")
    assert page.locator("#p12").is_visible()
    page.close()


def test_old_anchor_redirects_to_its_new_place(browser, redirected_site):
    page = browser.new_page()
    page.goto(f"{redirected_site}{TEXT}#p99")
    page.wait_for_url(f"{redirected_site}{TEXT}#p14")
    page.locator("#p14").wait_for()
    page.close()


def test_a_malformed_fragment_leaves_the_page_working(browser, redirected_site):
    """`#%E0` cannot be percent-decoded: the redirect script must not throw (it used to, and the
    rest of the page's script then did not run)."""
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{redirected_site}{TEXT}#%E0")
    page.locator("#p14").wait_for()
    page.wait_for_timeout(300)
    page.close()
    assert errors == []

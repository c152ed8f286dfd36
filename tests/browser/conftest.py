"""Fixtures for the browser tests: the built site, a local HTTP server, and Debian's chromium via Playwright.

Every test in this directory is marked ``browser``. The ``page`` and ``mobile_page`` fixtures fail the test at
teardown when the page made any request to a host other than 127.0.0.1/localhost (the edition makes zero
external requests) or raised an uncaught JavaScript error.

Set ``EDITION_SKIP_BUILD=1`` to reuse an existing ``site/`` instead of running ``edition build`` first.
Playwright's own browser download (``playwright install``) is never used: the tests drive /usr/bin/chromium,
installed by ``bash scripts/install-system-deps.sh``.
"""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
SITE_DIR = REPO_ROOT / "site"
SCREENSHOT_DIR = REPO_ROOT / "test-artifacts" / "screenshots"
CHROMIUM = Path(os.environ.get("EDITION_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    # This hook sees every collected item, not only those below this directory.
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)


def is_external(url: str) -> bool:
    """True for a URL that would leave the machine (data:, blob:, about: … never do)."""
    parts = urlsplit(url)
    return bool(parts.hostname) and parts.hostname not in LOCAL_HOSTS


def save_screenshot(page, name: str) -> Path:
    """Save a full-page PNG to test-artifacts/screenshots/NAME.png and return its path."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.fixture(scope="session")
def screenshot():
    """The helper ``screenshot(page, name)``; see save_screenshot."""
    return save_screenshot


@pytest.fixture(scope="session")
def built_site() -> Path:
    """The directory site/, built once per session (skipped with EDITION_SKIP_BUILD=1 if it exists)."""
    index = SITE_DIR / "index.html"
    if os.environ.get("EDITION_SKIP_BUILD") == "1" and index.is_file():
        return SITE_DIR
    result = subprocess.run(
        [sys.executable, "-m", "edition.cli", "build"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    if result.returncode != 0:
        output = (result.stdout + result.stderr)[-4000:]
        pytest.fail(f"`edition build` failed (exit {result.returncode}):\n{output}", pytrace=False)
    if not index.is_file():
        pytest.fail(f"`edition build` succeeded but wrote no {index.relative_to(REPO_ROOT)}", pytrace=False)
    return SITE_DIR


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - signature of the base class
        pass


@pytest.fixture(scope="session")
def site_server(built_site: Path):
    """Base URL (http://127.0.0.1:PORT/) of a local server for site/."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser():
    """Debian's headless chromium, driven by Playwright from PyPI."""
    if not CHROMIUM.is_file():
        pytest.fail(
            f"{CHROMIUM} is missing; the browser tests need Debian's chromium. "
            "Install it with:  bash scripts/install-system-deps.sh",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()
    finally:
        playwright.stop()


def _open_page(browser, base_url: str, **context_options):
    """Yield a page in a new context; afterwards check for external requests and page errors."""
    context = browser.new_context(base_url=base_url, locale="nl-NL", **context_options)
    requests: list[str] = []
    external: list[str] = []
    errors: list[str] = []

    def on_request(request):
        requests.append(request.url)
        if is_external(request.url):
            external.append(request.url)

    context.on("request", on_request)
    # Never let a request leave the machine (it would only hang or be refused anyway).
    context.route(is_external, lambda route: route.abort("blockedbyclient"))
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(f"{error.name}: {error.message}"))
    page.set_default_timeout(15_000)
    page.requests = requests  # available to tests
    try:
        yield page
    finally:
        context.close()
    problems = []
    if external:
        problems.append("requests to external hosts:\n  " + "\n  ".join(sorted(set(external))))
    if errors:
        problems.append("uncaught page errors:\n  " + "\n  ".join(errors))
    assert not problems, "\n".join(problems)


@pytest.fixture
def page(browser, site_server):
    """A desktop page (1280x900, nl-NL); relative URLs in page.goto resolve against the site server."""
    yield from _open_page(browser, site_server, viewport={"width": 1280, "height": 900})


@pytest.fixture
def mobile_page(browser, site_server):
    """A phone page (375x812, touch, nl-NL)."""
    yield from _open_page(
        browser,
        site_server,
        viewport={"width": 375, "height": 812},
        is_mobile=True,
        has_touch=True,
    )

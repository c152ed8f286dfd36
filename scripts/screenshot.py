"""Screenshot pages of the built site (site/) in Debian's headless Chromium, as a reader sees them.

    .venv/bin/python scripts/screenshot.py teksten/x/ out.png [--width 1280] [--hover CSS] [--focus CSS]
        [--click CSS] [--scroll CSS] [--dark]

Serves site/ on a free localhost port; no network beyond it.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("path")
    ap.add_argument("out")
    ap.add_argument("--width", type=int, default=1280)
    ap.add_argument("--height", type=int, default=900)
    for action in ("hover", "focus", "click", "scroll"):
        ap.add_argument(f"--{action}")
    ap.add_argument("--dark", action="store_true")
    args = ap.parse_args()
    handler = functools.partial(_Quiet, directory=str(ROOT / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                        args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page(viewport={"width": args.width, "height": args.height},
                                    color_scheme="dark" if args.dark else "light")
            page.goto(f"http://127.0.0.1:{server.server_port}/{args.path}")
            page.wait_for_timeout(300)
            if args.scroll:
                page.locator(args.scroll).first.scroll_into_view_if_needed()
            if args.click:
                page.locator(args.click).first.click()
            if args.hover:
                page.locator(args.hover).first.hover()
            if args.focus:
                page.locator(args.focus).first.focus()
            page.wait_for_timeout(600)
            page.screenshot(path=args.out)
            browser.close()
    finally:
        server.shutdown()


if __name__ == "__main__":
    main()

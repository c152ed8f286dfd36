"""The real build scanned for executable markup (tests/scan.py): no event handler, no `javascript:`,
`vbscript:` or `data:` URL, no frame or object, in any page, redirect page, sitemap, search index or
file of the offline zip. The same scan runs on a build fed with hostile input in test_hostile_site.py."""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scan import executable_markup, scan_files  # noqa: E402


def test_no_executable_markup_in_the_built_site(built_site):
    pages = [p for p in sorted(built_site.rglob("*")) if p.suffix in (".html", ".xml", ".json") and p.is_file()]
    assert len(pages) > 10
    found = scan_files((p.relative_to(built_site).as_posix(), p.read_text("utf-8")) for p in pages)
    assert found == []


def test_no_executable_markup_in_the_offline_zip(built_site):
    with zipfile.ZipFile(built_site / "downloads" / "editie-offline.zip") as z:
        names = [n for n in z.namelist() if n.endswith((".html", ".xml", "search_index.js", "search_index.json"))]
        found = scan_files((n, z.read(n).decode("utf-8")) for n in names)
    assert len(names) > 10 and found == []


def test_the_scanner_finds_what_it_looks_for():
    cases = {
        '<img src=x onerror=alert(1)>': 1,
        '<a href="jav&#x09;ascript:alert(1)">x</a>': 1,
        '<a href=" JaVaScRiPt:alert(1)">x</a>': 1,
        '<a href="data:text/html,x">x</a>': 1,
        '<iframe src="https://x"></iframe>': 1,
        '<meta http-equiv="refresh" content="0; url=javascript:alert(1)">': 1,
        '<script>alert(1)</script>': 1,
        '<svg><a xlink:href="javascript:alert(1)">x</a></svg>': 1,
        '<p style="background:url(javascript:alert(1))">x</p>': 1,
        # Literal text and ordinary links are not findings.
        '&lt;img src=x onerror=alert(1)&gt;': 0,
        '<p title="&lt;script&gt;alert(1)">x</p>': 0,
        '<a href="https://voorbeeld.nl/">x</a> <a href="../teksten/x/#p3">y</a> <a href="#fn:1">z</a>': 0,
        '<a href="javascript:void(0)">theme</a>': 0,
        '<meta http-equiv="refresh" content="0; url=../nieuw/">': 0,
    }
    for markup, expected in cases.items():
        assert len(executable_markup(markup)) == expected, markup

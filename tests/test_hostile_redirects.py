"""redirects.yml is hand-written: a hostile or mistaken entry must stop the build with
`redirects.yml:LINE` and a fix, and never write outside the site, replace a page, send readers to
another site or run script.

Most cases call `redirects.load()` and `redirects.write_page_redirects()` on a small fake project in a
tmp directory (a few built pages with ids, like MkDocs leaves them), which is fast. One module-scoped
real build checks that valid redirects still pass against the HTML MkDocs really writes.
"""

from __future__ import annotations

import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from edition.site import redirects
from edition.errors import EditionError

TEXT_A, TEXT_B = "teksten/tekst-a/", "teksten/tekst-b/"
WHERE = re.compile(r"^redirects\.yml:\d+$")


# ---------------------------------------------------------------------------------------------
# A fake project: sources/ (two texts) and, after load, a site/ as MkDocs would leave it
# ---------------------------------------------------------------------------------------------

def _page(ids, extra: str = "") -> str:
    body = "".join(f'<p id="{i}">{i}</p>' for i in ids)
    return f'<!doctype html><html lang="nl"><head><title>x</title></head><body>{body}{extra}</body></html>\n'


def make_project(tmp_path: Path) -> Path:
    # Deep inside tmp_path, so that '../../x/' from site/ would still land inside tmp_path (observable).
    root = tmp_path / "a" / "b" / "project"
    (root / "sources").mkdir(parents=True)
    for slug in ("tekst-a", "tekst-b"):
        (root / "sources" / f"{slug}.txt").write_text("Titel\n", "utf-8")
    return root


def make_site(root: Path, moved: dict) -> Path:
    site = root / "site"
    pages = {"": ["top"], "over/": ["over-ons"],
             TEXT_A: ["p1", "p2", "p3", "inleiding", "fn:n1"], TEXT_B: ["p1", "p2"]}
    for address, ids in pages.items():
        extra = redirects.anchor_script(redirects.anchor_map(moved, address)) if address.startswith("teksten/") else ""
        (site / address).mkdir(parents=True, exist_ok=True)
        (site / address / "index.html").write_text(_page(ids, extra), "utf-8")
    (site / "404.html").write_text(_page(["notfound"]), "utf-8")
    (site / "sitemap.xml").write_text("<urlset/>", "utf-8")
    (site / "assets").mkdir()
    (site / "assets" / "theme.js").write_text("", "utf-8")
    return site


def tree(top: Path) -> dict[str, str]:
    """Every file (and link) under `top` with a hash of its content."""
    out = {}
    for path in sorted(top.rglob("*")):
        if path.is_symlink():
            out[path.relative_to(top).as_posix()] = "-> " + str(path.readlink())
        elif path.is_file():
            out[path.relative_to(top).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


# ---------------------------------------------------------------------------------------------
# Hostile files: (id, redirects.yml, expected words in one message, its line)
# {TMP} is replaced by tmp_path (an absolute key that would write there).
# ---------------------------------------------------------------------------------------------

HOSTILE = [
    ("dotdot-key", 'pages:\n  "../../x/": "over/"\n', "‘..’ is niet toegestaan", 2),
    ("dot-key", 'pages:\n  "./": "over/"\n', "‘.’ is niet toegestaan", 2),
    ("absolute-key", 'anchors: {}\n# absolute\npages:\n  "{TMP}/abs/": "over/"\n', "begint met ‘/’", 4),
    ("protocol-relative-target", 'pages:\n  "oud/": "//evil.example/"\n', "begint met ‘/’", 2),
    ("empty-key-replaces-home", 'pages:\n  "": "over/"\n', "het adres is leeg", 2),
    ("empty-target", 'pages:\n  "oud/": ""\n', "het adres is leeg", 2),
    ("javascript-target", 'pages:\n  "oud/": "javascript:alert(document.cookie)//"\n', "externe doelen zijn niet toegestaan", 2),
    ("https-open-redirect", 'pages:\n  "oud/": "https://evil.example/"\n', "externe doelen zijn niet toegestaan", 2),
    ("data-target", 'pages:\n  "oud/": "data:text/html,<script>alert(1)</script>"\n', "externe doelen zijn niet toegestaan", 2),
    ("scheme-key", 'pages:\n  "file:///etc/": "over/"\n', "externe doelen zijn niet toegestaan", 2),
    ("backslash", 'pages:\n  "..\\\\..\\\\x/": "over/"\n', "backslash", 2),
    ("percent-encoded-dotdot", 'pages:\n  "%2e%2e/%2e%2e/x/": "over/"\n', "procentcodering", 2),
    ("nul-escaped-in-key", 'pages:\n  "oud\\0/": "over/"\n', "U+0000", 2),
    ("nul-raw-in-key", 'pages:\n  "oud\0/": "over/"\n', "U+0000", 2),
    ("newline-in-key", 'pages:\n  "oud\\n/": "over/"\n', "U+000A", 2),
    ("space-in-target", 'pages:\n  "oud/": "teksten/tekst a/"\n', "witruimte", 2),
    ("bidi-override-in-key", 'pages:\n  "oud\\u202e/": "over/"\n', "U+202E", 2),
    ("no-trailing-slash", 'pages:\n  "oud": "over/"\n', "eindigen op ‘/’", 2),
    ("double-slash", 'pages:\n  "oud//x/": "over/"\n', "lege stap", 2),
    ("page-target-with-anchor", 'pages:\n  "oud/": "teksten/tekst-a/#p1"\n', "kan geen anker", 2),
    ("query-in-key", 'pages:\n  "oud/?x=1/": "over/"\n', "niet toegestaan in een adres", 2),
    ("overlong-segment", 'pages:\n  "' + "x" * 300 + '/": "over/"\n', "langer dan", 2),
    # shape
    ("not-a-mapping", '"hallo"\n', "moet een mapping zijn", 1),
    ("top-level-list", "- pages\n- anchors\n", "niet een lijst", 1),
    ("list-instead-of-mapping", "anchors: {}\npages:\n  - oud/\n  - over/\n", "‘pages’ moet een mapping zijn", 2),
    ("anchors-a-string", 'anchors: "teksten/tekst-a/#p1"\n', "‘anchors’ moet een mapping zijn", 1),
    ("non-string-value", 'pages:\n  "oud/": 12\n', "niet een getal", 2),
    ("mapping-value", 'pages:\n  "oud/":\n    "x/": "over/"\n', "niet een tabel (sleutel: waarde)", 2),
    ("null-value", 'pages:\n  "oud/":\n', "niet leeg (geen waarde)", 2),
    ("number-key", "pages:\n  2024: over/\n", "‘2024’: een pagina-adres moet eindigen op ‘/’", 2),
    ("unknown-key", 'pages: {}\npage:\n  "oud/": "over/"\n', "onbekende sleutel ‘page’. Bedoelde u ‘pages’?", 2),
    ("yaml-syntax-error", 'pages:\n  "oud/": "over/\n  "x/": [\n', "ongeldige YAML", 3),
    # loops and chains
    ("page-self-loop", 'pages:\n  "oud/": "oud/"\n', "verwijst naar zichzelf", 2),
    ("page-loop", 'pages:\n  "a/": "b/"\n  "b/": "c/"\n  "c/": "a/"\n', "‘b/’ vormt een lus: b/ → c/ → a/ → b/", 3),
    ("page-chain", 'pages:\n  "a/": "b/"\n  "b/": "over/"\n', "Wijs direct naar ‘over/’", 2),
    ("anchor-loop", ('anchors:\n  "teksten/tekst-a/#p8": "teksten/tekst-a/#p9"\n'
                     '  "teksten/tekst-a/#p9": "teksten/tekst-a/#p8"\n'), "vormt een lus", 2),
    ("anchor-self-loop", 'anchors:\n  "teksten/tekst-a/#p8": "teksten/tekst-a/#p8"\n', "verwijst naar zichzelf", 2),
    ("anchor-chain", ('anchors:\n  "teksten/tekst-a/#p8": "teksten/tekst-a/#p9"\n'
                      '  "teksten/tekst-a/#p9": "teksten/tekst-a/#p3"\n'), "Wijs direct naar ‘teksten/tekst-a/#p3’", 2),
    ("anchor-chain-through-page", ('pages:\n  "oud/": "teksten/tekst-b/"\nanchors:\n'
                                   '  "teksten/tekst-a/#p9": "oud/#p1"\n'), "Wijs direct naar ‘teksten/tekst-b/#p1’", 4),
    # anchors
    ("anchor-javascript-target", 'anchors:\n  "teksten/tekst-a/#p9": "javascript:alert(1)#x"\n', "externe doelen", 2),
    ("anchor-javascript-key", 'anchors:\n  "javascript:alert(1)#x": "teksten/tekst-a/#p1"\n', "externe doelen", 2),
    ("anchor-quote-in-id", 'anchors:\n  \'teksten/tekst-a/#p9"><script>alert(1)</script>\': "teksten/tekst-a/#p1"\n',
     "geen geldig anker", 2),
    ("anchor-quote-in-target-id", 'anchors:\n  "teksten/tekst-a/#p9": \'teksten/tekst-a/#p1"onmouseover="x\'\n',
     "geen geldig anker", 2),
    ("anchor-without-hash", 'anchors:\n  "teksten/tekst-a/p9": "teksten/tekst-a/#p1"\n', "pagina/#anker", 2),
    ("anchor-dotdot", 'anchors:\n  "teksten/tekst-a/#p9": "../../x/#p1"\n', "‘..’ is niet toegestaan", 2),
    # against the text pages in sources/ (before the build) and the built site (after MkDocs)
    ("key-overwrites-text-page", 'pages:\n  "teksten/tekst-a/": "over/"\n', "zou de pagina van de tekst", 2),
    ("key-overwrites-built-page", 'pages:\n  "over/": "teksten/tekst-a/"\n', "zou de pagina ‘over/’ van de site overschrijven", 2),
    ("key-overwrites-a-file", 'pages:\n  "404.html/": "over/"\n', "zou het bestand ‘404.html’", 2),
    ("key-under-a-file", 'pages:\n  "sitemap.xml/x/": "over/"\n', "zou het bestand ‘sitemap.xml’", 2),
    ("key-through-symlink", 'pages:\n  "uit/x/": "over/"\n', "buiten de site", 2),
    ("missing-page-target", 'pages:\n  "oud/": "bestaat-niet/"\n', "het doel ‘bestaat-niet/’ van ‘oud/’ bestaat niet", 2),
    ("missing-anchor-id", 'anchors:\n  "teksten/tekst-a/#p99": "teksten/tekst-b/#p77"\n', "geen anker ‘#p77’", 2),
    ("missing-anchor-page", 'anchors:\n  "teksten/tekst-a/#p99": "teksten/weg/#p1"\n', "‘teksten/weg/’", 2),
    ("anchor-on-missing-page", 'anchors:\n  "teksten/weg/#p1": "teksten/tekst-a/#p1"\n', "bestaat niet in de site", 2),
    ("anchor-on-non-text-page", 'anchors:\n  "over/#oud": "teksten/tekst-a/#p1"\n', "geen tekstpagina", 2),
    ("key-in-a-theme-folder", 'pages:\n  "assets/": "over/"\n', "bestaande map van de site", 2),
    ("anchor-that-still-exists", 'anchors:\n  "teksten/tekst-a/#p3": "teksten/tekst-b/#p1"\n', "bestaat nog", 2),
    ("keys-differing-in-case", 'pages:\n  "oud/": "over/"\n  "Oud/": "over/"\n', "alleen in hoofdletters", 3),
]


@pytest.mark.parametrize("text, expected, line", [c[1:] for c in HOSTILE], ids=[c[0] for c in HOSTILE])
def test_hostile_redirects_are_refused_with_file_and_line(tmp_path, text, expected, line):
    root = make_project(tmp_path)
    outside = tmp_path / "elders"
    outside.mkdir()
    (root / "redirects.yml").write_text(text.replace("{TMP}", str(tmp_path)), "utf-8")
    before = tree(tmp_path)
    with pytest.raises(EditionError) as caught:  # an EditionError, never another exception (a traceback)
        moved = redirects.load(root)
        make_site(root, moved)
        (root / "site" / "uit").symlink_to(outside, target_is_directory=True)
        before = tree(tmp_path)
        redirects.write_page_redirects(moved, root / "site")
    problems = caught.value.problems
    assert all(WHERE.match(p.where) for p in problems), [p.where for p in problems]
    assert any(expected in str(p) and p.where == f"redirects.yml:{line}" for p in problems), \
        "\n".join(str(p) for p in problems)
    assert all(p.fix for p in problems), "every message says how to fix it"
    assert tree(tmp_path) == before, "nothing may be written when redirects.yml is refused"
    assert not Path(f"{tmp_path}/abs").exists()


def test_all_problems_are_reported_together(tmp_path):
    root = make_project(tmp_path)
    (root / "redirects.yml").write_text(
        'pages:\n  "../x/": "over/"\n  "oud/": "https://evil.example/"\n  "a/": "b/"\n  "b/": "over/"\n'
        'anchors:\n  "teksten/tekst-a/#p9": "javascript:x"\n', "utf-8")
    with pytest.raises(EditionError) as caught:
        redirects.load(root)
    assert {p.where for p in caught.value.problems} == {"redirects.yml:2", "redirects.yml:3", "redirects.yml:4",
                                                        "redirects.yml:7"}


def test_missing_targets_are_reported_together_after_the_build(tmp_path):
    root = make_project(tmp_path)
    (root / "redirects.yml").write_text(
        'pages:\n  "over/": "teksten/tekst-a/"\n  "oud/": "weg/"\n'
        'anchors:\n  "teksten/tekst-a/#p9": "teksten/tekst-b/#p9"\n', "utf-8")
    moved = redirects.load(root)
    site = make_site(root, moved)
    with pytest.raises(EditionError) as caught:
        redirects.write_page_redirects(moved, site)
    assert [p.where for p in caught.value.problems] == ["redirects.yml:2", "redirects.yml:3", "redirects.yml:5"]
    assert not (site / "oud").exists()


def test_redirects_file_outside_the_repository_is_not_read(tmp_path):
    root = make_project(tmp_path)
    secret = tmp_path / "secret.yml"
    secret.write_text('pages:\n  "oud/": "over/"\n', "utf-8")
    (root / "redirects.yml").symlink_to(secret)
    with pytest.raises(EditionError, match=r"redirects\.yml:1"):
        redirects.load(root)


def test_not_utf8_names_the_line(tmp_path):
    root = make_project(tmp_path)
    (root / "redirects.yml").write_bytes(b'pages:\n  "oud/": "caf\xe9/"\n')
    with pytest.raises(EditionError, match=r"redirects\.yml:2: .*UTF-8"):
        redirects.load(root)


# ---------------------------------------------------------------------------------------------
# Valid redirects: written, escaped, and repeatable
# ---------------------------------------------------------------------------------------------

VALID = ('# old addresses\npages:\n  "teksten/oud-adres/": "teksten/tekst-a/"\nanchors:\n'
         '  "teksten/tekst-a/#p99": "teksten/tekst-b/#p2"\n  "teksten/oud-adres/#p7": "teksten/tekst-a/#p3"\n'
         '  "teksten/tekst-a/#oude-noot": "teksten/tekst-a/#fn:n1"\n')


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_valid_page_and_anchor_redirects_are_accepted_and_written(tmp_path):
    root = make_project(tmp_path)
    (root / "redirects.yml").write_text(VALID, "utf-8")
    moved = redirects.load(root)
    assert moved["pages"] == {"teksten/oud-adres/": TEXT_A}
    assert moved.where("anchors", "teksten/tekst-a/#p99") == "redirects.yml:5"
    site = make_site(root, moved)
    before = tree(site)
    redirects.write_page_redirects(moved, site)
    after = tree(site)
    assert set(after) - set(before) == {"teksten/oud-adres/index.html"}
    assert {k: v for k, v in after.items() if k in before} == before, "no built page is changed"

    page = (site / "teksten/oud-adres/index.html").read_text("utf-8")
    assert '<meta http-equiv="refresh" content="0; url=../../teksten/tekst-a/">' in page
    parsed = _Links()
    parsed.feed(page)
    moved_anchors = {a["data-from"]: a["href"] for tag, a in parsed.tags if tag == "a" and "data-from" in a}
    assert moved_anchors == {"p7": "../../teksten/tekst-a/#p3"}
    scripts = re.findall(r"<script>(.*?)</script>", page, re.DOTALL)
    assert scripts == [redirects._SCRIPT[len("<script>"):-len("</script>")]], "the script is constant"

    # The text page carries the anchor map that edition.js reads.
    holder = redirects._Ids()
    holder.feed((site / TEXT_A / "index.html").read_text("utf-8"))
    assert holder.map == {"p99": "teksten/tekst-b/#p2", "oude-noot": "teksten/tekst-a/#fn:n1"}

    redirects.write_page_redirects(moved, site)  # a second run may rewrite its own redirect pages
    assert tree(site) == after


def test_no_redirects_file_means_no_redirects(tmp_path):
    root = make_project(tmp_path)
    assert redirects.load(root) == {"pages": {}, "anchors": {}}
    (root / "redirects.yml").write_text("# nothing yet\npages:\nanchors: {}\n", "utf-8")
    assert redirects.load(root) == {"pages": {}, "anchors": {}}


def test_values_are_escaped_for_their_context():
    """Validated addresses cannot contain quotes, but the writers escape anyway: a non-ASCII page is
    percent-encoded in every URL (href, refresh), shown as text in the link, and the anchor map's JSON
    survives the attribute exactly."""
    page = redirects.redirect_page("oud/", "teksten/café/", {"x": "teksten/café/#p1"})
    assert 'content="0; url=../teksten/caf%C3%A9/"' in page
    assert 'href="../teksten/caf%C3%A9/#p1"' in page
    assert ">teksten/café/</a>" in page
    nasty = {"a": 'x"><script>alert(1)</script>&amp;'}
    html = redirects.anchor_script(nasty)
    assert "<script" not in html and html.count('"') == 6
    holder = redirects._Ids()
    holder.feed(html)
    assert holder.map == nasty


@pytest.mark.parametrize("address, kind", [
    ("teksten/2025-09-vrede-niet-in-zicht/", "page"), ("over/", "page"), ("teksten/café/", "page"),
    ("teksten/2022-03-byrne-isa/#fn:n1", "anchor"), ("teksten/x/#section-heading", "anchor"), ("apparaat/#x.y_z", "anchor"),
])
def test_ordinary_addresses_are_valid(address, kind):
    assert redirects.address_problem(address, kind) is None


# ---------------------------------------------------------------------------------------------
# One real build (module-scoped): valid redirects pass against the HTML MkDocs writes
# ---------------------------------------------------------------------------------------------

TEXT = "teksten/2025-09-vrede-niet-in-zicht/"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from project import copy_project, run_edition

    root = copy_project(tmp_path_factory.mktemp("redirects") / "project")
    (root / "redirects.yml").write_text(
        f'pages:\n  "teksten/oud-adres/": "{TEXT}"\nanchors:\n  "{TEXT}#p99": "{TEXT}#p14"\n'
        f'  "teksten/oud-adres/#p3": "{TEXT}#p5"\n', "utf-8")
    done = run_edition(root, "build", "--no-downloads")
    return root, done


def test_real_build_accepts_valid_redirects_and_writes_them(built):
    root, done = built
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    page = (root / "site" / "teksten" / "oud-adres" / "index.html").read_text("utf-8")
    assert f'url=../../{TEXT}"' in page and f'data-from="p3" href="../../{TEXT}#p5"' in page
    holder = redirects._Ids()
    holder.feed((root / "site" / TEXT / "index.html").read_text("utf-8"))
    assert holder.map == {"p99": f"{TEXT}#p14"} and "p14" in holder.ids

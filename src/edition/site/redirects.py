"""Redirects keep old addresses working: page redirects become small HTML pages in site/, anchor
redirects a map on the page that edition.js follows when the old anchor is opened.

redirects.yml is written by hand, so everything in it is checked before anything is written:

* `load` checks the shape (a mapping with only `pages` and `anchors`, each text → text) and every
  address: site-relative (no scheme, no leading `/`, no `.`/`..` segments, no backslash, no
  percent-encoding, no whitespace or control characters), pages ending in `/`, anchors
  `page/#id` with a plain id; and it refuses loops and chains (a target that is itself redirected).
* `write_page_redirects` runs after MkDocs wrote the site: every target must exist there (for an
  anchor, the page must have an element with that id), a redirect may not overwrite a page or file
  of the site, and every written path must stay inside the site directory.

All problems are collected and raised together, each with `redirects.yml:LINE`.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

from edition.editorial import yamlfile
from edition.errors import EditionError, Problem, did_you_mean
from edition.editorial.schemas import kind_of

FILE = "redirects.yml"
SECTIONS = ("pages", "anchors")
MARKER = '<meta name="generator" content="edition-redirect">'  # our own redirect pages may be rewritten

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
_SEGMENT = re.compile(r"^[\w.~\-]+$")
_ID = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_:.\-]*$", re.ASCII)
_MAX_SEGMENT, _MAX_ADDRESS = 100, 400
_FORM = ('Schrijf bijvoorbeeld:\n      pages:\n        "oud/adres/": "nieuw/adres/"\n      anchors:\n'
         '        "teksten/<slug>/#oud-anker": "teksten/<slug>/#nieuw-anker"')


class Redirects(dict):
    """{"pages": {old: new}, "anchors": {old: new}}, plus where each entry stands in redirects.yml."""

    def __init__(self, pages: dict | None = None, anchors: dict | None = None,
                 located: yamlfile.Located | None = None):
        super().__init__(pages=pages or {}, anchors=anchors or {})
        self.located = located

    def where(self, *key_path) -> str:
        return self.located.where(tuple(key_path)) if self.located is not None else f"{FILE}:1"


def _where(redirects: dict, *key_path) -> str:
    return redirects.where(*key_path) if isinstance(redirects, Redirects) else f"{FILE}:1"


def _show(text: str) -> str:
    """`text` for a message: invisible and control characters spelled out (U+000A)."""
    return "".join(c if c.isprintable() and not c.isspace() or c == " " else f"U+{ord(c):04X}" for c in text)


# ---------------------------------------------------------------------------------------------
# One address
# ---------------------------------------------------------------------------------------------

def _page_problem(path: str) -> str | None:
    """What is wrong with a page address (site-relative, ending in '/'), or None."""
    if not path.endswith("/"):
        return "een pagina-adres moet eindigen op ‘/’"
    segments = path[:-1].split("/")
    for segment in segments:
        if segment == "":
            return "het adres bevat een lege stap (‘//’)"
        if segment in (".", ".."):
            return f"de stap ‘{segment}’ is niet toegestaan (het adres zou buiten de site kunnen wijzen)"
        if len(segment) > _MAX_SEGMENT:
            return f"een deel van het adres is langer dan {_MAX_SEGMENT} tekens"
        if not _SEGMENT.match(segment):
            bad = next(c for c in segment if not _SEGMENT.match(c))
            return f"het teken ‘{_show(bad)}’ is niet toegestaan in een adres"
    return None


def address_problem(address, kind: str) -> str | None:
    """What is wrong with `address` as a site-relative address of `kind` ('page' or 'anchor')."""
    if not isinstance(address, str):
        return f"het adres moet tekst zijn (tussen aanhalingstekens), niet {kind_of(address)}"
    if address == "":
        return "het adres is leeg (een leeg adres is de startpagina; die kan niet worden omgeleid of doel zijn)"
    if len(address) > _MAX_ADDRESS:
        return f"het adres is langer dan {_MAX_ADDRESS} tekens"
    odd = [c for c in address if unicodedata.category(c)[0] in "CZ" or c.isspace()]
    if odd:
        return f"het adres bevat witruimte of een onzichtbaar teken ({', '.join(dict.fromkeys(f'U+{ord(c):04X}' for c in odd))})"
    if _SCHEME.match(address):
        return "externe doelen zijn niet toegestaan (het adres begint met een schema zoals ‘https:’ of ‘javascript:’)"
    if "\\" in address:
        return "een backslash (‘\\’) is niet toegestaan; gebruik ‘/’"
    if "%" in address:
        return "procentcodering (zoals ‘%2e’) is niet toegestaan; schrijf het adres zoals het in de site staat"
    if address.startswith("/"):
        return "het adres begint met ‘/’; schrijf het adres ten opzichte van de site, zonder ‘/’ vooraan"
    if kind == "page":
        if "#" in address:
            return "een pagina-omleiding kan geen anker (‘#…’) hebben; zet anker-omleidingen onder ‘anchors’"
        return _page_problem(address)
    page, hash_, anchor = address.partition("#")
    if not hash_ or not page:
        return "een anker-omleiding moet de vorm ‘pagina/#anker’ hebben"
    problem = _page_problem(page)
    if problem:
        return problem
    if not _ID.match(anchor) or len(anchor) > _MAX_SEGMENT:
        return (f"het anker ‘{_show(anchor)}’ is geen geldig anker (alleen letters, cijfers en ‘-’, ‘_’, ‘:’, ‘.’, "
                "niet langer dan 100 tekens)")
    return None


# ---------------------------------------------------------------------------------------------
# load: the file, its shape, every address, loops and chains
# ---------------------------------------------------------------------------------------------

def _read(root: Path) -> str | None:
    path = root / FILE
    if not path.exists() and not path.is_symlink():
        return None
    resolved = path.resolve()
    if not resolved.is_relative_to(root.resolve()) or not resolved.is_file():
        raise EditionError(Problem(f"{FILE}:1", "redirects.yml is geen gewoon bestand in de map van het project.",
                                   "Maak redirects.yml als gewoon bestand (geen koppeling naar elders)."))
    data = resolved.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise EditionError(Problem(f"{FILE}:{line}", f"het bestand is geen geldige UTF-8 (byte {exc.start}).",
                                   "Sla redirects.yml op als UTF-8.")) from None
    return text.removeprefix("\ufeff")


def _shape(located: yamlfile.Located, problems: list[Problem]) -> tuple[dict, dict]:
    data = located.data
    if not isinstance(data, dict):
        problems.append(Problem(located.where(()), f"redirects.yml moet een mapping zijn met ‘pages’ en ‘anchors’, "
                                                   f"niet {kind_of(data)}.", _FORM))
        return {}, {}
    for key in data:
        if key not in SECTIONS:
            problems.append(Problem(located.where((str(key),)), f"onbekende sleutel ‘{_show(str(key))}’."
                                    + did_you_mean(str(key), SECTIONS),
                                    "Alleen ‘pages’ (pagina-omleidingen) en ‘anchors’ (anker-omleidingen) zijn "
                                    "toegestaan."))
    sections = []
    for name in SECTIONS:
        section = data.get(name)
        if section is None:
            section = {}
        if not isinstance(section, dict):
            problems.append(Problem(located.where((name,)), f"‘{name}’ moet een mapping zijn van oud adres naar "
                                                            f"nieuw adres, niet {kind_of(section)}.", _FORM))
            section = {}
        sections.append(section)
    return sections[0], sections[1]


def _entries(located, name: str, section: dict, kind: str, problems: list[Problem]) -> dict[str, str]:
    good = {}
    folded: dict[str, str] = {}
    for old, new in section.items():
        where = located.where((name, str(old)))
        bad = False
        if isinstance(old, str):
            # `Oud/` and `oud/` are one path on macOS and Windows: one would overwrite the other there.
            twin = folded.setdefault(unicodedata.normalize("NFC", old).casefold(), old)
            if twin != old:
                problems.append(Problem(where, f"{name}: ‘{_show(old)}’ en ‘{_show(twin)}’ verschillen alleen in "
                                               "hoofdletters (of Unicode-schrijfwijze).",
                                        "Houd één van beide; adressen van de site zijn in kleine letters."))
                bad = True
        for role, address in (("het oude adres", old), ("het doel", new)):
            problem = address_problem(address, kind)
            if problem:
                shown = f" ‘{_show(address)}’" if isinstance(address, str) and address else ""
                form = "‘oud/adres/’: ‘nieuw/adres/’" if kind == "page" else "‘pagina/#oud’: ‘pagina/#nieuw’"
                problems.append(Problem(where, f"{name}: {role}{shown}: {problem}.",
                                        f"Schrijf elke omleiding als {form}, beide adressen binnen de site "
                                        "(zonder ‘https://’, ‘/’ vooraan of ‘..’)."))
                bad = True
        if not bad:
            good[old] = new
    return good


def _follow(start: str, step) -> tuple[list[str], bool]:
    """The addresses from `start` while `step` gives a next one; True when they loop."""
    chain, seen = [start], {start}
    while (nxt := step(chain[-1])) is not None:
        chain.append(nxt)
        if nxt in seen:
            return chain, True
        seen.add(nxt)
    return chain, False


def _chains(moved: Redirects, problems: list[Problem]) -> None:
    pages, anchors = moved["pages"], moved["anchors"]

    def page_step(address):
        return pages.get(address)

    def anchor_step(address):
        if address in anchors:
            return anchors[address]
        page, _, anchor = address.partition("#")
        return f"{pages[page]}#{anchor}" if page in pages else None

    for name, table, step in (("pages", pages, page_step), ("anchors", anchors, anchor_step)):
        for old in table:
            chain, loops = _follow(old, step)
            if not loops and len(chain) <= 2:
                continue
            where = moved.where(name, old)
            if loops:
                if chain[-1] != old:
                    what = "komt in een lus terecht"
                else:
                    what = "verwijst naar zichzelf" if len(chain) == 2 else "vormt een lus"
                problems.append(Problem(where, f"{name}: ‘{old}’ {what}: {' → '.join(chain)}.",
                                        "Laat elk oud adres naar een adres wijzen dat echt bestaat; verwijder de lus."))
            else:
                problems.append(Problem(where, f"{name}: het doel ‘{chain[1]}’ wordt zelf omgeleid "
                                               f"({' → '.join(chain)}).",
                                        f"Wijs direct naar ‘{chain[-1]}’."))


def _texts(root: Path, moved: Redirects, problems: list[Problem]) -> None:
    """A page redirect may not replace a text that is still in sources/ (caught early, before the build)."""
    from edition.readers.sourcefiles import SOURCE_SUFFIXES

    folder = root / "sources"
    slugs = {p.stem for p in folder.iterdir() if p.suffix in SOURCE_SUFFIXES} if folder.is_dir() else set()
    for old in moved["pages"]:
        parts = old.split("/")
        if len(parts) == 3 and parts[0] == "teksten" and parts[1] in slugs:
            problems.append(Problem(moved.where("pages", old),
                                    f"pages: ‘{old}’ zou de pagina van de tekst sources/{parts[1]}.txt overschrijven.",
                                    "Een omleiding is alleen voor een adres dat niet meer bestaat; verwijder deze "
                                    "regel of kies het oude adres."))


def load(root: Path) -> Redirects:
    """redirects.yml checked (shape, addresses, loops, chains); an empty set when there is none."""
    text = _read(root)
    if text is None:
        return Redirects({}, {})
    located = yamlfile.load(text, FILE)
    problems: list[Problem] = []
    pages, anchors = _shape(located, problems)
    moved = Redirects(_entries(located, "pages", pages, "page", problems),
                      _entries(located, "anchors", anchors, "anchor", problems), located)
    _chains(moved, problems)
    _texts(root, moved, problems)
    if problems:
        raise EditionError(problems)
    return moved


# ---------------------------------------------------------------------------------------------
# The anchor map on a text page
# ---------------------------------------------------------------------------------------------

def anchor_map(redirects: dict, page_url: str) -> dict[str, str]:
    """Old anchors on `page_url` → the address (relative to the site root) they now live at."""
    out = {}
    for old, new in redirects["anchors"].items():
        page, anchor = old.split("#", 1)
        if page == page_url:
            out[anchor] = new
    return out


def anchor_script(mapping: dict[str, str]) -> str:
    """The map as an inert element the page script reads (nothing when there are no redirects).
    The JSON is escaped for the attribute (html.escape with quotes): getAttribute gives it back exactly."""
    if not mapping:
        return ""
    return f'<div hidden class="ed-ui" id="ed-redirects" data-map="{html.escape(json.dumps(mapping), quote=True)}"></div>'


# ---------------------------------------------------------------------------------------------
# write_page_redirects: check against the built site, then write
# ---------------------------------------------------------------------------------------------

class _Ids(HTMLParser):
    """Every id in a page, and the anchor map (ed-redirects) if the page has one."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.map: dict = {}

    def handle_starttag(self, tag, attrs) -> None:
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if attrs.get("id") == "ed-redirects":
            try:
                found = json.loads(attrs.get("data-map") or "{}")
            except ValueError:
                found = {}
            self.map = found if isinstance(found, dict) else {}


class _Site:
    def __init__(self, site_dir: Path) -> None:
        self.root = Path(site_dir).resolve()
        self._pages: dict[str, _Ids | None] = {}

    def inside(self, *parts: str) -> Path | None:
        """site_dir/parts, resolved; None when it would lie outside the site (defence in depth)."""
        path = self.root.joinpath(*parts).resolve()
        return path if path.is_relative_to(self.root) else None

    def page_file(self, address: str) -> Path | None:
        return self.inside(*address.split("/")[:-1], "index.html")

    def page(self, address: str) -> _Ids | None:
        """The parsed built page at `address`, or None when the site has no such page."""
        if address not in self._pages:
            path = self.page_file(address)
            parsed = None
            if path is not None and path.is_file():
                parsed = _Ids()
                parsed.feed(path.read_text("utf-8", errors="replace"))
                parsed.close()
            self._pages[address] = parsed
        return self._pages[address]

    def blocker(self, address: str) -> str | None:
        """Why a redirect page cannot be written at `address`, or None."""
        target = self.page_file(address)
        if target is None:
            return "zou buiten de site geschreven worden"
        rel = target.parent.relative_to(self.root)
        for depth in range(1, len(rel.parts) + 1):  # a file where a folder must come
            part = self.root.joinpath(*rel.parts[:depth])
            if part.exists() and not part.is_dir():
                return f"zou het bestand ‘{part.relative_to(self.root).as_posix()}’ van de site overschrijven"
        if target.exists():
            if target.is_file() and MARKER in target.read_text("utf-8", errors="replace"):
                return None  # a redirect page of an earlier run
            return f"zou de pagina ‘{address}’ van de site overschrijven"
        if target.parent.is_dir() and any(target.parent.iterdir()):
            # assets/, search/: a page there would sit among the theme's files, as if it were one of them.
            return f"is een bestaande map van de site (‘{rel.as_posix()}/’, bijvoorbeeld van het thema)"
        return None


def check_against_site(redirects: dict, site_dir: Path) -> list[Problem]:
    """The problems of `redirects` against the built site in `site_dir` (targets exist, nothing overwritten)."""
    site = _Site(site_dir)
    pages, anchors = redirects["pages"], redirects["anchors"]
    problems = []
    fix_target = "Controleer het adres in de gebouwde site (map site/) en schrijf het precies zo."
    for old, new in pages.items():
        where = _where(redirects, "pages", old)
        blocked = site.blocker(old)
        if blocked:
            problems.append(Problem(where, f"pages: ‘{old}’ {blocked}.",
                                    "Een omleiding is alleen voor een adres dat niet meer bestaat; verwijder deze "
                                    "regel of kies het oude adres."))
        if site.page(new) is None:
            problems.append(Problem(where, f"pages: het doel ‘{new}’ van ‘{old}’ bestaat niet in de site.", fix_target))
    for old, new in anchors.items():
        where = _where(redirects, "anchors", old)
        old_page, _, old_id = old.partition("#")
        if old_page not in pages:  # on a redirect page the old anchors go with the page redirect
            built = site.page(old_page)
            if built is None:
                problems.append(Problem(where, f"anchors: de pagina ‘{old_page}’ van ‘{old}’ bestaat niet in de site.",
                                        "Een oud anker staat op een tekstpagina die bestaat, of op een pagina die "
                                        "onder ‘pages’ wordt omgeleid."))
            elif old_id in built.ids:
                problems.append(Problem(where, f"anchors: het anker ‘#{old_id}’ bestaat nog op ‘{old_page}’; een "
                                               "omleiding zou lezers wegsturen van wat daar nu staat.",
                                        "Een anker-omleiding is alleen voor een anker dat niet meer bestaat; verwijder "
                                        "deze regel."))
            elif built.map.get(old_id) != new:
                problems.append(Problem(where, f"anchors: ‘{old_page}’ is geen tekstpagina; daar werkt een "
                                               f"anker-omleiding niet.",
                                        "Anker-omleidingen werken op tekstpagina's (teksten/<slug>/) en op pagina's "
                                        "die onder ‘pages’ worden omgeleid."))
        new_page, _, new_id = new.partition("#")
        built = site.page(new_page)
        if built is None:
            problems.append(Problem(where, f"anchors: de pagina ‘{new_page}’ van het doel ‘{new}’ bestaat niet in de site.",
                                    fix_target))
        elif new_id not in built.ids:
            problems.append(Problem(where, f"anchors: de pagina ‘{new_page}’ heeft geen anker ‘#{new_id}’ (doel van "
                                           f"‘{old}’).", fix_target))
    return problems


def _href(address: str) -> str:
    """A site-relative address as a URL (percent-encoded; validated addresses have no quotes or ';')."""
    page, hash_, anchor = address.partition("#")
    return quote(page, safe="/-._~") + (hash_ + quote(anchor, safe=":-._~") if hash_ else "")


# Constant: no value from redirects.yml is ever written into the script.
_SCRIPT = ("<script>(function(){var h=location.hash,id=h.slice(1);try{id=decodeURIComponent(id)}catch(e){}"
           "var to=document.getElementById(\"ed-moved\").href+h,m=document.querySelectorAll(\"a[data-from]\");"
           "for(var i=0;i<m.length;i++){if(m[i].getAttribute(\"data-from\")===id){to=m[i].href;break}}"
           "location.replace(to)})()</script>")


def redirect_page(old: str, new: str, anchors: dict[str, str]) -> str:
    """The HTML of the redirect page at `old`; `anchors` (old id → new address) go elsewhere than `new#id`."""
    up = "../" * len([p for p in old.split("/") if p])
    href = html.escape(up + _href(new), quote=True)
    moved = "".join(f'<a data-from="{html.escape(anchor, quote=True)}" href="{html.escape(up + _href(to), quote=True)}">'
                    f"{html.escape(to)}</a>" for anchor, to in sorted(anchors.items()))
    return ("<!doctype html>\n<html lang=\"nl\"><head><meta charset=\"utf-8\">" + MARKER +
            f"<title>Verplaatst</title><meta http-equiv=\"refresh\" content=\"0; url={href}\">"
            f"<link rel=\"canonical\" href=\"{href}\"></head>"
            f"<body><p>Deze pagina is verplaatst naar <a id=\"ed-moved\" href=\"{href}\">{html.escape(new)}</a>.</p>"
            + (f"<div hidden>{moved}</div>" if moved else "") + _SCRIPT + "</body></html>\n")


def write_page_redirects(redirects: dict, site_dir: Path) -> None:
    """Check `redirects` against the site MkDocs built in `site_dir`, then write a page per page redirect."""
    problems = check_against_site(redirects, site_dir)
    if problems:
        raise EditionError(problems)
    site = _Site(site_dir)
    for old, new in redirects["pages"].items():
        target = site.page_file(old)
        assert target is not None and target.is_relative_to(site.root), old  # checked above
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(redirect_page(old, new, anchor_map(redirects, old)), "utf-8")
        except OSError as exc:
            raise EditionError(Problem(_where(redirects, "pages", old),
                                       f"pages: de omleiding ‘{old}’ kon niet worden geschreven ({exc.strerror}).",
                                       "Kies een ander oud adres.")) from None

"""Stage 11 – the offline copy: the site as one zip that works from `file://`, search included.

What Material's offline plugin does, done as a build variant so that nothing comes from a CDN and
the site keeps its directory URLs (the edition's own HTML links, e.g. `../../apparaat/<slug>/`,
are written for them):

* the variant is built into `build/offline-site/` with the iframe-worker shim as a polyfill (the
  browser refuses a Web Worker from `file://`; the shim runs Material's search worker in an
  iframe).  The shim comes from the npm registry (`package.json`, installed by `make setup`),
  never from unpkg at reading time;
* instant navigation is off (it fetches pages, which `file://` does not allow);
* Material's lunr search is on (mkdocs.yml has it off: the site searches with Pagefind, which
  fetches its index and WebAssembly, and a browser refuses both from `file://`);
* every relative link to a directory gets `index.html` (a browser shows a directory listing
  for `file:///…/teksten/x/`), also in the search index;
* the search index is also written as `search/search_index.js` (`var __index = …`), which
  Material loads from `file://` instead of fetching the JSON;
* the zip is reproducible: sorted entries, every timestamp the sources' date.
"""

from __future__ import annotations

import html as htmllib
import json
import re
import shutil
from datetime import datetime, timezone
from pathlib import Path

from edition.errors import EditionError, Problem
from edition.site.downloads import DOWNLOADS, OFFLINE_ZIP

SHIM = Path("node_modules/iframe-worker/shim/index.js")
SHIM_IN_SITE = "assets/javascripts/iframe-worker-shim.js"
FOLDER = "oorlog-in-oekraine"  # the folder the zip unpacks to
OFFLINE_DIR = Path("build/offline-site")

_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//|#|/)", re.I)
_ATTR = re.compile(r'(\s(?:href|src)=")([^"]*)(")')
_REFRESH = re.compile(r'(<meta http-equiv="refresh" content="\d+;\s*url=)([^"]*)(")', re.I)


def shim_path(root: Path) -> Path:
    path = root / SHIM
    if not path.is_file():
        raise EditionError(Problem(str(SHIM), "het npm-pakket iframe-worker ontbreekt (nodig voor zoeken in de "
                                   "offline-versie).", "Voer `make setup` uit (installeert package.json met npm ci)."))
    return path


def configure(config: dict) -> None:
    """The MkDocs configuration of the offline variant (called on the loaded config)."""
    config["extra"].setdefault("polyfills", [])
    config["extra"]["polyfills"].append(SHIM_IN_SITE)
    search = config["plugins"].get("material/search")
    if search is None:
        raise EditionError(Problem("mkdocs.yml", "de zoekfunctie van Material (`- search:` onder `plugins:`) "
                                   "ontbreekt; de offline-versie zoekt daarmee.",
                                   "Zet `- search:` terug onder `plugins:` in mkdocs.yml (zie git diff mkdocs.yml)."))
    search.config.enabled = True  # read by the plugin's events and by overrides/partials/header.html
    features = config["theme"]["features"]
    if "navigation.instant" in features:
        features.remove("navigation.instant")


def local_link(url: str) -> str:
    """`url` as it must read from `file://`: a link to a directory gets `index.html`."""
    if not url or _EXTERNAL.match(url):
        return url
    path, hash_, fragment = url.partition("#")
    path, q, query = path.partition("?")
    if path.rsplit("/", 1)[-1] in ("", ".", ".."):  # 'x/', '.', '../..': a directory
        path = (path if path.endswith("/") else path + "/") + "index.html"
    return path + q + query + hash_ + fragment


def _rewrite_html(text: str, online_zip: str) -> str:
    def attr(m: re.Match) -> str:
        url = htmllib.unescape(m.group(2))  # the edition writes '#' as '&#35;' in its own HTML
        if url.endswith(f"/{OFFLINE_ZIP}") or url == OFFLINE_ZIP:
            new = online_zip  # the copy does not contain itself
        else:
            new = local_link(url)
        return m.group(0) if new == url else m.group(1) + htmllib.escape(new) + m.group(3)
    text = _ATTR.sub(attr, text)
    return _REFRESH.sub(lambda m: m.group(1) + local_link(m.group(2)) + m.group(3), text)


RAW_SEARCH = Path("build/cache/offline-search.json")  # the variant's search index as MkDocs wrote it


def merge_search(site: Path, previous: dict, rebuilt: set[str]) -> bool:
    """After a dirty build of the variant: Material's search plugin indexed only the pages it
    rendered again (`rebuilt`: their URLs, `incremental.page_url`); the index of the last build
    (`previous`, as MkDocs wrote it) gives the others.  Each page's entries stay where they were,
    so the index is the one a full build writes.  False (nothing written) when a rebuilt page has
    entries the last index had no place for: then only a full build knows the order."""
    index_file = site / "search" / "search_index.json"
    new = json.loads(index_file.read_text("utf-8"))
    fresh: dict[str, list] = {}
    for entry in new["docs"]:
        fresh.setdefault(entry["location"].split("#")[0], []).append(entry)
    order: dict[str, list] = {}
    for entry in previous.get("docs", []):
        order.setdefault(entry["location"].split("#")[0], []).append(entry)
    if not set(fresh) <= set(order):
        return False
    rebuilt = rebuilt | set(fresh)  # a page MkDocs rendered again for its own reasons: its entries are new too
    docs = [e for page, entries in order.items() for e in (fresh.get(page, []) if page in rebuilt else entries)]
    # As Material writes it (plugins/search/plugin.py, generate_search_index).
    index_file.write_text(json.dumps({**new, "docs": docs}, separators=(",", ":"), default=str), "utf-8")
    return True


def _rewrite_search(site: Path) -> None:
    index_file = site / "search" / "search_index.json"
    index = json.loads(index_file.read_text("utf-8"))
    for doc in index["docs"]:
        doc["location"] = local_link(doc["location"]) if doc["location"] else "index.html"
    data = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    index_file.write_text(data, "utf-8")
    (site / "search" / "search_index.js").write_text(f"var __index = {data}", "utf-8")


def finish(root: Path, site: Path, site_url: str) -> None:
    """Turn a built variant into the offline copy (in place)."""
    shutil.copyfile(shim_path(root), site / SHIM_IN_SITE)
    online_zip = f"{site_url.rstrip('/')}/{DOWNLOADS}/{OFFLINE_ZIP}"
    for page in sorted(site.rglob("*.html")):
        text = page.read_text("utf-8")
        new = _rewrite_html(text, online_zip)
        if new != text:
            page.write_text(new, "utf-8")
    _rewrite_search(site)
    for sitemap in site.glob("sitemap.xml*"):
        sitemap.unlink()  # addresses of the online site; of no use offline


# Files already compressed inside (`zip -n`): deflating the PDFs again took 40 % of the zip's
# time at 160 texts and made it 4 % smaller (28.8 of 30.1 MB).
STORED_SUFFIXES = (".pdf", ".png", ".jpg", ".jpeg", ".woff", ".woff2", ".zip", ".gz")


def write_zip(site: Path, target: Path, epoch: int, previous: Path | None = None) -> int:
    """A reproducible zip of `site` under the folder FOLDER; returns its size in bytes.  `previous`:
    the last zip, whose members are taken over where a file did not change (zipwrite.py)."""
    from edition.site import zipwrite

    stamp = datetime.fromtimestamp(max(epoch, 315532800), tz=timezone.utc).timetuple()[:6]  # zip starts at 1980
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    members = [(f"{FOLDER}/{path.relative_to(site).as_posix()}", path, path.suffix.lower() in STORED_SUFFIXES)
               for path in sorted(p for p in site.rglob("*") if p.is_file())]
    zipwrite.write(members, tmp, stamp, previous)
    tmp.replace(target)
    return target.stat().st_size

"""What one `edition serve` process keeps from one build to the next.

MkDocs loads mkdocs.yml again for every build of `mkdocs serve`, and with it executes the hooks
module (hooks/edition_hooks.py) afresh: a value kept in that module does not survive a save.  What
the serve process must remember between its builds lives here, in a module Python imports once:
the cache's objects (`edition.cache.Memory`), the shape of the pages each preview holds, the
pages' front matter as last read, the theme's file listing, and the one background indexer; and
`warm_up`, which readies in the background what the first save would otherwise wait for.
`edition build` uses none of it (one build per process).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from edition.cache import Memory


class Indexer:
    """One background thread that indexes the last site dir it was asked for, once per burst of
    requests: saves during a run make one more run, not one each."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._wanted: Path | None = None
        self._thread: threading.Thread | None = None

    def want(self, site_dir: Path) -> None:
        with self._cond:
            self._wanted = site_dir
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="pagefind", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        from edition.errors import EditionError
        from edition.site.search import index_site

        while True:
            with self._cond:
                site_dir, self._wanted = self._wanted, None
                if site_dir is None:
                    self._thread = None
                    return
            try:
                index_site(site_dir)
            except EditionError as exc:
                print("edition: zoekindex niet gemaakt:\n" + "\n".join(f"  {p}" for p in exc.problems), flush=True)
            except OSError as exc:  # the preview was emptied meanwhile (a new shape): the next run makes it
                print(f"edition: zoekindex niet gemaakt ({exc.strerror}); bij de volgende wijziging opnieuw.",
                      flush=True)


def warm_up(root: Path) -> threading.Thread:
    """Start, in the background, what the first save would otherwise pay for (most of a second and a
    half at 40 texts: the word lists, wordfreq's import and tables, the regular expressions of the
    cleaning and of the work list compiled on first use): one text cleaned, its YAML applied and its
    work list collected, in memory (only the word lists' cache entry is stored, as any build stores
    it).  Nothing is said: the builds say whatever is wrong with a text.  Returns the thread (the
    tests wait for it)."""

    def run() -> None:
        from edition import cache as build_cache, review
        from edition.pipeline import build_document
        from edition.readers.sourcefiles import find_sources

        try:
            found = find_sources(root)
            if found:
                build_cache.word_list(build_cache.Cache(root))
                review.collect(build_document(found[0], root))
        except Exception:  # noqa: BLE001 – a warm-up that fails costs the first save time, nothing else
            pass

    thread = threading.Thread(target=run, name="warm-up", daemon=True)
    thread.start()
    return thread


@dataclass
class Session:
    memory: Memory = field(default_factory=Memory)
    shapes: dict[str, str] = field(default_factory=dict)  # preview's site_dir → the shape of its pages
    sources: dict[str, tuple[str, str, dict]] = field(default_factory=dict)  # page path → (source, Markdown, meta)
    listings: dict[tuple, list[str]] = field(default_factory=dict)  # theme folders' key → their templates
    indexer: Indexer = field(default_factory=Indexer)


SESSION = Session()  # the serve process's; the hooks reach it as edition.site.serving.SESSION

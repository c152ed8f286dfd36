"""The `edition` command: build, serve, clean, check, bench.

Whatever goes wrong, an editor sees a message, never a Python traceback: the problems of the input
(EditionError), Ctrl-C, a failing environment (a full disk, no permission, a file where a directory
belongs, a busy port: OSError, said in Dutch with the path and the fix), and, for anything else, one
line that says it is an internal error to report (the traceback only with EDITION_DEBUG=1).
"""

from __future__ import annotations

import argparse
import errno
import os
import sys
from pathlib import Path

from edition.dutch import count, decimal
from edition.errors import EditionError, Problem


def _summary(result) -> None:
    for doc in result.docs:
        doubtful = [d for d in doc.decisions if d.doubtful]
        still_open = sum(1 for d in doubtful if "confirmed" not in d.data)
        numbered = sum(1 for b in doc.blocks if b.number)
        worklist = result.worklist.get(doc.path, 0)
        paragraphs = count(numbered, "alinea", "alinea's")
        print(f"  {doc.path}: opmaak {doc.layout}, {paragraphs}, "
              f"{count(len(doc.interventions), 'ingreep', 'ingrepen')}, "
              f"{count(still_open, 'open twijfelgeval', 'open twijfelgevallen')} "
              f"({len(doubtful) - still_open} nagekeken), werklijst: {worklist} open")


def _drafts_and_notices(result) -> None:
    """The texts left out (or shown as concepts) and what the build says without stopping."""
    if result.drafts:
        where = "in de site als concept" if result.drafts_shown else "niet gepubliceerd"
        print(f"Concepten ({where}; wat er nog ontbreekt staat in review/review.md):")
        for d in result.drafts:
            reasons = d.reasons()
            print(f"  {d.doc.path}: {reasons[0]}" + (f" (en nog {len(reasons) - 1})" if len(reasons) > 1 else ""))
    if result.notices:
        print("Meldingen:")
        for n in result.notices:
            print(f"  {n}")


def cmd_build(args) -> int:
    from edition.build import REVIEW, build_all, find_root, generate, site_url
    from edition.lock import build_lock

    root = find_root()
    with build_lock(root, "build"):
        if args.no_site:
            from edition.cache import Cache

            result = generate(root, include_drafts=args.drafts, cache=Cache(root, enabled=not args.no_cache))
        else:
            result = build_all(root, downloads=not args.no_downloads, include_drafts=args.drafts,
                               use_cache=not args.no_cache)
    print("Editie gebouwd:" if not args.no_site else "Markdown gegenereerd:")
    _summary(result)
    _drafts_and_notices(result)
    print(f"Getrouwheidscontrole geslaagd voor {count(len(result.docs), 'tekst', 'teksten')}"
          f"{'' if args.no_site else ' (op de gebouwde HTML)'}.")
    if result.site_build:
        print(f"Site {result.site_build}.")
    if result.pdfs:
        from edition.site.downloads import DOWNLOADS, size_label

        print(f"Pdf's in docs/{DOWNLOADS}/ (getrouwheid ook op de tekst van elke pdf gecontroleerd):")
        cached = set(result.cache.hit("pdf")) if result.cache is not None else set()
        for m in result.pdfs:
            made = "ongewijzigd, uit build/cache/" if m.name in cached else f"{decimal(m.seconds)} s"
            if m.name not in cached and getattr(m, "parts", 1) > 1 and m.parts_cached:
                made += f" ({m.parts - m.parts_cached} van de {m.parts} delen opnieuw opgemaakt, de rest uit build/cache/)"
            print(f"  {m.name}: {m.pages} blz., {size_label(m.size)}, {made}")
    if result.offline_zip is not None:
        from edition.site.downloads import size_label

        print(f"Offline-versie: {result.offline_zip.relative_to(root)} "
              f"({size_label(result.offline_zip.stat().st_size)})")
    print(f"Controlerapport voor de redactie: {REVIEW}")
    local = _local_address_notice(site_url(root))
    if local:
        print(local)
    return 0


def _local_address_notice(url: str) -> str | None:
    """Said after a build whose address is the local default: the citations, the PDFs and the
    sitemap then point at this machine, which is right for a preview and wrong for publishing."""
    from edition.build import DEFAULT_SITE_URL

    if url != DEFAULT_SITE_URL:
        return None
    return (f"Let op: SITE_URL is niet gezet, dus citeerwijzen, pdf's en sitemap verwijzen naar {url} "
            "(alleen voor een voorvertoning). Voor publicatie: SITE_URL=https://… make build")


def cmd_check(args) -> int:
    from edition.build import check_all, find_root

    root = find_root()
    result = check_all(root)  # every check of `build` that does not need the built site or PDFs
    print("Alle bronnen, YAML-bestanden, registers, de bibliografie, redirects.yml en mkdocs.yml zijn in orde; "
          "getrouwheid van het documentmodel en van de pagina's (als HTML zonder thema) gecontroleerd:")
    _summary(result)
    _drafts_and_notices(result)
    print("Alleen `edition build` controleert nog: de gebouwde site (thema, doorverwijzingen) en de pdf's.")
    return 0


def cmd_new(args) -> int:
    from edition.editorial.skeleton import write_skeleton

    written = write_skeleton(Path(args.path))
    print(f"{written} geschreven: een voorstel met TODO bij elke waarde die u moet nakijken. Zolang er een TODO in "
          "staat, is de tekst een concept (te zien in `edition serve`, niet in `edition build`).")
    return 0


def cmd_clean(args) -> int:
    from edition.pipeline import build_document, clean_text
    from edition.apparatus.number import number
    from edition.site.render import render_markdown
    from edition.readers.sourcefiles import read_source

    path = Path(args.path)
    if not path.exists():
        print(f"{path}: bestand niet gevonden.", file=sys.stderr)
        return 2
    if args.with_yaml and path.with_suffix(".yml").exists():
        doc = build_document(path.resolve(), Path.cwd().resolve())
    else:
        # The reader follows the suffix (pipeline.clean_text): .txt through the cleaning stages, .pdf, .html
        # and .docx through their reader (edition.readers).
        doc = clean_text(read_source(path, str(path)), str(path))
        number(doc)
    sys.stdout.write(render_markdown(doc, with_card=False))
    if args.explain:
        for d in doc.decisions:
            mark = "?" if d.doubtful else " "
            print(f"{mark} {doc.where(d.line)} [{d.rule}] {d.message}", file=sys.stderr)
    return 0


def _dev_addr(value: str) -> tuple[str, int]:
    """`HOST:PORT` of --dev-addr (as MkDocs reads it), or a clear problem."""
    import ipaddress

    host, sep, port = value.rpartition(":")
    host = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    try:
        if host != "localhost":
            ipaddress.ip_address(host)
        number = int(port)
        if not sep or not 0 < number < 65536:
            raise ValueError
    except ValueError:
        raise EditionError(Problem(f"--dev-addr {value}", "geen geldig adres (verwacht IP:POORT).",
                                   "Bijvoorbeeld `edition serve --dev-addr 127.0.0.1:8001`.")) from None
    return host, number


def _shown_addr(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def _bind(host: str, port: int) -> None:
    """Bind (and release) HOST:PORT the way MkDocs' server will; OSError when it cannot."""
    import socket

    family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as http.server does
        probe.bind(address)


def _port_problem(host: str, port: int, exc: OSError) -> EditionError:
    where = f"--dev-addr {_shown_addr(host, port)}"
    if exc.errno == errno.EADDRINUSE:
        free = next((p for p in range(port + 1, min(port + 100, 65536)) if _can_bind(host, p)), port + 1)
        return EditionError(Problem(where, f"poort {port} is al in gebruik (door een ander programma, of een "
                                    "`edition serve` in een andere map).",
                                    f"Gebruik `edition serve --dev-addr {_shown_addr(host, free)}`, of stop het "
                                    f"programma dat poort {port} gebruikt."))
    if exc.errno in (errno.EACCES, errno.EPERM):
        return EditionError(Problem(where, f"geen toegang tot poort {port} (poorten onder 1024 zijn voor de "
                                    "beheerder).", "Gebruik een poort boven 1024, bijvoorbeeld "
                                    f"`edition serve --dev-addr {_shown_addr(host, 8000)}`."))
    if exc.errno == errno.EADDRNOTAVAIL or not isinstance(exc.errno, int):
        return EditionError(Problem(where, f"het adres {host} hoort niet bij deze computer.",
                                    f"Gebruik `edition serve --dev-addr {_shown_addr('127.0.0.1', port)}`."))
    return EditionError(os_problem(exc))


def _can_bind(host: str, port: int) -> bool:
    try:
        _bind(host, port)
    except OSError:
        return False
    return True


def cmd_serve(args) -> int:
    from mkdocs.commands.serve import serve
    from mkdocs.exceptions import Abort

    from edition.build import dirty_mode, find_root, preview, source_date_epoch
    from edition.lock import build_lock

    host, port = _dev_addr(args.dev_addr)
    root = find_root()
    with build_lock(root, "serve"):
        # Said before the build, not after it: MkDocs binds the port only once the site is built.
        try:
            _bind(host, port)
        except OSError as exc:
            raise _port_problem(host, port, exc) from None
        preview(root)  # a preview: drafts are shown, with their banner
        from edition.site.serving import warm_up

        warm_up(root)
        os.environ["EDITION_SERVE"] = "1"  # the MkDocs hook regenerates when a source changes
        os.environ.setdefault("SOURCE_DATE_EPOCH", source_date_epoch(root))
        os.chdir(root)
        try:
            # Dirty: after a save MkDocs renders only the pages whose Markdown changed; the hook
            # empties the preview when the site's shape changed (edition.site.incremental).
            with dirty_mode(True):
                serve(config_file=str(root / "mkdocs.yml"), dev_addr=args.dev_addr, livereload=True,
                      build_type="dirty",
                      # sources/, registers/, bibliography/ and docs/: watched by the hook (on_serve).
                      watch=[str(root / name) for name in ("redirects.yml",) if (root / name).exists()])
        except Abort as exc:
            raise EditionError(Problem("mkdocs.yml", f"MkDocs kon niet starten: {exc}",
                                       "Los de meldingen van MkDocs hierboven op.")) from None
        except OSError as exc:
            if exc.errno in (errno.EADDRINUSE, errno.EADDRNOTAVAIL):  # taken between the check and the start
                raise _port_problem(host, port, exc) from None
            raise
    return 0


def cmd_clean_build(args) -> int:
    import shutil

    from edition.build import GENERATED_DIRS, GENERATED_FILES, REVIEW, find_root, remove_stale_builds
    from edition.lock import build_lock

    root = find_root()
    with build_lock(root, "clean-build"):
        remove_stale_builds(root)  # what killed builds left next to site/
        for d in (*GENERATED_DIRS, "site"):
            shutil.rmtree(root / d, ignore_errors=True)
        for f in (*GENERATED_FILES, REVIEW):
            (root / f).unlink(missing_ok=True)
    print("Gegenereerde bestanden en site/ verwijderd.")
    return 0


def cmd_bench(args) -> int:
    from edition.bench import run
    from edition.build import find_root
    from edition.lock import build_lock

    if args.scale:  # works in a copy of the project: this tree is only read
        if args.scale < 1:
            raise EditionError(Problem(f"--scale {args.scale}", "de factor moet minstens 1 zijn.",
                                       "Bijvoorbeeld `edition bench --scale 10`."))
        return run(args)
    with build_lock(find_root(), "bench"):  # it writes the generated pages
        return run(args)


# errno → (what, fix) in the editor's words.
_OS_ERRORS = {
    errno.ENOSPC: ("schijf vol", "Maak ruimte vrij op de schijf en voer het commando opnieuw uit."),
    errno.EDQUOT: ("schijfquotum vol", "Maak ruimte vrij (of vraag een groter quotum) en voer het commando "
                   "opnieuw uit."),
    errno.EACCES: ("geen toegang", "Geef uzelf lees- en schrijfrechten op dit pad (bijvoorbeeld `chmod u+rw`), "
                   "of werk in een kopie van het project die van u is."),
    errno.EROFS: ("alleen-lezen bestandssysteem", "Werk in een kopie van het project op een schijf waarop u mag "
                  "schrijven."),
    errno.EISDIR: ("is een map, maar hier hoort een bestand", "Hernoem of verwijder deze map (bewaar eerst wat u "
                   "nodig hebt) en voer het commando opnieuw uit."),
    errno.ENOTDIR: ("is een bestand, maar hier hoort een map", "Hernoem of verwijder dit bestand (bewaar het eerst "
                    "als u het nodig hebt) en voer het commando opnieuw uit."),
    errno.ENOENT: ("bestaat niet", "Controleer of het bestand er is; ontbreekt een onderdeel van de installatie, "
                   "voer dan `make setup` uit."),
    errno.ENAMETOOLONG: ("naam te lang", "Werk in een map met een korter pad, of kies een kortere bestandsnaam."),
    errno.EMFILE: ("te veel open bestanden", "Sluit andere programma's of verhoog de limiet (`ulimit -n 4096`) "
                   "en probeer het opnieuw."),
    errno.EIO: ("lees- of schrijffout van de schijf", "Controleer de schijf (is een USB-schijf losgeraakt?) en "
                "probeer het opnieuw."),
    errno.ELOOP: ("te veel symbolische koppelingen (een kringloop?)", "Controleer de symbolische koppelingen op "
                  "dit pad."),
    errno.EBUSY: ("in gebruik door een ander programma", "Sluit het programma dat dit pad gebruikt en probeer het "
                  "opnieuw."),
    errno.ENOTEMPTY: ("map is niet leeg", "Verwijder de inhoud van deze map, of de map zelf, en probeer het "
                      "opnieuw."),
    errno.EXDEV: ("verplaatsen naar een andere schijf kan niet", "Houd site/ en de projectmap op dezelfde schijf."),
    errno.ETXTBSY: ("in gebruik door een ander programma", "Sluit het programma en probeer het opnieuw."),
}
_OS_ERRORS[errno.EPERM] = _OS_ERRORS[errno.EACCES]
_OS_ERRORS[errno.ENFILE] = _OS_ERRORS[errno.EMFILE]


def _shown_path(name) -> str:
    """A path as the editor knows it: relative to the project (else as it came)."""
    from edition.build import find_root

    path = Path(os.fsdecode(name))
    try:
        here = Path.cwd()
        absolute = path if path.is_absolute() else here / path
        try:
            base = find_root(here)
        except EditionError:
            base = here
        return (absolute.relative_to(base).as_posix() or ".") if absolute.is_relative_to(base) else str(path)
    except OSError:  # the working directory itself is gone
        return str(path)


def _not_a_directory(name) -> Path | None:
    """The part of path `name` that is a file where a directory belongs, if there is one."""
    path = Path(os.fsdecode(name))
    for part in (path, *path.parents):
        if part.exists() and not part.is_dir():
            return part
    return None


def os_problem(exc: OSError) -> Problem:
    """What went wrong in the environment, with the path and the fix, in Dutch (never a repr).
    Public for the MkDocs hook, which reports a failed regeneration under `edition serve`."""
    code = exc.errno if isinstance(exc.errno, int) else None
    name = exc.filename
    if code in (errno.ENOTDIR, errno.EEXIST) and name is not None:
        blocker = _not_a_directory(name)
        if blocker is not None:  # mkdir over a file, or a path through one
            name, code = blocker, errno.ENOTDIR
    if code in _OS_ERRORS:
        what, fix = _OS_ERRORS[code]
    elif code == errno.EEXIST:
        what, fix = "bestaat al", "Hernoem of verwijder het en probeer het opnieuw."
    else:
        detail = exc.strerror or (exc.args[0] if exc.args and isinstance(exc.args[0], str) else "")
        label = errno.errorcode.get(code, "") if code is not None else ""
        what = "systeemfout" + (f" {label}" if label else "") + (f" ({detail})" if detail else "")
        fix = "Controleer dit pad en de schijf, en probeer het opnieuw."
    if name is None:
        where = _shown_path(".")
        what += " (bij het lezen of schrijven van een bestand in deze map)"
    else:
        where = _shown_path(name)
        if exc.filename2 is not None:
            where += f" → {_shown_path(exc.filename2)}"
    return Problem(where, what + ".", fix)


def _site_note(command: str) -> str:
    """For a failed build: the previous site/ (if there is one) is still there."""
    if command != "build":
        return ""
    try:
        from edition.build import SITE, find_root

        return "De vorige site/ is ongewijzigd." if (find_root() / SITE).is_dir() else ""
    except (EditionError, OSError):
        return ""


def _report(command: str, problems: list[Problem]) -> None:
    print(f"edition {command}: {count(len(problems), 'probleem', 'problemen')}:", file=sys.stderr)
    for problem in problems:
        print(f"  {problem}", file=sys.stderr)
    note = _site_note(command)
    if note:
        print(note, file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="edition", description="Bouw de digitale editie.")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("build", help="bronnen → Markdown → site/ (met getrouwheidscontrole)")
    p.add_argument("--no-site", action="store_true", help="alleen Markdown en rapporten genereren")
    p.add_argument("--no-downloads", action="store_true",
                   help="zonder pdf's en offline-zip (sneller, om de website te bekijken)")
    p.add_argument("--drafts", action="store_true",
                   help="voorvertoning: ook de concepten (teksten die nog niet af zijn) in de site")
    p.add_argument("--no-cache", action="store_true",
                   help="alles opnieuw maken, zonder build/cache/ te gebruiken of bij te werken")
    p.set_defaults(func=cmd_build)
    p = sub.add_parser("serve", help="bouwen en serveren op http://127.0.0.1:8000/")
    p.add_argument("--dev-addr", default="127.0.0.1:8000")
    p.set_defaults(func=cmd_serve)
    p = sub.add_parser("clean", help="toon de opgeschoonde Markdown van één bron (.txt, .pdf, .html, .docx)")
    p.add_argument("path")
    p.add_argument("--with-yaml", action="store_true", help="pas het YAML-bestand ernaast toe, als dat er is")
    p.add_argument("--explain", action="store_true", help="schrijf elke beslissing naar stderr")
    p.set_defaults(func=cmd_clean)
    p = sub.add_parser("check", help="controleer bronnen, YAML en getrouwheid zonder de site te bouwen")
    p.set_defaults(func=cmd_check)
    p = sub.add_parser("new", help="schrijf sources/<naam>.yml: een redactiebestand met voorstellen (TODO)")
    p.add_argument("path", help="de bron, bijvoorbeeld sources/2025-10-nieuwe-tekst.txt (of .pdf, .html, .docx)")
    p.set_defaults(func=cmd_new)
    p = sub.add_parser("clean-build", help="verwijder gegenereerde bestanden en site/")
    p.set_defaults(func=cmd_clean_build)
    p = sub.add_parser("bench", help="meet de snelheid van de pijplijn en de sitebouw")
    p.add_argument("--quick", action="store_true")
    p.add_argument("--scale", type=int, default=0, metavar="N",
                   help="de tabel van issue 16 voor het corpus N× (in een tijdelijke kopie van het project)")
    p.add_argument("--runs", type=int, default=3, help="metingen per regel (met --scale; de mediaan telt)")
    p.add_argument("--full-runs", type=int, default=0,
                   help="metingen van de volledige build (met --scale; standaard gelijk aan --runs)")
    p.add_argument("--keep", action="store_true", help="de kopie na --scale laten staan")
    p.add_argument("--serve", action="store_true",
                   help="met --scale ook meten hoe snel `edition serve` een opgeslagen YAML laat zien")
    p.set_defaults(func=cmd_bench)
    args = parser.parse_args(argv)
    command = args.command
    try:
        return args.func(args)
    except EditionError as exc:
        _report(command, exc.problems)
        return 1
    except KeyboardInterrupt:
        said = {"build": "; site/ is ongewijzigd", "serve": "; site/ is ongewijzigd",
                "clean-build": "; mogelijk is nog niet alles verwijderd (voer het opnieuw uit)"}
        print(f"\nedition {command}: afgebroken{said.get(command, '')}.", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `edition clean x.txt | head`: the reader has gone, nothing to say
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
        except (OSError, ValueError):
            pass
        return 141
    except OSError as exc:
        _report(command, [os_problem(exc)])
        return 1
    except Exception as exc:
        if os.environ.get("EDITION_DEBUG") == "1":
            import traceback

            traceback.print_exc()
        detail = str(exc).strip().splitlines()
        kind = type(exc).__name__ + (f": {detail[0]}" if detail else "")
        print(f"edition {command}: interne fout ({kind}).\n"
              "    → Dit is een fout in de editie-software, niet in uw invoer. Meld dit aan de ontwikkelaars, met "
              f"de uitvoer van `EDITION_DEBUG=1 edition {command}`.", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())

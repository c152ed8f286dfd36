"""The `edition` command: build, serve, clean, check, bench."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .errors import EditionError


def _summary(docs) -> None:
    for doc in docs:
        doubtful = [d for d in doc.decisions if d.doubtful]
        still_open = sum(1 for d in doubtful if "confirmed" not in d.data)
        numbered = sum(1 for b in doc.blocks if b.number)
        print(f"  {doc.path}: opmaak {doc.layout}, {numbered} alinea's, {len(doc.interventions)} ingrepen, "
              f"{still_open} open twijfelgevallen ({len(doubtful) - still_open} nagekeken)")


def cmd_build(args) -> int:
    from .build import REVIEW, build_all, find_root, generate, site_url

    root = find_root()
    if args.no_site:
        result = generate(root)
    else:
        result = build_all(root, downloads=not args.no_downloads)
    print("Editie gebouwd:" if not args.no_site else "Markdown gegenereerd:")
    _summary(result.docs)
    print(f"Getrouwheidscontrole geslaagd voor {len(result.docs)} teksten"
          f"{'' if args.no_site else ' (op de gebouwde HTML)'}.")
    if result.pdfs:
        from .downloads import DOWNLOADS, size_label

        print(f"Pdf's in docs/{DOWNLOADS}/ (getrouwheid ook op de tekst van elke pdf gecontroleerd):")
        for m in result.pdfs:
            print(f"  {m.name}: {m.pages} blz., {size_label(m.size)}, {m.seconds:.1f} s")
    if result.offline_zip is not None:
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
    from .build import DEFAULT_SITE_URL

    if url != DEFAULT_SITE_URL:
        return None
    return (f"Let op: SITE_URL is niet gezet, dus citeerwijzen, pdf's en sitemap verwijzen naar {url} "
            "(alleen voor een voorvertoning). Voor publicatie: SITE_URL=https://… make build")


def cmd_check(args) -> int:
    from .build import find_root, load_all

    docs = load_all(find_root())
    print("Alle bronnen en YAML-bestanden zijn in orde; getrouwheid van het documentmodel gecontroleerd:")
    _summary(docs)
    return 0


def cmd_clean(args) -> int:
    from .pipeline import build_document, clean_text
    from .number import number
    from .render import render_markdown

    path = Path(args.path)
    if not path.exists():
        print(f"{path}: bestand niet gevonden.", file=sys.stderr)
        return 2
    if args.with_yaml and path.with_suffix(".yml").exists():
        doc = build_document(path.resolve(), Path.cwd().resolve())
    else:
        doc = clean_text(path.read_bytes(), str(path))
        number(doc)
    sys.stdout.write(render_markdown(doc, with_card=False))
    if args.explain:
        for d in doc.decisions:
            mark = "?" if d.doubtful else " "
            print(f"{mark} {doc.where(d.line)} [{d.rule}] {d.message}", file=sys.stderr)
    return 0


def cmd_serve(args) -> int:
    from mkdocs.commands.serve import serve

    from .build import find_root, generate, source_date_epoch

    root = find_root()
    generate(root)
    os.environ["EDITION_SERVE"] = "1"  # the MkDocs hook regenerates when a source changes
    os.environ.setdefault("SOURCE_DATE_EPOCH", source_date_epoch(root))
    os.chdir(root)
    serve(config_file=str(root / "mkdocs.yml"), dev_addr=args.dev_addr, livereload=True,
          watch=[str(root / "sources")])
    return 0


def cmd_clean_build(args) -> int:
    import shutil

    from .build import GENERATED_DIRS, GENERATED_FILES, REVIEW, find_root

    root = find_root()
    for d in (*GENERATED_DIRS, "site"):
        shutil.rmtree(root / d, ignore_errors=True)
    for f in (*GENERATED_FILES, REVIEW):
        (root / f).unlink(missing_ok=True)
    print("Gegenereerde bestanden en site/ verwijderd.")
    return 0


def cmd_bench(args) -> int:
    from .bench import run

    return run(args)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="edition", description="Bouw de digitale editie.")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("build", help="bronnen → Markdown → site/ (met getrouwheidscontrole)")
    p.add_argument("--no-site", action="store_true", help="alleen Markdown en rapporten genereren")
    p.add_argument("--no-downloads", action="store_true",
                   help="zonder pdf's en offline-zip (sneller, om de website te bekijken)")
    p.set_defaults(func=cmd_build)
    p = sub.add_parser("serve", help="bouwen en serveren op http://127.0.0.1:8000/")
    p.add_argument("--dev-addr", default="127.0.0.1:8000")
    p.set_defaults(func=cmd_serve)
    p = sub.add_parser("clean", help="toon de opgeschoonde Markdown van één ruwe tekst")
    p.add_argument("path")
    p.add_argument("--with-yaml", action="store_true", help="pas het YAML-bestand ernaast toe, als dat er is")
    p.add_argument("--explain", action="store_true", help="schrijf elke beslissing naar stderr")
    p.set_defaults(func=cmd_clean)
    p = sub.add_parser("check", help="controleer bronnen, YAML en getrouwheid zonder de site te bouwen")
    p.set_defaults(func=cmd_check)
    p = sub.add_parser("clean-build", help="verwijder gegenereerde bestanden en site/")
    p.set_defaults(func=cmd_clean_build)
    p = sub.add_parser("bench", help="meet de snelheid van de pijplijn en de sitebouw")
    p.add_argument("--quick", action="store_true")
    p.set_defaults(func=cmd_bench)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except EditionError as exc:
        print(f"edition {args.command}: {len(exc.problems)} probleem/problemen:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())

"""The bibliography: every `bibliography/*.bib` file, parsed by pybtex, formatted in the Dutch style,
plus one record per source text made from its YAML metadata (`add_source_texts`).

Every source text has an entry whose key is its slug (the "Citeer deze tekst" box, the BibTeX/RIS
downloads and the citation meta tags are built from it); the .bib files hold the works cited, and
every key cited in notes, glossary or registers must exist.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pybtex.database import BibliographyData, Entry, Person

from edition import cache as build_cache
from edition.apparatus import bibstyle
from edition.errors import EditionError, Problem
from edition.safeurl import doi_problem, web_url_problem


@dataclass
class Bibliography:
    data: BibliographyData
    files: dict[str, str]  # key → file it came from (for messages)
    root: Path | None = None  # the project, to read a file again for a line number

    def __contains__(self, key: str) -> bool:
        return key in self.data.entries

    def entry(self, key: str):
        return self.data.entries[key]

    def label(self, key: str) -> str:
        return bibstyle.cite_label(self.data.entries[key])

    def keys(self) -> list[str]:
        return list(self.data.entries)


def load_bibliography(root: Path) -> Bibliography:
    """Every .bib file merged; one EditionError with every problem of every file."""
    bib, problems, _broken = load_bibliography_partly(root)
    if problems:
        raise EditionError(problems)
    return bib


def load_bibliography_partly(root: Path, cache=None) -> tuple[Bibliography, list[Problem], list[str]]:
    """The entries of every .bib file that could be read, the problems, and the files that could
    not be read (their keys are unknown, so the caller must not report citations as unknown).
    `cache` (edition.cache.Cache): a file parsed and checked before comes from build/cache/."""
    merged = BibliographyData()
    files: dict[str, str] = {}
    problems: list[Problem] = []
    broken: list[str] = []
    for path in sorted((root / "bibliography").glob("*.bib")):
        shown = path.relative_to(root).as_posix()
        try:
            data = build_cache.bib_file(cache, path, shown)
        except EditionError as exc:
            problems.extend(exc.problems)
            broken.append(shown)
            continue
        if not data.entries:
            problems.append(Problem(f"{shown}:1", "het BibTeX-bestand bevat geen enkel item.",
                                    "Voeg items toe (@online{sleutel, …}) of verwijder het lege bestand."))
            broken.append(shown)
            continue
        text = path.read_text("utf-8")
        for key, entry in data.entries.items():
            if key in files:
                start = bibstyle._entry_start(text, key, last=False)
                line = bibstyle._line_at(text, start) if start is not None else None
                problems.append(Problem(f"{shown}:{line}" if line else shown,
                                        f"sleutel ‘{key}’ staat ook in {files[key]}.",
                                        "Elke sleutel mag maar één keer voorkomen in bibliography/."))
                continue
            files[key] = shown
            merged.entries[key] = entry
            problems += _link_problems(key, entry, text, shown)
    return Bibliography(merged, files, root), problems, broken


def _link_problems(key: str, entry, text: str, shown: str) -> list[Problem]:
    """`url` and `doi` become links on the bibliography page: only web addresses and real DOIs."""
    checks = (("url", web_url_problem, "Schrijf het volledige webadres, beginnend met https:// (of http://)."),
              ("doi", doi_problem, "Schrijf alleen de DOI zelf, zonder https://doi.org/ ervoor."))
    problems = []
    for name, problem_of, fix in checks:
        value = entry.fields.get(name)
        problem = problem_of(str(value)) if value is not None else None
        if problem:
            start = bibstyle._entry_start(text, key, last=False)
            line = bibstyle._line_at(text, start) if start is not None else None
            problems.append(Problem(f"{shown}:{line}" if line else shown,
                                    f"item ‘{key}’, veld {name} = {{{str(value)[:60]}}}: {problem}.", fix))
    return problems


# --------------------------------------------------------------------------- the source texts

# Metadata once: the record of a source text is made from the `metadata` of its sources/<slug>.yml
# (the same data as the card on its page), so the title, authors and date are written only there.
LANGUAGE = "dutch"  # every text of the edition is Dutch
_LATEX = {"\\": r"{\textbackslash}", "%": r"\%", "~": r"{\textasciitilde}", "&": r"\&", "#": r"\#"}
_STATUS = {"vertaling": "Vertaling.", "oorspronkelijk Nederlands": "Oorspronkelijk Nederlands.",
           "onbekend": "Of de tekst een vertaling is, is onbekend.",
           "waarschijnlijk vertaling": "Waarschijnlijk een vertaling."}


def latex(text: str) -> str:
    """Plain text as a BibTeX field value that pybtex renders as the same text again."""
    return "".join(_LATEX.get(c, c) for c in " ".join(str(text).split()))


def _sentence(text: str) -> str:
    text = " ".join(str(text).split())
    # A closing quote or bracket ends a sentence only after its own full stop: "(geen auteur)" gets one.
    return text if not text or re.search(r"[.!?][’”)]*$", text) else text + "."


def _note(meta: dict, supplied: bool) -> str:
    """What the text itself says about its provenance: the evidence fields of the YAML, which the
    card on the text's page shows too, as one note."""
    title = meta.get("title") or {}
    parts = [_sentence(title["note"]) if title.get("note") else
             "Titel van de redactie; de bron heeft geen titel." if supplied else "Titel uit de bron."]
    if title.get("note") and not supplied:
        parts.insert(0, "Titel uit de bron.")
    parts += [_sentence(a["evidence"]) for a in meta.get("authors") or [] if a.get("evidence")]
    if meta.get("author_note"):
        note = str(meta["author_note"]).strip()
        parts.append(_sentence(note[:1].upper() + note[1:]))  # a sentence of the note, with its capital
    date = meta.get("date") or {}
    if date.get("display"):
        parts.append(f"Datum: {date['display']}{' (afgeleid)' if date.get('approximate') else ''}.")
        if date.get("evidence"):
            parts.append(_sentence(date["evidence"]))
    pub = meta.get("published_in") or {}
    if "text" in pub and not pub.get("text"):
        parts.append("Plaats van verschijnen onbekend.")
    if pub.get("evidence"):
        # "Onbekend. De ruwe tekst …" after "… onbekend." would say it twice.
        from edition.dutch import after_unknown
        parts.append(_sentence(after_unknown(pub["evidence"].strip())))
    tr = meta.get("translation") or {}
    if tr.get("status") in _STATUS:
        said = _STATUS[tr["status"]]
        if tr.get("original_language"):
            said = f"{said[:-1]} uit het {tr['original_language']}."
        parts.append(said)
        if tr.get("evidence"):
            parts.append(_sentence(tr["evidence"]))
    return " ".join(p for p in parts if p)


def source_entry(doc) -> Entry:
    """The bibliographic record of a source text, from its metadata (a draft: from what there is)."""
    from edition.site.render import page_title, shown_date

    meta = doc.meta or {}
    title, supplied = page_title(doc)
    fields = {"title": latex(f"[{title}]" if supplied else title)}
    iso = str((meta.get("date") or {}).get("iso") or "")
    parts = iso.split("-") if re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", iso) else []
    for name, value in zip(("year", "month", "day"), parts):
        fields[name] = str(int(value)) if name != "year" else value
    shown = shown_date(meta["date"]) if parts and (meta.get("date") or {}).get("approximate") else ""
    if shown.endswith(parts[0] if parts else "\0"):
        # An inferred date is cited as the card shows it ("begin maart 2022", "ca. februari 2024"): the
        # words before the month go in `dateprefix`, which the style prints before the date; the month
        # stays a number, so that the BibTeX and RIS exports keep it. A display without the month
        # name is printed as written, in place of the month.
        from edition.apparatus.bibstyle import MONTHS_NL

        before_year = shown[: -len(parts[0])].strip()
        name = MONTHS_NL[int(parts[1]) - 1] if len(parts) > 1 else ""
        if name and before_year.endswith(name):
            if before_year[: -len(name)].strip():
                fields["dateprefix"] = latex(before_year[: -len(name)].strip())
        else:
            fields.pop("day", None)
            fields["month"] = latex(before_year)
    fields["language"] = LANGUAGE
    if (meta.get("published_in") or {}).get("text"):
        fields["howpublished"] = latex(meta["published_in"]["text"])
    note = _note(meta, supplied)
    if note:
        fields["note"] = latex(note)
    entry = Entry("misc", fields=fields)
    for author in meta.get("authors") or []:
        name = latex(author["name"])
        # An organisation is one name ("Russische Socialistische Beweging", not "Beweging, R. S.").
        entry.add_person(Person(f"{{{name}}}" if author.get("kind") == "organisatie" else name), "author")
    translator = (meta.get("translation") or {}).get("translator")
    if translator:
        entry.add_person(Person(f"{{{latex(translator)}}}"), "translator")  # as the text names it
    entry.key = doc.slug
    return entry


def _brace_problems(doc, yml: str) -> list[Problem]:
    """BibTeX cannot hold a literal brace: say so instead of printing a changed record."""
    def values(node):
        if isinstance(node, dict):
            for v in node.values():
                yield from values(v)
        elif isinstance(node, list):
            for v in node:
                yield from values(v)
        elif isinstance(node, str):
            yield node

    bad = [v for v in values(doc.meta or {}) if "{" in v or "}" in v]
    return [Problem(yml, f"de metagegevens bevatten een accolade (‘{bad[0][:60]}’); die kan niet in de "
                         "bibliografische beschrijving.", "Gebruik haakjes ( ) of [ ] in plaats van { }.")] if bad else []


def _entry_where(bib: Bibliography, key: str) -> str:
    """`bibliography/x.bib:LINE` of an entry (for messages)."""
    shown = bib.files.get(key, "bibliography/")
    try:
        text = (bib.root / shown).read_text("utf-8") if bib.root is not None else None
    except OSError:
        text = None
    start = bibstyle._entry_start(text, key, last=False) if text else None
    return f"{shown}:{bibstyle._line_at(text, start)}" if start is not None else shown


def add_source_texts(bib: Bibliography, docs) -> tuple[list[Problem], list[Problem]]:
    """Put the record of every text (made from its YAML) into `bib`, under its slug.  Returns the
    problems (metadata BibTeX cannot hold) and, as notices, every hand-written entry of a source
    text: it is no longer needed, and while it is there it is used instead of the YAML's record
    (for what the YAML cannot say, e.g. a DOI)."""
    problems, notices = [], []
    for doc in docs:
        yml = Path(doc.path).with_suffix(".yml").as_posix()
        if doc.slug in bib.data.entries:
            notices.append(Problem(_entry_where(bib, doc.slug),
                                   f"item ‘{doc.slug}’ is niet meer nodig: de beschrijving van deze brontekst wordt "
                                   f"gemaakt uit de metadata in {yml}. Zolang het item er staat, gebruikt de editie het "
                                   "in plaats daarvan.",
                                   "Verwijder het item, tenzij het iets zegt wat de metadata niet kunnen zeggen."))
            continue
        found = _brace_problems(doc, yml)
        if found:
            problems += found
            continue
        bib.data.entries[doc.slug] = source_entry(doc)
        bib.files[doc.slug] = yml
    return problems, notices

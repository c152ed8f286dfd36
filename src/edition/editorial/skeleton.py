"""`edition new sources/x.txt` (or .pdf, .html, .docx): the editorial file of a new text, filled with what the
cleaner saw, and with what the reader of a structured format found besides the words
(`Document.meta_proposals`: a web page's title, author, date and site name), each as a proposal.

Everything written is a proposal: each value the editor must check carries a `TODO` mark with the
source line it came from, and a value nobody could detect is written as a commented-out template
with a `TODO`.  While a TODO is in the file the text is a draft (drafts.py), so a proposal cannot
be published unchecked.  An existing file is never overwritten.  The skeleton is valid against
src/edition/schema/text.schema.json (a test loads it), so the text builds as a draft at once.
"""

from __future__ import annotations

import re
from pathlib import Path

from edition.errors import EditionError, Problem
from edition.inert import yaml_string
from edition.model import BYLINE, TITLE, Document

MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
          "oktober", "november", "december")
_MONTH = "|".join(MONTHS)
# Dates as Dutch texts write them: "5 maart 2022", "maart 2022", "2022-03-05", "05-03-2022".
_DATES = (
    (re.compile(rf"\b(\d{{1,2}}) ({_MONTH}) ((?:19|20)\d\d)\b", re.IGNORECASE), lambda m: (m[3], MONTHS.index(m[2].lower()) + 1, int(m[1]))),
    (re.compile(rf"(?<!\d )\b({_MONTH}) ((?:19|20)\d\d)\b", re.IGNORECASE), lambda m: (m[2], MONTHS.index(m[1].lower()) + 1, None)),
    (re.compile(r"\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b"), lambda m: (m[1], int(m[2]), int(m[3]))),
    (re.compile(r"\b(\d\d?)-(\d\d?)-((?:19|20)\d\d)\b"), lambda m: (m[3], int(m[2]), int(m[1]))),
)
_ISO_DATE = re.compile(r"^((?:19|20)\d\d)(?:-(\d\d)(?:-(\d\d))?)?")
_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")
_BY = re.compile(r"^\s*(?:door|tekst(?: en foto's)?:?|by|van)\s+", re.IGNORECASE)
_NAME = re.compile(r"[A-ZÀ-Þ][\w'’.-]+(?:\s+(?:(?:van|de|der|den|het|ten|ter|te|von|le|la|du|di|da|el|al|bin)\s+)*"
                   r"[A-ZÀ-Þ][\w'’.-]+)+")
MAX_DATES = 6
BYLINE_LINES = 6  # a byline stands among the first lines of a text
TITLE_WORDS = 15


def _title_like(text: str) -> bool:
    """A first line that could be a title: short, no closing full stop."""
    text = text.strip()
    return 0 < len(text.split()) <= TITLE_WORDS and not text.endswith((".", ",", ";")) and not _BY.match(text)


def dates_seen(doc: Document) -> list[tuple[int, str, tuple[str, int | None, int | None]]]:
    """(source line, as written, (year, month, day)) of every date in the text, in text order;
    a bare year only where no fuller date stands on that line."""
    found = []
    for line in doc.text_lines():
        spans = []
        for pattern, parts in _DATES:
            for m in pattern.finditer(line.text):
                if any(s <= m.start() < e for s, e in spans):
                    continue
                year, month, day = parts(m)
                if 1 <= month <= 12 and (day is None or 1 <= day <= 31):
                    spans.append((m.start(), m.end()))
                    found.append((line.no, m[0], (year, month, day)))
        if not spans:
            found += [(line.no, m[0], (m[1], None, None)) for m in _YEAR.finditer(line.text)]
    return found


def _iso(parts) -> str:
    year, month, day = parts
    return year + (f"-{month:02d}" if month else "") + (f"-{day:02d}" if month and day else "")


def _display(parts) -> str:
    year, month, day = parts
    return " ".join([*([str(day)] if day and month else []), *([MONTHS[month - 1]] if month else []), year])


def byline_names(text: str) -> tuple[list[str], str]:
    """Names in a byline ("door Danny Byrne (ISA), geschreven begin maart") and what stands in
    parentheses after them (an affiliation, perhaps)."""
    rest = _BY.sub("", text)
    affiliation = ""
    m = re.search(r"\(([^()]{2,80})\)", rest)
    if m:
        affiliation = m[1].strip()
        rest = rest[:m.start()]
    names = [n.strip() for n in _NAME.findall(rest.split(",")[0] if "," in rest else rest)]
    return names, affiliation


def _line(doc: Document, no: int) -> str:
    return doc.lines[no - 1].text.strip() if 0 < no <= len(doc.lines) else ""


def _quote(text: str, n: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _proposed_names(author: str) -> list[str]:
    """The names in a metadata author field (`A en B`, `A; B`, `A, B`)."""
    return [n.strip() for n in re.split(r"\s*(?:;|,|\ben\b|&|\band\b)\s*", author) if n.strip()]


def _proposed_date(value: str):
    """(year, month, day) of a metadata date (`2025-11-14`, `2025-11-14T09:30:00+01:00`), or None."""
    m = _ISO_DATE.match(value.strip())
    if not m:
        return None
    month = int(m[2]) if m[2] else None
    day = int(m[3]) if m[3] else None
    if (month is not None and not 1 <= month <= 12) or (day is not None and not 1 <= day <= 31):
        return None
    return m[1], month, day if month else None


def skeleton(doc: Document) -> str:
    """The YAML text of the proposal for `doc` (cleaned without YAML)."""
    name = Path(doc.path).name
    proposals = getattr(doc, "meta_proposals", None) or {}
    origin = proposals.get("from", "de metagegevens van de bron")
    out = [f"# Redactioneel bestand bij {name}, voorgesteld door `edition new` uit wat de opschoning vond.",
           "# Elke waarde met een markering is een voorstel of een open vraag: kijk haar na, vul aan en haal de",
           "# markering weg. Zolang er een markering staat of een verplicht veld ontbreekt, is de tekst een concept:",
           "# te zien in `edition serve`, niet in `edition build`. Schema: src/edition/schema/text.schema.json;",
           "# uitleg: README, ‘Een tekst toevoegen’.",
           "metadata:"]
    title = next((b for b in doc.blocks if b.kind == TITLE), None)
    first_line = next((l for l in doc.text_lines() if l.text.strip()), None)
    if title is None and proposals.get("title"):
        out += [f"  title:  # TODO: titel nakijken; de opschoning zag geen titel, dit is de titel uit {origin}",
                f"    text: {yaml_string(' '.join(proposals['title'].split()))}",
                "    supplied: false"]
    elif title is None and first_line is not None and _title_like(first_line.text):
        out += [f"  title:  # TODO: titel nakijken; de opschoning zag geen titel, dit is de eerste regel (r. {first_line.no})",
                f"    text: {yaml_string(first_line.text.strip())}",
                "    supplied: false"]
    elif title is not None:
        out += [f"  title:  # TODO: titel nakijken (r. {title.first_line}: ‘{_quote(_line(doc, title.first_line))}’)",
                f"    text: {yaml_string(title.text)}",
                "    supplied: false"]
    else:
        first = next((b for b in doc.blocks), None)
        hint = f" De eerste regel is: ‘{_quote(first.text, 70)}’." if first is not None else ""
        out += [f"  title:  # TODO: de opschoning vond geen titel; kies er een (supplied: true).{hint}",
                f"    text: {yaml_string('TODO: titel van de redactie')}",
                "    supplied: true",
                f"    note: {yaml_string('De ruwe tekst heeft geen titel; deze titel is door de redactie gekozen.')}"]
    byline = next((b for b in doc.blocks if b.kind == BYLINE), None)
    by_text, by_line = (byline.text, byline.first_line) if byline is not None else ("", 0)
    if byline is None:  # a byline among the first lines that the cleaner joined to a paragraph
        early = next((l for l in doc.text_lines()[:BYLINE_LINES] if _BY.match(l.text)), None)
        by_text, by_line = (early.text.strip(), early.no) if early is not None else ("", 0)
    names, affiliation = byline_names(by_text) if by_text else ([], "")
    if not names and proposals.get("author"):
        names, affiliation = _proposed_names(proposals["author"]), ""
        by_text = proposals["author"]
        out.append(f"  authors:  # TODO: auteurs nakijken (uit {origin}: ‘{_quote(by_text)}’)")
        for n in names:
            out += [f"    - name: {yaml_string(n)}",
                    "      kind: persoon  # TODO: of organisatie",
                    f"      evidence: {yaml_string(f'Auteur in {origin}: ‘' + _quote(by_text, 200) + '’.')}"]
    elif names:
        line = _quote(_line(doc, by_line))
        out.append(f"  authors:  # TODO: auteurs nakijken (auteursregel r. {by_line}: ‘{line}’)")
        for n in names:
            out += [f"    - name: {yaml_string(n)}",
                    "      kind: persoon  # TODO: of organisatie"]
            if affiliation:
                out.append(f"      affiliation: {yaml_string(affiliation)}  # TODO: nakijken")
            out.append(f"      evidence: {yaml_string('Auteursregel in de bron: ‘' + _quote(by_text, 200) + '’.')}")
    else:
        out += ["  # TODO: auteurs: de opschoning vond geen auteursregel. Noem ze zoals de tekst ze noemt, of",
                "  # schrijf `authors: []` met een author_note die zegt dat de tekst geen auteur noemt.",
                "  authors: []",
                f"  author_note: {yaml_string('TODO: De tekst noemt geen auteur.')}"]
    seen = dates_seen(doc)
    stated = _proposed_date(proposals["date"]) if proposals.get("date") else None
    if stated:
        said = proposals["date"]
        listed = "; ".join(f"r. {no} ‘{text}’" for no, text, _ in seen[:MAX_DATES]) or "geen"
        out += [f"  date:  # TODO: datum nakijken: uit {origin} (‘{said}’). Gevonden in de tekst: {listed}",
                f"    iso: {yaml_string(_iso(stated))}",
                f"    display: {yaml_string(_display(stated))}",
                "    approximate: false  # TODO: true als dit niet de datum van de tekst zelf is",
                f"    evidence: {yaml_string(f'Datum in {origin}: ‘{said}’.')}"]
    elif seen:
        latest = max(seen, key=lambda d: (d[2][0], d[2][1] or 0, d[2][2] or 0))
        listed = "; ".join(f"r. {no} ‘{text}’" for no, text, _ in seen[:MAX_DATES])
        more = f" (en nog {len(seen) - MAX_DATES})" if len(seen) > MAX_DATES else ""
        out += [f"  date:  # TODO: datum nakijken. Gevonden in de tekst: {listed}{more}",
                f"    iso: {yaml_string(_iso(latest[2]))}",
                f"    display: {yaml_string(_display(latest[2]))}",
                "    approximate: true  # TODO: false als de tekst deze datum zelf als datum van de tekst noemt",
                f"    evidence: {yaml_string(f'TODO: Afgeleid, niet vermeld: de laatste datum die de tekst noemt is ‘{latest[1]}’ (r. {latest[0]}).')}"]
    else:
        out += ["  # TODO: datum: de opschoning vond geen datum in de tekst. Vul in, bijvoorbeeld:",
                '  # date: {iso: "2025-10", display: oktober 2025, approximate: true, evidence: "waarom deze datum"}']
    if proposals.get("sitename"):
        site = " ".join(proposals["sitename"].split())
        out += [f"  published_in:  # TODO: nakijken: de naam van de website in {origin}",
                f"    text: {yaml_string(site)}",
                f"    evidence: {yaml_string(f'Naam van de website in {origin}: ‘{site}’.')}"]
    else:
        out += ["  # TODO: waar verscheen de tekst? text: null als dat onbekend is.",
                '  # published_in: {text: null, evidence: "De tekst vermeldt niet waar hij verscheen."}']
    out += [
            "  # TODO: is de tekst een vertaling? status: vertaling | oorspronkelijk Nederlands | onbekend | waarschijnlijk vertaling",
            '  # translation: {status: onbekend, evidence: "De tekst vermeldt geen vertaler."}',
            "  # TODO: genre en één neutrale zin voor de startpagina.",
            "  # genre: beschouwing",
            "  # description: Eén zin over de tekst.",
            "# Rollen, ingrepen, noten en bevestigingen: zie README (structure, interventions, notes, confirmed)."]
    return "\n".join(out) + "\n"


def write_skeleton(source: Path) -> Path:
    """Write `<source>.yml` next to the raw text; never over an existing file."""
    from edition.apparatus.number import number
    from edition.pipeline import clean_text
    from edition.readers.sourcefiles import read_source

    shown = source.as_posix()
    from edition.readers.sourcefiles import SOURCE_SUFFIXES

    if source.suffix not in SOURCE_SUFFIXES:
        raise EditionError(Problem(shown, "dit is geen bron (.txt, .pdf, .html, .htm of .docx).",
                                   "Geef de bron, bijvoorbeeld `edition new sources/2025-10-naam.txt` (of .pdf, .html, "
                                   ".docx)."))
    if not source.is_file():
        raise EditionError(Problem(shown, "bestand niet gevonden.", "Controleer de naam en de map."))
    target = source.with_suffix(".yml")
    if target.exists() or target.is_symlink():
        raise EditionError(Problem(target.as_posix(), "bestaat al; `edition new` overschrijft nooit een "
                                                      "redactiebestand. Er is niets geschreven.",
                                   "Vul het bestaande bestand aan, of hernoem het als u opnieuw wilt beginnen."))
    doc = clean_text(read_source(source, shown), shown)
    number(doc)
    text = skeleton(doc)
    with open(target, "x", encoding="utf-8") as out:  # "x": never over a file made in the meantime
        out.write(text)
    return target

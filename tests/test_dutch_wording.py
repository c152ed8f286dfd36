"""Dutch in everything the edition writes: a scan of every generated page of a real build.

What is scanned: every HTML page of the site (only the page content, and only what the edition writes:
elements with `data-l` carry source text and are left out), the review report `review/review.md`, and
the text of every built PDF (`pdftotext`). What is looked for are the patterns of errors once made:

* number agreement: `1 regels`, `1 ingrepen` (the helper `edition.dutch.count` exists for this);
* a decimal point between digits before a noun or unit: `1.3 regel per blok`, `12.0 pt` (`dutch.decimal`);
* the informal address `je`/`jij`/`jouw` in the editorial voice (the edition says `u`);
* `Kiev` in the editorial voice: the edition writes `Kyiv`; `Kiev` only in a quotation (‘Kiev’), as
  a form of the texts (the register's ‘Schrijfwijzen’) or where the name itself is discussed (a
  sentence that names Kyiv or Kyjiv too);
* `onbekend` said twice in a row (‘Verschenen in: onbekend’ + ‘Onbekend. …’);
* a sentence with a full stop inside a meta line (`De tekst noemt geen auteur. · juni 2025`).

The PDFs print the source texts in full, so only the patterns that no source sentence matches
(number agreement, the units of the apparatus, `onbekend` twice, meta lines) are applied to their text;
the address and Kyiv checks read the same editorial text on the site.

The build: with `EDITION_WORDING_ROOT=/path/to/project` the scan reads a project that is already built
(with downloads); with `EDITION_SKIP_BUILD=1` (as for the browser tests) it reads this project's own
`site/` and `review/` when they exist; otherwise it builds a copy of the project once per session.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import html as lxml_html

from edition.dutch import after_unknown, count, decimal
from project import ROOT, copy_project, run_edition

# --------------------------------------------------------------------------- the patterns

# Plural nouns the edition counts; after a lone "1" each is wrong ("1 regels" → "1 regel").
_PLURALS = ("regels", "lege regels", "ingrepen", "alinea's", "noten", "teksten", "woorden", "blokken",
            "beslissingen", "twijfelgevallen", "verwijzingen", "pagina's", "bladzijden", "problemen",
            "punten", "open punten", "plaatsen", "personen", "termen", "begrippen", "bronnen", "strofen",
            "tekens", "citaten", "fouten", "schemafouten", "namen", "nieuwe namen", "ligaturen", "spaties",
            "voetnoten", "regeleinden", "harde regeleinden", "vindplaatsen", "structuurwaarschuwingen",
            "afbreekstreepjes", "minuten", "seconden", "trefwoorden", "emendaties", "concepten")
ONE_PLURAL = re.compile(r"(?<![\d.,])\b1 (?:" + "|".join(re.escape(p) for p in _PLURALS) + r")(?!\w)")
# The words and units the edition puts after a measured number.
_UNITS = (r"regels?|blok(?:ken)?|woord(?:en)?|alinea(?:'s)?|tekens?|lettergrepen|pagina(?:'s)?|blz\.|"
          r"s|ms|pt|kB|MB|min\.?|seconden?|minuten?|keer|procent")
DECIMAL_POINT_UNIT = re.compile(r"\b\d+\.\d{1,2}\s+(?:" + _UNITS + r")(?!\w)")
# In the editorial voice any lower-case word after "1.3" is suspect, except the words that follow an
# article number ("artikel 42.7 van het Verdrag").
_AFTER_ARTICLE = {"van", "en", "of", "is", "in", "op", "tot", "met", "uit", "bij", "lid", "als", "de", "het",
                  "een", "dat", "die", "te", "voor", "aan", "om", "naar", "zijn", "wordt", "werd", "noemt",
                  "zegt", "verplicht", "bepaalt", "vraagt", "regelt"}
DECIMAL_POINT_WORD = re.compile(r"\b\d+\.\d{1,2}\s+([a-zà-ÿ']+)")
INFORMAL = re.compile(r"\b(?:je|jij|jou|jouw|jezelf|jullie)\b", re.IGNORECASE)
KIEV = re.compile(r"\bKiev\b")
NAME_DISCUSSED = re.compile(r"\bKy(?:j)?iv\b")
UNKNOWN_TWICE = re.compile(r"\bonbekend\b\W{0,12}\bonbekend\b", re.IGNORECASE)
# A full stop after a word inside a meta line ("auteur. · juni 2025"); "ca." and "z.j." are no sentences.
META_SENTENCE = re.compile(r"[a-zà-ÿ]{4,}\.\s*(?:·|$)")
# Quotations and mentions: single and double curly quotes, low quotes, guillemets, straight quotes.
_QUOTED = re.compile(r"‘[^’\n]*’|“[^”\n]*”|„[^”“\n]*[”“]|«[^»\n]*»|\"[^\"\n]*\"")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z‘“(])|\n")


def without_quotations(text: str) -> str:
    return _QUOTED.sub(" ", text)


def wording_problems(text: str, *, editorial: bool = True) -> list[str]:
    """Each error pattern found in `text`, with a little context. `editorial=False`: text that may
    hold source sentences (the PDFs), so only patterns no source sentence matches."""
    found = []

    def hit(kind: str, m: re.Match, source: str) -> None:
        found.append(f"{kind}: …{source[max(0, m.start() - 50):m.end() + 30]}…".replace("\n", " "))

    for m in ONE_PLURAL.finditer(text):
        hit("enkelvoud na 1", m, text)
    for m in DECIMAL_POINT_UNIT.finditer(text):
        hit("decimale punt (schrijf een komma)", m, text)
    for m in UNKNOWN_TWICE.finditer(text):
        hit("twee keer ‘onbekend’", m, text)
    if not editorial:
        return found
    plain = without_quotations(text)
    for m in DECIMAL_POINT_WORD.finditer(plain):
        if m.group(1) not in _AFTER_ARTICLE:
            hit("decimale punt (schrijf een komma)", m, plain)
    for m in INFORMAL.finditer(plain):
        hit("je/jij in plaats van u", m, plain)
    for sentence in _SENTENCE_END.split(plain):
        if KIEV.search(sentence) and not NAME_DISCUSSED.search(sentence):
            found.append(f"‘Kiev’ in de stem van de redactie (de editie schrijft Kyiv): …{sentence[:160]}…")
    return found


def meta_line_problems(line: str) -> list[str]:
    return [f"zin met punt in een metaregel: {line.strip()}"] if META_SENTENCE.search(line.strip()) else []


# --------------------------------------------------------------------------- reading the build

_BLOCK_TAGS = {"p", "li", "td", "th", "dt", "dd", "div", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "br",
               "section", "aside", "article", "ul", "ol", "dl", "table", "blockquote", "pre", "summary",
               "details", "figcaption", "nav", "header", "footer"}
# Not the edition's own words: source text (data-l), code and literal examples, forms of the texts.
_DROP = ("//*[@data-l]", "//code", "//pre", "//em", "//i", "//q", "//script", "//style",
         "//dt[starts-with(normalize-space(.), 'Schrijfwijze')]/following-sibling::dd[1]")


def _text(node) -> str:
    """The text of an element, with a line break at every block boundary (table cells stay apart)."""
    parts: list[str] = []

    def walk(el):
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _BLOCK_TAGS:
            parts.append("\n")
        if el.text and tag:
            parts.append(el.text)
        for child in el:
            walk(child)
        if tag in _BLOCK_TAGS:
            parts.append("\n")
        if el.tail:
            parts.append(el.tail)

    walk(node)
    return re.sub(r"[ \t\u00a0]+", " ", "".join(parts))


def page_content(path: Path):
    """The page's content (Material's article), or None for a page without one (a redirect)."""
    tree = lxml_html.fromstring(path.read_bytes())
    found = tree.xpath("//article[contains(@class, 'md-content__inner')]")
    return found[0] if found else None


def editorial_text(content) -> str:
    for expr in _DROP:
        for el in content.xpath("." + expr):
            el.drop_tree()  # lxml keeps the text that follows the element
    return _text(content)


def review_text(markdown: str) -> str:
    """The review report without what it quotes: code blocks (YAML to paste), code spans."""
    markdown = re.sub(r"```.*?```", " ", markdown, flags=re.S)
    return re.sub(r"`[^`\n]*`", " ", markdown)


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """A built project with downloads (site/, review/, site/downloads/*.pdf); see the module docstring."""
    given = os.environ.get("EDITION_WORDING_ROOT")
    if given:
        return Path(given)
    if os.environ.get("EDITION_SKIP_BUILD") == "1" and (ROOT / "site" / "index.html").is_file() \
            and (ROOT / "review" / "review.md").is_file():
        return ROOT
    root = copy_project(tmp_path_factory.mktemp("wording") / "project")
    done = run_edition(root, "build", timeout=1500)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return root


def _site_pages(root: Path) -> list[Path]:
    site = root / "site"
    return sorted(p for p in site.rglob("*.html") if not p.relative_to(site).parts[0] in ("assets", "search"))


# --------------------------------------------------------------------------- the patterns themselves

@pytest.mark.parametrize("wrong", [
    "tabs en bijzondere spaties vervangen door een gewone spatie (1 regels)",
    "gemiddeld 1.3 regel per blok",
    "sources/x.txt: opmaak line, 19 alinea's, 1 ingrepen, 0 open twijfelgevallen",
    "titel: de grootste letter bovenaan pagina 1 (14.0 pt, tekst 10.0 pt)",
    "Het adres van een alinea krijg je door op het alineanummer te klikken",
    "de regering in Kiev, schrijft de redactie",
    "Verschenen in\nonbekend\nOnbekend. De ruwe tekst komt uit een pdf",
])
def test_the_scan_catches_the_old_wording(wrong):
    assert wording_problems(wrong)


def test_the_scan_catches_a_sentence_in_a_meta_line():
    assert meta_line_problems("De tekst noemt geen auteur. · begin juni 2025 · beschouwing")
    assert not meta_line_problems("auteur onbekend · ca. februari 2024 · politieke verklaring")


@pytest.mark.parametrize("right", [
    "spaties vervangen (1 regel); (2 regels); 1,3 regels per blok; 1 ingreep",
    "volgens artikel 42.7 van het Verdrag; 85.000 soldaten; 1.980 mensen",
    "de aanval op Kyiv (‘Kiev’ in de tekst)",
    "in het Nederlands zijn Kiev, Kyjiv en Kyiv alle drie in gebruik",
    "Plaats van verschijnen onbekend. De ruwe tekst …",
    "hoe u naar een alinea verwijst, leest u in Over deze editie",
])
def test_the_scan_leaves_correct_dutch_alone(right):
    assert not wording_problems(right)


def test_the_helpers():
    assert count(1, "regel", "regels") == "1 regel" and count(0, "regel", "regels") == "0 regels"
    assert decimal(1.25, 2) == "1,25" and decimal(12.0) == "12,0"
    assert after_unknown("Onbekend. de ruwe tekst noemt geen blad.") == "De ruwe tekst noemt geen blad."
    assert after_unknown("onbekend: geen tijdschrift") == "Geen tijdschrift"
    assert after_unknown("Onbekend is waar de tekst verscheen.") == "Onbekend is waar de tekst verscheen."


@pytest.mark.parametrize("iso, display, cited", [
    ("2022-03", "begin maart 2022", "(begin maart 2022)"),  # the word already says it is approximate
    ("2024-02", "februari 2024", "(ca. februari 2024)"),
    ("2024", "2024", "(ca. 2024)"),
])
def test_an_inferred_date_is_cited_as_the_card_shows_it(iso, display, cited):
    """over.md, ‘Titels en datums’: the card, the start page, the bibliography and the citation agree."""
    from edition.apparatus import bibstyle
    from edition.apparatus.bibliography import source_entry
    from edition.model import Document
    from edition.site.render import shown_date

    date = {"iso": iso, "display": display, "approximate": True, "evidence": "afgeleid"}
    doc = Document(path="sources/2024-02-proef.txt", slug="2024-02-proef",
                   meta={"title": {"text": "Een titel", "supplied": True}, "authors": [{"name": "Jan Jansen"}],
                         "date": date})
    _html, text = bibstyle.format_entry(source_entry(doc), doc.slug)
    assert cited in text and shown_date(date) == cited[1:-1], text


# --------------------------------------------------------------------------- the real build

def test_every_site_page_is_in_correct_dutch(built):
    problems = []
    pages = _site_pages(built)
    assert len(pages) > 5, f"te weinig pagina's in {built / 'site'}"
    for path in pages:
        content = page_content(path)
        if content is None:
            continue
        for line in content.xpath(".//*[contains(@class, 'ed-card-meta')]"):
            problems += [f"{path.relative_to(built)}: {p}" for p in meta_line_problems(_text(line))]
        problems += [f"{path.relative_to(built)}: {p}" for p in wording_problems(editorial_text(content))]
    assert not problems, "\n".join(problems)


def test_the_review_report_is_in_correct_dutch(built):
    text = review_text((built / "review" / "review.md").read_text("utf-8"))
    problems = wording_problems(text)
    assert not problems, "\n".join(problems)


def test_the_pdfs_are_in_correct_dutch(built):
    pdfs = sorted((built / "site" / "downloads").glob("*.pdf"))
    assert pdfs, f"geen pdf's in {built / 'site' / 'downloads'} (gebouwd zonder downloads?)"
    assert shutil.which("pdftotext"), "pdftotext ontbreekt (Debian-pakket poppler-utils)"
    problems = []
    for pdf in pdfs:
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        flat = re.sub(r"[\u2010-]\n(?=\w)", "", text)  # a word broken by the layout at a line end
        for line in flat.splitlines():
            if " · " in line:
                problems += [f"{pdf.name}: {p}" for p in meta_line_problems(line)]
        problems += [f"{pdf.name}: {p}" for p in wording_problems(re.sub(r"\s+", " ", flat), editorial=False)]
    assert not problems, "\n".join(problems)

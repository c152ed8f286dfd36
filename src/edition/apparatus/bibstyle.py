"""Dutch bibliography style on top of pybtex: loading, formatting, sorting, citation labels, export.

The reference list is author–date (the in-text labels are "Jansen 2019"), so the year sits right
after the names: "Mierlo, Hans van (maart 2020). <em>Titel</em>, vert. Anna Smit. Amsterdam: X."
Everything a reader sees is Dutch; pybtex does the parsing, the template evaluation and the
rendering (html and plain text backends).
"""

from __future__ import annotations

import codecs
import datetime
import difflib
import functools
import re
import unicodedata
from pathlib import Path
from xml.sax.saxutils import escape

import pybtex.errors
from pybtex.backends import html as html_backend
from pybtex.backends import plaintext as text_backend
from pybtex.bibtex.utils import split_name_list
from pybtex.database import BibliographyData, Entry, Person
from pybtex.database.input import bibtex as bibtex_input
from pybtex.database.output import bibtex as bibtex_output
from pybtex.exceptions import PybtexError
from pybtex.richtext import Text
from pybtex.scanner import PrematureEOF, PybtexSyntaxError, TokenRequired
from pybtex.style import FormattedEntry
from pybtex.style.formatting import BaseStyle
from pybtex.style.names import BaseNameStyle, name_part
from pybtex.style.names import plain as plain_names
from pybtex.style.sorting import BaseSortingStyle
from pybtex.utils import CaseInsensitiveDict
from pybtex.style.template import (
    FieldIsMissing,
    field,
    href,
    join,
    node,
    optional,
    optional_field,
    tag,
    words,
)

from edition.errors import EditionError, Problem
from edition.cleaning.charcheck import unsafe_problem
from edition.safeurl import is_web_url

__all__ = ["cite_label", "format_entries", "format_entry", "load", "sort_key", "to_bibtex", "to_ris"]

PERSON_ROLES = ("author", "editor", "translator")

MONTHS_NL = ("januari", "februari", "maart", "april", "mei", "juni", "juli",
             "augustus", "september", "oktober", "november", "december")
_MONTHS_EN = ("january", "february", "march", "april", "may", "june", "july",
              "august", "september", "october", "november", "december")
# Editors write months as numbers, as BibTeX macros (which pybtex expands to English names),
# or by hand in Dutch or English, abbreviated or not; all of them mean the same month.
_MONTH_NUMBERS: dict[str, int] = {
    **{name: i for i, name in enumerate(MONTHS_NL, 1)},
    **{name: i for i, name in enumerate(_MONTHS_EN, 1)},
    **{name[:3]: i for i, name in enumerate(_MONTHS_EN, 1)},
    **{name[:3]: i for i, name in enumerate(MONTHS_NL, 1)},
    "mrt": 3, "sept": 9, "okt": 10,
}

NO_YEAR = "z.j."
NO_TITLE = "z.t."
_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_LEADING_NOISE = "[(‘’'\"“”„‚«»‹› "
_LEADING_ARTICLE = re.compile(r"^(?:de|het|een|the)\s+", re.IGNORECASE)


# --------------------------------------------------------------------------- loading

MAX_BIB_BYTES = 1_000_000  # the real files are ~20 kB
# Characters that @string macros may fill in, for the whole file.  Macros are expanded while pybtex
# parses, eagerly: 30 lines of `@string{aN = aN-1 # aN-1}` are 2**30 copies (gigabytes) before any
# entry is seen.  The real files use no macros except the month names.
MAX_MACRO_CHARS = 100_000
# Entry types: BibTeX's and biblatex's standard types.  The Dutch style has templates for article,
# book, incollection, online and misc; every other known type is formatted as misc.  An unknown type
# is almost always a typo (@artcle), which would silently be formatted as misc.
ENTRY_TYPES = frozenset("""
    article book booklet conference inbook incollection inproceedings manual mastersthesis misc
    phdthesis proceedings techreport unpublished
    online www electronic report thesis collection reference periodical dataset software mvbook
    bookinbook suppbook suppcollection suppperiodical patent letter review standard video audio
    music movie artwork image jurisdiction legislation legal performance
""".split())
# The keys a citation can name (inline_md: [@sleutel]).
_VALID_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_:.\-]*$")


class _MacroBudgetExceeded(PybtexError):
    def __init__(self, name: str, lineno: int | None):
        super().__init__(name)
        self.lineno = lineno


class _BudgetedMacros(CaseInsensitiveDict):
    """pybtex's macro table, counting the characters it fills in (see MAX_MACRO_CHARS)."""

    def __init__(self, macros, text: str):
        super().__init__(macros)
        self.text, self.used = text, 0

    def __getitem__(self, name):
        value = super().__getitem__(name)
        self.used += len(value)
        if self.used > MAX_MACRO_CHARS:
            use = re.search(r"[=#]\s*" + re.escape(name) + r"\b", self.text, re.IGNORECASE)
            raise _MacroBudgetExceeded(name, _line_at(self.text, use.start()) if use else None)
        return value


def load(source: str | Path, *, is_text: bool = False, shown_as: str | None = None) -> BibliographyData:
    """Parse a .bib file (or, with ``is_text=True``, BibTeX text) with ``translator`` as a person field.

    Month macros (``mar``) are expanded by pybtex; every parse problem becomes an
    ``EditionError`` with the file, the line pybtex reports and a Dutch message and fix.
    ``shown_as`` is the name used in messages (e.g. ``bibliography/edition.bib``).
    Beyond pybtex's own checks: a size limit, a limit on macro expansion, known entry types only,
    and keys that a citation can name.
    """
    if is_text:
        text, shown_as = str(source), shown_as or "BibTeX-tekst"
    else:
        text, shown_as = _read_bib_file(Path(source), shown_as or str(source)), shown_as or str(source)
    if len(text) > MAX_BIB_BYTES:
        raise EditionError(Problem(shown_as, f"het BibTeX-bestand is te groot (meer dan {MAX_BIB_BYTES:,} tekens)."
                                   .replace(",", "."), "Controleer of het juiste bestand hier staat, of splits het."))
    parser = bibtex_input.Parser(person_fields=PERSON_ROLES)
    parser.filename = shown_as
    parser.macros = _BudgetedMacros(parser.macros, text)
    # capture() instead of relying on pybtex's global strict mode: every problem in the file is
    # collected and reported at once, whatever another part of the program set strict to.
    with pybtex.errors.capture() as captured:
        try:
            data = parser.parse_string(text)
        except PybtexError as exc:  # pybtex raises some errors directly instead of reporting them
            captured.append(exc)
    if captured:
        raise EditionError([_problem_for(exc, text, shown_as) for exc in captured])
    problems = _entry_problems(data, text, shown_as)
    if problems:
        raise EditionError(problems)
    return data


def _entry_problems(data: BibliographyData, text: str, shown_as: str) -> list[Problem]:
    problems = []
    for key, entry in data.entries.items():
        start = _entry_start(text, key, last=False) if _VALID_KEY.match(key) else text.find(key)
        where = f"{shown_as}:{_line_at(text, start)}" if start is not None and start >= 0 else shown_as
        if not _VALID_KEY.match(key):
            problems.append(Problem(where, f"ongeldige sleutel ‘{key}’: een sleutel bestaat uit letters, cijfers en "
                                           "- _ : . (zonder spaties of accolades).",
                                    "Schrijf het item als @type{sleutel, veld = {waarde}, …}: de sleutel en een "
                                    "komma direct na de openingsaccolade."))
        if entry.original_type.lower() not in ENTRY_TYPES:
            near = difflib.get_close_matches(entry.original_type.lower(), sorted(ENTRY_TYPES), 1, 0.6)
            hint = f"Bedoelde u ‘@{near[0]}’? " if near else ""
            problems.append(Problem(where, f"onbekend itemtype ‘@{entry.original_type}’ (item ‘{key}’).",
                                    f"{hint}Gebruik een standaardtype: article, book, incollection, online of misc."))
        values = [(name, str(value)) for name, value in entry.fields.items()]
        values += [(role, str(person)) for role, persons in entry.persons.items() for person in persons]
        for name, value in values:
            unsafe = unsafe_problem(value)
            if unsafe:
                problems.append(Problem(where, f"item ‘{key}’, veld {name}: {unsafe}.",
                                        "Verwijder het teken (typ de waarde opnieuw)."))
        problems += _value_problems(key, entry, where)
        if "crossref" in entry.fields:
            # pybtex follows crossref while formatting (a loop recursed without end); every field
            # an entry needs can be written in the entry itself.
            problems.append(Problem(where, f"item ‘{key}’: het veld crossref wordt niet ondersteund.",
                                    "Neem de velden die u van het andere item wilde overnemen (bijvoorbeeld "
                                    "booktitle, editor, publisher) in dit item zelf op."))
    return problems


# Fields that are not LaTeX text (addresses, dates, identifiers).
_NOT_TEXT = {"url", "doi", "urldate", "date", "year", "month", "isbn", "issn", "file", "eprint", "language",
             "langid", "keywords"}
_COMMAND = re.compile(r"\\([A-Za-z]+)")
_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _date_problem(value: str) -> str | None:
    m = _ISO_DATE.match(value.strip())
    if not m:
        return "schrijf de datum als JJJJ, JJJJ-MM of JJJJ-MM-DD"
    year, month, day = (int(g) if g else None for g in m.groups())
    try:
        if month is not None:
            datetime.date(year, month, day or 1)
    except ValueError:
        return "die datum bestaat niet"
    return None


def _value_problems(key: str, entry, where: str) -> list[Problem]:
    """What the Dutch style cannot show as written: LaTeX commands it does not turn into text (they
    would appear as `\\emph em`), math, impossible dates and years, an entry without a title."""
    problems = []
    for name, value in entry.fields.items():
        value = str(value)
        if name.lower() in ("date", "urldate"):
            bad = _date_problem(value)
            if bad:
                problems.append(Problem(where, f"item ‘{key}’, veld {name} = {{{value[:40]}}}: {bad}.",
                                        "Bijvoorbeeld: urldate = {2026-11-22}."))
        elif name.lower() == "year" and not re.fullmatch(r"\d{4}", value.strip()):
            problems.append(Problem(where, f"item ‘{key}’, veld year = {{{value[:40]}}}: geen jaartal van vier cijfers.",
                                    "Schrijf het jaar als vier cijfers; is het onbekend, laat het veld dan weg en zeg "
                                    "dat in note."))
        elif name.lower() not in _NOT_TEXT:
            plain = codecs.decode(value, "ulatex")
            command = _COMMAND.search(plain)
            if command or re.search(r"(?<!\\)\$", value):
                shown = f"de LaTeX-opdracht ‘\\{command.group(1)}’" if command else "wiskundige notatie ($…$)"
                problems.append(Problem(where, f"item ‘{key}’, veld {name}: {shown} wordt niet omgezet en zou "
                                               "letterlijk in de bibliografie staan.",
                                        "Schrijf gewone tekst (met accenten zoals é en ö, en cursief alleen via de "
                                        "titel zelf); een teken als $ schrijft u als \\$."))
    if "title" not in entry.fields:
        problems.append(Problem(where, f"item ‘{key}’ heeft geen titel (veld title).",
                                "Geef de titel zoals de bron hem noemt; heeft de bron er geen, schrijf dan een "
                                "beschrijving tussen [ en ]."))
    return problems


def _read_bib_file(path: Path, shown_as: str) -> str:
    from edition.editorial.yamlfile import decode, plain_file  # the same rules (and messages) as the YAML files

    plain_file(path, shown_as)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise EditionError(Problem(str(path), "het BibTeX-bestand bestaat niet.",
                                   "Controleer de bestandsnaam en de map.")) from None
    if size > MAX_BIB_BYTES:
        raise EditionError(Problem(shown_as, f"het BibTeX-bestand is te groot ({size:,} bytes; de grens is "
                                             f"{MAX_BIB_BYTES:,}).".replace(",", "."),
                                   "Controleer of het juiste bestand hier staat, of splits het."))
    return decode(path.read_bytes(), shown_as)


def _problem_for(exc: PybtexError, text: str, shown_as: str) -> Problem:
    line = getattr(exc, "lineno", None) or _line_from_message(str(exc), text)
    where = f"{shown_as}:{line}" if line else shown_as
    what, fix = _dutch_message(exc)
    context = getattr(exc, "error_context_info", None)  # (position of the item's @, line, position)
    if isinstance(exc, PybtexSyntaxError) and line and context and isinstance(context[0], int):
        # pybtex notices a missing } or comma where the next thing goes wrong; say where the item began.
        begin = _line_at(text, context[0])
        if begin != line:
            fix = f"Het item begint op regel {begin}. {fix}"
    return Problem(where, what, fix)


def _dutch_message(exc: PybtexError) -> tuple[str, str]:
    message = (exc.args[0] if exc.args else "") if isinstance(exc.args, tuple) else ""
    if isinstance(exc, _MacroBudgetExceeded):
        return (f"de @string-afkorting ‘{message}’ wordt te vaak ingevuld (samen meer dan "
                f"{MAX_MACRO_CHARS:,} tekens).".replace(",", "."),
                "Schrijf de waarden voluit in de items in plaats van afkortingen in elkaar te nesten.")
    if isinstance(exc, PrematureEOF):
        return ("het bestand houdt op midden in een BibTeX-item.",
                "Controleer of elke { een bijbehorende } heeft en elk item met } eindigt.")
    if isinstance(exc, bibtex_input.UndefinedMacro):
        return (f"onbekende BibTeX-afkorting ‘{message}’ (een waarde zonder accolades of aanhalingstekens).",
                "Zet de waarde tussen accolades, bijvoorbeeld {tekst}, of definieer haar met @string.")
    if isinstance(exc, TokenRequired):
        wanted = message.removesuffix(" expected").split(" or ")
        expected = " of ".join(_DUTCH_TOKENS.get(part, part) for part in wanted)
        return (f"ongeldige BibTeX: hier werd {expected} verwacht.",
                "Controleer komma's, accolades en het = tussen veldnaam en waarde op deze regel.")
    if isinstance(exc, PybtexSyntaxError):
        if "nested braces" in message:
            return ("ongeldige BibTeX-syntaxis: te veel accolades in elkaar (meer dan 100).",
                    "Controleer de accolades { } in dit item.")
        if "unbalanced braces" in message:
            return ("ongeldige BibTeX-syntaxis: een } zonder bijbehorende {.",
                    "Controleer de accolades { } in dit item.")
        return ("ongeldige BibTeX-syntaxis.", "Vergelijk het item met een geldig voorbeeld in tests/fixtures/bibstyle/.")
    if match := _DUPLICATE_FIELD.match(message):
        return (f"het item ‘{match[1]}’ heeft het veld ‘{match[2]}’ twee keer.",
                "Verwijder een van de twee velden.")
    if match := _REPEATED_ENTRY.match(message):
        return (f"de sleutel ‘{match[1]}’ komt twee keer voor.", "Geef elk item een eigen sleutel.")
    if _TOO_MANY_COMMAS.match(message):
        return ("een naam heeft te veel komma's (meer dan ‘Achternaam, Jr., Voornaam’).",
                "Scheid namen met ‘and’; zet een organisatienaam met komma tussen dubbele accolades.")
    return ("het BibTeX-bestand kan niet gelezen worden.", "Controleer het item op deze plaats.")


_DUTCH_TOKENS = {"a valid name": "een geldige naam", "entry key": "een sleutel", "a number": "een getal",
                 "field value": "een waarde"}
# pybtex's DuplicateField and repeated-entry errors carry neither key nor line as attributes;
# the wording is fixed in the pinned pybtex version, so the key is read from the message.
_DUPLICATE_FIELD = re.compile(r"entry with key (\S+) has a duplicate (\S+) field")
_REPEATED_ENTRY = re.compile(r"repeated bibliography entry: (\S+)")
_TOO_MANY_COMMAS = re.compile(r"Too many commas in '(.*)'$")


def _line_from_message(message: str, text: str) -> int | None:
    """Line of a problem pybtex reports without one: the repeated field or entry, the bad name."""
    if match := _DUPLICATE_FIELD.match(message):
        start = _entry_start(text, match[1], last=False)
        field_re = re.compile(r"[\s,]" + re.escape(match[2]) + r"\s*=", re.IGNORECASE)
        repeats = list(field_re.finditer(text, start or 0))
        return _line_at(text, repeats[1].start() + 1) if start is not None and len(repeats) > 1 else None
    if match := _REPEATED_ENTRY.match(message):
        start = _entry_start(text, match[1], last=True)
        return _line_at(text, start) if start is not None else None
    if match := _TOO_MANY_COMMAS.match(message):
        position = text.find(match[1])
        return _line_at(text, position) if position >= 0 else None
    return None


def _entry_start(text: str, key: str, *, last: bool) -> int | None:
    starts = [m.start() for m in re.finditer(r"@\s*\w+\s*[{(]\s*" + re.escape(key) + r"\s*,", text, re.IGNORECASE)]
    return (starts[-1] if last else starts[0]) if starts else None


def _line_at(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


def _with_person_roles(entry: Entry) -> Entry:
    """The entry with translator (etc.) as persons, also when it was parsed without our load()."""
    stray = [role for role in PERSON_ROLES if role in entry.fields and role not in entry.persons]
    if not stray:
        return entry
    copy = Entry(entry.original_type, fields=[(k, v) for k, v in entry.fields.items() if k not in stray],
                 persons=dict(entry.persons))
    copy.key = entry.key
    for role in stray:
        for name in split_name_list(entry.fields[role]):
            copy.add_person(Person(name), role)
    return copy


# --------------------------------------------------------------------------- plain text helpers

_TEXT_BACKEND = text_backend.Backend()


@functools.lru_cache(maxsize=4096)
def _plain(latex: str) -> str:
    """LaTeX field value as the plain text a reader sees (braces and accents resolved).  Kept per
    string: the same few values (years, names) are asked for again and again while sorting,
    labelling and formatting, and latexcodec's decoding was a third of the site's generation."""
    return Text.from_latex(latex).render(_TEXT_BACKEND).strip()


def _fold(text: str) -> str:
    """Case- and accent-insensitive form for sorting ("Émile" next to "Emile")."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^\w\s]", " ", bare.casefold()).split())


def _names(person: Person, part: str) -> str:
    return _plain(" ".join(getattr(person, f"{part}_names")))


def _lead_role(entry: Entry) -> str | None:
    """Whose names open the reference: the authors, else the editors (not of a chapter: they edit the book)."""
    if entry.persons.get("author"):
        return "author"
    if entry.persons.get("editor") and entry.type not in ("incollection", "inproceedings"):
        return "editor"
    return None


# --------------------------------------------------------------------------- dates

def _iso_parts(value: str) -> tuple[int, int | None, int | None] | None:
    match = _ISO_DATE.match(value.strip())
    if not match:
        return None
    year, month, day = (int(part) if part else None for part in match.groups())
    if (month and not 1 <= month <= 12) or (day and not 1 <= day <= 31):
        return None
    return year, month, day


def _month_number(value: str) -> int | None:
    cleaned = _plain(value).strip().rstrip(".").casefold()
    if cleaned.isdigit():
        number = int(cleaned)
        return number if 1 <= number <= 12 else None
    return _MONTH_NUMBERS.get(cleaned)


def _entry_date(entry: Entry) -> tuple[str | None, int | None, int | None]:
    """(year as written, month number, day) from year/month/day, or from a biblatex ``date`` field."""
    fields = entry.fields
    if "year" in fields:
        month = _month_number(fields["month"]) if "month" in fields else None
        day = fields.get("day", "").strip()
        return _plain(fields["year"]), month, (int(day) if day.isdigit() and month else None)
    iso = _iso_parts(fields.get("date", ""))
    if iso:
        return str(iso[0]), iso[1], iso[2]
    return None, None, None


def _dutch_date(year: str | None, month: int | None = None, day: int | None = None) -> str:
    """"22 november 2026", "maart 2020", "2019" or "z.j."."""
    if not year:
        return NO_YEAR
    parts = [str(day)] if day and month else []
    parts += [MONTHS_NL[month - 1]] if month else []
    return " ".join([*parts, year])


def _dutch_urldate(value: str) -> str:
    iso = _iso_parts(value)
    return _dutch_date(str(iso[0]), iso[1], iso[2]) if iso else _plain(value)


# --------------------------------------------------------------------------- template nodes

@node
def sentence_nl(children, data, sep=", "):
    """Like pybtex's sentence, but the period also respects a ?/! inside closing quotes (‘Waarom?’)."""
    text = join(sep)[children].format_data(data)
    if not text:
        return text
    plain = str(text).rstrip("’”'\"")
    return text if plain.endswith((".", "?", "!")) else text + "."


@node
def person_list(children, context, role, invert_first=False):
    """Names of one role: "Mierlo, Hans van, Klaas de Vries en Piet Jansen" (Dutch "en", no Oxford comma)."""
    persons = context["entry"].persons.get(role)
    if not persons:
        raise FieldIsMissing(role, context["entry"])
    formatted = [(_INVERTED if invert_first and i == 0 else _NATURAL).format(person)
                 for i, person in enumerate(persons)]
    return join(sep=", ", sep2=" en ", last_sep=" en ")[formatted].format_data(context)


@node
def entry_date(children, context):
    """The publication date in Dutch, "z.j." when there is no year."""
    entry = context["entry"]
    year, month, day = _entry_date(entry)
    text = _dutch_date(year, month, day)
    if year and month is None and entry.fields.get("month", "").strip():
        text = f"{_plain(entry.fields['month'])} {text}"  # "voorjaar 1920": not a month, shown as written
    if entry.fields.get("dateprefix", "").strip():
        text = f"{_plain(entry.fields['dateprefix'])} {text}"  # "begin maart 2022": an inferred date
    return Text(text)


@node
def url_date(children, context):
    """"geraadpleegd op 22 november 2026" from an ISO ``urldate``."""
    entry = context["entry"]
    if "urldate" not in entry.fields:
        raise FieldIsMissing("urldate", entry)
    return Text("geraadpleegd op ", _dutch_urldate(entry.fields["urldate"]))


@node
def edition_nl(children, context):
    """"2e druk" for a numeric edition; other wording ("herziene uitgave") is shown as written."""
    entry = context["entry"]
    if "edition" not in entry.fields:
        raise FieldIsMissing("edition", entry)
    value = _plain(entry.fields["edition"])
    return Text(f"{value}e druk" if value.isdigit() else value)


def _dashify(text: Text) -> Text:
    # A literal en dash (not pybtex's ndash symbol) so html and plain text show the same character.
    return Text("–").join(text.split(re.compile(r"\s*[-–]+\s*")))


pages = field("pages", apply_func=_dashify)


def quoted(name: str):
    """Titles of articles, chapters and web pages: Dutch single quotes ‘…’."""
    return join["‘", field(name), "’"]


def italic(name: str):
    """Titles of books, journals and other containers."""
    return tag("em")[field(name)]


# --------------------------------------------------------------------------- names, sorting, style

class InvertedNameStyle(BaseNameStyle):
    """First author: "Mierlo, Hans van" (the Dutch prefix follows the first name); lineage last."""

    def format(self, person, abbr=False):
        return join[
            name_part[person.rich_last_names],
            name_part(before=", ")[
                words[
                    name_part(abbr=abbr)[person.rich_first_names + person.rich_middle_names],
                    name_part[person.rich_prelast_names],
                ]
            ],
            name_part(before=", ")[person.rich_lineage_names],
        ]


_INVERTED = InvertedNameStyle()
_NATURAL = plain_names.NameStyle()  # "Klaas de Vries": pybtex's own {ff~}{vv~}{ll}{, jj}


class DutchSortingStyle(BaseSortingStyle):
    """Sorts with ``sort_key``: surname without prefix, year, title."""

    def sorting_key(self, entry):
        return sort_key(entry)


class DutchStyle(BaseStyle):
    """Author–date reference list in Dutch. Built on BaseStyle, not unsrt, so no English wording leaks in."""

    default_name_style = InvertedNameStyle
    default_sorting_style = DutchSortingStyle

    def format_entry(self, label, entry, bib_data=None):
        entry = _with_person_roles(entry)
        # Unknown types fall back to misc instead of BaseStyle's AttributeError.
        get_template = getattr(self, f"get_{entry.type}_template", self.get_misc_template)
        context = {"entry": entry, "style": self, "bib_data": bib_data}
        return FormattedEntry(entry.key, get_template(entry).format_data(context), label)

    def get_article_template(self, e):
        journal = sentence_nl[
            words[optional[italic("journal")], optional_field("volume")],
            optional[words["nr.", field("number")]],
            optional[words["p.", pages]],
        ]
        return self._reference(e, quoted("title"), journal, self._publication())

    def get_book_template(self, e):
        return self._reference(e, italic("title"), sentence_nl[optional[edition_nl]], self._publication())

    def get_incollection_template(self, e):
        container = optional[sentence_nl[words["In:", join(sep=", ")[
            optional[words[person_list("editor"), "(red.)"]],
            italic("booktitle"),
            optional[words["p.", pages]],
        ]]]]
        return self._reference(e, quoted("title"), container, self._publication())

    get_inproceedings_template = get_incollection_template

    def get_misc_template(self, e):
        return self._reference(e, italic("title"), self._publication(with_howpublished=True))

    def get_online_template(self, e):
        return self._reference(e, quoted("title"), self._publication(with_howpublished=True))

    get_electronic_template = get_www_template = get_online_template

    def _reference(self, e, title, *details):
        """Head (names and date), title with translators, type-specific details, web links, note."""
        role = _lead_role(e)
        title_part = join(sep=", ")[optional[title], optional[words["vert.", person_list("translator")]]]
        date = join["(", entry_date, ")"]
        if role is None:  # the title takes the place of the names: "‘Titel’, vert. X (z.j.)."
            head, title_part = sentence_nl(sep=" ")[title_part, date], ""
        else:
            names = person_list(role, invert_first=True)
            head = sentence_nl(sep=" ")[names, "(red.)" if role == "editor" else "", date]
        return words[head, sentence_nl[title_part], *details, self._web(), sentence_nl[optional_field("note")]]

    def _publication(self, with_howpublished=False):
        """"Amsterdam: Uitgeverij" (either part may be missing).

        misc/online also show howpublished and organization, and school/institution so that a
        thesis or report falling back to misc still says where it comes from.
        """
        place_publisher = join(sep=": ")[optional_field("address"), optional_field("publisher")]
        if not with_howpublished:
            return sentence_nl[place_publisher]
        return sentence_nl[optional_field("howpublished"), optional_field("organization"),
                           optional_field("school"), optional_field("institution"), place_publisher]

    def _web(self):
        url = field("url", raw=True)
        doi_url = join["https://doi.org/", field("doi", raw=True)]
        return sentence_nl(sep=" ")[
            optional[href(doi_url)[doi_url]],
            optional[href(url)[url], optional[" (", url_date, ")"]],
        ]


class _HtmlBackend(html_backend.Backend):
    """pybtex's html backend, minus the bibtex-protected spans and with the URL attribute escaped."""

    def format_protected(self, text):
        return text  # braces only protect capitals in LaTeX; the site has no CSS for these spans

    def format_href(self, url, text, external=False):
        # The bibliography's loader refuses any other URL with a message; this is the last guard.
        if not is_web_url(url):
            return text
        target = ' target="_blank"' if external else ""
        return f'<a href="{escape(url, {chr(34): "&quot;"})}"{target}>{text}</a>' if text else ""


_HTML_BACKEND = _HtmlBackend()
_STYLE = DutchStyle()


# --------------------------------------------------------------------------- public formatting API

def sort_key(entry) -> tuple:
    """Dutch order: surnames without prefix ("van Mierlo" under M), then year, then title.

    Entries without names sort by title, ignoring a leading "[", quote or article
    (De, Het, Een, The); the entry key breaks remaining ties so the order is always the same.
    """
    entry = _with_person_roles(entry)
    title = _title_sort_text(entry.fields.get("title", ""))
    role = _lead_role(entry)
    if role:
        who = tuple((_fold(_names(p, "last")), _fold(_names(p, "first") + " " + _names(p, "middle")),
                     _fold(_names(p, "prelast"))) for p in entry.persons[role])
    else:
        who = ((title, "", ""),)
    return who, _year_sort_key(entry), title, entry.key or ""


def _title_sort_text(title: str) -> str:
    text = _plain(title).lstrip(_LEADING_NOISE)
    return _fold(_LEADING_ARTICLE.sub("", text).lstrip(_LEADING_NOISE))


def _year_sort_key(entry: Entry) -> tuple[int, str]:
    """Numeric year first (so 999 precedes 1890); undated works before dated ones."""
    year, month, day = _entry_date(entry)
    if not year:
        return -1, ""
    digits = re.match(r"\d+", year)
    return (int(digits[0]) if digits else -1), f"{year} {month or 0:02d} {day or 0:02d}"


def format_entries(bib_data: BibliographyData, keys=None) -> list[tuple[str, str, str]]:
    """(key, html, plain text) per entry, in ``sort_key`` order; all entries if ``keys`` is None.

    The html has no surrounding <p>. Unknown keys raise an ``EditionError`` listing all of them.
    """
    wanted = list(dict.fromkeys(bib_data.entries.keys() if keys is None else keys))
    missing = [key for key in wanted if key not in bib_data.entries]
    if missing:
        raise EditionError([Problem(f"@{key}", f"de bibliografie heeft geen item met sleutel ‘{key}’.",
                                    "Voeg het item toe aan het .bib-bestand of verbeter de sleutel.")
                            for key in missing])
    entries = [bib_data.entries[key] for key in wanted]
    content = _content(bib_data, wanted)
    if content not in _FORMATTED:
        formatted = _guarded(lambda: list(_STYLE.format_entries(entries, bib_data=bib_data)))
        remember(content, [(item.key, item.text.render(_HTML_BACKEND), item.text.render(_TEXT_BACKEND))
                           for item in formatted])
    return list(_FORMATTED[content])


# The last formatting, keyed on the content of every entry it formatted: pybtex (and its LaTeX
# decoding) takes most of a second for a hundred entries, and `edition serve` formats the same
# bibliography after every save, a build once for the site and once for the PDFs.
_FORMATTED: dict[tuple, list[tuple[str, str, str]]] = {}


def content_of(bib_data: BibliographyData) -> tuple:
    """What `format_entries(bib_data)` depends on: every entry's key, type, fields and names."""
    return _content(bib_data, list(bib_data.entries.keys()))


def remember(content: tuple, formatted: list[tuple[str, str, str]]) -> None:
    """Keep `formatted` as the formatting of `content` (made here, or kept by edition.cache across
    builds); one bibliography at a time is what a build or a serve session formats."""
    _FORMATTED.clear()
    _FORMATTED[content] = list(formatted)


def _content(bib_data: BibliographyData, keys: list[str]) -> tuple:
    return tuple(_entry_content(k, bib_data.entries[k]) for k in keys)


def _entry_content(key: str, e) -> tuple:
    return (key, e.type, tuple(sorted((k, str(v)) for k, v in e.fields.items())),
            tuple(sorted((role, tuple(str(p) for p in people)) for role, people in e.persons.items())))


def format_entry(entry, key="x") -> tuple[str, str]:
    """(html, plain text) of one entry, e.g. a reference synthesised at build time.  Kept per
    entry's content: under `edition serve` every save renders every text's citation box, and
    pybtex takes a few milliseconds for each."""
    content = _entry_content(key, entry)
    if content not in _ONE_FORMATTED:
        if len(_ONE_FORMATTED) >= 4096:  # a bound, not a policy: a serve session edits a few texts
            _ONE_FORMATTED.clear()
        item = _guarded(lambda: _STYLE.format_entry(key, entry), key)
        _ONE_FORMATTED[content] = (item.text.render(_HTML_BACKEND), item.text.render(_TEXT_BACKEND))
    return _ONE_FORMATTED[content]


_ONE_FORMATTED: dict[tuple, tuple[str, str]] = {}


def _guarded(render, key=None):
    """Templates make every field optional; should one still be missing, say so in Dutch."""
    try:
        return render()
    except FieldIsMissing as exc:
        where = f"@{key}" if key else "bibliografie"
        raise EditionError(Problem(where, f"het veld ‘{exc.field_name}’ ontbreekt.",
                                   "Vul het veld aan in het .bib-bestand.")) from None


def cite_label(entry) -> str:
    """Author–year label: "Byrne 2022", "Mierlo en Vries 2020", "Jansen e.a. 2019", "‘Titel in vier woorden’ z.j.".

    Surnames without prefix, organisations in full, editors when there is no author,
    otherwise the first (at most four) words of the title; "z.j." without year.
    """
    entry = _with_person_roles(entry)
    year = _entry_date(entry)[0] or NO_YEAR
    role = _lead_role(entry)
    if role is None:
        return f"‘{_title_words(entry.fields.get('title', ''))}’ {year}"
    surnames = [_names(person, "last") for person in entry.persons[role]]
    if len(surnames) == 1:
        who = surnames[0]
    elif len(surnames) == 2:
        who = " en ".join(surnames)
    else:
        who = f"{surnames[0]} e.a."
    return f"{who} {year}"


def _title_words(title: str, limit: int = 4) -> str:
    """The first words of a title; a shortened title gets "…", and a title supplied by the editors
    ("[Titel]") keeps its closing bracket, so the label still says it is supplied."""
    plain = _plain(title).strip()
    supplied = plain.startswith("[") and plain.endswith("]")
    all_words = (plain[1:-1] if supplied else plain).split()
    if not all_words:
        return NO_TITLE
    shown = " ".join(all_words[:limit]).rstrip(",.:;")
    if len(all_words) > limit:
        shown += " …"
    return f"[{shown}]" if supplied else shown


# --------------------------------------------------------------------------- export

class _RawBibtexWriter(bibtex_output.Writer):
    """pybtex's writer, but without LaTeX-encoding values a second time.

    pybtex keeps field values as the LaTeX the editor wrote; its writer would encode them again
    (``\\&`` becomes ``\\\\&``, ``%`` in a URL becomes ``\\%``) and the record would not round-trip.
    """

    def _encode(self, text):
        return text


def to_bibtex(key: str, entry) -> str:
    """One BibTeX record (translator included as a name list); months are written as numbers."""
    entry = _with_person_roles(entry)
    fields = dict(entry.fields.items())
    fields.pop("dateprefix", None)  # the edition's own field ("begin", "ca."): no tool reads it
    if "month" in fields and (number := _month_number(fields["month"])):
        fields["month"] = str(number)  # "maart"/"March" would not be understood by every tool
    copy = Entry(entry.original_type, fields=list(fields.items()), persons=dict(entry.persons))
    return _RawBibtexWriter(encoding="utf-8").to_string(BibliographyData(entries={key: copy}))


_RIS_TYPES = {"article": "JOUR", "book": "BOOK", "incollection": "CHAP", "inbook": "CHAP",
              "inproceedings": "CPAPER", "online": "ELEC", "electronic": "ELEC", "www": "ELEC"}
_RIS_CONTAINER = {"article": "journal", "incollection": "booktitle", "inbook": "booktitle",
                  "inproceedings": "booktitle"}


def to_ris(key: str, entry) -> str:
    """One RIS record: "TAG  - value" lines with CRLF, from TY to ER; names as "Achternaam, Voornaam"."""
    entry = _with_person_roles(entry)
    fields = entry.fields
    lines = [("TY", _RIS_TYPES.get(entry.type, "GEN")), ("ID", key)]
    for role, tag_ in (("author", "AU"), ("editor", "A2"), ("translator", "A4")):
        lines += [(tag_, _ris_name(person)) for person in entry.persons.get(role, [])]
    lines += _ris_fields(fields, [("TI", "title"), ("T2", _RIS_CONTAINER.get(entry.type, "")),
                                  ("VL", "volume"), ("IS", "number")])
    lines += _ris_pages(fields)
    year, month, day = _entry_date(entry)
    if year:
        lines += [("PY", year), ("DA", "/".join([year] + [f"{n:02d}" for n in (month, day) if n]))]
    lines += _ris_fields(fields, [("PB", "publisher"), ("CY", "address"), ("DO", "doi")])
    if "url" in fields:
        lines.append(("UR", fields["url"].strip()))
    if "urldate" in fields:
        iso = _iso_parts(fields["urldate"])
        lines.append(("Y2", "/".join(f"{n:02d}" for n in iso if n) if iso else _plain(fields["urldate"])))
    lines += _ris_fields(fields, [("N1", "note"), ("LA", "language")])
    lines.append(("ER", ""))
    # A value may not span lines in RIS: a synthesised entry could still contain a newline.
    return "".join(f"{tag_}  - {' '.join(value.split())}\r\n" for tag_, value in lines)


def _ris_fields(fields, pairs):
    return [(tag_, _plain(fields[name])) for tag_, name in pairs if name and name in fields]


def _ris_pages(fields) -> list[tuple[str, str]]:
    if "pages" not in fields:
        return []
    parts = re.split(r"\s*[-–]+\s*", _plain(fields["pages"]), maxsplit=1)
    return [("SP", parts[0])] + ([("EP", parts[1])] if len(parts) > 1 and parts[1] else [])


def _ris_name(person: Person) -> str:
    """"Mierlo, Hans van": surname first, the prefix after the first name as in Dutch catalogues."""
    first = " ".join(filter(None, [_names(person, "first"), _names(person, "middle"), _names(person, "prelast")]))
    return ", ".join(filter(None, [_names(person, "last"), first, _names(person, "lineage")]))

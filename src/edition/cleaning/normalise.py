"""Stage 1 – normalise: bytes → NFC text lines, or a precise error (file, line, byte position).

Raw texts are third-party material, so `decode` first says what a file is when it is not a UTF-8 text
(a pdf, a Word file, UTF-16 …), with the advice that fits, and `normalise` removes characters that could
make a reader see something other than what the source holds (bidirectional controls), listing each
line as an open doubt for the editors.
"""

from __future__ import annotations

import re
import unicodedata

from edition.dutch import count
from edition.errors import EditionError, Problem
from edition.model import Document, Line

BOM = "\ufeff"
# Spaces that mean nothing but a space in running text.
_ODD_SPACES = re.compile(r"[\t\u00a0\u2000-\u200a\u202f\u205f\u3000]")
# Invisible characters with no meaning in a reading text (a soft hyphen inside a line, zero-width space).
_INVISIBLE = re.compile(r"[\u00ad\u200b\u2060](?!$)")
_MULTI_SPACE = re.compile(r" {2,}")
# Bidirectional controls ("Trojan Source", CVE-2021-42574): the embeddings, overrides and isolates
# U+202A–U+202E and U+2066–U+2069 reorder what a browser or PDF viewer shows, so that a reader sees
# ‘verlang’ where the source (and the fidelity check, and search) holds ‘gnalrev’.  The marks
# U+200E (LRM), U+200F (RLM) and U+061C (ALM) reorder nothing by themselves but move neutral characters
# (punctuation, digits, spaces) across a run; a Dutch reading text has no use for them, they arrive
# only as residue of copying from web pages or word processors, so they are removed too.  Every line
# that held one is an open doubt in the review report (an editor may check the source: if a quoted
# name in Arabic or Hebrew script was meant, the direction is the browser's own, without the marks).
# Invisible characters with no use in a reading text that can hide or smuggle text: the byte-order
# mark inside a line, invisible math operators, Hangul fillers (blank-looking letters), tag
# characters (U+E0000–E007F, "ASCII smuggling") and noncharacters.
HIDDEN = re.compile("[\ufeff\u2061-\u2064\u115f\u1160\u3164\uffa0\ufdd0-\ufdef\ufffe\uffff\U000e0000-\U000e007f]")
BIDI_CONTROLS = re.compile(r"[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# Control characters that have no place in a reading text (tab, LF, CR are handled as layout; a form
# feed is a page break, as `pdftotext` writes one after every page: see FORM_FEED).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
FORM_FEED = "\f"
# Valid UTF-8 sequences of more than one byte: a file with more of these than invalid bytes is a
# UTF-8 file with a foreign character or two, not a Windows-1252 file (where such pairs are rare).
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_HTML_START = re.compile(r"\s*<(?:!doctype\s+html|html[\s>])", re.IGNORECASE)
SAMPLE = 4096  # bytes looked at to recognise UTF-16 without a BOM

_KEEP_FIX = "zonder de tekst verder te wijzigen"
_NOT_READ_YET = "Andere formaten dan platte tekst worden (nog) niet gelezen."


def _line_col(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    col = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, col


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _names(path: str, real_suffix: str) -> tuple[str, str]:
    """(name the file should have, name of the text to make from it) for advice in a message."""
    name = path.rsplit("/", 1)[-1]
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return (f"{stem}{real_suffix}" if name == f"{stem}.txt" else name), f"{stem}.txt"


def _file_format(raw: bytes, path: str) -> Problem | None:
    """A file that is not a text at all (pdf, Word, image), recognised by its first bytes."""
    head = raw[:1024]
    # The PDF header may follow a few bytes of junk (PDF 32000-1, 7.5.2); a text that merely mentions
    # it is still UTF-8.
    if raw.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"%PDF-") or (b"%PDF-" in head and not _is_utf8(raw)):
        real, text = _names(path, ".pdf")
        return Problem(path, "dit is een pdf, geen tekstbestand.",
                       f"Zet het bestand als ‘{real}’ buiten sources/ en maak er platte tekst in UTF-8 van, "
                       f"bijvoorbeeld met: pdftotext -enc UTF-8 {real} {text} (kijk daarna na of de tekst volledig "
                       "en in de goede volgorde staat). " + _NOT_READ_YET)
    if raw.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        if b"mimetypeapplication/vnd.oasis.opendocument" in head:
            what, suffix = "dit is een OpenDocument-bestand (odt, van LibreOffice), geen tekstbestand.", ".odt"
        elif b"word/" in raw:
            what, suffix = "dit is een Word-bestand (docx), geen tekstbestand.", ".docx"
        else:
            what, suffix = "dit is een zip-archief (bijvoorbeeld een Word-bestand, docx), geen tekstbestand.", ".docx"
        real, text = _names(path, suffix)
        return Problem(path, what,
                       f"Zet het bestand als ‘{real}’ buiten sources/, open het in Word of LibreOffice en kies "
                       "‘Opslaan als’ → ‘Platte tekst (.txt)’ met codering UTF-8; of: pandoc -t plain --wrap=none "
                       f"{real} -o {text}. " + _NOT_READ_YET)
    if raw.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return Problem(path, "dit is een ouder Word-bestand (doc), geen tekstbestand.",
                       "Open het in Word of LibreOffice en kies ‘Opslaan als’ → ‘Platte tekst (.txt)’ met codering "
                       "UTF-8. " + _NOT_READ_YET)
    if raw.lstrip().startswith(b"{\\rtf"):
        return Problem(path, "dit is een RTF-bestand (opgemaakte tekst); de opmaakcodes zouden als tekst verschijnen.",
                       "Open het in een tekstverwerker en kies ‘Opslaan als’ → ‘Platte tekst (.txt)’ met codering "
                       "UTF-8. " + _NOT_READ_YET)
    for magic, kind in ((b"\x89PNG\r\n\x1a\n", "png"), (b"\xff\xd8\xff", "jpeg"), (b"GIF87a", "gif"),
                        (b"GIF89a", "gif")):
        if raw.startswith(magic):
            return Problem(path, f"dit is een afbeelding ({kind}), geen tekstbestand.",
                           "Lever de tekst aan als platte tekst in UTF-8 (.txt); een gescande bladzijde moet eerst "
                           "worden overgetikt of met tekstherkenning (OCR) omgezet en nagelezen.")
    return None


def _utf16_or_32(raw: bytes) -> tuple[str, str] | None:
    """(name of the encoding, iconv source name) when the bytes are UTF-32 or UTF-16 text."""
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32", "UTF-32"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16", "UTF-16"  # iconv reads the byte order from the BOM
    sample = raw[:SAMPLE]
    even, odd = sample[0::2], sample[1::2]
    if len(odd) < 2:
        return None
    nul_even, nul_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    # Latin text in UTF-16: every other byte is NUL (after the letter in little-endian, before it in
    # big-endian); the other bytes hardly ever are.
    if nul_odd > 0.3 and nul_even < 0.05:
        return "UTF-16 (little-endian, zonder BOM)", "UTF-16LE"
    if nul_even > 0.3 and nul_odd < 0.05:
        return "UTF-16 (big-endian, zonder BOM)", "UTF-16BE"
    return None


def _looks_like_cp1252(raw: bytes) -> str | None:
    """The file decoded as Windows-1252 when that gives text (letters and punctuation, no control
    characters, not mostly high bytes), else None: only then is iconv -f WINDOWS-1252 good advice."""
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:  # 0x81, 0x8d, 0x8f, 0x90, 0x9d are not Windows-1252
        return None
    if _CONTROL.search(text):
        return None
    high = [c for c in text if ord(c) > 0x7f]
    if len(high) > 0.3 * len(text):
        return None
    ok = sum(1 for c in high if unicodedata.category(c)[0] in "LPNZ" or unicodedata.category(c) in ("Sc", "So"))
    return text if ok >= 0.9 * len(high) else None


def _invalid_utf8(raw: bytes, exc: UnicodeDecodeError, path: str) -> Problem:
    line = raw.count(b"\n", 0, exc.start) + 1
    bad = raw[exc.start:exc.start + 4].hex(" ")
    where = f"{path}:{line}"
    what = f"geen geldige UTF-8 op byte {exc.start} (bytes {bad})."
    name = path.rsplit("/", 1)[-1]
    valid = len(_UTF8_MULTIBYTE.findall(raw))
    invalid = raw.decode("utf-8", "replace").count("\ufffd")
    if valid > invalid:
        return Problem(where, what + " De rest van het bestand is wel UTF-8: hier staat één teken in een andere codering.",
                       "Herstel dit teken in een kopie van de bron met een teksteditor die UTF-8 toont, en lever die "
                       "opnieuw aan; zet niet het hele bestand om met iconv, want dan worden de andere letters verminkt.")
    cp1252 = _looks_like_cp1252(raw)
    if cp1252 is not None:
        seen = cp1252[exc.start]  # one byte, one character
        return Problem(where, what + f" Het bestand lijkt in Windows-1252 (Latin-1) opgeslagen; daarin is dit ‘{seen}’.",
                       f"Sla het bestand op als UTF-8 (bijvoorbeeld: iconv -f WINDOWS-1252 -t UTF-8 {name} > "
                       f"{name}.utf8 en dan {name}.utf8 hernoemen tot {name}), {_KEEP_FIX}.")
    return Problem(where, what + " Dit lijkt geen tekstbestand, of de tekenset is onbekend.",
                   "Open het bestand in een teksteditor om te zien wat het is; is het een tekst, sla het dan op als "
                   f"platte tekst in UTF-8, {_KEEP_FIX}.")


def decode(raw: bytes, path: str) -> str:
    """Strict UTF-8 (a BOM is allowed); anything else is an error that says where and what to do."""
    if not raw.strip():
        raise EditionError(Problem(path, "het bestand is leeg (of bevat alleen witruimte).",
                                   "Plaats de ruwe tekst in dit bestand, of verwijder het uit sources/."))
    problem = _file_format(raw, path)
    if problem:
        raise EditionError(problem)
    wide = _utf16_or_32(raw)
    if wide:
        encoding, iconv_name = wide
        name = path.rsplit("/", 1)[-1]
        raise EditionError(Problem(
            path, f"het bestand is opgeslagen als {encoding}, niet als UTF-8 (Kladblok en Word noemen dat ‘Unicode’).",
            f"Zet het om naar UTF-8, {_KEEP_FIX}: iconv -f {iconv_name} -t UTF-8 {name} > {name}.utf8 en dan "
            f"{name}.utf8 hernoemen tot {name}; of in Kladblok: ‘Opslaan als’ met codering ‘UTF-8’."))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise EditionError(_invalid_utf8(raw, exc, path)) from None
    problems = []
    for m in _CONTROL.finditer(text):
        line, col = _line_col(text, m.start())
        byte = len(text[:m.start()].encode("utf-8"))
        name = "NUL-teken" if m.group() == "\x00" else f"stuurteken U+{ord(m.group()):04X}"
        problems.append(Problem(f"{path}:{line}:{col}", f"{name} op byte {byte}.",
                                "Verwijder dit teken uit een kopie van de bron en lever die opnieuw aan; het hoort niet in een leestekst."))
        if len(problems) >= 20:
            break
    if problems:
        raise EditionError(problems)
    return text


def html_start(text: str) -> int | None:
    """The line where a text that is an HTML page starts (`<!doctype html` or `<html`), else None."""
    m = _HTML_START.match(text.removeprefix(BOM))
    if not m:
        return None
    return text.count("\n", 0, m.end()) + 1


def _bidi_message(line: str) -> str:
    found = [f"U+{ord(m.group()):04X} ({unicodedata.name(m.group())}) op kolom {m.start() + 1}"
             for m in BIDI_CONTROLS.finditer(line)]
    return ("sturingsteken(s) voor de schrijfrichting verwijderd: " + ", ".join(found) + ". Zulke tekens kunnen de "
            "volgorde veranderen waarin een lezer de tekst ziet; de editie toont de woorden in de volgorde van de "
            "bron. Kijk de bronregel na.")


# Text set in two columns side by side, as `pdftotext -layout` writes a two-column page: a second
# text starts on many lines at about the same column, after a run of spaces.  Read line by line,
# the sentences of the two columns would run into each other (silent damage), so it stops the
# cleaning with a message; an editor who knows better (a table) sets the layout in the YAML.
_GAP = re.compile(r"(?<=\S) {3,}(?=\S)")
SIDE_LEFT_MIN = 8  # characters of the left column before the gap
SIDE_RIGHT_MIN = 5  # characters after it
SIDE_INDENT_MIN = 25  # a line of the right column alone (the left one ended) is indented this far
SIDE_MIN_LINES = 8
SIDE_SHARE = 0.3  # of the lines with text
SIDE_SPREAD = 3  # columns the second text may start apart and still be one column


def _side_by_side(gaps: list[tuple[int, int]], lines_with_text: int) -> tuple[int, int, int] | None:
    """(first line, lines, column) of a second column of text, from (line, column where the text
    after a gap starts) of every line with a gap; None if there is none."""
    by_column: dict[int, list[int]] = {}
    for no, col in gaps:
        by_column.setdefault(col, []).append(no)
    best = None
    for col in by_column:
        near = sorted(n for c in range(col - SIDE_SPREAD, col + SIDE_SPREAD + 1) for n in by_column.get(c, []))
        if best is None or len(near) > len(best[1]):
            best = (col, near)
    if best is None or len(best[1]) < max(SIDE_MIN_LINES, SIDE_SHARE * lines_with_text):
        return None
    return best[1][0], len(best[1]), best[0] + 1


def _side_by_side_problem(path: str, found: tuple[int, int, int], lines_with_text: int) -> Problem:
    first, n, col = found
    return Problem(f"{path}:{first}", f"de tekst staat in twee kolommen naast elkaar (zoals `pdftotext -layout` "
                   f"een pagina met twee kolommen schrijft): op {n} van de {lines_with_text} regels begint rond "
                   f"kolom {col} een tweede tekst. Regel voor regel gelezen zouden de zinnen van beide kolommen "
                   "door elkaar lopen.",
                   "Maak de tekst opnieuw met `pdftotext bestand.pdf bestand.txt` (zonder -layout), of zet de pdf "
                   "zelf in sources/. Is het geen tekst in kolommen maar bijvoorbeeld een tabel, zet dan de opmaak "
                   "in het YAML-bestand (`layout: line`); dan leest de opschoning de regels zoals ze staan.")


def normalise(raw: bytes, doc: Document, check_columns: bool = True) -> None:
    """Fill `doc.lines`; record every kind of change with a count and example lines.  With
    `check_columns`, text in two columns side by side stops with a message (see `_GAP`)."""
    text = decode(raw, doc.path)
    gaps: list[tuple[int, int]] = []
    counts: dict[str, list[int]] = {}

    def note(rule: str, line: int) -> None:
        counts.setdefault(rule, []).append(line)

    html_line = html_start(text)
    if html_line is not None:
        doc.decide("normalise-html", html_line, HTML_MESSAGE, doubtful=True)
    if text.startswith(BOM):
        text = text[1:]
        note("bom", 1)
    if "\r" in text:
        for i, part in enumerate(text.split("\n")):
            if "\r" in part:
                note("newlines", i + 1)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = []
    page = 1
    for no, original in enumerate(text.split("\n"), start=1):
        line = original
        line_page = page
        if FORM_FEED in line:
            # A form feed before the text of a line starts that line's page; one after or inside it
            # starts the page of what follows.  Line numbers stay those of an editor (LF only).
            lead = len(line) - len(line.lstrip(FORM_FEED))
            page += lead
            line_page = page
            page += line[lead:].count(FORM_FEED)
            line = line.strip(FORM_FEED).replace(FORM_FEED, " ")
        if BIDI_CONTROLS.search(line):
            # One open doubt per line, so the review report lists every place (see BIDI_CONTROLS).
            doc.decide("normalise-bidi", no, _bidi_message(line), doubtful=True,
                       chars=[f"U+{ord(c):04X}" for c in BIDI_CONTROLS.findall(line)])
            line = BIDI_CONTROLS.sub("", line)
        if HIDDEN.search(line):
            # Tag characters can carry text no reader sees; a byte-order mark or an invisible operator
            # inside a word makes it unfindable: removed, and each line listed for the editors.
            found = [f"U+{ord(m.group()):04X} ({unicodedata.name(m.group(), 'zonder naam')}) op kolom {m.start() + 1}"
                     for m in HIDDEN.finditer(line)]
            doc.decide("normalise-hidden", no, "onzichtbare tekens verwijderd: " + ", ".join(found[:5])
                       + (f" (en nog {len(found) - 5})" if len(found) > 5 else "")
                       + ". Ze zijn in de editie niet te zien en maken woorden onvindbaar; kijk de bronregel na.",
                       doubtful=True)
            line = HIDDEN.sub("", line)
        normalised = unicodedata.normalize("NFC", line)
        if normalised != line:
            note("nfc", no)
        line = normalised
        cleaned = _INVISIBLE.sub("", line)
        if cleaned != line:
            note("invisible", no)
        line = cleaned
        cleaned = _ODD_SPACES.sub(" ", line)
        if cleaned != line:
            note("odd-spaces", no)
        line = cleaned
        gap = _GAP.search(line)
        indent = len(line) - len(line.lstrip(" "))
        if gap and len(line[:gap.start()].strip()) >= SIDE_LEFT_MIN and len(line[gap.end():].strip()) >= SIDE_RIGHT_MIN:
            gaps.append((no, gap.end()))
        elif indent >= SIDE_INDENT_MIN and len(line.strip()) >= SIDE_RIGHT_MIN:
            gaps.append((no, indent))
        stripped = line.strip(" ")
        if stripped and line != stripped:
            if line.startswith(" "):
                note("leading-space", no)
            if line.endswith(" "):
                note("trailing-space", no)
        line = stripped
        cleaned = _MULTI_SPACE.sub(" ", line)
        if cleaned != line:
            note("multiple-spaces", no)
        lines.append(Line(no, cleaned, line_page))
    # A final newline leaves an empty last element; it is not a line of the text.
    while lines and not lines[-1].text:
        lines.pop()
    if not lines:  # only spaces the bytes check above does not see (no-break spaces, tabs, soft hyphens)
        raise EditionError(Problem(doc.path, "het bestand bevat geen tekst (alleen witruimte of onzichtbare tekens).",
                                   "Plaats de ruwe tekst in dit bestand, of verwijder het uit sources/."))
    if check_columns and gaps:
        with_text = sum(1 for line in lines if line.text)
        found = _side_by_side(gaps, with_text)
        if found is not None:
            raise EditionError(_side_by_side_problem(doc.path, found, with_text))
    doc.lines = lines
    for rule, where in counts.items():
        doc.decide(f"normalise-{rule}", where[0], NORMALISE_MESSAGES[rule].format(n=count(len(where), "regel", "regels")),
                   count=len(where), lines=where[:10])


HTML_MESSAGE = ("dit lijkt een HTML-pagina: de opmaakcodes (tags) worden als gewone tekst getoond, niet uitgevoerd. "
                "Lever liever de platte tekst aan (bijvoorbeeld: pandoc -t plain --wrap=none pagina.html -o tekst.txt), "
                "of bevestig dat de codes bij de tekst horen.")

NORMALISE_MESSAGES = {
    "bom": "byte-order-markering (BOM) aan het begin verwijderd",
    "newlines": "regeleinden CR/CRLF omgezet naar LF ({n})",
    "nfc": "Unicode genormaliseerd naar NFC ({n})",
    "invisible": "onzichtbare tekens (zachte afbreekstreep, zero-width space) verwijderd ({n})",
    "odd-spaces": "tabs en bijzondere spaties vervangen door een gewone spatie ({n})",
    "leading-space": "spatie(s) aan het begin van de regel verwijderd ({n})",
    "trailing-space": "spatie(s) aan het einde van de regel verwijderd ({n})",
    "multiple-spaces": "meervoudige spaties teruggebracht tot één ({n})",
}

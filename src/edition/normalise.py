"""Stage 1 – normalise: bytes → NFC text lines, or a precise error (file, line, byte position)."""

from __future__ import annotations

import re
import unicodedata

from .errors import EditionError, Problem
from .model import Document, Line

BOM = "\ufeff"
# Spaces that mean nothing but a space in running text.
_ODD_SPACES = re.compile(r"[\t\u00a0\u2000-\u200a\u202f\u205f\u3000]")
# Invisible characters with no meaning in a reading text (a soft hyphen inside a line, zero-width space).
_INVISIBLE = re.compile(r"[\u00ad\u200b\u2060](?!$)")
_MULTI_SPACE = re.compile(r" {2,}")


def _line_col(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    col = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, col


def decode(raw: bytes, path: str) -> str:
    """Strict UTF-8 (a BOM is allowed); anything else is an error that says where."""
    if not raw.strip():
        raise EditionError(Problem(path, "het bestand is leeg (of bevat alleen witruimte).",
                                   "Plaats de ruwe tekst in dit bestand, of verwijder het uit sources/."))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        bad = raw[exc.start:exc.start + 4].hex(" ")
        raise EditionError(Problem(
            f"{path}:{line}",
            f"geen geldige UTF-8 op byte {exc.start} (bytes {bad}).",
            "Sla het bestand op als UTF-8 (bijvoorbeeld: iconv -f WINDOWS-1252 -t UTF-8), zonder de tekst verder te wijzigen.",
        )) from None
    problems = []
    for m in re.finditer(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", text):
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


def normalise(raw: bytes, doc: Document) -> None:
    """Fill `doc.lines`; record every kind of change with a count and example lines."""
    text = decode(raw, doc.path)
    counts: dict[str, list[int]] = {}

    def note(rule: str, line: int) -> None:
        counts.setdefault(rule, []).append(line)

    if text.startswith(BOM):
        text = text[1:]
        note("bom", 1)
    if "\r" in text:
        for i, part in enumerate(text.split("\n")):
            if "\r" in part:
                note("newlines", i + 1)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = []
    for no, original in enumerate(text.split("\n"), start=1):
        line = unicodedata.normalize("NFC", original)
        if line != original:
            note("nfc", no)
        cleaned = _INVISIBLE.sub("", line)
        if cleaned != line:
            note("invisible", no)
        line = cleaned
        cleaned = _ODD_SPACES.sub(" ", line)
        if cleaned != line:
            note("odd-spaces", no)
        line = cleaned
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
        lines.append(Line(no, cleaned))
    # A final newline leaves an empty last element; it is not a line of the text.
    while lines and not lines[-1].text:
        lines.pop()
    doc.lines = lines
    for rule, where in counts.items():
        doc.decide(f"normalise-{rule}", where[0], NORMALISE_MESSAGES[rule].format(n=len(where)),
                   count=len(where), lines=where[:10])


NORMALISE_MESSAGES = {
    "bom": "byte-order-markering (BOM) aan het begin verwijderd",
    "newlines": "regeleinden CR/CRLF omgezet naar LF ({n} regels)",
    "nfc": "Unicode genormaliseerd naar NFC ({n} regels)",
    "invisible": "onzichtbare tekens (zachte afbreekstreep, zero-width space) verwijderd ({n} regels)",
    "odd-spaces": "tabs en bijzondere spaties vervangen door een gewone spatie ({n} regels)",
    "leading-space": "spatie(s) aan het begin van de regel verwijderd ({n} regels)",
    "trailing-space": "spatie(s) aan het einde van de regel verwijderd ({n} regels)",
    "multiple-spaces": "meervoudige spaties teruggebracht tot één ({n} regels)",
}

"""Characters the PDF's fonts do not have, traced back to the source lines that hold them.

WeasyPrint sets such a character as an empty box (.notdef) and says so in a warning, which names
only the character. A received text may hold anything (emoji, flags made of regional-indicator
letters, rare scripts), so instead of a print-CSS error the editor is told where the character is
in the source and what can be done about it; the website shows it as the reader's browser can.
"""

from __future__ import annotations

import re
import unicodedata

from edition.errors import Problem
from edition import dutch

_NOTDEF = re.compile(r'\.notdef glyph rendered for Unicode string unsupported by fonts: "(?P<chars>.*)" \((?P<code>[^)]*)\)',
                     re.S)
MAX_LINES = 5  # lines listed per character; more are counted


def _name(ch: str) -> str:
    return unicodedata.name(ch, "zonder naam").lower()


def missing_glyph_problems(messages: list[str], docs, where: str) -> tuple[list[Problem], list[str]]:
    """(problems for the missing characters, the other messages)."""
    missing: dict[str, None] = {}
    rest = []
    for message in messages:
        m = _NOTDEF.search(message)
        if m is None:
            rest.append(message)
            continue
        for ch in m.group("chars"):
            missing.setdefault(ch, None)
    problems = []
    for ch in missing:
        label = f"het teken ‘{ch}’ (U+{ord(ch):04X}, {_name(ch)})"
        places = [(doc, line.no) for doc in docs for line in doc.lines if ch in line.text]
        fix = ("De website toont het teken wel. Voor de pdf: vervang het met een ingreep in het redactiebestand "
               "(interventions, kind: emendatie, met de reden) als het voor de tekst geen betekenis heeft, of voeg "
               "een lettertype dat het teken heeft toe aan scripts/install-system-deps.sh en print.css.")
        if not places:
            problems.append(Problem(where, f"{label} staat in geen van de lettertypen van de pdf (het komt uit de "
                                           "metagegevens, de registers of de bibliografie, niet uit een brontekst).",
                                    fix))
            continue
        for doc, line in places[:MAX_LINES]:
            problems.append(Problem(doc.where(line), f"{label} staat in geen van de lettertypen van de pdf; "
                                                     f"in {where} zou het een leeg vakje worden.", fix))
        if len(places) > MAX_LINES:
            problems.append(Problem(places[MAX_LINES][0].where(places[MAX_LINES][1]),
                                    f"{label}: nog {dutch.count(len(places) - MAX_LINES, 'regel', 'regels')} met dit teken."))
    return problems, rest

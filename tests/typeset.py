"""A small, deterministic typesetter for generalisation tests of the cleaner.

Given clean Dutch paragraphs, ``typeset`` produces raw text that looks like the
text layer of a PDF magazine column: hard-wrapped at a fixed width, words
hyphenated with pyphen's ``nl_NL`` dictionary, trailing spaces on about half of
the lines, one blank line between paragraphs, stray blank lines inside
paragraphs (column and page breaks) and, now and then, two paragraphs run
together without a blank line.

Everything random comes from one ``random.Random(seed)``, so a (width, seed)
pair always gives the same text.

Decidability.  The typesetter only produces layouts from which the original
paragraphs can be recovered in principle; see ``_column_break_allowed`` and
``_run_together_allowed`` for the two places where that matters.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from functools import lru_cache

import pyphen

__all__ = [
    "Line",
    "set_paragraph",
    "typeset",
    "typeset_lines",
    "reassemble",
    "render",
    "ends_sentence",
    "SYNTHETIC_PARAGRAPHS",
    "source_paragraphs",
    "corpus",
]

# Line ends (how a line relates to the next line of the same paragraph).
SPACE = "space"  # the next line starts a new word
SOFT = "soft"  # the line ends in a hyphen inserted by the typesetter (to be removed)
HARD = "hard"  # the line ends in the word's own hyphen: NAVO- | lidmaatschap (to be kept)
END = "end"  # last line of a paragraph

# Sentence-final punctuation at the end of a line, optionally followed by closing
# quotes or brackets: `gesloten.`, `verder.’`, `tonen?”`, `(zie hieronder).`
_SENTENCE_END = re.compile(r"[.!?…][’”\"')\]]*$")


def ends_sentence(line: str) -> bool:
    return bool(_SENTENCE_END.search(line.rstrip()))


def _starts_like_paragraph(line: str) -> bool:
    """True if the line starts (after opening quotes/brackets) with a capital or a digit."""
    core = line.lstrip("‘“\"'([")
    return bool(core) and (core[0].isupper() or core[0].isdigit())


@dataclass(frozen=True)
class Line:
    text: str  # without trailing space
    paragraph: int  # index of the paragraph it belongs to
    end: str  # SPACE, SOFT, HARD or END


@lru_cache(maxsize=1)
def _dic() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="nl_NL")


def _letter_run(word: str, i: int) -> tuple[int, int]:
    """The maximal run of letters around the gap before word[i]: (start, end)."""
    a = i
    while a > 0 and word[a - 1].isalpha():
        a -= 1
    b = i
    while b < len(word) and word[b].isalpha():
        b += 1
    return a, b


@lru_cache(maxsize=None)
def _own_hyphen_breaks(word: str) -> tuple[int, ...]:
    """Positions i such that the word may break as word[:i] | word[i:] right after its own hyphen.

    `NAVO-lidmaatschap` -> `NAVO-` | `lidmaatschap`; `COVID-19` -> `COVID-` | `19`.
    Not at a leading or trailing hyphen (`voor-` in `voor- en nadelen` is a word of its own).
    """
    return tuple(
        i
        for i in range(2, len(word))
        if word[i - 1] == "-" and word[i - 2].isalnum() and word[i].isalnum()
    )


@lru_cache(maxsize=None)
def _pyphen_breaks(word: str) -> tuple[int, ...]:
    """Positions i such that the word may be hyphenated as word[:i] + '-' | word[i:] (pyphen nl_NL).

    Only between two letters, with at least two letters on either side up to the next
    non-letter: never next to an existing hyphen (`oud-minister` is not `ou-` | `d-minister`,
    `Zuid-Korea` is not `Zuid-` `-Korea`), never at an apostrophe (`Zelensky’s`), never in
    numbers. Acronyms (all-capital letter runs such as `NAVO`, `COVID`) are not hyphenated.
    """
    out = []
    for start, end in _dic().iterate(word):
        if start + end != word:  # non-standard hyphenation (changes letters): not used
            continue
        i = len(start)
        if not (0 < i < len(word) and word[i - 1].isalpha() and word[i].isalpha()):
            continue
        a, b = _letter_run(word, i)
        if i - a < 2 or b - i < 2:
            continue
        if word[a:b].isupper():
            continue
        out.append(i)
    return tuple(sorted(out))


def _split_to_fit(word: str, room: int) -> tuple[str, str, str] | None:
    """Break `word` so that the head (including its hyphen) is at most `room` characters.

    Returns (head as printed, tail, SOFT|HARD), or None when no break point fits.
    A break right after the word's own hyphen is preferred over a pyphen break; among
    each kind the last break point that fits is taken.
    """
    own = [i for i in _own_hyphen_breaks(word) if i <= room]
    if own:
        i = own[-1]
        return word[:i], word[i:], HARD
    soft = [i for i in _pyphen_breaks(word) if i + 1 <= room]
    if soft:
        i = soft[-1]
        return word[:i] + "-", word[i:], SOFT
    return None


def set_paragraph(
    paragraph: str,
    width: int,
    rng: random.Random | None = None,
    no_hyphenation_rate: float = 0.0,
) -> list[tuple[str, str]]:
    """Greedy line filling of one paragraph: a list of (line text, line end).

    A word that does not fit is hyphenated at the last break point that fits, except that
    with probability `no_hyphenation_rate` (drawn from `rng`) it is moved to the next line
    whole, as typesetters do to avoid runs of hyphens; that varies the layout between seeds.
    """
    lines: list[tuple[str, str]] = []
    current = ""
    for word in paragraph.split():
        while True:
            if not current:
                if len(word) <= width:
                    current = word
                    break
                split = _split_to_fit(word, width)
                if split is None:  # an unbreakable word longer than the column
                    current = word
                    break
                head, word, kind = split
                lines.append((head, kind))
                continue
            if len(current) + 1 + len(word) <= width:
                current += " " + word
                break
            split = _split_to_fit(word, width - len(current) - 1)
            if split is not None and rng is not None and rng.random() < no_hyphenation_rate:
                split = None
            if split is None:
                lines.append((current, SPACE))
                current = ""
                continue
            head, word, kind = split
            lines.append((current + " " + head, kind))
            current = ""
    if current:
        lines.append((current, END))
    elif lines:
        lines[-1] = (lines[-1][0], END)
    return lines


def _column_break_allowed(prev: str, nxt: str, width: int) -> bool:
    """May a blank line (column or page break) be inserted between two lines of one paragraph?

    Only where a reader could still tell it from a paragraph end:

    * Never after a line ending in sentence-final punctuation (`.`, `!`, `?`, `…`, optionally
      followed by a closing quote `’”"` or bracket).  When such a line is short enough that
      the next word would have fitted (`len(line) + 1 + len(next word) <= width`), the break
      is indistinguishable from a paragraph end, since a justified column would have pulled
      that word up.  But also when the line is full: a paragraph whose last line happens to be
      full and ends in a full stop is followed by exactly the same `line. / blank / Next`,
      so such a break is undecidable as well.
    * Never before a line that starts like a paragraph (a capital or a digit, possibly after an
      opening quote) unless the previous line ends in a hyphen.  The source texts contain
      paragraphs that lack their final full stop (`... te tonen` / `Toch is het ...`);
      `line without stop / blank / Capitalised ...` can then be a paragraph end as well as a
      column break before a name (`het / blank / Witte Huis`), and nothing but the meaning
      tells the two apart.  After a line ending in a hyphen (`Zuid-` / blank / `Korea`) a
      paragraph cannot have ended, so that break stays allowed.
    """
    if ends_sentence(prev):
        return False
    if _starts_like_paragraph(nxt) and not prev.endswith("-"):
        return False
    return True


def _run_together_allowed(last_line: str, next_paragraph: str, width: int) -> bool:
    """May the blank line between two paragraphs be dropped?

    Only when the last line of the first paragraph is clearly short: a justified column
    would have pulled the first word of the next paragraph up onto it otherwise.
    """
    first_word = next_paragraph.split()[0]
    return len(last_line) + 1 + len(first_word) <= width - 4


def typeset_lines(
    paragraphs: list[str],
    width: int,
    seed: int,
    *,
    column_break_rate: float = 0.05,
    column_break_after_hyphen_rate: float = 0.3,
    run_together_rate: float = 0.35,
    no_hyphenation_rate: float = 0.2,
) -> list[Line | None]:
    """The typeset column as a list of lines; None stands for a blank line."""
    rng = random.Random(seed)
    out: list[Line | None] = []
    for p, paragraph in enumerate(paragraphs):
        lines = set_paragraph(paragraph, width, rng, no_hyphenation_rate)
        if p > 0:
            prev = out[-1]
            assert prev is not None
            if not (
                _run_together_allowed(prev.text, paragraph, width) and rng.random() < run_together_rate
            ):
                out.append(None)
        for k, (text, end) in enumerate(lines):
            if k > 0:
                prev_text = lines[k - 1][0]
                rate = column_break_after_hyphen_rate if prev_text.endswith("-") else column_break_rate
                if _column_break_allowed(prev_text, text, width) and rng.random() < rate:
                    out.append(None)
            out.append(Line(text, p, end))
    return out


def render(lines: list[Line | None], seed: int, trailing_space_rate: float = 0.5) -> str:
    rng = random.Random(f"trailing-{seed}")
    raw = []
    for line in lines:
        if line is None:
            raw.append("")
        else:
            raw.append(line.text + (" " if rng.random() < trailing_space_rate else ""))
    return "\n".join(raw) + "\n"


def typeset(
    paragraphs: list[str],
    width: int,
    seed: int,
    **rates: float,
) -> tuple[str, list[str]]:
    """Typeset `paragraphs` as a narrow column.  Returns (raw text, the original paragraphs)."""
    paragraphs = list(paragraphs)
    trailing = rates.pop("trailing_space_rate", 0.5)
    lines = typeset_lines(paragraphs, width, seed, **rates)
    return render(lines, seed, trailing), paragraphs


def reassemble(lines: list[Line | None]) -> list[str]:
    """Oracle: rebuild the paragraphs from the line records (knows which hyphens are soft)."""
    paragraphs: list[str] = []
    buf = ""
    glue = ""
    current = None
    for line in lines:
        if line is None:
            continue
        if line.paragraph != current:
            if current is not None:
                paragraphs.append(buf)
            buf, glue, current = "", "", line.paragraph
        buf += glue + line.text
        if line.end == SOFT:
            buf = buf[:-1]
            glue = ""
        elif line.end == HARD:
            glue = ""
        else:
            glue = " "
    if current is not None:
        paragraphs.append(buf)
    return paragraphs


# ---------------------------------------------------------------------------
# Test corpus: real body paragraphs from two sources plus synthetic paragraphs.
# ---------------------------------------------------------------------------

SOURCE_FILES = ("2025-09-vrede-niet-in-zicht.txt", "2025-06-koreaans-scenario.txt")

#: Synthetic paragraphs with the hard cases: real compounds with hyphens, suspended
#: hyphens, quotes, numbers and long compounds.
SYNTHETIC_PARAGRAPHS = [
    "Over het NAVO-lidmaatschap van Oekraïne wordt al jaren gediscussieerd. Voorstanders en"
    " tegenstanders wegen de voor- en nadelen van een snelle toetreding zorgvuldig af."
    " ‘Een lidmaatschap zonder duidelijke garanties is een lege huls’, zei een oud-minister van"
    " Buitenlandse Zaken vorige week. Volgens hem denken de meeste EU-lidstaten vooral aan"
    " kortetermijndoelstellingen en veel te weinig aan de lange termijn.",
    "In de jaren zestig groeide in heel Europa een brede anti-oorlogsbeweging. Studenten,"
    " vakbonden en kerken sloten zich aan bij de protesten tegen de oorlog in Vietnam. Hun"
    " anti-oorlogs- en anti-imperialistische eisen vonden al snel weerklank in de Nederlandse"
    " politiek. “Wij willen geen bommen, wij willen brood”, stond er op een van de spandoeken."
    " Veel van die activisten kwamen later zelf in het parlement terecht.",
    "De vergelijking met de verhouding tussen Noord-Korea en Zuid-Korea duikt steeds vaker op."
    " Sinds de wapenstilstand van 1953 is er formeel nooit een vredesverdrag gesloten, en toch"
    " zwijgen de wapens er al meer dan zeventig jaar. Militaire analisten bespreken in hun"
    " rapporten uiteenlopende oorlogsscenario’s, van een bevroren front tot een plotselinge"
    " escalatie. ‘Niemand weet hoe lang zo’n bestand standhoudt’, schrijft een onderzoeker uit"
    " Seoul.",
    "Tijdens de uitbraak van COVID-19 kwamen de land- en tuinbouw in grote problemen. Door de"
    " gesloten grenzen konden naar schatting 1.980 seizoenarbeiders hun werk op de akkers niet"
    " hervatten. De sector leed volgens de boerenbond een schade van 6,3 miljoen euro. De"
    " regering beloofde snel steun, maar veel telers wachtten maandenlang op een antwoord.",
    "‘We hebben geen andere keuze’, zegt een vakbondsleider uit Lviv. Volgens hem is de in- en"
    " uitvoer van graan sinds het begin van de oorlog met meer dan de helft gedaald. De"
    " regering-Zelensky probeert met tijdelijke maatregelen de schade te beperken, maar de"
    " middelen zijn beperkt. “Wie nu niet investeert, betaalt later de rekening”, waarschuwt"
    " hij. Hij pleit daarom voor een Europees wederopbouwfonds van minstens 6,3 miljard euro.",
    "De oud-minister van Defensie noemde de kortetermijndoelstellingen van het kabinet ‘naïef"
    " en onvolledig’. Volgens haar houden de plannen onvoldoende rekening met de lessen van de"
    " COVID-19-crisis en met de afhankelijkheid van buitenlandse leveranciers. Zij wees erop"
    " dat slechts 1.980 van de beloofde 5.000 granaten daadwerkelijk zijn geleverd. ‘Dat is"
    " geen beleid, dat is improvisatie’, zei ze in een interview met een Belgische krant.",
    "In de Oost-Oekraïense steden is de stemming somber. Sinds Noord-Koreaanse troepen aan"
    " Russische zijde meevechten, vrezen veel inwoners een nieuw offensief. Pro-Russische"
    " zenders verspreiden intussen berichten over een nakende overwinning, terwijl de"
    " EU-lidstaten twisten over de voor- en nadelen van nieuwe sancties. Een lerares uit"
    " Charkiv vat het zo samen: “We leven van dag tot dag, en plannen maken doet hier niemand"
    " meer.”",
]


def source_paragraphs(root) -> list[str]:
    """Body paragraphs of the source files (one paragraph a line; lines of 200+ characters)."""
    out = []
    for name in SOURCE_FILES:
        text = (root / "sources" / name).read_text(encoding="utf-8")
        out.extend(line.strip() for line in text.splitlines() if len(line.strip()) >= 200)
    # A paragraph without closing punctuation (002 lacks a full stop after "te tonen") whose last
    # line happens to be full, followed by a blank line and a capital, reads exactly like a column
    # break in mid-sentence before a name: undecidable from the layout. The cleaner joins it and
    # flags it as doubtful; the edition fixes the source with an emendation. Not a case to test here.
    return [p for p in out if p.rstrip("’”\"»)]")[-1:] in (".", "!", "?", "…")]


def corpus(root) -> list[str]:
    return source_paragraphs(root) + SYNTHETIC_PARAGRAPHS

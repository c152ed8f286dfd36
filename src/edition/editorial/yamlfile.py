"""YAML with line numbers: every value can be traced back to `file.yml:LINE` for messages.

Every YAML file an editor writes (sources/<slug>.yml, registers/*.yml, redirects.yml) is read here,
and read defensively: the files are hand-written, so anything a YAML parser accepts may turn up.

* Size: a file over `MAX_BYTES` is refused before it is parsed.
* Anchors and aliases (`&naam`, `*naam`) are refused outright.  An alias makes one node appear in
  many places; nine levels of nine aliases ("billion laughs") are 9**9 values for every walk over
  the data (line numbers, schema check, the pipeline) and took minutes and gigabytes.  Counting or
  bounding expansions would also work, but editors have no need for aliases in these small files,
  refusing them is one simple rule, and a value repeated by alias would also have only one line
  number for messages.
* Nesting deeper than `MAX_DEPTH` is refused (it gave a RecursionError; real files are 5 deep).
* A key that occurs twice in one mapping is an error naming both lines (YAML silently keeps the last).
* Only plain YAML values: strings, numbers, true/false, null, lists and mappings.  Explicit tags
  (`!!python/object`, `!!binary`, `!!set`, `!foo` …) are refused before anything is constructed;
  only `!!str` on a scalar is allowed (it means "this is text").  Keys are always text (`1:` and
  `yes:` are the keys "1" and "yes").  Unquoted dates and times (`2022-03-01`, `1:20`) stay the
  text the editor wrote: the schemas expect dates as text (`"2022-03"`), so an unquoted full date
  is simply accepted instead of becoming a Python date the schema would reject.
* The checks run on the parser's events and on the composed node tree, never on constructed data,
  so nothing is expanded or built before it is known to be safe.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from edition.errors import EditionError, Problem
from edition.cleaning.charcheck import unsafe_problem

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when the wheel has it

MAX_BYTES = 1_000_000  # the largest real file (registers/glossary.yml) is ~46 kB
MAX_DEPTH = 50  # nested lists/mappings; the real files nest at most 5 deep
MAX_NUMBER_DIGITS = 100  # longer "numbers" are refused (Python refuses to convert > 4300 digits)
MAX_DUPLICATES = 20  # duplicate keys reported per file

_TAG = "tag:yaml.org,2002:"
_STR = _TAG + "str"
_PLAIN_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "seq", "map")}
_YAML_FIX = "Controleer inspringing, dubbele punten en aanhalingstekens op deze regel."


@dataclass
class Located:
    """Parsed YAML data plus the line of every node, keyed by its path (tuple of keys/indexes)."""

    path: str
    data: object
    lines: dict[tuple, int] = field(default_factory=dict)
    empty: bool = False  # the file has no YAML content at all (empty, or only comments)

    def line(self, key_path: tuple) -> int:
        """Line of the deepest node on `key_path` that exists (1-based)."""
        key_path = tuple(key_path)
        while key_path and key_path not in self.lines:
            key_path = key_path[:-1]
        return self.lines.get(key_path, 1)

    def where(self, key_path: tuple) -> str:
        return f"{self.path}:{self.line(key_path)}"


def plain_file(file: Path, shown: str) -> None:
    """A data file is a regular file of the repository itself: a symbolic link could publish any file
    of the machine (`→ /etc/passwd`, `→ ../.git/config` holding a token on CI); a folder or a
    pipe named like a data file would hang or crash the read."""
    if file.is_symlink():
        raise EditionError(Problem(shown, "is een symbolische koppeling; die wordt niet gevolgd (zo kan geen "
                                          "bestand van buiten het project in de editie terechtkomen).",
                                   "Zet het bestand zelf op deze plaats in plaats van een koppeling."))
    if file.exists() and not file.is_file():
        raise EditionError(Problem(shown, "is geen gewoon bestand (een map?).",
                                   "Zet hier het bestand zelf, of verwijder wat er staat."))


def load_file(file: Path, shown: str) -> Located:
    """Read and parse one editor's YAML file; `shown` is its name in messages (`registers/x.yml`)."""
    plain_file(file, shown)
    try:
        size = file.stat().st_size
    except FileNotFoundError:
        raise EditionError(Problem(shown, "het bestand bestaat niet.", "Controleer de bestandsnaam en de map.")) from None
    if size > MAX_BYTES:
        raise EditionError(_too_big(shown, size))
    return load(file.read_bytes(), shown)


def decode(raw: bytes, shown: str) -> str:
    """The text of a file that must be UTF-8 (a UTF-8 byte order mark is allowed and dropped)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(raw) > 1 and b"\x00" in raw[:200]):
        raise EditionError(Problem(f"{shown}:1", "het bestand is opgeslagen als UTF-16 (of een andere codering "
                                                 "met nul-bytes), niet als UTF-8.",
                                   "Sla het bestand op als UTF-8 (in de meeste editors: ‘Opslaan als’ → "
                                   "codering UTF-8)."))
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise EditionError(Problem(f"{shown}:{line}", f"het bestand is geen geldige UTF-8-tekst (byte "
                                                      f"0x{raw[exc.start]:02X} in kolom {column}).",
                                   "Sla het bestand op als UTF-8; het is waarschijnlijk opgeslagen als "
                                   "Windows-1252 of Latin-1.")) from None


def load(text: str | bytes, path: str) -> Located:
    """Parse YAML text (or UTF-8 bytes); `path` is the file name used in messages."""
    if isinstance(text, bytes):
        if len(text) > MAX_BYTES:
            raise EditionError(_too_big(path, len(text)))
        text = decode(text, path)
    if len(text) > MAX_BYTES:
        raise EditionError(_too_big(path, len(text.encode("utf-8"))))
    try:
        _check_events(text, path)
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                return Located(path, {}, {}, empty=True)
            _check_nodes(node, path)
            # One parse gives both the node tree (for line numbers) and the data.
            data = loader.construct_document(node)
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        raise EditionError(_syntax_problem(exc, text, path)) from None
    lines: dict[tuple, int] = {}
    _walk(node, (), lines)
    return Located(path, data if data is not None else {}, lines)


def _too_big(path: str, size: int) -> Problem:
    return Problem(path, f"het bestand is te groot ({size:,} bytes; de grens is {MAX_BYTES:,} bytes).".replace(",", "."),
                   "Een redactiebestand is klein; controleer of het juiste bestand hier staat, of splits het.")


def _check_events(text: str, path: str) -> None:
    """Anchors, aliases, tags and depth, from the parser's events (nothing is built yet)."""
    problems: list[Problem] = []
    anchored: list = []
    depth = 0
    loader = _Loader(text)
    try:
        while loader.check_event():
            event = loader.get_event()
            line = event.start_mark.line + 1
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                anchored.append((line, event))
            tag = getattr(event, "tag", None)
            if tag is not None and not (tag == _STR and isinstance(event, yaml.ScalarEvent)):
                problems.append(Problem(f"{path}:{line}", f"het label ‘{_short_tag(tag)}’ is in redactiebestanden "
                                                          "niet toegestaan; alleen gewone waarden (tekst, getallen, "
                                                          "true/false, lijsten en sleutel: waarde).",
                                        "Verwijder het label (het woord met ! ervoor); zet tekst tussen "
                                        "aanhalingstekens als dat nodig is."))
                if len(problems) >= 5:
                    break
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    problems.append(Problem(f"{path}:{line}", f"de gegevens zijn te diep genest (meer dan {MAX_DEPTH} "
                                                              "lijsten of tabellen in elkaar).",
                                            "Controleer de haken [ ] en { } en de inspringing rond deze regel."))
                    break
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    finally:
        loader.dispose()
    if anchored:
        line, event = anchored[0]
        sign = "*" if isinstance(event, yaml.AliasEvent) else "&"
        others = f" (en nog {len(anchored) - 1} keer in dit bestand)" if len(anchored) > 1 else ""
        problems.insert(0, Problem(f"{path}:{line}", f"ankers en aliassen (&naam/*naam) zijn in redactiebestanden "
                                                     f"niet toegestaan: hier staat ‘{sign}{event.anchor}’{others}.",
                                   "Schrijf de waarde voluit op elke plaats waar ze nodig is."))
    if problems:
        raise EditionError(problems)


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_TAG):] if tag.startswith(_TAG) else tag


def _check_nodes(root, path: str) -> None:
    """Keys become text, duplicate keys are errors, dates stay text, huge numbers are refused."""
    problems: list[Problem] = []
    duplicates = 0
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key_node, value_node in node.value:
                line = key_node.start_mark.line + 1
                if not isinstance(key_node, yaml.ScalarNode):
                    problems.append(Problem(f"{path}:{line}", "een sleutel is hier een lijst of tabel; een sleutel "
                                                              "moet een woord zijn.",
                                            "Schrijf ‘sleutel: waarde’, met een gewoon woord vóór de dubbele punt."))
                    continue
                key_node.tag = _STR  # "1:", "yes:", "<<:" are the keys "1", "yes", "<<" (no merge)
                if key_node.value in seen:
                    duplicates += 1
                    if duplicates <= MAX_DUPLICATES:
                        problems.append(Problem(
                            f"{path}:{line}",
                            f"de sleutel ‘{key_node.value}’ staat twee keer in dezelfde tabel: "
                            + (f"op regel {seen[key_node.value]} en op regel {line}" if seen[key_node.value] != line
                               else f"beide op regel {line}")
                            + "; YAML zou de eerste stilzwijgend weggooien.",
                            "Voeg de twee samen (bijvoorbeeld de items van twee lijsten onder één sleutel) of "
                            "verwijder er één."))
                else:
                    seen[key_node.value] = line
                stack.append(value_node)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.ScalarNode):
            # Also characters written as escapes ("\x1b", "\u202e"), which the reader does not see.
            unsafe = unsafe_problem(node.value)
            if unsafe:
                problems.append(Problem(f"{path}:{node.start_mark.line + 1}", f"{unsafe}.",
                                        "Verwijder het teken (typ de waarde opnieuw, of zoek het op met een editor "
                                        "die onzichtbare tekens toont)."))
            if node.tag not in _PLAIN_TAGS or ":" in node.value and node.tag in (_TAG + "int", _TAG + "float"):
                node.tag = _STR  # 2022-03-01 (timestamp), 1:20 (sexagesimal), = (value): the text as written
            elif node.tag in (_TAG + "int", _TAG + "float") and len(node.value) > MAX_NUMBER_DIGITS:
                problems.append(Problem(f"{path}:{node.start_mark.line + 1}",
                                        f"een getal van {len(node.value)} tekens is te lang (de grens is "
                                        f"{MAX_NUMBER_DIGITS}).",
                                        "Zet de waarde tussen aanhalingstekens als het tekst is; anders klopt het "
                                        "getal niet."))
    if problems:
        problems.sort(key=lambda p: int(p.where.rsplit(":", 1)[1]))
        raise EditionError(problems)


_SYNTAX = (  # (a phrase in the YAML parser's message, what it means for an editor, fix)
    ("tab character", "een tab in de inspringing.", "Spring in met spaties, niet met tabs."),
    ("mapping values are not allowed",
     "een dubbele punt met een spatie erna (‘: ’) midden in een waarde.",
     "Zet de hele waarde tussen aanhalingstekens, bijvoorbeeld: titel: \"Oorlog: een analyse\"."),
    ("did not find expected key", "de inspringing klopt niet, of er staat een regel zonder ‘sleutel:’ tussen "
                                  "de sleutels.", "Geef alle sleutels op hetzelfde niveau dezelfde inspringing."),
    ("could not find expected ':'", "een sleutel zonder dubbele punt, of een waarde die over de regel loopt.",
     "Zet ‘sleutel: waarde’ op één regel, of zet de waarde tussen aanhalingstekens."),
    ("did not find expected ',' or ']'", "een lijst tussen [ ] is niet goed gesloten (of er ontbreekt een komma).",
     "Controleer de haken [ ] en de komma's tussen de elementen."),
    ("did not find expected ',' or '}'", "een tabel tussen { } is niet goed gesloten (of er ontbreekt een komma).",
     "Controleer de haken { } en de komma's tussen de paren."),
    ("another document", "het bestand bevat meer dan één YAML-document (een tweede regel ‘---’).",
     "Verwijder de tweede ‘---’; één bestand is één document."),
    ("did not find expected '-' indicator", "een lijstelement staat niet op de juiste inspringing.",
     "Geef alle regels die met ‘- ’ beginnen in dezelfde lijst dezelfde inspringing."),
    ("did not find expected node content", "hier ontbreekt een waarde.", _YAML_FIX),
)


def _syntax_problem(exc: yaml.YAMLError, text: str, path: str) -> Problem:
    if isinstance(exc, yaml.reader.ReaderError):
        line = text.count("\n", 0, exc.position) + 1
        return Problem(f"{path}:{line}", f"het bestand bevat een niet-toegestaan stuurteken (U+{exc.character:04X}).",
                       "Verwijder het onzichtbare teken; kopieer de regel eventueel opnieuw uit een gewone teksteditor.")
    mark = getattr(exc, "problem_mark", None)
    line = mark.line + 1 if mark else 1
    where = f"{path}:{line}"
    problem = str(getattr(exc, "problem", "") or exc)
    context = str(getattr(exc, "context", "") or "")
    context_mark = getattr(exc, "context_mark", None)
    column = f" (kolom {mark.column + 1})" if mark else ""
    source_lines = text.split("\n")
    source_line = source_lines[line - 1] if mark and line <= len(source_lines) else ""
    if "\t" in source_line[: len(source_line) - len(source_line.lstrip())]:
        return Problem(where, "een tab in de inspringing.", "Spring in met spaties, niet met tabs.")
    if "end of stream" in problem and "quoted" in context and context_mark:
        return Problem(f"{path}:{context_mark.line + 1}", "de aanhalingstekens die hier openen, worden nergens "
                                                          "gesloten.",
                       "Sluit de tekst af met hetzelfde aanhalingsteken (\" of ') als waarmee hij begint.")
    for phrase, what, fix in _SYNTAX:
        if phrase in problem:
            return Problem(where, f"ongeldige YAML{column}: {what}", fix)
    if "cannot start any token" in problem and mark and 0 <= mark.index < len(text):
        char = text[mark.index]
        return Problem(where, f"ongeldige YAML{column}: een waarde mag niet met ‘{char}’ beginnen.",
                       "Zet de waarde tussen aanhalingstekens.")
    return Problem(where, f"ongeldige YAML{column} (de YAML-lezer meldt: {problem}).", _YAML_FIX)


def _walk(node, key_path: tuple, lines: dict) -> None:
    lines[key_path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            _walk(value_node, key_path + (key_node.value,), lines)
            lines[key_path + (key_node.value,)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, key_path + (i,), lines)

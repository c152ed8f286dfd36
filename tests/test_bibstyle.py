"""Fixture cases for the Dutch bibliography style (tests/fixtures/bibstyle/): entries in, expected text out."""

from __future__ import annotations

from pathlib import Path

import pytest
from pybtex.database import Entry, Person, parse_string

from edition.apparatus import bibstyle
from edition.errors import EditionError

FIXTURES = Path(__file__).parent / "fixtures" / "bibstyle"
ENTRIES = FIXTURES / "entries.bib"


def read_cases(path: Path) -> list[tuple[str, list[str]]]:
    """("id", lines) per "=== id" block; "#" lines are comments, empty lines are dropped at the ends."""
    cases: list[tuple[str, list[str]]] = []
    for line in path.read_text("utf-8").split("\n"):
        if line.startswith("=== "):
            cases.append((line[4:].strip(), []))
        elif cases and not line.startswith("#"):
            cases[-1][1].append(line)
    return [(name, _trim(lines)) for name, lines in cases]


def _trim(lines: list[str]) -> list[str]:
    while lines and not lines[-1].strip():
        lines.pop()
    while lines and not lines[0].strip():
        lines.pop(0)
    return lines


def split_expected(lines: list[str]) -> tuple[list[str], list[str]]:
    """(raw, expected) around the "--- verwacht" line."""
    at = lines.index("--- verwacht")
    return _trim(lines[:at]), _trim(lines[at + 1:])


def fields(lines: list[str]) -> list[tuple[str, str]]:
    return [tuple(part.strip() for part in line.split(":", 1)) for line in lines if line.strip()]


STYLE_CASES = read_cases(FIXTURES / "cases.txt")
EXPORT_CASES = read_cases(FIXTURES / "export.txt")
ERROR_CASES = read_cases(FIXTURES / "errors.txt")


@pytest.fixture(scope="module")
def bib():
    return bibstyle.load(ENTRIES)


def test_fixture_files_have_cases():
    assert len(STYLE_CASES) >= 12 and len(EXPORT_CASES) >= 2 and len(ERROR_CASES) >= 4


@pytest.mark.parametrize("lines", [pytest.param(lines, id=name) for name, lines in STYLE_CASES])
def test_style_case(bib, lines):
    expected = fields(lines)
    if expected[0][0] == "volgorde":
        order = [key.strip() for key in expected[0][1].split(",")]
        assert [key for key, _, _ in bibstyle.format_entries(bib)] == order
        # The order comes from sort_key, not from the order in the file or the keys given.
        assert [key for key, _, _ in bibstyle.format_entries(bib, keys=list(reversed(order)))] == order
        return
    assert expected[0][0] == "sleutel", "a case starts with 'sleutel:' or 'volgorde:'"
    entry = bib.entries[expected[0][1]]
    html, text = bibstyle.format_entry(entry, expected[0][1])
    got = {"tekst": text, "html": html, "label": bibstyle.cite_label(entry)}
    for kind, value in expected[1:]:
        assert got[kind] == value, kind


@pytest.mark.parametrize("lines", [pytest.param(lines, id=name) for name, lines in EXPORT_CASES])
def test_export_case(bib, request, lines):
    kind, key = request.node.callspec.id.split("-", 1)
    _, expected = split_expected(lines)
    if kind == "ris":
        got = bibstyle.to_ris(key, bib.entries[key])
        assert got == "\r\n".join(expected) + "\r\n"
        assert got.count("\r\n") == got.count("\n"), "every RIS line ends in CRLF"
    else:
        got = bibstyle.to_bibtex(key, bib.entries[key])
        assert got == "\n".join(expected) + "\n"


@pytest.mark.parametrize("lines", [pytest.param(lines, id=name) for name, lines in ERROR_CASES])
def test_error_case(lines):
    raw, expected = split_expected(lines)
    want = dict(fields(expected))
    with pytest.raises(EditionError) as caught:
        bibstyle.load("\n".join(raw) + "\n", is_text=True)
    problem = caught.value.problems[0]
    assert problem.where == f"BibTeX-tekst:{want['regel']}"
    assert problem.what == want["melding"]
    assert problem.fix, "every problem tells the editor how to fix it"


def test_error_names_the_file_and_line(tmp_path):
    broken = tmp_path / "kapot.bib"
    broken.write_text("@book{a,\n  title = {Goed},\n  title = {Dubbel}\n}\n", "utf-8")
    with pytest.raises(EditionError) as caught:
        bibstyle.load(broken)
    assert caught.value.problems[0].where == f"{broken}:3"


def test_missing_file_is_an_edition_error(tmp_path):
    with pytest.raises(EditionError, match="bestaat niet"):
        bibstyle.load(tmp_path / "weg.bib")


def test_translator_is_a_person_field(bib):
    entry = bib.entries["mierlo2020"]
    assert "translator" not in entry.fields
    assert [str(p) for p in entry.persons["translator"]] == ["Smit, Anna", "Bos, Kees"]


def test_translator_parsed_elsewhere_still_shown():
    # Data parsed with plain pybtex keeps translator as a field; the style promotes it to persons.
    data = parse_string("@book{x, title = {Proef}, translator = {Anna Smit}, year = 2000}", "bibtex")
    assert bibstyle.format_entry(data.entries["x"])[1] == "Proef, vert. Anna Smit (2000)."


def test_format_entry_of_synthesised_reference():
    entry = Entry("book", fields={"title": "Deze editie", "year": "2026", "publisher": "Proefpers"},
                  persons={"editor": [Person("Jansen, Piet")]})
    html, text = bibstyle.format_entry(entry, "editie")
    assert text == "Jansen, Piet (red.) (2026). Deze editie. Proefpers."
    assert html == "Jansen, Piet (red.) (2026). <em>Deze editie</em>. Proefpers."


def test_bibtex_export_round_trips(bib):
    for key, entry in bib.entries.items():
        again = bibstyle.load(bibstyle.to_bibtex(key, entry), is_text=True).entries[key]
        assert bibstyle.format_entry(again, key) == bibstyle.format_entry(entry, key), key


def test_unknown_key_is_an_edition_error(bib):
    with pytest.raises(EditionError, match="geen item met sleutel ‘bestaatniet’"):
        bibstyle.format_entries(bib, keys=["jansen2019", "bestaatniet"])


def test_output_is_deterministic(bib):
    first = bibstyle.format_entries(bib)
    again = bibstyle.format_entries(bibstyle.load(ENTRIES.read_text("utf-8"), is_text=True))
    assert first == again
    assert [bibstyle.to_ris(k, e) for k, e in bib.entries.items()] == \
        [bibstyle.to_ris(k, e) for k, e in bib.entries.items()]

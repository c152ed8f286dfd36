"""Hostile BibTeX (issue 12): every file in tests/fixtures/hostile/bib/ is one broken .bib file that
must end in an EditionError naming bibliography/<file>.bib and a line, in Dutch, quickly, with one
problem, and without pybtex printing anything itself.  Then: a broken .bib in a copy of the project
gives its own error and not a pile of false "onbekende bronsleutel" errors for every citation.
"""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest

from edition.apparatus import bibstyle
from edition.apparatus.annotate import collect
from edition.apparatus.bibliography import load_bibliography
from edition.build import load_all
from edition.errors import EditionError

from project import copy_project

FIXTURES = Path(__file__).parent / "fixtures" / "hostile" / "bib"
CASES = sorted(FIXTURES.glob("*.bib"))
SECONDS = 3.0

# The phrase the Dutch message must contain, and the line it must point at.
EXPECT: dict[str, tuple[str, int]] = {
    "unclosed-brace": ("het bestand houdt op midden in een BibTeX-item", 14),
    "missing-comma": ("hier werd '}' verwacht", 12),
    "missing-key": ("hier werd '}' verwacht", 10),
    "duplicate-key": ("de sleutel ‘goed-2024’ komt twee keer voor", 10),
    "duplicate-field": ("het veld ‘title’ twee keer", 12),
    "unknown-type": ("onbekend itemtype ‘@artcle’", 10),
    "unbalanced-brace": ("een } zonder bijbehorende {", 11),
    "deep-braces": ("te veel accolades in elkaar", 11),
    "undefined-macro": ("onbekende BibTeX-afkorting ‘onbekend’", 12),
    "macro-bomb": ("wordt te vaak ingevuld", 23),
    "premature-end": ("het bestand houdt op midden in een BibTeX-item", 11),
    "empty": ("bevat geen enkel item", 1),
    "only-comments": ("bevat geen enkel item", 1),
    "not-utf8": ("geen geldige UTF-8", 5),
    "utf16": ("UTF-16", 1),
}
LEAKS = re.compile(r"Traceback|<class|\b[A-Z]\w*Error\b|object at 0x|\{'|\bNone\b|expected|syntax error")


def test_every_fixture_has_an_expectation():
    assert sorted(p.stem for p in CASES) == sorted(EXPECT)


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_hostile_bibtex_gives_one_clear_message(path, tmp_path, capfd):
    (tmp_path / "bibliography").mkdir()
    shutil.copy(path, tmp_path / "bibliography" / path.name)
    shown = f"bibliography/{path.name}"
    phrase, line = EXPECT[path.stem]
    start = time.monotonic()
    with pytest.raises(EditionError) as caught:
        load_bibliography(tmp_path)
    assert time.monotonic() - start < SECONDS
    problems, message = caught.value.problems, str(caught.value)
    assert len(problems) == 1, message
    assert problems[0].where == f"{shown}:{line}", message
    assert phrase in problems[0].what
    assert problems[0].fix
    assert not LEAKS.search(message), message
    out, err = capfd.readouterr()
    assert out == err == "", "pybtex printed its own messages"


def test_macro_expansion_is_bounded_but_ordinary_macros_work():
    data = bibstyle.load('@string{blad = "De Groene"}\n@article{a, journal = blad # " Amsterdammer", '
                         "title = {T}, year = 2020, month = mar}\n", is_text=True)
    assert data.entries["a"].fields["journal"] == "De Groene Amsterdammer"
    assert data.entries["a"].fields["month"] == "March"


def test_a_key_a_citation_cannot_name_is_refused():
    with pytest.raises(EditionError, match="ongeldige sleutel ‘title={x’") as caught:
        bibstyle.load("\n@book{title={x}}\n", is_text=True)
    assert caught.value.problems[0].where == "BibTeX-tekst:2"


def test_too_big_file_is_refused(tmp_path):
    big = tmp_path / "groot.bib"
    big.write_text("% " + "x" * bibstyle.MAX_BIB_BYTES + "\n", "utf-8")
    with pytest.raises(EditionError, match="te groot"):
        bibstyle.load(big, shown_as="bibliography/groot.bib")


def test_standard_types_are_accepted():
    bibstyle.load("@thesis{a, title={T}, year=2020}\n@techreport{b, title={T}, year=2020}\n", is_text=True)


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("hostile-bib") / "project")
    return root, load_all(root)


@pytest.mark.parametrize("breakage", [
    pytest.param(lambda raw: raw.replace(b"@book{", b"@book{ kapot = ", 1), id="syntax-error"),
    pytest.param(lambda raw: raw.replace(b"@online{", b"@onlien{", 1), id="unknown-type"),
    pytest.param(lambda raw: raw.decode("utf-8").encode("utf-16"), id="utf16"),
])
def test_a_broken_bib_gives_its_own_error_only(project, breakage):
    """Today's citations of edition.bib keys (~180) must not each be reported as unknown."""
    root, docs = project
    path = root / "bibliography" / "edition.bib"
    good = path.read_bytes()
    try:
        path.write_bytes(breakage(good))
        with pytest.raises(EditionError) as caught:
            collect(root, docs)
    finally:
        path.write_bytes(good)
    problems = caught.value.problems
    message = str(caught.value)
    assert re.fullmatch(r"bibliography/edition\.bib:\d+", problems[0].where), message
    assert len(problems) <= 3, message
    assert not any("onbekende bronsleutel" in p.what or "geen beschrijving" in p.what for p in problems), message
    assert "niet gecontroleerd" in problems[-1].what, message
    collect(root, docs)  # the copy is whole again

"""URLs and settings from data and the environment: only web addresses become links, and a bad
value stops the build with a message that names it (BibTeX `url`/`doi`, SITE_URL, SOURCE_DATE_EPOCH)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from edition.apparatus.bibliography import load_bibliography  # noqa: E402
from edition.build import source_date_epoch, site_url  # noqa: E402
from edition.errors import EditionError  # noqa: E402
from project import ROOT, run_edition  # noqa: E402

BAD_URLS = {
    "javascript": "javascript:alert(1)",
    "mixed-case-javascript": "JaVaScRiPt:alert(1)",
    "vbscript": "vbscript:msgbox(1)",
    "data": "data:text/html,<script>alert(1)</script>",
    "quote-breaks-the-attribute": 'https://voorbeeld.nl/"onmouseover="alert(1)',
    "angle-bracket": "https://voorbeeld.nl/<script>",
    "scheme-relative": "//voorbeeld.nl/x",
    "relative": "pagina.html",
    "ftp": "ftp://voorbeeld.nl/x",
    "no-host": "https:///x",
}


def _bib(tmp_path: Path, fields: str) -> Path:
    (tmp_path / "bibliography").mkdir()
    (tmp_path / "bibliography" / "x.bib").write_text(
        "@misc{eerste,\n  title = {Eerst},\n  year = {2020},\n}\n\n"
        f"@online{{vijandig,\n  title = {{Titel}},\n  year = {{2024}},\n{fields}\n}}\n", "utf-8")
    return tmp_path


@pytest.mark.parametrize("url", BAD_URLS.values(), ids=BAD_URLS.keys())
def test_a_bibtex_url_that_is_no_web_address_is_refused(tmp_path, url):
    with pytest.raises(EditionError) as caught:
        load_bibliography(_bib(tmp_path, f"  url = {{{url}}},"))
    [problem] = caught.value.problems
    assert problem.where == "bibliography/x.bib:6" and "vijandig" in problem.what and "url" in problem.what
    assert "https://" in problem.fix


@pytest.mark.parametrize("doi", ["javascript:alert(1)", '10.1234/x"onclick="alert(1)', "https://doi.org/10.1234/x"])
def test_a_doi_that_is_no_doi_is_refused(tmp_path, doi):
    with pytest.raises(EditionError) as caught:
        load_bibliography(_bib(tmp_path, f"  doi = {{{doi}}},"))
    assert caught.value.problems[0].where == "bibliography/x.bib:6"


def test_good_links_are_kept(tmp_path):
    bib = load_bibliography(_bib(tmp_path, "  url = {https://voorbeeld.nl/a?b=1&c=2#d},\n  doi = {10.1234/abc.5-6},"))
    assert "vijandig" in bib


@pytest.mark.parametrize("value", ['https://voorbeeld.nl/"><script>alert(1)</script>', "javascript:alert(1)",
                                   "ftp://voorbeeld.nl/", "https://voorbeeld.nl/?x=1", "voorbeeld.nl/editie/",
                                   "https://voorbeeld.nl/ editie/", "https://wie:geheim@voorbeeld.nl/",
                                   "https://exämple.nl/", "https://voorbeeld.nl/\u202e/"])
def test_a_bad_site_url_is_refused(monkeypatch, value):
    monkeypatch.setenv("SITE_URL", value)
    with pytest.raises(EditionError) as caught:
        site_url(ROOT)
    assert caught.value.problems[0].where == "SITE_URL" and "SITE_URL=https://" in caught.value.problems[0].fix


def test_a_good_site_url_is_used(monkeypatch):
    monkeypatch.setenv("SITE_URL", "https://voorbeeld.nl/editie/")
    assert site_url(ROOT) == "https://voorbeeld.nl/editie/"


@pytest.mark.parametrize("value", ["gisteren", "-1", "1e9", "１２３", "99999999999999"])
def test_a_bad_source_date_epoch_is_refused(monkeypatch, value):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    with pytest.raises(EditionError) as caught:
        source_date_epoch(ROOT)
    assert caught.value.problems[0].where == "SOURCE_DATE_EPOCH"


def test_the_build_says_what_is_wrong_with_site_url_without_a_traceback():
    result = run_edition(ROOT, "build", "--no-site", env={"SITE_URL": 'https://x/"><script>alert(1)</script>'})
    assert result.returncode == 1
    assert "SITE_URL: ongeldig adres" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("data_file", ["registers/persons.yml", "bibliography/edition.bib",
                                       "sources/2025-06-koreaans-scenario.yml"])
def test_a_data_file_that_is_a_symbolic_link_is_not_followed(tmp_path, data_file):
    """A link to a secret (`→ ../.git/config`, which holds a token on CI) must not be read and published."""
    from edition.apparatus.annotate import collect
    from edition.build import load_all
    from project import copy_project

    root = copy_project(tmp_path / "editie")
    secret = tmp_path / "geheim.txt"
    secret.write_text("token=geheim\n", "utf-8")
    (root / data_file).unlink()
    (root / data_file).symlink_to(secret)
    with pytest.raises(EditionError) as caught:
        collect(root, load_all(root))
    assert any(p.where == data_file and "symbolische koppeling" in p.what for p in caught.value.problems)
    assert not any("token=geheim" in str(p) for p in caught.value.problems)


@pytest.mark.parametrize("form", [".", "e", " ", "", " NAVO", "-", "1945", "x" * 101])
def test_a_register_form_that_is_no_word_is_refused(tmp_path, form):
    from edition.apparatus.registers import PERSONS, load_register

    path = tmp_path / "persons.yml"
    path.write_text(f'entries:\n  - id: x\n    term: "X, Y"\n    forms: ["Yvonne X", "{form}"]\n'
                    "    identification: Iemand.\n", "utf-8")
    with pytest.raises(EditionError) as caught:
        load_register(path, "registers/persons.yml", PERSONS)
    assert [p.where for p in caught.value.problems] == ["registers/persons.yml:4"]


def test_a_form_in_two_registers_is_one_problem_however_often_it_occurs(tmp_path):
    from edition.apparatus.annotate import collect
    from edition.build import load_all
    from project import copy_project

    root = copy_project(tmp_path / "editie")
    with open(root / "registers" / "persons.yml", "a", encoding="utf-8") as out:
        out.write("\n  - id: navo-persoon\n    term: NAVO, De\n    forms: [NAVO]\n    identification: Test.\n")
    with pytest.raises(EditionError) as caught:
        collect(root, load_all(root))
    ambiguous = [p for p in caught.value.problems if "dubbelzinnig" in p.what]
    assert len(ambiguous) == 1 and "en nog" in ambiguous[0].what


@pytest.mark.parametrize("value", ["T \x07 x", "T \u202e x", "T \ufeff x", "T \U000e0041 x"])
def test_bibtex_values_with_invisible_characters_are_refused(tmp_path, value):
    with pytest.raises(EditionError) as caught:
        load_bibliography(_bib(tmp_path, f"  note = {{{value}}},"))
    assert caught.value.problems[0].where == "bibliography/x.bib:6" and "U+" in caught.value.problems[0].what


def test_a_crossref_is_refused_instead_of_recursing(tmp_path):
    (tmp_path / "bibliography").mkdir()
    (tmp_path / "bibliography" / "x.bib").write_text(
        "@online{a, title = {A}, year = {2020}, crossref = {b}}\n@online{b, title = {B}, year = {2020}, crossref = {a}}\n",
        "utf-8")
    with pytest.raises(EditionError) as caught:
        load_bibliography(tmp_path)
    assert [p.where for p in caught.value.problems] == ["bibliography/x.bib:1", "bibliography/x.bib:2"]


def test_a_broken_mkdocs_yml_is_a_message(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nnav:\n  bad: [\n", "utf-8")
    with pytest.raises(EditionError) as caught:
        site_url(tmp_path)
    assert caught.value.problems[0].where.startswith("mkdocs.yml:")


def test_an_unknown_file_in_registers_is_reported(tmp_path):
    from edition.apparatus.registers import load_registers_partly

    (tmp_path / "registers").mkdir()
    (tmp_path / "registers" / "persons.yaml").write_text("entries: []\n", "utf-8")
    _registers, problems, _broken = load_registers_partly(tmp_path)
    assert [p.where for p in problems] == ["registers/persons.yaml"] and "persons.yml" in problems[0].what


@pytest.mark.parametrize("text", ["[x](javascript:alert(1))", "[x](JaVaScRiPt:alert(1))", "[x](data:text/html,x)",
                                  "[x](vbscript:x)", "[x](file:///etc/passwd)", "[x](<javascript:alert(1)>)"])
def test_a_note_link_with_another_scheme_is_refused_not_left_as_text(text):
    from edition.apparatus import inline_md

    with pytest.raises(EditionError) as caught:
        inline_md.parse(text, "sources/x.yml:7")
    assert caught.value.problems[0].where == "sources/x.yml:7" and "schema" in caught.value.problems[0].what


def test_edition_clean_refuses_a_data_file(tmp_path):
    yml = tmp_path / "x.yml"
    yml.write_text("metadata: {}\n", "utf-8")
    result = run_edition(ROOT, "clean", str(yml))
    assert result.returncode == 1 and "gegevensbestand" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("fields, expected", [
    ("  note = {Zie \\emph{dit}},", "LaTeX-opdracht ‘\\emph’"),
    ("  note = {Formule $x^2$},", "wiskundige notatie"),
    ("  urldate = {gisteren},", "JJJJ-MM-DD"),
    ("  date = {2020-13-01},", "die datum bestaat niet"),
])
def test_what_the_style_cannot_show_is_refused(tmp_path, fields, expected):
    with pytest.raises(EditionError) as caught:
        load_bibliography(_bib(tmp_path, fields))
    assert expected in caught.value.problems[0].what and caught.value.problems[0].where == "bibliography/x.bib:6"


def test_a_year_in_words_and_a_missing_title_are_refused(tmp_path):
    (tmp_path / "bibliography").mkdir()
    (tmp_path / "bibliography" / "x.bib").write_text("@online{a, year = {twintig}}\n", "utf-8")
    with pytest.raises(EditionError) as caught:
        load_bibliography(tmp_path)
    whats = " ".join(p.what for p in caught.value.problems)
    assert "vier cijfers" in whats and "geen titel" in whats


@pytest.mark.parametrize("title, expected", [
    ("{text: Een andere titel, supplied: true}", "als titel van de bron herkend"),
    ("{text: Een andere titel, supplied: false}", "wijkt af van de titel in de bron"),
])
def test_a_metadata_title_that_the_page_would_not_show_is_an_open_doubt(tmp_path, title, expected):
    """Found by the red team: a supplied title was silently ignored when the source has its own."""
    import re

    from edition.build import load_all
    from project import copy_project

    root = copy_project(tmp_path / "editie")
    yml = root / "sources" / "2025-06-koreaans-scenario.yml"
    text = yml.read_text("utf-8")
    text = re.sub(r"  title:\n    text: .*\n    supplied: false\n", f"  title: {title}\n", text, count=1)
    yml.write_text(text, "utf-8")
    doc = next(d for d in load_all(root) if d.slug == "2025-06-koreaans-scenario")
    [flag] = [d for d in doc.decisions if d.rule == "title-conflict"]
    assert flag.doubtful and "confirmed" not in flag.data and expected in flag.message
    assert "sources/2025-06-koreaans-scenario.yml:" in flag.message

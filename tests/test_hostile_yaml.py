"""Hostile editor YAML (issue 12): every file in tests/fixtures/hostile/yaml/ is one case that must
end in an EditionError naming the file and a line, in Dutch, quickly, with only a few problems and
never a traceback or a Python value in the message.

`text-*.yml` are read as sources/<slug>.yml (editorial.load_editorial), `register-*.yml` as
registers/glossary.yml (registers.load_register), the two real paths into yamlfile.load.
Then: one broken register must give its own error and not a pile of false "unknown reference"
errors in the rest of the edition (annotate.collect on a copy of the project).
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
import yaml

from edition.editorial import yamlfile
from edition.apparatus.annotate import collect
from edition.build import load_all
from edition.editorial.operations import load_editorial
from edition.errors import EditionError
from edition.apparatus.registers import GLOSSARY, load_register

from project import ROOT, copy_project

FIXTURES = Path(__file__).parent / "fixtures" / "hostile" / "yaml"
CASES = sorted(FIXTURES.glob("*.yml"))
SECONDS = 3.0

# What the message must say for each case (a phrase of the Dutch message), and how many problems
# it may report (default: 3).  Every fixture file must have an entry here.
EXPECT: dict[str, tuple[str, int]] = {
    "text-alias-bomb": ("ankers en aliassen (&naam/*naam) zijn in redactiebestanden niet toegestaan", 1),
    "text-alias": ("ankers en aliassen", 1),
    "text-deep-nesting": ("te diep genest", 1),
    "text-duplicate-key": ("de sleutel ‘interventions’ staat twee keer in dezelfde tabel: op regel 11 en op regel 17", 1),
    "text-duplicate-nested-key": ("de sleutel ‘iso’ staat twee keer", 1),
    "text-syntax-colon": ("dubbele punt", 1),
    "text-syntax-unclosed-quote": ("aanhalingstekens", 1),
    "text-syntax-unclosed-bracket": ("niet goed gesloten", 1),
    "text-tab-indent": ("tab in de inspringing", 1),
    "text-empty": ("het bestand is leeg", 1),
    "text-only-comments": ("het bestand is leeg", 1),
    "text-top-level-list": ("verwacht tabel (sleutel: waarde), maar hier staat een lijst", 1),
    "text-top-level-scalar": ("verwacht tabel (sleutel: waarde), maar hier staat tekst", 1),
    # One problem per wrong field is right here: each is a separate mistake.
    "text-numbers-for-strings": ("verwacht tekst, maar hier staat een getal (1984)", 20),
    "text-null-values": ("maar hier staat leeg", 8),
    "text-huge-integer": ("een getal van 5000 tekens is te lang", 1),
    "text-date-for-boolean": ("verwacht true of false, maar hier staat tekst (‘2025-09-01’)", 1),
    "text-binary": ("het label ‘!!binary’ is in redactiebestanden niet toegestaan", 1),
    "text-python-object": ("het label ‘!!python/object/apply:builtins.exec’ is in redactiebestanden niet toegestaan", 1),
    "text-python-name": ("‘!!python/name:os.system’", 1),
    "text-custom-tag": ("‘!include’", 1),
    "text-set": ("‘!!set’", 1),
    "text-two-documents": ("meer dan één YAML-document", 1),
    "text-control-character": ("stuurteken (U+0007)", 1),
    "text-bidi-control": ("U+202E (RIGHT-TO-LEFT OVERRIDE), U+202C (POP DIRECTIONAL FORMATTING)", 1),
    "text-escaped-controls": ("U+001B", 1),
    "text-complex-key": ("een sleutel is hier een lijst of tabel", 1),
    "register-duplicate-key": ("de sleutel ‘term’ staat twee keer", 1),
    "register-wrong-types": ("verwacht tekst of tabel (sleutel: waarde), maar hier staat een getal (5)", 3),
    "register-entries-not-a-list": ("verwacht lijst, maar hier staat tekst", 1),
    "register-syntax-error": ("niet goed gesloten", 1),
    "register-not-utf8": ("geen geldige UTF-8", 1),
    "register-utf16": ("UTF-16", 1),
    "register-utf16-no-bom": ("UTF-16", 1),
}
# A Python traceback or value leaking into a message: exception names, reprs, type names.
LEAKS = re.compile(r"Traceback|<class|\b[A-Z]\w*Error\b|\bdatetime\.|object at 0x|\{'|\['|\bNone\b|\bb'")


def _load(path: Path) -> None:
    """Load a fixture the way the build does."""
    if path.name.startswith("text-"):
        load_editorial(path, f"sources/{path.name}")
    else:
        load_register(path, f"registers/{path.name}", GLOSSARY)


def test_every_fixture_has_an_expectation():
    assert sorted(p.stem for p in CASES) == sorted(EXPECT)


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_hostile_yaml_gives_one_clear_message(path, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # text-python-object would write UITGEVOERD here if it ran
    phrase, most = EXPECT[path.stem]
    start = time.monotonic()
    with pytest.raises(EditionError) as caught:
        _load(path)
    elapsed = time.monotonic() - start
    shown = f"{'sources' if path.name.startswith('text-') else 'registers'}/{path.name}"
    problems = caught.value.problems
    message = str(caught.value)
    assert elapsed < SECONDS, f"took {elapsed:.1f} s"
    assert phrase in message
    assert 1 <= len(problems) <= most, message
    assert re.fullmatch(re.escape(shown) + r":\d+", problems[0].where), problems[0].where
    assert all(p.where.startswith(shown) for p in problems)
    assert all(p.fix for p in problems), "every problem says how to fix it"
    assert not LEAKS.search(message), message
    assert not (tmp_path / "UITGEVOERD").exists(), "a YAML tag ran code"


def test_duplicate_key_names_both_lines():
    with pytest.raises(EditionError) as caught:
        yamlfile.load("a: 1\nb:\n  c: 1\n  d: 2\n  c: 3\n", "x.yml")
    assert caught.value.problems[0].where == "x.yml:5"
    assert "op regel 3 en op regel 5" in caught.value.problems[0].what


def test_alias_bomb_fails_fast_even_when_bigger():
    """Twelve levels (9**12 values if expanded): refused from the parser's events, in well under a second."""
    letters = "abcdefghijklm"
    text = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n' + "".join(
        f"{letters[i + 1]}: &{letters[i + 1]} [" + ",".join([f"*{letters[i]}"] * 9) + "]\n" for i in range(12))
    start = time.monotonic()
    with pytest.raises(EditionError, match="ankers en aliassen"):
        yamlfile.load(text, "x.yml")
    assert time.monotonic() - start < 1.0


def test_too_big_file_is_refused_before_parsing(tmp_path):
    big = tmp_path / "groot.yml"
    big.write_text("a: [" + "1, " * 400_000 + "1]\n", "utf-8")
    start = time.monotonic()
    with pytest.raises(EditionError, match="te groot") as caught:
        yamlfile.load_file(big, "registers/groot.yml")
    assert time.monotonic() - start < SECONDS
    assert caught.value.problems[0].where == "registers/groot.yml"
    with pytest.raises(EditionError, match="te groot"):
        yamlfile.load(big.read_text("utf-8"), "registers/groot.yml")


def test_nesting_up_to_the_limit_is_fine():
    depth = yamlfile.MAX_DEPTH
    assert yamlfile.load("[" * depth + "]" * depth, "x.yml").data is not None
    with pytest.raises(EditionError, match="te diep genest"):
        yamlfile.load("[" * (depth + 1) + "]" * (depth + 1), "x.yml")


@pytest.mark.parametrize("stem", ["register-not-utf8", "register-utf16", "register-utf16-no-bom"])
def test_text_files_are_read_as_bytes(stem):
    """The decoding is load_file's: the same message for sources/<slug>.yml once editorial reads through it."""
    with pytest.raises(EditionError) as caught:
        yamlfile.load_file(FIXTURES / f"{stem}.yml", f"sources/{stem}.yml")
    assert re.fullmatch(rf"sources/{stem}\.yml:\d+", caught.value.problems[0].where)
    assert "UTF-8" in caught.value.problems[0].fix


def test_not_utf8_names_the_line():
    with pytest.raises(EditionError) as caught:
        yamlfile.load_file(FIXTURES / "register-not-utf8.yml", "registers/x.yml")
    assert caught.value.problems[0].where == "registers/x.yml:6"


def test_unquoted_dates_and_plain_values_stay_as_written():
    located = yamlfile.load("iso: 2022-03-01\nwhen: 2022-03-01 10:00:00\nduur: 1:20\nn: 12\nok: true\n"
                            "leeg:\n1: een\nyes: twee\ntekst: !!str 12\n", "x.yml")
    assert located.data == {"iso": "2022-03-01", "when": "2022-03-01 10:00:00", "duur": "1:20", "n": 12,
                            "ok": True, "leeg": None, "1": "een", "yes": "twee", "tekst": "12"}
    assert located.line(("duur",)) == 3


def test_an_unquoted_full_date_is_accepted_by_the_text_schema(tmp_path):
    text = (FIXTURES / "text-date-for-boolean.yml").read_text("utf-8")
    good = text.replace("approximate: 2025-09-01", "approximate: true").replace('iso: "2025-09"', "iso: 2025-09-01")
    path = tmp_path / "x.yml"
    path.write_text(good, "utf-8")
    assert load_editorial(path, "sources/x.yml").data["metadata"]["date"]["iso"] == "2025-09-01"


@pytest.mark.parametrize("path", sorted((ROOT / "sources").glob("*.yml")) + sorted((ROOT / "registers").glob("*.yml")),
                         ids=lambda p: f"{p.parent.name}/{p.name}")
def test_real_files_load_exactly_as_before(path):
    """The guarded loader gives the real files the same data as the plain loader did (libyaml's
    safe loader; the real files have no dates, aliases or duplicate keys)."""
    plain = yaml.load(path.read_text("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    assert yamlfile.load_file(path, path.name).data == plain


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("hostile-yaml") / "project")
    return root, load_all(root)


@pytest.mark.parametrize("register", ["persons", "glossary"])
def test_a_broken_register_gives_its_own_error_only(project, register):
    root, docs = project
    path = root / "registers" / f"{register}.yml"
    good = path.read_text("utf-8")
    try:
        path.write_text(good.replace("entries:", "entries:\n  - id: [kapot", 1), "utf-8")
        with pytest.raises(EditionError) as caught:
            collect(root, docs)
    finally:
        path.write_text(good, "utf-8")
    problems = caught.value.problems
    assert re.fullmatch(rf"registers/{register}\.yml:\d+", problems[0].where), str(caught.value)
    assert "ongeldige YAML" in problems[0].what
    assert len(problems) <= 3, str(caught.value)
    assert not any("onbekend" in p.what or "bestaat niet" in p.what for p in problems), str(caught.value)
    collect(root, docs)  # and the copy is whole again


def test_a_register_with_a_schema_error_suppresses_references_to_it(project):
    root, docs = project
    path = root / "registers" / "glossary.yml"
    good = path.read_text("utf-8")
    try:
        path.write_text(good.replace("entries:", "entries:\n  - id: x\n    term: 5\n    forms: [x]\n", 1), "utf-8")
        with pytest.raises(EditionError) as caught:
            collect(root, docs)
    finally:
        path.write_text(good, "utf-8")
    problems = caught.value.problems
    assert "veld ‘entries/0/term’: verwacht tekst" in problems[0].what
    assert len(problems) == 2 and "niet gecontroleerd" in problems[1].what, str(caught.value)

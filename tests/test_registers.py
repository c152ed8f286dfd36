"""Glossary and register entries: matching in the running text (fixture file), and the build
errors for data that cannot be right (unused entries, shared forms, ambiguous matches)."""

from __future__ import annotations

from pathlib import Path

import pytest

from edition.errors import EditionError
from edition.model import CAPTION, HEADING, PARAGRAPH, PULLQUOTE, TITLE, Block, Document
from edition.apparatus.registers import GLOSSARY, PERSONS, Entry, Register, find_occurrences, load_register

FIXTURES = Path(__file__).parent / "fixtures" / "matching.txt"
PREFIXES = (("= ", TITLE), ("# ", HEADING), ("> ", PULLQUOTE), ("cap: ", CAPTION))


def _cases():
    case = None
    for line in FIXTURES.read_text("utf-8").splitlines():
        if line.startswith("### "):
            case = {"id": line[4:].strip(), "blocks": [], "inflect": True}
            continue
        if case is None or not line.strip() or line.startswith("# Fixtures") or (line.startswith("# ") and "id" not in case):
            continue
        if line.startswith("forms: "):
            case["forms"] = [f.strip() for f in line[7:].split(" | ")]
        elif line.startswith("inflect: "):
            case["inflect"] = line.split(": ")[1].strip() == "true"
        elif line.startswith("expect: "):
            value = line[8:].strip()
            case["expect"] = [] if value == "(none)" else [v.strip() for v in value.split(" | ")]
            yield pytest.param(case, id=case["id"])
            case = None
        else:
            kind = next((k for p, k in PREFIXES if line.startswith(p)), PARAGRAPH)
            text = next((line[len(p):] for p, k in PREFIXES if line.startswith(p)), line)
            case["blocks"].append(Block(kind, text, [(0, len(case["blocks"]) + 1)]))


def _entry(kind, id_, forms, inflect=True, term=None):
    return Entry(kind, id_, term or forms[0], term or forms[0], forms, inflect, f"registers/x.yml:{id_}")


@pytest.mark.parametrize("case", list(_cases()))
def test_matching(case):
    doc = Document(path="sources/x.txt", slug="x", blocks=case["blocks"])
    register = Register(GLOSSARY, "registers/glossary.yml", [_entry(GLOSSARY, "e", case["forms"], case["inflect"])])
    found, problems = find_occurrences([register], [doc])
    assert [o.form for o in found] == case["expect"]
    assert problems == ([] if case["expect"] else problems)


def test_entry_that_occurs_nowhere_is_an_error():
    doc = Document(path="sources/x.txt", slug="x", blocks=[Block(PARAGRAPH, "Alleen Poetin.", [(0, 1)])])
    reg = Register(PERSONS, "registers/persons.yml", [_entry(PERSONS, "poetin", ["Poetin"]),
                                                      _entry(PERSONS, "lavrov", ["Lavrov"])])
    _, problems = find_occurrences([reg], [doc])
    assert len(problems) == 1
    assert "registers/x.yml:lavrov" in str(problems[0]) and "komt in geen enkele tekst voor" in str(problems[0])


def test_same_words_in_two_registers_are_ambiguous():
    doc = Document(path="sources/x.txt", slug="x", blocks=[Block(PARAGRAPH, "Het Kremlin zweeg.", [(0, 7)])])
    glossary = Register(GLOSSARY, "g", [_entry(GLOSSARY, "kremlin", ["Kremlin"])])
    places = Register(PERSONS, "p", [_entry(PERSONS, "kremlin-plaats", ["Kremlin"])])
    _, problems = find_occurrences([glossary, places], [doc])
    assert len(problems) == 1
    msg = str(problems[0])
    assert msg.startswith("sources/x.txt:7:") and "dubbelzinnig" in msg


def _write(tmp_path, text):
    path = tmp_path / "glossary.yml"
    path.write_text(text, "utf-8")
    return path


def test_form_shared_by_two_entries_is_an_error(tmp_path):
    path = _write(tmp_path, """entries:
  - {id: a, term: a, forms: [Denazificatie], definition: d, explanation: e}
  - {id: b, term: b, forms: [denazificatie], definition: d, explanation: e}
""")
    with pytest.raises(EditionError) as exc:
        load_register(path, "registers/glossary.yml", GLOSSARY)
    assert "registers/glossary.yml:3" in str(exc.value) and "twee trefwoorden" in str(exc.value)


def test_missing_definition_and_unknown_related_are_reported_with_lines(tmp_path):
    path = _write(tmp_path, """entries:
  - id: navo
    term: NAVO
    forms: [NAVO]
    explanation: e
    related: [denazifcatie]
  - {id: denazificatie, term: d, forms: [denazificatie], definition: d, explanation: e}
""")
    with pytest.raises(EditionError) as exc:
        load_register(path, "registers/glossary.yml", GLOSSARY)
    text = str(exc.value)
    assert "registers/glossary.yml:2" in text and "definition" in text
    assert "registers/glossary.yml:6" in text and "Bedoelde u ‘denazificatie’?" in text


def test_raw_html_in_a_definition_is_refused(tmp_path):
    path = _write(tmp_path, """entries:
  - id: navo
    term: NAVO
    forms: [NAVO]
    definition: Een <b>bondgenootschap</b>.
    explanation: e
""")
    with pytest.raises(EditionError) as exc:
        load_register(path, "registers/glossary.yml", GLOSSARY)
    assert "registers/glossary.yml:5" in str(exc.value) and "HTML is niet toegestaan" in str(exc.value)


def test_only_in_limits_a_form_to_some_texts(tmp_path):
    path = _write(tmp_path, """entries:
  - id: kent
    term: Kent
    forms: [{form: Kent, only_in: [a]}]
    definition: d
    explanation: e
""")
    register = load_register(path, "registers/glossary.yml", GLOSSARY)
    docs = [Document(path=f"sources/{s}.txt", slug=s, blocks=[Block(PARAGRAPH, text, [(0, 1)])])
            for s, text in (("a", "Dokwerkers in Kent."), ("b", "Kent Oekraïne dit?"))]
    found, problems = find_occurrences([register], docs)
    assert [(o.slug, o.form) for o in found] == [("a", "Kent")] and not problems


def test_a_place_without_a_paragraph_number_is_named_by_its_kind():
    # A name in a byline, heading or caption has no paragraph number: the register says where
    # it is instead ("auteursregel"), never "None", on the site and in the print.
    from edition.apparatus.annotate import collect
    from edition.build import load_all
    from edition.model import BYLINE
    from edition.typeset.printhtml import edition_parts
    from edition.site.registerpages import backlinks, locus_label, loci

    root = Path(__file__).resolve().parents[1]
    edition = collect(root, load_all(root))
    unnumbered = [(entry, block) for register in edition.registers for entry in register.entries
                  for _, blocks in loci(edition, entry) for block, _ in blocks if block.number is None]
    assert any(block.kind == BYLINE for _, block in unnumbered), "no name in a byline any more: pick another case"
    for entry, block in unnumbered:
        shown, name = locus_label(block)
        assert "None" not in shown + name and shown in name
    assert locus_label(Block(BYLINE, "Door X", [(1, 1)])) == ("auteursregel", "auteursregel")
    site = "\n".join(line for register in edition.registers for entry in register.entries
                     for line in backlinks(edition, entry, edition.resolver(f"{register.kind.page}/")))
    assert "None" not in site and "auteursregel" in site
    back = edition_parts(edition, "https://example.org/", 0)[-1]
    assert "al. None" not in back and "auteursregel" in back

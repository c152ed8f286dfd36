"""The editorial YAML: validated against the schema (all errors at once, with lines); anchors must
match exactly once, or the build stops with the closest match."""

from pathlib import Path

import pytest

from edition.errors import EditionError
from edition.pipeline import build_document
from project import metadata_yaml

ROOT = Path(__file__).resolve().parents[1]
RAW = ("Ondanks verwoede pogingen slaagt niemand erin om vrede te brengen. Het lijkt niet bepaald een manier om je "
       "bereidheid te tonen\nToch is het duidelijk dat de ontmoeting iets in gang heeft gezet. Er wordt over "
       "een staak-het-vuren gepraat en over een staakt-het-vuren.\nDe top heeft als gevolg dat de aanvallen doorgaan.\n")
META = metadata_yaml()


def make(tmp_path: Path, yml: str) -> Path:
    (tmp_path / "sources").mkdir()
    src = tmp_path / "sources" / "2025-09-test.txt"
    src.write_text(RAW, "utf-8")
    (tmp_path / "sources" / "2025-09-test.yml").write_text(yml, "utf-8")
    return src


def problems(tmp_path, yml) -> str:
    src = make(tmp_path, yml)
    with pytest.raises(EditionError) as info:
        build_document(src, tmp_path)
    return str(info.value)


def test_intervention_applies_and_keeps_the_original(tmp_path):
    src = make(tmp_path, META + """interventions:
  - id: punt
    quote: bereidheid te tonen
    replace: bereidheid te tonen.
    reason: punt ontbreekt
  - id: spelling
    quote: staak-het-vuren
    replace: staakt-het-vuren
    reason: tikfout
""")
    doc = build_document(src, tmp_path)
    assert doc.blocks[0].text.endswith("bereidheid te tonen.")
    ivs = {iv.id: iv for iv in doc.interventions}
    assert ivs["spelling"].original == "staak-het-vuren" and ivs["spelling"].line == 2
    start, end, _, orig = doc.blocks[0].marks[0]
    assert doc.blocks[0].text[start:end] == "." and orig == ""


def test_schema_errors_are_all_reported_with_lines(tmp_path):
    msg = problems(tmp_path, META.replace("genre: analyse", "genre: analyse\n  gnere: x").replace(
        "status: onbekend", "status: misschien") + "interventions:\n  - quote: x\n")
    assert "sources/2025-09-test.yml:9" in msg and "gnere" in msg and "bedoelde u ‘genre’" in msg
    assert "misschien" in msg and "sources/2025-09-test.yml:7" in msg
    assert "verplicht veld ontbreekt: id, replace, reason" in msg


def test_anchor_without_match_suggests_the_closest_text(tmp_path):
    msg = problems(tmp_path, META + """interventions:
  - id: punt
    quote: bereidheid te tonenn
    replace: x
    reason: y
""")
    assert "sources/2025-09-test.yml:12" in msg and "komt niet voor" in msg
    assert "Bedoelde u ‘bereidheid te tonen" in msg and "sources/2025-09-test.txt:1" in msg


def test_anchor_with_several_matches_lists_them(tmp_path):
    msg = problems(tmp_path, META + """structure:
  - quote: staak
    as: heading
    reason: test
""")
    assert "komt 2 keer voor" in msg and "prefix" in msg


def test_invalid_yaml_syntax_says_where(tmp_path):
    msg = problems(tmp_path, META + "structure: [\n")
    assert "sources/2025-09-test.yml:" in msg and "ongeldige YAML" in msg


def test_structure_override_splits_a_caption(tmp_path):
    src = make(tmp_path, META + """structure:
  - quote: Ondanks verwoede pogingen slaagt niemand erin om vrede te brengen.
    as: caption
    reason: fotobijschrift
""")
    doc = build_document(src, tmp_path)
    assert [b.kind for b in doc.blocks[:2]] == ["caption", "paragraph"]
    assert doc.blocks[1].text.startswith("Het lijkt")


def test_the_four_editorial_files_are_valid():
    for src in sorted((ROOT / "sources").glob("*.txt")):
        doc = build_document(src, ROOT)
        assert doc.meta["description"], src


def test_confirmation_closes_a_doubtful_decision_and_a_wrong_rule_is_an_error(tmp_path):
    src = make(tmp_path, META + """interventions:
  - id: punt
    quote: bereidheid te tonen
    replace: bereidheid te tonen.
    reason: punt ontbreekt
confirmed:
  - {quote: De top heeft als gevolg, rule: heading, note: geen kop}
""")
    with pytest.raises(EditionError) as info:
        build_document(src, tmp_path)
    assert "geen twijfelgeval ‘heading’" in str(info.value)
    src.with_suffix(".yml").write_text(META + """interventions:
  - id: punt
    quote: bereidheid te tonen
    replace: bereidheid te tonen.
    reason: punt ontbreekt
""", "utf-8")
    doc = build_document(src, tmp_path)
    flagged = [d for d in doc.decisions if d.rule == "unpunctuated"]
    assert flagged and all("opgelost door ingreep ‘punt’" in d.data["confirmed"] for d in flagged)


def test_suffix_may_reach_into_the_next_block(tmp_path):
    from edition.editorial import anchors

    doc = build_document(make(tmp_path, META), tmp_path)
    assert len(anchors.find(doc.blocks, "staakt-het-vuren.", suffix="\nDe top")) == 1
    assert anchors.find(doc.blocks, "staakt-het-vuren.", suffix="\nToch") == []
    assert len(anchors.find(doc.blocks, "Toch", prefix="te tonen\n")) == 1

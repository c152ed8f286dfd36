"""Fixture cases (tests/fixtures/cleaning.txt and tests/fixtures/cleaning-*.txt, one file per topic): raw
snippet in, expected blocks out, one id per case."""

from __future__ import annotations

from pathlib import Path

import pytest

from edition.pipeline import clean_text

FIXTURE_DIR = Path(__file__).parent / "fixtures"
FIXTURES = FIXTURE_DIR / "cleaning.txt"


def load_cases(path: Path) -> list[tuple[str, str, list[str]]]:
    cases, name, raw, expected, part = [], None, [], [], None
    for line in path.read_text("utf-8").split("\n"):
        if line.startswith("=== "):
            if name:
                cases.append((name, "\n".join(raw).strip("\n") + "\n", [e for e in expected if e]))
            name, raw, expected, part = line[4:].strip(), [], [], "raw"
        elif line == "--- verwacht" and name:
            part = "expected"
        elif part == "raw":
            raw.append(line)
        elif part == "expected":
            expected.append(line)
    if name:
        cases.append((name, "\n".join(raw).strip("\n") + "\n", [e for e in expected if e]))
    return cases


CASES = [case for path in sorted(FIXTURE_DIR.glob("cleaning*.txt")) for case in load_cases(path)]


def test_fixture_file_has_cases():
    assert len(CASES) >= 15


@pytest.mark.parametrize("raw,expected", [pytest.param(r, e, id=n) for n, r, e in CASES])
def test_cleaning_fixture(raw, expected):
    doc = clean_text(raw, "fixture.txt")
    got = [f"{b.kind}: {b.text}" for b in doc.blocks]
    assert got == expected, "\n".join(f"{d.rule} r.{d.line}: {d.message}" for d in doc.decisions)

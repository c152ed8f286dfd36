"""The raw texts are kept byte for byte as received: their checksums are frozen here."""

import hashlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHECKSUMS = {
    "2022-03-byrne-isa.txt": "a9c149173df9d5b53066c5ac36613b2558c8e83b95c2a551303e398970f73581",
    "2024-02-russische-socialistische-beweging.txt": "741e2371430cd369bea93afbcb1d593c082213d95b916b9bcdc6b049704d04a2",
    "2025-06-koreaans-scenario.txt": "5589a51be548ea43952629eacaf3f3d00199f1e209f4171ac63b16423bb661c8",
    "2025-09-vrede-niet-in-zicht.txt": "c6dd785dbc0fd718f66a0679fb412521a549f8a355e3e78129b08e05169fe821",
}


@pytest.mark.parametrize("name", sorted(CHECKSUMS))
def test_raw_text_unchanged(name):
    digest = hashlib.sha256((ROOT / "sources" / name).read_bytes()).hexdigest()
    assert digest == CHECKSUMS[name], f"sources/{name} is gewijzigd; ruwe teksten worden nooit met de hand bewerkt"


def test_every_source_is_guarded():
    assert sorted(p.name for p in (ROOT / "sources").glob("*.txt")) == sorted(CHECKSUMS)

"""Every open doubt of the review report comes with YAML that works as pasted: pasting the first
snippet of every doubt of a text nobody tuned the cleaner for closes all of them."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from edition.pipeline import build_document
from edition.review.doubts import snippets

FIXTURES = Path(__file__).parent / "fixtures"
CASES = ["extracted/water-latex.txt", "extracted/beelden-weasyprint.txt", "blog/wrapped60.txt", "blog/web.txt"]


def _open(doc):
    return [d for d in doc.decisions if d.doubtful and "confirmed" not in d.data]


@pytest.mark.parametrize("case", CASES)
def test_pasting_the_proposed_yaml_closes_every_doubt(tmp_path, case):
    (tmp_path / "sources").mkdir()
    src = tmp_path / "sources" / "2025-01-proef.txt"
    src.write_bytes((FIXTURES / case).read_bytes())
    doc = build_document(src, tmp_path)
    doubts = _open(doc)
    assert doubts, "the case must have doubts for the test to mean anything"
    merged: dict[str, list] = {}
    for d in doubts:
        proposals = snippets(doc, d)
        assert proposals, f"no YAML for {d.rule} at line {d.line}"
        for key, entries in yaml.safe_load(proposals[0]).items():
            for e in entries:
                if e not in merged.setdefault(key, []):
                    merged[key].append(e)
    src.with_suffix(".yml").write_text(yaml.safe_dump(merged, allow_unicode=True, sort_keys=False), "utf-8")
    again = build_document(src, tmp_path)
    assert _open(again) == []

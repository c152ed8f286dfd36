"""Same input → byte-identical Markdown (and review report)."""

import hashlib
from pathlib import Path

from edition.build import generate

ROOT = Path(__file__).resolve().parents[1]


def digests(paths):
    return {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}


def test_generate_twice_gives_identical_files():
    first = digests(generate(ROOT).written)
    second = digests(generate(ROOT).written)
    assert first == second and len(first) >= 7

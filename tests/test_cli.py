"""The `edition` command as editors use it."""

import subprocess
import sys
from pathlib import Path

from typeset import SYNTHETIC_PARAGRAPHS, render, typeset_lines

ROOT = Path(__file__).resolve().parents[1]


def run(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "edition.cli", *args], cwd=cwd, capture_output=True, text=True)


def test_clean_restores_a_column_typeset_text_it_has_never_seen(tmp_path):
    raw = tmp_path / "nieuw.txt"
    raw.write_text(render(typeset_lines(SYNTHETIC_PARAGRAPHS, 34, 7), 7), "utf-8")
    result = run("clean", str(raw), "--explain")
    assert result.returncode == 0, result.stderr
    for paragraph in SYNTHETIC_PARAGRAPHS:
        assert paragraph.replace("*", "&#42;") in result.stdout
    assert "[dehyphenate]" in result.stderr and "nieuw.txt:" in result.stderr


def test_check_passes_on_the_edition():
    result = run("check")
    assert result.returncode == 0, result.stderr
    assert "2022-03-byrne-isa.txt: opmaak wrapped" in result.stdout


def test_clean_reports_a_broken_file_clearly(tmp_path):
    bad = tmp_path / "kapot.txt"
    bad.write_bytes("Oekraïne".encode("latin-1"))
    result = run("clean", str(bad))
    assert result.returncode == 1
    assert "kapot.txt:1" in result.stderr and "UTF-8" in result.stderr


def test_a_build_for_the_local_address_says_so():
    from edition.build import DEFAULT_SITE_URL
    from edition.cli import _local_address_notice

    notice = _local_address_notice(DEFAULT_SITE_URL)
    assert notice and "SITE_URL" in notice and DEFAULT_SITE_URL in notice
    assert _local_address_notice("https://voorbeeld.nl/editie/") is None

"""Hostile files in sources/ and hostile raw texts (issue 12).

Raw texts are third-party material and sources/ is filled by hand, so every file that is not what an
editor meant must give a clear message (an EditionError naming the file, with a fix; never a
traceback, never silently published), and characters that could make a reader see something else
than the source holds are removed and listed for the editors.

Three parts:
- which files in sources/ are texts (`edition.sourcefiles.find_sources`), one case per hostile entry,
  made in tmp_path (symlinks, FIFOs and odd names cannot live in the repository);
- decoding a raw text (`edition.normalise.decode`), one case per fixture in
  tests/fixtures/hostile/sources/ (or built in memory where a fixture would add nothing);
- bidirectional controls ("Trojan Source") and HTML pages, which pass as text with an open doubt;
- the command line: `edition clean` on a pdf and on UTF-16 says so on stderr, exit code 1.
"""

from __future__ import annotations

import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from edition.checks import fidelity
from edition.readers import sourcefiles
from edition.errors import EditionError
from edition.apparatus.number import number
from edition.site.pages import review_report
from edition.pipeline import clean_text
from edition.site.render import render_markdown
from edition.readers.sourcefiles import find_sources

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "hostile" / "sources"
GOOD = "2025-01-goed"
TEXT = "Titel van de tekst\n\nEen alinea met een punt.\n"


def project(tmp_path: Path) -> Path:
    """A root with sources/ holding one good text and its editorial file."""
    (tmp_path / "sources").mkdir(parents=True)
    (tmp_path / "sources" / f"{GOOD}.txt").write_text(TEXT, "utf-8")
    (tmp_path / "sources" / f"{GOOD}.yml").write_text("metadata: {}\n", "utf-8")
    return tmp_path


def problems_of(root: Path):
    with pytest.raises(EditionError) as info:
        find_sources(root)
    for p in info.value.problems:  # every message can be printed on any terminal
        str(p).encode("utf-8")
    return info.value.problems


def one_problem(root: Path, name: str):
    """The problem about `sources/<name>` (there must be exactly one)."""
    problems = problems_of(root)
    mine = [p for p in problems if p.where == f"sources/{sourcefiles.shown(name)}"]
    assert len(mine) == 1, [str(p) for p in problems]
    assert mine[0].fix, "every problem says how to fix it"
    return mine[0]


# --- which files are texts ------------------------------------------------------------------------

def _link_passwd(s: Path) -> str:
    (s / "2025-01-x.txt").symlink_to("/etc/passwd")
    return "2025-01-x.txt"


def _link_git_config(s: Path) -> str:
    (s.parent / ".git").mkdir()
    (s.parent / ".git" / "config").write_text("[http]\n\textraheader = AUTHORIZATION: basic geheim\n", "utf-8")
    (s / "2025-01-x.txt").symlink_to("../.git/config")
    return "2025-01-x.txt"


def _link_inside(s: Path) -> str:
    (s / "2025-01-kopie.txt").symlink_to(f"{GOOD}.txt")
    return "2025-01-kopie.txt"


def _link_yml(s: Path) -> str:
    (s / f"{GOOD}.yml").unlink()
    (s / f"{GOOD}.yml").symlink_to("../.git/config")
    return f"{GOOD}.yml"


def _dangling_link(s: Path) -> str:
    (s / "2025-01-weg.txt").symlink_to("nergens.txt")
    return "2025-01-weg.txt"


def _directory(s: Path) -> str:
    (s / "2025-01-map.txt").mkdir()
    (s / "2025-01-map.txt" / "binnen.txt").write_text(TEXT, "utf-8")
    return "2025-01-map.txt"


def _subfolder(s: Path) -> str:
    (s / "oud").mkdir()
    return "oud"


def _fifo(s: Path) -> str:
    os.mkfifo(s / "2025-01-pijp.txt")  # reading it would hang the build
    return "2025-01-pijp.txt"


def _upper_suffix(s: Path) -> str:
    (s / "2025-01-hoofd.TXT").write_text(TEXT, "utf-8")
    return "2025-01-hoofd.TXT"


def _yaml_suffix(s: Path) -> str:
    (s / "2025-01-ander.txt").write_text(TEXT, "utf-8")
    (s / "2025-01-ander.yaml").write_text("metadata: {}\n", "utf-8")
    return "2025-01-ander.yaml"


def _orphan_yml(s: Path) -> str:
    (s / "2025-01-zonder.txt").write_text(TEXT, "utf-8")
    (s / "2025-01-zondr.yml").write_text("metadata: {}\n", "utf-8")  # typo: meant for 2025-01-zonder.txt
    return "2025-01-zondr.yml"


def _space_and_capitals(s: Path) -> str:
    (s / "2025-01 Mijn Tekst.txt").write_text(TEXT, "utf-8")
    return "2025-01 Mijn Tekst.txt"


def _accent(s: Path) -> str:
    (s / "2025-01-één.txt").write_text(TEXT, "utf-8")
    return "2025-01-één.txt"


def _dots_and_underscores(s: Path) -> str:
    (s / "2025_01_versie.2.txt").write_text(TEXT, "utf-8")
    return "2025_01_versie.2.txt"


def _undecodable_name(s: Path) -> str:
    name = os.fsdecode(b"2025-01-caf\xe9.txt")  # a Latin-1 file name on a UTF-8 file system
    (s / name).write_text(TEXT, "utf-8")
    return name


def _control_in_name(s: Path) -> str:
    name = "2025-01-x\u202etxt.exe.txt"
    (s / name).write_text(TEXT, "utf-8")
    return name


def _doc(s: Path) -> str:
    (s / "2025-01-x.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64)
    return "2025-01-x.doc"


def _odt(s: Path) -> str:
    (s / "2025-01-x.odt").write_bytes((FIXTURES / "docx-als-txt.txt").read_bytes())
    return "2025-01-x.odt"


def _rtf(s: Path) -> str:
    (s / "2025-01-x.rtf").write_text("{\\rtf1 Tekst}\n", "utf-8")
    return "2025-01-x.rtf"


def _epub(s: Path) -> str:
    (s / "2025-01-x.epub").write_bytes((FIXTURES / "docx-als-txt.txt").read_bytes())
    return "2025-01-x.epub"


def _same_slug(s: Path) -> str:
    (s / f"{GOOD}.html").write_text("<!doctype html><p>Tekst</p>\n", "utf-8")
    return f"{GOOD}.html"


def _notes(s: Path) -> str:
    (s / "aantekeningen.md").write_text("# Te doen\n", "utf-8")
    return "aantekeningen.md"


def _backup(s: Path) -> str:
    (s / f"{GOOD}.txt~").write_text(TEXT, "utf-8")
    return f"{GOOD}.txt~"


def _hidden_text(s: Path) -> str:
    (s / ".2025-01-verborgen.txt").write_text(TEXT, "utf-8")
    return ".2025-01-verborgen.txt"


def _hidden_yml(s: Path) -> str:
    (s / f".{GOOD}.yml").write_text("metadata: {}\n", "utf-8")
    return f".{GOOD}.yml"


def _too_large(s: Path) -> str:
    (s / "2025-01-groot.txt").write_bytes(b"x" * (sourcefiles.MAX_BYTES + 1))
    return "2025-01-groot.txt"


# (builder, words the message must contain, words it must not contain)
REFUSED = {
    "symlink-to-etc-passwd": (_link_passwd, ["symbolische koppeling", "/etc/passwd"], []),
    "symlink-to-git-config": (_link_git_config, ["symbolische koppeling"], []),
    "symlink-to-a-text-inside": (_link_inside, ["symbolische koppeling"], []),
    "symlinked-editorial-file": (_link_yml, ["symbolische koppeling"], []),
    "dangling-symlink": (_dangling_link, ["symbolische koppeling"], []),
    "directory-named-txt": (_directory, ["is een map"], []),
    "subfolder": (_subfolder, ["is een map"], []),
    "fifo": (_fifo, ["geen gewoon bestand"], []),
    "suffix-TXT": (_upper_suffix, ["‘.txt’", "Hernoem het naar ‘2025-01-hoofd.txt’"], []),
    "suffix-yaml": (_yaml_suffix, ["‘.yml’", "‘2025-01-ander.yml’"], []),
    "orphan-yml": (_orphan_yml, ["zonder ruwe tekst", "Bedoelde u ‘2025-01-zonder.yml’"], []),
    "slug-space-capitals": (_space_and_capitals, ["webadres", "Bedoelde u ‘2025-01-mijn-tekst.txt’"], []),
    "slug-accent": (_accent, ["webadres", "‘2025-01-een.txt’"], []),
    "slug-dots-underscores": (_dots_and_underscores, ["webadres", "‘2025-01-versie-2.txt’"], []),
    "slug-undecodable-bytes": (_undecodable_name, ["webadres", "\\xe9"], []),
    "slug-bidi-control-in-name": (_control_in_name, ["webadres", "\\u202e"], ["\u202e"]),
    # PDF, HTML and Word files are sources now (edition.readers); older formats are not.
    "format-doc": (_doc, ["dit formaat wordt niet gelezen"], []),
    "format-odt": (_odt, ["dit formaat wordt niet gelezen"], []),
    "format-rtf": (_rtf, ["dit formaat wordt niet gelezen"], []),
    "format-epub": (_epub, ["dit formaat wordt niet gelezen"], []),
    "same-slug-two-formats": (_same_slug, ["twee bronnen met dezelfde naam"], []),
    "unknown-file": (_notes, ["onbekend soort bestand"], []),
    "backup-file": (_backup, ["onbekend soort bestand"], []),
    "hidden-text": (_hidden_text, ["verborgen", "‘2025-01-verborgen.txt’"], []),
    "hidden-yml": (_hidden_yml, ["verborgen"], []),
    "too-large": (_too_large, ["groter dan"], []),
}


@pytest.mark.parametrize("case", sorted(REFUSED), ids=sorted(REFUSED))
def test_a_hostile_entry_is_refused_with_its_name_and_a_fix(tmp_path, case):
    make, wanted, unwanted = REFUSED[case]
    root = project(tmp_path)
    name = make(root / "sources")
    problem = one_problem(root, name)
    message = str(problem)
    for word in wanted:
        assert word in message, message
    for word in unwanted:
        assert word not in message, message


def _nfc_nfd(s: Path) -> tuple[str, str]:
    nfc, nfd = unicodedata.normalize("NFC", "2025-01-café.txt"), unicodedata.normalize("NFD", "2025-01-café.txt")
    (s / nfc).write_text(TEXT, "utf-8")
    (s / nfd).write_text(TEXT + "Anders.\n", "utf-8")
    return nfc, nfd


def _case(s: Path) -> tuple[str, str]:
    (s / "2025-01-x.txt").write_text(TEXT, "utf-8")
    (s / "2025-01-X.txt").write_text(TEXT, "utf-8")
    return "2025-01-X.txt", "2025-01-x.txt"


def _case_of_suffix(s: Path) -> tuple[str, str]:
    (s / "2025-01-x.txt").write_text(TEXT, "utf-8")
    (s / "2025-01-x.Txt").write_text(TEXT, "utf-8")
    return "2025-01-x.Txt", "2025-01-x.txt"


COLLISIONS = {"nfc-nfd": (_nfc_nfd, "NFC of NFD"), "upper-lower-case": (_case, "hoofd- en kleine letters"),
              "case-of-suffix": (_case_of_suffix, "hoofd- en kleine letters")}


@pytest.mark.parametrize("case", sorted(COLLISIONS), ids=sorted(COLLISIONS))
def test_names_that_collide_are_refused_together(tmp_path, case):
    """One message for the pair, naming both (with the code points, since they look alike)."""
    make, how = COLLISIONS[case]
    root = project(tmp_path)
    names = make(root / "sources")
    problems = [p for p in problems_of(root) if "verschillen alleen" in p.what]
    assert len(problems) == 1, problems
    assert how in problems[0].what
    for name in names:
        assert f"‘{sourcefiles.shown(name, non_ascii=True)}’" in problems[0].what


def test_a_yml_beside_a_colliding_text_is_not_called_an_orphan(tmp_path):
    root = project(tmp_path)
    _case(root / "sources")
    (root / "sources" / "2025-01-x.yml").write_text("metadata: {}\n", "utf-8")
    assert not [p for p in problems_of(root) if "zonder ruwe tekst" in p.what]


def test_a_misnamed_text_tells_to_rename_its_editorial_file_too(tmp_path):
    root = project(tmp_path)
    (root / "sources" / "2025-01-Kort.txt").write_text(TEXT, "utf-8")
    (root / "sources" / "2025-01-Kort.yml").write_text("metadata: {}\n", "utf-8")
    problems = problems_of(root)
    assert len(problems) == 1 and "‘2025-01-Kort.yml’" in problems[0].fix, problems


def _ds_store(s):
    (s / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1\x00")


def _gitkeep(s):
    (s / ".gitkeep").write_bytes(b"")


def _appledouble(s):
    (s / f"._{GOOD}.txt").write_bytes(b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X")


def _emacs_lock(s):
    (s / f".#{GOOD}.yml").symlink_to("redacteur@laptop.1234:1700000000")


def _vim_swap(s):
    (s / f".{GOOD}.yml.swp").write_bytes(b"b0VIM 9.0\x00")


def _libreoffice_lock(s):
    (s / ".~lock.notities.docx#").write_text("redacteur,laptop\n", "utf-8")


def _thumbs(s):
    (s / "Thumbs.db").write_bytes(b"\xd0\xcf\x11\xe0")


IGNORED = {"ds-store": _ds_store, "gitkeep": _gitkeep, "appledouble": _appledouble, "emacs-lock-symlink": _emacs_lock,
           "vim-swap": _vim_swap, "libreoffice-lock": _libreoffice_lock, "thumbs-db": _thumbs}


@pytest.mark.parametrize("case", sorted(IGNORED), ids=sorted(IGNORED))
def test_hidden_and_system_files_that_are_not_texts_are_ignored(tmp_path, case):
    """They are metadata of the operating system or an editor: never read, never an error."""
    root = project(tmp_path)
    IGNORED[case](root / "sources")
    assert find_sources(root) == [root / "sources" / f"{GOOD}.txt"]


def test_every_problem_is_reported_at_once(tmp_path):
    root = project(tmp_path)
    for make in (_link_passwd, _directory, _upper_suffix, _doc, _orphan_yml):
        make(root / "sources")
    wheres = [p.where for p in problems_of(root)]
    assert wheres == sorted(wheres) and len(wheres) == 5, wheres


def test_sources_folder_that_is_a_symlink_is_refused(tmp_path):
    elsewhere = tmp_path / "elders"
    project(elsewhere)
    root = tmp_path / "editie"
    root.mkdir()
    (root / "sources").symlink_to(elsewhere / "sources")
    problems = problems_of(root)
    assert problems[0].where == "sources/" and "symbolische koppeling" in problems[0].what


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file; see the next test")
def test_an_unreadable_text_is_a_message(tmp_path):
    root = project(tmp_path)
    text = root / "sources" / f"{GOOD}.txt"
    text.chmod(0)
    try:
        assert "kan niet gelezen worden" in one_problem(root, text.name).what
    finally:
        text.chmod(0o644)


def test_an_unreadable_text_is_a_message_also_when_the_os_says_so(tmp_path, monkeypatch):
    """The same as the test above for a run as root (CI containers), where chmod does not stop reading:
    the operating system's refusal is simulated at `os.open`."""
    root = project(tmp_path)
    text = root / "sources" / f"{GOOD}.txt"
    real_open = os.open

    def refusing_open(path, *args, **kwargs):
        if Path(path) == text:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing_open)
    problem = one_problem(root, text.name)
    assert "kan niet gelezen worden (geen leesrechten)" in problem.what and "chmod" in problem.fix


def test_the_editions_own_sources_pass():
    assert find_sources(ROOT) == sorted((ROOT / "sources").glob("*.txt"))


def test_the_build_reads_sources_through_find_sources(tmp_path):
    from edition.build import sources

    root = project(tmp_path)
    _link_passwd(root / "sources")
    with pytest.raises(EditionError, match="symbolische koppeling"):
        sources(root)


# --- decoding a raw text --------------------------------------------------------------------------

def _zip_odt() -> bytes:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", "<office:document-content/>")
    return buf.getvalue()


# fixture file (or bytes) → (words the message must contain, words it must not contain)
UNDECODABLE = {
    "utf16-bom.txt": (["UTF-16", "iconv -f UTF-16 -t UTF-8"], ["WINDOWS-1252", "NUL"]),
    "utf16be-bom.txt": (["UTF-16", "iconv -f UTF-16 -t UTF-8"], ["WINDOWS-1252"]),
    "utf16le-zonder-bom.txt": (["UTF-16", "iconv -f UTF-16LE -t UTF-8"], ["WINDOWS-1252", "NUL"]),
    "utf16be-zonder-bom.txt": (["UTF-16", "iconv -f UTF-16BE -t UTF-8"], ["WINDOWS-1252", "NUL"]),
    "utf32-bom.txt": (["UTF-32", "iconv -f UTF-32 -t UTF-8"], ["WINDOWS-1252"]),
    "pdf-als-txt.txt": (["dit is een pdf, geen tekstbestand", "pdftotext", "‘pdf-als-txt.pdf’"], ["WINDOWS-1252"]),
    "docx-als-txt.txt": (["dit is een Word-bestand (docx)", "Platte tekst"], ["WINDOWS-1252"]),
    "windows-1252.txt": (["byte 38", "Windows-1252", "‘ï’", "iconv -f WINDOWS-1252 -t UTF-8"], []),
    "utf8-met-een-vreemd-teken.txt": (["byte 150", "één teken in een andere codering"], ["iconv -f WINDOWS-1252"]),
    "binair.txt": (["geen tekstbestand"], ["WINDOWS-1252"]),
}
IN_MEMORY = {
    "odt": (_zip_odt(), ["OpenDocument-bestand (odt"]),
    "doc-ole2": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), ["ouder Word-bestand (doc)"]),
    "rtf": (b"{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Times;}} Tekst.\\par }\n", ["RTF-bestand"]),
    "png": (b"\x89PNG\r\n\x1a\n" + bytes(40), ["afbeelding (png)"]),
    "pdf-after-junk": (b"\x00\x01junk\n%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", ["dit is een pdf"]),
}


def decode_error(raw: bytes, name: str):
    with pytest.raises(EditionError) as info:
        clean_text(raw, f"sources/{name}")
    assert len(info.value.problems) == 1, info.value.problems
    problem = info.value.problems[0]
    assert problem.where.startswith(f"sources/{name}") and problem.fix
    return str(problem)


@pytest.mark.parametrize("name", sorted(UNDECODABLE), ids=sorted(UNDECODABLE))
def test_a_raw_text_that_is_no_utf8_text_says_what_it_is(name):
    wanted, unwanted = UNDECODABLE[name]
    message = decode_error((FIXTURES / name).read_bytes(), name)
    for word in wanted:
        assert word in message, message
    for word in unwanted:
        assert word not in message, message


@pytest.mark.parametrize("case", sorted(IN_MEMORY), ids=sorted(IN_MEMORY))
def test_other_file_formats_are_named(case):
    raw, wanted = IN_MEMORY[case]
    message = decode_error(raw, "x.txt")
    for word in wanted:
        assert word in message, message


def test_a_text_that_mentions_the_pdf_header_is_still_a_text():
    doc = clean_text("Titel\n\nEen pdf begint met %PDF-1.7 en dan de inhoud.\n", "sources/x.txt")
    assert "%PDF-1.7" in doc.blocks[-1].text


# --- passed as text, with an open doubt -----------------------------------------------------------

HTML_STARTS = {
    "doctype": "<!doctype html>\n<p>Een alinea.</p>\n",
    "doctype-upper-after-blank-lines": "\n\n  <!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\">\n<p>Een alinea.</p>\n",
    "html-tag": "\ufeff<HTML lang=\"nl\">\n<p>Een alinea.</p>\n</HTML>\n",
    "fixture": (FIXTURES / "html-pagina.txt").read_text("utf-8"),
}


@pytest.mark.parametrize("case", sorted(HTML_STARTS), ids=sorted(HTML_STARTS))
def test_an_html_page_passes_as_escaped_text_with_a_doubt(case):
    doc = clean_text(HTML_STARTS[case], "sources/x.txt")
    doubts = [d for d in doc.decisions if d.rule == "normalise-html"]
    assert len(doubts) == 1 and doubts[0].doubtful and "dit lijkt een HTML-pagina" in doubts[0].message
    assert doc.lines[doubts[0].line - 1].text.lower().startswith(("<!doctype", "<html"))
    number(doc)
    page = render_markdown(doc, with_card=False)
    assert "<script" not in page and "<p>Een" not in page and "&#60;" in page
    assert fidelity.check_model(doc) == []


def test_markup_inside_a_text_is_no_html_page():
    doc = clean_text("Titel\n\nZie <html> en <!doctype html> in de tekst.\n", "sources/x.txt")
    assert not [d for d in doc.decisions if d.rule == "normalise-html"]


BIDI = {f"U+{ord(c):04X}": c for c in
        "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"}


@pytest.mark.parametrize("name", sorted(BIDI), ids=sorted(BIDI))
def test_a_bidi_control_is_removed_and_listed_with_its_line(name):
    control = BIDI[name]
    raw = f"Titel van de tekst\n\nTekst {control}gnalrev\u202c einde.\n\nTweede alinea.\n"
    doc = clean_text(raw, "sources/x.txt")
    number(doc)
    for block in doc.blocks:
        assert not set(block.text) & set(BIDI.values()), block.text
    assert "Tekst gnalrev einde." in doc.paragraph_texts()
    doubts = [d for d in doc.decisions if d.rule == "normalise-bidi"]
    assert [(d.line, d.doubtful) for d in doubts] == [(3, True)]
    assert name in doubts[0].message and "op kolom 7" in doubts[0].message
    assert fidelity.check_model(doc) == []  # every word of the source, in order
    report = review_report([doc])
    assert "`sources/x.txt:3`" in report and "normalise-bidi" in report
    page = render_markdown(doc, with_card=False)
    assert not set(page) & set(BIDI.values())


def test_the_trojan_source_fixture_lists_every_line():
    doc = clean_text((FIXTURES / "bidi.txt").read_bytes(), "sources/bidi.txt")
    assert [d.line for d in doc.decisions if d.rule == "normalise-bidi" and d.doubtful] == [3, 5]
    assert [l.text for l in doc.lines if "gnalrev" in l.text] == ["Tekst gnalrev einde."]


# --- the command line -----------------------------------------------------------------------------

def run(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "edition.cli", *args], cwd=cwd, capture_output=True, text=True,
                          check=False)


CLI = {
    "pdf": ("x.txt", "pdf-als-txt.txt", "dit is een pdf, geen tekstbestand"),
    "utf16": ("kladblok.txt", "utf16-bom.txt", "iconv -f UTF-16 -t UTF-8"),
}


@pytest.mark.parametrize("case", sorted(CLI), ids=sorted(CLI))
def test_clean_says_what_the_file_is(tmp_path, case):
    name, fixture, wanted = CLI[case]
    (tmp_path / name).write_bytes((FIXTURES / fixture).read_bytes())
    result = run("clean", str(tmp_path / name))
    assert result.returncode == 1, result.stderr
    assert wanted in result.stderr and name in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_clean_on_a_directory_is_a_message(tmp_path):
    (tmp_path / "map.txt").mkdir()
    result = run("clean", str(tmp_path / "map.txt"))
    assert result.returncode in (1, 2) and "is een map" in result.stderr and "Traceback" not in result.stderr


def test_read_source_refuses_a_directory_and_a_fifo(tmp_path):
    (tmp_path / "map.txt").mkdir()
    os.mkfifo(tmp_path / "pijp.txt")
    for name, words in (("map.txt", "is een map"), ("pijp.txt", "geen gewoon bestand")):
        with pytest.raises(EditionError, match=words):
            sourcefiles.read_source(tmp_path / name, name)
    (tmp_path / "ok.txt").write_bytes(b"Tekst.\n")
    assert sourcefiles.read_source(tmp_path / "ok.txt", "ok.txt") == b"Tekst.\n"

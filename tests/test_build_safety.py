"""The build command under a hostile environment: the last good site is never lost, two builds
never write at once, and whatever goes wrong the editor reads a message, never a traceback.

One real build (`build --no-downloads`, module fixture) makes the "previous site"; every hostile
case after it fails quickly (most before MkDocs runs) and is checked against that site, byte for
byte.  The cases that need a failure *inside* the build (a failing fidelity check after MkDocs
ran, Ctrl-C, an internal error) run the build in this process with one stage monkeypatched.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from project import copy_project, run_edition

from edition import build, cli
from edition.checks import fidelity
from edition.errors import EditionError, Problem


def _tree(site: Path) -> str:
    """A fingerprint of every path and byte under `site`."""
    digest = hashlib.sha256()
    for path in sorted(site.rglob("*")):
        digest.update(path.relative_to(site).as_posix().encode() + b"\0")
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith(("site.tmp-", "site.old-")))


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", ""])
    child.wait()
    return child.pid


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A project built once, over a 'previous' site/ and the unfinished copy of a killed build."""
    root = copy_project(tmp_path_factory.mktemp("safety") / "project")
    (root / "site").mkdir()
    (root / "site" / "vorige-build.html").write_text("vorige build", "utf-8")
    killed = root / f"site.tmp-{_dead_pid()}"
    (killed / "teksten").mkdir(parents=True)
    (killed / "teksten" / "half.html").write_text("half", "utf-8")
    result = run_edition(root, "build", "--no-downloads", timeout=600)
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture
def site_before(built):
    return _tree(built / "site")


@pytest.fixture
def in_process(built, monkeypatch):
    """Run the build in this process, in the built copy, and leave this process as it was."""
    monkeypatch.chdir(built)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", build.source_date_epoch(built))
    monkeypatch.setenv("EDITION_SERVE", "0")  # restored (removed) afterwards
    monkeypatch.delenv("EDITION_DEBUG", raising=False)
    return built


def test_a_good_build_replaces_the_previous_site_and_cleans_up(built):
    """The swap happened (the old site's file is gone, the new site is there), the unfinished copy
    of the killed build is gone, nothing is left next to site/, and the lock is free again."""
    assert (built / "site" / "index.html").is_file()
    assert not (built / "site" / "vorige-build.html").exists()
    assert _leftovers(built) == []
    with open(built / "build" / ".lock", "a") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)  # raises if the build still held it


def test_a_failing_fidelity_check_after_mkdocs_keeps_the_previous_site(in_process, site_before, monkeypatch):
    """MkDocs built the whole site, then the check on its HTML failed: site/ is byte-identical to
    the previous build (before: it was deleted) and the checked copy is gone."""
    checked = []

    def failing(doc, page_html, page):
        checked.append(page)
        return [Problem(page, "opzettelijk mislukte getrouwheidscontrole")]

    monkeypatch.setattr(fidelity, "check_html", failing)
    with pytest.raises(EditionError) as info:
        # Without the cache: a full build, every page checked (an incremental one checks the pages
        # it renders again; here none changed, see tests/test_incremental_site.py).
        build.build_all(in_process, downloads=False, use_cache=False)
    assert len(checked) == 4 and len(info.value.problems) == 4  # MkDocs ran; every text page checked
    assert all(page.startswith("site/teksten/") for page in checked)  # named as the site/ it would be
    assert _tree(in_process / "site") == site_before
    assert _leftovers(in_process) == []


def _half_build(exc: BaseException):
    """A stand-in for mkdocs_build that writes part of the site, then fails with `exc`."""
    def mkdocs_build(root, site_dir=None, offline_variant=False, dirty=False):
        (site_dir / "teksten").mkdir(parents=True, exist_ok=True)
        (site_dir / "teksten" / "half.html").write_text("half", "utf-8")
        raise exc
    return mkdocs_build


def test_ctrl_c_during_mkdocs_keeps_the_previous_site(in_process, site_before, monkeypatch, capsys):
    monkeypatch.setattr(build, "mkdocs_build", _half_build(KeyboardInterrupt()))
    assert cli.main(["build", "--no-downloads"]) == 130
    err = capsys.readouterr().err
    assert "afgebroken; site/ is ongewijzigd" in err and "Traceback" not in err
    assert _tree(in_process / "site") == site_before
    assert _leftovers(in_process) == []


@pytest.mark.parametrize("debug", [False, True], ids=["editor", "EDITION_DEBUG=1"])
def test_an_internal_error_is_one_line_to_report(in_process, site_before, monkeypatch, capsys, debug):
    """A bug (not the editor's input): 'interne fout', the type and message, 'meld dit'; the
    traceback only for a developer who asks for it."""
    if debug:
        monkeypatch.setenv("EDITION_DEBUG", "1")
    monkeypatch.setattr(build, "mkdocs_build", _half_build(ValueError("onverwachte waarde in een stap")))
    assert cli.main(["build", "--no-downloads"]) == 1
    err = capsys.readouterr().err
    assert "interne fout (ValueError: onverwachte waarde in een stap)" in err
    assert "meld dit" in err.lower()
    assert ("Traceback" in err) is debug
    assert _tree(in_process / "site") == site_before
    assert _leftovers(in_process) == []


OS_ERRORS = {  # errno → the Dutch words the editor reads
    "ENOSPC": (errno.ENOSPC, "schijf vol"),
    "EACCES": (errno.EACCES, "geen toegang"),
    "EPERM": (errno.EPERM, "geen toegang"),
    "EROFS": (errno.EROFS, "alleen-lezen"),
    "EISDIR": (errno.EISDIR, "is een map"),
    "EDQUOT": (errno.EDQUOT, "schijfquotum vol"),
}


@pytest.mark.parametrize("code, words", OS_ERRORS.values(), ids=OS_ERRORS.keys())
def test_a_failing_environment_is_said_in_dutch_with_the_path(in_process, site_before, monkeypatch, capsys,
                                                              code, words):
    target = in_process / "docs" / "teksten" / "x.md"
    monkeypatch.setattr(build, "mkdocs_build", _half_build(OSError(code, os.strerror(code), str(target))))
    assert cli.main(["build", "--no-downloads"]) == 1
    err = capsys.readouterr().err
    assert f"docs/teksten/x.md: {words}" in err and "→" in err
    assert "Errno" not in err and "Traceback" not in err and os.strerror(code) not in err
    assert "De vorige site/ is ongewijzigd." in err
    assert _tree(in_process / "site") == site_before
    assert _leftovers(in_process) == []


# --- as an editor runs it: a fresh process in a fresh copy with a stand-in previous site ----------

@pytest.fixture
def project(tmp_path):
    root = copy_project(tmp_path / "project")
    (root / "site").mkdir()
    (root / "site" / "index.html").write_text("vorige build", "utf-8")
    return root


def _no_teksten_dir(root: Path) -> None:
    (root / "docs" / "teksten").write_text("geen map", "utf-8")


def _index_is_a_dir(root: Path) -> None:
    (root / "docs" / "index.md").mkdir()


def _build_is_a_file(root: Path) -> None:
    (root / "build").write_text("geen map", "utf-8")


HOSTILE_TREES = {
    # (how the tree is broken, the path the message names, what it says)
    "teksten-is-een-bestand": (_no_teksten_dir, "docs/teksten", "is een bestand, maar hier hoort een map"),
    "index-is-een-map": (_index_is_a_dir, "docs/index.md", "is een map, maar hier hoort een bestand"),
    "build-is-een-bestand": (_build_is_a_file, "build", "is een bestand, maar hier hoort een map"),
}


@pytest.mark.parametrize("breaks, path, said", HOSTILE_TREES.values(), ids=HOSTILE_TREES.keys())
def test_a_file_where_a_directory_belongs_is_a_message(project, breaks, path, said):
    """Tests run as root, for whom chmod stops nothing: a file where a directory belongs (and the
    reverse) is what a read-only or broken tree looks like here."""
    breaks(project)
    before = _tree(project / "site")
    result = run_edition(project, "build", "--no-downloads", timeout=120)
    assert result.returncode == 1, result.stderr
    assert f"  {path}: {said}." in result.stderr
    assert "Traceback" not in result.stderr and "Errno" not in result.stderr
    assert _tree(project / "site") == before


@pytest.mark.parametrize("command", [("build", "--no-downloads"), ("serve",), ("clean-build",)],
                         ids=["build", "serve", "clean-build"])
def test_a_second_build_in_the_same_tree_stops_at_once(project, command):
    """The lock is held (as by a running build): the second command says so and writes nothing
    (clean-build would have removed site/)."""
    (project / "build").mkdir()
    with open(project / "build" / ".lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        held.write(f"{os.getpid()} build\n")
        held.flush()
        result = run_edition(project, *command, timeout=60)
    assert result.returncode == 1, result.stderr
    assert f"er loopt al een build in deze map (pid {os.getpid()}); wacht tot die klaar is" in result.stderr
    assert "Traceback" not in result.stderr
    assert (project / "site" / "index.html").read_text("utf-8") == "vorige build"
    assert not (project / "docs" / "teksten").exists()  # nothing generated


@pytest.fixture
def busy_port():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        yield taken.getsockname()[1]


def test_serve_on_a_busy_port_says_which_port_to_use(project, busy_port):
    """Said before building (MkDocs itself binds only after a whole build)."""
    result = run_edition(project, "serve", "--dev-addr", f"127.0.0.1:{busy_port}", timeout=60)
    assert result.returncode == 1, result.stderr
    assert f"poort {busy_port} is al in gebruik" in result.stderr
    assert "`edition serve --dev-addr 127.0.0.1:" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (project / "docs" / "teksten").exists()  # stopped before generating


def test_serve_when_the_port_is_taken_after_the_check(in_process, busy_port, monkeypatch, capsys):
    """The port taken between the check and MkDocs' own bind (how mkdocs serve raises it: an
    OSError EADDRINUSE from server_bind, after its first build)."""
    monkeypatch.setattr(cli, "_bind", lambda host, port: None)
    assert cli.main(["serve", "--dev-addr", f"127.0.0.1:{busy_port}"]) == 1
    err = capsys.readouterr().err
    assert f"poort {busy_port} is al in gebruik" in err and "Traceback" not in err


@pytest.mark.parametrize("value", ["8000", "localhost:poort", "999.1.1.1:8000", "127.0.0.1:70000"])
def test_serve_with_a_bad_address_is_a_message(value, capsys):
    with pytest.raises(EditionError) as info:
        cli._dev_addr(value)
    assert "geen geldig adres" in str(info.value) and value in str(info.value)


def test_swap_without_an_exchange_puts_the_old_site_back_when_the_second_rename_fails(tmp_path, monkeypatch):
    """The fallback for filesystems without an atomic exchange: at no moment is there no site/."""
    site, new = tmp_path / "site", tmp_path / "site.tmp-1"
    site.mkdir()
    (site / "index.html").write_text("vorige", "utf-8")
    new.mkdir()
    monkeypatch.setattr(build, "_exchange", lambda a, b: False)
    real_rename = os.rename

    def rename(src, dst):
        if Path(src) == new:
            raise OSError(errno.ENOSPC, "No space left on device", str(dst))
        real_rename(src, dst)

    monkeypatch.setattr(os, "rename", rename)
    with pytest.raises(OSError):
        build.swap_in(new, site)
    assert (site / "index.html").read_text("utf-8") == "vorige"
    monkeypatch.setattr(os, "rename", real_rename)
    build.swap_in(new, site)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"] and not (site / "index.html").exists()


def test_a_previous_site_caught_mid_swap_is_put_back(tmp_path):
    """A build killed between the two renames left site.old-<pid> and no site/: the next build
    restores it instead of removing the last good site."""
    old = tmp_path / f"site.old-{_dead_pid()}"
    old.mkdir()
    (old / "index.html").write_text("vorige", "utf-8")
    build.remove_stale_builds(tmp_path)
    assert (tmp_path / "site" / "index.html").read_text("utf-8") == "vorige"
    assert _leftovers(tmp_path) == []


def test_clean_build_removes_what_a_killed_build_left(project):
    killed = project / f"site.tmp-{_dead_pid()}"
    killed.mkdir()
    result = run_edition(project, "clean-build", timeout=60)
    assert result.returncode == 0, result.stderr
    assert _leftovers(project) == [] and not (project / "site").exists()

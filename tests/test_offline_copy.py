"""The offline copy's link rewriting and its reproducible zip (the browser test opens it)."""

from __future__ import annotations

import pytest

from edition.site import offline


@pytest.mark.parametrize("url, expected", [
    ("../../apparaat/#slug", "../../apparaat/index.html#slug"),
    ("teksten/x/", "teksten/x/index.html"),
    ("teksten/x/#p3", "teksten/x/index.html#p3"),
    ("../..", "../../index.html"),
    (".", "./index.html"),
    ("./", "./index.html"),
    ("x/?q=1#y", "x/index.html?q=1#y"),
    # unchanged: files, fragments, absolute and external addresses
    ("../downloads/editie.pdf", "../downloads/editie.pdf"),
    ("assets/stylesheets/main.css", "assets/stylesheets/main.css"),
    ("#p3", "#p3"),
    ("", ""),
    ("https://example.org/", "https://example.org/"),
    ("mailto:a@b.nl", "mailto:a@b.nl"),
    ("/absolute/", "/absolute/"),
])
def test_local_link(url, expected):
    assert offline.local_link(url) == expected


def test_html_rewrite_unescapes_and_points_the_zip_link_online():
    html = ('<a href="../../apparaat/&#35;slug">A</a> <a href="downloads/editie-offline.zip">zip</a> '
            '<script src="../assets/x.js"></script> <a href="#p1">1</a>')
    out = offline._rewrite_html(html, "https://e.nl/downloads/editie-offline.zip")
    assert '<a href="../../apparaat/index.html#slug">A</a>' in out
    assert 'href="https://e.nl/downloads/editie-offline.zip"' in out
    assert '<script src="../assets/x.js"></script> <a href="#p1">1</a>' in out


def test_zip_is_reproducible(tmp_path):
    site = tmp_path / "site"
    (site / "b").mkdir(parents=True)
    (site / "index.html").write_text("<p>x</p>", "utf-8")
    (site / "b" / "index.html").write_text("<p>y</p>", "utf-8")
    (site / "b" / "tekst.pdf").write_bytes(b"%PDF-1.7 " * 50)
    offline.write_zip(site, tmp_path / "one.zip", 1767225600)
    (site / "index.html").touch()  # a later modification time must not matter
    offline.write_zip(site, tmp_path / "two.zip", 1767225600)
    assert (tmp_path / "one.zip").read_bytes() == (tmp_path / "two.zip").read_bytes()
    import zipfile
    with zipfile.ZipFile(tmp_path / "one.zip") as z:
        assert z.namelist() == [f"{offline.FOLDER}/b/index.html", f"{offline.FOLDER}/b/tekst.pdf",
                                f"{offline.FOLDER}/index.html"]
        # A PDF is compressed inside already: stored as it is; the HTML deflated.
        kinds = {i.filename.rsplit(".", 1)[1]: i.compress_type for i in z.infolist()}
        assert kinds == {"html": zipfile.ZIP_DEFLATED, "pdf": zipfile.ZIP_STORED}
        assert z.read(f"{offline.FOLDER}/b/tekst.pdf") == b"%PDF-1.7 " * 50


def _site(tmp_path, pages: dict[str, str]):
    site = tmp_path / "site"
    for name, text in pages.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(text, "utf-8")
    (site / "tekst.pdf").write_bytes(b"%PDF-1.7 " * 50)
    return site


def test_zip_reads_back_in_zipfile_and_in_unzip(tmp_path):
    import shutil
    import subprocess
    import zipfile

    site = _site(tmp_path, {"index.html": "<p>x</p>" * 100, "teksten/ë/index.html": "<p>é</p>"})
    offline.write_zip(site, tmp_path / "a.zip", 1767225600)
    with zipfile.ZipFile(tmp_path / "a.zip") as z:
        assert z.testzip() is None
        assert z.read(f"{offline.FOLDER}/teksten/ë/index.html") == "<p>é</p>".encode()
        info = z.getinfo(f"{offline.FOLDER}/index.html")
        assert info.date_time == (2026, 1, 1, 0, 0, 0) and info.external_attr >> 16 == 0o644
    if shutil.which("unzip"):  # an extractor of its own, stricter than zipfile
        done = subprocess.run(["unzip", "-tq", str(tmp_path / "a.zip")], capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr


def test_zip_takes_over_unchanged_members_and_is_the_zip_written_afresh(tmp_path, monkeypatch):
    from edition.site import zipwrite

    site = _site(tmp_path, {"index.html": "<p>x</p>" * 100, "b/index.html": "<p>y</p>" * 100})
    offline.write_zip(site, tmp_path / "old.zip", 1767225600)
    (site / "b" / "index.html").write_text("<p>z</p>" * 100, "utf-8")  # changed
    (site / "c.html").write_text("<p>nieuw</p>", "utf-8")  # new
    deflated = []
    real = zipwrite._deflate
    monkeypatch.setattr(zipwrite, "_deflate", lambda data: deflated.append(data) or real(data))
    offline.write_zip(site, tmp_path / "again.zip", 1767225600, previous=tmp_path / "old.zip")
    assert sorted(deflated) == sorted([b"<p>z</p>" * 100, b"<p>nieuw</p>"])  # only these compressed again
    deflated.clear()
    offline.write_zip(site, tmp_path / "fresh.zip", 1767225600)
    assert len(deflated) == 3
    assert (tmp_path / "again.zip").read_bytes() == (tmp_path / "fresh.zip").read_bytes()


@pytest.mark.parametrize("damage", ["other-writer", "same-name-other-data", "not-a-zip"])
def test_zip_takes_nothing_over_from_a_previous_zip_it_cannot_trust(tmp_path, damage):
    import zipfile

    site = _site(tmp_path, {"index.html": "<p>x</p>" * 100})
    offline.write_zip(site, tmp_path / "fresh.zip", 1767225600)
    old = tmp_path / "old.zip"
    if damage == "not-a-zip":
        old.write_bytes(b"PK\x03\x04 kapot")
    else:
        with zipfile.ZipFile(old, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr(f"{offline.FOLDER}/index.html", "<p>x</p>" * 100 if damage == "other-writer" else "ander")
            if damage == "same-name-other-data":
                from edition.site import zipwrite
                z.comment = zipwrite._signature()
    offline.write_zip(site, tmp_path / "again.zip", 1767225600, previous=old)
    assert (tmp_path / "again.zip").read_bytes() == (tmp_path / "fresh.zip").read_bytes()

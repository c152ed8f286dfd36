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

"""`edition check` runs every check of `edition build` that does not need the built site or PDFs:
on a set of broken trees, check fails whenever `build --no-downloads` fails (and on the good tree
both pass), so a passing check means the build will pass."""

from __future__ import annotations

import pytest

from project import copy_project, run_edition


def _edit(path, old, new):
    text = path.read_text("utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), "utf-8")


def _unknown_xref(root):
    _edit(root / "sources" / "2025-06-koreaans-scenario.yml", "Zie de noot bij", "Zie [[bestaat-niet#p1]] en de noot bij")


def _placeholder_in_about(root):
    _edit(root / "docs" / "over.md", "{{ aantal }}", "{{ aantl }}")


def _placeholder_in_intro(root):
    path = root / "docs" / "_inleiding.md"
    path.write_text(path.read_text("utf-8") + "Geschreven {{ periodes }}.\n", "utf-8")


def _link_to_missing_page(root):
    _edit(root / "docs" / "over.md", "## Conventies", "Zie ook [de lijst](lijst.md).\n\n## Conventies")


def _link_to_a_draft(root):
    (root / "sources" / "2025-10-concept.txt").write_text("Een concept\n\nEen alinea van het concept.\n", "utf-8")
    _edit(root / "docs" / "over.md", "## Conventies", "Zie [het concept](teksten/2025-10-concept.md).\n\n## Conventies")


def _note_to_a_draft(root):
    (root / "sources" / "2025-10-concept.txt").write_text("Een concept\n\nEen alinea van het concept.\n", "utf-8")
    _edit(root / "sources" / "2025-06-koreaans-scenario.yml", "Zie de noot bij", "Zie [[2025-10-concept]] en de noot bij")


def _bad_redirect(root):
    (root / "redirects.yml").write_text('pages:\n  "oud/": "../buiten/"\n', "utf-8")


def _bad_mkdocs_yml(root):
    _edit(root / "mkdocs.yml", "  - admonition\n", "  - admonition\n  - bestaat_niet_extensie\n")


def _unknown_citation(root):
    _edit(root / "sources" / "2025-06-koreaans-scenario.yml", "[@irish-times-istanboel-2025].", "[@irish-times-2099].")


def _register_entry_only_in_a_draft(root):
    """Not broken: an entry found only in a draft is not ‘unused’ (both pass)."""
    (root / "sources" / "2025-10-concept.txt").write_text("Een concept\n\nEen alinea over Zwitserland.\n", "utf-8")
    _edit(root / "registers" / "places.yml", "entries:\n", "entries:\n  - id: zwitserland-proef\n    term: Zwitserland\n"
          "    forms: [Zwitserland]\n    identification: Land in Europa.\n")


CASES = {"good": (None, {}), "unknown-xref": (_unknown_xref, {}), "placeholder-over": (_placeholder_in_about, {}),
         "placeholder-intro": (_placeholder_in_intro, {}), "missing-page": (_link_to_missing_page, {}),
         "link-to-draft": (_link_to_a_draft, {}), "note-to-draft": (_note_to_a_draft, {}),
         "bad-redirect": (_bad_redirect, {}), "bad-mkdocs-yml": (_bad_mkdocs_yml, {}),
         "unknown-citation": (_unknown_citation, {}), "entry-only-in-draft": (_register_entry_only_in_a_draft, {}),
         "bad-site-url": (None, {"SITE_URL": "ftp://voorbeeld.nl/"}),
         "bad-epoch": (None, {"SOURCE_DATE_EPOCH": "gisteren"})}
MUST_FAIL = set(CASES) - {"good", "entry-only-in-draft"}


@pytest.mark.parametrize("case", sorted(CASES))
def test_check_passing_implies_build_passing(case, tmp_path):
    breaking, env = CASES[case]
    root = copy_project(tmp_path / "project")
    if breaking:
        breaking(root)
    checked = run_edition(root, "check", env=env, timeout=300)
    built = run_edition(root, "build", "--no-downloads", env=env, timeout=300)
    assert "Traceback" not in checked.stderr + built.stderr
    if built.returncode != 0:
        assert checked.returncode != 0, f"build failed but check passed:\n{built.stderr}"
    if case in MUST_FAIL:
        assert built.returncode != 0 and checked.returncode != 0, (checked.stdout, built.stdout)
    else:
        assert built.returncode == 0 and checked.returncode == 0, checked.stderr + built.stderr

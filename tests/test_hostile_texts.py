"""Odd raw texts never crash the cleaner: each comes out as blocks that keep every word in order
(fidelity.check_model) or as an EditionError that names the file; never another exception.

Found this way: a column of one-word broken lines (`een-/twee-/drie-`) made the fidelity check
raise a ValueError, and a file of no-break spaces only crashed the layout stage."""

from __future__ import annotations

import pytest

from edition.checks import fidelity
from edition.errors import EditionError
from edition.apparatus.number import number
from edition.pipeline import clean_text
from edition.site.render import render_markdown

CASES = {
    "one-char": "x",
    "punctuation-lines": "...\n---\n***\n",
    "a-dash": "-",
    "list-only": "- a\n- b\n- c\n",
    "one-long-line": ("woord " * 40000).strip(),
    "many-short-lines": "\n".join(f"regel {i} met wat tekst" for i in range(5000)),
    "numbers-only": "1.\n2.\n3.\n",
    "capitals": "TITEL\n\nKOP\n\nTEKST IN HOOFDLETTERS.\n",
    "markdown": "# kop\n\n```\ncode\n```\n\n> citaat\n\n| a | b |\n|---|---|\n",
    "html-page": "<!doctype html><html><head><title>x</title></head><body><p>Hallo</p></body></html>\n",
    "attribute-lists": "Tekst {#p1 .x onclick=alert(1)}\n{: #p2 }\n",
    "broken-word-column": "een-\ntwee-\ndrie-\nvier-\n",
    "soft-hyphens": "\u00ad\n\u00ad\u00ad\nwoord\u00ad\nwoord\n",
    "combining-marks": "\u0301\u0301 e\u0301\n",
    "right-to-left": "שלום עולם\n\nمرحبا بالعالم\n",
    "emoji-sequence": "familie \U0001F468\u200d\U0001F469\u200d\U0001F467 hier\n",
    "deep-quotes": "> > > > > > > diep\n",
    "blank-lines-first": "\n\n\n \n\t\nx\n",
    "footnote-syntax": "Tekst[^1] hier.\n\n[^1]: noot\n",
    "template-syntax": "{{ config }} {% include 'x' %}\n",
    "title-only": "Een titel\n",
    "unicode-bullets": "• een\n• twee\n",
    "hyphen-at-both-ends": "woord -\n- woord\n",
    "tabs": "\tkop\n\t\ttekst\n",
    "mixed-newlines": "a\r\nb\rc\nd\n",
    "one-huge-word": "a" * 100000,
    "script-in-url": "Zie https://voorbeeld.nl/<script>alert(1)</script> en javascript:alert(1)\n",
    "ellipsis-lines": "…\n…\n…\n",
    "line-separators": "a\u2028b\u2029c\n",
    "private-use": "\ue000\uf8ff tekst\n",
    "noncharacters": "\ufffe\uffff tekst\n",
    "no-break-spaces-only": "\u00a0\u00a0\n",
    "soft-hyphens-only": "\u00ad\n\u00ad\n",
}


@pytest.mark.parametrize("text", CASES.values(), ids=CASES.keys())
def test_an_odd_text_is_cleaned_or_refused_clearly(text):
    path = "sources/2025-01-raar.txt"
    try:
        doc = clean_text(text.encode("utf-8"), path)
    except EditionError as exc:
        assert all(p.where.startswith(path) for p in exc.problems)
        return
    number(doc)
    assert doc.blocks
    assert "<script" not in render_markdown(doc, with_card=False)
    assert fidelity.check_model(doc) == []


def test_a_file_of_invisible_characters_is_called_empty():
    with pytest.raises(EditionError, match="geen tekst"):
        clean_text("\u00a0\u00a0\n".encode("utf-8"), "sources/x.txt")


@pytest.mark.parametrize("hidden", ["\U000e0041\U000e0042", "\ufeff", "\u2062", "\u3164", "\ufffe"],
                         ids=["tag-characters", "bom-inside", "invisible-times", "hangul-filler", "noncharacter"])
def test_hidden_characters_are_removed_and_listed_for_the_editors(hidden):
    doc = clean_text(f"Titel\n\nHet woord zebra{hidden}pad staat hier.\n".encode("utf-8"), "sources/x.txt")
    assert all(hidden not in b.text for b in doc.blocks) and any("zebrapad" in b.text for b in doc.blocks)
    assert [(d.line, d.doubtful) for d in doc.decisions if d.rule == "normalise-hidden"] == [(3, True)]
    assert fidelity.check_model(doc) == []

"""The review report's work list: what an editor still has to look at, beyond the local doubts.

Each detector module has one job and returns `Item`s; `collect` runs them all over one built
document (after the YAML was applied, so what an editor already fixed is gone from the list).
Nothing here changes a text: every item only proposes YAML for the editor to paste.
"""

from __future__ import annotations

import re

from edition.review.items import CATEGORIES, RULES, Item, confirmed_in


def collect(doc, occurrences=()) -> list[Item]:
    """Every open or dismissed work-list item of `doc`, in source order; `occurrences` are the
    register occurrences (annotate) so that names already in a register are not proposed again."""
    from edition.review import boilerplate, names, source_errors, structural

    items = [*structural.find(doc), *boilerplate.find(doc), *names.find(doc, occurrences),
             *source_errors.find(doc, occurrences)]
    # One place may be flagged by two detectors (a lone "Delen" is short, repeated and junk): the
    # first, most specific proposal wins.
    seen, out = set(), []
    for item in items:
        key = (item.block_index, item.span) if item.span else (item.rule, item.line, item.message)
        if key in seen:
            continue
        seen.add(key)
        item.confirmed = confirmed_in(doc, item)
        _add_confirmation(doc, item)
        out.append(item)
    return sorted(out, key=lambda i: (CATEGORIES.index(i.category), i.line))


def _add_confirmation(doc, item: Item) -> None:
    """Every item ends with the `confirmed` entry that keeps the text as it is."""
    from edition.review import quoting

    if item.span is None or any(s.startswith("confirmed:") for s in item.snippets):
        return
    start, end = item.span
    text = doc.blocks[item.block_index].text
    words = [m.end() for m in re.finditer(r"\S+", text[start:end])]
    end = start + words[5] if len(words) > 6 else end  # a long span: its first words are enough
    sel = quoting.selector(doc.blocks, item.block_index, start, end)
    if sel:
        item.snippets.append(quoting.dump({"confirmed": [{**sel, "rule": item.rule,
                                                          "note": "Nagekeken: zo juist."}]}))


__all__ = ["CATEGORIES", "RULES", "Item", "collect"]

"""Stage 5 – editorial layer: the text's YAML (validated against the declared schema), applied.

Structure overrides give a quoted passage a role the heuristics cannot see; interventions
(emendations) change the reading text while the source reading is kept for the apparatus.
Every anchor must match exactly once, or the build stops with the closest match.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from . import anchors
from .errors import EditionError, Problem
from . import inline_md
from .model import Block, Document, Note
from .schemas import check_schema
from .yamlfile import Located, load_file


SPLITTING_ROLES = ("caption", "pullquote")


@dataclass
class Intervention:
    id: str
    kind: str  # emendatie | conjectuur
    original: str
    reading: str
    reason: str
    line: int  # source line
    yaml_where: str
    block: Block | None = None


def load_editorial(yml_path: Path, shown_as: str) -> Located:
    located = load_file(yml_path, shown_as)
    check_schema(located, "text.schema.json",
                 "Zie het schema src/edition/schema/text.schema.json en README (Een tekst toevoegen).")
    return located


def _locate_once(doc: Document, located: Located, key_path: tuple, spec: dict) -> anchors.Match:
    quote, prefix, suffix = spec["quote"], spec.get("prefix", ""), spec.get("suffix", "")
    matches = anchors.find(doc.blocks, quote, prefix, suffix)
    if len(matches) == 1:
        return matches[0]
    where = located.where(key_path + ("quote",))
    if not matches:
        near = anchors.closest(doc.blocks, quote)
        hint = (f"Bedoelde u ‘{near[0]}’ ({doc.where(near[1])})?" if near
                else "Citeer de tekst precies zoals hij in de opgeschoonde tekst staat (edition clean).")
        raise EditionError(Problem(where, f"het citaat ‘{quote}’ komt niet voor in {doc.path}.", hint))
    lines = ", ".join(doc.where(doc.blocks[m.block_index].line_at(m.start)) for m in matches)
    raise EditionError(Problem(where, f"het citaat ‘{quote}’ komt {len(matches)} keer voor ({lines}).",
                               "Maak het citaat langer, of voeg ‘prefix’ of ‘suffix’ toe zodat het één keer past."))


def _anchored(doc: Document, located: Located, section: str, problems: list[Problem]):
    """Each entry of a YAML section with the one place its quote anchors to; anchor errors are
    collected in `problems` (all reported at once) and the entry skipped."""
    for i, spec in enumerate(located.data.get(section, []) or []):
        key_path = (section, i)
        try:
            yield key_path, spec, _locate_once(doc, located, key_path, spec)
        except EditionError as exc:
            problems.extend(exc.problems)


def _split(doc: Document, match: anchors.Match) -> int:
    """Make the matched passage a block of its own; return its index."""
    block = doc.blocks[match.block_index]
    start, end = match.start, match.end
    parts = []
    before, after = block.text[:start].rstrip(), block.text[end:].lstrip()
    if before:
        parts.append(block.slice(0, len(before)))
    parts.append(block.slice(start, end))
    if after:
        parts.append(block.slice(len(block.text) - len(after), len(block.text)))
    for p in parts:
        p.hints = dict(block.hints)
    doc.blocks[match.block_index: match.block_index + 1] = parts
    return match.block_index + (1 if before else 0)


def apply_structure(doc: Document, located: Located, problems: list[Problem]) -> None:
    for key_path, spec, match in _anchored(doc, located, "structure", problems):
        # A caption or pull quote may be part of a paragraph (then it is split off); any other role
        # applies to the whole block the quote is in.
        index = _split(doc, match) if spec["as"] in SPLITTING_ROLES else match.block_index
        block = doc.blocks[index]
        old = block.kind
        block.kind = spec["as"]
        doc.decide("editorial-structure", block.first_line,
                   f"volgens {located.where(key_path)}: ‘{block.text[:60]}…’ is {spec['as']} (was {old}): "
                   f"{spec['reason']}", kind=spec["as"])


def apply_interventions(doc: Document, located: Located, problems: list[Problem]) -> None:
    seen: dict[str, str] = {}
    for i, spec in enumerate(located.data.get("interventions", []) or []):
        if spec["id"] in seen:
            problems.append(Problem(located.where(("interventions", i, "id")),
                                    f"id ‘{spec['id']}’ is al gebruikt ({seen[spec['id']]}).",
                                    "Geef elke ingreep een eigen id; het id is het anker in het apparaat."))
        seen.setdefault(spec["id"], located.where(("interventions", i)))
    for key_path, spec, match in _anchored(doc, located, "interventions", problems):
        block = doc.blocks[match.block_index]
        original = block.text[match.start:match.end]
        reading = spec["replace"]
        block.text = block.text[:match.start] + reading + block.text[match.end:]
        delta = len(reading) - len(original)
        block.line_map = [(o if o <= match.start else o + delta, l) for o, l in block.line_map]
        iv = Intervention(spec["id"], spec.get("kind", "emendatie"), original, reading, spec["reason"],
                          block.line_at(match.start), located.where(key_path), block)
        # Later marks in the same block shift with this change.
        block.marks = [(s if s < match.start else s + delta, e if e <= match.start else e + delta, m, o)
                       for s, e, m, o in block.marks]
        # Mark only what differs ("te tonen" → "te tonen." marks the added full stop).
        head = len(os.path.commonprefix([original, reading]))
        tail = len(os.path.commonprefix([original[head:][::-1], reading[head:][::-1]]))
        block.marks.append((match.start + head, match.start + len(reading) - tail, iv,
                            original[head:len(original) - tail]))
        block.marks.sort(key=lambda t: t[0])
        doc.interventions.append(iv)
        doc.decide("intervention", iv.line, f"{iv.kind}: ‘{original}’ → ‘{reading}’ ({spec['reason']})",
                   id=iv.id, original=original, reading=reading)


def apply_editorial(doc: Document, yml_path: Path | None, shown_as: str) -> None:
    if yml_path is None or not yml_path.exists():
        doc.meta = {}
        return
    located = load_editorial(yml_path, shown_as)
    doc.meta = located.data.get("metadata", {})
    problems: list[Problem] = []
    apply_structure(doc, located, problems)
    apply_interventions(doc, located, problems)
    apply_notes(doc, located, problems)
    apply_confirmations(doc, located, problems)
    resolve_by_interventions(doc)
    if problems:
        raise EditionError(problems)


def apply_notes(doc: Document, located: Located, problems: list[Problem]) -> None:
    """Footnotes: the editors' notes (anchored on quoted text), and one textual note per
    intervention, generated from its reason, so the reader sees why the text was changed."""
    for iv in doc.interventions:
        mark = next(m for m in iv.block.marks if m[2] is iv)
        doc.notes.append(Note(f"tk-{iv.id}", "tekstkritisch", iv.block, mark[1], iv.yaml_where, intervention=iv))
    seen = {n.id: n.where for n in doc.notes}
    for key_path, spec, match in _anchored(doc, located, "notes", problems):
        where = located.where(key_path)
        if spec["id"] in seen:
            problems.append(Problem(located.where(key_path + ("id",)), f"noot-id ‘{spec['id']}’ is al gebruikt ({seen[spec['id']]}).",
                                    "Geef elke noot een eigen id; het id is het anker van de noot (#fn:id)."))
            continue
        seen[spec["id"]] = where
        try:
            body = inline_md.parse(spec["text"], located.where(key_path + ("text",)))
        except EditionError as exc:
            problems.extend(exc.problems)
            continue
        doc.notes.append(Note(spec["id"], spec["kind"], doc.blocks[match.block_index], match.end, where, body=body))


def _block_of_line(doc: Document, line: int) -> Block | None:
    return next((b for b in doc.blocks if b.first_line <= line <= b.last_line), None)


def apply_confirmations(doc: Document, located: Located, problems: list[Problem]) -> None:
    """An editor's "checked, correct" for a doubtful decision, anchored on the text it concerns."""
    for key_path, spec, match in _anchored(doc, located, "confirmed", problems):
        block = doc.blocks[match.block_index]
        hits = [d for d in doc.decisions if d.doubtful and d.rule == spec["rule"]
                and _block_of_line(doc, d.line) is block]
        if not hits:
            problems.append(Problem(located.where(key_path + ("rule",)),
                                    f"geen twijfelgeval ‘{spec['rule']}’ bij ‘{spec['quote']}’ om te bevestigen.",
                                    "Kijk in review/review.md welke regel (rule) bij deze plaats hoort."))
        for d in hits:
            d.data["confirmed"] = f"{located.where(key_path)}: {spec['note']}"


def resolve_by_interventions(doc: Document) -> None:
    """A paragraph flagged for a missing full stop is resolved once an emendation supplies one."""
    for d in doc.decisions:
        if d.rule != "unpunctuated" or not d.doubtful:
            continue
        block = _block_of_line(doc, d.line)
        fixed = [iv for iv in doc.interventions if iv.block is block and iv.reading.rstrip().endswith((".", "!", "?"))]
        if fixed:
            d.data["confirmed"] = f"opgelost door ingreep ‘{fixed[0].id}’ ({fixed[0].yaml_where})"

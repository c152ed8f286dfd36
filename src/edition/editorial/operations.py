"""Stage 5 – editorial layer: the text's YAML (validated against the declared schema), applied.

Every operation is anchored on quoted text and must match exactly once, or the build stops with
the closest match.  They are applied in this order, each on the result of the ones before:

1. `split`    – a new block starts at the quote;
2. `join`     – the block that holds the quote is joined with the next one;
3. `omit`     – junk (the quote, its source line or its whole block) is left out of the reading
                text; its words are kept in the apparatus ("weggelaten");
4. `structure`– a role for exactly the quoted span (the block is split around it);
5. `interventions` – emendations: the reading text differs from the source, which is kept;
6. `notes`, `confirmed`.

Each operation is recorded as a Decision (shown in the apparatus); the ones that change words
(`omit`, `intervention`) carry an `edit` record — where in the word sequence, which words before
and after — so the fidelity check accounts for exactly those words and nothing else.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from edition.editorial import anchors
from edition.errors import EditionError, Problem, did_you_mean
from edition.review.items import RULES as WORKLIST_RULES
from edition.rulenames import RULE_NAMES
from edition.apparatus import inline_md
from edition.model import BYLINE, CAPTION, HEADING, LEAD, LIST_ITEM, LIST_TITLE, PARAGRAPH, PROVENANCE, PULLQUOTE, QUOTE, SUBTITLE, TITLE, VERSE, Block, Document, Note
from edition.editorial.schemas import check_schema
from edition.editorial.yamlfile import Located, load_file

# Roles for a short phrase, with the most words such a phrase may have: a longer one is certainly
# running text that a quote swallowed (a 3-word heading once became a 157-word one).
SHORT_ROLES = {HEADING: 15, LIST_TITLE: 15, TITLE: 25, SUBTITLE: 30, BYLINE: 25}
# Roles of running text: quoting the start of a block for one of them has long meant "this block".
WHOLE_BLOCK_ROLES = (LEAD, PARAGRAPH, PROVENANCE)
RUNNING_KINDS = (LEAD, PARAGRAPH, LIST_ITEM, PULLQUOTE, CAPTION, PROVENANCE, VERSE, QUOTE)
ROLE_NAMES = {VERSE: "gedicht", TITLE: "titel", SUBTITLE: "tweede titel", LEAD: "inleiding (lead)", BYLINE: "auteursregel",
              HEADING: "tussenkop", PARAGRAPH: "alinea", LIST_TITLE: "lijsttitel", PULLQUOTE: "streamer", QUOTE: "citaat",
              CAPTION: "fotobijschrift", PROVENANCE: "herkomstnotitie", LIST_ITEM: "lijstonderdeel"}
# Heuristic doubts that an editor's operation on the same block settles.
SETTLED_BY_ROLE = ("heading", "structure", "pullquote", "unpunctuated")

_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"[.!?:;…][\"'”’»)\]]*$")
_PHRASE_START = re.compile(r"[\w\"'‘“„«(\[]")


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


# --- small text helpers --------------------------------------------------------------------------

def _is_word(ch: str) -> bool:
    return bool(_WORD.match(ch))


def _inside_word(text: str, at: int) -> bool:
    return 0 < at < len(text) and _is_word(text[at - 1]) and _is_word(text[at])


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without the white space at its edges."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _short(text: str, n: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _lines(block: Block) -> str:
    return f"r. {block.first_line}" + (f"–{block.last_line}" if block.last_line != block.first_line else "")


def _context(block: Block, start: int, end: int, n: int = 25) -> str:
    before = block.text[max(0, start - n):start]
    after = block.text[end:end + n]
    return f"…{before}[{block.text[start:end]}]{after}…"


def _edit(block: Block, start: int, end: int, new: str) -> None:
    """Replace text[start:end] by `new`, keeping the line map and the marks after it in step."""
    delta = len(new) - (end - start)
    block.text = block.text[:start] + new + block.text[end:]
    mapped = []
    for o, line in block.line_map:
        if o <= start:
            mapped.append((o, line))
        elif o >= end:
            mapped.append((o + delta, line))
        else:  # a line that started inside the replaced text now starts where the new text ends
            mapped.append((start + min(o - start, len(new)), line))
    out: list[tuple[int, int]] = []
    for o, line in mapped:
        if out and out[-1][0] == o:
            out[-1] = (o, line)  # that line's text is gone: the next one starts here
        elif not (out and out[-1][1] == line):
            out.append((o, line))
    while len(out) > 1 and out[-1][0] >= len(block.text):
        out.pop()
    block.line_map = [(0, out[0][1])] + out[1:]
    block.marks = [(s if s < start else s + delta, e if e <= start else e + delta, m, o)
                   for s, e, m, o in block.marks]
    # The source's own note calls after the change move with it; one inside it is gone.
    block.source_calls = [(s if e <= start else s + delta, e if e <= start else e + delta, *rest)
                          for s, e, *rest in block.source_calls if e <= start or s >= end]


def _deletion_span(text: str, start: int, end: int) -> tuple[int, int]:
    """What to cut to delete text[start:end] without leaving a double or dangling space."""
    if end < len(text) and text[end].isspace() and (start == 0 or text[start - 1].isspace()):
        end += 1
    elif end == len(text):
        while start > 0 and text[start - 1].isspace():
            start -= 1
    return start, end


def _model_words(doc: Document) -> list[str]:
    return [w for b in doc.blocks for w in _WORD.findall(b.text)]


def _edit_record(doc: Document, index: int, start: int, end: int, new: str, label: str, where: str) -> dict:
    """How replacing blocks[index].text[start:end] by `new` changes the word sequence: at word `at`,
    the words `old` become `new`; `before`/`after` are the words around them, to find the place."""
    text = doc.blocks[index].text
    a, b = start, end
    while a > 0 and _is_word(text[a - 1]):
        a -= 1
    while b < len(text) and _is_word(text[b]):
        b += 1
    old = _WORD.findall(text[a:b])
    new_words = _WORD.findall(text[a:start] + new + text[end:b])
    at = sum(len(_WORD.findall(x.text)) for x in doc.blocks[:index]) + len(_WORD.findall(text[:a]))
    model = _model_words(doc)
    return {"at": at, "old": old, "new": new_words, "before": model[at - 1] if at > 0 else None,
            "after": model[at + len(old)] if at + len(old) < len(model) else None,
            "label": label, "where": where}


def _settle(doc: Document, blocks: list[Block], rules: tuple[str, ...], how: str, overruled: bool = True) -> None:
    """Close the heuristic doubts about these blocks that an editor's operation has decided; an
    overruled guess (a "heading" the editor left out) no longer counts as applied in the apparatus."""
    for d in doc.decisions:
        if d.doubtful and d.rule in rules and "confirmed" not in d.data and any(
                b.first_line <= d.line <= b.last_line for b in blocks):
            d.data["confirmed"] = how
            if overruled:
                d.data["overruled"] = how


# --- anchors -------------------------------------------------------------------------------------

def _not_found(doc: Document, quote: str, prefix: str, suffix: str) -> tuple[str, str]:
    """Why a quote matches nowhere, and what to do: the most useful of several explanations."""
    if prefix or suffix:
        bare = anchors.find(doc.blocks, quote)
        if bare:
            m = bare[0]
            block = doc.blocks[m.block_index]
            return (f"komt wel voor ({doc.where(block.line_at(m.start))}, {len(bare)}×), maar niet met deze "
                    f"{'prefix' if prefix else ''}{' en ' if prefix and suffix else ''}{'suffix' if suffix else ''}",
                    f"Daar staat: ‘{_context(block, m.start, m.end)}’. Een prefix staat direct vóór het citaat, een "
                    "suffix direct erna (een blokgrens en het begin of einde van de tekst schrijft u als \\n).")
    for d in doc.decisions:
        if d.rule == "omit" and anchors.quote_pattern(quote).search(d.data.get("text", "")):
            return ("staat in een passage die al is weggelaten", f"Zie {d.data.get('where', '')}.")
    for iv in doc.interventions:
        if anchors.quote_pattern(quote).search(iv.original):
            return (f"is al veranderd door ingreep ‘{iv.id}’ (de editie leest ‘{_short(iv.reading)}’)",
                    f"Zie {iv.yaml_where}; citeer de tekst zoals hij na die ingreep luidt, of maak er één ingreep van.")
    first = anchors.across_blocks(doc.blocks, quote)
    if first is not None:
        a, b = doc.blocks[first], doc.blocks[first + 1]
        at = (f"{doc.where(a.last_line)} en {doc.where(b.first_line)}" if a.last_line != b.first_line
              else f"{doc.where(a.last_line)}, na ‘…{a.text[-25:]}’")
        return (f"loopt over de grens van twee blokken ({at})",
                "Citeer binnen één blok (een blokgrens schrijft u in prefix of suffix als \\n), of voeg de twee "
                "blokken eerst samen met `join`.")
    near = anchors.closest(doc.blocks, quote)
    hint = (f"Bedoelde u ‘{near[0]}’ ({doc.where(near[1])})?" if near
            else "Citeer de tekst precies zoals hij in de opgeschoonde tekst staat (edition clean).")
    return f"komt niet voor in {doc.path}", hint


def _locate_once(doc: Document, located: Located, key_path: tuple, spec: dict) -> anchors.Match:
    quote, prefix, suffix = spec["quote"], spec.get("prefix", ""), spec.get("suffix", "")
    where = located.where(key_path + ("quote",))
    if not quote.strip():
        raise EditionError(Problem(where, "het citaat is leeg of bestaat alleen uit witruimte.",
                                   "Citeer de tekst waar deze bewerking over gaat."))
    matches = anchors.find(doc.blocks, quote, prefix, suffix)
    if len(matches) == 1:
        return matches[0]
    if not matches:
        what, hint = _not_found(doc, quote, prefix, suffix)
        raise EditionError(Problem(where, f"het citaat ‘{_short(quote, 80)}’ {what}.", hint))
    places = "; ".join(f"{doc.where(doc.blocks[m.block_index].line_at(m.start))}: "
                       f"‘{_context(doc.blocks[m.block_index], m.start, m.end, 15)}’" for m in matches[:6])
    raise EditionError(Problem(where, f"het citaat ‘{_short(quote, 80)}’ komt {len(matches)} keer voor ({places}).",
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


# --- split, join, omit -----------------------------------------------------------------------------

def _cut(doc: Document, index: int, parts: list[tuple[int, int, str]]) -> list[Block]:
    """Replace block `index` by the given (start, end, kind) slices of it (empty ones left out)."""
    block = doc.blocks[index]
    out = []
    for start, end, kind in parts:
        start, end = _trim(block.text, start, end)
        if start < end:
            piece = block.slice(start, end, kind)
            piece.hints = dict(block.hints)
            out.append(piece)
    doc.blocks[index:index + 1] = out
    return out


def _outside_kind(kind: str) -> str:
    """The kind of the text split off a block: running text stays what it was; what was split off a
    short role (a heading that swallowed its paragraph) is a paragraph."""
    return kind if kind in RUNNING_KINDS else PARAGRAPH


def apply_splits(doc: Document, located: Located, problems: list[Problem]) -> None:
    for key_path, spec, match in _anchored(doc, located, "split", problems):
        where = located.where(key_path)
        block = doc.blocks[match.block_index]
        at, _ = _trim(block.text, match.start, match.end)
        if not block.text[:at].strip():
            problems.append(Problem(where, f"‘{_short(spec['quote'])}’ staat al aan het begin van een blok "
                                           f"({doc.where(block.first_line)}); er valt niets te splitsen.",
                                    "Laat deze split weg, of citeer de plaats waar het nieuwe blok moet beginnen."))
            continue
        if _inside_word(block.text, at):
            problems.append(Problem(where, f"het citaat begint midden in een woord (‘{_context(block, at, at, 15)}’); "
                                           "een blok kan alleen tussen twee woorden beginnen.",
                                    "Laat het citaat beginnen bij het eerste woord van het nieuwe blok."))
            continue
        head, tail = _cut(doc, match.block_index, [(0, at, block.kind), (at, len(block.text),
                                                                          _outside_kind(block.kind))])
        doc.decide("editorial-split", tail.first_line,
                   f"volgens {where}: nieuw blok vanaf ‘{_short(tail.text, 40)}’ ({_lines(tail)}), na "
                   f"‘…{head.text[-40:]}’: {spec['reason']}", where=where, reason=spec["reason"])


def apply_joins(doc: Document, located: Located, problems: list[Problem]) -> None:
    for key_path, spec, match in _anchored(doc, located, "join", problems):
        where = located.where(key_path)
        i = match.block_index
        if i + 1 >= len(doc.blocks):
            problems.append(Problem(where, f"‘{_short(spec['quote'])}’ staat in het laatste blok van de tekst; er "
                                           "is geen volgend blok om mee samen te voegen.",
                                    "Citeer tekst uit het eerste van de twee blokken die één blok moeten worden."))
            continue
        a, b = doc.blocks[i], doc.blocks[i + 1]
        # A short role joined with running text (a heading that was the first line of its
        # paragraph) becomes running text; otherwise the first block keeps its kind.
        kind = b.kind if a.kind not in RUNNING_KINDS and b.kind in RUNNING_KINDS else a.kind
        glue = "\n" if a.kind == b.kind == VERSE else " "  # two runs of verse: one poem
        offset = len(a.text) + len(glue)
        line_map = list(a.line_map)
        for o, line in b.line_map:
            if line != line_map[-1][1]:
                line_map.append((o + offset, line))
        joined = Block(kind, f"{a.text}{glue}{b.text}", line_map, level=a.level)
        joined.hints = dict(a.hints)
        joined.source_calls = list(a.source_calls) + [(s + offset, e + offset, *rest) for s, e, *rest in b.source_calls]
        doc.blocks[i:i + 2] = [joined]
        _settle(doc, [a, b], SETTLED_BY_ROLE, f"opgeheven: blokken samengevoegd volgens {where}")
        doc.decide("editorial-join", a.first_line,
                   f"volgens {where}: blok {_lines(a)} (‘{_short(a.text, 40)}’) samengevoegd met het volgende blok "
                   f"{_lines(b)} (‘{_short(b.text, 40)}’): {spec['reason']}", where=where, reason=spec["reason"])


def _line_span(block: Block, at: int) -> tuple[int, int]:
    """The part of a block's text that came from the source line of offset `at`."""
    offsets = block.line_map
    k = max(j for j, (o, _) in enumerate(offsets) if o <= at) if offsets[0][0] <= at else 0
    end = offsets[k + 1][0] if k + 1 < len(offsets) else len(block.text)
    return offsets[k][0], end


def apply_omits(doc: Document, located: Located, problems: list[Problem]) -> None:
    for key_path, spec, match in _anchored(doc, located, "omit", problems):
        where = located.where(key_path)
        i = match.block_index
        block = doc.blocks[i]
        scope = spec.get("scope", "quote")
        if scope == "block":
            start, end = 0, len(block.text)
        elif scope == "line":
            start, end = _line_span(block, match.start)
        else:
            start, end = match.start, match.end
        start, end = _trim(block.text, start, end)
        if start == end:
            problems.append(Problem(where, "er blijft niets over om weg te laten.", "Citeer de tekst die weg moet."))
            continue
        if _inside_word(block.text, start) or _inside_word(block.text, end):
            what = ("deze bronregel is in de opgeschoonde tekst met een woord van de regel ernaast verbonden "
                    "(een afgebroken woord)" if scope == "line" else "het citaat begint of eindigt midden in een woord")
            problems.append(Problem(where, f"{what}: ‘{_context(block, start, end, 15)}’; weglaten gaat per heel woord.",
                                    "Citeer hele woorden. Een deel van een woord verandert u met een ingreep "
                                    "(interventions)."))
            continue
        removed = block.text[start:end]
        line = block.line_at(start)
        label = f"weglating ‘{_short(removed, 40)}’ ({where})"
        edit = _edit_record(doc, i, start, end, "", label, where)
        cut_start, cut_end = _deletion_span(block.text, start, end)
        _edit(block, cut_start, cut_end, "")
        gone = not block.text.strip()
        if gone:
            del doc.blocks[i]
            _settle(doc, [block], tuple({d.rule for d in doc.decisions}), f"weggelaten volgens {where}")
        doc.decide("omit", line, f"weggelaten volgens {where}: ‘{removed}’ ({spec['reason']})",
                   where=where, text=removed, scope=scope, reason=spec["reason"], whole_block=gone, edit=edit)


# --- roles -------------------------------------------------------------------------------------------

def _clean_cut(block: Block, at: int, side: str, role: str) -> bool:
    """Whether a role's span may start (`side` "start") or end ("end") at `at`: at the edge of the
    block, at a source line boundary, or at a sentence boundary — never inside a sentence."""
    text = block.text
    if at <= 0 or at >= len(text):
        return True
    if _inside_word(text, at):
        return False
    left = len(text[:at].rstrip())
    right = len(text) - len(text[at:].lstrip())
    if any(left <= o <= right for o, _ in block.line_map[1:]):
        return True
    if _SENTENCE_END.search(text[:left]):
        return True
    # A heading, byline or title has no closing full stop: the text after it starts anew.
    return side == "end" and role in SHORT_ROLES and (text[right:right + 1].isupper()
                                                        or text[right:right + 1].isdigit())


def apply_structure(doc: Document, located: Located, problems: list[Problem]) -> None:
    titles: dict[int, str] = {}
    for key_path, spec, match in _anchored(doc, located, "structure", problems):
        role, where = spec["as"], located.where(key_path)
        i = match.block_index
        block = doc.blocks[i]
        text = block.text
        start, end = _trim(text, match.start, match.end)
        doubt = ""
        if spec.get("scope") == "block":
            start, end = 0, len(text)
        elif (start, end) != _trim(text, 0, len(text)):
            bad = [side for side, at in (("begin", start), ("einde", end)) if not _clean_cut(
                block, at, "start" if side == "begin" else "end", role)]
            if bad and role in WHOLE_BLOCK_ROLES and not text[:start].strip():
                # The long-standing way to name a paragraph by its first words: applied to the whole
                # block, but listed as a doubt until the editor says so (`scope: block`).
                start, end = 0, len(text)
                doubt = (f"; het citaat is alleen het begin van het blok ({len(_WORD.findall(text))} woorden): de rol "
                         "geldt voor het hele blok. Klopt dat, zet dan `scope: block` bij deze regel; anders "
                         "citeer precies de tekst die deze rol heeft")
            elif bad:
                n = len(_WORD.findall(text))
                problems.append(Problem(
                    where, f"het citaat ‘{_short(spec['quote'])}’ is maar een deel van een blok van {n} woorden "
                           f"({doc.where(block.first_line)}), en het {' en '.join(bad)} valt midden in een zin: "
                           f"‘{_context(block, start, end)}’. Een rol geldt precies voor het geciteerde stuk.",
                    "Citeer het hele stuk dat deze rol heeft, splits het blok eerst met `split`, of geef het hele "
                    "blok de rol met `scope: block`."))
                continue
        n = len(_WORD.findall(text[start:end]))
        limit = SHORT_ROLES.get(role)
        if limit and n > limit:
            problems.append(Problem(where, f"een {ROLE_NAMES[role]} van {n} woorden (‘{_short(text[start:end])}’, "
                                           f"{doc.where(block.line_at(start))}); een {ROLE_NAMES[role]} heeft er "
                                           f"hoogstens {limit}.",
                                    "Citeer alleen de woorden van de " + ROLE_NAMES[role] + "; staan die met lopende "
                                    "tekst in één blok, dan wordt het blok rond het citaat gesplitst."))
            continue
        old = block.kind
        pieces = _cut(doc, i, [(0, start, _outside_kind(old)), (start, end, role), (end, len(text), _outside_kind(old))])
        target = pieces[1 if text[:start].strip() else 0]
        if role == HEADING and spec.get("level"):
            target.level = spec["level"]
        if role == TITLE:
            titles[id(target)] = where
        _settle(doc, [target], SETTLED_BY_ROLE, f"vastgelegd door de redactie ({where})", overruled=old != role)
        split = " (uit een langer blok gesplitst)" if len(pieces) > 1 else ""
        doc.decide("editorial-structure", target.first_line,
                   f"volgens {where}: ‘{_short(target.text)}’ is {ROLE_NAMES.get(role, role)} (was "
                   f"{ROLE_NAMES.get(old, old)}){split}: {spec['reason']}{doubt}", doubtful=bool(doubt), kind=role,
                   where=where, reason=spec["reason"])
    for kind in (TITLE, SUBTITLE):
        found = [b for b in doc.blocks if b.kind == kind]
        if len(found) > 1:
            wheres = [titles.get(id(b), "") for b in found]
            shown = "; ".join(f"{doc.where(b.first_line)} ‘{_short(b.text, 40)}’" for b in found)
            problems.append(Problem(next((w for w in wheres if w), located.where(("structure",))),
                                    f"de tekst heeft nu {len(found)} blokken met de rol {ROLE_NAMES[kind]}: {shown}.",
                                    f"Een tekst heeft één {ROLE_NAMES[kind]}: geef de andere een eigen rol (bijv. "
                                    "`as: subtitle`, `as: heading` of `as: paragraph`)."))


# --- interventions ------------------------------------------------------------------------------------

def _overlapping(block: Block, start: int, end: int):
    for s, e, iv, _ in block.marks:
        if (s < end and start < e) or (s == e and start < s < end):
            return iv
    return None


def apply_interventions(doc: Document, located: Located, problems: list[Problem]) -> None:
    seen: dict[str, str] = {}
    for i, spec in enumerate(located.data.get("interventions", []) or []):
        if spec["id"] in seen:
            problems.append(Problem(located.where(("interventions", i, "id")),
                                    f"id ‘{spec['id']}’ is al gebruikt ({seen[spec['id']]}).",
                                    "Geef elke ingreep een eigen id; het id is het anker in het apparaat."))
        seen.setdefault(spec["id"], located.where(("interventions", i)))
    for key_path, spec, match in _anchored(doc, located, "interventions", problems):
        where = located.where(key_path)
        index = match.block_index
        block = doc.blocks[index]
        original = block.text[match.start:match.end]
        # The reading is running text: a line break in it (a YAML block scalar) is a space (not in verse).
        reading = spec["replace"] if block.kind == VERSE else re.sub(r"\s+", " ", spec["replace"])
        if reading == original:
            problems.append(Problem(located.where(key_path + ("replace",)), f"ingreep ‘{spec['id']}’ verandert niets "
                                    f"(‘{_short(original)}’ blijft ‘{_short(reading)}’).",
                                    "Laat de ingreep weg, of schrijf in ‘replace’ de lezing van de editie."))
            continue
        other = _overlapping(block, match.start, match.end)
        if other is not None:
            problems.append(Problem(where, f"ingreep ‘{spec['id']}’ overlapt met ingreep ‘{other.id}’ "
                                           f"({other.yaml_where}) in ‘{_context(block, match.start, match.end, 15)}’.",
                                    "Maak er één ingreep van, of citeer twee stukken die elkaar niet overlappen."))
            continue
        iv = Intervention(spec["id"], spec.get("kind", "emendatie"), original, reading, spec["reason"],
                          block.line_at(match.start), where, block)
        edit = _edit_record(doc, index, match.start, match.end, reading, f"ingreep ‘{iv.id}’ ({where})", where)
        # Mark only what differs ("te tonen" → "te tonen." marks the added full stop).
        head = len(os.path.commonprefix([original, reading]))
        tail = len(os.path.commonprefix([original[head:][::-1], reading[head:][::-1]]))
        mark_start, mark_end = match.start + head, match.start + len(reading) - tail
        source_part = original[head:len(original) - tail]
        if reading:
            _edit(block, match.start, match.end, reading)
        else:
            cut_start, cut_end = _deletion_span(block.text, match.start, match.end)
            _edit(block, cut_start, cut_end, "")
            mark_start = mark_end = cut_start
        block.marks.append((mark_start, mark_end, iv, source_part))
        block.marks.sort(key=lambda t: (t[0], t[1]))
        if not block.text.strip():
            _move_marks_of_emptied_block(doc, index)
        doc.interventions.append(iv)
        doc.decide("intervention", iv.line, f"{iv.kind}: ‘{original}’ → ‘{reading}’ ({spec['reason']})",
                   id=iv.id, original=original, reading=reading, where=where, edit=edit)


def _move_marks_of_emptied_block(doc: Document, index: int) -> None:
    """An emendation deleted all of a block (a running head): the block goes, its marks (and so the
    notes that say what was deleted) stand at the end of the block before it, or the start of the next."""
    block = doc.blocks.pop(index)
    if not doc.blocks:
        doc.blocks.insert(index, block)  # nothing to move to: the empty-text check reports it
        return
    host = doc.blocks[index - 1] if index > 0 else doc.blocks[index]
    at = len(host.text) if index > 0 else 0
    for _s, _e, iv, orig in block.marks:
        host.marks.append((at, at, iv, orig))
        iv.block = host
    host.marks.sort(key=lambda t: (t[0], t[1]))


# --- the whole layer ------------------------------------------------------------------------------------

def apply_editorial(doc: Document, located: Located | None) -> None:
    """The editorial file (already read with `load_editorial`; None when the text has none)."""
    if located is None:
        doc.meta = {}
        return
    shown_as = located.path
    doc.meta = located.data.get("metadata", {})
    problems: list[Problem] = []
    from edition.editorial.layoutops import apply_layout_ops  # layout first: it re-makes blocks the others anchor on
    for stage in (apply_layout_ops, apply_splits, apply_joins, apply_omits, apply_structure, apply_interventions):
        stage(doc, located, problems)
    if not any(b.text.strip() for b in doc.blocks):
        problems.append(Problem(shown_as, f"na de bewerkingen in dit bestand blijft er van {doc.path} geen tekst over.",
                                "Kijk na wat `omit` en de ingrepen weglaten; een tekst zonder woorden kan niet "
                                "worden uitgegeven."))
        raise EditionError(problems)
    apply_notes(doc, located, problems)
    apply_sic(doc, located, problems)
    apply_confirmations(doc, located, problems)
    resolve_by_interventions(doc)
    flag_title_conflict(doc, located)
    if problems:
        raise EditionError(problems)


def flag_title_conflict(doc: Document, located: Located) -> None:
    """`metadata.title` should agree with the text: a title the editors supply while the cleaner found
    one in the source is not what the page shows (it shows the source's), and a title said to come
    from the source should be the one the source has. Both are open doubts for the editors."""
    meta_title = (doc.meta or {}).get("title")
    source = next((b for b in doc.blocks if b.kind == TITLE), None)
    if not isinstance(meta_title, dict) or source is None or not isinstance(meta_title.get("text"), str):
        return
    where = located.where(("metadata", "title", "text"))
    given = " ".join(meta_title["text"].split())
    if " ".join(source.text.split()) == given:
        return
    if meta_title.get("supplied"):
        message = (f"de metagegevens geven een titel van de redactie (‘{given[:60]}’, {where}), maar de eerste regel "
                   f"is als titel van de bron herkend (‘{source.text[:60]}’); de pagina toont die van de bron. Neem "
                   "die titel over (supplied: false), of maak van de eerste regel iets anders (structure: … as: "
                   "paragraph)")
    else:
        message = (f"de titel in de metagegevens (‘{given[:60]}’, {where}) wijkt af van de titel in de bron "
                   f"(‘{source.text[:60]}’); schrijf hem zoals de bron hem heeft, of gebruik supplied: true")
    doc.decide("title-conflict", source.first_line, message, doubtful=True)


# The kind as the note shows it, after the label ‘Zo in de bron.’: a sentence of its own.
SIC_KINDS = {"spelling": "Spelling", "grammatica": "Grammatica", "feit": "Feit", "getal": "Getal", "datum": "Datum"}


def apply_sic(doc: Document, located: Located, problems: list[Problem]) -> None:
    """Errors of the source the edition does not correct: the reading stays, with a note ‘zo in de
    bron’ (kind and explanation) at the quoted words; the note is listed with the other notes in the
    apparatus and printed as a footnote. Its id comes from the quote, so a link to it stays."""
    taken = {n.id for n in doc.notes}
    for key_path, spec, match in _anchored(doc, located, "sic", problems):
        # Letters with diacritics keep their base letter (`Oekraïne’s` → `sic-oekraine-s`, not `oekra-ne-s`).
        folded = "".join(c for c in unicodedata.normalize("NFKD", spec["quote"].lower()) if not unicodedata.combining(c))
        base = "sic-" + ("-".join(re.findall(r"[a-z0-9]+", folded))[:40].strip("-") or "x")
        note_id, n = base, 2
        while note_id in taken:
            note_id, n = f"{base}-{n}", n + 1
        taken.add(note_id)
        try:
            body = inline_md.parse(f"{SIC_KINDS[spec['kind']]}: {spec['note']}", located.where(key_path + ("note",)))
        except EditionError as exc:
            problems.extend(exc.problems)
            continue
        block = doc.blocks[match.block_index]
        doc.notes.append(Note(note_id, "sic", block, anchors.word_end(block.text, match.end), located.where(key_path),
                              body=body))


def apply_notes(doc: Document, located: Located, problems: list[Problem]) -> None:
    """Footnotes: the editors' notes (anchored on quoted text), and one textual note per
    intervention, generated from its reason, so the reader sees why the text was changed.
    A note call stands after the word it belongs to, never inside it."""
    for iv in doc.interventions:
        mark = next(m for m in iv.block.marks if m[2] is iv)
        doc.notes.append(Note(f"tk-{iv.id}", "tekstkritisch", iv.block, anchors.word_end(iv.block.text, mark[1]),
                              iv.yaml_where, intervention=iv))
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
        block = doc.blocks[match.block_index]
        doc.notes.append(Note(spec["id"], spec["kind"], block, anchors.word_end(block.text, match.end), where, body=body))


def _block_of_line(doc: Document, line: int) -> Block | None:
    return next((b for b in doc.blocks if b.first_line <= line <= b.last_line), None)


def apply_confirmations(doc: Document, located: Located, problems: list[Problem]) -> None:
    """An editor's "checked, correct" for a doubtful decision, anchored on the text it concerns."""
    for key_path, spec, match in _anchored(doc, located, "confirmed", problems):
        block = doc.blocks[match.block_index]
        if spec["rule"] in WORKLIST_RULES:
            # Work-list items (review report) are found after the whole pipeline: keep the
            # confirmation on the block, where the report looks for it.
            block.hints.setdefault("confirmed", []).append(
                {"rule": spec["rule"], "where": located.where(key_path), "note": spec["note"]})
            continue
        known = {d.rule for d in doc.decisions} | set(RULE_NAMES) | set(WORKLIST_RULES)
        if spec["rule"] not in known:
            problems.append(Problem(located.where(key_path + ("rule",)),
                                    f"onbekende regel ‘{spec['rule']}’.{did_you_mean(spec['rule'], known)}",
                                    "Neem de regel (rule) over zoals review/review.md hem bij deze plaats noemt."))
            continue
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

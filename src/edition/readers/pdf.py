"""Reader for `sources/<slug>.pdf`: the PDF's text layer → a `Document` with located lines and blocks.

From geometry and type (pdfplumber's characters with position, font and size), never from guesses on
extracted plain text (the steps live in `pdfgeometry`, `pdfpages`, `pdfblocks`):

1. characters → rows by baseline (superscripts join their row), ligatures and odd spaces normalised
   (recorded per line: `pdf-ligature`, `pdf-odd-space`, `pdf-soft-hyphen`);
2. running heads, feet and page numbers from position and repetition (`running-head`, `page-number`,
   `Document.drop_line`: the lines stay in `doc.lines`);
3. per page the columns (a gutter) and the reading order (`pdf-layout`, one decision per page);
4. the source's footnotes (small type at the foot of a column or page) with their calls (small raised
   digits) → `source_note` blocks and `Block.source_calls`, as `sourcenotes.py` makes them;
5. rows → blocks (`pdfblocks`), joined by `reflow.join_unit` (line-end hyphens decided from the glyph
   the PDF has, with `hyphenation.decide`, recorded as `dehyphenate` / `keep-hyphen`).

Line numbers.  `doc.lines` holds every text row, numbered 1..N in the order the edition reads them:
page by page in reading order (furniture at its place on the page), and the footnotes of all pages
at the end, in their order.  The notes are shown at the end of the text ("Noten in de bron"), so the
order of the lines is the order of the blocks and the fidelity check needs no reordering
(`doc.order` stays empty).  Each line's `loc` says where it stands in the PDF: "p. 2, r. 14" is page
2, row 14 of that page counted in reading order (heads and notes included).
"""

from __future__ import annotations

import io
import re
import statistics
from collections import Counter

from edition.errors import EditionError, Problem
from edition import dutch
from edition.model import BYLINE, CAPTION, HEADING, LEAD, PARAGRAPH, SOURCE_NOTE, Block, Document, Line, slug_of
from edition.cleaning.pagestructure import editors_page_op
from edition.cleaning.reflow import Unit, evidence_of, join_unit
from edition.cleaning.sourcenotes import SECTION_TITLE, note_anchor
from edition.cleaning.structure import HEADING_MAX_WORDS, is_byline, words
from edition.readers import pdfblocks
from edition.readers.pdfgeometry import PageLayout, Row, baseline_rows, find_gutter, page_objects, reading_order, set_text
from edition.readers.pdfpages import FootNote, find_furniture, take_footnotes

NO_OCR = ("Deze editie leest alleen pdf's met een tekstlaag; tekstherkenning (OCR) doet zij niet. Vraag de "
          "leverancier om een pdf met tekst (uit de opmaak geëxporteerd), of maak met een OCR-programma een "
          "tekstversie, controleer die en lever die als .txt aan.")


def _fail(path: str, what: str, fix: str) -> EditionError:
    return EditionError(Problem(path, what, fix))


def _open(raw: bytes, path: str):
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    if not raw.lstrip()[:5] == b"%PDF-":
        raise _fail(path, "dit is geen pdf (het bestand begint niet met ‘%PDF-’).",
                    "Controleer of het bestand goed is opgeslagen of gedownload; is het een ander formaat, geef "
                    "het dan de juiste extensie.")
    try:
        pdf = pdfplumber.open(io.BytesIO(raw))
        pages = pdf.pages  # parses the page tree: a damaged file fails here
    except Exception as exc:  # pdfminer raises many kinds of error on a broken file; pdfplumber wraps them
        inner = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
        if isinstance(inner, (PDFPasswordIncorrect, PDFEncryptionError)) or b"/Encrypt" in raw[-4096:]:
            raise _fail(path, "de pdf is versleuteld of met een wachtwoord beveiligd.",
                        "Vraag de leverancier om een onbeveiligde pdf, of sla hem met het wachtwoord opnieuw op "
                        "zonder beveiliging (bijvoorbeeld met `qpdf --decrypt`).") from None
        raise _fail(path, f"de pdf is beschadigd en niet te lezen ({type(inner).__name__}: {str(inner)[:80]}).",
                    "Download of exporteer de pdf opnieuw; opent hij wel in een pdf-lezer, druk hem dan af naar "
                    "een nieuwe pdf (‘Opslaan als pdf’).") from None
    if not pages:
        raise _fail(path, "de pdf heeft geen pagina's.", "Exporteer de pdf opnieuw.")
    return pdf


def _pitch(pages: list[list[Row]], body: float) -> float:
    """The leading of the text: the commonest distance between consecutive rows in the text size."""
    diffs = Counter()
    for rows in pages:
        rs = sorted((r for r in rows if abs(r.size - body) <= 0.05 * body), key=lambda r: r.base)
        for a, b in zip(rs, rs[1:]):
            d = round(b.base - a.base, 1)
            if 0.9 * body <= d <= 2.5 * body:
                diffs[d] += 1
    return diffs.most_common(1)[0][0] if diffs else 1.2 * body


def _read_pages(pdf, path: str):
    glyph_pages, figures = [], []
    try:
        for i, page in enumerate(pdf.pages, 1):
            glyphs, boxes = page_objects(page)
            glyph_pages.append((i, page, glyphs))
            figures.append(boxes)
    except Exception as exc:
        raise _fail(path, f"de pdf is beschadigd: pagina {len(glyph_pages) + 1} is niet te lezen "
                          f"({type(exc).__name__}).",
                    "Download of exporteer de pdf opnieuw, of druk hem af naar een nieuwe pdf.") from None
    visible = [g for _i, _p, gs in glyph_pages for g in gs if not g.space]
    if not visible:
        pictures = sum(len(p.images) for _i, p, _g in glyph_pages)
        what = ("de pdf heeft geen tekstlaag: " + ((f"de {len(glyph_pages)} pagina's zijn afbeeldingen" if len(glyph_pages) != 1 else "de pagina is een afbeelding") + " (een scan)."
                                                    if pictures else "er staat geen tekst in."))
        raise _fail(path, what, NO_OCR)
    cids = sum(g.text.startswith("(cid:") for g in visible)
    if cids > 0.2 * len(visible):
        raise _fail(path, "de tekstlaag van de pdf is niet leesbaar: de lettertypen hebben geen tabel naar "
                          "Unicode (pdfplumber leest ‘(cid:…)’ in plaats van letters).",
                    "Exporteer de pdf opnieuw uit de opmaak met ingebedde lettertypen (of met ‘tekst "
                    "doorzoekbaar’); " + NO_OCR)
    return glyph_pages, figures


def read_pdf(raw: bytes, path: str, page_ops: list[dict] | None = None) -> Document:
    """A PDF's text layer as a `Document`; `page_ops` are the editors' `page_lines` (keep a line the
    reader took for a running head or page number, or drop a line it missed), matched on whole lines."""
    pdf = _open(raw, path)
    with pdf:
        glyph_pages, figures = _read_pages(pdf, path)
    doc = Document(path=path, slug=slug_of(path))
    doc.layout = "pdf"
    doc.page_ops = page_ops or []
    sizes = Counter(round(g.size, 1) for _i, _p, gs in glyph_pages for g in gs if not g.space)
    body = sizes.most_common(1)[0][0]
    row_pages = [baseline_rows(i, gs) for i, _p, gs in glyph_pages]
    pitch = _pitch(row_pages, body)
    furniture = find_furniture(row_pages, pitch, body)

    layouts: list[PageLayout] = []
    notes: list[FootNote] = []
    page_rows: list[tuple[int, list[tuple[Row, str]]]] = []  # per page: rows in page order with their part
    for pi, ((i, page, _gs), rows) in enumerate(zip(glyph_pages, row_pages)):
        gutter = find_gutter(rows, figures[pi], body)
        ordered = reading_order(rows, gutter, figures[pi])
        for r in ordered:
            set_text(r)
        ordered = [r for r in ordered if r.text]
        layouts.append(PageLayout(i, float(page.width), float(page.height), gutter, ordered))
        before = len(notes)
        take_footnotes(ordered, body, notes)
        note_rows = {id(r) for n in notes[before:] for r in n.rows} | {
            id(r) for n in notes[:before] for r in n.rows if r.page == i}
        furn = furniture.get(pi, [])
        top = [f for f in furn if f.row.base < (min((r.base for r in ordered), default=0.0))]
        bottom = [f for f in furn if f not in top]
        seq = [(f.row, f.rule) for f in sorted(top, key=lambda f: f.row.x0)]
        seq += [(r, "note" if id(r) in note_rows else "text") for r in ordered]
        seq += [(f.row, f.rule) for f in sorted(bottom, key=lambda f: f.row.x0)]
        page_rows.append((i, seq))

    # Number the lines: the text of every page in reading order, then the notes.
    lines: list[Line] = []
    row_of: dict[int, Row] = {}
    line_of_row: dict[int, Line] = {}
    furniture_lines: list[tuple[Line, str, str]] = []
    why = {id(f.row): f.why for fs in furniture.values() for f in fs}
    for page_no, seq in page_rows:
        for r_index, (row, part) in enumerate(seq, 1):
            row.loc = f"p. {page_no}, r. {r_index}"  # type: ignore[attr-defined]
            if part == "note":
                continue
            line = _line(len(lines) + 1, row, page_no)
            lines.append(line)
            row_of[line.no] = row
            line_of_row[id(row)] = line
            if part in ("running-head", "page-number"):
                furniture_lines.append((line, part, why.get(id(row), "")))
    note_lines: list[list[Line]] = []
    for note in notes:
        nl = []
        for row in note.rows:
            line = _line(len(lines) + 1, row, row.page)
            lines.append(line)
            row_of[line.no] = row
            nl.append(line)
        note_lines.append(nl)
    doc.lines = lines

    _drop_furniture(doc, furniture_lines, {l.no for nl in note_lines for l in nl})
    for line in lines:
        _record_normalisation(doc, line, row_of[line.no])
    for layout, (page_no, seq) in zip(layouts, page_rows):
        first = next((line_of_row[id(r)].no for r, part in seq if id(r) in line_of_row), 1)
        cols = 2 if layout.gutter else 1
        where = (f"twee kolommen, goot tussen x = {layout.gutter[0]:.0f} en {layout.gutter[1]:.0f} pt"
                 if layout.gutter else "één kolom")
        spanning = sum(1 for r in layout.rows if r.col == -1) if layout.gutter else 0
        extra = f"; {dutch.count(spanning, 'regel', 'regels')} over de volle breedte" if spanning else ""
        doc.decide("pdf-layout", first, f"pagina {page_no}: {where}{extra}; leesvolgorde per band van boven naar "
                                        "onder, linkerkolom vóór rechterkolom", page=page_no, columns=cols)

    evidence = evidence_of(doc)
    text_pairs = [(l, row_of[l.no]) for l in lines if l.no not in doc.dropped
                  and not any(l in nl for nl in note_lines)]
    blocks = []
    for unit in pdfblocks.units(text_pairs, body, pitch):
        block = join_unit(doc, unit, evidence, 0)
        block.kind = unit.kind
        rows = [row_of[l.no] for l in unit.lines]
        block.hints.update(size=statistics.median(r.size for r in rows), layout="pdf",
                           sups=_block_sups(block, unit, row_of))
        _settle_role(doc, block, blocks, body)
        blocks.append(block)
        _record_role(doc, block, body)
    pdfblocks.heading_levels(blocks)
    note_blocks = []
    for note, nl in zip(notes, note_lines):
        block = join_unit(doc, Unit(SOURCE_NOTE, nl, True), evidence, 0)
        block.kind = SOURCE_NOTE
        block.hints.update(layout="pdf", printed=note.number)
        note_blocks.append(block)
    _link_notes(doc, blocks, note_blocks, notes)
    doc.blocks = blocks + note_blocks
    return doc


def _drop_furniture(doc: Document, furniture_lines: list[tuple[Line, str, str]], note_lines: set[int]) -> None:
    """Remove the running heads and page numbers, unless the editors keep one (`page_lines`, `as: keep`);
    a text line the editors name with `as: drop` goes too (a head the reader did not see as one)."""
    furniture = {line.no for line, _rule, _reason in furniture_lines}
    for line, rule, reason in furniture_lines:
        label = "paginanummer" if rule == "page-number" else "kop- of voetregel"
        op = editors_page_op(doc, line)
        if op is not None and op["as"] == "keep":
            doc.decide("page-line-kept", line.no, f"{label} ‘{line.text}’ ({line.loc}) behouden op besluit van de "
                                                  f"redactie ({op['where']}: {op['reason']})")
            continue
        d = doc.drop_line(line.no, rule, f"{label} ‘{line.text}’ weggelaten ({line.loc}): {reason}")
        if op is not None:
            d.data["confirmed"] = f"{op['where']}: {op['reason']}"
    if not any(op["as"] == "drop" for op in doc.page_ops):
        return
    for line in doc.lines:
        if line.no in furniture or line.no in note_lines:
            continue
        op = editors_page_op(doc, line)
        if op is not None and op["as"] == "drop":
            doc.drop_line(line.no, "running-head", f"regel ‘{line.text}’ ({line.loc}) weggelaten als kop- of voetregel "
                                                   f"op besluit van de redactie ({op['where']}: {op['reason']})",
                          confirmed=f"{op['where']}: {op['reason']}")
        elif op is not None:
            doc.decide("page-line-kept", line.no, f"regel ‘{line.text}’ ({line.loc}) behouden, zoals de redactie "
                                                  f"vastlegde ({op['where']}); de lezer had hem al als tekst gelezen")


def _line(no: int, row: Row, page: int) -> Line:
    return Line(no, row.text, page=page, loc=getattr(row, "loc", f"p. {page}"))


def _record_normalisation(doc: Document, line: Line, row: Row) -> None:
    if row.ligatures:
        doc.decide("pdf-ligature", line.no, f"{dutch.count(row.ligatures, 'ligatuur', 'ligaturen')} (ﬁ, ﬂ …) als losse letters gelezen "
                                            f"({line.loc})", count=row.ligatures)
    if row.odd_spaces:
        doc.decide("pdf-odd-space", line.no, f"{dutch.count(row.odd_spaces, 'bijzondere spatie', 'bijzondere spaties')} (vaste, smalle) als gewone "
                                             f"spatie gelezen ({line.loc})", count=row.odd_spaces)
    if row.soft_hyphens:
        doc.decide("pdf-soft-hyphen", line.no, f"{dutch.count(row.soft_hyphens, 'zacht afbreekstreepje', 'zachte afbreekstreepjes')} (U+00AD) midden in de "
                                               f"regel verwijderd ({line.loc})", count=row.soft_hyphens)


def _settle_role(doc: Document, block: Block, before: list[Block], body: float) -> None:
    """What the type suggested, checked against the text: bold type of more than a heading's words,
    or of more than one sentence, is the lead before the first paragraph (else a paragraph); small
    type at the top that starts like a byline ("Door …") is the byline, not a caption.  Each a doubt:
    the editors confirm it (or set the role in the YAML)."""
    size = f"{dutch.decimal(block.hints['size'])} pt, tekst {dutch.decimal(body)} pt"
    in_body = any(b.kind == PARAGRAPH for b in before)
    if block.kind == HEADING:
        n = len(words(block.text))
        sentences = bool(_SENTENCE_INSIDE.search(block.text))
        if n > HEADING_MAX_WORDS or sentences:
            block.kind = PARAGRAPH if in_body else LEAD
            why = f"{n} woorden" if n > HEADING_MAX_WORDS else "meer dan één zin"
            doc.decide("structure", block.first_line, f"‘{block.text[:50]}’ is vet of groter gezet ({size}), maar "
                       f"geen tussenkop: {why}; gelezen als {'alinea' if in_body else 'inleiding (lead)'}",
                       doubtful=True, kind=block.kind)
    elif block.kind == CAPTION and not in_body and len(before) <= 4 and is_byline(block.text) \
            and len(words(block.text)) <= HEADING_MAX_WORDS:
        block.kind = BYLINE
        doc.decide("structure", block.first_line, f"auteursregel ‘{block.text[:50]}’: kleiner gezet ({size}), "
                   "bovenaan vóór de tekst, begint met ‘door’", doubtful=True, kind=BYLINE)


# A sentence ends and another begins inside a block: "… serieus nemen. Wie …".
_SENTENCE_INSIDE = re.compile(r"[.!?…][’”\"»)]* +[A-ZÀ-Ý]")


def _record_role(doc: Document, block: Block, body: float) -> None:
    size = block.hints["size"]
    if block.kind == "title":
        doc.decide("structure", block.first_line, f"titel: de grootste letter bovenaan pagina 1 ({dutch.decimal(size)} pt, "
                                                  f"tekst {dutch.decimal(body)} pt)", role="title")
    elif block.kind == HEADING:
        doc.decide("heading", block.first_line, f"tussenkop ‘{block.text[:50]}’: vet of groter gezet "
                                                f"({dutch.decimal(size)} pt, tekst {dutch.decimal(body)} pt)")
    elif block.kind == "pullquote":
        doc.decide("pullquote", block.first_line, f"streamer ‘{block.text[:50]}’: groter gezet, niet vet "
                                                  f"({dutch.decimal(size)} pt, tekst {dutch.decimal(body)} pt)")
    elif block.kind == "caption":
        doc.decide("structure", block.first_line, f"bijschrift ‘{block.text[:50]}’: kleiner gezet "
                                                  f"({dutch.decimal(size)} pt, tekst {dutch.decimal(body)} pt), geen voetnoot",
                   role="caption")


def _block_sups(block: Block, unit: Unit, row_of: dict[int, Row]) -> list[tuple[int, int]]:
    """Offsets in the block's text of the raised digits of its rows."""
    out = []
    starts = {line: off for off, line in block.line_map}
    for line in unit.lines:
        row = row_of[line.no]
        base = starts.get(line.no)
        if base is None:
            continue
        for s, e in row.sups:
            if block.text[base + s:base + e] == line.text[s:e]:
                out.append((base + s, base + e))
    return out


def _link_notes(doc: Document, blocks: list[Block], note_blocks: list[Block], notes: list[FootNote]) -> None:
    """Calls (raised digits in the text) → the notes with that printed number, on that page or later."""
    if not note_blocks:
        return
    claimed: set[int] = set()
    refs: dict[int, list[str]] = {}
    calls = 0
    for block in blocks:
        for s, e in block.hints.get("sups", []):
            value = int(block.text[s:e])
            page = doc.lines[block.line_at(s) - 1].page
            n = next((k for k, note in enumerate(notes, 1) if note.number == value and note.page >= page
                      and k not in claimed), None)
            if n is None:
                n = next((k for k, note in enumerate(notes, 1) if note.number == value), None)
                if n is None:
                    doc.decide("source-note-doubt", block.line_at(s),
                               f"verhoogd getal ‘{value}’ in de tekst, maar er is geen voetnoot {value}; als tekst gelaten",
                               doubtful=True, quote=block.text[max(0, s - 20):e], value=value)
                    continue
            claimed.add(n)
            seen = refs.setdefault(n, [])
            ref = f"{note_anchor(n)}-ref" + (f"-{len(seen) + 1}" if seen else "")
            seen.append(ref)
            block.source_calls.append((s, e, n, ref, block.text[s:e]))
            doc.decide("source-note-call", block.line_at(s), f"verwijzing naar noot {value} van de bron "
                                                            f"(verhoogd, kleiner gezet): ‘{block.text[max(0, s - 20):e]}’",
                       number=n, ref=ref)
            calls += 1
        block.source_calls.sort()
    for n, (block, note) in enumerate(zip(note_blocks, notes), 1):
        block.id = note_anchor(n)
        marker = len(str(note.number))
        block.hints.update(source_note=n, marker_end=marker,
                           back=(refs.get(n) or [f"{note_anchor(n)}-ref"])[0])
        if n not in refs:
            doc.decide("source-note-doubt", block.first_line, f"voetnoot {note.number} ({doc.lines[block.first_line - 1].loc}) "
                                                              "zonder verwijzing in de tekst", doubtful=True,
                       quote=block.text[:40], value=note.number)
    note_blocks[0].hints["source_notes_start"] = True
    doc.decide("source-notes", note_blocks[0].first_line,
               f"noten van de bron herkend: {dutch.count(len(note_blocks), 'voetnoot', 'voetnoten')} (kleine letter onderaan pagina of "
               f"kolom) met {dutch.count(calls, 'verwijzing', 'verwijzingen')} in de tekst (verhoogde cijfers); getoond aan het eind als "
               f"‘{SECTION_TITLE}’, niet als noten van de redactie", notes=len(note_blocks), style="sup",
               quote=note_blocks[0].text[:40])

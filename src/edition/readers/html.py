"""Reader for `sources/<slug>.html`: a web page saved from a browser → the main text as a `Document`.

Which blocks are the article is trafilatura's choice (its main-text extraction, without comments); the
text of each block is read from the page itself (`htmlblocks.page_blocks`), so that nothing is
reworded by the extractor.  A block of the page is kept when trafilatura kept its words; besides,
three kinds of block that trafilatura leaves out of an article but that belong to it are taken back
(each a recorded decision `html-kept`): the `h1` that is the page's title, a caption (`figcaption`)
inside the article, and the source's notes (items of a numbered list that a call in the kept text
points at).  Nothing in navigation, asides, footers or forms is ever taken back.

Every other block of the page is listed (rule `html-dropped`, with its first words, at the place where
it stood): navigation, share buttons, related links, newsletter boxes, cookie banners.  A dropped block
that stood inside the article and reads like prose is a doubt for the editors.

Title, author, date and site name (trafilatura's metadata: `<meta>`, Open Graph, JSON-LD, the byline)
are proposed for the YAML skeleton (`Document.meta_proposals`).
"""

from __future__ import annotations

import codecs
import difflib
import re

from edition.errors import EditionError, Problem
from edition.model import BYLINE, CAPTION, Document, slug_of
from edition.readers import htmlblocks

_WORDS = re.compile(r"\w+")
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
SNIFF = 4096  # bytes in which the HTML standard looks for a `<meta charset>`
KEPT_SHARE = 0.8  # share of a block's words trafilatura must have kept for the block to be main text
PROSE_WORDS = 8  # a dropped block inside the article with this many words and few links is a doubt
# Labels the HTML standard maps to another encoding (a page saying latin-1 is decoded as windows-1252).
_ALIASES = {"iso-8859-1": "windows-1252", "latin1": "windows-1252", "latin-1": "windows-1252",
            "us-ascii": "windows-1252", "ascii": "windows-1252", "iso8859-1": "windows-1252"}


def _problem(path: str, what: str, fix: str) -> EditionError:
    return EditionError(Problem(path, what, fix))


def decode_html(raw: bytes, path: str) -> tuple[str, str]:
    """(text, encoding): from the byte-order mark, else the page's `<meta charset>`, else UTF-8."""
    if raw.startswith(b"%PDF-"):
        raise _problem(path, "dit is een pdf, geen webpagina.", "Hernoem het bestand naar .pdf.")
    if raw.startswith(b"PK\x03\x04"):
        raise _problem(path, "dit is een zip-bestand (een Word-bestand?), geen webpagina.",
                       "Is het een Word-bestand, hernoem het dan naar .docx.")
    for bom, name in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if raw.startswith(bom):
            encoding, body, said = name, raw[len(bom):], "volgens de byte-order mark aan het begin"
            break
    else:
        m = _META_CHARSET.search(raw[:SNIFF])
        label = m.group(1).decode("ascii", "replace").lower() if m else "utf-8"
        label = _ALIASES.get(label, label)
        try:
            encoding = codecs.lookup(label).name
        except LookupError:
            raise _problem(path, f"de pagina noemt een onbekende tekencodering (‘{label}’ in <meta charset>).",
                           "Sla de pagina opnieuw op vanuit de browser (‘Webpagina, alleen HTML’), of zet de codering "
                           "om naar UTF-8 en pas <meta charset=\"utf-8\"> aan.") from None
        body = raw
        said = "volgens <meta charset>" if m else "(geen <meta charset>, dus UTF-8)"
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as exc:
        offset = exc.start + (len(raw) - len(body))
        line = raw[:offset].count(b"\n") + 1
        fix = ("Sla de pagina opnieuw op vanuit de browser (‘Webpagina, alleen HTML’); klopt de codering in "
               "<meta charset> niet, verbeter die dan.")
        if encoding != "cp1252":
            try:
                body.decode("cp1252")
            except UnicodeDecodeError:
                pass
            else:  # the usual case: a page saved from Windows software, its <meta> left as it was
                fix = ("De bytes zijn wel te lezen als windows-1252: bedoelt u <meta charset=\"windows-1252\">? "
                       "Zet dat in de pagina, of sla haar opnieuw op als UTF-8.")
        raise _problem(f"{path}:{line}", f"de pagina is niet te lezen als {encoding} {said}: ongeldige byte "
                             f"0x{body[exc.start]:02x} op regel {line} (byte {offset}).", fix) from None
    if "\x00" in text:
        raise _problem(path, "het bestand bevat NUL-tekens; het is geen webpagina (een beschadigd of binair bestand?).",
                       "Sla de pagina opnieuw op vanuit de browser (‘Webpagina, alleen HTML’).")
    return text, encoding


def _parse(text: str, path: str):
    import lxml.html
    from lxml import etree

    if "<" not in text:
        raise _problem(path, "het bestand bevat geen HTML (geen enkele tag).",
                       "Lever een webpagina als .html (opgeslagen vanuit de browser), of platte tekst als .txt.")
    try:
        return lxml.html.document_fromstring(text)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise _problem(path, f"de HTML kan niet gelezen worden ({exc}).",
                       "Sla de pagina opnieuw op vanuit de browser (‘Webpagina, alleen HTML’).") from None


def _extracted_words(text: str, path: str) -> tuple[list[str], dict]:
    """The words of trafilatura's main text, and its metadata."""
    import trafilatura
    from lxml import etree

    xml = trafilatura.extract(text, output_format="xml", include_formatting=True, include_comments=False,
                              include_tables=True, include_images=False, include_links=False,
                              favor_precision=False, deduplicate=False, with_metadata=True)
    if not xml:
        raise _problem(path, "in deze pagina is geen hoofdtekst gevonden (trafilatura vond geen artikel).",
                       "Open de pagina in de browser: staat het artikel er zelf in (en niet alleen een menu of een "
                       "aanmeldscherm)? Sla dan de pagina met het artikel op als ‘Webpagina, alleen HTML’.")
    root = etree.fromstring(xml.encode("utf-8"))
    main = root.find("main")
    words = _WORDS.findall(" ".join((main if main is not None else root).itertext()))
    meta = {k: root.get(k) for k in ("title", "author", "date", "sitename", "description") if root.get(k)}
    return words, meta


def _kept(blocks: list, words: list[str]) -> set[int]:
    """Indexes of the blocks whose words trafilatura kept (in order)."""
    page_words, owner = [], []
    for i, b in enumerate(blocks):
        for w in _WORDS.findall(b.text):
            page_words.append(w)
            owner.append(i)
    matched = [0] * len(blocks)
    matcher = difflib.SequenceMatcher(None, page_words, words, autojunk=False)
    for a, _b, size in matcher.get_matching_blocks():
        for k in range(a, a + size):
            matched[owner[k]] += 1
    totals = [len(_WORDS.findall(b.text)) for b in blocks]
    return {i for i, (m, t) in enumerate(zip(matched, totals)) if t and m / t >= KEPT_SHARE}


def _taken_back(blocks: list, kept: set[int], meta: dict) -> dict[int, str]:
    """Blocks of the article trafilatura leaves out: index → why."""
    if not kept:
        return {}
    first, last = min(kept), max(kept)
    targets = {t for i in kept for t in blocks[i].targets}
    out = {}
    title = " ".join((meta.get("title") or "").split())
    author = " ".join((meta.get("author") or "").split())
    for i, b in enumerate(blocks):
        if i in kept or b.furniture:
            continue
        if b.tag == "h1" and title and b.text == title and i <= first:
            out[i] = "de titel van het artikel (h1)"
        elif b.hints.get("note_number") is not None and b.ids & targets and i > first:
            out[i] = f"noot {b.hints['note_number']} van de bron (een verwijzing in de tekst wijst ernaar)"
        elif b.kind == CAPTION and first < i < last:
            out[i] = "bijschrift bij een afbeelding in het artikel (figcaption)"
        elif (author and author in b.text and len(b.text.split()) <= 20 and b.link_density < 1
              and i < first + 3 and not any(blocks[j].kind not in ("heading", "title") for j in kept if j < i)):
            b.kind = BYLINE
            out[i] = "de auteursregel onder de titel (noemt de auteur uit de metagegevens)"
    return out


def _editors_ops(blocks: list, kept: set[int], back: dict[int, str], page_ops: list[dict]) -> dict[int, dict]:
    """The editors' `page_lines` on a web page: `as: keep` takes back a block that was left out, `as: drop`
    leaves out a block of the article; each names the block by its whole text. Index → the op."""
    out = {}
    for op in page_ops:
        quote = " ".join(op["quote"].split())
        for i, b in enumerate(blocks):
            if " ".join(b.text.split()) != quote:
                continue
            op["matched"] += 1
            out[i] = op
            if op["as"] == "keep" and i not in kept and i not in back:
                back[i] = f"teruggenomen op besluit van de redactie ({op['where']}: {op['reason']})"
            elif op["as"] == "drop" and (i in kept or i in back):
                kept.discard(i)
                back.pop(i, None)
    return out


def read_html(raw: bytes, path: str, page_ops: list[dict] | None = None) -> Document:
    """The main text of a saved web page, with a decision for every block of the page left out.
    `page_ops` are the editors' `page_lines`: keep a block that was left out, or drop one (whole text)."""
    text, encoding = decode_html(raw, path)
    tree = _parse(text, path)
    blocks = htmlblocks.page_blocks(tree.find("body") if tree.find("body") is not None else tree)
    htmlblocks.mark_notes(tree, blocks)
    words, meta = _extracted_words(text, path)
    kept = _kept(blocks, words)
    back = _taken_back(blocks, kept, meta)
    ops = _editors_ops(blocks, kept, back, page_ops or [])
    main = sorted(kept | set(back))
    if all(blocks[i].furniture for i in main):  # trafilatura's fallback took a menu: there is no article
        raise _problem(path, "in deze pagina is geen hoofdtekst gevonden.",
                       "Sla de pagina met het artikel op als ‘Webpagina, alleen HTML’ en probeer het opnieuw.")
    doc = Document(path=path, slug=slug_of(path))
    doc.page_ops = page_ops or []
    htmlblocks.to_document([blocks[i] for i in main], path, doc)
    line_of = {blk.hints["page_index"]: n for n, blk in enumerate(doc.blocks, 1)}
    if encoding != "utf-8":
        doc.decide("html-encoding", 1, f"de pagina is gelezen als {encoding} (volgens <meta charset>)",
                   encoding=encoding)
    for i in sorted(back):
        if i in line_of:
            doc.decide("html-kept", line_of[i], f"‘{blocks[i].first_words()}’: {back[i]}; trafilatura liet dit weg, "
                       "de editie houdt het", tag=blocks[i].tag)
    first, last = main[0], main[-1]
    for i, b in enumerate(blocks):
        if i in kept or i in back:
            continue
        after = [line_of[j] for j in main if j > i and j in line_of]
        line = after[0] if after else len(doc.lines)
        inside = first < i < last and not b.furniture
        prose = inside and len(b.text.split()) >= PROSE_WORDS and b.link_density < 0.5
        where = "in het artikel" if inside else ("boven het artikel" if i < first else "onder het artikel")
        op = ops.get(i)
        if op is not None:  # the editors dropped it, or confirmed that it is no part of the article
            doc.decide("html-dropped", line, f"weggelaten op besluit van de redactie ({where}, <{b.tag}>): "
                           f"‘{b.first_words()}’ ({op['where']}: {op['reason']})", quote=b.first_words(),
                           text=b.text, tag=b.tag, words=len(b.text.split()), position=where,
                           confirmed=f"{op['where']}: {op['reason']}")
            continue
        doc.decide("html-dropped", line, f"weggelaten als opmaak van de pagina ({where}, <{b.tag}>): "
                   f"‘{b.first_words()}’" + ("; dit lijkt lopende tekst: kijk na of het bij het artikel hoort"
                                             if prose else ""),
                   doubtful=prose, quote=b.first_words(), text=b.text, tag=b.tag, words=len(b.text.split()),
                   position=where)
    doc.meta_proposals = {**{k: v for k, v in meta.items() if k in ("title", "author", "date", "sitename")},
                          "from": "de metagegevens van de webpagina"}
    return doc

"""Reader for `sources/<slug>.docx`: a Word file → HTML by mammoth → blocks (`htmlblocks`) → a `Document`.

Headings come from the paragraph styles (`Title`, `Heading 1`–`6`; the style map below), lists from
Word's numbering, quotes from the `Quote` styles, captions from `Caption`.  Mammoth writes the
footnotes (and endnotes) as a numbered list at the end, each called by `[n]` in the text: they become
the source's own notes (`htmlblocks.mark_notes`, then the `sourcenotes` stage), kept apart from the
editors' notes.  Everything in the document body is main text: a Word file has no page furniture
(headers and footers of the pages are not in mammoth's output).  Mammoth's warnings (a style it does
not know, an image) are recorded (rule `docx-message`).
"""

from __future__ import annotations

import io
import zipfile

from edition.errors import EditionError, Problem
from edition.model import Document, slug_of
from edition.readers import htmlblocks

STYLE_MAP = """
p[style-name='Title'] => h1:fresh
p[style-name='Titel'] => h1:fresh
p[style-name='Subtitle'] => p.subtitle:fresh
p[style-name='Quote'] => blockquote > p:fresh
p[style-name='Intense Quote'] => blockquote > p:fresh
p[style-name='Citaat'] => blockquote > p:fresh
p[style-name='Duidelijk citaat'] => blockquote > p:fresh
p[style-name='Caption'] => figcaption:fresh
p[style-name='Bijschrift'] => figcaption:fresh
p[style-name='Kop 1'] => h1:fresh
p[style-name='Kop 2'] => h2:fresh
p[style-name='Kop 3'] => h3:fresh
p[style-name='Kop 4'] => h4:fresh
"""
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary .doc (and .xls, .msg)


def _problem(path: str, what: str, fix: str) -> EditionError:
    return EditionError(Problem(path, what, fix))


def _check_container(raw: bytes, path: str) -> None:
    save_as = "Open het in Word of LibreOffice en kies ‘Opslaan als’ → ‘Word-document (.docx)’."
    if raw.startswith(_OLE):
        raise _problem(path, "dit is een oud Word-bestand (.doc, Word 97–2003), geen .docx; dat formaat wordt niet "
                             "gelezen.", save_as)
    if raw.startswith(b"%PDF-"):
        raise _problem(path, "dit is een pdf, geen Word-bestand.", "Hernoem het bestand naar .pdf.")
    if raw.lstrip()[:1] == b"{" and raw.lstrip().startswith(b"{\\rtf"):
        raise _problem(path, "dit is een RTF-bestand, geen .docx.", save_as)
    if not raw.startswith(b"PK"):
        raise _problem(path, "dit is geen geldig Word-bestand (.docx is een zip-bestand; dit bestand is dat niet).",
                       save_as + " Is het een webpagina of platte tekst, geef het dan de extensie .html of .txt.")
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            names = set(z.namelist())
            bad = z.testzip()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, NotImplementedError) as exc:
        raise _problem(path, f"het Word-bestand is beschadigd (het zip-bestand kan niet gelezen worden: {exc}).",
                       "Vraag het bestand opnieuw op, of open het in Word of LibreOffice en sla het opnieuw op als .docx.") from None
    if bad is not None:
        raise _problem(path, f"het Word-bestand is beschadigd (onderdeel ‘{bad}’ is onleesbaar).",
                       "Vraag het bestand opnieuw op, of open het in Word of LibreOffice en sla het opnieuw op als .docx.")
    if "word/document.xml" not in names:
        what = ("een OpenDocument-bestand (.odt)" if "content.xml" in names else
                "een zip-bestand zonder Word-document (word/document.xml ontbreekt)")
        raise _problem(path, f"dit is {what}, geen .docx.", save_as)


def read_docx(raw: bytes, path: str, page_ops: list[dict] | None = None) -> Document:
    """The text of a Word file, with its headings, lists, quotes and footnotes. A Word file has no page
    furniture to keep or drop: any `page_lines` of the editors stays unmatched (an error that says so)."""
    import lxml.html
    import mammoth
    from lxml import etree

    _check_container(raw, path)
    try:
        result = mammoth.convert_to_html(io.BytesIO(raw), style_map=STYLE_MAP)
    except (zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError, EOFError) as exc:
        raise _problem(path, f"het Word-bestand kan niet gelezen worden ({type(exc).__name__}: {exc}).",
                       "Open het in Word of LibreOffice en sla het opnieuw op als .docx.") from None
    html = result.value
    if not html.strip():
        raise _problem(path, "het Word-bestand bevat geen tekst.", "Controleer of dit het goede bestand is.")
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    # Mammoth writes every numbered list of Word as <ol>, without saying how Word numbers it (1.,
    # a), i.): its items are not given numbers that could be the wrong ones.
    blocks = htmlblocks.page_blocks(root, number_lists=False)
    htmlblocks.mark_notes(root, blocks)
    if not blocks:
        raise _problem(path, "het Word-bestand bevat geen tekst.", "Controleer of dit het goede bestand is.")
    doc = Document(path=path, slug=slug_of(path))
    doc.page_ops = page_ops or []
    htmlblocks.to_document(blocks, path, doc)
    doc.layout = "docx"
    for m in result.messages:
        doc.decide("docx-message", 1, f"mammoth meldt bij het lezen: {m.message}", doubtful=m.type == "error",
                   type=m.type)
    return doc

"""The fidelity invariant on the PDF: every word of the source, in order, in the PDF's own text.

The text is read back with poppler's `pdftotext`, once for the whole PDF, and split into pages on
the form feed that ends each page; each text is checked on its page range (from its named
destination to the page before the next section).  What the layout adds is allowed:
running heads, page and paragraph numbers, the footnotes at the foot of each page, the card, and
words broken at a line end by the layout (WeasyPrint's hyphenation character is U+2010, which the
sources never get from the pipeline, so a layout break is told apart from a real hyphen).
Two checks:

* the source words (`fidelity.expected_tokens`) are a subsequence of the PDF's words, where a
  word may be split in two by a layout hyphen, even across a page break (the footnotes of the one
  page and the running head of the next then stand between the two halves: the second half is
  looked for up to the end of the next page, however long the notes are);
* every other word of the PDF occurs in the print HTML (its text, its running-head titles or the
  print CSS): nothing appears that the edition did not put there.
"""

from __future__ import annotations

import html as htmllib
import re
import subprocess
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from edition.errors import EditionError, Problem
from edition.checks.fidelity import _WORD, expected_tokens
from edition.model import Document

LAYOUT_HYPHEN = "\u2010"
PAGE_BREAK = "\f"  # pdftotext ends every page with a form feed
_DEST = re.compile(r'^\s*(\d+)\s+\[.*\]\s+"(.*)"\s*$')
_SECTION_ID = re.compile(r'<(?:section|nav)\b[^>]*\bid="([^"]+)"')
_TAG = re.compile(r"<[^>]+>")
_TITLE_ATTR = re.compile(r'data-title="([^"]*)"')
_CSS_STRING = re.compile(r'content:\s*"([^"]*)"')


@dataclass
class PdfToken:
    word: str
    broken: bool  # the line ends here with the layout's hyphen: the word continues later
    page: int = 0  # index of its page in the text read back


def _run(args: list[str], where: str) -> str:
    try:
        return subprocess.run(args, capture_output=True, text=True, check=True, encoding="utf-8").stdout
    except FileNotFoundError:
        raise EditionError(Problem(where, f"{args[0]} ontbreekt: de pdf kan niet worden teruggelezen.",
                                   "Installeer poppler-utils: bash scripts/install-system-deps.sh")) from None
    except subprocess.CalledProcessError as exc:
        raise EditionError(Problem(where, f"{args[0]} kon de pdf niet lezen: {exc.stderr.strip()}")) from None


def destinations(pdf: Path, where: str) -> dict[str, int]:
    """Named destinations (the HTML ids) → page number, from `pdfinfo -dests`."""
    found = {}
    for line in _run(["pdfinfo", "-dests", str(pdf)], where).splitlines():
        m = _DEST.match(line)
        if m:
            found.setdefault(m.group(2), int(m.group(1)))
    return found


def page_count(pdf: Path, where: str) -> int:
    for line in _run(["pdfinfo", str(pdf)], where).splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    raise EditionError(Problem(where, "pdfinfo noemt geen aantal pagina's."))


def page_text(pdf: Path, first: int, last: int, where: str) -> str:
    # -raw: the order in which WeasyPrint drew the text, which is the order of the HTML; it also
    # keeps a real hyphen at a line end (the default mode silently joins 'VS-' and 'imperialisme').
    return _run(["pdftotext", "-raw", "-enc", "UTF-8", "-f", str(first), "-l", str(last), str(pdf), "-"], where)


def pages_text(pdf: Path, where: str) -> list[str]:
    """The text of every page, each ending with its form feed: one `pdftotext` run for the whole
    PDF (pdftotext reads page by page, so page N is what `page_text(pdf, N, N)` gives; one run
    per text read the whole PDF once per text)."""
    text = _run(["pdftotext", "-raw", "-enc", "UTF-8", str(pdf), "-"], where)
    return [page + PAGE_BREAK for page in text.split(PAGE_BREAK)[:-1]]


def pdf_tokens(text: str) -> list[PdfToken]:
    tokens: list[PdfToken] = []
    page = 0
    for line in text.split("\n"):
        page += line.count(PAGE_BREAK)
        words = _WORD.findall(line)
        tokens += [PdfToken(w, False, page) for w in words]
        if words and line.rstrip().endswith(LAYOUT_HYPHEN) and line.rstrip()[:-1].endswith(words[-1]):
            tokens[-1].broken = True
    return tokens


def vocabulary(print_html: str) -> set[str]:
    """Every word the print HTML and its CSS can put on a page."""
    css = resources.files("edition").joinpath("assets/print.css").read_text("utf-8")
    text = htmllib.unescape(_TAG.sub(" ", print_html))
    titles = " ".join(htmllib.unescape(t) for t in _TITLE_ATTR.findall(print_html))
    return set(_WORD.findall(text + " " + titles + " " + " ".join(_CSS_STRING.findall(css))))


def text_pages(docs: list[Document], dests: dict[str, int], print_html: str, pages: int,
               where: str) -> dict[str, tuple[int, int]]:
    """The page range of each text: from its destination to the page before the next section."""
    starts = sorted({dests[i] for i in _SECTION_ID.findall(print_html) if i in dests})
    ranges = {}
    for doc in docs:
        if doc.slug not in dests:
            raise EditionError(Problem(where, f"de tekst {doc.slug} heeft geen bestemming (anker) in de pdf."))
        first = dests[doc.slug]
        last = min((p for p in starts if p > first), default=pages + 1) - 1
        ranges[doc.slug] = (first, last)
    return ranges


def compare(doc: Document, tokens: list[PdfToken], known: set[str], where: str) -> list[Problem]:
    expected = expected_tokens(doc)
    used = [False] * len(tokens)
    j = 0
    for t in expected:
        k = _find(t.word, tokens, j, used)
        if k is None:
            context = " ".join(x.word for x in expected[max(0, expected.index(t) - 5):expected.index(t) + 5])
            return [Problem(doc.where(t.line), f"het woord ‘{t.word}’ uit de bron ontbreekt in {where} (of staat er "
                            f"niet op zijn plaats); context: ‘{context}’",
                            "Bekijk de pdf op deze plek; een fout in de print-HTML of -CSS is de oorzaak.")]
        j = k
    problems = []
    for i, tok in enumerate(tokens):
        if used[i]:
            continue
        if tok.broken:
            # A word the layout broke in an addition (a footnote): the halves must make a known word.
            rest = next((k for k in range(i + 1, _continuation_end(tokens, i)) if not used[k]), None)
            if rest is not None and tok.word + tokens[rest].word in known:
                used[rest] = True
                continue
        if tok.word in known or tok.word.isdigit():
            continue
        problems.append(Problem(where, f"het woord ‘{tok.word}’ staat in de pdf maar niet in de bron of de "
                                "print-HTML.", "Bekijk de pdf op deze plek (lettertype, ligaturen, opmaak)."))
        if len(problems) >= 10:
            break
    return problems


def _continuation_end(tokens: list[PdfToken], broken: int) -> int:
    """Where the search for the rest of the word broken at `broken` ends: after the next page (the
    rest follows on the next line, or, at the foot of a page, on the next page after the notes and
    the running head)."""
    last_page = tokens[broken].page + 1
    return next((k for k in range(broken + 1, len(tokens)) if tokens[k].page > last_page), len(tokens))


def _find(word: str, tokens: list[PdfToken], start: int, used: list[bool], stop: int | None = None) -> int | None:
    """Greedy leftmost match of `word` from `start` (whole, or split by layout hyphens);
    marks what it used and returns the index after it.  The second half of a split word is looked
    for up to `_continuation_end`."""
    stop = len(tokens) if stop is None else stop
    for k in range(start, stop):
        tok = tokens[k]
        if not tok.broken and (tok.word == word or _with_call(tok.word, word)):
            used[k] = True
            return k + 1
        if tok.broken and len(tok.word) < len(word) and word.startswith(tok.word):
            end = _find(word[len(tok.word):], tokens, k + 1, used, _continuation_end(tokens, k))
            if end is not None:
                used[k] = True
                return end
    return None


def _with_call(token: str, word: str) -> bool:
    """`token` is `word` with a footnote call glued to it: the superscript number follows the
    word without a space, so pdftotext reads 'Zaporizja1'."""
    return token.startswith(word) and token[len(word):].isdigit()


def check_pdf(docs: list[Document], pdf: Path, print_html: str, where: str, first_page: int = 1) -> list[Problem]:
    """Each of `docs` against the text of its pages in `pdf`; `first_page`: the number the PDF's
    first page has in the book it is part of (the messages name the pages of the book)."""
    dests = destinations(pdf, where)
    texts = pages_text(pdf, where)
    known = vocabulary(print_html)
    problems = []
    ranges = text_pages(docs, dests, print_html, len(texts), where)
    for doc in docs:
        first, last = ranges[doc.slug]
        tokens = pdf_tokens("".join(texts[first - 1:last]))
        shift = first_page - 1
        problems += compare(doc, tokens, known, f"{where} (p. {first + shift}–{last + shift})")
    return problems

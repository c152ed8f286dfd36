"""The one typed document model that every pipeline stage reads and writes.

A `Document` is a flat, ordered list of `Block`s (like markdown-it-py's token stream) plus the
`Decision`s each stage recorded.  Every block keeps the source lines it came from, and a map from
offsets in its text to source lines, so any message can say `sources/x.txt:41`.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from pathlib import Path

# Block kinds, in the vocabulary of the rendered page (see ARCHITECTURE.md).
TITLE = "title"
SUBTITLE = "subtitle"
LEAD = "lead"
BYLINE = "byline"
HEADING = "heading"
PARAGRAPH = "paragraph"
LIST_TITLE = "list_title"
LIST_ITEM = "list_item"
PULLQUOTE = "pullquote"
# A quotation the source sets off from its text (HTML <blockquote>, Word's "Quote" style): running text of
# the article, numbered and cited like a paragraph, shown indented; not a pull quote, which repeats the text.
QUOTE = "quote"
CAPTION = "caption"
PROVENANCE = "provenance"
# Lines of a poem: `text` holds its lines separated by "\n", its stanzas by "\n\n"; one block
# (numbered once) per run of verse, however many stanzas.
VERSE = "verse"
SOURCE_NOTE = "source_note"  # one of the source's own notes (its endnotes), see sourcenotes.py
# A table of the source (HTML, Word): `text` holds its cells in reading order, row after row, the
# cells of a row separated by "\n", the rows by "\n\n"; `hints["table"]` says, per row, whether
# it is a header row and which of its cells have text (an empty cell has no source line).
TABLE = "table"

BLOCK_KINDS = (
    TITLE, SUBTITLE, LEAD, BYLINE, HEADING, PARAGRAPH, LIST_TITLE, LIST_ITEM,
    PULLQUOTE, CAPTION, PROVENANCE, SOURCE_NOTE, VERSE, QUOTE, TABLE,
)
# Running text: numbered, citable paragraphs.
NUMBERED_KINDS = (LEAD, PARAGRAPH, LIST_ITEM, VERSE, QUOTE, TABLE)


@dataclass
class Line:
    """One normalised source line; `no` is 1-based, as editors see it in an editor."""

    no: int
    text: str
    # The page of the source it stands on: 1, unless the source holds page breaks (form feeds, as
    # `pdftotext` writes them); `normalise` counts them, `pagestructure` reads them.
    page: int = 1
    # Where a reader of a laid-out format found the line, as editors cite it: "p. 2, r. 14" (page
    # and row on that page, readers/pdf.py); empty for plain text (then `file:line`).
    loc: str = ""
    # A piece split off source line `origin` by a recorded rule (`split-line`: a footnote number that
    # pdftotext glued to the word before it); 0 for a line of the source itself. Messages cite the origin.
    origin: int = 0


@dataclass
class Block:
    """A unit of the reading text.

    `text` is the cleaned text.  `line_map` holds (offset, source line) pairs, sorted by offset:
    the character at offset `o` comes from the line of the last pair whose offset is <= `o`.
    """

    kind: str
    text: str
    line_map: list[tuple[int, int]]
    level: int = 2  # for headings
    id: str | None = None
    number: int | None = None
    # Inline editorial marks: (start, end, intervention, source reading of that span) in `text`
    # coordinates, set by `editorial`; the span holds only what the intervention changed.
    marks: list = field(default_factory=list)
    # Annotations (set by `annotate`, never changing `text`): links over a span of the text, as
    # (start, end, register-entry key), and note calls after an offset, as (offset, note id).
    links: list = field(default_factory=list)
    calls: list = field(default_factory=list)
    # Calls of the source's own notes (set by `sourcenotes`; the digits stay source text):
    # (start, end, note number, id of the call, the marker text[start:end]).
    source_calls: list = field(default_factory=list)
    # Layout facts later stages may use (raw line widths, whether a blank line preceded it, …).
    hints: dict = field(default_factory=dict)

    @property
    def first_line(self) -> int:
        return self.line_map[0][1]

    @property
    def last_line(self) -> int:
        return self.line_map[-1][1]

    def line_at(self, offset: int) -> int:
        offsets = [o for o, _ in self.line_map]
        i = bisect.bisect_right(offsets, offset) - 1
        return self.line_map[max(i, 0)][1]

    def slice(self, start: int, end: int, kind: str | None = None) -> "Block":
        """A new block holding text[start:end], with its line map shifted accordingly."""
        new_map = [(0, self.line_at(start))]
        for off, line in self.line_map:
            if start < off < end and line != new_map[-1][1]:
                new_map.append((off - start, line))
        part = Block(kind or self.kind, self.text[start:end], new_map, level=self.level)
        part.source_calls = [(s - start, e - start, *rest) for s, e, *rest in self.source_calls
                             if start <= s and e <= end]
        return part


@dataclass
class Decision:
    """One decision a stage took, explained for the review report and the apparatus.

    `rule` is a stable identifier (e.g. `dehyphenate`); `message` is Dutch, for editors.
    `data` carries machine-readable details (for a hyphen: left/right/joined).
    """

    rule: str
    line: int
    message: str
    doubtful: bool = False
    data: dict = field(default_factory=dict)


@dataclass
class Note:
    """An editorial footnote: `body` is parsed inline Markdown (an `inline_md.Inline`), or None for a
    textual note generated from an intervention (`intervention` is then set)."""

    id: str
    kind: str  # uitleg | bron | tekstkritisch
    block: Block
    offset: int  # the call stands after block.text[:offset]
    where: str  # file:line of the note in the YAML
    body: object = None
    intervention: object = None


@dataclass
class Document:
    path: str  # as shown in messages, e.g. "sources/2022-03-byrne-isa.txt"
    slug: str
    lines: list[Line] = field(default_factory=list)
    layout: str = ""  # the layout of most of the text (see layout.py)
    regions: list = field(default_factory=list)  # layout.Region per stretch of lines, in reading order
    blocks: list[Block] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    meta: dict = field(default_factory=dict)
    interventions: list = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    # Source lines that a named rule removed from the reading text (a running head, a page number):
    # line number → the Decision that removed it. `lines` itself always stays the whole source, so
    # the fidelity check can account for every removed word.
    dropped: dict[int, Decision] = field(default_factory=dict)
    # The editors' `page_lines` decisions (keep or drop a line that looks like page furniture), read
    # from the YAML before cleaning: [{quote, as, reason, where, matched}].
    page_ops: list[dict] = field(default_factory=list)
    # What a reader of a structured format found about the text besides its words (a web page's
    # title, author, date and site name): proposals for `edition new`, never used unchecked.
    meta_proposals: dict = field(default_factory=dict)

    def drop_line(self, no: int, rule: str, message: str, doubtful: bool = False, **data) -> Decision:
        """Remove source line `no` from the reading text by `rule`, recorded (and listed in the apparatus)."""
        line = self.lines[no - 1]
        assert line.no == no, "lines are numbered from 1 without gaps"
        d = self.decide(rule, no, message, doubtful, dropped_text=line.text, **data)
        self.dropped[no] = d
        return d

    # Reading order, when a named rule moved source lines (footnotes at the foot of a page, moved to
    # the end of the text so that the paragraph they interrupt runs on): line numbers in that order.
    # Empty: the order of the lines. The fidelity check reads the source words in this order.
    order: list[int] = field(default_factory=list)
    # Source lines that begin a block of their own, whatever the lines around them look like: each
    # moved footnote (pdftotext -raw writes no blank line that would set it apart from the text).
    block_starts: set[int] = field(default_factory=set)

    def split_line(self, no: int, at: int, rule: str, message: str, mark: str = "", doubtful: bool = False,
                   **data) -> Line:
        """Split source line `no` at offset `at` by `rule`, recorded: the line keeps text[:at] plus `mark` (a
        character the extractor removed there, such as the hyphen of a word broken at the line end), a new
        line numbered after the last holds text[at:] and follows it in reading order. The source text is
        kept in the decision, and the fidelity check verifies that the pieces make it up."""
        line = self.lines[no - 1]
        assert line.no == no and 0 < at < len(line.text)
        source_text = line.text
        piece = Line(len(self.lines) + 1, source_text[at:], page=line.page, loc=line.loc, origin=no)
        self.decide(rule, no, message, doubtful, source_text=source_text, left=source_text[:at], mark=mark,
                    piece=piece.no, **data)
        line.text = source_text[:at] + mark
        order = self.order or [l.no for l in self.lines]
        order.insert(order.index(no) + 1, piece.no)
        self.lines.append(piece)
        self.order = order
        return piece

    def reading_order(self) -> list[Line]:
        """Every source line (dropped ones too), in reading order."""
        return [self.lines[no - 1] for no in self.order] if self.order else self.lines

    def text_lines(self) -> list[Line]:
        """The source lines the cleaning stages work on: every line that no rule removed, in reading order."""
        lines = self.reading_order()
        return [l for l in lines if l.no not in self.dropped] if self.dropped else lines

    def decide(self, rule: str, line: int, message: str, doubtful: bool = False, **data) -> Decision:
        d = Decision(rule, line, message, doubtful, data)
        self.decisions.append(d)
        return d

    def paragraph_texts(self) -> list[str]:
        return [b.text for b in self.blocks if b.kind in NUMBERED_KINDS]

    def source_line(self, no: int) -> int:
        """The line of the source that line `no` is (a piece split off a line is that line)."""
        return self.lines[no - 1].origin or no if 1 <= no <= len(self.lines) else no

    def where(self, line: int) -> str:
        if 1 <= line <= len(self.lines) and self.lines[line - 1].origin:
            line = self.lines[line - 1].origin
        if 1 <= line <= len(self.lines) and self.lines[line - 1].loc:
            return f"{self.path} {self.lines[line - 1].loc}"
        return f"{self.path}:{line}"


def slug_of(path: str | Path) -> str:
    return Path(path).stem

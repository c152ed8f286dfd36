"""One work-list item and the rules it can carry (the `rule` an editor names under `confirmed`)."""

from __future__ import annotations

from dataclasses import dataclass, field

# Dutch headings of the report's sections, in the order they are shown.
CATEGORIES = ("structuur", "webrommel", "namen", "bronfouten")
CATEGORY_TITLES = {
    "structuur": "Structuur",
    "webrommel": "Rommel van de webpagina (knoppen, verwijzingen, fotocredits)",
    "namen": "Nieuwe namen voor de registers",
    "bronfouten": "Mogelijke fouten in de bron",
}
# Block kinds as the report names them.
KIND_NAMES = {"title": "titel", "subtitle": "tweede titel", "lead": "inleiding", "byline": "auteursregel",
              "heading": "kop", "paragraph": "alinea", "list_title": "titel van een lijst", "list_item": "lijstitem",
              "pullquote": "streamer", "caption": "bijschrift", "provenance": "herkomstnotitie", "verse": "gedicht",
              "quote": "citaat", "source_note": "noot van de bron", "table": "tabel"}
# rule → (category, Dutch label); the rule is what `confirmed` names to dismiss an item.
RULES = {
    "long-block": ("structuur", "zeer lange alinea"),
    "long-heading": ("structuur", "zeer lange kop"),
    "two-titles": ("structuur", "meer dan één titel"),
    "lowercase-start": ("structuur", "alinea begint met een kleine letter"),
    "number-only": ("structuur", "blok of regel met alleen een getal"),
    "running-head": ("structuur", "mogelijke kop- of voetregel"),
    "repeated-line": ("webrommel", "herhaalde korte regel"),
    "boilerplate": ("webrommel", "tekst van de webpagina, niet van het artikel"),
    "photo-credit": ("webrommel", "fotocredit of bijschrift"),
    "new-name": ("namen", "naam die in geen register staat"),
    "unknown-word": ("bronfouten", "onbekend woord"),
    "name-genitive": ("bronfouten", "bezits-’s na een naam"),
    "agreement": ("bronfouten", "werkwoordsvorm past niet bij het onderwerp"),
}


@dataclass
class Item:
    rule: str
    line: int  # source line
    message: str  # Dutch, for editors
    snippets: list[str]  # YAML to paste, each valid on its own; the first is the likely fix
    block_index: int | None = None
    span: tuple[int, int] | None = None  # offsets in the block's text
    count: int = 1
    confirmed: str | None = None  # "file:line: note" once an editor dismissed it
    extra: dict = field(default_factory=dict)

    @property
    def category(self) -> str:
        return RULES[self.rule][0]

    @property
    def label(self) -> str:
        return RULES[self.rule][1]


def confirmed_in(doc, item: Item) -> str | None:
    """An editor's `confirmed` entry for this item's rule on the block it concerns. The editorial
    stage keeps confirmations of work-list rules on the block (`hints["confirmed"]`, a list of
    {rule, where, note}), because these items are found only after the whole pipeline ran."""
    for bi in item.extra.get("blocks", [item.block_index]):
        if bi is None:
            continue
        for c in doc.blocks[bi].hints.get("confirmed", ()):
            if c.get("rule") == item.rule:
                return f"{c.get('where', '')}: {c.get('note', '')}"
    return None

"""Pages that span all texts: home, apparatus (for readers) and the review report (for editors)."""

from __future__ import annotations

import html
import re
from collections import defaultdict

from edition.site.downloads import DOWNLOADS, OFFLINE_ZIP, pdf_link, pdf_name
from edition import dutch
from edition.model import Document
from edition.rulenames import RULE_NAMES
from edition.apparatus.inline_md import to_html
from edition.inert import yaml_string
from edition.site.render import escape, intervention_anchor, page_title, shown_date

# Dutch names of the general rules, for the apparatus and the review report.
# The editors' operations other than emendations: each listed on its own in the apparatus (not
# only counted), with what it says there.
EDITORIAL_OPERATIONS = {"omit": "weggelaten", "editorial-split": "nieuw blok", "editorial-join": "samengevoegd",
                        "editorial-structure": "rol"}


def editorial_operations(doc: Document) -> list[tuple[str, int, str]]:
    """(label, source line, what) for each operation of the editors on this text, in order; an
    omission with the words it left out of the reading text."""
    out = []
    for d in doc.decisions:
        if d.rule not in EDITORIAL_OPERATIONS:
            continue
        if d.rule == "omit" and "text" in d.data:
            what = f"‘{d.data['text']}’ — {d.data.get('reason', '')}".strip(" —")
        else:
            what = d.message
        out.append((EDITORIAL_OPERATIONS[d.rule], d.line, " ".join(what.split())))
    return out
# Shown per rule on the apparatus page: how many, and a few examples.
EXAMPLES = 3


def _downloads(docs: list[Document], downloads: dict) -> list[str]:
    rows = [f"- {pdf_link(downloads[pdf_name()], '', 'De hele editie')}: met inhoudsopgave, noten onderaan de "
            "pagina, woordenlijst, registers, bibliografie en apparaat."]
    for doc in docs:
        name = pdf_name(doc.slug)
        if name in downloads:
            title, _ = page_title(doc)
            rows.append(f"- {pdf_link(downloads[name], '', title)}: de tekst met noten, de begrippen uit de "
                        "woordenlijst die erin voorkomen en de bronnen; om uit te delen.")
    rows.append(f'- <a href="{DOWNLOADS}/{OFFLINE_ZIP}" type="application/zip">De website offline</a> (zip): '
                "pak het bestand uit en open `index.html` in een browser; zoeken werkt ook zonder internet.")
    return ["## Downloaden {#downloaden}", "", "Om af te drukken of zonder internet te lezen, met dezelfde alineanummers "
            "als op de website.", "", *rows, ""]


# The introduction of the home page is the editors' text, in this file (Markdown); the build fills
# in the {{ placeholders }} (EDITION_FACTS) so that nothing about the texts is written in code.
INTRO_FILE = "docs/_inleiding.md"
DEFAULT_INTRO = ("Deze editie brengt {{ aantal }} Nederlandstalige teksten samen, geschreven {{ periode }}. "
                 "Elke afwijking van de bron staat in het [apparaat](apparaat.md); hoe de teksten zijn bewerkt, "
                 "leest u in [Over deze editie](over.md).")
EDITION_FACTS = {
    "aantal": "het aantal gepubliceerde teksten, in woorden (‘vier’)",
    "aantal_cijfers": "hetzelfde in cijfers (‘4’)",
    "aantal_teksten": "aantal met ‘tekst’ of ‘teksten’ erbij (‘vier teksten’, ‘één tekst’)",
    "eerste_jaar": "het jaar van de oudste tekst",
    "laatste_jaar": "het jaar van de jongste tekst",
    "periode": "‘tussen 2022 en 2025’, of ‘in 2024’ als alle teksten uit één jaar zijn",
    "genres": "de genres uit de metadata, in de volgorde van de teksten (‘beschouwing en politieke analyse’)",
}
PLACEHOLDER = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")
_NUMBER_WORDS = ("geen", "één", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien", "elf",
                 "twaalf", "dertien", "veertien", "vijftien", "zestien", "zeventien", "achttien", "negentien",
                 "twintig")


def number_word(n: int) -> str:
    return _NUMBER_WORDS[n] if 0 <= n < len(_NUMBER_WORDS) else str(n)


def _and_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " en " + items[-1] if items else ""


def edition_facts(docs: list[Document]) -> dict[str, str]:
    """What pages about the edition may say about its texts (the values of EDITION_FACTS)."""
    years = sorted(str(d.meta.get("date", {}).get("iso", ""))[:4] for d in docs
                   if str(d.meta.get("date", {}).get("iso", ""))[:4].isdigit())
    first, last = (years[0], years[-1]) if years else ("", "")
    period = (f"in {first}" if first == last else f"tussen {first} en {last}") if years else "op onbekende datum"
    genres: dict[str, int] = {}
    for d in docs:
        if d.meta.get("genre"):
            genres[d.meta["genre"]] = genres.get(d.meta["genre"], 0) + 1
    n = len(docs)
    return {"aantal": number_word(n), "aantal_cijfers": str(n),
            "aantal_teksten": f"{number_word(n)} {'tekst' if n == 1 else 'teksten'}",
            "eerste_jaar": first, "laatste_jaar": last, "periode": period,
            "genres": _and_list([g if k == 1 else f"{g} ({number_word(k)} teksten)" for g, k in genres.items()])}


def placeholder_problems(text: str, where: str) -> list:
    """Every {{ name }} in `text` that is not one of EDITION_FACTS, at its line."""
    from edition.errors import Problem, did_you_mean

    problems = []
    for m in PLACEHOLDER.finditer(text):
        if m.group(1) not in EDITION_FACTS:
            line = text.count("\n", 0, m.start()) + 1
            problems.append(Problem(f"{where}:{line}", f"onbekende plaatshouder ‘{m.group(0)}’.",
                                    f"Bekend zijn: {', '.join('{{ ' + k + ' }}' for k in EDITION_FACTS)}."
                                    f"{did_you_mean(m.group(1), EDITION_FACTS)}"))
    return problems


def fill_placeholders(text: str, facts: dict[str, str], where: str) -> str:
    """`text` (Markdown) with every {{ name }} replaced by its fact, made inert: a fact comes from
    the texts' metadata (a genre), which must read as text, never act as Markdown or HTML."""
    from edition.errors import EditionError
    from edition.inert import inert

    problems = placeholder_problems(text, where)
    if problems:
        raise EditionError(problems)
    return PLACEHOLDER.sub(lambda m: inert(facts[m.group(1)]), text)


def home_intro(root, docs: list[Document]) -> str:
    """The editors' introduction (INTRO_FILE, else DEFAULT_INTRO), its placeholders filled in."""
    from edition.editorial.yamlfile import decode, plain_file

    path = root / INTRO_FILE
    text = DEFAULT_INTRO
    if path.exists():
        plain_file(path, INTRO_FILE)
        text = decode(path.read_bytes(), INTRO_FILE)
    # The file explains itself in a comment; that stays out of the page (line numbers kept for messages).
    text = re.sub(r"<!--.*?-->", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)
    return fill_placeholders(text, edition_facts(docs), INTRO_FILE).strip()


def _card(doc: Document) -> str:
    title, supplied = page_title(doc)
    meta = doc.meta
    # A meta line is a list of short items: no author is "auteur onbekend", not the author_note's sentence.
    authors = ", ".join(a["name"] for a in meta.get("authors") or []) or "auteur onbekend"
    date = shown_date(meta.get("date", {}))
    label = ' <span class="ed-supplied">[titel van de redactie]</span>' if supplied else ""
    return (f'<article class="ed-cardlink" markdown>\n'
            f"### [{escape(title)}](teksten/{doc.slug}.md){label}\n\n"
            f'<p class="ed-card-meta">{html.escape(authors)} · {html.escape(date)} · '
            f'{html.escape(meta.get("genre", ""))}</p>\n\n'
            f"{escape(meta.get('description', ''))}\n\n</article>")


def home_page(docs: list[Document], downloads: dict | None = None, intro: str | None = None,
              drafts: list[Document] = ()) -> str:
    """The home page of the published `docs`; `intro` is home_intro's text; `drafts` (only in a
    preview build) are listed apart, as concepts."""
    cards = [_card(doc) for doc in docs]
    concept = []
    if drafts:
        concept = ["## Concepten (alleen in de voorvertoning) {#concepten}", "",
                   "Deze teksten zijn nog niet af; `edition build` laat ze weg.", "",
                   '<div class="ed-cards" markdown>', "", *[_card(doc) for doc in drafts], "", "</div>", ""]
    return "\n".join([
        "---", 'title: "Oorlog in Oekraïne — een digitale editie"', "hide:", "  - toc", "---", "",
        "<!-- Gegenereerd door `edition build`; niet met de hand bewerken. -->", "",
        "# Oorlog in Oekraïne — een digitale editie", "",
        intro if intro is not None else fill_placeholders(DEFAULT_INTRO, edition_facts(docs), INTRO_FILE), "",
        "## De teksten", "",
        '<div class="ed-cards" markdown>', "", *cards, "", "</div>", "",
        *concept,
        *(_downloads(docs, downloads) if downloads else []),
    ])


def _paragraph_of(doc: Document, line: int) -> str | None:
    for block in doc.blocks:
        if block.id and block.first_line <= line <= block.last_line:
            return block.id
    return None


APPARATUS_DIR = "apparaat"  # docs/apparaat/<slug>.md: the apparatus of one text (and apparaat.md, the index)
_APPARATUS_INTRO = (
    "Per tekst staat in het apparaat elke wijziging die de editie ten opzichte van de ruwe bron aanbracht: eerst "
    "de algemene regels (met het aantal keren dat ze zijn toegepast en enkele voorbeelden), daarna elke ingreep "
    "van de redactie met de lezing van de bron en die van de editie. Regelnummers verwijzen naar het ruwe "
    "bronbestand in de map `sources/`.")


def apparatus_url(slug: str, anchor: str = "") -> str:
    """The address (from the site root) of a text's apparatus, or of an anchor on it."""
    return f"{APPARATUS_DIR}/{slug}/" + (f"#{anchor}" if anchor else "")


def apparatus_pages(docs: list[Document], resolver_for=None) -> dict[str, str]:
    """The apparatus: docs/ file name → Markdown.  `apparaat.md` lists the texts; each text has its
    own page (`apparaat/<slug>.md`), so that no page grows with the edition.  The index keeps an
    element with each text's old anchor (`apparaat/#<slug>`) and forwards every anchor that used to
    be on the one page (the text's, each intervention's) to its new place (redirects.anchor_script).
    `resolver_for(page)` makes the links of the `sic` notes from a page, as in the text's own
    footnotes (without it they are shown as written in the YAML)."""
    from edition.site.redirects import anchor_script

    index = ["---", 'title: "Apparaat"', "search:", "  exclude: true", "---", "",
             "<!-- Gegenereerd door `edition build`; niet met de hand bewerken. -->", "",
             "# Apparaat", "", _APPARATUS_INTRO + " Kies een tekst:", ""]
    pages: dict[str, str] = {}
    moved: dict[str, str] = {}
    for doc in docs:
        title, _ = page_title(doc)
        index += [f'- <span id="{doc.slug}"></span>[{escape(title)}]({APPARATUS_DIR}/{doc.slug}.md) '
                  f"({dutch.count(len(doc.interventions), 'ingreep', 'ingrepen')} van de redactie)"]
        moved[doc.slug] = apparatus_url(doc.slug)
        moved.update({intervention_anchor(doc.slug, iv.id): apparatus_url(doc.slug, intervention_anchor(doc.slug, iv.id))
                      for iv in doc.interventions})
        resolver = resolver_for(apparatus_url(doc.slug)) if resolver_for is not None else None
        pages[f"{APPARATUS_DIR}/{doc.slug}.md"] = _apparatus_of(doc, title, resolver)
    index.append("")
    trailer = anchor_script(moved)
    return {"apparaat.md": "\n".join(index) + ("\n" + trailer + "\n" if trailer else ""), **pages}


def _apparatus_of(doc: Document, title: str, resolver) -> str:
    """One text's apparatus (its page: links go up one folder)."""
    out = ["---", f"title: {yaml_string('Apparaat: ' + title)}", "search:", "  exclude: true", "---", "",
           "<!-- Gegenereerd door `edition build`; niet met de hand bewerken. -->", "",
           f"# Apparaat: {escape(title)} {{#{doc.slug}}}", "", _APPARATUS_INTRO, "",
           "[Alle teksten van het apparaat](../apparaat.md)", "",
           f"Bron: `{doc.path}` · opmaak: {doc.layout} · [naar de tekst](../teksten/{doc.slug}.md)", ""]
    by_rule = defaultdict(list)
    for d in doc.decisions:
        if d.rule != "intervention" and d.rule not in EDITORIAL_OPERATIONS and "overruled" not in d.data:
            by_rule[d.rule].append(d)
    out += ["| Regel | Aantal | Voorbeelden (bronregel) |", "| --- | --- | --- |"]
    for rule, ds in by_rule.items():
        count = sum(d.data.get("count", 1) for d in ds)
        examples = "; ".join(
            f"r. {d.line}: {escape(d.message)}" for d in ds[:EXAMPLES]).replace("\n", " ")
        out.append(f"| {escape(RULE_NAMES.get(rule, rule))} | {count} | {examples} |")
    out.append("")
    operations = editorial_operations(doc)
    if operations:
        out += ["## Bewerkingen van de redactie", "",
                "Weggelaten tekst staat niet in de leestekst; hier staan de woorden ervan.", ""]
        out += [f"- **{label}**, bronregel {line}: {escape(what)}" for label, line, what in operations]
        out.append("")
    if doc.interventions:
        out += ["## Ingrepen van de redactie", ""]
        for iv in doc.interventions:
            target = _paragraph_of(doc, iv.line)
            link = f" · [in de tekst](../teksten/{doc.slug}.md#{target})" if target else ""
            before = escape(iv.original) if iv.original else "(niets)"
            out += [f'<div class="ed-iv" id="{intervention_anchor(doc.slug, iv.id)}" markdown>',
                    f"**{escape(iv.kind)}**, bronregel {iv.line}{link}  ",
                    f"bron: ‘{before}’ → editie: ‘{escape(iv.reading)}’  ",
                    f"{escape(iv.reason)}", "</div>", ""]
    else:
        out += ["Geen ingrepen van de redactie.", ""]
    sics = [n for n in doc.notes if n.kind == "sic"]
    if sics:
        out += ["## Fouten in de bron, niet verbeterd (sic)", ""]
        for note in sics:
            line = note.block.line_at(max(note.offset - 1, 0))
            target = _paragraph_of(doc, line)
            link = f" · [in de tekst](../teksten/{doc.slug}.md#{target})" if target else ""
            body = to_html(note.body, resolver) if resolver is not None and note.body is not None \
                else to_text_md(note)
            out += [f"- bronregel {line}{link}: {body}"]
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def to_text_md(note) -> str:
    """A note's text as written in the YAML, for a Markdown list item (escaped)."""
    return escape(note.body.source) if note.body is not None else ""


def annotation_report(edition) -> list[str]:
    """What the annotate stage decided: per register entry, which spellings it found how often in
    which texts, so that an editor sees a form that matched more (or less) than intended."""
    from collections import Counter

    from edition.apparatus.registers import occurrence_map

    omap = occurrence_map(edition)  # one index, not a scan of every occurrence per entry
    out = ["## Woordenlijst, registers en noten", "",
           "Per trefwoord de gevonden schrijfwijzen met hun aantal, en de teksten waarin ze staan. Een "
           "schrijfwijze die ook een gewoon woord is, kan te veel treffen: beperk haar dan met `only_in`.", ""]
    for register in edition.registers:
        out += [f"### {register.kind.title} (`{register.path}`)", ""]
        for e in register.entries:
            found = omap.occurrences_of(e)
            forms = Counter(o.form for o in found)
            texts = sorted({o.slug for o in found})
            shown = ", ".join(f"{f} ({n}×)" for f, n in sorted(forms.items()))
            out.append(f"- {e.term}: {shown} — in {', '.join(texts)}")
        out.append("")
    out += ["### Noten", ""]
    for doc in edition.docs:
        kinds = Counter(n.kind for n in doc.notes)
        out.append(f"- {doc.path}: {dutch.count(len(doc.notes), 'noot', 'noten')} ("
                   + ", ".join(f"{k}: {n}" for k, n in sorted(kinds.items())) + ")")
    return out + [""]


def _worklist_lines(doc: Document, items) -> list[str]:
    """The work list of one text: open items by category, each with the YAML to paste."""
    from edition.review.items import CATEGORIES, CATEGORY_TITLES

    out = []
    for category in CATEGORIES:
        open_items = [i for i in items if i.category == category and not i.confirmed]
        if not open_items:
            continue
        out += [f"### {CATEGORY_TITLES[category]} ({len(open_items)})", ""]
        for item in open_items:
            out += [f"- `{doc.where(item.line)}` — {item.label} (`{item.rule}`): {item.message}", ""]
            for n, snippet in enumerate(item.snippets):
                if n:
                    out += ["of:", ""]
                out += ["```yaml", snippet.rstrip("\n"), "```", ""]
    done = [i for i in items if i.confirmed]
    if done:
        out += ["### Werklijst: nagekeken", ""]
        out += [f"- `{doc.where(i.line)}` — {i.label}: {i.message} — **{i.confirmed}**" for i in done]
        out.append("")
    return out


def review_report(docs: list[Document], edition=None, worklists: dict | None = None,
                  doubt_snippets: dict | None = None) -> str:
    """For editors, a work list: every doubtful decision with its source line, to confirm or override,
    and what the detectors of `review` found after the whole pipeline ran (structural warnings, web
    boilerplate, names no register knows, likely errors of the source), each with YAML to paste.
    `worklists` (text path → items) are the work lists the build already collected; without them they
    are collected here.  `doubt_snippets` (text path → the YAML snippets of each open doubt, in order)
    likewise (`doubts.open_snippets`)."""
    from edition import review
    from edition.review.doubts import open_snippets

    out = ["# Controlerapport voor de redactie", "",
           "Wat de redactie nog moet nakijken, per tekst met de bronregel. Eerst elke beslissing waarover de pijplijn "
           "twijfelt: klopt ze, bevestig haar dan onder `confirmed` in het YAML-bestand naast de bron; klopt ze niet, "
           "leg dan een `structure`- of `interventions`-regel vast, verankerd op geciteerde tekst (zie README, ‘Een "
           "tekst toevoegen’). Daarna de werklijst: structuur die zelden klopt (zeer lange alinea's en koppen, een "
           "alinea die met een kleine letter begint, losse getallen, herhaalde regels), rommel van een webpagina, "
           "namen die in geen register staan en mogelijke fouten in de bron. Onder elk punt staat YAML om te plakken "
           "(in het redactiebestand, of bij een naam in een register); het eerste voorstel is de waarschijnlijke "
           "oplossing, het laatste (`confirmed`) houdt de tekst zoals hij is. Het citaat komt precies één keer voor "
           "in de opgeschoonde tekst. Niets wordt vanzelf verwijderd.", ""]
    occurrences = edition.occurrences if edition is not None else ()
    open_doubts = 0
    per_category: dict[str, int] = defaultdict(int)
    for doc in docs:
        doubtful = sorted((d for d in doc.decisions if d.doubtful), key=lambda d: d.line)
        still_open = [d for d in doubtful if "confirmed" not in d.data]
        done = [d for d in doubtful if "confirmed" in d.data]
        open_doubts += len(still_open)
        items = worklists[doc.path] if worklists is not None else review.collect(doc, occurrences)
        open_items = [i for i in items if not i.confirmed]
        for i in open_items:
            per_category[i.category] += 1
        out += [f"## {doc.path}", "", f"Opmaak: {doc.layout}. {dutch.count(len(doc.decisions), 'beslissing', 'beslissingen')}, "
                f"waarvan {len(doubtful)} twijfelachtig: {len(still_open)} open, {len(done)} nagekeken. "
                f"Werklijst: {len(open_items)} open, {len(items) - len(open_items)} nagekeken.", ""]
        if still_open:
            given = doubt_snippets.get(doc.path) if doubt_snippets is not None else None
            per_doubt = given if given is not None else open_snippets(doc)
            out += ["### Open", ""]
            for d, made in zip(still_open, per_doubt, strict=True):
                out += [f"- `{doc.where(d.line)}` — {RULE_NAMES.get(d.rule, d.rule)} (`{d.rule}`): {d.message}", ""]
                for snippet in made:
                    out += ["```yaml", snippet.rstrip("\n"), "```", ""]
        if done:
            out += ["### Nagekeken", ""]
            out += [f"- `{doc.where(d.line)}` — {RULE_NAMES.get(d.rule, d.rule)}: {d.message} — **{d.data['confirmed']}**"
                    for d in done]
            out.append("")
        out += _worklist_lines(doc, items)
        dropped = [d for d in doc.decisions if d.rule == "html-dropped"]
        if dropped:
            out += [f"### Weggelaten van de webpagina ({len(dropped)})", "",
                    "Navigatie, knoppen, verwante links en dergelijke, die niet bij het artikel horen. Hoort een blok "
                    "toch bij de tekst, meld het dan (het lezen van webpagina's is een regel van de editie, geen "
                    "besluit per tekst).", ""]
            out += [f"- `{doc.where(d.line)}` — {d.message}" for d in dropped]
            out.append("")
    if edition is not None:
        out += annotation_report(edition)
    total = open_doubts + sum(per_category.values())
    out.insert(2, f"Totaal: {dutch.count(total, 'open punt', 'open punten')} in {dutch.count(len(docs), 'tekst', 'teksten')}: "
                  f"{dutch.count(open_doubts, 'twijfelgeval', 'twijfelgevallen')}, "
                  f"{dutch.count(per_category['structuur'], 'structuurwaarschuwing', 'structuurwaarschuwingen')}, "
                  f"{per_category['webrommel']} keer rommel van "
                  f"een webpagina, {dutch.count(per_category['namen'], 'nieuwe naam', 'nieuwe namen')}, "
                  f"{dutch.count(per_category['bronfouten'], 'mogelijke fout', 'mogelijke fouten')} in de bron.")
    out.insert(3, "")
    return "\n".join(out).rstrip() + "\n"

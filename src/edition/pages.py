"""Pages that span all texts: home, apparatus (for readers) and the review report (for editors)."""

from __future__ import annotations

import html
from collections import defaultdict

from .downloads import DOWNLOADS, OFFLINE_ZIP, pdf_link, pdf_name
from .model import Document
from .render import escape, intervention_anchor, page_title, shown_date

# Dutch names of the general rules, for the apparatus and the review report.
RULE_NAMES = {
    "normalise-bom": "byte-order-markering verwijderd",
    "normalise-newlines": "regeleinden genormaliseerd",
    "normalise-nfc": "Unicode-normalisatie (NFC)",
    "normalise-invisible": "onzichtbare tekens verwijderd",
    "normalise-odd-spaces": "bijzondere spaties en tabs vervangen",
    "normalise-leading-space": "spaties aan het regelbegin verwijderd",
    "normalise-trailing-space": "spaties aan het regeleinde verwijderd",
    "normalise-multiple-spaces": "meervoudige spaties samengevoegd",
    "normalise-bidi": "sturingstekens voor de schrijfrichting verwijderd",
    "normalise-html": "bron lijkt een HTML-pagina",
    "layout": "opmaak van de bron herkend",
    "unwrap": "harde regeleinden opgeheven",
    "dehyphenate": "afgebroken woorden aaneengeschreven",
    "keep-hyphen": "streepje aan het regeleinde behouden (echt koppelteken)",
    "join-column-break": "alinea's samengevoegd over een kolombreuk",
    "split-paragraph": "aaneengelopen alinea's gesplitst",
    "no-split": "mogelijke alineagrens niet gesplitst",
    "end-mark": "eindteken verwijderd",
    "structure": "rol van een blok herkend (titel, lead, auteursregel, herkomst)",
    "heading": "tussenkop herkend",
    "pullquote": "streamer (herhaald citaat) herkend",
    "unpunctuated": "alinea zonder slotleesteken gesignaleerd",
    "editorial-structure": "rol vastgelegd door de redactie",
    "intervention": "ingreep van de redactie",
}
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


def home_page(docs: list[Document], downloads: dict | None = None) -> str:
    cards = []
    for doc in docs:
        title, supplied = page_title(doc)
        meta = doc.meta
        authors = ", ".join(a["name"] for a in meta.get("authors") or []) or meta.get("author_note", "auteur onbekend")
        date = shown_date(meta.get("date", {}))
        label = ' <span class="ed-supplied">[titel van de redactie]</span>' if supplied else ""
        cards.append(
            f'<article class="ed-cardlink" markdown>\n'
            f"### [{escape(title)}](teksten/{doc.slug}.md){label}\n\n"
            f'<p class="ed-card-meta">{html.escape(authors)} · {html.escape(date)} · '
            f'{html.escape(meta.get("genre", ""))}</p>\n\n'
            f"{escape(meta.get('description', ''))}\n\n</article>")
    return "\n".join([
        "---", 'title: "Oorlog in Oekraïne — een digitale editie"', "hide:", "  - toc", "---", "",
        "<!-- Gegenereerd door `edition build`; niet met de hand bewerken. -->", "",
        "# Oorlog in Oekraïne — een digitale editie", "",
        "Deze editie brengt vier Nederlandstalige teksten samen over de Russische oorlog tegen Oekraïne, "
        "geschreven tussen 2022 en 2025: twee teksten van socialistische organisaties, een journalistieke analyse en een beschouwing. "
        "De teksten zijn getrouw overgenomen uit de ruwe bestanden zoals de redactie ze ontving; elke "
        "afwijking van de bron staat in het [apparaat](apparaat.md). Hoe de tekst is bewerkt, hoe de alinea's "
        "genummerd zijn en hoe u naar een tekst, een kop of een alinea verwijst, leest u in "
        "[Over deze editie](over.md).", "",
        "## De teksten", "",
        '<div class="ed-cards" markdown>', "", *cards, "", "</div>", "",
        *(_downloads(docs, downloads) if downloads else []),
    ])


def _paragraph_of(doc: Document, line: int) -> str | None:
    for block in doc.blocks:
        if block.id and block.first_line <= line <= block.last_line:
            return block.id
    return None


def apparatus_page(docs: list[Document]) -> str:
    out = [
        "---", 'title: "Apparaat"', "search:", "  exclude: true", "---", "",
        "<!-- Gegenereerd door `edition build`; niet met de hand bewerken. -->", "",
        "# Apparaat", "",
        "Per tekst staat hier elke wijziging die de editie ten opzichte van de ruwe bron aanbracht: eerst de "
        "algemene regels (met het aantal keren dat ze zijn toegepast en enkele voorbeelden), daarna elke ingreep "
        "van de redactie met de lezing van de bron en die van de editie. Regelnummers verwijzen naar het ruwe "
        "bronbestand in de map `sources/`.", "",
    ]
    for doc in docs:
        title, _ = page_title(doc)
        out += [f"## {escape(title)} {{#{doc.slug}}}", "",
                f"Bron: `{doc.path}` · opmaak: {doc.layout} · [naar de tekst](teksten/{doc.slug}.md)", ""]
        by_rule = defaultdict(list)
        for d in doc.decisions:
            if d.rule != "intervention":
                by_rule[d.rule].append(d)
        out += ["| Regel | Aantal | Voorbeelden (bronregel) |", "| --- | --- | --- |"]
        for rule, ds in by_rule.items():
            count = sum(d.data.get("count", 1) for d in ds)
            examples = "; ".join(
                f"r. {d.line}: {escape(d.message)}" for d in ds[:EXAMPLES]).replace("\n", " ")
            out.append(f"| {escape(RULE_NAMES.get(rule, rule))} | {count} | {examples} |")
        out.append("")
        if doc.interventions:
            out += ["### Ingrepen van de redactie", ""]
            for iv in doc.interventions:
                target = _paragraph_of(doc, iv.line)
                link = f" · [in de tekst](teksten/{doc.slug}.md#{target})" if target else ""
                before = escape(iv.original) if iv.original else "(niets)"
                out += [f'<div class="ed-iv" id="{intervention_anchor(doc.slug, iv.id)}" markdown>',
                        f"**{escape(iv.kind)}**, bronregel {iv.line}{link}  ",
                        f"bron: ‘{before}’ → editie: ‘{escape(iv.reading)}’  ",
                        f"{escape(iv.reason)}", "</div>", ""]
        else:
            out += ["Geen ingrepen van de redactie.", ""]
    return "\n".join(out).rstrip() + "\n"


def annotation_report(edition) -> list[str]:
    """What the annotate stage decided: per register entry, which spellings it found how often in
    which texts, so that an editor sees a form that matched more (or less) than intended."""
    from collections import Counter
    out = ["## Woordenlijst, registers en noten", "",
           "Per trefwoord de gevonden schrijfwijzen met hun aantal, en de teksten waarin ze staan. Een "
           "schrijfwijze die ook een gewoon woord is, kan te veel treffen: beperk haar dan met `only_in`.", ""]
    for register in edition.registers:
        out += [f"### {register.kind.title} (`{register.path}`)", ""]
        for e in register.entries:
            found = [o for o in edition.occurrences if o.entry is e]
            forms = Counter(o.form for o in found)
            texts = sorted({o.slug for o in found})
            shown = ", ".join(f"{f} ({n}×)" for f, n in sorted(forms.items()))
            out.append(f"- {e.term}: {shown} — in {', '.join(texts)}")
        out.append("")
    out += ["### Noten", ""]
    for doc in edition.docs:
        kinds = Counter(n.kind for n in doc.notes)
        out.append(f"- {doc.path}: {len(doc.notes)} noten ("
                   + ", ".join(f"{k}: {n}" for k, n in sorted(kinds.items())) + ")")
    return out + [""]


def review_report(docs: list[Document], edition=None) -> str:
    """For editors: every doubtful decision with its source line, to confirm or override."""
    out = ["# Controlerapport voor de redactie", "",
           "Elke beslissing waarover de pijplijn twijfelt, met de bronregel. Zo kan de redactie elke gok nakijken. "
           "Klopt ze, bevestig haar dan onder `confirmed` in het YAML-bestand naast de bron; klopt ze niet, leg dan een `structure`- of `interventions`-regel vast, "
           "verankerd op geciteerde tekst (zie README, ‘Een tekst toevoegen’).", ""]
    total = 0
    for doc in docs:
        doubtful = sorted((d for d in doc.decisions if d.doubtful), key=lambda d: d.line)
        still_open = [d for d in doubtful if "confirmed" not in d.data]
        done = [d for d in doubtful if "confirmed" in d.data]
        total += len(still_open)
        out += [f"## {doc.path}", "", f"Opmaak: {doc.layout}. {len(doc.decisions)} beslissingen, "
                f"waarvan {len(doubtful)} twijfelachtig: {len(still_open)} open, {len(done)} nagekeken.", ""]
        if still_open:
            out += ["### Open", ""]
            out += [f"- `{doc.where(d.line)}` — {RULE_NAMES.get(d.rule, d.rule)} (`{d.rule}`): {d.message}"
                    for d in still_open]
            out.append("")
        if done:
            out += ["### Nagekeken", ""]
            out += [f"- `{doc.where(d.line)}` — {RULE_NAMES.get(d.rule, d.rule)}: {d.message} — **{d.data['confirmed']}**"
                    for d in done]
            out.append("")
    if edition is not None:
        out += annotation_report(edition)
    out.insert(2, f"Totaal: {total} open twijfelgevallen in {len(docs)} teksten.")
    out.insert(3, "")
    return "\n".join(out).rstrip() + "\n"

"""How to cite a text of the edition: the "Citeer deze tekst" box, BibTeX/RIS downloads and the
citation meta tags (Highwire `citation_*` for Google Scholar and Zotero, Dublin Core).

Everything is derived from the text's own bibliography entry (key = slug), so the box, the
downloads and the meta tags can never disagree, and nothing is added that the entry does not say.
"""

from __future__ import annotations


from pybtex.database import Entry

from edition.apparatus import bibstyle
from edition.inert import inert, inert_html, yaml_string
from edition.apparatus.links import text_url
from edition.site.render import page_title

EDITION_TITLE = "Oorlog in Oekraïne — een digitale editie"


def public_url(site_url: str, slug: str) -> str:
    """The absolute address of a text page (for references and meta tags)."""
    return f"{site_url.rstrip('/')}/{text_url(slug)}"


def edition_entry(source: Entry, site_url: str, slug: str) -> Entry:
    """The reference to the text *in this edition*: the source's authors, title and date, as a
    contribution to the edition, with its address.  The access date is the reader's."""
    fields = {k: v for k, v in source.fields.items() if k in ("title", "year", "month", "dateprefix", "language")}
    fields["booktitle"] = EDITION_TITLE
    fields["url"] = public_url(site_url, slug)
    entry = Entry("incollection", fields=fields)
    for role, persons in source.persons.items():
        for p in persons:
            entry.add_person(p, role)
    return entry


def exports(doc, edition, site_url: str) -> dict[str, str]:
    """Downloadable files next to the text page: <slug>.bib and <slug>.ris."""
    entry = edition_entry(edition.bib.entry(doc.slug), site_url, doc.slug)
    return {f"{doc.slug}.bib": bibstyle.to_bibtex(doc.slug, entry),
            f"{doc.slug}.ris": bibstyle.to_ris(doc.slug, entry)}


def box(doc, edition, site_url: str) -> str:
    entry = edition_entry(edition.bib.entry(doc.slug), site_url, doc.slug)
    html, _text = bibstyle.format_entry(entry, doc.slug)
    # The style ends a reference with a full stop; the access date (the reader's) comes before it.
    html = html.rstrip()
    html = html[:-1] if html.endswith(".") else html
    bib = bibstyle.to_bibtex(doc.slug, entry)
    url = public_url(site_url, doc.slug)
    return "\n".join([
        '<details class="ed-citebox ed-ui" id="citeer" data-search-exclude>',
        "<summary>Citeer deze tekst</summary>",
        f'<p class="ed-citation" id="ed-citation">{inert_html(html)} '
        '(geraadpleegd op <span class="ed-today">[datum van raadplegen]</span>).</p>',
        f"<p>Verwijs naar één alinea met het alineanummer achter het adres, bijvoorbeeld "
        f"<code>{inert(url)}#p3</code>; een reeks alinea's noteert u als ‘alinea 3–5’.</p>",
        '<p class="ed-cite-actions">'
        '<button type="button" class="md-button ed-copy-cite" data-copy="#ed-citation">Kopieer verwijzing</button> '
        f'<a class="md-button" href="../{doc.slug}.bib" download>BibTeX</a> '
        f'<a class="md-button" href="../{doc.slug}.ris" download>RIS (Zotero, EndNote)</a></p>',
        f'<pre class="ed-bibtex"><code>{inert(bib)}</code></pre>',
        "</details>",
    ])


def _date(doc) -> str:
    iso = (doc.meta.get("date") or {}).get("iso", "")
    return iso.replace("-", "/")


def meta_tags(doc, edition, site_url: str) -> list[tuple[str, str]]:
    entry = edition.bib.entry(doc.slug)
    title, _ = page_title(doc)
    url = public_url(site_url, doc.slug)
    authors = [_person(p) for p in entry.persons.get("author", [])]
    translators = [_person(p) for p in entry.persons.get("translator", [])]
    tags: list[tuple[str, str]] = [("citation_title", title)]
    tags += [("citation_author", a) for a in authors]
    if _date(doc):
        tags.append(("citation_publication_date", _date(doc)))
    tags += [("citation_language", "nl"), ("citation_public_url", url),
             ("citation_inbook_title", EDITION_TITLE),
             ("DC.title", title)]
    tags += [("DC.creator", a) for a in authors]
    tags += [("DC.contributor", t) for t in translators]
    if _date(doc):
        tags.append(("DC.date", (doc.meta.get("date") or {}).get("iso", "")))
    tags += [("DC.language", "nl"), ("DC.type", "Text"), ("DC.format", "text/html"),
             ("DC.identifier", url), ("DC.relation.isPartOf", EDITION_TITLE)]
    if doc.meta.get("description"):
        tags.append(("DC.description", doc.meta["description"].strip()))
    return tags


def _person(p) -> str:
    """"Last, First" (the form citation_author asks for); braces of corporate names removed."""
    last = " ".join(p.prelast_names + p.last_names).replace("{", "").replace("}", "")
    first = " ".join(p.first_names + p.middle_names).replace("{", "").replace("}", "")
    return f"{last}, {first}" if first else last


def front_matter(doc, edition, site_url: str) -> list[str]:
    """YAML lines for the page's front matter; overrides/main.html writes them as <meta> tags."""
    pairs = meta_tags(doc, edition, site_url)
    return ["meta_tags:"] + [f"  - [{yaml_string(k)}, {yaml_string(v)}]" for k, v in pairs]


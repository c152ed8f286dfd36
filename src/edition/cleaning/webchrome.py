"""What a web page puts around an article, recognised in one short line of a web copy.

Share buttons, "Lees ook: …", newsletter prompts, cookie notices, "Advertentie", photo credits:
general patterns of web pages, in Dutch with the English forms that Dutch sites use as well; never
words of one text.  Used where a line is judged: the structure stage does not make such a line a
heading, and the review report proposes to omit it (`review.boilerplate`, with the YAML to paste).
Nothing is removed here.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"\w+")


def word_count(text: str) -> int:
    """Words as the review report counts them (review.structural, review.boilerplate)."""
    return len(_WORD.findall(text))


# A junk line is short; a paragraph that mentions a newsletter is not junk.
MAX_WORDS = 20

_SHARE_WORDS = {
    "delen", "deel", "share", "tweet", "tweeten", "facebook", "twitter", "x", "whatsapp", "linkedin", "e-mail",
    "email", "mail", "pinterest", "telegram", "reddit", "print", "printen", "afdrukken", "kopieer", "kopiëren",
    "link", "bluesky", "mastodon", "threads", "messenger", "instagram", "youtube", "tiktok", "via", "op", "dit",
    "artikel", "bericht", "pagina", "this", "article", "on", "copy", "en", "of", "|", "·", "•", "/",
}
PATTERNS = (
    # (rule, compiled pattern on the whole short line, why — Dutch)
    ("boilerplate", re.compile(r"^(lees|bekijk|zie)\s+(ook|meer|verder|het\s+hele\s+artikel)\b|^(read|see)\s+(also|more)\b"
                               r"|^meer\s+(lezen|over\s+dit\s+onderwerp)\b|^meer\s+over\W*$|^(gerelateerd|related)(\s+artikel(en)?)?\s*:?",
                               re.IGNORECASE), "een verwijzing naar een ander artikel op de site"),
    ("boilerplate", re.compile(r"nieuwsbrief|newsletter", re.IGNORECASE), "een oproep voor de nieuwsbrief"),
    ("boilerplate", re.compile(r"\bcookies?\b", re.IGNORECASE), "een cookiemelding"),
    ("boilerplate", re.compile(r"^(advertentie|advertisement|gesponsord|sponsored|ad|reclame)\W*$", re.IGNORECASE),
     "een aanduiding van reclame"),
    ("boilerplate", re.compile(r"^(volg\s+(ons|de\s+auteur)|follow\s+us|abonneer|subscribe|(reageer|reacties?\s*(\(\d+\)|\d+)?)\W*$"
                               r"|terug\s+naar\s+(boven|het\s+overzicht)|back\s+to\s+top|tags?\s*:|trefwoorden\s*:"
                               r"|categorie(ën)?\s*:|deze\s+pagina\s+(printen|delen)"
                               r"|\d+\s+(reacties?|comments?)\W*$|(zoeken|zoek|search)\s*(\.\.\.|…)?\s*$)",
                               re.IGNORECASE), "een knop of menu van de webpagina"),
)
CREDIT = re.compile(r"^(foto|foto's|beeld|illustratie|afbeelding|tekening|photo|image|picture|credit|bron\s+foto)"
                    r"\s*(\([^)]*\))?\s*[:©]|^©|\s©\s|\((foto|beeld)\s*:", re.IGNORECASE)

COPYRIGHT = re.compile(r"alle\s+rechten\s+voorbehouden|all\s+rights\s+reserved", re.IGNORECASE)


# A breadcrumb ("Home › Nieuws › Buitenland", "Nieuws/Buitenland"): the page's place on the site.
# Separated by a breadcrumb glyph (› » > with spaces), or by / or | when the first step is a
# section that sites name so; each step a name of at most three words, nothing that ends a phrase.
_CRUMB_GLYPHS = re.compile(r"\s+>\s+|\s*[›»]\s*")
_CRUMB_PLAIN = re.compile(r"\s*[/|]\s*")
_SITE_SECTIONS = {
    "home", "start", "voorpagina", "homepage", "nieuws", "news", "binnenland", "buitenland", "wereld", "world",
    "politiek", "politics", "economie", "opinie", "opinion", "achtergrond", "analyse", "cultuur", "sport",
    "wetenschap", "media", "blog", "blogs", "columns", "column", "artikelen", "archief", "dossiers", "dossier",
}


def _breadcrumb(text: str) -> bool:
    line = text.strip()
    steps = _CRUMB_GLYPHS.split(line)
    if len(steps) < 2:
        steps = _CRUMB_PLAIN.split(line)
        if len(steps) < 2 or steps[0].lower() not in _SITE_SECTIONS:
            return False
    return all(step and 1 <= word_count(step) <= 3 and step[0].isupper() and not step.endswith((".", ":", "?", "!", ","))
               for step in steps)


def _share_line(text: str) -> bool:
    """"Delen", "Deel dit artikel", "Facebook Twitter WhatsApp", "Share on X | LinkedIn"."""
    tokens = re.findall(r"[\w'’-]+|[|·•/]", text.lower())
    if not tokens:
        return False
    if all(t in _SHARE_WORDS for t in tokens):
        # At least one word that names a button or a network, not just "op dit".
        return any(t in _SHARE_WORDS - {"via", "op", "dit", "en", "of", "this", "on", "|", "·", "•", "/", "link",
                                        "artikel", "bericht", "pagina", "article"} for t in tokens)
    return False


def classify(text: str) -> tuple[str, str] | None:
    """(rule, why) if a short line looks like web-page furniture, else None."""
    if word_count(text) > MAX_WORDS or not text.strip():
        return None
    if _share_line(text):
        return "boilerplate", "knoppen om het artikel te delen"
    if COPYRIGHT.search(text):
        return "boilerplate", "de copyrightregel van de site"
    if CREDIT.search(text):
        return "photo-credit", "een fotocredit"
    if _breadcrumb(text):
        return "boilerplate", "een kruimelpad (de plaats van de pagina op de site)"
    for rule, pattern, why in PATTERNS:
        if pattern.search(text):
            return rule, why
    return None



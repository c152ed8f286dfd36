"""URLs from data (BibTeX `url` and `doi`, `SITE_URL`): only web addresses ever reach the site.

A link is followed by a reader's browser, so a `javascript:`, `vbscript:` or `data:` URL from any
input would run or show whatever it holds; a value with a quote, `<` or a space could break out of
the attribute it is written into. One check, used by every place that takes a URL from data: an
absolute http(s) address with a host, and none of the characters that end an attribute or a URL.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_FORBIDDEN = re.compile(r"[\s\"'<>\\`^{}|\x00-\x1f\x7f]")
_DOI = re.compile(r"^10\.\d{4,9}/[^\s\"'<>\\`^{}|\x00-\x1f\x7f]+$")


def web_url_problem(url: str) -> str | None:
    """Why `url` is not a safe web address (Dutch, for a message), or None when it is."""
    if not isinstance(url, str) or not url.strip():
        return "het adres is leeg"
    bad = _FORBIDDEN.search(url)
    if bad:
        shown = "een spatie" if bad.group().isspace() else f"het teken ‘{bad.group()}’" if bad.group().isprintable() \
            else f"het stuurteken U+{ord(bad.group()):04X}"
        return f"het adres bevat {shown}"
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        scheme = f"‘{parts.scheme}:’" if parts.scheme else "geen"
        return f"het adres heeft {scheme} als schema; alleen http:// en https:// zijn toegestaan"
    if not parts.hostname:
        return "het adres heeft geen domeinnaam"
    return None


def is_web_url(url: str) -> bool:
    return web_url_problem(url) is None


def doi_problem(doi: str) -> str | None:
    """Why `doi` is not a DOI as the bibliography links it (`10.1234/…`), or None."""
    if isinstance(doi, str) and _DOI.match(doi.strip()):
        return None
    return "een DOI heeft de vorm 10.1234/iets, zonder spaties, aanhalingstekens of ‘<’ ‘>’"


def site_url_problem(url: str) -> str | None:
    """Why `url` cannot be the address of the site, or None: a web address, ASCII only (a domain with
    accents in its IDNA form), without user name or password (they would be in every page), `?` or `#`."""
    problem = web_url_problem(url) if isinstance(url, str) else "het is geen tekst"
    if problem:
        return problem
    parts = urlsplit(url)
    if not url.isascii():
        return "het adres bevat tekens buiten ASCII; schrijf een domeinnaam met accenten in zijn IDNA-vorm (xn--…)"
    if parts.username is not None or parts.password is not None:
        return "het adres bevat een gebruikersnaam of wachtwoord; die zouden in elke pagina komen te staan"
    if parts.query or parts.fragment:
        return "het adres heeft een ‘?’ of ‘#’-deel"
    return None

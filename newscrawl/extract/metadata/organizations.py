"""Whether a credited name is an organization (a company, a desk, a news agency), not a person."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from parsel import Selector

from newscrawl.extract.metadata.fields import _key, canonical, site_name

# A company's legal form at the end ("mediagene Inc.", "Nordex SE", "Caritasverband e. V.").
_LEGAL_FORM = re.compile(
    r"\s(?:inc|ltd|llc|gmbh|ag|se|kg|kgaa|mbh|plc|corp|co|e\.\s?v|s\.\s?a|s\.\s?l|sas|sarl|spa"
    r"|srl|n\.\s?v|b\.\s?v|ab|asa|oy|pty|k\.\s?k|a\.\s?s|as)\.?$",
    re.IGNORECASE,
)
# Words that name a desk, an agency or an institution in the languages of the corpus; a
# person's name holds none of them.
_ORGANIZATION_WORDS = re.compile(
    r"\b(?:redaktion|rédaction|redacción|redação|redazione|redactie|redaksjon|redaktionen"
    r"|newsroom|staff|desk|team|agentur|agency|agence|agencia|agenzia|presse|press|prensa"
    r"|stampa|pressestelle|nachrichten|news|noticias|notizie|nouvelles|nieuws|media|medien"
    r"|verlag|zeitung|magazin|magazine|online|stiftung|verband|foundation|fondation"
    r"|fundación|fondazione|university|universität|université|universidad|università|institut"
    r"|institute|instituto|ministerium|ministry|ministère|ministerio|associated press|reuters"
    r"|bloomberg|afp|dpa|apa|epd|kna|sda|efe|ansa|xinhua|anadolu|bbc"
    # the Associated Press by its letters, in capitals ("Von Diana Resnik mit AP")
    r"|(?-i:AP))\b",
    re.IGNORECASE,
)
_DOMAIN = re.compile(r"\w\.(?:[a-z]{2,3}|info|online)(?:\.[a-z]{2})?$", re.IGNORECASE)


def is_organization(name: str) -> bool:
    """ "mediagene Inc.", "Hanns-Seidel-Stiftung e.V.", "The Associated Press", "ntv.com.tr",
    "Redaktion" are organizations; "Anna Dunst" is not."""
    return bool(
        _LEGAL_FORM.search(name) or _ORGANIZATION_WORDS.search(name) or _DOMAIN.search(name)
    )


def site_credit(sel: Selector, ld: dict[str, Any]) -> list[str]:
    """Who a page that credits nobody is by: the holder of the page's copyright notice ("©
    2022 EnBW Energie Baden-Württemberg AG", a blog's "(c) Johannes Wolf"), else the site's
    own name (JSON-LD publisher, og:site_name): an organization stands for its authors only
    where no person is named."""
    holder = copyright_holder(sel)
    name = site_name(sel, ld)
    if holder and name and _LEGAL_FORM.search(holder) and _brand(sel, name):
        # the company behind the site ("BurdaForward GmbH") is not what it is known by
        return [name]
    if holder:
        return [holder]
    return [name] if name else []


def _brand(sel: Selector, name: str) -> bool:
    """Whether the site's given name is its brand, the name its address spells ("FOCUS
    online" at focus.de), not a page's title set as og:site_name or a company's own."""
    host = urlsplit(canonical(sel, "")).hostname or ""
    first = _key(name.split()[0]) if name.split() else ""
    return len(first) >= 3 and first in _key(host) and not _LEGAL_FORM.search(name)


def copyright_holder(sel: Selector) -> str | None:
    """The holder the page's last copyright notice names; a picture's ("© A / Greenpeace" in a
    caption) or a script's notice is not the page's."""
    root = sel.root
    for text in reversed(root.xpath(_NOTICES) if hasattr(root, "xpath") else []):
        holder = _notice_holder(str(text))
        if not holder and text.getparent() is not None:
            # the holder in an element of its own: "© by <a>Ralf Glaser</a>"
            holder = _notice_holder("".join(text.getparent().itertext()))
        if holder:
            return holder
    return None


def _notice_holder(text: str) -> str:
    match = _COPYRIGHT.search(" ".join(text.split()))
    return _holder(match.group(1)) if match else ""


def _holder(text: str) -> str:
    text = _RESERVED.sub("", text).strip(" -–—|·•,.:")
    return text if _LETTER.search(text) and len(text.split()) <= _MOST_WORDS else ""


_NOTICES = (
    "//body//text()[contains(., '©') or contains(., 'opyright') or contains(., '(c)')"
    " or contains(., '(C)')][not(ancestor::script or ancestor::style or ancestor::figure"
    " or ancestor::figcaption or ancestor::noscript)]"
)
# "© 2012-2024 Name", "Copyright (c) 2012- Name. All rights reserved.", "(c) Name • Weitere"
_COPYRIGHT = re.compile(
    r"(?:©|\(c\)|copyright)(?:\s*(?:©|\(c\)))?\s*(?:\d{4}(?:\s*[-–]\s*(?:\d{4})?)?\s*,?\s*)?"
    r"(?:by\s+)?(?!copyright\b|by$)([^\W\d][^|•·,\n<>()©]{1,60}?)\s*(?:[|•·,(©]|(?<=[^\W\d]{3})\.(?:\s|$)|\s[-–—]\s|\s\d{4}\b|$)",
    re.IGNORECASE,
)
_RESERVED = re.compile(
    r"\b(?:all rights reserved|alle rechte vorbehalten|tous droits réservés"
    r"|todos los derechos reservados|tutti i diritti riservati)\b.*",
    re.IGNORECASE,
)
_LETTER = re.compile(r"[^\W\d_]")
_MOST_WORDS = 6

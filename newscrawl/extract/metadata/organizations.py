"""Whether a credited name is an organization (a company, a desk, a news agency), not a person."""

from __future__ import annotations

import re

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
    r"|bloomberg|afp|dpa|apa|epd|kna|sda|efe|ansa|xinhua|anadolu|bbc)\b",
    re.IGNORECASE,
)
_DOMAIN = re.compile(r"\w\.(?:[a-z]{2,3}|info|online)(?:\.[a-z]{2})?$", re.IGNORECASE)


def is_organization(name: str) -> bool:
    """ "mediagene Inc.", "Hanns-Seidel-Stiftung e.V.", "The Associated Press", "ntv.com.tr",
    "Redaktion" are organizations; "Anna Dunst" is not."""
    return bool(
        _LEGAL_FORM.search(name) or _ORGANIZATION_WORDS.search(name) or _DOMAIN.search(name)
    )

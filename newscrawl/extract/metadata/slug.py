"""The words of an article URL's slug ("/2022/12/06/ultium-cells-erhoeht-gigafactory-kapazitaet-
in-tennessee/"): what the CMS wrote from the headline when the article was made, a witness
of which words a headline has."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from newscrawl.extract.metadata.site_name import spellings

SLUG_WORDS = 3  # words of a path segment that make it a slug, not a section or an id
_EXTENSION = re.compile(r"\.[a-z]{2,5}$", re.I)
_JOINER = re.compile(r"[-_+]+")
_WORD = re.compile(r"[^\W_]+")


def slug_words(url: str) -> set[str]:
    """The words of the URL path's segment with the most words (at least SLUG_WORDS),
    casefolded; empty where the path has no such segment."""
    segments = [_EXTENSION.sub("", part) for part in unquote(urlsplit(url).path).split("/")]
    words = max((_JOINER.split(part.casefold()) for part in segments), key=len, default=[])
    # a word's own marks are no part of it ("01._Februar_-_Rechtliche_Hinweise")
    return {w for word in words for w in _WORD.findall(word)} if len(words) >= SLUG_WORDS else set()


def slug_spells(url: str, text: str) -> bool:
    """Whether every word of `text` is a word of the URL's slug, in one of its spellings
    ("erhöht" as "erhoeht" or "erhoht", "Straße" as "strasse")."""
    slug = slug_words(url)
    words = _WORD.findall(text.replace("ß", "ss"))
    return bool(slug and words) and all(spellings(word) & slug for word in words)


def slug_cuts(url: str, kicker: str, rest: str) -> bool:
    """Whether the URL's slug spells every word of `rest` and no word of `kicker`: the CMS
    wrote the slug from the headline before the site glued a kicker on ("Covid-19: Lässt sich
    die Coronavirus-Ausbreitung ..." at ".../laesst-sich-die-coronavirus-ausbreitung-...")."""
    slug = slug_words(url)
    rest_words, kicker_words = (_WORD.findall(t.replace("ß", "ss")) for t in (rest, kicker))
    if not (slug and rest_words and kicker_words):
        return False
    spelled = [bool(spellings(word) & slug) for word in rest_words + kicker_words]
    return all(spelled[: len(rest_words)]) and not any(spelled[len(rest_words) :])

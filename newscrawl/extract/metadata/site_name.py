"""Whether a part of a <title> or og:title is the site's name: the names the page gives it
(og:site_name, the JSON-LD publisher, its host, its links home, its feeds' titles), or a
spelling of its registered domain; and the parts a site puts between a headline and its name
(sections, a date)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import Any

from parsel import Selector

from newscrawl.extract.metadata.fields import _SEPARATOR, _key, meta, section, text_value
from newscrawl.extract.metadata.headline import _text

# Letters a domain spells without their marks the way German does ("oetv.at" for "ÖTV",
# "maescot.de" for "Mäscot"); others lose the mark ("liberation.fr" for "Libération").
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue"})
_UNMARKED = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d"})
_WORD = re.compile(r"[^\W_]+")
SITE_WORDS = 3  # words of a part that begins or ends with the domain's name: a site's name
INITIALS = 7  # words of a part that can spell the domain's name with some of its words


def spellings(text: str) -> set[str]:
    """Keys of `text`: as written, without diacritics, and with German umlauts spelled out."""
    key = _key(text)
    if key.isascii():
        return {key}
    unmarked = unicodedata.normalize("NFKD", key.translate(_UNMARKED))
    plain = "".join(c for c in unmarked if not unicodedata.combining(c))
    return {key, plain, _key(key.translate(_UMLAUTS).translate(_UNMARKED))} - {""}


def is_site(part: str, names: set[str], domains: Iterable[str] = ()) -> bool:
    """Whether `part` is the site's name: one of its names, or a part of a few words that
    spells the registered domain's name: begins or ends with it ("NTV Haber" on ntv.com.tr,
    "Evening Standard" on standard.co.uk), is a part of it ("Papierplanet" on
    derpapierplanet.de), is some of its words or their initials ("The New York Times" on
    nytimes.com, "Parco Nazionale d'Abruzzo" on parcoabruzzo.it)."""
    keys = spellings(part)
    if keys & names:
        return True
    words = _WORD.findall(part.casefold())
    if not words or len(words) > INITIALS:
        return False
    return any(_spells(k, words, d) for k in keys for d in domains if len(d) > 2)


def names_site(part: str, names: set[str], domains: Iterable[str] = ()) -> bool:
    """Whether a part after a separator names the site: is its name (is_site), or is short
    and holds one ("DW 28.04.2023", "Politik - stern.de")."""
    if is_site(part, names, domains):
        return True
    return any(_holds(k, n) for k in spellings(part) for n in names)


def _holds(tail: str, name: str) -> bool:
    """A short part holding the site's name and little more."""
    return len(name) > 3 and name in tail and len(tail) <= len(name) + 20


def _spells(key: str, words: list[str], domain: str) -> bool:
    if len(words) <= SITE_WORDS and (key.startswith(domain) or key.endswith(domain)):
        return True
    return (len(key) > 4 and key in domain) or _abbreviates(words, domain)


def _abbreviates(words: list[str], domain: str) -> bool:
    """Whether `domain` is two or more of the words in order, each written whole or by its
    first letter ("nytimes": New York Times, "faz": Frankfurter Allgemeine Zeitung)."""
    ends = {(0, 0)}  # (characters of domain spelled, words used)
    for word in words:
        ends |= {
            (end + len(w), used + 1)
            for end, used in ends
            for w in {word, word[:1]}
            if domain.startswith(w, end)
        }
    return any(end == len(domain) and used > 1 for end, used in ends)


# A date or a time alone ("28.04.2023", "06.11.2023, 11.41 Uhr"): digits and short words.
_DATE = re.compile(r"(?=(?:\D*\d){4})[\d\s.,:/\-]*(?:[^\W\d_]{1,3}[\d\s.,:/\-]*)?")


def is_date(part: str) -> bool:
    """Whether a part is only a date or a time: a page's day after its headline and name."""
    return bool(_DATE.fullmatch(part.strip()))


def without_sections(parts: list[str], sections: Callable[[], set[str]]) -> list[str]:
    """`parts` (a headline's, split at its separators, the site's name cut) without the
    sections a site puts between the headline and its name ("Headline | Sport | Site"): the
    first part alone when every later one is a section of a few words the page links to or
    names (`sections`: keys); else `parts`."""
    if len(parts) < 2 or any(len(_WORD.findall(part)) > SECTION_WORDS for part in parts[1:]):
        return parts
    known = sections()
    return parts[:1] if all(_key(part) in known for part in parts[1:]) else parts


SECTION_WORDS = 3  # words of a section's name
SECTION = 60  # characters of a link's text that can be a section's name


def page_sections(sel: Selector, ld: dict[str, Any]) -> set[str]:
    """Keys of the page's sections: its links' texts (menus, breadcrumbs), article:section
    and the JSON-LD articleSection."""
    root = sel.root
    texts = [_text(a) for a in root.iter("a")] if hasattr(root, "iter") else []
    named = ld.get("articleSection")
    texts += [section(sel, ld) or "", *(named if isinstance(named, list) else [])]
    return {_key(t) for t in texts if isinstance(t, str) and len(t) <= SECTION} - {""}


# A link to the page's own home: "/", an index file, or its host's root (a fragment allowed;
# a query is another page: "/?p=3289", "/?tag=barcamp").
_HOME_HREF = re.compile(r"(?:(?:https?:)?//(?:www\.)?([^/?#]+))?(/(?:index\.\w+)?)?(?:#.*)?", re.I)


def shown_names(sel: Selector, host: str) -> set[str]:
    """Keys of the names the page itself shows for its site: the texts of its links home (a
    logo's, a footer's: "Liebe geht durch den Magen", "Am Rande der Realität", with an image's
    alt and title) and its feeds' titles ("Liebe geht durch den Magen » Feed")."""
    root = sel.root
    if not hasattr(root, "iter"):
        return set()
    texts = [t for a in root.iter("a") if _links_home(a, host) for t in _labels(a)]
    for link in root.iter("link"):
        if "alternate" in (link.get("rel") or "") and "xml" in (link.get("type") or ""):
            texts.append(_SEPARATOR.split(text_value(link.get("title") or ""))[0])
    return {_key(t) for t in texts if len(t) <= SECTION} - {""}


def name_parts(sel: Selector, ld: dict[str, Any]) -> set[str]:
    """Keys of the parts of the site's given names between their separators: a name that
    joins the publisher's and the site's ("産経新聞：産経ニュース") names it by either."""
    publisher = ld.get("publisher")
    given = [meta(sel, "og:site_name", "application-name")]
    given.append(publisher.get("name") if isinstance(publisher, dict) else None)
    parts = [p for g in given if isinstance(g, str) for p in _SEPARATOR.split(text_value(g))]
    return {_key(p) for p in parts} - {""} if len(parts) > 1 else set()


def labelled_names(sel: Selector) -> set[str]:
    """Keys of the labels the page's body gives its elements (alt, title, aria-label: a logo's
    "Gizmodo Japan", a footer link's title="Piratenwiki"): weaker than shown_names, a name the
    site's <title> may end in."""
    root = sel.root
    body = next(root.iter("body"), None) if hasattr(root, "iter") else None
    if body is None:
        return set()
    labels = (e.get(name) for e in body.iter() if isinstance(e.tag, str) for name in _LABELS)
    return {_key(t) for t in labels if t and len(t) <= SECTION} - {""}


_LABELS = ("alt", "title", "aria-label")


def _links_home(a: Any, host: str) -> bool:
    found = _HOME_HREF.fullmatch((a.get("href") or "").strip())
    if not found or not (found.group(1) or found.group(2)):
        return False
    return found.group(1) is None or found.group(1).lower() == host


def _labels(a: Any) -> list[str]:
    """A link's text and title, and its images' alt and title."""
    found = [_text(a), a.get("title")]
    found += [img.get(key) for img in a.iter("img") for key in ("alt", "title")]
    return [t.strip() for t in found if t and t.strip()]

"""Bylines: the elements a page marks as its author's or byline ("Von: A, B", "By <a>A</a>
<a>B</a>"), read apart from the structured credits of authors.py."""

from __future__ import annotations

import re
from typing import Any

from parsel import Selector

from newscrawl.extract.markup import may_match
from newscrawl.extract.metadata.credits import elsewhere, headline_article
from newscrawl.extract.metadata.names import credited_names, is_account
from newscrawl.extract.metadata.organizations import is_organization
from newscrawl.extract.text import element_text

# A comment form's "Name *" field and the commenters' names are not the article's; a
# comment section never holds the headline (a WordPress <body class="... hidecomments">
# holds the whole page).
_NOT_COMMENTS = (
    "[not(ancestor-or-self::form)"
    ' and not(ancestor-or-self::*[contains(@class, "comment")][not(.//h1)])'
    # a quotation's author: "<blockquote>..</blockquote><cite class="author">A, role</cite>"
    " and not(ancestor-or-self::blockquote)"
    " and not(ancestor-or-self::cite[preceding-sibling::*[1][self::blockquote]])]"
)
# "Author", "author", "Byline", "byline" in a class or an id (translate() is 5x slower)
_BYLINE_MARKED = (
    '//*[contains(@class, "uthor") or contains(@class, "yline")'
    f' or contains(@id, "uthor") or contains(@id, "yline")]{_NOT_COMMENTS}'
)
# The word in the other languages of the corpus: "autor", "autore", "auteur", "writer".
_BYLINE_MARKED_ELSE = (
    '//*[contains(@class, "autor") or contains(@class, "Autor") or contains(@class, "auteur")'
    f' or contains(@class, "writer") or contains(@class, "reporter")]{_NOT_COMMENTS}'
)
# A component's test or analytics name where the classes are hashed: '<div class="sc-e56a11"
# data-testid="byline-contributors">', '<div data-component="byline-block">'.
_BYLINE_DATA = (
    '//*[contains(@data-testid, "yline") or contains(@data-testid, "uthor")'
    ' or contains(@data-component, "yline") or contains(@data-component, "uthor")'
    ' or contains(@data-module, "yline") or contains(@data-module, "uthor")]'
    f"{_NOT_COMMENTS}"
)
_NO_TEXT = frozenset(["script", "style", "noscript", "template", "meta", "link", "img", "svg"])
# An avatar beside the name is fine; code or a template inside would be read as text.
_HIDDEN_TEXT = ("script", "style", "noscript", "template")


def byline(sel: Selector) -> list[str]:
    """The names in the first short element the page marks as author or byline ("Von: A, B")
    that names a person, else the first organization or desk named ("Redaktion 1. November")."""
    root = sel.root
    if not hasattr(root, "xpath"):
        return []
    home = headline_article(root)
    # the other languages' words only where no element says "author" or "byline" (the query
    # over every element's class is what bylines cost)
    return (
        _marked_byline(_search(root, _BYLINE_MARKED), home)
        or _marked_byline(_search(root, _BYLINE_MARKED_ELSE), home)
        or _marked_byline(root.xpath(_BYLINE_DATA), home)
    )


def _search(root: Any, query: str) -> list[Any]:
    return root.xpath(query) if may_match(root, query) else []  # a page naming no word: none


def _marked_byline(elements: list[Any], home: Any) -> list[str]:
    desk: list[str] = []
    for element in elements:
        if element.tag in _NO_TEXT or next(element.iter(*_HIDDEN_TEXT), None) is not None:
            continue
        if elsewhere(element, home):  # a teaser's or a menu's byline
            continue
        text = _byline_text(element)
        if text.startswith(_COPYRIGHT):  # a picture's credit: "© Getty Images"
            continue
        if 3 <= len(text) <= 120 and len(text.replace("|", " ").split()) <= 14:
            found = credited_names(text) or _profile_name(element) or _leading_desk(text)
            if not all(is_organization(n) for n in found):
                return _bounded(found, element)
            desk = desk or found
    return desk


def _bounded(names: list[str], byline: Any) -> list[str]:
    """Each name cut to the element of the byline that holds it alone where the text after
    that element ran on into it: a role or an outlet beside the name ('<strong>LAURE
    BRETTON</strong> Envoyés spéciaux', '<span>Mike Isaac</span><span>New York Times</span>');
    not where a link holds the whole name ('<a><span>Marlene Lundberg</span> <span>Holm</span>
    </a>': a link to the author's page names one person)."""
    if len(byline) == 0:
        return names
    texts = {element_text(e) for e in byline.iterdescendants() if isinstance(e.tag, str)}
    linked = {element_text(a) for a in byline.iter("a")}
    return [
        n if n in linked else max((t for t in texts if _starts(n, t)), key=len, default=n)
        for n in names
    ]


def _starts(name: str, text: str) -> bool:
    return " " in text and name.startswith(f"{text} ")


_COPYRIGHT = ("©", "(c)", "(C)", "Copyright", "copyright")


def _byline_text(element: Any) -> str:
    """The byline's text, children's texts apart ("<a>Name</a><span>Staff Writer</span>" is
    two texts), and a "|" between the names of its own blocks and links: a byline that lists
    its authors without a word between them ("<address>A</address><address>B</address>")."""
    text = _SEPARATORS.sub(" | ", _texts(element))
    return " ".join(_JOINED.sub(r" \1 ", text).split()).strip(" |")


def _texts(element: Any) -> str:
    # a separator in an element of its own stays ("<span>A</span><span> | </span><span>B")
    text = element.text or ""
    for child in element:
        if isinstance(child.tag, str) and child.tag not in _HIDDEN_TEXT and not _role(child):
            inner = _texts(child)
            if child.tag in _NAME_APART:
                text += f" | {inner} | "
            else:
                text += _space(text, inner) + inner
        tail = child.tail or ""
        text += _space(text, tail) + tail
    return text


def _space(before: str, after: str) -> str:
    """A space between two texts, but none inside a word that inline markup splits ('Molly
    Woo<span class="last-letter">d</span>'): a browser shows one word there."""
    return "" if before[-1:].isalpha() and after[:1].islower() else " "


def _role(element: Any) -> bool:
    """Whether a byline's child holds its author's role or employer, not names: a class or
    itemprop whose last word is "title" ('<span class="byline-title">BBC Brasil, Santa
    Maria</span>', "jobTitle"; not "title-small") or that says position, role or job."""
    marked = f"{element.get('class', '')} {element.get('itemprop', '')}".lower()
    return any(word.endswith("title") for word in marked.split()) or any(
        word in marked for word in _ROLE_WORDS
    )


_ROLE_WORDS = ("position", "role", "job")


# Elements that hold one author each where a byline lists several.
_NAME_APART = frozenset(["a", "address", "div", "p", "li", "dd"])
_SEPARATORS = re.compile(r"(?:\s*\|\s*)+")
# The byline's own joining word between two such elements stays: "<a>A</a> and <a>B</a>".
_JOINED = re.compile(
    r"(?:\|\s*)?(?<![^\s|])(and|und|&|et|y|e|og|en|och|,)(?![^\s|])(?:\s*\|)?", re.IGNORECASE
)


def _profile_name(element: Any) -> list[str]:
    """The one word of a byline that links to the author's profile: an account's name
    ('<span class="author"><a href="/user,profile,30,lars.html">Lars</a></span>')."""
    links = element.xpath("descendant-or-self::a[@href]")
    if len(links) != 1 or not _PROFILE_HREF.search(links[0].get("href", "")):
        return []
    words = "".join(links[0].itertext()).split()
    named = len(words) == 1 and _LETTER.search(words[0]) and not is_account(words[0])
    return words if named else []


_PROFILE_HREF = re.compile(r"author|autor|user|profil|member|people|staff|redakt", re.I)
_LETTER = re.compile(r"[^\W\d_]")


def _leading_desk(text: str) -> list[str]:
    """A desk's one word that opens a byline: "Redaktion 1. November 2023 10:29"."""
    first = text.split()[0].strip(":,")
    return [first] if first.isalpha() and is_organization(first) else []

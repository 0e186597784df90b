"""Credits a page does not mark as bylines: lines ("Von <a>A</a> und <a>B</a><br>...",
"<span>By</span><span><a>A</a></span>", "Geschrieben von <a>handle</a> am 25.08.2015"),
and labels ("<strong>Autor</strong> A")."""

from __future__ import annotations

import re
from typing import Any

from parsel import Selector

from newscrawl.extract.metadata.names import credit_names, credited_names, is_capitalized_name
from newscrawl.extract.metadata.title import _text
from newscrawl.extract.text import element_text

# Elements a credit line is written in; a <p> may go on with the article after a <br>.
_LINE_TAGS = (
    "p",
    "div",
    "span",
    "li",
    "cite",
    "td",
    "address",
    "small",
    "em",
    "i",
    "strong",
    "h4",
    "h5",
    "h6",
)
# Children that end the first line of an element.
_LINE_ENDS = frozenset(
    ["br", "p", "div", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "figure"]
)
# The words a credit opens with, up to two words before them ("Geschrieben von", "Ein Beitrag
# von"): checked on an element's first text before its line is put together.
_OPENS = re.compile(
    r"[\s\-–—|·•]*(?:[^\W\d_]+\s+){0,2}?(?:by|von|por|par|door|di|av|af|autor(?:in|en)?|"
    r"authors?|auteurs?|autore|redaktion|text|texte|testo)\b",
    re.IGNORECASE,
)
# An article's own <footer> or <aside> may hold its byline; the page's hold other pages'.
_SKIPPED = (
    "[not(ancestor::nav or ancestor::form or ancestor::footer[not(ancestor::article)]"
    " or ancestor::aside[not(ancestor::article)])]"
)
_PARENTHESIS = re.compile(r"\s*\([^()]*\)")  # a role or a unit: "(Pressesprecher des EJW)"
_MAX_LINE = 120


def credit_line(sel: Selector) -> list[str]:
    """The people of the first short line that is only a credit ("von Daniela Obers", "Ein
    Beitrag von A", "Auteur : B", "Geschrieben von <a>handle</a> am ..."), on pages that mark
    no byline: capitalized full names, else a name set apart in its own element (a CMS's
    account, credited where the article's text credits nobody by full name)."""
    root = sel.root
    if not hasattr(root, "xpath"):
        return []
    handles: list[str] = []  # "Gespeichert von <span>rasos</span>": when no full name is
    home = headline_article(root)
    for element in root.iter(*_LINE_TAGS):
        opening = _opening_text(element)
        if not opening or not _OPENS.match(opening):
            continue
        line, parts = _first_line(element)
        if len(line) > _MAX_LINE or elsewhere(element, home):
            continue
        found = credit_names(_PARENTHESIS.sub("", line), parts)
        if found and all(is_capitalized_name(n) for n in found):
            return found
        handles = handles or found
    return handles


def _opening_text(element: Any) -> str:
    """The element's first text: its own, else its first child's ("<span>By</span>...")."""
    text = (element.text or "").strip()
    if text or len(element) == 0:
        return text
    first = element[0]
    return (first.text or "").strip() if isinstance(first.tag, str) else ""


def _first_line(element: Any) -> tuple[str, set[str]]:
    """The element's text up to its first <br> or block child, white space folded; and the
    texts of the inline elements in it (a name set apart: "<a>handle</a>")."""
    pieces, parts = [element.text or ""], set[str]()
    for child in element:
        if not isinstance(child.tag, str):
            pieces.append(child.tail or "")
            continue
        if child.tag in _LINE_ENDS:
            break
        inner = element_text(child)
        pieces += [" ", inner, " ", child.tail or ""]
        parts.add(inner)
        if sum(len(p) for p in pieces) > _MAX_LINE * 2:
            break
    return " ".join("".join(pieces).split()), parts


def headline_article(root: Any) -> Any:
    """The <article> of the page's first <h1>, if it is in one."""
    h1 = next(root.iter("h1"), None)
    return _article_of(h1) if h1 is not None else None


def elsewhere(element: Any, home: Any) -> bool:
    """Whether a credit is of another page: in a menu, the page's footer, a form, a teaser's
    link ("<a><h3>..</h3><div>Von A</div></a>"), or an <article> other than the headline's."""
    if not element.xpath(f"self::*{_SKIPPED}") or _in_teaser_link(element):
        return True
    article = _article_of(element)
    return article is not None and home is not None and article is not home


def _in_teaser_link(element: Any) -> bool:
    """Whether the element is in a link that holds more than it (a teaser's headline): a
    byline's name is often a link to the author's page."""
    link = next(element.iterancestors("a"), None)
    if link is None:
        return False
    return len("".join(link.itertext()).strip()) > len("".join(element.itertext()).strip()) + 30


def _article_of(element: Any) -> Any:
    return next(element.iterancestors("article"), None)


# A field's label: "<strong>Autorin/Autor</strong> Roman Goncharenko", "<dt>Author:</dt><dd>...",
# "<h4>Autor</h4><p>...", "<span>Author: </span><span>...": any element whose whole text it is.
_AUTHOR_LABEL = re.compile(
    r"(?:autor(?:[*:_]?in(?:nen)?)?|autoren|authors?|auteurs?|autore)(?:\s*/\s*autor(?:in)?)?\s*:?"
    r"|by|von|por|par|door",  # "<p class='label'><strong>By</strong></p><p>Todd Bates</p>"
    re.I,
)
_LABELS = ("strong", "b", "dt", "th", "span", "h4", "h5", "h6", "label", "p")


def labelled_authors(sel: Selector) -> list[str]:
    """The names after the first label that says "author" (the label's own text alone)."""
    root = sel.root
    for label in root.iter(*_LABELS) if hasattr(root, "iter") else ():
        if not _AUTHOR_LABEL.fullmatch(element_text(label)):
            continue
        following = _next_element(label)
        value = (label.tail or "").strip() or (_text(following) if following is not None else "")
        found = credited_names(value) if len(value) <= 80 else []
        if found:
            return found
    return []


def _next_element(element: Any) -> Any:
    """The element after `element`, or after the nearest of its two parents that has one
    (a label alone in its field: "<div><p><strong>By</strong></p></div><div><p>A</p></div>")."""
    at = element
    for _ in range(3):
        following = at.getnext()
        while following is not None and not isinstance(following.tag, str):
            following = following.getnext()  # a comment between the two
        if following is not None:
            return following
        at = at.getparent()
        if at is None:
            return None
    return None

"""People credited by a page: JSON-LD, author <meta> tags, author links and bylines, then the
credits of credits.py and datelines.py."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from parsel import Selector

from newscrawl.extract.markup import may_match
from newscrawl.extract.metadata.author_tags import card_credit, parsely_authors, tag_values
from newscrawl.extract.metadata.bylines import byline
from newscrawl.extract.metadata.credits import (
    credit_line,
    labelled_authors,
)
from newscrawl.extract.metadata.datelines import dated_name, headline_credit, signed_paragraph
from newscrawl.extract.metadata.fields import (
    _key,
    _nodes,
    canonical,
    json_ld_node,
    site_names,
    text_value,
)
from newscrawl.extract.metadata.names import is_full_name, split_names
from newscrawl.extract.metadata.organizations import is_organization
from newscrawl.extract.text import element_text


def authors(sel: Selector, ld: dict[str, Any], url: str = "") -> list[str]:
    """People credited: JSON-LD persons, else the first of author <meta> tags, rel/itemprop
    author links, hCard names, bylines, profile links, "Author" labels and credit lines that
    names a person; an organization (the site, its desk) only when no person is named."""
    # the page's own address names the site too where it was fetched from elsewhere (a mirror)
    names = site_names(sel, ld, url) | site_names(sel, ld, canonical(sel, url))
    credited, people = _ld_credits(sel, ld)
    persons = [n for n in people if _is_person(n, names)]
    labels = _editor_labels(sel) if persons else []  # one search of the page for all names
    persons = [n for n in persons if not _edited(labels, n)]
    if persons and not _partial(persons):
        # with the desks credited beside them
        return _unique(credited + _continued(sel, persons, names))
    # the site's name is one name, though it may read as two ("Jobs & Hire")
    tagged = [name for value in tag_values(sel) for name in _tagged_names(value, names)] or [
        name for value in parsely_authors(sel) for name in _tagged_names(value, names)
    ]
    groups: list[Callable[[], list[str]]] = [
        # the byline's own markup first: an author <meta> may be the site's or its CMS's
        # ("Matthias Hille - Lukas Balbach" on every page), or glue the outlet to the name
        lambda: _linked_names(sel, _AUTHOR_LINKS),
        lambda: tagged,
        lambda: card_credit(sel),
        lambda: _linked_names(sel, _HCARD_NAMES),
        lambda: byline(sel),
        # a person's name, not "Authors" or "More"
        lambda: [n for n in _profile_names(sel)[:3] if is_full_name(n)],
        lambda: labelled_authors(sel),
        lambda: headline_credit(sel),
        lambda: credit_line(sel),
        lambda: dated_name(sel),
        lambda: signed_paragraph(sel),
    ]
    # a JSON-LD first name or handle alone ("Todd") is the person a later group names in full
    found, desks = _first_named(groups, names, persons)
    if found and _partial(found):
        return _unique([_spelled_out(sel, name) for name in found])
    if found:
        return _unique(found)
    return _unique(_desk([credited, tagged, desks, _agency(sel)], names))


def _continued(sel: Selector, persons: list[str], names: set[str]) -> list[str]:
    """The co-authors an author <meta> lists after the JSON-LD's one person ('<meta
    property="author" content="A,B">' beside {"author": {"name": "A"}}): a CMS that writes
    one person into its JSON-LD writes the byline's list into the tag. Author links and
    bylines beside the JSON-LD are no such evidence (they credit editors and teasers too)."""
    if len(persons) != 1:
        return []
    first = _key(persons[0])
    for value in tag_values(sel):
        found = split_names(value)
        if len(found) > 1 and _key(found[0]) == first and all(_co_author(n, names) for n in found):
            return found[1:]
    return []


def _co_author(name: str, names: set[str]) -> bool:
    return _is_person(name, names) and is_full_name(name)


def _agency(sel: Selector) -> list[str]:
    """The news agency an element marked as the article's source names under the text
    ('<div class="m-source"><div>DPA</div></div>'): where the credits name only the site."""
    if not may_match(sel.root, _SOURCES):  # a page naming none of its words
        return []
    texts = (_unmarked(t) for t in sel.xpath(_SOURCES).xpath("string()").getall())
    found = [t for t in texts if 2 <= len(t) <= 40 and is_organization(t)]
    return found[-1:]


def _unmarked(text: str) -> str:
    """The text without the separator a layout sets before or after it ('| FoxNews.com')."""
    return " ".join(text.split()).strip(_SEPARATORS)


_SEPARATORS = " |·•/–—-,;:"


_SOURCES = (
    '//*[contains(@class, "source") or contains(@class, "quelle") or contains(@class, "fuente")'
    ' or contains(@class, "agency") or contains(@class, "agentur")]'
    "[not(ancestor::figure or ancestor::script or ancestor::a)]"
)


def _editor_labels(sel: Selector) -> list[Any]:
    if not may_match(sel.root, _EDITOR_TEXTS):  # a page whose text has none of its words
        return []
    return sel.root.xpath(_EDITOR_TEXTS) if hasattr(sel.root, "xpath") else []


def _edited(labels: list[Any], name: str) -> bool:
    """Whether the page shows the name as its editor's ("Editor : Heryadi" under the byline
    "Naufal Zuhdi"): a CMS may credit the editor who published the article in its JSON-LD.
    `labels`: _editor_labels of the page."""
    pattern = re.compile(rf"(?:{_EDITOR_LABELS})\s*[:：]?\s*{re.escape(name)}", re.I)
    for label in labels:
        element = label.getparent()
        # a label alone in its element ("<span>Editor:</span> <a>Heryadi</a>")
        if len(" ".join(element.itertext())) < len(label) + 3 and element.getparent() is not None:
            element = element.getparent()
        if pattern.search(" ".join(" ".join(element.itertext()).split())):
            return True
    return False


_EDITOR_LABELS = (
    r"editor|edited by|redaktur|penyunting|editado por|a cura di|redigiert von|责任编辑|編集"
)
_EDITOR_TEXTS = (
    "//body//text()[contains(., 'ditor') or contains(., 'dited') or contains(., 'edaktur')"
    " or contains(., 'enyunting') or contains(., 'ditado') or contains(., 'cura di')"
    " or contains(., 'edigiert') or contains(., '责任编辑') or contains(., '編集')]"
    "[not(ancestor::script or ancestor::style)]"
)


def _spelled_out(sel: Selector, partial: str) -> str:
    """A handle of two names ("christian.stadtfeld") as the page's text writes it in full
    ("(Christian P. Stadtfeld) +++"), else as it was credited (a first name alone is too
    often another word's neighbour: "Paul December", "Nils Autor")."""
    words = _HANDLE_WORDS.split(partial)
    if len(words) != 2 or not all(w.isalpha() for w in words):
        return partial
    text = " ".join(sel.root.xpath("//body//text()[not(ancestor::script)]"))
    pattern = rf"\b({words[0]}\s+(?:\w\.\s+)?{words[1]})\b"
    match = re.search(pattern, " ".join(text.split()), re.IGNORECASE)
    return match.group(1) if match and is_full_name(match.group(1)) else partial


_HANDLE_WORDS = re.compile(r"[._-]")


def _first_named(
    groups: list[Callable[[], list[str]]], names: set[str], partial: list[str]
) -> tuple[list[str], list[str]]:
    """The persons of the first group that names any, each group looked at only when the ones
    before named nobody; a handle or a first name alone ("mikecason", "Nils") only when no
    later group names the same person in full. And the first group's names that are not
    persons (the site's own staff: "ZDNet Japan Staff"), for when nobody is named."""
    desks: list[str] = []
    for group in groups:
        found = group()
        persons = [n for n in found if _is_person(n, names)]
        if persons and partial:
            if _completes(persons, partial):
                return persons, desks
        elif persons and _partial(persons):
            partial = persons
        elif persons:
            return persons, desks
        desks = desks or found
    return partial, desks


def _partial(persons: list[str]) -> bool:
    """Whether the names are all a handle or a first name alone ("mikecason", "Nils")."""
    return all(" " not in n and not is_full_name(n) for n in persons)


def _completes(full: list[str], partial: list[str]) -> bool:
    """Whether a full name is a partial one's: "Mike Cason" of "mikecason", "Nils Pickert" of
    "Nils", "Christian P. Stadtfeld" of "christian.stadtfeld"."""
    return any(_completed(f.split(), p) for f in full if " " in f for p in partial)


def _completed(words: list[str], partial: str) -> bool:
    key, first, last = _key(partial), _key(words[0]), _key(words[-1])
    if _key("".join(words)) == key:
        return True
    if partial.isalpha() and partial[0].isupper():  # a first name
        return first == key
    return first != key and key.startswith(first) and key.endswith(last)


def _tagged_names(value: str, names: set[str]) -> list[str]:
    found = split_names(value)
    return [text_value(value)] if len(found) > 1 and _is_site(value, names) else found


def _desk(groups: list[list[str]], names: set[str]) -> list[str]:
    """The organizations credited where nobody is: the first group's agency or desk, else the
    site's own name."""
    others = ([n for n in found if not _is_site(n, names)] for found in groups)
    return next((found for found in others if found), None) or next((g for g in groups if g), [])


def _ld_credits(sel: Selector, ld: dict[str, Any]) -> tuple[list[str], list[str]]:
    """The names the JSON-LD article credits, and those of them that are not organizations."""
    credited, people = list[str](), list[str]()
    found = ld.get("author") or _graph_author(sel)
    for item in found if isinstance(found, list) else [found] if found else []:
        if isinstance(item, dict) and "name" not in item and isinstance(item.get("@id"), str):
            item = json_ld_node(sel, item["@id"])
        kind = item.get("@type") if isinstance(item, dict) else "Person"
        name = item.get("name") if isinstance(item, dict) else item
        if isinstance(name, str):
            credited.extend(split_names(name))
            if kind != "Organization":
                people.extend(split_names(name))
    return credited, people


def _graph_author(sel: Selector) -> Any:
    """The author of the first JSON-LD article that names one, where the page's first
    article-like node (often its WebPage) names none."""
    for raw in sel.xpath('//script[@type="application/ld+json"]/text()').getall():
        try:
            data = json.loads(raw)
        except ValueError:
            continue
        for node in _nodes(data):
            kinds = node.get("@type")
            named = " ".join(kinds) if isinstance(kinds, list) else str(kinds)
            if node.get("author") and ("Article" in named or "Posting" in named):
                return node["author"]
    return None


def _linked_names(sel: Selector, query: str) -> list[str]:
    """The first names (5 at most) of the links `query` finds in the first one's article:
    teasers of other articles (each its own <article>, or a block under a linked heading),
    comments, menus and the page's footer credit other pages."""
    links = sel.xpath(f"({query}){_OUTSIDE_PAGE_PARTS}")
    home = _article_of(links[0].root) if links else None
    byline = _byline_of(links[0].root) if links else None
    names: list[str] = []
    tested = 0
    for link in links:
        if _article_of(link.root) is not home:
            continue
        # the first link's own byline lists co-authors; a later link may be a teaser's
        if link.root is not byline and byline not in link.root.iterancestors():
            tested += 1
            if tested > _MOST_TESTED:
                break
            if _teaser(link.root):
                continue
        text = _link_text(link.root)
        # a longer link is an author's box ("A Tokyo-based French, fan of puns. More by A")
        names += split_names(text) if len(text) <= _LONGEST_CREDIT else []
        if len(names) >= _MOST_NAMES:
            break
    return names[:_MOST_NAMES]


_MOST_TESTED = 100  # each teaser test reads a few blocks around its link
_MOST_NAMES = 5
_LONGEST_CREDIT = 80


def _byline_of(link: Any) -> Any:
    """The largest element around the first author link that is still short (the byline
    that lists the article's authors: "By <a>A</a> and <a>B</a>, June 4")."""
    holder = link
    for parent in link.iterancestors():
        if _longer(parent, _BYLINE_TEXT):
            break
        holder = parent
    return holder


def _longer(element: Any, limit: int) -> bool:
    """Whether the element's text, white space folded, is longer than `limit` (read only as
    far as needed: the first ancestor too long is often the whole page)."""
    text, checked = "", limit
    for piece in element.itertext():
        text += piece
        if len(text) > checked:  # white space may fold: measured again at twice the length
            if len(" ".join(text.split())) > limit:
                return True
            checked = 2 * len(text)
    return len(" ".join(text.split())) > limit


_BYLINE_TEXT = 200


def _teaser(link: Any) -> bool:
    """Whether an author link is in a teaser: a block a few levels up whose heading links to
    another page, not the headline's."""
    for level, parent in enumerate(link.iterancestors()):
        if level >= _TEASER_LEVELS or next(parent.iter("h1"), None) is not None:
            return False
        if parent.xpath(_LINKED_HEADING):
            return True
    return False


_TEASER_LEVELS = 5
_LINKED_HEADING = "(.//h2 | .//h3 | .//h4 | .//h5 | .//h6)[.//a[@href] or ancestor::a[@href]]"


def _profile_names(sel: Selector) -> list[str]:
    """The names of the profile links after the page's headline, else of all: the links of a
    strip of columnists or teasers above the headline are other articles'."""
    after = _linked_names(sel, f"(//h1)[1]/following::{_PROFILE_LINK}")
    return after or _linked_names(sel, f"//{_PROFILE_LINK}")


def _link_text(element: Any) -> str:
    """The text of an author link, or the content of a <meta> that gives an author item's
    name ('<meta itemprop="name" content="Sophie Foster">'); a <meta> that is the author
    itself ('<meta itemprop="author" content="LBCI">') is the site's own credit. A link that
    holds the author item's name beside its role reads the name ('<a rel="author"><h4
    itemprop="name">Georg Blume</h4><h5 itemprop="role">Auslandskorrespondent</h5></a>')."""
    named = element.xpath('.//*[@itemprop="name"]') if len(element) else []
    text = element_text(named[0] if named else element)
    return text or (element.get("content", "") if element.get("itemprop") == "name" else "")


# An article's own <footer> holds its byline; the page's footer holds the theme's credits, a
# <figure> its picture's.
_OUTSIDE_PAGE_PARTS = (
    # a <nav> of article links, though a microdata author in one is the article's own (a
    # byline set as a breadcrumb: "<nav><a>All India</a> Edited by <span itemprop=author>")
    '[not(ancestor::nav[not(.//*[@itemprop="author"])] or ancestor::aside or ancestor::figure'
    " or ancestor::footer[not(ancestor::article)]"
    ' or ancestor::*[contains(@class, "comment")][not(.//h1)]'
    # a microdata item inside the page's (a citation, a review) credits its own authors
    ' or ancestor::*[@itemscope and not(@itemprop="author")][1][@itemprop])]'
)


def _article_of(element: Any) -> Any:
    return next(element.iterancestors("article"), None)


def _is_person(author: str, names: set[str]) -> bool:
    return not _is_site(author, names) and not is_organization(author)


def _is_site(author: str, names: set[str]) -> bool:
    """Whether an "author" is the site itself ("STERN.de", "Deutsche Welle (www.dw.com)")."""
    key = _key(author)
    return any(key == n or (len(n) > 3 and n in key) for n in names)


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(_key(name), name)
    return list(seen.values())


_AUTHOR_LINKS = (
    '//a[@rel="author"] | //*[@itemprop="author"][not(*[@itemprop="name"])]'
    ' | //*[@itemprop="author"]/*[@itemprop="name"]'
)
# The hCard microformat's formatted name ("fn") of an author's card: a name even as one word
# (a blog's handle: '<span class="author vcard"><a class="url fn n">tlow</a></span>').
_HCARD_NAMES = (
    '//*[contains(@class, "author") and not(contains(@class, "comment"))]'
    '[contains(concat(" ", normalize-space(@class), " "), " vcard ")]'
    '/descendant-or-self::*[contains(concat(" ", normalize-space(@class), " "), " fn ")]'
)
_PROFILE_LINK = (
    'a[contains(@href, "/author/") or contains(@href, "/authors/")'
    ' or contains(@href, "/autor/") or contains(@href, "/autoren/")]'
)

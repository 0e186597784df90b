"""trafilatura's searches for the content area (BODY_XPATH), for boilerplate to prune in it
(OVERALL_DISCARD_XPATH) and for what its baseline and its measure of the page's text leave out
(BASIC_CLEAN_XPATH) as Python walks with the same regexes, used while votes.py reads a page.

Those XPath expressions call `re:test` for every candidate element, up to three times each:
lxml runs it as a Python callback that builds a node set and looks its regex up each time.
Here Python tests the candidates that hold an attribute the expressions read, with the same
regexes (answers kept per class or id string), and stops at the first content area.
`searches()` puts them in place of trafilatura's for the time of one reading, only while
trafilatura's expressions are the ones mirrored (their text's digest, `MIRRORED_DIGEST`);
tests/extract/test_body_xpaths.py fails when they change, and holds both to the same elements
on saved pages.
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache, lru_cache
from typing import Any

from lxml import etree

Element = Any  # lxml.etree._Element (lxml ships no type stubs)
Search = Callable[[Element], list[Element]]

MIRRORED_DIGEST = "a484c3e5edbd79be3e02a84d253c89caa2617ccef5e4a3840cb790682a45da1a"


def _test(pattern: str, flags: int = 0) -> Callable[[str], bool]:
    """`re:test(text, pattern)` as a function of the text, its answers kept: a page repeats
    its classes and ids, and trafilatura searches the same page several times."""
    search = re.compile(pattern, flags).search

    @lru_cache(maxsize=2048)
    def test(text: str) -> bool:
        return search(text) is not None

    return test


# re:test's regexes, as trafilatura 2.3.1's xpaths.py composes them.
_DISCARD_ID = _test(
    "^shar|social|viral|newsletter|syndication|tags|sidebar|banner|bread-?crumb|button|author"
    "|^(?:jp-|dpsp-content)|bmdh|footer|Footer|share|Share|nav|Nav|menu|related"
    "|message-container|premium|^ad-"
)
_DISCARD_CLASS = _test(
    "^shar|social|viral|newsletter|syndication|tags|sidebar|banner|bread-?crumb|button|author"
    "|^(?:nav|post-nav|ZendeskForm)|subnav|avigation|navbar|navbox|menu|bar| ad |-ad-"
    "|(?:^| )ad-|dfp[Aa]d|outbrain|taboola|criteo|paid-?content|widget|footer|Footer|byline"
    "|Byline|share-|sociable|embedded|embed|tag-list|consent|modal-content|permission|elated"
    "|next-|-stories|most-popular|more-on|meta|rating|attachment|timestamp|user-info"
    "|user-profile|-icon|article-infos|message-container|slide|viewport|overlay|options|expand"
    "|obfuscated|blurred|mol-factbox|yin|zlylin|nfoline"
)
_HIDDEN_ID = _test("reader-comments|akismet")
_HIDDEN_CLASS = _test(
    "^hide-|comments-title|nocomments|-reply-|message|akismet|suggest-links|-hide-|hide-print"
    "| hidden| hide|noprint|notloaded"
)
_ARTICLE_ID = _test(
    "(?:entry|article|art)-content|article__content|article(?:-|__)?body|articleBody|body-text"
)
_ARTICLE_CLASS = _test(
    "post[-_]text|post-body|post-?entry|post[-_]?content|postContent|post_inner_wrapper"
    "|article-?text|articleText|(?:entry|page|text|article|art)-content|article__content"
    "|article(?:-|__)?body|articleBody|ArticleContent|body-text|article__container"
)
_STORY_ID = _test("^primary|story-body")
_FULLTEXT = _test("fulltext", re.IGNORECASE)
_STORY_CLASS = _test(
    "^article |post-bodycopy|story-?content|(?:theme|blog|section|single)-content|single-post"
    "|main-column|wpb_text_column|story-body|field-body"
)
_COOKIE_CONSENT = _test(
    "cookie[-_]?(?:banner|bar|consent|law|notice|policy|description)|notice[-_]{0,2}cookie"
    "|consent[-_]?(?:banner|manager|sdk)|borlabs|cookiebot|cmplz|onetrust|moove[-_]?gdpr",
    re.IGNORECASE,
)
_CLEANED_TAGS = frozenset(("aside", "fencedframe", "footer", "script", "style", "svg", "template"))
_MAIN_ID = _test("content-main|content-body|contentBody")
_MAIN_CLASS = _test("content[-_]main|content(?:-|__)body")
_CM = str.maketrans("CM", "cm")
_CP = str.maketrans("CP", "cp")
_STORY_CLASSES = frozenset(("postarea", "art-postcontent", "text", "cell", "story"))
_AREAS = ("article", "div", "main", "section")

_DISCARD_TAGS = ("div", "item", "list", "p", "section", "span")
# The elements the hidden search may select: those holding an attribute it reads.
_HIDDEN_CANDIDATES = etree.XPath(".//*[@id or @class or @style or @aria-hidden]")


def _first(names: list[str], one: str, a: str | None, other: str, b: str | None) -> str:
    """The string XPath reads from `@one|@other` of an element with attributes `names` and
    those values (None where absent): the value of the one it holds first in its source."""
    if a is None or b is None:
        return a or b or ""
    return a if names.index(one) < names.index(other) else b


def discarded(tree: Element) -> list[Element]:
    """OVERALL_DISCARD_XPATH[0]: navigation, sharing, ads, bylines... by id, class or role."""
    found = []
    for e in tree.iterdescendants(*_DISCARD_TAGS):
        names = e.keys()
        if not names:
            continue
        id_, class_ = e.get("id"), e.get("class")
        if (
            (id_ is not None and _DISCARD_ID(id_))
            or (class_ is not None and _DISCARD_CLASS(class_))
            or (
                ("cookie" in (id_ or "") or "cookie" in (class_ or ""))
                and "cookie" in _first(names, "id", id_, "class", class_)
            )
            or "data-lp-replacement-content" in names
            or "nav" in (e.get("role") or "").replace("N", "n")
            or "MostPopularStories" in (e.get("data-component") or "")
        ):
            found.append(e)
    return found


def hidden(tree: Element) -> list[Element]:
    """OVERALL_DISCARD_XPATH[1]: hidden elements, replies, comment titles."""
    found = []
    for e in _HIDDEN_CANDIDATES(tree):
        class_, id_, style = e.get("class"), e.get("id"), e.get("style")
        c, i, s = class_ or "", id_ or "", style or ""
        if (
            c == "comments-title"
            or _HIDDEN_CLASS(c)
            or _HIDDEN_ID(i)
            or "display:none" in s
            or "display: none" in s
            or e.get("aria-hidden") == "true"
            or (
                (i.startswith("reply-") or c.startswith("reply-"))
                and _first(e.keys(), "id", id_, "class", class_).startswith("reply-")
            )
            or (
                ("hidden" in i or "hidden" in s)
                and "hidden" in _first(e.keys(), "id", id_, "style", style)
            )
        ):
            found.append(e)
    return found


def basic_cleaned(tree: Element) -> list[Element]:
    """settings.BASIC_CLEAN_XPATH (baseline's and html2txt's cleaning): asides, footers,
    scripts, cookie banners."""
    found = []
    for e in tree.iterdescendants(etree.Element):
        if e.tag in _CLEANED_TAGS:
            found.append(e)
            continue
        names = e.keys()
        if not names:
            continue
        class_, id_ = e.get("class"), e.get("id")
        if (
            (class_ is not None and _COOKIE_CONSENT(class_))
            or (id_ is not None and _COOKIE_CONSENT(id_))
            or (e.tag == "div" and "footer" in _first(names, "class", class_, "id", id_))
        ):
            found.append(e)
    return found


def _first_area(
    tree: Element, tags: tuple[str, ...], test: Callable[[Element], bool]
) -> list[Element]:
    """The first element of `tags` below `tree` that passes `test`, as a list."""
    return next(([e] for e in tree.iterdescendants(*tags) if test(e)), [])


def _article_body(e: Element) -> bool:
    class_, id_ = e.get("class"), e.get("id")
    return (
        class_ in ("post", "entry")
        or e.get("itemprop") == "articleBody"
        or id_ == "articleContent"
        or _ARTICLE_ID(id_ or "")
        or _ARTICLE_CLASS(class_ or "")
    )


def _story(e: Element) -> bool:
    class_, id_ = e.get("class") or "", e.get("id")
    return (
        e.get("role") == "article"
        or id_ in ("article", "story")
        or class_ in _STORY_CLASSES
        or _STORY_ID(id_ or "")
        or _FULLTEXT(class_)
        or _STORY_CLASS(class_)
    )


def _main_content(e: Element) -> bool:
    class_, id_ = e.get("class") or "", e.get("id") or ""
    return (
        id_ == "content"
        or class_ == "content"
        or _MAIN_ID(id_)
        or _MAIN_CLASS(class_)
        or "main-content" in id_.translate(_CM)
        or "main-content" in class_.translate(_CM)
        or "page-content" in class_.translate(_CP)
    )


def _main(e: Element) -> bool:
    return e.tag == "main" or any(
        (e.get(name) or "").startswith("main") for name in ("class", "id", "role")
    )


def _main_area(tree: Element) -> list[Element]:
    return _first_area(tree, _AREAS, _main)


BODY: list[Search] = [
    lambda tree: _first_area(tree, _AREAS, _article_body),
    lambda tree: _first_area(tree, ("article",), lambda e: True),
    lambda tree: _first_area(tree, _AREAS, _story),
    lambda tree: _first_area(tree, _AREAS, _main_content),
    _main_area,
]
DISCARD: list[Search] = [discarded, hidden]


def _digest(expressions: list[Any]) -> str:
    return hashlib.sha256("\n".join(x.path for x in expressions).encode()).hexdigest()


@cache
def mirrored() -> bool:
    """Whether the installed trafilatura's expressions are the ones mirrored here."""
    from trafilatura import settings, xpaths

    expressions = [*xpaths.BODY_XPATH, *xpaths.OVERALL_DISCARD_XPATH, settings.BASIC_CLEAN_XPATH]
    return _digest(expressions) == MIRRORED_DIGEST


@contextmanager
def searches() -> Iterator[None]:
    """trafilatura with these searches in place of its XPath expressions (when `mirrored`);
    its own again afterwards. Another thread's extraction meanwhile uses either, which find
    the same elements."""
    from trafilatura import main_extractor, settings, xpaths

    if not mirrored():
        yield
        return
    # the globals its _extract, prune_unwanted_sections and basic_cleaning read
    extractor, baseline = vars(main_extractor), vars(sys.modules["trafilatura.baseline"])
    extractor.update(BODY_XPATH=BODY, OVERALL_DISCARD_XPATH=DISCARD)
    baseline.update(BASIC_CLEAN_XPATH=basic_cleaned)
    try:
        yield
    finally:
        extractor.update(
            BODY_XPATH=xpaths.BODY_XPATH, OVERALL_DISCARD_XPATH=xpaths.OVERALL_DISCARD_XPATH
        )
        baseline.update(BASIC_CLEAN_XPATH=settings.BASIC_CLEAN_XPATH)

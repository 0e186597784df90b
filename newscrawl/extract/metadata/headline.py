"""The parts a site glues before a headline: a kicker ("Chronik: ", "Olympische Spiele in
Paris - "), found by the page's other headlines or by the <h1>'s markup."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import islice, product
from typing import Any

from newscrawl.extract.metadata.fields import _FOLD, _SEPARATOR, _key

# Where a site glues a kicker before the headline: a separator, or a colon and a space.
_KICKER_END = re.compile(_SEPARATOR.pattern + r"|:\s+")


def without_kicker(text: str, others: list[str]) -> str:
    """`text` without a leading kicker ("Chronik: ", "Durch die Gegend | "): the part after a
    separator when another of the page's headlines is that part alone."""
    other_keys = {_key(o) for o in others} - {"", _key(text)}
    for sep in _KICKER_END.finditer(text):
        rest = text[sep.end() :].strip()
        if _key(rest) in other_keys:
            return rest
    return text


def shared_rests(texts: list[str]) -> list[str]:
    """The headline two of the page's headlines say after kickers that share no word
    ("Vorschauen: Anno 1800 Beta" in the <title>, "Industriell Revolutioniert?: Anno 1800
    Beta" in og:title)."""
    split = [kicked(text) for text in dict.fromkeys(texts)]
    found = []
    for i, one in enumerate(split):
        for other in split[i + 1 :]:
            found += [
                rest
                for (head, rest), (other_head, other_rest) in product(one, other)
                if _key(rest) == _key(other_rest) and not _share_a_word(head, other_head)
            ]
    return found


def kicked(text: str) -> list[tuple[str, str]]:
    """(kicker, rest) of `text` at each place a kicker can end."""
    found = [(text[: m.start()], text[m.end() :].strip()) for m in _KICKER_END.finditer(text)]
    return [(head, rest) for head, rest in found if _key(head) and _key(rest)]


def _share_a_word(one: str, other: str) -> bool:
    return bool(set(_WORDS.findall(one.casefold())) & set(_WORDS.findall(other.casefold())))


_WORDS = re.compile(r"[^\W_]+")


KICKER = 60  # characters of an <h1>'s first element that can be a kicker, not a headline
# What joins a kicker to the headline: white space, then maybe a separator or a colon.
_KICKER_GLUE = re.compile(r"\s*(?:[|\-–—·•:：»/]\s*)?")


def marked_kicker(text: str, root: Any) -> str:
    """`text` without a kicker the page's <h1> marks up as an element of its own before the
    headline (<h1><span>Olympische Spiele in Paris</span> Getränke per Schiff ...</h1>): the
    rest of `text` when `text` is that kicker, white space or a separator, then the <h1>'s
    rest; else `text`. A kicker joined with a colon ("Akkutechnik: Hat ...", or a full-width
    "：": "...比較してみた：さらば平成...") reads as a part of the headline's sentence and
    stays; a dash or a bar only flattens the two lines the page shows."""
    for h1 in islice(root.iter("h1"), 5) if hasattr(root, "iter") else ():
        parts = _kicker_and_rest(h1)
        if parts is None or not text.startswith(parts[0]):
            continue
        glue = _KICKER_GLUE.match(text, len(parts[0]))
        rest = text[glue.end() :] if glue else ""
        colon = glue and {":", "："} & set(parts[0][-1:] + glue.group())
        if glue and not colon and _key(rest) == _key(parts[1]):
            return rest.strip()
    return text


def _kicker_and_rest(h1: Any) -> tuple[str, str] | None:
    """(kicker, rest) of an <h1> that begins with an element (no text of its own before it)
    whose text is shorter than the text after it; None for any other <h1>."""
    children = [c for c in h1 if isinstance(c.tag, str)]
    if not children or (h1.text or "").strip():
        return None
    kicker, whole = _text(children[0]), _text(h1)
    if not kicker or len(kicker) > KICKER or not whole.startswith(kicker):
        return None
    rest = _KICKER_GLUE.sub("", whole[len(kicker) :], count=1).strip()
    return (kicker, rest) if len(rest) > len(kicker) else None


def _text(element: Any) -> str:
    """An element's text, white space folded as XPath's normalize-space() folds it."""
    return _FOLD.sub(" ", "".join(element.itertext())).strip()


# Elements that begin a line of their own: their text is never glued to the text around them.
_LINES = {"br", "div", "p", "li", "section", "header", "blockquote", "figure", "figcaption"}


def heading_text(element: Any) -> str:
    """A heading's text as its readers see it: a line break (<br>, a block inside it) between
    two words is white space, not glue ("Einheit der Woche<br>Lagen-Pyramide ..."); its small
    print (<small>: a kicker above it, a date and tags below it) left out when it has text
    besides."""
    text = _FOLD.sub(" ", "".join(_lines(element, small=False))).strip()
    return text or _FOLD.sub(" ", "".join(_lines(element, small=True))).strip()


def _lines(element: Any, small: bool) -> Iterator[str]:
    """The text of `element` and its descendants, a space around each line break."""
    yield element.text or ""
    for child in element:
        if isinstance(child.tag, str):
            line = " " if child.tag in _LINES else ""
            yield line
            if small or child.tag != "small":
                yield from _lines(child, small)
            yield line
        yield child.tail or ""


# Elements that may be headlines, and the parts of a class or id that may name one
# ("entry-title", "article__headline", "c-article-header__hed", "titular"): a first sieve,
# read by their words after it.
_HEADING_TAGS = ("div", "span", "p", "h2", "h3", "h4", "header", "strong")
_MAYBE_HEADLINE = re.compile("title|titel|titul|hed|head", re.I)
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")  # "ArticleTitle" reads as "Article-Title"
_HEADLINE_WORD = re.compile(
    r"(?<![^\W\d_])(?:headline|hed|title|titel|titulo|titular)(?![^\W\d_])", re.I
)
# Words beside "title" that name another thing's title: the site's, a widget's, a menu's, a
# teaser's or a list item's, a subtitle, a section's or a block's, a kicker ("pre-headline",
# "articlePreTitle", "overline": the line above the headline).
_OTHER_TITLE = re.compile(
    r"(?<![^\W\d_])(?:site|logo|brand|widget|nav|menu|footer|sidebar|teaser|related|"
    r"breadcrumbs?|card|list|item|more|next|prev|comments?|author|tags?|sub|section|block|"
    r"pre|kicker|overline|topline|roofline|eyebrow)"
    r"(?![^\W\d_])",
    re.I,
)
# Where a classed title is another article's or the page's frame's.
_ELSEWHERE = {"a", "nav", "footer", "aside"}


def classed_headings(root: Any) -> Iterator[Any]:
    """The page's elements, in order, that microdata marks as the headline (itemprop=
    "headline") or whose class or id words name a headline ("entry-title", "article__headline",
    "ArticlePage-headline", "hed") and no other thing's title ("site-title", "widget-title",
    "teaser__title"), outside links, navigation, footers and asides."""
    if not isinstance(getattr(root, "tag", None), str):
        return
    for element in root.iter(_HEADING_TAGS):
        words = f"{element.get('class') or ''} {element.get('id') or ''}"
        marked = "headline" in (element.get("itemprop") or "")
        if not marked and not _MAYBE_HEADLINE.search(words):
            continue
        words = _CAMEL.sub("-", words)
        if not marked and (not _HEADLINE_WORD.search(words) or _OTHER_TITLE.search(words)):
            continue
        if not any(a.tag in _ELSEWHERE for a in element.iterancestors()):
            yield element

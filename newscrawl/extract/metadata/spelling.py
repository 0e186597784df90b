"""The spelling of a chosen headline: which of the page's spellings of the same words it
takes (typographic marks, the one more voices write, an og:title an unescaped quote cut short),
without invisible characters."""

from __future__ import annotations

import re
from collections import Counter
from itertools import islice
from typing import Any

from lxml import etree

from newscrawl.extract.metadata.fields import _FOLD, _key

# Characters that take no room where a line does not break: a zero-width space, a word joiner,
# a byte order mark, a soft hyphen. (ZWJ, ZWNJ and the direction marks shape or order scripts.)
_INVISIBLE = re.compile("[\u200b\u2060\ufeff\u00ad]")


def visible(text: str) -> str:
    """`text` as readers see it: without invisible characters (white space around one
    folded)."""
    return _FOLD.sub(" ", _INVISIBLE.sub("", text)).strip() if _INVISIBLE.search(text) else text


def most_voiced(text: str, voiced: list[tuple[str, str]]) -> str:
    """`text`, or the spelling of the same words (punctuation and case aside) that more of the
    page's voices write when only the <meta> tags write `text` ("Sazerac! Alles über" in
    og:title, "Sazerac - alles über" in the JSON-LD, the <h1> and the <title>)."""
    key = _key(text)
    votes = Counter(t for _, t in set(voiced) if _key(t) == key)
    if {v for v, t in voiced if t == text} - {"meta"}:
        return text
    return max(votes, key=lambda t: (votes[t], t == text), default=text)


# <meta content="A "B" C"> (an unescaped quote) ends the value at "A ".
_CUT_BY_QUOTE = re.compile('\\s*["\u201c\u201d\u300c]')


def untruncated(text: str, others: list[str]) -> str:
    """`text`, or the candidate that continues it with a quotation mark (`text` was cut there)."""
    for other in others:
        if other.startswith(text) and _CUT_BY_QUOTE.match(other, len(text)):
            return other
    return text


# Typographic marks and the ASCII a site's SEO fields often write for them.
_PLAIN = {
    **dict.fromkeys("\u2018\u2019\u201a\u201b", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f", '"'),
    **dict.fromkeys("\u2013\u2014", "-"),
    "\u2026": "...",
}
_QUOTES = str.maketrans(_PLAIN)


def usual_spelling(text: str, candidates: list[tuple[str, str]]) -> str:
    """The typographic spelling of `text` when the candidates differ only in quote marks,
    dashes or an ellipsis (an og:title with ASCII ones where the page's <h1> has typographic
    ones: what readers see, and what a site's editors typed); then the spelling most voices
    share; `text` itself on a tie."""
    plain = text.translate(_QUOTES)
    votes = Counter(t for _, t in set(candidates) if t.translate(_QUOTES) == plain)
    return max(votes, key=lambda t: (_typographic(t), votes[t], t == text), default=text)


# A quotation a headline opens with: its opening mark, what it quotes, its closing mark (not
# an apostrophe within a word: "Editor's Letter").
_OPENING_QUOTE = re.compile(
    '(["\'\u2018\u201a\u201c\u201e\u00ab\u2039])([^"\u201c\u201d\u201e\u00ab\u00bb]+?)'
    "([\"'\u2019\u201c\u201d\u00bb\u203a])(?!\\w)"
)


def unquoted(text: str, candidates: list[tuple[str, str]]) -> str:
    """`text` without the marks around the quotation it opens with ("‘Fantastic Beasts’: A
    Nice Place to Visit", "\"왜 ... 싸우나\"... DJ ...") when another of the page's headlines
    is the same without them (the <h1>, the JSON-LD headline): the same words, the marks one
    field's setting-off of a quote. A quotation within the headline ("... Over 'Graphic' And
    ...", which only a <title> drops) keeps its marks."""
    quoted = _OPENING_QUOTE.match(text)
    if not quoted:
        return text
    bare = quoted.group(2) + text[quoted.end() :]
    return bare if any(t == bare for _, t in candidates) else text


def _typographic(text: str) -> int:
    return sum(c in _PLAIN for c in text)


# A sentence's full stop, not an ellipsis's last dot or an abbreviation's ("U.S.").
_FULL_STOP = re.compile(r"(?<![.\s]\w)(?<!\.)[.。]$")


def without_full_stop(text: str, candidates: list[tuple[str, str]]) -> str:
    """`text` without the full stop it ends with when another of the page's headlines is the
    same without it (og:title and <title> "...マウスを発売。", the <h1> "...マウスを発売"):
    headlines end without one, the SEO fields copy a sentence."""
    found = _FULL_STOP.search(text)
    bare = text[: found.start()].rstrip() if found else None
    return bare if bare and any(t == bare for _, t in candidates) else text


# ASCII marks a typographic spelling may stand for: quotes, a spaced hyphen, three dots.
_ASCII_MARKS = re.compile(r"""['"]|\s-\s|\.\.\.""")
_WORDS = re.compile(r"[^\W\d_]+")
# The page's text nodes holding a word (XPath runs the search in C: no walk of the page here).
_HOLDING = etree.XPath(
    "//body//text()[contains(., $word)][not(parent::script or parent::style)]",
    smart_strings=False,
)
SHOWN = 20  # text nodes holding the headline's longest word that are read


def shown_spelling(text: str, root: Any) -> str:
    """The typographic spelling of `text` (with ASCII quotes, a spaced hyphen or three dots)
    that a text of the page's body shows whole (a headline that is no <h1>, a teaser:
    „Welches Europa wir wollen“ where the <title> writes "Welches Europa wir wollen"): what
    readers see and the site's editors typed, where no headline field has it; else `text`."""
    words = _WORDS.findall(text) if _ASCII_MARKS.search(text) else []
    if not words or not isinstance(getattr(root, "tag", None), str):
        return text
    plain = _FOLD.sub(" ", text.translate(_QUOTES))
    for line in islice(_HOLDING(root, word=max(words, key=len)), SHOWN):
        shown = _FOLD.sub(" ", line).strip() if len(text) - 2 <= len(line) <= 3 * len(text) else ""
        if shown != text and shown.translate(_QUOTES) == plain:
            return str(shown)
    return text


def cased_spelling(text: str, candidates: list[tuple[str, str]]) -> str:
    """`text` written all in small letters (an SEO field made from the URL's slug) in the
    spelling with capitals that another headline field of the page gives the same words (the
    <h1> readers see); not a spelling all in capitals (CSS or a shout); else `text`. The body's
    text is no witness: a site that writes its headlines in small letters (smitten kitchen's
    <h2> and <title> "cucumber yogurt raita salad") capitalizes the same words as a recipe's
    or a lead's first line ("<b>Cucumber Yogurt Raita Salad</b>"), and an archive keeps the
    letters the editors typed for the headline."""
    if text != text.lower() or text == text.upper():
        return text
    folded = text.casefold()
    for _, other in candidates:
        if other != text and other.casefold() == folded and other != other.upper():
            return other
    return text

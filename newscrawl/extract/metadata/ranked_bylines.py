"""A byline no rule finds: the short texts of a page ranked by a learned score (a logistic
model over features that name no site and no language: where a text sits against the
headline and the article, the generic words of its markup, a credit word before it, a link to
an author-looking address, the shape of the names in it). Trained on the benchmark's tuning
part only (benchmarks/byline_ranker.py); its weights are `byline_weights.WEIGHTS`."""

from __future__ import annotations

import math
import re
from typing import Any

from parsel import Selector

from newscrawl.extract.metadata import organizations
from newscrawl.extract.metadata.byline_weights import BIAS, THRESHOLD, WEIGHTS
from newscrawl.extract.metadata.names import _BY, _PARTICLES, is_full_name, split_names
from newscrawl.extract.metadata.organizations import is_organization

_HIDDEN = frozenset(["script", "style", "noscript", "template", "svg", "head", "title", "meta"])
_LONGEST = 80  # a byline's text; a longer one is prose or a box
_MOST_WORDS = 12
_KEPT = 200  # texts up to this long are kept while walking (a candidate's parent's)
# A page whose short texts name this many people, or read this many name-like texts, is a list
# (a directory, a comment thread, a hostile page), not an article with a byline to rank: every
# candidate's features read the whole page, so without a bound such a page took minutes (100,000
# names: 74 s). The most any benchmark page has is 1,201 candidates of 1,470 texts read.
_MOST_CANDIDATES = 3000
# Markup words, read from the class, id, itemprop, rel and data-* of an element and its parent
# ("near") or its next four ancestors ("up").
_WORDS = {
    "author": re.compile(
        r"author|autor|auteur|byline|by-line|writer|reporter|journalist|redakt|contributor"
        r"|signature|firma|verfasser|yazar|penulis|creator|kirjoittaja|forfatter"
    ),
    "name": re.compile(r"name"),
    "meta": re.compile(r"meta|info|detail|credit|header|head|top|intro"),
    "date": re.compile(r"date|time|publish|datum|fecha"),
    "noise": re.compile(
        r"nav|menu|footer|comment|related|teaser|share|social|tag|categor|breadcrumb|caption"
        r"|copyright|widget|sidebar|promo|newsletter|login|cookie|banner|recommend|more|list"
        r"|card|item|title|headline|label|button|icon|logo"
    ),
}
_PROFILE = re.compile(
    r"author|autor|auteur|user|profil|people|staff|redakt|journalist|writer|contributor|member"
    r"|/by/|/u/|@",
    re.I,
)
_DATE = re.compile(
    r"\d{1,4}[./\-年]\s?\d{1,2}[./\-月]\s?\d{1,4}|\d{1,2}:\d{2}|\b(?:19|20)\d{2}\b"
    r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d",
    re.I,
)
_CJK = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7a3]")
_TAGS = ("a", "span", "p", "div", "li", "strong", "b", "em", "address", "small", "h2", "h3")
_ASIDE = ("nav", "footer", "aside", "form", "figure", "figcaption", "menu", "button", "label")


class _Text:
    __slots__ = ("element", "index", "offset", "text")

    def __init__(self, element: Any, index: int, offset: int, text: str) -> None:
        self.element, self.index, self.offset, self.text = element, index, offset, text


def site_credit(sel: Selector, ld: dict[str, Any]) -> list[str]:
    """Who a page that no rule finds a credit in is by: the person its best-ranked short text
    names, else the site's own credit (organizations.site_credit: its copyright holder, its
    name). An organisation stands for its authors only where no person is named."""
    return ranked_byline(sel.root) or organizations.site_credit(sel, ld)


def ranked_byline(root: Any) -> list[str]:
    """The people of the page's best-scored short text that names only people (full names,
    no organisation), where its score passes the threshold.

    The threshold is set for precision, not for the benchmark's F1: held out (tuning, grouped
    by site) a lower one gains two more pages in 17 but answers the other 12 with a stranger
    (a topic link, a photo credit, a subject), whom an archive would then credit with the
    article; an outlet's name is wrong in a less harmful way."""
    scored = [(score(features), names) for names, features in candidates(root, persons=True)]
    best = max(scored, key=lambda pair: pair[0]) if scored else None
    return best[1] if best is not None and best[0] >= THRESHOLD else []


def score(features: dict[str, float]) -> float:
    total = BIAS + sum(WEIGHTS.get(key, 0.0) * value for key, value in features.items())
    return 1 / (1 + math.exp(-max(-30.0, min(30.0, total))))


def candidates(root: Any, persons: bool = False) -> list[tuple[list[str], dict[str, float]]]:
    """(names, features) of each short text of the page that names someone; with `persons`,
    only of those that name only people by full name (what ranked_byline takes: the model
    was trained on all, and the rest are left unread for speed)."""
    if not hasattr(root, "iter"):
        return []
    body = next(root.iter("body"), None)
    texts: list[_Text] = []
    known: dict[Any, str | None] = {}
    try:
        total = _walk(body if body is not None else root, texts, known, [0, 0])
    except RecursionError:
        return []
    h1 = next((t for t in texts if t.element.tag == "h1"), None)
    heading = next(root.iter("h1"), None)
    home = _home(heading)
    counts: dict[str, int] = {}
    for t in texts:
        counts[t.text.casefold()] = counts.get(t.text.casefold(), 0) + 1
    page = _Page(h1, home, total, counts, known)
    page.headline = " ".join(heading.itertext()).casefold() if heading is not None else ""
    named = []  # (text, its names, short texts after the headline so far)
    read: dict[str, list[str]] = {}  # a text's names: menus and nested elements repeat texts
    after = 0  # short texts seen after the headline
    for t in texts:
        if h1 is not None and t.offset > h1.offset:
            after += 1
        if t.element.tag in ("h1", "title") or len(t.text) < 3:
            continue
        if persons and not _may_name(t.text):
            continue
        names = read.get(t.text)
        if names is None:
            if len(read) == _MOST_CANDIDATES:
                return []
            names = read[t.text] = _names(t.text, persons)
        if names:
            named.append((t, names, after))
    if len(named) > _MOST_CANDIDATES:
        return []
    found = []
    for t, names, after in named:
        if not page.text and body is not None:  # read once a page names someone
            page.text = " ".join(" ".join(body.itertext()).split()).casefold()
        f = _features(t, names, page)
        if after:
            f["after_rank"] = math.log1p(after) / 5
        found.append((names, f))
    return found


def _names(text: str, persons: bool) -> list[str]:
    names = [n for n in split_names(text) if len(n.split()) <= 5]
    if len(names) > 4:
        return []
    if persons and not all(is_full_name(n) and not is_organization(n) for n in names):
        return []
    return names


class _Page:
    """What the features of a page's texts share, and their caches."""

    def __init__(
        self,
        h1: _Text | None,
        home: Any,
        total: int,
        counts: dict[str, int],
        known: dict[Any, str | None],
    ) -> None:
        self.h1, self.home, self.total, self.counts, self.known = h1, home, total, counts, known
        self.headline = ""
        self.text = ""
        self.marks: dict[Any, str] = {}
        self.above: dict[Any, dict[str, float]] = {}  # a parent's: its ancestors' words
        self.mentions: dict[str, float] = {}
        self.links: dict[Any, Any] = {}

    def link(self, element: Any) -> Any:
        """The link `element` is in or is (an author's name linked as a whole)."""
        path, at, found = [], element, None
        while at is not None:
            if at in self.links:
                found = self.links[at]
                break
            path.append(at)
            if at.tag == "a":
                found = at
                break
            at = at.getparent()
        for passed in path:
            self.links[passed] = found
        return found

    def mark(self, element: Any) -> str:
        found = self.marks.get(element)
        if found is None:
            found = self.marks[element] = _marks(element)
        return found


def _may_name(text: str) -> bool:
    """Whether a text may hold a full name (names.is_full_name): two capitalized words in a
    row, maybe a particle between them ("Anna von Dunst"), or a script without case."""
    if _CASELESS.search(text):
        return True
    words = text.split()
    for at in range(len(words) - 1):
        if _upper(words[at]):
            following = words[at + 1]
            if _upper(following) or (
                following.casefold() in _PARTICLES and words[at + 2 : at + 3] != []
            ):
                return True
    return False


def _upper(word: str) -> bool:
    return word[:1].isupper() or not word[:1].isalpha()  # a digit or a mark is no lower case


# Hebrew, Arabic, the Indic scripts, Thai, Lao, Hangul, kana and Han: letters without case.
_CASELESS = re.compile(
    r"[\u0590-\u08ff\u0900-\u0eff\u1100-\u11ff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7a3]"
)


def _walk(element: Any, texts: list[_Text], known: dict[Any, str | None], at: list[int]) -> int:
    """Walk in document order: `at` is [element index, text offset]; each element's text up to
    _KEPT characters goes into `known` (None if longer), the short ones into `texts`."""
    index, offset = at[0], at[1]
    at[0] += 1
    parts = [element.text or ""]
    at[1] += len(parts[0])
    long = len(parts[0]) > _KEPT
    for child in element:
        if isinstance(child.tag, str) and child.tag not in _HIDDEN:
            _walk(child, texts, known, at)
            text = known.get(child)
            if text is None:
                long = True
            elif not long:
                parts += [" ", text, " "]
        tail = child.tail or ""
        at[1] += len(tail)
        if not long:
            parts.append(tail)
    text = None if long else " ".join("".join(parts).split())
    if text is not None and len(text) > _KEPT:
        text = None
    known[element] = text
    if text and len(text) <= _LONGEST and len(text.split()) <= _MOST_WORDS:
        texts.append(_Text(element, index, offset, text))
    return at[1]


def _home(heading: Any) -> Any:
    if heading is None:
        return None
    return next((a for a in heading.iterancestors("article", "main")), None)


def _marks(element: Any) -> str:
    attrs = element.attrib
    values = [attrs.get(k, "") for k in ("class", "id", "itemprop", "rel")]
    values += [v for k, v in attrs.items() if k.startswith("data-")]
    return " ".join(values).casefold()


def _features(t: _Text, names: list[str], page: _Page) -> dict[str, float]:
    element = t.element
    f: dict[str, float] = {}
    h1 = page.h1
    if h1 is None:
        f["no_h1"] = 1.0
    else:
        gap = t.offset - h1.offset
        side = "after" if gap >= 0 else "before"
        f[f"{side}_h1"] = 1.0
        f[f"{side}_h1_chars"] = math.log1p(abs(gap)) / 10
        f[f"{side}_h1_near"] = 1.0 if abs(gap) < 400 else 0.0
    f["page_share"] = t.offset / max(page.total, 1)
    parent = element.getparent()
    near = page.mark(element) + " " + (page.mark(parent) if parent is not None else "")
    for key in _word_keys(near):
        f[f"near_{key}"] = 1.0
    f.update(_above(parent, page) if parent is not None else {})
    if element.tag in _ASIDE:
        f["in_aside"] = 1.0
    f[f"tag_{element.tag}" if element.tag in _TAGS else "tag_other"] = 1.0
    links = [element] if element.tag == "a" else list(element.iter("a"))
    link = page.link(parent) if parent is not None else None
    if link is not None:
        links.append(link)
        f["in_link"] = 1.0
    if links:
        f["link"] = 1.0
    if any(_PROFILE.search(a.get("href", "")) for a in links):
        f["profile_link"] = 1.0
    credit = _BY.match(t.text)
    if credit is not None and credit.end() > 0:
        f["credit_word"] = 1.0
    words = t.text.split()
    f["words"] = min(len(words), 12) / 12
    f["capitals"] = sum(w[:1].isupper() for w in words) / len(words)
    if _CJK.search(t.text):
        f["cjk"] = 1.0
    if any(c.isdigit() for c in t.text):
        f["digits"] = 1.0
    if _DATE.search(t.text):
        f["date_in"] = 1.0
    if t.text.endswith(":"):
        f["colon_end"] = 1.0
    if all(is_full_name(n) for n in names):
        f["full_names"] = 1.0
    if any(is_organization(n) for n in names):
        f["organisation"] = 1.0
    f["names"] = len(names) / 4
    f["name_share"] = min(1.0, sum(len(n) for n in names) / len(t.text))
    if page.counts.get(t.text.casefold(), 0) > 2:
        f["repeated"] = 1.0
    if any(n.casefold() in page.headline for n in names):
        f["in_headline"] = 1.0
    key = "\n".join(names)
    if key not in page.mentions:
        mentions = sum(page.text.count(n.casefold()) for n in names) / len(names)
        page.mentions[key] = math.log1p(mentions) / 3
    f["mentions"] = page.mentions[key]
    beside = [page.known.get(parent)] if parent is not None else []
    for other in (element.getprevious(), element.getnext()):
        if other is not None and isinstance(other.tag, str):
            beside.append(page.known.get(other))
            if other.tag == "time":
                f["time_beside"] = 1.0
    if any(text and text != t.text and _DATE.search(text) for text in beside):
        f["date_beside"] = 1.0
    return f


def _word_keys(marks: str) -> list[str]:
    """The kinds of _WORDS whose words the markup's text holds."""
    return (
        [key for key, pattern in _WORDS.items() if pattern.search(marks)] if marks.strip() else []
    )


def _above(parent: Any, page: _Page) -> dict[str, float]:
    """The features of a text's parent's ancestors (shared by its siblings): the words of the
    next four ancestors' markup, the page parts it is in."""
    found = page.above.get(parent)
    if found is not None:
        return found
    found = {}
    ancestors = [parent, *parent.iterancestors()]
    if page.home is not None:
        found["in_home" if page.home in ancestors else "out_home"] = 1.0
    for key in _word_keys(" ".join(page.mark(a) for a in ancestors[1:5])):
        found[f"up_{key}"] = 1.0
    tags = {a.tag for a in ancestors}
    if any(tag in tags for tag in _ASIDE):
        found["in_aside"] = 1.0
    if "header" in tags:
        found["in_header"] = 1.0
    if "article" in tags:
        found["in_article"] = 1.0
    page.above[parent] = found
    return found

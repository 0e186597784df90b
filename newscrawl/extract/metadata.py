"""Page metadata any site offers: JSON-LD, OpenGraph and <meta> tags, the <title>."""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any
from urllib.parse import urlsplit

from parsel import Selector

from newscrawl.extract.urls import join_url

_ARTICLE_TYPES = {"NewsArticle", "Article", "BlogPosting", "ReportageNewsArticle", "WebPage"}


def json_ld(sel: Selector) -> dict[str, Any]:
    """The first JSON-LD object of an article type (searching @graph and lists)."""
    for raw in sel.xpath('//script[@type="application/ld+json"]/text()').getall():
        try:
            data = json.loads(raw)
        except ValueError:
            continue
        for node in _nodes(data):
            kinds = node.get("@type")
            kinds = kinds if isinstance(kinds, list) else [kinds]
            if _ARTICLE_TYPES.intersection(k for k in kinds if isinstance(k, str)):
                return node
    return {}


def _nodes(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _nodes(item)
    elif isinstance(data, dict):
        yield data
        yield from _nodes(data.get("@graph", []))


def meta(sel: Selector, *names: str) -> str | None:
    """The first non-empty <meta> content among `names` (property= or name= or itemprop=)."""
    found = metas(sel)
    for name in names:
        for attr in _META_ATTRS:
            value = next((v for v in found.get((attr, name.lower()), ()) if v.strip()), None)
            if value:
                return value.strip()
    return None


_META_ATTRS = ("property", "name", "itemprop")
_last_metas: tuple[Any, dict[tuple[str, str], list[str]]] = (None, {})


def metas(sel: Selector) -> dict[tuple[str, str], list[str]]:
    """Every <meta> content by (attribute, lowercased name), in page order: one walk of the
    page for all the lookups of one extraction (the last page's index is kept)."""
    global _last_metas
    root = sel.root
    if _last_metas[0] is root:
        return _last_metas[1]
    found: dict[tuple[str, str], list[str]] = {}
    for element in root.iter("meta") if hasattr(root, "iter") else ():
        content = element.get("content")
        if content is None:
            continue
        for attr in _META_ATTRS:
            name = element.get(attr)
            if name is not None:  # <meta name="Author"> is <meta name="author">
                found.setdefault((attr, name.strip().lower()), []).append(content)
    _last_metas = (root, found)
    return found


def canonical(sel: Selector, url: str) -> str:
    href = sel.xpath('//link[@rel="canonical"]/@href').get() or meta(sel, "og:url")
    return (join_url(url, href.strip()) or url) if href and href.strip() else url


def title(sel: Selector, ld: dict[str, Any], url: str = "") -> str | None:
    """The headline without the site's name: og:title first (what a site shows when it is
    shared), then the JSON-LD / <meta> headline, twitter:title, <h1>, <title> (see
    title_candidates). An og:title that an unescaped quote cut short gives way to the candidate
    it begins, and the spelling most voices share (typographic quotes or ASCII ones) is kept."""
    found = title_candidates(sel, ld, url)
    if not found:
        return None
    best = _untruncated(found[0][1], [t for _, t in found[1:]])
    return _usual_spelling(best, [(_VOICES.get(origin, origin), t) for origin, t in found])


# og:title, twitter:title and <meta name="headline"> are one voice (one SEO field, often).
_VOICES = {"og:title": "meta", "meta headline": "meta", "twitter:title": "meta"}


def title_candidates(sel: Selector, ld: dict[str, Any], url: str = "") -> list[tuple[str, str]]:
    """(where, headline) of every headline the page offers, in the order title() prefers them,
    each without the site's name: a suffix after a separator goes when the part before it is
    another candidate (or the page's description) or what follows names the site."""
    headline = ld.get("headline") if isinstance(ld.get("headline"), str) else None
    root = sel.root
    iterable = hasattr(root, "iter")  # parsel's root of a page is an element; be sure
    h1s = [_text(h) for h in islice(root.iter("h1"), 5)] if iterable else []
    page_title = next((_text(t) for t in root.iter("title")), None) if iterable else None
    if page_title and _key(page_title):  # an <h1> sharing no word with <title>: a logo, a menu
        h1s = [h for h in h1s if _shares_a_word(h, page_title)]
    offered = [
        ("og:title", meta(sel, "og:title")),
        ("JSON-LD headline", headline),
        ("meta headline", meta(sel, "headline")),  # name= or itemprop="headline"
        ("twitter:title", meta(sel, "twitter:title")),
        *(("h1", h) for h in h1s),
        ("title", page_title),
    ]
    names = site_names(sel, ld, url)
    # The registered domain's name ("entermedia" of entermedia.co.kr) is a weaker sign: a part
    # is the site's only when it is that name exactly ("comwrap auf der DMEXCO" is not).
    label = {_key(_domain_label(url))} - {""}
    found = [(origin, text_value(t)) for origin, t in offered if t and t.strip()]
    found = [(o, t) for o, t in found if t and _key(t) not in names | label] or found
    # A description that is the headline alone ("Headline_网易订阅" described as "Headline")
    # confirms a cut as another candidate does; it is never taken as the title itself.
    described = text_value((meta(sel, "description", "og:description") or "").split("\n")[0])
    confirming = [t for _, t in found] + ([described] if described else [])
    return [
        (o, strip_site_name(t, [c for c in confirming if c is not t], names, label))
        for o, t in found
    ]


def _shares_a_word(text: str, other: str) -> bool:
    """Whether a word of `text` (two characters or more) occurs in `other`."""
    within = _key(other)
    return any(len(word) > 1 and word in within for word in map(_key, _WORD.findall(text)))


_WORD = re.compile(r"\w+")
# <meta content="A "B" C"> (an unescaped quote) ends the value at "A ".
_CUT_BY_QUOTE = re.compile('\\s*["\u201c\u201d\u300c]')


def _untruncated(text: str, others: list[str]) -> str:
    """`text`, or the candidate that continues it with a quotation mark (`text` was cut there)."""
    for other in others:
        if other.startswith(text) and _CUT_BY_QUOTE.match(other, len(text)):
            return other
    return text


_QUOTES = str.maketrans("\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f", "''''\"\"\"\"")


def _usual_spelling(text: str, candidates: list[tuple[str, str]]) -> str:
    """The spelling of `text` that most voices share when the candidates differ only in their
    quote marks (an og:title with ASCII quotes where the page's headline has typographic ones);
    `text` itself on a tie."""
    plain = text.translate(_QUOTES)
    votes = Counter(t for _, t in set(candidates) if t.translate(_QUOTES) == plain)
    return max(votes, key=lambda t: (votes[t], t == text), default=text)


def _text(element: Any) -> str:
    """An element's text, white space folded as XPath's normalize-space() folds it."""
    return _FOLD.sub(" ", "".join(element.itertext())).strip()


_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
# A run of white space holding an ASCII one (a lone U+00A0 or U+3000 is the site's own).
_FOLD = re.compile(r"\s*[ \t\n\r\f\v]\s*")
# " | ", " - ", "::", a bare "|", a full-width "｜" or "：", Korean sites' "ㅣ" (a vowel letter
# alone, used as a bar), an unspaced "-" or "_" before Chinese, Japanese or Korean ("标题_网易").
_BAR = r"\s+(?:[|\-–—·•*@/:]|::)(?:\s+|$)|\s*[｜：|\u3163]\s*"
_SEPARATOR = re.compile(_BAR + r"|(?<=\S)[-_](?=[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7a3])")
_SPACED_SEPARATOR = re.compile(_BAR)  # a site's name may hold "_" ("史蒂文的家_藍天")
_NOT_WORD = re.compile(r"[\W_]+")
_HEAD_SPLITS = (_SEPARATOR, _SPACED_SEPARATOR)
SITE_TAIL = 60  # characters after a headline's last separator that can still be the site's


def text_value(text: str) -> str:
    """A metadata value as text: entities a site escaped twice decoded, white space folded."""
    if _ENTITY.search(text):
        text = html.unescape(text)
    return _FOLD.sub(" ", text).strip()


def _key(text: str) -> str:
    return _NOT_WORD.sub("", text).casefold()


def site_names(sel: Selector, ld: dict[str, Any], url: str = "") -> set[str]:
    """Keys (casefolded letters and digits) of the names the site goes by."""
    publisher = ld.get("publisher")
    names = [
        meta(sel, "og:site_name", "application-name", "apple-mobile-web-app-title"),
        publisher.get("name") if isinstance(publisher, dict) else None,
    ]
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    keys = {_key(n) for n in names if isinstance(n, str)} | {_key(host)}
    if "." in host:
        keys.add(_key(host.rsplit(".", 1)[0]))
    return keys - {""}


def _domain_label(url: str) -> str:
    """The registered name of a URL's host, without its public suffix ("" for an IP)."""
    # Deferred: courlan costs ~60 ms to import; only pages nobody wrote rules for need it.
    from courlan import extract_domain

    return (extract_domain(url, fast=True) or "").split(".")[0]


def _names_site(tail: str, name: str) -> bool:
    """A short trailing part holding the site's name ("DW 28.04.2023", "Politik - stern.de")."""
    return len(name) > 3 and name in tail and len(tail) <= len(name) + 20


def strip_site_name(
    text: str, others: Iterable[str], names: set[str], exact: Iterable[str] = ()
) -> str:
    """`text` without a trailing "| Site" (or "- Section - Site"): cut at the first separator
    where the part before equals another candidate, else drop trailing parts naming the site
    (and a leading "Site | ")."""
    seps = list(_SEPARATOR.finditer(text))
    other_keys = {_key(o) for o in others} - {"", _key(text)}
    for sep in seps:
        if _key(text[: sep.start()]) in other_keys:
            return text[: sep.start()].strip()
    for sep in seps:  # "Headline | Site", "Headline @ Blog :: Platform ::": cut before the
        tail = text[sep.end() :]  # first part that names the site, when what follows is short
        heads = {_key(split.split(tail, maxsplit=1)[0]) for split in _HEAD_SPLITS}
        named = heads.intersection(exact) or any(
            head == n or _names_site(head, n) for head in heads for n in names
        )
        if len(tail) <= SITE_TAIL and named:
            text = text[: sep.start()]
            break
    else:
        for sep in reversed(seps):  # trailing separators alone ("Headline ::")
            if _key(text[sep.end() :]):
                break
            text = text[: sep.start()]
    first = _SEPARATOR.search(text)  # "Site | Headline"
    if first and _key(text[: first.start()]) in names.union(exact):
        text = text[first.end() :]
    return text.strip()


def published(sel: Selector, ld: dict[str, Any]) -> str | None:
    value = ld.get("datePublished")
    if isinstance(value, str) and value.strip():
        return value
    return meta(sel, "article:published_time", "pubdate", "publishdate", "datePublished")


def updated(sel: Selector, ld: dict[str, Any]) -> str | None:
    value = ld.get("dateModified")
    if isinstance(value, str) and value.strip():
        return value
    return meta(sel, "article:modified_time", "og:updated_time", "dateModified")


def authors(sel: Selector, ld: dict[str, Any], url: str = "") -> list[str]:
    """People credited: JSON-LD persons, then author <meta> tags, then rel/itemprop author
    links; an organization (or the site's own name) only when no person is named."""
    names = site_names(sel, ld, url)
    credited, people = list[str](), list[str]()
    found = ld.get("author")
    for item in found if isinstance(found, list) else [found] if found else []:
        kind = item.get("@type") if isinstance(item, dict) else "Person"
        name = item.get("name") if isinstance(item, dict) else item
        if isinstance(name, str):
            credited.extend(split_names(name))
            if kind != "Organization":
                people.extend(split_names(name))
    if any(not _is_site(n, names) for n in people):
        return _unique(credited)  # with the desks credited beside them
    tagged = [
        name
        for key in _AUTHOR_META
        for value in metas(sel).get(("name", key), []) + metas(sel).get(("property", key), [])
        for name in split_names(value)
    ]
    groups: list[Callable[[], list[str]]] = [
        lambda: tagged,
        lambda: _linked_names(sel, _AUTHOR_LINKS)[:5],
        lambda: byline(sel),
        # a person's name, not "Authors" or "More"
        lambda: [n for n in _linked_names(sel, _PROFILE_LINKS)[:3] if " " in n],
        lambda: labelled_authors(sel),
        lambda: headline_credit(sel),
    ]
    for group in groups:  # each looked at only when the ones before named nobody
        persons = [n for n in group() if not _is_site(n, names)]
        if persons:
            return _unique(persons)
    return _unique(credited or tagged)


def _linked_names(sel: Selector, query: str) -> list[str]:
    return [
        name
        for value in sel.xpath(query).xpath("normalize-space(.)").getall()
        for name in split_names(value)
    ]


def _is_site(author: str, names: set[str]) -> bool:
    """Whether an "author" is the site itself ("STERN.de", "Deutsche Welle (www.dw.com)")."""
    key = _key(author)
    return any(key == n or (len(n) > 3 and n in key) for n in names)


# "Author", "author", "Byline", "byline" in a class or an id (translate() is 5x slower)
_BYLINE_MARKED = (
    '//*[contains(@class, "uthor") or contains(@class, "yline")'
    ' or contains(@id, "uthor") or contains(@id, "yline")]'
)
_NO_TEXT = frozenset(["script", "style", "noscript", "template", "meta", "link", "img", "svg"])


def byline(sel: Selector) -> list[str]:
    """The names in the first short element the page marks as author or byline ("Von: A, B")."""
    root = sel.root
    for element in root.xpath(_BYLINE_MARKED) if hasattr(root, "xpath") else ():
        if element.tag in _NO_TEXT or next(element.iter(*_NO_TEXT), None) is not None:
            continue
        text = " ".join("".join(element.itertext()).split())
        if 3 <= len(text) <= 80 and len(text.split()) <= 8:
            # a person has a first and a last name; "capital" or "red" is a label
            found = [n for part in text.split(",") for n in split_names(part) if " " in n]
            if found:
                return found
    return []


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(_key(name), name)
    return list(seen.values())


_AUTHOR_META = ("author", "article:author", "sailthru.author", "parsely-author", "byl")
_AUTHOR_LINKS = (
    '//a[@rel="author"] | //*[@itemprop="author"][not(*[@itemprop="name"])]'
    ' | //*[@itemprop="author"]/*[@itemprop="name"]'
)
_PROFILE_LINKS = (
    '//a[contains(@href, "/author/") or contains(@href, "/authors/")'
    ' or contains(@href, "/autor/") or contains(@href, "/autoren/")]'
)
_BY = re.compile(r"^(?:by|von|par|por|di|door|av|af|de)\b[\s:]*", re.IGNORECASE)
_AND = re.compile(r"\s+(?:and|und|&|et|y|e|og|en|och)\s+|\s*[;,]\s*", re.IGNORECASE)
_INITIALS = re.compile(r"\s*\([^()]{1,8}\)$")
_REPORTER = re.compile(r"\s*(?:기자|記者)$")


def split_names(value: str) -> list[str]:
    """ "By A and B (ab)" -> ["A", "B"]; URLs (a profile page given as the author) dropped."""
    value = text_value(value)
    if not value or "://" in value or "@" in value or value.startswith("/") or len(value) > 120:
        return []
    parts = (_BY.sub("", part).strip() for part in _AND.split(_BY.sub("", value)))
    return [_REPORTER.sub("", _INITIALS.sub("", p)) for p in parts if p]


def lead_image(sel: Selector, ld: dict[str, Any], url: str) -> str | None:
    image = ld.get("image")
    if isinstance(image, list):
        image = image[0] if image else None
    if isinstance(image, dict):
        image = image.get("url")
    found = image if isinstance(image, str) else meta(sel, "og:image", "twitter:image")
    return join_url(url, found) if found else None


def language(sel: Selector) -> str | None:
    lang = sel.xpath("/html/@lang").get() or meta(sel, "og:locale", "language")
    return lang.strip().replace("_", "-") if lang and lang.strip() else None


def keywords(sel: Selector, ld: dict[str, Any]) -> list[str]:
    found = ld.get("keywords") or meta(sel, "keywords", "news_keywords") or []
    # JSON-LD "keywords": 7 raised TypeError (found by benchmarks/fuzz.py): only str and list.
    words = found.split(",") if isinstance(found, str) else found if isinstance(found, list) else []
    return [w.strip() for w in words if isinstance(w, str) and w.strip()]


def site_name(sel: Selector, ld: dict[str, Any]) -> str | None:
    """The site's own name: og:site_name, else the JSON-LD publisher's, else application-name."""
    publisher = ld.get("publisher")
    found = meta(sel, "og:site_name") or (
        publisher.get("name") if isinstance(publisher, dict) else None
    )
    found = found if isinstance(found, str) and found.strip() else meta(sel, "application-name")
    return text_value(found) or None if found else None


def section(sel: Selector, ld: dict[str, Any]) -> str | None:
    """The article's section: article:section, else JSON-LD articleSection (its first)."""
    found = meta(sel, "article:section") or ld.get("articleSection")
    if isinstance(found, list):
        found = next((f for f in found if isinstance(f, str) and f.strip()), None)
    return text_value(found) or None if isinstance(found, str) and found.strip() else None


# Chinese news credits its reporters in the dateline: "新华社巴黎12月9日电（记者唐霁）",
# "（记者 张三 李四）", "记者：王五", "文/赵六", "【文/观察者网专栏作者 王文】" (a role before the
# name), "文/图 张三"; not "本文/..." ("this article").
_HAN_NAME = r"[\u4e00-\u9fff·]{2,4}"
_NAME_END = r"(?=[\s　）)】，,。]|$)"
_ROLE = r"(?:[\u4e00-\u9fff]{1,12}[\s　]+)?"
_DATELINE = re.compile(
    rf"[（(]\s*记者\s*({_HAN_NAME}(?:[\s、　]+{_HAN_NAME})*)\s*[）)]"
    rf"|(?:记者|作者)[：:]\s*({_HAN_NAME}){_NAME_END}"
    rf"|(?<![\u4e00-\u9fff])文\s*[/／]\s*{_ROLE}({_HAN_NAME}){_NAME_END}"
)


# A field's label: "<strong>Autorin/Autor</strong> Roman Goncharenko", "<dt>Author:</dt><dd>..."
_AUTHOR_LABEL = re.compile(
    r"(?:autor(?:in)?|autoren|authors?|auteurs?|autore)(?:\s*/\s*autor(?:in)?)?\s*:?", re.I
)
_LABELS = ("strong", "b", "dt", "th")


def labelled_authors(sel: Selector) -> list[str]:
    """The names after the first label that says "author" (the label's own text alone)."""
    root = sel.root
    for label in root.iter(*_LABELS) if hasattr(root, "iter") else ():
        if not _AUTHOR_LABEL.fullmatch(" ".join("".join(label.itertext()).split())):
            continue
        following = label.getnext()
        value = (label.tail or "").strip() or (
            _text(following) if following is not None and isinstance(following.tag, str) else ""
        )
        found = [n for n in split_names(value) if " " in n] if len(value) <= 80 else []
        if found:
            return found
    return []


_CREDIT = re.compile(rf"({_HAN_NAME})\s*[/／]\s*[\u4e00-\u9fff]")


def headline_credit(sel: Selector) -> list[str]:
    """The reporter of a Chinese credit line "石佳/中国青年报" (name/outlet) that opens the element
    right after the page's first <h1>."""
    root = sel.root
    h1 = next(root.iter("h1"), None) if hasattr(root, "iter") else None
    after = h1.getnext() if h1 is not None else None
    if after is None or not isinstance(after.tag, str):
        return []
    first = next((t.strip() for t in after.itertext() if t.strip()), "")
    match = _CREDIT.match(first)
    return [match.group(1)] if match and len(first) <= 30 else []


def dateline_authors(text: str) -> list[str]:
    """Reporters a Chinese article names in its first lines, when nothing else named any."""
    match = _DATELINE.search(text[:300])
    if not match:
        return []
    found = next(g for g in match.groups() if g)
    return [name for name in re.split(r"[\s、　]+", found) if name]

"""Page fields any site offers: JSON-LD, OpenGraph and <meta> tags, names of the site."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from parsel import Selector

from newscrawl.extract.urls import join_url

_ARTICLE_TYPES = {"NewsArticle", "Article", "BlogPosting", "ReportageNewsArticle", "WebPage"}


def json_ld(sel: Selector) -> dict[str, Any]:
    """The first JSON-LD object of an article type (searching @graph and lists); a WebPage
    only when the page has no article node (a WebPage's dates are often the page's own)."""
    page: dict[str, Any] = {}
    for data in _scripts(sel):
        for node in _nodes(data):
            kinds = node.get("@type")
            kinds = kinds if isinstance(kinds, list) else [kinds]
            found = _ARTICLE_TYPES.intersection(k for k in kinds if isinstance(k, str))
            if found - {"WebPage"}:
                return node
            page = page or (node if found else {})
    return page


def json_ld_node(sel: Selector, node_id: str) -> dict[str, Any]:
    """The JSON-LD node whose "@id" is `node_id` (a graph's author is often a reference)."""
    for data in _scripts(sel):
        found = next((n for n in _nodes(data) if n.get("@id") == node_id), None)
        if found is not None:
            return found
    return {}


# Pages saved as XHTML wrap script text in a CDATA section, often behind a JS comment.
_CDATA = re.compile(
    r"^\s*(?://|/\*)?\s*<!\[CDATA\[\s*(?:\*/)?(.*?)(?://|/\*)?\s*\]\]>\s*(?:\*/)?\s*$", re.S
)


def _scripts(sel: Selector) -> Iterator[Any]:
    """The JSON of every JSON-LD script of the page that parses (a CDATA wrapper unwrapped)."""
    for raw in sel.xpath('//script[@type="application/ld+json"]/text()').getall():
        wrapped = _CDATA.match(raw)
        try:
            yield json.loads(wrapped.group(1) if wrapped else raw)
        except ValueError:
            continue


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
        # Some pages (and tools that save them) put the value in value= instead of content=.
        content = element.get("content", element.get("value"))
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


_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
# A run of white space holding an ASCII one (a lone U+00A0 or U+3000 is the site's own).
_FOLD = re.compile(r"\s*[ \t\n\r\f\v]\s*")
# " | ", " - ", "::", a bare "|", a full-width "｜" or "：", Korean sites' "ㅣ" (a vowel letter
# alone, used as a bar), " » " before more text (French ends a quote with a spaced one), an
# unspaced "-" or "_" before Chinese, Japanese or Korean ("标题_网易").
_BAR = r"\s+(?:[|\-–—·•*@/:]|::)(?:\s+|$)|\s*[｜：|\u3163]\s*|\s+»\s+(?=\S)"
_SEPARATOR = re.compile(_BAR + r"|(?<=\S)[-_](?=[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7a3])")
_SPACED_SEPARATOR = re.compile(_BAR)  # a site's name may hold "_" ("史蒂文的家_藍天")
_NOT_WORD = re.compile(r"[\W_]+")


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


def published(sel: Selector, ld: dict[str, Any]) -> str | None:
    value = ld.get("datePublished")
    if isinstance(value, str) and value.strip():
        return value
    return meta(sel, *_PUBLISHED) or sel.xpath(_PUBLISHED_MARKUP).get()


def published_values(sel: Selector, ld: dict[str, Any]) -> list[str]:
    """Every published-date field of the page, in the order `published` prefers them (an
    element's itemprop only where no other field is: looking for it walks the whole page)."""
    value = ld.get("datePublished")
    found = [value] if isinstance(value, str) and value.strip() else []
    found += [v for v in (meta(sel, name) for name in _PUBLISHED) if v]
    return found or sel.xpath(_PUBLISHED_MARKUP).getall()[:1]


# The usual names first, then the Dublin Core and CMS-specific ones many sites still write.
_PUBLISHED = (
    "article:published_time",
    "og:article:published_time",
    "pubdate",
    "publishdate",
    "publish_date",
    "datePublished",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.created",
    "dc.date",
)
_PUBLISHED_MARKUP = (
    '//*[@itemprop="datePublished"]/@datetime | //*[@itemprop="datePublished"]/@content'
)


def updated(sel: Selector, ld: dict[str, Any]) -> str | None:
    value = ld.get("dateModified")
    if isinstance(value, str) and value.strip():
        return value
    return meta(sel, "article:modified_time", "og:updated_time", "dateModified")


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
    # JSON-LD "keywords" may be any JSON value (a number raised TypeError): only str and list.
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

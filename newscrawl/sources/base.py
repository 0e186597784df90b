"""Source: what to crawl and how to read it, declared as data and validated at import."""

from __future__ import annotations

import codecs
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import parsel
from cssselect import GenericTranslator, SelectorError
from lxml import etree
from parsel import Selector

from newscrawl.archive.revisits import DEFAULT_SCHEDULE, Schedule, parse_schedule

_ID = re.compile(r"^[a-z][a-z0-9_]{1,39}$")
_HOST = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$")
_FIELDS = ("title", "published", "updated", "authors", "tags", "lead_image")
# Politeness settings a source may override (settings.py has the shipped defaults).
CRAWL_SETTINGS = frozenset(
    {"ROBOTSTXT_OBEY", "DOWNLOAD_DELAY", "CONCURRENT_REQUESTS_PER_DOMAIN", "AUTOTHROTTLE_ENABLED",
     "AUTOTHROTTLE_START_DELAY", "AUTOTHROTTLE_MAX_DELAY", "AUTOTHROTTLE_TARGET_CONCURRENCY",
     "RETRY_TIMES", "DOWNLOAD_TIMEOUT"}
)  # fmt: skip
XPATH_PREFIX = "xpath:"
# The namespaces parsel gives every XPath (`re:test(...)`, `set:distinct(...)`).
_EXSLT = dict(Selector._default_namespaces)
# The post categories of a page no source declares (the NEWSCRAWL_DEFAULT_CATEGORIES setting's
# default): three levels, `{site}` standing for the site's name.
DEFAULT_CATEGORIES = ("网页", "{site}", "文章")


class SourceError(ValueError):
    """A source declaration is invalid; raised at import so a bad source never crawls."""


def default_categories(template: Sequence[str], site: str) -> tuple[str, str, str]:
    """The three category levels of `template` for `site` ({site} replaced); SourceError
    unless the template has three non-empty levels."""
    levels = [str(level).strip().replace("{site}", site) for level in template]
    if len(levels) != 3 or not all(levels):
        raise SourceError(
            "NEWSCRAWL_DEFAULT_CATEGORIES must be three non-empty levels, such as "
            f"News,{{site}},Articles (got {list(template)!r})"
        )
    return levels[0], levels[1], levels[2]


def check_selector(selector: str, where: str) -> None:
    """Raise SourceError unless `selector` is valid CSS (parsel flavour) or `xpath:` XPath."""
    try:
        if selector.startswith(XPATH_PREFIX):
            etree.XPath(selector[len(XPATH_PREFIX) :])
        else:
            # parsel's ::text / ::attr(x) pseudo-elements are not plain CSS: strip them to check.
            plain = re.sub(r"::(text|attr\([^)]*\))", "", selector)
            GenericTranslator().css_to_xpath(plain)
    except (SelectorError, etree.XPathSyntaxError) as exc:
        raise SourceError(f"{where}: bad selector {selector!r}: {exc}") from exc


def select(sel: Selector, selector: str) -> list[str]:
    """What a source's selector (CSS, or XPath after `xpath:`) finds in `sel`, as strings:
    what parsel's `sel.css(selector).getall()` (or `.xpath`) gives."""
    if sel.type != "html" or not hasattr(sel.root, "xpath"):
        xpath = selector.startswith(XPATH_PREFIX)
        found = sel.xpath(selector[len(XPATH_PREFIX) :]) if xpath else sel.css(selector)
        return [str(value) for value in found.getall()]
    try:
        result = _compiled(selector)(sel.root)
    except etree.XPathError as exc:
        raise ValueError(f"XPath error: {exc} in {_query(selector)}") from exc
    return [_as_text(value) for value in (result if isinstance(result, list) else [result])]


def _query(selector: str) -> str:
    if selector.startswith(XPATH_PREFIX):
        return selector[len(XPATH_PREFIX) :]
    return str(parsel.css2xpath(selector))


@lru_cache(maxsize=512)
def _compiled(selector: str) -> etree.XPath:
    # Evaluated straight on the tree: parsel's own path wraps every node found in a Selector
    # and a SelectorList before serializing it, most of a declared page's selector time.
    query = _query(selector)
    spaces = {p: uri for p, uri in _EXSLT.items() if f"{p}:" in query}
    return etree.XPath(query, namespaces=spaces, smart_strings=False)


def _as_text(value: Any) -> str:
    """A node or value an XPath found, serialized as parsel's Selector.get does for HTML."""
    if isinstance(value, str):
        return str(value)
    try:
        return str(etree.tostring(value, method="html", encoding="unicode", with_tail=False))
    except (AttributeError, TypeError):
        if value is True:
            return "1"
        if value is False:
            return "0"
        return str(value)


@dataclass(frozen=True)
class Source:
    """A news site: identity, post categories, entry points and extraction rules.

    Selectors are CSS (with parsel's `::text` and `::attr(name)`) or XPath prefixed `xpath:`.
    `body` selects the container of the article body; its inner HTML is kept byte for byte,
    minus the elements matching `body_drop` and everything from the first `body_stop` match on.
    """

    id: str
    name: str
    domains: tuple[str, ...]
    categories: tuple[str, str, str]  # L1 > L2 > L3 of FORMAT.md rule 4
    author: str  # the post's `author:` key
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()  # sitemap, sitemap index or robots.txt URLs
    listings: tuple[str, ...] = ()  # section pages whose article links are followed
    article_url: str = r"."  # regex an article URL must match (search)
    selectors: dict[str, str] = field(default_factory=dict)  # field name -> selector
    body: str | None = None
    body_drop: tuple[str, ...] = ("script", "style")
    body_stop: tuple[str, ...] = ()
    extra: dict[str, str] = field(default_factory=dict)  # archive-only fields -> selector
    feed_fields: tuple[str, ...] = ()  # fields where the feed item wins over the page
    encoding: str | None = None  # the page encoding, when the site declares a wrong one
    timezone: str = "UTC"  # the site's zone, for dates given without an offset
    language: str | None = None
    default_image: str | None = None  # headimg/thumbnail when an article has no image
    image_scheme: str = "https"  # scheme given to protocol-relative image URLs
    embeds: tuple[str, ...] = ()  # hosts whose https <iframe> video embeds the body keeps
    # Politeness overrides for this site's crawls, e.g. {"DOWNLOAD_DELAY": 2.0}: CRAWL_SETTINGS.
    crawl_settings: dict[str, bool | int | float] = field(default_factory=dict)
    # When archived articles are fetched again: (age limit, interval) pairs (archive/revisits.py).
    revisit: Schedule = DEFAULT_SCHEDULE
    # "browser": article pages are rendered in Chromium (the site builds them in JavaScript),
    # waiting for `render_wait` (default: `body`, else the network going idle), after a
    # click on `render_click` (a "read more" button) when declared. Plain CSS selectors.
    render: str = "http"
    render_wait: str | None = None
    render_click: str | None = None

    def __post_init__(self) -> None:
        where = f"source {self.id!r}"
        for check in (_check_identity, _check_rules, _check_settings, _check_render):
            check(self, where)

    @cached_property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @cached_property
    def article_pattern(self) -> re.Pattern[str]:
        return re.compile(self.article_url)

    def claims(self, url: str) -> bool:
        """Whether `url` is on one of this source's domains (or a subdomain of one)."""
        host = (urlsplit(url).hostname or "").lower()
        return any(host == d or host.endswith("." + d) for d in self.domains)


def _check_identity(source: Source, where: str) -> None:
    """Id, names, categories, domains and entry points."""
    if not _ID.match(source.id):
        raise SourceError(f"{where}: id must match {_ID.pattern}")
    if not source.name or not source.author:
        raise SourceError(f"{where}: name and author are required")
    if len(source.categories) != 3 or not all(c.strip() for c in source.categories):
        raise SourceError(f"{where}: categories must be three non-empty strings")
    if not source.domains or any("/" in d or not d for d in source.domains):
        raise SourceError(f"{where}: domains must be bare host names")
    for url in (*source.feeds, *source.sitemaps, *source.listings):
        if urlsplit(url).scheme not in ("http", "https"):
            raise SourceError(f"{where}: entry point {url!r} is not an http(s) URL")


def _check_rules(source: Source, where: str) -> None:
    """The article URL pattern and every selector."""
    try:
        re.compile(source.article_url)
    except re.error as exc:
        raise SourceError(f"{where}: bad article_url pattern: {exc}") from exc
    unknown = set(source.selectors) - set(_FIELDS)
    if unknown:
        raise SourceError(f"{where}: unknown selector fields {sorted(unknown)}")
    if set(source.feed_fields) - {"title", "published", "updated"}:
        raise SourceError(f"{where}: feed_fields can only name title/published/updated")
    for name, sel in {**source.selectors, **source.extra}.items():
        check_selector(sel, f"{where}.{name}")
    for sel in (*source.body_drop, *source.body_stop, *([source.body] if source.body else [])):
        if sel.startswith(XPATH_PREFIX) or "::" in sel:
            raise SourceError(f"{where}: body selectors must be plain CSS: {sel!r}")
        check_selector(sel, f"{where}.body")


def _check_settings(source: Source, where: str) -> None:
    """Encoding, time zone, politeness overrides, image scheme, embed hosts, revisits."""
    if source.encoding:
        try:
            codecs.lookup(source.encoding)
        except LookupError as exc:
            raise SourceError(f"{where}: unknown encoding {source.encoding!r}") from exc
    try:
        ZoneInfo(source.timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise SourceError(f"{where}: unknown time zone {source.timezone!r}") from exc
    unknown = set(source.crawl_settings) - CRAWL_SETTINGS
    if unknown:
        raise SourceError(f"{where}: crawl_settings cannot set {sorted(unknown)}")
    if source.image_scheme not in ("http", "https"):
        raise SourceError(f"{where}: image_scheme must be http or https")
    if isinstance(source.embeds, str) or not all(_HOST.match(h) for h in source.embeds):
        raise SourceError(f"{where}: embeds must be lowercase host names")
    try:
        parse_schedule(source.revisit)
    except (ValueError, TypeError) as exc:
        raise SourceError(f"{where}: bad revisit schedule: {exc}") from exc


def _check_render(source: Source, where: str) -> None:
    if source.render not in ("http", "browser"):
        raise SourceError(f"{where}: render must be http or browser, not {source.render!r}")
    for sel in filter(None, (source.render_wait, source.render_click)):
        if sel.startswith(XPATH_PREFIX) or "::" in sel:
            raise SourceError(f"{where}: render selectors must be plain CSS: {sel!r}")
        check_selector(sel, f"{where}.render")

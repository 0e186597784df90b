"""Sanitize the article body: nothing active reaches the archive or a post.

Article HTML is untrusted. A fragment with no hazard at all is kept byte for byte (the post
format forbids re-serializing benign markup); anything else is rebuilt by nh3 from an
allowlist of the tags and attributes the format shows. The hazard check is deliberately
broader than nh3's policy: a false alarm only costs the original bytes, never safety.

URLs: http(s), mailto, tel and relative ones; `data:` only as the src of an <img> holding a
base64 PNG, GIF, JPEG or WebP. Video embeds: an https <iframe> whose host a source lists in
`Source.embeds` is rebuilt with a fixed attribute set, a fixed `sandbox` and no content; every
other iframe is removed.
"""

from __future__ import annotations

import logging
import re

import nh3

from newscrawl import sources
from newscrawl.clean.policy import (
    ACTIVE_TAGS,
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    EMBED_ATTRIBUTES,
    EMBED_SANDBOX,
    RAW_TEXT_TAGS,
    STYLE_PROPERTIES,
    URL_ATTRIBUTES,
    URL_SCHEMES,
)
from newscrawl.extract.markup import parse_fragment
from newscrawl.items import Article

logger = logging.getLogger(__name__)

# Constructs where an HTML5 browser and libxml2 may disagree (mutation XSS), or that no
# benign article needs: any of these sends the fragment through nh3.
_ACTIVE = "|".join(sorted(ACTIVE_TAGS))
_RAW_HAZARD = re.compile(
    r"<!--|<!\[|<\?|\x00|<\s*/?\s*(?:" + _ACTIVE + r")\b"
    r"|[\s\"'/]on[a-z]+\s*=|(?:java|vb)script\s*:|srcdoc|xlink|xmlns",
    re.IGNORECASE,
)
# _RAW_HAZARD's first match, found without IGNORECASE in the fragment case-folded char for char
# (`_folded`) and piece by piece (`_raw_hazard`): its branches begin with different characters,
# so the first match is the first of its pieces'. One case-insensitive scan of all branches
# tried them at every character; each piece here starts with a literal that the regex engine
# (or str.find) skips to. Sanitizing an inert body costs little more than these scans.
_MARKUP_HAZARD = re.compile(r"<(?:!--|!\[|\?|\s*/?\s*(?:" + _ACTIVE + r")\b)")
_SCRIPT_URL = re.compile(r"(?:java|vb)script\s*:")
_HANDLER = re.compile(r"on[a-z]+\s*=")  # after whitespace, a quote or a slash (_OPENER)
_OPENER = re.compile(r"[\s\"'/]")
_HAZARD_WORDS = ("\x00", "srcdoc", "xlink", "xmlns")
# The non-ASCII characters that IGNORECASE matches to an ASCII letter; str.lower() leaves
# U+0131 and U+017F as they are and makes U+0130 two characters.
_TO_ASCII_LETTER = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})
# CSS comments and escapes can spell any of these in pieces (ex/**/pression, expr\65ssion).
_STYLE_HAZARD = re.compile(
    r"expression|javascript|behavior|binding|@import|url\s*\(|/\*|\\", re.IGNORECASE
)
_SAFE_URL = re.compile(r"^(?:(?:https?|mailto|tel):|[^:/?#]*(?:[/?#]|$))", re.IGNORECASE)
# Raster images only (an SVG image can carry script when opened on its own), base64 only.
_DATA_IMAGE = re.compile(r"data:image/(?:png|gif|jpeg|webp);base64,[A-Za-z0-9+/]*={0,2}", re.I)
# Host, then path/query/fragment: no userinfo, port, backslash or whitespace that a browser's
# URL parser could read differently from urlsplit (`https://ok\\@evil/` is evil's).
_EMBED_URL = re.compile(r"https://(?P<host>[a-z0-9.-]+)(?:[/?#][^\\\s\x00-\x1f\x7f]*)?", re.I)
_EMBED_NUMBER = re.compile(r"[0-9]{1,4}%?")
# A kept iframe as nh3 serializes it (values double-quoted, `"` escaped) and its raw text: the
# content of an iframe is never parsed as markup by a browser, but it is by other parsers.
_SERIALIZED_IFRAME = re.compile(r'<iframe((?:\s[^\s=>]+(?:="[^"]*")?)*)>.*?</iframe>', re.S)
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")
_ENTITY = re.compile(r"&#?[a-z0-9]+;", re.IGNORECASE)


def hazards(fragment: str) -> list[str]:
    """Why `fragment` is not inert HTML (empty when it is)."""
    raw = _raw_hazard(_folded(fragment))
    if raw:
        return [f"markup {fragment[raw[0] : raw[1]].strip()!r}"]
    root = parse_fragment(fragment)
    found: list[str] = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            found.append("comment or processing instruction")
            continue
        if element.tag.lower() in ACTIVE_TAGS:
            found.append(f"<{element.tag}>")
        for name, value in element.attrib.items():
            found.extend(_attribute_hazards(element.tag, name.lower(), value))
    return found


def _raw_hazard(folded: str) -> tuple[int, int] | None:
    """The span of _RAW_HAZARD's first match in the fragment that `folded` is folded from."""
    found = [m.span() for m in (_MARKUP_HAZARD.search(folded), _SCRIPT_URL.search(folded)) if m]
    found += [(at, at + len(word)) for word in _HAZARD_WORDS if (at := folded.find(word)) >= 0]
    before = min(found)[0] if found else len(folded)
    at = 1
    while (handler := _HANDLER.search(folded, at)) is not None and handler.start() <= before:
        if _OPENER.match(folded, handler.start() - 1):
            return handler.start() - 1, handler.end()
        at = handler.start() + 1
    return min(found, default=None)


def _folded(fragment: str) -> str:
    """`fragment` with every character _RAW_HAZARD matches case-insensitively to an ASCII
    letter made that lowercase letter, one character for one: a match of _RAW_HAZARD's pattern
    without IGNORECASE in it is _RAW_HAZARD's match in `fragment`, at the same place."""
    if not fragment.isascii() and any(chr(c) in fragment for c in _TO_ASCII_LETTER):
        fragment = fragment.translate(_TO_ASCII_LETTER)  # rare, and slow: a lookup a character
    return fragment.lower()


def _attribute_hazards(tag: str, name: str, value: str) -> list[str]:
    if name.startswith("on") or ":" in name:
        return [f"{tag}@{name}"]
    if tag == "img" and name == "src" and _DATA_IMAGE.fullmatch(value):
        return []
    if name in URL_ATTRIBUTES:
        for url in value.split(",") if name == "srcset" else [value]:
            url = _CONTROL.sub("", url.strip().split(" ")[0] if name == "srcset" else url)
            if not _SAFE_URL.match(url) or _ENTITY.search(url):
                return [f"{tag}@{name}={value[:40]!r}"]
    if name == "style" and _STYLE_HAZARD.search(value):
        return [f"{tag}@style"]
    return []


def sanitize_body(fragment: str, embeds: tuple[str, ...] = ()) -> tuple[str, list[str]]:
    """The fragment unchanged if inert, else nh3's allowlisted rebuild; plus what was found.

    `embeds`: hosts whose https iframes are kept (rebuilt, sandboxed, emptied)."""
    found = hazards(fragment)
    if not found:
        return fragment, []
    hosts = frozenset(h.lower() for h in embeds)

    def keep(tag: str, name: str, value: str) -> str | None:
        if tag == "iframe":
            return _keep_embed_attribute(name, value, hosts)
        return _keep_attribute(tag, name, value)

    cleaned = nh3.clean(
        fragment,
        tags=set(ALLOWED_TAGS) | ({"iframe"} if hosts else set()),
        attributes={**ALLOWED_ATTRIBUTES, **({"iframe": EMBED_ATTRIBUTES} if hosts else {})},
        url_schemes=URL_SCHEMES,
        strip_comments=True,
        link_rel="noopener noreferrer nofollow",
        filter_style_properties=STYLE_PROPERTIES,
        attribute_filter=keep,
        set_tag_attribute_values={"iframe": {"sandbox": EMBED_SANDBOX}} if hosts else None,
        # A browser reads these elements' content as raw text: kept, it would show up in the
        # post as visible escaped markup (a lazy-loading page's `<noscript><img ...>`).
        clean_content_tags=RAW_TEXT_TAGS - ({"iframe"} if hosts else set()),
    )
    return (_settle_embeds(cleaned) if hosts else cleaned), found


def _keep_attribute(tag: str, name: str, value: str) -> str | None:
    # nh3 checks schemes only on href/src-like attributes (cite="javascript:..." got through)
    # and keeps an allowed style property's value as is (width: expression(...) got through).
    return None if _attribute_hazards(tag, name, value) else value


def embed_allowed(src: str, hosts: frozenset[str]) -> bool:
    """Whether `src` is an https URL on one of `hosts` (exactly), with nothing ambiguous in it."""
    match = _EMBED_URL.fullmatch(src)
    return match is not None and match["host"].lower() in hosts


def _keep_embed_attribute(name: str, value: str, hosts: frozenset[str]) -> str | None:
    if name == "src":
        return value if embed_allowed(value, hosts) else None
    if name == "sandbox":
        return EMBED_SANDBOX
    if name in ("width", "height", "frameborder"):
        return value if _EMBED_NUMBER.fullmatch(value) else None
    if name == "loading":
        return value if value in ("lazy", "eager") else None
    return None if _attribute_hazards("iframe", name, value) else value


def _settle_embeds(cleaned: str) -> str:
    """Kept iframes without their raw text; iframes whose src was refused, gone."""

    def settle(match: re.Match[str]) -> str:
        attrs = match.group(1)
        return f"<iframe{attrs}></iframe>" if re.search(r'\ssrc="', attrs) else ""

    return _SERIALIZED_IFRAME.sub(settle, cleaned)


def sanitize_article(article: Article, embeds: tuple[str, ...] = ()) -> list[str]:
    """Replace a hazardous body by its rebuild (and its text by the rebuild's); what was found."""
    cleaned, found = sanitize_body(article.body_html, embeds)
    if found:
        # Imported here: the crawl's sanitize pipeline imports this module before its first
        # request, and the extraction stack under body_text is not needed before a page.
        from newscrawl.extract.article import body_text

        article.body_html, article.body_text = cleaned, body_text(cleaned)
    return found


def source_embeds(source_id: str) -> tuple[str, ...]:
    """The embed hosts the article's source allows (none for an undeclared site)."""
    source = sources.declared(source_id)
    return source.embeds if source else ()

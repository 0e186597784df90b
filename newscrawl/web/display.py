"""Article HTML as the web view shows it: sanitized, balanced, links absolute, images local."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from html import escape

import nh3

from newscrawl.clean.policy import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, STYLE_PROPERTIES, URL_SCHEMES
from newscrawl.clean.sanitize import hazards, sanitize_body
from newscrawl.extract.urls import join_url

logger = logging.getLogger(__name__)

_URL_ATTRIBUTES = frozenset(["href", "src", "cite"])


def display_html(
    fragment: str, base_url: str | None = None, local: Mapping[str, str] | None = None
) -> str:
    """`fragment` ready to sit inside a page of ours.

    The archive's sanitizer runs again (defense in depth: the row may come from an older
    version, another tool or a hand edit). It keeps an inert fragment byte for byte, stray end
    tags included, and `</td></table>` would close the page's own table around the body: so
    html5ever re-serializes the result under the same allowlist, balanced. Relative URLs are
    resolved against `base_url` (the page the body came from); a URL in `local` is replaced by
    the address of its downloaded copy. Video embeds are not shown (no third-party frames).
    """
    cleaned, _ = sanitize_body(fragment)
    local = local or {}

    def rewrite(tag: str, name: str, value: str) -> str | None:
        if name not in _URL_ATTRIBUTES:
            return value
        if value.strip().lower().startswith("data:"):
            # The sanitizer keeps data: URLs only as an image's src (base64 raster).
            return value if (tag, name) == ("img", "src") else None
        absolute = (join_url(base_url, value) or value) if base_url else value
        return local.get(absolute, absolute)

    shown = nh3.clean(
        cleaned,
        tags=set(ALLOWED_TAGS),
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        strip_comments=True,
        link_rel="noopener noreferrer nofollow",
        filter_style_properties=STYLE_PROPERTIES,
        attribute_filter=rewrite,
    )
    # The result must pass the archive's own hazard check; if it ever did not, text it is.
    found = hazards(shown)
    if found:
        logger.error("web view: body still hazardous after sanitizing (%s)", ", ".join(found))
        return "<pre>" + escape(cleaned) + "</pre>"
    return shown

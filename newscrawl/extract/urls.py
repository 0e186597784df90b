"""URLs written by strangers: joined to the page's URL without raising."""

from __future__ import annotations

from urllib.parse import urljoin


def join_url(base: str, ref: str) -> str | None:
    """`urljoin(base, ref)`, or None when urllib cannot parse one of them (an unclosed IPv6
    bracket, `http://[zz/x.png`, raises ValueError)."""
    try:
        return urljoin(base, ref)
    except ValueError:
        return None

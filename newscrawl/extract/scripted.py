"""Article text a page carries in script data only: the JSON-LD `articleBody`."""

from __future__ import annotations

import re
from html import escape
from typing import Any

from newscrawl.extract.metadata import text_value

SCRIPTED_SHARE = 2  # how many times longer than the page's extracted text the script's must be
SCRIPTED_MIN = 300  # characters the script's text holds at least (a summary is shorter)
_BREAKS = re.compile(r"\s*\n\s*\n\s*|\s*\n\s*|(?<=[.!?。！？])\s{2,}")


def scripted_body(ld: dict[str, Any], extracted: str) -> str | None:
    """The JSON-LD articleBody as paragraphs of HTML, when it is much longer than the text
    extracted from the page's markup (a page that renders its text with JavaScript, or shows
    a teaser of it); None otherwise."""
    found = ld.get("articleBody")
    if not isinstance(found, str):
        return None
    text = found.strip()
    if len(text) < max(SCRIPTED_MIN, SCRIPTED_SHARE * len(extracted)):
        return None
    paragraphs = (text_value(p) for p in _BREAKS.split(text))
    return "".join(f"<p>{escape(p, quote=False)}</p>\n" for p in paragraphs if p)

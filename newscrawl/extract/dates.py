"""Date strings -> timezone-aware datetimes; a site's local time is converted, not relabelled."""

from __future__ import annotations

import re
from datetime import datetime, tzinfo
from email.utils import parsedate_to_datetime

from dateutil import parser as dateutil_parser

_CJK = re.compile(
    r"(?P<y>\d{4})\s*[年/.-]\s*(?P<m>\d{1,2})\s*[月/.-]\s*(?P<d>\d{1,2})\s*日?"
    r"(?:\s*(?P<H>\d{1,2})\s*[:：时]\s*(?P<M>\d{1,2})(?:\s*[:：分]\s*(?P<S>\d{1,2}))?)?"
)


def parse_date(text: str | None, local: tzinfo) -> datetime | None:
    """Parse `text` as an aware datetime; a value without an offset is read in `local` time.

    Accepts RFC 822/1123 (feeds), ISO 8601 and common page forms, Chinese ones included.
    Returns None for text that holds no date.
    """
    text = (text or "").strip()
    if not text:
        return None
    parsed = _rfc822(text) or _iso(text) or _cjk(text) or _fuzzy(text)
    if parsed is None:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=local)


def _rfc822(text: str) -> datetime | None:
    try:
        parsed = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    # email.utils marks "-0000" (zone unknown) as naive; that is what we want.
    return parsed


def _iso(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def _cjk(text: str) -> datetime | None:
    match = _CJK.search(text)
    if not match:
        return None
    parts = {k: int(v) for k, v in match.groupdict().items() if v is not None}
    try:
        return datetime(
            parts["y"],
            parts["m"],
            parts["d"],
            parts.get("H", 0),
            parts.get("M", 0),
            parts.get("S", 0),
        )
    except ValueError:
        return None


def _fuzzy(text: str) -> datetime | None:
    try:
        return dateutil_parser.parse(text, fuzzy=False)
    except (ValueError, OverflowError):
        return None

"""Date strings -> timezone-aware datetimes; a site's local time is converted, not relabelled."""

from __future__ import annotations

import re
import warnings
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime
from typing import Any
from zoneinfo import ZoneInfo

from dateutil import parser as dateutil_parser
from dateutil.parser import UnknownTimezoneWarning

from newscrawl.extract import date_text
from newscrawl.extract.date_text import ascii_digits, english_date, numeric_offsets
from newscrawl.extract.text import element_text

# A year-first date and its time as Chinese, Japanese and Korean pages (and ISO-like forms)
# write them: "2019年3月5日（火） 午後3時15分", "2024년 4월 30일 오후 4:48", "2026-01-08 | 12:42".
CJK_DATE = re.compile(
    r"(?P<y>\d{4})\s*[年년/.-]\s*(?P<m>\d{1,2})\s*[月월/.-]\s*(?P<d>\d{1,2})\s*[日일]?"
    r"(?:\s*[（(][^)）\d]{1,3}[)）])?"  # the weekday: "（火）", "(화)"
    r"(?:\s*[|,·–-]?\s*(?P<ap>午前|午後|上午|下午|오전|오후)?\s*(?P<H>\d{1,2})\s*[:：时時시]\s*"
    r"(?P<M>\d{1,2})(?:\s*[:：分분]\s*(?P<S>\d{1,2}))?"
    r"(?:\s*(?P<z>[+-])(?P<zh>\d{2}):?(?P<zm>\d{2})(?!\d))?)?"
)
_AFTERNOON = {"午後", "下午", "오후"}

_MERIDIEM = re.compile(r"\d\s*[ap]\.?m\b", re.IGNORECASE)
_UNKNOWN_ZONE = re.compile(r"\s-0000(?:\s|$)")
# Two defaults that differ in every date field: dateutil fills fields the text lacks from its
# default (today), so "Tuesday" or "12" would otherwise become a made-up date.
_DEFAULTS = (datetime(2001, 1, 1), datetime(2002, 2, 2))


def parse_date(text: str | None, local: tzinfo) -> datetime | None:
    """Parse `text` as an aware datetime; a value without an offset is read in `local` time.

    Accepts RFC 822/1123 (feeds), ISO 8601 and common page forms, Chinese ones included.
    Returns None for text that holds no date.
    """
    parsed = written_as(text)
    if parsed is None:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=local)


def written_as(text: str | None) -> datetime | None:
    """`text` as a datetime as written: naive when it names no offset or zone."""
    text = numeric_offsets(ascii_digits((text or "").strip()))
    if not text:
        return None
    return _rfc822(text) or iso_value(text) or _cjk(text) or _fuzzy(text)


def _rfc822(text: str) -> datetime | None:
    if _MERIDIEM.search(text):
        return None  # email.utils would read "10:00 PM" as 10:00 in an unknown zone "PM"
    try:
        parsed = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    # email.utils returns "-0000" as naive, but RFC 5322 section 3.3 says such a time is in
    # UTC (only the sender's own zone is unknown): it must not be read in the site's zone.
    if parsed.tzinfo is None and _UNKNOWN_ZONE.search(text):
        return parsed.replace(tzinfo=UTC)
    return parsed


def iso_value(text: str) -> datetime | None:
    """`text` read as ISO 8601 alone ("Z" as UTC), or None."""
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def _cjk(text: str) -> datetime | None:
    match = CJK_DATE.search(text)
    if not match:
        return None
    sign, meridiem = match["z"], match["ap"]
    parts = {k: int(v) for k, v in match.groupdict().items() if v and k not in ("z", "ap")}
    if meridiem and "H" in parts:  # a 12-hour clock: "午後3時" is 15:00, "午前12時" midnight
        parts["H"] = parts["H"] % 12 + (12 if meridiem in _AFTERNOON else 0)
    zone = None
    if sign:
        offset = timedelta(hours=parts["zh"], minutes=parts["zm"])
        zone = timezone(-offset if sign == "-" else offset)
    try:
        return datetime(
            parts["y"],
            parts["m"],
            parts["d"],
            parts.get("H", 0),
            parts.get("M", 0),
            parts.get("S", 0),
            tzinfo=zone,
        )
    except ValueError:
        return None


# Zone abbreviations pages print ("10:00 AM EST"), as fixed offsets; ambiguous ones (CST) are
# left out: dateutil then ignores them and the site's zone applies. "IST" names India's,
# Israel's and Ireland's summer time; it is read as India's, whose English-language press
# prints it beside its clocks ("April 07, 2020 03:49 pm IST"); Israeli and Irish pages mostly
# write no zone (a misread clock of theirs is 3.5 or 4.5 hours off). The standard time of a
# region that keeps summer time, and the US's season-less "ET"/"PT", name the region's wall
# clock: pages print "5:50 pm CET" and "1:55pm EST" all year round.
_FIXED = {
    name: timezone(timedelta(hours=hours), name)
    for name, hours in (
        ("EDT", -4), ("CDT", -5), ("MST", -7), ("MDT", -6), ("PDT", -7), ("AKDT", -8),
        ("HST", -10), ("BST", 1), ("CEST", 2), ("EEST", 3), ("WEST", 1), ("MSK", 3),
        ("JST", 9), ("KST", 9), ("HKT", 8), ("SGT", 8), ("AEST", 10), ("AEDT", 11),
        ("MESZ", 2), ("IST", 5.5),
    )
}  # fmt: skip
_REGIONS = {
    "EST": "America/New_York", "ET": "America/New_York", "CT": "America/Chicago",
    "MT": "America/Denver", "PST": "America/Los_Angeles", "PT": "America/Los_Angeles",
    "AKST": "America/Anchorage", "CET": "Europe/Berlin", "MEZ": "Europe/Berlin",
    "EET": "Europe/Athens", "WET": "Europe/Lisbon",
}  # fmt: skip
_ZONES: dict[str, tzinfo] = {**_FIXED, **{name: ZoneInfo(zone) for name, zone in _REGIONS.items()}}


def _fuzzy(text: str) -> datetime | None:
    try:
        with warnings.catch_warnings():  # a zone it does not know ("MEZ") is left out: fine
            warnings.simplefilter("ignore", UnknownTimezoneWarning)
            words = english_date(text)
            first, second = (
                dateutil_parser.parse(words, default=d, tzinfos=_ZONES) for d in _DEFAULTS
            )
    except (ValueError, OverflowError):
        return None
    return first if first.date() == second.date() else None


_MINUTE = timedelta(minutes=1)


SHORT = 60  # characters of a <time>'s text read as its value: a date, not a paragraph


def stamped(element: Any) -> datetime | None:
    """A <time> element's datetime= as written; a naive one in the zone its text names when
    the text shows the same time ("10/11/2022 08:00 AM EDT"): the page's readers are told the
    zone that the machine-readable value leaves out. Without datetime=, its text ("Dec 15,
    2016, 1:55pm EST"), which the HTML standard makes its value then."""
    text = element_text(element)
    if element.get("datetime") is None:
        return written_as(text) if len(text) < SHORT else None
    stamp = written_as(element.get("datetime"))
    if stamp is None or stamp.tzinfo is not None:
        return stamp
    shown = _fuzzy(text)
    if shown is not None and shown.tzinfo is not None and same_clock(shown, stamp):
        return stamp.replace(tzinfo=shown.tzinfo)
    return stamp


def same_clock(one: datetime, other: datetime) -> bool:
    """Whether two values show the same date and time to the minute, offsets aside."""
    return abs(one.replace(tzinfo=None) - other.replace(tzinfo=None)) < _MINUTE


def find_published(html: str, url: str) -> str | None:
    """htmldate's reading of the page (its markup, its text, its URL) when no metadata names
    the publication date: "YYYY-MM-DDTHH:MM:SS" with its offset when the page gives one, or None."""
    import htmldate  # deferred: only pages without date metadata need it

    if html.startswith("http") and " " not in html:
        return None  # htmldate would take such a "page" for a URL and download it
    try:
        return htmldate.find_date(
            html,
            extensive_search=False,
            original_date=True,
            outputformat="%Y-%m-%dT%H:%M:%S%z",
            url=url or None,
        )
    except (ValueError, TypeError, LookupError):
        return None


# A word's first character, and a time of day in digits ("14:05", "14时05", "08時00分", "4시 48분",
# French and Portuguese "17h02", a dotted one where it cannot be a date: "2024 07.57", "7.57
# Uhr"): where the words of a text that may hold a date start, and whether it writes a time.
WORD_START = re.compile(r"(?<!\S)\S")
CLOCK = re.compile(
    r"\d[:：时時시]\s?\d\d|\dh\d\d(?!\d)|" + date_text.DOTTED_CLOCK.pattern, re.IGNORECASE
)

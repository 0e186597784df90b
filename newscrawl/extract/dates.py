"""Date strings -> timezone-aware datetimes; a site's local time is converted, not relabelled."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime
from html import escape
from itertools import islice
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from dateutil import parser as dateutil_parser
from dateutil.parser import UnknownTimezoneWarning

_CJK = re.compile(
    r"(?P<y>\d{4})\s*[年/.-]\s*(?P<m>\d{1,2})\s*[月/.-]\s*(?P<d>\d{1,2})\s*日?"
    r"(?:\s*(?P<H>\d{1,2})\s*[:：时]\s*(?P<M>\d{1,2})(?:\s*[:：分]\s*(?P<S>\d{1,2}))?)?"
)

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
    text = (text or "").strip()
    if not text:
        return None
    return _rfc822(text) or _iso(text) or _cjk(text) or _fuzzy(text)


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


# Zone abbreviations pages print ("10:00 AM EST"), as fixed offsets; ambiguous ones (CST, IST)
# are left out: dateutil then ignores them and the site's zone applies.
_ZONES = {
    name: timezone(timedelta(hours=hours), name)
    for name, hours in (
        ("EST", -5), ("EDT", -4), ("CDT", -5), ("MST", -7), ("MDT", -6), ("PST", -8),
        ("PDT", -7), ("AKST", -9), ("AKDT", -8), ("HST", -10), ("BST", 1), ("CET", 1),
        ("CEST", 2), ("EET", 2), ("EEST", 3), ("WET", 0), ("WEST", 1), ("MSK", 3),
        ("JST", 9), ("KST", 9), ("HKT", 8), ("SGT", 8), ("AEST", 10), ("AEDT", 11),
    )
}  # fmt: skip


def _fuzzy(text: str) -> datetime | None:
    try:
        with warnings.catch_warnings():  # a zone it does not know ("MEZ") is left out: fine
            warnings.simplefilter("ignore", UnknownTimezoneWarning)
            first, second = (
                dateutil_parser.parse(text, default=d, tzinfos=_ZONES) for d in _DEFAULTS
            )
    except (ValueError, OverflowError):
        return None
    return first if first.date() == second.date() else None


_MINUTE = timedelta(minutes=1)


def stamped(element: Any) -> datetime | None:
    """A <time> element's datetime= as written; a naive one in the zone its text names when
    the text shows the same time ("10/11/2022 08:00 AM EDT"): the page's readers are told the
    zone that the machine-readable value leaves out."""
    stamp = written_as(element.get("datetime"))
    if stamp is None or stamp.tzinfo is not None:
        return stamp
    shown = _fuzzy(" ".join("".join(element.itertext()).split()))
    if shown is not None and shown.tzinfo is not None and same_clock(shown, stamp):
        return stamp.replace(tzinfo=shown.tzinfo)
    return stamp


def same_clock(one: datetime, other: datetime) -> bool:
    """Whether two values show the same date and time to the minute, offsets aside."""
    return abs(one.replace(tzinfo=None) - other.replace(tzinfo=None)) < _MINUTE


def page_date(html: str, url: str, root: Any) -> str | None:
    """The date of a page without date metadata: its first <time> with an ISO 8601 datetime=
    (the stamp it gives readers' software, which htmldate's quick search may pass over for a
    date in its URL or scripts), unless htmldate reads the same time with more (an offset,
    seconds); else htmldate's reading (find_published); else marked_date's."""
    shown = _first_iso_time(root)
    found = find_published(html, url)
    if shown is None:
        return found or marked_date(root)
    read = written_as(found)
    if read is not None and read.tzinfo is not None and same_clock(read, shown[1]):
        return found
    return shown[0]


def _first_iso_time(root: Any) -> tuple[str, datetime] | None:
    """(datetime=, its value) of the page's first <time> whose datetime= is ISO 8601: a day
    written "01-11-2023" is read month first by a general parser, whatever the page meant."""
    for element in root.iter("time") if hasattr(root, "iter") else ():
        value = (element.get("datetime") or "").strip()
        if value:
            parsed = _iso(value)
            return (value, parsed) if parsed is not None else None
    return None


# Where a page's naive times are read when its site declared no zone: the zone of the country
# its language tag names ("de-AT") or its host's country code top-level domain names (".bo"),
# else the one zone of the places its language is written in ("ja", "de"). A country spread
# over several offsets is read in the zone most of its people (and its national press) live
# in ("US": New York, _WIDE_COUNTRIES); languages spread over several ("en", "es", "fr", "pt",
# "ru", "ar") are left out: their naive times stay in the site's zone (UTC).
_COUNTRY_ZONES = {
    "GB": "Europe/London", "UK": "Europe/London", "IE": "Europe/Dublin", "FR": "Europe/Paris",
    "BE": "Europe/Brussels",
    "LU": "Europe/Luxembourg", "CH": "Europe/Zurich", "AT": "Europe/Vienna", "IT": "Europe/Rome",
    "DE": "Europe/Berlin", "NL": "Europe/Amsterdam", "IN": "Asia/Kolkata", "SG": "Asia/Singapore",
    "HK": "Asia/Hong_Kong", "TW": "Asia/Taipei", "JP": "Asia/Tokyo", "KR": "Asia/Seoul",
    "CN": "Asia/Shanghai", "PH": "Asia/Manila", "PK": "Asia/Karachi", "ZA": "Africa/Johannesburg",
    "NG": "Africa/Lagos", "KE": "Africa/Nairobi", "EG": "Africa/Cairo", "IL": "Asia/Jerusalem",
    "CO": "America/Bogota", "PE": "America/Lima", "VE": "America/Caracas",
    "UY": "America/Montevideo", "BO": "America/La_Paz", "PY": "America/Asuncion",
    "AR": "America/Argentina/Buenos_Aires", "CL": "America/Santiago", "EC": "America/Guayaquil",
    "ES": "Europe/Madrid", "PT": "Europe/Lisbon", "PL": "Europe/Warsaw", "CZ": "Europe/Prague",
    "SE": "Europe/Stockholm", "NO": "Europe/Oslo", "DK": "Europe/Copenhagen",
    "FI": "Europe/Helsinki", "GR": "Europe/Athens", "TR": "Europe/Istanbul", "UA": "Europe/Kyiv",
    "NZ": "Pacific/Auckland", "TH": "Asia/Bangkok", "VN": "Asia/Ho_Chi_Minh",
    "ID": "Asia/Jakarta", "MY": "Asia/Kuala_Lumpur",
}  # fmt: skip
_WIDE_COUNTRIES = {
    "US": "America/New_York", "CA": "America/Toronto", "MX": "America/Mexico_City",
    "BR": "America/Sao_Paulo", "AU": "Australia/Sydney", "RU": "Europe/Moscow",
}  # fmt: skip
# Country code domains sold to anyone (".co", ".tv", ".io"): they name no country's readers.
_GENERIC_CC = {"CO", "TV", "IO", "ME", "FM", "AI", "LY", "TO", "CC", "WS", "LA", "GG", "AM", "SH"}
_LANGUAGE_ZONES = {
    "ja": "Asia/Tokyo", "ko": "Asia/Seoul", "zh": "Asia/Shanghai", "de": "Europe/Berlin",
    "it": "Europe/Rome", "pl": "Europe/Warsaw", "cs": "Europe/Prague", "sk": "Europe/Bratislava",
    "hu": "Europe/Budapest", "nl": "Europe/Amsterdam", "da": "Europe/Copenhagen",
    "sv": "Europe/Stockholm", "nb": "Europe/Oslo", "nn": "Europe/Oslo", "no": "Europe/Oslo",
    "fi": "Europe/Helsinki", "el": "Europe/Athens", "tr": "Europe/Istanbul", "uk": "Europe/Kyiv",
    "ro": "Europe/Bucharest", "bg": "Europe/Sofia", "hr": "Europe/Zagreb",
    "sl": "Europe/Ljubljana", "lt": "Europe/Vilnius", "lv": "Europe/Riga", "et": "Europe/Tallinn",
    "he": "Asia/Jerusalem", "th": "Asia/Bangkok", "vi": "Asia/Ho_Chi_Minh",
    "is": "Atlantic/Reykjavik",
}  # fmt: skip


class LikelyZone(ZoneInfo):
    """The zone most of a country spread over several offsets lives in: a page's naive times
    are read in it, but an instant the page gives is not moved into it (the day it would
    show is a guess; see shown_zone.published_date)."""


def page_zone(language: str | None, site: tzinfo, declared: bool, url: str = "") -> tzinfo:
    """The zone a page's naive times are read in: the site's when it declared one, else the
    zone its language tag or its host's country domain places it in (see _COUNTRY_ZONES),
    else the site's (UTC)."""
    if declared:
        return site
    primary, _, rest = (language or "").strip().partition("-")
    region = rest.split("-")[-1].upper() if rest else ""
    region = region if len(region) == 2 else _country_domain(url)
    if region in _WIDE_COUNTRIES:
        return LikelyZone(_WIDE_COUNTRIES[region])
    name = _COUNTRY_ZONES.get(region) or _LANGUAGE_ZONES.get(primary.lower())
    return ZoneInfo(name) if name else site


_KANA = re.compile("[\u3040-\u30ff]")
_HANGUL = re.compile("[\uac00-\ud7a3]")
_HAN = re.compile("[\u4e00-\u9fff]")


def script_language(text: str) -> str | None:
    """The language a text's script names when only one is written in it: kana Japanese,
    Hangul Korean, Chinese characters alone Chinese (a page that gives no language tag)."""
    if _KANA.search(text):
        return "ja"
    if _HANGUL.search(text):
        return "ko"
    return "zh" if _HAN.search(text) else None


def _country_domain(url: str) -> str:
    """The country a URL's host's top-level domain names ("BO" of eldeber.com.bo), or ""."""
    host = urlsplit(url).hostname or ""
    code = host.rpartition(".")[2].upper()
    return code if len(code) == 2 and code.isalpha() and code not in _GENERIC_CC else ""


def find_published(html: str, url: str) -> str | None:
    """htmldate's reading of the page (its markup, its text, its URL) when no metadata names
    the publication date: "YYYY-MM-DDTHH:MM:SS" with its offset when the page gives one, or None."""
    import htmldate  # deferred: only pages without date metadata need it

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


# An element a page marks as its date ("pubTime", "article-date", "time"), its text short.
_DATED = (
    '//*[contains(@class, "ime") or contains(@class, "ate") or contains(@id, "ime")'
    ' or contains(@id, "ate")][string-length(normalize-space(.)) < 60]'
)
_DATE_TEXT = re.compile(r"\d{4}\s*[年/.-]\s*\d{1,2}\s*[月/.-]\s*\d{1,2}|\d{1,2}\.\d{1,2}\.\d{4}")


MARKED = 20  # timed elements marked as a date read: the article's byline comes first
_WORD_START = re.compile(r"(?<!\S)\S")
_CLOCK = re.compile(r"\d[:：时]\d\d")


def marked_texts(root: Any) -> Iterator[str]:
    """The text of the page's first elements marked as its date or time (class or id) that
    write a time of day, each also without one, two or three leading words ("Published:
    Dec. 22, 2016, 6:47 p.m."): a label before the date that a date parser refuses."""
    found = root.xpath(_DATED) if hasattr(root, "xpath") else ()
    texts = (" ".join("".join(element.itertext()).split()) for element in found)
    for text in islice((t for t in texts if _CLOCK.search(t)), MARKED):
        starts = [m.start() for m in islice(_WORD_START.finditer(text), 4)]
        yield from (text[start:] for start in starts)


def marked_date(root: Any) -> str | None:
    """The first date written in an element the page marks as a time or date, or the first
    <time datetime>: what a page without date metadata shows its readers."""
    if not hasattr(root, "iter"):
        return None
    found = next((t.get("datetime") for t in root.iter("time") if t.get("datetime")), None)
    if found:
        return str(found)
    for element in root.xpath(_DATED):
        match = _DATE_TEXT.search(" ".join("".join(element.itertext()).split()))
        if match:
            text = " ".join("".join(element.itertext()).split())
            return text[match.start() :]
    return None


HEADLINE_CONTEXT = 800  # characters of text around the headline searched for a written date
BODY_EDGE = 300  # characters at each end of the body searched for a written date


def headline_context(root: Any) -> str:
    """The text of the block around the page's first <h1> (its grandparent), where a page
    without date markup writes the date for its readers."""
    h1 = next(root.iter("h1"), None) if hasattr(root, "iter") else None
    if h1 is None:
        return ""
    block = h1.getparent() if h1.getparent() is not None else h1
    block = block.getparent() if block.getparent() is not None else block
    return " ".join(" ".join(block.itertext()).split())[:HEADLINE_CONTEXT]


def written_date(context: str, body: str) -> str | None:
    """A date written near the headline or at either end of the body: a year-first one near
    the headline ("2019年3月15日 09:43", "2019.03.15 09:43") with its time, else htmldate's
    extensive search over those few lines only (searching the whole page costs more than
    extracting it)."""
    import htmldate  # deferred: only pages without any dated markup need it

    year_first = _CJK.search(context)  # htmldate would keep no time, and misses some of these
    if year_first:
        return year_first.group(0)
    text = " \n".join((context, body[:BODY_EDGE], body[-BODY_EDGE:]))
    page = f"<html><body><p>{escape(text, quote=False)}</p></body></html>"
    try:
        found = htmldate.find_date(
            page, extensive_search=True, original_date=True, outputformat="%Y-%m-%d"
        )
    except (ValueError, TypeError, LookupError):
        return None
    # A year alone ("© 2019") comes back as its first of January: no day was written.
    return None if found is None or found.endswith("-01-01") else str(found)

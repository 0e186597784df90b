"""Date strings -> timezone-aware datetimes; a site's local time is converted, not relabelled."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime
from itertools import islice
from typing import Any
from zoneinfo import ZoneInfo

from dateutil import parser as dateutil_parser
from dateutil.parser import UnknownTimezoneWarning
from lxml import etree

from newscrawl.extract.date_text import ascii_digits, english_date, numeric_offsets
from newscrawl.extract.labelled_dates import UPDATE, labelled_date

CJK_DATE = re.compile(
    r"(?P<y>\d{4})\s*[年/.-]\s*(?P<m>\d{1,2})\s*[月/.-]\s*(?P<d>\d{1,2})\s*日?"
    r"(?:\s*(?P<H>\d{1,2})\s*[:：时]\s*(?P<M>\d{1,2})(?:\s*[:：分]\s*(?P<S>\d{1,2}))?"
    r"(?:\s*(?P<z>[+-])(?P<zh>\d{2}):?(?P<zm>\d{2})(?!\d))?)?"
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
    text = numeric_offsets(ascii_digits((text or "").strip()))
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
    match = CJK_DATE.search(text)
    if not match:
        return None
    sign = match["z"]
    parts = {k: int(v) for k, v in match.groupdict().items() if v is not None and k != "z"}
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


# Zone abbreviations pages print ("10:00 AM EST"), as fixed offsets; ambiguous ones (CST, IST)
# are left out: dateutil then ignores them and the site's zone applies. The standard time of a
# region that keeps summer time, and the US's season-less "ET"/"PT", name the region's wall
# clock: pages print "5:50 pm CET" and "1:55pm EST" all year round.
_FIXED = {
    name: timezone(timedelta(hours=hours), name)
    for name, hours in (
        ("EDT", -4), ("CDT", -5), ("MST", -7), ("MDT", -6), ("PDT", -7), ("AKDT", -8),
        ("HST", -10), ("BST", 1), ("CEST", 2), ("EEST", 3), ("WEST", 1), ("MSK", 3),
        ("JST", 9), ("KST", 9), ("HKT", 8), ("SGT", 8), ("AEST", 10), ("AEDT", 11),
        ("MESZ", 2),
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
    text = " ".join("".join(element.itertext()).split())
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


def page_date(html: str, url: str, root: Any) -> str | None:
    """The date of a page without date metadata: the date its text labels as the
    publication's (labelled_date) unless its first <time> with an ISO 8601 datetime= gives
    that day (with its time); else that <time> (the stamp it gives readers' software, which
    htmldate's quick search may pass over for a date in its URL or scripts), unless htmldate
    reads the same time with more (an offset, seconds); else the day the byline shows
    (shown_day) unless htmldate reads that day with its time; else htmldate's reading
    (find_published); else marked_date's."""
    shown = _first_iso_time(root)
    labelled = labelled_date(root)
    if labelled is not None and (shown is None or shown[1].date().isoformat() != labelled[:10]):
        return labelled
    found = find_published(html, url)
    read = written_as(found)
    if shown is None:
        day = shown_day(root)
        if day is None or (read is not None and read.date().isoformat() == day):
            return found or marked_date(root)
        return day
    if read is not None and read.tzinfo is not None and same_clock(read, shown[1]):
        return found
    return shown[0]


def labelled_over_day(value: str | None, root: Any) -> str | None:
    """`value` (the page's metadata), unless it is a day alone and the page's text labels
    another day as its publication's ("Erschienen am: 13.10.2021"; labelled_date): a date
    field without a time is often one a CMS sets when the page is filed or saved again, and
    the words readers see name the day the article came out."""
    found = written_as(value)
    if found is None or found.time() != time():
        return value
    labelled = labelled_date(root)
    shown = written_as(labelled)
    return labelled if shown is not None and shown.date() != found.date() else value


# An element of a teaser of another article: inside a link, or inside a list item or an
# <article> without the page's headline that holds one linked headline (a page's own
# <article> may leave the <h1> out, and then holds no or several linked headlines).
_HEADINGS = "self::h2 or self::h3 or self::h4 or self::h5"
_TEASER = (
    "ancestor::a[@href] | ancestor::*[self::li or self::article][not(.//h1)]"
    f"[count(.//*[{_HEADINGS}][.//a[@href]] | .//a[@href][.//*[{_HEADINGS}]]) = 1]"
)


def in_teaser(element: Any) -> bool:
    """Whether a dated element belongs to a teaser of another article (related posts, a list
    of the latest): its date is that article's."""
    return bool(element.xpath(_TEASER))


def _first_iso_time(root: Any) -> tuple[str, datetime] | None:
    """(datetime=, its value) of the page's first <time> whose datetime= is ISO 8601, teasers
    of other articles and a time labelled as an update's ("Updated: <time>") passed over: a
    day written "01-11-2023" is read month first by a general parser, whatever the page
    meant. Where its text shows the publication's time before an update's label, that time
    ("Dec. 20, 2016, 12:44 PM UTC / Updated Dec. 20, 2016, 1:00 PM UTC")."""
    for element in root.iter("time") if hasattr(root, "iter") else ():
        if in_teaser(element) or _labelled_update(element):
            continue
        value = (element.get("datetime") or "").strip()
        if value:
            parsed = _iso(value)
            if parsed is None:
                return None
            shown = _shown_before_update(element)
            return (shown.isoformat(), shown) if shown is not None else (value, parsed)
    return None


LABEL_TEXT = 40  # characters of a text node before a <time> that may be its label
_LABEL_BEFORE = etree.XPath("preceding::text()[normalize-space()][1]")


def _labelled_update(element: Any) -> bool:
    """Whether the text just before a <time> is a short label of an update ("Updated:")."""
    before = _LABEL_BEFORE(element)
    text = str(before[0]).strip() if before else ""
    return len(text) < LABEL_TEXT and UPDATE.search(text) is not None


def _shown_before_update(element: Any) -> datetime | None:
    """The date and time a <time>'s text writes before an update's label, where it writes
    one after it: the element's datetime= may then be the update's."""
    text = " ".join("".join(element.itertext()).split())
    label = UPDATE.search(text)
    if label is None or len(text) > 2 * SHORT:
        return None
    shown = written_as(text[: label.start()].strip(" /|·-–,;"))
    return shown if shown is not None and shown.time() != time() else None


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


# An element a page marks as its date ("pubTime", "article-date", "time"), its text short.
_DATED = (
    '//*[contains(@class, "ime") or contains(@class, "ate") or contains(@id, "ime")'
    ' or contains(@id, "ate")][string-length(normalize-space(.)) < 60]'
)
_DATE_TEXT = re.compile(r"\d{4}\s*[年/.-]\s*\d{1,2}\s*[月/.-]\s*\d{1,2}|\d{1,2}\.\d{1,2}\.\d{4}")


MARKED = 20  # timed elements marked as a date read: the article's byline comes first
WORD_START = re.compile(r"(?<!\S)\S")
CLOCK = re.compile(r"\d[:：时]\d\d")


def marked_texts(root: Any) -> Iterator[str]:
    """The text of the page's first elements marked as its date or time (class or id) that
    write a time of day before any update's label, each also without one, two or three
    leading words ("Published: Dec. 22, 2016, 6:47 p.m."): a label before the date that a
    date parser refuses."""
    found = root.xpath(_DATED) if hasattr(root, "xpath") else ()
    texts = (_before_update(" ".join("".join(e.itertext()).split())) for e in found)
    for text in islice((t for t in texts if CLOCK.search(t)), MARKED):
        starts = [m.start() for m in islice(WORD_START.finditer(text), 4)]
        yield from (text[start:] for start in starts)


def _before_update(text: str) -> str:
    """`text` up to a label of an update's time ("30.04.2024 - 16:48 Son Güncelleme :
    30.04.2024 - 16:49"): what follows is not the publication's."""
    label = UPDATE.search(text)
    return text[: label.start()] if label else text


_DAY_FIRST = re.compile(r"(?<![\d.])(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})(?![\d.])")
_YEAR_FIRST = re.compile(r"(?<!\d)(\d{4})\s*[年/.-]\s*(\d{1,2})\s*[月/.-]\s*(\d{1,2})(?!\d)")
_AFTER = (
    'following::*[contains(@class, "ime") or contains(@class, "ate") or contains(@id, "ime")'
    ' or contains(@id, "ate") or self::time][string-length(normalize-space(.)) < 60]'
)


def shown_day(root: Any) -> str | None:
    """The day ("2020-03-31") the first element marked as a date after the article's <h1>
    (not the site's logo) writes in digits, the day first when dotted ("31.03.2020"); None
    when that element writes it otherwise. What the page shows its readers, where htmldate
    may take a date from a list of other articles."""
    from newscrawl.extract.metadata.title import links_home  # pages without dated markup only

    h1s = root.iter("h1") if hasattr(root, "iter") else iter(())
    h1 = next((h for h in h1s if not links_home(h)), None)
    for element in h1.xpath(_AFTER) if h1 is not None else ():
        text = " ".join("".join(element.itertext()).split())
        if not any(c.isdigit() for c in text) or in_teaser(element):
            continue
        dotted, year_first = _DAY_FIRST.search(text), _YEAR_FIRST.search(text)
        parts = (dotted.group(3, 2, 1) if dotted else None) or (
            year_first.group(1, 2, 3) if year_first else None
        )
        try:
            return date(*map(int, parts)).isoformat() if parts else None
        except ValueError:
            return None
    return None


def marked_date(root: Any) -> str | None:
    """The first date written in an element the page marks as a time or date, or the first
    <time datetime>: what a page without date metadata shows its readers."""
    if not hasattr(root, "iter"):
        return None
    times = (t for t in root.iter("time") if t.get("datetime") and not in_teaser(t))
    found = next((t.get("datetime") for t in times), None)
    if found:
        return str(found)
    for element in root.xpath(_DATED):
        if in_teaser(element):
            continue
        match = _DATE_TEXT.search(" ".join("".join(element.itertext()).split()))
        if match:
            text = " ".join("".join(element.itertext()).split())
            return text[match.start() :]
    return None

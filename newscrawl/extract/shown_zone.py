"""A page's published time as the page shows it to readers: a day completed with the time a
<time> element shows, a UTC stamp given in the page's own offset."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, time, timedelta, timezone, tzinfo
from itertools import islice
from typing import Any

from lxml import etree

from newscrawl.extract.dates import WORD_START, same_clock, stamped, written_as
from newscrawl.extract.labelled_dates import UPDATE, page_text
from newscrawl.extract.page_dates import CLOCK_END, marked_texts
from newscrawl.extract.published_fields import shown_clocks
from newscrawl.extract.text import element_text
from newscrawl.extract.zones import LikelyZone

SHOWN = 20  # <time> elements read: the article's own come first, the rest are lists of others
_LONGEST = timedelta(hours=14)  # the widest offset from UTC a zone has
_QUARTER = timedelta(minutes=15)  # every zone's offset is a whole number of quarter hours


def published_date(text: str | None, root: Any, local: tzinfo) -> datetime | None:
    """`text` as parse_date reads it (a naive value in `local`), then as the page shows it:
    a day alone takes the time of the page's first <time> of that day (metadata often gives
    the day while the page shows readers the time), else of its byline's words, its script
    data for that day or its text right after that day, and a UTC value the page shows as the
    same instant in its own offset is given in that offset (the instant stays; its day becomes
    the one the page's readers see), or where the page's zone is unknown in the offset its
    text shows its clock in."""
    written = written_as(text)
    if written is None:
        return None
    if written.time() == time():
        found_time = (s for s in _shown(root) if s and _same_day_timed(s, written))
        written = (
            next(found_time, None)
            or _written_time(root, written)
            or _scripted_time(root, written)
            or _text_time(root, written)
            or written
        )
    if written.tzinfo is None:  # the zone a <time> of the same time names ("08:00 AM EDT")
        written = next((s for s in _shown(root) if s and _zoned_clock(s, written)), written)
    found = written if written.tzinfo else written.replace(tzinfo=local)
    if written.tzinfo is not None and found.utcoffset() == timedelta(0):
        kept = found if isinstance(local, LikelyZone) else found.astimezone(local)
        if kept.date() != found.date() and _shows_day(root, found, kept):
            kept = found
        return _local_offset(found, _shown(root)) or _text_offset(found, root, local) or kept
    return found


_NUMBER = re.compile(r"\d+")


def _shows_day(root: Any, found: datetime, local: datetime) -> bool:
    """Whether a <time> of the instant `found` shows readers its UTC day of the month and not
    the day `local` falls on ("26/12/2019" for 2019-12-26T23:07:45+00:00 on a Swiss page):
    the site keeps its clock in UTC, and its readers see that day."""
    for element in islice(root.iter("time"), SHOWN) if hasattr(root, "iter") else ():
        stamp = stamped(element)
        if stamp is None or stamp.tzinfo is None or abs(stamp - found) >= timedelta(minutes=1):
            continue
        numbers = {int(n) for n in _NUMBER.findall("".join(element.itertext()))}
        return found.day in numbers and local.day not in numbers
    return False


def _zoned_clock(stamp: datetime, written: datetime) -> bool:
    return stamp.tzinfo is not None and same_clock(stamp, written)


def _same_day_timed(stamp: datetime, day: datetime) -> bool:
    return stamp.date() == day.date() and stamp.time() != time()


def _shown(root: Any) -> Iterator[datetime | None]:
    """The datetime= of the page's first <time> elements, as written (naive without offset):
    read only for a value that needs them (few pages), as parsing costs."""
    for element in islice(root.iter("time"), SHOWN) if hasattr(root, "iter") else ():
        yield stamped(element)


def _written_time(root: Any, day: datetime) -> datetime | None:
    """`day` at the time a short element the page marks as its date ("pub-date", "time")
    writes for that day ("March 9 2017 4:21 PM"): the byline's words where no <time> is."""
    for text in marked_texts(root):
        shown = written_as(text)
        if shown is not None and _same_day_timed(shown, day):
            return shown.replace(tzinfo=shown.tzinfo or day.tzinfo)
    return None


def _local_offset(found: datetime, shown: Iterator[datetime | None]) -> datetime | None:
    """The instant `found` in the page's own offset: that of a <time> stamp of the same instant,
    or the one a naive stamp of the same seconds, a whole number of quarter hours away, shows."""
    for stamp in shown:
        if stamp is None:
            continue
        if stamp.tzinfo is not None:
            if stamp.utcoffset() and abs(stamp - found) < timedelta(minutes=1):
                return found.astimezone(stamp.tzinfo)
            if stamp.utcoffset() and same_clock(stamp, found):
                return stamp  # the metadata wrote the page's local time as if it were UTC
            continue
        offset = stamp - found.replace(tzinfo=None)
        if stamp.time() != time() and offset and abs(offset) <= _LONGEST and not offset % _QUARTER:
            return found.astimezone(timezone(offset))
    return None


_LEAD = 40  # characters before a time of day read for the day it follows
_NEAR = 5  # clocks after the day's number parsed: the article's own date is near the top


def _text_time(root: Any, day: datetime) -> datetime | None:
    """`day` at the first time of day the page's text writes right after that whole day
    ("October 11, 2022 15:11", "21.01.2022 - 13:30", "4 de Mayo de 2022 a las 07:46"), not
    after an update's label: a page may show the day in one element and the time in the next
    (`<span>October 11, 2022</span><li>15:11</li>`), where no marked element holds both. A
    zone written after the clock is not taken: the time is read as the day's other naive
    values are (`day`'s offset, else the page's zone)."""
    text = page_text(root)
    number = re.compile(rf"(?<!\d)0?{day.day}(?!\d)")
    year = f"{day.year % 100:02d}"
    near = (m for m in CLOCK_END.finditer(text) if _near_day(text, m.start(), number, year))
    for match in islice(near, _NEAR):  # a live blog's hundred clocks are not each parsed
        before = text[max(0, match.start() - _LEAD) : match.start()]
        for start in [m.start() for m in WORD_START.finditer(before)]:
            shown = written_as(before[start:] + match[0])
            if shown is not None and _same_day_timed(shown, day):
                return shown.replace(tzinfo=day.tzinfo)
    return None


def _near_day(text: str, start: int, number: re.Pattern[str], year: str) -> bool:
    """Whether the text before a clock writes the day's number and its year's last digits,
    and no update's label: cheap tests before a parse (few clocks of a page pass them)."""
    before = text[max(0, start - _LEAD) : start]
    return year in before and number.search(before) is not None and not UPDATE.search(before)


# A date and time as script data writes it ("2024-04-30T05:30:00+02:00", "2026.01.29 18:40",
# "2024-01-30T14:13:12.269Z": the zone after the fraction of a second is the stamp's).
_STAMP = re.compile(
    r"(?<!\d)(\d{4})[-./](\d{2})[-./](\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?!\d)"
    r"(Z|[+-]\d{2}:?\d{2})?"
)
_KEY = 24  # characters before a stamp read for its key's name
_PUBLISHED = re.compile(r"pub", re.IGNORECASE)
# Keys of a change's stamp ("dateModified", "updatedAt"), the short "mod" among them
# ("date": {"mod": ..., "pub": ...}).
_CHANGED = re.compile(r"modif|updat|chang|edit|(?<![^\W\d_])mod(?![^\W\d_])", re.IGNORECASE)


def _scripted_time(root: Any, day: datetime) -> datetime | None:
    """`day` at the time the first stamp of that day in the page's scripts keyed as the
    publication's ("datePublished", "first_published", "pub") gives, else the first stamp
    of that day; a stamp keyed as a change's ("dateModified", "reDeployDt" after it is not
    read first) passed over: a page that shows readers only the day often keeps the time in
    its script data ("deployDt":"2026.01.29 18:40")."""
    found = []
    for script in root.iter("script") if hasattr(root, "iter") else ():
        text = script.text or ""
        for match in _STAMP.finditer(text):
            key = text[max(0, match.start() - _KEY) : match.start()]
            if _CHANGED.search(key):
                continue
            shown = written_as(_iso_stamp(match))
            if shown is not None and _same_day_timed(shown, day):
                if _PUBLISHED.search(key):
                    return shown.replace(tzinfo=shown.tzinfo or day.tzinfo)
                found.append(shown)
    return found[0].replace(tzinfo=found[0].tzinfo or day.tzinfo) if found else None


def _iso_stamp(match: re.Match[str]) -> str:
    """A _STAMP match as ISO 8601, the fraction of a second left out."""
    year, month, day, hour, minute, second, zone = match.groups()
    return f"{year}-{month}-{day}T{hour}:{minute}:{second or '00'}{zone or ''}"


# Every offset a zone has or had in this century, in minutes: whole hours, and the half and
# three-quarter hours of India, Iran, Newfoundland, Nepal, central Australia and others.
_OFFSETS = [
    *(hours * 60 for hours in range(-12, 15) if hours),
    *(-570, -210, -150, 210, 270, 330, 345, 390, 525, 570, 630, 765),
]


def _text_offset(found: datetime, root: Any, local: tzinfo) -> datetime | None:
    """The instant `found` (UTC) in the one offset in which the page's text shows its day
    and time ("2026-01-08 | 12:42" for 11:42Z), where the page's zone is unknown or a guess
    (`local` UTC or a LikelyZone): the site's readers see that clock."""
    if not isinstance(local, LikelyZone) and str(local) != "UTC":
        return None
    if not datetime.min.year < found.year < datetime.max.year:
        return None  # "0001-01-01T00:00:00Z" placeholders have no other offset
    views = [found.astimezone(timezone(timedelta(minutes=m))) for m in _OFFSETS]
    clocks = shown_clocks(_clock_texts(root, {v.minute for v in views}))
    shown = [v for v in views if (v.day, v.hour, v.minute) in clocks]
    return shown[0] if len(shown) == 1 else None


def _clock_texts(root: Any, minutes: set[int]) -> str:
    """The text of each element of the page's body whose own text writes one of `minutes`
    after a colon ("12:42"), whole: the XPath walks the tree without building its text."""
    if not hasattr(root, "xpath"):
        return ""
    written = sorted(f":{m:02d}" for m in minutes)
    found = _WRITING(root, **{k: written[i % len(written)] for i, k in enumerate(_MINUTES)})
    return " · ".join(element_text(e) for e in found[:SHOWN])


# The minutes of the offsets' views of an instant: its own, and 15, 30 and 45 past.
_MINUTES = ("a", "b", "c", "d")
_WRITING = etree.XPath(
    "//body//text()[contains(., $a) or contains(., $b) or contains(., $c) or contains(., $d)]"
    "[not(ancestor::script or ancestor::style)]/.."
)

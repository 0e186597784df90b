"""The published date where a page's date fields disagree (JSON-LD, <meta>, itemprop): the one
whose day and time the page shows its readers."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta, tzinfo
from itertools import islice
from typing import Any

from parsel import Selector

from newscrawl.extract.dates import written_as
from newscrawl.extract.labelled_dates import UPDATE, page_text
from newscrawl.extract.metadata.fields import published_values

_MINUTE = timedelta(minutes=1)
_QUARTER = timedelta(minutes=15)
_LONGEST = timedelta(hours=14)
# A time of day as pages write it ("15:11", "4:21 PM", "14h05"); dotted clocks ("14.05") are
# left out, being dates as often.
_CLOCK = re.compile(r"(?<![\d:])(\d{1,2})[:：h](\d{2})(?![\d:])(?:\s?([ap])\.?\s?m\b)?", re.I)
_BEFORE = 40  # characters before a time read for its day of the month and an update label
_NUMBER = re.compile(r"\d+")


def agreed_published(sel: Selector, ld: dict[str, Any], local: tzinfo) -> str | None:
    """The page's published-date field (metadata.published's choice), unless its timed fields
    name different instants and the page shows readers the day and time of another one: a
    CMS re-saving an article rewrites some of its date fields, or writes its UTC clock
    with the local offset, while the byline shows the publication."""
    values = published_values(sel, ld)
    if len(set(values)) < 2:  # most pages write one value, or the same one in every field
        return values[0] if values else None
    timed = [(v, d) for v in values if (d := written_as(v)) is not None and d.time() != time()]
    if not _disagree([d for _, d in timed]):
        return values[0]
    text = page_text(sel.root)
    zoned = _zoned_instants(text)
    told = (v for v, d in timed if d.tzinfo and any(abs(d - z) < _MINUTE for z in zoned))
    shown = shown_clocks(text)
    return next(told, None) or next((v for v, d in timed if _clocks(d, local) & shown), values[0])


# A time of day followed by a zone's name or offset ("9:52 AM PT", "14:05 +02:00").
_ZONED = re.compile(
    r"\d{1,2}[:h]\d\d(?:\s?[ap]\.?\s?m\b\.?)?\s?(?-i:[A-Z]{2,5}\b|[+-]\d\d:?\d\d)", re.IGNORECASE
)
_WORD_START = re.compile(r"(?<!\S)\S")
_ZONED_READ = 5  # zoned clocks parsed: the article's own date is near the top


def _zoned_instants(text: str) -> list[datetime]:
    """The instants the text writes as a day, a time and a zone ("Jun 26, 2015 9:52 AM PT"),
    not after an update's label: a field that names one of them is the one the page's readers
    are told (cio.com: DC.date.issued "2015-06-26T09:52-05:00" against itemprop datePublished
    "2015-06-26T09:52-0700" under that byline)."""
    found = []
    for match in islice(_ZONED.finditer(text), _ZONED_READ):
        before = text[max(0, match.start() - _BEFORE) : match.start()]
        if UPDATE.search(before):
            continue
        for start in [m.start() for m in _WORD_START.finditer(before)]:
            shown = written_as(before[start:] + match[0])
            if shown is not None and shown.tzinfo is not None:
                found.append(shown)
                break
    return found


def _disagree(found: list[datetime]) -> bool:
    return any(not _same(one, other) for one in found[:1] for other in found[1:])


def _same(one: datetime, other: datetime) -> bool:
    """Whether two fields name the same instant; a naive one may be the other's local clock
    (a whole number of quarter hours away)."""
    if one.tzinfo is not None and other.tzinfo is not None:
        return abs(one - other) < _MINUTE
    gap = abs(_utc_clock(one) - _utc_clock(other))
    return gap <= _LONGEST and (gap % _QUARTER < _MINUTE or _QUARTER - gap % _QUARTER < _MINUTE)


def _utc_clock(value: datetime) -> datetime:
    return value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value


def _clocks(value: datetime, local: tzinfo) -> set[tuple[int, int, int]]:
    """(day, hour, minute) of `value` as a page may show it: in its own offset, in UTC and in
    the page's zone."""
    views = [value] if value.tzinfo is None else [value, value.astimezone(UTC)]
    views += [value.astimezone(local)] if value.tzinfo is not None else []
    return {(v.day, v.hour, v.minute) for v in views}


def shown_clocks(text: str) -> set[tuple[int, int, int]]:
    """(day, hour, minute) of every time of day the text writes after a day of the month
    ("October 11, 2022 15:11", "6. November 2023, 15:25 Uhr"), unless labelled as an update's."""
    found = set()
    for match in _CLOCK.finditer(text):
        before = text[max(0, match.start() - _BEFORE) : match.start()]
        if UPDATE.search(before):
            continue
        hour, minute = int(match[1]), int(match[2])
        if match[3]:
            hour = hour % 12 + (12 if match[3].lower() == "p" else 0)
        days = {int(n) for n in _NUMBER.findall(before) if len(n) <= 2}
        found |= {(day, hour, minute) for day in days if 1 <= day <= 31}
    return found

"""Revisit schedules: when an archived article is fetched again, decaying with its age."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

# (age limit, interval): while an article is younger than the limit (measured from when it
# was first archived), it is fetched again `interval` after the last visit; past the last
# limit, never. The default: every 15 minutes for 3 hours, hourly for the first day, then
# once at about 3 days and once at about 30 days.
Schedule = tuple[tuple[str, str], ...]
DEFAULT_SCHEDULE: Schedule = (("3h", "15m"), ("1d", "1h"), ("3d", "2d"), ("30d", "27d"))

# A page fetched and not archived (`visits` row without an article) is fetched again only
# when its feed or sitemap says it changed, or this long after: a tag, video or index page
# (skipped) rarely turns into an article; an empty or unusable page (dropped) may have been
# a passing fault of the site.
PASSED_OVER: dict[str, timedelta] = {"skipped": timedelta(days=7), "dropped": timedelta(days=1)}

_DURATION = re.compile(r"^(\d+)([smhdw])$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def duration(text: str) -> timedelta:
    """`15m`, `3h`, `2d`, `1w` -> timedelta; ValueError for anything else."""
    match = _DURATION.match(text.strip())
    if not match:
        raise ValueError(f"not a duration like 15m, 3h, 2d: {text!r}")
    return timedelta(**{_UNITS[match[2]]: int(match[1])})


def parse_schedule(schedule: Sequence[tuple[str, str]]) -> list[tuple[timedelta, timedelta]]:
    """The schedule as timedeltas; ValueError unless its limits increase and intervals > 0."""
    stages = [(duration(limit), duration(every)) for limit, every in schedule]
    limits = [limit for limit, _ in stages]
    if limits != sorted(set(limits)):
        raise ValueError(f"revisit age limits must increase: {list(schedule)}")
    if any(every <= timedelta(0) for _, every in stages):
        raise ValueError(f"revisit intervals must be positive: {list(schedule)}")
    return stages


def next_visit(first_seen: datetime, last_visit: datetime, schedule: Schedule) -> datetime | None:
    """When to fetch an article again after a visit at `last_visit`, or None: never."""
    age = last_visit - first_seen
    for limit, every in _stages(tuple(tuple(stage) for stage in schedule)):
        if age < limit:
            return last_visit + every
    return None


@functools.lru_cache(maxsize=256)
def _stages(schedule: Schedule) -> list[tuple[timedelta, timedelta]]:
    """A schedule parsed once: every archived page's visit row asks for its source's."""
    return parse_schedule(schedule)


def due_urls(db: Database, source_id: str, now: datetime) -> list[str]:
    """The article URLs of a source whose revisit is due at `now`, oldest due first."""
    rows = db.execute(_DUE, {"source": source_id, "now": now.astimezone(UTC).isoformat()})
    return [url for (url,) in rows]


# The URL each article was last fetched at (not the ones that redirected to it): one request.
_DUE = """select v.url from visits v join articles a on a.url = v.article_url
  and a.fetched_url = v.url where v.source_id = :source and v.next_visit is not null
  and v.next_visit <= :now order by v.next_visit"""

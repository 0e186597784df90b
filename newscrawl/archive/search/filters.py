"""Row filters shared by search and export: as SQL over `articles`, and as facet tokens."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from newscrawl.archive.search.text import facet, primary_language

# A date filter spanning more months than this is checked on the rows only (no facet OR).
_MAX_MONTH_FACETS = 36


def parse_moment(value: str, until: bool = False) -> datetime:
    """A day (2024-05-01) or ISO 8601 time, UTC when it names no zone; ValueError if neither.

    As an `until` bound (exclusive), a day means the end of that day: it is included.
    """
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"{value!r} is not a date (2024-05-01) or ISO 8601 time") from None
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    if until and len(value.strip()) == 10:
        moment += timedelta(days=1)
    return moment


@dataclass(frozen=True)
class Filters:
    """Row filters shared by search and export; dates compare the article's day (published,
    else first seen), `until` is exclusive."""

    source: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    author: str | None = None
    tag: str | None = None
    lang: str | None = None

    @classmethod
    def from_text(
        cls,
        source: str | None = None,
        since: str | None = None,
        until: str | None = None,
        lang: str | None = None,
        author: str | None = None,
        tag: str | None = None,
    ) -> Filters:
        """Filters from text fields (a web form's); dates as `parse_moment` reads them."""
        return cls(
            source=source,
            since=parse_moment(since) if since else None,
            until=parse_moment(until, until=True) if until else None,
            author=author, tag=tag, lang=lang,
        )  # fmt: skip

    def facets(
        self, dates: tuple[datetime, datetime] | None = None, months: list[str] | None = None
    ) -> list[str]:
        """FTS5 sub-expressions over the facets column that every matching row satisfies.

        `dates`: the archive's earliest and latest article dates, which close a date range
        given one bound only (so that it too becomes month tokens); `months`: these month
        tokens instead of the range's (none: no date term)."""
        terms = []
        for kind, value in (("s", self.source), ("a", self.author), ("t", self.tag)):
            if value is not None:
                terms.append(facet(kind, value if kind == "s" else value.casefold()))
        if self.lang:
            terms.append(facet("l", primary_language(self.lang)))
        months = self.months(dates) if months is None else months
        if months:
            terms.append("(" + " OR ".join(months) + ")")
        return [f"facets : {term}" for term in terms]

    def months(self, dates: tuple[datetime, datetime] | None = None) -> list[str]:
        """The month tokens (m202405) of the date range, none when it spans too many."""
        since, until = self.since, self.until
        if dates is not None and (since or until):
            since, until = since or dates[0], until or dates[1] + timedelta(microseconds=1)
        if since is None or until is None:
            return []
        first = since.astimezone(UTC)
        last = (until - timedelta(microseconds=1)).astimezone(UTC)
        span = (last.year - first.year) * 12 + last.month - first.month + 1
        if span <= 0 or span > _MAX_MONTH_FACETS:
            return []
        months, year, month = [], first.year, first.month
        for _ in range(span):
            months.append(f"m{year:04d}{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return months

    def inner_months(self, dates: tuple[datetime, datetime] | None = None) -> list[str]:
        """The range's month tokens whose every instant the date filter lets through: their
        rows need no date check (the archive has no row beyond `dates`, a missing bound)."""
        since, until = self.since, self.until
        inside = []
        for token in self.months(dates):
            start = datetime(int(token[1:5]), int(token[5:7]), 1, tzinfo=UTC)
            end = datetime(start.year + start.month // 12, start.month % 12 + 1, 1, tzinfo=UTC)
            if (since is None or since <= start) and (until is None or end <= until):
                inside.append(token)
        return inside

    def where(self) -> tuple[str, dict[str, Any]]:
        """A SQL condition over `articles a` (fixed text, named parameters) and its values."""
        clauses, params = ["1"], {}
        if self.source is not None:
            clauses.append("a.source_id = :f_source")
            params["f_source"] = self.source
        if self.since is not None:
            clauses.append("coalesce(a.published, a.first_seen) >= :f_since")
            params["f_since"] = self.since.astimezone(UTC).isoformat()
        if self.until is not None:
            clauses.append("coalesce(a.published, a.first_seen) < :f_until")
            params["f_until"] = self.until.astimezone(UTC).isoformat()
        if self.author is not None:
            clauses.append(_JSON_HAS.format(column="authors", param="f_author"))
            params["f_author"] = self.author
        if self.tag is not None:
            clauses.append(_JSON_HAS.format(column="tags", param="f_tag"))
            params["f_tag"] = self.tag
        if self.lang:
            clauses.append("(lower(a.language) = :f_lang or lower(a.language) like :f_lang_sub)")
            params["f_lang"] = self.lang.lower()
            params["f_lang_sub"] = self.lang.lower() + "-%"
        return " and ".join(clauses), params


_JSON_HAS = (
    "exists (select 1 from json_each(a.{column}) where lower(json_each.value) = lower(:{param}))"
)

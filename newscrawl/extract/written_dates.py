"""Dates a page without dated markup writes in words: near its headline, at the ends of its
body, anywhere in its text, in its URL."""

from __future__ import annotations

import re
from datetime import date, time
from html import escape
from typing import Any
from urllib.parse import urlsplit

from newscrawl.extract.date_text import english_date
from newscrawl.extract.dates import CJK_DATE, CLOCK, WORD_START, written_as
from newscrawl.extract.text import element_text

HEADLINE_CONTEXT = 800  # characters of text around the headline searched for a written date
BODY_EDGE = 300  # characters at each end of the body searched for a written date


def headline_context(root: Any, title: str = "") -> str:
    """The text of the block around the page's first <h1> (its grandparent), where a page
    without date markup writes the date for its readers; before it, that around the first
    heading that says the page's `title` when that is another (blogs mark their headline as
    an <h2> or <h3>, and the site's name as the <h1>)."""
    h1 = next(root.iter("h1"), None) if hasattr(root, "iter") else None
    heads = dict.fromkeys(h for h in (_headline(root, title), h1) if h is not None)
    return " ".join(_block_text(head) for head in heads)


def _block_text(head: Any) -> str:
    block = head.getparent() if head.getparent() is not None else head
    block = block.getparent() if block.getparent() is not None else block
    return " ".join(" ".join(block.itertext()).split())[:HEADLINE_CONTEXT]


def _headline(root: Any, title: str) -> Any:
    """The first <h1>, <h2> or <h3> whose text is the page's title, or None."""
    wanted = " ".join(title.split())
    if not wanted or not hasattr(root, "iter"):
        return None
    heads = root.iter("h1", "h2", "h3")
    return next((h for h in heads if element_text(h) == wanted), None)


def written_date(context: str, body: str) -> str | None:
    """A date written near the headline or at either end of the body: a year-first one near
    the headline ("2019年3月15日 09:43", "2019.03.15 09:43") with its time, else htmldate's
    extensive search over those few lines only (searching the whole page costs more than
    extracting it)."""
    year_first = CJK_DATE.search(context)  # htmldate would keep no time, and misses some of these
    if year_first:
        return year_first.group(0)
    found = _written_day(" \n".join((context, body[:BODY_EDGE], body[-BODY_EDGE:])))
    # A year alone ("© 2019") comes back as its first of January: no day was written.
    if found is None or found.endswith("-01-01"):
        return None
    return _timed(context, date.fromisoformat(found)) or found


def text_date(text: str) -> str | None:
    """The day ("2019-09-28") htmldate's extensive search reads in the whole text a page shows
    (labelled_dates.page_text), the last resort of a page that dates nothing near its headline,
    at the ends of its body or in its URL. A month or a year alone ("Comunicato n. 03/2020",
    "© 1998-2022") comes back as its first day and is no day (a page dated the first of a
    month is lost with them). The text, not the markup: asset URLs ("print.css?v=2022-06-15")
    date no article."""
    found = _written_day(text)
    return None if found is None or found.endswith("-01") else found


def _written_day(text: str) -> str | None:
    """htmldate's extensive search over `text` alone (its month names made English), as a
    page of one paragraph: "YYYY-MM-DD", or None."""
    import htmldate  # deferred: only pages without any dated markup need it

    page = f"<html><body><p>{escape(english_date(text), quote=False)}</p></body></html>"
    try:
        found = htmldate.find_date(
            page, extensive_search=True, original_date=True, outputformat="%Y-%m-%d"
        )
    except (ValueError, TypeError, LookupError):
        return None
    return None if found is None else str(found)


_LEAD = 40  # characters before a time of day read for the date it belongs to
_MERIDIEM_AFTER = re.compile(r"\s*[ap]\.?\s?m\b\.?", re.IGNORECASE)


def _timed(context: str, day: date) -> str | None:
    """`day` with the time written after it near the headline ("December 16, 2016, 4:19 PM"),
    as ISO 8601, or None."""
    for clock in CLOCK.finditer(context):
        end = _MERIDIEM_AFTER.match(context, clock.end())
        window = context[max(0, clock.start() - _LEAD) : end.end() if end else clock.end()]
        for start in (m.start() for m in WORD_START.finditer(window)):
            shown = written_as(window[start:].strip())
            if shown is not None and shown.date() == day and shown.time() != time():
                return shown.isoformat()
    return None


# A day in a URL's path: "/2016/07/09/", "/2021-10-29-", "/29-10-2021", "/20190302-".
_URL_DAY = re.compile(
    r"(?<![\d])(?:(?P<y>(?:19|20)\d\d)[/_-]?(?P<m>[01]\d)[/_-]?(?P<d>[0-3]\d)"
    r"|(?P<D>[0-3]\d)[._-](?P<M>[01]\d)[._-](?P<Y>(?:19|20)\d\d))(?!\d)"
)


def url_day(url: str) -> str | None:
    """The day ("2021-10-29") a URL's path names, the page's last resort: a site that dates
    nothing in its page may still date the address it publishes it at."""
    for match in _URL_DAY.finditer(urlsplit(url).path):
        year, month, day = match.group("y", "m", "d") if match["y"] else match.group("Y", "M", "D")
        try:
            return date(int(year), int(month), int(day)).isoformat()
        except ValueError:
            continue
    return None

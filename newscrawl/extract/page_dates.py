"""The date of a page without date metadata, as it shows it to readers: its labelled date,
its first <time> (not a teaser's, nor an update's), the day its byline shows, htmldate's
reading, the elements it marks as its date."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime, time
from itertools import islice
from typing import Any

from lxml import etree

from newscrawl.extract.date_text import english_date
from newscrawl.extract.dates import (
    CLOCK,
    SHORT,
    WORD_START,
    find_published,
    iso_value,
    same_clock,
    written_as,
)
from newscrawl.extract.labelled_dates import UPDATE, labelled_date
from newscrawl.extract.text import element_text


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
        day = headline_day(root) or shown_day(root)
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
    of other articles, a time labelled as an update's ("Updated: <time>") and a change's
    before the publication's (_change_before_publication) passed over: a day written
    "01-11-2023" is read month first by a general parser, whatever the page meant. Where its
    text shows the publication's time before an update's label, that time ("Dec. 20, 2016,
    12:44 PM UTC / Updated Dec. 20, 2016, 1:00 PM UTC"), and the day its text shows where
    that is another than its datetime= (_other_day_shown)."""
    for element in root.iter("time") if hasattr(root, "iter") else ():
        value = (element.get("datetime") or "").strip()
        # The attribute first: the other tests read the document before the element, and a
        # page of thousands of <time> without datetime= made them quadratic.
        if not value or in_teaser(element):
            continue
        if _labelled_update(element) or _change_before_publication(element):
            continue
        parsed = iso_value(value) or _worded_stamp(value)
        if parsed is None:
            return None
        shown = _shown_before_update(element) or _other_day_shown(element, parsed)
        return (shown.isoformat(), shown) if shown is not None else (value, parsed)
    return None


# A month's name in English, as RFC 2822 and JavaScript's Date.toString() write it.
_MONTH_NAME = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b", re.I)


def _worded_stamp(value: str) -> datetime | None:
    """A datetime= that names its month and its offset, and gives a time, in another form
    than ISO 8601: JavaScript's Date.toString() ("Wed Jan 06 2021 00:34:00 GMT+0000 (UTC)",
    nbcnews.com's byline) or RFC 2822. Its month is a word, so no day/month order is guessed."""
    if not _MONTH_NAME.search(value):
        return None
    parsed = written_as(value)
    return parsed if parsed is not None and parsed.tzinfo and parsed.time() != time() else None


_CHANGE_CLASS = re.compile(r"updat|modif", re.IGNORECASE)
_PUBLISH_CLASS = re.compile(r"publish", re.IGNORECASE)


def _change_before_publication(element: Any) -> bool:
    """Whether a <time>'s class names a change ("updated", "modified") and not the
    publication, and a later <time> beside it names the publication (WordPress themes write
    `<time class="updated">` then `<time class="entry-date published">`). Alone, "updated"
    names no change: hAtom asks for it on every entry, and themes put it on the published
    date ("entry-date updated td-module-date")."""
    names = element.get("class") or ""
    if not _CHANGE_CLASS.search(names) or _PUBLISH_CLASS.search(names):
        return False
    return any(_PUBLISH_CLASS.search(t.get("class") or "") for t in element.itersiblings("time"))


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
    text = element_text(element)
    label = UPDATE.search(text)
    if label is None or len(text) > 2 * SHORT:
        return None
    shown = written_as(text[: label.start()].strip(" /|·-–,;"))
    return shown if shown is not None and shown.time() != time() else None


# "06/01/2026": either order may be meant; a general parser reads it month first.
_SLASHED_ANY = re.compile(r"\d\s?/\s?\d")


def _other_day_shown(element: Any, parsed: datetime) -> datetime | None:
    """The date a <time>'s text shows where it names another day than its datetime= ("JULY
    29, 2016" over "2016-08-01T01:30:24-04:00", a re-save's stamp): readers see the text. A
    day's difference from a UTC stamp is the local day of the same instant, and a slashed day
    is left out (its order is a guess)."""
    text = element_text(element)
    if not text or len(text) > SHORT or _SLASHED_ANY.search(text):
        return None
    shown = written_as(text)
    if shown is None:
        return None
    gap = abs((shown.date() - parsed.date()).days)
    if gap == 0 or (gap == 1 and not parsed.utcoffset()):
        return None
    return shown


MARKED_TEXT = 60  # characters of an element marked as a date: a date, not a container
_XML_SPACE = re.compile(r"[ \t\r\n]+")  # what XPath's normalize-space() collapses


def _marked(elements: Iterator[Any], times: bool = False) -> Iterator[Any]:
    """The elements of `elements` a page marks as its date ("pubTime", "article-date",
    "time" in a class or id; with `times`, <time> elements too), their text short, one at a
    time: the first few are read, and an XPath would first measure the text of every
    container whose class holds "ate" ("template")."""
    for element in elements:
        if not isinstance(element.tag, str):
            continue  # a comment or processing instruction
        names = (element.get("class") or "") + " " + (element.get("id") or "")
        if ("ime" in names or "ate" in names or (times and element.tag == "time")) and _short(
            element
        ):
            yield element


def _short(element: Any) -> bool:
    """Whether the element's text, its spaces normalized, is under MARKED_TEXT characters;
    read only as far as needed."""
    text = ""
    for piece in element.itertext():
        text = _XML_SPACE.sub(" ", text + piece)
        if len(text.strip(" ")) >= MARKED_TEXT:
            return False
    return True


def _following(element: Any) -> Iterator[Any]:
    """The nodes after `element` and its descendants in document order (XPath's following::)."""
    inside = set(element.iter())
    after = False
    for node in element.getroottree().getroot().iter():
        if after and node not in inside:
            yield node
        after = after or node is element


_DATE_TEXT = re.compile(r"\d{4}\s*[年/.-]\s*\d{1,2}\s*[月/.-]\s*\d{1,2}|\d{1,2}\.\d{1,2}\.\d{4}")


MARKED = 20  # timed elements marked as a date read: the article's byline comes first


def marked_texts(root: Any) -> Iterator[str]:
    """The text of the page's first elements marked as its date or time (class or id) that
    write a time of day before any update's label, each also without one, two or three
    leading words ("Published: Dec. 22, 2016, 6:47 p.m."), then each up to its first time
    of day ("22.11.2024 07.57 Online seit heute, 7.57 Uhr"), after every whole one: words
    before or after the date that a date parser refuses."""
    found = _marked(root.iter()) if hasattr(root, "iter") else ()
    texts = (_before_update(element_text(e)) for e in found)
    cut = []
    for text in islice((t for t in texts if CLOCK.search(t)), MARKED):
        starts = [m.start() for m in islice(WORD_START.finditer(text), 4)]
        yield from (text[start:] for start in starts)
        end = CLOCK_END.search(text)
        if end is not None and end.end() < len(text):
            cut += [text[start : end.end()] for start in starts if start < end.start()]
    yield from cut


# A time of day with the meridiem and zone written after it ("6:47 p.m. EST"): where the date
# a marked element writes ends.
CLOCK_END = re.compile(
    f"(?:{CLOCK.pattern})" r"(?:\s?[ap]\.?\s?m\b\.?)?(?:\s?(?-i:[A-Z]{2,5}\b|[+-]\d\d:?\d\d))?",
    re.IGNORECASE,
)


def _before_update(text: str) -> str:
    """`text` up to a label of an update's time ("30.04.2024 - 16:48 Son Güncelleme :
    30.04.2024 - 16:49"): what follows is not the publication's."""
    label = UPDATE.search(text)
    return text[: label.start()] if label else text


_DAY_FIRST = re.compile(r"(?<![\d.])(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})(?![\d.])")
_YEAR_FIRST = re.compile(r"(?<!\d)(\d{4})\s*[年/.-]\s*(\d{1,2})\s*[月/.-]\s*(\d{1,2})(?!\d)")


def shown_day(root: Any) -> str | None:
    """The day ("2020-03-31") the first element marked as a date after the article's <h1>
    (not the site's logo) writes in digits, the day first when dotted ("31.03.2020"); None
    when that element writes it otherwise. What the page shows its readers, where htmldate
    may take a date from a list of other articles."""
    from newscrawl.extract.metadata.title import links_home  # pages without dated markup only

    h1s = root.iter("h1") if hasattr(root, "iter") else iter(())
    h1 = next((h for h in h1s if not links_home(h)), None)
    for element in _marked(_following(h1), times=True) if h1 is not None else ():
        text = element_text(element)
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
    for element in _marked(root.iter()):
        if in_teaser(element):
            continue
        match = _DATE_TEXT.search(element_text(element))
        if match:
            text = element_text(element)
            return text[match.start() :]
    return None


_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?"
)
# A whole day as english_date writes it: ISO ("26.01.2022" made "2022-01-26"), "July 29, 2016",
# "4 December 2022".
_WHOLE_DAY = re.compile(
    r"(?<!\d)(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?!\d)"
    rf"|(?<![^\W\d_])(?P<month>{_MONTH})\s(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s(?P<year>\d{{4}})(?!\d)"
    rf"|(?<!\d)(?P<day2>\d{{1,2}})\s(?P<month2>{_MONTH}),?\s(?P<year2>\d{{4}})(?!\d)",
    re.IGNORECASE,
)
_AFTER = etree.XPath(
    "following::text()[normalize-space()][not(ancestor::script or ancestor::style)]"
    "[position() <= 12]"
)
AFTER_HEADLINE = 600  # characters of text after the headline read for the day it writes


def headline_day(root: Any) -> str | None:
    """The first whole day (its year written) that a short text right after the article's
    <h1> writes ("By STEVEN DAVIDOFF SOLOMON" then "JULY 29, 2016"; "December 16, 2016, 4:19
    PM"), as ISO 8601 with the time written after it: the byline's day, where htmldate may take
    a day from a list of others. A day in a sentence ("am 28.01.2022 in Kraft getreten") dates
    something else; a slashed day ends the search, read where only one order is a date
    ("26/12/2019"), else none ("12/10/2020")."""
    from newscrawl.extract.metadata.title import links_home  # pages without dated markup only

    h1s = root.iter("h1") if hasattr(root, "iter") else iter(())
    h1 = next((h for h in h1s if not links_home(h)), None)
    read = 0
    for piece in _AFTER(h1) if h1 is not None else ():
        text = " ".join(piece.split())
        read += len(text)
        if read > AFTER_HEADLINE:
            return None
        if len(text) > SHORT or not _short(_owner(piece)):
            continue  # a sentence ("Am 14. Juni 2005 hielt <a>Steve Jobs</a> ...")
        slashed = _SLASHED.search(text)
        if slashed:  # "26/12/2019": the day first where the month cannot be 26, else unknown
            return _slashed_day(slashed)
        words = english_date(text)
        match = _WHOLE_DAY.search(words)
        found = written_as(words[match.start() :]) if match else None
        day = written_as(match[0]) if match else None
        if day is not None:
            timed = found is not None and found.date() == day.date() and found.time() != time()
            return found.isoformat() if timed and found else day.date().isoformat()
    return None


_SLASHED = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{4})(?![\d/])")


def _slashed_day(match: re.Match[str]) -> str | None:
    """The day a slashed date names where only one order is a date ("26/12/2019", "12/26/2019")."""
    first, second, year = (int(n) for n in match.groups())
    if (first > 12) == (second > 12):
        return None
    day, month = (first, second) if first > 12 else (second, first)
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _owner(piece: Any) -> Any:
    """The element whose own text (or, for a tail, whose parent's) a text node is."""
    parent = piece.getparent()
    return parent.getparent() if piece.is_tail and parent.getparent() is not None else parent

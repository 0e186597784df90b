"""parse_date: feed and page date strings -> aware datetimes, naive ones read in the site's zone."""

from __future__ import annotations

import gzip
import re
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from helpers import ROOT
from lxml import html as lxml_html

from newscrawl.extract import page_dates
from newscrawl.extract.article import extract_article
from newscrawl.extract.body import parse as parse_page
from newscrawl.extract.charset import decode_html
from newscrawl.extract.dates import find_published, parse_date
from newscrawl.extract.page_dates import in_teaser, labelled_over_day, page_date, shown_day
from newscrawl.extract.shown_zone import published_date
from newscrawl.extract.written_dates import (
    headline_context,
    text_date,
    url_day,
    written_date,
)
from newscrawl.extract.zones import LikelyZone, page_zone, script_language
from newscrawl.sources import generic

SHANGHAI = ZoneInfo("Asia/Shanghai")
BERLIN = ZoneInfo("Europe/Berlin")


def utc(y: int, m: int, d: int, hh: int = 0, mm: int = 0, ss: int = 0, us: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, ss, us, tzinfo=UTC)


# (text, zone for naive values, the instant expected in UTC)
INSTANTS = [
    # RFC 822 / 1123, as feeds write them: the offset given wins over the zone
    ("Mon, 19 Jul 2021 02:56:00 +0800", BERLIN, utc(2021, 7, 18, 18, 56)),
    ("Mon, 19 Jul 2021 02:56:00 -0430", SHANGHAI, utc(2021, 7, 19, 7, 26)),
    ("Mon, 19 Jul 2021 02:56:00 GMT", SHANGHAI, utc(2021, 7, 19, 2, 56)),
    ("Mon, 19 Jul 2021 02:56:00 UT", SHANGHAI, utc(2021, 7, 19, 2, 56)),
    ("Mon, 19 Jul 2021 02:56:00 +0000", SHANGHAI, utc(2021, 7, 19, 2, 56)),
    ("19 Jul 2021 02:56:00 EST", SHANGHAI, utc(2021, 7, 19, 7, 56)),
    # ndtv.com (the corpus's "mercury-www.ndtv.com"): "IST" is India's +05:30
    ("April 07, 2020 03:49 pm IST", SHANGHAI, utc(2020, 4, 7, 10, 19)),
    ("Sat, 22 Jan 2022 20:29:55 GMT", BERLIN, utc(2022, 1, 22, 20, 29, 55)),
    # "-0000" is UTC with the sender's own zone unknown (RFC 5322 section 3.3)
    ("Mon, 19 Jul 2021 02:56:00 -0000", SHANGHAI, utc(2021, 7, 19, 2, 56)),
    ("Mon, 19 Jul 2021 02:56:00 -0000", BERLIN, utc(2021, 7, 19, 2, 56)),
    # an RFC 822 date without any zone is the site's local time
    ("Mon, 19 Jul 2021 02:56:00", SHANGHAI, utc(2021, 7, 18, 18, 56)),
    # as the acnnewswire feeds write them: no space before the offset, "Sept"
    ("Mon, 05 Sept 2006 13:08:54+0900", SHANGHAI, utc(2006, 9, 5, 4, 8, 54)),
    # ISO 8601
    ("2021-07-19T02:56:00Z", SHANGHAI, utc(2021, 7, 19, 2, 56)),
    ("2021-07-19T02:56:00+08:00", BERLIN, utc(2021, 7, 18, 18, 56)),
    ("2021-07-19T02:56:00.250-05:00", SHANGHAI, utc(2021, 7, 19, 7, 56, 0, 250000)),
    ("2021-07-19T02:56:00+0800", BERLIN, utc(2021, 7, 18, 18, 56)),
    ("2021-07-19T02:56:00", SHANGHAI, utc(2021, 7, 18, 18, 56)),
    ("2021-07-19 02:56", BERLIN, utc(2021, 7, 19, 0, 56)),
    ("2021-07-19", SHANGHAI, utc(2021, 7, 18, 16)),
    ("  2021-07-19T02:56:00Z\n", SHANGHAI, utc(2021, 7, 19, 2, 56)),
    # Chinese page forms, in China time
    ("2021年7月19日 02:56", SHANGHAI, utc(2021, 7, 18, 18, 56)),
    ("2021年07月19日02:56:30", SHANGHAI, utc(2021, 7, 18, 18, 56, 30)),
    ("2021年7月19日 02时56分", SHANGHAI, utc(2021, 7, 18, 18, 56)),
    ("2021年7月19日", SHANGHAI, utc(2021, 7, 18, 16)),
    ("发布时间：2022年01月22日 20:29 来源：快科技", SHANGHAI, utc(2022, 1, 22, 12, 29)),
    ("2021/07/19 02:56", SHANGHAI, utc(2021, 7, 18, 18, 56)),
    ("2021-7-19 2:56", SHANGHAI, utc(2021, 7, 18, 18, 56)),
    ("2021年7月19日 02：56", SHANGHAI, utc(2021, 7, 18, 18, 56)),
    # other common page forms
    ("July 19, 2021 10:00 PM", SHANGHAI, utc(2021, 7, 19, 14)),
    ("Mon, July 19, 2021 10:00pm", SHANGHAI, utc(2021, 7, 19, 14)),
    ("19 Jul 2021 9:05 a.m.", SHANGHAI, utc(2021, 7, 19, 1, 5)),
    ("19 July 2021", BERLIN, utc(2021, 7, 18, 22)),
    # Europe/Berlin around its DST changes: CET (+01:00) in winter, CEST (+02:00) in summer
    ("2022-03-27 01:59", BERLIN, utc(2022, 3, 27, 0, 59)),  # last minute of CET
    ("2022-03-27 03:00", BERLIN, utc(2022, 3, 27, 1, 0)),  # first minute of CEST
    ("2022-10-30 01:59", BERLIN, utc(2022, 10, 29, 23, 59)),  # CEST
    ("2022-10-30 03:00", BERLIN, utc(2022, 10, 30, 2, 0)),  # CET again
    # 02:30 on 30 October happens twice; the first (CEST, fold=0) is taken
    ("2022-10-30 02:30", BERLIN, utc(2022, 10, 30, 0, 30)),
    ("2022-01-15T12:00:00", BERLIN, utc(2022, 1, 15, 11)),
    ("2022-07-15T12:00:00", BERLIN, utc(2022, 7, 15, 10)),
    ("Sat, 15 Jan 2022 12:00:00", BERLIN, utc(2022, 1, 15, 11)),
]


@pytest.mark.parametrize(("text", "zone", "instant"), INSTANTS)
def test_instant(text: str, zone: ZoneInfo, instant: datetime) -> None:
    parsed = parse_date(text, zone)
    assert parsed is not None
    assert parsed.utcoffset() is not None
    # astimezone, not ==: PEP 495 makes == between zones False for an ambiguous wall time
    assert parsed.astimezone(UTC) == instant


# (text, zone, the wall-clock offset the value must carry)
OFFSETS = [
    ("2021-07-19 02:56", SHANGHAI, timedelta(hours=8)),
    ("2022-01-15 12:00", BERLIN, timedelta(hours=1)),
    ("2022-07-15 12:00", BERLIN, timedelta(hours=2)),
    ("2021-07-19T02:56:00-03:00", SHANGHAI, timedelta(hours=-3)),
    ("Mon, 19 Jul 2021 02:56:00 +0530", BERLIN, timedelta(hours=5, minutes=30)),
]


@pytest.mark.parametrize(("text", "zone", "offset"), OFFSETS)
def test_naive_values_are_labelled_with_the_zone_not_shifted(
    text: str, zone: ZoneInfo, offset: timedelta
) -> None:
    parsed = parse_date(text, zone)
    assert parsed is not None
    assert parsed.utcoffset() == offset
    wall = datetime.fromisoformat(text) if "," not in text else None
    if wall is not None and wall.tzinfo is None:
        assert parsed.replace(tzinfo=None) == wall


def test_a_fixed_offset_zone_works_too() -> None:
    parsed = parse_date("2021-07-19 02:56", timezone(timedelta(hours=-7)))
    assert parsed == utc(2021, 7, 19, 9, 56)


GARBAGE = [
    None,
    "",
    "   ",
    "garbage",
    "abc 2021",
    "N/A",
    "Thu, 31 Feb 2021 00:00:00 GMT",
    "2021-02-30",
    "2021年13月45日",
    # no day given: dateutil would fill it from today, which would be an invented date
    "Tuesday",
    "12",
    "12:30",
    "2021",
    "昨天 12:30",
]


@pytest.mark.parametrize("text", GARBAGE)
def test_text_without_a_date_is_none(text: str | None) -> None:
    assert parse_date(text, SHANGHAI) is None


def test_a_page_dated_only_in_its_text_gets_that_day() -> None:
    """No metadata, no <time>, no date in the URL: the date written under the headline."""
    from newscrawl import sources
    from newscrawl.extract.article import extract_article

    url = "https://amt.example/presse/radon"
    html = (
        "<html><head><title>Radon im Keller</title></head><body><div><div>"
        "<h1>Radon im Keller</h1><p>Pressemitteilung vom 25.01.2022</p></div><div><p>"
        + "Das Amt misst Radon in Kellern der Region und veröffentlicht die Werte. " * 8
        + "</p></div></div></body></html>"
    )
    published = extract_article(html, url, sources.generic(url)).published
    assert published is not None
    assert published.date() == datetime(2022, 1, 25).date()


@pytest.mark.parametrize(
    ("context", "body", "expected"),
    [
        ("Radon im Keller Pressemitteilung vom 25.01.2022", "", "2022-01-25"),
        ("Headline", "Text of the article. Posted on March 3, 2021 by Ann.", "2021-03-03"),
        ("Headline", "Nothing dated here.", None),
        ("Headline", "Text of the article. © 2019 Example Inc.", None),  # a year is no day
        # ossnews.jp (postlight's test page "mercury-www.ossnews.jp"): a year-first date under
        # the headline keeps its time
        (
            "【OSS】2018年のオープンソースプロジェクト10選 最新TOPICS 2019年3月15日 09:43",
            "2018年を代表する10のオープンソースプロジェクトを紹介。",
            "2019年3月15日 09:43",
        ),
        ("Headline 2019.03.15 09:43", "", "2019.03.15 09:43"),
        # abcnews.go.com (postlight's test page "mercury-abcnews.go.com"): the byline writes
        # the time after the day; a video's length ("0:49") follows it
        (
            "Hillary Clinton: Putin's Alleged Involvement in Democratic Hack Stems From 'Personal"
            " Beef' By by JOSH HASKELL, DAVID CAPLAN and PATRICK REEVELL December 16, 2016,"
            " 4:19 PM 0:49 Hillary Clinton speaks during a ceremony",
            "",
            "2016-12-16T16:19:00",
        ),
        # a time written for another day is not this day's
        ("Headline December 16, 2016 Updated December 17, 2016, 9:02 AM", "", "2016-12-16"),
        # football.ua (trafilatura's evaluation page "traf-football.ua.podolski"): a Russian
        # month among a longer text, of which htmldate alone keeps only the year
        (
            "var NewsId = 311510; var NewsVotes = Array(); Германия 15 августа 2016, 13:43"
            " Подольски завершил карьеру в сборной Ветеран сборной Германии",
            "",
            "2016-08-15T13:43:00",
        ),
    ],
)
def test_a_written_date_is_read_from_the_lines_given(
    context: str, body: str, expected: str | None
) -> None:
    assert written_date(context, body) == expected


# alpin.de (trafilatura's evaluation page "alpin.de-freeride"): no date metadata; htmldate's
# quick search reads another date than the article's byline <time>.
BYLINE_TIME = """<html><head><title>Freeride</title></head><body><article>
<div class="meta"><time datetime="2022-01-21">21.01.2022 - 13:30</time></div>
<p>Text.</p></article></body></html>"""


def test_page_date_prefers_the_first_iso_time_element() -> None:
    root = lxml_html.fromstring(BYLINE_TIME)
    assert page_date(BYLINE_TIME, "https://www.alpin.de/x/51490/artikel.html", root) == (
        "2022-01-21"
    )


# exxpress.at (trafilatura's evaluation page "exxpress.at-zaehne"): a datetime= that is not ISO
# 8601 ("01-11-2023" is the 1st of November) is left to htmldate, which reads the page's text.
NOT_ISO = """<html><body><div class="author-box"><time datetime="01-11-2023 10:29">1. November
 2023 10:29</time></div><p>Text.</p></body></html>"""


def test_page_date_leaves_a_time_element_that_is_not_iso_to_htmldate() -> None:
    root = lxml_html.fromstring(NOT_ISO)
    found = parse_date(page_date(NOT_ISO, "https://exxpress.at/zaehne/", root), UTC)
    assert found is not None
    assert found.date() == date(2023, 11, 1)


# merkur.de (fundus page de-Merkur_2023_04_28): the byline <time> drops the seconds and the
# offset htmldate reads elsewhere in the page: the fuller reading of the same time wins.
FULLER = """<html><head><script type="application/ld+json">{"@type": "NewsArticle",
 "datePublished": "2023-04-28T18:16:04+02:00"}</script></head><body>
<time datetime="2023-04-28 18:16">28.04.2023, 18:16 Uhr</time></body></html>"""


def test_page_date_keeps_htmldate_when_it_reads_the_same_time_with_its_offset() -> None:
    root = lxml_html.fromstring(FULLER)
    assert page_date(FULLER, "https://www.merkur.de/welt/x-92243692.html", root) == (
        "2023-04-28T18:16:04+0200"
    )


# msnbc.com (postlight "mercury-www.msnbc.com"): the <time>'s datetime= is the update's; its
# text shows the publication's time first.
UPDATED_INSIDE = """<html><body><h1>Headline</h1><div class="article-body__date-source">
<time class="relative z-1" datetime="2016-12-20T13:00:00.000Z">Dec. 20, 2016, 12:44 PM UTC
<span> / </span>Updated Dec. 20, 2016, 1:00 PM UTC</time></div><p>Text.</p></body></html>"""

# opposingviews.com (postlight "mercury-www.opposingviews.com"): "Updated:" labels the first
# <time>, "Original:" the publication's.
UPDATED_BEFORE = """<html><body><h1>Headline</h1><ul><li>
<div class="m-description--term">Updated:</div><div class="m-description--details">
<phoenix-timeago locale="en-us"><time datetime="2018-03-06T19:49:32-05:00" title="Mar 6, 2018">
Mar 6, 2018</time></phoenix-timeago></div><div class="m-description--term">Original:</div>
<div class="m-description--details"><phoenix-timeago locale="en-us">
<time datetime="2016-12-21T18:49:10-05:00" title="Dec 21, 2016">Dec 21, 2016</time>
</phoenix-timeago></div></li></ul><p>Text.</p></body></html>"""


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        (UPDATED_INSIDE, datetime(2016, 12, 20, 12, 44, tzinfo=UTC)),
        (UPDATED_BEFORE, datetime(2016, 12, 21, 23, 49, 10, tzinfo=UTC)),
        # without the labels, the first datetime= is the page's date
        (UPDATED_INSIDE.replace("Updated ", ""), datetime(2016, 12, 20, 13, tzinfo=UTC)),
        (
            UPDATED_BEFORE.replace("Updated:", "Author:"),
            datetime(2018, 3, 7, 0, 49, 32, tzinfo=UTC),
        ),
    ],
)
def test_page_date_passes_over_a_time_labelled_as_an_updates(page: str, expected: datetime) -> None:
    found = page_date(page, "", lxml_html.fromstring(page))
    assert parse_date(found, UTC) == expected


# nbcnews.com (data/more, ms-nbcnews, tuning side, its date metadata removed): the byline's
# datetime= is JavaScript's Date.toString() of the update; a related story's card before it
# shows "Jan. 5, 2021" "01:20".
JS_DATETIME = """<html><body><h2><a href="/news/other">Kenosha district attorney</a></h2>
<span class="infoText"><span>Jan. 5, 2021</span><span>01:20</span></span>
<h1>No charges filed against Kenosha officers</h1><div class="article-body__date-source">
<time class="relative z-1" dateTime="Wed Jan 06 2021 00:34:00 GMT+0000 (UTC)">Jan. 5, 2021,
9:23 PM UTC<span> / </span>Updated Jan. 6, 2021, 12:34 AM UTC</time></div><p>Text.</p>
</body></html>"""


def test_page_date_reads_a_datetime_written_as_javascript_dates_are() -> None:
    found = page_date(JS_DATETIME, "", lxml_html.fromstring(JS_DATETIME))
    assert parse_date(found, UTC) == datetime(2021, 1, 5, 21, 23, tzinfo=UTC)
    # a slashed or dashed day in datetime= stays unread: its order would be a guess
    slashed = JS_DATETIME.replace("Wed Jan 06 2021 00:34:00 GMT+0000 (UTC)", "01/06/2021 00:34")
    assert page_date(slashed, "", lxml_html.fromstring(slashed)) != found


# habarileo.co.tz (the corpus's "tz-HabariLeo_2025_01_23"): the page's first <time> is a
# latest-posts widget's (no heading marks it as a teaser); its footer labels the article's day.
LATEST_POSTS = """<html><body><ul class="wp-block-latest-posts"><li>
<a class="wp-block-latest-posts__post-title" href="https://habarileo.co.tz/21577-2/">(no title)</a>
<div class="wp-block-latest-posts__meta"><time datetime="2023-05-01T10:47:10+00:00"
class="wp-block-latest-posts__post-date">May 1, 2023</time></div></li></ul>
<h1>Watu 18 wanaswa kwa makosa mbalimbali Shinyanga</h1><p>Text.</p>
<div class="cs-entry__footer-date-inner"><span class="cs-entry__footer-title">Published</span>
<time class="cs-entry__footer-value">December 23, 2024</time></div></body></html>"""


def test_page_date_prefers_the_labelled_day_to_a_time_element_of_another_day() -> None:
    url = "https://habarileo.co.tz/watu-18-wanaswa-kwa-makosa-mbalimbali-shinyanga/"
    assert page_date(LATEST_POSTS, url, lxml_html.fromstring(LATEST_POSTS)) == "2024-12-23"
    # a <time> of the labelled day keeps its time
    same_day = LATEST_POSTS.replace("2023-05-01T10:47:10", "2024-12-23T10:47:10").replace(
        "May 1, 2023", "December 23, 2024"
    )
    found = page_date(same_day, url, lxml_html.fromstring(same_day))
    assert found == "2024-12-23T10:47:10+00:00"


# nytimes.com (the corpus's "moz-nytimes-2"), its date metadata taken away: the byline's
# <time> shows the publication's day, its datetime= a later change's (itemprop="dateModified").
REWRITTEN_TIME = """<html><body><h1>Yahoo's Sale to Verizon Ends an Era</h1><p class="byline">
<span class="byline-author">STEVEN DAVIDOFF SOLOMON</span>
<time class="dateline" datetime="2016-08-01T01:30:24-04:00">JULY 29, 2016</time></p>
<p>Text.</p></body></html>"""
CHANGED = datetime(2016, 8, 1, 5, 30, 24, tzinfo=UTC)


@pytest.mark.parametrize(
    ("shown", "expected"),
    [
        ("JULY 29, 2016", datetime(2016, 7, 29, tzinfo=UTC)),  # readers see the text's day
        ("August 1, 2016", CHANGED),  # the same day: datetime= as written
        ("07/29/2016", CHANGED),  # a slashed day's order is a guess
        ("3 days ago", CHANGED),  # no date
    ],
)
def test_page_date_takes_the_day_a_time_element_shows_over_another_in_its_datetime(
    shown: str, expected: datetime
) -> None:
    page = REWRITTEN_TIME.replace("JULY 29, 2016", shown)
    assert parse_date(page_date(page, "", lxml_html.fromstring(page)), UTC) == expected


def test_page_date_keeps_a_utc_datetime_a_day_off_its_shown_local_day() -> None:
    page = REWRITTEN_TIME.replace("2016-08-01T01:30:24-04:00", "2016-07-30T01:30:24Z")
    found = parse_date(page_date(page, "", lxml_html.fromstring(page)), UTC)
    assert found == datetime(2016, 7, 30, 1, 30, 24, tzinfo=UTC)


# hrjournal.de (the corpus's "traf-hrjournal.de.trends"), its date metadata taken away: a
# WordPress byline writes the change's <time> before the publication's.
CHANGED_FIRST = """<html><body><h1>Fünf HR-Trends 2023</h1><p class="entry-meta"><span>von
<a href="/author/x/">Redaktion</a></span> | <time class="updated"
datetime="2022-12-29T15:36:19+01:00">29. Dezember 2022</time><time class="entry-date published"
datetime="2022-12-30T07:00:40+01:00">30. Dezember 2022</time> | <a href="/category/hr/">HR</a>
</p><p>Text.</p></body></html>"""


def test_page_date_passes_over_a_changes_time_before_the_publications() -> None:
    found = page_date(CHANGED_FIRST, "", lxml_html.fromstring(CHANGED_FIRST))
    assert parse_date(found, UTC) == datetime(2022, 12, 30, 6, 0, 40, tzinfo=UTC)
    # with no <time> beside it naming the publication, "updated" (hAtom's class, which themes
    # put on the published date too) is kept
    hatom = CHANGED_FIRST.replace('class="entry-date published"', 'class="entry-date"')
    found = page_date(hatom, "", lxml_html.fromstring(hatom))
    assert parse_date(found, UTC) == datetime(2022, 12, 29, 14, 36, 19, tzinfo=UTC)


@pytest.mark.parametrize(
    ("language", "declared", "expected"),
    [
        ("ja", False, "Asia/Tokyo"),
        ("de-AT", False, "Europe/Vienna"),  # the country named wins over the language
        ("de-DE", False, "Europe/Berlin"),
        ("en-GB", False, "Europe/London"),
        ("zh-TW", False, "Asia/Taipei"),
        # mediaindonesia.com (fundus "id-MediaIndonesia_2026_01_20", <html lang="id">): its
        # "20/1/2026 18:30" is Jakarta's clock (its metadata: 18:33:13+07:00)
        ("id", False, "Asia/Jakarta"),
        ("fa", False, "Asia/Tehran"),
        ("ro-RO", False, "Europe/Bucharest"),
        # a country spread over several offsets: the zone most of its people live in
        ("en-US", False, "America/New_York"),
        ("es-MX", False, "America/Mexico_City"),
        ("pt-BR", False, "America/Sao_Paulo"),
        # a language spread over several offsets: the site's zone stays
        ("en", False, "UTC"),
        (None, False, "UTC"),
        # a zone the site declared is the site's, whatever the page's language
        ("ja", True, "UTC"),
    ],
)
def test_page_zone_reads_naive_times_where_the_language_tag_places_the_page(
    language: str | None, declared: bool, expected: str
) -> None:
    found = page_zone(language, ZoneInfo("UTC"), declared)
    assert getattr(found, "key", None) == expected


@pytest.mark.parametrize(
    ("language", "url", "expected"),
    [
        # eldeber.com.bo (trafilatura's evaluation page "traf-eldeber.com.bo-autos",
        # <html lang="es">): the country domain names Bolivia
        ("es", "https://eldeber.com.bo/santa-cruz/x_276757", "America/La_Paz"),
        ("en", "https://www.example.co.uk/news/1", "Europe/London"),
        # the language tag's country wins over the domain's
        ("de-CH", "https://www.example.de/a", "Europe/Zurich"),
        # a domain sold to anyone (".co", ".tv", ".io") names no country
        ("es", "https://example.co/a", "UTC"),
        ("en", "https://example.io/a", "UTC"),
        ("en", "https://www.example.com/a", "UTC"),
    ],
)
def test_page_zone_reads_the_country_of_the_host_domain(
    language: str, url: str, expected: str
) -> None:
    assert getattr(page_zone(language, ZoneInfo("UTC"), False, url), "key", None) == expected


@pytest.mark.parametrize(
    ("language", "locale", "expected"),
    [
        # abcnews.go.com (postlight's test page "mercury-abcnews.go.com"): <html lang="en">,
        # <meta value="en_US" name="og:locale">, shown "December 16, 2016, 4:19 PM" (EST)
        ("en", "en_US", "America/New_York"),
        ("en", "en-GB", "Europe/London"),
        (None, "de_DE", "Europe/Berlin"),
        # the language tag's own country wins; a locale of another language names nothing
        ("en-AU", "en_US", "Australia/Sydney"),
        ("en", "fr_FR", "UTC"),
        ("en", "en", "UTC"),
    ],
)
def test_page_zone_reads_the_country_of_the_og_locale(
    language: str | None, locale: str, expected: str
) -> None:
    found = page_zone(language, ZoneInfo("UTC"), False, "https://abcnews.go.com/US/a", locale)
    assert getattr(found, "key", None) == expected


def test_a_zone_guessed_for_a_wide_country_is_a_likely_zone() -> None:
    assert isinstance(page_zone("en-US", ZoneInfo("UTC"), False), LikelyZone)
    assert not isinstance(page_zone("de-DE", ZoneInfo("UTC"), False), LikelyZone)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # qdaily.com (postlight's test page "mercury-www.qdaily.com", no lang attribute)
        ("这个约会软件，想用你和对方的共同好友来提高匹配成功率", "zh"),
        ("マインドマップ風のツリーを描画できる「Treeviz」", "ja"),  # kanji and kana: Japanese
        ("장동혁, 한동훈 제명했지만", "ko"),
        ("Broken Pledge", None),
    ],
)
def test_script_language_names_the_language_of_a_single_script(
    text: str, expected: str | None
) -> None:
    assert script_language(text) == expected


def test_a_japanese_page_giving_only_the_day_gives_that_day_in_japan() -> None:
    """sanwa.co.jp (postlight's test page "mercury-www.sanwa.co.jp", <html lang="ja">): no date
    metadata, the day only; the expected value is midnight in Japan (2019-03-07T15:00Z)."""
    path = ROOT / "benchmarks" / "data" / "extra" / "postlight" / "mercury-www.sanwa.co.jp.html.gz"
    url = "https://www.sanwa.co.jp/news/201903/ma-irfp139bk/index.html"
    article = extract_article(decode_html(gzip.decompress(path.read_bytes())), url, generic(url))
    assert article.published == datetime(2019, 3, 7, 15, tzinfo=UTC)
    assert article.published is not None
    assert article.published.utcoffset() == timedelta(hours=9)


# fluter.de (trafilatura's evaluation page "traf-fluter.de.vorbild"): a section's <h1> in the
# header, the article's <h1>, then a <time> without datetime= that shows the day; htmldate
# reads another day (2020-06-02) elsewhere in the page.
BYLINE_DAY = """<html><body><header><h1><a href="/themen">Thema</a> &ndash; Corona</h1></header>
<main><article><h1><span class="none">„Es bricht eine andere Zeit der Datennutzung an“</span>
</h1><p>Interview: Julia Lauter</p><ul class="additional-info"><li class="field_node_create_date">
<time class="field field-name-field-node-create-date">       31.03.2020  </time></li></ul>
<p>Text.</p><div class="related"><span class="date">02.06.2020</span></div></article></main>
</body></html>"""


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        (BYLINE_DAY, "2020-03-31"),
        # kbs.co.kr (trafilatura's "traf-world.kbs.co.kr-temperatures"): year first
        (
            '<html><body><h1>Colder Temperatures Forecast</h1><p class="date">Written:'
            " 2023-11-07 15:03:30 / Updated: 2023-11-07 15:30:46</p></body></html>",
            "2023-11-07",
        ),
        # the first dated element writes the day in words: no day in digits is taken after it
        (
            '<html><body><h1>Headline</h1><span class="headline-date">02. November 2021</span>'
            '<span class="headline-date">16.02.2022</span></body></html>',
            None,
        ),
        # an <h1> that is the site's logo (a link home) is not the article's headline
        (
            '<html><body><h1><a href="/">Site</a></h1><span class="date">26.02.2020</span>'
            "</body></html>",
            None,
        ),
    ],
)
def test_shown_day_is_the_day_the_first_dated_element_after_the_headline_writes(
    page: str, expected: str | None
) -> None:
    assert shown_day(lxml_html.fromstring(page)) == expected


def test_page_date_prefers_the_day_the_byline_shows_to_another_htmldate_reads() -> None:
    path = ROOT / "benchmarks" / "data" / "extra" / "trafilatura" / "traf-fluter.de.vorbild.html.gz"
    page = decode_html(gzip.decompress(path.read_bytes()))
    url = "https://www.fluter.de/corona-big-data-suedkorea-vorbild-fuer-deutschland"
    assert page_date(page, url, lxml_html.fromstring(page)) == "2020-03-31"


# dubisthalle.de (trafilatura's evaluation page "traf-dubisthalle.de-intendanten-wechsel"):
# the article's day is written in words; its only <time> elements are related posts'.
RELATED = """<html><body><article><h1>Intendanten-Wechsel beim MDR</h1>
<p>von eseppelt · 31. Oktober 2023</p><p>An der Spitze des Mitteldeutschen Rundfunks</p>
<ul class="related-posts"><li class="related"><article class="post"><div class="related-inner">
<h4 class="post-title"><a href="/tokio-hotel">Tokio Hotel mit Geheimkonzert in Halle</a></h4>
<div class="post-meta"><p class="post-date"><time datetime="2020-12-03 07:32:49">3. Dezember
2020</time></p></div></div></article></li></ul></article></body></html>"""


@pytest.mark.parametrize(
    ("page", "teaser"),
    [
        (RELATED, True),
        # a link to another article around the date
        ('<p><a href="/b"><time datetime="2022-10-11">vom 11. Oktober 2022</time></a></p>', True),
        # umweltbundesamt.de ("traf-umweltbundesamt.de-atomkraft"): the page's own <article>
        # leaves the <h1> out and holds no linked headline
        (
            '<div><h1>EU-Taxonomie</h1></div><article><div class="article-meta"><time'
            ' datetime="2022-01-25T08:00:00+01:00">25.01.2022</time></div><p>Text <a'
            ' href="/x">mit einem Link, der lang genug ist</a></p></article>',
            False,
        ),
        # heizung.de ("traf-heizung.de.waermepumpen"): the byline's list, no linked headline
        (
            '<ul class="meta"><li><a href="/autor">Alexander Rosenkranz</a></li><li><time'
            ' datetime="2022-03-09">09.03.2022</time></li></ul>',
            False,
        ),
    ],
)
def test_a_date_in_a_teaser_of_another_article_is_that_articles(page: str, teaser: bool) -> None:
    time_element = next(lxml_html.fromstring(page).iter("time"))
    assert in_teaser(time_element) is teaser


@pytest.mark.parametrize(
    ("name", "url", "expected"),
    [
        (
            "traf-dubisthalle.de-intendanten-wechsel",
            "https://dubisthalle.de/intendanten-wechsel-beim-mdr",
            "2023-10-31",
        ),
        # amnesty.de: the day before the <h1> in words, "Weitere Artikel" teasers after it
        (
            "traf-amnesty.de-waffensysteme",
            "https://www.amnesty.de/allgemein/pressemitteilung/autonome-waffensysteme-gefahr-menschenrechte",
            "2021-11-02",
        ),
    ],
)
def test_page_date_passes_over_the_dates_of_teasers(name: str, url: str, expected: str) -> None:
    path = ROOT / "benchmarks" / "data" / "extra" / "trafilatura" / f"{name}.html.gz"
    page = decode_html(gzip.decompress(path.read_bytes()))
    found = page_date(page, url, lxml_html.fromstring(page))
    assert found is not None
    assert found[:10] == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        # weisser-ring.de ("traf-weisser-ring.de-erfolgsgechichte"): no date in the page
        ("https://weisser-ring.de/media-news/meldungen/29-10-2021", "2021-10-29"),
        ("https://mywakenews.wordpress.com/2016/07/09/nwo-psyop-radio-marathon/", "2016-07-09"),
        ("https://buzzap.jp/news/20190302-reduced-tax-rate-benefit/", "2019-03-02"),
        # an article number, a year alone, an impossible day, a date in the query: no day
        ("https://www.dw.com/de/ukrainische-gegenoffensive/a-65464327", None),
        ("https://www.bfs.de/SharedDocs/Pressemitteilungen/BfS/DE/2022/001.html", None),
        ("https://example.com/2021-13-40/a", None),
        ("https://example.com/a?date=2021-10-29", None),
    ],
)
def test_url_day_is_the_day_a_urls_path_names(url: str, expected: str | None) -> None:
    assert url_day(url) == expected


def test_a_page_dated_nowhere_but_in_its_url_gets_that_day() -> None:
    url = "https://weisser-ring.de/media-news/meldungen/29-10-2021"
    page = "<html><body><h1>Eine Erfolgsgeschichte</h1><p>Text ohne Datum.</p></body></html>"
    published = extract_article(page, url, generic(url)).published
    assert published is not None
    assert published.date() == date(2021, 10, 29)


# caritas.de (trafilatura's evaluation page "traf-caritas.de-pr-sidentin"): <meta name="date">
# gives a day two days after the one the press release shows under "Erschienen am:".
CARITAS = """<html><head><meta content="2021-10-15" name="date" scheme="YYYY-MM-DD"></head>
<body><h1>Eva Welskop-Deffaa zur neuen Caritas-Präsidentin gewählt</h1><p>Text.</p>
<div class="eventbox__right-col"><span class="eventbox__subheadline">Erschienen am:</span>
<h2 class="eventbox-event__headline">
            13.10.2021
</h2></div></body></html>"""


def test_a_day_the_page_labels_as_its_publication_outweighs_a_metadata_day() -> None:
    root = lxml_html.fromstring(CARITAS)
    assert labelled_over_day("2021-10-15", root) == "2021-10-13"
    # a metadata value with its time is kept, as is a day the label agrees with
    assert labelled_over_day("2021-10-15T09:30:00+02:00", root) == "2021-10-15T09:30:00+02:00"
    assert labelled_over_day("2021-10-13", root) == "2021-10-13"
    assert labelled_over_day(None, root) is None


# phpspot.org (postlight's "mercury-phpspot.org"): the <h1> is the site's description, the
# headline an <h3> with the day written in the <h4> under it; nothing else dates the page.
PHPSPOT = """<html><head>
<title>マインドマップ風のツリーを描画できる「Treeviz」 - phpspot開発日誌</title>
</head><body><div id="header">
<h1>PHP/Ajax/JavaScript/CSS/デザイン等のWEB開発に関する最新技術情報をお届け</h1>
</div><div id="con_left"><div class="blog">
<h3 class="hl">マインドマップ風のツリーを描画できる「Treeviz」</h3>
<h4 class="hl">2019年04月04日-<a href="http://b.hatena.ne.jp/entry/">0 users</a></h4>
<p>Treeviz is a library that draws trees like a mind map.</p></div></div></body></html>"""


def test_the_headline_context_is_around_the_heading_that_says_the_title() -> None:
    root = lxml_html.fromstring(PHPSPOT)
    context = headline_context(root, "マインドマップ風のツリーを描画できる「Treeviz」")
    assert context.index("2019年04月04日") < context.index("PHP/Ajax")
    assert headline_context(root).startswith("PHP/Ajax")  # no title: the first <h1>'s
    article = extract_article(
        PHPSPOT,
        "http://phpspot.org/blog/archives/2019/04/treeviz.html",
        generic("http://phpspot.org/"),
    )
    assert article.published == datetime(2019, 4, 4, tzinfo=ZoneInfo("Asia/Tokyo"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # mactechnews.de (trafilatura's "traf-d43f330cbaf74e92b9aec85e937cb904"), a forum
        # thread dated only by its first post
        (
            "Forum > iPhone > kein App Store mehr über Mobile Daten mit iOS 13 ? kein App Store"
            " mehr über Mobile Daten mit iOS 13 ? macbacchi 28.09.19 12:44 hallo, hat jemand"
            " eine idee was ich anders machen könnte?",
            "2019-09-28",
        ),
        # parcoabruzzo.it ("traf-parcoabruzzo.it.58354"): a number of a month and a
        # copyright year date no day
        (
            "sull'areale. Comunicato Stampa n. 03/2020 Grafico conta femmine con cuccioli"
            " Contatti © 2020 Ente Parco Nazionale d'Abruzzo Lazio e Molise",
            None,
        ),
        ("Nothing dated here.", None),
    ],
)
def test_text_date_is_a_day_written_anywhere_in_the_text(text: str, expected: str | None) -> None:
    assert text_date(text) == expected


def test_a_page_dated_only_far_down_its_text_gets_that_day() -> None:
    """Not near the headline, not at the ends of the body: the first post of a thread."""
    url = "https://forum.example/thread/338679"
    reply = "<p>" + "Eine lange Antwort auf die Frage, die hier nichts datiert. " * 12 + "</p>"
    page = (
        "<html><head><title>Kein App Store mehr</title></head><body><h1>Kein App Store mehr</h1>"
        + reply * 3
        + "<div class='post'><span>macbacchi</span> <span>28.09.19</span> <span>12:44</span>"
        + reply
        + "</div>"
        + reply * 3
        + "</body></html>"
    )
    published = extract_article(page, url, generic(url)).published
    assert published is not None
    assert published.date() == date(2019, 9, 28)


def test_a_page_that_is_only_a_url_is_never_fetched() -> None:
    """htmldate downloads a string that starts with "http" and has no space; a hostile
    response body may be exactly that (a crawl must never be made to reach another host)."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    hits: list[str] = []

    class Counting(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            body = b"<html><body><p>Published 2024-03-05</p></body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Counting)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        page = f"http://127.0.0.1:{server.server_port}/article"
        assert find_published(page, "") is None
        assert (
            extract_article(
                page, "http://example.test/a", generic("http://example.test/a")
            ).published
            is None
        )
    finally:
        server.shutdown()
        server.server_close()
    assert hits == []


# What page_dates._marked and _following select, as XPath says it (the search they replace).
_MARKED_XPATH = (
    '//*[contains(@class, "ime") or contains(@class, "ate") or contains(@id, "ime")'
    ' or contains(@id, "ate")][string-length(normalize-space(.)) < 60]'
)
_AFTER_XPATH = (
    'following::*[contains(@class, "ime") or contains(@class, "ate") or contains(@id, "ime")'
    ' or contains(@id, "ate") or self::time][string-length(normalize-space(.)) < 60]'
)
SAVED_SOURCES = sorted((ROOT / "tests" / "sources").rglob("*.html.gz"))


@pytest.mark.parametrize("path", SAVED_SOURCES, ids=lambda p: p.parent.name)
def test_marked_elements_are_those_the_xpath_selects(path: Path) -> None:
    """Saved pages of tests/sources: the same elements in the same order, as does the
    following:: axis after each <h1>."""
    root = parse_page(decode_html(gzip.decompress(path.read_bytes())))
    assert list(page_dates._marked(root.iter())) == root.xpath(_MARKED_XPATH)
    for h1 in root.iter("h1"):
        found = list(page_dates._marked(page_dates._following(h1), times=True))
        assert found == h1.xpath(_AFTER_XPATH)


def test_a_marked_elements_text_is_measured_as_normalize_space_does() -> None:
    """Runs of spaces, tabs and line breaks count as one space; a no-break space counts as a
    character (64 here: too long for a date)."""
    for text, marked in (("1\n\t  " * 20, True), ("1\u00a0\u00a0\u00a0" * 16, False)):
        page = f'<html><body><p class="date">{text}</p></body></html>'
        root = lxml_html.fromstring(page)
        found = list(page_dates._marked(root.iter()))
        assert found == root.xpath(_MARKED_XPATH)
        assert bool(found) is marked


def _saved(folder: str, name: str) -> str:
    path = ROOT / "benchmarks" / "data" / folder / f"{name}.html.gz"
    return decode_html(gzip.decompress(path.read_bytes()))


def test_a_day_takes_the_dotted_clock_its_marked_element_writes_before_other_words() -> None:
    """orf.at (fundus "at-ORF_2024_11_22", shared/corpus/fundus): `<div class="story-meta-dates">`
    writes "22.11.2024 07.57 Online seit heute, 7.57 Uhr"; a page that gives the day alone
    takes that clock (the whole text is no date to a parser, and a dotted clock was none)."""
    root = parse_page(_saved("corpus/fundus", "at-ORF_2024_11_22"))
    found = published_date("2024-11-22", root, ZoneInfo("Europe/Vienna"))
    assert found == datetime(2024, 11, 22, 6, 57, tzinfo=UTC)
    assert found is not None
    assert found.utcoffset() == timedelta(hours=1)


def test_a_japanese_clock_in_hours_and_minutes_near_the_headline_is_read() -> None:
    """japan.zdnet.com (postlight's "mercury-japan.zdnet.com", shared/corpus/extra/postlight)
    writes "2019年04月28日 08時00分" under its headline: the 時/分 clock was left out."""
    root = parse_page(_saved("extra/postlight", "mercury-japan.zdnet.com"))
    found = written_date(headline_context(root), "")
    assert found is not None
    assert parse_date(found, ZoneInfo("Asia/Tokyo")) == datetime(2019, 4, 27, 23, tzinfo=UTC)


@pytest.mark.parametrize(
    ("folder", "name", "expected"),
    [
        # the byline's own element: "By STEVEN DAVIDOFF SOLOMON" then "JULY 29, 2016"
        ("extra/readability", "moz-nytimes-2", "2016-07-29"),
        ("extra/trafilatura", "traf-harpers.org.justice", "2020-07-07"),  # "Share July 7, 2020"
        ("extra/trafilatura", "traf-scinexx.com.ammoniak", "2022-11-28"),  # "28. November 2022"
        ("corpus/fundus", "za-EyethuNews_2025_11_25", "2025-11-06"),
        # with the time the same element writes ("December 16, 2016, 4:19 PM")
        ("extra/postlight", "mercury-abcnews.go.com", "2016-12-16T16:19:00"),
        ("extra/trafilatura", "traf-abc7news.com-napa", "2023-11-09T07:35:00"),
        ("corpus/fundus", "tr-NTVTR_2024_04_30", "2024-04-30T16:48:00"),  # "30.04.2024 - 16:48"
        # after a long lead ("Von Julia Müller" "28. Dezember 2022" 400 characters on)
        ("extra/trafilatura", "traf-impulse.de.eltern", "2022-12-28"),
        ("extra/trafilatura", "traf-lebensmittelpraxis.de-stadtzentrum", "2023-11-01"),
        # slashed, where only one order is a date: "26/12/2019", "Familie" "17/02/2022"; an
        # order the page leaves open ("12/10/2020", "11/08/2020") is no day
        ("extra/trafilatura", "traf-talent.ch.5031", "2019-12-26"),
        ("extra/trafilatura", "traf-for-me-online.de-pubert-t", "2022-02-17"),
        ("extra/trafilatura", "traf-diem25.org.climate", None),
        ("extra/trafilatura", "traf-theoriginalcopy.de.baby", None),
        # a day in a sentence dates something else: "laut der am 28.01.2022 in Kraft getretenen
        # Corona-Verordnung", "findet am Mi. 5. Februar 2020 ab 19 Uhr ... statt"; "Am 14. Juni
        # 2005 hielt <a>Steve Jobs</a> ..." after the byline's "15/07/2014"
        ("extra/trafilatura", "traf-hvw-online.org-zuschauer", None),
        ("extra/trafilatura", "traf-beyssonmanagement.com.innovation", "2014-07-15"),
        ("extra/trafilatura", "traf-wiki.piratenpartei.de.stammtisch", None),
    ],
)
def test_headline_day_is_the_day_a_short_text_after_the_headline_writes(
    folder: str, name: str, expected: str | None
) -> None:
    """Tuning pages of the benchmark (shared/corpus/extra, shared/corpus/fundus): htmldate read
    another day in each of the first six (a list of other articles, a copyright line)."""
    assert page_dates.headline_day(parse_page(_saved(folder, name))) == expected


def test_page_date_prefers_the_day_after_the_headline_to_htmldates() -> None:
    """scinexx.com ("traf-scinexx.com.ammoniak") with its date <meta> and JSON-LD taken away,
    as extraction_dates.py's harder reading does: htmldate then reads 2022-12-12 in a list of
    other articles; the byline after the headline writes "28. November 2022"."""
    root = lxml_html.document_fromstring(_saved("extra/trafilatura", "traf-scinexx.com.ammoniak"))
    for element in root.xpath('//script[contains(@type, "ld+json")] | //meta[@property or @name]'):
        if "ld+json" in (element.get("type") or "") or re.search(
            "date|time|publish|modif", (element.get("property") or "") + (element.get("name") or "")
        ):
            element.drop_tree()
    page = lxml_html.tostring(root, encoding="unicode")
    url = "https://www.scinexx.de/news/energie/ammoniak-spaltung-durch-leds-statt-hitze/"
    assert not (find_published(page, url) or "").startswith("2022-11-28")
    assert page_date(page, url, parse_page(page)) == "2022-11-28"

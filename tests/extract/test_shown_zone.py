"""published_date: a published value completed and given in the zone the page shows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from lxml import html

from newscrawl.extract.shown_zone import published_date
from newscrawl.extract.zones import LikelyZone

BERLIN = ZoneInfo("Europe/Berlin")

TIMES_SHOWN = """<html><body>
<time datetime="2019-03-04T08:15:02+09:00">yesterday</time>
<time datetime="2019-03-05">today</time>
<time datetime="2019-03-05T08:15:11+09:00">today, 8:15</time>
</body></html>"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a day alone takes the time the page shows for that day (its offset kept)
        ("2019-03-05", datetime.fromisoformat("2019-03-05T08:15:11+09:00")),
        # a time already known is kept, even one the page shows differently
        ("2019-03-05T01:02:00+00:00", datetime(2019, 3, 5, 1, 2, tzinfo=UTC)),
        # no <time> of that day: the day stays a day
        ("2019-03-06", datetime(2019, 3, 6, tzinfo=UTC)),
        (None, None),
        ("no date here", None),
    ],
)
def test_a_published_day_gets_the_time_the_page_shows(
    text: str | None, expected: datetime | None
) -> None:
    result = published_date(text, html.fromstring(TIMES_SHOWN), UTC)
    assert result == expected
    assert result is None or expected is None or result.utcoffset() == expected.utcoffset()


# 24ora.com (trafilatura's evaluation page): JSON-LD and article:published_time say
# "2022-05-04T03:37:37+00:00", the byline shows the same instant in the site's own offset.
SAME_INSTANT = """<html><body><div class="td-post-date">
<time class="entry-date updated td-module-date" datetime="2022-05-03T23:37:37-04:00">3 May, 2022,
 11:37 pm</time></div><div class="td-related">
<time class="entry-date updated td-module-date" datetime="2017-10-12T21:06:39-04:00">12 October,
 2017, 9:06 pm</time></div></body></html>"""

# twincities.com: JSON-LD "2023-11-09T05:30:59Z"; the byline's <time> is the local wall clock
# without an offset (Central time, UTC-6 in November), then the update time.
NAIVE_LOCAL = """<html><body><div class="time">
<time datetime="2023-11-08 23:30:59">November 8, 2023 at 11:30 p.m.</time>
<time class="updated" datetime="2023-11-09 00:21:49">November 9, 2023 at 12:21 a.m.</time>
</div></body></html>"""


@pytest.mark.parametrize(
    ("text", "page", "offset"),
    [
        ("2022-05-04T03:37:37+00:00", SAME_INSTANT, timedelta(hours=-4)),
        ("2023-11-09T05:30:59Z", NAIVE_LOCAL, timedelta(hours=-6)),
        # an instant the page does not show is given in the site's zone (Berlin here)
        ("2022-05-04T05:00:00Z", SAME_INSTANT, timedelta(hours=2)),
        ("2023-11-09T05:31:12Z", NAIVE_LOCAL, timedelta(hours=1)),
    ],
)
def test_a_utc_stamp_takes_the_offset_the_page_shows_it_in(
    text: str, page: str, offset: timedelta
) -> None:
    result = published_date(text, html.fromstring(page), BERLIN)
    assert result is not None
    assert result == datetime.fromisoformat(text.replace("Z", "+00:00"))  # the same instant
    assert result.utcoffset() == offset


@pytest.mark.parametrize(
    "page",
    [
        # a day without a time is not a wall clock: it says nothing of the offset
        '<html><body><time datetime="2023-11-08">8 Nov</time></body></html>',
        # more than any zone's offset away, or not a whole number of quarter hours
        '<html><body><time datetime="2023-11-09 20:30:59">later</time></body></html>',
        '<html><body><time datetime="2023-11-09 06:37:59">later</time></body></html>',
    ],
)
def test_shown_times_that_name_no_offset_leave_the_site_zone(page: str) -> None:
    result = published_date("2023-11-09T05:30:59Z", html.fromstring(page), BERLIN)
    assert result == datetime(2023, 11, 9, 5, 30, 59, tzinfo=UTC)
    assert result is not None
    assert result.utcoffset() == timedelta(hours=1)


def test_an_offset_given_by_the_page_is_kept() -> None:
    page = html.fromstring(SAME_INSTANT)
    result = published_date("2022-05-04T05:37:37+02:00", page, UTC)
    assert result is not None
    assert result.utcoffset() == timedelta(hours=2)
    assert result.tzinfo == timezone(timedelta(hours=2))


def test_a_naive_value_is_read_in_the_site_zone() -> None:
    result = published_date("2022-07-15T12:00:00", html.fromstring("<p>x</p>"), BERLIN)
    assert result == datetime(2022, 7, 15, 10, tzinfo=UTC)


# politico.com (postlight's test case 3, /newsletters/morning-money/2022/10/11/...): the value
# has no offset, the <time> that shows it to readers names the zone.
ZONE_IN_TEXT = """<html><body><p class="timestamp"><time itemprop="datePublished"
 datetime="2022-10-11 08:00:00">10/11/2022 08:00 AM EDT</time></p></body></html>"""


@pytest.mark.parametrize("text", ["2022-10-11 08:00:00", "2022-10-11"])
def test_a_naive_value_takes_the_zone_its_shown_time_names(text: str) -> None:
    result = published_date(text, html.fromstring(ZONE_IN_TEXT), UTC)
    assert result == datetime.fromisoformat("2022-10-11T08:00:00-04:00")
    assert result is not None
    assert result.utcoffset() == timedelta(hours=-4)


def test_a_naive_value_stays_in_the_site_zone_when_the_shown_time_differs() -> None:
    result = published_date("2022-10-11 09:00:00", html.fromstring(ZONE_IN_TEXT), UTC)
    assert result == datetime(2022, 10, 11, 9, tzinfo=UTC)


# gizmodo.jp (postlight's test page, /2019/04/suica-gashapon-bandai.html): article:published_time
# "2019-04-19T20:00:00.000Z", the byline's <time> the same clock in Japan's offset.
LOCAL_AS_UTC = """<html><body><time datetime="2019-04-19T20:00:00+09:00">2019.04.19 20:00</time>
<time datetime="2022-08-09T22:00:00+09:00">2022.08.09 22:00</time></body></html>"""


def test_a_utc_stamp_showing_the_local_clock_takes_the_offset_the_page_names() -> None:
    result = published_date("2019-04-19T20:00:00.000Z", html.fromstring(LOCAL_AS_UTC), UTC)
    assert result == datetime.fromisoformat("2019-04-19T20:00:00+09:00")
    assert result is not None
    assert result.utcoffset() == timedelta(hours=9)


# slate.com (postlight's test page "mercury-www.slate.com"): no date metadata, htmldate reads
# the day; the byline block writes the time. al.com ("mercury-www.al.com"): a label before it.
WRITTEN_TIME = """<html><body><div class="prop-desc">Who's winning</div>
<div class="pub-date">March 9 2017 4:21 PM</div><h1 class="hed">Broken Pledge</h1>
<div class="post-date">Published: Dec. 22, 2016, 6:47 p.m.</div>
<div class="category">Politics 2017</div></body></html>"""


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2017-03-09", datetime(2017, 3, 9, 16, 21, tzinfo=UTC)),
        ("2016-12-22T00:00:00", datetime(2016, 12, 22, 18, 47, tzinfo=UTC)),
        # no element writes a time for that day: the day stays a day
        ("2017-03-10", datetime(2017, 3, 10, tzinfo=UTC)),
    ],
)
def test_a_published_day_gets_the_time_an_element_marked_as_a_date_writes(
    day: str, expected: datetime
) -> None:
    assert published_date(day, html.fromstring(WRITTEN_TIME), UTC) == expected


def test_a_utc_instant_is_not_moved_into_a_zone_guessed_for_a_wide_country() -> None:
    """foxyfolksy.com (trafilatura's evaluation page "traf-foxyfolksy.com.buttercream"): the
    instant in UTC; New York is only the likeliest zone of an en-US page, so its day (the
    27th there) is not what the page's readers are told."""
    page = html.fromstring("<html><body><p>x</p></body></html>")
    result = published_date("2018-01-28T03:38:45+00:00", page, LikelyZone("America/New_York"))
    assert result == datetime(2018, 1, 28, 3, 38, 45, tzinfo=UTC)
    assert result is not None
    assert result.utcoffset() == timedelta(0)


# talent.ch (trafilatura's evaluation page "traf-talent.ch.5031"): the site keeps its clock
# in UTC and shows the UTC day; in Zurich the instant falls on the next day.
UTC_DAY_SHOWN = """<html><body><h1>Title</h1><span class="posted-on"><time
class="entry-date published" datetime="2019-12-26T23:07:45+00:00">26/12/2019</time></span>
</body></html>"""


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        (UTC_DAY_SHOWN, datetime(2019, 12, 26, 23, 7, 45, tzinfo=UTC)),
        # a page that shows the local day gets the instant in its zone, as before
        (
            UTC_DAY_SHOWN.replace(">26/12/2019<", ">27/12/2019<"),
            datetime.fromisoformat("2019-12-27T00:07:45+01:00"),
        ),
        (
            UTC_DAY_SHOWN.replace(">26/12/2019<", "><"),
            datetime.fromisoformat("2019-12-27T00:07:45+01:00"),
        ),
    ],
)
def test_a_utc_value_whose_page_shows_the_utc_day_keeps_that_day(
    page: str, expected: datetime
) -> None:
    found = published_date(
        "2019-12-26T23:07:45+00:00", html.fromstring(page), ZoneInfo("Europe/Zurich")
    )
    assert found == expected
    assert found is not None
    assert found.utcoffset() == expected.utcoffset()


# hankookilbo.com (the corpus's "kr-HankookIlbo_2026_01_29"): the page shows no time; its
# script state keeps the release time, then the re-release's.
HANKOOK = """<html><head><script>window.__state = {"article": {
"modifyDt":"2026.01.29 10:02","deployDt":"2026.01.29 18:40","reDeployDt":"2026.01.29 18:49",
"topInfo":"A"}};</script></head><body><h1>장동혁 국민의힘 대표</h1></body></html>"""


def test_a_day_takes_the_time_the_pages_script_data_gives_for_it() -> None:
    seoul = ZoneInfo("Asia/Seoul")
    root = html.fromstring(HANKOOK)
    assert published_date("2026-01-29", root, seoul) == datetime(2026, 1, 29, 18, 40, tzinfo=seoul)
    # another day's stamps give no time
    assert published_date("2026-01-28", root, seoul) == datetime(2026, 1, 28, tzinfo=seoul)


# lbcgroup.tv (the corpus's "lb-LBCGroup_2026_01_08"): the metadata gives UTC, no <time>
# element, and the byline shows the site's clock.
LBC = """<html><body><h1>Lebanon news</h1><div class="date">
<span id="lblDate">2026-01-08 | 12:42</span></div><p>Text of the article.</p></body></html>"""


def test_a_utc_value_of_a_page_of_unknown_zone_takes_the_offset_its_text_shows() -> None:
    found = published_date("2026-01-08T11:42:50Z", html.fromstring(LBC), UTC)
    assert found == datetime(2026, 1, 8, 11, 42, 50, tzinfo=UTC)  # the same instant
    assert found is not None
    assert found.utcoffset() == timedelta(hours=1)
    # a page whose zone is known keeps it; a clock the text does not show leaves UTC
    berlin = published_date("2026-01-08T11:42:50Z", html.fromstring(LBC), BERLIN)
    assert berlin is not None
    assert berlin.utcoffset() == timedelta(hours=1)
    other = published_date("2026-01-08T11:17:50Z", html.fromstring(LBC), UTC)
    assert other is not None
    assert other.utcoffset() == timedelta(0)


def test_a_time_element_without_datetime_is_read_from_its_text() -> None:
    """recode.net (postlight "mercury-www.recode.net"): the <time> gives its date only as text,
    which the HTML standard makes its value; a published day takes its time and zone."""
    page = html.fromstring(
        '<html><body><div class="c-byline"> by <span class="c-byline__item"><a href="/a">'
        'April Glaser</a></span> <time class="c-byline__item" data-ui="timestamp"> Dec 15, '
        "2016, 1:55pm EST </time></div><time>2 hours ago</time></body></html>"
    )
    found = published_date("2016-12-15", page, UTC)
    assert found == datetime(2016, 12, 15, 18, 55, tzinfo=UTC)
    assert found is not None
    assert found.utcoffset() == timedelta(hours=-5)


# dw.com (the corpus's "de-DW_2024_01_30"): the page shows the day; its Apollo state keeps the
# publication's UTC stamp with milliseconds.
DW = """<html><body><h1>Russland-Wahl</h1><span class="publication-date">30.01.2024</span>
<script>window.__APOLLO_STATE__ = {"localizedContentDate":"30.01.2024",
"firstPublicationDate":"2024-01-30T14:13:12.269Z",
"lastModifiedDate":"2024-01-30T14:13:51.283Z"};</script></body></html>"""

# ottawacitizen.com (the corpus's "ca-OttawaCitizen_2026_05_26"): the page shows "Published
# May 25, 2026"; its script data gives the change first, under the short key "mod".
POSTMEDIA = """<html><body><div class="published-date__since">Published May 25, 2026</div>
<script>var data = {"advertorial": false, "date": {"mod": "2026-05-25T16:40:01+00:00",
"pub": "2026-05-25T16:38:12+00:00", "pub_timestamp": 1779727092}};</script></body></html>"""


def test_a_script_stamp_with_a_fraction_of_a_second_keeps_its_zone() -> None:
    found = published_date("2024-01-30", html.fromstring(DW), BERLIN)
    assert found == datetime(2024, 1, 30, 14, 13, 12, tzinfo=UTC)


def test_a_script_stamp_keyed_mod_is_a_changes() -> None:
    found = published_date("2026-05-25", html.fromstring(POSTMEDIA), UTC)
    assert found == datetime(2026, 5, 25, 16, 38, 12, tzinfo=UTC)


# ntv.com.tr (the corpus's "tr-NTVTR_2024_04_30"): the element marked as the date (its class
# says "update") labels its time as the last update's.
NTV = """<html><body><h1>Süper Lig</h1><div class="news-info-text">
<p class="news-info-text--left"><span>30.04.2024 - 16:48</span></p>
<div class="news-info-text--right"><span class="news-info-update">Son Güncelleme :
30.04.2024 - 16:49</span></div></div></body></html>"""


def test_a_time_labelled_as_an_updates_does_not_complete_a_published_day() -> None:
    istanbul = ZoneInfo("Europe/Istanbul")
    found = published_date("2024-04-30", html.fromstring(NTV), istanbul)
    # the unmarked element's time, written right after the day (the label's 16:48)
    assert found == datetime(2024, 4, 30, 16, 48, tzinfo=istanbul)
    published_only = NTV.replace("30.04.2024 - 16:48", "")
    found = published_date("2024-04-30", html.fromstring(published_only), istanbul)
    assert found == datetime(2024, 4, 30, tzinfo=istanbul)
    # the same element without the label gives its time
    unlabelled = NTV.replace("Son Güncelleme :", "")
    found = published_date("2024-04-30", html.fromstring(unlabelled), istanbul)
    assert found == datetime(2024, 4, 30, 16, 49, tzinfo=istanbul)


# aa.com.tr (the corpus's "tr-AnadoluAjansi_2026_04_20"): the Next.js flight data writes the
# page's head first (a meta's "content" with the last change's time), its article data later.
ANADOLU = r"""<html><body><h1>Vekalet yoluyla kurban kesim bedelleri belirlendi</h1>
<script>self.__next_f.push([1,"[\"$\",\"meta\",\"33\",{\"property\":\"article:published_time\",
\"content\":\"2026-04-20T14:15:30.813\"}]"])</script>
<script>self.__next_f.push([1,"{\"image\":[],\"datePublished\":\"2026-04-20T14:09:42.493\",
\"dateModified\":\"2026-04-20T14:15:30.453\"}"])</script></body></html>"""


def test_a_script_stamp_keyed_as_the_publications_wins_over_an_earlier_one() -> None:
    istanbul = ZoneInfo("Europe/Istanbul")
    found = published_date("2026-04-20", html.fromstring(ANADOLU), istanbul)
    assert found == datetime(2026, 4, 20, 14, 9, 42, tzinfo=istanbul)
    # without a key naming the publication, the first stamp of the day
    unkeyed = ANADOLU.replace("datePublished", "dateOfRecord")
    found = published_date("2026-04-20", html.fromstring(unkeyed), istanbul)
    assert found == datetime(2026, 4, 20, 14, 15, 30, tzinfo=istanbul)


# investmentexecutive.com (the corpus's "mercury-www.investmentexecutive.com"): the day and the
# time in two list items of the byline, the time in an element marked as nothing; below it,
# teasers of other articles of the same day with their own times.
INVESTMENT_EXECUTIVE = """<html><body><h1>IMF dims outlook for 2023 global economy</h1>
<ul class="pub-details"><li class="pub-details__item">By: <a href="/writer/pw/"><span>Paul
Wiseman</span></a></li><li class="pub-details__item"><span class="published">October 11,
2022</span> <span class="updated">October 11, 2022</span></li><li class="pub-details__item">15:11
</li></ul><p>Text.</p>
<div class="teaser">By: James Langton October 11, 2022 October 11, 2022 16:45</div></body></html>"""


def test_a_published_day_takes_the_time_its_text_writes_right_after_that_day() -> None:
    toronto = ZoneInfo("America/Toronto")
    found = published_date("2022-10-11", html.fromstring(INVESTMENT_EXECUTIVE), toronto)
    assert found == datetime(2022, 10, 11, 15, 11, tzinfo=toronto)
    # a time after another day, or after an update's label, is not the day's
    other_day = INVESTMENT_EXECUTIVE.replace("15:11", "")
    found = published_date("2022-10-12", html.fromstring(other_day), toronto)
    assert found == datetime(2022, 10, 12, tzinfo=toronto)
    labelled = INVESTMENT_EXECUTIVE.replace(">15:11", ">Updated 15:11").replace("16:45", "")
    found = published_date("2022-10-11", html.fromstring(labelled), toronto)
    assert found == datetime(2022, 10, 11, tzinfo=toronto)


def test_a_zone_written_after_a_text_time_is_not_taken() -> None:
    page = "<html><body><p>Published Dec 6, 2016, 4:08pm EST</p></body></html>"
    found = published_date("2016-12-06", html.fromstring(page), UTC)
    assert found == datetime(2016, 12, 6, 16, 8, tzinfo=UTC)


# sport24.lefigaro.fr (data/more, snack-lefigarosport, tuning side): the metadata gives the day
# alone ("2014/06/18"), the byline its French clock after the marked day.
LE_FIGARO_SPORT = """<html><body><aside><p>Par La rédaction</p><p>
Mis à jour le <span itemprop="dateModified">18/06/2014</span> à 17h03 –
Publié le <span itemprop="datePublished">18/06/2014</span> à 17h02</p></aside>
<p>Cristiano Ronaldo a quitté l'entraînement.</p></body></html>"""


def test_a_published_day_takes_a_clock_written_17h02() -> None:
    found = published_date("2014/06/18", html.fromstring(LE_FIGARO_SPORT), ZoneInfo("Europe/Paris"))
    assert found == datetime(2014, 6, 18, 17, 2, tzinfo=ZoneInfo("Europe/Paris"))

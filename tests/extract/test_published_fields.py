"""agreed_published: of a page's published-date fields that disagree, the one it shows."""

from __future__ import annotations

from datetime import UTC
from zoneinfo import ZoneInfo

import pytest
from parsel import Selector

from newscrawl.extract.metadata import json_ld
from newscrawl.extract.published_fields import agreed_published, shown_clocks

# investmentexecutive.com (postlight's "mercury-www.investmentexecutive.com"): the OpenGraph
# field writes the UTC clock with the local offset; the itemprop and the byline agree.
INVESTMENT_EXECUTIVE = """<html><head>
<meta value="2022-10-11T19:11:05-04:00" name="article:published_time">
</head><body><ul class="pub-details"><li class="pub-details__item">
<span class="published">October 11, 2022</span>
<span class="updated">October 11, 2022</span></li><li class="pub-details__item">15:11</li></ul>
<div class="hidden"><meta itemprop="datePublished" value="2022-10-11T15:11:05-04:00"></div>
</body></html>"""

# utopia.de (trafilatura's "traf-utopia.de-werbung"): the JSON-LD keeps the first draft's
# date, the OpenGraph field and the byline the publication.
UTOPIA = """<html><head>
<script type="application/ld+json">{"@type": "NewsArticle",
 "datePublished": "2023-11-03T10:25:56+00:00", "dateModified": "2023-11-06T14:26:51+00:00"}
</script>
<meta property="article:published_time" content="2023-11-06T14:25:00+00:00" />
</head><body><h1>BH-Werbung</h1>
<time class="updated" datetime="2023-11-06T15:25:00+01:00">6. November 2023, 15:25 Uhr</time>
</body></html>"""

# nbcnews.com (the Mozilla test page "moz-schema-org-context-object"): both times shown, the
# second labelled as the update's; the JSON-LD's is the publication.
NBC = """<html><head>
<script type="application/ld+json">{"@type": "NewsArticle",
 "datePublished": "2024-12-06T22:00:40.000Z"}</script>
<meta property="article:published_time" content="2024-12-07T12:43:39.889Z" />
</head><body><time datetime="2024-12-07T12:43:39.889Z">Dec. 6, 2024, 10:00 PM UTC
<span> / </span>Updated Dec. 7, 2024, 12:43 PM UTC</time></body></html>"""


@pytest.mark.parametrize(
    ("page", "zone", "expected"),
    [
        (INVESTMENT_EXECUTIVE, ZoneInfo("America/New_York"), "2022-10-11T15:11:05-04:00"),
        (UTOPIA, ZoneInfo("Europe/Berlin"), "2023-11-06T14:25:00+00:00"),
        (NBC, UTC, "2024-12-06T22:00:40.000Z"),
    ],
)
def test_of_disagreeing_fields_the_one_the_page_shows_wins(
    page: str, zone: ZoneInfo, expected: str
) -> None:
    sel = Selector(text=page)
    assert agreed_published(sel, json_ld(sel), zone) == expected


def test_fields_that_agree_keep_the_usual_order() -> None:
    # kxan.com ("traf-kxan.com-voters"): the naive sailthru.date is the same instant's local
    # clock; nothing is shown, and the JSON-LD value stays.
    page = """<html><head><script type="application/ld+json">{"@type": "NewsArticle",
    "datePublished": "2023-11-08T22:43:30+00:00"}</script>
    <meta name="sailthru.date" content="2023-11-08 16:43:30" /></head><body></body></html>"""
    sel = Selector(text=page)
    assert agreed_published(sel, json_ld(sel), UTC) == "2023-11-08T22:43:30+00:00"


def test_disagreeing_fields_none_shown_keep_the_usual_order() -> None:
    sel = Selector(text=UTOPIA.replace("15:25 Uhr", ""))
    assert agreed_published(sel, json_ld(sel), UTC) == "2023-11-03T10:25:56+00:00"


def test_shown_clocks_reads_day_and_time_and_skips_updates() -> None:
    text = "March 9 2017 4:21 PM · Aktualisiert: 11.04.2020, 10:27 · 12:30 am"
    assert shown_clocks(text) == {(9, 16, 21)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # ntv.com.tr (fundus "tr-NTVTR_2024_04_30"): "Son Güncelleme", the last update
        ("30.04.2024 - 16:48 Son Güncelleme : 30.04.2024 - 16:49", {(30, 16, 48), (4, 16, 48)}),
        # rp.pl (fundus "pl-Rzeczpospolita_2026_04_19"): "Aktualizacja", the update
        ("Aktualizacja: 19.04.2026 19:45 Publikacja: 19.04.2026 19:05", {(19, 19, 5), (4, 19, 5)}),
    ],
)
def test_shown_clocks_skips_updates_in_more_languages(
    text: str, expected: set[tuple[int, int, int]]
) -> None:
    """Every number of two digits before a time is a day it may be (the month's too)."""
    assert shown_clocks(text) == expected


# cio.com (data/more, snack-canonical, tuning side): DC.date.issued writes the clock with
# another offset than the itemprop; the byline tells readers the zone ("PT": -07:00 in June).
CIO = """<html><head>
<meta name="DC.date.issued" content="2015-06-26T09:52-05:00" />
<meta name="parsely-pub-date" content="2015-06-26T16:52:00Z" />
</head><body><h1>Internet of things is overhyped</h1><p class="byline">Techworld.com
<span class="divider">|</span> <span itemprop="datePublished" content="2015-06-26T09:52-0700">Jun
26, 2015 9:52 AM PT</span></p></body></html>"""


def test_the_field_of_the_instant_the_page_shows_with_its_zone_wins() -> None:
    sel = Selector(text=CIO)
    found = agreed_published(sel, json_ld(sel), UTC)
    assert found in ("2015-06-26T16:52:00Z", "2015-06-26T09:52-0700")

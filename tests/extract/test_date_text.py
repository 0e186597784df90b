"""Dates as pages write them for readers: day first when dotted, month names of the corpus's
languages, offsets from GMT/UTC with their own sign (written_as over extract/date_text.py)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from newscrawl.extract.date_text import ascii_digits, english_date, numeric_offsets
from newscrawl.extract.dates import written_as


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # uusisuomi.fi ("traf-uusisuomi.fi.angela"): dotted, day first (not 2 September)
        ("19.2.2020 16:20", "2020-02-19T16:20:00"),
        # tierwelt.ch ("traf-tierwelt.ch-plez"): a German weekday and month
        ("Dienstag, 01. Februar 2022 12:10", "2022-02-01T12:10:00"),
        # resonator-podcast.de ("traf-resonator-podcast.de.res158")
        ("24. August 2019 um 03:36 Uhr", "2019-08-24T03:36:00"),
        # golem.de (fundus "de-Golem_2024_04_28")
        ("28. April 2024, 14:26 Uhr", "2024-04-28T14:26:00"),
        ("07.12.2026 um 14:05 Uhr", "2026-12-07T14:05:00"),
        ("7 de diciembre de 2026, 14h05", "2026-12-07T14:05:00"),
        # football.ua ("traf-football.ua.podolski"): a Russian month in the genitive
        ("15 августа 2016, 13:43", "2016-08-15T13:43:00"),
        ("7 грудня 2026, 14:05", "2026-12-07T14:05:00"),
        ("7 ARALIK 2026 14:05", "2026-12-07T14:05:00"),  # Turkish, a dotless i in capitals
        ("7. prosince 2026 14:05", "2026-12-07T14:05:00"),
        ("le 7 décembre 2026 à 14h05", "2026-12-07T14:05:00"),
        # 90min.de ("traf-90min.de-bundesliga-tabelle"): dateutil alone read "GMT+1" as -01:00
        ("Nov 7, 2023, 8:54 AM GMT+1", "2023-11-07T08:54:00+01:00"),
        ("7 December 2026, 14:05 GMT+2", "2026-12-07T14:05:00+02:00"),
        ("2026-12-07 14:05 UTC+8", "2026-12-07T14:05:00+08:00"),
        ("2026-12-07 14:05 UTC-05:30", "2026-12-07T14:05:00-05:30"),
        ("07.12.2026, 14:05 MEZ", "2026-12-07T14:05:00+01:00"),
        # feeds' RFC 822 dates are as before
        ("Tue, 07 Dec 2026 14:05:00 GMT", "2026-12-07T14:05:00+00:00"),
        # clocks written with a dot where no date can be: after a year, "klo", before "Uhr"
        ("22.11.2024 07.57", "2024-11-22T07:57:00"),  # orf.at (fundus "at-ORF_2024_11_22")
        ("Online seit heute, 7.57 Uhr", None),  # the same page's words: no day
        # automobilwoche.de ("traf-automobilwoche.de-vw-betriebsversammlung")
        ("Mittwoch, 03. November 2021, 16.45 Uhr", "2021-11-03T16:45:00"),
        ("06.11.2023, 11.41 Uhr", "2023-11-06T11:41:00"),  # nnz-online.de
        ("19.2.2020 klo 14.00", "2020-02-19T14:00:00"),  # yle.fi ("traf-yle.fi.3-11212601")
        ("14.09.2022 um 21.11", "2022-09-14T21:11:00"),  # a comment on thisisjanewayne.com
        ("June 30, 2026 - 4.34pm", "2026-06-30T16:34:00"),  # 9news.com.au (fundus)
        ("12.09.2022", "2022-09-12T00:00:00"),  # a dotted pair alone is a day and month
        # year-first dates with their time in Japanese, Korean and Chinese, and after a bar
        ("2019年04月28日 08時00分", "2019-04-28T08:00:00"),  # mercury-japan.zdnet.com
        ("2019年3月5日（火） 08時15分", "2019-03-05T08:15:00"),  # mercury-scan.netsecurity.ne.jp
        ("2019年3月2日 午後3時15分", "2019-03-02T15:15:00"),
        ("2019年3月2日 午前12時05分", "2019-03-02T00:05:00"),
        ("2024년 4월 30일 (화) 오후 4:48", "2024-04-30T16:48:00"),
        ("2024년 4월 30일 오전 9시 5분", "2024-04-30T09:05:00"),
        ("2024-04-30 下午3:15", "2024-04-30T15:15:00"),
        ("2026-01-08 | 12:42", "2026-01-08T12:42:00"),  # lbcgroup.tv (fundus "lb-LBCGroup")
    ],
)
def test_written_as_reads_dates_as_pages_write_them(text: str, expected: str | None) -> None:
    found = written_as(text)
    if expected is None:
        assert found is None
        return
    assert found == datetime.fromisoformat(expected)
    assert found is not None
    assert found.utcoffset() == datetime.fromisoformat(expected).utcoffset()


def test_an_offset_from_utc_is_east_when_positive() -> None:
    """euronews.com (fundus "fr-EuronewsFR_2026_01_06"): "06/01/2026 - 14:16 UTC+1"."""
    found = written_as("06/01/2026 - 14:16 UTC+1")
    assert found is not None
    assert found.utcoffset() == timedelta(hours=1)


def test_english_date_and_numeric_offsets() -> None:
    assert english_date("Mittwoch, 01. November 2023") == "01 November 2023"
    assert english_date("07.12.2026 um 14:05 Uhr") == "2026-12-07 14:05"
    assert numeric_offsets("14:05 GMT+2") == "14:05 +0200"
    assert numeric_offsets("14:05 UTC-05:30") == "14:05 -0530"
    assert numeric_offsets("14:05 GMT") == "14:05 GMT"


def test_an_offset_of_one_digit_hours_after_a_clock() -> None:
    # businesstoday.in (data/more, ms-business-today, tuning side): itemprop="datePublished"
    # content="2016-05-14T16:34+5.30" lost its time and offset.
    assert written_as("2016-05-14T16:34+5.30") == datetime.fromisoformat("2016-05-14T16:34+05:30")
    assert written_as("2016-05-14T16:34:00-5:00") == datetime.fromisoformat(
        "2016-05-14T16:34-05:00"
    )
    assert numeric_offsets("2016-5-30") == "2016-5-30"  # no clock: a date's dashes stay


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # politico.eu (fundus "be-PoliticoEu_2025_10_23"): "CET" printed in October is
        # Brussels's wall clock, summer time then (its metadata: 15:50Z)
        ("October 23, 2025 5:50 pm CET", "2025-10-23T15:50:00+00:00"),
        # recode.net (postlight "mercury-www.recode.net"): EST in December is EST
        ("Dec 15, 2016, 1:55pm EST", "2016-12-15T18:55:00+00:00"),
        ("July 1, 2020 1:55 pm EST", "2020-07-01T17:55:00+00:00"),
        ("Jan 10, 2020 10:00 AM ET", "2020-01-10T15:00:00+00:00"),
        ("Jul 10, 2020 10:00 AM PT", "2020-07-10T17:00:00+00:00"),
        # a summer time's own name is explicit; Arizona's MST has no summer
        ("Jan 10, 2020 10:00 AM EDT", "2020-01-10T14:00:00+00:00"),
        ("Jul 10, 2020 10:00 AM MST", "2020-07-10T17:00:00+00:00"),
    ],
)
def test_a_printed_zone_of_a_region_with_summer_time_is_its_wall_clock(
    text: str, expected: str
) -> None:
    assert written_as(text) == datetime.fromisoformat(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # bbc.com/burmese (newspaper4k "n4k-burmese-article"): Burmese digits in the text
        ("အောက်တိုဘာလ ၂၆ ရက်", "အောက်တိုဘာလ 26 ရက်"),
        ("٢٠٢٠-٠٣-١٥", "2020-03-15"),  # Arabic-Indic
        ("۱۴۰۲/۰۸/۱۵", "1402/08/15"),  # Persian
        ("２０１９年３月２日", "2019年3月2日"),  # full width
        ("2026-12-07", "2026-12-07"),
    ],
)
def test_ascii_digits(text: str, expected: str) -> None:
    assert ascii_digits(text) == expected


def test_a_date_in_the_digits_of_another_script_keeps_its_time_and_offset() -> None:
    """ISO 8601 in Arabic-Indic digits: the parser read only its day before."""
    found = written_as("٢٠٢٠-٠٣-١٥T١٠:٣٠:٠٠+03:00")
    assert found == datetime.fromisoformat("2020-03-15T10:30:00+03:00")
    assert written_as("２０１９年３月２日 ０９:１８") == datetime(2019, 3, 2, 9, 18)

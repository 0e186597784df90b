"""labelled_date: the date a page labels as its publication's in words its readers see."""

from __future__ import annotations

import pytest
from lxml import html

from newscrawl.extract.labelled_dates import labelled_date


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        # bfs.de (trafilatura's evaluation page "traf-bfs.de-radon"): no date metadata
        (
            "<h2>Radon im Boden: Neue Karte gibt Orientierung</h2><p>Ausgabejahr 2022</p>"
            "<p>Datum 25.01.2022</p><p>Prognose: Radonkonzentration</p>",
            "2022-01-25",
        ),
        # zoll.de ("traf-zoll.de-tabaksteuer"): another date in the text comes after
        (
            "<p>Datum: 18.10.2021</p><p>Im Bundesgesetzblatt vom 17. August 2021 (Teil I)</p>",
            "2021-10-18",
        ),
        # literaturkritik.de ("traf-literaturkritik.de-ann-cotten"): the change is not the
        # publication
        (
            "<p>Letzte Änderung: 31.10.2023 - 14:49:39</p><p>Erschienen am: 01.11.2023</p>",
            "2023-11-01",
        ),
        # a time written after the day is kept
        ("<p>Veröffentlicht am 07.12.2026 um 14:05 Uhr</p>", "2026-12-07T14:05:00"),
        ("<p>发布时间：2026-12-07 14:05</p>", "2026-12-07T14:05:00"),
        ("<p>Published: 2026/12/07</p>", "2026-12-07"),
        # no label, a label inside a word, an impossible day, a label in a script: nothing
        ("<p>Stand: 25.01.2022</p>", None),
        ("<p>Update 25.01.2022</p>", None),
        ("<p>Datum 31.02.2022</p>", None),
        ('<script>var s = "Datum 25.01.2022";</script><p>Text</p>', None),
    ],
)
def test_labelled_date_reads_the_date_a_label_names(page: str, expected: str | None) -> None:
    assert labelled_date(html.fromstring(f"<html><body>{page}</body></html>")) == expected

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
        # tagesanzeiger.ch ("traf-tagesanzeiger.ch.umweltzerstoerung"): Swiss German
        (
            "<time>Publiziert: 03.04.2020, 12:35</time><p>Aktualisiert: 11.04.2020, 10:27</p>",
            "2020-04-03T12:35:00",
        ),
        # eurosport.de ("traf-eurosport.de-corona"): a slashed day that reads the same either way
        ("<div>Publiziert 02/02/2022 um 09:23 GMT</div>", "2022-02-02T09:23:00+00:00"),
        ("<div>Publiziert 02/03/2022 um 09:23 GMT</div>", None),  # 2 March or 3 February
        # no label, a label inside a word, an impossible day, a label in a script: nothing
        ("<p>Stand: 25.01.2022</p>", None),
        ("<p>Update 25.01.2022</p>", None),
        ("<p>Datum 31.02.2022</p>", None),
        ('<script>var s = "Datum 25.01.2022";</script><p>Text</p>', None),
    ],
)
def test_labelled_date_reads_the_date_a_label_names(page: str, expected: str | None) -> None:
    assert labelled_date(html.fromstring(f"<html><body>{page}</body></html>")) == expected


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        # al.com (postlight "mercury-www.al.com"): the byline's words after the date are none
        (
            "<p>Published: Dec. 22, 2016, 6:47 p.m.</p><p>By Mike Cason | mcason@al.com</p>",
            "2016-12-22T18:47:00",
        ),
        # lemonde.fr (postlight "mercury-www.lemonde.fr"): the update after it is not read
        (
            "<p>Publié le 07 mai 2019 à 13h59 - Mis à jour le 08 mai 2019 à 06h35</p>",
            "2019-05-07T13:59:00",
        ),
        # foxnews.com (fundus "us-FoxNews_2023_04_28"): the zone it prints is kept
        ("<p>Published April 26, 2023 2:20pm EDT</p><p>House China", "2023-04-26T14:20:00-04:00"),
        # rp.pl (fundus "pl-Rzeczpospolita_2026_04_19"): the update comes first
        (
            "<p>Aktualizacja: 19.04.2026 19:45 Publikacja: 19.04.2026 19:05 Donald Trump</p>",
            "2026-04-19T19:05:00",
        ),
        # erfolg-magazin.de ("traf-erfolg-magazin.de.konfliktkultur"): a day written twice
        # holds no time of day
        (
            "<p>Veröffentlicht am 19. Dezember 2022 19. Dezember 2022 von Redaktion</p>",
            "2022-12-19",
        ),
        # euronews.com (fundus "fr-EuronewsFR_2026_01_06"): day or month first, the words
        # do not say
        ("<p>Publié le 06/01/2026 - 14:16 UTC+1 Partager</p>", None),
        # ultimahora.com ("traf-ultimahora.com-apelacion"): a label's words in running text
        ("<p>por Oficio N° 25, de fecha 18 de marzo de 2022, ha solicitado</p>", None),
        # kinzig.news ("traf-kinzig.news-nachhaltigkeit"): a label at the start of a word
        ("<p>Datenschutz 2023-11-01 08:01:42</p>", None),
    ],
)
def test_labelled_date_reads_a_date_written_in_words(page: str, expected: str | None) -> None:
    assert labelled_date(html.fromstring(f"<html><body>{page}</body></html>")) == expected

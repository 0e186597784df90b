"""Authors a page credits, on real pages: GeneralNewsExtractor's (see tests/site/README.md) and
fundus's (see benchmarks/data/README.md)."""

from __future__ import annotations

import gzip

import pytest
from helpers import ROOT

from newscrawl import sources
from newscrawl.extract.article import extract_article
from newscrawl.extract.charset import decode_html
from newscrawl.extract.metadata import dateline_authors, split_names

GNE = ROOT / "tests" / "site" / "pages"


def test_a_columnists_role_before_the_name_in_a_chinese_credit() -> None:
    """guancha.cn names no author in its metadata; its first line is "【文/观察者网专栏作者 王文】"
    (text by guancha's columnist 王文), GNE's expected author."""
    html = decode_html(gzip.decompress((GNE / "gne-guancha.html.gz").read_bytes()))
    url = "https://gne-guancha.invalid/"
    assert extract_article(html, url, sources.generic(url)).authors == ["王文"]


def test_a_chinese_credit_line_under_the_headline() -> None:
    """thepaper.cn shows "石佳/中国青年报" (reporter/outlet) right under its <h1>, and names no
    author anywhere else; GNE's expected author is 石佳."""
    html = decode_html(gzip.decompress((GNE / "gne-thepaper-1.html.gz").read_bytes()))
    url = "https://gne-thepaper-1.invalid/"
    assert extract_article(html, url, sources.generic(url)).authors == ["石佳"]


def test_a_labelled_author_field() -> None:
    """dw.com credits its organization in JSON-LD and its reporter in a side box:
    "<strong>Autorin/Autor</strong> Roman Goncharenko" (fundus's expected author)."""
    path = ROOT / "benchmarks" / "data" / "corpus" / "fundus" / "de-DW_2023_04_28.html.gz"
    html = decode_html(gzip.decompress(path.read_bytes()))
    url = "https://www.dw.com/de/ukrainische-gegenoffensive-ziele-chancen-risiken/a-65464327"
    assert extract_article(html, url, sources.generic(url)).authors == ["Roman Goncharenko"]


@pytest.mark.parametrize(
    ("first_line", "expected"),
    [
        ("【文/观察者网专栏作者 王文】", ["王文"]),
        ("文/图 张三 摄影", ["张三"]),  # text and photos by
        ("本文/作者不详", []),  # "this article": no credit
    ],
)
def test_chinese_text_credits(first_line: str, expected: list[str]) -> None:
    assert dateline_authors(first_line) == expected


@pytest.mark.parametrize(
    ("credit", "names"),
    [
        ("Lucas Nolan22 Dec 2016651", ["Lucas Nolan"]),  # the byline's date glued on
        ("ZDNet Japan Staff 2019年04月28日 08時00分", ["ZDNet Japan Staff"]),
        ("Author: Bo2man am 29.12.2010", ["Bo2man"]),
        ("BR24 Redaktion", ["BR24 Redaktion"]),  # digits of a name are no date
        ("Howard Blume Staff Writer", ["Howard Blume"]),  # a role after the name
        ("Sara Zinnecker Stand 12.01.2022", ["Sara Zinnecker"]),
        (
            "Martin Untersinger (avec Damien Leloup, Morgane Tual)",
            ["Martin Untersinger", "Damien Leloup", "Morgane Tual"],
        ),
        ("Richard (R.J.) Eskow", ["Richard (R.J.) Eskow"]),  # a nickname stays
        ("Williams Perdomo @wperdomod", ["Williams Perdomo"]),  # a handle goes
        ("Brenda Goodman, MA", ["Brenda Goodman"]),  # a degree goes
        ("'Luana Patriolino, Raphael Felice'", ["Luana Patriolino", "Raphael Felice"]),
        ("Patrick Czerny -", ["Patrick Czerny"]),
        ("Zeige alle Beiträge von Simon Dückert →", []),  # a link to the author's page
        ("Published by", []),
    ],
)
def test_a_credit_is_split_into_names(credit: str, names: list[str]) -> None:
    assert split_names(credit) == names


def test_a_json_ld_author_given_by_reference_is_looked_up() -> None:
    """Yoast's graphs credit {"@id": ...}; the Person node with the name is elsewhere."""
    page = """<html><head><script type="application/ld+json">{"@graph": [
    {"@type": "Article", "author": {"@id": "https://x.example/#/person/1"}},
    {"@type": "Person", "@id": "https://x.example/#/person/1", "name": "Giovanni Gaggero"}
    ]}</script></head><body><p>Text.</p></body></html>"""
    url = "https://x.example/a"
    article = extract_article(page, url, sources.generic(url))
    assert article.authors == ["Giovanni Gaggero"]


def test_the_json_ld_editor_gives_way_to_the_byline() -> None:
    """id-MediaIndonesia_2026_01_20: the JSON-LD credits the editor the page shows as such
    under the text; the byline under the headline names the reporter (fundus's author)."""
    ld = '{"@type": "NewsArticle", "author": {"@type": "Person", "name": "Heryadi"}}'
    page = (
        f'<html><head><script type="application/ld+json">{ld}</script></head><body>'
        "<h1>Dari Petani hingga Pendidik Bangsa</h1>"
        '<div class="info"><div class="author-2">Naufal Zuhdi</div>'
        '<span class="datetime"> 20/1/2026 18:30</span></div><p>Text.</p>'
        '<div class="info-author"> Editor : <a title="Heryadi" class="author"'
        ' href="https://mediaindonesia.com/author/112/heryadi">Heryadi</a></div></body></html>'
    )
    url = "https://mediaindonesia.com/ekonomi/851796/a"
    assert extract_article(page, url, sources.generic(url)).authors == ["Naufal Zuhdi"]
    shown = page.replace("Editor : ", "")  # the same person shown as the author
    assert extract_article(shown, url, sources.generic(url)).authors == ["Heryadi"]


@pytest.mark.parametrize(
    ("label", "names"),
    [("Escrito por", ["Juliet Jimenez"]), ("Tiempo de lectura", [])],
)
def test_the_writer_a_twitter_card_field_names(label: str, names: list[str]) -> None:
    """traf-minuto30-lasierra (benchmarks/data/extra, trafilatura's set): Yoast writes the
    writer as a card's labelled field; a page that names nobody else is credited to them, a
    field of another label ("Tiempo de lectura": reading time) credits nobody."""
    page = (
        f'<html><head><meta name="twitter:label1" content="{label}" />'
        '<meta name="twitter:data1" content="Juliet Jimenez" /></head>'
        "<body><h1>Policía dice que todo tranqui en La Sierra</h1><p>Text.</p></body></html>"
    )
    url = "https://www.minuto30.com/la-sierra/"
    assert extract_article(page, url, sources.generic(url)).authors == names


@pytest.mark.parametrize(
    ("tagged", "names"),
    [
        ("Sadhbh O'Sullivan,Elisabeth Kochan", ["Sadhbh O'Sullivan", "Elisabeth Kochan"]),
        # a tag that does not go on from the JSON-LD's person is no list of its co-authors
        ("Elisabeth Kochan,Sadhbh O'Sullivan", ["Sadhbh O'Sullivan"]),
    ],
)
def test_co_authors_an_author_tag_lists_after_the_json_ld_person(
    tagged: str, names: list[str]
) -> None:
    """traf-refinery29.com.single (benchmarks/data/extra, trafilatura's set): the JSON-LD
    credits one person, the author <meta> the byline's two, the JSON-LD's first."""
    ld = '{"@type": "NewsArticle", "author": {"@type": "Person", "name": "Sadhbh O\'Sullivan"}}'
    page = (
        f'<html><head><meta property="author" content="{tagged}"/>'
        f'<script type="application/ld+json">{ld}</script></head>'
        "<body><h1>Single an Weihnachten</h1><p>Text.</p></body></html>"
    )
    url = "https://www.refinery29.com/de-de/single-weihnachten-fragen"
    assert extract_article(page, url, sources.generic(url)).authors == names

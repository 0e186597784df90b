"""metadata.title's rules for choosing and cleaning a headline, each on a real page that needs it.

The pages are copies already in the repository, with their origins cited next to them: the
fundus and Readability corpus pages in `benchmarks/data/corpus/` and the Zyte benchmark pages in
`benchmarks/data/zyte/html/` (see `benchmarks/data/README.md`), and GeneralNewsExtractor's
Chinese pages in `tests/site/pages/` (see `tests/site/README.md`; the expected titles are GNE's
own, from its `result.txt`).
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from helpers import ROOT
from parsel import Selector

from newscrawl.extract import metadata
from newscrawl.extract.body import parse
from newscrawl.extract.charset import decode_html

CORPUS = ROOT / "benchmarks" / "data" / "corpus"
ZYTE = ROOT / "benchmarks" / "data" / "zyte" / "html"
GNE = ROOT / "tests" / "site" / "pages"


def _title(path: Path, url: str) -> str | None:
    root = parse(decode_html(gzip.decompress(path.read_bytes())))
    sel = Selector(root=root, type="html")
    return metadata.title(sel, metadata.json_ld(sel), url)


def _corpus(page_id: str) -> tuple[Path, str, str]:
    """A corpus page, its URL and its expected title."""
    folder = "zh" if page_id.startswith("moz-") else "fundus"
    meta = json.loads((CORPUS / folder / f"{page_id}.json").read_text(encoding="utf-8"))
    url = meta["url"] or f"https://{page_id}.invalid/"
    return CORPUS / folder / f"{page_id}.html.gz", url, meta["expected"]["title"]


@pytest.mark.parametrize(
    "page_id",
    [
        # <meta name="headline"> is a candidate; "-정치ㅣ한국일보": an unspaced "-" before Korean
        # and the bar-like "ㅣ" are separators, the part before is that headline
        "kr-HankookIlbo_2026_01_29",
        # og:title is the JSON-LD headline plus "-정치ㅣ한국일보"
        "kr-HankookIlbo_2026_07_12",
        # og:title has ASCII apostrophes, the JSON-LD headline and the <h1> typographic ones
        "us-RollingStone_2024_08_27",
        # og:title and <meta name="headline"> (one voice: the <meta> tags) have ASCII quotes,
        # the JSON-LD headline and the <h1> typographic ones
        "mx-MexicoNewsDaily_2025_04_16",
        # "... (2) @ 史蒂文的家_藍天 :: 痞客邦 PIXNET ::": the "_" inside the blog's name does not
        # hide that name (og:site_name) from the cut
        "moz-pixnet",
        # the JSON-LD headline, the <h1> and the <title> "SVP-Sonderparteitag zur Migration:
        # Chiesa ruft ...", og:title "Chiesa ruft ..." alone: the site's share title shows
        # which part is the kicker
        "ch-TagesAnzeiger_2024_09_04",
    ],
)
def test_corpus_page_title(page_id: str) -> None:
    path, url, expected = _corpus(page_id)
    assert _title(path, url) == expected


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        # og:title is cut by an unescaped quote (content="...龙湖集团"暗伤"曝露？"); the <h1> it
        # begins is the whole headline
        ("gne-163-1", '多地项目连环爆雷 狂奔的龙湖集团"暗伤"曝露？'),
        # only <title> ("..._网易订阅", "...-新华网"); the description is the part before the
        # separator (163) or starts with it on its own line (xinhuanet), which confirms the cut
        ("gne-163-9", "5月20日至31日，京沪高速无锡至江阴大桥至广陵枢纽段封闭！"),
        ("gne-xinhuanet-1", "法国全国大罢工再次严重影响交通"),
    ],
    ids=["gne-163-1", "gne-163-9", "gne-xinhuanet-1"],
)
def test_chinese_page_title(page: str, expected: str) -> None:
    assert _title(GNE / f"{page}.html.gz", f"https://{page}.invalid/") == expected


def test_an_h1_sharing_no_word_with_the_title_is_not_the_headline() -> None:
    """entermedia.co.kr's only <h1> is its logo text ("엔터 미디어"); <title> is "Headline -
    Entermedia", and "Entermedia" is the registered domain's name, so it is cut."""
    url = "http://entermedia.co.kr/news/news_view.html?idx=8576&page=1&bc=03&mc=08"
    path = ZYTE / "0ec95c7261d122f304728e90c983450ef1ce1e0b423546835c397d50aaf0d0f2.html.gz"
    assert _title(path, url) == "엘제이-류화영 진흙탕 싸움, 공적인 사안으로 봐야하는 이유"


def test_the_domain_name_inside_a_part_is_not_the_site() -> None:
    """blog.comwrap.com's "Take C.A.R.E. - comwrap auf der DMEXCO 2018": the domain's name
    cuts only a part that is that name exactly."""
    url = "https://blog.comwrap.com/comwrap-auf-der-dmexco-2018"
    path = ZYTE / "ba07d1e64775f4090e39116c382111f5a2cfe9528dd179673f4e9bfcea370c15.html.gz"
    assert _title(path, url) == "Take C.A.R.E. - comwrap auf der DMEXCO 2018"


@pytest.mark.parametrize(
    "headline",
    [
        "COVID-19 cases fall",  # a hyphen between Latin letters or digits is not a separator
        "Trump postet schon wieder Jesus-KI-Foto",
        "K-팝 스타 컴백",  # before Korean, but nothing confirms a cut: kept whole
    ],
)
def test_unconfirmed_hyphens_stay(headline: str) -> None:
    assert metadata.strip_site_name(headline, [], {"example"}) == headline


def test_every_candidate_loses_the_site_name() -> None:
    """hankookilbo.com: og:title, twitter:title and <title> end in "-정치ㅣ한국일보" (section and
    site); the JSON-LD and <meta> headlines do not; every candidate comes out the same."""
    path, url, expected = _corpus("kr-HankookIlbo_2026_07_12")
    root = parse(decode_html(gzip.decompress(path.read_bytes())))
    sel = Selector(root=root, type="html")
    found = metadata.title_candidates(sel, metadata.json_ld(sel), url)
    assert [origin for origin, _ in found] == [
        "og:title",
        "JSON-LD headline",
        "meta headline",
        "twitter:title",
        "title",
    ]
    assert {text for _, text in found} == {expected}


EXTRA = ROOT / "benchmarks" / "data" / "extra"


def _extra(dataset: str, page_id: str) -> tuple[Path, str, str]:
    """A page of `benchmarks/data/extra/` (see its README), its URL and its expected title."""
    meta = json.loads((EXTRA / dataset / f"{page_id}.json").read_text(encoding="utf-8"))
    return EXTRA / dataset / f"{page_id}.html.gz", meta["url"], meta["expected"]["title"]


def test_a_meta_value_attribute_counts_as_its_content() -> None:
    """Postlight's saved pages (and some sites) write <meta name=... value=...>."""
    path, _, _ = _extra("postlight", "mercury-www.recode.net")
    sel = Selector(root=parse(decode_html(gzip.decompress(path.read_bytes()))), type="html")
    assert metadata.published(sel, {}) == "2016-12-15T13:55:10-05:00"


@pytest.mark.parametrize(
    ("dataset", "page_id"),
    [
        # og:title and twitter:title add " (Published 2016)"; the <h1> and <title> do not
        ("postlight", "mercury-www.nytimes.com"),
        # og:title and twitter:title are a shortened headline; the <h1> and <title> agree
        ("postlight", "mercury-www.sbnation.com"),
    ],
)
def test_a_headline_only_the_meta_tags_say_gives_way_to_one_two_voices_agree_on(
    dataset: str, page_id: str
) -> None:
    path, url, expected = _extra(dataset, page_id)
    assert _title(path, url) == expected


@pytest.mark.parametrize(
    "page_id",
    [
        # og:title is an SEO headline; the JSON-LD headline, the <h1> and the <title> agree
        "uk-iNews_2023_08_30",
        "uk-DailyStar_2026_04_20",
    ],
)
def test_a_corpus_headline_two_voices_agree_on(page_id: str) -> None:
    path, url, expected = _corpus(page_id)
    assert _title(path, url) == expected


def test_of_several_h1s_the_one_the_title_names_as_a_part_is_the_headline() -> None:
    """zoll.de (trafilatura's evaluation page "zoll.de-tabaksteuer"): a section's <h1> comes
    first; <title> is "Zoll online - Fachmeldungen - <headline>"; no og:title, no JSON-LD."""
    page = """<html><head><title>Zoll online - Fachmeldungen - Verkündung des
    Tabaksteuermodernisierungsgesetzes</title></head><body>
    <h1 class="c-buehne__headline">Fachmeldungen <span><a href="/DE/x.html"></a></span></h1>
    <div id="content"><h1 class="isFirstInSlot">Verkündung des
    Tabaksteuermodernisierungsgesetzes</h1></div></body></html>"""
    sel = Selector(text=page)
    url = "https://www.zoll.de/SharedDocs/Fachmeldungen/x.html"
    found = metadata.title(sel, metadata.json_ld(sel), url)
    assert found == "Verkündung des Tabaksteuermodernisierungsgesetzes"


def test_an_h1_sharing_only_a_short_common_word_with_the_title_is_not_the_headline() -> None:
    """webmd.com (Readability's test page "webmd-2"): the only <h1> is a side box's
    "Information and Resources", which shares only "and" with the <title>."""
    path, url, expected = _extra("readability", "moz-webmd-2")
    assert expected == "Superbugs: What They Are and How You Get Them"
    assert _title(path, url) == expected


# careelite.de (trafilatura's evaluation page "traf-careelite.de-flaechenverbrauch"): og:title
# and <title> are one SEO field; the article's <h1> is another headline.
SEO_AND_H1 = """<html><head><title>Flächenverbrauch für Fleisch, Milch und Eier &bull; CareElite
</title><meta property="og:site_name" content="CareElite" />
<meta property="og:title" content="Flächenverbrauch für Fleisch, Milch und Eier &bull; CareElite"
/></head><body><div class="entry-header"><h1 class="title entry-title ">Flächenverbrauch für
Fleisch – Warum wir ohne Tierprodukte nur 1/4 aller Ackerflächen bräuchten</h1></div>
</body></html>"""

# hss.de (trafilatura's evaluation page "traf-hss.de-regierung"): the <h1> is og:title with the
# kicker "Tunesien" glued before it.
H1_WITH_KICKER = """<html><head><title>Große Aufgaben für die neue Regierung</title>
<meta property="og:title" content="Große Aufgaben für die neue Regierung" /></head><body>
<h1 itemprop="headline"> <small>Tunesien</small><br> Große Aufgaben für die neue Regierung </h1>
</body></html>"""


# greenpeace.de (trafilatura's evaluation page "traf-greenpeace.de.nachhaltigleben"): og:title,
# <title> and <h1> are three headlines; the <h1> shares a word with og:title.
THREE_HEADLINES = """<html><head><meta property="og:title" content="Nachhaltiger leben" />
<title>Nachhaltiger leben für Klima und Umwelt | Greenpeace</title></head><body>
<div class="Stage-text"><h1 class="Stage-headline"><span class="Stage-headlineMarker">Nachhaltig
leben</span></h1></div></body></html>"""

# kbs.co.kr (trafilatura's evaluation page "traf-world.kbs.co.kr-temperatures"): the only <h1>
# is the site's name, sharing no word with og:title.
SECTION_H1 = """<html><head><meta property="og:title" content="Colder Temperatures Forecast for
Wed. after Cold Wave Alert Tues." /><title>Colder Temperatures Forecast for Wed. after Cold Wave
Alert Tues. | KBS WORLD</title></head><body><h1>KBS WORLD Radio</h1></body></html>"""


@pytest.mark.parametrize(
    ("page", "url", "expected"),
    [
        (
            THREE_HEADLINES,
            "https://www.greenpeace.de/engagieren/nachhaltiger-leben",
            "Nachhaltig leben",
        ),
        (
            SECTION_H1,
            "https://world.kbs.co.kr/service/news_view.htm?lang=e&Seq_Code=181595",
            "Colder Temperatures Forecast for Wed. after Cold Wave Alert Tues.",
        ),
        (
            SEO_AND_H1,
            "https://www.careelite.de/flaechenverbrauch-fuer-fleisch/",
            "Flächenverbrauch für Fleisch – Warum wir ohne Tierprodukte nur 1/4 aller"
            " Ackerflächen bräuchten",
        ),
        (
            H1_WITH_KICKER,
            "https://www.hss.de/news/detail/grosse-aufgaben-fuer-die-neue-regierung-news8123/",
            "Große Aufgaben für die neue Regierung",
        ),
    ],
)
def test_against_og_title_said_by_no_other_voice_the_h1_readers_see_is_the_headline(
    page: str, url: str, expected: str
) -> None:
    sel = Selector(text=page)
    assert metadata.title(sel, metadata.json_ld(sel), url) == expected


def test_a_spelling_only_the_meta_tags_write_gives_way_to_the_one_the_page_shows() -> None:
    """watson.ch (trafilatura's evaluation page "traf-0a24692a9ea846c1819bd6a5f92a8874"): the
    same words, og:title and twitter:title spell them "Sazerac! Alles", the JSON-LD headline,
    the <h1> and the <title> "Sazerac - alles"."""
    page = """<html><head><title>Sazerac - alles über den Cocktail-Klassiker aus New Orleans -
    watson</title><meta property="og:title" content="Sazerac! Alles über den Cocktail-Klassiker
    aus New Orleans"/><meta name="twitter:title" content="Sazerac! Alles über den
    Cocktail-Klassiker aus New Orleans" /><script type="application/ld+json">{"@type":
    "NewsArticle","headline":
    "Sazerac - alles \\u00fcber den Cocktail-Klassiker aus New Orleans"}</script></head>
    <body><ul><li><h1>Sazerac - alles über den Cocktail-Klassiker aus New Orleans</h1></li>
    </ul></body></html>"""
    sel = Selector(text=page)
    url = "https://www.watson.ch/leben/drinks/453207266-sazerac"
    assert metadata.json_ld(sel)["headline"].startswith("Sazerac - alles")
    found = metadata.title(sel, metadata.json_ld(sel), url)
    assert found == "Sazerac - alles über den Cocktail-Klassiker aus New Orleans"


# gregoryszorc.com (trafilatura's evaluation page "traf-gregoryszorc.com.python3"): no <h1>, no
# og:title; the <title> is "Site | Headline" and the post's <h2> is the headline.
SUBHEADED = """<html><head><title>Gregory Szorc's Digital Home   | Mercurial's Journey to and
Reflections on Python 3 </title></head><body><div class="blog_post"><h2 class="blog_post_title">
<a href="/blog/2020/01/13/x" rel="bookmark">Mercurial's Journey to and Reflections on Python
3</a></h2><p>Mercurial 5.2 was released on November 5, 2019.</p>
<h2>Porting Mercurial to Python 3</h2></div></body></html>"""


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        (SUBHEADED, "Mercurial's Journey to and Reflections on Python 3"),
        # a short part an <h2> names is a section's name, not the headline
        (
            "<html><head><title>Mercurial's Journey to and Reflections on Python 3 | Blog</title>"
            "</head><body><h2>Blog</h2></body></html>",
            "Mercurial's Journey to and Reflections on Python 3 | Blog",
        ),
    ],
)
def test_without_an_h1_the_title_part_a_subheading_says_is_the_headline(
    page: str, expected: str
) -> None:
    sel = Selector(text=page)
    url = "https://gregoryszorc.com/blog/2020/01/13/mercurial's-journey/"
    assert metadata.title(sel, metadata.json_ld(sel), url) == expected


def test_soft_hyphens_leave_the_headline() -> None:
    """lto.de's <h1> (fundus's de-LTO_2025_10_20) breaks long words with &shy;: a reader sees
    none of them within a line, so the headline has none; its visually hidden colon after the
    kicker stays (a colon-joined kicker is a part of the headline)."""
    html = (
        '<html><body><h1 class="reader__item reader__headline">\n'
        '\t<span class="reader__subline">Waffenlieferungen an Israel'
        '<span class="visually-hidden">:</span></span>\n'
        '\t<span class="reader__topline">Paläs&shy;ti&shy;nenser legt'
        " Ver&shy;fas&shy;sungs&shy;be&shy;schwerde ein</span>\n</h1></body></html>"
    )
    sel = Selector(root=parse(html), type="html")
    found = metadata.title(sel, {}, "https://www.lto.de/recht/hintergruende/h/gaza")
    assert found == "Waffenlieferungen an Israel: Palästinenser legt Verfassungsbeschwerde ein"


def test_a_zero_width_space_and_a_byte_order_mark_leave_the_headline() -> None:
    html = (
        "<html><head><meta property='og:title' content='\ufeffNeue\u200b Regeln"
        " für\u2060 alle'></head><body></body></html>"
    )
    sel = Selector(root=parse(html), type="html")
    assert metadata.title(sel, {}, "https://example.org/a") == "Neue Regeln für alle"


def test_an_h1_inside_the_article_stays_whatever_the_title_says() -> None:
    """prof-pc.de (trafilatura's page traf-prof-pc.de): <title>Home</title>, and the post's
    <h1> inside <main><article> shares no word with it; an <h1> outside them that shares no
    word with <title> is still a menu's or a logo's."""
    html = (
        "<html><head><title>Home</title></head><body><div class='container'><main>"
        "<article class='main-article'><div id='main-article-content' class='content'>"
        "<h1 id='time-to-say-goodbye'><a class='rr' href='https://www.youtube.com/watch?v="
        "63qtYi1nwcs'>Time to say goodbye.</a></h1><p>Liebe_r Besucher_in,</p></div>"
        "</article></main></div></body></html>"
    )
    sel = Selector(root=parse(html), type="html")
    assert metadata.title(sel, {}, "https://prof-pc.de/") == "Time to say goodbye."
    outside = html.replace("<main>", "").replace("</main>", "").replace("article", "div")
    sel = Selector(root=parse(outside), type="html")
    assert metadata.title(sel, {}, "https://prof-pc.de/") == "Home"

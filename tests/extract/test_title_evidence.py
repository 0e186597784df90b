"""metadata.title's evidence beyond the headline fields: the site's name as the page itself
shows it (its links home, its feeds' titles), the JSON-LD alternativeHeadline as a voice for
og:title, and the URL's slug for a longer <h1>. Each fragment is cut from a real saved page of
the benchmark's tuning part (`benchmarks/data/extra/` and `corpus/`, page ids in the comments);
the expected titles are those the pages' annotators gave."""

from __future__ import annotations

import pytest
from parsel import Selector

from newscrawl.extract import metadata
from newscrawl.extract.metadata.site_name import shown_names
from newscrawl.extract.metadata.slug import slug_cuts, slug_spells, slug_words


def _title(html: str, url: str, ld: dict[str, str] | None = None) -> str | None:
    return metadata.title(Selector(text=html), ld or {}, url)


# traf-campino2k.de.uberspace: a WordPress blog without og:site_name
CAMPINO_TITLE = "<title>Uberspace und Let&#8217;s Encrypt &#8211; Am Rande der Realität</title>"
CAMPINO_URL = "https://campino2k.de/2017/01/22/uberspace-und-lets-encrypt/"


def test_the_text_of_a_link_home_names_the_site() -> None:
    html = (
        f"<html><head>{CAMPINO_TITLE}</head><body><p class='site-title'>"
        "<a href='https://campino2k.de/' rel='home'>Am Rande der Realität</a></p></body></html>"
    )
    assert _title(html, CAMPINO_URL) == "Uberspace und Let’s Encrypt"


def test_a_feeds_title_names_the_site() -> None:
    html = (
        f"<html><head>{CAMPINO_TITLE}<link rel='alternate' type='application/rss+xml' "
        "title='Am Rande der Realität &raquo; Feed' href='https://campino2k.de/feed/'>"
        "</head><body></body></html>"
    )
    assert _title(html, CAMPINO_URL) == "Uberspace und Let’s Encrypt"


def test_a_link_home_in_an_image_names_the_site_and_sections_go_with_it() -> None:
    """traf-www1.wdr.de-correctiv-recherche: <title> "... - Nachrichten - WDR", the logo a
    link to "/index.html" with alt="zu Startseite WDR", the breadcrumb's first link "WDR"."""
    html = (
        "<html><head><title>Correctiv-Recherche: Deutsche Waffen für Russland - Nachrichten - "
        "WDR</title></head><body><div class='logo'><a href='/index.html'><img alt='zu "
        "Startseite WDR' src='/logo.svg'></a></div><ul><li><a href='/index.html'>WDR</a></li>"
        "<li><a href='/nachrichten/index.html'>Nachrichten</a></li></ul></body></html>"
    )
    url = "https://www1.wdr.de/nachrichten/correctiv-recherche-100.html"
    assert _title(html, url) == "Correctiv-Recherche: Deutsche Waffen für Russland"


def test_links_to_other_sites_or_to_pages_with_a_query_are_not_home() -> None:
    """traf-murdeltas.wordpress.com.politcamp links another site's home ("Barcamp Graz 2015"
    on barcamp-graz.at); wir-empfehlen.info links its posts as "/?p=3289"."""
    html = (
        "<html><body><a href='http://barcamp-graz.at/'>Barcamp Graz 2015</a>"
        "<a href='/?p=3289'>Truckwash A31</a><a href='#top'>nach oben</a>"
        "<a href='/'>murdelta</a></body></html>"
    )
    assert shown_names(Selector(text=html), "murdeltas.wordpress.com") == {"murdelta"}
    title = "<title>Barcamp Graz 2015 – Politcamp Call for Action | murdelta</title>"
    url = "https://murdeltas.wordpress.com/2015/04/05/barcamp-graz-2015-politcamp-call-for-action/"
    found = _title(f"<html><head>{title}</head>{html[6:]}", url)
    assert found == "Barcamp Graz 2015 – Politcamp Call for Action"


# ch-TagesAnzeiger_2026_05_18 (fundus): og:title and the JSON-LD's alternativeHeadline say one
# headline, the JSON-LD headline, the <h1> and the <title> another
TAGI_OG = "Trump plant Helikopter\u00adlandeplatz – während sein Ballsaal-Projekt stockt"
TAGI_SEO = "Trump plant Helikopterlandeplatz beim Weissen Haus"
TAGI = (
    f"<html><head><title>{TAGI_SEO}</title><meta property='og:title' content='{TAGI_OG}'>"
    f"</head><body><h1 class='seotitle'>{TAGI_SEO}</h1></body></html>"
)
TAGI_URL = (
    "https://www.tagesanzeiger.ch/trump-plant-helikopterlandeplatz-beim-weissen-haus-558607976855"
)


def test_the_json_ld_alternative_headline_backs_og_title() -> None:
    ld = {"headline": TAGI_SEO, "alternativeHeadline": TAGI_OG}
    # the soft hyphen goes (invisible), the rest is og:title's
    assert (
        _title(TAGI, TAGI_URL, ld)
        == "Trump plant Helikopterlandeplatz – während sein Ballsaal-Projekt stockt"
    )
    # without it, three voices against og:title alone: theirs
    assert _title(TAGI, TAGI_URL, {"headline": TAGI_SEO}) == TAGI_SEO
    # an alternativeHeadline without a headline is no voice (nothing to be an alternative to)
    assert _title(TAGI, TAGI_URL, {"alternativeHeadline": TAGI_OG}) == TAGI_SEO


# traf-battery-news.de.ultium-cells: og:title, the JSON-LD headline and the <title> agree on
# a shorter headline than the <h1>'s
ULTIUM_SHORT = "Ultium Cells erhöht Gigafactory-Kapazität"
ULTIUM = (
    f"<html><head><title>{ULTIUM_SHORT} - Battery-News.de</title><meta property='og:title' "
    f"content='{ULTIUM_SHORT} - Battery-News.de'><meta property='og:site_name' "
    "content='Battery-News.de'></head><body><h1 style='text-align: center;'>"
    f"{ULTIUM_SHORT} in Tennessee</h1></body></html>"
)


def test_an_h1_going_on_in_words_the_url_slug_has_is_the_headline() -> None:
    url = (
        "https://battery-news.de/index.php/2022/12/06/"
        "ultium-cells-erhoeht-gigafactory-kapazitaet-in-tennessee/"
    )
    ld = {"headline": ULTIUM_SHORT}
    assert _title(ULTIUM, url, ld) == f"{ULTIUM_SHORT} in Tennessee"
    # a slug without those words: the agreeing fields' headline stays
    shorter = "https://battery-news.de/index.php/2022/12/06/ultium-cells-erhoeht-kapazitaet/"
    assert _title(ULTIUM, shorter, ld) == ULTIUM_SHORT
    assert _title(ULTIUM, "https://battery-news.de/?p=4711", ld) == ULTIUM_SHORT


def test_slug_words_and_their_spellings() -> None:
    """traf-rtl.de-lockdown's and traf-winfuture.de-nasa's URLs."""
    url = (
        "https://www.rtl.de/cms/bericht-bund-und-laender-wollen-lockdown-verlaengern-"
        "um-weitere-vier-wochen-4723862.html"
    )
    assert {"laender", "verlaengern", "4723862"} <= slug_words(url)
    assert slug_spells(url, "Bund und Länder wollen Lockdown verlängern")
    assert not slug_spells(url, "Bund und Länder planen Lockdown-Verlängerung")
    assert slug_words("https://winfuture.de/news,139377.html") == set()


def test_a_slug_word_is_its_letters_and_digits_alone() -> None:
    """de-JungeWelt_2026_05_18 ("522721.kenia-..."): the kicker "Kenia: " of its <title> is
    the slug's, so no kicker the slug does without; traf-duengebehoerde-niedersachsen.de-
    sperrfristen ("01._Februar_-_..."): the slug spells the headline before the site's name."""
    url = "https://www.jungewelt.de/artikel/522721.kenia-nairobi-von-unten.html"
    assert {"522721", "kenia", "nairobi"} <= slug_words(url)
    assert not slug_cuts(url, "Kenia", "Nairobi von unten")
    title = "Kenia: Nairobi von unten, Tageszeitung junge Welt, 18.05.2026"
    assert _title(f"<html><head><title>{title}</title></head></html>", url) == (
        "Kenia: Nairobi von unten"
    )
    url = (
        "https://www.duengebehoerde-niedersachsen.de/duengebehoerde/news/38853_Sperrfristende"
        "_01._Februar_-_Rechtliche_Hinweise_zur_N-D%C3%BCngung"
    )
    title = (
        "Sperrfristende 01. Februar - Rechtliche Hinweise zur N-Düngung : Landwirtschaftskammer"
        " Niedersachsen"
    )
    assert _title(f"<html><head><title>{title}</title></head></html>", url) == (
        "Sperrfristende 01. Februar - Rechtliche Hinweise zur N-Düngung"
    )


# traf-spektrum.de.coronavirus: "Covid-19: " glued before the headline its URL's slug spells
SPEKTRUM_HEADLINE = "Lässt sich die Coronavirus-Ausbreitung in Deutschland kontrollieren?"
SPEKTRUM = (
    f"<html><head><title>Covid-19: {SPEKTRUM_HEADLINE} - Spektrum der Wissenschaft</title>"
    "{}</head><body></body></html>"
)
SPEKTRUM_URL = (
    "https://www.spektrum.de/wissen/"
    "laesst-sich-die-coronavirus-ausbreitung-in-deutschland-kontrollieren/1700384"
)


def test_a_kicker_the_url_slug_does_without_goes_where_no_publisher_field_keeps_it() -> None:
    assert _title(SPEKTRUM.format(""), SPEKTRUM_URL) == SPEKTRUM_HEADLINE
    # the publisher's own og:title with the kicker: its choice stays
    shared = f"<meta property='og:title' content='Covid-19: {SPEKTRUM_HEADLINE}'>"
    assert _title(SPEKTRUM.format(shared), SPEKTRUM_URL) == f"Covid-19: {SPEKTRUM_HEADLINE}"
    # a slug that spells the kicker too: the kicker is the headline's own
    whole = SPEKTRUM_URL.replace("/laesst", "/covid-19-laesst")
    assert _title(SPEKTRUM.format(""), whole) == f"Covid-19: {SPEKTRUM_HEADLINE}"


def test_slug_cuts_a_kicker_only_when_it_spells_the_whole_rest_and_none_of_the_kicker() -> None:
    assert slug_cuts(SPEKTRUM_URL, "Covid-19", SPEKTRUM_HEADLINE)
    assert not slug_cuts(SPEKTRUM_URL, "Covid-19", "Lässt sich die Ausbreitung bremsen?")
    assert not slug_cuts(SPEKTRUM_URL, "Deutschland", SPEKTRUM_HEADLINE)
    assert not slug_cuts("https://www.spektrum.de/news/1700384", "Covid-19", SPEKTRUM_HEADLINE)


def _page(title: str) -> str:
    return f"<html><head><title>{title}</title></head><body></body></html>"


@pytest.mark.parametrize(
    ("title", "url", "expected"),
    [
        # traf-hvw-online.org-zuschauer: a name no field of the page gives
        (
            "Zuschauerrückkehr bei den Proficlubs der Region | HVW - Handballverband "
            "Württemberg e.V.",
            "https://www.hvw-online.org/aktuell/detail/news/zuschauerrueckkehr-bei-den-"
            "proficlubs-der-region",
            "Zuschauerrückkehr bei den Proficlubs der Region",
        ),
        # traf-reiterrevue.de-heulage: sections spelled as the URL's folders, then the name
        (
            "Heulage: Besser als ihr Ruf? - fuetterung - ausbildung-und-praxis - Reiterrevue "
            "International",
            "https://www.reiterrevue.de/ausbildung-und-praxis/fuetterung/heulage-besser-als-ihr-"
            "ruf-12842649.html",
            "Heulage: Besser als ihr Ruf?",
        ),
        # traf-management-circle.de.glasses: a subtitle that asks is the headline's, though
        # the slug does without it (the site's name goes as before)
        (
            "Remote Support mit Smart Glasses – AR-Kundenservice der Zukunft? - Management "
            "Circle Blog",
            "https://www.management-circle.de/blog/remote-support-mit-smart-glasses/",
            "Remote Support mit Smart Glasses – AR-Kundenservice der Zukunft?",
        ),
    ],
)
def test_a_title_tail_the_url_slug_does_without_goes(title: str, url: str, expected: str) -> None:
    assert _title(_page(title), url) == expected


# traf-aoc.media.archaisme: the section's logo is an <h1> linking to the section, its <title>
# names the section's word ("AOC media - Analyse Opinion Critique")
AOC_H1 = (
    '<h1 class="{}"><a href="https://aoc.media/./opinion/" class="log analyse">'
    '<span class="let">O</span> <span class="cat">Opinion</span></a></h1>'
)
AOC = (
    "<html><head><title>Pour le néolibéralisme, la retraite est un archaïsme | AOC media - "
    "Analyse Opinion Critique</title></head><body>{}</body></html>"
)
AOC_URL = (
    "https://aoc.media/opinion/2019/12/09/pour-le-neoliberalisme-la-retraite-est-un-archaisme/"
)


def test_an_h1_classed_as_a_logo_is_the_banner() -> None:
    headline = "Pour le néolibéralisme, la retraite est un archaïsme"
    assert _title(AOC.format(AOC_H1.format("logo logo-interne")), AOC_URL) == headline
    # the same <h1> without the class would be taken as the headline
    assert _title(AOC.format(AOC_H1.format("intro")), AOC_URL) == "O Opinion"
    # a class that merely ends in the word is no logo's
    assert _title(AOC.format(AOC_H1.format("menulogo")), AOC_URL) == "O Opinion"


def test_an_h1_ending_in_a_colon_labels_what_follows() -> None:
    """traf-lastampa.it.temperature: teaser boxes in the <article> headed <h1
    class="block__title">Leggi anche:</h1>, the headline only in the <title>."""
    headline = (
        "Perturbazione polare al Centro e al Sud. Il Nord, scavalcato, mantiene temperature alte"
    )
    html = (
        f"<html><head><title>{headline} - La Stampa</title></head><body>"
        "<main><article class='entry'><div class='entry__content'><aside class='entry__related'>"
        "<h1 class='block__title'><a href=''><span>Leggi anche:</span></a></h1></aside>"
        "</div></article></main></body></html>"
    )
    url = "https://www.lastampa.it/cronaca/2020/02/19/news/temperature-in-calo-1.38487954"
    assert _title(html, url) == headline


def test_a_title_that_begins_with_the_sites_name_says_nothing_of_the_h1() -> None:
    """traf-ekbo.de-bischofs: <title> "www.ekbo.de | Detail", the headline only in an <h1>
    outside any <article> that shares no word with it."""
    headline = "Wort des Bischofs: Gottesdienst als Identitätsmarker und Wesensmerkmal"
    body = f"<body><div class='news-single'><h1 itemprop='headline'>{headline}</h1></div></body>"
    url = "https://www.ekbo.de/themen/detail/nachricht/bischofswort.html"
    generic = f"<html><head><title>www.ekbo.de\u00a0|\u00a0Detail</title></head>{body}</html>"
    assert _title(generic, url) == headline
    # a <title> of the page's own that shares no word with the <h1>: the <h1> is a menu's
    own = f"<html><head><title>Detail</title></head>{body}</html>"
    assert _title(own, url) == "Detail"


def _fields(og: str, h1: str, title: str) -> str:
    return (
        f'<html><head><title>{title}</title><meta property="og:title" content="{og}">'
        f"</head><body><article><h1>{h1}</h1></article></body></html>"
    )


def test_an_h1_that_rewords_a_few_words_of_og_title_and_the_json_ld_is_the_headline() -> None:
    """traf-bbc.com.52241221: og:title and the JSON-LD say "... amid virus outbreak", the <h1>
    and the <title> "Coronavirus: ... amid outbreak" (an edit the SEO fields did not follow);
    traf-auto.oe24.at-golfchina: og:title, the JSON-LD and the <title> with "Diess", the
    <h1> without."""
    og = "New York ramps up mass burials amid virus outbreak"
    h1 = "Coronavirus: New York ramps up mass burials amid outbreak"
    html = _fields(og, h1, f"{h1} - BBC News")
    ld = {"headline": og}
    assert _title(html, "https://www.bbc.com/news/world-us-canada-52241221", ld) == h1
    og = "VW-Chef Diess warnt vor Tesla und 'Golf aus China'"
    h1 = "VW-Chef warnt vor Tesla und &quot;Golf aus China&quot;"
    url = "https://auto.oe24.at/thema/vw-chef-diess-warnt-vor-tesla-und-golf-aus-china/497533355"
    html = _fields(og.replace("'", "&#39;"), h1, og)
    assert _title(html, url, {"headline": og}) == 'VW-Chef warnt vor Tesla und "Golf aus China"'


def test_an_h1_that_is_a_part_of_og_title_or_says_another_headline_does_not_reword_it() -> None:
    """at-ORF_2024_11_22: og:title, the JSON-LD and the <title> "Nach Gaetz-Rückzug: ...",
    the <h1> without the kicker: the publisher's fields keep it (fundus's label too)."""
    og = "Nach Gaetz-Rückzug: Trump-Anwältin soll Justizministerin werden"
    html = _fields(og, "Trump-Anwältin soll Justizministerin werden", f"{og} - news.ORF.at")
    assert _title(html, "https://orf.at/stories/3376705/", {"headline": og}) == og
    # an <h1> with other words than the fields' (a headline of its own) stays second
    html = _fields(og, "Pam Bondi übernimmt das Justizministerium", og)
    assert _title(html, "https://orf.at/stories/3376705/", {"headline": og}) == og

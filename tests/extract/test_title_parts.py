"""metadata.title's general rules for the parts a site glues to a headline (a kicker, its
name in a logo <h1>, " » " breadcrumbs) and for its spelling (typographic marks), each on
real saved pages of the benchmark's tuning part: `benchmarks/data/extra/` (trafilatura's,
Readability's and Postlight's test pages, see its README), expected titles as those projects
annotated them."""

from __future__ import annotations

import gzip
import json

import pytest
from helpers import ROOT
from parsel import Selector

from newscrawl.extract import metadata
from newscrawl.extract.body import parse
from newscrawl.extract.charset import decode_html
from newscrawl.extract.metadata.headline import (
    classed_headings,
    heading_text,
    marked_kicker,
    shared_rests,
    without_kicker,
)
from newscrawl.extract.metadata.spelling import (
    cased_spelling,
    shown_spelling,
    unquoted,
    without_full_stop,
)
from newscrawl.extract.metadata.title import links_home

DATA = ROOT / "benchmarks" / "data"
EXTRA = DATA / "extra"


def _page_title(dataset: str, page_id: str) -> tuple[str | None, str]:
    """(metadata.title of the saved page, its expected title); `dataset` a folder of extra/
    or corpus/."""
    folder = (EXTRA if (EXTRA / dataset).is_dir() else DATA / "corpus") / dataset
    meta = json.loads((folder / f"{page_id}.json").read_text(encoding="utf-8"))
    html = decode_html(gzip.decompress((folder / f"{page_id}.html.gz").read_bytes()))
    sel = Selector(root=parse(html), type="html")
    url = meta["url"] or f"https://{page_id}.invalid/"
    return metadata.title(sel, metadata.json_ld(sel), url), meta["expected"]["title"]


@pytest.mark.parametrize(
    ("dataset", "page_id"),
    [
        # og:title "Wahl: Eva Welskop-Deffaa zur neuen Caritas-Präsidentin gewählt", <h1> and
        # <title> without the kicker
        ("trafilatura", "traf-caritas.de-pr-sidentin"),
        # og:title "Durch die Gegend | Mit Musiker Voodoo Jürgens in Wien", <h1> the headline
        ("trafilatura", "traf-viertausendhertz.de.ddg48"),
        # og:title, JSON-LD headline and twitter:title "Nach Gaetz-Rückzug: Trump-Anwältin soll
        # Justizministerin werden", the <h1> without the kicker: the publisher's structured
        # headline has it, so it stays (fundus's page and expected title)
        ("fundus", "at-ORF_2024_11_22"),
        # <a href="http://www.qdaily.com/" class="logo"><h1 class="hidden">好奇心日报</h1></a>;
        # <title> "...找对象_智能_好奇心日报" (no og:title)
        ("postlight", "mercury-www.qdaily.com"),
        # <header><h1><a href="/">V8</a></h1></header> before the article's <h1>
        ("readability", "moz-v8-blog"),
        # <h1><a href="http://www.der-erfolg-gibt-recht.de">Liebe geht durch den Magen</a></h1>,
        # <title> "Rinderleber-Geschnetzeltes mit Apfel und Zwiebel | Liebe geht durch den Magen"
        ("trafilatura", "traf-der-erfolg-gibt-recht.de.rinderleber"),
        # <title> "Disfunctions.de » Blog Archiv » Podcasts in Plex einbinden": after the
        # site's name, a breadcrumb with the same separator ends in the headline
        ("trafilatura", "traf-disfunctions.de.podcasts"),
        # <h1><a href=".../http://www.time4talks.com/">Time 4 talks</a></h1> (a web archive's
        # copy), <title> "Time 4 talks » Blog Archiv » Weitere Digitalisierung der Schweizer Kinos"
        ("trafilatura", "traf-archive.org.time4talks.com.kinos"),
        # og:title and <title> 'erklärt ihn für "finished"', the <h1> 'für „finished“': the
        # same headline, the typographic spelling is the one readers see
        ("trafilatura", "traf-raptastisch.net-seitenhieb"),
        # "Energy Rising - 33 Tage Yoga Challenge" against the <h1>'s "–"
        ("trafilatura", "traf-madymorrsion.com.energy"),
        # "Alles hat seine Zeit..." against the <h1>'s "…"
        ("trafilatura", "traf-marktplatz.die-besserwisser.org.zeit"),
        # <h1><span class="subtitle">Olympische Spiele in Paris</span> Getränke per Schiff ins
        # Stadtzentrum</h1>, og:title and JSON-LD "Olympische Spiele in Paris - Getränke ..."
        ("trafilatura", "traf-lebensmittelpraxis.de-stadtzentrum"),
        # <h1><span>Coronavirus und andere Zoonosen</span><span aria-hidden="true"> – </span>
        # <span>Wie Umweltzerstörung neue Epidemien begünstigt</span></h1>
        ("trafilatura", "traf-tagesanzeiger.ch.umweltzerstoerung"),
        # <h1 id="branding"><a href="/?locale=de-DE"><span>ProNATs e.V.</span> ...</a></h1>:
        # a link home with a query is the logo; <title> "Kinder und Arbeit"
        ("trafilatura", "traf-pronats.de.arbeit"),
        # og:title and <title> "マインドマップ風のツリーを描画できる「Treeviz」:phpspot開発日誌":
        # an unspaced ASCII colon after Japanese text, then the host's name
        ("postlight", "mercury-phpspot.org"),
        # <h1>Minecraft News</h1> above the post, og:site_name "Minecraft Update News":
        # every word of the <h1> is the site's, so it is the banner, not the headline
        ("readability", "moz-tumblr"),
        # og:title "... Let's Get Behind ...", <title> another headline; the <h1> inside the
        # <article> (sharing no word with the <title>) spells it "Let’s"
        ("postlight", "mercury-www.refinery29.com"),
        # <h1 class="breadcrumb_last">Wie groß ist Evergrande, ...?</h1> (also the JSON-LD
        # headline and the <title>), <h2 class="entry-title" itemprop="headline">6 Statistiken,
        # ...</h2> as og:title says: the heading microdata marks backs og:title
        ("fundus", "de-BusinessInsiderDE_2024_01_29"),
        # <h1 itemprop="alternativeHeadline">Millennial Decorating Mistakes</h1> (and <title>),
        # <h2 itemprop="headline"> the og:title's "The 5 Biggest Decorating Mistakes ..."
        ("postlight", "mercury-www.popsugar.com"),
        # og:title and <title> "Gefahrstoff-Service", <h1> "Gefahrstoffmanagement für
        # Hersteller, ...": the compound's stem is the word both share, the <h1> no menu
        ("trafilatura", "traf-qualisys.eu.gefahrstoff"),
        # og:title "Industriell Revolutioniert?: Anno 1800 Beta", <title> "next2games |
        # Vorschauen: Anno 1800 Beta": two kickers before the same headline
        ("trafilatura", "traf-next2games.de.anno"),
        # og:title and <title> "...指紋認証機能付きマウスを発売。", the <h1> without the "。"
        ("postlight", "mercury-www.sanwa.co.jp"),
    ],
)
def test_page_title(dataset: str, page_id: str) -> None:
    found, expected = _page_title(dataset, page_id)
    assert found is not None
    assert found.split() == expected.split()  # the benchmark's comparison: white space folded


@pytest.mark.parametrize(
    ("text", "others", "expected"),
    [
        (
            "Chronik: Lotte Tobisch ist tot",
            ["Chronik: Lotte Tobisch ist tot", "Lotte Tobisch ist tot"],
            "Lotte Tobisch ist tot",
        ),
        (
            "Pétition : Non à la mutilation du choeur de Radio France",
            ["Non à la mutilation du choeur de Radio France"],
            "Non à la mutilation du choeur de Radio France",
        ),
        # no other headline is the part after the colon: nothing says it is a kicker
        (
            "Coronavirus: New York ramps up mass burials amid outbreak",
            ["New York ramps up mass burials amid virus outbreak"],
            "Coronavirus: New York ramps up mass burials amid outbreak",
        ),
        ("Kenia: Nairobi von unten", [], "Kenia: Nairobi von unten"),
    ],
)
def test_a_kicker_goes_when_another_headline_is_the_rest(
    text: str, others: list[str], expected: str
) -> None:
    assert without_kicker(text, others) == expected


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        # traf-next2games.de.anno's og:title and <title> (its site's name cut)
        (
            ["Industriell Revolutioniert?: Anno 1800 Beta", "Vorschauen: Anno 1800 Beta"],
            ["Anno 1800 Beta"],
        ),
        # the same words before the rest: one headline's own parts, not two kickers
        # (traf-bmwi.de-neubau's <title> and og:title)
        (
            [
                "BMWK - Förderung für Gebäude gestoppt - Bundesregierung ordnet neu",
                "Förderung für Gebäude gestoppt - Bundesregierung ordnet neu",
            ],
            [],
        ),
        # kickers sharing a word (a typo in one: traf-vegolosi.it.climate's <h1> "ll Climate")
        (
            [
                "Il Climate Clock ha iniziato a scorrere: sette anni è il tempo",
                "ll Climate Clock ha iniziato a scorrere: sette anni è il tempo",
            ],
            [],
        ),
    ],
)
def test_the_rest_two_headlines_say_after_different_kickers(
    texts: list[str], expected: list[str]
) -> None:
    assert shared_rests(texts) == expected


# The <h1>s of lebensmittelpraxis.de (trafilatura's page traf-lebensmittelpraxis.de-stadtzentrum)
# and golem.de (fundus's de-Golem_2025_09_09), shortened.
_SPAN_KICKER = (
    '<h1><span class="subtitle">Olympische Spiele in Paris</span>'
    " Getränke per Schiff ins Stadtzentrum</h1>"
)
_COLON_KICKER = (
    '<h1><span class="kicker"> Akkutechnik<span class="vh">:</span></span>'
    ' <span class="title">Hat Quantumscape genug Akkus für ein Motorrad gebaut?</span></h1>'
)


@pytest.mark.parametrize(
    ("h1", "text", "expected"),
    [
        (
            _SPAN_KICKER,
            "Olympische Spiele in Paris - Getränke per Schiff ins Stadtzentrum",
            "Getränke per Schiff ins Stadtzentrum",
        ),
        # the <h1>'s own text: its elements joined by a space
        (
            _SPAN_KICKER,
            "Olympische Spiele in Paris Getränke per Schiff ins Stadtzentrum",
            "Getränke per Schiff ins Stadtzentrum",
        ),
        # a headline that is not the kicker and the <h1>'s rest keeps its first words
        (
            _SPAN_KICKER,
            "Olympische Spiele in Paris - Getränke per Schiff",
            "Olympische Spiele in Paris - Getränke per Schiff",
        ),
        # a kicker joined with a colon is a part of the headline's sentence
        (
            _COLON_KICKER,
            "Akkutechnik: Hat Quantumscape genug Akkus für ein Motorrad gebaut?",
            "Akkutechnik: Hat Quantumscape genug Akkus für ein Motorrad gebaut?",
        ),
        # mercury-www.itmedia.co.jp: a full-width colon is a colon too (the <title> as read
        # without og:title)
        (
            '<h1 class="title"><span class="title__maintext">Intel NUCで最新SSDを比較してみた'
            '</span><i class="title__delimiter">：</i><i class="title__subtitle">さらば平成、'
            'さらば水冷、いくぜNUC</i><span class="title__pagenumber">（1/2 ページ）</span></h1>',
            "Intel NUCで最新SSDを比較してみた：さらば平成、さらば水冷、いくぜNUC（1/2 ページ）",
            "Intel NUCで最新SSDを比較してみた：さらば平成、さらば水冷、いくぜNUC（1/2 ページ）",
        ),
        # an emphasised first word (text after it in the same <h1>) is no element of its own
        # before the headline when the <h1> has text of its own first
        (
            "<h1>Breaking: <em>Ein Wort</em> und noch mehr Worte</h1>",
            "Breaking: Ein Wort und noch mehr Worte",
            "Breaking: Ein Wort und noch mehr Worte",
        ),
        # a first element longer than the rest is the headline, not a kicker
        (
            "<h1><span>Getränke per Schiff ins Stadtzentrum</span> Paris</h1>",
            "Getränke per Schiff ins Stadtzentrum - Paris",
            "Getränke per Schiff ins Stadtzentrum - Paris",
        ),
    ],
)
def test_a_kicker_the_h1_marks_up_goes(h1: str, text: str, expected: str) -> None:
    root = Selector(text=f"<html><body><article>{h1}</article></body></html>").root
    assert marked_kicker(text, root) == expected


@pytest.mark.parametrize(
    ("text", "names", "expected"),
    [
        # gizmeo.eu's <title>: " » " is a separator like " | "
        (
            "makrophotos von insekten » gizmeo.eu | inside the machine",
            {"gizmeoeu", "gizmeo"},
            "makrophotos von insekten",
        ),
        # French closes a quotation with a spaced "»": not a separator
        (
            "Sophie Binet met en garde Emmanuel Macron sur la « gravité de la situation dans le"
            " pays »",
            {"lemondefr", "lemonde"},
            "Sophie Binet met en garde Emmanuel Macron sur la « gravité de la situation dans le"
            " pays »",
        ),
    ],
)
def test_a_spaced_guillemet_before_more_text_separates(
    text: str, names: set[str], expected: str
) -> None:
    assert metadata.strip_site_name(text, [], names) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "マインドマップ風のツリーを描画できる「Treeviz」:phpspot開発日誌",
            "マインドマップ風のツリーを描画できる「Treeviz」",
        ),
        # nothing names the site after it: the headline's own colon
        ("ジャパンディスプレイ:赤字続く", "ジャパンディスプレイ:赤字続く"),
        # between Latin letters a colon is no separator
        ("Treeviz:phpspot", "Treeviz:phpspot"),
    ],
)
def test_an_unspaced_colon_after_japanese_text_separates(text: str, expected: str) -> None:
    assert metadata.strip_site_name(text, [], {"phpspot", "phpspotorg"}) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Example News » Blog Archiv » Podcasts in Plex einbinden", "Podcasts in Plex einbinden"),
        ("Example News | Podcasts in Plex einbinden", "Podcasts in Plex einbinden"),
        # another separator after the site's name is the headline's own
        ("Example News | Plex - Podcasts einbinden", "Plex - Podcasts einbinden"),
        # a part that only holds the site's name is no leading site part
        ("Example News Today | Plex", "Example News Today | Plex"),
    ],
)
def test_a_leading_site_name_goes_with_the_breadcrumb_after_it(text: str, expected: str) -> None:
    assert metadata.strip_site_name(text, [], {"examplenews"}) == expected


def test_a_leading_part_naming_the_site_among_other_words_goes_with_the_sections() -> None:
    """bayrische-bembel.de (trafilatura's evaluation page "traf-bayrische-bembel.de.504"):
    only a <title>, the fan club's name (the domain's, with more words) first, two sections
    after the headline."""
    text = (
        "EFC Bayrische Bembel Regensburg - Eintracht Frankfurt stellt Weichen für die Zukunft"
        " - Eintracht Presse - News"
    )
    names = {"bayrischebembel", "bayrischebembelde"}
    expected = "Eintracht Frankfurt stellt Weichen für die Zukunft"
    assert metadata.strip_site_name(text, [], names) == expected
    # one part after it may be the rest of the site's name: kept whole
    assert metadata.strip_site_name("EFC Bayrische Bembel - Fanclub", [], names) == (
        "EFC Bayrische Bembel - Fanclub"
    )


@pytest.mark.parametrize(
    ("href", "home"),
    [
        ("/", True),
        ("https://www.example.org", True),
        ("/?locale=de-DE", True),  # pronats.de's logo <h1> (traf-pronats.de.arbeit)
        ("/index.php", True),
        ("https://web.archive.org/web/2019/http://www.time4talks.com/", True),
        ("#", False),  # the page itself
        ("/informationen/kinder-und-arbeit/", False),
        ("?page=2", False),
    ],
)
def test_a_link_home_makes_an_h1_the_logo(href: str, home: bool) -> None:
    root = Selector(text=f'<html><body><h1><a href="{href}">ProNATs e.V.</a></h1></body></html>')
    h1 = next(root.root.iter("h1"))
    assert links_home(h1) is home


def _head(og: str, h1: str, page_title: str) -> str:
    return (
        f'<html><head><meta property="og:title" content="{og}"><title>{page_title}</title>'
        f"</head><body><article><h1>{h1}</h1></article></body></html>"
    )


@pytest.mark.parametrize(
    ("og", "h1", "expected"),
    [
        # traf-battery-news.de.ultium-cells (its JSON-LD and microdata left out): the <h1> goes
        # on from og:title in words, a longer headline
        (
            "Ultium Cells erhöht Gigafactory-Kapazität - Battery-News.de",
            "Ultium Cells erhöht Gigafactory-Kapazität in Tennessee",
            "Ultium Cells erhöht Gigafactory-Kapazität in Tennessee",
        ),
        # traf-hvw-online.org-zuschauer: a date and sections glued after the headline
        (
            "Zuschauerrückkehr bei den Proficlubs der Region",
            "Zuschauerrückkehr bei den Proficlubs der Region 02.02.2022 • HVW-Verband , Presse",
            "Zuschauerrückkehr bei den Proficlubs der Region",
        ),
        # n4k-spanish-article: the site's name glued on without a space
        (
            "Anticorrupción decidirá en Madrid si recurre la imputación de la Infanta",
            "Anticorrupción decidirá en Madrid si recurre la imputación de la InfantaUltima Hora",
            "Anticorrupción decidirá en Madrid si recurre la imputación de la Infanta",
        ),
    ],
)
def test_an_h1_going_on_from_og_title_in_words_is_the_longer_headline(
    og: str, h1: str, expected: str
) -> None:
    sel = Selector(text=_head(og, h1, og))
    assert metadata.title(sel, {}, "https://battery-news.de/2023/08/ultium/") == expected


@pytest.mark.parametrize(
    ("text", "others", "expected"),
    [
        ("マウスを発売。", ["マウスを発売"], "マウスを発売"),
        ("Ein Satz als Titel.", ["Ein Satz als Titel"], "Ein Satz als Titel"),
        # no other headline without it: kept; an abbreviation's or an ellipsis's dot stays
        ("Ein Satz als Titel.", [], "Ein Satz als Titel."),
        (
            "Sanctions lifted in the U.S.",
            ["Sanctions lifted in the U.S"],
            "Sanctions lifted in the U.S.",
        ),
        ("Alles hat seine Zeit...", ["Alles hat seine Zeit.."], "Alles hat seine Zeit..."),
    ],
)
def test_a_full_stop_goes_when_another_headline_has_none(
    text: str, others: list[str], expected: str
) -> None:
    assert without_full_stop(text, [("h1", o) for o in others]) == expected


# traf-swim.de-ga2 and traf-hvw-online.org-zuschauer: <h1>s whose small print is a kicker above
# the headline or the date and tags below it, each on a line of its own
SWIM_H1 = (
    '<h1 class="single-post-title"><span class="post-title" itemprop="headline">'
    "<small>Einheit der Woche</small><br/>Lagen-Pyramide mit GA2</span></h1>"
)
HVW_H1 = (
    '<h1>Zuschauerrückkehr bei den Proficlubs der Region<br/><small><span class="glyphicon '
    'glyphicon-calendar"/> 02.02.2022 • <span class="news-list-category"> HVW-Verband '
    '<span class="separator">, </span> Presse</span></small></h1>'
)


@pytest.mark.parametrize(
    ("h1", "page_title", "expected"),
    [
        (SWIM_H1, "Einheit der Woche | Lagen-Pyramide mit GA2 - SWIM.DE", "Lagen-Pyramide mit GA2"),
        (
            HVW_H1,
            "Zuschauerrückkehr bei den Proficlubs der Region | HVW - Handballverband",
            "Zuschauerrückkehr bei den Proficlubs der Region",
        ),
        # a line break between two words is a space, not glue
        (
            "<h1>Einheit der Woche<br>Lagen-Pyramide mit GA2</h1>",
            "Lagen-Pyramide mit GA2",
            "Einheit der Woche Lagen-Pyramide mit GA2",
        ),
        # a heading that is small print alone keeps it
        ("<h1><small>Lagen-Pyramide mit GA2</small></h1>", "Training", "Lagen-Pyramide mit GA2"),
    ],
)
def test_a_headings_small_print_and_line_breaks(h1: str, page_title: str, expected: str) -> None:
    html = (
        f"<html><head><title>{page_title}</title></head><body><article>{h1}</article></body></html>"
    )
    assert heading_text(parse(html).find(".//h1")) == expected
    assert metadata.title(Selector(text=html), {}, "https://swim.de/training/") == expected


def test_the_typographic_spelling_the_body_shows_wins_over_ascii_marks() -> None:
    """traf-tafelblog.de.europa: the <title> writes ASCII quotes; the headline the page shows
    (its <h1>, here a <div> as on a page without one) has „...“."""
    head = "<title>&quot;Welches Europa wir wollen&quot; - http://www.tafelblog.com</title>"
    shown = (
        '<header><div class="entry-title">&#8222;Welches Europa wir wollen&#8220;</div></header>'
    )
    url = "https://www.tafelblog.de/welches-europa-wir-wollen/"
    html = f"<html><head>{head}</head><body>{shown}</body></html>"
    assert metadata.title(Selector(text=html), {}, url) == "„Welches Europa wir wollen“"
    # other words in the body's line (a line the markup does not class as the headline,
    # which would be a voice of its own): the <title>'s spelling stays
    other = html.replace("wir wollen&#8220;", "wir nicht wollen&#8220;")
    other = other.replace('<div class="entry-title">', "<div>")
    assert metadata.title(Selector(text=other), {}, url) == '"Welches Europa wir wollen"'
    assert shown_spelling("Energy Rising", parse(html)) == "Energy Rising"


def test_a_text_that_begins_with_an_ellipsis_is_no_headline() -> None:
    """na-TheNamibian_2023_11_16: its second <h1> and its microdata headline are the deck
    "… environmental groups concerned" under the <h1> the <title> names (read here without
    og:title, as a site that writes none)."""
    html = (
        "<html><head><title>Nam, SA Green hydrogen pipeline flagged - The Namibian</title>"
        '<meta property="og:site_name" content="The Namibian"></head><body><span itemscope>'
        '<meta itemprop="headline" content="… environmental groups concerned "></span>'
        '<article><h1 class="tdb-title-text">Nam, SA Green hydrogen pipeline flagged</h1>'
        "<h1>… environmental groups concerned\n</h1></article></body></html>"
    )
    url = "https://www.namibian.com.na/nam-sa-green-hydrogen-pipeline-flagged/"
    assert metadata.title(Selector(text=html), {}, url) == "Nam, SA Green hydrogen pipeline flagged"


def test_a_quotation_the_headline_opens_with_loses_marks_another_headline_does_without() -> None:
    """mercury-newrepublic.com: og:title, twitter:title and <title> "‘Fantastic Beasts’: A
    Nice Place to Visit", the <h1> without the marks (Postlight's expected title);
    kr-HankookIlbo_2025_05_15 likewise with its JSON-LD headline."""
    head = (
        "<title>‘Fantastic Beasts’: A Nice Place to Visit | The New Republic</title>"
        '<meta property="og:title" content="‘Fantastic Beasts’: A Nice Place to Visit">'
    )
    body = "<article><h1>Fantastic Beasts: A Nice Place to Visit</h1></article>"
    url = "https://newrepublic.com/article/138859/fantastic-beasts-nice-place-visit"
    html = f"<html><head>{head}</head><body>{body}</body></html>"
    assert metadata.title(Selector(text=html), {}, url) == "Fantastic Beasts: A Nice Place to Visit"
    ld = {"headline": "왜 싸우나... DJ 고향에서 '국민 통합' 외친 이재명"}
    korean = html.replace(
        "‘Fantastic Beasts’: A Nice Place to Visit",
        "\"왜 싸우나\"... DJ 고향에서 '국민 통합' 외친 이재명",
    )
    korean = korean.replace(body, "")
    assert metadata.title(Selector(text=korean), ld, url) == ld["headline"]
    # every headline of the page quotes it: the marks stay
    quoted = html.replace(
        body, "<article><h1>‘Fantastic Beasts’: A Nice Place to Visit</h1></article>"
    )
    assert (
        metadata.title(Selector(text=quoted), {}, url)
        == "‘Fantastic Beasts’: A Nice Place to Visit"
    )


def test_unquoted_leaves_a_quotation_within_the_headline_and_apostrophes() -> None:
    """mercury-www.ladbible.com: only the <title> writes "Over Graphic And" without the marks
    that og:title and the <h1> set around 'Graphic' (Postlight's expected title keeps them);
    traf-theoriginalcopy.de.baby: "Editor's Letter" opens with no quotation."""
    within = "Aussie Government Sparks Fury Over 'Graphic' And Confronting Covid-19 Ad"
    bare = within.replace("'", "")
    assert unquoted(within, [("title", bare)]) == within
    letter = "Editor's Letter: bye OC Baby, hi Bernsi Baby!"
    assert unquoted(letter, [("h1", "Editors Letter: bye OC Baby, hi Bernsi Baby!")]) == letter
    assert (
        unquoted("«Gute Löhne alleine reichen nicht»", []) == "«Gute Löhne alleine reichen nicht»"
    )


@pytest.mark.parametrize(
    ("page_title", "heading", "expected"),
    [
        # traf-viertausendhertz.de.ddg48 read without its <h1> (a page that writes none): the
        # element classed "entry-title" says where the <title>'s headline is
        (
            "Durch die Gegend | Mit Musiker Voodoo Jürgens in Wien",
            '<div class="entry-title">Mit Musiker Voodoo Jürgens in Wien</div>',
            "Mit Musiker Voodoo Jürgens in Wien",
        ),
        # traf-metrotimes.com-mezcal: sections and the city after it
        (
            "Detroit’s Mezcal restaurant goes beyond familiar Mexican fare | Restaurant reviews"
            " | Detroit",
            '<div class="fdn-content-headline">Detroit’s Mezcal restaurant goes beyond familiar'
            " Mexican fare</div>",
            "Detroit’s Mezcal restaurant goes beyond familiar Mexican fare",
        ),
        # traf-economist.com.thinking: a series' kicker before it, its name after it
        (
            "Open Progress - Why collaborative thinking beats individual smarts | Open Future",
            '<span class="article__headline">Why collaborative thinking beats individual'
            " smarts</span>",
            "Why collaborative thinking beats individual smarts",
        ),
        # traf-piratenpartei-hessen.de.nachbarschaftshilfe: a title classed so around the
        # site's logo link is the site's name, which confirms nothing
        (
            "Solidarität = Nachbarschaftshilfe - Piratenpartei Hessen",
            '<div class="overlay-title-wrap"><p><a href="/">Piratenpartei Hessen</a></p></div>'
            '<div class="widget-title">Piratenpartei Hessen</div>',
            "Solidarität = Nachbarschaftshilfe",
        ),
    ],
)
def test_without_an_h1_a_classed_headline_confirms_the_titles_headline(
    page_title: str, heading: str, expected: str
) -> None:
    html = (
        f"<html><head><title>{page_title}</title></head><body><header>{heading}</header>"
        "<p>Text.</p></body></html>"
    )
    assert metadata.title(Selector(text=html), {}, "https://example.org/a/") == expected


def test_a_classed_headline_is_no_candidate_of_its_own() -> None:
    """A <title> that says another headline than the classed element keeps its own: the
    element only confirms a cut (a kicker or a picture's title classed as a title would win)."""
    html = (
        "<html><head><title>Betriebliche Altersvorsorge</title></head><body>"
        '<div class="article-title">Mit Hilfe des Chefs für die Rente sparen</div></body></html>'
    )
    assert metadata.title(Selector(text=html), {}, "https://example.org/a/") == (
        "Betriebliche Altersvorsorge"
    )
    assert [e.get("class") for e in classed_headings(parse(html))] == ["article-title"]
    teaser = '<html><body><div class="teaser__title">X</div><a><h2 class="title">Y</h2></a>'
    assert list(classed_headings(parse(teaser + "</body></html>"))) == []


def test_a_headline_all_in_small_letters_keeps_them_against_the_body() -> None:
    """ms-smitten-kitchen (data/more, tuning side): the site writes its headlines in small
    letters (<h2>, <title>, twitter:title "cucumber yogurt raita salad"; the label is the
    same), and the recipe card in the body names the dish "<b>Cucumber Yogurt Raita
    Salad</b>": a line of the body, not the headline's spelling. The eleventh pass took the
    body's capitals (for gizmeo.eu's "makrophotos von insekten", a label the tenth pass's audit
    calls an error: the page writes its headline in small letters too)."""
    head = (
        "<title>  cucumber yogurt raita salad | smitten kitchen</title>"
        '<meta name="twitter:title" content="cucumber yogurt raita salad" />'
    )
    body = (
        '<h1><a href="http://smittenkitchen.com/">smitten kitchen</a></h1>'
        '<h2><a href="http://smittenkitchen.com/blog/2016/05/cucumber-yogurt-raita-salad/" '
        'rel="bookmark">cucumber yogurt raita salad</a></h2>'
        "<p><b>Cucumber Yogurt Raita Salad</b></p><p>Think of this as cucumber raita ...</p>"
    )
    html = f"<html><head>{head}</head><body>{body}</body></html>"
    url = "http://smittenkitchen.com/blog/2016/05/cucumber-yogurt-raita-salad"
    assert metadata.title(Selector(text=html), {}, url) == "cucumber yogurt raita salad"


def test_a_headline_all_in_small_letters_takes_another_fields_capitals() -> None:
    """An SEO field in small letters (made from the slug) beside a field the editors typed
    with capitals: the capitals; never a spelling all in capitals."""
    found = [("og:title", "makrophotos von insekten"), ("h1", "Makrophotos von Insekten")]
    assert cased_spelling("makrophotos von insekten", found) == "Makrophotos von Insekten"
    loud = [("og:title", "makrophotos von insekten"), ("h1", "MAKROPHOTOS VON INSEKTEN")]
    assert cased_spelling("makrophotos von insekten", loud) == "makrophotos von insekten"


@pytest.mark.parametrize(
    ("page_title", "heading", "expected"),
    [
        # traf-der-farang.com-grab-bote without its <h1>: a comma glues on the country
        (
            "Frei erfunden: Grab-Bote fliegt nach Singapur, Thailand",
            '<div class="page-title ">Frei erfunden: Grab-Bote fliegt nach Singapur</div>',
            "Frei erfunden: Grab-Bote fliegt nach Singapur",
        ),
        # traf-sibenlab.blogspot.com.privacy: a part before a colon
        (
            "privacy policy: SibenLab privacy policy",
            '<h3 class="post-title entry-title">SibenLab privacy policy</h3>',
            "SibenLab privacy policy",
        ),
        # a kicker classed as the title is a short part of the <title>: the <title> stays
        (
            "Olympia 2022: Zweiter Coronafall im deutschen Team sorgt für Aufregung",
            '<div class="article-title">Olympia 2022</div>',
            "Olympia 2022: Zweiter Coronafall im deutschen Team sorgt für Aufregung",
        ),
    ],
)
def test_a_classed_headline_at_the_titles_beginning_or_end_is_the_headline(
    page_title: str, heading: str, expected: str
) -> None:
    html = (
        f"<html><head><title>{page_title}</title></head><body>{heading}<p>Text.</p></body></html>"
    )
    assert metadata.title(Selector(text=html), {}, "https://example.org/a/") == expected


def test_without_an_h1_a_classed_headline_rewording_the_title_is_the_headline() -> None:
    """us-LATimes_2023_06_26 read without its <h1> (as a page that writes none) and without
    og:title: <div class="headline"> says the headline the <title> words for search engines."""
    page_title = (
        "100 years at the Los Angeles Coliseum: More than a sports venue - Los Angeles Times"
    )
    heading = "One hundred years at the Coliseum: Much more than a sports venue"
    html = (
        f"<html><head><title>{page_title}</title></head><body><article>"
        f'<div class="headline">{heading}</div><p>Text.</p></article></body></html>'
    )
    url = "https://www.latimes.com/sports/story/2023-06-26/100-years-los-angeles-coliseum"
    assert metadata.title(Selector(text=html), {}, url) == heading
    # a teaser's cut (an ellipsis ends it) is no headline
    cut = html.replace(heading, "One hundred years at the Coliseum: Much more…")
    assert metadata.title(Selector(text=cut), {}, url) == (
        "100 years at the Los Angeles Coliseum: More than a sports venue"
    )


def test_without_an_h1_an_element_microdata_marks_as_the_headline_is_a_classed_one() -> None:
    """traf-laola1.at-barisic read without its <h1> and og:title: <div itemprop="headline">
    says the headline the <title> words otherwise (trafilatura's expected title)."""
    heading = 'Barisic: "Dann hau\' ich mein Handy zam"'
    html = (
        "<html><head><title>Rapids Barisic geschlaucht: &quot;Dann hau' ich mein Handy zam&quot;"
        f'</title></head><body><div itemprop="headline">{heading}</div><p>Text.</p></body></html>'
    )
    url = "https://www.laola1.at/de/red/fussball/bundesliga/news/barisic/"
    assert metadata.title(Selector(text=html), {}, url) == heading


def test_a_kicker_classed_as_the_line_above_the_headline_is_no_headline() -> None:
    """traf-agrarheute.com.abfallholz read without its <h1>: <span class="pre-headline">Heizen
    mit Holz</span> is the kicker above it, which rewords nothing: the <title> stays."""
    page_title = "Heizen mit Abfallholz: Mit dieser Erfindung funktioniert es | agrarheute.com"
    html = (
        f"<html><head><title>{page_title}</title></head><body><article>"
        '<span class="pre-headline">Heizen mit Holz</span>'
        "<div>Heizen mit Abfallholz: Mit dieser Erfindung funktioniert es</div><p>Text.</p>"
        "</article></body></html>"
    )
    url = "https://www.agrarheute.com/energie/heizen-abfallholz-erfindung-funktioniert-601129"
    assert metadata.title(Selector(text=html), {}, url) == (
        "Heizen mit Abfallholz: Mit dieser Erfindung funktioniert es"
    )
    kickers = '<h2 class="articlePreTitle">A</h2><p class="overline">B</p><b class="kicker">C</b>'
    assert list(classed_headings(parse(f"<html><body>{kickers}</body></html>"))) == []

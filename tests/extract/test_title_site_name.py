"""The site's name after a headline when only the <title> says the headline: names spelled
from the registered domain, with or without diacritics, the sections and the date a site puts
between the headline and its name. Each <title> is a real one of the benchmark's tuning part
(`benchmarks/data/extra/` and `corpus/`, page ids in the comments)."""

from __future__ import annotations

import pytest
from parsel import Selector

from newscrawl.extract import metadata
from newscrawl.extract.metadata.site_name import is_date, is_site, spellings


@pytest.mark.parametrize(
    ("text", "domain", "expected"),
    [
        # moz-nytimes-1 (nytimes.com): the domain abbreviates the name
        (
            "United States to Lift Sudan Sanctions - The New York Times",
            "nytimes",
            "United States to Lift Sudan Sanctions",
        ),
        # traf-orsted.de.gruener-wasserstoff: the domain spells "Ø" as "o"
        (
            "Das Potenzial von grünem Wasserstoff | Ørsted",
            "orsted",
            "Das Potenzial von grünem Wasserstoff",
        ),
        # tr-NTVTR_2025_11_10 (ntv.com.tr): the name begins with the domain's
        (
            '"Pos tefeciliği" soruşturması: 4 şüpheli tutuklandı | NTV Haber',
            "ntv",
            '"Pos tefeciliği" soruşturması: 4 şüpheli tutuklandı',
        ),
        # traf-parcoabruzzo.it.58354: the domain is two of the name's words
        (
            "ORSO MARSICANO: 2019 UN ANNO DA RECORD | Parco Nazionale d'Abruzzo, Lazio e Molise",
            "parcoabruzzo",
            "ORSO MARSICANO: 2019 UN ANNO DA RECORD",
        ),
        # traf-holzwerken.net-kreissaege: " // " separates as " | " does
        (
            "Perfekte Schnitte nach Riss an der Kreissaege // HolzWerken",
            "holzwerken",
            "Perfekte Schnitte nach Riss an der Kreissaege",
        ),
        # traf-hildesheimer-presse.de-hund: the part before the name is the headline's own
        (
            "Hund vertreibt Einbrecher – Zeugenaufruf – Hildesheimer Presse",
            "hildesheimerpresse",
            "Hund vertreibt Einbrecher – Zeugenaufruf",
        ),
        # a headline's own last part that merely holds a word of the domain stays
        (
            "Wie der Spiegel über die Wahl berichtet - und was er weglässt",
            "spiegel",
            "Wie der Spiegel über die Wahl berichtet - und was er weglässt",
        ),
    ],
)
def test_a_name_spelled_from_the_domain_goes(text: str, domain: str, expected: str) -> None:
    assert metadata.strip_site_name(text, [], set(), [domain]) == expected


def test_a_date_after_the_headline_goes() -> None:
    """traf-nnz-online.de-quantensprung: <title> "... : 06.11.2023, 11.41 Uhr"."""
    text = "Ein Quantensprung für Nordhausen Nord : 06.11.2023, 11.41 Uhr"
    assert (
        metadata.strip_site_name(text, [], {"nnzonline"}) == "Ein Quantensprung für Nordhausen Nord"
    )
    assert is_date("28.04.2023")
    assert not is_date("Vol 172, No 7 Annals")


def test_sections_between_the_headline_and_the_name_go_when_the_page_links_to_them() -> None:
    """de-Bild_2023_05_15: <title> "... | Sport | BILD.de", the page's menu links "Sport"."""
    text = "Bubi-Bomber wieder da: Thioune fordert Geduld mit Niemiec | Sport | BILD.de"
    headline = "Bubi-Bomber wieder da: Thioune fordert Geduld mit Niemiec"
    names = {"bildde", "bild"}
    assert metadata.strip_site_name(text, [], names, sections=lambda: {"sport"}) == headline
    # a part the page does not link to may be the headline's own: kept
    assert metadata.strip_site_name(text, [], names, sections=set) == f"{headline} | Sport"


def test_title_reads_the_sections_from_the_page_links() -> None:
    html = (
        "<html><head><title>Bubi-Bomber wieder da: Thioune fordert Geduld mit Niemiec | Sport"
        " | BILD.de</title></head><body><nav><a href='/sport/'>Sport</a></nav></body></html>"
    )
    sel = Selector(text=html)
    found = metadata.title(sel, {}, "https://www.bild.de/sport/fussball/bubi-bomber.bild.html")
    assert found == "Bubi-Bomber wieder da: Thioune fordert Geduld mit Niemiec"


def test_spellings_and_site_names() -> None:
    assert spellings("Mäscot") == {"mäscot", "mascot", "maescot"}
    assert spellings("Libération") >= {"liberation"}
    assert is_site("Evening Standard", set(), ["standard"])
    assert is_site("Frankfurter Allgemeine Zeitung", set(), ["faz"])
    assert not is_site("Eintracht Frankfurt stellt Weichen für die Zukunft", set(), ["faz"])


def test_a_name_the_body_labels_an_element_with_ends_the_title() -> None:
    """traf-wiki.piratenpartei.de.stammtisch: a <title> alone, "... – Piratenwiki", where the
    footer's link is titled "Piratenwiki"; a label that no element has stays."""
    html = (
        "<html><head><title>HE:Kassel/Stammtisch – Piratenwiki</title></head><body>"
        "<div id='content'><p>Der Stammtisch der Piraten in Kassel.</p></div>"
        "<li id='footer-places-about'><a href='/Piratenwiki' title='Piratenwiki'>"
        "Über Piratenwiki</a></li></body></html>"
    )
    url = "https://wiki.piratenpartei.de/HE:Kassel/Stammtisch"
    assert metadata.title(Selector(text=html), {}, url) == "HE:Kassel/Stammtisch"
    unlabelled = html.replace("title='Piratenwiki'", "")
    assert metadata.title(Selector(text=unlabelled), {}, url) == (
        "HE:Kassel/Stammtisch – Piratenwiki"
    )
    # og:title's tail needs more than a label: it stays where only an element's title names it
    shared = html.replace(
        "</title>", "</title><meta property='og:title' content='Stammtisch – Piratenwiki'>"
    )
    assert metadata.title_candidates(Selector(text=shared), {}, url)[0] == (
        "og:title",
        "Stammtisch – Piratenwiki",
    )


def test_a_part_of_the_sites_given_name_ends_the_title() -> None:
    """jp-SankeiShimbun_2025_01_21: og:site_name "産経新聞：産経ニュース", the <title> ends in its
    second part."""
    headline = (
        "小笠原諸島の警察無線「不感地帯」解消\u3000以前は電波を探し警察官が往復\u3000"
        "住民から安堵の声"
    )
    html = (
        f"<html><head><title>{headline} - 産経ニュース</title>"
        '<meta property="og:site_name" content="{}"/></head><body></body></html>'
    )
    url = "https://www.sankei.com/article/20250121-QBJP5I25BBIG5IZ76XZNDHDB5Q/"
    assert metadata.title(Selector(text=html.format("産経新聞：産経ニュース")), {}, url) == headline
    assert (
        metadata.title(Selector(text=html.format("産経新聞")), {}, url)
        == f"{headline} - 産経ニュース"
    )


def test_a_headline_said_twice_in_the_title_is_said_once() -> None:
    """moz-tumblr (mcupdate.tumblr.com): a template that puts the headline in twice."""
    headline = "Minecraft 1.8 - The Bountiful Update"
    text = f"{headline} - {headline} - Minecraft Update News"
    assert metadata.strip_site_name(text, [], {"mcupdatetumblrcom"}) == headline
    assert metadata.strip_site_name(f"{headline} - Minecraft 1.8", [], set()) == (
        f"{headline} - Minecraft 1.8"
    )


def test_the_sites_name_after_a_comma_or_a_colon_goes() -> None:
    """de-JungeWelt_2024_04_26: <title> "..., Tageszeitung junge Welt, 26.04.2024" (the domain
    jungewelt.de ends the name); traf-regenbogenportal.de-intersex: <title> "...:
    Regenbogenportal" (og:site_name "Regenbogenportal")."""
    headline = "Nationaler Veteranentag: Orden fürs Morden"
    text = f"{headline}, Tageszeitung junge Welt, 26.04.2024"
    assert metadata.strip_site_name(text, [], {"jungewelt"}, ["jungewelt"]) == headline
    text = "Online-Fachtag zum Intersex Day of Remembrance: Regenbogenportal"
    assert metadata.strip_site_name(text, [], {"regenbogenportal"}) == text.split(":")[0]
    # a comma or a colon within the headline is none: what follows must be the name itself
    assert metadata.strip_site_name(headline, [], {"jungewelt"}, ["jungewelt"]) == headline
    text = "Junge Welt: Die Zeitung, die Geschichte schrieb, 26.04.2024"
    assert metadata.strip_site_name(text, [], {"jungewelt"}, ["jungewelt"]) == text
    text = f"{headline}, mehr Tageszeitung junge Welt lesen und 10 Prozent sparen"
    assert metadata.strip_site_name(text, [], {"jungewelt"}, ["jungewelt"]) == text


def test_title_cuts_the_sites_name_after_a_comma() -> None:
    html = (
        "<html><head><title>Nationaler Veteranentag: Orden fürs Morden, Tageszeitung junge"
        ' Welt, 26.04.2024</title><meta property="og:site_name" content="junge Welt"></head>'
        "<body></body></html>"
    )
    url = "https://www.jungewelt.de/artikel/474126.nationaler-veteranentag-orden-f%C3%BCrs-morden.html"
    assert (
        metadata.title(Selector(text=html), {}, url) == "Nationaler Veteranentag: Orden fürs Morden"
    )


def test_the_sites_name_glued_on_unspaced_goes() -> None:
    """n4k-spanish-article (ultimahora.es), read without og:title: its <h1> glues the site's
    name to the headline's last word ("... la InfantaUltima Hora Mallorca")."""
    headline = "Anticorrupción decidirá en Madrid si recurre la imputación de la Infanta"
    glued = f"{headline}Ultima Hora Mallorca"
    assert metadata.strip_site_name(glued, [], {"ultimahoraes"}, ["ultimahora"]) == headline
    html = (
        "<html><head><title>Anticorrupción decidirá en Madrid si recurre la imputación de la"
        " Infanta » Local » Noticias » Ultima Hora Mallorca</title></head><body><article>"
        f"<h1>{headline}<span>Ultima Hora Mallorca</span></h1></article></body></html>"
    )
    url = (
        "http://ultimahora.es/mallorca/noticia/noticias/local/fiscalia-anticorrupcion-estudia-"
        "recurre-imputacion-infanta.html"
    )
    assert metadata.title(Selector(text=html), {}, url) == headline
    # a name written in camel case is no headline with a name glued on (traf-aussengedanken.de)
    assert metadata.strip_site_name("AussenGedanken", [], set(), ["aussengedanken"]) == (
        "AussenGedanken"
    )

"""extract/body's selection: what comes back beside trafilatura's votes.

Fragments are cut from real pages of the shared corpus (cited per test), trimmed to the parts
the rule reads.
"""

from __future__ import annotations

import gzip

from helpers import FIXTURES

from newscrawl.extract.body import extract_body
from newscrawl.extract.charset import decode_html

# se-Expressen_2025_10_23 (shared/corpus/fundus, from flairNLP/fundus's test data, MIT): the
# preamble sits between the headline's <header> and the body, three short paragraphs that
# trafilatura does not keep.
EXPRESSEN = """<html><body><main><article id="content"><div class="article__inner">
<header class="article__header"><h1>Elever åtalas för misshandel på Lundsberg</h1>
<div class="article-meta"><time datetime="2025-10-23T10:23:39.074+02:00">Publicerad 23 okt 2025
kl 10.23</time></div></header>
<div class="article__preamble rich-text"><p>Eleverna på privatskolan Lundsberg trängde på natten
in och misshandlade flera andra elever, enligt åtalet.</p><p>I sovrummen slog de skolkamraterna
med skärp.</p><p>Nu åtalas fem elever för misshandel och grovt hemfridsbrott.</p></div>
<div class="byline byline--details"><a href="/av/viktor-hedlund/"><div>Viktor Hedlund</div></a>
</div>
<div class="ad-slot ad-slot--articlemodule"><span>Annons</span></div>
<div class="article__body-text rich-text"><p>De fem manliga eleverna i 18-årsåldern på
internatskolan i värmländska Storfors misstänks för att vid flera tillfällen i vintras ha
misshandlat andra elever på skolan. </p><p>I januari ska två av eleverna delat ut slag mot andra
elever på ett elevhem samt i nära anslutning till middagen på
<a href="/tagg/organization/lundsberg/">Lundsberg</a>.</p><p>Senare på natten stormade de fem
åtalade in i två sovrum på ett elevhem, enligt åtalet. De var maskerade och började slå flera
personer med nävar och skärp. En person kastades ner i golvet innan han blev misshandlad.</p>
<p><em>”Brottet bör bedömas som grovt eftersom inträngandet skett nattetid av flera maskerade
gärningsmän i syfte att misshandla målsägandena”</em>, står det i åtalet.</p>
<h2>Fem elever stängdes av</h2><p>En av de misstänkta åtalas också för att redan hösten innan ha
misshandlat en annan elev, och skolan stängde av fem elever efter händelserna i vintras.</p>
</div></div></article></main></body></html>"""
URL = "https://www.expressen.se/nyheter/sverige/elever-atalas-for-misshandel-pa-lundsberg/"


def test_a_lead_named_as_one_is_kept_with_its_short_paragraphs() -> None:
    body = extract_body(EXPRESSEN, URL, ("Elever åtalas för misshandel på Lundsberg",))
    lead = body.index("<p>Eleverna på privatskolan Lundsberg")
    assert "<p>I sovrummen slog de skolkamraterna\nmed skärp.</p>" in body
    assert "<p>Nu åtalas fem elever" in body
    assert lead < body.index("<p>De fem manliga eleverna")
    assert "Viktor Hedlund" not in body
    assert "Annons" not in body
    assert "<h1>" not in body


def test_a_short_line_named_as_a_lead_is_not_one() -> None:
    # under LEAD_TEXT characters: a kicker or a date, not a lead
    html = EXPRESSEN.replace(
        '<div class="article__preamble rich-text">', '<div class="article__preamble">'
    )
    start = html.index('<div class="article__preamble">')
    end = html.index("</div>", start) + len("</div>")
    html = html[:start] + '<div class="article__preamble"><p>Kort rad.</p></div>' + html[end:]
    assert "Kort rad." not in extract_body(html, URL)


def test_a_lead_named_sub_title_is_kept_before_the_body() -> None:
    # tr-NTVTR_2024_04_30 (tests/fixtures/pages, from flairNLP/fundus, MIT): the lead is an
    # <h2 class="category-detail-sub-title"> beside the headline, outside the body's container
    html = decode_html(
        gzip.decompress((FIXTURES / "pages" / "tr-NTVTR_2024_04_30.html.gz").read_bytes())
    )
    body = extract_body(html, "https://www.ntv.com.tr/sporskor/super-ligde-golculerin-yarisi")
    lead = body.index("<h2>Süper Lig'de Galatasaray ve Fenerbahçe şampiyonluk mücadelesi")
    assert lead < body.index("<p>")


def test_the_lead_is_found_under_the_headline_when_a_menu_has_the_first_h1() -> None:
    # traf-de.starsinsider.com-angst (shared/corpus/extra/trafilatura) opens its side menu
    # with <h1>Menu</h1> before the article's own <h1>
    html = EXPRESSEN.replace(
        "<body><main>",
        '<body><div class="side-menu"><h1>Meny</h1></div><div class="site"><div class="wrap">'
        "<main>",
    ).replace("</main>", "</main></div></div>")
    body = extract_body(html, URL, ("Elever åtalas för misshandel på Lundsberg",))
    assert body.index("<p>Eleverna på privatskolan") < body.index("<p>De fem manliga eleverna")
    assert "Meny" not in body

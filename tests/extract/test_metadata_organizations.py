"""Organizations credited as authors, from real pages of the benchmark's tuning part
(benchmarks/data/extra/, see its README for their origins and licenses)."""

from __future__ import annotations

import pytest
from parsel import Selector

from newscrawl.extract.article import extract_article
from newscrawl.extract.metadata import authors, byline
from newscrawl.extract.metadata.organizations import is_organization, site_credit
from newscrawl.sources import generic


def _page(body: str) -> Selector:
    return Selector(text=f"<html><head>{body}</head></html>")


@pytest.mark.parametrize(
    ("name", "organization"),
    [
        ("mediagene Inc.", True),  # mercury-www.gizmodo.jp
        ("Hanns-Seidel-Stiftung e.V.", True),  # traf-hss.de-regierung
        ("The Associated Press", True),  # mercury-www.investmentexecutive.com
        ("Agencia EFE", True),  # traf-24horas.cl-segundo
        ("ntv.com.tr", True),  # tr-NTVTR_2025_11_10's label
        ("AP", True),  # de-EuronewsDE_2024_04_30: "Von Diana Resnik mit AP"
        ("Ap Dijkstra", False),
        ("Anna Dunst", False),
        ("小暮ひさのり", False),
        ("Michael L. Anderson", False),
        ("Thomas Newsome", False),
    ],
)
def test_is_organization(name: str, organization: bool) -> None:
    assert is_organization(name) is organization


def test_the_agency_a_person_shares_the_credit_with() -> None:
    """de-EuronewsDE_2024_04_30, read without its author metadata."""
    byline_ = (
        '<div class="c-article-contributors c-article-contributors--my-europe">Von&#160;<a'
        ' target="_blank" rel="noopener" href="https://twitter.com/euronews">Diana Resnik</a>'
        " mit&#160;<b>AP</b></div>"
    )
    page = Selector(text=f"<html><body><h1>Georgien</h1>{byline_}<p>Text.</p></body></html>")
    assert authors(page, {}, "https://de.euronews.com/my-europe/2024/04/30/a") == ["Diana Resnik"]


def test_a_company_beside_the_person_in_the_author_tags() -> None:
    """mercury-www.gizmodo.jp: two author <meta> tags, the publisher's company first."""
    page = _page(
        '<meta name="author" content="mediagene Inc."><meta name="author" content="小暮ひさのり">'
    )
    assert authors(page, {}, "https://www.gizmodo.jp/2019/04/a.html") == ["小暮ひさのり"]


def test_the_organization_in_the_tags_gives_way_to_the_person_in_the_text() -> None:
    """traf-hss.de-regierung: the foundation in the author <meta>, its author in the text."""
    page = Selector(
        text='<html><head><meta name="author" content="Hanns-Seidel-Stiftung e.V."></head><body>'
        "<p><strong>Autorin: Uta Staschewski, Projektleiterin der HSS in Tunesien.</strong></p>"
        "</body></html>"
    )
    assert authors(page, {}, "https://www.hss.de/news/a") == ["Uta Staschewski"]


def test_an_agency_before_the_site_when_nobody_is_named() -> None:
    """traf-24horas.cl-segundo: the JSON-LD credits the site, the text the agency."""
    page = Selector(
        text="<html><body><h1>Presidente Boric</h1><p>Por Agencia EFE</p></body></html>"
    )
    ld = {"author": {"@type": "NewsMediaOrganization", "name": "24horas.cl"}}
    assert authors(page, ld, "https://www.24horas.cl/politica/a") == ["Agencia EFE"]


def test_the_sites_name_is_one_name() -> None:
    """traf-jobsnhire.com.health: the site's name in the author tag reads as two names."""
    page = _page(
        '<meta property="og:site_name" content="Jobs &amp; Hire">'
        '<meta name="author" content="Jobs &amp; Hire">'
    )
    assert authors(page, {}, "http://www.jobsnhire.com/articles/1/a.htm") == ["Jobs & Hire"]


def test_a_desk_in_a_byline_and_a_person_in_a_later_one() -> None:
    """traf-exxpress.at-zaehne: the byline names the desk alone; a desk gives way to a person
    a later byline names."""
    desk = '<div class="author-box"><span class="author">Redaktion</span> 1. November 2023</div>'
    assert byline(Selector(text=f"<html><body><h1>Zähne</h1>{desk}</body></html>")) == ["Redaktion"]
    person = '<p class="byline">Von Anna Dunst</p>'
    page = Selector(text=f"<html><body><h1>Zähne</h1>{desk}{person}</body></html>")
    assert byline(page) == ["Anna Dunst"]


@pytest.mark.parametrize(
    ("footer", "holder"),
    [
        # traf-ohneq.de.johannes: a podcast's page, its maker in the copyright line
        (
            '<div class="copyrights-area"><p class="copyrights-text">(c) Johannes Wolf'
            " • Weitere Rechte siehe Impressum</p></div>",
            "Johannes Wolf",
        ),
        # traf-gregoryszorc.com.python3: a blog's owner, years before the name
        (
            '<div id="footer"><p>Copyright (c) 2012- Gregory Szorc. All rights reserved.'
            ' Design by <a href="http://www.freecsstemplates.org/">CSS Templates</a></p></div>',
            "Gregory Szorc",
        ),
        # traf-enwb.com.windpark.steinheim: a company's legal name, the year after it
        (
            '<div class="legal-footer-copyright"><p>© EnBW Energie Baden-Württemberg AG 2022.'
            " Alle Rechte vorbehalten.</p></div>",
            "EnBW Energie Baden-Württemberg AG",
        ),
        # traf-trails.de.ischgl: the holder in a link of its own after "© by"
        (
            '<div class="footer-copyright py-3"> Webdesign und alle Inhalte © by <a'
            ' href="mailto:ralf@trails.de" title="freelance writer &amp; fotografer">Ralf Glaser'
            '</a> | All Rights Reserved | <a href="https://trails.de/impressum/">Impressum | </a>'
            "</div>",
            "Ralf Glaser",
        ),
    ],
)
def test_the_copyright_holder_credits_a_page_nobody_signed(footer: str, holder: str) -> None:
    page = Selector(text=f"<html><body><h1>A</h1><p>Text.</p>{footer}</body></html>")
    assert site_credit(page, {}) == [holder]


def test_a_pictures_copyright_is_not_the_pages() -> None:
    """traf-greenpeace.de.nachhaltigleben: photographers' notices in captions, the site's in
    the footer; with no notice but the captions', the site's own name."""
    caption = "<figure><figcaption><p>© Iona Dutz / Greenpeace</p></figcaption></figure>"
    footer = '<ul><li><span class="AffiliatesMenu-itemLink">© GREENPEACE</span></li></ul>'
    page = Selector(text=f"<html><body>{caption}<p>Text.</p>{footer}</body></html>")
    assert site_credit(page, {}) == ["GREENPEACE"]
    named = '<meta property="og:site_name" content="Greenpeace">'
    page = Selector(text=f"<html><head>{named}</head><body>{caption}</body></html>")
    assert site_credit(page, {}) == ["Greenpeace"]


def test_a_page_that_names_nobody_is_credited_to_its_site() -> None:
    """traf-weselpower.wordpress.com.monstergesprche: no byline, no notice, the blog's name."""
    page = _page('<meta property="og:site_name" content="Weselpower&#039;s Blog">')
    assert site_credit(page, {}) == ["Weselpower's Blog"]
    assert site_credit(_page(""), {}) == []


def test_the_site_credit_only_where_nobody_is_named() -> None:
    """traf-ohneq.de.johannes's footer under a byline: the byline's person, not the holder."""
    footer = '<p class="copyrights-text">(c) Johannes Wolf • Weitere Rechte siehe Impressum</p>'
    signed = f'<h1>A</h1><p class="byline">Von Anna Dunst</p><p>{"Text. " * 40}</p>{footer}'
    url = "http://ohneq.de/ohneq/a/"
    assert extract_article(f"<html><body>{signed}</body></html>", url, generic(url)).authors == [
        "Anna Dunst"
    ]
    unsigned = f"<h1>A</h1><p>{'Text. ' * 40}</p>{footer}"
    article = extract_article(f"<html><body>{unsigned}</body></html>", url, generic(url))
    assert article.authors == ["Johannes Wolf"]


def test_the_agency_marked_as_the_source_where_only_the_site_is_credited() -> None:
    """traf-d70fab3adde74d5fb63552855c981395 (stern.de): the JSON-LD credits the site, the
    element marked as the article's source under the text names the agency; a teaser's
    source inside its link is another article's."""
    teaser = '<a href="/a.html"><h3>Brexit</h3><div class="m-source"><div>AFP</div></div></a>'
    source = '<div class="m-source"><div class="a-text-block">DPA</div></div>'
    body = f"<h1>Niederlage für Johnson</h1>{teaser}<p>Text.</p>{source}"
    page = Selector(text=f"<html><body>{body}</body></html>")
    ld = {"author": {"name": "STERN.de", "@type": "Organization"}}
    assert authors(page, ld, "https://www.stern.de/politik/a.html") == ["DPA"]
    assert authors(Selector(text="<html><body><p>Text.</p></body></html>"), ld) == ["STERN.de"]


def test_the_source_without_the_separator_before_it() -> None:
    """more/goose3 goose-foxnews (tuning side; us-FoxNews_2023_04_28 has the same): an
    hCard's organization after the date, a separator before it."""
    body = (
        '<h1>Questions</h1><p class="author vcard"><span class="fn"> </span></p><p'
        ' class="published updated dtstamp">Published August 14, 2010</p><p class="source-org'
        ' vcard"><span class="org fn"> | FoxNews.com</span></p><p>Text.</p>'
    )
    page = Selector(text=f"<html><body>{body}</body></html>")
    assert authors(page, {}, "http://www.foxnews.com/politics/2010/08/14/a/") == ["FoxNews.com"]


def test_a_notice_that_names_no_holder() -> None:
    """benchmarks/data/zyte 5caf91b8 (sfgate.com): "© Copyright" alone under the company's
    notice: the word is no holder."""
    notices = "<p>© 2019 Hearst Communications, Inc.</p><p>© Copyright</p>"
    page = Selector(text=f"<html><body><p>Text.</p>{notices}</body></html>")
    assert site_credit(page, {}) == ["Hearst Communications"]


@pytest.mark.parametrize(
    "tag",
    [
        # tr-NTVTR_2024_04_30: the agency in the page's "articleAuthor" <meta>
        '<meta name="articleAuthor" content="Anadolu Ajans&#x131;">',
        '<meta property="article:author_name" content="Anadolu Ajans&#x131;">',
        '<meta name="cXenseParse:author" content="Anadolu Ajans&#x131;">',
    ],
)
def test_the_agency_in_another_author_tag_where_the_json_ld_credits_the_site(tag: str) -> None:
    """tr-NTVTR_2024_04_30: the JSON-LD credits the site (NTV), an author tag the agency."""
    site = {"@type": "Organization", "name": "NTV"}
    ld = {"author": site, "publisher": site}
    url = "https://www.ntv.com.tr/sporskor/a"
    assert authors(_page(tag), ld, url) == ["Anadolu Ajansı"]
    assert authors(_page(""), ld, url) == ["NTV"]


def test_the_company_behind_a_site_gives_way_to_the_brand_its_address_spells() -> None:
    # de-Focus_2023_04_28 (no author metadata): the footer's notice names the company, the
    # page's og:site_name the brand that focus.de spells
    head = (
        '<meta property="og:site_name" content="FOCUS online"/><link rel="canonical"'
        ' href="https://www.focus.de/kaufberatung/deals_angebote/lego_id_92942238.html"/>'
    )
    footer = '<footer><span class="copy">&copy; BurdaForward GmbH 2023</span></footer>'
    page = Selector(text=f"<html><head>{head}</head><body><p>Text.</p>{footer}</body></html>")
    assert site_credit(page, {}) == ["FOCUS online"]
    # traf-enwb.com.windpark.steinheim: a page's title set as og:site_name is no brand
    title = '<meta property="og:site_name" content="Bürgerbeteiligung für Windpark Steinheim">'
    notice = "<p>© EnBW Energie Baden-Württemberg AG 2022.</p>"
    other = Selector(
        text=f'<html><head>{title}<link rel="canonical" href="https://www.enbw.com/a"></head>'
        f"<body><p>Text.</p>{notice}</body></html>"
    )
    assert site_credit(other, {}) == ["EnBW Energie Baden-Württemberg AG"]

"""Credit lines a page does not mark as bylines, each on a real page's snippet (the pages are
the benchmark's tuning part: benchmarks/data/extra/, see its README for their origins)."""

from __future__ import annotations

import pytest
from parsel import Selector

from newscrawl.extract.metadata import authors, dateline_authors, headline_credit, labelled_authors
from newscrawl.extract.metadata.credits import credit_line
from newscrawl.extract.metadata.datelines import dated_name, signed_paragraph


def _page(body: str) -> Selector:
    return Selector(text=f"<html><body>{body}</body></html>")


@pytest.mark.parametrize(
    ("snippet", "names"),
    [
        # traf-aussengedanken.de.feuerholz: the credit is the first line of the first paragraph
        (
            '<p>Von <strong><a href="http://a.example">Roland Brockmann</a></strong> und'
            ' <strong><a href="https://b.example">Sebastian Drescher</a></strong><br />'
            "<span></span><br />Kakuma / Kenia. In der Region Turkana leben viele Menschen"
            " seit Jahren von der Hilfe aus dem Ausland und wenig anderem.</p>",
            ["Roland Brockmann", "Sebastian Drescher"],
        ),
        # mercury-thoughtcatalog.com: a <cite> with the date after the name
        (
            '<cite class="tc_article-meta-writer-name">By <a title="More by Lauren Jarvis-Gibson"'
            ' href="/lauren-jarvis-gibson/">Lauren Jarvis-Gibson</a>, <time class="article-date"'
            ' datetime="2016-12-16 13:05">December 16, 2016</time></cite>',
            ["Lauren Jarvis-Gibson"],
        ),
        # traf-abc7news.com-napa: "By" in an element of its own
        (
            '<div><span class="tChG">By</span><span><a href="/about/newsteam/jr-stone">'
            "J.R. Stone</a></span></div>",
            ["J.R. Stone"],
        ),
        # traf-bayrische-bembel.de.504: an account's single name, set apart as a link
        (
            '<span class="itemPoster">Geschrieben von <a href="/userinfo.php?uid=6">Cooper</a>'
            '</span> <span class="itemPostDate">am 25.08.2015 22:30</span>',
            ["Cooper"],
        ),
        # traf-der-farang.com-grab-bote: a colon after "Von", the date after a bar
        (
            '<div class="article-meta-wrapper">Von:  Björn Jahner <span>|</span>'
            "<span>31.10.23</span></div>",
            ["Björn Jahner"],
        ),
        # traf-diem25.org.climate: the credit line is a small heading
        (
            '<time datetime="2020-10-12" pubdate><h4>By Giovanni Gaggero | 12/10/2020</h4></time>',
            ["Giovanni Gaggero"],
        ),
        # traf-pinkstinks.de-kulturtechnik: the kind of text before "von"
        (
            '<div class="entry-content"><p><strong>Eine Kolumne von Nils Pickert</strong></p>'
            '<blockquote class="wp-block-quote"><p>Das patriarchalische Eheideal behauptet seine'
            " Herrschaft nicht nur im persönlichen Verhältnis der Gatten</p></blockquote>"
            "</div>",
            ["Nils Pickert"],
        ),
        # de-EuronewsDE_2024_04_30 (fundus): the writer "mit" (with) an agency
        (
            '<div class="c-article-contributors">Von&nbsp;<a href="https://twitter.com/euronews">'
            "Diana Resnik</a> mit&nbsp;<b>AP</b></div>",
            ["Diana Resnik", "AP"],
        ),
        # traf-duengebehoerde-niedersachsen.de-sperrfristen: "Autoren" without a colon
        ("<p>Autoren Jelko Djuren und Jutta Klaukien</p>", ["Jelko Djuren", "Jutta Klaukien"]),
        # traf-ejwue.de.lieferketten: the role in parentheses after the name
        (
            '<div class="news-single-timedata">05.02.2020 <span>-&nbsp;Redaktion: Eberhard Fuhr'
            " (Pressesprecher des EJW)</span></div>",
            ["Eberhard Fuhr"],
        ),
        # traf-hss.de-regierung: a role after the name
        (
            "<p><strong>Autorin: Uta Staschewski, Projektleiterin der HSS in Tunesien.</strong>"
            "</p>",
            ["Uta Staschewski"],
        ),
    ],
)
def test_an_unmarked_credit_line(snippet: str, names: list[str]) -> None:
    assert credit_line(_page(snippet)) == names


@pytest.mark.parametrize(
    "snippet",
    [
        "<p><strong>Neuerscheinungen von Lego Star Wars</strong></p>",  # de-Focus_2023_04_28
        "<small>Photo by Ricardo Gomez Angel</small>",  # moz-toc-missing: a photo's credit
        "<ul><li>Übergang von Schule zu Beruf</li></ul>",  # traf-caritas.de-pr-sidentin
        # traf-chemie.de.spin-off: a caption
        "<p>Die Gründer von MIRO Analytical, Morten Hundt und Oleg Aseev, mit einem Gerät.</p>",
    ],
)
def test_words_before_a_by_that_are_no_credit(snippet: str) -> None:
    assert credit_line(_page(snippet)) == []


def test_a_full_name_credited_in_the_text_beats_the_accounts_handle() -> None:
    """traf-ethify.org.vegetarier: the CMS's account ("human") and the article's own credit."""
    page = _page(
        '<span class="submitted">Gespeichert von <span class="username">human</span> am'
        " 7. Juli 2019 - 18:44</span><p>Blog Beitrag von Margarita Koreneva</p>"
    )
    assert authors(page, {}, "https://ethify.org/a") == ["Margarita Koreneva"]


def test_a_by_label_alone_in_its_field() -> None:
    """traf-rutgers.edu.robot: "By" and the name each in a field of their own."""
    page = _page(
        '<div class="full-name-wrapper"><div class="f--field f--text">'
        "<p class='label'><strong>By</strong></p></div><!-- f--field f--text -->"
        "<div class=\"f--field f--text\"><p class='full-name'>Todd Bates</p></div></div>"
    )
    assert labelled_authors(page) == ["Todd Bates"]
    assert labelled_authors(_page("<p><strong>By</strong></p>")) == []


@pytest.mark.parametrize(
    ("line", "names"),
    [
        # traf-it-for-kids.org.variables
        ("11.12.2019 - Amelie Loevenich", ["Amelie Loevenich"]),
        ("Amelie Loevenich | 11.12.2019", ["Amelie Loevenich"]),
        ("11.12.2019 - Variablen", []),  # a word, not a name
        ("Amelie Loevenich", []),  # no date: a subtitle as likely as a credit
    ],
)
def test_a_name_beside_the_date_under_the_headline(line: str, names: list[str]) -> None:
    page = _page(f'<h1>Variablen und ihr Zuhause</h1><p class="text-muted">{line}</p>')
    assert headline_credit(page) == names


def test_a_name_in_its_own_element_beside_the_date_element() -> None:
    """tr-AnadoluAjansi_2025_04_05 (aa.com.tr): no class marks the byline; the reporter's
    name is the element beside the date's, between the headline and the text."""
    page = _page(
        "<h1>Türkiye'de elektrikli araç şarj istasyonu sayısı 11 bini aştı</h1>"
        "<h4>Türkiye'de şarj istasyonu sayısı 11 bin 218'e ulaştı.</h4><div class=\"row\">"
        '<span style="float:left;">Sehernur Karsu &nbsp;|</span>'
        '<span class="tarih">05.04.2025 - Güncelleme : 05.04.2025 </span></div>'
    )
    assert dated_name(page) == ["Sehernur Karsu"]
    # traf-missy-magazine.de-interabled: a labelled photo credit beside the date is no author
    credit = _page(
        "<h1>Interabled</h1><div><span>Fotos/Illustration: Bär Kittelmann</span>"
        "<time>12.01.2023</time></div>"
    )
    assert dated_name(credit) == []
    assert dated_name(_page("<h1>Interabled</h1><div><span>Anna Dunst</span></div>")) == []


def test_a_first_name_that_signs_above_the_date() -> None:
    """traf-prof-pc.de (prof-pc.de): a blog's post ends "Benni<br /> 10. September 2017"."""
    text = "In dem Sinne: So Long, and Thanks for All the Fish!\n\nBenni\n\n10. September 2017"
    assert dateline_authors(text) == ["Benni"]
    assert dateline_authors(text.replace("Benni", "Aktualisiert")) == []
    assert dateline_authors(text.replace("\n\n10. September 2017", "")) == []


def test_a_name_in_bold_that_signs_the_text() -> None:
    """traf-galore.de.buch (galore.de): the review ends with its writer's name in bold, the
    last element of the text; a bold subhead followed by more is not a signature."""
    text = "".join(f"<p>Absatz {n} der Besprechung.</p>" for n in range(3))
    signed = _page(f'<div>{text}<p class="clearfix"> <strong>Marina Mucha</strong> </p></div>')
    assert signed_paragraph(signed) == ["Marina Mucha"]
    subhead = _page(f"<div>{text}<p><strong>Weitere Informationen</strong></p><ul></ul></div>")
    assert signed_paragraph(subhead) == []


def test_a_name_and_its_date_in_one_line_under_the_headline() -> None:
    # mercury-ma.ttias.be: no class marks the line, the date follows the name after a comma
    page = _page(
        "<h1>cron.weekly issue #130: Github, keycloak, proc, redis6, cron &amp; more</h1><div>"
        '<img alt="Image of Mattias Geniar"><div class="flex-1 px-2"><p class="text-base">'
        "Mattias Geniar, April 19, 2020"
        '</p><p class="font-thin text-base mt-2">Follow me on Twitter as <a'
        ' href="https://twitter.com/mattiasgeniar">@mattiasgeniar</a></p></div></div>'
    )
    assert dated_name(page) == ["Mattias Geniar"]

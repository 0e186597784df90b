"""extract/body's text that trafilatura leaves out and the body takes back: the other parts
of a body cut into several containers of one class (taken whole when they hold prose), and
subheadings that link to their own place in the page.

Fragments are cut from real pages (cited per test), trimmed to the parts the rule reads;
trafilatura's votes are given as the text it keeps.
"""

from __future__ import annotations

from helpers import body_kept as _kept

# be-PoliticoEu_2025_10_23 (shared/corpus/fundus, from flairNLP/fundus's test data, MIT): the
# body is cut by ad rows into "sidebar-grid__content article__content" holders; trafilatura
# keeps the first.
POLITICO = [
    "DUBLIN — She’s slammed NATO, voted against EU treaties, been accused of offering propaganda"
    " boosts for dictators from Russia to Syria — and now she’s on track to become Ireland’s"
    " next president.",
    "Catherine Connolly, a former mayor of the western city of Galway who’s spent the past nine"
    " years as an opposition socialist lawmaker in Ireland’s parliament, has built a commanding"
    " polling lead ahead of Friday’s election versus her only challenger.",
]
POLITICO_REST = [
    "A Connolly victory shouldn’t be a surprise, given how Ireland’s presidency has evolved in"
    " the public mind since civil rights lawyer Mary Robinson’s trailblazing win in 1990.",
    "Once a sinecure for senior statesmen backed by the dominant Fianna Fáil party, Robinson’s"
    " breakthrough augured in a new era of presidents coming from the opposition benches.",
]
PART = "<div class='sidebar-grid__content article__content'>{}</div>"
POLITICO_HTML = (
    "<html><body><article><h1>Ireland’s next president</h1><div class='sidebar-grid'>"
    + "<div class='sidebar-grid__container'>"
    + PART.format("".join(f"<p>{t}</p>" for t in POLITICO))
    + "</div>"
    + "<div class='ad full-bleed'><span class='ad-label'>Advertisement</span></div>"
    + "<div class='sidebar-grid__container'>"
    + PART.format("".join(f"<p>{t}</p>" for t in POLITICO_REST))
    + "</div></div></article></body></html>"
)


def test_the_other_parts_of_a_split_body_are_kept() -> None:
    assert _kept(POLITICO_HTML, POLITICO) == POLITICO + POLITICO_REST


# Zyte benchmark page 33fe2471 (data/zyte, MIT; inexhibit.com, the Amsterdam Light Festival):
# the layout's "span12" cells hold the headline and byline, the body, and a "More in" box;
# the cells around the body are no parts of it.
INEXHIBIT = [
    "As of 29 November 2018, thirty artworks will light up the city center of Amsterdam for the"
    " seventh year in a row.",
    "For this years’ edition of Amsterdam Light Festival artists, designers and architects from"
    " sixteen different countries share their interpretation of the central theme.",
]
CELL = "<div class='row-fluid'><div class='span12'>{}</div></div>"
INEXHIBIT_HTML = (
    "<html><body>"
    + CELL.format(
        "<h1 class='single-title'>The 7th Amsterdam Light Festival</h1><p"
        " class='post-text-author'>By admin - 2018-09-16</p>"
    )
    + CELL.format("".join(f"<p class='post-text'>{t}</p>" for t in INEXHIBIT))
    + CELL.format("<div class='title-bar-orange'><h2>More in Amsterdam</h2></div>")
    + "</body></html>"
)


def test_cells_of_the_bodys_class_without_prose_are_no_parts() -> None:
    assert _kept(INEXHIBIT_HTML, INEXHIBIT) == INEXHIBIT


# moz-toc-missing (shared/corpus/extra/readability, mozilla/readability's test pages,
# Apache-2.0; hakibenita.com): each subheading is a link to its own place in the page (a
# permalink), which trafilatura leaves out with the links.
HAKI = [
    "What our naked eye missed in the chart and in the raw data, was found by the query, and was"
    " classified as an anomaly. We are off to a great start!",
    "Backtesting",
    "In the previous section we identified an anomaly. We found an increase in 400 status code"
    " because the z-score was 6. But how do we set the threshold for the z-score?",
]
HAKI_HTML = (
    "<html><body><article><h1>Simple Anomaly Detection Using Plain SQL</h1><div class='post'>"
    f"<p>{HAKI[0]}</p><hr><h2 id='backtesting'><a class='toclink' href='#backtesting'>{HAKI[1]}"
    f"</a></h2><p>{HAKI[2]}</p></div></article></body></html>"
)


def test_a_subheading_linking_to_itself_is_no_link() -> None:
    assert _kept(HAKI_HTML, [HAKI[0], HAKI[2]]) == HAKI


def test_a_subheading_linking_elsewhere_stays_a_link() -> None:
    html = HAKI_HTML.replace("href='#backtesting'", "href='/backtesting/'")
    assert _kept(html, [HAKI[0], HAKI[2]]) == [HAKI[0], HAKI[2]]

"""extract/body's opening paragraphs: voted prose set before the container in a box of its own.

The fragment is cut from a real page of the shared corpus (cited), trimmed to the parts the
rule reads.
"""

from __future__ import annotations

from newscrawl.extract.body import extract_body

# traf-de.starsinsider.com-angst (shared/corpus/extra/trafilatura, from adbar/trafilatura's
# evaluation pages, Apache-2.0): the opening paragraph sits before an ad slot, the rest of the
# text in a box of captioned gallery items after it, which holds most of the text.
ITEMS = [
    (
        "Warum haben wir Angst?",
        "Angst ist, wirft man einen Blick auf unsere Evolution, ein uraltes Phänomen. Sie ist es"
        " sogar, der wir unseren Erfolg als Spezies zu verdanken haben.",
    ),
    (
        "Die Angst hat Lebewesen gerettet",
        "Jede Kreatur, die nicht vor größeren Tieren oder gefährlichen Situationen flieht und"
        " sich versteckt, hat kaum eine Chance, sich fortzupflanzen, bevor sie aus dem Genpool"
        " entfernt wird.",
    ),
    (
        "Schnelle Reaktion",
        "Die Tatsache, dass die Angst zum Überleben notwendig ist, erklärt, warum sie manchmal"
        " ein wenig zu vorschnell erscheint. Mit anderen Worten: Es macht Sinn, etwas nervös zu"
        " sein, wenn man sich in einer feindlichen Umgebung befindet.",
    ),
    (
        "Was passiert im Körper?",
        "Die physiologischen Veränderungen, die auftreten, wenn eine Person Angst empfindet,"
        ' werden oft als "Kampf-oder-Flucht-Reaktion" bezeichnet. Das bedeutet, dass man'
        " entweder bleibt und kämpft oder flieht.",
    ),
    (
        "Viele Dinge passieren",
        "Ihre Atem- und Herzfrequenz steigen, periphere Blutgefäße ziehen sich zusammen, und"
        " zentrale Blutgefäße um lebenswichtige Organe erweitern sich, um sie mit Sauerstoff und"
        " Nährstoffen zu versorgen.",
    ),
    (
        "Gänsehaut",
        "Die Muskeln, einschließlich derer an der Basis jedes Haares, spannen sich ebenfalls an,"
        ' was zu einer sogenannten "Piloerektion" führt, die uns allen als Gänsehaut bekannt'
        " ist.",
    ),
    (
        "Glukose",
        "Wenn wir einer Angst gegenüberstehen, steigen die Glukosewerte im Blut stark an und"
        " stellen einen sofortigen Energiespeicher bereit, falls eine Handlung erforderlich ist."
        " Ebenso steigen die Kalzium- und weißen Blutkörperchenwerte im Blut an.",
    ),
    (
        "Die Reaktion",
        "Die Kampf-oder-Flucht-Reaktion beginnt in der Amygdala, einem kleinen Bündel von"
        " Neuronen, das Teil des limbischen Systems ist. Sie spielt eine wichtige Rolle bei der"
        " Verarbeitung von Emotionen, einschließlich der Angst.",
    ),
]
OPENING = (
    "Die Angst ist ein unausweichlicher Bestandteil der menschlichen Erfahrung. Obwohl sie in"
    " der Regel als eine unerwünschte Emotion betrachtet wird, gibt es Menschen, die sie aktiv"
    " suchen, etwa durch Sprünge aus Flugzeugen oder das Schauen gruseliger Filme. Doch die"
    " faszinierende Frage bleibt: Was setzt die Mechanismen der Furcht in Gang?"
)
URL = "https://de.starsinsider.com/gesundheit/588409/this-is-what-happens-to-your-brain"


def _page(opening: str) -> str:
    items = "".join(
        f'<div class="img-container"><img src="/g/{n}.jpg" alt="{head}"></div>'
        f'<div class="nm-custom-label-tag"><span>{n}/28 photos</span></div>'
        f'<h2 class="news-subheadline">{head}</h2><div><p>{text}</p></div>'
        for n, (head, text) in enumerate(ITEMS, 2)
    )
    return (
        '<html><body><div class="side-menu"><h1>Menu</h1></div><div class="main-container">'
        '<h1 class="news-headline">Das passiert mit Ihrem Gehirn und Körper, wenn Sie Angst'
        ' haben</h1><div class="news-main-text">'
        f'{opening}<div class="pub-container inside-news"><div class="pub-space"></div></div>'
        f'<div style="display: block">{items}</div></div></div></body></html>'
    )


def test_the_opening_paragraph_before_an_ad_slot_is_kept_before_the_rest() -> None:
    body = extract_body(_page(f"<p>{OPENING}</p>"), URL)
    assert body.index("<p>Die Angst ist ein unausweichlicher") < body.index("<h2>Warum haben")
    assert "<p>Die Kampf-oder-Flucht-Reaktion beginnt" in body


def test_a_short_line_before_the_container_is_not_an_opening() -> None:
    # under OPENING_TEXT characters: a kicker, a date, a label
    body = extract_body(_page("<p>Gesundheit: Angst im Alltag</p>"), URL)
    assert "Gesundheit: Angst" not in body
    assert "<p>Die Kampf-oder-Flucht-Reaktion beginnt" in body

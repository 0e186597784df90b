"""extract/body's interface boxes inside the body, which trafilatura keeps as text: boxes
around form controls (an embed's consent notice, a summary folded behind a button), and short
lines boxed with a picture (captions no class names, teaser cards).

Fragments are cut from real pages of the shared corpus (cited per test), trimmed to the parts
the rule reads.
"""

from __future__ import annotations

from helpers import body_kept as _kept

from newscrawl.extract.body import extract_body

# de-Tagesspiegel_2024_04_29 (shared/corpus/fundus, from flairNLP/fundus's test data, MIT): an
# external embed's consent notice between two paragraphs, a box around a checkbox and its label.
BEFORE = (
    "Eine Untersuchung des Orkans „Xynthia“, der im Februar/März 2010 über Westeuropa zog, hatte"
    " gezeigt, dass wärmere Ozeantemperaturen zu einem geringeren Kerndruck eines Modellsturms"
    " führen und damit höhere Windgeschwindigkeiten verursachen. „Allerdings hängt der Effekt von"
    " jedem einzelnen Sturm ab und vor allem davon, aus welcher Region die Luftmassen des Sturms"
    " kommen“, erklärt Fink."
)
AFTER = (
    "KIT-Forscher Fink geht davon aus, dass die Erwärmung der Meere den Wasserdampfgehalt über"
    " dem Nordatlantik nur um wenige Prozent erhöht. Für extreme Regenmengen brauche es zudem"
    " eine entsprechende Wetterlage. „Das chaotische Wetter spielt für ihr Auftreten eine"
    " Rolle.“"
)
NOTICE = (
    "An dieser Stelle finden Sie einen von unseren Redakteuren ausgewählten, externen Inhalt,"
    " der den Artikel für Sie mit zusätzlichen Informationen anreichert. Sie können sich hier"
    " den externen Inhalt mit einem Klick anzeigen lassen oder wieder ausblenden."
)
CONSENT = (
    "<div class='B4br'><div class='Nbr Nbs'><div class='Nbv Nbt'>"
    "<p class='Nbw'>Empfohlener redaktioneller Inhalt</p>"
    f"<p>{NOTICE}</p><input id='id_291922284' type='checkbox' class='Nby visually-hidden'>"
    "<label for='id_291922284' class='Nbx'> Externen Inhalt anzeigen </label>"
    "<p class='Nb2'>Ich bin damit einverstanden, dass mir der externe Inhalt angezeigt wird."
    " Damit können personenbezogene Daten an Drittplattformen übermittelt werden.</p>"
    "</div></div></div>"
)
PAGE = (
    "<html><body><article><h1>Wenn die Ozeane überhitzen</h1><div class='article-body'>"
    + "".join(f"<p>{BEFORE} {n}</p>" for n in range(3))
    + "{box}"
    + "".join(f"<p>{AFTER} {n}</p>" for n in range(3))
    + "</div></article></body></html>"
)


def test_a_consent_notice_around_a_checkbox_goes() -> None:
    body = extract_body(PAGE.replace("{box}", CONSENT), "https://www.tagesspiegel.de/wissen/")
    assert BEFORE in body
    assert AFTER in body
    assert "Empfohlener" not in body
    assert "anreichert" not in body
    assert "einverstanden" not in body


def test_the_same_text_without_the_control_stays() -> None:
    box = CONSENT.replace(
        "<input id='id_291922284' type='checkbox' class='Nby visually-hidden'>", ""
    )
    body = extract_body(PAGE.replace("{box}", box), "https://www.tagesspiegel.de/wissen/")
    assert "anreichert" in body


def test_a_control_in_the_bodys_own_holder_takes_nothing() -> None:
    # a "show more" button set right in the body's <div>: the container is no box
    page = PAGE.replace("{box}", "<button>Mehr anzeigen</button>")
    body = extract_body(page, "https://www.tagesspiegel.de/wissen/")
    assert BEFORE in body
    assert AFTER in body


# de-DW_2023_04_28 (shared/corpus/fundus, from flairNLP/fundus's test data, MIT): a picture and
# its caption in a "picBox" between two paragraphs, the caption a plain <p>.
DW = [
    "Für die Offensive haben die Armee und die Nationalgarde nach Schätzungen der Online-Zeitung"
    ' "Ukrajinska Prawda" mindestens 16 neue Brigaden gegründet, insgesamt bis zu 50.000 Mann.',
    "Die Wetterbedingungen sind noch ungünstig. Regen hat viele Landstraßen für schwere"
    " Kriegstechnik kaum passierbar gemacht.",
]
DW_CAPTION = "Seit Monaten umkämpft: die ostukrainische Stadt Bachmut"
DW_BOX = (
    "<div class='picBox full rechts'><a class='overlayLink' href='#'><img"
    " src='https://static.dw.com/image/65453233_401.jpg' alt='Bachmut'></a>"
    f"<p>{DW_CAPTION}</p></div>"
)


def _dw(box: str) -> str:
    return (
        "<html><body><article><h1>Ukraine: Wann beginnt die Offensive?</h1><div"
        " class='longText'>"
        + "".join(f"<p>{DW[0]} {n}</p>" for n in range(3))
        + box
        + "".join(f"<p>{DW[1]} {n}</p>" for n in range(3))
        + "</div></article></body></html>"
    )


def test_a_caption_boxed_with_its_picture_goes() -> None:
    body = extract_body(_dw(DW_BOX), "https://www.dw.com/de/a-65464327")
    assert DW[0].split(",")[0] in body
    assert "Seit Monaten" not in body


def test_a_line_with_an_image_in_it_stays() -> None:
    # a line that draws its own emoji as an image is no label of a picture beside it
    box = f"<div class='x'><p>{DW_CAPTION} <img src='/smile.png' alt=':)'></p></div>"
    body = extract_body(_dw(box), "https://www.dw.com/de/a-65464327")
    assert "Seit Monaten" in body


# Zyte benchmark page d90bda7e (data/zyte, MIT; panarmenian.net): teaser cards of other stories
# (a thumbnail, a headline link, a one-line blurb) in the body's holder after its text.
ARMENIAN = (
    "The House of Representatives overwhelmingly voted Tuesday, October 29 to officially"
    " recognize the Armenian Genocide, a move that Turkey condemned as a political stunt."
)
CARD = (
    "<div class='fl'><div class='focusedNews'><div class='last_news_list'><table><tr><td><a"
    " href='http://www.panarmenian.net/eng/news/{n}/'><img src='/thumb_{n}.jpg' alt=''></a></td>"
    "<td><a href='http://www.panarmenian.net/eng/news/{n}/'>{title}</a></td></tr></table></div>"
    "<div>{blurb}</div></div></div>"
)
CARDS = [
    (
        273161,
        "French actor of Armenian descent Charles Gérard dies aged 96",
        "French actor of Armenian descent Charles Gérard died September 19 at the age of 96.",
    ),
    (
        273131,
        "Urartu relics unearthed in Iran",
        "Archaeological relics related to the Kingdom of Urartu have been found in Anaqizli.",
    ),
]


def test_teaser_cards_with_a_thumbnail_go() -> None:
    page = (
        "<html><body><div class='news_block'><h1>Ilhan Omar fails to grasp</h1>"
        + "".join(f"<p>{ARMENIAN} {n}</p>" for n in range(4))
        + "".join(CARD.format(n=n, title=t, blurb=b) for n, t, b in CARDS)
        + "</div></body></html>"
    )
    body = [f"{ARMENIAN} {n}" for n in range(4)]
    voted = body + [line for _, title, blurb in CARDS for line in (title, blurb)]
    assert _kept(page, voted) == body


# at-DiePresse_2025_06_05 (shared/corpus/fundus, from flairNLP/fundus's test data, MIT): a note
# to the reader boxed between two sections of a guest commentary (its heading and text two
# levels down), the commentary's paragraphs going on after it.
PRESSE_BEFORE = (
    "Geografisch gesehen ist der Anspruch ein Unentschieden: Je nachdem, wie man misst, haben die"
    " USA und Mexiko entlang des Golfs Küsten von ungefähr gleicher Länge."
)
PRESSE_AFTER = (
    "Um die strategische Bedeutung des amerikanischen Doppelkontinents im 21. Jahrhundert richtig"
    " einzuschätzen, müssen wir bei den Menschen ansetzen."
)
PRESSE_NOTE = (
    "<div class='fm-box flexmodule flexmodule--factbox'><div class='fm-box__content'>"
    "<h2 class='fm-box__title'>Hinweis: </h2><p>Gastkommentare und Beiträge von externen"
    " Autorinnen und Autoren wie dieser hier müssen nicht der Meinung der Redaktion"
    " entsprechen.</p></div></div>"
)


def _presse(box: str, after: int = 3) -> str:
    return (
        "<html><body><article><h1>Nennen wir ihn doch Golf von Nordamerika</h1><div>"
        + "".join(f"<p>{PRESSE_BEFORE} {n}</p>" for n in range(3))
        + box
        + "<h2>Sie werden nicht verschwinden</h2>"
        + "".join(f"<p>{PRESSE_AFTER} {n}</p>" for n in range(after))
        + "</div></article></body></html>"
    )


def test_a_note_boxed_among_the_bodys_paragraphs_goes() -> None:
    body = extract_body(_presse(PRESSE_NOTE), "https://www.diepresse.com/19765800/")
    assert PRESSE_BEFORE in body
    assert PRESSE_AFTER in body
    assert "Sie werden nicht verschwinden" in body
    assert "Hinweis" not in body
    assert "Gastkommentare" not in body


def test_a_factbox_closing_the_body_stays() -> None:
    # a recipe card or a factbox after the body's last paragraph is the article's own
    page = _presse("", after=3).replace("</div></article>", PRESSE_NOTE + "</div></article>")
    body = extract_body(page, "https://www.diepresse.com/19765800/")
    assert "Gastkommentare" in body


def test_a_box_of_short_lines_among_the_paragraphs_stays() -> None:
    # a product's specification card in a review (traf-ebike-mtb.com-offroad): lines, no prose
    card = (
        "<div class='card'><div class='specs'><h3>Ausstattung</h3>"
        "<p>Motor Bosch Performance Line CX 85 Nm</p><p>Akku Bosch PowerTube 750 Wh</p>"
        "<p>Federgabel RockShox ZEB Ultimate 160 mm</p></div></div>"
    )
    body = extract_body(_presse(card), "https://www.diepresse.com/19765800/")
    assert "PowerTube" in body


def test_a_subheading_wrapped_in_a_box_stays() -> None:
    wrapped = "<div class='heading'><h2>Ein Unentschieden</h2></div><p>" + PRESSE_BEFORE + "</p>"
    body = extract_body(_presse(wrapped), "https://www.diepresse.com/19765800/")
    assert "Ein Unentschieden" in body

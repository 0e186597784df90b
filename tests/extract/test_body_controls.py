"""extract/body's boxes around form controls inside the body: an embed's consent notice, a
summary folded behind a button, which trafilatura keeps as text.

Fragments are cut from real pages of the shared corpus (cited per test), trimmed to the parts
the rule reads.
"""

from __future__ import annotations

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

"""extract/body's selection rules on trafilatura's votes, given here as the text trafilatura
keeps (its choice on the whole page, which a cut fragment would not reproduce).

Fragments are cut from real pages of the shared corpus and the Zyte benchmark (cited per test).
"""

from __future__ import annotations

from helpers import body_kept as _kept
from lxml import etree

from newscrawl.extract.body import parse
from newscrawl.extract.body.page import _DROP, Page
from newscrawl.extract.body.prune import drop_orphan_labels

# de-JungeWelt_2026_05_18 (shared/corpus/fundus, from flairNLP/fundus's test data, MIT): the
# opening paragraph, under a drop cap, is the one paragraph of the body trafilatura leaves out.
JW = [
    "Der neokoloniale »Africa Forward Summit« (AFS) sollte nicht unwidersprochen bleiben: Am 11."
    " und 12. Mai fand in Nairobi der »Pan-Africanism Summit Against Imperialism« (PASAI) statt.",
    "Auf dem AFS diskutierten Staatsoberhäupter, Unternehmens- und UN-Vertreter über zahlreiche"
    " Abkommen. Die französische Reederei CMA CGM will beispielsweise 700 Millionen Euro in die"
    " Modernisierung eines Terminals im Hafen von Mombasa investieren.",
    "Booker Omole, Generalsekretär der CPM-K, sagte dazu: »Der kenianische Kompradorenstaat"
    " verkauft die Souveränität des Landes an ausländisches Kapital.«",
    "Wie sich diese Orientierung an ausländischen Interessen wirtschaftlich auswirkt, zeigte"
    " sich auf dem Gipfel an vielen Stellen, wie die Delegierten berichteten.",
]
JW_HTML = (
    '<html><body><main><article><div class="content font-serif majuskel">'
    f"<p>{JW[0]}</p><h3>Frankreich sucht Einfluss</h3><p>{JW[1]}</p><p>{JW[2]}</p>"
    f"<p>{JW[3]}</p></div>"
    '<div class="share"><p>Teilen Sie diesen Artikel mit Ihren Freunden in den sozialen'
    " Netzwerken und per E-Mail, damit mehr Menschen davon erfahren.</p></div>"
    "</article></main></body></html>"
)


def test_a_paragraph_beside_the_bodys_paragraphs_is_kept() -> None:
    kept = _kept(JW_HTML, [*JW[1:], "Frankreich sucht Einfluss"])
    assert kept[0] == " ".join(JW[0].split())
    assert not any(k.startswith("Teilen Sie") for k in kept)  # not the paragraphs' sibling


def test_a_short_paragraph_beside_them_is_left_to_the_votes() -> None:
    html = JW_HTML.replace(JW[0], "Nairobi, 18. Mai.")
    assert "Nairobi, 18. Mai." not in _kept(html, JW[1:])


# es-MallorcaMagazin_2025_04_16 (shared/corpus/fundus, MIT): the body's first paragraph, then
# the rest in a container trafilatura takes for hidden; it keeps only the lead and the first
# paragraph.
MM_REST = [
    "In einer Stellungnahme der Familie hieß es: Sein Tod wird seine Verwandten, seine Freunde"
    " und seine Leser auf der ganzen Welt traurig stimmen, aber wir hoffen, dass sie wie wir"
    " Trost in der Tatsache finden, dass er ein langes, abwechslungsreiches Leben hatte.",
    "Vargas Llosa war einer der wichtigsten lateinamerikanischen Schriftsteller seiner Zeit. Der"
    " Autor von „Die Stadt und die Hunde“, „Tante Julia und der Kunstschreiber“ und „Das Fest des"
    " Ziegenbocks“ wurde 2010 mit dem Literaturnobelpreis ausgezeichnet.",
    "Der streitbare Liberale bewarb sich 1990 in seinem Heimatland Peru als Präsident, unterlag"
    " aber Alberto Fujimori, und zog danach nach Spanien, dessen Staatsbürgerschaft er 1993"
    " annahm, wie die Agentur berichtete, und lebte seither in Madrid.",
    "Vargas Llosa pflegte auch eine enge Beziehung zu Mallorca. Zwischen 1958 und 2016 besuchte"
    " er die Insel immer wieder, sprach im Pressepalast, traf Verleger und Leser, und schrieb"
    " über die Insel in seinen Romanen, Essays und Zeitungsartikeln.",
] * 2
MM_FIRST = (
    "Der peruanische Literaturnobelpreisträger Mario Vargas Llosa ist tot. Er starb am Sonntag"
    " im Alter von 89 Jahren im Kreise seiner Familie in der peruanischen Hauptstadt Lima."
)
MM_LEAD = (
    "Er galt als mächtigste Stimme des Liberalismus in Lateinamerika. Auch sein Privatleben"
    " sorgte immer wieder für Schlagzeilen. Jetzt ist der große Romancier tot."
)
MM_HTML = (
    '<html><body><main class="post"><div class="post-wrapper post-content bx">'
    '<div class="post-intro"><h1 class="news-heading">Vargas Llosa gestorben</h1>'
    f'<h2 class="post-subtitle">{MM_LEAD}</h2></div>'
    '<div class="row"><div class="col-lg-8"><div class="post-text mrf-article-body">'
    f"<p>{MM_FIRST}</p>"
    '<div class="prometeo-hideable" id="post-text-hidden">'
    + "".join(f"<p>{t}</p>" for t in MM_REST)
    + "</div></div></div></div></div></main></body></html>"
)


def test_the_density_container_below_the_voted_start_adds_to_it() -> None:
    kept = _kept(MM_HTML, [MM_LEAD, MM_FIRST])
    assert kept[:2] == [MM_LEAD, MM_FIRST]
    assert len(kept) == 2 + len(MM_REST)


# moz-bug-1255978 (shared/corpus/extra/readability, mozilla/readability's test pages,
# Apache-2.0): inside the article's body, a gallery of 50 captioned pictures of other stories,
# which trafilatura keeps beside the article's own paragraphs.
BUG_TEXT = [
    "Most people go to hotels for the pleasure of sleeping in a giant bed with clean white sheets"
    " and waking up to fresh towels in the morning.",
    "But those towels and sheets might not be as clean as they look, according to the hotel"
    " bosses that responded to an online thread about the things hotel owners don’t want you to"
    " know.",
    "Zeev Sharon and Michael Forrest Jones both run hotel start-ups in the US. Forrest Jones runs"
    " the start-up Beechmont Hotels Corporation, a hotel operating company that consults with"
    " hotel owners on how they can improve their business.",
    "Here are some of the secrets that the receptionist will never tell you when you check in,"
    " according to answers posted on Quora.",
    "Forrest Jones said that anything that comes into contact with any of the previous guest’s"
    " skin should be taken out and washed every time the room is made.",
]
BUG_CAPTION = (
    "Production of the next Star Wars movie has brought an economic impact of some £150 million"
    " to Britain, according to company accounts. The seventh movie in the series was filmed at"
    " Pinewood Studios."
)
BUG_SLIDE = "<li><h3>{n}/50 Star Wars boosts economy</h3><p>" + BUG_CAPTION + "</p></li>"
BUG_HTML = (
    '<html><body><article class="full-article"><div class="text-wrapper"'
    ' itemprop="articleBody"><div class="dnd-widget-wrapper context-full type-gallery">'
    '<div class="full-gallery"><div class="scroller"><ul class="legends">'
    + "".join(BUG_SLIDE.format(n=n) for n in range(1, 31))
    + "</ul></div></div></div>"
    + "".join(f"<p>{t}</p>" for t in BUG_TEXT)
    + "</div></article></body></html>"
)


def test_a_gallery_beside_the_articles_text_is_not_its_body() -> None:
    slides = [f"{n}/50 Star Wars boosts economy" for n in range(1, 31)]
    voted = [t for s in slides for t in (s, BUG_CAPTION)] + BUG_TEXT
    kept = _kept(BUG_HTML, voted)
    assert kept == [" ".join(t.split()) for t in BUG_TEXT]


def test_a_gallery_alone_stays_the_body() -> None:
    html = BUG_HTML.replace("".join(f"<p>{t}</p>" for t in BUG_TEXT), "<p>Getty</p>")
    slides = [f"{n}/50 Star Wars boosts economy" for n in range(1, 31)]
    assert slides[0] in _kept(html, slides)


# moz-nytimes-4 (shared/corpus/extra/readability, Apache-2.0): an ai2html chart between the
# paragraphs sets its labels as <p> elements in an "interactive-graphic" box.
NYT = [
    "WASHINGTON — A rising tide of red ink has put the federal government on track to spend more"
    " on interest payments than it does on the military or Medicaid within the next several"
    " years.",
    "Tax cuts, spending increases and higher interest rates could make it harder to respond to"
    " future recessions and deal with other needs, economists and budget experts warn.",
    "Within a decade, the government will be spending more than $900 billion in interest, with"
    " the debt payments growing faster than any other major part of the budget.",
]
NYT_HTML = (
    '<html><body><article id="story"><section itemprop="articleBody">'
    f"<p>{NYT[0]}</p><p>{NYT[1]}</p>"
    '<section class="interactive-embedded"><div class="interactive-graphic custom-graphic">'
    '<div class="ai2html"><div class="g-artboard"><p class="g-pstyle0">Interest payments on the'
    ' national debt</p><p class="g-pstyle1">$915</p><p class="g-pstyle1">billion</p>'
    '<p class="g-pstyle3">RECESSIONS</p></div></div></div></section>'
    f"<p>{NYT[2]}</p></section></article></body></html>"
)


def test_chart_labels_between_paragraphs_are_not_adopted() -> None:
    assert _kept(NYT_HTML, NYT) == [" ".join(t.split()) for t in NYT]


# uk-EveningStandard_2024_05_02 (shared/corpus/fundus, MIT): a "Read More" heading over three
# links to other stories, between two paragraphs; and a heading that ends the body.
ES = [
    "This match was always going to be key, the rescheduled game from February, which became"
    " Chelsea's chance to close the gap on the teams above them in the table.",
    "Now Chelsea know exactly what they need to do. They have four games left to claw back a"
    " three-point deficit on Manchester United and Newcastle.",
]
ES_HTML = (
    '<html><body><article><div class="sc-goswLM">'
    f"<p>{ES[0]}</p>"
    '<div class="sc-QKHsU"><h3 class="sc-eZuMGc">Read More</h3>'
    '<a href="/sport/football/tottenham-player-ratings"><p class="related-text">Tottenham player'
    " ratings: Emerson uncomfortable as tired Son has little impact</p></a>"
    '<a href="/sport/football/chelsea-tottenham"><p class="related-text">Chelsea prove too good'
    " as Spurs fall to another derby defeat</p></a></div>"
    f"<p>{ES[1]}</p><h2>Chelsea’s propelled into Euro race</h2>"
    "</div></article></body></html>"
)


def test_a_heading_over_links_only_and_a_closing_heading_go() -> None:
    kept = _kept(ES_HTML, [ES[0], "Read More", ES[1], "Chelsea’s propelled into Euro race"])
    assert kept == [" ".join(t.split()) for t in ES]


def test_a_heading_over_text_stays() -> None:
    html = ES_HTML.replace("</a></div>", "</a><p>The Blues play West Ham next.</p></div>", 1)
    html = html.replace("</a><a", "</a><p>The Blues play West Ham next.</p><a", 1)
    kept = _kept(html, [ES[0], "Read More", "The Blues play West Ham next.", ES[1]])
    assert "Read More" in kept


# traf-phys.org.tool (shared/corpus/extra/trafilatura, adbar/trafilatura's evaluation pages,
# Apache-2.0; its annotation excludes "Explore further"): a line over one link to another
# story, between the body and its closing note.
PHYS = [
    "A team of researchers affiliated with several institutions in The Netherlands has found"
    " evidence that Neanderthals used birch tar to attach flint tools to handles.",
    "Prior work has turned up evidence of Neanderthals using birch tar to fashion tools, but"
    " the way they made the tar has remained a matter of debate among researchers.",
    "The tool was found on Zandmotor beach near The Hague prior to the arrival of modern humans"
    " in the area, the researchers note.",
    "© 2019 Science X Network",
]
PHYS_HTML = (
    '<html><body><article><div class="mt-4 article-main">'
    + "".join(f"<p>{t}</p>" for t in PHYS[:3])
    + '<div class="article-main__explore my-4 d-print-none"><div class="d-flex align-items-center">'
    '<p class="text-bold mb-0 ml-2">Explore further</p></div><a class="text-medium"'
    ' href="https://phys.org/news/2019-08-neanderthal-tool-making-simpler.html">Neanderthal'
    " tool-making process may have been simpler than previously thought</a></div>"
    f'<p class="article-main__note mt-4">{PHYS[3]}</p></div></article></body></html>'
)


def test_a_line_over_a_link_to_another_story_goes() -> None:
    kept = _kept(PHYS_HTML, [*PHYS[:3], "Explore further", PHYS[3]])
    assert "Explore further" not in kept
    assert kept == PHYS


# traf-hrjournal.de.trends (shared/corpus/extra/trafilatura, Apache-2.0; its annotation
# excludes the line): the body ends on a line ending in a colon over a list of links.
HR = [
    "Unternehmen, ganz gleich welcher Größe, werden immer größere Schwierigkeiten haben,"
    " qualifizierte Fachkräfte zu finden und an sich zu binden.",
    "Diese Situation verschafft großen Unternehmen nur vermeintlich mehr Luft, denn auch sie"
    " müssen um Talente werben wie nie zuvor.",
]
HR_HTML = (
    '<html><body><article><div class="entry-content" itemprop="text">'
    + "".join(f"<p>{t}</p>" for t in HR)
    + "<p>Lesen Sie auch die folgenden Beiträge:</p><ul>"
    '<li><a href="/hr-prozesse-digitalisieren/">Warum Sie diese drei HR-Prozesse digitalisieren'
    ' sollten</a></li><li><a href="/jobmarkt/">Der Jobmarkt bleibt vital</a></li></ul>'
    "</div></article></body></html>"
)


def test_a_closing_line_over_links_goes_and_one_over_nothing_stays() -> None:
    label = "Lesen Sie auch die folgenden Beiträge:"
    assert _kept(HR_HTML, [*HR, label]) == HR
    html = HR_HTML.replace("<ul>", '<ul class="x"><li><img src="/a.jpg"></li>').split("<li><a")[0]
    assert _kept(html + "</ul></div></article></body></html>", [*HR, label]) == [*HR, label]


# traf-aerobuzz.de-bremen (shared/corpus/extra/trafilatura, Apache-2.0; its annotation excludes
# the embedded posts): WordPress embeds of the site's other stories, each a <blockquote> around
# one link, below "Schon gelesen?"; a quote with text in the body stays.
AERO = [
    "Die CAE GmbH wird künftig Piloten der Luftwaffe am Standort Bremen ausbilden, teilte das"
    " Unternehmen am Dienstag mit und nannte die ersten Lehrgänge für den Herbst.",
    "Dan Gelston, der Vorsitzende des Geschäftsbereichs Defence & Security, sagte, man freue"
    " sich, die Ausbildung zukünftiger Piloten zu unterstützen.",
]
AERO_QUOTE = "Wir freuen uns, die Luftwaffe bei der Ausbildung ihrer Piloten zu unterstützen."
AERO_HTML = (
    '<html><body><article><div class="article_texte">'
    f"<p>{AERO[0]}</p><blockquote><p>{AERO_QUOTE}</p></blockquote><p>{AERO[1]}</p>"
    "<p><strong>Schon gelesen?</strong></p>"
    '<blockquote class="wp-embedded-content"><p><a href="https://aerobuzz.de/militar-news/'
    'luftwaffe-laesst-piloten-in-italien-ausbilden/">Luftwaffe lässt Piloten in Italien'
    " ausbilden</a></p></blockquote>"
    '<blockquote class="wp-embedded-content"><p><a href="https://aerobuzz.de/militar/'
    'luftwaffe-h145/">Luftwaffe hat mit dem Training auf den H145 von NHV begonnen</a></p>'
    "</blockquote></div></article></body></html>"
)


def test_embedded_links_to_other_stories_are_no_quotes() -> None:
    kept = _kept(AERO_HTML, AERO)
    assert AERO_QUOTE in kept
    assert not any(k.startswith("Luftwaffe") for k in kept)


def test_labels_of_a_body_that_kept_nothing_are_no_error() -> None:
    # every vote a link list: nothing is kept, and the label pass has nothing to look at
    root = parse(HR_HTML)
    etree.strip_elements(root, *_DROP, with_tail=False)
    page = Page(root)
    chosen = [False] * len(page.segments)
    drop_orphan_labels(page, chosen, root)
    assert not any(chosen)


# pl-Rzeczpospolita_2025_02_02 (shared/corpus/fundus, from flairNLP/fundus's test data, MIT):
# the body is cut in two by an ad row; its last paragraph sits in a second body <div> (its class
# one word short of the first's) that trafilatura leaves out, with the class of every paragraph.
RP = [
    "Friedrich Merz, najpoważniejszy kandydat na kanclerza, chce stałych kontroli na granicach.",
    "Na trzy tygodnie przed wyborami parlamentarnymi w Niemczech Bundestag przyjął wniosek CDU/CSU"
    " w sprawie zaostrzenia polityki imigracyjnej.",
    "Zdają sobie z tego sprawę przywódcy partii chadeckich, które liczą na poparcie wyborców.",
    "– Taka zapowiedź jest złożona nieco na wyrost – mówi „Rzeczpospolitej” Jochen Stadt.",
    "Trudno sobie dzisiaj wyobrazić, że SPD zgodzi się na odsyłanie bezpośrednio na granicach osób"
    " składających wnioski azylowe.",
]
RP_P = '<p class="articleBodyBlock article--paragraph">{}</p>'
RP_HTML = (
    '<html><body><div class="paywallAccessWrapper contentBodySections">'
    f'<div class="blog--subtitle">{RP[0]}</div><div class="row"><div class="article--content">'
    f'<div class="body articleBody -bottom-space">{"".join(RP_P.format(p) for p in RP[1:4])}'
    '</div></div></div><div class="row"><div class="advert--title">Reklama</div></div>'
    '<div class="row"><div class="article--content"><div class="body articleBody ">'
    f"{RP_P.format(RP[4])}</div></div></div></div></body></html>"
)


def test_a_paragraph_of_the_body_paragraphs_class_is_kept_in_another_holder() -> None:
    kept = _kept(RP_HTML, RP[:4])
    assert kept[-1] == RP[4]
    assert "Reklama" not in kept


def test_an_unnamed_paragraph_in_another_holder_is_left_to_the_votes() -> None:
    html = RP_HTML.replace(RP_P.format(RP[4]), f"<p>{RP[4]}</p>")
    assert RP[4] not in _kept(html, RP[:4])


# de-Golem_2024_04_28 (shared/corpus/fundus, MIT): the lead is the <hgroup>'s paragraph under
# the <h1>, in the article's <header>, with no class that names it.
GOLEM = [
    "Samsung hat vor Gericht die Patentklage eines chinesischen Unternehmens verloren. Nun drohen"
    " Entschädigungszahlungen und zerstörte Smartphones. Samsung dürfte in Berufung gehen.",
    "Samsung hat in Deutschland ein Patentverfahren gegen das chinesische Unternehmen ZTE verloren,"
    " das dem Konzern eine Verletzung eines LTE-Patents vorgeworfen hatte.",
    "Das Landgericht München hat entschieden, dass Samsung betroffene Smartphones zurückrufen und"
    " zerstören muss, sofern das Urteil rechtskräftig wird.",
    "Samsung dürfte gegen das Urteil in Berufung gehen; bis dahin bleibt es ohne Folgen für die"
    " Kunden, die ihre Geräte weiter nutzen können.",
]
GOLEM_HTML = (
    '<html><body><div class="g g6"><article><header class="cluster-header"><hgroup><h1>'
    '<span class="dh2 head1">LTE-Patent</span><span class="implied">: </span><span class="dh1'
    ' head5">Samsung soll wegen Patentklage Smartphones zerstören</span></h1>'
    f'<p><a href="https://www.golem.de/specials/samsung/">Samsung</a>{GOLEM[0][7:]}</p>'
    '</hgroup><ul class="social-tools"><li class="share-item"><a href="#">merken</a></li></ul>'
    f'</header><div class="formatted"><p>{GOLEM[1]}</p><p>{GOLEM[2]}</p><p>{GOLEM[3]}</p></div>'
    "</article></div></body></html>"
)


def test_the_paragraph_under_the_headline_is_its_standfirst() -> None:
    kept = _kept(GOLEM_HTML, GOLEM)
    assert kept == GOLEM
    assert _kept(GOLEM_HTML, GOLEM[1:]) == GOLEM  # voted or not


# moz-lemonde-1 (shared/corpus/extra/readability, Apache-2.0): the line under the headline is
# the outlet, the times and the byline, long enough to pass for a lead.
LEMONDE_HTML = (
    '<html><body><article class="article article_normal"><h1 class="tt2">Le projet de loi sur le'
    ' renseignement massivement approuvé à l\'Assemblée</h1><p class="bloc_signature"><span'
    ' id="publisher">Le Monde</span> | <time datetime="2015-05-04T13:36:31+02:00">04.05.2015 à'
    " 13h36</time> • Mis à jour le <time>05.05.2015 à 20h13</time> | <span>Par <a"
    ' href="/journaliste/martin-untersinger/">Martin Untersinger</a> (avec Damien Leloup et'
    ' Morgane Tual)</span></p><div id="articleBody"><p>{}</p><p>{}</p><p>{}</p></div>'
    "</article></body></html>"
)
LEMONDE = [
    "Les députés ont, sans surprise, adopté à une large majorité (438 contre 86 et 42"
    " abstentions) le projet de loi sur le renseignement défendu par le gouvernement.",
    "Il sera désormais examiné par le Sénat, puis le Conseil constitutionnel, prochainement saisi"
    " par 75 députés.",
    "Le texte légalise des pratiques des services de renseignement jusque-là sans cadre légal.",
]


def test_a_line_of_metadata_under_the_headline_is_no_standfirst() -> None:
    assert _kept(LEMONDE_HTML.format(*LEMONDE), LEMONDE) == LEMONDE


# de-FreiePresse_2024_04_30 (shared/corpus/fundus, from flairNLP/fundus's test data, MIT): an
# app's promotion box set into the body's <div> after its last paragraph, three levels down;
# trafilatura keeps its short lines.
FP = [
    "Wieder wurde ein Programm mit internationalen Höhepunkten und lokalen Akteuren"
    " zusammengestellt. Zu den bekanntesten Namen gehören der spanische Pantomime-Künstler.",
    "Ergänzend wird es auch den Markt der schönen Dinge mit Kunsthandwerk und Design von Schmuck"
    " und Accessoires sowie Hüten geben. Der Eintritt zum Hutfestival ist frei. (kas)",
]
FP_PROMO = ["Mehr Lesekomfort auch für unterwegs", "E-Paper und News in einer App"]
FP_HTML = (
    '<html><body><main><article><div class="article-text col s12 l8 offset-l2">'
    f"<p>{FP[0]}</p><h2>Programm für alle Sinne</h2><p>{FP[1]}</p>"
    '<div id="appBottomRgt" class="ml-off show"><div class="appBottomRgt-contentWrapper row">'
    '<div class="appBottomRgt-content row"><ul>'
    + "".join(f"<li>{line}</li>" for line in FP_PROMO)
    + "</ul></div></div></div></div></article></main></body></html>"
)


def test_short_lines_boxed_after_the_last_sentence_go() -> None:
    kept = _kept(FP_HTML, [FP[0], "Programm für alle Sinne", FP[1], *FP_PROMO])
    assert kept == [FP[0], "Programm für alle Sinne", FP[1]]


# Zyte benchmark page 9a440270 (data/zyte, MIT; a Euro 2020 qualifiers report): the body ends
# in a heading and a list of short lines set right in the body's own holder, which stay.
EURO = [
    "And earlier in the week, Turkey drew Iceland 0-0 in Istanbul to book its spot, and that"
    " result also clinched France's ticket to next year's tournament.",
    "Qualified teams",
    "England (Group A): 10th appearance",
    "Czech Republic (Group A): Seventh appearance",
]
EURO_HTML = (
    "<html><body><div class='article article-main-body'><div class='row'>"
    f"<p>{EURO[0]}</p><h3>{EURO[1]}</h3><ul>"
    + "".join(f"<li>{line}</li>" for line in EURO[2:])
    + "</ul></div></div></body></html>"
)


def test_a_list_in_the_bodys_own_holder_ends_it() -> None:
    assert _kept(EURO_HTML, EURO) == EURO


# Zyte benchmark page cc4aa22b (data/zyte, MIT; 9to5mac's gift guide): each product's
# subheading is a link to the product, set among the body's paragraphs; trafilatura keeps
# them, and the link list test dropped them.
GIFTS = [
    "How do you shop for a tech-savvy person who buys the latest of everything before the"
    " holidays arrive? I am totally that person for my family when it comes to the iPhone.",
    "There are some Apple products that I can never have enough of like App Store gift cards"
    " and another HomePod, but stocking stuffers aren’t always the right gift.",
    "That’s why I’m approaching my gift recommendations this year a bit different. Last year I"
    " covered an area of great interest and expertise with smart home products.",
    "Satechi 72W USB-C Power Delivery Car Charger",
    "Apple first started replacing its proprietary MagSafe 2 connector with USB-C on MacBooks in"
    " 2015. In theory, this opened the door for charging Apple laptops with portable batteries.",
]
GIFTS_HTML = (
    '<html><body><article><div class="post-body" itemprop="articleBody">'
    + "".join(f"<p>{line}</p>" for line in GIFTS[:3])
    + f'<h3><a href="https://bit.ly/37hsEED">{GIFTS[3]}</a></h3><p>{GIFTS[4]}</p>'
    + "</div></article></body></html>"
)


def test_a_linked_subheading_over_the_bodys_paragraph_is_kept() -> None:
    assert _kept(GIFTS_HTML, GIFTS) == GIFTS


def test_a_linked_headline_in_a_teaser_card_is_not() -> None:
    # the same subheading and paragraph boxed as a card of their own after the body
    html = GIFTS_HTML.replace("<h3><a", '</div><div class="card"><h3><a')
    assert GIFTS[3] not in _kept(html, GIFTS)


# pl-Rzeczpospolita_2026_04_19 (shared/corpus/fundus, MIT; the tuning part): the body's
# subheadings are classed "articleBodyBlock block--header", a header's word.
HEADER = [
    "Irańska agencja informacyjna IRNA twierdzi, że Teheran nie zamierza wziąć udziału w drugiej"
    " rundzie rozmów z USA, powodem mają być wygórowane żądania Waszyngtonu.",
    "Według IRNA na przeszkodzie stoją także blokada morska i sprzeczne komunikaty ze strony"
    " amerykańskiej administracji, co podważa sens dalszych negocjacji.",
    "Teheran nie wysłał dotąd żadnej delegacji do Islamabadu, podała agencja, powołując się na"
    " źródła zbliżone do irańskiego rządu.",
    "W negocjacjach USA-Iran w Pakistanie miał wziąć udział J.D. Vance.",
    "„Moi przedstawiciele udają się do Islamabadu w Pakistanie – jutro wieczorem będą na miejscu"
    " w celu przeprowadzenia negocjacji” – napisał wcześniej Donald Trump w mediach.",
]
HEADER_HTML = (
    '<html><body><article><div class="article--content">'
    + "".join(f'<p class="articleBodyBlock block--paragraph">{line}</p>' for line in HEADER[:3])
    + f'<h2 class="articleBodyBlock block--header clear-both">{HEADER[3]}</h2>'
    + f'<p class="articleBodyBlock block--paragraph">{HEADER[4]}</p>'
    + "</div></article></body></html>"
)


def test_a_subheading_classed_a_header_among_the_bodys_paragraphs_is_kept() -> None:
    assert _kept(HEADER_HTML, HEADER) == HEADER


# Zyte benchmark page c00962aa (data/zyte, MIT; The Space Review): the byline is an <h3>
# classed "byline" set right before the body's first paragraph, in the paragraphs' holder.
def test_a_heading_classed_a_byline_among_them_is_not() -> None:
    html = HEADER_HTML.replace(
        '<h2 class="articleBodyBlock block--header clear-both">', '<h3 class="byline">'
    ).replace("</h2>", "</h3>")
    assert HEADER[3] not in _kept(html, HEADER)

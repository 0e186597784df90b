"""extract/body's boilerplate inside the article's container: what goes although trafilatura
kept it.

Fragments are cut from real pages of the shared corpus (cited per test), trimmed to the parts
the rule reads.
"""

from __future__ import annotations

import re

from newscrawl.extract.body import extract_body
from newscrawl.extract.body.page import boilerplate_words

# za-EyethuNews_2025_11_25 (shared/corpus/fundus, from flairNLP/fundus's test data, MIT): the
# body of https://eyethunews.co.za/119166/isihluku-kubulawa-isaguga-embali/ without its ad
# slots; three "read another story here" lines link other stories from inside it.
EYETHU = """<html><body><article><h1>Isihluku kubulawa isaguga eMbali</h1>
<div class="entry-content entry clearfix">
<p><br>Umsolwa oneminyaka engu &#8211; 18 ube esekhalelwa ngamasongo kaSigonyela ngalo usuku
lwesigameko.<br>Indodakazi yakhe engathandanga ukudalulwa ithe bewumndeni kusenzima ukwamukela
isihluku ekubulawe ngaso unina.</p>
<p><br>&#8220;Ngithole ucingo lapho engiqashe khona lungazisa ukuthi umama akaphilile. Ngamphakela
ukudla ngase ngiphuthuma ekhaya. Uma ngifika, ngabona sekugcwele amaphoyisa kungasangeneki
ngaphakathi.&#8221;<br>&#8220;Ngahluleka nokuzibamba ngamemeza igama lomsolwa, ngambuza ukuthi
usenzeni,&#8221; kusho yena. Ngafica umama elele edamini legazi lapho amugwazele khona.</p>
<p><br>Ngabona amanxeba amathathu, egxalabeni, emqaleni kanye nasemhlane. Ummese wawusasalele
emhlane,&#8221; kusho yena.</p>
<p><strong>FUNDA OLUNYE UDABA LAPHA |</strong> <a
href="https://eyethunews.co.za/118939/uphenyo-kutholwa-abangani-belahlwe-emhosheni-edambuza/">Uphenyo
kutholwa abangani belahlwe emhosheni eDambuza</a></p>
<p><br>Uthe emuva kwesigameko, umsolwa wahamba waya eMbali Unit 15 wabuya esehamba namaphoyisa beze
endaweni yesigameko.</p>
<p><br>&#8220;Ngiyamsaba. Umama wayengeve emthanda umsolwa. Wamkhulisa. Asiphephile
neze.<br>Ngizobuya ngizohlala nodadewethu ekhaya, kodwa uma ededelwa ngizophinde ngihambe.<br>Ukube
angiyithathanga ingane kadadewethu ngabe hlampe nayo uyibulele. Asisamdingi lapha,&#8221; kusho
yena.</p>
<p><br>Uphinde waveza ukuthi emasontweni ambalwa adlule umsolwa uke walwa nogogo kubangwa imali
abembekela yona akade eyithola uma ebambe amatoho.</p>
<p><br>&#8220;Ngafika ekhaya kugcwele amabhodlela afile.<br>Wayezama ukusakazi umama ngevazi,
ngenhlanhla wamugeja kwasala umaka odongenni. Ziningi izinto azenzile okubalwa ngisho
ukuntshontsha,&#8221; kusho yena.</p>
<p><br>&#8220;Sekuphele iminyaka umama ehlala lapha, kodwa akaze ahlaselwe ekhaya. Umsolwa usanda
kuntshontsha umabonakude kanye ne &#8211; decoder. Sabika kodwa sangaluthola usizo
esiludingayo.&#8221;<br>Ungeze ngokuthi uzamile ukunqonda indlela leli lungu lomndeni eliphila
ngayo.</p>
<p><strong>FUNDA OLUNYE UDABA LAPHA |</strong> <a
href="https://eyethunews.co.za/118863/isihluku-isoka-ligwaza-intombi-emgungundlovu/">Isihluku isoka
ligwaza intombi eMgungundlovu</a></p>
<p><br>&#8220;Ngibuze abangani bakhe ukuthi iziphi izidakamizwa azithandayo bangitshela ukuthi,
insangu, xanax kanye nencika. U-aunt wamuhambisa kudokotela ukuze ahlolwe ukuthi akaphazamisekile
yini emqondweni. Imiphumela yaveza ukuthi akaphazamisekile,&#8221; kusho yena.</p>
<p><br>Unina kamsolwa, naye ongathandanga ukudalulwa, uthe ufuna kwenzeke ubulungiswa ngokufa kuka
mama wakhe.</p>
<p><br>&#8220;Bekumele abulale mina, ayi umama. Kubuhlungu. Besilokhu simvulela amacala uma kukhona
akwenzile.<br>Unefayela enkulu esiteshini samaphoyisa iPlessislaer. Ngiwunina, kodwa sengiyamsaba.
Uhlukanise umndeni wethu phakathi kwaze kuba udadewethu omdala uyaphuma ekhaya uyoqasha. Ngizamile
ukufuna usizo kodwa ngangaluthola,&#8221; kusho yena.</p>
<p><strong>FUNDA OLUNYE UDABA LAPHA |</strong><a
href="https://eyethunews.co.za/118796/uboshiwe-osolwa-ngokugenca-isoka-emgungundlovu/"> Uboshiwe
osolwa ngokugenca isoka eMgungundlovu</a></p>
<p><br>Ukhansela Busani Zuma uthe lesigameko sishiye amalungu omphakathi ethuthumela, ikakhulukazi
njengoba senzeke emini. Unxuse umphakathi ukuba uweseke lomndeni kulesikhathi esinzima obhekene
naso.</p>
<p><br>Okhulumela amaphoyisa KwaZulu Natal, uColonel Robert Netshiunda uqinisekisile ukuboshwa
komsolwa. Uthe imbangela yokubulawa kwakhe ugogo ibingakaziwa.</p>
			</div>
</article></body></html>"""
EYETHU_URL = "https://eyethunews.co.za/119166/isihluku-kubulawa-isaguga-embali/"


def test_a_read_more_line_that_recurs_in_the_body_goes() -> None:
    body = extract_body(EYETHU, EYETHU_URL)
    assert "FUNDA OLUNYE UDABA LAPHA" not in body
    assert "Uphenyo kutholwa abangani" not in body
    assert "Ngabona amanxeba amathathu" in body
    assert "Okhulumela amaphoyisa KwaZulu Natal" in body


def test_read_more_lines_that_do_not_recur_stay() -> None:
    # each line its own label: no template, the rule leaves them to the other rules
    labels = iter(["FUNDA OLUNYE UDABA LAPHA |", "BUKA NALOKHU |", "FUNDA NALOKHU |"])
    single = re.sub("FUNDA OLUNYE UDABA LAPHA [|]", lambda _: next(labels), EYETHU)
    body = extract_body(single, EYETHU_URL)
    assert "FUNDA OLUNYE UDABA LAPHA" in body


# pl-Rzeczpospolita_2025_02_02 (shared/corpus/fundus, MIT): two "Czytaj więcej" teaser cards
# (label, section link, headline link and the other story's lead) between the paragraphs.
RZ_PARAGRAPHS = [
    "Zdają sobie z tego sprawę przywódcy partii chadeckich CDU/CSU oraz ugrupowania liberałów,"
    " lecz to przy pomocy głosów AfD usiłowali przeforsować w miniony piątek niezwykle drastyczną"
    " zmianę ustawy mającej zakończyć ostatecznie i definitywnie epokę otwarcia granic Niemiec.",
    "Friedrich Merz, lider CDU i pomysłodawca całego projektu, udowadniał, że zamknięcie granic"
    " dla nowych przybyszów, zarówno azylantów, jak i nielegalnych imigrantów, jest zwykłą"
    " koniecznością, gdyż imigrantów w kraju jest po prostu za dużo.",
    "SPD i częściowo nawet Zieloni nie mają nic przeciwko pewnym zmianom zasad imigracji, jednak"
    " nie tak drastycznych jak proponowane przez CDU/CSU i już tym bardziej nie przy pomocy"
    " głosów AfD.",
]
RZ_CARD = """<div class="articleBodyBlock"><div class="content--excerpt clear-both last">
<div class="subtitle--border"><p class="subtitle">Czytaj więcej</p></div>
<div class="article"><div class="flex-1"><div class="article--featured--text ">
<div class="overline--comp pb-1 md:pb-3"><a href="/wydarzenia/swiat/polityka">Polityka</a></div>
<a class="contentLink title" href="/polityka/art{id}">{title}</a>
<div class="hidden md:block"><p class="lead line-clamp-2">{lead}</p></div>
</div></div></div></div></div>"""
RZ_CARDS = [
    RZ_CARD.format(
        id="41746991",
        title="Niemiecki parlament poparł stałe kontrole na granicach. Orbán „wita w klubie”",
        lead="Niemiecki parlament przyjął wniosek o zaostrzenie przepisów migracyjnych po"
        " śmiertelnym ataku, którego dokonał 28-letni obywatel Afganistanu.",
    ),
    RZ_CARD.format(
        id="41737501",
        title="Jerzy Haszczyński: Dlaczego zamach w Aschaffenburgu to przełom w niemieckiej"
        " polityce migracyjnej?",
        lead="Symboliczne zdjęcie zwłok syryjskiego trzylatka otworzyło w 2015 r. serca Niemców"
        " i niemieckie granice przed setkami tysięcy imigrantów.",
    ),
]
RZ = (
    '<html><body><div class="article--content"><div class="body articleBody">'
    f'<p class="articleBodyBlock">{RZ_PARAGRAPHS[0]}</p>{RZ_CARDS[0]}'
    f'<p class="articleBodyBlock">{RZ_PARAGRAPHS[1]}</p>{RZ_CARDS[1]}'
    f'<p class="articleBodyBlock">{RZ_PARAGRAPHS[2]}</p>'
    "</div></div></body></html>"
)
RZ_URL = "https://www.rp.pl/polityka/art41756471-niemcy-stale-zamkniecie-granic"


def test_teaser_cards_of_one_template_go_with_their_leads() -> None:
    body = extract_body(RZ, RZ_URL)
    assert "Czytaj więcej" not in body
    assert "Niemiecki parlament przyjął wniosek" not in body
    assert "Symboliczne zdjęcie zwłok" not in body
    for paragraph in RZ_PARAGRAPHS:
        assert paragraph[:60] in body


# Zyte benchmark page 3c6d3381ef52ca (benchmarks/data/zyte, MIT): each food blogger's part of
# https://www.wday.ru/ begins with "Аккаунт:" and the blogger's handle, a link: the same label
# and a link, but the link is a name, not another story's headline.
WDAY_PART = """<div class="article__block article__block_text"><div class="block-text">
<h2>{name}</h2><p><strong>Аккаунт: <a href="https://www.instagram.com/{handle}/">@{handle}</a>
</strong></p><p><strong>Что вас вдохновило на создание кулинарной страницы?</strong></p>
<p>{answer}</p></div></div>"""
WDAY = (
    "<html><body><article><h1>Мастера вкуса и красоты</h1>"
    + WDAY_PART.format(
        name="Андрей Рудьков",
        handle="darkzip",
        answer="— Внезапно я захотел вести блог – совершенно любой. Господи, какие только темы я"
        " не придумывал. Но точно знал, что из всех моих хобби не брошу только одно: не"
        " перестану есть. Поэтому я запустил блог, в котором рассказываю то, что сам узнаю о еде.",
    )
    + WDAY_PART.format(
        name="Олеся Куприн",
        handle="okuprin",
        answer="— Еда объединяет. Где бы мы ни оказались, даже не зная языка, за одним столом с"
        " другими людьми мы всегда найдем о чем поговорить, и поэтому я начала вести блог о"
        " кухне разных стран.",
    )
    + "</article></body></html>"
)


def test_a_recurring_label_with_a_name_link_is_the_articles_own() -> None:
    body = extract_body(WDAY, "https://www.wday.ru/articles/mastera-vkusa/")
    assert body.count("Аккаунт:") == 2
    assert "@okuprin" in body


# uk-TechRadar_2026_05_21 (shared/corpus/fundus, MIT): the author's box closes the article's
# section: name, role and a biography of two paragraphs, which trafilatura keeps.
TECHRADAR = """<html><body><article><h1>Google's Search makeover</h1>
<section class="content-wrapper"><div id="article-body">
<p>Google has been synonymous with search for more than 25 years, and so how it reimagines search
matters to billions of people who rely on its powerful knowledge graph. In recent years, we've
seen the steady encroachment of AI Overviews and AI mode on our search experience.</p>
<p>First, Google is now on record saying that in this next chapter of search, the change it
unveiled during its Google I/O 2026 keynote is, according to Google Search lead Liz Reid, "truly
the biggest upgrade to our iconic search box since its debut over 25 years ago."</p>
<p>That's heady, terrifying, and maybe a bit of hyperbole. What's promised is a new search box
that not only effortlessly expands to support your most long-winded queries but also carries
intelligence that lets it decide on the fly what kind of AI smarts might help answer your, well,
let's call it what it is: a prompt.</p></div>
<div class="slice-container slice-author-bio"><div class="author author__default-layout
author--separator author--collapsible"><div class="author__header"><div class="author__heading">
<div class="author__name"><a href="https://www.techradar.com/author/lance-ulanoff"
class="link author__name_link">Lance Ulanoff</a></div><div class="author__role">Editor At Large
</div></div></div><div class="author__bio-wrapper"><div class="author__biography"><p>A 38-year
industry veteran and <a href="https://cdn.mos.cms.futurecdn.net/ox35RKH2kNKBfSBfvHEoK6.jpg">
award-winning journalist</a>, Lance has covered technology since PCs were the size of suitcases
and &ldquo;on line&rdquo; meant &ldquo;waiting.&rdquo; He&rsquo;s a former Lifewire
Editor-in-Chief, Mashable Editor-in-Chief, and, before that, Editor in Chief of PCMag.com.</p>
<p><a href="https://en.wikipedia.org/wiki/Lance_Ulanoff">Lance Ulanoff</a> makes frequent
appearances on national, international, and local news programs including Live with Kelly and
Mark, the Today Show, Good Morning America, CNBC, CNN, and the BBC.&nbsp;</p></div></div></div>
</div></section></article></body></html>"""


def test_the_authors_box_goes_with_the_biography() -> None:
    assert boilerplate_words("author author__default-layout author--separator")
    assert not boilerplate_words("article-author-content")  # the article's own part
    body = extract_body(TECHRADAR, "https://www.techradar.com/ai-platforms-assistants/search")
    assert "A 38-year" not in body
    assert "makes frequent" not in body
    assert "That's heady, terrifying" in body

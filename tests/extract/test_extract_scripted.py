"""Pages whose article text is in script data only (JSON-LD articleBody, Next.js's page and
flight data, Nuxt's state) still yield it, as sanitized paragraphs."""

from __future__ import annotations

import json

from newscrawl import sources
from newscrawl.extract.article import extract_article
from newscrawl.extract.scripted import scripted_body

TEXT = (
    "The council voted on Tuesday to close the old bridge for repairs.\n\n"
    "Engineers found cracks in two of its piers last spring, and traffic has been limited "
    "to one lane since then. The works will take eighteen months.\n\n"
    "A ferry will run every twenty minutes while the bridge is closed, the mayor said, "
    "and the buses will take the long way round through the northern villages."
)
URL = "https://news.example/bridge"


def _page(body: str) -> str:
    data = {"@type": "NewsArticle", "headline": "Bridge closes", "articleBody": TEXT}
    return (
        '<html><head><script type="application/ld+json">'
        f"{json.dumps(data)}</script></head><body>{body}</body></html>"
    )


def _shell(script: str) -> str:
    """A page rendered by JavaScript: an empty mount point and the framework's state."""
    return f'<html><head></head><body><div id="app"></div>{script}</body></html>'


def test_a_page_rendered_by_javascript_yields_the_json_ld_text() -> None:
    html = _page('<div id="app"></div><script>render()</script>')
    article = extract_article(html, URL, sources.generic(URL))
    assert article.body_text == TEXT
    assert article.body_html.count("<p>") == 3


def test_the_markup_wins_when_it_holds_the_text() -> None:
    paragraphs = "".join(f"<p>{p}</p>" for p in TEXT.split("\n\n"))
    assert scripted_body({"articleBody": TEXT}, TEXT) is None
    html = _page(f"<article><h1>Bridge closes</h1>{paragraphs}</article>")
    assert extract_article(html, URL, sources.generic(URL)).body_text == TEXT


def test_a_short_or_missing_article_body_is_no_body() -> None:
    assert scripted_body({}, "") is None
    assert scripted_body({"articleBody": "A teaser of one line."}, "") is None
    assert scripted_body({"articleBody": ["not", "text"]}, "") is None


# kr-HankookIlbo_2026_01_29 (shared/corpus/fundus, from flairNLP/fundus's test data, MIT),
# trimmed: Next.js's app router sends the body as a raw text row ("24:T<length in UTF-8 bytes,
# hex>,") of its flight data, in chunks pushed by scripts; the page's markup holds none of it.
HANKOOK_HTML = (
    '<div class="editor-img-box"><img src="https://newsimg.hankookilbo.com/cms/a.jpg" >'
    '<div class="caption"><p>장동혁(맨 앞) 국민의힘 대표가 29일 국회 예결위 회의장에서 열린 '
    "의원총회에서 국기에 경례하고 있다. 연합뉴스</p></div></div>$$ARTICLEAD$$"
    '<p class="editor-p"><strong>장동혁 국민의힘 대표가 당권을 위협하던 한동훈 전 대표를 '
    "제명했지만, 어깨는 한층 무거워졌다.</strong> 넉 달가량 남은 6·3 지방선거에서 참패할 경우 "
    "당대표직을 지키기 힘들어서다.</p>"
    '<h3 class="editor-h3">당권파, 인재영입위 발족 등 조기 지방선거 체제 전환</h3>'
    '<p class="editor-p">국민의힘은 조만간 인재영입위원회를 발족하는 등 당을 지방선거 체제로 '
    "조속히 전환할 방침이다. 이를 통해 한 전 대표 제명에 따른 여진을 최소화하겠다는 의도로 "
    "풀이된다. 2월 초 새로운 당명과 정강정책·당헌당규 개정안까지 내놓으며 보수 쇄신 분위기를 "
    "만든다면 한 전 대표 제명 문제로 향해 있는 지지층 시선을 자연스럽게 돌려놓을 수 있을 것이란 "
    '계산이다.</p><script>alert("x")</script>'
)


def _push(text: str) -> str:
    escaped = json.dumps(text).replace("<", "\\u003c")  # as Next.js writes it
    return f"<script>self.__next_f.push([1,{escaped}])</script>"


def test_next_flight_data_yields_its_raw_text_row_as_paragraphs() -> None:
    size = format(len(HANKOOK_HTML.encode()), "x")
    html = _shell(
        _push('1:"$Sreact.fragment"\n26:I[49594,[],"IconMark"]\n')
        + _push(f"24:T{size},")
        + _push(HANKOOK_HTML[:300])  # the row goes on in the next chunk
        + _push(HANKOOK_HTML[300:] + '5:["$","$L23",null,{"state":{}}]\n')
    )
    article = extract_article(html, URL, sources.generic(URL))
    body = article.body_html
    assert body.startswith("<p>장동혁 국민의힘 대표가 당권을 위협하던")
    assert "<p>당권파, 인재영입위 발족 등 조기 지방선거 체제 전환</p>" in body
    assert body.count("<p>") == 3
    assert "연합뉴스" not in body  # the photo's caption
    assert "alert" not in body
    assert "<strong>" not in body


# uk-BBC_2024_08_01 (shared/corpus/fundus, MIT), trimmed: __NEXT_DATA__ holds the text as
# blocks, each paragraph's text followed by its fragments (runs of one formatting).
BBC = [
    "The Office for Budget Responsibility (OBR) monitors the UK government's spending plans "
    "and performance.",
    "Twice a year, it releases forecasts on the state of the economy and the public finances.",
    "What is the OBR and what does it do?",
    "The OBR assesses the health of the UK's economy. It is independent of government but "
    "works closely with the Treasury.",
]


def _bbc_block(text: str) -> dict[str, object]:
    fragment = {"type": "fragment", "model": {"text": text, "attributes": []}}
    return {"type": "paragraph", "model": {"text": text, "blocks": [fragment]}}


def test_next_page_data_yields_its_paragraph_blocks_once_each() -> None:
    image = {"type": "rawImage", "model": {"href": "http://c.files.bbci.co.uk/a.jpg"}}
    blocks = [image, *({"type": "text", "model": {"blocks": [_bbc_block(t)]}} for t in BBC)]
    data = {"props": {"pageProps": {"page": {"contents": {"blocks": blocks}}}}}
    html = _shell(f'<script id="__NEXT_DATA__" type="application/json">{json.dumps(data)}</script>')
    body = extract_article(html, URL, sources.generic(URL)).body_html
    assert body == "".join(f"<p>{t}</p>\n" for t in BBC)


# us-FoxNews_2023_04_28 (shared/corpus/fundus, MIT), trimmed: Nuxt 2's state is JavaScript, an
# immediately called function whose arguments stand in for repeated values; the text is one
# string of HTML per component.
FOX = (
    '<script>window.__NUXT__=(function(a,b,c,d){return {layout:"dynamic-route",data:[{}],'
    'fetch:{"0":{components:[{is:"video",props:{url:"https:\\u002F\\u002Fwww.foxnews.com"}},'
    '{is:d,props:{text:"The lawmakers added that their committee has broad authority to '
    '\\"investigate and submit policy recommendations\\" under House Resolution 11."}},'
    '{is:d,props:{text:"The FBI told Fox News Digital that it received the letter and '
    'defended its commitment to combating illicit Chinese activities on U.S. soil."}},'
    '{is:d,props:{text:"Alleged Chinese police stations operating covertly inside the U.S. '
    'have become a key focus of lawmakers in light of the \\u003Ca href=\\"https:\\u002F\\u002F'
    'www.foxnews.com\\u002Fcategory\\u002Fus\\" target=\\"_blank\\"\\u003ENew York arrests'
    '\\u003C\\u002Fa\\u003E last week."}},{is:"CultivateForecast",props:{question_id:388}}],'
    'title:b}}}}(void 0,"House China committee demands answers",true,"text"));</script>'
)


def test_nuxt_state_yields_its_text_components() -> None:
    article = extract_article(_shell(FOX), URL, sources.generic(URL))
    paragraphs = article.body_html.splitlines()
    assert len(paragraphs) == 3
    assert paragraphs[0].startswith("<p>The lawmakers added that their committee")
    assert '"investigate and submit policy recommendations"' in article.body_text
    assert paragraphs[2].endswith("in light of the New York arrests last week.</p>")


def test_a_state_of_headlines_or_a_page_that_shows_its_text_is_not_read() -> None:
    headlines = ",".join(
        f'{{title:"Headline number {i} of the related stories"}}' for i in range(30)
    )
    html = _shell(f"<script>window.__NUXT__={{related:[{headlines}]}}</script>")
    assert scripted_body({}, "", html) is None
    assert scripted_body({}, "x" * 1000, _shell(FOX)) is None
    assert scripted_body({}, "", _shell(FOX)) is not None


def test_a_run_about_another_headline_or_of_menus_is_not_the_text() -> None:
    title = "House China committee demands answers from FBI on Chinese police stations"
    assert scripted_body({}, "", _shell(FOX), title) is not None
    assert scripted_body({}, "", _shell(FOX), "Tomato growers brace for a wet summer") is None
    # moz-schema-org-context-object (mozilla/readability's test pages, Apache-2.0), trimmed:
    # the site's menu as an HTML string of NBC News's __NEXT_DATA__
    menu = "".join(
        f"<li><a href='https://www.nbcnews.com/{name.lower()}'>{name} stories today</a></li>"
        for name in ("Politics", "World", "Business", "Health", "Science", "Culture") * 4
    )
    data = {"props": {"navigation": {"html": f"<ul>{menu}</ul><p>Read the news.</p>"}}}
    html = _shell(f'<script id="__NEXT_DATA__">{json.dumps(data)}</script>')
    assert scripted_body({}, "", html) is None


# traf-biobiochile.cl-gremios (shared/extra, trafilatura's evaluation pages): the JSON-LD
# articleBody written as the body's HTML, a "read also" teaser card with its long links and
# styles inside, twice as long as the text the markup shows; the markup shows every paragraph.
TEASER_CARD = (
    '<div class="lee-tambien-bbcl"><a href="https://news.example/2022/05/02/a-ver-si-se-atreve'
    '-a-viajar-el-cruce-entre-matamala-y-sergio-perez-por-protestas-de-camioneros.shtml">'
    '<div class="lee-tambien-img lazy" style="background-image: url(https://media.example/'
    'wp-content/uploads/2022/05/matamala-sergio-perez-320x190.png);"></div></a>'
    '<a href="https://news.example/2022/05/02/a-ver-si-se-atreve-a-viajar-el-cruce-entre-'
    'matamala-y-sergio-perez-por-protestas-de-camioneros.shtml" class="lee-tambien-titular">'
    '"A ver si se atreve a viajar": el cruce entre Matamala y Sergio Pérez</a>'
    '<span style="display: none">Lunes 02 Mayo, 2022 | 09:37</span></div>'
)


def test_a_body_the_markup_shows_is_not_replaced_by_script_html() -> None:
    paragraphs = TEXT.split("\n\n")
    script = "\n\n".join(f"<p>{p}</p>" for p in paragraphs[:2]) + "\n\n" + TEASER_CARD * 3
    script += f"\n\n<p>{paragraphs[2]}</p>"
    html = _page("".join(f"<p>{p}</p>" for p in paragraphs)).replace(
        json.dumps(TEXT), json.dumps(script)
    )
    assert len(script) >= 2 * len(TEXT)
    assert scripted_body({"articleBody": script}, TEXT, html) is None


def test_a_teaser_the_markup_shows_still_yields_the_script_text() -> None:
    first = TEXT.split("\n\n")[0]
    html = _page(f"<article><h1>Bridge closes</h1><p>{first}</p></article>")
    found = scripted_body({"articleBody": TEXT}, first, html)
    assert found is not None
    assert found.count("<p>") == 3

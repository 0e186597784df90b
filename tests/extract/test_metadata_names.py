"""Names in credits' texts, each from a real page of the benchmark's tuning part
(benchmarks/data/extra/, see its README for their origins and licenses)."""

from __future__ import annotations

import pytest
from parsel import Selector

from newscrawl.extract.metadata import authors, byline, dateline_authors, split_names
from newscrawl.extract.metadata.names import is_full_name


def _page(body: str) -> Selector:
    return Selector(text=f"<html><body>{body}</body></html>")


@pytest.mark.parametrize(
    ("value", "names"),
    [
        # traf-deutschlandfunk.de.titanic: an interview credits both people
        (
            "Richard David Precht im Gespräch mit Karin Fischer",
            ["Richard David Precht", "Karin Fischer"],
        ),
        ("Beitrag von r23 » 21.01.2009, 05:42", ["r23"]),  # traf-foren.myoos.de: a handle's digits
        ("cipha[at]cipha.net", []),  # traf-gizmeo.eu.insekten: an address, no name
        ("AUTORENWer schreibt für Ökonomenstimme?", []),  # traf-oekonomenstimme.org.keynes
        # us-LATimes_2023_06_26's byline text: the role's words are no second name
        ("Houston Mitchell Assistant Sports Editor", ["Houston Mitchell"]),
        # a surname that ends in a role's letters is not cut there; a role glued on still is
        ("Anna Kreditor", ["Anna Kreditor"]),
        ("Howard BlumeStaff Writer", ["Howard Blume"]),
        # a teaser's byline on the Zyte set's washingtonexaminer.com/opinion/in-prince-andrews-
        # dumpster-fire-epstein-interview-the-truth-comes-out page: a comma before the last "and"
        (
            "Anthony, Maya, Nadine, and Caroline Ghosn",
            ["Anthony", "Maya", "Nadine", "Caroline Ghosn"],
        ),
        # the place a reporter files from after the name (constructed: no tuning or Zyte page's
        # byline writes one; traf-hss.de-regierung's role does: "..., Projektleiterin der HSS
        # in Tunesien", see test_metadata_credits)
        ("By Hana Saleh in Beirut and Tom Kerr in Paris", ["Hana Saleh", "Tom Kerr"]),
        ("Par Marie Dupont à Kiev", ["Marie Dupont"]),
        # any language's label before a colon (constructed: the tuning and Zyte pages' labels
        # are the listed "Autor:", "Text:" and "Interview:")
        ("Autore: Mario Rossi", ["Mario Rossi"]),
        ("Tác giả: Nguyễn Văn An", ["Nguyễn Văn An"]),
        ("Автор публикации: Иван Петров", ["Иван Петров"]),
        ("文＝山田太郎", ["山田太郎"]),
    ],
)
def test_split_names(value: str, names: list[str]) -> None:
    assert split_names(value) == names


@pytest.mark.parametrize(
    ("snippet", "names"),
    [
        # mercury-www.itmedia.co.jp: a Japanese name has no space; the outlet after it is no name
        ('<div class="author">[ 田中宏昌， ITmedia]</div>', ["田中宏昌"]),
        # mercury-www.qdaily.com: a Chinese name before the date
        ('<div class="author">谢若含 2017-03-01 14:27:02 74</div>', ["谢若含"]),
    ],
)
def test_names_written_without_a_space(snippet: str, names: list[str]) -> None:
    assert byline(_page(snippet)) == names


def test_an_author_box_linked_whole_is_no_name() -> None:
    """traf-blog.gaijinpot.com.chikan: the author's box is one rel=author link."""
    page = _page(
        '<article><h1>Chikan</h1><a rel="author" href="/author/amelie">Amelie Marie Nishizawa</a>'
        '<a rel="author" href="/author/amelie">Amelie Marie Nishizawa Tokyo-based French, fan of'
        " Japanese puns. More articles by Amelie Marie Nishizawa</a></article>"
    )
    assert authors(page, {}, "https://blog.gaijinpot.com/a") == ["Amelie Marie Nishizawa"]


@pytest.mark.parametrize(
    ("snippet", "names"),
    [
        # mercury-www.lemonde.fr: a place and a desk in parentheses after the name
        (
            '<span class="author__name">Cécile Ducourtieux (Bruxelles, bureau européen)</span>',
            ["Cécile Ducourtieux"],
        ),
        # mercury-www.politico.com--test-case-3: a link's label in a byline-marked box
        ('<div class="byline">Follow us on Twitter</div>', []),
        ('<div class="author">Sandro Di Angelo</div>', ["Sandro Di Angelo"]),
        # us-LATimes_2023_06_26: a role of several words after the name, a "Follow" link
        (
            '<div class="authors-byline"><div class="authors-byline-text"><span class="byline-'
            'prefix">By&nbsp;</span><span class="author-name"><a href="/people/houston-mitchell">'
            'Houston Mitchell</a></span></div><div class="author-info"><span class="author-title">'
            "Assistant Sports Editor</span><span>Follow</span></div></div>",
            ["Houston Mitchell"],
        ),
        # kr-HankookIlbo_2025_05_15 (fundus): the places filed from before the reporter
        (
            '<div class="writer"><span class="name"> 순천, 광양 <strong> 구현모 </strong> 기자'
            '<span class="email"> ninek@hankookilbo.com </span> </span></div>',
            ["구현모"],
        ),
    ],
)
def test_names_in_a_byline(snippet: str, names: list[str]) -> None:
    assert byline(_page(snippet)) == names


def test_a_teasers_byline_is_not_the_articles() -> None:
    """traf-emotion.de.selfcare: the teasers of other articles are links holding a byline;
    the article itself credits nobody. moz-liberation-1: the article's own <aside> does."""
    teaser = (
        '<article><a href="/other"><div><h3>Selfcare für Faule: 99 Wege, dein'
        " Selbstbewusstsein aufzupäppeln</h3>"
        '<span class="author">von Anna Dunst</span></div></a></article>'
    )
    assert byline(_page(f"<h1>Selfcare</h1>{teaser}")) == []
    own = (
        "<article><header><h1>Inde</h1></header><div><aside><ul><li><div>"
        '<span class="author"><span class="authorname">Sébastien Farcis</span></span>'
        "</div></li></ul></aside></div></article>"
    )
    assert byline(_page(own + teaser)) == ["Sébastien Farcis"]


def test_a_handle_in_the_tags_gives_way_to_the_full_name_of_the_byline() -> None:
    """mercury-www.al.com: sailthru.author holds the reporter's handle, the byline his name
    beside his e-mail address."""
    page = _page(
        '<meta name="sailthru.author" content="mikecason"><h1>Two arrested</h1>'
        '<div class="byline">By Mike Cason | mcason@al.com</div>'
    )
    assert authors(page, {}, "http://www.al.com/news/a.html") == ["Mike Cason"]


@pytest.mark.parametrize(
    ("byline_text", "names"),
    [
        ("By Mike Cason", ["Mike Cason"]),  # completes the handle
        ("By Anna Schmidt", ["mikecason"]),  # someone else: the handle stays
    ],
)
def test_only_the_handles_own_name_completes_it(byline_text: str, names: list[str]) -> None:
    page = _page(f'<meta name="author" content="mikecason"><div class="byline">{byline_text}</div>')
    assert authors(page, {}, "https://example.com/a") == names


def test_a_first_name_alone_is_completed() -> None:
    """traf-pinkstinks.de-kulturtechnik's pattern: the author tag gives the first name."""
    page = _page('<meta name="author" content="Nils"><p>Von Nils Pickert</p>')
    assert authors(page, {}, "https://example.com/a") == ["Nils Pickert"]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # traf-ditb.de-propheten: a message signed with its author's name and role
        (
            "Möge ihre Nacht der Geburt des Propheten gesegnet sein.\n\nKazım TÜRKMEN\n\n"
            "DITIB-Bundesvorsitzender",
            ["Kazım TÜRKMEN"],
        ),
        # traf-0b4609a864eb4fa0bbcb2b395f6be9eb: a picture's source is no signature
        ("Das dubiose Geschäft mit der Hoffnung.\n\nBildquelle: SWR", []),
        # a closing sentence is no name
        ("Die Gemeindepolitik bleibt spannend.\n\nMehr dazu lesen Sie morgen in der Zeitung.", []),
    ],
)
def test_the_signature_under_a_text(text: str, names: list[str]) -> None:
    assert dateline_authors(text) == names


@pytest.mark.parametrize(
    ("value", "names"),
    [
        ("Kathrin Führes Kathrin Führes", ["Kathrin Führes"]),  # traf-jagdleben.de-waldwege
        ("R. R.", ["R. R."]),  # traf-archive.org.time4talks.com.kinos: initials, not a repeat
        ("Harald Bauer Autor", ["Harald Bauer"]),  # traf-piratenpartei.at.grundeinkommen
        ("Lars Sobiraj Lesezeit", ["Lars Sobiraj"]),  # traf-tarnkappe.info-black
        ("Marta Cañete Corresponsal", ["Marta Cañete"]),  # es-ABC_2025_01_13
        ("Lance Ulanoff Social Links Navigation", ["Lance Ulanoff"]),  # uk-TechRadar_2026_05_21
    ],
)
def test_what_a_byline_shows_beside_the_name(value: str, names: list[str]) -> None:
    assert split_names(value) == names


@pytest.mark.parametrize(
    ("snippet", "names"),
    [
        # traf-next2games.de.anno: an account's one-word name, linked to its profile
        (
            '<span class="author"><a href="/user,profile,30,lars.html" target="_blank">'
            '<img src="images/icon_user.gif" /> Lars</a></span>',
            ["Lars"],
        ),
        ('<span class="author"><a href="/kultur/">Kultur</a></span>', []),  # a section's link
    ],
)
def test_a_one_word_name_linked_to_its_profile(snippet: str, names: list[str]) -> None:
    assert byline(_page(snippet)) == names


@pytest.mark.parametrize(
    ("value", "names"),
    [
        # traf-californiaglobe.com.amazon: a role before the name, an e-mail address after it
        ("Reporter: Evan Symon, evan@californiaglobe.com", ["Evan Symon"]),
        # mercury-www.al.com: the author's link reads "Mike Cason | mcason@al.com"
        ("Mike Cason | mcason@al.com", ["Mike Cason"]),
        # gne-guancha (tests/site/pages): a template's placeholder <meta name="author">
        ("name, email@gmail.com", []),
        # mercury-otrs.com: "Text: <a rel=author>A</a><br> Photos: B on Unsplash"
        ("Text: André Mindermann", ["André Mindermann"]),
        ("Photos: John Moeses Bauan on Unsplash", []),
        # ch-TagesAnzeiger_2024_09_04: a picture's credit is not the article's
        ("Foto: Urs Flueeler (Keystone)", []),
    ],
)
def test_roles_addresses_and_other_credits_beside_a_name(value: str, names: list[str]) -> None:
    assert split_names(value) == names


@pytest.mark.parametrize(
    ("value", "names"),
    [
        # benchmarks/data/zyte 33fe2471 (inexhibit.com): WordPress's first account signs
        ("By admin - 2018-09-16", []),
        # benchmarks/data/zyte 5211188 (jeongdongtheater.com): the site's own admin account
        ("by jdadmin", []),
        ("Administrator", []),
        ("Webmaster", []),
        ("Admir Hadžić", ["Admir Hadžić"]),  # a name that begins like one
    ],
)
def test_a_cms_account_is_no_author(value: str, names: list[str]) -> None:
    assert split_names(value) == names


def test_a_cms_account_linked_to_its_profile_is_no_author() -> None:
    """benchmarks/data/zyte 5211188 (jeongdongtheater.com): the byline links the site's admin
    account to its author page; a one-word name so linked is a person's account."""
    account = '<span class="author"><a href="/blog/author/jdadmin/">jdadmin</a></span>'
    assert byline(_page(account)) == []
    person = '<span class="author"><a href="/user,profile,30,lars.html">Lars</a></span>'
    assert byline(_page(person)) == ["Lars"]


@pytest.mark.parametrize(
    ("name", "full"),
    [
        ("Alexander van der Bellen", True),
        ("Christoph von Eichhorn", True),  # traf-tagesanzeiger.ch.umweltzerstoerung
        # traf-hss.de-regierung: a role after the name, its article no name's particle
        ("Projektleiterin der HSS", False),
    ],
)
def test_an_article_is_a_particle_after_van_or_von_only(name: str, full: bool) -> None:
    assert is_full_name(name) is full

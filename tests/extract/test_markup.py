"""Byte-faithful HTML surgery: inner_html keeps the page's own bytes, edit_start_tags touches
only the attribute it edits."""

from __future__ import annotations

from collections.abc import Callable

import lxml.html
import pytest

from newscrawl.extract.markup import SpanTree, edit_start_tags, inner_html

NBSP = "\u00a0"

# (page, container, drop, stop, expected inner HTML)
INNER: list[tuple[str, str, tuple[str, ...], tuple[str, ...], str | None]] = [
    (f"<div id=b><p>a{NBSP}b&nbsp;c</p></div>", "#b", (), (), f"<p>a{NBSP}b&nbsp;c</p>"),
    (
        '<div class="news_info"><img alt 五连降"结束 x" h="1" src="//a/b.png"></div>',
        ".news_info",
        (),
        (),
        '<img alt 五连降"结束 x" h="1" src="//a/b.png">',
    ),
    ("<div id=b><p>ssh <server FQDN> now</p></div>", "#b", (), (), "<p>ssh <server FQDN> now</p>"),
    (
        '<div id=b><a href="?a=1&amp;b=2">R&amp;D &lt;3 &#x4e2d;</a></div>',
        "#b",
        (),
        (),
        '<a href="?a=1&amp;b=2">R&amp;D &lt;3 &#x4e2d;</a>',
    ),
    (
        "<div id=b>\r\n<p>one\r\n<img alt='a>b' src=x>\r\n</div>\r\ntail",
        "#b",
        (),
        (),
        "\r\n<p>one\r\n<img alt='a>b' src=x>\r\n",
    ),
    # drop removes nested elements with all they hold, wherever they are
    (
        "<div id=b><p>1</p><div class=ad><p>x</p><span>y</span></div><p>2</p></div>",
        "#b",
        (".ad",),
        (),
        "<p>1</p><p>2</p>",
    ),
    (
        "<div id=b><p>1<span class=ad>x</span>2</p><p>3<span class=ad>y</span></p></div>",
        "#b",
        (".ad",),
        (),
        "<p>12</p><p>3</p>",
    ),
    # a dropped element nested in a dropped element is cut once
    (
        "<div id=b>a<div class=ad>b<i class=ad>c</i>d</div>e</div>",
        "#b",
        (".ad",),
        (),
        "ae",
    ),
    # stop cuts the first match and everything after it, even when it is nested deeper
    (
        "<div id=b><p>keep</p><div class=weixin>share</div><p>related</p></div>",
        "#b",
        (),
        (".weixin",),
        "<p>keep</p>",
    ),
    (
        "<div id=b><p>a</p><div class=x><p>b</p><div class=weixin>s</div>c</div><p>d</p></div>",
        "#b",
        (),
        (".weixin",),
        "<p>a</p><div class=x><p>b</p>",
    ),
    (
        "<div id=b><p>a</p><p class=s>1</p><p>b</p><p class=s>2</p></div>",
        "#b",
        (),
        (".s",),
        "<p>a</p>",
    ),
    # a stop that is not inside the container changes nothing
    ("<div id=b><p>a</p></div><div class=weixin>s</div>", "#b", (), (".weixin",), "<p>a</p>"),
    # script and style are raw text: the </div> inside them does not close the container
    (
        '<div id=b>one<script>var s = "</div><p>";</script>two</div>tail',
        "#b",
        (),
        (),
        'one<script>var s = "</div><p>";</script>two',
    ),
    (
        '<div id=b>one<script>var s = "</div>";</script>two<style>p{}</style></div>x',
        "#b",
        ("script", "style"),
        (),
        "onetwo",
    ),
    # comments are kept as written and the tags inside them are not elements
    (
        "<div id=b>one<!-- <div class=ad> </div> -->two</div>tail",
        "#b",
        (".ad",),
        (),
        "one<!-- <div class=ad> </div> -->two",
    ),
    # an open <p> is closed by a block start tag (HTML's implied </p>)
    (
        "<div id=b><p>one<div class=ad>x</div>two</div>",
        "#b",
        (".ad",),
        (),
        "<p>onetwo",
    ),
    ("<div id=b><p>one<p>two<ul><li>x</ul></div>", "#b", ("p",), (), "<ul><li>x</ul>"),
    ("<div id=b><ul><li>a<li>b</ul>c</div>", "#b", ("li",), (), "<ul></ul>c"),
    # an element left open inside another ends where the enclosing end tag starts
    (
        "<div id=b><div class=x><p class=ad>a</div>keep</div>t",
        "#b",
        (".ad",),
        (),
        "<div class=x></div>keep",
    ),
    # unclosed tags at the end of the document run to its end
    ("<html><body><div id=b><p>one<span>two", "#b", (), (), "<p>one<span>two"),
    ("<div id=b><p>one<span class=ad>two", "#b", (".ad",), (), "<p>one"),
    # upper-case tags and attributes are matched, and kept as written
    ("<DIV ID=b><P>One</P><SCRIPT>x</SCRIPT></DIV>t", "#b", ("script",), (), "<P>One</P>"),
    ("<Div Class=A><B>x</B></dIV>t", "div.A", (), (), "<B>x</B>"),
    # end tags with spaces, self-closed non-void elements
    ("<div id=b>one</div >two", "#b", (), (), "one"),
    ('<div id=b><div class="x"/>k<br/>z</div>t', "#b", (".x",), (), "k<br/>z"),
    # the first match in document order wins; nested matches are part of it
    (
        "<div class=a>1<div class=a>2</div></div><div class=a>3</div>",
        ".a",
        (),
        (),
        "1<div class=a>2</div>",
    ),
    # nothing matches
    ("<div id=b>x</div>", ".nope", (), (), None),
    ("", "#b", (), (), None),
]


@pytest.mark.parametrize(("page", "container", "drop", "stop", "expected"), INNER)
def test_inner_html(
    page: str, container: str, drop: tuple[str, ...], stop: tuple[str, ...], expected: str | None
) -> None:
    assert inner_html(page, container, drop, stop) == expected


def test_inner_html_of_a_whole_page_is_a_slice_of_it() -> None:
    page = (
        "<!DOCTYPE html>\n<html><head><title>t</title></head><body>\n"
        '<div class="news_info"><p>第一段&nbsp;&amp;\u3000</p>\n'
        '<p><img src="//img1.mydrivers.com/a.jpg" alt="图"></p>\n'
        "<script>document.write('</div>')</script><p>第二段</p>\n"
        '<div class="weixin"><img src="/weixin.png"></div>\n<p>相关</p></div>\n'
        '<div class="footer">f</div></body></html>'
    )
    body = inner_html(page, ".news_info", drop=("script",), stop=(".weixin",))
    assert body == (
        "<p>第一段&nbsp;&amp;\u3000</p>\n"
        '<p><img src="//img1.mydrivers.com/a.jpg" alt="图"></p>\n'
        "<p>第二段</p>\n"
    )


def test_inner_html_leaves_out_characters_no_document_may_hold() -> None:
    """A UTF-16 page served as UTF-8 decodes to text full of NULs (benchmarks/fuzz.py, seed 7,
    input 92): the body keeps its markup, and a parser that refuses such characters can read it."""
    page = "<div class=news_info>\x00<\x00p\x00>\x00A<p>x\x01y\x0b\ud800z\tw\n</p></div>"
    body = inner_html(page, ".news_info")
    assert body == " < p > A<p>x y  z\tw\n</p>"
    lxml.html.fragment_fromstring(body, create_parent="div")  # raised ValueError before


def test_span_tree_spans_point_at_the_source() -> None:
    text = "<div id=a><p>x<b>y</b></p>\n<img src=z></div>"
    tree = SpanTree(text)
    (div,) = tree.select("#a")
    (bold,) = tree.select("b")
    (img,) = tree.select("img")
    span = tree.spans[div]
    assert text[span.start : span.inner] == "<div id=a>"
    assert text[span.inner_end : span.end] == "</div>"
    assert text[tree.spans[bold].start : tree.spans[bold].end] == "<b>y</b>"
    assert text[tree.spans[img].start : tree.spans[img].end] == "<img src=z>"


def _upper(value: str | None) -> str | None:
    return None if value is None else value.upper()


def _referrer(value: str | None) -> str | None:
    return "no-referrer" if value is None else None


IMG_EDITS: dict[str, Callable[[str | None], str | None]] = {
    "src": _upper,
    "referrerpolicy": _referrer,
}

# (fragment, edits, expected)
EDITS: list[tuple[str, dict[str, Callable[[str | None], str | None]], str]] = [
    # only the edited attribute changes; the missing one is appended as the last attribute
    (
        '<p><img alt="x" src="a.jpg" w="600"></p>',
        IMG_EDITS,
        '<p><img alt="x" src="A.JPG" w="600" referrerpolicy="no-referrer"></p>',
    ),
    # unquoted and single-quoted values: the edited one is rewritten double-quoted, others stay
    (
        "<img src=a.jpg alt=x title='t'>",
        IMG_EDITS,
        '<img src="A.JPG" alt=x title=\'t\' referrerpolicy="no-referrer">',
    ),
    (
        "<img src='a.jpg' alt='x'>",
        IMG_EDITS,
        '<img src="A.JPG" alt=\'x\' referrerpolicy="no-referrer">',
    ),
    # self-closing tags keep their />
    ('<img alt="x"/>', IMG_EDITS, '<img alt="x" referrerpolicy="no-referrer"/>'),
    ('<img src="a" />', IMG_EDITS, '<img src="A"  referrerpolicy="no-referrer"/>'),
    # an attribute already present is left alone when its edit returns None
    (
        '<img src="a" referrerpolicy="origin">',
        IMG_EDITS,
        '<img src="A" referrerpolicy="origin">',
    ),
    # entity-escaped values: the edit sees them unescaped, unchanged ones keep their bytes
    (
        '<img src="a.jpg?x=1&amp;y=2" alt="R&amp;D">',
        {"src": lambda v: v, "alt": lambda v: v},
        '<img src="a.jpg?x=1&amp;y=2" alt="R&amp;D">',
    ),
    (
        '<img src="a.jpg?x=1&amp;y=2" alt="R&amp;D">',
        {"alt": lambda v: f'{v} & "Co"' if v else v},
        '<img src="a.jpg?x=1&amp;y=2" alt="R&amp;D &amp; &quot;Co&quot;">',
    ),
    (
        '<img src="/a?x=1&amp;y=2">',
        {"src": lambda v: "https://h" + v if v else v},
        '<img src="https://h/a?x=1&amp;y=2">',
    ),
    # several images, attribute names in any case, other tags and raw text untouched
    (
        '<IMG SRC="1.jpg"><p>z</p><img\nsrc="2.jpg"><imgx src=y><a src=z>',
        {"src": _upper},
        '<IMG SRC="1.JPG"><p>z</p><img\nsrc="2.JPG"><imgx src=y><a src=z>',
    ),
    (
        '<!-- <img src=c> --><script>"<img src=s>"</script><img src=r>',
        {"src": _upper},
        '<!-- <img src=c> --><script>"<img src=s>"</script><img src="R">',
    ),
    # the first of duplicated attributes is the one a browser uses, and the one edited
    ('<img src="a" src="b">', {"src": _upper}, '<img src="A" src="b">'),
    # an attribute name inside another attribute's value is not an attribute
    (
        '<img alt=\'src="no"\' src="yes">',
        {"src": _upper},
        '<img alt=\'src="no"\' src="YES">',
    ),
    ("<p>no images</p>", IMG_EDITS, "<p>no images</p>"),
]


@pytest.mark.parametrize(("fragment", "edits", "expected"), EDITS)
def test_edit_start_tags(
    fragment: str, edits: dict[str, Callable[[str | None], str | None]], expected: str
) -> None:
    assert edit_start_tags(fragment, "img", edits) == expected


def test_edit_start_tags_passes_raw_values_to_the_edit() -> None:
    seen: list[str | None] = []

    def record(value: str | None) -> None:
        seen.append(value)

    edit_start_tags(
        "<img src='a&amp;b'><img src=c&lt;d><img><img src=\"\">", "img", {"src": record}
    )
    assert seen == ["a&b", "c<d", None, ""]

"""Markdown: Hexo renders the post as Markdown, and a blank line ends the body's raw HTML block, so
a body whose text could become a javascript:/vbscript:/data: link there is kept in one block."""

from __future__ import annotations

import re

import pytest
from render_cases import article

from newscrawl.render.post import (
    escape_braces,
    markdown_links_possible,
    one_html_block,
    render_post,
)

MARKDOWN_LINKS = [
    "[x](javascript:alert(1))",
    "[x](JavaScript:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](&amp;#106;avascript:alert(1))",
    "[x](java&#x09;script:alert(1))",
    "[x](java&Tab;script:alert(1))",
    "[x](javascript&colon;alert(1))",
    "[x](javascript\\:alert(1))",
    "[x]( \x01javascript:alert(1))",
    "[x](<javascript:alert(1)>)",
    "![x](vbscript:msgbox(1))",
    "[x][r]\n\n[r]: javascript:alert(1)",
    "[r]:\n  livescript:alert(1)",
    "&lt;javascript:alert(1)&gt;",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](DATA:text/html,&lt;script&gt;alert(1)&lt;/script&gt;)",
    "[x](d\na\tt a:text/html,x)",
    "[x](\u00e9data:text/html,x)",
    "[x](java\x7fscript:alert(1))",
]


@pytest.mark.parametrize("link", MARKDOWN_LINKS)
@pytest.mark.parametrize("gap", ["\n\n", "\n \t\n", "\r\n\r\n", "\r\r", "\n\n\n"])
def test_markdown_links_stay_inside_the_html_block(link: str, gap: str) -> None:
    body = f"<p>intro</p>{gap}<p>{link}</p>{gap}{link}{gap}<p>end</p>"
    assert markdown_links_possible(body)
    post = render_post(article(body_html=body))
    inside = post[post.index("\n<div>   \n") + 1 : post.rindex("\n</div>\n")]
    lines = re.split(r"\r\n|\r|\n", inside)
    assert all(line.strip(" \t") for line in lines), lines
    # the page is the same: only a space character reference was added
    assert inside.replace("&#32;", "") == "<div>   \n" + escape_braces(body) + "  "


@pytest.mark.parametrize(
    "body",
    [
        "<p>Big data: numbers</p>\n\n<p>metadata:x</p>",
        '<p><a href="https://a/javascript/x">x</a></p>\n\n<p>JavaScript - no colon</p>',
        "<p>[x](https://ok.example/)</p>\n\n<p>[x](/relative)</p>",
        "<p>a</p>\n\n<p>b</p>",
        "<p>\u212adata: a Kelvin sign lowers to k, which no scheme may follow</p>\n\n<p>b</p>",
    ],
)
def test_benign_bodies_keep_their_blank_lines(body: str) -> None:
    # (a false alarm, as for `Java Script: x`, would only add invisible `&#32;`)
    assert not markdown_links_possible(body)
    assert f"<div>   \n{body}  \n</div>" in render_post(article(body_html=body))


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("a\n\nb", "a\n&#32;\nb"),
        ("\na", "&#32;\na"),
        ("a\n", "a\n"),  # the last line gets the padding, and nothing follows but </div>
        ("a\r\n \t\r\nb\r\rc", "a\r\n \t&#32;\r\nb\r&#32;\rc"),
        ("<pre>a\n\n  b</pre>", "<pre>a\n&#32;\n  b</pre>"),
        ("a\n\u00a0\nb\n\x0c\n", "a\n\u00a0\nb\n\x0c\n"),  # not blank to Markdown
        ("", ""),
    ],
)
def test_one_html_block(body: str, expected: str) -> None:
    assert one_html_block(body) == expected


# Front matter: property-based

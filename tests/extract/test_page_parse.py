"""extract/body's parse reads the page as UTF-8 bytes; the tree is the one the str gives."""

from __future__ import annotations

import pytest
from lxml import etree

from newscrawl.extract.body.page import parse, parse_text


@pytest.mark.parametrize(
    "html",
    [
        "<html><head><meta charset=latin-1></head><body><p>é 中文 😀</p></body></html>",
        '<?xml version="1.0" encoding="iso-8859-1"?><p>Grüße</p>',
        "\ufeff<p>a BOM first</p>",
        "<p>\x01 control \x0b characters</p>",
        "plain text",
    ],
)
def test_the_bytes_give_the_tree_the_str_gives(html: str) -> None:
    from_bytes, from_str = parse(html), parse_text(html.split("?>")[-1])
    assert from_bytes is not None
    assert from_str is not None
    assert etree.tostring(from_bytes) == etree.tostring(from_str)


def test_a_lone_surrogate_is_parsed_as_the_str() -> None:
    html = "<p>a\ud800b</p><p>next</p>"  # no UTF-8 bytes: lxml reads the str as before
    root, from_str = parse(html), parse_text(html)
    assert root is not None
    assert from_str is not None
    assert etree.tostring(root) == etree.tostring(from_str)
    assert root.findtext(".//p") == "a"


def test_nothing_to_parse_is_none() -> None:
    assert parse("") is None
    assert parse("<!-- only a comment -->") is None

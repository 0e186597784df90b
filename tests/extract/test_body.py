"""extract/body's page reading: trafilatura's votes."""

from __future__ import annotations

from typing import Any

from lxml import etree

from newscrawl.extract.body import _trafilatura_text, parse
from newscrawl.extract.body.page import _DROP

PARAGRAPH = "A sentence of the article that runs long enough to count as its text. " * 6


def _stripped(html: str) -> Any:
    root = parse(html)
    etree.strip_elements(root, *_DROP, with_tail=False)
    return root


def test_trafilatura_reads_our_tree_and_leaves_it_alone() -> None:
    html = f"<html><body><nav><a href='/'>Home</a></nav><article><h1>T</h1><p>{PARAGRAPH}</p>"
    html += f"<p>{PARAGRAPH}</p></article></body></html>"
    root = _stripped(html)
    before = etree.tostring(root)
    assert PARAGRAPH.strip() in _trafilatura_text(root, html, "http://127.0.0.1/a")
    assert etree.tostring(root) == before


def test_a_control_character_in_the_text_still_gets_votes() -> None:
    """trafilatura gives up on a tree holding a character lxml refuses to set; the votes
    then come from its own parse of the page."""
    odd = PARAGRAPH.replace("article", "article\x0b", 1)
    html = f"<html><body><article><h1>T</h1><p>{PARAGRAPH}</p><p>{odd}</p>"
    html += f"<p>{PARAGRAPH}</p></article></body></html>"
    voted = _trafilatura_text(_stripped(html), html, "http://127.0.0.1/a")
    assert PARAGRAPH.strip() in voted

"""extract/body's page reading: segments, document-order indexes, trafilatura's votes.

The fixture pages are fundus's (see tests/fixtures/pages/README.md).
"""

from __future__ import annotations

import gzip
from typing import Any

import pytest
from helpers import FIXTURES
from lxml import etree

from newscrawl.extract.body import HELD_OUT, _held_out, _trafilatura_text, parse
from newscrawl.extract.body.page import _DROP, INLINE, Page, Run
from newscrawl.extract.charset import decode_html

PAGES = ["de-WDR_2024_04_22", "jp-ChunichiShimbun_2025_01_13", "tr-NTVTR_2024_04_30"]
PARAGRAPH = "A sentence of the article that runs long enough to count as its text. " * 6


def _stripped(html: str) -> Any:
    root = parse(html)
    etree.strip_elements(root, *_DROP, with_tail=False)
    return root


def _page(page_id: str) -> Page:
    html = decode_html(gzip.decompress((FIXTURES / "pages" / f"{page_id}.html.gz").read_bytes()))
    return Page(_stripped(html))


def _run_text(run: Run) -> str:
    return run.pre + "".join(
        ("\n" if n.tag == "br" else "".join(n.itertext())) + (n.tail or "") for n in run.nodes
    )


def _reference_segments(page: Page, element: Any) -> list[tuple[Any, int, list[Any], str]]:
    """The segments as `Page.runs` (which writes the fragment) splits the page."""
    found = []
    for index, item in enumerate(page.runs(element)):
        if not isinstance(item, Run):
            found += _reference_segments(page, item)
        elif _run_text(item).strip():
            found.append((element, index, item.nodes, _run_text(item)))
    return found


@pytest.mark.parametrize("page_id", PAGES)
def test_segments_are_the_runs_with_text(page_id: str) -> None:
    """The segment walk inlines `Page.runs`: same runs, same places, same text, same order."""
    page = _page(page_id)
    found = [(s.parent, s.index, s.run.nodes, s.text) for s in page.segments]
    assert len(found) > 20
    assert found == _reference_segments(page, page.root)


@pytest.mark.parametrize("page_id", PAGES)
def test_containment_and_blocks_follow_the_tree(page_id: str) -> None:
    page = _page(page_id)
    some = list(page.order)[:: max(1, len(page.order) // 60)]
    for top in some:
        inside = set(top.iter(etree.Element))
        assert {e for e in page.order if page.contains(top, e)} == inside
        holds_block = any(d.tag not in INLINE for d in top.iterdescendants(etree.Element))
        assert page.holds_block[top] == holds_block


def test_link_text_and_line_breaks_in_a_run() -> None:
    root = _stripped(
        "<html><body><div><p>Read <a href='/x'>the <b>whole</b> story</a> here<br>"
        "next line<br><br>new run</p></div></body></html>"
    )
    page = Page(root)
    assert [(s.text, s.links) for s in page.segments] == [
        ("Read the whole story here\nnext line", len("the whole story")),
        ("new run", 0),
    ]


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


@pytest.mark.parametrize(
    "html",
    [
        "<div>a<aside>x<footer>f</footer>y</aside>t1<aside>z</aside>t2<p>p</p>"
        "<aside>w</aside>t3</div><footer>F</footer>end",
        # lxml keeps parsed control characters but refuses them when set
        "<div>a\x0bb<aside>x</aside>tail<p>p\x0b</p><aside>w</aside>t3<footer>f</footer></div>",
    ],
)
def test_asides_and_footers_are_held_out_with_their_tails_in_place(html: str) -> None:
    root = parse(f"<html><body>{html}</body></html>")
    before = etree.tostring(root)
    with _held_out(root, HELD_OUT):
        during = etree.tostring(root, method="text", encoding="unicode")
        left = [e.tag for e in root.iter(*HELD_OUT)]
    assert etree.tostring(root) == before
    if "\x0b" in html:  # the aside whose tail cannot join a text with one stays
        assert (left, during) == (["aside"], "a\x0bbxtailp\x0bt3")
    else:
        assert (left, during) == ([], "at1t2pt3end")

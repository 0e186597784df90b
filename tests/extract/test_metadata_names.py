"""Names in credits' texts, each from a real page of the benchmark's tuning part
(benchmarks/data/extra/, see its README for their origins and licenses)."""

from __future__ import annotations

import pytest
from parsel import Selector

from newscrawl.extract.metadata import authors, byline, split_names


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

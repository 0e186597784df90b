"""sources.base.select evaluates a source's selectors on the lxml tree itself: it must give
exactly what parsel's `Selector.css(...).getall()` / `.xpath(...).getall()` gives, on every
saved page of every source, for every declared selector and for each kind of XPath result
(elements, text, attributes, strings, numbers, booleans, comments, EXSLT functions)."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from helpers import SOURCES
from parsel import Selector

from newscrawl import sources
from newscrawl.extract.charset import decode_html
from newscrawl.sources.base import XPATH_PREFIX, select

PAGES = sorted([*SOURCES.glob("*/*.html"), *SOURCES.glob("*/*.html.gz")])
KINDS = (
    "title", "p", "img::attr(src)", "a::attr(href)", "h1::text", "meta::attr(content)",
    "div > p:first-child", "xpath://comment()", "xpath:count(//p)", "xpath:boolean(//h1)",
    "xpath:boolean(//nosuchtag)", "xpath:string(//title)", "xpath:normalize-space(//h1)",
    "xpath://a/@href", "xpath:re:test(string(//title), '[0-9]')", "xpath:set:distinct(//p)",
    "xpath://*[@id][1]", "xpath:sum(//nosuchtag)",
)  # fmt: skip


def declared() -> set[str]:
    found: set[str] = set(KINDS)
    for source in sources.all_sources():
        found |= {*source.selectors.values(), *source.extra.values(), *source.body_stop}
        found |= {*source.body_drop, *([source.body] if source.body else [])}
    return found


def parsel_getall(sel: Selector, selector: str) -> list[str]:
    if selector.startswith(XPATH_PREFIX):
        return [str(v) for v in sel.xpath(selector[len(XPATH_PREFIX) :]).getall()]
    return [str(v) for v in sel.css(selector).getall()]


def test_there_are_pages() -> None:
    assert len(PAGES) >= 20


@pytest.mark.parametrize("page", PAGES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_select_gives_what_parsel_gives(page: Path) -> None:
    raw = page.read_bytes()
    sel = Selector(text=decode_html(gzip.decompress(raw) if page.suffix == ".gz" else raw, None))
    assert sel.type == "html"
    found_any = False
    for selector in sorted(declared()):
        expected = parsel_getall(sel, selector)
        assert select(sel, selector) == expected, selector
        found_any = found_any or any(v.strip() for v in expected)
    assert found_any


def test_an_xpath_that_fails_is_a_value_error_as_in_parsel() -> None:
    sel = Selector(text="<html><body><p>x</p></body></html>")
    with pytest.raises(ValueError, match="XPath error"):
        sel.xpath("nosuchfunction(//p)").getall()
    with pytest.raises(ValueError, match="XPath error"):
        select(sel, "xpath:nosuchfunction(//p)")


def test_other_selector_types_go_through_parsel() -> None:
    xml = Selector(text="<feed><title>t</title><x:y xmlns:x='u'>z</x:y></feed>", type="xml")
    assert select(xml, "title::text") == ["t"] == parsel_getall(xml, "title::text")
    assert select(xml, "xpath://title") == ["<title>t</title>"]
    nested = Selector(text="<p>a</p>").xpath("//p/text()")[0]
    assert select(nested, "xpath:.") == parsel_getall(nested, "xpath:.") == ["a"]

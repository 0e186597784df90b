"""The article body of a page nobody wrote rules for, as clean structured HTML.

Two readings of the page are combined. trafilatura's extraction says which text is content;
the page's own tree says where that text sits. The body is cut from the tree, so it keeps the
site's paragraphs, headings, lists, tables, quotes and figures:

1. The page is split into segments: runs of inline content between block elements.
2. Segments whose text trafilatura kept are votes; the container is the deepest element that
   holds most of the voted text (not a gallery with the article's text voted beside it).
   Votes outside it (teasers, footers) are dropped.
3. Inside it, boilerplate goes even when voted (link lists, subtrees marked as navigation,
   sharing, newsletters, related stories, author boxes; headlines; `prune`: links to other
   stories set in from a template, the labels of link boxes, sidebars boxed among the body's
   paragraphs), and content trafilatura missed
   comes back: embedded quotes and posts, short text between kept paragraphs, paragraphs
   beside the body's paragraphs, voted opening paragraphs set just before the container, the
   other parts of a body split into several same-class containers, subheadings that
   are links (a product's name) over the body's paragraphs.
4. When trafilatura found much less than a readability-style text-density scoring of the
   tree, and elsewhere, that scoring's container wins (beside what was kept, when it lies
   inside the container).
5. A learned second opinion (`scorer`, a logistic score over features that name no site)
   moves the segments at the body's edges that its model is confident the rules got wrong.

`page` splits the page into segments, `select` chooses them (`prune` drops from them,
`lead` adds the standfirst), `fragment` writes the HTML. The thresholds were tuned on the
Zyte benchmark and the development pages' tuning part, and checked on their validation part
(benchmarks/extraction.py); no rule names a site.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from copy import copy
from functools import cache
from typing import Any, NamedTuple

from lxml import etree

from newscrawl.extract.body import votes
from newscrawl.extract.body.fragment import Fragment
from newscrawl.extract.body.page import _DROP, _SPACE, Element, Page, parse
from newscrawl.extract.body.scorer import rescore
from newscrawl.extract.body.select import align, select
from newscrawl.extract.markup import NOT_XML

__all__ = ["extract_body", "parse"]

# Subtrees trafilatura deletes (their tails kept) before it looks for the text, and that its
# measure of the page's text leaves out too: held out of the tree while it copies and scans
# it, so that it works on a smaller page, and put back for our own reading.
HELD_OUT = ("aside", "footer")


class Bodies(NamedTuple):
    """A page's body (`chosen`) and the body its rules chose before the scorer moved the
    segments at its edges (`ruled`; the same string where it moved none): the author and date
    steps read a signature or a date in the text's last lines, which are not the body's to
    decide."""

    chosen: str
    ruled: str


def extract_body(
    html: str,
    url: str,
    titles: tuple[str, ...] = (),
    scheme: str = "https",
    root: Element | None = None,
) -> str:
    """The article body of `html` as clean HTML, `titles` (headlines) left out; image URLs
    are absolute (`scheme` for protocol-relative ones). `root`: `parse(html)` when the caller
    parsed it already (it is stripped in place)."""
    return extract_bodies(html, url, titles, scheme, root).chosen


def extract_bodies(
    html: str,
    url: str,
    titles: tuple[str, ...] = (),
    scheme: str = "https",
    root: Element | None = None,
) -> Bodies:
    """extract_body's body, and the rules' own (`Bodies`)."""
    root = parse(html) if root is None else root
    if root is None:
        return Bodies("", "")
    controls = _controls(root)
    etree.strip_elements(root, *_DROP, with_tail=False)
    with _held_out(root, HELD_OUT):
        voted_text = _trafilatura_text(root, html, url)
    page = Page(root)
    page.controls = controls
    voted = align(page.segments, voted_text)
    chosen, regions = select(page, voted)
    ruled = list(chosen)
    rescore(page, voted, chosen, regions)
    heads = {_SPACE.sub("", t).casefold() for t in titles if t.strip()}

    def cut(choice: list[bool]) -> str:
        kept = [s for s, c in zip(page.segments, choice, strict=True) if c]
        kept = [s for s in kept if s.norm.casefold() not in heads]
        return Fragment(page, kept, regions, url, scheme).html() if kept else ""

    body = cut(chosen)
    return Bodies(body, body if ruled == chosen else cut(ruled))


def _controls(root: Element) -> frozenset[Element]:
    """The parents of the page's form controls (a consent switch, an expand button, a poll),
    read before they are stripped with the other elements that hold no text."""
    return frozenset(
        parent
        for control in root.iter("input", "button", "select", "textarea")
        if (control.get("type") or "").lower() != "hidden"
        and (parent := control.getparent()) is not None
    )


def _trafilatura_text(root: Element, html: str, url: str) -> str:
    """trafilatura's text of the page, read from our tree (it works on a copy): no second
    parse, and without the scripts, styles and media it would only delete again. A tree
    holding a character lxml refuses to set makes trafilatura give up; when the page's text
    holds one raw, trafilatura reads it as it parses it itself (it deletes them first)."""
    import trafilatura  # deferred: heavy import, only needed for rule-less pages

    def read(page: Element | str) -> object:
        return trafilatura.bare_extraction(page, options=_options(url))

    options = _options(url)
    found = votes.voted_text(root, options) if votes.mirrored(options) else read(root)
    if found is None and NOT_XML.search(html):
        found = read(html)
    return str((found if isinstance(found, str) else getattr(found, "text", "")) or "")


@cache
def _options_template() -> Any:
    from trafilatura.settings import Extractor

    return Extractor(output_format="python", fast=True, comments=False, tables=True)


def _options(url: str) -> Any:
    """bare_extraction's options for `url, fast=True, include_comments=False,
    include_tables=True`, copied from one built once (building them reads its config file's
    values again each time). Their latest date is today's, as a new build's would be: a crawl
    that runs past midnight must not read today's pages with yesterday's options."""
    from trafilatura.settings import set_date_params

    options = copy(_options_template())
    source = url or None  # as Extractor sets them
    options.url, options.source = url, source and source.encode("utf-8", "replace").decode()
    options.date_params = {**options.date_params, "max_date": set_date_params()["max_date"]}
    return options


@contextmanager
def _held_out(root: Element, tags: tuple[str, ...]) -> Iterator[None]:
    """`root` without its `tags` elements, their tails left in place as trafilatura's own
    deletion leaves them; as it was again afterwards."""
    held = []
    for element in list(root.iter(*tags)):
        parent, before = element.getparent(), element.getprevious()
        if parent is None:
            continue
        owner, name = (parent, "text") if before is None else (before, "tail")
        kept = getattr(owner, name)
        if element.tail:
            joined = (kept or "") + element.tail
            if NOT_XML.search(joined):
                # lxml keeps a control character it parsed but refuses it when set, and the
                # text it was to replace is lost by then: such an element stays.
                continue
            setattr(owner, name, joined)
        held.append((parent, parent.index(element), element, owner, name, kept))
        parent.remove(element)  # its tail goes with it
    try:
        yield
    finally:
        for parent, at, element, owner, name, kept in reversed(held):
            if element.tail:
                setattr(owner, name, kept)
            parent.insert(at, element)

"""The lead (standfirst, summary) between the headline and the body's first kept text: named
as one by its class or id words, or the first line of prose in the headline's own block."""

from __future__ import annotations

import re
from collections import Counter

from newscrawl.extract.body.page import _SPACE, LINKY, Element, Page, Segment, words

_LEAD_WORD = re.compile(
    r"lead|summary|intro|teaser|standfirst|dek|excerpt|sub-?title|subline|description|abstract"
    r"|chapo|chapeau|vorspann|kicker|entradilla|sumario|bajada|lede|preamble|ingress|perex",
    re.IGNORECASE,
)
# A line of metadata (section | date • time), not prose.
_META_LINE = re.compile(r"[|•·]|\b\d{1,2}[:h.]\d{2}\b")
LEAD_LEVELS = 3  # how far above the container the headline may sit for its lead to count
STANDFIRST_LEVELS = 1  # how far above the headline's block its standfirst may sit
STANDFIRST_DEPTH = 2  # how deep below that block it may sit (deeper: a notice box, a factbox)
LEAD_TEXT = 60  # characters a lead holds at least (a date or a byline is shorter)


def adopt_lead(page: Page, chosen: list[bool], top: Element) -> None:
    """The lead (standfirst, summary) between the headline and the body's first kept text,
    when the headline sits close above the container: the clean text of an element named as
    a lead, voted or not (trafilatura drops it with the <header> it often sits in), when the
    element holds LEAD_TEXT characters (its paragraphs may be shorter). The headline is the
    last <h1> before that text: a page's first may be its menu's or its logo's."""
    kept = [page.order[s.parent] for s, c in zip(page.segments, chosen, strict=True) if c]
    end = min(kept, default=page.order[top])
    h1 = next((h for h in reversed(page.root.xpath("//h1")) if page.order[h] < end), None)
    shared = top.getparent()
    for _ in range(LEAD_LEVELS):
        if h1 is None or shared is None or page.contains(shared, h1):
            break
        shared = shared.getparent()
    if h1 is None or shared is None or not page.contains(shared, h1):
        return
    start = page.end[h1]
    window = [
        i
        for i, seg in enumerate(page.segments)
        if start <= page.order[seg.parent] < end
        and page.contains(shared, seg.parent)
        and _clean_lead(page, seg, shared)
    ]
    holders = {i: _lead_holder(page, page.segments[i], shared) for i in window}
    named: Counter[Element] = Counter()
    for i, holder in holders.items():
        if holder is not None:
            named[holder] += len(page.segments[i].norm)
    for i, holder in holders.items():
        chosen[i] = chosen[i] or (holder is not None and named[holder] >= LEAD_TEXT)
    standfirst = _standfirst(page, h1, window)
    if standfirst is not None:
        chosen[standfirst] = True


def _standfirst(page: Page, h1: Element, window: list[int]) -> int | None:
    """The lead no class names: the first line of prose after the headline in the headline's
    own block (an <hgroup>'s paragraph, a subtitle <h2> beside the <h1>), or the block around
    it when that holds no more text; shorter lines (a date, a byline, a kicker) passed over."""
    block = h1.getparent()
    for _ in range(STANDFIRST_LEVELS):
        if block is None or any(page.contains(block, page.segments[i].parent) for i in window):
            break
        block = block.getparent()
    if block is None:
        return None
    head = _SPACE.sub("", "".join(h1.itertext())).casefold()
    return next((i for i in window if _prose(page, page.segments[i], block, head)), None)


def _prose(page: Page, seg: Segment, block: Element, head: str) -> bool:
    """A standfirst's line: close below `block` (deeper: a notice or a factbox), LEAD_TEXT
    characters, not the headline again (a second version of it), not a line of metadata."""
    return (
        page.contains(block, seg.parent)
        and len(list(page.path(seg.parent, block))) <= STANDFIRST_DEPTH
        and len(seg.norm) >= LEAD_TEXT
        and head not in seg.norm.casefold()
        and not _META_LINE.search(seg.text)
    )


def _clean_lead(page: Page, seg: Segment, shared: Element) -> bool:
    """Clean text above the body: a <header> holds the lead, so only class and id words say
    boilerplate here."""
    return (
        seg.parent.tag != "h1"
        and seg.link_density < LINKY
        and not page.in_link(seg.parent, shared)
        and not page.caption(seg.parent, shared)
        and not any(_not_lead(page, n) for n in page.path(seg.parent, shared))
    )


def _not_lead(page: Page, node: Element) -> bool:
    """Boilerplate, unless named as a lead (a "teaser" class names both)."""
    return (
        node.tag != "header" and page._is_boilerplate(node) and not _LEAD_WORD.search(words(node))
    )


def _lead_holder(page: Page, seg: Segment, shared: Element) -> Element | None:
    return next((n for n in page.path(seg.parent, shared) if _LEAD_WORD.search(words(n))), None)

"""Which segments make the body: trafilatura's votes, the container, what comes back."""

from __future__ import annotations

import re
from collections import Counter

from newscrawl.extract.body.lead import adopt_lead
from newscrawl.extract.body.page import (
    _TEXT_TAGS,
    HOLDER_PARAGRAPHS,
    LINKY,
    Element,
    Page,
    Segment,
    paragraph_holders,
    words,
)
from newscrawl.extract.body.prune import (
    drop_controls,
    drop_inserts,
    drop_orphan_labels,
    drop_pictured,
    drop_sidebars,
    drop_tail,
)

_GALLERY = re.compile(r"gallery|slideshow|carousel|slider|lightbox", re.IGNORECASE)
_HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
_SUBHEADS = _HEADINGS - {"h1"}
# A heading's own class naming it a byline: the one boilerplate word a heading set among the
# body's paragraphs keeps ("block--header" or a table of contents' "nav_..." anchor do not).
_BYLINE = re.compile(r"byline|author", re.IGNORECASE)
_COMMAS = re.compile(r"[,，、。;；]")
CONTAINER_SHARE = 0.8  # of the voted text the container must hold
SIBLING_TEXT = 80  # characters (no spaces) a paragraph beside them holds to be adopted
GALLERY_LEVELS = 3  # how far above a gallery the body beside it may branch off
GALLERY_OUTSIDE = 500  # characters (no spaces) voted beside a gallery that make it not the body
LINK_LIST = 0.7  # link density from which a voted segment counts as a link list
FALLBACK_RATIO = 5  # how much more text the density container must hold to win
OPENING_LEVELS = 3  # how far above the container its opening may sit
OPENING_TEXT = 80  # characters (no spaces) an opening paragraph holds at least
SIMILAR_LEVELS = 2  # how far up the other parts of a split body may branch off
SUBHEAD_TEXT = 80  # characters (no spaces) of the paragraph under a linked subheading
PART_TEXT = 200  # characters (no spaces) of clean text that make another part the body's


def align(segments: list[Segment], voted_text: str, anchor: int = 25) -> list[bool]:
    """Which segments trafilatura kept. Long segments are found anywhere and anchor the
    alignment; short ones only between their anchors, in order (a "3" or "Share" alone
    would be found everywhere)."""
    voted = "".join(voted_text.split())  # _SPACE.sub("", ...) without a regex
    spans: list[tuple[int, int] | None] = [None] * len(segments)
    end = 0
    for i, seg in enumerate(segments):
        if len(seg.norm) >= anchor and (at := voted.find(seg.norm, end)) >= 0:
            spans[i], end = (at, at + len(seg.norm)), at + len(seg.norm)
    next_anchor = [len(voted)] * (len(segments) + 1)
    for i in range(len(segments) - 1, -1, -1):
        span = spans[i]
        next_anchor[i] = span[0] if span else next_anchor[i + 1]
    found, cursor = [False] * len(segments), 0
    for i, seg in enumerate(segments):
        span = spans[i]
        if span:
            found[i], cursor = True, span[1]
        elif len(seg.norm) >= anchor:
            found[i] = seg.norm in voted
        elif (at := voted.find(seg.norm, cursor, next_anchor[i + 1])) >= 0:
            found[i], cursor = True, at + len(seg.norm)
    return found


def container(page: Page, votes: list[bool]) -> Element | None:
    """The deepest element holding CONTAINER_SHARE of the voted text."""
    held: Counter[Element] = Counter()
    for seg, voted in zip(page.segments, votes, strict=True):
        if voted:
            for element in page.path(seg.parent, None):
                held[element] += len(seg.norm)
    if not held:
        return None
    total = held[page.root]
    deepest = [e for e, n in held.items() if n >= CONTAINER_SHARE * total]
    return max(deepest, key=lambda e: page.order[e])  # the last in order is the innermost


# --- selection ------------------------------------------------------------------------------


def select(page: Page, votes: list[bool]) -> tuple[list[bool], list[Element]]:
    """Which segments make the body, and the containers they were taken from."""
    top = container(page, votes)
    gallery = _gallery(page, votes, top) if top is not None else None
    if gallery is not None:
        votes = [
            v and not page.contains(gallery, s.parent)
            for s, v in zip(page.segments, votes, strict=True)
        ]
        top = container(page, votes)
    chosen, regions = [False] * len(page.segments), list[Element]()
    if top is not None:
        chosen = [
            voted
            and page.contains(top, seg.parent)
            and seg.link_density < LINK_LIST
            and not page.in_link(seg.parent, top)
            and seg.parent.tag != "h1"
            and not page.boilerplate(seg.parent, top)
            for seg, voted in zip(page.segments, votes, strict=True)
        ]
        _adopt_quotes(page, chosen, top)
        _adopt_between(page, votes, chosen, top)
        _adopt_siblings(page, chosen, top)
        adopt_lead(page, chosen, top)
        _adopt_opening(page, votes, chosen, top)
        _adopt_subheads(page, votes, chosen, top)
        regions = [top, *_adopt_parts(page, chosen, top)]
        drop_inserts(page, chosen, regions)
        drop_controls(page, chosen, top)
        drop_pictured(page, chosen, regions)
        drop_orphan_labels(page, chosen, top)
        drop_tail(page, chosen)
    chosen, regions = _density_fallback(page, votes, chosen, regions, gallery)
    drop_sidebars(page, chosen)  # among the body's paragraphs, whichever container gave them
    return chosen, regions


def _gallery(page: Page, votes: list[bool], top: Element) -> Element | None:
    """The outermost gallery (slideshow, carousel) around the container, when the text voted
    outside it, nearby, is GALLERY_OUTSIDE characters or more: the article whose body sits
    beside a gallery of captioned pictures that trafilatura took for the body."""
    gallery, gap = None, 0
    for node in page.path(top, None):  # the outermost of the galleries close around it
        gallery, gap = (node, 0) if _GALLERY.search(words(node)) else (gallery, gap + 1)
        if gap > GALLERY_LEVELS:
            break
    if gallery is None:
        return None
    around = gallery
    for _ in range(GALLERY_LEVELS):
        if around.getparent() is None:
            break
        around = around.getparent()
    outside = sum(
        len(s.norm)
        for s, v in zip(page.segments, votes, strict=True)
        if v and page.contains(around, s.parent) and not page.contains(gallery, s.parent)
    )
    return gallery if outside >= GALLERY_OUTSIDE else None


def _adopt_quotes(page: Page, chosen: list[bool], top: Element) -> None:
    """Quotes and embedded posts inside the body are the article's (trafilatura drops tweets);
    not their link lines (an embedded post of the same site is a link to another story)."""
    for i, seg in enumerate(page.segments):
        if not chosen[i] and seg.link_density < LINK_LIST and page.contains(top, seg.parent):
            chosen[i] = any(n.tag == "blockquote" for n in page.path(seg.parent, top))


def _clean(page: Page, seg: Segment, top: Element, fence: Element | None = None) -> bool:
    return (
        seg.link_density < LINKY
        and not page.in_link(seg.parent, top)
        and not page.boilerplate(seg.parent, fence if fence is not None else top)
        and not page.caption(seg.parent, top)
    )


def _adopt_between(page: Page, votes: list[bool], chosen: list[bool], top: Element) -> None:
    """Clean paragraphs and headings between kept segments (short ones trafilatura misses)."""
    kept = [i for i, c in enumerate(chosen) if c]
    for i in range(kept[0], kept[-1]) if kept else ():
        seg = page.segments[i]
        if (
            not chosen[i]
            and not votes[i]
            and seg.parent.tag in _TEXT_TAGS
            and page.contains(top, seg.parent)
            and _clean(page, seg, top)
        ):
            chosen[i] = True


def _adopt_siblings(page: Page, chosen: list[bool], top: Element) -> None:
    """Paragraphs beside the body's paragraphs, before its first or after its last kept text
    (trafilatura misses an opening paragraph under a drop cap, or the text after a paywall
    marker): the clean <p> children of an element with HOLDER_PARAGRAPHS kept <p> children,
    or <p> of the class of HOLDER_PARAGRAPHS kept <p> (a body cut into several holders by
    ads), when they hold SIBLING_TEXT characters."""
    kept = paragraph_holders(page, chosen)
    holders = {e for e, n in kept.items() if n >= HOLDER_PARAGRAPHS and e is not None}
    classes: Counter[str] = Counter(
        s.parent.get("class")
        for s, c in zip(page.segments, chosen, strict=True)
        if c and s.parent.tag == "p" and s.parent.get("class")
    )
    named = {name for name, n in classes.items() if n >= HOLDER_PARAGRAPHS}
    for i, seg in enumerate(page.segments):
        if (
            not chosen[i]
            and seg.parent.tag == "p"
            and (seg.parent.getparent() in holders or seg.parent.get("class") in named)
            and len(seg.norm) >= SIBLING_TEXT
            and page.contains(top, seg.parent)
            and _clean(page, seg, top)
        ):
            chosen[i] = True


def _adopt_opening(page: Page, votes: list[bool], chosen: list[bool], top: Element) -> None:
    """Voted prose just before the container, in the block that holds it (OPENING_LEVELS
    up, not past an <article>) and after the headline: the body's opening paragraphs set in a
    box of their own (a lead, an intro, the text before an ad slot), which the container
    leaves out when the rest holds CONTAINER_SHARE of the voted text. Prose: OPENING_TEXT
    characters, not a heading, clean."""
    shared = top
    for _ in range(OPENING_LEVELS):
        if shared.getparent() is None or shared.tag in ("body", "main", "article"):
            break
        shared = shared.getparent()
    h1 = next(shared.iter("h1"), None)
    start = page.end[h1] if h1 is not None else page.order[shared]
    for i, seg in enumerate(page.segments):
        if (
            votes[i]
            and not chosen[i]
            and start <= page.order[seg.parent] < page.order[top]
            and len(seg.norm) >= OPENING_TEXT
            and page.contains(shared, seg.parent)
            and seg.parent.tag not in _HEADINGS
            and _clean(page, seg, shared)
        ):
            chosen[i] = True


def _adopt_subheads(page: Page, votes: list[bool], chosen: list[bool], top: Element) -> None:
    """Voted subheadings over a kept paragraph of SUBHEAD_TEXT characters, both children of
    the element holding HOLDER_PARAGRAPHS of the body's kept <p>: the article's own subheads,
    which the link list test dropped (a product's name linked to its page) or a boilerplate
    word of the heading's own class ("block--header"; a byline's words still say a byline).
    A box of links' heading heads links, and a teaser card's headline sits in its card with
    one blurb, not among the body's paragraphs."""
    holders = paragraph_holders(page, chosen)
    for i, seg in enumerate(page.segments[:-1]):
        after = page.segments[i + 1]
        if (
            votes[i]
            and not chosen[i]
            and seg.parent.tag in _SUBHEADS
            and holders[seg.parent.getparent()] >= HOLDER_PARAGRAPHS
            and chosen[i + 1]
            and after.parent.tag == "p"
            and after.parent.getparent() is seg.parent.getparent()
            and len(after.norm) >= SUBHEAD_TEXT
            and after.link_density < LINKY
            and page.contains(top, seg.parent)
            and not _BYLINE.search(words(seg.parent))
        ):
            chosen[i] = True


def _similar(page: Page, top: Element) -> list[tuple[Element, Element]]:
    """Other parts of a body split into same-class containers (ads in between), each with
    the ancestor they share with `top`; never inside another <article>."""
    words_ = top.get("class")
    parent = top.getparent()
    if not words_ or parent is None:
        return []
    article = next(top.iterancestors("article"), None)
    shared = parent
    for _ in range(SIMILAR_LEVELS - 1):  # up to the article, when it is that close
        if shared is article or shared.getparent() is None or shared.tag in ("body", "main"):
            break
        shared = shared.getparent()
    return [
        (other, shared)
        # The class in XPath (C, not a Python test of every element); the tag in Python: lxml
        # refuses a tag name holding a control character, which a broken page can give.
        for other in shared.xpath("descendant-or-self::*[@class = $words]", words=words_)
        if other.tag == top.tag
        and not page.contains(top, other)
        and not page.contains(other, top)
        and next(other.iterancestors("article"), None) is article
    ]


def _adopt_parts(page: Page, chosen: list[bool], top: Element) -> list[Element]:
    """The other parts of a split body (_similar), each taken whole when its clean text
    holds prose: PART_TEXT characters (a layout cell of the body's class holding a byline
    or a "More in ..." label is no part of it)."""
    parts = []
    for other, shared in _similar(page, top):
        # The wrappers the body's first part sits in are not boilerplate for the others
        # ("sidebar-grid__container" around each part of a body split by ads).
        mirrored = {(a.tag, a.get("class")) for a in page.path(top, shared)}
        if any(
            page._is_boilerplate(a) and (a.tag, a.get("class")) not in mirrored
            for a in page.path(other, shared)
        ):
            continue
        found = [
            i
            for i, seg in enumerate(page.segments)
            if not chosen[i]
            and seg.parent.tag in _TEXT_TAGS - {"li"}
            and page.contains(other, seg.parent)
            and _clean(page, seg, other)
        ]
        if sum(len(page.segments[i].norm) for i in found) < PART_TEXT:
            continue
        for i in found:
            chosen[i] = True
        parts.append(other)
    return parts


def density_container(page: Page) -> Element | None:
    """readability's choice: paragraphs score their container (and half for its parent) by
    length and commas; the best score after the link density penalty wins."""
    score: dict[Element, float] = {}
    text: Counter[Element] = Counter()
    links: Counter[Element] = Counter()
    for seg in page.segments:
        size = len(seg.text.strip())
        for element in page.path(seg.parent, None):
            text[element] += size
            links[element] += seg.links
        if size < 25 or seg.link_density > LINKY:
            continue
        points = 1 + len(_COMMAS.findall(seg.text)) + min(size / 100, 3)
        holder = seg.parent
        if holder.tag not in ("div", "section", "article", "main", "body", "span", "td"):
            holder = holder.getparent()
        if holder is None:
            continue
        score[holder] = score.get(holder, 0.0) + points
        if (grand := holder.getparent()) is not None:
            score[grand] = score.get(grand, 0.0) + points / 2
    ranked = {e: s * (1 - links[e] / max(1, text[e])) for e, s in score.items()}
    return max(ranked, key=lambda e: ranked[e]) if ranked else None


def _density_fallback(
    page: Page,
    votes: list[bool],
    chosen: list[bool],
    regions: list[Element],
    gallery: Element | None = None,
) -> tuple[list[bool], list[Element]]:
    ours = sum(len(s.norm) for s, c in zip(page.segments, chosen, strict=True) if c)
    if sum(len(s.norm) for s in page.segments) < FALLBACK_RATIO * max(ours, 1):
        return chosen, regions  # no container could hold enough more text: skip the scoring
    top = density_container(page)
    if top is None or (gallery is not None and page.contains(gallery, top)):
        return chosen, regions
    theirs = [
        page.contains(top, seg.parent) and ((voted and kept) or _clean(page, seg, top))
        for seg, voted, kept in zip(page.segments, votes, chosen, strict=True)
    ]
    found = sum(len(s.norm) for s, c in zip(page.segments, theirs, strict=True) if c)
    shared = any(a and b for a, b in zip(chosen, theirs, strict=True))
    if found < FALLBACK_RATIO * max(ours, 1) or shared:
        return chosen, regions
    if regions and page.contains(regions[0], top):
        # trafilatura found the body's start and lost the rest (text it takes for hidden):
        # what it found is kept beside the rest
        return [a or b for a, b in zip(chosen, theirs, strict=True)], [*regions, top]
    return theirs, [top]

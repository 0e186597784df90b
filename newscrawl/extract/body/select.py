"""Which segments make the body: trafilatura's votes, the container, what comes back."""

from __future__ import annotations

import re
from collections import Counter

from newscrawl.extract.body.page import (
    _SPACE,
    _TEXT_TAGS,
    Element,
    Page,
    Segment,
    words,
)

_COMMAS = re.compile(r"[,，、。;；]")
_LEAD_WORD = re.compile(
    r"lead|summary|intro|teaser|standfirst|dek|excerpt|sub-?title|subline|description|abstract"
    r"|chapo|chapeau|vorspann|kicker|entradilla|sumario|bajada|lede|preamble|ingress|perex",
    re.IGNORECASE,
)
CONTAINER_SHARE = 0.8  # of the voted text the container must hold
INSERT_REPEATS = 2  # times the same label must recur for its boxes to be template inserts
INSERT_LABEL = (3, 60)  # characters (no spaces) a template insert's label holds
INSERT_TEXT = 600  # characters (no spaces) a template insert holds at most
INSERT_HEADLINE = 25  # characters of the link that makes a line a headline (not a name)
LINK_LIST = 0.7  # link density from which a voted segment counts as a link list
LINKY = 0.5  # link density from which unvoted text is not adopted
FALLBACK_RATIO = 5  # how much more text the density container must hold to win
SIMILAR_LEVELS = 2  # how far up the other parts of a split body may branch off
LEAD_LEVELS = 3  # how far above the container the headline may sit for its lead to count
LEAD_TEXT = 60  # characters a lead holds at least (a date or a byline is shorter)


def align(segments: list[Segment], voted_text: str, anchor: int = 25) -> list[bool]:
    """Which segments trafilatura kept. Long segments are found anywhere and anchor the
    alignment; short ones only between their anchors, in order (a "3" or "Share" alone
    would be found everywhere)."""
    voted = _SPACE.sub("", voted_text)
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
        _adopt_lead(page, chosen, top)
        regions = [top, *_adopt_parts(page, chosen, top)]
        _drop_inserts(page, chosen, regions)
    return _density_fallback(page, votes, chosen, regions)


def _adopt_quotes(page: Page, chosen: list[bool], top: Element) -> None:
    """Quotes and embedded posts inside the body are the article's (trafilatura drops tweets)."""
    for i, seg in enumerate(page.segments):
        if not chosen[i] and page.contains(top, seg.parent):
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


def _adopt_lead(page: Page, chosen: list[bool], top: Element) -> None:
    """The lead (standfirst, summary) between the headline and the body's first kept text,
    when the first <h1> sits close above the container: the clean text of an element named as
    a lead, voted or not (trafilatura drops it with the <header> it often sits in), when the
    element holds LEAD_TEXT characters (its paragraphs may be shorter)."""
    h1 = next(page.root.iter("h1"), None)
    shared = top.getparent()
    for _ in range(LEAD_LEVELS):
        if h1 is None or shared is None or page.contains(shared, h1):
            break
        shared = shared.getparent()
    if h1 is None or shared is None or not page.contains(shared, h1):
        return
    kept = [page.order[s.parent] for s, c in zip(page.segments, chosen, strict=True) if c]
    start, end = page.end[h1], min(kept, default=page.order[top])
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
    parts = _similar(page, top)
    for other, shared in parts:
        # The wrappers the body's first part sits in are not boilerplate for the others
        # ("sidebar-grid__container" around each part of a body split by ads).
        mirrored = {(a.tag, a.get("class")) for a in page.path(top, shared)}
        fenced = any(
            page._is_boilerplate(a) and (a.tag, a.get("class")) not in mirrored
            for a in page.path(other, shared)
        )
        for i, seg in enumerate(page.segments):
            if (
                not fenced
                and not chosen[i]
                and seg.parent.tag in _TEXT_TAGS - {"li"}
                and page.contains(other, seg.parent)
                and _clean(page, seg, other)
            ):
                chosen[i] = True
    return [other for other, _ in parts]


def _drop_inserts(page: Page, chosen: list[bool], regions: list[Element]) -> None:
    """Links to other stories set into the body from a template ("Read more: ...", a teaser
    card with its lead): the same words outside links, INSERT_REPEATS times or more in the
    body, each in a short box that holds a headline link. Every segment of those boxes goes."""
    labelled: dict[str, list[Segment]] = {}
    for seg in page.segments:
        if seg.parent.tag == "h1" or not any(page.contains(r, seg.parent) for r in regions):
            continue  # a headline recurs beside its video or audio, and is no insert's label
        label = _SPACE.sub("", _unlinked_text(seg)).casefold()
        if INSERT_LABEL[0] <= len(label) <= INSERT_LABEL[1]:
            labelled.setdefault(label, []).append(seg)
    recurring = [segs for segs in labelled.values() if len(segs) >= INSERT_REPEATS]
    if not recurring:
        return
    headlines = [
        s.parent for s in page.segments if s.link_density >= LINKY and s.links >= INSERT_HEADLINE
    ]
    boxes: list[Element] = []
    for segs in recurring:
        found = [_link_box(page, seg, regions, headlines) for seg in segs]
        if sum(box is not None for box in found) >= INSERT_REPEATS:
            boxes.extend(box for box in found if box is not None)
    for i, seg in enumerate(page.segments):
        if chosen[i] and any(page.contains(b, seg.parent) for b in boxes):
            chosen[i] = False


def _unlinked_text(seg: Segment) -> str:
    """The segment's text outside its links."""
    parts = [seg.run.pre]
    for node in seg.run.nodes:
        if node.tag != "a":
            parts.extend(node.xpath(".//text()[not(ancestor::a)]"))
        parts.append(node.tail or "")
    return "".join(parts)


def _link_box(
    page: Page, seg: Segment, regions: list[Element], headlines: list[Element]
) -> Element | None:
    """The smallest element around `seg` below its region that holds a link with text, when
    it holds at most INSERT_TEXT characters and a line that is mostly link (a headline)."""
    for node in page.path(seg.parent, None):
        if node in regions or node is page.root:
            return None
        if any("".join(a.itertext()).strip() for a in node.iter("a")):
            size = len(_SPACE.sub("", "".join(node.itertext())))
            headline = any(page.contains(node, h) for h in headlines)
            return node if size <= INSERT_TEXT and headline else None
    return None


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
    page: Page, votes: list[bool], chosen: list[bool], regions: list[Element]
) -> tuple[list[bool], list[Element]]:
    ours = sum(len(s.norm) for s, c in zip(page.segments, chosen, strict=True) if c)
    if sum(len(s.norm) for s in page.segments) < FALLBACK_RATIO * max(ours, 1):
        return chosen, regions  # no container could hold enough more text: skip the scoring
    top = density_container(page)
    if top is None:
        return chosen, regions
    theirs = [
        page.contains(top, seg.parent) and ((voted and kept) or _clean(page, seg, top))
        for seg, voted, kept in zip(page.segments, votes, chosen, strict=True)
    ]
    found = sum(len(s.norm) for s, c in zip(page.segments, theirs, strict=True) if c)
    shared = any(a and b for a, b in zip(chosen, theirs, strict=True))
    if found >= FALLBACK_RATIO * max(ours, 1) and not shared:
        return theirs, [top]
    return chosen, regions

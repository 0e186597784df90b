"""Boilerplate inside the article's container that trafilatura keeps: links to other stories
set into the body from a template, the headings of link boxes, short lines boxed after the
body's last sentence, boxes around form controls, the labels boxed with a picture, and
sidebars set into the run of the body's paragraphs."""

from __future__ import annotations

import re
from itertools import islice

from newscrawl.extract.body.page import (
    _SPACE,
    HOLDER_PARAGRAPHS,
    Element,
    Page,
    Segment,
    paragraph_holders,
)

_HEADINGS = frozenset(("h2", "h3", "h4", "h5", "h6"))
INSERT_REPEATS = 2  # times the same label must recur for its boxes to be template inserts
INSERT_LABEL = (3, 60)  # characters (no spaces) a template insert's label holds
INSERT_TEXT = 600  # characters (no spaces) a template insert holds at most
INSERT_HEADLINE = 25  # characters of the link that makes a line a headline (not a name)
LABEL_TEXT = 60  # characters (no spaces) of a heading that may be a box's label
LABEL_LINKS = 0.5  # share of the text under a label in links that makes it a links box's
HEADLINE_LINKS = 0.5  # link density of a line that is a link, not text with a link in it
TAIL_SHORT = 40  # characters (no spaces) under which a line after the body's text is no prose
TAIL_DEPTH = 2  # levels below the last paragraph's holder at which a list or a table sits
CONTROL_TEXT = 600  # characters (no spaces) a box around a form control holds at most
PICTURED_LINE = 120  # characters (no spaces) of a line that may label a picture
PICTURED_BOX = 300  # characters (no spaces) a box around a picture and its label holds at most
SIDEBAR_DEPTH = 2  # levels below a box at which a sidebar's text sits (its heading's box, ...)
PROSE_SHARE = 0.5  # share of a sidebar's text in lines that end a sentence
_SIDEBAR_TAGS = frozenset(("div", "section", "aside", "article"))
# A line that ends a sentence (quotes and brackets may close after it).
_SENTENCE_END = re.compile(r"[.!?。！？…][\"'”’»)\]]*\s*$")


def drop_inserts(page: Page, chosen: list[bool], regions: list[Element]) -> None:
    """Links to other stories set into the body from a template ("Read more: ...", a teaser
    card with its lead): the same words outside links, INSERT_REPEATS times or more in the
    body, each in a short box that holds a headline link. Every segment of those boxes goes."""
    labelled: dict[str, list[Segment]] = {}
    for seg in page.segments:
        if (
            len(seg.norm) - seg.links > INSERT_LABEL[1]
            or seg.parent.tag == "h1"  # a headline recurs beside its video, and is no label
            or not any(page.contains(r, seg.parent) for r in regions)
        ):
            continue
        label = (_SPACE.sub("", _unlinked_text(seg)) if seg.links else seg.norm).casefold()
        if INSERT_LABEL[0] <= len(label) <= INSERT_LABEL[1]:
            labelled.setdefault(label, []).append(seg)
    recurring = [segs for segs in labelled.values() if len(segs) >= INSERT_REPEATS]
    if not recurring:
        return
    headlines = [s.parent for s in page.segments if _headline(s)]
    boxes: list[Element] = []
    for segs in recurring:
        found = [_link_box(page, seg, regions, headlines) for seg in segs]
        if sum(box is not None for box in found) >= INSERT_REPEATS:
            boxes.extend(box for box in found if box is not None)
    for i, seg in enumerate(page.segments):
        if chosen[i] and any(page.contains(b, seg.parent) for b in boxes):
            chosen[i] = False


def drop_orphan_labels(page: Page, chosen: list[bool], top: Element) -> None:
    """Labels with no text of the body under them: the heading or line over a box of links
    inside the body ("Read more", "Mehr zum Thema", "Explore further"), whose links are gone,
    and headings left last in the body once what followed them went."""
    kept = [i for i, c in enumerate(chosen) if c]
    nexts: list[int | None] = [*kept[1:], None] if kept else []
    for i, after in zip(kept, nexts, strict=True):
        short = len(page.segments[i].norm) <= LABEL_TEXT
        if short and _labels_links(page, chosen, i, after, top):
            chosen[i] = False
    for i in reversed([i for i, c in enumerate(chosen) if c]):
        seg = page.segments[i]
        if len(seg.norm) > LABEL_TEXT or seg.parent.tag not in _HEADINGS:
            break
        chosen[i] = False  # a heading closing the body heads nothing


def _labels_links(page: Page, chosen: list[bool], i: int, after: int | None, top: Element) -> bool:
    """Whether the segment `i` heads a box that holds only dropped text, mostly links, before
    the next kept segment `after`: the box is its ancestor below their common one (below
    `top`, the body's container, after the last kept segment; then the segment must be a
    label, a heading or a line ending in a colon)."""
    seg = page.segments[i]
    if after is None:
        box, end = top, len(page.segments)
        if seg.parent.tag not in _HEADINGS and not seg.text.rstrip().endswith(":"):
            return False
    else:
        box, end, nxt = seg.parent, after, page.segments[after]
        while box.getparent() is not None and not page.contains(box.getparent(), nxt.parent):
            box = box.getparent()
    inside = [
        (j, s)
        for j, s in enumerate(page.segments[i + 1 : end], i + 1)
        if page.contains(box, s.parent)
    ]
    if not inside or any(chosen[j] for j, _ in inside):
        return False
    linked = sum(
        len(s.norm)
        for _, s in inside
        if s.link_density >= HEADLINE_LINKS or page.in_link(s.parent, box)
    )
    return linked >= LABEL_LINKS * sum(len(s.norm) for _, s in inside)


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
            size = len("".join("".join(node.itertext()).split()))
            headline = any(page.contains(node, h) for h in headlines)
            return node if size <= INSERT_TEXT and headline else None
    return None


def _headline(seg: Segment) -> bool:
    return seg.link_density >= HEADLINE_LINKS and seg.links >= INSERT_HEADLINE


def drop_tail(page: Page, chosen: list[bool]) -> None:
    """Short lines after the body's last sentence, set apart from its paragraphs (a comment
    count, a desk's initials, an e-mail address, a "Tell us what you think" label): the kept
    segments from the end that hold fewer than TAIL_SHORT characters and end no sentence, and
    sit deeper than TAIL_DEPTH below the element holding the last sentence's paragraph (a
    list or a table of the body sits right in it)."""
    kept = [i for i, c in enumerate(chosen) if c]
    tail = []
    for i in reversed(kept):
        seg = page.segments[i]
        if len(seg.norm) >= TAIL_SHORT or _SENTENCE_END.search(seg.text):
            break
        tail.append(i)
    if len(tail) == len(kept):
        return
    last = page.segments[kept[-len(tail) - 1]].parent
    flow = last.getparent() if last.getparent() is not None else last
    for i in tail:
        parent = page.segments[i].parent
        if not any(n is flow for n in islice(page.path(parent, None), TAIL_DEPTH + 1)):
            chosen[i] = False


def drop_controls(page: Page, chosen: list[bool], top: Element) -> None:
    """Boxes inside the body that hold a form control and at most CONTROL_TEXT characters
    (an embed's consent switch and its notice, a summary folded behind a button, a citation
    box with a copy button, a poll): the page's interface, not the article's text. The box is
    the control's parent (`Page.controls`); the body's container itself is never one."""
    boxes = [
        box
        for box in page.controls
        if box is not top
        and box in page.order
        and page.contains(top, box)
        and len("".join("".join(box.itertext()).split())) <= CONTROL_TEXT
    ]
    for i, seg in enumerate(page.segments):
        if chosen[i] and any(page.contains(b, seg.parent) for b in boxes):
            chosen[i] = False


def drop_pictured(page: Page, chosen: list[bool], regions: list[Element]) -> None:
    """Short lines boxed with a picture: a line of at most PICTURED_LINE characters whose
    parent element, below the body's container, holds an image and at most PICTURED_BOX
    characters (a caption or credit no class names, a video's title over its poster, a
    quote's speaker beside a portrait, a teaser card's headline and blurb). The picture is
    beside the line, not in it (an emoji drawn as an image); a paragraph with an inline
    image sits in the container itself, or in a box holding more text. Lines of a quote
    stay (quotes are the article's)."""
    pictures: dict[Element, list[Element]] = {}  # a small box's pictures, [] for a large one
    for i, seg in enumerate(page.segments):
        box = seg.parent.getparent()
        if (
            not chosen[i]
            or len(seg.norm) > PICTURED_LINE
            or box is None
            or "blockquote" in (seg.parent.tag, box.tag)
            or box in regions
            or not any(page.contains(r, box) for r in regions)
        ):
            continue
        if box not in pictures:
            pictures[box] = _small_box_pictures(box)
        if any(not page.contains(seg.parent, p) for p in pictures[box]):
            chosen[i] = False


def _small_box_pictures(box: Element) -> list[Element]:
    """The pictures in `box` when it holds at most PICTURED_BOX characters, else []; its
    text is read only as far as that limit (a box may be most of the body)."""
    size = 0
    for text in box.itertext():
        size += len("".join(text.split()))
        if size > PICTURED_BOX:
            return []
    return list(box.iter("img", "picture"))


def drop_sidebars(page: Page, chosen: list[bool]) -> None:
    """Sidebars set into the run of the body's paragraphs: a box among the paragraphs of the
    element holding HOLDER_PARAGRAPHS or more of the body's kept <p> that opens with a heading
    of its own, holds its text SIDEBAR_DEPTH levels down, and after which the body's
    paragraphs go on (a note to the reader, background boxed beside the story). A subheading
    wrapped alone in a <div> sits one level down; a factbox or a recipe card closing the
    article has no paragraph of the body after it, and stays."""
    holders = paragraph_holders(page, chosen)
    flow = max((e for e in holders if e is not None), key=holders.__getitem__, default=None)
    if flow is None or holders[flow] < HOLDER_PARAGRAPHS:
        return
    boxes: dict[Element, list[int]] = {}  # the children of `flow` holding kept text
    for i, seg in enumerate(page.segments):
        if chosen[i] and seg.parent is not flow and page.contains(flow, seg.parent):
            box = seg.parent
            while box.getparent() is not flow:
                box = box.getparent()
            boxes.setdefault(box, []).append(i)
    paragraphs = [page.order[b] for b in boxes if b.tag == "p"]
    last = max(paragraphs, default=-1)
    for box, held in boxes.items():
        first = page.segments[held[0]].parent
        if (
            box.tag in _SIDEBAR_TAGS
            and page.order[box] < last
            and first.tag in _HEADINGS
            and first is not box
            and any(_depth(page.segments[i].parent, box) >= SIDEBAR_DEPTH for i in held)
            and _prose(page, held[1:])
        ):
            for i in held:
                chosen[i] = False


def _prose(page: Page, indexes: list[int]) -> bool:
    """Whether most of the text of the segments `indexes` ends sentences (a note, an author's
    bio; not a factbox's or a product card's short lines)."""
    segments = [page.segments[i] for i in indexes]
    ended = sum(len(s.norm) for s in segments if _SENTENCE_END.search(s.text))
    return ended >= PROSE_SHARE * sum(len(s.norm) for s in segments) > 0


def _depth(element: Element, box: Element) -> int:
    """How many levels below `box` `element` sits."""
    depth = 0
    while element is not box:
        element, depth = element.getparent(), depth + 1
    return depth

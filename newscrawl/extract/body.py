"""The article body of a page nobody wrote rules for, as clean structured HTML.

Two readings of the page are combined. trafilatura's extraction says which text is content;
the page's own tree says where that text sits. The body is cut from the tree, so it keeps the
site's paragraphs, headings, lists, tables, quotes and figures:

1. The page is split into segments: runs of inline content between block elements.
2. Segments whose text trafilatura kept are votes; the container is the deepest element that
   holds most of the voted text. Votes outside it (teasers, footers) are dropped.
3. Inside it, boilerplate goes even when voted (link lists, subtrees marked as navigation,
   sharing, newsletters, related stories; headlines), and content trafilatura missed comes
   back: embedded quotes and posts, short text between kept paragraphs, the other parts of a
   body split into several same-class containers.
4. When trafilatura found much less than a readability-style text-density scoring of the
   tree, and elsewhere, that scoring's container wins.

The thresholds were tuned on the Zyte benchmark and checked on the fundus corpus
(benchmarks/extraction.py); no rule names a site.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from html import escape
from typing import Any
from urllib.parse import urlsplit

from lxml import etree

from newscrawl.extract.urls import join_url

Element = Any  # lxml.etree._Element (lxml ships no type stubs)


def _tags(names: str) -> frozenset[str]:
    return frozenset(names.split())


INLINE = _tags(
    "a abbr b bdi bdo big cite code data del dfn em font i img ins kbd label mark nobr "
    "picture q s samp small source span strike strong sub sup time tt u var wbr br ruby rt rp rb"
)
_DROP = _tags(
    "script style noscript template svg math canvas iframe object embed applet button input "
    "select textarea option head link meta video audio map dialog"
)
_TEXT_TAGS = _tags("p h2 h3 h4 h5 h6 li blockquote")
_BOILERPLATE_TAGS = _tags("nav header footer aside form menu")
_SPACE = re.compile(r"\s+")
_SLUG_PARTS = re.compile(r"[^\W_]+")
_COMMAS = re.compile(r"[,，、。;；]")
# class/id words of boilerplate subtrees; the weak ones are overridden by a content word in the
# same token ("article-widget", "sidebar-grid__content" are the article's own parts).
_STRONG = re.compile(
    r"newsletter|subscri|sign-?up|related|promo|share|sharing|social|print-header|comment"
    r"|outbrain|taboola|sponsor|advert|breadcrumb|disqus|cookie|paywall-|login",
    re.IGNORECASE,
)
_WEAK = re.compile(
    r"latest|recommend|\bnav|menu|sidebar|widget|popular|trending|byline|footer|header|more-"
    r"|collections|teaser|rodape",  # rodapé: the footer, in Portuguese
    re.IGNORECASE,
)
_CONTENT_WORD = re.compile(r"article|content|body|main|story|entry|post|text|prose", re.I)
_CAPTION_WORD = re.compile(
    r"caption|credit|image|photo|picture|media|gallery|video|player|\bads?\b|advert|copyright",
    re.IGNORECASE,
)
# class/id words of a lead: the summary paragraph between the headline and the text.
_LEAD_WORD = re.compile(
    r"lead|summary|intro|teaser|standfirst|dek|excerpt|subtitle|subline|description|abstract"
    r"|chapo|chapeau|vorspann|kicker|entradilla|sumario|bajada|lede",
    re.IGNORECASE,
)
_PARSER = etree.HTMLParser(remove_comments=True, remove_pis=True, collect_ids=False)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")

CONTAINER_SHARE = 0.8  # of the voted text the container must hold
LINK_LIST = 0.7  # link density from which a voted segment counts as a link list
LINKY = 0.5  # link density from which unvoted text is not adopted
FALLBACK_RATIO = 5  # how much more text the density container must hold to win
SIMILAR_LEVELS = 2  # how far up the other parts of a split body may branch off
LEAD_LEVELS = 3  # how far above the container the headline may sit for its lead to count
LEAD_TEXT = 60  # characters a lead holds at least (a date or a byline is shorter)
SLUG_PARTS = 6  # a class token of this many words is a slug ("zendaya-promoted-dune-...")


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
    root = parse(html) if root is None else root
    if root is None:
        return ""
    voted_text = _trafilatura_text(html, url)
    etree.strip_elements(root, *_DROP, with_tail=False)
    page = Page(root)
    chosen, regions = select(page, align(page.segments, voted_text))
    heads = {_SPACE.sub("", t).casefold() for t in titles if t.strip()}
    kept = [s for s, c in zip(page.segments, chosen, strict=True) if c]
    kept = [s for s in kept if s.norm.casefold() not in heads]
    return Fragment(page, kept, regions, url, scheme).html() if kept else ""


def parse(html: str) -> Element | None:
    try:
        return etree.fromstring(_XML_DECLARATION.sub("", html), _PARSER)
    except (etree.ParserError, ValueError):
        return None


def _trafilatura_text(html: str, url: str) -> str:
    import trafilatura  # deferred: heavy import, only needed for rule-less pages

    found = trafilatura.bare_extraction(
        html, url=url, fast=True, include_comments=False, include_tables=True
    )
    return str(getattr(found, "text", "") or "")


# --- the page: segments and document-order indexes ------------------------------------------


@dataclass
class Run:
    """Inline content between blocks: the text before the first node, the inline nodes."""

    pre: str
    nodes: list[Element]


@dataclass(eq=False)
class Segment:
    """A run with text: `index` is its place among `Page.runs(parent)`."""

    parent: Element
    index: int
    run: Run
    text: str
    links: int
    norm: str = field(init=False)

    def __post_init__(self) -> None:
        self.norm = _SPACE.sub("", self.text)

    @property
    def link_density(self) -> float:
        return self.links / max(1, len(self.text.strip()))


class Page:
    """A parsed page: its segments, each element's place in document order (so containment
    is two comparisons), and cached class/id verdicts."""

    def __init__(self, root: Element) -> None:
        self.root = root
        elements = list(root.iter(etree.Element))
        self.order = {e: i for i, e in enumerate(elements)}
        self.end: dict[Element, int] = {}
        self.has_block: dict[Element, bool] = {}
        for i in range(len(elements) - 1, -1, -1):
            e = elements[i]
            children = [c for c in e if isinstance(c.tag, str)]
            self.end[e] = self.end[children[-1]] if children else i + 1
            self.has_block[e] = any(c.tag not in INLINE or self.has_block[c] for c in children)
        self._boilerplate: dict[Element, bool] = {}
        self._caption: dict[Element, bool] = {}
        self.segments = self._segments(root)

    def contains(self, top: Element, element: Element) -> bool:
        return self.order[top] <= self.order[element] < self.end[top]

    def inline(self, node: Element) -> bool:
        # a <span> or <a> wrapping paragraphs is a block, whatever its tag says
        return node.tag in INLINE and (node.tag == "br" or not self.has_block[node])

    def runs(self, element: Element) -> Iterator[Run | Element]:
        """`element`'s content in order: runs of inline content and block children. Two <br>
        in a row end a run."""
        pre, nodes = element.text or "", list[Element]()
        for child in element:
            if not isinstance(child.tag, str):
                continue
            if not self.inline(child):
                yield Run(pre, nodes)
                yield child
                pre, nodes = child.tail or "", []
            elif child.tag == "br" and nodes and nodes[-1].tag == "br" and _bare(nodes[-1]):
                yield Run(pre, nodes[:-1])
                pre, nodes = child.tail or "", []
            else:
                nodes.append(child)
        yield Run(pre, nodes)

    def _segments(self, element: Element, found: list[Segment] | None = None) -> list[Segment]:
        """The segments under `element` in document order (appended to a list rather than
        yielded: a generator per level would pass every segment up the whole depth)."""
        found = [] if found is None else found
        for index, item in enumerate(self.runs(element)):
            if isinstance(item, Run):
                text, links = _run_text(item)
                if text.strip():
                    found.append(Segment(element, index, item, text, links))
            else:
                self._segments(item, found)
        return found

    def path(self, element: Element, top: Element | None) -> Iterator[Element]:
        """`element` and its ancestors below `top`."""
        node = element
        while node is not None and node is not top:
            yield node
            node = node.getparent()

    def in_link(self, element: Element, top: Element | None) -> bool:
        """Whether `element` sits inside a link below `top` (a teaser: a whole <a> around
        paragraphs, which each count no link of their own)."""
        return any(n.tag == "a" for n in self.path(element, top))

    def boilerplate(self, element: Element, top: Element | None) -> bool:
        """Whether `element` sits in navigation, sharing, related stories... below `top`."""
        return any(self._is_boilerplate(n) for n in self.path(element, top))

    def _is_boilerplate(self, node: Element) -> bool:
        found = self._boilerplate.get(node)
        if found is None:
            found = node.tag in _BOILERPLATE_TAGS or boilerplate_words(words(node))
            self._boilerplate[node] = found
        return found

    def caption(self, element: Element, top: Element | None) -> bool:
        """Whether `element` sits in a figure, caption, credit or media box below `top`."""
        return any(self._is_caption(n) for n in self.path(element, top))

    def _is_caption(self, node: Element) -> bool:
        found = self._caption.get(node)
        if found is None:
            found = node.tag in ("figure", "figcaption", "caption") or bool(
                _CAPTION_WORD.search(words(node))
            )
            self._caption[node] = found
        return found


def _bare(node: Element) -> bool:
    return not (node.tail or "").strip()


def _run_text(run: Run) -> tuple[str, int]:
    parts, links = [run.pre], 0
    for node in run.nodes:
        if node.tag == "br":
            parts.append("\n")
        elif node.tag == "ruby" or node.find(".//ruby") is not None:
            parts.append(_reading_free(node))
        else:
            parts.append("".join(node.itertext()))
            links += sum(len("".join(a.itertext()).strip()) for a in node.iter("a"))
        parts.append(node.tail or "")
    return "".join(parts), links


def _reading_free(node: Element) -> str:
    """Text without ruby readings (<rt>, <rp>), as trafilatura reads it: the votes must match."""
    if node.tag in ("rt", "rp"):
        return ""
    inner = "".join(_reading_free(c) + (c.tail or "") for c in node if isinstance(c.tag, str))
    return (node.text or "") + inner


def words(node: Element) -> str:
    return f"{node.get('class') or ''} {node.get('id') or ''}"


def boilerplate_words(text: str) -> bool:
    return any(
        _STRONG.search(token) or (_WEAK.search(token) and not _CONTENT_WORD.search(token))
        for token in text.split()
        if len(_SLUG_PARTS.findall(token)) < SLUG_PARTS  # a headline made a class name
    )


# --- votes and the container ----------------------------------------------------------------


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
        _adopt_lead(page, votes, chosen, top)
        regions = [top, *_adopt_parts(page, chosen, top)]
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


def _adopt_lead(page: Page, votes: list[bool], chosen: list[bool], top: Element) -> None:
    """The lead (standfirst, summary) between the headline and the body's container: voted
    paragraphs after the first <h1> in an element named as a lead, when the h1 sits close
    above the container."""
    h1 = next(page.root.iter("h1"), None)
    shared = top.getparent()
    for _ in range(LEAD_LEVELS):
        if h1 is None or shared is None or page.contains(shared, h1):
            break
        shared = shared.getparent()
    if h1 is None or shared is None or not page.contains(shared, h1):
        return
    start, end = page.end[h1], page.order[top]
    for i, seg in enumerate(page.segments):
        where = page.order[seg.parent]
        if start <= where < end and votes[i] and len(seg.norm) >= LEAD_TEXT:
            chosen[i] = chosen[i] or (
                seg.parent.tag != "h1"
                and any(_LEAD_WORD.search(words(n)) for n in page.path(seg.parent, shared))
                and _clean(page, seg, shared)
            )


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
        # Not iter(top.tag): lxml refuses a tag name holding a control character, which a
        # broken page can give (found by benchmarks/fuzz.py).
        for other in shared.iter()
        if other.tag == top.tag
        and other.get("class") == words_
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


# --- the HTML fragment ----------------------------------------------------------------------

_INLINE_KEPT = _tags("a abbr b cite code del em i ins kbd mark q s small strong sub sup u br")
_BLOCK_KEPT = {t: t for t in _tags("h2 h3 h4 h5 h6 ul ol li dl dt dd blockquote pre")}
_BLOCK_KEPT["h1"] = "h2"
_TABLE = _tags("table thead tbody tfoot tr td th caption")
_LAYOUT_IN_TABLE = _tags(
    "table div section article ul ol h1 h2 h3 h4 h5 h6 blockquote form header footer"
)
_FIGURE_WORD = re.compile(r"caption|figure|image|photo|picture", re.IGNORECASE)
_LAZY_SRC = ("data-src", "data-lazy-src", "data-original", "data-url", "data-lazy")
FIGURE_TEXT = 500  # characters of text a figure (caption, credit) holds at most


def is_data_table(table: Element) -> bool:
    """A table of data, not of layout: no nested tables or sections in its cells."""
    return not any(d.tag in _LAYOUT_IN_TABLE for d in table.iterdescendants(etree.Element))


def is_figure(element: Element) -> bool:
    """A figure, or what a site uses as one: a caption-named box around an image or two."""
    if element.tag != "figure" and not _FIGURE_WORD.search(words(element)):
        return False
    images = sum(1 for _ in element.iter("img"))
    return 0 < images <= 3 and len("".join(element.itertext())) <= FIGURE_TEXT


def image_src(img: Element) -> str | None:
    """The image's real URL: `src` unless it is a placeholder, then lazy-loading attributes,
    then the first candidate of a srcset."""
    for name in ("src", *_LAZY_SRC):
        value = (img.get(name) or "").strip()
        if value and not value.startswith("data:"):
            return value
    first = (img.get("srcset") or img.get("data-srcset") or "").split(",")[0].split()
    return first[0] if first else None


def _is_caption_box(element: Element) -> bool:
    return element.tag == "figcaption" or bool(_CAPTION_WORD.search(words(element)))


def _tiny(img: Element) -> bool:
    for name in ("width", "height"):
        value = (img.get(name) or "").strip().removesuffix("px")
        if value.isdigit() and int(value) < 50:
            return True
    return False


class Fragment:
    """The kept segments as HTML, in the page's structure: paragraphs, headings, lists, data
    tables, quotes, figures with captions, images; only href, src, alt, colspan, rowspan and
    referrerpolicy="no-referrer" (FORMAT.md's image rule) as attributes."""

    def __init__(
        self, page: Page, kept: list[Segment], regions: list[Element], url: str, scheme: str
    ) -> None:
        self.page, self.url, self.scheme = page, url, scheme
        self.runs = {(s.parent, s.index) for s in kept}
        first = min(page.order[s.parent] for s in kept)
        last = max(page.order[s.parent] for s in kept)
        self.images = {
            img
            for region in regions
            for img in region.iter("img")
            if self._wanted(img, region, first, last)
        }
        self.marked = {a for s in kept for a in page.path(s.parent, None)}
        self.marked.update(a for img in self.images for a in page.path(img, None))

    def _wanted(self, img: Element, region: Element, first: int, last: int) -> bool:
        """Images of the body: in its container, not after its last text, not in boilerplate;
        before its first text (a lead image) only when they link nowhere."""
        where = self.page.order[img]
        if not image_src(img) or _tiny(img) or where > last or self.page.boilerplate(img, region):
            return False
        return where > first or next(img.iterancestors("a"), None) is None

    def html(self) -> str:
        return self.element(self.page.root, whole=False).strip()

    def element(self, el: Element, whole: bool) -> str:
        if not whole and el not in self.marked:
            return ""
        if is_figure(el):
            return self.figure(el)
        whole = whole or (el.tag == "table" and is_data_table(el))
        tag = str(el.tag) if whole and el.tag in _TABLE else _BLOCK_KEPT.get(el.tag)
        parts = []
        for index, item in enumerate(self.page.runs(el)):
            if isinstance(item, Run):
                parts.append(self.run(el, index, item, wrap=tag is None, whole=whole))
            else:
                parts.append(self.element(item, whole))
        inner = "".join(parts).strip()
        if not inner:
            return ""
        return f"<{tag}{self._spans(el)}>{inner}</{tag}>\n" if tag else inner + "\n"

    def _spans(self, el: Element) -> str:
        if el.tag not in ("td", "th"):
            return ""
        found = ((n, (el.get(n) or "").strip()) for n in ("colspan", "rowspan"))
        return "".join(f' {n}="{v}"' for n, v in found if v.isdigit())

    def run(self, el: Element, index: int, run: Run, wrap: bool, whole: bool) -> str:
        if whole or (el, index) in self.runs:
            html = (escape(run.pre, quote=False) + "".join(map(self.inline, run.nodes))).strip()
            return f"<p>{html}</p>\n" if wrap and html else html
        images = [self.image(i) for n in run.nodes for i in n.iter("img") if i in self.images]
        return "".join(f"<p>{i}</p>\n" if wrap else i for i in images)

    def inline(self, node: Element) -> str:
        tail = escape(node.tail or "", quote=False)
        if node.tag == "br":
            return "<br>" + tail
        if node.tag == "img":
            return (self.image(node) if image_src(node) and not _tiny(node) else "") + tail
        inner = escape(node.text or "", quote=False) + "".join(
            self.inline(c) for c in node if isinstance(c.tag, str)
        )
        if node.tag == "a":
            href = join_url(self.url, (node.get("href") or "").strip())
            if href and urlsplit(href).scheme in ("http", "https", "mailto") and inner.strip():
                return f'<a href="{escape(href)}">{inner}</a>{tail}'
        elif node.tag in _INLINE_KEPT and inner.strip():
            return f"<{node.tag}>{inner}</{node.tag}>{tail}"
        return inner + tail

    def image(self, img: Element) -> str:
        src = image_src(img) or ""
        src = f"{self.scheme}:{src}" if src.startswith("//") else join_url(self.url, src) or ""
        alt = _SPACE.sub(" ", img.get("alt") or "").strip()
        return f'<img src="{escape(src)}" alt="{escape(alt)}" referrerpolicy="no-referrer">'

    def figure(self, el: Element) -> str:
        images = [self.image(i) for i in el.iter("img") if i in self.images]
        if not images:
            return ""
        found = next((c for c in el.iterdescendants(etree.Element) if _is_caption_box(c)), None)
        text = _SPACE.sub(" ", "".join(found.itertext())).strip() if found is not None else ""
        caption = f"<figcaption>{escape(text, quote=False)}</figcaption>" if text else ""
        return f"<figure>{''.join(images)}{caption}</figure>\n"

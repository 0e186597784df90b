"""The page as extract/body reads it: segments of inline text, document order, verdicts."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import lxml.html
from lxml import etree

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
_SUBHEADS = _tags("h2 h3 h4 h5 h6")
_BOILERPLATE_TAGS = _tags("nav header footer aside form menu")
_SPACE = re.compile(r"\s+")
_SLUG_PARTS = re.compile(r"[^\W_]+")
# class/id words of boilerplate subtrees; the weak ones are overridden by a content word in the
# same token ("article-widget", "sidebar-grid__content" are the article's own parts).
_STRONG = re.compile(
    r"newsletter|subscri|sign-?up|related|promo|share|sharing|social|print-header|comment"
    r"|outbrain|taboola|sponsor|advert|breadcrumb|disqus|cookie|paywall-|login",
    re.IGNORECASE,
)
_WEAK = re.compile(
    r"latest|recommend|\bnav|menu|sidebar|widget|popular|trending|byline|footer|header|more-"
    r"|collections|teaser|rodape|author",  # rodapé: the footer, in Portuguese
    re.IGNORECASE,
)
_CONTENT_WORD = re.compile(r"article|content|body|main|story|entry|post|text|prose", re.I)
_CAPTION_WORD = re.compile(
    r"caption|credit|image|photo|picture|media|gallery|video|player|\bads?\b|advert|copyright"
    r"|graphic|\bchart",
    re.IGNORECASE,
)
# class/id words of a lead: the summary paragraph between the headline and the text.
# UTF-8: libxml2 parses a page's UTF-8 bytes faster than the str it would convert first.
_PARSER = etree.HTMLParser(
    remove_comments=True, remove_pis=True, collect_ids=False, encoding="utf-8"
)
# lxml.html's elements, as trafilatura takes only those as a parsed page; set by tag in C,
# not by lxml.html's own lookup, a Python call for every element the page's readers touch.
_PARSER.set_element_class_lookup(
    etree.ElementDefaultClassLookup(
        element=lxml.html.HtmlElement,
        comment=lxml.html.HtmlComment,
        pi=lxml.html.HtmlProcessingInstruction,
        entity=lxml.html.HtmlEntity,
    )
)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
LINKY = 0.5  # link density from which unvoted text is not adopted
SLUG_PARTS = 6  # a class token of this many words is a slug ("zendaya-promoted-dune-...")


def parse(html: str) -> Element | None:
    text = _XML_DECLARATION.sub("", html)
    try:
        return etree.fromstring(text.encode("utf-8"), _PARSER)
    except UnicodeEncodeError:  # a lone surrogate: lxml reads the str as it is
        return parse_text(text)
    except (etree.ParserError, ValueError):
        return None


def parse_text(text: str) -> Element | None:
    try:
        return etree.fromstring(text, _PARSER)
    except (etree.ParserError, ValueError):
        return None


# --- the page: segments and document-order indexes ------------------------------------------


@dataclass(slots=True)
class Run:
    """Inline content between blocks: the text before the first node, the inline nodes."""

    pre: str
    nodes: list[Element]


@dataclass(eq=False, slots=True)
class Segment:
    """A run with text: `index` is its place among `Page.runs(parent)`."""

    parent: Element
    index: int
    run: Run
    text: str
    links: int
    norm: str = field(init=False)

    def __post_init__(self) -> None:
        self.norm = "".join(self.text.split())  # what _SPACE matches, without a regex

    @property
    def link_density(self) -> float:
        return self.links / max(1, len(self.text.strip()))


class Page:
    """A parsed page: its segments, each element's place in document order (so containment
    is two comparisons), and cached class/id verdicts."""

    def __init__(self, root: Element) -> None:
        self.root = root
        # the parents of the page's form controls, which are stripped before the page is read
        # (extract_body sets them)
        self.controls: frozenset[Element] = frozenset()
        elements = list(root.iter(etree.Element))
        self.order = {e: i for i, e in enumerate(elements)}
        self.end = _Ends(root, self.order)
        self.holds_block = _HoldsBlock()
        self._boilerplate: dict[Element, bool] = {}
        self._caption: dict[Element, bool] = {}
        self.segments = self._segments(root, [])

    def contains(self, top: Element, element: Element) -> bool:
        return self.order[top] <= self.order[element] < self.end[top]

    def inline(self, node: Element) -> bool:
        # a <span> or <a> wrapping paragraphs is a block, whatever its tag says
        return node.tag in INLINE and (node.tag == "br" or not self.holds_block[node])

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

    def _segments(self, element: Element, found: list[Segment]) -> list[Segment]:
        """The segments under `element` in document order: `runs` walked inline, since a
        Run object and a generator step for every run, most of them blank, cost more than
        the rest of the page's reading."""
        nodes: list[Element] = []
        index, pre, holds_block = 0, element.text or "", self.holds_block
        for child in element:
            tag = child.tag
            if tag in INLINE and (tag == "br" or not holds_block[child]):
                if tag == "br" and nodes and nodes[-1].tag == "br" and _bare(nodes[-1]):
                    _add_segment(found, element, index, pre, nodes[:-1])
                    index, pre, nodes = index + 1, child.tail or "", []
                else:
                    nodes.append(child)
            elif isinstance(tag, str):
                if nodes or (pre and not pre.isspace()):  # most runs are empty or blank
                    _add_segment(found, element, index, pre, nodes)
                self._segments(child, found)
                index, pre, nodes = index + 2, child.tail or "", []
        if nodes or (pre and not pre.isspace()):
            _add_segment(found, element, index, pre, nodes)
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


class _Ends(dict[Element, int]):
    """Where an element's subtree ends in document order, found when first asked (containment
    is asked of a few elements only): at the next element after it or after an ancestor."""

    def __init__(self, root: Element, order: dict[Element, int]) -> None:
        super().__init__()
        self.root, self.order = root, order

    def __missing__(self, element: Element) -> int:
        node, end = element, len(self.order)
        while node is not None and node is not self.root:
            after = node.getnext()
            while after is not None and not isinstance(after.tag, str):
                after = after.getnext()
            if after is not None:
                end = self.order[after]
                break
            node = node.getparent()
        self[element] = end
        return end


class _HoldsBlock(dict[Element, bool]):
    """Whether an element holds a block element (not an INLINE tag) somewhere below it; asked
    of inline elements only, most of them leaves."""

    def __missing__(self, element: Element) -> bool:
        found = len(element) > 0 and any(
            d.tag not in INLINE for d in element.iterdescendants(etree.Element)
        )
        self[element] = found
        return found


def _add_segment(
    found: list[Segment], parent: Element, index: int, pre: str, nodes: list[Element]
) -> None:
    text, links = _run_text(pre, nodes) if nodes else (pre, 0)
    # a subheading that links to its own place in the page (a permalink) is no link away
    if (
        links
        and parent.tag in _SUBHEADS
        and all((a.get("href") or "").startswith("#") for n in nodes for a in n.iter("a"))
    ):
        links = 0
    if text and not text.isspace():
        found.append(Segment(parent, index, Run(pre, nodes), text, links))


def _run_text(pre: str, nodes: list[Element]) -> tuple[str, int]:
    parts, links = [pre], 0
    for node in nodes:
        tag = node.tag
        if tag == "br":
            parts.append("\n")
        elif not len(node):  # a leaf: its text is all it holds (the common case, kept cheap)
            parts.append(node.text or "")
            links += len((node.text or "").strip()) if tag == "a" else 0
        elif tag == "ruby" or node.find(".//ruby") is not None:
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


HOLDER_PARAGRAPHS = 3  # kept <p> children that make an element the holder of the body's paragraphs


def paragraph_holders(page: Page, chosen: list[bool]) -> Counter[Element]:
    """How many kept segments each element holds in its <p> children: the element with
    HOLDER_PARAGRAPHS or more holds the body's paragraphs (the run a sidebar, a subhead or a
    sibling paragraph is judged against)."""
    return Counter(
        s.parent.getparent()
        for s, c in zip(page.segments, chosen, strict=True)
        if c and s.parent.tag == "p"
    )

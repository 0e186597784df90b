"""The kept segments as clean HTML in the page's own structure."""

from __future__ import annotations

import re
from html import escape
from urllib.parse import urlsplit

from lxml import etree

from newscrawl.extract.body.page import (
    _CAPTION_WORD,
    _SPACE,
    Element,
    Page,
    Run,
    Segment,
    _tags,
    words,
)
from newscrawl.extract.urls import join_url

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

"""Byte-faithful HTML surgery: cut and edit a page's own markup without re-serializing it.

The post format keeps the article HTML exactly as the site wrote it (FORMAT.md rule 9), so
the body cannot go through a parser's serializer. The stdlib's lenient HTMLParser reports
where each tag starts; from that we build an lxml tree whose elements remember their source
spans, select on it with CSS, and cut or edit the original text by offset.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from typing import Any

import lxml.html
from cssselect import HTMLTranslator
from lxml import etree

VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
        "keygen",
    ]
)
# Start tags that implicitly close an open <p> (HTML's "close a p element" rule).
_CLOSES_P = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "details",
        "dialog",
        "div",
        "dl",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "ul",
    ]
)
_SELF_CLOSING = {"li": {"li"}, "dt": {"dt", "dd"}, "dd": {"dt", "dd"}, "option": {"option"}}
_END_TAG = re.compile(r"</\s*[^\s>]*\s*>")


@dataclass(frozen=True)
class Span:
    """Offsets of an element in the source text: [start, end), content in [inner, inner_end)."""

    start: int
    inner: int
    inner_end: int
    end: int


class _OffsetParser(HTMLParser):
    """HTMLParser that can tell the offset in the source text of the current token."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.text = text
        self._lines = [0] + [m.end() for m in re.finditer("\n", text)]

    def _pos(self) -> int:
        line, col = self.getpos()
        return self._lines[line - 1] + col

    def parse_marked_section(self, i: int, report: bool = True) -> int:
        # The stdlib raises AssertionError for `<![` without a known keyword (`<![CD`, a page
        # cut mid-CDATA), after moving its position. HTML reads
        # such a section as a bogus comment.
        where = self.getpos()
        try:
            return super().parse_marked_section(i, report)
        except AssertionError:
            self.lineno, self.offset = where
            return self.parse_bogus_comment(i)


class SpanTree(_OffsetParser):
    """An lxml tree of `text` whose elements map to their source `Span`s."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.root = etree.Element("document")
        self.spans: dict[etree._Element, Span] = {}
        self._open: list[tuple[etree._Element, int, int]] = []  # element, start, inner
        self.feed(text)
        self.close()
        self._close_to(0, len(text), len(text))

    def _parent(self) -> etree._Element:
        return self._open[-1][0] if self._open else self.root

    def _close_to(self, depth: int, inner_end: int, end: int) -> None:
        while len(self._open) > depth:
            element, start, inner = self._open.pop()
            self.spans[element] = Span(start, inner, inner_end, end)

    def _implied_close(self, tag: str) -> None:
        closes = _SELF_CLOSING.get(tag, set())
        for depth in range(len(self._open) - 1, -1, -1):
            open_tag = self._open[depth][0].tag
            if open_tag in closes or (open_tag == "p" and tag in _CLOSES_P):
                here = self._pos()
                self._close_to(depth, here, here)
                return
            if open_tag in ("div", "td", "th", "table", "body", "section", "article"):
                return

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._implied_close(tag)
        start = self._pos()
        inner = start + len(self.get_starttag_text() or "")
        element = etree.SubElement(self._parent(), _safe_tag(tag))
        for name, value in attrs:
            if _ATTR_NAME.match(name):
                # lxml refuses control characters that html.parser passes through; the value
                # only serves selectors, so they can go.
                element.set(name, NOT_XML.sub("", value or ""))
        if tag in VOID:
            self.spans[element] = Span(start, inner, inner, inner)
        else:
            self._open.append((element, start, inner))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:  # <div/> in HTML is an open tag, but as written it holds nothing
            element, start, inner = self._open.pop()
            self.spans[element] = Span(start, inner, inner, inner)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self._open) - 1, -1, -1):
            if self._open[depth][0].tag == _safe_tag(tag):
                here = self._pos()
                match = _END_TAG.match(self.text, here)
                # Elements left open inside (an unclosed <p> in a <div>) end where this end
                # tag starts: the tag belongs to its own element, and dropping one of them
                # must not take the enclosing element's end tag with it.
                self._close_to(depth + 1, here, here)
                self._close_to(depth, here, match.end() if match else here)
                return

    def select(self, css: str) -> list[etree._Element]:
        found = self.root.xpath(_css_to_xpath(css))
        return [e for e in found if isinstance(e, etree._Element) and e in self.spans]


# No `:`: lxml refuses every prefixed name without a namespace, and pages are full of them
# (`<html xml:lang>`, Word's `<o:p>`). CSS does not select them.
_ATTR_NAME = re.compile(r"^[a-zA-Z_][-a-zA-Z0-9_.]*$")
# Characters lxml refuses to store (XML 1.0 forbids them): control characters, U+FFFE/FFFF and
# lone surrogates.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _safe_tag(tag: str) -> str:
    return tag if _ATTR_NAME.match(tag) else "unknown"


@lru_cache(maxsize=256)
def _css_to_xpath(css: str) -> str:
    return HTMLTranslator().css_to_xpath(css, prefix="descendant-or-self::")


def parse_fragment(fragment: str) -> etree._Element:
    """`fragment` parsed by lxml under a `<div>`, like `lxml.html.fragment_fromstring(fragment,
    create_parent="div")` but without its two failures on hostile markup: a ValueError when the
    text before the first tag holds a character XML refuses (raw, or as `&#2;`: lxml parses it,
    then refuses to assign it), and an AssertionError for a fragment that looks like a whole page
    without a body (`<html><frameset>`); tests/clean/test_fuzz.py keeps both as regressions."""
    doc = lxml.html.document_fromstring(f"<html><body>{fragment}</body></html>")
    body = doc.find("body")
    body = doc if body is None else body
    root = lxml.html.Element("div")
    if body.text and body.text.strip():
        root.text = NOT_XML.sub(" ", body.text)
    root.extend(list(body))
    return root


def inner_html(
    text: str, container: str, drop: Iterable[str] = (), stop: Iterable[str] = ()
) -> str | None:
    """The source text inside the first `container` match, without `drop` matches and
    without the first `stop` match and everything after it. None if nothing matches.

    Characters no HTML or XML document may hold (control characters, lone surrogates: a page
    in UTF-16 served as UTF-8 is full of NULs) become spaces: the rest keeps its bytes."""
    tree = SpanTree(text)
    found = tree.select(container)
    if not found:
        return None
    box = found[0]
    span = tree.spans[box]
    end = span.inner_end
    for css in stop:
        hits = [tree.spans[e].start for e in box.xpath(_css_to_xpath(css)) if e in tree.spans]
        hits = [h for h in hits if h >= span.inner]
        if hits:
            end = min(end, min(hits))
    cuts = sorted(
        (tree.spans[e].start, tree.spans[e].end)
        for css in drop
        for e in box.xpath(_css_to_xpath(css))
        if e is not box and e in tree.spans
    )
    return NOT_XML.sub(" ", _cut(text, span.inner, end, cuts))


def _cut(text: str, start: int, end: int, cuts: list[tuple[int, int]]) -> str:
    parts, pos = [], start
    for cut_start, cut_end in cuts:
        if cut_end <= pos or cut_start >= end:
            continue
        parts.append(text[pos : max(pos, cut_start)])
        pos = max(pos, cut_end)
    parts.append(text[pos:end])
    return "".join(parts)


_ATTR = re.compile(
    r"""(?P<sp>\s+)(?P<name>[^\s"'>/=]+)(?:\s*=\s*(?P<val>"[^"]*"|'[^']*'|[^\s"'>]+))?"""
)


class _StartTags(_OffsetParser):
    """Finds the source spans of start tags of one element name."""

    def __init__(self, text: str, tag: str) -> None:
        super().__init__(text)
        self.tag = tag
        self.found: list[tuple[int, int]] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == self.tag:
            start = self._pos()
            self.found.append((start, start + len(self.get_starttag_text() or "")))

    handle_startendtag = handle_starttag


AttrEdit = Callable[[str | None], str | None]


def edit_start_tags(fragment: str, tag: str, edits: dict[str, AttrEdit]) -> str:
    """Rewrite attributes of every `tag` start tag in place, leaving all other bytes alone.

    Each edit gets the attribute's raw value (None when absent) and returns the new value
    (None to leave it as it is). A new attribute is appended as the tag's last attribute.
    """
    out, pos = [], 0
    for start, end in _StartTags(fragment, tag).found:
        out.append(fragment[pos:start])
        out.append(_edit_tag(fragment[start:end], edits))
        pos = end
    out.append(fragment[pos:])
    return "".join(out)


def _edit_tag(tag_text: str, edits: dict[str, AttrEdit]) -> str:
    seen: set[str] = set()

    def replace(match: re.Match[str]) -> str:
        name = match["name"].lower()
        if name not in edits or name in seen:
            return match[0]
        seen.add(name)
        raw = match["val"]
        value = html.unescape(raw[1:-1] if raw and raw[0] in "\"'" else raw) if raw else raw
        new = edits[name](value)
        if new is None or new == value:
            return match[0]
        return f'{match["sp"]}{match["name"]}="{_quote(new)}"'

    close = len(tag_text) - (2 if tag_text.endswith("/>") else 1)
    head = _ATTR.sub(replace, tag_text[:close])
    added = "".join(
        f' {name}="{_quote(new)}"'
        for name, edit in edits.items()
        if name not in seen and (new := edit(None)) is not None
    )
    return head + added + tag_text[close:]


def _quote(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;")


# Every class and every id of a page, joined: whether any element's attribute holds a word is
# then one substring search, where an XPath `//*[contains(@class, ...)]` tests every element.
_CLASSES = etree.XPath("//@class", smart_strings=False)
_IDS = etree.XPath("//@id", smart_strings=False)
_TEXT = etree.XPath("string(/)", smart_strings=False)
_last_page: list[Any] = [None, None, None, None]  # the page's root, its classes, ids, text
# A path of descendant steps to elements or text nodes, then its first predicate.
_FIRST_PREDICATE = re.compile(r"(?://(?:\*|[a-z][\w-]*))*//(?:\*|[a-z][\w-]*|text\(\))\[([^\]]*)\]")
_CONTAINS = re.compile(r"""contains\((@class|@id|\.), (["'])([^"']+)\2\)""")


@lru_cache(maxsize=64)
def predicate_words(xpath: str) -> tuple[tuple[str, str], ...] | None:
    """(what, word) of each `contains(what, "word")` of the first predicate of `xpath`, what
    being @class, @id or `.` (the node's text), when `xpath` is one path of descendant steps
    to elements or text nodes whose first predicate is only an `or` of them; None for any
    other (a union, a predicate of anything else)."""
    match = None if "|" in xpath else _FIRST_PREDICATE.match(xpath)
    parts = [_CONTAINS.fullmatch(p.strip()) for p in match[1].split(" or ")] if match else []
    if not parts or not all(parts):
        return None
    return tuple((m[1], m[3]) for m in parts if m)


def may_match(root: Any, xpath: str) -> bool:
    """Whether `xpath` (a search of the page by the words in the classes, ids or text of its
    elements: `//*[contains(@class, "a") or contains(@id, "b")]...`) may find anything in
    the page of `root`: False only when no class, id or text of the whole page holds any of
    its words, so that the search can be skipped. The page's classes, ids and text are read
    once for all the questions asked of the same root (the last page's are kept)."""
    words = predicate_words(xpath)
    if words is None or not hasattr(root, "xpath"):
        return True
    if _last_page[0] is not root:
        _last_page[:] = [root, None, None, None]
    for what, word in words:
        at = {"@class": 1, "@id": 2, ".": 3}[what]
        if _last_page[at] is None:
            read = {1: _CLASSES, 2: _IDS}.get(at)
            _last_page[at] = "\n".join(read(root)) if read else _TEXT(root)
        if word in _last_page[at]:
            return True
    return False

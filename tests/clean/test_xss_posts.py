"""The XSS corpus (tests/fixtures/xss/vectors.jsonl) through sanitize_body and render_post.

Each vector is sanitized as the pipeline does (without and with a video-embed allowlist) and
rendered into a whole post whose title is the vector too. The post is then read back as its
readers read it: the front matter split off where Hexo splits it and loaded by PyYAML (it must
give the normalized title), the body parsed by lxml (libxml2) and by the stdlib's html.parser.
Nothing active may be left: only allowlisted elements, none that runs or loads code, no `on*` or
namespaced attribute, no javascript:/vbscript:/livescript:/data: URL in any attribute (a base64
raster image as an img src excepted), no CSS that loads or runs anything, no comment or
processing instruction. When Hexo is installed (.ci/run does it), every post is also built by
the pinned Hexo 7.3 site and its HTML checked the same way: that is where Markdown could turn
inert text into a link.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import lxml.html
import pytest
import yaml
from helpers import FIXTURES, article
from nodejs import hexo_generate, hexo_or_skip

from newscrawl.clean.sanitize import ALLOWED_TAGS, EMBED_SANDBOX, sanitize_body
from newscrawl.items import Article
from newscrawl.render.post import escape_braces, markdown_links_possible, post_title, render_post

CORPUS = FIXTURES / "xss" / "vectors.jsonl"
EMBEDS = ("www.youtube.com",)
CATEGORIES = ["新媒体", "XSS", "corpus"]


def load_corpus() -> list[dict[str, str]]:
    # One JSON object per line; split on "\n" only (U+2028 and friends are escaped anyway).
    lines = CORPUS.read_text(encoding="utf-8").split("\n")
    return [json.loads(line) for line in lines if line.strip()]


VECTORS = load_corpus()
IDS = [f"{i:03d}-{v['family']}" for i, v in enumerate(VECTORS)]

# What a browser runs, loads or navigates with, or parses in a way other parsers do not.
ACTIVE = frozenset(
    ["script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "base",
     "meta", "link", "form", "input", "button", "textarea", "select", "option", "keygen",
     "isindex", "svg", "math", "template", "noscript", "noembed", "noframes", "xmp", "plaintext",
     "title", "portal", "param", "video", "audio", "source", "track", "canvas", "dialog", "slot",
     "image", "listing", "html", "head", "body", "xml", "bgsound", "layer", "ilayer",
     "fencedframe", "webview"]
)  # fmt: skip
_IGNORED_IN_URLS = re.compile(r"[\x00-\x20\x7f]+")
_BAD_URL = re.compile(r"(?:^|,)(?:java|vb|live)script:|(?:^|,)data:|(?:^|,)mocha:")
_RASTER_DATA = re.compile(r"data:image/(?:png|gif|jpeg|webp);base64,[a-z0-9+/]*={0,2}")
_BAD_STYLE = re.compile(r"expression|url\s*\(|@import|behavior|binding|javascript|/\*|\\", re.I)


def attribute_problems(tag: str, attributes: dict[str, str], embeds: bool) -> list[str]:
    found = []
    for name, value in attributes.items():
        name = name.lower()
        if name.startswith(("on", "xmlns")) or ":" in name:
            found.append(f"{tag}@{name}")
        # every attribute, not only URL ones: decoded twice, minus what URL parsers skip
        plain = _IGNORED_IN_URLS.sub("", html.unescape(html.unescape(value))).lower()
        raster = tag == "img" and name == "src" and _RASTER_DATA.fullmatch(plain)
        if _BAD_URL.search(plain) and not raster:
            found.append(f"{tag}@{name}={value[:60]!r}")
        if name == "style" and _BAD_STYLE.search(value):
            found.append(f"{tag}@style={value[:60]!r}")
    if tag == "iframe":
        kept_embed = (
            embeds
            and attributes.get("sandbox") == EMBED_SANDBOX
            and re.fullmatch(r"https://www\.youtube\.com/[^\s\\]*", attributes.get("src", ""))
        )
        if not kept_embed:
            found.append(f"iframe {attributes}")
    return found


def element_problems(
    tag: str, attributes: dict[str, str], embeds: bool, strict: bool = False
) -> list[str]:
    """`strict`: only allowlisted elements (what nh3 rebuilt). Otherwise an unknown element is
    fine: the sanitizer keeps an inert fragment as is, `<server FQDN>` (FORMAT rule 10) too."""
    local = tag.lower().rsplit(":", 1)[-1]
    found = []
    if local in ACTIVE and not (local == "iframe" and embeds):
        found.append(f"<{tag}>")
    allowed = ALLOWED_TAGS | ({"iframe"} if embeds else set())
    if strict and tag.lower() not in allowed | {"div"}:
        found.append(f"<{tag}> not allowlisted")
    return found + attribute_problems(local, attributes, embeds)


def lxml_problems(markup: str, embeds: bool, strict: bool = False) -> list[str]:
    found = []
    for element in lxml.html.fragment_fromstring(markup, create_parent="div").iter():
        if not isinstance(element.tag, str):
            found.append(f"comment or processing instruction {element!r}")
            continue
        if element.tag == "iframe" and (len(element) or (element.text or "").strip()):
            found.append("iframe with content")
        found.extend(element_problems(element.tag, dict(element.attrib), embeds, strict))
    return found


class _Collector(HTMLParser):
    def __init__(self, embeds: bool, strict: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.embeds, self.strict = embeds, strict
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k: v or "" for k, v in attrs}
        self.found.extend(element_problems(tag, attributes, self.embeds, self.strict))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_comment(self, data: str) -> None:
        self.found.append(f"comment {data[:40]!r}")

    def handle_pi(self, data: str) -> None:
        self.found.append(f"processing instruction {data[:40]!r}")

    def unknown_decl(self, data: str) -> None:
        self.found.append(f"declaration {data[:40]!r}")


def stdlib_problems(markup: str, embeds: bool, strict: bool = False) -> list[str]:
    parser = _Collector(embeds, strict)
    parser.feed(markup)
    parser.close()
    return parser.found


HEXO_SPLIT = re.compile(r"^([\s\S]+?)\n(-{3,}|;{3,})\n?([\s\S]*)")
OPEN, CLOSE = "\n<div>   \n", "  \n</div>\n" + " " * 12


def article_for(vector: str, body: str, n: int = 0) -> Article:
    return article(
        url=f"https://example.com/xss/{n}",
        source_id="xss",
        title=vector,
        body_html=body,
        categories=CATEGORIES,
        publisher="XSS corpus",
        published=datetime(2021, 7, 18, 18, 56, 44, tzinfo=UTC),
    )


@dataclass
class Outcome:
    post: str
    front: dict[str, Any]
    content: str  # what follows the front matter: the body in its <div>
    rebuilt: bool  # nh3 rebuilt the body (else it was kept byte for byte as inert)
    problems: list[str] = field(default_factory=list)


def read_back(vector: str, embeds: tuple[str, ...]) -> Outcome:
    cleaned, found = sanitize_body(vector, embeds)
    post = render_post(article_for(vector, cleaned))
    match = HEXO_SPLIT.match(post)
    assert match is not None
    front = yaml.safe_load(match[1])
    content = match[3]
    strict = bool(found)
    problems = lxml_problems(content, bool(embeds), strict) + stdlib_problems(
        content, bool(embeds), strict
    )
    return Outcome(post, front, content, bool(found), problems)


def test_corpus_is_big_and_distinct() -> None:
    assert len(VECTORS) >= 100
    assert len({v["html"] for v in VECTORS}) == len(VECTORS)
    assert len({v["family"] for v in VECTORS}) >= 12


@pytest.mark.parametrize("embeds", [(), EMBEDS], ids=["no-embeds", "youtube-embeds"])
@pytest.mark.parametrize("vector", [v["html"] for v in VECTORS], ids=IDS)
def test_vector_post_is_inert(vector: str, embeds: tuple[str, ...]) -> None:
    out = read_back(vector, embeds)
    assert out.problems == [], (vector, out.content)
    # the front matter is intact: the title is the normalized vector, nothing leaked in or out
    assert out.front["title"] == escape_braces(post_title(vector))
    assert out.front["categories"] == CATEGORIES
    assert set(out.front) == {"title", "categories", "author", "comments", "date"} | (
        {"headimg", "thumbnail"} if "headimg" in out.front else set()
    )
    assert out.content.startswith(OPEN)
    assert out.content.endswith(CLOSE)
    # Markdown: text that could become a dangerous link never follows a blank line
    inside = out.content[len(OPEN) : -len(CLOSE)] + "  "
    if markdown_links_possible(inside):
        lines = re.split(r"\r\n|\r|\n", inside)
        assert all(line.strip(" \t") for line in lines), inside


@pytest.mark.parametrize("vector", [v["html"] for v in VECTORS], ids=IDS)
def test_sanitized_vector_is_stable(vector: str) -> None:
    once, _ = sanitize_body(vector, EMBEDS)
    assert sanitize_body(once, EMBEDS)[0] == once


def test_the_checks_catch_what_they_are_for() -> None:
    # Unsanitized, nine in ten vectors trip the detectors: they can fail. (The rest are inert
    # to both parsers as written: `<scr\x00ipt>`, UTF-7 text, backtick-quoted URLs, ...; and
    # the Markdown ones are inert as HTML.)
    html_vectors = [v["html"] for v in VECTORS if v["family"] != "markdown-in-post"]
    caught = [v for v in html_vectors if lxml_problems(v, False) or stdlib_problems(v, False)]
    assert len(caught) >= 0.9 * len(html_vectors)
    assert attribute_problems("a", {"href": "java&#x09;script:x"}, False)
    assert attribute_problems("img", {"src": "data:image/svg+xml;base64,AAAA"}, False)
    assert not attribute_problems("img", {"src": "data:image/png;base64,AAAA"}, False)
    assert attribute_problems("iframe", {"src": "https://www.youtube.com/x"}, True)
    assert lxml_problems("<p><!-- c --></p>", False)
    assert stdlib_problems("<p><!-- c --></p>", False)


# The same posts built by Hexo: what a reader's browser gets.


@pytest.mark.e2e
def test_hexo_pages_of_the_corpus_are_inert(tmp_path: Path) -> None:
    modules = hexo_or_skip()
    posts = {}
    for n, v in enumerate(VECTORS):
        for embeds in ((), EMBEDS):
            cleaned, _ = sanitize_body(v["html"], embeds)
            rel = f"xss/{'embeds' if embeds else 'plain'}/c/{n:03d}.md"
            posts[rel] = render_post(article_for(v["html"], cleaned, n))
    built = hexo_generate(modules, tmp_path / "site", posts)
    assert set(built.content) == set(posts)
    failures = {}
    for rel, page in built.content.items():
        embeds = "/embeds/" in rel
        problems = lxml_problems(page, embeds) + stdlib_problems(page, embeds)
        if problems:
            failures[rel] = problems
        assert built.posts[rel]["title"] == escape_braces(
            post_title(VECTORS[int(rel[-6:-3])]["html"])
        )
    assert failures == {}

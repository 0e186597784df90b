"""The fuzz engine: seed pages, mutations, the pure chain and the properties every input must
keep; tests/clean/test_fuzz.py runs it under Hypothesis, benchmarks/fuzz.py by the ten thousand.

The chain: article_from_page (decode, extract with the 快科技 source, then the generic one,
normalize, sanitize) -> post_from_article (validate, render) -> post_relpath. The inputs:
every saved page of the test suite, mutated by byte flips, truncation, deleted and duplicated
tag fragments, injected hostile snippets, re-encoding under a true or lying charset and hostile
URLs. Every input becomes an article (whose post parses back, whose body is inert, whose path
is safe) or a drop with a reason; any exception is a bug.
"""

from __future__ import annotations

import gzip
import json
import random
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path, PurePosixPath
from typing import Any

import lxml.html
import yaml
from helpers import TESTS
from hypothesis import strategies as st

from newscrawl import sources
from newscrawl.clean.article import NotArchivableError, article_from_page, post_from_article
from newscrawl.clean.policy import ALLOWED_ATTRIBUTES, ALLOWED_TAGS
from newscrawl.clean.sanitize import hazards, sanitize_body
from newscrawl.extract.charset import decode_html
from newscrawl.items import Article
from newscrawl.render.names import post_relpath
from newscrawl.render.post import escape_braces, first_image, post_title, rfc1123
from newscrawl.sources.base import Source

DATE = datetime(2022, 1, 18, 8, 30, tzinfo=UTC)  # the date a date-less article is given
DEFAULT_URL = "https://news.example.com/2022/01/article.html"


# The seeds: every saved page of the test suite, with the URL it was saved from when known.


@dataclass(frozen=True)
class Seed:
    data: bytes
    url: str


def _url(meta_path: Path) -> str:
    if meta_path.exists():
        url = json.loads(meta_path.read_text(encoding="utf-8")).get("url")
        if isinstance(url, str) and url:
            return url
    return DEFAULT_URL


@cache
def seeds(extra: tuple[Path, ...] = ()) -> dict[str, Seed]:
    """Pages by name: tests/sources/*/*.html, tests/fixtures/{pages,encodings}/*, and any
    `extra` folders holding `<id>.html.gz` + `<id>.json` (the shared corpus, for the benchmark)."""
    found: dict[str, Seed] = {}
    for path in sorted(TESTS.glob("sources/*/*.html")):
        url = _url(
            path.with_name(path.name.removesuffix(".gbk.html").removesuffix(".html") + ".json")
        )
        found[f"{path.parent.name}/{path.name}"] = Seed(path.read_bytes(), url)
    folders = [TESTS / "fixtures" / "pages", TESTS / "fixtures" / "encodings", *extra]
    for folder in folders:
        for path in sorted([*folder.glob("*.html.gz"), *folder.glob("*.html")]):
            stem = path.name.removesuffix(".gz").removesuffix(".html")
            data = path.read_bytes()
            data = gzip.decompress(data) if path.suffix == ".gz" else data
            found[f"{folder.name}/{path.name}"] = Seed(data, _url(path.with_name(f"{stem}.json")))
    return found


# Mutations. Positions are fractions of the current length, so any mutation fits any page.


@dataclass(frozen=True)
class Flips:
    """`count` bytes set to random values (a `random.Random(seed)` picks where and what)."""

    count: int
    seed: int


@dataclass(frozen=True)
class Truncate:
    at: float


@dataclass(frozen=True)
class DeleteTag:
    """`length` bytes deleted from the first `<` at or after `at`: tag fragments vanish."""

    at: float
    length: int


@dataclass(frozen=True)
class DuplicateTag:
    """The first tag at or after `at`, copied to `to` (an extra `<div>` or `</p>`)."""

    at: float
    to: float


@dataclass(frozen=True)
class Inject:
    at: float
    snippet: str  # inserted as UTF-8 bytes, whatever the page's encoding


@dataclass(frozen=True)
class Reencode:
    """The page's text re-encoded in `encoding`; served with `label` as its header charset."""

    encoding: str
    label: str | None


@dataclass(frozen=True)
class Url:
    url: str


Mutation = Flips | Truncate | DeleteTag | DuplicateTag | Inject | Reencode | Url

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="java\tscript:alert(1)">x</a>',
    "<svg><script>alert(1)</script></svg>",
    "<iframe src=javascript:alert(1)>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    "<!--",
    "-->",
    "<![CDATA[",
    "<style>*{background:url(javascript:alert(1))}</style>",
    '<p style="width: expression(alert(1))">x</p>',
    "{{ site.title }}{% raw %}{% endraw %}",
    "\n---\n",
    "---",
    "</div></div></div></div>",
    '<div class="news_info">',
    '<div class="news_bt"><h1>',
    "<h1>" + "标题" * 3000 + "</h1>",
    '<span class="date">2022年13月45日 99:99</span>',
    '<span class="date">Tue, 31 Feb 2022 25:61:00 +9999</span>',
    '<span class="date">0000-00-00T00:00:00</span>',
    '<meta property="article:published_time" content="99999-12-31T23:59:59+99:00">',
    '<meta property="og:title" content="&#0;&#xD800;&#x110000;&#xFFFFFFFF;">',
    '<script type="application/ld+json">{"@type":"NewsArticle","headline":{"a":1},'
    '"datePublished":["x"],"author":[null,5,{"name":["x"]}],"image":[[]],"keywords":7}</script>',
    '<script type="application/ld+json">[[[[{"@graph":{"@graph":null}}]]]]</script>',
    "<div>" * 3000,
    "&#xFFFFFFFF;&#0;&#xD800;&#65535;&amp;&lt;&",
    "\x00\x01\x1b\x7f",
    "\u2028\u2029\u202e\ufeff\ufffe",
    "\ud800".encode("utf-8", "surrogatepass").decode("utf-8", "replace"),
    '<img src="//cdn.example/a.jpg"><img src="  "><img src="data:image/png;base64,AAAA">',
    '<a href="http://[::1">x</a><img src="http://[zz/x.png">',
    '<img src="' + "a" * 5000 + '">',
    '<title>CON</title><h1>../../etc/passwd</h1><meta property="og:title" content="_.">',
    "<h1>\t \u3000 </h1>",
    "<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a '&#38;'>]>",
    '<meta charset="utf-16"><meta charset="x-user-defined">',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
]
ENCODINGS = [
    "utf-8",
    "utf-8-sig",
    "utf-16-le",
    "utf-16-be",
    "gbk",
    "gb18030",
    "big5",
    "shift_jis",
    "euc_jp",
    "euc_kr",
    "cp1251",
    "koi8_r",
    "cp1252",
    "latin-1",
    "iso2022_jp",
]
LABELS = [None, "utf-8", "gbk", "iso-8859-1", "big5", "shift_jis", "utf-16", "koi8-r", "bogus-x"]
HOSTILE_URLS = [
    "https://news.mydrivers.com/1/767/767105.htm",
    "https://例子.测试/新闻/一.htm",
    "https://xn--fsqu00a.xn--0zwm56d/a",
    "https://CON/aux.htm",
    "https://../../etc/passwd",
    "https://user:pw@host.example:8080/a?b=c#d",
    "http://[::1]/x.html",
    "https://host.example/" + "x" * 3000,
    "https://_hidden.example/.a",
    "file:///etc/passwd",
    "https://host.example/%2e%2e/%00",
]


@dataclass(frozen=True)
class Case:
    seed: str
    mutations: tuple[Mutation, ...]


def apply(case: Case, pages: dict[str, Seed]) -> tuple[bytes, str | None, str]:
    """The mutated page: bytes, Content-Type header, URL."""
    seed = pages[case.seed]
    data, content_type, url = bytearray(seed.data), None, seed.url
    for mutation in case.mutations:
        if isinstance(mutation, Reencode):
            text = decode_html(bytes(data), content_type)
            data = bytearray(text.encode(mutation.encoding, errors="xmlcharrefreplace"))
            label = mutation.label
            content_type = f"text/html; charset={label}" if label else None
        elif isinstance(mutation, Url):
            url = mutation.url
        else:
            data = _mutate_bytes(data, mutation)
    return bytes(data), content_type, url


def _mutate_bytes(data: bytearray, mutation: Mutation) -> bytearray:
    size = len(data)
    if isinstance(mutation, Flips):
        rng = random.Random(mutation.seed)
        for _ in range(mutation.count if size else 0):
            data[rng.randrange(size)] = rng.randrange(256)
    elif isinstance(mutation, Truncate):
        del data[int(mutation.at * size) :]
    elif isinstance(mutation, DeleteTag):
        start = data.find(b"<", int(mutation.at * size))
        if start >= 0:
            del data[start : start + mutation.length]
    elif isinstance(mutation, DuplicateTag):
        start = data.find(b"<", int(mutation.at * size))
        end = data.find(b">", start) if start >= 0 else -1
        if end >= 0:
            at = int(mutation.to * size)
            data[at:at] = data[start : end + 1]
    elif isinstance(mutation, Inject):
        at = int(mutation.at * size)
        data[at:at] = mutation.snippet.encode("utf-8", errors="surrogatepass")
    return data


# The chain and its property.


def chain(data: bytes, content_type: str | None, url: str, source: Source) -> str:
    """Run one input through the pure chain; "article" or "drop:<reason>". Raises on a
    broken property; any other exception is a bug the fuzz run reports."""
    article = article_from_page(data, url, source, content_type)
    if article.published is None:
        article.published = DATE
    try:
        post = post_from_article(article)
    except NotArchivableError as exc:
        return f"drop:{exc.reason}"
    check_article(article, post, post_relpath(article))
    return "article"


def check_article(article: Article, post: str, relpath: str) -> None:
    check_inert(article.body_html)
    image = first_image(article.body_html) or None
    want: dict[str, Any] = {
        "title": escape_braces(post_title(article.title)),
        "categories": [escape_braces(c) for c in article.categories],
        "author": escape_braces(article.publisher),
        "comments": False,
        "date": rfc1123(article.published),
    }
    if image:
        want["headimg"] = want["thumbnail"] = escape_braces(image)
    assert post.startswith("\n---\n")
    assert yaml.safe_load(post.split("\n---\n", 2)[1]) == want
    check_relpath(relpath)


# What Windows refuses in a name, but `"`: FORMAT rule 6 keeps it in post names, as the samples do.
def check_inert(body: str) -> None:
    """hazards() finds nothing, or only its raw-text false alarms (tests/clean/test_sanitize.py's
    RAW_TEXT_FALSE_ALARMS: a vector's text kept as escaped text or inside a quoted attribute):
    then the body is nh3's rebuild, nothing is left to remove, and every element and attribute
    is on the sanitizer's allowlist with a safe URL."""
    found = hazards(body)
    if not found:
        return
    assert all(reason.startswith("markup ") for reason in found), found
    assert sanitize_body(body)[0] == body
    root = lxml.html.fragment_fromstring(body, create_parent="div")
    for element in root.iterdescendants():
        assert isinstance(element.tag, str), body[:300]
        assert element.tag in ALLOWED_TAGS, element.tag
        allowed = ALLOWED_ATTRIBUTES["*"] | ALLOWED_ATTRIBUTES.get(element.tag, set())
        for name, value in element.attrib.items():
            assert name in allowed | {"rel"}, (element.tag, name)
            if name in ("href", "src"):
                assert _SAFE_URL.match(value.strip()), (element.tag, name, value)


# Absolute http(s)/mailto/tel, a relative URL, or a raster data: image (kept by the sanitizer).
_SAFE_URL = re.compile(
    r"(?:https?:|mailto:|tel:|[^:/?#]*(?:[/?#]|$)|data:image/(?:png|gif|jpeg|webp);base64,)", re.I
)
_UNSAFE_IN_NAME = re.compile(r"[\x00-\x1f\x7f\\/<>:|?*]")
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"{p}{i}" for p in ("COM", "LPT") for i in range(10))}


def check_relpath(relpath: str) -> None:
    path = PurePosixPath(relpath)
    parts = relpath.split("/")
    assert not path.is_absolute(), relpath
    assert path.as_posix() == relpath, relpath
    assert len(parts) == 4, relpath
    assert parts[-1].endswith(".md"), relpath
    for part in parts:
        assert part not in ("", ".", ".."), relpath
        assert part[0] not in "._", relpath
        assert len(part.encode("utf-8")) <= 255, relpath
        assert part == part.rstrip(". "), relpath
        assert part.split(".")[0].rstrip(" ").upper() not in _RESERVED, relpath
        assert not _UNSAFE_IN_NAME.search(part.removesuffix(".md") if part == parts[-1] else part)


def run_case(case: Case, pages: dict[str, Seed]) -> list[str]:
    """Both sources' outcomes for one case."""
    data, content_type, url = apply(case, pages)
    kkj = sources.get("mydrivers")
    return [chain(data, content_type, url, kkj), chain(data, content_type, url, generic(url))]


def generic(url: str) -> Source:
    return sources.generic(url)


# Case generators: Hypothesis (here) and a seeded random.Random (the benchmark), alike.

FRACTION = st.floats(0, 1)
MUTATIONS = st.one_of(
    st.builds(Flips, st.integers(1, 64), st.integers(0, 2**16)),
    st.builds(Truncate, FRACTION),
    st.builds(DeleteTag, FRACTION, st.integers(1, 400)),
    st.builds(DuplicateTag, FRACTION, FRACTION),
    st.builds(Inject, FRACTION, st.sampled_from(HOSTILE)),
    st.builds(Reencode, st.sampled_from(ENCODINGS), st.sampled_from(LABELS)),
    st.builds(Url, st.sampled_from(HOSTILE_URLS)),
)


def cases(pages: dict[str, Seed]) -> st.SearchStrategy[Case]:
    mutations = st.lists(MUTATIONS, min_size=1, max_size=5).map(tuple)
    return st.builds(Case, st.sampled_from(sorted(pages)), mutations)


def random_case(rng: random.Random, pages: dict[str, Seed]) -> Case:
    makers = [
        lambda: Flips(rng.randint(1, 64), rng.randrange(2**16)),
        lambda: Truncate(rng.random()),
        lambda: DeleteTag(rng.random(), rng.randint(1, 400)),
        lambda: DuplicateTag(rng.random(), rng.random()),
        lambda: Inject(rng.random(), rng.choice(HOSTILE)),
        lambda: Reencode(rng.choice(ENCODINGS), rng.choice(LABELS)),
        lambda: Url(rng.choice(HOSTILE_URLS)),
    ]
    count = rng.randint(1, 5)
    return Case(rng.choice(sorted(pages)), tuple(rng.choice(makers)() for _ in range(count)))

"""Every source against its saved pages: expected fields, the declared rules, golden posts.

One parametrized test runs over every fixture of every registered source (fundus style): a
source without fixtures fails. Fixtures: `tests/sources/<id>/<page>.json` names the page, its
URL and the expected values. The 快科技 pages are reconstructions with real sample posts as
golden output (tests/sources/mydrivers/README.md); the other sources' pages are real saved pages
from the corpus (fundus, newspaper4k), copied by tests/sources/copy_corpus.py, each JSON naming
its origin.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import ROOT, SOURCES
from parsel import Selector

from newscrawl import sources
from newscrawl.cli import main
from newscrawl.extract.article import body_text
from newscrawl.extract.charset import decode_html
from newscrawl.extract.markup import inner_html, parse_fragment
from newscrawl.sources.base import Source, select
from newscrawl.sources.userfile import write_source

HERE = SOURCES
DOCS_TABLE = ROOT / "docs" / "sources.md"
CASES = sorted(HERE.glob("*/*.json"))
CASES_BY_SOURCE = sorted({p.parent.name for p in CASES})
POSTS = [c for c in CASES if "post" in json.loads(c.read_text(encoding="utf-8"))]
# Real sample bodies that hold `href="javascript:;"` (a 文章纠错 link): sanitizing must change
# them, so their posts equal the sample except for that attribute.
HOSTILE = {"iphone-redpacket", "tcl-oled"}
BODY_F1_FLOOR = 0.95
_TOKEN = re.compile(r"\w+")
_ESCAPED_TAG = re.compile(r"&lt;/?(img|picture|source|div|span|p|a|br)\b")


def _case(path: Path) -> dict[str, object]:
    return dict(json.loads(path.read_text(encoding="utf-8")))


def _case_id(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


def _expected(data: dict[str, object]) -> dict[str, object]:
    return dict(data["expected"])  # type: ignore[call-overload]


def _render(page: Path, url: str) -> bytes:
    result = CliRunner().invoke(main, ["render", str(page), "--url", url])
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


def _html(page: Path, source: Source) -> str:
    data = page.read_bytes()
    return decode_html(
        gzip.decompress(data) if page.suffix == ".gz" else data, None, source.encoding
    )


def _instant(text: object) -> datetime:
    moment = datetime.fromisoformat(str(text))
    assert moment.tzinfo is not None, f"{text!r} names no offset"
    return moment


def body_f1(truth: str, prediction: str) -> float:
    """F1 over token 4-gram multisets: the Zyte benchmark's scoring, as benchmarks/extraction.py
    computes it (tokens are `\\w+`; a text of 1-3 tokens is one shingle)."""

    def shingles(text: str) -> Counter[tuple[str, ...]]:
        found = _TOKEN.findall(text)
        if len(found) < 4:
            return Counter([tuple(found)]) if found else Counter()
        return Counter(tuple(found[i : i + 4]) for i in range(len(found) - 3))

    want, got = shingles(truth), shingles(prediction)
    total = sum(want.values()) + sum(got.values())
    return 2 * sum((want & got).values()) / total if total else 1.0


def _values(html: str, selector: str) -> list[str]:
    return [v for v in (x.strip() for x in select(Selector(text=html), selector)) if v]


def test_every_source_has_fixtures() -> None:
    with_fixtures = {p.parent.name for p in CASES}
    built_in = {s.id for s in sources.all_sources() if not sources.is_user(s.id)}
    missing = built_in - with_fixtures
    assert not missing, f"sources without fixture pages in tests/sources/: {missing}"


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_expected_fields(case: Path) -> None:
    """`newscrawl extract` on the saved page, its source found from the URL alone."""
    data = _case(case)
    source = sources.get(case.parent.name)
    assert sources.for_url(str(data["url"])) is source
    assert source.article_pattern.search(str(data["url"])), "article_url misses the page's URL"
    page = case.with_name(str(data["page"]))
    result = CliRunner().invoke(main, ["extract", str(page), "--url", str(data["url"])])
    assert result.exit_code == 0, result.output
    got = json.loads(result.output)
    expected = _expected(data)
    # Exact up to whitespace: newscrawl folds every run of spaces (NBSP, U+3000) into one.
    assert got["title"] == " ".join(str(expected["title"]).split())
    assert _instant(got["published"]) == _instant(expected["published"])
    # An absent list means "none on the page" (fixture JSON keeps no empty values).
    assert got["authors"] == expected.get("authors", [])
    assert got["tags"] == expected.get("tags", [])
    for key in source.extra:
        assert got["extra"].get(key) == expected.get(key), key
    assert got["categories"] == list(source.categories)
    assert got["language"] == source.language
    assert "<script" not in got["body_html"]
    # Markup turned into visible text, e.g. a <noscript>'s <img> kept by the sanitizer as text.
    assert not _ESCAPED_TAG.search(got["body_html"]), _ESCAPED_TAG.search(got["body_html"])
    if "body" in expected:
        score = body_f1(str(expected["body"]), got["body_text"])
        assert score >= BODY_F1_FLOOR, f"body F1 {score:.3f} < {BODY_F1_FLOOR}"


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_declared_rules_match_the_page(case: Path) -> None:
    """The source's own selectors, not the generic fallbacks, find the fields and the body:
    a redesign of the site fails here instead of degrading silently."""
    data = _case(case)
    source = sources.get(case.parent.name)
    html = _html(case.with_name(str(data["page"])), source)
    expected = _expected(data)
    for field, selector in source.selectors.items():
        if expected.get(field):
            found = _values(html, selector)
            assert found, f"{field} selector {selector!r} finds nothing"
    assert source.body, "a declared source names its body container"
    container = inner_html(html, source.body, source.body_drop, source.body_stop)
    assert container is not None, f"body selector {source.body!r} matches nothing"
    text = body_text(container)
    assert text
    if "body" in expected:
        assert body_f1(str(expected["body"]), text) >= BODY_F1_FLOOR
    left = parse_fragment(container)
    for css in (*source.body_drop, *source.body_stop):
        assert not left.cssselect(css), f"{css!r} is still in the body"


@pytest.mark.parametrize("case", [c for c in CASES if c not in POSTS], ids=_case_id)
def test_renders_a_post(case: Path) -> None:
    data = _case(case)
    post = _render(case.with_name(str(data["page"])), str(data["url"])).decode()
    front = post.split("\n---\n")[1]  # a post opens with "\n---\n" (format/FORMAT.md)
    for category in sources.get(case.parent.name).categories:
        assert f"\n - {category}\n" in front


@pytest.mark.parametrize("case", POSTS, ids=_case_id)
def test_golden_post(case: Path) -> None:
    data = _case(case)
    post = case.with_name(str(data["post"])).read_bytes()
    rendered = _render(case.with_name(str(data["page"])), str(data["url"]))
    if case.stem in HOSTILE:
        assert b"javascript:" in post
        assert b"javascript:" not in rendered
        assert rendered.count(b"<img") == post.count(b"<img")
        assert rendered.split(b"<div>")[0] == post.split(b"<div>")[0]  # same front matter
    else:
        assert rendered == post


def test_gbk_page_renders_like_its_utf8_twin() -> None:
    """The same article served as GBK bytes (gb2312 meta, no header) gives the same post."""
    gbk = sorted(HERE.glob("*/*.gbk.html"))
    assert gbk, "a GBK fixture page is expected"
    for page in gbk:
        data = _case(page.with_name(page.name.replace(".gbk.html", ".json")))
        assert page.read_bytes().decode("gbk")  # really GBK bytes
        expected = page.with_name(str(data["post"])).read_bytes()
        assert _render(page, str(data["url"])) == expected


def test_docs_sources_table_is_generated_and_current() -> None:
    result = CliRunner().invoke(main, ["sources", "--markdown"])
    assert result.exit_code == 0, result.output
    assert DOCS_TABLE.read_text(encoding="utf-8") == result.output, (
        "docs/sources.md is stale: newscrawl sources --markdown > docs/sources.md"
    )
    rows = [line for line in result.output.splitlines() if line.startswith("| ")]
    assert len(rows) == 2 + len(CASES_BY_SOURCE)
    for source_id in CASES_BY_SOURCE:
        assert f"| `{source_id}` | " in result.output
    # A "|" inside a cell (bbc's article_url has one) is escaped: every row has the same cells.
    assert len({len(re.split(r"(?<!\\)\|", row)) for row in rows}) == 1


def test_docs_table_lists_built_in_sources_only(tmp_path: Path) -> None:
    """A user's sources (newscrawl add, `<data>/sources/*.toml`) are theirs, not the docs'."""
    mine = Source(
        id="mysite",
        name="My Site",
        domains=("my.example",),
        categories=("网页", "my.example", "文章"),
        author="my.example",
    )
    write_source(mine, tmp_path)
    sources.use_user_sources(tmp_path)
    try:
        assert sources.is_user("mysite")
        result = CliRunner().invoke(main, ["sources", "--markdown"])
    finally:
        sources.use_user_sources(None)
    assert result.exit_code == 0, result.output
    assert "mysite" not in result.output
    assert DOCS_TABLE.read_text(encoding="utf-8") == result.output

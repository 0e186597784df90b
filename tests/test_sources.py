"""Every source against its saved pages: expected fields, and the golden post byte for byte.

Fixture pages are reconstructions (see tests/sources/mydrivers/README.md); the golden posts
are real sample posts copied byte for byte.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newscrawl import sources
from newscrawl.cli import main

HERE = Path(__file__).parent / "sources"
CASES = sorted(HERE.glob("*/*.json"))
# Real sample bodies that hold `href="javascript:;"` (a 文章纠错 link): sanitizing must change
# them, so their posts equal the sample except for that attribute.
HOSTILE = {"iphone-redpacket", "tcl-oled"}


def _case(path: Path) -> dict[str, object]:
    return dict(json.loads(path.read_text(encoding="utf-8")))


def _render(page: Path, url: str) -> bytes:
    result = CliRunner().invoke(main, ["render", str(page), "--url", url])
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


def test_every_source_has_fixtures() -> None:
    with_fixtures = {p.parent.name for p in CASES}
    missing = {s.id for s in sources.all_sources()} - with_fixtures
    assert not missing, f"sources without fixture pages in tests/sources/: {missing}"


@pytest.mark.parametrize("case", CASES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_expected_fields(case: Path) -> None:
    data = _case(case)
    page = case.with_name(str(data["page"]))
    result = CliRunner().invoke(main, ["extract", str(page), "--url", str(data["url"])])
    assert result.exit_code == 0, result.output
    got = json.loads(result.output)
    expected = dict(data["expected"])  # type: ignore[call-overload]
    assert got["title"] == expected["title"]
    assert got["published"] == expected["published"]
    assert got["tags"] == expected.get("tags", [])
    for key in ("editor", "origin_name", "origin_url"):
        assert got["extra"].get(key) == expected.get(key), key
    assert got["categories"] == list(sources.get(case.parent.name).categories)
    assert "<script" not in got["body_html"]
    assert 'class="weixin"' not in got["body_html"]


@pytest.mark.parametrize("case", CASES, ids=lambda p: f"{p.parent.name}/{p.stem}")
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

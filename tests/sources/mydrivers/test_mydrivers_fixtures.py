"""The 快科技 fixtures are complete and consistent (a guard against hand edits)."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import yaml

HERE = Path(__file__).parent
SLUGS = sorted(p.name.removesuffix(".json") for p in HERE.glob("*.json"))


def meta(slug: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((HERE / f"{slug}.json").read_text(encoding="utf-8"))
    return data


def test_every_sample_has_a_fixture() -> None:
    assert len(SLUGS) == 16
    assert [p.name for p in HERE.glob("*.gbk.html")] == ["excel-bug.gbk.html"]


@pytest.mark.parametrize("slug", SLUGS)
def test_fixture_files_agree(slug: str) -> None:
    m = meta(slug)
    post = (HERE / m["post"]).read_bytes().decode("utf-8")
    page = (HERE / m["page"]).read_bytes().decode("utf-8")
    front = yaml.safe_load(post.split("\n---\n", 1)[1].split("\n---\n", 1)[0])
    assert post.startswith("\n---\n")
    assert post.endswith("</div>\n            ")
    assert front["categories"][1] == "快科技（原驱动之家）"
    assert m["expected"]["title"] == m["feed_title"]
    assert re.sub(r"[:/\\?*<>|\[\]“”]", "_", m["feed_title"]) == front["title"]
    assert f'<link rel="canonical" href="{m["url"]}">' in page
    assert re.fullmatch(rf"https://news\.mydrivers\.com/1/\d+/{m['article_number']}\.htm", m["url"])
    assert page.count('<div class="weixin">') == 1
    assert all(v not in ("", [], None) for v in m["expected"].values())


def test_gbk_page_is_the_utf8_page_reencoded() -> None:
    gbk = (HERE / "excel-bug.gbk.html").read_bytes()
    utf8 = (HERE / "excel-bug.html").read_text(encoding="utf-8")
    assert b"charset=gb2312" in gbk
    assert gbk.decode("gb2312") == utf8.replace("charset=utf-8", "charset=gb2312")


def test_feed_lists_every_page() -> None:
    items = ET.parse(HERE / "feed.xml").getroot().findall("./channel/item")
    by_link = {i.findtext("link"): i for i in items}
    assert sorted(by_link) == sorted(meta(s)["url"] for s in SLUGS)
    for slug in SLUGS:
        item = by_link[meta(slug)["url"]]
        assert item.findtext("title") == meta(slug)["feed_title"]
        assert item.findtext("pubDate") == meta(slug)["feed_pubdate_rfc822"]

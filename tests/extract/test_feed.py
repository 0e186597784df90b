"""parse_feed on real RSS/Atom feeds in legacy encodings (two ill-formed), and naive dates."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from helpers import FIXTURES

from newscrawl.extract.feed import Feed, parse_feed

FEEDS = FIXTURES / "feeds"
CASES = sorted(FEEDS.glob("*.xml"))


def _spaces(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _load(path: Path) -> tuple[Feed, dict[str, Any]]:
    meta = json.loads(path.with_name(path.name + ".json").read_text(encoding="utf-8"))
    # UTC as the local zone: every dated entry of these feeds carries its own offset
    feed = parse_feed(path.read_bytes(), meta["source_url"], ZoneInfo("UTC"))
    return feed, meta


def test_every_rss_and_atom_fixture_is_here() -> None:
    assert len(CASES) == 10


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_entry_count_and_problem(path: Path) -> None:
    feed, meta = _load(path)
    assert len(feed.entries) == meta["expected"]["entry_count"]
    if meta["well_formed"]:
        assert feed.problem is None
    else:  # recovered by the lenient parser: every entry is still there
        assert feed.problem


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_feed_title(path: Path) -> None:
    feed, meta = _load(path)
    assert feed.title == _spaces(meta["expected"]["title"])


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_entry_titles_and_links(path: Path) -> None:
    feed, meta = _load(path)
    expected = meta["expected"]["entries"]
    got = [(e.title, e.link) for e in feed.entries]
    want = [(_spaces(e["title"]), e["link"]) for e in expected]
    assert got[0] == want[0]
    assert got[-1] == want[-1]
    assert got == want


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_published_instants(path: Path) -> None:
    feed, meta = _load(path)
    for entry, expected in zip(feed.entries, meta["expected"]["entries"], strict=True):
        if "published" not in expected:  # the feed gives this entry no date
            assert "published_raw" not in expected
            assert entry.published is None
            continue
        want = datetime.fromisoformat(expected["published"])
        assert want.utcoffset() is not None
        assert entry.published is not None, expected["published_raw"]
        assert entry.published.utcoffset() is not None
        assert entry.published.astimezone(UTC) == want.astimezone(UTC), expected["published_raw"]


def test_some_fixtures_have_dates_in_each_form() -> None:
    raws = [
        e["published_raw"]
        for path in CASES
        for e in _load(path)[1]["expected"]["entries"]
        if "published_raw" in e
    ]
    assert any(r.endswith("GMT") for r in raws)
    assert any(re.search(r"\d[+-]\d{4}$", r) for r in raws)  # 13:08:54+0900
    assert any(r.endswith("Z") for r in raws)
    assert any(re.search(r"T.*[+-]\d\d:\d\d$", r) for r in raws)


NAIVE_FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>本地时间</title><link>https://news.example/</link>
<item><title>iso</title><link>/1/1.htm</link><pubDate>2022-03-27 01:30:00</pubDate></item>
<item><title>rfc822</title><link>https://news.example/2.htm</link>
 <pubDate>Sun, 27 Mar 2022 03:30:00</pubDate></item>
<item><title>中文</title><link>https://news.example/3.htm</link>
 <pubDate>2022年7月19日 02:56</pubDate></item>
<item><title>with offset</title><link>https://news.example/4.htm</link>
 <pubDate>Tue, 19 Jul 2022 02:56:00 +0800</pubDate></item>
<item><title>no date</title><link>https://news.example/5.htm</link></item>
</channel></rss>
""".encode()


@pytest.mark.parametrize(
    ("zone", "instants"),
    [
        (
            "Asia/Shanghai",
            ["2022-03-26T17:30:00", "2022-03-26T19:30:00", "2022-07-18T18:56:00"],
        ),
        # across Berlin's switch to summer time: 01:30 is CET (+01), 03:30 CEST (+02)
        (
            "Europe/Berlin",
            ["2022-03-27T00:30:00", "2022-03-27T01:30:00", "2022-07-19T00:56:00"],
        ),
    ],
)
def test_naive_dates_are_read_in_the_given_zone(zone: str, instants: list[str]) -> None:
    feed = parse_feed(NAIVE_FEED, "https://news.example/rss.xml", ZoneInfo(zone))
    assert feed.problem is None
    links = ["1/1", "2", "3", "4", "5"]  # the first one was relative to the feed's URL
    assert [e.link for e in feed.entries] == [f"https://news.example/{n}.htm" for n in links]
    got = [e.published.astimezone(UTC) if e.published else None for e in feed.entries]
    want = [datetime.fromisoformat(i).replace(tzinfo=UTC) for i in instants]
    assert got == [*want, datetime(2022, 7, 18, 18, 56, tzinfo=UTC), None]
    assert feed.entries[0].published is not None
    assert feed.entries[0].published.tzinfo == ZoneInfo(zone)

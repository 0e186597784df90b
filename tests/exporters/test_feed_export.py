"""Feeds of archived articles (exporters/feed.py, exporters/feed_entries.py): Atom 1.0, RSS 2.0
and JSON Feed 1.1 read back, Atom's RFC 4287 required elements, the selections, and the
`newscrawl export feed` command. Hostile input and memory: test_feed_export_hostile.py."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import lxml.etree
import lxml.html
import pytest
from feed_reading import ATOM, DESCRIBED, RFC3339, build, feed_bytes, read_back
from helpers import article, newscrawl

from newscrawl.archive.search import Filters
from newscrawl.exporters.feed import FORMATS, Format
from newscrawl.exporters.feed_entries import Selection, summary
from newscrawl.items import ImageResult


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tagged = article(
        2,
        title="Tesla & <Excel> 特斯拉",
        authors=["张三", "Jane Roe"],
        tags=["电动车"],
        categories=["新闻", "汽车", "文章"],
        language="zh-CN",
        lead_image="https://news.example/img/a.jpg",
        body_html='<p>冬季 <img src="/img/a.jpg"> 续航</p>',
        body_text="冬季 续航",
        image_results=[ImageResult("https://news.example/img/a.jpg", "downloaded", "full/a.jpg")],
    )
    others = [article(n, source_id="other" if n % 2 else "example") for n in (1, 3, 4)]
    return build(tmp_path_factory.mktemp("feed") / "archive.db", iter([tagged, *others]))


@pytest.mark.parametrize("fmt", FORMATS)
def test_each_format_reads_back_newest_first(archive: Path, fmt: Format) -> None:
    title, entries = read_back(fmt, feed_bytes(archive, fmt))
    assert title == "Test feed"
    links = [entry.link for entry in entries]
    assert links == [f"https://news.example/{n}.htm" for n in (4, 3, 2, 1)]
    assert [entry.id for entry in entries] == links  # stable: the canonical URL
    tesla = entries[2]
    assert tesla.published == datetime(2024, 5, 2, 8, 0, tzinfo=UTC)
    assert tesla.authors == ["张三", "Jane Roe"]
    assert tesla.tags == ["新闻", "汽车", "文章", "电动车"]
    assert tesla.summary == "冬季 续航"
    assert tesla.content is not None
    assert "续航" in tesla.content
    # Relative image URLs are made absolute against the page.
    assert 'src="https://news.example/img/a.jpg"' in tesla.content


@pytest.mark.parametrize("fmt", FORMATS)
def test_titles_are_text_in_every_format(archive: Path, fmt: Format) -> None:
    tesla = read_back(fmt, feed_bytes(archive, fmt))[1][2]
    shown = lxml.html.fragment_fromstring(tesla.title, create_parent="div").text_content()
    assert (shown if tesla.title_type == "text/html" else tesla.title) == "Tesla & <Excel> 特斯拉"


@pytest.mark.parametrize("fmt", FORMATS)
def test_local_images_point_at_the_archived_copies(archive: Path, fmt: Format) -> None:
    tesla = read_back(fmt, feed_bytes(archive, fmt, images="http://127.0.0.1:8001/-/images"))[1][2]
    assert 'src="http://127.0.0.1:8001/-/images/full/a.jpg"' in (tesla.content or "")
    item = json.loads(feed_bytes(archive, "json", images="http://127.0.0.1:8001/-/images"))
    assert item["items"][2]["image"] == "http://127.0.0.1:8001/-/images/full/a.jpg"
    assert json.loads(feed_bytes(archive, "json"))["items"][2]["image"] == (
        "https://news.example/img/a.jpg"
    )


def test_selection_by_source_since_limit_and_query(archive: Path) -> None:
    def links(selection: Selection) -> list[str]:
        return [e.link for e in read_back("atom", feed_bytes(archive, "atom", selection))[1]]

    since = datetime(2024, 5, 2, tzinfo=UTC)
    assert links(Selection(Filters(source="other"))) == [
        "https://news.example/3.htm",
        "https://news.example/1.htm",
    ]
    assert links(Selection(Filters(since=since), limit=2)) == [
        "https://news.example/4.htm",
        "https://news.example/3.htm",
    ]
    assert links(Selection(query="特斯拉")) == ["https://news.example/2.htm"]
    assert links(Selection(Filters(source="example"), "article")) == ["https://news.example/4.htm"]
    assert links(Selection(Filters(tag="电动车"))) == ["https://news.example/2.htm"]


def test_atom_has_rfc_4287_required_elements(archive: Path) -> None:
    root = lxml.etree.fromstring(feed_bytes(archive, "atom"))
    assert root.tag == ATOM + "feed"
    for name in ("id", "title", "updated"):
        assert len(root.findall(ATOM + name)) == 1, name
    assert RFC3339.match(root.findtext(ATOM + "updated") or "")
    # The feed's updated is its newest entry's.
    updated = [e.findtext(ATOM + "updated") for e in root.iter(ATOM + "entry")]
    assert root.findtext(ATOM + "updated") == max(filter(None, updated))
    assert root.findall(ATOM + "author/" + ATOM + "name")  # not every entry names an author
    assert root.find(ATOM + "link[@rel='self']").get("href") == DESCRIBED.self_url
    entries = root.findall(ATOM + "entry")
    assert len(entries) == 4
    for entry in entries:
        for name in ("id", "title", "updated"):
            assert len(entry.findall(ATOM + name)) == 1, name
        assert RFC3339.match(entry.findtext(ATOM + "updated") or "")
        # rel absent means alternate (RFC 4287 4.2.7.2): feedgen writes entry links so.
        links = entry.findall(ATOM + "link")
        assert [link.get("rel", "alternate") for link in links] == ["alternate"]
        assert entry.find(ATOM + "content").get("type") == "html"
        assert len(entry.findall(ATOM + "summary")) == 1


def test_rss_and_json_feed_required_fields(archive: Path) -> None:
    channel = lxml.etree.fromstring(feed_bytes(archive, "rss")).find("channel")
    assert channel is not None
    assert [channel.findtext(n) for n in ("title", "link", "description")] == [
        "Test feed", "http://127.0.0.1:8001/", "Articles for the test",
    ]  # fmt: skip
    for item in channel.findall("item"):
        assert item.findtext("title")
        assert item.findtext("guid")
        assert item.findtext("pubDate")
    document = json.loads(feed_bytes(archive, "json"))
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    assert document["title"]
    assert document["feed_url"] == DESCRIBED.self_url
    assert all(item["id"] and item["url"] for item in document["items"])


def test_same_articles_give_the_same_bytes(archive: Path) -> None:
    assert feed_bytes(archive, "rss") == feed_bytes(archive, "rss")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("short  text\n here", "short text here"),
        ("word " * 100, ("word " * 56).strip() + "…"),
        ("字" * 300, "字" * 280 + "…"),
    ],
)
def test_summary(text: str, expected: str) -> None:
    assert summary(text) == expected


# --- newscrawl export feed ------------------------------------------------------------------


def test_export_feed_command(archive: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "archive.db").write_bytes(archive.read_bytes())
    out = tmp_path / "feeds" / "example.rss"
    result = newscrawl(
        "export", "feed", "--format", "rss", "--source", "example", "--limit", "1",
        "--local-images", "http://127.0.0.1:8001/-/images", "--out", str(out), "--data", str(data),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "1 articles to" in result.stderr
    title, entries = read_back("rss", out.read_bytes())
    assert title == "example — newscrawl"
    assert [e.link for e in entries] == ["https://news.example/4.htm"]
    searched = newscrawl("export", "feed", "--query", "特斯拉", "--out", "-", "--data", str(data))
    assert searched.returncode == 0, searched.stderr
    assert [e.link for e in read_back("atom", searched.stdout.encode())[1]] == [
        "https://news.example/2.htm"
    ]
    as_json = newscrawl("export", "feed", "--format", "json", "--out", "-", "--data", str(data))
    assert len(read_back("json", as_json.stdout.encode())[1]) == 4


def test_feed_options_are_refused_by_the_other_exports(tmp_path: Path, archive: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "archive.db").write_bytes(archive.read_bytes())
    out = str(tmp_path / "x.jsonl")
    refused = newscrawl("export", "jsonl", "--format", "rss", "--out", out, "--data", str(data))
    assert refused.returncode == 2
    assert "--format: only for export feed" in refused.stderr
    plain = newscrawl("export", "jsonl", "--out", out, "--data", str(data))
    assert plain.returncode == 0, plain.stderr
    assert len(Path(out).read_text(encoding="utf-8").splitlines()) == 4
    bad = newscrawl("export", "feed", "--query", '"', "--out", "-", "--data", str(data))
    assert bad.returncode == 1
    assert bad.stderr.strip().splitlines()[-1].startswith("Error: ")

"""`newscrawl export`, `show` and `stats` on real archives: posts re-rendered byte for byte
as a real crawl wrote them, JSON lines and CSV of every row, streaming in bounded memory."""

from __future__ import annotations

import csv
import io
import json
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import click.testing
import pytest
from click.testing import CliRunner
from helpers import Counting, newscrawl
from helpers import article as valid_article

from newscrawl.archive.store import Archive
from newscrawl.cli import main
from newscrawl.demo.server import default_site, serve_site
from newscrawl.exporters.records import article_record, write_jsonl
from newscrawl.exporters.repost import export_posts, render_row
from newscrawl.items import Article
from newscrawl.render.names import post_relpath
from newscrawl.render.post import render_post

CATEGORIES = ["新闻", "科技", "最新"]


def invoke(data: Path, *args: str) -> click.testing.Result:
    return CliRunner().invoke(main, [*args, "--data", str(data)])


def files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo site crawled by the real crawler, as tests/e2e/test_crawl.py does."""
    data = tmp_path_factory.mktemp("crawl") / "data"
    with serve_site(default_site()) as server:
        result = newscrawl(
            "crawl", "mydrivers", "--entry", server.url("/rss.xml"), "--data", str(data),
            timeout=180,
        )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    return data


@pytest.mark.e2e
def test_exported_posts_are_the_crawls_posts_byte_for_byte(crawled: Path, tmp_path: Path) -> None:
    out = tmp_path / "blog" / "source" / "_posts"
    result = invoke(crawled, "export", "posts", "--out", str(out))
    assert result.exit_code == 0, result.output
    written = files(crawled / "posts")
    assert len(written) == 7
    assert files(out) == written
    again = invoke(crawled, "export", "posts", "--out", str(out))
    assert "0 written" in again.output  # unchanged posts are not rewritten


@pytest.mark.e2e
def test_show_by_id_and_url(crawled: Path) -> None:
    by_id = invoke(crawled, "show", "1")
    assert by_id.exit_code == 0, by_id.output
    url = next(
        line.split(": ", 1)[1] for line in by_id.output.splitlines() if line.startswith("url:")
    )
    by_url = invoke(crawled, "show", url)
    assert by_url.output == by_id.output
    assert "source_id: mydrivers" in by_id.output
    assert "categories: 新媒体, 快科技（原驱动之家）, 最新新闻" in by_id.output
    assert "<p" not in by_id.output.split("\n---\n", 1)[1]
    assert "<p" in invoke(crawled, "show", "1", "--html").output
    row = json.loads(invoke(crawled, "show", "1", "--json").output)
    assert row["id"] == 1
    assert row["url"] == url
    missing = invoke(crawled, "show", "https://nowhere.example/")
    assert missing.exit_code == 1
    assert "no article" in missing.output


@pytest.mark.e2e
def test_stats(crawled: Path) -> None:
    result = json.loads(invoke(crawled, "stats", "--json").output)
    assert result["articles"] == 7
    assert result["sources"] == {"mydrivers": 7}
    assert sum(result["days"].values()) == 7
    assert result["images"] == {"downloaded": 12, "failed": 1}
    table = invoke(crawled, "stats", "--days", "2")
    assert table.exit_code == 0
    assert "mydrivers" in table.output
    assert len(json.loads(invoke(crawled, "stats", "--json", "--days", "2").output)["days"]) <= 2


# --- archives made here ---------------------------------------------------------------------


def article(n: int, **fields: Any) -> Article:
    """A valid article with what an export must carry: two sources, quotes and braces to
    escape, lists, dates at midnight."""
    values: dict[str, Any] = {
        "source_id": "example" if n % 2 else "other",
        "title": f"第{n}篇: a title, with “quotes”",
        "body_html": f"<p>正文 {n} {{{{ braces }}}}</p>",
        "body_text": f"正文 {n}",
        "categories": CATEGORIES,
        "publisher": "Example",
        "authors": [f"Author {n}"],
        "tags": ["t"],
        "published": datetime(2024, 5, 1, tzinfo=UTC) + timedelta(days=n),
    }
    return valid_article(n, **(values | fields))


@pytest.fixture
def data(tmp_path: Path) -> Path:
    with Archive(tmp_path / "archive.db") as archive:
        for n in range(1, 7):
            archive.add(article(n), None)
        archive.add(article(7, published=None), None)
    return tmp_path


def test_posts_of_an_archive_without_post_paths(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "posts"
    assert invoke(data, "export", "posts", "--out", str(out)).exit_code == 0
    for n in range(1, 7):
        item = article(n)
        assert (out / post_relpath(item)).read_text(encoding="utf-8") == render_post(item)
    undated = (out / post_relpath(article(7))).read_text(encoding="utf-8")
    assert "date: Sat, 01 Jun 2024 00:00:00 GMT" in undated  # dated by its first archiving


def test_clashing_names_get_the_crawls_suffix(tmp_path: Path) -> None:
    with Archive(tmp_path / "archive.db") as archive:
        archive.add(article(1, title="Same"), None)
        archive.add(article(2, title="Same"), None)
        rows = list(archive.rows())
    paths = [path for path, _ in export_posts(rows, tmp_path / "out")]
    assert paths[0] == "新闻/科技/最新/Same.md"
    assert paths[1].startswith("新闻/科技/最新/Same ")
    assert paths[1].endswith(".md")


def test_jsonl(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "articles.jsonl"
    result = invoke(data, "export", "jsonl", "--out", str(out))
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == list(range(1, 8))
    assert rows[0]["authors"] == ["Author 1"]
    assert rows[0]["categories"] == CATEGORIES
    assert rows[0]["body_html"] == article(1).body_html
    assert rows[0]["published"] == "2024-05-02T00:00:00+00:00"


def test_csv_with_filters(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "articles.csv"
    args = ("export", "csv", "--out", str(out), "--source", "example", "--since", "2024-05-03")
    assert invoke(data, *args).exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [r["url"] for r in rows] == [f"https://news.example/{n}.htm" for n in (3, 5, 7)]
    assert json.loads(rows[0]["tags"]) == ["t"]


def test_jsonl_to_stdout(data: Path) -> None:
    result = invoke(data, "export", "jsonl", "--out", "-", "--author", "Author 2")
    [row] = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert row["url"] == "https://news.example/2.htm"


def test_warc_says_there_are_no_archived_responses(data: Path, tmp_path: Path) -> None:
    result = invoke(data, "export", "warc", "--out", str(tmp_path / "a.warc.gz"))
    assert result.exit_code == 1
    assert "no archived responses" in result.output
    assert not (tmp_path / "a.warc.gz").exists()


def test_no_archive(tmp_path: Path) -> None:
    for command in (["show", "1"], ["stats"], ["export", "csv", "--out", "x.csv"]):
        result = invoke(tmp_path / "none", *command)
        assert result.exit_code == 1
        assert "no archive" in result.output


def test_render_row_matches_render_post(data: Path) -> None:
    with Archive(data / "archive.db") as archive:
        row = archive.article("3")
    assert row is not None
    assert render_row(row) == render_post(article(3))


# --- streaming ------------------------------------------------------------------------------

BIG = 200_000  # characters of body_html per article


@pytest.fixture
def big(tmp_path: Path) -> Path:
    path = tmp_path / "big.db"
    with Archive(path, batch_size=50) as archive:
        for n in range(300):  # 60 MB of bodies: far more than the bound below
            archive.add(article(n, body_html="<p>" + "x" * BIG + f"{n}</p>"), None)
    return path


class Sink(io.StringIO):
    def __init__(self, source: Counting) -> None:
        super().__init__()
        self.source, self.lines, self.ahead = source, 0, 0

    def write(self, text: str) -> int:
        self.lines += 1
        self.ahead = max(self.ahead, self.source.read - self.lines)
        return len(text)  # kept nowhere: only memory held by the exporter counts


def test_export_streams_rows_in_bounded_memory(big: Path) -> None:
    with Archive(big) as archive:
        rows = Counting(archive.rows())
        sink = Sink(rows)
        tracemalloc.start()
        count = write_jsonl((article_record(r) for r in rows), sink)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert count == 300
    assert sink.ahead == 0  # each row is written before the next one is read
    assert peak < 20 * BIG  # a few rows at a time, never the 60 MB


def test_export_posts_streams(big: Path, tmp_path: Path) -> None:
    with Archive(big) as archive:
        tracemalloc.start()
        count = sum(1 for _ in export_posts(archive.rows(), tmp_path / "posts"))
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert count == 300
    assert peak < 20 * BIG

"""The command line: documented commands, offline extract, one-off fetch, clear errors."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from helpers import SOURCES, newscrawl

from newscrawl.cli import main
from newscrawl.demo.server import default_site, serve_site

FIXTURES = SOURCES / "mydrivers"
JSON_KEYS = {
    "url", "canonical_url", "title", "authors", "published", "updated", "language", "tags",
    "categories", "lead_image", "images", "body_html", "body_text",
}  # fmt: skip


def invoke(*args: str) -> click.testing.Result:
    return CliRunner().invoke(main, list(args))


@pytest.mark.parametrize("name", sorted(main.commands))  # type: ignore[attr-defined]
def test_every_command_has_help_an_example_and_data(name: str) -> None:
    result = invoke(name, "--help")
    assert result.exit_code == 0
    assert "Example:" in result.output, f"`newscrawl {name} --help` shows no example"
    assert "--data" in result.output


def test_extract_prints_json_for_plain_and_gzipped_pages_without_writing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    page = FIXTURES / "bat-chips.html"
    gz = tmp_path / "bat-chips.html.gz"
    gz.write_bytes(gzip.compress(page.read_bytes()))
    url = "https://news.mydrivers.com/1/767/767105.htm"
    result = invoke("extract", str(page), str(gz), "--url", url)
    assert result.exit_code == 0, result.output
    plain, zipped = (json.loads(line) for line in result.output.splitlines())
    assert plain == zipped
    assert set(plain) >= JSON_KEYS
    assert plain["title"] == "BAT为何纷纷下场“造芯”？"
    assert plain["published"] == "2021-07-18T18:56:44+00:00"
    assert list(tmp_path.iterdir()) == [gz]  # no data/ directory, nothing written


def test_render_refuses_a_page_without_date(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    page.write_text(
        '<html><body><div class="news_bt"><h1>标题</h1></div>'
        '<div class="news_info"><p>正文</p></div></body></html>',
        encoding="utf-8",
    )
    result = invoke("render", str(page), "--url", "https://news.mydrivers.com/1/1/1.htm")
    assert result.exit_code == 1
    assert "gives no date" in result.output


def test_unknown_source_is_a_clear_usage_error() -> None:
    result = invoke("crawl", "nosuchsource")
    assert result.exit_code == 2
    assert "unknown source 'nosuchsource'" in result.output
    assert "mydrivers" in result.output


def test_sources_lists_the_registry() -> None:
    table = invoke("sources")
    assert table.exit_code == 0
    assert "mydrivers" in table.output
    rows = [json.loads(line) for line in invoke("sources", "--json").output.splitlines()]
    mydrivers = next(r for r in rows if r["id"] == "mydrivers")
    assert mydrivers["feeds"] == ["http://rss.mydrivers.com/rss.aspx?Tid=1"]
    assert mydrivers["categories"] == ["新媒体", "快科技（原驱动之家）", "最新新闻"]


def test_search_errors_are_messages_not_tracebacks(tmp_path: Path) -> None:
    missing = invoke("search", "x", "--data", str(tmp_path / "none"))
    assert missing.exit_code == 1
    assert "no archive" in missing.output
    data = tmp_path / "data"
    with serve_site(default_site()) as server:
        url = server.url("/1/767/767105.htm")
        fetched = newscrawl("fetch", url, "--source", "mydrivers", "--data", str(data))
    assert fetched.returncode == 0, fetched.stderr[-2000:]
    assert "archived   1 (new 1" in fetched.stdout
    found = invoke("search", "腾讯招聘", "--jsonl", "--data", str(data))
    assert found.exit_code == 0, found.output
    hit = json.loads(found.output.splitlines()[0])
    assert hit["url"] == url  # the demo pages' canonical links point at the local site
    assert "[" in hit["snippet"]
    broken = invoke("search", 'NEAR(("unclosed', "--data", str(data))
    assert broken.exit_code == 1
    assert "Traceback" not in broken.output
    assert "Error" in broken.output


@pytest.mark.parametrize("verbose", [False, True])
@pytest.mark.parametrize("how", ["demo", "crawl ID"])
def test_a_crawl_prints_its_summary_once_and_scrapy_chatter_only_when_asked(
    tmp_path: Path, verbose: bool, how: str
) -> None:
    """Both ways in: `demo` (and a URL: one spider) and `crawl ID...`, the scheduled one."""
    with serve_site(default_site()) as server:
        args = (
            ["demo"] if how == "demo" else ["crawl", "mydrivers", "--entry", server.url("/rss.xml")]
        )
        done = newscrawl(*(["-v"] if verbose else []), *args, "--data", str(tmp_path / "data"))
    assert done.returncode == 0, done.stderr[-2000:]
    output = done.stdout + done.stderr
    assert output.count("crawl finished in") == 1
    assert "archived   7 (new 7, updated 0)" in done.stdout
    assert ("Enabled extensions" in output) is verbose
    assert ("Dumping Scrapy stats" in output) is verbose
    assert "Telnet" not in output
    assert "RemoteControl" not in output  # Scrapy 2.19's run-this-code HTTP server: off
    assert "WARNING: Disabled" not in output  # components off by design say nothing

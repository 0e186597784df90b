"""NEWSCRAWL_DEFAULT_CATEGORIES: the post categories of pages no source declares."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from helpers import newscrawl

from newscrawl import settings, sources
from newscrawl.demo.server import default_site, serve_site


def test_the_setting_defaults_to_the_registry_default() -> None:
    assert tuple(settings.NEWSCRAWL_DEFAULT_CATEGORIES) == sources.DEFAULT_CATEGORIES
    assert sources.generic("https://example.org/a").categories == ("网页", "example.org", "文章")


def test_a_template_names_the_site() -> None:
    source = sources.generic("https://www.example.org/a", ("News", "{site}", "Articles"))
    assert source.categories == ("News", "example.org", "Articles")
    assert sources.default_categories([" Web ", "Sites: {site}", "x"], "a.example") == (
        "Web", "Sites: a.example", "x",
    )  # fmt: skip


@pytest.mark.parametrize("template", [(), ("News", "{site}"), ("News", "", "x"), ("a",) * 4])
def test_a_bad_template_says_what_is_expected(template: tuple[str, ...]) -> None:
    with pytest.raises(sources.SourceError, match="three non-empty levels"):
        sources.generic("https://example.org/a", template)


@pytest.mark.e2e
def test_an_ad_hoc_crawl_files_posts_under_the_setting(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with serve_site(default_site()) as server:
        url = server.url("/1/767/767105.htm")
        assert sources.for_url(url) is None
        crawled = newscrawl(
            "crawl",
            url,
            "--data",
            str(data),
            "--set",
            "NEWSCRAWL_DEFAULT_CATEGORIES=News,{site},Web",
        )
    assert crawled.returncode == 0, crawled.stderr[-2000:]
    with closing(sqlite3.connect(data / "archive.db")) as db:
        (categories,) = db.execute("select categories from articles").fetchone()
    assert json.loads(categories) == ["News", "127.0.0.1", "Web"]
    assert (data / "posts" / "News" / "127.0.0.1" / "Web").is_dir()


@pytest.mark.e2e
def test_a_bad_setting_stops_the_crawl_with_its_reason(tmp_path: Path) -> None:
    with serve_site(default_site()) as server:
        crawled = newscrawl(
            "crawl", server.url("/1/767/767105.htm"), "--data", str(tmp_path / "data"),
            "--set", "NEWSCRAWL_DEFAULT_CATEGORIES=News,{site}",
        )  # fmt: skip
    assert crawled.returncode != 0
    assert "NEWSCRAWL_DEFAULT_CATEGORIES must be three non-empty levels" in crawled.stderr

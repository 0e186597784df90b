"""User source files (`newscrawl crawl https://some.site/` writes them, crawls read them): TOML
that round-trips, ids from the site's host, and clear errors for a bad file."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from newscrawl.sources.base import SourceError
from newscrawl.sources.userfile import (
    discovered_source,
    read_source,
    source_id_for,
    source_toml,
    write_source,
)


def test_user_source_file_round_trip(tmp_path: Path) -> None:
    source = discovered_source(
        "https://www.example.co.uk/news/",
        {"feed https://www.example.co.uk/rss": 12, "sitemap https://www.example.co.uk/s.xml": 3,
         "listing https://www.example.co.uk/news/": 0},
        'Example "Daily"\x7f', "en-GB", crawl_settings={"DOWNLOAD_DELAY": 2.5},
    )  # fmt: skip
    assert source.id == "example_co_uk"
    assert source.listings == ()  # it gave no article links
    path = write_source(source, tmp_path, "found by a test")
    assert path.name == "example_co_uk.toml"
    tomllib.loads(path.read_text(encoding="utf-8"))  # valid TOML
    assert read_source(path) == source
    assert source_toml(source, "x").startswith("# x\nid = ")


@pytest.mark.parametrize(
    ("url", "source_id"),
    [
        ("https://www.example.com/", "example_com"),
        ("http://127.0.0.1:8000/", "site_127_0_0_1"),
        ("https://news.sina.com.cn/c/x", "news_sina_com_cn"),
    ],
)
def test_source_id_for(url: str, source_id: str) -> None:
    assert source_id_for(url) == source_id


GOOD = 'name = "n"\ndomains = ["h.example"]\ncategories = ["a","b","c"]\nauthor = "a"\n'


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ('id = "other"\n' + GOOD, "the file must be"),
        ('id = "bad"\nname = "n"\n', "missing"),
        ('id = "bad"\nwhat = 1\n', "unknown keys"),
        ("id = ", "bad.toml"),
        ('id = "bad"\n' + GOOD + "crawl_settings = { ITEM_PIPELINES = 1 }\n",
         "crawl_settings cannot set"),
    ],
)  # fmt: skip
def test_bad_user_source_files_are_refused(tmp_path: Path, text: str, error: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SourceError, match=error):
        read_source(path)

"""The tag index (archive/tags.py) and the tag pages it serves (web/listing.py): exactly a tag's
articles, newest first, a page at a time; kept up to date by the writer's upserts, back-filled
in an archive made before it, and read through its keys. Real SQLite files."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from helpers import PUBLISHED, article

import newscrawl.archive.schema
from newscrawl.archive.schema import MIGRATIONS
from newscrawl.archive.search import Filters
from newscrawl.archive.store import Archive
from newscrawl.items import Article
from newscrawl.web.listing import PAGE_SIZE, newest

N = 130
RARE = {3: "Rare", 50: "rare", 77: "RARE", 129: "Rare"}
UNDATED = {6, 9, 10}
HAS_INDEX = "select 1 from sqlite_master where name = 'article_tags'"


def tags_of(n: int) -> list[str]:
    tags = ["common"] if n % 3 == 0 else []
    tags += [RARE[n]] if n in RARE else []
    return tags + (["odd"] if n % 2 else [])


def articles() -> list[Article]:
    # Published out of insertion order, with ties (n and n + 65 share a day): the order is
    # the date's, then the later archived first.
    return [
        article(n, tags=tags_of(n), published=None if n in UNDATED else PUBLISHED.replace(
            day=1 + (n * 7) % 28, hour=(n % 65) % 24))
        for n in range(1, N + 1)
    ]  # fmt: skip


def build(path: Path, items: list[Article]) -> Path:
    with Archive(path) as archive:
        for item in items:
            archive.add(item, None)
    return path


def expected(items: list[Article], tag: str) -> list[str]:
    """The URLs of `tag`'s articles, newest first (undated last), ties later-archived first."""
    tagged = [(n, a) for n, a in enumerate(items) if tag.lower() in map(str.lower, a.tags)]
    tagged.sort(key=lambda na: (na[1].published is not None, na[1].published, na[0]))
    return [a.url for _, a in reversed(tagged)]


def tag_pages(path: Path, tag: str) -> list[list[str]]:
    """Every page of the tag's listing, as the reader serves them (read-only)."""
    pages = []
    with closing(sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)) as conn:
        while True:
            page = newest(conn, Filters(tag=tag), len(pages) + 1)
            pages.append([card.url for card in page.cards])
            if not page.more:
                return pages


@pytest.fixture(scope="module")
def tagged(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("tags") / "archive.db", articles())


@pytest.mark.parametrize("tag", ["Rare", "rare", "common", "odd", "absent"])
def test_a_tag_page_lists_exactly_its_articles_newest_first(tagged: Path, tag: str) -> None:
    pages = tag_pages(tagged, tag)
    want = expected(articles(), tag)
    assert [url for page in pages for url in page] == want
    assert [len(page) for page in pages[:-1]] == [PAGE_SIZE] * (len(pages) - 1)
    assert len(pages) == max(1, -(-len(want) // PAGE_SIZE))


def without_index(path: Path, copy: Path) -> Path:
    with closing(sqlite3.connect(path)) as source, closing(sqlite3.connect(copy)) as target:
        source.backup(target)
        target.execute("drop table article_tags")
    return copy


@pytest.mark.parametrize("tag", ["rare", "common"])
def test_an_archive_without_the_index_lists_the_same(
    tagged: Path, tmp_path: Path, tag: str
) -> None:
    # A read-only server of an archive no crawl has migrated yet reads the tags column.
    assert tag_pages(without_index(tagged, tmp_path / "old.db"), tag) == tag_pages(tagged, tag)


def test_the_index_follows_the_writers_upserts(tmp_path: Path) -> None:
    items = articles()[:10]
    path = build(tmp_path / "archive.db", items)
    # Revised (a new title): an unchanged article is not written again.
    moved = article(3, title="3, revised", tags=["Later"], published=PUBLISHED.replace(year=2030))
    undated = article(4, title="4, revised", tags=["odd", "common"], published=None)
    with Archive(path) as archive:
        archive.add(moved, None)
        archive.add(undated, None)
    items[2], items[3] = moved, undated
    for tag in ("rare", "common", "odd", "later"):
        assert [url for page in tag_pages(path, tag) for url in page] == expected(items, tag)
    assert tag_pages(path, "rare") == [[]]


def test_an_archive_made_before_the_index_is_back_filled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(newscrawl.archive.schema, "MIGRATIONS", MIGRATIONS[:-1])
    path = build(tmp_path / "archive.db", articles())
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute(HAS_INDEX).fetchone() is None
    monkeypatch.undo()
    Archive(path).close()  # migrates
    for tag in ("Rare", "common", "odd"):
        assert [url for page in tag_pages(path, tag) for url in page] == expected(articles(), tag)


def test_a_tag_page_reads_the_index_not_every_article(tagged: Path) -> None:
    statements: list[str] = []
    with closing(sqlite3.connect(tagged)) as conn:
        conn.set_trace_callback(statements.append)
        newest(conn, Filters(tag="rare"), 1)
        conn.set_trace_callback(None)
        listing = next(s for s in statements if "article_tags" in s and "limit" in s)
        plan = " / ".join(row[3] for row in conn.execute("explain query plan " + listing))
    assert "SEARCH t USING PRIMARY KEY (tag=?)" in plan, plan
    assert "SCAN a" not in plan, plan

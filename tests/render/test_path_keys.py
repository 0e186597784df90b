"""No two articles share a post file: paths are compared by `path_key` (case-folded and
NFC-normalized, the identity on NTFS/APFS/HFS+), clashes get the article's key-hash suffix, and a
crafted title that spells another article's suffixed name cannot take its place."""

from __future__ import annotations

import sqlite3
import unicodedata
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st
from name_cases import FoldedArchive, article, check_safe, hostile_titles

from newscrawl.archive.store import Archive
from newscrawl.pipelines.export import export
from newscrawl.render.names import key_hash, path_key


@pytest.mark.parametrize(
    ("one", "two"),
    [
        ("新媒体/x/y/News.md", "新媒体/x/y/news.md"),
        ("a/b/c/Café.md", "a/b/c/Cafe\u0301.md"),
        ("a/b/c/CAFÉ.md", "a/b/c/cafe\u0301.md"),
        ("A/B/C/x.md", "a/b/c/X.md"),
        ("a/b/c/straße.md", "a/b/c/STRASSE.md"),
        ("a/b/c/ı.md", "a/b/c/i.md"),
        ("a/b/c/\u212a.md", "a/b/c/k.md"),
        ("a/b/c/ΣΊΣΥΦΟΣ.md", "a/b/c/σίσυφος.md"),
    ],
)
def test_path_key_joins_what_file_systems_join(one: str, two: str) -> None:
    assert one != two
    assert path_key(one) == path_key(two)


@pytest.mark.parametrize(
    ("one", "two"),
    [("a/b/c/x.md", "a/b/c/y.md"), ("a/b/c/Ａ.md", "a/b/c/A.md"), ("a/b/cx.md", "a/bc/x.md")],
)
def test_path_key_keeps_apart_what_differs(one: str, two: str) -> None:
    assert path_key(one) != path_key(two)


def test_case_and_normalization_clashes_get_suffixes() -> None:
    archive = FoldedArchive()
    titles = ["News", "news", "NEWS", "Café", "Cafe\u0301", "CAFE\u0301", "straße", "STRASSE"]
    paths = [archive.export(article(title=t, url=f"https://s/{i}")) for i, t in enumerate(titles)]
    assert len({path_key(p) for p in paths}) == len(titles)
    assert paths[0].endswith("/News.md")
    assert paths[1].endswith(f"/news {key_hash(article(url='https://s/1'))}.md")
    # re-exporting is stable: each article keeps its own path
    again = [archive.export(article(title=t, url=f"https://s/{i}")) for i, t in enumerate(titles)]
    assert again == paths


def test_a_title_spelling_another_articles_suffixed_name_cannot_take_its_place() -> None:
    archive = FoldedArchive()
    victim, first = (
        article(title="Same", url="https://s/victim"),
        article(title="Same", url="https://s/1"),
    )
    squatter = article(title=f"Same {key_hash(victim)}", url="https://s/squatter")
    squat2 = article(title=f"Same {key_hash(victim)}-2", url="https://s/squatter2")
    paths = [archive.export(a) for a in (squatter, squat2, first, victim)]
    assert len({path_key(p) for p in paths}) == 4
    assert paths[3].endswith(f"/Same {key_hash(victim)}-3.md")


@settings(max_examples=200, deadline=None)
@given(titles=st.lists(hostile_titles, min_size=2, max_size=12))
def test_no_two_articles_share_a_file(titles: list[str]) -> None:
    archive = FoldedArchive()
    # each title twice, the second time in another case and normalization form
    variants = [*titles, *(unicodedata.normalize("NFD", t).swapcase() for t in titles)]
    paths = [archive.export(article(title=t, url=f"https://s/{i}")) for i, t in enumerate(variants)]
    suffixed = sum(f" {key_hash(article(url=f'https://s/{i}'))}" in p for i, p in enumerate(paths))
    event(f"clashes resolved by a suffix: {'some' if suffixed else 'none'}")
    assert len({path_key(p) for p in paths}) == len(paths)
    for path in paths:
        check_safe(path)


def test_the_archive_sees_case_clashes(tmp_path: Path) -> None:
    with Archive(tmp_path / "a.db") as archive:
        for n, title in enumerate(["News", "news", "Cafe\u0301", "Café"]):
            a = article(title=title, url=f"https://s/{n}", body_html=f"<p>{n}</p>", publisher="P",
                        published=datetime(2021, 7, 18, tzinfo=UTC))  # fmt: skip
            export(a, archive, tmp_path / "posts")
    paths = [str(p.relative_to(tmp_path / "posts")) for p in (tmp_path / "posts").rglob("*.md")]
    assert len({path_key(p) for p in paths}) == 4


def test_an_older_archive_gets_its_post_keys(tmp_path: Path) -> None:
    """add_post_key backfills archives written before it: their owners are found by path_key."""
    with Archive(tmp_path / "a.db") as archive:
        archive.add(article(title="News", url="https://s/1", body_html="<p>1</p>"), "a/b/c/News.md")
    # Back to the schema before the migration (the row keeps its post_path).
    with sqlite3.connect(tmp_path / "a.db") as conn:
        conn.execute("drop index idx_articles_post_key")
        conn.execute("alter table articles drop column post_key")
        conn.execute("delete from _migrations where name = 'add_post_key'")
    with Archive(tmp_path / "a.db") as archive:
        assert archive.post_owner("a/b/c/NEWS.md") == "https://s/1"
        assert archive.post_owner("a/b/c/Other.md") is None

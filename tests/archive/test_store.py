"""The Archive's decisions and reads: new, updated or unchanged; first seen; image rows; who
owns a post path; counts and stats; on real SQLite files."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from helpers import FETCHED, Committed, article

from newscrawl.archive.store import Archive
from newscrawl.items import ImageResult

# --- upserts --------------------------------------------------------------------------------


def test_add_then_same_content_is_unchanged_and_not_rewritten(path: Path) -> None:
    first = article()
    with Archive(path) as archive:
        assert archive.add(first, "posts/1.md") == "new"
    later = article(fetched_at=FETCHED + timedelta(days=1))
    with Archive(path) as archive:
        assert archive.add(later, "posts/1.md") == "unchanged"
        assert archive.count() == 1
        row = archive.db.table("articles").get(first.key)
    assert row["fetched_at"] == FETCHED.isoformat()


def test_updated_content_changes_row_keeps_first_seen(path: Path) -> None:
    first = article()
    with Archive(path) as archive:
        archive.add(first, "posts/1.md")
        seen = archive.get_first_seen(first.key)
    update = article(body_html="<p>New</p>", fetched_at=FETCHED + timedelta(hours=1))
    with Archive(path) as archive:
        assert archive.add(update, "posts/1.md") == "updated"
        archive.flush()
        row = archive.db.table("articles").get(first.key)
        assert archive.get_first_seen(first.key) == seen
        assert archive.count() == 1
        revisions = list(archive.db.table("revisions").rows)
    assert row["body_html"] == "<p>New</p>"
    assert row["fetched_at"] == (FETCHED + timedelta(hours=1)).isoformat()
    assert [(r["body_html"], r["archived_at"]) for r in revisions] == [
        (first.body_html, FETCHED.isoformat())
    ]


def test_same_key_twice_in_one_batch_counts_once(path: Path, committed: Committed) -> None:
    with Archive(path, batch_size=10) as archive:
        first = article()
        assert archive.add(first, None) == "new"
        assert archive.add(first, None) == "unchanged"
        assert archive.add(article(title="Retitled"), None) == "updated"
        assert committed(path) == 0
        assert archive.count() == 1
        assert archive.db.table("articles").get(first.key)["title"] == "Retitled"


def test_unknown_key(archive: Archive) -> None:
    assert not archive.known("https://nowhere.example/")
    assert archive.get_first_seen("https://nowhere.example/") is None
    assert archive.post_path("https://nowhere.example/") is None


def test_known_and_first_seen_see_pending_articles(archive: Archive) -> None:
    archive.add(article(), "posts/1.md")
    assert archive.known(article().key)
    assert archive.post_path(article().key) == "posts/1.md"
    # first seen is when the article was first fetched (a date-less post is dated by it)
    assert archive.get_first_seen(article().key) == article().fetched_at
    unfetched = article(2, fetched_at=None)
    before = datetime.now(UTC)
    archive.add(unfetched, None)
    first_seen = archive.get_first_seen(unfetched.key)
    assert first_seen is not None
    assert before <= first_seen <= datetime.now(UTC)


def test_naive_datetime_is_refused(archive: Archive) -> None:
    with pytest.raises(ValueError, match="naive"):
        archive.add(article(published=datetime(2024, 5, 1)), None)
    assert not archive.known(article().key)


# --- reads ----------------------------------------------------------------------------------


def test_article_by_id_canonical_or_fetched_url(archive: Archive) -> None:
    item = article(url="https://news.example/1.htm?utm=x", canonical_url="https://news.example/1")
    archive.add(article(2), None)
    archive.add(item, None)
    by_url = archive.article(item.key)
    assert by_url is not None
    assert (by_url["id"], by_url["title"]) == (2, item.title)
    assert archive.article(item.url) == by_url
    assert archive.article("2") == by_url
    assert archive.article("3") is None
    assert archive.article("https://news.example/none") is None


def test_rows_and_count_rows(archive: Archive) -> None:
    for n in (1, 2, 3):
        archive.add(article(n), None)
    assert [row["url"] for row in archive.rows()] == [article(n).key for n in (1, 2, 3)]
    assert archive.count_rows() == 3


# --- images ---------------------------------------------------------------------------------

IMAGES = [
    ImageResult("https://i.example/1.jpg", "downloaded", "full/1.jpg", "c1"),
    ImageResult("https://i.example/2.jpg", "uptodate", "full/2.jpg", "c2"),
    ImageResult("https://i.example/3.jpg", "failed", error="404"),
]


def test_image_rows_and_summary(archive: Archive) -> None:
    item = article(image_results=IMAGES)
    archive.add(item, None)
    assert archive.images_summary() == {"downloaded": 1, "uptodate": 1, "failed": 1}
    rows = list(archive.db.table("images").rows_where(order_by="position"))
    assert [(r["position"], r["status"], r["error"]) for r in rows] == [
        (0, "downloaded", None),
        (1, "uptodate", None),
        (2, "failed", "404"),
    ]
    assert {r["article_url"] for r in rows} == {item.key}


def test_updated_article_replaces_its_image_rows(archive: Archive) -> None:
    archive.add(article(image_results=IMAGES), None)
    archive.flush()
    retried = [ImageResult("https://i.example/3.jpg", "downloaded", "full/3.jpg", "c3")]
    archive.add(article(title="New title", image_results=retried), None)
    assert archive.images_summary() == {"downloaded": 1}


def image_statuses(archive: Archive) -> list[tuple[str, str, str | None]]:
    rows = archive.db.table("images").rows_where(order_by="position")
    return [(r["url"].rsplit("/", 1)[1], r["status"], r["path"]) for r in rows]


@pytest.mark.parametrize("batch_size", [1, 100])
def test_an_unchanged_article_records_an_image_that_now_downloaded(
    path: Path, batch_size: int
) -> None:
    """A revisit that finds the same article but gets an image which failed last time: the
    file is in the store now, so its row says so (and a second same visit changes nothing)."""
    with Archive(path, batch_size) as archive:
        assert archive.add(article(image_results=IMAGES), None) == "new"
    retried = [IMAGES[0], IMAGES[1], ImageResult(IMAGES[2].url, "downloaded", "full/3.jpg", "c3")]
    with Archive(path, batch_size) as archive:
        assert archive.add(article(image_results=retried), None) == "unchanged"
    with Archive(path, batch_size) as archive:
        assert image_statuses(archive) == [
            ("1.jpg", "downloaded", "full/1.jpg"),
            ("2.jpg", "uptodate", "full/2.jpg"),
            ("3.jpg", "downloaded", "full/3.jpg"),
        ]
        assert archive.add(article(image_results=retried), None) == "unchanged"
        assert not archive.writer.pending.images  # nothing new to write


def test_a_failure_or_uptodate_does_not_replace_a_stored_file(archive: Archive) -> None:
    """The site drops an image the archive already has: the row keeps its file; Scrapy's
    "uptodate" for a stored file keeps the "downloaded" row; positions follow the new version."""
    archive.add(article(image_results=IMAGES), None)
    archive.flush()
    later = [
        ImageResult("https://i.example/new.jpg", "downloaded", "full/new.jpg", "c9"),
        ImageResult(IMAGES[0].url, "failed", error="http_404"),
        ImageResult(IMAGES[1].url, "uptodate", "full/2.jpg", "c2"),
    ]
    assert archive.add(article(title="Edited", image_results=later), None) == "updated"
    archive.flush()
    assert image_statuses(archive) == [
        ("new.jpg", "downloaded", "full/new.jpg"),
        ("1.jpg", "downloaded", "full/1.jpg"),
        ("2.jpg", "uptodate", "full/2.jpg"),
    ]


# --- post paths -----------------------------------------------------------------------------


def test_post_owner(archive: Archive) -> None:
    archive.add(article(1), "posts/one.md")
    assert archive.post_owner("posts/one.md") == article(1).key  # pending
    assert archive.post_owner("posts/ONE.md") == article(1).key  # one file on macOS
    archive.flush()
    assert archive.post_owner("posts/one.md") == article(1).key  # stored
    assert archive.post_owner("posts/other.md") is None


def test_post_owner_after_a_pending_move(archive: Archive) -> None:
    archive.add(article(1), "posts/old.md")
    archive.flush()
    archive.add(article(1, title="Moved"), "posts/new.md")
    assert archive.post_owner("posts/old.md") is None
    assert archive.post_owner("posts/new.md") == article(1).key


# --- stats ----------------------------------------------------------------------------------


def test_stats_count_days_by_published_else_first_seen(path: Path) -> None:
    with Archive(path) as archive:
        for n, day in enumerate([3, 3, 1, 5], start=1):
            archive.add(article(n, published=datetime(2024, 5, day, 12, tzinfo=UTC)), None)
        # undated: counted on the day they were first archived (FETCHED)
        archive.add(article(5, published=None), None)
        archive.add(article(6, published=None, source_id="other"), None)
        counts = archive.stats()
    assert counts["days"] == [
        (FETCHED.date().isoformat(), 2),
        ("2024-05-05", 1),
        ("2024-05-03", 2),
        ("2024-05-01", 1),
    ]
    assert counts["sources"] == [("example", 5), ("other", 1)]


def test_prefetched_lookups_answer_as_one_by_one_lookups(archive: Archive) -> None:
    """A batch's stored rows and post owners read at once (the ingest) answer exactly as the
    lookups one by one: stored, buffered (which comes first) and unknown articles alike."""
    stored, buffered = article(1), article(2)
    archive.add(stored, "posts/One.md")
    archive.flush()
    keys = [stored.key, buffered.key, "https://nowhere.example/"]
    paths = ["posts/one.md", "posts/2.md", "posts/none.md"]  # by path_key: "One" is "one"

    def answers() -> list[object]:
        return [
            *((archive.known(k), archive.get_first_seen(k), archive.post_path(k)) for k in keys),
            *(archive.post_owner(p) for p in paths),
        ]

    archive.add(buffered, "posts/2.md")
    expected = answers()
    queries: list[str] = []
    with archive.prefetched(keys, paths):
        archive.db.conn.set_trace_callback(queries.append)
        assert answers() == expected
        archive.db.conn.set_trace_callback(None)
    assert not [q for q in queries if "from articles" in q]  # all answered from the prefetch
    assert expected[0] == (True, stored.fetched_at, "posts/One.md")
    assert expected[3:] == [stored.key, buffered.key, None]

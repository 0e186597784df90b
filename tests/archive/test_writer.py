"""The batch writer: a batch in one transaction of a fixed number of statements, written
behind by the writer thread, kept when it fails; rows stored exactly as given; on real files."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from datetime import timedelta
from itertools import groupby
from pathlib import Path
from typing import Any

import pytest
from helpers import FETCHED, Committed, article

from newscrawl.archive import statements
from newscrawl.archive.rows import article_row
from newscrawl.archive.store import Archive
from newscrawl.archive.visits import passed_over_rows, visit_rows
from newscrawl.archive.writer import Batch, checked_visit
from newscrawl.items import ImageResult

REFUSE_IMAGES = "create trigger refuse before insert on images begin select raise(abort, 'no'); end"


def run_sql(path: Path, sql: str) -> None:
    """Change the schema from another connection, as another process could."""
    with closing(sqlite3.connect(path)) as other:
        other.execute(sql)


def test_batch_is_written_in_one_flush(path: Path, committed: Committed) -> None:
    with Archive(path, batch_size=10) as archive:
        for n in range(3):
            archive.add(article(n), None)
        assert committed(path) == 0
        archive.flush()
        assert committed(path) == 3


def test_batch_size_triggers_flush(path: Path, committed: Committed) -> None:
    with Archive(path, batch_size=2, background=False) as archive:
        archive.add(article(1), None)
        assert committed(path) == 0
        archive.add(article(2), None)
        assert committed(path) == 2


def test_a_batch_is_a_fixed_number_of_statements(tmp_path: Path, committed: Committed) -> None:
    """Each table's rows go in one statement: a batch of new articles runs as many
    statements for 50 articles as for 3 (one per row would hand the GIL to the caller's
    thread and back at every row; see write_batch)."""

    def statements_of(n: int) -> list[str]:
        run: list[str] = []
        with Archive(tmp_path / f"{n}.db", batch_size=1000, background=False) as archive:
            for i in range(n):
                image = ImageResult(f"https://img.example/{i}.jpg", "downloaded", f"{i}.jpg")
                item = article(i, image_results=[image])
                archive.add(item, f"posts/{i}.md", visit_rows(item, None))
            archive.pass_over(
                passed_over_rows([f"https://news.example/tag/{n}"], "example", "skipped")
            )
            archive.db.conn.set_trace_callback(run.append)
            archive.flush()
            archive.db.conn.set_trace_callback(None)
            assert archive.count() == n
            assert committed(archive.path, "images") == n
            assert committed(archive.path, "visits") == n + 1
        # The index's own statements ("-- ..." in a trace) grow with its data: not ours. A
        # statement is traced again at each trigger it runs (the tag index's): one run of it.
        return [sql for sql, _ in groupby(run) if not sql.startswith("--")]

    few, many = statements_of(3), statements_of(50)
    assert len(few) == len(many)
    assert sum("json_each" in sql for sql in many) >= 4  # articles, index, images, visits


@pytest.mark.parametrize(
    ("visit", "error"),
    [
        ({"url": "https://news.example/1.htm", "article_url": None}, "lacks source_id"),
        (
            {"url": "https://news.example/1.htm", "article_url": None, "source_id": "example"}
            | {"first_seen": FETCHED, "last_visit": None, "next_visit": None},
            "not JSON serializable",
        ),
    ],
)
def test_a_bad_visits_row_is_refused_with_its_article(
    path: Path, committed: Committed, visit: dict[str, Any], error: str
) -> None:
    """Refused by `add` and `pass_over`, before anything is buffered: in a batch, the row
    would fail it again at every flush, and nothing after it could be written."""
    with Archive(path, batch_size=2) as archive:
        with pytest.raises((ValueError, TypeError), match=error):
            archive.add(article(1), None, [visit])
        with pytest.raises((ValueError, TypeError), match=error):
            archive.pass_over([visit])
        assert archive.add(article(2), None, visit_rows(article(2), None)) == "new"
        assert not archive.known(article(1).key)
    assert committed(path) == 1
    assert committed(path, "visits") == 1


def test_a_batch_too_big_for_one_statement_goes_in_several(
    path: Path, committed: Committed, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite refuses a text over 1e9 bytes: a batch of huge pages is cut into JSON arrays
    under a size limit (here shrunk to a few rows), in order, none lost."""
    monkeypatch.setattr(statements, "MAX_ARRAY_BYTES", 600)
    items = [article(i, body_text=f"Body {i} " + "long text " * 30) for i in range(7)]
    run: list[str] = []
    with Archive(path, background=False) as archive:
        for item in items:
            archive.add(item, None, visit_rows(item, None))
        archive.db.conn.set_trace_callback(run.append)
        archive.flush()
        archive.db.conn.set_trace_callback(None)
        assert archive.count() == 7
        assert committed(path, "visits") == 7
        assert len(archive.search("long text", limit=10)) == 7
        assert [hit.url for hit in archive.search("Body 5")] == [items[5].key]
        rows = archive.db.execute("select url, body_text from articles order by rowid")
        assert rows.fetchall() == [(i.key, i.body_text) for i in items]
    assert sum(sql.startswith("insert into articles (") for sql in run) > 1
    assert sum(sql.startswith("insert into articles_search") for sql in run) > 1


@pytest.mark.parametrize(
    ("sizes", "arrays"), [([], 0), ([1], 1), ([1, 1, 1], 1), ([40, 1, 1], 2), ([1, 60, 1], 3)]
)
def test_json_arrays_keep_every_item_in_order(
    sizes: list[int], arrays: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Items (encoded rows) are cut into arrays under the limit, one too big for it alone."""
    monkeypatch.setattr(statements, "MAX_ARRAY_BYTES", 50)
    items = [statements.encode([n, "x" * size]) for n, size in enumerate(sizes)]
    cut = list(statements.json_arrays(items))
    assert [row for array in cut for row in json.loads(array)] == [json.loads(i) for i in items]
    assert len(cut) == arrays
    assert all(len(array) <= 52 or len(json.loads(array)) == 1 for array in cut)


@pytest.mark.parametrize(
    "text",
    [
        "quotes \" ' \\ and a backslash \\n, a tab\t and a newline\n",
        "NUL \x00 inside, \u2028 and \u2029, emoji 🎉, 显卡驱动, combining é",
        "a NUL's escape spelled out: \\u0000, and a NUL \x00 beside it",
        "null",
        "0123",
        "true",
        '["looks", "like", "json"]',
    ],
)
def test_values_are_stored_exactly_as_given(archive: Archive, text: str) -> None:
    """The batch statement carries rows as JSON: every value comes out as the text it was,
    never a number, boolean or null parsed from it, nor cut at a NUL (stored as U+FFFD,
    as HTML parsers read it; the index holds the same text, so an update unindexes it)."""
    item = article(
        title=text,
        body_text=text * 50 + " zebrafinch",
        body_html=f"<p>{text}</p>",
        authors=[text],
        extra={"editor": text},
        lead_image=text,
    )
    archive.add(item, f"posts/{text}.md", visit_rows(item, None))
    archive.flush()
    row = archive.db.table("articles").get(item.key)
    expected = article_row(item, f"posts/{text}.md")
    expected = {
        k: v.replace("\x00", "\ufffd") if isinstance(v, str) else v for k, v in expected.items()
    }
    assert {key: row[key] for key in expected} == expected
    assert [hit.url for hit in archive.search("zebrafinch")] == [item.key]
    archive.add(article(1, title="Rewritten", body_text="kingfisher"), None)
    archive.flush()
    assert archive.search("zebrafinch") == []
    assert [hit.url for hit in archive.search("kingfisher")] == [item.key]


def test_a_full_batch_is_written_behind_and_stays_visible_to_lookups(
    path: Path, committed: Committed
) -> None:
    with Archive(path, batch_size=2) as archive:
        archive.add(article(1), "posts/1.md")
        archive.add(article(2), "posts/2.md")  # the batch is now written by the worker
        assert archive.known(article(1).key)
        assert archive.post_owner("posts/2.md") == article(2).key
        assert archive.add(article(2), "posts/2.md") == "unchanged"
        archive.add(article(2, title="Moved"), "posts/moved.md")
        assert archive.post_owner("posts/2.md") is None  # the in-flight path is stale
        archive.add(article(3), None)
        archive.add(article(4), None)  # waits for the first batch, sends the second
        archive.flush()
        assert committed(path) == 4
        assert archive.db.table("articles").get(article(2).key)["title"] == "Moved"
        assert [hit.url for hit in archive.search("Moved")] == [article(2).key]


def test_a_failed_batch_written_behind_is_kept_and_its_error_raised(
    path: Path, committed: Committed
) -> None:
    archive = Archive(path, batch_size=2)
    run_sql(path, REFUSE_IMAGES)
    failing = [ImageResult("https://i.example/1.jpg", "failed")]
    archive.add(article(1, image_results=failing), None)
    archive.add(article(2), None)
    with pytest.raises(sqlite3.IntegrityError):
        archive.flush()
    assert committed(path) == 0
    assert archive.known(article(1).key)
    run_sql(path, "drop trigger refuse")
    archive.close()
    assert committed(path) == 2
    assert committed(path, "images") == 1


def test_failed_flush_writes_nothing_and_keeps_the_batch(path: Path, committed: Committed) -> None:
    with Archive(path, batch_size=10) as archive:
        archive.add(article(1), None)
        archive.add(
            article(2, image_results=[ImageResult("https://i.example/1.jpg", "failed")]), None
        )
        run_sql(path, REFUSE_IMAGES)  # makes the batch's last statement (image rows) fail
        with pytest.raises(sqlite3.IntegrityError):
            archive.flush()
        assert committed(path) == 0
        run_sql(path, "drop trigger refuse")
    assert committed(path) == 2
    assert committed(path, "images") == 1


def test_a_failed_batch_goes_back_under_the_newer_rows() -> None:
    """Batch.then: what a failed batch held is written with the next one, the newer version
    of an article (or visit, or images) winning, revisions and responses in order."""
    older, newer = Batch(), Batch()
    visit = visit_rows(article(1), None)[0]
    older.visits[visit["url"]] = checked_visit(visit)
    older.revisions.append({"n": 1})
    older.images["a"], newer.images["a"] = [{"v": "old"}], [{"v": "new"}]
    older.images["b"] = [{"v": "b"}]
    newer.revisions.append({"n": 2})
    merged = older.then(newer)
    assert merged.revisions == [{"n": 1}, {"n": 2}]
    assert merged.images == {"a": [{"v": "new"}], "b": [{"v": "b"}]}
    assert list(merged.visits) == [visit["url"]]
    assert merged.size() == 2
    assert merged
    assert not Batch()


def test_close_flushes(path: Path, committed: Committed) -> None:
    archive = Archive(path)
    archive.add(article(), None)
    archive.close()
    archive.close()
    assert committed(path) == 1


def test_a_passed_over_page_is_remembered_and_never_detaches_an_article(path: Path) -> None:
    kept = article(url="https://news.example/1.htm?utm=x", canonical_url="https://news.example/1")
    video, later = "https://news.example/video/1", FETCHED + timedelta(hours=1)
    with Archive(path) as archive:
        archive.add(kept, None, visit_rows(kept, None))
        archive.pass_over(passed_over_rows([video], "example", "skipped", FETCHED))
        # the article's URL read again and dropped (emptied, say): neither the buffered row
        # nor, once written, the stored one gives way
        archive.pass_over(passed_over_rows([kept.url], "example", "dropped", later))
        archive.flush()
        archive.pass_over(passed_over_rows([kept.url], "example", "dropped", later))
        archive.pass_over(passed_over_rows([video], "example", "skipped", later))
    with closing(sqlite3.connect(path)) as conn:
        sql = "select url, article_url, first_seen, last_visit, next_visit from visits"
        rows = {url: rest for url, *rest in conn.execute(sql)}
    assert rows[kept.url][:3] == [kept.key, FETCHED.isoformat(), FETCHED.isoformat()]
    # skipped again: the stored row takes the latest visit, due a week after it
    assert rows[video] == [
        None, FETCHED.isoformat(), later.isoformat(), (later + timedelta(days=7)).isoformat()
    ]  # fmt: skip


@pytest.mark.parametrize(("durable", "level"), [(False, 1), (True, 2)])
def test_a_durable_archive_syncs_every_commit_on_both_connections(
    path: Path, durable: bool, level: int
) -> None:
    """The ingest's archive (durable) commits with synchronous=FULL on its own connection and
    the writer thread's: Redis forgets what it acknowledged, so a commit must survive power
    loss; a crawl's keeps WAL's NORMAL."""
    with Archive(path, batch_size=1, durable=durable) as archive:
        archive.add(article(1), None)  # a full batch: written behind, on the writer's connection
        archive.writer.wait()
        thread_db = archive.writer._thread_db
        assert thread_db is not None
        assert [
            db.execute("pragma synchronous").fetchone()[0] for db in (archive.db, thread_db)
        ] == [level, level]


def test_a_value_that_is_no_utf8_text_is_refused_when_encoded() -> None:
    """A lone surrogate cannot reach SQLite as UTF-8: its row is refused (a ValueError, as
    the ingest reports a bad entry) where it is encoded, not in its batch's statement."""
    with pytest.raises(ValueError, match="surrogate"):
        statements.encode(["https://news.example/1", "lone \ud800 surrogate"])

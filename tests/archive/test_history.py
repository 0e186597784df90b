"""An article's versions read from a real archive's `revisions` rows, and their diffs."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from helpers import FETCHED, article

from newscrawl.archive.history import Version, diff, versions
from newscrawl.archive.store import Archive
from newscrawl.items import Article

H = timedelta(hours=1)
TRACKED = "https://news.example/1.htm?utm=x"


def edition(n: int, title: str, body: str) -> Article:
    """Version `n` of one article, fetched n-1 hours after the first."""
    return article(
        url=TRACKED,
        canonical_url="https://news.example/1",
        title=title,
        body_html=body,
        fetched_at=FETCHED + (n - 1) * H,
    )


def test_a_never_archived_article_has_no_versions(archive: Archive) -> None:
    assert versions(archive.db, "https://news.example/none") is None


def test_an_unrevised_article_has_one_version(archive: Archive) -> None:
    archive.add(article(), None)
    archive.flush()
    found = versions(archive.db, article().key)
    assert found is not None
    key, [only] = found
    assert key == article().key
    assert (only.since, only.until, only.title) == (FETCHED.isoformat(), None, article().title)


def test_versions_chain_oldest_first_found_by_either_url(path: Path) -> None:
    bodies = ["<p>One.</p><p>Same.</p>", "<p>Two.</p><p>Same.</p>", "<p>Three.</p><p>Same.</p>"]
    with Archive(path) as archive:
        for n, body in enumerate(bodies, start=1):
            archive.add(edition(n, f"Title {n}", body), None)
            archive.flush()
        by_key = versions(archive.db, "https://news.example/1")
        assert versions(archive.db, TRACKED) == by_key
    assert by_key is not None
    key, history = by_key
    assert key == "https://news.example/1"
    assert [(v.title, v.body_html) for v in history] == [
        (f"Title {n}", body) for n, body in enumerate(bodies, start=1)
    ]
    times = [FETCHED.isoformat(), (FETCHED + H).isoformat(), (FETCHED + 2 * H).isoformat()]
    assert [(v.since, v.until) for v in history] == [
        (times[0], times[1]),
        (times[1], times[2]),
        (times[2], None),
    ]
    assert history[0].text == "One.\n\nSame."  # the body as text, one paragraph a line


def version(title: str, body_html: str, since: str = "2024-06-01") -> Version:
    return Version(since, None, title, "hash", body_html)


def test_diff_shows_changed_paragraphs_and_title_only() -> None:
    old = version("Old title", "<p>First.</p><p>Kept.</p>", "2024-06-01")
    new = version("New title", "<p>Second.</p><p>Kept.</p>", "2024-06-02")
    lines = diff(old, new)
    assert lines[:2] == ["--- version of 2024-06-01", "+++ version of 2024-06-02"]
    assert {"-title: Old title", "+title: New title", "-First.", "+Second."} <= set(lines)
    assert not any("Kept." in line and line[0] in "+-" for line in lines)


def test_diff_of_equal_versions_is_empty() -> None:
    assert diff(version("T", "<p>A.</p>"), version("T", "<p>A.</p>")) == []

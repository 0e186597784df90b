"""PostWriter: post files written on a few threads (the ingest's), each path's writes and
removals in the order given, every error raised by `wait`, nothing handed to `synced` before it
is in place. Real files in a temporary directory."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from newscrawl.exporters.posts import TEMP_PREFIX, PostWriter


@pytest.fixture
def writer() -> PostWriter:
    return PostWriter(threads=4)


def test_the_last_write_of_a_path_wins_whatever_the_threads(
    tmp_path: Path, writer: PostWriter
) -> None:
    for round_ in range(40):
        for k in range(8):
            writer.write(tmp_path, f"c/p{k}.md", f"post {k} version {round_}\n" * (round_ + 1))
    assert writer.wait() == 320
    for k in range(8):
        assert (tmp_path / f"c/p{k}.md").read_text() == f"post {k} version 39\n" * 40
    assert not [p for p in tmp_path.rglob("*") if p.name.startswith(TEMP_PREFIX)]


def test_an_unchanged_post_counts_as_not_written(tmp_path: Path, writer: PostWriter) -> None:
    writer.write(tmp_path, "c/a.md", "same")
    writer.write(tmp_path, "c/a.md", "same")
    assert writer.wait() == 1


def test_a_post_moved_in_the_batch_that_wrote_it_leaves_one_file(
    tmp_path: Path, writer: PostWriter
) -> None:
    # The article's post written at its old name, then (same batch, a new title) at the new
    # one: the removal of the old name runs after its write, never before it.
    for k in range(50):
        writer.write(tmp_path, f"c/old-{k}.md", "old text")
        writer.write(tmp_path, f"c/new-{k}.md", "new text")
        writer.remove_moved(tmp_path, f"c/old-{k}.md", f"c/new-{k}.md")
    writer.wait()
    assert sorted(p.name for p in (tmp_path / "c").iterdir()) == sorted(
        f"new-{k}.md" for k in range(50)
    )


def test_a_failed_write_is_raised_after_the_others_ended(
    tmp_path: Path, writer: PostWriter
) -> None:
    (tmp_path / "blocked").write_text("a file where a folder would go")
    for k in range(20):
        writer.write(tmp_path, f"ok/p{k}.md", "text")
    writer.write(tmp_path, "blocked/p.md", "text")
    with pytest.raises(NotADirectoryError):
        writer.wait()
    assert len(list((tmp_path / "ok").iterdir())) == 20
    assert writer.wait() == 0  # the failure was reported once


def test_a_path_out_of_the_root_is_refused_on_the_callers_thread(
    tmp_path: Path, writer: PostWriter
) -> None:
    with pytest.raises(ValueError, match="not a relative post path"):
        writer.write(tmp_path, "../escape.md", "text")
    with pytest.raises(ValueError, match="not a relative post path"):
        writer.remove_moved(tmp_path, "/etc/passwd", "c/a.md")
    assert writer.wait() == 0
    assert not (tmp_path.parent / "escape.md").exists()


def test_synced_gets_each_file_once_it_is_in_place(tmp_path: Path) -> None:
    seen: list[tuple[Path, bytes, str]] = []
    lock = threading.Lock()

    def synced(path: Path) -> None:
        with lock:
            seen.append((path, path.read_bytes(), threading.current_thread().name))

    writer = PostWriter(synced, threads=3)
    for k in range(30):
        writer.write(tmp_path, f"c/p{k}.md", f"text {k}")
    assert writer.wait() == 30
    writer.close()
    assert sorted(str(p) for p, _, _ in seen) == sorted(
        str(tmp_path / f"c/p{k}.md") for k in range(30)
    )
    assert all(body == f"text {p.stem[1:]}".encode() for p, body, _ in seen)
    assert all(name.startswith("posts") for _, _, name in seen)


def test_posts_handed_over_in_chunks_keep_each_paths_order(tmp_path: Path) -> None:
    """Writes go to the threads a chunk at a time, the rest at `wait`: every one of them is
    written, and a path's last write wins across chunks."""
    writer = PostWriter(threads=3, chunk=2)
    try:
        for round_ in range(5):
            for k in range(7):
                writer.write(tmp_path, f"c/p{k}.md", f"post {k} version {round_}\n")
        assert writer.wait() == 35
        for k in range(7):
            assert (tmp_path / f"c/p{k}.md").read_text() == f"post {k} version 4\n"
    finally:
        writer.close()

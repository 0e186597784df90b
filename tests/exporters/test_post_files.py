"""Atomic, idempotent post writes (`write_post`): exact bytes, no rewrite of an unchanged post, no
path or symlink out of the posts root, no temp file left behind; and image files, which Scrapy's
FilesPipeline names `full/<sha1 of URL><ext>` inside the image store."""

from __future__ import annotations

import os
import re
import threading
from pathlib import Path

import pytest
from scrapy import Request
from scrapy.utils.test import get_crawler

from newscrawl.exporters.posts import TEMP_PREFIX, remove_stale_temp, write_post
from newscrawl.pipelines.images import ArticleImagesPipeline
from newscrawl.render.names import path_key


def listing(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*"))


def test_write_creates_exact_bytes(tmp_path: Path) -> None:
    text = "\n---\ntitle: 'é'\n---\n\n<div>   \na\u00a0b  \n</div>\n            "
    assert write_post(tmp_path, "新媒体/L2/L3/x.md", text) is True
    data = (tmp_path / "新媒体/L2/L3/x.md").read_bytes()
    assert data == text.encode("utf-8")
    assert not data.startswith(b"\xef\xbb\xbf")
    assert b"\r" not in data
    assert listing(tmp_path) == ["新媒体", "新媒体/L2", "新媒体/L2/L3", "新媒体/L2/L3/x.md"]
    assert (tmp_path / "新媒体/L2/L3/x.md").stat().st_mode & 0o777 == 0o644


def test_unchanged_post_is_not_rewritten(tmp_path: Path) -> None:
    write_post(tmp_path, "a/b/c/x.md", "same")
    target = tmp_path / "a/b/c/x.md"
    os.utime(target, ns=(1_000_000_000, 1_000_000_000))
    inode = target.stat().st_ino
    assert write_post(tmp_path, "a/b/c/x.md", "same") is False
    assert target.stat().st_mtime_ns == 1_000_000_000
    assert target.stat().st_ino == inode
    assert write_post(tmp_path, "a/b/c/x.md", "changed") is True
    assert target.read_text(encoding="utf-8") == "changed"
    assert listing(tmp_path) == ["a", "a/b", "a/b/c", "a/b/c/x.md"]


@pytest.mark.parametrize(
    "relpath",
    ["../x.md", "a/../../x.md", "/etc/x.md", "a/./x.md", "", "a/b/", "a\\..\\x.md", "C:/x.md",
     "a/\x00.md", "..", "."],
)  # fmt: skip
def test_escaping_relpaths_are_refused(tmp_path: Path, relpath: str) -> None:
    root = tmp_path / "root"
    root.mkdir()
    with pytest.raises(ValueError, match="post path"):
        write_post(root, relpath, "x")
    assert listing(tmp_path) == ["root"]


def test_symlink_escapes_are_refused(tmp_path: Path) -> None:
    root, outside = tmp_path / "root", tmp_path / "outside"
    root.mkdir()
    outside.mkdir()
    (root / "linkdir").symlink_to(outside, target_is_directory=True)
    (outside / "f.md").write_text("old", encoding="utf-8")
    (root / "link.md").symlink_to(outside / "f.md")
    with pytest.raises(ValueError, match="symlink"):
        write_post(root, "linkdir/x.md", "x")
    with pytest.raises(ValueError, match="symlink"):
        write_post(root, "link.md", "x")
    assert listing(outside) == ["f.md"]
    assert (outside / "f.md").read_text(encoding="utf-8") == "old"


def test_symlinked_root_is_fine(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "alias").symlink_to(tmp_path / "real", target_is_directory=True)
    assert write_post(tmp_path / "alias", "a/b/c/x.md", "x") is True
    assert (tmp_path / "real/a/b/c/x.md").read_text(encoding="utf-8") == "x"


def test_failed_write_leaves_old_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_post(tmp_path, "a/x.md", "old")

    def boom(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError, match="disk full"):
        write_post(tmp_path, "a/x.md", "new")
    assert (tmp_path / "a/x.md").read_text(encoding="utf-8") == "old"
    assert listing(tmp_path) == ["a", "a/x.md"]


def test_unencodable_text_raises_before_touching_anything(tmp_path: Path) -> None:
    with pytest.raises(UnicodeEncodeError):
        write_post(tmp_path, "a/x.md", "lone \ud800 surrogate")
    assert listing(tmp_path) == []


def test_a_leftover_under_the_temp_name_is_left_to_remove_stale_temp(tmp_path: Path) -> None:
    """A killed run of a process with this pid (and thread) left its temporary file: a write
    goes through another temporary file and neither truncates nor follows the leftover."""
    (tmp_path / "a").mkdir()
    leftover = tmp_path / "a" / f"{TEMP_PREFIX}{os.getpid()}-{threading.get_ident()}"
    outside = tmp_path / "outside.txt"
    outside.write_text("keep", encoding="utf-8")
    leftover.symlink_to(outside)
    assert write_post(tmp_path, "a/x.md", "new") is True
    assert (tmp_path / "a/x.md").read_text(encoding="utf-8") == "new"
    assert outside.read_text(encoding="utf-8") == "keep"
    assert remove_stale_temp(tmp_path) == 1
    assert listing(tmp_path) == ["a", "a/x.md", "outside.txt"]


def test_remove_stale_temp(tmp_path: Path) -> None:
    write_post(tmp_path, "a/b/x.md", "keep")
    (tmp_path / "a/b" / f"{TEMP_PREFIX}abc").write_text("half", encoding="utf-8")
    (tmp_path / f"{TEMP_PREFIX}def").write_text("half", encoding="utf-8")
    (tmp_path / "a/other.md").write_text("keep", encoding="utf-8")
    assert remove_stale_temp(tmp_path) == 2
    assert listing(tmp_path) == ["a", "a/b", "a/b/x.md", "a/other.md"]
    assert remove_stale_temp(tmp_path) == 0


HOSTILE_IMAGE_URLS = [
    "https://img.example/../../../../etc/passwd",
    "https://img.example/%2e%2e/%2e%2e/x.png",
    "https://img.example/a.png?x=/../../y.php",
    "https://img.example/" + "a" * 1000 + ".png",
    "https://img.example/CON.png",
    "https://img.example/nul",
    "https://img.example/a%00.png",
    "https://img.example/a<>:%22|?*.png",
    "https://img.example/News.PNG",
    "https://img.example/news.png",
    "https://img.example/Caf%C3%A9.jpg",
    "https://img.example/Cafe%CC%81.jpg",
    "https://img.example/a.png/",
    "https://img.example/.htaccess",
    "https://img.example/a.tar.gz",
    "https://img.example/" + "测" * 300 + ".gif",
]


def test_image_files_are_hashes_inside_the_store(tmp_path: Path) -> None:
    crawler = get_crawler(settings_dict={"NEWSCRAWL_DATA_DIR": str(tmp_path)})
    pipeline = ArticleImagesPipeline.from_crawler(crawler)
    store = (tmp_path / "images").resolve()
    paths = [pipeline.file_path(Request(url)) for url in HOSTILE_IMAGE_URLS]
    for path in paths:
        assert re.fullmatch(r"full/[0-9a-f]{40}(?:\.[^/\\\x00-\x1f]{1,32})?", path), path
        assert (store / path).resolve().is_relative_to(store)
    assert len({path_key(p) for p in paths}) == len(HOSTILE_IMAGE_URLS)

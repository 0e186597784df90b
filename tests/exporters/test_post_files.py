"""Post file names (the generator's rule, made safe) and atomic, idempotent post writes.

Hostile names: `../`, absolute paths, NUL and controls, Windows-reserved names, 1,000-character
titles, Windows-illegal characters, case and NFC/NFD clashes, crafted titles that spell another
article's suffixed name. Every post path lands inside the posts root, every component fits in
255 bytes, and no two articles share a path once case-folded and NFC-normalized (`path_key`, the
identity on NTFS/APFS/HFS+), as long as the archive's `taken` compares by `path_key`. Image
files are named by Scrapy's FilesPipeline (`full/<sha1 of URL><ext>`), checked here too.
"""

from __future__ import annotations

import csv
import os
import re
import unicodedata
from functools import partial
from pathlib import Path

import helpers
import pytest
from helpers import FIXTURES
from hypothesis import event, given, settings
from hypothesis import strategies as st

from newscrawl.exporters.posts import TEMP_PREFIX, remove_stale_temp, write_post
from newscrawl.items import Article
from newscrawl.render.names import key_hash, path_key, post_relpath

SAMPLES = FIXTURES / "posts"
CATS = ["新媒体", "快科技（原驱动之家）", "最新新闻"]
RESERVED = {
    *("CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"),
    *(f"{p}{i}" for p in ("COM", "LPT") for i in [*"0123456789", "¹", "²", "³"]),
}


# An article whose post name is what these tests vary: title, categories, URL.
article = partial(
    helpers.article, title="T", url="https://example.com/a", source_id="t", categories=CATS
)


def sample_sources() -> list[tuple[str, str]]:
    """(fixture file, original path under source/_posts/) from SOURCES.tsv."""
    with (SAMPLES / "SOURCES.tsv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    prefix = "source/_posts/"
    return [
        (r["file"], r["source_path_in_Rock-Candy-Tea/RSSHUB-PAGE"][len(prefix) :]) for r in rows
    ]


def sample_title_and_categories(file: str) -> tuple[str, list[str]]:
    lines = (SAMPLES / file).read_text(encoding="utf-8").split("\n")
    title = lines[2].removeprefix("title: ")[1:-1]  # the generator quoted without escaping
    return title.replace("&#123;", "{").replace("&#125;", "}"), [x[3:] for x in lines[4:7]]


def check_safe(relpath: str) -> None:
    parts = relpath.split("/")
    assert len(parts) == 4
    assert parts[-1].endswith(".md")
    for part in parts:
        assert part not in ("", ".", "..")
        assert part == part.strip(" ")
        assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F or c == "\\" for c in part)
        assert len(part.encode("utf-8")) <= 255
        assert part.removesuffix(".md").split(".")[0].upper() not in RESERVED


def test_fixture_list_is_complete() -> None:
    assert len(sample_sources()) == 28
    assert {f for f, _ in sample_sources()} == {p.name for p in SAMPLES.glob("*.md")} - {
        "README.md"
    }


@pytest.mark.parametrize(("file", "original"), sample_sources())
def test_names_match_the_generator(file: str, original: str) -> None:
    title, categories = sample_title_and_categories(file)
    relpath = post_relpath(article(title=title, categories=categories))
    assert relpath == original
    if file != "seed-example.md":
        assert relpath.rsplit("/", 1)[1] == file


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("0.14元/片！…13.8元包邮", "014元_片！…138元包邮"),
        ("Redis 7.0即将迎来“重大性能优化”", "Redis 70即将迎来_重大性能优化_"),
        ("#1 news. of the day", "1 news of the day"),
        ("Let's \"go\"", "Let's \"go\""),
        ("../../etc/passwd", "etc_passwd"),
        ("/etc/passwd", "etc_passwd"),
        # Hexo skips names starting with `_` or `.`: a leading “ or [ must not make one
        ("“造芯”之争", "造芯_之争"),
        ("[视频] 开箱", "视频_ 开箱"),
        ("___", "a1b2c3d4"),
        ("a\x00b\nc\r\nd\te", "a b c d e"),
        (" . # . ", "a1b2c3d4"),
        ("", "a1b2c3d4"),
        ("..", "a1b2c3d4"),
        ("CON", "CON_"),
        ("com1", "com1_"),
        ("LPT9 x", "LPT9 x"),
        ("NUL.txt", "NULtxt"),
    ],
)  # fmt: skip
def test_hostile_and_rule_titles(title: str, name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("newscrawl.render.names.key_hash", lambda a: "a1b2c3d4")
    relpath = post_relpath(article(title=title))
    assert relpath == "/".join([*CATS, name + ".md"])
    check_safe(relpath)


def test_empty_title_falls_back_to_the_key_hash() -> None:
    a = article(title="", url="https://example.com/x")
    assert post_relpath(a).endswith(f"/{key_hash(a)}.md")
    assert len(key_hash(a)) == 8


@pytest.mark.parametrize(
    "title", ["测" * 1000, "a" * 300 + "测" * 100, "😀" * 500, "ab" + "é" * 200, "x " * 200]
)
def test_long_titles_are_cut_at_a_character_boundary(title: str) -> None:
    name = post_relpath(article(title=title)).rsplit("/", 1)[1]
    data = name.encode("utf-8")
    assert len(data) <= 255
    assert len(data) >= 255 - 3  # nothing cut that would have fitted
    assert data.decode("utf-8") == name
    assert name.endswith(".md")
    check_safe(post_relpath(article(title=title)))


def test_sample_name_of_204_bytes_is_kept_whole() -> None:
    file = next(f for f, _ in sample_sources() if f.startswith("【慢雾"))
    assert len(file.encode("utf-8")) == 204
    assert post_relpath(article(title=sample_title_and_categories(file)[0])).endswith("/" + file)


@pytest.mark.parametrize(
    ("categories", "dirs"),
    [
        (["..", ".", "a/b"], ["category", "category", "a_b"]),
        (["/etc", "x\\y", " c\x00d "], ["etc", "x_y", "c d"]),
        (["CON", "aux.d", "nul "], ["CON_", "aux_.d", "nul_"]),
        (["", "  ", "ok."], ["category", "category", "ok"]),
        (["测" * 100, "b", "c"], ["测" * 85, "b", "c"]),
    ],
)
def test_category_dirs_are_path_safe(categories: list[str], dirs: list[str]) -> None:
    relpath = post_relpath(article(title="t", categories=categories))
    assert relpath == "/".join([*dirs, "t.md"])
    check_safe(relpath)


def test_three_categories_are_required() -> None:
    with pytest.raises(ValueError, match="three categories"):
        post_relpath(article(title="t", categories=["a", "b"]))


def test_collision_suffix_is_stable_distinct_and_fits() -> None:
    one, two = article(title="Same", url="https://a/1"), article(title="Same", url="https://a/2")
    assert post_relpath(one) == post_relpath(two) == "/".join([*CATS, "Same.md"])
    taken = {post_relpath(one)}.__contains__
    first, again, other = (
        post_relpath(two, taken),
        post_relpath(two, taken),
        post_relpath(one, taken),
    )
    assert first == again == "/".join([*CATS, f"Same {key_hash(two)}.md"])
    assert other != first
    assert post_relpath(two, lambda p: False) == post_relpath(two)
    long = article(title="测" * 1000, url="https://a/3")
    plain = post_relpath(long)
    name = post_relpath(long, lambda p: p == plain).rsplit("/", 1)[1]
    assert name.endswith(f" {key_hash(long)}.md")
    assert len(name.encode("utf-8")) <= 255
    with pytest.raises(ValueError, match="no free post name"):
        post_relpath(long, lambda p: True)


def test_key_hash_uses_the_canonical_url() -> None:
    a = article(url="https://a/1?utm=x", canonical_url="https://a/1")
    assert key_hash(a) == key_hash(article(url="https://a/1"))


# write_post


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


def test_remove_stale_temp(tmp_path: Path) -> None:
    write_post(tmp_path, "a/b/x.md", "keep")
    (tmp_path / "a/b" / f"{TEMP_PREFIX}abc").write_text("half", encoding="utf-8")
    (tmp_path / f"{TEMP_PREFIX}def").write_text("half", encoding="utf-8")
    (tmp_path / "a/other.md").write_text("keep", encoding="utf-8")
    assert remove_stale_temp(tmp_path) == 2
    assert listing(tmp_path) == ["a", "a/b", "a/b/x.md", "a/other.md"]
    assert remove_stale_temp(tmp_path) == 0


# Hostile names

HOSTILE_TITLES = [
    "../../../../etc/passwd",
    "..\\..\\Windows\\System32\\config",
    "/absolute/path",
    "C:\\Windows\\win.ini",
    "\\\\server\\share\\x",
    "file:///etc/passwd",
    "a\x00b\x00c",
    "\x00",
    "\x01\x1f\x7f\x85",
    "nul\nNUL\r\nnul",
    "CON",
    "con.md",
    "Aux",
    "PRN.txt",
    "COM0",
    "LPT¹",
    "CONIN$",
    "NUL ",
    "a" * 1000,
    "测" * 1000,
    "😀" * 1000,
    "é" * 1000,
    "e\u0301" * 1000,
    '<>:"|?*',
    'a<b>c:d"e|f?g*h',
    "...",
    ". .",
    "..hidden",
    "_draft",
    "“quoted”",
    "[tag] x",
    "trailing dot.",
    "trailing space ",
    "News",
    "news",
    "NEWS",
    "Café",
    "Cafe\u0301",
    "CAFÉ",
    "straße",
    "STRASSE",
    "ı",
    "I",
    "K",  # Kelvin sign, folds to k
    "k",
    "\u202eevil\u202c.md",
    "\ufeffbom",
    "\ud800lone",
    "a/" * 300,
]


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_hostile_titles_land_inside_the_root(title: str, tmp_path: Path) -> None:
    a = article(title=title, url=f"https://example.com/{len(title)}")
    relpath = post_relpath(a)
    check_safe(relpath)
    root = tmp_path / "posts"
    root.mkdir()
    assert write_post(root, relpath, "x") is True
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert len(files) == 1
    assert files[0].resolve().is_relative_to(root.resolve())
    assert len(str(files[0].relative_to(root)).encode("utf-8")) <= 4 * 255 + 3


@pytest.mark.parametrize(
    ("title", "name"),
    [("COM0", "COM0_"), ("lpt¹", "lpt¹_"), ("COM²x", "COM²x"), ("CONIN$", "CONIN$_"),
     ("conout$", "conout$_"), ("NUL ", "NUL_")],
)  # fmt: skip
def test_more_windows_reserved_names(title: str, name: str) -> None:
    assert post_relpath(article(title=title)).rsplit("/", 1)[1] == name + ".md"


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


class FoldedArchive:
    """The part of the archive post_relpath relies on, comparing paths by path_key."""

    def __init__(self) -> None:
        self.owners: dict[str, str] = {}  # path_key -> article key
        self.paths: dict[str, str] = {}  # article key -> relpath

    def export(self, a: Article) -> str:
        relpath = post_relpath(a, lambda p: self.owners.get(path_key(p), a.key) != a.key)
        previous = self.paths.get(a.key)
        if previous is not None:
            del self.owners[path_key(previous)]
        assert self.owners.get(path_key(relpath), a.key) == a.key, "overwrote another post"
        self.owners[path_key(relpath)] = a.key
        self.paths[a.key] = relpath
        return relpath


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


_title_piece = st.sampled_from(
    ["..", "/", "\\", "\x00", "\n", "CON", "nul", "COM1", ".", " ", "_", "#", "“", "[", ":",
     '"', "<", ">", "|", "?", "*", "News", "news", "NEWS", "é", "e\u0301", "É", "ß", "SS", "ı",
     "I", "\u212a", "k", "\u202e", "\ufeff", "测" * 50, "a" * 120, "😀" * 40]
) | st.text(max_size=5)  # fmt: skip
hostile_titles = st.lists(_title_piece, max_size=12).map("".join)


@settings(max_examples=300, deadline=None)
@given(title=hostile_titles)
def test_any_title_gives_a_safe_bounded_path(title: str) -> None:
    check_safe(post_relpath(article(title=title)))


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
    from datetime import UTC, datetime

    from newscrawl.archive.store import Archive
    from newscrawl.pipelines.export import export

    with Archive(tmp_path / "a.db") as archive:
        for n, title in enumerate(["News", "news", "Cafe\u0301", "Café"]):
            a = article(title=title, url=f"https://s/{n}", body_html=f"<p>{n}</p>", publisher="P",
                        published=datetime(2021, 7, 18, tzinfo=UTC))  # fmt: skip
            export(a, archive, tmp_path / "posts")
    paths = [str(p.relative_to(tmp_path / "posts")) for p in (tmp_path / "posts").rglob("*.md")]
    assert len({path_key(p) for p in paths}) == 4


# Image files: Scrapy's FilesPipeline names them after the SHA-1 of the URL.

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
    from scrapy import Request
    from scrapy.utils.test import get_crawler

    from newscrawl.pipelines.images import ArticleImagesPipeline

    crawler = get_crawler(settings_dict={"NEWSCRAWL_DATA_DIR": str(tmp_path)})
    pipeline = ArticleImagesPipeline.from_crawler(crawler)
    store = (tmp_path / "images").resolve()
    paths = [pipeline.file_path(Request(url)) for url in HOSTILE_IMAGE_URLS]
    for path in paths:
        assert re.fullmatch(r"full/[0-9a-f]{40}(?:\.[^/\\\x00-\x1f]{1,32})?", path), path
        assert (store / path).resolve().is_relative_to(store)
    assert len({path_key(p) for p in paths}) == len(HOSTILE_IMAGE_URLS)


def test_an_older_archive_gets_its_post_keys(tmp_path: Path) -> None:
    """add_post_key backfills archives written before it: their owners are found by path_key."""
    import sqlite3

    from newscrawl.archive.store import Archive

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

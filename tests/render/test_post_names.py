"""Post file names: the generator's rule (checked against its real posts in SOURCES.tsv), made safe.

Hostile names: `../`, absolute paths, NUL and controls, Windows-reserved names, 1,000-character
titles, Windows-illegal characters. Every post path lands inside the posts root and every
component fits in 255 bytes; clashes between names are in test_path_keys.py.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from helpers import FIXTURES
from hypothesis import given, settings
from name_cases import CATS, article, check_safe, hostile_titles

from newscrawl.exporters.posts import write_post
from newscrawl.render.names import key_hash, post_relpath

SAMPLES = FIXTURES / "posts"


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


@settings(max_examples=300, deadline=None)
@given(title=hostile_titles)
def test_any_title_gives_a_safe_bounded_path(title: str) -> None:
    check_safe(post_relpath(article(title=title)))

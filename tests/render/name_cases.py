"""What the post-name tests share: an article to vary the name-giving fields of, the safety every
post path must have, hostile title pieces, and an archive that compares paths by path_key."""

from __future__ import annotations

from functools import partial

import helpers
from hypothesis import strategies as st

from newscrawl.items import Article
from newscrawl.render.names import path_key, post_relpath

CATS = ["新媒体", "快科技（原驱动之家）", "最新新闻"]
RESERVED = {
    *("CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"),
    *(f"{p}{i}" for p in ("COM", "LPT") for i in [*"0123456789", "¹", "²", "³"]),
}


# An article whose post name is what these tests vary: title, categories, URL.
article = partial(
    helpers.article, title="T", url="https://example.com/a", source_id="t", categories=CATS
)


def check_safe(relpath: str) -> None:
    """Four components (three category dirs and a .md file), none empty, dotted, padded, holding
    controls or backslashes, over 255 bytes or a Windows-reserved name."""
    parts = relpath.split("/")
    assert len(parts) == 4
    assert parts[-1].endswith(".md")
    for part in parts:
        assert part not in ("", ".", "..")
        assert part == part.strip(" ")
        assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F or c == "\\" for c in part)
        assert len(part.encode("utf-8")) <= 255
        assert part.removesuffix(".md").split(".")[0].upper() not in RESERVED


_title_piece = st.sampled_from(
    ["..", "/", "\\", "\x00", "\n", "CON", "nul", "COM1", ".", " ", "_", "#", "“", "[", ":",
     '"', "<", ">", "|", "?", "*", "News", "news", "NEWS", "é", "e\u0301", "É", "ß", "SS", "ı",
     "I", "\u212a", "k", "\u202e", "\ufeff", "测" * 50, "a" * 120, "😀" * 40]
) | st.text(max_size=5)  # fmt: skip
hostile_titles = st.lists(_title_piece, max_size=12).map("".join)


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

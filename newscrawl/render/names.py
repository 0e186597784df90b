"""Article -> post path: the generator's file-name rule (FORMAT rule 1), made path-safe (pure)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable

from newscrawl.items import Article
from newscrawl.render.post import post_title

_MAX_NAME_BYTES = 255  # NAME_MAX of ext4, APFS, NTFS (in UTF-16 units there, so looser)
_SUFFIX = ".md"
# Controls, line separators, non-characters and lone surrogates: never in a path.
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff\ud800-\udfff]+")
_SLASHES = re.compile(r"[/\\]")
# Windows refuses these as file or directory names, with any extension.
_RESERVED = frozenset(
    ["CON", "PRN", "AUX", "NUL"] + [f"{p}{i}" for p in ("COM", "LPT") for i in range(1, 10)]
)


def key_hash(article: Article) -> str:
    """8 hex digits of SHA-256 of the article's key: stable across runs and machines."""
    return hashlib.sha256(article.key.encode("utf-8", "surrogatepass")).hexdigest()[:8]


def _fit(text: str, limit: int) -> str:
    """`text` cut to at most `limit` UTF-8 bytes, at a character boundary."""
    data = text.encode("utf-8")
    return text if len(data) <= limit else data[:limit].decode("utf-8", "ignore")


def _safe_part(text: str, limit: int) -> str:
    """One path component, or "" when nothing usable is left (the caller picks a fallback)."""
    # Hexo silently skips any path part starting with `_` or `.` (checked with Hexo 7.3), and
    # sanitizing turns a leading “ or [ into `_`: such a post would never be published.
    text = _SLASHES.sub("_", _CONTROLS.sub(" ", text)).strip(" ").lstrip("_. ")
    # Windows drops trailing dots and spaces, so `a.` and `a` would be the same file there.
    text = _fit(text, limit).rstrip(". ")
    stem, dot, rest = text.partition(".")
    if stem.rstrip(" ").upper() in _RESERVED:
        # The mark goes on the stem: Windows reserves `CON.anything` too.
        text = _fit(stem + "_" + dot + rest, limit).rstrip(". ")
    return text


def category_dirs(categories: list[str]) -> list[str]:
    """The L1/L2/L3 directory names (`category` for one with nothing usable in it)."""
    if len(categories) != 3:
        raise ValueError("a post needs exactly three categories (L1, L2, L3)")
    return [_safe_part(c, _MAX_NAME_BYTES) or "category" for c in categories]


def post_name(article: Article, limit: int = _MAX_NAME_BYTES - len(_SUFFIX)) -> str:
    """The file name without `.md`: sanitized title minus `\\n`, `#` and `.`, path-safe."""
    name = post_title(article.title).replace("\n", "").replace("#", "").replace(".", "")
    return _safe_part(name, limit) or key_hash(article)


def post_relpath(article: Article, taken: Callable[[str], bool] | None = None) -> str:
    """`L1/L2/L3/<name>.md`; if `taken(path)` says another article owns it, a hash suffix."""
    dirs = category_dirs(article.categories)
    relpath = "/".join([*dirs, post_name(article) + _SUFFIX])
    if taken is not None and taken(relpath):
        suffix = " " + key_hash(article)
        name = post_name(article, _MAX_NAME_BYTES - len(_SUFFIX) - len(suffix))
        relpath = "/".join([*dirs, name + suffix + _SUFFIX])
    return relpath

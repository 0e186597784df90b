"""Article -> post path: the generator's file-name rule (FORMAT rule 1), made path-safe (pure)."""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections.abc import Callable

from newscrawl.items import Article
from newscrawl.render.post import post_title

_MAX_NAME_BYTES = 255  # NAME_MAX of ext4, APFS, NTFS (in UTF-16 units there, so looser)
_SUFFIX = ".md"
# Controls, line separators, non-characters and lone surrogates: never in a path.
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff\ud800-\udfff]+")
_SLASHES = re.compile(r"[/\\]")
# Windows refuses these as file or directory names, with any extension (superscript digits too).
_RESERVED = frozenset(
    ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"]
    + [f"{p}{i}" for p in ("COM", "LPT") for i in [*"0123456789", "¹", "²", "³"]]
)
_MAX_SUFFIXES = 1000  # more taken names than this for one title is an attack, not a news day


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
    return list(_category_dirs(tuple(categories)))


@functools.lru_cache(maxsize=1024)
def _category_dirs(categories: tuple[str, ...]) -> tuple[str, ...]:
    # Cached: a source's few category paths recur in every one of its articles.
    # The generic source's category is the host, and an IPv6 one ("::1") would make a directory
    # name Windows refuses: FORMAT rule 6's characters go, as in post names.
    return tuple(_safe_part(post_title(c), _MAX_NAME_BYTES) or "category" for c in categories)


def post_name(article: Article, limit: int = _MAX_NAME_BYTES - len(_SUFFIX)) -> str:
    """The file name without `.md`: sanitized title minus `\\n`, `#` and `.`, path-safe."""
    name = post_title(article.title).replace("\n", "").replace("#", "").replace(".", "")
    return _safe_part(name, limit) or key_hash(article)


def path_key(relpath: str) -> str:
    """What `relpath` shares with every path a case- or normalization-insensitive file system
    (NTFS, APFS, HFS+) takes for the same file: case-folded (upper first, so `ı`/`i` and `ß`/`ss`
    meet) and NFC. Coarser than any of them on purpose: a false clash only costs a suffix."""
    decomposed = unicodedata.normalize("NFD", relpath)
    return unicodedata.normalize("NFC", decomposed.upper().casefold())


def post_relpath(article: Article, taken: Callable[[str], bool] | None = None) -> str:
    """`L1/L2/L3/<name>.md`; while `taken(path)` says another article owns it, a hash suffix
    (then a counter, as a title can spell another article's suffixed name).

    `taken` must compare by `path_key`: `News.md` and `news.md` are one file on macOS/Windows."""
    dirs = category_dirs(article.categories)
    relpath = "/".join([*dirs, post_name(article) + _SUFFIX])
    if taken is None or not taken(relpath):
        return relpath
    for n in range(1, _MAX_SUFFIXES + 1):
        suffix = " " + key_hash(article) + (f"-{n}" if n > 1 else "")
        name = post_name(article, _MAX_NAME_BYTES - len(_SUFFIX) - len(suffix))
        relpath = "/".join([*dirs, name + suffix + _SUFFIX])
        if not taken(relpath):
            return relpath
    raise ValueError(f"no free post name for {article.key!r}: {_MAX_SUFFIXES} suffixes taken")

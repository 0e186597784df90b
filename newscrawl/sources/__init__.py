"""The registry of sources: every module in this package that defines `SOURCE`, and the user's
`<data>/sources/<id>.toml` files (newscrawl add) once `use_user_sources` names their folder."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from newscrawl.sources.base import DEFAULT_CATEGORIES, Source, SourceError, default_categories
from newscrawl.sources.userfile import read_sources

__all__ = [
    "DEFAULT_CATEGORIES", "Source", "SourceError", "all_sources", "declared",
    "default_categories", "default_image", "for_url", "generic", "get", "is_user",
    "use_user_sources",
]  # fmt: skip

_NOT_SOURCES = frozenset({"base", "userfile"})
_user_dir: Path | None = None


def use_user_sources(directory: Path | None) -> None:
    """Read user sources from `directory` (`<data>/sources`) from now on; None: none."""
    global _user_dir
    if directory != _user_dir:
        _user_dir = directory
        _registry.cache_clear()
        _user.cache_clear()


@cache
def _user() -> dict[str, Source]:
    if _user_dir is None or not _user_dir.is_dir():
        return {}
    return {source.id: source for source in read_sources(_user_dir)}


def is_user(source_id: str) -> bool:
    """Whether the source comes from a user's TOML file rather than this package."""
    return source_id in _user()


@cache
def _registry() -> dict[str, Source]:
    found: dict[str, Source] = {}
    for info in pkgutil.iter_modules(__path__):
        if info.name in _NOT_SOURCES:
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        source = getattr(module, "SOURCE", None)
        if not isinstance(source, Source):
            raise SourceError(f"module {module.__name__} defines no SOURCE = Source(...)")
        if source.id in found:
            raise SourceError(f"duplicate source id {source.id!r}")
        found[source.id] = source
    for source in _user().values():
        if source.id in found:
            raise SourceError(f"user source {source.id!r} has the id of a built-in source")
        found[source.id] = source
    return found


def all_sources() -> list[Source]:
    return sorted(_registry().values(), key=lambda s: s.id)


def get(source_id: str) -> Source:
    """The source with this id; KeyError with the known ids otherwise."""
    try:
        return _registry()[source_id]
    except KeyError:
        known = ", ".join(sorted(_registry()))
        raise KeyError(f"unknown source {source_id!r} (known: {known})") from None


def declared(source_id: str) -> Source | None:
    """The source with this id, or None for an article of a site nobody declared (`web`)."""
    return _registry().get(source_id)


def default_image(source_id: str) -> str | None:
    """The post's headimg/thumbnail for an article whose body has no image, if its source
    declares one."""
    source = declared(source_id)
    return source.default_image if source else None


def for_url(url: str) -> Source | None:
    """The registered source whose domains claim `url`, if any."""
    return next((s for s in _registry().values() if s.claims(url)), None)


def generic(url: str, categories: Sequence[str] = DEFAULT_CATEGORIES) -> Source:
    """A rule-less source for a site nobody declared: generic extraction, the categories of
    the `categories` template (NEWSCRAWL_DEFAULT_CATEGORIES) with the site as {site}."""
    host = (urlsplit(url).hostname or "unknown").lower().removeprefix("www.")
    return Source(
        id="web",
        name=host,
        domains=(host,),
        categories=default_categories(categories, host),
        author=host,
    )

"""User sources: `<data>/sources/<id>.toml`, written by `newscrawl add URL`, read like built-ins."""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import fields
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from newscrawl.sources.base import DEFAULT_CATEGORIES, Source, SourceError, default_categories

# Fields a TOML file may set, in the order `newscrawl add` writes them.
_WRITTEN = (
    "id", "name", "domains", "categories", "author", "feeds", "sitemaps", "listings",
    "article_url", "timezone", "language", "encoding", "crawl_settings",
)  # fmt: skip
_TUPLES = {f.name for f in fields(Source) if str(f.type).startswith("tuple")}


def read_source(path: Path) -> Source:
    """The Source a TOML file declares; SourceError naming the file when it cannot."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SourceError(f"{path}: {exc}") from exc
    known = {f.name for f in fields(Source)}
    unknown = set(data) - known
    if unknown:
        raise SourceError(f"{path}: unknown keys {sorted(unknown)}")
    values: dict[str, Any] = {
        k: tuple(v) if k in _TUPLES and isinstance(v, list) else v for k, v in data.items()
    }
    try:
        source = Source(**values)
    except TypeError as exc:  # a required key missing
        raise SourceError(f"{path}: {exc}") from exc
    if source.id != path.stem:
        raise SourceError(f"{path}: declares id {source.id!r}; the file must be {source.id}.toml")
    return source


def read_sources(directory: Path) -> list[Source]:
    return [read_source(p) for p in sorted(directory.glob("*.toml"))]


def source_toml(source: Source, comment: str = "") -> str:
    """The TOML text of a source (the fields `newscrawl add` sets), read back by read_source."""
    lines = [f"# {line}" for line in comment.splitlines()]
    for name in _WRITTEN:
        value = getattr(source, name)
        if value in (None, (), {}) and name not in ("feeds", "sitemaps", "listings"):
            continue
        lines.append(f"{name} = {_toml_value(value)}")
    return "\n".join(lines) + "\n"


def write_source(source: Source, directory: Path, comment: str = "") -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{source.id}.toml"
    tmp = path.with_suffix(".toml.tmp")
    tmp.write_text(source_toml(source, comment), encoding="utf-8")
    tmp.replace(path)
    return path


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        # A JSON string is a TOML basic string, except that TOML also refuses a raw DEL.
        return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
    if isinstance(value, tuple | list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        items = ", ".join(f"{json.dumps(k)} = {_toml_value(v)}" for k, v in value.items())
        return "{ " + items + " }" if items else "{}"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def source_id_for(url: str) -> str:
    """An id from a site's host name: `www.example.co.uk` -> `example_co_uk`."""
    host = (urlsplit(url).hostname or "site").lower().removeprefix("www.")
    name = re.sub(r"[^a-z0-9]+", "_", host).strip("_")
    return (name if name[:1].isalpha() else f"site_{name}")[:40].rstrip("_")


def discovered_source(
    url: str,
    entry_points: dict[str, int],
    name: str = "",
    language: str = "",
    categories: tuple[str, ...] = DEFAULT_CATEGORIES,
    **fields: Any,
) -> Source:
    """A source for `url` from what discovery found: `entry_points` maps `feed URL`,
    `sitemap URL` and `listing URL` to the article links each gave (entry points that gave
    none are left out). Extraction stays generic; `categories` is the template of
    NEWSCRAWL_DEFAULT_CATEGORIES; `fields` override anything."""
    host = (urlsplit(url).hostname or "site").lower().removeprefix("www.")
    kinds: dict[str, list[str]] = {"feed": [], "sitemap": [], "listing": []}
    for entry, found in entry_points.items():
        kind, _, where = entry.partition(" ")
        if found and kind in kinds:
            kinds[kind].append(where)
    name = " ".join(name.split()) or host
    values: dict[str, Any] = {
        "id": source_id_for(url),
        "name": name,
        "domains": (host,),
        "categories": default_categories(categories, name),
        "author": name,
        "feeds": tuple(kinds["feed"]),
        "sitemaps": tuple(kinds["sitemap"]),
        "listings": tuple(kinds["listing"]),
        "language": language.strip() or None,
    }
    return Source(**(values | fields))

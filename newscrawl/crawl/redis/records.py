"""What travels on the item stream, as JSON: an archived page's Article (the fields the archive
stores, image paths and checksums; never image bytes) or a page passed over (its visits rows)."""

from __future__ import annotations

import contextlib
import json
from dataclasses import asdict
from datetime import datetime
from typing import Any

import orjson

from newscrawl.exporters.archiving import post_text
from newscrawl.items import Article, ImageResult

_DATES = ("published", "updated", "fetched_at")


def article_record(article: Article) -> str:
    """The article's fields, and its post text rendered here (on the worker, off the one
    ingest's core) as the single-process crawl renders it for an article new to the archive;
    the ingest decides the post's path, and renders again the rare post the archive dates
    otherwise (export.post_text). An article no post can be made of goes without one: the
    ingest then refuses it with the reason."""
    data = asdict(article)
    data.pop("response", None)  # kept responses stay on the single-process crawl
    for name in _DATES:
        value = getattr(article, name)
        data[name] = value.isoformat() if value else None
    record: dict[str, Any] = {"kind": "article", "article": data}
    with contextlib.suppress(ValueError):
        record["post"] = post_text(article, None)
    return json.dumps(record, ensure_ascii=False)


def passed_over_record(urls: list[str], source_id: str, outcome: str, at: datetime) -> str:
    data = {"urls": urls, "source_id": source_id, "outcome": outcome, "at": at.isoformat()}
    return json.dumps({"kind": "passed_over", "page": data}, ensure_ascii=False)


def entry_point_record(
    url: str, source_id: str, etag: str | None, last_modified: str | None, at: datetime
) -> str:
    """An entry point's validators from a 200, for the archive's entry_points table."""
    row = {"url": url, "source_id": source_id, "etag": etag, "last_modified": last_modified,
           "checked_at": at.isoformat(), "status": 200}  # fmt: skip
    return json.dumps({"kind": "entry_point", "row": row}, ensure_ascii=False)


class BadRecordError(ValueError):
    """An item-stream entry the ingest cannot read."""


def read_record(payload: bytes | str) -> tuple[str, Any]:
    """("article", (Article, its post text or None)), ("passed_over", dict with a datetime
    `at`) or ("entry_point", an entry_points row). A record from before workers rendered
    posts has no text: the ingest renders it."""
    try:
        data = _loads(payload)
        kind = data["kind"]
        if kind == "article":
            return kind, (_article(data["article"]), _post(data.get("post")))
        if kind == "passed_over":
            page = dict(data["page"])
            page["at"] = _aware(page["at"])
            return kind, page
        if kind == "entry_point":
            return kind, _entry_point(data["row"])
    except (ValueError, TypeError, KeyError) as error:
        raise BadRecordError(f"{type(error).__name__}: {error}") from error
    raise BadRecordError(f"unknown record kind {kind!r}")


def _loads(payload: bytes | str) -> Any:
    # orjson reads a record about twice as fast (the ingest's one core reads every record);
    # what only json takes (NaN, a lone surrogate escape, an int past 64 bits) json reads.
    try:
        return orjson.loads(payload)
    except orjson.JSONDecodeError:
        return json.loads(payload)


def _article(data: dict[str, Any]) -> Article:
    data = dict(data)
    for name in _DATES:
        data[name] = _aware(data[name]) if data.get(name) else None
    data["image_results"] = [ImageResult(**r) for r in data.get("image_results", [])]
    return Article(**data)


def _post(text: object) -> str | None:
    if text is not None and not isinstance(text, str):
        raise TypeError(f"a post text must be a string, not {type(text).__name__}")
    return text


def _entry_point(row: dict[str, Any]) -> dict[str, Any]:
    if not isinstance(row.get("url"), str) or not isinstance(row.get("source_id"), str):
        raise ValueError("an entry_points row needs its url and source_id")
    _aware(row["checked_at"])
    return {k: row.get(k) for k in _ENTRY_POINT_COLUMNS}


_ENTRY_POINT_COLUMNS = ("url", "source_id", "etag", "last_modified", "checked_at", "status")


def _aware(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError(f"a date without a zone: {text}")
    return moment

"""The archive's rows of an Article: its `articles` row, previous version, responses, images."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from newscrawl.items import Article, KeptResponse
from newscrawl.render.names import path_key

Row = dict[str, Any]


def content_hash(article: Article) -> str:
    """What decides whether an article changed: sha256 of its title + body_html, in hex."""
    return hashlib.sha256((article.title + article.body_html).encode()).hexdigest()


def article_row(article: Article, post_path: str | None) -> Row:
    """The `articles` row for `article`, without `first_seen` (the archive decides it)."""
    extra = article.extra
    return {
        "url": article.key,
        "fetched_url": article.url,
        "source_id": article.source_id,
        "title": article.title,
        "published": iso(article.published),
        "updated": iso(article.updated),
        "fetched_at": iso(article.fetched_at or datetime.now(UTC)),
        "language": article.language,
        "authors": _json(article.authors),
        "tags": _json(article.tags),
        "categories": _json(article.categories),
        "publisher": article.publisher,
        "lead_image": article.lead_image,
        "body_html": article.body_html,
        "body_text": article.body_text,
        "editor": extra.get("editor"),
        "origin_url": extra.get("origin_url"),
        "origin_name": extra.get("origin_name"),
        "extra": _json(extra),
        "content_hash": content_hash(article),
        "post_path": post_path,
        "post_key": path_key(post_path) if post_path else None,
    }


def revision_row(key: str, old: Row, revised_at: str) -> Row:
    """The `revisions` row keeping `old` (an articles row) of `key`, replaced at `revised_at`."""
    return {
        "article_url": key,
        "revised_at": revised_at,
        "title": old["title"],
        "body_hash": old["content_hash"],
        "body_html": old["body_html"],
        "archived_at": old["fetched_at"],
    }


def exchange_rows(key: str, response: KeptResponse) -> list[Row]:
    """The `responses` rows of `key`'s kept response: the redirects before it, then it."""
    return [response_row(key, hop) for hop in [*response.redirects, response]]


def response_row(key: str, response: KeptResponse) -> Row:
    """The `responses` row of `key`'s kept response; `body` still uncompressed (the batch's
    writer compresses it)."""
    return {
        "article_url": key,
        "fetched_at": iso(response.fetched_at),
        "url": response.url,
        "status": response.status,
        "method": response.method,
        "protocol": response.protocol,
        "ip_address": response.ip_address,
        "request_headers": json.dumps(response.request_headers),
        "response_headers": json.dumps(response.response_headers),
        "body": response.body,
        "body_sha1": hashlib.sha1(response.body, usedforsecurity=False).hexdigest(),
        "body_length": len(response.body),
    }


def image_rows(article: Article) -> list[Row]:
    """The `images` rows for `article`; `position` is the order of its image results."""
    return [
        {"article_url": article.key, "url": r.url, "position": position, "status": r.status}
        | {"path": r.path, "checksum": r.checksum, "error": r.error}
        for position, r in enumerate(article.image_results)
    ]


def merge_image_rows(stored: list[Row], fresh: list[Row]) -> list[Row]:
    """`fresh` image rows where they say something new: a failure does not replace a stored
    file of the same URL (it is still in the store: a site that drops an image later loses
    nothing), and Scrapy's "uptodate"/"cached" for a stored file keeps its "downloaded" row."""
    files = {row["url"]: row for row in stored if row["status"] != "failed"}
    merged = []
    for row in fresh:
        kept = files.get(row["url"])
        if kept is not None and (
            row["status"] == "failed"
            or (row["status"] in ("uptodate", "cached") and row["path"] == kept["path"])
        ):
            row = kept | {"position": row["position"]}
        merged.append(row)
    return merged


def iso(moment: datetime | None) -> str | None:
    """`moment` as the archive stores times: ISO 8601 in UTC; ValueError if it is naive."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        raise ValueError(f"naive datetime {moment!r}: the archive stores UTC times only")
    return moment.astimezone(UTC).isoformat()


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)

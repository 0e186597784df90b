"""Article rows and search hits as JSON lines or CSV, written as they are read (streaming)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from typing import Any, TextIO

from newscrawl.archive.search import SearchHit

Record = dict[str, Any]
# Columns stored as JSON text; a record gives their values.
_JSON_COLUMNS = ("authors", "tags", "categories", "extra")
ARTICLE_FIELDS = [
    "id", "url", "fetched_url", "source_id", "title", "published", "updated", "first_seen",
    "fetched_at", "language", "authors", "tags", "categories", "publisher", "lead_image",
    "editor", "origin_url", "origin_name", "extra", "content_hash", "post_path", "body_text",
    "body_html",
]  # fmt: skip
HIT_FIELDS = [
    "id", "url", "title", "source_id", "published", "language", "authors", "tags", "rank",
    "snippet",
]  # fmt: skip


def article_record(row: Record) -> Record:
    """An `articles` row (with its `id`) as a record: JSON columns decoded."""
    record = {name: row.get(name) for name in ARTICLE_FIELDS}
    for name in _JSON_COLUMNS:
        record[name] = json.loads(row[name]) if row.get(name) else None
    return record


def hit_record(hit: SearchHit) -> Record:
    """A search hit as a record, `published` in ISO 8601."""
    record = asdict(hit)
    record["published"] = hit.published.isoformat() if hit.published else None
    return {name: record[name] for name in HIT_FIELDS}


def write_jsonl(records: Iterable[Record], out: TextIO) -> int:
    """One JSON object per line (UTF-8 text, not escaped); returns how many."""
    count = 0
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


def write_csv(records: Iterable[Record], out: TextIO, fields: list[str]) -> int:
    """A header, then one row per record; lists and objects as JSON text. Returns how many."""
    writer = csv.DictWriter(out, fieldnames=fields, extrasaction="ignore")
    writer.writeheader()
    count = 0
    for record in _flat(records):
        writer.writerow(record)
        count += 1
    return count


def _flat(records: Iterable[Record]) -> Iterator[Record]:
    for record in records:
        yield {
            name: json.dumps(value, ensure_ascii=False) if isinstance(value, list | dict) else value
            for name, value in record.items()
        }

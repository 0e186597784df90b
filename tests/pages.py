"""Saved pages of the test suite (tests/fixtures/pages, tests/fixtures/encodings): their bytes,
their JSON description, and checks that a decoding is the one the JSON says."""

from __future__ import annotations

import gzip
import json
from functools import cache
from typing import Any

from helpers import FIXTURES

from newscrawl.extract.charset import REPLACEMENT, decode_page, resolve_label

PAGES = FIXTURES / "pages"  # real articles, JSON: encoding, declared_charset, expected{...}
ENCODINGS = FIXTURES / "encodings"  # legacy encodings, JSON: encoding, declared_charset, contains


@cache
def saved_page(folder: str, page_id: str) -> tuple[bytes, dict[str, Any]]:
    """`<page_id>.html.gz` (or `.html`) of tests/fixtures/<folder>, and its `<page_id>.json`."""
    base = FIXTURES / folder
    meta = json.loads((base / f"{page_id}.json").read_text(encoding="utf-8"))
    gz = base / f"{page_id}.html.gz"
    data = (
        gzip.decompress(gz.read_bytes()) if gz.exists() else (base / f"{page_id}.html").read_bytes()
    )
    return data, meta


def truth(data: bytes, encoding: str) -> str:
    """The bytes decoded strictly in `encoding`, read as WHATWG reads its label."""
    return data.decode(resolve_label(encoding) or encoding)


def assert_page_text(text: str, data: bytes, meta: dict[str, Any]) -> None:
    """`text` is the whole of a tests/fixtures/pages page, with its title and phrases."""
    assert REPLACEMENT not in text
    assert text == data.decode(meta["encoding"])
    assert meta["expected"]["title"] in text
    for phrase in meta["expected"]["body_contains"]:
        assert phrase in text


def assert_decoded_as(
    data: bytes, content_type: str | None, encoding: str, phrases: list[str]
) -> None:
    """decode_page picks `encoding` for `data` under `content_type`, and the text is whole."""
    decoded = decode_page(data, content_type)
    assert decoded.encoding == resolve_label(encoding), decoded
    assert decoded.text == truth(data, encoding)
    assert REPLACEMENT not in decoded.text
    for phrase in phrases:
        assert phrase in decoded.text

"""The saved pages and feeds decode right: the encodings corpus (GBK beyond GB2312, Big5,
Shift_JIS, EUC-JP, EUC-KR, windows-1251, KOI8-R, ISO-8859-2, windows-1252, windows-1254; see
tests/fixtures/encodings/README.md) from its bytes alone, every saved page of the test suite, and
feeds that mix encodings. How decode_page weighs declarations is tests/extract/test_charset.py's.
"""

from __future__ import annotations

import codecs
import gzip
import json
import re
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from helpers import FIXTURES, TESTS
from pages import ENCODINGS, assert_decoded_as, assert_page_text, saved_page, truth

from newscrawl.extract.charset import (
    REPLACEMENT,
    declared_encoding,
    decode_html,
    decode_page,
    feed_encoding,
    resolve_label,
)
from newscrawl.extract.feed import parse_feed, readable

PAGE_IDS = sorted(
    p.name.split(".")[0] for p in ENCODINGS.glob("*.html*") if not p.name.startswith("mixed")
)
UTC = ZoneInfo("UTC")


def test_the_encodings_pages_are_here_and_what_their_json_says() -> None:
    assert len(PAGE_IDS) == 15
    for page_id in PAGE_IDS:
        data, meta = saved_page("encodings", page_id)
        assert not data.isascii()
        text = truth(data, meta["encoding"])  # strict: the bytes really are in that encoding
        label = meta["declared_charset"]
        assert declared_encoding(data) == (resolve_label(label) if label else None)
        with pytest.raises(UnicodeDecodeError):
            data.decode("utf-8")
        assert all(phrase in text for phrase in meta["contains"])


def test_the_pages_are_what_their_json_says() -> None:
    gbk, _ = saved_page("pages", "gbk-chromium-no-charset")
    qq, qq_meta = saved_page("pages", "moz-qq")
    assert b"charset" not in gbk.lower()
    with pytest.raises(UnicodeDecodeError):
        gbk.decode("utf-8")
    assert qq_meta["declared_charset"] == "gb2312"
    assert b"charset=gb2312" in qq


@pytest.mark.parametrize("page_id", PAGE_IDS)
def test_the_bytes_alone_are_enough(page_id: str) -> None:
    data, meta = saved_page("encodings", page_id)
    assert_decoded_as(data, None, meta["encoding"], meta["contains"])


@pytest.mark.parametrize(
    "page_id", ["gbk-chromium-no-charset", "big5-chromium-no-charset", "moz-qq"]
)
def test_real_pages_decode_without_replacement_characters(page_id: str) -> None:
    data, meta = saved_page("pages", page_id)
    assert_page_text(decode_html(data), data, meta)


# Every saved page of the test suite decodes without a replacement character.


def _saved_pages() -> list[Path]:
    pages = [*FIXTURES.glob("**/*.html"), *FIXTURES.glob("**/*.html.gz")]
    pages += TESTS.glob("sources/*/*.html")
    return sorted(p for p in pages if "hexo" not in p.parts)


def _expected_encoding(path: Path) -> str | None:
    name = path.name.removesuffix(".gz").removesuffix(".html")
    meta_path = path.with_name(f"{name}.json")
    if path.name.endswith(".gbk.html"):
        return "gbk"  # the 快科技 excel-bug page saved as GBK (tests/sources/mydrivers/README.md)
    if not meta_path.exists():
        return None
    encoding = json.loads(meta_path.read_text(encoding="utf-8")).get("encoding")
    return encoding if isinstance(encoding, str) else None


@pytest.mark.parametrize("path", _saved_pages(), ids=lambda p: str(p.relative_to(TESTS)))
def test_every_saved_page_decodes_without_replacement_characters(path: Path) -> None:
    data = path.read_bytes()
    data = gzip.decompress(data) if path.suffix == ".gz" else data
    decoded = decode_page(data)
    assert REPLACEMENT not in decoded.text, decoded.encoding
    expected = _expected_encoding(path)
    if expected:
        assert decoded.text == truth(data, expected)
    assert decode_html(data) == decoded.text


def test_the_saved_pages_cover_the_fixture_folders() -> None:
    folders = {p.relative_to(TESTS).parts[:2] for p in _saved_pages()}
    assert {("fixtures", "pages"), ("fixtures", "encodings"), ("sources", "mydrivers")} <= folders
    assert len(_saved_pages()) >= 39  # 7 + 15 + 17 when this was written


# Feeds that mix encodings: every item recovered, every readable title read.


def _feed(name: str) -> tuple[bytes, dict[str, Any]]:
    meta = json.loads((ENCODINGS / f"{name}.json").read_text(encoding="utf-8"))
    return (ENCODINGS / f"{name}.xml").read_bytes(), meta


def _spaces(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_a_gb2312_feed_with_utf8_items_and_broken_bytes() -> None:
    data, meta = _feed("mixed-gb2312-utf8")
    with pytest.raises(UnicodeDecodeError):
        data.decode("gb18030")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    feed = parse_feed(data, "http://www.acnnewswire.net/rss2/press_rss_20c.asp", UTC)
    expected = meta["expected"]["entries"]
    assert len(feed.entries) == meta["expected"]["entry_count"] == len(expected)
    assert [e.link for e in feed.entries] == [e["link"] for e in expected]
    broken = meta["broken_title_index"]
    for index, (entry, want) in enumerate(zip(feed.entries, expected, strict=True)):
        if index == broken:
            # 亚洲开发银行…: the two bytes of 发 were replaced, the rest is intact
            assert entry.title == _spaces(want["title"]).replace("发", REPLACEMENT * 2, 1)
        else:
            assert entry.title == _spaces(want["title"])
    assert feed.problem is not None
    assert "read as utf-8" in feed.problem
    assert "1 unreadable" in feed.problem
    assert feed.title == _spaces(meta["expected"]["title"])


def test_a_utf8_feed_with_koi8r_items() -> None:
    data, meta = _feed("mixed-utf8-koi8r")
    assert data.startswith(b'<?xml version="1.0" encoding="utf-8"')
    feed = parse_feed(data, "http://www.newsru.com/plain/rss/all.xml", UTC)
    expected = meta["expected"]["entries"]
    assert len(feed.entries) == meta["expected"]["entry_count"] == len(expected)
    assert [e.title for e in feed.entries] == [_spaces(e["title"]) for e in expected]
    assert [e.link for e in feed.entries] == [e["link"] for e in expected]
    assert feed.problem is not None
    assert "read as koi8-r" in feed.problem


def test_a_legacy_feed_without_a_declaration() -> None:
    data = (FIXTURES / "feeds" / "rss2-gb2312-acnnewswire.xml").read_bytes()
    meta = json.loads((FIXTURES / "feeds" / "rss2-gb2312-acnnewswire.xml.json").read_text("utf-8"))
    bare = data.replace(b' encoding="gb2312"', b"", 1)
    assert bare != data
    feed = parse_feed(bare, meta["source_url"], UTC)
    assert [e.title for e in feed.entries] == [
        _spaces(e["title"]) for e in meta["expected"]["entries"]
    ]


@pytest.mark.parametrize("path", sorted((FIXTURES / "feeds").glob("*.xml")), ids=lambda p: p.stem)
def test_real_feeds_in_one_encoding_are_left_to_feedparser(path: Path) -> None:
    data = path.read_bytes()
    assert readable(data, None) == (data, None, None)
    assert readable(data, "application/rss+xml") == (data, "application/rss+xml", None)


def test_the_encoding_a_feed_is_read_in_run_by_run() -> None:
    data = (FIXTURES / "feeds" / "rss2-gb2312-acnnewswire.xml").read_bytes()
    assert b'encoding="gb2312"' in data[:100]
    assert feed_encoding(data, None) == "gb18030"  # GBK and GB18030 characters read too
    assert feed_encoding(data, "application/rss+xml; charset=latin1") == "cp1252"
    # UTF-16 and UTF-32, marked or not, cannot be cut at ASCII bytes: feedparser reads them whole.
    text = data.decode("gb18030").replace('encoding="gb2312"', 'encoding="utf-16"')
    for encoded in (
        text.encode("utf-16"),
        text.encode("utf-16-le"),
        text.encode("utf-16-be"),
        text.encode("utf-32"),
        text.encode("utf-32-be"),
        codecs.BOM_UTF32_BE + text.encode("utf-32-be"),
    ):
        assert feed_encoding(encoded, "application/rss+xml") is None

"""decode_html on real pages in GB2312, Big5 and UTF-8, with missing, lying and forced charsets."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest

from newscrawl.extract.charset import REPLACEMENT, decode_html

PAGES = Path(__file__).parent / "fixtures" / "pages"


def _page(page_id: str) -> tuple[bytes, dict[str, Any]]:
    data = gzip.decompress((PAGES / f"{page_id}.html.gz").read_bytes())
    return data, json.loads((PAGES / f"{page_id}.json").read_text(encoding="utf-8"))


def _assert_decoded(text: str, data: bytes, meta: dict[str, Any]) -> None:
    assert REPLACEMENT not in text
    assert text == data.decode(meta["encoding"])
    assert meta["expected"]["title"] in text
    for phrase in meta["expected"]["body_contains"]:
        assert phrase in text


@pytest.mark.parametrize(
    "page_id", ["gbk-chromium-no-charset", "big5-chromium-no-charset", "moz-qq"]
)
def test_real_pages_decode_without_replacement_characters(page_id: str) -> None:
    data, meta = _page(page_id)
    _assert_decoded(decode_html(data), data, meta)


def test_the_fixtures_are_what_their_json_says() -> None:
    gbk, _ = _page("gbk-chromium-no-charset")
    qq, qq_meta = _page("moz-qq")
    assert b"charset" not in gbk.lower()
    with pytest.raises(UnicodeDecodeError):
        gbk.decode("utf-8")
    assert qq_meta["declared_charset"] == "gb2312"
    assert b"charset=gb2312" in qq


LIES = [
    b'<meta charset="utf-8">',
    b'<meta http-equiv="Content-Type" content="text/html; charset=utf-8">',
    b"<meta charset=UTF-8 />",
]


@pytest.mark.parametrize("meta_tag", LIES)
def test_a_gbk_page_whose_meta_says_utf8(meta_tag: bytes) -> None:
    data, meta = _page("gbk-chromium-no-charset")
    lying = data.replace(b"<head>", b"<head>\n" + meta_tag, 1)
    assert lying != data
    text = decode_html(lying)
    assert REPLACEMENT not in text
    assert text == lying.decode("gb2312")
    assert meta["expected"]["title"] in text


def test_a_gbk_page_whose_http_header_says_utf8() -> None:
    data, meta = _page("gbk-chromium-no-charset")
    text = decode_html(data, content_type="text/html; charset=utf-8")
    _assert_decoded(text, data, meta)


@pytest.mark.parametrize("cut", [0.3, 0.5, 0.9])
def test_a_utf8_page_lying_in_its_meta_and_cut_off_mid_character(cut: float) -> None:
    data, meta = _page("moz-qq")
    end = int(len(data) * cut)
    while data[end] < 0xC0:  # on to the first byte of a multi-byte character...
        end += 1
    truncated = data[: end + 1]  # ...and keep only that byte of it
    text = decode_html(truncated)
    assert text == truncated.decode("utf-8", errors="replace")
    assert text.count(REPLACEMENT) == 1
    assert meta["expected"]["title"] in text


BOMS = [
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
]


@pytest.mark.parametrize(("bom", "encoding"), BOMS)
def test_a_byte_order_mark_beats_header_and_meta(bom: bytes, encoding: str) -> None:
    data, meta = _page("big5-chromium-no-charset")
    page = data.decode("big5").replace("<head>", '<head><meta charset="big5">', 1)
    text = decode_html(bom + page.encode(encoding), content_type="text/html; charset=gb2312")
    assert text.lstrip("\ufeff") == page
    assert meta["expected"]["body_contains"][0] in text


@pytest.mark.parametrize(
    ("page_id", "forced", "content_type"),
    [
        ("big5-chromium-no-charset", "big5", None),
        ("big5-chromium-no-charset", "big5", "text/html; charset=utf-8"),
        ("gbk-chromium-no-charset", "gbk", "text/html; charset=iso-8859-1"),
        ("gbk-chromium-no-charset", "gb2312", None),
    ],
)
def test_a_forced_encoding_decodes_right(
    page_id: str, forced: str, content_type: str | None
) -> None:
    data, meta = _page(page_id)
    _assert_decoded(decode_html(data, content_type, forced=forced), data, meta)


def test_a_forced_encoding_wins_over_everything_else() -> None:
    data, _ = _page("moz-qq")  # UTF-8 bytes: header, detection and strict decoding agree
    forced = decode_html(data, "text/html; charset=utf-8", forced="big5")
    # "big5" is read as WHATWG's Big5, Python's big5hkscs
    assert forced == data.decode("big5hkscs", errors="replace")
    assert "DeepMind新电脑" not in forced

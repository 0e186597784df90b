"""How decode_page (and decode_html, its text) picks an encoding: a byte order mark, then a
source's forced encoding, then the header and the meta tag unless the bytes contradict them, else
detection; UTF-16 and ISO-2022-JP from their own bytes, the GB family, cut-off and broken bytes.

The material is real saved pages (tests/fixtures/pages, tests/fixtures/encodings/README.md);
that every saved page and feed decodes right is tests/extract/test_encodings.py's concern.
"""

from __future__ import annotations

import codecs
import re

import pytest
from pages import assert_decoded_as, assert_page_text, saved_page, truth

from newscrawl.extract.charset import (
    REPLACEMENT,
    declared_encoding,
    decode_html,
    decode_page,
    errors,
    resolve_label,
)


def _with_meta(data: bytes, label: str) -> bytes:
    meta = f'<meta charset="{label}">'.encode()
    tagged = re.sub(rb"<head\b[^>]*>", lambda m: m[0] + meta, data, count=1)
    assert tagged != data
    return tagged


def _reencoded(page_id: str, encoding: str) -> bytes:
    data, meta = saved_page("encodings", page_id)
    return truth(data, meta["encoding"]).encode(encoding, errors="xmlcharrefreplace")


# Declarations that the bytes contradict are overruled; true ones are followed.

UTF8_META_TAGS = [
    b'<meta charset="utf-8">',
    b'<meta http-equiv="Content-Type" content="text/html; charset=utf-8">',
    b"<meta charset=UTF-8 />",
]


@pytest.mark.parametrize("meta_tag", UTF8_META_TAGS)
def test_a_gbk_page_whose_meta_says_utf8(meta_tag: bytes) -> None:
    data, meta = saved_page("pages", "gbk-chromium-no-charset")
    lying = data.replace(b"<head>", b"<head>\n" + meta_tag, 1)
    assert lying != data
    text = decode_html(lying)
    assert REPLACEMENT not in text
    assert text == lying.decode("gb2312")
    assert meta["expected"]["title"] in text


def test_a_gbk_page_whose_http_header_says_utf8() -> None:
    data, meta = saved_page("pages", "gbk-chromium-no-charset")
    text = decode_html(data, content_type="text/html; charset=utf-8")
    assert_page_text(text, data, meta)


LIES = [
    # the header and the meta tag disagree, the bytes side with the meta tag
    ("gbk-n4k-bbc-zhongwen", "text/html; charset=utf-8", "gbk", "gbk"),
    ("feed-gb2312-acnnewswire", "text/html; charset=utf-8", "gb2312", "gb2312"),
    # a server's default iso-8859-1 on pages in other scripts: no decoding error, only mojibake
    ("gbk-n4k-bbc-zhongwen", "text/html; charset=iso-8859-1", None, "gbk"),
    ("feed-gb2312-acnnewswire", "text/html; charset=ISO-8859-1", None, "gb2312"),
    ("big5-moz-pixnet", "text/html; charset=iso-8859-1", None, "big5"),
    ("shiftjis-yomiuri", "text/html; charset=iso-8859-1", None, "cp932"),
    ("eucjp-sankei", "text/html; charset=iso-8859-1", None, "euc_jp"),
    ("euckr-hankook", "text/html; charset=iso-8859-1", None, "cp949"),
    ("cp1251-pravda", "text/html; charset=iso-8859-1", None, "cp1251"),
    ("feed-koi8r-newsru", "text/html; charset=iso-8859-1", None, "koi8-r"),
    ("latin2-rzeczpospolita", "text/html; charset=windows-1252", None, "iso8859_2"),
    # a template's meta utf-8 on legacy bytes
    ("big5-moz-pixnet", None, "utf-8", "big5"),
    ("shiftjis-yomiuri", None, "utf-8", "cp932"),
    ("euckr-hankook", None, "UTF-8", "cp949"),
    ("cp1251-pravda", None, "utf-8", "cp1251"),
    ("feed-koi8r-newsru", None, "utf-8", "koi8-r"),
    ("cp1252-lemonde", None, "utf-8", "cp1252"),
    # the wrong legacy encoding, which decodes without an error
    ("big5-moz-pixnet", None, "gb2312", "big5"),
    ("euckr-hankook", None, "gb2312", "cp949"),
    ("shiftjis-yomiuri", "text/html; charset=gbk", None, "cp932"),
    ("feed-koi8r-newsru", "text/html; charset=windows-1251", None, "koi8-r"),
    ("cp1251-pravda", None, "koi8-r", "cp1251"),
    ("gbk-n4k-bbc-zhongwen", None, "big5", "gbk"),
]


@pytest.mark.parametrize(("page_id", "content_type", "meta_label", "encoding"), LIES)
def test_a_declaration_the_bytes_contradict_is_overruled(
    page_id: str, content_type: str | None, meta_label: str | None, encoding: str
) -> None:
    data, meta = saved_page("encodings", page_id)
    page = _with_meta(data, meta_label) if meta_label else data
    assert_decoded_as(page, content_type, encoding, meta["contains"])


@pytest.mark.parametrize(
    ("page_id", "content_type"),
    [
        ("gbk-moz-qq", None),  # its own meta: gb2312
        ("gbk-moz-qq", "text/html; charset=GBK"),
        ("cp1251-pravda", "text/html; charset=windows-1251"),
        ("feed-koi8r-newsru", "text/html; charset=koi8-r"),
        ("cp1252-lemonde", "text/html; charset=iso-8859-1"),  # iso-8859-1 means windows-1252
        ("latin2-rzeczpospolita", "text/html; charset=iso-8859-2"),
        ("euckr-hankook", "text/html; charset=euc-kr"),  # euc-kr means cp949 (WHATWG)
    ],
)
def test_a_true_declaration_is_followed(page_id: str, content_type: str | None) -> None:
    data, meta = saved_page("encodings", page_id)
    decoded = decode_page(data, content_type)
    assert decoded.basis == ("header" if content_type else "meta")
    assert_decoded_as(data, content_type, meta["encoding"], meta["contains"])


def test_koi8r_and_windows_1251_are_told_apart_on_the_same_text() -> None:
    # The Pravda page, re-encoded as KOI8-R: every byte decodes in both, only the text differs.
    koi8 = _reencoded("cp1251-pravda", "koi8-r")
    _, meta = saved_page("encodings", "cp1251-pravda")
    assert_decoded_as(koi8, None, "koi8-r", meta["contains"])
    assert_decoded_as(koi8, "text/html; charset=windows-1251", "koi8-r", meta["contains"])


def test_a_turkish_page_under_a_latin1_header() -> None:
    # A real Turkish page (fundus NTV, UTF-8 in tests/fixtures/pages) served as windows-1254
    # under a default iso-8859-1 header: ğ ş ı would come out as ð þ ý.
    utf8, title = saved_page("pages", "tr-NTVTR_2024_04_30")
    page = utf8.decode("utf-8").replace('charset="utf-8"', "").encode("cp1254", "xmlcharrefreplace")
    headline = title["expected"]["title"]
    assert any(c in headline for c in "ğşıİ")
    assert_decoded_as(page, None, "cp1254", [headline])
    assert_decoded_as(page, "text/html; charset=iso-8859-1", "cp1254", [headline])


# A byte order mark, then a forced encoding, win over any declaration.

BOMS = [
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
]


@pytest.mark.parametrize(("bom", "encoding"), BOMS)
@pytest.mark.parametrize(
    "page_id", ["gbk-moz-qq", "big5-moz-pixnet", "cp1251-pravda", "shiftjis-yomiuri"]
)
def test_a_byte_order_mark_beats_header_and_meta(bom: bytes, encoding: str, page_id: str) -> None:
    data, meta = saved_page("encodings", page_id)
    text = truth(_with_meta(data, "big5"), meta["encoding"])
    page = bom + text.encode(encoding)
    decoded = decode_page(page, "text/html; charset=gbk")
    assert (decoded.basis, decoded.text) == ("bom", text)
    assert decode_html(page, "text/html; charset=gb2312") == text
    assert all(phrase in decoded.text for phrase in meta["contains"])


def test_a_nul_after_a_utf16_bom_is_not_a_utf32_bom() -> None:
    # FF FE 00 00 is also a UTF-16LE mark and a U+0000: what follows is not UTF-32, so it is that.
    data, meta = saved_page("encodings", "cp1251-pravda")
    text = "\x00" + truth(data, meta["encoding"])
    page = codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    assert page.startswith(codecs.BOM_UTF32_LE)
    decoded = decode_page(page, "text/html; charset=windows-1251")
    assert (decoded.encoding, decoded.basis, decoded.text) == ("utf-16-le", "bom", text)


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
    data, meta = saved_page("pages", page_id)
    assert_page_text(decode_html(data, content_type, forced=forced), data, meta)


def test_a_forced_encoding_wins_over_everything_else() -> None:
    data, _ = saved_page(
        "pages", "moz-qq"
    )  # UTF-8 bytes: header, detection and strict decoding agree
    forced = decode_html(data, "text/html; charset=utf-8", forced="big5")
    # "big5" is read as WHATWG's Big5, Python's big5hkscs
    assert forced == data.decode("big5hkscs", errors="replace")
    assert "DeepMind新电脑" not in forced


def test_a_forced_encoding_still_wins() -> None:
    data, _ = saved_page("encodings", "cp1251-pravda")
    forced = decode_page(data, "text/html; charset=utf-8", forced="koi8-r")
    assert forced.text == data.decode("koi8-r")


# Encodings told by their own bytes.


@pytest.mark.parametrize(
    ("encoding", "label"), [("utf-16-le", "utf-16le"), ("utf-16-be", "utf-16be")]
)
def test_utf16_without_a_bom_is_read_from_its_nul_bytes(encoding: str, label: str) -> None:
    data, meta = saved_page("encodings", "euckr-hankook")
    text = truth(data, meta["encoding"])
    for content_type in (None, "text/html; charset=euc-kr", f"text/html; charset={label}"):
        decoded = decode_page(text.encode(encoding), content_type)
        assert (decoded.encoding, decoded.text) == (encoding, text)


@pytest.mark.parametrize("encoding", ["utf-32-le", "utf-32-be"])
def test_utf32_without_a_bom_is_read_from_its_nul_bytes(encoding: str) -> None:
    # Read as anything else (the ASCII markup says nothing), it is text with NULs everywhere.
    data, meta = saved_page("encodings", "euckr-hankook")
    text = truth(data, meta["encoding"])
    for label in (None, "euc-kr", "utf-8", "utf-16", "utf-32"):
        content_type = f"text/html; charset={label}" if label else None
        decoded = decode_page(text.encode(encoding), content_type)
        assert (decoded.encoding, decoded.text) == (encoding, text)
        assert "\x00" not in decoded.text


def test_iso_2022_jp_is_read_from_its_escape_sequences() -> None:
    data, meta = saved_page("encodings", "shiftjis-yomiuri")
    text = truth(data, "cp932")
    jis = text.encode("iso2022_jp", errors="xmlcharrefreplace")
    assert jis.isascii()
    decoded = decode_page(jis, "text/html; charset=iso-8859-1")
    assert decoded.encoding == "iso2022_jp"
    assert decoded.text == jis.decode("iso2022_jp")
    assert meta["contains"][0] in decoded.text


# GBK beyond GB2312: pages declare gb2312 and use GBK (and GB18030) characters.


def test_gb2312_means_gb18030() -> None:
    data, meta = saved_page("encodings", "gbk-moz-qq")
    assert meta["declared_charset"] == "gb2312"
    assert b'<meta charset="gb2312">' in data
    with pytest.raises(UnicodeDecodeError):
        data.decode("gb2312")  # Python's gb2312 is the 1980 set only
    assert resolve_label("gb2312") == resolve_label("GBK") == "gb18030"
    assert_decoded_as(data, None, "gbk", ["镕", "嬅", "嬛", "囧"])
    assert_decoded_as(data, "text/html; charset=GB2312", "gbk", ["镕"])


def test_the_one_byte_euro_of_code_page_936_is_read_under_every_gb_label() -> None:
    # Windows' GBK writes € as the single byte 0x80, which browsers read and Python's codecs do
    # not: it is the euro sign, not a broken byte.
    data, _ = saved_page("encodings", "gbk-moz-qq")
    page = data.replace(b"<body", b"<p>\x80 5</p><body", 1)
    for label in (None, "gb2312", "gbk", "gb18030"):
        decoded = decode_page(page, f"text/html; charset={label}" if label else None)
        assert decoded.encoding == "gb18030"
        assert "<p>€ 5</p>" in decoded.text
        assert REPLACEMENT not in decoded.text
    assert errors(page, "gb18030") == 0


NAMES = "朱镕基、王堃、张喆、李炜"  # 镕 堃 喆 炜: GBK, not GB2312


BEYOND_GBK = "𠮷野家 €5 ✓ 🙂"  # GB18030 four-byte sequences (and GBK's one-byte euro)


@pytest.mark.parametrize("label", ["gb2312", "GB_2312-80", "gbk", "x-gbk", "gb18030", None])
def test_names_outside_gb2312_decode_whatever_gb_label_is_declared(label: str | None) -> None:
    data, _ = saved_page("encodings", "gbk-moz-qq")
    text = truth(data, "gbk").replace('<meta charset="gb2312">', "")
    text = text.replace("<body", f"<p>{NAMES} {BEYOND_GBK}</p><body", 1)
    page = text.encode("gb18030")
    with pytest.raises(UnicodeEncodeError):
        NAMES.encode("gb2312")
    content_type = f"text/html; charset={label}" if label else None
    decoded = decode_page(page, content_type)
    assert (decoded.encoding, decoded.text) == ("gb18030", text)
    assert NAMES in decoded.text
    assert BEYOND_GBK in decoded.text


# Pages cut off mid-character or with a few broken bytes keep their encoding.


@pytest.mark.parametrize("cut", [0.3, 0.5, 0.9])
def test_a_utf8_page_lying_in_its_meta_and_cut_off_mid_character(cut: float) -> None:
    data, meta = saved_page("pages", "moz-qq")
    end = int(len(data) * cut)
    while data[end] < 0xC0:  # on to the first byte of a multi-byte character...
        end += 1
    truncated = data[: end + 1]  # ...and keep only that byte of it
    text = decode_html(truncated)
    assert text == truncated.decode("utf-8", errors="replace")
    assert text.count(REPLACEMENT) == 1
    assert meta["expected"]["title"] in text


def test_a_utf8_page_spelling_a_replacement_character_itself_is_utf8() -> None:
    # Its own bytes EF BF BD (U+FFFD, as a CMS that once lost a character stored it) are
    # valid UTF-8: no reason to believe a latin-1 header over the bytes.
    data, meta = saved_page("pages", "de-WDR_2024_04_22")
    data = data.replace(b"</title>", "\ufffd</title>".encode(), 1)
    decoded = decode_page(data, "text/html; charset=iso-8859-1")
    assert (decoded.encoding, decoded.basis) == ("utf-8", "bytes")
    assert decoded.text == data.decode("utf-8")
    assert meta["expected"]["title"] in decoded.text


def test_a_gbk_page_cut_off_mid_character_stays_gbk() -> None:
    data, _ = saved_page("encodings", "gbk-n4k-bbc-zhongwen")
    end = len(data) // 2
    while data[end] < 0x81:  # on to the first byte of a two-byte character...
        end += 1
    cut = data[: end + 1]  # ...and keep only that byte of it
    for content_type in (None, "text/html; charset=gbk"):
        decoded = decode_page(cut, content_type)
        assert decoded.encoding == "gb18030"
        assert decoded.text.count(REPLACEMENT) == 1
        assert decoded.text.endswith(REPLACEMENT)


@pytest.mark.parametrize("page_id", ["gbk-moz-qq", "euckr-hankook", "big5-moz-pixnet"])
def test_a_few_broken_bytes_do_not_make_a_declaration_a_lie(page_id: str) -> None:
    data, meta = saved_page("encodings", page_id)
    broken = bytearray(data)
    highs = [i for i, b in enumerate(data) if b >= 0xA1]
    for index in highs[len(highs) // 4 :: len(highs) // 5][:5]:
        broken[index] = 0xFF  # a byte no character of these encodings uses
    labels = {"gbk-moz-qq": None, "euckr-hankook": "euc-kr", "big5-moz-pixnet": "big5"}
    label = labels[page_id]
    for content_type in (None, f"text/html; charset={label}" if label else None):
        decoded = decode_page(bytes(broken), content_type)
        assert decoded.encoding == resolve_label(meta["encoding"])
        assert 1 <= decoded.text.count(REPLACEMENT) <= 10


def test_an_undeclared_page_with_broken_bytes_is_still_detected() -> None:
    data, meta = saved_page("encodings", "euckr-hankook")
    broken = bytearray(data)
    highs = [i for i, b in enumerate(data) if b >= 0xA1]
    for index in highs[100::997][:5]:
        broken[index] = 0xFF
    decoded = decode_page(bytes(broken))
    assert (decoded.encoding, decoded.basis) == ("cp949", "detected")
    assert meta["contains"][0] in decoded.text


# Labels read as browsers read them (the Encoding Standard's label table), bar those that would
# lose the page's text, whatever w3lib version finds them.


@pytest.mark.parametrize(
    ("label", "codec"),
    [
        ("gb2312", "gb18030"),  # GBK and GB18030 are supersets of GB2312: pages use them
        ("x-gbk", "gb18030"),
        ("chinese", "gb18030"),
        ("cp936", "gb18030"),
        ("latin1", "cp1252"),
        ("ISO-8859-1", "cp1252"),
        ("us-ascii", "cp1252"),
        ("iso-8859-9", "cp1254"),
        ("tis-620", "cp874"),
        ("big5", "big5hkscs"),
        ("shift_jis", "cp932"),
        ("euc-kr", "cp949"),
        ("euc_kr", "cp949"),
        ("ks_c_5601-1987", "cp949"),
        ("iso-8859-8-i", "iso8859-8"),
        ("koi8-ru", "koi8-u"),
        ("x-mac-cyrillic", "mac-cyrillic"),
        (" UTF-8 ", "utf-8"),
        ("utf-16", "utf-16-le"),
        ("utf-16be", "utf-16-be"),
        # outside the Standard: kept, as a source may force them and no text is lost
        ("utf-32", "utf-32-le"),
        ("UTF-32BE", "utf-32-be"),
        ("cp437", "cp437"),
    ],
)
def test_a_label_reads_as_browsers_read_it(label: str, codec: str) -> None:
    assert resolve_label(label) == codec


@pytest.mark.parametrize(
    "label",
    [
        "hz-gb-2312",  # browsers decode these to a single U+FFFD
        "iso-2022-kr",
        "iso-2022-cn",
        "x-user-defined",  # bytes 0x80-0xFF as private-use characters
        "utf-7",  # ASCII bytes that spell markup
        "unicode_escape",
        "base64",  # not a charset
        "cp500",  # EBCDIC: markup is not ASCII
        "no-such-charset",
    ],
)
def test_a_label_that_would_lose_the_text_is_ignored(label: str) -> None:
    assert resolve_label(label) is None
    data, meta = saved_page("encodings", "gbk-moz-qq")
    page = data.replace(b'<meta charset="gb2312">', b"", 1)
    assert_decoded_as(page, f"text/html; charset={label}", "gbk", meta["contains"])


def test_a_utf16_declaration_read_in_ascii_means_utf8() -> None:
    for label in ("utf-16", "UTF-16LE", "utf-16be"):
        page = f'<html><head><meta charset="{label}"><title>Zürich</title>'.encode()
        assert declared_encoding(page) == "utf-8"
        assert decode_page(page, "text/html").text == page.decode("utf-8")
        latin = page.replace(b"Z\xc3\xbcrich", b"Z\xfcrich")  # a lie: detection reads the bytes
        assert "Zürich" in decode_page(latin).text

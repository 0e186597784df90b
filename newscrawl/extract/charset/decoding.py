"""Charset labels, byte order marks and decoding, read the same way whichever w3lib is installed.

w3lib finds the declarations (the Content-Type charset, the `<meta>` prescan), and newscrawl reads
what they name itself: w3lib 2.6 moved to the Encoding Standard's reading of labels and BOMs and
dropped the GB18030 error handler charset/ decoded with, and its answers for the GB family, UTF-32
and unknown labels differ from 2.5's. Labels are read as browsers read them (the Encoding Standard's
label table), but a page is archived as text with nothing lost: see `read_bom` and `resolve_label`.
"""

from __future__ import annotations

import codecs
from functools import cache
from typing import cast

from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding

# Python codec -> the labels the Encoding Standard gives the encoding it decodes
# (https://encoding.spec.whatwg.org/#names-and-labels). All the GB labels read as GB18030: the
# Standard's GBK decoder *is* its gb18030 decoder (with the euro at 0x80), and GBK is a superset of
# GB2312, so pages labelled gb2312 that use GBK or GB18030 characters (镕, 𠮷) decode whole, as
# in browsers; Python's gbk codec would break on both.
_WHATWG_LABELS = {
    "utf-8": "unicode-1-1-utf-8 unicode11utf8 unicode20utf8 utf-8 utf8 x-unicode20utf8",
    "cp866": "866 cp866 csibm866 ibm866",
    "iso8859-2": "csisolatin2 iso-8859-2 iso-ir-101 iso8859-2 iso88592 iso_8859-2 "
    "iso_8859-2:1987 l2 latin2",
    "iso8859-3": "csisolatin3 iso-8859-3 iso-ir-109 iso8859-3 iso88593 iso_8859-3 "
    "iso_8859-3:1988 l3 latin3",
    "iso8859-4": "csisolatin4 iso-8859-4 iso-ir-110 iso8859-4 iso88594 iso_8859-4 "
    "iso_8859-4:1988 l4 latin4",
    "iso8859-5": "csisolatincyrillic cyrillic iso-8859-5 iso-ir-144 iso8859-5 iso88595 "
    "iso_8859-5 iso_8859-5:1988",
    "iso8859-6": "arabic asmo-708 csiso88596e csiso88596i csisolatinarabic ecma-114 iso-8859-6 "
    "iso-8859-6-e iso-8859-6-i iso-ir-127 iso8859-6 iso88596 iso_8859-6 iso_8859-6:1987",
    "iso8859-7": "csisolatingreek ecma-118 elot_928 greek greek8 iso-8859-7 iso-ir-126 "
    "iso8859-7 iso88597 iso_8859-7 iso_8859-7:1987 sun_eu_greek",
    # ISO-8859-8-I (logical order) decodes as ISO-8859-8 (visual order): only layout differs.
    "iso8859-8": "csiso88598e csisolatinhebrew hebrew iso-8859-8 iso-8859-8-e iso-ir-138 "
    "iso8859-8 iso88598 iso_8859-8 iso_8859-8:1988 visual csiso88598i iso-8859-8-i logical",
    "iso8859-10": "csisolatin6 iso-8859-10 iso-ir-157 iso8859-10 iso885910 l6 latin6",
    "iso8859-13": "iso-8859-13 iso8859-13 iso885913",
    "iso8859-14": "iso-8859-14 iso8859-14 iso885914",
    "iso8859-15": "csisolatin9 iso-8859-15 iso8859-15 iso885915 iso_8859-15 l9",
    "iso8859-16": "iso-8859-16",
    "koi8-r": "cskoi8r koi koi8 koi8-r koi8_r",
    "koi8-u": "koi8-ru koi8-u",
    "mac-roman": "csmacintosh mac macintosh x-mac-roman",
    "cp874": "dos-874 iso-8859-11 iso8859-11 iso885911 tis-620 windows-874",
    "cp1250": "cp1250 windows-1250 x-cp1250",
    "cp1251": "cp1251 windows-1251 x-cp1251",
    # Latin-1 and ASCII labels read as windows-1252, whose C1 range is text (€, “, ’).
    "cp1252": "ansi_x3.4-1968 ascii cp1252 cp819 csisolatin1 ibm819 iso-8859-1 iso-ir-100 "
    "iso8859-1 iso88591 iso_8859-1 iso_8859-1:1987 l1 latin1 us-ascii windows-1252 x-cp1252",
    "cp1253": "cp1253 windows-1253 x-cp1253",
    "cp1254": "cp1254 csisolatin5 iso-8859-9 iso-ir-148 iso8859-9 iso88599 iso_8859-9 "
    "iso_8859-9:1989 l5 latin5 windows-1254 x-cp1254",
    "cp1255": "cp1255 windows-1255 x-cp1255",
    "cp1256": "cp1256 windows-1256 x-cp1256",
    "cp1257": "cp1257 windows-1257 x-cp1257",
    "cp1258": "cp1258 windows-1258 x-cp1258",
    "mac-cyrillic": "x-mac-cyrillic x-mac-ukrainian",
    "gb18030": "chinese csgb2312 csiso58gb231280 gb2312 gb_2312 gb_2312-80 gbk iso-ir-58 x-gbk "
    "gb18030",
    "big5hkscs": "big5 big5-hkscs cn-big5 csbig5 x-x-big5",
    "euc_jp": "cseucpkdfmtjapanese euc-jp x-euc-jp",
    "iso2022_jp": "csiso2022jp iso-2022-jp",
    "cp932": "csshiftjis ms932 ms_kanji shift-jis shift_jis sjis windows-31j x-sjis",
    "cp949": "cseuckr csksc56011987 euc-kr iso-ir-149 korean ks_c_5601-1987 ks_c_5601-1989 "
    "ksc5601 ksc_5601 windows-949",
    # An unmarked "utf-16" is little-endian, as Windows writes it and browsers read it.
    "utf-16-le": "csunicode iso-10646-ucs-2 ucs-2 unicode unicodefeff utf-16 utf-16le",
    "utf-16-be": "unicodefffe utf-16be",
}
_CODECS = {label: codec for codec, labels in _WHATWG_LABELS.items() for label in labels.split()}
# Labels newscrawl ignores, leaving the page's bytes to say what they are:
# - the Encoding Standard's "replacement" ones (ISO-2022-KR and -CN, HZ), which browsers decode
#   to a single U+FFFD because their escapes let ASCII bytes smuggle markup in, as UTF-7's do:
#   the page would be lost whole;
# - x-user-defined, which maps bytes 0x80-0xFF to private-use characters (unreadable text).
_IGNORED = frozenset(
    {"csiso2022kr", "hz-gb-2312", "iso-2022-cn", "iso-2022-cn-ext", "iso-2022-kr", "x-user-defined"}
)
# The same by the codec Python finds for other names (frostwork, which w3lib 2.6 imports,
# registers codecs named "replacement" and "x-user-defined"); UTF-7 smuggles markup as the
# replacement encodings do, and no browser decodes it. Any other codec must read ASCII as ASCII,
# as markup is written (not unicode_escape, punycode, EBCDIC, base64...).
_REFUSED_CODECS = frozenset(
    {"utf-7", "hz", "iso2022_kr", "replacement", "x-user-defined"}
    | {"unicode-escape", "raw-unicode-escape", "idna"}  # ASCII in, but not a charset
)


@cache
def resolve_label(label: str) -> str | None:
    """The Python codec newscrawl decodes text labelled `label` with, None for none.

    The Encoding Standard's labels read as browsers read them (gb2312 as GB18030, latin1 as
    windows-1252, big5 as Big5-HKSCS). Other labels Python knows are honoured too (a source's
    forced cp437; UTF-32, which browsers never decode but whose text would otherwise come out
    with a NUL after every character), bar the ones that would lose the page (see _IGNORED).
    """
    name = label.strip().lower()
    if name in _IGNORED:
        return None
    if name in _CODECS:
        return _CODECS[name]
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    if codec == "utf-32":
        return "utf-32-le"  # unmarked, little-endian as an unmarked "utf-16" is
    if codec in _REFUSED_CODECS or not (codec.startswith("utf-") or ascii_compatible(codec)):
        return None
    # Python's names for the Standard's encodings ("gbk", "iso8859-1", "euc_kr") read as its labels
    return _CODECS.get(codec, _CODECS.get(codec.replace("_", "-"), codec))


def header_encoding(content_type: str | None) -> str | None:
    """The encoding a Content-Type header's charset names, as newscrawl reads its label."""
    label = http_content_type_encoding(content_type)
    return resolve_label(label) if label else None


def declared_encoding(data: bytes) -> str | None:
    """The encoding a page (or feed) declares in its own markup, if any, as newscrawl reads its
    label. A declaration of UTF-16 or UTF-32 read in ASCII bytes means UTF-8, as in browsers."""
    label = html_body_declared_encoding(data)
    encoding = resolve_label(label) if label else None
    if encoding and encoding.startswith(("utf-16", "utf-32")):
        return "utf-8"
    return encoding


_PRINTABLE = bytes(range(0x20, 0x7F))


@cache
def ascii_compatible(codec: str) -> bool:
    """Whether `codec` reads printable ASCII as ASCII (what an HTML page's markup needs)."""
    try:
        return _PRINTABLE.decode(codec) == _PRINTABLE.decode("ascii")
    except (UnicodeError, LookupError):  # base64 & co. are "not a text encoding"
        return False


# UTF-32 marks first: the UTF-32LE one starts with the UTF-16LE one.
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def read_bom(data: bytes) -> tuple[str, int] | None:
    """The encoding a byte order mark at the start of `data` gives, and the mark's length.

    A UTF-32 mark means UTF-32 when what follows is UTF-32. Browsers follow the Encoding Standard,
    which knows no UTF-32: they read FF FE 00 00 as a UTF-16LE mark and a NUL, and then a NUL
    after every character, and ignore 00 00 FE FF. newscrawl keeps every character instead;
    a UTF-16LE page that starts with a U+0000 (FF FE 00 00 and not UTF-32) stays UTF-16LE.
    """
    if not data or data[0] not in b"\xef\xff\xfe\x00":
        return None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            if encoding.startswith("utf-32") and not _valid(data[4:4100], encoding):
                continue
            return encoding, len(bom)
    return None


def wide_encoding(data: bytes) -> str | None:
    """UTF-16 or UTF-32, and which byte order, for text without a byte order mark, told by its
    NULs: ASCII markup in UTF-16 is every other byte NUL, in UTF-32 three bytes in four (two for
    CJK text); no other web encoding has NULs. None when the bytes are not that."""
    head = data[:4096]
    head = head[: len(head) // 4 * 4]
    if len(head) < 16 or b"\x00" not in head:
        return None
    zeros = [head[i::4].count(0) for i in range(4)]
    quarter = len(head) // 4
    for encoding, high, next_high in (("utf-32-le", 3, 2), ("utf-32-be", 0, 1)):
        # the top byte is always NUL, the next one but for characters beyond the BMP
        nuls = zeros[high] == quarter and zeros[next_high] * 10 >= quarter * 9
        if nuls and _valid(head, encoding):
            return encoding
    odd, even = zeros[1] + zeros[3], zeros[0] + zeros[2]  # CJK text has a few NULs too
    enough = max(4, len(head) // 8)  # a quarter of the characters or more are ASCII markup
    if odd >= enough and even * 4 < odd:
        return "utf-16-le"
    if even >= enough and odd * 4 < even:
        return "utf-16-be"
    return None


def _valid(data: bytes, encoding: str) -> bool:
    """Whether `data` decodes in `encoding` without an error, a character cut off at the end
    aside."""
    try:
        codecs.getincrementaldecoder(encoding)("strict").decode(data, final=False)
    except UnicodeDecodeError:
        return False
    return True


def _gb18030_replace(exc: UnicodeError) -> tuple[str, int]:
    error = cast("UnicodeDecodeError", exc)
    if error.object[error.start] == 0x80:
        return "\u20ac", error.start + 1
    return "\ufffd", error.end


# The Encoding Standard's GB18030 (and so GBK) decoder reads a lone 0x80 as the euro sign, as
# Windows' code page 936 does, where Python's codec rejects it. Registered under newscrawl's own
# name: w3lib 2.5 registered one and 2.6 no longer does.
GB18030_REPLACE = "newscrawl_gb18030_replace"
codecs.register_error(GB18030_REPLACE, _gb18030_replace)


@cache
def error_handler(encoding: str) -> str:
    """The error handler newscrawl decodes `encoding` with: U+FFFD for what does not decode."""
    return GB18030_REPLACE if codecs.lookup(encoding).name == "gb18030" else "replace"


def decode(data: bytes, encoding: str) -> str:
    """`data` decoded in the Python codec `encoding`, U+FFFD for what does not decode."""
    return data.decode(encoding, error_handler(encoding))

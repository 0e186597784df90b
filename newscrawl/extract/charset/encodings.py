"""What charset detection chooses from and how it weighs close calls."""

from __future__ import annotations

import re

REPLACEMENT = "\ufffd"

# What detection chooses from: the encodings the WHATWG Encoding Standard keeps for the web, in
# Python's names, the web's default first, then by how many pages use them. Left to itself
# charset-normalizer also weighs DOS and Mac code pages (and calls French text cp1257). Some
# aliases are listed twice on purpose: charset-normalizer rejects cp932 on Japanese pages it
# accepts as shift_jis, and the reverse for NEC characters.
WEB_ENCODINGS = (
    "utf_8",
    "cp1252",
    "gb18030",
    "big5hkscs",
    "big5",
    "cp932",
    "shift_jis",
    "euc_jp",
    "cp949",
    "euc_kr",
    "cp1251",
    "koi8_r",
    "iso8859_2",
    "cp1250",
    "cp1254",
    "koi8_u",
    "cp1253",
    "iso8859_7",
    "cp1255",
    "iso8859_8",
    "cp1256",
    "cp1257",
    "iso8859_13",
    "iso8859_4",
    "iso8859_5",
    "cp1258",
    "cp874",
    "cp866",
    "mac_cyrillic",
    "iso8859_15",
    "iso8859_16",
)
# Among detections that charset-normalizer rates (nearly) equal, the code page of the language
# it recognised wins (Turkish text decodes almost alike in cp1254 and cp1252, but only one of
# them is Turkish), else the first in WEB_ENCODINGS: windows-1252 for Western text (WHATWG's
# default for unlabeled pages), which decodes it as cp1250 and iso8859_10 do until a Michèle
# turns into a Michčle.
_NATIVE = {
    "Turkish": ("cp1254",),
    "Polish": ("iso8859_2", "cp1250"),
    "Czech": ("cp1250", "iso8859_2"),
    "Slovak": ("cp1250", "iso8859_2"),
    "Hungarian": ("iso8859_2", "cp1250"),
    "Croatian": ("cp1250", "iso8859_2"),
    "Slovene": ("cp1250", "iso8859_2"),
    "Romanian": ("iso8859_16", "cp1250"),
    "Lithuanian": ("cp1257", "iso8859_13"),
    "Latvian": ("cp1257", "iso8859_13"),
    "Estonian": ("cp1257", "iso8859_13"),
    "Russian": ("cp1251", "koi8_r"),
    "Ukrainian": ("cp1251", "koi8_u"),
    "Bulgarian": ("cp1251",),
    "Serbian": ("cp1251",),
    "Greek": ("cp1253", "iso8859_7"),
    "Hebrew": ("cp1255", "iso8859_8"),
    "Arabic": ("cp1256",),
    "Farsi": ("cp1256",),
    "Vietnamese": ("cp1258",),
    "Thai": ("cp874",),
}
_NEAR_CHAOS = 0.01  # detections this close in "mess" and coherence are ties...
_NEAR_COHERENCE = 0.05  # ...decided by _NATIVE, then WEB_ENCODINGS' order
# A clean declared decoding is overruled only when charset-normalizer finds it clearly worse
# than its own pick (by mess minus language coherence). Measured on the 146 fundus and zh
# corpus pages re-encoded in their languages' legacy encodings: a wrong script scores 0.14 or
# more worse (Korean or Japanese read as GBK 0.14-0.36, Russian KOI8-R as cp1251 0.53-0.57,
# Western text as cp1251 0.7-0.8); one Latin code page for another mostly under 0.1 (Turkish
# read as windows-1252 0.04-0.08), a near miss not worth overruling a declaration for.
_OVERRULE_MARGIN = 0.1
_MULTIBYTE = ("gb18030", "big5hkscs", "cp932", "euc_jp", "cp949")
_SAMPLE_BYTES = 64 * 1024
_SCAN_BYTES = 1024 * 1024  # where the sample is looked for
_ASCII = bytes(range(128))
_NOT_LOW = bytes(range(0x40, 0x100))
_RAW_TEXT = re.compile(rb"<(script|style)\b", re.IGNORECASE)
_MARKUP = re.compile(rb"<!--.*?(?:-->|$)|<[^>]*(?:>|$)", re.DOTALL)
_RAW_END = {
    b"script": re.compile(rb"</script", re.IGNORECASE),
    b"style": re.compile(rb"</style", re.IGNORECASE),
}
_SPACES = re.compile(rb"\s+")
_RUN_BOUNDARY = re.compile(rb"(?<=[<>])")
_UTF8_LONG = re.compile(rb"[\xe0-\xf4][\x80-\xbf]{2}")
_ISO2022_ESCAPES = (b"\x1b$B", b"\x1b$@", b"\x1b(J", b"\x1b(I")

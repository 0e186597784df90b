"""Bytes -> text for pages and feeds whose header and meta charset may be missing or wrong."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from functools import cache

from charset_normalizer import CharsetMatch, from_bytes
from w3lib.encoding import (
    html_body_declared_encoding,
    http_content_type_encoding,
    read_bom,
    resolve_encoding,
    to_unicode,
)

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


@dataclass(frozen=True)
class Decoded:
    """A page's text, the codec that produced it and why that codec was chosen."""

    text: str
    encoding: str  # Python codec name
    basis: str  # forced, bom, header, meta, bytes (self-evident), detected or default


def decode_html(data: bytes, content_type: str | None = None, forced: str | None = None) -> str:
    """Decode a page: see `decode_page`."""
    return decode_page(data, content_type, forced).text


def decode_page(data: bytes, content_type: str | None = None, forced: str | None = None) -> Decoded:
    """Decode a page: a source's forced encoding, a BOM, bytes that can only be UTF-8 (or
    UTF-16, ISO-2022-JP), then the header and the meta tag unless they are lies, then detection.

    A declaration is a lie when the bytes do not decode in it (GBK pages declaring utf-8), or
    when they do but charset-normalizer finds the text clearly worse than in its own pick (GBK
    under a default `iso-8859-1` header decodes without an error, into mojibake).
    """
    if forced:
        encoding = resolve_encoding(forced) or forced
        return Decoded(to_unicode(data, encoding), encoding, "forced")
    bom_encoding, bom = read_bom(data)
    if bom_encoding and bom:
        return Decoded(to_unicode(data[len(bom) :], bom_encoding), bom_encoding, "bom")
    declared = _declared(data, content_type)
    evident = _self_evident(data, [enc for enc, _ in declared])
    if evident:
        return Decoded(to_unicode(data, evident), evident, "bytes")
    encoding, basis = _choose(data, declared)
    return Decoded(to_unicode(data, encoding), encoding, basis)


def _declared(data: bytes, content_type: str | None) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for encoding, basis in (
        (http_content_type_encoding(content_type), "header"),
        (html_body_declared_encoding(data), "meta"),
    ):
        if encoding in ("utf-16", "utf-32"):
            encoding += "-be"  # as w3lib reads an unmarked UTF-16/32 label
        if encoding and encoding not in (e for e, _ in found):
            found.append((encoding, basis))
    return found


def _self_evident(data: bytes, declared: list[str]) -> str | None:
    """The encoding when the bytes leave no doubt, whatever the labels say."""
    if b"\x00" in data[:4096]:
        # ASCII markup in UTF-16 is every other byte NUL; no other web encoding has NULs.
        wide = _utf16_without_bom(data)
        if wide and errors(data, wide) == 0:
            return wide
    if data.isascii():
        if b"\x1b" in data and any(esc in data for esc in _ISO2022_ESCAPES):
            return "iso2022_jp" if errors(data, "iso2022_jp") == 0 else None
        # Any ASCII-compatible label gives the same text.
        return next((e for e in declared if _ascii_compatible(e)), "utf-8")
    if errors(data, "utf-8") == 0:
        # Valid UTF-8 with non-ASCII bytes is UTF-8: legacy text is practically never valid
        # UTF-8, while pages saved by browsers are re-encoded as UTF-8 and keep their old meta
        # tag. A page cut off mid-character counts (a truncated download; detection would
        # call it cp1256 with no U+FFFD at all).
        return "utf-8"
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    head = data[:4096]
    odd, even = head[1::2].count(0), head[0::2].count(0)  # CJK text has a few NULs too
    enough = max(4, len(head) // 8)  # a quarter of the characters or more are ASCII markup
    if odd >= enough and even * 4 < odd:
        return "utf-16-le"
    if even >= enough and odd * 4 < even:
        return "utf-16-be"
    return None


@cache
def _ascii_compatible(encoding: str) -> bool:
    try:
        return bytes(range(128)).decode(encoding) == "".join(map(chr, range(128)))
    except (UnicodeDecodeError, LookupError):
        return False


def errors(data: bytes, encoding: str) -> int:
    """How many undecodable sequences `data` holds in `encoding`; a character cut off at the
    very end (a truncated download) does not count."""
    handler = "w3lib_gb18030_replace" if codecs.lookup(encoding).name == "gb18030" else "replace"
    decoder = codecs.getincrementaldecoder(encoding)(handler)
    return decoder.decode(data, final=False).count(REPLACEMENT)


def _choose(data: bytes, declared: list[tuple[str, str]]) -> tuple[str, str]:
    detection = _Detection(text_sample(data))
    tolerated = _high_bytes(data) // 100
    for encoding, basis in declared:
        # A few broken sequences (a title cut mid-character by a CMS, a flipped byte) do not
        # make a declaration a lie; detection would reject the right encoding for them.
        if errors(data, encoding) <= tolerated and detection.accepts(encoding):
            return encoding, basis
    if detection.best:
        return detection.best, "detected"
    # Nothing reads well (a badly damaged page): the least broken of the likely readings,
    # else windows-1252, the web's default, which never fails.
    options = [e for e, _ in declared] + ["utf-8", *_MULTIBYTE]
    least = min(options, key=lambda e: errors(data, e))
    return (least if errors(data, least) <= 10 * tolerated else "cp1252"), "default"


def _high_bytes(data: bytes) -> int:
    return len(data.translate(None, _ASCII))


def text_sample(data: bytes) -> bytes:
    """Up to 64 KB of the page's text: what detection should judge, without the markup,
    scripts and styles that make a Chinese page look like mostly ASCII."""
    data = data[:_SCAN_BYTES]
    parts, size, pos = [], 0, 0
    while pos < len(data) and size < _SAMPLE_BYTES:
        raw = _RAW_TEXT.search(data, pos)
        end = raw.start() if raw else len(data)
        parts.append(_SPACES.sub(b" ", _MARKUP.sub(b" ", data[pos:end])))
        size += len(parts[-1])
        if not raw:
            break
        close = _RAW_END[raw.group(1).lower()].search(data, raw.end())
        pos = close.end() if close else len(data)
    sample = b"".join(parts)
    # Non-ASCII only in attributes (alt, title) or scripts: judge the raw bytes instead.
    return _cut(sample if not sample.isascii() else data)


def _cut(sample: bytes) -> bytes:
    """`sample` cut to at most _SAMPLE_BYTES between two characters: charset-normalizer rejects
    an encoding whose last character is cut in half. In the CJK encodings no byte below 0x40
    (digits, punctuation, space) is part of a multibyte character, bar GB18030's rare 4-byte
    ones; from the last such byte on, a byte >= 0x80 starts a 2-byte character."""
    if len(sample) <= _SAMPLE_BYTES:
        return sample
    head = sample[:_SAMPLE_BYTES]
    pos = len(head.rstrip(_NOT_LOW))  # just after the last byte below 0x40
    while pos < len(head):
        step = 2 if head[pos] >= 0x80 else 1
        if pos + step > len(head):
            break
        pos += step
    return head[:pos]


@dataclass(frozen=True)
class _Guess:
    encoding: str  # Python codec name
    language: str  # as charset-normalizer names it ("Turkish"), "" when it could not tell


class _Detection:
    """charset-normalizer's opinion on a sample, computed once and only when asked."""

    def __init__(self, sample: bytes) -> None:
        self.sample = sample
        self._guess: _Guess | None = None
        self._done = False

    @property
    def guess(self) -> _Guess | None:
        if not self._done:
            self._guess = _detect(self.sample)
            self._done = True
        return self._guess

    @property
    def best(self) -> str | None:
        return self.guess.encoding if self.guess else None

    def accepts(self, encoding: str) -> bool:
        """Whether the sample read in `encoding` is about as good as detection's pick."""
        guess = self.guess
        if self.sample.isascii() or guess is None:
            return True
        if to_unicode(self.sample, encoding) == to_unicode(self.sample, guess.encoding):
            return True
        own, theirs = _score(self.sample, encoding), _score(self.sample, guess.encoding)
        if own is None:
            return False
        if theirs is None:
            return True
        if _native(guess.encoding, guess.language) and not _native(encoding, guess.language):
            # Turkish text under a default iso-8859-1 header reads almost as well in cp1252
            # as in cp1254 (0.04-0.08), but only one of them is a Turkish code page.
            return own <= theirs
        return own <= theirs + _OVERRULE_MARGIN


def _native(encoding: str, language: str) -> bool:
    return any(resolve_encoding(n) == encoding for n in _NATIVE.get(language, ()))


def _score(sample: bytes, encoding: str) -> float | None:
    """Mess minus language coherence of `sample` in `encoding` (lower is better); None when
    charset-normalizer rejects the encoding outright."""
    match = from_bytes(
        _repaired(sample, encoding),
        cp_isolation=[encoding],
        threshold=1.0,
        preemptive_behaviour=False,
    ).best()
    return None if match is None else match.chaos - match.coherence


def _detect(sample: bytes) -> _Guess | None:
    if sample.isascii():
        return None
    # charset-normalizer's default threshold first: at 0.5 a Korean page with five broken bytes
    # comes out as iso8859-5, while at 0.2 a short Korean or Japanese text (a feed's worth)
    # finds no encoding at all (some chunks look too messy).
    found = _rank(sample) or _detect_damaged(sample) or _rank(sample, threshold=0.5)
    if found is None:
        return None
    return _Guess(resolve_encoding(found.encoding) or found.encoding, found.language)


def _rank(sample: bytes, threshold: float = 0.2) -> _Guess | None:
    matches = list(
        from_bytes(
            sample,
            cp_isolation=list(WEB_ENCODINGS),
            threshold=threshold,
            preemptive_behaviour=False,
        )
    )
    if not matches:
        return None
    best = matches[0]
    near = [
        name for m in matches if _near(m, best) for name in [m.encoding, *m.could_be_from_charset]
    ]
    order = [*_NATIVE.get(best.language, ()), *WEB_ENCODINGS]
    name = min(near, key=lambda n: order.index(n) if n in order else len(order))
    return _Guess(name, best.language if best.language != "Unknown" else "")


def _near(match: CharsetMatch, best: CharsetMatch) -> bool:
    return (
        match.chaos <= best.chaos + _NEAR_CHAOS
        and match.coherence >= best.coherence - _NEAR_COHERENCE
    )


def _detect_damaged(sample: bytes) -> _Guess | None:
    """A multibyte encoding for a sample with a few broken sequences, which make
    charset-normalizer reject the right encoding outright: the candidate whose decoding,
    with its broken sequences replaced by `?`, detection then agrees is that encoding."""
    high = _high_bytes(sample)
    for encoding in _MULTIBYTE:
        if errors(sample, encoding) * 50 > high:  # more than 2% broken: not this one
            continue
        agreed = _rank(_repaired(sample, encoding))
        if agreed and resolve_encoding(agreed.encoding) == resolve_encoding(encoding):
            return agreed
    return None


def _repaired(sample: bytes, encoding: str) -> bytes:
    """`sample` with its undecodable sequences in `encoding` replaced by `?`: charset-normalizer
    rejects an encoding outright for a single one."""
    if not errors(sample, encoding):
        return sample
    text = to_unicode(sample, encoding).replace(REPLACEMENT, "?")
    return text.encode(encoding, errors="replace")


@dataclass(frozen=True)
class Runs:
    """A document decoded text run by text run, and how many runs were not in its encoding."""

    text: str
    reread: int  # runs read in `other` (or UTF-8) instead of the document's encoding
    broken: int  # runs no candidate reads: decoded with U+FFFD
    other: str | None  # the encoding the re-read runs were in, when they agree on one


def decode_runs(data: bytes, encoding: str) -> Runs:
    """Decode a document that may mix encodings (a feed with items pasted in from another
    system, or with broken bytes) one text run at a time: the runs between `<` and `>`,
    bytes that no ASCII-compatible encoding uses inside a character. A run is read in
    `encoding` where it can be, as UTF-8 where the bytes say so, else in the encoding the
    runs that `encoding` cannot read have in common (detected on all of them together)."""
    runs = _RUN_BOUNDARY.split(data)
    foreign = [r for r in runs if not r.isascii() and not _clean(r, encoding)]
    legacy = [r for r in foreign if not _is_utf8(r)]
    other = _detect(b" ".join(legacy)) if legacy else None
    fallback = other.encoding if other else ("utf-8" if foreign else None)
    parts, reread, broken = [], 0, 0
    for run in runs:
        chosen = _run_encoding(run, encoding, fallback)
        parts.append(to_unicode(run, chosen or encoding))
        reread += chosen is not None and chosen != encoding
        broken += chosen is None
    return Runs("".join(parts), reread, broken, fallback if reread else None)


def _run_encoding(run: bytes, encoding: str, fallback: str | None) -> str | None:
    """The encoding one text run is in; None when nothing reads it."""
    if run.isascii():
        return encoding
    if _utf8_evident(run, encoding):
        return "utf-8"
    if _clean(run, encoding):
        return encoding
    if fallback and _clean(run, fallback):
        return fallback
    return None


def _utf8_evident(run: bytes, encoding: str) -> bool:
    """Whether a non-ASCII run that is valid UTF-8 is UTF-8 rather than `encoding`: when
    `encoding` cannot read it, or is a single-byte one (whose text is practically never valid
    UTF-8), or the run holds a 3- or 4-byte sequence. GBK text does form valid 2-byte
    sequences now and then (目录 is C4 BF C2 BC, "Ŀ¼" in UTF-8)."""
    if codecs.lookup(encoding).name == "utf-8" or not _is_utf8(run):
        return False
    return not _clean(run, encoding) or _single_byte(encoding) or bool(_UTF8_LONG.search(run))


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _clean(data: bytes, encoding: str) -> bool:
    return REPLACEMENT not in to_unicode(data, encoding)


@cache
def _single_byte(encoding: str) -> bool:
    return len(bytes(range(256)).decode(encoding, errors="replace")) == 256


def feed_encoding(data: bytes, content_type: str | None) -> str | None:
    """The encoding an XML feed declares (BOM, header, XML declaration; UTF-8 by default),
    or None for UTF-16/32, which text runs cannot be cut from."""
    bom_encoding, _ = read_bom(data)
    encoding = (
        bom_encoding
        or http_content_type_encoding(content_type)
        or html_body_declared_encoding(data)
        or "utf-8"
    )
    return None if encoding.startswith(("utf-16", "utf-32")) else encoding


def declared_encoding(data: bytes) -> str | None:
    """The charset a page declares in its own markup, if any."""
    return html_body_declared_encoding(data)

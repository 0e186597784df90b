"""Bytes -> text for a page whose header and meta charset may be missing or wrong."""

from __future__ import annotations

from dataclasses import dataclass

from newscrawl.extract.charset.decoding import (
    ascii_compatible,
    declared_encoding,
    decode,
    header_encoding,
    read_bom,
    resolve_label,
    wide_encoding,
)
from newscrawl.extract.charset.detect import _Detection, _high_bytes, errors, text_sample
from newscrawl.extract.charset.encodings import _ISO2022_ESCAPES, _MULTIBYTE


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
        encoding = resolve_label(forced) or forced
        return Decoded(decode(data, encoding), encoding, "forced")
    bom = read_bom(data)
    if bom:
        encoding, length = bom
        return Decoded(decode(data[length:], encoding), encoding, "bom")
    declared = _declared(data, content_type)
    utf8 = _strict_utf8(data)  # most pages: the check that they are UTF-8 is their decoding
    evident = _self_evident(data, [enc for enc, _ in declared], utf8 is not None)
    if evident:
        text = utf8 if evident == "utf-8" and utf8 is not None else decode(data, evident)
        return Decoded(text, evident, "bytes")
    encoding, basis = _choose(data, declared)
    return Decoded(decode(data, encoding), encoding, basis)


def _declared(data: bytes, content_type: str | None) -> list[tuple[str, str]]:
    """The header's and the meta tag's encodings, as newscrawl reads the labels w3lib finds."""
    found: list[tuple[str, str]] = []
    for encoding, basis in (
        (header_encoding(content_type), "header"),
        (declared_encoding(data), "meta"),
    ):
        if encoding and encoding not in (e for e, _ in found):
            found.append((encoding, basis))
    return found


def _self_evident(data: bytes, declared: list[str], valid_utf8: bool) -> str | None:
    """The encoding when the bytes leave no doubt, whatever the labels say. `valid_utf8`:
    `data` decodes as UTF-8 to its last byte."""
    wide = wide_encoding(data)
    if wide and errors(data, wide) == 0:
        return wide
    if data.isascii():
        if b"\x1b" in data and any(esc in data for esc in _ISO2022_ESCAPES):
            return "iso2022_jp" if errors(data, "iso2022_jp") == 0 else None
        # Any ASCII-compatible label gives the same text.
        return next((e for e in declared if ascii_compatible(e)), "utf-8")
    if valid_utf8 or errors(data, "utf-8") == 0:
        # Valid UTF-8 with non-ASCII bytes is UTF-8: legacy text is practically never valid
        # UTF-8, while pages saved by browsers are re-encoded as UTF-8 and keep their old meta
        # tag. A page cut off mid-character counts (a truncated download; detection would
        # call it cp1256 with no U+FFFD at all).
        return "utf-8"
    return None


def _strict_utf8(data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


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

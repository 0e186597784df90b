"""Feeds: their declared charset, and text whose runs mix encodings decoded run by run."""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from functools import cache

from newscrawl.extract.charset.decoding import (
    declared_encoding,
    decode,
    header_encoding,
    read_bom,
    wide_encoding,
)
from newscrawl.extract.charset.detect import _detect
from newscrawl.extract.charset.encodings import _RUN_BOUNDARY, _UTF8_LONG, REPLACEMENT


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
        parts.append(decode(run, chosen or encoding))
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
    return REPLACEMENT not in decode(data, encoding)


@cache
def _single_byte(encoding: str) -> bool:
    return len(bytes(range(256)).decode(encoding, errors="replace")) == 256


def feed_encoding(data: bytes, content_type: str | None) -> str | None:
    """The encoding an XML feed declares (BOM, header, XML declaration; UTF-8 by default),
    or None for UTF-16/32, which text runs cannot be cut from."""
    bom = read_bom(data)
    if bom or wide_encoding(data):
        return None if not bom or bom[0].startswith(("utf-16", "utf-32")) else bom[0]
    encoding = header_encoding(content_type) or declared_encoding(data) or "utf-8"
    return None if encoding.startswith(("utf-16", "utf-32")) else encoding

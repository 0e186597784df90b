"""Bytes -> text for pages and feeds whose header and meta charset may be missing or wrong."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes
from w3lib.encoding import html_body_declared_encoding, html_to_unicode, resolve_encoding

REPLACEMENT = "\ufffd"


def _detect(data: bytes) -> str | None:
    best = from_bytes(data[:200_000]).best()
    return best.encoding if best else None


def decode_html(data: bytes, content_type: str | None = None, forced: str | None = None) -> str:
    """Decode a page: a source's forced encoding first, else BOM, header, meta, detection.

    A declared charset that leaves replacement characters behind is taken for a lie
    (GBK pages declaring gb2312 or utf-8 are common) and detection decides instead.
    """
    if forced:
        return data.decode(resolve_encoding(forced) or forced, errors="replace")
    encoding, text = html_to_unicode(content_type, data, auto_detect_fun=_detect)
    if REPLACEMENT in text and REPLACEMENT.encode("utf-8") not in data:
        if _is_utf8(data):
            # Valid UTF-8 is UTF-8 whatever the meta says; detection can take a UTF-8 page
            # cut off mid-character (a truncated download) for cp1256, with no U+FFFD at all.
            return data.decode("utf-8", errors="replace")
        guess = _detect(data)
        if guess and codecs.lookup(guess).name != codecs.lookup(encoding).name:
            better = data.decode(guess, errors="replace")
            if better.count(REPLACEMENT) < text.count(REPLACEMENT):
                return better
    return str(text)


def _is_utf8(data: bytes) -> bool:
    """Whether `data` is valid UTF-8 but for, at most, a character cut off at its end."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.reason == "unexpected end of data"
    return True


def declared_encoding(data: bytes) -> str | None:
    """The charset a page declares in its own markup, if any."""
    return html_body_declared_encoding(data)

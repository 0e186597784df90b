"""Bytes -> text for pages and feeds whose header and meta charset may be missing or wrong.

`page` chooses a page's encoding (BOM, header, meta, the bytes themselves, detection), `detect`
detects one from a sample of the page's text, `runs` reads feeds, whose runs of text may mix
encodings, `encodings` holds what detection chooses from, and `decoding` reads charset labels and
byte order marks and decodes, the same whichever w3lib is installed.
"""

from newscrawl.extract.charset.decoding import declared_encoding, decode, read_bom, resolve_label
from newscrawl.extract.charset.detect import errors, text_sample
from newscrawl.extract.charset.encodings import REPLACEMENT, WEB_ENCODINGS
from newscrawl.extract.charset.page import Decoded, decode_html, decode_page
from newscrawl.extract.charset.runs import Runs, decode_runs, feed_encoding

__all__ = [
    "REPLACEMENT",
    "WEB_ENCODINGS",
    "Decoded",
    "Runs",
    "declared_encoding",
    "decode",
    "decode_html",
    "decode_page",
    "decode_runs",
    "errors",
    "feed_encoding",
    "read_bom",
    "resolve_label",
    "text_sample",
]

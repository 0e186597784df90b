"""The hazard scan over the case-folded fragment, piece by piece, finds what the case-insensitive
scan finds."""

from __future__ import annotations

import random
import re
import sys

import pytest

from newscrawl.clean.sanitize import _RAW_HAZARD, _folded, _raw_hazard, hazards

# Every code point but the surrogates (a str may hold them; lone ones are no text).
ALL = "".join(chr(i) for i in range(sys.maxunicode + 1) if not 0xD800 <= i <= 0xDFFF)


def test_folding_keeps_every_character_in_place() -> None:
    assert len(_folded(ALL)) == len(ALL)


def test_a_folded_ascii_character_is_what_ignorecase_matches() -> None:
    folded = _folded(ALL)
    matching_ascii = {m.start() for m in re.finditer(r"[\x00-\x7f]", ALL, re.IGNORECASE)}
    for at, (char, fold) in enumerate(zip(ALL, folded, strict=True)):
        if at in matching_ascii:
            assert fold.isascii(), hex(ord(char))
            assert re.fullmatch(re.escape(fold), char, re.IGNORECASE), hex(ord(char))
            assert not fold.isupper()
        else:
            assert not fold.isascii(), hex(ord(char))


@pytest.mark.parametrize("kind", [r"\w", r"\s", r"\b"])
def test_folding_keeps_word_and_space_characters(kind: str) -> None:
    pattern = re.compile(kind)
    before = [m.start() for m in pattern.finditer(ALL)]
    assert before == [m.start() for m in pattern.finditer(_folded(ALL))]


def test_the_pattern_is_lowercase() -> None:
    assert _RAW_HAZARD.pattern == _RAW_HAZARD.pattern.lower()


# Pieces of every branch of _RAW_HAZARD, near misses, and characters that fold or are spaces.
_PIECES = [
    "<", "!", "--", "[", "?", "/", "\x00", " ", "\n", "\t", "\u00a0", "\u2003", '"', "'", "=", ":",
    "on", "On", "onclick", "x", "s", "j", "v", "java", "JAVA", "vb", "script", "ſcript", "srcdoc",
    "xlink", "XMLNS", "a", "iframe", "ScRiPt", "svg", "math", "p", "<p>", "ı", "İ", "K", "k", "o",
]  # fmt: skip


def test_the_piecewise_scan_finds_the_first_match() -> None:
    rng = random.Random(16)
    for _ in range(100_000):
        fragment = "".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 14)))
        expected = _RAW_HAZARD.search(fragment)
        assert _raw_hazard(_folded(fragment)) == (expected and expected.span()), fragment


@pytest.mark.parametrize(
    "fragment",
    [
        "<p>ok</p><SCRIPT>x</SCRIPT>",
        "<p>İ ı</p><ſcript>",  # U+017F is an "s" to IGNORECASE
        '<img src=x ONERROR="a">',
        "<p>Ünïcödé</p><a href='JAVAſCRIPT:x'>",
        '<div title="x" oNK=1>',  # U+212A KELVIN SIGN is a "k"
        "<p>plain text, nothing here</p>",
        "<p>İİİ</p><!-- c -->",
        "<p>x</p>\x00",
        "<svg><p>",
        "<p>XMLNS</p>",
    ],
)
def test_the_folded_scan_finds_the_same_markup(fragment: str) -> None:
    expected = _RAW_HAZARD.search(fragment)
    found = hazards(fragment)
    if expected is None:
        assert not found or not found[0].startswith("markup")
    else:
        assert found == [f"markup {expected.group(0).strip()!r}"]

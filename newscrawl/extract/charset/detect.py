"""Detection of a charset from the bytes alone, on a sample of the page's text."""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from charset_normalizer import CharsetMatch, from_bytes

from newscrawl.extract.charset.decoding import decode, error_handler, resolve_label
from newscrawl.extract.charset.encodings import (
    _ASCII,
    _MARKUP,
    _MULTIBYTE,
    _NATIVE,
    _NEAR_CHAOS,
    _NEAR_COHERENCE,
    _NOT_LOW,
    _OVERRULE_MARGIN,
    _RAW_END,
    _RAW_TEXT,
    _SAMPLE_BYTES,
    _SCAN_BYTES,
    _SPACES,
    REPLACEMENT,
    WEB_ENCODINGS,
)


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
        if decode(self.sample, encoding) == decode(self.sample, guess.encoding):
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
    return any(resolve_label(n) == encoding for n in _NATIVE.get(language, ()))


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
    return _Guess(resolve_label(found.encoding) or found.encoding, found.language)


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
        if agreed and resolve_label(agreed.encoding) == resolve_label(encoding):
            return agreed
    return None


def _repaired(sample: bytes, encoding: str) -> bytes:
    """`sample` with its undecodable sequences in `encoding` replaced by `?`: charset-normalizer
    rejects an encoding outright for a single one."""
    if not errors(sample, encoding):
        return sample
    text = decode(sample, encoding).replace(REPLACEMENT, "?")
    return text.encode(encoding, errors="replace")


def errors(data: bytes, encoding: str) -> int:
    """How many undecodable sequences `data` holds in `encoding`; a character cut off at the
    very end (a truncated download) does not count."""
    decoder = codecs.getincrementaldecoder(encoding)(error_handler(encoding))
    return decoder.decode(data, final=False).count(REPLACEMENT)


def _high_bytes(data: bytes) -> int:
    return len(data.translate(None, _ASCII))

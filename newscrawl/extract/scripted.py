"""Article text a page carries in script data only: the JSON-LD `articleBody`, Next.js's page
data (`__NEXT_DATA__`) and flight data (`self.__next_f`), Nuxt's state (`window.__NUXT__`,
`__NUXT_DATA__`)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from html import escape, unescape
from typing import Any

import lxml.html
from lxml import etree

from newscrawl.extract.metadata import text_value

SCRIPTED_SHARE = 2  # how many times longer than the page's extracted text the script's must be
SCRIPTED_MIN = 300  # characters the script's text holds at least (a summary is shorter)
PROSE = 20  # characters a script string holds at least to be a paragraph (or subhead)
STATE_TEXT = 1000  # characters of markup text from which a page's state is not read (costly)
GAP = 400  # characters of script data (keys, ids, types) between two strings of one text
TITLE_WORDS = 0.3  # share of the headline's longer words the text names at least
ABOUT_PARAGRAPHS = 5  # paragraphs in which the text names them
SENTENCE_SHARE = 0.6  # share of the text in paragraphs that end a sentence
SHOWN_SHARE = 0.5  # share of the script's text the page's markup shows that makes it no teaser
_LONG_WORD = re.compile(r"\w{4,}")
_BREAKS = re.compile(r"\s*\n\s*\n\s*|\s*\n\s*|(?<=[.!?。！？])\s{2,}")
_MARKERS = ("__NEXT_DATA__", "__NUXT", "self.__next_f")
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_STATE_ID = re.compile(r"""\bid\s*=\s*["']?(?:__NEXT_DATA__|__NUXT_DATA__)\b""")
_STATE_START = re.compile(r"\s*(?:window\.__NUXT__\s*=|self\.__next_f\.push\()")
_FLIGHT = re.compile(r'self\.__next_f\.push\(\[\d+,\s*("(?:[^"\\]|\\.)*")\]\)', re.DOTALL)
# A flight row of raw text ("24:T1b7b,<html>..."): its length in UTF-8 bytes, in hex.
_FLIGHT_TEXT = re.compile(r"(?:^|\n)[0-9a-f]+:T([0-9a-f]+),")
# A string literal where a value or key may start and end (after ":", "[", ",", "(", "=", "{"
# and before ",", "}", "]", ")", ":", ";"): a scan from inside a short string would read the
# code between two strings as one.
_LITERAL = re.compile(
    r'(?<=[:\[,(={])\s?"(?:[^"\\]|\\.){' + str(PROSE) + r',}"(?=\s*[,}\]):;])', re.DOTALL
)
_TAG = re.compile(r"<[a-zA-Z/!][^>]*>")
# What a page's markup holds but does not show: scripts (the JSON-LD itself), styles, comments.
_INVISIBLE = re.compile(
    r"<(script|style|noscript|template)\b.*?</\1\s*>|<!--.*?-->", re.IGNORECASE | re.DOTALL
)
_PARAGRAPH_TAG = re.compile(r"<(?:p|br)\b", re.IGNORECASE)
# A paragraph ends a sentence (quotes and brackets may close after it); a headline does not.
_SENTENCE_END = re.compile(r"[.!?。！？…][\"'”’»)\]]*\s*$")
_IDEOGRAPHS = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_BLOCKS = ("p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote")
_NOT_TEXT = ("figure", "figcaption", "script", "style", "iframe", "noscript", "template")


def scripted_body(
    ld: dict[str, Any], extracted: str, html: str = "", title: str = ""
) -> str | None:
    """The article text the page's script data holds, as paragraphs of HTML, when it is much
    longer than the text extracted from the page's markup (a page that renders its text with
    JavaScript, or shows a teaser of it); None otherwise. The JSON-LD articleBody first, then
    the longest run of prose strings in the page's framework state that is about `title`."""
    least = max(SCRIPTED_MIN, SCRIPTED_SHARE * len(extracted))
    found = ld.get("articleBody")
    if isinstance(found, str) and len(found.strip()) >= least:
        paragraphs = [p for part in _BREAKS.split(found.strip()) if (p := text_value(part))]
        if html and _shown(paragraphs, extracted, html):
            return None
        return _html(paragraphs)
    if len(extracted) >= STATE_TEXT or not any(marker in html for marker in _MARKERS):
        return None
    best: list[str] = []
    for data in state_data(html):
        for run in _runs(data) if len(data) >= least else ():
            paragraphs = [p for text in run for p in _paragraphs(text)]
            if sum(map(len, paragraphs)) > sum(map(len, best)) and _about(paragraphs, title):
                best = paragraphs
    if sum(map(len, best)) < least or not _sentences(best):
        return None
    return _html(dict.fromkeys(best))  # a state repeats a paragraph (teaser and text)


def _shown(paragraphs: list[str], extracted: str, html: str) -> bool:
    """Whether the page's markup shows the script's text (SHOWN_SHARE of its paragraphs'
    characters) and the text extracted from the markup is the same article's (SHOWN_SHARE of
    its lines are the script's): the text is not in script data only, and what the body left
    out of it was left out on purpose (a box set into the article, teasers an articleBody
    written as HTML holds). A page that shows a teaser of its text shows little of it."""
    shown = _squeeze(unescape(_TAG.sub(" ", _INVISIBLE.sub(" ", html))))
    script = [_squeeze(_TAG.sub(" ", p)) for p in paragraphs]
    held = sum(len(p) for p in script if len(p) >= PROSE and p in shown)
    if held < SHOWN_SHARE * sum(map(len, script)):
        return False
    joined = "".join(script)
    lines = [_squeeze(line) for line in extracted.splitlines()]
    same = sum(len(line) for line in lines if line and line in joined)
    return same >= SHOWN_SHARE * sum(map(len, lines))


def _squeeze(text: str) -> str:
    return "".join(text.split())


def _about(paragraphs: list[str], title: str) -> bool:
    """Whether the text names TITLE_WORDS of the headline's longer words (a run of other
    articles' teasers names few of them)."""
    words = {w.casefold() for w in _LONG_WORD.findall(title)}
    if not words:
        return True
    text = " ".join(paragraphs[:ABOUT_PARAGRAPHS]).casefold()
    return sum(w in text for w in words) >= TITLE_WORDS * len(words)


def _sentences(paragraphs: list[str]) -> bool:
    """Whether most of the text is sentences (not menus, lists of names or links)."""
    ended = sum(len(p) for p in paragraphs if _SENTENCE_END.search(p))
    return ended >= SENTENCE_SHARE * sum(map(len, paragraphs))


def state_data(html: str) -> Iterator[str]:
    """The page's framework state scripts as text: Next.js's and Nuxt's JSON or JavaScript as
    written, Next.js's flight data joined from its chunks (each a JSON string)."""
    flight: list[str] = []
    for match in _SCRIPT.finditer(html):
        attributes, content = match.groups()
        if _STATE_ID.search(attributes):
            yield content
        elif _STATE_START.match(content):
            chunks = _FLIGHT.findall(content)
            if chunks:
                flight.extend(_json_string(c) for c in chunks)
            else:
                yield content
    if flight:
        yield "".join(flight)


def _json_string(literal: str) -> str:
    try:
        found = json.loads(literal)
    except ValueError:
        return ""
    return found if isinstance(found, str) else ""


def _strings(data: str) -> Iterator[tuple[int, int, str]]:
    """Where each long string of `data` starts and ends, and its text: JSON / JavaScript
    string literals, and flight rows of raw text."""
    for match in _FLIGHT_TEXT.finditer(data):
        size = int(match.group(1), 16)
        raw = data[match.end() : match.end() + size].encode()[:size].decode(errors="ignore")
        yield match.start(), match.end() + len(raw), raw
    for match in _LITERAL.finditer(data):
        text = _json_string(match.group(0).strip().replace("\\x", "\\u00"))  # JS's \xNN
        if text:
            yield match.start(), match.end(), text


def _runs(data: str) -> Iterator[list[str]]:
    """The runs of prose strings of `data` that follow each other closely (GAP): a body split
    into one string per paragraph or block is one run, unlike the teasers and summaries
    scattered through the rest of the state."""
    run: list[str] = []
    end = -GAP - 1
    for start, stop, text in sorted(_strings(data)):
        if start < end:
            continue  # inside a flight row already read
        if start - end > GAP and run:
            yield run
            run = []
        if not _prose(text):
            continue
        if not run or text not in run[-1]:  # a paragraph's parts follow it (bold, a link)
            run.append(text)
        end = stop
    if run:
        yield run


def _prose(text: str) -> bool:
    """A paragraph of text, or HTML of paragraphs; not a headline, a URL, an id, an encoded
    token or nested JSON."""
    head = text.lstrip()[:1]
    if head in ("{", "[") or "://" in text[:12]:
        return False
    plain = _TAG.sub(" ", text)
    if len(plain.split()) < 4 and not _IDEOGRAPHS.search(plain):
        return False
    return _PARAGRAPH_TAG.search(text) is not None or _SENTENCE_END.search(plain) is not None


def _paragraphs(text: str) -> list[str]:
    """A script string's paragraphs: its HTML's blocks, or its lines."""
    if _TAG.search(text) is None:
        return [p for part in _BREAKS.split(text) if (p := text_value(part))]
    try:
        root = lxml.html.fragment_fromstring(text, create_parent="div")
    except (etree.ParserError, ValueError):
        return []
    etree.strip_elements(root, *_NOT_TEXT, with_tail=False)
    for caption in root.xpath(".//*[contains(@class, 'caption')]"):
        caption.drop_tree()
    blocks = [b for b in root.iter(*_BLOCKS) if next(b.iterancestors(*_BLOCKS), None) is None]
    texts = [b.text_content() for b in blocks] or [root.text_content()]
    return [p for part in texts if (p := text_value(part))]


def _html(paragraphs: Iterable[str]) -> str:
    return "".join(f"<p>{escape(p, quote=False)}</p>\n" for p in paragraphs)

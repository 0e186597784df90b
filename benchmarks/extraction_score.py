"""The benchmark's scoring: the Zyte benchmark's token 4-grams and the development pages' title,
date, author, body and phrase metrics (see benchmarks/extraction.py).
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from extraction_data import Extracted, Page

_TOKEN = re.compile(r"\w+")

# --- the Zyte benchmark's scoring -----------------------------------------------------------


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text or "")


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    found = tokens(text)
    if len(found) < n:
        return Counter([tuple(found)]) if found else Counter()
    return Counter(tuple(found[i : i + n]) for i in range(len(found) - n + 1))


def document_score(truth: str, prediction: str) -> tuple[float, float, float]:
    """(TP, FP, FN) of one document, normalized to sum to 1 (all 0 when both are empty)."""
    want, got = shingles(truth), shingles(prediction)
    tp = sum((want & got).values())
    fp = sum((got - want).values())
    fn = sum((want - got).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


@dataclass
class BodyScore:
    precision: float
    recall: float
    f1: float
    accuracy: float


def body_score(truths: dict[str, str], predictions: dict[str, str]) -> BodyScore:
    precisions, recalls, exact = [], [], 0
    for key, truth in truths.items():
        prediction = predictions.get(key) or ""
        tp, fp, fn = document_score(truth, prediction)
        if tp + fp > 0:
            precisions.append(tp / (tp + fp))
        recalls.append(tp / (tp + fn) if tp + fn > 0 else 0.0)
        exact += tokens(truth) == tokens(prediction)
    p = statistics.fmean(precisions) if precisions else 0.0
    r = statistics.fmean(recalls) if recalls else 0.0
    return BodyScore(p, r, 2 * p * r / (p + r) if p + r else 0.0, exact / max(len(truths), 1))


# --- corpus metrics -------------------------------------------------------------------------


# A credit that joins its names ("A, B and C", "A und B", "A / B") names the same people as the
# list ["A", "B", "C"]: both sides are split so that neither spelling of the credit is a miss.
_JOINED = re.compile(r"\s*[;,]\s*|\s+(?:and|und|&|y|et|/)\s+", re.IGNORECASE)


# A degree or a suffix after a name's comma ("Michael L. Anderson, PhD") is no name of its own.
_DEGREE = re.compile(
    r"Ph\.?\s?D\.?|M\.?D\.?|M\.?A\.?|M\.?Sc\.?|MBA|D\.?Phil\.?|B\.?A\.?|Jr\.?|Sr\.?"
)


def _names(values: Iterable[str]) -> set[str]:
    return {
        " ".join(name.split()).casefold()
        for value in values
        for name in _JOINED.split(value)
        if name.strip() and not _DEGREE.fullmatch(name.strip())
    }


def author_f1(expected: list[str], found: list[str]) -> float:
    want, got = _names(expected), _names(found)
    if not want and not got:
        return 1.0
    return 2 * len(want & got) / (len(want) + len(got))


def same_day(expected: str, found: datetime | date | None) -> bool:
    """Whether `found` names the expected day. An instant is compared on the calendar of the
    label's offset; a day alone (midnight in its own offset, as an extractor gives a page
    that shows no time) is no instant: against a day label its date is compared as written,
    against a timed label with the label's instant on the found day's calendar (the day the
    page's readers see), never moved to the previous day by an offset."""
    want = datetime.fromisoformat(expected)
    if found is None:
        return False
    if not isinstance(found, datetime):
        return found == want.date()
    if want.tzinfo is not None and found.tzinfo is not None:
        if found.time() != time():
            found = found.astimezone(want.tzinfo)
        elif _has_time(expected):
            want = want.astimezone(found.tzinfo)
    return found.date() == want.date()


def same_minute(expected: str, found: datetime | date | None) -> bool:
    want = datetime.fromisoformat(expected)
    if not isinstance(found, datetime):
        return False
    if (want.tzinfo is None) != (found.tzinfo is None):
        found = found.replace(tzinfo=None)
        want = want.replace(tzinfo=None)
    return abs((found - want).total_seconds()) < 60


def _has_time(expected: str) -> bool:
    """Whether a label names a time of day: midnight in its own offset ("T00:00:00+08:00" as
    much as a bare "T00:00:00") is a day written as an instant."""
    return "T" in expected and datetime.fromisoformat(expected).time() != time()


# Zero-width characters (and the soft hyphen, unseen within a line) take no room: removed,
# not made a space, so that "Helikopter\u00adlandeplatz" is "Helikopterlandeplatz".
_ZERO_WIDTH = re.compile(r"[\u200b-\u200f\u2060\ufeff\u00ad]")
_SPACES = re.compile(r"\s+")


def same_title(expected: dict[str, Any], found: str) -> bool:
    """The title or one of its alternatives, whitespace and invisible characters normalized."""
    wanted = [expected["title"], *expected.get("title_alternatives", [])]
    return _plain(found) in {_plain(title) for title in wanted}


def _plain(text: str) -> str:
    return _SPACES.sub(" ", _ZERO_WIDTH.sub("", text)).strip()


@dataclass
class CorpusScore:
    title: float
    minute: float
    day: float
    authors: float
    body: BodyScore
    contains: float
    excludes: float
    phrases: float
    counts: dict[str, int]


def corpus_score(pages: list[Page], results: dict[str, Extracted]) -> CorpusScore:
    dated = _having(pages, "publishing_date")
    timed = [p for p in dated if _has_time(p.expected["publishing_date"])]
    authored, with_body = _having(pages, "authors"), _having(pages, "body")
    found, kept_in = _phrases(_having(pages, "body_contains"), results, "body_contains")
    present, absent = _phrases(_having(pages, "body_excludes"), results, "body_excludes")
    precision, recall = _share(found, present), _share(found, kept_in)
    return CorpusScore(
        title=_rate_titles(pages, results),
        minute=_rate(timed, results, lambda w, g: same_minute(w, g.published)),
        day=_rate(dated, results, lambda w, g: same_day(w, g.published)),
        authors=_mean_author_f1(authored, results),
        body=body_score(
            {p.id: p.expected["body"] for p in with_body},
            {p.id: results[p.id].body for p in with_body},
        ),
        contains=recall,
        excludes=_share(absent, present),
        phrases=2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        counts={
            "pages": len(pages),
            "title": len(_having(pages, "title")),
            "minute": len(timed),
            "day": len(dated),
            "authors": len(authored),
            "body": len(with_body),
            "contains": found + kept_in,
            "excludes": absent + present,
        },
    )


def _having(pages: list[Page], key: str) -> list[Page]:
    return [p for p in pages if key in p.expected]


def _share(part: int, rest: int) -> float:
    return part / (part + rest) if part + rest else 0.0


def _rate(
    where: list[Page], results: dict[str, Extracted], check: Callable[[Any, Extracted], bool]
) -> float:
    """Share of `where` whose publishing date passes `check` (0 when there are none)."""
    hits = [check(p.expected["publishing_date"], results[p.id]) for p in where]
    return sum(hits) / len(hits) if hits else 0.0


def _mean_author_f1(pages: list[Page], results: dict[str, Extracted]) -> float:
    if not pages:
        return 0.0
    return statistics.fmean(author_f1(p.expected["authors"], results[p.id].authors) for p in pages)


def _rate_titles(pages: list[Page], results: dict[str, Extracted]) -> float:
    titled = [p for p in pages if "title" in p.expected]
    hits = [same_title(p.expected, results[p.id].title) for p in titled]
    return sum(hits) / len(hits) if hits else 0.0


def _phrases(pages: list[Page], results: dict[str, Extracted], key: str) -> tuple[int, int]:
    """(phrases of `key` found in the body, phrases not found), whitespace removed."""
    found = total = 0
    for page in pages:
        body = re.sub(r"\s+", "", results[page.id].body)
        for phrase in page.expected[key]:
            total += 1
            found += re.sub(r"\s+", "", phrase) in body
    return found, total - found

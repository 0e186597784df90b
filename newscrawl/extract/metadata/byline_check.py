"""A check on the marked byline: whether the element bylines.py would take is the article's
byline or a teaser's, a box's, a list's (a learned score over features that name no site and
no language: where the element sits against the headline and against blocks that hold a
linked heading, its rank among the page's marked bylines, a link to a profile). Trained on the
benchmark's tuning part only (benchmarks/byline_check.py); weights in `byline_check_weights`."""

from __future__ import annotations

import math
import re
from typing import Any

_LEVELS = 5  # a teaser's block: the byline's ancestors up to this many levels
_HEADINGS = ("h2", "h3", "h4", "h5", "h6")
_PROFILE_HREF = re.compile(r"author|autor|user|profil|member|people|staff|redakt|writer", re.I)
_ASIDE = frozenset(["aside", "footer", "nav", "header", "li", "figure"])
_DATE = re.compile(r"\d{1,2}:\d{2}|\b(?:19|20)\d{2}\b")
# A page with more elements than this before its byline is not measured (the walk to find
# the byline's place against the headline is bounded as ranked_bylines' candidates are).
_MOST_ELEMENTS = 30000


class Seen:
    """What the marked-byline search has seen on one page: the root, the headline, how many
    elements the current query matched and how many bylines naming people were passed over."""

    __slots__ = ("h1", "marked", "order", "rank", "root")

    def __init__(self, root: Any) -> None:
        self.root = root
        self.h1 = next(root.iter("h1"), None)
        self.marked = 0
        self.rank = 0
        self.order: dict[Any, int] | None = None

    def index(self, element: Any) -> int:
        if self.order is None:
            self.order = {}
            for i, e in enumerate(self.root.iter()):
                if i >= _MOST_ELEMENTS:
                    break
                self.order[e] = i
        return self.order.get(element, -1)


def features(element: Any, names: list[str], seen: Seen) -> dict[str, float]:
    found: dict[str, float] = {f"bias_rank{min(seen.rank, 2)}": 1.0}
    found["marked_log"] = math.log1p(seen.marked)
    h1 = seen.h1
    if h1 is None:
        found["no_h1"] = 1.0
    ancestors = list(element.iterancestors())
    teaser = 0
    holds_h1 = 0
    for level, block in enumerate(ancestors[:_LEVELS], 1):
        if h1 is not None and not holds_h1 and _holds(block, h1):
            holds_h1 = level
        if not teaser and _linked_heading(block, h1):
            teaser = level
    if teaser:
        found["teaser"] = 1.0
        found["teaser_level"] = teaser / _LEVELS
        if holds_h1 and holds_h1 <= teaser:
            found["teaser_holds_h1"] = 1.0
    if holds_h1:
        found["near_h1"] = 1.0
        found["near_h1_level"] = holds_h1 / _LEVELS
    if h1 is not None:
        here, there = seen.index(element), seen.index(h1)
        if here >= 0 and there >= 0:
            gap = here - there
            found["after_h1" if gap > 0 else "before_h1"] = 1.0
            found["h1_gap_log"] = math.log1p(abs(gap)) / 5
        home = next((a for a in ancestors if a.tag in ("article", "main") and _holds(a, h1)), None)
        if home is not None:
            found["in_home"] = 1.0
    tags = {a.tag for a in ancestors}
    for tag in _ASIDE & tags:
        found["in_" + tag] = 1.0
    if any(_PROFILE_HREF.search(a.get("href", "")) for a in element.iter("a")):
        found["profile_link"] = 1.0
    found[f"names_{min(len(names), 3)}"] = 1.0
    text = " ".join("".join(element.itertext()).split())
    if _DATE.search(text):
        found["date"] = 1.0
    found["text_log"] = math.log1p(len(text)) / 5
    return found


def _holds(block: Any, element: Any) -> bool:
    return any(a is block for a in element.iterancestors())


def _linked_heading(block: Any, h1: Any) -> bool:
    """Whether the block holds a heading that links elsewhere (a teaser's headline)."""
    for heading in block.iter(*_HEADINGS):
        if heading.xpath("boolean(descendant-or-self::a[@href] or ancestor::a[@href])"):
            return True
    return False


def score(found: dict[str, float], weights: dict[str, float], bias: float) -> float:
    total = bias + sum(weights.get(key, 0.0) * value for key, value in found.items())
    return 1 / (1 + math.exp(-max(-30.0, min(30.0, total))))

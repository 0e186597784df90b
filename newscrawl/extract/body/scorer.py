"""A second opinion on the segments the rules leave at the body's edges: a logistic score over
features that name no site and no language (length, link text, punctuation, tag, generic class
words, place against the body's kept paragraphs, the neighbours' kept state). Two models: one
for the kept segments (is this really the article's?), one for the segments of the container
the rules left out (is this the article's after all?). A segment changes side only when its
model is confident, so that the rules decide everything the model is unsure about. Trained on
the benchmark's tuning part and the Zyte pages, grouped by site (benchmarks/body_scorer.py);
the weights are constants in `body_weights`."""

from __future__ import annotations

import math
import re
from collections import Counter

from newscrawl.extract.body import body_weights
from newscrawl.extract.body.page import (
    _CAPTION_WORD,
    _CONTENT_WORD,
    _STRONG,
    _WEAK,
    Element,
    Page,
    Segment,
    paragraph_holders,
    words,
)

SHORTEST = 8  # characters (no spaces) below which a segment is left to the rules
LONG = 80  # characters (no spaces) of a paragraph of prose
REACH = 1  # segments judged before the body's first kept one and after its last
_SENTENCE_END = re.compile(r"[.!?。！？…][\"'”’»)\]]*\s*$")
_COMMAS = re.compile(r"[,，、;；]")
_DATE_LIKE = re.compile(r"\b(?:19|20)\d\d\b|\b\d{1,2}[:.]\d{2}\b")
# a URL, a www. or .com/.org/.net name, an e-mail or an @handle; each pattern is searched only
# where its fixed part is (a search over every paragraph of the body cost more than the rest of
# the features)
_WWW = re.compile(r"\bwww\.", re.I)
_SCHEME = re.compile(r"https?://", re.I)
_DOMAIN = re.compile(r"\.(?:com|org|net)\b", re.I)  # after a word character
_HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
_TAGS = ("p", "div", "span")
_CONVENTIONS = frozenset(("li", "blockquote", "td", "th", "table", "figure", "figcaption"))


def rescore(page: Page, votes: list[bool], chosen: list[bool], regions: list[Element]) -> None:
    """Segments change side in `chosen` where their model is confident against the rules:
    a kept one scored under DROP_BELOW goes, a left-out one scored over ADOPT_ABOVE comes."""
    if not body_weights.KEEP_WEIGHTS and not body_weights.ADOPT_WEIGHTS:
        return
    flips = []
    for i, kept, row in features(page, votes, chosen, regions):
        if kept:
            weights, bias, wrong = body_weights.KEEP_WEIGHTS, body_weights.KEEP_BIAS, False
        else:
            weights, bias, wrong = body_weights.ADOPT_WEIGHTS, body_weights.ADOPT_BIAS, True
        if not weights:
            continue
        p = probability(row, weights, bias)
        if (kept and p < body_weights.DROP_BELOW) or (not kept and p > body_weights.ADOPT_ABOVE):
            flips.append((i, wrong))
    for i, value in flips:  # after every score: each read the rules' choice
        chosen[i] = value


def probability(row: dict[str, float], weights: dict[str, float], bias: float) -> float:
    z = bias + sum(weights.get(k, 0.0) * v for k, v in row.items())
    return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))


def features(
    page: Page, votes: list[bool], chosen: list[bool], regions: list[Element]
) -> list[tuple[int, bool, dict[str, float]]]:
    """(index, kept, features) of every segment of SHORTEST characters inside the regions,
    between the segment before the body's first kept one and the one after its last."""
    kept_at = [i for i, c in enumerate(chosen) if c]
    if not regions or not kept_at:
        return []
    segments = page.segments
    long_at = [i for i in kept_at if len(segments[i].norm) >= LONG] or kept_at
    total = sum(len(segments[i].norm) for i in kept_at)
    before = [0] * (len(segments) + 1)  # kept characters before each segment
    for i, seg in enumerate(segments):
        before[i + 1] = before[i] + (len(seg.norm) if chosen[i] else 0)
    holders = paragraph_holders(page, chosen)
    main, most = max(holders.items(), key=lambda kv: kv[1], default=(None, 0))
    classes = Counter(
        s.parent.get("class")
        for s, c in zip(segments, chosen, strict=True)
        if c and s.parent.tag == "p" and s.parent.get("class")
    )
    dominant = classes.most_common(1)[0][0] if classes else None
    seen = Counter(s.norm for s in segments)
    boxes: Counter[Element] = Counter()  # characters of each segment's box (parent's parent)
    kept_boxes: Counter[Element] = Counter()
    pairs: Counter[tuple[str, str | None]] = Counter()
    for s, c in zip(segments, chosen, strict=True):
        box = s.parent.getparent()
        boxes[box] += len(s.norm)
        if c:
            kept_boxes[box] += len(s.norm)
            pairs[(s.parent.tag, s.parent.get("class"))] += 1
    ends = [i for i in kept_at if _SENTENCE_END.search(segments[i].text.strip())] or kept_at
    rows = []
    for i in range(max(0, kept_at[0] - REACH), min(len(segments), kept_at[-1] + REACH + 1)):
        seg = segments[i]
        if len(seg.norm) < SHORTEST:
            continue
        top = next((r for r in regions if page.contains(r, seg.parent)), None)
        if top is None:
            continue
        place = _place(page, seg, top)
        if place is None:
            continue
        row = _own(seg)
        row.update(place)
        row["voted"] = float(votes[i])
        row["holder"] = float(holders[seg.parent.getparent()] >= 3)
        row["main_child"] = float(main is not None and most >= 3 and seg.parent.getparent() is main)
        row["in_main"] = float(main is not None and most >= 3 and page.contains(main, seg.parent))
        row["dominant_class"] = float(dominant is not None and seg.parent.get("class") == dominant)
        row["head"] = float(i < long_at[0])
        row["tail"] = float(i > long_at[-1])
        row["share_before"] = before[i] / max(1, total)
        row["prev_kept"] = float(i > 0 and chosen[i - 1])
        row["next_kept"] = float(i + 1 < len(segments) and chosen[i + 1])
        # one step further, and the neighbours' length and parent: a short line between two
        # paragraphs of prose, or the rest of a paragraph split by a tag, is the article's
        row["prev2_kept"] = float(i > 1 and chosen[i - 2])
        row["next2_kept"] = float(i + 2 < len(segments) and chosen[i + 2])
        row["prev_long"] = float(i > 0 and len(segments[i - 1].norm) >= LONG)
        row["next_long"] = float(i + 1 < len(segments) and len(segments[i + 1].norm) >= LONG)
        row["same_parent_kept"] = float(
            any(
                chosen[j] and segments[j].parent is seg.parent
                for j in (i - 1, i + 1)
                if 0 <= j < len(segments)
            )
        )
        row["repeated"] = float(seen[seg.norm] > 1)
        box = seg.parent.getparent()
        own = len(seg.norm) if chosen[i] else 0
        row["box_kept"] = (kept_boxes[box] - own) / max(1, boxes[box] - len(seg.norm))
        row["box_text"] = math.log1p(boxes[box]) / 10
        row["like_kept"] = float(pairs[(seg.parent.tag, seg.parent.get("class"))] - chosen[i] >= 3)
        row["after_sentences"] = float(i > ends[-1])
        row["before_sentences"] = float(i < ends[0])
        near = min(abs(i - j) for j in (long_at[0], long_at[-1]))
        row["edge_near"] = float(near <= 2 and (i < long_at[0] or i > long_at[-1]))
        rows.append((i, chosen[i], row))
    return rows


def _own(seg: Segment) -> dict[str, float]:
    text, size = seg.text.strip(), len(seg.norm)
    letters = sum(map(str.isalpha, text)) or 1  # map: the loop in C
    tag = seg.parent.tag
    return {
        "length": math.log1p(size) / 8,
        "short": float(size < 25),
        "long": float(size >= LONG),
        "links": min(1.0, seg.link_density),
        "sentence": float(bool(_SENTENCE_END.search(text))),
        "colon": float(text.endswith((":", "："))),
        "question": float(text.endswith(("?", "？"))),
        "address": float(_address(text)),
        "commas": min(1.0, 10 * len(_COMMAS.findall(text)) / max(1, size)),
        "digits": sum(map(str.isdigit, text)) / max(1, size),
        "upper": sum(map(str.isupper, text)) / letters,
        "date_like": float(size < 60 and bool(_DATE_LIKE.search(text))),
        "tag_heading": float(tag in _HEADINGS),
        **{f"tag_{t}": float(tag == t) for t in _TAGS},
    }


def _address(text: str) -> bool:
    at = text.find("@")
    while at >= 0:  # an e-mail (a word character on each side) or a handle (after a space)
        if (
            at + 1 < len(text)
            and _word(text[at + 1])
            and (at == 0 or text[at - 1].isspace() or _word(text[at - 1]))
        ):
            return True
        at = text.find("@", at + 1)
    if "://" in text and _SCHEME.search(text):
        return True
    if "." not in text:
        return False
    low = text.lower()
    if "www." in low and _WWW.search(text):
        return True
    if ".com" in low or ".org" in low or ".net" in low:
        return any(m.start() > 0 and _word(text[m.start() - 1]) for m in _DOMAIN.finditer(text))
    return False


def _word(char: str) -> bool:
    """What the regex \\w matches."""
    return char.isalnum() or char == "_"


def _place(page: Page, seg: Segment, top: Element) -> dict[str, float] | None:
    """Where `seg` sits below `top`; None in a list, a quote, a table or a figure, where the
    benchmark's labels contradict each other (Zyte's keep lists and embedded posts, fundus's
    leave them out; readability's keep captions): the rules alone decide those."""
    depth, tags, strong, weak, content, caption = 0, set[str](), 0.0, 0.0, 0.0, 0.0
    for node in page.path(seg.parent, top):
        depth += 1
        tags.add(node.tag)
        found = words(node)
        if found.strip():
            strong = strong or float(bool(_STRONG.search(found)))
            weak = weak or float(bool(_WEAK.search(found)))
            content = content or float(bool(_CONTENT_WORD.search(found)))
            caption = caption or float(bool(_CAPTION_WORD.search(found)))
    if tags & _CONVENTIONS:
        return None
    return {
        "depth": min(depth, 10) / 10,
        "in_link": float("a" in tags),
        "in_boxes": float(bool(tags & {"aside", "nav", "header", "footer", "form"})),
        "word_strong": strong,
        "word_weak": weak,
        "word_content": content,
        "word_caption": caption,
    }

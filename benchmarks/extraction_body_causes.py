"""Why newscrawl's body loses or adds text, counted in characters per cause, on the Zyte pages
and the development pages' tuning part; the validation part as AGGREGATES only (totals per
cause, never a page: see benchmarks/extraction.py), to choose which general cause to chase.

    python benchmarks/extraction_body_causes.py [--worst N] [--pages] [--show ID]

Each segment of a page (extract/body.page: a run of inline text between blocks) is in the
expected body when its text, whitespace removed, is part of the expected text. A segment in the
expected body that the body does not keep is lost; a kept segment that is not in it is extra.
Each is put under the first cause its place in the page shows (tags, class/id words, link
density, where it sits relative to the body's container). Expected paragraphs found in no
segment are "not in the markup": in script data, or nowhere in the page.

The phrase labels (`body_contains`, `body_excludes`, on many more pages than full bodies) are
counted the same way, per phrase: an expected phrase missing from the body under the cause of
the segment that holds it, an excluded phrase present under the cause of the kept segment
that holds it ("spans segments" when no one segment holds it whole).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from extraction_data import Page, corpus_pages, split, zyte_pages
from extraction_score import document_score

from newscrawl import sources
from newscrawl.extract import body as body_module
from newscrawl.extract.article import extract_article
from newscrawl.extract.body.page import _SPACE, Element, words
from newscrawl.extract.body.page import Page as Tree

DATA = Path(__file__).resolve().parent / "data"
_HEADS = ("h2", "h3", "h4", "h5", "h6")
_KINDS = [
    ("newsletter box", re.compile(r"newsletter|subscri|sign-?up|signup|paywall", re.I)),
    ("author bio", re.compile(r"author|byline|bio\b|contributor", re.I)),
    ("share bar", re.compile(r"share|sharing|social", re.I)),
    ("tag list", re.compile(r"\btags?\b|tag-|keyword|topics", re.I)),
    ("comments", re.compile(r"comment", re.I)),
    ("image credit/caption", re.compile(r"caption|credit|photo|image|figure", re.I)),
    ("related teasers", re.compile(r"related|recommend|more-|teaser|promo|latest", re.I)),
]
_DATE_LINE = re.compile(r"\b(19|20)\d\d\b|\b\d{1,2}[:.]\d{2}\b|updated|published", re.I)


class Capture:
    """extract/body.select wrapped: the page, votes, choice and regions of the last call."""

    def __init__(self) -> None:
        self.inner = body_module.select
        self.last: Any = None

    def __call__(self, page: Tree, votes: list[bool]) -> Any:
        chosen, regions = self.inner(page, votes)
        self.last = (page, votes, chosen, regions)
        return chosen, regions


def _ancestors(tree: Tree, element: Element) -> list[Element]:
    return list(tree.path(element, None))


def _word_kind(tree: Tree, element: Element, top: Element | None) -> str | None:
    """The first boilerplate kind the class/id words (or tag) of `element` and its ancestors
    below `top` name (not above it: a WordPress post's own "tag-x category-y" classes)."""
    for node in tree.path(element, top):
        text = words(node) + " " + str(node.tag)
        for name, pattern in _KINDS:
            if pattern.search(text):
                return name
    return None


def lost_cause(tree: Tree, seg: Any, regions: list[Element], voted: bool) -> str:
    tags = {n.tag for n in _ancestors(tree, seg.parent)}
    inside = any(tree.contains(r, seg.parent) for r in regions)
    if "figcaption" in tags or "figure" in tags or tree.caption(seg.parent, None):
        return "lost: caption/figure"
    if "blockquote" in tags:
        return "lost: quote"
    if seg.parent.tag in _HEADS:
        return "lost: subhead"
    if "li" in tags:
        return "lost: list item"
    if not regions:
        return "lost: page with no body"
    if not inside:
        first = tree.order[regions[0]]
        where = "before" if tree.order[seg.parent] < first else "after"
        return f"lost: outside container ({where})"
    if seg.link_density >= 0.5 or tree.in_link(seg.parent, regions[0]):
        return "lost: linky text in container"
    if tree.boilerplate(seg.parent, regions[0]):
        return "lost: boilerplate class word in container"
    return f"lost: paragraph in container ({'voted' if voted else 'unvoted'})"


def extra_cause(tree: Tree, seg: Any, regions: list[Element], voted: bool) -> str:
    region = next((r for r in regions if tree.contains(r, seg.parent)), None)
    tags = {n.tag for n in tree.path(seg.parent, region)}
    if seg.link_density >= 0.5:
        return "extra: link lines (teasers, tag lists)"
    kind = _word_kind(tree, seg.parent, region)
    if kind:
        return f"extra: {kind}"
    if len(seg.norm) < 60 and _DATE_LINE.search(seg.text):
        return "extra: date / updated line"
    if len(seg.norm) < 25:
        return "extra: short line (label, count)"
    if seg.parent.tag in _HEADS:
        return "extra: heading"
    if "li" in tags:
        return "extra: list item"
    if "blockquote" in tags:
        return "extra: quote"
    if tags & {"td", "th", "table"}:
        return "extra: table cell"
    where = "in container" if region is not None else "outside container"
    return f"extra: other prose ({where}, {'voted' if voted else 'unvoted'})"


def page_causes(
    page: Page, truth: str, capture: Capture, show: bool = False
) -> tuple[Counter[str], str]:
    capture.last = None
    article = extract_article(page.html, page.url, sources.generic(page.url))
    causes: Counter[str] = Counter()
    want = _SPACE.sub("", truth)
    if capture.last is None:
        return causes, article.body_text
    tree, votes, chosen, regions = capture.last
    got = _SPACE.sub("", article.body_text)
    scripted = bool(got) and not any(
        c and s.norm in got for s, c in zip(tree.segments, chosen, strict=True)
    )
    matched = [
        i
        for i, (seg, kept) in enumerate(zip(tree.segments, chosen, strict=True))
        if kept and len(seg.norm) >= 20 and seg.norm in want
    ]
    for i, (seg, voted, kept) in enumerate(zip(tree.segments, votes, chosen, strict=True)):
        in_truth = len(seg.norm) >= 4 and seg.norm in want
        if in_truth and not kept and seg.norm not in got:
            cause = lost_cause(tree, seg, regions, voted)
        elif kept and not in_truth and not scripted:
            cause = extra_cause(tree, seg, regions, voted)
            if cause.startswith("extra: other prose") and matched:
                where = "head" if i < matched[0] else "tail" if i > matched[-1] else "middle"
                cause = cause[:-1] + f", {where})"
        else:
            continue
        causes[cause] += len(seg.norm)
        if show:
            print(f"    {cause:<40} <{seg.parent.tag} {words(seg.parent)[:40]}> {seg.text[:90]!r}")
    markup = "".join(s.norm for s in tree.segments)
    for line in truth.split("\n"):
        norm = _SPACE.sub("", line)
        if len(norm) >= 20 and norm not in markup and norm not in got:
            where = "script data" if norm[:40] in _SPACE.sub("", page.html) else "nowhere"
            causes[f"lost: not in markup ({where})"] += len(norm)
    return causes, article.body_text


def phrase_causes(page: Page, got: str, capture: Capture) -> Counter[str]:
    """The page's phrase labels: each missing expected phrase and each present excluded one,
    under the cause of the segment that holds it (after page_causes, whose capture it reads)."""
    causes: Counter[str] = Counter()
    body = _SPACE.sub("", got)
    last = capture.last
    markup = _SPACE.sub("", page.html)
    for phrase in page.expected.get("body_contains", []):
        norm = _SPACE.sub("", phrase)
        causes["contains: phrases"] += 1
        if norm in body:
            continue
        if last is None:
            causes["contains missing: no body read"] += 1
            continue
        tree, votes, chosen, regions = last
        at = next((i for i, s in enumerate(tree.segments) if norm in s.norm), None)
        if at is None:
            where = "script data" if norm[:40] in markup else "spans segments/nowhere"
            causes[f"contains missing: not in one segment ({where})"] += 1
            continue
        seg = tree.segments[at]
        cause = lost_cause(tree, seg, regions, votes[at]).removeprefix("lost: ")
        causes[f"contains missing: {cause}"] += 1
    for phrase in page.expected.get("body_excludes", []):
        norm = _SPACE.sub("", phrase)
        causes["excludes: phrases"] += 1
        if norm not in body:
            continue
        if last is None:
            causes["excludes present: no body read"] += 1
            continue
        tree, votes, chosen, regions = last
        at = next((i for i, s in enumerate(tree.segments) if chosen[i] and norm in s.norm), None)
        if at is None:
            causes["excludes present: spans segments (or script data)"] += 1
            continue
        cause = extra_cause(tree, tree.segments[at], regions, votes[at]).removeprefix("extra: ")
        causes[f"excludes present: {cause}"] += 1
    return causes


def part_aggregate(
    pages: list[Page], capture: Capture
) -> tuple[Counter[str], Counter[str], list[tuple[float, float, float, Page, Counter[str]]]]:
    """A part's characters per cause (full-body pages), phrases per cause (phrase pages) and
    per-page rows (for the tuning part's --worst only)."""
    chars: Counter[str] = Counter()
    phrases: Counter[str] = Counter()
    rows = []
    for page in pages:
        truth = page.expected.get("body")
        if truth:
            causes, got = page_causes(page, truth, capture)
            chars.update(causes)
            chars.update({f"{cause} #pages": 1 for cause in causes})
            _, fp, fn = document_score(truth, got)
            rows.append((fp + fn, fp, fn, page, causes))
        elif "body_contains" in page.expected or "body_excludes" in page.expected:
            capture.last = None
            got = extract_article(page.html, page.url, sources.generic(page.url)).body_text
        else:
            continue
        phrases.update(phrase_causes(page, got, capture))
    return chars, phrases, rows


def print_aggregate(name: str, chars: Counter[str], phrases: Counter[str]) -> None:
    spread = {c.removesuffix(" #pages"): n for c, n in chars.items() if c.endswith(" #pages")}
    chars = Counter({c: n for c, n in chars.items() if not c.endswith(" #pages")})
    lost = sum(n for c, n in chars.items() if c.startswith("lost"))
    extra = sum(n for c, n in chars.items() if c.startswith("extra"))
    print(f"\n{name}: characters (no spaces) per cause (pages): lost {lost}, extra {extra}")
    for cause, count in sorted(chars.items()):
        print(f"  {cause:<56} {count:>8} ({spread[cause]})")
    kept_in, left_out = phrases["contains: phrases"], phrases["excludes: phrases"]
    if not kept_in + left_out:
        return  # the Zyte pages have no phrase labels
    missing = sum(n for c, n in phrases.items() if c.startswith("contains missing"))
    present = sum(n for c, n in phrases.items() if c.startswith("excludes present"))
    print(
        f"{name}: phrases: contains {kept_in - missing}/{kept_in}"
        f" ({(kept_in - missing) / max(kept_in, 1):.3f}), excludes {left_out - present}/{left_out}"
        f" ({(left_out - present) / max(left_out, 1):.3f}); per cause"
    )
    for cause, count in sorted(phrases.items()):
        if cause.endswith(": phrases"):
            continue
        print(f"  {cause:<64} {count:>5}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--worst", type=int, default=0, help="also list the N worst pages")
    parser.add_argument("--pages", action="store_true", help="causes per worst page")
    parser.add_argument("--show", action="append", default=[], help="a page id: its segments")
    args = parser.parse_args()
    capture = Capture()
    body_module.select = capture  # type: ignore[assignment]
    zyte, zyte_truth = zyte_pages(DATA / "zyte")
    parts = split([p for f in ("corpus", "extra") for p in corpus_pages(DATA / f)])
    sets = {
        "zyte": [(p, zyte_truth[p.id]) for p in zyte],
        "tuning": [(p, p.expected["body"]) for p in parts["tuning"] if p.expected.get("body")],
    }
    for pages in sets.values():
        for page, truth in pages:
            if "ALL" in args.show or any(page.id.startswith(s) for s in args.show):
                print(page.id, page.url)
                page_causes(page, truth, capture, show=True)
    if args.show:
        return
    for page in zyte:
        page.expected = {"body": zyte_truth[page.id]}
    for name, pages in (("zyte", zyte), *parts.items()):
        chars, phrases, rows = part_aggregate(pages, capture)
        print_aggregate(f"{name} ({len(rows)} full-body pages)", chars, phrases)
        if name == "validation":
            continue  # aggregates only: never a validation page
        rows.sort(key=lambda r: -r[0])
        for _, fp, fn, page, causes in rows[: args.worst]:
            print(f"  {page.id[:24]:<24} FP {fp:5.3f} FN {fn:5.3f}  {page.url[:70]}")
            if args.pages:
                for cause, chars_ in causes.most_common():
                    print(f"      {cause:<46} {chars_:>7}")


if __name__ == "__main__":
    main()

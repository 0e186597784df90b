"""Why newscrawl's body loses or adds text, counted in characters per cause, on the Zyte pages
and the development pages' TUNING part only (never the validation part: see
benchmarks/extraction.py).

    python benchmarks/extraction_body_causes.py [--worst N] [--pages]

Each segment of a page (extract/body.page: a run of inline text between blocks) is in the
expected body when its text, whitespace removed, is part of the expected text. A segment in the
expected body that the body does not keep is lost; a kept segment that is not in it is extra.
Each is put under the first cause its place in the page shows (tags, class/id words, link
density, where it sits relative to the body's container). Expected paragraphs found in no
segment are "not in the markup": in script data, or nowhere in the page.
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


def _word_kind(tree: Tree, element: Element) -> str | None:
    for node in _ancestors(tree, element):
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


def extra_cause(tree: Tree, seg: Any) -> str:
    if seg.link_density >= 0.5:
        return "extra: link lines (teasers, tag lists)"
    kind = _word_kind(tree, seg.parent)
    if kind:
        return f"extra: {kind}"
    if len(seg.norm) < 60 and _DATE_LINE.search(seg.text):
        return "extra: date / updated line"
    if len(seg.norm) < 25:
        return "extra: short line (label, count)"
    if seg.parent.tag in _HEADS:
        return "extra: heading"
    return "extra: other prose"


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
    for seg, voted, kept in zip(tree.segments, votes, chosen, strict=True):
        in_truth = len(seg.norm) >= 4 and seg.norm in want
        if in_truth and not kept and seg.norm not in got:
            cause = lost_cause(tree, seg, regions, voted)
        elif kept and not in_truth and not scripted:
            cause = extra_cause(tree, seg)
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--worst", type=int, default=0, help="also list the N worst pages")
    parser.add_argument("--pages", action="store_true", help="causes per worst page")
    parser.add_argument("--show", action="append", default=[], help="a page id: its segments")
    args = parser.parse_args()
    capture = Capture()
    body_module.select = capture  # type: ignore[assignment]
    zyte, zyte_truth = zyte_pages(DATA / "zyte")
    tuning = split([p for f in ("corpus", "extra") for p in corpus_pages(DATA / f)])["tuning"]
    sets = {
        "zyte": [(p, zyte_truth[p.id]) for p in zyte],
        "tuning": [(p, p.expected["body"]) for p in tuning if p.expected.get("body")],
    }
    for name, pages in sets.items():
        for page, truth in pages:
            if "ALL" in args.show or any(page.id.startswith(s) for s in args.show):
                print(page.id, page.url)
                page_causes(page, truth, capture, show=True)
        if args.show:
            continue
        total: Counter[str] = Counter()
        rows = []
        for page, truth in pages:
            causes, got = page_causes(page, truth, capture)
            total.update(causes)
            _, fp, fn = document_score(truth, got)
            rows.append((fp + fn, fp, fn, page, causes))
        print(f"\n{name}: {len(pages)} pages, characters (no spaces) per cause")
        for cause, chars in sorted(total.items()):
            print(f"  {cause:<48} {chars:>8}")
        rows.sort(key=lambda r: -r[0])
        for _, fp, fn, page, causes in rows[: args.worst]:
            print(f"  {page.id[:24]:<24} FP {fp:5.3f} FN {fn:5.3f}  {page.url[:70]}")
            if args.pages:
                for cause, chars in causes.most_common():
                    print(f"      {cause:<46} {chars:>7}")


if __name__ == "__main__":
    main()

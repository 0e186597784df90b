"""Titles alone, and titles of pages that say less: the title figure of `extraction.py`'s
tuning and validation parts (same split, same scoring), then of the same pages with their
headline fields taken away, so that the site's name, sections and kickers must be found in the
<title> alone.

    python benchmarks/extraction_titles.py [--misses]

Readings: "as saved"; "no og/JSON-LD" (og:title, twitter:title and the JSON-LD headline
removed: a page of a site that writes no share fields); "<title> only" (those, and every <h1>
turned into a <div>: what is left is the <title>, <h2>s and the text; an <h1> that microdata
marks as the headline is still marked). The title step alone is run (`metadata.title`), as
`extract_article` runs it for a page without a source's rules. `--misses` lists the tuning
part's misses of each reading; the validation part is only ever counted.

Then the misses of each reading by kind, counted for both parts alike (aggregates only: they
say which general cause is worth chasing, never which page): "none" (no title found); "ours
contains expected" (a site's name, a kicker or a date left on); "expected contains ours" (we
cut too much); "ours is a field, expected another" / "ours is a field, expected none" (ours
is one of the page's headline fields as that reading leaves them, each without the site's
name: og:title, twitter:title, the JSON-LD / <meta> headline, an <h1>, the <title>, a marked
headline; the expected is another of them, or none of them); "other". The first kind that
applies is counted, in that order; texts are compared as the scoring compares them. Indented
below: "ours is a field, expected another" by which field each is (meta: og:title,
twitter:title, the <meta> headline; JSON-LD; h1; title) and whether they differ in case only,
in marks only (punctuation, quotes) or in words; "expected none" by where the expected is: a
field but for case, a field but for marks, in the text of the page's body, nowhere.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from parsel import Selector

sys.path.insert(0, str(Path(__file__).resolve().parent))
from extraction_data import Page, corpus_pages, more_parts, split
from extraction_score import _plain, same_title

from newscrawl.extract import metadata
from newscrawl.extract.body import parse
from newscrawl.extract.metadata.fields import _key

DATA = Path(__file__).resolve().parent / "data"
_SHARE_FIELDS = {"og:title", "twitter:title"}


def _as_saved(root: Any, ld: dict[str, Any]) -> dict[str, Any]:
    return ld


def _no_share_fields(root: Any, ld: dict[str, Any]) -> dict[str, Any]:
    for element in list(root.iter("meta")):
        name = (element.get("property") or element.get("name") or "").strip().lower()
        if name in _SHARE_FIELDS:
            element.getparent().remove(element)
    return {key: value for key, value in ld.items() if key != "headline"}


def _title_only(root: Any, ld: dict[str, Any]) -> dict[str, Any]:
    for h1 in list(root.iter("h1")):
        h1.tag = "div"
    return _no_share_fields(root, ld)


READINGS: dict[str, Callable[[Any, dict[str, Any]], dict[str, Any]]] = {
    "as saved": _as_saved,
    "no og/JSON-LD": _no_share_fields,
    "<title> only": _title_only,
}


def title_of(page: Page, reading: Callable[[Any, dict[str, Any]], dict[str, Any]]) -> str:
    root = parse(page.html)
    ld = metadata.json_ld(Selector(root=root, type="html"))
    ld = reading(root, ld)
    return metadata.title(Selector(root=root, type="html"), ld, page.url) or ""


def fields_of(
    page: Page, reading: Callable[[Any, dict[str, Any]], dict[str, Any]]
) -> tuple[list[tuple[str, str]], str]:
    """The page's headline fields as `reading` leaves them (metadata.title_candidates: where,
    headline), and the text of its body (white space folded)."""
    root = parse(page.html)
    ld = reading(root, metadata.json_ld(Selector(root=root, type="html")))
    sel = Selector(root=root, type="html")
    body = " ".join(root.xpath("//body//text()[not(parent::script or parent::style)]"))
    return metadata.title_candidates(sel, ld, page.url), _plain(body)


MISS_KINDS = (
    "none",
    "ours contains expected",
    "expected contains ours",
    "ours is a field, expected another",
    "ours is a field, expected none",
    "other",
)
# Where the expected title is, when ours is one of the page's headline fields.
EXPECTED_WHERE = (
    "a field but for case",
    "a field but for marks",
    "in the page's text",
    "nowhere on the page",
)
_ORIGIN = {"og:title": "meta", "twitter:title": "meta", "meta headline": "meta"}
_ORIGIN |= {"JSON-LD headline": "JSON-LD", "h1": "h1", "title": "title"}


def miss_kind(
    expected: dict[str, Any], found: str, fields: list[tuple[str, str]], text: str = ""
) -> tuple[str, str]:
    """The kind of a miss (see the module's docstring) and, when ours is a headline field of
    the page, where the expected title is (EXPECTED_WHERE; else "")."""
    ours = _plain(found)
    wanted = {_plain(t) for t in [expected["title"], *expected.get("title_alternatives", [])]}
    plain = {_plain(f): _ORIGIN.get(o, "other") for o, f in reversed(fields)}  # each's first
    if not ours:
        return "none", ""
    if any(w and w in ours for w in wanted):
        return "ours contains expected", ""
    if any(ours in w for w in wanted):
        return "expected contains ours", ""
    if ours not in plain:
        return "other", ""
    if wanted & set(plain):
        theirs = "+".join(
            sorted({_ORIGIN.get(o, "other") for o, f in fields if _plain(f) in wanted})
        )
        differ = _differ(ours, wanted)
        return MISS_KINDS[3], f"ours {plain[ours]}, expected {theirs}: {differ}"
    if {w.casefold() for w in wanted} & {f.casefold() for f in plain}:
        return MISS_KINDS[4], "a field but for case"
    if {_key(w) for w in wanted} & {_key(f) for f in plain}:
        return MISS_KINDS[4], "a field but for marks"
    return MISS_KINDS[4], "in the page's text" if any(w in text for w in wanted) else (
        "nowhere on the page"
    )


def _differ(ours: str, wanted: set[str]) -> str:
    """How the expected title differs from ours: in case, in marks, or in words."""
    if any(ours.casefold() == w.casefold() for w in wanted):
        return "case"
    return "marks" if any(_key(ours) == _key(w) for w in wanted) else "words"


def print_miss_kinds(kinds: dict[tuple[str, str], Counter[str]]) -> None:
    """Counts of each part's misses by kind, a column per reading and part."""
    readings = list(dict.fromkeys(r for r, _ in kinds))
    print("\nMisses by kind (tuning / validation)")
    print(f"{'kind':<44}" + "".join(f" {reading:>16}" for reading in readings))
    pairs = sorted({k for c in kinds.values() for k in c if k.startswith("ours ")} - {*MISS_KINDS})
    for kind in MISS_KINDS + tuple(pairs) + tuple(f"expected {w}" for w in EXPECTED_WHERE):
        cells = [f"{kinds[r, 'tuning'][kind]} / {kinds[r, 'validation'][kind]}" for r in readings]
        indent = "" if kind in MISS_KINDS else "  "
        print(f"{indent + kind:<44}" + "".join(f" {cell:>16}" for cell in cells))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--misses", action="store_true", help="list the tuning part's misses")
    parser.add_argument(
        "--more", action="store_true", help="the pages of data/more instead (same split)"
    )
    args = parser.parse_args()
    folders = [DATA / "corpus", DATA / "extra"]
    pages = [p for folder in folders for p in corpus_pages(folder)]
    both = more_parts(folders, DATA / "more") if args.more else split(pages)
    parts = {name: [p for p in part if "title" in p.expected] for name, part in both.items()}
    print(f"{'reading':<16} {'tuning':>16} {'validation':>16}")
    kinds: dict[tuple[str, str], Counter[str]] = {}
    for name, reading in READINGS.items():
        figures = []
        for part in ("tuning", "validation"):
            found = {p.id: title_of(p, reading) for p in parts[part]}
            hits = sum(same_title(p.expected, found[p.id]) for p in parts[part])
            kinds[name, part] = Counter()
            for page in parts[part]:
                if not same_title(page.expected, found[page.id]):
                    kind, where = miss_kind(
                        page.expected, found[page.id], *fields_of(page, reading)
                    )
                    detail = where if where.startswith("ours ") else f"expected {where}"
                    kinds[name, part].update([kind] + ([detail] if where else []))
            figures.append(f"{hits / len(parts[part]):.3f} ({hits}/{len(parts[part])})")
            if args.misses and part == "tuning":
                misses = [p for p in parts[part] if not same_title(p.expected, found[p.id])]
                for page in misses:
                    print(
                        f"  [{name}] {page.id}: {found[page.id]!r} for {page.expected['title']!r}"
                    )
        print(f"{name:<16} {figures[0]:>16} {figures[1]:>16}")
    print_miss_kinds(kinds)


if __name__ == "__main__":
    main()

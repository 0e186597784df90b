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
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from parsel import Selector

sys.path.insert(0, str(Path(__file__).resolve().parent))
from extraction_data import Page, corpus_pages, split
from extraction_score import same_title

from newscrawl.extract import metadata
from newscrawl.extract.body import parse

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--misses", action="store_true", help="list the tuning part's misses")
    args = parser.parse_args()
    pages = [p for folder in (DATA / "corpus", DATA / "extra") for p in corpus_pages(folder)]
    parts = {
        name: [p for p in part if "title" in p.expected] for name, part in split(pages).items()
    }
    print(f"{'reading':<16} {'tuning':>16} {'validation':>16}")
    for name, reading in READINGS.items():
        figures = []
        for part in ("tuning", "validation"):
            found = {p.id: title_of(p, reading) for p in parts[part]}
            hits = sum(same_title(p.expected, found[p.id]) for p in parts[part])
            figures.append(f"{hits / len(parts[part]):.3f} ({hits}/{len(parts[part])})")
            if args.misses and part == "tuning":
                misses = [p for p in parts[part] if not same_title(p.expected, found[p.id])]
                for page in misses:
                    print(
                        f"  [{name}] {page.id}: {found[page.id]!r} for {page.expected['title']!r}"
                    )
        print(f"{name:<16} {figures[0]:>16} {figures[1]:>16}")


if __name__ == "__main__":
    main()

"""What a page reader gives, as a digest of every field a page, and its CPU time a page.

    python benchmarks/extraction_identity.py --out new.json [--compare old.json] [--passes N]
                                             [--pages DIR ...] [--zyte DIR] [--every N]
                                             [--more]

A speed change to the page readers must not change one output: run this on the old commit
(e.g. `PYTHONPATH=<old checkout> python benchmarks/extraction_identity.py --out old.json`, the
checkout's path printed to confirm), then on the new one with `--compare old.json`; it lists
every page and field that differ and exits 1 when any does.

Pages: every saved page with a JSON beside it under `--pages` (default `../shared/corpus`
with `extra/`, and this repository's `tests/sources/`; `--more` adds `benchmarks/data/more`),
and the Zyte benchmark's 181 pages (`--zyte`, default `../shared/bench/article-extraction`).
Each page's bytes go through `read_page` (decode, extract, page kind, selector misses,
normalize, sanitize) as a crawl's page reader runs it, with the generic source and, when a
declared source claims the URL, with that source too; then `render_post` (an undated
article rendered with a fixed date). Every Article field, the skip reason, the selector
misses, what sanitizing found and the post are digested (SHA-256 of their repr, 16 hex
digits).

`--passes N` times read_page N times over all pages (process_time, the first pass also
warms up) and prints the median CPU ms a page, and the render's.
"""

from __future__ import annotations

import argparse
import copy
import dataclasses
import gzip
import hashlib
import json
import statistics
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import newscrawl
from newscrawl import sources
from newscrawl.crawl.reading import PageRead, read_page
from newscrawl.render.post import render_post
from newscrawl.sources.base import Source

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
_FIXED_DATE = datetime(2020, 1, 2, 3, 4, 5, tzinfo=UTC)
_SKIPPED_FIELDS = {"response", "image_results", "fetched_at", "requested_urls"}


@dataclass
class Task:
    id: str
    url: str
    body: bytes
    source: Source


def saved_pages(folders: list[Path]) -> Iterator[tuple[str, str, bytes]]:
    """(id, url, bytes) of every `<name>.html.gz` with a `<name>.json` naming its URL."""
    for folder in folders:
        for page in sorted(folder.rglob("*.html.gz")):
            meta_path = page.with_name(page.name.removesuffix(".html.gz") + ".json")
            meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
            url = meta.get("url") or f"https://{page.name.removesuffix('.html.gz')}.invalid/"
            yield str(page.relative_to(folder.parent)), url, gzip.decompress(page.read_bytes())


def zyte_pages(folder: Path) -> Iterator[tuple[str, str, bytes]]:
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    for key, item in sorted(truth.items()):
        body = gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes())
        yield f"zyte/{key}", item["url"], body


def tasks(pages: Iterator[tuple[str, str, bytes]]) -> list[Task]:
    """Each page with the generic source, and with the declared source claiming it."""
    found = []
    for page_id, url, body in pages:
        found.append(Task(page_id, url, body, sources.generic(url)))
        declared = sources.for_url(url)
        if declared is not None:
            found.append(Task(f"{page_id}@{declared.id}", url, body, declared))
    return found


def run(task: Task) -> PageRead:
    return read_page(task.body, task.url, None, task.source, None)


def post(read: PageRead) -> str:
    """The post the article renders to (a fixed date for an undated one); the error's name
    when rendering refuses it."""
    article = copy.copy(read.article)
    article.published = article.published or _FIXED_DATE
    try:
        return render_post(article, sources.default_image(article.source_id))
    except ValueError as error:
        return f"{type(error).__name__}: {error}"


def digest(read: PageRead) -> dict[str, str]:
    article = read.article
    values: dict[str, Any] = {
        f.name: getattr(article, f.name)
        for f in dataclasses.fields(article)
        if f.name not in _SKIPPED_FIELDS
    }
    values["skip"] = read.skip
    values["selector_misses"] = read.selector_misses
    values["sanitized"] = getattr(article, "_newscrawl_sanitized", None)
    values["post"] = post(read)
    return {k: hashlib.sha256(repr(v).encode()).hexdigest()[:16] for k, v in values.items()}


def compare(new: dict[str, dict[str, str]], old: dict[str, dict[str, str]]) -> int:
    """Print every page and field that differ; the number of differing pages."""
    differing = 0
    for page_id in sorted(set(new) | set(old)):
        a, b = old.get(page_id), new.get(page_id)
        if a is None or b is None:
            print(f"{page_id}: only in {'new' if a is None else 'old'}")
            differing += 1
            continue
        fields = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
        if fields:
            print(f"{page_id}: {', '.join(fields)}")
            differing += 1
    return differing


def timed(all_tasks: list[Task], passes: int) -> None:
    """Median CPU ms a page of read_page, and of render_post, over `passes` passes."""
    reads, renders = [], []
    for _ in range(passes + 1):
        start = time.process_time()
        results = [run(task) for task in all_tasks]
        middle = time.process_time()
        for result in results:
            post(result)
        end = time.process_time()
        reads.append((middle - start) * 1000 / len(all_tasks))
        renders.append((end - middle) * 1000 / len(all_tasks))
    reads, renders = reads[1:], renders[1:]  # the first pass warms caches up
    print(
        f"read_page {statistics.median(reads):.2f} ms CPU a page (passes "
        f"{', '.join(f'{r:.2f}' for r in reads)}); render_post "
        f"{statistics.median(renders):.2f} ms; {len(all_tasks)} pages"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, help="write the digests here (JSON)")
    parser.add_argument("--compare", type=Path, help="digests of the old code to compare with")
    parser.add_argument("--passes", type=int, default=0, help="time N passes (0: no timing)")
    parser.add_argument(
        "--pages", type=Path, nargs="*", default=[SHARED / "corpus", ROOT / "tests" / "sources"]
    )
    parser.add_argument("--zyte", type=Path, default=SHARED / "bench" / "article-extraction")
    parser.add_argument("--every", type=int, default=1, help="only every Nth page (timing)")
    parser.add_argument(
        "--more", action="store_true", help="also the pages of benchmarks/data/more"
    )
    args = parser.parse_args()
    if args.more:
        args.pages.append(ROOT / "benchmarks" / "data" / "more")
    print(f"newscrawl from {Path(newscrawl.__file__).parent}", file=sys.stderr)
    all_tasks = tasks(_chain(saved_pages(args.pages), zyte_pages(args.zyte)))
    all_tasks = all_tasks[:: args.every]
    if args.passes:
        timed(all_tasks, args.passes)
    if not (args.out or args.compare):
        return
    digests = {task.id: digest(run(task)) for task in all_tasks}
    if args.out:
        args.out.write_text(json.dumps(digests, indent=0, sort_keys=True), encoding="utf-8")
    if args.compare:
        old = json.loads(args.compare.read_text(encoding="utf-8"))
        differing = compare(digests, old)
        print(f"{differing} of {len(digests)} pages differ")
        sys.exit(1 if differing else 0)


def _chain(*parts: Iterator[tuple[str, str, bytes]]) -> Iterator[tuple[str, str, bytes]]:
    for part in parts:
        yield from part


if __name__ == "__main__":
    main()

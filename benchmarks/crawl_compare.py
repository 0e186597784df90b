"""Whether two crawls' output directories archived the same: exit 0 if so, 1 with the differences.

    python benchmarks/crawl_compare.py OUT_A OUT_B

For a speed change that must not change what a crawl archives: run the same crawl of the same
site (benchmarks/crawl.py --keep, or `newscrawl crawl` against its site) into a fresh directory
with the old code and the new, then compare. Compared: every row of the archive's tables
(times of the run left out: fetch times, first seen, visits' dates, the run's own row but its
counts), the image files by MD5 under their paths, and the post files' bytes as a multiset
(which of several same-titled articles gets the plain name and which the suffixed one follows
arrival order, which differs between two runs of the same code; the articles' post paths are
compared without that suffix, for the same reason).
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sqlite3
import sys
from collections import Counter
from pathlib import Path

# Columns that hold the time of the run (or follow from arrival order): not compared.
IGNORED = {
    "articles": {"first_seen", "fetched_at", "post_path", "post_key"},
    "visits": {"first_seen", "last_visit", "next_visit"},
    "revisions": {"revised_at"},
    "entry_points": {"last_crawled", "checked_at", "fetched_at"},
    "robots_txt": {"fetched_at", "expires_at"},
    "responses": {"fetched_at", "headers"},
}
# The hash (and counter) a post name gets when another article took the plain one first.
_SUFFIX = re.compile(r" [0-9a-f]{8}(?:-[0-9]+)?\.md$")
SKIPPED_TABLES = {"crawl_runs", "_migrations", "sqlite_sequence"}


def _tables(db: sqlite3.Connection) -> list[str]:
    rows = db.execute("select name from sqlite_master where type = 'table'").fetchall()
    names = [r[0] for r in rows]
    # The search index's own tables follow from the articles' rows.
    return sorted(
        n for n in names if n not in SKIPPED_TABLES and not n.startswith("articles_search")
    )


def table_rows(db: sqlite3.Connection, table: str) -> Counter[tuple[object, ...]]:
    columns = [r[1] for r in db.execute(f'pragma table_info("{table}")')]
    kept = [c for c in columns if c not in IGNORED.get(table, set())]
    quoted = ", ".join(f'"{c}"' for c in kept)
    return Counter(tuple(r) for r in db.execute(f'select {quoted} from "{table}"'))


def archive_rows(out: Path) -> dict[str, Counter[tuple[object, ...]]]:
    db = sqlite3.connect(f"file:{out / 'archive.db'}?mode=ro", uri=True)
    try:
        found = {table: table_rows(db, table) for table in _tables(db)}
        paths = db.execute("select post_path from articles").fetchall()
        found["post paths"] = Counter(_SUFFIX.sub(".md", p) for (p,) in paths)
        found["run counts"] = Counter(db.execute("select counts from crawl_runs").fetchall())
        return found
    finally:
        db.close()


def file_digests(root: Path) -> dict[str, str]:
    if not root.is_dir():
        return {}
    return {
        str(p.relative_to(root)): hashlib.md5(p.read_bytes(), usedforsecurity=False).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def compare(a: Path, b: Path) -> list[str]:
    """What differs between the two output directories (empty: identical)."""
    problems: list[str] = []
    rows_a, rows_b = archive_rows(a), archive_rows(b)
    for table in sorted(set(rows_a) | set(rows_b)):
        left, right = rows_a.get(table, Counter()), rows_b.get(table, Counter())
        if left != right:
            only_a, only_b = left - right, right - left
            problems.append(
                f"{table}: {sum(only_a.values())} rows only in A, {sum(only_b.values())} only"
                f" in B (of {sum(left.values())} / {sum(right.values())}); first in A:"
                f" {next(iter(only_a), None)!r:.300}"
            )
    images_a, images_b = file_digests(a / "images"), file_digests(b / "images")
    if images_a != images_b:
        differ = {k for k in images_a.keys() & images_b.keys() if images_a[k] != images_b[k]}
        problems.append(
            f"images: {len(images_a.keys() - images_b.keys())} only in A, "
            f"{len(images_b.keys() - images_a.keys())} only in B, {len(differ)} differ"
        )
    posts_a = Counter(file_digests(a / "posts").values())
    posts_b = Counter(file_digests(b / "posts").values())
    if posts_a != posts_b:
        problems.append(
            f"posts: {sum((posts_a - posts_b).values())} contents only in A, "
            f"{sum((posts_b - posts_a).values())} only in B"
        )
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("a", type=Path)
    parser.add_argument("b", type=Path)
    args = parser.parse_args()
    problems = compare(args.a, args.b)
    counts = archive_rows(args.a)
    sizes = ", ".join(f"{t} {sum(c.values())}" for t, c in counts.items() if c)
    print(f"A: {sizes}; images {len(file_digests(args.a / 'images'))}, "
          f"posts {len(file_digests(args.a / 'posts'))}")  # fmt: skip
    for problem in problems:
        print(problem)
    print("identical" if not problems else f"{len(problems)} differences")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()

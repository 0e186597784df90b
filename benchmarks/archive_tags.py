"""Tag pages of `newscrawl serve` on a large archive: with the tag index and without it.

    python benchmarks/archive_tags.py --n 100000              # builds the archive first
    python benchmarks/archive_tags.py --db PATH               # built there if missing

The archive is benchmarks/archive.py's (its generator gives each article 0-3 of ~220 tags, so
every tag is common); a few of its articles get a rare tag by an UPDATE of their `tags`
column (the index's triggers keep it). Each tag page is read as the reader reads it
(newscrawl.web.listing.newest on a read-only connection), `--repeat` times: through the tag
index, then through the scan of the `tags` column that an archive without the index falls
back to (the same function, told the index is missing). Prints median and worst ms.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
from contextlib import closing
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from archive import build_and_print  # noqa: E402

from newscrawl.archive import archive_path  # noqa: E402
from newscrawl.archive.search import Filters  # noqa: E402
from newscrawl.archive.store import Archive  # noqa: E402
from newscrawl.web import listing  # noqa: E402

RARE = "rare-tag"
RARE_ARTICLES = 3
# The article of rank 97 in every 1,000 (by rowid): spread over the archive's whole span.
_TAG_RARE = """update articles set tags = json_insert(coalesce(tags, '[]'), '$[#]', :tag)
where rowid in (select rowid from articles where rowid % 1000 = 97 limit :n)
  and not exists (select 1 from json_each(tags) where value = :tag)"""
_COMMON = """select t.value, count(*) from articles, json_each(articles.tags) t
group by t.value order by count(*) desc limit 1"""
_COUNT = "select count(*) from article_tags where tag = lower(:tag)"


def add_rare_tag(path: Path) -> None:
    with Archive(path) as archive:  # migrates an archive made before the index
        archive.db.execute(_TAG_RARE, {"tag": RARE, "n": RARE_ARTICLES})
        archive.db.conn.commit()


def time_page(conn: sqlite3.Connection, tag: str, page: int, repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        tick = time.perf_counter()
        listing.newest(conn, Filters(tag=tag), page)
        samples.append((time.perf_counter() - tick) * 1000)
    return samples


def report(path: Path, repeat: int) -> None:
    uri = path.resolve().as_uri() + "?mode=ro"
    with closing(sqlite3.connect(uri, uri=True)) as conn:
        n = conn.execute("select count(*) from articles").fetchone()[0]
        common = conn.execute(_COMMON).fetchone()[0]
        cases = [(RARE, 1), (common, 1), (common, 10), ("no-such-tag", 1)]
        print(f"\n{n:,} articles; tag page (20 cards), ms over {repeat} runs")
        print("| tag | articles | page | index median | index max | scan median | scan max |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for tag, page in cases:
            count = conn.execute(_COUNT, {"tag": tag}).fetchone()[0]
            indexed = time_page(conn, tag, page, repeat)
            found = listing.has_tag_index
            listing.has_tag_index = lambda conn: False  # type: ignore[assignment]
            try:
                scanned = time_page(conn, tag, page, repeat)
            finally:
                listing.has_tag_index = found
            print(
                f"| {tag} | {count:,} | {page} | {statistics.median(indexed):.1f} "
                f"| {max(indexed):.1f} | {statistics.median(scanned):.1f} | {max(scanned):.1f} |"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="articles to build")
    parser.add_argument("--db", type=Path, help="the archive (built first if it is missing)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or archive_path(Path(tmp))
        if not path.exists():
            build_and_print(path, args.n, 1000, 1)
        add_rare_tag(path)
        report(path, args.repeat)


if __name__ == "__main__":
    main()

"""Where one crawl's wall time goes, phase by phase; prints a table.

    python benchmarks/crawl_timeline.py [--runs 3] [--limit N] [--newscrawl BIN ...]

Builds the crawl benchmark's site (benchmarks/crawl_site.py), serves it with nginx writing an
access log of each request's end to the millisecond, and runs `newscrawl crawl URL` on it
(`--runs` times each `--newscrawl` binary, alternated: two checkouts' venvs compare back to
back on a loaded machine). Times are seconds from the crawl process's start: its first request,
the first article page asked for, its response, the first article read (its `fetched_at` in
the archive), the first post written (the earliest file under posts/), the last article
response, and the process's exit; the discovery requests before the first article follow each
row. Runs inside `unshare -n` like benchmarks/crawl.py; needs nginx (the Python server keeps
no such log).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from crawl import in_loopback_namespace, origin, site_port
from crawl_server import SiteServer
from crawl_site import build_site

BIN = Path(sys.executable).parent
ARTICLES = "/a/"  # the site's article pages (crawl_site.py)
IMAGES = "/img/"


@dataclass
class Hit:
    start: float  # epoch seconds the request began (its end less its duration)
    end: float
    status: int
    path: str


@dataclass
class Timeline:
    first_request: float
    article_asked: float
    article_answered: float
    article_read: float
    post_written: float
    last_article: float
    exit: float
    articles: int
    discovery: list[Hit]


def read_log(path: Path) -> list[Hit]:
    hits = []
    for line in path.read_text().splitlines():
        end, took, status, uri = line.split(" ", 3)
        hits.append(Hit(float(end) - float(took), float(end), int(status), uri))
    return sorted(hits, key=lambda h: h.start)


def first_post(out: Path) -> float:
    return min((p.stat().st_mtime for p in (out / "posts").rglob("*.md")), default=float("nan"))


def archive_times(out: Path) -> tuple[int, float]:
    """Articles archived, and the earliest one's fetched_at (epoch seconds)."""
    db = out / "archive.db"
    if not db.exists():
        return 0, float("nan")
    with sqlite3.connect(db) as conn:
        count, first = conn.execute("select count(*), min(fetched_at) from articles").fetchone()
    return int(count), datetime.fromisoformat(first).timestamp() if first else float("nan")


def crawl_once(binary: Path, site: str, out: Path, log: Path, extra: list[str]) -> Timeline:
    """One crawl; every time relative to the moment its process was started."""
    log.write_text("")
    command = [str(binary), "crawl", f"{site}/", "--data", str(out), *extra]
    with (out.parent / f"{out.name}.out").open("wb") as output:
        began = time.time()
        subprocess.run(command, stdout=output, stderr=subprocess.STDOUT, cwd=out.parent)
        ended = time.time()
    hits = read_log(log)
    articles = [h for h in hits if h.path.startswith(ARTICLES)]
    count, read_at = archive_times(out)
    first = articles[0] if articles else Hit(*(float("nan"),) * 3, "")  # type: ignore[arg-type]
    return Timeline(
        hits[0].start - began if hits else float("nan"),
        first.start - began,
        first.end - began,
        read_at - began,
        first_post(out) - began,
        max((h.end for h in articles), default=float("nan")) - began,
        ended - began,
        count,
        [Hit(h.start - began, h.end - began, h.status, h.path) for h in hits
         if h.start < first.start and not h.path.startswith(IMAGES)],
    )  # fmt: skip


HEADER = (
    "| newscrawl | first request | first article asked | answered | read | post written "
    "| last article | exit | articles | load |\n|---|---|---|---|---|---|---|---|---|---|"
)


def row(name: str, t: Timeline) -> str:
    times = " | ".join(
        f"{s:.2f} s"
        for s in (t.first_request, t.article_asked, t.article_answered, t.article_read,
                  t.post_written, t.last_article, t.exit)
    )  # fmt: skip
    return f"| {name} | {times} | {t.articles} | {os.getloadavg()[0]:.1f} |"


def chain(t: Timeline) -> str:
    return "  discovery: " + " -> ".join(f"{h.path} {h.start:.2f}" for h in t.discovery)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=4, help="copies of each corpus page")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument(
        "--limit", type=int, default=100_000,
        help="articles a crawl asks for (a few dozen: many short runs of the first phases)",
    )  # fmt: skip
    parser.add_argument(
        "--newscrawl", type=Path, nargs="+", default=[BIN / "newscrawl"],
        help="newscrawl executables to time, alternated (e.g. two checkouts' venvs)",
    )  # fmt: skip
    parser.add_argument(
        "--set", action="append", default=[], metavar="NAME=VALUE",
        help="a setting for every crawl (newscrawl crawl --set), e.g. NEWSCRAWL_READ_PROCESSES=0",
    )  # fmt: skip
    args = parser.parse_args()
    extra = ["--limit", str(args.limit), *(f for s in args.set for f in ("--set", s))]
    in_loopback_namespace()
    isolated = bool(os.environ.get("NEWSCRAWL_BENCH_NETNS"))
    print(f"crawl timeline, {'in' if isolated else 'NOT in'} a loopback-only network namespace")
    with tempfile.TemporaryDirectory(prefix="newscrawl-timeline-") as tmp:
        work = Path(tmp)
        work.chmod(0o755)  # nginx's workers run as another user
        port = site_port()
        expected = len(build_site(work / "site", origin(port), args.copies))
        log = work / "access.log"
        server = SiteServer(work / "site", port, work / "nginx", access_log=log)
        if server.kind != "nginx":
            server.stop()
            sys.exit("crawl_timeline.py needs nginx: Python's server logs no request times")
        print(f"site: {expected} articles at {origin(port)}\n{HEADER}")
        try:
            for n in range(args.runs):
                for binary in args.newscrawl:
                    out = work / f"out-{n}-{binary.parent.parent.name}"
                    timeline = crawl_once(binary, origin(port), out, log, extra)
                    print(row(str(binary), timeline) + "\n" + chain(timeline), flush=True)
                    shutil.rmtree(out, ignore_errors=True)
        finally:
            server.stop()


if __name__ == "__main__":
    main()

"""The whole crawl path, side by side with a plain Scrapy spider and news-please; prints a table.

    python benchmarks/crawl.py [--copies 4] [--runs 2] [--only NAME ...]

Builds a local news site from ../shared/corpus (benchmarks/crawl_site.py: 129 real pages x
`copies`, images local), serves it with nginx on 127.0.0.1 (Python's http.server if nginx is
missing: the output says so), and crawls it from its home URL into a fresh directory per run
with each tool. Runs inside `unshare -n` (a network namespace with only loopback) when it can.
Columns: articles archived / expected, articles per second of wall time, CPU per article over
the process tree and split into the crawl process's own and its page readers' (for Scrapy and
news-please, their other processes), the cores each kept busy on average (CPU / wall), peak RSS
and PSS of the tree, wall time, and the 1-minute load average as the row's crawl ended
(benchmarks/crawl_measure.py).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from crawl_browser import browser_rows
from crawl_measure import Measured, measure
from crawl_server import SiteServer, free_port
from crawl_site import build_site

from newscrawl.demo.bulk import build_bulk_site

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
NEWSPLEASE_VENV = Path("/work/venvs/newsplease")
NEWSPLEASE = "news-please==1.6.16"


@dataclass
class Site:
    origin: str
    expected: int


@dataclass
class Run:
    name: str
    command: Callable[[Site, Path], list[str]]
    count: Callable[[Path], int]


def archived(out: Path) -> int:
    db = out / "archive.db"
    if not db.exists():
        return 0
    with sqlite3.connect(db) as conn:
        return int(conn.execute("select count(*) from articles").fetchone()[0])


def jsonl_lines(out: Path) -> int:
    path = out / "items.jsonl"
    return sum(1 for _ in path.open()) if path.exists() else 0


def newsplease_files(out: Path) -> int:
    return sum(1 for _ in (out / "np" / "data").rglob("*.json"))


def newscrawl(*extra: str) -> Callable[[Site, Path], list[str]]:
    def command(site: Site, out: Path) -> list[str]:
        return [str(BIN / "newscrawl"), "crawl", f"{site.origin}/", "--data", str(out),
                "--limit", "100000", *extra]  # fmt: skip

    return command


def plain(fetch_only: bool) -> Callable[[Site, Path], list[str]]:
    def command(site: Site, out: Path) -> list[str]:
        out.mkdir(parents=True, exist_ok=True)
        return [sys.executable, "-m", "scrapy", "runspider", str(HERE / "plain_spider.py"),
                "-a", f"sitemap={site.origin}/robots.txt", "-a", f"fetch_only={int(fetch_only)}",
                "-o", str(out / "items.jsonl"), "-s", "LOG_LEVEL=WARNING"]  # fmt: skip

    return command


def newsplease(site: Site, out: Path) -> list[str]:
    """news-please's CLI with its own config (SitemapCrawler, JSON files, its default
    extractors: none of them downloads images)."""
    conf = out / "np"
    conf.mkdir(parents=True, exist_ok=True)
    shipped = next(NEWSPLEASE_VENV.glob("lib/python*/site-packages/newsplease/config"))
    text = (shipped / "config.cfg").read_text()
    text = text.replace("working_path = ~/news-please-repo/", f"working_path = {conf}/")
    (conf / "config.cfg").write_text(text)
    sitelist = {"base_urls": [{"url": f"{site.origin}/", "crawler": "SitemapCrawler"}]}
    (conf / "sitelist.hjson").write_text(json.dumps(sitelist))
    return [str(NEWSPLEASE_VENV / "bin" / "news-please"), "-c", str(conf), "-no-confirm"]


RUNS = [
    Run("scrapy fetch only (ceiling)", plain(True), jsonl_lines),
    Run("scrapy + trafilatura", plain(False), jsonl_lines),
    Run("newscrawl generic, images", newscrawl(), archived),
    Run("newscrawl generic --no-images", newscrawl("--no-images"), archived),
    Run(
        "newscrawl generic, images, 2 readers",
        newscrawl("--set", "NEWSCRAWL_READ_PROCESSES=2"),
        archived,
    ),
    Run(
        "newscrawl generic, images, inline",
        newscrawl("--set", "NEWSCRAWL_READ_PROCESSES=0"),
        archived,
    ),
    Run("news-please 1.6.16 (no images)", newsplease, newsplease_files),
]


def install_newsplease() -> str | None:
    """news-please in its own venv (its pins clash with newscrawl's); why not, or None."""
    if (NEWSPLEASE_VENV / "bin" / "news-please").exists():
        return None
    subprocess.run([sys.executable, "-m", "venv", str(NEWSPLEASE_VENV)], check=True)
    pip = [str(NEWSPLEASE_VENV / "bin" / "pip"), "install", "-q", NEWSPLEASE]
    done = subprocess.run(pip, capture_output=True, text=True)
    if done.returncode:
        return "pip install failed: " + (done.stderr.strip().splitlines() or ["?"])[-1]
    return None


HEADER = (
    "| tool | articles | articles/s | CPU/article | crawl process + readers | cores used "
    "| peak RSS | peak PSS | wall | load |\n|---|---|---|---|---|---|---|---|---|---|"
)


def row(name: str, found: int, expected: int, m: Measured) -> str:
    rate = found / m.wall if m.wall else 0.0
    per = 1000 / found if found else float("nan")
    own, others = m.cpu_root * per, (m.cpu - m.cpu_root) * per
    cores = f"{m.cpu_root / m.wall:.2f} + {(m.cpu - m.cpu_root) / m.wall:.2f}" if m.wall else "-"
    mib = 2**20
    return (
        f"| {name:<36} | {found:>4}/{expected:<4} | {rate:>7.1f} | {m.cpu * per:>6.1f} ms "
        f"| {own:>5.1f} + {others:>4.1f} ms | {cores} "
        f"| {m.peak_rss / mib:>5.0f} MB | {m.peak_pss / mib:>5.0f} MB | {m.wall:>6.1f} s "
        f"| {m.load:.1f} |"
    )


def run_all(args: argparse.Namespace, work: Path) -> None:
    work.chmod(0o755)  # nginx's workers run as another user
    port = site_port()
    site = Site(origin(port), 0)
    site.expected = len(build_site(work / "site", site.origin, args.copies))
    server = SiteServer(work / "site", port, work / "nginx")
    print(f"site: {site.expected} articles at {site.origin}, served by {server.kind}")
    np_problem = (
        install_newsplease() if any("news-please" in r.name for r in _chosen(args)) else None
    )
    print(HEADER)
    try:
        for run in _chosen(args):
            if "news-please" in run.name and np_problem:
                print(f"| {run.name} | not run: {np_problem} |")
                continue
            for _ in range(args.runs):
                out = work / f"out-{run.name.split()[0]}-{len(os.listdir(work))}"
                measured = measure(run.command(site, out), work / f"{out.name}.log")
                print(row(run.name, run.count(out), site.expected, measured), flush=True)
                if not args.keep:
                    shutil.rmtree(out, ignore_errors=True)
    finally:
        server.stop()
    browser_rows(args, work, row, archived, BIN / "newscrawl")
    if args.declared:
        declared_source(args, work)
    if args.dead_images:
        dead_image_host(args, work)
    if args.archive_sizes:
        archive_sizes(args, work)


def declared_source(args: argparse.Namespace, work: Path) -> None:
    """A site whose articles a declared source's selectors read (the bundled 快科技 pages,
    newscrawl/demo/bulk.py, one Atom feed and a sitemap): the plain spider against newscrawl
    with the `mydrivers` source, with its images and without (`--no-images`)."""
    port = site_port()
    site = Site(origin(port), 0)
    root = work / "site-declared"
    paths = build_bulk_site(root, 128 * args.copies)
    for page in [*root.rglob("*.htm"), root / "atom.xml"]:
        page.write_text(page.read_text(encoding="utf-8").replace("{{BASE}}", site.origin))
    site.expected = len(paths)
    urls = "".join(f"<url><loc>{site.origin}{p}</loc></url>" for p in paths)
    (root / "sitemap.xml").write_text(
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
    )
    (root / "robots.txt").write_text(f"User-agent: *\nSitemap: {site.origin}/sitemap.xml\n")
    server = SiteServer(root, port, work / "nginx-declared")
    runs = [
        Run("scrapy + trafilatura (快科技 site)", plain(False), jsonl_lines),
        Run("newscrawl mydrivers source, images", mydrivers, archived),
        Run(
            "newscrawl mydrivers source --no-images",
            lambda site, out: [*mydrivers(site, out), "--no-images"],
            archived,
        ),
    ]
    try:
        for run in runs:
            for _ in range(args.runs):
                out = work / f"out-declared-{len(os.listdir(work))}"
                measured = measure(run.command(site, out), work / f"{out.name}.log")
                print(row(run.name, run.count(out), site.expected, measured), flush=True)
                shutil.rmtree(out, ignore_errors=True)
    finally:
        server.stop()


def mydrivers(site: Site, out: Path) -> list[str]:
    return [str(BIN / "newscrawl"), "crawl", "mydrivers", "--entry", f"{site.origin}/atom.xml",
            "--data", str(out), "--limit", "100000"]  # fmt: skip


def dead_image_host(args: argparse.Namespace, work: Path) -> None:
    """128 articles with reachable images against the same with an image host that refuses."""
    for label, image_origin in (("reachable", ""), ("refused", f"http://127.0.0.1:{free_port()}")):
        port = site_port()
        root = work / f"site-{label}"
        site = Site(origin(port), 0)
        site.expected = len(build_site(root, site.origin, 1, image_origin, pages=128))
        server = SiteServer(root, port, work / f"nginx-{label}")
        try:
            out = work / f"out-images-{label}"
            measured = measure(newscrawl()(site, out), work / f"{out.name}.log")
            print(row(f"newscrawl 128, images {label}", archived(out), site.expected, measured))
        finally:
            server.stop()


def origin(port: int) -> str:
    return "http://127.0.0.1" if port == 80 else f"http://127.0.0.1:{port}"


def site_port() -> int:
    """80 in the benchmark's own network namespace (news-please's offsite filter refuses a
    host with a port), else any free port."""
    return 80 if os.environ.get("NEWSCRAWL_BENCH_NETNS") else free_port()


def archive_sizes(args: argparse.Namespace, work: Path) -> None:
    """The same crawl into archives of N articles each (built by benchmarks/archive.py):
    the crawl's peak memory should not grow with the archive."""
    port = site_port()
    site = Site(origin(port), 0)
    site.expected = len(build_site(work / "site-sizes", site.origin, args.copies))
    server = SiteServer(work / "site-sizes", port, work / "nginx-sizes")
    try:
        for size in args.archive_sizes:
            out = work / f"out-archive-{size}"
            out.mkdir()
            build = [sys.executable, str(HERE / "archive.py"), "--n", str(size),
                     "--db", str(out / "archive.db"), "--no-search"]  # fmt: skip
            subprocess.run(build, check=True, capture_output=True)
            before = archived(out)
            measured = measure(newscrawl()(site, out), work / f"{out.name}.log")
            name = f"newscrawl into an archive of {size:,}"
            print(row(name, archived(out) - before, site.expected, measured), flush=True)
            shutil.rmtree(out, ignore_errors=True)
    finally:
        server.stop()


def _chosen(args: argparse.Namespace) -> list[Run]:
    return [r for r in RUNS if not args.only or any(o in r.name for o in args.only)]


def in_loopback_namespace() -> bool:
    """Re-run this script in `unshare -n` with loopback up; False when that is not possible."""
    if os.environ.get("NEWSCRAWL_BENCH_NETNS") or not shutil.which("unshare"):
        return False
    probe = subprocess.run(["unshare", "-n", "true"], capture_output=True)
    if probe.returncode:
        return False
    env = os.environ | {"NEWSCRAWL_BENCH_NETNS": "1"}
    script = 'ip link set lo up && exec "$@"'
    command = ["unshare", "-n", "sh", "-c", script, "sh", sys.executable, *sys.argv]
    sys.exit(subprocess.run(command, env=env).returncode)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=4, help="copies of each corpus page")
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--only", nargs="*", help="rows whose name contains one of these")
    parser.add_argument("--no-dead-images", dest="dead_images", action="store_false")
    parser.add_argument("--no-declared", dest="declared", action="store_false")
    parser.add_argument("--keep", action="store_true", help="keep the output directories")
    parser.add_argument(
        "--archive-sizes", type=int, nargs="*", default=[1000, 100_000],
        help="crawl into archives of these sizes too (peak memory against archive size)",
    )  # fmt: skip
    args = parser.parse_args()
    in_loopback_namespace()
    where = "in a loopback-only network namespace" if os.environ.get("NEWSCRAWL_BENCH_NETNS") \
        else "NOT isolated (no unshare -n): the crawls could reach other hosts"  # fmt: skip
    print(f"crawl benchmark, {where}; {os.cpu_count()} cores")
    if args.keep:
        work = Path(tempfile.mkdtemp(prefix="newscrawl-crawl-bench-"))
        print(f"output kept in {work}")
        run_all(args, work)
        return
    with tempfile.TemporaryDirectory(prefix="newscrawl-crawl-bench-") as tmp:
        run_all(args, Path(tmp))


if __name__ == "__main__":
    main()

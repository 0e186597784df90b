"""What a crawl process does before its first request: CPU, modules, spider_opened -> connect.

    python benchmarks/crawl_start.py [--runs 9] [--limit 3] [--home DIR ...]

Serves the demo site (newscrawl/demo) on 127.0.0.1 and runs `newscrawl crawl URL --limit N`
on it in a fresh process per run, each `--home` (a checkout's folder holding `newscrawl/`,
first on sys.path; default: this one) in turn, so that two versions alternate on a loaded
machine. Each run notes, at the crawl's first connect(): the process's CPU since it started
(process_time: every thread's), the modules loaded, whether the extraction stack
(newscrawl.extract.article) and tldextract are among them; and from spider_opened to that
connect, wall and CPU. Prints the medians of each home, and the load average.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# The crawl process: stamps at spider_opened (the spider's open_reader handler) and at the
# first socket connect (Twisted connects with connect_ex), printed as JSON at exit.
_RUN = r"""
import atexit, json, socket, sys, time
home, url, data, limit = sys.argv[1:5]
sys.path.insert(0, home)
marks = {}
def mark(name):
    if name not in marks:
        marks[name] = (time.monotonic(), time.process_time(), len(sys.modules),
                       "newscrawl.extract.article" in sys.modules, "tldextract" in sys.modules)
for method in ("connect", "connect_ex"):
    def wrapped(self, address, _original=getattr(socket.socket, method)):
        mark("connect")
        return _original(self, address)
    setattr(socket.socket, method, wrapped)
import newscrawl
assert newscrawl.__file__.startswith(home), newscrawl.__file__
from newscrawl.spiders.base import ArticleSpider
opened = ArticleSpider.open_reader
def open_reader(self):
    mark("opened")
    return opened(self)
ArticleSpider.open_reader = open_reader
@atexit.register
def report():
    o, c = marks["opened"], marks["connect"]
    print("START " + json.dumps({
        "cpu_to_connect": c[1] * 1000, "modules": c[2], "extraction": c[3], "tldextract": c[4],
        "opened_wall": (c[0] - o[0]) * 1000, "opened_cpu": (c[1] - o[1]) * 1000,
        "tldextract_at_end": "tldextract" in sys.modules,
    }), file=sys.stderr, flush=True)
from newscrawl.cli import main
main(["crawl", url, "--data", data, "--limit", limit, "--no-images"])
"""


def one_run(home: str, url: str, limit: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as data:
        done = subprocess.run(
            [sys.executable, "-c", _RUN, home, url, data, str(limit)],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
    lines = [line for line in done.stderr.splitlines() if line.startswith("START ")]
    if not lines:
        raise SystemExit(f"{home}: no figures\n{done.stderr[-3000:]}")
    result: dict[str, float] = json.loads(lines[0].removeprefix("START "))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--limit", type=int, default=3)
    parser.add_argument("--home", action="append", default=None)
    args = parser.parse_args()
    from newscrawl.demo.server import default_site, serve_site

    homes = args.home or [str(ROOT)]
    runs: dict[str, list[dict[str, float]]] = {home: [] for home in homes}
    loads = []
    with serve_site(default_site()) as server:
        for _ in range(args.runs):
            for home in homes:
                runs[home].append(one_run(home, server.url("/"), args.limit))
                loads.append(float(Path("/proc/loadavg").read_text().split()[0]))
    print(f"{args.runs} runs each, alternated; load {min(loads):.1f}-{max(loads):.1f}")
    for home, results in runs.items():

        def median(key: str, results: list[dict[str, float]] = results) -> float:
            return statistics.median(r[key] for r in results)

        cpu = sorted(r["cpu_to_connect"] for r in results)
        print(
            f"{home}: CPU to the first connect {median('cpu_to_connect'):.0f} ms "
            f"({cpu[0]:.0f}-{cpu[-1]:.0f}), {median('modules'):.0f} modules, "
            f"extraction stack loaded in {sum(r['extraction'] for r in results):.0f}, "
            f"tldextract in {sum(r['tldextract'] for r in results):.0f} "
            f"(by the end: {sum(r['tldextract_at_end'] for r in results):.0f}); "
            f"spider_opened -> connect {median('opened_wall'):.1f} ms wall, "
            f"{median('opened_cpu'):.1f} ms CPU"
        )


if __name__ == "__main__":
    main()

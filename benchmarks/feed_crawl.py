"""Run `newscrawl crawl SOURCE` on a local demo site's Atom feed, as the benchmarks that time
a whole crawl do: autothrottle off (a local site needs no politeness and it would only add
noise), the run's output captured, and a failed crawl ends the benchmark with its error."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from newscrawl.demo.server import SiteServer

ROOT = Path(__file__).resolve().parent.parent


def run_feed_crawl(
    server: SiteServer, data: Path, source_id: str
) -> tuple[subprocess.CompletedProcess[str], float]:
    """The finished crawl and its wall-clock seconds; exits with its stderr if it failed."""
    command = [sys.executable, "-m", "newscrawl", "crawl", source_id,
               "--entry", server.url("/atom.xml"), "--set", "AUTOTHROTTLE_ENABLED=false",
               "--data", str(data)]  # fmt: skip
    started = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"crawl failed ({result.returncode}):\n{result.stderr[-3000:]}")
    return result, wall

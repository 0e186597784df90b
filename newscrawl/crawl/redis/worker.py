"""`newscrawl worker`: a Scrapy process crawling from the Redis frontier, or N of them."""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

SPIDER = "newscrawl.crawl.redis.spider.ClusterSpider"
EXPORT = "newscrawl.pipelines.export.ExportPipeline"
ITEM_STREAM = "newscrawl.crawl.redis.items.ItemStreamPipeline"
COUNTS = "newscrawl.crawl.redis.counts.WorkerCounts"
# What only the process that owns the archive may do: take the data directory's lock, write
# crawl_runs rows, read the archive's visits, entry points and robots.txt cache (workers share
# no archive: the seed reads it instead). Several workers opening one would race on it.
LOCAL_ONLY_EXTENSIONS = (
    "newscrawl.extensions.lock.DataDirLock",
    "newscrawl.extensions.runs.CrawlRuns",
    "newscrawl.extensions.resume.JobdirGuard",
)
LOCAL_ONLY_MIDDLEWARES = (
    "newscrawl.downloadermiddlewares.incremental.ArchivedArticleMiddleware",
    "newscrawl.downloadermiddlewares.incremental.ConditionalEntryMiddleware",
    # Its cache is a table of the archive: workers share theirs in Redis (crawl/redis/robots.py).
    "newscrawl.downloadermiddlewares.robotscache.RobotsTxtCacheMiddleware",
)
ROBOTS = {
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "newscrawl.crawl.redis.robots.ExpiringRobotsTxtMiddleware": 100,
    "newscrawl.crawl.redis.robots.SharedRobotsTxtMiddleware": 560,
}


def worker_settings(base: Any, url: str) -> dict[str, Any]:
    """The project's settings turned into a worker's: frontier scheduler, item stream last."""
    pipelines = {k: v for k, v in base.getdict("ITEM_PIPELINES").items() if k != EXPORT}
    pipelines[ITEM_STREAM] = 900
    spider_mws = base.getdict("SPIDER_MIDDLEWARES") | {
        # Last before the engine: it must see every output the engine will get.
        "newscrawl.crawl.redis.tickets.TicketMiddleware": 10,
        "newscrawl.crawl.redis.bounds.BoundsMiddleware": 15,
        "newscrawl.crawl.redis.spider.SourceMiddleware": 20,
    }
    downloader = (
        base.getdict("DOWNLOADER_MIDDLEWARES") | dict.fromkeys(LOCAL_ONLY_MIDDLEWARES) | ROBOTS
    )
    # Last before the downloader: a request waiting for its site's cluster slot takes none of
    # this worker's download slots; the cluster slot is held until the response is in.
    downloader["newscrawl.crawl.redis.politeness.ClusterSlotMiddleware"] = 990
    # Where the single process's ConditionalEntryMiddleware is (the seed asked conditionally).
    downloader["newscrawl.crawl.redis.validators.EntryValidatorsMiddleware"] = 570
    extensions = base.getdict("EXTENSIONS") | dict.fromkeys(LOCAL_ONLY_EXTENSIONS)
    extensions[COUNTS] = 510  # its counts in Redis, for `newscrawl cluster status`
    return {
        "REDIS_URL": url,
        "NEWSCRAWL_REDIS_WORKER": True,
        "SCHEDULER": "newscrawl.crawl.redis.frontier.RedisFrontier",
        "ITEM_PIPELINES": pipelines,
        "SPIDER_MIDDLEWARES": spider_mws,
        "DOWNLOADER_MIDDLEWARES": downloader,
        "EXTENSIONS": extensions,
    }


def run_worker(
    data_dir: Path,
    url: str,
    overrides: dict[str, Any],
    verbose: bool,
    summary_file: Path | None = None,
) -> int:
    """One worker in this process, until SIGTERM (or the frontier is done, if so set); then
    its summary on stdout, or, as a child of run_workers, as JSON in `summary_file`."""
    from scrapy.utils.misc import load_object
    from scrapy.utils.project import get_project_settings

    from newscrawl.crawl.process import cli_process
    from newscrawl.extensions.progress import format_worker_summary, summarize

    if not stop_with_parent():
        print("newscrawl worker: its --processes parent ended before it started", file=sys.stderr)
        return 1
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "newscrawl.settings")
    settings = worker_settings(get_project_settings(), url) | overrides
    process = cli_process(data_dir, settings, verbose)
    # NEWSCRAWL_REDIS_SPIDER: a ClusterSpider subclass (its callbacks are named in the frontier).
    spider = load_object(process.settings.get("NEWSCRAWL_REDIS_SPIDER") or SPIDER)
    crawler = process.create_crawler(spider)
    process.crawl(crawler)
    process.start()
    stats = crawler.stats.get_stats() if crawler.stats else {}
    summary, seconds = summarize(stats), float(stats.get("elapsed_time_seconds", 0.0))
    if summary_file is not None:
        summary_file.write_text(json.dumps({"summary": summary, "seconds": seconds}))
    else:
        print(format_worker_summary(summary, seconds), flush=True)
    return 0 if stats.get("finish_reason") in ("finished", "shutdown") else 1


# In a --processes child's environment: its parent's pid (stop_with_parent).
PARENT = "NEWSCRAWL_WORKERS_PARENT"
PR_SET_PDEATHSIG = 1  # linux/prctl.h


def stop_with_parent() -> bool:
    """A --processes child asks the kernel (Linux) for a SIGTERM, a graceful stop, when its
    parent dies: in a process group of its own, nothing else would reach it once the parent
    that passes signals on is killed. False: the parent ended before the child asked."""
    parent = os.environ.pop(PARENT, "")  # not for the child's own page readers
    if not parent:
        return True
    with contextlib.suppress(OSError, AttributeError):  # not Linux: no such call
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, int(signal.SIGTERM))
    return os.getppid() == int(parent)


def run_workers(argv: list[str], processes: int) -> int:
    """`processes` workers as child processes (the same command without --processes); SIGTERM
    and SIGINT are passed on, and each child finishes or gives back what it holds. Then one
    summary of them all: whoever runs `--processes 4` in a terminal asked for one worker of
    four processes, and four summaries, each a quarter of the crawl, printed at once would
    interleave and leave the total to be added by hand. Each child writes its own summary to
    a file; the parent adds them up and names each child that ended badly (killed, or exited
    with a status), and exits with the worst child's status as a shell would say it."""
    with tempfile.TemporaryDirectory(prefix="newscrawl-workers-") as tmp:
        files = [Path(tmp) / f"{n}.json" for n in range(processes)]
        ended = _run_children(argv, files)
        found = [json.loads(f.read_text()) for f in files if f.exists()]
        failed = [(pid, status, f.exists()) for f, (pid, status) in zip(files, ended, strict=True)
                  if status != 0]  # fmt: skip
    from newscrawl.extensions.progress import add_summaries, format_worker_summary

    summary = add_summaries([f["summary"] for f in found])
    seconds = max((f["seconds"] for f in found), default=0.0)
    if found:
        who = f"{len(found)} worker process" + ("es" if len(found) > 1 else "")
        print(format_worker_summary(summary, seconds, who))
    if failed:
        named = ", ".join(
            f"pid {pid} {_ending(status)}" + ("" if summed else " (no summary)")
            for pid, status, summed in failed
        )
        print(f"  ended      {len(failed)} of {len(ended)} processes badly: {named}")
    sys.stdout.flush()
    return max((shell_status(status) for _pid, status in ended), default=0)


def shell_status(status: int) -> int:
    """A child's status as a shell says it: killed by signal N is 128 + N (SIGKILL: 137), not
    Popen's -N, which sys.exit() would turn into 256 - N (247)."""
    return 128 - status if status < 0 else status


def _ending(status: int) -> str:
    if status >= 0:
        return f"exited {status}"
    try:
        return f"killed by {signal.Signals(-status).name}"
    except ValueError:  # a real-time signal: no name of its own
        return f"killed by signal {-status}"


# What the parent passes on to its children, and as what. The children run in process groups of
# their own, so a terminal's Ctrl-C (SIGINT to the foreground group) reaches the parent alone and
# each child gets it once, from here: Scrapy takes a second SIGINT as "force an unclean stop",
# and a child that got the terminal's and then the parent's would stop uncleanly on one Ctrl-C.
# Forwarding (rather than leaving the children in the terminal's group and forwarding nothing)
# keeps `kill -INT PARENT` and `kill -TERM PARENT` working, which reach the parent alone. A
# closed terminal's SIGHUP, which used to kill the children outright, becomes a graceful stop.
FORWARDED = {
    signal.SIGINT: signal.SIGINT,
    signal.SIGTERM: signal.SIGTERM,
    signal.SIGHUP: signal.SIGTERM,
    signal.SIGQUIT: signal.SIGQUIT,
}


def _run_children(argv: list[str], files: list[Path]) -> list[tuple[int, int]]:
    """Each child's pid and exit status (-N: killed by signal N)."""
    children: list[subprocess.Popen[bytes]] = []
    received: list[signal.Signals] = []

    def forward(signum: int, _frame: object) -> None:
        received.append(FORWARDED[signal.Signals(signum)])
        for child in children:
            if child.poll() is None:
                child.send_signal(received[-1])

    def suspend(_signum: int, _frame: object) -> None:
        # Ctrl-Z stops the terminal's group, the parent alone: the children (and their page
        # readers, in their groups) stop with it and go on when the shell continues it.
        _signal_groups(children, signal.SIGSTOP)
        os.kill(os.getpid(), signal.SIGSTOP)
        _signal_groups(children, signal.SIGCONT)

    for signum in FORWARDED:
        signal.signal(signum, forward)
    signal.signal(signal.SIGTSTP, suspend)
    # Inherited: a child out of the terminal's foreground group writes its log lines to the
    # terminal even under `stty tostop` (which would stop it) as it did in the parent's group.
    signal.signal(signal.SIGTTOU, signal.SIG_IGN)
    for file in files:
        command = [sys.executable, "-m", "newscrawl", *argv, "--summary-file", str(file)]
        env = os.environ | {PARENT: str(os.getpid())}
        children.append(subprocess.Popen(command, process_group=0, env=env))
        for signum in received:  # a stop asked for while the children were being started
            children[-1].send_signal(signum)
    return [(child.pid, child.wait()) for child in children]


def _signal_groups(children: list[subprocess.Popen[bytes]], signum: int) -> None:
    for child in children:
        if child.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(child.pid, signum)

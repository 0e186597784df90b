"""The end of a `newscrawl` process that ran a crawl (cli/ending.py): exit handlers run and
output flushed, the interpreter's teardown skipped; any other command exits as usual."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from helpers import rows

from newscrawl.cli.ending import exit_status
from newscrawl.demo.server import default_site, serve_site

# An object whose finalizer says so: Python's teardown runs it, os._exit does not.
TORN = """
import atexit, sys
class Torn:
    def __del__(self):
        print("torn down", flush=True)
kept = Torn()
atexit.register(print, "exit handlers ran")
"""


def run(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    code = TORN + textwrap.dedent(script)
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120
    )


def test_after_a_crawl_the_process_ends_with_its_status_output_and_exit_handlers() -> None:
    done = run("""
        from newscrawl.cli import ending
        ending.crawl_ended()
        print("unflushed", end="")
        ending.end_after_crawl(3)
        print("not reached")
    """)
    assert done.returncode == 3
    assert done.stdout == "unflushedexit handlers ran\n"


def test_without_a_crawl_or_with_a_thread_still_running_the_exit_is_python_s_own() -> None:
    without_crawl = run("""
        from newscrawl.cli import ending
        ending.end_after_crawl(3)
        sys.exit(3)
    """)
    thread_running = run("""
        import threading, time
        from newscrawl.cli import ending
        ending.crawl_ended()
        threading.Thread(target=time.sleep, args=(0.3,)).start()
        ending.end_after_crawl(4)
        sys.exit(4)
    """)
    for done, status in ((without_crawl, 3), (thread_running, 4)):
        assert done.returncode == status
        assert "exit handlers ran" in done.stdout
        assert "torn down" in done.stdout  # the control: teardown runs finalizers


def test_exit_status_reads_system_exit_codes_as_python_does(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert [exit_status(c) for c in (None, 0, 1, 75, 130, 256 + 1, True)] == [
        0,
        0,
        1,
        75,
        130,
        1,
        1,
    ]
    assert exit_status("newscrawl crawl: locked") == 1
    assert capsys.readouterr().err == "newscrawl crawl: locked\n"


@pytest.mark.parametrize("how", ["crawl ID", "crawl URL"])
def test_a_crawl_run_as_the_program_ends_without_teardown_its_work_whole(
    tmp_path: Path, how: str
) -> None:
    """Both ways a crawl runs (crawl_targets for sources, run_spider for a site): the summary
    is printed, every article archived and the archive closed, yet no finalizer ran."""
    data = tmp_path / "data"
    with serve_site(default_site()) as server:
        crawl = (
            ["mydrivers", "--entry", server.url("/rss.xml")]
            if how == "crawl ID"
            else [server.url("/")]
        )
        done = run(
            "from newscrawl.cli import main\nmain()",
            "crawl", *crawl, "--data", str(data), "--set", "AUTOTHROTTLE_ENABLED=False",
        )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert "crawl finished in" in done.stdout
    assert done.stdout.rstrip().endswith("exit handlers ran")
    assert "torn down" not in done.stdout
    archived = rows(data / "archive.db", "select count(*) from articles")[0][0]
    assert archived >= 7
    assert f"archived   {archived} (new {archived}" in done.stdout
    assert not (data / "archive.db-wal").exists()  # the archive was closed, not just left

"""How a `newscrawl` process that ran a crawl ends: without the interpreter's teardown.

After a crawl the process holds everything the crawl imported and built: Scrapy, Twisted, the
extraction libraries, caches, parsed settings. Python's own exit frees all of it object by
object and module by module, on one core, after the crawl's work is done and its summary is
printed; the operating system frees the whole process at once. So once a crawl has ended
(its archive committed and closed, its page readers gone, its lock released), the process
runs what it would run at exit that has an effect outside it (its threads joined, atexit
handlers: logging's flush, a coverage tool's data file) and flushes its output, then leaves
with os._exit. Any other command, and any crawl run in-process (click's test runner calls
`main.main`, not `main()`), exits as usual.
"""

from __future__ import annotations

import atexit
import os
import sys
import threading

_crawl_ended = False


def crawl_ended() -> None:
    """A crawl has run to its end in this process: the CLI may end it without teardown."""
    global _crawl_ended
    _crawl_ended = True


def end_after_crawl(code: object) -> None:
    """End the process now with the status SystemExit(`code`) stands for, if a crawl ended in
    it and no other thread would still be waited for; else return (the caller re-raises)."""
    if not _crawl_ended or _threads_waited_for():
        return
    atexit._run_exitfuncs()
    status = exit_status(code)
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):  # a closed pipe: Python's own exit gives 120
            status = status or 120
    os._exit(status)


def exit_status(code: object) -> int:
    """The status SystemExit(`code`) gives: None 0, an int itself, else 1 with `code` said on
    stderr, as the interpreter does."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    print(code, file=sys.stderr)
    return 1


def _threads_waited_for() -> bool:
    """Whether a thread Python would join at exit (not a daemon) is still running: its work
    is unfinished, so the process exits as usual, after it."""
    main = threading.main_thread()
    return any(t is not main and not t.daemon and t.is_alive() for t in threading.enumerate())

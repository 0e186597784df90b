"""The crawl process's root logger stands at LOG_LEVEL: a library's debug() call below it is
dropped before a record is built (Scrapy's own set-up leaves the root at NOTSET)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

CODE = (
    "import logging, sys; from pathlib import Path\n"
    "from newscrawl.crawl.process import cli_process\n"
    "cli_process(Path(sys.argv[1]), {'LOG_LEVEL': sys.argv[2]}, False)\n"
    "library = logging.getLogger('some.library')\n"
    "print('RESULT', library.isEnabledFor(logging.DEBUG), library.isEnabledFor(logging.INFO))\n"
)


@pytest.mark.parametrize(("level", "debug"), [("INFO", "False"), ("DEBUG", "True")])
def test_library_debug_calls_follow_log_level(tmp_path: Path, level: str, debug: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", CODE, str(tmp_path), level], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    (line,) = [line for line in done.stdout.splitlines() if line.startswith("RESULT")]
    assert line.split()[1:] == [debug, "True"]

"""The README's crontab lines and systemd units (section Scheduled crawls) are valid: units
checked by `systemd-analyze verify` where it exists, else by a parser; cron fields by rule."""

from __future__ import annotations

import configparser
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import ROOT

README = ROOT / "README.md"
_BLOCK = re.compile(r"```(\w+)\n(.*?)```", re.S)
# One cron field: *, a number, a range, a list of those, each with an optional /step.
_ITEM = r"(?:\*|\d+(?:-\d+)?)(?:/\d+)?"
_CRON_FIELD = re.compile(rf"^{_ITEM}(?:,{_ITEM})*$")
_RANGES = [(0, 59), (0, 23), (1, 31), (1, 12), (0, 7)]


def section() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("## Scheduled crawls")
    return text[start : text.index("\n## ", start + 1)]


def blocks(kind: str) -> list[str]:
    return [body for lang, body in _BLOCK.findall(section()) if lang == kind]


def units() -> dict[str, str]:
    """File name -> text of each unit block (its first line names where it goes)."""
    found = {}
    for body in blocks("ini"):
        first, _, rest = body.partition("\n")
        assert first.startswith("# /etc/systemd/system/"), first
        found[first.rsplit("/", 1)[1]] = rest
    return found


def test_readme_has_a_service_and_a_timer() -> None:
    assert set(units()) == {"newscrawl.service", "newscrawl.timer"}


def test_units_parse_and_name_what_they_need() -> None:
    for name, text in units().items():
        parser = configparser.ConfigParser(strict=True, interpolation=None)
        parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
        parser.read_string(text, source=name)
        if name.endswith(".service"):
            assert parser["Service"]["Type"] == "oneshot"
            assert "crawl --all" in parser["Service"]["ExecStart"]
            assert parser["Service"]["KillSignal"] == "SIGINT"  # a stop resumes next time
        else:
            assert parser["Timer"]["OnCalendar"]
            assert parser["Install"]["WantedBy"] == "timers.target"


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="needs systemd-analyze")
def test_units_pass_systemd_analyze_verify(tmp_path: Path) -> None:
    paths = []
    for name, text in units().items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        paths.append(str(tmp_path / name))
    result = subprocess.run(
        ["systemd-analyze", "verify", *paths], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "", result.stderr  # not even a warning


def test_crontab_lines_are_valid() -> None:
    (crontab,) = blocks("crontab")
    lines = [line for line in crontab.splitlines() if line.strip()]
    assert len(lines) == 2
    for line in lines:
        fields = line.split(None, 5)
        assert len(fields) == 6, line
        for field, (low, high) in zip(fields[:5], _RANGES, strict=True):
            assert _CRON_FIELD.match(field), (field, line)
            for number in map(int, re.findall(r"\d+", field.split("/")[0])):
                assert low <= number <= high, (field, line)
        command = fields[5]
        assert "%" not in command  # cron turns an unescaped % into a newline
        assert command.startswith("newscrawl ")
    assert "crawl --all" in lines[0]
    assert "check" in lines[1]

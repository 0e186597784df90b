"""The systemd units of README's "Running on several machines" are valid (systemd-analyze
verify, where present), and the README shows the commands the CLI has."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
UNITS = ROOT / "deploy" / "systemd"
INSTALLED = "/opt/newscrawl/venv/bin/newscrawl"


@pytest.mark.parametrize(
    ("unit", "instance"),
    [("newscrawl-worker@.service", "newscrawl-worker@1.service"),
     ("newscrawl-ingest.service", "newscrawl-ingest.service")],
)  # fmt: skip
def test_systemd_units_verify(tmp_path: Path, unit: str, instance: str) -> None:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed here")
    text = (UNITS / unit).read_text()
    assert INSTALLED in text
    # The units name the production install; here the interpreter running the tests stands in.
    (tmp_path / instance).write_text(text.replace(INSTALLED, sys.executable))
    result = subprocess.run([analyze, "verify", str(tmp_path / instance)],
                            capture_output=True, text=True, check=False)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "", result.stderr


def test_readme_section_names_the_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Running on several machines", 1)[1]
    for command in ("newscrawl worker --redis", "newscrawl ingest --redis", "--processes",
                    "newscrawl cluster status --redis", "newscrawl cluster dead --redis",
                    "appendonly yes", "appendfsync", "maxmemory-policy noeviction",
                    "newscrawl-worker@.service", "newscrawl-ingest.service"):  # fmt: skip
        assert command in section, command

"""The `served` fixture of the `newscrawl serve` tests: one server a module."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from served_archive import Served, serving


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with serving(tmp_path_factory.mktemp("serve")) as server:
        yield server

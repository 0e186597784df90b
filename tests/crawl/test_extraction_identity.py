"""benchmarks/extraction_identity.py: the digest of every output a page reader gives, and the
comparison that says a speed change changed nothing (or what it changed)."""

from __future__ import annotations

from types import ModuleType

import pytest
from helpers import ROOT, load_script


@pytest.fixture(scope="module")
def identity() -> ModuleType:
    return load_script(ROOT / "benchmarks" / "extraction_identity.py", "newscrawl_bench_identity")


@pytest.fixture(scope="module")
def tasks(identity: ModuleType) -> list[object]:
    found: list[object] = identity.tasks(identity.saved_pages([ROOT / "tests" / "sources" / "bbc"]))
    return found


def test_a_declared_page_is_read_generically_and_with_its_source(tasks: list[object]) -> None:
    ids = [task.id for task in tasks]  # type: ignore[attr-defined]
    assert "bbc/uk-BBC_2024_08_01.html.gz" in ids
    assert "bbc/uk-BBC_2024_08_01.html.gz@bbc" in ids
    assert {task.source.id for task in tasks} == {"web", "bbc"}  # type: ignore[attr-defined]


def test_every_output_is_digested_the_same_way_twice(
    identity: ModuleType, tasks: list[object]
) -> None:
    first = identity.digest(identity.run(tasks[0]))
    assert {"title", "body_html", "body_text", "published", "authors", "skip"} <= set(first)
    assert {"selector_misses", "sanitized", "post"} <= set(first)
    assert first == identity.digest(identity.run(tasks[0]))
    assert first != identity.digest(identity.run(tasks[-1]))


def test_the_comparison_names_each_page_and_field_that_differ(
    identity: ModuleType, tasks: list[object], capsys: pytest.CaptureFixture[str]
) -> None:
    old = {task.id: identity.digest(identity.run(task)) for task in tasks}  # type: ignore[attr-defined]
    new = {page: dict(fields) for page, fields in old.items()}
    assert identity.compare(new, old) == 0
    page = next(iter(new))
    new[page]["body_text"] = "0" * 16
    del new[next(p for p in new if p != page)]
    assert identity.compare(new, old) == 2
    printed = capsys.readouterr().out
    assert f"{page}: body_text" in printed
    assert "only in old" in printed

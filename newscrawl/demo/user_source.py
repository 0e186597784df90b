"""A built-in source declared again as a user source (a TOML file in the data folder's
sources/), with some of its fields changed: how the demos, tests and benchmarks get a variant of
a real source, such as mydrivers rendered in the browser, without a Python declaration."""

from __future__ import annotations

import json
from dataclasses import fields
from pathlib import Path
from typing import Any

from newscrawl import sources


def toml_value(value: Any) -> str:
    """`value` as a TOML value: tables inline, tuples and lists as arrays, the rest as JSON
    (a JSON string, number or boolean is a valid TOML one)."""
    if isinstance(value, dict):
        return "{ " + ", ".join(f'"{k}" = {toml_value(v)}' for k, v in value.items()) + " }"
    if isinstance(value, tuple | list):
        return "[" + ", ".join(map(toml_value, value)) + "]"
    return json.dumps(value, ensure_ascii=False)


def declare_copy(data: Path, source_id: str, copy_id: str, **changes: Any) -> Path:
    """Write `copy_id`, the built-in `source_id` with `changes`, as a user source in `data`.
    Empty fields stay out (their defaults apply) and so does `revisit`, which has no TOML form."""
    declared = sources.get(source_id)
    values = {f.name: getattr(declared, f.name) for f in fields(declared)}
    values = {k: v for k, v in values.items() if v not in (None, (), {}) and k != "revisit"}
    values |= {"id": copy_id, **changes}
    folder = data / "sources"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{copy_id}.toml"
    text = "".join(f"{name} = {toml_value(value)}\n" for name, value in values.items())
    path.write_text(text, encoding="utf-8")
    return path

"""The fuzz engine of tests/clean/test_fuzz.py with a large budget; prints a table.

    python benchmarks/fuzz.py [--inputs 20000] [--seed 0] [--jobs 2] [--corpus DIR]

Each input is a saved page (tests/sources, tests/fixtures; with --corpus also the shared
corpus's fundus, zh and mydrivers pages) mutated by `random_case(random.Random(...))`, run
through the pure chain with the 快科技 source and with the generic one. Prints inputs run,
articles, drops by reason, exceptions by kind (with the first traceback and the input that
raised it, reproducible with --only N) and time. Exit status 1 when anything raised.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
import traceback
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

# tests/ is not a package: the engine (tests/clean/fuzzing.py) and the helpers it imports.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "clean"))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import fuzzing


@dataclass
class Tally:
    inputs: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    exceptions: Counter[str] = field(default_factory=Counter)
    first: dict[str, tuple[int, str, str]] = field(default_factory=dict)  # input, case, traceback
    seconds: list[float] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        self.inputs += other.inputs
        self.outcomes.update(other.outcomes)
        self.exceptions.update(other.exceptions)
        for kind, first in other.first.items():
            if kind not in self.first or first[0] < self.first[kind][0]:
                self.first[kind] = first
        self.seconds += other.seconds


def _kind(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "/newscrawl/" in f.filename] or frames
    where = f"{Path(ours[-1].filename).name}:{ours[-1].lineno}" if ours else "?"
    return f"{type(exc).__name__} at {where}"


def case_for(index: int, seed: int, pages: dict[str, fuzzing.Seed]) -> fuzzing.Case:
    return fuzzing.random_case(random.Random(f"{seed}:{index}"), pages)


def run(indices: list[int], seed: int, corpus: tuple[Path, ...]) -> Tally:
    pages = fuzzing.seeds(corpus)
    tally = Tally()
    kkj = fuzzing.sources.get("mydrivers")
    for index in indices:
        case = case_for(index, seed, pages)
        start = time.perf_counter()
        data, content_type, url = fuzzing.apply(case, pages)
        for source in (kkj, None):
            try:
                source = source or fuzzing.generic(url)
                tally.outcomes[fuzzing.chain(data, content_type, url, source)] += 1
            except Exception as exc:  # counting every escape is the point
                kind = _kind(exc)
                tally.exceptions[kind] += 1
                tally.first.setdefault(kind, (index, repr(case), traceback.format_exc()))
        tally.seconds.append(time.perf_counter() - start)
        tally.inputs += 1
    return tally


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--inputs", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--corpus", type=Path, help="the shared corpus folder, for more seeds")
    parser.add_argument("--only", type=int, help="run input N alone and show its traceback")
    args = parser.parse_args()
    corpus = tuple(args.corpus / d for d in ("fundus", "zh", "mydrivers")) if args.corpus else ()
    pages = fuzzing.seeds(corpus)
    if args.only is not None:
        print(case_for(args.only, args.seed, pages))
        tally = run([args.only], args.seed, corpus)
        for _, _, trace in tally.first.values():
            print(trace)
        print(dict(tally.outcomes))
        return 1 if tally.exceptions else 0
    start = time.perf_counter()
    chunks = [list(range(i, args.inputs, args.jobs)) for i in range(args.jobs)]
    total = Tally()
    with ProcessPoolExecutor(args.jobs) as pool:
        for part in pool.map(run, chunks, [args.seed] * args.jobs, [corpus] * args.jobs):
            total.add(part)
    report(total, len(pages), time.perf_counter() - start, args)
    return 1 if total.exceptions else 0


def report(tally: Tally, seeds: int, wall: float, args: argparse.Namespace) -> None:
    runs = sum(tally.outcomes.values()) + sum(tally.exceptions.values())
    times = sorted(tally.seconds)
    rows = [
        ("seed pages", f"{seeds}"),
        ("inputs run", f"{tally.inputs} (seed {args.seed}, {args.jobs} jobs)"),
        ("chain runs (2 sources each)", f"{runs}"),
        ("articles", f"{tally.outcomes['article']}"),
    ]
    rows += [
        (f"drops: {k[5:]}", f"{v}") for k, v in sorted(tally.outcomes.items()) if k != "article"
    ]
    rows.append(("exceptions", f"{sum(tally.exceptions.values())}"))
    rows += [(f"  {kind}", f"{count}") for kind, count in tally.exceptions.most_common()]
    rows.append(("time", f"{wall:.1f} s wall"))
    if times:
        mean, p95 = sum(times) / len(times), times[int(0.95 * (len(times) - 1))]
        rows.append(
            (
                "per input",
                f"mean {mean * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
                f"max {times[-1] * 1000:.0f} ms",
            )
        )
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        print(f"{key:<{width}}  {value}")
    for kind, (index, case, trace) in tally.first.items():
        print(f"\n== {kind}: first at input {index} (--only {index})\n{case}\n{trace}")


if __name__ == "__main__":
    sys.exit(main())

"""Analysis speed: compare, coverage, measures and narrative on the real corpus and a 100× corpus.

Measured with ``time.perf_counter``, best of N repeats (after the first call):

(a) the registered corpus: the first call (extraction and one-time loads included) apart from
    warm calls of ``ipc.compare()`` on every basis (wide and long), ``coverage()`` (targets,
    measures + targets, instruments), ``actions()``, and the headline sentences of a whole
    comparison; each warm call should stay well under a second (``--limit``, default 1 s);
(b) a synthetic corpus of ``--plans`` plans (default 500 = 100× the five real plans' text,
    from ``benchmarks/synthetic.py``): its targets come from ``build_targets(docs).table`` and
    its measures from ``actions_from_text`` (both timed once, they are extraction), its
    populations are made up (the synthetic ids are not in the registry); then the pure
    functions ``compare_long`` + ``widen`` on every basis and ``coverage_matrix``.

Prints markdown tables and writes ``benchmarks/results/analytics.json``; exits 1 when a warm
real-corpus call exceeds the limit.

    python benchmarks/bench_analytics.py [--plans 500] [--repeats 5] [--limit 1.0]
"""

from __future__ import annotations

import argparse
import gc
import json
import platform
import random
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd
from synthetic import make_corpus

import ipcompare as ipc
from ipcompare import Document
from ipcompare.analysis.comparison import BASES, compare_long, widen
from ipcompare.analysis.coverage import coverage_matrix, coverage_targets
from ipcompare.api import compare, coverage
from ipcompare.corpus.tables import build_targets
from ipcompare.present.narrative import headline

HERE = Path(__file__).resolve().parent
RESULT = HERE / "results" / "analytics.json"


def best_of(fn: Callable[[], object], repeats: int, budget_s: float = 10.0) -> dict:
    """Time ``fn`` up to ``repeats`` times (at least once; no new repeat past ``budget_s``)."""
    times: list[float] = []
    while len(times) < max(1, repeats) and (not times or sum(times) < budget_s):
        gc.collect()
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return {"best_s": min(times), "times_s": times}


def once(fn: Callable[[], object]) -> tuple[object, float]:
    """Call ``fn`` once; return its result and the seconds it took."""
    t0 = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t0


def synthetic_registry(docs: Sequence[Document], seed: int = 0) -> pd.DataFrame:
    """A registry table for synthetic plans, with made-up populations (300–3000 × 10k, 2018)."""
    rng = random.Random(seed)
    return pd.DataFrame({
        "jurisdiction": [d.jurisdiction for d in docs],
        "name_zh": [d.meta.get("name_zh", d.jurisdiction) for d in docs],
        "name_en": [d.meta.get("name_en", d.jurisdiction) for d in docs],
        "population_10k": [round(rng.uniform(300, 3000), 2) for _ in docs],
        "population_year": 2018,
        "population_source": "synthetic (benchmark)",
    })




def real_corpus(repeats: int, budget_s: float) -> dict:
    """Warm timings of the analysis calls on the registered corpus, after a timed first call."""
    _, first_targets = once(ipc.targets)
    _, first_compare = once(compare)
    _, first_measures = once(lambda: ipc.actions())
    calls: dict[str, Callable[[], object]] = {
        f"compare(basis={b!r})": (lambda b=b: compare(basis=b)) for b in BASES
    }
    calls["compare(long=True)"] = lambda: compare(long=True)
    calls["coverage(source='targets')"] = lambda: coverage(source="targets")
    calls["coverage()  # measures + targets"] = coverage
    calls["coverage('instrument')"] = lambda: coverage("instrument")
    calls["actions()"] = lambda: ipc.actions()
    long = compare(basis="per_10k_residents", long=True)
    calls["headline(whole comparison, 'en')"] = lambda: headline(long, "en")
    timings = {name: best_of(fn, repeats, budget_s) for name, fn in calls.items()}
    return {
        "plans": len(ipc.jurisdictions()),
        "targets": len(ipc.targets()),
        "cells": len(long),
        "first_s": {"targets()": first_targets, "compare() after targets()": first_compare,
                    "actions()": first_measures},
        "warm": timings,
    }


def synthetic_corpus(plans: int, seed: int, repeats: int, budget_s: float) -> dict:
    """Timings of the pure analysis functions on a synthetic corpus of ``plans`` plans."""
    docs, make_s = once(lambda: make_corpus(plans, seed))
    table, targets_s = once(lambda: build_targets(docs).table)
    from ipcompare.extract.actions import actions_from_text as mfrom
    frames, measures_s = once(lambda: [mfrom(d.text, d.document, d.jurisdiction) for d in docs])
    frames = [f for f in frames if len(f)]
    ms = pd.concat(frames, ignore_index=True) if frames else None
    registry = synthetic_registry(docs, seed)
    calls: dict[str, Callable[[], object]] = {
        f"compare_long+widen(basis={b!r})": (
            lambda b=b: widen(compare_long(table, registry, basis=b))
        ) for b in BASES
    }
    calls["compare_long(basis='per_10k_residents')"] = lambda: compare_long(
        table, registry, basis="per_10k_residents")
    calls["coverage_matrix(targets)"] = lambda: coverage_matrix(
        coverage_targets(table), "category", registry["jurisdiction"])
    if ms is not None:
        calls["coverage_matrix(measures)"] = lambda: coverage_matrix(ms, "category")
        calls["coverage_matrix(measures, 'instrument')"] = lambda: coverage_matrix(ms, "instrument")
    long = compare_long(table, registry, basis="per_10k_residents")
    return {
        "plans": plans, "seed": seed, "chars": sum(len(d.text) for d in docs),
        "targets": len(table), "measures": 0 if ms is None else len(ms), "cells": len(long),
        "indicators": int(long["indicator"].nunique()),
        "stated_cells": int((long["state"] == "stated").sum()),
        "once_s": {"make_corpus": make_s, "build_targets (extraction)": targets_s,
                   "actions_from_text (extraction)": measures_s},
        "warm": {name: best_of(fn, repeats, budget_s) for name, fn in calls.items()},
    }


def run(plans: int = 500, seed: int = 0, repeats: int = 5, budget_s: float = 10.0,
        limit_s: float = 1.0) -> dict:
    """Both parts of the benchmark; ``ok`` says whether every warm real-corpus call beat the limit."""
    t0 = time.perf_counter()
    real = real_corpus(repeats, budget_s)
    synth = synthetic_corpus(plans, seed, repeats, budget_s)
    slow = [k for k, v in real["warm"].items() if v["best_s"] >= limit_s]
    return {
        "machine": {"python": platform.python_version(), "platform": platform.platform(),
                    "pandas": pd.__version__},
        "settings": {"plans": plans, "seed": seed, "repeats": repeats, "budget_s": budget_s,
                     "limit_s": limit_s},
        "real": real, "synthetic": synth, "slow": slow, "ok": not slow,
        "total_s": time.perf_counter() - t0,
    }


def _ms(s: float) -> str:
    return f"{s * 1000:.1f} ms"


def to_markdown(r: dict) -> str:
    """The results as markdown tables."""
    real, syn = r["real"], r["synthetic"]
    out = [
        f"### (a) Registered corpus: {real['plans']} plans, {real['targets']} targets, "
        f"{real['cells']} cells per comparison",
        "",
        "| first call | time |", "|---|---|",
        *(f"| {k} | {_ms(v)} |" for k, v in real["first_s"].items()),
        "",
        f"| warm call | best of {r['settings']['repeats']} | under {r['settings']['limit_s']:g} s |",
        "|---|---|---|",
        *(f"| `{k}` | {_ms(v['best_s'])} | {'yes' if v['best_s'] < r['settings']['limit_s'] else 'NO'} |"
          for k, v in real["warm"].items()),
        "",
        f"### (b) Synthetic corpus: {syn['plans']} plans ({syn['chars']:,} characters), "
        f"{syn['targets']:,} targets, {syn['measures']:,} measures, {syn['cells']:,} cells "
        f"({syn['indicators']} indicators, {syn['stated_cells']:,} stated)",
        "",
        "| extraction (once) | time |", "|---|---|",
        *(f"| {k} | {v:.1f} s |" for k, v in syn["once_s"].items()),
        "",
        "| pure function | best time |", "|---|---|",
        *(f"| `{k}` | {_ms(v['best_s'])} |" for k, v in syn["warm"].items()),
    ]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    """Command line: run, print markdown, write JSON; exit 1 when a real-corpus call is slow."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--plans", type=int, default=500, help="synthetic plans (default 500 = 100×)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--budget", type=float, default=10.0, help="seconds of repeats per call")
    ap.add_argument("--limit", type=float, default=1.0, help="warm real-corpus limit, seconds")
    ap.add_argument("--out", default=str(RESULT), help="JSON output path ('' for none)")
    args = ap.parse_args(argv)
    r = run(args.plans, args.seed, args.repeats, args.budget, args.limit)
    print(to_markdown(r))
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(json.dumps(r, indent=2, ensure_ascii=False), encoding="utf-8")
        print(f"\nwrote {args.out}")
    if not r["ok"]:
        print(f"slower than {args.limit:g} s: {', '.join(r['slow'])}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

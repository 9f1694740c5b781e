"""Corpus scale: extraction, comparison and a build of the whole report set on synthetic
corpora of more and more plans, with time against the number of plans.

For each size N (``--plans``, default 25 50 100 200) ``synthetic.py`` writes a complete data
directory of N recombined plans (new jurisdiction ids and populations). Then, with
``IPCOMPARE_DATA`` pointing at it:

(a) in a fresh interpreter, the public API's first calls, each timed once in this order:
    ``ipc.targets()`` (extraction of the whole corpus), ``ipc.compare(basis="per_10k_residents")``,
    ``ipc.actions()`` (task items), ``ipc.agencies()``, ``ipc.coverage()``;
(b) ``ipcompare build --out SITE --jobs J`` of the whole report set the configuration makes for
    the corpus (a profile per plan and language, comparisons, every shared indicator, audits),
    cold, then again with nothing changed (warm).

A least-squares line of each time against N gives the slope (seconds per plan), intercept and
R²; ``(t(N_max) / t(N_min)) / (N_max / N_min)`` is ≈ 1 when time grows linearly. Writes
``benchmarks/results/scale.json``; exits 1 if any build fails.

    python benchmarks/bench_scale.py [--plans 25 50 100 200] [--jobs 2] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_extract import linear_fit
from synthetic import make_corpus, write_data_dir

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BIN = Path(sys.executable).parent
RESULT = HERE / "results" / "scale.json"

#: the API calls of part (a), timed in this order in one fresh interpreter
API_SCRIPT = """
import json, time
import ipcompare as ipc
out = {}
for name, call in [
    ("targets", lambda: ipc.targets()),
    ("compare", lambda: ipc.compare(basis="per_10k_residents")),
    ("actions", lambda: ipc.actions()),
    ("agencies", lambda: ipc.agencies()),
    ("coverage", lambda: ipc.coverage()),
]:
    t0 = time.perf_counter()
    result = call()
    out[name] = {"s": time.perf_counter() - t0, "rows": len(result)}
print(json.dumps(out))
"""

SUMMARY = re.compile(r"built (\d+), cached (\d+), failed (\d+)")


def _run(cmd: list[str], env: dict[str, str]) -> tuple[float, subprocess.CompletedProcess]:
    """Run a command from the project root; return its wall time and the finished process."""
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    return time.perf_counter() - t0, proc


def fit(xs: list[float], ys: list[float]) -> dict[str, float]:
    """Least-squares line of ys against xs, with the growth ratio of its ends (≈ 1: linear)."""
    line = linear_fit(xs, ys)
    growth = (ys[-1] / ys[0]) / (xs[-1] / xs[0]) if ys[0] and xs[0] else float("nan")
    return {"slope_s_per_plan": line["slope"], "intercept_s": line["intercept"],
            "r2": line["r2"], "growth": growth}


def measure(n_plans: int, work: Path, jobs: int, seed: int) -> dict:
    """Extraction, analysis and cold + warm builds on a synthetic corpus of ``n_plans`` plans."""
    docs = make_corpus(n_plans, seed)
    data = write_data_dir(docs, work / "data", seed)
    env = {**os.environ, "IPCOMPARE_DATA": str(data)}
    row: dict = {"plans": n_plans, "characters": sum(len(d.text) for d in docs)}

    secs, proc = _run([sys.executable, "-c", API_SCRIPT], env)
    if proc.returncode != 0:
        raise SystemExit(f"API calls failed on {n_plans} plans:\n{proc.stderr[-3000:]}")
    row["api"] = json.loads(proc.stdout.strip().splitlines()[-1])
    row["api_process_s"] = secs

    site = work / "site"
    for phase, extra in (("cold", ["--jobs", str(jobs)]), ("warm", [])):
        secs, proc = _run([str(BIN / "ipcompare"), "build", "--out", str(site), *extra], env)
        found = SUMMARY.search(proc.stdout)
        if proc.returncode != 0 or not found:
            raise SystemExit(f"{phase} build of {n_plans} plans failed (exit {proc.returncode}):\n"
                             f"{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
        built, cached, failed = map(int, found.groups())
        row[f"build_{phase}"] = {"s": secs, "built": built, "cached": cached, "failed": failed,
                                 "summary": proc.stdout.strip().splitlines()[-1]}
    row["reports"] = row["build_cold"]["built"]
    row["site_mb"] = sum(p.stat().st_size for p in site.rglob("*.html")) / 1e6
    return row


def table(rows: list[dict]) -> str:
    """The per-size figures as a markdown table."""
    head = ("| plans | characters | targets | measures | targets (s) | compare (s) | measures (s) "
            "| reports | cold build (s) | s per report | warm rebuild (s) | site (MB) |\n"
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    lines = [head]
    for r in rows:
        a, cold = r["api"], r["build_cold"]
        lines.append(
            f"| {r['plans']} | {r['characters']:,} | {a['targets']['rows']:,} | "
            f"{a['measures']['rows']:,} | {a['targets']['s']:.2f} | {a['compare']['s']:.2f} | "
            f"{a['measures']['s']:.2f} | {r['reports']} | {cold['s']:.0f} | "
            f"{cold['s'] / max(1, r['reports']):.2f} | {r['build_warm']['s']:.2f} | "
            f"{r['site_mb']:.0f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command line: measure every size, print the tables, write the JSON."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--plans", type=int, nargs="+", default=[25, 50, 100, 200])
    ap.add_argument("--jobs", type=int, default=2, help="parallel reports of the cold build")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--keep", type=Path, help="keep each size's data and site under this folder")
    ap.add_argument("--out", type=Path, default=RESULT)
    args = ap.parse_args(argv)
    sizes = sorted(set(args.plans))
    if not sizes or sizes[0] < 1:
        ap.error("--plans needs positive sizes")

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        base = args.keep or Path(tmp)
        for n in sizes:
            t0 = time.perf_counter()
            rows.append(measure(n, base / f"plans_{n}", args.jobs, args.seed))
            print(f"{n} plans: {rows[-1]['reports']} reports, cold build "
                  f"{rows[-1]['build_cold']['s']:.0f} s, warm {rows[-1]['build_warm']['s']:.2f} s "
                  f"({time.perf_counter() - t0:.0f} s in all)", flush=True)

    xs = [float(r["plans"]) for r in rows]
    fits = {}
    if len(rows) >= 2:
        for name in ("targets", "compare", "measures", "coverage"):
            fits[name] = fit(xs, [r["api"][name]["s"] for r in rows])
        fits["build_cold"] = fit(xs, [r["build_cold"]["s"] for r in rows])
        fits["reports"] = fit(xs, [float(r["reports"]) for r in rows])
    print(table(rows))
    if fits:
        print("\n| time | slope (s per plan) | intercept (s) | R² | growth t(max)/t(min) ÷ N ratio |")
        print("|---|---:|---:|---:|---:|")
        for name, f in fits.items():
            print(f"| {name} | {f['slope_s_per_plan']:.4f} | {f['intercept_s']:.2f} | "
                  f"{f['r2']:.4f} | {f['growth']:.2f} |")
    result = {"machine": {"cores": os.cpu_count(), "python": platform.python_version(),
                          "platform": platform.platform()},
              "jobs": args.jobs, "seed": args.seed, "sizes": rows, "fits": fits}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1), encoding="utf-8")
    failed = sum(r["build_cold"]["failed"] for r in rows)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

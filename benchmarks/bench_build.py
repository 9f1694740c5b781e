"""Report build speed: the default site built cold by `ipcompare build` (once per ``--jobs``
value, each into an empty folder), against the naive baseline of running the `papermill` and
`jupyter nbconvert` commands for each report, one after another; then a warm rebuild with
nothing changed (time and kernels started). With ``--jobs 1`` the ratio shows what warm kernels
and in-process rendering gain alone; with ``--jobs 2`` what the two cores add.

    python benchmarks/bench_build.py [--jobs 1 2] [--only PATTERN ...] [--out results/build.json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
CONFIG = ROOT / "notebooks" / "reports.yaml"


def _timed(cmd: list[str], env: dict | None = None) -> tuple[float, str]:
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    return time.perf_counter() - t0, proc.stdout


def naive(jobs: list, out: Path) -> float:
    """papermill, then jupyter nbconvert, as separate commands per report, one after another."""
    t0 = time.perf_counter()
    for job in jobs:
        executed = out / f"{job.id.replace(':', '__')}.ipynb"
        cmd = [str(BIN / "papermill"), job.notebook, str(executed), "--no-progress-bar"]
        for k, v in job.params.items():
            cmd += ["-y", json.dumps({k: v})] if not isinstance(v, str) else ["-p", k, v]
        _timed(cmd)
        _timed([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed)])
    return time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--only", action="append", help="build only matching reports (both sides)")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "build.json")
    args = ap.parse_args()

    from ipcompare.site.build import plan

    jobs = plan(CONFIG, args.only)
    only = sum((["--only", p] for p in args.only or []), [])
    results: dict = {"reports": len(jobs), "jobs": args.jobs, "machine": {
        "cores": os.cpu_count(), "python": platform.python_version()}, "ours_cold_s": {}}
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.jobs:
            site = Path(tmp) / f"site_{n}"
            cold, log = _timed([str(BIN / "ipcompare"), "build", "--out", str(site), "--jobs",
                                str(n), *only])
            results["ours_cold_s"][n] = round(cold, 1)
            print(f"ours: cold {cold:.1f} s ({len(jobs)} reports, --jobs {n}) — "
                  f"{log.strip().splitlines()[-1]}", flush=True)
        warm, log = _timed([str(BIN / "ipcompare"), "build", "--out", str(site), *only])
        results["ours_warm_s"] = round(warm, 2)
        results["ours_warm_summary"] = log.strip().splitlines()[-1]
        results["warm_started_no_kernel"] = "no kernel started" in log
        print(f"ours: warm {warm:.2f} s — {results['ours_warm_summary']}", flush=True)
        naive_dir = Path(tmp) / "naive"
        naive_dir.mkdir()
        base = naive(jobs, naive_dir)
        results["naive_s"] = round(base, 1)
        results["speedup_cold"] = {n: round(base / t, 2) for n, t in results["ours_cold_s"].items()}
        print(f"naive papermill + nbconvert per report: {base:.1f} s; ours is "
              + ", ".join(f"{r:.2f}× faster cold with --jobs {n}"
                          for n, r in results["speedup_cold"].items()), flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())

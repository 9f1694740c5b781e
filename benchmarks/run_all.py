"""Run every benchmarks/bench_*.py in turn (each in its own interpreter); fail if any fails.

    python benchmarks/run_all.py                 # all benchmarks
    python benchmarks/run_all.py -k extract      # only those whose name contains 'extract'
    python benchmarks/run_all.py -- --repeats 1  # arguments after -- go to every benchmark
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def benchmarks(pattern: str = "") -> list[Path]:
    """The benchmark scripts of this folder whose file name contains ``pattern``, sorted."""
    return [p for p in sorted(HERE.glob("bench_*.py")) if pattern in p.name]


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks; return 0 when all succeed, 1 otherwise."""
    argv = list(sys.argv[1:] if argv is None else argv)
    extra: list[str] = []
    if "--" in argv:
        i = argv.index("--")
        argv, extra = argv[:i], argv[i + 1 :]
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-k", "--pattern", default="", help="run only files whose name contains this")
    ap.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    args = ap.parse_args(argv)
    scripts = benchmarks(args.pattern)
    if args.list:
        print("\n".join(p.name for p in scripts))
        return 0
    if not scripts:
        print(f"run_all: no benchmarks/bench_*.py matches {args.pattern!r}", file=sys.stderr)
        return 1
    failed = []
    for script in scripts:
        print(f"## {script.name}\n", flush=True)
        t0 = time.perf_counter()
        rc = subprocess.run([sys.executable, str(script), *extra], cwd=HERE.parent).returncode
        status = "ok" if rc == 0 else f"FAILED (exit {rc})"
        print(f"\n{script.name}: {status} in {time.perf_counter() - t0:.0f} s\n", flush=True)
        if rc:
            failed.append(script.name)
    if failed:
        print(f"run_all: {len(failed)} of {len(scripts)} failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    print(f"run_all: {len(scripts)} benchmark(s) ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())

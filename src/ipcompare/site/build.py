"""Build the report site: papermill executes each notebook per parameter set, nbconvert renders
HTML without code, and ``index.html`` links every report with its status.

A report whose cache key (notebook, parameters, data, library code) has not changed since its
last good build is not run again. A report that fails leaves its previous good HTML in place,
gets an error page, and does not stop the others; the build then exits non-zero.

Decisions (what the module promises)
    This module orchestrates only: what to run comes from :mod:`.plan` (jobs, cache keys,
    the manifest), how one report runs from :mod:`.kernels`. When nothing changed since the
    last complete, successful build, the answer comes from file hashes alone (no extraction,
    no kernel). The manifest and index are rewritten after every build that ran something.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, ThreadPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from ..files import atomic_write
from ..versions import code_version, data_version
from .kernels import DEFAULT_TIMEOUT, KernelPool, run_job
from .plan import MANIFEST, Job, Result, load_manifest, matches, plan, tree_fingerprint, why
from .render import write_index


@dataclass
class BuildSummary:
    """The outcome of a build."""

    results: list[Result] = field(default_factory=list)
    kernels_started: int = 0

    def count(self, status: str) -> int:
        """Number of jobs with a status."""
        return sum(r.status == status for r in self.results)

    @property
    def ok(self) -> bool:
        """True when no job failed."""
        return self.count("failed") == 0

    def line(self) -> str:
        """The summary line a scheduler reads."""
        return (f"built {self.count('ok')}, cached {self.count('cached')}, "
                f"failed {self.count('failed')} (of {len(self.results)} reports)")


def _fast_path(config: str | Path, out: Path, only: Sequence[str] | None) -> BuildSummary | None:
    """Nothing changed since the last complete, successful build: every report is cached.

    Decided from file hashes alone, without extracting anything or starting a kernel."""
    manifest_path = out / MANIFEST
    if not manifest_path.is_file():
        return None
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except ValueError:
        return None
    tree = tree_fingerprint(config)
    if only:
        entries = [r for r in manifest["reports"] if any(matches(r["id"], p) for p in only)]
        # every pattern must match: one that matches nothing is left for plan() to refuse
        if not all(any(matches(r["id"], p) for r in entries) for p in only):
            return None
    else:  # the whole set: the plan of the last full build, made from these same files
        if manifest.get("plan_tree") != tree:
            return None
        planned = set(manifest.get("plan", []))
        entries = [r for r in manifest["reports"] if r["id"] in planned]
        if len(entries) != len(planned):
            return None
    # every entry was built (or checked) from the files as they are now, and is still there
    if any(r.get("tree") != tree or r["status"] != "ok" or not (out / r["html"]).is_file()
           for r in entries):
        return None
    summary = BuildSummary()
    for r in entries:
        res = Result(**{k: v for k, v in r.items() if k in Result.__dataclass_fields__})
        res.status = "cached"
        summary.results.append(res)
    return summary


def build(
    config: str | Path,
    out_dir: str | Path,
    only: Sequence[str] | None = None,
    jobs: int = 1,
    force: bool = False,
    timeout: int = DEFAULT_TIMEOUT,
    executor: Executor | None = None,
    progress: Callable[[Result, int, int], None] | None = None,
    dry_run: bool = False,
    warm_kernels: bool = True,
) -> BuildSummary:
    """Build the reports (only the stale ones unless ``force``) and rewrite the index.

    ``dry_run`` lists what would run and why (in ``Result.error``) without running anything.
    ``executor`` runs the jobs (e.g. a dask.distributed client's executor); else ``jobs``
    threads, each driving its own kernel.
    """
    out = Path(out_dir)
    if not force and not dry_run:
        fast = _fast_path(config, out, only)
        if fast is not None:
            return fast
    todo = plan(config, only)  # checks every parameter set before anything is written
    if not dry_run:
        out.mkdir(parents=True, exist_ok=True)
    previous = load_manifest(out)
    summary = BuildSummary()
    pending: list[Job] = []
    for job in todo:
        prev = previous.get(job.id)
        reason = "forced" if force else why(job, prev, out)
        if not reason:
            r = Result(**{k: v for k, v in prev.items() if k in Result.__dataclass_fields__})
            r.status = "cached"
            summary.results.append(r)
        elif dry_run:
            summary.results.append(Result(job.id, job.report, job.title, job.params, job.html,
                                          job.key, "would_build", parts=job.parts, error=reason))
        else:
            pending.append(job)
    if dry_run:
        return summary
    total, done = len(pending), 0

    def report(r: Result) -> None:
        nonlocal done
        done += 1
        summary.results.append(r)
        if progress:
            progress(r, done, total)

    own = executor is None and jobs > 1
    pool = ThreadPoolExecutor(max_workers=jobs) if own else executor
    # local runs keep one warm kernel per thread; a cluster's workers run papermill per report
    kernels = KernelPool() if executor is None and warm_kernels else None
    try:
        if pool is None:
            for job in pending:
                report(run_job(job, out, timeout, kernels=kernels))
        else:
            futures = [pool.submit(run_job, job, out, timeout, "python3", kernels)
                       for job in pending]
            for fut in as_completed(futures):
                report(fut.result())
    finally:
        if own and pool is not None:
            pool.shutdown()
        if kernels is not None:
            summary.kernels_started = kernels.started
            kernels.close()
    _save(out, previous, summary, [j.id for j in todo] if not only else None, config)
    return summary


def _save(out: Path, previous: dict[str, dict], summary: BuildSummary,
          full_plan: list[str] | None, config: str | Path) -> None:
    """Merge this build's results into the manifest and rewrite the index."""
    merged = dict(previous)
    tree = tree_fingerprint(config)
    for r in summary.results:
        entry = asdict(r)
        entry["tree"] = tree  # its key was computed (or checked) from the files as they are now
        if r.status == "failed" and r.id in previous and previous[r.id].get("status") != "failed":
            entry["last_good_built_at"] = previous[r.id].get("built_at", "")
            entry["last_good_key"] = previous[r.id].get("key", "")
        if r.status == "cached":
            entry["status"] = "ok"
        merged[r.id] = entry
    old_manifest = {}
    if (out / MANIFEST).is_file():
        try:
            old_manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        except ValueError:
            old_manifest = {}
    manifest = {"generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "data_version": data_version(), "code_version": code_version(),
                # the fast path trusts a manifest only for the tree and plan of a complete build
                "plan_tree": tree if full_plan is not None else old_manifest.get("plan_tree", ""),
                "plan": full_plan if full_plan is not None else old_manifest.get("plan", []),
                "reports": sorted(merged.values(), key=lambda e: e["id"])}
    atomic_write(out / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1).encode())
    write_index(out, manifest, atomic_write)

"""Build the report site: papermill executes each notebook per parameter set, nbconvert renders
HTML without code, and ``index.html`` links every report with its status.

A report whose cache key (notebook, parameters, data, library code) has not changed since its
last good build is not run again. A report that fails leaves its previous good HTML in place,
gets an error page, and does not stop the others; the build then exits non-zero.

Decisions (what the module promises)
    This module orchestrates only: what to run comes from :mod:`.plan` (jobs, cache keys,
    the manifest), how one report runs from :mod:`.kernels`. When nothing changed since the
    last complete, successful build, the answer comes from file hashes alone (no extraction,
    no kernel). Otherwise the data files are checked first
    (:func:`ipcompare.corpus.validation.check_data`): a bad one stops the build before anything
    is written. The manifest and the site's own pages (landing pages, status, methods) are
    rewritten after every build that ran something; a change of the methods text alone makes
    such a build, with every report cached.

    One build at a time per output folder: a build takes ``.ipcompare-build.lock`` (pid, host,
    start time) before it writes anything and re-reads the manifest under it, so two builds
    cannot lose each other's index entries; the second refuses with a message naming the
    holder. A lock is stale (and taken over) when its pid is not alive on this host or it is
    older than :data:`STALE_LOCK_SECONDS`.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Executor, ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..corpus.validation import check_data, check_targets
from ..errors import IpcompareError
from ..files import atomic_write
from ..versions import code_version, data_version
from .frame import SITE_PAGES
from .kernels import DEFAULT_TIMEOUT, KernelPool, run_job, sweep_temporary_folders
from .plan import MANIFEST, Job, Result, load_manifest, matches, plan, tree_fingerprint, why
from .render import write_index

LOCK = ".ipcompare-build.lock"
STALE_LOCK_SECONDS = 12 * 3600  # longer than any full build; a lock this old is left over


class BuildLockedError(IpcompareError):
    """Another build is writing to the same output folder."""


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, owned by someone else
        return True
    except (OSError, OverflowError):
        return False
    return True


def lock_is_stale(holder: dict, now: float, host: str) -> bool:
    """True when a lock's holder is gone: its pid is dead on this host, or the lock is too old."""
    try:
        age = now - float(holder["started"])
        pid = int(holder["pid"])
    except (KeyError, TypeError, ValueError):
        return True  # unreadable: left half-written by a build that died
    if age > STALE_LOCK_SECONDS:
        return True
    return holder.get("host") == host and not _pid_alive(pid)


def _read_lock(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


@contextmanager
def build_lock(out: Path) -> Iterator[Path]:
    """Hold the output folder's build lock (refusing, with the holder named, when it is held)."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / LOCK
    me = {"pid": os.getpid(), "host": socket.gethostname(), "started": time.time()}
    mine = json.dumps(me)
    for _ in range(3):
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            holder = _read_lock(path)
            if lock_is_stale(holder, time.time(), me["host"]):
                path.unlink(missing_ok=True)
                continue
            since = datetime.fromtimestamp(float(holder["started"]), UTC).isoformat(timespec="seconds")
            raise BuildLockedError(
                f"another build is writing to {out}: pid {holder['pid']} on host "
                f"{holder.get('host', '?')}, started {since} (lock file {path}); wait for it to "
                "finish, or delete the lock file if that build is gone") from None
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(mine)
        break
    else:
        raise BuildLockedError(f"cannot take the build lock {path}")
    try:
        yield path
    finally:
        if path.is_file() and path.read_text(encoding="utf-8") == mine:
            path.unlink(missing_ok=True)


@dataclass
class BuildSummary:
    """The outcome of a build."""

    results: list[Result] = field(default_factory=list)
    kernels_started: int = 0
    interrupted: bool = False
    pending: list[Job] = field(default_factory=list, repr=False)

    def count(self, status: str) -> int:
        """Number of jobs with a status."""
        return sum(r.status == status for r in self.results)

    @property
    def ok(self) -> bool:
        """True when no job failed and the build was not interrupted."""
        return self.count("failed") == 0 and not self.interrupted

    def line(self) -> str:
        """The summary line a scheduler reads."""
        stopped = f", interrupted {self.count('interrupted')}" if self.interrupted else ""
        return (f"built {self.count('ok')}, cached {self.count('cached')}, "
                f"failed {self.count('failed')}{stopped} (of {len(self.results)} reports)")


def _fast_path(config: str | Path, out: Path, only: Sequence[str] | None) -> BuildSummary | None:
    """Nothing changed since the last complete, successful build: every report is cached.

    Decided from file hashes alone, without extracting anything or starting a kernel."""
    manifest_path = out / MANIFEST
    if not manifest_path.is_file() or not all((out / p).is_file() for p in SITE_PAGES):
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
    check_data()  # bad data files: one line each naming file, line and field, nothing written
    check_targets()  # a correction of a target that does not exist
    todo = plan(config, only)  # checks every parameter set before anything is written
    if dry_run:
        return _sort(todo, load_manifest(out), out, force, dry_run=True)
    with build_lock(out):
        sweep_temporary_folders()  # left by a build killed with -9
        previous = load_manifest(out)  # re-read under the lock: another build may have saved
        summary = _sort(todo, previous, out, force)
        pending = summary.pending
        _run(pending, out, summary, jobs, timeout, executor, progress, warm_kernels)
        _save(out, previous, summary, [j.id for j in todo] if not only else None, config)
    return summary


def _sort(todo: list[Job], previous: dict[str, dict], out: Path, force: bool,
          dry_run: bool = False) -> BuildSummary:
    """Cached results for the up-to-date jobs; the others in ``pending`` (or ``would_build``)."""
    summary = BuildSummary()
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
            summary.pending.append(job)
    return summary


def _run(pending: list[Job], out: Path, summary: BuildSummary, jobs: int, timeout: int,
         executor: Executor | None, progress: Callable[[Result, int, int], None] | None,
         warm_kernels: bool) -> None:
    """Run the pending jobs; Ctrl-C stops running kernels and starts no queued job."""
    total, done = len(pending), 0
    finished: set[str] = set()

    def report(r: Result) -> None:
        nonlocal done
        done += 1
        finished.add(r.id)
        summary.results.append(r)
        if progress:
            progress(r, done, total)

    own = executor is None and jobs > 1
    pool = ThreadPoolExecutor(max_workers=jobs) if own else executor
    # local runs keep one warm kernel per thread; a cluster's workers run papermill per report
    kernels = KernelPool() if executor is None and warm_kernels else None
    stop = _Interrupt(kernels, raise_now=pool is None and kernels is None)
    try:
        with stop:
            if pool is None:
                for job in pending:
                    if stop.requested:
                        break
                    report(run_job(job, out, timeout, kernels=kernels))
            else:
                futures = {pool.submit(run_job, job, out, timeout, "python3", kernels): job
                           for job in pending}
                remaining = set(futures)
                while remaining and not stop.requested:
                    completed, remaining = wait(remaining, timeout=0.5, return_when=FIRST_COMPLETED)
                    for fut in completed:
                        report(fut.result())
                if stop.requested:
                    for fut in remaining:
                        fut.cancel()  # queued: never started
                    if kernels is not None:  # running: their kernels were killed, they end now
                        for fut in remaining:
                            if not fut.cancelled():
                                report(fut.result())
    except KeyboardInterrupt:
        stop.requested = True
    finally:
        if own and pool is not None:
            pool.shutdown(wait=kernels is not None and not stop.requested, cancel_futures=True)
        if kernels is not None:
            summary.kernels_started = kernels.started
            kernels.close()
    if stop.requested:
        summary.interrupted = True
        for job in pending:
            if job.id not in finished:
                summary.results.append(Result(
                    job.id, job.report, job.title, job.params, job.html, job.key, "interrupted",
                    parts=job.parts, error="not finished: the build was interrupted (Ctrl-C)"))


class _Interrupt:
    """While active (in the main thread), Ctrl-C asks the build to stop: no queued report starts
    and running warm kernels are killed, so the build ends in seconds, not after the queue."""

    def __init__(self, kernels: KernelPool | None, raise_now: bool):
        self.kernels, self.raise_now, self.requested = kernels, raise_now, False
        self._old: Any = None

    def _handle(self, signum: int, frame: Any) -> None:
        if self.requested or self.raise_now:  # a second Ctrl-C, or nothing else to stop
            self.requested = True
            raise KeyboardInterrupt
        self.requested = True
        if self.kernels is not None:
            self.kernels.interrupt()

    def __enter__(self) -> _Interrupt:
        if threading.current_thread() is threading.main_thread():
            self._old = signal.signal(signal.SIGINT, self._handle)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._old is not None:
            signal.signal(signal.SIGINT, self._old)


def _save(out: Path, previous: dict[str, dict], summary: BuildSummary,
          full_plan: list[str] | None, config: str | Path) -> None:
    """Merge this build's results into the manifest and rewrite the index."""
    merged = dict(previous)
    tree = tree_fingerprint(config)
    for r in summary.results:
        entry = asdict(r)
        entry["tree"] = tree  # its key was computed (or checked) from the files as they are now
        if (r.status in ("failed", "interrupted") and r.id in previous
                and previous[r.id].get("status") not in ("failed", "interrupted")):
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

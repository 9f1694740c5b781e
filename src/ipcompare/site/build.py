"""Build the report site: papermill executes each notebook per parameter set, nbconvert renders
HTML without code, and ``index.html`` links every report with its status.

A report whose cache key (notebook, parameters, data, library code) has not changed since its
last good build is not run again. A report that fails leaves its previous good HTML in place,
gets an error page, and does not stop the others; the build then exits non-zero.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, ThreadPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

from ..errors import IpcompareError
from ..files import atomic_write
from ..sections.config import ReportSpec, check_params, load_config, parameter_sets, report_id
from ..versions import code_version, data_version
from .render import error_page, render_html, write_index

DEFAULT_TIMEOUT = 600  # seconds a single cell may run
MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Job:
    """One report to build: a notebook with one parameter set."""

    id: str
    report: str
    notebook: str
    params: dict[str, Any]
    title: str
    html: str  # path relative to the output directory
    key: str
    parts: dict[str, Any] = field(default_factory=dict, compare=False)


@dataclass
class Result:
    """What happened to one job."""

    id: str
    report: str
    title: str
    params: dict[str, Any]
    html: str
    key: str
    status: str  # ok | failed | cached
    parts: dict[str, Any] = field(default_factory=dict)
    built_at: str = ""
    seconds: float = 0.0
    data_version: str = ""
    error: str = ""
    error_page: str = ""
    failed_cell: int | None = None


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


def _sha(*parts: bytes) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(hashlib.sha256(p).digest())
    return h.hexdigest()


def notebook_fingerprint(path: Path) -> str:
    """Hash of a notebook's cell sources (outputs and metadata do not change a report)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    cells = [(c.get("cell_type"), "".join(c.get("source", ""))) for c in nb.get("cells", [])]
    return _sha(json.dumps(cells, ensure_ascii=False).encode())[:12]


def key_parts(spec: ReportSpec, params: dict[str, Any]) -> dict[str, Any]:
    """What one report's output depends on: its notebook, parameters, inputs and the code."""
    from .inputs import fingerprints

    return {"notebook": notebook_fingerprint(spec.notebook),
            "params": json.dumps(params, sort_keys=True, ensure_ascii=False),
            "inputs": fingerprints(spec.inputs, params),
            "code": code_version()}


def cache_key(parts: dict[str, Any]) -> str:
    """The cache key of one report from its parts."""
    return _sha(json.dumps(parts, sort_keys=True, ensure_ascii=False).encode())[:16]


def why(job: Job, previous: dict | None, out_dir: Path) -> str:
    """Why a report must be built (empty when it is up to date)."""
    if not previous:
        return "never built"
    if previous.get("status") == "failed":
        return "last build failed"
    if not (out_dir / job.html).is_file():
        return "output missing"
    if previous.get("key") == job.key:
        return ""
    old = previous.get("parts") or {}
    reasons = [name for name in ("notebook", "params", "code") if old.get(name) != job.parts[name]]
    old_inputs = old.get("inputs") or {}
    changed = [k for k, v in job.parts["inputs"].items() if old_inputs.get(k) != v]
    reasons += [f"{k} changed" if k != "shared" else "shared data changed" for k in changed]
    return "; ".join(r if " " in r else f"{r} changed" for r in reasons) or "key changed"


def _title(spec: ReportSpec, params: dict[str, Any]) -> str:
    lang = params.get("lang", "en")
    fmt = spec.title.get(lang) or spec.title.get("en") or spec.name
    fields = dict(params)
    if "jurisdiction" in params:
        from ..corpus.registry import registry_row

        row = registry_row(params["jurisdiction"])
        fields.update(name_en=row["name_en"], name_zh=row["name_zh"])
    if "indicator" in params:
        from ..vocab.taxonomy import indicator

        ind = indicator(params["indicator"])
        fields.update(indicator_en=ind.en, indicator_zh=ind.zh)
    try:
        return fmt.format(**fields)
    except (KeyError, IndexError):
        return fmt


def _slug(job_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", job_id.replace(":", "__"))


def make_job(spec: ReportSpec, params: dict[str, Any]) -> Job:
    """Build the job of one report with checked parameters."""
    jid = report_id(spec, params)
    parts = key_parts(spec, params)
    return Job(jid, spec.name, str(spec.notebook), params, _title(spec, params),
               f"{spec.name}/{_slug(jid)}.html", cache_key(parts), parts)


def plan(config: str | Path, only: Sequence[str] | None = None) -> list[Job]:
    """Every job of the report set (or those matching ``only`` patterns such as
    ``jurisdiction_profile:wuhan:zh``, ``indicator:*:en`` or ``data_audit``)."""
    specs = load_config(config)
    jobs = [make_job(s, p) for s in specs.values() for p in parameter_sets(s)]
    if only:
        patterns = list(only)
        selected = [j for j in jobs if any(_matches(j.id, p) for p in patterns)]
        unmatched = [p for p in patterns if not any(_matches(j.id, p) for j in jobs)]
        if unmatched:
            raise IpcompareError(
                f"--only {unmatched[0]!r} matches no report; reports are e.g. "
                + ", ".join(j.id for j in jobs[:6]) + f" … ({len(jobs)} in all)"
            )
        jobs = selected
    return jobs


def _matches(job_id: str, pattern: str) -> bool:
    return fnmatchcase(job_id, pattern) or job_id.startswith(pattern + ":") or job_id == pattern


def job_for(config: str | Path, report: str, params: dict[str, Any]) -> Job:
    """A job for explicit parameters (checked before any kernel starts)."""
    specs = load_config(config)
    if report not in specs:
        raise IpcompareError(f"unknown report {report!r}; valid: {', '.join(specs)}")
    spec = specs[report]
    return make_job(spec, check_params(spec, params))


def load_manifest(out_dir: Path) -> dict[str, dict]:
    """The previous build's results, by report id."""
    p = out_dir / MANIFEST
    if not p.is_file():
        return {}
    try:
        return {r["id"]: r for r in json.loads(p.read_text(encoding="utf-8"))["reports"]}
    except (ValueError, KeyError, TypeError):
        return {}


def is_fresh(job: Job, previous: dict | None, out_dir: Path) -> bool:
    """True when the last good build of this report has the same key and its HTML exists."""
    return bool(previous and previous.get("key") == job.key and previous.get("status") in ("ok", "cached")
                and (out_dir / job.html).is_file())


class KernelPool:
    """One warm kernel per worker thread, reused from report to report.

    Starting a kernel and importing the library in it is most of a small report's cost; a pooled
    kernel pays it once. Before each report the kernel's namespace is reset (``%reset -f``), so
    no variable leaks from one report to the next; a kernel is replaced after any failure (an
    error, a timeout or its death), so a failure stays with its report.
    """

    def __init__(self, kernel_name: str = "python3"):
        self.kernel_name = kernel_name
        self._local = threading.local()
        self._all: list[Any] = []
        self._dirs: list[tempfile.TemporaryDirectory] = []
        self._loops: list[Any] = []  # each worker thread's event loop, closed with the pool
        self._lock = threading.Lock()
        self.started = 0

    def workdir(self) -> str:
        """This thread's private working directory for its kernels (nothing shared between
        threads: a notebook writing a scratch file cannot clobber another report's)."""
        wd = getattr(self._local, "wd", None)
        if wd is None:
            wd = tempfile.TemporaryDirectory(prefix="ipcompare-kernel-")
            self._local.wd = wd
            with self._lock:
                self._dirs.append(wd)
        return wd.name

    def manager(self) -> Any:
        """This thread's kernel manager (its kernel starts on first use)."""
        km = getattr(self._local, "km", None)
        if km is None:
            from jupyter_client.manager import AsyncKernelManager as KernelManager
            from jupyter_core.utils import ensure_event_loop

            km = KernelManager(kernel_name=self.kernel_name)
            if os.name == "posix":  # Unix sockets in the thread's own folder: no TCP port at all
                km.transport = "ipc"
                km.ip = os.path.join(self.workdir(), "kernel")
            self._local.km = km
            loop = ensure_event_loop()  # the loop nbclient runs this thread's kernel on
            with self._lock:
                self._all.append(km)
                self.started += 1
                if loop not in self._loops:
                    self._loops.append(loop)
        return km

    def discard(self) -> None:
        """Shut down this thread's kernel (after a failure); the next report starts a fresh one."""
        km = getattr(self._local, "km", None)
        self._local.km = None
        if km is not None:
            _shutdown(km)

    def close(self) -> None:
        """Shut down every kernel of the pool."""
        with self._lock:
            kms, self._all = self._all, []
            dirs, self._dirs = self._dirs, []
            loops, self._loops = self._loops, []
        for km in kms:
            _shutdown(km)
        for wd in dirs:
            wd.cleanup()
        for loop in loops:  # a finished worker thread's loop would otherwise leak its sockets
            if not loop.is_running() and not loop.is_closed():
                loop.close()


def _shutdown(km: Any) -> None:
    from jupyter_core.utils import run_sync

    try:
        if km.has_kernel:
            run_sync(km.shutdown_kernel)(now=True)
    except Exception:  # noqa: BLE001 - a dead kernel is already shut down
        pass


_RESET = "get_ipython().run_line_magic('reset', '-f')"


def _execute_pooled(job: Job, pool: KernelPool, timeout: int) -> Any:
    """Execute a notebook with its parameters in this thread's warm kernel."""
    import copy

    import nbformat
    from nbclient import NotebookClient
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    nb = parameterize_notebook(copy.deepcopy(load_notebook_node(job.notebook)), job.params)
    nb.cells.insert(0, nbformat.v4.new_code_cell(_RESET))
    client = NotebookClient(nb, km=pool.manager(), timeout=timeout,
                            kernel_name=pool.kernel_name, allow_errors=False,
                            resources={"metadata": {"path": pool.workdir()}})
    try:
        client.execute()
    except Exception as exc:
        exc.notebook = nb  # so the error page can name the failing cell
        raise
    finally:
        if client.kc is not None:
            client.kc.stop_channels()
        nb.cells.pop(0)
    return nb


def run_job(job: Job, out_dir: Path, timeout: int = DEFAULT_TIMEOUT,
            kernel_name: str = "python3", kernels: KernelPool | None = None) -> Result:
    """Execute one notebook (papermill, or a warm kernel of ``kernels``), render it, and write
    its HTML atomically; a failure writes an error page and leaves the last good HTML."""
    started = time.perf_counter()
    result = Result(job.id, job.report, job.title, job.params, job.html, job.key, "ok",
                    parts=job.parts, data_version=data_version())
    nb = None
    lang = str(job.params.get("lang", "en"))
    with tempfile.TemporaryDirectory(prefix="ipcompare-") as tmp:
        executed = Path(tmp) / "executed.ipynb"
        try:
            if kernels is not None:
                nb = _execute_pooled(job, kernels, timeout)
                html = render_html(nb, job.title, lang)
            else:
                import papermill as pm

                pm.execute_notebook(
                    job.notebook, str(executed), parameters=job.params, kernel_name=kernel_name,
                    progress_bar=False, execution_timeout=timeout, log_output=False, cwd=tmp,
                )
                html = render_html(executed, job.title, lang)
            atomic_write(out_dir / job.html, html.encode("utf-8"))
        except Exception as exc:  # noqa: BLE001 - any failure of one report is reported, not raised
            if kernels is not None:
                kernels.discard()
            result.status = "failed"
            result.error, result.failed_cell = _describe(exc, nb)
            page = job.html.replace(".html", ".error.html")
            atomic_write(out_dir / page, error_page(job, result).encode("utf-8"))
            result.error_page = page
    result.seconds = round(time.perf_counter() - started, 2)
    result.built_at = datetime.now(UTC).isoformat(timespec="seconds")
    return result


def _describe(exc: BaseException, nb: Any = None) -> tuple[str, int | None]:
    """A readable account of a failure: which cell (0-based index), which error."""
    cell_index = getattr(exc, "cell_index", None)
    nb = nb if nb is not None else getattr(exc, "notebook", None)
    if cell_index is None and nb is not None:
        cell_index = next((i for i, c in enumerate(nb.cells) for o in c.get("outputs", [])
                           if o.get("output_type") == "error"), None)
    if cell_index is None:
        cell_index = getattr(exc, "exec_count", None)
    ename, evalue = getattr(exc, "ename", None), getattr(exc, "evalue", None)
    if ename:
        text = f"{ename}: {evalue}"
        tb = getattr(exc, "traceback", None)
        if tb:
            text += "\n" + _strip_ansi(tb if isinstance(tb, str) else "\n".join(tb))
        return text, cell_index
    return "".join(traceback.format_exception_only(type(exc), exc)).strip(), cell_index


def _strip_ansi(s: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", s)


def tree_fingerprint(config: str | Path) -> str:
    """Hash of everything a build reads: data files, notebooks and their configuration, code."""
    cfg = Path(config).resolve()
    nbs = sorted(p for p in cfg.parent.glob("*") if p.is_file() and p.suffix in (".ipynb", ".yaml"))
    return _sha(data_version().encode(), code_version().encode(),
                *(p.name.encode() + p.read_bytes() for p in nbs))[:16]


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
        entries = [r for r in manifest["reports"] if any(_matches(r["id"], p) for p in only)]
        if not entries:
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


def clean_orphans(out: Path, keep: set[str]) -> None:
    """Remove report folders that no configured report writes (not called by default)."""
    for d in out.iterdir():
        if d.is_dir() and d.name not in keep:
            shutil.rmtree(d)

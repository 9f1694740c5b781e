"""Running one report: a notebook executed with its parameters (in a warm pooled kernel, or by
papermill in a fresh one), rendered to HTML and written atomically.

Decisions (what the module promises)
    A failure stays with its report: any exception is recorded in the job's :class:`Result`
    (naming the failing cell), an error page is written next to the report, the last good
    HTML is left in place, and the pooled kernel that failed is replaced. Pooled kernels
    never share state: the namespace is reset before each report and each worker thread has
    its own kernel and working directory.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import threading
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..files import atomic_write
from ..versions import data_version
from .plan import Job, Result
from .render import error_page, render_html

DEFAULT_TIMEOUT = 600  # seconds a single cell may run


#: temporary folders are named ``ipcompare-<pid>-…``: a build killed with -9 cannot remove its
#: own, and the next build removes those whose process is gone (:func:`sweep_temporary_folders`)
TMP_PREFIX = "ipcompare-"


def sweep_temporary_folders(root: str | Path | None = None) -> list[Path]:
    """Remove the temporary folders of builds whose process no longer runs; return them."""
    import re
    import shutil

    base = Path(root if root is not None else tempfile.gettempdir())
    gone = []
    for d in base.glob(f"{TMP_PREFIX}*"):
        m = re.match(rf"{re.escape(TMP_PREFIX)}(\d+)-", d.name)
        if not m or not d.is_dir() or _alive(int(m.group(1))):
            continue
        shutil.rmtree(d, ignore_errors=True)
        gone.append(d)
    return gone


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


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
        self.interrupted = False  # set by interrupt(): failures from now on are interruptions

    def workdir(self) -> str:
        """This thread's private working directory for its kernels (nothing shared between
        threads: a notebook writing a scratch file cannot clobber another report's)."""
        wd = getattr(self._local, "wd", None)
        if wd is None:
            wd = tempfile.TemporaryDirectory(prefix=f"{TMP_PREFIX}{os.getpid()}-kernel-")
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

    def interrupt(self) -> None:
        """Kill every running kernel at once (safe from a signal handler: no event loop), so the
        reports running on them end now; the next report of a thread starts no new kernel."""
        self.interrupted = True
        with self._lock:
            kms = list(self._all)
        for km in kms:
            process = getattr(getattr(km, "provisioner", None), "process", None)
            if process is not None:
                with contextlib.suppress(OSError):  # already gone
                    process.kill()

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
    if kernels is not None and kernels.interrupted:  # picked up just after Ctrl-C: do not start
        result.status, result.error = "interrupted", "not started: the build was interrupted (Ctrl-C)"
        return result
    with tempfile.TemporaryDirectory(prefix=f"{TMP_PREFIX}{os.getpid()}-") as tmp:
        executed = Path(tmp) / "executed.ipynb"
        try:
            if kernels is not None:
                nb = _execute_pooled(job, kernels, timeout)
                html = render_html(nb, job.title, lang, page=job.html)
            else:
                import papermill as pm

                pm.execute_notebook(
                    job.notebook, str(executed), parameters=job.params, kernel_name=kernel_name,
                    progress_bar=False, execution_timeout=timeout, log_output=False,
                    # the kernel's working folder, without papermill's cwd=, which would chdir
                    # the whole process under the other threads' feet
                    resources={"metadata": {"path": tmp}},
                )
                html = render_html(executed, job.title, lang, page=job.html)
            atomic_write(out_dir / job.html, html.encode("utf-8"))
            # the report builds again: its old error page would only mislead
            (out_dir / _error_page_path(job)).unlink(missing_ok=True)
        except Exception as exc:  # noqa: BLE001 - any failure of one report is reported, not raised
            if kernels is not None:
                kernels.discard()
            if kernels is not None and kernels.interrupted:  # killed by Ctrl-C: not its fault
                result.status = "interrupted"
                result.error = "stopped while running: the build was interrupted (Ctrl-C)"
                result.seconds = round(time.perf_counter() - started, 2)
                return result
            result.status = "failed"
            if nb is None and executed.is_file():  # papermill saves what ran, up to the failure
                nb = _read_notebook(executed)
            result.error, result.failed_cell, result.failed_cell_source = _describe(exc, nb)
            page = _error_page_path(job)
            atomic_write(out_dir / page, error_page(job, result).encode("utf-8"))
            result.error_page = page
    result.seconds = round(time.perf_counter() - started, 2)
    result.built_at = datetime.now(UTC).isoformat(timespec="seconds")
    return result


def failing_cell(nb: Any) -> tuple[int | None, str]:
    """The failing cell as the notebook numbers it (its 0-based index in the .ipynb, the cells
    papermill adds not counted) and its first line: the cell with an error output,
    else the cell that started but never finished (the kernel died or timed out in it)."""
    if nb is None:
        return None, ""
    added = {"injected-parameters", "papermill-error-cell-tag"}  # papermill's own cells
    cells = [c for c in nb.cells if not added & set(c.get("metadata", {}).get("tags", []))]

    def first_line(c: Any) -> str:
        src = c.get("source", "")
        src = "".join(src) if isinstance(src, list) else src
        return next((ln.strip() for ln in src.splitlines() if ln.strip()), "")[:120]

    for i, c in enumerate(cells):
        if any(o.get("output_type") == "error" for o in c.get("outputs", [])):
            return i, first_line(c)
    for i, c in enumerate(cells):
        timing = c.get("metadata", {}).get("execution")  # nbclient empties it when a cell starts
        if c.get("cell_type") == "code" and isinstance(timing, dict) \
                and "shell.execute_reply" not in timing:
            return i, first_line(c)
    return None, ""


def _describe(exc: BaseException, nb: Any = None) -> tuple[str, int | None, str]:
    """A readable account of a failure: which cell (as the notebook numbers it), which error."""
    nb = nb if nb is not None else getattr(exc, "notebook", None)
    cell_index, cell_line = failing_cell(nb)
    ename, evalue = getattr(exc, "ename", None), getattr(exc, "evalue", None)
    if ename:
        text = f"{ename}: {evalue}" if str(evalue or "").strip() else str(ename)
        tb = getattr(exc, "traceback", None)
        if tb:
            text += "\n" + _strip_ansi(tb if isinstance(tb, str) else "\n".join(tb))
        return text, cell_index, cell_line
    return "".join(traceback.format_exception_only(type(exc), exc)).strip(), cell_index, cell_line


def _error_page_path(job: Job) -> str:
    return job.html.replace(".html", ".error.html")


def _read_notebook(path: Path) -> Any:
    import nbformat

    try:
        return nbformat.read(path, as_version=4)
    except Exception:  # noqa: BLE001 - half-written: the page then names no cell
        return None


def _strip_ansi(s: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", s)

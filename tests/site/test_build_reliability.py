"""Issue 11, items 3 and 6: one build at a time per output folder, and Ctrl-C stops promptly.

Each case of the reliability review's table (6a, 5d) is its own test; the ones that start
processes of their own are marked slow (they run in CI like every test).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

from ipcompare.site import build as b

FIXTURES = Path(__file__).parents[1] / "fixtures" / "notebooks"
SRC = Path(__file__).parents[2] / "src"


@pytest.fixture()
def config(tmp_path: Path) -> Path:
    """A private copy of the tiny report set."""
    d = tmp_path / "nb"
    shutil.copytree(FIXTURES, d)
    return d / "reports.yaml"


def _ids(out: Path) -> set[str]:
    return {r["id"] for r in json.loads((out / "manifest.json").read_text(encoding="utf-8"))["reports"]}


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


# --- 6a: one build at a time per output folder ----------------------------------------------


def test_a_second_build_into_the_same_folder_is_refused_naming_the_holder(
        config: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    first: list[b.BuildSummary] = []
    runner = threading.Thread(target=lambda: first.append(b.build(config, out, only=["echo:hello:en"])))
    runner.start()
    deadline = time.monotonic() + 60
    while not (out / b.LOCK).exists() and runner.is_alive() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert (out / b.LOCK).exists(), "the first build never took the lock"
    with pytest.raises(b.BuildLockedError) as info:
        b.build(config, out, only=["echo:world:en"])
    message = str(info.value)
    assert f"pid {os.getpid()}" in message and socket.gethostname() in message
    assert str(out / b.LOCK) in message and "another build is writing to" in message
    runner.join()
    assert first[0].ok
    assert not (out / b.LOCK).exists()  # released
    assert b.build(config, out, only=["echo:world:en"]).ok
    assert _ids(out) == {"echo:hello:en", "echo:world:en"}  # neither build's entry lost


def test_a_stale_lock_is_taken_over(config: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    out.mkdir()
    (out / b.LOCK).write_text(json.dumps(
        {"pid": _dead_pid(), "host": socket.gethostname(), "started": time.time()}), encoding="utf-8")
    assert b.build(config, out, only=["echo:hello:en"]).ok
    assert not (out / b.LOCK).exists()


def test_lock_staleness_rule() -> None:
    now, host = time.time(), socket.gethostname()
    alive = {"pid": os.getpid(), "host": host, "started": now - 60}
    assert not b.lock_is_stale(alive, now, host)
    assert b.lock_is_stale({**alive, "pid": _dead_pid()}, now, host)  # dead on this host
    assert not b.lock_is_stale({**alive, "pid": 1, "host": "elsewhere"}, now, host)  # can't tell
    assert b.lock_is_stale({**alive, "host": "elsewhere",
                            "started": now - b.STALE_LOCK_SECONDS - 1}, now, host)  # too old
    assert b.lock_is_stale({}, now, host)  # half-written


@pytest.mark.slow
def test_two_builds_at_once_into_the_same_folder_lose_no_entries(config: Path, tmp_path: Path) -> None:
    """Review case 6a: two processes, different --only sets, the same --out."""
    out = tmp_path / "site"
    code = ("import sys; from ipcompare.site.build import build; "
            "s = build(sys.argv[1], sys.argv[2], only=[sys.argv[3]]); print(s.line())")
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    procs = {only: subprocess.Popen([sys.executable, "-c", code, str(config), str(out), only],
                                    env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for only in ("echo:hello:en", "echo:world:en")}
    done = {only: (p.wait(timeout=300), *p.communicate()) for only, p in procs.items()}
    built = {only for only, (rc, _, _) in done.items() if rc == 0}
    assert built, done
    for rc, _, err in done.values():
        if rc != 0:  # refused: clear, and it names the holder
            assert "BuildLockedError: another build is writing to" in err and "pid " in err, err
    assert built <= _ids(out)  # every build that succeeded is in the manifest
    assert not (out / b.LOCK).exists()
    assert not [p for p in out.rglob(".*") if p.name != b.LOCK]  # no temporary files


# --- 5d: Ctrl-C stops promptly ---------------------------------------------------------------


def _hang_config(tmp_path: Path, n: int = 6) -> Path:
    """Reports that each sleep 60 s: with two workers, four are queued when Ctrl-C comes."""
    import nbformat

    d = tmp_path / "hang"
    d.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    params = nbformat.v4.new_code_cell("i = 0")
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, nbformat.v4.new_code_cell("import time\ntime.sleep(60)")]
    nbformat.write(nb, d / "hang.ipynb")
    (d / "reports.yaml").write_text(
        "reports:\n  hang:\n    notebook: hang.ipynb\n    title: {en: 'Hang {i}'}\n"
        f"    parameters:\n      i: {{type: int, default: 0}}\n"
        f"    matrix:\n      i: {list(range(n))}\n    inputs: [shared]\n", encoding="utf-8")
    return d / "reports.yaml"


def test_ctrl_c_stops_running_reports_and_starts_no_queued_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = _hang_config(tmp_path)
    out = tmp_path / "site"
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    timer = threading.Timer(6, os.kill, (os.getpid(), signal.SIGINT))
    started = time.monotonic()
    timer.start()
    try:
        summary = b.build(config, out, jobs=2, timeout=120)
    finally:
        timer.cancel()
    elapsed = time.monotonic() - started
    assert elapsed < 30, f"took {elapsed:.0f}s after Ctrl-C: the queue ran on"
    assert summary.interrupted and not summary.ok
    assert summary.count("interrupted") == 6 and summary.count("ok") == 0
    assert "interrupted 6" in summary.line()
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert {r["status"] for r in manifest["reports"]} == {"interrupted"}
    errors = sorted(r["error"] for r in manifest["reports"])
    assert any(e.startswith("stopped while running") for e in errors)
    assert any(e.startswith("not finished") or e.startswith("not started") for e in errors)
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "6 interrupted" in index and index.count(">interrupted</span>") == 6
    assert not list(out.rglob("*.error.html"))  # an interruption is not a report's failure
    assert not (out / b.LOCK).exists()
    assert not list(scratch.iterdir()), "temporary files left behind"
    assert not [p for p in out.rglob(".*")]


@pytest.mark.slow
def test_ctrl_c_on_the_command_line_exits_130_without_a_traceback(tmp_path: Path) -> None:
    """Review case 5d through the console: exit 130, one line, index and manifest written."""
    config = _hang_config(tmp_path)
    out = tmp_path / "site"
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = {**os.environ, "PYTHONPATH": str(SRC), "TMPDIR": str(scratch)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "ipcompare.cli", "build", "--config", str(config), "--out", str(out),
         "--jobs", "2"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not list(scratch.glob("ipcompare-*-kernel-*")) and time.monotonic() < deadline:
        time.sleep(0.1)  # the reports are running
    time.sleep(3)
    started = time.monotonic()
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=60)
    assert time.monotonic() - started < 30
    assert proc.returncode == 130, (stdout, stderr)
    assert "Traceback" not in stderr and "interrupted" in stderr
    statuses = {r["status"] for r in json.loads((out / "manifest.json").read_text())["reports"]}
    assert statuses == {"interrupted"}
    assert "interrupted" in (out / "index.html").read_text(encoding="utf-8")
    assert not list(scratch.iterdir()) and not (out / b.LOCK).exists()
    assert not (out / "targets.csv").exists()  # an interrupted build writes no tables


def test_a_killed_build_leaves_no_temporary_folder(tmp_path: Path) -> None:
    """Review 5e: a build killed with -9 cannot remove its temporary folders; the next build
    removes those whose process is gone, and leaves a running build's alone."""
    import os
    import subprocess

    from ipcompare.site.kernels import TMP_PREFIX, sweep_temporary_folders

    dead = subprocess.Popen(["true"])
    dead.wait()
    gone = tmp_path / f"{TMP_PREFIX}{dead.pid}-kernel-abc"
    live = tmp_path / f"{TMP_PREFIX}{os.getpid()}-xyz"
    other = tmp_path / "ipcompare-notes"
    for d in (gone, live, other):
        d.mkdir()
        (d / "executed.ipynb").write_text("{}", encoding="utf-8")
    assert sweep_temporary_folders(tmp_path) == [gone]
    assert not gone.exists() and live.exists() and other.exists()


def test_parameter_injection_in_an_id_runs_nothing(tmp_path: Path) -> None:
    """Review 3b: a jurisdiction id written as code reaches the notebook as a string (the
    injected-parameters cell papermill writes, as the warm kernels run it), runs nothing, and
    names no file outside the report folder."""
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    from ipcompare.sections.config import ReportSpec, report_page

    marker = tmp_path / "PWNED"
    evil = f'evil"+str(__import__("os").system("touch {marker}"))+"\'\n<x>'
    nb = parameterize_notebook(load_notebook_node(str(SRC.parent / "notebooks" / "jurisdiction_profile.ipynb")),
                               {"jurisdiction": evil, "lang": "en"})
    cell = next(c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", []))
    namespace: dict = {}
    exec(cell.source, namespace)  # noqa: S102 - the very cell a kernel would run
    assert namespace["jurisdiction"] == evil and not marker.exists()
    spec = ReportSpec("jurisdiction_profile", SRC.parent / "notebooks" / "jurisdiction_profile.ipynb",
                      {}, {}, {"jurisdiction": (evil,), "lang": ("en",)})
    page = report_page(spec, {"jurisdiction": evil, "lang": "en"})
    assert page.count("/") == 1 and not set(page) & set('<>"\'\n ')

"""The report build: parameter checks before any kernel, caching, failure isolation, the index."""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from pathlib import Path

import pytest

from ipcompare.errors import IpcompareError
from ipcompare.sections.config import ConfigError, ParameterError, check_params, load_config
from ipcompare.site import build as b
from ipcompare.site import kernels
from ipcompare.site import plan as pl

FIXTURES = Path(__file__).parents[1] / "fixtures" / "notebooks"


@pytest.fixture()
def config(tmp_path: Path) -> Path:
    """A private copy of the tiny report set, so a test may edit its notebook."""
    d = tmp_path / "nb"
    shutil.copytree(FIXTURES, d)
    return d / "reports.yaml"


@pytest.fixture()
def no_kernel(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if papermill would start a kernel."""
    import papermill

    def refuse(*_a, **_k):
        raise AssertionError("a kernel was started")

    monkeypatch.setattr(papermill, "execute_notebook", refuse)


@pytest.mark.usefixtures("no_kernel")
def test_parameters_are_checked_before_any_kernel(config: Path) -> None:
    spec = load_config(config)["echo"]
    assert check_params(spec, {"word": "world"}) == {"word": "world", "fail": False, "lang": "en"}
    with pytest.raises(ParameterError, match=r"unknown parameter\(s\) \['colour'\]; valid: \['fail', 'lang', 'word'\]"):
        check_params(spec, {"colour": "red"})
    with pytest.raises(ParameterError, match="word='nope' is not allowed; valid: hello, world, boom"):
        check_params(spec, {"word": "nope"})
    with pytest.raises(ParameterError, match="parameter 'fail' must be bool, got str 'yes'"):
        check_params(spec, {"fail": "yes"})
    with pytest.raises(ParameterError, match="lang='fr' is not allowed; valid: en, zh"):
        pl.job_for(config, "echo", {"lang": "fr"})


def test_missing_required_parameter(config: Path) -> None:
    text = config.read_text(encoding="utf-8").replace(
        'doc: "what to print"}', 'doc: "what to print", required: true}')
    config.write_text(text, encoding="utf-8")
    spec = load_config(config)["echo"]
    with pytest.raises(ParameterError, match="missing required parameter 'word'"):
        check_params(spec, {})


def test_bad_configuration_is_reported(tmp_path: Path) -> None:
    cfg = tmp_path / "reports.yaml"
    cfg.write_text("reports:\n  x:\n    notebook: missing.ipynb\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="missing.ipynb not found"):
        load_config(cfg)


def test_plan_and_only_patterns(config: Path) -> None:
    assert [j.id for j in pl.plan(config)] == ["echo:hello:en", "echo:world:en"]
    assert [j.id for j in pl.plan(config, ["echo:world:en"])] == ["echo:world:en"]
    assert [j.id for j in pl.plan(config, ["echo:*:en"])] == ["echo:hello:en", "echo:world:en"]
    assert [j.id for j in pl.plan(config, ["echo"])] == ["echo:hello:en", "echo:world:en"]
    with pytest.raises(IpcompareError, match="matches no report"):
        pl.plan(config, ["echo:nope"])
    jobs = pl.plan(config)
    assert jobs[0].title == "Echo hello"
    assert jobs[0].html == "echo/echo__hello__en.html"


def test_build_then_nothing_to_do(config: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "site"
    first = b.build(config, out, jobs=2)
    assert first.line() == "built 2, cached 0, failed 0 (of 2 reports)"
    page = (out / "echo" / "echo__hello__en.html").read_text(encoding="utf-8")
    assert '<p id="word">hello 中文</p>' in page
    assert "print(" not in page and "In&nbsp;[" not in page  # no code, no prompts
    assert not re.search(r'<(?:script|link|img)\b[^>]*(?:src|href)="(?:https?:)?//', page)
    assert 'src="data:image/png;base64,' in page  # the figure is embedded
    assert '<nav class="ipc-toc"' in page and 'href="#First-section"' in page
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.count('<span class="ok">ok</span>') == 2
    assert 'href="echo/echo__world__en.html"' in index
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert {r["id"] for r in manifest["reports"]} == {"echo:hello:en", "echo:world:en"}

    import papermill

    monkeypatch.setattr(papermill, "execute_notebook",
                        lambda *a, **k: pytest.fail("a kernel was started on a warm rebuild"))
    again = b.build(config, out)
    assert again.line() == "built 0, cached 2, failed 0 (of 2 reports)"


def test_a_failing_report_keeps_the_last_good_html(config: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert b.build(config, out, only=["echo:hello:en"]).ok
    good = (out / "echo" / "echo__hello__en.html").read_bytes()
    nb = config.parent / "echo.ipynb"
    nb.write_text(nb.read_text(encoding="utf-8").replace("if fail:", "if True:"), encoding="utf-8")
    result = b.build(config, out)
    assert result.line() == "built 0, cached 0, failed 2 (of 2 reports)"
    assert not result.ok
    assert (out / "echo" / "echo__hello__en.html").read_bytes() == good  # kept
    assert not (out / "echo" / "echo__world__en.html").exists()  # never built well
    err = (out / "echo" / "echo__hello__en.error.html").read_text(encoding="utf-8")
    assert "RuntimeError: asked to fail for hello" in err
    assert "failed in cell" in err
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.count('class="failed"') == 2
    assert "showing the last good version" in index
    assert 'href="echo/echo__world__en.error.html"' in index


def test_cli_build_exit_status(config: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    from ipcompare.cli import main

    out = tmp_path / "site"
    assert main(["build", "--config", str(config), "--out", str(out), "--only", "echo:hello:en"]) == 0
    assert "built 1, cached 0, failed 0 (of 1 reports)" in capsys.readouterr().out
    assert main(["build", "--config", str(config), "--out", str(out), "--only", "nope"]) == 1
    assert "matches no report" in capsys.readouterr().err


@pytest.mark.usefixtures("no_kernel")
def test_cli_build_with_a_bad_parameter_set_writes_nothing(
        config: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    from ipcompare.cli import main

    text = config.read_text(encoding="utf-8").replace("word: [hello, world]", "word: [hello, nope]")
    config.write_text(text, encoding="utf-8")
    out = tmp_path / "site"
    assert main(["build", "--config", str(config), "--out", str(out)]) == 1
    assert "word='nope' is not allowed; valid: hello, world, boom" in capsys.readouterr().err
    assert not out.exists()  # neither the report folder nor the targets tables


def _trouble_config(tmp_path: Path) -> Path:
    """A report set whose reports raise, kill their kernel, or run past the timeout."""
    import nbformat

    d = tmp_path / "trouble"
    d.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    params = nbformat.v4.new_code_cell('how = "ok"  # str: ok, raise, die or hang')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Trouble"),
        params,
        nbformat.v4.new_code_cell(
            "import os, time\n"
            "if how == 'raise':\n    raise ValueError('raised on purpose')\n"
            "if how == 'die':\n    os._exit(1)\n"
            "if how == 'hang':\n    time.sleep(60)\n"
            "print('fine')"),
    ]
    nbformat.write(nb, d / "trouble.ipynb")
    (d / "reports.yaml").write_text(
        "reports:\n  trouble:\n    notebook: trouble.ipynb\n    title: {en: 'Trouble {how}'}\n"
        "    parameters:\n      how: {type: str, choices: [ok, raise, die, hang], default: ok}\n"
        "    matrix:\n      how: [ok, raise, die, hang]\n    inputs: [shared]\n",
        encoding="utf-8")
    return d / "reports.yaml"


def test_each_kind_of_failure_fails_alone(tmp_path: Path) -> None:
    config = _trouble_config(tmp_path)
    out = tmp_path / "site"
    summary = b.build(config, out, jobs=2, timeout=5)
    status = {r.id: r.status for r in summary.results}
    assert status == {"trouble:ok": "ok", "trouble:raise": "failed",
                      "trouble:die": "failed", "trouble:hang": "failed"}
    errors = {r.id: r.error for r in summary.results}
    assert "ValueError: raised on purpose" in errors["trouble:raise"]
    assert "DeadKernel" in errors["trouble:die"] or "died" in errors["trouble:die"].lower()
    assert "timed out" in errors["trouble:hang"].lower() or "Timeout" in errors["trouble:hang"]
    assert (out / "trouble" / "trouble__ok.html").is_file()
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.count('class="failed"') == 3
    # warm kernels: two threads, plus a fresh kernel after each of the three failures at most
    assert 2 <= summary.kernels_started <= 5


def test_warm_rebuild_starts_no_kernel_and_is_fast(config: Path, tmp_path: Path) -> None:
    import time

    out = tmp_path / "site"
    assert b.build(config, out, jobs=2).kernels_started == 2
    t0 = time.perf_counter()
    again = b.build(config, out)
    assert time.perf_counter() - t0 < 1.0
    assert again.kernels_started == 0
    assert again.line() == "built 0, cached 2, failed 0 (of 2 reports)"


def test_each_worker_thread_has_its_own_kernel_directory() -> None:
    import threading
    from concurrent.futures import ThreadPoolExecutor

    pool = kernels.KernelPool()
    both = threading.Barrier(2)  # two items on two threads at the same time

    def dirs(_: int) -> tuple[str, str]:
        both.wait(timeout=10)
        return pool.workdir(), pool.workdir()

    with ThreadPoolExecutor(max_workers=2) as ex:
        pairs = list(ex.map(dirs, range(2)))
    assert all(first == again for first, again in pairs)  # a thread keeps its directory
    paths = {Path(first) for first, _ in pairs}
    assert len(paths) == 2 and all(p.is_dir() and p != Path.cwd() for p in paths)
    pool.close()
    assert not any(p.exists() for p in paths)


def test_closing_the_pool_closes_its_threads_event_loops(config: Path, tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    pool = kernels.KernelPool()
    with ThreadPoolExecutor(max_workers=1) as ex:
        ex.submit(pool.manager).result()  # a worker thread makes its manager (no kernel yet)
    loops = list(pool._loops)
    assert len(loops) == 1 and not loops[0].is_closed()
    pool.close()
    assert loops[0].is_closed()


@pytest.mark.skipif(os.name != "posix", reason="Unix-domain sockets need a POSIX system")
def test_pooled_kernels_talk_over_unix_sockets_in_their_own_folder() -> None:
    pool = kernels.KernelPool()
    km = pool.manager()  # not started: only its connection settings are checked
    assert km.transport == "ipc"
    assert Path(km.ip).parent == Path(pool.workdir())
    pool.close()


def test_an_unmatched_only_pattern_beside_a_matching_one_is_refused(
        config: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """Review case 4b: the fast path must not accept ``--only good --only typo``."""
    from ipcompare.cli import main

    out = tmp_path / "site"
    assert main(["build", "--config", str(config), "--out", str(out), "--only", "echo:hello:en"]) == 0
    capsys.readouterr()
    before = (out / "manifest.json").read_bytes()
    assert main(["build", "--config", str(config), "--out", str(out),
                 "--only", "echo:hello:en", "--only", "nosuch"]) == 1
    assert "'nosuch' matches no report" in capsys.readouterr().err
    assert (out / "manifest.json").read_bytes() == before


def test_two_ids_that_slug_to_one_page_are_refused(tmp_path: Path) -> None:
    """Review (low): ``a b`` and ``a_b`` would be written to one file; the plan names both."""
    from ipcompare.errors import IpcompareError
    from ipcompare.site.plan import _check_distinct_pages

    jobs = [type("J", (), {"id": f"profile:{i}:en", "html": "profile/profile__a_b__en.html"})()
            for i in ("a b", "a_b")]
    with pytest.raises(IpcompareError, match="would both be written to profile/profile__a_b__en.html"):
        _check_distinct_pages(jobs)


def test_a_papermill_run_leaves_the_process_working_folder_alone(config: Path, tmp_path: Path) -> None:
    """Without warm kernels each report runs through papermill in its own folder; papermill's
    ``cwd=`` would chdir the whole process (every thread) while it runs."""
    import threading

    here, seen, stop = os.getcwd(), set(), threading.Event()

    def watch() -> None:
        while not stop.is_set():
            seen.add(os.getcwd())
            time.sleep(0.005)

    t = threading.Thread(target=watch)
    t.start()
    try:
        summary = b.build(config, tmp_path / "site", jobs=2, warm_kernels=False)
    finally:
        stop.set()
        t.join()
    assert summary.ok and seen == {here}

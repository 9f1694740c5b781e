"""The same build on a Dask distributed cluster (LocalCluster on loopback), through the
executor `ipcompare build --scheduler` uses."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

distributed = pytest.importorskip(
    "distributed", reason="Dask distributed is not installed (pip install 'ipcompare[distributed]')")

FIXTURES = Path(__file__).parents[1] / "fixtures" / "notebooks"


def test_build_on_a_local_dask_cluster(tmp_path: Path) -> None:
    from ipcompare.site.build import build

    config_dir = tmp_path / "nb"
    shutil.copytree(FIXTURES, config_dir)
    out = tmp_path / "site"
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  host="127.0.0.1", dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        summary = build(config_dir / "reports.yaml", out, executor=client.get_executor(pure=False))
        workers = len(client.scheduler_info()["workers"])
    assert workers == 2
    assert summary.line() == "built 2, cached 0, failed 0 (of 2 reports)"
    assert (out / "echo" / "echo__hello__en.html").is_file()
    assert (out / "echo" / "echo__world__en.html").is_file()
    assert "Echo world" in (out / "index.html").read_text(encoding="utf-8")


def test_cli_scheduler_address(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    from ipcompare.cli import main

    config_dir = tmp_path / "nb"
    shutil.copytree(FIXTURES, config_dir)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                                  host="127.0.0.1", dashboard_address=None) as cluster:
        code = main(["build", "--config", str(config_dir / "reports.yaml"), "--out",
                     str(tmp_path / "site"), "--scheduler", cluster.scheduler_address,
                     "--only", "echo:hello:en"])
    assert code == 0
    assert "built 1, cached 0, failed 0 (of 1 reports)" in capsys.readouterr().out


def test_an_unreachable_scheduler_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Review 4i: no traceback, the address named, nothing written."""
    import ipcompare.cli as cli

    monkeypatch.setattr(cli, "SCHEDULER_TIMEOUT", 2)
    out = tmp_path / "site"
    config = tmp_path / "nb"
    shutil.copytree(FIXTURES, config)
    assert cli.main(["build", "--config", str(config / "reports.yaml"), "--out", str(out),
                     "--scheduler", "tcp://127.0.0.1:1"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:1" in err
    assert not out.exists()

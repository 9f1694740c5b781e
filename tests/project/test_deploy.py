"""The scheduling files: the Airflow DAG imports (where Airflow is installed), the cron line runs
the same command the README documents."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


def test_airflow_dag_imports() -> None:
    pytest.importorskip("airflow", reason="Apache Airflow is not installed (pip install apache-airflow)")
    spec = importlib.util.spec_from_file_location("ipcompare_reports_dag", DEPLOY / "ipcompare_reports_dag.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    dag = module.dag
    assert dag.dag_id == "ipcompare_reports"
    assert {t.task_id for t in dag.tasks} == {"build", "publish"}
    assert "ipcompare build" in dag.get_task("build").bash_command


def test_cron_line_builds_then_publishes() -> None:
    lines = [ln for ln in (DEPLOY / "crontab").read_text(encoding="utf-8").splitlines()
             if ln.strip() and not ln.startswith("#")]
    assert len(lines) == 1
    fields = lines[0].split(None, 5)
    assert fields[:5] == ["0", "3", "*", "*", "*"]
    assert ".venv/bin/ipcompare build" in fields[5]
    assert fields[5].index("ipcompare build") < fields[5].index("&& rsync")

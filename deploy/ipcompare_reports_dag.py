"""Airflow DAG: rebuild the ipcompare report site nightly and publish reports/.

`ipcompare build` does only the work that changed since the last run (cached reports start no
kernel) and exits non-zero when any report failed, after finishing the others, so a failed
report fails the `build` task while the index still shows which report failed. Publishing is
an rsync of reports/ to the static host; it runs only when the build succeeded.

Settings (Airflow Variables, with defaults):
  ipcompare_project   path of the project checkout (with its .venv made by `make install`)
  ipcompare_publish   rsync destination of the site, e.g. /var/www/ipcompare/
  ipcompare_jobs      reports to build in parallel on the worker
  ipcompare_scheduler optional tcp://HOST:PORT of a Dask cluster to send the reports to
"""

from __future__ import annotations

from datetime import datetime, timedelta

from airflow import DAG
from airflow.models import Variable
from airflow.operators.bash import BashOperator

PROJECT = Variable.get("ipcompare_project", default_var="/opt/ipcompare")
PUBLISH = Variable.get("ipcompare_publish", default_var="/var/www/ipcompare/")
JOBS = Variable.get("ipcompare_jobs", default_var="2")
SCHEDULER = Variable.get("ipcompare_scheduler", default_var="")

build_command = (
    f"cd {PROJECT} && .venv/bin/ipcompare build --jobs {JOBS}"
    + (f" --scheduler {SCHEDULER}" if SCHEDULER else "")
)

with DAG(
    dag_id="ipcompare_reports",
    description="Rebuild the ipcompare report site and publish it",
    schedule="0 3 * * *",
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    default_args={"retries": 1, "retry_delay": timedelta(minutes=10)},
    tags=["ipcompare"],
) as dag:
    build = BashOperator(task_id="build", bash_command=build_command,
                         execution_timeout=timedelta(hours=2))
    publish = BashOperator(
        task_id="publish",
        bash_command=f"rsync -a --delete {PROJECT}/reports/ {PUBLISH}",
    )
    build >> publish

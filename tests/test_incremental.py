"""Incremental builds: a change to one plan's text rebuilds exactly the reports that read it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Build the whole report set once with a stand-in for notebook execution (writes a stub page),
# so the manifest holds every report's cache key without starting a kernel.
FAKE_BUILD = r"""
import sys
from pathlib import Path
from ipcompare import build as b

def fake(job, out, timeout=600, kernel_name="python3", kernels=None):
    b.atomic_write(Path(out) / job.html, b"<html>stub</html>")
    return b.Result(job.id, job.report, job.title, job.params, job.html, job.key, "ok",
                    parts=job.parts)

b.run_job = fake
s = b.build(sys.argv[1], sys.argv[2], warm_kernels=False)
print(s.line())
"""


def _run(args: list[str], env: dict[str, str]) -> str:
    proc = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


def test_changing_one_target_rebuilds_exactly_its_readers(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "IPCOMPARE_DATA"}
    out = tmp_path / "site"
    config = str(ROOT / "notebooks" / "reports.yaml")
    first = _run([sys.executable, "-c", FAKE_BUILD, config, str(out)], env)
    assert "failed 0" in first

    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    wuhan = data / "documents" / "000_10f3eac1c0e8d1fc.txt"
    text = wuhan.read_text(encoding="utf-8")
    # one target changes its value (100 → 120 operation talents); nothing else moves
    assert text.count("培养100名以上知识产权运营专业技术人才") == 1
    wuhan.write_text(text.replace("培养100名以上", "培养120名以上"), encoding="utf-8")

    cli = [sys.executable, "-m", "ipcompare.cli", "build", "--config", config, "--out", str(out),
           "--dry-run"]
    unchanged = _run(cli, env)
    assert "dry run: 0 to build" in unchanged

    changed = _run(cli, {**env, "IPCOMPARE_DATA": str(data)})
    would = {line.split()[2].rstrip(":"): line.split(": ", 1)[1]
             for line in changed.splitlines() if line.startswith("would build ")}
    assert set(would) == {
        "jurisdiction_profile:wuhan:en", "jurisdiction_profile:wuhan:zh",  # its own profile
        "comparison:en", "comparison:zh",                                  # reports comparing it
        "data_audit:en", "data_audit:zh",
    }
    assert would["comparison:en"] == "document:wuhan changed"
    assert would["jurisdiction_profile:wuhan:zh"] == "document:wuhan changed; peers:wuhan changed"
    # the other plans' profiles and the indicator reports read nothing that changed
    assert "jurisdiction_profile:nantong:en" not in would

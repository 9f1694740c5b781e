"""Incremental builds: a change to one plan's text rebuilds exactly the reports that read it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONFIG = str(ROOT / "notebooks" / "reports.yaml")

# Build the whole report set once with a stand-in for notebook execution (writes a stub page),
# so the manifest holds every report's cache key without starting a kernel.
FAKE_BUILD = r"""
import sys
from pathlib import Path

import pytest
from ipcompare.site import build as b

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


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """The whole default report set built once (stub pages): its folder and the environment."""
    env = {k: v for k, v in os.environ.items() if k != "IPCOMPARE_DATA"}
    out = tmp_path_factory.mktemp("incremental") / "site"
    first = _run([sys.executable, "-c", FAKE_BUILD, CONFIG, str(out)], env)
    assert "failed 0" in first
    return out, env


def _would_build(out: Path, env: dict[str, str], data: Path | None = None) -> dict[str, str]:
    """What a dry run would rebuild (report id → reason), with data from ``data`` if given."""
    cli = [sys.executable, "-m", "ipcompare.cli", "build", "--config", CONFIG, "--out", str(out),
           "--dry-run"]
    stdout = _run(cli, {**env, "IPCOMPARE_DATA": str(data)} if data else env)
    return {line.split()[2].rstrip(":"): line.split(": ", 1)[1]
            for line in stdout.splitlines() if line.startswith("would build ")}


def _edited_copy(tmp_path: Path, old: str, new: str) -> Path:
    """A copy of data/ in which Wuhan's plan has ``old`` (found once) replaced by ``new``."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    wuhan = data / "documents" / "000_10f3eac1c0e8d1fc.txt"
    text = wuhan.read_text(encoding="utf-8")
    assert text.count(old) == 1
    wuhan.write_text(text.replace(old, new), encoding="utf-8")
    return data


def test_nothing_changed_nothing_to_build(built) -> None:
    assert _would_build(*built) == {}


def test_changing_one_target_rebuilds_exactly_its_readers(built, tmp_path: Path) -> None:
    # one target no other plan shares changes its value (100 → 120 operation talents)
    data = _edited_copy(tmp_path, "培养100名以上知识产权运营专业技术人才",
                        "培养120名以上知识产权运营专业技术人才")
    would = _would_build(*built, data)
    assert set(would) == {
        "jurisdiction_profile:wuhan:en", "jurisdiction_profile:wuhan:zh",  # its own profile
        "comparison:en", "comparison:zh",                                  # reports comparing it
        "data_audit:en", "data_audit:zh",
    }
    assert would["comparison:en"] == "document:wuhan changed"
    assert would["jurisdiction_profile:wuhan:zh"] == "document:wuhan changed; peers:wuhan changed"


def test_changing_a_shared_indicator_also_rebuilds_the_plans_compared_on_it(
        built, tmp_path: Path) -> None:
    # Wuhan's invention-patent stock (45000件 → 46000件): invention patents in force are also
    # targeted by Nantong and Qingdao (per 10,000 residents) and by Sichuan's reference figures,
    # so their profiles compare with the new figure, and the indicator's reports show it
    data = _edited_copy(tmp_path, "分别突破45000件和2000件", "分别突破46000件和2000件")
    would = _would_build(*built, data)
    assert set(would) == {
        "jurisdiction_profile:wuhan:en", "jurisdiction_profile:wuhan:zh",
        "jurisdiction_profile:nantong:en", "jurisdiction_profile:nantong:zh",
        "jurisdiction_profile:qingdao:en", "jurisdiction_profile:qingdao:zh",
        "jurisdiction_profile:sichuan:en", "jurisdiction_profile:sichuan:zh",
        "indicator:invention_patents_owned:en", "indicator:invention_patents_owned:zh",
        "comparison:en", "comparison:zh", "data_audit:en", "data_audit:zh",
    }
    assert would["jurisdiction_profile:nantong:en"] == "peers:nantong changed"
    assert would["indicator:invention_patents_owned:zh"] == "indicator:invention_patents_owned changed"
    # Shijiazhuang states no invention-patent target: nothing it reads changed
    assert not any("shijiazhuang" in r for r in would)

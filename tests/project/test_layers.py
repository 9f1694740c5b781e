"""The stage layers hold: import-linter's contracts (pyproject.toml, [tool.importlinter]) pass on
the package, and a wrong-way import breaks them (so CI fails on one)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src"


def _lint_imports(src: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run ``lint-imports`` with the project's contracts on the package under ``src``."""
    exe = Path(sys.executable).with_name("lint-imports")
    found = str(exe) if exe.is_file() else shutil.which("lint-imports")
    assert found, "lint-imports not found: pip install -e '.[test]' (import-linter)"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(src), *filter(None, [os.environ.get("PYTHONPATH")])])}
    return subprocess.run([found, "--no-logo", "--no-cache", str(ROOT / "pyproject.toml")],
                          cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def test_the_package_keeps_its_layers() -> None:
    proc = _lint_imports(SRC, ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 broken" in proc.stdout


def test_a_wrong_way_import_breaks_the_contracts(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(SRC / "ipcompare", src / "ipcompare",
                    ignore=shutil.ignore_patterns("__pycache__", "_fonts", "templates"))
    config = src / "ipcompare" / "sections" / "config.py"
    config.write_text(config.read_text(encoding="utf-8") + "\nfrom ..site import plan  # noqa\n",
                      encoding="utf-8")
    coverage = src / "ipcompare" / "analysis" / "coverage.py"
    coverage.write_text(coverage.read_text(encoding="utf-8")
                        + "\nfrom ..corpus import tables  # noqa\n", encoding="utf-8")
    proc = _lint_imports(src, tmp_path)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Stages import only from their own or lower layers BROKEN" in proc.stdout
    assert "ipcompare.sections.config -> ipcompare.site.plan" in proc.stdout
    assert "Analysis is pure: no corpus tables, no corpus wrappers BROKEN" in proc.stdout
    assert "ipcompare.analysis.coverage -> ipcompare.corpus.tables" in proc.stdout

"""Project-level checks: environment files in step, data files readable, CI and README wiring.

The slow end-to-end test clones the committed HEAD and runs ``make reports`` in a fresh virtual
environment; it runs only when CI=true or IPCOMPARE_E2E=1.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import stat
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

try:
    from packaging.requirements import InvalidRequirement, Requirement
except ImportError:  # packaging is optional: fall back to a small regex
    Requirement = None  # type: ignore[assignment,misc]
    InvalidRequirement = ValueError  # type: ignore[assignment,misc]

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
SEEDS = ROOT.parent / "shared" / "seeds"

#: PyPI name (normalized) -> conda-forge name, where they differ
CONDA_NAMES = {
    "matplotlib": "matplotlib-base",
    "pandera": "pandera-core",
    "pyyaml": "pyyaml",
}
#: environment.yml entries that are not dependencies of the package
NOT_DEPENDENCIES = {"python", "pip"}
JURISDICTIONS = {"wuhan", "shijiazhuang", "sichuan", "nantong", "qingdao"}
E2E_TIMEOUT_S = 900

_SPEC = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*(.*?)\s*(?:;.*)?$")


def _normalize(name: str) -> str:
    """Return a package name normalized as PEP 503 does."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _lower_bound(spec: str) -> tuple[str, str | None]:
    """Return (normalized name, version after '>=' or None) of a requirement string."""
    if Requirement is not None:
        try:
            req = Requirement(spec)
        except InvalidRequirement:
            pass
        else:
            bounds = [s.version for s in req.specifier if s.operator == ">="]
            return _normalize(req.name), (bounds[0] if len(bounds) == 1 else None)
    match = _SPEC.match(spec)
    assert match, f"cannot parse requirement {spec!r}"
    bounds = re.findall(r">=\s*([0-9][0-9A-Za-z.*+!-]*)", match.group(2))
    return _normalize(match.group(1)), (bounds[0] if len(bounds) == 1 else None)


def _pyproject() -> dict:
    """Return the parsed pyproject.toml."""
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _pyproject_bounds() -> dict[str, str | None]:
    """Return {conda-side name: lower bound} for runtime and every extra's dependencies."""
    project = _pyproject()["project"]
    specs = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():  # test, distributed, …
        specs += extra
    bounds: dict[str, str | None] = {}
    for spec in specs:
        name, bound = _lower_bound(spec)
        assert name not in bounds, f"{name} listed twice in pyproject.toml"
        bounds[CONDA_NAMES.get(name, name)] = bound
    return bounds


def _environment() -> tuple[list[str], list[str]]:
    """Return (conda specs, pip specs) of environment.yml."""
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda: list[str] = []
    pip: list[str] = []
    for entry in env["dependencies"]:
        if isinstance(entry, dict):
            assert set(entry) == {"pip"}, f"unexpected section {entry!r} in environment.yml"
            pip.extend(entry["pip"])
        else:
            conda.append(str(entry))
    return conda, pip


def _environment_bounds() -> dict[str, str | None]:
    """Return {conda-side name: lower bound} for the dependencies in environment.yml."""
    conda, pip = _environment()
    bounds: dict[str, str | None] = {}
    for spec in conda:
        name = _normalize(re.split(r"[\s=<>!~]", spec.strip(), maxsplit=1)[0])
        if name in NOT_DEPENDENCIES:
            continue
        name, bound = _lower_bound(spec)
        assert name not in bounds, f"{name} listed twice in environment.yml"
        bounds[name] = bound
    for spec in pip:
        if spec.strip().startswith("-"):  # options such as "-e ."
            continue
        name, bound = _lower_bound(spec)
        assert name not in bounds, f"{name} listed twice in environment.yml"
        bounds[CONDA_NAMES.get(name, name)] = bound
    return bounds


def _registry() -> list[dict[str, str]]:
    """Return the rows of data/registry.csv."""
    with (DATA / "registry.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _git(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """Run git and capture its output."""
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)


def _clean_env(**extra: str) -> dict[str, str]:
    """Return os.environ without the variables an enclosing make or venv would leak."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES", "VIRTUAL_ENV",
                     "PYTHONPATH", "PYTHONHOME", "IPCOMPARE_DATA", "PYTEST_ADDOPTS"}
    }
    env.update(extra)
    return env


# --- parsing helpers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("pandas>=2.1", ("pandas", "2.1")),
        ("PyYAML >=6.0", ("pyyaml", "6.0")),
        ("cn2an>=0.5.22", ("cn2an", "0.5.22")),
        ("ruff>=0.5,<1", ("ruff", "0.5")),
        ("jupyter_core", ("jupyter-core", None)),
    ],
)
def test_lower_bound_parses_requirements(spec: str, expected: tuple[str, str | None]) -> None:
    assert _lower_bound(spec) == expected


# --- (a) environment.yml mirrors pyproject.toml ----------------------------------------------


def test_pyproject_dependencies_have_lower_bounds() -> None:
    bounds = _pyproject_bounds()
    unbounded = sorted(name for name, bound in bounds.items() if bound is None)
    assert unbounded == [], f"give these a single '>=' lower bound in pyproject.toml: {unbounded}"
    assert bounds["pandera-core"] == "0.20"
    assert bounds["cn2an"] == "0.5.22"


def test_environment_yml_matches_pyproject() -> None:
    pyproject = _pyproject_bounds()
    environment = _environment_bounds()
    missing = sorted(set(pyproject) - set(environment))
    extra = sorted(set(environment) - set(pyproject))
    assert missing == [], f"in pyproject.toml but not in environment.yml: {missing}"
    assert extra == [], f"in environment.yml but not in pyproject.toml: {extra}"
    differ = {n: (pyproject[n], environment[n]) for n in pyproject if pyproject[n] != environment[n]}
    assert differ == {}, f"lower bounds differ (pyproject, environment.yml): {differ}"


def test_environment_yml_python_channel_and_editable_install() -> None:
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda, pip = _environment()
    assert env["channels"] == ["conda-forge"]
    assert "python=3.11" in conda
    assert "pip" in conda
    assert "-e ." in pip
    assert _pyproject()["project"]["requires-python"] == ">=3.11"


# --- (b) data files ----------------------------------------------------------------------------


def test_registry_files_exist_and_are_strict_utf8() -> None:
    rows = _registry()
    assert {row["jurisdiction"] for row in rows} >= JURISDICTIONS
    for row in rows:
        path = DATA / "documents" / row["file"]
        assert path.is_file(), f"registry row {row['document']!r}: {path} missing"
        text = path.read_bytes().decode("utf-8", errors="strict")
        assert text.strip(), f"{path} is empty"


def test_every_document_file_is_registered() -> None:
    listed = {row["file"] for row in _registry()}
    present = {p.name for p in (DATA / "documents").iterdir() if p.is_file()}
    assert present - listed == set(), "files in data/documents/ without a row in data/registry.csv"


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed copies not available at {SEEDS}")
def test_documents_are_byte_identical_to_seeds() -> None:
    for row in _registry():
        seed = SEEDS / row["file"]
        if seed.is_file():
            assert (DATA / "documents" / row["file"]).read_bytes() == seed.read_bytes(), row["file"]


# --- (c) CI entry point --------------------------------------------------------------------------


def test_ci_run_is_executable_and_calls_make_test() -> None:
    run = ROOT / ".ci" / "run"
    assert run.stat().st_mode & stat.S_IXUSR, ".ci/run is not executable (chmod +x .ci/run)"
    lines = [ln.strip() for ln in run.read_text(encoding="utf-8").splitlines()]
    assert lines[0] in {"#!/usr/bin/env bash", "#!/bin/bash"}
    assert "set -euo pipefail" in lines
    commands = [ln for ln in lines if ln and not ln.startswith("#")]
    assert any(re.match(r"^(exec\s+)?make\s+(\S+\s+)*test(\s|$)", ln) for ln in commands)


def test_ci_run_executable_bit_in_git_index() -> None:
    if shutil.which("git") is None or _git("rev-parse", "--git-dir").returncode != 0:
        pytest.skip("not a git checkout")
    staged = _git("ls-files", "--stage", "--", ".ci/run").stdout.split()
    if not staged:
        pytest.skip(".ci/run is not tracked yet")
    assert staged[0] == "100755", "commit .ci/run with its executable bit (git update-index --chmod=+x)"


# --- (d) README quick start --------------------------------------------------------------------


def test_readme_quick_start_commands_in_order() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"^## Quick start\s*$(.*?)(?=^## |\Z)", readme, flags=re.M | re.S)
    assert match, "README.md has no '## Quick start' section"
    section = match.group(1)
    positions = [section.find(cmd) for cmd in ("git clone", "make test", "make reports", "make lab")]
    assert -1 not in positions, f"missing command in quick start: {positions}"
    assert positions == sorted(positions)


def test_gitignore_keeps_reports_readme_only() -> None:
    if shutil.which("git") is None or _git("rev-parse", "--git-dir").returncode != 0:
        pytest.skip("not a git checkout")
    ignored = _git("check-ignore", "--no-index", "reports/targets.csv", "reports/README.md",
                   ".venv/bin/python", "src/ipcompare/__pycache__/x.pyc").stdout.split()
    assert ignored == ["reports/targets.csv", ".venv/bin/python", "src/ipcompare/__pycache__/x.pyc"]


# --- Makefile ----------------------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("make") is None, reason="make not installed")
@pytest.mark.parametrize(
    "target", ["help", "install", "test", "lint", "reports", "lab", "bench", "clean", "distclean"]
)
def test_make_dry_run(target: str, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    result = subprocess.run(
        ["make", "-n", "-C", str(ROOT), target, f"VENV={venv}"],
        capture_output=True, text=True, env=_clean_env(), check=False, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert not venv.exists()


@pytest.mark.skipif(shutil.which("make") is None, reason="make not installed")
def test_make_install_refuses_old_python(tmp_path: Path) -> None:
    fake = tmp_path / "python-old"
    fake.write_text("#!/bin/sh\n[ \"$1\" = --version ] && echo 'Python 3.10.12'\nexit 1\n")
    fake.chmod(0o755)
    venv = tmp_path / "venv"
    result = subprocess.run(
        ["make", "-C", str(ROOT), "install", f"VENV={venv}", f"PYTHON={fake}"],
        capture_output=True, text=True, env=_clean_env(), check=False, timeout=60,
    )
    assert result.returncode != 0
    assert "needs Python 3.11 or newer" in result.stderr
    assert "Python 3.10.12" in result.stderr
    assert not venv.exists()


# --- (e) end to end: clean clone, make reports ---------------------------------------------------


@pytest.mark.slow
@pytest.mark.skipif(
    os.environ.get("CI") != "true" and os.environ.get("IPCOMPARE_E2E") != "1",
    reason="end-to-end clone + install; set IPCOMPARE_E2E=1 (or CI=true) to run",
)
def test_clean_clone_make_reports(tmp_path: Path) -> None:
    for tool in ("git", "make"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is needed for the end-to-end test")
    if _git("rev-parse", "--verify", "HEAD").returncode != 0:
        pytest.skip("the repository has no commit yet; the end-to-end test clones HEAD")
    clone = tmp_path / "clone"
    cloned = _git("clone", "--quiet", str(ROOT), str(clone), cwd=tmp_path)
    assert cloned.returncode == 0, cloned.stderr

    venv = tmp_path / "venv"
    try:
        result = subprocess.run(
            ["make", "-C", str(clone), "reports", f"VENV={venv}", f"PYTHON={sys.executable}",
             # two reports are enough to show the site builds from a clean clone; the whole
             # site is built by tests/test_site_browser.py's subset and by `make reports` itself
             "BUILD_ARGS=--only data_audit:en --only jurisdiction_profile:sichuan:zh"],
            capture_output=True, text=True, stdin=subprocess.DEVNULL, env=_clean_env(),
            check=False, timeout=E2E_TIMEOUT_S,
        )
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"make reports took more than {E2E_TIMEOUT_S} s: {exc}")
    output = (result.stdout + result.stderr)[-6000:]
    assert result.returncode == 0, output

    targets = clone / "reports" / "targets.csv"
    assert targets.is_file(), output
    assert (clone / "reports" / "targets.xlsx").is_file(), output
    index = (clone / "reports" / "index.html").read_text(encoding="utf-8")
    assert index.count('<span class="ok">ok</span>') == 2, output
    with targets.open(encoding="utf-8", newline="") as fh:
        found = {row["jurisdiction"] for row in csv.DictReader(fh)}
    assert found >= JURISDICTIONS, f"no targets for {sorted(JURISDICTIONS - found)}"

"""What a build will do: one job per report (a notebook with one parameter set), its cache
key, why it must run, and the manifest of the last build.

Decisions (what the module promises)
    A report's cache key hashes what its output depends on and nothing else: the notebook's
    cell sources (not outputs or metadata), its parameters, the fingerprints of its declared
    inputs (:mod:`ipcompare.site.inputs`) and the library code. :func:`why` names the part
    that changed, so ``ipcompare build --dry-run`` can say why each report would run. Every
    parameter set is checked (:func:`ipcompare.sections.config.check_params`) while planning,
    so a bad one stops the build before any kernel starts or any file is written.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

from ..errors import DataError, IpcompareError, syntax_problem
from ..sections.config import (
    ReportSpec,
    check_params,
    load_config,
    parameter_sets,
    report_id,
    report_page,
    spec_title,
)
from ..versions import code_version, data_version

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Job:
    """One report to build: a notebook with one parameter set."""

    id: str
    report: str
    notebook: str
    params: dict[str, Any]
    title: str
    html: str  # path relative to the output directory
    key: str
    parts: dict[str, Any] = field(default_factory=dict, compare=False)


@dataclass
class Result:
    """What happened to one job."""

    id: str
    report: str
    title: str
    params: dict[str, Any]
    html: str
    key: str
    status: str  # ok | failed | cached | interrupted (| would_build in a dry run)
    parts: dict[str, Any] = field(default_factory=dict)
    built_at: str = ""
    seconds: float = 0.0
    data_version: str = ""
    error: str = ""
    error_page: str = ""
    failed_cell: int | None = None  # 0-based index in the .ipynb (papermill's cell not counted)
    failed_cell_source: str = ""  # the failing cell's first line


def _sha(*parts: bytes) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(hashlib.sha256(p).digest())
    return h.hexdigest()


def notebook_fingerprint(path: Path) -> str:
    """Hash of a notebook's cell sources (outputs and metadata do not change a report)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    cells = [(c.get("cell_type"), "".join(c.get("source", ""))) for c in nb.get("cells", [])]
    return _sha(json.dumps(cells, ensure_ascii=False).encode())[:12]


def key_parts(spec: ReportSpec, params: dict[str, Any]) -> dict[str, Any]:
    """What one report's output depends on: its notebook, parameters, inputs and the code."""
    from .inputs import fingerprints

    return {"notebook": notebook_fingerprint(spec.notebook),
            "params": json.dumps(params, sort_keys=True, ensure_ascii=False),
            "inputs": fingerprints(spec.inputs, params),
            "code": code_version()}


def cache_key(parts: dict[str, Any]) -> str:
    """The cache key of one report from its parts."""
    return _sha(json.dumps(parts, sort_keys=True, ensure_ascii=False).encode())[:16]


def why(job: Job, previous: dict | None, out_dir: Path) -> str:
    """Why a report must be built (empty when it is up to date)."""
    if not previous:
        return "never built"
    if previous.get("status") == "failed":
        return "last build failed"
    if previous.get("status") == "interrupted":
        return "last build was interrupted"
    if not (out_dir / job.html).is_file():
        return "output missing"
    if previous.get("key") == job.key:
        return ""
    old = previous.get("parts") or {}
    reasons = [name for name in ("notebook", "params", "code") if old.get(name) != job.parts[name]]
    old_inputs = old.get("inputs") or {}
    changed = [k for k, v in job.parts["inputs"].items() if old_inputs.get(k) != v]
    reasons += [f"{k} changed" if k != "shared" else "shared data changed" for k in changed]
    return "; ".join(r if " " in r else f"{r} changed" for r in reasons) or "key changed"


def make_job(spec: ReportSpec, params: dict[str, Any]) -> Job:
    """Build the job of one report with checked parameters."""
    jid = report_id(spec, params)
    parts = key_parts(spec, params)
    return Job(jid, spec.name, str(spec.notebook), params, spec_title(spec, params),
               report_page(spec, params), cache_key(parts), parts)


def read_config(config: str | Path) -> dict[str, ReportSpec]:
    """The report set of a configuration file; a YAML syntax error names the file and line."""
    import yaml

    try:
        return load_config(config)
    except yaml.YAMLError as exc:
        raise DataError(syntax_problem(config, exc)) from None


def plan(config: str | Path, only: Sequence[str] | None = None) -> list[Job]:
    """Every job of the report set (or those matching ``only`` patterns such as
    ``jurisdiction_profile:wuhan:zh``, ``indicator:*:en`` or ``data_audit``)."""
    specs = read_config(config)
    jobs = [make_job(s, p) for s in specs.values() for p in parameter_sets(s)]
    _check_distinct_pages(jobs)
    if only:
        patterns = list(only)
        selected = [j for j in jobs if any(matches(j.id, p) for p in patterns)]
        unmatched = [p for p in patterns if not any(matches(j.id, p) for j in jobs)]
        if unmatched:
            raise IpcompareError(
                f"--only {unmatched[0]!r} matches no report; reports are e.g. "
                + ", ".join(j.id for j in jobs[:6]) + f" … ({len(jobs)} in all)"
            )
        jobs = selected
    return jobs


def _check_distinct_pages(jobs: list[Job]) -> None:
    """Two reports whose ids slug to one file name (``a b`` and ``a_b``) would overwrite each
    other's page: refused, naming both."""
    seen: dict[str, str] = {}
    for j in jobs:
        other = seen.setdefault(j.html, j.id)
        if other != j.id:
            raise IpcompareError(f"reports {other!r} and {j.id!r} would both be written to {j.html}; "
                                 "rename one of the ids (letters, digits, _ . - only)")


def matches(job_id: str, pattern: str) -> bool:
    """True when a report id matches an ``--only`` pattern (glob, id prefix or the id itself)."""
    return fnmatchcase(job_id, pattern) or job_id.startswith(pattern + ":") or job_id == pattern


def job_for(config: str | Path, report: str, params: dict[str, Any]) -> Job:
    """A job for explicit parameters (checked before any kernel starts)."""
    specs = read_config(config)
    if report not in specs:
        raise IpcompareError(f"unknown report {report!r}; valid: {', '.join(specs)}")
    spec = specs[report]
    return make_job(spec, check_params(spec, params))


def load_manifest(out_dir: Path) -> dict[str, dict]:
    """The previous build's results, by report id."""
    p = out_dir / MANIFEST
    if not p.is_file():
        return {}
    try:
        return {r["id"]: r for r in json.loads(p.read_text(encoding="utf-8"))["reports"]}
    except (ValueError, KeyError, TypeError):
        return {}


def tree_fingerprint(config: str | Path) -> str:
    """Hash of everything a build reads: data files, the methods text, notebooks and their
    configuration, code."""
    cfg = Path(config).resolve()
    nbs = sorted(p for p in cfg.parent.glob("*") if p.is_file() and p.suffix in (".ipynb", ".yaml"))
    from .methods import methods_fingerprint

    return _sha(data_version().encode(), code_version().encode(), methods_fingerprint().encode(),
                *(p.name.encode() + p.read_bytes() for p in nbs))[:16]

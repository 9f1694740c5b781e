"""The report set as data (notebooks/reports.yaml): notebooks, documented parameters, matrices.

Parameters are checked here, before any kernel starts: an unknown name, a wrong type, a value
outside the allowed ones or a missing required parameter raise :class:`ParameterError` naming
the valid values (papermill itself only warns on unknown parameters).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..caching import data_cache
from ..errors import IpcompareError

TYPES: dict[str, type] = {"str": str, "int": int, "float": float, "bool": bool, "list": list}

INPUT_KINDS = ("shared", "document", "documents", "peers", "indicator")
"""What a report may declare under ``inputs:`` (fingerprinted by :mod:`ipcompare.site.inputs`)."""


class ParameterError(IpcompareError, ValueError):
    """A report parameter is unknown, of the wrong type, not allowed or missing."""


class ConfigError(IpcompareError):
    """The report configuration file is malformed."""


@dataclass(frozen=True)
class ParamSpec:
    """One documented notebook parameter."""

    name: str
    type: str
    default: Any = None
    choices: tuple | None = None
    item_type: str | None = None
    doc: str = ""
    required: bool = False


@dataclass(frozen=True)
class ReportSpec:
    """One notebook of the report set, its parameters and the parameter sets to build."""

    name: str
    notebook: Path
    title: dict[str, str]
    params: dict[str, ParamSpec]
    matrix: dict[str, tuple]
    fixed: dict[str, Any] = field(default_factory=dict)
    inputs: tuple[str, ...] = ("shared", "documents")


def _shared_indicators() -> list[str]:
    from ..api import targets

    t = targets(distinct=True, milestones=False)
    counts = t.dropna(subset=["indicator"]).groupby("indicator")["jurisdiction"].nunique()
    return sorted(counts[counts >= 2].index)


def _jurisdictions() -> list[str]:
    from ..corpus.registry import jurisdiction_ids

    return jurisdiction_ids()


def _indicators() -> list[str]:
    from ..vocab.taxonomy import taxonomy

    return taxonomy()["indicator"].tolist()


#: value lists computed from the data, named with @ in the configuration
DYNAMIC: dict[str, Callable[[], list[str]]] = {
    "@jurisdictions": _jurisdictions,
    "@indicators": _indicators,
    "@shared_indicators": _shared_indicators,
}


def resolve(values: Any) -> tuple:
    """Expand an @name into its list of values; return literal lists as tuples."""
    if isinstance(values, str) and values.startswith("@"):
        if values not in DYNAMIC:
            raise ConfigError(f"unknown value list {values!r}; valid: {sorted(DYNAMIC)}")
        return tuple(DYNAMIC[values]())
    if isinstance(values, list | tuple):
        return tuple(values)
    raise ConfigError(f"expected a list or an @name, got {values!r}")


def _param(name: str, raw: Mapping[str, Any], where: str) -> ParamSpec:
    t = raw.get("type")
    if t not in TYPES:
        raise ConfigError(f"{where}: parameter {name!r} has type {t!r}; valid: {sorted(TYPES)}")
    choices = raw.get("choices")
    return ParamSpec(
        name, t, raw.get("default"), choices if isinstance(choices, str) else
        (tuple(choices) if choices is not None else None), raw.get("item_type"),
        str(raw.get("doc", "")), bool(raw.get("required", False)),
    )


@data_cache
def _load(path: Path, _mtime: float) -> dict[str, ReportSpec]:  # _mtime: part of the cache key
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(raw.get("reports"), dict):
        raise ConfigError(f"{path}: needs a mapping 'reports'")
    out: dict[str, ReportSpec] = {}
    for name, r in raw["reports"].items():
        where = f"{path}: report {name!r}"
        nb = path.parent / r.get("notebook", "")
        if not nb.is_file():
            raise ConfigError(f"{where}: notebook {nb} not found")
        params = {k: _param(k, v, where) for k, v in (r.get("parameters") or {}).items()}
        matrix = {k: v for k, v in (r.get("matrix") or {}).items()}
        unknown = sorted(set(matrix) - set(params))
        if unknown:
            raise ConfigError(f"{where}: matrix names unknown parameters {unknown}")
        title = r.get("title") or {}
        inputs = tuple(r.get("inputs") or ("shared", "documents"))
        bad = sorted(set(inputs) - set(INPUT_KINDS))
        if bad:
            raise ConfigError(f"{where}: unknown inputs {bad}; valid: {list(INPUT_KINDS)}")
        out[name] = ReportSpec(name, nb, dict(title), params, matrix,
                               dict(r.get("fixed") or {}), inputs)
    return out


def load_config(path: str | Path) -> dict[str, ReportSpec]:
    """Load and check the report configuration."""
    p = Path(path).resolve()
    if not p.is_file():
        raise ConfigError(f"report configuration {p} not found")
    return _load(p, p.stat().st_mtime)


def _allowed(spec: ParamSpec) -> tuple | None:
    if spec.choices is None:
        return None
    return resolve(spec.choices) if isinstance(spec.choices, str) else spec.choices


def check_params(report: ReportSpec, given: Mapping[str, Any]) -> dict[str, Any]:
    """Check parameters against the report's documented ones; return the full parameter set."""
    unknown = sorted(set(given) - set(report.params))
    if unknown:
        raise ParameterError(
            f"{report.name}: unknown parameter(s) {unknown}; valid: {sorted(report.params)}"
        )
    out: dict[str, Any] = {}
    for name, spec in report.params.items():
        if name not in given:
            if spec.required:
                raise ParameterError(f"{report.name}: missing required parameter {name!r} "
                                     f"({spec.type}: {spec.doc})")
            out[name] = spec.default
            continue
        value = given[name]
        want = TYPES[spec.type]
        if not isinstance(value, want) or (want is int and isinstance(value, bool)):
            raise ParameterError(f"{report.name}: parameter {name!r} must be {spec.type}, "
                                 f"got {type(value).__name__} {value!r}")
        allowed = _allowed(spec)
        items = value if spec.type == "list" else [value]
        if spec.type == "list" and spec.item_type:
            bad = [v for v in items if not isinstance(v, TYPES[spec.item_type])]
            if bad:
                raise ParameterError(f"{report.name}: items of {name!r} must be {spec.item_type}, "
                                     f"got {bad!r}")
        if allowed is not None:
            bad = [v for v in items if v not in allowed]
            if bad:
                raise ParameterError(f"{report.name}: {name}={bad[0]!r} is not allowed; valid: "
                                     f"{', '.join(map(str, allowed))}")
        out[name] = value
    return out


def parameter_sets(report: ReportSpec) -> list[dict[str, Any]]:
    """Every parameter set of a report's matrix, checked."""
    names = list(report.matrix)
    values = [resolve(report.matrix[n]) for n in names]
    sets = []
    for combo in itertools.product(*values):
        given = dict(report.fixed)
        given.update(zip(names, combo, strict=True))
        sets.append(check_params(report, given))
    return sets


def report_id(report: ReportSpec, params: Mapping[str, Any]) -> str:
    """Stable id of one report: the notebook name and its matrix values (comparison:en)."""
    parts = [report.name] + [str(params[n]) for n in report.matrix]
    return ":".join(parts)


def report_page(report: ReportSpec, params: Mapping[str, Any]) -> str:
    """Where one report's HTML lives, relative to the site's root
    (``jurisdiction_profile/jurisdiction_profile__wuhan__en.html``)."""
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "_", report_id(report, params).replace(":", "__"))
    return f"{report.name}/{slug}.html"


DEFAULT_CONFIG = Path(__file__).resolve().parents[3] / "notebooks" / "reports.yaml"
"""The report set of a source checkout (an installed package has none)."""


def report_title(report_name: str, params: Mapping[str, Any], config: str | Path | None = None) -> str:
    """The report's title in its language, as the report set configuration words it.

    ``config`` defaults to the ``notebooks/reports.yaml`` of a source checkout; an installed
    package has none, and then the title is the report's name, capitalized. The title's
    ``{name_en}``/``{name_zh}`` and ``{indicator_en}``/``{indicator_zh}`` fields are filled
    from the registry and the taxonomy; a title naming another field is shown as written.
    """
    path = Path(config) if config else DEFAULT_CONFIG
    lang = params.get("lang", "en")
    try:
        spec = load_config(path)[report_name]
        fmt = spec.title.get(lang) or spec.title.get("en") or report_name
    except Exception:  # noqa: BLE001 - an installed package has no notebooks/: a plain title
        fmt = report_name.replace("_", " ").capitalize()
    return fill_title(fmt, params)


def spec_title(spec: ReportSpec, params: Mapping[str, Any]) -> str:
    """The title of one report of a loaded configuration, in the parameters' language."""
    lang = params.get("lang", "en")
    return fill_title(spec.title.get(lang) or spec.title.get("en") or spec.name, params)


def fill_title(fmt: str, params: Mapping[str, Any]) -> str:
    """Fill a title's ``{name_en}``… and ``{indicator_en}``… fields from the registry and the
    taxonomy (and any parameter); a title naming another field is returned as written."""
    from ..corpus.registry import registry_row
    from ..vocab.taxonomy import load_taxonomy

    fields = dict(params)
    if "jurisdiction" in params:
        row = registry_row(params["jurisdiction"])
        fields.update(name_en=row["name_en"], name_zh=row["name_zh"])
    if "indicator" in params:
        ind = load_taxonomy().indicator(params["indicator"])
        fields.update(indicator_en=ind.en, indicator_zh=ind.zh)
    try:
        return fmt.format(**fields)
    except (KeyError, IndexError):
        return fmt

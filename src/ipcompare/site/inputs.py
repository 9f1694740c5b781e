"""What each report reads, as fingerprints: the basis of cache keys that rebuild exactly the
reports a change touches.

A report declares its inputs in notebooks/reports.yaml (``inputs:``):

- ``shared``: every data file except the plan texts (registry, taxonomy, lexicon, reference
  data, corrections, label and template files);
- ``document``: the text of the report's own plan (parameter ``jurisdiction``);
- ``documents``: the texts of the selected plans (parameter ``jurisdictions``; empty: all);
- ``peers``: the targets of every plan on the indicators the report's plan states, i.e. what
  a profile compares its plan with;
- ``indicator``: the targets of every plan on the report's indicator (parameter ``indicator``).

``peers`` and ``indicator`` hash extracted rows, not files: editing one plan's text rebuilds
another plan's profile only when the figures it compares with actually change.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from ..caching import data_cache
from ..paths import data_dir
from ..sections.config import INPUT_KINDS

_ROW_COLUMNS = ["target_id", "jurisdiction", "indicator", "quote", "start", "end", "value",
                "value_high", "unit_mult", "unit", "comparator", "measure", "target_year",
                "status", "category"]


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


@data_cache
def shared_fingerprint() -> str:
    """Hash of every data file except the plan texts."""
    root = data_dir()
    h = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        if p.is_file() and "documents" not in p.relative_to(root).parts and p.suffix != ".md":
            h.update(p.relative_to(root).as_posix().encode() + b"\0" + p.read_bytes())
    return h.hexdigest()[:16]


@data_cache
def document_fingerprint(jurisdiction: str) -> str:
    """Hash of one registered plan's file."""
    from ..corpus.registry import registry_row

    return _sha(data_dir().joinpath("documents", registry_row(jurisdiction)["file"]).read_bytes())


def _rows_fingerprint(rows: Any) -> str:
    cols = [c for c in _ROW_COLUMNS if c in rows.columns]
    return _sha(rows[cols].sort_values("target_id").to_csv(index=False).encode("utf-8"))


@data_cache
def _stated() -> Any:
    from ..corpus.tables import corpus_targets

    t = corpus_targets().table
    return t[t["status"] != "restated"]


def peers_fingerprint(jurisdiction: str) -> str:
    """Hash of all plans' targets on the indicators a plan states."""
    t = _stated()
    own = set(t.loc[t["jurisdiction"] == jurisdiction, "indicator"].dropna())
    return _rows_fingerprint(t[t["indicator"].isin(own)])


def indicator_fingerprint(indicator: str) -> str:
    """Hash of all plans' targets on one indicator."""
    t = _stated()
    return _rows_fingerprint(t[t["indicator"] == indicator])


def fingerprints(kinds: tuple[str, ...], params: Mapping[str, Any]) -> dict[str, str]:
    """The fingerprint of each declared input of a report with these parameters."""
    from ..corpus.registry import jurisdiction_ids

    out: dict[str, str] = {}
    for kind in kinds:
        if kind == "shared":
            out[kind] = shared_fingerprint()
        elif kind == "document":
            out[f"document:{params['jurisdiction']}"] = document_fingerprint(params["jurisdiction"])
        elif kind == "documents":
            for j in params.get("jurisdictions") or jurisdiction_ids():
                out[f"document:{j}"] = document_fingerprint(j)
        elif kind == "peers":
            out[f"peers:{params['jurisdiction']}"] = peers_fingerprint(params["jurisdiction"])
        elif kind == "indicator":
            out[f"indicator:{params['indicator']}"] = indicator_fingerprint(params["indicator"])
        else:
            raise ValueError(f"unknown input kind {kind!r}; valid: {INPUT_KINDS}")
    return out


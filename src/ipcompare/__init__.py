"""ipcompare: compare Chinese local intellectual-property policy plans on one common footing.

>>> import ipcompare as ipc
>>> t = ipc.targets()                      # every target of every plan, one tidy table
>>> ipc.targets(["nantong"], distinct=True)
>>> ipc.extract_targets("到2020年，全市发明专利拥有量突破45000件。")
>>> ipc.compare(basis="per_10k_residents")  # plans side by side, indicator by indicator

The names below load their modules on first use, so ``import ipcompare`` (and the
``ipcompare build`` command when nothing changed) stays fast.
"""

from __future__ import annotations

import importlib
from typing import Any

from .errors import DocumentError, IpcompareError, SchemaError, UnknownIdError

__version__ = "0.1.0"

#: public name -> (module, attribute); no module is named like a public function
_LAZY: dict[str, tuple[str, str]] = {
    "targets": ("api", "targets"),
    "extract_targets": ("api", "extract_targets"),
    "jurisdictions": ("api", "jurisdictions"),
    "taxonomy": ("api", "taxonomy"),
    "clear_cache": ("api", "clear_cache"),
    "categories": ("vocab.taxonomy", "categories"),
    "classify": ("vocab.taxonomy", "classify"),
    "compare": ("api", "compare"),
    "comparability": ("api", "comparability"),
    "measure_checks": ("api", "measure_checks"),
    "outcomes": ("api", "outcomes"),
    "populations": ("api", "populations"),
    "attainment": ("api", "attainment"),
    "ambition": ("api", "ambition"),
    "unmatched_outcomes": ("api", "unmatched_outcomes"),
    "compare_long": ("analysis.comparison", "compare_long"),
    "widen": ("analysis.comparison", "widen"),
    "coverage": ("api", "coverage"),
    "measures": ("api", "measures"),
    "actions": ("api", "actions"),
    "agencies": ("api", "agencies"),
    "stages": ("api", "stages"),
    "build_targets": ("corpus.tables", "build_targets"),
    "document_from_file": ("corpus.registry", "document_from_file"),
    "jurisdiction_ids": ("corpus.registry", "jurisdiction_ids"),
    "load_document": ("corpus.registry", "load_document"),
    "Document": ("corpus.documents", "Document"),
    "COLUMNS": ("extract.targets", "COLUMNS"),
}

__all__ = [
    "DocumentError", "IpcompareError", "SchemaError", "UnknownIdError", "__version__",
    *sorted(_LAZY),
]


def __getattr__(name: str) -> Any:
    """Load a public name's module on first use."""
    if name in _LAZY:
        module, attr = _LAZY[name]
        value = getattr(importlib.import_module(f".{module}", __name__), attr)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'ipcompare' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))

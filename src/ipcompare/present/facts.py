"""Facts a sentence needs beyond its own cell: text gaps, levels, ratios, conflicts, related indicators.

Decisions (what the module promises)
    - A plan's text gap (registry ``text_gaps``/``text_gaps_zh``) and level come from the registry
      passed in, else the corpus registry; an unregistered id has neither.
    - A ratio is shown as the plan writes it ("1∶2"): the ``number_text`` of its target when it
      holds a ratio, else the first "a∶b" in the quote whose second term is the value, else the
      value alone.
    - Conflicting restatements (``conflict``/``conflict_with`` on a cell) are shown with their
      values when the targets table has them, else without.
    - Related indicators are the taxonomy's ``broader`` links followed both ways: an indicator's
      broader ones (ancestors) and its narrower ones (descendants).
    - Cell columns added later (``status``, ``conflict``, ``conflict_with``) are read
      defensively: a table without them reads as stated and not in conflict.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from .. import api
from ..vocab.taxonomy import load_taxonomy
from .numbers import Number, quantity
from .templates import template

__all__ = [
    "Sentence", "conflict_note", "ids_of", "in_order", "is_true", "join_names", "level_of",
    "ratio_text", "related", "related_stated", "supplementary_source", "text_gap",
]

_RATIO = re.compile(r"(\d+(?:\.\d+)?)\s*[∶:：]\s*(\d+(?:\.\d+)?)")


@dataclass
class Sentence:
    """A sentence in one language and the numbers it shows (in order of appearance)."""

    text: str
    lang: str
    numbers: list[Number] = field(default_factory=list)

    def __str__(self) -> str:
        return self.text


def ids_of(value: Any) -> tuple[str, ...]:
    """Target ids of a cell's ``target_ids`` (``a|b`` text or a list)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ()
    if isinstance(value, (list, tuple)):
        return tuple(str(v) for v in value if str(v))
    return tuple(s for s in str(value).split("|") if s)


def is_true(x: Any) -> bool:
    """A flag that is set (NaN and None are not)."""
    return bool(x) and not (isinstance(x, float) and math.isnan(x))


def join_names(names: Sequence[str], lang: str) -> str:
    """'A, B and C' / 'A、B和C'."""
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return template("list_separator", lang).join(names[:-1]) + template("rank.and", lang) + names[-1]


def in_order(text: str, numbers: list[Number]) -> list[Number]:
    """Numbers sorted by where they appear in ``text``; each takes its earliest unclaimed match
    (numbers with the same text keep their order)."""
    claimed: set[int] = set()
    placed = []
    for k, n in enumerate(numbers):
        pat = r"(?<!\d)(?<!\d[.,])" + re.escape(n.text) + r"(?!\d|[.,]\d)"
        pos = next((m.start() for m in re.finditer(pat, text) if m.start() not in claimed), len(text))
        claimed.add(pos)
        placed.append((pos, k, n))
    return [n for _, _, n in sorted(placed, key=lambda x: (x[0], x[1]))]


def _registry(registry: pd.DataFrame | None) -> pd.DataFrame:
    return api.jurisdictions() if registry is None else registry


def _registry_value(jurisdiction: str, col: str, registry: pd.DataFrame | None) -> str:
    reg = _registry(registry)
    if col not in reg.columns:
        return ""
    hit = reg.loc[reg["jurisdiction"] == jurisdiction, col]
    if hit.empty or pd.isna(hit.iloc[0]):
        return ""
    return str(hit.iloc[0]).strip()


def text_gap(jurisdiction: str, lang: str, registry: pd.DataFrame | None = None) -> str:
    """What the plan's captured text lacks, in ``lang`` ('' when the text is complete)."""
    return _registry_value(jurisdiction, "text_gaps_zh" if lang == "zh" else "text_gaps", registry)


def level_of(jurisdiction: str, registry: pd.DataFrame | None = None) -> str:
    """The plan's level of government (city, province, …; '' when unknown)."""
    return _registry_value(jurisdiction, "level", registry)


def _targets(targets: pd.DataFrame | None) -> pd.DataFrame:
    return api.targets() if targets is None else targets


def ratio_text(row: Mapping, targets: pd.DataFrame | None = None) -> str:
    """A ratio cell's number as the plan writes it ('1∶2'); '' when none is found."""
    ids = ids_of(row.get("target_ids"))
    t = _targets(targets)
    if ids and "number_text" in t.columns:
        for text in t.loc[t["target_id"].isin(ids), "number_text"].dropna():
            if _RATIO.search(str(text)):
                return str(text).strip()
    value = row.get("stated_value", row.get("value"))
    for m in _RATIO.finditer(str(row.get("source_quote") or "")):
        if value is not None and not pd.isna(value) and float(m.group(2)) == float(value):
            return m.group(0)
    return ""


def supplementary_source(row: Mapping) -> str:
    """The reference source of a supplementary cell, up to its first parenthesis."""
    src = str(row.get("source") or "").split(" (")[0].strip()
    return "" if src in ("", "text", "nan") else src


def conflict_note(row: Mapping, name: str, lang: str, targets: pd.DataFrame | None = None) -> str:
    """' Nantong's plan also states 10 for it elsewhere.' for a cell in conflict, else ''."""
    if not is_true(row.get("conflict")):
        return ""
    ids = ids_of(row.get("conflict_with"))
    t = _targets(targets)
    shown = []
    if ids and {"target_id", "base_value", "unit"} <= set(t.columns):
        for r in t[t["target_id"].isin(ids)].to_dict("records"):
            if r.get("base_value") is not None and not pd.isna(r["base_value"]):
                shown.append(quantity(r["base_value"], str(r["unit"]), lang,
                                      comparator=r.get("comparator") or "=")[0])
    if shown:
        return template("notes.conflict", lang).format(name=name, values=join_names(shown, lang))
    return template("notes.conflict_unknown", lang).format(name=name)


def related(indicator: str) -> dict[str, str]:
    """Indicators linked to ``indicator`` by ``broader``: id → 'broader' or 'narrower'."""
    tax = load_taxonomy()
    out: dict[str, str] = {}
    cur = tax.indicator(indicator).broader
    while cur is not None:
        out[cur] = "broader"
        cur = tax.indicator(cur).broader
    for ind in tax.indicators:
        up = ind.broader
        while up is not None:
            if up == indicator:
                out.setdefault(ind.id, "narrower")
                break
            up = tax.indicator(up).broader
    return out


def related_stated(jurisdiction: str, indicator: str, stated: set[str] | None = None,
                   targets: pd.DataFrame | None = None) -> list[tuple[str, str]]:
    """(indicator, 'broader'/'narrower') pairs the plan states instead of ``indicator``.

    ``stated``: the indicators the plan states (default: from the targets table, milestones
    aside).
    """
    rel = related(indicator)
    if not rel:
        return []
    if stated is None:
        t = _targets(targets)
        mine = t[t["jurisdiction"] == jurisdiction]
        if "status" in mine.columns:
            mine = mine[mine["status"] != "milestone"]
        stated = set(mine["indicator"].dropna())
    return [(i, how) for i, how in rel.items() if i in stated]

"""Link targets said more than once in a plan (body text, indicator table, roadmap).

Two rows of one document state the same target when they count the same thing (same indicator,
or near-identical subjects), in the same unit, measure and year. The later one becomes
``restated`` and names the first in ``restates``. When such a pair disagrees on the value, both
rows are flagged ``conflict`` and name each other in ``conflict_with``.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

import pandas as pd

_NOISE = re.compile(r"[全市省区县我本各的和及与、，,（）()“”\"\s]|达到|达|累计|建立|建设|培育|打造|重点")
#: subjects at least this similar (character-bigram Dice) name the same thing when values agree
SAME_SUBJECT = 0.5
#: …and when the values disagree: a contradiction needs near-identical wording
CONFLICT_SUBJECT = 0.8
#: measures that can describe one stock (a target restated with or without 累计, 培育 …)
_STOCK_MEASURES = {"level", "new", "cumulative"}


@lru_cache(maxsize=65536)
def _bigrams(s: str) -> frozenset[str]:
    s = _NOISE.sub("", s)
    return frozenset({s[i : i + 2] for i in range(len(s) - 1)} or ({s} if s else set()))


def subject_similarity(a: str, b: str) -> float:
    """Dice coefficient of the character bigrams of two subjects, ignoring filler words."""
    x, y = _bigrams(a), _bigrams(b)
    if not x or not y:
        return 0.0
    return 2 * len(x & y) / (len(x) + len(y))


def _comparable(a: dict, b: dict) -> bool:
    """Same unit, year and measure (stock measures count as one)."""
    if a["unit"] != b["unit"] or a["target_year"] != b["target_year"]:
        return False
    return a["measure"] == b["measure"] or {a["measure"], b["measure"]} <= _STOCK_MEASURES


def _same_value(a: dict, b: dict) -> bool:
    high_a, high_b = a["value_high"], b["value_high"]
    same_high = (pd.isna(high_a) and pd.isna(high_b)) or high_a == high_b
    return a["base_value"] == b["base_value"] and same_high


def relation(first: dict, later: dict) -> str | None:
    """'restated' when ``later`` says ``first`` again, 'conflict' when it contradicts it."""
    if first["number_start"] == later["number_start"] or not _comparable(first, later):
        return None
    sim = subject_similarity(first["subject"], later["subject"])
    ind_a, ind_b = (None if pd.isna(x) else x for x in (first["indicator"], later["indicator"]))
    same_indicator = ind_a is not None and ind_a == ind_b
    if _same_value(first, later):
        if sim >= SAME_SUBJECT or (same_indicator and sim >= SAME_SUBJECT / 2):
            return "restated"
        return None
    if sim >= CONFLICT_SUBJECT and (same_indicator or ind_a == ind_b):
        return "conflict"
    return None


def _value_key(row: dict) -> tuple:
    high = row["value_high"]
    return row["base_value"], None if pd.isna(high) else high


class _Firsts:
    """The first statements of one bucket, indexed by subject bigram (and value), so a row is
    compared only with those that can be related to it, never with the whole bucket.

    :func:`relation` needs shared bigrams: a restatement has the same value and Dice ≥
    ``SAME_SUBJECT / 2``, a conflict Dice ≥ ``CONFLICT_SUBJECT``. Dice ≥ t with ``o`` shared
    bigrams means o ≥ t/(2−t)·|x|, so any |x| − ⌈that⌉ + 1 of the row's bigrams hold one shared
    with every such first: the rarest are looked up. Candidates come in the bucket's order."""

    def __init__(self) -> None:
        self.order: dict[int, int] = {}
        self.by_bigram: dict[str, list[int]] = {}
        self.by_value: dict[tuple, list[int]] = {}

    def add(self, i: int, row: dict) -> None:
        self.order[i] = len(self.order)
        value = _value_key(row)
        for g in _bigrams(row["subject"]):
            self.by_bigram.setdefault(g, []).append(i)
            self.by_value.setdefault((value, g), []).append(i)

    @staticmethod
    def _rarest(grams: frozenset[str], index: dict, key: object, t: float) -> set[int]:
        need = math.ceil(t / (2 - t) * len(grams) - 1e-9)
        lists = sorted((index.get(key(g), []) for g in grams), key=len)
        return {f for lst in lists[: len(grams) - need + 1] for f in lst}

    def candidates(self, row: dict) -> list[int]:
        grams = _bigrams(row["subject"])
        if not grams:
            return []
        value = _value_key(row)
        found = self._rarest(grams, self.by_bigram, lambda g: g, CONFLICT_SUBJECT)
        found |= self._rarest(grams, self.by_value, lambda g: (value, g), SAME_SUBJECT / 2)
        return sorted(found, key=self.order.__getitem__)


def link_restatements(df: pd.DataFrame) -> pd.DataFrame:
    """Mark restated rows and flag contradicting restatements, document by document."""
    rows = df.to_dict("records")
    for r in rows:
        r["restates"] = r.get("restates") or None
        r["conflict_with"] = r.get("conflict_with") or None
    by_doc: dict[str, list[int]] = {}
    for i, r in enumerate(rows):
        by_doc.setdefault(r["document"], []).append(i)
    for idx in by_doc.values():
        # first statements, bucketed by what must be equal for two rows to be comparable
        firsts: dict[tuple, _Firsts] = {}
        for i in sorted(idx, key=lambda i: rows[i]["number_start"]):
            row = rows[i]
            if row["status"] not in ("stated", "restated"):
                continue
            bucket = firsts.setdefault((row["unit"], row["target_year"]), _Firsts())
            match, kind = None, None
            for f in bucket.candidates(row):
                kind = relation(rows[f], row)
                if kind:
                    match = f
                    break
            if match is None:
                bucket.add(i, row)
                continue
            first = rows[match]
            row["status"] = "restated"
            row["restates"] = first["target_id"]
            if kind == "conflict":
                row["conflict"] = True
                row["conflict_with"] = first["target_id"]
                first["conflict"] = True
                first["conflict_with"] = first["conflict_with"] or row["target_id"]
    _harmonize_measures(rows)
    return pd.DataFrame.from_records(rows, columns=df.columns, index=df.index)


def _harmonize_measures(rows: list[dict]) -> None:
    """A target said several times is counted one way: 累计 said anywhere makes it cumulative,
    otherwise the first statement's reading (level or new) holds for its restatements."""
    by_id = {r["target_id"]: r for r in rows}
    groups: dict[str, list[dict]] = {}
    for r in rows:
        if r["status"] == "restated" and r["restates"] in by_id:
            groups.setdefault(r["restates"], []).append(r)
    for first_id, later in groups.items():
        members = [by_id[first_id], *later]
        measures = {m["measure"] for m in members}
        if not measures <= _STOCK_MEASURES or len(measures) == 1:
            continue
        chosen = "cumulative" if "cumulative" in measures else by_id[first_id]["measure"]
        for m in members:
            m["measure"] = chosen


def link_milestones(df: pd.DataFrame) -> pd.DataFrame:
    """Tie each milestone to the target it leads to and give it that target's measure,
    category and indicator (a yearly cell of a table rarely says how it is counted)."""
    rows = df.to_dict("records")
    by_doc: dict[str, list[dict]] = {}
    for r in rows:
        by_doc.setdefault(r["document"], []).append(r)
    for group in by_doc.values():
        stated = [r for r in group if r["status"] == "stated"]
        by_id = {r["target_id"]: r for r in group if r["status"] != "milestone"}
        for row in group:
            if row["status"] != "milestone":
                continue
            parent = by_id.get(row["milestone_of"]) if row["milestone_of"] else None
            if parent is None:
                best_sim = SAME_SUBJECT
                for t in stated:
                    if t["unit"] != row["unit"]:
                        continue
                    sim = subject_similarity(t["subject"], row["subject"])
                    if sim >= best_sim:
                        parent, best_sim = t, sim
            if parent is None:
                continue
            row["milestone_of"] = parent["target_id"]
            if row["measure"] in _STOCK_MEASURES - {"cumulative"}:  # no cue of its own
                row["measure"] = parent["measure"]
            if not row["indicator"] or pd.isna(row["indicator"]):
                row["indicator"] = parent["indicator"]
                row["category"] = parent["category"]
    return pd.DataFrame.from_records(rows, columns=df.columns, index=df.index)

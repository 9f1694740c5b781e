"""Link targets said more than once in a plan (body text, indicator table, roadmap).

Two rows of one document state the same target when they count the same thing (same indicator,
or near-identical subjects), in the same unit, measure and year. The later one becomes
``restated`` and names the first in ``restates``. When such a pair disagrees on the value, both
rows are flagged ``conflict`` and name each other in ``conflict_with``.
"""

from __future__ import annotations

import re

import pandas as pd

_NOISE = re.compile(r"[全市省区县我本各的和及与、，,（）()“”\"\s]|达到|达|累计|建立|建设|培育|打造|重点")
#: subjects at least this similar (character-bigram Dice) name the same thing when values agree
SAME_SUBJECT = 0.5
#: …and when the values disagree: a contradiction needs near-identical wording
CONFLICT_SUBJECT = 0.8
#: measures that can describe one stock (a target restated with or without 累计, 培育 …)
_STOCK_MEASURES = {"level", "new", "cumulative"}


def _bigrams(s: str) -> set[str]:
    s = _NOISE.sub("", s)
    return {s[i : i + 2] for i in range(len(s) - 1)} or ({s} if s else set())


def subject_similarity(a: str, b: str) -> float:
    """Dice coefficient of the character bigrams of two subjects, ignoring filler words."""
    x, y = _bigrams(a), _bigrams(b)
    if not x or not y:
        return 0.0
    return 2 * len(x & y) / (len(x) + len(y))


def _comparable(a: pd.Series, b: pd.Series) -> bool:
    """Same unit, year and measure (stock measures count as one)."""
    if a["unit"] != b["unit"] or a["target_year"] != b["target_year"]:
        return False
    return a["measure"] == b["measure"] or {a["measure"], b["measure"]} <= _STOCK_MEASURES


def _same_value(a: pd.Series, b: pd.Series) -> bool:
    high_a, high_b = a["value_high"], b["value_high"]
    same_high = (pd.isna(high_a) and pd.isna(high_b)) or high_a == high_b
    return a["base_value"] == b["base_value"] and same_high


def relation(first: pd.Series, later: pd.Series) -> str | None:
    """'restated' when ``later`` says ``first`` again, 'conflict' when it contradicts it."""
    if first["number_start"] == later["number_start"] or not _comparable(first, later):
        return None
    sim = subject_similarity(first["subject"], later["subject"])
    same_indicator = bool(first["indicator"]) and first["indicator"] == later["indicator"]
    if _same_value(first, later):
        if sim >= SAME_SUBJECT or (same_indicator and sim >= SAME_SUBJECT / 2):
            return "restated"
        return None
    if sim >= CONFLICT_SUBJECT and (same_indicator or first["indicator"] == later["indicator"]):
        return "conflict"
    return None


def link_restatements(df: pd.DataFrame) -> pd.DataFrame:
    """Mark restated rows and flag contradicting restatements, document by document."""
    out = df.copy()
    out["restates"] = out["restates"].astype(object)
    out["conflict_with"] = out["conflict_with"].astype(object)
    for _doc, idx in out.groupby("document", sort=False).groups.items():
        group = out.loc[idx].sort_values("number_start")
        firsts: list[int] = []  # row labels of first statements
        for label, row in group.iterrows():
            if row["status"] not in ("stated", "restated"):
                continue
            match, kind = None, None
            for f in firsts:
                kind = relation(out.loc[f], row)
                if kind:
                    match = f
                    break
            if match is None:
                firsts.append(label)
                continue
            first = out.loc[match]
            out.at[label, "status"] = "restated"
            out.at[label, "restates"] = first["target_id"]
            if kind == "conflict":
                out.at[label, "conflict"] = True
                out.at[label, "conflict_with"] = first["target_id"]
                out.at[match, "conflict"] = True
                if not out.at[match, "conflict_with"]:
                    out.at[match, "conflict_with"] = row["target_id"]
    return _harmonize_measures(out)


def _harmonize_measures(df: pd.DataFrame) -> pd.DataFrame:
    """A target said several times is counted one way: 累计 said anywhere makes it cumulative,
    otherwise the first statement's reading (level or new) holds for its restatements."""
    out = df
    restated = out[out["status"] == "restated"]
    for first_id, group in restated.groupby("restates"):
        first = out.index[out["target_id"] == first_id]
        labels = list(first) + list(group.index)
        measures = set(out.loc[labels, "measure"])
        if not measures <= _STOCK_MEASURES or len(measures) == 1:
            continue
        chosen = "cumulative" if "cumulative" in measures else out.at[first[0], "measure"]
        out.loc[labels, "measure"] = chosen
    return out


def link_milestones(df: pd.DataFrame) -> pd.DataFrame:
    """Tie each milestone to the target it leads to and give it that target's measure,
    category and indicator (a yearly cell of a table rarely says how it is counted)."""
    out = df.copy()
    for _doc, idx in out.groupby("document", sort=False).groups.items():
        group = out.loc[idx]
        targets = group[group["status"] == "stated"]
        by_id = {r["target_id"]: label for label, r in group.iterrows() if r["status"] != "milestone"}
        for label, row in group[group["status"] == "milestone"].iterrows():
            parent = by_id.get(row["milestone_of"]) if row["milestone_of"] else None
            if parent is None:
                best, best_sim = None, SAME_SUBJECT
                for t_label, t in targets.iterrows():
                    if t["unit"] != row["unit"]:
                        continue
                    sim = subject_similarity(t["subject"], row["subject"])
                    if sim >= best_sim:
                        best, best_sim = t_label, sim
                parent = best
            if parent is None:
                continue
            p = out.loc[parent]
            out.at[label, "milestone_of"] = p["target_id"]
            if row["measure"] in _STOCK_MEASURES - {"cumulative"}:  # no cue of its own
                out.at[label, "measure"] = p["measure"]
            if not row["indicator"]:
                out.at[label, "indicator"] = p["indicator"]
                out.at[label, "category"] = p["category"]
    return out

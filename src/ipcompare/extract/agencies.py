"""Who is charged with each measure: lead, responsible and cooperating units, normalized.

The notes themselves (bracketed, line and prose forms) are found by
:mod:`~ipcompare.extract.responsibility`; names are matched to the agency directory
(``data/agencies.csv``) by :mod:`ipcompare.vocab.agencies`. This module adds:

- a flattened responsibility table (a roadmap or task-breakdown annex) whose header has cells
  such as ``责任部门`` and ``协助部门``: a row group's label is matched to the plan's own task
  headings, and its agency cells are assigned to the actions under that heading;
- each name's ``level`` (explicit table level first, then the prefix, then the previous name of
  the same list, then the plan's own level; prefixes are ``agency_levels`` in
  ``data/cues.yaml``);
- one row per (measure, agency, role).

Decisions (what the module promises)
    The task items are an argument (``actions``), never computed here, so this module depends
    on the responsibility parser and the directory but not on :mod:`~ipcompare.extract.actions`.
    A city's 科技局 and 知识产权局 are different bodies; only the ``〈〉`` form
    ``市科技局〈市知识产权局〉`` ties them, and it is recorded as ONE body, the one named first
    (``agency_id``), with the bracketed name as its alias (``alias_as_written``, ``alias_id``).
    A ``〈〉`` or ``()`` note that starts with 含/包括 or says 下同/以下简称 is a scope note
    (``note``), not an alias. The same body named twice for one measure and role is one row.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter

import pandas as pd

from ..caching import data_cache
from ..vocab.agencies import (
    LEVELS,
    TYPES,
    agency_by_id,
    agency_table,
    load_agencies,
    match_agencies,
    normalize_name,
    resolve_agency,
    strip_notes,
)
from ..vocab.lexicon import cues
from .responsibility import (
    ROLES,
    Assignment,
    all_resolve,
    find_assignments,
    find_prose_assignments,
    role_header_re,
    role_of,
    split_names,
)
from .segment import HEADING_LEVELS, Line, lines

__all__ = [
    "AGENCY_COLUMNS", "LEVELS", "ROLES", "TYPES", "agencies_from_text", "agency_table",
    "find_assignments", "find_prose_assignments", "label_similarity", "load_agencies",
    "match_agencies", "resolve_agency", "split_names", "table_assignments",
]

AGENCY_COLUMNS = [
    "action_id", "jurisdiction", "document", "role", "rank", "name_as_written", "agency_id",
    "name_zh", "name_en", "type", "level", "alias_as_written", "alias_id", "note", "start", "end",
    "form",
]
_ROW_NUMBER = re.compile(r"^\d{1,3}$")
_LABEL_MIN_RATIO = 0.6
_STRONG_LABEL = 0.8  # a line this close to a task title is a label even if it reads as names


# ----------------------------------------------------------------------------- levels


def _level_alt(key: str) -> str:
    return cues().alt(f"agency_levels.{key}")


@data_cache
def _prefixes() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((level, re.compile(rf"^(?:{_level_alt(f'{level}_prefixes')})"))
                 for level in ("national", "province", "city", "district"))


@data_cache
def _named_place() -> re.Pattern[str]:
    # a named place: 成都市…, 四川省…, 崂山区… (two to four characters before the suffix)
    suffixes = "|".join(_level_alt(f"{lv}_suffixes") for lv in ("province", "city", "district"))
    return re.compile(rf"^[\u4e00-\u9fff]{{2,4}}?({suffixes})")


def _prefix_level(n: str, place: str) -> str:
    """The level a name's prefix gives (national, province, city, district), ``place`` when it
    starts with the plan's own place, else ''."""
    for level, pat in _prefixes():
        if pat.match(n):
            return level
    if place and n.startswith(place):
        return "place"
    m = _named_place().match(n)
    if m:
        for level in ("province", "district"):
            if re.fullmatch(_level_alt(f"{level}_suffixes"), m.group(1)):
                return level
        return "city"
    return ""


def _place_stem(name_zh: str) -> str:
    return re.sub(rf"(?:{_level_alt('place_suffixes')})$", "", name_zh or "")


# ----------------------------------------------------------------------------- rows


def _rows_for(assignment: Assignment, action_id: str, jurisdiction: str, document: str,
              plan_level: str, place: str, rank_start: int) -> list[dict]:
    rows = []
    previous = ""
    for k, ns in enumerate(assignment.names):
        main, alias, note = strip_notes(ns.text)
        aid = resolve_agency(main)
        ag = agency_by_id().get(aid) if aid else None
        prefix = _prefix_level(normalize_name(main), place)
        if prefix == "place":
            prefix = plan_level
        if ag and ag.level:  # vertical agencies, district governments, zones, non-government
            level = ag.level
        elif prefix:
            level = previous = prefix
        else:  # 市发改委、经信委: an unprefixed name shares the prefix of the one before it
            level = previous or plan_level
        rows.append({
            "action_id": action_id, "jurisdiction": jurisdiction, "document": document,
            "role": assignment.role, "rank": rank_start + k, "name_as_written": ns.text,
            "agency_id": aid, "name_zh": ag.name_zh if ag else None,
            "name_en": ag.name_en if ag else None, "type": ag.type if ag else None,
            "level": level or None, "alias_as_written": alias or None,
            "alias_id": resolve_agency(alias) if alias else None, "note": note or None,
            "start": ns.start, "end": ns.end, "form": assignment.form,
        })
    return rows


def _label_candidates(actions: pd.DataFrame) -> list[tuple[str, list[str]]]:
    """Task titles a table label can name: each measure's title and each heading on its path."""
    by_title: dict[str, list[str]] = {}
    for r in actions.itertuples(index=False):
        keys = {r.title}
        for comp in str(r.section_path).split(" / ") if r.section_path else []:
            keys.add(comp)
        for key in keys:
            k = _clean_label(key)
            if k:
                by_title.setdefault(k, [])
                if r.action_id not in by_title[k]:
                    by_title[k].append(r.action_id)
    return list(by_title.items())


def _clean_label(s: str) -> str:
    s = s.strip()
    for _, pat in HEADING_LEVELS:
        m = pat.match(s)
        if m:
            s = s[m.end():]
            break
    return normalize_name(s.rstrip("。.…"))


def label_similarity(a: str, b: str) -> float:
    """Similarity of two titles: the larger of difflib's ratio and the Dice coefficient of their
    characters (so reordered wording, 建立决策城市发展的专利导航机制 ~ 建立专利导航城市创新发展决策机制,
    still matches)."""
    if not a or not b:
        return 0.0
    dice = 2 * sum((Counter(a) & Counter(b)).values()) / (len(a) + len(b))
    return max(dice, difflib.SequenceMatcher(None, a, b, autojunk=False).ratio())


def _best_label(text: str, candidates: list[tuple[str, list[str]]],
                threshold: float = _LABEL_MIN_RATIO) -> list[str] | None:
    t = _clean_label(text)
    if len(t) < 4:
        return None
    best, ids = 0.0, None
    for key, mids in candidates:
        if not set(t) & set(key):
            continue
        sim = label_similarity(t, key)
        if sim > best:
            best, ids = sim, mids
    return ids if best >= threshold else None


def table_assignments(text: str, all_lines: list[Line], actions: pd.DataFrame) -> list[tuple[Assignment, list[str]]]:
    """Agency cells of flattened responsibility tables, with the actions each row group names.

    A table is found by header cells naming role columns (责任部门, 协助部门 …). Below it, a line
    close to a task heading or measure title of the plan (``label_similarity`` ≥ 0.6) starts a
    row group (once the group's rows have begun, only a label naming other actions does);
    a line made only of known agency names is an agency cell, given the header's roles in order
    (the count restarts at every row number). The line right after a row number is the row's own
    content: in a table with group labels (a roadmap: 重点任务 → numbered targets) it is never a
    label; in a table without them (a task breakdown: 序号, 重点任务, 牵头单位, 配合单位) its lead
    phrase names the row's measure, and a row naming no measure assigns nothing.
    """
    out: list[tuple[Assignment, list[str]]] = []
    n = len(all_lines)
    i = 0
    candidates: list[tuple[str, list[str]]] | None = None
    while i < n:
        if not role_header_re().match(all_lines[i].text.replace(" ", "")):
            i += 1
            continue
        roles = []
        j = i
        while j < n:  # consecutive role header cells: 责任部门, 协助部门 …
            m = role_header_re().match(all_lines[j].text.replace(" ", ""))
            if not m:
                break
            roles.append(role_of(m.group("role")))
            j += 1
        if candidates is None:
            candidates = _label_candidates(actions)
        current: list[str] = []
        counter = 0
        after_number = rows_seen = group_mode = False
        k = j
        while k < n and all_lines[k].level not in (1, 2):
            ln = all_lines[k]
            t = ln.text
            if _ROW_NUMBER.match(t):
                counter, after_number, rows_seen = 0, True, True
                k += 1
                continue
            if after_number:
                after_number = False
                if not group_mode:
                    current = _best_label(re.split(r"[。；;]", t)[0], candidates) or []
                k += 1
                continue
            names = split_names(text, ln.start, ln.end)
            strong = _best_label(t, candidates, _STRONG_LABEL) if not re.search(r"[。；;]", t) else None
            if strong and not (rows_seen and set(strong) <= set(current)):
                current, counter, rows_seen, group_mode = strong, 0, False, True
            elif not re.search(r"[。；;\d]", t) and all_resolve(names):
                if current:
                    role = roles[min(counter, len(roles) - 1)]
                    out.append((Assignment(role, ln.start, ln.end, tuple(names), "table",
                                           "table"), list(current)))
                counter += 1
            elif not re.search(r"[。；;]", t):
                ids = _best_label(t, candidates)
                # once a group's rows have begun, a cell naming one of its own actions is a
                # milestone, not a new label: only a label leaving the group is taken
                if ids and not (rows_seen and set(ids) <= set(current)):
                    current, counter, rows_seen, group_mode = ids, 0, False, True
            k += 1
        i = k
    return out


def agencies_from_text(
    text: str,
    document: str,
    jurisdiction: str,
    *,
    plan_level: str = "",
    place: str = "",
    actions: pd.DataFrame,
) -> pd.DataFrame:
    """One row per (measure, agency, role) of a plan text (see the module docstring).

    ``plan_level`` (city, province …) is the level of unprefixed names; ``place`` the
    jurisdiction's Chinese name (names starting with it get ``plan_level``); ``actions`` the
    text's task items (:func:`ipcompare.extract.actions.actions_from_text`).
    """
    stem = _place_stem(place)
    rows: list[dict] = []
    all_lines = lines(text)
    for r in actions.itertuples(index=False):
        found = find_assignments(text, r.start, r.end)
        found += find_prose_assignments(text, r.start, r.end)
        found.sort(key=lambda a: (a.start, a.names[0].start))
        ranks: dict[str, int] = {}
        for a in found:
            new = _rows_for(a, r.action_id, jurisdiction, document, plan_level, stem,
                            ranks.get(a.role, 0) + 1)
            ranks[a.role] = ranks.get(a.role, 0) + len(new)
            rows += new
    by_action = {r.action_id: r for r in actions.itertuples(index=False)}
    ranks2: dict[tuple[str, str], int] = {}
    for a, mids in table_assignments(text, all_lines, actions):
        for mid in mids:
            if mid not in by_action:
                continue
            key = (mid, a.role)
            new = _rows_for(a, mid, jurisdiction, document, plan_level, stem, ranks2.get(key, 0) + 1)
            ranks2[key] = ranks2.get(key, 0) + len(new)
            rows += new
    df = pd.DataFrame(rows, columns=AGENCY_COLUMNS)
    if df.empty:
        return df.astype({"start": int, "end": int, "rank": int})
    # one row per (measure, body, role): the same body named again (a table's later rows) is
    # dropped; bodies sharing a canonical id but named differently (two zone committees) stay
    body = [normalize_name(strip_notes(n)[0]) for n in df["name_as_written"]]
    keys = pd.DataFrame({"m": df["action_id"], "r": df["role"], "k": body})
    df = df[~keys.duplicated()].reset_index(drop=True)
    df["rank"] = df.groupby(["action_id", "role"]).cumcount() + 1
    return df

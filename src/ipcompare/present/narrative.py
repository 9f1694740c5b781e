"""Narrative building blocks: sentences in English and Chinese, every number tied to its sources.

Each builder returns a :class:`Sentence` ``(text, lang, numbers)``; each
:class:`~ipcompare.present.numbers.Number` holds the text it is shown as, its value, the target
ids (and measure ids) it comes from, the quote and the derivation, so a report can footnote every
figure. The wording is data (``data/narrative_templates.yaml``, :mod:`.templates`); numbers are
written by :mod:`.numbers`; jurisdiction, indicator and category names come from :mod:`.i18n`.

- ``headline(rows, lang)``: one sentence per cell of a
  :func:`ipcompare.analysis.comparison.compare_long` table (stated, derived, not convertible,
  not stated, not in the corpus).
- ``rank_sentence(indicator, basis, lang)``: the highest and lowest plan among those that state
  the indicator on one footing (same unit and kind of number after conversion).
- ``coverage_sentence(jurisdiction, lang)``: how many targets (and actions) a plan sets, and its
  strongest category.
- ``missing_sentence(jurisdiction, lang)``: the indicators other plans state and it does not.

Decisions (what the module promises)
    Without a table passed in, a builder takes the corpus's through :mod:`ipcompare.api`
    (``compare``, ``targets``, ``actions``), which checks the jurisdiction id. Every number in a
    sentence is a ``Number`` listed in order of appearance.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from .. import api
from ..analysis import units as nz
from ..analysis.coverage import coverage_matrix, coverage_targets, split_labels
from ..vocab.constants import LANGS, check_lang
from .facts import (
    Sentence,
    conflict_note,
    ids_of,
    is_true,
    ratio_text,
    related_stated,
    supplementary_source,
    text_gap,
)
from .i18n import category_name, indicator_name
from .i18n import plan_name as jurisdiction_name
from .numbers import Number, format_number, quantity
from .ranking import rank_sentence
from .templates import check_templates, load_templates, template

__all__ = [
    "LANGS", "Number", "Sentence", "category_name", "check_templates", "coverage_sentence",
    "format_number", "headline", "indicator_name", "jurisdiction_name", "load_templates",
    "missing_sentence", "quantity", "rank_sentence",
]


_ids = ids_of
_is_true = is_true


def _year(row: Mapping) -> str:
    for key in ("target_year", "period_end"):
        y = row.get(key)
        if y is not None and not pd.isna(y):
            return str(int(y))
    return "?"


# ----------------------------------------------------------------------------- headline


def _reference(row: Mapping, lang: str) -> str:
    basis = row["basis"]
    tmpl = load_templates()["references"].get(basis)
    if tmpl is None:
        return ""
    pop_year = row.get("population_year")
    fields: dict[str, Any] = {"pop_year": "?" if pop_year is None or pd.isna(pop_year) else int(pop_year)}
    start, end = row.get("period_start"), row.get("period_end")
    if basis in ("per_year", "cumulative_growth") and not pd.isna(start) and not pd.isna(end):
        ty = row.get("target_year")
        years = nz.plan_years(int(start), int(end), None if pd.isna(ty) else int(ty))
        end_shown = int(ty) if not pd.isna(ty) else int(end)
        fields.update(years=int(years.value), start=int(start), end=end_shown)
        if basis == "per_year" and int(years.value) == 1:
            tmpl = load_templates()["references"]["per_year_one"]
    elif basis in ("per_year", "cumulative_growth"):
        return ""
    return tmpl[lang].format(**fields)


def _not_stated(row: Mapping, lang: str, name: str, ind: str, registry: pd.DataFrame | None,
                targets: pd.DataFrame | None) -> Sentence:
    """No cell: say what the plan states instead, or that its captured text has a gap."""
    jur, indicator = row["jurisdiction"], row["indicator"]
    rel = related_stated(jur, indicator, targets=targets) if _registered(jur, registry) else []
    if rel:
        listed = template("rank.and", lang).join(
            template(f"relations.{how}", lang).format(other=indicator_name(i, lang)) for i, how in rel)
        return Sentence(template("headline.related", lang).format(name=name, indicator=ind, related=listed),
                        lang, [])
    gap = text_gap(jur, lang, registry)
    if gap:
        return Sentence(template("headline.not_found_gap", lang).format(name=name, indicator=ind, gap=gap),
                        lang, [])
    return Sentence(template("headline.not_stated", lang).format(name=name, indicator=ind), lang, [])


def _source(row: Mapping, lang: str) -> str:
    src = supplementary_source(row)
    return template("supplementary_source", lang).format(source=src) if src else ""


def _registered(jurisdiction: str, registry: pd.DataFrame | None) -> bool:
    reg = api.jurisdictions() if registry is None else registry
    return bool((reg["jurisdiction"] == jurisdiction).any())


def _headline(row: Mapping, lang: str, registry: pd.DataFrame | None,
              targets: pd.DataFrame | None = None) -> Sentence:
    state = row["state"]
    name = jurisdiction_name(row["jurisdiction"], lang, registry)
    ind = indicator_name(row["indicator"], lang)
    if state == "not_in_corpus":
        return Sentence(template(f"headline.{state}", lang).format(name=name, indicator=ind), lang, [])
    if state == "not_stated":
        return _not_stated(row, lang, name, ind, registry, targets)
    ids = _ids(row.get("target_ids"))
    quote = str(row.get("source_quote") or "")
    method = str(row.get("method") or "")
    high = row.get("stated_value_high")
    is_ratio = row.get("kind") == "ratio" or row.get("measure") == "ratio"
    stated, stated_num = quantity(
        row["stated_value"], row["stated_unit"], lang, value_high=high,
        comparator=row.get("comparator") or "=", ratio=ratio_text(row, targets) if is_ratio else "",
    )
    numbers = [Number(stated_num, float(row["stated_value"]), ids, quote, method,
                      value_high=None if high is None or pd.isna(high) else float(high))]
    sup = _is_true(row.get("supplementary"))
    verb_key = "ratio" if is_ratio else (row.get("comparator") or "=")
    verb = template(f"verbs.{verb_key}", lang) if lang == "zh" else ""
    fields = dict(name=name, indicator=ind, stated=stated, year=_year(row), verb=verb,
                  basis=template(f"bases.{row['basis']}", lang),
                  source=_source(row, lang),
                  notes=conflict_note(row, name, lang, targets))
    prefix = "headline.expected" if sup else "headline"
    if state == "not_convertible":
        key = "headline.expected_not_convertible" if sup else "headline.not_convertible"
        return Sentence(template(key, lang).format(**fields), lang, numbers)
    if not _is_true(row.get("derived")):
        key = "headline.expected" if sup else "headline.stated"
        return Sentence(template(key, lang).format(**fields), lang, numbers)
    vh = row.get("value_high")
    value, value_num = quantity(row["value"], row["unit"], lang, value_high=vh, derived=True)
    numbers.append(Number(value_num, float(row["value"]), ids, quote, method,
                          value_high=None if vh is None or pd.isna(vh) else float(vh)))
    fields.update(value=value, reference=_reference(row, lang))
    key = f"{prefix}_derived" if sup else "headline.derived"
    return Sentence(template(key, lang).format(**fields), lang, numbers)


def headline(
    rows: pd.DataFrame | pd.Series | Mapping, lang: str = "en", *, registry: pd.DataFrame | None = None,
    targets: pd.DataFrame | None = None,
) -> Sentence | list[Sentence]:
    """One sentence per compare_long row (a list for a DataFrame, one Sentence for one row)."""
    check_lang(lang)
    if isinstance(rows, pd.DataFrame):
        return [_headline(r, lang, registry, targets) for r in rows.to_dict("records")]
    return _headline(dict(rows), lang, registry, targets)


# ----------------------------------------------------------------------------- coverage


def coverage_sentence(
    jurisdiction: str,
    lang: str = "en",
    *,
    targets: pd.DataFrame | None = None,
    actions: pd.DataFrame | None = None,
    registry: pd.DataFrame | None = None,
) -> Sentence:
    """How many targets (and actions) a plan sets, and the category most of them concern.

    ``targets`` default to the corpus's (``ipc.targets``, which checks the id), and then
    ``actions`` too (``ipc.actions``); targets are counted as in :func:`ipcompare.api.coverage`.
    """
    check_lang(lang)
    if targets is None:
        targets = api.targets(jurisdiction)  # unknown ids raise UnknownIdError
        if actions is None:
            actions = api.actions(jurisdiction)
    name = jurisdiction_name(jurisdiction, lang, registry)
    t = coverage_targets(targets)
    t = t[t["jurisdiction"] == jurisdiction]
    m = actions[actions["jurisdiction"] == jurisdiction] if actions is not None else None
    counts = coverage_matrix(t, "category", [jurisdiction]).iloc[0]
    if m is not None:
        counts = counts + coverage_matrix(m, "category", [jurisdiction]).iloc[0]
    n_t = len(t)
    n_m = len(m) if m is not None else 0
    if n_t + n_m == 0:
        return Sentence(template("coverage.empty", lang).format(name=name), lang, [])
    best = str(counts.idxmax())  # ties: the category first in contract order
    t_ids = tuple(t["target_id"])
    m_ids = tuple(m["action_id"]) if m is not None and "action_id" in m.columns else ()
    best_t = tuple(t.loc[t["category"] == best, "target_id"])
    best_m: tuple[str, ...] = ()
    if m is not None and "action_id" in m.columns and len(m):
        flags = _category_flags(m, best)
        best_m = tuple(m.loc[flags, "action_id"]) if flags is not None else ()
    numbers = [Number(format_number(n_t, lang), float(n_t), t_ids)]
    sup_ids = tuple(t.loc[t["status"] == "supplementary", "target_id"])
    sup = ""
    if sup_ids:
        sup = template("coverage.supplementary", lang).format(k=format_number(len(sup_ids), lang))
        numbers.append(Number(format_number(len(sup_ids), lang), float(len(sup_ids)), sup_ids))
    fields = dict(name=name, n_targets=format_number(n_t, lang), supplementary=sup,
                  category=category_name(best, lang), count=format_number(int(counts[best]), lang))
    if m is not None:
        numbers.append(Number(format_number(n_m, lang), float(n_m), (), action_ids=m_ids))
        fields["n_actions"] = format_number(n_m, lang)
    numbers.append(Number(format_number(int(counts[best]), lang), float(counts[best]), best_t,
                          action_ids=best_m))
    key = "coverage.both" if m is not None else "coverage.targets"
    return Sentence(template(key, lang).format(**fields), lang, numbers)


def _category_flags(m: pd.DataFrame, category: str) -> pd.Series | None:
    """Which actions are in ``category`` (boolean column, plural or singular label column)."""
    for col in (category, f"cat_{category}"):
        if col in m.columns and pd.api.types.is_bool_dtype(m[col]):
            return m[col].astype(bool)
    if "categories" in m.columns:
        return m["categories"].map(lambda v: category in split_labels(v))
    if "category" in m.columns:
        return m["category"] == category
    return None


# ----------------------------------------------------------------------------- missing


def _listed(names: list[str], lang: str, limit: int) -> str:
    """Names joined (by '; ' when one has a comma of its own), the first ``limit`` shown."""
    sep = "list_separator_long" if any(", " in n for n in names) else "list_separator"
    listed = template(sep, lang).join(names[:limit])
    if len(names) > limit:
        listed += template("list_more", lang).format(n=len(names) - limit, total=len(names))
    return listed


def missing_sentence(
    jurisdiction: str,
    lang: str = "en",
    *,
    long: pd.DataFrame | None = None,
    registry: pd.DataFrame | None = None,
    targets: pd.DataFrame | None = None,
    limit: int = 8,
) -> Sentence:
    """The indicators other plans set targets for and this plan does not (first ``limit`` named).

    Supplementary figures of other plans do not count as targets; an indicator for which the plan
    states a broader or narrower one is listed apart; a plan whose captured text has a gap
    (registry ``text_gaps``) is said not to have it in its captured text. ``long``: a
    compare_long table (default: the corpus as stated, every stated indicator).
    """
    check_lang(lang)
    if long is None:
        long = api.compare(indicators=None, basis="as_stated", long=True)
    name = jurisdiction_name(jurisdiction, lang, registry)
    mine = long[long["jurisdiction"] == jurisdiction]
    if mine.empty or (mine["state"] == "not_in_corpus").all():
        return Sentence(template("missing.not_in_corpus", lang).format(name=name), lang, [])
    others = long[(long["jurisdiction"] != jurisdiction)
                  & long["state"].isin(["stated", "not_convertible"])]
    if "supplementary" in others.columns:
        others = others[~others["supplementary"].map(_is_true)]
    absent = set(mine.loc[mine["state"] == "not_stated", "indicator"])
    candidates = [i for i in dict.fromkeys(others["indicator"]) if i in absent]
    if not candidates:
        return Sentence(template("missing.none", lang).format(name=name), lang, [])
    stated = set(mine.loc[mine["state"].isin(["stated", "not_convertible"]), "indicator"])
    if _registered(jurisdiction, registry):
        t = api.targets() if targets is None else targets
        t = t[t["jurisdiction"] == jurisdiction]
        stated |= set((t[t["status"] != "milestone"] if "status" in t.columns else t)["indicator"].dropna())
    rel = {i: related_stated(jurisdiction, i, stated) for i in candidates}
    missing = [i for i in candidates if not rel[i]]
    instead = [i for i in candidates if rel[i]]
    numbers: list[Number] = []
    related_text = ""
    if instead:
        items = [template("missing.related_item", lang).format(
            indicator=indicator_name(i, lang),
            relation=template("rank.and", lang).join(
                template(f"relations.{how}", lang).format(other=indicator_name(o, lang)) for o, how in rel[i]))
            for i in instead]
        j = format_number(len(instead), lang)
        key = "missing.related" if missing else "missing.only_related"
        related_text = template(key, lang).format(j=j, name=name, list=_listed(items, lang, limit))
        j_ids = tuple(i for v in others.loc[others["indicator"].isin(instead), "target_ids"] for i in _ids(v))
        numbers.append(Number(j, float(len(instead)), j_ids))
    if not missing:
        return Sentence(related_text, lang, numbers)
    ids = tuple(
        i for v in others.loc[others["indicator"].isin(missing), "target_ids"] for i in _ids(v)
    )
    listed = _listed([indicator_name(i, lang) for i in missing], lang, limit)
    k = format_number(len(missing), lang)
    gap = text_gap(jurisdiction, lang, registry)
    key = "missing.some_gap" if gap else "missing.some"
    text = template(key, lang).format(name=name, k=k, list=listed, gap=gap, related=related_text)
    return Sentence(text, lang, [Number(k, float(len(missing)), ids), *numbers])

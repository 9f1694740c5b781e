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

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from .. import api
from ..analysis import units as nz
from ..analysis.coverage import coverage_matrix, coverage_targets, split_labels
from ..vocab.constants import LANGS, check_lang
from ..vocab.taxonomy import load_taxonomy
from .i18n import category_name, indicator_name
from .i18n import plan_name as jurisdiction_name
from .numbers import Number, format_number, quantity
from .templates import check_templates, load_templates, template

__all__ = [
    "LANGS", "Number", "Sentence", "category_name", "check_templates", "coverage_sentence",
    "format_number", "headline", "indicator_name", "jurisdiction_name", "load_templates",
    "missing_sentence", "quantity", "rank_sentence",
]


@dataclass
class Sentence:
    """A sentence in one language and the numbers it shows (in order of appearance)."""

    text: str
    lang: str
    numbers: list[Number] = field(default_factory=list)

    def __str__(self) -> str:
        return self.text


def _ids(value: Any) -> tuple[str, ...]:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ()
    if isinstance(value, (list, tuple)):
        return tuple(str(v) for v in value if str(v))
    return tuple(s for s in str(value).split("|") if s)


def _year(row: Mapping) -> str:
    for key in ("target_year", "period_end"):
        y = row.get(key)
        if y is not None and not pd.isna(y):
            return str(int(y))
    return "?"


def _is_true(x: Any) -> bool:
    return bool(x) and not (isinstance(x, float) and math.isnan(x))


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
    elif basis in ("per_year", "cumulative_growth"):
        return ""
    return tmpl[lang].format(**fields)


def _headline(row: Mapping, lang: str, registry: pd.DataFrame | None) -> Sentence:
    state = row["state"]
    name = jurisdiction_name(row["jurisdiction"], lang, registry)
    ind = indicator_name(row["indicator"], lang)
    if state in ("not_stated", "not_in_corpus"):
        return Sentence(template(f"headline.{state}", lang).format(name=name, indicator=ind), lang, [])
    ids = _ids(row.get("target_ids"))
    quote = str(row.get("source_quote") or "")
    method = str(row.get("method") or "")
    high = row.get("stated_value_high")
    stated, stated_num = quantity(
        row["stated_value"], row["stated_unit"], lang, value_high=high,
        comparator=row.get("comparator") or "=",
    )
    numbers = [Number(stated_num, float(row["stated_value"]), ids, quote, method,
                      value_high=None if high is None or pd.isna(high) else float(high))]
    sup = template("supplementary", lang) if _is_true(row.get("supplementary")) else ""
    verb = template(f"verbs.{row.get('comparator') or '='}", lang) if lang == "zh" else ""
    fields = dict(name=name, indicator=ind, stated=stated, year=_year(row), supplementary=sup,
                  verb=verb, basis=template(f"bases.{row['basis']}", lang))
    if state == "not_convertible":
        return Sentence(template("headline.not_convertible", lang).format(**fields), lang, numbers)
    if not _is_true(row.get("derived")):
        return Sentence(template("headline.stated", lang).format(**fields), lang, numbers)
    vh = row.get("value_high")
    value, value_num = quantity(row["value"], row["unit"], lang, value_high=vh, derived=True)
    numbers.append(Number(value_num, float(row["value"]), ids, quote, method,
                          value_high=None if vh is None or pd.isna(vh) else float(vh)))
    fields.update(value=value, reference=_reference(row, lang))
    return Sentence(template("headline.derived", lang).format(**fields), lang, numbers)


def headline(
    rows: pd.DataFrame | pd.Series | Mapping, lang: str = "en", *, registry: pd.DataFrame | None = None
) -> Sentence | list[Sentence]:
    """One sentence per compare_long row (a list for a DataFrame, one Sentence for one row)."""
    check_lang(lang)
    if isinstance(rows, pd.DataFrame):
        return [_headline(r, lang, registry) for r in rows.to_dict("records")]
    return _headline(dict(rows), lang, registry)


# ----------------------------------------------------------------------------- rank


def _corpus_long(indicators: list[str] | None, basis: str) -> pd.DataFrame:
    """The corpus's compare_long table on ``basis``."""
    return api.compare(indicators=indicators, basis=basis, long=True)


def _join_names(names: list[str], lang: str) -> str:
    if len(names) <= 1:
        return "".join(names)
    return template("list_separator", lang).join(names[:-1]) + template("rank.and", lang) + names[-1]


def rank_sentence(
    indicator: str,
    basis: str = "as_stated",
    lang: str = "en",
    *,
    long: pd.DataFrame | None = None,
    registry: pd.DataFrame | None = None,
) -> Sentence:
    """Who sets the highest and the lowest target for an indicator, among plans on one footing.

    Plans are compared only within one unit and kind of number (the footing shared by most
    plans); those stating the indicator otherwise are counted apart. ``long``: a compare_long
    table (default: the corpus on ``basis``).
    """
    check_lang(lang)
    load_taxonomy().indicator(indicator)
    if long is None:
        long = _corpus_long([indicator], basis)
    rows = long[(long["indicator"] == indicator) & (long["basis"] == basis)]
    stated = rows[rows["state"] == "stated"]
    has_target = rows[rows["state"].isin(["stated", "not_convertible"])]
    ind = indicator_name(indicator, lang)
    basis_text = template(f"bases.{basis}", lang)

    def label(r: Mapping) -> str:
        """A plan's name, marked when its number is supplementary."""
        name = jurisdiction_name(r["jurisdiction"], lang, registry)
        if _is_true(r.get("supplementary")):
            return template("supplementary_name", lang).format(name=name)
        return name

    def value_of(r: Mapping) -> tuple[str, Number]:
        """A row's quantity phrase and its Number."""
        phrase, num = quantity(r["value"], r["unit"], lang, value_high=r.get("value_high"),
                               comparator=r.get("comparator") or "=", derived=_is_true(r.get("derived")))
        return phrase, Number(num, float(r["value"]), _ids(r.get("target_ids")),
                              str(r.get("source_quote") or ""), str(r.get("method") or ""))

    main = stated.iloc[0:0]
    if len(stated):
        sizes = stated.groupby(["unit", "kind"], sort=False).size()
        unit, kind = sizes.idxmax()  # most plans; ties: the footing met first
        main = stated[(stated["unit"] == unit) & (stated["kind"] == kind)]
    rest = has_target[~has_target.index.isin(main.index)]
    numbers: list[Number] = []
    others = ""
    other_number: Number | None = None
    if len(rest):
        names = [label(r) for r in rest.to_dict("records")]
        ids = tuple(i for v in rest["target_ids"] for i in _ids(v))
        tmpl = template("rank.others", lang)
        others = tmpl.format(n=len(rest), names=template("list_separator", lang).join(names))
        if "{n}" in tmpl:  # the count is shown: it comes from the other plans' targets
            other_number = Number(str(len(rest)), float(len(rest)), ids)
    recs = main.sort_values("value", ascending=False, kind="stable").to_dict("records")
    if not recs:
        text = template("rank.none", lang).format(indicator=ind, basis=basis_text, others=others)
    elif len(recs) == 1:
        phrase, num = value_of(recs[0])
        numbers.append(num)
        text = template("rank.one", lang).format(name=label(recs[0]), indicator=ind, basis=basis_text,
                                           value=phrase, others=others)
    else:
        top_v, bottom_v = recs[0]["value"], recs[-1]["value"]
        tops = [r for r in recs if r["value"] == top_v]
        bottoms = [r for r in recs if r["value"] == bottom_v]
        n_number = Number(str(len(recs)), float(len(recs)),
                          tuple(i for r in recs for i in _ids(r.get("target_ids"))))
        top_phrase, top_num = value_of(tops[0])
        numbers += [n_number, top_num]
        if top_v == bottom_v:
            text = template("rank.equal", lang).format(n=len(recs), indicator=ind, basis=basis_text,
                                                 top_value=top_phrase, others=others)
        else:
            bottom_phrase, bottom_num = value_of(bottoms[0])
            numbers.append(bottom_num)
            text = template("rank.many", lang).format(
                n=len(recs), indicator=ind, basis=basis_text,
                top=_join_names([label(r) for r in tops], lang), top_value=top_phrase,
                sets=template("rank.sets_one" if len(tops) == 1 else "rank.sets_many", lang),
                bottom=_join_names([label(r) for r in bottoms], lang), bottom_value=bottom_phrase,
                others=others,
            )
    if other_number is not None:
        numbers.append(other_number)
    return Sentence(text, lang, numbers)


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


def missing_sentence(
    jurisdiction: str,
    lang: str = "en",
    *,
    long: pd.DataFrame | None = None,
    registry: pd.DataFrame | None = None,
    limit: int = 8,
) -> Sentence:
    """The indicators other plans set targets for and this plan does not (first ``limit`` named).

    ``long``: a compare_long table (default: the corpus as stated, every stated indicator).
    """
    check_lang(lang)
    if long is None:
        long = _corpus_long(None, "as_stated")
    name = jurisdiction_name(jurisdiction, lang, registry)
    mine = long[long["jurisdiction"] == jurisdiction]
    if mine.empty or (mine["state"] == "not_in_corpus").all():
        return Sentence(template("missing.not_in_corpus", lang).format(name=name), lang, [])
    others = long[(long["jurisdiction"] != jurisdiction)
                  & long["state"].isin(["stated", "not_convertible"])]
    absent = set(mine.loc[mine["state"] == "not_stated", "indicator"])
    missing = [i for i in dict.fromkeys(others["indicator"]) if i in absent]
    if not missing:
        return Sentence(template("missing.none", lang).format(name=name), lang, [])
    ids = tuple(
        i for v in others.loc[others["indicator"].isin(missing), "target_ids"] for i in _ids(v)
    )
    names = [indicator_name(i, lang) for i in missing[:limit]]
    listed = template("list_separator", lang).join(names)
    if len(missing) > limit:
        listed += template("list_more", lang).format(n=len(missing) - limit, total=len(missing))
    k = format_number(len(missing), lang)
    text = template("missing.some", lang).format(name=name, k=k, list=listed)
    return Sentence(text, lang, [Number(k, float(len(missing)), ids)])

"""Rank sentences: who is highest and lowest on one indicator, each sentence true on its own.

Decisions (what the module promises)
    - **Footing.** Plans are compared only within one footing, the (unit, kind) of their cell on
      the basis. The footing ranked is the one whose kind matches the indicator's defining
      measure (its first taxonomy measure), else the one most plans share (ties: first met).
      The sentence names the footing, and counts the plans on every other footing, each named
      ("2 more state it on another footing: 1 as a yearly flow (Sichuan); …"); a plan whose
      target cannot be put on the basis is counted with the footing it does have.
    - **No "only", no "set a target" for a count.** A group is "plans with a figure", since
      supplementary figures (expected values reported by a reference source) are counted too and
      said to be so; a single plan "sets a target" (or "has an expected value"), never "only".
    - **Order at both ends.** Each cell is an interval (a point; a range; a floor "at least" open
      above; a ceiling open below). A plan is highest only when its lower end is above every
      other's lower end and its upper end above every other's upper end (two open ends count as
      above each other); the lowest likewise. Otherwise the sentence says the figures cannot be
      ordered and lists them.
    - **Equal as stated.** Cells with the same stated figure tie, even when the basis values
      differ through the population or plan years they are divided by; the sentence says so.
    - **Notes.** Differing target years, a conflicting restatement, the population year of
      converted per-resident figures and plans of different levels (a province set against
      cities) are said in the sentence.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import pandas as pd

from .. import api
from ..analysis.conversion import KIND
from ..analysis.order import above, interval
from ..vocab.constants import check_lang
from ..vocab.taxonomy import load_taxonomy
from .facts import (
    Sentence,
    conflict_note,
    ids_of,
    in_order,
    is_true,
    join_names,
    level_of,
    ratio_text,
)
from .i18n import indicator_name
from .i18n import plan_name as jurisdiction_name
from .numbers import Number, format_number, quantity
from .templates import load_templates, template

__all__ = ["footing_text", "rank_sentence", "value_phrase"]

_INF = math.inf
_LEVEL_ORDER = ("national", "province", "city", "district", "county")


def footing_text(unit: Any, kind: Any, lang: str) -> str:
    """A footing as it reads after "as": 'a stock to reach', '存量'."""
    words = load_templates()["footings"]
    kind_word = words[kind][lang] if kind in words else str(kind)
    code = str(unit).split(" ")[0]
    units = load_templates()["footing_units"]
    if code in units and units[code][lang]:
        kind_word = template("footing_unit", lang).format(footing=kind_word, unit=units[code][lang])
    if "per 10k residents" in str(unit):
        kind_word = template("footing_per_10k", lang).format(footing=kind_word)
    return kind_word


def value_phrase(r: Mapping, lang: str, targets: pd.DataFrame | None = None) -> tuple[str, Number]:
    """A cell's quantity phrase on its basis ('at least 45,000', '1∶2的比例') and its Number."""
    high = r.get("value_high")
    high = None if high is None or pd.isna(high) else float(high)
    ratio = ratio_text(r, targets) if r.get("kind") == "ratio" else ""
    phrase, num = quantity(r["value"], str(r["unit"]), lang, value_high=high,
                           comparator=r.get("comparator") or "=", derived=is_true(r.get("derived")),
                           ratio=ratio)
    return phrase, Number(num, float(r["value"]), ids_of(r.get("target_ids")),
                          str(r.get("source_quote") or ""), str(r.get("method") or ""), value_high=high)


def _stated_key(r: Mapping) -> tuple:
    sv = r.get("stated_value")
    vh = r.get("value_high")
    if sv is None or pd.isna(sv):
        return ("basis", float(r["value"]), None if vh is None or pd.isna(vh) else float(vh),
                r.get("comparator") or "=")
    svh = r.get("stated_value_high")
    return ("stated", float(sv), None if svh is None or pd.isna(svh) else float(svh),
            r.get("comparator") or "=", r.get("stated_unit"), r.get("measure"))


def _groups(recs: list[dict]) -> list[list[dict]]:
    """Cells grouped by equal figure (as stated), highest value first."""
    out: dict[tuple, list[dict]] = {}
    for r in recs:
        out.setdefault(_stated_key(r), []).append(r)
    return list(out.values())


def _span(group: list[dict]) -> tuple[float, float]:
    ivs = [interval(r) for r in group]
    return min(i[0] for i in ivs), max(i[1] for i in ivs)


def _main_footing(stated: pd.DataFrame, indicator: str) -> tuple[Any, Any]:
    sizes = stated.groupby(["unit", "kind"], sort=False, dropna=False).size()
    measures = load_taxonomy().indicator(indicator).measures
    defining = KIND.get(measures[0], measures[0]) if measures else None
    matching = [k for k in sizes.index if k[1] == defining]
    if matching:
        return max(matching, key=lambda k: sizes[k])  # ties: first met
    return sizes.idxmax()


class _Ctx:
    """What every part of one rank sentence needs."""

    def __init__(self, indicator: str, basis: str, lang: str, registry: pd.DataFrame | None,
                 targets: pd.DataFrame | None) -> None:
        self.lang, self.basis, self.registry, self.targets = lang, basis, registry, targets
        self.ind = indicator_name(indicator, lang)
        self.basis_text = template(f"bases.{basis}", lang)

    def name(self, r: Mapping) -> str:
        return jurisdiction_name(r["jurisdiction"], self.lang, self.registry)

    def label(self, r: Mapping) -> str:
        """A plan's name, marked when its number is an expected value from a reference source."""
        if is_true(r.get("supplementary")):
            return template("supplementary_name", self.lang).format(name=self.name(r))
        return self.name(r)

    def names(self, recs: list[dict]) -> str:
        return join_names([self.label(r) for r in recs], self.lang)


def _others(rest: pd.DataFrame, c: _Ctx) -> tuple[str, list[Number]]:
    """' 2 more state it on another footing: 1 as …; 1 as …, which cannot be put per year (…).'"""
    if rest.empty:
        return "", []
    parts, numbers = [], []
    recs = rest.to_dict("records")
    keys = list(dict.fromkeys((r["state"], r.get("unit"), r.get("kind")) for r in recs))
    for state, unit, kind in keys:
        grp = [r for r in recs if (r["state"], r.get("unit"), r.get("kind")) == (state, unit, kind)]
        key = "rank.other_group" if state == "stated" else "rank.other_group_nc"
        k = format_number(len(grp), c.lang)
        parts.append(template(key, c.lang).format(
            n=k, footing=footing_text(unit, kind, c.lang), names=c.names(grp), basis=c.basis_text))
        numbers.append(Number(k, float(len(grp)), tuple(i for r in grp for i in ids_of(r.get("target_ids")))))
    k = format_number(len(recs), c.lang)
    numbers.insert(0, Number(k, float(len(recs)), tuple(i for r in recs for i in ids_of(r.get("target_ids")))))
    text = template("rank.others_one" if len(recs) == 1 else "rank.others", c.lang).format(
        k=k, groups=template("rank.group_separator", c.lang).join(parts))
    return text, numbers


def _notes(recs: list[dict], c: _Ctx) -> str:
    """Target years, conflicts, populations and levels, as far as they matter."""
    lang, out = c.lang, []
    years: dict[int, list[dict]] = {}
    for r in recs:
        y = r.get("target_year")
        if y is not None and not pd.isna(y):
            years.setdefault(int(y), []).append(r)
    if len(years) > 1:
        items = [template("notes.year_item", lang).format(year=y, names=c.names(rs))
                 for y, rs in sorted(years.items())]
        out.append(template("notes.years", lang).format(
            list=template("rank.group_separator", lang).join(items)))
    per_capita = [r for r in recs if "per 10k residents" in str(r.get("unit"))]
    pops = sorted({int(r["population_year"]) for r in per_capita if is_true(r.get("derived"))
                   and r.get("population_year") is not None and not pd.isna(r.get("population_year"))})
    if pops:
        out.append(template("notes.population", lang).format(
            years=join_names([str(y) for y in pops], lang)))
    if per_capita:
        by_level: dict[str, list[dict]] = {}
        for r in per_capita:
            by_level.setdefault(level_of(r["jurisdiction"], c.registry) or "?", []).append(r)
        if len(by_level) > 1 and "?" not in by_level:
            order = sorted(by_level, key=lambda lv: _LEVEL_ORDER.index(lv) if lv in _LEVEL_ORDER else 9)

            def level_group(lv: str) -> str:
                form = "one" if len(by_level[lv]) == 1 else "many"
                words = load_templates()["levels"]
                word = words[lv][form][lang] if lv in words else lv
                return template("notes.level_group", lang).format(level=word, names=c.names(by_level[lv]))

            first = order[0]
            out.append(template(
                "notes.levels_one" if len(by_level[first]) == 1 else "notes.levels_many", lang,
            ).format(first=level_group(first), rest=join_names([level_group(lv) for lv in order[1:]], lang)))
    for r in recs:
        out.append(conflict_note(r, c.name(r), lang, c.targets))
    return "".join(out)


def _supplementary_clause(recs: list[dict], c: _Ctx) -> tuple[str, list[Number]]:
    sup = [r for r in recs if is_true(r.get("supplementary"))]
    if not sup:
        return "", []
    k = format_number(len(sup), c.lang)
    text = template("rank.supplementary", c.lang).format(k=k)
    return text, [Number(k, float(len(sup)), tuple(i for r in sup for i in ids_of(r.get("target_ids"))))]


def _ranked(recs: list[dict], c: _Ctx, footing: str) -> tuple[str, list[Number]]:
    """The main clause for two or more plans on one footing."""
    lang = c.lang
    n = format_number(len(recs), lang)
    numbers = [Number(n, float(len(recs)), tuple(i for r in recs for i in ids_of(r.get("target_ids"))))]
    sup, sup_numbers = _supplementary_clause(recs, c)
    numbers += sup_numbers
    base = dict(n=n, indicator=c.ind, footing=footing, basis=c.basis_text, supplementary=sup)
    groups = _groups(recs)
    spans = [_span(g) for g in groups]
    if len(groups) == 1:
        g = groups[0]
        phrase, num = value_phrase(g[0], lang, c.targets)
        numbers.append(num)
        values = {r["value"] for r in g}
        if len(values) > 1:
            shown = [value_phrase(r, lang, c.targets) for r in g]
            numbers += [s[1] for s in shown]
            stated = quantity(g[0]["stated_value"], str(g[0].get("stated_unit")), lang,
                              comparator=g[0].get("comparator") or "=")[0]
            each = [template("rank.named_value", lang).format(name=c.label(r), value=s[0])
                    for r, s in zip(g, shown, strict=True)]
            numbers.remove(num)
            return template("rank.equal_stated", lang).format(
                **base, stated=stated, values=template("list_separator", lang).join(each)), numbers
        return template("rank.equal", lang).format(**base, top_value=phrase), numbers
    top = [i for i, s in enumerate(spans) if all(above(s, o) for j, o in enumerate(spans) if j != i)]
    bottom = [i for i, s in enumerate(spans) if all(above(o, s) for j, o in enumerate(spans) if j != i)]

    def side(i: int) -> tuple[str, str, str]:
        g = groups[i]
        phrase, num = value_phrase(g[0], lang, c.targets)
        numbers.append(num)
        has = template("rank.has_one" if len(g) == 1 else "rank.has_many", lang)
        return c.names(g), phrase, has

    if top and bottom:
        t_names, t_val, has = side(top[0])
        b_names, b_val, _ = side(bottom[0])
        text = template("rank.many", lang).format(**base, top=t_names, top_value=t_val, has=has,
                                                  bottom=b_names, bottom_value=b_val)
        if len(groups) > 2:
            text += _equal_notes([g for k, g in enumerate(groups) if k in (top[0], bottom[0])], c)
        else:
            text += _equal_notes(groups, c)
        return text, numbers
    each = []
    for g in sorted(groups, key=lambda g: -_span(g)[0]):
        for r in g:
            phrase, num = value_phrase(r, lang, c.targets)
            numbers.append(num)
            each.append(template("rank.named_value", lang).format(name=c.label(r), value=phrase))
    key = "rank.top_only" if top else "rank.bottom_only" if bottom else "rank.unordered"
    named = c.names(groups[top[0]]) if top else c.names(groups[bottom[0]]) if bottom else ""
    text = template(key, lang).format(**base, name=named,
                                      values=template("list_separator", lang).join(each))
    return text, numbers


def _equal_notes(groups: list[list[dict]], c: _Ctx) -> str:
    """' Wuhan and Shijiazhuang are equal as stated (…).' for tied groups whose basis values differ."""
    out = ""
    for g in groups:
        if len(g) > 1 and len({r["value"] for r in g}) > 1:
            stated = quantity(g[0]["stated_value"], str(g[0].get("stated_unit")), c.lang,
                              comparator=g[0].get("comparator") or "=")[0]
            out += template("notes.equal_stated", c.lang).format(names=c.names(g), stated=stated)
    return out


def rank_sentence(
    indicator: str,
    basis: str = "as_stated",
    lang: str = "en",
    *,
    long: pd.DataFrame | None = None,
    registry: pd.DataFrame | None = None,
    targets: pd.DataFrame | None = None,
) -> Sentence:
    """Who has the highest and the lowest figure for an indicator, among plans on one footing.

    ``long``: a compare_long table (default: the corpus on ``basis``); ``registry`` and
    ``targets`` (levels, text gaps; ratios as written, conflicting values) default to the corpus's.
    """
    check_lang(lang)
    load_taxonomy().indicator(indicator)
    if long is None:
        long = api.compare(indicators=[indicator], basis=basis, long=True)
    rows = long[(long["indicator"] == indicator) & (long["basis"] == basis)]
    stated = rows[rows["state"] == "stated"]
    has_target = rows[rows["state"].isin(["stated", "not_convertible"])]
    c = _Ctx(indicator, basis, lang, registry, targets)
    main = stated.iloc[0:0]
    footing = ""
    if len(stated):
        unit, kind = _main_footing(stated, indicator)
        main = stated[(stated["unit"] == unit) & (stated["kind"] == kind)]
        footing = footing_text(unit, kind, lang)
    others, other_numbers = _others(has_target[~has_target.index.isin(main.index)], c)
    recs = main.sort_values("value", ascending=False, kind="stable").to_dict("records")
    numbers: list[Number] = []
    if not recs:
        text = template("rank.none", lang).format(indicator=c.ind, basis=c.basis_text)
    elif len(recs) == 1:
        r = recs[0]
        phrase, num = value_phrase(r, lang, c.targets)
        numbers.append(num)
        key = "rank.one_supplementary" if is_true(r.get("supplementary")) else "rank.one"
        text = template(key, lang).format(name=c.name(r), indicator=c.ind, footing=footing,
                                          basis=c.basis_text, value=phrase)
    else:
        text, numbers = _ranked(recs, c, footing)
    text += _notes(recs, c) + others
    return Sentence(text, lang, in_order(text, numbers + other_numbers))

"""Narrative building blocks: sentences in English and Chinese, every number tied to its sources.

Each builder returns a :class:`Sentence` ``(text, lang, numbers)``; each :class:`Number` holds the
text it is shown as, its value, the target ids (and measure ids) it comes from, the quote and
the derivation, so a report can footnote every figure. The wording is data
(``data/narrative_templates.yaml``); jurisdiction names come from the registry (``name_zh``,
``name_en``), indicator and category names from the taxonomy.

- ``headline(rows, lang)``: one sentence per cell of a :func:`ipcompare.comparison.compare_long`
  table (stated, derived, not convertible, not stated, not in the corpus).
- ``rank_sentence(indicator, basis, lang)``: the highest and lowest plan among those that state
  the indicator on one footing (same unit and kind of number after conversion).
- ``coverage_sentence(jurisdiction, lang)``: how many targets (and measures) a plan sets, and its
  strongest category.
- ``missing_sentence(jurisdiction, lang)``: the indicators other plans state and it does not.

Numbers (``format_number``):

- en: thousands separators (45,000); "million"/"billion" from 1,000,000 (200 million yuan);
- zh: 万 from 10,000 and 亿 from 100,000,000, the way the plans write them (4.5万, 2亿);
- a number as stated keeps all its digits (万/亿/million only when they stay exact to two
  decimals: 12345 stays 12345, 45000 is 4.5万); a derived number is rounded to three
  significant digits (whole numbers from 1,000 up) and preceded by "about" / "约".
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import yaml

from ..analysis import units as nz
from ..caching import data_cache
from ..paths import data_path
from ..vocab.taxonomy import load_taxonomy

LANGS = ("en", "zh")
_PAREN = re.compile(r"\s*[(（][^()（）]*[)）]\s*$")


@dataclass(frozen=True)
class Number:
    """A number as shown in a sentence, with where it comes from."""

    text: str
    value: float
    target_ids: tuple[str, ...] = ()
    quote: str = ""
    method: str = ""
    measure_ids: tuple[str, ...] = ()
    value_high: float | None = None


@dataclass
class Sentence:
    """A sentence in one language and the numbers it shows (in order of appearance)."""

    text: str
    lang: str
    numbers: list[Number] = field(default_factory=list)

    def __str__(self) -> str:
        return self.text


# ----------------------------------------------------------------------------- templates


@data_cache
def load_templates() -> dict[str, Any]:
    """Load and check ``data/narrative_templates.yaml`` (every leaf has an ``en`` and a ``zh``)."""
    path = data_path("narrative_templates.yaml")
    with open(path, encoding="utf-8") as fh:
        raw = yaml.safe_load(fh)
    check_templates(raw, str(path))
    return raw


def check_templates(raw: Any, source: str = "narrative_templates.yaml") -> None:
    """Raise ValueError naming any template entry that lacks a string in one of LANGS."""
    if not isinstance(raw, dict):
        raise ValueError(f"{source}: top level must be a mapping")

    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict) and set(node) & set(LANGS):
            missing = [lang for lang in LANGS if not isinstance(node.get(lang), str)]
            if missing:
                raise ValueError(f"{source}: {where} has no string for {missing}")
            return
        if not isinstance(node, dict):
            raise ValueError(f"{source}: {where} must be a mapping of en/zh strings")
        for key, value in node.items():
            walk(value, f"{where}.{key}" if where else str(key))

    for key, value in raw.items():
        if key != "version":
            walk(value, str(key))


def _t(path: str, lang: str) -> str:
    node: Any = load_templates()
    for part in path.split("."):
        node = node[part]
    return node[lang]


def _check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, got {lang!r}")
    return lang


# ----------------------------------------------------------------------------- numbers


def _sig3(x: float) -> float:
    if x == 0 or not math.isfinite(x):
        return x
    if abs(x) >= 1000:
        return float(round(x))
    return round(x, 2 - int(math.floor(math.log10(abs(x)))))


def _digits(x: float, commas: bool) -> str:
    text = f"{x:,.10f}" if commas else f"{x:.10f}"
    return text.rstrip("0").rstrip(".")


def _exact2(q: float) -> bool:
    return abs(q * 100 - round(q * 100)) < 1e-6


def format_number(x: float, lang: str = "en", *, derived: bool = False) -> str:
    """Format a number for a sentence (see "Numbers" in the module docstring)."""
    _check_lang(lang)
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "NA"
    x = float(x)
    scales = ((1e8, "亿"), (1e4, "万")) if lang == "zh" else ((1e9, " billion"), (1e6, " million"))
    for mag, word in scales:
        q = x / mag
        if abs(q) >= 1 and (derived or _exact2(q)):
            return _digits(_sig3(q) if derived else q, commas=lang == "en") + word
    return _digits(_sig3(x) if derived else x, commas=lang == "en")


def _range_text(low: float, high: float | None, lang: str, derived: bool) -> str:
    text = format_number(low, lang, derived=derived)
    if high is not None and not math.isnan(high) and high != low:
        text += _t("range", lang) + format_number(high, lang, derived=derived)
    return text


def _template_of(unit_label: str) -> tuple[str, str]:
    """(quantity template, unit code) for a compare_long unit text like 'items per 10k residents'."""
    label = str(unit_label)
    code = label.split(" ")[0]
    if label == "percent per year":
        return "growth", code
    if label == "percent over the plan years":
        return "growth_total", code
    if label.endswith(" per year per 10k residents"):
        return "per_year_per_10k", code
    if label.endswith(" per 10k residents"):
        return "per_10k", code
    if label.endswith(" per year"):
        return "per_year", code
    if code in ("percent", "percentage_points") and label == code:
        return ("percent" if code == "percent" else "plain"), code
    if code == "ratio":
        return "ratio", code
    return "plain", code


def quantity(
    value: float,
    unit_label: str,
    lang: str = "en",
    *,
    value_high: float | None = None,
    comparator: str = "=",
    derived: bool = False,
) -> tuple[str, str]:
    """Return (phrase, number text): '至少45,000', '每万人约40.6件', 'about 72.8% over the plan years'."""
    _check_lang(lang)
    kind, code = _template_of(unit_label)
    if kind == "ratio":
        number = format_number(value, lang)
        if value_high is not None and not math.isnan(value_high):
            number += ":" + format_number(value_high, lang)
    else:
        number = _range_text(value, value_high, lang, derived)
    prefix = _t("about", lang) if derived else (
        _t(f"comparators.{comparator}", lang) if comparator in load_templates()["comparators"] else ""
    )
    units = load_templates()["units"]
    unit = units[code][lang] if code in units else code
    if lang == "en" and unit:
        unit = " " + unit
    phrase = _t(f"quantities.{kind}", lang).format(number=prefix + number, unit=unit)
    return phrase, number


# ----------------------------------------------------------------------------- names


@data_cache
def _registry_names() -> dict[str, dict[str, str]]:
    from ..corpus.registry import jurisdictions

    reg = jurisdictions().drop_duplicates("jurisdiction")
    return {
        str(r.jurisdiction): {"zh": str(r.name_zh), "en": str(r.name_en)}
        for r in reg.itertuples(index=False)
    }


def jurisdiction_name(jurisdiction: str, lang: str, registry: pd.DataFrame | None = None) -> str:
    """The jurisdiction's name in ``lang`` (registry ``name_zh``/``name_en``; else the id)."""
    _check_lang(lang)
    if registry is not None:
        col = f"name_{lang}"
        if col in registry.columns:
            hit = registry.loc[registry["jurisdiction"] == jurisdiction, col]
            if len(hit) and isinstance(hit.iloc[0], str) and hit.iloc[0]:
                return hit.iloc[0]
        return jurisdiction
    return _registry_names().get(jurisdiction, {}).get(lang, jurisdiction)


def indicator_name(indicator: str, lang: str) -> str:
    """The indicator's name for running text: zh name, or the en name without its gloss."""
    _check_lang(lang)
    ind = load_taxonomy().indicator(indicator)
    if lang == "zh":
        return ind.zh
    name = _PAREN.sub("", ind.en)
    if len(name) > 1 and name[0].isupper() and name[1].islower():
        name = name[0].lower() + name[1:]
    return name


def category_name(category: str, lang: str) -> str:
    """The category's name for running text (taxonomy zh, or en in lower case)."""
    cat = load_taxonomy().category(category)
    return cat.zh if lang == "zh" else cat.en.lower()


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
        return Sentence(_t(f"headline.{state}", lang).format(name=name, indicator=ind), lang, [])
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
    sup = _t("supplementary", lang) if _is_true(row.get("supplementary")) else ""
    verb = _t(f"verbs.{row.get('comparator') or '='}", lang) if lang == "zh" else ""
    fields = dict(name=name, indicator=ind, stated=stated, year=_year(row), supplementary=sup,
                  verb=verb, basis=_t(f"bases.{row['basis']}", lang))
    if state == "not_convertible":
        return Sentence(_t("headline.not_convertible", lang).format(**fields), lang, numbers)
    if not _is_true(row.get("derived")):
        return Sentence(_t("headline.stated", lang).format(**fields), lang, numbers)
    vh = row.get("value_high")
    value, value_num = quantity(row["value"], row["unit"], lang, value_high=vh, derived=True)
    numbers.append(Number(value_num, float(row["value"]), ids, quote, method,
                          value_high=None if vh is None or pd.isna(vh) else float(vh)))
    fields.update(value=value, reference=_reference(row, lang))
    return Sentence(_t("headline.derived", lang).format(**fields), lang, numbers)


def headline(
    rows: pd.DataFrame | pd.Series | Mapping, lang: str = "en", *, registry: pd.DataFrame | None = None
) -> Sentence | list[Sentence]:
    """One sentence per compare_long row (a list for a DataFrame, one Sentence for one row)."""
    _check_lang(lang)
    if isinstance(rows, pd.DataFrame):
        return [_headline(r, lang, registry) for r in rows.to_dict("records")]
    return _headline(dict(rows), lang, registry)


# ----------------------------------------------------------------------------- rank


def _corpus_long(indicators: list[str] | None, basis: str) -> pd.DataFrame:
    from ..api import compare

    return compare(indicators=indicators, basis=basis, long=True)


def _join_names(names: list[str], lang: str) -> str:
    if len(names) <= 1:
        return "".join(names)
    return _t("list_separator", lang).join(names[:-1]) + _t("rank.and", lang) + names[-1]


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
    _check_lang(lang)
    load_taxonomy().indicator(indicator)
    if long is None:
        long = _corpus_long([indicator], basis)
    rows = long[(long["indicator"] == indicator) & (long["basis"] == basis)]
    stated = rows[rows["state"] == "stated"]
    has_target = rows[rows["state"].isin(["stated", "not_convertible"])]
    ind = indicator_name(indicator, lang)
    basis_text = _t(f"bases.{basis}", lang)

    def label(r: Mapping) -> str:
        name = jurisdiction_name(r["jurisdiction"], lang, registry)
        if _is_true(r.get("supplementary")):
            return _t("supplementary_name", lang).format(name=name)
        return name

    def value_of(r: Mapping) -> tuple[str, Number]:
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
        tmpl = _t("rank.others", lang)
        others = tmpl.format(n=len(rest), names=_t("list_separator", lang).join(names))
        if "{n}" in tmpl:  # the count is shown: it comes from the other plans' targets
            other_number = Number(str(len(rest)), float(len(rest)), ids)
    recs = main.sort_values("value", ascending=False, kind="stable").to_dict("records")
    if not recs:
        text = _t("rank.none", lang).format(indicator=ind, basis=basis_text, others=others)
    elif len(recs) == 1:
        phrase, num = value_of(recs[0])
        numbers.append(num)
        text = _t("rank.one", lang).format(name=label(recs[0]), indicator=ind, basis=basis_text,
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
            text = _t("rank.equal", lang).format(n=len(recs), indicator=ind, basis=basis_text,
                                                 top_value=top_phrase, others=others)
        else:
            bottom_phrase, bottom_num = value_of(bottoms[0])
            numbers.append(bottom_num)
            text = _t("rank.many", lang).format(
                n=len(recs), indicator=ind, basis=basis_text,
                top=_join_names([label(r) for r in tops], lang), top_value=top_phrase,
                sets=_t("rank.sets_one" if len(tops) == 1 else "rank.sets_many", lang),
                bottom=_join_names([label(r) for r in bottoms], lang), bottom_value=bottom_phrase,
                others=others,
            )
    if other_number is not None:
        numbers.append(other_number)
    return Sentence(text, lang, numbers)


# ----------------------------------------------------------------------------- coverage


def _default_measures() -> pd.DataFrame | None:
    try:
        from ..api import measures as _corpus_measures

        return _corpus_measures()
    except (NotImplementedError, ImportError, AttributeError):
        return None


def coverage_sentence(
    jurisdiction: str,
    lang: str = "en",
    *,
    targets: pd.DataFrame | None = None,
    measures: pd.DataFrame | None = None,
    registry: pd.DataFrame | None = None,
) -> Sentence:
    """How many targets (and measures) a plan sets, and the category most of them concern.

    ``targets``/``measures`` default to the corpus's (measures only when ipcompare.policy_measures is
    available); targets are counted as in :func:`ipcompare.portfolio.coverage`.
    """
    from ..analysis.coverage import coverage_matrix, coverage_targets

    _check_lang(lang)
    if targets is None:
        from ..corpus.registry import registry_row
        from ..corpus.tables import corpus_targets

        registry_row(jurisdiction)  # unknown ids raise UnknownIdError
        targets = corpus_targets().table
        if measures is None:
            measures = _default_measures()
    name = jurisdiction_name(jurisdiction, lang, registry)
    t = coverage_targets(targets)
    t = t[t["jurisdiction"] == jurisdiction]
    m = measures[measures["jurisdiction"] == jurisdiction] if measures is not None else None
    counts = coverage_matrix(t, "category", [jurisdiction]).iloc[0]
    if m is not None:
        counts = counts + coverage_matrix(m, "category", [jurisdiction]).iloc[0]
    n_t = len(t)
    n_m = len(m) if m is not None else 0
    if n_t + n_m == 0:
        return Sentence(_t("coverage.empty", lang).format(name=name), lang, [])
    best = str(counts.idxmax())  # ties: the category first in contract order
    t_ids = tuple(t["target_id"])
    m_ids = tuple(m["measure_id"]) if m is not None and "measure_id" in m.columns else ()
    best_t = tuple(t.loc[t["category"] == best, "target_id"])
    best_m: tuple[str, ...] = ()
    if m is not None and "measure_id" in m.columns and len(m):
        flags = _category_flags(m, best)
        best_m = tuple(m.loc[flags, "measure_id"]) if flags is not None else ()
    numbers = [Number(format_number(n_t, lang), float(n_t), t_ids)]
    sup_ids = tuple(t.loc[t["status"] == "supplementary", "target_id"])
    sup = ""
    if sup_ids:
        sup = _t("coverage.supplementary", lang).format(k=format_number(len(sup_ids), lang))
        numbers.append(Number(format_number(len(sup_ids), lang), float(len(sup_ids)), sup_ids))
    fields = dict(name=name, n_targets=format_number(n_t, lang), supplementary=sup,
                  category=category_name(best, lang), count=format_number(int(counts[best]), lang))
    if m is not None:
        numbers.append(Number(format_number(n_m, lang), float(n_m), (), measure_ids=m_ids))
        fields["n_measures"] = format_number(n_m, lang)
    numbers.append(Number(format_number(int(counts[best]), lang), float(counts[best]), best_t,
                          measure_ids=best_m))
    key = "coverage.both" if m is not None else "coverage.targets"
    return Sentence(_t(key, lang).format(**fields), lang, numbers)


def _category_flags(m: pd.DataFrame, category: str) -> pd.Series | None:
    """Which measures are in ``category`` (boolean column, plural or singular label column)."""
    from ..analysis.coverage import _split

    for col in (category, f"cat_{category}"):
        if col in m.columns and pd.api.types.is_bool_dtype(m[col]):
            return m[col].astype(bool)
    if "categories" in m.columns:
        return m["categories"].map(lambda v: category in _split(v))
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
    _check_lang(lang)
    if long is None:
        long = _corpus_long(None, "as_stated")
    name = jurisdiction_name(jurisdiction, lang, registry)
    mine = long[long["jurisdiction"] == jurisdiction]
    if mine.empty or (mine["state"] == "not_in_corpus").all():
        return Sentence(_t("missing.not_in_corpus", lang).format(name=name), lang, [])
    others = long[(long["jurisdiction"] != jurisdiction)
                  & long["state"].isin(["stated", "not_convertible"])]
    absent = set(mine.loc[mine["state"] == "not_stated", "indicator"])
    missing = [i for i in dict.fromkeys(others["indicator"]) if i in absent]
    if not missing:
        return Sentence(_t("missing.none", lang).format(name=name), lang, [])
    ids = tuple(
        i for v in others.loc[others["indicator"].isin(missing), "target_ids"] for i in _ids(v)
    )
    names = [indicator_name(i, lang) for i in missing[:limit]]
    listed = _t("list_separator", lang).join(names)
    if len(missing) > limit:
        listed += _t("list_more", lang).format(n=len(missing) - limit, total=len(missing))
    k = format_number(len(missing), lang)
    text = _t("missing.some", lang).format(name=name, k=k, list=listed)
    return Sentence(text, lang, [Number(k, float(len(missing)), ids)])

"""Did the plans deliver? The report sections on attainment and ambition: the profile's "did it
deliver?" section and figure, the comparison's attainment table and the data audit's list of
outcomes matched to no target.

Decisions (what the module promises)
    The tables are :mod:`ipcompare.analysis.attainment`'s (through :mod:`.inputs`); this module
    only words and cites them. Every sentence names the target with its year and the outcome
    with its date, cites the target's quote and the outcome's source (and the census, where a
    population converted the figure, naming its year), and says "supplementary" for a target
    from a reference source, so it is true when quoted alone. An unknown attainment is said as
    unknown with its reason, never drawn as a bar or shown as a zero; targets with no published
    outcome at all are counted and named in one sentence.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
from matplotlib.figure import Figure

from ..present import charts
from ..present import html as report
from ..present.i18n import indicator_label, plan_name
from ..present.narrative import Number, format_number, quantity
from ..present.wording import word
from . import inputs
from .citing import Cited, paragraph, sentence
from .common import _as_stated_unit, esc, join, missing, note, para, sup, table

__all__ = [
    "attainment_comparison",
    "attainment_figure",
    "attainment_section",
    "audit_outcomes",
    "population_id",
]

_STATUS = {
    "met": "att_status_met",
    "not_met": "att_status_not_met",
    "met_lower_bound": "att_status_met_lower_bound",
    "unknown": "att_status_unknown",
}
_REASON = {
    "no_outcome": "att_reason_no_outcome",
    "other_definition": "att_reason_other_definition",
    "other_measure": "att_reason_other_measure",
    "rank_or_multiple": "att_reason_rank_or_multiple",
    "too_far": "att_reason_too_far",
    "part_of_year": "att_reason_part_of_year",
    "lower_bound_below": "att_reason_lower_bound_below",
    "no_population": "att_reason_no_population",
}
_SENTENCE = {
    "met": "att_sentence_met",
    "not_met": "att_sentence_not_met",
    "met_lower_bound": "att_sentence_met_lower_bound",
}
_WHY = {"no_indicator": "att_why_no_indicator", "no_target": "att_why_no_target"}


def population_id(jurisdiction: str, year: int) -> str:
    """The citable id of a population figure (``pop:wuhan:2020``)."""
    return f"pop:{jurisdiction}:{int(year)}"


def _target_number(r: Mapping, lang: str) -> Number:
    phrase, _ = quantity(
        float(r["target_value"]),
        _as_stated_unit(str(r["unit"]), str(r["target_measure"])),
        lang,
        comparator=str(r["comparator"]),
    )
    return Number(phrase, float(r["target_value"]), (str(r["target_id"]),))


def _outcome_number(r: Mapping, lang: str) -> Number:
    derived = not str(r["conversion"]).startswith("as published")
    phrase, _ = quantity(
        float(r["outcome_converted"]),
        _as_stated_unit(str(r["unit"]), str(r["target_measure"])),
        lang,
        comparator=">=" if r["status"] == "met_lower_bound" else "=",
        derived=derived,
    )
    ids = [str(r["outcome_id"])]
    if not missing(r.get("population_10k")):
        ids.append(population_id(str(r["jurisdiction"]), int(str(r["outcome_as_of"])[:4])))
    return Number(phrase, float(r["outcome_converted"]), tuple(ids))


def _date(as_of: object, lang: str) -> str:
    """An as-of date as precise as its source: 2020, 2020-12, 2020-12-05 (zh: 2020年12月5日)."""
    parts = str(as_of).split("-")
    key = ("att_date_year", "att_date_month", "att_date_day")[len(parts) - 1]
    return word(
        key,
        lang,
        y=parts[0],
        m=int(parts[1]) if len(parts) > 1 else "",
        d=int(parts[2]) if len(parts) > 2 else "",
    )


def _published(o: Mapping, lang: str) -> str:
    """A published figure in words, in its own measure ('1.61 billion yuan a year')."""
    value = float(o["base_value"])
    if o["measure"] == "per_capita" and not missing(o.get("per_residents")):
        value = value * 10000 / float(o["per_residents"])  # per million → per 10,000: ÷ 100
    phrase, _ = quantity(
        value,
        _as_stated_unit(str(o["unit_code"]), str(o["measure"])),
        lang,
        comparator=">=" if o["bound"] == "lower" else "=",
    )
    return phrase


def _population_text(r: Mapping, lang: str) -> str:
    """How a converted outcome came about: the figure as published, and the population used."""
    if missing(r.get("population_10k")):
        return ""
    ref = str(r["population_reference"])
    pop = format_number(float(r["population_10k"]), lang)
    published = _published(inputs.outcomes().set_index("outcome_id").loc[r["outcome_id"]], lang)
    if ref.startswith("census"):
        return word("att_population_census", lang, date=_date(ref.split()[-1], lang), pop=pop,
                    published=published)
    return word("att_population_year_end", lang, year=ref.split()[0], pop=pop, published=published)


def _supplementary(r: Mapping, lang: str) -> str:
    return word("att_supplementary", lang) if bool(r["supplementary"]) else ""


def _sentence(r: Mapping, lang: str):  # noqa: ANN202 - a narrative Sentence
    """The sentence of one attainment row, true when quoted alone."""
    common = {
        "plan": plan_name(r["jurisdiction"], lang),
        "indicator": indicator_label(r["indicator"], lang) if r["indicator"] else "",
        "target": _target_number(r, lang),
        "year": int(r["target_year"]),
        "sup": _supplementary(r, lang),
    }
    if r["status"] in _SENTENCE:
        pct = format_number(round(float(r["ratio"]) * 100), lang)
        return sentence(
            _SENTENCE[r["status"]],
            lang,
            **common,
            outcome=_outcome_number(r, lang),
            as_of=_date(r["outcome_as_of"], lang),
            pct=pct,
            pop=_population_text(r, lang),
        )
    return sentence("att_sentence_unknown", lang, **common, reason=_reason_text(r, lang))


def _reason_text(r: Mapping, lang: str) -> str | Cited:
    """Why an attainment is unknown; the nearest dated values when none is of the year."""
    as_of = r.get("outcome_as_of") or ""
    text = word(
        _REASON[str(r["reason"])],
        lang,
        year=int(r["target_year"]),
        as_of=_date(as_of, lang) if as_of else "",
    )
    near = [(r[f"{s}_id"], r[f"{s}_as_of"]) for s in ("before", "after") if r.get(f"{s}_id")]
    if not near:
        return text
    outcomes = inputs.outcomes().set_index("outcome_id")
    numbers = []
    for oid, as_of in near:
        o = outcomes.loc[oid]
        shown = word(
            "att_outcome_cell", lang, outcome=_published(o, lang), as_of=_date(as_of, lang)
        )
        numbers.append(Number(shown, float(o["number"]), (str(oid),)))
    listed = join([n.text for n in numbers], lang)
    return Cited(text + word("att_nearest", lang, values=listed), tuple(numbers))


def _rows(jurisdiction: str | None = None) -> pd.DataFrame:
    a = inputs.attainment()
    return a if jurisdiction is None else a[a["jurisdiction"] == jurisdiction]


def _cells(r: Mapping, lang: str, sources: report.Sources) -> list[str]:
    target = _target_number(r, lang)
    tcell = esc(word("att_target_cell", lang, target=target.text, year=int(r["target_year"])))
    tcell += sources.cite(list(target.target_ids))
    if bool(r["supplementary"]):
        tcell = sup(tcell + esc(word("att_supplementary_short", lang)))
    if r["status"] in _SENTENCE:
        out = _outcome_number(r, lang)
        ocell = esc(
            word("att_outcome_cell", lang, outcome=out.text, as_of=_date(r["outcome_as_of"], lang))
        )
        ocell += sources.cite(list(out.target_ids))
        ratio = esc(format_number(round(float(r["ratio"]) * 100), lang) + "%")
        status = esc(word(_STATUS[str(r["status"])], lang))
    else:
        ocell, ratio = esc(word("att_unknown_cell", lang)), esc(word("att_unknown_cell", lang))
        why = _reason_text(r, lang)
        text = why.text if isinstance(why, Cited) else why
        ids = [i for n in why.numbers for i in n.target_ids] if isinstance(why, Cited) else []
        status = esc(word(_STATUS["unknown"], lang) + word("colon", lang) + text)
        status += sources.cite(ids) if ids else ""
    ind = esc(indicator_label(r["indicator"], lang)) if r["indicator"] else ""
    return [ind, tcell, ocell, ratio, status]


def _header(lang: str) -> list[str]:
    return [
        word(k, lang)
        for k in (
            "col_indicator",
            "att_col_target",
            "att_col_outcome",
            "att_col_ratio",
            "att_col_status",
        )
    ]


def attainment_section(jurisdiction: str, lang: str, sources: report.Sources) -> str:
    """The profile's "did it deliver?" section: targets due at the plan's end beside their
    outcomes (sentences and a table), the targets without any outcome, and the ambition."""
    rows = _rows(jurisdiction)
    out = [
        report.heading(word("att_heading", lang), 2, "attainment"),
        note(esc(word("att_intro", lang))),
    ]
    if rows.empty:
        return "".join(out) + para(esc(word("att_no_targets", lang)))
    shown = rows[rows["reason"] != "no_outcome"]
    none = rows[rows["reason"] == "no_outcome"]
    if len(shown):
        out.append(paragraph([_sentence(r, lang) for r in shown.to_dict("records")], sources))
        out.append(
            table(_header(lang), [_cells(r, lang, sources) for r in shown.to_dict("records")])
        )
    if len(none):
        names = sorted({indicator_label(i, lang) for i in none["indicator"] if i})
        unnamed = int((none["indicator"] == "").sum())
        listed = join(
            names + ([word("att_unclassified", lang, n=unnamed)] if unnamed else []), lang
        )
        ids = list(none["target_id"])
        n = Number(format_number(len(none), lang), float(len(none)), tuple(ids))
        out.append(
            paragraph(
                [
                    sentence(
                        "att_no_outcome_count",
                        lang,
                        n=n,
                        year=int(none["target_year"].max()),
                        list=listed,
                    )
                ],
                sources,
            )
        )
    return "".join(out) + _ambition_html(jurisdiction, lang, sources)


def _ambition_html(jurisdiction: str, lang: str, sources: report.Sources) -> str:
    am = inputs.ambition()
    am = am[am["jurisdiction"] == jurisdiction]
    if am.empty:
        return ""
    outcomes = inputs.outcomes().set_index("outcome_id")
    rows = []
    for r in am.to_dict("records"):
        unit = _as_stated_unit(str(r["unit"]), str(r["target_measure"]))
        base, _ = quantity(
            float(r["baseline_value"]),
            unit,
            lang,
            derived=r["baseline_kind"] == "outcome"
            and outcomes.loc[r["baseline_id"], "measure"] != r["target_measure"],
        )
        kind = word(
            "att_baseline_plan" if r["baseline_kind"] == "plan" else "att_baseline_outcome",
            lang,
            year=int(r["baseline_year"]),
        )
        target, _ = quantity(float(r["target_value"]), unit, lang)
        asked = _pct(r["asked_per_year"], lang)
        reached = (
            _pct(r["reached_per_year"], lang)
            if not missing(r["reached_per_year"])
            else word("att_unknown_cell", lang)
        )
        tcell = esc(word("att_target_cell", lang, target=target, year=int(r["target_year"])))
        tcell += sources.cite(r["target_id"])
        rows.append(
            [
                esc(indicator_label(r["indicator"], lang)),
                esc(word("att_outcome_cell", lang, outcome=base, as_of=kind))
                + sources.cite(r["baseline_id"]),
                sup(tcell + esc(word("att_supplementary_short", lang)))
                if r["supplementary"]
                else tcell,
                esc(asked),
                esc(reached),
            ]
        )
    header = [
        word(k, lang)
        for k in (
            "col_indicator",
            "att_col_baseline",
            "att_col_target",
            "att_col_asked",
            "att_col_reached",
        )
    ]
    return (
        report.heading(word("att_ambition_heading", lang), 3, "ambition")
        + note(esc(word("att_ambition_intro", lang)))
        + table(header, rows)
    )


def _pct(x: float, lang: str) -> str:
    return word("att_per_year", lang, pct=f"{float(x) * 100:+.1f}%")


def attainment_figure(jurisdiction: str, lang: str) -> Figure | None:
    """Outcome ÷ target of the plan's judged targets, both dated (None: none is judged)."""
    rows = _rows(jurisdiction)
    if not rows["status"].isin(["met", "not_met", "met_lower_bound"]).any():
        return None
    return charts.attainment_chart(rows, lang)


def attainment_comparison(plans: Sequence[str], lang: str, sources: report.Sources) -> str:
    """The comparison's table: indicators with a published outcome for two or more plans,
    each plan's target due at its end beside its outcome (or unknown, with the reason)."""
    a = _rows()
    a = a[a["jurisdiction"].isin(plans) & (a["reason"] != "no_outcome") & (a["indicator"] != "")]
    n = a.groupby("indicator")["jurisdiction"].nunique()
    inds = [i for i in n.index if n[i] >= 2]
    out = [
        report.heading(word("att_heading", lang), 2, "attainment"),
        note(esc(word("att_intro", lang))),
    ]
    if not inds:
        return "".join(out) + para(esc(word("att_compare_none", lang)))
    rows: list = []
    header = [word("col_plan", lang)] + _header(lang)[1:]
    for ind in inds:
        rows.append(indicator_label(ind, lang))
        for r in a[a["indicator"] == ind].to_dict("records"):
            rows.append([esc(plan_name(r["jurisdiction"], lang)), *_cells(r, lang, sources)[1:]])
    return "".join(out) + table(header, rows)


def audit_outcomes(lang: str, sources: report.Sources) -> str:
    """The data audit's list of published outcomes that no whole-area target of their plan
    counts (no indicator, or an indicator the plan sets no such target for)."""
    u = inputs.unmatched_outcomes()
    total = len(inputs.outcomes())
    out = [
        report.heading(word("att_audit_heading", lang), 2, "outcomes-unmatched"),
        para(esc(word("att_audit_intro", lang, n=len(u), total=total))),
    ]
    rows = []
    for r in u.to_dict("records"):
        name = r["indicator_zh"] if lang == "zh" else r["indicator_en"]
        rows.append(
            [
                esc(plan_name(r["jurisdiction"], lang)),
                esc(name),
                esc(_date(r["as_of"], lang)),
                esc(f"{r['value']} {r['unit']}") + sources.cite(r["outcome_id"]),
                esc(word(_WHY[r["why"]], lang)),
            ]
        )
    header = [
        word(k, lang)
        for k in ("col_plan", "att_col_published", "att_col_as_of", "att_col_value", "att_col_why")
    ]
    return "".join(out) + (table(header, rows) if rows else "")

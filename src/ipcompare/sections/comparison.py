"""The sections of a comparison of plans: overview and summary, side-by-side table, charts
(the plans' timelines among them), statistics.

Decisions (what the module promises)
    A comparison covers the selected plans and policy areas (none selected: all), checked
    before anything is computed (:func:`selection`). Indicators are listed by policy area in
    contract order and, within an area, in the order the comparison gives them. Coverage
    counts task items (actions) in every policy area they concern plus distinct targets,
    supplementary rows included, as ``ipc.coverage`` does. The chi-square p-value is a
    Monte-Carlo one with a fixed seed (:data:`CHI_SEED`) whenever expected counts are small,
    so reports are reproducible; its caveat says the counts are not independent draws. On a
    basis other than as stated, an indicator is shown (and ranked) on it only when the taxonomy
    declares the basis for it, else as stated (:func:`~ipcompare.sections.glance
    .on_declared_bases`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from ..analysis import stats
from ..analysis.comparison import BASES
from ..analysis.coverage import coverage_targets
from ..corpus.registry import jurisdiction_ids, registry_row
from ..present import charts
from ..present import html as report
from ..present import narrative as nv
from ..present.i18n import indicator_label, plan_name
from ..present.narrative import Sentence
from ..present.wording import word
from ..vocab.constants import CATEGORIES
from ..vocab.taxonomy import load_taxonomy
from . import inputs
from .citing import cite_ids, count, paragraph, sentence
from .common import category_label, cell_html, esc, note, para, table
from .glance import comparison_overview, lone_bars_note, on_declared_bases, timelines_figure
from .links import indicator_link, profile_link

__all__ = ["CHI_SEED", "comparison_charts", "comparison_long", "comparison_table", "coverage_matrix",
           "differences_narrative", "selection", "statistics_section"]

CHI_SEED = 0
"""Seed of the Monte-Carlo chi-square p-value (reports are reproducible)."""


def selection(jurisdictions: Sequence[str] | None, categories: Sequence[str] | None
              ) -> tuple[list[str], list[str]]:
    """The plans and categories a comparison covers (empty or None: all), validated."""
    jurs = list(dict.fromkeys(jurisdictions or [])) or jurisdiction_ids()
    for j in jurs:
        registry_row(j)
    cats = list(dict.fromkeys(categories or [])) or list(CATEGORIES)
    bad = [c for c in cats if c not in CATEGORIES]
    if bad:
        raise ValueError(f"unknown categories {bad}; valid: {list(CATEGORIES)}")
    return jurs, cats


def comparison_long(jurisdictions: Sequence[str] | None, categories: Sequence[str] | None,
                    basis: str) -> pd.DataFrame:
    """compare_long of the selected plans on ``basis``, indicators of the selected categories."""
    jurs, cats = selection(jurisdictions, categories)
    long = inputs.compare_long(None, basis, jurs)
    if long.empty:
        return long
    tax = load_taxonomy()
    keep = [i for i in dict.fromkeys(long["indicator"]) if tax.indicator(i).category in cats]
    return long[long["indicator"].isin(keep)].reset_index(drop=True)


def _selected_targets(jurs: Sequence[str], cats: Sequence[str]) -> pd.DataFrame:
    t = inputs.targets()
    return t[t["jurisdiction"].isin(jurs) & t["category"].isin(cats)]


def coverage_matrix(jurisdictions: Sequence[str] | None, categories: Sequence[str] | None
                    ) -> pd.DataFrame:
    """Plans × selected categories: actions plus distinct targets (as ipc.coverage counts)."""
    jurs, cats = selection(jurisdictions, categories)
    m = inputs.coverage("category", "both", jurs)
    out = m[cats].copy()
    out.attrs.update(m.attrs)
    return out


def _coverage_ids(jurisdiction: str, category: str) -> tuple[list[str], list[str]]:
    t = coverage_targets(inputs.targets())
    t_ids = list(t.loc[(t["jurisdiction"] == jurisdiction) & (t["category"] == category),
                       "target_id"])
    m = inputs.actions()
    m_ids = list(m.loc[(m["jurisdiction"] == jurisdiction) & m[f"cat_{category}"].astype(bool),
                       "action_id"])
    return t_ids, m_ids


def differences_narrative(jurisdictions: Sequence[str] | None, categories: Sequence[str] | None,
                          basis: str, lang: str, sources: report.Sources) -> str:
    """The plans at a glance (:func:`~ipcompare.sections.glance.comparison_overview`), then the
    opening prose of a comparison: sizes of the plans, shared indicators, main differences."""
    jurs, cats = selection(jurisdictions, categories)
    t = coverage_targets(_selected_targets(jurs, cats))
    counts = {j: list(t.loc[t["jurisdiction"] == j, "target_id"]) for j in jurs}
    order = sorted(jurs, key=lambda j: (-len(counts[j]), jurs.index(j)))
    sentences: list[Sentence] = []
    most, fewest = order[0], order[-1]
    lo, hi = len(counts[fewest]), len(counts[most])
    if len(jurs) == 1:
        sentences.append(sentence("one_plan", lang, name=plan_name(most, lang),
                                   low=count(lo, lang, counts[most])))
    elif lo == hi:
        ids = [i for j in jurs for i in counts[j]]
        sentences.append(sentence("n_plans_equal", lang, n=count(len(jurs), lang),
                                   low=count(lo, lang, ids)))
    else:
        sentences.append(sentence(
            "n_plans", lang, n=count(len(jurs), lang), low=count(lo, lang, counts[fewest]),
            high=count(hi, lang, counts[most]), most=plan_name(most, lang),
            fewest=plan_name(fewest, lang)))
    long = comparison_long(jurs, cats, "as_stated")
    if len(long):
        has = long[long["state"].isin(["stated", "not_convertible"])]
        per = has.groupby("indicator")["jurisdiction"].nunique()
        shared = per[per >= 2]
        everyone = per[per == len(jurs)]

        def ids_of(inds: Iterable[str]) -> list[str]:
            sel = has[has["indicator"].isin(list(inds))]
            return [i for v in sel["target_ids"] for i in str(v).split("|") if i]

        if len(jurs) > 1:
            sentences.append(sentence(
                "indicators_shared", lang, k=count(len(per), lang, ids_of(per.index)),
                shared=count(len(shared), lang, ids_of(shared.index)),
                all_=count(len(everyone), lang, ids_of(everyone.index)), n=count(len(jurs), lang)))
        top = sorted(shared.index, key=lambda i: (-shared[i], list(per.index).index(i)))[:3]
        basis_long = comparison_long(jurs, cats, basis)
        tax = load_taxonomy()
        for ind in top:  # ranked on the basis only where the taxonomy declares it
            b = tax.indicator(ind).default_basis(basis)
            sentences.append(nv.rank_sentence(ind, b, lang, long=basis_long if b == basis else long))
    sentences += [s for s in (_chi_sentence(jurs, cats, lang), _js_sentence(jurs, cats, lang)) if s]
    return (comparison_overview(jurs, lang, sources)
            + report.heading(word("summary", lang), 2, "summary")
            + note(esc(_selection_line(jurs, cats, basis, lang)))
            + paragraph(sentences, sources))


def _selection_line(jurs: Sequence[str], cats: Sequence[str], basis: str, lang: str) -> str:
    return word("selection", lang, plans=word("sep", lang).join(plan_name(j, lang) for j in jurs),
                cats=word("sep", lang).join(category_label(c, lang) for c in cats),
                basis=charts.label("bases", basis, lang))


def _fmt(x: float, digits: int = 3) -> str:
    return f"{x:.{digits}f}"


def _chi_method(res: stats.ChiSquareResult, lang: str) -> str:
    return (word("chi_mc", lang, n=res.n_resamples, seed=CHI_SEED) if res.method == "monte_carlo"
            else word("chi_asymptotic", lang))


def _chi_sentence(jurs: Sequence[str], cats: Sequence[str], lang: str) -> Sentence | None:
    try:
        res = stats.chi_square(coverage_matrix(jurs, cats), seed=CHI_SEED)
    except ValueError:
        return None
    return Sentence(word("chi_text", lang, stat=f"{res.statistic:.2f}", dof=res.dof,
                         p=_p_value(res.reported_p_value), method=_chi_method(res, lang)), lang, [])


def _js_sentence(jurs: Sequence[str], cats: Sequence[str], lang: str) -> Sentence | None:
    m = coverage_matrix(jurs, cats)
    m = m[m.sum(axis=1) > 0]
    if len(m) < 2:
        return None
    d = stats.jensen_shannon(m)
    pairs = [(d.iloc[i, k], d.index[i], d.index[k]) for i in range(len(d)) for k in range(i + 1, len(d))]
    lo = min(pairs, key=lambda p: p[0])
    hi = max(pairs, key=lambda p: p[0])
    return Sentence(word("js_text", lang, a=plan_name(lo[1], lang), b=plan_name(lo[2], lang),
                         d=_fmt(lo[0]), c=plan_name(hi[1], lang), e=plan_name(hi[2], lang),
                         f=_fmt(hi[0])), lang, [])


def comparison_table(jurisdictions: Sequence[str] | None, categories: Sequence[str] | None,
                     basis: str, lang: str, sources: report.Sources) -> str:
    """Indicators × plans on ``basis`` where the taxonomy declares it for the indicator, else as
    stated: each value footnoted, 'not stated' marked, by area."""
    jurs, cats = selection(jurisdictions, categories)
    long = comparison_long(jurs, cats, basis)
    out = [report.heading(word("side_by_side", lang), 2, "side-by-side")]
    if long.empty:
        return "".join(out) + para(esc(word("none", lang)))
    # English readers get how the basis is derived; Chinese ones its name (BASES is English)
    described = BASES[basis] if lang == "en" else charts.label("bases", basis, lang)
    out.append(note(esc(word("basis_note", lang, basis=described))))
    if basis != "as_stated":
        long = on_declared_bases(long, comparison_long(jurs, cats, "as_stated"), basis)
        out.append(note(esc(word("bases_note", lang))))
    tax = load_taxonomy()
    rows: list[Sequence[str] | str] = []
    for cat in cats:
        inds = [i for i in dict.fromkeys(long["indicator"]) if tax.indicator(i).category == cat]
        if inds:
            rows.append(category_label(cat, lang))
        for ind in inds:
            cells = long[long["indicator"] == ind].set_index("jurisdiction")
            rows.append([indicator_link(ind, lang),
                         *[cell_html(cells.loc[j], lang, sources) for j in jurs]])
    header = [word("col_indicator", lang), *[report.Html(profile_link(j, lang)) for j in jurs]]
    return "".join(out) + table(header, rows)


def comparison_charts(jurisdictions: Sequence[str] | None, categories: Sequence[str] | None,
                      basis: str, lang: str, limit: int = 6) -> list[str | Figure]:
    """The comparison's charts, each after an h3: coverage, indicator bars (as stated and on
    ``basis``, for the indicators that declare it; a value that would stand alone in its panel
    is named in a sentence instead), growth targets, milestone trajectories, the plans on one
    timeline, similarity, instrument mix. Each chart links its data as CSV."""
    jurs, cats = selection(jurisdictions, categories)
    out: list[str | Figure] = [report.heading(word("charts", lang), 2, "charts")]

    def h3(key: str, anchor: str, **fields: Any) -> None:
        out.append(report.heading(charts.label("text", key, lang, **fields), 3, anchor))

    m = coverage_matrix(jurs, cats)
    h3("coverage_title", "chart-coverage")
    out.append(charts.coverage_heatmap(m, lang))
    long_stated = comparison_long(jurs, cats, "as_stated")
    if len(long_stated):
        has = long_stated[long_stated["state"].isin(["stated", "not_convertible"])]
        per = has.groupby("indicator")["jurisdiction"].nunique()
        order = sorted(per.index, key=lambda i: (-per[i], list(per.index).index(i)))
        inds = [i for i in order if per[i] >= 2][:limit] or order[:limit]
        tax = load_taxonomy()
        for b in dict.fromkeys(["as_stated", basis]):
            long = long_stated if b == "as_stated" else comparison_long(jurs, cats, b)
            sel = [i for i in inds if (long.loc[long["indicator"] == i, "state"] == "stated").any()
                   and tax.indicator(i).default_basis(b) == b]
            h3("indicators_title", f"chart-bars-{b.replace('_', '-')}",
               basis=charts.label("bases", b, lang))
            drawn = charts.bar_data(long, sel, lang, b) if sel else pd.DataFrame()
            if len(drawn) and (drawn["drawn"] == "bar").any():
                out.append(charts.indicators_panel(long, sel, lang, basis=b, ncols=3))
                out.append(note(esc(word("bars_note", lang))))
            else:
                out.append(para(esc(word("no_basis", lang))))
            lone = lone_bars_note(long, sel, b, lang)
            if lone:
                out.append(lone)
    t = _selected_targets(jurs, cats)
    if (t["measure"] == "annual_growth").any():
        h3("growth_title", "chart-growth")
        out.append(charts.growth_dotplot(t, lang))
    miles = t[t["status"] == "milestone"]
    if len(miles):
        stating = t[t["status"] != "restated"].groupby("indicator")["jurisdiction"].nunique()
        inds = sorted(dict.fromkeys(miles["indicator"].dropna()),
                      key=lambda i: (-stating.get(i, 0), i))
        inds = [i for i in inds if stating.get(i, 0) >= 2][:3]
        for n, ind in enumerate(inds):
            h3("milestones_title", f"chart-milestones-{n + 1}", indicator=indicator_label(ind, lang))
            out.append(charts.milestone_trajectories(t, ind, lang))
    h3("timelines_title", "chart-timelines")
    out.append(timelines_figure(jurs, lang))
    nonzero = m[m.sum(axis=1) > 0]
    if len(nonzero) >= 3 and (m.sum(axis=0) > 0).sum() >= 2:  # fewer: nothing to cluster
        h3("dendrogram_title", "chart-dendrogram", method=charts.label("linkage", "average", lang))
        out.append(charts.similarity_dendrogram(nonzero, lang))
    inst = inputs.coverage("instrument", "actions", jurs)
    if inst.to_numpy().sum() > 0:
        h3("instrument_title", "chart-instruments")
        out.append(charts.instrument_mix(inst, lang))
    return out


def _matrix_table(m: pd.DataFrame, lang: str, fmt: Any = None) -> str:
    header = ["", *[category_label(c, lang) if c in CATEGORIES else plan_name(c, lang)
                    for c in m.columns]]
    rows = [[esc(plan_name(i, lang)), *[esc(fmt(v) if fmt else v) for v in r]]
            for i, r in zip(m.index, m.to_numpy(), strict=True)]
    return table(header, rows)


def statistics_section(jurisdictions: Sequence[str] | None, categories: Sequence[str] | None,
                       lang: str, sources: report.Sources) -> str:
    """Coverage table (cited), chi-square with its method and caveat, Jensen–Shannon
    distances, portfolio measures and Jaccard similarity of the plans."""
    jurs, cats = selection(jurisdictions, categories)
    m = coverage_matrix(jurs, cats)
    out = [report.heading(word("statistics", lang), 2, "statistics"),
           report.heading(word("coverage_matrix", lang), 3, "stats-coverage"),
           note(esc(word("coverage_note", lang)))]
    rows = []
    for j in jurs:
        cells = [esc(plan_name(j, lang))]
        for c in cats:
            t_ids, m_ids = _coverage_ids(j, c)
            n = int(m.loc[j, c])
            cells.append(f"{n}{cite_ids(sources, t_ids + m_ids)}")
        rows.append(cells)
    out.append(table(["", *[category_label(c, lang) for c in cats]], rows))

    out.append(report.heading(word("chi_square", lang), 3, "stats-chi-square"))
    try:
        res = stats.chi_square(m, seed=CHI_SEED)
    except ValueError:
        out.append(para(esc(word("not_computable", lang, reason=word("chi_needs", lang)))))
    else:
        out.append(para(esc(word("chi_text", lang, stat=f"{res.statistic:.2f}", dof=res.dof,
                                   p=_p_value(res.reported_p_value), method=_chi_method(res, lang)))))
        if res.method == "monte_carlo":
            small = int(round(res.share_expected_below_5 * res.expected.size))
            out.append(note(esc(word("chi_caveat", lang, k=small, cells=res.expected.size,
                                     min=f"{res.min_expected:.2f}", p_asym=_p_value(res.p_value)))))
        else:
            out.append(note(esc(word("chi_caveat_ok", lang))))
        dropped = [c for c in m.columns if m[c].sum() == 0] + [j for j in m.index if m.loc[j].sum() == 0]
        if dropped:
            names = [category_label(d, lang) if d in CATEGORIES else plan_name(d, lang) for d in dropped]
            out.append(note(esc(word("chi_dropped", lang, what=word("sep", lang).join(names)))))

    nonzero = m[m.sum(axis=1) > 0]
    out.append(report.heading(word("js", lang), 3, "stats-js"))
    if len(nonzero) >= 2:
        d = stats.jensen_shannon(nonzero)
        out += [note(esc(word("js_note", lang))), _matrix_table(d, lang, _fmt)]
    else:
        out.append(para(esc(word("not_computable", lang, reason=word("js_needs", lang)))))
    out.append(report.heading(word("portfolio", lang), 3, "stats-portfolio"))
    ps = stats.portfolio_summary(m)
    header = ["", *[word(k, lang) for k in ("col_size", "col_shannon", "col_gini_simpson",
                                            "col_equality")]]
    rows = [[esc(plan_name(j, lang)), str(int(r["size"])), _fmt(r["shannon"]),
             _fmt(r["gini_simpson"]), _fmt(r["equality"])] for j, r in ps.iterrows()]
    out += [note(esc(word("portfolio_note", lang))), table(header, rows)]
    out.append(report.heading(word("jaccard", lang), 3, "stats-jaccard"))
    out.append(_matrix_table(stats.similarity_jaccard(m), lang, _fmt))
    return "".join(out)


def _p_value(p: float) -> str:
    return "< 0.0001" if p < 1e-4 else f"{p:.4f}"

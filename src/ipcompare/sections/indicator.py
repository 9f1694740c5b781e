"""The sections of an indicator report: summary, definition, every target as stated, the
indicator on each basis, and its charts.

Decisions (what the module promises)
    An indicator report covers every plan of the corpus; an unknown indicator raises
    :class:`~ipcompare.errors.UnknownIdError` before anything is drawn. Plans are ranked and
    charted on a basis only when the taxonomy declares it for the indicator and at least two
    state a comparable value on it. A basis is shown only when
    some plan's target converts to it; its English description (``BASES``) is shown in
    English reports only. Each plan's headline uses its value per 10,000 residents when the
    indicator declares that basis and the value converts, else its value as stated.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from matplotlib.figure import Figure

from ..analysis.comparison import BASES
from ..corpus.registry import jurisdiction_ids
from ..present import charts
from ..present import html as report
from ..present import narrative as nv
from ..present.i18n import plan_name
from ..present.wording import word
from ..vocab.taxonomy import load_taxonomy
from . import inputs
from .citing import count, paragraph, sentence
from .common import (
    basis_heading,
    category_label,
    cell_html,
    esc,
    measure_label,
    note,
    para,
    table,
    target_header,
    target_rows,
)
from .derivation import derivation
from .glance import lone_bars_note
from .links import profile_link

__all__ = ["indicator_definition", "indicator_figures", "indicator_normalized", "indicator_summary",
           "indicator_table"]


def indicator_summary(indicator: str, lang: str, sources: report.Sources) -> str:
    """Opening prose of an indicator report: who states it, highest and lowest, per plan."""
    load_taxonomy().indicator(indicator)
    jurs = jurisdiction_ids()
    a = inputs.compare_long([indicator], "as_stated", jurs)
    has = a[a["state"].isin(["stated", "not_convertible"])]
    ids = [i for v in has["target_ids"] for i in str(v).split("|") if i]
    out = [report.heading(word("summary", lang), 2, "summary")]
    if has.empty:
        return "".join(out) + para(esc(word("stated_by_none", lang)))
    sentences = [sentence("stated_by", lang, k=count(len(has), lang, ids), n=count(len(jurs), lang))]
    bases = load_taxonomy().indicator(indicator).bases
    for basis in ("as_stated", "per_10k_residents"):  # a ranking needs two plans
        if basis not in bases:
            continue
        long = a if basis == "as_stated" else inputs.compare_long([indicator], basis, jurs)
        if (long["state"] == "stated").sum() >= 2:
            sentences.append(nv.rank_sentence(indicator, basis, lang, long=long))
    best = inputs.compare_long([indicator], "per_10k_residents" if "per_10k_residents" in bases
                               else "as_stated", jurs)
    for j in has["jurisdiction"]:
        row = best[best["jurisdiction"] == j].iloc[0]
        if row["state"] != "stated":
            row = a[a["jurisdiction"] == j].iloc[0]
        sentences.append(nv.headline(row, lang))
    missing = [plan_name(j, lang) for j in jurs if j not in set(has["jurisdiction"])]
    if missing:
        sentences.append(sentence("not_stated_by", lang, list=word("sep", lang).join(missing)))
    return "".join(out) + paragraph(sentences, sources)


def plain_wordings(aliases: Sequence[str], subjects: Sequence[str]) -> list[str]:
    """What an indicator matches, in words a reader reads: its aliases that are plain words
    (a regular expression is the machine's rule, not a wording) and the plans' own wordings of
    what they count, each once, in that order; pure."""
    plain = [a for a in aliases if a and re.escape(a) == a]
    return list(dict.fromkeys([*plain, *(s.strip() for s in subjects if s and s.strip())]))


def _subjects(indicator: str) -> list[str]:
    t = inputs.targets()
    return t.loc[t["indicator"] == indicator, "subject"].dropna().astype(str).tolist()


def indicator_definition(indicator: str, lang: str) -> str:
    """What the indicator counts: names, policy area, unit, usual measures, wordings matched."""
    ind = load_taxonomy().indicator(indicator)
    items = [
        (word("col_indicator", lang), f"{esc(ind.zh)} · {esc(ind.en)} (<code>{esc(ind.id)}</code>)"),
        *([(word("def_definition", lang), esc(ind.definition(lang)))] if ind.definition(lang) else []),
        (word("def_category", lang), esc(category_label(ind.category, lang))),
        (word("def_unit", lang), esc(charts.label("units", ind.unit, lang))),
        (word("def_measures", lang), esc(word("sep", lang).join(measure_label(m, lang)
                                                               for m in ind.measures))),
        (word("def_aliases", lang), esc(word("sep", lang).join(
            plain_wordings(ind.aliases, _subjects(indicator))))),
        (word("def_national", lang), esc(word("yes" if ind.national else "no", lang))),
    ]
    if ind.note and lang == "en":  # the taxonomy's notes are English
        items.append((word("def_note", lang), esc(ind.note)))
    body = "".join(f"<tr><th>{esc(k)}</th><td>{v}</td></tr>" for k, v in items)
    return (report.heading(word("definition", lang), 2, "definition")
            + f'<table class="ipc-table"><tbody>{body}</tbody></table>')


def indicator_table(indicator: str, lang: str, sources: report.Sources) -> str:
    """Every row on the indicator as stated, plan by plan: stated, restated, milestones,
    supplementary, each with its quote."""
    load_taxonomy().indicator(indicator)
    t = inputs.targets()
    rows = t[t["indicator"] == indicator]
    out = [report.heading(word("as_stated_heading", lang), 2, "as-stated")]
    if rows.empty:
        return "".join(out) + para(esc(word("no_rows", lang)))
    for j in dict.fromkeys(rows["jurisdiction"]):
        mine = rows[rows["jurisdiction"] == j]
        out.append(f'<h3 id="as-stated-{esc(j)}">{profile_link(j, lang)} ({len(mine)})</h3>')
        out.append(table(target_header(lang, False), target_rows(mine, lang, sources, False)))
    return "".join(out)


def indicator_normalized(indicator: str, lang: str, sources: report.Sources) -> str:
    """The indicator on every basis the taxonomy declares for it and a target converts to: value
    and how it was derived, in the report's language."""
    load_taxonomy().indicator(indicator)
    out = [report.heading(word("normalized", lang), 2, "normalized")]
    jurs = jurisdiction_ids()
    shown = 0
    declared = load_taxonomy().indicator(indicator).bases
    for basis in (b for b in BASES if b in declared):
        long = inputs.compare_long([indicator], basis, jurs)
        has = long[long["state"].isin(["stated", "not_convertible"])]
        if not (long["state"] == "stated").any() or (basis == "as_stated" and has.empty):
            continue
        if basis != "as_stated" and not long["derived"].fillna(False).astype(bool).any():
            continue  # nothing converted: the same numbers as stated, said once
        shown += 1
        out.append(report.heading(basis_heading(basis, lang), 3, f"basis-{basis.replace('_', '-')}"))
        if lang == "en":
            out.append(note(esc(BASES[basis])))
        rows = [[profile_link(r["jurisdiction"], lang), cell_html(r, lang, sources),
                 f"<small>{esc(derivation(r, lang))}</small>"] for r in has.to_dict("records")]
        out.append(table([word("col_plan", lang), word("col_value", lang), word("col_method", lang)],
                          rows))
    if not shown:
        out.append(para(esc(word("no_rows", lang))))
    return "".join(out)


def indicator_figures(indicator: str, lang: str) -> list[str | Figure]:
    """Bars as stated, per 10,000 residents and per year, on those of them the taxonomy declares
    for the indicator, with 'not stated' written where a bar would be, a sentence for a value
    that would stand alone, and the milestone trajectories when the plans set milestones."""
    load_taxonomy().indicator(indicator)
    jurs = jurisdiction_ids()
    out: list[str | Figure] = [report.heading(word("charts", lang), 2, "charts")]
    bases = load_taxonomy().indicator(indicator).bases
    for basis in ("as_stated", "per_10k_residents", "per_year"):
        long = inputs.compare_long([indicator], basis, jurs)
        if basis not in bases or not (long["state"] == "stated").any():
            continue
        out.append(report.heading(basis_heading(basis, lang), 3, f"chart-{basis.replace('_', '-')}"))
        data = charts.bar_data(long, [indicator], lang, basis)
        if (data["drawn"] == "bar").any():
            out.append(charts.indicator_bars(long, indicator, lang, basis=basis))
        out.append(lone_bars_note(long, [indicator], basis, lang))
    t = inputs.targets()
    if ((t["indicator"] == indicator) & (t["status"] == "milestone")).any():
        out.append(report.heading(word("milestones", lang), 3, "chart-milestones"))
        out.append(charts.milestone_trajectories(t, indicator, lang))
    if len(out) > 1:
        out.append(note(esc(word("bars_note", lang))))
    else:
        out.append(para(esc(word("no_rows", lang))))
    return out

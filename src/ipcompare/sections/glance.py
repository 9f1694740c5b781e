"""What a reader sees first and what keeps charts honest: one-page overviews, timelines, the
bases each indicator is shown on, and the sentence that replaces a one-bar chart.

Decisions (what the module promises)
    - **Overview** (:func:`plan_overview`, :func:`comparison_overview`): the plan's title,
      issuer, period, kind (the registry's ``plan_kind`` when it has one; no row otherwise) and
      counts of what its text dates, then the headline indicators side by side. Headline
      indicators are data: those the taxonomy marks ``headline: true`` (at most
      :data:`HEADLINE_LIMIT`, in taxonomy order). Each value is the plan's own figure as stated,
      footnoted to its quote; "not stated" is said as such.
    - **Bases** (:func:`on_declared_bases`): a table or chart on a basis shows each indicator
      on that basis only when the taxonomy declares it for the indicator, else as stated (a
      per-resident count of funds is noise); ``ipc.compare(basis=...)`` still converts any.
    - **One bar** (:func:`lone_bars_note`): a value that would stand alone in its panel is not
      charted; a sentence names it (indicator, plan, kind of number) without a number, which
      the table beside it gives with its footnote, so the sentence is true quoted alone.
    - **Timelines** (:func:`plan_timeline_html`, :func:`timelines_figure`): drawn only for plans
      whose text dates stages or yearly milestones; otherwise a sentence says so.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from matplotlib.figure import Figure

from ..corpus.registry import registry_row
from ..present import charts
from ..present import html as report
from ..present.i18n import indicator_label, plan_name
from ..present.wording import has_word, word
from ..vocab.taxonomy import load_taxonomy
from . import inputs
from .common import cell_html, esc, figure_html, missing, note, para, table

__all__ = ["HEADLINE_LIMIT", "comparison_overview", "headline_indicators", "lone_bars_note",
           "on_declared_bases", "plan_overview", "plan_timeline_html", "timelines_figure"]

HEADLINE_LIMIT = 8
"""At most this many headline indicators on an overview (the taxonomy marks five to eight)."""


def headline_indicators() -> list[str]:
    """The indicators the taxonomy marks as headline, in taxonomy order (at most HEADLINE_LIMIT)."""
    return [i.id for i in load_taxonomy().indicators if i.headline][:HEADLINE_LIMIT]


def on_declared_bases(on_basis: pd.DataFrame, as_stated: pd.DataFrame, basis: str) -> pd.DataFrame:
    """compare_long rows on ``basis`` for the indicators that declare it, as-stated rows for
    the others (pure; both tables are compare_long rows of the same plans)."""
    if basis == "as_stated" or on_basis.empty:
        return on_basis
    tax = load_taxonomy()
    keep = {i for i in dict.fromkeys(on_basis["indicator"])
            if tax.indicator(i).default_basis(basis) == basis}
    parts = [on_basis[on_basis["indicator"].isin(keep)],
             as_stated[as_stated["indicator"].isin(set(on_basis["indicator"]) - keep)]]
    order = {i: n for n, i in enumerate(dict.fromkeys(on_basis["indicator"]))}
    out = pd.concat(parts, ignore_index=True)
    return out.sort_values("indicator", key=lambda s: s.map(order), kind="stable",
                           ignore_index=True)


def lone_bars_note(long: pd.DataFrame, indicators: Sequence[str], basis: str, lang: str) -> str:
    """A paragraph naming the values a bar chart leaves out because they would stand alone
    ('' when there are none)."""
    if not len(indicators) or long.empty:
        return ""
    lone = charts.lone_bars(long, list(indicators), lang, basis)
    if lone.empty:
        return ""
    items = [word("lone_item", lang, indicator=indicator_label(r["indicator"], lang),
                  plan=plan_name(r["jurisdiction"], lang),
                  kind=charts.label("kinds", r["kind"], lang) if not missing(r["kind"]) else "")
             for r in lone.to_dict("records")]
    return para(esc(word("lone_bars", lang, list=word("sep", lang).join(items))))


# ----------------------------------------------------------------------------- overviews


def _kind(row: pd.Series, lang: str) -> str | None:
    """The plan's kind in ``lang`` (None: the registry states none)."""
    kind = row.get("plan_kind") if hasattr(row, "get") else None
    if missing(kind) or str(kind) == "other":
        return None
    key = f"plan_kind_{kind}"
    return word(key, lang) if has_word(key) else str(kind).replace("_", " ")


def _counts(jurisdiction: str, lang: str) -> str:
    t = inputs.targets()
    mine = t[t["jurisdiction"] == jurisdiction]
    st = inputs.stages()
    return word("overview_counts_value", lang, stated=int((mine["status"] == "stated").sum()),
                milestones=int((mine["status"] == "milestone").sum()),
                stages=int((st["jurisdiction"] == jurisdiction).sum()))


def _facts(jurisdiction: str, lang: str) -> list[tuple[str, str]]:
    r = registry_row(jurisdiction)
    facts = [(word("overview_plan", lang), esc(r["title"])),
             (word("overview_issuer", lang), esc(r["issuer"])),
             (word("overview_period", lang), esc(word("overview_period_value", lang,
                                                      start=int(r["period_start"]),
                                                      end=int(r["period_end"]))))]
    kind = _kind(r, lang)
    if kind:
        facts.append((word("overview_kind", lang), esc(kind)))
    facts.append((word("overview_counts", lang), esc(_counts(jurisdiction, lang))))
    return facts


def _headline_long(jurisdictions: Sequence[str]) -> pd.DataFrame:
    return inputs.compare_long(headline_indicators(), "as_stated", list(jurisdictions))


def plan_overview(jurisdiction: str, lang: str, sources: report.Sources) -> str:
    """A plan at a glance: title, issuer, period, kind, what its text dates, and its headline
    indicators as stated (footnoted) beside how many plans state each."""
    out = [report.heading(word("overview", lang), 2, "overview")]
    body = "".join(f"<tr><th>{esc(k)}</th><td>{v}</td></tr>" for k, v in _facts(jurisdiction, lang))
    out.append(f'<table class="ipc-table"><tbody>{body}</tbody></table>')
    jurs = list(inputs.registry()["jurisdiction"])
    long = _headline_long(jurs)
    if long.empty:
        return "".join(out)
    rows = []
    for ind in headline_indicators():
        cells = long[long["indicator"] == ind]
        if cells.empty:
            continue
        mine = cells[cells["jurisdiction"] == jurisdiction].iloc[0]
        k = int(cells["state"].isin(["stated", "not_convertible"]).sum())
        rows.append([esc(indicator_label(ind, lang)), cell_html(mine, lang, sources),
                     esc(word("overview_stating", lang, k=k, n=len(jurs)))])
    out.append(report.heading(word("overview_headline", lang), 3, "overview-headline"))
    out.append(note(esc(word("overview_headline_note", lang))))
    out.append(table([word("col_indicator", lang), plan_name(jurisdiction, lang),
                      word("col_plans_stating", lang)], rows))
    return "".join(out)


def comparison_overview(jurisdictions: Sequence[str], lang: str, sources: report.Sources) -> str:
    """The compared plans at a glance: period, kind and what each text dates, then the headline
    indicators side by side, as each plan states them (footnoted)."""
    jurs = list(jurisdictions)
    out = [report.heading(word("overview", lang), 2, "overview")]
    facts = {j: dict(_facts(j, lang)) for j in jurs}
    keys = list(dict.fromkeys(k for j in jurs for k in facts[j]
                              if k not in (word("overview_plan", lang), word("overview_issuer", lang))))
    rows: list[Sequence[str] | str] = [[esc(k), *[facts[j].get(k, "") for j in jurs]] for k in keys]
    long = _headline_long(jurs)
    if not long.empty:
        rows.append(word("overview_headline", lang))
        for ind in headline_indicators():
            cells = long[long["indicator"] == ind].set_index("jurisdiction")
            if cells.empty or not cells["state"].isin(["stated", "not_convertible"]).any():
                continue
            rows.append([esc(indicator_label(ind, lang)),
                         *[cell_html(cells.loc[j], lang, sources) for j in jurs]])
    out.append(table(["", *[plan_name(j, lang) for j in jurs]], rows))
    out.append(note(esc(word("overview_headline_note", lang))))
    return "".join(out)


# ----------------------------------------------------------------------------- timelines


def _dated(jurisdiction: str) -> bool:
    t = inputs.targets()
    st = inputs.stages()
    return bool(((t["jurisdiction"] == jurisdiction) & (t["status"] == "milestone")).any()
                or (st["jurisdiction"] == jurisdiction).any())


def plan_timeline_html(jurisdiction: str, lang: str) -> str:
    """The plan's timeline (its dated stages and milestones) as an h3 and an embedded chart with
    its data, or a sentence when its text dates neither."""
    out = [report.heading(word("timeline", lang), 3, "timeline")]
    if not _dated(jurisdiction):
        return "".join(out) + para(esc(word("timeline_none", lang)))
    fig = charts.plan_timeline(inputs.stages(), inputs.targets(), inputs.registry(), jurisdiction,
                               lang)
    return "".join(out) + figure_html(fig)


def timelines_figure(jurisdictions: Sequence[str], lang: str) -> Figure:
    """Every compared plan on one time axis: periods, dated stages, milestones, end targets."""
    return charts.plans_timeline(inputs.stages(), inputs.targets(), inputs.registry(),
                                 list(jurisdictions), lang)

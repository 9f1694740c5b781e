"""The sections of a jurisdiction profile: overview and summary, targets by policy area,
timeline and milestones, actions (task items), agencies, and where the plan stands against the
others.

Decisions (what the module promises)
    A profile reads the corpus through :mod:`ipcompare.sections.inputs` and leaves the
    analysis to pure functions (:mod:`ipcompare.analysis.standing`). Targets are listed by
    policy area in contract order, milestones aside (they have their own table, one column per
    year, after the plan's timeline). On a shared indicator the plan is compared per 10,000
    residents where the taxonomy declares that basis for the indicator and its target converts,
    else as stated, and ranked only among plans of the same unit and kind; beyond
    :data:`~ipcompare.analysis.standing.STANDING_OTHERS` other plans, the table and the
    figure show the highest, the lowest and the nearest.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
from matplotlib.figure import Figure

from ..analysis import standing as _standing
from ..corpus.registry import registry_row
from ..extract.actions import instrument_table, ip_type_table
from ..extract.agencies import ROLES
from ..present import charts
from ..present import html as report
from ..present import narrative as nv
from ..present.i18n import indicator_label, indicator_name
from ..present.narrative import Number, Sentence
from ..present.wording import has_word, word
from ..vocab.constants import CATEGORIES, INSTRUMENTS
from ..vocab.taxonomy import load_taxonomy
from . import inputs
from .citing import Cited, cite_ids, count, paragraph, sentence
from .common import (
    category_label,
    cell_html,
    esc,
    join,
    missing,
    note,
    para,
    stated_value,
    table,
    target_header,
    target_rows,
    year,
)
from .glance import plan_overview, plan_timeline_html
from .links import indicator_link, profile_link

__all__ = ["agencies_figure", "agencies_section", "actions_section", "milestone_figures", "milestones_section", "plan_line", "profile_summary", "standing",
           "standing_figure", "standing_section", "targets_by_category"]


def plan_line(jurisdiction: str, lang: str) -> str:
    """The plan's title, issuer, date and period (from the registry)."""
    r = registry_row(jurisdiction)
    return para(esc(word("plan_line", lang, title=r["title"], issuer=r["issuer"], issued=r["issued"],
                         start=int(r["period_start"]), end=int(r["period_end"]))))


def standing(jurisdiction: str) -> pd.DataFrame:
    """One row per indicator this plan shares with another plan: basis, its cell, its rank
    (:func:`ipcompare.analysis.standing.standing` on the corpus)."""
    inds = _standing.plan_indicators(inputs.targets(), jurisdiction)
    if not inds:
        return _standing.standing(jurisdiction, inds, pd.DataFrame(), pd.DataFrame())
    tax = load_taxonomy()  # per 10,000 residents only where the taxonomy declares it
    per_10k = [i for i in inds if "per_10k_residents" in tax.indicator(i).bases]
    return _standing.standing(jurisdiction, inds, inputs.compare_long(inds, "as_stated"),
                              inputs.compare_long(per_10k, "per_10k_residents"))


def _cell_number(row: Mapping, lang: str) -> tuple[Number, str]:
    vh = row.get("value_high")
    derived = bool(row.get("derived"))
    phrase, num = nv.quantity(float(row["value"]), str(row["unit"]), lang,
                              value_high=None if missing(vh) else float(vh),
                              comparator=str(row.get("comparator") or "="), derived=derived)
    ids = tuple(i for i in str(row.get("target_ids") or "").split("|") if i)
    return Number(num, float(row["value"]), ids), phrase


def _extremes_sentences(lang: str, st: pd.DataFrame, limit: int = 3) -> list[Sentence]:
    """'Highest on A (v), B (v) and k more' / 'lowest on …': most widely compared first."""
    out = []
    ranked = st[st["rank"].notna()].sort_values("n_comparable", ascending=False, kind="stable")
    for key, top in (("top", True), ("bottom", False)):
        alone = ranked["tied"].fillna(0).eq(0)  # a tie is neither highest nor lowest alone
        rows = ranked[alone & ((ranked["rank"] == 1) if top
                               else (ranked["rank"] == ranked["n_comparable"]))]
        if rows.empty:
            continue
        numbers, items = [], []
        for r in rows.head(limit).itertuples(index=False):
            num, phrase = _cell_number(r.cell, lang)
            numbers.append(num)
            if r.cell.get("supplementary"):
                phrase += word("sup_tag", lang)
            items.append(word("named_value", lang, name=indicator_name(r.indicator, lang),
                              value=phrase))
        rest = rows.iloc[limit:]
        text = word("sep", lang).join(items) if len(rest) else join(items, lang)
        if len(rest):
            # English says "and 6 more" (the rest), Chinese "等9项" (the whole list)
            counted = rows if lang == "zh" else rest
            ids = [i for c in counted["cell"] for i in str(c.get("target_ids") or "").split("|") if i]
            n = count(len(counted), lang, ids)
            numbers.append(n)
            text += word("more", lang, n=n.text)
        out.append(sentence(key, lang, list=Cited(text, tuple(numbers))))
    return out


def profile_summary(jurisdiction: str, lang: str, sources: report.Sources) -> str:
    """The plan at a glance (:func:`~ipcompare.sections.glance.plan_overview`), then the opening
    prose of a profile: what the plan commits to, where it leads, what it lacks."""
    t = inputs.targets()
    mine = t[t["jurisdiction"] == jurisdiction]
    sentences = [nv.coverage_sentence(jurisdiction, lang)]
    miles = mine[mine["status"] == "milestone"]
    rest = mine[mine["status"] == "restated"]
    key = {(True, True): "extras", (True, False): "extras_milestones",
           (False, True): "extras_restated", (False, False): "extras_none"}[(len(miles) > 0, len(rest) > 0)]
    sentences.append(sentence(key, lang, milestones=count(len(miles), lang, miles["target_id"]),
                              restated=count(len(rest), lang, rest["target_id"])))
    st = standing(jurisdiction)
    if len(st):
        ids = [i for r in st.itertuples(index=False)
               for i in str(r.cell.get("target_ids") or "").split("|") if i]
        sentences.append(sentence("shared", lang, n=count(len(st), lang, ids)))
        sentences += _extremes_sentences(lang, st)
    else:
        sentences.append(sentence("shared_none", lang))
    sentences.append(nv.missing_sentence(jurisdiction, lang))
    return (plan_overview(jurisdiction, lang, sources)
            + report.heading(word("summary", lang), 2, "summary") + plan_line(jurisdiction, lang)
            + paragraph(sentences, sources))


def targets_by_category(jurisdiction: str, lang: str, sources: report.Sources) -> str:
    """Every target of the plan (milestones aside) by policy area, each with its quote."""
    t = inputs.targets()
    mine = t[(t["jurisdiction"] == jurisdiction) & (t["status"] != "milestone")]
    out = [report.heading(word("targets", lang), 2, "targets")]
    empty = []
    for cat in CATEGORIES:
        rows = mine[mine["category"] == cat]
        if rows.empty:
            empty.append(category_label(cat, lang))
            continue
        out.append(report.heading(f"{category_label(cat, lang)} ({len(rows)})", 3, f"targets-{cat}"))
        out.append(table(target_header(lang), target_rows(rows, lang, sources)))
    if mine.empty:
        out.append(para(esc(word("none", lang))))
    elif empty:
        out.append(note(esc(word("no_targets_in", lang, list=word("sep", lang).join(empty)))))
    return "".join(out)


def _milestone_groups(jurisdiction: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    t = inputs.targets()
    mine = t[t["jurisdiction"] == jurisdiction]
    miles = mine[mine["status"] == "milestone"].copy()
    parents = mine.set_index("target_id")
    miles["_group"] = [m if not missing(m) and m in parents.index else f"subject:{s}"
                       for m, s in zip(miles["milestone_of"], miles["subject"], strict=True)]
    return miles, parents


def milestones_section(jurisdiction: str, lang: str, sources: report.Sources) -> str:
    """The plan's timeline (dated stages and milestones, one chart) and its yearly milestones:
    one row per target they lead to, one column per year."""
    miles, parents = _milestone_groups(jurisdiction)
    out = [report.heading(word("milestones", lang), 2, "milestones")]
    if miles.empty:
        return "".join(out) + para(esc(word("milestones_none", lang))) + plan_timeline_html(
            jurisdiction, lang)
    years = sorted({int(y) for y in miles["target_year"].dropna()})
    groups = list(dict.fromkeys(miles["_group"]))
    out.append(paragraph([sentence(
        "milestones_intro", lang, n=count(len(miles), lang, miles["target_id"]),
        k=count(len(groups), lang), first=years[0], last=years[-1])], sources))
    rows = []
    for g in groups:
        ms = miles[miles["_group"] == g]
        first = ms.iloc[0]
        parent = parents.loc[g] if g in parents.index else None
        name = (indicator_label(first["indicator"], lang) if not missing(first["indicator"])
                else str(first["subject"]))
        cells = [esc(name) + f'<br><small>{esc(first["subject"])}</small>']
        for y in years:
            hit = ms[ms["target_year"] == y]
            cells.append("<br>".join(stated_value(r, lang) + sources.cite(r["target_id"])
                                     for r in hit.to_dict("records")))
        if parent is not None:
            cells.append(stated_value(parent, lang) + sources.cite(g)
                         + f" ({year(parent['target_year'])})")
        else:
            cells.append("")
        rows.append(cells)
    header = [word("col_subject", lang), *map(str, years), word("col_endpoint", lang)]
    return "".join(out) + plan_timeline_html(jurisdiction, lang) + table(header, rows)


def milestone_figures(jurisdiction: str, lang: str, limit: int = 4) -> list[Figure]:
    """Milestone trajectories of the plan's indicators, those most plans state first."""
    miles, _ = _milestone_groups(jurisdiction)
    inds = [i for i in dict.fromkeys(miles["indicator"].dropna())]
    t = inputs.targets()
    stating = t[t["indicator"].isin(inds) & (t["status"] != "restated")]
    n_plans = stating.groupby("indicator")["jurisdiction"].nunique()
    inds = sorted(inds, key=lambda i: (-n_plans.get(i, 0), i))[:limit]
    return [charts.milestone_trajectories(t, i, lang) for i in inds]


def _agency_name(rows: pd.DataFrame, lang: str) -> str:
    col = "name_en" if lang == "en" else "name_zh"
    names = rows[col].dropna()
    names = names[names.astype(str).str.strip() != ""]
    if names.empty:
        names = rows["name_as_written"]
    return str(names.value_counts().index[0])


def _kind_label(kind: str, lang: str) -> str:
    return word(f"kind_{kind}", lang) if has_word(f"kind_{kind}") else kind


def actions_section(jurisdiction: str, lang: str, sources: report.Sources) -> str:
    """The plan's actions (task items): section, title, policy areas, instrument, agencies."""
    m = inputs.actions()
    m = m[m["jurisdiction"] == jurisdiction]
    out = [report.heading(word("actions", lang), 2, "actions")]
    if m.empty:
        return "".join(out) + para(esc(word("actions_none", lang)))
    ids = list(m["action_id"])

    def by(col: str, value: str) -> list[str]:
        return list(m.loc[m[col] == value, "action_id"])

    kinds = {k: by("section_kind", k) for k in ("task", "safeguard", "schedule")}
    inst = {k: by("instrument", k) for k in INSTRUMENTS}
    fields = {"n": ids, "tasks": kinds["task"], "safeguards": kinds["safeguard"],
              "schedule": kinds["schedule"], **inst}
    out.append(paragraph([sentence("actions_intro", lang, **{
        k: count(len(v), lang, action_ids=v) for k, v in fields.items()})], sources))
    subtypes = instrument_table().set_index("subtype")
    ip_names = ip_type_table().set_index("ip_type")
    ag = inputs.agencies(jurisdiction)
    rows = []
    for r in m.to_dict("records"):
        cats = word("sep", lang).join(category_label(c, lang) for c in str(r["categories"]).split("|"))
        sub = r["instrument_subtype"]
        sub_name = subtypes.loc[sub, lang] if sub in subtypes.index else sub
        instrument = f"{charts.label('instruments', r['instrument'], lang)} · {sub_name}"
        ips = word("sep", lang).join(
            str(ip_names.loc[i, lang]) if i in ip_names.index else i
            for i in str(r["ip_types"]).split("|") if i)
        mine = ag[ag["action_id"] == r["action_id"]]
        agencies = []
        for role in ROLES:
            names = [_agency_name(g, lang) for _, g in mine[mine["role"] == role].groupby(
                "agency_id", sort=False)]
            if names:
                agencies.append(f"{charts.label('roles', role, lang)}{word('colon', lang)}"
                                f"{word('sep', lang).join(names)}")
        section = f"{esc(r['section_path'])}<br><small>{esc(_kind_label(r['section_kind'], lang))}</small>"
        rows.append([section, f"{esc(r['marker'])} {esc(r['title'])}{sources.cite(r['action_id'])}",
                     esc(cats), esc(instrument), esc(ips), "<br>".join(map(esc, agencies))])
    header = [word(k, lang) for k in ("col_section", "col_title", "col_areas", "col_instrument",
                                      "col_ip", "col_agencies")]
    return "".join(out) + table(header, rows)


def agencies_section(jurisdiction: str, lang: str, sources: report.Sources) -> str:
    """The agencies the plan charges with actions, with how many actions in each role."""
    ag = inputs.agencies(jurisdiction)
    out = [report.heading(word("agencies", lang), 2, "agencies")]
    ag = ag[ag["agency_id"].notna()]
    if ag.empty:
        return "".join(out) + para(esc(word("agencies_none", lang)))
    rows_by_agency = []
    for aid, g in ag.groupby("agency_id", sort=False):
        per_role = {r: list(dict.fromkeys(g.loc[g["role"] == r, "action_id"])) for r in ROLES}
        total = list(dict.fromkeys(g["action_id"]))
        rows_by_agency.append((aid, _agency_name(g, lang), g, per_role, total))
    rows_by_agency.sort(key=lambda x: (-len(x[4]), x[1]))
    top = rows_by_agency[0]
    out.append(paragraph([sentence("agencies_intro", lang, n=count(len(rows_by_agency), lang),
                                   top=top[1], k=count(len(top[4]), lang, action_ids=top[4]))],
                         sources))
    used = [r for r in ROLES if any(x[3][r] for x in rows_by_agency)]
    rows = []
    for _aid, name, g, per_role, total in rows_by_agency:
        level = g["level"].dropna()
        level = str(level.iloc[0]) if len(level) else ""
        level = word(f"level_{level}", lang) if has_word(f"level_{level}") else level
        cells = [esc(name) + f'<br><small>{esc(g["name_as_written"].iloc[0])}</small>', esc(level)]
        for r in used:
            cells.append(f"{len(per_role[r])}{cite_ids(sources, per_role[r])}")
        cells.append(str(len(total)))
        rows.append(cells)
    header = [word("col_agency", lang), word("col_level", lang),
              *[charts.label("roles", r, lang).capitalize() for r in used], word("col_total", lang)]
    return "".join(out) + table(header, rows)


def agencies_figure(jurisdiction: str, lang: str) -> Figure | None:
    """The agencies most often charged with the plan's actions (None: the plan names none)."""
    ag = inputs.agencies(jurisdiction)
    if ag["agency_id"].notna().sum() == 0:
        return None
    roles = tuple(r for r in ROLES if (ag["role"] == r).any())
    return charts.agency_chart(ag, lang, roles=roles)


def standing_section(jurisdiction: str, lang: str, sources: report.Sources) -> str:
    """Where the plan stands against the others on the indicators it shares with them."""
    st = standing(jurisdiction)
    out = [report.heading(word("standing", lang), 2, "standing")]
    if st.empty:
        return "".join(out) + para(esc(word("shared_none", lang)))
    out.append(note(esc(word("standing_intro", lang))))
    rows = []
    for r in st.itertuples(index=False):
        me = r.cell
        mine = cell_html(me, lang, sources)
        rank = (word("rank_of", lang, rank=int(r.rank), n=int(r.n_comparable))
                if not missing(r.rank) else word("not_ranked", lang))
        shown = _standing.nearest_others(r.others, me)
        others = "<br>".join(f"{profile_link(o['jurisdiction'], lang)}{esc(word('colon', lang))}"
                             f"{cell_html(o, lang, sources)}"
                             for o in shown.to_dict("records"))
        if len(shown) < len(r.others):
            others += "<br>" + esc(word("others_more", lang, n=len(r.others) - len(shown)))
        rows.append([indicator_link(r.indicator, lang),
                     esc(charts.label("bases", r.basis, lang)), mine, esc(rank), others])
    header = [word(k, lang) for k in ("col_indicator", "col_basis", "col_this", "col_rank",
                                      "col_others")]
    return "".join(out) + table(header, rows)


def standing_figure(jurisdiction: str, lang: str, limit: int = 6) -> Figure | None:
    """Bars per 10,000 residents of the shared indicators this plan's target converts on."""
    st = standing(jurisdiction)
    st = st[(st["basis"] == "per_10k_residents") & (st["n_comparable"].fillna(0) >= 2)]
    if st.empty:
        return None
    st = st.head(limit)
    inds = list(st["indicator"])
    long = inputs.compare_long(inds, "per_10k_residents")
    keep = pd.Series(True, index=long.index)
    for r in st.itertuples(index=False):  # other footings of an indicator: not drawn
        here = long["indicator"] == r.indicator
        other = (here & (long["state"] == "stated")
                 & ((long["unit"] != r.cell["unit"]) | (long["kind"] != r.cell["kind"])))
        keep &= ~other
        if long.loc[here & keep, "jurisdiction"].nunique() > _standing.STANDING_OTHERS + 1:
            # many plans: only this one and those the table lists (no row of "not stated")
            plans = {jurisdiction, *_standing.nearest_others(r.others, r.cell)["jurisdiction"]}
            keep &= ~(here & ~long["jurisdiction"].isin(plans))
    return charts.indicators_panel(long[keep], inds, lang, basis="per_10k_residents", ncols=3)

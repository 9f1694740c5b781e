"""The sections of the report notebooks: small functions returning HTML fragments or Figures.

Each notebook cell calls one of these and shows the result (:func:`show`), so the notebooks
hold no logic. A section returns its own heading (with an id, for the table of contents) and
its content in ``lang`` (``en`` or ``zh``); every number it states carries a footnote to the
verbatim quote(s) behind it (:class:`Sources`, ending the report with :func:`sources_section`).

Reports and their sections:

- title and opening: :func:`report_title`, :func:`title_block`;
- jurisdiction profile: :func:`profile_summary`, :func:`targets_by_category`,
  :func:`milestones_section`, :func:`milestone_figures`, :func:`measures_section`,
  :func:`agencies_section`, :func:`agencies_figure`, :func:`standing_section`,
  :func:`standing_figure`;
- comparison: :func:`differences_narrative`, :func:`comparison_table`,
  :func:`comparison_charts`, :func:`statistics_section`;
- indicator: :func:`indicator_summary`, :func:`indicator_definition`, :func:`indicator_table`,
  :func:`indicator_normalized`, :func:`indicator_figures`;
- data audit: :func:`audit_summary`, :func:`audit_provenance`, :func:`audit_restatements`,
  :func:`audit_unmapped`, :func:`audit_corrections`, :func:`audit_supplementary`.

Measures (task items) are citable too: :func:`citable` adds them to the targets under their
``measure_id``, so a count of measures links to the measures' own text.
"""

from __future__ import annotations

import base64
import html
import io
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from ..analysis import stats
from ..analysis.comparison import BASES
from ..caching import data_cache
from ..present import charts
from ..present import html as report
from ..present import narrative as nv
from ..present.narrative import Number, Sentence
from ..versions import data_version
from ..vocab.taxonomy import load_taxonomy

LANGS = report.LANGS
CATEGORIES = ("creation", "utilization", "finance", "protection", "management", "services",
              "talent", "other")
CHI_SEED = 0
"""Seed of the Monte-Carlo chi-square p-value (reports are reproducible)."""
FIGURE_DPI = 80
"""Resolution of the report figures: modest, so that a report stays small enough to mail."""
STYLE = ("<style>.jp-RenderedHTMLCommon table.ipc-table td, .jp-RenderedHTMLCommon "
         "table.ipc-table th, table.ipc-table td, table.ipc-table th { text-align: left; }"
         " .ipc-na { color: #777; font-style: italic; }</style>")
"""Left-aligned text in the sections' tables (the notebook template right-aligns cells)."""
CONFIG = Path(__file__).resolve().parents[3] / "notebooks" / "reports.yaml"
"""The report set configuration of a source checkout (titles of the reports)."""

#: the fixed wording of the sections, per language ({fields} filled by the sections)
WORDS: dict[str, dict[str, str]] = {
    # headings
    "summary": {"en": "Summary", "zh": "概要"},
    "plan": {"en": "The plan", "zh": "规划概况"},
    "targets": {"en": "Targets by category", "zh": "分领域目标"},
    "milestones": {"en": "Milestones", "zh": "年度节点目标"},
    "measures": {"en": "Measures", "zh": "主要措施"},
    "agencies": {"en": "Responsible agencies", "zh": "责任部门"},
    "standing": {"en": "Standing against the other plans", "zh": "与其他规划的比较"},
    "side_by_side": {"en": "Side by side", "zh": "指标对照"},
    "charts": {"en": "Charts", "zh": "图表"},
    "statistics": {"en": "Statistics", "zh": "统计分析"},
    "coverage_matrix": {"en": "Coverage by policy area", "zh": "各政策领域覆盖情况"},
    "chi_square": {"en": "Chi-square test of independence", "zh": "卡方独立性检验"},
    "js": {"en": "Jensen–Shannon distances", "zh": "詹森-香农距离"},
    "portfolio": {"en": "Portfolio measures", "zh": "政策组合指标"},
    "jaccard": {"en": "Jaccard similarity of covered areas", "zh": "覆盖领域的杰卡德相似度"},
    "definition": {"en": "Definition", "zh": "指标定义"},
    "as_stated_heading": {"en": "Every target as stated", "zh": "各规划原文目标"},
    "normalized": {"en": "Normalized", "zh": "换算比较"},
    "provenance": {"en": "Provenance of every row", "zh": "逐行溯源核查"},
    "restatements": {"en": "Restatements and contradictions", "zh": "重复表述与矛盾"},
    "contradictions": {"en": "Contradictions", "zh": "矛盾"},
    "unmapped": {"en": "Targets without an indicator", "zh": "未归入指标的目标"},
    "corrections": {"en": "Corrections applied", "zh": "人工校正"},
    "supplementary_rows": {"en": "Supplementary rows", "zh": "补充数据"},
    # column headers
    "col_subject": {"en": "What is counted", "zh": "目标对象"},
    "col_target": {"en": "Target", "zh": "目标值"},
    "col_measure": {"en": "Measure", "zh": "计量方式"},
    "col_year": {"en": "Year", "zh": "年份"},
    "col_indicator": {"en": "Indicator", "zh": "指标"},
    "col_status": {"en": "Status", "zh": "状态"},
    "col_quote": {"en": "Quote", "zh": "原文"},
    "col_plan": {"en": "Plan", "zh": "规划"},
    "col_basis": {"en": "Basis", "zh": "口径"},
    "col_rank": {"en": "Rank", "zh": "排名"},
    "col_others": {"en": "Other plans", "zh": "其他规划"},
    "col_this": {"en": "This plan", "zh": "本规划"},
    "col_endpoint": {"en": "End-point target", "zh": "期末目标"},
    "col_section": {"en": "Section", "zh": "所属部分"},
    "col_title": {"en": "Measure", "zh": "措施"},
    "col_areas": {"en": "Policy areas", "zh": "政策领域"},
    "col_instrument": {"en": "Instrument", "zh": "政策工具"},
    "col_ip": {"en": "IP types", "zh": "知识产权类型"},
    "col_agencies": {"en": "Agencies", "zh": "责任部门"},
    "col_agency": {"en": "Agency", "zh": "部门"},
    "col_level": {"en": "Level", "zh": "层级"},
    "col_category": {"en": "Policy area", "zh": "政策领域"},
    "col_value": {"en": "Value", "zh": "数值"},
    "col_method": {"en": "How it was derived", "zh": "换算方法"},
    "col_count": {"en": "Rows", "zh": "行数"},
    "col_verified": {"en": "Quote verified", "zh": "原文核验通过"},
    "col_failed": {"en": "Failed", "zh": "未通过"},
    "col_na": {"en": "Reference source (no span)", "zh": "参考来源（无位置）"},
    "col_offsets": {"en": "Characters", "zh": "字符位置"},
    "col_check": {"en": "Check", "zh": "核验"},
    "col_first": {"en": "First statement", "zh": "首次表述"},
    "col_again": {"en": "Said again", "zh": "再次表述"},
    "col_action": {"en": "Action", "zh": "操作"},
    "col_field": {"en": "Field", "zh": "字段"},
    "col_reason": {"en": "Reason", "zh": "理由"},
    "col_state": {"en": "State", "zh": "状态"},
    "col_source": {"en": "Source", "zh": "来源"},
    "col_total": {"en": "Total", "zh": "合计"},
    "col_id": {"en": "Id", "zh": "编号"},
    "col_document": {"en": "Document", "zh": "文件"},
    # statuses and states
    "status_stated": {"en": "stated", "zh": "原文目标"},
    "status_restated": {"en": "restated", "zh": "重复表述"},
    "status_milestone": {"en": "milestone", "zh": "年度节点"},
    "status_supplementary": {"en": "supplementary (reference source, not the plan text)",
                             "zh": "补充数据（参考来源，非规划原文）"},
    "restates": {"en": "restates", "zh": "重复"},
    "conflict": {"en": "contradicts", "zh": "与之矛盾"},
    "supplementary_mark": {"en": "supplementary", "zh": "补充数据"},
    "not_convertible_mark": {"en": "not convertible", "zh": "无法换算"},
    "kind_task": {"en": "task", "zh": "任务"},
    "kind_schedule": {"en": "schedule", "zh": "实施步骤"},
    "kind_safeguard": {"en": "safeguard", "zh": "保障措施"},
    "kind_unknown": {"en": "unknown", "zh": "未知"},
    "ok": {"en": "✓ matches", "zh": "✓ 一致"},
    "mismatch": {"en": "✗ text[start:end] differs", "zh": "✗ 原文位置不符"},
    "applied": {"en": "applied", "zh": "已应用"},
    "stale": {"en": "stale (target no longer extracted)", "zh": "失效（目标已不存在）"},
    "none": {"en": "None.", "zh": "无。"},
    "no_targets_in": {"en": "No targets in: {list}.", "zh": "以下领域未设定目标：{list}。"},
    "sep": {"en": ", ", "zh": "、"},
    "and": {"en": " and ", "zh": "和"},
    "colon": {"en": ": ", "zh": "："},
    # sentences (numbers in braces are footnoted)
    "plan_line": {"en": "{title}, issued by {issuer} ({issued}); plan period {start}–{end}.",
                  "zh": "《{title}》，{issuer}印发（{issued}），规划期{start}—{end}年。"},
    "extras": {"en": "Besides these, the text states {milestones} yearly milestones and says "
                     "{restated} targets again.",
               "zh": "此外，原文还列出{milestones}个年度节点目标，另有{restated}处重复表述同一目标。"},
    "extras_milestones": {"en": "Besides these, the text states {milestones} yearly milestones.",
                          "zh": "此外，原文还列出{milestones}个年度节点目标。"},
    "extras_restated": {"en": "The text says {restated} of its targets again.",
                        "zh": "原文另有{restated}处重复表述同一目标。"},
    "extras_none": {"en": "The text states no yearly milestones and says no target twice.",
                    "zh": "原文未列出年度节点目标，也没有重复表述同一目标。"},
    "shared": {"en": "It shares {n} indicators with other plans.",
               "zh": "与其他规划共有{n}项指标。"},
    "shared_none": {"en": "It shares no indicator with another plan.",
                    "zh": "与其他规划没有共同指标。"},
    "top": {"en": "Its target is the highest of the plans on {list}.",
            "zh": "其{list}目标在各规划中最高。"},
    "bottom": {"en": "It is the lowest on {list}.", "zh": "其{list}目标在各规划中最低。"},
    "named_value": {"en": "{name} ({value})", "zh": "{name}（{value}）"},
    "sup_tag": {"en": " [supplementary]", "zh": "，补充数据"},
    "more": {"en": " and {n} more", "zh": "等{total}项"},
    "level_province": {"en": "province", "zh": "省级"},
    "level_city": {"en": "city", "zh": "市级"},
    "level_district": {"en": "district", "zh": "区县级"},
    "level_zone": {"en": "zone", "zh": "园区"},
    "level_national": {"en": "national", "zh": "国家级"},
    "level_non_government": {"en": "non-government", "zh": "非政府"},
    "milestones_intro": {"en": "{n} yearly milestones on {k} targets, due {first}–{last}.",
                         "zh": "共{n}个年度节点目标，涉及{k}项目标，时间为{first}—{last}年。"},
    "milestones_none": {"en": "The plan sets no yearly milestones.",
                        "zh": "该规划未设定年度节点目标。"},
    "measures_intro": {"en": "{n} measures: {tasks} tasks, {safeguards} safeguards and "
                             "{schedule} schedule items; {supply} supply-side, {demand} "
                             "demand-side and {environment} environmental.",
                       "zh": "共{n}项措施：任务{tasks}项、保障措施{safeguards}项、实施步骤{schedule}项；"
                             "其中供给型{supply}项、需求型{demand}项、环境型{environment}项。"},
    "measures_none": {"en": "No measures were found in the plan text.",
                      "zh": "未在规划原文中识别出措施。"},
    "agencies_intro": {"en": "{n} agencies are named as lead, responsible or cooperating bodies; "
                             "{top} is charged with the most measures ({k}).",
                       "zh": "规划共点名{n}个牵头、责任或配合部门，其中{top}承担的措施最多（{k}项）。"},
    "agencies_none": {"en": "The plan names no responsible agencies.",
                      "zh": "该规划未列明责任部门。"},
    "others_more": {"en": "… and {n} more plans (see the indicator's report)",
                    "zh": "……另有{n}个地区（见该指标报告）"},
    "standing_intro": {"en": "Each shared indicator is compared per 10,000 residents where this "
                             "plan's target can be put so, else as stated; the rank counts only "
                             "plans whose numbers are of the same unit and kind.",
                       "zh": "共有指标能按每万人口径比较的按每万人比较，否则按原文口径；排名只在计量单位和数值类型相同的规划之间比较。"},
    "rank_of": {"en": "{rank} of {n}", "zh": "第{rank}（共{n}个）"},
    "not_ranked": {"en": "not comparable", "zh": "不可比"},
    "n_plans": {"en": "The {n} plans set between {low} and {high} quantitative targets: {most} "
                      "sets the most, {fewest} the fewest.",
                "zh": "{n}个规划设定的量化目标在{low}项到{high}项之间：{most}最多，{fewest}最少。"},
    "n_plans_equal": {"en": "The {n} plans each set {low} quantitative targets.",
                      "zh": "{n}个规划各设定{low}项量化目标。"},
    "one_plan": {"en": "{name} sets {low} quantitative targets.",
                 "zh": "{name}设定了{low}项量化目标。"},
    "indicators_shared": {"en": "They state targets for {k} indicators; {shared} of them are "
                                "stated by at least two plans and {all_} by all {n}.",
                          "zh": "共涉及{k}项指标，其中{shared}项至少有两个规划设定目标，{all_}项所有{n}个规划均有设定。"},
    "chi_text": {"en": "Pearson's chi-square test of independence of plan and policy area "
                       "gives χ² = {stat} with {dof} degrees of freedom, p = {p} ({method}).",
                 "zh": "规划与政策领域独立性的皮尔逊卡方检验：χ² = {stat}，自由度{dof}，p = {p}（{method}）。"},
    "chi_mc": {"en": "Monte-Carlo permutation p-value from {n} tables with the observed margins "
                     "(seed {seed})",
               "zh": "蒙特卡洛置换检验p值，{n}次随机表，边际固定，随机种子{seed}"},
    "chi_asymptotic": {"en": "asymptotic p-value", "zh": "渐近p值"},
    "chi_caveat": {"en": "Caveat: {k} of the {cells} expected counts are below 5 (smallest "
                         "{min}), so the asymptotic p-value ({p_asym}) is unreliable and the "
                         "Monte-Carlo one is reported. Counts are measures and targets, which "
                         "are not independent draws: read the test as descriptive.",
                   "zh": "注意：{cells}个期望频数中有{k}个小于5（最小为{min}），渐近p值（{p_asym}）不可靠，故报告蒙特卡洛p值。计数对象为措施和目标，并非独立抽样，检验结果仅作描述性参考。"},
    "chi_caveat_ok": {"en": "Counts are measures and targets, which are not independent draws: "
                            "read the test as descriptive.",
                      "zh": "计数对象为措施和目标，并非独立抽样，检验结果仅作描述性参考。"},
    "chi_dropped": {"en": "Left out of the test (no counts): {what}.",
                    "zh": "未纳入检验（计数为零）：{what}。"},
    "chi_needs": {"en": "the test needs at least two plans and two policy areas with counts",
                  "zh": "检验至少需要两个有计数的规划和两个政策领域"},
    "js_needs": {"en": "fewer than two plans with counts", "zh": "有计数的规划少于两个"},
    "not_computable": {"en": "Not computable here: {reason}.", "zh": "无法计算：{reason}。"},
    "js_text": {"en": "The closest pair of plans is {a} and {b} (distance {d}); the farthest "
                      "apart, {c} and {e} (distance {f}).",
                "zh": "最接近的一对规划是{a}和{b}（距离{d}）；差异最大的是{c}和{e}（距离{f}）。"},
    "js_note": {"en": "Distance between the plans' distributions over policy areas (counts of "
                      "measures and targets in the coverage table), base 2: 0 identical, 1 "
                      "disjoint.",
                "zh": "各规划在政策领域上的分布之间的距离（依据上表措施与目标计数），以2为底：0为相同，1为完全不同。"},
    "portfolio_note": {"en": "After PolicyPortfolios: size = areas covered; Shannon and "
                             "Gini–Simpson diversity; equality = Shannon evenness.",
                       "zh": "参照PolicyPortfolios：规模=覆盖的领域数；香农多样性与基尼-辛普森多样性；均衡度=香农均匀度。"},
    "coverage_note": {"en": "Counts of measures (each in every policy area it concerns) plus "
                            "distinct targets (supplementary rows included).",
                      "zh": "措施数（按其涉及的每个领域分别计数）加不重复目标数（含补充数据）。"},
    "stated_by": {"en": "{k} of {n} plans state a target for it.",
                  "zh": "{n}个规划中有{k}个设定了该指标目标。"},
    "stated_by_none": {"en": "No plan in the corpus states a target for it.",
                       "zh": "语料中没有规划设定该指标目标。"},
    "not_stated_by": {"en": "No target for it in: {list}.", "zh": "未设定该指标目标的规划：{list}。"},
    "def_category": {"en": "Policy area", "zh": "政策领域"},
    "def_unit": {"en": "Unit", "zh": "单位"},
    "def_measures": {"en": "Ways plans state it", "zh": "常见计量方式"},
    "def_aliases": {"en": "Wordings matched", "zh": "匹配的表述"},
    "def_national": {"en": "National indicator", "zh": "国家指标"},
    "def_note": {"en": "Note", "zh": "说明"},
    "yes": {"en": "yes", "zh": "是"},
    "no": {"en": "no", "zh": "否"},
    "no_rows": {"en": "No plan states a target for this indicator.",
                "zh": "没有规划设定该指标目标。"},
    "no_basis": {"en": "No target can be put on this basis.", "zh": "没有目标可按此口径换算。"},
    "audit_intro": {"en": "The corpus holds {n} target rows from {k} plans: {stated} stated, "
                          "{restated} restatements, {milestones} milestones and {supplementary} "
                          "supplementary rows from reference sources.",
                    "zh": "语料共有{k}个规划的{n}行目标数据：原文目标{stated}行、重复表述{restated}行、年度节点{milestones}行、参考来源补充数据{supplementary}行。"},
    "audit_quotes": {"en": "{ok} of the {checked} rows with a span pass the provenance check "
                           "(text[start:end] equals the quote); {failed} fail.",
                     "zh": "{checked}行带原文位置的数据中，{ok}行通过溯源核查（text[start:end]与引文一致），{failed}行未通过。"},
    "audit_rest": {"en": "{conflicts} rows contradict another statement of the same target; "
                         "{unmapped} distinct targets have no indicator; {corrections} "
                         "reviewer corrections are on file ({applied} applied, {stale} stale).",
                   "zh": "{conflicts}行与同一目标的另一表述矛盾；{unmapped}项不重复目标未归入指标；人工校正共{corrections}条（已应用{applied}条，失效{stale}条）。"},
    "provenance_intro": {"en": "Every row with a span is checked against the text of its "
                               "document, decoded from its file with nothing else changed.",
                         "zh": "每一行带原文位置的数据都与其文件解码后的原文逐字核对。"},
    "all_rows": {"en": "All {n} rows", "zh": "全部{n}行"},
    "restatements_intro": {"en": "{n} rows say a target again (same indicator or subject, unit, "
                                 "measure and year); {k} of them disagree on the value.",
                           "zh": "{n}行重复表述了同一目标（指标或对象、单位、计量方式和年份相同），其中{k}行数值不一致。"},
    "unmapped_intro": {"en": "{n} distinct targets were not mapped to a taxonomy indicator: "
                             "they count in their plan's coverage but are not compared.",
                       "zh": "{n}项不重复目标未归入指标体系：计入各规划的覆盖统计，但不参与指标比较。"},
    "corrections_none": {"en": "No reviewer corrections are on file (data/corrections.csv is "
                               "empty).",
                         "zh": "暂无人工校正记录（data/corrections.csv为空）。"},
    "supplementary_intro": {"en": "{n} rows come from reference sources, not from a plan's "
                                  "text; they are marked as supplementary wherever shown.",
                            "zh": "{n}行数据来自参考来源而非规划原文，凡出现处均标注为补充数据。"},
    "bars_note": {"en": "Grey hatched placeholders: the plan states no target for the indicator "
                        "(or none convertible to the basis); pale hatched bars: supplementary "
                        "figures from a reference source.",
                  "zh": "灰色斜纹占位表示该规划未设定该指标目标（或无法换算为该口径）；浅色斜纹柱为参考来源的补充数据。"},
    "figures_omitted": {"en": "{n} more indicators with milestones are in the table above.",
                        "zh": "另有{n}项带年度节点的指标见上表。"},
    "basis_note": {"en": "Basis: {desc}; hover over a value for how it was derived.",
                   "zh": "比较口径：{label}（鼠标悬停可查看换算方法）。"},
    "selection": {"en": "Plans: {plans}. Policy areas: {cats}. Basis: {basis}.",
                  "zh": "规划：{plans}。政策领域：{cats}。比较口径：{basis}。"},
}


def word(key: str, lang: str, **fields: Any) -> str:
    """A fixed wording of the sections in ``lang`` (``fields`` fill its braces)."""
    report.check_lang(lang)
    text = WORDS[key][lang]
    return text.format(**fields) if fields else text


# ----------------------------------------------------------------------------- citing


class Sources(report.Sources):
    """:class:`ipcompare.report.Sources` whose footnote marks compress runs: ``[1–43]``."""

    def cite(self, target_ids: str | Iterable[str]) -> str:
        """Footnote links to the quotes of one or more rows (three or more in a row: a range)."""
        ids = [target_ids] if isinstance(target_ids, str) else list(target_ids)
        ids = [i for part in ids for i in str(part).split("|") if i]
        numbers = sorted({self.number(i): i for i in dict.fromkeys(ids)}.items())
        if not numbers:
            return ""
        runs: list[list[tuple[int, str]]] = [[numbers[0]]]
        for n in numbers[1:]:
            if n[0] == runs[-1][-1][0] + 1:
                runs[-1].append(n)
            else:
                runs.append([n])

        def link(n: tuple[int, str]) -> str:
            return f'<a href="#src-{html.escape(n[1])}">{n[0]}</a>'

        parts = []
        for run in runs:
            if len(run) >= 3:
                parts.append(f"{link(run[0])}–{link(run[-1])}")
            else:
                parts.extend(link(n) for n in run)
        return f'<sup class="ipc-ref">[{", ".join(parts)}]</sup>'


def _targets() -> pd.DataFrame:
    import ipcompare

    return ipcompare.targets()


def _measures() -> pd.DataFrame:
    from ..api import measures

    return measures()


def _agencies(jurisdiction: str | None = None) -> pd.DataFrame:
    from ..api import agencies

    return agencies(jurisdiction)


def citable(targets: pd.DataFrame | None = None, measures: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every row a report may cite: targets, and measures under their ``measure_id``."""
    t = _targets() if targets is None else targets
    m = _measures() if measures is None else measures
    cols = ["target_id", "jurisdiction", "document", "quote", "start", "end", "status", "source"]
    t = t.reindex(columns=cols)
    m = pd.DataFrame({
        "target_id": m["measure_id"], "jurisdiction": m["jurisdiction"], "document": m["document"],
        "quote": m["quote"], "start": m["start"], "end": m["end"], "status": "measure",
        "source": "text",
    })
    return pd.concat([t, m], ignore_index=True).drop_duplicates("target_id")


def sources_for(lang: str, targets: pd.DataFrame | None = None,
                measures: pd.DataFrame | None = None) -> Sources:
    """The footnotes of one report: every target and measure of the corpus, none cited yet."""
    return Sources(citable(targets, measures), lang)


def reserve(sources: report.Sources, *groups: Iterable[str]) -> None:
    """Number these rows' footnotes now, group after group, so each group cites as one run."""
    for group in groups:
        for i in group:
            sources.number(i)


def sentence_html(sentence: Sentence, sources: report.Sources) -> str:
    """A narrative sentence as HTML with a footnote after each number (targets and measures).

    As :func:`ipcompare.report.cited_sentence`, but a number is only found as a whole number:
    the 1 of "1 more" is not the 1 of an earlier "10,000".
    """
    out = html.escape(sentence.text)
    pos = 0
    for n in sentence.numbers:
        shown = html.escape(n.text)
        m = re.compile(r"(?<!\d)(?<!\d[.,])" + re.escape(shown) + r"(?!\d|[.,]\d)").search(out, pos)
        if m is None:
            continue
        ref = sources.cite(tuple(n.target_ids) + tuple(n.measure_ids))
        out = out[: m.end()] + ref + out[m.end():]
        pos = m.end() + len(ref)
    return out


def paragraph(sentences: Sequence[Sentence], sources: report.Sources) -> str:
    """Sentences as one paragraph (joined with a space in English, directly in Chinese)."""
    if not sentences:
        return ""
    joiner = "" if sentences[0].lang == "zh" else " "
    return "<p>" + joiner.join(sentence_html(s, sources) for s in sentences) + "</p>"


def sources_section(sources: report.Sources, lang: str) -> str:
    """The closing section: every cited quote, numbered, anchored ``src-<id>``."""
    return report.heading(report.word("sources", lang), 2, "sources") + sources.html()


# ----------------------------------------------------------------------------- showing


def figure_png(fig: Figure, dpi: int = FIGURE_DPI) -> bytes:
    """A figure as PNG bytes at ``dpi`` (tight bounding box)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight", facecolor="white")
    return buf.getvalue()


def figure_alt(fig: Figure) -> str:
    """A figure's text alternative: its title, else the titles of its axes."""
    titles = [t for t in [fig.get_suptitle()] if t.strip()] or [
        ax.get_title() for ax in fig.axes if ax.get_title()]
    return " · ".join(" ".join(t.split()) for t in titles) or "chart"


def figure_html(fig: Figure, dpi: int = FIGURE_DPI) -> str:
    """A figure as an embedded PNG image with its text alternative (self-contained HTML)."""
    data = base64.b64encode(figure_png(fig, dpi)).decode("ascii")
    return (f'<img class="ipc-figure" alt="{html.escape(figure_alt(fig))}" '
            f'src="data:image/png;base64,{data}">')


def show(*parts: str | Figure | Sequence[str | Figure] | None) -> None:
    """Display HTML fragments and figures in order (figures as embedded PNG with a text
    alternative; None skipped)."""
    for part in parts:
        if part is None:
            continue
        if isinstance(part, (list, tuple)):
            show(*part)
        elif isinstance(part, Figure):
            report.show(figure_html(part))
        else:
            report.show(part)


# ----------------------------------------------------------------------------- titles


def report_title(report_name: str, params: Mapping[str, Any], config: str | Path | None = None) -> str:
    """The report's title in its language, as the report set configuration words it."""
    from .config import load_config

    path = Path(config) if config else CONFIG
    lang = params.get("lang", "en")
    try:
        spec = load_config(path)[report_name]
        fmt = spec.title.get(lang) or spec.title.get("en") or report_name
    except Exception:  # noqa: BLE001 - an installed package has no notebooks/: a plain title
        fmt = report_name.replace("_", " ").capitalize()
    fields = dict(params)
    if "jurisdiction" in params:
        from ..corpus.registry import registry_row

        row = registry_row(params["jurisdiction"])
        fields.update(name_en=row["name_en"], name_zh=row["name_zh"])
    if "indicator" in params:
        ind = load_taxonomy().indicator(params["indicator"])
        fields.update(indicator_en=ind.en, indicator_zh=ind.zh)
    try:
        return fmt.format(**fields)
    except (KeyError, IndexError):
        return fmt


def title_block(report_name: str, params: Mapping[str, Any], config: str | Path | None = None) -> str:
    """The report's h1 title and the line under it (parameters, time, data version)."""
    lang = params.get("lang", "en")
    return (STYLE + report.heading(report_title(report_name, params, config), 1, "title")
            + report.meta_line(dict(params), lang, data_version()))


# ----------------------------------------------------------------------------- formatting

_PAREN = re.compile(r"\s*[(（][^()（）]*[)）]\s*$")


def _e(x: Any) -> str:
    return html.escape("" if x is None or (isinstance(x, float) and math.isnan(x)) else str(x))


def _missing(x: Any) -> bool:
    return x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x)) or x == ""


def plan_name(jurisdiction: str, lang: str) -> str:
    """A plan's jurisdiction name in ``lang``."""
    return nv.jurisdiction_name(jurisdiction, lang)


def indicator_label(indicator: str, lang: str) -> str:
    """An indicator's name for a table (zh name; en name without its trailing gloss)."""
    ind = load_taxonomy().indicator(indicator)
    if lang == "zh":
        return ind.zh
    return _PAREN.sub("", ind.en) or ind.en


def basis_heading(basis: str, lang: str) -> str:
    """A basis's name as a heading ('Per 10,000 residents', '每万人')."""
    text = charts.label("bases", basis, lang)
    return text[:1].upper() + text[1:]


def category_label(category: str, lang: str) -> str:
    """A category's name in ``lang``."""
    return charts.label("categories", category, lang)


def _join(items: Sequence[str], lang: str) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return word("sep", lang).join(items[:-1]) + word("and", lang) + items[-1]


def _num(n: float, lang: str) -> str:
    return nv.format_number(n, lang)


def _as_stated_unit(unit: str, measure: str) -> str:
    """The unit text of a target as stated, as compare_long words it."""
    return {"per_capita": f"{unit} per 10k residents", "per_year": f"{unit} per year",
            "annual_growth": "percent per year"}.get(measure, unit)


def stated_value(row: Mapping, lang: str) -> str:
    """A target's number as stated, with comparator and unit ('不少于4.5万件', 'at least 45,000')."""
    if row["unit"] == "ratio":
        return _e(row.get("number_text") or row["value"])
    mult = int(row["unit_mult"]) if not _missing(row.get("unit_mult")) else 0
    value = float(row["value"]) * 10**mult
    high = row.get("value_high")
    high = None if _missing(high) else float(high) * 10**mult
    phrase, _ = nv.quantity(value, _as_stated_unit(str(row["unit"]), str(row["measure"])), lang,
                            value_high=high, comparator=str(row["comparator"]))
    return _e(phrase)


def cell_value(row: Mapping, lang: str) -> str:
    """A compare_long cell's value on its basis ('about 40.6 per 10,000 residents')."""
    vh = row.get("value_high")
    derived = bool(row.get("derived")) and not _missing(row.get("derived"))
    phrase, _ = nv.quantity(float(row["value"]), str(row["unit"]), lang,
                            value_high=None if _missing(vh) else float(vh),
                            comparator=str(row.get("comparator") or "="), derived=derived)
    return _e(phrase)


def status_label(status: str, lang: str) -> str:
    """A row status in ``lang`` (supplementary rows say they are not from the plan text)."""
    key = f"status_{status}"
    return word(key, lang) if key in WORDS else status


def _measure_label(measure: Any, lang: str) -> str:
    return "" if _missing(measure) else charts.label("measures", measure, lang)


def _year(x: Any) -> str:
    return "" if _missing(x) else str(int(x))


def _table(header: Sequence[str], rows: Sequence[Sequence[str] | str], cls: str = "ipc-table") -> str:
    """An HTML table; header cells are escaped, body cells are HTML already; a row given as
    a plain string is a group heading across the table."""
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = "".join(
        f'<tr><th colspan="{len(header)}">{html.escape(r)}</th></tr>' if isinstance(r, str)
        else "<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return f'<table class="{cls}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _sup(text: str) -> str:
    return f'<span class="ipc-supplementary">{text}</span>'


@dataclass(frozen=True)
class _Cited:
    """Text filling a field of a sentence, with the numbers it shows (in order)."""

    text: str
    numbers: tuple[Number, ...]


def _sentence(key: str, lang: str, **fields: Any) -> Sentence:
    """A sentence of WORDS[key]; fields given as Numbers (or _Cited) are footnoted, in the
    order the language's wording places them (fields it does not use are left out)."""
    template = WORDS[key][lang]
    texts: dict[str, Any] = {}
    cited: list[tuple[int, tuple[Number, ...]]] = []
    for name, value in fields.items():
        if isinstance(value, Number):
            value = _Cited(value.text, (value,))
        if isinstance(value, _Cited):
            pos = template.find("{" + name + "}")
            if pos >= 0:
                cited.append((pos, value.numbers))
            value = value.text
        texts[name] = value
    numbers = [n for _, ns in sorted(cited, key=lambda c: c[0]) for n in ns]
    return Sentence(template.format(**texts), lang, numbers)


def _count(n: int, lang: str, ids: Iterable[str] = (), measure_ids: Iterable[str] = ()) -> Number:
    return Number(_num(n, lang), float(n), tuple(ids), measure_ids=tuple(measure_ids))


def _p(text: str) -> str:
    return f"<p>{text}</p>"


def _note(text: str) -> str:
    return f'<p class="ipc-meta">{text}</p>'


# ----------------------------------------------------------------------------- profile


def plan_line(jurisdiction: str, lang: str) -> str:
    """The plan's title, issuer, date and period (from the registry)."""
    from ..corpus.registry import registry_row

    r = registry_row(jurisdiction)
    return _p(_e(word("plan_line", lang, title=r["title"], issuer=r["issuer"], issued=r["issued"],
                      start=int(r["period_start"]), end=int(r["period_end"]))))


@data_cache
def _corpus_long(basis: str) -> pd.DataFrame:
    """Every cell of the whole corpus on one basis (cached: reports of one kernel share it)."""
    from ..api import compare

    return compare(basis=basis, long=True)


def _long(indicators: Sequence[str] | None, basis: str,
          jurisdictions: Sequence[str] | None = None) -> pd.DataFrame:
    """compare(…, long=True); for all plans, cut from the cached whole-corpus table, so that a
    report's cost does not grow with the number of plans it does not show."""
    from ..api import compare

    if jurisdictions is None and indicators is not None:
        full = _corpus_long(basis)
        wanted = list(dict.fromkeys(indicators))
        if set(wanted) <= set(full["indicator"].unique()):
            rows = full[full["indicator"].isin(wanted)]
            order = rows["indicator"].map({ind: i for i, ind in enumerate(wanted)})
            return rows.iloc[order.argsort(kind="stable")].reset_index(drop=True)
    return compare(indicators=indicators, jurisdictions=jurisdictions, basis=basis, long=True)


#: other plans listed beside a plan on one indicator before the list is cut to the nearest ones
STANDING_OTHERS = 8


def nearest_others(others: pd.DataFrame, me: Mapping, limit: int = STANDING_OTHERS) -> pd.DataFrame:
    """The other plans a profile shows on one indicator: all of them when at most ``limit``;
    else the highest, the lowest and those closest in value to this plan among the plans
    comparable with it (same unit and kind), highest first, then (when fewer than ``limit``
    are comparable) the first of the others in their order."""
    if len(others) <= limit:
        return others
    comparable = others[(others["state"] == "stated") & (others["unit"] == me["unit"])
                        & (others["kind"] == me["kind"])]
    if me["state"] != "stated":
        comparable = comparable.iloc[:0]
    ordered = comparable.sort_values("value", ascending=False, kind="stable")
    keep = set(ordered.index[[0, -1]]) if len(ordered) else set()
    distance = (ordered["value"] - float(me["value"])).abs().sort_values(kind="stable")
    for idx in distance.index:
        if len(keep) >= limit:
            break
        keep.add(idx)
    rest = others[~others.index.isin(ordered.index)]
    return pd.concat([ordered[ordered.index.isin(keep)], rest.head(limit - len(keep))])


def standing(jurisdiction: str) -> pd.DataFrame:
    """One row per indicator this plan shares with another plan: basis, its cell, its rank.

    The basis is per 10,000 residents where this plan's target converts, else as stated;
    the rank counts plans whose values have the same unit and kind (1 = highest).
    """
    t = _targets()
    mine = t[(t["jurisdiction"] == jurisdiction) & t["indicator"].notna() & (t["status"] != "restated")]
    inds = list(dict.fromkeys(mine["indicator"]))
    cols = ["indicator", "basis", "rank", "n_comparable", "n_stating", "cell", "others"]
    if not inds:
        return pd.DataFrame(columns=cols)
    as_stated = _long(inds, "as_stated")
    per_10k = _long(inds, "per_10k_residents")
    rows = []
    for ind in inds:
        a = as_stated[as_stated["indicator"] == ind]
        stating = a[a["state"].isin(["stated", "not_convertible"])]
        if (stating["jurisdiction"] != jurisdiction).sum() == 0:
            continue
        p = per_10k[per_10k["indicator"] == ind]
        my_p = p[p["jurisdiction"] == jurisdiction].iloc[0]
        table, basis = (p, "per_10k_residents") if my_p["state"] == "stated" else (a, "as_stated")
        me = table[table["jurisdiction"] == jurisdiction].iloc[0]
        others = table[(table["jurisdiction"] != jurisdiction)
                       & table["state"].isin(["stated", "not_convertible"])]
        rank = n_comp = None
        if me["state"] == "stated":
            same = table[(table["state"] == "stated") & (table["unit"] == me["unit"])
                         & (table["kind"] == me["kind"])]
            n_comp = len(same)
            rank = int((same["value"] > me["value"]).sum()) + 1 if n_comp > 1 else None
        rows.append({"indicator": ind, "basis": basis, "rank": rank, "n_comparable": n_comp,
                     "n_stating": len(stating), "cell": me, "others": others})
    out = pd.DataFrame(rows, columns=cols)
    return out.sort_values(["n_stating", "indicator"], ascending=[False, True], kind="stable",
                           ignore_index=True)


def _cell_number(row: Mapping, lang: str) -> tuple[Number, str]:
    vh = row.get("value_high")
    derived = bool(row.get("derived"))
    phrase, num = nv.quantity(float(row["value"]), str(row["unit"]), lang,
                              value_high=None if _missing(vh) else float(vh),
                              comparator=str(row.get("comparator") or "="), derived=derived)
    ids = tuple(i for i in str(row.get("target_ids") or "").split("|") if i)
    return Number(num, float(row["value"]), ids), phrase


def _extremes_sentences(lang: str, st: pd.DataFrame, limit: int = 3) -> list[Sentence]:
    """'Highest on A (v), B (v) and k more' / 'lowest on …': most widely compared first."""
    out = []
    ranked = st[st["rank"].notna()].sort_values("n_comparable", ascending=False, kind="stable")
    for key, top in (("top", True), ("bottom", False)):
        rows = ranked[ranked["rank"] == 1] if top else ranked[ranked["rank"] == ranked["n_comparable"]]
        if rows.empty:
            continue
        numbers, items = [], []
        for r in rows.head(limit).itertuples(index=False):
            num, phrase = _cell_number(r.cell, lang)
            numbers.append(num)
            if r.cell.get("supplementary"):
                phrase += word("sup_tag", lang)
            items.append(word("named_value", lang, name=nv.indicator_name(r.indicator, lang),
                              value=phrase))
        rest = rows.iloc[limit:]
        text = word("sep", lang).join(items) if len(rest) else _join(items, lang)
        if len(rest):  # "and 6 more" (en) or "等9项" (zh): the count the wording shows
            counted = rows if "{total}" in WORDS["more"][lang] else rest
            ids = [i for c in counted["cell"] for i in str(c.get("target_ids") or "").split("|") if i]
            numbers.append(_count(len(counted), lang, ids))
            text += word("more", lang, n=_num(len(rest), lang), total=_num(len(rows), lang))
        out.append(_sentence(key, lang, list=_Cited(text, tuple(numbers))))
    return out


def profile_summary(jurisdiction: str, lang: str, sources: report.Sources) -> str:
    """Opening prose of a profile: what the plan commits to, where it leads, what it lacks."""
    t = _targets()
    mine = t[t["jurisdiction"] == jurisdiction]
    sentences = [nv.coverage_sentence(jurisdiction, lang)]
    miles = mine[mine["status"] == "milestone"]
    rest = mine[mine["status"] == "restated"]
    key = {(True, True): "extras", (True, False): "extras_milestones",
           (False, True): "extras_restated", (False, False): "extras_none"}[(len(miles) > 0, len(rest) > 0)]
    sentences.append(_sentence(key, lang, milestones=_count(len(miles), lang, miles["target_id"]),
                               restated=_count(len(rest), lang, rest["target_id"])))
    st = standing(jurisdiction)
    if len(st):
        ids = [i for r in st.itertuples(index=False)
               for i in str(r.cell.get("target_ids") or "").split("|") if i]
        sentences.append(_sentence("shared", lang, n=_count(len(st), lang, ids)))
        sentences += _extremes_sentences(lang, st)
    else:
        sentences.append(_sentence("shared_none", lang))
    sentences.append(nv.missing_sentence(jurisdiction, lang))
    return (report.heading(word("summary", lang), 2, "summary") + plan_line(jurisdiction, lang)
            + paragraph(sentences, sources))


def _target_rows(rows: pd.DataFrame, lang: str, sources: report.Sources,
                 with_indicator: bool = True) -> list[list[str]]:
    out = []
    for r in rows.to_dict("records"):
        status = _e(status_label(r["status"], lang))
        if r["status"] == "restated" and not _missing(r.get("restates")):
            status += f" ({_e(word('restates', lang))}{sources.cite(r['restates'])})"
        if r["status"] == "supplementary":
            status = _sup(status)
        if r.get("conflict") is True and not _missing(r.get("conflict_with")):
            status += f"; {_e(word('conflict', lang))}{sources.cite(r['conflict_with'])}"
        ind = "" if _missing(r.get("indicator")) else _e(indicator_label(r["indicator"], lang))
        cells = [_e(r["subject"]), stated_value(r, lang) + sources.cite(r["target_id"]),
                 _e(_measure_label(r["measure"], lang)), _year(r.get("target_year"))]
        if with_indicator:
            cells.append(ind)
        quote = f"<q>{_e(r['quote'])}</q>"
        cells += [status, _sup(quote) if r["status"] == "supplementary" else quote]
        out.append(cells)
    return out


def _target_header(lang: str, with_indicator: bool = True) -> list[str]:
    keys = ["col_subject", "col_target", "col_measure", "col_year"]
    keys += ["col_indicator"] if with_indicator else []
    return [word(k, lang) for k in keys + ["col_status", "col_quote"]]


def targets_by_category(jurisdiction: str, lang: str, sources: report.Sources) -> str:
    """Every target of the plan (milestones aside) by policy area, each with its quote."""
    t = _targets()
    mine = t[(t["jurisdiction"] == jurisdiction) & (t["status"] != "milestone")]
    out = [report.heading(word("targets", lang), 2, "targets")]
    empty = []
    for cat in CATEGORIES:
        rows = mine[mine["category"] == cat]
        if rows.empty:
            empty.append(category_label(cat, lang))
            continue
        out.append(report.heading(f"{category_label(cat, lang)} ({len(rows)})", 3, f"targets-{cat}"))
        out.append(_table(_target_header(lang), _target_rows(rows, lang, sources)))
    if mine.empty:
        out.append(_p(_e(word("none", lang))))
    elif empty:
        out.append(_note(_e(word("no_targets_in", lang, list=word("sep", lang).join(empty)))))
    return "".join(out)


def _milestone_groups(jurisdiction: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    t = _targets()
    mine = t[t["jurisdiction"] == jurisdiction]
    miles = mine[mine["status"] == "milestone"].copy()
    parents = mine.set_index("target_id")
    miles["_group"] = [m if not _missing(m) and m in parents.index else f"subject:{s}"
                       for m, s in zip(miles["milestone_of"], miles["subject"], strict=True)]
    return miles, parents


def milestones_section(jurisdiction: str, lang: str, sources: report.Sources) -> str:
    """The plan's yearly milestones: one row per target they lead to, one column per year."""
    miles, parents = _milestone_groups(jurisdiction)
    out = [report.heading(word("milestones", lang), 2, "milestones")]
    if miles.empty:
        return "".join(out) + _p(_e(word("milestones_none", lang)))
    years = sorted({int(y) for y in miles["target_year"].dropna()})
    groups = list(dict.fromkeys(miles["_group"]))
    out.append(paragraph([_sentence(
        "milestones_intro", lang, n=_count(len(miles), lang, miles["target_id"]),
        k=_count(len(groups), lang), first=years[0], last=years[-1])], sources))
    rows = []
    for g in groups:
        ms = miles[miles["_group"] == g]
        first = ms.iloc[0]
        parent = parents.loc[g] if g in parents.index else None
        name = (indicator_label(first["indicator"], lang) if not _missing(first["indicator"])
                else str(first["subject"]))
        cells = [_e(name) + f'<br><small>{_e(first["subject"])}</small>']
        for y in years:
            hit = ms[ms["target_year"] == y]
            cells.append("<br>".join(stated_value(r, lang) + sources.cite(r["target_id"])
                                     for r in hit.to_dict("records")))
        if parent is not None:
            cells.append(stated_value(parent, lang) + sources.cite(g)
                         + f" ({_year(parent['target_year'])})")
        else:
            cells.append("")
        rows.append(cells)
    header = [word("col_subject", lang), *map(str, years), word("col_endpoint", lang)]
    return "".join(out) + _table(header, rows)


def milestone_figures(jurisdiction: str, lang: str, limit: int = 4) -> list[Figure]:
    """Milestone trajectories of the plan's indicators, those most plans state first."""
    from ..present.charts import milestone_trajectories

    miles, _ = _milestone_groups(jurisdiction)
    inds = [i for i in dict.fromkeys(miles["indicator"].dropna())]
    t = _targets()
    stating = t[t["indicator"].isin(inds) & (t["status"] != "restated")]
    n_plans = stating.groupby("indicator")["jurisdiction"].nunique()
    inds = sorted(inds, key=lambda i: (-n_plans.get(i, 0), i))[:limit]
    return [milestone_trajectories(t, i, lang) for i in inds]


def _agency_name(rows: pd.DataFrame, lang: str) -> str:
    col = "name_en" if lang == "en" else "name_zh"
    names = rows[col].dropna()
    names = names[names.astype(str).str.strip() != ""]
    if names.empty:
        names = rows["name_as_written"]
    return str(names.value_counts().index[0])


def measures_section(jurisdiction: str, lang: str, sources: report.Sources) -> str:
    """The plan's measures (task items): section, title, policy areas, instrument, agencies."""
    from ..extract.actions import instrument_table, ip_type_table

    m = _measures()
    m = m[m["jurisdiction"] == jurisdiction]
    out = [report.heading(word("measures", lang), 2, "measures")]
    if m.empty:
        return "".join(out) + _p(_e(word("measures_none", lang)))
    ids = list(m["measure_id"])

    def by(col: str, value: str) -> list[str]:
        return list(m.loc[m[col] == value, "measure_id"])

    kinds = {k: by("section_kind", k) for k in ("task", "safeguard", "schedule")}
    inst = {k: by("instrument", k) for k in ("supply", "demand", "environment")}
    fields = {"n": ids, "tasks": kinds["task"], "safeguards": kinds["safeguard"],
              "schedule": kinds["schedule"], **inst}
    out.append(paragraph([_sentence("measures_intro", lang, **{
        k: _count(len(v), lang, measure_ids=v) for k, v in fields.items()})], sources))
    subtypes = instrument_table().set_index("subtype")
    ip_names = ip_type_table().set_index("ip_type")
    ag = _agencies(jurisdiction)
    rows = []
    for r in m.to_dict("records"):
        cats = word("sep", lang).join(category_label(c, lang) for c in str(r["categories"]).split("|"))
        sub = r["instrument_subtype"]
        sub_name = subtypes.loc[sub, lang] if sub in subtypes.index else sub
        instrument = f"{charts.label('instruments', r['instrument'], lang)} · {sub_name}"
        ips = word("sep", lang).join(
            str(ip_names.loc[i, lang]) if i in ip_names.index else i
            for i in str(r["ip_types"]).split("|") if i)
        mine = ag[ag["measure_id"] == r["measure_id"]]
        agencies = []
        for role in ("lead", "responsible", "cooperating"):
            names = [_agency_name(g, lang) for _, g in mine[mine["role"] == role].groupby(
                "agency_id", sort=False)]
            if names:
                agencies.append(f"{charts.label('roles', role, lang)}{word('colon', lang)}"
                                f"{word('sep', lang).join(names)}")
        kind = word(f"kind_{r['section_kind']}", lang) if f"kind_{r['section_kind']}" in WORDS \
            else r["section_kind"]
        section = f"{_e(r['section_path'])}<br><small>{_e(kind)}</small>"
        rows.append([section, f"{_e(r['marker'])} {_e(r['title'])}{sources.cite(r['measure_id'])}",
                     _e(cats), _e(instrument), _e(ips), "<br>".join(map(_e, agencies))])
    header = [word(k, lang) for k in ("col_section", "col_title", "col_areas", "col_instrument",
                                      "col_ip", "col_agencies")]
    return "".join(out) + _table(header, rows)


def agencies_section(jurisdiction: str, lang: str, sources: report.Sources) -> str:
    """The agencies the plan charges with measures, with how many measures in each role."""
    ag = _agencies(jurisdiction)
    out = [report.heading(word("agencies", lang), 2, "agencies")]
    ag = ag[ag["agency_id"].notna()]
    if ag.empty:
        return "".join(out) + _p(_e(word("agencies_none", lang)))
    roles = ("lead", "responsible", "cooperating")
    table = []
    for aid, g in ag.groupby("agency_id", sort=False):
        per_role = {r: list(dict.fromkeys(g.loc[g["role"] == r, "measure_id"])) for r in roles}
        total = list(dict.fromkeys(g["measure_id"]))
        table.append((aid, _agency_name(g, lang), g, per_role, total))
    table.sort(key=lambda x: (-len(x[4]), x[1]))
    top = table[0]
    out.append(paragraph([_sentence("agencies_intro", lang, n=_count(len(table), lang), top=top[1],
                                    k=_count(len(top[4]), lang, measure_ids=top[4]))], sources))
    used = [r for r in roles if any(x[3][r] for x in table)]
    rows = []
    for _aid, name, g, per_role, total in table:
        level = g["level"].dropna()
        level = str(level.iloc[0]) if len(level) else ""
        level = word(f"level_{level}", lang) if f"level_{level}" in WORDS else level
        cells = [_e(name) + f'<br><small>{_e(g["name_as_written"].iloc[0])}</small>', _e(level)]
        for r in used:
            cells.append(f"{len(per_role[r])}{_cite_ids(sources, per_role[r])}")
        cells.append(str(len(total)))
        rows.append(cells)
    header = [word("col_agency", lang), word("col_level", lang),
              *[charts.label("roles", r, lang).capitalize() for r in used], word("col_total", lang)]
    return "".join(out) + _table(header, rows)


def _cite_ids(sources: report.Sources, ids: Sequence[str]) -> str:
    return sources.cite(list(ids)) if ids else ""


def agencies_figure(jurisdiction: str, lang: str) -> Figure | None:
    """The agencies most often charged with the plan's measures (None: the plan names none)."""
    ag = _agencies(jurisdiction)
    if ag["agency_id"].notna().sum() == 0:
        return None
    roles = tuple(r for r in ("lead", "responsible", "cooperating") if (ag["role"] == r).any())
    return charts.agency_chart(ag, lang, roles=roles)


def standing_section(jurisdiction: str, lang: str, sources: report.Sources) -> str:
    """Where the plan stands against the others on the indicators it shares with them."""
    st = standing(jurisdiction)
    out = [report.heading(word("standing", lang), 2, "standing")]
    if st.empty:
        return "".join(out) + _p(_e(word("shared_none", lang)))
    out.append(_note(_e(word("standing_intro", lang))))
    rows = []
    for r in st.itertuples(index=False):
        me = r.cell
        mine = _cell_html(me, lang, sources)
        rank = (word("rank_of", lang, rank=int(r.rank), n=int(r.n_comparable))
                if not _missing(r.rank) else word("not_ranked", lang))
        shown = nearest_others(r.others, me)
        others = "<br>".join(f"{_e(plan_name(o['jurisdiction'], lang))}{word('colon', lang)}"
                             f"{_cell_html(o, lang, sources)}"
                             for o in shown.to_dict("records"))
        if len(shown) < len(r.others):
            others += "<br>" + _e(word("others_more", lang, n=len(r.others) - len(shown)))
        rows.append([_e(indicator_label(r.indicator, lang)),
                     _e(charts.label("bases", r.basis, lang)), mine, _e(rank), others])
    header = [word(k, lang) for k in ("col_indicator", "col_basis", "col_this", "col_rank",
                                      "col_others")]
    return "".join(out) + _table(header, rows)


def standing_figure(jurisdiction: str, lang: str, limit: int = 6) -> Figure | None:
    """Bars per 10,000 residents of the shared indicators this plan's target converts on."""
    st = standing(jurisdiction)
    st = st[(st["basis"] == "per_10k_residents") & (st["n_comparable"].fillna(0) >= 2)]
    if st.empty:
        return None
    st = st.head(limit)
    inds = list(st["indicator"])
    long = _long(inds, "per_10k_residents")
    keep = pd.Series(True, index=long.index)
    for r in st.itertuples(index=False):  # other footings of an indicator: not drawn
        here = long["indicator"] == r.indicator
        other = (here & (long["state"] == "stated")
                 & ((long["unit"] != r.cell["unit"]) | (long["kind"] != r.cell["kind"])))
        keep &= ~other
        if long.loc[here & keep, "jurisdiction"].nunique() > STANDING_OTHERS + 1:
            # many plans: only this one and those the table lists (no row of "not stated")
            plans = {jurisdiction, *nearest_others(r.others, r.cell)["jurisdiction"]}
            keep &= ~(here & ~long["jurisdiction"].isin(plans))
    return charts.indicators_panel(long[keep], inds, lang, basis="per_10k_residents", ncols=3)


def _cell_html(row: Mapping, lang: str, sources: report.Sources) -> str:
    """A compare_long cell: value (or stated value and 'not convertible') with its footnote."""
    state = row["state"]
    if state in ("not_stated", "not_in_corpus"):
        return f'<span class="ipc-na">{_e(charts.label("states", state, lang))}</span>'
    ids = str(row.get("target_ids") or "")
    sup = f" {_sup('(' + _e(word('supplementary_mark', lang)) + ')')}" if row.get("supplementary") else ""
    title = f' title="{_e(row.get("method"))}"'
    if state == "not_convertible":
        stated, _ = nv.quantity(float(row["stated_value"]), str(row["stated_unit"]), lang,
                                value_high=None if _missing(row.get("stated_value_high"))
                                else float(row["stated_value_high"]),
                                comparator=str(row.get("comparator") or "="))
        return (f'<span{title}>{_e(stated)}{sources.cite(ids)} '
                f'<span class="ipc-na">({_e(word("not_convertible_mark", lang))})</span></span>{sup}')
    return f"<span{title}>{cell_value(row, lang)}{sources.cite(ids)}</span>{sup}"


# ----------------------------------------------------------------------------- comparison


def selection(jurisdictions: Sequence[str] | None, categories: Sequence[str] | None
              ) -> tuple[list[str], list[str]]:
    """The plans and categories a comparison covers (empty or None: all), validated."""
    from ..corpus.registry import jurisdiction_ids, registry_row

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
    long = _long(None, basis, jurs)
    if long.empty:
        return long
    tax = load_taxonomy()
    keep = [i for i in dict.fromkeys(long["indicator"]) if tax.indicator(i).category in cats]
    return long[long["indicator"].isin(keep)].reset_index(drop=True)


def _selected_targets(jurs: Sequence[str], cats: Sequence[str]) -> pd.DataFrame:
    t = _targets()
    return t[t["jurisdiction"].isin(jurs) & t["category"].isin(cats)]


def coverage_matrix(jurisdictions: Sequence[str] | None, categories: Sequence[str] | None
                    ) -> pd.DataFrame:
    """Plans × selected categories: measures plus distinct targets (as ipc.coverage counts)."""
    from ..api import coverage

    jurs, cats = selection(jurisdictions, categories)
    m = coverage("category", "both", jurs)
    out = m[cats].copy()
    out.attrs.update(m.attrs)
    return out


def _coverage_ids(jurisdiction: str, category: str) -> tuple[list[str], list[str]]:
    from ..analysis.coverage import coverage_targets

    t = coverage_targets(_targets())
    t_ids = list(t.loc[(t["jurisdiction"] == jurisdiction) & (t["category"] == category),
                       "target_id"])
    m = _measures()
    m_ids = list(m.loc[(m["jurisdiction"] == jurisdiction) & m[f"cat_{category}"].astype(bool),
                       "measure_id"])
    return t_ids, m_ids


def differences_narrative(jurisdictions: Sequence[str] | None, categories: Sequence[str] | None,
                          basis: str, lang: str, sources: report.Sources) -> str:
    """Opening prose of a comparison: sizes of the plans, shared indicators, main differences."""
    from ..analysis.coverage import coverage_targets

    jurs, cats = selection(jurisdictions, categories)
    t = coverage_targets(_selected_targets(jurs, cats))
    counts = {j: list(t.loc[t["jurisdiction"] == j, "target_id"]) for j in jurs}
    order = sorted(jurs, key=lambda j: (-len(counts[j]), jurs.index(j)))
    sentences: list[Sentence] = []
    most, fewest = order[0], order[-1]
    lo, hi = len(counts[fewest]), len(counts[most])
    if len(jurs) == 1:
        sentences.append(_sentence("one_plan", lang, name=plan_name(most, lang),
                                   low=_count(lo, lang, counts[most])))
    elif lo == hi:
        ids = [i for j in jurs for i in counts[j]]
        sentences.append(_sentence("n_plans_equal", lang, n=_count(len(jurs), lang),
                                   low=_count(lo, lang, ids)))
    else:
        sentences.append(_sentence(
            "n_plans", lang, n=_count(len(jurs), lang), low=_count(lo, lang, counts[fewest]),
            high=_count(hi, lang, counts[most]), most=plan_name(most, lang),
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
            sentences.append(_sentence(
                "indicators_shared", lang, k=_count(len(per), lang, ids_of(per.index)),
                shared=_count(len(shared), lang, ids_of(shared.index)),
                all_=_count(len(everyone), lang, ids_of(everyone.index)), n=_count(len(jurs), lang)))
        top = sorted(shared.index, key=lambda i: (-shared[i], list(per.index).index(i)))[:3]
        basis_long = comparison_long(jurs, cats, basis)
        for ind in top:
            sentences.append(nv.rank_sentence(ind, basis, lang, long=basis_long))
    sentences += [s for s in (_chi_sentence(jurs, cats, lang), _js_sentence(jurs, cats, lang)) if s]
    return (report.heading(word("summary", lang), 2, "summary")
            + _note(_e(_selection_line(jurs, cats, basis, lang)))
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
    """Indicators × plans on ``basis``: each value footnoted, 'not stated' marked, by area."""
    jurs, cats = selection(jurisdictions, categories)
    long = comparison_long(jurs, cats, basis)
    out = [report.heading(word("side_by_side", lang), 2, "side-by-side")]
    if long.empty:
        return "".join(out) + _p(_e(word("none", lang)))
    out.append(_note(_e(word("basis_note", lang, desc=BASES[basis],
                             label=charts.label("bases", basis, lang)))))
    tax = load_taxonomy()
    rows: list[Sequence[str] | str] = []
    for cat in cats:
        inds = [i for i in dict.fromkeys(long["indicator"]) if tax.indicator(i).category == cat]
        if inds:
            rows.append(category_label(cat, lang))
        for ind in inds:
            cells = long[long["indicator"] == ind].set_index("jurisdiction")
            rows.append([_e(indicator_label(ind, lang)),
                         *[_cell_html(cells.loc[j], lang, sources) for j in jurs]])
    header = [word("col_indicator", lang), *[plan_name(j, lang) for j in jurs]]
    return "".join(out) + _table(header, rows)


def comparison_charts(jurisdictions: Sequence[str] | None, categories: Sequence[str] | None,
                      basis: str, lang: str, limit: int = 6) -> list[str | Figure]:
    """The comparison's charts, each after an h3: coverage, indicator bars (as stated and on
    ``basis``), growth targets, milestone trajectories, similarity, instrument mix."""
    from ..api import coverage

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
        for b in dict.fromkeys(["as_stated", basis]):
            long = long_stated if b == "as_stated" else comparison_long(jurs, cats, b)
            sel = [i for i in inds if (long.loc[long["indicator"] == i, "state"] == "stated").any()]
            h3("indicators_title", f"chart-bars-{b.replace('_', '-')}",
               basis=charts.label("bases", b, lang))
            if sel:
                out.append(charts.indicators_panel(long, sel, lang, basis=b, ncols=3))
                out.append(_note(_e(word("bars_note", lang))))
            else:
                out.append(_p(_e(word("no_basis", lang))))
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
    nonzero = m[m.sum(axis=1) > 0]
    if len(nonzero) >= 3 and (m.sum(axis=0) > 0).sum() >= 2:  # fewer: nothing to cluster
        h3("dendrogram_title", "chart-dendrogram", method=charts.label("linkage", "average", lang))
        out.append(charts.similarity_dendrogram(nonzero, lang))
    inst = coverage("instrument", "measures", jurs)
    if inst.to_numpy().sum() > 0:
        h3("instrument_title", "chart-instruments")
        out.append(charts.instrument_mix(inst, lang))
    return out


def _matrix_table(m: pd.DataFrame, lang: str, fmt: Any = None) -> str:
    header = ["", *[category_label(c, lang) if c in CATEGORIES else plan_name(c, lang)
                    for c in m.columns]]
    rows = [[_e(plan_name(i, lang)), *[_e(fmt(v) if fmt else v) for v in r]]
            for i, r in zip(m.index, m.to_numpy(), strict=True)]
    return _table(header, rows)


def statistics_section(jurisdictions: Sequence[str] | None, categories: Sequence[str] | None,
                       lang: str, sources: report.Sources) -> str:
    """Coverage table (cited), chi-square with its method and caveat, Jensen–Shannon
    distances, portfolio measures and Jaccard similarity of the plans."""
    jurs, cats = selection(jurisdictions, categories)
    m = coverage_matrix(jurs, cats)
    out = [report.heading(word("statistics", lang), 2, "statistics"),
           report.heading(word("coverage_matrix", lang), 3, "stats-coverage"),
           _note(_e(word("coverage_note", lang)))]
    rows = []
    for j in jurs:
        cells = [_e(plan_name(j, lang))]
        for c in cats:
            t_ids, m_ids = _coverage_ids(j, c)
            n = int(m.loc[j, c])
            cells.append(f"{n}{_cite_ids(sources, t_ids + m_ids)}")
        rows.append(cells)
    out.append(_table(["", *[category_label(c, lang) for c in cats]], rows))

    out.append(report.heading(word("chi_square", lang), 3, "stats-chi-square"))
    try:
        res = stats.chi_square(m, seed=CHI_SEED)
    except ValueError:
        out.append(_p(_e(word("not_computable", lang, reason=word("chi_needs", lang)))))
    else:
        out.append(_p(_e(word("chi_text", lang, stat=f"{res.statistic:.2f}", dof=res.dof,
                                   p=_p_value(res.reported_p_value), method=_chi_method(res, lang)))))
        if res.method == "monte_carlo":
            small = int(round(res.share_expected_below_5 * res.expected.size))
            out.append(_note(_e(word("chi_caveat", lang, k=small, cells=res.expected.size,
                                     min=f"{res.min_expected:.2f}", p_asym=_p_value(res.p_value)))))
        else:
            out.append(_note(_e(word("chi_caveat_ok", lang))))
        dropped = [c for c in m.columns if m[c].sum() == 0] + [j for j in m.index if m.loc[j].sum() == 0]
        if dropped:
            names = [category_label(d, lang) if d in CATEGORIES else plan_name(d, lang) for d in dropped]
            out.append(_note(_e(word("chi_dropped", lang, what=word("sep", lang).join(names)))))

    nonzero = m[m.sum(axis=1) > 0]
    out.append(report.heading(word("js", lang), 3, "stats-js"))
    if len(nonzero) >= 2:
        d = stats.jensen_shannon(nonzero)
        out += [_note(_e(word("js_note", lang))), _matrix_table(d, lang, _fmt)]
    else:
        out.append(_p(_e(word("not_computable", lang, reason=word("js_needs", lang)))))
    out.append(report.heading(word("portfolio", lang), 3, "stats-portfolio"))
    ps = stats.portfolio_summary(m)
    header = ["", "size", "Shannon", "Gini–Simpson", "equality"] if lang == "en" else \
        ["", "规模", "香农多样性", "基尼-辛普森多样性", "均衡度"]
    rows = [[_e(plan_name(j, lang)), str(int(r["size"])), _fmt(r["shannon"]),
             _fmt(r["gini_simpson"]), _fmt(r["equality"])] for j, r in ps.iterrows()]
    out += [_note(_e(word("portfolio_note", lang))), _table(header, rows)]
    out.append(report.heading(word("jaccard", lang), 3, "stats-jaccard"))
    out.append(_matrix_table(stats.similarity_jaccard(m), lang, _fmt))
    return "".join(out)


def _p_value(p: float) -> str:
    return "< 0.0001" if p < 1e-4 else f"{p:.4f}"


# ----------------------------------------------------------------------------- indicator


def indicator_summary(indicator: str, lang: str, sources: report.Sources) -> str:
    """Opening prose of an indicator report: who states it, highest and lowest, per plan."""
    from ..corpus.registry import jurisdiction_ids

    load_taxonomy().indicator(indicator)
    jurs = jurisdiction_ids()
    a = _long([indicator], "as_stated", jurs)
    has = a[a["state"].isin(["stated", "not_convertible"])]
    ids = [i for v in has["target_ids"] for i in str(v).split("|") if i]
    out = [report.heading(word("summary", lang), 2, "summary")]
    if has.empty:
        return "".join(out) + _p(_e(word("stated_by_none", lang)))
    sentences = [_sentence("stated_by", lang, k=_count(len(has), lang, ids), n=_count(len(jurs), lang))]
    for basis in ("as_stated", "per_10k_residents"):  # a ranking needs two plans
        long = a if basis == "as_stated" else _long([indicator], basis, jurs)
        if (long["state"] == "stated").sum() >= 2:
            sentences.append(nv.rank_sentence(indicator, basis, lang, long=long))
    best = _long([indicator], "per_10k_residents", jurs)
    for j in has["jurisdiction"]:
        row = best[best["jurisdiction"] == j].iloc[0]
        if row["state"] != "stated":
            row = a[a["jurisdiction"] == j].iloc[0]
        sentences.append(nv.headline(row, lang))
    missing = [plan_name(j, lang) for j in jurs if j not in set(has["jurisdiction"])]
    if missing:
        sentences.append(_sentence("not_stated_by", lang, list=word("sep", lang).join(missing)))
    return "".join(out) + paragraph(sentences, sources)


def indicator_definition(indicator: str, lang: str) -> str:
    """What the indicator counts: names, policy area, unit, usual measures, wordings matched."""
    ind = load_taxonomy().indicator(indicator)
    items = [
        (word("col_indicator", lang), f"{ind.zh} · {ind.en} (<code>{_e(ind.id)}</code>)"),
        (word("def_category", lang), _e(category_label(ind.category, lang))),
        (word("def_unit", lang), _e(charts.label("units", ind.unit, lang))),
        (word("def_measures", lang), _e(word("sep", lang).join(_measure_label(m, lang)
                                                               for m in ind.measures))),
        (word("def_aliases", lang), "<br>".join(f"<code>{_e(a)}</code>" for a in ind.aliases)),
        (word("def_national", lang), _e(word("yes" if ind.national else "no", lang))),
    ]
    if ind.note:
        items.append((word("def_note", lang), _e(ind.note)))
    body = "".join(f"<tr><th>{_e(k)}</th><td>{v}</td></tr>" for k, v in items)
    return (report.heading(word("definition", lang), 2, "definition")
            + f'<table class="ipc-table"><tbody>{body}</tbody></table>')


def indicator_table(indicator: str, lang: str, sources: report.Sources) -> str:
    """Every row on the indicator as stated, plan by plan: stated, restated, milestones,
    supplementary, each with its quote."""
    load_taxonomy().indicator(indicator)
    t = _targets()
    rows = t[t["indicator"] == indicator]
    out = [report.heading(word("as_stated_heading", lang), 2, "as-stated")]
    if rows.empty:
        return "".join(out) + _p(_e(word("no_rows", lang)))
    for j in dict.fromkeys(rows["jurisdiction"]):
        mine = rows[rows["jurisdiction"] == j]
        out.append(report.heading(f"{plan_name(j, lang)} ({len(mine)})", 3, f"as-stated-{j}"))
        out.append(_table(_target_header(lang, False), _target_rows(mine, lang, sources, False)))
    return "".join(out)


def indicator_normalized(indicator: str, lang: str, sources: report.Sources) -> str:
    """The indicator on every basis that applies (a target converts to it): value and method."""
    from ..corpus.registry import jurisdiction_ids

    load_taxonomy().indicator(indicator)
    out = [report.heading(word("normalized", lang), 2, "normalized")]
    jurs = jurisdiction_ids()
    shown = 0
    for basis in BASES:
        long = _long([indicator], basis, jurs)
        has = long[long["state"].isin(["stated", "not_convertible"])]
        if not (long["state"] == "stated").any() or (basis == "as_stated" and has.empty):
            continue
        shown += 1
        out.append(report.heading(basis_heading(basis, lang), 3, f"basis-{basis.replace('_', '-')}"))
        if lang == "en":
            out.append(_note(_e(BASES[basis])))
        rows = [[_e(plan_name(r["jurisdiction"], lang)), _cell_html(r, lang, sources),
                 f"<small>{_e(r['method'])}</small>"] for r in has.to_dict("records")]
        out.append(_table([word("col_plan", lang), word("col_value", lang), word("col_method", lang)],
                          rows))
    if not shown:
        out.append(_p(_e(word("no_rows", lang))))
    return "".join(out)


def indicator_figures(indicator: str, lang: str) -> list[str | Figure]:
    """Bars as stated and per 10,000 residents (and per year where it applies) with 'not
    stated' placeholders, and the milestone trajectories when the plans set milestones."""
    from ..corpus.registry import jurisdiction_ids

    load_taxonomy().indicator(indicator)
    jurs = jurisdiction_ids()
    out: list[str | Figure] = [report.heading(word("charts", lang), 2, "charts")]
    for basis in ("as_stated", "per_10k_residents", "per_year"):
        long = _long([indicator], basis, jurs)
        if not (long["state"] == "stated").any():
            continue
        out.append(report.heading(basis_heading(basis, lang), 3, f"chart-{basis.replace('_', '-')}"))
        out.append(charts.indicator_bars(long, indicator, lang, basis=basis))
    t = _targets()
    if ((t["indicator"] == indicator) & (t["status"] == "milestone")).any():
        out.append(report.heading(word("milestones", lang), 3, "chart-milestones"))
        out.append(charts.milestone_trajectories(t, indicator, lang))
    if len(out) > 1:
        out.append(_note(_e(word("bars_note", lang))))
    else:
        out.append(_p(_e(word("no_rows", lang))))
    return out


# ----------------------------------------------------------------------------- audit


def provenance(targets: pd.DataFrame | None = None,
               texts: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Check every row: ``text[start:end] == quote`` (None for rows without a span)."""
    from ..corpus.registry import load_document

    t = _targets() if targets is None else targets
    texts = dict(texts or {})
    ok = []
    for r in t.itertuples(index=False):
        if _missing(r.start) or _missing(r.end):
            ok.append(None)
            continue
        if r.document not in texts:
            texts[r.document] = load_document(r.document).text
        ok.append(texts[r.document][int(r.start):int(r.end)] == r.quote)
    return t.assign(quote_ok=pd.Series(ok, index=t.index, dtype=object))


def _corrections() -> pd.DataFrame:
    from ..corpus.review import load_corrections

    return load_corrections()


def audit_summary(lang: str, sources: report.Sources, targets: pd.DataFrame | None = None,
                  corrections: pd.DataFrame | None = None) -> str:
    """Opening prose of the audit: rows by status, provenance, contradictions, unmapped, fixes."""
    t = provenance(targets)
    by = {s: list(t.loc[t["status"] == s, "target_id"]) for s in
          ("stated", "restated", "milestone", "supplementary")}
    k = t["jurisdiction"].nunique()
    reserve(sources, *by.values())
    s1 = _sentence("audit_intro", lang, n=_count(len(t), lang, t["target_id"]), k=_count(k, lang),
                   stated=_count(len(by["stated"]), lang, by["stated"]),
                   restated=_count(len(by["restated"]), lang, by["restated"]),
                   milestones=_count(len(by["milestone"]), lang, by["milestone"]),
                   supplementary=_count(len(by["supplementary"]), lang, by["supplementary"]))
    checked = t[t["quote_ok"].notna()]
    good = list(checked.loc[checked["quote_ok"].astype(bool), "target_id"])
    bad = list(checked.loc[~checked["quote_ok"].astype(bool), "target_id"])
    s2 = _sentence("audit_quotes", lang, ok=_count(len(good), lang), checked=_count(len(checked), lang),
                   failed=_count(len(bad), lang, bad))
    conflicts = list(t.loc[t["conflict"].astype(bool), "target_id"])
    unmapped = _unmapped(t)
    corr = _corrections() if corrections is None else corrections
    known = set(t["target_id"])
    stale = [c for c in corr["target_id"] if c not in known and c not in set(
        corr.loc[corr["action"] == "drop", "target_id"])]
    applied = len(corr) - len(stale)
    s3 = _sentence("audit_rest", lang, conflicts=_count(len(conflicts), lang, conflicts),
                   unmapped=_count(len(unmapped), lang, unmapped["target_id"]),
                   corrections=_count(len(corr), lang), applied=_count(applied, lang),
                   stale=_count(len(stale), lang))
    return report.heading(word("summary", lang), 2, "summary") + paragraph([s1, s2, s3], sources)


def audit_provenance(lang: str, sources: report.Sources, targets: pd.DataFrame | None = None,
                     texts: Mapping[str, str] | None = None) -> str:
    """Per plan: rows, quotes verified, failures; then every row with its check (folded)."""
    t = provenance(targets, texts)
    out = [report.heading(word("provenance", lang), 2, "provenance"),
           _note(_e(word("provenance_intro", lang)))]
    rows = []
    for j in dict.fromkeys(t["jurisdiction"]):
        mine = t[t["jurisdiction"] == j]
        ok = mine["quote_ok"]
        rows.append([_e(plan_name(j, lang)), str(len(mine)), str(int(ok.eq(True).sum())),
                     str(int(ok.eq(False).sum())), str(int(ok.isna().sum()))])
    out.append(_table([word(k, lang) for k in ("col_plan", "col_count", "col_verified",
                                                "col_failed", "col_na")], rows))
    failed = t[t["quote_ok"].eq(False)]
    if len(failed):
        out.append(_table(_target_header(lang), _target_rows(failed, lang, sources)))
    detail = []
    for r in t.to_dict("records"):
        check = ("" if r["quote_ok"] is None else word("ok" if r["quote_ok"] else "mismatch", lang))
        where = "" if r["quote_ok"] is None else f"{int(r['start'])}–{int(r['end'])}"
        detail.append([f"<code>{_e(r['target_id'])}</code>", _e(plan_name(r["jurisdiction"], lang)),
                       _e(status_label(r["status"], lang)), _e(where), _e(check),
                       f"<q>{_e(r['quote'])}</q>"])
    out.append(f"<details><summary>{_e(word('all_rows', lang, n=len(t)))}</summary>"
               + _table([word(k, lang) for k in ("col_id", "col_plan", "col_status", "col_offsets",
                                                  "col_check", "col_quote")], detail)
               + "</details>")
    return "".join(out)


def audit_restatements(lang: str, sources: report.Sources, targets: pd.DataFrame | None = None) -> str:
    """Every restatement beside the statement it repeats; contradictions (values differ) first."""
    t = _targets() if targets is None else targets
    rest = t[t["status"] == "restated"]
    by_id = t.set_index("target_id")
    conflicts = rest[rest["conflict"].astype(bool)]
    out = [report.heading(word("restatements", lang), 2, "restatements"),
           paragraph([_sentence("restatements_intro", lang, n=_count(len(rest), lang, rest["target_id"]),
                                k=_count(len(conflicts), lang, conflicts["target_id"]))], sources)]
    if rest.empty:
        return "".join(out)
    ordered = pd.concat([conflicts, rest[~rest["conflict"].astype(bool)]])
    rows = []
    for r in ordered.to_dict("records"):
        first = by_id.loc[r["restates"]] if r["restates"] in by_id.index else None
        first_cell = ("" if first is None else
                      f"{stated_value(first, lang)}{sources.cite(r['restates'])} <q>{_e(first['quote'])}</q>")
        again = f"{stated_value(r, lang)}{sources.cite(r['target_id'])} <q>{_e(r['quote'])}</q>"
        mark = f"<strong>{_e(word('conflict', lang))}</strong>" if r["conflict"] else ""
        rows.append([_e(plan_name(r["jurisdiction"], lang)), first_cell, again, mark])
    out.append(_table([word("col_plan", lang), word("col_first", lang), word("col_again", lang),
                       word("contradictions", lang)], rows))
    return "".join(out)


def _unmapped(t: pd.DataFrame) -> pd.DataFrame:
    return t[t["indicator"].isna() & ~t["status"].isin(["restated", "milestone"])]


def audit_unmapped(lang: str, sources: report.Sources, targets: pd.DataFrame | None = None) -> str:
    """Distinct targets the taxonomy maps to no indicator, plan by plan, with their quotes."""
    t = _targets() if targets is None else targets
    un = _unmapped(t)
    out = [report.heading(word("unmapped", lang), 2, "unmapped"),
           paragraph([_sentence("unmapped_intro", lang, n=_count(len(un), lang, un["target_id"]))],
                     sources)]
    for j in dict.fromkeys(un["jurisdiction"]):
        mine = un[un["jurisdiction"] == j]
        out.append(report.heading(f"{plan_name(j, lang)} ({len(mine)})", 3, f"unmapped-{j}"))
        header = [word(k, lang) for k in ("col_subject", "col_target", "col_measure", "col_year",
                                          "col_category", "col_quote")]
        rows = [[_e(r["subject"]), stated_value(r, lang) + sources.cite(r["target_id"]),
                 _e(_measure_label(r["measure"], lang)), _year(r["target_year"]),
                 _e(category_label(r["category"], lang)), f"<q>{_e(r['quote'])}</q>"]
                for r in mine.to_dict("records")]
        out.append(_table(header, rows))
    return "".join(out)


def audit_corrections(lang: str, sources: report.Sources, corrections: pd.DataFrame | None = None,
                      targets: pd.DataFrame | None = None) -> str:
    """The reviewer corrections on file and whether each still applies to an extracted row."""
    corr = _corrections() if corrections is None else corrections
    t = _targets() if targets is None else targets
    out = [report.heading(word("corrections", lang), 2, "corrections")]
    if corr.empty:
        return "".join(out) + _p(_e(word("corrections_none", lang)))
    known = set(t["target_id"])
    rows = []
    for c in corr.to_dict("records"):
        tid = c["target_id"]
        present = tid in known
        if c["action"] == "drop":
            state = word("applied" if not present else "stale", lang)
        else:
            state = word("applied" if present else "stale", lang)
        ref = sources.cite(tid) if present else ""
        rows.append([f"<code>{_e(tid)}</code>{ref}", _e(c["action"]), _e(c.get("field", "")),
                     _e(c.get("value", "")), _e(c.get("reason", "")), _e(state)])
    out.append(_table([word(k, lang) for k in ("col_id", "col_action", "col_field", "col_value",
                                                "col_reason", "col_state")], rows))
    return "".join(out)


def audit_supplementary(lang: str, sources: report.Sources, targets: pd.DataFrame | None = None) -> str:
    """The rows taken from reference sources, with the source of each."""
    t = _targets() if targets is None else targets
    sup = t[t["status"] == "supplementary"]
    out = [report.heading(word("supplementary_rows", lang), 2, "supplementary"),
           paragraph([_sentence("supplementary_intro", lang, n=_count(len(sup), lang, sup["target_id"]))],
                     sources)]
    if sup.empty:
        return "".join(out)
    rows = [[_e(plan_name(r["jurisdiction"], lang)), _e(r["subject"]),
             _sup(stated_value(r, lang)) + sources.cite(r["target_id"]), _year(r["target_year"]),
             _e("" if _missing(r["indicator"]) else indicator_label(r["indicator"], lang)),
             _e(r["source"])] for r in sup.to_dict("records")]
    out.append(_table([word(k, lang) for k in ("col_plan", "col_subject", "col_target", "col_year",
                                                "col_indicator", "col_source")], rows))
    return "".join(out)

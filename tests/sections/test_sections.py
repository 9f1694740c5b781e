"""The report sections on the real corpus, in both languages: exact wording of the numbers,
footnotes that resolve, supplementary figures labelled, edge cases (Sichuan, one-plan
indicators, filtered comparisons) and the audit's checks on tampered or corrected tables."""

from __future__ import annotations

import base64
import html
import re

import pandas as pd
import pytest
from matplotlib.figure import Figure

import ipcompare as ipc
from ipcompare import sections
from ipcompare.errors import UnknownIdError
from ipcompare.present import charts
from ipcompare.present import html as report
from ipcompare.present.html import citation_parts
from ipcompare.sections import citing

HREF = re.compile(r'href="#src-([^"]+)"')
LANGS = ("en", "zh")


def _row(targets: pd.DataFrame, target_id: str) -> pd.Series:
    return targets[targets["target_id"] == target_id].iloc[0]


def _plain(fragment: str) -> str:
    """A fragment without footnote marks and tags: the text a reader sees."""
    return html.unescape(re.sub(r"<[^>]+>", "", re.sub(r'<sup class="ipc-ref">.*?</sup>', "", fragment)))


def _resolves(fragment: str, sources: report.Sources) -> None:
    """Every footnote link of the fragment has its anchor in the sources list."""
    listing = sources.html()
    ids = HREF.findall(fragment)
    assert ids, "the fragment cites nothing"
    for i in set(ids):
        assert f'id="src-{i}"' in listing, i


# ----------------------------------------------------------------------------- values


@pytest.mark.parametrize(("target_id", "en", "zh"), [
    ("53b903aa6580", "at least 45,000", "不少于4.5万件"),  # 突破45000件
    ("64358915fe91", "1–3 organizations", "1—3家"),  # 培育1—3家
    ("19849d08fc83", "1∶1", "1∶1"),  # 按照1∶1的比例
    ("d5bd00a6a9eb", "at least 20% a year", "年均增长不少于20%"),  # 年均増幅20%以上
    ("bc8f4be63b60", "at least 80 points", "不少于80分"),  # 满意度达到80分以上
    ("2b883ca69691", "30 per 10,000 residents", "每万人30件"),  # 万人发明专利拥有量达30件
])
def test_stated_value_words_a_target_as_the_plan_states_it(corpus_targets, target_id, en, zh):
    row = _row(corpus_targets, target_id)
    assert sections.stated_value(row, "en") == en
    assert sections.stated_value(row, "zh") == zh


def test_cell_value_of_a_converted_cell_says_it_is_derived():
    long = ipc.compare(["invention_patents_owned"], ["wuhan", "nantong"], "per_10k_residents", long=True)
    wuhan, nantong = (long[long["jurisdiction"] == j].iloc[0] for j in ("wuhan", "nantong"))
    assert sections.cell_value(wuhan, "en") == "about 40.6 per 10,000 residents"  # 45000 / 1108.10
    assert sections.cell_value(wuhan, "zh") == "每万人约40.6件"
    assert sections.cell_value(nantong, "en") == "30 per 10,000 residents"  # stated per capita


# ----------------------------------------------------------------------------- citing


def test_sources_cite_compresses_runs_of_three_or_more(corpus_targets):
    src = sections.sources_for("en")
    ids = list(corpus_targets["target_id"][:5])
    assert src.cite(ids[:4]) == (
        f'<sup class="ipc-ref">[<a href="#src-{ids[0]}">1</a>–<a href="#src-{ids[3]}">4</a>]</sup>')
    assert src.cite([ids[0], ids[4], ids[2]]) == (
        f'<sup class="ipc-ref">[<a href="#src-{ids[0]}">1</a>, <a href="#src-{ids[2]}">3</a>, '
        f'<a href="#src-{ids[4]}">5</a>]</sup>')
    assert src.cite([]) == ""
    assert src.cite(f"{ids[0]}|{ids[1]}").count("<a ") == 2  # '|'-joined ids, as compare gives


def test_measures_are_citable_with_their_own_text():
    m = ipc.actions("wuhan")
    src = sections.sources_for("en")
    first = m.iloc[0]
    src.cite(first["action_id"])
    listing = src.html()
    assert f'id="src-{first["action_id"]}"' in listing
    assert f"chars {first['start']}–{first['end']} of wuhan_2018_2020" in listing


def test_reserve_numbers_groups_in_order(corpus_targets):
    src = sections.sources_for("en")
    a, b = list(corpus_targets["target_id"][10:12]), list(corpus_targets["target_id"][:3])
    sections.reserve(src, b, a)
    assert src.order == b + a


# ----------------------------------------------------------------------------- titles


@pytest.mark.parametrize(("name", "params", "title"), [
    ("jurisdiction_profile", {"jurisdiction": "wuhan", "lang": "zh"}, "武汉市知识产权规划概况"),
    ("jurisdiction_profile", {"jurisdiction": "sichuan", "lang": "en"}, "Sichuan: plan profile"),
    ("comparison", {"lang": "zh"}, "各地规划比较"),
    ("indicator", {"indicator": "invention_patents_owned", "lang": "zh"}, "指标：发明专利拥有量"),
    ("data_audit", {"lang": "en"}, "Data audit"),
])
def test_report_title_is_the_configured_title(name, params, title):
    assert sections.report_title(name, params) == title


def test_title_block_is_one_h1_then_the_parameters():
    block = sections.title_block("data_audit", {"lang": "zh"})
    assert block.count("<h1") == 1
    assert '<h1 id="title">数据核查</h1>' in block
    assert "参数: <code>lang=&#x27;zh&#x27;</code>" in block


# ----------------------------------------------------------------------------- profile


def test_profile_summary_of_wuhan_states_its_numbers_with_footnotes():
    src = sections.sources_for("en")
    html = sections.profile_summary("wuhan", "en", src)
    text = _plain(html)
    assert html.startswith('<h2 id="overview">At a glance</h2>')  # the overview comes first
    assert '<h2 id="summary">Summary</h2>' in html
    assert "plan period 2018–2020" in text
    # 4 conditions on each unit (≥50 invention patents per portfolio …) are not targets
    assert "Wuhan's plan sets 39 quantitative targets and 26 actions (task items)" in text
    assert "The text says 3 of its targets again." in text
    # ≥40.6 per 10,000 is above Qingdao's ≥25 at both ends (analysis.order)
    assert "Among the plans that state them on the same footing, its target is the highest on" in text
    assert "invention patents in force (about 40.6 per 10,000 residents)" in text
    _resolves(html, src)
    counted = ipc.targets("wuhan", distinct=True)
    counted = counted[counted["scope"] != "per_entity"]
    # the overview's headline cells are cited first, then the summary's 39 targets in order
    overview = sections.sources_for("en")
    sections.plan_overview("wuhan", "en", overview)
    assert overview.order and set(overview.order) <= set(counted["target_id"])
    rest = [i for i in counted["target_id"] if i not in overview.order]
    assert [i for i in src.order if i not in overview.order][:len(rest)] == rest
    assert "[<a href=\"#src-53b903aa6580\">1</a>–" in html


def test_profile_summary_in_chinese():
    src = sections.sources_for("zh")
    text = _plain(sections.profile_summary("wuhan", "zh", src))
    assert "武汉市规划设定了39项量化目标和26项措施" in text
    assert "原文另有3处重复表述同一目标。" in text
    assert "在口径相同的规划中，其" in text
    assert "发明专利拥有量（每万人约40.6件）" in text
    assert "《武汉市知识产权运营服务体系建设实施方案(2018—2020年)》" in text


def test_sichuan_profile_labels_its_reference_figures_as_supplementary():
    src = sections.sources_for("en")
    text = _plain(sections.profile_summary("sichuan", "en", src))
    assert "15 quantitative targets (13 of them supplementary" in text
    assert "invention patents in force (7.5 per 10,000 residents [supplementary])" in text
    zh = _plain(sections.profile_summary("sichuan", "zh", sections.sources_for("zh")))
    assert "发明专利拥有量（每万人7.5件，补充数据）" in zh
    table = sections.targets_by_category("sichuan", "en", src)
    assert table.count("supplementary (reference source, not the plan text)") == 13
    listing = src.html()
    assert "(reference source, not the plan text)" in listing


def test_targets_by_category_lists_every_target_but_milestones_with_its_quote():
    src = sections.sources_for("en")
    html = sections.targets_by_category("nantong", "en", src)
    t = ipc.targets("nantong")
    shown = t[t["status"] != "milestone"]
    assert html.count("<q>") == len(shown)
    for cat, n in shown["category"].value_counts().items():
        assert f'<h3 id="targets-{cat}">{sections.category_label(cat, "en")} ({n})</h3>' in html
    assert "万人发明专利拥有量达30件" in html
    assert "restated (restates" in html  # a restatement links the statement it repeats
    assert "contradicts" in html  # the 6 vs 10 alliances
    _resolves(html, src)


def test_milestones_section_pivots_years_and_says_when_there_are_none():
    src = sections.sources_for("en")
    html = sections.milestones_section("nantong", "en", src)
    miles = ipc.targets("nantong")
    miles = miles[miles["status"] == "milestone"]
    assert f"{len(miles)} yearly milestones" in _plain(html)
    assert "<th>2017</th><th>2018</th><th>2019</th><th>2020</th><th>End-point target</th>" in html
    assert set(HREF.findall(html)) >= set(miles["target_id"])  # every milestone cited
    assert _plain(sections.milestones_section("wuhan", "en", src)).endswith(
        "The plan sets no yearly milestones.TimelineThe plan text dates no stage and no yearly "
        "milestone: its targets are due at the end of the plan period.")
    assert "该规划未设定年度节点目标。" in sections.milestones_section("sichuan", "zh", src)
    assert sections.milestone_figures("wuhan", "en") == []
    figs = sections.milestone_figures("nantong", "zh", limit=2)
    assert len(figs) == 2 and all(isinstance(f, Figure) for f in figs)


def test_measures_section_counts_wuhan_actions_by_kind_and_instrument():
    src = sections.sources_for("en")
    html = sections.actions_section("wuhan", "en", src)
    text = _plain(html)
    m = ipc.actions("wuhan")
    inst = m["instrument"].value_counts()
    assert html.startswith('<h2 id="actions">Actions</h2>')  # task items are actions in English
    assert "<th>Action</th>" in html and "<th>Measure</th>" not in html
    assert (f"26 actions: 22 tasks, 4 safeguards and 0 schedule items; {inst['supply']} "
            f"supply-side, {inst['demand']} demand-side and {inst['environment']} environmental.") in text
    assert html.count("<tr>") == 26 + 1
    assert "1. 实施专利导航工程" in text
    assert "Responsible: Science and Technology Bureau" in text or "responsible: " in text
    _resolves(html, src)
    zh = _plain(sections.actions_section("wuhan", "zh", sections.sources_for("zh")))
    assert "共26项措施：任务22项、保障措施4项、实施步骤0项" in zh


def test_agencies_section_and_figure():
    src = sections.sources_for("en")
    html = sections.agencies_section("wuhan", "en", src)
    assert "Science and Technology Bureau is charged with the most actions (21)" in _plain(html)
    assert "<th>Responsible</th>" in html
    _resolves(html, src)
    assert isinstance(sections.agencies_figure("wuhan", "zh"), Figure)
    # Sichuan's plan names no agencies
    assert "The plan names no responsible agencies." in sections.agencies_section("sichuan", "en", src)
    assert sections.agencies_figure("sichuan", "en") is None


def test_standing_ranks_wuhan_first_of_four_on_invention_patents_per_10k():
    st = sections.standing("wuhan").set_index("indicator")
    ipo = st.loc["invention_patents_owned"]
    # Wuhan ≈40.6, Nantong 30, Qingdao ≥25, Sichuan 7.5 (supplementary) per 10,000 residents
    assert (ipo["basis"], ipo["rank"], ipo["n_comparable"], ipo["n_stating"]) == (
        "per_10k_residents", 1, 4, 4)
    assert st.loc["ip_pledge_financing", "basis"] == "as_stated"  # a growth rate: as stated
    src = sections.sources_for("zh")
    html = sections.standing_section("wuhan", "zh", src)
    assert "第1（共4个）" in html
    assert "四川省</a>：<span" in html and "(补充数据)" in html  # linked to its profile
    _resolves(html, src)
    assert isinstance(sections.standing_figure("wuhan", "en"), Figure)


# ----------------------------------------------------------------------------- comparison


def _unlinked(html: str) -> str:
    """HTML without its cross-links to other reports (their text kept)."""
    return re.sub(r'<a class="ipc-xref" href="[^"]*">(.*?)</a>', r"\1", html)


def test_selection_defaults_to_everything_and_checks_names():
    assert sections.selection([], []) == (ipc.jurisdiction_ids(), list(sections.CATEGORIES))
    assert sections.selection(["nantong"], ["talent"]) == (["nantong"], ["talent"])
    with pytest.raises(ValueError, match="unknown categories \\['tax'\\]; valid: \\['creation'"):
        sections.selection([], ["tax"])
    with pytest.raises(UnknownIdError):
        sections.selection(["beijing"], [])


def test_comparison_table_respects_plans_categories_and_basis():
    src = sections.sources_for("en")
    html = sections.comparison_table(["wuhan", "nantong"], ["creation"], "per_10k_residents", "en", src)
    assert "<thead><tr><th>Indicator</th><th>Wuhan</th><th>Nantong</th></tr></thead>" in _unlinked(html)
    assert '<th><a class="ipc-xref" href="../jurisdiction_profile/jurisdiction_profile__wuhan__en.html">' in html
    assert '<tr><th colspan="3">Creation</th></tr>' in html
    assert "Utilization" not in html and "Qingdao" not in html
    assert "about 40.6 per 10,000 residents" in html and ">30 per 10,000 residents" in html
    assert '<span class="ipc-na">not stated</span>' in html
    assert "(not convertible)" in html  # Wuhan's 10% a year growth of applications
    _resolves(html, src)


def test_comparison_table_marks_supplementary_cells_in_chinese():
    src = sections.sources_for("zh")
    html = sections.comparison_table(["sichuan"], [], "as_stated", "zh", src)
    # interim supplementary figures (due before the plan ends) never fill a cell
    assert html.count("(补充数据)") == len(ipc.targets("sichuan").query(
        "status == 'supplementary' and target_year >= period_end")["indicator"].unique())
    assert "<th>四川省</th>" in _unlinked(html)


def test_differences_narrative_states_sizes_and_statistics():
    src = sections.sources_for("en")
    html = sections.differences_narrative([], [], "per_10k_residents", "en", src)
    text = _plain(html)
    # Qingdao counts the five parts of its “5+n” service system since issue 13 (19 targets)
    assert "The 5 plans set between 15 and 39 quantitative targets: Wuhan sets the most, Sichuan the fewest." in text
    assert ("Of the 4 plans with a figure for invention patents in force as a stock to reach per 10,000 "
            "residents (per 10,000 residents; 1 of them an expected value") in text
    assert re.search(r"χ² = \d+\.\d\d with 28 degrees of freedom, p = 0\.\d{4} \(Monte-Carlo", text)
    assert "The closest pair of plans is" in text
    _resolves(html, src)
    one = _plain(sections.differences_narrative(["wuhan"], ["finance"], "as_stated", "zh",
                                                sections.sources_for("zh")))
    n = len(ipc.targets("wuhan", distinct=True, milestones=False).query("category == 'finance'"))
    assert f"武汉市设定了{n}项量化目标。" in one


def test_comparison_charts_are_figures_after_their_headings():
    parts = sections.comparison_charts(["wuhan", "nantong", "qingdao"], [], "per_year", "zh")
    headings = [p for p in parts if isinstance(p, str) and p.startswith("<h3")]
    figures = [p for p in parts if isinstance(p, Figure)]
    ids = re.findall(r'<h3 id="([^"]+)"', "".join(headings))
    assert ids[:3] == ["chart-coverage", "chart-bars-as-stated", "chart-bars-per-year"]
    assert "chart-dendrogram" in ids and "chart-instruments" in ids
    assert len(figures) == len(ids)
    # two plans, one category: no dendrogram (nothing to cluster), no error
    small = sections.comparison_charts(["sichuan", "qingdao"], ["finance"], "per_year", "en")
    assert "chart-dendrogram" not in "".join(p for p in small if isinstance(p, str))


def test_statistics_section_reports_method_caveat_and_distances():
    src = sections.sources_for("en")
    html = sections.statistics_section([], [], "en", src)
    text = _plain(html)
    m = sections.coverage_matrix([], [])
    targets = ipc.targets("wuhan", distinct=True, milestones=False)
    targets = targets[targets["scope"] != "per_entity"]["category"].value_counts()
    measures = ipc.actions("wuhan")  # a measure counts in every area it concerns
    for cat in sections.CATEGORIES:
        assert m.loc["wuhan", cat] == targets.get(cat, 0) + measures[f"cat_{cat}"].sum()
        assert f"<td>{m.loc['wuhan', cat]}<sup" in html.split("<td>Wuhan</td>")[1].split("</tr>")[0] \
            or m.loc["wuhan", cat] == 0
    assert "Monte-Carlo permutation p-value from 10000 tables" in text
    assert "are below 5 (smallest" in text and "read the test as descriptive" in text
    assert html.count(">0.000<") == 5  # the Jensen–Shannon diagonal
    _resolves(html, src)
    one = sections.statistics_section(["wuhan"], [], "zh", sections.sources_for("zh"))
    assert "无法计算：检验至少需要两个有计数的规划和两个政策领域。" in one
    assert "无法计算：有计数的规划少于两个。" in one


# ----------------------------------------------------------------------------- indicator


def test_indicator_sections_for_an_indicator_only_one_plan_states():
    src = sections.sources_for("en")
    summary = _plain(sections.indicator_summary("ip_directors", "en", src))
    assert summary.startswith("Summary1 of 5 plans state a target for it.")
    # people trained are not divided by the population (the taxonomy declares no per-10k basis)
    assert "Nantong sets a target for enterprise IP directors trained of 500 people by 2020." in summary
    assert "per 10,000 residents" not in summary
    assert "No target for it in: Wuhan, Shijiazhuang, Sichuan, Qingdao." in summary
    table = sections.indicator_table("ip_directors", "en", src)
    assert '<h3 id="as-stated-nantong">Nantong (' in _unlinked(table)
    normalized = sections.indicator_normalized("ip_directors", "en", src)
    assert '<h3 id="basis-per-10k-residents">' not in normalized  # not a basis of the indicator
    assert '<h3 id="basis-as-stated">' in normalized
    assert '<h3 id="basis-absolute">' not in normalized  # nothing converts: said once, as stated
    # one plan: no chart of a single bar, a sentence naming what is left out
    parts = sections.indicator_figures("ip_directors", "en")
    bars = [p for p in parts if isinstance(p, Figure)
            and list(charts.figure_data(p).columns) == list(charts.BAR_DATA_COLUMNS)]
    assert bars == []  # the milestone trajectories stay
    assert any("Not charted, as only one plan states a figure of that kind" in p and "(Nantong, "
               in p for p in parts if isinstance(p, str))
    per_10k = sections.indicator_normalized("invention_patents_owned", "en", src)
    assert "45000 ÷ 1108.10 ten-thousand residents" in per_10k


def test_indicator_sections_in_chinese_with_every_quote():
    src = sections.sources_for("zh")
    rows = ipc.targets().query("indicator == 'invention_patents_owned'")
    table = sections.indicator_table("invention_patents_owned", "zh", src)
    assert table.count("<q>") == len(rows)
    assert "补充数据（参考来源，非规划原文）" in table
    summary = _plain(sections.indicator_summary("invention_patents_owned", "zh", src))
    assert "5个规划中有4个设定了该指标目标。" in summary
    assert "武汉市最高（每万人约40.6件）" in summary
    assert "指标定义" in sections.indicator_definition("invention_patents_owned", "zh")


def test_indicator_no_plan_states():
    src = sections.sources_for("en")
    assert "No plan in the corpus states a target for it." in sections.indicator_summary(
        "ip_royalties_trade", "en", src)
    assert "No plan states a target for this indicator." in sections.indicator_table(
        "ip_royalties_trade", "en", src)
    parts = sections.indicator_figures("ip_royalties_trade", "en")
    assert not any(isinstance(p, Figure) for p in parts)
    with pytest.raises(UnknownIdError):
        sections.indicator_table("no_such_indicator", "en", src)


# ----------------------------------------------------------------------------- audit


def test_provenance_checks_every_span_and_finds_a_tampered_quote(corpus_targets, texts):
    checked = sections.provenance(corpus_targets, texts)
    spans = checked[checked["start"].notna()]
    assert spans["quote_ok"].eq(True).all()
    assert checked.loc[checked["status"] == "supplementary", "quote_ok"].isna().all()
    bad = corpus_targets.copy()
    i = bad.index[bad["target_id"] == "53b903aa6580"][0]
    bad.loc[i, "quote"] = bad.loc[i, "quote"].replace("45000", "46000")
    src = sections.sources_for("en", targets=bad)
    html = sections.audit_provenance("en", src, bad, texts)
    assert "<td>Wuhan</td><td>46</td><td>45</td><td>1</td><td>0</td>" in html
    assert "✗ text[start:end] differs" in html
    summary = _plain(sections.audit_summary("en", sections.sources_for("en", targets=bad), bad))
    assert f"{len(spans) - 1} of the {len(spans)} rows with a span pass" in summary
    assert "; 1 fail." in summary


def test_audit_summary_numbers_each_status_as_one_run(corpus_targets):
    src = sections.sources_for("zh")
    html = sections.audit_summary("zh", src, corpus_targets)
    n = len(corpus_targets)
    stated = (corpus_targets["status"] == "stated").sum()
    assert f"语料共有5个规划的{n}行目标数据：原文目标{stated}行" in _plain(html)
    assert f'>1</a>–<a href="#src-{src.order[n - 1]}">{n}</a>]' in html  # all rows: [1–n]
    assert f'>{stated}</a>]</sup>行' in html  # stated rows: [1–stated]


def test_audit_restatements_show_the_nantong_contradiction_first():
    src = sections.sources_for("en")
    html = sections.audit_restatements("en", src)
    rest = ipc.targets().query("status == 'restated'")
    assert f"{len(rest)} rows say a target again" in _plain(html)
    first_row = html.split("<tbody>")[1].split("</tr>")[0]
    assert "建立重点产业技术创新与知识产权联盟6个。" in first_row
    assert "建立产业技术创新与知识产权联盟10个。" in first_row
    assert "<strong>contradicts</strong>" in first_row


def test_audit_unmapped_and_supplementary():
    src = sections.sources_for("en")
    t = ipc.targets()
    unmapped = t[t["indicator"].isna() & ~t["status"].isin(["restated", "milestone"])]
    html = sections.audit_unmapped("en", src)
    assert f"{len(unmapped)} distinct targets were not mapped" in _plain(html)
    assert html.count("<q>") == len(unmapped)
    sup = sections.audit_supplementary("zh", sections.sources_for("zh"))
    assert "13行数据来自参考来源而非规划原文" in _plain(sup)
    assert "press report of the plan&#x27;s 预期指标" in sup


def test_audit_corrections_says_which_apply(corpus_targets):
    src = sections.sources_for("en")
    assert "No reviewer corrections are on file" in sections.audit_corrections(
        "en", src, pd.DataFrame(columns=["target_id", "action", "field", "value", "reason"]))
    corr = pd.DataFrame([
        {"target_id": "53b903aa6580", "action": "set", "field": "unit", "value": "items", "reason": "checked"},
        {"target_id": "000000000000", "action": "set_indicator", "field": "", "value": "x", "reason": "gone"},
        {"target_id": "ffffffffffff", "action": "drop", "field": "", "value": "", "reason": "not a target"},
    ])
    html = sections.audit_corrections("en", src, corr, corpus_targets)
    rows = html.split("<tbody>")[1].split("</tr>")
    assert rows[0].endswith("<td>applied</td>") and 'href="#src-53b903aa6580"' in rows[0]
    assert rows[1].endswith("<td>stale (target no longer extracted)</td>")
    assert rows[2].endswith("<td>applied</td>")  # the dropped row is gone from the table


# ----------------------------------------------------------------------------- showing


def test_show_displays_html_and_figures_as_png_with_alt_text(monkeypatch):
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda obj: shown.append(obj))
    fig = sections.agencies_figure("wuhan", "en")
    sections.show("<p>a</p>", None, [fig, "<p>b</p>"])
    assert [o.data[:12] for o in shown] == ["<p>a</p>", "<figure clas", "<p>b</p>"]
    assert '<img class="ipc-figure"' in shown[1].data  # the image, then the link to its data
    assert 'download="ipcompare-chart-' in shown[1].data and "data:text/csv" in shown[1].data
    img = shown[1].data
    assert 'alt="Agencies most often charged with actions"' in img
    png = base64.b64decode(img.split("base64,")[1].rstrip('">'))
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) < 80_000  # modest dpi
    assert sections.figure_alt(charts.coverage_heatmap(ipc.coverage(), "zh")) == "各规划对政策领域的覆盖"


@pytest.mark.parametrize("lang", LANGS)
def test_sources_section_closes_the_report(lang):
    src = sections.sources_for(lang)
    src.cite("53b903aa6580")
    html = sections.sources_section(src, lang)
    assert html.startswith(f'<h2 id="sources">{report.word("sources", lang)}</h2>')
    assert '<li id="src-53b903aa6580">' in html


def test_slug_of_a_heading_is_stable_across_processes():
    # ASCII headings keep their words; others get the first 8 hex digits of the SHA-1 of
    # their UTF-8 text (Python's hash() is salted per process, so reports would differ per build)
    assert report.slug("Targets by category") == "targets-by-category"
    assert report.slug("目标与指标") == "sbe40e797"


def test_long_cut_from_the_cached_corpus_table_equals_a_direct_comparison():
    from ipcompare.api import compare
    from ipcompare.sections import inputs

    inds = ["ip_pledge_financing", "invention_patents_owned", "pct_applications"]
    for basis in ("as_stated", "per_10k_residents"):
        direct = compare(indicators=inds, basis=basis, long=True).reset_index(drop=True)
        pd.testing.assert_frame_equal(inputs.compare_long(inds, basis), direct)


@pytest.mark.parametrize(("lang", "more", "counted"), [("en", " and 2 more", 2), ("zh", "等5项", 5)])
def test_highest_on_many_indicators_says_how_many_more_as_each_language_counts(lang, more, counted):
    from ipcompare.sections.profile import _extremes_sentences

    inds = ["invention_patents_owned", "pct_applications", "ip_directors", "ip_pledge_financing",
            "ip_royalties_trade"]
    cells = [pd.Series({"value": 10.0 + i, "unit": "items", "comparator": "=", "target_ids": f"t{i}",
                        "supplementary": False}) for i in range(5)]
    st = pd.DataFrame({"indicator": inds, "rank": 1, "n_comparable": 3, "tied": 0, "cell": cells})
    top = _extremes_sentences(lang, st)[0]
    assert more in top.text  # English counts the rest, Chinese the whole list
    assert top.numbers[-1].text == str(counted)
    assert top.numbers[-1].target_ids == tuple(f"t{i}" for i in range(5 - counted, 5))


def test_with_plan_citation_takes_each_rows_plan_fields_from_the_registry():
    rows = pd.DataFrame({"target_id": ["a", "b"], "document": ["d1", "d2"], "start": [1, 2]})
    reg = pd.DataFrame({"document": ["d1", "d2"], "title": ["T1", "T2"], "issuer": ["I1", "I2"],
                        "doc_number": ["X〔2017〕1号", None], "issued": ["2017-01-02", "2018"],
                        "source_url": ["", "https://example.org/2"], "archive_ref": ["", ""]})
    out = citing.with_plan_citation(rows, reg).set_index("target_id")
    assert out.loc["a", "doc_number"] == "X〔2017〕1号" and out.loc["b", "doc_number"] == ""
    assert out.loc["b", "doc_url"] == "https://example.org/2" and out.loc["a", "doc_title"] == "T1"
    assert list(out.index) == ["a", "b"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_footnote_cites_title_issuer_number_date_section_and_offsets(lang):
    t = citing.citable()
    row = t[(t["jurisdiction"] == "qingdao") & (t["section"].fillna("") != "")].iloc[0]
    sources = citing.sources_for(lang)
    sources.cite(row["target_id"])
    item = sources.html()
    for part in ("青岛市创建国家知识产权强市实施方案", "青岛市人民政府", "青政字〔2017〕58号",
                 "2017-08-09", html.escape(row["section"], quote=False), str(row["start"]),
                 str(row["end"])):
        assert part in item, part
    assert ("document no." in item) is (lang == "en") and ("文号" in item) is (lang == "zh")


def test_a_footnote_links_a_known_source_url_and_escapes_every_field():
    row = {"start": 3, "end": 9, "document": "d<1>", "doc_title": "<b>T</b>", "doc_issuer": "I&J",
           "doc_number": "", "doc_issued": "", "section": "", "doc_url": 'https://e.org/"x',
           "doc_archive": "<i>"}
    text = "".join(citation_parts(row, "en"))
    assert "<b>" not in text and "<i>" not in text and "&lt;b&gt;T&lt;/b&gt;" in text
    assert 'href="https://e.org/&quot;x"' in text and "document no." not in text
    row["doc_url"] = "javascript:alert(1)"
    assert "href" not in "".join(citation_parts(row, "en"))


def test_cross_links_go_only_to_reports_the_report_set_builds():
    from ipcompare.sections import links
    from ipcompare.sections.config import DYNAMIC
    from ipcompare.vocab.taxonomy import taxonomy

    shared = DYNAMIC["@shared_indicators"]()
    alone = [i for i in taxonomy()["indicator"] if i not in shared]
    assert shared and alone
    assert links.indicator_link(shared[0], "zh").startswith(
        f'<a class="ipc-xref" href="../indicator/indicator__{shared[0]}__zh.html">')
    assert "<a" not in links.indicator_link(alone[0], "en")  # no report: plain text
    assert links.profile_link("wuhan", "en", "<b>W</b>") == (
        '<a class="ipc-xref" href="../jurisdiction_profile/jurisdiction_profile__wuhan__en.html">'
        "<b>W</b></a>")
    assert links.report_href("comparison", lang="zh") == "../comparison/comparison__zh.html"
    assert links.report_href("no_such_report", lang="en") is None


def test_plain_wordings_drop_regular_expressions():
    from ipcompare.sections.indicator import plain_wordings

    got = plain_wordings(["有效注册商标", r"注册商标(?:拥有|保有)量", r"PCT[^,;。]{0,12}申请"],
                         ["有效注册商标", " PCT国际申请 ", ""])
    assert got == ["有效注册商标", "PCT国际申请"]

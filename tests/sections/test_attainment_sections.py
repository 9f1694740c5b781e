"""Issue 14, item 4: "did it deliver?" in the reports. The profile's section says both figures
with their dates and cites both sources (and the census where a population converted the
figure); supplementary targets say so; unknown stays unknown, never a bar or a zero; the
comparison's table covers indicators with outcomes for two or more plans; the audit lists the
outcomes matched to no target."""

from __future__ import annotations

import html
import re

import pytest
from matplotlib.figure import Figure

import ipcompare as ipc
from ipcompare import sections
from ipcompare.present import charts

HREF = re.compile(r'href="#src-([^"]+)"')
LANGS = ("en", "zh")


def _plain(fragment: str) -> str:
    no_refs = re.sub(r'<sup class="ipc-ref">.*?</sup>', "", fragment)
    return html.unescape(re.sub(r"<[^>]+>", "", no_refs))


def _sentences(fragment: str) -> list[str]:
    first = re.search(r"</p><p>(.*?)</p>", fragment)  # the first paragraph after the intro
    assert first
    return [s for s in re.split(r"(?<=\.)\s+(?=[A-Z])|(?<=。)", _plain(first.group(1))) if s]


@pytest.mark.parametrize("lang", LANGS)
def test_wuhan_says_both_figures_dates_and_sources(lang: str) -> None:
    src = sections.sources_for(lang)
    frag = sections.attainment_section("wuhan", lang, src)
    row = ipc.attainment("wuhan").set_index("indicator").loc["invention_patents_owned"]
    met = [s for s in _sentences(frag) if "63,938" in s or "6.39万" in s][0]
    if lang == "en":
        assert met == (
            "Wuhan's target for Invention patents in force, at least 45,000 by 2020, "
            "was met: the outcome was about 63,938 as of 2020-12-31, converted from the "
            "published 51.87 per 10,000 residents with the population of the census of "
            "2020-11-01 (1,232.6518 × 10,000 residents), 142% of the target."
        )
    else:
        assert met == (
            "武汉市发明专利拥有量2020年目标为不少于4.5万件；截至2020年12月31日实际为约6.39万件"
            "（由公开发布的每万人51.87件按2020年11月1日人口普查常住人口1232.6518万人换算），为目标的142%，"
            "目标已完成。"
        )
    cited = set(HREF.findall(frag))
    assert {row["target_id"], row["outcome_id"], "pop:wuhan:2020"} <= cited
    listing = sections.sources_section(src, lang)
    for i in cited:
        assert f'id="src-{html.escape(i)}"' in listing
    assert "51.87" in listing and "12326518" in listing and "english.cnipa.gov.cn" in listing


@pytest.mark.parametrize("lang", LANGS)
def test_sichuan_trademarks_are_marked_supplementary(lang: str) -> None:
    frag = sections.attainment_section("sichuan", lang, sections.sources_for(lang))
    s = [s for s in _sentences(frag) if "1,014,106" in s or "1014106" in s][0]
    assert (
        ("supplementary" in s and "2020-12-05" in s and "450,000 by 2020" in s)
        if lang == "en"
        else ("补充来源" in s and "2020年12月5日" in s and "45万件" in s)
    )
    assert "ipc-supplementary" in frag


@pytest.mark.parametrize("lang", LANGS)
def test_unknown_is_said_with_its_reason_and_never_drawn(lang: str) -> None:
    frag = sections.attainment_section("nantong", lang, sections.sources_for(lang))
    text = _plain(frag)
    assert ("rank or a growth multiple" in text) if lang == "en" else ("排名或增长倍数" in text)
    assert sections.attainment_figure("nantong", lang) is None  # nothing judged: no chart
    fig = sections.attainment_figure("wuhan", lang)
    assert isinstance(fig, Figure)
    bars = [p for ax in fig.axes for p in ax.patches]
    assert len(bars) == 2 and all(b.get_width() > 0 for b in bars)  # met ones only; no zero


def test_the_chart_draws_judged_rows_only_and_says_how_many_are_unknown() -> None:
    a = ipc.attainment("sichuan")
    fig = charts.attainment_chart(a, "en")
    texts = [t.get_text() for ax in fig.axes for t in ax.texts] + [fig.get_supxlabel()]
    assert len(fig.axes[0].patches) == (a["status"] != "unknown").sum() == 2
    assert any("1,014,106 (2020-12-05) vs target 450,000 (2020)" in t for t in texts)
    assert any("≈8.05 (2020-12) vs target 7.5 (2020)" in t for t in texts)
    unknown = int((a["status"] == "unknown").sum())
    assert any(f"{unknown} target(s) whose outcome is unknown are not drawn" in t for t in texts)
    data = charts.figure_data(fig)  # the CSV under the chart: every row, unknown ones unmeasured
    assert len(data) == len(a) and data["percent_of_target"].notna().sum() == 2
    assert data.loc[data["status"] == "unknown", "percent_of_target"].isna().all()


@pytest.mark.parametrize("lang", LANGS)
def test_comparison_table_covers_indicators_with_outcomes_for_two_plans(lang: str) -> None:
    frag = sections.attainment_comparison(ipc.jurisdiction_ids(), lang, sections.sources_for(lang))
    groups = re.findall(r'<th colspan="5">(.*?)</th>', frag)
    names = {
        "en": ["Invention patents in force", "IP pledge financing", "Valid registered trademarks"],
        "zh": ["发明专利拥有量", "知识产权质押融资金额", "有效注册商标量"],
    }
    assert [html.unescape(g) for g in groups] == names[lang]
    assert frag.count("<tr><td>") == 4 + 2 + 4


def test_comparison_of_one_plan_has_no_table() -> None:
    frag = sections.attainment_comparison(["wuhan"], "en", sections.sources_for("en"))
    assert "<table" not in frag and "two or more" in _plain(frag)


@pytest.mark.parametrize("lang", LANGS)
def test_audit_lists_the_outcomes_matched_to_no_target(lang: str) -> None:
    src = sections.sources_for(lang)
    frag = sections.audit_outcomes(lang, src)
    assert frag.count("<tr><td>") == len(ipc.unmatched_outcomes()) == 36
    assert ("36 of the 77" in _plain(frag)) if lang == "en" else ("77条" in _plain(frag))
    assert len(set(HREF.findall(frag))) == 36

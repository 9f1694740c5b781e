"""ipcompare.extract.actions: one row per task item of each plan, classified.

Counts below were made by hand on the plan texts (data/documents/*.txt); how each was counted is
written next to it. A "measure" is the smallest numbered item of a task or safeguard section (see
the docstring of ipcompare.extract.actions); Wuhan's items split into one measure per sentence group that
closes with its own (责任单位:…) note.
"""

from __future__ import annotations

import re
import time

import pandas as pd
import pytest

from ipcompare.api import actions, coverage
from ipcompare.corpus.registry import load_document
from ipcompare.extract.actions import ACTION_COLUMNS, actions_from_text, marker_of, ordinal
from ipcompare.vocab.constants import CATEGORIES, INSTRUMENTS
from ipcompare.vocab.instruments import instrument_table, ip_type_table, load_rules

JURISDICTIONS = ["wuhan", "shijiazhuang", "sichuan", "nantong", "qingdao"]


@pytest.fixture(scope="module")
def corpus() -> pd.DataFrame:
    return actions()


@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    return {j: load_document(j).text for j in JURISDICTIONS}


def _section(path: str) -> str:
    """The top two headings of a measure's path (task section / group)."""
    return " / ".join(path.split(" / ")[:2]) if path else ""


# Hand counts, per plan section (the first two headings of section_path; "" = no heading).
EXPECTED_SECTIONS = {
    # 三、重点任务: (一)1 one group, 2 one, 3 three (…贯标认证 / …隐形冠军 / …标准联盟, each closed
    # by its own 责任单位), 4 three (…管理能力 / …年均增长10% / …8万件版权登记) = 8;
    # (二)1 three groups, 2 one (first paragraph) + four (second paragraph: …服务机构 / …全覆盖 /
    # …领军人才 / …一体化服务) = 8; (三)1, 2 = 2; (四)1–4 = 4. 四、保障措施 (一)–(四) = 4.
    "wuhan": {
        "三、重点任务 / (一)构建高价值知识产权培育体系": 8,
        "三、重点任务 / (二)构建知识产权运营生态体系": 8,
        "三、重点任务 / (三)构建知识产权运营金融体系": 2,
        "三、重点任务 / (四)构建知识产权大保护体系": 4,
        "四、保障措施": 4,
    },
    # Headings lost in capture. The annex task list 1、–20、 (each with 〔牵头单位…〕) sits under the
    # annex title "1、…重点任务分解" (numbering restarts after the four annex titles);
    # safeguards (一)加强组织领导 … (四)加强宣传推广 have no heading above them (""), and the
    # principles (一)政府引导、市场导向 … (四)整合资源、凝聚合力 are framing, not measures.
    "shijiazhuang": {
        "1、石家庄市知识产权运营服务体系建设重点任务分解": 20,
        "": 4,
    },
    # 二、主要行动: (一) actions 1–5, (二) 6–11, (三) 12–18, (四) 19–23; 三、推进工程 (一)–(四);
    # 四、组织保障 (一)–(三). 一、总体思路和主要目标 is framing.
    "sichuan": {
        "二、主要行动 / (一)知识产权助推产业转型升级行动": 5,
        "二、主要行动 / (二)知识产权实施转化行动": 6,
        "二、主要行动 / (三)知识产权护航创新驱动发展行动": 7,
        "二、主要行动 / (四)知识产权管理能力提升行动": 5,
        "三、推进工程": 4,
        "四、组织保障": 3,
    },
    # 二、重大工程和重点任务: (一) 1.(1)–(3), 2.(1)–(3), 3.(1)–(2), 4.(1)–(3) = 11;
    # (二) 1.(1)–(2), 2., 3., 4. = 5; (三) 1.–4. = 4; (四) 1.(1)–(3), 2.(1)–(2), 3.(1)–(3) = 8;
    # (五) 1.(1)–(2), 2. (heading + one paragraph), 3.(1)–(2) = 5. 三、保障措施 (一)–(四) = 4.
    # Indicator tables, the roadmap annex and 一、总体要求 (principles, goals) are not measures.
    "nantong": {
        "二、重大工程和重点任务 / (一)实施知识产权管理能力提升工程": 11,
        "二、重大工程和重点任务 / (二)实施知识产权保护工程": 5,
        "二、重大工程和重点任务 / (三)实施知识产权运用促进工程": 4,
        "二、重大工程和重点任务 / (四)实施知识产权质量提升工程": 8,
        "二、重大工程和重点任务 / (五)实施知识产权发展环境建设工程": 5,
        "三、保障措施": 4,
    },
    # 二、重点任务 (一) 1.–4., (二) 1.–5., (三) 1.–4., (四) 1.–4., (五) 1.–4. = 21;
    # 三、实施步骤 (一)–(八), each one measure with its 第一/二/三阶段 paragraphs = 8;
    # 四、保障措施 (一)–(三) = 3. 一、总体要求 (incl. 整体推进计划 1.–4.) is framing.
    "qingdao": {
        "二、重点任务 / (一)提升知识产权管理能力,适应创新需求": 4,
        "二、重点任务 / (二)实施知识产权大保护,营造良好创新创业环境": 5,
        "二、重点任务 / (三)促进知识产权运用,推进产业转型升级": 4,
        "二、重点任务 / (四)提升知识产权质量,夯实发展基础": 4,
        "二、重点任务 / (五)优化知识产权发展环境,扩大开放合作": 4,
        "三、实施步骤": 8,
        "四、保障措施": 3,
    },
}

EXPECTED_KINDS = {
    "wuhan": {"task": 22, "safeguard": 4},
    "shijiazhuang": {"task": 20, "safeguard": 4},
    "sichuan": {"task": 27, "safeguard": 3},
    "nantong": {"task": 33, "safeguard": 4},
    "qingdao": {"task": 21, "schedule": 8, "safeguard": 3},
}


@pytest.mark.parametrize("jurisdiction", JURISDICTIONS)
def test_measure_counts_per_section(corpus: pd.DataFrame, jurisdiction: str) -> None:
    df = corpus[corpus["jurisdiction"] == jurisdiction]
    got = df["section_path"].map(_section).value_counts().to_dict()
    assert got == EXPECTED_SECTIONS[jurisdiction]


@pytest.mark.parametrize("jurisdiction", JURISDICTIONS)
def test_section_kinds(corpus: pd.DataFrame, jurisdiction: str) -> None:
    df = corpus[corpus["jurisdiction"] == jurisdiction]
    assert df["section_kind"].value_counts().to_dict() == EXPECTED_KINDS[jurisdiction]
    assert (df["is_task"] == df["section_kind"].isin(["task", "schedule"])).all()


def test_total_and_columns(corpus: pd.DataFrame) -> None:
    assert list(corpus.columns) == ACTION_COLUMNS
    assert len(corpus) == 26 + 24 + 30 + 37 + 32
    assert corpus["action_id"].is_unique
    assert corpus["action_id"].str.fullmatch(r"[0-9a-f]{12}").all()
    assert list(dict.fromkeys(corpus["jurisdiction"])) == JURISDICTIONS


def test_quotes_are_verbatim(corpus: pd.DataFrame, texts: dict[str, str]) -> None:
    for r in corpus.itertuples(index=False):
        assert r.start < r.end
        assert texts[r.jurisdiction][r.start : r.end] == r.quote


def test_measures_do_not_overlap(corpus: pd.DataFrame) -> None:
    for _, df in corpus.groupby("document"):
        spans = sorted(zip(df["start"], df["end"], strict=True))
        assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))


def test_every_measure_is_classified(corpus: pd.DataFrame) -> None:
    rules = load_rules()
    assert corpus["category"].isin(CATEGORIES).all()
    for r in corpus.itertuples(index=False):
        cats = r.categories.split("|")
        assert cats and cats[0] == r.category and set(cats) <= set(CATEGORIES)
        for c in CATEGORIES:
            assert getattr(r, f"cat_{c}") == (c in cats)
        assert r.instrument in INSTRUMENTS
        assert rules.subtype_side[r.instrument_subtype] == r.instrument
        assert r.instrument_subtypes.split("|")[0] == r.instrument_subtype
        assert r.ip_types
        assert set(r.ip_types.split("|")) <= set(ip_type_table()["ip_type"])


def test_sichuan_is_as_rich_as_the_others(corpus: pd.DataFrame) -> None:
    s = corpus[corpus["jurisdiction"] == "sichuan"]
    assert len(s) == 30 >= 25
    assert s["categories"].str.split("|").explode().nunique() == 8
    assert set(s["instrument"]) == set(INSTRUMENTS)
    ip = set(s["ip_types"].str.split("|").explode())
    assert {"patent", "trademark", "copyright", "geographical_indication", "plant_variety",
            "trade_secret"} <= ip


def test_wuhan_item_split_by_responsibility_notes(corpus: pd.DataFrame) -> None:
    w = corpus[(corpus["jurisdiction"] == "wuhan") & (corpus["marker"] == "3.")]
    w = w[w["section_path"].str.endswith("(一)构建高价值知识产权培育体系")]
    assert w["part"].tolist() == [1, 2, 3]
    assert w["title"].iloc[0] == "实施知识产权强企工程"
    assert w["quote"].iloc[0].startswith("3.实施知识产权强企工程。")
    assert w["quote"].iloc[0].endswith("(责任单位:市科技局〈市知识产权局〉、市经济和信息化委)")
    assert w["quote"].iloc[1].startswith("以工业技术研究院")
    assert w["quote"].iloc[2].startswith("推进专利与技术标准有机融合")
    assert "standard" in w["ip_types"].iloc[2].split("|")


def test_heading_with_paragraph_is_one_measure(corpus: pd.DataFrame) -> None:
    n = corpus[(corpus["jurisdiction"] == "nantong") & (corpus["title"] == "构建知识产权文化环境体系")]
    assert len(n) == 1
    q = n["quote"].iloc[0]
    assert q.startswith("2.构建知识产权文化环境体系\n\n积极倡导尊重知识")
    assert q.endswith("培养知识产权文化自觉。")
    assert n["category"].iloc[0] == "other"


def test_tables_roadmaps_and_annex_titles_are_not_measures(corpus: pd.DataFrame) -> None:
    quotes = "\n".join(corpus["quote"])
    for s in ("知识产权管理能力提升工程主要指标", "南通知识产权强市建设路线图", "万人发明专利拥有量达30件。",
              "石家庄市知识产权运营服务体系建设指标对照表", "政府引导、市场导向", "扫一扫在手机打开当前页",
              "坚持改革创新", "动员启动阶段"):
        assert s not in quotes, s


def test_responsibility_lines_belong_to_their_measure(corpus: pd.DataFrame) -> None:
    q = corpus[(corpus["jurisdiction"] == "qingdao") & (corpus["title"] == "深化管理体制机制改革")]
    assert q["quote"].iloc[0].endswith("责任单位:市文广新局、市工商局、市农委、市林业局,各有关奖项评选单位,各区、市政府")


def test_schedule_measure_spans_its_phases(corpus: pd.DataFrame) -> None:
    q = corpus[(corpus["jurisdiction"] == "qingdao") & (corpus["section_kind"] == "schedule")]
    first = q.iloc[0]
    assert first["marker"] == "(一)" and first["title"] == "加快推进知识产权综合管理改革"
    assert "第一阶段" in first["quote"] and "第二阶段" in first["quote"]


def test_selected_classifications(corpus: pd.DataFrame) -> None:
    def row(j: str, title: str) -> pd.Series:
        hit = corpus[(corpus["jurisdiction"] == j) & (corpus["title"] == title)]
        assert len(hit) == 1, title
        return hit.iloc[0]

    r = row("sichuan", "推进软件正版化工作")
    assert (r["category"], r["instrument_subtype"], r["ip_types"]) == ("protection", "ip_protection", "copyright")
    r = row("shijiazhuang", "探索知识产权质押新模式")
    assert (r["category"], r["instrument"], r["ip_types"]) == ("finance", "environment", "patent|trademark")
    r = row("nantong", "实施知识产权万人培训计划")
    assert (r["category"], r["instrument_subtype"]) == ("talent", "talent_training")
    r = row("sichuan", "大力推广农业新品种")
    assert r["ip_types"] == "plant_variety"
    r = row("qingdao", "加大投入力度")
    assert (r["section_kind"], r["category"], r["instrument_subtype"]) == ("safeguard", "finance", "funding")
    r = row("wuhan", "深入开展知识产权宣传教育")
    assert (r["category"], r["ip_types"]) == ("other", "general")


# ----------------------------------------------------------------------------- small texts


def test_small_text_traditional_and_fullwidth() -> None:
    text = ("三、重點任務\n（一）加強專利保護。嚴厲打擊侵權假冒行為。（責任單位：市知識產權局、市公安局）\n"
            "四、保障措施\n（一）加強組織領導。成立領導小組。\n")
    df = actions_from_text(text, "doc", "somewhere")
    assert df["section_kind"].tolist() == ["task", "safeguard"]
    assert df["marker"].tolist() == ["（一）", "（一）"]
    first = df.iloc[0]
    assert first["title"] == "加強專利保護"
    assert (first["category"], first["instrument_subtype"], first["ip_types"]) == (
        "protection", "ip_protection", "patent")
    for r in df.itertuples():
        assert text[r.start : r.end] == r.quote


def test_small_text_restarted_list_goes_under_task_list_title() -> None:
    text = ("一、主要目标\n1.到2020年专利拥有量翻番。\n附件\n1、重点任务分解表\n2、资金预算表\n"
            "1、推进专利导航。开展产业专利导航。〔牵头单位:市知识产权局〕\n2、加强人才培养。培训人才。\n")
    df = actions_from_text(text, "doc", "x")
    assert df["title"].tolist() == ["推进专利导航", "加强人才培养"]
    assert set(df["section_path"]) == {"1、重点任务分解表"}
    assert set(df["section_kind"]) == {"task"}


def test_small_text_split_and_no_split() -> None:
    text = ("三、重点任务\n(一)运营\n1.建设平台。建设平台A。(责任单位:市科技局)建设基金B。(责任单位:市财政局、市金融工作局)\n"
            "2.完善机制。完善机制C。\n牵头单位:市科技局\n责任单位:市财政局\n")
    df = actions_from_text(text, "doc", "x")
    assert df["marker"].tolist() == ["1.", "1.", "2."]
    assert df["part"].tolist() == [1, 2, 1]
    assert df["quote"].tolist()[1] == "建设基金B。(责任单位:市财政局、市金融工作局)"
    assert df["quote"].tolist()[2].endswith("责任单位:市财政局")


def test_text_without_task_sections_keeps_unknown_items() -> None:
    df = actions_from_text("1.推进专利导航。开展导航。\n2.加强保护。打击侵权。\n", "doc", "x")
    assert df["section_kind"].tolist() == ["unknown", "unknown"]
    assert not df["is_task"].any()
    empty = actions_from_text("没有编号的一段话。", "doc", "x")
    assert empty.empty and list(empty.columns) == ACTION_COLUMNS


def test_markers_and_ordinals() -> None:
    assert marker_of("（十二）加强保护。") == ("（十二）", 2)
    assert marker_of("3.实施") == ("3.", 3)
    assert marker_of("(2)开展") == ("(2)", 4)
    assert marker_of("普通段落") is None
    assert [ordinal(m) for m in ("一、", "（十二）", "二十、", "3.", "(10)")] == [1, 12, 20, 3, 10]


# ----------------------------------------------------------------------------- API


def test_jurisdiction_filter_and_copy(corpus: pd.DataFrame) -> None:
    n = actions("nantong")
    assert len(n) == 37 and set(n["jurisdiction"]) == {"nantong"}
    n.loc[0, "title"] = "changed"
    assert actions("nantong").loc[0, "title"] != "changed"
    with pytest.raises(Exception, match="unknown jurisdiction"):
        actions(["atlantis"])


def test_warm_corpus_call_is_fast(corpus: pd.DataFrame) -> None:
    t = time.perf_counter()
    df = actions()
    assert time.perf_counter() - t < 1.0
    assert len(df) == len(corpus)


def test_coverage_matrices(corpus: pd.DataFrame) -> None:
    cov = coverage("category", "actions")
    assert list(cov.index) == JURISDICTIONS and list(cov.columns) == list(CATEGORIES)
    assert cov.loc["sichuan"].sum() == corpus.loc[corpus["jurisdiction"] == "sichuan", "categories"].str.count(
        r"\|").add(1).sum()
    inst = coverage("instrument")
    assert inst.sum(axis=1).to_dict() == corpus["jurisdiction"].value_counts().to_dict()
    with pytest.raises(ValueError):
        coverage("colour")


def test_scheme_tables() -> None:
    it = instrument_table()
    assert set(it["instrument"]) == set(INSTRUMENTS)
    assert {"talent_training", "funding", "public_services", "technology_information", "goal_planning",
            "regulation", "financial_support", "tax_incentives", "ip_protection", "strategic_measures",
            "government_procurement", "demonstration", "service_outsourcing",
            "overseas_trade"} <= set(it["subtype"])
    ip = ip_type_table()
    assert ip["ip_type"].tolist()[-1] == "general"
    assert {"patent", "trademark", "copyright", "geographical_indication", "plant_variety",
            "trade_secret", "integrated_circuit"} <= set(ip["ip_type"])
    assert all(re.compile(p) for p in it["keywords"])


def test_old_names_still_work_with_a_deprecation_warning() -> None:
    import ipcompare as ipc

    with pytest.warns(DeprecationWarning, match="ipc.actions"):
        old = ipc.measures("nantong")
    assert old.equals(ipc.actions("nantong"))
    with pytest.warns(DeprecationWarning, match="source='actions'"):
        cov = ipc.coverage("instrument", "measures")
    assert cov.equals(ipc.coverage("instrument", "actions"))

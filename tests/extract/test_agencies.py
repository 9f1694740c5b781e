"""ipcompare.extract.agencies: who is charged with each measure, with names normalized.

Expected lead/responsible lists were copied by hand from the plan texts (data/documents/*.txt).
"""

from __future__ import annotations

import pandas as pd
import pytest

from ipcompare.api import actions, agencies
from ipcompare.corpus.registry import load_document
from ipcompare.extract.actions import actions_from_text
from ipcompare.extract.agencies import AGENCY_COLUMNS, agencies_from_text, label_similarity
from ipcompare.extract.responsibility import (
    ROLES,
    find_assignments,
    find_prose_assignments,
    split_names,
)
from ipcompare.vocab.agencies import LEVELS, TYPES, agency_table, match_agencies, resolve_agency

JURISDICTIONS = ["wuhan", "shijiazhuang", "sichuan", "nantong", "qingdao"]


@pytest.fixture(scope="module")
def corpus() -> pd.DataFrame:
    return agencies()


@pytest.fixture(scope="module")
def corpus_actions() -> pd.DataFrame:
    return actions()


def _rows(corpus: pd.DataFrame, actions_df: pd.DataFrame, jurisdiction: str, title: str,
          role: str) -> pd.DataFrame:
    m = actions_df[(actions_df["jurisdiction"] == jurisdiction) & (actions_df["title"] == title)]
    assert len(m) == 1, title
    out = corpus[(corpus["action_id"] == m["action_id"].iloc[0]) & (corpus["role"] == role)]
    return out.sort_values("rank")


# ----------------------------------------------------------------------------- the table


def test_agency_table_is_valid() -> None:
    t = agency_table()
    assert t["id"].is_unique
    assert t["id"].str.fullmatch(r"[a-z][a-z0-9_]*").all()
    assert (t["name_en"].str.strip() != "").all() and (t["name_zh"].str.strip() != "").all()
    assert t["type"].isin(TYPES).all()
    assert t["level"].isin(("", *LEVELS)).all()
    assert set(t["successor"]) - {""} <= set(t["id"])
    # no jurisdiction prefix in canonical names
    assert not t["name_zh"].str.match(r"^(?:省|市(?!场))").any()


def test_every_canonical_name_maps_to_its_own_row_uniquely() -> None:
    for r in agency_table().itertuples():
        hits = match_agencies(r.name_zh)
        assert hits and hits[0][0] == r.id, (r.name_zh, hits)
        assert len(hits) == 1 or hits[1][1] < hits[0][1], (r.name_zh, hits)


# names as plans write them → canonical id (unique longest match, as in country_converter's tests)
WRITTEN = [
    ("市科技局", "science_technology_bureau"),
    ("市知识产权局", "ip_office"),
    ("市知识产权产权局", "ip_office"),
    ("國家知識產權局", "ip_office"),
    ("省科技厅", "science_technology_bureau"),
    ("市市场监管局", "market_regulation"),
    ("市工商局", "industry_commerce_bureau"),
    ("文广新局", "culture_press_bureau"),
    ("市文化局", "culture_bureau"),
    ("市质监局", "quality_supervision_bureau"),
    ("市发改委", "development_reform_commission"),
    ("市发展改革委", "development_reform_commission"),
    ("市经济和信息化委", "economy_it_commission"),
    ("市经济信息化委", "economy_it_commission"),
    ("经信委", "economy_it_commission"),
    ("市人力资源社会保障局", "human_resources_social_security_bureau"),
    ("市人社局", "human_resources_social_security_bureau"),
    ("市金融工作局", "financial_affairs_office"),
    ("市金融工作办", "financial_affairs_office"),
    ("市地方金融管理局", "financial_affairs_office"),
    ("中国人民银行武汉分行营管部", "pboc_branch"),
    ("人民银行青岛市中心支行", "pboc_branch"),
    ("青岛银监局", "banking_regulatory_bureau"),
    ("青岛保监局", "insurance_regulatory_bureau"),
    ("青岛银保监局", "banking_insurance_regulatory_bureau"),
    ("青岛海关", "customs"),
    ("市中级人民法院", "intermediate_court"),
    ("市中级法院", "intermediate_court"),
    ("法院", "court"),
    ("市人民检察院", "procuratorate"),
    ("武汉仲裁委办", "arbitration_commission"),
    ("青岛仲裁办", "arbitration_commission"),
    ("各区人民政府", "district_governments"),
    ("各县(市、区)政府", "district_governments"),
    ("各县（市）区政府", "district_governments"),
    ("各(县)市区政府", "district_governments"),
    ("有关县(市、区)政府", "district_governments"),
    ("各区、市政府", "district_governments"),
    ("崂山区政府", "district_government"),
    ("市北区政府", "district_government"),
    ("汉南区人民政府", "district_government"),
    ("武汉东湖新技术开发区管委会", "zone_management_committee"),
    ("中德生态园管委", "zone_management_committee"),
    ("高新区", "zone_management_committee"),
    ("循环化工园区", "zone_management_committee"),
    ("市编委办", "establishment_office"),
    ("市编办", "establishment_office"),
    ("市政府国资委", "state_assets_commission"),
    ("市委组织部", "party_organization_department"),
    ("市知识产权工作领导小组成员单位", "ip_leading_group"),
    ("市知识产权工作领导小组办公室", "ip_leading_group_office"),
    ("市科协", "science_association"),
    ("南通大学", "university"),
    ("相关高效院所", "university"),
    ("相关金融机构", "financial_institutions"),
    ("南通家纺城", "market_operator"),
    ("南通家纺快速维权中心", "rights_protection_center"),
    ("各有关奖项评选单位", "relevant_units"),
    ("市投促局", "investment_promotion_bureau"),
    ("市招商局", "investment_promotion_bureau"),
    ("市农业农村局", "agriculture_rural_bureau"),
    ("市农委", "agriculture_commission"),
    ("市地税局", "local_taxation_bureau"),
]


@pytest.mark.parametrize(("name", "expected"), WRITTEN)
def test_written_names_resolve_uniquely(name: str, expected: str) -> None:
    hits = match_agencies(name)
    assert hits and hits[0][0] == expected, hits
    assert len(hits) == 1 or hits[1][1] < hits[0][1], hits
    assert resolve_agency(name) == expected


def test_science_bureau_and_ip_office_are_different_bodies() -> None:
    assert resolve_agency("市科技局") != resolve_agency("市知识产权局")
    assert resolve_agency("市科技局〈市知识产权局〉") == "science_technology_bureau"
    assert resolve_agency("股份有限公司董事会") is None


# ----------------------------------------------------------------------------- parsing


def test_split_names_respects_brackets_and_compounds() -> None:
    s = "市发改委、市科技局、高新区管委会、各县(市、区)政府"
    assert [n.text for n in split_names(s, 0, len(s))] == ["市发改委", "市科技局", "高新区管委会", "各县(市、区)政府"]
    s = "市中级法院,市科技局、青岛仲裁办,青岛海关按职责分工负责"
    assert [n.text for n in split_names(s, 0, len(s))] == ["市中级法院", "市科技局", "青岛仲裁办", "青岛海关"]
    s = "市文广新局、市农委,各有关奖项评选单位,各区、市政府"
    assert [n.text for n in split_names(s, 0, len(s))] == ["市文广新局", "市农委", "各有关奖项评选单位", "各区、市政府"]
    s = "市科技局〈市知识产权局〉,各区人民政府〈含开发区、风景区管委会,下同〉"
    names = split_names(s, 0, len(s))
    assert [n.text for n in names] == ["市科技局〈市知识产权局〉", "各区人民政府〈含开发区、风景区管委会,下同〉"]
    assert all(s[n.start : n.end] == n.text for n in names)


def test_find_assignments_forms() -> None:
    text = ("1、实施计划。〔牵头单位:市知识产权局;责任单位:市发改委、各县(市、区)政府〕\n"
            "2.推进工作。(责任单位:市科技局〈市知识产权局〉,各区人民政府)\n"
            "3.加强保护。\n    牵头单位：青岛海关\n    责任单位：市科技局、市工商局\n")
    found = find_assignments(text)
    assert [(a.role, a.form, [n.text for n in a.names]) for a in found] == [
        ("lead", "bracket", ["市知识产权局"]),
        ("responsible", "bracket", ["市发改委", "各县(市、区)政府"]),
        ("responsible", "bracket", ["市科技局〈市知识产权局〉", "各区人民政府"]),
        ("lead", "line", ["青岛海关"]),
        ("responsible", "line", ["市科技局", "市工商局"]),
    ]
    assert text[found[0].start] == "〔" and text[found[0].end - 1] == "〕"


def test_small_text_levels_aliases_and_roles() -> None:
    text = ("二、重点任务\n（一）加强保护。打击侵权。（牵头单位：省知识产权局、公安厅；配合单位：省法院、海关总署〈含各海关〉）\n"
            "（二）推进运营。建设平台。（責任單位：省科技厅〈省知识产权局〉、成都市人民政府、各市（州）人民政府）\n")
    df = agencies_from_text(text, "doc", "sichuan", plan_level="province", place="四川省",
                            actions=actions_from_text(text, "doc", "sichuan"))
    got = df[["role", "rank", "name_as_written", "agency_id", "level"]].values.tolist()
    assert got == [
        ["lead", 1, "省知识产权局", "ip_office", "province"],
        ["lead", 2, "公安厅", "public_security_bureau", "province"],
        ["cooperating", 1, "省法院", "court", "province"],
        ["cooperating", 2, "海关总署〈含各海关〉", "customs", "national"],
        ["responsible", 1, "省科技厅〈省知识产权局〉", "science_technology_bureau", "province"],
        ["responsible", 2, "成都市人民政府", "people_government", "city"],
        ["responsible", 3, "各市（州）人民政府", "city_governments", "city"],
    ]
    assert df.loc[3, "note"] == "含各海关" and pd.isna(df.loc[3, "alias_as_written"])
    assert df.loc[4, "alias_as_written"] == "省知识产权局" and df.loc[4, "alias_id"] == "ip_office"
    for r in df.itertuples():
        assert text[r.start : r.end] == r.name_as_written


def test_label_similarity_tolerates_reordering() -> None:
    assert label_similarity("建立决策城市发展的专利导航机制", "建立专利导航城市创新发展决策机制") >= 0.6
    assert label_similarity("知识产权大保护工程", "实施知识产权保护工程") >= 0.6
    assert label_similarity("有效运行", "深化知识产权运营服务平台建设") < 0.6


# ----------------------------------------------------------------------------- the corpus


def test_corpus_rows_are_verbatim_and_resolved(corpus: pd.DataFrame, corpus_actions: pd.DataFrame) -> None:
    assert list(corpus.columns) == AGENCY_COLUMNS
    texts = {j: load_document(j).text for j in JURISDICTIONS}
    for r in corpus.itertuples(index=False):
        assert texts[r.jurisdiction][r.start : r.end] == r.name_as_written
    assert corpus["agency_id"].notna().all()
    assert corpus["name_en"].notna().all()
    assert corpus["role"].isin(ROLES).all()
    assert corpus["level"].isin(LEVELS).all()
    assert set(corpus["action_id"]) <= set(corpus_actions["action_id"])
    key = corpus[["action_id", "role", "name_as_written"]]
    assert not key.duplicated().any()


def test_corpus_counts(corpus: pd.DataFrame) -> None:
    # Sichuan names no units. Hand counts of (measure, unit, role) rows:
    # - Wuhan: names per 责任单位 note, (一) 2+5+2+3+5+5+2+3, (二) 4+2+2+2+2+3+4+4, (三) 7+3,
    #   (四) 7+10+2+10 = 89, plus the safeguard's "由…领导小组…负责" = 90;
    # - Shijiazhuang: 20 leads + responsible 4,3,3,2,4,4,4,3,4,3,1,3,3,3,2,4,2,3,1,1 = 57 → 77;
    # - Nantong: roadmap groups × their measures, e.g. 建立决策…专利导航机制 (1 + 17 units) × 3
    #   sub-items = 54; over the 18 groups 18+54+14+15+22+5+3+9+7+3+3+2+9+4+3+2+3+2 = 178;
    # - Qingdao: 牵头/责任 lines of the 21 tasks (9,8,9,11,10,6,6,4,7,7,3,7,6,1,5,5,4,7,7,6,3
    #   = 131) plus 由…办公室牵头,会同市文广新局、市工商局 = 134.
    assert corpus.groupby("jurisdiction").size().to_dict() == {
        "nantong": 178, "qingdao": 134, "shijiazhuang": 77, "wuhan": 90,
    }
    forms = corpus.groupby("jurisdiction")["form"].agg(lambda s: sorted(set(s))).to_dict()
    assert forms == {"nantong": ["table"], "qingdao": ["line", "prose"],
                     "shijiazhuang": ["bracket"], "wuhan": ["bracket", "prose"]}


def test_every_task_item_of_shijiazhuang_and_qingdao_has_units(corpus: pd.DataFrame,
                                                                corpus_actions: pd.DataFrame) -> None:
    for j, n in (("shijiazhuang", 20), ("qingdao", 21), ("wuhan", 22)):
        tasks = corpus_actions[(corpus_actions["jurisdiction"] == j) & (corpus_actions["section_kind"] == "task")]
        assert len(tasks) == n
        assert set(tasks["action_id"]) <= set(corpus["action_id"])
    s = corpus[corpus["jurisdiction"] == "shijiazhuang"]
    assert (s[s["role"] == "lead"]["agency_id"] == "ip_office").all()
    assert (s["role"] == "lead").sum() == 20


def test_qingdao_first_task_leads(corpus: pd.DataFrame, corpus_actions: pd.DataFrame) -> None:
    # 二(一)1 深化管理体制机制改革 — 牵头单位:市编委办、市科技局、市财政局
    lead = _rows(corpus, corpus_actions, "qingdao", "深化管理体制机制改革", "lead")
    assert lead["name_as_written"].tolist() == ["市编委办", "市科技局", "市财政局"]
    assert lead["agency_id"].tolist() == ["establishment_office", "science_technology_bureau", "finance_bureau"]
    assert set(lead["level"]) == {"city"}
    resp = _rows(corpus, corpus_actions, "qingdao", "深化管理体制机制改革", "responsible")
    assert resp["name_as_written"].tolist() == ["市文广新局", "市工商局", "市农委", "市林业局", "各有关奖项评选单位", "各区、市政府"]


def test_qingdao_responsible_only_with_suffix(corpus: pd.DataFrame, corpus_actions: pd.DataFrame) -> None:
    # 二(二)1 完善执法维权体系 — 责任单位:…,中德生态园管委,青岛海关按职责分工负责 (no lead)
    assert _rows(corpus, corpus_actions, "qingdao", "完善执法维权体系", "lead").empty
    resp = _rows(corpus, corpus_actions, "qingdao", "完善执法维权体系", "responsible")
    assert resp["name_as_written"].tolist()[-2:] == ["中德生态园管委", "青岛海关"]
    assert resp["level"].tolist()[-2:] == ["zone", "national"]
    assert resp["agency_id"].iloc[0] == "intermediate_court"


def test_qingdao_prose_assignment(corpus: pd.DataFrame, corpus_actions: pd.DataFrame) -> None:
    # 三(一) 由市知识产权工作领导小组办公室牵头,会同市文广新局、市工商局等有关单位…
    lead = _rows(corpus, corpus_actions, "qingdao", "加快推进知识产权综合管理改革", "lead")
    assert lead["agency_id"].tolist() == ["ip_leading_group_office"]
    coop = _rows(corpus, corpus_actions, "qingdao", "加快推进知识产权综合管理改革", "cooperating")
    assert coop["agency_id"].tolist() == ["culture_press_bureau", "industry_commerce_bureau"]


def test_shijiazhuang_annex_item(corpus: pd.DataFrame, corpus_actions: pd.DataFrame) -> None:
    # 8、建立知识产权金融保障机制 〔牵头单位:市知识产权局;责任单位:市科技局、市财政局、市地方金融管理局〕
    lead = _rows(corpus, corpus_actions, "shijiazhuang", "建立知识产权金融保障机制", "lead")
    assert lead["name_as_written"].tolist() == ["市知识产权局"]
    resp = _rows(corpus, corpus_actions, "shijiazhuang", "建立知识产权金融保障机制", "responsible")
    assert resp["agency_id"].tolist() == ["science_technology_bureau", "finance_bureau", "financial_affairs_office"]
    # 7、…〔…责任单位:市科技局、高新区、循环化工园区、各县(市、区)政府〕: two zones stay two rows
    resp = _rows(corpus, corpus_actions, "shijiazhuang", "实施专业知识产权托管", "responsible")
    assert resp["name_as_written"].tolist() == ["市科技局", "高新区", "循环化工园区", "各县(市、区)政府"]
    assert resp["rank"].tolist() == [1, 2, 3, 4]


def test_wuhan_alias_and_note(corpus: pd.DataFrame, corpus_actions: pd.DataFrame) -> None:
    # (三)2 深化知识产权金融激励机制 (责任单位:市科技局〈市知识产权局〉、市金融工作局,中国人民银行武汉分行营管部)
    resp = _rows(corpus, corpus_actions, "wuhan", "深化知识产权金融激励机制", "responsible")
    assert resp["agency_id"].tolist() == ["science_technology_bureau", "financial_affairs_office", "pboc_branch"]
    assert resp["alias_as_written"].iloc[0] == "市知识产权局" and resp["alias_id"].iloc[0] == "ip_office"
    assert resp["level"].tolist() == ["city", "city", "national"]
    # (一)1 …(责任单位:市科技局〈市知识产权局〉,各区人民政府〈含开发区、风景区管委会,下同〉)
    resp = _rows(corpus, corpus_actions, "wuhan", "实施专利导航工程", "responsible")
    assert resp["agency_id"].tolist() == ["science_technology_bureau", "district_governments"]
    assert resp["note"].iloc[1] == "含开发区、风景区管委会,下同"
    assert pd.isna(resp["alias_as_written"].iloc[1])
    # (一)2: 武汉经济技术开发区管委会〈汉南区人民政府〉 is one body with a district alias
    resp = _rows(corpus, corpus_actions, "wuhan", "实施高价值专利培育工程", "responsible")
    assert resp["name_as_written"].tolist() == [
        "市科技局〈市知识产权局〉", "市经济和信息化委", "武汉东湖新技术开发区管委会",
        "武汉经济技术开发区管委会〈汉南区人民政府〉", "武汉临空港经济技术开发区管委会"]
    assert resp["alias_id"].iloc[3] == "district_government"
    assert resp["level"].tolist() == ["city", "city", "zone", "zone", "zone"]


def test_wuhan_split_item_units_per_group(corpus: pd.DataFrame, corpus_actions: pd.DataFrame) -> None:
    w = corpus_actions[(corpus_actions["jurisdiction"] == "wuhan") & (corpus_actions["marker"] == "3.")
                        & corpus_actions["section_path"].str.endswith("(一)构建高价值知识产权培育体系")]
    firsts = [corpus[(corpus["action_id"] == mid)].sort_values("rank")["name_as_written"].tolist()
              for mid in w["action_id"]]
    assert firsts == [
        ["市科技局〈市知识产权局〉", "市经济和信息化委"],
        ["市科技局〈市知识产权局〉", "市经济和信息化委", "市科协"],
        ["市质监局", "市科技局〈市知识产权局〉", "武汉东湖新技术开发区管委会",
         "武汉经济技术开发区管委会〈汉南区人民政府〉", "武汉临空港经济技术开发区管委会"],
    ]


def test_nantong_roadmap_groups(corpus: pd.DataFrame, corpus_actions: pd.DataFrame) -> None:
    # roadmap group 建设国家专利导航海洋工程装备产业发展实验区: 责任部门 市知识产权局, 协助部门 市经信委、财政局
    title = "建设国家专利导航海洋工程装备产业发展实验区"
    assert _rows(corpus, corpus_actions, "nantong", title, "responsible")["agency_id"].tolist() == ["ip_office"]
    coop = _rows(corpus, corpus_actions, "nantong", title, "cooperating")
    assert coop["name_as_written"].tolist() == ["市经信委", "财政局"]
    assert coop["level"].tolist() == ["city", "city"]
    # group 建立决策城市发展的专利导航机制 = body heading 2.建立专利导航城市创新发展决策机制 (three sub-items)
    for t in ("优化知识产权区域布局", "深化专利导航产业创新发展机制", "搭建专利导航信息服务平台"):
        assert _rows(corpus, corpus_actions, "nantong", t, "responsible")["name_as_written"].tolist() == ["市知识产权局"]
        coop = _rows(corpus, corpus_actions, "nantong", t, "cooperating")
        assert len(coop) == 17
        assert coop["agency_id"].iloc[-3:].tolist() == ["district_governments", "university",
                                                        "zone_management_committee"]
    # group 1 (建立集中高效的城市知识产权综合管理体系): 市知识产权产权局 (sic)、市商务局
    resp = _rows(corpus, corpus_actions, "nantong", "开展知识产权管理体制机制改革", "responsible")
    assert resp["name_as_written"].tolist() == ["市知识产权产权局", "市商务局"]
    assert resp["agency_id"].tolist() == ["ip_office", "commerce_bureau"]


def test_sichuan_has_no_units(corpus: pd.DataFrame) -> None:
    assert agencies("sichuan").empty
    assert "sichuan" not in set(corpus["jurisdiction"])


def test_task_breakdown_table_without_group_labels() -> None:
    # 序号 / 重点任务 / 牵头单位 / 配合单位, one cell per line: each row's task names its measure;
    # a row naming no measure of the plan assigns nothing; prose 由企业负责 names no known body.
    text = ("二、主要任务\n（一）推进专利导航。开展产业专利导航项目，由企业负责实施。\n（二）加强知识产权保护。打击侵权假冒。\n"
            "（三）培育运营机构。引进服务机构。\n三、保障措施\n（一）加强组织领导。成立领导小组。\n附件\n重点任务分工表\n"
            "序号\n重点任务\n牵头单位\n配合单位\n1\n推进专利导航\n市知识产权局\n市发改委、市科技局\n"
            "2\n加强知识产权保护。\n市市场监管局\n市公安局、市中级人民法院\n3\n一项没有的任务\n市财政局\n市商务局\n")
    m = actions_from_text(text, "doc", "x")
    df = agencies_from_text(text, "doc", "x", plan_level="city", actions=m)
    title = dict(zip(m["action_id"], m["title"], strict=True))
    got = [(title[r.action_id], r.role, r.agency_id) for r in df.itertuples()]
    assert got == [
        ("推进专利导航", "lead", "ip_office"),
        ("推进专利导航", "cooperating", "development_reform_commission"),
        ("推进专利导航", "cooperating", "science_technology_bureau"),
        ("加强知识产权保护", "lead", "market_regulation"),
        ("加强知识产权保护", "cooperating", "public_security_bureau"),
        ("加强知识产权保护", "cooperating", "intermediate_court"),
    ]
    assert set(df["form"]) == {"table"}


def test_traditional_script_notes_and_prose() -> None:
    text = "（牽頭單位：市知識產權局；協助部門：市財政局、青島海關按職責分工負責）由市知識產權局牽頭，會同市商務局等有關單位研究。"
    found = find_assignments(text)
    assert [(a.role, [n.text for n in a.names]) for a in found] == [
        ("lead", ["市知識產權局"]), ("cooperating", ["市財政局", "青島海關"])]
    assert [resolve_agency(n.text) for a in found for n in a.names] == ["ip_office", "finance_bureau", "customs"]
    prose = find_prose_assignments(text)
    assert [(a.role, [n.text for n in a.names]) for a in prose] == [
        ("lead", ["市知識產權局"]), ("cooperating", ["市商務局"])]
    assert find_prose_assignments("由企业负责实施，会同高校开展研究。") == []

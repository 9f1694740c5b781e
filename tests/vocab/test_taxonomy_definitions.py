"""One indicator, one quantity: every indicator's written definition, the broader links, and the
splits of formerly merged indicators, each side tried on invented wordings (not the plans')."""

from __future__ import annotations

import pytest

import ipcompare as ipc
from ipcompare.vocab.taxonomy import classify, indicator, load_taxonomy, taxonomy

TAX = load_taxonomy()


@pytest.mark.parametrize("ind", TAX.indicators, ids=lambda i: i.id)
def test_every_indicator_has_a_definition_in_both_languages(ind):
    assert ind.definition_en.strip() and ind.definition_zh.strip()
    assert ind.definition("en") == ind.definition_en
    assert ind.definition("zh") == ind.definition_zh
    # each definition says stock or flow, or is a rate/share/score of one survey or year
    en = ind.definition_en
    assert any(w in en for w in ("stock", "flow", "percent", "score")), en
    assert any(w in ind.definition_zh for w in ("存量", "流量", "%", "分")), ind.definition_zh


def test_definition_rejects_an_unknown_language():
    with pytest.raises(ValueError, match="lang must be one of"):
        indicator("invention_patents_owned").definition("fr")


def test_taxonomy_frame_and_api_show_definitions_and_links():
    df = ipc.taxonomy()
    assert {"definition_en", "definition_zh", "broader"} <= set(df.columns)
    assert df["definition_en"].str.len().gt(0).all() and df["definition_zh"].str.len().gt(0).all()
    links = df.dropna(subset=["broader"]).set_index("indicator")["broader"].to_dict()
    assert links == {
        "high_value_invention_patents_owned": "invention_patents_owned",
        "pct_applications": "foreign_related_patent_applications",
        "works_copyright_registrations": "copyright_registrations",
        "software_copyright_registrations": "copyright_registrations",
        "ip_pledge_financing": "ip_investment_financing",
        "enforcement_case_closing_on_time_rate": "enforcement_case_closing_rate",
        "national_ip_demonstration_enterprises": "ip_demonstration_enterprises",
    }
    assert df.equals(taxonomy())


def test_broader_links_stay_within_a_category():
    for ind in TAX.indicators:
        if ind.broader:
            assert indicator(ind.broader).category == ind.category, ind.id


# Each split: (subject, unit) pairs per side, invented wordings; every side must land on its own
# indicator, and the sides keep the merged indicator's category.
SPLITS = {
    "plant varieties": {
        "plant_variety_applications": [
            ("农作物植物新品种权申请量", "items"), ("申请植物新品种保护权", "items"),
            ("林木植物新品种申请件数", "percent"),
        ],
        "plant_variety_rights_granted": [
            ("农业植物新品种授权量", "items"), ("新增授权植物新品种权", "items"),
            ("花卉品种权授权数量", "items"),
        ],
        "plant_variety_rights_in_force": [
            ("有效植物新品种权数量", "items"), ("全省拥有植物新品种权", "items"),
            ("植物新品种权保有量", "items"),
        ],
        "new_plant_varieties": [
            ("培育优良农作物新品种", "items"), ("引进选育果蔬新品种", "items"),
            ("审定畜禽和植物新品种", "items"),
        ],
    },
    "transactions": {
        "ip_transaction_value": [
            ("专利转让许可金额", "CNY"), ("商标交易额", "percent"), ("版权许可收入", "CNY"),
        ],
        "ip_transaction_count": [
            ("专利交易量", "percent"), ("知识产权许可笔数", "items"), ("商标转让件数", "items"),
        ],
    },
    "financing": {
        "ip_pledge_financing": [
            ("专利权质押贷款金额", "CNY"), ("商标质押融资额", "percent"), ("版权质押融资", "CNY"),
        ],
        "ip_investment_financing": [
            ("知识产权投融资规模", "CNY"), ("全区知识产权投融资总额", "percent"),
            ("知识产权融资规模", "CNY"),
        ],
    },
    "satisfaction": {
        "ip_rights_holder_satisfaction": [
            ("知识产权权利人满意度", "points"), ("商标权人满意度", "percent"),
            ("企业知识产权保护满意度", "points"),
        ],
        "ip_protection_satisfaction": [
            ("知识产权保护公众满意度", "points"), ("群众对知识产权保护满意度", "percent"),
            ("全社会知识产权保护满意度", "points"),
        ],
    },
    "enforcement rates": {
        "enforcement_case_closing_rate": [
            ("假冒专利案件结案率", "percent"), ("知识产权纠纷案件办结率", "percent"),
            ("侵权盗版案件结案率", "percent"),
        ],
        "enforcement_case_closing_on_time_rate": [
            ("专利纠纷法定期限内结案率", "percent"), ("商标案件按期办结率", "percent"),
            ("执法案件规定时限内结案率", "percent"),
        ],
        "enforcement_lead_handling_rate": [
            ("侵权假冒线索处理率", "percent"), ("盗版举报投诉处置率", "percent"),
            ("案件线索核查率", "percent"),
        ],
    },
    "fiscal funds": {
        "ip_special_funds": [
            ("区财政知识产权专项资金", "CNY"), ("本级财政投入", "CNY"), ("省级配套资金", "ratio"),
        ],
        "central_ip_funds": [
            ("中央财政专项支持资金", "CNY"), ("中央补助资金", "CNY"), ("国家财政支持", "CNY"),
        ],
    },
    "demonstration enterprises": {
        "national_ip_demonstration_enterprises": [
            ("国家知识产权示范企业", "organizations"), ("国家级知识产权优势企业", "organizations"),
            ("新增国家知识产权示范、优势企业", "organizations"),
        ],
        "ip_demonstration_enterprises": [
            ("省、市知识产权示范企业", "organizations"), ("市级知识产权优势企业", "organizations"),
            ("国家级、省级示范企业", "organizations"), ("市级知识产权优势企业", "organizations"),
        ],
    },
}


def _cases():
    for split, sides in SPLITS.items():
        for expected, subjects in sides.items():
            for subject, unit in subjects:
                yield pytest.param(split, subject, unit, expected, id=f"{split}|{subject}|{unit}")


@pytest.mark.parametrize(("split", "subject", "unit", "expected"), list(_cases()))
def test_each_side_of_a_split_lands_on_its_own_indicator(split, subject, unit, expected):
    got = classify(subject, unit)
    assert got.indicator == expected, (split, subject, got)


@pytest.mark.parametrize("split", SPLITS)
def test_sides_of_a_split_keep_one_category_and_differ_in_definition(split):
    ids = list(SPLITS[split])
    assert len({indicator(i).category for i in ids}) == 1
    assert len({indicator(i).definition_en for i in ids}) == len(ids)


@pytest.mark.parametrize(
    "subject",
    [
        "植物新品种权",  # neither stock nor flow said
        "示范企业",  # neither the programme nor the tier
        "中央财政专项与区级财政配套资金",  # central and local money summed
    ],
)
def test_subjects_naming_no_single_quantity_get_no_indicator(subject):
    assert classify(subject).indicator is None


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        ("国家知识产权领军人才、知识产权运营专业人才", "ip_leading_talent"),
        ("知识产权运营人才和领军人才", "ip_operation_talent"),
        ("知识产权管理人才、运营人才", "ip_management_talent"),
        ("知识产权服务人才及管理人才", "ip_service_talent"),
    ],
)
def test_a_list_of_talent_kinds_lands_on_the_first_named_kind(subject, expected):
    assert classify(subject, "people").indicator == expected

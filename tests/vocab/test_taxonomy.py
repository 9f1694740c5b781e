"""Taxonomy: data-driven alias fixtures (country_converter style), exact contents, validation."""

from __future__ import annotations

import copy
import csv
import time
from dataclasses import FrozenInstanceError
from pathlib import Path

import pandas as pd
import pytest
import yaml

from ipcompare.errors import UnknownIdError
from ipcompare.paths import data_path
from ipcompare.vocab.taxonomy import (
    Classification,
    categories,
    classify,
    indicator,
    load_taxonomy,
    normalize,
    parse_taxonomy,
    taxonomy,
)

FIXTURES = Path(__file__).parents[1] / "fixtures" / "aliases"
UNIT_CODES = {  # the targets-table contract's unit vocabulary, with Hong Kong and Macau money
    "items", "projects", "organizations", "people", "person_times", "times", "batches", "CNY",
    "HKD", "MOP", "percent", "percentage_points", "points", "m2", "ratio",
}
INDICATOR_IDS = [
    "invention_patents_owned", "high_value_invention_patents_owned",
    "invention_patents_per_manufacturing_revenue", "invention_patent_applications",
    "invention_patent_grants", "overseas_invention_patent_grants",
    "foreign_related_patent_applications", "pct_applications", "valid_trademarks",
    "madrid_trademarks", "well_known_trademarks", "geographical_indications",
    "works_copyright_registrations", "software_copyright_registrations", "copyright_registrations",
    "plant_variety_applications", "plant_variety_rights_granted", "plant_variety_rights_in_force",
    "new_plant_varieties", "high_value_patent_portfolios", "high_value_patent_centres",
    "patent_awards", "international_standards", "national_industry_standards",
    "ip_transaction_value", "ip_transaction_count", "technology_contract_value", "ip_royalties_trade",
    "ip_operation_institutions", "ip_industry_alliances", "industry_patent_navigation_projects",
    "enterprise_patent_navigation_projects", "patent_navigation_pilot_zones",
    "ip_intensive_industry_share", "patent_intensive_industry_share", "copyright_industry_share",
    "ip_intensive_industry_zones", "ip_intensive_industry_clusters", "ip_intensive_enterprises",
    "patent_industrialization_projects", "gi_industrialization_projects",
    "own_ip_product_export_share",
    "ip_investment_financing", "ip_pledge_financing", "ip_pledge_financing_deals", "ip_insurance",
    "ip_operation_fund", "ip_special_funds", "central_ip_funds", "ip_risk_compensation_fund",
    "ip_protection_satisfaction", "ip_rights_holder_satisfaction", "enforcement_case_closing_rate",
    "enforcement_case_closing_on_time_rate", "enforcement_lead_handling_rate", "enforcement_cases",
    "ip_civil_case_acceptance_rate", "ip_rights_assistance_services",
    "ip_rights_assistance_sessions", "ip_rights_assistance_stations",
    "ip_standard_certified_entities", "ip_demonstration_enterprises",
    "national_ip_demonstration_enterprises", "enterprises_with_ip_management",
    "ip_service_institutions", "ip_services_revenue", "ip_custody_enterprises",
    "ip_public_service_platforms",
    "ip_training_bases", "ip_leading_talent", "ip_management_talent", "ip_service_talent",
    "ip_operation_talent", "ip_directors", "ip_engineers", "patent_attorneys", "ip_trainees",
    "ip_public_awareness", "ip_pilot_schools",
]
NATIONAL = {
    "invention_patents_owned", "high_value_invention_patents_owned",
    "invention_patents_per_manufacturing_revenue", "overseas_invention_patent_grants",
    "pct_applications", "valid_trademarks", "geographical_indications",
    "works_copyright_registrations", "software_copyright_registrations", "plant_variety_applications",
    "ip_royalties_trade", "ip_intensive_industry_share", "patent_intensive_industry_share",
    "copyright_industry_share", "ip_pledge_financing", "ip_protection_satisfaction",
    "ip_civil_case_acceptance_rate", "ip_service_institutions", "ip_services_revenue",
}


def _rows(name: str) -> list[dict[str, str]]:
    """Rows of a fixture TSV (``#`` lines are comments); empty cells are ''."""
    with open(FIXTURES / name, encoding="utf-8") as fh:
        lines = [line for line in fh if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


POSITIVE = _rows("positive.tsv")
NEGATIVE = _rows("negative.tsv")
CATEGORY_ROWS = _rows("categories.tsv")
TAX = load_taxonomy()


def _id(row: dict[str, str]) -> str:
    return f"{row['subject']}|{row['unit']}"


# ----------------------------------------------------------------------------- fixtures


def test_fixture_files_are_well_formed():
    assert list(POSITIVE[0]) == ["subject", "unit", "expected_indicator"]
    assert list(NEGATIVE[0]) == ["subject", "unit", "must_not"]
    assert list(CATEGORY_ROWS[0]) == ["subject", "context", "expected_category"]
    ids = set(INDICATOR_IDS)
    for row in POSITIVE + NEGATIVE:
        assert row["subject"], row
        assert row["unit"] in UNIT_CODES | {""}, row
    assert {r["expected_indicator"] for r in POSITIVE} <= ids
    assert {r["must_not"] for r in NEGATIVE} <= ids | {""}
    assert {r["expected_category"] for r in CATEGORY_ROWS} <= set(categories()["category"])


@pytest.mark.parametrize("row", POSITIVE, ids=_id)
def test_positive_subject_maps_to_expected_indicator(row):
    got = classify(row["subject"], row["unit"] or None)
    assert got.indicator == row["expected_indicator"]
    assert got.category == indicator(row["expected_indicator"]).category


@pytest.mark.parametrize("row", NEGATIVE, ids=_id)
def test_negative_subject_does_not_map(row):
    got = classify(row["subject"], row["unit"] or None)
    if row["must_not"]:
        assert got.indicator != row["must_not"]
    else:
        assert got.indicator is None
        assert got.matched_alias is None


@pytest.mark.parametrize("row", CATEGORY_ROWS, ids=lambda r: r["subject"])
def test_category_fallback(row):
    got = classify(row["subject"], None, row["context"])
    assert got.indicator is None
    assert got.category == row["expected_category"]


@pytest.mark.parametrize("ind", TAX.indicators, ids=lambda i: i.id)
def test_every_alias_matches_a_positive_fixture(ind):
    """No dead aliases: each alias matches (past the excludes) a fixture expected for its indicator."""
    own = [TAX.normalize(r["subject"]) for r in POSITIVE if r["expected_indicator"] == ind.id]
    assert own, f"{ind.id} has no positive fixture"
    for alias, pat in zip(ind.aliases, ind.alias_patterns, strict=True):
        assert any(pat.search(s) and not ind.excluded(s) for s in own), f"dead alias {alias!r}"


@pytest.mark.parametrize("ind", TAX.indicators, ids=lambda i: i.id)
def test_no_alias_matches_another_indicators_name(ind):
    """Uniqueness: an alias that hits another indicator's zh name is vetoed by an exclude."""
    for other in TAX.indicators:
        if other.id == ind.id:
            continue
        name = TAX.normalize(other.zh)
        hits = [a for a, p in zip(ind.aliases, ind.alias_patterns, strict=True) if p.search(name)]
        assert not hits or ind.excluded(name), f"{ind.id} aliases {hits} match {other.id} ({other.zh})"


@pytest.mark.parametrize("ind", TAX.indicators, ids=lambda i: i.id)
def test_zh_name_classifies_to_itself(ind):
    assert classify(ind.zh, ind.unit) == Classification(ind.id, ind.category, ind.zh, "name")
    assert classify(ind.zh).indicator == ind.id


def test_sichuan_reference_names_all_map():
    unit = {"件": "items", "万件": "items", "亿元": "CNY"}
    with open(data_path("sichuan_expected_indicators.csv"), encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    got = {r["indicator_zh"]: classify(r["indicator_zh"], unit[r["unit"]]).indicator for r in rows}
    assert got == {
        "全省每万人发明专利拥有量": "invention_patents_owned",
        "全省发明专利申请量": "invention_patent_applications",
        "商标有效注册量": "valid_trademarks",
        "作品著作权登记量": "works_copyright_registrations",
        "计算机软件著作权登记量": "software_copyright_registrations",
        "技术合同认定登记额": "technology_contract_value",
        "有效植物新品种权": "plant_variety_rights_in_force",
    }


# ----------------------------------------------------------------------------- rules


@pytest.mark.parametrize(
    ("unit", "expected"),
    [
        ("CNY", "ip_pledge_financing"),
        ("times", "ip_pledge_financing_deals"),
        ("percent", "ip_pledge_financing"),
        (None, "ip_pledge_financing"),
    ],
)
def test_unit_decides_between_money_and_count(unit, expected):
    assert classify("知识产权质押融资", unit).indicator == expected


def test_incompatible_unit_vetoes_indicator():
    assert classify("知识产权运营基金", "CNY").indicator == "ip_operation_fund"
    assert classify("知识产权运营基金", "projects") == Classification(
        None, "finance", None, "keyword:subject"
    )
    assert classify("知识产权保护社会满意度", "percent").indicator == "ip_protection_satisfaction"
    assert classify("知识产权保护社会满意度", "items").indicator is None


def test_longest_alias_wins():
    got = classify("计算机软件和其他作品著作权登记数量", "items")
    assert got.indicator == "copyright_registrations"
    assert got.matched_alias == "(?:计算机)?软件[和及与、](?:其他)?作品(?:著作权|版权)?登记"
    assert got.via == "alias"


def test_context_is_used_only_when_the_subject_says_nothing():
    ctx = "设立规模不低于2000万元的知识产权质押融资风险补偿专项资金"
    assert classify("规模", "CNY", ctx) == Classification(None, "finance", None, "keyword:context")
    assert classify("专利", "items", ctx).category == "creation"
    assert classify("", None, "") == Classification(None, "other", None, "default")


def test_normalize_traditional_fullwidth_and_whitespace():
    assert normalize("每萬人口發明專利擁有量") == "每万人口发明专利拥有量"
    assert normalize("ＰＣＴ（专利合作条约） 国际申请") == "PCT(专利合作条约)国际申请"
    assert normalize("智慧財產權 質押") == "知识产权质押"
    assert normalize("年均増幅") == "年均增幅"
    assert normalize("、优势企业。") == "优势企业"


def test_classification_is_frozen():
    got = classify("万人发明专利拥有量", "items")
    with pytest.raises(FrozenInstanceError):
        got.indicator = "x"  # type: ignore[misc]


def test_unknown_indicator_raises():
    with pytest.raises(UnknownIdError, match="unknown indicator 'patents'"):
        indicator("patents")


def test_classify_is_fast():
    """< 0.2 ms per call on average, uncached (Taxonomy.classify has no cache)."""
    ctx = "到2020年,全市发明专利拥有量和涉外专利申请量分别突破45000件和2000件。"
    calls = [(r["subject"], r["unit"] or None) for r in POSITIVE + NEGATIVE] * 4
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for subject, unit in calls:
            TAX.classify(subject, unit, ctx)
        best = min(best, (time.perf_counter() - start) / len(calls))
    assert best < 0.2e-3


# ----------------------------------------------------------------------------- exact contents


def test_taxonomy_has_exactly_the_defined_indicators():
    df = taxonomy()
    assert len(df) == 79
    assert df["indicator"].tolist() == INDICATOR_IDS
    assert list(df.columns[:7]) == ["indicator", "zh", "en", "category", "unit", "national", "aliases"]
    assert list(df.columns[-5:]) == ["definition_en", "definition_zh", "broader", "bases", "headline"]
    assert set(df.loc[df["national"], "indicator"]) == NATIONAL
    assert df["category"].value_counts().to_dict() == {
        "creation": 24, "utilization": 17, "protection": 10, "finance": 8, "talent": 9,
        "services": 5, "management": 4, "other": 2,
    }
    assert set(df["unit"]) <= UNIT_CODES


def test_taxonomy_whole_record():
    row = taxonomy().set_index("indicator").loc["invention_patents_owned"].to_dict()
    assert pd.isna(row.pop("broader"))  # no broader indicator
    assert row == {
        "zh": "发明专利拥有量",
        "en": "Invention patents in force (stock, or per 10,000 residents)",
        "category": "creation",
        "unit": "items",
        "national": True,
        "aliases": "发明专利拥有 | 有效发明专利 | 拥有发明专利",
        "measures": "level | per_capita | annual_growth",
        "exclude": "高价值 | 海外|国外|境外 | 每亿元|主营业务收入 | 组合|专利池",
        "note": row["note"],
        "definition_en": "Invention patents in force held by the jurisdiction's holders at the target "
                         "date (a stock), in items; per 10,000 residents when the measure is per_capita.",
        "definition_zh": "目标时点本地区权利人持有的有效发明专利（存量），单位：件；人均口径为每万人口拥有量。",
        "bases": "as_stated | absolute | per_10k_residents | per_year",
        "headline": True,
    }
    assert row["note"].startswith("One indicator for the stock")


def test_categories_has_eight_rows_in_order():
    df = categories()
    assert df["category"].tolist() == [
        "creation", "utilization", "finance", "protection", "management", "services", "talent",
        "other",
    ]
    assert df["zh"].tolist() == ["创造", "运用", "金融", "保护", "管理", "服务", "人才", "其他"]
    assert df.set_index("category")["precedence"].to_dict() == {
        "talent": 1, "protection": 2, "finance": 3, "management": 4, "utilization": 5,
        "services": 6, "creation": 7, "other": 8,
    }
    assert df.loc[df["category"] == "other", "keywords"].item() == ""


def test_unit_families_cover_the_contract_vocabulary():
    assert set(TAX.unit_family) == UNIT_CODES


def test_bases_are_declared_per_indicator_or_by_unit():
    tax = load_taxonomy()
    # counts of organizations, platforms and funds: no per-resident figure (it is noise)
    for iid in ("ip_service_institutions", "ip_public_service_platforms", "ip_operation_fund",
                "pct_applications"):
        bases = tax.indicator(iid).bases
        assert bases[0] == "as_stated"
        assert ("per_10k_residents" in bases) == (iid == "pct_applications")
    # stocks of patents and trademarks: absolute and per 10,000 residents
    for iid in ("invention_patents_owned", "valid_trademarks"):
        assert {"absolute", "per_10k_residents"} <= set(tax.indicator(iid).bases)
    assert tax.indicator("ip_service_institutions").default_basis("per_10k_residents") == "as_stated"
    assert tax.indicator("valid_trademarks").default_basis("per_10k_residents") == "per_10k_residents"


def test_headline_indicators_are_five_to_eight():
    heads = [i.id for i in load_taxonomy().indicators if i.headline]
    assert 5 <= len(heads) <= 8
    assert "invention_patents_owned" in heads


def test_load_taxonomy_is_cached():
    assert load_taxonomy() is load_taxonomy()


# ----------------------------------------------------------------------------- validation


@pytest.fixture()
def raw() -> dict:
    with open(data_path("taxonomy.yaml"), encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _first(raw: dict) -> dict:
    return raw["indicators"][0]


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda r: r["indicators"].append(copy.deepcopy(_first(r))),
         r"indicator 'invention_patents_owned': duplicate id"),
        (lambda r: _first(r).update(category="culture"),
         r"indicator 'invention_patents_owned': unknown category 'culture'"),
        (lambda r: _first(r).update(aliases=["发明(专利"]),
         r"indicator 'invention_patents_owned' alias: regex '发明\(专利' does not compile"),
        (lambda r: _first(r).update(exclude=["[高"]),
         r"indicator 'invention_patents_owned' exclude: regex '\[高' does not compile"),
        (lambda r: _first(r).update(aliases=["(?:专利)?"]),
         r"indicator 'invention_patents_owned' alias: regex .* matches the empty text"),
        (lambda r: _first(r).update(unit="pieces"),
         r"indicator 'invention_patents_owned': unknown unit 'pieces'"),
        (lambda r: _first(r).update(measures=["stock"]),
         r"indicator 'invention_patents_owned': unknown measures \['stock'\]"),
        (lambda r: _first(r).update(id="Invention Patents"),
         r"indicator 'Invention Patents': id must be snake_case"),
        (lambda r: _first(r).update(aliases=[]),
         r"indicator 'invention_patents_owned' aliases: must be a non-empty list"),
        (lambda r: _first(r).update(zh="发明专利申请量"),
         r"indicator 'invention_patent_applications': zh name '发明专利申请量' is also"),
        (lambda r: r["categories"][0]["keywords"].append("专利("),
         r"category 'creation' keyword: regex '专利\(' does not compile"),
        (lambda r: r["keyword_precedence"].pop(),
         r"keyword_precedence: must list each category except 'other' once"),
        (lambda r: r["normalization"].update(traditional_to_simplified="發发 专专"),
         r"entry '专专' must be two different characters"),
        (lambda r: _first(r).pop("definition"),
         r"indicator 'invention_patents_owned': missing keys \['definition'\]"),
        (lambda r: _first(r)["definition"].update(zh="  "),
         r"indicator 'invention_patents_owned': definition.zh must be a non-empty text"),
        (lambda r: _first(r)["definition"].pop("en"),
         r"indicator 'invention_patents_owned': definition.en must be a non-empty text"),
        (lambda r: _first(r).update(definition="patents in force"),
         r"indicator 'invention_patents_owned': definition must be a mapping"),
        (lambda r: _first(r).update(broader="patents"),
         r"indicator 'invention_patents_owned': broader 'patents' is not an indicator id"),
        (lambda r: _first(r).update(broader="high_value_invention_patents_owned"),
         r"indicator 'invention_patents_owned': broader links form a cycle: invention_patents_owned"
         r" → high_value_invention_patents_owned → invention_patents_owned"),
        (lambda r: _first(r).update(broader="invention_patents_owned"),
         r"indicator 'invention_patents_owned': broader links form a cycle"),
        (lambda r: _first(r).update(bases=["as_stated", "per_capita"]),
         r"indicator 'invention_patents_owned' bases: unknown bases \['per_capita'\]"),
        (lambda r: _first(r).update(bases=["per_10k_residents"]),
         r"indicator 'invention_patents_owned' bases: must start with 'as_stated'"),
        (lambda r: _first(r).update(headline="yes"),
         r"indicator 'invention_patents_owned': headline must be true or false"),
        (lambda r: r["default_bases"].pop("organizations"),
         r"default_bases: no bases for units \['organizations'\]"),
        (lambda r: r["default_bases"].update(pieces=["as_stated"]),
         r"default_bases: unknown units \['pieces'\]"),
    ],
)
def test_invalid_taxonomy_raises_value_error_naming_the_entry(raw, mutate, message):
    mutate(raw)
    with pytest.raises(ValueError, match=message):
        parse_taxonomy(raw, "taxonomy.yaml")


def test_load_taxonomy_from_a_bad_file_names_the_file(tmp_path, raw):
    _first(raw)["category"] = "culture"
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.yaml: indicator 'invention_patents_owned'"):
        load_taxonomy(path)


def test_bases_vocabulary_is_the_conversions():
    from ipcompare.analysis.conversion import BASES as DESCRIBED
    from ipcompare.vocab.constants import BASES

    assert tuple(DESCRIBED) == BASES

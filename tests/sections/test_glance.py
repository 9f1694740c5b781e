"""Overviews, declared bases, one-bar sentences and derivations in the report's language."""

from __future__ import annotations

import re

import pandas as pd

import ipcompare as ipc
from ipcompare import sections
from ipcompare.analysis.comparison import compare_long

LATIN_WORD = re.compile(r"[A-Za-z]{3,}")
TAG = re.compile(r"<[^>]+>")


def _cell(indicator: str, jurisdiction: str, basis: str, value: float, unit: str) -> dict:
    return {"indicator": indicator, "jurisdiction": jurisdiction, "basis": basis, "value": value,
            "unit": unit, "state": "stated"}


def test_on_declared_bases_keeps_a_basis_only_where_the_taxonomy_declares_it():
    per_10k = pd.DataFrame([
        _cell("ip_service_institutions", "wuhan", "per_10k_residents", 0.09, "organizations per 10k residents"),
        _cell("invention_patents_owned", "wuhan", "per_10k_residents", 40.6, "items per 10k residents"),
    ])
    stated = pd.DataFrame([
        _cell("ip_service_institutions", "wuhan", "as_stated", 100.0, "organizations"),
        _cell("invention_patents_owned", "wuhan", "as_stated", 45000.0, "items"),
    ])
    got = sections.on_declared_bases(per_10k, stated, "per_10k_residents")
    assert got[["indicator", "basis", "value"]].values.tolist() == [
        ["ip_service_institutions", "as_stated", 100.0],  # organizations: never per resident
        ["invention_patents_owned", "per_10k_residents", 40.6]]
    assert sections.on_declared_bases(stated, stated, "as_stated") is stated


def test_lone_bar_sentence_names_what_is_not_charted_without_a_number():
    long = pd.DataFrame([
        {**_cell("invention_patents_owned", "wuhan", "as_stated", 45000.0, "items"),
         "kind": "stock", "supplementary": False},
        {**_cell("invention_patents_owned", "nantong", "as_stated", 30.0, "items per 10k residents"),
         "kind": "stock_pc", "supplementary": False},
    ])
    en = sections.lone_bars_note(long, ["invention_patents_owned"], "as_stated", "en")
    assert en.startswith("<p>Not charted, as only one plan states a figure of that kind")
    assert "Wuhan" in en and "Nantong" in en and not re.search(r"\d", TAG.sub("", en))
    zh = sections.lone_bars_note(long, ["invention_patents_owned"], "as_stated", "zh")
    assert "武汉市" in zh and "单个柱形无从比较" in zh
    assert sections.lone_bars_note(long.iloc[0:0], ["invention_patents_owned"], "as_stated", "en") == ""


def test_headline_indicators_are_data():
    heads = sections.headline_indicators()
    tax = ipc.taxonomy().set_index("indicator")
    assert 5 <= len(heads) <= 8 and all(tax.loc[h, "headline"] for h in heads)


def test_plan_overview_is_first_and_one_language():
    src = sections.sources_for("en")
    html = sections.plan_overview("qingdao", "en", src)
    assert html.startswith('<h2 id="overview">At a glance</h2>')
    text = TAG.sub(" ", html)
    assert "Plan period" in text and "2017–2020" in text
    t = ipc.targets("qingdao")
    counts = (f"{(t['status'] == 'stated').sum()} targets, {(t['status'] == 'milestone').sum()} "
              f"yearly milestones, {len(ipc.stages('qingdao'))} dated stages (restatements aside)")
    assert counts in text and len(ipc.stages("qingdao")) == 27
    rows = re.findall(r"<tr><td>(.*?)</td>", html.split('id="overview-headline"')[1])
    assert 5 <= len(rows) <= 8
    assert 'href="#src-' in html  # each stated value is footnoted
    zh = sections.plan_overview("qingdao", "zh", sections.sources_for("zh"))
    assert "规划期" in zh and "2017—2020年" in zh


def test_comparison_overview_lines_the_plans_up():
    src = sections.sources_for("en")
    jurs = ipc.jurisdiction_ids()
    html = sections.comparison_overview(jurs, "en", src)
    head = re.findall(r"<th>(.*?)</th>", html.split("</thead>")[0])
    assert head[1:] == [sections.plan_name(j, "en") for j in jurs]
    assert "Headline indicators (as each plan states them)" in html
    assert html.count("not stated") >= 1 and "Invention patents in force" in html


def test_chinese_derivations_have_no_english_and_english_keeps_the_method():
    t = ipc.targets()
    for basis in ("per_10k_residents", "per_year", "absolute", "cumulative_growth", "as_stated"):
        long = compare_long(t, ipc.jurisdictions(), basis=basis)
        for row in long.to_dict("records"):
            zh = sections.derivation(row, "zh")
            assert zh, row
            # a supplementary row names its English source only in English reports
            assert not LATIN_WORD.search(zh.replace("PCT", "")), (basis, zh)
            assert sections.derivation(row, "en") == row["method"]
    wuhan = compare_long(t, ipc.jurisdictions(), basis="per_10k_residents")
    row = wuhan[(wuhan["jurisdiction"] == "wuhan")
                & (wuhan["indicator"] == "invention_patents_owned")].iloc[0].to_dict()
    assert sections.derivation(row, "zh") == (
        "原文：不少于4.5万件（存量、2020年）；45,000 ÷ 1,108.1万人（2018年常住人口） = 40.61")


def test_plan_kind_is_shown_only_when_the_registry_states_one():
    from ipcompare.sections import glance

    assert glance._kind({"plan_kind": "pilot_programme"}, "en") == "pilot programme"
    assert glance._kind({"plan_kind": "other"}, "en") is None
    assert glance._kind({"title": "no kind column"}, "zh") is None

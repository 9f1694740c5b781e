"""The document-number rule: a plan's own 文号 from the head of its text, never a cited one, and
agreeing with the registry, where a plan's number is stated."""

from __future__ import annotations

import pytest

from ipcompare.corpus.registry import jurisdictions, load_document
from ipcompare.extract.docnumber import find_doc_number, is_doc_number


@pytest.mark.parametrize(("text", "expected"), [
    ("某市人民政府关于印发某市实施方案的通知\n  • 发文字号 青政字〔2017〕58号\n正文", "青政字〔2017〕58号"),
    ("某省人民政府办公厅文件\n某政办发[2019]12号\n关于印发……的通知", "某政办发[2019]12号"),
    ("关于印发某方案的通知\n为贯彻《国务院关于若干意见》(国发〔2015〕71号)精神", None),
    ("关于印发某方案的通知\n按照《通知》（财办建〔2018〕96号）要求", None),
    ("关于印发某方案的通知\n到2020年，全市发明专利拥有量突破45000件。", None),
])
def test_the_own_number_is_read_and_a_cited_one_is_not(text: str, expected: str | None) -> None:
    assert find_doc_number(text) == expected


def test_only_the_head_of_a_text_is_read() -> None:
    body = "\n".join(f"第{i}行" for i in range(30))
    assert find_doc_number("标题\n" + body + "\n某政发〔2018〕3号") is None


@pytest.mark.parametrize(("value", "ok"), [
    ("青政字〔2017〕58号", True), ("国知发管字〔2016〕86号", True), ("58", False),
    ("青政字2017年58号", False), ("〔2017〕58号", False), ("青政字〔2017〕58号 and more", False),
])
def test_is_doc_number(value: str, ok: bool) -> None:
    assert is_doc_number(value) is ok


def test_the_rule_agrees_with_the_registry() -> None:
    """Where the text states its own number the registry states the same; the registry may know
    a number the captured text lacks, never a different one."""
    reg = jurisdictions()
    for row in reg.itertuples():
        found = find_doc_number(load_document(row.document).text)
        if found is not None:
            assert row.doc_number == found, (row.document, found, row.doc_number)
    assert reg.set_index("jurisdiction").loc["qingdao", "doc_number"] == "青政字〔2017〕58号"

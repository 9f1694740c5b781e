"""Categories beyond mainland IP-plan wording (issue 13): science-and-technology plans, trademark
and geographical-indication plans, Hong Kong, Macau and Taiwan wording (read as simplified)."""

from __future__ import annotations

import pytest

from ipcompare.extract.years import simplified
from ipcompare.vocab.taxonomy import classify


@pytest.mark.parametrize(
    "subject, unit, category",
    [
        ("技术合同登记成交额", "CNY", "utilization"),
        ("版權貿易額", "HKD", "utilization"),
        ("產學研技術移轉件數", "items", "utilization"),
        ("外觀設計註冊數目", "items", "creation"),
        ("集成电路布图设计登记量", "items", "creation"),
        ("地理标志证明商标", "items", "creation"),
        ("專利申請資助計劃", "HKD", "finance"),
        ("推廣經費", "CNY", "finance"),
        ("取得TIPS驗證企業", "organizations", "management"),
        ("知識產權諮詢服務點", "items", "services"),
        ("商标品牌指导工作站", "items", "services"),
        ("知识产权维权工作站", "items", "protection"),
        ("智慧財產專責人員", "people", "talent"),
        ("全社会研发经费投入强度", "percent", "other"),  # R&D spending is no IP money
    ],
)
def test_wording_of_other_plans(subject: str, unit: str, category: str) -> None:
    assert classify(simplified(subject), unit, "").category == category


def test_science_indicators_without_ip_stay_other() -> None:
    assert classify("高新技术企业数量", "organizations", "").category == "other"

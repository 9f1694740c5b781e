"""ipcompare.analysis.units: every conversion against figures computed by hand."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipcompare.analysis import units as nz

# --- base units ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "mult", "base"),
    [
        (45000, 0, 45000.0),   # 45000件
        (4.5, 4, 45000.0),     # 4.5万件
        (1.2, 4, 12000.0),     # 1.2万人: exactly 12000, no float noise
        (2, 8, 200000000.0),   # 2亿元
        (3, 3, 3000.0),        # 3千
        (0.35, 8, 35000000.0), # 0.35亿元
    ],
)
def test_to_base(value, mult, base) -> None:
    out = nz.to_base(value, mult)
    assert out.value == base
    assert isinstance(out.method, str) and out.method


def test_to_base_method_writes_the_magnitude() -> None:
    assert nz.to_base(4.5, 4).method == "4.5万 = 4.5 × 10^4 = 45000"
    assert nz.to_base(45000, 0).method == "45000 (base units as written)"
    value, method = nz.to_base(2, 8)  # a Converted unpacks like a tuple
    assert (value, method) == (200000000.0, "2亿 = 2 × 10^8 = 200000000")


def test_to_base_rejects_unknown_magnitudes_and_nan() -> None:
    with pytest.raises(ValueError, match="unit_mult"):
        nz.to_base(1, 5)
    with pytest.raises(ValueError, match="finite"):
        nz.to_base(float("nan"), 0)


# --- per 10,000 residents -------------------------------------------------------------------------


def test_per_10k_wuhan_invention_patents() -> None:
    # 45000 / 1108.10 = 40.6100532... (by hand: 1108.10 × 40.61 = 45000.0 - 0.059, so 40.61005)
    out = nz.per_10k(45000, 1108.10, 2018, "武汉市2018年统计公报")
    assert round(out.value, 2) == 40.61
    assert out.value == pytest.approx(40.6100532443, abs=1e-9)
    assert out.method == (
        "45000 ÷ 1108.10 ten-thousand residents (2018 resident population; "
        "source: 武汉市2018年统计公报) = 40.61 per 10k residents"
    )


def test_from_per_10k_nantong() -> None:
    # 30 per 10k × 731.00 (10k residents) = 21930
    out = nz.from_per_10k(30, 731.00, 2018)
    assert out.value == 21930.0
    assert out.method == (
        "30 per 10k residents × 731.00 ten-thousand residents (2018 resident population) = 21930"
    )


def test_population_must_be_positive() -> None:
    with pytest.raises(ValueError, match="positive"):
        nz.per_10k(100, 0)
    with pytest.raises(ValueError, match="positive"):
        nz.from_per_10k(1, -5)


@given(
    st.floats(min_value=0, max_value=1e12, allow_nan=False),
    st.floats(min_value=1, max_value=1e6, allow_nan=False),
)
def test_per_10k_and_back_round_trip(value: float, pop: float) -> None:
    back = nz.from_per_10k(nz.per_10k(value, pop).value, pop).value
    assert back == pytest.approx(value, rel=1e-9, abs=1e-9)


# --- plan years, per year, growth -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "target", "years"),
    [
        (2018, 2020, None, 3),   # Wuhan 2018–2020: 2018, 2019, 2020
        (2017, 2020, None, 4),   # Nantong
        (2016, 2020, None, 5),   # Sichuan, a 十三五 plan
        (2020, 2020, None, 1),
        (2017, 2020, 2018, 2),   # a target due in 2018: 2017 and 2018
        (2017, 2020, 2020, 4),
        (2018, 2020, 2021, 4),   # due after the plan ends
    ],
)
def test_plan_years_inclusive(start, end, target, years) -> None:
    assert nz.plan_years(start, end, target).value == years


def test_plan_years_methods_and_errors() -> None:
    assert nz.plan_years(2018, 2020).method == "2018–2020 counted inclusively = 3 years"
    assert nz.plan_years(2017, 2020, 2018).method == (
        "2017–2018 counted inclusively = 2 years (due before the plan ends in 2020)"
    )
    with pytest.raises(ValueError, match="before"):
        nz.plan_years(2020, 2018)
    with pytest.raises(ValueError, match="before the plan period"):
        nz.plan_years(2018, 2020, 2017)


def test_per_year_nantong_pct() -> None:
    # 2500 PCT applications cumulative over 2017–2020 (4 years) = 625 a year
    years = nz.plan_years(2017, 2020).value
    out = nz.per_year(2500, years)
    assert out.value == 625.0
    assert out.method == "2500 ÷ 4 years = 625 per year"
    assert nz.per_year(20, 3).value == pytest.approx(6.666666666667, abs=1e-9)
    with pytest.raises(ValueError, match="positive integer"):
        nz.per_year(10, 0)


@pytest.mark.parametrize(
    ("rate", "years", "total"),
    [
        (20, 3, 72.8),       # 1.2³ = 1.728
        (10, 3, 33.1),       # 1.1³ = 1.331
        (30, 3, 119.7),      # 1.3³ = 2.197
        (10, 5, 61.051),     # 1.1⁵ = 1.61051
        (0, 4, 0.0),
        (-10, 2, -19.0),     # 0.9² = 0.81
        (20, 1, 20.0),
    ],
)
def test_growth_cumulative(rate, years, total) -> None:
    out = nz.growth_cumulative(rate, years)
    assert out.value == pytest.approx(total, abs=1e-9)


def test_growth_cumulative_method_and_noise() -> None:
    out = nz.growth_cumulative(20, 3)
    assert out.value == 72.8  # float noise (72.80000000000001) rounded away
    assert out.method == "(1 + 20%)^3 − 1 = 72.8% over 3 years (compounded yearly)"
    with pytest.raises(ValueError):
        nz.growth_cumulative(-100, 2)


@given(st.floats(min_value=-50, max_value=200), st.integers(min_value=1, max_value=30))
def test_growth_cumulative_formula(rate: float, years: int) -> None:
    expected = ((1 + rate / 100) ** years - 1) * 100
    assert nz.growth_cumulative(rate, years).value == pytest.approx(expected, rel=1e-9, abs=1e-9)


def test_fmt() -> None:
    assert nz.fmt(45000.0) == "45000"
    assert nz.fmt(40.6100532) == "40.61"
    assert nz.fmt(72.8) == "72.8"
    assert nz.fmt(0.0090245) == "0.00902"
    assert nz.fmt(math.nan) == "NA"

"""Tests for ipcompare.extract.numerals: exact readings, rejections, patterns, and round-trip properties."""

from __future__ import annotations

import re
from decimal import Decimal

import cn2an
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ipcompare.extract.numerals import (
    NUMERAL_PATTERN,
    RANGE_PATTERN,
    Numeral,
    base_value,
    parse_numeral,
    parse_range,
    to_chinese,
)

FAST = settings(max_examples=100, deadline=None)

EXACT = [
    # Arabic
    ("45000", 45000, 0),
    ("1.2", 1.2, 0),
    ("0.5", 0.5, 0),
    ("1,000", 1000, 0),
    ("12,345,678", 12345678, 0),
    ("2018", 2018, 0),
    ("４５０００", 45000, 0),
    ("１．５", 1.5, 0),
    ("１２．５", 12.5, 0),
    # Arabic + magnitude
    ("1.2万", 1.2, 4),
    ("1.25万", 1.25, 4),
    ("2亿", 2, 8),
    ("3千", 3, 3),
    ("2000万", 2000, 4),
    ("1.5万亿", 1.5, 12),
    ("3千万", 3000, 4),
    ("5百万", 500, 4),
    ("3千亿", 3000, 8),
    ("2萬", 2, 4),
    ("2億", 2, 8),
    ("1,000万", 1000, 4),
    ("１．２万", 1.2, 4),
    # Chinese
    ("一", 1, 0),
    ("两", 2, 0),
    ("兩", 2, 0),
    ("十", 10, 0),
    ("十二", 12, 0),
    ("二十", 20, 0),
    ("一十", 10, 0),
    ("一百零五", 105, 0),
    ("一百一十", 110, 0),
    ("一百十", 110, 0),
    ("三百", 300, 0),
    ("三千五百", 3500, 0),
    ("一千零一十", 1010, 0),
    ("〇", 0, 0),
    ("零", 0, 0),
    ("两万", 2, 4),
    ("兩萬", 2, 4),
    ("十二万", 12, 4),
    ("十万", 10, 4),
    ("一百二十万", 120, 4),
    ("两千万", 2000, 4),
    ("三千", 3, 3),
    ("两千", 2, 3),
    ("一万二千", 12000, 0),
    ("一万零一十", 10010, 0),
    ("一亿两千万", 120000000, 0),
    ("一亿零一", 100000001, 0),
    ("十亿", 10, 8),
    ("三千亿", 3000, 8),
    ("一万二千亿", 12000, 8),
    ("两万亿", 2, 12),
    ("五億", 5, 8),
    # colloquial short forms
    ("一万二", 12000, 0),
    ("三百五", 350, 0),
    ("一千五", 1500, 0),
    ("一亿五", 150000000, 0),
    ("一万零五十", 10050, 0),
    ("一亿零五万", 100050000, 0),
    ("一亿一千", 100001000, 0),
    # financial / traditional
    ("壹", 1, 0),
    ("貳", 2, 0),
    ("參", 3, 0),
    ("壹佰貳拾", 120, 0),
    ("肆仟伍佰", 4500, 0),
    ("陸拾柒", 67, 0),
    ("捌萬", 8, 4),
    ("玖仟", 9, 3),
    ("壹億", 1, 8),
]


@pytest.mark.parametrize(("token", "value", "mult"), EXACT)
def test_parse_numeral_exact(token: str, value: float, mult: int) -> None:
    assert parse_numeral(token) == Numeral(value, mult)
    assert re.fullmatch(NUMERAL_PATTERN, token)


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("1.2万", 12000),
        ("1.25万", 12500),
        ("0.35亿", 35000000),
        ("1.5万亿", 1500000000000),
        ("3千", 3000),
        ("三千五百", 3500),
        ("一万二千", 12000),
        ("0.5", 0.5),
    ],
)
def test_base_value_exact(token: str, expected: float) -> None:
    assert base_value(parse_numeral(token)) == expected


@pytest.mark.parametrize(
    "token",
    ["", " ", "abc", "万", "千", "百", "亿", "萬", "千万", "百万", "十三五", "十四五", "一两",
     "二〇一八", "零五", "一千零", "5 ", " 5", "1.", ".5", "1,00", "-5", "5%", "一点五", "2亿5千万",
     "3千5百", "1.2.3", "十十", "万一", "一万十", "一百五万", "一千五亿", "十百"],
)
def test_parse_numeral_rejects(token: str) -> None:
    assert not re.fullmatch(NUMERAL_PATTERN, token)
    with pytest.raises(ValueError, match="not a numeral token"):
        parse_numeral(token)


def test_parse_numeral_rejects_non_strings() -> None:
    with pytest.raises(ValueError):
        parse_numeral(5)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("年均増幅20%以上, 2018年, 1.2万人", ["20", "2018", "1.2万"]),
        ("2019,2020年", ["2019", "2020"]),
        ("第1.2.3条", []),
        ("“十三五”期间，十四五规划", []),
        ("培育两万家，达到三千五百件、一万二千人", ["两万", "三千五百", "一万二千"]),
        ("投入2亿5千万元", []),
        ("建成5个中心和十个站", ["5", "十"]),
        ("新增４５０００件", ["４５０００"]),
    ],
)
def test_pattern_findall(text: str, found: list[str]) -> None:
    assert re.findall(NUMERAL_PATTERN, text) == found


def test_pattern_embeds_twice_without_groups() -> None:
    rx = re.compile(f"({NUMERAL_PATTERN})|({RANGE_PATTERN})|({NUMERAL_PATTERN})")
    assert rx.groups == 3


@pytest.mark.parametrize(
    ("token", "lo", "hi"),
    [
        ("1—3", Numeral(1, 0), Numeral(3, 0)),
        ("3—5", Numeral(3, 0), Numeral(5, 0)),
        ("5-6", Numeral(5, 0), Numeral(6, 0)),
        ("20—40", Numeral(20, 0), Numeral(40, 0)),
        ("1至2", Numeral(1, 0), Numeral(2, 0)),
        ("1到3", Numeral(1, 0), Numeral(3, 0)),
        ("5~6", Numeral(5, 0), Numeral(6, 0)),
        ("5～6", Numeral(5, 0), Numeral(6, 0)),
        ("5〜6", Numeral(5, 0), Numeral(6, 0)),
        ("5–6", Numeral(5, 0), Numeral(6, 0)),
        ("5―6", Numeral(5, 0), Numeral(6, 0)),
        ("5－6", Numeral(5, 0), Numeral(6, 0)),
        ("1——3", Numeral(1, 0), Numeral(3, 0)),
        ("两至三", Numeral(2, 0), Numeral(3, 0)),
        ("1—3万", Numeral(1, 0), Numeral(3, 4)),
        ("1.5万~2万", Numeral(1.5, 4), Numeral(2, 4)),
    ],
)
def test_parse_range(token: str, lo: Numeral, hi: Numeral) -> None:
    assert re.fullmatch(RANGE_PATTERN, token)
    assert parse_range(token) == (lo, hi)


@pytest.mark.parametrize("token", ["", "1", "1—", "—3", "1+3", "1—3—5", "万—3", "1、3"])
def test_parse_range_rejects(token: str) -> None:
    with pytest.raises(ValueError, match="not a range token"):
        parse_range(token)


def test_range_search_in_text() -> None:
    assert re.findall(RANGE_PATTERN, "每年培育1—3家，建设5~6个") == ["1—3", "5~6"]


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (0, "零"),
        (10, "十"),
        (12, "十二"),
        (20, "二十"),
        (105, "一百零五"),
        (110, "一百一十"),
        (1010, "一千零一十"),
        (20000, "二万"),
        (100000, "十万"),
        (150000, "十五万"),
        (10010, "一万零一十"),
        (100000001, "一亿零一"),
        (100001000, "一亿零一千"),
        (100010000, "一亿零一万"),
        (1000000000, "十亿"),
        (999999999999, "九千九百九十九亿九千九百九十九万九千九百九十九"),
    ],
)
def test_to_chinese(n: int, text: str) -> None:
    assert to_chinese(n) == text


@pytest.mark.parametrize("n", [-1, 10**12, 1.5, True, "5"])
def test_to_chinese_rejects(n: object) -> None:
    with pytest.raises(ValueError):
        to_chinese(n)  # type: ignore[arg-type]


# --- properties ---------------------------------------------------------------------------------


@FAST
@given(st.integers(min_value=0, max_value=10**12 - 1))
def test_round_trip_chinese(n: int) -> None:
    text = to_chinese(n)
    assert base_value(parse_numeral(text)) == n
    assert re.findall(NUMERAL_PATTERN, f"达到{text}件") == [text]


@FAST
@given(st.integers(min_value=0, max_value=10**15))
def test_arabic_integers(n: int) -> None:
    assert parse_numeral(str(n)) == Numeral(n, 0)
    assert parse_numeral(f"{n:,}") == Numeral(n, 0)


@FAST
@given(st.integers(min_value=0, max_value=99999), st.sampled_from([("万", 4), ("亿", 8)]))
def test_decimal_with_magnitude(cents: int, magnitude: tuple[str, int]) -> None:
    suffix, k = magnitude
    token = f"{Decimal(cents).scaleb(-2)}{suffix}"
    n = parse_numeral(token)
    assert n.unit_mult == k
    assert n.value == cents / 100
    assert base_value(n) == cents * 10 ** (k - 2)


@FAST
@given(st.integers(min_value=0, max_value=10**12 - 1))
def test_cross_check_cn2an(n: int) -> None:
    assert base_value(parse_numeral(cn2an.an2cn(n))) == n


@FAST
@given(st.text(alphabet="一二两三五十百千万亿零〇", min_size=1, max_size=8))
def test_pattern_and_parser_agree(token: str) -> None:
    if re.fullmatch(NUMERAL_PATTERN, token):
        n = parse_numeral(token)
        assert n.unit_mult in (0, 3, 4, 8, 12)
        try:
            oracle = cn2an.cn2an(token, "normal")
        except (ValueError, KeyError):
            return  # cn2an rejects some forms we read (一亿五, 一亿一千)
        assert base_value(n) == oracle
    else:
        with pytest.raises(ValueError):
            parse_numeral(token)


# --- review case 2a: numbers that overflow a float ---------------------------------------------


@pytest.mark.parametrize("written", [
    "突破1" + "0" * 5000 + "件",   # 1 followed by 5,000 digits
    "达到" + "1" * 400 + "亿元",    # 400 digits + 亿
    "达到" + "1" * 400 + "％",      # 400 digits + ％
    "达到1" + "0" * 305 + "亿件",   # finite as written, infinite once scaled by 亿
])
def test_overflowing_numeral_is_refused_as_target_not_stored_as_inf(written: str) -> None:
    import ipcompare as ipc
    from ipcompare.extract.numerals import OVERFLOW_REASON, is_finite

    assert "overflow" in OVERFLOW_REASON
    token = re.search(r"\d+\D?", written).group(0).rstrip("件元％")
    assert not is_finite(parse_numeral(token))
    targets = ipc.extract_targets(f"到2020年，发明专利拥有量{written}，商标注册量达到45000件。")
    assert list(targets["value"]) == [45000.0]  # the overflowing number is no target; the next is


def test_schema_rejects_non_finite_values() -> None:
    import ipcompare as ipc
    from ipcompare.errors import SchemaError
    from ipcompare.extract.schema import validate_targets

    good = ipc.extract_targets("到2020年，发明专利拥有量达到45000件。")
    validate_targets(good)
    for column in ("value", "base_value", "value_high"):
        bad = good.copy()
        bad[column] = float("inf")
        with pytest.raises(SchemaError, match=column):
            validate_targets(bad)


@pytest.mark.parametrize("written", ["4\u03035\u0303000件", "45\x0000件"])
def test_number_broken_by_a_stray_character_is_no_zero_target(written: str) -> None:
    """Review cases 2h, 2i: the zeros after a combining mark or NUL are not a target of 0."""
    import ipcompare as ipc

    targets = ipc.extract_targets(f"到2020年，发明专利拥有量达到{written}，商标注册量达到45000件。")
    assert list(targets["value"]) == [45000.0]

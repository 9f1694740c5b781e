"""Read the numbers of Chinese policy text: Arabic, Chinese, financial and mixed forms.

A *numeral token* is one number as written, without the unit after it: ``45000``, ``1.2``,
``1,000``, ``４５０００``, ``十二``, ``一百零五``, ``兩萬``, ``壹佰``, ``1.2万``, ``2000万``,
``1.5万亿``. :func:`parse_numeral` turns it into a :class:`Numeral`: the number as written before
its trailing magnitude, and that magnitude as a power of ten (SDMX ``UNIT_MULT``).

Decisions (what the module promises):

* Only a *trailing* magnitude that multiplies everything before it is kept as ``unit_mult``:
  万 → 4, 亿 → 8, 万亿 → 12, and 千 → 3 when nothing larger precedes it. ``三千`` is
  ``Numeral(3, 3)`` and ``两千万`` is ``Numeral(2000, 4)``, but ``一万二千`` is
  ``Numeral(12000, 0)`` and ``一亿两千万`` is ``Numeral(120000000, 0)`` (exact value, no magnitude).
  百 and 十 are never magnitudes: ``三百`` is ``Numeral(300, 0)``.
* Arabic digits may carry 千, 万, 亿, 万亿 and a 百/千 before 万/亿 (``3千万`` → ``Numeral(3000, 4)``,
  the same reading as ``三千万``).
* Colloquial short forms are read the usual way, at the end of a numeral only: ``一万二`` =
  12000, ``三百五`` = 350, ``一亿五`` = 150000000 (``一百五万`` is not a numeral).
* After 万/亿 a part below 1000 needs its 零 (``一万零五十``; ``一万五十`` is not a numeral);
  ``一亿一千`` and ``一亿零一千`` are both 100001000.
* Chinese decimals (``一点五``), digit-by-digit years (``二〇一八``) and lone magnitudes (``万``,
  ``千``, ``百万``, ``千万``) are not numerals. Neither is a run of Chinese digits that is not one
  well-formed number: ``十三五`` and ``一两`` match nothing at all, not even a part, because a
  numeral must not touch another numeral character on either side (the same lookarounds keep
  ``2018`` whole).
* Single digits split by single spaces, as copied web pages print them (``3 5 0 0`` before a
  unit), are one number (3500); a run of longer digit groups (``2018 2019``) is not.
* The patterns use only non-capturing groups, so they can be embedded (even twice) into larger
  regexes; :func:`parse_range` splits a range token itself.
* A numeral too large for a float (some 310 digits, fewer with 万/亿) is still parsed, to
  ``inf``; :func:`is_finite` says so, and no target is read from it (:data:`OVERFLOW_REASON`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

__all__ = [
    "NUMERAL_PATTERN",
    "RANGE_PATTERN",
    "OVERFLOW_REASON",
    "Numeral",
    "base_value",
    "is_finite",
    "parse_numeral",
    "parse_range",
    "to_chinese",
]

# --- character classes --------------------------------------------------------------------------

_DIGIT_VALUES = {
    **dict.fromkeys("〇零", 0),
    **dict.fromkeys("一壹", 1),
    **dict.fromkeys("二两兩贰貳", 2),
    **dict.fromkeys("三叁參叄", 3),
    **dict.fromkeys("四肆", 4),
    **dict.fromkeys("五伍", 5),
    **dict.fromkeys("六陆陸", 6),
    **dict.fromkeys("七柒", 7),
    **dict.fromkeys("八捌", 8),
    **dict.fromkeys("九玖", 9),
}
_UNIT_VALUES = {
    **dict.fromkeys("十拾", 10),
    **dict.fromkeys("百佰", 100),
    **dict.fromkeys("千仟", 1000),
    **dict.fromkeys("万萬", 10**4),
    **dict.fromkeys("亿億", 10**8),
}
_ZEROS = "〇零"
_NONZERO = "".join(c for c, v in _DIGIT_VALUES.items() if v)
_TEN, _HUNDRED, _THOUSAND, _WAN, _YI = "十拾", "百佰", "千仟", "万萬", "亿億"

_D = f"[{_NONZERO}]"
_Z = f"[{_ZEROS}]"
_T, _H, _K, _W, _Y = (f"[{c}]" for c in (_TEN, _HUNDRED, _THOUSAND, _WAN, _YI))
_AD = "[0-9０-９]"  # Arabic digit, half or full width
_ALL_CN = _NONZERO + _ZEROS + _TEN + _HUNDRED + _THOUSAND + _WAN + _YI
_ANY_NUM = f"[0-9０-９{_ALL_CN}]"  # a character that would continue a numeral
# financial numerals that are also ordinary characters (队伍, 大陆, 收拾): before Arabic digits
# they are words, not the start of the number (队伍30人)
_WORD_NUMERALS = "伍陆拾"
_BEFORE_ARABIC = f"[0-9０-９{''.join(c for c in _ALL_CN if c not in _WORD_NUMERALS)}]"

# --- Chinese numerals ---------------------------------------------------------------------------
# One section of 1..9999; the tails say what may follow a 十/百/千 place: a 零 for a gap, or a
# bare digit for the colloquial 三百五 / 一千五 (only at the very end, never before 万/亿). After
# 万/亿 a part below 1000 needs its 零 (一万零五十), except the colloquial 一万二 (= 12000).
_BIG = f"[{_WAN}{_YI}]"
_SHORT = f"{_D}(?!{_BIG})"  # colloquial trailing digit
_TAIL_H = f"(?:{_D}?{_T}{_D}?|{_Z}{_D}|{_SHORT})?"
_TAIL_K = f"(?:{_D}{_H}{_TAIL_H}|{_Z}(?:{_D}?{_T}{_D}?|{_D})|{_SHORT})?"
_SEC_K = f"{_D}{_K}{_TAIL_K}"  # 1000..9999
_SEC_SMALL = f"(?:{_D}{_H}{_TAIL_H}|{_D}?{_T}{_D}?|{_D})"  # 1..999
_SECTION = f"(?:{_SEC_K}|{_SEC_SMALL})"
_AFTER_BIG = f"(?:{_Z}?{_SEC_K}|{_Z}{_SEC_SMALL})"
_AFTER_WAN = f"(?:{_AFTER_BIG}|{_SHORT})?"
_AFTER_YI = f"(?:{_AFTER_BIG}(?:{_W}{_AFTER_WAN})?|{_SHORT})?"
_CHINESE = f"(?:{_SECTION}(?:{_W}{_AFTER_WAN})?(?:{_Y}{_AFTER_YI})?|{_Z})"

# --- Arabic numerals, optionally with a magnitude -----------------------------------------------
# digits split by single spaces in a copied web page (3 5 0 0件, 3 0亿元): single digits only,
# and the run must end before a non-space, non-digit character, so 2018 2019 stays two years
_SPACED = f"{_AD}(?: {_AD})+(?![\\s0-9０-９])"
_ARABIC = f"(?:{_SPACED}|{_AD}{{1,3}}(?:,{_AD}{{3}})+|{_AD}+)(?:[.．]{_AD}+)?"
_MAGNITUDE = f"(?:[{_HUNDRED}{_THOUSAND}]?{_W}{_Y}?|[{_HUNDRED}{_THOUSAND}]?{_Y}|{_K})"

NUMERAL_PATTERN: str = (
    f"(?<!{_AD}[.．])"
    f"(?:(?<!{_BEFORE_ARABIC}){_ARABIC}{_MAGNITUDE}?|(?<!{_ANY_NUM}){_CHINESE})"
    f"(?!{_ANY_NUM})(?![.．]{_AD})"
)
"""Regex source matching one numeral token (no unit); non-capturing groups only."""

_SEPARATOR = "[ \t\u3000\xa0]*(?:[-‐‑‒–—―−﹣－]{1,2}|[~～〜]|至|到)[ \t\u3000\xa0]*"

RANGE_PATTERN: str = f"(?:{NUMERAL_PATTERN}){_SEPARATOR}(?:{NUMERAL_PATTERN})"
"""Regex source matching ``lo`` sep ``hi`` (``1—3``, ``5~6``, ``两至三``); non-capturing only."""

_NUMERAL_RE = re.compile(NUMERAL_PATTERN)
_ARABIC_RE = re.compile(f"({_ARABIC})({_MAGNITUDE}?)")
_RANGE_RE = re.compile(f"(?P<lo>{NUMERAL_PATTERN}){_SEPARATOR}(?P<hi>{NUMERAL_PATTERN})")
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.", ", ")


@dataclass(frozen=True)
class Numeral:
    """A number as written before its magnitude, and the magnitude as a power of ten."""

    value: float
    unit_mult: int


@lru_cache(maxsize=8192)
def parse_numeral(token: str) -> Numeral:
    """Return the :class:`Numeral` of one token matching ``NUMERAL_PATTERN`` in full."""
    if not isinstance(token, str) or not _NUMERAL_RE.fullmatch(token):
        raise ValueError(f"not a numeral token: {token!r}")
    m = _ARABIC_RE.fullmatch(token)
    if m:
        return _parse_arabic(m.group(1), m.group(2))
    return _parse_chinese(token)


def parse_range(token: str) -> tuple[Numeral, Numeral]:
    """Return the two ends of a token matching ``RANGE_PATTERN`` in full (``1—3`` → 1, 3)."""
    m = _RANGE_RE.fullmatch(token) if isinstance(token, str) else None
    if not m:
        raise ValueError(f"not a range token: {token!r}")
    return parse_numeral(m.group("lo")), parse_numeral(m.group("hi"))


def is_finite(n: Numeral) -> bool:
    """Whether a numeral's value and its base value are finite floats.

    A numeral of some 310 digits (fewer with 万/亿) overflows a float to ``inf``; such a
    number is no target a plan can state, so :mod:`ipcompare.extract.mentions` refuses it
    (:data:`OVERFLOW_REASON`) rather than storing ``inf``.
    """
    return math.isfinite(n.value) and math.isfinite(base_value(n))


OVERFLOW_REASON = "the number is too large to be a float (it overflows to infinity)"
"""Why a numeral that overflows is not read as a target."""


def base_value(n: Numeral) -> float:
    """Return ``value * 10**unit_mult``, computed in decimal so 1.2万 is exactly 12000."""
    return _scale(n.value, n.unit_mult)


@lru_cache(maxsize=8192)
def _scale(value: float, mult: int) -> float:
    return float(Decimal(repr(value)).scaleb(mult))


def _magnitude_mult(magnitude: str) -> tuple[int, int]:
    """Return (extra factor on the value, unit_mult) of an Arabic number's magnitude suffix."""
    if not magnitude:
        return 1, 0
    if magnitude[-1] in _YI:
        mult = 12 if len(magnitude) > 1 and magnitude[-2] in _WAN else 8
    elif magnitude[-1] in _WAN:
        mult = 4
    else:
        return 1, 3  # 千 alone
    head = magnitude[0]
    factor = _UNIT_VALUES[head] if head in _HUNDRED + _THOUSAND else 1
    return factor, mult


def _parse_arabic(number: str, magnitude: str) -> Numeral:
    factor, mult = _magnitude_mult(magnitude)
    value = Decimal(number.translate(_FULL_WIDTH)) * factor
    return Numeral(float(value), mult)


def _chinese_value(token: str) -> int:
    """Return the integer value of a well-formed Chinese numeral (already validated)."""
    total = 0  # everything up to the last 亿
    section = 0  # since the last 亿 (including a finished 万 group)
    group = 0  # since the last 万/亿
    number = 0  # the pending digit
    for ch in token:
        if ch in _DIGIT_VALUES:
            number = _DIGIT_VALUES[ch]
        elif ch in _YI:
            total = (total + section + group + number) * 10**8
            section = group = number = 0
        elif ch in _WAN:
            section += (group + number) * 10**4
            group = number = 0
        else:  # 十 百 千
            unit = _UNIT_VALUES[ch]
            group += (number or (1 if unit == 10 else 0)) * unit
            number = 0
    if number and len(token) > 1 and token[-2] in _HUNDRED + _THOUSAND + _WAN + _YI:
        number *= _UNIT_VALUES[token[-2]] // 10  # colloquial 三百五 = 350, 一万二 = 12000
    return total + section + group + number


def _parse_chinese(token: str) -> Numeral:
    value = _chinese_value(token)
    last = token[-1]
    if last in _YI and len(token) > 2 and token[-2] in _WAN:
        head, mult, larger = token[:-2], 12, _WAN + _YI
    elif last in _YI:
        head, mult, larger = token[:-1], 8, _YI
    elif last in _WAN:
        head, mult, larger = token[:-1], 4, _WAN + _YI
    elif last in _THOUSAND:
        head, mult, larger = token[:-1], 3, _THOUSAND + _WAN + _YI
    else:
        return Numeral(float(value), 0)
    if any(c in larger for c in head):
        return Numeral(float(value), 0)  # 一万二千: not a single magnitude
    return Numeral(float(value // 10**mult), mult)


# --- formatting ---------------------------------------------------------------------------------

_CN_DIGITS = "零一二三四五六七八九"


def _section_to_chinese(n: int, lead: bool) -> str:
    """Format 1 <= n <= 9999; ``lead`` writes 10..19 as 十.. rather than 一十..."""
    if lead and 10 <= n <= 19:
        return "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    out: list[str] = []
    zero = False
    for place, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = n // place % 10
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out.append("零")
            zero = False
        out.append(_CN_DIGITS[d] + unit)
    return "".join(out)


def to_chinese(n: int) -> str:
    """Format an int 0 <= n < 10**12 as a standard simplified Chinese numeral (12 → 十二)."""
    if isinstance(n, bool) or not isinstance(n, int) or not 0 <= n < 10**12:
        raise ValueError(f"to_chinese needs an int 0 <= n < 10**12, got {n!r}")
    if n == 0:
        return "零"
    parts: list[str] = []
    gap = False
    for value, suffix in ((n // 10**8, "亿"), (n // 10**4 % 10**4, "万"), (n % 10**4, "")):
        if value == 0:
            gap = bool(parts)
            continue
        if parts and (gap or value < 1000):
            parts.append("零")
        parts.append(_section_to_chinese(value, lead=not parts) + suffix)
        gap = False
    return "".join(parts)

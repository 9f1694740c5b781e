"""Find the numbers of a text that carry a unit, and read the unit and qualifiers around them.

A *mention* is one number (or range, or ratio) as written, with its unit and comparator. This
stage only looks at the few characters around each number; whether the number is a target is
decided later, from its clause and sentence. A number that overflows a float (a run of some
310 digits) is no mention: :data:`~ipcompare.extract.numerals.OVERFLOW_REASON`; nor is one
written with a leading zero (``00``, ``0450``): a plan states no amount so, and such a token
is the tail of a number broken by a stray character (``4\u03035\u0303000``, ``45\x0000``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..caching import data_cache
from ..vocab.lexicon import Lexicon, cues, lexicon
from .numerals import NUMERAL_PATTERN, RANGE_PATTERN, Numeral, is_finite, parse_numeral, parse_range

_ASCII_DIGITS = re.compile(r"[0-9０-９]")
_TOKEN = re.compile(
    r"(?P<ratio>(?<![\d.])\d+(?:\.\d+)?\s*[∶:：]\s*\d+(?:\.\d+)?(?![\d.]))"
    rf"|(?P<range>{RANGE_PATTERN})"
    rf"|(?P<num>{NUMERAL_PATTERN})"
)
_OPEN_CLOSE = {"〔": "〕", "《": "》", "【": "】", "[": "]"}
_PLUS = "+＋"
_QUOTES = "“”\"'‘’「」"
_SPACES = " \t\u3000\xa0"
_FLOOR_BEFORE_VERB = re.compile(r"(?:至少|最少|不少于)(?=[\u4e00-\u9fff]{1,4}$)")
_LATIN = re.compile(r"[A-Za-zＡ-Ｚａ-ｚ]")
_PADDED = re.compile(r"[0０][0-9０-９]")  # a leading zero before a digit: no amount as stated
_LONE_MAGNITUDES = {"千", "万", "亿", "百", "萬", "億", "仟", "佰"}


@dataclass(frozen=True)
class Mention:
    """A number as written with its unit and qualifiers."""

    start: int  # the number token (range: both ends)
    end: int
    number_text: str
    value: float
    value_high: float | None
    unit_mult: int
    unit_zh: str
    unit: str
    comparator: str
    qualifier_zh: str  # the comparator words as written (以上, 不低于, …)
    end_all: int  # end of unit and trailing qualifier
    chinese: bool


def _inside_brackets(text: str, pos: int, lookback: int = 40) -> bool:
    """True when ``pos`` lies inside a document-number or title bracket (〔〕, 《》, 【】)."""
    window = text[max(0, pos - lookback) : pos]
    for open_, close in _OPEN_CLOSE.items():
        i = window.rfind(open_)
        if i >= 0 and close not in window[i:]:
            return True
    return False


def _quoted_slogan(text: str, start: int, end: int, width: int = 8) -> bool:
    """True for a number inside a short quoted phrase: “四个全面”, “两个一百年”, “3+3”."""
    opening = text.rfind("“", max(0, start - 4), start)
    if opening < 0 or "”" in text[opening:start]:
        return False
    closing = text.find("”", end, end + width)
    return closing >= 0 and closing - opening <= width + 2


def _next_char(text: str, pos: int, skip: str = _SPACES + _QUOTES) -> str:
    while pos < len(text) and text[pos] in skip:
        pos += 1
    return text[pos] if pos < len(text) else ""


def _prev_char(text: str, pos: int, skip: str = _SPACES + _QUOTES) -> str:
    pos -= 1
    while pos >= 0 and text[pos] in skip:
        pos -= 1
    return text[pos] if pos >= 0 else ""


def _skip_spaces(text: str, pos: int, limit: int) -> int:
    while pos < limit and text[pos] in _SPACES:
        pos += 1
    return pos


def _before_comparator(text: str, start: int, lex: Lexicon) -> tuple[str, str]:
    """Return (comparator, words) from the text right before a number, skipping adverbs."""
    window = text[max(0, start - 14) : start].rstrip(_SPACES)
    for _ in range(3):  # strip up to three adverbs (分别, 均, 累计 …)
        m = lex.adverb_tail_re.search(window)
        if not m:
            break
        found = _match_tail(window, lex)
        if found:
            return found
        window = window[: m.start()].rstrip(_SPACES)
    return _match_tail(window, lex) or ("=", "")


def _match_tail(window: str, lex: Lexicon) -> tuple[str, str] | None:
    for words, comp in lex.before_comparator:
        if window.endswith(words):
            return comp, words
    return None


@data_cache
def _clock() -> re.Pattern[str]:
    """An hour right before a number of minutes (15时30分, 15時30分; 時 is read as 时)."""
    return re.compile(rf"\d\s*(?:{cues().alt('dates.clock_hours')})\s*$")


def find_mentions(text: str, start: int = 0, end: int | None = None) -> list[Mention]:
    """Return the numbers with units in ``text[start:end]`` that may be targets."""
    lex = lexicon()
    end = len(text) if end is None else end
    out: list[Mention] = []
    for m in _TOKEN.finditer(text, start, end):
        mention = _read(text, m, end, lex)
        if mention is not None:
            out.append(mention)
    doubled = [_doubling(m) for m in _doublings().finditer(text, start, end)]
    return sorted(out + doubled, key=lambda mm: mm.start) if doubled else out


@data_cache
def _doublings() -> re.Pattern[str]:
    return re.compile(cues().alt("subjects.doublings"))


def _doubling(m: re.Match[str]) -> Mention:
    """翻一番 (×2), 翻两番 (×4): a relative target with no digit; the phrase is the number."""
    times = 2 ** int(parse_numeral(m.group(1)).value)  # 一 → ×2, 两 → ×4, 三 → ×8
    return Mention(m.start(), m.end(), m.group(0), float(times), None, 0, m.group(0)[-1], "ratio",
                   "=", "", m.end(), True)


def _read(text: str, m: re.Match[str], limit: int, lex: Lexicon) -> Mention | None:
    tok = m.group(0)
    s, e = m.start(), m.end()
    if _prev_char(text, s, _SPACES) == "第":
        return None  # ordinal: 第7次, 第一批
    if _next_char(text, e) in _PLUS or _prev_char(text, s) in _PLUS:
        return None  # slogans: 4+4, 3+3+N, 1+N, 5+n
    if _inside_brackets(text, s):
        return None
    if _quoted_slogan(text, s, e):
        return None
    if m.group("ratio"):
        return _ratio(text, m, limit)
    chinese = not _ASCII_DIGITS.search(tok)
    if not chinese and s and _LATIN.match(text[s - 1]):
        return None  # part of a code or notation, not an amount: 1e400件, GB/T29490, ISO9001
    if _PADDED.match(tok):
        return None  # 000件 of 4\u03035\u0303000件, 00件 of 45\x0000件: the tail of a broken number
    if chinese and tok in _LONE_MAGNITUDES:
        return None
    pos = _skip_spaces(text, e, limit)
    approx_inner = ""
    if pos < limit and text[pos] in "余多":  # 100余家, 100多家
        approx_inner = text[pos]
        pos += 1
    if lex.non_target_unit_re.match(text, pos):
        return None
    if any(text.endswith(w, 0, s) for w in lex.raw["copies_before"]):
        return None  # 一式3份: copies of a form
    um = lex.unit_re.match(text, pos)
    if not um:
        return None
    unit_zh = um.group(0)
    if lex.unit_codes[unit_zh] == "points" and _clock().search(text, max(0, s - 6), s):
        return None  # 15时30分: a clock time, no score
    if unit_zh == "个" and any(text.startswith(w, um.end()) for w in lex.raw["duration_after_ge"]):
        return None
    if chinese:
        if not lex.cn_unit_re.match(text, pos):
            return None
        if lex.vague_re.match(text, pos) or lex.vague_re.match(text, um.end()):
            return None
    if m.group("range"):
        lo, hi = parse_range(tok)
        value, value_high, mult = lo.value, hi.value, hi.unit_mult
        if lo.unit_mult and lo.unit_mult != hi.unit_mult:
            value = lo.value * 10 ** (lo.unit_mult - hi.unit_mult)
    else:
        n = parse_numeral(tok)
        value, value_high, mult = n.value, None, n.unit_mult
    if not all(is_finite(Numeral(v, mult)) for v in (value, value_high) if v is not None):
        return None  # OVERFLOW_REASON: inf is no target
    end_all = um.end()
    comparator, words = "=", ""
    after = _skip_spaces(text, end_all, limit)
    for w, comp in lex.after_comparator:
        if text.startswith(w, after):
            comparator, words, end_all = comp, w, after + len(w)
            break
    if approx_inner and comparator == "=":
        comparator, words = ">=", approx_inner
    if comparator == "=":
        comparator, words = _before_comparator(text, s, lex)
    if comparator == "=" and not words:
        floor = _FLOOR_BEFORE_VERB.search(text, max(0, s - 10), s)
        if floor:  # 至少培育10家: the floor word stands before the verb
            comparator, words = ">=", floor.group(0)
        if words.startswith("达") or words in ("为",) or words.endswith("到") or words.endswith("至"):
            comparator = "="
    if value_high is not None:
        comparator = "range"
    return Mention(
        s, e, tok, value, value_high, mult, unit_zh, lex.unit_codes[unit_zh], comparator, words,
        end_all, chinese,
    )


def _ratio(text: str, m: re.Match[str], limit: int) -> Mention | None:
    tok = m.group(0)
    if "∶" not in tok:
        around = text[max(0, m.start() - 6) : m.end() + 6]
        if "比例" not in around and "配套" not in around:
            return None  # 10:30 or a colon after a label
    a, b = (float(x) for x in re.split(r"\s*[∶:：]\s*", tok))
    if a == 0:
        return None
    # a∶b is recorded as the multiplier b/a (1∶2 → 2: two of the second for one of the first)
    return Mention(
        m.start(), m.end(), tok, round(b / a, 6), None, 0, "比例", "ratio", "=", "", m.end(), False
    )


#: a table cell holding one value: optional 〔〕 (cumulative marks), number, unit, qualifier
VALUE_CELL = re.compile(
    rf"^[〔\[［(（]?\s*(?P<num>{NUMERAL_PATTERN})\s*[〕\]］)）]?\s*(?P<unit>[^\d\s]{{0,4}}?)\s*"
    r"(?P<qual>以上|及以上|以下|以内|左右|多)?$"
)


def parse_unit(unit_text: str) -> tuple[int, str, str] | None:
    """Read a written unit such as '万件', '亿元', '%', '家' as (unit_mult, unit_zh, unit code)."""
    lex = lexicon()
    s = unit_text.strip(_SPACES + "（）()")
    mult = 0
    for ch, m in (("万亿", 12), ("万", 4), ("萬", 4), ("亿", 8), ("億", 8), ("千", 3)):
        if s.startswith(ch) and len(s) > len(ch):
            mult, s = m, s[len(ch) :]
            break
    um = lex.unit_re.fullmatch(s)
    return (mult, s, lex.unit_codes[s]) if um else None


def cell_mention(text: str, start: int, end: int, unit_hint: str | None) -> Mention | None:
    """Read a table cell holding a bare value, its unit taken from the cell or from ``unit_hint``."""
    m = VALUE_CELL.fullmatch(text[start:end])
    if not m:
        return None
    lex = lexicon()
    unit = parse_unit(m.group("unit")) if m.group("unit") else None
    if unit is None and unit_hint:
        unit = parse_unit(unit_hint)
    if unit is None:
        return None
    mult, unit_zh, code = unit
    n = parse_numeral(m.group("num"))
    if not is_finite(Numeral(n.value, n.unit_mult or mult)):
        return None  # OVERFLOW_REASON: inf is no target
    comparator, words = "=", ""
    qual = m.group("qual")
    if qual:
        words = qual
        comparator = next((c for w, c in lex.after_comparator if w == qual), "=")
    return Mention(
        start + m.start("num"), start + m.end("num"), m.group("num"), n.value, None,
        n.unit_mult or mult, unit_zh, code, comparator, words, end,
        not _ASCII_DIGITS.search(m.group("num")),
    )

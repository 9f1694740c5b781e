"""The text's own date: when it was written, read from the text or given with it.

Decisions (what the module promises)
    A document has one date of writing. In order of trust: the date the user gives
    (``extract_targets(text, date=...)``, ``ipcompare targets --date``), the registry's ``issued``
    date, then the text itself: a publication field (发布时间：2021-01-18, 发布日期), a byline near
    the top (a short line with a full date and 来源/作者/记者…, or a line that is only a date),
    a news dateline (本报讯 6月29日, its year from the nearest full date), and last the issue date
    standing alone on one of the last lines (above an official document's seal). Only the head
    (first 600 characters) and the last five lines are read, so the cost does not grow with the
    text. Cue words are in ``data/cues.yaml`` (``dates``). A date is ISO ``YYYY-MM-DD``; the
    reader takes its year as the line between past (achievements, baselines) and future.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from ..caching import data_cache
from ..errors import DocumentError
from ..vocab.lexicon import cues
from .years import simplified, uses_roc_years

HEAD = 600
TAIL_LINES = 5
SOURCES = ("given", "registry", "published", "byline", "dateline", "signature")
"""Where a document date comes from, most trusted first."""

_FULL = r"((?:19|20)\d\d)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)\s*日?"
_FULL_RE = re.compile(_FULL)
_MONTH_DAY = re.compile(r"(?<!\d)(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_ISO = re.compile(r"^((?:19|20)\d\d)-(\d{1,2})-(\d{1,2})$")
_PERIOD = re.compile(r"^\s*((?:19|20)\d\d)\s*(?:-|—|–|~|～|至|到)\s*((?:19|20)\d\d)\s*$")


@dataclass(frozen=True)
class DocDate:
    """A document's date of writing (ISO ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``) and where it was found."""

    date: str
    source: str

    @property
    def year(self) -> int:
        """The year of the date."""
        return int(self.date[:4])


def _iso(y: str | int, m: str | int, d: str | int) -> str | None:
    """``YYYY-MM-DD`` of a plausible date, else None."""
    try:
        day = datetime.date(int(y), int(m), int(d))
    except ValueError:
        return None  # 2021-02-30, month 13 …
    return day.isoformat() if 1949 <= day.year <= 2100 else None


@data_cache
def _published() -> re.Pattern[str]:
    c = cues()
    return re.compile(
        rf"(?:{c.alt('dates.published_verbs')})(?:{c.alt('dates.published_nouns')})"
        rf"\s*[:：]?\s*{_FULL}"
    )


def _first_full(s: str) -> str | None:
    for m in _FULL_RE.finditer(s):
        iso = _iso(*m.groups())
        if iso:
            return iso
    return None


def is_byline(line: str) -> bool:
    """Is a stripped line a byline: short, no full stop, a full date and a word of a byline
    (来源, 作者, 记者, 浏览 …)?"""
    if len(line) > 80 or "。" in line:
        return False
    m = _FULL_RE.search(line)
    return bool(m and _iso(*m.groups()) and cues().regex("dates.byline_words").search(line))


_ROC_DATE = re.compile(
    r"(?<!\d)(1[01]\d)(\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日|(?!\s*\d))"
    r"|[-/.]\d{1,2}[-/.]\d{1,2}(?!\d))"
)
_YEAR_MONTH_END = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*年\s*(\d{1,2})\s*月$")
_BRACKETED = r"(?:[（(][^（()）\n]{0,40}[）)])?"
"""A byline in brackets between a dateline mark and its date: 本报讯（记者 某某）6月30日"""


def find_date(text: str) -> DocDate | None:
    """The date a text gives itself (publication field, byline, dateline, issue date), or None;
    a text dated by the Republic of China (民國113年5月1日, 113-05-01) in the Western calendar."""
    if len(text) > HEAD + 400:
        text = text[:HEAD] + "\n" + text[-400:]  # only the head and the last lines are read
    text = simplified(text)  # 發布日期 reads as 发布日期
    if uses_roc_years(text):
        text = "\n".join(
            _ROC_DATE.sub(lambda m: f"{int(m.group(1)) + 1911}{m.group(2)}", part)
            for part in (text[:HEAD], text[-400:])
        )
    head = text[:HEAD]
    for m in _published().finditer(head):
        iso = _iso(m.group(1), m.group(2), m.group(3))
        if iso:
            return DocDate(iso, "published")
    c = cues()
    byline = c.regex("dates.byline_words")
    lines = head.split("\n")
    for i, line in enumerate(lines[:12]):
        s = line.strip().strip("（）()")  # （2021年6月18日印发）: the issue date under the title
        if not s or len(s) > 80 or "。" in s:
            continue
        m = _FULL_RE.search(s)
        if not m or not _iso(*m.groups()):
            continue
        bare = not s[: m.start()].strip() and len(s) - m.end() <= 24
        if (i > 0 or bare) and (bare or byline.search(s)):
            return DocDate(_iso(*m.groups()) or "", "byline")
        if i == 0 and c.regex("dates.masthead_words").search(s):
            return DocDate(_iso(*m.groups()) or "", "byline")  # 某日报 2024年03月13日 第05版
    for line in lines[1:4]:  # 某县政府　2021年3月: a month-only date closing a line under the title
        s = line.strip().strip("（）()")
        ym = _YEAR_MONTH_END.search(s) if len(s) <= 40 and "。" not in s else None
        if ym and not c.regex("dates.due_prefixes").search(s[max(0, ym.start() - 3) : ym.start()]):
            iso = _iso(ym.group(1), ym.group(2), 1)
            if iso:
                return DocDate(iso[:7], "byline")
    dateline = re.search(
        rf"(?:{c.alt('dates.dateline_marks')})\s*{_BRACKETED}\s*{_MONTH_DAY.pattern}", head
    )
    if dateline:
        full = _first_full(text[: HEAD * 2])
        if full:
            iso = _iso(full[:4], dateline.group(1), dateline.group(2))
            if iso:
                return DocDate(iso, "dateline")
    tail = [ln.strip() for ln in text[-400:].split("\n") if ln.strip()][-TAIL_LINES:]
    for s in reversed(tail):
        m = _FULL_RE.search(s)
        if m and len(s) <= 80 and "。" not in s and _iso(*m.groups()):
            if m.start() == 0 and len(s) <= 20:
                return DocDate(_iso(*m.groups()) or "", "signature")
            if byline.search(s):
                return DocDate(_iso(*m.groups()) or "", "byline")
        cn = _CN_DATE.match(s)
        if cn and len(s) <= 20:
            iso = _chinese_date(cn)
            if iso:
                return DocDate(iso, "signature")
    return None


_CN_DIGITS = "〇一二三四五六七八九"
_CN_DATE = re.compile(
    r"([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月(?:([一二三四五六七八九十]{1,3})日)?"
)


def _cn_small(s: str) -> int:
    """一 … 三十一 as an int."""
    if "十" not in s:
        return _CN_DIGITS.index(s) if len(s) == 1 else 0
    tens, _, ones = s.partition("十")
    return (_CN_DIGITS.index(tens) if tens else 1) * 10 + (_CN_DIGITS.index(ones) if ones else 0)


def _chinese_date(m: re.Match[str]) -> str | None:
    """二〇二四年三月(十八日) as 2024-03(-18)."""
    year = int("".join(str(_CN_DIGITS.index("〇" if c == "零" else c)) for c in m.group(1)))
    month = _cn_small(m.group(2))
    if m.group(3):
        return _iso(year, month, _cn_small(m.group(3)))
    full = _iso(year, month, 1)
    return full[:7] if full else None


def parse_date(value: object) -> str:
    """A date given by the user as ISO ``YYYY-MM-DD`` (a clear error otherwise)."""
    m = _ISO.match(str(value).strip()) if value is not None else None
    iso = _iso(*m.groups()) if m else None
    if iso is None:
        raise DocumentError(f"date {value!r} is not a date YYYY-MM-DD (e.g. 2016-06-30)")
    return iso


def parse_period(value: object) -> tuple[int, int]:
    """A plan period given as ``2021-2025`` (or a pair of years): (start, end), start <= end."""
    if isinstance(value, tuple | list) and len(value) == 2:
        value = f"{value[0]}-{value[1]}"
    m = _PERIOD.match(str(value)) if value is not None else None
    if not m or int(m.group(1)) > int(m.group(2)):
        raise DocumentError(
            f"period {value!r} is not a period YYYY-YYYY with start <= end (e.g. 2021-2025)"
        )
    return int(m.group(1)), int(m.group(2))


def document_date(text: str, given: object = None, issued: object = None) -> DocDate | None:
    """The document's date: the one given, else the registry's ``issued`` (a full date), else
    the one the text gives itself."""
    if given is not None and str(given).strip():
        return DocDate(parse_date(given), "given")
    if issued is not None:
        m = _ISO.match(str(issued).strip())
        iso = _iso(*m.groups()) if m else None
        if iso:
            return DocDate(iso, "registry")
        if re.fullmatch(r"(?:19|20)\d\d", str(issued).strip()):
            return DocDate(str(issued).strip(), "registry")  # the registry knows the year only
    return find_date(text)

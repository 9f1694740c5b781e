"""Years and periods of a plan text: due dates (到2025年), bare years, dated phases, the plan period.

Decisions (what the module promises)
    A year is written 2020 or, in a text dated by the Republic of China (中華民國111年), as a
    short number before 年 (114年 = 2025): :func:`gregorian` maps both to the Western calendar
    and drops a short number in a text that does not use ROC years. A due date is a year after
    到/至/于 … (``year_due_prefixes`` in ``data/cues.yaml``), never after 截至/截止到 (a stock
    taken at a past date). The plan period comes from the title lines (2018—2020年), else from a
    five-year plan the title names (“十四五”), else from a one-year title (2025年…工作要点),
    else from the most frequent due date. :func:`simplified` maps traditional characters one for
    one, so every offset found on the simplified text is valid in the original.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..caching import data_cache
from ..vocab.lexicon import cues, lexicon
from ..vocab.taxonomy import load_taxonomy

# a year: 2020, or a Republic-of-China year (114年 = 2025) where the text dates itself so
_Y = r"(20\d\d|1[01]\d(?=\s*年))"
#: a bare year (2021年, not inside a document number 〔2021〕 nor the start of a span 2021—2023年)
YEAR_BARE = re.compile(rf"(?<![\d〔（(]){_Y}\s*年(?![\d月]*[—\-~～至到]\s*(?:20\d\d|1[01]\d))")
#: a parenthesised phase naming a year: (2017年7月—2018年6月)
PHASE = re.compile(r"[（(]([^（()）]{0,30}?20\d\d[^（()）]{0,30}?)[)）]")
#: any year inside a phase
YEAR = re.compile(r"20\d\d|1[01]\d(?=年)")
_PERIOD = re.compile(r"(20\d\d|1[01]\d(?=年))\s*(?:年)?\s*[—–\-~～至到]+\s*(20\d\d|1[01]\d(?=年))\s*年?")
# a year in a title that is not a due date (2025年工作要点, not 到2023年…达到)
_TITLE_YEAR = re.compile(r"(?<![到至\d])(20\d\d)\s*年(?:度)?(?=[^\d—\-~～至到]|$)")


@data_cache
def year_future() -> re.Pattern[str]:
    """The due-date regex: a due word and a year (到2025年); group 1 is the year as written."""
    c = cues()
    return re.compile(rf"{c.not_after('dates.due_not_after')}(?:{c.alt('dates.due_prefixes')})\s*{_Y}\s*年")


@data_cache
def published() -> re.Pattern[str]:
    """The publication date of a web page (发布时间 2021-01-18); group 1 is the year."""
    c = cues()
    return re.compile(rf"(?:{c.alt('dates.published_verbs')})(?:{c.alt('dates.published_nouns')})"
                      r"\s*[:：]?\s*(20\d\d)")


@data_cache
def _not_title() -> re.Pattern[str]:
    """What makes a first line prose rather than a title: sentence punctuation, a due date."""
    return re.compile(rf"[，,。；]|(?:{cues().alt('dates.title_due_words')})\s*20\d\d")


@dataclass
class Context:
    """What the extractor knows about the document being read."""

    document: str
    jurisdiction: str
    period_start: int | None
    period_end: int | None
    roc: bool = False
    doc_date: str | None = None  # the text's own date (extract/dating.py), ISO
    doc_date_source: str | None = None

    @property
    def doc_year(self) -> int | None:
        """The year the document was written: its date's, else a one-year plan's year."""
        if self.doc_date:
            return int(self.doc_date[:4])
        if self.period_start is not None and self.period_start == self.period_end:
            return self.period_start
        return None


def simplified(text: str) -> str:
    """Map traditional characters to simplified ones, one for one, so offsets are unchanged
    (the taxonomy's character table: its own pairs over OpenCC's)."""
    out = text.translate(load_taxonomy().char_table)
    return out if len(out) == len(text) else text


def gregorian(year: str | int, roc: bool) -> int | None:
    """A year as written (2020, or 114 in a text dated by the Republic of China) in the Western
    calendar; None for a short number in a text that does not use ROC years."""
    y = int(year)
    if y >= 1900:
        return y
    return y + 1911 if roc else None


def uses_roc_years(text: str) -> bool:
    """Does the text date itself by the Republic of China calendar (中華民國111年)?"""
    return bool(cues().regex('dates.roc_marks').search(text[:800]))


def infer_period(text: str, written: int | None = None) -> tuple[int | None, int | None]:
    """Infer a plan's period from its title lines (2018—2020年, “十四五”), else from 到YYYY年;
    a period that ended before the year the text was written (``written``) is not its plan's."""
    head = simplified(text[:400])
    roc = uses_roc_years(text)
    m = _PERIOD.search(head)
    if m:
        a, b = gregorian(m.group(1), roc), gregorian(m.group(2), roc)
        if a and b and a <= b and (written is None or b >= written):
            return a, b
    title = head[:120]
    past = {m.group(1) for m in lexicon().five_year_past_re.finditer(title)}  # “十三五”以来: the past
    found = {n: re.search(rf"(?<![一二三四五六七八九十两第]){n}(?!五)", title)
             for n in lexicon().five_year_plans}  # 十五 is not the head of 十五五
    named = [(f.start(), lexicon().five_year_plans[n]) for n, f in found.items()
             if f and n not in past and (written is None or lexicon().five_year_plans[n][1] >= written)]
    if named:
        return min(named)[1]  # the plan the title names first
    first = title.split("\n", 1)[0]
    years = {gregorian(y, roc) for y in _TITLE_YEAR.findall(first)}
    is_title = len(first) <= 60 and not _not_title().search(first)
    if is_title and len(years) == 1 and None not in years:
        year = years.pop()
        return year, year  # 2025年全市知识产权工作要点: a plan for one year
    years = [gregorian(y, roc) for y in year_future().findall(simplified(text))]
    years = [y for y in years if y]
    if years:
        return None, max(set(years), key=years.count)
    return None, None

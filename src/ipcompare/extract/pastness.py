"""Past or to come, for one number: an aside dated before the plan, a change on last year.

Decisions (what the module promises)
    A number in a parenthesis opened before it in the same clause and carrying a past cue or a
    year before the reference year (达到2.6万件（2023年底为1.92万件）) is the past. A change on
    last year (同比增长20%, ``subjects.year_on_year`` in ``data/cues.yaml``) reports an
    achievement in a review, but is a relative target in a line that has already stated targets
    (今年的主要目标是：…；发明专利授权量同比增长20%); the reader decides which line it is in.
    A count of places followed by 各 (8个县（区）各建成…) counts places that exist, not a target.
    Each looks only a few characters around the number, so the cost stays linear.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..caching import data_cache
from ..vocab.lexicon import Lexicon, cues
from . import segment as seg
from .mentions import Mention
from .subjects import TRIM
from .years import YEAR_BARE, Context, gregorian, published, year_future


@data_cache
def places_then_each() -> re.Pattern[str]:
    """The places a count counts, then 各 (8个县（区）各建成1个…): the count is of existing places."""
    c = cues()
    places = f"{c.alt('agency_levels.place_suffixes')}|{c.alt('scope.place_suffixes')}"
    return re.compile(
        rf"[^\s，。；、：,;:]{{0,4}}?(?:{places})(?:[（(][^（()）]{{0,6}}[)）])?\s*各"
    )


@data_cache
def year_on_year() -> re.Pattern[str]:
    """A change on last year closing the words before a number (同比增长, 比上年提高)."""
    c = cues()
    return re.compile(
        rf"(?:{c.alt('subjects.year_on_year')})\s*(?:{c.alt('subjects.change_verbs')})\s*$"
    )


def in_past_parenthesis(
    text: str,
    m: Mention,
    cl: seg.Span,
    lex: Lexicon,
    ref: int | None,
    year_of: Callable[[str], int | None],
) -> bool:
    """A number in an aside dated before the plan: 达到2.6万件（2023年底为1.92万件）."""
    opened = max(text.rfind("（", cl.start, m.start), text.rfind("(", cl.start, m.start))
    if opened < 0 or max(text.rfind("）", opened, m.start), text.rfind(")", opened, m.start)) >= 0:
        return False
    aside = text[opened + 1 : m.start]
    if lex.past_cue_re.search(aside):
        return True
    for ym in YEAR_BARE.finditer(aside):
        year = year_of(ym.group(1))
        if (
            year is not None
            and ref is not None
            and year < ref
            and not year_future().search(aside[: ym.end()])
        ):
            return True
    return False


class TimeFrame:
    """The text's own time: the year before which dated figures are achievements (the plan's
    first year, else the text's own date, else a 发布时间 near the top, else the plan's last
    year; found once per document), and sentences read as past or future against it."""

    def __init__(self, text: str, ctx: Context, lex: Lexicon):
        self.ctx, self.lex = ctx, lex
        self.known = ctx.period_start is not None or ctx.doc_year is not None
        if ctx.period_start is not None:
            self.ref: int | None = ctx.period_start
        elif ctx.doc_year is not None:
            self.ref = ctx.doc_year  # the text's own date (extract/dating.py)
        else:
            m = published().search(text[:600])
            self.ref = int(m.group(1)) if m else ctx.period_end

    def year(self, written: str | int) -> int | None:
        """A year as written, in the Gregorian calendar (ROC years converted)."""
        return gregorian(written, self.ctx.roc)

    def before(self, year: int | None) -> bool:
        """Is a year before the text's own date or its plan's start (when either is known)?"""
        return self.known and year is not None and self.ref is not None and year < self.ref

    def past_sentence(self, sentence: str) -> bool:
        """A sentence reporting an achievement or a baseline (2019年…达到, 截至, 同比 …)."""
        start = self.ctx.period_start
        sentence = seg.drop_enumerator(sentence.lstrip(TRIM))  # （一）知识产权局于2020年…
        bare = YEAR_BARE.match(sentence) or YEAR_BARE.search(sentence[:12])
        if bare:
            year = self.year(bare.group(1))
            dated = year_future().search(sentence[: bare.end() + 2])
            # a bare year before the plan (2019年，…), or 于/在 a year before its first year
            # (厦门于2019年入选…); 到 a year is a due date, unless it is earlier than the
            # text's own date or its plan's start: a stock taken then (至2023年年底…达19.6件
            # in a 2024 work plan)
            if year is not None and self.ref is not None and year < self.ref and (
                    not dated or self.known):
                return True
        if self.lex.past_cue_re.match(sentence.lstrip(TRIM)):
            return True  # 过去五年，… / 去年，… / 截至…: the sentence reports what was done
        dues = [self.year(ym.group(1)) for ym in year_future().finditer(sentence)
                if ym.group(0)[0] not in "于在"]  # 在2022年基础上: a base, not a due date
        dues = [y for y in dues if y is not None]
        if dues and self.before(max(dues)):
            return True  # every year it is due by is before the text's date: 增长到2015年的… in 2016
        fp = self.lex.five_year_past_re.search(sentence[:16] if start is not None else sentence[:40])
        return bool(fp and self.before(self.lex.five_year_plans[fp.group(1)][1]))

    def future_cue(self, text: str) -> bool:
        """A cue of things to come (到20…, 力争, 期间 …), not counting the 期间 of an earlier
        five-year plan (“十三五”期间 in a plan starting 2021 is the past), nor a due year before
        the text's own date (增长到2015年 in a report of 2016)."""

        def drop_past(m: re.Match) -> str:
            return "" if self.before(self.lex.five_year_plans[m.group(1)][1]) else m.group(0)

        def drop_before(m: re.Match) -> str:  # 增长到2015年 in a text of 2016: no future
            return "" if self.before(self.year(m.group(1))) else m.group(0)

        text = year_future().sub(drop_before, self.lex.five_year_past_re.sub(drop_past, text))
        return bool(self.lex.future_cue_re.search(text))

"""Read one document line by line, sentence by sentence, clause by clause: which numbers are
targets, of what subject, due when.

Decisions (what the module promises)
    A number with a unit is a target unless a reason says otherwise (:meth:`_Reader._not_a_target`:
    a baseline, an achievement, a count of existing units, the plan's own structure, a per-item
    policy parameter). For each number, three choices are made in this order, each by its own
    step of :meth:`_Reader._read_clause`:

    1. the subject(s) (:meth:`_Reader._subjects_for`): the list before 分别 taken in order, else
       the words before the number, else the words after it, else the subject of the number
       before; money and ratios name what they fund after the number;
    2. the year (:meth:`_Reader._year_for`): a dated phase of the line, else the nearest due year
       written before the number (or a plan year opening the sentence), else the sentence's or
       line's due year, else the end of the plan;
    3. the status (:meth:`_Reader._status_for`): ``milestone`` for a dated phase or a due year
       before the end of the plan, else ``stated``.

    Sentences reporting achievements (a past year, 截至, 去年 …) are skipped until a cue of the
    future; a paragraph of achievements runs on until one. Tables are read after the prose
    (:mod:`ipcompare.extract.tables`), so a roadmap row can find the target its label states.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace

from ..caching import data_cache
from ..vocab.lexicon import MONEY_UNITS, cues, lexicon
from . import segment as seg
from .mentions import VALUE_CELL, Mention, find_mentions
from .pastness import TimeFrame, in_past_parenthesis, places_then_each, year_on_year
from .subjects import (
    TRIM,
    Row,
    Subject,
    after_subject,
    ends_with_verb,
    has_verb,
    is_baseline,
    is_time_words,
    measure_of,
    nearest_verb_is_creation,
    respective_parts,
    shared_subjects,
    split_after_list,
    strip,
    strip_connectors,
    strip_predicate,
)
from .tables import grid_rows, milestone_rows
from .years import PHASE, YEAR, YEAR_BARE, Context, year_future

_Fenbie = tuple[list[str], Mention]  # the subjects listed before 分别, and the first number after it


@data_cache
def _relative_change() -> re.Pattern[str]:
    """A clause restating the target before it as a change on a base (比2023年增长50%,
    较上年提高5个百分点)."""
    c = cues()
    return re.compile(rf"^(?:{c.alt('subjects.compare_words')})\s*(?:{c.alt('subjects.relative_bases')})"
                      rf"[^，。；]{{0,6}}?(?:{c.alt('subjects.change_verbs')})")


@data_cache
def _lead_ratio() -> re.Pattern[str]:
    """The ratio noun right after a ratio (1∶1的比例)."""
    return re.compile(rf"^(?:的)?(?:{cues().alt('subjects.ratio_nouns')})")


@data_cache
def _plan_year() -> re.Pattern[str]:
    """A bare year followed within a few characters by a verb of planning (2016年全市将…,
    2012年全市知识产权工作要…); group 1 is the year."""
    return re.compile(YEAR_BARE.pattern + rf"(?=[^，。；,;、\d]{{0,10}}?(?:{cues().alt('dates.plan_year_verbs')}))")


@data_cache
def _absolute_after() -> re.Pattern[str]:
    """Right after a relative target, the same quantity stated absolutely (，达到4000件)."""
    return re.compile(rf"\s*[，,]\s*(?:{cues().alt('subjects.absolute_after_relative')})\s*[\d一二三四五六七八九十两]")


@data_cache
def _one_year() -> re.Pattern[str]:
    """A one-year cue (全年, 今年, 年内, 本年度): a target of the document's own year."""
    return cues().regex("dates.one_year_cues")


@dataclass
class _Sentence:
    """What is known while reading one sentence with numbers in it."""

    span: seg.Span
    section: str
    line_year: int | None
    phase: bool
    past: bool  # the sentence reports achievements (until a future cue in it)
    due_year: int | None  # the sentence's first due year (到2025年)
    marks: list[tuple[int, int | None]]  # (offset, year) of every year the sentence dates
    rows_before: int  # rows read before the sentence
    future_seen: bool = False
    last_subject: Subject | None = None


class _Reader:
    """Reads one document; holds the per-document state (context, lexicon, sections)."""

    def __init__(self, text: str, ctx: Context):
        self.text = text
        self.ctx = ctx
        self.lex = lexicon()
        self.lines = seg.lines(text)
        self.paths = seg.section_paths(self.lines)
        self.rows: list[Row] = []
        self.goal_line = False  # a sentence before, in the same line, stated targets
        self.time = TimeFrame(text, ctx, self.lex)  # past and future against the text's date

    # -- years -------------------------------------------------------------------------------
    def _line_year(self, line: seg.Line) -> tuple[int | None, bool]:
        """A year governing a whole line: a dated phase '(2017年7月?2018年6月)' or '到2020年' lead."""
        head = line.text[:60]
        pm = PHASE.search(head)
        if pm:
            years = [y for y in (self._year(w) for w in YEAR.findall(pm.group(1))) if y]
            start, end = self.ctx.period_start, self.ctx.period_end
            # (2022—2024年) spanning the whole plan period names the plan, not a phase of it
            whole = (start is not None and end is not None and end > start and years
                     and min(years) <= start and max(years) >= end)
            if years and "年" in pm.group(1) and not whole:
                return max(years), True
        fm = year_future().search(line.text[:20])
        if fm and self._year(fm.group(1)) and not self.time.before(self._year(fm.group(1))):
            return self._year(fm.group(1)), False  # (至2021年年底 in a text of 2022 dates a stock)
        return None, False

    def _year(self, written: str) -> int | None:
        return self.time.year(written)

    def _lead_year(self, sentence: str) -> int | None:
        """A plan year opening a sentence ('2021年，全省…达到…'): the year its targets are due."""
        bare = YEAR_BARE.match(sentence.lstrip(TRIM))
        year = self._year(bare.group(1)) if bare else None
        if year is None:
            return None
        start, end = self.ctx.period_start, self.ctx.period_end
        if (start is not None and year < start) or (end is not None and year > end):
            return None
        return year

    def _money_subject(self, m: Mention, nxt: int, subj_b: str, subjects: list[Subject]) -> list[Subject]:
        """Money and ratios name what they fund after the number: 投入2亿元资金作为引导基金,
        规模不低于2000万元的…风险补偿专项资金, 按照1∶1的比例配套资金."""
        text, lex = self.text, self.lex
        after, a0, a1 = after_subject(text, m.end_all, nxt)
        if not after or not (m.unit == "ratio" or cues().regex("subjects.fund_nouns").search(after)):
            return subjects
        lead = _lead_ratio().match(after)
        if lead:
            after, a0 = after[lead.end() :], a0 + lead.end()
        head = lex.creation_head_re.match(after)
        if head and len(after) > head.end() + 1:
            after, a0 = after[head.end() :], a0 + head.end()
        if len(after) <= 2 and subj_b:  # 中央财政支持2亿元资金: whose money it is comes first
            owner = lex.creation_tail_re.sub("", lex.object_verb_tail_re.sub("", subj_b))
            s0 = text.rfind(owner, 0, m.start) if owner else -1
            return [(owner + after, s0, a1)] if owner else [(after, a0, a1)]
        return [(after, a0, a1)]

    def _not_a_target(self, m: Mention, cl: seg.Span, sent: seg.Span) -> bool:
        """Reasons a number with a unit is not a commitment: a baseline, an achievement, a count
        of existing units, the plan's own structure, a per-item policy parameter."""
        lex, text = self.lex, self.text
        before = text[sent.start : m.start]
        past_at = max(
            [mm.end() for mm in lex.past_cue_re.finditer(before)]
            + [mm.end() for mm in lex.past_le_re.finditer(before)],
            default=-1,
        )
        future_at = max((mm.end() for mm in lex.future_cue_re.finditer(before)), default=-1)
        if past_at > future_at:
            # 到2025年…由去年的31.5件提高到40件: the past cue dates the base, not the number
            # written right after the verb of change
            verb = lex.baseline_after_re.search(before, max(past_at, 0))
            if not (future_at >= 0 and verb and not before[verb.end() :].strip()) and not (
                    self.goal_line and year_on_year().search(before)):
                return True  # (…主要目标是：…；授权量同比增长20%: a relative target, not a result)
        if future_at < 0:  # …达到1.8万件，同比增长12%，到2022年…: a past cue later in the same stretch
            rest = text[m.end_all : sent.end]
            fut = lex.future_cue_re.search(rest)
            stretch = rest[: fut.start()] if fut else rest
            if lex.past_cue_re.search(stretch):
                return True
        if is_baseline(text, m, cl, lex) or lex.baseline_context_re.search(text, m.end_all, cl.end):
            return True
        if m.chinese and lex.present_verb_re.search(text, cl.start, m.start):
            return True
        if lex.existing_scope_re.search(strip(text[max(cl.start, m.start - 4) : m.start])):
            return True
        after = m.end_all
        for skip in (0, 1, 2):  # 三个方面, 五大行动: the noun right after, in the same clause
            if after + skip >= cl.end or re.search(r"[。；;！？，,、：:]", text[after : after + skip + 1]):
                break
            if lex.structure_noun_re.match(text, after + skip):
                return True
        if m.unit in MONEY_UNITS and lex.incentive_re.search(text, cl.start, m.start):
            return True
        if m.unit == "percent" and (lex.incentive_re.match(text, m.end_all)
                                    or lex.incentive_re.search(text, cl.start, m.start)):
            return True  # 按贷款利息的50%给予贴息, 补助比例不超过50%: a rate of support
        if in_past_parenthesis(text, m, cl, lex, self.time.ref, self._year):
            return True
        if places_then_each().match(text, m.end_all):
            return True  # 8个县（区）各建成1个…: the places that exist
        if m.unit in ("ratio", "percentage_points") and _absolute_after().match(text, m.end_all):
            return True  # 翻一番，达到4000件: the absolute figure states the same target
        return m.chinese and m.value == 1 and m.unit_zh == "次"

    # -- main loop ---------------------------------------------------------------------------
    def read(self) -> list[Row]:
        """Every target of the document: prose first, then roadmap rows, then grids."""
        grid_list = seg.grids(self.lines, VALUE_CELL)
        in_grid = {ln.start for g in grid_list for ln in g.lines}
        table_rows = seg.tables([ln for ln in self.lines if ln.start not in in_grid])
        cell_ids: set[int] = set()
        for tr in table_rows:
            if tr.years:
                for c in tr.cells[: len(tr.years)]:
                    cell_ids.add(c.start)
        due_openers = cues().words("dates.line_due_openers")
        year_ctx: int | None = None
        in_related = False
        for ln, path in zip(self.lines, self.paths, strict=True):
            if ln.level in (1, 2):
                year_ctx = None
            if self.lex.furniture_re.match(ln.text):
                in_related = True  # 相关新闻 lists and link blocks run on in short lines
                continue
            if in_related and len(ln.text) <= 50 and "。" not in ln.text:
                continue
            in_related = False
            if ln.start in cell_ids or ln.start in in_grid:
                continue
            line_year, phase = self._line_year(ln)
            if line_year is not None and not phase and ln.text.startswith(due_openers):
                year_ctx = line_year
            self._read_line(ln, " / ".join(path), line_year or year_ctx, phase)
        prose = sorted(self.rows, key=lambda r: r.mention.start)  # stable: ties keep their order
        starts = [r.mention.start for r in prose]
        for tr in table_rows:  # a roadmap row's target is a prose number in its label
            if tr.years:
                label = prose[bisect_left(starts, tr.label.start):bisect_left(starts, tr.label.end)]
                self.rows += milestone_rows(self.text, tr, label, self.lex)
        for g in grid_list:
            self.rows += grid_rows(self.text, g, self.ctx, self.lex)
        return self.rows

    def _read_line(self, ln: seg.Line, section: str, line_year: int | None, phase: bool) -> None:
        """Read the sentences of one line; achievements carry on until a cue of the future."""
        if self.lex.furniture_re.match(ln.text):
            return
        past_carry = goals = False
        for sent in seg.sentences(self.text, ln):
            mentions = find_mentions(self.text, sent.start, sent.end)
            past = self.time.past_sentence(sent.text)
            fm = year_future().search(sent.text)
            if past_carry and not past and not (fm or self.time.future_cue(sent.text)):
                past = True  # a paragraph of achievements goes on until a future cue
            past_carry = past  # (2024年全市工作取得新成效。 starts one, though it has no number)
            self.goal_line = goals  # an earlier sentence of the line stated targets
            goals = goals or not past and bool(fm or self.time.future_cue(sent.text))
            if not mentions:
                continue
            st = _Sentence(sent, section, line_year, phase, past,
                           self._year(fm.group(1)) if fm else None,
                           self._year_marks(sent, past), len(self.rows))
            starts = [m.start for m in mentions]  # in text order: a clause's are found by bisection
            for cl in seg.clauses(self.text, sent):
                lo, hi = bisect_left(starts, cl.start), bisect_left(starts, cl.end)
                self._read_clause(st, cl, mentions[lo:hi])

    def _year_marks(self, sent: seg.Span, past: bool) -> list[tuple[int, int | None]]:
        """The years a sentence dates, with their offsets: a plan year opening it, then every
        due year (到2025年) in it."""
        lead_year = None if past else self._lead_year(sent.text)
        marks = [(sent.start, lead_year)] if lead_year is not None else []
        marks += [
            (sent.start + ym.start(), self._year(ym.group(1)))
            for ym in year_future().finditer(sent.text)
            if self._year(ym.group(1))
        ]
        if not past:  # 2016年全市将新增…, …，2025年达到1800次: a year what follows is due in
            lead = [ym for ym in YEAR_BARE.finditer(sent.text)
                    if ym.start() and sent.text[ym.start() - 1] in "，,；;"
                    and self._lead_year(sent.text[ym.start() : ym.start() + 40])
                    and not sent.text.startswith("、", ym.end())]
            marks += [(sent.start + ym.start(), self._year(ym.group(1)))
                      for ym in [*_plan_year().finditer(sent.text), *lead]
                      if self._year(ym.group(1)) and not self.time.before(self._year(ym.group(1)))]
            marks.sort(key=lambda mark: mark[0])
        return marks

    def _read_clause(self, st: _Sentence, cl: seg.Span, cl_mentions: list[Mention]) -> None:
        """Read the numbers of one clause: subjects, then year, then status of each."""
        if _relative_change().match(cl.text) and len(self.rows) > st.rows_before:
            # …达到630亿元，比2023年增长50%: the same target said as a change on a
            # base year, right after its level
            return
        if self.time.future_cue(cl.text):
            st.future_seen = True
        prev_end = cl.start
        fenbie: _Fenbie | None = None
        for i, m0 in enumerate(cl_mentions):
            wcl = seg.around(self.text, cl, m0.start, m0.end_all)  # a runaway clause: its window
            nxt = cl_mentions[i + 1].start if i + 1 < len(cl_mentions) else wcl.end
            subjects, m, fenbie = self._subjects_for(m0, i, cl_mentions, wcl, prev_end, nxt,
                                                     fenbie, st.last_subject)
            after = prev_end if i else cl.start  # the previous number's phrase ends there
            prev_end = max(m.end_all, max(se for _s, _ss, se in subjects))
            st.last_subject = subjects[-1] if subjects[-1][0] else st.last_subject
            if st.past and not st.future_seen:
                continue
            if self._not_a_target(m, wcl, seg.around(self.text, st.span, m.start, m.end_all)):
                continue
            year, dated = self._year_for(m, st)
            self._add_rows(m, subjects, wcl, st, year, self._status_for(year, dated, st.phase),
                           after)

    # -- the three choices ------------------------------------------------------------------
    def _subjects_for(
        self, m: Mention, i: int, cl_mentions: list[Mention], cl: seg.Span, prev_end: int,
        nxt: int, fenbie: _Fenbie | None, last_subject: Subject | None,
    ) -> tuple[list[Subject], Mention, _Fenbie | None]:
        """Choose the subject(s) of the i-th number of a clause: the 分别 list in order, else
        the words before it, else the words after it; money and ratios name what they fund.
        Returns the subjects, the mention (a later number of a 分别 list takes the first one's
        comparator) and the 分别 list found so far."""
        lex, text = self.lex, self.text
        before_raw = text[prev_end : m.start]
        subj_b = strip_connectors(strip_predicate(before_raw, lex))
        if fenbie is None:
            parts = respective_parts(before_raw, lex)
            if parts is not None:
                fenbie = (parts, m)
        subjects: list[Subject]
        if fenbie is not None and i < len(fenbie[0]) and len(fenbie[0]) == len(cl_mentions):
            part = fenbie[0][i]
            s0 = text.find(part, cl.start, m.start)
            subjects = [(part, s0, s0 + len(part))]
            if i and not m.qualifier_zh:
                m = replace(m, comparator=fenbie[1].comparator, qualifier_zh=fenbie[1].qualifier_zh)
        elif len(subj_b) >= 2 and not ends_with_verb(subj_b, lex) and not is_time_words(subj_b):
            subjects, subj_b = self._subjects_before(subj_b, prev_end, m)
        else:
            subjects = self._subjects_after(m, nxt, prev_end, subj_b, last_subject)
        if m.unit in MONEY_UNITS or m.unit == "ratio":
            subjects = self._money_subject(m, nxt, subj_b, subjects)
        return subjects, m, fenbie

    def _subjects_before(self, subj_b: str, prev_end: int, m: Mention) -> tuple[list[Subject], str]:
        """The subject(s) written before a number, without a leading verb of creation (the
        words kept are returned too: money reads its owner from them)."""
        s0 = self.text.rfind(subj_b, prev_end, m.start)
        head = self.lex.creation_head_re.match(subj_b)
        if head and len(subj_b) > head.end() + 1:
            rest = subj_b[head.end() :]
            subj_b = strip(rest)
            s0 += head.end() + (len(rest) - len(rest.lstrip(TRIM)))
        return shared_subjects(subj_b, s0, self.lex), subj_b

    def _subjects_after(self, m: Mention, nxt: int, prev_end: int, subj_b: str,
                        last_subject: Subject | None) -> list[Subject]:
        """The subject written after a number (培育100家…企业), else the one before it in the
        sentence, else whatever words stand before it."""
        after = after_subject(self.text, m.end_all, nxt)
        if after[0]:
            return split_after_list(after, self.lex) if m.unit == "percent" else [after]
        if last_subject:
            return [last_subject]
        if subj_b:
            s0 = self.text.rfind(subj_b, prev_end, m.start)
            return [(subj_b, s0, s0 + len(subj_b))]
        return [("", m.start, m.start)]

    def _year_for(self, m: Mention, st: _Sentence) -> tuple[int | None, bool]:
        """Choose the year a number is due, and whether the text dates it explicitly."""
        before = bisect_right(st.marks, m.start, key=lambda mark: mark[0])  # marks in text order
        if st.phase:
            year = st.line_year
        elif before:
            year = st.marks[before - 1][1]  # the nearest year written before the number
        elif self.ctx.doc_year is not None and _one_year().search(
                self.text, max(st.span.start, m.start - seg.WINDOW), m.start):
            year = self.ctx.doc_year  # 全年, 今年, 年内: the year the text was written
        else:
            year = st.due_year or st.line_year or self.ctx.period_end or self.ctx.doc_year
        return year, st.phase or bool(before)

    def _status_for(self, year: int | None, dated: bool, phase: bool) -> str:
        """``milestone`` for a dated phase or an intermediate year, else ``stated``."""
        end = self.ctx.period_end
        if (phase and year is not None) or (dated and year is not None and end and year < end):
            return "milestone"
        return "stated"

    def _add_rows(self, m: Mention, subjects: list[Subject], cl: seg.Span, st: _Sentence,
                  year: int | None, status: str, after: int = 0) -> None:
        """One row per subject of a number, with its measure and quote (in an over-long clause,
        its own phrase, which starts after the previous number's, ``after``)."""
        lex = self.lex
        clause_before = self.text[cl.start : m.start]
        sentence_before = self.text[max(st.span.start, m.start - seg.WINDOW) : m.start]
        verb_new = nearest_verb_is_creation(clause_before, sentence_before, lex)
        for k, (subj, ss, se) in enumerate(subjects):
            if ss < 0:  # the subject is not verbatim in the text: keep the words only
                ss = se = m.start
            measure = measure_of(subj, clause_before, sentence_before, m, verb_new, lex)
            qs = max(min(cl.start, ss), m.start - seg.WINDOW) if subj else cl.start
            qe = max(cl.end, m.end_all)
            context = (qs, qe)  # the clause (a runaway one: its window)
            if qe - qs > seg.QUOTE_MAX:  # quote the target's own phrase, not the whole clause
                own = seg.phrase(self.text, seg.Span(max(qs, min(after, m.start)), qe, ""), m.start,
                                 m.end_all, (ss, se) if subj and se > ss else None)
                qs, qe = own.start, own.end
            self.rows.append(
                Row(m, subj, ss, se, qs, qe, measure, year, status, k, st.section,
                    extra={"verb": has_verb(clause_before, lex), "context": context})
            )

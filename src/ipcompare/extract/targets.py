"""Extract every quantitative target of a plan text, with its verbatim quote and offsets.

Stages: segment the text (lines, sections, sentences, clauses, tables) → find numbers with units
(:mod:`ipcompare.mentions`) → keep those that are commitments (not dates, baselines, slogans …)
→ read subject, measure, target year → classify on the taxonomy → link restatements.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace

import pandas as pd

from ..caching import data_cache
from ..vocab.lexicon import MONEY_UNITS, Lexicon, lexicon
from ..vocab.taxonomy import classify, load_taxonomy
from . import segment as seg
from .mentions import VALUE_CELL, Mention, cell_mention, find_mentions

_TRIM = " \t\u3000\xa0，,、；;：:。.！!？?（）()“”\"'‘’—-–~～·•*"  # * of **bold** markup
_CONNECTORS = ("或者", "并且", "而且", "以及", "其中", "同时", "并", "和", "及", "与", "或", "且", "等")
# a year: 2020, or a Republic-of-China year (114年 = 2025) where the text dates itself so
_Y = r"(20\d\d|1[01]\d(?=\s*年))"
# 到/至/于 a year, not 截至/截止到 a year (a stock taken at a past date)
_YEAR_FUTURE = re.compile(rf"(?<!截)(?<!截止)(?:到|至|力争到|争取到|于|在)\s*{_Y}\s*年")
_YEAR_BARE = re.compile(rf"(?<![\d〔（(]){_Y}\s*年(?![\d月]*[—\-~～至到]\s*(?:20\d\d|1[01]\d))")
_PHASE = re.compile(r"[（(]([^（()）]{0,30}?20\d\d[^（()）]{0,30}?)[)）]")
_YEAR = re.compile(r"20\d\d|1[01]\d(?=年)")
_PERIOD = re.compile(r"(20\d\d|1[01]\d(?=年))\s*(?:年)?\s*[—–\-~～至到]+\s*(20\d\d|1[01]\d(?=年))\s*年?")
_ROC_MARK = re.compile(r"民国|民國")
# a year in a title that is not a due date (2025年工作要点, not 到2023年…达到)
_TITLE_YEAR = re.compile(r"(?<![到至\d])(20\d\d)\s*年(?:度)?(?=[^\d—\-~～至到]|$)")
# what makes a first line prose rather than a title (punctuation of sentences, a due date)
_NOT_TITLE = re.compile(r"[，,。；]|到\s*20\d\d")
_PUBLISHED = re.compile(r"(?:发布|成文|印发|发文)(?:时间|日期)\s*[:：]?\s*(20\d\d)")
_FENBIE = "分别"
_RESPONSIBILITY = re.compile(r"[（(〔]\s*(?:责任|牵头|主办|配合|协办)")
_FUND_NOUN = re.compile(r"基金|资金|资金池|专项资金")
_LEAD_RATIO = re.compile(r"^(?:的)?比例")
_BASELINE_MARK = re.compile(r"基期|现状|基数|实际|基准")
# a clause restating the target before it as a change on a base (比2023年增长50%, 较上年提高5个百分点)
_RELATIVE_CHANGE = re.compile(r"^(?:比|较)\s*(?:20\d\d\s*年(?:底|末)?|上年|去年|基期|“?十[一二三四]五”?末)"
                              r"[^，。；]{0,6}?(?:增长|提高|提升|增加|翻)")
_UNIT_PARENS = re.compile(r"[（(]([^（()）]{1,6})[)）]\s*$")


@dataclass
class Context:
    """What the extractor knows about the document being read."""

    document: str
    jurisdiction: str
    period_start: int | None
    period_end: int | None
    roc: bool = False


@dataclass
class Row:
    """One extracted target before it becomes a table row."""

    mention: Mention
    subject: str
    subject_start: int
    subject_end: int
    quote_start: int
    quote_end: int
    measure: str
    target_year: int | None
    status: str = "stated"
    k: int = 0  # index among subjects sharing one number
    section: str = ""
    milestone_parent: tuple[int, int] | None = None  # (number_start, k) of the indicator row
    extra: dict = field(default_factory=dict)


def gregorian(year: str | int, roc: bool) -> int | None:
    """A year as written (2020, or 114 in a text dated by the Republic of China) in the Western
    calendar; None for a short number in a text that does not use ROC years."""
    y = int(year)
    if y >= 1900:
        return y
    return y + 1911 if roc else None


def uses_roc_years(text: str) -> bool:
    """Does the text date itself by the Republic of China calendar (中華民國111年)?"""
    return bool(_ROC_MARK.search(text[:800]))


def infer_period(text: str) -> tuple[int | None, int | None]:
    """Infer a plan's period from its title lines (2018—2020年, “十四五”), else from 到YYYY年."""
    head = simplified(text[:400])
    roc = uses_roc_years(text)
    m = _PERIOD.search(head)
    if m:
        a, b = gregorian(m.group(1), roc), gregorian(m.group(2), roc)
        if a and b and a <= b:
            return a, b
    title = head[:120]
    named = [(title.find(n), p) for n, p in lexicon().five_year_plans.items() if n in title]
    if named:
        return min(named)[1]  # the plan the title names first
    first = title.split("\n", 1)[0]
    years = {gregorian(y, roc) for y in _TITLE_YEAR.findall(first)}
    is_title = len(first) <= 60 and not _NOT_TITLE.search(first)
    if is_title and len(years) == 1 and None not in years:
        year = years.pop()
        return year, year  # 2025年全市知识产权工作要点: a plan for one year
    years = [gregorian(y, roc) for y in _YEAR_FUTURE.findall(simplified(text))]
    years = [y for y in years if y]
    if years:
        return None, max(set(years), key=years.count)
    return None, None


def _strip(s: str) -> str:
    return s.strip(_TRIM)


def _strip_connectors(s: str) -> str:
    changed = True
    while changed and s:
        changed = False
        s = _strip(s)
        for c in _CONNECTORS:
            if s.startswith(c) and len(s) > len(c):
                s, changed = s[len(c) :], True
                break
    return _strip(s)


def _strip_predicate(before: str, lex: Lexicon) -> str:
    """Remove comparator words and adverbs from the end of a subject-before-number."""
    s = _strip(before)
    for _ in range(4):
        changed = False
        for words, _comp in lex.before_comparator:
            if words and s.endswith(words):
                s, changed = _strip(s[: -len(words)]), True
                break
        m = lex.adverb_tail_re.search(s)
        if m and m.start() > 0:
            s, changed = _strip(s[: m.start()]), True
        for tail in ("增幅", "増幅", "增长", "増长", "增速", "提高", "达"):
            if s.endswith(tail) and len(s) > len(tail):
                s, changed = _strip(s[: -len(tail)]), True
        if not changed:
            break
    for cue in lex.raw["measures"]["annual_growth"]:
        if s.endswith(cue):
            s = _strip(s[: -len(cue)])
    return s


def _after_subject(text: str, start: int, end: int) -> tuple[str, int, int]:
    """Read the subject written after a number (培育100家以上…的知识产权密集型企业)."""
    seg_text = text[start:end]
    cut = len(seg_text)
    for mark in ("，", ",", "；", "。"):
        i = seg_text.find(mark)
        if i >= 0:
            cut = min(cut, i)
    resp = _RESPONSIBILITY.search(seg_text)  # (责任单位:…) closes the task, not the subject
    if resp:
        cut = min(cut, resp.start())
    piece = seg_text[:cut]
    offset = 0
    if "的" in piece[:-1]:
        offset = piece.rindex("的") + 1
    sub = piece[offset:]
    lead = len(sub) - len(sub.lstrip(_TRIM))
    sub_s = _strip(sub)
    for c in _CONNECTORS:  # 10家…机构和20家…: the connector belongs to the next target
        if sub_s.endswith(c) and len(sub_s) > len(c) + 1:
            sub_s = _strip(sub_s[: -len(c)])
            break
    s0 = start + offset + lead
    return sub_s, s0, s0 + len(sub_s)


def _ends_with_verb(subject: str, lex: Lexicon) -> bool:
    """True when the words before a number end in a verb taking it as object (培育100家 …)."""
    return bool(lex.creation_tail_re.search(subject) or lex.object_verb_tail_re.search(subject))


def _nearest_verb_is_creation(clause_before: str, sentence_before: str, lex: Lexicon) -> bool:
    """Is the verb nearest before the number one of building/cultivating (培育) rather than of
    reaching a level (达到, 拥有)? Looks in the clause, else in the sentence."""
    for window in (clause_before, sentence_before):
        best_new = max((window.rfind(v) + len(v) for v in lex.creation_verbs if v in window), default=-1)
        best_level = max(
            (window.rfind(v) + len(v) for v in lex.stock_verbs if v in window), default=-1
        )
        if best_new >= 0 or best_level >= 0:
            return best_new > best_level
    return False


def _has_verb(clause_before: str, lex: Lexicon) -> bool:
    """Does the clause say how the number is reached (培育, 达到, 拥有 …) before it?"""
    return any(v in clause_before for v in lex.creation_verbs + lex.stock_verbs)


def _split_shared(subject: str, lex: Lexicon) -> list[str]:
    """Split 'A金额和B交易量' into subjects sharing one number, when each part names a quantity;
    '知识产权交易、许可额' (the head 额 written once) gives 知识产权交易额 and 许可额; 'A和B各'
    (each) gives A and B, whatever they name."""
    each = lex.each_re.search(subject.rstrip(_TRIM))
    if each and each.start() > 0:
        parts = [_strip(p) for p in re.split(r"以及|和|及|与|、", subject[: each.start()])]
        return parts if all(parts) else [subject[: each.start()]]
    parts = subject.split("、")
    if len(parts) == 2 and all(parts) and len(parts[1]) <= 3:
        head = lex.shared_head_re.search(parts[1])
        if head and head.start() > 0 and not lex.shared_head_re.search(parts[0]):
            return [parts[0] + head.group(0), parts[1]]
    for splitter in (r"以及|和|及|与", r"、"):
        parts = re.split(splitter, subject)
        if len(parts) < 2 or not all(parts):
            continue
        if not all(lex.shared_head_re.search(p) for p in parts):
            continue
        out = [parts[0]]
        for p in parts[1:]:
            if len(p) <= 3 and len(parts[0]) > len(p):
                out.append(parts[0][: len(parts[0]) - len(p)] + p)
            else:
                out.append(p)
        return out
    return [subject]


def _shared_subjects(text: str, subject: str, s0: int, lex: Lexicon) -> list[tuple[str, int, int]]:
    """The subject(s) written before a number, with the span of the whole phrase."""
    return [(p, s0, s0 + len(subject)) for p in _split_shared(subject, lex)]


def _split_after_list(after: tuple[str, int, int], lex: Lexicon) -> list[tuple[str, int, int]]:
    """'80%以上的A、B建立…' gives one row per population A, B that the share applies to."""
    subject, s0, s1 = after
    parts = [p for p in subject.split("、") if p]
    if len(parts) < 2 or any(len(p) < 4 for p in parts) or lex.predicate_re.search(parts[0]):
        return [after]
    return [(p, s0, s1) for p in parts]


def _measure(
    subject: str, clause_before: str, sentence_before: str, m: Mention, verb_new: bool, lex: Lexicon
) -> str:
    """Decide the measure of a target from its unit, subject and the words before the number."""
    r = lex.measure_res
    if m.unit == "ratio":
        return "ratio"
    if m.unit in ("percent", "percentage_points") and r["annual_growth"].search(clause_before):
        return "annual_growth"
    if r["per_capita"].search(subject) and m.unit != "percent" and m.unit not in MONEY_UNITS:
        return "per_capita"
    if r["score"].search(subject) and m.unit == "points":
        return "score"
    if m.unit in ("percent", "percentage_points"):
        return "share"
    if r["cumulative"].search(clause_before):
        return "cumulative"
    if r["per_year"].search(clause_before) or r["per_year"].search(subject):
        return "per_year"
    if sentence_before.lstrip(_TRIM).startswith(("每年", "每年度", "年均")):
        return "per_year"
    if m.unit in MONEY_UNITS or m.unit == "m2":
        return "level"  # amounts of money and floor space are sizes, not counts of new things
    if verb_new and not subject.endswith(lex.stock_heads):
        return "new"
    return "level"


def _is_baseline(text: str, m: Mention, clause: seg.Span, lex: Lexicon) -> bool:
    """A number followed in its clause by 扩大到/提高到 … is the starting point, not the target."""
    rest = text[m.end_all : clause.end]
    bm = lex.baseline_after_re.search(rest)
    return bool(bm) and bool(find_mentions(text, m.end_all + bm.end(), clause.end))


class _Reader:
    """Reads one document; holds the per-document state (context, lexicon, sections)."""

    def __init__(self, text: str, ctx: Context):
        self.text = text
        self.ctx = ctx
        self.lex = lexicon()
        self.lines = seg.lines(text)
        self.paths = seg.section_paths(self.lines)
        self.rows: list[Row] = []

    # -- years -------------------------------------------------------------------------------
    def _line_year(self, line: seg.Line) -> tuple[int | None, bool]:
        """A year governing a whole line: a dated phase '(2017年7月?2018年6月)' or '到2020年' lead."""
        head = line.text[:60]
        pm = _PHASE.search(head)
        if pm:
            years = [y for y in (self._year(w) for w in _YEAR.findall(pm.group(1))) if y]
            start, end = self.ctx.period_start, self.ctx.period_end
            # (2022—2024年) spanning the whole plan period names the plan, not a phase of it
            whole = (start is not None and end is not None and end > start and years
                     and min(years) <= start and max(years) >= end)
            if years and "年" in pm.group(1) and not whole:
                return max(years), True
        fm = _YEAR_FUTURE.search(line.text[:20])
        if fm and self._year(fm.group(1)):
            return self._year(fm.group(1)), False
        return None, False

    def _year(self, written: str) -> int | None:
        return gregorian(written, self.ctx.roc)

    def _lead_year(self, sentence: str) -> int | None:
        """A plan year opening a sentence ('2021年，全省…达到…'): the year its targets are due."""
        bare = _YEAR_BARE.match(sentence.lstrip(_TRIM))
        year = self._year(bare.group(1)) if bare else None
        if year is None:
            return None
        start, end = self.ctx.period_start, self.ctx.period_end
        if (start is not None and year < start) or (end is not None and year > end):
            return None
        return year

    def _money_subject(
        self, m: Mention, nxt: int, subj_b: str, subjects: list[tuple[str, int, int]]
    ) -> list[tuple[str, int, int]]:
        """Money and ratios name what they fund after the number: 投入2亿元资金作为引导基金,
        规模不低于2000万元的…风险补偿专项资金, 按照1∶1的比例配套资金."""
        text, lex = self.text, self.lex
        after, a0, a1 = _after_subject(text, m.end_all, nxt)
        if not after or not (m.unit == "ratio" or _FUND_NOUN.search(after)):
            return subjects
        lead = _LEAD_RATIO.match(after)
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
            if not (future_at >= 0 and verb and not before[verb.end() :].strip()):
                return True
        if future_at < 0:  # …达到1.8万件，同比增长12%，到2022年…: a past cue later in the same stretch
            rest = text[m.end_all : sent.end]
            fut = lex.future_cue_re.search(rest)
            stretch = rest[: fut.start()] if fut else rest
            if lex.past_cue_re.search(stretch):
                return True
        if _is_baseline(text, m, cl, lex) or lex.baseline_context_re.search(text, m.end_all, cl.end):
            return True
        if m.chinese and lex.present_verb_re.search(text, cl.start, m.start):
            return True
        if lex.existing_scope_re.search(_strip(text[max(cl.start, m.start - 4) : m.start])):
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
        if self._in_past_parenthesis(m, cl):
            return True
        return m.chinese and m.value == 1 and m.unit_zh == "次"

    def _in_past_parenthesis(self, m: Mention, cl: seg.Span) -> bool:
        """A number in an aside dated before the plan: 达到2.6万件（2023年底为1.92万件）."""
        text = self.text
        opened = max(text.rfind("（", cl.start, m.start), text.rfind("(", cl.start, m.start))
        if opened < 0 or max(text.rfind("）", opened, m.start), text.rfind(")", opened, m.start)) >= 0:
            return False
        aside = text[opened + 1 : m.start]
        if self.lex.past_cue_re.search(aside):
            return True
        ref = self._reference_year()
        for ym in _YEAR_BARE.finditer(aside):
            year = self._year(ym.group(1))
            if (year is not None and ref is not None and year < ref
                    and not _YEAR_FUTURE.search(aside[: ym.end()])):
                return True
        return False

    def _reference_year(self) -> int | None:
        """The year before which dated figures are achievements: the plan's first year, else the
        year the page was published (发布时间 2021-01-18), else the plan's last year."""
        if self.ctx.period_start is not None:
            return self.ctx.period_start
        m = _PUBLISHED.search(self.text[:600])
        if m:
            return int(m.group(1))
        return self.ctx.period_end

    def _past_sentence(self, sentence: str) -> bool:
        """A sentence reporting an achievement or a baseline (2019年…达到, 截至, 同比 …)."""
        start = self.ctx.period_start
        bare = _YEAR_BARE.match(sentence.lstrip(_TRIM)) or _YEAR_BARE.search(sentence[:12])
        if bare:
            year = self._year(bare.group(1))
            ref = self._reference_year()
            dated = _YEAR_FUTURE.search(sentence[: bare.end() + 2])
            # a bare year before the plan (2019年，…), or 于/在 a year before its first year
            # (厦门于2019年入选…); 到 a year is a due date, whatever the year
            if year is not None and ref is not None and year < ref and (
                    not dated or (start is not None and dated.group(0)[0] in "于在")):
                return True
        if self.lex.past_cue_re.match(sentence.lstrip(_TRIM)):
            return True  # 过去五年，… / 去年，… / 截至…: the sentence reports what was done
        fp = self.lex.five_year_past_re.search(sentence[:16])
        return bool(fp and start is not None and self.lex.five_year_plans[fp.group(1)][1] < start)

    def _future_cue(self, text: str) -> bool:
        """A cue of things to come (到20…, 力争, 期间 …), not counting the 期间 of an earlier
        five-year plan (“十三五”期间 in a plan starting 2021 is the past)."""
        start = self.ctx.period_start

        def drop_past(m: re.Match) -> str:
            ended = self.lex.five_year_plans[m.group(1)][1]
            return "" if start is not None and ended < start else m.group(0)

        return bool(self.lex.future_cue_re.search(self.lex.five_year_past_re.sub(drop_past, text)))

    # -- main loop ---------------------------------------------------------------------------
    def read(self) -> list[Row]:
        grid_list = seg.grids(self.lines, VALUE_CELL)
        in_grid = {ln.start for g in grid_list for ln in g.lines}
        table_rows = seg.tables([ln for ln in self.lines if ln.start not in in_grid])
        cell_ids: set[int] = set()
        for tr in table_rows:
            if tr.years:
                for c in tr.cells[: len(tr.years)]:
                    cell_ids.add(c.start)
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
            if line_year is not None and not phase and ln.text.startswith(("到", "至", "力争")):
                year_ctx = line_year
            self._read_line(ln, " / ".join(path), line_year or year_ctx, phase)
        for tr in table_rows:
            if tr.years:
                self._read_milestones(tr)
        for g in grid_list:
            self._read_grid(g)
        return self.rows

    # -- grid tables -------------------------------------------------------------------------
    def _year_of(self, cell_text: str) -> int | None:
        """The year a header cell stands for, or None for a baseline column (基期, before the plan)."""
        ym = seg.YEAR_CELL.match(seg._squash(cell_text))
        if not ym:
            return None
        year = int(ym.group(1))
        if ym.group(2) and _BASELINE_MARK.search(ym.group(2)):
            return None
        if self.ctx.period_start is not None and year < self.ctx.period_start:
            return None
        return year

    def _grid_row(self, name: seg.Line, unit_hint: str | None, cell: seg.Line, year: int,
                  status: str) -> None:
        m = cell_mention(self.text, cell.start, cell.end, unit_hint)
        if m is None:
            return
        pm = _UNIT_PARENS.search(name.text)
        subject = _strip(name.text[: pm.start()] if pm else name.text)
        head = self.lex.creation_head_re.match(subject)
        measure = _measure(subject, subject, subject, m, bool(head), self.lex)
        self.rows.append(Row(m, subject, name.start, name.start + len(subject), name.start,
                             cell.end, measure, year, status))

    def _read_grid(self, g: seg.Grid) -> None:
        """Read a grid table: each value under a plan year is a target (several years: milestones)."""
        heads = [seg._squash(h.text) for h in g.header]
        if g.orientation == "columns":
            years = {i: self._year_of(h) for i, h in enumerate(heads)}
            years = {i: y for i, y in years.items() if y is not None}
            status = "milestone" if len(years) >= 2 else "stated"
            name_col = next((i for i, h in enumerate(heads) if re.search("指标|名称|项目", h)), None)
            if name_col is None:
                name_col = next(i for i, h in enumerate(heads) if i not in years)
            unit_col = next((i for i, h in enumerate(heads) if "单位" in h), None)
            for row in g.rows:
                name = row[name_col]
                pm = _UNIT_PARENS.search(name.text)
                hint = row[unit_col].text if unit_col is not None else (pm.group(1) if pm else None)
                for i, year in years.items():
                    self._grid_row(name, hint, row[i], year, status)
        else:
            row_years = [self._year_of(r[0].text) for r in g.rows]
            status = "milestone" if sum(y is not None for y in row_years) >= 2 else "stated"
            for row, year in zip(g.rows, row_years, strict=True):
                if year is None:
                    continue
                for i, cell in enumerate(row[1:], start=1):
                    name = g.header[i]
                    pm = _UNIT_PARENS.search(name.text)
                    self._grid_row(name, pm.group(1) if pm else None, cell, year, status)

    def _read_line(self, ln: seg.Line, section: str, line_year: int | None, phase: bool) -> None:
        lex = self.lex
        if lex.furniture_re.match(ln.text):
            return
        past_carry = False
        for sent in seg.sentences(self.text, ln):
            mentions = find_mentions(self.text, sent.start, sent.end)
            past = self._past_sentence(sent.text)
            fm = _YEAR_FUTURE.search(sent.text)
            sent_year = self._year(fm.group(1)) if fm else None
            if past_carry and not past and not (fm or self._future_cue(sent.text)):
                past = True  # a paragraph of achievements goes on until a future cue
            past_carry = past  # (2024年全市工作取得新成效。 starts one, though it has no number)
            if not mentions:
                continue
            lead_year = None if past else self._lead_year(sent.text)
            marks = [(sent.start, lead_year)] if lead_year is not None else []
            marks += [
                (sent.start + ym.start(), self._year(ym.group(1)))
                for ym in _YEAR_FUTURE.finditer(sent.text)
                if self._year(ym.group(1))
            ]
            clauses = seg.clauses(self.text, sent)
            last_subject: tuple[str, int, int] | None = None
            future_seen = False
            rows_before = len(self.rows)
            for cl in clauses:
                cl_mentions = [m for m in mentions if cl.start <= m.start < cl.end]
                if _RELATIVE_CHANGE.match(cl.text) and len(self.rows) > rows_before:
                    # …达到630亿元，比2023年增长50%: the same target said as a change on a
                    # base year, right after its level
                    continue
                if self._future_cue(cl.text):
                    future_seen = True
                prev_end = cl.start
                fenbie = None
                if len(cl_mentions) >= 3 and all(m.value == 1 for m in cl_mentions):
                    continue  # 1家…、1家…、1个…: the make-up of a named system, not counts to reach
                for i, m in enumerate(cl_mentions):
                    nxt = cl_mentions[i + 1].start if i + 1 < len(cl_mentions) else cl.end
                    before_raw = self.text[prev_end : m.start]
                    clause_before = self.text[cl.start : m.start]
                    sentence_before = self.text[sent.start : m.start]
                    verb_new = _nearest_verb_is_creation(clause_before, sentence_before, lex)
                    subj_b = _strip_connectors(_strip_predicate(before_raw, lex))
                    subjects: list[tuple[str, int, int]]
                    if _FENBIE in before_raw and fenbie is None:
                        head_text = before_raw[: before_raw.index(_FENBIE)]
                        head_subject = _strip_connectors(_strip_predicate(head_text, lex))
                        parts = [p for p in re.split(r"和|及|与|、", head_subject) if p]
                        fenbie = (parts, m)
                    if fenbie is not None and i < len(fenbie[0]) and len(fenbie[0]) == len(cl_mentions):
                        part = fenbie[0][i]
                        s0 = self.text.find(part, cl.start, m.start)
                        subjects = [(part, s0, s0 + len(part))]
                        if i and not m.qualifier_zh:
                            m = replace(m, comparator=fenbie[1].comparator,
                                        qualifier_zh=fenbie[1].qualifier_zh)
                    elif len(subj_b) >= 2 and not _ends_with_verb(subj_b, lex):
                        s0 = self.text.rfind(subj_b, prev_end, m.start)
                        head = lex.creation_head_re.match(subj_b)
                        if head and len(subj_b) > head.end() + 1:
                            rest = subj_b[head.end() :]
                            subj_b = _strip(rest)
                            s0 += head.end() + (len(rest) - len(rest.lstrip(_TRIM)))
                        subjects = _shared_subjects(self.text, subj_b, s0, lex)
                    else:
                        after = _after_subject(self.text, m.end_all, nxt)
                        if after[0]:
                            subjects = [after]
                            if m.unit == "percent":
                                subjects = _split_after_list(after, lex)
                        elif last_subject:
                            subjects = [last_subject]
                        elif subj_b:
                            s0 = self.text.rfind(subj_b, prev_end, m.start)
                            subjects = [(subj_b, s0, s0 + len(subj_b))]
                        else:
                            subjects = [("", m.start, m.start)]
                    if m.unit in MONEY_UNITS or m.unit == "ratio":
                        subjects = self._money_subject(m, nxt, subj_b, subjects)
                    prev_end = max(m.end_all, max(se for _s, _ss, se in subjects))
                    last_subject = subjects[-1] if subjects[-1][0] else last_subject
                    if past and not future_seen:
                        continue
                    if self._not_a_target(m, cl, sent):
                        continue
                    before_marks = [y for pos, y in marks if pos <= m.start]
                    if phase:
                        year = line_year
                    elif before_marks:
                        year = before_marks[-1]  # the nearest year written before the number
                    else:
                        year = sent_year or line_year or self.ctx.period_end
                    dated = phase or bool(before_marks)
                    status = "stated"
                    end = self.ctx.period_end
                    if (phase and year is not None) or (dated and year is not None and end
                                                          and year < end):
                        status = "milestone"  # a dated phase or an intermediate year
                    for k, (subj, ss, se) in enumerate(subjects):
                        if ss < 0:  # the subject is not verbatim in the text: keep the words only
                            ss = se = m.start
                        measure = _measure(subj, clause_before, sentence_before, m, verb_new, lex)
                        qs = min(cl.start, ss) if subj else cl.start
                        qe = max(cl.end, m.end_all)
                        self.rows.append(
                            Row(m, subj, ss, se, qs, qe, measure, year, status, k, section,
                                extra={"verb": _has_verb(clause_before, lex)})
                        )

    def _read_milestones(self, tr: seg.TableRow) -> None:
        """Yearly cells of a roadmap row: each number is a milestone of the row's target."""
        parents = [r for r in self.rows if tr.label.start <= r.mention.start < tr.label.end]
        label_mentions = sorted({(r.mention.start, r.k) for r in parents})
        by_key = {(r.mention.start, r.k): r for r in parents}
        distinct = sorted({r.mention.start for r in parents})
        for col, cell in enumerate(tr.cells[: len(tr.years)]):
            ms = find_mentions(self.text, cell.start, cell.end)
            for idx, m in enumerate(ms):
                parent = None
                if len(ms) == len(distinct) and distinct:
                    parent = by_key.get((distinct[idx], 0))
                elif len(distinct) == 1:
                    parent = by_key.get((distinct[0], 0))
                elif label_mentions:
                    parent = by_key.get(label_mentions[min(idx, len(label_mentions) - 1)])
                if parent is not None:
                    subj, ss, se = parent.subject, parent.subject_start, parent.subject_end
                    measure = parent.measure
                else:
                    subj = _strip_connectors(_strip(tr.label.text))
                    ss, se = tr.label.start, tr.label.end
                    head = self.lex.creation_head_re.match(subj)
                    measure = "new" if head else "level"
                    if m.unit in ("percent",):
                        measure = "share"
                row = Row(
                    m, subj, ss, se, tr.label.start, max(cell.end, m.end_all), measure,
                    tr.years[col], "milestone", 0, "",
                    (parent.mention.start, parent.k) if parent else None,
                )
                self.rows.append(row)


def target_id(document: str, number_start: int, number_end: int, k: int) -> str:
    """Stable id of a target: a hash of its document and the span of its number."""
    key = f"{document}|{number_start}|{number_end}|{k}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


COLUMNS = [
    "target_id", "jurisdiction", "document", "quote", "start", "end", "number_start", "number_end",
    "number_text", "subject", "value", "value_high", "unit_mult", "base_value", "unit", "unit_zh",
    "comparator", "qualifier_zh", "measure", "target_year", "period_start", "period_end",
    "category", "indicator", "status", "restates", "milestone_of", "conflict", "conflict_with",
    "section", "source",
]


def _base(value: float, mult: int) -> float:
    return round(value * 10**mult, 6)


def _unit_as_written(text: str, m: Mention) -> str:
    """The unit in the document's own script (個, 間 in a traditional text), found right after
    the number; the mention read it from the simplified text."""
    for p in range(m.end, min(m.end + 4, len(text))):
        written = text[p : p + len(m.unit_zh)]
        if simplified(written) == m.unit_zh:
            return written
    return m.unit_zh


def _rows_to_frame(text: str, ctx: Context, rows: list[Row]) -> pd.DataFrame:
    records = []
    ids: dict[tuple[int, int], str] = {}
    for r in rows:
        tid = target_id(ctx.document, r.mention.start, r.mention.end, r.k)
        ids[(r.mention.start, r.k)] = tid
    for r in rows:
        m = r.mention
        qs, qe = r.quote_start, r.quote_end
        while qe > qs and text[qe - 1] in "，,、；;： \u3000":
            qe -= 1
        while qs < qe and text[qs] in " \u3000\t\n":
            qs += 1
        subject = r.subject
        if r.subject_start >= 0 and r.subject_end - r.subject_start == len(subject):
            subject = text[r.subject_start : r.subject_end]  # verbatim, whatever the script
        cls = classify(subject, m.unit, text[qs:qe])
        measure = r.measure
        if measure in ("level", "new") and not r.extra.get("verb") and cls.indicator:
            natural = indicator_measures(cls.indicator)
            if natural and natural[0] in ("per_year", "new") and m.unit not in ("percent", "ratio"):
                # no verb says how the number is reached: take the indicator's natural reading
                # (a flow indicator's figure is a year's amount; facilities are things to build)
                measure = natural[0]
        records.append(
            {
                "target_id": ids[(m.start, r.k)],
                "jurisdiction": ctx.jurisdiction,
                "document": ctx.document,
                "quote": text[qs:qe],
                "start": qs,
                "end": qe,
                "number_start": m.start,
                "number_end": m.end,
                "number_text": text[m.start : m.end],
                "subject": subject,
                "value": m.value,
                "value_high": m.value_high,
                "unit_mult": m.unit_mult,
                "base_value": _base(m.value, m.unit_mult),
                "unit": m.unit,
                "unit_zh": _unit_as_written(text, m),
                "comparator": m.comparator,
                "qualifier_zh": m.qualifier_zh,
                "measure": measure,
                "target_year": r.target_year,
                "period_start": ctx.period_start,
                "period_end": ctx.period_end,
                "category": cls.category,
                "indicator": cls.indicator,
                "status": r.status,
                "restates": None,
                "milestone_of": ids.get(r.milestone_parent) if r.milestone_parent else None,
                "conflict": False,
                "conflict_with": None,
                "section": r.section,
                "source": "text",
            }
        )
    df = pd.DataFrame.from_records(records, columns=COLUMNS)
    return df


@data_cache
def indicator_measures(indicator_id: str) -> tuple[str, ...]:
    """The measures natural for an indicator, its default first (from the taxonomy)."""
    return tuple(load_taxonomy().indicator(indicator_id).measures)


def simplified(text: str) -> str:
    """Map traditional characters to simplified ones, one for one, so offsets are unchanged
    (the taxonomy's character table: its own pairs over OpenCC's)."""
    out = text.translate(load_taxonomy().char_table)
    return out if len(out) == len(text) else text


def extract_rows(text: str, ctx: Context) -> pd.DataFrame:
    """Extract the targets of one text as a DataFrame (before restatement linking)."""
    rows = _Reader(simplified(text), ctx).read()
    rows.sort(key=lambda r: (r.mention.start, r.k))
    seen: set[tuple[int, int]] = set()
    unique = []
    for r in rows:
        key = (r.mention.start, r.k)
        if key not in seen:
            seen.add(key)
            unique.append(r)
    return _rows_to_frame(text, ctx, unique)

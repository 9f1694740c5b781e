"""What a number counts: its subject(s), written before or after it, and its measure.

Decisions (what the module promises)
    A subject is read from the words before the number, with comparator words, adverbs and
    connectors stripped (:func:`strip_predicate`, :func:`strip_connectors`); when those words
    end in a verb taking the number as object (培育100家…), it is read after the number, up to
    the first comma, the last 的 or a responsibility note (:func:`after_subject`). One subject
    may name several quantities sharing the number (A金额和B交易量, A和B各20家:
    :func:`split_shared`). The measure (level, new, share, per_year …) is decided from the unit,
    the subject and the verbs before the number (:func:`measure_of`). Every function here is
    pure: text and offsets in, words and offsets out; cue words come from ``data/cues.yaml``
    and ``data/lexicon.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..caching import data_cache
from ..vocab.lexicon import MONEY_UNITS, Lexicon, cues
from . import segment as seg
from .mentions import Mention, find_mentions

#: characters stripped from the edges of a subject (* of **bold** markup)
TRIM = " \t\u3000\xa0，,、；;：:。.！!？?（）()“”\"'‘’—-–~～·•*"

#: a subject as written and its span in the text (start -1: not verbatim in the text)
Subject = tuple[str, int, int]


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


def strip(s: str) -> str:
    """``s`` without punctuation and spaces at its edges."""
    return s.strip(TRIM)


def strip_connectors(s: str) -> str:
    """``s`` without connectors (和, 以及, 其中 …) at its start, nor punctuation at its edges."""
    connectors = cues().words("subjects.connectors")
    changed = True
    while changed and s:
        changed = False
        s = strip(s)
        for c in connectors:
            if s.startswith(c) and len(s) > len(c):
                s, changed = s[len(c) :], True
                break
    return strip(s)


def strip_predicate(before: str, lex: Lexicon) -> str:
    """Remove comparator words and adverbs from the end of a subject-before-number."""
    s = strip(before)
    tails = cues().words("subjects.change_tails")
    for _ in range(4):
        changed = False
        for words, _comp in lex.before_comparator:
            if words and s.endswith(words):
                s, changed = strip(s[: -len(words)]), True
                break
        m = lex.adverb_tail_re.search(s)
        if m and m.start() > 0:
            s, changed = strip(s[: m.start()]), True
        for tail in tails:
            if s.endswith(tail) and len(s) > len(tail):
                s, changed = strip(s[: -len(tail)]), True
        if not changed:
            break
    for cue in lex.raw["measures"]["annual_growth"]:
        if s.endswith(cue):
            s = strip(s[: -len(cue)])
    return s


def _responsibility_note() -> re.Pattern[str]:
    return re.compile(rf"[（(〔]\s*(?:{cues().alt('subjects.responsibility_note_words')})")


@data_cache
def _next_count() -> re.Pattern[str]:
    """The start of the next item of a list of counts (、2家…, 、“n”家…)."""
    return re.compile(r"、\s*[“\"「]?(?:\d+|[一二三四五六七八九十两]+|[nNＮ])[”\"」]?\s*"
                      rf"(?:{cues().alt('scope.unit_classifiers')})")


def after_subject(text: str, start: int, end: int) -> Subject:
    """Read the subject written after a number (培育100家以上…的知识产权密集型企业)."""
    seg_text = text[start:end]
    cut = len(seg_text)
    for mark in ("，", ",", "；", "。"):
        i = seg_text.find(mark)
        if i >= 0:
            cut = min(cut, i)
    item = _next_count().search(seg_text)  # 1个培训基地、“n”家代理机构的…: the next item of a list
    if item:
        cut = min(cut, item.start())
    resp = _responsibility_note().search(seg_text)  # (责任单位:…) closes the task, not the subject
    if resp:
        cut = min(cut, resp.start())
    piece = seg_text[:cut]
    offset = 0
    makeup = cues().regex("subjects.system_makeup").search(piece)
    if makeup:  # 3个工作站和若干团队组成的“5+n”体系: the item, not the system it makes up
        piece = piece[: makeup.start()]
        joiner = re.search(cues().alt("subjects.list_joiners"), piece)
        piece = piece[: joiner.start()] if joiner and joiner.start() >= 2 else piece
    elif "的" in piece[:-1]:
        offset = piece.rindex("的") + 1
    sub = piece[offset:]
    lead = len(sub) - len(sub.lstrip(TRIM))
    sub_s = strip(sub)
    for c in cues().words("subjects.connectors"):  # 10家…机构和20家…: the connector belongs to the next target
        if sub_s.endswith(c) and len(sub_s) > len(c) + 1:
            sub_s = strip(sub_s[: -len(c)])
            break
    s0 = start + offset + lead
    return sub_s, s0, s0 + len(sub_s)


_TIME_WORDS = re.compile(r"^(?:(?:20\d\d|1[01]\d)\s*年(?:底|末|前)?|[\d一二三四五六七八九十两]+\s*年(?:内|间|来)?)"
                         r"(?:累计|合计|共)?$")


def is_time_words(subject: str) -> bool:
    """Are the words before a number only a time (2025年, 三年累计, 四年內)? They name no subject."""
    return bool(_TIME_WORDS.match(subject))


def ends_with_verb(subject: str, lex: Lexicon) -> bool:
    """True when the words before a number end in a verb taking it as object (培育100家 …)."""
    return bool(lex.creation_tail_re.search(subject) or lex.object_verb_tail_re.search(subject))


def nearest_verb_is_creation(clause_before: str, sentence_before: str, lex: Lexicon) -> bool:
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


def has_verb(clause_before: str, lex: Lexicon) -> bool:
    """Does the clause say how the number is reached (培育, 达到, 拥有 …) before it?"""
    return any(v in clause_before for v in lex.creation_verbs + lex.stock_verbs)


def split_shared(subject: str, lex: Lexicon) -> list[str]:
    """Split 'A金额和B交易量' into subjects sharing one number, when each part names a quantity;
    '知识产权交易、许可额' (the head 额 written once) gives 知识产权交易额 and 许可额; 'A和B各'
    (each) gives A and B, whatever they name."""
    joiners = cues().alt("subjects.list_joiners")
    each = lex.each_re.search(subject.rstrip(TRIM))
    if each and each.start() > 0:
        parts = [strip(p) for p in re.split(f"{joiners}|、", subject[: each.start()])]
        return parts if all(parts) else [subject[: each.start()]]
    parts = subject.split("、")
    if len(parts) == 2 and all(parts) and len(parts[1]) <= 3:
        head = lex.shared_head_re.search(parts[1])
        if head and head.start() > 0 and not lex.shared_head_re.search(parts[0]):
            return [parts[0] + head.group(0), parts[1]]
    for splitter in (joiners, r"、"):
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


def shared_subjects(subject: str, s0: int, lex: Lexicon) -> list[Subject]:
    """The subject(s) written before a number, with the span of the whole phrase."""
    return [(p, s0, s0 + len(subject)) for p in split_shared(subject, lex)]


def split_after_list(after: Subject, lex: Lexicon) -> list[Subject]:
    """'80%以上的A、B建立…' gives one row per population A, B that the share applies to."""
    subject, s0, s1 = after
    parts = [p for p in subject.split("、") if p]
    if len(parts) < 2 or any(len(p) < 4 for p in parts) or lex.predicate_re.search(parts[0]):
        return [after]
    return [(p, s0, s1) for p in parts]


def respective_parts(before: str, lex: Lexicon) -> list[str] | None:
    """The subjects listed before 分别 ('A和B分别…' gives A, B); None when 分别 is not there."""
    m = cues().regex("subjects.respective_markers").search(before)
    if m is None:
        return None
    head = strip_connectors(strip_predicate(before[: m.start()], lex))
    return [p for p in re.split(f"{cues().alt('subjects.respective_joiners')}|、", head) if p]


def measure_of(
    subject: str, clause_before: str, sentence_before: str, m: Mention, verb_new: bool, lex: Lexicon
) -> str:
    """Decide the measure of a target from its unit, subject and the words before the number."""
    r = lex.measure_res
    if m.unit == "ratio":
        return "relative" if m.number_text.endswith(m.unit_zh) else "ratio"  # 翻一番: ×2 on a base
    if m.unit == "percentage_points" and not r["annual_growth"].search(clause_before):
        return "relative"  # 提高5个百分点: a change on a base
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
    if sentence_before.lstrip(TRIM).startswith(cues().words("subjects.per_year_openers")):
        return "per_year"
    if m.unit in MONEY_UNITS or m.unit == "m2":
        return "level"  # amounts of money and floor space are sizes, not counts of new things
    if verb_new and not subject.endswith(lex.stock_heads):
        return "new"
    return "level"


def is_baseline(text: str, m: Mention, clause: seg.Span, lex: Lexicon) -> bool:
    """A number followed in its clause by 扩大到/提高到 … is the starting point, not the target."""
    rest = text[m.end_all : clause.end]
    bm = lex.baseline_after_re.search(rest)
    return bool(bm) and bool(find_mentions(text, m.end_all + bm.end(), clause.end))

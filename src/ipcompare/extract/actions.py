"""Measures: the plans' qualitative content, one row per task item.

What one measure is
    The smallest numbered item (``一、`` ``（一）`` ``1.`` ``(1)``) of a task or safeguard
    section: a numbered line with numbered sub-items is a container (its title goes into the
    ``section_path`` of the items under it); a numbered line without sub-items is a measure,
    together with the unnumbered prose paragraphs that follow it (``2.构建知识产权文化环境体系``
    and its paragraph; a task and its ``牵头单位：`` lines). A paragraph ends the measure when a
    line is not prose (no 。；！？: a table cell, a caption, page furniture; a line starting with a
    role keyword such as ``牵头单位：`` is kept) or is numbered, so
    indicator tables and roadmaps are never measures. A numbered line with no body at all
    (an annex title in a list) is not a measure.

    When one numbered item carries several responsibility notes, each closing a group of
    sentences and followed by more text (Wuhan: ``…。(责任单位:…)…。(责任单位:…)``), each group is
    its own measure: the plan assigns it separately. Such measures share ``marker`` and
    ``number`` and are told apart by ``part`` (1, 2, …). Consecutive notes (``牵头单位：`` then
    ``责任单位：`` lines) count as one.

Which sections (``section_kind``)
    The kind is read from the headings above the item, outermost first; the first heading that
    names a kind decides: ``schedule`` (实施步骤, 进度安排 …), ``safeguard`` (保障 …: 保障措施,
    组织保障), ``framing`` (总体要求, 指导思想, 基本原则, 主要目标, 总体思路 …), ``task``
    (任务, 行动, 工程, 措施, 重点工作 …). Framing items are not measures. Safeguards are kept
    (they are environment-side measures: organisation, money, evaluation, publicity) with
    ``is_task`` False; ``is_task`` is True for ``task`` and ``schedule``. When no heading
    names a kind (headings lost in capture): an item with a responsibility note is a task, an
    item titled like a safeguard (加强组织领导, 强化监督考核, 加强资金管理 …) a safeguard, one titled
    like a principle (坚持…, 政府引导、市场导向) framing, anything else ``unknown``, kept only
    when the plan has no task items at all.

    Numbering that restarts at 1 with no new heading above it (a second list after a lost
    heading) cuts the item from the headings before it; it is placed under the most recent
    heading-only item naming a task list (…重点任务分解, 任务清单 …), which is how an annex of
    tasks appears when its own heading is listed among the annex titles but lost in the body.

Columns
    ``section_path`` is a ``' / '``-joined string of the container headings (marker and title,
    as ``ipcompare.segment.heading_title`` gives them), outermost first, the measure itself
    excluded; ``section_level`` is the numbering level of the measure's own marker (1 for 一、,
    2 for （一）, 3 for 1., 4 for (1)); ``marker`` is written as in the text. ``categories``,
    ``instrument_subtypes`` and ``ip_types`` are ``'|'``-joined strings (best first), and there
    is one boolean column ``cat_<category>`` per category for coverage matrices. Classification
    rules are in ``data/instruments.yaml`` and ``data/ip_types.yaml``
    (:mod:`ipcompare.vocab.instruments`); the heading cues naming section kinds are
    ``section_kinds`` in ``data/cues.yaml``. Responsibility notes are found by
    :mod:`~ipcompare.extract.responsibility`.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import pandas as pd

from ..caching import data_cache
from ..vocab.constants import CATEGORIES, INSTRUMENTS
from ..vocab.instruments import instrument_table, ip_type_table, load_rules
from ..vocab.lexicon import cues
from ..vocab.taxonomy import normalize
from .responsibility import find_assignments, role_re
from .segment import HEADING_LEVELS, Line, heading_title, lines

__all__ = [
    "CATEGORIES", "INSTRUMENTS", "ACTION_COLUMNS", "classify_action", "instrument_table",
    "ip_type_table", "load_rules", "marker_of", "actions_from_text", "ordinal",
]

ACTION_COLUMNS = [
    "action_id", "jurisdiction", "document", "section_kind", "is_task", "section_path",
    "section_level", "marker", "number", "part", "title", "quote", "start", "end", "category",
    "categories", *(f"cat_{c}" for c in CATEGORIES), "instrument", "instrument_subtype",
    "instrument_subtypes", "ip_types",
]

_KINDS = ("schedule", "safeguard", "framing", "task")  # tried in this order on each heading


@data_cache
def _kind_res() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """The section kinds and the heading cues naming them (``section_kinds`` in data/cues.yaml)."""
    return tuple((kind, cues().regex(f"section_kinds.{kind}")) for kind in _KINDS)


@data_cache
def _safeguard_title() -> re.Pattern[str]:
    """An item's own title naming a safeguard (加强组织领导, 强化监督考核 …)."""
    c = cues()
    return re.compile(rf"^(?:{c.alt('section_kinds.safeguard_title_verbs')})[^，,。]{{0,3}}"
                      rf"(?:{c.alt('section_kinds.safeguard_title_objects')})")


@data_cache
def _principle_title() -> re.Pattern[str]:
    """An item's own title naming a principle (坚持…, 政府引导、市场导向)."""
    return re.compile(rf"^(?:{cues().alt('section_kinds.principle_title_openers')})"
                      r"|^[\u4e00-\u9fff]{2,5}[、，,][\u4e00-\u9fff]{2,5}$")


_SENTENCE_END = re.compile(r"[。；;！？!?]")
_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}
_TITLE_LIMIT = 60


# ----------------------------------------------------------------------------- classification


def _scores(patterns: dict[str, tuple[re.Pattern[str], ...]], title: str, body: str,
            weight: int) -> dict[str, int]:
    return {
        k: sum(len(p.findall(body)) + (weight - 1) * len(p.findall(title)) for p in pats)
        for k, pats in patterns.items()
    }


def classify_action(title: str, body: str) -> dict[str, object]:
    """Categories, instrument and IP types of a measure from its title and full (masked) text."""
    rules = load_rules()
    t, b = normalize(title), normalize(body)
    cs = _scores(rules.category_patterns, t, b, rules.title_weight)
    rank = {c: i for i, c in enumerate(rules.category_precedence)}
    ordered = sorted((c for c in cs if cs[c] > 0), key=lambda c: (-cs[c], rank[c]))
    if ordered:
        top = cs[ordered[0]]
        cats = [ordered[0]] + [c for c in ordered[1:] if cs[c] >= rules.category_min_score
                               and cs[c] >= rules.category_min_share * top]
    else:
        cats = ["other"]
    ss = _scores(rules.subtype_patterns, t, b, rules.title_weight)
    srank = {s: i for i, s in enumerate(rules.precedence)}
    sub_order = sorted((s for s in ss if ss[s] > 0), key=lambda s: (-ss[s], srank[s]))
    if sub_order:
        best = ss[sub_order[0]]
        subs = [s for s in sub_order if ss[s] * 2 >= best]
    else:
        subs = [rules.default_subtype]
    ip, rights = [], 0
    for tid, pats, excl, is_right in rules.ip_types:
        text = b
        for e in excl:
            text = e.sub("#", text)
        if any(p.search(text) for p in pats):
            ip.append(tid)
            rights += is_right
    if not rights:
        ip.append(rules.ip_general)
    return {
        "category": cats[0], "categories": "|".join(cats),
        **{f"cat_{c}": c in cats for c in CATEGORIES},
        "instrument": rules.subtype_side[subs[0]], "instrument_subtype": subs[0],
        "instrument_subtypes": "|".join(subs), "ip_types": "|".join(ip),
    }


# ----------------------------------------------------------------------------- structure


@dataclass(frozen=True)
class _Item:
    """A numbered line with the container headings above it."""

    index: int
    line: Line
    marker: str
    number: int | None
    path: tuple[str, ...]
    restart: bool


def marker_of(line_text: str) -> tuple[str, int] | None:
    """The numbering marker of a line (as written) and its level, or None."""
    for level, pat in HEADING_LEVELS:
        m = pat.match(line_text)
        if m:
            return m.group(0).strip(), level
    return None


def ordinal(marker: str) -> int | None:
    """The number a marker stands for: 3 for '3.', 12 for '（十二）', None if unreadable."""
    digits = re.sub(r"\D", "", marker)
    if digits:
        return int(digits)
    cn = re.sub(r"[^零一二三四五六七八九十]", "", marker)
    if not cn:
        return None
    if "十" in cn:
        tens, _, ones = cn.partition("十")
        return (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)
    return _CN_DIGITS.get(cn)


def _heading_only(ln: Line) -> bool:
    return not _SENTENCE_END.search(ln.text[:-1])


def _structure(all_lines: list[Line]) -> list[_Item]:
    """Numbered lines with their container paths (restarted lists cut from earlier headings)."""
    stack: list[tuple[float, int | None, str]] = []
    last_list_title: str | None = None
    out: list[_Item] = []
    for i, ln in enumerate(all_lines):
        if not ln.level:
            continue
        mk = marker_of(ln.text)
        marker = mk[0] if mk else ""
        num = ordinal(marker)
        sibling = [s for s in stack if s[0] == ln.level]
        restart = num == 1 and bool(sibling)
        if restart:
            stack = [(ln.level - 0.5, None, last_list_title)] if last_list_title else []
        else:
            stack = [s for s in stack if s[0] < ln.level]
        out.append(_Item(i, ln, marker, num, tuple(s[2] for s in stack), restart))
        title = heading_title(ln.text)
        stack.append((ln.level, num, title))
        if _heading_only(ln) and cues().regex("section_kinds.task_lists").search(title):
            last_list_title = title
    return out


def _kind_of_path(path: tuple[str, ...]) -> str | None:
    for title in path:
        for kind, pat in _kind_res():
            if pat.search(title):
                return kind
    return None


def _own_title(ln: Line, marker: str) -> str:
    body = ln.text[len(marker):] if ln.text.startswith(marker) else ln.text
    m = _SENTENCE_END.search(body)
    return (body[: m.start()] if m else body).strip()


def _lead_phrase(text: str) -> str:
    m = _SENTENCE_END.search(text)
    s = (text[: m.start()] if m else text).strip()
    return s if len(s) <= _TITLE_LIMIT else s[: _TITLE_LIMIT - 1] + "…"


def _is_prose(ln: Line) -> bool:
    return bool(_SENTENCE_END.search(ln.text))


def _body_end(all_lines: list[Line], it: _Item, nxt: _Item | None) -> Line:
    """The last line of an item: its own line, then prose lines up to the next numbered line."""
    stop = nxt.index if nxt is not None else len(all_lines)
    last = it.line
    for ln in all_lines[it.index + 1 : stop]:
        if not (_is_prose(ln) or role_re().match(ln.text)):
            break
        last = ln
    return last


def _action_id(document: str, start: int, end: int) -> str:
    return hashlib.sha1(f"measure|{document}|{start}|{end}".encode()).hexdigest()[:12]


def _parts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split an item at responsibility notes that are followed by more text."""
    notes = [(a.start, a.end) for a in find_assignments(text, start, end) if a.form != "prose"]
    notes = sorted(set(notes))
    blocks: list[list[int]] = []
    for a, b in notes:
        if blocks and not text[blocks[-1][1] : a].strip(" \t\u3000\xa0\r\n"):
            blocks[-1][1] = max(blocks[-1][1], b)
        else:
            blocks.append([a, b])
    cuts = []
    for _, b in blocks:
        if text[b:end].strip(" \t\u3000\xa0\r\n。.;；"):
            cuts.append(b)
    out = []
    pos = start
    for c in cuts:
        out.append((pos, c))
        pos = c
        while pos < end and text[pos] in " \t\u3000\xa0\r\n":
            pos += 1
    out.append((pos, end))
    return out


def _mask(text: str, start: int, end: int) -> str:
    """``text[start:end]`` with responsibility notes blanked (so names are not content)."""
    chars = list(text[start:end])
    for a in find_assignments(text, start, end):
        for k in range(max(a.start, start), min(a.end, end)):
            chars[k - start] = " "
    return "".join(chars)


def actions_from_text(text: str, document: str, jurisdiction: str) -> pd.DataFrame:
    """One row per measure of a plan text (see the module docstring for what a measure is)."""
    all_lines = lines(text)
    items = _structure(all_lines)
    bodies = [_body_end(all_lines, it, items[k + 1] if k + 1 < len(items) else None)
              for k, it in enumerate(items)]
    # substantive: has text of its own, or a substantive sub-item (an annex title list is not)
    substantive = [False] * len(items)
    for k in range(len(items) - 1, -1, -1):
        it, nxt = items[k], items[k + 1] if k + 1 < len(items) else None
        own = bodies[k] is not it.line or not _heading_only(it.line)
        child = (nxt is not None and nxt.line.level > it.line.level and not nxt.restart
                 and substantive[k + 1])
        substantive[k] = own or child
    rows: list[dict] = []
    for k, it in enumerate(items):
        nxt = items[k + 1] if k + 1 < len(items) else None
        if nxt is not None and nxt.line.level > it.line.level and not nxt.restart and substantive[k + 1]:
            continue  # a container
        if not substantive[k]:
            continue  # a title with no body (annex list)
        start, end = it.line.start, bodies[k].end
        kind = _kind_of_path(it.path)
        title = _own_title(it.line, it.marker)
        if kind is None:
            if find_assignments(text, start, end):
                kind = "task"
            elif _safeguard_title().search(title):
                kind = "safeguard"
            elif _principle_title().search(title):
                kind = "framing"
            else:
                kind = "unknown"
        if kind == "framing":
            continue
        for p, (a, b) in enumerate(_parts(text, start, end), start=1):
            masked = _mask(text, a, b)
            part_title = title if p == 1 else _lead_phrase(masked)
            if len(part_title) > _TITLE_LIMIT:
                part_title = part_title[: _TITLE_LIMIT - 1] + "…"
            rows.append({
                "action_id": _action_id(document, a, b), "jurisdiction": jurisdiction,
                "document": document, "section_kind": kind,
                "is_task": kind in ("task", "schedule"), "section_path": " / ".join(it.path),
                "section_level": it.line.level, "marker": it.marker, "number": it.number,
                "part": p, "title": part_title, "quote": text[a:b], "start": a, "end": b,
                **classify_action(part_title, masked),
            })
    df = pd.DataFrame(rows, columns=ACTION_COLUMNS)
    if not df.empty and (df["section_kind"] != "unknown").any() and df["is_task"].any():
        df = df[df["section_kind"] != "unknown"]
    df = df.astype({"start": int, "end": int, "section_level": int, "part": int,
                    "is_task": bool, **{f"cat_{c}": bool for c in CATEGORIES}})
    df["number"] = df["number"].astype("Int64")
    return df.reset_index(drop=True)

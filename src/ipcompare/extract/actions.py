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
    rules are in ``data/instruments.yaml`` and ``data/ip_types.yaml``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import pandas as pd
import yaml

from ..caching import data_cache
from ..paths import data_path
from ..vocab.constants import CATEGORIES, INSTRUMENTS
from ..vocab.taxonomy import normalize
from .agencies import ROLE_RE, find_assignments
from .segment import HEADING_LEVELS, Line, heading_title, lines

MEASURE_COLUMNS = [
    "measure_id", "jurisdiction", "document", "section_kind", "is_task", "section_path",
    "section_level", "marker", "number", "part", "title", "quote", "start", "end", "category",
    "categories", *(f"cat_{c}" for c in CATEGORIES), "instrument", "instrument_subtype",
    "instrument_subtypes", "ip_types",
]

# -- section kinds (matched against container heading titles) ---------------------------------
_SCHEDULE = re.compile(r"实施步骤|进度安排|时间安排|推进步骤|实施进度|步骤安排|阶段安排|时间表")
_SAFEGUARD = re.compile(r"保障")
_FRAMING = re.compile(
    r"总体要求|指导思想|基本原则|工作原则|主要目标|发展目标|总体目标|工作目标|预期目标|目标任务$|"
    r"总体思路|基本思路|推进计划|发展基础|发展现状|现状|形势|背景|重要意义"
)
_TASK = re.compile(r"任务|行动|工程|举措|措施|重点工作|主要工作|工作重点|主要内容|重点项目|专项")
# -- an item's own title when no heading names the kind ---------------------------------------
_SAFEGUARD_TITLE = re.compile(
    r"^(?:加强|强化|完善|加大|注重|做好|健全|落实|严格)[^，,。]{0,3}"
    r"(?:组织领导|组织实施|组织保障|监督|考核|督查|督促|检查|资金|经费|投入|宣传|舆论|政策支撑|配套政策|统筹|协调|保障)"
)
_PRINCIPLE_TITLE = re.compile(r"^坚持|^[\u4e00-\u9fff]{2,5}[、，,][\u4e00-\u9fff]{2,5}$")
#: a heading-only item naming a list of tasks (an annex title)
_TASK_LIST = re.compile(r"任务分解|任务清单|任务分工|责任分工|分工方案|重点任务|主要任务|工作任务")
_SENTENCE_END = re.compile(r"[。；;！？!?]")
_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}
_TITLE_LIMIT = 60


# ----------------------------------------------------------------------------- vocabularies


@dataclass(frozen=True)
class _Rules:
    title_weight: int
    default_subtype: str
    precedence: tuple[str, ...]
    subtype_side: dict[str, str]
    subtype_patterns: dict[str, tuple[re.Pattern[str], ...]]
    category_patterns: dict[str, tuple[re.Pattern[str], ...]]
    category_precedence: tuple[str, ...]
    category_min_share: float
    category_min_score: int
    ip_types: tuple[tuple[str, tuple[re.Pattern[str], ...], tuple[re.Pattern[str], ...], bool], ...]
    ip_general: str


def _compile_list(source: str, where: str, raw: object) -> tuple[re.Pattern[str], ...]:
    if not isinstance(raw, list) or not raw:
        raise ValueError(f"{source}: {where}: must be a non-empty list of regexes")
    out = []
    for p in raw:
        try:
            pat = re.compile(str(p))
        except re.error as err:
            raise ValueError(f"{source}: {where}: regex {p!r} does not compile: {err}") from None
        if pat.search("") is not None:
            raise ValueError(f"{source}: {where}: regex {p!r} matches the empty text")
        out.append(pat)
    return tuple(out)


@data_cache
def load_rules() -> _Rules:
    """Load and validate ``data/instruments.yaml`` and ``data/ip_types.yaml`` (cached)."""
    src = data_path("instruments.yaml")
    with open(src, encoding="utf-8") as fh:
        raw = yaml.safe_load(fh)
    side: dict[str, str] = {}
    pats: dict[str, tuple[re.Pattern[str], ...]] = {}
    ids = [i.get("id") for i in raw.get("instruments", [])]
    if sorted(ids) != sorted(INSTRUMENTS):
        raise ValueError(f"{src}: instruments must be {list(INSTRUMENTS)}, got {ids}")
    for inst in raw["instruments"]:
        for sub in inst.get("subtypes") or []:
            sid = sub.get("id")
            if sid in side:
                raise ValueError(f"{src}: subtype {sid!r} listed twice")
            side[sid] = inst["id"]
            pats[sid] = _compile_list(str(src), f"subtype {sid!r} keywords", sub.get("keywords"))
    precedence = tuple(raw.get("precedence") or ())
    if sorted(precedence) != sorted(side):
        raise ValueError(f"{src}: precedence must list every subtype once: {sorted(side)}")
    default = raw.get("default")
    if default not in side:
        raise ValueError(f"{src}: default {default!r} is not a subtype")
    cats = raw.get("categories") or {}
    if sorted(cats) != sorted(CATEGORIES):
        raise ValueError(f"{src}: categories must be {list(CATEGORIES)}, got {sorted(cats)}")
    cat_pats = {c: _compile_list(str(src), f"category {c!r}", cats[c]) for c in CATEGORIES}
    cprec = tuple(raw.get("category_precedence") or ())
    if sorted(cprec) != sorted(CATEGORIES):
        raise ValueError(f"{src}: category_precedence must list every category once")

    isrc = data_path("ip_types.yaml")
    with open(isrc, encoding="utf-8") as fh:
        iraw = yaml.safe_load(fh)
    types = []
    for t in iraw.get("types") or []:
        tid = t.get("id")
        types.append((
            tid,
            _compile_list(str(isrc), f"type {tid!r} patterns", t.get("patterns")),
            _compile_list(str(isrc), f"type {tid!r} exclude", t["exclude"]) if t.get("exclude") else (),
            bool(t.get("is_right", True)),
        ))
    tids = [t[0] for t in types]
    if len(set(tids)) != len(tids):
        raise ValueError(f"{isrc}: duplicate type ids")
    return _Rules(
        title_weight=int(raw.get("title_weight", 1)), default_subtype=default,
        precedence=precedence, subtype_side=side, subtype_patterns=pats,
        category_patterns=cat_pats, category_precedence=cprec,
        category_min_share=float(raw.get("category_min_share", 0.34)),
        category_min_score=int(raw.get("category_min_score", 2)),
        ip_types=tuple(types), ip_general=str((iraw.get("general") or {}).get("id", "general")),
    )


def instrument_table() -> pd.DataFrame:
    """The instrument scheme: one row per subtype (instrument, subtype, zh, en, keywords)."""
    with open(data_path("instruments.yaml"), encoding="utf-8") as fh:
        raw = yaml.safe_load(fh)
    rows = []
    for inst in raw["instruments"]:
        for sub in inst["subtypes"]:
            rows.append({"instrument": inst["id"], "instrument_zh": inst["zh"],
                         "instrument_en": inst["en"], "subtype": sub["id"], "zh": sub["zh"],
                         "en": sub["en"], "keywords": " | ".join(sub["keywords"])})
    return pd.DataFrame(rows)


def ip_type_table() -> pd.DataFrame:
    """The IP types: one row per type (id, zh, en, patterns, exclude), ``general`` last."""
    with open(data_path("ip_types.yaml"), encoding="utf-8") as fh:
        raw = yaml.safe_load(fh)
    rows = [{"ip_type": t["id"], "zh": t["zh"], "en": t["en"],
             "patterns": " | ".join(t["patterns"]), "exclude": " | ".join(t.get("exclude") or [])}
            for t in raw["types"]]
    g = raw["general"]
    rows.append({"ip_type": g["id"], "zh": g["zh"], "en": g["en"], "patterns": "", "exclude": ""})
    return pd.DataFrame(rows)


# ----------------------------------------------------------------------------- classification


def _scores(patterns: dict[str, tuple[re.Pattern[str], ...]], title: str, body: str,
            weight: int) -> dict[str, int]:
    return {
        k: sum(len(p.findall(body)) + (weight - 1) * len(p.findall(title)) for p in pats)
        for k, pats in patterns.items()
    }


def classify_measure(title: str, body: str) -> dict[str, object]:
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
        if _heading_only(ln) and _TASK_LIST.search(title):
            last_list_title = title
    return out


def _kind_of_path(path: tuple[str, ...]) -> str | None:
    for title in path:
        for kind, pat in (("schedule", _SCHEDULE), ("safeguard", _SAFEGUARD),
                          ("framing", _FRAMING), ("task", _TASK)):
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
        if not (_is_prose(ln) or ROLE_RE.match(ln.text)):
            break
        last = ln
    return last


def _measure_id(document: str, start: int, end: int) -> str:
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


def measures_from_text(text: str, document: str, jurisdiction: str) -> pd.DataFrame:
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
            elif _SAFEGUARD_TITLE.search(title):
                kind = "safeguard"
            elif _PRINCIPLE_TITLE.search(title):
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
                "measure_id": _measure_id(document, a, b), "jurisdiction": jurisdiction,
                "document": document, "section_kind": kind,
                "is_task": kind in ("task", "schedule"), "section_path": " / ".join(it.path),
                "section_level": it.line.level, "marker": it.marker, "number": it.number,
                "part": p, "title": part_title, "quote": text[a:b], "start": a, "end": b,
                **classify_measure(part_title, masked),
            })
    df = pd.DataFrame(rows, columns=MEASURE_COLUMNS)
    if not df.empty and (df["section_kind"] != "unknown").any() and df["is_task"].any():
        df = df[df["section_kind"] != "unknown"]
    df = df.astype({"start": int, "end": int, "section_level": int, "part": int,
                    "is_task": bool, **{f"cat_{c}": bool for c in CATEGORIES}})
    df["number"] = df["number"].astype("Int64")
    return df.reset_index(drop=True)

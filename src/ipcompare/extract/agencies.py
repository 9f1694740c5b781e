"""Who is charged with each measure: lead, responsible and cooperating units, normalized.

Plans name the bodies in charge of a task in a few recurring forms, all parsed here:

- a parenthesised note closing the task or a sentence group of it:
  ``(责任单位:市科技局〈市知识产权局〉,各区人民政府)``, ``〔牵头单位:市知识产权局;责任单位:…〕``;
- lines of their own after the task: ``牵头单位：市科技局`` then ``责任单位：…``;
- prose: ``由市知识产权工作领导小组办公室牵头,会同市文广新局、市工商局等有关单位…`` (kept only
  when every name resolves to a known body, so ordinary sentences are not misread);
- a flattened responsibility table (a roadmap or task-breakdown annex) whose header has cells
  such as ``责任部门`` and ``协助部门``: a row group's label is matched to the plan's own task
  headings, and its agency cells are assigned to the measures under that heading.

Roles: 牵头 → ``lead``; 责任/主责/负责 → ``responsible``; 协助/协办/配合/参与/协作/支持 →
``cooperating``. A list is split at top-level ``、，,;；`` (never inside brackets, so
``各县(市、区)政府`` stays one name) and ``按职责分工负责`` and ``等有关单位`` tails are dropped.

Names are normalized with ``data/agencies.csv``: each row a canonical body (id, Chinese and English
name, type, default level, alias regex). The jurisdiction prefix (市/省/区…) is not part of the id;
it gives the row's ``level`` (explicit table level first, then the prefix, then the previous name
of the same list, then the plan's own level). A city's 科技局 and 知识产权局 are different bodies;
only the ``〈〉`` form ``市科技局〈市知识产权局〉`` ties them, and it is recorded as ONE body, the
one named first (``agency_id``), with the bracketed name as its alias (``alias_as_written``,
``alias_id``). A ``〈〉`` or ``()`` note that starts with 含/包括 or says 下同/以下简称 is a scope
note (``note``), not an alias.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass, field

import pandas as pd

from ..caching import data_cache
from ..paths import data_path
from .segment import Line, lines

ROLES = ("lead", "responsible", "cooperating")
LEVELS = ("national", "province", "city", "district", "zone", "non_government")
TYPES = (
    "government_department", "party", "party_government", "leading_group", "people_government",
    "zone_committee", "court", "procuratorate", "central_branch", "public_institution",
    "mass_organization", "non_government", "other",
)

AGENCY_COLUMNS = [
    "measure_id", "jurisdiction", "document", "role", "rank", "name_as_written", "agency_id",
    "name_zh", "name_en", "type", "level", "alias_as_written", "alias_id", "note", "start", "end",
    "form",
]

# -- role keywords (simplified and traditional) ---------------------------------------------
_LEAD = r"[牵牽][头頭]"
_RESP = r"[责責]任|主[责責]|[负負][责責]"
_COOP = r"[协協][助办辦作]|配合|[参參][与與]|支持"
_UNIT = r"(?:[单單]位|部[门門]|机构|機構)"
ROLE_RE = re.compile(rf"(?P<role>{_LEAD}|{_RESP}|{_COOP}){_UNIT}\s*[:：]")
#: a table header cell naming a role column (no colon)
ROLE_HEADER_RE = re.compile(rf"^(?P<role>{_LEAD}|{_RESP}|{_COOP}){_UNIT}$")

_OPEN = "(（〔【[〈<《"
_CLOSE = ")）〕】]〉>》"
_PAIR = dict(zip(_OPEN, _CLOSE, strict=True))
_SEPARATORS = "、，,;；"
_SPACE = " \t\u3000\xa0\r\n"
#: compounds whose 、 must not split them: 各区、市政府 (districts and county-level cities)
_PROTECTED = re.compile(r"各[区區县縣市](?:、[区區县縣市])+(?:人民)?政府")
_FUZE = r"[负負][责責]"
_TAIL = re.compile(
    rf"(?:按照?[职職](?:[责責]|能)分工(?:{_FUZE})?|分[别別]{_FUZE}|共同{_FUZE}|{_FUZE}|{_LEAD})$"
    r"|等(?:有[关關]|相[关關])?(?:[单單]位|部[门門])?$"
)
_NOTE = re.compile(r"^(?:含|包括|包含)|下同|以下[简簡][称稱]|[简簡][称稱]")
_ALIAS_BRACKETS = "〈<"
_PROSE = re.compile(
    rf"由(?P<a>[^，,。；;\n]{{2,40}}?)(?P<verb>{_LEAD}|{_FUZE})"
    r"(?:[，,]?[会會]同(?P<b>[^。；;，,\n等]{2,60})(?:等(?:有[关關]|相[关關])?(?:[单單]位|部[门門])?)?)?"
)
_ROW_NUMBER = re.compile(r"^\d{1,3}$")
_LABEL_MIN_RATIO = 0.6
_STRONG_LABEL = 0.8  # a line this close to a task title is a label even if it reads as names


def role_of(keyword: str) -> str:
    """Map a role keyword (牵头单位, 责任部门, 协助部门 …) to lead | responsible | cooperating."""
    if re.match(_LEAD, keyword):
        return "lead"
    if re.match(_RESP, keyword):
        return "responsible"
    return "cooperating"


# ----------------------------------------------------------------------------- agency table


@dataclass(frozen=True)
class Agency:
    """One canonical body of ``data/agencies.csv``."""

    id: str
    name_zh: str
    name_en: str
    type: str
    level: str
    aliases: str
    successor: str = ""
    note: str = ""
    pattern: re.Pattern[str] | None = field(default=None, compare=False, repr=False)


@data_cache
def load_agencies() -> tuple[Agency, ...]:
    """Load and validate ``data/agencies.csv`` (cached); raise ValueError naming the bad row."""
    path = data_path("agencies.csv")
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    need = ["id", "name_zh", "name_en", "type", "level", "aliases", "successor", "note"]
    missing = [c for c in need if c not in df.columns]
    if missing:
        raise ValueError(f"{path}: missing columns {missing}")
    out: list[Agency] = []
    for i, r in df.iterrows():
        where = f"{path}: row {i + 2} ({r['id']!r})"
        if not re.fullmatch(r"[a-z][a-z0-9_]*", r["id"]):
            raise ValueError(f"{where}: id must be snake_case ASCII")
        if not r["name_en"].strip() or not r["name_zh"].strip():
            raise ValueError(f"{where}: name_zh and name_en are required")
        if r["type"] not in TYPES:
            raise ValueError(f"{where}: unknown type {r['type']!r}; valid: {list(TYPES)}")
        if r["level"] and r["level"] not in LEVELS:
            raise ValueError(f"{where}: unknown level {r['level']!r}; valid: {list(LEVELS)}")
        try:
            pat = re.compile(r["aliases"])
        except re.error as err:
            raise ValueError(f"{where}: alias regex does not compile: {err}") from None
        if pat.search("") is not None:
            raise ValueError(f"{where}: alias regex matches the empty text")
        out.append(Agency(**{k: r[k] for k in need}, pattern=pat))
    ids = [a.id for a in out]
    dup = sorted({x for x in ids if ids.count(x) > 1})
    if dup:
        raise ValueError(f"{path}: duplicate ids {dup}")
    bad = sorted({a.successor for a in out if a.successor and a.successor not in ids})
    if bad:
        raise ValueError(f"{path}: unknown successor ids {bad}")
    return tuple(out)


def agency_table() -> pd.DataFrame:
    """The canonical agency table: id, name_zh, name_en, type, level, aliases, successor, note."""
    rows = [{k: getattr(a, k) for k in
             ("id", "name_zh", "name_en", "type", "level", "aliases", "successor", "note")}
            for a in load_agencies()]
    return pd.DataFrame(rows)


@data_cache
def _by_id() -> dict[str, Agency]:
    return {a.id: a for a in load_agencies()}


def _normalize(name: str) -> str:
    from ..vocab.taxonomy import normalize

    return normalize(name)


def match_agencies(name: str) -> list[tuple[str, int]]:
    """All table rows whose alias regex matches a name, as (id, match length), longest first."""
    n = _normalize(name)
    hits = []
    for a in load_agencies():
        m = a.pattern.search(n) if a.pattern is not None else None
        if m:
            hits.append((a.id, m.end() - m.start()))
    return sorted(hits, key=lambda h: -h[1])


def resolve_agency(name: str) -> str | None:
    """Canonical agency id of a name as written (longest alias match; None if unknown)."""
    hits = match_agencies(_strip_notes(name)[0])
    return hits[0][0] if hits else None


def _strip_notes(name: str) -> tuple[str, str, str]:
    """Split ``main〈alias〉`` / ``main(以下简称…)``: return (main, alias, note)."""
    alias, note = "", ""
    main = name
    m = re.search(r"[〈<(（]([^〈<>〉()（）]*)[〉>)）]\s*$", main)
    while m:
        inner = m.group(1).strip()
        if _NOTE.search(inner):
            note = inner if not note else f"{inner}; {note}"
        elif m.group(0)[0] in _ALIAS_BRACKETS:
            alias = inner
        else:  # an ordinary parenthesis that is part of the name: 各县(市、区)政府
            break
        main = main[: m.start()].rstrip()
        m = re.search(r"[〈<(（]([^〈<>〉()（）]*)[〉>)）]\s*$", main)
    return main, alias, note


# ----------------------------------------------------------------------------- parsing


@dataclass(frozen=True)
class NameSpan:
    """One name in a list of units, as written: ``text[start:end]``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Assignment:
    """A role and the names given for it, inside an annotation spanning ``start:end``.

    ``form`` is ``bracket``, ``line`` or ``inline`` (a role keyword with a colon), ``prose``
    (由…牵头，会同…) or ``table`` (a cell of a responsibility table).
    """

    role: str
    start: int
    end: int
    names: tuple[NameSpan, ...]
    form: str
    keyword: str = ""


def match_bracket(text: str, opener: int, limit: int | None = None) -> int:
    """Index of the bracket closing ``text[opener]`` (nested brackets counted), or -1."""
    limit = len(text) if limit is None else limit
    depth = 0
    for i in range(opener, limit):
        ch = text[i]
        if ch in _PAIR:
            depth += 1
        elif ch in _CLOSE:
            depth -= 1
            if depth == 0:
                return i
        elif ch == "\n" and text[opener] not in "〔【":
            return -1
    return -1


def split_names(text: str, start: int, end: int) -> list[NameSpan]:
    """Split ``text[start:end]`` into names at top-level 、，,;； (not inside brackets)."""
    protected = [(m.start(), m.end()) for m in _PROTECTED.finditer(text, start, end)]
    pieces: list[tuple[int, int]] = []
    depth, pos = 0, start
    for i in range(start, end):
        ch = text[i]
        if ch in _PAIR:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif ch in _SEPARATORS and depth == 0 and not any(a <= i < b for a, b in protected):
            pieces.append((pos, i))
            pos = i + 1
    pieces.append((pos, end))
    out: list[NameSpan] = []
    for a, b in pieces:
        while a < b and text[a] in _SPACE + "：:":
            a += 1
        while b > a and text[b - 1] in _SPACE + "。.":
            b -= 1
        tail = _TAIL.search(text, a, b)
        if tail and tail.start() > a:
            b = tail.start()
            while b > a and text[b - 1] in _SPACE:
                b -= 1
        if b > a:
            out.append(NameSpan(a, b, text[a:b]))
    return out


def _segments(text: str, start: int, end: int, form: str, outer: tuple[int, int]) -> list[Assignment]:
    """Role segments inside an annotation body ``text[start:end]`` (``牵头单位:A;责任单位:B``)."""
    hits = list(ROLE_RE.finditer(text, start, end))
    out = []
    for k, m in enumerate(hits):
        stop = hits[k + 1].start() if k + 1 < len(hits) else end
        names = split_names(text, m.end(), stop)
        if names:
            out.append(Assignment(role_of(m.group("role")), outer[0], outer[1], tuple(names),
                                  form, m.group(0).rstrip(":： ")))
    return out


def find_assignments(text: str, start: int = 0, end: int | None = None) -> list[Assignment]:
    """Responsibility notes written with a role keyword and a colon inside ``text[start:end]``.

    The bracket form spans its brackets; the line form (a line starting with the keyword) spans
    the line; any other keyword with a colon spans up to the next 。 or line end.
    """
    end = len(text) if end is None else end
    out: list[Assignment] = []
    covered = -1
    for m in ROLE_RE.finditer(text, start, end):
        if m.start() < covered:
            continue
        j = m.start() - 1
        while j >= start and text[j] in " \t\u3000":
            j -= 1
        line_start = text.rfind("\n", 0, m.start()) + 1
        if j >= start and text[j] in _OPEN and text[j] not in "〈<《":
            close = match_bracket(text, j, end)
            if close < 0:
                continue
            out += _segments(text, m.start(), close, "bracket", (j, close + 1))
            covered = close + 1
        else:
            stop = text.find("\n", m.start(), end)
            stop = end if stop < 0 else stop
            at_line_start = not text[line_start : m.start()].strip(_SPACE)
            form = "line" if at_line_start else "inline"
            if not at_line_start:
                dot = text.find("。", m.start(), stop)
                stop = stop if dot < 0 else dot
            body_end = stop
            while body_end > m.start() and text[body_end - 1] in _SPACE:
                body_end -= 1
            out += _segments(text, m.start(), body_end, form, (m.start(), body_end))
            covered = stop
    return out


def _resolves(names: tuple[NameSpan, ...] | list[NameSpan]) -> bool:
    return bool(names) and all(resolve_agency(n.text) for n in names)


def find_prose_assignments(text: str, start: int = 0, end: int | None = None) -> list[Assignment]:
    """``由A牵头(负责)，会同B…`` in prose, kept only when every name resolves to a known body."""
    end = len(text) if end is None else end
    out = []
    for m in _PROSE.finditer(text, start, end):
        a = split_names(text, m.start("a"), m.end("a"))
        if not (len(a) == 1 and _resolves(a)):
            continue
        role = "lead" if re.match(_LEAD, m.group("verb")) else "responsible"
        out.append(Assignment(role, m.start(), m.end(), tuple(a), "prose", m.group("verb")))
        if m.group("b"):
            b = split_names(text, m.start("b"), m.end("b"))
            if _resolves(b):
                out.append(Assignment("cooperating", m.start(), m.end(), tuple(b), "prose", "会同"))
    return out


# ----------------------------------------------------------------------------- levels


def _prefix_level(n: str, place: str) -> str:
    if re.match(r"^(?:国家|国务院|中央|中国(?!人民银行))", n):
        return "national"
    if re.match(r"^(?:省|自治区)", n):
        return "province"
    if re.match(r"^市(?!场)", n):
        return "city"
    if re.match(r"^(?:区|县)", n):
        return "district"
    if place and n.startswith(place):
        return "place"
    # a named place: 成都市…, 四川省…, 崂山区… (two to four characters before the suffix)
    m = re.match(r"^[\u4e00-\u9fff]{2,4}?(省|自治区|市(?!场)|州|区|县)", n)
    if m:
        return {"省": "province", "自治区": "province", "区": "district", "县": "district"}.get(
            m.group(1), "city")
    return ""


def _place_stem(name_zh: str) -> str:
    return re.sub(r"(?:市|省|自治区|区|县)$", "", name_zh or "")


# ----------------------------------------------------------------------------- rows


def _rows_for(assignment: Assignment, measure_id: str, jurisdiction: str, document: str,
              plan_level: str, place: str, rank_start: int) -> list[dict]:
    rows = []
    previous = ""
    for k, ns in enumerate(assignment.names):
        main, alias, note = _strip_notes(ns.text)
        aid = resolve_agency(main)
        ag = _by_id().get(aid) if aid else None
        prefix = _prefix_level(_normalize(main), place)
        if prefix == "place":
            prefix = plan_level
        if ag and ag.level:  # vertical agencies, district governments, zones, non-government
            level = ag.level
        elif prefix:
            level = previous = prefix
        else:  # 市发改委、经信委: an unprefixed name shares the prefix of the one before it
            level = previous or plan_level
        rows.append({
            "measure_id": measure_id, "jurisdiction": jurisdiction, "document": document,
            "role": assignment.role, "rank": rank_start + k, "name_as_written": ns.text,
            "agency_id": aid, "name_zh": ag.name_zh if ag else None,
            "name_en": ag.name_en if ag else None, "type": ag.type if ag else None,
            "level": level or None, "alias_as_written": alias or None,
            "alias_id": resolve_agency(alias) if alias else None, "note": note or None,
            "start": ns.start, "end": ns.end, "form": assignment.form,
        })
    return rows


def _label_candidates(measures: pd.DataFrame) -> list[tuple[str, list[str]]]:
    """Task titles a table label can name: each measure's title and each heading on its path."""
    by_title: dict[str, list[str]] = {}
    for r in measures.itertuples(index=False):
        keys = {r.title}
        for comp in str(r.section_path).split(" / ") if r.section_path else []:
            keys.add(comp)
        for key in keys:
            k = _clean_label(key)
            if k:
                by_title.setdefault(k, [])
                if r.measure_id not in by_title[k]:
                    by_title[k].append(r.measure_id)
    return list(by_title.items())


def _clean_label(s: str) -> str:
    from .segment import HEADING_LEVELS

    s = s.strip()
    for _, pat in HEADING_LEVELS:
        m = pat.match(s)
        if m:
            s = s[m.end():]
            break
    return _normalize(s.rstrip("。.…"))


def label_similarity(a: str, b: str) -> float:
    """Similarity of two titles: the larger of difflib's ratio and the Dice coefficient of their
    characters (so reordered wording, 建立决策城市发展的专利导航机制 ~ 建立专利导航城市创新发展决策机制,
    still matches)."""
    if not a or not b:
        return 0.0
    dice = 2 * sum((Counter(a) & Counter(b)).values()) / (len(a) + len(b))
    return max(dice, difflib.SequenceMatcher(None, a, b, autojunk=False).ratio())


def _best_label(text: str, candidates: list[tuple[str, list[str]]],
                threshold: float = _LABEL_MIN_RATIO) -> list[str] | None:
    t = _clean_label(text)
    if len(t) < 4:
        return None
    best, ids = 0.0, None
    for key, mids in candidates:
        if not set(t) & set(key):
            continue
        sim = label_similarity(t, key)
        if sim > best:
            best, ids = sim, mids
    return ids if best >= threshold else None


def table_assignments(text: str, all_lines: list[Line], measures: pd.DataFrame) -> list[tuple[Assignment, list[str]]]:
    """Agency cells of flattened responsibility tables, with the measures each row group names.

    A table is found by header cells naming role columns (责任部门, 协助部门 …). Below it, a line
    close to a task heading or measure title of the plan (``label_similarity`` ≥ 0.6) starts a
    row group (once the group's rows have begun, only a label naming other measures does);
    a line made only of known agency names is an agency cell, given the header's roles in order
    (the count restarts at every row number). The line right after a row number is the row's own
    content: in a table with group labels (a roadmap: 重点任务 → numbered targets) it is never a
    label; in a table without them (a task breakdown: 序号, 重点任务, 牵头单位, 配合单位) its lead
    phrase names the row's measure, and a row naming no measure assigns nothing.
    """
    out: list[tuple[Assignment, list[str]]] = []
    n = len(all_lines)
    i = 0
    candidates: list[tuple[str, list[str]]] | None = None
    while i < n:
        if not ROLE_HEADER_RE.match(all_lines[i].text.replace(" ", "")):
            i += 1
            continue
        roles = []
        j = i
        while j < n:  # consecutive role header cells: 责任部门, 协助部门 …
            m = ROLE_HEADER_RE.match(all_lines[j].text.replace(" ", ""))
            if not m:
                break
            roles.append(role_of(m.group("role")))
            j += 1
        if candidates is None:
            candidates = _label_candidates(measures)
        current: list[str] = []
        counter = 0
        after_number = rows_seen = group_mode = False
        k = j
        while k < n and all_lines[k].level not in (1, 2):
            ln = all_lines[k]
            t = ln.text
            if _ROW_NUMBER.match(t):
                counter, after_number, rows_seen = 0, True, True
                k += 1
                continue
            if after_number:
                after_number = False
                if not group_mode:
                    current = _best_label(re.split(r"[。；;]", t)[0], candidates) or []
                k += 1
                continue
            names = split_names(text, ln.start, ln.end)
            strong = _best_label(t, candidates, _STRONG_LABEL) if not re.search(r"[。；;]", t) else None
            if strong and not (rows_seen and set(strong) <= set(current)):
                current, counter, rows_seen, group_mode = strong, 0, False, True
            elif not re.search(r"[。；;\d]", t) and _resolves(names):
                if current:
                    role = roles[min(counter, len(roles) - 1)]
                    out.append((Assignment(role, ln.start, ln.end, tuple(names), "table",
                                           "table"), list(current)))
                counter += 1
            elif not re.search(r"[。；;]", t):
                ids = _best_label(t, candidates)
                # once a group's rows have begun, a cell naming one of its own measures is a
                # milestone, not a new label: only a label leaving the group is taken
                if ids and not (rows_seen and set(ids) <= set(current)):
                    current, counter, rows_seen, group_mode = ids, 0, False, True
            k += 1
        i = k
    return out


def agencies_from_text(
    text: str,
    document: str,
    jurisdiction: str,
    *,
    plan_level: str = "",
    place: str = "",
    measures: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per (measure, agency, role) of a plan text (see the module docstring).

    ``plan_level`` (city, province …) is the level of unprefixed names; ``place`` the
    jurisdiction's Chinese name (names starting with it get ``plan_level``); ``measures`` the
    text's measures table (computed when not given).
    """
    if measures is None:
        from .actions import measures_from_text

        measures = measures_from_text(text, document, jurisdiction)
    stem = _place_stem(place)
    rows: list[dict] = []
    all_lines = lines(text)
    for r in measures.itertuples(index=False):
        found = find_assignments(text, r.start, r.end)
        found += find_prose_assignments(text, r.start, r.end)
        found.sort(key=lambda a: (a.start, a.names[0].start))
        ranks: dict[str, int] = {}
        for a in found:
            new = _rows_for(a, r.measure_id, jurisdiction, document, plan_level, stem,
                            ranks.get(a.role, 0) + 1)
            ranks[a.role] = ranks.get(a.role, 0) + len(new)
            rows += new
    by_measure = {r.measure_id: r for r in measures.itertuples(index=False)}
    ranks2: dict[tuple[str, str], int] = {}
    for a, mids in table_assignments(text, all_lines, measures):
        for mid in mids:
            if mid not in by_measure:
                continue
            key = (mid, a.role)
            new = _rows_for(a, mid, jurisdiction, document, plan_level, stem, ranks2.get(key, 0) + 1)
            ranks2[key] = ranks2.get(key, 0) + len(new)
            rows += new
    df = pd.DataFrame(rows, columns=AGENCY_COLUMNS)
    if df.empty:
        return df.astype({"start": int, "end": int, "rank": int})
    # one row per (measure, body, role): the same body named again (a table's later rows) is
    # dropped; bodies sharing a canonical id but named differently (two zone committees) stay
    body = [_normalize(_strip_notes(n)[0]) for n in df["name_as_written"]]
    keys = pd.DataFrame({"m": df["measure_id"], "r": df["role"], "k": body})
    df = df[~keys.duplicated()].reset_index(drop=True)
    df["rank"] = df.groupby(["measure_id", "role"]).cumcount() + 1
    return df

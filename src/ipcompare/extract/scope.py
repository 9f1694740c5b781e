"""What each target's number covers: the plan's whole area, each counted unit, one zone, or a part.

Decisions (what the module promises)
    ``scope`` is one of :data:`~ipcompare.vocab.constants.SCOPES`:

    - ``jurisdiction``: a total or rate for the plan's whole area (the default);
    - ``per_entity``: a condition each counted unit must meet, not a total: a threshold after
      其中 on a count of other things (培育40个专利组合，其中发明专利不低于50件: the 50 is a
      condition on each portfolio); a number in a sentence whose earlier words say 每个/每家/
      单个/均/须 (遴选20家企业，入选企业均须…配备人员不少于3名); a threshold on the unit
      named after the number (年主营业务收入不低于1000万元、…的机构); an attribute of each unit
      after a count of units (打造10家机构，年主营业务收入不低于1000万元); a support cap
      (每件最高资助3万元);
    - ``sub_area``: a figure for one zone, district, park or platform: a zone noun, 在X区, 区内 or
      依托…平台 earlier in the sentence, a gathering verb opening the number's clause (聚集1000家
      企业: gathered at the platform or zone the sentence names), another place named at the
      start of the clause (深圳市…达到3000家 in a provincial plan; 其中西安市…), a heading about
      building one zone, or a target whose roadmap steps are all for a zone. The plan's own
      area named after the locus (全市, 全省, the plan's own name) takes the number back to the
      whole area, except as a denominator (占全市比重). In a zone's own plan (its name ends in
      区), 区内 is the whole area;
    - ``subset``: a part of a count stated just before it in the same unit (专利申请量2万件，
      其中发明专利8000件), a first tranche or phase (首期设立1亿元), or a subject naming one kind
      or tier of its indicator (the taxonomy's ``subsets``: 省级示范企业 of an all-tier
      indicator, 中小型服务机构 of all service institutions).

    Markers count only within the number's sentence (up to 。；), never across it, and at most
    ``WINDOW`` characters either side of the number (a sentence of a plan is far shorter; a
    runaway "sentence" of thousands of numbers is read in windows, so the work stays linear).
    Sentence and line boundaries are found once per text (:class:`Bounds`) and looked up by
    bisection.
    ``qualifies`` names the count a per-entity condition qualifies: the nearest count of units
    (家, 个 …) before it in the sentence, else the first after it; ``scope_cue`` the words that
    decided, so a reviewer can check each decision. Cue words are data (``data/cues.yaml``,
    section ``scope``); only structure (punctuation, positions) is code. A zone noun that ends
    the target's own subject is what is counted (培育5个产业园区), not a locus.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

import pandas as pd

from ..caching import data_cache
from ..vocab.lexicon import cues
from ..vocab.taxonomy import load_taxonomy
from .years import simplified

__all__ = ["WINDOW", "Bounds", "Scope", "assign_scope", "read_scope"]

WINDOW = 600  # characters read either side of a number (the longest plan sentence is < 300)

_SENTENCE_END = re.compile(r"[。；;！？!?\n]")
_CLAUSE_END = re.compile(r"[，,：:]")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_MARKER = re.compile(r"^[（(]?[一二三四五六七八九十0-9]+[)）、.．]\s*")


@dataclass(frozen=True)
class Scope:
    """A number's scope, the words that decided it and the target it qualifies (if any)."""

    scope: str
    cue: str = ""
    qualifies: str | None = None


@dataclass(frozen=True)
class _Head:
    """A target earlier in the same sentence."""

    number_start: int
    unit_zh: str
    target_id: str
    scope: Scope


@dataclass(frozen=True)
class _Rules:
    part: re.Pattern[str]
    phase: re.Pattern[str]
    each: re.Pattern[str]
    each_exception: re.Pattern[str]
    requirement: re.Pattern[str]
    threshold: re.Pattern[str]
    relative_tail: re.Pattern[str]
    support_cap: re.Pattern[str]
    attribute: re.Pattern[str]
    classifiers: frozenset[str]
    zone: re.Pattern[str]
    place: re.Pattern[str]
    inside: re.Pattern[str]
    gather: re.Pattern[str]
    reliance: re.Pattern[str]
    place_name: re.Pattern[str]
    continuation: re.Pattern[str]
    share: re.Pattern[str]
    zone_heading: re.Pattern[str]
    whole: re.Pattern[str]


@data_cache
def _rules() -> _Rules:
    c = cues()

    def alt(key: str) -> str:
        return f"(?:{c.alt(f'scope.{key}')})"

    return _Rules(
        part=re.compile(alt("part_markers")),
        phase=re.compile(alt("phase_markers")),
        each=re.compile(f"{alt('each_markers')}|"
                        + c.not_after("scope.all_not_after") + alt("all_markers")
                        + f"|{alt('requirement_markers')}"),
        each_exception=re.compile(alt("each_exceptions")),
        requirement=re.compile(alt("requirement_markers")),
        threshold=re.compile(alt("thresholds")),
        relative_tail=re.compile(
            r"^(?:以上|以下|左右)?(?:[、和及与][^，,。；;的]{0,24})?的[^，,。；;、]{0,16}?"
            + alt("entity_nouns")),
        support_cap=re.compile(alt("support_caps")),
        attribute=re.compile("^" + alt("entity_attributes")),
        classifiers=frozenset(c.words("scope.unit_classifiers")),
        zone=re.compile(alt("zone_nouns")),
        place=re.compile(alt("place_prepositions") + r"[\u4e00-\u9fff]{1,10}?"
                         + alt("place_suffixes")),
        inside=re.compile(c.not_after("scope.inside_not_after") + alt("inside_markers")),
        gather=re.compile(alt("gather_verbs")),
        reliance=re.compile(alt("reliance_markers") + r"[^，,。；;]*" + alt("reliance_nouns")),
        place_name=re.compile(r"(?:其中)?" + f"(?!{c.alt('scope.place_name_not_first')})"
                              + r"[\u4e00-\u9fff]{2,6}?" + alt("place_name_suffixes")
                              + c.not_after("scope.place_name_not_before")
                              + f"(?!{c.alt('scope.place_name_not_before')})"),
        continuation=re.compile("^" + alt("continuations")),
        share=re.compile(alt("share_markers") + "$"),
        zone_heading=re.compile(alt("zone_heading_verbs") + r"[^/]*?" + alt("zone_nouns")
                                + r"(?:建设)?$"),
        whole=re.compile(alt("whole_area")),
    )


class Bounds:
    """Sentence ends and line starts of one text, found once; looked up by bisection."""

    def __init__(self, text: str) -> None:
        self.n = len(text)
        self.ends = [m.end() for m in _SENTENCE_END.finditer(text)]
        self.lines = [0] + [m.end() for m in re.finditer("\n", text)]

    def sentence(self, start: int, end: int) -> tuple[int, int]:
        """The sentence holding ``start``…``end``: after the last mark before ``start``, up to
        the first mark at or after ``end``."""
        i = bisect_right(self.ends, start)
        j = bisect_right(self.ends, end)
        return (self.ends[i - 1] if i else 0), (self.ends[j] - 1 if j < len(self.ends) else self.n)

    def window(self, start: int, end: int) -> tuple[int, int]:
        """The sentence, cut to ``WINDOW`` characters either side of the number."""
        a, b = self.sentence(start, end)
        return max(a, start - WINDOW), min(b, end + WINDOW)

    def line_start(self, pos: int) -> int:
        """Start of the paragraph (line) holding ``pos``."""
        return self.lines[bisect_right(self.lines, pos) - 1]

    def line_end(self, pos: int) -> int:
        """End of the paragraph (line) holding ``pos`` (its newline, or the text's end)."""
        i = bisect_right(self.lines, pos)
        return self.lines[i] - 1 if i < len(self.lines) else self.n


def _clause_start(text: str, a: int, start: int) -> int:
    return max((m.end() for m in _CLAUSE_END.finditer(text, a, start)), default=a)


def _whole_after(text: str, a: int, start: int, place: str) -> list[int]:
    """Ends of mentions of the plan's whole area before ``start`` (not as a denominator)."""
    r = _rules()
    ends = [m.end() for m in r.whole.finditer(text, a, start)
            if not r.share.search(text[max(a, m.start() - 2):m.start()])]
    core = _core(place)
    if len(core) >= 2:
        ends += [a + m.end() for m in re.finditer(re.escape(core), text[a:start])
                 if not (text[a + m.start() - 1:a + m.start()] in ("（", "(")
                         and text[a + m.end():a + m.end() + 1] in ("）", ")"))]  # （重庆）: a name
    return ends


def _core(place: str) -> str:
    """A place name without its administrative suffix (石家庄市 → 石家庄)."""
    return re.sub(r"(?:省|市|自治区|自治州|州|县|区|盟)$", "", place or "")


def _count_head(heads: list[_Head], unit_zh: str) -> str | None:
    """The nearest count of units (家, 个 …) among the heads, in another unit than ``unit_zh``."""
    counts = [h for h in heads if h.unit_zh in _rules().classifiers and h.unit_zh != unit_zh
              and h.scope.scope != "per_entity"]
    return counts[-1].target_id if counts else None


def _per_entity(text: str, a: int, cl: int, start: int, end: int, b: int, unit_zh: str,
                heads: list[_Head], place: str) -> Scope | None:
    """A condition on each counted unit, or a part of the count before it (其中)."""
    r = _rules()
    clause = text[cl:start]
    parts = list(r.part.finditer(text, a, start))
    if parts and not _whole_after(text, parts[-1].end(), start, place):
        if _sub_area(text, parts[-1].start(), parts[-1].start(), start, "", place):
            return None  # 其中 names a place: a zone's part, read as a sub-area

        before = [h for h in heads if h.number_start < parts[-1].start()]
        if before:
            h = before[-1]
            if h.unit_zh and unit_zh and h.unit_zh != unit_zh:
                return Scope("per_entity", parts[-1].group(0), h.target_id)
            return Scope("subset", parts[-1].group(0))
    whole = max(_whole_after(text, a, start, place), default=a)
    for m in r.each.finditer(text, whole, start):
        if not r.each_exception.match(text, m.start()):
            return Scope("per_entity", m.group(0), _count_head(heads, unit_zh))
    if heads and heads[-1].scope.scope == "per_entity" and r.continuation.match(clause):
        return heads[-1].scope
    tail = text[end:b]
    if unit_zh and tail.startswith(unit_zh):
        tail = tail[len(unit_zh):]
    if (unit_zh not in ("%", "％") and r.threshold.search(clause[-8:] + tail[:4])
            and r.relative_tail.search(tail)):
        return Scope("per_entity", "…的", _count_head(heads, unit_zh))
    m = r.support_cap.search(clause)
    if m:
        return Scope("per_entity", m.group(0), None)
    m = r.phase.search(clause)
    if m:
        return Scope("subset", m.group(0))  # 首期: a first tranche, a part of the whole
    head = _count_head(heads, unit_zh)
    m = r.attribute.search(clause)
    if m and head and r.threshold.search(clause + tail[:4]) and not r.whole.search(clause):
        return Scope("per_entity", m.group(0), head)
    return None


def _is_own(name: str, place: str) -> bool:
    """Whether a place named in the text is the plan's own area (石家庄 in 石家庄市's plan)."""
    if not place:
        return False
    core = _core(place)
    return bool(core) and (name.startswith(core) or core.startswith(name.rstrip("市区县州")))


def _sub_area(text: str, a: int, cl: int, start: int, subject: str, place: str) -> Scope | None:
    """One zone, park, platform or district named as the number's locus."""
    r = _rules()
    own_zone = bool(place) and place.endswith("区")
    def own_zone_named(m: re.Match[str]) -> bool:  # the zone of a zone's own plan
        words = re.sub(r"^(?:在|于|依托)", "", m.group(0))
        return bool(place) and (words == place or place.endswith(words))

    def counted(m: re.Match[str]) -> bool:  # the zone is what is counted (培育5个产业园区)
        at = subject.rfind(m.group(0)) if subject else -1
        return at >= 0 and len(subject) - at - len(m.group(0)) <= 1

    loci = [m for m in (*r.zone.finditer(text, a, start), *r.reliance.finditer(text, a, start))
            if not counted(m) and not own_zone_named(m)]
    loci += [m for m in r.place.finditer(text, a, start)
             if not _is_own(re.sub(r"^(?:在|于)", "", m.group(0)), place)
             and not own_zone_named(m)]
    if not own_zone:
        loci += list(r.inside.finditer(text, a, start))
    name = r.place_name.match(text, cl, start)
    if name and not _is_own(name.group(0).removeprefix("其中"), place):
        loci.append(name)
    whole = _whole_after(text, a, start, place)
    g = r.gather.match(text, cl, start) or (
        r.gather.search(text, max(cl, start - 6), start) if start - cl <= 8 else None)
    if g and not [w for w in whole if w > g.start()]:
        return Scope("sub_area", g.group(0))
    if loci:
        last = max(loci, key=lambda m: m.end())
        if not [w for w in whole if w > last.end()]:
            return Scope("sub_area", last.group(0))
    return None


def read_scope(text: str, start: int, end: int, unit_zh: str = "", subject: str = "",
               section: str = "", heads: list[_Head] | None = None, place: str = "",
               bounds: Bounds | None = None) -> Scope:
    """The scope of the number ``text[start:end]`` (``text`` in simplified characters).

    ``bounds`` are the text's :class:`Bounds` (found here when not given: pass them when
    reading many numbers of one text)."""
    heads = heads or []
    a, b = (bounds or Bounds(text)).window(start, end)
    cl = _clause_start(text, a, start)
    if heads and cl > a and not _CJK.search(text[cl:start]) and heads[-1].scope.scope == "sub_area":
        return heads[-1].scope  # a bare list item continues the zone of the item before it
    found = (_per_entity(text, a, cl, start, end, b, unit_zh, heads, place)
             or _sub_area(text, a, cl, start, subject, place))
    if found:
        return found
    inner = _MARKER.sub("", str(section or "").split(" / ")[-1].strip())
    if inner and _rules().zone_heading.search(inner):
        return Scope("sub_area", inner)
    return Scope("jurisdiction")


def _subset(subject: str, indicator: object) -> str:
    """The words of a subject naming one kind or tier of its indicator ('' when none)."""
    if not isinstance(indicator, str) or not indicator:
        return ""
    try:
        patterns = load_taxonomy().indicator(indicator).subsets
    except Exception:  # noqa: BLE001 - an unknown indicator has no parts
        return ""
    for pat in patterns:
        m = pat.search(subject)
        if m:
            return m.group(0)
    return ""


def assign_scope(targets: pd.DataFrame, text: str, place: str = "") -> pd.DataFrame:
    """Set ``scope``, ``scope_cue`` and ``qualifies`` on one document's targets (a new table).

    ``place`` is the plan's own area in Chinese (the registry's ``name_zh``), when known.
    """
    out = targets.copy()
    if out.empty:
        return out.assign(scope=pd.Series(dtype=object), scope_cue=pd.Series(dtype=object),
                          qualifies=pd.Series(dtype=object))
    plain, place = simplified(text), simplified(place or "")
    bounds = Bounds(plain)
    classifiers = _rules().classifiers
    found: dict[object, Scope] = {}
    heads: list[_Head] = []
    starts: list[int] = []  # heads' number_start, ascending (rows are read in text order)
    sentence_of: dict[object, int] = {}
    subjects: dict[str, str] = {}
    rows = dict(zip(out.index, out.to_dict("records"), strict=True))
    order = out["number_start"].astype("Float64").fillna(-1).astype(float).sort_values(kind="stable")
    for i in order.index:
        row = rows[i]
        if row["status"] == "supplementary" or pd.isna(row["number_start"]):
            found[i] = Scope("jurisdiction")
            continue
        ns, ne = int(row["number_start"]), int(row["number_end"])
        a, _ = bounds.window(ns, ne)
        sentence_of[i] = a
        same = heads[bisect_left(starts, a):bisect_left(starts, ns)]
        unit_zh = simplified(str(row["unit_zh"] or ""))
        subject = simplified(str(row["subject"] or ""))
        found[i] = read_scope(plain, ns, ne, unit_zh, subject, str(row.get("section") or ""),
                              same, place, bounds)
        if found[i].scope == "jurisdiction":
            part = _subset(subject, row.get("indicator"))
            if part:
                found[i] = Scope("subset", part)
        heads.append(_Head(ns, unit_zh, str(row["target_id"]), found[i]))
        starts.append(ns)
        subjects[str(row["target_id"])] = subject
    # a condition stated before the count it qualifies (对…的机构，每家…，全市培育此类机构12家)
    for i, s in list(found.items()):
        if s.scope == "per_entity" and s.qualifies is None and i in sentence_of:
            ns = int(rows[i]["number_start"])
            a, b = bounds.window(ns, ns)
            stop = min(max(b, bounds.line_end(a)), ns + 4 * WINDOW)
            para, sentence = bounds.line_start(a), plain[a:b]
            for h in heads[bisect_right(starts, ns):]:
                if h.number_start >= stop:
                    break
                if (h.unit_zh in classifiers and h.scope.scope in ("jurisdiction", "subset")
                        and (h.number_start < b  # in the sentence, or a later one naming the units
                             or (bounds.line_start(h.number_start) == para
                                 and len(subjects[h.target_id]) >= 4
                                 and subjects[h.target_id] in sentence))):
                    found[i] = Scope(s.scope, s.cue, h.target_id)
                    break
    # a target whose roadmap steps are all for one zone is that zone's
    steps = out[out["status"].eq("milestone") & out["milestone_of"].notna()]
    zoned = {
        parent: all(found[i].scope == "sub_area" for i in idx)
        for parent, idx in steps.groupby("milestone_of").groups.items()
    }
    for i in out.index:
        if found[i].scope == "jurisdiction" and zoned.get(out.at[i, "target_id"], False):
            found[i] = Scope("sub_area", "roadmap")
    out["scope"] = [found[i].scope for i in out.index]
    out["scope_cue"] = [found[i].cue for i in out.index]
    out["qualifies"] = [found[i].qualifies for i in out.index]
    return out


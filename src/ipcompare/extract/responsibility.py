"""Responsibility notes: who a plan charges with a task, as written (roles and names, with offsets).

Plans name the bodies in charge of a task in a few recurring forms, all found here:

- a parenthesised note closing the task or a sentence group of it:
  ``(责任单位:市科技局〈市知识产权局〉,各区人民政府)``, ``〔牵头单位:市知识产权局;责任单位:…〕``;
- lines of their own after the task: ``牵头单位：市科技局`` then ``责任单位：…``;
- prose: ``由市知识产权工作领导小组办公室牵头,会同市文广新局、市工商局等有关单位…`` (kept only
  when every name resolves to a known body, so ordinary sentences are not misread).

Decisions (what the module promises)
    Roles: 牵头 → ``lead``; 责任/主责/负责 → ``responsible``; 协助/协办/配合/参与/协作/支持 →
    ``cooperating`` (the keywords are ``responsibility.*`` in ``data/cues.yaml``). A list is
    split at top-level ``、，,;；`` (never inside brackets, so ``各县(市、区)政府`` stays one name)
    and ``按职责分工负责`` and ``等有关单位`` tails are dropped. Both the task items
    (:mod:`~ipcompare.extract.actions`, which cut items at these notes) and the agency rows
    (:mod:`~ipcompare.extract.agencies`) use this module; it imports neither.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..caching import data_cache
from ..vocab.agencies import resolve_agency
from ..vocab.lexicon import cues

ROLES = ("lead", "responsible", "cooperating")

_OPEN = "(（〔【[〈<《"
_CLOSE = ")）〕】]〉>》"
_PAIR = dict(zip(_OPEN, _CLOSE, strict=True))
_SEPARATORS = "、，,;；"
_SPACE = " \t\u3000\xa0\r\n"


def _alt(key: str) -> str:
    return cues().alt(f"responsibility.{key}")


def _roles() -> str:
    return f"(?P<role>{_alt('lead')}|{_alt('responsible')}|{_alt('cooperating')})(?:{_alt('units')})"


@data_cache
def role_re() -> re.Pattern[str]:
    """A role keyword with a colon: 牵头单位：, 责任部门: …; group ``role`` is the role word."""
    return re.compile(rf"{_roles()}\s*[:：]")


@data_cache
def role_header_re() -> re.Pattern[str]:
    """A table header cell naming a role column (no colon): 责任部门, 协助部门 …"""
    return re.compile(rf"^{_roles()}$")


@data_cache
def _protected() -> re.Pattern[str]:
    return re.compile(_alt("protected_names"))


@data_cache
def _tail() -> re.Pattern[str]:
    return re.compile(rf"(?:{_alt('name_tails')})$|(?:{_alt('etc_tails')})$")


@data_cache
def _prose() -> re.Pattern[str]:
    return re.compile(
        rf"(?:{_alt('prose_by')})(?P<a>[^，,。；;\n]{{2,40}}?)(?P<verb>{_alt('lead')}|{_alt('duty')})"
        rf"(?:[，,]?(?:{_alt('prose_with')})(?P<b>[^。；;，,\n等]{{2,60}})(?:{_alt('etc_tails')})?)?"
    )


def role_of(keyword: str) -> str:
    """Map a role keyword (牵头单位, 责任部门, 协助部门 …) to lead | responsible | cooperating."""
    if re.match(_alt("lead"), keyword):
        return "lead"
    if re.match(_alt("responsible"), keyword):
        return "responsible"
    return "cooperating"


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
    protected = [(m.start(), m.end()) for m in _protected().finditer(text, start, end)]
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
        tail = _tail().search(text, a, b)
        if tail and tail.start() > a:
            b = tail.start()
            while b > a and text[b - 1] in _SPACE:
                b -= 1
        if b > a:
            out.append(NameSpan(a, b, text[a:b]))
    return out


def _segments(text: str, start: int, end: int, form: str, outer: tuple[int, int]) -> list[Assignment]:
    """Role segments inside an annotation body ``text[start:end]`` (``牵头单位:A;责任单位:B``)."""
    hits = list(role_re().finditer(text, start, end))
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
    for m in role_re().finditer(text, start, end):
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


def all_resolve(names: tuple[NameSpan, ...] | list[NameSpan]) -> bool:
    """True when there are names and every one resolves to a known body."""
    return bool(names) and all(resolve_agency(n.text) for n in names)


def find_prose_assignments(text: str, start: int = 0, end: int | None = None) -> list[Assignment]:
    """``由A牵头(负责)，会同B…`` in prose, kept only when every name resolves to a known body."""
    end = len(text) if end is None else end
    out = []
    for m in _prose().finditer(text, start, end):
        a = split_names(text, m.start("a"), m.end("a"))
        if not (len(a) == 1 and all_resolve(a)):
            continue
        role = "lead" if re.match(_alt("lead"), m.group("verb")) else "responsible"
        out.append(Assignment(role, m.start(), m.end(), tuple(a), "prose", m.group("verb")))
        if m.group("b"):
            b = split_names(text, m.start("b"), m.end("b"))
            if all_resolve(b):
                out.append(Assignment("cooperating", m.start(), m.end(), tuple(b), "prose", "会同"))
    return out

"""The agency directory: the canonical bodies of ``data/agencies.csv`` and how names match them.

Decisions (what the module promises)
    Each row is a canonical body (id, Chinese and English name, type, default level, alias
    regex, 2018-reform successor); the file is validated on load and every error names the
    file and the row. A name is matched on its normalized form (the taxonomy's normalization)
    against every alias regex, longest match first. A jurisdiction prefix (市/省/区…) is not part
    of the id. ``市科技局〈市知识产权局〉`` resolves to the body named first; a bracketed note
    that starts with 含/包括 or says 下同/以下简称 (``responsibility.scope_notes`` in
    ``data/cues.yaml``) is a scope note, not an alias.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from ..caching import data_cache
from ..paths import data_path
from .lexicon import cues
from .taxonomy import normalize

LEVELS = ("national", "province", "city", "district", "zone", "non_government")
TYPES = (
    "government_department", "party", "party_government", "leading_group", "people_government",
    "zone_committee", "court", "procuratorate", "central_branch", "public_institution",
    "mass_organization", "non_government", "other",
)
#: brackets whose content is an alias (市科技局〈市知识产权局〉), not part of the name
ALIAS_BRACKETS = "〈<"


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
def agency_by_id() -> dict[str, Agency]:
    """The canonical bodies by id."""
    return {a.id: a for a in load_agencies()}


def normalize_name(name: str) -> str:
    """A name as the alias regexes see it (the taxonomy's normalization)."""
    return normalize(name)


def match_agencies(name: str) -> list[tuple[str, int]]:
    """All table rows whose alias regex matches a name, as (id, match length), longest first."""
    n = normalize_name(name)
    hits = []
    for a in load_agencies():
        m = a.pattern.search(n) if a.pattern is not None else None
        if m:
            hits.append((a.id, m.end() - m.start()))
    return sorted(hits, key=lambda h: -h[1])


def resolve_agency(name: str) -> str | None:
    """Canonical agency id of a name as written (longest alias match; None if unknown)."""
    hits = match_agencies(strip_notes(name)[0])
    return hits[0][0] if hits else None


def strip_notes(name: str) -> tuple[str, str, str]:
    """Split ``main〈alias〉`` / ``main(以下简称…)``: return (main, alias, note)."""
    alias, note = "", ""
    main = name
    m = re.search(r"[〈<(（]([^〈<>〉()（）]*)[〉>)）]\s*$", main)
    while m:
        inner = m.group(1).strip()
        if cues().regex("responsibility.scope_notes").search(inner):
            note = inner if not note else f"{inner}; {note}"
        elif m.group(0)[0] in ALIAS_BRACKETS:
            alias = inner
        else:  # an ordinary parenthesis that is part of the name: 各县(市、区)政府
            break
        main = main[: m.start()].rstrip()
        m = re.search(r"[〈<(（]([^〈<>〉()（）]*)[〉>)）]\s*$", main)
    return main, alias, note

"""Policy instruments, categories and IP types of task items: the rules of ``data/instruments.yaml``
and ``data/ip_types.yaml``, loaded and validated.

Decisions (what the module promises)
    Instruments follow Rothwell & Zegveld (1985): supply, demand, environment, with subtypes after
    赵筱媛 & 苏竣 (2007); their ids and the categories must be exactly
    :data:`ipcompare.vocab.constants.INSTRUMENTS` and ``CATEGORIES``, every subtype listed once
    in ``precedence``. Every keyword is a regex that must compile and must not match the empty
    text; errors name the file and the entry. The rules are applied by
    :func:`ipcompare.extract.actions.classify_action`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd
import yaml

from ..caching import data_cache
from ..paths import data_path
from .constants import CATEGORIES, INSTRUMENTS


@dataclass(frozen=True)
class Rules:
    """The validated classification rules of instruments.yaml and ip_types.yaml."""

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
def load_rules() -> Rules:
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
    return Rules(
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

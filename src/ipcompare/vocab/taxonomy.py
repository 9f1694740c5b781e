"""The indicator taxonomy (data/taxonomy.yaml): categories, canonical indicators, ``classify``.

The YAML is data: eight categories with fallback keywords, canonical indicators with alias
regexes, a traditional→simplified character table and the unit families that say which target
units fit which indicators. This module loads and validates it once, and classifies a target's
subject (see the header of ``data/taxonomy.yaml`` for the rules).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from ..caching import data_cache
from ..paths import data_path
from .chinese import opencc_table
from .constants import BASES, MEASURES
from .taxonomy_model import _LANGS, OTHER, Category, Classification, Indicator, Taxonomy

_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_REQUIRED_CATEGORY_KEYS = ("id", "zh", "en", "description", "keywords")
_REQUIRED_INDICATOR_KEYS = ("id", "zh", "en", "definition", "category", "unit", "measures", "aliases")
_OPTIONAL_INDICATOR_KEYS = ("exclude", "national", "note", "broader", "subsets", "bases", "headline")

def _fail(source: str, where: str, message: str) -> ValueError:
    return ValueError(f"{source}: {where}: {message}")


def _compile(source: str, where: str, pattern: Any) -> re.Pattern[str]:
    if not isinstance(pattern, str) or not pattern:
        raise _fail(source, where, f"regex must be a non-empty string, got {pattern!r}")
    try:
        compiled = re.compile(pattern, re.IGNORECASE)
    except re.error as err:
        raise _fail(source, where, f"regex {pattern!r} does not compile: {err}") from None
    if compiled.search("") is not None:
        raise _fail(source, where, f"regex {pattern!r} matches the empty text")
    return compiled


def _str_list(source: str, where: str, value: Any, *, allow_empty: bool = False) -> list[str]:
    if value is None and allow_empty:
        return []
    if not isinstance(value, list) or (not value and not allow_empty):
        raise _fail(source, where, f"must be a {'' if allow_empty else 'non-empty '}list, got {value!r}")
    return value


def _parse_normalization(source: str, raw: Mapping[str, Any]) -> tuple[dict[int, str], tuple]:
    table: dict[int, str] = {}
    for pair in str(raw.get("traditional_to_simplified", "")).split():
        if len(pair) != 2 or pair[0] == pair[1]:
            raise _fail(source, "normalization.traditional_to_simplified",
                        f"entry {pair!r} must be two different characters (traditional, simplified)")
        if ord(pair[0]) in table:
            raise _fail(source, "normalization.traditional_to_simplified",
                        f"character {pair[0]!r} is listed twice")
        table[ord(pair[0])] = pair[1]
    chained = sorted(v for v in table.values() if ord(v) in table)
    if chained:
        raise _fail(source, "normalization.traditional_to_simplified",
                    f"simplified characters {chained} are also listed as traditional")
    variants = raw.get("variants") or {}
    if not isinstance(variants, Mapping):
        raise _fail(source, "normalization.variants", "must be a mapping")
    pairs = tuple(sorted(((str(k), str(v)) for k, v in variants.items()), key=lambda p: -len(p[0])))
    return table, pairs


def _parse_units(source: str, raw: Mapping[str, Any]) -> tuple[dict[str, str], frozenset, frozenset]:
    families = raw.get("families")
    if not isinstance(families, Mapping) or not families:
        raise _fail(source, "units.families", "must be a non-empty mapping of family → unit codes")
    unit_family: dict[str, str] = {}
    for fam, codes in families.items():
        for code in _str_list(source, f"units.families.{fam}", codes):
            if code in unit_family:
                raise _fail(source, f"units.families.{fam}", f"unit {code!r} is in two families")
            unit_family[code] = str(fam)
    fits_any = frozenset(_str_list(source, "units.fits_any_indicator",
                                   raw.get("fits_any_indicator"), allow_empty=True))
    pairs = frozenset(frozenset(p) for p in _str_list(source, "units.compatible_families",
                                                      raw.get("compatible_families"), allow_empty=True))
    unknown = sorted((set(fits_any) | {f for p in pairs for f in p}) - set(families))
    if unknown:
        raise _fail(source, "units", f"unknown unit families {unknown}; valid: {sorted(families)}")
    return unit_family, fits_any, pairs


def _parse_bases(source: str, where: str, value: Any) -> tuple[str, ...]:
    """A list of comparison bases: known ones (vocab BASES), no repeats, ``as_stated`` first."""
    bases = _str_list(source, where, value)
    bad = sorted({str(b) for b in bases} - set(BASES))
    if bad:
        raise _fail(source, where, f"unknown bases {bad}; valid: {list(BASES)}")
    if len(set(bases)) != len(bases):
        raise _fail(source, where, f"lists a basis twice: {bases}")
    if bases[0] != "as_stated":
        raise _fail(source, where, f"must start with 'as_stated' (the plan's own figure), got {bases}")
    return tuple(bases)


def _parse_default_bases(source: str, raw: Any, units: Mapping[str, str]) -> dict[str, tuple[str, ...]]:
    """``default_bases``: unit code → the bases that make sense for it; every unit needs one."""
    if raw is None:
        return {u: ("as_stated",) for u in units}
    if not isinstance(raw, Mapping):
        raise _fail(source, "default_bases", "must be a mapping of unit code → list of bases")
    unknown = sorted(set(map(str, raw)) - set(units))
    if unknown:
        raise _fail(source, "default_bases", f"unknown units {unknown}; valid: {sorted(units)}")
    missing = sorted(set(units) - set(map(str, raw)))
    if missing:
        raise _fail(source, "default_bases", f"no bases for units {missing}")
    return {str(u): _parse_bases(source, f"default_bases.{u}", b) for u, b in raw.items()}


def _parse_category(source: str, raw: Any, i: int) -> Category:
    if not isinstance(raw, Mapping):
        raise _fail(source, f"categories[{i}]", "must be a mapping")
    where = f"category {raw.get('id', i)!r}"
    missing = [k for k in _REQUIRED_CATEGORY_KEYS if k not in raw]
    if missing:
        raise _fail(source, where, f"missing keys {missing}")
    keywords = _str_list(source, f"{where} keywords", raw["keywords"], allow_empty=True)
    pats = [_compile(source, f"{where} keyword", k) for k in keywords]
    joined = re.compile("|".join(f"(?:{p.pattern})" for p in pats), re.IGNORECASE) if pats else None
    return Category(str(raw["id"]), str(raw["zh"]), str(raw["en"]), str(raw["description"]).strip(),
                    tuple(keywords), joined)


def _parse_definition(source: str, where: str, value: Any) -> dict[str, str]:
    """An indicator's ``definition``: a mapping with non-empty ``en`` and ``zh`` texts."""
    if not isinstance(value, Mapping):
        raise _fail(source, where, f"definition must be a mapping with keys {list(_LANGS)}, got {value!r}")
    extra = sorted(set(value) - set(_LANGS))
    if extra:
        raise _fail(source, where, f"definition has unknown keys {extra}; valid: {list(_LANGS)}")
    out = {}
    for lang in _LANGS:
        text = value.get(lang)
        if not isinstance(text, str) or not text.strip():
            raise _fail(source, where, f"definition.{lang} must be a non-empty text, got {text!r}")
        out[lang] = " ".join(text.split()) if lang == "en" else "".join(text.split())
    return out


def _check_broader(source: str, inds: list[Indicator]) -> None:
    """Each ``broader`` names another known indicator, and following the links never loops."""
    by_id = {i.id: i for i in inds}
    for ind in inds:
        if ind.broader is None:
            continue
        if ind.broader not in by_id:
            raise _fail(source, f"indicator {ind.id!r}",
                        f"broader {ind.broader!r} is not an indicator id")
        seen = [ind.id]
        cur: str | None = ind.broader
        while cur is not None:
            if cur in seen:
                raise _fail(source, f"indicator {ind.id!r}",
                            f"broader links form a cycle: {' → '.join([*seen, cur])}")
            seen.append(cur)
            cur = by_id[cur].broader


def _parse_indicator(source: str, raw: Any, i: int, categories: set[str],
                     units: Mapping[str, str],
                     default_bases: Mapping[str, tuple[str, ...]] | None = None) -> Indicator:
    if not isinstance(raw, Mapping):
        raise _fail(source, f"indicators[{i}]", "must be a mapping")
    where = f"indicator {raw.get('id', i)!r}"
    missing = [k for k in _REQUIRED_INDICATOR_KEYS if k not in raw]
    if missing:
        raise _fail(source, where, f"missing keys {missing}")
    unknown_keys = sorted(set(raw) - {*_REQUIRED_INDICATOR_KEYS, *_OPTIONAL_INDICATOR_KEYS})
    if unknown_keys:
        raise _fail(source, where, f"unknown keys {unknown_keys}")
    iid = raw["id"]
    if not isinstance(iid, str) or not _ID_RE.match(iid):
        raise _fail(source, where, "id must be snake_case ASCII")
    if raw["category"] not in categories:
        raise _fail(source, where, f"unknown category {raw['category']!r}; valid: {sorted(categories)}")
    if raw["unit"] not in units:
        raise _fail(source, where, f"unknown unit {raw['unit']!r}; valid: {sorted(units)}")
    measures = _str_list(source, f"{where} measures", raw["measures"])
    bad = sorted(set(measures) - set(MEASURES))
    if bad:
        raise _fail(source, where, f"unknown measures {bad}; valid: {list(MEASURES)}")
    if not isinstance(raw.get("national", False), bool):
        raise _fail(source, where, "national must be true or false")
    aliases = _str_list(source, f"{where} aliases", raw["aliases"])
    exclude = _str_list(source, f"{where} exclude", raw.get("exclude"), allow_empty=True)
    subsets = _str_list(source, f"{where} subsets", raw.get("subsets"), allow_empty=True)
    definition = _parse_definition(source, where, raw["definition"])
    if not isinstance(raw.get("headline", False), bool):
        raise _fail(source, where, "headline must be true or false")
    bases = (_parse_bases(source, f"{where} bases", raw["bases"]) if "bases" in raw
             else (default_bases or {}).get(raw["unit"], ("as_stated",)))
    broader = raw.get("broader")
    if broader is not None and (not isinstance(broader, str) or not _ID_RE.match(broader)):
        raise _fail(source, where, f"broader must be an indicator id, got {broader!r}")
    return Indicator(
        id=iid, zh=str(raw["zh"]), en=str(raw["en"]), category=raw["category"], unit=raw["unit"],
        measures=tuple(measures), aliases=tuple(aliases), exclude=tuple(exclude),
        national=bool(raw.get("national", False)), note=str(raw.get("note") or "").strip(),
        definition_en=definition["en"], definition_zh=definition["zh"], broader=broader,
        bases=bases, headline=bool(raw.get("headline", False)),
        alias_patterns=tuple(_compile(source, f"{where} alias", a) for a in aliases),
        exclude_patterns=tuple(_compile(source, f"{where} exclude", e) for e in exclude),
        subsets=tuple(_compile(source, f"{where} subsets", s) for s in subsets),
    )


def parse_taxonomy(raw: Mapping[str, Any], source: str = "taxonomy.yaml") -> Taxonomy:
    """Validate a taxonomy mapping and compile it; raise ValueError naming the bad entry."""
    if not isinstance(raw, Mapping):
        raise ValueError(f"{source}: top level must be a mapping")
    for key in ("categories", "indicators", "units", "keyword_precedence"):
        if key not in raw:
            raise ValueError(f"{source}: missing top-level key {key!r}")
    char_table, variants = _parse_normalization(source, raw.get("normalization") or {})
    unit_family, fits_any, pairs = _parse_units(source, raw["units"])

    cats = [_parse_category(source, c, i)
            for i, c in enumerate(_str_list(source, "categories", raw["categories"]))]
    cat_ids = [c.id for c in cats]
    dup = sorted({c for c in cat_ids if cat_ids.count(c) > 1})
    if dup:
        raise _fail(source, "categories", f"duplicate ids {dup}")
    if OTHER not in cat_ids:
        raise _fail(source, "categories", f"the default category {OTHER!r} is missing")
    precedence = _str_list(source, "keyword_precedence", raw["keyword_precedence"])
    expected = sorted(set(cat_ids) - {OTHER})
    if sorted(precedence) != expected:
        raise _fail(source, "keyword_precedence",
                    f"must list each category except {OTHER!r} once: expected {expected}, got {precedence}")

    default_bases = _parse_default_bases(source, raw.get("default_bases"), unit_family)
    inds = [_parse_indicator(source, r, i, set(cat_ids), unit_family, default_bases)
            for i, r in enumerate(_str_list(source, "indicators", raw["indicators"]))]
    seen: dict[str, int] = {}
    for i, ind in enumerate(inds):
        if ind.id in seen:
            raise _fail(source, f"indicator {ind.id!r}", f"duplicate id (entries {seen[ind.id]} and {i})")
        seen[ind.id] = i
    _check_broader(source, inds)

    tax = Taxonomy(
        source=source, categories=tuple(cats), indicators=tuple(inds), precedence=tuple(precedence),
        unit_family=unit_family, fits_any=fits_any, compatible_families=pairs,
        char_table={**opencc_table(), **char_table}, variants=variants,
        _by_id={i.id: i for i in inds}, _by_name={}, _by_category={c.id: c for c in cats},
    )
    names: dict[str, Indicator] = {}
    for ind in inds:
        key = tax.normalize(ind.zh)
        if key in names:
            raise _fail(source, f"indicator {ind.id!r}", f"zh name {ind.zh!r} is also {names[key].id!r}'s")
        names[key] = ind
    object.__setattr__(tax, "_by_name", names)
    return tax


@data_cache
def load_taxonomy(path: str | Path | None = None) -> Taxonomy:
    """Load, validate and compile ``data/taxonomy.yaml`` (or ``path``); cached."""
    p = Path(path) if path is not None else data_path("taxonomy.yaml")
    with open(p, encoding="utf-8") as fh:
        raw = yaml.safe_load(fh)
    return parse_taxonomy(raw, str(p))


# ----------------------------------------------------------------------------- public API


@data_cache(maxsize=16384)
def classify(subject: str, unit: str | None = None, context: str = "") -> Classification:
    """Classify a target's subject: canonical indicator (or None) and category.

    An exact zh name, else the longest alias match among indicators whose unit fits ``unit``
    (ties: exact unit, then file order); with no indicator, category keywords over the subject,
    then over ``context``; default ``other``.
    """
    return load_taxonomy().classify(subject, unit, context)


def normalize(text: str) -> str:
    """Normalise a text the way aliases see it (NFKC, simplified characters, no whitespace)."""
    return load_taxonomy().normalize(text)


def indicator(indicator_id: str) -> Indicator:
    """Return one canonical indicator by id."""
    return load_taxonomy().indicator(indicator_id)


def taxonomy() -> pd.DataFrame:
    """One row per canonical indicator: indicator, zh, en, category, unit, national, aliases, …,
    definition_en, definition_zh (which quantity it is), broader (a broader indicator's id,
    or None), bases (the comparison bases that make sense for it) and headline."""
    rows = [
        {
            "indicator": i.id, "zh": i.zh, "en": i.en, "category": i.category, "unit": i.unit,
            "national": i.national, "aliases": " | ".join(i.aliases),
            "measures": " | ".join(i.measures), "exclude": " | ".join(i.exclude), "note": i.note,
            "definition_en": i.definition_en, "definition_zh": i.definition_zh,
            "broader": i.broader, "bases": " | ".join(i.bases), "headline": i.headline,
        }
        for i in load_taxonomy().indicators
    ]
    return pd.DataFrame(rows)


def categories() -> pd.DataFrame:
    """One row per category: category, zh, en, description, precedence (keyword order), keywords."""
    tax = load_taxonomy()
    rank = {cid: n for n, cid in enumerate(tax.precedence, start=1)}
    rows = [
        {
            "category": c.id, "zh": c.zh, "en": c.en, "description": c.description,
            "precedence": rank.get(c.id, len(rank) + 1), "keywords": " | ".join(c.keywords),
        }
        for c in tax.categories
    ]
    return pd.DataFrame(rows)

"""The indicator taxonomy (data/taxonomy.yaml): categories, canonical indicators, ``classify``.

The YAML is data: eight categories with fallback keywords, canonical indicators with alias
regexes, a traditional→simplified character table and the unit families that say which target
units fit which indicators. This module loads and validates it once, and classifies a target's
subject (see the header of ``data/taxonomy.yaml`` for the rules).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from ..caching import data_cache
from ..errors import UnknownIdError
from ..paths import data_path
from .chinese import opencc_table
from .constants import MEASURES

OTHER = "other"
_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_WS_RE = re.compile(r"\s+")
_EDGE_PUNCT = "、,;:。!?\"'“”‘’"
_REQUIRED_CATEGORY_KEYS = ("id", "zh", "en", "description", "keywords")
_REQUIRED_INDICATOR_KEYS = ("id", "zh", "en", "definition", "category", "unit", "measures", "aliases")
_OPTIONAL_INDICATOR_KEYS = ("exclude", "national", "note", "broader", "subsets")
_LANGS = ("en", "zh")

# unit fit of a target to an indicator
_MISFIT, _FIT, _EXACT = 0, 1, 2


@dataclass(frozen=True)
class Classification:
    """What a subject counts: canonical indicator (or None), category, and the alias that matched."""

    indicator: str | None
    category: str
    matched_alias: str | None
    via: str = "default"  # name | alias | keyword:subject | keyword:context | default


@dataclass(frozen=True)
class Category:
    """One of the eight policy categories, with the keyword regexes used as a fallback."""

    id: str
    zh: str
    en: str
    description: str
    keywords: tuple[str, ...]
    pattern: re.Pattern[str] | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Indicator:
    """A canonical indicator: what is counted, in which base unit, and how subjects name it.

    ``definition_en`` / ``definition_zh`` say exactly which quantity it is (what is counted, stock
    or flow, whose, unit): cells are ranked only within one definition. ``broader`` is the id of
    a broader indicator, a link for discovery only (never merged into a ranking). ``subsets``
    are regexes of subject words naming one kind or tier of what the indicator counts (省级 of
    an all-tier count): a target whose subject matches is a part, scope ``subset``.
    """

    id: str
    zh: str
    en: str
    category: str
    unit: str
    measures: tuple[str, ...]
    aliases: tuple[str, ...]
    exclude: tuple[str, ...] = ()
    national: bool = False
    note: str = ""
    definition_en: str = ""
    definition_zh: str = ""
    broader: str | None = None
    alias_patterns: tuple[re.Pattern[str], ...] = field(default=(), compare=False, repr=False)
    exclude_patterns: tuple[re.Pattern[str], ...] = field(default=(), compare=False, repr=False)
    subsets: tuple[re.Pattern[str], ...] = field(default=(), compare=False, repr=False)

    def definition(self, lang: str = "en") -> str:
        """The written definition in ``lang`` (en or zh)."""
        if lang not in _LANGS:
            raise ValueError(f"lang must be one of {list(_LANGS)}, got {lang!r}")
        return self.definition_zh if lang == "zh" else self.definition_en

    def excluded(self, text: str) -> bool:
        """Whether an ``exclude`` regex vetoes this indicator for a normalised text."""
        return any(p.search(text) for p in self.exclude_patterns)

    def match(self, text: str) -> tuple[str, int] | None:
        """Longest alias match on a normalised text as (alias, length), or None (after excludes)."""
        best: tuple[str, int] | None = None
        for alias, pat in zip(self.aliases, self.alias_patterns, strict=True):
            m = pat.search(text)
            if m and (best is None or m.end() - m.start() > best[1]):
                best = (alias, m.end() - m.start())
        if best is None or self.excluded(text):
            return None
        return best


@dataclass(frozen=True, eq=False)
class Taxonomy:
    """The loaded, validated taxonomy; ``classify`` is its main use."""

    source: str
    categories: tuple[Category, ...]
    indicators: tuple[Indicator, ...]
    precedence: tuple[str, ...]
    unit_family: Mapping[str, str]
    fits_any: frozenset[str]
    compatible_families: frozenset[frozenset[str]]
    char_table: Mapping[int, str]  # traditional → simplified: taxonomy.yaml's pairs over OpenCC's
    variants: tuple[tuple[str, str], ...]
    _by_id: Mapping[str, Indicator] = field(repr=False)
    _by_name: Mapping[str, Indicator] = field(repr=False)
    _by_category: Mapping[str, Category] = field(repr=False)

    def normalize(self, text: str) -> str:
        """NFKC, traditional→simplified, word variants, no whitespace or edge punctuation."""
        out = unicodedata.normalize("NFKC", text or "").translate(self.char_table)
        for old, new in self.variants:
            out = out.replace(old, new)
        return _WS_RE.sub("", out).strip(_EDGE_PUNCT)

    def indicator(self, indicator_id: str) -> Indicator:
        """Return one indicator by id; raise UnknownIdError naming the valid ids."""
        try:
            return self._by_id[indicator_id]
        except KeyError:
            raise UnknownIdError(
                f"unknown indicator {indicator_id!r}; valid: {sorted(self._by_id)}"
            ) from None

    def category(self, category_id: str) -> Category:
        """Return one category by id; raise UnknownIdError naming the valid ids."""
        try:
            return self._by_category[category_id]
        except KeyError:
            raise UnknownIdError(
                f"unknown category {category_id!r}; valid: {list(self._by_category)}"
            ) from None

    def unit_fit(self, target_unit: str | None, indicator_unit: str) -> int:
        """0 if a target's unit cannot measure the indicator, 1 if it can, 2 if it is the same."""
        if not target_unit or target_unit not in self.unit_family:
            return _FIT
        if target_unit == indicator_unit:
            return _EXACT
        fam, ind_fam = self.unit_family[target_unit], self.unit_family[indicator_unit]
        if fam == ind_fam or fam in self.fits_any or frozenset((fam, ind_fam)) in self.compatible_families:
            return _FIT
        return _MISFIT

    def keyword_category(self, text: str) -> str | None:
        """First category (in precedence order) with a keyword matching a normalised text."""
        for cid in self.precedence:
            pat = self._by_category[cid].pattern
            if pat is not None and pat.search(text):
                return cid
        return None

    def classify(self, subject: str, unit: str | None = None, context: str = "") -> Classification:
        """Classify a target's subject (see ``classify``)."""
        s = self.normalize(subject)
        if s:
            named = self._by_name.get(s)
            if named is not None and self.unit_fit(unit, named.unit):
                return Classification(named.id, named.category, named.zh, "name")
            best: tuple[int, int, Indicator, str] | None = None
            for ind in self.indicators:
                fit = self.unit_fit(unit, ind.unit)
                if not fit:
                    continue
                hit = ind.match(s)
                if hit and (best is None or (hit[1], fit) > (best[0], best[1])):
                    best = (hit[1], fit, ind, hit[0])
            if best is not None:
                return Classification(best[2].id, best[2].category, best[3], "alias")
            cat = self.keyword_category(s)
            if cat:
                return Classification(None, cat, None, "keyword:subject")
        if context:
            cat = self.keyword_category(self.normalize(context))
            if cat:
                return Classification(None, cat, None, "keyword:context")
        return Classification(None, OTHER, None, "default")


# ----------------------------------------------------------------------------- loading


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
                     units: Mapping[str, str]) -> Indicator:
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
    broader = raw.get("broader")
    if broader is not None and (not isinstance(broader, str) or not _ID_RE.match(broader)):
        raise _fail(source, where, f"broader must be an indicator id, got {broader!r}")
    return Indicator(
        id=iid, zh=str(raw["zh"]), en=str(raw["en"]), category=raw["category"], unit=raw["unit"],
        measures=tuple(measures), aliases=tuple(aliases), exclude=tuple(exclude),
        national=bool(raw.get("national", False)), note=str(raw.get("note") or "").strip(),
        definition_en=definition["en"], definition_zh=definition["zh"], broader=broader,
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

    inds = [_parse_indicator(source, r, i, set(cat_ids), unit_family)
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
    definition_en, definition_zh (which quantity it is) and broader (a broader indicator's id,
    or None)."""
    rows = [
        {
            "indicator": i.id, "zh": i.zh, "en": i.en, "category": i.category, "unit": i.unit,
            "national": i.national, "aliases": " | ".join(i.aliases),
            "measures": " | ".join(i.measures), "exclude": " | ".join(i.exclude), "note": i.note,
            "definition_en": i.definition_en, "definition_zh": i.definition_zh,
            "broader": i.broader,
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

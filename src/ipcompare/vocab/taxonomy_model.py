"""The taxonomy's objects: categories, indicators, and the classification of a subject.

Decisions (what the module promises)
    These are the validated, compiled forms of ``data/taxonomy.yaml`` (built by
    :func:`ipcompare.vocab.taxonomy.parse_taxonomy`). ``Taxonomy.classify`` matches a target's
    subject after normalisation (NFKC, traditional → simplified, whitespace and edge
    punctuation removed): an exact zh name, else the longest alias whose unit fits, else the
    category's keywords; nothing here reads a file.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..errors import UnknownIdError

OTHER = "other"
_WS_RE = re.compile(r"\s+")
_EDGE_PUNCT = "、,;:。!?\"'“”‘’"
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
    ``bases`` are the comparison bases that make sense for it (its own ``bases:`` in the YAML,
    else its unit's ``default_bases``), ``as_stated`` always first; ``headline`` marks the
    indicators a one-page overview lines up.
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
    bases: tuple[str, ...] = ("as_stated",)
    headline: bool = False
    alias_patterns: tuple[re.Pattern[str], ...] = field(default=(), compare=False, repr=False)
    exclude_patterns: tuple[re.Pattern[str], ...] = field(default=(), compare=False, repr=False)
    subsets: tuple[re.Pattern[str], ...] = field(default=(), compare=False, repr=False)

    def definition(self, lang: str = "en") -> str:
        """The written definition in ``lang`` (en or zh)."""
        if lang not in _LANGS:
            raise ValueError(f"lang must be one of {list(_LANGS)}, got {lang!r}")
        return self.definition_zh if lang == "zh" else self.definition_en

    def default_basis(self, requested: str) -> str:
        """``requested`` if it makes sense for this indicator, else ``as_stated``."""
        return requested if requested in self.bases else "as_stated"

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

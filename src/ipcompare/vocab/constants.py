"""The closed vocabularies of the contracts, each defined once.

Decisions (what the module promises)
    Every tuple here is the one definition its name has in the package; modules import it
    rather than restating it, and their order is the order of columns and legends everywhere
    (coverage matrices, charts, tables). Open vocabularies (indicators, units, cue words,
    agencies, wording) are data files under ``data/``, not constants.
"""

from __future__ import annotations

LANGS = ("en", "zh")
"""Report languages: English and (simplified) Chinese."""

CATEGORIES = (
    "creation", "utilization", "finance", "protection", "management", "services", "talent", "other",
)
"""Indicator and task-item categories, in contract order."""

MEASURES = (
    "level", "new", "cumulative", "annual_growth", "per_year", "per_capita", "share", "ratio",
    "score", "per_capita_year", "relative",
)
"""What a target's number measures (its reading): a stock, a flow, a rate …"""

BASES = ("as_stated", "per_10k_residents", "absolute", "per_year", "cumulative_growth")
"""Comparison bases: as stated, per 10,000 residents, absolute amounts, per year, growth over the
plan (what each means: :data:`ipcompare.analysis.conversion.BASES`)."""

STATUSES = ("stated", "restated", "milestone", "supplementary")
"""How a target row stands to the plan's commitments."""

INSTRUMENTS = ("supply", "demand", "environment")
"""Policy instrument types (Rothwell & Zegveld): supply-side, demand-side, environmental."""

SCOPES = ("jurisdiction", "per_entity", "sub_area", "subset")
"""What a target's number covers: the plan's whole area, each counted unit, one zone, a part."""

SECTION_KINDS = ("task", "schedule", "safeguard")
"""Kinds of plan section that hold task items (framing sections hold none)."""

PLAN_KINDS = ("operation_service_pilot", "strong_city", "provincial_strategy", "other")
"""Kinds of plan (registry ``plan_kind``): a centrally funded IP operation-service pilot
(运营服务体系建设), a strong-IP-city plan (知识产权强市), a provincial IP strategy, or other.
Their names in each language are the ``plan_kind_<kind>`` entries of ``data/report_words.yaml``."""


def check_lang(lang: str) -> str:
    """Return ``lang`` if it is one of LANGS, else raise ValueError naming the valid ones."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, got {lang!r}")
    return lang

OUTCOME_MEASURES = ("level", "per_capita", "per_year", "part_year", "cumulative", "unstated")
"""What a published outcome's number measures: a stock (in total or per residents), a year's
flow, part of a year's flow, a total over several years, or (``unstated``) the source does not
say which."""

OUTCOME_BOUNDS = ("exact", "lower", "rank", "growth_multiple")
"""How an outcome's number stands to the quantity: the figure itself, a lower bound (突破 X,
超 X, over X), a rank among places, or a growth multiple over an earlier year (not a level)."""

OUTCOME_DEFINITIONS = ("same", "part", "related")
"""How an outcome's quantity stands to its indicator's definition: the same quantity, one part
of it (GI trademarks of all GIs), or a neighbouring quantity (Madrid applications filed, not
registrations held)."""

ATTAINMENT_STATUSES = ("met", "not_met", "met_lower_bound", "unknown")
"""Whether a target due at a plan's end was reached, by a published outcome of its year."""

UNKNOWN_REASONS = (
    "no_outcome", "other_definition", "other_measure", "rank_or_multiple", "too_far",
    "part_of_year", "lower_bound_below", "no_population",
)
"""Why an attainment is ``unknown``: no outcome for the indicator; outcomes of another definition
or of another measure that no sourced factor converts; only a rank or a growth multiple;
outcomes dated outside the target year; a stock dated before the year's end and short of the
target; a lower bound below the target; no population of the outcome's year to convert with."""

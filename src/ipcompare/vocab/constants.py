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

STATUSES = ("stated", "restated", "milestone", "supplementary")
"""How a target row stands to the plan's commitments."""

INSTRUMENTS = ("supply", "demand", "environment")
"""Policy instrument types (Rothwell & Zegveld): supply-side, demand-side, environmental."""

SCOPES = ("jurisdiction", "per_entity", "sub_area", "subset")
"""What a target's number covers: the plan's whole area, each counted unit, one zone, a part."""

SECTION_KINDS = ("task", "schedule", "safeguard")
"""Kinds of plan section that hold task items (framing sections hold none)."""


def check_lang(lang: str) -> str:
    """Return ``lang`` if it is one of LANGS, else raise ValueError naming the valid ones."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, got {lang!r}")
    return lang

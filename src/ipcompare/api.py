"""The corpus-level functions researchers call: ``ipc.targets()``, ``ipc.compare()`` and friends.

Decisions (what the module promises)
    This is the one place where the registered corpus meets the pure functions: each function
    here checks its ids once (:func:`_check_ids`: an unknown id raises ``UnknownIdError``
    naming the valid ones), takes the cached corpus table from :mod:`ipcompare.corpus.tables`
    and hands it to a pure function of :mod:`ipcompare.analysis` or filters it. Every result
    is a fresh copy: callers may change it without touching the cache.

    A plan may be named as a researcher would (:func:`resolve_plan`): its registry id
    (jurisdiction or document), in any case, or its English name (``Wuhan``), Chinese name
    (``武汉市``) or Chinese name without the place suffix of ``data/cues.yaml`` (``武汉``).
    Registry ids are tried first and exactly; a name two plans share is an error naming both,
    never a guess.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable

import pandas as pd

from .analysis import attainment as _attainment
from .analysis.comparability import comparability as _comparability
from .analysis.comparability import measure_flags as _measure_flags
from .analysis.comparison import compare_long, widen
from .analysis.coverage import KINDS, SOURCES, coverage_matrix, coverage_targets
from .caching import clear, data_cache
from .corpus.documents import Document
from .corpus.outcomes import load_outcomes, load_populations
from .corpus.registry import jurisdiction_ids
from .corpus.registry import jurisdictions as _jurisdictions
from .corpus.tables import (
    corpus_actions,
    corpus_agencies,
    corpus_stages,
    corpus_targets,
    extract_document,
)
from .errors import DocumentError, UnknownIdError
from .extract.dating import parse_date, parse_period
from .vocab.lexicon import cues
from .vocab.taxonomy import taxonomy as _taxonomy


def _fold(name: object) -> str:
    """A name as matched: no whitespace, case folded (``Hong Kong`` = ``hongkong``)."""
    return "".join(str(name).split()).casefold()


def _plan_names(registry: pd.DataFrame) -> dict[str, set[str]]:
    """Folded name → the registry ids it may mean (jurisdiction ids; document ids themselves)."""
    suffix = re.compile(rf"(?:{cues().alt('agency_levels.place_suffixes')})$")
    names: dict[str, set[str]] = {}
    for r in registry.itertuples(index=False):
        names.setdefault(_fold(r.document), set()).add(r.document)
        zh = "" if pd.isna(r.name_zh) else str(r.name_zh)
        for name in (r.jurisdiction, r.name_en, zh, suffix.sub("", zh)):
            if not pd.isna(name) and _fold(name):
                names.setdefault(_fold(name), set()).add(r.jurisdiction)
    return names


def _plan_list(registry: pd.DataFrame, ids: Iterable[str]) -> str:
    """``wuhan (武汉市, Wuhan), …``: ids with the names a reader knows them by."""
    rows = registry.drop_duplicates("jurisdiction").set_index("jurisdiction")
    return ", ".join(f"{j} ({rows.loc[j, 'name_zh']}, {rows.loc[j, 'name_en']})"
                     if j in rows.index else str(j) for j in ids)


def _plan_hits(registry: pd.DataFrame, name: str) -> list[str]:
    """The registry ids a name may mean: itself when it is an id, else by folded name."""
    if name in set(registry["jurisdiction"]) or name in set(registry["document"]):
        return [name]
    return sorted(_plan_names(registry).get(_fold(name), set()))


def resolve_plan(name: str, *, unknown_ok: bool = False) -> str:
    """The registry id a plan name means: an id as is, else one plan's id, name or short name."""
    registry = _jurisdictions()
    if not isinstance(name, str):
        raise TypeError(f"a plan is named by a str, not {type(name).__name__}: {name!r}")
    hits = _plan_hits(registry, name)
    if len(hits) == 1:
        return hits[0]
    if len(hits) > 1:
        raise UnknownIdError(f"{name!r} names more than one plan: {_plan_list(registry, hits)}; "
                             f"name one by its id")
    if unknown_ok:
        return name
    raise UnknownIdError(f"unknown jurisdiction or document {name!r}; valid: "
                         f"{_plan_list(registry, jurisdiction_ids())} (ids, Chinese or English "
                         f"names, any case)")


def _check_ids(jurisdictions: str | Iterable[str] | None) -> list[str] | None:
    """The plans as registry ids (None: all), each name resolved (:func:`resolve_plan`)."""
    if jurisdictions is None:
        return None
    ids = [jurisdictions] if isinstance(jurisdictions, str) else list(jurisdictions)
    return list(dict.fromkeys(resolve_plan(j) for j in ids))


def _jurisdictions_of(ids: list[str] | None) -> list[str] | None:
    """Registry ids as jurisdiction ids (a document id names its jurisdiction)."""
    if ids is None:
        return None
    registry = _jurisdictions()
    doc_to_j = dict(zip(registry["document"], registry["jurisdiction"], strict=True))
    return list(dict.fromkeys(doc_to_j.get(i, i) for i in ids))


def _select(table: pd.DataFrame, ids: list[str] | None) -> pd.DataFrame:
    """The rows of the given jurisdictions or documents (all when None), as a fresh copy."""
    if ids:
        keep = table["jurisdiction"].isin(ids)
        if "document" in table.columns:
            keep |= table["document"].isin(ids)
        table = table[keep]
    return table.reset_index(drop=True).copy()


def targets(
    jurisdictions: list[str] | str | None = None,
    *,
    distinct: bool = False,
    milestones: bool = True,
    supplementary: bool = True,
) -> pd.DataFrame:
    """Return every target of the corpus as one tidy DataFrame (one row per number committed to)."""
    ids = _check_ids(jurisdictions)
    df = corpus_targets().table
    drop = ({"restated"} if distinct else set()) | ({"milestone"} if not milestones else set())
    drop |= set() if supplementary else {"supplementary"}
    if drop:
        df = df[~df["status"].isin(drop)]
    return _select(df, ids)


def actions(jurisdictions: list[str] | str | None = None) -> pd.DataFrame:
    """Every action (policy task item) of the corpus (registered documents), one row each."""
    return _select(corpus_actions(), _check_ids(jurisdictions))


def measures(jurisdictions: list[str] | str | None = None) -> pd.DataFrame:
    """Deprecated name of :func:`actions` (``measure`` now means only a target's reading)."""
    warnings.warn("ipc.measures() is now ipc.actions(); 'measure' means a target's reading",
                  DeprecationWarning, stacklevel=2)
    return actions(jurisdictions)


def agencies(jurisdictions: list[str] | str | None = None) -> pd.DataFrame:
    """Who is charged with each task item of the corpus: one row per (item, agency, role)."""
    return _select(corpus_agencies(), _check_ids(jurisdictions))


def stages(jurisdictions: list[str] | str | None = None) -> pd.DataFrame:
    """The dated stages of each plan (a phase with its months, e.g. 2017年7月—2018年6月), one row
    each with its verbatim line (``ipcompare.extract.stages.STAGE_COLUMNS``)."""
    return _select(corpus_stages(), _check_ids(jurisdictions))


def coverage(
    kind: str = "category",
    source: str | None = None,
    jurisdictions: str | Iterable[str] | None = None,
    *,
    supplementary: bool = True,
    primary: bool = False,
) -> pd.DataFrame:
    """Return the plan × category (or × instrument type) matrix of the corpus's items/targets.

    ``source`` defaults to ``"both"`` (task items + targets) for categories and to
    ``"actions"`` for instrument types (targets have none). A task item counts in each of its
    categories unless ``primary`` (then once, in its primary category). The result feeds
    :mod:`ipcompare.analysis.stats`.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; valid: {list(KINDS)}")
    source = source or ("both" if kind == "category" else "actions")
    if source == "measures":  # the name before task items were called actions
        warnings.warn("coverage(source='measures') is now source='actions'", DeprecationWarning,
                      stacklevel=2)
        source = "actions"
    if source not in SOURCES:
        raise ValueError(f"unknown source {source!r}; valid: {list(SOURCES)}")
    if kind == "instrument" and source != "actions":
        raise ValueError("targets carry no instrument type: use kind='instrument' with source='actions'")
    ids = _jurisdictions_of(_check_ids(jurisdictions))
    rows = ids if ids is not None else jurisdiction_ids()
    total = pd.DataFrame(0, index=pd.Index(rows, name="jurisdiction"),
                         columns=pd.Index(list(KINDS[kind]), name=kind), dtype="int64")
    if source in ("targets", "both"):
        total = total + coverage_matrix(
            coverage_targets(corpus_targets().table, supplementary), kind, rows
        )
    if source in ("actions", "both"):
        total = total + coverage_matrix(corpus_actions(), kind, rows, primary=primary)
    total.attrs.update(kind=kind, source=source, supplementary=supplementary, primary=primary)
    return total


def compare(
    indicators: str | Iterable[str] | None = None,
    jurisdictions: str | Iterable[str] | None = None,
    basis: str = "as_stated",
    year: int | None = None,
    *,
    long: bool = False,
) -> pd.DataFrame:
    """Compare the corpus's plans indicator by indicator on one basis (wide; ``long=True``: tidy).

    Plans by keyword: ``compare(jurisdictions=["Wuhan", "南通"])`` (ids or names; a plan not
    in the corpus gets ``not_in_corpus`` cells). Just the numbers:
    ``compare(...).xs("value", axis=1, level="field")``.
    """
    registry = _jurisdictions()
    _check_indicators(indicators)
    jurs = None
    if jurisdictions is not None:  # names resolved; unknown ones get not_in_corpus cells
        ids = [jurisdictions] if isinstance(jurisdictions, str) else list(jurisdictions)
        jurs = _jurisdictions_of([resolve_plan(j, unknown_ok=True) for j in ids])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        table = compare_long(corpus_targets().table, registry, indicators, jurs, basis, year)
    for w in caught:  # re-issued so that they point at the caller's line
        warnings.warn(w.message, w.category, stacklevel=2)
    return table if long else widen(table)


def _check_indicators(indicators: str | Iterable[str] | None) -> None:
    """Say so when a plan is given where an indicator is expected (compare's first argument)."""
    if indicators is None:
        return
    known, registry = set(_taxonomy()["indicator"]), _jurisdictions()
    for i in [indicators] if isinstance(indicators, str) else list(indicators):
        if isinstance(i, str) and i not in known and _plan_hits(registry, i):
            raise UnknownIdError(f"unknown indicator {i!r}: that names a plan; the first argument "
                                 f"of compare() is indicators, plans go by keyword: "
                                 f"compare(jurisdictions=[{i!r}, ...])")


def comparability(
    indicators: str | Iterable[str] | None = None,
    jurisdictions: str | Iterable[str] | None = None,
) -> pd.DataFrame:
    """Every target on each indicator two or more plans state: whether it fills a cell, and why not."""
    ids = _jurisdictions_of(_check_ids(jurisdictions))
    return _comparability(corpus_targets().table, _jurisdictions(), indicators, ids)


def measure_checks() -> pd.DataFrame:
    """Targets whose measure the plan's own roadmap contradicts (overruled or unresolved)."""
    return _measure_flags(corpus_targets().table)


def outcomes(jurisdictions: list[str] | str | None = None) -> pd.DataFrame:
    """Published outcomes of the plans (``data/outcomes.csv``), each with its source and quote."""
    return _select(_outcomes(), _check_ids(jurisdictions))


def populations() -> pd.DataFrame:
    """Every sourced population (2018 year-end, 2020 census), one row per place and year."""
    return _populations().copy()


@data_cache
def _outcomes() -> pd.DataFrame:
    return load_outcomes()


@data_cache
def _populations() -> pd.DataFrame:
    return load_populations()


def attainment(jurisdictions: list[str] | str | None = None) -> pd.DataFrame:
    """Each whole-area target due at its plan's end beside the outcome of its year: the outcome
    in the target's form, ratio, status (met, not_met, met_lower_bound, unknown) and reason."""
    ids = _check_ids(jurisdictions)
    table = _attainment.attainment(corpus_targets().table, _outcomes(), _populations())
    return _select(table, ids)


def ambition(jurisdictions: list[str] | str | None = None) -> pd.DataFrame:
    """The yearly growth each target due at plan end asked for from a baseline (the plan's
    earlier figure, a pre-plan outcome), beside the yearly growth reached where known."""
    ids = _check_ids(jurisdictions)
    t = corpus_targets().table
    att = _attainment.attainment(t, _outcomes(), _populations())
    table = _attainment.ambition(att, t, _outcomes(), _populations(), _jurisdictions())
    return _select(table, ids)


def unmatched_outcomes(jurisdictions: list[str] | str | None = None) -> pd.DataFrame:
    """Outcomes that no whole-area target of their plan counts, with why (``no_indicator``,
    ``no_target``)."""
    ids = _check_ids(jurisdictions)
    t = corpus_targets().table
    att = _attainment.attainment(t, _outcomes(), _populations())
    return _select(_attainment.unmatched_outcomes(_outcomes(), att, t), ids)


_SURROGATE = re.compile("[\ud800-\udfff]")


def extract_targets(
    text: str,
    document: str = "text",
    jurisdiction: str | None = None,
    period: tuple[int, int] | str | None = None,
    date: str | None = None,
) -> pd.DataFrame:
    """Extract the targets of a plan text given as a string (``date``: the text's own date,
    YYYY-MM-DD; ``period``: (2021, 2025) or "2021-2025"; both read from the text when not given)."""
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    if not text.strip():
        raise DocumentError("the text is empty")
    lone = _SURROGATE.search(text)
    if lone:  # no file can hold one, and no table can store one
        raise DocumentError(f"the text holds a lone surrogate U+{ord(lone.group()):04X} at offset "
                            f"{lone.start()}: not a character; was it decoded with 'surrogateescape'?")
    meta: dict = {}
    if period is not None:
        start, end = parse_period(period)
        meta.update(period_start=start, period_end=end)
    if date is not None:
        meta["date"] = parse_date(date)
    doc = Document(document, jurisdiction or document, text, "str", None, meta)
    return extract_document(doc)


def jurisdictions() -> pd.DataFrame:
    """Return the jurisdiction/document registry with reference population."""
    return _jurisdictions()


def taxonomy() -> pd.DataFrame:
    """Return the taxonomy's canonical indicators."""
    return _taxonomy()


def clear_cache() -> None:
    """Forget everything read from the data directory (after switching ``IPCOMPARE_DATA``)."""
    clear()

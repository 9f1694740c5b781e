"""Published outcomes (``data/outcomes.csv``) and the 2020 census population, as tables.

Decisions (what the module promises)
    An outcome row keeps every column of the reference it was copied from (``jurisdiction_zh``,
    ``indicator_zh``, ``indicator_en``, ``year``, ``value`` and ``unit`` as the source gives
    them, ``source_title``, ``url``, ``quote``) and adds what the analysis needs, mapped by hand
    and checked by rule (:func:`row_problems`): the registry's ``jurisdiction`` id, the
    taxonomy's ``indicator`` (empty only with a ``note`` saying why no indicator counts it),
    ``unit_code``/``unit_mult``/``per_residents``, ``measure``, ``bound``, ``definition`` and
    the ``as_of`` date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``: no more precise than the
    source). The number must be written in its quote (1,389, 33.56万 and 7150万元 for 0.715亿
    all count), and a ``>`` value is exactly a lower bound. A row added to the file is used by
    the next build; a bad one stops it with ``file:line: field: message``
    (:mod:`ipcompare.corpus.validation`). ``outcome_id`` is a hash of the row's identifying
    fields, stable while they do not change.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pandas as pd

from ..errors import DataError
from ..paths import data_path
from ..vocab.constants import OUTCOME_BOUNDS, OUTCOME_DEFINITIONS, OUTCOME_MEASURES

OUTCOME_COLUMNS = [
    "jurisdiction",
    "jurisdiction_zh",
    "indicator",
    "indicator_zh",
    "indicator_en",
    "year",
    "as_of",
    "value",
    "unit",
    "unit_code",
    "unit_mult",
    "per_residents",
    "measure",
    "bound",
    "definition",
    "note",
    "source_title",
    "url",
    "quote",
]
"""The columns of ``data/outcomes.csv``, in file order."""

CENSUS_COLUMNS = [
    "jurisdiction",
    "reference_date",
    "population_10k",
    "source_title",
    "url",
    "quote",
]
"""The columns ``data/population_2020_census.csv`` must have."""

OUTCOME_UNITS_EXTRA = {"rank": "rank", "growth_multiple": "multiple"}
"""Unit codes of outcomes that are no quantity: a rank among places, a growth multiple."""

_UNIT_MULTS = {"0", "3", "4", "8"}
_AS_OF = re.compile(r"^(\d{4})(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?$")
_VALUE = re.compile(r"^(>?)(\d+(?:\.\d+)?)$")


def number_writings(value: str, unit_mult: int) -> list[str]:
    """The ways a source may write ``value × 10^unit_mult``: as is, in 万 or 亿, with or
    without thousands separators (``1389``, ``1,389``; ``335600``, ``33.56``)."""
    base = Decimal(value).scaleb(unit_mult)
    out = []
    for k in (0, 4, 8):
        d = base.scaleb(-k)
        if d < Decimal("0.001"):
            continue
        text = format(d.normalize(), "f")
        out.append(text)
        whole, _, frac = text.partition(".")
        if len(whole) > 3:
            out.append(f"{int(whole):,}" + (f".{frac}" if frac else ""))
    return list(dict.fromkeys(out))


def number_in_quote(value: str, unit_mult: int, quote: str) -> bool:
    """Whether the quote writes the number (as a whole number: 6 is not the 6 of 16)."""
    text = unicodedata.normalize("NFKC", quote)
    for w in number_writings(value, unit_mult):
        if re.search(r"(?<!\d)(?<!\d[.,])" + re.escape(w) + r"(?!\d|[.,]\d)", text):
            return True
    return False


@dataclass(frozen=True)
class RowContext:
    """What a row is checked against: registry ids, indicator units, unit codes."""

    jurisdictions: frozenset[str]
    indicator_units: Mapping[str, str]
    unit_codes: frozenset[str]


def row_problems(row: Mapping[str, str], ctx: RowContext) -> list[tuple[str, str]]:
    """The problems of one outcome row as (field, message) pairs; none for a good row."""
    out: list[tuple[str, str]] = []
    for col in (
        "jurisdiction",
        "year",
        "as_of",
        "value",
        "measure",
        "bound",
        "definition",
        "unit_code",
        "source_title",
        "url",
        "quote",
    ):
        if not str(row.get(col, "")).strip():
            out.append((col, "empty"))
    if out:
        return out
    if row["jurisdiction"] not in ctx.jurisdictions:
        out.append(
            (
                "jurisdiction",
                f"{row['jurisdiction']!r} is not a registry id ({sorted(ctx.jurisdictions)})",
            )
        )
    ind = row.get("indicator", "").strip()
    if ind and ind not in ctx.indicator_units:
        out.append(("indicator", f"unknown indicator {ind!r} (ids: `ipcompare taxonomy`)"))
    if not ind and not row.get("note", "").strip():
        out.append(("indicator", "empty: say in `note` why no taxonomy indicator counts it"))
    for col, vocab in (
        ("measure", OUTCOME_MEASURES),
        ("bound", OUTCOME_BOUNDS),
        ("definition", OUTCOME_DEFINITIONS),
    ):
        if row[col] not in vocab:
            out.append((col, f"{row[col]!r} is not one of {list(vocab)}"))
    m = _AS_OF.match(row["as_of"])
    if not m:
        out.append(("as_of", f"{row['as_of']!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"))
    elif m.group(1) != row["year"]:
        out.append(("as_of", f"{row['as_of']!r} is not in the row's year {row['year']!r}"))
    if row.get("unit_mult", "") not in _UNIT_MULTS:
        out.append(("unit_mult", f"{row.get('unit_mult')!r} is not one of {sorted(_UNIT_MULTS)}"))
    out += _unit_problems(row, ctx, ind)
    v = _VALUE.match(row["value"])
    if not v:
        out.append(
            ("value", f"{row['value']!r} is not a number (write 1389 or >10, no separators)")
        )
        return out
    if (v.group(1) == ">") != (row["bound"] == "lower"):
        out.append(
            (
                "bound",
                f"{row['bound']!r} with value {row['value']!r}: a lower bound is "
                "written >X, and only a lower bound",
            )
        )
    if row.get("unit_mult", "") in _UNIT_MULTS and not number_in_quote(
        v.group(2), int(row["unit_mult"]), row["quote"]
    ):
        out.append(("value", f"{v.group(2)} (×10^{row['unit_mult']}) is not written in the quote"))
    return out


def _unit_problems(row: Mapping[str, str], ctx: RowContext, ind: str) -> list[tuple[str, str]]:
    out = []
    want = OUTCOME_UNITS_EXTRA.get(row["bound"])
    code = row["unit_code"]
    if want is not None and code != want:
        out.append(("unit_code", f"a {row['bound']} is in {want!r}, not {code!r}"))
    elif want is None and code not in ctx.unit_codes:
        out.append(("unit_code", f"unknown unit {code!r} (taxonomy units)"))
    elif want is None and ind in ctx.indicator_units and ctx.indicator_units[ind] != code:
        out.append(("unit_code", f"{code!r} is not {ind}'s unit {ctx.indicator_units[ind]!r}"))
    per = row.get("per_residents", "").strip()
    needs_per = row["measure"] == "per_capita" and want is None
    if row["measure"] not in OUTCOME_MEASURES:
        pass  # said once, under measure
    elif needs_per and per not in ("10000", "1000000"):
        out.append(
            ("per_residents", "a per-capita figure says per how many residents (10000 or 1000000)")
        )
    elif not needs_per and per:
        out.append(("per_residents", "only for a per-capita figure"))
    return out


def outcome_id(row: Mapping[str, object]) -> str:
    """A stable id of an outcome row: a hash of place, what, when, number and source."""
    key = "|".join(str(row[c]) for c in ("jurisdiction", "indicator_zh", "as_of", "value", "url"))
    return "o" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:11]


def load_outcomes(path: str | Path | None = None) -> pd.DataFrame:
    """The outcomes table: the file's columns plus ``outcome_id``, ``number`` (as written,
    without ``>``) and ``base_value`` (``number × 10^unit_mult``); refuses a file with problems."""
    from .validation import outcome_problems

    p = Path(path) if path is not None else data_path("outcomes.csv")
    problems = outcome_problems(p)
    if problems:
        raise DataError("\n".join(problems))
    df = pd.read_csv(p, dtype=str, keep_default_na=False)
    df.insert(0, "outcome_id", [outcome_id(r) for r in df.to_dict("records")])
    df["year"] = df["year"].astype(int)
    df["unit_mult"] = df["unit_mult"].astype(int)
    df["number"] = df["value"].str.lstrip(">").astype(float)
    df["base_value"] = [
        float(Decimal(v.lstrip(">")).scaleb(m))
        for v, m in zip(df["value"], df["unit_mult"], strict=True)
    ]
    df["per_residents"] = pd.to_numeric(df["per_residents"]).astype("Int64")
    return df


def load_populations() -> pd.DataFrame:
    """Every sourced population: 2018 year-end and the 2020 census, one row per place and year
    (``jurisdiction, year, population_10k, reference, source, url, quote``)."""
    old = pd.read_csv(data_path("population_2018.csv"))
    old = pd.DataFrame(
        {
            "jurisdiction": old["jurisdiction"],
            "year": old["year"].astype(int),
            "population_10k": old["resident_population_10k"].astype(float),
            "reference": old["year"].astype(int).astype(str) + " year-end",
            "source": old["source"],
            "url": "",
            "quote": "",
        }
    )
    census = pd.read_csv(data_path("population_2020_census.csv"), dtype=str)
    new = pd.DataFrame(
        {
            "jurisdiction": census["jurisdiction"],
            "year": census["reference_date"].str[:4].astype(int),
            "population_10k": census["population_10k"].astype(float),
            "reference": "census " + census["reference_date"],
            "source": census["source_title"],
            "url": census["url"],
            "quote": census["quote"],
        }
    )
    return pd.concat([old, new], ignore_index=True)


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def census_row_problems(row: Mapping[str, str], ctx: RowContext) -> list[tuple[str, str]]:
    """The problems of one census population row as (field, message) pairs."""
    out = [(c, "empty") for c in CENSUS_COLUMNS if not str(row.get(c, "")).strip()]
    if out:
        return out
    if row["jurisdiction"] not in ctx.jurisdictions:
        out.append(("jurisdiction", f"{row['jurisdiction']!r} is not a registry id"))
    if not re.match(r"^\d{4}-\d{2}-\d{2}$", row["reference_date"]):
        out.append(("reference_date", f"{row['reference_date']!r} is not YYYY-MM-DD"))
    d = _decimal(row["population_10k"])
    if d is None or not d > 0:
        out.append(("population_10k", f"{row['population_10k']!r} is not a positive number"))
    return out

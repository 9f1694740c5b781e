"""The jurisdiction/document registry (data/registry.csv) and reference population.

Decisions (what the module promises)
    ``text_gaps`` / ``text_gaps_zh`` (optional columns, both or neither filled on a row) say what
    the captured text of a plan lacks, e.g. "the plan's table of expected indicators"; empty when
    the captured text is complete. Sentences never claim a plan sets no target when its text has a
    gap. Errors name the file and the line.
    ``doc_number`` (文号, e.g. 青政字〔2017〕58号), ``plan_kind`` (one of
    :data:`~ipcompare.vocab.constants.PLAN_KINDS`), ``source_url`` and ``archive_ref`` (where the
    official text or an archived copy is) are optional too: empty when unknown (``plan_kind``:
    ``other``), never guessed. The registry is where a plan's document number is stated; the rule
    of :mod:`ipcompare.extract.docnumber` only reads it from the text to check it.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..caching import data_cache
from ..errors import DocumentError, UnknownIdError
from ..paths import data_path
from ..vocab.constants import PLAN_KINDS
from .documents import Document, read_text, text_sha256

REGISTRY_COLUMNS = [
    "jurisdiction", "document", "file", "name_zh", "name_en", "level", "province_zh",
    "province_en", "title", "issuer", "issued", "period_start", "period_end",
]
OPTIONAL_COLUMNS = ["text_gaps", "text_gaps_zh", "doc_number", "source_url", "archive_ref"]
"""Columns read when present (empty when absent): what the captured text lacks (en, zh), the
document number, the official text's URL and an archive reference."""
PLAN_KIND_DEFAULT = "other"
"""The ``plan_kind`` of a registry without that column, or a row leaving it empty."""
LEVELS = {"city", "province", "county", "district", "national"}


def _check_registry(df: pd.DataFrame, source: Path) -> pd.DataFrame:
    """Validate the registry table; raise ValueError naming the bad rows."""
    missing = [c for c in REGISTRY_COLUMNS if c not in df.columns]
    if missing:
        raise ValueError(f"{source}: missing columns {missing}")
    for col in ("jurisdiction", "document", "file"):
        if df[col].isna().any() or (df[col].astype(str).str.strip() == "").any():
            raise ValueError(f"{source}: empty {col!r} in rows {df.index[df[col].isna()].tolist()}")
    dup = df["document"][df["document"].duplicated()].tolist()
    if dup:
        raise ValueError(f"{source}: duplicate document ids {dup}")
    bad_level = sorted(set(df["level"]) - LEVELS)
    if bad_level:
        raise ValueError(f"{source}: unknown level {bad_level}; valid: {sorted(LEVELS)}")
    for col in OPTIONAL_COLUMNS:
        if col not in df.columns:
            df[col] = ""
        df[col] = df[col].astype(object).where(df[col].notna(), "").astype(str)
    if "plan_kind" not in df.columns:
        df["plan_kind"] = PLAN_KIND_DEFAULT
    kinds = df["plan_kind"].astype(object).where(df["plan_kind"].notna(), "").astype(str)
    df["plan_kind"] = kinds.replace("", PLAN_KIND_DEFAULT)
    bad_kind = sorted(set(df["plan_kind"]) - set(PLAN_KINDS))
    if bad_kind:
        raise ValueError(f"{source}: unknown plan_kind {bad_kind}; valid: {list(PLAN_KINDS)}")
    for i, (en, zh) in enumerate(zip(df["text_gaps"], df["text_gaps_zh"], strict=True)):
        line = i + 2  # the header is line 1
        if en != en.strip() or zh != zh.strip():
            raise ValueError(f"{source} line {line}: text_gaps has leading or trailing spaces")
        if bool(en) != bool(zh):
            raise ValueError(f"{source} line {line}: text_gaps and text_gaps_zh must both be "
                             f"filled or both empty, got {en!r} and {zh!r}")
    bad_period = df[df["period_start"] > df["period_end"]]
    if len(bad_period):
        raise ValueError(f"{source}: period_start after period_end for {bad_period['document'].tolist()}")
    return df


@data_cache
def _registry() -> pd.DataFrame:
    path = data_path("registry.csv")
    df = pd.read_csv(path, dtype={"issued": str}, keep_default_na=False, na_values=[""])
    df["period_start"] = df["period_start"].astype(int)
    df["period_end"] = df["period_end"].astype(int)
    return _check_registry(df, path)


@data_cache
def _population() -> pd.DataFrame:
    path = data_path("population_2018.csv")
    df = pd.read_csv(path)
    if (df["resident_population_10k"] <= 0).any():
        raise ValueError(f"{path}: non-positive population")
    return df


def jurisdictions() -> pd.DataFrame:
    """Return the registry: one row per registered document, with reference population."""
    reg = _registry().copy()
    pop = _population().rename(
        columns={"year": "population_year", "source": "population_source"}
    ).drop(columns=["name_zh"])
    out = reg.merge(pop, on="jurisdiction", how="left")
    out["population_10k"] = out.pop("resident_population_10k")
    return out


def jurisdiction_ids() -> list[str]:
    """Return the registered jurisdiction ids in registry order."""
    return list(dict.fromkeys(_registry()["jurisdiction"]))


def registry_row(key: str) -> pd.Series:
    """Return the registry row of a jurisdiction or document id."""
    reg = _registry()
    hit = reg[(reg["jurisdiction"] == key) | (reg["document"] == key)]
    if hit.empty:
        raise UnknownIdError(
            f"unknown jurisdiction or document {key!r}; valid: {', '.join(jurisdiction_ids())}"
        )
    return hit.iloc[0]


def _meta(row: pd.Series) -> dict:
    return {k: (v.item() if hasattr(v, "item") else v) for k, v in row.items()}


def load_document(key: str) -> Document:
    """Load a registered document by jurisdiction or document id."""
    row = registry_row(key)
    path = data_path("documents", row["file"])
    if not Path(path).resolve().is_relative_to(Path(data_path("documents")).resolve()):
        raise DocumentError(f"registry.csv: {row['document']}: file {row['file']!r} points "
                            "outside the documents folder")
    text, encoding = read_text(path)
    return Document(row["document"], row["jurisdiction"], text, encoding, str(path), _meta(row))


def registered_documents(jurisdictions: list[str] | None = None) -> list[Document]:
    """Load every registered document (optionally only some jurisdictions)."""
    if jurisdictions:
        for j in jurisdictions:
            registry_row(j)  # raises a clear error for unknown ids
    keys = _registry()["document"].tolist()
    docs = [load_document(k) for k in keys]
    if jurisdictions:
        docs = [d for d in docs if d.jurisdiction in set(jurisdictions)]
    return docs


@data_cache
def _hash_index() -> dict[str, str]:
    return {load_document(k).sha256: k for k in _registry()["document"]}


def document_from_file(path: str | Path) -> Document:
    """Load any plan file; registry metadata is used when its content is a registered document."""
    text, encoding = read_text(path)
    key = _hash_index().get(text_sha256(text))
    p = Path(path)
    if key is not None:
        row = registry_row(key)
        return Document(row["document"], row["jurisdiction"], text, encoding, str(p), _meta(row))
    stem = p.name.split(".")[0] or "document"
    if not stem.strip():
        raise DocumentError(f"{p}: cannot derive a document id from the file name")
    return Document(stem, stem, text, encoding, str(p), {"file": p.name})

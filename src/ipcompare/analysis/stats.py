"""Statistics on a coverage matrix: plans (rows) by categories or instrument types (columns).

A coverage matrix is a pandas DataFrame with one row per plan (index = jurisdiction id), one
column per category, and non-negative counts (measures and/or targets per category).

- ``chi_square``: test of independence of plan and category, with a Monte-Carlo permutation
  p-value when expected counts are small.
- ``jensen_shannon`` and ``cluster``: how far apart the plans' category distributions are.
- Portfolio measures after the R package PolicyPortfolios (Fernández-i-Marín, Knill,
  Steinebach): size, diversity (Shannon, Gini–Simpson), equality (Shannon evenness) and Jaccard
  similarity of the sets of covered categories.

Conventions for a plan with no counts at all (an empty portfolio): size 0, Shannon diversity,
Gini–Simpson diversity and equality 0.0; Jaccard similarity of two empty portfolios 1.0 (as
``scipy.spatial.distance.jaccard``); its Jensen–Shannon distance is undefined (ValueError).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.cluster.hierarchy import leaves_list, linkage
from scipy.spatial.distance import jensenshannon, squareform
from scipy.stats import chi2_contingency

SMALL_EXPECTED = 5.0
"""Expected cell counts below this make the asymptotic chi-square p-value unreliable."""

LINKAGE_METHODS = ("single", "complete", "average", "weighted")
"""Linkage methods valid for a non-Euclidean distance such as Jensen–Shannon."""

_MC_CHUNK_CELLS = 4_000_000  # resamples x observations per vectorised chunk (~32 MB of int64)


@dataclass(frozen=True)
class ChiSquareResult:
    """Pearson chi-square test of independence on a coverage matrix."""

    statistic: float
    dof: int
    p_value: float  # asymptotic chi-square p-value
    min_expected: float
    share_expected_below_5: float
    method: str  # "asymptotic" or "monte_carlo": which p-value to report
    p_value_exact_or_mc: float | None  # Monte-Carlo permutation p-value, when computed
    n_resamples: int | None = None
    expected: pd.DataFrame | None = field(default=None, repr=False, compare=False)
    notes: tuple[str, ...] = ()

    @property
    def reported_p_value(self) -> float:
        """Return the p-value that ``method`` names."""
        if self.method == "monte_carlo" and self.p_value_exact_or_mc is not None:
            return self.p_value_exact_or_mc
        return self.p_value


@dataclass(frozen=True)
class ClusterResult:
    """Hierarchical clustering of plans on Jensen–Shannon distances."""

    linkage: np.ndarray  # scipy linkage matrix, (n - 1) x 4
    labels: list[str]  # row labels in the input order (indices 0..n-1 of the linkage)
    order: list[str]  # labels in dendrogram leaf order
    method: str = "average"


def _check_matrix(matrix: pd.DataFrame, *, min_rows: int = 1) -> pd.DataFrame:
    """Return ``matrix`` as floats after checking it is a valid coverage matrix."""
    if not isinstance(matrix, pd.DataFrame):
        raise TypeError(f"coverage matrix must be a pandas DataFrame, got {type(matrix).__name__}")
    if matrix.shape[1] == 0:
        raise ValueError("coverage matrix has no columns (categories)")
    if matrix.shape[0] < min_rows:
        raise ValueError(
            f"coverage matrix needs at least {min_rows} rows (plans), got {matrix.shape[0]}"
        )
    if not matrix.index.is_unique:
        dupes = sorted(map(str, matrix.index[matrix.index.duplicated()].unique()))
        raise ValueError(f"coverage matrix row labels must be unique; repeated: {dupes}")
    if not matrix.columns.is_unique:
        dupes = sorted(map(str, matrix.columns[matrix.columns.duplicated()].unique()))
        raise ValueError(f"coverage matrix column labels must be unique; repeated: {dupes}")
    bad = [
        str(col)
        for col, dtype in matrix.dtypes.items()
        if not pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_bool_dtype(dtype)
    ]
    if bad:
        raise ValueError(f"coverage matrix columns must be numeric counts; not numeric: {bad}")
    values = matrix.astype(float)
    if values.isna().to_numpy().any():
        raise ValueError("coverage matrix contains NaN (missing) values")
    if not np.isfinite(values.to_numpy()).all():
        raise ValueError("coverage matrix contains infinite values")
    if (values.to_numpy() < 0).any():
        raise ValueError("coverage matrix contains negative values")
    return values


def _proportions(values: pd.DataFrame) -> np.ndarray:
    """Return each row's proportions (an all-zero row stays all zero)."""
    arr = values.to_numpy()
    totals = arr.sum(axis=1, keepdims=True)
    return np.divide(arr, totals, out=np.zeros_like(arr), where=totals > 0)


def _drop_empty(values: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Drop all-zero rows and columns; return the rest and notes saying what was dropped."""
    notes = []
    zero_rows = values.index[values.sum(axis=1) == 0]
    if len(zero_rows):
        notes.append("dropped all-zero rows: " + ", ".join(map(str, zero_rows)))
    zero_cols = values.columns[values.sum(axis=0) == 0]
    if len(zero_cols):
        notes.append("dropped all-zero columns: " + ", ".join(map(str, zero_cols)))
    return values.drop(index=zero_rows, columns=zero_cols), notes


def _pearson(tables: np.ndarray, expected: np.ndarray) -> np.ndarray:
    """Return Pearson's statistic of each table (last two axes) against ``expected``."""
    return ((tables - expected) ** 2 / expected).sum(axis=(-2, -1))


def random_tables(observed: np.ndarray, size: int, rng: np.random.Generator) -> np.ndarray:
    """Return ``size`` random tables (size x r x c) with the row and column sums of ``observed``."""
    counts = np.asarray(observed, dtype=np.int64)
    n_rows, n_cols = counts.shape
    cells = np.repeat(np.arange(counts.size), counts.ravel())
    row_of, col_of = np.divmod(cells, n_cols)  # one entry per observation
    # Shuffling the column labels of the observations keeps both margins fixed.
    cols = rng.permuted(np.broadcast_to(col_of, (size, row_of.size)), axis=1)
    flat = (np.arange(size)[:, None] * counts.size + row_of * n_cols + cols).ravel()
    return np.bincount(flat, minlength=size * counts.size).reshape(size, n_rows, n_cols)


def permutation_statistics(
    observed: np.ndarray, n_resamples: int, rng: np.random.Generator
) -> np.ndarray:
    """Return Pearson statistics of ``n_resamples`` tables with the margins of ``observed``."""
    counts = np.asarray(observed, dtype=np.int64)
    expected = counts.sum(axis=1, keepdims=True) * counts.sum(axis=0) / counts.sum()
    chunk = max(1, _MC_CHUNK_CELLS // max(int(counts.sum()), 1))
    out = np.empty(n_resamples)
    for start in range(0, n_resamples, chunk):
        size = min(chunk, n_resamples - start)
        out[start : start + size] = _pearson(random_tables(counts, size, rng), expected)
    return out


def chi_square(
    matrix: pd.DataFrame,
    *,
    n_resamples: int = 10_000,
    seed: int | None = 0,
    monte_carlo: bool | None = None,
) -> ChiSquareResult:
    """Test plan x category independence (Pearson, no Yates), Monte-Carlo p when counts are small."""
    values = _check_matrix(matrix, min_rows=2)
    arr = values.to_numpy()
    if not np.array_equal(arr, np.round(arr)):
        raise ValueError("chi_square needs integer counts; the coverage matrix has fractions")
    kept, notes = _drop_empty(values)
    if kept.shape[0] < 2 or kept.shape[1] < 2:
        raise ValueError(
            f"chi_square needs at least 2 non-zero rows and 2 non-zero columns, "
            f"got {kept.shape[0]} x {kept.shape[1]} after dropping all-zero ones"
        )
    if n_resamples < 1:
        raise ValueError(f"n_resamples must be positive, got {n_resamples}")
    observed = kept.to_numpy().astype(np.int64)
    res = chi2_contingency(observed, correction=False)
    expected = np.asarray(res.expected_freq)
    small = expected < SMALL_EXPECTED
    use_mc = bool(small.any()) if monte_carlo is None else monte_carlo
    p_mc = None
    if use_mc:
        sims = permutation_statistics(observed, n_resamples, np.random.default_rng(seed))
        tolerance = 1e-9 * max(1.0, float(res.statistic))  # ties up to rounding count as >=
        hits = int(np.count_nonzero(sims >= res.statistic - tolerance))
        p_mc = (hits + 1) / (n_resamples + 1)
        notes.append(
            f"Monte-Carlo p-value from {n_resamples} permutations (seed {seed}), margins fixed"
        )
    if small.any():
        notes.append(
            f"{int(small.sum())} of {small.size} expected counts below {SMALL_EXPECTED:g}: "
            "the asymptotic chi-square p-value is unreliable"
        )
    return ChiSquareResult(
        statistic=float(res.statistic),
        dof=int(res.dof),
        p_value=float(res.pvalue),
        min_expected=float(expected.min()),
        share_expected_below_5=float(small.mean()),
        method="monte_carlo" if use_mc else "asymptotic",
        p_value_exact_or_mc=p_mc,
        n_resamples=n_resamples if use_mc else None,
        expected=pd.DataFrame(expected, index=kept.index, columns=kept.columns),
        notes=tuple(notes),
    )


def jensen_shannon(matrix: pd.DataFrame) -> pd.DataFrame:
    """Return pairwise Jensen–Shannon distances (base 2, in [0, 1]) between rows' distributions."""
    values = _check_matrix(matrix)
    empty = values.index[values.sum(axis=1) == 0]
    if len(empty):
        raise ValueError(
            "Jensen–Shannon distance is undefined for all-zero rows: " + ", ".join(map(str, empty))
        )
    probs = _proportions(values)
    n = len(values)
    dist = np.zeros((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            d = float(jensenshannon(probs[i], probs[j], base=2))
            dist[i, j] = dist[j, i] = min(max(d, 0.0), 1.0)
    return pd.DataFrame(dist, index=values.index, columns=values.index)


def cluster(
    matrix: pd.DataFrame, method: str = "average", *, optimal_ordering: bool = False
) -> ClusterResult:
    """Cluster plans hierarchically on their Jensen–Shannon distances."""
    if method not in LINKAGE_METHODS:
        raise ValueError(f"method must be one of {LINKAGE_METHODS} (JS is not Euclidean)")
    _check_matrix(matrix, min_rows=2)
    dist = jensen_shannon(matrix)
    z = linkage(
        squareform(dist.to_numpy(), checks=False), method=method, optimal_ordering=optimal_ordering
    )
    labels = [str(label) for label in dist.index]
    order = [labels[i] for i in leaves_list(z)]
    return ClusterResult(linkage=z, labels=labels, order=order, method=method)


def portfolio_size(matrix: pd.DataFrame, normalize: bool = False) -> pd.Series:
    """Return the number of categories with a count > 0 per plan (or its share of all columns)."""
    values = _check_matrix(matrix)
    size = (values > 0).sum(axis=1)
    if normalize:
        return (size / values.shape[1]).rename("size_share")
    return size.astype(int).rename("size")


def diversity_shannon(matrix: pd.DataFrame) -> pd.Series:
    """Return the Shannon entropy (natural log) of each plan's category proportions."""
    values = _check_matrix(matrix)
    p = _proportions(values)
    logs = np.log(p, out=np.zeros_like(p), where=p > 0)
    return pd.Series(-(p * logs).sum(axis=1) + 0.0, index=values.index, name="shannon")


def diversity_gini_simpson(matrix: pd.DataFrame) -> pd.Series:
    """Return the Gini–Simpson index 1 − Σp² of each plan (0.0 for an empty plan)."""
    values = _check_matrix(matrix)
    p = _proportions(values)
    gs = np.where(values.sum(axis=1) > 0, 1.0 - (p**2).sum(axis=1), 0.0)
    return pd.Series(gs, index=values.index, name="gini_simpson")


def equality(matrix: pd.DataFrame) -> pd.Series:
    """Return Shannon evenness H / ln(size) per plan; 0.0 when size is 0 or 1 (nothing to even)."""
    size = portfolio_size(matrix).to_numpy()
    h = diversity_shannon(matrix)
    denom = np.log(np.maximum(size, 1))
    even = np.divide(h.to_numpy(), denom, out=np.zeros_like(denom), where=size > 1)
    return pd.Series(even, index=h.index, name="equality")


def similarity_jaccard(matrix: pd.DataFrame) -> pd.DataFrame:
    """Return pairwise Jaccard similarity of the plans' sets of covered categories."""
    values = _check_matrix(matrix)
    covered = (values.to_numpy() > 0).astype(int)
    inter = covered @ covered.T
    sizes = covered.sum(axis=1)
    union = sizes[:, None] + sizes[None, :] - inter
    sim = np.divide(inter, union, out=np.ones(inter.shape), where=union > 0)
    return pd.DataFrame(sim, index=values.index, columns=values.index)


def portfolio_summary(matrix: pd.DataFrame) -> pd.DataFrame:
    """Return one row per plan: size, shannon, gini_simpson, equality."""
    return pd.concat(
        [
            portfolio_size(matrix),
            diversity_shannon(matrix),
            diversity_gini_simpson(matrix),
            equality(matrix),
        ],
        axis=1,
    )

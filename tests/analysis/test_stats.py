"""Tests for ipcompare.analysis.stats: hand-computed values on tiny coverage matrices."""

from __future__ import annotations

import math
import time
from itertools import product

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps

from ipcompare.analysis import stats

# --- chi-square -----------------------------------------------------------------------------


def test_chi_square_2x2_by_hand() -> None:
    # [[10, 20], [30, 40]]: N = 100, rows 30/70, columns 40/60.
    # Expected = row*col/N: 30*40/100 = 12, 30*60/100 = 18, 70*40/100 = 28, 70*60/100 = 42.
    # X² = 2²/12 + 2²/18 + 2²/28 + 2²/42 = 1/3 + 2/9 + 1/7 + 2/21 = (21+14+9+6)/63 = 50/63
    # (check: N(ad−bc)²/(r1 r2 c1 c2) = 100·(400−600)²/(30·70·40·60) = 4e6/5.04e6 = 50/63).
    # dof = (2−1)(2−1) = 1; no Yates correction. For 1 dof, P(X² > x) = erfc(sqrt(x/2)).
    m = pd.DataFrame([[10, 20], [30, 40]], index=["wuhan", "nantong"], columns=["a", "b"])
    r = stats.chi_square(m)
    assert r.statistic == pytest.approx(50 / 63, abs=1e-12)
    assert r.dof == 1
    assert r.p_value == pytest.approx(math.erfc(math.sqrt(50 / 63 / 2)), abs=1e-9)
    assert r.p_value == pytest.approx(sps.chi2.sf(50 / 63, 1), abs=1e-9)
    assert r.min_expected == 12.0
    assert r.share_expected_below_5 == 0.0
    assert r.method == "asymptotic"
    assert r.p_value_exact_or_mc is None
    assert r.reported_p_value == r.p_value
    assert r.notes == ()
    assert r.expected.loc["nantong", "b"] == pytest.approx(42.0)


def test_chi_square_2x3_by_hand() -> None:
    # [[5, 10, 15], [15, 10, 5]]: N = 60, rows 30/30, columns 20/20/20, every expected = 10.
    # X² = (25 + 0 + 25 + 25 + 0 + 25)/10 = 10, dof = (2−1)(3−1) = 2.
    # For 2 dof the chi-square survival function is exp(−x/2): p = exp(−5).
    m = pd.DataFrame([[5, 10, 15], [15, 10, 5]])
    r = stats.chi_square(m)
    assert r.statistic == pytest.approx(10.0, abs=1e-12)
    assert r.dof == 2
    assert r.p_value == pytest.approx(math.exp(-5), abs=1e-12)
    assert r.method == "asymptotic"


def test_chi_square_drops_all_zero_rows_and_columns() -> None:
    m = pd.DataFrame(
        [[10, 0, 20], [0, 0, 0], [30, 0, 40]],
        index=["wuhan", "sichuan", "nantong"],
        columns=["creation", "finance", "talent"],
    )
    r = stats.chi_square(m)
    assert r.statistic == pytest.approx(50 / 63, abs=1e-12)  # the 2x2 table above
    assert r.dof == 1
    assert r.notes == (
        "dropped all-zero rows: sichuan",
        "dropped all-zero columns: finance",
    )
    assert list(r.expected.index) == ["wuhan", "nantong"]


def test_monte_carlo_matches_fisher_exact_on_small_2x2() -> None:
    # [[1, 5], [5, 1]]: all expected counts are 3 (< 5), so the Monte-Carlo p-value is reported.
    # With margins fixed, a = cell (0, 0) ~ Hypergeometric(N=12, K=6, n=6):
    # P(a=k) = C(6,k) C(6,6−k)/C(12,6) = (1, 36, 225, 400, 225, 36, 1)/924 for k = 0..6.
    # Margins are symmetric, so "X² >= observed" and "P <= observed" select the same tables
    # k in {0, 1, 5, 6}: exact p = (1 + 36 + 36 + 1)/924 = 74/924 = Fisher's two-sided p.
    m = pd.DataFrame([[1, 5], [5, 1]])
    exact = 74 / 924
    assert sps.fisher_exact([[1, 5], [5, 1]]).pvalue == pytest.approx(exact, abs=1e-12)
    r = stats.chi_square(m, seed=42)
    assert r.method == "monte_carlo"
    assert r.n_resamples == 10_000
    assert r.min_expected == 3.0
    assert r.share_expected_below_5 == 1.0
    mc_se = math.sqrt(exact * (1 - exact) / 10_000)  # about 0.0027
    assert abs(r.p_value_exact_or_mc - exact) < 4 * mc_se
    assert r.reported_p_value == r.p_value_exact_or_mc
    assert any("expected counts below 5" in note for note in r.notes)
    # Deterministic with a fixed seed.
    assert stats.chi_square(m, seed=42) == r
    assert stats.chi_square(m, seed=43).p_value_exact_or_mc != r.p_value_exact_or_mc


def test_monte_carlo_matches_exact_permutation_p_on_asymmetric_2x2() -> None:
    # [[0, 4], [6, 2]]: rows 4/8, columns 6/6, N = 12; a = cell (0,0) ~ Hypergeom(12, 6, 4).
    # E[a] = 4*6/12 = 2; X² depends on |a − 2| only, observed |0 − 2| = 2, so the exact
    # permutation p-value is P(a=0) + P(a=4) = (C(6,0)C(6,4) + C(6,4)C(6,0))/C(12,4)
    # = (15 + 15)/495 = 30/495.
    m = pd.DataFrame([[0, 4], [6, 2]])
    exact = 30 / 495
    pmf = sps.hypergeom(12, 6, 4).pmf
    assert pmf(0) + pmf(4) == pytest.approx(exact, abs=1e-12)
    r = stats.chi_square(m, seed=7)
    assert abs(r.p_value_exact_or_mc - exact) < 4 * math.sqrt(exact * (1 - exact) / 10_000)


def test_permutation_matches_full_enumeration_2x3() -> None:
    # Exact null distribution of a 2x3 table with margins fixed, by enumerating row 0:
    # P(row0 = (a1, a2, a3)) = C(c1,a1) C(c2,a2) C(c3,a3) / C(N, r1).
    obs = np.array([[3, 0, 1], [1, 4, 2]])
    cols, r1, n = obs.sum(axis=0), obs[0].sum(), obs.sum()
    expected = obs.sum(axis=1, keepdims=True) * cols / n
    x_obs = ((obs - expected) ** 2 / expected).sum()
    exact = 0.0
    for a in product(*(range(c + 1) for c in cols)):
        if sum(a) != r1:
            continue
        table = np.array([a, cols - np.array(a)])
        if ((table - expected) ** 2 / expected).sum() >= x_obs - 1e-9:
            exact += math.prod(math.comb(int(c), k) for c, k in zip(cols, a, strict=True))
    exact /= math.comb(int(n), int(r1))
    r = stats.chi_square(pd.DataFrame(obs), n_resamples=20_000, seed=1)
    assert r.method == "monte_carlo"
    assert abs(r.p_value_exact_or_mc - exact) < 4 * math.sqrt(exact * (1 - exact) / 20_000)


def test_random_tables_keep_margins() -> None:
    obs = np.array([[3, 0, 2], [1, 4, 0]])
    tables = stats.random_tables(obs, 1000, np.random.default_rng(0))
    assert tables.shape == (1000, 2, 3)
    assert (tables.sum(axis=2) == obs.sum(axis=1)).all()  # row sums 5, 5
    assert (tables.sum(axis=1) == obs.sum(axis=0)).all()  # column sums 4, 4, 2
    assert len({t.tobytes() for t in tables}) > 10  # it does vary
    sims = stats.permutation_statistics(obs, 1000, np.random.default_rng(0))
    assert sims.shape == (1000,)
    assert (sims >= 0).all()


def test_monte_carlo_forced_and_disabled() -> None:
    m = pd.DataFrame([[10, 20], [30, 40]])
    forced = stats.chi_square(m, monte_carlo=True, n_resamples=2000)
    assert forced.method == "monte_carlo"
    assert 0 < forced.p_value_exact_or_mc <= 1
    small = pd.DataFrame([[1, 5], [5, 1]])
    off = stats.chi_square(small, monte_carlo=False)
    assert off.method == "asymptotic"
    assert off.p_value_exact_or_mc is None
    assert off.share_expected_below_5 == 1.0  # the caveat is still reported


def test_monte_carlo_in_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    # 12 observations and a 50-cell budget: chunks of 4 resamples, same exact p as above.
    monkeypatch.setattr(stats, "_MC_CHUNK_CELLS", 50)
    sims = stats.permutation_statistics(np.array([[1, 5], [5, 1]]), 1001, np.random.default_rng(0))
    assert sims.shape == (1001,)
    r = stats.chi_square(pd.DataFrame([[1, 5], [5, 1]]), n_resamples=4000, seed=5)
    exact = 74 / 924
    assert abs(r.p_value_exact_or_mc - exact) < 4 * math.sqrt(exact * (1 - exact) / 4000)


def test_monte_carlo_is_fast() -> None:
    rng = np.random.default_rng(3)
    m = pd.DataFrame(rng.integers(0, 25, size=(5, 8)))  # about 5*8*12 = 480 observations
    stats.chi_square(m, monte_carlo=True, n_resamples=100)  # warm-up
    start = time.perf_counter()
    r = stats.chi_square(m, monte_carlo=True, n_resamples=10_000)
    assert time.perf_counter() - start < 1.0
    assert r.n_resamples == 10_000


# --- Jensen–Shannon and clustering ----------------------------------------------------------


def test_jensen_shannon_by_hand() -> None:
    m = pd.DataFrame(
        [[1, 0], [0, 1], [2, 0], [1, 1]], index=["x", "y", "x2", "even"], columns=["a", "b"]
    )
    d = stats.jensen_shannon(m)
    # Disjoint supports: JSD = 1 bit, distance sqrt(1) = 1.
    assert d.loc["x", "y"] == pytest.approx(1.0, abs=1e-12)
    # Same distribution (counts [1,0] and [2,0]): distance 0.
    assert d.loc["x", "x2"] == pytest.approx(0.0, abs=1e-12)
    # p = (1/2, 1/2), q = (1, 0), m = (3/4, 1/4):
    # KL(p||m) = ½ log2(2/3) + ½ log2(2) = 1 − ½ log2 3;  KL(q||m) = log2(4/3) = 2 − log2 3;
    # JSD = ½ (KL(p||m) + KL(q||m)) = 3/2 − ¾ log2 3 ≈ 0.311278; distance = sqrt ≈ 0.557923.
    expected = math.sqrt(1.5 - 0.75 * math.log2(3))
    assert d.loc["even", "x"] == pytest.approx(expected, abs=1e-12)
    assert expected == pytest.approx(0.557923, abs=1e-6)
    assert (np.diag(d.to_numpy()) == 0).all()
    assert np.array_equal(d.to_numpy(), d.to_numpy().T)
    assert list(d.index) == list(d.columns) == ["x", "y", "x2", "even"]
    assert ((d.to_numpy() >= 0) & (d.to_numpy() <= 1)).all()


def test_cluster_by_hand() -> None:
    # a and b have the same distribution (distance 0); c is disjoint from both (distance 1).
    # Average linkage: merge a+b at 0 (cluster 3), then c with {a,b} at mean(1, 1) = 1.
    m = pd.DataFrame([[1, 0], [2, 0], [0, 1]], index=["a", "b", "c"])
    r = stats.cluster(m)
    np.testing.assert_allclose(r.linkage, [[0, 1, 0, 2], [2, 3, 1, 3]])
    assert r.labels == ["a", "b", "c"]
    assert r.order == ["c", "a", "b"]  # leaves_list: left child (c, index 2) first
    assert r.method == "average"


def test_cluster_average_uses_mean_distance() -> None:
    # Rows x=[1,0], y=[1,1], z=[0,1], from the hand values above:
    # d(x,y) = d(z,y) = s = sqrt(3/2 − ¾ log2 3) ≈ 0.558 and d(x,z) = 1.
    # Average linkage: first merge is x–y or y–z at s; the third joins at (s + 1)/2.
    # Complete linkage: the third joins at max(1, s) = 1.
    s = math.sqrt(1.5 - 0.75 * math.log2(3))
    r = stats.cluster(pd.DataFrame([[1, 0], [1, 1], [0, 1]], index=["x", "y", "z"]))
    assert r.linkage[0, 2] == pytest.approx(s, abs=1e-12)
    assert r.linkage[1, 2] == pytest.approx((s + 1) / 2, abs=1e-12)
    complete = stats.cluster(pd.DataFrame([[1, 0], [1, 1], [0, 1]]), method="complete")
    assert complete.linkage[1, 2] == pytest.approx(1.0, abs=1e-12)


# --- portfolio measures ---------------------------------------------------------------------


@pytest.fixture
def portfolios() -> pd.DataFrame:
    return pd.DataFrame(
        [[1, 1, 1, 1], [2, 1, 1, 0], [0, 5, 0, 0], [0, 0, 0, 0]],
        index=["even", "mixed", "single", "empty"],
        columns=["a", "b", "c", "d"],
    )


def test_portfolio_size(portfolios: pd.DataFrame) -> None:
    size = stats.portfolio_size(portfolios)
    assert size.to_dict() == {"even": 4, "mixed": 3, "single": 1, "empty": 0}
    assert size.name == "size"
    share = stats.portfolio_size(portfolios, normalize=True)
    assert share.to_dict() == {"even": 1.0, "mixed": 0.75, "single": 0.25, "empty": 0.0}


def test_diversity_shannon(portfolios: pd.DataFrame) -> None:
    h = stats.diversity_shannon(portfolios)
    # [1,1,1,1]: −4·¼ ln ¼ = ln 4.
    assert h["even"] == pytest.approx(math.log(4), abs=1e-12)
    # [2,1,1,0]: p = (½, ¼, ¼): −(½ ln ½ + 2·¼ ln ¼) = ½ ln 2 + ln 2 = 1.5 ln 2.
    assert h["mixed"] == pytest.approx(1.5 * math.log(2), abs=1e-12)
    assert h["single"] == 0.0
    assert h["empty"] == 0.0


def test_diversity_gini_simpson(portfolios: pd.DataFrame) -> None:
    gs = stats.diversity_gini_simpson(portfolios)
    assert gs["even"] == pytest.approx(1 - 4 * 0.0625, abs=1e-12)  # 0.75
    # [2,1,1]: 1 − (0.25 + 0.0625·2) = 1 − 0.375 = 0.625.
    assert gs["mixed"] == pytest.approx(0.625, abs=1e-12)
    assert gs["single"] == 0.0
    assert gs["empty"] == 0.0


def test_equality(portfolios: pd.DataFrame) -> None:
    eq = stats.equality(portfolios)
    assert eq["even"] == pytest.approx(1.0, abs=1e-12)  # ln 4 / ln 4
    assert eq["mixed"] == pytest.approx(1.5 * math.log(2) / math.log(3), abs=1e-12)  # ≈ 0.946
    assert eq["single"] == 0.0  # one category: defined as 0
    assert eq["empty"] == 0.0


def test_similarity_jaccard_by_hand(portfolios: pd.DataFrame) -> None:
    two = pd.DataFrame([[1, 1, 0], [0, 2, 7]], index=["p", "q"], columns=["a", "b", "c"])
    sim = stats.similarity_jaccard(two)
    assert sim.loc["p", "q"] == pytest.approx(1 / 3, abs=1e-12)  # {a,b} ∩ {b,c} / ∪ = 1/3
    assert sim.loc["p", "p"] == 1.0
    j = stats.similarity_jaccard(portfolios)
    assert j.loc["even", "mixed"] == pytest.approx(3 / 4)  # {a,b,c} / {a,b,c,d}
    assert j.loc["even", "single"] == pytest.approx(1 / 4)  # {b} / {a,b,c,d}
    assert j.loc["mixed", "single"] == pytest.approx(1 / 3)  # {b} / {a,b,c}
    assert j.loc["single", "empty"] == 0.0
    assert j.loc["empty", "empty"] == 1.0  # two empty portfolios: 1.0, as scipy's jaccard
    assert np.array_equal(j.to_numpy(), j.to_numpy().T)


def test_portfolio_summary(portfolios: pd.DataFrame) -> None:
    s = stats.portfolio_summary(portfolios)
    assert list(s.columns) == ["size", "shannon", "gini_simpson", "equality"]
    assert list(s.index) == ["even", "mixed", "single", "empty"]
    assert s.loc["mixed", "size"] == 3
    assert s.loc["mixed", "gini_simpson"] == pytest.approx(0.625)
    assert s.loc["even", "shannon"] == pytest.approx(math.log(4))
    assert s.loc["even", "equality"] == pytest.approx(1.0)


def test_float_weights_allowed_outside_chi_square() -> None:
    m = pd.DataFrame([[0.5, 0.5], [1.5, 0.0]])
    assert stats.diversity_shannon(m)[0] == pytest.approx(math.log(2))
    with pytest.raises(ValueError, match="integer counts"):
        stats.chi_square(m)


# --- input checks ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "func",
    [
        stats.chi_square,
        stats.jensen_shannon,
        stats.cluster,
        stats.portfolio_size,
        stats.diversity_shannon,
        stats.diversity_gini_simpson,
        stats.equality,
        stats.similarity_jaccard,
        stats.portfolio_summary,
    ],
)
@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (pd.DataFrame([[1, -1], [2, 3]]), "negative"),
        (pd.DataFrame([[1, np.nan], [2, 3]]), "NaN"),
        (pd.DataFrame([[1, np.inf], [2, 3]]), "infinite"),
        (pd.DataFrame({"a": ["1", "2"], "b": [1, 2]}), "not numeric"),
        (pd.DataFrame({"a": [True, False], "b": [1, 2]}), "not numeric"),
        (pd.DataFrame(index=["x", "y"]), "no columns"),
        (pd.DataFrame([[1, 2], [3, 4]], index=["x", "x"]), "unique"),
        (pd.DataFrame([[1, 2], [3, 4]], columns=["a", "a"]), "unique"),
    ],
)
def test_bad_input_raises(func, bad: pd.DataFrame, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        func(bad)


def test_not_a_dataframe_raises_type_error() -> None:
    with pytest.raises(TypeError, match="DataFrame"):
        stats.portfolio_size([[1, 2], [3, 4]])


@pytest.mark.parametrize("func", [stats.chi_square, stats.cluster])
def test_needs_two_rows(func) -> None:
    with pytest.raises(ValueError, match="at least 2 rows"):
        func(pd.DataFrame([[1, 2]]))


def test_chi_square_needs_two_nonzero_rows_and_columns() -> None:
    with pytest.raises(ValueError, match="2 non-zero rows and 2 non-zero columns"):
        stats.chi_square(pd.DataFrame([[1, 2], [0, 0]]))
    with pytest.raises(ValueError, match="2 non-zero rows and 2 non-zero columns"):
        stats.chi_square(pd.DataFrame([[1, 0], [3, 0]]))
    with pytest.raises(ValueError, match="n_resamples"):
        stats.chi_square(pd.DataFrame([[1, 5], [5, 1]]), n_resamples=0)


def test_jensen_shannon_rejects_all_zero_row() -> None:
    with pytest.raises(ValueError, match="all-zero rows: b"):
        stats.jensen_shannon(pd.DataFrame([[1, 2], [0, 0]], index=["a", "b"]))


def test_cluster_rejects_euclidean_only_methods() -> None:
    with pytest.raises(ValueError, match="method"):
        stats.cluster(pd.DataFrame([[1, 2], [3, 4]]), method="ward")

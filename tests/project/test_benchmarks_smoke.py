"""Smoke tests of benchmarks/: the synthetic corpus and the extraction benchmark at a tiny size.

Only the structure of the results is checked, never timings.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ipcompare.corpus.documents import read_text
from ipcompare.corpus.registry import REGISTRY_COLUMNS, registered_documents

BENCH = Path(__file__).resolve().parents[2] / "benchmarks"
sys.path.insert(0, str(BENCH))

import bench_extract  # noqa: E402
import bench_scale  # noqa: E402
import run_all  # noqa: E402
import synthetic  # noqa: E402


@pytest.fixture(scope="module")
def real():
    return registered_documents()


def test_make_corpus_ids_sizes_and_periods(real):
    docs = synthetic.make_corpus(3, seed=1)
    assert [d.document for d in docs] == ["synthetic_0001", "synthetic_0002", "synthetic_0003"]
    assert all(d.jurisdiction == d.document for d in docs)
    periods = {(d.meta["period_start"], d.meta["period_end"]) for d in real}
    for d in docs:
        assert (d.meta["period_start"], d.meta["period_end"]) in periods
        assert d.text.startswith(d.meta["title"] + "\n")
        assert set(REGISTRY_COLUMNS) <= set(d.meta)
    # the running total stays within one source line of 3 average plans
    longest_line = max(len(ln) for d in real for ln in d.text.splitlines())
    target = 3 * synthetic.average_chars(real)
    assert abs(sum(len(d.text) for d in docs) - target) <= longest_line + 1


def test_make_corpus_is_deterministic_and_made_of_real_lines(real):
    a, b = synthetic.make_corpus(2, seed=7), synthetic.make_corpus(2, seed=7)
    assert [d.text for d in a] == [d.text for d in b]
    assert [d.text for d in a] != [d.text for d in synthetic.make_corpus(2, seed=8)]
    real_lines = {ln for d in real for ln in d.text.splitlines()}
    for d in a:
        assert all(ln in real_lines for ln in d.text.splitlines()[1:])


def test_make_corpus_prefix_property():
    # more plans with the same seed extend the corpus: the first plans are unchanged
    small, large = synthetic.make_corpus(2, seed=3), synthetic.make_corpus(4, seed=3)
    assert [d.text for d in large[:2]] == [d.text for d in small]
    assert synthetic.make_corpus(0) == []
    with pytest.raises(ValueError):
        synthetic.make_corpus(-1)


def test_cli_writes_documents_and_registry(tmp_path, capsys):
    assert synthetic.main(["--plans", "2", "--out", str(tmp_path), "--seed", "5"]) == 0
    docs = synthetic.make_corpus(2, seed=5)
    with open(tmp_path / "registry.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == REGISTRY_COLUMNS + ["status_note", "source_note"]
    assert [r["document"] for r in rows] == ["synthetic_0001", "synthetic_0002"]
    for r, d in zip(rows, docs, strict=True):
        assert read_text(tmp_path / "documents" / r["file"]) == (d.text, "utf-8")
        assert int(r["period_start"]) == d.meta["period_start"]
    assert "wrote 2 plans" in capsys.readouterr().out
    assert (tmp_path / "taxonomy.yaml").is_file()


def test_data_dir_runs_the_library_and_plans_the_reports(tmp_path):
    docs = synthetic.make_corpus(3, seed=4)
    root = synthetic.write_data_dir(docs, tmp_path / "data", seed=4)
    real = Path(__file__).resolve().parents[2] / "data"
    # every vocabulary is copied unchanged; the plan-specific files are the synthetic ones
    for name in ("taxonomy.yaml", "lexicon.yaml", "agencies.csv", "corrections.csv"):
        assert (root / name).read_bytes() == (real / name).read_bytes()
    with open(root / "population_2018.csv", encoding="utf-8", newline="") as fh:
        pop = list(csv.DictReader(fh))
    assert [p["jurisdiction"] for p in pop] == [d.jurisdiction for d in docs]
    assert all(150 <= float(p["resident_population_10k"]) <= 1500 for p in pop)
    with open(root / "sichuan_expected_indicators.csv", encoding="utf-8") as fh:
        assert len(fh.readlines()) == 1  # the header only
    assert sorted(p.name for p in (root / "documents").iterdir()) == [
        "synthetic_0001.txt", "synthetic_0002.txt", "synthetic_0003.txt"]

    env = {**os.environ, "IPCOMPARE_DATA": str(root)}
    ipcompare = str(Path(sys.executable).parent / "ipcompare")
    listed = subprocess.run([ipcompare, "list"], env=env, capture_output=True, text=True,
                            check=True).stdout
    assert all(d.jurisdiction in listed for d in docs) and "wuhan" not in listed
    dry = subprocess.run(
        [ipcompare, "build", "--dry-run", "--out", str(tmp_path / "site"), "--only",
         "jurisdiction_profile"], env=env, capture_output=True, text=True,
        cwd=Path(__file__).resolve().parents[2])
    assert dry.returncode == 0, dry.stderr
    for d in docs:
        for lang in ("en", "zh"):
            assert f"jurisdiction_profile:{d.jurisdiction}:{lang}" in dry.stdout
    assert "wuhan" not in dry.stdout


def test_scale_fit_and_growth():
    f = bench_scale.fit([25.0, 50.0, 100.0], [10.0, 20.0, 40.0])
    assert f["slope_s_per_plan"] == pytest.approx(0.4)
    assert f["intercept_s"] == pytest.approx(0.0, abs=1e-12)
    assert f["r2"] == pytest.approx(1.0)
    assert f["growth"] == pytest.approx(1.0)
    # quadratic time: growth is the ratio of the sizes
    assert bench_scale.fit([10.0, 40.0], [1.0, 16.0])["growth"] == pytest.approx(4.0)


def test_baselines_find_the_same_numbers():
    text = "到2020年，培育10家企业。专利达到1.5万件；\n新增3项"
    assert bench_extract.regex_scan(text) == [(1, "2020"), (9, "10"), (19, "1.5"), (28, "3")]
    naive = bench_extract.naive_extract(text)
    assert [(s, n) for s, n, _ in naive] == bench_extract.regex_scan(text)
    assert [sent for _, _, sent in naive] == [
        "到2020年，培育10家企业。", "到2020年，培育10家企业。", "专利达到1.5万件；", "新增3项"
    ]


def test_linear_fit_exact_line():
    fit = bench_extract.linear_fit([1, 2, 3, 4], [3, 5, 7, 9])
    assert fit["slope"] == pytest.approx(2)
    assert fit["intercept"] == pytest.approx(1)
    assert fit["r2"] == pytest.approx(1)


def test_cache_kinds_split_loads_from_memos():
    kinds = bench_extract.cache_kinds()
    short = {kind: {n.rsplit(".", 1)[-1] for n in names} for kind, names in kinds.items()}
    assert {"lexicon", "load_taxonomy"} <= short["one_time"]
    assert {"classify", "parse_numeral"} <= short["memo"]
    assert not set(kinds["one_time"]) & set(kinds["memo"])


def test_run_tiny_structure():
    tiny = synthetic.make_corpus(1, seed=2, chars_per_plan=1500)
    r = bench_extract.run(sizes=(1, 2), lengths=(1, 2), repeats=1, budget_s=0.0,
                          real_docs=tiny, cold=False, chars_per_plan=800)
    assert set(r) >= {"machine", "settings", "caches", "real", "sizes", "sizes_fit", "lengths",
                      "lengths_fit", "total_s"}
    assert r["real"]["plans"] == 1 and r["real"]["cold"] is None
    assert {n.rsplit(".", 1)[-1] for n in r["real"]["one_time_loads_s"]} == {"lexicon", "load_taxonomy"}
    assert set(r["real"]["stages_s"]) == {"extract_rows", "link_restatements",
                                          "validate_and_check_quotes", "corpus_level"}
    assert [p["k"] for p in r["sizes"]] == [1, 2]
    assert [p["plans"] for p in r["sizes"]] == [1, 2]
    assert [p["length"] for p in r["lengths"]] == [1, 2]
    assert all(set(p["stages_s"]) == set(r["real"]["stages_s"]) for p in r["lengths"])
    for p in r["sizes"] + r["lengths"] + [r["real"]]:
        for method in ("ours", "naive", "scan"):
            assert len(p[method]["times_s"]) == len(p[method]["cpu_s"]) == 1
            assert p[method]["best_cpu_s"] >= 0
            assert p[method]["best_s"] > 0 and p[method]["chars_per_s"] > 0
        assert p["rows"] >= 0 and p["numbers"] > 0 and p["chars"] > 0
    assert set(r["sizes_fit"]) == {"ours", "ours (CPU)", "naive", "scan"}
    assert set(r["sizes_fit"]["ours"]) == {"slope", "intercept", "r2", "growth",
                                           "growth_per_size", "growth_per_char"}
    md = bench_extract.to_markdown(r)
    assert "| 2× | 2 |" in md and "### (d) Plan length" in md


def test_run_all_finds_the_extraction_benchmark():
    assert [p.name for p in run_all.benchmarks("extract")] == ["bench_extract.py"]
    assert run_all.main(["-k", "no-such-benchmark"]) == 1


PROFILE_AT_SCALE = r"""
import json, re
from ipcompare import sections
j = "synthetic_0001"
st = sections.standing(j)
page = sections.standing_section(j, "en", sections.sources_for("en"))
fig = sections.standing_figure(j, "en")
print(json.dumps({
    "others": [len(o) for o in st["others"]],
    "more": [int(n) for n in re.findall(r"and (\d+) more plans", page)],
    "bars": None if fig is None else sum(len(ax.patches) for ax in fig.axes),
}))
"""


def test_a_profile_lists_a_bounded_number_of_other_plans(tmp_path):
    # 20 synthetic plans: on a widely shared indicator a profile lists the 8 nearest plans
    # (with the highest and the lowest) and says how many more there are
    root = synthetic.write_data_dir(synthetic.make_corpus(20, seed=0), tmp_path / "data")
    env = {**os.environ, "IPCOMPARE_DATA": str(root)}
    proc = subprocess.run([sys.executable, "-c", PROFILE_AT_SCALE], env=env, capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    got = json.loads(proc.stdout.strip().splitlines()[-1])
    many = [n for n in got["others"] if n > 8]
    assert many, "some indicator is shared by more than 8 other plans"
    assert got["more"] == [n - 8 for n in many]
    assert got["bars"] is None or got["bars"] <= 6 * 9  # at most 6 panels of 9 plans


def test_bench_linear_tiny(tmp_path):
    import bench_linear

    text = bench_linear.clause_text("percent", 200)
    assert text.startswith("到2020年，增长10%") and 200 <= len(text) <= 210
    out = tmp_path / "linear.json"
    assert bench_linear.main(["--copies", "1", "--kb", "1", "--kinds", "percent", "--repeats", "1",
                              "--out", str(out)]) == 0
    r = json.loads(out.read_text(encoding="utf-8"))
    assert set(r["curves"]) == {"document", "percent"}
    for pts in r["curves"].values():
        assert pts[0]["rows"] > 0 and pts[0]["max_quote"] > 0 and pts[0]["peak_mb"] > 0
    assert set(r["fits"]["percent"]) == {"exponent", "exponent_upper_half", "memory_exponent",
                                         "memory_exponent_upper_half"}

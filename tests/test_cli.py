"""The command line, run in-process through ``ipcompare.cli.main`` (plus one console-script run)."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import ipcompare as ipc
import ipcompare.corpus.tables as corpus
from ipcompare.cli import main
from ipcompare.errors import SchemaError

CONTRACT_COLUMNS = [
    "target_id", "jurisdiction", "document", "quote", "start", "end", "subject", "value",
    "value_high", "unit_mult", "base_value", "unit", "unit_zh", "comparator", "measure",
    "target_year", "period_start", "period_end", "category", "indicator", "status", "restates",
]
SUBCOMMANDS = ["targets", "list", "taxonomy", "validate", "build"]
# absolute: a papermill run in a thread elsewhere in the session may leave another cwd behind
REPORTS = Path(__file__).resolve().parents[1] / "notebooks" / "reports.yaml"
CORRECTIONS_LINE = re.compile(r"corrections applied: (\d+)")


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# --- targets ------------------------------------------------------------------------------------


def test_targets_csv(capsys, corpus_targets: pd.DataFrame) -> None:
    code, out, err = _run(capsys, "targets", "--format", "csv")
    assert code == 0
    df = pd.read_csv(io.StringIO(out))
    assert [c for c in CONTRACT_COLUMNS if c not in df.columns] == []
    assert len(df) == len(corpus_targets)
    assert df["target_id"].tolist() == corpus_targets["target_id"].tolist()
    assert f"{len(df)} targets" in err


def test_targets_default_format_is_csv(capsys) -> None:
    code, out, _ = _run(capsys, "targets", "-j", "sichuan")
    assert code == 0
    assert out.splitlines()[0].startswith("target_id,jurisdiction,document,quote,")


def test_targets_one_jurisdiction(capsys, corpus_targets: pd.DataFrame) -> None:
    code, out, _ = _run(capsys, "targets", "-j", "nantong")
    assert code == 0
    df = pd.read_csv(io.StringIO(out))
    assert set(df["jurisdiction"]) == {"nantong"}
    assert len(df) == (corpus_targets["jurisdiction"] == "nantong").sum()


def test_targets_repeated_jurisdiction(capsys) -> None:
    code, out, _ = _run(capsys, "targets", "-j", "nantong", "--jurisdiction", "qingdao")
    assert code == 0
    assert set(pd.read_csv(io.StringIO(out))["jurisdiction"]) == {"nantong", "qingdao"}


def test_targets_distinct(capsys) -> None:
    code, out, _ = _run(capsys, "targets", "-j", "nantong", "--distinct")
    assert code == 0
    statuses = set(pd.read_csv(io.StringIO(out))["status"])
    assert "restated" not in statuses
    assert "milestone" in statuses


def test_targets_json(capsys) -> None:
    code, out, _ = _run(capsys, "targets", "-j", "qingdao", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert isinstance(data, list)
    assert len(data) > 0
    assert {r["jurisdiction"] for r in data} == {"qingdao"}
    assert set(CONTRACT_COLUMNS) <= set(data[0])
    assert any(r["number_text"] == "1.2万" and r["unit_mult"] == 4 for r in data)  # no \u escapes


def test_targets_parquet_roundtrip(capsys, tmp_path: Path, corpus_targets: pd.DataFrame) -> None:
    out_file = tmp_path / "sub" / "targets.parquet"
    code, out, _ = _run(capsys, "targets", "--format", "parquet", "-o", str(out_file))
    assert code == 0
    assert out == ""
    df = pd.read_parquet(out_file)
    assert len(df) == len(corpus_targets)
    assert df["target_id"].tolist() == corpus_targets["target_id"].tolist()
    assert df["value"].tolist() == corpus_targets["value"].tolist()
    assert df["quote"].tolist() == corpus_targets["quote"].tolist()


def test_targets_csv_to_file(capsys, tmp_path: Path) -> None:
    out_file = tmp_path / "nantong.csv"
    code, out, _ = _run(capsys, "targets", "-j", "nantong", "--output", str(out_file))
    assert code == 0
    assert out == ""
    assert set(pd.read_csv(out_file)["jurisdiction"]) == {"nantong"}


def test_targets_file_gb18030_copy_of_registered(capsys, copy_registered) -> None:
    path = copy_registered("qingdao", "some_download.txt", "gb18030")
    code, out, _ = _run(capsys, "targets", "--file", str(path))
    assert code == 0
    df = pd.read_csv(io.StringIO(out))
    assert set(df["jurisdiction"]) == {"qingdao"}
    assert set(df["document"]) == {"qingdao_2017_2020"}
    assert df["target_id"].tolist() == corpus.corpus_targets().table.query(
        "jurisdiction == 'qingdao'")["target_id"].tolist()


def test_targets_file_unknown_text(capsys, tmp_path: Path) -> None:
    path = tmp_path / "hefei_goals.txt"
    path.write_text("到2025年，全市发明专利拥有量突破3万件。\n", encoding="utf-8")
    code, out, _ = _run(capsys, "targets", "-f", str(path))
    assert code == 0
    df = pd.read_csv(io.StringIO(out))
    assert df["document"].tolist() == ["hefei_goals"]
    assert df["jurisdiction"].tolist() == ["hefei_goals"]
    assert df["value"].tolist() == [3.0]


def test_targets_file_undecodable(capsys, tmp_path: Path) -> None:
    path = tmp_path / "binary.txt"
    path.write_bytes(b"\xff\xfe\x00\x81" * 50)
    code, out, err = _run(capsys, "targets", "--file", str(path))
    assert code == 1
    assert "cannot decode" in err
    assert out == ""


def test_targets_file_empty(capsys, tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    code, out, err = _run(capsys, "targets", "--file", str(path))
    assert code == 1
    assert "empty" in err
    assert out == ""


def test_targets_file_missing(capsys, tmp_path: Path) -> None:
    code, out, err = _run(capsys, "targets", "--file", str(tmp_path / "nope.txt"))
    assert code == 1
    assert "nope.txt" in err
    assert out == ""


def test_targets_unknown_jurisdiction(capsys, jurisdiction_ids) -> None:
    code, out, err = _run(capsys, "targets", "-j", "beijing")
    assert code == 1
    assert out == ""
    assert "beijing" in err
    for j in jurisdiction_ids:
        assert j in err


def test_targets_reports_corrections(capsys) -> None:
    code, _, err = _run(capsys, "targets", "-j", "wuhan")
    assert code == 0
    m = CORRECTIONS_LINE.search(err)
    assert m is not None
    assert int(m.group(1)) == corpus.corpus_targets().review.applied


def test_targets_bad_format_is_a_usage_error(capsys) -> None:
    with pytest.raises(SystemExit) as info:
        main(["targets", "--format", "xml"])
    assert info.value.code == 2
    assert "xml" in capsys.readouterr().err


# --- list, taxonomy, validate -------------------------------------------------------------------


def test_list(capsys, jurisdiction_ids) -> None:
    code, out, _ = _run(capsys, "list")
    assert code == 0
    df = pd.read_csv(io.StringIO(out))
    assert df["jurisdiction"].tolist() == jurisdiction_ids
    assert "population_10k" in df.columns


def test_list_json(capsys) -> None:
    code, out, _ = _run(capsys, "list", "--format", "json")
    assert code == 0
    assert len(json.loads(out)) == 5


def test_taxonomy(capsys) -> None:
    code, out, _ = _run(capsys, "taxonomy")
    assert code == 0
    df = pd.read_csv(io.StringIO(out))
    assert "invention_patents_owned" in set(df["indicator"])
    assert df["indicator"].is_unique


def test_validate(capsys) -> None:
    code, out, _ = _run(capsys, "validate")
    assert code == 0
    assert out.startswith("ok: 5 documents")
    assert CORRECTIONS_LINE.search(out)


# --- build --------------------------------------------------------------------------------------


def test_build_writes_csv_and_xlsx(capsys, tmp_path: Path, corpus_targets: pd.DataFrame) -> None:
    code, out, _ = _run(capsys, "build", "--out", str(tmp_path), "--tables-only")
    assert code == 0
    assert "only the tables were written" in out
    csv = pd.read_csv(tmp_path / "targets.csv")
    assert len(csv) == len(corpus_targets)
    assert [c for c in CONTRACT_COLUMNS if c not in csv.columns] == []
    wb = openpyxl.load_workbook(tmp_path / "targets.xlsx", read_only=True)
    try:
        assert wb.sheetnames == ["targets", "summary", "registry"]
        assert wb["targets"].max_row == len(corpus_targets) + 1
    finally:
        wb.close()
    summary = pd.read_excel(tmp_path / "targets.xlsx", sheet_name="summary", index_col=0)
    assert summary.index.tolist() == ["wuhan", "shijiazhuang", "sichuan", "nantong", "qingdao"]
    assert summary["rows"].sum() == len(corpus_targets)
    assert summary.loc["sichuan", "supplementary"] == 13
    assert CORRECTIONS_LINE.search(out)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp files
    assert len(pd.read_parquet(tmp_path / "targets.parquet")) == len(corpus_targets)
    comparison = pd.read_csv(tmp_path / "comparison.csv")
    assert set(comparison["basis"]) == {"as_stated", "per_10k_residents", "absolute", "per_year",
                                        "cumulative_growth"}
    assert {"indicator", "jurisdiction", "state", "value", "method"} <= set(comparison.columns)

    # a second run finds the tables up to date and still prints the per-plan summary
    written = (tmp_path / "targets.csv").stat().st_mtime_ns
    code, again, _ = _run(capsys, "build", "--out", str(tmp_path), "--tables-only")
    assert code == 0 and ".parquet and comparison.csv are up to date" in again
    table = out[: out.index("wrote ")]
    assert table.strip() and table in again
    assert (tmp_path / "targets.csv").stat().st_mtime_ns == written


def test_failing_build_keeps_previous_output(capsys, tmp_path: Path, monkeypatch) -> None:
    good = tmp_path / "targets.csv"
    good.write_text("target_id\nabc\n", encoding="utf-8")
    before = good.read_bytes()

    def broken() -> None:
        raise SchemaError("targets table fails its schema: simulated")

    monkeypatch.setattr(corpus, "corpus_targets", broken)
    ipc.clear_cache()  # nothing read before (fingerprints, tables) may hide the broken table
    try:
        code, _, err = _run(capsys, "build", "--out", str(tmp_path), "--config", str(REPORTS))
    finally:
        monkeypatch.undo()
        ipc.clear_cache()
    assert code == 1
    assert "simulated" in err
    assert good.read_bytes() == before
    assert not (tmp_path / "targets.xlsx").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["targets.csv"]


def test_build_crash_keeps_previous_output(tmp_path: Path, monkeypatch) -> None:
    good = tmp_path / "targets.csv"
    good.write_text("target_id\nabc\n", encoding="utf-8")

    def crash() -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(corpus, "corpus_targets", crash)
    with pytest.raises(RuntimeError):
        main(["build", "--out", str(tmp_path), "--config", str(REPORTS)])
    assert good.read_text(encoding="utf-8") == "target_id\nabc\n"


# --- help -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("argv", [["--help"], *[[c, "--help"] for c in SUBCOMMANDS]],
                         ids=lambda a: " ".join(a))
def test_help(capsys, argv: list[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 0
    assert "usage: ipcompare" in capsys.readouterr().out


def test_no_command_is_a_usage_error(capsys) -> None:
    with pytest.raises(SystemExit) as info:
        main([])
    assert info.value.code == 2


def test_console_script_help() -> None:
    script = Path(sys.executable).parent / "ipcompare"
    assert script.exists(), f"console script not installed at {script}"
    proc = subprocess.run([str(script), "--help"], capture_output=True, text=True, timeout=60,
                          check=False)
    assert proc.returncode == 0, proc.stderr
    assert "targets" in proc.stdout
    assert "build" in proc.stdout


# --- refusals (issue 11, item 6) -------------------------------------------------------------


@pytest.mark.parametrize("argv", [["--timeout", "0"], ["--timeout", "-5"], ["--jobs", "0"],
                                  ["--jobs", "-3"]], ids=" ".join)
def test_build_refuses_a_limit_below_one(capsys, tmp_path: Path, argv: list[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["build", "--out", str(tmp_path / "site"), *argv])
    assert info.value.code == 2
    assert "must be at least 1" in capsys.readouterr().err
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("argv", [["--jobs", "abc"], ["--timeout", "abc"], ["--no-such-flag"]],
                         ids=" ".join)
def test_build_refuses_a_malformed_argument_as_usage(capsys, tmp_path: Path, argv: list[str]) -> None:
    """Review 4g: argparse's usage error (exit 2), one clear line, nothing written."""
    with pytest.raises(SystemExit) as info:
        main(["build", "--out", str(tmp_path / "site"), *argv])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "error:" in err and "Traceback" not in err
    assert not (tmp_path / "site").exists()


def test_build_refuses_a_missing_config(capsys, tmp_path: Path) -> None:
    code, _, err = _run(capsys, "build", "--out", str(tmp_path / "site"),
                        "--config", str(tmp_path / "nonexistent.yaml"))
    assert code == 1
    assert "no report configuration at" in err and "nonexistent.yaml" in err
    assert not (tmp_path / "site").exists()  # not even the tables


def test_build_refuses_a_config_with_a_yaml_syntax_error(capsys, tmp_path: Path) -> None:
    bad = tmp_path / "bad_syntax.yaml"
    bad.write_text("reports:\n  echo: {notebook: [unclosed\n", encoding="utf-8")
    code, _, err = _run(capsys, "build", "--out", str(tmp_path / "site"), "--config", str(bad))
    assert code == 1
    assert f"{bad}:" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert not (tmp_path / "site").exists()


def test_progress_line_names_an_error_that_says_something() -> None:
    from ipcompare.cli import _first_line

    assert _first_line("ValueError: \nTraceback (most recent call last):\nValueError: bad") == \
        "ValueError: bad"
    assert _first_line("KeyError: 'x'") == "KeyError: 'x'"
    assert _first_line("the kernel died") == "the kernel died"


def test_targets_file_date_and_period(capsys, tmp_path: Path) -> None:
    path = tmp_path / "county_notes.txt"
    path.write_text("至2020年底，全县有效发明专利达到900件。\n今年全县有效发明专利达到1100件。\n",
                    encoding="utf-8")
    code, out, _ = _run(capsys, "targets", "--file", str(path), "--date", "2021-02-01")
    assert code == 0
    df = pd.read_csv(io.StringIO(out))
    assert df["value"].tolist() == [1100]
    assert df["target_year"].tolist() == [2021]
    assert df[["doc_date", "doc_date_source"]].values.tolist() == [["2021-02-01", "given"]]
    code, out, _ = _run(capsys, "targets", "--file", str(path), "--period", "2021-2023")
    assert pd.read_csv(io.StringIO(out))["period_end"].tolist() == [2023]


@pytest.mark.parametrize("args, words", [
    (["--date", "2021-02-30"], "YYYY-MM-DD"),
    (["--period", "2023-2021"], "YYYY-YYYY"),
])
def test_targets_file_bad_date_or_period(capsys, tmp_path: Path, args: list[str], words: str) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("到2025年，全县有效发明专利达到900件。\n", encoding="utf-8")
    code, out, err = _run(capsys, "targets", "--file", str(path), *args)
    assert code == 1 and out == ""
    assert words in err


def test_targets_date_needs_a_file(capsys) -> None:
    code, out, err = _run(capsys, "targets", "--date", "2021-02-01")
    assert code == 1 and out == "" and "--file" in err

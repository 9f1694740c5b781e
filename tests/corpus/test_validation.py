"""Issue 11, item 5: a bad data file gives one clear line naming file, line and field; both
``ipcompare validate`` (exit 1) and ``ipcompare build`` (before writing anything) say it, and
neither prints a traceback. One test per case of the reliability review's table (7a–7m)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from ipcompare.cli import main
from ipcompare.corpus.validation import data_problems

FIXTURES = Path(__file__).parents[1] / "fixtures" / "notebooks"
HEADER = "target_id,action,field,value,reason,reviewer,date\n"


def _corrections(*rows: str) -> Callable[[Path], None]:
    def edit(d: Path) -> None:
        (d / "corrections.csv").write_text(HEADER + "".join(r + "\n" for r in rows), encoding="utf-8")
    return edit


def _replace(name: str, old: str, new: str) -> Callable[[Path], None]:
    def edit(d: Path) -> None:
        p = d / name
        text = p.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {name}"
        p.write_text(text.replace(old, new, 1), encoding="utf-8")
    return edit


def _binary(name: str) -> Callable[[Path], None]:
    def edit(d: Path) -> None:
        (d / name).write_bytes(bytes(range(256)) * 4)
    return edit


def _directory(name: str) -> Callable[[Path], None]:
    def edit(d: Path) -> None:  # unreadable even for root, unlike a chmod
        (d / name).unlink()
        (d / name).mkdir()
    return edit


# case id -> (edit of a copy of data/, the file named, the line, the text of the line's message)
CASES: dict[str, tuple[Callable[[Path], None], str, str]] = {
    "7a corrections unclosed quote": (
        _corrections('abc,drop,,,"never closed'), "corrections.csv:", "syntax:"),
    "7b corrections extra columns": (
        _corrections("abc,set,value,45,000,why,me,2026"), "corrections.csv:2:", "row: 8 fields"),
    "7c corrections set value forty": (
        _corrections("abc,set,value,forty,why,me,2026"), "corrections.csv:2:",
        "value: 'forty' for value of abc is not a number"),
    "7c corrections set target_year 20x0": (
        _corrections("abc,set,target_year,20x0,why,me,2026"), "corrections.csv:2:",
        "value: '20x0' for target_year of abc is not an integer"),
    "7d corrections unknown action": (
        _corrections("abc,delete,,,why,me,2026"), "corrections.csv:2:", "action: 'delete'"),
    "7e corrections unknown indicator": (
        _corrections("abc,set_indicator,,no_such_indicator,why,me,2026"), "corrections.csv:2:",
        "value: unknown indicator 'no_such_indicator' for abc"),
    "7f corrections set unit bananas": (
        _corrections("abc,set,unit,bananas,why,me,2026"), "corrections.csv:2:",
        "value: 'bananas' for unit of abc is not one of ['CNY'"),
    "7g corrections binary": (_binary("corrections.csv"), "corrections.csv:", "encoding: not UTF-8"),
    "7h registry row pointing at a missing file": (
        _replace("registry.csv", "000_10f3eac1c0e8d1fc.txt", "004_missing.txt"), "registry.csv:2:",
        "file:"),
    "registry file outside the documents folder": (
        _replace("registry.csv", "000_10f3eac1c0e8d1fc.txt", "../../../etc/passwd"), "registry.csv:2:",
        "file: '../../../etc/passwd' points outside"),
    "quality figure that is no percentage": (
        _replace("quality.csv", ",299,100.0,", ",299,1000,"), "quality.csv:2:",
        "recall: '1000' is not a percentage"),
    "7i registry period_end 20x0": (
        _replace("registry.csv", "2018-12-29,2018,2020", "2018-12-29,2018,20x0"), "registry.csv:2:",
        "period_end: '20x0' is not a year"),
    "registry doc_number not a document number": (
        _replace("registry.csv", "青政字〔2017〕58号,strong_city", "58,strong_city"),
        "registry.csv:6:", "doc_number: '58' is not a document number"),
    "registry unknown plan_kind": (
        _replace("registry.csv", ",provincial_strategy,", ",provincial_plan,"), "registry.csv:4:",
        "plan_kind: 'provincial_plan' is not one of"),
    "registry source_url not a URL": (
        _replace("registry.csv", ",strong_city,,\n", ",strong_city,www.example.org/plan,\n"),
        "registry.csv:5:", "source_url: 'www.example.org/plan' is not an http(s) URL"),
    "7j taxonomy syntax error": (
        _replace("taxonomy.yaml", "  - id: invention_patents_owned\n", "  - id: [invention\n"),
        "taxonomy.yaml:", "ParserError"),
    "7k taxonomy indicator missing category": (
        _replace("taxonomy.yaml", "为每万人口拥有量。\n    category: creation\n", "为每万人口拥有量。\n"),
        "taxonomy.yaml:", "indicator 'invention_patents_owned': missing keys ['category']"),
    "7l population abc": (
        _replace("population_2018.csv", "2018,1108.10,", "2018,abc,"), "population_2018.csv:2:",
        "resident_population_10k: 'abc' is not a number"),
    "7l population with thousands separator": (
        _replace("population_2018.csv", "2018,1108.10,", '2018,"1,108.10",'),
        "population_2018.csv:2:", "resident_population_10k: '1,108.10' is not a number"),
    "7m lexicon syntax error": (
        lambda d: (d / "lexicon.yaml").write_text("a: [unclosed\n", encoding="utf-8"),
        "lexicon.yaml:", "syntax"),
    "lexicon missing a word list": (
        _replace("lexicon.yaml", "stock_heads:", "stock_head:"), "lexicon.yaml:", "stock_heads: missing key"),
    "cue file with an unknown section": (
        _replace("cues.yaml", "\nscope:", "\nscopes:"), "cues.yaml:1:", "unknown sections ['scopes']"),
    "unreadable population file": (
        _directory("population_2018.csv"), "population_2018.csv:", "unreadable"),
}


def test_the_shipped_data_has_no_problem() -> None:
    assert data_problems() == []


@pytest.mark.parametrize("case", list(CASES))
def test_a_bad_data_file_is_named_by_validate_and_build(
        case: str, data_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit, where, what = CASES[case]
    edit(data_copy)
    lines = [p for p in data_problems(data_copy) if where in p]
    assert lines and what in lines[0], data_problems(data_copy)
    assert lines[0].startswith(str(data_copy))

    assert main(["validate"]) == 1
    err = capsys.readouterr().err
    assert lines[0] in err and "Traceback" not in err

    config = tmp_path / "nb"
    shutil.copytree(FIXTURES, config)
    out = tmp_path / "site"
    assert main(["build", "--config", str(config / "reports.yaml"), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert lines[0] in err and "Traceback" not in err
    assert not out.exists()  # refused before writing anything
    assert main(["build", "--tables-only", "--out", str(out)]) == 1
    assert lines[0] in capsys.readouterr().err and not out.exists()


def test_a_taxonomy_problem_names_the_line_of_its_indicator(data_copy: Path) -> None:
    CASES["7k taxonomy indicator missing category"][0](data_copy)
    lines = (data_copy / "taxonomy.yaml").read_text(encoding="utf-8").splitlines()
    line = next(n for n, t in enumerate(lines, 1) if t.strip() == "- id: invention_patents_owned")
    assert f"{data_copy / 'taxonomy.yaml'}:{line}: indicator 'invention_patents_owned'" in data_problems(data_copy)[0]


def test_a_correction_naming_an_unknown_target_is_refused(
        data_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Review 7e's sibling: a correction whose target id no extraction produces."""
    _corrections("no_such_target,drop,,,why,me,2026")(data_copy)
    line = f"{data_copy / 'corrections.csv'}:2: target_id: no target 'no_such_target'"
    assert main(["validate"]) == 1
    err = capsys.readouterr().err
    assert line in err and "Traceback" not in err
    config = tmp_path / "nb"
    shutil.copytree(FIXTURES, config)
    out = tmp_path / "site"
    assert main(["build", "--config", str(config / "reports.yaml"), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert line in err and "Traceback" not in err
    assert not out.exists()

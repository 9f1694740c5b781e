"""Issue 14, item 1: published outcomes as data (``data/outcomes.csv``), validated like the other
data files: the number is written in its quote, indicator and unit known, as-of date given,
lower bounds marked; a row a researcher adds is used by the next build, a bad one is refused
with one line naming file, line and field."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

import ipcompare as ipc
from ipcompare.cli import main
from ipcompare.corpus.outcomes import OUTCOME_COLUMNS, number_in_quote, number_writings
from ipcompare.corpus.validation import data_problems

REFERENCE = Path("/work/shared/reference/outcomes_sourced.csv")


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _write(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, OUTCOME_COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def test_every_reference_row_is_kept_with_its_provenance() -> None:
    o = ipc.outcomes()
    assert len(o) == 77 and o["outcome_id"].is_unique
    assert set(o["jurisdiction"]) == {"wuhan", "shijiazhuang", "sichuan", "nantong", "qingdao"}
    if REFERENCE.is_file():  # the shared reference copy, where this machine has it
        ref = _rows(REFERENCE)
        cols = [
            "indicator_zh",
            "indicator_en",
            "year",
            "value",
            "unit",
            "source_title",
            "url",
            "quote",
        ]
        got = o[cols].astype(str).to_dict("records")
        assert got == [{c: r[c] for c in cols} for r in ref]


def test_the_issue_figures_are_read_as_written() -> None:
    o = ipc.outcomes().set_index("quote", drop=False)
    wuhan = o[
        (o["jurisdiction"] == "wuhan")
        & (o["indicator_zh"] == "每万人发明专利拥有量")
        & (o["year"] == 2020)
    ].iloc[0]
    assert (wuhan["number"], wuhan["measure"], wuhan["per_residents"], wuhan["as_of"]) == (
        51.87,
        "per_capita",
        10000,
        "2020-12-31",
    )
    tm = o[
        (o["jurisdiction"] == "sichuan")
        & (o["indicator_zh"] == "有效注册商标量")
        & (o["year"] == 2020)
    ].iloc[0]
    assert (tm["base_value"], tm["as_of"], tm["bound"]) == (1014106.0, "2020-12-05", "exact")
    pledge = o[(o["jurisdiction"] == "wuhan") & (o["value"] == ">10")].iloc[0]
    assert (pledge["bound"], pledge["base_value"]) == ("lower", 1e9)
    ranks = o[o["bound"] == "rank"]
    assert list(ranks["unit_code"]) == ["rank"] and list(ranks["number"]) == [6.0]


@pytest.mark.parametrize(
    ("value", "mult", "quote", "found"),
    [
        ("1389", 0, "filed under the PCT was 1,389", True),
        ("335600", 0, "有效注册商标33.56万件", True),
        ("0.715", 8, "總额达到7150万元", True),
        ("52800", 0, "有效发明专利达到5.28万件", True),
        ("6", 0, "分列全省第6位、第5位", True),
        ("6", 0, "增长16%", False),  # 6 is not the 6 of 16
        ("51.87", 0, "stood at 51.8", False),
        ("10", 8, "继2020年突破10亿元后", True),
    ],
)
def test_a_number_is_found_in_its_quote_as_written(
    value: str, mult: int, quote: str, found: bool
) -> None:
    assert number_in_quote(value, mult, quote) is found, number_writings(value, mult)


# an edit of one field of the first row -> (the field named, the text of the message)
BAD = {
    "number not in the quote": ({"value": "51.78"}, "value", "is not written in the quote"),
    "unknown indicator": ({"indicator": "patents_galore"}, "indicator", "unknown indicator"),
    "unit not the indicator's": (
        {"unit_code": "CNY"},
        "unit_code",
        "is not invention_patents_owned",
    ),
    "unknown unit": ({"unit_code": "bushels"}, "unit_code", "unknown unit"),
    "no as-of date": ({"as_of": ""}, "as_of", "empty"),
    "as-of not a date": ({"as_of": "end of 2020"}, "as_of", "is not a date"),
    "as-of in another year": ({"as_of": "2021-01"}, "as_of", "is not in the row's year"),
    "lower bound unmarked": ({"value": ">51.87"}, "bound", "a lower bound is written >X"),
    "lower bound without >": ({"bound": "lower"}, "bound", "a lower bound is written >X"),
    "unknown measure": ({"measure": "stockish"}, "measure", "is not one of"),
    "per-capita without per": ({"per_residents": ""}, "per_residents", "per how many residents"),
    "unknown jurisdiction": ({"jurisdiction": "wuhan_city"}, "jurisdiction", "not a registry id"),
    "no quote": ({"quote": ""}, "quote", "empty"),
    "no indicator and no note": ({"indicator": "", "note": ""}, "indicator", "say in `note`"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_a_bad_outcome_row_is_named_by_file_line_and_field(
    case: str, data_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit, field, what = BAD[case]
    path = data_copy / "outcomes.csv"
    rows = _rows(path)
    rows[0].update(edit)
    _write(path, rows)
    lines = data_problems(data_copy)
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"{path}:2: {field}: ") and what in lines[0]
    assert main(["validate"]) == 1
    err = capsys.readouterr().err
    assert lines[0] in err and "Traceback" not in err
    with pytest.raises(ipc.IpcompareError, match="outcomes.csv:2: "):
        ipc.outcomes()


def test_a_census_population_that_is_no_number_is_named(data_copy: Path) -> None:
    path = data_copy / "population_2020_census.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace(",1232.6518,", ",about 1232,"), encoding="utf-8"
    )
    assert data_problems(data_copy) == [
        f"{path}:2: population_10k: 'about 1232' is not a positive number"
    ]


def test_a_row_a_researcher_adds_is_used_by_the_next_call(data_copy: Path) -> None:
    """A yearbook figure for Qingdao 2020 (invented for the test, in a copy of the data)."""
    path = data_copy / "outcomes.csv"
    rows = _rows(path)
    rows.append(
        {
            **dict.fromkeys(OUTCOME_COLUMNS, ""),
            "jurisdiction": "qingdao",
            "jurisdiction_zh": "青岛",
            "indicator": "invention_patents_owned",
            "indicator_zh": "每万人发明专利拥有量",
            "indicator_en": "per 10,000 (test row)",
            "year": "2020",
            "as_of": "2020-12-31",
            "value": "20.5",
            "unit": "件/万人",
            "unit_code": "items",
            "unit_mult": "0",
            "per_residents": "10000",
            "measure": "per_capita",
            "bound": "exact",
            "definition": "same",
            "source_title": "test yearbook",
            "url": "https://example.org/yb",
            "quote": "2020年末每万人发明专利拥有量20.5件",
        }
    )
    _write(path, rows)
    assert data_problems(data_copy) == []
    assert len(ipc.outcomes("qingdao")) == 22
    a = ipc.attainment("qingdao").set_index("indicator")
    row = a.loc["invention_patents_owned"]
    assert (row["status"], row["outcome_converted"], row["ratio"]) == ("not_met", 20.5, 20.5 / 25)

"""ipcompare.site.tables: table output of the command line and the review line."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest

from ipcompare.corpus.review import ReviewReport
from ipcompare.errors import IpcompareError
from ipcompare.site.tables import FORMATS, review_line, write_table

TABLE = pd.DataFrame({"jurisdiction": ["wuhan", "qingdao"], "value": [1.5, 2.0]})


@pytest.mark.parametrize("fmt", FORMATS)
def test_write_table_to_a_file_round_trips(fmt: str, tmp_path: Path) -> None:
    out = tmp_path / f"t.{fmt}"
    write_table(TABLE, fmt, out)
    back = {"csv": pd.read_csv, "json": pd.read_json, "parquet": pd.read_parquet}[fmt](out)
    pd.testing.assert_frame_equal(back, TABLE)
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # no temporary file left


def test_write_table_json_to_stdout_keeps_chinese(capsysbinary) -> None:
    write_table(pd.DataFrame({"name": ["武汉"]}), "json", None)
    assert json.loads(capsysbinary.readouterr().out.decode("utf-8")) == [{"name": "武汉"}]


def test_parquet_refuses_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr("sys.stdout", Tty())
    with pytest.raises(IpcompareError, match="parquet is binary"):
        write_table(TABLE, "parquet", None)


def test_review_line() -> None:
    assert review_line(ReviewReport(3, 1)) == "corrections applied: 3 (1 dropped)"
    stale = ReviewReport(0, 0, [f"t{i}" for i in range(7)])
    assert review_line(stale) == ("corrections applied: 0 (0 dropped); 7 stale (no such target): "
                                  "t0, t1, t2, t3, t4")

"""Text from plans and the registry is text in ``targets.xlsx`` (review case 3f): a quote,
subject or name starting with ``=``, ``+``, ``-`` or ``@`` is stored as a string, never as a
live formula."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import openpyxl
import pytest

import ipcompare as ipc
from ipcompare import caching
from ipcompare.site.tables import write_tables

ROOT = Path(__file__).resolve().parents[2]
HYPERLINK = '=HYPERLINK("http://evil.example","x")'
LINES = ["=1+1专利质押融资额达到10亿元。", "+1+1商标注册量达到2000件。", "-1+1版权登记量达到300件。",
         "@SUM(1)专利申请量达到500件。"]


@pytest.fixture
def xlsx_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The corpus's data, with formula-like lines in Wuhan's plan and a formula as its name."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    with open(data / "registry.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    wuhan = next(r for r in rows if r["jurisdiction"] == "wuhan")
    wuhan["name_en"] = HYPERLINK
    with open(data / "registry.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    doc = data / "documents" / wuhan["file"]
    doc.write_text(doc.read_text(encoding="utf-8") + "\n" + "\n".join(LINES) + "\n",
                   encoding="utf-8")
    monkeypatch.setenv("IPCOMPARE_DATA", str(data))
    caching.clear()
    ipc.clear_cache()
    yield data
    monkeypatch.delenv("IPCOMPARE_DATA")
    caching.clear()
    ipc.clear_cache()


def test_xlsx_stores_formula_like_text_as_text(xlsx_data: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    out.mkdir()
    write_tables(out)
    book = openpyxl.load_workbook(out / "targets.xlsx")
    formulas = [(ws.title, c.coordinate, c.value) for ws in book.worksheets
                for row in ws.iter_rows() for c in row if c.data_type == "f"]
    assert not formulas, formulas[:5]
    values = {c.value for ws in book.worksheets for row in ws.iter_rows() for c in row
              if isinstance(c.value, str)}
    assert HYPERLINK in values  # the name as written, as text
    for line in LINES:  # each quote kept as written, starting with its = + - @
        assert any(v.startswith(line[:4]) for v in values), line

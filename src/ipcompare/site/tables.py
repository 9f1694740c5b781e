"""The tables a build writes next to the report site (``targets.csv``, ``targets.xlsx`` with the
per-plan summary and the registry, ``targets.parquet``, and ``comparison.csv``: every cell of
the comparison on every basis), and table output for the command line.

Decisions (what the module promises)
    Every file is written atomically, so a failed or interrupted build leaves the previous
    tables in place. The tables are rewritten only when the data or the library code changed
    (``targets.meta.json`` records both versions and the printed summary, which an up-to-date
    run prints again). pandas and the corpus load only when the tables are (re)written.
    Text is text in ``targets.xlsx``: a cell whose string starts with ``=`` (a quote or name
    taken from a web page, ``=HYPERLINK(…)``) is stored as a string, never as a live formula
    (:func:`text_not_formulas`); ``+``, ``-`` and ``@`` already are.
"""

from __future__ import annotations

import io
import json
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import IpcompareError
from ..files import atomic_write

if TYPE_CHECKING:  # the tables import pandas when they run: `build` may need none
    import pandas as pd

    from ..corpus.review import ReviewReport

FORMATS = ("csv", "json", "parquet")
"""Output formats of ``ipcompare targets``."""
TABLE_FILES = ("targets.csv", "targets.xlsx", "targets.parquet", "comparison.csv")
"""What a build writes next to the pages (the landing page's downloads)."""


def write_table(df: pd.DataFrame, fmt: str, out: Path | None) -> None:
    """Write a table to a file (atomically) or to standard output."""
    if fmt == "csv":
        data = df.to_csv(index=False).encode("utf-8")
    elif fmt == "json":
        data = df.to_json(orient="records", force_ascii=False, indent=1).encode("utf-8")
    else:
        buf = io.BytesIO()
        df.to_parquet(buf, index=False)
        data = buf.getvalue()
    if out is None:
        if fmt == "parquet" and sys.stdout.isatty():
            raise IpcompareError("parquet is binary: give --output FILE or redirect stdout")
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        atomic_write(out, data)


def review_line(report: ReviewReport) -> str:
    """One line on what the reviewer corrections did (applied, dropped, stale)."""
    line = f"corrections applied: {report.applied} ({report.dropped} dropped)"
    if report.stale:
        line += f"; {len(report.stale)} stale (no such target): {', '.join(report.stale[:5])}"
    return line


def write_tables(out_dir: Path) -> None:
    """Write the full targets table (CSV, Excel) and print the per-plan summary, unless the
    data and code they come from are those of the tables already there."""
    from ..versions import code_version, data_version

    stamp = out_dir / "targets.meta.json"
    version = {"data": data_version(), "code": code_version()}
    previous = _read_stamp(stamp)
    if ({k: previous.get(k) for k in version} == version
            and all((out_dir / name).is_file() for name in TABLE_FILES)):
        print(previous.get("summary", ""))
        print(f"{out_dir / 'targets.csv'}, .xlsx, .parquet and comparison.csv are up to date")
        return
    t0 = time.perf_counter()
    import pandas as pd

    from ..analysis.summary import plan_summary
    from ..corpus.registry import jurisdiction_ids, jurisdictions
    from ..corpus.tables import corpus_targets

    result = corpus_targets()
    df = result.table
    summary = plan_summary(df, jurisdiction_ids())
    csv_bytes = df.to_csv(index=False).encode("utf-8")
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xl:
        df.to_excel(xl, sheet_name="targets", index=False)
        summary.to_excel(xl, sheet_name="summary")
        jurisdictions().to_excel(xl, sheet_name="registry", index=False)
        for sheet in xl.sheets.values():
            text_not_formulas(sheet)
    parquet = io.BytesIO()
    df.to_parquet(parquet, index=False)
    atomic_write(out_dir / "targets.csv", csv_bytes)
    atomic_write(out_dir / "targets.xlsx", buf.getvalue())
    atomic_write(out_dir / "targets.parquet", parquet.getvalue())
    atomic_write(out_dir / "comparison.csv", comparison_table().to_csv(index=False).encode("utf-8"))
    table = summary.to_string()
    print(table)
    print(f"wrote {out_dir / 'targets.csv'}, .xlsx, .parquet and comparison.csv: {len(df)} rows; "
          f"{review_line(result.review)}; {time.perf_counter() - t0:.2f}s")
    atomic_write(stamp, json.dumps({**version, "summary": table}, ensure_ascii=False).encode("utf-8"))


def comparison_table() -> pd.DataFrame:
    """Every plan × indicator cell of the corpus on every basis (``ipc.compare(long=True)``,
    one block per basis, with its ``basis`` column): value, state and how it was derived."""
    import warnings

    import pandas as pd

    from ..analysis.comparison import BASES
    from ..api import compare

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # what a warning says, each cell's method says too
        blocks = [compare(basis=b, long=True).assign(basis=b) for b in BASES]
    out = pd.concat(blocks, ignore_index=True)
    return out[["basis", *[c for c in out.columns if c != "basis"]]]


def text_not_formulas(sheet: object) -> int:
    """Store every formula cell of an openpyxl worksheet as the string it was written as.

    pandas writes values, never formulas; openpyxl reads any string starting with ``=`` as a
    formula, so each formula cell here is text from the data. Returns how many were fixed."""
    fixed = 0
    for row in sheet.iter_rows():  # type: ignore[attr-defined]
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"
                fixed += 1
    return fixed


def _read_stamp(path: Path) -> dict:
    """The versions and summary recorded with the tables (empty when missing or unreadable)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}

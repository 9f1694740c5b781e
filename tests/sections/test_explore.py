"""notebooks/explore.ipynb, the tour of the API: committed clean with the project's kernel, not a
report, and it runs top to bottom (targets with quotes, scope and measure, each basis with its
methods, actions and agencies, statistics, a chart, an Excel export, a sixth plan from a text
file) without an error or a warning, leaving the data directory as it found it."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "notebooks" / "explore.ipynb"
KERNELSPEC = {"display_name": "Python (ipcompare)", "language": "python", "name": "ipcompare"}


@pytest.fixture(scope="module")
def executed() -> nbformat.NotebookNode:
    """The tour, executed in a fresh kernel from the notebooks folder (as JupyterLab runs it)."""
    from nbclient import NotebookClient

    nb = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    return nb


def _text(output: dict) -> str:
    if output["output_type"] == "stream":
        return "".join(output["text"])
    return "".join(output.get("data", {}).get("text/plain", ""))


def test_committed_clean_with_the_lab_kernel() -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata["kernelspec"] == KERNELSPEC
    for cell in nb.cells:
        assert cell.get("outputs", []) == [] and cell.get("execution_count") is None
    assert "explore" not in (ROOT / "notebooks" / "reports.yaml").read_text(encoding="utf-8")


def test_runs_top_to_bottom_without_errors_or_warnings(executed) -> None:
    for cell in executed.cells:
        for o in cell.get("outputs", []):
            assert o["output_type"] != "error", o
            assert not (o["output_type"] == "stream" and o["name"] == "stderr"), _text(o)


def test_the_tour_opens_with_its_parameters() -> None:
    """Papermill (and a reader) finds what to change in one cell tagged ``parameters``."""
    nb = nbformat.read(NOTEBOOK, as_version=4)
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1 and "plan = " in tagged[0].source and "sixth_plan = " in tagged[0].source


def test_every_step_of_the_tour_shows_its_result(executed) -> None:
    code = [c for c in executed.cells if c.cell_type == "code"
            and "parameters" not in c.metadata.get("tags", [])]
    assert all(c.get("outputs") for c in code), "each step shows what it did"
    shown = "\n".join(_text(o) for c in code for o in c.outputs)
    assert "True" in shown  # a quote is the slice of the text its offsets name
    assert "monte_carlo" in shown or "asymptotic" in shown  # the chi-square's method
    assert "<Figure" in shown and any("image/png" in o.get("data", {}) for c in code
                                       for o in c.outputs)
    excel = next(_text(o) for c in code for o in c.outputs if "'targets':" in _text(o))
    assert "'coverage': 5" in excel
    assert "targets of the new plan" in shown and "hefei" in shown
    assert _text(code[-1].outputs[-1]) == "5", "the bundled five plans again at the end"


def test_covers_what_the_issue_asks_for() -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    for call in ('ipc.targets("Wuhan")', 'ipc.targets("武汉")', '"scope"', '"measure"',
                 "ipc.compare(jurisdictions=", "for b in BASES", '"method"', "ipc.actions()",
                 "ipc.agencies(", "stats.chi_square", "stats.jensen_shannon", "sns.", "to_excel",
                 "document_from_file", "IPCOMPARE_DATA", "registry.csv", "ipc.clear_cache()"):
        assert call in code, call
    assert sum(c.cell_type == "markdown" for c in nb.cells) >= 8, "a tutorial: each step explained"
    json.dumps(nb)  # plain JSON

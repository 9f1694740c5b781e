"""Text from data is drawn as written in charts (review cases 3d, 3e): a ``$`` pair, ``_``,
``^`` or ``\\`` in a plan name, indicator name or label is never mathtext, and a chart that
cannot be drawn says why in one line."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text

import ipcompare as ipc
from ipcompare.present import charts
from ipcompare.present.charts._common import _finish
from ipcompare.sections.common import figure_png


def _texts(fig: Figure) -> list[Text]:
    return [t for t in fig.findobj(Text) if t.get_text()]


def test_names_with_dollar_pairs_are_drawn_literally(payload_dir: Path) -> None:
    """3d: 'Wuhan … $x^2$' is drawn with its dollars, not as a superscript."""
    matrix = pd.DataFrame({"creation": [3, 1], "utilization": [2, 0]}, index=["wuhan", "sichuan"])
    for lang in ("en", "zh"):
        fig = charts.coverage_heatmap(matrix, lang)
        png = figure_png(fig)
        assert png.startswith(b"\x89PNG")
        dollars = [t for t in _texts(fig) if "$x^2$" in t.get_text()]
        assert dollars, [t.get_text() for t in _texts(fig)]
        # matplotlib would read every one of these as plain text, not mathtext
        assert all(not t._preprocess_math(t.get_text())[1] for t in _texts(fig))


def test_malformed_mathtext_in_a_name_breaks_no_chart(payload_dir: Path) -> None:
    """3e: '$\\undefinedcmd$' in every name and label: each chart of the data still draws."""
    t = ipc.targets()
    fig = charts.milestone_trajectories(t, "invention_patents_owned", "en")
    assert figure_png(fig).startswith(b"\x89PNG")
    assert any("\\undefinedcmd" in x.get_text() for x in _texts(fig))


def test_a_chart_that_fails_says_why_in_one_line() -> None:
    """3e: the error of a chart that cannot be drawn has its cause on its first line."""
    fig = Figure()
    ax = fig.add_subplot()
    ax.set_title("Coverage")
    ax.text(0.5, 0.5, r"$\undefinedcmd$", parse_math=True)  # mathtext forced on, on purpose
    with pytest.raises(charts.ChartError) as exc:
        _finish(fig)
    message = str(exc.value)
    assert "\n" not in message
    assert message.startswith("the chart 'Coverage' could not be drawn: ")
    assert "undefinedcmd" in message or "Unknown symbol" in message
    assert isinstance(exc.value, ValueError)  # callers catching ValueError still do

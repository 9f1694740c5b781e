"""The rendered page leaves out the cells tagged ``analysis`` (the tables and figures a researcher
works with in JupyterLab), code and output alike, and keeps every other cell's output."""

from __future__ import annotations

import nbformat

from ipcompare.site.render import ANALYSIS_TAGS, render_html


def _cell(source: str, html: str, tags: list[str]) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(source, metadata={"tags": tags})
    cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html": html})]
    return cell


def test_analysis_cells_are_not_rendered_and_the_others_are() -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        _cell("title()", '<h1 id="title">Report</h1>', []),
        _cell("targets.head()", '<table class="dataframe"><tr><td>ANALYSIS-TABLE</td></tr></table>',
              list(ANALYSIS_TAGS)),
        nbformat.v4.new_markdown_cell("A note for JupyterLab: ANALYSIS-NOTE",
                                      metadata={"tags": list(ANALYSIS_TAGS)}),
        _cell("section()", '<h2 id="summary">Summary</h2><p>REPORT-TEXT</p>', ["other-tag"]),
    ]
    page = render_html(nb, "Report")
    assert "REPORT-TEXT" in page and '<h1 id="title">Report</h1>' in page
    for hidden in ("ANALYSIS-TABLE", "ANALYSIS-NOTE", "targets.head()", "section()"):
        assert hidden not in page, hidden

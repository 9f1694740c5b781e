"""Issue 11, item 8: error pages name the failing cell as the notebook numbers it (also when the
kernel dies or a cell times out), and a stale error page goes once the report builds again."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from ipcompare.site import build as b


def _trouble(tmp_path: Path) -> Path:
    """A notebook whose cell 3 (0-based, as in the .ipynb) raises, kills its kernel or hangs."""
    d = tmp_path / "trouble"
    d.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    params = nbformat.v4.new_code_cell('how = "ok"')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Trouble"),
        params,
        nbformat.v4.new_code_cell("import os, time"),
        nbformat.v4.new_code_cell(
            "# the troublesome cell\n"
            "if how == 'raise':\n    raise ValueError('raised on purpose')\n"
            "if how == 'die':\n    os._exit(1)\n"
            "if how == 'hang':\n    time.sleep(60)\n"),
        nbformat.v4.new_code_cell("print('fine')"),
    ]
    nbformat.write(nb, d / "trouble.ipynb")
    (d / "reports.yaml").write_text(
        "reports:\n  trouble:\n    notebook: trouble.ipynb\n    title: {en: 'Trouble {how}'}\n"
        "    parameters:\n      how: {type: str, choices: [ok, raise, die, hang], default: ok}\n"
        "    matrix:\n      how: [ok, raise, die, hang]\n    inputs: [shared]\n",
        encoding="utf-8")
    return d / "reports.yaml"


def _page(out: Path, how: str) -> str:
    return (out / "trouble" / f"trouble__{how}.error.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("warm", [True, False], ids=["pooled-kernel", "papermill"])
def test_the_failing_cell_is_numbered_as_in_the_notebook(tmp_path: Path, warm: bool) -> None:
    """Review 5f: a raise in cell 3 of the .ipynb is cell 3, not 4 (papermill's cell not counted)."""
    out = tmp_path / "site"
    summary = b.build(_trouble(tmp_path), out, only=["trouble:raise"], warm_kernels=warm)
    (r,) = summary.results
    assert r.status == "failed" and r.failed_cell == 3
    assert r.failed_cell_source == "# the troublesome cell"
    page = _page(out, "raise")
    assert "failed in cell 3 (counting from 0, as in the .ipynb)" in page
    assert "the troublesome cell" in page and "ValueError: raised on purpose" in page


def test_a_dead_kernel_names_the_cell(tmp_path: Path) -> None:
    """Review 5b: the page used to say "before or outside the cells" when the kernel died."""
    out = tmp_path / "site"
    (r,) = b.build(_trouble(tmp_path), out, only=["trouble:die"]).results
    assert r.status == "failed" and r.failed_cell == 3
    assert "failed in cell 3" in _page(out, "die")
    assert "before or outside the cells" not in _page(out, "die")


def test_a_timeout_names_the_cell(tmp_path: Path) -> None:
    out = tmp_path / "site"
    (r,) = b.build(_trouble(tmp_path), out, only=["trouble:hang"], timeout=3).results
    assert r.status == "failed" and r.failed_cell == 3
    assert "failed in cell 3" in _page(out, "hang")


def test_a_stale_error_page_is_removed_once_the_report_builds(tmp_path: Path) -> None:
    """Review 5f: an old ``*.error.html`` stayed after the report later built fine."""
    config = _trouble(tmp_path)
    out = tmp_path / "site"
    assert not b.build(config, out, only=["trouble:raise"]).ok
    page = out / "trouble" / "trouble__raise.error.html"
    assert page.is_file()
    nb_path = config.parent / "trouble.ipynb"
    nb_path.write_text(nb_path.read_text(encoding="utf-8").replace(
        "raise ValueError('raised on purpose')", "pass"), encoding="utf-8")
    again = b.build(config, out, only=["trouble:raise"])
    assert again.ok, again.results
    assert not page.exists()
    assert (out / "trouble" / "trouble__raise.html").is_file()
    assert "error.html" not in (out / "index.html").read_text(encoding="utf-8")

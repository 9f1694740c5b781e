"""Nothing from data reaches a report as markup (review cases 3a, 3c, 3d, 3e).

The report notebooks' cells run in this process against a data directory whose every text
field carries an HTML/JS payload and mathtext (:mod:`payload_data`): every fragment a report
shows must hold the payload escaped, never raw, and every chart must draw (the payload's
``$\\undefinedcmd$`` would fail matplotlib's mathtext). The same data built into a site and
opened in headless Chromium is ``tests/site/test_escaping_browser.py``.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from ipcompare.present import html as report_html
from payload_data import ESCAPED, PAYLOAD, RAW_MARKERS

ROOT = Path(__file__).resolve().parents[2]

#: (notebook, parameters): every report kind, a plan in both languages
REPORTS = [
    ("jurisdiction_profile", {"jurisdiction": "wuhan", "lang": "en"}),
    ("jurisdiction_profile", {"jurisdiction": "sichuan", "lang": "zh"}),
    ("comparison", {"lang": "en"}),
    ("comparison", {"lang": "zh"}),
    ("indicator", {"indicator": "invention_patents_owned", "lang": "en"}),
    ("indicator", {"indicator": "invention_patents_owned", "lang": "zh"}),
    ("data_audit", {"lang": "en"}),
]



def run_in_process(notebook: str, params: dict, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Run a report notebook's cells here; return the HTML fragments it shows, in order."""
    shown: list[str] = []
    monkeypatch.setattr(report_html, "show", shown.append)
    nb = nbformat.read(ROOT / "notebooks" / f"{notebook}.ipynb", as_version=4)
    namespace: dict = {}
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        exec(compile(cell.source, f"{notebook}.ipynb", "exec"), namespace)  # noqa: S102
        if "parameters" in cell.metadata.get("tags", []):
            namespace.update(params)
    return shown


@pytest.mark.parametrize(("notebook", "params"), REPORTS,
                         ids=[f"{n}:{':'.join(p.values())}" for n, p in REPORTS])
def test_data_text_reaches_the_report_escaped(payload_dir: Path, notebook: str, params: dict,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from ipcompare.sections import title_block

    fragments = [title_block(notebook, {**params})] + run_in_process(notebook, params, monkeypatch)
    page = "\n".join(fragments)
    raw = [(i, m) for i, f in enumerate(fragments) for m in RAW_MARKERS if m in f]
    assert not raw, [(i, fragments[i][max(0, fragments[i].find(m) - 300):
                                    fragments[i].find(m) + 80]) for i, m in raw[:5]]
    assert ESCAPED in page  # the payload is there, as text
    assert "&amp;lt;b&amp;gt;" in page  # the entity is shown as written
    if notebook != "data_audit":  # the figures are drawn (mathtext in names broke none)
        assert "<img class=\"ipc-figure\"" in page
    assert PAYLOAD.strip() not in page

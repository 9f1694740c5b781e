"""The report notebooks: committed clean, parameters as documented in reports.yaml, and each
one runs top to bottom with papermill — with its defaults and with edge parameters (a plan
with few numeric targets, an indicator only one plan states, Chinese) — into a rendered page
with one title, a table of contents, footnotes that resolve and no error or warning output.
After a run, the notebook's namespace holds its tables (DataFrames) and figures (matplotlib
Figures), computed by cells tagged ``analysis`` that the rendered page leaves out.

The notebooks run concurrently (one kernel each) once per test session.
"""

from __future__ import annotations

import ast
import html
import json
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import nbformat
import pytest

from ipcompare.sections import report_title
from ipcompare.sections.config import load_config, resolve
from ipcompare.site.render import ANALYSIS_TAGS, render_html

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
CONFIG = NOTEBOOKS / "reports.yaml"
SPECS = load_config(CONFIG)
TYPE_WORDS = {"str": "str", "list": "list of str", "int": "int", "float": "float", "bool": "bool"}
KERNELSPEC = {"display_name": "Python (ipcompare)", "language": "python", "name": "ipcompare"}
EXPLORE = "explore.ipynb"  # the API tour: not a report (tests/sections/test_explore.py runs it)

#: a last cell the default runs get (tagged, so not rendered): the kinds of the namespace's values
PROBE = """
import json as _json
import pandas as _pd
from matplotlib.figure import Figure as _Figure

def _kind(v):
    if isinstance(v, _pd.DataFrame):
        return "DataFrame"
    if isinstance(v, _Figure):
        return "Figure"
    items = list(v.values()) if isinstance(v, dict) else v if isinstance(v, list) else []
    if items and all(isinstance(x, _Figure) for x in items):
        return "Figures"
    return None

print("NAMESPACE " + _json.dumps({k: _kind(v) for k, v in dict(globals()).items()
                                  if not k.startswith("_") and _kind(v)}))
"""

#: what each default run's namespace holds afterwards (name → kind), at least
NAMESPACES = {
    "profile-default": {"targets": "DataFrame", "actions": "DataFrame", "agencies": "DataFrame",
                        "standing": "DataFrame", "fig_agencies": "Figure", "fig_standing": "Figure"},
    "comparison-default": {"cells": "DataFrame", "coverage": "DataFrame", "portfolio": "DataFrame",
                           "figures": "Figures"},
    "indicator-default": {"targets": "DataFrame", "rows": "DataFrame", "cells": "DataFrame",
                          "figures": "Figures"},
    "audit-default": {"targets": "DataFrame", "checks": "DataFrame", "comparability": "DataFrame",
                      "measure_checks": "DataFrame"},
}

#: (report, parameters given, strings the rendered page must contain)
RUNS: dict[str, tuple[str, dict[str, Any], list[str]]] = {
    "profile-default": ("jurisdiction_profile", {}, [
        "<h1 id=\"title\">Wuhan: plan profile</h1>", "Wuhan's plan sets 39",
        "全市发明专利拥有量和涉外专利申请量分别突破45000件和2000件", "Standing against the other plans",
        "The plan sets no yearly milestones."]),
    "profile-sichuan-zh": ("jurisdiction_profile", {"jurisdiction": "sichuan", "lang": "zh"}, [
        "<h1 id=\"title\">四川省知识产权规划概况</h1>", "四川省规划设定了15",
        "补充数据（参考来源，非规划原文）", "该规划未列明责任部门。", "参考来源，非规划原文"]),
    "comparison-default": ("comparison", {}, [
        "<h1 id=\"title\">Comparison of the plans</h1>", "The 5 plans set between",
        "Chi-square test of independence", "Monte-Carlo permutation p-value", "not stated",
        "Jensen–Shannon distances"]),
    "comparison-filtered-zh": ("comparison", {"jurisdictions": ["wuhan", "nantong"],
                                              "categories": ["creation", "finance"],
                                              "basis": "per_year", "lang": "zh"}, [
        "<h1 id=\"title\">各地规划比较</h1>", "规划：武汉市、南通市。政策领域：创造、金融。比较口径：每年。",
        "<th>武汉市</th><th>南通市</th>", "卡方独立性检验"]),
    "indicator-default": ("indicator", {}, [
        "<h1 id=\"title\">Indicator: Invention patents in force", "4 of 5 plans state a target",
        "万人发明专利拥有量达30件", "Per 10,000 residents", "supplementary (reference source"]),
    "indicator-one-plan-zh": ("indicator", {"indicator": "ip_directors", "lang": "zh"}, [
        "<h1 id=\"title\">指标：企业知识产权总监", "5个规划中有1个设定了该指标目标。",
        "未设定该指标目标的规划：武汉市、石家庄市、四川省、青岛市。"]),
    "audit-default": ("data_audit", {}, [
        "<h1 id=\"title\">Data audit</h1>", "rows with a span pass the provenance check",
        "建立产业技术创新与知识产权联盟10个。", "No reviewer corrections are on file"]),
    "audit-zh": ("data_audit", {"lang": "zh"}, ["<h1 id=\"title\">数据核查</h1>", "逐行溯源核查"]),
}


def _defaults(report: str) -> dict[str, Any]:
    return {k: p.default for k, p in SPECS[report].params.items()}


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, str, Exception | None]]:
    """Every run executed (two kernels at a time) and rendered: name → (notebook, html, error)."""
    import papermill as pm

    out = tmp_path_factory.mktemp("notebooks")

    def run(name: str) -> tuple[Path, str, Exception | None]:
        report, params, _ = RUNS[name]
        path = out / f"{name}.ipynb"
        source = NOTEBOOKS / SPECS[report].notebook.name
        if name in NAMESPACES:  # the same notebook, a tagged probe of its namespace last
            nb = nbformat.read(source, as_version=4)
            nb.cells.append(nbformat.v4.new_code_cell(PROBE, metadata={"tags": list(ANALYSIS_TAGS)}))
            source = out / f"{name}.source.ipynb"
            nbformat.write(nb, source)
        try:
            pm.execute_notebook(str(source), str(path),
                                parameters=params, kernel_name="python3", progress_bar=False,
                                cwd=str(NOTEBOOKS))
            full = {**_defaults(report), **params}
            return path, render_html(path, report_title(report, full), full["lang"]), None
        except Exception as exc:  # noqa: BLE001 - reported by the test of this run
            return path, "", exc

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(RUNS, pool.map(run, RUNS), strict=True))


# ----------------------------------------------------------------------------- committed form


@pytest.mark.parametrize("report", sorted(SPECS))
def test_notebook_is_committed_clean_with_documented_parameters(report: str) -> None:
    spec = SPECS[report]
    nb = nbformat.read(spec.notebook, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata["kernelspec"] == KERNELSPEC, "the kernel `make lab` installs (README)"
    for cell in nb.cells:
        assert cell.get("outputs", []) == [], f"{report}: outputs committed"
        assert cell.get("execution_count") is None, f"{report}: execution count committed"
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1, f"{report}: exactly one cell tagged 'parameters'"
    assert nb.cells.index(tagged[0]) == 0, "the parameters come first: the title depends on them"
    source = tagged[0].source
    assigned: dict[str, Any] = {}
    for stmt in ast.parse(source).body:
        assert isinstance(stmt, ast.Assign) and len(stmt.targets) == 1, ast.dump(stmt)
        assigned[stmt.targets[0].id] = ast.literal_eval(stmt.value)
    assert assigned == _defaults(report), "names and defaults must be those of reports.yaml"
    for line in source.splitlines():
        name = line.split("=")[0].strip()
        p = spec.params[name]
        comment = line.partition("#")[2]
        assert comment.strip().startswith(f"{TYPE_WORDS[p.type]}:"), line  # name, type, …
        if p.choices == "@indicators":
            assert "ipc.taxonomy()" in comment, line
        elif p.choices is not None:
            for value in resolve(p.choices):  # … and every allowed value
                assert re.search(rf"\b{re.escape(str(value))}\b", comment), (value, line)


@pytest.mark.parametrize("report", sorted(SPECS))
def test_notebook_cells_call_the_library_and_print_no_markdown_heading(report: str) -> None:
    nb = nbformat.read(SPECS[report].notebook, as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "import ipcompare as ipc" in code and "from ipcompare import sections" in code
    assert f'sections.title_block("{report}"' in code
    assert "sections.sources_section(sources, lang)" in nb.cells[-1].source  # sources last
    analysis = [i for i, c in enumerate(nb.cells) if set(ANALYSIS_TAGS) & set(c.metadata.get("tags", []))]
    title = next(i for i, c in enumerate(nb.cells) if "sections.title_block(" in c.source)
    assert analysis and analysis == list(range(1, title)), "analysis cells: after the parameters, before the title"
    assert all("sections.show(" not in nb.cells[i].source for i in analysis), "analysis cells show no HTML"
    assert all("sections.show(" in c.source for c in nb.cells[title:]), "then the HTML cells"
    for cell in nb.cells:
        if cell.cell_type == "markdown":  # headings come from code, in the report's language
            assert not re.search(r"^#", cell.source, re.M), cell.source
        else:
            assert len(cell.source.splitlines()) <= 10, "a cell calls the library; logic lives there"


def test_every_configured_notebook_and_no_other() -> None:
    assert sorted(p.name for p in NOTEBOOKS.glob("*.ipynb")) == sorted(
        [EXPLORE, *(s.notebook.name for s in SPECS.values())])
    assert EXPLORE not in {s.notebook.name for s in SPECS.values()}, "the tour is not a report"


# ----------------------------------------------------------------------------- runs


def _outputs(path: Path, analysis: bool = False) -> list[list[dict]]:
    """The outputs of each cell the page renders (``analysis``: of the analysis cells only)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    return [c.get("outputs", []) for c in nb["cells"]
            if bool(set(ANALYSIS_TAGS) & set(c["metadata"].get("tags", []))) == analysis]


@pytest.mark.parametrize("name", list(RUNS))
def test_notebook_runs_and_renders(executed, name: str) -> None:
    path, page, error = executed[name]
    assert error is None, f"{name}: {error}"
    outputs = _outputs(path)
    for cell in [*outputs, *_outputs(path, analysis=True)]:
        for o in cell:
            assert o["output_type"] != "error", o
            assert not (o["output_type"] == "stream" and o["name"] == "stderr"), o["text"]
    html_outputs = ["".join(o.get("data", {}).get("text/html", "")) for cell in outputs for o in cell]
    first = next(h for h in html_outputs if h)
    assert first.count("<h1") == 1, "the first output is the title"
    assert sum(h.count("<h1") for h in html_outputs) == 1, "one title"
    text = html.unescape(re.sub(r'<sup class="ipc-ref">.*?</sup>', "", page))
    for expected in RUNS[name][2]:
        assert expected in text, f"{name}: {expected!r} not in the page"
    assert '<nav class="ipc-toc"' in page
    assert page.rstrip().endswith("</html>")
    lang = "zh-CN" if name.endswith("-zh") else "en"
    assert page.count("<html") == 1 and f'<html lang="{lang}">' in page, "the report's language"
    assert '<h2 id="sources">' in page and page.index('<h2 id="sources">') > page.index("<h2 id=\"summary\">")
    anchors = set(re.findall(r'<li id="src-([^"]+)"', page))
    links = set(re.findall(r'href="#src-([^"]+)"', page))
    assert links and links <= anchors, f"{name}: footnotes without a quote: {links - anchors}"
    cited = {int(n) for n in re.findall(r'href="#src-[^"]+">(\d+)</a>', page)}
    for a, b in re.findall(r'>(\d+)</a>–<a href="#src-[^"]+">(\d+)</a>', page):  # [3–7]
        cited |= set(range(int(a), int(b) + 1))
    assert cited == set(range(1, len(anchors) + 1)), f"{name}: quotes no footnote cites"
    ids = re.findall(r'<h[23] id="([^"]+)"', page)
    assert len(ids) == len(set(ids)), "heading ids are unique (the table of contents links them)"
    for toc_id in re.findall(r'<nav class="ipc-toc".*?</nav>', page, re.S)[0].split('href="#')[1:]:
        assert f'id="{toc_id.split(chr(34))[0]}"' in page
    if name.startswith("profile"):
        assert len(page.encode("utf-8")) < 1_500_000, "a profile stays small enough to mail"
    assert 'class="dataframe' not in page, "the analysis cells' tables are not on the page"


@pytest.mark.parametrize("name", list(NAMESPACES))
def test_a_run_leaves_its_tables_and_figures_in_the_namespace(executed, name: str) -> None:
    path, _, error = executed[name]
    assert error is None, f"{name}: {error}"
    printed = ["".join(o["text"]) for cell in _outputs(path, analysis=True) for o in cell
               if o["output_type"] == "stream" and "NAMESPACE " in "".join(o["text"])]
    assert len(printed) == 1
    kinds = json.loads(printed[0].split("NAMESPACE ", 1)[1])
    assert {k: kinds.get(k) for k in NAMESPACES[name]} == NAMESPACES[name]
    shown = [o for cell in _outputs(path, analysis=True) for o in cell
             if "text/html" in o.get("data", {})]
    assert any('class="dataframe' in "".join(o["data"]["text/html"]) for o in shown), \
        "an analysis cell shows a table in JupyterLab"


def test_chinese_runs_are_in_chinese(executed) -> None:
    for name in ("profile-sichuan-zh", "comparison-filtered-zh", "indicator-one-plan-zh", "audit-zh"):
        page = executed[name][1]
        body = re.sub(r"<style.*?</style>|<[^>]+>", "", page, flags=re.S)
        assert len(re.findall(r"[\u4e00-\u9fff]", body)) > 200, name
        assert re.match(r'<!DOCTYPE html>\s*<html lang="zh-CN">', page), name
        for english in ("Summary", "Sources", "Charts", "not stated"):
            assert f">{english}<" not in page, (name, english)


def test_figures_are_embedded_png(executed) -> None:
    page = executed["comparison-default"][1]
    tags = re.findall(r"<img [^>]*>", page)
    assert len(tags) >= 6  # coverage, bars ×2, growth, milestones, dendrogram, instruments
    for tag in tags:
        assert 'src="data:image/png;base64,' in tag and 'class="ipc-figure"' in tag, tag[:80]
    alts = [re.search(r'alt="([^"]*)"', t).group(1) for t in tags]
    assert "Coverage of policy areas by plan" in alts and "chart" not in alts


#: what a regular expression leaves in text: (?: [^ \d {0, ^( (?< (?i
_REGEX = re.compile(r"\(\?[:<i!=]|\[\^|\\d|\{\d*,\d*\}|\^\(")


def _visible(page: str) -> str:
    page = re.sub(r"<(style|script)\b.*?</\1>", "", page, flags=re.S)
    page = re.sub(r'(?:src|href)="data:[^"]*"', "", page)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def test_pages_show_no_regex_and_every_chart_links_its_data(executed) -> None:
    import base64

    for name, (_path, page, _error) in executed.items():
        text = _visible(page)
        assert not _REGEX.search(text), (name, text[max(0, _REGEX.search(text).start() - 60):][:120])
        figures = re.findall(r'<figure class="ipc-chart">(.*?)</figure>', page, re.S)
        assert len(figures) == page.count('class="ipc-figure"'), name  # every chart has its data
        for fig in figures:
            href = re.search(r'download="[^"]+\.csv" href="data:text/csv;charset=utf-8;base64,([^"]+)"', fig)
            assert href, (name, fig[-300:])
            csv = base64.b64decode(href.group(1)).decode("utf-8-sig")
            assert csv.count("\n") >= 2 and "," in csv.splitlines()[0], (name, csv[:100])
    for name in ("profile-default", "profile-sichuan-zh", "comparison-default"):
        page = executed[name][1]
        assert page.index('<h2 id="overview">') < page.index('<h2 id="summary">'), name
    assert 'id="chart-timelines"' in executed["comparison-default"][1]
    assert '<h3 id="timeline">' in executed["profile-default"][1]


def test_chinese_pages_derive_in_chinese(executed) -> None:
    page = executed["indicator-one-plan-zh"][1]
    methods = re.findall(r"<td><small>(.*?)</small></td>", page)
    assert methods and all("原文" in m for m in methods), methods
    assert not any(re.search(r"\b(stated|already|unchanged|residents|convertible)\b", m)
                   for m in methods), methods
    titles = re.findall(r'<span title="([^"]*)"', executed["comparison-filtered-zh"][1])
    assert titles and not any(re.search(r"\b(stated|already|residents)\b", t) for t in titles)

"""The site's own pages: the landing page (every report linked, the plans with their document
numbers and kinds, methods and downloads), the status page, the methods page from markdown,
the navigation and cite line every page carries, and the methods text as a build input."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from ipcompare import caching
from ipcompare.paths import data_path
from ipcompare.site import frame, methods, pages
from ipcompare.site import plan as pl

FIXTURES = Path(__file__).parents[1] / "fixtures" / "notebooks"
HREF = re.compile(r'href="([^"#]+)"')


def _entry(report: str, params: dict, html: str, status: str = "ok", title: str = "T") -> dict:
    return {"id": ":".join([report, *map(str, params.values())]), "report": report,
            "params": params, "html": html, "title": title, "status": status, "key": "k",
            "built_at": "2026-12-06T00:00:00+00:00", "data_version": "dv", "error_page": "",
            "error": ""}


@pytest.fixture()
def site(tmp_path: Path) -> tuple[Path, dict]:
    """A manifest of one of each kind of report in both languages, their pages written (but
    the Chinese audit's, never built)."""
    reports = []
    for lang in ("en", "zh"):
        reports += [
            _entry("jurisdiction_profile", {"jurisdiction": "qingdao", "lang": lang},
                   f"jurisdiction_profile/jurisdiction_profile__qingdao__{lang}.html"),
            _entry("comparison", {"lang": lang}, f"comparison/comparison__{lang}.html",
                   title=f"Comparison {lang}"),
            _entry("indicator", {"indicator": "invention_patents_owned", "lang": lang},
                   f"indicator/indicator__invention_patents_owned__{lang}.html"),
            _entry("data_audit", {"lang": lang}, f"data_audit/data_audit__{lang}.html",
                   status="failed" if lang == "zh" else "ok"),
            _entry("echo", {"word": "<b>x</b>", "lang": lang}, f"echo/echo__x__{lang}.html",
                   title="<script>alert(1)</script>"),
        ]
    for r in reports:
        if r["status"] == "ok":
            (tmp_path / r["html"]).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / r["html"]).write_text("<html></html>", encoding="utf-8")
    manifest = {"reports": reports, "data_version": "dv", "code_version": "cv",
                "generated_at": "2026-12-06T00:00:00+00:00"}
    return tmp_path, manifest


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_landing_page_links_every_report_methods_and_downloads(site, lang) -> None:
    out, manifest = site
    from ipcompare.corpus.registry import jurisdictions

    page = pages.landing_page(manifest, jurisdictions(), out, lang)
    links = set(HREF.findall(page))
    built = {r["html"] for r in manifest["reports"] if r["status"] == "ok"}
    assert built <= links
    assert "data_audit/data_audit__zh.html" not in links  # never written: named, not linked
    assert {frame.METHODS[lang], frame.STATUS, *(f for f, _ in pages.DOWNLOADS)} <= links
    assert frame.HOME["zh" if lang == "en" else "en"] in links  # the other language's home
    assert "青政字〔2017〕58号" in page and "<script>alert" not in page and "&lt;script&gt;" in page
    kinds = {"en": "strong IP city plan", "zh": "知识产权强市建设"}
    assert kinds[lang] in page
    assert page.count("<tr>") >= 6  # a header and the five plans
    assert ('<details>' in page) is (lang == "en")  # the status table, collapsed (in English)


def test_the_status_page_keeps_the_build_table(site) -> None:
    out, manifest = site
    page = pages.status_page(manifest, out)
    assert page.count('<span class="ok">ok</span>') == 9 and page.count('class="failed"') == 1
    assert "&lt;script&gt;" in page and "<script>" not in page
    assert 'href="index.html"' in page


@pytest.mark.parametrize(("page", "lang", "twin"), [
    ("index.html", "en", "index_zh.html"), ("methods_zh.html", "zh", "methods.html"),
    ("comparison/comparison__en.html", "en", "comparison/comparison__zh.html"),
    ("indicator/indicator__pct_applications__zh.html", "zh",
     "indicator/indicator__pct_applications__en.html"),
    ("status.html", "en", None), ("echo/echo__x.html", "en", None),
])
def test_twin_page(page, lang, twin) -> None:
    assert frame.twin_page(page, lang) == twin


def test_a_reports_navigation_and_cite_line() -> None:
    page = "jurisdiction_profile/jurisdiction_profile__wuhan__zh.html"
    framed = frame.frame("<html><head></head><body class='x'><h1>T</h1></body></html>", page,
                         "<T>", "zh", "dv1")
    nav = re.search(r'<nav class="ipc-nav".*?</nav>', framed).group(0)
    assert framed.index(nav) < framed.index("<h1>")
    assert 'href="../index_zh.html"' in nav and 'href="../methods_zh.html"' in nav
    assert 'href="../jurisdiction_profile/jurisdiction_profile__wuhan__en.html"' in nav
    cite = re.search(r'<p class="ipc-cite">(.*?)</p>', framed).group(1)
    from ipcompare import __version__

    assert "&lt;T&gt;" in cite and __version__ in cite and "dv1" in cite and page in cite
    assert re.search(r"\d{4}-\d\d-\d\d", cite)
    assert framed.index('<p class="ipc-cite">') > framed.index("<h1>")


def test_methods_markdown_is_text_and_the_data_figures_are_filled(tmp_path: Path) -> None:
    folder = tmp_path / "methods" / "en"
    folder.mkdir(parents=True)
    (folder / "20_b.md").write_text("## Second\n\n{{populations}}\n", encoding="utf-8")
    (folder / "10_a.md").write_text("## First <script>x</script>\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
                                    "{{plans}} plans.\n", encoding="utf-8")
    html = methods.methods_html("en", tmp_path)
    assert html.index("First") < html.index("Second")  # name order
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<table>" in html and re.search(r"<h2 id=\"[^\"]+\">Second</h2>", html)
    assert "{{" not in html and "5 plans." in html
    assert "1,108.10" in html and "武汉市2018年国民经济和社会发展统计公报" in html


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_methods_page_covers_the_topics(lang) -> None:
    page = methods.methods_page(lang, "dv")
    words = {"en": ["What a target is", "Scope and measure", "Bases and their formulas",
                    "not convertible", "not in corpus", "Populations", "Supplementary",
                    "Known limits", "Quality figures", "((1 + g)^n − 1) × 100"],
             "zh": ["什么是目标", "范围与计量方式", "口径及其公式", "无法换算", "不在语料中",
                    "人口与补充数据", "已知局限", "质量指标"]}[lang]
    assert [w for w in words if w not in page] == []
    assert '<nav class="ipc-toc"' in page and 'class="ipc-cite"' in page
    assert not re.search(r"\(\?:|\\d|\[\^", page)


def test_a_methods_file_is_a_build_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "data"
    shutil.copytree(data_path("registry.csv").parent, data)
    config = tmp_path / "nb"
    shutil.copytree(FIXTURES, config)
    monkeypatch.setenv("IPCOMPARE_DATA", str(data))
    caching.clear()
    try:
        before = pl.tree_fingerprint(config / "reports.yaml")
        target = sorted((data / "methods" / "en").glob("*.md"))[0]
        target.write_text(target.read_text(encoding="utf-8") + "\nA new sentence.\n",
                          encoding="utf-8")
        caching.clear()
        assert pl.tree_fingerprint(config / "reports.yaml") != before
        html = methods.methods_html("en")
        assert "A new sentence." in html
    finally:
        caching.clear()


def test_plans_table_without_the_optional_columns(tmp_path: Path) -> None:
    reg = pd.DataFrame({"jurisdiction": ["x"], "name_en": ["X <city>"], "name_zh": ["X"],
                        "level": ["city"], "issuer": ["I"], "issued": ["2020"],
                        "period_start": [2020], "period_end": [2022], "title": ["T"]})
    table = pages.plans_table(reg, {}, "en", tmp_path)
    assert "X &lt;city&gt;" in table and "other plan" in table and "none known" in table

"""The report site as a reader sees it: headless Chromium opens the landing pages, the methods
and status pages and every report of a representative subset.

Checks: no console errors, no request leaving the page (self-contained), every image decoded,
Chinese text in Chinese pages, every in-page footnote link resolving, no raw regular expression
in any page's text; the landing pages link every report, the methods page and the downloads
(and every local link of theirs resolves); every report links home and its twin in the other
language; a Qingdao page's footnotes carry its document number. A screenshot of one report is
kept in ``test-artifacts/``. Skipped, with the reason, where Chromium or Playwright is missing
(``make browser`` installs Chromium where apt-get can).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "notebooks" / "reports.yaml"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = next((p for p in (shutil.which("chromium"), shutil.which("chromium-browser"),
                             shutil.which("google-chrome")) if p), None)
SUBSET = [
    "jurisdiction_profile:wuhan:zh",
    "jurisdiction_profile:sichuan:en",
    "jurisdiction_profile:qingdao:en",
    "jurisdiction_profile:qingdao:zh",
    "comparison:en",
    "indicator:invention_patents_owned:en",
    "indicator:invention_patents_owned:zh",
    "data_audit:en",
]
SITE_PAGES = ["index.html", "index_zh.html", "methods.html", "methods_zh.html", "status.html"]
DOWNLOADS = ["targets.csv", "targets.xlsx", "targets.parquet", "comparison.csv"]
#: what a regular expression leaves in text and prose does not: (?: \d [^
RAW_REGEX = re.compile(r"\(\?[:=!<]|\\[dDsSwW]|\[\^")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = [
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium not installed: run `make browser` "
                       "(Debian: apt-get install chromium fonts-noto-cjk)"),
]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site built from a representative subset of the report set."""
    from ipcompare.site.build import build
    from ipcompare.site.tables import write_tables

    out = tmp_path_factory.mktemp("site")
    summary = build(CONFIG, out, only=SUBSET, jobs=2)
    failures = {r.id: r.error for r in summary.results if r.status == "failed"}
    assert not failures, failures
    write_tables(out)  # the downloads the landing page links (as `ipcompare build` writes them)
    return out


def _reports(site: Path) -> list[dict]:
    return json.loads((site / "manifest.json").read_text(encoding="utf-8"))["reports"]


def _pages(site: Path) -> list[Path]:
    return [site / p for p in SITE_PAGES] + [site / r["html"] for r in _reports(site)]


@pytest.mark.parametrize("index", ["index.html", "index_zh.html"])
def test_the_landing_page_links_every_report_the_methods_and_the_downloads(site, index) -> None:
    page = (site / index).read_text(encoding="utf-8")
    links = set(re.findall(r'<a href="([^"#]+)"', page))
    reports = {r["html"] for r in _reports(site)}
    assert len(reports) == len(SUBSET) and reports <= links
    methods = "methods.html" if index == "index.html" else "methods_zh.html"
    assert {methods, "status.html", *DOWNLOADS} <= links
    assert [link for link in links if not (site / link).is_file()] == []


def test_every_page_reads_well_in_a_browser(site: Path) -> None:
    playwright = pytest.importorskip("playwright.sync_api", reason="playwright not installed")
    pages = _pages(site)
    assert len(pages) == len(SUBSET) + len(SITE_PAGES)
    ARTIFACTS.mkdir(exist_ok=True)
    problems: list[str] = []
    with playwright.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for path in pages:
                page = browser.new_page(viewport={"width": 1200, "height": 900})
                errors: list[str] = []
                outside: list[str] = []
                page.on("console", lambda m, e=errors: e.append(m.text) if m.type == "error" else None)
                page.on("pageerror", lambda exc, e=errors: e.append(str(exc)))
                page.on("request", lambda r, o=outside: o.append(r.url)
                        if not r.url.startswith(("file:", "data:", "about:")) else None)
                page.goto(path.as_uri(), wait_until="load")
                name = path.relative_to(site).as_posix()
                problems += [f"{name}: console error {e}" for e in errors]
                problems += [f"{name}: request to {u}" for u in outside]
                images = page.evaluate(
                    "Array.from(document.images).map(i => [i.src.slice(0, 40), i.naturalWidth])")
                problems += [f"{name}: image not decoded {src}" for src, w in images if w <= 0]
                dangling = page.evaluate(
                    "Array.from(document.querySelectorAll('a[href^=\"#\"]'))"
                    ".map(a => a.getAttribute('href')).filter(h => h.length > 1)"
                    ".filter(h => !document.getElementById(decodeURIComponent(h.slice(1))))")
                problems += [f"{name}: footnote link {h} resolves to nothing" for h in dangling]
                text = page.evaluate("document.body.innerText")
                zh = name.endswith(("__zh.html", "_zh.html"))
                if zh and not re.search(r"[\u4e00-\u9fff]{4,}", text):
                    problems.append(f"{name}: a Chinese page without Chinese text")
                problems += [f"{name}: raw regular expression {m.group(0)!r} in the text"
                             for m in RAW_REGEX.finditer(text)][:3]
                problems += _navigation_problems(page, site, name)
                if "qingdao" in name:
                    notes = page.evaluate("Array.from(document.querySelectorAll("
                                          "'ol.ipc-footnotes li')).map(li => li.innerText)")
                    if not notes or not all("青政字〔2017〕58号" in n for n in notes
                                            if "qingdao_2017_2020" in n):
                        problems.append(f"{name}: footnotes without the document number")
                if name not in SITE_PAGES:
                    cites = page.evaluate("document.querySelectorAll('sup.ipc-ref a').length")
                    if not cites:
                        problems.append(f"{name}: no footnoted number")
                    if not images and "data_audit" not in name:
                        problems.append(f"{name}: no figure")
                if name.endswith("jurisdiction_profile__wuhan__zh.html"):
                    page.screenshot(path=str(ARTIFACTS / "report_wuhan_zh.png"), full_page=True)
                page.close()
        finally:
            browser.close()
    assert not problems, "\n".join(problems)
    assert (ARTIFACTS / "report_wuhan_zh.png").stat().st_size > 10_000


def _navigation_problems(page, site: Path, name: str) -> list[str]:
    """A page's navigation: home (in its language) resolves; a report links its twin in the
    other language, and the twin resolves when it was built."""
    nav = dict(page.evaluate("Array.from(document.querySelectorAll('nav.ipc-nav a'))"
                             ".map(a => [a.dataset.nav, a.href])"))
    zh = name.endswith(("__zh.html", "_zh.html"))
    home = "index_zh.html" if zh else "index.html"
    problems = []
    if name != home and nav.get("home") != (site / home).as_uri():
        problems.append(f"{name}: no link home ({home}): {nav}")
    if name in ("status.html",):
        return problems
    twin = (name.replace("__zh.html", "__en.html") if zh else name.replace("__en.html", "__zh.html")
            ) if "__" in name else {"index.html": "index_zh.html", "index_zh.html": "index.html",
                                    "methods.html": "methods_zh.html",
                                    "methods_zh.html": "methods.html"}[name]
    if nav.get("twin") != (site / twin).as_uri():
        problems.append(f"{name}: no link to its twin {twin}: {nav}")
    elif twin in {r["html"] for r in _reports(site)} | set(SITE_PAGES) and not (site / twin).is_file():
        problems.append(f"{name}: its twin {twin} does not exist")
    return problems

"""The report site as a reader sees it: headless Chromium opens the index and every report.

Checks: no console errors, no request leaving the page (self-contained), every image decoded,
Chinese text in Chinese reports, every in-page footnote link resolving. A screenshot of one
report is kept in ``test-artifacts/``. Skipped, with the reason, where Chromium or Playwright
is missing (``make browser`` installs Chromium where apt-get can).
"""

from __future__ import annotations

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
    "comparison:en",
    "indicator:invention_patents_owned:zh",
    "data_audit:en",
]
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

    out = tmp_path_factory.mktemp("site")
    summary = build(CONFIG, out, only=SUBSET, jobs=2)
    failures = {r.id: r.error for r in summary.results if r.status == "failed"}
    assert not failures, failures
    return out


def _pages(site: Path) -> list[Path]:
    index = (site / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<a href="([^"#]+\.html)"', index)
    return [site / "index.html"] + [site / link for link in links if ".error." not in link]


def test_every_page_reads_well_in_a_browser(site: Path) -> None:
    playwright = pytest.importorskip("playwright.sync_api", reason="playwright not installed")
    pages = _pages(site)
    assert len(pages) == len(SUBSET) + 1
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
                if name.endswith("__zh.html") and not re.search(r"[\u4e00-\u9fff]{4,}", text):
                    problems.append(f"{name}: a Chinese report without Chinese text")
                if name != "index.html":
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

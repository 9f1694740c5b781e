"""A report site built from a data directory whose every text field carries an HTML/JS payload
(:mod:`payload_data`), opened in headless Chromium (review cases 3a, 3c): no payload runs (the
title stays the report's, no element the payload would create exists) and the payload reads as
text on every page. Slow: it builds four reports with papermill."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

import ipcompare as ipc
from ipcompare import caching
from payload_data import PAYLOAD, write_payload_data

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "notebooks" / "reports.yaml"
CHROMIUM = next((p for p in (shutil.which("chromium"), shutil.which("chromium-browser"),
                             shutil.which("google-chrome")) if p), None)
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SUBSET = [
    "jurisdiction_profile:wuhan:en",
    "comparison:zh",
    "indicator:invention_patents_owned:en",
    "data_audit:en",
]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium not installed: run `make browser`"),
]


@pytest.fixture(scope="module")
def payload_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The SUBSET built from the payload data directory."""
    from ipcompare.site.build import build

    data = write_payload_data(tmp_path_factory.mktemp("payload") / "data")
    out = tmp_path_factory.mktemp("site")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("IPCOMPARE_DATA", str(data))
        caching.clear()
        ipc.clear_cache()
        try:
            summary = build(CONFIG, out, only=SUBSET, jobs=2)
        finally:
            caching.clear()
            ipc.clear_cache()
    failures = {r.id: r.error for r in summary.results if r.status == "failed"}
    assert not failures, failures
    return out


def test_no_payload_runs_and_each_reads_as_text(payload_site: Path) -> None:
    playwright = pytest.importorskip("playwright.sync_api", reason="playwright not installed")
    index = (payload_site / "index.html").read_text(encoding="utf-8")
    pages = [payload_site / "index.html"] + [
        payload_site / link for link in re.findall(r'<a href="([^"#]+\.html)"', index)
        if ".error." not in link]
    reports = {p.name for p in pages if p.parent != payload_site}
    assert len(reports) == len(SUBSET), reports  # every report, besides the site's own pages
    visible = PAYLOAD.strip()
    problems: list[str] = []
    with playwright.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for path in pages:
                name = path.relative_to(payload_site).as_posix()
                page = browser.new_page()
                page.goto(path.as_uri(), wait_until="load")
                page.wait_for_timeout(100)  # an onerror handler would have run by now
                title = page.title()
                if title == "XSS":  # what the payload's script and handler set
                    problems.append(f"{name}: a payload ran (title {title!r})")
                injected = page.evaluate(
                    "document.querySelectorAll('img[src=\"x\"], img[onerror], script').length")
                if injected:
                    problems.append(f"{name}: {injected} element(s) made from a payload")
                text = page.evaluate("document.body.innerText")
                if name != "index.html" and visible not in text:
                    problems.append(f"{name}: the payload is not shown as text")
                page.close()
        finally:
            browser.close()
    assert not problems, "\n".join(problems)

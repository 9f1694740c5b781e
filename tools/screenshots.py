"""Screenshots of the report site for the README (``make screenshots``): the landing page, the top
of a plan profile and one chart, written to ``docs/img/*.png`` by headless Chromium (Playwright).

By default a few reports are built into a temporary folder first (one at a time); ``--site DIR``
takes them from a site already built there (e.g. ``reports/``).

    python tools/screenshots.py [--site reports] [--out docs/img]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "notebooks" / "reports.yaml"
PROFILE = "jurisdiction_profile/jurisdiction_profile__wuhan__en.html"
REPORTS = ["jurisdiction_profile:wuhan:en", "jurisdiction_profile:wuhan:zh",
           "comparison:en", "indicator:invention_patents_owned:en"]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
WIDTH, HEIGHT = 1280, 900


def chromium() -> str:
    """The Chromium to drive (Debian's), or exit saying how to install it."""
    found = next((p for p in (shutil.which("chromium"), shutil.which("chromium-browser"),
                              shutil.which("google-chrome")) if p), None)
    if found is None:
        sys.exit("screenshots: Chromium not found; run `make browser` (apt-get install chromium)")
    return found


def build_site(out: Path) -> None:
    """Build the reports the screenshots show (one at a time) into ``out``."""
    from ipcompare.site.build import build

    summary = build(CONFIG, out, only=REPORTS, jobs=1)
    failed = [r.id for r in summary.results if r.status == "failed"]
    if failed:
        sys.exit(f"screenshots: reports failed to build: {', '.join(failed)}")


def shoot(site: Path, out: Path) -> list[Path]:
    """Write the landing page, the profile's top and its first chart as PNGs; return them."""
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
            page.goto((site / "index.html").as_uri(), wait_until="load")
            written.append(out / "landing.png")
            page.screenshot(path=str(written[-1]))
            page.goto((site / PROFILE).as_uri(), wait_until="load")
            written.append(out / "profile.png")
            page.screenshot(path=str(written[-1]))
            chart = page.locator("img.ipc-figure").first
            chart.scroll_into_view_if_needed()
            written.append(out / "chart.png")
            chart.screenshot(path=str(written[-1]))
        finally:
            browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    """Build (unless ``--site``) and take the screenshots."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--site", type=Path, help="a built site (default: build a few reports)")
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "img", help="where the PNGs go")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="ipcompare-shots-") as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "site"
            build_site(site)
        for path in shoot(site, args.out):
            print(f"wrote {path} ({path.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

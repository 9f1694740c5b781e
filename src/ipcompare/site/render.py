"""HTML of the report site: rendered notebooks (no code, no external requests, a table of
contents), error pages for failed reports, and the index linking them all.

A report notebook's cells tagged ``analysis`` (:data:`ANALYSIS_TAGS`: the tables and figures a
researcher works with in JupyterLab, and the notes explaining them) run with the report but are
left out of its page, so the page shows only what the report's HTML cells display.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .frame import PAGE_STYLE

TEMPLATES = Path(__file__).resolve().parent / "templates"
_HEADING = re.compile(r'<h([23])\s+id="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
_TAG = re.compile(r"<[^>]+>")
_EXTERNAL = re.compile(r'<(?:script|link|img|iframe)\b[^>]*(?:src|href)="(?:https?:)?//', re.I)


#: cells with one of these tags run but are not rendered (they are for JupyterLab)
ANALYSIS_TAGS = ("analysis",)

#: the HTML language tag of a report language (so browsers pick Simplified Chinese fonts)
HTML_LANG = {"en": "en", "zh": "zh-CN"}
_HTML_OPEN = re.compile(r"<html\b[^>]*>", re.I)


def render_html(executed: Any, title: str, lang: str = "en", page: str | None = None) -> str:
    """Render an executed notebook as a self-contained HTML page without code cells; with its
    ``page`` (path from the site root), framed with the site's navigation and cite line."""
    import nbformat
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    nb = executed if isinstance(executed, nbformat.NotebookNode) else nbformat.read(
        str(executed), as_version=4)
    config = Config({"TagRemovePreprocessor": {"enabled": True,
                                               "remove_cell_tags": set(ANALYSIS_TAGS)}})
    exporter = HTMLExporter(
        config=config, template_name="ipcompare_report", extra_template_basedirs=[str(TEMPLATES)]
    )
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    body, _resources = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
    body = add_toc(body)
    body = _HTML_OPEN.sub(f'<html lang="{HTML_LANG.get(lang, lang)}">', body, count=1)
    if page is not None:
        from ..versions import data_version
        from .frame import frame

        body = frame(body, page, title, lang, data_version())
    external = _EXTERNAL.search(body)
    if external:
        raise ValueError(f"rendered report would load an external resource: {external.group(0)}")
    return body


def add_toc(page: str) -> str:
    """Insert a table of contents of the h2/h3 headings after the page's first h1."""
    entries = []
    for level, hid, inner in _HEADING.findall(page):
        text = html.unescape(_TAG.sub("", inner)).replace("¶", "").strip()
        entries.append((int(level), hid, text))
    if len(entries) < 2:
        return page
    items, open_sub = [], False
    for level, hid, text in entries:
        if level == 3 and not open_sub:
            items.append("<ol>")
            open_sub = True
        elif level == 2 and open_sub:
            items.append("</ol>")
            open_sub = False
        items.append(f'<li><a href="#{html.escape(hid)}">{html.escape(text)}</a></li>')
    if open_sub:
        items.append("</ol>")
    nav = '<nav class="ipc-toc" aria-label="Contents"><ol>' + "".join(items) + "</ol></nav>"
    m = re.search(r"</h1>", page)
    if m:
        # after the cell holding the h1 is hard to find robustly; right after the h1 is enough
        return page[: m.end()] + nav + page[m.end() :]
    return page.replace("<main>", "<main>" + nav, 1) if "<main>" in page else nav + page




def _page(title: str, body: str, lang: str = "en") -> str:
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{html.escape(title)}</title><style>{PAGE_STYLE}</style></head>"
            f"<body>{body}</body></html>\n")


def error_page(job: Any, result: Any) -> str:
    """A page saying which report failed, in which cell, with which error."""
    cell = (f"cell {result.failed_cell} (counting from 0, as in the .ipynb)"
            if result.failed_cell is not None else "before or outside the cells")
    if result.failed_cell is not None and result.failed_cell_source:
        cell += f", which begins “{result.failed_cell_source}”"
    params = ", ".join(f"{k}={v!r}" for k, v in job.params.items())
    body = (f"<h1>Report failed: {html.escape(job.title)}</h1>"
            f'<p class="meta">report <code>{html.escape(job.id)}</code> · notebook '
            f"<code>{html.escape(Path(job.notebook).name)}</code> · parameters "
            f"<code>{html.escape(params)}</code> · failed in {html.escape(cell)} · "
            f"{datetime.now(UTC).isoformat(timespec='seconds')}</p>"
            f"<p>The previous good version of this report, if there is one, was kept.</p>"
            f"<pre>{html.escape(result.error)}</pre>"
            f'<p><a href="../index.html">Back to the index</a></p>')
    return _page(f"Failed: {job.title}", body)


def write_index(out: Path, manifest: dict, writer: Callable[[Path, bytes], None]) -> None:
    """Write the site's own pages: the landing page (``index.html``, ``index_zh.html``) linking
    every report, the build status page and the methods pages (:mod:`.pages`)."""
    from .pages import write_site_pages

    write_site_pages(out, manifest, writer)

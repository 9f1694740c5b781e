"""Links between the reports of the site: a plan's indicators to their indicator reports, an
indicator report's plans to their profiles, the comparison's rows and columns to both.

Decisions (what the module promises)
    A link is made only to a report the report set builds (its parameter set is in the
    matrix of ``notebooks/reports.yaml``: an indicator report exists only for an indicator at
    least two plans state), so no link points at a page that is never written; elsewhere the
    name stays plain text. Where a report lives is :func:`~.config.report_page`'s, the one
    rule the build writes pages by; links are relative (``../indicator/….html``), so the site
    works from any folder or host. Without a report set (an installed package) there are no
    links. The text of a link is HTML already (escaped by the caller); the address is escaped
    here.
"""

from __future__ import annotations

import html
from typing import Any

from ..caching import data_cache
from ..present.i18n import indicator_label, plan_name
from .config import DEFAULT_CONFIG, load_config, parameter_sets, report_page

__all__ = ["indicator_link", "link", "profile_link", "report_href"]


@data_cache
def _pages(report: str) -> tuple[tuple[tuple[tuple[str, Any], ...], str], ...]:
    """Every page of one report of the report set: (parameters, page) pairs; none without it."""
    try:
        spec = load_config(DEFAULT_CONFIG)[report]
    except Exception:  # noqa: BLE001 - no report set (installed package) or no such report
        return ()
    return tuple((tuple(sorted((k, _hashable(v)) for k, v in p.items())), report_page(spec, p))
                 for p in parameter_sets(spec))


def _hashable(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def report_href(report: str, **params: Any) -> str | None:
    """The relative address (from another report) of the report with these parameters, or
    None when the report set builds no such page."""
    want = {k: _hashable(v) for k, v in params.items()}
    for given, page in _pages(report):
        have = dict(given)
        if all(have.get(k) == v for k, v in want.items()):
            return "../" + page
    return None


def link(text_html: str, href: str | None) -> str:
    """``text_html`` as a link to ``href`` (the text alone when there is no page)."""
    if not href:
        return text_html
    return f'<a class="ipc-xref" href="{html.escape(href)}">{text_html}</a>'


def indicator_link(indicator: str, lang: str, text_html: str | None = None) -> str:
    """An indicator's name (or ``text_html``) linked to its indicator report in ``lang``."""
    text = html.escape(indicator_label(indicator, lang)) if text_html is None else text_html
    return link(text, report_href("indicator", indicator=indicator, lang=lang))


def profile_link(jurisdiction: str, lang: str, text_html: str | None = None) -> str:
    """A plan's name (or ``text_html``) linked to its profile in ``lang``."""
    text = html.escape(plan_name(jurisdiction, lang)) if text_html is None else text_html
    return link(text, report_href("jurisdiction_profile", jurisdiction=jurisdiction, lang=lang))

"""The landing page of the site (in English and Chinese) and the build status page.

Decisions (what the module promises)
    The landing page says what the site is, lists the plans (name, level, issuer, document
    number, date, period, kind of plan, note) with links to each profile in both languages,
    then the comparison and the data audit, the indicator reports grouped by category, the
    methods page and the data downloads, and closes with the build status in a collapsed
    section. Every report of the manifest is linked from it (a report of a kind it does not
    know goes under "other reports"); a report whose page was never written is named, not
    linked. Plan facts come from the registry, names from the registry and the taxonomy,
    wording from ``data/report_words.yaml``; everything from data is escaped. The build status
    (every report with parameters, build time, data version and status; failed reports link
    their error page) is its own page, :data:`~.frame.STATUS`, in English.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from ..present.html import hword
from ..present.wording import has_word, word
from .frame import HOME, METHODS, NAV_STYLE, PAGE_STYLE, STATUS, cite_html, nav_html

DOWNLOADS = (("targets.csv", "dl_targets_csv"), ("targets.xlsx", "dl_targets_xlsx"),
             ("targets.parquet", "dl_targets_parquet"), ("comparison.csv", "dl_comparison_csv"))
"""The tables a build writes next to the pages (:mod:`.tables`), with their descriptions."""
_LANG_NAMES = {"en": "lang_en", "zh": "lang_zh"}  # a report language's name (wording key)
_KNOWN = ("jurisdiction_profile", "comparison", "data_audit", "indicator")



def page_html(title: str, body: str, lang: str = "en") -> str:
    """A complete site page (its own style, no outside resource)."""
    tag = {"zh": "zh-CN"}.get(lang, lang)
    return (f'<!DOCTYPE html>\n<html lang="{tag}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{html.escape(title)}</title><style>{PAGE_STYLE}{NAV_STYLE}</style></head>"
            f"<body>{body}</body></html>\n")


def _text(x: Any) -> str:
    return "" if x is None or (isinstance(x, float) and x != x) else str(x).strip()


def _link(entry: Mapping[str, Any] | None, text: str, out: Path) -> str:
    """A report's link (text escaped), or the text alone when its page does not exist."""
    if entry is None:
        return ""
    if (out / entry["html"]).is_file():
        return f'<a href="{html.escape(entry["html"])}">{html.escape(text)}</a>'
    return html.escape(text)


def _both(entries: Mapping[str, Mapping[str, Any]], lang: str, out: Path) -> str:
    """Links to a report in each language (English · Chinese), in the page's words."""
    parts = [_link(entries.get(x), word(key, lang), out) for x, key in _LANG_NAMES.items()]
    return " · ".join(p for p in parts if p)


def _group(reports: Sequence[Mapping[str, Any]], name: str, key: str | None) -> dict[str, dict]:
    """Reports of one kind by a parameter (or '' when none) and language."""
    out: dict[str, dict] = {}
    for r in reports:
        if r["report"] == name:
            k = str(r["params"].get(key, "")) if key else ""
            out.setdefault(k, {})[str(r["params"].get("lang", "en"))] = r
    return out


def plans_table(registry: Any, profiles: Mapping[str, Mapping[str, Any]], lang: str, out: Path) -> str:
    """The plans: name, level, issuer, document number, date, period, kind, note, profiles."""
    keys = ["col_plan", "col_level", "col_issuer", "col_doc_number", "col_issued", "col_period",
            "col_kind", "col_note", "col_profile"]
    head = "".join(f"<th>{hword(k, lang)}</th>" for k in keys)
    rows = []
    for r in registry.drop_duplicates("jurisdiction").to_dict("records"):
        name = _text(r.get(f"name_{lang}")) or _text(r["jurisdiction"])
        level = _text(r.get("level"))
        level_text = word(f"level_{level}", lang) if has_word(f"level_{level}") else level
        kind = _text(r.get("plan_kind")) or "other"
        cells = [f"<strong>{html.escape(name)}</strong><br><small>{html.escape(_text(r.get('title')))}</small>",
                 html.escape(level_text), html.escape(_text(r.get("issuer"))),
                 html.escape(_text(r.get("doc_number"))) or f'<span class="meta">{hword("not_known", lang)}</span>',
                 html.escape(_text(r.get("issued"))),
                 html.escape(f"{_text(r.get('period_start'))}–{_text(r.get('period_end'))}"),
                 hword(f"plan_kind_{kind}", lang), html.escape(_text(r.get("status_note"))),
                 _both(profiles.get(str(r["jurisdiction"]), {}), lang, out)]
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    return (f'<div class="table-wrap"><table><thead><tr>{head}</tr></thead><tbody>'
            + "".join(rows) + "</tbody></table></div>")


def _indicator_lists(indicators: Mapping[str, Mapping[str, Any]], lang: str, out: Path) -> str:
    """Indicator reports grouped by category (in contract order), each in both languages."""
    from ..present.i18n import category_name, indicator_label
    from ..vocab.constants import CATEGORIES
    from ..vocab.taxonomy import load_taxonomy

    tax = load_taxonomy()
    by_cat: dict[str, list[str]] = {}
    for ind in indicators:
        try:
            cat = tax.indicator(ind).category
        except Exception:  # noqa: BLE001 - an id the taxonomy no longer has: listed under other
            cat = "other"
        by_cat.setdefault(cat, []).append(ind)
    parts = []
    for cat in [c for c in CATEGORIES if c in by_cat]:
        items = []
        for ind in sorted(by_cat[cat], key=lambda i: indicator_label(i, lang)):
            try:
                label = indicator_label(ind, lang)
            except Exception:  # noqa: BLE001 - not in the taxonomy: its id
                label = ind
            items.append(f"<li>{html.escape(label)}: {_both(indicators[ind], lang, out)}</li>")
        name = category_name(cat, lang)
        parts.append(f"<h3>{html.escape(name[:1].upper() + name[1:])}</h3>"
                     f'<ul class="ipc-cols">{"".join(items)}</ul>')
    return "".join(parts)


def landing_page(manifest: Mapping[str, Any], registry: Any, out: Path, lang: str) -> str:
    """The landing page in ``lang``: what the site is and a link to every report."""
    reports = manifest["reports"]
    page = HOME[lang]
    title = word("site_title", lang)
    profiles = _group(reports, "jurisdiction_profile", "jurisdiction")
    body = [nav_html(page, lang), f"<h1>{html.escape(title)}</h1>",
            f"<p>{hword('site_intro', lang, n=registry['jurisdiction'].nunique())}</p>",
            f'<h2 id="plans">{hword("idx_plans", lang)}</h2>',
            plans_table(registry, profiles, lang, out)]
    overall = [(name, _group(reports, name, None).get("", {})) for name in ("comparison", "data_audit")]
    items = [f"<li>{html.escape(_title(e, lang))}: {_both(e, lang, out)}</li>" for _, e in overall if e]
    body += [f'<h2 id="reports">{hword("idx_reports", lang)}</h2>', f"<ul>{''.join(items)}</ul>"]
    indicators = _group(reports, "indicator", "indicator")
    if indicators:
        body += [f'<h2 id="indicators">{hword("idx_indicators", lang)}</h2>',
                 f'<p class="meta">{hword("idx_indicators_intro", lang)}</p>',
                 _indicator_lists(indicators, lang, out)]
    others = [r for r in reports if r["report"] not in _KNOWN]
    if others:
        body.append("<ul>" + "".join(f"<li>{_link(r, r['title'], out)}</li>" for r in others) + "</ul>")
    body += [f'<h2 id="methods">{hword("methods_title", lang)}</h2>',
             f'<p><a href="{METHODS[lang]}">{hword("methods_title", lang)}</a></p>',
             f'<h2 id="downloads">{hword("idx_downloads", lang)}</h2>',
             "<ul>" + "".join(f'<li><a href="{f}" download>{f}</a>: {hword(k, lang)}</li>'
                              for f, k in DOWNLOADS) + "</ul>"]
    failed = sum(r["status"] == "failed" for r in reports)
    status_line = hword("idx_status", lang, n=len(reports), failed=failed)
    body.append(f'<h2 id="status">{hword("nav_status", lang)}</h2>'
                f'<p class="meta"><a href="{STATUS}">{status_line}</a></p>')
    if lang == "en":  # the status table itself is in English: collapsed here, whole on its page
        body.append(f"<details><summary>{hword('nav_status', lang)}</summary>"
                    f"{status_body(manifest, out)}</details>")
    body.append(cite_html(page, title, lang, str(manifest.get("data_version", ""))))
    return page_html(title, "".join(body), lang)


def _title(entries: Mapping[str, Mapping[str, Any]], lang: str) -> str:
    """A report's title in ``lang`` (else in the language it has)."""
    entry = entries.get(lang) or next(iter(entries.values()))
    return str(entry["title"])


def status_body(manifest: Mapping[str, Any], out: Path) -> str:
    """Every report with its parameters, build time, data version and status (failed reports
    link their error page; the last good page, if any, is linked and said to be shown)."""
    rows = []
    for r in manifest["reports"]:
        params = ", ".join(f"{k}={v}" for k, v in r["params"].items())
        exists = (out / r["html"]).is_file()
        link = _link(r, r["title"], out)
        if r["status"] == "failed":
            status = (f'<span class="failed">failed</span> '
                      f'(<a href="{html.escape(r["error_page"])}">error</a>)')
            if exists:
                status += " — showing the last good version"
        elif r["status"] == "interrupted":
            status = (f'<span class="failed">interrupted</span> '
                      f'({html.escape(r.get("error", ""))})')
            if exists:
                status += " — showing the last good version"
        else:
            status = '<span class="ok">ok</span>'
        rows.append(f"<tr><td>{link}</td><td><code>{html.escape(params)}</code></td>"
                    f"<td>{html.escape(r.get('built_at', ''))}</td>"
                    f"<td><code>{html.escape(r.get('data_version', ''))}</code></td>"
                    f"<td>{status}</td></tr>")
    failed = sum(r["status"] == "failed" for r in manifest["reports"])
    stopped = sum(r["status"] == "interrupted" for r in manifest["reports"])
    return (f'<p class="meta">{len(manifest["reports"])} reports · {failed} failed · '
            + (f"{stopped} interrupted · " if stopped else "")
            + "data version "
            f'<code>{html.escape(manifest["data_version"])}</code> · code version '
            f'<code>{html.escape(manifest["code_version"])}</code> · index written '
            f'{html.escape(manifest["generated_at"])}</p>'
            '<div class="table-wrap"><table><thead><tr><th>Report</th><th>Parameters</th>'
            "<th>Built (UTC)</th><th>Data version</th><th>Status</th></tr></thead><tbody>"
            + "".join(rows) + "</tbody></table></div>")


def status_page(manifest: Mapping[str, Any], out: Path) -> str:
    """The build status page (English)."""
    title = "ipcompare: build status"
    body = (nav_html(STATUS, "en") + f"<h1>{html.escape(title)}</h1>" + status_body(manifest, out)
            + cite_html(STATUS, title, "en", str(manifest.get("data_version", ""))))
    return page_html(title, body)


def write_site_pages(out: Path, manifest: Mapping[str, Any],
                     writer: Callable[[Path, bytes], None]) -> None:
    """Write the landing page in each language, the build status page and the methods pages."""
    from ..corpus.registry import jurisdictions
    from .methods import methods_page

    registry = jurisdictions()
    for lang, name in HOME.items():
        writer(out / name, landing_page(manifest, registry, out, lang).encode("utf-8"))
    writer(out / STATUS, status_page(manifest, out).encode("utf-8"))
    for lang, name in METHODS.items():
        writer(out / name, methods_page(lang, str(manifest.get("data_version", ""))).encode("utf-8"))


__all__ = ["DOWNLOADS", "landing_page", "page_html", "plans_table", "status_body",
           "status_page", "write_site_pages"]

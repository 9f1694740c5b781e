"""Data-audit sections that show the comparison's decisions in one place.

Decisions (what the module promises)
    The tables come from the same functions as the cells (``ipc.comparability()``,
    ``ipc.measure_checks()``; pure in :mod:`ipcompare.analysis.comparability`), so a reviewer
    reads exactly why a target fills a cell or is left out, and which measures the plans'
    roadmaps decided. Every quoted target is footnoted; reasons are shown in the report's
    language from ``data/report_words.yaml`` (the English sentence with target ids stays in
    ``ipc.comparability()['why']``).
"""

from __future__ import annotations

import pandas as pd

from ..analysis.comparability import comparability, measure_flags
from ..present import html as report
from ..present.i18n import indicator_label, plan_name
from ..present.wording import word
from . import inputs
from .citing import count, paragraph, sentence
from .common import esc, measure_label, status_label, table, year

__all__ = ["audit_comparability", "audit_measure_checks"]


def audit_comparability(lang: str, sources: report.Sources,
                        targets: pd.DataFrame | None = None) -> str:
    """Every target on an indicator two or more plans state: fills a cell, or why not."""
    t = inputs.targets() if targets is None else targets
    rec = comparability(t, inputs.registry())
    out = [report.heading(word("comparability", lang), 2, "comparability")]
    fills = rec[rec["fills"].astype(bool)]
    out.append(paragraph([sentence(
        "comparability_intro", lang, k=count(rec["indicator"].nunique(), lang),
        n=count(len(rec), lang, rec["target_id"]), f=count(len(fills), lang, fills["target_id"]))],
        sources))
    rows = []
    for r in rec.to_dict("records"):
        tid = str(r["target_id"])
        rows.append([
            esc(indicator_label(r["indicator"], lang)), esc(plan_name(r["jurisdiction"], lang)),
            f"<q>{esc(r['quote'])}</q>{sources.cite(tid)}",
            esc(word(f"scope_{r['scope']}", lang)), esc(status_label(r["status"], lang)),
            esc(measure_label(r["measure"], lang)), year(r.get("target_year")),
            esc(word("fills_yes", lang)) if r["fills"] else "",
            "" if r["fills"] else esc(word(f"reason_{r['reason']}", lang)),
        ])
    out.append(table([word("col_indicator", lang), word("col_plan", lang), word("col_quote", lang),
                      word("col_scope", lang), word("col_status", lang), word("col_measure", lang),
                      word("col_year", lang), word("col_fills", lang), word("col_reason", lang)],
                     rows))
    return "".join(out)


def audit_measure_checks(lang: str, sources: report.Sources,
                         targets: pd.DataFrame | None = None) -> str:
    """Targets whose measure the plan's roadmap decided, and contradictions left."""
    t = inputs.targets() if targets is None else targets
    flags = measure_flags(t)
    unresolved = flags[flags["flag"] == "unresolved"]
    out = [report.heading(word("measure_checks", lang), 2, "measure-checks"),
           paragraph([sentence("measure_checks_intro", lang,
                               n=count(len(flags) - len(unresolved), lang, flags["target_id"]),
                               u=count(len(unresolved), lang, unresolved["target_id"]))], sources)]
    if flags.empty:
        return "".join(out)
    rows = [[esc(plan_name(r["jurisdiction"], lang)),
             esc(indicator_label(r["indicator"], lang)) if isinstance(r["indicator"], str) else "",
             f"<q>{esc(r['quote'])}</q>{sources.cite(str(r['target_id']))}",
             esc(measure_label(r["measure_worded"], lang)), esc(measure_label(r["measure"], lang)),
             esc(word(f"flag_{r['flag']}", lang))]
            for r in flags.to_dict("records")]
    out.append(table([word("col_plan", lang), word("col_indicator", lang), word("col_quote", lang),
                      word("col_worded", lang), word("col_read", lang), word("col_flag", lang)], rows))
    return "".join(out)

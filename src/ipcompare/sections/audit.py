"""The sections of the data audit: what the corpus holds, whether every quote is where it
says it is, restatements and contradictions, unmapped targets, corrections, reference rows.

Decisions (what the module promises)
    The audit states the corpus as it is, problems included: every row with a span is checked
    against its document's text (:func:`ipcompare.analysis.audit.provenance`, the pipeline's
    own quote check), failures are listed first, then every row with its check (folded).
    Contradictions come before plain restatements. A correction is *applied* when its target
    is still extracted (for ``drop``: when it is gone) and *stale* otherwise. The rows of each
    status are numbered as one run of footnotes (:func:`~ipcompare.sections.citing.reserve`).
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from ..analysis import audit
from ..present import html as report
from ..present.i18n import indicator_label, plan_name
from ..present.wording import word
from ..vocab.constants import STATUSES
from . import inputs
from .citing import count, paragraph, reserve, sentence
from .common import (
    category_label,
    esc,
    measure_label,
    missing,
    note,
    para,
    stated_value,
    status_label,
    sup,
    table,
    target_header,
    target_rows,
    year,
)

__all__ = ["audit_corrections", "audit_provenance", "audit_restatements", "audit_summary",
           "audit_supplementary", "audit_unmapped", "provenance"]


def provenance(targets: pd.DataFrame | None = None,
               texts: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Check every row: ``text[start:end] == quote`` (None for rows without a span); the texts
    not given are read from the corpus (:func:`ipcompare.analysis.audit.provenance`)."""
    t = inputs.targets() if targets is None else targets
    docs = t.loc[audit.has_span(t), "document"]
    return audit.provenance(t, inputs.texts(docs, dict(texts or {})))


def audit_summary(lang: str, sources: report.Sources, targets: pd.DataFrame | None = None,
                  corrections: pd.DataFrame | None = None) -> str:
    """Opening prose of the audit: rows by status, provenance, contradictions, unmapped, fixes."""
    t = provenance(targets)
    by = {s: list(t.loc[t["status"] == s, "target_id"]) for s in STATUSES}
    k = t["jurisdiction"].nunique()
    reserve(sources, *by.values())
    s1 = sentence("audit_intro", lang, n=count(len(t), lang, t["target_id"]), k=count(k, lang),
                   stated=count(len(by["stated"]), lang, by["stated"]),
                   restated=count(len(by["restated"]), lang, by["restated"]),
                   milestones=count(len(by["milestone"]), lang, by["milestone"]),
                   supplementary=count(len(by["supplementary"]), lang, by["supplementary"]))
    checked = t[t["quote_ok"].notna()]
    good = list(checked.loc[checked["quote_ok"].astype(bool), "target_id"])
    bad = list(checked.loc[~checked["quote_ok"].astype(bool), "target_id"])
    s2 = sentence("audit_quotes", lang, ok=count(len(good), lang), checked=count(len(checked), lang),
                   failed=count(len(bad), lang, bad))
    conflicts = list(t.loc[t["conflict"].astype(bool), "target_id"])
    unmapped = _unmapped(t)
    corr = inputs.corrections() if corrections is None else corrections
    known = set(t["target_id"])
    stale = [c for c in corr["target_id"] if c not in known and c not in set(
        corr.loc[corr["action"] == "drop", "target_id"])]
    applied = len(corr) - len(stale)
    s3 = sentence("audit_rest", lang, conflicts=count(len(conflicts), lang, conflicts),
                   unmapped=count(len(unmapped), lang, unmapped["target_id"]),
                   corrections=count(len(corr), lang), applied=count(applied, lang),
                   stale=count(len(stale), lang))
    return report.heading(word("summary", lang), 2, "summary") + paragraph([s1, s2, s3], sources)


def audit_provenance(lang: str, sources: report.Sources, targets: pd.DataFrame | None = None,
                     texts: Mapping[str, str] | None = None) -> str:
    """Per plan: rows, quotes verified, failures; then every row with its check (folded)."""
    t = provenance(targets, texts)
    out = [report.heading(word("provenance", lang), 2, "provenance"),
           note(esc(word("provenance_intro", lang)))]
    rows = []
    for j in dict.fromkeys(t["jurisdiction"]):
        mine = t[t["jurisdiction"] == j]
        ok = mine["quote_ok"]
        rows.append([esc(plan_name(j, lang)), str(len(mine)), str(int(ok.eq(True).sum())),
                     str(int(ok.eq(False).sum())), str(int(ok.isna().sum()))])
    out.append(table([word(k, lang) for k in ("col_plan", "col_count", "col_verified",
                                                "col_failed", "col_na")], rows))
    failed = t[t["quote_ok"].eq(False)]
    if len(failed):
        out.append(table(target_header(lang), target_rows(failed, lang, sources)))
    detail = []
    for r in t.to_dict("records"):
        check = ("" if r["quote_ok"] is None else word("ok" if r["quote_ok"] else "mismatch", lang))
        where = "" if r["quote_ok"] is None else f"{int(r['start'])}–{int(r['end'])}"
        detail.append([f"<code>{esc(r['target_id'])}</code>", esc(plan_name(r["jurisdiction"], lang)),
                       esc(status_label(r["status"], lang)), esc(where), esc(check),
                       f"<q>{esc(r['quote'])}</q>"])
    out.append(f"<details><summary>{esc(word('all_rows', lang, n=len(t)))}</summary>"
               + table([word(k, lang) for k in ("col_id", "col_plan", "col_status", "col_offsets",
                                                  "col_check", "col_quote")], detail)
               + "</details>")
    return "".join(out)


def audit_restatements(lang: str, sources: report.Sources, targets: pd.DataFrame | None = None) -> str:
    """Every restatement beside the statement it repeats; contradictions (values differ) first."""
    t = inputs.targets() if targets is None else targets
    rest = t[t["status"] == "restated"]
    by_id = t.set_index("target_id")
    conflicts = rest[rest["conflict"].astype(bool)]
    out = [report.heading(word("restatements", lang), 2, "restatements"),
           paragraph([sentence("restatements_intro", lang, n=count(len(rest), lang, rest["target_id"]),
                                k=count(len(conflicts), lang, conflicts["target_id"]))], sources)]
    if rest.empty:
        return "".join(out)
    ordered = pd.concat([conflicts, rest[~rest["conflict"].astype(bool)]])
    rows = []
    for r in ordered.to_dict("records"):
        first = by_id.loc[r["restates"]] if r["restates"] in by_id.index else None
        first_cell = ("" if first is None else
                      f"{stated_value(first, lang)}{sources.cite(r['restates'])} <q>{esc(first['quote'])}</q>")
        again = f"{stated_value(r, lang)}{sources.cite(r['target_id'])} <q>{esc(r['quote'])}</q>"
        mark = f"<strong>{esc(word('conflict', lang))}</strong>" if r["conflict"] else ""
        rows.append([esc(plan_name(r["jurisdiction"], lang)), first_cell, again, mark])
    out.append(table([word("col_plan", lang), word("col_first", lang), word("col_again", lang),
                       word("contradictions", lang)], rows))
    return "".join(out)


def _unmapped(t: pd.DataFrame) -> pd.DataFrame:
    return t[t["indicator"].isna() & ~t["status"].isin(["restated", "milestone"])]


def audit_unmapped(lang: str, sources: report.Sources, targets: pd.DataFrame | None = None) -> str:
    """Distinct targets the taxonomy maps to no indicator, plan by plan, with their quotes."""
    t = inputs.targets() if targets is None else targets
    un = _unmapped(t)
    out = [report.heading(word("unmapped", lang), 2, "unmapped"),
           paragraph([sentence("unmapped_intro", lang, n=count(len(un), lang, un["target_id"]))],
                     sources)]
    for j in dict.fromkeys(un["jurisdiction"]):
        mine = un[un["jurisdiction"] == j]
        out.append(report.heading(f"{plan_name(j, lang)} ({len(mine)})", 3, f"unmapped-{j}"))
        header = [word(k, lang) for k in ("col_subject", "col_target", "col_measure", "col_year",
                                          "col_category", "col_quote")]
        rows = [[esc(r["subject"]), stated_value(r, lang) + sources.cite(r["target_id"]),
                 esc(measure_label(r["measure"], lang)), year(r["target_year"]),
                 esc(category_label(r["category"], lang)), f"<q>{esc(r['quote'])}</q>"]
                for r in mine.to_dict("records")]
        out.append(table(header, rows))
    return "".join(out)


def audit_corrections(lang: str, sources: report.Sources, corrections: pd.DataFrame | None = None,
                      targets: pd.DataFrame | None = None) -> str:
    """The reviewer corrections on file and whether each still applies to an extracted row."""
    corr = inputs.corrections() if corrections is None else corrections
    t = inputs.targets() if targets is None else targets
    out = [report.heading(word("corrections", lang), 2, "corrections")]
    if corr.empty:
        return "".join(out) + para(esc(word("corrections_none", lang)))
    known = set(t["target_id"])
    rows = []
    for c in corr.to_dict("records"):
        tid = c["target_id"]
        present = tid in known
        if c["action"] == "drop":
            state = word("applied" if not present else "stale", lang)
        else:
            state = word("applied" if present else "stale", lang)
        ref = sources.cite(tid) if present else ""
        rows.append([f"<code>{esc(tid)}</code>{ref}", esc(c["action"]), esc(c.get("field", "")),
                     esc(c.get("value", "")), esc(c.get("reason", "")), esc(state)])
    out.append(table([word(k, lang) for k in ("col_id", "col_action", "col_field", "col_value",
                                                "col_reason", "col_state")], rows))
    return "".join(out)


def audit_supplementary(lang: str, sources: report.Sources, targets: pd.DataFrame | None = None) -> str:
    """The rows taken from reference sources, with the source of each."""
    t = inputs.targets() if targets is None else targets
    rows_sup = t[t["status"] == "supplementary"]
    out = [report.heading(word("supplementary_rows", lang), 2, "supplementary"),
           paragraph([sentence("supplementary_intro", lang, n=count(len(rows_sup), lang, rows_sup["target_id"]))],
                     sources)]
    if rows_sup.empty:
        return "".join(out)
    rows = [[esc(plan_name(r["jurisdiction"], lang)), esc(r["subject"]),
             sup(stated_value(r, lang)) + sources.cite(r["target_id"]), year(r["target_year"]),
             esc("" if missing(r["indicator"]) else indicator_label(r["indicator"], lang)),
             esc(r["source"])] for r in rows_sup.to_dict("records")]
    out.append(table([word(k, lang) for k in ("col_plan", "col_subject", "col_target", "col_year",
                                                "col_indicator", "col_source")], rows))
    return "".join(out)

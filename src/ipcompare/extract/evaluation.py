"""Score an extraction against a hand-made reference set (recall, precision, field accuracy).

Reference rows locate the number they label by its offsets (``number_start``/``number_end``), so
an extracted row matches a reference row when their numbers overlap; when one number carries
several subjects, the rows are paired in order. Reference rows with status ``condition`` (a
per-entity qualifying threshold) are optional: extracting them is neither required nor wrong.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

FIELDS = ("measure", "comparator", "target_year", "category", "unit", "status")


@dataclass
class Score:
    """Recall, precision and per-field agreement of an extraction against a reference."""

    reference: int
    extracted: int
    matched_reference: int
    matched_extracted: int
    field_agreement: dict[str, float] = field(default_factory=dict)
    missed: pd.DataFrame | None = None
    spurious: pd.DataFrame | None = None
    disagreements: pd.DataFrame | None = None

    @property
    def recall(self) -> float:
        """Share of required reference rows that were extracted."""
        return self.matched_reference / self.reference if self.reference else 1.0

    @property
    def precision(self) -> float:
        """Share of extracted rows that are reference targets."""
        return self.matched_extracted / self.extracted if self.extracted else 1.0

    def __str__(self) -> str:
        fields = ", ".join(f"{k} {v:.1%}" for k, v in self.field_agreement.items())
        return (f"recall {self.recall:.1%} ({self.matched_reference}/{self.reference}), "
                f"precision {self.precision:.1%} ({self.matched_extracted}/{self.extracted}); {fields}")


def _overlaps(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1


def score(extracted: pd.DataFrame, reference: pd.DataFrame) -> Score:
    """Compare extracted targets with reference rows of the same document(s)."""
    ext = extracted[extracted["status"] != "supplementary"].reset_index(drop=True)
    ref = reference.reset_index(drop=True)
    ref_used: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for doc in ref["document"].unique():
        r_doc = ref[ref["document"] == doc].sort_values("number_start")
        e_doc = ext[(ext["document"] == doc) | (ext["jurisdiction"] == doc)]
        for ei, e in e_doc.sort_values(["number_start"]).iterrows():
            for ri, r in r_doc.iterrows():
                if ri in ref_used:
                    continue
                if _overlaps(int(e["number_start"]), int(e["number_end"]),
                             int(r["number_start"]), int(r["number_end"])):
                    ref_used.add(ri)
                    pairs.append((ei, ri))
                    break
    matched_e = {e for e, _ in pairs}
    optional = ref["status"] == "condition"
    required = ref[~optional]
    matched_req = sum(1 for _, r in pairs if not optional[r])
    cond_matches = {e for e, r in pairs if optional[r]}
    n_ext = len(ext) - len(cond_matches)
    agreement = {}
    rows = []
    for f in FIELDS:
        ok = total = 0
        for e, r in pairs:
            if optional[r] or f not in ref.columns:
                continue
            ev, rv = ext.at[e, f], ref.at[r, f]
            if f == "target_year":
                ev = None if pd.isna(ev) else int(ev)
                rv = None if pd.isna(rv) else int(rv)
            total += 1
            if ev == rv:
                ok += 1
            else:
                rows.append({"field": f, "document": ref.at[r, "document"],
                             "number_text": ref.at[r, "number_text"], "subject": ref.at[r, "subject"],
                             "expected": rv, "got": ev, "quote": ext.at[e, "quote"][:60]})
        agreement[f] = ok / total if total else 1.0
    missed = required[~required.index.isin(ref_used)]
    spurious = ext[~ext.index.isin(matched_e)]
    return Score(len(required), n_ext, matched_req, len(matched_e) - len(cond_matches), agreement,
                 missed, spurious, pd.DataFrame(rows))

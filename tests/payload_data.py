"""A data directory whose every text field carries an HTML/JS payload and mathtext markup.

Used by the escaping tests (review cases 3a, 3c, 3d, 3e): the corpus's own ``data/`` copied,
then :data:`PAYLOAD` appended to every name, label, wording entry, sentence template,
definition, note and source of the registry, agencies, populations, outcomes, taxonomy, instruments, IP
types, chart labels, report words and narrative templates. Keys, ids, patterns and numbers are
left alone, so the reports still build; only what a reader sees carries the payload.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]

PAYLOAD = (" <img src=x onerror=\"document.title='XSS'\"><script>document.title='XSS'</script>"
           "&lt;b&gt; & $x^2$ $\\undefinedcmd$ a_b \\")
"""Markup that must reach the page as text: an event handler, a script, an entity, a lone
``&``, and mathtext that draws differently (``$x^2$``) or cannot be drawn (``$\\undefinedcmd$``)."""

#: the markers that only appear in a page where the payload became markup
RAW_MARKERS = ("<img src=x", "<script>document.title")
#: the payload as it reads once escaped into HTML (what a page must hold instead)
ESCAPED = "&lt;img src=x onerror=&quot;document.title=&#x27;XSS&#x27;&quot;&gt;"

CSV_FIELDS = {
    "registry.csv": ["name_zh", "name_en", "province_zh", "province_en", "title", "issuer",
                     "status_note", "source_note"],
    "agencies.csv": ["name_zh", "name_en", "note"],
    "population_2018.csv": ["source"],
    "outcomes.csv": ["indicator_zh", "indicator_en", "unit", "note", "source_title", "quote"],
    "population_2020_census.csv": ["source_title", "quote"],
}
YAML_FILES = ["report_words.yaml", "chart_labels.yaml", "narrative_templates.yaml",
              "taxonomy.yaml", "instruments.yaml", "ip_types.yaml"]
_TEXT_KEYS = {"en", "zh", "description", "note"}


def _inject(node: Any, parent_is_text: bool = False) -> Any:
    """Append PAYLOAD to every string under an ``en``/``zh``/``description``/``note`` key."""
    if isinstance(node, dict):
        return {k: (node[k] + PAYLOAD if isinstance(node[k], str) and k in _TEXT_KEYS
                    else _inject(node[k])) for k in node}
    if isinstance(node, list):
        return [_inject(x) for x in node]
    return node


def write_payload_data(out: Path) -> Path:
    """Copy ``data/`` to ``out`` with the payload in every text field; return ``out``."""
    shutil.copytree(ROOT / "data", out)
    for name, fields in CSV_FIELDS.items():
        path = out / name
        with open(path, encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        for row in rows:
            for f in fields:
                row[f] = (row[f] or "") + PAYLOAD
        with open(path, "w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=list(rows[0]))
            w.writeheader()
            w.writerows(rows)
    for name in YAML_FILES:
        path = out / name
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        path.write_text(yaml.safe_dump(_inject(raw), allow_unicode=True, sort_keys=False),
                        encoding="utf-8")
    return out

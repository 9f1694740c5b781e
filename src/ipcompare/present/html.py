"""Building blocks the report notebooks display: headings, prose with footnoted numbers,
tables of targets with their quotes, and the list of sources each footnote points to.

Every number a report shows is cited: :meth:`Sources.cite` gives a footnote link to the
verbatim quote (or reference source) of the target(s) behind it, and :meth:`Sources.html`
lists those quotes at the end of the report, each anchored so the links resolve.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pandas as pd

LANGS = ("en", "zh")

#: fixed words of the reports, per language
WORDS = {
    "sources": {"en": "Sources", "zh": "来源"},
    "quote_of": {"en": "chars {start}–{end} of {document}", "zh": "{document} 第{start}–{end}字符"},
    "supplementary": {"en": "reference source, not the plan text", "zh": "参考来源，非规划原文"},
    "parameters": {"en": "Parameters", "zh": "参数"},
    "generated": {"en": "Generated", "zh": "生成时间"},
    "data_version": {"en": "data version", "zh": "数据版本"},
    "none": {"en": "None.", "zh": "无。"},
}


def word(key: str, lang: str) -> str:
    """A fixed word of the reports in a language."""
    check_lang(lang)
    return WORDS[key][lang]


def check_lang(lang: str) -> str:
    """Validate a language code."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, not {lang!r}")
    return lang


def slug(text: str) -> str:
    """An HTML id from a heading (ASCII letters and digits kept; others hashed)."""
    s = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()
    return s or "s" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


@dataclass
class Sources:
    """The quotes a report cites, numbered in order of first citation."""

    targets: pd.DataFrame
    lang: str = "en"
    order: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        check_lang(self.lang)
        self._by_id = self.targets.set_index("target_id", drop=False)

    def number(self, target_id: str) -> int:
        """The footnote number of a target (assigned on first use)."""
        if target_id not in self._by_id.index:
            raise KeyError(f"unknown target id {target_id!r}")
        if target_id not in self.order:
            self.order.append(target_id)
        return self.order.index(target_id) + 1

    def cite(self, target_ids: str | Iterable[str]) -> str:
        """Footnote links to the quotes of one or more targets."""
        ids = [target_ids] if isinstance(target_ids, str) else list(target_ids)
        ids = [i for part in ids for i in str(part).split("|") if i]
        links = [f'<a href="#src-{i}">{self.number(i)}</a>' for i in dict.fromkeys(ids)]
        return f'<sup class="ipc-ref">[{", ".join(links)}]</sup>' if links else ""

    def html(self) -> str:
        """The numbered list of every cited quote, each with its document and offsets."""
        if not self.order:
            return f"<p>{word('none', self.lang)}</p>"
        items = []
        for tid in self.order:
            r = self._by_id.loc[tid]
            if r["status"] == "supplementary":
                where = f'{html.escape(str(r["source"]))} ({word("supplementary", self.lang)})'
            else:
                where = word("quote_of", self.lang).format(
                    start=int(r["start"]), end=int(r["end"]), document=html.escape(r["document"]))
            items.append(f'<li id="src-{tid}">«{html.escape(r["quote"])}» — {where} '
                         f'<code>{tid}</code></li>')
        return '<ol class="ipc-footnotes">' + "".join(items) + "</ol>"


def heading(text: str, level: int = 2, anchor: str | None = None) -> str:
    """An HTML heading with an id, so the table of contents can link it."""
    return f'<h{level} id="{html.escape(anchor or slug(text))}">{html.escape(text)}</h{level}>'


def meta_line(params: dict, lang: str, data_version: str = "") -> str:
    """The line under a report's title: parameters, generation time, data version."""
    p = ", ".join(f"{k}={v!r}" for k, v in params.items())
    when = datetime.now(UTC).isoformat(timespec="seconds")
    dv = f" · {word('data_version', lang)} <code>{html.escape(data_version)}</code>" if data_version else ""
    return (f'<p class="ipc-meta">{word("parameters", lang)}: <code>{html.escape(p)}</code> · '
            f"{word('generated', lang)} {when} UTC{dv}</p>")


def show(fragment: str) -> None:
    """Display an HTML fragment in the notebook (and so in the rendered report)."""
    from IPython.display import HTML, display

    display(HTML(fragment))

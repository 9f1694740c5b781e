"""The frame of every report: headings with stable ids, the line under the title, the
footnotes (:class:`Sources`) and the list of sources they point to, and :func:`show`.

Every number a report shows is cited: :meth:`Sources.cite` gives a footnote link to the
verbatim quote (or reference source) of the target(s) behind it, and :meth:`Sources.html`
lists those quotes at the end of the report, each anchored so the links resolve.

Decisions (what the module promises)
    The wording of these fragments ("Sources", "Parameters", "chars 3–9 of …") comes from
    ``data/report_words.yaml`` through :func:`ipcompare.present.wording.word`, re-exported
    here as :func:`word`, and as HTML by :func:`hword` (wording and the values it is filled
    with are text: escaped, never markup); the languages and their check are :mod:`ipcompare.vocab.constants`'
    (re-exported as ``LANGS`` and :func:`check_lang`). Heading ids are stable across
    processes (:func:`slug` hashes with SHA-1, never ``hash()``).
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pandas as pd

from ..vocab.constants import LANGS, check_lang
from .wording import word

__all__ = ["LANGS", "Html", "Sources", "check_lang", "citation_parts", "heading", "hword", "meta_line", "show", "slug",
           "word"]


class Html(str):
    """A string that is HTML already: :func:`hword` inserts it as is (any other value is
    escaped)."""


def hword(key: str, lang: str, **values: object) -> Html:
    """The wording ``key`` as HTML: its text escaped, and each ``{field}`` filled with its value
    escaped (a value that is :class:`Html` already is inserted as is). Wording is text, never
    markup, so a ``<`` or ``&`` in ``report_words.yaml`` or in a name reads as written.
    For element content only (quotes are left as they are): attributes use ``html.escape``."""
    text = html.escape(word(key, lang), quote=False)
    if not values:
        return Html(text)
    return Html(text.format(**{k: v if isinstance(v, Html) else html.escape(str(v), quote=False)
                               for k, v in values.items()}))


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
            return f"<p>{hword('none', self.lang)}</p>"
        items = []
        for tid in self.order:
            r = self._by_id.loc[tid]
            if r["status"] == "supplementary":
                where = f'{html.escape(str(r["source"]))} ({hword("supplementary", self.lang)})'
            elif r["status"] in ("outcome", "population"):
                kind = "source_outcome" if r["status"] == "outcome" else "source_population"
                where = f'{html.escape(str(r["source"]))} ({hword(kind, self.lang)})'
            else:
                where = Html(hword("fn_sep", self.lang).join(citation_parts(r, self.lang)))
            items.append(f'<li id="src-{html.escape(tid)}">«{html.escape(r["quote"])}» — {where} '
                         f'<code>{html.escape(tid)}</code></li>')
        return '<ol class="ipc-footnotes">' + "".join(items) + "</ol>"


def _filled(row: Mapping[str, object], key: str) -> str:
    value = row.get(key)
    return "" if value is None or value is pd.NA or (isinstance(value, float) and value != value) \
        else str(value).strip()


def citation_parts(row: Mapping[str, object], lang: str) -> list[Html]:
    """How a footnote cites a quote of a plan text, as HTML parts: the plan's title and issuer,
    document number, date, the section heading the quote stands under, its offsets, and the
    source URL or archive reference (each part only where the row knows it)."""
    parts: list[Html] = []
    title, issuer = _filled(row, "doc_title"), _filled(row, "doc_issuer")
    if title:
        parts.append(hword("fn_document", lang, title=title, issuer=issuer) if issuer
                     else Html(html.escape(title, quote=False)))
    for col, key, name in (("doc_number", "fn_number", "number"), ("doc_issued", "fn_issued", "date"),
                           ("section", "fn_section", "section")):
        if _filled(row, col):
            parts.append(hword(key, lang, **{name: _filled(row, col)}))
    parts.append(hword("quote_of", lang, start=int(row["start"]), end=int(row["end"]),  # type: ignore[call-overload]
                       document=row["document"]))
    url = _filled(row, "doc_url")
    if url.startswith(("https://", "http://")):
        link = Html(f'<a href="{html.escape(url)}" rel="noopener">{html.escape(url)}</a>')
        parts.append(hword("fn_url", lang, url=link))
    if _filled(row, "doc_archive"):
        parts.append(hword("fn_archive", lang, ref=_filled(row, "doc_archive")))
    return parts


def heading(text: str, level: int = 2, anchor: str | None = None) -> str:
    """An HTML heading with an id, so the table of contents can link it."""
    return f'<h{level} id="{html.escape(anchor or slug(text))}">{html.escape(text)}</h{level}>'


def meta_line(params: dict, lang: str, data_version: str = "") -> str:
    """The line under a report's title: parameters, generation time, data version."""
    p = ", ".join(f"{k}={v!r}" for k, v in params.items())
    when = datetime.now(UTC).isoformat(timespec="seconds")
    dv = f" · {hword('data_version', lang)} <code>{html.escape(data_version)}</code>" if data_version else ""
    return (f'<p class="ipc-meta">{hword("parameters", lang)}: <code>{html.escape(p)}</code> · '
            f"{hword('generated', lang)} {when} UTC{dv}</p>")


def show(fragment: str) -> None:
    """Display an HTML fragment in the notebook (and so in the rendered report)."""
    from IPython.display import HTML, display

    display(HTML(fragment))

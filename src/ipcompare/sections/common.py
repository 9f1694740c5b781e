"""What every report shares: its opening (style, title, parameters), values and names in the
report language, HTML tables, target rows with their quotes, and showing fragments and figures.

Decisions (what the module promises)
    Names come from :mod:`ipcompare.present.i18n` (plans, indicators) and the chart labels
    (categories, bases, measures, states); wording from ``data/report_words.yaml``
    (:func:`~ipcompare.present.wording.word`). A target's number is shown as the plan states
    it (:func:`stated_value`: comparator, range and unit, its value scaled exactly by
    :func:`ipcompare.extract.numerals.base_value`); a compared cell as its basis gives it
    (:func:`cell_value`), marked derived when converted. Table header cells are escaped, body
    cells are HTML already. Every string from data (names, labels, wording, templates) is
    text: escaped where it enters HTML (:func:`esc`, :func:`ipcompare.present.html.hword`). Figures are embedded as PNG at a modest resolution
    (:data:`FIGURE_DPI`) with their title as text alternative, so a report is one
    self-contained file; under each chart a link downloads, as CSV, the tidy table the chart
    was drawn from (:func:`figure_csv`), a data: URL, so that the report stays one file.
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import matplotlib
import pandas as pd
from matplotlib.figure import Figure

from ..extract.numerals import Numeral, base_value
from ..present import charts, i18n
from ..present import html as report
from ..present import narrative as nv
from ..present.wording import has_word, word
from ..versions import data_version
from .config import report_title
from .derivation import derivation
from .links import indicator_link

__all__ = ["FIGURE_DPI", "STYLE", "basis_heading", "category_label", "cell_html", "cell_value",
           "figure_alt", "figure_csv", "figure_html", "figure_png", "show", "stated_value", "status_label",
           "title_block"]

FIGURE_DPI = 80
"""Resolution of the report figures: modest, so that a report stays small enough to mail."""
STYLE = ("<style>.jp-RenderedHTMLCommon table.ipc-table td, .jp-RenderedHTMLCommon "
         "table.ipc-table th, table.ipc-table td, table.ipc-table th { text-align: left; }"
         " .ipc-na { color: #777; font-style: italic; }</style>")
"""Left-aligned text in the sections' tables (the notebook template right-aligns cells)."""


# ----------------------------------------------------------------------------- opening


def title_block(report_name: str, params: Mapping[str, Any], config: str | Path | None = None) -> str:
    """The report's h1 title and the line under it (parameters, time, data version)."""
    lang = params.get("lang", "en")
    return (STYLE + report.heading(report_title(report_name, params, config), 1, "title")
            + report.meta_line(dict(params), lang, data_version()))


# ----------------------------------------------------------------------------- values and names


def esc(x: Any) -> str:
    """A value as escaped HTML text (None and NaN: empty)."""
    return html.escape("" if x is None or (isinstance(x, float) and math.isnan(x)) else str(x))


def missing(x: Any) -> bool:
    """Whether a table cell holds no value (None, NA, NaN or '')."""
    return x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x)) or x == ""


def basis_heading(basis: str, lang: str) -> str:
    """A basis's name as a heading ('Per 10,000 residents', '每万人')."""
    text = charts.label("bases", basis, lang)
    return text[:1].upper() + text[1:]


def category_label(category: str, lang: str) -> str:
    """A category's name in ``lang``."""
    return charts.label("categories", category, lang)


def measure_label(measure: Any, lang: str) -> str:
    """What a target's number measures (its reading), in ``lang`` ('' when unknown)."""
    return "" if missing(measure) else charts.label("measures", measure, lang)


def join(items: Sequence[str], lang: str) -> str:
    """'A, B and C' / 'A、B和C'."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return word("sep", lang).join(items[:-1]) + word("and", lang) + items[-1]


def year(x: Any) -> str:
    """A year as text ('' when missing)."""
    return "" if missing(x) else str(int(x))


def _as_stated_unit(unit: str, measure: str) -> str:
    """The unit text of a target as stated, as compare_long words it."""
    return {"per_capita": f"{unit} per 10k residents", "per_year": f"{unit} per year",
            "annual_growth": "percent per year"}.get(measure, unit)


def stated_value(row: Mapping, lang: str) -> str:
    """A target's number as stated, with comparator and unit ('不少于4.5万件', 'at least 45,000')."""
    if row["unit"] == "ratio":
        return esc(row.get("number_text") or row["value"])
    mult = int(row["unit_mult"]) if not missing(row.get("unit_mult")) else 0
    value = base_value(Numeral(float(row["value"]), mult))
    high = row.get("value_high")
    high = None if missing(high) else base_value(Numeral(float(high), mult))
    phrase, _ = nv.quantity(value, _as_stated_unit(str(row["unit"]), str(row["measure"])), lang,
                            value_high=high, comparator=str(row["comparator"]))
    return esc(phrase)


def cell_value(row: Mapping, lang: str) -> str:
    """A compare_long cell's value on its basis ('about 40.6 per 10,000 residents')."""
    vh = row.get("value_high")
    derived = bool(row.get("derived")) and not missing(row.get("derived"))
    phrase, _ = nv.quantity(float(row["value"]), str(row["unit"]), lang,
                            value_high=None if missing(vh) else float(vh),
                            comparator=str(row.get("comparator") or "="), derived=derived)
    return esc(phrase)


def status_label(status: str, lang: str) -> str:
    """A row status in ``lang`` (supplementary rows say they are not from the plan text)."""
    key = f"status_{status}"
    return word(key, lang) if has_word(key) else status


# ----------------------------------------------------------------------------- HTML


def table(header: Sequence[str], rows: Sequence[Sequence[str] | str], cls: str = "ipc-table") -> str:
    """An HTML table; header cells are escaped (unless :class:`~ipcompare.present.html.Html`
    already: a link), body cells are HTML already; a row given as a plain string is a group
    heading across the table."""
    head = "".join(f"<th>{h if isinstance(h, report.Html) else html.escape(h)}</th>"
                   for h in header)
    body = "".join(
        f'<tr><th colspan="{len(header)}">{html.escape(r)}</th></tr>' if isinstance(r, str)
        else "<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return f'<table class="{cls}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def sup(text: str) -> str:
    """HTML marked as supplementary (from a reference source, not the plan text)."""
    return f'<span class="ipc-supplementary">{text}</span>'


def para(text: str) -> str:
    """A paragraph of HTML."""
    return f"<p>{text}</p>"


def note(text: str) -> str:
    """A note (small print) of HTML."""
    return f'<p class="ipc-meta">{text}</p>'


def target_rows(rows: pd.DataFrame, lang: str, sources: report.Sources,
                with_indicator: bool = True) -> list[list[str]]:
    """Target rows as table cells: subject, value (cited), measure, year, [indicator], status
    (restatements and contradictions cited), quote."""
    out = []
    for r in rows.to_dict("records"):
        status = esc(status_label(r["status"], lang))
        if r["status"] == "restated" and not missing(r.get("restates")):
            status += f" ({esc(word('restates', lang))}{sources.cite(r['restates'])})"
        if r["status"] == "supplementary":
            status = sup(status)
        if r.get("conflict") is True and not missing(r.get("conflict_with")):
            status += f"; {esc(word('conflict', lang))}{sources.cite(r['conflict_with'])}"
        ind = "" if missing(r.get("indicator")) else indicator_link(r["indicator"], lang)
        cells = [subject_html(r, lang), stated_value(r, lang) + sources.cite(r["target_id"]),
                 esc(measure_label(r["measure"], lang)), year(r.get("target_year"))]
        if with_indicator:
            cells.append(ind)
        quote = f"<q>{esc(r['quote'])}</q>"
        cells += [status, sup(quote) if r["status"] == "supplementary" else quote]
        out.append(cells)
    return out


def subject_html(row: Mapping, lang: str) -> str:
    """What a target counts, as the plan words it; in English with a gloss under it, marked as
    one: the name of the indicator it counts (the taxonomy's), else its policy area."""
    subject = esc(row["subject"])
    if lang != "en":
        return subject
    if not missing(row.get("indicator")):
        gloss = word("gloss_indicator", lang, name=i18n.indicator_label(row["indicator"], lang))
    else:
        gloss = word("gloss_area", lang, area=category_label(str(row.get("category") or "other"), lang))
    return f'{subject}<br><small class="ipc-gloss">{esc(gloss)}</small>'


def target_header(lang: str, with_indicator: bool = True) -> list[str]:
    """The header of :func:`target_rows`."""
    keys = ["col_subject", "col_target", "col_measure", "col_year"]
    keys += ["col_indicator"] if with_indicator else []
    return [word(k, lang) for k in keys + ["col_status", "col_quote"]]


def cell_html(row: Mapping, lang: str, sources: report.Sources) -> str:
    """A compare_long cell: value (or stated value and 'not convertible') with its footnote."""
    state = row["state"]
    if state in ("not_stated", "not_in_corpus"):
        return f'<span class="ipc-na">{esc(charts.label("states", state, lang))}</span>'
    ids = str(row.get("target_ids") or "")
    mark = f" {sup('(' + esc(word('supplementary_mark', lang)) + ')')}" if row.get("supplementary") else ""
    title = f' title="{esc(derivation(row, lang))}"'
    if state == "not_convertible":
        stated, _ = nv.quantity(float(row["stated_value"]), str(row["stated_unit"]), lang,
                                value_high=None if missing(row.get("stated_value_high"))
                                else float(row["stated_value_high"]),
                                comparator=str(row.get("comparator") or "="))
        return (f'<span{title}>{esc(stated)}{sources.cite(ids)} '
                f'<span class="ipc-na">({esc(word("not_convertible_mark", lang))})</span></span>{mark}'
                f"{cell_notes(row, lang, sources)}")
    return f"<span{title}>{cell_value(row, lang)}{sources.cite(ids)}</span>{mark}{cell_notes(row, lang, sources)}"


def cell_notes(row: Mapping, lang: str, sources: report.Sources) -> str:
    """What a reader must know to cite a cell: its target year, and a restatement that disagrees."""
    notes = []
    if not missing(row.get("target_year")):
        notes.append(esc(word("cell_year", lang, year=int(row["target_year"]))))
    others = [i for i in str(row.get("conflict_with") or "").split("|") if i]
    if not missing(row.get("conflict")) and bool(row.get("conflict")) and others:
        notes.append(esc(word("cell_conflict", lang)) + sources.cite("|".join(others)))
    if not notes:
        return ""
    joined = report.Html(esc(word("cell_notes_sep", lang)).join(notes))
    return f' <span class="ipc-meta">{report.hword("cell_notes", lang, notes=joined)}</span>'


# ----------------------------------------------------------------------------- showing


def figure_png(fig: Figure, dpi: int = FIGURE_DPI) -> bytes:
    """A figure as PNG bytes at ``dpi`` (tight bounding box)."""
    buf = io.BytesIO()
    with matplotlib.rc_context({"text.parse_math": False}):  # any text drawn now is literal too
        fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight", facecolor="white")
    return buf.getvalue()


def figure_alt(fig: Figure) -> str:
    """A figure's text alternative: its title, else the titles of its axes."""
    titles = [t for t in [fig.get_suptitle()] if t.strip()] or [
        ax.get_title() for ax in fig.axes if ax.get_title()]
    return " · ".join(" ".join(t.split()) for t in titles) or "chart"


def figure_csv(fig: Figure) -> bytes | None:
    """The tidy table a chart was drawn from as CSV (UTF-8 with a byte-order mark, so that a
    spreadsheet reads the Chinese), or None when the figure carries none."""
    data = charts.figure_data(fig)
    return None if data is None else data.to_csv(index=False).encode("utf-8-sig")


def figure_html(fig: Figure, dpi: int = FIGURE_DPI) -> str:
    """A figure as an embedded PNG image with its text alternative, and under it a link to
    download the data it was drawn from (a data: URL, so the report stays one file)."""
    data = base64.b64encode(figure_png(fig, dpi)).decode("ascii")
    img = (f'<img class="ipc-figure" alt="{html.escape(figure_alt(fig))}" '
           f'src="data:image/png;base64,{data}">')
    csv = figure_csv(fig)
    if csv is None:
        return img
    lang = charts.figure_data(fig).attrs.get("lang", "en")
    name = f"ipcompare-chart-{hashlib.sha1(csv).hexdigest()[:10]}.csv"
    href = "data:text/csv;charset=utf-8;base64," + base64.b64encode(csv).decode("ascii")
    link = (f'<a class="ipc-chart-data" download="{name}" href="{href}">'
            f'{esc(word("chart_data_link", lang))}</a>')
    return (f'<figure class="ipc-chart">{img}'
            f'<figcaption class="ipc-meta">{link}</figcaption></figure>')


def show(*parts: str | Figure | Sequence[str | Figure] | None) -> None:
    """Display HTML fragments and figures in order (figures as embedded PNG with a text
    alternative; None skipped)."""
    for part in parts:
        if part is None:
            continue
        if isinstance(part, (list, tuple)):
            show(*part)
        elif isinstance(part, Figure):
            report.show(figure_html(part))
        else:
            report.show(part)

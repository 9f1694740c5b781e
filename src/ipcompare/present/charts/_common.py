"""What every chart shares: labels, plan names and colours, style, fonts, wrapping, numbers.

Decisions (what the module promises)
    All chart text is data: :func:`label` looks up ``data/chart_labels.yaml`` (validated by
    :func:`parse_labels`: a string in each of LANGS, the same fields in each). Plan names come
    from :func:`ipcompare.present.i18n.plan_name` and indicator names from
    :func:`ipcompare.present.i18n.indicator_label`, unless the table at hand carries
    ``indicator_en``/``indicator_zh``. A plan keeps its colour across charts (registry order,
    Okabe–Ito palette). Fonts and STYLE apply only inside :func:`_context` (an
    ``rc_context``), so global rcParams are never changed, and every figure is drawn once
    inside it (:func:`_finish`) so each tick label gets its font. Text from data is drawn as
    written: STYLE turns matplotlib's mathtext off (``text.parse_math``), so a ``$`` pair,
    ``_``, ``^`` or ``\\`` in a plan name, indicator name or label is never markup; a figure
    that cannot be drawn raises :class:`ChartError` whose message is one line that says why.
    Each chart carries the tidy table it was drawn from (:func:`attach_data`, read back
    with :func:`figure_data`), so a report can offer it for download beside the image.
    Numbers are written as
    people write them (:func:`_fmt`); money is shown in 10,000 or 100 million yuan
    (:func:`_scale`).
"""

from __future__ import annotations

import copy
import math
import re
import textwrap
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import matplotlib
import numpy as np
import pandas as pd
import yaml
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from ...caching import data_cache
from ...corpus.registry import jurisdiction_ids
from ...paths import data_path
from ...vocab.constants import LANGS, check_lang
from .. import fonts
from ..i18n import indicator_label, plan_name

__all__ = [
    "DATA_ATTRIBUTE", "attach_data", "figure_data",
    "ChartError", "LANGS", "PALETTE", "STYLE", "chart_labels", "check_lang", "label", "parse_labels",
    "plan_color", "plan_name", "unit_text", "value_axis_label",
]

# Okabe–Ito, colour-blind safe; a plan keeps its colour across charts (registry order).
PALETTE = (
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000",
)

STYLE: dict[str, Any] = {
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 11,
    "axes.labelsize": 9.5,
    "xtick.labelsize": 9,
    "ytick.labelsize": 9,
    "legend.fontsize": 8.5,
    "legend.frameon": False,
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "savefig.bbox": "tight",
    "hatch.linewidth": 0.8,
    "text.parse_math": False,  # names from data are text, never mathtext
    "text.usetex": False,
}
"""rcParams (never fonts) applied, with the fonts, inside each chart function only."""

_CJK_RE = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


# ----------------------------------------------------------------------------- labels


@data_cache
def _labels() -> dict[str, dict[str, dict[str, str]]]:
    path = data_path("chart_labels.yaml")
    with open(path, encoding="utf-8") as fh:
        raw = yaml.safe_load(fh)
    return parse_labels(raw, str(path))


def parse_labels(raw: Any, source: str = "chart_labels.yaml") -> dict[str, dict[str, dict[str, str]]]:
    """Validate the chart-label mapping: every entry needs a string in each of LANGS."""
    if not isinstance(raw, dict):
        raise ValueError(f"{source}: top level must be a mapping")
    out: dict[str, dict[str, dict[str, str]]] = {}
    for section, entries in raw.items():
        if section == "version":
            continue
        if not isinstance(entries, dict) or not entries:
            raise ValueError(f"{source}: section {section!r} must be a non-empty mapping")
        for key, entry in entries.items():
            if not isinstance(entry, dict):
                raise ValueError(f"{source}: {section}.{key} must map languages to strings")
            missing = [lang for lang in LANGS if not isinstance(entry.get(lang), str)]
            if missing:
                raise ValueError(f"{source}: {section}.{key} has no string for {missing}")
            fields = {lang: set(re.findall(r"{(\w*)}", entry[lang])) for lang in LANGS}
            if len({frozenset(f) for f in fields.values()}) > 1:
                raise ValueError(f"{source}: {section}.{key} has different fields per language: {fields}")
        out[str(section)] = {str(k): dict(v) for k, v in entries.items()}
    return out


def chart_labels() -> dict[str, dict[str, dict[str, str]]]:
    """Return a copy of data/chart_labels.yaml: section → key → {"en": …, "zh": …}."""
    return copy.deepcopy(_labels())


def label(section: str, key: Any, lang: str, **fields: Any) -> str:
    """Return the text of ``section.key`` in ``lang`` (unknown keys: the key, spaced)."""
    check_lang(lang)
    entry = _labels().get(section, {}).get(str(key))
    text = entry[lang] if entry else str(key).replace("_", " ")
    return text.format(**fields) if fields else text


# ----------------------------------------------------------------------------- plans


def _plan_order(ids: Sequence[Any]) -> list[str]:
    """Distinct ids: registered ones in registry order, then the others as they come."""
    registered = jurisdiction_ids()
    seen = list(dict.fromkeys(str(i) for i in ids))
    return [j for j in registered if j in seen] + [j for j in seen if j not in registered]


def plan_color(jurisdiction: str) -> str:
    """Return the colour of a plan (stable across charts: registry order, else by hash)."""
    registered = jurisdiction_ids()
    jid = str(jurisdiction)
    if jid in registered:
        return PALETTE[registered.index(jid) % len(PALETTE)]
    return PALETTE[(len(registered) + sum(map(ord, jid))) % len(PALETTE)]


# ----------------------------------------------------------------------------- helpers


def _require(df: Any, columns: Sequence[str], what: str) -> pd.DataFrame:
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"{what} must be a pandas DataFrame, got {type(df).__name__}")
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"{what} is missing required column(s) {missing}; has {list(df.columns)}")
    return df


def _check_counts(matrix: Any, what: str) -> pd.DataFrame:
    """Return a plans × columns count matrix as floats, or raise ValueError."""
    if not isinstance(matrix, pd.DataFrame):
        raise TypeError(f"{what} must be a pandas DataFrame, got {type(matrix).__name__}")
    if matrix.shape[0] == 0 or matrix.shape[1] == 0:
        raise ValueError(f"{what} is empty (shape {matrix.shape})")
    bad = [str(c) for c, t in matrix.dtypes.items()
           if not pd.api.types.is_numeric_dtype(t) or pd.api.types.is_bool_dtype(t)]
    if bad:
        raise ValueError(f"{what}: columns must be numeric counts; not numeric: {bad}")
    values = matrix.astype(float)
    arr = values.to_numpy()
    if np.isnan(arr).any() or (arr < 0).any() or not np.isfinite(arr).all():
        raise ValueError(f"{what} must hold finite, non-negative counts")
    return values


@contextmanager
def _context(lang: str) -> Iterator[None]:
    """Fonts for ``lang`` plus STYLE, in an rc_context (global rcParams untouched)."""
    check_lang(lang)
    with fonts.use_cjk(lang), matplotlib.rc_context(STYLE):
        yield


class ChartError(ValueError):
    """A figure could not be drawn; the message is one line naming the figure and the cause."""


def _finish(fig: Figure) -> Figure:
    """Lay out and draw once inside the font context, so every tick label gets its font.

    A failure to draw raises :class:`ChartError`: one line, the figure's title and the last
    non-empty line of the cause (matplotlib's parse errors start with an empty line)."""
    try:
        fig.draw_without_rendering()
    except Exception as exc:
        raise ChartError(_failure_line(fig, exc)) from exc
    return fig


def _failure_line(fig: Figure, exc: BaseException) -> str:
    """'the chart 'Title' could not be drawn: ParseFatalException: Unknown symbol …'."""
    try:
        title = fig.get_suptitle() or next((ax.get_title() for ax in fig.axes if ax.get_title()), "")
    except Exception:  # noqa: BLE001 - the title only names the figure
        title = ""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    cause = f"{type(exc).__name__}: {lines[-1]}" if lines else type(exc).__name__
    name = f" {' '.join(title.split())!r}" if title else ""
    return f"the chart{name} could not be drawn: {cause}"


DATA_ATTRIBUTE = "ipc_data"
"""The attribute of a Figure holding the tidy table it was drawn from."""


def attach_data(fig: Figure, data: pd.DataFrame, lang: str = "en") -> Figure:
    """Attach to ``fig`` the tidy table it was drawn from (a copy, index dropped, the chart's
    language in ``attrs["lang"]``); return ``fig``."""
    table = data.reset_index(drop=True).copy()
    table.attrs["lang"] = check_lang(lang)
    setattr(fig, DATA_ATTRIBUTE, table)
    return fig


def figure_data(fig: Figure) -> pd.DataFrame | None:
    """The tidy table a chart was drawn from (None: the figure carries none)."""
    data = getattr(fig, DATA_ATTRIBUTE, None)
    return data if isinstance(data, pd.DataFrame) else None


def _years_text(years: Any, lang: str) -> str:
    """Target years as a title part: 'target year 2020', 'target years 2019–2021' ('' if none)."""
    ys = sorted({int(y) for y in pd.to_numeric(pd.Series(list(years), dtype=object),
                                               errors="coerce").dropna()})
    if not ys:
        return ""
    if len(ys) == 1:
        return label("text", "target_year", lang, years=ys[0])
    run = ys == list(range(ys[0], ys[-1] + 1))
    text = f"{ys[0]}–{ys[-1]}" if run else ("、" if lang == "zh" else ", ").join(map(str, ys))
    return label("text", "target_years", lang, years=text)


def _message_figure(text: str, title: str | None = None) -> Figure:
    fig = Figure(figsize=(6, 2.2), layout="constrained")
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.text(0.5, 0.5, text, ha="center", va="center", fontsize=11, color="0.35",
            transform=ax.transAxes)
    if title:
        ax.set_title(title)
    return _finish(fig)


def _width(text: str) -> int:
    """Display width in Latin characters (a Chinese character counts as two)."""
    return sum(2 if _CJK_RE.match(ch) else 1 for ch in text)


def _wrap(text: str, width: int) -> str:
    """Wrap Latin text at spaces and Chinese text every ``width // 2`` characters."""
    if _CJK_RE.search(text) and " " not in text.strip():
        step = max(width // 2, 1)
        return "\n".join(text[i:i + step] for i in range(0, len(text), step))
    return "\n".join(textwrap.wrap(text, width)) or text


def _fmt(value: float) -> str:
    """A number as people write it: 45,000 · 30 · 1.5 · 0.25."""
    if not math.isfinite(value):
        return ""
    if float(value).is_integer() or abs(value) >= 1000:
        return f"{round(value):,}"
    if abs(value) >= 1:
        digits = 2 if abs(value) < 10 else 1
    else:  # three significant digits
        digits = 2 - math.floor(math.log10(abs(value)))
    return f"{value:,.{digits}f}".rstrip("0").rstrip(".")


_TICK_FORMAT = FuncFormatter(lambda v, _pos: _fmt(v))


def _truthy(series: pd.Series) -> pd.Series:
    return series.map(lambda v: v is True or (not isinstance(v, str) and v == 1)
                      or str(v).strip().lower() in {"true", "yes"}).astype(bool)


def _present(value: Any) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value)) and not (
        value is pd.NA or value is pd.NaT) and str(value).strip() != ""


def _base_values(df: pd.DataFrame) -> pd.Series:
    """Values in base units: ``base_value`` if given, else ``value * 10**unit_mult`` or ``value``."""
    value = pd.to_numeric(df["value"], errors="coerce")
    if "base_value" in df.columns:
        base = pd.to_numeric(df["base_value"], errors="coerce")
        return base.where(base.notna(), value)
    if "unit_mult" in df.columns:
        mult = pd.to_numeric(df["unit_mult"], errors="coerce").fillna(0)
        return value * np.power(10.0, mult)
    return value


def _split_unit(unit: Any) -> tuple[str, str]:
    """A unit text as (code, ending): "CNY per year" → ("CNY", "per year")."""
    if not _present(unit):
        return "", ""
    code, _, ending = str(unit).strip().partition(" ")
    return code, ending.strip()


def _scale(unit: Any, values: Sequence[float]) -> tuple[float, Any]:
    """Divisor and unit text for display: money in 10,000 or 100 million yuan."""
    code, ending = _split_unit(unit)
    finite = [abs(v) for v in values if v is not None and math.isfinite(v)]
    top = max(finite, default=0.0)
    if code == "CNY" and top >= 1e4:
        divisor, code = (1e8, "CNY_1e8") if top >= 1e8 else (1e4, "CNY_1e4")
        return divisor, f"{code} {ending}".strip()
    return 1.0, unit


def unit_text(unit: Any, lang: str, measure: Any = None) -> str:
    """Axis text of a unit in ``lang``, from a unit code or a comparison table's unit text.

    A code: "items" (with ``measure`` "per_capita": "items per 10,000 residents"); a unit text:
    "items per 10k residents".
    """
    check_lang(lang)
    code, ending = _split_unit(unit)
    units = _labels()["units"]
    if not code:
        return ""
    if code not in units:
        return str(unit)
    u = label("units", code, lang)
    if not ending:
        if _present(measure) and str(measure) in _labels()["measure_units"]:
            return label("measure_units", measure, lang, unit=u).strip()
        return u
    if ending not in _labels()["unit_suffixes"]:
        return f"{u} {ending}"
    tail = label("unit_suffixes", ending, lang)
    return f"{u} {tail}" if lang == "en" else f"{u}{tail}"


def value_axis_label(unit: Any, basis: Any, lang: str, measure: Any = None) -> str:
    """A value axis label: the unit (see ``unit_text``) and the comparison basis."""
    u = unit_text(unit, lang, measure)
    if _present(basis):
        return label("text", "value_axis", lang, unit=u, basis=label("bases", basis, lang)).strip()
    return label("text", "value_axis_no_basis", lang, unit=u)


def _indicator_name(indicator: str, lang: str, table: pd.DataFrame | None = None) -> str:
    """Indicator name in ``lang``: the table's ``indicator_<lang>``, else the taxonomy's, else the id.

    The taxonomy's English name keeps its gloss here (a title has room); callers that need a
    short name pass the result through :func:`~ipcompare.present.i18n.strip_gloss`.
    """
    col = f"indicator_{lang}"
    if table is not None and col in table.columns:
        names = table.loc[table["indicator"] == indicator, col].dropna()
        names = names[names.astype(str).str.strip() != ""]
        if len(names):
            return str(names.iloc[0])
    try:
        return indicator_label(indicator, lang, gloss=True)
    except Exception:  # unknown id (or no taxonomy): show the id
        return str(indicator)

"""Numbers as a sentence shows them, and where each comes from.

Decisions (what the module promises)
    A :class:`Number` carries the text it is shown as, its value, the target ids (and measure
    ids) it comes from, the quote and the derivation, so a report can footnote every figure.
    :func:`format_number` writes numbers the way the plans do:

    - en: thousands separators (45,000); "million"/"billion" from 1,000,000 (200 million yuan);
    - zh: 万 from 10,000 and 亿 from 100,000,000, the way the plans write them (4.5万, 2亿);
    - a number as stated keeps all its digits (万/亿/million only when they stay exact to two
      decimals: 12345 stays 12345, 45000 is 4.5万); a derived number is rounded to three
      significant digits (whole numbers from 1,000 up) and preceded by "about" / "约".

    A ratio is shown as the plan writes it ("1∶2", passed in as ``ratio``), never as its second
    term alone.

    :func:`quantity` puts a number in its unit phrase ("至少45,000", "每万人约40.6件"), the
    wording coming from ``data/narrative_templates.yaml``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..vocab.constants import check_lang
from .templates import load_templates, template

__all__ = ["Number", "format_number", "quantity"]


@dataclass(frozen=True)
class Number:
    """A number as shown in a sentence, with where it comes from."""

    text: str
    value: float
    target_ids: tuple[str, ...] = ()
    quote: str = ""
    method: str = ""
    action_ids: tuple[str, ...] = ()
    value_high: float | None = None


def _sig3(x: float) -> float:
    if x == 0 or not math.isfinite(x):
        return x
    if abs(x) >= 1000:
        return float(round(x))
    return round(x, 2 - int(math.floor(math.log10(abs(x)))))


def _digits(x: float, commas: bool) -> str:
    text = f"{x:,.10f}" if commas else f"{x:.10f}"
    return text.rstrip("0").rstrip(".")


def _exact2(q: float) -> bool:
    return abs(q * 100 - round(q * 100)) < 1e-6


def format_number(x: float, lang: str = "en", *, derived: bool = False) -> str:
    """Format a number for a sentence (the rules are in the module docstring)."""
    check_lang(lang)
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "NA"
    x = float(x)
    scales = ((1e8, "亿"), (1e4, "万")) if lang == "zh" else ((1e9, " billion"), (1e6, " million"))
    for mag, word in scales:
        q = x / mag
        if abs(q) >= 1 and (derived or _exact2(q)):
            return _digits(_sig3(q) if derived else q, commas=lang == "en") + word
    return _digits(_sig3(x) if derived else x, commas=lang == "en")


def _range_text(low: float, high: float | None, lang: str, derived: bool) -> str:
    text = format_number(low, lang, derived=derived)
    if high is not None and not math.isnan(high) and high != low:
        text += template("range", lang) + format_number(high, lang, derived=derived)
    return text


def _template_of(unit_label: str) -> tuple[str, str]:
    """(quantity template, unit code) for a compare_long unit text like 'items per 10k residents'."""
    label = str(unit_label)
    code = label.split(" ")[0]
    if label == "percent per year":
        return "growth", code
    if label == "percent over the plan years":
        return "growth_total", code
    if label.endswith(" per year per 10k residents"):
        return "per_year_per_10k", code
    if label.endswith(" per 10k residents"):
        return "per_10k", code
    if label.endswith(" per year"):
        return "per_year", code
    if code in ("percent", "percentage_points") and label == code:
        return ("percent" if code == "percent" else "plain"), code
    if code == "ratio":
        return "ratio", code
    return "plain", code


def quantity(
    value: float,
    unit_label: str,
    lang: str = "en",
    *,
    value_high: float | None = None,
    comparator: str = "=",
    derived: bool = False,
    ratio: str = "",
) -> tuple[str, str]:
    """Return (phrase, number text): '至少45,000', '每万人约40.6件', 'about 72.8% over the plan years'."""
    check_lang(lang)
    kind, code = _template_of(unit_label)
    if kind == "ratio" and ratio:
        number = ratio  # as the plan writes it: 1∶2
    elif kind == "ratio":
        number = format_number(value, lang)
        if value_high is not None and not math.isnan(value_high):
            number += ":" + format_number(value_high, lang)
    else:
        number = _range_text(value, value_high, lang, derived)
    prefix = template("about", lang) if derived else (
        template(f"comparators.{comparator}", lang) if comparator in load_templates()["comparators"] else ""
    )
    units = load_templates()["units"]
    unit = units[code][lang] if code in units else code
    if lang == "en" and unit:
        unit = " " + unit
    phrase = template(f"quantities.{kind}", lang).format(number=prefix + number, unit=unit)
    return phrase, number

"""When one target is above another: the order of floors, ceilings, ranges and points.

Decisions (what the module promises)
    A cell is an interval of the values its target allows: a point (``=``, ``≈``), a range
    (``3–5``), a floor open above (``≥``, 以上, 不少于) or a ceiling open below (``≤``). One cell is
    *above* another only when both its ends are: its lower end above the other's lower end and
    its upper end above the other's upper end, two open ends counting as above each other.
    So ≥40 is above ≥25 (the commitment is higher), 6 is not above ≥5 (the floor may pass 6),
    and 3–5 is not above or below 4. Rankings (rank sentences, a profile's standing) use this
    order only, so no sentence ranks what the plans do not order.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd

__all__ = ["above", "interval"]


def interval(cell: Mapping) -> tuple[float, float]:
    """The values a cell allows, as (low, high); open ends are ±infinity."""
    lo = float(cell["value"])
    high = cell.get("value_high")
    hi = lo if high is None or pd.isna(high) else float(high)
    comparator = cell.get("comparator") or "="
    if comparator == ">=":
        return lo, math.inf
    if comparator == "<=":
        return -math.inf, hi
    return lo, hi


def _gt(a: float, b: float) -> bool:
    return a > b or (a == b and math.isinf(a))


def above(a: tuple[float, float], b: tuple[float, float]) -> bool:
    """Whether interval ``a`` is above interval ``b`` at both ends."""
    return _gt(a[0], b[0]) and _gt(a[1], b[1])

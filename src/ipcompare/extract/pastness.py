"""Past or to come, for one number: an aside dated before the plan, a change on last year.

Decisions (what the module promises)
    A number in a parenthesis opened before it in the same clause and carrying a past cue or a
    year before the reference year (达到2.6万件（2023年底为1.92万件）) is the past. A change on
    last year (同比增长20%, ``subjects.year_on_year`` in ``data/cues.yaml``) reports an
    achievement in a review, but is a relative target in a line that has already stated targets
    (今年的主要目标是：…；发明专利授权量同比增长20%); the reader decides which line it is in.
    A count of places followed by 各 (8个县（区）各建成…) counts places that exist, not a target.
    Each looks only a few characters around the number, so the cost stays linear.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..caching import data_cache
from ..vocab.lexicon import Lexicon, cues
from . import segment as seg
from .mentions import Mention
from .years import YEAR_BARE, year_future


@data_cache
def places_then_each() -> re.Pattern[str]:
    """The places a count counts, then 各 (8个县（区）各建成1个…): the count is of existing places."""
    c = cues()
    places = f"{c.alt('agency_levels.place_suffixes')}|{c.alt('scope.place_suffixes')}"
    return re.compile(
        rf"[^\s，。；、：,;:]{{0,4}}?(?:{places})(?:[（(][^（()）]{{0,6}}[)）])?\s*各"
    )


@data_cache
def year_on_year() -> re.Pattern[str]:
    """A change on last year closing the words before a number (同比增长, 比上年提高)."""
    c = cues()
    return re.compile(
        rf"(?:{c.alt('subjects.year_on_year')})\s*(?:{c.alt('subjects.change_verbs')})\s*$"
    )


def in_past_parenthesis(
    text: str,
    m: Mention,
    cl: seg.Span,
    lex: Lexicon,
    ref: int | None,
    year_of: Callable[[str], int | None],
) -> bool:
    """A number in an aside dated before the plan: 达到2.6万件（2023年底为1.92万件）."""
    opened = max(text.rfind("（", cl.start, m.start), text.rfind("(", cl.start, m.start))
    if opened < 0 or max(text.rfind("）", opened, m.start), text.rfind(")", opened, m.start)) >= 0:
        return False
    aside = text[opened + 1 : m.start]
    if lex.past_cue_re.search(aside):
        return True
    for ym in YEAR_BARE.finditer(aside):
        year = year_of(ym.group(1))
        if (
            year is not None
            and ref is not None
            and year < ref
            and not year_future().search(aside[: ym.end()])
        ):
            return True
    return False

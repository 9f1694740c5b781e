"""Web-page copies read as text: page furniture, pinyin and hard line breaks, offsets kept.

Decisions (what the module promises)
    :func:`reading_text` returns a text of the same length as its input, so every offset found
    on it is an offset into the original (quotes and subjects are taken from the original). What
    it changes is only read as blank:

    * a line of page furniture (navigation and breadcrumbs, pagination, page-jump markers,
      print/close buttons, bylines with their counters, copyright and registration footers:
      ``data/cues.yaml`` ``page``) becomes spaces, and so does the second copy of a headline
      repeated on the next line near the top of a page;
    * pinyin in brackets after a character (產(chǎn)權, or 产(chan)权 between two characters)
      becomes spaces, so the word reads whole;
    * a hard line break inside a sentence (a long prose line cut between two characters, the
      next line going on without a heading mark) becomes a space, so the line reads whole.

    Digits split by spaces (``3 5 0 0件``) are read as one number by
    :mod:`ipcompare.extract.numerals`. Each rule looks at one line and its neighbour, so the cost
    is linear in the text's length.
"""

from __future__ import annotations

import re

from ..caching import data_cache
from ..vocab.lexicon import cues
from .dating import is_byline
from .segment import heading_level

_HEADLINE_ZONE = 12  # lines from the top where a repeated headline is looked for
_WRAP_MIN = 30  # a hard-wrapped prose line is at least this long
_TONES = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_HAN = re.compile(r"[\u4e00-\u9fff]")
_BUTTONS = re.compile(r"^(?:[【\[][^】\]]{1,10}[】\]]\s*)+$")  # 【我要纠错】【打印】 [关闭]
_BARS = re.compile(r"[|｜]")


@data_cache
def _furniture() -> tuple[re.Pattern[str], re.Pattern[str]]:
    c = cues()
    return (
        re.compile(rf"^(?:{c.alt('page.furniture_starts')})"),
        re.compile(c.alt("page.furniture_inside")),
    )


@data_cache
def _pinyin() -> re.Pattern[str]:
    letters = cues().alt("page.pinyin_letters")
    return re.compile(
        rf"(?<=[\u4e00-\u9fff])[（(](?:[{letters}]*[{_TONES}][{letters}]*|(?=[a-z]{{1,6}}[)）][\u4e00-\u9fff])[b-df-hj-np-tv-z]*[aeiouü][a-z]*)[)）]"
    )


def is_furniture(line: str) -> bool:
    """Is a stripped line page furniture (navigation, pagination, byline, footer)?"""
    starts, inside = _furniture()
    if starts.match(line) or _BUTTONS.match(line):
        return True
    if len(_BARS.findall(line)) >= 3 and not re.search(r"\d", line):
        return True  # 首页 | 机构概况 | 政务公开 | 互动交流: a navigation bar (a table row has figures)
    short = len(line) <= 100 and "。" not in line
    return short and (bool(inside.search(line)) or is_byline(line))


def reading_text(text: str) -> str:
    """``text`` as the reader reads it: furniture lines, repeated headlines and pinyin blanked,
    hard line breaks inside sentences read as spaces; same length, so offsets are unchanged."""
    chars = list(text)
    pos = 0
    previous = ""  # the previous non-empty line, stripped
    prev_end = -1  # where its line break is
    for i, raw in enumerate(text.split("\n")):
        end = pos + len(raw)
        line = raw.strip()
        if line:
            blank = is_furniture(line) or (
                i < _HEADLINE_ZONE and line == previous and len(line) >= 8
            )
            if blank:
                chars[pos:end] = " " * len(raw)
            elif prev_end >= 0 and _hard_wrap(previous, line, prev_end == pos - 1):
                chars[prev_end] = " "
            if not blank:
                previous, prev_end = line, end
        else:
            previous, prev_end = "", -1
        pos = end + 1
    out = "".join(chars)
    return _pinyin().sub(lambda m: " " * len(m.group(0)), out)


def _hard_wrap(before: str, after: str, adjacent: bool) -> bool:
    """Is the break between two prose lines a hard wrap inside a sentence?"""
    return (
        adjacent
        and len(before) >= _WRAP_MIN
        and "，" in before
        and bool(_HAN.fullmatch(before[-1]))
        and bool(_HAN.match(after))
        and heading_level(after) == 0
        and bool(re.search(r"[，。；]", after))
    )

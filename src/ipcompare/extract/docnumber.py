"""A plan's own document number (文号) read from its text, by rule.

Decisions (what the module promises)
    A document number is an issuer's abbreviation, a year in brackets (〔2017〕, also [], ［］, 【】)
    and a serial number ending with a tail word of ``data/cues.yaml`` (``dates.doc_number_tails``):
    青政字〔2017〕58号. The plan's own number stands in the head of the text (the page's header
    lines, the title, the issuing notice: :data:`HEAD_LINES`), on its own or after a label; a
    number in parentheses right after a cited title (…的通知》(国发〔2015〕71号)) is another
    document's and is skipped. The registry (``doc_number``) is where a plan's number is stated;
    this rule only reads it from the text so a test can check the two agree. Pure functions.
"""

from __future__ import annotations

import re

from ..vocab.lexicon import cues

__all__ = ["HEAD_LINES", "doc_number_pattern", "find_doc_number", "is_doc_number"]

HEAD_LINES = 15
"""How many non-empty lines from the top of a text count as its head (header, title, notice)."""

_OPEN = "〔[［【"
_CLOSE = "〕]］】"
_PARENS = "(（"
_CITED_TITLE_END = "》"  # 《…》(国发〔2015〕71号): the number of a cited document


def doc_number_pattern() -> re.Pattern[str]:
    """The pattern of a document number (issuer abbreviation, bracketed year, serial, tail)."""
    tails = cues().alt("dates.doc_number_tails")
    return re.compile(rf"[\u4e00-\u9fff]{{1,12}}[{re.escape(_OPEN)}](?:19|20)\d\d"
                      rf"[{re.escape(_CLOSE)}]\s*\d{{1,5}}\s*(?:{tails})")


def is_doc_number(text: str) -> bool:
    """True when ``text`` is exactly one document number (青政字〔2017〕58号)."""
    return doc_number_pattern().fullmatch(text.strip()) is not None


def find_doc_number(text: str) -> str | None:
    """The plan's own document number from the head of its text (None when it states none)."""
    lines = [line for line in text.splitlines() if line.strip()][:HEAD_LINES]
    pattern = doc_number_pattern()
    for line in lines:
        for m in pattern.finditer(line):
            before = line[: m.start()].rstrip()
            if (before.endswith(tuple(_PARENS))
                    and before[:-1].rstrip().endswith(_CITED_TITLE_END)):
                continue
            return m.group(0)
    return None

"""Traditional → simplified Chinese, one character for one, from OpenCC's character dictionary."""

from __future__ import annotations

from functools import cache


@cache
def opencc_characters() -> dict[str, str]:
    """OpenCC's traditional → simplified character pairs (TSCharacters), single characters only,
    each with its first reading."""
    from importlib.resources import files

    text = files("opencc").joinpath("dictionary", "TSCharacters.txt").read_text(encoding="utf-8")
    pairs = {}
    for line in text.splitlines():
        trad, _, simp = line.partition("\t")
        first = simp.split(" ")[0] if simp else ""
        if len(trad) == 1 and len(first) == 1 and first != trad:
            pairs[trad] = first
    return pairs


@cache
def opencc_table() -> dict[int, str]:
    """The same pairs as a ``str.translate`` table."""
    return {ord(t): s for t, s in opencc_characters().items()}

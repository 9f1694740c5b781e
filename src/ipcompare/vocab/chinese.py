"""Traditional → simplified Chinese, one character for one, from OpenCC's character dictionary."""

from __future__ import annotations

from functools import cache


@cache
def opencc_table() -> dict[int, str]:
    """OpenCC's traditional → simplified character pairs (TSCharacters) as a ``str.translate``
    table: single characters only, each with its first reading."""
    from importlib.resources import files

    text = files("opencc").joinpath("dictionary", "TSCharacters.txt").read_text(encoding="utf-8")
    table: dict[int, str] = {}
    for line in text.splitlines():
        trad, _, simp = line.partition("\t")
        first = simp.split(" ")[0] if simp else ""
        if len(trad) == 1 and len(first) == 1 and first != trad:
            table[ord(trad)] = first
    return table

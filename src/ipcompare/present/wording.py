"""The fixed wording of the reports, read from ``data/report_words.yaml``.

Decisions (what the module promises)
    Report wording is data: every heading, column header, label and sentence the report frame
    (:mod:`ipcompare.present.html`) and the sections (:mod:`ipcompare.sections`) print comes
    from one file, ``report_words.yaml``, a flat mapping ``key → {en: …, zh: …}``. No module
    holds wording of its own. The file is checked when it is read: every key is a string, every
    entry has a non-empty string in each of LANGS, and both languages use the same
    ``{field}`` placeholders (so code filling one language fills the other). A broken file
    raises :class:`WordingError` naming the file and the key. The file is read once per data
    directory (:func:`ipcompare.caching.data_cache`).
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from typing import Any

import yaml

from ..caching import data_cache
from ..errors import IpcompareError
from ..paths import data_path
from ..vocab.constants import LANGS, check_lang

__all__ = ["FILE", "WordingError", "fields", "has_word", "parse_words", "word", "words"]

FILE = "report_words.yaml"
"""The wording file's name in the data directory."""


class WordingError(IpcompareError, ValueError):
    """The wording file is malformed, or a key is not in it."""


def fields(text: str) -> set[str]:
    """The names of the ``{field}`` placeholders of a format string (``{{`` is a literal)."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def parse_words(raw: Any, source: str = FILE) -> dict[str, dict[str, str]]:
    """Validate a wording mapping (as read from YAML); ``source`` names it in errors."""
    if not isinstance(raw, Mapping) or not raw:
        raise WordingError(f"{source}: the top level must be a non-empty mapping of keys to "
                           f"{{en: …, zh: …}}")
    out: dict[str, dict[str, str]] = {}
    for key, entry in raw.items():
        if not isinstance(key, str):
            raise WordingError(f"{source}: key {key!r} is not a string (quote it: YAML reads "
                               f"yes/no/on/off as booleans)")
        if not isinstance(entry, Mapping):
            raise WordingError(f"{source}: key {key!r} must map each of {list(LANGS)} to a string")
        missing = [lang for lang in LANGS if not isinstance(entry.get(lang), str)
                   or not entry[lang].strip()]
        if missing:
            raise WordingError(f"{source}: key {key!r} has no non-empty string for {missing}")
        extra = sorted(set(map(str, entry)) - set(LANGS))
        if extra:
            raise WordingError(f"{source}: key {key!r} has unknown languages {extra}; "
                               f"valid: {list(LANGS)}")
        try:
            per_lang = {lang: fields(entry[lang]) for lang in LANGS}
        except ValueError as exc:  # an unbalanced brace
            raise WordingError(f"{source}: key {key!r} is not a valid format string: {exc}") from None
        if len({frozenset(f) for f in per_lang.values()}) > 1:
            shown = {lang: sorted(f) for lang, f in per_lang.items()}
            raise WordingError(f"{source}: key {key!r} has different {{fields}} per language: {shown}")
        out[key] = {lang: entry[lang] for lang in LANGS}
    return out


@data_cache
def words() -> Mapping[str, Mapping[str, str]]:
    """Every wording of the reports: key → {"en": …, "zh": …} (checked; read once)."""
    path = data_path(FILE)
    with open(path, encoding="utf-8") as fh:
        raw = yaml.safe_load(fh)
    return parse_words(raw, str(path))


def has_word(key: str) -> bool:
    """Whether the wording file has ``key``."""
    return key in words()


def word(key: str, lang: str, **values: Any) -> str:
    """The wording ``key`` in ``lang``; ``values`` fill its ``{fields}`` (none given: as is)."""
    check_lang(lang)
    entry = words().get(key)
    if entry is None:
        raise WordingError(f"{FILE}: no key {key!r}")
    text = entry[lang]
    return text.format(**values) if values else text

"""Names of plans, indicators and categories in a report language, looked up in one place.

Decisions (what the module promises)
    A plan's name comes from the registry (``name_en``/``name_zh``; an unregistered id is shown
    as itself). An indicator's name comes from the taxonomy: the Chinese name as is; the English
    name without its trailing parenthetical gloss (``Invention patents (valid)`` → ``Invention
    patents``) for tables and titles (:func:`indicator_label`), and with a lower-case first
    letter for running text (:func:`indicator_name`). A category's name is the taxonomy's, in
    lower case in English (:func:`category_name`). Wording of the reports themselves lives in
    ``data/`` (``report_words.yaml``, ``narrative_templates.yaml``, ``chart_labels.yaml``).
"""

from __future__ import annotations

import re

import pandas as pd

from ..caching import data_cache
from ..corpus.registry import jurisdictions as _jurisdictions
from ..vocab.constants import LANGS, check_lang
from ..vocab.taxonomy import load_taxonomy

__all__ = [
    "LANGS", "category_name", "check_lang", "indicator_label", "indicator_name", "plan_name",
    "strip_gloss",
]

_GLOSS = re.compile(r"\s*[(（][^()（）]*[)）]\s*$")


def strip_gloss(text: str) -> str:
    """Drop a trailing parenthetical remark from a name (keep it if that is all there is)."""
    return _GLOSS.sub("", text) or text


@data_cache
def _registry_names() -> dict[str, dict[str, str]]:
    reg = _jurisdictions().drop_duplicates("jurisdiction")
    return {
        str(r.jurisdiction): {"zh": str(r.name_zh), "en": str(r.name_en)}
        for r in reg.itertuples(index=False)
    }


def plan_name(jurisdiction: str, lang: str, registry: pd.DataFrame | None = None) -> str:
    """The jurisdiction's name in ``lang`` (registry ``name_zh``/``name_en``; else the id)."""
    check_lang(lang)
    if registry is not None:
        col = f"name_{lang}"
        if col in registry.columns:
            hit = registry.loc[registry["jurisdiction"] == jurisdiction, col]
            if len(hit) and isinstance(hit.iloc[0], str) and hit.iloc[0]:
                return hit.iloc[0]
        return str(jurisdiction)
    return _registry_names().get(str(jurisdiction), {}).get(lang, str(jurisdiction))


def indicator_label(indicator: str, lang: str, *, gloss: bool = False) -> str:
    """An indicator's name for a table or title (zh name; en name without its trailing gloss).

    ``gloss=True`` keeps the English gloss: the taxonomy's full name (a chart title with room).
    """
    check_lang(lang)
    ind = load_taxonomy().indicator(indicator)
    if lang == "zh":
        return ind.zh
    return ind.en if gloss else strip_gloss(ind.en)


def indicator_name(indicator: str, lang: str) -> str:
    """An indicator's name for running text (zh name; en name without gloss, lower-cased)."""
    name = indicator_label(indicator, lang)
    if lang == "en" and len(name) > 1 and name[0].isupper() and name[1].islower():
        name = name[0].lower() + name[1:]
    return name


def category_name(category: str, lang: str) -> str:
    """A category's name for running text (taxonomy zh name; en name in lower case)."""
    check_lang(lang)
    cat = load_taxonomy().category(category)
    return cat.zh if lang == "zh" else cat.en.lower()

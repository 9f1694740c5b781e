"""The sentence templates of the narrative: ``data/narrative_templates.yaml``, loaded and checked.

Decisions (what the module promises)
    The wording of every sentence is data. Each leaf of the file is a mapping with a string in
    each of LANGS (checked on load, naming the entry that lacks one); ``template("rank.many",
    lang)`` reads a leaf by its dotted path. The top-level ``version`` key is not a template.
"""

from __future__ import annotations

from typing import Any

import yaml

from ..caching import data_cache
from ..paths import data_path
from ..vocab.constants import LANGS

__all__ = ["check_templates", "load_templates", "template"]


@data_cache
def load_templates() -> dict[str, Any]:
    """Load and check ``data/narrative_templates.yaml`` (every leaf has an ``en`` and a ``zh``)."""
    path = data_path("narrative_templates.yaml")
    with open(path, encoding="utf-8") as fh:
        raw = yaml.safe_load(fh)
    check_templates(raw, str(path))
    return raw


def check_templates(raw: Any, source: str = "narrative_templates.yaml") -> None:
    """Raise ValueError naming any template entry that lacks a string in one of LANGS."""
    if not isinstance(raw, dict):
        raise ValueError(f"{source}: top level must be a mapping")

    def walk(node: Any, where: str) -> None:
        """Check one node: a leaf of en/zh strings, or a mapping of nodes."""
        if isinstance(node, dict) and set(node) & set(LANGS):
            missing = [lang for lang in LANGS if not isinstance(node.get(lang), str)]
            if missing:
                raise ValueError(f"{source}: {where} has no string for {missing}")
            return
        if not isinstance(node, dict):
            raise ValueError(f"{source}: {where} must be a mapping of en/zh strings")
        for key, value in node.items():
            walk(value, f"{where}.{key}" if where else str(key))

    for key, value in raw.items():
        if key != "version":
            walk(value, str(key))


def template(path: str, lang: str) -> str:
    """The template at a dotted ``path`` (``"rank.many"``) in ``lang``."""
    node: Any = load_templates()
    for part in path.split("."):
        node = node[part]
    return node[lang]

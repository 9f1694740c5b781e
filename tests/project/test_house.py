"""The house rules of the package layout: stage subpackages, module sizes, single definitions."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[2] / "src" / "ipcompare"
MODULES = sorted(PKG.rglob("*.py"))
STAGES = ("vocab", "extract", "corpus", "analysis", "present", "sections", "site")
VOCABULARIES = ("LANGS", "CATEGORIES", "MEASURES", "STATUSES", "INSTRUMENTS", "SCOPES",
                "SECTION_KINDS")


def test_the_stages_are_subpackages() -> None:
    for stage in STAGES:
        assert (PKG / stage / "__init__.py").is_file(), stage
    flat = sorted(p.stem for p in PKG.glob("*.py"))
    assert flat == ["__init__", "api", "caching", "cli", "errors", "files", "paths", "versions"]


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PKG)))
def test_no_module_over_500_lines(path: Path) -> None:
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 500


def test_each_vocabulary_is_defined_once() -> None:
    defined: dict[str, list[str]] = {}
    for path in MODULES:
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Assign) and isinstance(node.value, (ast.Tuple, ast.List)):
                for target in node.targets:
                    if isinstance(target, ast.Name) and target.id in VOCABULARIES:
                        defined.setdefault(target.id, []).append(str(path.relative_to(PKG)))
    assert defined == {name: ["vocab/constants.py"] for name in VOCABULARIES}

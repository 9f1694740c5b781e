"""The present stage after its split: charts as a package, narrative in three modules, one name lookup.

These tests pin what the refactor promised: the public names stay importable where callers
found them, each vocabulary and lookup has one definition, modules stay small, and the
narrative's corpus defaults are the ones ``ipcompare.api`` gives.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import ipcompare as ipc
from ipcompare.analysis.coverage import split_labels
from ipcompare.corpus.tables import corpus_targets
from ipcompare.errors import UnknownIdError
from ipcompare.present import charts, fonts, i18n, numbers, templates
from ipcompare.present import narrative as nv
from ipcompare.vocab import constants

PRESENT = Path(i18n.__file__).parent
OWNED = [*sorted((PRESENT / "charts").glob("*.py")), *(
    PRESENT / f for f in ("narrative.py", "numbers.py", "templates.py", "i18n.py", "fonts.py"))]


@pytest.mark.parametrize("path", OWNED, ids=lambda p: p.name)
def test_modules_stay_small_and_say_what_they_hold(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 450
    assert text.startswith('"""')


@pytest.mark.parametrize("module", [charts, nv, numbers, templates, i18n])
def test_every_name_in_all_is_importable(module: object) -> None:
    for name in module.__all__:
        assert hasattr(module, name), name


def test_charts_surface_used_by_sections_and_tests() -> None:
    for name in ("label", "chart_labels", "parse_labels", "unit_text", "value_axis_label",
                 "plan_name", "plan_color", "coverage_heatmap", "indicator_bars",
                 "indicators_panel", "growth_dotplot", "milestone_trajectories",
                 "similarity_dendrogram", "instrument_mix", "agency_chart"):
        assert callable(getattr(charts, name)), name
    from ipcompare.present.charts import milestone_trajectories  # as sections imports it

    assert milestone_trajectories is charts.timelines.milestone_trajectories


def test_narrative_reexports_one_definition_each() -> None:
    assert nv.Number is numbers.Number
    assert nv.format_number is numbers.format_number and nv.quantity is numbers.quantity
    assert nv.load_templates is templates.load_templates
    assert nv.jurisdiction_name is i18n.plan_name and charts.plan_name is i18n.plan_name
    assert nv.indicator_name is i18n.indicator_name and nv.category_name is i18n.category_name


def test_vocabularies_come_from_constants() -> None:
    assert nv.LANGS is constants.LANGS and charts.LANGS is constants.LANGS
    assert charts.INSTRUMENTS is constants.INSTRUMENTS
    assert not hasattr(fonts, "LANGS")  # it was ("zh", "en"), the other order


@pytest.mark.parametrize("call", [
    lambda: charts.label("text", "growth_title", "fr"),
    lambda: fonts.font_rc("fr"),
    lambda: nv.format_number(1.0, "fr"),
    lambda: nv.jurisdiction_name("wuhan", "fr"),
    lambda: i18n.category_name("creation", "fr"),
])
def test_a_bad_language_is_named_with_the_valid_ones(call) -> None:
    with pytest.raises(ValueError, match=r"lang must be one of \('en', 'zh'\), got 'fr'"):
        call()


def test_indicator_label_can_keep_the_gloss() -> None:
    full = ipc.taxonomy().set_index("indicator").loc["invention_patents_owned", "en"]
    assert i18n.indicator_label("invention_patents_owned", "en", gloss=True) == full
    assert i18n.indicator_label("invention_patents_owned", "en") == i18n.strip_gloss(full)
    assert i18n.indicator_label("invention_patents_owned", "zh", gloss=True) == (
        i18n.indicator_label("invention_patents_owned", "zh"))


def test_split_labels() -> None:
    assert split_labels("creation|finance, talent") == ["creation", "finance", "talent"]
    assert split_labels(["a", " ", "b"]) == ["a", "b"]
    assert split_labels(None) == [] and split_labels(float("nan")) == []


def test_template_reads_a_dotted_path() -> None:
    assert templates.template("rank.many", "en") == templates.load_templates()["rank"]["many"]["en"]


@pytest.mark.parametrize("lang", constants.LANGS)
def test_coverage_sentence_defaults_are_the_corpus_tables(lang: str) -> None:
    default = nv.coverage_sentence("wuhan", lang)
    explicit = nv.coverage_sentence("wuhan", lang, targets=corpus_targets().table,
                                    actions=ipc.actions())
    assert default == explicit
    assert any(n.action_ids for n in default.numbers)  # measures are counted by default


def test_coverage_sentence_checks_the_id_and_keeps_given_targets() -> None:
    with pytest.raises(UnknownIdError):
        nv.coverage_sentence("atlantis", "en")
    targets = pd.DataFrame({"jurisdiction": ["a"], "target_id": ["t1"], "category": ["talent"],
                            "status": ["stated"]})
    s = nv.coverage_sentence("a", "en", targets=targets)  # no measures unless given
    assert [n.action_ids for n in s.numbers] == [(), ()]

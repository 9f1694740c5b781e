"""Charts comparing plans, each returned as a matplotlib Figure in English or Chinese.

Every function takes the tables of the analysis modules as arguments (so any table with the
documented columns works), a ``lang`` of ``"en"`` or ``"zh"``, and returns a
``matplotlib.figure.Figure`` that is not registered with pyplot (nothing to close, nothing
leaks; Jupyter still displays it). Fonts come from ``ipcompare.present.fonts.use_cjk(lang)``
inside each function, so Chinese renders with a pip-only install, a global seaborn theme cannot
override the font, and global ``matplotlib.rcParams`` are never changed. All text (titles,
axis labels with units and basis, legends, category, instrument, unit and basis names) is data
in ``data/chart_labels.yaml``.

- ``coverage_heatmap(matrix)``: plans × categories (or instruments), annotated counts.
- ``indicator_bars(comparison, indicator)`` / ``indicators_panel(comparison, indicators)``:
  one bar per plan, "not stated" / "not in corpus" written where a bar would be (no height),
  supplementary bars hatched, single-bar panels left out (``lone_bars`` lists them);
  ``bar_data`` is the tidy table they draw.

Every chart carries the tidy table it was drawn from: ``figure_data(fig)``.
- ``growth_dotplot(targets)``: annual-growth targets, % per year.
- ``milestone_trajectories(targets, indicator)``: yearly milestones as lines, other plans'
  end-point targets as markers (same measure only, said in a footnote).
- ``similarity_dendrogram(matrix)``: Jensen–Shannon clustering (``ipcompare.analysis.stats.cluster``).
- ``instrument_mix(matrix)``: supply / demand / environment shares per plan.
- ``agency_chart(agencies)``: agencies most often charged (lead vs responsible).
- ``attainment_chart(attainment)``: each judged target's outcome as % of the target, both dated
  (unknown attainments are never drawn).
- ``plan_timeline(stages, targets, periods, jurisdiction)`` / ``plans_timeline(...)``: a
  plan's dated stages, milestones and end-point targets on a time axis; all plans on one.

Layout: ``_common`` (labels, plan names and colours, style, fonts, wrapping, numbers), then one
module per family: ``matrices`` (count matrices), ``bars`` (compared indicators), ``timelines``
(targets over the years), ``schedule`` (the plans' stages on a time axis), ``agencies``. This package re-exports their public names.
"""

from __future__ import annotations

from ...vocab.constants import INSTRUMENTS
from ._common import (
    DATA_ATTRIBUTE,
    LANGS,
    PALETTE,
    STYLE,
    ChartError,
    attach_data,
    chart_labels,
    check_lang,
    figure_data,
    label,
    parse_labels,
    plan_color,
    plan_name,
    unit_text,
    value_axis_label,
)
from .agencies import AGENCY_COLUMNS, ROLE_COLORS, agency_chart
from .attainment import ATTAINMENT_CHART_COLUMNS, attainment_chart
from .bars import (
    BAR_DATA_COLUMNS,
    COMPARISON_COLUMNS,
    MIN_BARS,
    PLACEHOLDER_COLOR,
    STATES,
    bar_data,
    indicator_bars,
    indicators_panel,
    lone_bars,
)
from .matrices import coverage_heatmap, instrument_mix, similarity_dendrogram
from .schedule import (
    PERIOD_COLUMNS,
    STAGE_COLUMNS,
    TIMELINE_COLUMNS,
    plan_timeline,
    plans_timeline,
    timeline_data,
)
from .timelines import GROWTH_COLUMNS, MILESTONE_COLUMNS, growth_dotplot, milestone_trajectories

__all__ = [
    # charts
    "agency_chart", "attainment_chart", "coverage_heatmap", "growth_dotplot", "indicator_bars",
    "indicators_panel", "instrument_mix", "milestone_trajectories", "plan_timeline", "plans_timeline",
    "similarity_dendrogram", "timeline_data",
    # helpers
    "attach_data", "bar_data", "figure_data", "lone_bars",
    "chart_labels", "check_lang", "label", "parse_labels", "plan_color", "plan_name", "unit_text",
    "value_axis_label", "ChartError",
    # input contracts, vocabularies and style
    "AGENCY_COLUMNS", "ATTAINMENT_CHART_COLUMNS", "BAR_DATA_COLUMNS", "COMPARISON_COLUMNS",
    "DATA_ATTRIBUTE", "MIN_BARS", "GROWTH_COLUMNS", "INSTRUMENTS", "LANGS", "MILESTONE_COLUMNS",
    "PALETTE", "PERIOD_COLUMNS", "STAGE_COLUMNS", "TIMELINE_COLUMNS", "PLACEHOLDER_COLOR",
    "ROLE_COLORS", "STATES", "STYLE",
]

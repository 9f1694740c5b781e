"""The sections of the report notebooks: small functions returning HTML fragments or Figures.

Each notebook cell calls one of these and shows the result (:func:`show`), so the notebooks
hold no logic. A section returns its own heading (with an id, for the table of contents) and
its content in ``lang`` (``en`` or ``zh``); every number it states carries a footnote to the
verbatim quote(s) behind it (:class:`Sources`, ending the report with :func:`sources_section`).

This package only re-exports (notebooks and tests call ``sections.X``); the sections live in
one module per report, beside what they share:

- :mod:`.common`: title and opening (:func:`title_block`; :func:`report_title` is
  :mod:`.config`'s), values, names and tables in the report language, :func:`show`;
- :mod:`.citing`: footnotes (:class:`Sources`, :func:`sources_for`, :func:`sources_section`);
- :mod:`.inputs`: the corpus tables the sections read;
- :mod:`.profile`: :func:`profile_summary`, :func:`targets_by_category`,
  :func:`milestones_section`, :func:`milestone_figures`, :func:`actions_section`,
  :func:`agencies_section`, :func:`agencies_figure`, :func:`standing_section`,
  :func:`standing_figure`;
- :mod:`.comparison`: :func:`differences_narrative`, :func:`comparison_table`,
  :func:`comparison_charts`, :func:`statistics_section`;
- :mod:`.indicator`: :func:`indicator_summary`, :func:`indicator_definition`,
  :func:`indicator_table`, :func:`indicator_normalized`, :func:`indicator_figures`;
- :mod:`.audit`: :func:`audit_summary`, :func:`audit_provenance`, :func:`audit_restatements`,
  :func:`audit_unmapped`, :func:`audit_corrections`, :func:`audit_supplementary`.
- :mod:`.decisions`: :func:`audit_comparability`, :func:`audit_measure_checks`;
- :mod:`.attainment`: did the plans deliver? :func:`attainment_section` and
  :func:`attainment_figure` (profile), :func:`attainment_comparison` (comparison),
  :func:`audit_outcomes` (data audit).
- :mod:`.glance`: :func:`plan_overview`, :func:`comparison_overview` (the one-page overviews
  that open a profile and a comparison), :func:`plan_timeline_html`, :func:`timelines_figure`,
  :func:`on_declared_bases`, :func:`lone_bars_note`;
- :mod:`.derivation`: :func:`derivation` (how a compared cell was derived, in the report's
  language).

Decisions (what the package promises)
    Wording is data (``data/report_words.yaml``, read by :mod:`ipcompare.present.wording`);
    names are :mod:`ipcompare.present.i18n`'s; vocabularies are :mod:`ipcompare.vocab.constants`';
    analysis is :mod:`ipcompare.analysis`'s (:mod:`~ipcompare.analysis.standing`,
    :mod:`~ipcompare.analysis.audit`), so the sections only read the corpus, call pure
    functions and format. Task items (actions) are citable too: :func:`citable` adds them to
    the targets under their ``action_id``, so a count of actions links to their own text.
"""

from __future__ import annotations

from ..analysis.standing import STANDING_OTHERS, nearest_others
from ..present.i18n import indicator_label, plan_name
from ..present.wording import word
from ..vocab.constants import CATEGORIES, LANGS
from .attainment import (
                    attainment_comparison,
                    attainment_figure,
                    attainment_section,
                    audit_outcomes,
)
from .audit import (
                    audit_corrections,
                    audit_provenance,
                    audit_restatements,
                    audit_summary,
                    audit_supplementary,
                    audit_unmapped,
                    provenance,
)
from .citing import (
                    Sources,
                    citable,
                    paragraph,
                    reserve,
                    sentence_html,
                    sources_for,
                    sources_section,
)
from .common import (
                    FIGURE_DPI,
                    STYLE,
                    basis_heading,
                    category_label,
                    cell_value,
                    figure_alt,
                    figure_html,
                    figure_png,
                    show,
                    stated_value,
                    status_label,
                    title_block,
)
from .comparison import (
                    CHI_SEED,
                    comparison_charts,
                    comparison_long,
                    comparison_table,
                    coverage_matrix,
                    differences_narrative,
                    selection,
                    statistics_section,
)
from .config import report_title
from .decisions import audit_comparability, audit_measure_checks
from .derivation import derivation
from .glance import (
                    comparison_overview,
                    headline_indicators,
                    lone_bars_note,
                    on_declared_bases,
                    plan_overview,
                    plan_timeline_html,
                    timelines_figure,
)
from .indicator import (
                    indicator_definition,
                    indicator_figures,
                    indicator_normalized,
                    indicator_summary,
                    indicator_table,
)
from .profile import (
                    actions_section,
                    agencies_figure,
                    agencies_section,
                    milestone_figures,
                    milestones_section,
                    plan_line,
                    profile_summary,
                    standing,
                    standing_figure,
                    standing_section,
                    targets_by_category,
)

__all__ = [
    # vocabularies, names and wording (defined elsewhere, re-exported for the notebooks)
    "CATEGORIES", "LANGS", "category_label", "basis_heading", "indicator_label", "plan_name",
    "status_label", "word",
    # opening, values, showing
    "FIGURE_DPI", "STYLE", "cell_value", "figure_alt", "figure_html", "figure_png", "report_title",
    "show", "stated_value", "title_block",
    # footnotes
    "Sources", "citable", "paragraph", "reserve", "sentence_html", "sources_for", "sources_section",
    # jurisdiction profile
    "STANDING_OTHERS", "agencies_figure", "agencies_section", "actions_section",
    "milestone_figures", "milestones_section", "nearest_others", "plan_line", "profile_summary",
    "standing", "standing_figure", "standing_section", "targets_by_category",
    # comparison
    "CHI_SEED", "comparison_charts", "comparison_long", "comparison_table", "coverage_matrix",
    "differences_narrative", "selection", "statistics_section",
    # did the plans deliver?
    "attainment_comparison", "attainment_figure", "attainment_section", "audit_outcomes",
    # indicator
    "indicator_definition", "indicator_figures", "indicator_normalized", "indicator_summary",
    "indicator_table",
    # overviews, timelines, bases, derivations
    "comparison_overview", "derivation", "headline_indicators", "lone_bars_note",
    "on_declared_bases", "plan_overview", "plan_timeline_html", "timelines_figure",
    # data audit
    "audit_comparability", "audit_corrections", "audit_measure_checks", "audit_provenance", "audit_restatements", "audit_summary",
    "audit_supplementary", "audit_unmapped", "provenance",
]

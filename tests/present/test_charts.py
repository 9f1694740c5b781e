"""Tests for ipcompare.present.charts: every chart in English and Chinese, no missing glyph, no global state.

Each chart is rendered to PNG bytes outside the chart function (as Jupyter or a report does) with
warnings turned into errors ("Glyph … missing from font(s)" is a UserWarning) and a handler on
matplotlib's loggers; global rcParams and pyplot's figure list must be unchanged afterwards.
Inputs are the real tables (compare_long, coverage, agencies) where the modules import, and small
hand-made tables with the documented columns for exact assertions.
"""

from __future__ import annotations

import io
import logging
import re
import warnings
from collections.abc import Callable, Iterator

import matplotlib
import pandas as pd
import pytest

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import seaborn as sns  # noqa: E402
from fontTools.ttLib import TTFont  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.text import Text  # noqa: E402

import ipcompare as ipc  # noqa: E402
from ipcompare.present import charts, fonts  # noqa: E402

CJK = re.compile(r"[\u4e00-\u9fff]")
LANGS = ("en", "zh")

# ----------------------------------------------------------------------------- hand-made inputs

PLANS = ["wuhan", "shijiazhuang", "sichuan", "nantong", "qingdao"]


def _cell(indicator: str, jurisdiction: str, state: str, value: float | None = None,
          unit: str | None = None, basis: str = "per_10k_residents", measure: str | None = None,
          kind: str | None = None, supplementary: bool = False, comparator: str | None = None,
          year: int | None = None) -> dict:
    return {
        "indicator": indicator, "indicator_zh": "发明专利拥有量" if indicator == "patents" else "商标",
        "indicator_en": "Invention patents in force" if indicator == "patents" else "Trademarks",
        "jurisdiction": jurisdiction, "state": state, "value": value, "unit": unit,
        "basis": basis, "measure": measure, "kind": kind, "comparator": comparator,
        "target_year": year, "supplementary": supplementary,
    }


@pytest.fixture(scope="module")
def small_comparison() -> pd.DataFrame:
    """Two indicators on a per-10k basis: stated, supplementary, not stated, not in corpus."""
    rows = [
        _cell("patents", "wuhan", "stated", 40.6, "items per 10k residents", measure="level",
              kind="stock", comparator=">=", year=2020),
        _cell("patents", "shijiazhuang", "not_stated"),
        _cell("patents", "sichuan", "stated", 7.5, "items per 10k residents",
              measure="per_capita", kind="stock", supplementary=True, year=2020),
        _cell("patents", "nantong", "stated", 30.0, "items per 10k residents",
              measure="per_capita", kind="stock", year=2020),
        _cell("patents", "xiamen", "not_in_corpus"),
        _cell("marks", "wuhan", "not_convertible", unit="percent per year",
              measure="annual_growth", kind="growth"),
        _cell("marks", "shijiazhuang", "stated", 120.0, "items per 10k residents",
              measure="per_capita", kind="stock"),
        _cell("marks", "sichuan", "not_stated"),
        _cell("marks", "nantong", "stated", 100.0, "items per 10k residents",
              measure="per_capita", kind="stock"),
        _cell("marks", "xiamen", "not_in_corpus"),
    ]
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def mixed_comparison() -> pd.DataFrame:
    """As stated: a stock in items and a per-resident stock cannot share an axis."""
    return pd.DataFrame([
        _cell("patents", "wuhan", "stated", 45000.0, "items", basis="as_stated", measure="level",
              kind="stock", comparator=">="),
        _cell("patents", "nantong", "stated", 30.0, "items per 10k residents", basis="as_stated",
              measure="per_capita", kind="stock"),
        _cell("patents", "qingdao", "not_stated", basis="as_stated"),
    ])


def _target(jurisdiction: str, indicator: str | None, value: float, measure: str, year: int,
            status: str = "stated", unit: str = "items", unit_mult: int = 0,
            subject: str = "主题") -> dict:
    return {"jurisdiction": jurisdiction, "indicator": indicator, "value": value,
            "measure": measure, "target_year": year, "status": status, "unit": unit,
            "unit_mult": unit_mult, "subject": subject}


@pytest.fixture(scope="module")
def small_targets() -> pd.DataFrame:
    rows = [_target("nantong", "invention_patents_owned", v, "per_capita", y, "milestone",
                    subject="万人发明专利拥有量")
            for y, v in zip(range(2017, 2021), (21, 24, 27, 30), strict=True)]
    rows += [
        _target("qingdao", "invention_patents_owned", 25, "per_capita", 2020),
        _target("sichuan", "invention_patents_owned", 7.5, "per_capita", 2020, "supplementary"),
        _target("wuhan", "invention_patents_owned", 4.5, "level", 2020, unit_mult=4),
        _target("wuhan", "invention_patent_applications", 10, "annual_growth", 2020, unit="percent"),
        _target("wuhan", "ip_pledge_financing", 20, "annual_growth", 2020, unit="percent"),
        _target("shijiazhuang", "ip_pledge_financing", 30, "annual_growth", 2021, unit="percent"),
        _target("shijiazhuang", "ip_pledge_financing", 30, "annual_growth", 2021, "restated",
                unit="percent"),
        _target("shijiazhuang", None, 20, "annual_growth", 2021, unit="percent", subject="许可额"),
    ]
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def small_matrix() -> pd.DataFrame:
    cats = ["creation", "utilization", "finance", "protection", "management", "services",
            "talent", "other"]
    data = [[13, 9, 5, 6, 2, 5, 2, 1], [7, 12, 6, 1, 1, 6, 1, 1], [11, 2, 0, 0, 2, 0, 0, 0],
            [8, 5, 1, 2, 7, 4, 3, 3]]
    return pd.DataFrame(data, index=pd.Index(PLANS[:4], name="jurisdiction"), columns=cats)


@pytest.fixture(scope="module")
def small_instruments() -> pd.DataFrame:
    return pd.DataFrame({"supply": [2, 3, 0], "demand": [1, 0, 0], "environment": [1, 1, 0]},
                        index=pd.Index(["wuhan", "nantong", "qingdao"], name="jurisdiction"))


@pytest.fixture(scope="module")
def small_agencies() -> pd.DataFrame:
    rows = []
    for n, (agency, zh, en, role) in enumerate([
        ("ip_office", "知识产权局", "Intellectual Property Office", "lead"),
        ("ip_office", "知识产权局", "Intellectual Property Office", "lead"),
        ("ip_office", "知识产权局", "Intellectual Property Office", "responsible"),
        ("finance", "财政局", "Finance Bureau", "responsible"),
        ("finance", "财政局", "Finance Bureau", "responsible"),
        ("court", "中级人民法院", "Intermediate People's Court", "cooperating"),
    ]):
        rows.append({"action_id": f"m{n}", "jurisdiction": "wuhan", "role": role,
                     "agency_id": agency, "name_zh": zh, "name_en": en,
                     "name_as_written": "市" + zh})
    return pd.DataFrame(rows)


# ----------------------------------------------------------------------------- real inputs


@pytest.fixture(scope="module")
def targets() -> pd.DataFrame:
    return ipc.targets()


@pytest.fixture(scope="module")
def comparison_as_stated(targets: pd.DataFrame) -> pd.DataFrame:
    compare = pytest.importorskip("ipcompare.analysis.comparison")
    return compare.compare_long(targets, ipc.jurisdictions(), basis="as_stated")


@pytest.fixture(scope="module")
def comparison_per_10k(targets: pd.DataFrame) -> pd.DataFrame:
    compare = pytest.importorskip("ipcompare.analysis.comparison")
    return compare.compare_long(targets, ipc.jurisdictions(), basis="per_10k_residents")


@pytest.fixture(scope="module")
def category_matrix(small_matrix: pd.DataFrame) -> pd.DataFrame:
    try:
        from ipcompare.api import coverage
        return coverage(kind="category", source="targets")
    except ImportError:
        return small_matrix


@pytest.fixture(scope="module")
def instrument_matrix(small_instruments: pd.DataFrame) -> pd.DataFrame:
    try:
        from ipcompare.api import coverage
        return coverage(kind="instrument")
    except (ImportError, NotImplementedError):
        return small_instruments


@pytest.fixture(scope="module")
def agency_rows(small_agencies: pd.DataFrame) -> pd.DataFrame:
    try:
        from ipcompare.api import agencies
        return agencies()
    except ImportError:
        return small_agencies


# ----------------------------------------------------------------------------- harness


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.WARNING or "missing" in record.getMessage().lower():
            self.messages.append(record.getMessage())


@pytest.fixture
def mpl_log() -> Iterator[_Records]:
    """Collect warnings logged by matplotlib (findfont, glyph) during a test."""
    handler = _Records()
    logger = logging.getLogger("matplotlib")
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)


def _rc() -> dict:
    return {k: v for k, v in matplotlib.rcParams.items() if k != "backend"}


def texts(fig: Figure) -> list[str]:
    """Every non-empty text of a figure (titles, labels, tick labels, legend, annotations)."""
    return [t.get_text() for t in fig.findobj(Text) if t.get_text().strip()]


def render(make: Callable[[], Figure], log: _Records) -> tuple[Figure, bytes]:
    """Build a figure and save it as PNG outside the chart function; fail on any warning."""
    before = _rc()
    figures = plt.get_fignums()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = make()
        assert isinstance(fig, Figure)
        buf = io.BytesIO()
        fig.savefig(buf, format="png")
    assert _rc() == before, "a chart changed global rcParams"
    assert plt.get_fignums() == figures, "a chart registered a figure with pyplot"
    assert [m for m in log.messages if "glyph" in m.lower() or "font" in m.lower()] == []
    png = buf.getvalue()
    assert png.startswith(b"\x89PNG") and len(png) > 5000
    return fig, png


# ----------------------------------------------------------------------------- every chart


CHARTS: dict[str, Callable[[pytest.FixtureRequest, str], Figure]] = {
    "coverage_heatmap": lambda r, lang: charts.coverage_heatmap(
        r.getfixturevalue("category_matrix"), lang),
    "coverage_heatmap_instruments": lambda r, lang: charts.coverage_heatmap(
        r.getfixturevalue("instrument_matrix"), lang),
    "indicator_bars_as_stated": lambda r, lang: charts.indicator_bars(
        r.getfixturevalue("comparison_as_stated"), "invention_patents_owned", lang),
    "indicator_bars_per_10k": lambda r, lang: charts.indicator_bars(
        r.getfixturevalue("comparison_per_10k"), "invention_patents_owned", lang),
    "indicator_bars_money": lambda r, lang: charts.indicator_bars(
        r.getfixturevalue("comparison_as_stated"), "ip_pledge_financing", lang),
    "indicators_panel": lambda r, lang: charts.indicators_panel(
        r.getfixturevalue("comparison_per_10k"),
        list(dict.fromkeys(r.getfixturevalue("comparison_per_10k")["indicator"]))[:5], lang),
    "indicators_panel_small": lambda r, lang: charts.indicators_panel(
        r.getfixturevalue("small_comparison"), ["patents", "marks"], lang),
    "growth_dotplot": lambda r, lang: charts.growth_dotplot(r.getfixturevalue("targets"), lang),
    "milestone_trajectories": lambda r, lang: charts.milestone_trajectories(
        r.getfixturevalue("targets"), "invention_patents_owned", lang),
    "milestone_trajectories_money": lambda r, lang: charts.milestone_trajectories(
        r.getfixturevalue("targets"), "ip_pledge_financing", lang),
    "similarity_dendrogram": lambda r, lang: charts.similarity_dendrogram(
        r.getfixturevalue("category_matrix"), lang),
    "instrument_mix": lambda r, lang: charts.instrument_mix(
        r.getfixturevalue("instrument_matrix"), lang),
    "agency_chart": lambda r, lang: charts.agency_chart(r.getfixturevalue("agency_rows"), lang),
    "plan_timeline": lambda r, lang: charts.plan_timeline(
        ipc.stages(), r.getfixturevalue("targets"), ipc.jurisdictions(), "qingdao", lang),
    "plans_timeline": lambda r, lang: charts.plans_timeline(
        ipc.stages(), r.getfixturevalue("targets"), ipc.jurisdictions(), lang=lang),
}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", list(CHARTS))
def test_every_chart_renders_in_both_languages(
    name: str, lang: str, request: pytest.FixtureRequest, mpl_log: _Records, tmp_path
) -> None:
    fig, png = render(lambda: CHARTS[name](request, lang), mpl_log)
    (tmp_path / f"{name}_{lang}.png").write_bytes(png)
    strings = texts(fig)
    assert strings
    if lang == "zh":
        assert any(CJK.search(s) for s in strings), strings
        family = fonts.cjk_font_family()
        # every text, tick labels included, got the CJK font first (even after the context)
        assert all(t.get_fontfamily()[0] == family for t in fig.findobj(Text) if t.get_text())
    else:
        # axis labels are English (names from data, e.g. subjects, may hold Chinese)
        fixed = [ax.get_xlabel() for ax in fig.axes] + [ax.get_ylabel() for ax in fig.axes]
        assert not any(CJK.search(s) for s in fixed), fixed


@pytest.mark.parametrize("lang", LANGS)
def test_bundled_font_only_and_seaborn_theme(
    lang: str, small_comparison: pd.DataFrame, monkeypatch: pytest.MonkeyPatch, mpl_log: _Records
) -> None:
    # pip-only install (no system CJK font) with a global seaborn theme set by the user
    monkeypatch.setattr(fonts, "system_cjk_family", lambda: None)
    with matplotlib.rc_context():  # undo seaborn's global change after the test
        sns.set_theme()
        themed = _rc()
        fig, _ = render(lambda: charts.indicators_panel(small_comparison, None, lang), mpl_log)
        assert _rc() == themed
    assert fonts.cjk_font_family() == "IPCompare Sans SC"
    if lang == "zh":
        assert {t.get_fontfamily()[0] for t in fig.findobj(Text) if t.get_text()} == {
            "IPCompare Sans SC"}


# ----------------------------------------------------------------------------- validation


def _all_calls(small: dict[str, pd.DataFrame], lang: str) -> list[Callable[[], Figure]]:
    return [
        lambda: charts.coverage_heatmap(small["matrix"], lang),
        lambda: charts.indicator_bars(small["comparison"], "patents", lang),
        lambda: charts.indicators_panel(small["comparison"], ["patents"], lang),
        lambda: charts.growth_dotplot(small["targets"], lang),
        lambda: charts.milestone_trajectories(small["targets"], "invention_patents_owned", lang),
        lambda: charts.similarity_dendrogram(small["matrix"], lang),
        lambda: charts.instrument_mix(small["instruments"], lang),
        lambda: charts.agency_chart(small["agencies"], lang),
    ]


@pytest.fixture
def small(small_matrix, small_comparison, small_targets, small_instruments, small_agencies):
    return {"matrix": small_matrix, "comparison": small_comparison, "targets": small_targets,
            "instruments": small_instruments, "agencies": small_agencies}


@pytest.mark.parametrize("lang", ["fr", "ZH", "", None])
def test_bad_lang_raises_value_error(lang, small: dict) -> None:
    before = _rc()
    for call in _all_calls(small, lang):
        with pytest.raises(ValueError, match="lang must be one of"):
            call()
    assert _rc() == before


@pytest.mark.parametrize(("table", "column", "call"), [
    ("comparison", "state", lambda df: charts.indicator_bars(df, "patents")),
    ("comparison", "basis", lambda df: charts.indicators_panel(df, ["patents"])),
    ("comparison", "supplementary", lambda df: charts.indicator_bars(df, "patents")),
    ("targets", "measure", lambda df: charts.growth_dotplot(df)),
    ("targets", "subject", lambda df: charts.growth_dotplot(df)),
    ("targets", "target_year", lambda df: charts.milestone_trajectories(df, "invention_patents_owned")),
    ("targets", "status", lambda df: charts.milestone_trajectories(df, "invention_patents_owned")),
    ("agencies", "role", lambda df: charts.agency_chart(df)),
    ("agencies", "name_en", lambda df: charts.agency_chart(df, "en")),
])
def test_missing_column_is_named(table: str, column: str, call, small: dict) -> None:
    with pytest.raises(ValueError, match=re.escape(repr(column))):
        call(small[table].drop(columns=[column]))


def test_agency_chart_zh_needs_a_chinese_name_column(small_agencies: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="'name_zh' or 'name_as_written'"):
        charts.agency_chart(small_agencies.drop(columns=["name_zh", "name_as_written"]), "zh")
    charts.agency_chart(small_agencies.drop(columns=["name_zh"]), "zh")  # as written is enough


def test_other_bad_inputs(small: dict) -> None:
    with pytest.raises(ValueError, match="'nope' is not in the comparison table"):
        charts.indicator_bars(small["comparison"], "nope")
    with pytest.raises(ValueError, match="unknown state"):
        charts.indicator_bars(small["comparison"].replace({"state": {"not_stated": "missing"}}),
                              "patents")
    with pytest.raises(ValueError, match="not numeric"):
        charts.coverage_heatmap(small["matrix"].astype(str))
    with pytest.raises(ValueError, match="non-negative"):
        charts.instrument_mix(-small["instruments"])
    with pytest.raises(ValueError, match="method must be one of"):
        charts.similarity_dendrogram(small["matrix"], method="ward")
    with pytest.raises(TypeError, match="DataFrame"):
        charts.growth_dotplot([1, 2])
    with pytest.raises(ValueError, match="basis 'absolute' not in"):
        charts.indicator_bars(small["comparison"], "patents", basis="absolute")
    both = pd.concat([small["comparison"],
                      small["comparison"].assign(basis="absolute")], ignore_index=True)
    with pytest.raises(ValueError, match="several bases"):
        charts.indicator_bars(both, "patents")
    charts.indicator_bars(both, "patents", basis="absolute")


# ----------------------------------------------------------------------------- content


@pytest.mark.parametrize(("lang", "not_stated", "not_in_corpus", "supp"), [
    ("en", "not stated", "not in corpus", "supplementary (reference source)"),
    ("zh", "未设定", "不在语料中", "补充（参考来源）"),
])
def test_indicator_bars_marks_missing_and_supplementary(
    small_comparison: pd.DataFrame, lang: str, not_stated: str, not_in_corpus: str, supp: str,
    mpl_log: _Records,
) -> None:
    fig, _ = render(lambda: charts.indicator_bars(small_comparison, "patents", lang), mpl_log)
    (ax,) = fig.axes
    strings = texts(fig)
    assert strings.count(not_stated) == 1  # Shijiazhuang states no target
    assert strings.count(not_in_corpus) == 1  # Xiamen has no plan in the corpus
    assert supp in strings  # legend
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    names = {"en": ["Wuhan", "Shijiazhuang", "Sichuan", "Nantong", "xiamen"],
             "zh": ["武汉市", "石家庄市", "四川省", "南通市", "xiamen"]}
    assert ticks == names[lang]  # registry order, unregistered ids last
    bars = ax.patches  # placeholders are words only: no patch, no height
    assert len(bars) == 3
    assert [round(b.get_height(), 2) for b in bars] == [40.6, 7.5, 30.0]  # Wuhan, Sichuan, Nantong
    assert bars[1].get_hatch() == "///"  # Sichuan's supplementary value
    assert bars[0].get_hatch() is None
    assert ("≥40.6" in strings) and ("7.5" in strings) and ("30" in strings)
    ylabel = ax.get_ylabel()
    if lang == "en":
        assert ylabel == "items per 10,000 residents"
        assert fig.get_suptitle() == "Invention patents in force — basis: per 10,000 residents"
        assert ax.get_title() == "(target year 2020)"
    else:
        assert ylabel == "件/万人"
        assert fig.get_suptitle() == "发明专利拥有量（口径：每万人）"
        assert ax.get_title() == "（目标年份2020）"
    # the legend has the one swatch that needs a key, hatched like the supplementary bar
    (legend,) = fig.legends
    assert [t.get_text() for t in legend.get_texts()] == [supp]
    assert legend.legend_handles[0].get_hatch() == "///"


def test_indicator_bars_not_convertible_and_no_value(small_comparison: pd.DataFrame) -> None:
    fig = charts.indicator_bars(small_comparison, "marks", "en")
    strings = texts(fig)
    assert "not convertible" in strings and "not stated" in strings
    assert "supplementary (reference source)" not in strings  # no supplementary bar: no legend


def test_as_stated_units_get_their_own_panels(mixed_comparison: pd.DataFrame) -> None:
    fig = charts.indicator_bars(mixed_comparison, "patents", "en", min_bars=1)
    assert len(fig.axes) == 2
    left, right = fig.axes
    assert left.get_title() == "stock, items"
    assert right.get_title().replace("\n", " ") == "stock, items per 10,000 residents"
    assert left.get_ylabel() == "items"
    assert right.get_ylabel() == "items per 10,000 residents"
    assert [t.get_text() for t in left.get_xticklabels()] == ["Wuhan"]
    assert [t.get_text() for t in right.get_xticklabels()] == ["Nantong", "Qingdao"]
    assert fig.get_suptitle() == "Invention patents in force — basis: as stated"
    assert "≥45,000" in texts(fig)
    zh = charts.indicator_bars(mixed_comparison, "patents", "zh", min_bars=1)
    assert [ax.get_title() for ax in zh.axes] == ["存量，件", "存量，件/万人"]


def test_single_bar_panels_are_left_out_and_listed(mixed_comparison: pd.DataFrame) -> None:
    two = pd.concat([mixed_comparison[mixed_comparison["jurisdiction"] != "qingdao"], pd.DataFrame([
        _cell("patents", "qingdao", "stated", 25.0, "items per 10k residents", basis="as_stated",
              measure="per_capita", kind="stock")])], ignore_index=True)
    fig = charts.indicator_bars(two, "patents", "en")  # default: two bars at least
    (ax,) = fig.axes
    # Wuhan's stock in items has no axis here: named, with words and no bar, never just absent
    assert [t.get_text() for t in ax.get_xticklabels()] == ["Wuhan", "Nantong", "Qingdao"]
    assert "other kind of figure" in texts(fig) and len(ax.patches) == 2
    lone = charts.lone_bars(two, ["patents"])
    assert lone["jurisdiction"].tolist() == ["wuhan"]
    assert lone["value"].tolist() == [45000.0]
    data = charts.figure_data(fig)
    assert data is not None and list(data.columns) == list(charts.BAR_DATA_COLUMNS)
    assert data.set_index("jurisdiction")["drawn"].to_dict() == {
        "nantong": "bar", "qingdao": "bar", "wuhan": "left_out"}
    # nothing left to compare: a message, not a one-bar chart
    msg = charts.indicator_bars(mixed_comparison, "patents", "en")
    assert set(charts.lone_bars(mixed_comparison, "patents")["jurisdiction"]) == {"wuhan", "nantong"}
    assert not any(ax.patches for ax in msg.axes)
    assert "one bar compares nothing" in " ".join(texts(msg))


def test_not_stated_is_never_a_bar_height(small_comparison: pd.DataFrame) -> None:
    data = charts.bar_data(small_comparison, ["patents", "marks"])
    no_bar = data[data["drawn"] == "no_bar"]
    assert set(no_bar["state"]) >= {"not_stated", "not_in_corpus"}
    assert no_bar["value"].isna().all()
    fig = charts.indicators_panel(small_comparison, ["patents", "marks"], "en")
    heights = sorted(round(p.get_height(), 2) for ax in fig.axes for p in ax.patches)
    drawn = data[data["drawn"] == "bar"]
    assert heights == sorted(round(v, 2) for v in drawn["value"])  # one patch per value, no other


def test_indicators_panel_one_axes_per_indicator(small_comparison: pd.DataFrame) -> None:
    fig = charts.indicators_panel(small_comparison, ["patents", "marks"], "zh", ncols=3)
    visible = [ax for ax in fig.axes if ax.get_visible()]
    assert [ax.get_title() for ax in visible] == ["发明专利拥有量\n（目标年份2020）", "商标"]
    assert fig.get_suptitle() == "可比指标（口径：每万人）"
    with pytest.raises(ValueError, match="ncols"):
        charts.indicators_panel(small_comparison, ["patents"], ncols=0)


def test_money_is_shown_in_100_million_yuan() -> None:
    df = pd.DataFrame([
        _cell("fin", "wuhan", "stated", 2e9, "CNY per year", basis="as_stated", measure="per_year"),
        _cell("fin", "nantong", "stated", 1e9, "CNY per year", basis="as_stated", measure="per_year"),
    ])
    fig = charts.indicator_bars(df, "fin", "zh")
    (ax,) = fig.axes
    assert ax.get_ylabel() == "亿元/年"
    assert [b.get_height() for b in ax.patches] == [20.0, 10.0]
    assert {"20", "10"} <= set(texts(fig))
    en = charts.indicator_bars(df, "fin", "en")
    assert en.axes[0].get_ylabel() == "100 million yuan per year"


def test_growth_dotplot(small_targets: pd.DataFrame) -> None:
    fig = charts.growth_dotplot(small_targets, "en")
    (ax,) = fig.axes
    # rows: pledge financing (Wuhan 20, Shijiazhuang 30; the restatement is dropped) and
    # applications (Wuhan 10); largest on top. 许可额 (no indicator, Chinese words) is left out
    # of an English chart and counted in its footnote
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "Invention patent applications", "IP pledge financing"]
    assert ax.get_xlabel().startswith("Target growth rate (% per year)")
    dots = [tuple(c.get_offsets()[0]) for c in ax.collections]
    assert sorted(x for x, _ in dots) == [10, 20, 30]
    assert sorted(t for t in texts(fig) if t.endswith("%")) == ["10%", "20%", "30%"]
    assert "\nNot shown: 1 growth target" in ax.get_xlabel()
    assert {"Wuhan", "Shijiazhuang"} <= set(texts(fig))
    assert list(charts.figure_data(fig)["value"].sort_values()) == [10, 20, 30]
    zh = charts.growth_dotplot(small_targets, "zh")
    assert zh.axes[0].get_xlabel() == "目标增长率（%/年）"
    assert "发明专利申请量" in texts(zh) and "许可额" in texts(zh)


def test_equal_growth_rates_share_one_label(small_targets: pd.DataFrame) -> None:
    same = small_targets.copy()
    same.loc[same["value"] == 30, "value"] = 20  # Shijiazhuang now sets Wuhan's 20%
    fig = charts.growth_dotplot(same, "en")
    labels = [t for t in texts(fig) if t.endswith("%")]
    assert sorted(labels) == ["10%", "20%"]  # two dots at 20% in one row, one label


def test_empty_inputs_give_a_message_figure(small_targets: pd.DataFrame,
                                            small_agencies: pd.DataFrame) -> None:
    no_growth = small_targets[small_targets["measure"] != "annual_growth"]
    assert "No annual-growth targets" in texts(charts.growth_dotplot(no_growth, "en"))
    assert "无年均增长目标" in texts(charts.growth_dotplot(no_growth, "zh"))
    fig = charts.milestone_trajectories(small_targets, "ip_pledge_financing", "zh")
    assert "该指标无年度节点目标" in texts(fig)
    assert "无责任部门" in texts(charts.agency_chart(small_agencies.iloc[0:0], "zh"))


def test_milestone_trajectories(small_targets: pd.DataFrame) -> None:
    fig = charts.milestone_trajectories(small_targets, "invention_patents_owned", "en")
    ax = fig.axes[0]
    (line,) = ax.get_lines()
    assert list(line.get_xdata()) == [2017, 2018, 2019, 2020]
    assert list(line.get_ydata()) == [21, 24, 27, 30]
    markers = {tuple(c.get_offsets()[0]) for c in ax.collections}
    assert markers == {(2020, 25), (2020, 7.5)}  # Qingdao; Sichuan (supplementary)
    assert ax.get_ylabel() == "items per 10,000 residents"
    assert ax.get_xlabel() == "Target year"
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend == ["Nantong", "Sichuan (figure from a reference source)",
                      "Qingdao (end-point target)"]
    note = fig.get_supxlabel()
    assert "per 10,000 residents" in note
    assert "1 target(s) measured otherwise omitted: stock (1)." in note.replace("\n", " ")
    zh = charts.milestone_trajectories(small_targets, "invention_patents_owned", "zh")
    assert zh.axes[0].get_ylabel() == "件/万人"
    assert zh.get_supxlabel() == ("仅显示计量方式为“每万人”（与节点目标相同）的目标。 "
                                  "另有1个目标计量方式不同，未显示：存量（1）。")


def test_several_milestone_series_are_told_apart_without_chinese_in_english() -> None:
    rows = pd.DataFrame([
        {"jurisdiction": "nantong", "indicator": "x", "status": "milestone", "measure": "level",
         "value": v, "unit": "items", "target_year": y, "subject": subject}
        for subject, values in (("甲", (1, 2)), ("乙", (5, 9))) for y, v in zip((2019, 2020), values,
                                                                               strict=True)])
    en = charts.milestone_trajectories(rows, "x", "en")
    legend = [t.get_text() for t in en.legends[0].get_texts()]
    assert legend == ["Nantong (series ending at 2 in 2020)", "Nantong (series ending at 9 in 2020)"]
    zh = charts.milestone_trajectories(rows, "x", "zh")
    assert [t.get_text() for t in zh.legends[0].get_texts()] == ["南通市: 甲", "南通市: 乙"]


def test_milestones_in_base_units(targets: pd.DataFrame) -> None:
    # Nantong's 全市投融资规模 3亿 → 10亿 (cumulative): shown in 100 million yuan
    fig = charts.milestone_trajectories(targets, "ip_investment_financing", "en")
    ax = fig.axes[0]
    assert ax.get_ylabel() == "100 million yuan"
    assert list(ax.get_lines()[0].get_ydata()) == [3, 5, 8, 10]


def test_similarity_dendrogram(small_matrix: pd.DataFrame) -> None:
    fig = charts.similarity_dendrogram(small_matrix, "zh")
    (ax,) = fig.axes
    leaves = {t.get_text() for t in ax.get_yticklabels()}
    assert leaves == {"武汉市", "石家庄市", "四川省", "南通市"}
    assert ax.get_title() == "规划相似度（平均联结）"
    assert ax.get_xlabel().startswith("詹森-香农距离")
    en = charts.similarity_dendrogram(small_matrix, "en", method="complete")
    assert en.axes[0].get_title() == "Similarity of plans (complete linkage)"


def test_instrument_mix(small_instruments: pd.DataFrame) -> None:
    fig = charts.instrument_mix(small_instruments, "en")
    (ax,) = fig.axes
    strings = texts(fig)
    # Wuhan 2/1/1 → 50 %, 25 %, 25 %; Nantong 3/0/1 → 75 %, 25 %; Qingdao has none
    assert sorted(s for s in strings if s.endswith("%")) == ["25%", "25%", "25%", "50%", "75%"]
    assert {"n = 4", "no actions"} <= set(strings)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Wuhan", "Nantong", "Qingdao"]
    assert ax.get_xlabel() == "Share of the plan's actions (%)"
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend == ["Supply-side", "Demand-side", "Environmental"]
    zh = charts.instrument_mix(small_instruments, "zh")
    assert [t.get_text() for t in zh.legends[0].get_texts()] == ["供给型", "需求型", "环境型"]
    assert "共4条" in texts(zh)


def test_coverage_heatmap(small_matrix: pd.DataFrame, small_instruments: pd.DataFrame) -> None:
    fig = charts.coverage_heatmap(small_matrix, "zh")
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["武汉市", "石家庄市", "四川省", "南通市"]
    assert [t.get_text() for t in ax.get_xticklabels()] == [
        "创造", "运用", "金融", "保护", "管理", "服务", "人才", "其他"]
    cells = [t.get_text() for t in ax.texts]
    assert cells == [str(v) for v in small_matrix.to_numpy().ravel()]
    assert ax.get_title() == "各规划对政策领域的覆盖"
    inst = charts.coverage_heatmap(small_instruments, "en", title="Mine")
    assert [t.get_text() for t in inst.axes[0].get_xticklabels()] == [
        "Supply-side", "Demand-side", "Environmental"]
    assert inst.axes[0].get_xlabel() == "Policy instrument type"
    assert inst.axes[0].get_title() == "Mine"
    counted = small_matrix.copy()
    counted.attrs["source"] = "targets"
    assert charts.coverage_heatmap(counted, "en").axes[1].get_ylabel() == "Count (targets)"


def test_agency_chart(small_agencies: pd.DataFrame) -> None:
    fig = charts.agency_chart(small_agencies, "en")
    (ax,) = fig.axes
    # cooperating roles are left out by default; most charged first (on top)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Intellectual Property Office",
                                                            "Finance Bureau"]
    assert [t.get_text() for t in fig.legends[0].get_texts()] == ["lead", "responsible"]
    assert {"3", "2"} <= {s.strip() for s in texts(fig)}
    zh = charts.agency_chart(small_agencies.drop(columns=["name_zh"]), "zh",
                             roles=("lead", "responsible", "cooperating"))
    assert [t.get_text() for t in zh.axes[0].get_yticklabels()] == [
        "市知识产权局", "市财政局", "市中级人民法院"]
    assert [t.get_text() for t in zh.legends[0].get_texts()] == ["牵头", "责任", "配合"]
    top1 = charts.agency_chart(small_agencies, "zh", top=1)
    assert [t.get_text() for t in top1.axes[0].get_yticklabels()] == ["知识产权局"]


# ----------------------------------------------------------------------------- labels data


def test_chart_labels_have_both_languages_and_glyphs() -> None:
    labels = charts.chart_labels()
    cmap = TTFont(str(fonts.BUNDLED_FONT)).getBestCmap()
    for section in ("text", "states", "categories", "instruments", "units", "measures", "bases",
                    "roles", "kinds"):
        assert labels[section], section
    for section, entries in labels.items():
        for key, entry in entries.items():
            assert set(entry) >= set(LANGS), (section, key)
            missing = {ch for ch in entry["zh"] if CJK.match(ch) and ord(ch) not in cmap}
            assert missing == set(), (section, key, missing)
    cats = ipc.categories()
    for row in cats.itertuples():
        assert labels["categories"][row.category] == {"en": row.en, "zh": row.zh}


def test_parse_labels_rejects_bad_entries() -> None:
    with pytest.raises(ValueError, match=r"text\.a has no string for \['zh'\]"):
        charts.parse_labels({"text": {"a": {"en": "x"}}})
    with pytest.raises(ValueError, match="different fields"):
        charts.parse_labels({"text": {"a": {"en": "{n} x", "zh": "{m}"}}})


def test_unit_text() -> None:
    assert charts.unit_text("items", "en", "per_capita") == "items per 10,000 residents"
    assert charts.unit_text("items", "zh", "per_capita") == "件/万人"
    assert charts.unit_text("items per 10k residents", "zh") == "件/万人"
    assert charts.unit_text("CNY per year per 10k residents", "en") == (
        "yuan per year per 10,000 residents")
    assert charts.unit_text("percent per year", "zh") == "%/年"
    assert charts.unit_text("widgets", "en") == "widgets"
    assert charts.unit_text(None, "en") == ""
    assert charts.plan_name("nantong", "zh") == "南通市"
    assert charts.plan_name("xiamen", "zh") == "xiamen"


def _overlapping_texts(fig: Figure) -> list[tuple[str, str]]:
    """Pairs of visible texts whose boxes overlap by more than a pixel each way, once drawn."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in fig.findobj(Text)
             if t.get_visible() and t.get_text().strip()]
    out = []
    for i, (a_text, a) in enumerate(boxes):
        for b_text, b in boxes[i + 1:]:
            both = a.intersection(a, b)
            if both is not None and both.width > 1 and both.height > 1:
                out.append((a_text, b_text))
    return out


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", ["indicators_panel", "growth_dotplot", "milestone_trajectories",
                                  "plan_timeline", "plans_timeline", "indicator_bars_as_stated"])
def test_no_labels_overlap(name: str, lang: str, request: pytest.FixtureRequest) -> None:
    assert _overlapping_texts(CHARTS[name](request, lang)) == []

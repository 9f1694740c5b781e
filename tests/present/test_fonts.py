"""Tests for ipcompare.present.fonts and the bundled CJK font subset."""

from __future__ import annotations

import importlib
import io
import logging
import unicodedata
import warnings
from collections.abc import Iterator

import matplotlib
import pytest

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import seaborn as sns  # noqa: E402
from fontTools.ttLib import TTFont  # noqa: E402
from matplotlib import font_manager  # noqa: E402

from ipcompare.paths import data_path  # noqa: E402
from ipcompare.present import fonts  # noqa: E402

BUNDLED_FAMILY = "IPCompare Sans SC"
TITLE = "武汉市发明专利拥有量（件）"
TICKS = ["南通市", "青岛市"]
# Layout characters need no glyph: line breaks, tabs and other control characters (Cc), plus
# format characters (Cf, e.g. U+FEFF BOM, zero-width joiners) should a document contain them.
LAYOUT_CATEGORIES = {"Cc", "Cf"}


def _rc_snapshot() -> dict:
    return {k: v for k, v in matplotlib.rcParams.items() if k != "backend"}


def _render(rc: dict | None = None, *, seaborn_first: bool = False, fmt: str = "png") -> bytes:
    """Draw a bar chart with Chinese title and ticks under use_cjk('zh'); fail on any warning."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph ... missing from font(s)" is a UserWarning
        with matplotlib.rc_context():  # undo seaborn's global changes after the test
            if seaborn_first:
                sns.set_theme()
            with fonts.use_cjk("zh") if rc is None else matplotlib.rc_context(rc):
                fig, ax = plt.subplots(figsize=(4, 3))
                try:
                    ax.bar(TICKS, [3, -1])
                    ax.set_title(TITLE)
                    ax.set_ylabel("件数 −1")
                    buf = io.BytesIO()
                    fig.savefig(buf, format=fmt)
                finally:
                    plt.close(fig)
    return buf.getvalue()


@pytest.fixture(autouse=True)
def no_font_log_warnings(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """Fail if matplotlib logs "findfont: Font family ... not found" during a test."""
    with caplog.at_level(logging.WARNING, logger="matplotlib.font_manager"):
        yield
    assert [r.getMessage() for r in caplog.records if r.name.startswith("matplotlib")] == []


def test_missing_glyph_is_detected() -> None:
    # The harness itself must catch what we guard against: Chinese in a Latin-only font.
    with pytest.raises(UserWarning, match="missing from font"):
        _render(rc={"font.family": ["DejaVu Sans"]})


@pytest.fixture
def bundled_only(monkeypatch: pytest.MonkeyPatch) -> str:
    """Pretend no system CJK font is installed, so the bundled subset is used."""
    monkeypatch.setattr(fonts, "system_cjk_family", lambda: None)
    family = fonts.cjk_font_family()
    assert family == BUNDLED_FAMILY
    return family


def test_bundled_font_exists_and_loads() -> None:
    assert fonts.BUNDLED_FONT.is_file()
    assert fonts.BUNDLED_FONT.stat().st_size < 4_000_000
    assert (fonts.BUNDLED_FONT.parent / "LICENSE-OFL.txt").is_file()
    font = TTFont(str(fonts.BUNDLED_FONT))
    assert font["name"].getDebugName(1) == BUNDLED_FAMILY
    cmap = font.getBestCmap()
    for ch in TITLE + "".join(TICKS) + "増—…“”·•×％（）：；，。、":
        assert ord(ch) in cmap, ch


def test_bundled_font_covers_gb2312() -> None:
    cmap = TTFont(str(fonts.BUNDLED_FONT)).getBestCmap()
    missing = []
    for row in range(0xA1, 0xF8):
        for cell in range(0xA1, 0xFF):
            try:
                ch = bytes([row, cell]).decode("gb2312")
            except UnicodeDecodeError:
                continue
            if ord(ch) not in cmap:
                missing.append(ch)
    assert missing == []


def test_bundled_font_covers_every_document_character() -> None:
    cmap = TTFont(str(fonts.BUNDLED_FONT)).getBestCmap()
    paths = sorted(data_path("documents").glob("*.txt"))
    assert paths
    text = "".join(p.read_text(encoding="utf-8") for p in paths)
    missing = {
        ch
        for ch in set(text)
        if ord(ch) not in cmap and unicodedata.category(ch) not in LAYOUT_CATEGORIES
    }
    assert missing == set(), "rebuild the font subset: tools/make_font_subset.py"


def test_font_rc_zh_and_en() -> None:
    family = fonts.cjk_font_family()
    zh = fonts.font_rc("zh")
    assert zh["font.family"] == [family, "DejaVu Sans"]
    assert zh["axes.unicode_minus"] is False
    en = fonts.font_rc("en")
    assert en["font.family"] == ["DejaVu Sans", family]
    assert en["axes.unicode_minus"] is True
    with pytest.raises(ValueError, match="lang"):
        fonts.font_rc("fr")


def test_chinese_figure_renders_without_warnings() -> None:
    png = _render()
    assert png.startswith(b"\x89PNG")


def test_renders_after_seaborn_set_theme() -> None:
    assert _render(seaborn_first=True).startswith(b"\x89PNG")


def test_seaborn_set_theme_with_our_rc_keeps_font() -> None:
    rc = fonts.font_rc("zh")
    with matplotlib.rc_context():
        sns.set_theme(rc=rc)
        assert matplotlib.rcParams["font.family"] == rc["font.family"]
        assert _render(rc={}).startswith(b"\x89PNG")


def test_english_chart_with_chinese_names_falls_back_to_cjk() -> None:
    assert _render(rc=fonts.font_rc("en")).startswith(b"\x89PNG")


def test_bundled_font_renders_without_warnings(bundled_only: str) -> None:
    path = font_manager.findfont(font_manager.FontProperties(family=bundled_only))
    assert path == str(fonts.BUNDLED_FONT)
    assert fonts.font_rc("zh")["font.family"][0] == BUNDLED_FAMILY
    assert _render().startswith(b"\x89PNG")
    assert _render(seaborn_first=True).startswith(b"\x89PNG")


@pytest.mark.parametrize("fmt", ["pdf", "svg"])
def test_bundled_font_vector_output(bundled_only: str, fmt: str) -> None:
    assert len(_render(fmt=fmt)) > 1000


def test_register_bundled_font_is_idempotent() -> None:
    fonts.register_bundled_font()
    n = len(font_manager.fontManager.ttflist)
    assert fonts.register_bundled_font() == BUNDLED_FAMILY
    assert len(font_manager.fontManager.ttflist) == n


def test_system_font_preferred_when_known(monkeypatch: pytest.MonkeyPatch) -> None:
    # Stand-in for an installed CJK family: any name the font manager knows.
    monkeypatch.setattr(fonts, "SYSTEM_CJK_FAMILIES", ("No Such Font", "DejaVu Sans"))
    assert fonts.system_cjk_family() == "DejaVu Sans"
    assert fonts.cjk_font_family() == "DejaVu Sans"
    monkeypatch.setattr(fonts, "SYSTEM_CJK_FAMILIES", ("No Such Font",))
    assert fonts.system_cjk_family() is None
    assert fonts.cjk_font_family() == BUNDLED_FAMILY


def test_global_rcparams_unchanged() -> None:
    before = _rc_snapshot()
    importlib.reload(fonts)
    assert _rc_snapshot() == before
    with fonts.use_cjk("zh") as rc:
        assert matplotlib.rcParams["font.family"] == rc["font.family"]
        assert matplotlib.rcParams["axes.unicode_minus"] is False
    assert _rc_snapshot() == before
    _render(seaborn_first=True)
    assert _rc_snapshot() == before

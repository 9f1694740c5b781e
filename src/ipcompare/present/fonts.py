"""Fonts for charts with Chinese text, without touching matplotlib's install or global rcParams.

``cjk_font_family()`` prefers a CJK font that matplotlib's font manager already knows and
otherwise registers the bundled subset of Noto Sans CJK SC (``_fonts/``, SIL OFL 1.1).
``font_rc(lang)`` returns rcParams overrides to pass to ``matplotlib.rc_context`` or
``seaborn.set_theme(rc=...)``; ``use_cjk(lang)`` is that ``rc_context``.

matplotlib (>= 3.6) falls back glyph by glyph along an explicit ``font.family`` list, so the lists
below name families, not the generic "sans-serif" (a generic alias resolves to one font only).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import matplotlib
from matplotlib import font_manager

from ..vocab.constants import check_lang

BUNDLED_FONT: Path = Path(__file__).resolve().parents[1] / "_fonts" / "NotoSansCJKsc-Regular-GB2312.otf"
"""The bundled GB2312 subset of Noto Sans CJK SC Regular (family "IPCompare Sans SC")."""

SYSTEM_CJK_FAMILIES: tuple[str, ...] = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Noto Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "PingFang SC",
    "Hiragino Sans GB",
    "SimHei",
    "Heiti SC",
    "STHeiti",
)
"""Simplified-Chinese sans families to use when installed, best first."""

LATIN_FAMILY = "DejaVu Sans"  # ships with matplotlib, so it is always found

_lock = threading.Lock()


def system_cjk_family() -> str | None:
    """Return the first of SYSTEM_CJK_FAMILIES that matplotlib's font manager knows, or None."""
    known = {entry.name for entry in font_manager.fontManager.ttflist}
    return next((family for family in SYSTEM_CJK_FAMILIES if family in known), None)


def register_bundled_font() -> str:
    """Register the bundled CJK font with matplotlib (once) and return its family name."""
    path = str(BUNDLED_FONT)
    with _lock:
        entries = [e for e in font_manager.fontManager.ttflist if e.fname == path]
        if not entries:
            if not BUNDLED_FONT.is_file():
                raise FileNotFoundError(
                    f"bundled font missing: {path} (rebuild with tools/make_font_subset.py)"
                )
            font_manager.fontManager.addfont(path)
            entries = [e for e in font_manager.fontManager.ttflist if e.fname == path]
    return entries[0].name


def cjk_font_family() -> str:
    """Return a font family for Chinese text: an installed CJK font, else the bundled subset."""
    return system_cjk_family() or register_bundled_font()


def font_rc(lang: str = "zh") -> dict[str, Any]:
    """Return rcParams overrides for charts in ``lang`` ("zh" or "en"), CJK fallback included."""
    check_lang(lang)
    cjk = cjk_font_family()
    families = [cjk, LATIN_FAMILY] if lang == "zh" else [LATIN_FAMILY, cjk]
    return {
        "font.family": families,
        # Code that resets font.family to the generic "sans-serif" (seaborn.set_theme without
        # rc) still gets the first family of this list.
        "font.sans-serif": families,
        # CJK fonts such as SimHei lack U+2212 MINUS SIGN; DejaVu Sans has it.
        "axes.unicode_minus": lang != "zh",
    }


@contextmanager
def use_cjk(lang: str = "zh") -> Iterator[dict[str, Any]]:
    """Apply ``font_rc(lang)`` inside a ``matplotlib.rc_context``; yield the overrides."""
    rc = font_rc(lang)
    with matplotlib.rc_context(rc):
        yield rc

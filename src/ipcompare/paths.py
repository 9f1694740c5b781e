"""Where the project's data lives: inside the installed package, or the repository's ``data/``."""

from __future__ import annotations

import os
from pathlib import Path

from .caching import data_cache

_PACKAGE_DIR = Path(__file__).resolve().parent


@data_cache
def data_dir() -> Path:
    """Return the data directory (``$IPCOMPARE_DATA``, the packaged copy, or the repo's ``data/``)."""
    override = os.environ.get("IPCOMPARE_DATA")
    candidates = [Path(override)] if override else []
    candidates += [_PACKAGE_DIR / "_data", _PACKAGE_DIR.parents[1] / "data"]
    for candidate in candidates:
        if (candidate / "registry.csv").is_file():
            return candidate
    raise FileNotFoundError(
        "ipcompare data directory not found; looked in " + ", ".join(map(str, candidates))
    )


def data_path(*parts: str) -> Path:
    """Return a path inside the data directory."""
    return data_dir().joinpath(*parts)

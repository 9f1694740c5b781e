"""Fixtures of the corpus-stage tests."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from ipcompare import caching
from ipcompare.paths import data_path


@pytest.fixture()
def data_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private copy of data/, used by the library while the test runs."""
    d = tmp_path / "data"
    shutil.copytree(data_path("registry.csv").parent, d)
    monkeypatch.setenv("IPCOMPARE_DATA", str(d))
    caching.clear()
    yield d
    monkeypatch.delenv("IPCOMPARE_DATA")
    caching.clear()

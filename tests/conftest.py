"""Shared fixtures: the corpus targets table (built once per session), texts and reference sets."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd
import pytest

import ipcompare as ipc

TESTS_DIR = Path(__file__).resolve().parent
FIXTURES_DIR = TESTS_DIR / "fixtures"

#: the five registered jurisdictions, in registry order
JURISDICTION_IDS = ["wuhan", "shijiazhuang", "sichuan", "nantong", "qingdao"]


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    """The tests/fixtures directory."""
    return FIXTURES_DIR


@pytest.fixture(scope="session")
def jurisdiction_ids() -> list[str]:
    """The registered jurisdiction ids, in registry order."""
    return list(JURISDICTION_IDS)


@pytest.fixture(scope="session")
def corpus_targets() -> pd.DataFrame:
    """``ipc.targets()`` for the whole corpus (cached by the package; tests must not mutate it)."""
    return ipc.targets()


@pytest.fixture(scope="session")
def documents() -> dict[str, ipc.Document]:
    """Every registered document by jurisdiction id."""
    return {j: ipc.load_document(j) for j in JURISDICTION_IDS}


@pytest.fixture(scope="session")
def texts(documents: dict[str, ipc.Document]) -> dict[str, str]:
    """The decoded text of every registered document, by jurisdiction id and by document id."""
    out = {j: d.text for j, d in documents.items()}
    out.update({d.document: d.text for d in documents.values()})
    return out


@pytest.fixture(scope="session")
def gold() -> pd.DataFrame:
    """The hand-checked gold rows of the five plans (``document`` holds jurisdiction ids)."""
    frames = [pd.read_csv(FIXTURES_DIR / "gold" / f"{j}.csv", dtype={"number_text": str})
              for j in JURISDICTION_IDS]
    return pd.concat(frames, ignore_index=True)


@pytest.fixture
def copy_registered(tmp_path: Path, documents: dict[str, ipc.Document]) -> Callable[..., Path]:
    """Return a function writing a registered document's text to tmp_path in a given encoding."""

    def _copy(jurisdiction: str, name: str, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.write_bytes(documents[jurisdiction].text.encode(encoding))
        return path

    return _copy


@pytest.fixture(scope="module")
def payload_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A data directory whose every text field carries an HTML/JS and mathtext payload
    (``tests/payload_data.py``), in use (IPCOMPARE_DATA) for the module's tests."""
    from ipcompare import caching
    from payload_data import write_payload_data

    data = write_payload_data(tmp_path_factory.mktemp("payload") / "data")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("IPCOMPARE_DATA", str(data))
        caching.clear()
        yield data
    caching.clear()

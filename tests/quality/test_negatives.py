"""Data-driven checks that non-targets are not extracted (modelled on country_converter's tests).

``tests/fixtures/texts/negatives.tsv`` has one case per line (tab-separated, no quoting):

- ``text``: a sentence in the style of a plan or a press report, or ``@name.txt`` for a whole
  file in ``tests/fixtures/texts/``;
- ``expected_values``: the values (number as written, ``3`` for 3万件) of the only targets the
  text holds, ``|``-separated, empty when it holds none;
- ``xfail``: empty, or why the current extractor is known to get the case wrong.

Document numbers, dates, section numbers, slogans, baselines and achievements, phone numbers,
addresses, ICP numbers, page furniture and vague quantities must give no rows.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

import ipcompare as ipc

TEXTS = Path(__file__).resolve().parents[1] / "fixtures" / "texts"
CASES_FILE = TEXTS / "negatives.tsv"


def _load_cases() -> list[dict[str, str]]:
    with CASES_FILE.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def _text(case: dict[str, str]) -> str:
    raw = case["text"]
    return (TEXTS / raw[1:]).read_text(encoding="utf-8") if raw.startswith("@") else raw


def _expected(case: dict[str, str]) -> list[float]:
    return sorted(float(v) for v in case["expected_values"].split("|") if v.strip())


CASES = _load_cases()


def _param(i: int, case: dict[str, str]):
    marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if case["xfail"] else []
    raw = case["text"]
    name = raw[1:].removesuffix(".txt") if raw.startswith("@") else f"line{i + 1}"
    return pytest.param(case, id=name, marks=marks)


@pytest.mark.parametrize("case", [_param(i, c) for i, c in enumerate(CASES, 1)])
def test_only_expected_targets(case: dict[str, str]) -> None:
    text = _text(case)
    df = ipc.extract_targets(text, document="negative")
    got = sorted(float(v) for v in df["value"])
    found = list(zip(df["number_text"], df["subject"], strict=True))
    assert got == _expected(case), f"extracted {found}"


def test_case_file_is_well_formed() -> None:
    assert len(CASES) >= 30
    assert all(set(c) == {"text", "expected_values", "xfail"} for c in CASES)
    texts = [c["text"] for c in CASES]
    assert len(texts) == len(set(texts))
    # traditional-character cases are part of the set
    assert sum(any(ch in t for ch in "據萬發專權達擁瀏") for t in texts) >= 6
    # most cases hold no target at all
    assert sum(1 for c in CASES if not c["expected_values"]) >= 50


def test_every_text_file_is_a_case() -> None:
    files = {p.name for p in TEXTS.glob("*.txt")}
    referenced = {c["text"][1:] for c in CASES if c["text"].startswith("@")}
    assert files == referenced
    for name in files:
        assert (TEXTS / name).read_text(encoding="utf-8").strip()

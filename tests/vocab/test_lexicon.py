"""ipcompare.vocab.lexicon: data/lexicon.yaml and data/cues.yaml load, compile and fail clearly."""

from __future__ import annotations

import copy
import re

import pytest
import yaml

from ipcompare.paths import data_path
from ipcompare.vocab.lexicon import CUE_KEYS, MONEY_UNITS, UNIT_CODES, cues, lexicon, parse_cues


@pytest.fixture(scope="module")
def raw_cues() -> dict:
    with open(data_path("cues.yaml"), encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def test_lexicon_loads_and_compiles() -> None:
    lex = lexicon()
    assert set(lex.unit_codes.values()) <= UNIT_CODES and MONEY_UNITS <= UNIT_CODES
    assert lex.unit_re.match("个百分点").group(0) == "个百分点"  # longest first
    assert lex.past_cue_re.search("截至2020年")
    assert not lex.past_cue_re.search("对新获批的企业")  # past_cue_not_after
    assert lex.five_year_plans["十四五"] == (2021, 2025)
    assert set(lex.measure_res) == {"annual_growth", "cumulative", "per_year", "per_capita",
                                    "score", "share"}


def test_every_cue_key_is_loaded_in_order() -> None:
    c = cues()
    assert set(c.lists) == {f"{s}.{k}" for s, keys in CUE_KEYS.items() for k in keys}
    assert c.words("subjects.connectors")[:2] == ("或者", "并且")
    assert c.alt("dates.roc_marks") == "民国|民國"
    assert c.regex("subjects.fund_nouns").search("专项资金")
    assert c.not_after("dates.due_not_after") == "(?<!截)(?<!截止)"
    with pytest.raises(KeyError, match="no cue list 'dates.nope'"):
        c.words("dates.nope")


def _broken(raw: dict, section: str, key: str, value: object) -> dict:
    out = copy.deepcopy(raw)
    if value is _DROP:
        del out[section][key]
    else:
        out[section][key] = value
    return out


_DROP = object()


@pytest.mark.parametrize(("section", "key", "value", "message"), [
    ("subjects", "fund_nouns", ["基金", "资金("], r"subjects\.fund_nouns: '资金\(' does not compile"),
    ("subjects", "fund_nouns", ["(?:基金)?"], r"subjects\.fund_nouns: .* matches the empty text"),
    ("subjects", "fund_nouns", [], r"subjects\.fund_nouns: must be a non-empty list"),
    ("subjects", "fund_nouns", "基金", r"subjects\.fund_nouns: must be a non-empty list"),
    ("subjects", "fund_nouns", _DROP, r"subjects\.fund_nouns: must be a non-empty list"),
    ("dates", "due_not_after", ["截.止"], r"dates\.due_not_after: must list plain words"),
    ("dates", "typo_key", ["到"], r"dates: unknown keys \['typo_key'\]"),
])
def test_cue_errors_name_the_file_and_key(raw_cues, section, key, value, message) -> None:
    with pytest.raises(ValueError, match=f"^my/cues.yaml: {message}"):
        parse_cues(_broken(raw_cues, section, key, value), "my/cues.yaml")


def test_cue_errors_for_sections(raw_cues) -> None:
    with pytest.raises(ValueError, match=r"^x.yaml: unknown sections \['extra'\]"):
        parse_cues({**raw_cues, "extra": {}}, "x.yaml")
    missing = {k: v for k, v in raw_cues.items() if k != "tables"}
    with pytest.raises(ValueError, match=r"^x.yaml: tables: missing section"):
        parse_cues(missing, "x.yaml")
    with pytest.raises(ValueError, match="must be a mapping"):
        parse_cues(["not", "a", "mapping"], "x.yaml")


def test_every_cue_alternative_is_a_valid_regex(raw_cues) -> None:
    c = parse_cues(raw_cues)
    for key in c.lists:
        re.compile(c.alt(key))


def test_cues_are_read_from_the_data_directory(tmp_path, monkeypatch, raw_cues) -> None:
    """A changed cue file is seen after ``caching.clear()`` (the data directory is the source)."""
    import shutil

    from ipcompare import caching

    data = tmp_path / "data"
    shutil.copytree(data_path("registry.csv").parent, data)
    changed = copy.deepcopy(raw_cues)
    changed["subjects"]["fund_nouns"] = ["基金"]
    (data / "cues.yaml").write_text(yaml.safe_dump(changed, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv("IPCOMPARE_DATA", str(data))
    caching.clear()
    try:
        assert cues().words("subjects.fund_nouns") == ("基金",)
    finally:
        monkeypatch.delenv("IPCOMPARE_DATA")
        caching.clear()
    assert "资金" in cues().words("subjects.fund_nouns")

"""The extractor's word lists (data/lexicon.yaml), loaded once and compiled into regexes."""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from ..caching import data_cache
from ..paths import data_path

UNIT_CODES = {
    "items", "organizations", "people", "projects", "CNY", "HKD", "MOP", "percent",
    "percentage_points", "points", "m2", "ratio", "person_times", "times", "batches",
}
#: currency unit codes (amounts of money)
MONEY_UNITS = frozenset({"CNY", "HKD", "MOP"})
COMPARATORS = (">=", "=", "<=", "range", "approx")


def _alternation(words: list[str]) -> str:
    """Regex alternation of literal words, longest first."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@dataclass(frozen=True)
class Lexicon:
    """Compiled word lists used by the extractor."""

    raw: dict
    unit_codes: dict[str, str]
    unit_re: re.Pattern[str]
    non_target_unit_re: re.Pattern[str]
    cn_unit_re: re.Pattern[str]
    vague_re: re.Pattern[str]
    after_comparator: list[tuple[str, str]]
    before_comparator: list[tuple[str, str]]
    adverb_tail_re: re.Pattern[str]
    creation_verbs: tuple[str, ...]
    creation_tail_re: re.Pattern[str]
    creation_head_re: re.Pattern[str]
    stock_verbs: tuple[str, ...]
    object_verb_tail_re: re.Pattern[str]
    present_verb_re: re.Pattern[str]
    predicate_re: re.Pattern[str]
    stock_heads: tuple[str, ...]
    shared_head_re: re.Pattern[str]
    each_re: re.Pattern[str]
    baseline_after_re: re.Pattern[str]
    past_cue_re: re.Pattern[str]
    future_cue_re: re.Pattern[str]
    existing_scope_re: re.Pattern[str]
    baseline_context_re: re.Pattern[str]
    structure_noun_re: re.Pattern[str]
    incentive_re: re.Pattern[str]
    past_le_re: re.Pattern[str]
    furniture_re: re.Pattern[str]
    five_year_plans: dict[str, tuple[int, int]]
    five_year_past_re: re.Pattern[str]
    measure_res: dict[str, re.Pattern[str]]


def _check(raw: dict) -> None:
    bad = sorted({code for code in raw["units"].values()} - UNIT_CODES)
    if bad:
        raise ValueError(f"lexicon.yaml: unknown unit codes {bad}; valid: {sorted(UNIT_CODES)}")
    for side in ("after", "before"):
        unknown = sorted(set(raw["comparators"][side]) - set(COMPARATORS))
        if unknown:
            raise ValueError(f"lexicon.yaml: unknown comparators {unknown}; valid: {COMPARATORS}")


@data_cache
def lexicon() -> Lexicon:
    """Load and compile data/lexicon.yaml."""
    with open(data_path("lexicon.yaml"), encoding="utf-8") as fh:
        raw = yaml.safe_load(fh)
    _check(raw)
    units = {str(k): v for k, v in raw["units"].items()}

    def pairs(side: str) -> list[tuple[str, str]]:
        out = [(w, comp) for comp, words in raw["comparators"][side].items() for w in words]
        return sorted(out, key=lambda p: len(p[0]), reverse=True)

    m = raw["measures"]
    return Lexicon(
        raw=raw,
        unit_codes=units,
        unit_re=re.compile(_alternation(list(units))),
        non_target_unit_re=re.compile(_alternation(raw["non_target_units"])),
        cn_unit_re=re.compile(_alternation(raw["chinese_numeral_units"])),
        vague_re=re.compile(_alternation(raw["vague_after_chinese_numeral"])),
        after_comparator=pairs("after"),
        before_comparator=pairs("before"),
        adverb_tail_re=re.compile(f"(?:{_alternation(raw['adverbs'])})$"),
        creation_verbs=tuple(raw["creation_verbs"]),
        creation_tail_re=re.compile(f"(?:{_alternation(raw['creation_verbs'])})$"),
        creation_head_re=re.compile(f"^(?:{_alternation(raw['creation_verbs'])})"),
        stock_verbs=tuple(raw["stock_verbs"]),
        object_verb_tail_re=re.compile(f"(?:{_alternation(raw['object_verbs'])})$"),
        predicate_re=re.compile(_alternation(raw["predicate_verbs"])),
        present_verb_re=re.compile(_alternation(raw["present_verbs"])),
        stock_heads=tuple(sorted(raw["stock_heads"], key=len, reverse=True)),
        shared_head_re=re.compile(f"(?:{_alternation(raw['shared_heads'])})$"),
        each_re=re.compile(f"(?:{_alternation(raw['each_markers'])})$"),
        baseline_after_re=re.compile(_alternation(raw["baseline_after"])),
        past_cue_re=re.compile(
            "".join(f"(?<!{re.escape(w)})" for w in raw["past_cue_not_after"])
            + f"(?:{_alternation(raw['past_cues'])})"
        ),
        future_cue_re=re.compile(
            "".join(f"(?<!{re.escape(w)})" for w in raw["future_cue_not_after"])
            + f"(?:{_alternation(raw['future_cues'])})"
        ),
        existing_scope_re=re.compile(f"(?:{_alternation(raw['existing_scope'])})$"),
        baseline_context_re=re.compile(_alternation(raw["baseline_context"])),
        structure_noun_re=re.compile(_alternation(raw["structure_nouns"])),
        incentive_re=re.compile(_alternation(raw["incentive_cues"])),
        past_le_re=re.compile(
            "(?!" + "|".join(re.escape(w) for w in raw["past_le_exceptions"]) + r")[\u4e00-\u9fff]了"
        ),
        furniture_re=re.compile(f"^(?:{_alternation(raw['furniture_line_prefixes'])})"),
        five_year_plans={k: (int(v[0]), int(v[1])) for k, v in raw["five_year_plans"].items()},
        five_year_past_re=re.compile(
            f"({_alternation(list(raw['five_year_plans']))})[”」\"』]?"
            f"(?:{_alternation(raw['five_year_plan_past_suffixes'])})"
        ),
        measure_res={
            "annual_growth": re.compile(_alternation(m["annual_growth"])),
            "cumulative": re.compile(_alternation(m["cumulative"])),
            "per_year": re.compile(_alternation(m["per_year"])),
            "per_capita": re.compile(_alternation(m["per_capita"])),
            "score": re.compile(_alternation(m["score_subject"])),
            "share": re.compile(_alternation(m["share_subject"])),
        },
    )

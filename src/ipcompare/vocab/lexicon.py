"""The extractor's word lists, loaded once, validated and compiled into regexes.

Decisions (what the module promises)
    Words of the language live in data, structure in code. ``data/lexicon.yaml`` holds the
    vocabularies read around a number (units, comparators, verbs, cues of the past and future),
    compiled here into :class:`Lexicon`. ``data/cues.yaml`` holds the other cue words (dates,
    subjects, tables, responsibility notes, agency levels, section kinds) as lists of regex
    alternatives; :func:`cues` checks that every expected key is there (and no other), that each
    alternative compiles and does not match the empty text, and names the file and the key in
    every error. The extract modules compose these alternatives with structural regexes
    (digits, brackets, punctuation) of their own.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

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


def _check(raw: dict, source: str) -> None:
    bad = sorted({code for code in raw["units"].values()} - UNIT_CODES)
    if bad:
        raise ValueError(f"{source}: units: unknown unit codes {bad}; valid: {sorted(UNIT_CODES)}")
    for side in ("after", "before"):
        unknown = sorted(set(raw["comparators"][side]) - set(COMPARATORS))
        if unknown:
            raise ValueError(f"{source}: comparators: unknown comparators {unknown}; valid: {COMPARATORS}")


@data_cache
def lexicon() -> Lexicon:
    """Load and compile data/lexicon.yaml."""
    path = data_path("lexicon.yaml")
    with open(path, encoding="utf-8") as fh:
        return parse_lexicon(yaml.safe_load(fh), str(path))


def parse_lexicon(raw: object, source: str = "lexicon.yaml") -> Lexicon:
    """Validate and compile the parsed YAML of a lexicon; raise ValueError naming the file and
    the key (a missing key, a list of the wrong shape, a word list that does not compile)."""
    if not isinstance(raw, dict):
        raise ValueError(f"{source}: must be a mapping of word lists")
    try:
        return _compile_lexicon(raw, source)
    except KeyError as exc:
        raise ValueError(f"{source}: {exc.args[0]}: missing key") from None
    except (TypeError, AttributeError, re.error) as exc:
        raise ValueError(f"{source}: a word list has the wrong shape ({exc})") from None


def _compile_lexicon(raw: dict, source: str) -> Lexicon:
    _check(raw, source)
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
        incentive_re=re.compile(
            f"(?:{_alternation(raw['incentive_cues'])})(?!{_alternation(raw['incentive_not_before'])})"
        ),
        past_le_re=re.compile(
            "(?!" + "|".join(re.escape(w) for w in raw["past_le_exceptions"]) + r")[\u4e00-\u9fff]了"
        ),
        furniture_re=re.compile(f"^(?:{_alternation(raw['furniture_line_prefixes'])})"),
        five_year_plans={k: (int(v[0]), int(v[1])) for k, v in raw["five_year_plans"].items()},
        five_year_past_re=re.compile(
            f"(?<![一二三四五六七八九十两第])({_alternation(list(raw['five_year_plans']))})[”」\"』]?"
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


# ----------------------------------------------------------------------------- cue words

#: every section and key ``data/cues.yaml`` must have (and may have): a list of alternatives each
CUE_KEYS: dict[str, tuple[str, ...]] = {
    "dates": ("due_prefixes", "due_not_after", "title_due_words", "line_due_openers", "roc_marks",
              "published_verbs", "published_nouns", "doc_number_tails", "until_words",
              "byline_words", "dateline_marks", "masthead_words",
              "one_year_cues", "plan_year_verbs", "clock_hours"),
    "subjects": ("connectors", "list_joiners", "respective_markers", "respective_joiners",
                 "change_tails", "per_year_openers", "responsibility_note_words", "fund_nouns",
                 "ratio_nouns", "compare_words", "relative_bases", "change_verbs", "doublings",
                 "absolute_after_relative", "system_makeup", "year_on_year"),
    "tables": ("baseline_marks", "name_headers", "unit_headers"),
    "responsibility": ("lead", "responsible", "cooperating", "units", "duty", "protected_names",
                       "name_tails", "etc_tails", "scope_notes", "prose_by", "prose_with"),
    "agency_levels": ("national_prefixes", "province_prefixes", "city_prefixes",
                      "district_prefixes", "province_suffixes", "city_suffixes",
                      "district_suffixes", "place_suffixes"),
    "scope": ("part_markers", "phase_markers", "each_markers", "each_exceptions", "all_markers", "all_not_after",
              "requirement_markers", "thresholds", "entity_nouns", "entity_attributes",
              "unit_classifiers", "support_caps", "zone_nouns",
              "place_prepositions", "place_suffixes", "inside_markers", "inside_not_after",
              "gather_verbs", "reliance_markers", "reliance_nouns", "place_name_suffixes",
              "place_name_not_first", "place_name_not_before", "continuations", "share_markers", "zone_heading_verbs",
              "whole_area"),
    "measures": ("span_tails", "span_heads", "flow_nouns", "money_flows"),
    "page": ("furniture_starts", "furniture_inside", "pinyin_letters"),
    "section_kinds": ("schedule", "safeguard", "framing", "task", "safeguard_title_verbs",
                      "safeguard_title_objects", "principle_title_openers", "task_lists"),
}


@dataclass(frozen=True)
class Cues:
    """The validated cue lists of ``data/cues.yaml``, keyed ``"section.key"``."""

    source: str
    lists: Mapping[str, tuple[str, ...]]
    _compiled: dict[str, re.Pattern[str]] = field(default_factory=dict, compare=False, repr=False)

    def words(self, key: str) -> tuple[str, ...]:
        """The alternatives of a key, in the order written."""
        try:
            return self.lists[key]
        except KeyError:
            raise KeyError(f"{self.source}: no cue list {key!r}; valid: {sorted(self.lists)}") from None

    def alt(self, key: str) -> str:
        """Regex source ``a|b|c`` of a key's alternatives (in the order written)."""
        return "|".join(self.words(key))

    def regex(self, key: str) -> re.Pattern[str]:
        """The compiled alternation of a key."""
        if key not in self._compiled:
            self._compiled[key] = re.compile(self.alt(key))
        return self._compiled[key]

    def not_after(self, key: str) -> str:
        """Regex source of negative lookbehinds, one per word of a key: ``(?<!截)(?<!截止)``."""
        return "".join(f"(?<!{re.escape(w)})" for w in self.words(key))


def parse_cues(raw: object, source: str = "cues.yaml") -> Cues:
    """Validate the parsed YAML of a cue file; raise ValueError naming the file and the key."""
    if not isinstance(raw, dict):
        raise ValueError(f"{source}: must be a mapping of sections {sorted(CUE_KEYS)}")
    unknown = sorted(set(raw) - set(CUE_KEYS))
    if unknown:
        raise ValueError(f"{source}: unknown sections {unknown}; valid: {sorted(CUE_KEYS)}")
    lists: dict[str, tuple[str, ...]] = {}
    for section, keys in CUE_KEYS.items():
        body = raw.get(section)
        if not isinstance(body, dict):
            raise ValueError(f"{source}: {section}: missing section (a mapping of {list(keys)})")
        extra = sorted(set(body) - set(keys))
        if extra:
            raise ValueError(f"{source}: {section}: unknown keys {extra}; valid: {list(keys)}")
        for key in keys:
            where = f"{source}: {section}.{key}"
            items = body.get(key)
            if not isinstance(items, list) or not items or not all(isinstance(w, str) and w
                                                                  for w in items):
                raise ValueError(f"{where}: must be a non-empty list of non-empty strings")
            for w in items:
                try:
                    pat = re.compile(w)
                except re.error as err:
                    raise ValueError(f"{where}: {w!r} does not compile: {err}") from None
                if pat.search("") is not None:
                    raise ValueError(f"{where}: {w!r} matches the empty text")
            if key.endswith("_not_after") and any(re.escape(w) != w for w in items):
                raise ValueError(f"{where}: must list plain words (no regex syntax)")
            lists[f"{section}.{key}"] = tuple(items)
    return Cues(source, lists)


@data_cache
def cues() -> Cues:
    """Load and validate data/cues.yaml."""
    path = data_path("cues.yaml")
    with open(path, encoding="utf-8") as fh:
        raw = yaml.safe_load(fh)
    return parse_cues(raw, str(path))

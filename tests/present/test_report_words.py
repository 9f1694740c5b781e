"""The wording of the reports as data (data/report_words.yaml): every key in both languages with
the same fields, every key the code asks for defined and every defined key used, no wording
left in code, and a broken file rejected with an error naming the file and the key."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import yaml

from ipcompare.paths import data_path
from ipcompare.present import wording
from ipcompare.present.wording import WordingError, fields, parse_words, word
from ipcompare.vocab.constants import LANGS

SRC = Path(wording.__file__).resolve().parents[1]
#: the modules that print report wording
USERS = (sorted((SRC / "sections").glob("*.py")) + [SRC / "present" / "html.py"]
         + sorted((SRC / "site").glob("*.py")))
#: keys the code builds from a value (f"status_{status}", …): used when the prefix is
DYNAMIC = ("status_", "kind_", "level_", "reason_", "scope_", "flag_", "plan_kind_", "col_q_")
CJK = re.compile(r"[\u3400-\u9fff]")

RAW = yaml.safe_load(data_path(wording.FILE).read_text(encoding="utf-8"))


def test_the_file_is_a_flat_mapping_of_string_keys():
    assert isinstance(RAW, dict) and RAW
    assert all(isinstance(k, str) for k in RAW), [k for k in RAW if not isinstance(k, str)]


@pytest.mark.parametrize("key", sorted(RAW, key=str))
def test_every_key_has_both_languages_with_the_same_fields(key):
    entry = RAW[key]
    assert set(entry) == set(LANGS), key
    for lang in LANGS:
        assert isinstance(entry[lang], str) and entry[lang].strip(), (key, lang)
    assert fields(entry["en"]) == fields(entry["zh"]), key


def test_the_loader_returns_the_file_checked():
    assert wording.words() == RAW
    assert word("rank_of", "zh", rank=1, n=4) == "第1（共4个）"
    assert word("more", "en", n="2") == " and 2 more" and word("more", "zh", n="5") == "等5项"


def _calls(tree: ast.AST) -> list[tuple[str, int]]:
    """(key, line) of every word/sentence/has_word call whose key is a literal."""
    out = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id in ("word", "sentence", "has_word") and node.args
                and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            out.append((node.args[0].value, node.lineno))
    return out


def _strings(tree: ast.AST) -> set[str]:
    return {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)}


def test_every_key_the_code_asks_for_is_defined_and_every_key_is_used():
    asked, literals = [], set()
    for path in USERS:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        asked += [(key, f"{path.name}:{line}") for key, line in _calls(tree)]
        literals |= _strings(tree)
    assert [a for a in asked if a[0] not in RAW] == []
    unused = [k for k in RAW if k not in literals and not k.startswith(DYNAMIC)]
    assert unused == []


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
    return ids


@pytest.mark.parametrize("path", USERS, ids=lambda p: p.name)
def test_no_module_holds_chinese_wording(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = _docstrings(tree)
    found = [(n.lineno, n.value) for n in ast.walk(tree)
             if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs
             and CJK.search(n.value)]
    assert found == []


@pytest.mark.parametrize(("raw", "message"), [
    ({"title": {"en": "Title"}}, r"x\.yaml: key 'title' has no non-empty string for \['zh'\]"),
    ({"title": {"en": "Title", "zh": "  "}}, r"x\.yaml: key 'title' has no non-empty string"),
    ({"title": "Title"}, r"x\.yaml: key 'title' must map each of"),
    ({"n_rows": {"en": "{n} rows", "zh": "{k}行"}}, r"x\.yaml: key 'n_rows' has different \{fields\}"),
    ({"bad": {"en": "{n", "zh": "{n}"}}, r"x\.yaml: key 'bad' is not a valid format string"),
    ({True: {"en": "yes", "zh": "是"}}, r"x\.yaml: key True is not a string"),
    ({"title": {"en": "T", "zh": "题", "fr": "T"}}, r"x\.yaml: key 'title' has unknown languages \['fr'\]"),
    ([], r"x\.yaml: the top level must be"),
])
def test_parse_words_names_the_file_and_the_key(raw, message):
    with pytest.raises(WordingError, match=message):
        parse_words(raw, "x.yaml")


def test_a_broken_file_fails_on_load_naming_file_and_key(tmp_path, monkeypatch):
    broken = tmp_path / wording.FILE
    broken.write_text('summary: {en: "Summary", zh: "概要"}\n'
                      'n_rows: {en: "{n} rows", zh: "共{k}行"}\n', encoding="utf-8")
    monkeypatch.setattr(wording, "data_path", lambda *parts: tmp_path.joinpath(*parts))
    wording.words.cache_clear()
    try:
        with pytest.raises(WordingError, match=re.escape(str(broken)) + r": key 'n_rows' has "
                           r"different \{fields\} per language"):
            word("summary", "en")
    finally:
        monkeypatch.undo()
        wording.words.cache_clear()
    assert word("summary", "zh") == "概要"


def test_an_unknown_key_or_language_is_an_error():
    with pytest.raises(WordingError, match="no key 'no_such_key'"):
        word("no_such_key", "en")
    with pytest.raises(ValueError, match="lang must be one of"):
        word("summary", "fr")


def test_every_kind_of_plan_has_a_name_in_both_languages():
    from ipcompare.vocab.constants import PLAN_KINDS

    assert [k for k in PLAN_KINDS if f"plan_kind_{k}" not in RAW] == []
    assert [k for k in RAW if k.startswith("plan_kind_") and k[10:] not in PLAN_KINDS] == []

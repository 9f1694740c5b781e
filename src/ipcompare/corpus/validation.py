"""Checks of the data files before anything reads them for real: one line per problem.

Decisions (what the module promises)
    :func:`data_problems` reads every data file itself (``csv`` with ``strict=True`` and
    ``yaml.safe_load``, not pandas), so a problem is reported as ``file:line: field: message``
    and never as a parser's traceback. It covers syntax (YAML, CSV quoting, column counts,
    encoding, unreadable files), the registry (periods, the plan file it points at, document
    numbers, kinds of plan, source URLs), the reference population (numeric, positive), the
    corrections (action, field, typed values, indicators known to the taxonomy), and the published
    outcomes and 2020 census population (:mod:`ipcompare.corpus.outcomes`' rules: number written
    in its quote, indicator and unit known, as-of date given, lower bounds marked). It is pure
    apart from reading files. Corrections naming a
    target that no longer exists need an extraction; :func:`stale_problems` words them the same
    way. ``ipcompare validate`` prints these lines and ``ipcompare build`` refuses with them
    before writing anything.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path

from ..errors import DataError, syntax_problem
from ..extract.docnumber import is_doc_number
from ..paths import data_dir
from ..vocab.constants import CATEGORIES, MEASURES, PLAN_KINDS, SCOPES, STATUSES
from ..vocab.lexicon import COMPARATORS, UNIT_CODES
from .outcomes import CENSUS_COLUMNS, OUTCOME_COLUMNS, RowContext, census_row_problems, row_problems
from .registry import LEVELS, REGISTRY_COLUMNS
from .review import _NUMERIC, ACTIONS, SETTABLE

_CORRECTION_COLUMNS = ["target_id", "action", "field", "value", "reason"]
# a correction may set these fields only to a value of their closed vocabulary
_CLOSED: dict[str, Iterable[str]] = {
    "unit": sorted(UNIT_CODES), "comparator": COMPARATORS, "measure": MEASURES,
    "category": CATEGORIES, "status": STATUSES, "scope": SCOPES,
}


def _read_csv(path: Path, problems: list[str]) -> list[tuple[int, dict[str, str]]] | None:
    """Rows of a CSV file with their line numbers; ``None`` (and a problem) when unreadable."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        problems.append(f"{path}: unreadable: {exc.strerror or exc}")
        return None
    except UnicodeDecodeError as exc:
        problems.append(f"{path}: encoding: not UTF-8 (byte {exc.start}); save it as UTF-8")
        return None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, dict[str, str]]] = []
    try:
        header = next(reader, None)
        if header is None:
            problems.append(f"{path}:1: header: the file is empty")
            return None
        for fields in reader:
            if not any(f.strip() for f in fields):
                continue
            if len(fields) != len(header):
                problems.append(f"{path}:{reader.line_num}: row: {len(fields)} fields, the header "
                                f"has {len(header)} (an unquoted comma?)")
                continue
            rows.append((reader.line_num, dict(zip(header, fields, strict=True))))
    except csv.Error as exc:
        problems.append(f"{path}:{reader.line_num}: syntax: {exc} (an unclosed quote?)")
        return None
    return [(0, dict.fromkeys(header, ""))] + rows  # the header first, as line 0


def _columns(path: Path, rows: list[tuple[int, dict[str, str]]], need: Iterable[str],
             problems: list[str]) -> bool:
    missing = [c for c in need if c not in rows[0][1]]
    if missing:
        problems.append(f"{path}:1: header: missing columns {missing}")
    return not missing


def _yaml_problems(root: Path) -> tuple[list[str], dict[str, object]]:
    import yaml

    problems, loaded = [], {}
    for path in sorted(root.glob("*.yaml")):
        try:
            loaded[path.name] = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            problems.append(syntax_problem(path, exc))
        except OSError as exc:
            problems.append(f"{path}: unreadable: {exc.strerror or exc}")
        except UnicodeDecodeError as exc:
            problems.append(f"{path}: encoding: not UTF-8 (byte {exc.start}); save it as UTF-8")
    return problems, loaded


def _registry_problems(root: Path, problems: list[str]) -> None:
    path = root / "registry.csv"
    rows = _read_csv(path, problems)
    if rows is None or not _columns(path, rows, REGISTRY_COLUMNS, problems):
        return
    for line, row in rows[1:]:
        for col in ("jurisdiction", "document", "file"):
            if not row[col].strip():
                problems.append(f"{path}:{line}: {col}: empty")
        if row["level"] not in LEVELS:
            problems.append(f"{path}:{line}: level: {row['level']!r} is not one of {sorted(LEVELS)}")
        years = {}
        for col in ("period_start", "period_end"):
            try:
                years[col] = int(row[col])
            except ValueError:
                problems.append(f"{path}:{line}: {col}: {row[col]!r} is not a year")
        if len(years) == 2 and years["period_start"] > years["period_end"]:
            problems.append(f"{path}:{line}: period_start: after period_end")
        _registry_extra_problems(f"{path}:{line}", row, problems)
        doc = root / "documents" / row["file"]
        if row["file"].strip() and not doc.resolve().is_relative_to((root / "documents").resolve()):
            problems.append(f"{path}:{line}: file: {row['file']!r} points outside {root / 'documents'}")
        elif row["file"].strip() and not doc.is_file():
            problems.append(f"{path}:{line}: file: {doc} does not exist")
        elif row["file"].strip():
            try:
                with doc.open("rb") as fh:
                    fh.read(1)
            except OSError as exc:
                problems.append(f"{path}:{line}: file: {doc} is unreadable ({exc.strerror or exc})")


_URL_SCHEMES = ("https://", "http://")


def _doc_number_or_unknown(number: str) -> bool:
    """True when ``number`` reads as a document number, or when the cue file that says so is
    itself broken (said on its own line)."""
    try:
        return is_doc_number(number)
    except ValueError:
        return True


def _registry_extra_problems(where: str, row: dict[str, str], problems: list[str]) -> None:
    """The optional columns: document number, kind of plan, source URL (empty when unknown)."""
    number = row.get("doc_number", "")
    if number and not _doc_number_or_unknown(number):
        problems.append(f"{where}: doc_number: {number!r} is not a document number "
                        "(issuer, bracketed year, serial number: e.g. X字〔2017〕58号)")
    kind = row.get("plan_kind", "")
    if kind and kind not in PLAN_KINDS:
        problems.append(f"{where}: plan_kind: {kind!r} is not one of {list(PLAN_KINDS)}")
    url = row.get("source_url", "")
    if url and (not url.startswith(_URL_SCHEMES) or any(c.isspace() for c in url)):
        problems.append(f"{where}: source_url: {url!r} is not an http(s) URL")
    for col in ("doc_number", "source_url", "archive_ref"):
        value = row.get(col, "")
        if value != value.strip():
            problems.append(f"{where}: {col}: leading or trailing spaces")


def _population_problems(root: Path, problems: list[str]) -> None:
    path = root / "population_2018.csv"
    rows = _read_csv(path, problems)
    need = ["jurisdiction", "year", "resident_population_10k"]
    if rows is None or not _columns(path, rows, need, problems):
        return
    for line, row in rows[1:]:
        raw = row["resident_population_10k"]
        try:
            value = float(raw)
        except ValueError:
            problems.append(f"{path}:{line}: resident_population_10k: {raw!r} is not a number "
                            "(write 1108.10, without thousands separators)")
            continue
        if not value > 0 or value == float("inf"):
            problems.append(f"{path}:{line}: resident_population_10k: {raw!r} must be positive")


def _corrections_problems(root: Path, problems: list[str], indicators: set[str] | None) -> None:
    path = root / "corrections.csv"
    rows = _read_csv(path, problems)
    if rows is None or not _columns(path, rows, _CORRECTION_COLUMNS, problems):
        return
    for line, row in rows[1:]:
        where = f"{path}:{line}"
        action, fld, value = row["action"], row["field"], row["value"]
        if action not in ACTIONS:
            problems.append(f"{where}: action: {action!r} is not one of {list(ACTIONS)}")
            continue
        if not row["reason"].strip():
            problems.append(f"{where}: reason: every correction needs a reason")
        if action == "drop":
            continue
        col = "indicator" if action == "set_indicator" else fld
        if col not in SETTABLE:
            problems.append(f"{where}: field: cannot set {fld!r}; settable: {list(SETTABLE)}")
            continue
        if col in _NUMERIC and value != "":
            try:
                _NUMERIC[col](value)
            except ValueError:
                kind = "a number" if _NUMERIC[col] is float else "an integer"
                problems.append(f"{where}: value: {value!r} for {col} of {row['target_id']} "
                                f"is not {kind}")
        if col in _CLOSED and value not in _CLOSED[col]:
            problems.append(f"{where}: value: {value!r} for {col} of {row['target_id']} is not "
                            f"one of {list(_CLOSED[col])}")
        if col == "indicator" and indicators is not None and value not in indicators:
            problems.append(f"{where}: value: unknown indicator {value!r} for "
                            f"{row['target_id']} (ids: `ipcompare taxonomy`)")


def _meaning_problems(root: Path, loaded: dict[str, object], problems: list[str]) -> None:
    """The meaning of the taxonomy, lexicon and cue files (keys, categories, units, patterns),
    beyond their YAML syntax: each parser's message, at the line of the entry it names."""
    from ..vocab.lexicon import parse_cues, parse_lexicon
    from ..vocab.taxonomy import parse_taxonomy

    parsers = {"taxonomy.yaml": parse_taxonomy, "lexicon.yaml": parse_lexicon, "cues.yaml": parse_cues}
    for name, parse in parsers.items():
        if name not in loaded:
            continue  # missing or unreadable: said already
        path = root / name
        try:
            parse(loaded[name], str(path))
        except (ValueError, TypeError, KeyError) as exc:
            message = str(exc).removeprefix(f"{path}: ")
            problems.append(f"{path}:{_line_of(path, message)}: {message}")


def _line_of(path: Path, message: str) -> int:
    """The line of the entry a parser's message names (``indicator 'x'``, a top-level key
    ``units:`` or a section), else 1."""
    import re

    m = re.search(r"(?:indicator|category) '([^']+)'", message)
    entry = (re.compile(rf"^\s*-?\s*id:\s*['\"]?{re.escape(m.group(1))}['\"]?\s*$") if m
             else re.compile(rf"^{re.escape(message.split(':', 1)[0])}\s*:"))
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if entry.match(line):
            return n
    return 1


def _indicator_ids(loaded: dict[str, object]) -> set[str] | None:
    raw = loaded.get("taxonomy.yaml")
    if not isinstance(raw, dict) or not isinstance(raw.get("indicators"), list):
        return None
    return {i["id"] for i in raw["indicators"] if isinstance(i, dict) and "id" in i}


def _row_context(root: Path, loaded: dict[str, object]) -> RowContext:
    """Registry ids, indicator units and unit codes of a data directory (empty when unreadable:
    those files' own problems are reported elsewhere)."""
    rows = _read_csv(root / "registry.csv", []) or [(0, {})]
    raw = loaded.get("taxonomy.yaml")
    raw = raw if isinstance(raw, dict) else {}
    inds = raw.get("indicators") if isinstance(raw.get("indicators"), list) else []
    units = {str(i["id"]): str(i.get("unit", "")) for i in inds if isinstance(i, dict) and "id" in i}
    fams = (raw.get("units") or {}).get("families") if isinstance(raw.get("units"), dict) else {}
    codes = {str(c) for v in (fams or {}).values() if isinstance(v, list) for c in v}
    return RowContext(frozenset(r.get("jurisdiction", "") for _, r in rows[1:]), units,
                      frozenset(codes))


def _rows_problems(path: Path, columns: Iterable[str], check, ctx: RowContext,
                   problems: list[str]) -> None:
    """Each row's problems, as ``check(row, ctx)`` gives them, at the row's line."""
    rows = _read_csv(path, problems)
    if rows is None or not _columns(path, rows, columns, problems):
        return
    for line, row in rows[1:]:
        problems.extend(f"{path}:{line}: {fld}: {msg}" for fld, msg in check(row, ctx))


def _outcome_file_problems(path: Path, ctx: RowContext, problems: list[str]) -> None:
    _rows_problems(path, OUTCOME_COLUMNS, row_problems, ctx, problems)


def _census_problems(path: Path, ctx: RowContext, problems: list[str]) -> None:
    _rows_problems(path, CENSUS_COLUMNS, census_row_problems, ctx, problems)


_QUALITY_COLUMNS = ["set", "kind", "label_en", "label_zh", "rows", "recall", "precision",
                    "measure", "comparator", "target_year", "category"]


def _quality_problems(path: Path, problems: list[str]) -> None:
    rows = _read_csv(path, problems)
    if rows is None or not _columns(path, rows, _QUALITY_COLUMNS, problems):
        return
    for line, row in rows[1:]:
        if row["kind"] not in ("now", "first"):
            problems.append(f"{path}:{line}: kind: {row['kind']!r} is not one of ['now', 'first']")
        for col in _QUALITY_COLUMNS[4:]:
            try:
                value = float(row[col])
            except ValueError:
                problems.append(f"{path}:{line}: {col}: {row[col]!r} is not a number")
                continue
            if col != "rows" and not 0 <= value <= 100:
                problems.append(f"{path}:{line}: {col}: {row[col]!r} is not a percentage")


def outcome_problems(path: str | Path) -> list[str]:
    """The problems of one outcomes file (checked against the registry and taxonomy beside it)."""
    p = Path(path)
    _, loaded = _yaml_problems(p.parent)
    problems: list[str] = []
    _outcome_file_problems(p, _row_context(p.parent, loaded), problems)
    return problems


def data_problems(root: str | Path | None = None) -> list[str]:
    """Every problem of the data files, one ``file:line: field: message`` line each."""
    base = Path(root) if root is not None else data_dir()
    problems, loaded = _yaml_problems(base)
    _registry_problems(base, problems)
    _population_problems(base, problems)
    _meaning_problems(base, loaded, problems)
    _corrections_problems(base, problems, _indicator_ids(loaded))
    ctx = _row_context(base, loaded)
    if (base / "outcomes.csv").exists():  # optional: a corpus without outcomes has no attainment
        _outcome_file_problems(base / "outcomes.csv", ctx, problems)
    if (base / "quality.csv").exists():  # optional: the quality figures of the methods page
        _quality_problems(base / "quality.csv", problems)
    if (base / "population_2020_census.csv").exists():
        _census_problems(base / "population_2020_census.csv", ctx, problems)
    return problems


def stale_problems(stale: Iterable[str], root: str | Path | None = None) -> list[str]:
    """Lines for corrections whose target id no longer exists (after an extraction)."""
    base = Path(root) if root is not None else data_dir()
    path = base / "corrections.csv"
    ids = set(stale)
    rows = _read_csv(path, []) or [(0, {})]
    return [f"{path}:{line}: target_id: no target {row['target_id']!r} (re-extraction "
            "changed it, or a typo)" for line, row in rows[1:] if row.get("target_id") in ids]


def check_data(root: str | Path | None = None) -> None:
    """Raise :class:`~ipcompare.errors.DataError` listing every problem of the data files."""
    problems = data_problems(root)
    if problems:
        raise DataError(_summary(problems))


def check_targets() -> None:
    """Raise :class:`~ipcompare.errors.DataError` when a correction names a target that the
    extraction does not find (this extracts the corpus, once per process)."""
    from . import tables

    stale = tables.corpus_targets().review.stale
    if stale:
        raise DataError(_summary(stale_problems(stale)))


def _summary(problems: list[str]) -> str:
    head = f"{len(problems)} problem(s) in the data files:" if len(problems) > 1 else ""
    return "\n".join([head, *problems]) if head else problems[0]

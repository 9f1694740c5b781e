"""Split a plan text into lines, sections, sentences, clauses and table rows, keeping offsets.

Every span is a pair of offsets into the original text, so ``text[start:end]`` is always the
verbatim piece. Nothing here changes the text. A number is read within ``WINDOW`` characters
either side of it (:func:`around`): a plan's sentences are far shorter (the longest registered one
has 275 characters), and a runaway "sentence" or clause of thousands of numbers is then read, and
quoted, in bounded pieces, so extraction stays linear in the text's length.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# numbering markers of Chinese official documents, outermost first
_CN = "一二三四五六七八九十"
HEADING_LEVELS: list[tuple[int, re.Pattern[str]]] = [
    (1, re.compile(rf"^[{_CN}]+、")),
    (2, re.compile(rf"^[（(][{_CN}]+[)）]")),
    (3, re.compile(r"^\d{1,2}(?:[.．、](?!\d)|\s)")),
    (4, re.compile(r"^[（(]\d{1,2}[)）]")),
]
_SENTENCE_END = re.compile(r"[。；;！？!?]+")
# comma/colon clause breaks; an ASCII comma between digits is a thousands separator
_CLAUSE_BREAK = re.compile(r"[，：]|(?<!\d),|,(?!\d)|:(?!\d)")
_ROW_NUMBER = re.compile(r"^\d{1,3}$")
_YEAR_HEADER = re.compile(r"^(20\d\d)年$")
_SPACE = " \t\u3000\xa0\r"
WINDOW = 400
#: a quote longer than this is cut to the target's own phrase (:func:`phrase`); the longest
#: clause quoted in the five plans has 105 characters
QUOTE_MAX = 200
#: how far a phrase reaches from its number: its subject before, or its words after
PHRASE = 60
_PHRASE_BREAK = re.compile(r"[、\s]")


@dataclass(frozen=True)
class Span:
    """A verbatim piece of the text: ``text[start:end]``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Line:
    """One non-empty line, stripped of surrounding spaces, with its heading level (0: none)."""

    start: int
    end: int
    text: str
    level: int = 0


@dataclass
class TableRow:
    """A row of a flattened table: its row number, first cell (the indicator) and later cells."""

    number: Line
    label: Line
    cells: list[Line]
    years: list[int] = field(default_factory=list)


def lines(text: str) -> list[Line]:
    """Return the non-empty lines of a text, stripped, with offsets and heading levels."""
    out: list[Line] = []
    pos = 0
    for raw in text.split("\n"):
        end = pos + len(raw)
        left = len(raw) - len(raw.lstrip(_SPACE + "•·"))
        right = len(raw.rstrip(_SPACE))
        if right > left:
            body = raw[left:right]
            out.append(Line(pos + left, pos + right, body, heading_level(body)))
        pos = end + 1
    return out


def heading_level(line_text: str) -> int:
    """Return the numbering level of a line (1 for 一、, 2 for （一）, 3 for 1., 4 for (1)), else 0."""
    for level, pattern in HEADING_LEVELS:
        if pattern.match(line_text):
            return level
    return 0


_ENUMERATOR = re.compile(rf"^[（(]?(?:[{_CN}]{{1,3}}|\d{{1,2}})[)）、.．]\s*")


def drop_enumerator(sentence: str) -> str:
    """A sentence without its list number: （一）…, (2)…, 三、…, 4．… ."""
    return _ENUMERATOR.sub("", sentence, count=1)


def split_spans(text: str, start: int, end: int, breaks: re.Pattern[str]) -> list[Span]:
    """Split ``text[start:end]`` at the matches of ``breaks``; each piece keeps its end mark."""
    out: list[Span] = []
    pos = start
    for m in breaks.finditer(text, start, end):
        if m.end() > pos:
            out.append(Span(pos, m.end(), text[pos : m.end()]))
        pos = m.end()
    if pos < end:
        out.append(Span(pos, end, text[pos:end]))
    return [s for s in out if s.text.strip(_SPACE)]


def sentences(text: str, line: Line) -> list[Span]:
    """Split a line into sentences (ending at 。；！？)."""
    return split_spans(text, line.start, line.end, _SENTENCE_END)


def around(text: str, span: Span, start: int, end: int, width: int = WINDOW) -> Span:
    """``span`` cut to ``width`` characters either side of ``text[start:end]`` (itself when
    shorter): the stretch a number is read, and quoted, in."""
    a, b = max(span.start, start - width), min(span.end, end + width)
    if a == span.start and b == span.end:
        return span
    return Span(a, b, text[a:b])


def phrase(text: str, clause: Span, start: int, end: int, subject: tuple[int, int] | None) -> Span:
    """The target's own phrase inside an over-long clause (longer than ``QUOTE_MAX``): from its
    subject (or the last list break 、 before the number, at most ``PHRASE`` characters back) to
    the end of its number and unit (or of a subject written after it), within the clause."""
    floor, ceil = max(clause.start, start - PHRASE), min(clause.end, end + PHRASE)
    if subject is not None and floor <= subject[0] <= start:
        a = subject[0]
    else:
        breaks = [m.end() for m in _PHRASE_BREAK.finditer(text, floor, start)]
        a = breaks[-1] if breaks else floor
    b = end
    if subject is not None and end < subject[1] <= ceil:
        b = subject[1]
    b = max(b, min(end, clause.end))
    return Span(a, b, text[a:b])


def clauses(text: str, sentence: Span) -> list[Span]:
    """Split a sentence into clauses (at full-width commas and colons, ASCII ones outside numbers)."""
    return split_spans(text, sentence.start, sentence.end, _CLAUSE_BREAK)


def section_paths(all_lines: list[Line]) -> list[tuple[str, ...]]:
    """Return, for each line, the titles of the numbered headings it falls under (outermost first)."""
    stack: dict[int, str] = {}
    out: list[tuple[str, ...]] = []
    for ln in all_lines:
        if ln.level:
            for deeper in [k for k in stack if k >= ln.level]:
                del stack[deeper]
            stack[ln.level] = heading_title(ln.text)
        out.append(tuple(stack[k] for k in sorted(stack)))
    return out


def heading_title(line_text: str, limit: int = 40) -> str:
    """Return the title of a numbered line: up to its first full stop, at most ``limit`` chars."""
    m = re.search(r"[。；;]", line_text)
    title = line_text[: m.start()] if m else line_text
    return title if len(title) <= limit else title[: limit - 1] + "…"


def tables(all_lines: list[Line]) -> list[TableRow]:
    """Find flattened tables: numbered rows (a line holding only a row number, then its cells).

    A run of two or more lines holding only a year (``2018年``) is a column header; rows after it
    carry those years so that their cells can be read as yearly milestones.
    """
    rows: list[TableRow] = []
    years: list[int] = []
    i = 0
    n = len(all_lines)
    while i < n:
        run = []
        while i + len(run) < n and _YEAR_HEADER.match(all_lines[i + len(run)].text):
            run.append(int(_YEAR_HEADER.match(all_lines[i + len(run)].text).group(1)))
        if len(run) >= 2:
            years = run
            i += len(run)
            continue
        ln = all_lines[i]
        if _ROW_NUMBER.match(ln.text) and i + 1 < n and not _ROW_NUMBER.match(all_lines[i + 1].text):
            j = i + 2
            cells: list[Line] = []
            while j < n and not _ROW_NUMBER.match(all_lines[j].text) and not _YEAR_HEADER.match(
                all_lines[j].text
            ) and all_lines[j].level == 0:
                cells.append(all_lines[j])
                j += 1
            rows.append(TableRow(ln, all_lines[i + 1], cells, list(years)))
            i = j
            continue
        if ln.level in (1, 2):  # a new numbered section ends any table header
            years = []
        i += 1
    return rows


# -- grid tables: a header row of cells, then rows of the same width, one cell per line -------
_HEADER_WORD = re.compile(r"^(?:序号|指标|指标名称|主要指标|指标内容|年份|年度|单位|计量单位|项目|类别|属性|指标属性|目标值|名称|备注|类型)$")
_ROW_HEADER_WORD = re.compile(r"^(?:年份|年度)$")
YEAR_CELL = re.compile(r"^(20\d\d)\s*年?\s*(?:[（(]([^）)]*)[)）])?$")
_CELL_MAX = 30


def _is_cell(ln: Line) -> bool:
    return ln.level == 0 and len(ln.text) <= _CELL_MAX and not re.search(r"[。；;]", ln.text)


def squash(s: str) -> str:
    """``s`` without any whitespace (a table cell as compared with header words)."""
    return re.sub(r"\s+", "", s)


@dataclass
class Grid:
    """A flattened table whose header names its columns; rows have the header's width.

    ``orientation`` is ``"columns"`` when years head the columns (one row per indicator) and
    ``"rows"`` when each row is a year (one column per indicator).
    """

    header: list[Line]
    rows: list[list[Line]]
    orientation: str

    @property
    def lines(self) -> list[Line]:
        """Every line the grid occupies."""
        return self.header + [c for r in self.rows for c in r]


_CELL_GAP = re.compile(r"[^\s\u3000]+")
_PIPE_CELL = re.compile(r"[^|｜\s\u3000](?:[^|｜]*[^|｜\s\u3000])?")


def split_cells(all_lines: list[Line]) -> list[Line]:
    """Lines with a table row copied onto one line (cells apart by spaces, tabs or ideographic
    spaces: ``指标名称 单位 2023年 2024年``, or by pipes: ``指标 | 2020年 | 2025年``, where a cell may
    hold spaces) as one line per cell, offsets kept; others unchanged."""
    out: list[Line] = []
    for ln in all_lines:
        piped = "|" in ln.text or "｜" in ln.text
        parts = list((_PIPE_CELL if piped else _CELL_GAP).finditer(ln.text))
        cells = [Line(ln.start + m.start(), ln.start + m.end(), m.group(0)) for m in parts]
        if (ln.level == 0 or piped) and len(cells) >= 2 and all(_is_cell(c) for c in cells):
            out.extend(cells)
        else:
            out.append(ln)
    return out


def grids(all_lines: list[Line], value_cell: re.Pattern[str]) -> list[Grid]:
    """Find grid tables: a header of column names (with years, or led by 年份), then rows;
    cells one per line, or a row per line with its cells apart by spaces."""
    out: list[Grid] = []
    all_lines = split_cells(all_lines)
    i, n = 0, len(all_lines)
    while i < n:
        first = squash(all_lines[i].text)
        if not (_is_cell(all_lines[i]) and (_HEADER_WORD.match(first))):
            i += 1
            continue
        by_rows = bool(_ROW_HEADER_WORD.match(first))
        j = i + 1
        while j < n and _is_cell(all_lines[j]):
            t = squash(all_lines[j].text)
            if by_rows and (YEAR_CELL.match(t) or value_cell.match(t)):
                break
            if not by_rows and not (_HEADER_WORD.match(t) or YEAR_CELL.match(t)):
                break
            j += 1
        header = all_lines[i:j]
        ncols = len(header)
        years = [h for h in header if YEAR_CELL.match(squash(h.text))]
        if ncols < 2 or (not by_rows and len(years) < 2):
            i += 1
            continue
        rows: list[list[Line]] = []
        k = j
        while k + ncols <= n and all(_is_cell(c) for c in all_lines[k : k + ncols]):
            row = all_lines[k : k + ncols]
            if by_rows:
                ok = YEAR_CELL.match(squash(row[0].text)) and any(
                    value_cell.match(c.text) for c in row[1:]
                )
            else:
                cols = [c for c, h in zip(row, header, strict=True) if h in years]
                ok = all(value_cell.match(c.text) for c in cols)
            if not ok:
                break
            rows.append(row)
            k += ncols
        if rows:
            out.append(Grid(header, rows, "rows" if by_rows else "columns"))
            i = k
        else:
            i += 1
    return out

"""Segmentation: lines, and flattened tables found among them."""

from __future__ import annotations

from ipcompare.extract import segment as seg
from ipcompare.extract.mentions import VALUE_CELL


def test_a_table_row_copied_onto_one_line_is_split_into_its_cells() -> None:
    # cells apart by a space, an ideographic space and a tab; prose with punctuation stays whole
    text = "说明文字，不是表格。\n指标名称 单位\u30002023年\t2024年\n有效发明专利拥有量 万件 1.15 1.3\n"
    lines = seg.lines(text)
    cells = seg.split_cells(lines)
    assert [c.text for c in cells] == ["说明文字，不是表格。", "指标名称", "单位", "2023年", "2024年",
                                       "有效发明专利拥有量", "万件", "1.15", "1.3"]
    assert all(text[c.start : c.end] == c.text for c in cells)
    grids = seg.grids(lines, VALUE_CELL)
    assert len(grids) == 1 and grids[0].orientation == "columns"
    assert [[c.text for c in row] for row in grids[0].rows] == [
        ["有效发明专利拥有量", "万件", "1.15", "1.3"]]


def test_a_row_with_a_long_cell_is_not_split() -> None:
    line = seg.lines("2021年11月02日 10:15　来源：某某新闻网，本报记者报道知识产权工作进展情况。\n")
    assert seg.split_cells(line) == line


def test_a_pipe_separated_table_is_read_as_a_table() -> None:
    import ipcompare as ipc

    text = (
        "某市专利工作规划（2021—2025年）\n主要指标\n"
        "序号 ｜ 指标名称 ｜ 2020年（基期） ｜ 2025年 ｜ 属性\n"
        "1 ｜ 发明专利拥有量（件） ｜ 3000 ｜ 6000 ｜ 预期性\n"
        "2 ｜ 专利许可金额（万元/年） ｜ 80 ｜ 200 ｜ 预期性\n"
    )
    cells = [c.text for c in seg.split_cells(seg.lines(text))]
    assert "专利许可金额（万元/年）" in cells and "|" not in cells and "｜" not in cells
    df = ipc.extract_targets(text)
    assert df["value"].tolist() == [6000, 200]
    assert df["measure"].tolist() == ["level", "per_year"]
    assert df["target_year"].tolist() == [2025, 2025]

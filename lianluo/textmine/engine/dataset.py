"""Labelled records from a CSV file: the text columns joined, the label column, and the policy on gaps.

Files come from the office's own exports: UTF-8 (with or without a byte-order mark) or GB18030/GBK from Windows
spreadsheets. Of the text columns asked for, those missing from a file are skipped (a word-segmented export has
one text column, a raw one two), several present columns are joined with a line break, an empty cell is empty
text. A file with none of the text columns, or without the label column, is refused. Rows with an empty label
are skipped and counted (they are unlabelled records, in a training file and in a test file alike: there is
nothing to learn from them and nothing to score them against).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ENCODINGS = ("utf-8-sig", "gb18030")


class DatasetError(ValueError):
    """A file that cannot be used; the message names the problem (Chinese)."""


@dataclass
class Labelled:
    texts: list[str]
    labels: list[str]
    text_columns: list[str]  # the requested columns present in the file, in the requested order
    skipped_unlabelled: int


def read_text(path: Path) -> str:
    data = Path(path).read_bytes()
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DatasetError(f"无法识别文件编码（支持 UTF-8 与 GBK/GB18030）：{path}")


def read_labelled(path: Path, text_columns: Sequence[str], label_column: str) -> Labelled:
    """The labelled records of a CSV file (see the module docstring for the policy)."""
    try:
        content = read_text(path)
    except OSError as exc:
        raise DatasetError(f"无法读取文件 {path}（{exc.__class__.__name__}）") from None
    try:
        rows = csv.reader(io.StringIO(content, newline=""))
        header = next(rows, None)
        if header is None:
            raise DatasetError("文件为空（没有表头）")
        header = [h.strip() for h in header]
        if label_column not in header:
            raise DatasetError(f"缺少标签列 {label_column}")
        present = [c for c in text_columns if c in header]
        if not present:
            raise DatasetError(f"缺少文本列（需要 {'、'.join(text_columns)} 中的至少一列）")
        label_at = header.index(label_column)
        text_at = [header.index(c) for c in present]
        texts, labels, skipped = [], [], 0
        for row in rows:
            if not any(cell.strip() for cell in row):
                continue  # a blank line
            if len(row) < len(header):
                row = row + [""] * (len(header) - len(row))
            label = row[label_at].strip()
            if not label:
                skipped += 1
                continue
            texts.append("\n".join(row[i] for i in text_at))
            labels.append(label)
    except csv.Error as exc:
        raise DatasetError(f"CSV 格式错误：{exc}") from None
    if not labels:
        raise DatasetError("没有带标签的记录")
    return Labelled(texts=texts, labels=labels, text_columns=present, skipped_unlabelled=skipped)

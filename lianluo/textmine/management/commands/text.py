"""``lianluo text evaluate`` and ``lianluo text train``: the classification engine from the command line.

``evaluate --train TRAIN.csv --test TEST.csv`` trains on one file, predicts the other and prints one JSON object
(macro_f1, accuracy, per_class, train_seconds, predict_per_second, n_train, n_test) as the only output on
standard output. ``train --train FILE.csv`` writes a versioned model file (default ``<LIANLUO_VAR_DIR>/textmine``)
and prints its path. On input that cannot be used both print a message naming the option and the problem on
standard error, nothing on standard output, and exit 2.
"""

import json
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from lianluo.textmine.engine import dataset
from lianluo.textmine.engine.classify import ClassifierError
from lianluo.textmine.engine.evaluation import evaluate
from lianluo.textmine.engine.modelfile import ModelFileError, check_name, train_and_save

INPUT_ERROR = 2
TEXT_COLUMNS = "留言主题,留言详情"
LABEL_COLUMN = "一级标签"


class Command(BaseCommand):
    help = "文本分析：lianluo text evaluate（训练并评测分类）或 lianluo text train（训练并保存分类模型）"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        ev = sub.add_parser("evaluate", help="用 TRAIN 训练、预测 TEST，输出评测结果的 JSON")
        ev.add_argument("--train", required=True, help="训练用 CSV 文件")
        ev.add_argument("--test", required=True, help="评测用 CSV 文件")
        tr = sub.add_parser("train", help="用 CSV 文件训练分类模型，写入带版本号的模型文件")
        tr.add_argument("--train", required=True, help="训练用 CSV 文件")
        tr.add_argument("--name", default="category", help="模型名称（默认 category）")
        tr.add_argument("--out", default=None, help="模型目录（默认 LIANLUO_VAR_DIR 下的 textmine）")
        for p in (ev, tr):
            p.add_argument("--text-columns", default=TEXT_COLUMNS,
                           help=f"文本列，逗号分隔；文件中没有的列跳过（默认 {TEXT_COLUMNS}）")
            p.add_argument("--label-column", default=LABEL_COLUMN, help=f"标签列（默认 {LABEL_COLUMN}）")

    def handle(self, *args, action, **options):
        columns = [c.strip() for c in options["text_columns"].split(",") if c.strip()]
        if not columns:
            self._refuse("--text-columns：至少需要一个文本列")
        label = options["label_column"].strip()
        if not label:
            self._refuse("--label-column：标签列不能为空")
        if action == "evaluate":
            self._evaluate(options["train"], options["test"], columns, label)
        elif action == "train":
            self._train(options["train"], columns, label, options["name"], options["out"])

    def _evaluate(self, train_file: str, test_file: str, columns: list[str], label: str) -> None:
        train_set = self._read("--train", train_file, columns, label)
        test_set = self._read("--test", test_file, columns, label)
        try:
            result, _ = evaluate(train_set.texts, train_set.labels, test_set.texts, test_set.labels)
        except ClassifierError as exc:
            self._refuse(f"--train：{exc}")
        self.stdout.write(json.dumps(result, ensure_ascii=False))

    def _train(self, train_file: str, columns: list[str], label: str, name: str, out: str | None) -> None:
        try:
            check_name(name)
        except ModelFileError as exc:
            self._refuse(f"--name：{exc}")
        train_set = self._read("--train", train_file, columns, label)
        directory = Path(out) if out else Path(settings.VAR_DIR) / "textmine"
        try:
            path = train_and_save(train_set.texts, train_set.labels, directory, name)
        except ClassifierError as exc:
            self._refuse(f"--train：{exc}")
        except OSError as exc:
            self._refuse(f"--out：无法写入 {directory}（{exc.__class__.__name__}）")
        self.stdout.write(str(path))

    def _read(self, option: str, name: str, columns: list[str], label: str) -> dataset.Labelled:
        try:
            data = dataset.read_labelled(Path(name), columns, label)
        except dataset.DatasetError as exc:
            self._refuse(f"{option}：{exc}")
        if data.skipped_unlabelled:
            self.stderr.write(f"{option}：跳过 {data.skipped_unlabelled} 条没有标签的记录")
        return data

    def _refuse(self, message: str):
        self.stderr.write(message)
        sys.exit(INPUT_ERROR)

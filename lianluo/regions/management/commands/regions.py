import csv
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lianluo.core.console import console_context
from lianluo.regions.services import region_import

LEVEL_NAMES = {1: "省级", 2: "市级", 3: "县级", 4: "乡级"}


class Command(BaseCommand):
    help = "行政区划：lianluo regions import FILE.csv（列：code, name, parent_code, level）"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        importer = sub.add_parser("import", help="导入统计用区划代码表（幂等，全部成功或全部不写入）")
        importer.add_argument("file", type=Path)
        importer.add_argument("--report", type=Path, help="把逐行错误写入此 CSV 文件")

    def handle(self, *args, action, **options):
        if action == "import":
            return self._import(options["file"], options.get("report"))
        return None

    def _import(self, path: Path, report_path: Path | None):
        if not path.is_file():
            raise CommandError(f"文件不存在：{path}")
        with console_context():
            report = region_import(data=path.read_bytes())
        if not report.ok:
            for error in report.errors:
                self.stderr.write(str(error))
            if report_path:
                with report_path.open("w", newline="", encoding="utf-8-sig") as handle:
                    writer = csv.writer(handle)
                    writer.writerow(["行号", "字段", "问题"])
                    for error in report.errors:
                        writer.writerow([error.line, error.field_label, error.message])
            self.stderr.write(f"导入未执行：{len(report.errors)} 处错误，系统中的数据未作任何改动。")
            sys.exit(2)
        levels = "，".join(f"{LEVEL_NAMES[level]} {count}" for level, count in sorted(report.levels.items()))
        self.stdout.write(
            f"导入完成：新增 {report.created}，更新 {report.updated}，未变 {report.unchanged}（{levels}）"
        )

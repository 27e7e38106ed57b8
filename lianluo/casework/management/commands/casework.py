import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lianluo.casework.services import category_import, issue_monthly_rebuild
from lianluo.core.console import console_context
from lianluo.core.errors import ServiceError
from lianluo.regions.models import Region


class Command(BaseCommand):
    help = "群众意见：lianluo casework import-categories FILE.csv --region CODE；lianluo casework rebuild-monthly"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        importer = sub.add_parser("import-categories",
                                  help="导入意见分类目录（列：一级分类,二级分类,三级分类；幂等，全部成功或全部不写入）")
        importer.add_argument("file", type=Path)
        importer.add_argument("--region", required=True, help="维护该目录的人大所在区划代码，如 430121")
        sub.add_parser("rebuild-monthly", help="按群众意见重新计算月度汇总表")

    def handle(self, *args, action, **options):
        if action == "import-categories":
            return self._import(options["file"], options["region"])
        if action == "rebuild-monthly":
            with console_context():
                self.stdout.write(f"已重算月度汇总：{issue_monthly_rebuild()} 行")
        return None

    def _import(self, path: Path, code: str):
        if not path.is_file():
            raise CommandError(f"文件不存在：{path}")
        region = Region.objects.filter(code=code).first()
        if region is None:
            raise CommandError(f"区划代码不存在：{code}")
        with console_context():
            try:
                report = category_import(region=region, data=path.read_bytes())
            except ServiceError as exc:
                raise CommandError(str(exc)) from None
        if not report.ok:
            for error in report.errors:
                self.stderr.write(str(error))
            self.stderr.write(f"导入未执行：{len(report.errors)} 处错误，系统中的数据未作任何改动。")
            sys.exit(2)
        self.stdout.write(f"导入完成：{region.name}新增分类 {report.created} 个，已有 {report.unchanged} 条路径未变。")

import sys

from django.core.management.base import BaseCommand

from lianluo.core.audit import audit_verify


class Command(BaseCommand):
    help = "审计日志：lianluo audit verify 校验哈希链，发现被改动或删除的记录"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="从第一条记录起重算哈希链")

    def handle(self, *args, action, **options):
        report = audit_verify()
        if report.ok:
            self.stdout.write(f"审计日志完整：共 {report.checked} 条记录，哈希链校验通过。")
            return
        for item in report.breaks:
            self.stdout.write(f"记录 {item.event_id}：{item.reason}")
        self.stderr.write(f"审计日志校验失败：{len(report.breaks)} 处异常（共检查 {report.checked} 条）。")
        sys.exit(1)

from django.core.management.base import BaseCommand

from lianluo.core.console import console_context
from lianluo.proposals.services.figures import figures_rebuild


class Command(BaseCommand):
    help = "议案建议：lianluo proposals rebuild-figures（按建议重新计算统计汇总表）"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("rebuild-figures", help="按建议重新计算统计汇总表（批量导入或恢复数据后使用）")

    def handle(self, *args, action, **options):
        if action == "rebuild-figures":
            with console_context():
                self.stdout.write(f"已重算建议统计汇总：{figures_rebuild()} 行")

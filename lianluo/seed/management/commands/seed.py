"""``lianluo seed --scale province|county|tiny``: benchmark data (see docs/performance.md)."""

import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lianluo.core.console import console_context
from lianluo.seed.build import SCALES, SEED_PASSWORD
from lianluo.seed.build import seed as build_seed

REGIONS_ENV = "LIANLUO_SEED_REGIONS_CSV"


class Command(BaseCommand):
    help = ("生成基准测试数据（代表、联络站、群众意见、代表建议）。"
            "只用于空库：库中已有代表、联络站或群众意见时拒绝执行。")

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="county",
                            help="province：13 万代表、2 万联络站、100 万件群众意见、5 万件代表建议；"
                                 "county：一个县；tiny：测试用")
        parser.add_argument("--regions-csv", default=os.environ.get(REGIONS_ENV, ""),
                            help=f"行政区划代码表 CSV（code,name,parent_code,level[,unit_type]）；也可用环境变量 "
                                 f"{REGIONS_ENV}。不给则用内置的湖南省市县并生成乡镇")
        parser.add_argument("--seed", type=int, default=1, help="随机数种子（相同种子生成相同数据）")
        parser.add_argument("--force", action="store_true",
                            help="库中已有数据时仍然追加（仅用于测试库；已有的区划、人大和届沿用）")

    def handle(self, *args, scale, regions_csv, seed: int, force: bool, **options):
        from lianluo.casework.models import Issue
        from lianluo.deputies.models import Person
        from lianluo.stations.models import Station

        if not force and (Person.objects.exists() or Station.objects.exists() or Issue.objects.exists()):
            raise CommandError("数据库中已有代表、联络站或群众意见。基准数据只能生成到空库（先新建数据库并执行 "
                               "lianluo migrate）；确需追加时加 --force。")
        data = None
        if regions_csv:
            path = Path(regions_csv)
            if not path.is_file():
                raise CommandError(f"找不到行政区划文件：{regions_csv}")
            data = path.read_bytes()
        with console_context():
            report = build_seed(scale=SCALES[scale], regions_csv=data, rng_seed=seed, out=self.stdout.write)
        counts = "，".join(f"{key} {value}" for key, value in report.counts.items())
        self.stdout.write(self.style.SUCCESS(f"基准数据就绪（{report.seconds:.0f} 秒）：{counts}"))
        self.stdout.write(f"账户（密码 {SEED_PASSWORD}）：" + "；".join(report.accounts))

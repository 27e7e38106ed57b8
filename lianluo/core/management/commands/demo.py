from django.core.management import call_command
from django.core.management.base import BaseCommand

from lianluo.core.console import console_context
from lianluo.core.management.commands.serve import serve_forever
from lianluo.demo.world import DEMO_PASSWORD, load_demo_world


class Command(BaseCommand):
    help = "准备并启动演示环境：建库、载入湖南演示数据（可重复执行）、打印演示账户"

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--no-serve", action="store_true", help="只准备数据，不启动服务")

    def handle(self, *args, port, host, no_serve, **options):
        call_command("migrate", interactive=False, verbosity=0)
        with console_context():
            world = load_demo_world()
        call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(self.style.SUCCESS(
            f"演示数据就绪：行政区划 {world.regions} 个，人大 {world.congresses} 个，"
            f"代表 {world.deputies} 人次，账户 {len(world.accounts)} 个。"
        ))
        self.stdout.write(f"演示账户（起始密码均为 {DEMO_PASSWORD}；演示账户免于首次登录改密）：")
        for account in world.accounts:
            self.stdout.write(
                f"  {account.username:<16} {account.role_label:<14} {account.region_name}  {account.note}"
            )
        self.stdout.write("管理员账户首次登录时须用手机验证器（TOTP，如 FreeOTP）扫码绑定动态口令。")
        if not no_serve:
            self.stdout.write(f"打开 http://{host}:{port}/ ，按 Ctrl+C 停止。")
            serve_forever(host=host, port=port, workers=2, threads=4)

import os
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


def serve_forever(*, host: str, port: int, workers: int, threads: int) -> None:
    """Replace this process with gunicorn serving the WSGI application (DEBUG off)."""
    if not (settings.STATIC_ROOT / "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)
    args = [
        sys.executable, "-m", "gunicorn", "config.wsgi:application",
        "--bind", f"{host}:{port}",
        "--worker-class", "gthread", "--workers", str(workers), "--threads", str(threads),
        "--access-logfile", "-", "--forwarded-allow-ips", os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
    ]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    sys.stdout.flush()
    os.execv(sys.executable, args)  # noqa: S606  (fixed argument list, no shell)


class Command(BaseCommand):
    help = "以生产方式（gunicorn，DEBUG 关闭）启动服务"

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("LIANLUO_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("LIANLUO_PORT", "8000")))
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--threads", type=int, default=4)

    def handle(self, *args, host, port, workers, threads, **options):
        if settings.DEBUG:
            self.stderr.write("警告：LIANLUO_DEBUG 已开启，生产环境请关闭。")
        self.stdout.write(f"联络 Lianluo 服务地址：http://{host}:{port}/")
        serve_forever(host=host, port=port, workers=workers, threads=threads)

import time

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from lianluo.core.models import ScheduledRun
from lianluo.core.schedule import due_jobs


class Command(BaseCommand):
    help = "计划任务调度：按间隔把到期的定期任务放入任务队列（由 lianluo db_worker 执行）"

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="只检查一次（供 cron/systemd timer 调用）")
        parser.add_argument("--interval", type=int, default=60, help="两次检查之间的秒数")

    def handle(self, *args, once, interval, **options):
        while True:
            self.tick()
            if once:
                return
            time.sleep(interval)

    def tick(self) -> None:
        now = timezone.now()
        with transaction.atomic():
            runs = {run.name: run.last_run_at for run in ScheduledRun.objects.select_for_update()}
            for job in due_jobs(runs, now):
                job.task.enqueue()
                ScheduledRun.objects.update_or_create(name=job.name, defaults={"last_run_at": now})
                self.stdout.write(f"{timezone.localtime(now):%Y-%m-%d %H:%M:%S} 已排队：{job.name}")

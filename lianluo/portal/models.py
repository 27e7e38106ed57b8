"""Bookkeeping for the public site: the rate limit's counters (the public form itself writes casework issues)."""

from django.db import models
from django.utils import timezone


class ThrottleEvent(models.Model):
    """One counted request against a rate limit (the public form is rate-limited, DESIGN.md §6; ASVS 2.4.1).

    Rows live in the database so that the limit holds across every app process; ``key`` is a keyed digest of the
    client address (never the address itself) or a station id. ``throttle_events_purge`` deletes old rows.
    """

    class Bucket(models.TextChoices):
        SUBMIT_ADDRESS = "submit_address", "提交（按地址）"
        SUBMIT_STATION = "submit_station", "提交（按联络站）"
        LOOKUP_ADDRESS = "lookup_address", "查询失败（按地址）"

    bucket = models.CharField("类别", max_length=16, choices=Bucket.choices)
    key = models.CharField("键", max_length=64)
    at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        verbose_name = "公众门户访问计数"
        indexes = [models.Index(fields=["bucket", "key", "at"]), models.Index(fields=["at"])]

    def __str__(self):
        return f"{self.bucket} {self.key[:8]} {self.at:%Y-%m-%d %H:%M}"

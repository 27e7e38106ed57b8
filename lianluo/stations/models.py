"""Liaison stations and rooms (代表联络站/室), the deputies assigned to them, duty shifts and receptions."""

import secrets

from django.db import models
from django.db.models import Q

from lianluo.core.models import BaseModel


def _public_key() -> str:
    # The public form's address: unguessable, so stations cannot be enumerated by counting ids.
    return secrets.token_urlsafe(9)


class Station(BaseModel):
    class Kind(models.TextChoices):
        STATION = "station", "代表联络站"
        ROOM = "room", "代表联络室"
        POINT = "point", "代表联络点"

    name = models.CharField("名称", max_length=100)
    kind = models.CharField("类型", max_length=8, choices=Kind.choices, default=Kind.STATION)
    region = models.ForeignKey("regions.Region", verbose_name="所在区划", on_delete=models.PROTECT,
                               related_name="stations")
    address = models.CharField("地址", max_length=200, blank=True)
    phone = models.CharField("联系电话", max_length=32, blank=True)
    manager = models.ForeignKey("accounts.User", verbose_name="管理员", on_delete=models.SET_NULL, null=True,
                                blank=True, related_name="managed_stations")
    opening_hours = models.CharField("开放时间", max_length=100, blank=True, help_text="如：工作日 9:00–17:00")
    # ISO weekdays (1 = Monday) on which deputies receive constituents, e.g. "1,3".
    reception_weekdays = models.CharField("接待日（星期）", max_length=20, blank=True)
    reception_rule = models.CharField("接待日说明", max_length=100, blank=True, help_text="如：每月15日代表集中接待")
    public_key = models.CharField(max_length=16, unique=True, default=_public_key, editable=False)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        ordering = ["region_id", "name"]
        verbose_name = "代表联络站"
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="station_name_unique")]
        indexes = [models.Index(fields=["region", "is_active"]),
                   models.Index(fields=["region", "id"], name="station_region_keyset")]

    def __str__(self):
        return self.name

    @property
    def weekdays(self) -> list[int]:
        return [int(d) for d in self.reception_weekdays.split(",") if d.strip().isdigit()]


class StationDeputy(BaseModel):
    """A deputy assigned to a station (进站代表)."""

    station = models.ForeignKey(Station, verbose_name="联络站", on_delete=models.PROTECT, related_name="deputies")
    mandate = models.ForeignKey("deputies.Mandate", verbose_name="代表", on_delete=models.PROTECT,
                                related_name="stations")
    since = models.DateField("进站日期")
    until = models.DateField("离站日期", null=True, blank=True)

    class Meta:
        ordering = ["station_id", "mandate_id"]
        verbose_name = "进站代表"
        constraints = [
            models.UniqueConstraint(fields=["station", "mandate"], condition=Q(until__isnull=True),
                                    name="station_deputy_one_open"),
        ]


class DutyShift(BaseModel):
    """One reception day on the duty roster (代表接待日排班)."""

    station = models.ForeignKey(Station, verbose_name="联络站", on_delete=models.PROTECT, related_name="shifts")
    date = models.DateField("日期")
    starts_at = models.TimeField("开始时间", null=True, blank=True)
    ends_at = models.TimeField("结束时间", null=True, blank=True)
    deputies = models.ManyToManyField("deputies.Mandate", verbose_name="值班代表", related_name="duty_shifts",
                                      blank=True)
    topic = models.CharField("主题", max_length=100, blank=True)

    class Meta:
        ordering = ["station_id", "date", "starts_at"]
        verbose_name = "接待排班"
        indexes = [models.Index(fields=["station", "date"])]

    def __str__(self):
        return f"{self.station} {self.date}"


class Reception(BaseModel):
    """What happened on a reception day (接待记录): who came, how many people, what was recorded."""

    station = models.ForeignKey(Station, verbose_name="联络站", on_delete=models.PROTECT, related_name="receptions")
    shift = models.OneToOneField(DutyShift, verbose_name="排班", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="reception")
    date = models.DateField("接待日期")
    deputies = models.ManyToManyField("deputies.Mandate", verbose_name="到站代表", related_name="receptions",
                                      blank=True)
    visitors = models.PositiveIntegerField("接待群众人数", default=0)
    summary = models.TextField("接待情况", blank=True)
    recorded_by = models.ForeignKey("accounts.User", verbose_name="记录人", on_delete=models.PROTECT, null=True,
                                    blank=True, related_name="+")

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = "接待记录"
        indexes = [models.Index(fields=["station", "date"])]

    def __str__(self):
        return f"{self.station} {self.date} 接待"


class StationMonthly(models.Model):
    """One station's figures for one month, kept in step by the services (station figures read these instead of
    counting shifts and receptions). ``region`` is the station's region, so a region's stations are one range."""

    station = models.ForeignKey(Station, on_delete=models.CASCADE, related_name="monthly")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    month = models.DateField("月份")  # the first day of the month
    shifts = models.PositiveIntegerField("排班次数", default=0)
    receptions = models.PositiveIntegerField("接待次数", default=0)
    deputy_attendances = models.PositiveIntegerField("代表到站人次", default=0)
    visitors = models.PositiveIntegerField("接待群众人次", default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["station", "month"], name="station_monthly_key")]
        indexes = [models.Index(fields=["region", "month"])]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.station_id}"


class StationRegionMonthly(models.Model):
    """The same figures summed per region and month for every region above a station (its own region, the
    county, the city, the province), so that a region's roll-up reads one row per child and month whatever the
    number of stations below it."""

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    month = models.DateField("月份")
    shifts = models.PositiveIntegerField("排班次数", default=0)
    receptions = models.PositiveIntegerField("接待次数", default=0)
    deputy_attendances = models.PositiveIntegerField("代表到站人次", default=0)
    visitors = models.PositiveIntegerField("接待群众人次", default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["region", "month"], name="station_region_monthly_key")]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.region_id}"

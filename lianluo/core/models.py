"""Shared model bases and the tamper-evident audit log."""

from django.conf import settings
from django.db import models


class BaseModel(models.Model):
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        abstract = True


class AuditEvent(models.Model):
    """One append-only audit record (等保 8.1.4.3 a–b).

    Rows form a hash chain: ``hash = HMAC-SM3(key, prev_hash || canonical(row))``. Editing or deleting
    any row breaks the chain at that row, which ``lianluo audit verify`` reports. Database triggers
    refuse UPDATE and DELETE (migration 0002). ``summary`` never holds plaintext personal data.
    """

    class Outcome(models.TextChoices):
        SUCCESS = "success", "成功"
        FAILURE = "failure", "失败"
        DENIED = "denied", "拒绝"

    at = models.DateTimeField("时间", db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField("操作人", max_length=150, blank=True)
    ip = models.CharField("地址", max_length=64, blank=True)
    request_id = models.CharField("请求编号", max_length=32, blank=True)
    action = models.CharField("事件", max_length=64, db_index=True)
    object_type = models.CharField("对象类型", max_length=64, blank=True)
    object_id = models.CharField("对象编号", max_length=64, blank=True)
    object_label = models.CharField("对象", max_length=200, blank=True)
    outcome = models.CharField("结果", max_length=16, choices=Outcome.choices, default=Outcome.SUCCESS)
    summary = models.JSONField("摘要", default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = "审计记录"
        indexes = [models.Index(fields=["actor", "-at"]), models.Index(fields=["object_type", "object_id"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor_label} {self.action}"


class AuditChainHead(models.Model):
    """The single row that serialises appends to the audit chain (locked with SELECT … FOR UPDATE)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_hash = models.CharField(max_length=64)
    length = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="audit_chain_head_singleton")]

    def __str__(self):
        return f"{self.length} @ {self.last_hash[:12]}"


class ScheduledRun(models.Model):
    """When the scheduler last enqueued each periodic job."""

    name = models.CharField(max_length=64, unique=True)
    last_run_at = models.DateTimeField()

    class Meta:
        verbose_name = "计划任务"

    def __str__(self):
        return f"{self.name} @ {self.last_run_at:%Y-%m-%d %H:%M}"

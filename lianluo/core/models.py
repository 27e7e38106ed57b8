"""Shared model bases and the tamper-evident audit log."""

from django.conf import settings
from django.db import models

from lianluo.core.fields import EncryptedTextField


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


class Notification(models.Model):
    """A text message to a person (an SMS to a constituent whose issue was answered), delivered by the configured
    backend (``core/notify.py``). The phone number is encrypted at rest; the text never holds more than the person
    already knows (their own issue number and query code)."""

    class Status(models.TextChoices):
        PENDING = "pending", "待发送"
        SENT = "sent", "已发送"
        FAILED = "failed", "发送失败"

    channel = models.CharField("渠道", max_length=16, default="sms")
    recipient = EncryptedTextField("接收号码", purpose="mobile")
    body = models.TextField("内容")
    object_type = models.CharField("关联对象类型", max_length=64, blank=True)
    object_id = models.CharField("关联对象编号", max_length=64, blank=True)
    status = models.CharField("状态", max_length=8, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    error = models.CharField("错误", max_length=200, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = "通知"
        indexes = [models.Index(fields=["status", "id"]), models.Index(fields=["object_type", "object_id"])]

    def __str__(self):
        return f"{self.channel} {self.get_status_display()}"

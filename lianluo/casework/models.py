"""Constituent issues (群众意见): what a person raised, who raised it, where it went and what came back.

Statuses and the transition table live in ``workflow.py``; every change goes through ``services.py`` and leaves
an ``IssueEvent`` (history) and an audit row.
"""

import secrets

from django.db import models
from django.db.models import Q

from lianluo.core.fields import EncryptedTextField, blind_index
from lianluo.core.masking import mask_id_number, mask_mobile, mask_name
from lianluo.core.models import BaseModel

# No 0/O, 1/I/L: the code is read aloud on the phone and typed from a slip of paper.
QUERY_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_query_code() -> str:
    return "".join(secrets.choice(QUERY_ALPHABET) for _ in range(10))


class Category(BaseModel):
    """A node of the office's category tree (意见分类), e.g. 城乡建设 › 物业管理."""

    region = models.ForeignKey("regions.Region", verbose_name="维护单位所在区划", on_delete=models.PROTECT,
                               related_name="+")
    parent = models.ForeignKey("self", verbose_name="上级分类", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="children")
    code = models.CharField("编码", max_length=32)
    name = models.CharField("名称", max_length=50)
    depth = models.PositiveSmallIntegerField("层级", default=1)
    order = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        ordering = ["region_id", "order", "code"]
        verbose_name = "意见分类"
        constraints = [models.UniqueConstraint(fields=["region", "code"], name="category_code_unique")]

    def __str__(self):
        return self.name


class Status(models.TextChoices):
    RECEIVED = "received", "待受理"
    ACCEPTED = "accepted", "已受理"
    DECLINED = "declined", "不予受理"
    FORWARDED = "forwarded", "已转办"
    TRANSFERRED = "transferred", "已转其他人大"
    FEEDBACK = "feedback", "单位已反馈"
    ANSWERED = "answered", "已答复"
    CLOSED = "closed", "已办结"
    MERGED = "merged", "已并案"


class Channel(models.TextChoices):
    STATION = "station", "联络站登记"
    DEPUTY = "deputy", "代表记录"
    WEB = "web", "网上反映（二维码）"
    PHONE = "phone", "电话"
    LETTER = "letter", "来信"
    API = "api", "接口"


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    BASICALLY = "basically", "基本满意"
    DISSATISFIED = "dissatisfied", "不满意"


class Issue(BaseModel):
    """One constituent issue, as a case of the congress office of ``region``."""

    number = models.CharField("编号", max_length=32, unique=True)
    query_code = models.CharField("查询码", max_length=16, unique=True, default=new_query_code, editable=False)
    region = models.ForeignKey("regions.Region", verbose_name="办理人大所在区划", on_delete=models.PROTECT,
                               related_name="+")
    station = models.ForeignKey("stations.Station", verbose_name="联络站", on_delete=models.PROTECT, null=True,
                                blank=True, related_name="issues")
    reception = models.ForeignKey("stations.Reception", verbose_name="接待记录", on_delete=models.SET_NULL,
                                  null=True, blank=True, related_name="issues")
    channel = models.CharField("来源", max_length=8, choices=Channel.choices, default=Channel.STATION)
    title = models.CharField("标题", max_length=100)
    content = models.TextField("内容")
    category = models.ForeignKey(Category, verbose_name="分类", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="issues")
    place = models.CharField("发生地点", max_length=200, blank=True)
    place_region = models.ForeignKey("regions.Region", verbose_name="涉及区划", on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="+")
    raised_by_deputy = models.ForeignKey("deputies.Mandate", verbose_name="记录代表", on_delete=models.PROTECT,
                                         null=True, blank=True, related_name="recorded_issues")
    recorded_by = models.ForeignKey("accounts.User", verbose_name="登记人", on_delete=models.PROTECT, null=True,
                                    blank=True, related_name="+")
    received_on = models.DateField("收到日期")

    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.RECEIVED)
    round = models.PositiveSmallIntegerField("办理轮次", default=1)
    decline_reason = models.TextField("不予受理理由", blank=True)
    unit = models.ForeignKey("regions.Organisation", verbose_name="承办单位", on_delete=models.PROTECT, null=True,
                             blank=True, related_name="issues")
    forwarded_on = models.DateField("转办日期", null=True, blank=True)
    due_on = models.DateField("反馈期限", null=True, blank=True)
    parent = models.ForeignKey("self", verbose_name="转来自", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="transfers")
    feedback = models.TextField("单位反馈", blank=True)
    feedback_on = models.DateField("反馈日期", null=True, blank=True)
    answer = models.TextField("答复内容", blank=True)
    answered_on = models.DateField("答复日期", null=True, blank=True)
    satisfaction = models.CharField("满意度", max_length=12, choices=Satisfaction.choices, blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True)
    merged_into = models.ForeignKey("self", verbose_name="并入", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="merged")
    people_count = models.PositiveIntegerField("反映人数", default=1)
    reminded_on = models.DateField("最近催办日期", null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = "群众意见"
        indexes = [
            models.Index(fields=["region", "-id"]),
            models.Index(fields=["region", "status", "-id"]),
            models.Index(fields=["station", "-id"]),
            models.Index(fields=["unit", "status", "-id"]),
            models.Index(fields=["status", "due_on"]),
            models.Index(fields=["category", "-id"]),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(status="declined") | ~Q(decline_reason=""),
                                   name="issue_decline_has_reason"),
            models.CheckConstraint(condition=~Q(status="merged") | Q(merged_into__isnull=False),
                                   name="issue_merged_has_target"),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"


class Constituent(BaseModel):
    """A person behind an issue (反映人). Personal data is encrypted at rest and masked wherever it is listed."""

    issue = models.ForeignKey(Issue, verbose_name="群众意见", on_delete=models.PROTECT, related_name="constituents")
    name = EncryptedTextField("姓名", purpose="person_name", blank=True)
    mobile = EncryptedTextField("联系电话", purpose="mobile", blank=True)
    mobile_index = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    id_number = EncryptedTextField("身份证号", purpose="id_number", blank=True)
    id_number_index = models.CharField(max_length=64, blank=True, editable=False)
    address = EncryptedTextField("住址", purpose="address", blank=True)
    wants_answer = models.BooleanField("需要答复", default=True)

    class Meta:
        ordering = ["issue_id", "id"]
        verbose_name = "反映人"

    def save(self, *args, **kwargs):
        self.mobile_index = blind_index(self.mobile, purpose="mobile") if self.mobile else ""
        self.id_number_index = blind_index(self.id_number.upper(), purpose="id_number") if self.id_number else ""
        super().save(*args, **kwargs)

    @property
    def masked_name(self) -> str:
        return mask_name(self.name)

    @property
    def masked_mobile(self) -> str:
        return mask_mobile(self.mobile)

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)


class IssueEvent(models.Model):
    """The history of one issue: every transition, with actor, time and what was said."""

    issue = models.ForeignKey(Issue, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField("时间", auto_now_add=True)
    actor = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    actor_label = models.CharField("操作人", max_length=100, blank=True)
    action = models.CharField("操作", max_length=32)
    from_status = models.CharField("原状态", max_length=12, blank=True)
    to_status = models.CharField("新状态", max_length=12, blank=True)
    note = models.TextField("说明", blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["issue_id", "id"]
        verbose_name = "办理记录"

    def __str__(self):
        return f"{self.issue_id} {self.action}"

    @property
    def action_label(self) -> str:
        from lianluo.casework.workflow import ACTION_LABELS

        return ACTION_LABELS.get(self.action, self.action)

    @property
    def to_status_label(self) -> str:
        return Status(self.to_status).label if self.to_status in Status.values else self.to_status


class IssueCounter(models.Model):
    """The last issue number handed out per office and year (row-locked while numbering)."""

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["region", "year"], name="issue_counter_unique")]

    def __str__(self):
        return f"{self.region_id}/{self.year}: {self.last}"


class IssueMonthly(models.Model):
    """Summary counts per office, station, category and month, kept in step by the services (dashboards and
    station figures read these instead of counting a million issues)."""

    month = models.DateField("月份")  # the first day of the month
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    station = models.ForeignKey("stations.Station", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    received = models.PositiveIntegerField(default=0)
    closed = models.PositiveIntegerField(default=0)
    closed_on_time = models.PositiveIntegerField(default=0)
    rated = models.PositiveIntegerField(default=0)
    satisfied = models.PositiveIntegerField(default=0)  # 满意 + 基本满意

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["month", "region", "station", "category"], name="issue_monthly_key",
                                    nulls_distinct=False),
        ]
        indexes = [models.Index(fields=["region", "month"]), models.Index(fields=["station", "month"])]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.region_id}"


class SuggestionDraft(BaseModel):
    """A draft deputy suggestion lifted from one or many issues (the suggestions module takes it up)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        TAKEN_UP = "taken_up", "已转为建议"
        DISCARDED = "discarded", "已放弃"

    region = models.ForeignKey("regions.Region", verbose_name="人大所在区划", on_delete=models.PROTECT,
                               related_name="+")
    title = models.CharField("标题", max_length=100)
    body = models.TextField("正文")
    evidence = models.TextField("事实依据", blank=True)
    mandate = models.ForeignKey("deputies.Mandate", verbose_name="领衔代表", on_delete=models.PROTECT, null=True,
                                blank=True, related_name="suggestion_drafts")
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.DRAFT)
    issues = models.ManyToManyField(Issue, verbose_name="来源群众意见", related_name="suggestion_drafts")
    created_by = models.ForeignKey("accounts.User", verbose_name="起草人", on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="+")

    class Meta:
        ordering = ["-id"]
        verbose_name = "建议草稿"

    def __str__(self):
        return self.title


class IssueSearch(models.Model):
    """The issue's title and content as space-separated bigrams (see ``search.py``), kept in a narrow side table so
    the search index stays off the list table."""

    issue = models.OneToOneField(Issue, on_delete=models.CASCADE, primary_key=True, related_name="search")
    bigrams = models.TextField()

    def __str__(self):
        return str(self.issue_id)

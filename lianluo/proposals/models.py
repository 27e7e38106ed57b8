"""Deputies' suggestions (建议、批评和意见) and motions (议案), from filing to the deputy's rating.

A suggestion is one deputy's (or a lead deputy's and co-signers') text to their congress; the office reviews it,
numbers it and refers it (交办) to handling units; each unit's part is a ``Handling``; the lead unit's ``Reply``
goes out after its leader approves; the deputy's ``Evaluation`` closes it or starts another round. Statuses and
transition tables live in ``workflow.py``; every change goes through ``services`` and leaves a ``ProposalEvent``
(history) and an audit row.
"""

from django.db import models
from django.db.models import Q

from lianluo.core.models import BaseModel


class SuggestionStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "待审核"
    RETURNED = "returned", "已退回"
    ACCEPTED = "accepted", "已立案"
    MERGED = "merged", "已并案"
    WITHDRAWN = "withdrawn", "已撤回"
    ASSIGNED = "assigned", "办理中"
    REPLIED = "replied", "已答复"
    REHANDLING = "rehandling", "重新办理"
    CLOSED = "closed", "已办结"


class Satisfaction(models.TextChoices):
    """The deputy's rating on the feedback form (征询意见表; RULES.md E4)."""

    SATISFIED = "satisfied", "满意"
    BASICALLY = "basically", "基本满意"
    DISSATISFIED = "dissatisfied", "不满意"


class Suggestion(BaseModel):
    """A deputy suggestion (代表建议), a case of the congress office of ``region`` (代表法 Arts 24, 36)."""

    region = models.ForeignKey("regions.Region", verbose_name="人大所在区划", on_delete=models.PROTECT,
                               related_name="+")
    term = models.ForeignKey("regions.Term", verbose_name="届", on_delete=models.PROTECT, related_name="+")
    session = models.ForeignKey("regions.Session", verbose_name="会议", on_delete=models.PROTECT, null=True,
                                blank=True, related_name="+", help_text="大会期间提出的建议；闭会期间为空。")
    year = models.PositiveSmallIntegerField("年度")
    number = models.PositiveIntegerField("编号", null=True, blank=True)
    title = models.CharField("标题", max_length=100)
    body = models.TextField("正文")
    category = models.ForeignKey("casework.Category", verbose_name="分类", on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="+")
    lead = models.ForeignKey("deputies.Mandate", verbose_name="领衔代表", on_delete=models.PROTECT,
                             related_name="led_suggestions")
    status = models.CharField("状态", max_length=12, choices=SuggestionStatus.choices,
                              default=SuggestionStatus.DRAFT)
    is_complex = models.BooleanField("涉及面广、处理难度大", default=False,
                                     help_text="办理期限为交办之日起六个月（代表法第五十一条）。")
    is_key = models.BooleanField("重点督办", default=False)
    round = models.PositiveSmallIntegerField("办理轮次", default=1)
    return_reason = models.TextField("退回理由", blank=True)
    merged_into = models.ForeignKey("self", verbose_name="并入", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="merged")
    draft = models.ForeignKey("casework.SuggestionDraft", verbose_name="来源建议草稿", on_delete=models.PROTECT,
                              null=True, blank=True, related_name="suggestions")
    motion = models.ForeignKey("proposals.Motion", verbose_name="由议案转来", on_delete=models.PROTECT, null=True,
                               blank=True, related_name="as_suggestions")
    submitted_on = models.DateField("提交日期", null=True, blank=True)
    accepted_on = models.DateField("立案日期", null=True, blank=True)
    assigned_on = models.DateField("交办日期", null=True, blank=True)
    letter_number = models.CharField("交办函文号", max_length=60, blank=True)
    due_on = models.DateField("答复期限", null=True, blank=True)
    replied_on = models.DateField("答复日期", null=True, blank=True)
    rate_by = models.DateField("评价期限", null=True, blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True)
    reply_class = models.CharField("答复类别", max_length=8, blank=True)
    first_satisfaction = models.CharField("首次满意度", max_length=12, choices=Satisfaction.choices, blank=True)
    satisfaction = models.CharField("最终满意度", max_length=12, choices=Satisfaction.choices, blank=True)
    contacted = models.BooleanField("已与代表联系", default=False)
    reminded_on = models.DateField("最近催办日期", null=True, blank=True)
    escalated_on = models.DateField("逾期督办日期", null=True, blank=True)
    public_consent = models.BooleanField("代表同意公开", default=False)
    created_by = models.ForeignKey("accounts.User", verbose_name="录入人", on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="+")

    class Meta:
        ordering = ["-id"]
        verbose_name = "代表建议"
        indexes = [
            models.Index(fields=["region", "-id"]),
            models.Index(fields=["region", "status", "-id"]),
            models.Index(fields=["term", "session", "number"]),
            models.Index(fields=["status", "due_on"]),
            models.Index(fields=["region", "year"]),
            models.Index(fields=["updated_at"]),  # the similar-suggestion index's watermark (textmine.corpus)
        ]
        constraints = [
            models.UniqueConstraint(fields=["region", "term", "session", "year", "number"],
                                    condition=Q(number__isnull=False), name="suggestion_number_unique",
                                    nulls_distinct=False),
            models.CheckConstraint(condition=~Q(status="returned") | ~Q(return_reason=""),
                                   name="suggestion_return_has_reason"),
            models.CheckConstraint(condition=~Q(status="merged") | Q(merged_into__isnull=False),
                                   name="suggestion_merged_has_target"),
        ]

    def __str__(self):
        return f"{self.number_label} {self.title}" if self.number else self.title

    @property
    def number_label(self) -> str:
        """第N号 within a session; between sessions 闭会期间YYYY年第N号 (numbered per year)."""
        if not self.number:
            return "（未编号）"
        if self.session_id:
            return f"第{self.number}号"
        return f"闭会期间{self.year}年第{self.number}号"


class Signer(BaseModel):
    """A deputy on a suggestion: the lead (领衔) or a co-signer (附议), who confirms in the system."""

    class Role(models.TextChoices):
        LEAD = "lead", "领衔"
        COSIGNER = "cosigner", "附议"

    class Status(models.TextChoices):
        INVITED = "invited", "待确认"
        CONFIRMED = "confirmed", "已确认"
        DECLINED = "declined", "已谢绝"
        LAPSED = "lapsed", "逾期未确认"

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, null=True, blank=True,
                                   related_name="signers")
    motion = models.ForeignKey("proposals.Motion", on_delete=models.CASCADE, null=True, blank=True,
                               related_name="signers")
    mandate = models.ForeignKey("deputies.Mandate", verbose_name="代表", on_delete=models.PROTECT,
                                related_name="proposal_signatures")
    role = models.CharField("身份", max_length=10, choices=Role.choices, default=Role.COSIGNER)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.INVITED)
    respond_by = models.DateField("确认期限", null=True, blank=True)
    responded_on = models.DateField("确认日期", null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "署名代表"
        constraints = [
            models.UniqueConstraint(fields=["suggestion", "mandate"], condition=Q(suggestion__isnull=False),
                                    name="signer_once_per_suggestion"),
            models.UniqueConstraint(fields=["motion", "mandate"], condition=Q(motion__isnull=False),
                                    name="signer_once_per_motion"),
            models.CheckConstraint(condition=Q(suggestion__isnull=False) ^ Q(motion__isnull=False),
                                   name="signer_on_one_proposal"),
        ]

    def __str__(self):
        return f"{self.mandate_id} {self.get_role_display()} {self.get_status_display()}"


class Attachment(BaseModel):
    """A file filed with a suggestion (photos, survey tables); kept in the database so a backup holds it."""

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="attachments")
    name = models.CharField("文件名", max_length=120)
    content_type = models.CharField("类型", max_length=80)
    size = models.PositiveIntegerField("大小")
    data = models.BinaryField("内容")
    uploaded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")

    class Meta:
        ordering = ["id"]
        verbose_name = "附件"

    def __str__(self):
        return self.name


class HandlingStatus(models.TextChoices):
    PENDING = "pending", "待签收"
    SIGNED = "signed", "办理中"
    RETURN_REQUESTED = "return_requested", "申请退回"
    RETURNED = "returned", "已退回"
    OPINION_SENT = "opinion_sent", "已送协办意见"
    AWAITING_APPROVAL = "awaiting_approval", "待领导审签"
    REPLIED = "replied", "已答复"


class Handling(BaseModel):
    """One unit's part in handling a suggestion (交办): the lead unit (主办) replies; assisting (协办) and joint
    (会办) units send their opinions to the lead unit, which countersigns them into its reply."""

    class Role(models.TextChoices):
        LEAD = "lead", "主办"
        ASSIST = "assist", "协办"
        JOINT = "joint", "会办"

    suggestion = models.ForeignKey(Suggestion, on_delete=models.PROTECT, related_name="handlings")
    unit = models.ForeignKey("regions.Organisation", verbose_name="承办单位", on_delete=models.PROTECT,
                             related_name="suggestion_handlings")
    role = models.CharField("承办方式", max_length=8, choices=Role.choices, default=Role.LEAD)
    status = models.CharField("状态", max_length=20, choices=HandlingStatus.choices,
                              default=HandlingStatus.PENDING)
    assigned_on = models.DateField("交办日期")
    signed_on = models.DateField("签收日期", null=True, blank=True)
    return_reason = models.TextField("申请退回理由", blank=True)
    return_requested_on = models.DateField("申请退回日期", null=True, blank=True)
    return_decision = models.TextField("退回审核意见", blank=True)
    opinion = models.TextField("协办（会办）意见", blank=True)
    opinion_on = models.DateField("意见送达日期", null=True, blank=True)

    class Meta:
        ordering = ["suggestion_id", "role", "id"]
        verbose_name = "承办"
        indexes = [
            models.Index(fields=["unit", "status", "-id"]),
            models.Index(fields=["suggestion", "role"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["suggestion", "unit"], condition=~Q(status="returned"),
                                    name="handling_one_open_per_unit"),
            models.UniqueConstraint(fields=["suggestion"], condition=Q(role="lead") & ~Q(status="returned"),
                                    name="handling_one_open_lead"),
            models.CheckConstraint(condition=~Q(status="return_requested") | ~Q(return_reason=""),
                                   name="handling_return_has_reason"),
        ]

    def __str__(self):
        return f"{self.suggestion_id} {self.unit_id} {self.get_role_display()}"


class ContactRecord(BaseModel):
    """The unit's contact with the deputy before replying (代表法 Art 51 ¶2: 与代表联系沟通，充分听取意见)."""

    class Way(models.TextChoices):
        MEETING = "meeting", "见面"
        PHONE = "phone", "电话"
        FORUM = "forum", "座谈"
        SITE = "site", "实地察看"
        OTHER = "other", "其他"

    suggestion = models.ForeignKey(Suggestion, on_delete=models.PROTECT, related_name="contacts")
    handling = models.ForeignKey(Handling, on_delete=models.PROTECT, related_name="contacts")
    round = models.PositiveSmallIntegerField("办理轮次", default=1)
    contacted_on = models.DateField("联系日期")
    way = models.CharField("联系方式", max_length=8, choices=Way.choices)
    summary = models.TextField("沟通情况")
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")

    class Meta:
        ordering = ["suggestion_id", "contacted_on", "id"]
        verbose_name = "联系代表记录"

    def __str__(self):
        return f"{self.contacted_on} {self.get_way_display()}"


class Reply(BaseModel):
    """The lead unit's reply (答复函) in one handling round: drafted by the officer, approved by the unit's
    leader, then sent to the deputy with the feedback form (征询意见表)."""

    class Status(models.TextChoices):
        AWAITING_APPROVAL = "awaiting_approval", "待领导审签"
        SENT_BACK = "sent_back", "退回修改"
        SENT = "sent", "已答复"

    suggestion = models.ForeignKey(Suggestion, on_delete=models.PROTECT, related_name="replies")
    handling = models.ForeignKey(Handling, on_delete=models.PROTECT, related_name="replies")
    round = models.PositiveSmallIntegerField("办理轮次", default=1)
    body = models.TextField("答复内容")
    reply_class = models.CharField("答复类别", max_length=8)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.AWAITING_APPROVAL)
    signatory = models.CharField("签发人", max_length=50, blank=True)
    contact_person = models.CharField("联系人", max_length=50, blank=True)
    contact_phone = models.CharField("联系电话", max_length=30, blank=True)
    countersigned = models.JSONField("会签意见", default=list, blank=True)
    drafted_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    approved_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    leader_note = models.TextField("审签意见", blank=True)
    sent_on = models.DateField("答复日期", null=True, blank=True)

    class Meta:
        ordering = ["suggestion_id", "round", "id"]
        verbose_name = "答复"

    def __str__(self):
        return f"{self.suggestion_id} 第{self.round}轮 {self.reply_class}"


class Evaluation(BaseModel):
    """A deputy's rating of a reply (满意 / 基本满意 / 不满意, RULES.md E4); 不满意 carries reasons (E5)."""

    suggestion = models.ForeignKey(Suggestion, on_delete=models.PROTECT, related_name="evaluations")
    reply = models.ForeignKey(Reply, on_delete=models.PROTECT, related_name="evaluations")
    mandate = models.ForeignKey("deputies.Mandate", on_delete=models.PROTECT, related_name="+")
    round = models.PositiveSmallIntegerField("办理轮次")
    satisfaction = models.CharField("满意度", max_length=12, choices=Satisfaction.choices)
    reasons = models.TextField("意见和理由", blank=True)
    rated_on = models.DateField("评价日期")
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")

    class Meta:
        ordering = ["suggestion_id", "round", "id"]
        verbose_name = "办理评价"
        constraints = [
            models.UniqueConstraint(fields=["reply", "mandate"], name="evaluation_once_per_reply"),
        ]

    def __str__(self):
        return f"{self.suggestion_id} 第{self.round}轮 {self.get_satisfaction_display()}"


class KeySupervision(BaseModel):
    """A key suggestion (重点督办建议) chosen by the chairperson's council (代表法 Art 52), with its leaders, the
    supervising special committee and the supervision plan."""

    suggestion = models.OneToOneField(Suggestion, on_delete=models.PROTECT, related_name="key_supervision")
    decided_on = models.DateField("确定日期")
    decision = models.CharField("主任会议决定", max_length=200, blank=True)
    leaders = models.ManyToManyField("regions.StandingCommitteeMember", verbose_name="牵头督办领导",
                                     related_name="key_suggestions")
    committee = models.ForeignKey("regions.SpecialCommittee", verbose_name="督办专门委员会",
                                  on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    plan = models.TextField("督办方案")

    class Meta:
        verbose_name = "重点督办"

    def __str__(self):
        return f"重点督办 {self.suggestion_id}"


class SupervisionActivity(BaseModel):
    """A supervision activity on a key suggestion: a visit, a hearing, a forum, with its record."""

    class Kind(models.TextChoices):
        VISIT = "visit", "实地视察"
        HEARING = "hearing", "听取汇报"
        FORUM = "forum", "座谈协商"
        INQUIRY = "inquiry", "跟踪督查"

    supervision = models.ForeignKey(KeySupervision, on_delete=models.PROTECT, related_name="activities")
    held_on = models.DateField("日期")
    kind = models.CharField("形式", max_length=8, choices=Kind.choices)
    participants = models.CharField("参加人员", max_length=300, blank=True)
    record = models.TextField("督办情况")
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")

    class Meta:
        ordering = ["supervision_id", "held_on", "id"]
        verbose_name = "督办活动"

    def __str__(self):
        return f"{self.held_on} {self.get_kind_display()}"


class Publication(BaseModel):
    """The public version of a suggestion and its reply (公开): separate from the internal text, redacted, and
    published only with the deputy's consent (代表法 Art 51 ¶3 requires the handling to be made public)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "待发布"
        PUBLISHED = "published", "已公开"
        WITHDRAWN = "withdrawn", "已撤下"

    suggestion = models.OneToOneField(Suggestion, on_delete=models.PROTECT, related_name="publication")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    title = models.CharField("公开标题", max_length=100)
    body = models.TextField("公开正文")
    reply = models.TextField("公开答复", blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_on = models.DateField("公开日期", null=True, blank=True)
    # Copies of the filters the public search offers, so that it reads one table.
    year = models.PositiveSmallIntegerField("年度")
    session_label = models.CharField("会议", max_length=100, blank=True)
    number_label = models.CharField("编号", max_length=40, blank=True)
    lead_name = models.CharField("领衔代表", max_length=50, blank=True)
    unit_name = models.CharField("主办单位", max_length=100, blank=True)
    category_name = models.CharField("分类", max_length=50, blank=True)
    reply_class = models.CharField("答复类别", max_length=8, blank=True)
    bigrams = models.TextField(blank=True, editable=False)

    class Meta:
        ordering = ["-published_on", "-id"]
        verbose_name = "建议公开"
        indexes = [
            models.Index(fields=["status", "region", "-published_on"]),
            models.Index(fields=["status", "year"]),
        ]

    def __str__(self):
        return self.title


class PublicationRevision(models.Model):
    """Every change to a public version: who, when, and the text as it then stood."""

    publication = models.ForeignKey(Publication, on_delete=models.PROTECT, related_name="revisions")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    action = models.CharField(max_length=16)
    title = models.CharField(max_length=100)
    body = models.TextField()
    reply = models.TextField(blank=True)

    class Meta:
        ordering = ["publication_id", "id"]

    def __str__(self):
        return f"{self.publication_id} {self.action}"


class MotionStatus(models.TextChoices):
    DRAFT = "draft", "征集附议"
    SUBMITTED = "submitted", "已提出"
    UNDER_REVIEW = "under_review", "专门委员会审议"
    ON_AGENDA = "on_agenda", "列入会议议程"
    REFERRED = "referred", "交专门委员会审议"
    AS_SUGGESTION = "as_suggestion", "作为建议处理"
    WITHDRAWN = "withdrawn", "已撤回"
    ADOPTED = "adopted", "已通过"
    NOT_ADOPTED = "not_adopted", "未通过"
    CONCLUDED = "concluded", "审议结束"


class Motion(BaseModel):
    """A motion (议案) to a congress session: filed by a delegation, or by deputies jointly with at least 10
    co-signers (5 at township level) (地方组织法 Art 22)."""

    class Filer(models.TextChoices):
        DEPUTIES = "deputies", "代表联名"
        DELEGATION = "delegation", "代表团"
        PRESIDIUM = "presidium", "主席团"

    region = models.ForeignKey("regions.Region", verbose_name="人大所在区划", on_delete=models.PROTECT,
                               related_name="+")
    session = models.ForeignKey("regions.Session", verbose_name="会议", on_delete=models.PROTECT, related_name="+")
    number = models.PositiveIntegerField("编号", null=True, blank=True)
    title = models.CharField("案由", max_length=100)
    body = models.TextField("案据和方案")
    filer = models.CharField("提出方式", max_length=12, choices=Filer.choices, default=Filer.DEPUTIES)
    delegation = models.ForeignKey("regions.Delegation", verbose_name="代表团", on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    lead = models.ForeignKey("deputies.Mandate", verbose_name="领衔代表", on_delete=models.PROTECT, null=True,
                             blank=True, related_name="led_motions")
    status = models.CharField("状态", max_length=16, choices=MotionStatus.choices, default=MotionStatus.DRAFT)
    cosign_by = models.DateField("附议截止日期", null=True, blank=True)
    submitted_on = models.DateField("提出日期", null=True, blank=True)
    committee = models.ForeignKey("regions.SpecialCommittee", verbose_name="审议专门委员会",
                                  on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    review_opinion = models.TextField("审议意见", blank=True)
    reviewed_on = models.DateField("审议日期", null=True, blank=True)
    disposition_note = models.TextField("主席团决定", blank=True)
    disposed_on = models.DateField("决定日期", null=True, blank=True)
    withdraw_reason = models.TextField("撤回理由", blank=True)
    result = models.TextField("审议结果", blank=True)
    report = models.TextField("审议结果报告", blank=True)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")

    class Meta:
        ordering = ["-id"]
        verbose_name = "议案"
        indexes = [models.Index(fields=["region", "-id"]), models.Index(fields=["session", "number"])]
        constraints = [
            models.UniqueConstraint(fields=["session", "number"], condition=Q(number__isnull=False),
                                    name="motion_number_unique"),
        ]

    def __str__(self):
        return f"第{self.number}号议案 {self.title}" if self.number else self.title


class ProposalCounter(models.Model):
    """The last number handed out per office, kind and numbering scope (a session, or a year between sessions);
    row-locked while numbering."""

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=12)  # "suggestion" or "motion"
    scope = models.CharField(max_length=32)  # "session:<id>" or "year:<YYYY>"
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["region", "kind", "scope"], name="proposal_counter_unique")]

    def __str__(self):
        return f"{self.region_id}/{self.kind}/{self.scope}: {self.last}"


class ProposalEvent(models.Model):
    """The history of a suggestion or motion: every transition, with actor, time and what was said."""

    suggestion = models.ForeignKey(Suggestion, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="events")
    motion = models.ForeignKey(Motion, on_delete=models.PROTECT, null=True, blank=True, related_name="events")
    handling = models.ForeignKey(Handling, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    at = models.DateTimeField("时间", auto_now_add=True)
    actor = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    actor_label = models.CharField("操作人", max_length=100, blank=True)
    action = models.CharField("操作", max_length=32)
    from_status = models.CharField("原状态", max_length=20, blank=True)
    to_status = models.CharField("新状态", max_length=20, blank=True)
    note = models.TextField("说明", blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "办理记录"
        indexes = [models.Index(fields=["suggestion", "id"]), models.Index(fields=["motion", "id"])]

    def __str__(self):
        return f"{self.suggestion_id or self.motion_id} {self.action}"

    @property
    def action_label(self) -> str:
        from lianluo.proposals.workflow import ACTION_LABELS

        return ACTION_LABELS.get(self.action, self.action)


class SuggestionSearch(models.Model):
    """The suggestion's title and body as bigrams, for duplicate detection and the list's search."""

    suggestion = models.OneToOneField(Suggestion, on_delete=models.CASCADE, primary_key=True,
                                      related_name="search")
    bigrams = models.TextField()

    def __str__(self):
        return str(self.suggestion_id)


class SuggestionFigures(models.Model):
    """Running counts for the statistics pages (``statistics.py``), one row per grouping, group, office, term,
    session, year and reply class, kept in step by ``services.figures`` in the transaction of every change.

    ``kind`` names the grouping: "all" counts every submitted suggestion (the headline and the grouping by
    session read it); "unit", "category" and "delegation" count only suggestions referred to the units, under
    their current lead unit, category or lead deputy's delegation (``group``; 0 for none). ``session`` is the
    session's id, or 0 for suggestions made between sessions. Overdue counts depend on the day and are counted
    live over the open suggestions instead. The dimensions are plain integers rather than foreign keys so that
    "none" is 0 and the unique constraint holds on both databases (NULLs are never equal)."""

    kind = models.CharField(max_length=10)
    group = models.PositiveIntegerField(default=0)
    region = models.ForeignKey("regions.Region", on_delete=models.CASCADE, related_name="+")
    term = models.PositiveIntegerField()
    session = models.PositiveIntegerField(default=0)
    year = models.PositiveSmallIntegerField()
    reply_class = models.CharField(max_length=8, blank=True)

    received = models.IntegerField(default=0)
    merged = models.IntegerField(default=0)
    assigned = models.IntegerField(default=0)
    replied = models.IntegerField(default=0)
    closed = models.IntegerField(default=0)
    contacted = models.IntegerField(default=0)
    replied_late = models.IntegerField(default=0)
    on_time = models.IntegerField(default=0)
    rehandled = models.IntegerField(default=0)
    key = models.IntegerField(default=0)
    key_finished = models.IntegerField(default=0)
    first_satisfied = models.IntegerField(default=0)
    first_basic = models.IntegerField(default=0)
    first_dissatisfied = models.IntegerField(default=0)
    final_satisfied = models.IntegerField(default=0)
    final_basic = models.IntegerField(default=0)
    final_dissatisfied = models.IntegerField(default=0)

    MEASURES = ("received", "merged", "assigned", "replied", "closed", "contacted", "replied_late", "on_time",
                "rehandled", "key", "key_finished", "first_satisfied", "first_basic", "first_dissatisfied",
                "final_satisfied", "final_basic", "final_dissatisfied")
    DIMENSIONS = ("kind", "group", "region_id", "term", "session", "year", "reply_class")

    class Meta:
        constraints = [models.UniqueConstraint(
            fields=["kind", "group", "region", "term", "session", "year", "reply_class"],
            name="suggestion_figures_unique")]
        indexes = [models.Index(fields=["kind", "year", "region"])]

    def __str__(self):
        return f"{self.kind}/{self.group}/{self.region_id}/{self.year}"


class SuggestionTally(models.Model):
    """What one suggestion last added to ``SuggestionFigures`` (its rows' dimensions and counts), so that the
    next change takes exactly that away again, whichever service made it."""

    suggestion = models.OneToOneField(Suggestion, on_delete=models.CASCADE, primary_key=True,
                                      related_name="tally")
    parts = models.JSONField(default=list)

    def __str__(self):
        return str(self.suggestion_id)

"""Deputies: a person and their mandates (one per congress in which they serve).

The roster module (imports, composition statistics, contact relations) builds on these two models.
"""

from django.db import models
from django.db.models import Q

from lianluo.core.fields import EncryptedTextField, blind_index
from lianluo.core.masking import mask_id_number, mask_mobile
from lianluo.core.models import BaseModel


class OccupationCategory(models.TextChoices):
    """The composition categories offices report (代表构成统计)."""

    WORKER = "worker", "一线工人"
    FARMER = "farmer", "农民"
    PROFESSIONAL = "professional", "专业技术人员"
    OFFICIAL = "official", "党政机关领导干部"
    ENTERPRISE = "enterprise", "企业负责人"
    MILITARY = "military", "解放军和武警"
    OTHER = "other", "其他"


class Person(BaseModel):
    """A natural person; may hold mandates at several levels at once (e.g. provincial and county deputy)."""

    class Gender(models.TextChoices):
        MALE = "male", "男"
        FEMALE = "female", "女"

    name = models.CharField("姓名", max_length=50)
    gender = models.CharField("性别", max_length=8, choices=Gender.choices)
    ethnicity = models.CharField("民族", max_length=16, default="汉族")
    birth_date = models.DateField("出生日期", null=True, blank=True)
    party = models.CharField("党派", max_length=32, blank=True)
    native_place = models.CharField("籍贯", max_length=50, blank=True)
    education = models.CharField("学历", max_length=32, blank=True)
    occupation = models.CharField("工作单位及职务", max_length=200, blank=True)
    occupation_category = models.CharField("职业构成", max_length=24, choices=OccupationCategory.choices, blank=True)
    id_number = EncryptedTextField("身份证号", purpose="id_number", blank=True)
    id_number_index = models.CharField(max_length=64, blank=True, editable=False)
    mobile = EncryptedTextField("联系电话", purpose="mobile", blank=True)
    # Sort keys kept in step with the name (see deputies/ordering.py): official lists go by surname strokes.
    name_strokes_key = models.CharField(max_length=200, blank=True, editable=False, db_index=True)
    name_pinyin_key = models.CharField(max_length=200, blank=True, editable=False, db_index=True)
    user = models.OneToOneField("accounts.User", verbose_name="账户", on_delete=models.SET_NULL, null=True,
                                blank=True, related_name="person")

    class Meta:
        ordering = ["name", "id"]
        verbose_name = "人员"
        constraints = [
            models.UniqueConstraint(fields=["id_number_index"], condition=~Q(id_number_index=""),
                                    name="person_id_number_unique"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        for field, value in self.derived_values(name=self.name, id_number=self.id_number).items():
            setattr(self, field, value)
        super().save(*args, **kwargs)

    @staticmethod
    def derived_values(*, name: str, id_number: str) -> dict:
        """The columns save() derives from the name and the identity number (blind index, sort keys); writers
        that insert rows without save() (the roster import) take them from here too, so the two stay in step."""
        from lianluo.deputies.ordering import pinyin_key, strokes_key

        return {"id_number_index": blind_index(id_number.upper(), purpose="id_number"),
                "name_strokes_key": strokes_key(name), "name_pinyin_key": pinyin_key(name)}

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def masked_mobile(self) -> str:
        return mask_mobile(self.mobile)


class Mandate(BaseModel):
    """One person's seat in one congress term (代表资格)."""

    class Status(models.TextChoices):
        SERVING = "serving", "在任"
        ENDED = "ended", "终止"

    class EndReason(models.TextChoices):
        """Grounds on which a deputy's mandate terminates (代表法 Art 62)."""

        MOVED_AWAY = "moved_away", "迁出或者调离本行政区域"
        RESIGNED = "resigned", "辞职被接受"
        ABSENT_TWICE = "absent_twice", "未经批准两次不出席本级人民代表大会会议"
        RECALLED = "recalled", "被罢免"
        NATIONALITY = "nationality", "丧失中华人民共和国国籍"
        POLITICAL_RIGHTS = "political_rights", "依照法律被剥夺政治权利"
        INCAPACITY = "incapacity", "丧失行为能力"
        TERM_ENDED = "term_ended", "任期届满"

    person = models.ForeignKey(Person, verbose_name="人员", on_delete=models.PROTECT, related_name="mandates")
    term = models.ForeignKey("regions.Term", verbose_name="届", on_delete=models.PROTECT, related_name="mandates")
    region = models.ForeignKey("regions.Region", verbose_name="人大所在区划", on_delete=models.PROTECT,
                               related_name="+", help_text="与届所属人大的区划相同，用于辖区过滤。")
    delegation = models.ForeignKey("regions.Delegation", verbose_name="代表团", on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="mandates")
    deputy_group = models.ForeignKey("regions.DeputyGroup", verbose_name="代表小组", on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="mandates")
    constituency = models.CharField("选区或选举单位", max_length=100, blank=True)
    started_on = models.DateField("当选日期")
    status = models.CharField("状态", max_length=8, choices=Status.choices, default=Status.SERVING)
    ended_on = models.DateField("终止日期", null=True, blank=True)
    end_reason = models.CharField("终止原因", max_length=24, choices=EndReason.choices, blank=True)
    # Copies of the person's sort keys, so that a roster page walks one index in official order
    # (kept in step by the services; see deputies/ordering.py).
    strokes_key = models.CharField(max_length=200, blank=True, editable=False)
    pinyin_key = models.CharField(max_length=200, blank=True, editable=False)
    # Keyed digest (HMAC-SM3) of the roster row last imported for this mandate and of both rows' updated_at: a
    # re-import skips a row whose digest still matches, without decrypting anything (services.roster_import).
    import_digest = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["region_id", "term_id", "person__name"]
        verbose_name = "代表资格"
        constraints = [
            models.UniqueConstraint(fields=["person", "term"], name="mandate_one_per_term"),
            models.CheckConstraint(
                condition=Q(status="serving", ended_on__isnull=True, end_reason="")
                | Q(status="ended", ended_on__isnull=False) & ~Q(end_reason=""),
                name="mandate_end_has_date_and_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["region", "status"]),
            models.Index(fields=["strokes_key", "id"], name="mandate_strokes_order"),
            models.Index(fields=["pinyin_key", "id"], name="mandate_pinyin_order"),
            models.Index(fields=["term", "strokes_key", "id"], name="mandate_term_strokes"),
        ]

    def __str__(self):
        return f"{self.person.name}（{self.term}代表）"

    def save(self, *args, **kwargs):
        if self.person_id and not self.strokes_key:
            self.strokes_key = self.person.name_strokes_key
            self.pinyin_key = self.person.name_pinyin_key
        super().save(*args, **kwargs)


class MandateEvent(BaseModel):
    """History of a mandate: registration, changes, import, termination (代表法 Art 62)."""

    class Kind(models.TextChoices):
        REGISTERED = "registered", "登记"
        IMPORTED = "imported", "导入"
        UPDATED = "updated", "修改"
        ENDED = "ended", "终止"

    mandate = models.ForeignKey(Mandate, verbose_name="代表资格", on_delete=models.PROTECT, related_name="events")
    kind = models.CharField("事项", max_length=16, choices=Kind.choices)
    actor = models.ForeignKey("accounts.User", verbose_name="操作人", on_delete=models.PROTECT, null=True,
                              blank=True, related_name="+")
    note = models.CharField("说明", max_length=300, blank=True)
    changes = models.JSONField("变更（已脱敏）", default=dict, blank=True)

    class Meta:
        ordering = ["mandate_id", "created_at", "id"]
        verbose_name = "代表资格记录"

    def __str__(self):
        return f"{self.mandate_id} {self.get_kind_display()}"


class Contact(BaseModel):
    """A standing-committee member's fixed contact with a deputy (常委会组成人员相对固定联系代表, 代表法 Art 36)."""

    member = models.ForeignKey("regions.StandingCommitteeMember", verbose_name="常委会组成人员",
                               on_delete=models.PROTECT, related_name="contacts")
    mandate = models.ForeignKey(Mandate, verbose_name="联系代表", on_delete=models.PROTECT, related_name="contacts")
    region = models.ForeignKey("regions.Region", verbose_name="人大所在区划", on_delete=models.PROTECT,
                               related_name="+", help_text="常委会所属人大的区划，用于辖区过滤。")
    started_on = models.DateField("起始日期")
    ended_on = models.DateField("终止日期", null=True, blank=True)

    class Meta:
        ordering = ["member_id", "mandate_id"]
        verbose_name = "固定联系"
        constraints = [
            models.UniqueConstraint(fields=["member", "mandate"], condition=Q(ended_on__isnull=True),
                                    name="contact_one_open_per_pair"),
        ]

    def __str__(self):
        return f"{self.member.name} 联系 {self.mandate.person.name}"


class Visit(BaseModel):
    """A visit or talk between a committee member and a fixed-contact deputy, with what was heard."""

    class Way(models.TextChoices):
        VISIT = "visit", "走访"
        FORUM = "forum", "座谈"
        PHONE = "phone", "电话"
        ONLINE = "online", "网络"

    contact = models.ForeignKey(Contact, verbose_name="固定联系", on_delete=models.PROTECT, related_name="visits")
    region = models.ForeignKey("regions.Region", verbose_name="人大所在区划", on_delete=models.PROTECT,
                               related_name="+")
    visited_on = models.DateField("日期")
    way = models.CharField("方式", max_length=8, choices=Way.choices, default=Way.VISIT)
    place = models.CharField("地点", max_length=100, blank=True)
    participants = models.CharField("参加人员", max_length=200, blank=True)
    heard = models.TextField("听取的意见建议")
    follow_up = models.TextField("跟进事项", blank=True)
    follow_up_due = models.DateField("跟进期限", null=True, blank=True)
    follow_up_done_on = models.DateField("跟进完成日期", null=True, blank=True)
    recorded_by = models.ForeignKey("accounts.User", verbose_name="记录人", on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-visited_on", "-id"]
        verbose_name = "联系走访记录"
        indexes = [models.Index(fields=["region", "visited_on"])]

    def __str__(self):
        return f"{self.visited_on} {self.contact}"

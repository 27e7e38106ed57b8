"""Administrative divisions and the congress structures that sit on them."""

import datetime

from django.db import models
from django.db.models import Q

from lianluo.core.models import BaseModel


class Level(models.IntegerChoices):
    """Administrative level of a region, which is also the level of its congress (宪法 Art 97)."""

    NATIONAL = 0, "全国"
    PROVINCE = 1, "省级"
    PREFECTURE = 2, "市级"
    COUNTY = 3, "县级"
    TOWNSHIP = 4, "乡级"


class Region(models.Model):
    """An administrative division keyed by its official code (GB/T 2260; 统计用区划代码).

    The code is the primary key, so every foreign key to a region stores the code itself and a
    subtree filter needs no join (see ``tree.subtree_q``).
    """

    class UnitType(models.TextChoices):
        ADMIN = "admin", "行政区划"
        OTHER = "other_unit", "功能区"

    code = models.CharField("区划代码", max_length=12, primary_key=True)
    name = models.CharField("名称", max_length=64)
    parent = models.ForeignKey(
        "self", verbose_name="上级", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    level = models.PositiveSmallIntegerField("层级", choices=Level.choices)
    unit_type = models.CharField("类型", max_length=16, choices=UnitType.choices, default=UnitType.ADMIN)

    class Meta:
        ordering = ["code"]
        verbose_name = "行政区划"
        indexes = [models.Index(fields=["parent", "code"]), models.Index(fields=["name"])]

    def __str__(self):
        return self.name

    @property
    def congress_title(self) -> str:
        return f"{self.name}人民代表大会"


class Congress(BaseModel):
    """A region's people's congress (人民代表大会) at the region's level."""

    region = models.OneToOneField(Region, verbose_name="行政区划", on_delete=models.PROTECT, related_name="congress")
    level = models.PositiveSmallIntegerField("层级", choices=Level.choices)
    name = models.CharField("名称", max_length=100)

    class Meta:
        ordering = ["region_id"]
        verbose_name = "人民代表大会"

    def __str__(self):
        return self.name

    @property
    def has_standing_committee(self) -> bool:
        """Congresses at county level and above elect a standing committee; townships do not (地方组织法 Art 47)."""
        return self.level <= Level.COUNTY


class Term(BaseModel):
    """A congress's term (届): five years from its first session (代表法 Art 2; 宪法 Art 98)."""

    congress = models.ForeignKey(Congress, verbose_name="人民代表大会", on_delete=models.PROTECT, related_name="terms")
    number = models.PositiveSmallIntegerField("届次")
    start_date = models.DateField("起始日期")
    end_date = models.DateField("届满日期", null=True, blank=True)

    class Meta:
        ordering = ["congress_id", "-number"]
        verbose_name = "届"
        constraints = [
            models.UniqueConstraint(fields=["congress", "number"], name="term_number_unique"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gt=models.F("start_date")), name="term_dates_ordered"
            ),
        ]

    def __str__(self):
        return f"{self.congress.region.name}第{chinese_numeral(self.number)}届人民代表大会"

    @property
    def title(self) -> str:
        return f"第{chinese_numeral(self.number)}届"

    def is_current(self, today: datetime.date) -> bool:
        return self.start_date <= today and (self.end_date is None or today < self.end_date)


class Session(BaseModel):
    """A meeting of a congress within a term (第N次会议)."""

    class Kind(models.TextChoices):
        REGULAR = "regular", "例会"
        EXTRAORDINARY = "extraordinary", "临时会议"

    term = models.ForeignKey(Term, verbose_name="届", on_delete=models.PROTECT, related_name="sessions")
    number = models.PositiveSmallIntegerField("会次")
    kind = models.CharField("类型", max_length=16, choices=Kind.choices, default=Kind.REGULAR)
    start_date = models.DateField("开幕日期")
    end_date = models.DateField("闭幕日期", null=True, blank=True)

    class Meta:
        ordering = ["term_id", "number"]
        verbose_name = "会议"
        constraints = [
            models.UniqueConstraint(fields=["term", "number"], name="session_number_unique"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="session_dates_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.term}第{chinese_numeral(self.number)}次会议"

    @property
    def title(self) -> str:
        return f"第{chinese_numeral(self.number)}次会议"


class StandingCommittee(BaseModel):
    """The standing committee (常务委员会) of one term of a county-level-or-above congress."""

    term = models.OneToOneField(Term, verbose_name="届", on_delete=models.PROTECT, related_name="standing_committee")

    class Meta:
        verbose_name = "常务委员会"

    def __str__(self):
        return f"{self.term}常务委员会"


class StandingCommitteeMember(BaseModel):
    class Position(models.TextChoices):
        CHAIR = "chair", "主任"
        VICE_CHAIR = "vice_chair", "副主任"
        SECRETARY_GENERAL = "secretary_general", "秘书长"
        MEMBER = "member", "委员"

    committee = models.ForeignKey(
        StandingCommittee, verbose_name="常务委员会", on_delete=models.PROTECT, related_name="members"
    )
    name = models.CharField("姓名", max_length=50)
    position = models.CharField("职务", max_length=24, choices=Position.choices, default=Position.MEMBER)
    order = models.PositiveSmallIntegerField("排序", default=0)
    user = models.ForeignKey(
        "accounts.User", verbose_name="账户", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["committee_id", "order", "id"]
        verbose_name = "常委会组成人员"

    def __str__(self):
        return f"{self.get_position_display()} {self.name}"


class Delegation(BaseModel):
    """A delegation (代表团) at a congress session, usually one per lower-level region."""

    term = models.ForeignKey(Term, verbose_name="届", on_delete=models.PROTECT, related_name="delegations")
    name = models.CharField("名称", max_length=100)
    region = models.ForeignKey(Region, verbose_name="所属区划", on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        ordering = ["term_id", "order", "id"]
        verbose_name = "代表团"
        constraints = [models.UniqueConstraint(fields=["term", "name"], name="delegation_name_unique")]

    def __str__(self):
        return self.name


class DeputyGroup(BaseModel):
    """A deputy group (代表小组), the basic form of deputies' activity between sessions (代表法 Art 25)."""

    term = models.ForeignKey(Term, verbose_name="届", on_delete=models.PROTECT, related_name="deputy_groups")
    name = models.CharField("名称", max_length=100)
    region = models.ForeignKey(Region, verbose_name="所在区划", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["term_id", "region_id", "name"]
        verbose_name = "代表小组"
        constraints = [models.UniqueConstraint(fields=["term", "name"], name="deputy_group_name_unique")]

    def __str__(self):
        return self.name


class SpecialCommittee(BaseModel):
    """A special committee (专门委员会) of a congress term (地方组织法 Art 33)."""

    term = models.ForeignKey(Term, verbose_name="届", on_delete=models.PROTECT, related_name="special_committees")
    name = models.CharField("名称", max_length=100)
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        ordering = ["term_id", "order", "id"]
        verbose_name = "专门委员会"
        constraints = [models.UniqueConstraint(fields=["term", "name"], name="special_committee_name_unique")]

    def __str__(self):
        return self.name


class Organisation(BaseModel):
    """A body that handles suggestions and casework (承办单位): a government department, court, …"""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", "政府部门"
        COURT = "court", "人民法院"
        PROCURATORATE = "procuratorate", "人民检察院"
        SUPERVISORY = "supervisory", "监察委员会"
        ENTERPRISE = "enterprise", "企事业单位"
        OTHER = "other", "其他"

    name = models.CharField("名称", max_length=100)
    region = models.ForeignKey(Region, verbose_name="所属区划", on_delete=models.PROTECT, related_name="organisations")
    kind = models.CharField("类型", max_length=16, choices=Kind.choices, default=Kind.GOVERNMENT)

    class Meta:
        ordering = ["region_id", "name"]
        verbose_name = "承办单位"
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="organisation_name_unique")]

    def __str__(self):
        return self.name


_DIGITS = "零一二三四五六七八九"


def chinese_numeral(number: int) -> str:
    """1–99 as written in official titles: 十四, 二十, 二十一."""
    if not 0 < number < 100:
        return str(number)
    tens, ones = divmod(number, 10)
    if tens == 0:
        return _DIGITS[ones]
    head = "" if tens == 1 else _DIGITS[tens]
    return f"{head}十{_DIGITS[ones] if ones else ''}"

"""Direct elections of county and township deputies (选民直接选举), from the voter roll to the certificates.

An ``Election`` belongs to the congress whose deputies it elects (its region) and has a day; its
``Constituency`` rows elect 1–3 deputies each; a ``Voter`` is one registration (one per person per election, the
identity number encrypted with a blind index); a ``Candidate`` is preliminary until the formal list is fixed;
each ``PollingStation`` (a fixed station or a mobile box) keys in a ``StationTally``; a constituency's ``Result``
is decided by the election-law engine from the stored tallies, and once published it is never edited: a
correction is a new ``Result`` naming the one it replaces and why. Every change goes through ``services`` and
leaves an ``ElectionEvent`` and an audit row.
"""

from django.db import models
from django.db.models import Q

from lianluo.core.fields import EncryptedTextField
from lianluo.core.models import BaseModel


class ElectionStatus(models.TextChoices):
    PREPARING = "preparing", "筹备中"
    VOTING = "voting", "投票计票"
    CLOSED = "closed", "选举结束"


class Election(BaseModel):
    region = models.ForeignKey("regions.Region", verbose_name="选举的人大", on_delete=models.PROTECT,
                               related_name="+")
    title = models.CharField("名称", max_length=100)
    election_day = models.DateField("选举日")
    committee = models.CharField("选举委员会", max_length=100)
    status = models.CharField("状态", max_length=10, choices=ElectionStatus.choices,
                              default=ElectionStatus.PREPARING)
    roll_published_on = models.DateField("选民名单公布日期", null=True, blank=True)
    candidates_published_on = models.DateField("代表候选人名单公布日期", null=True, blank=True)
    formal_published_on = models.DateField("正式代表候选人名单公布日期", null=True, blank=True)

    class Meta:
        ordering = ["-election_day", "-id"]
        verbose_name = "选举"

    def __str__(self):
        return self.title


class Constituency(BaseModel):
    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="constituencies")
    number = models.PositiveSmallIntegerField("选区编号")
    name = models.CharField("选区名称", max_length=100)
    seats = models.PositiveSmallIntegerField("应选代表名额")
    area = models.CharField("范围", max_length=200, blank=True)

    class Meta:
        ordering = ["election", "number"]
        verbose_name = "选区"
        constraints = [
            models.UniqueConstraint(fields=["election", "number"], name="constituency_number_unique"),
            models.CheckConstraint(condition=Q(seats__gte=1) & Q(seats__lte=3), name="constituency_seats_1_3"),
        ]

    def __str__(self):
        return f"第{self.number}选区（{self.name}）"


class Voter(BaseModel):
    class Status(models.TextChoices):
        REGISTERED = "registered", "已登记"
        REMOVED = "removed", "已除名"

    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="voters")
    constituency = models.ForeignKey(Constituency, on_delete=models.PROTECT, related_name="voters")
    name = models.CharField("姓名", max_length=50)
    id_number = EncryptedTextField("身份证号", purpose="id_number")
    id_number_index = models.CharField(max_length=64, editable=False)
    birth_date = models.DateField("出生日期")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.REGISTERED)
    removed_reason = models.CharField("除名原因", max_length=200, blank=True)

    class Meta:
        ordering = ["constituency", "id"]
        verbose_name = "选民"
        constraints = [
            # One registration per person per election (选举法 Art 5; RULES.md A3).
            models.UniqueConstraint(fields=["election", "id_number_index"], name="voter_once_per_election"),
        ]

    def __str__(self):
        return self.name


class Candidate(BaseModel):
    class Nominator(models.TextChoices):
        PARTY = "party", "政党、人民团体推荐"
        VOTERS = "voters", "选民十人以上联名推荐"

    constituency = models.ForeignKey(Constituency, on_delete=models.PROTECT, related_name="candidates")
    name = models.CharField("姓名", max_length=50)
    gender = models.CharField("性别", max_length=2, blank=True)
    nominated_by = models.CharField("推荐方式", max_length=10, choices=Nominator.choices)
    nominator = models.CharField("推荐者", max_length=100)
    cosigners = models.PositiveIntegerField("联名选民人数", default=0)
    formal = models.BooleanField("正式候选人", default=False)
    position = models.PositiveSmallIntegerField("选票顺序", default=0)

    class Meta:
        ordering = ["constituency", "position", "id"]
        verbose_name = "代表候选人"
        constraints = [models.UniqueConstraint(fields=["constituency", "name"], name="candidate_name_unique")]

    def __str__(self):
        return self.name


class PollingStation(BaseModel):
    constituency = models.ForeignKey(Constituency, on_delete=models.PROTECT, related_name="stations")
    name = models.CharField("投票站", max_length=100)
    mobile = models.BooleanField("流动票箱", default=False)

    class Meta:
        ordering = ["constituency", "mobile", "id"]
        verbose_name = "投票站"

    def __str__(self):
        return self.name


class Round(models.TextChoices):
    FIRST = "first", "第一次投票"
    RUNOFF = "runoff", "另行选举"


class StationTally(BaseModel):
    """One polling station's count, keyed in from its report (or a counting machine's export): the ballots
    issued and returned, the void ones (more names than seats, 选举法 Art 44 ¶2), and the "for" votes per name."""

    station = models.ForeignKey(PollingStation, on_delete=models.PROTECT, related_name="tallies")
    round = models.CharField("投票轮次", max_length=10, choices=Round.choices, default=Round.FIRST)
    voters_voted = models.PositiveIntegerField("参加投票人数")
    ballots_issued = models.PositiveIntegerField("发出选票")
    ballots_cast = models.PositiveIntegerField("收回选票")
    ballots_invalid = models.PositiveIntegerField("无效票")
    votes = models.JSONField("得票", default=dict)  # name -> "for" votes on valid ballots, write-ins included
    entered_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        ordering = ["station", "round"]
        verbose_name = "投票站计票"
        constraints = [models.UniqueConstraint(fields=["station", "round"], name="tally_once_per_round")]

    def __str__(self):
        return f"{self.station} {self.get_round_display()}"


class Result(BaseModel):
    """A constituency's decided and published result for one round. Never edited: a correction is a new row."""

    constituency = models.ForeignKey(Constituency, on_delete=models.PROTECT, related_name="results")
    round = models.CharField("投票轮次", max_length=10, choices=Round.choices, default=Round.FIRST)
    seats = models.PositiveSmallIntegerField("本轮应选名额")
    electorate = models.PositiveIntegerField("选区选民总数")
    candidates = models.JSONField("正式候选人")  # in ballot order, as they stood
    decision = models.JSONField("计票结果")  # the engine's decision, as the tally command prints it
    tallies = models.JSONField("所依据的计票")  # the station tallies it was decided from, as they stood
    published_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    replaces = models.OneToOneField("self", verbose_name="更正的结果", on_delete=models.PROTECT, null=True,
                                    blank=True, related_name="replaced_by")
    correction_reason = models.TextField("更正理由", blank=True)

    class Meta:
        ordering = ["constituency", "round", "id"]
        verbose_name = "选举结果"

    def __str__(self):
        return f"{self.constituency} {self.get_round_display()}"

    @property
    def current(self) -> bool:
        return not hasattr(self, "replaced_by")


class ElectionEvent(models.Model):
    """The history of an election: every step, with actor, time and what was done."""

    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="events")
    constituency = models.ForeignKey(Constituency, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")
    at = models.DateTimeField("时间", auto_now_add=True)
    actor = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    action = models.CharField("操作", max_length=32)
    note = models.TextField("说明", blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "选举记录"

    def __str__(self):
        return f"{self.election_id} {self.action}"

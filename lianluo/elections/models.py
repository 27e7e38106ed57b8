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
    by_election = models.BooleanField("补选", default=False)  # filling vacancies: as many candidates as seats may do
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
    preelection_votes = models.PositiveIntegerField("预选得票", null=True, blank=True)

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
    """The history of a direct election, a session election or an appointment vote: every step, with actor, time
    and what was done."""

    election = models.ForeignKey(Election, on_delete=models.PROTECT, null=True, blank=True, related_name="events")
    constituency = models.ForeignKey(Constituency, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")
    session_election = models.ForeignKey("SessionElection", on_delete=models.PROTECT, null=True, blank=True,
                                         related_name="events")
    appointment = models.ForeignKey("AppointmentVote", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="events")
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


# ---------------------------------------------------------------- elections at a congress session


class SessionElection(BaseModel):
    """An election held at a congress session (地方组织法 Arts 25–30; 选举法 Art 45 ¶2): deputies to the next level's
    congress, or office-holders (the standing committee, the government, the supervisory commission, the court and
    the procuratorate)."""

    class Kind(models.TextChoices):
        DEPUTIES = "deputies", "选举上一级人民代表大会代表"
        OFFICE = "office", "选举国家机关组成人员"

    class Post(models.TextChoices):
        SINGLE = "single", "正职（主任、县长、院长、检察长等）"
        DEPUTY = "deputy", "副职（副主任、副县长等）"
        MEMBERS = "members", "常务委员会委员"

    session = models.ForeignKey("regions.Session", verbose_name="会议", on_delete=models.PROTECT, related_name="+")
    title = models.CharField("选举事项", max_length=100)
    kind = models.CharField("类别", max_length=10, choices=Kind.choices)
    post = models.CharField("职务", max_length=10, choices=Post.choices, blank=True)
    seats = models.PositiveSmallIntegerField("应选名额")
    total_deputies = models.PositiveIntegerField("全体代表人数")

    class Meta:
        ordering = ["-session__start_date", "id"]
        verbose_name = "大会选举"

    def __str__(self):
        return self.title


class SessionNominee(BaseModel):
    class By(models.TextChoices):
        PRESIDIUM = "presidium", "主席团提名"
        DEPUTIES = "deputies", "代表联合提名"

    election = models.ForeignKey(SessionElection, on_delete=models.PROTECT, related_name="nominees")
    name = models.CharField("姓名", max_length=50)
    nominated_by = models.CharField("提名方式", max_length=10, choices=By.choices)
    cosigners = models.PositiveIntegerField("联名代表人数", default=0)
    # How many votes stood when the nomination was made: 0 for the first list; more for a new nomination for the
    # seats still unfilled (另行提名, 地方组织法 Art 29 ¶2).
    after_vote = models.PositiveSmallIntegerField("提名时已进行的投票次数", default=0)

    class Meta:
        ordering = ["election", "id"]
        verbose_name = "大会选举候选人"
        constraints = [models.UniqueConstraint(fields=["election", "name"], name="session_nominee_unique")]

    def __str__(self):
        return self.name


class SessionVote(BaseModel):
    """The count of one vote at the session, decided by the engine and kept as recorded; a correction is a new row
    naming the one it replaces."""

    election = models.ForeignKey(SessionElection, on_delete=models.PROTECT, related_name="votes")
    round = models.CharField("投票轮次", max_length=10, choices=Round.choices, default=Round.FIRST)
    present = models.PositiveIntegerField("出席代表")
    voted = models.PositiveIntegerField("参加投票")
    ballots_cast = models.PositiveIntegerField("收回选票")
    ballots_invalid = models.PositiveIntegerField("无效票")
    votes = models.JSONField("得票")
    candidates = models.JSONField("候选人")
    seats = models.PositiveSmallIntegerField("本轮应选名额")
    decision = models.JSONField("计票结果")
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    replaces = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="replaced_by")
    correction_reason = models.TextField("更正理由", blank=True)

    class Meta:
        ordering = ["election", "id"]
        verbose_name = "大会选举计票"

    def __str__(self):
        return f"{self.election} {self.get_round_display()}"

    @property
    def current(self) -> bool:
        return not hasattr(self, "replaced_by")


# ---------------------------------------------------------------- appointments by the standing committee


class AppointmentVote(BaseModel):
    """One appointment or removal voted on by a standing committee (人事任免, 地方组织法 Art 50): passes only with
    more than half of all its members, not of those present (Art 51)."""

    class Kind(models.TextChoices):
        APPOINT = "appoint", "任命"
        REMOVE = "remove", "免职"

    class NominatedBy(models.TextChoices):
        GOVERNMENT = "government", "人民政府正职领导人员提请"
        COURT = "court", "人民法院院长提请"
        PROCURATORATE = "procuratorate", "人民检察院检察长提请"
        COUNCIL = "council", "主任会议提请"
        SUPERVISION = "supervision", "监察委员会主任提请"

    region = models.ForeignKey("regions.Region", verbose_name="常务委员会", on_delete=models.PROTECT,
                               related_name="+")
    meeting = models.CharField("会议", max_length=100)
    meeting_date = models.DateField("会议日期")
    person = models.CharField("姓名", max_length=50)
    post = models.CharField("职务", max_length=100)
    kind = models.CharField("任免", max_length=10, choices=Kind.choices, default=Kind.APPOINT)
    nominated_by = models.CharField("提请人", max_length=16, choices=NominatedBy.choices)
    members_total = models.PositiveIntegerField("常委会组成人员总数")
    present = models.PositiveIntegerField("出席人数")
    yes = models.PositiveIntegerField("赞成")
    no = models.PositiveIntegerField("反对")
    abstain = models.PositiveIntegerField("弃权")
    passed = models.BooleanField("通过")
    oath_on = models.DateField("宪法宣誓日期", null=True, blank=True)
    notice_on = models.DateField("公告日期", null=True, blank=True)
    # When the nomination reached the committee, and when the government that made it was elected: a new
    # government submits its department heads within a set time (湖南省人事任免办法 Art 3; RULES.md D6).
    submitted_on = models.DateField("提请日期", null=True, blank=True)
    government_formed_on = models.DateField("本届人民政府产生日期", null=True, blank=True)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-meeting_date", "-id"]
        verbose_name = "人事任免表决"

    def __str__(self):
        return f"{self.get_kind_display()}{self.person}为{self.post}" if self.kind == self.Kind.APPOINT else \
            f"免去{self.person}的{self.post}职务"


# ---------------------------------------------------------------- the roll: objections and proxies


class RollObjection(BaseModel):
    """An objection to the published voter roll (选举法 Art 29): received within 5 days of publication, decided by
    the election committee within 3 days."""

    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="objections")
    complainant = models.CharField("申诉人", max_length=50)
    content = models.TextField("申诉内容")
    received_on = models.DateField("收到日期")
    decision = models.TextField("处理决定", blank=True)
    upheld = models.BooleanField("申诉成立", null=True)
    decided_on = models.DateField("决定日期", null=True, blank=True)
    # The complainant's suit against the decision (Art 29): filed 5 days before election day at the latest; the
    # court's judgment, given before election day, is final.
    suit_filed_on = models.DateField("起诉日期", null=True, blank=True)
    court = models.CharField("人民法院", max_length=100, blank=True)
    judged_on = models.DateField("判决日期", null=True, blank=True)
    judgment = models.TextField("判决内容", blank=True)
    court_upheld = models.BooleanField("判决支持起诉", null=True)

    class Meta:
        ordering = ["election", "id"]
        verbose_name = "选民名单申诉"

    def __str__(self):
        return f"{self.complainant}的申诉"


class Proxy(BaseModel):
    """A written authorisation, approved by the election committee, for another voter to vote for a voter who is
    away during the election (委托投票, 选举法 Art 42); nobody holds more than three."""

    principal = models.OneToOneField(Voter, verbose_name="委托人", on_delete=models.PROTECT, related_name="proxy")
    holder = models.ForeignKey(Voter, verbose_name="受委托人", on_delete=models.PROTECT, related_name="proxies_held")
    approved_on = models.DateField("选举委员会同意日期")

    class Meta:
        ordering = ["holder", "id"]
        verbose_name = "委托投票"

    def __str__(self):
        return f"{self.principal}委托{self.holder}"


# ---------------------------------------------------------------- recall and resignation


class DeputyChange(BaseModel):
    """A recall (罢免) or resignation (辞职) case of one deputy (选举法 Arts 49–55), from the request to the vote; a
    recall or resignation that passes ends the mandate (代表法 Art 62), and the vacancy is filled by a by-election
    (Art 57)."""

    class Kind(models.TextChoices):
        RECALL_VOTERS = "recall_voters", "原选区选民罢免（县、乡代表）"
        RECALL_CONGRESS = "recall_congress", "原选举单位罢免（由人民代表大会选出的代表）"
        RESIGNATION = "resignation", "辞职"

    kind = models.CharField("类别", max_length=16, choices=Kind.choices)
    mandate = models.ForeignKey("deputies.Mandate", verbose_name="代表", on_delete=models.PROTECT, related_name="+")
    filed_on = models.DateField("提出日期")
    proposed_by = models.CharField("提出者", max_length=100)
    petitioners = models.PositiveIntegerField("联名人数", default=0)
    in_session = models.BooleanField("大会期间", default=False)
    reasons = models.TextField("理由")
    reply = models.TextField("代表的申辩意见", blank=True)
    body_size = models.PositiveIntegerField("计算基数（选区选民、全体代表或常委会全体组成人员）", null=True, blank=True)
    yes = models.PositiveIntegerField("赞成", null=True, blank=True)
    voted_on = models.DateField("表决日期", null=True, blank=True)
    passed = models.BooleanField("通过", null=True)

    class Meta:
        ordering = ["-filed_on", "-id"]
        verbose_name = "罢免与辞职"

    def __str__(self):
        return f"{self.mandate.person.name}（{self.get_kind_display()}）"

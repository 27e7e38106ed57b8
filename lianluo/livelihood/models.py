"""A year's livelihood projects chosen by the deputies (RULES.md D8: 群众提、代表定、政府办、人大督).

A ``ProjectRound`` belongs to one congress and year and moves through the steps of ``workflow``: proposals are
collected (``ProjectProposal``, from the public, deputies, stations or a constituent issue), the government's
shortlist has more candidates than places (``CandidateProject``), the deputies vote by secret ballot — who voted is
kept (``ProjectBallot``), what they chose is only counted (``CandidateProject.votes``) — the chosen projects are
carried out (``Milestone``) and inspected (``Inspection``), and at the year's end each deputy rates each chosen
project once (``ProjectRating``).
"""

from django.db import models

from lianluo.core.models import BaseModel


class RoundStatus(models.TextChoices):
    COLLECTING = "collecting", "征集项目"
    SHORTLISTED = "shortlisted", "候选项目已确定"
    VOTING = "voting", "代表票决中"
    CHOSEN = "chosen", "票决完成，组织实施"
    RATING = "rating", "年终满意度测评"
    CLOSED = "closed", "测评结束"


class ProjectRound(BaseModel):
    region = models.ForeignKey("regions.Region", verbose_name="人民代表大会", on_delete=models.PROTECT,
                               related_name="+")
    term = models.ForeignKey("regions.Term", verbose_name="届", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("名称", max_length=100)
    places = models.PositiveSmallIntegerField("拟确定项目数")
    status = models.CharField("状态", max_length=12, choices=RoundStatus.choices, default=RoundStatus.COLLECTING)
    paper_ballots = models.PositiveIntegerField("纸质选票", default=0)  # counted at the meeting and keyed in
    result = models.JSONField("票决结果", default=dict, blank=True)  # the ranking as decided when the vote closed

    class Meta:
        ordering = ["-year", "-id"]
        verbose_name = "民生实事项目票决"
        constraints = [models.UniqueConstraint(fields=["region", "year"], name="project_round_once_a_year")]

    def __str__(self):
        return self.title


class ProjectProposal(BaseModel):
    class Source(models.TextChoices):
        PUBLIC = "public", "群众建议"
        DEPUTY = "deputy", "代表建议"
        STATION = "station", "代表联络站收集"
        ISSUE = "issue", "群众意见转来"

    round = models.ForeignKey(ProjectRound, on_delete=models.PROTECT, related_name="proposals")
    title = models.CharField("项目建议", max_length=100)
    description = models.TextField("内容")
    source = models.CharField("来源", max_length=10, choices=Source.choices)
    proposer = models.CharField("提出者", max_length=100)
    issue = models.ForeignKey("casework.Issue", verbose_name="来源群众意见", on_delete=models.PROTECT, null=True,
                              blank=True, related_name="+")

    class Meta:
        ordering = ["round", "id"]
        verbose_name = "项目建议"

    def __str__(self):
        return self.title


class CandidateProject(BaseModel):
    round = models.ForeignKey(ProjectRound, on_delete=models.PROTECT, related_name="candidates")
    title = models.CharField("候选项目", max_length=100)
    description = models.TextField("主要内容")
    unit = models.CharField("责任单位", max_length=100)
    budget = models.DecimalField("投资（万元）", max_digits=12, decimal_places=2, null=True, blank=True)
    proposals = models.ManyToManyField(ProjectProposal, verbose_name="来源建议", blank=True, related_name="+")
    votes = models.PositiveIntegerField("赞成票", default=0)
    chosen = models.BooleanField("票决确定", default=False)
    progress = models.PositiveSmallIntegerField("完成进度（%）", default=0)

    class Meta:
        ordering = ["round", "id"]
        verbose_name = "候选项目"
        constraints = [models.UniqueConstraint(fields=["round", "title"], name="candidate_project_unique")]

    def __str__(self):
        return self.title


class ProjectBallot(models.Model):
    """That a deputy voted in a round (one ballot each); what they chose is not kept with it (secret ballot)."""

    round = models.ForeignKey(ProjectRound, on_delete=models.PROTECT, related_name="ballots")
    mandate = models.ForeignKey("deputies.Mandate", on_delete=models.PROTECT, related_name="+")
    cast_on = models.DateField("投票日期")

    class Meta:
        verbose_name = "票决投票记录"
        constraints = [models.UniqueConstraint(fields=["round", "mandate"], name="project_ballot_once")]

    def __str__(self):
        return f"{self.round_id}/{self.mandate_id}"


class Milestone(BaseModel):
    project = models.ForeignKey(CandidateProject, on_delete=models.PROTECT, related_name="milestones")
    title = models.CharField("节点", max_length=100)
    due_on = models.DateField("计划完成")
    done_on = models.DateField("实际完成", null=True, blank=True)

    class Meta:
        ordering = ["project", "due_on", "id"]
        verbose_name = "实施节点"

    def __str__(self):
        return self.title


class Inspection(BaseModel):
    project = models.ForeignKey(CandidateProject, on_delete=models.PROTECT, related_name="inspections")
    inspected_on = models.DateField("视察日期")
    deputies = models.CharField("参加代表", max_length=200)
    findings = models.TextField("视察意见")

    class Meta:
        ordering = ["project", "-inspected_on", "-id"]
        verbose_name = "代表视察"

    def __str__(self):
        return f"{self.project} {self.inspected_on}"


class ProjectRating(models.Model):
    class Level(models.TextChoices):
        SATISFIED = "satisfied", "满意"
        BASICALLY = "basically", "基本满意"
        DISSATISFIED = "dissatisfied", "不满意"

    project = models.ForeignKey(CandidateProject, on_delete=models.PROTECT, related_name="ratings")
    mandate = models.ForeignKey("deputies.Mandate", on_delete=models.PROTECT, related_name="+")
    level = models.CharField("满意度", max_length=12, choices=Level.choices)
    rated_on = models.DateField("测评日期")

    class Meta:
        verbose_name = "满意度测评"
        constraints = [models.UniqueConstraint(fields=["project", "mandate"], name="project_rating_once")]

    def __str__(self):
        return f"{self.project_id}/{self.mandate_id}"


class ProjectEvent(models.Model):
    round = models.ForeignKey(ProjectRound, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField("时间", auto_now_add=True)
    actor = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    action = models.CharField("操作", max_length=32)
    note = models.TextField("说明", blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "票决记录"

    def __str__(self):
        return f"{self.round_id} {self.action}"

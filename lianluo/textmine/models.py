"""What the text engine's work leaves in the database: the hot issues found for each office, and the classifier
versions trained from the office's own records (the model files themselves live under the var directory)."""

from django.db import models


class HotIssueSnapshot(models.Model):
    """The hot issues of one region's constituent issues (its whole subtree) over a recent window, as the last
    refresh found them. Derived data: recomputed by the hourly job or from the page, never edited."""

    region = models.OneToOneField("regions.Region", on_delete=models.CASCADE, related_name="+")
    computed_at = models.DateTimeField("计算时间")
    since = models.DateField("起始日期")
    issues = models.PositiveIntegerField("参与聚类的意见件数")
    clusters = models.JSONField("热点问题", default=list)  # [{title, size, heat, first, last, places, members}]

    class Meta:
        verbose_name = "热点问题"

    def __str__(self):
        return f"{self.region_id} {self.computed_at:%Y-%m-%d %H:%M}"


class ClassifierVersion(models.Model):
    """One trained classifier: what it predicts, for which office, from how many records, and its file."""

    class Kind(models.TextChoices):
        ISSUE_CATEGORY = "issue_category", "群众意见分类"
        SUGGESTION_CATEGORY = "suggestion_category", "代表建议分类"
        SUGGESTION_UNIT = "suggestion_unit", "代表建议承办单位"

    kind = models.CharField("用途", max_length=24, choices=Kind.choices)
    region = models.ForeignKey("regions.Region", verbose_name="人大", on_delete=models.PROTECT, related_name="+")
    path = models.CharField("模型文件", max_length=300)
    n_train = models.PositiveIntegerField("训练样本数")
    labels = models.PositiveIntegerField("类别数")
    holdout_accuracy = models.FloatField("留出集准确率", null=True, blank=True)
    trained_at = models.DateTimeField("训练时间", auto_now_add=True)
    trained_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["kind", "region", "-trained_at", "-id"]
        verbose_name = "分类模型版本"

    def __str__(self):
        return f"{self.get_kind_display()} {self.region_id} #{self.pk}"


class HintOutcome(models.Model):
    """What the officer chose where a model's hint was shown: the first hint, and whether the choice agreed.
    Derived data for the office's model page (how often the hints are taken), written just after the decision it
    describes has gone through; the decision itself has its history and audit rows."""

    kind = models.CharField("用途", max_length=24, choices=ClassifierVersion.Kind.choices)
    region = models.ForeignKey("regions.Region", verbose_name="人大", on_delete=models.PROTECT, related_name="+")
    model_file = models.CharField("模型文件", max_length=300)
    record = models.CharField("记录", max_length=40)  # "issue:12", "suggestion:34"
    suggested = models.CharField("模型建议", max_length=40)
    confidence = models.FloatField("置信度")
    chosen = models.CharField("工作人员选择", max_length=40)
    accepted = models.BooleanField("采纳")
    decided_at = models.DateTimeField("选择时间", auto_now_add=True)
    decided_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = "模型提示采纳"
        indexes = [models.Index(fields=["model_file"])]

    def __str__(self):
        return f"{self.record} {self.suggested}->{self.chosen}"

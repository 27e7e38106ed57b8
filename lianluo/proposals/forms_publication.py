"""Forms of key-suggestion supervision and disclosure (the office's pages and the public search)."""

from django import forms

from lianluo.proposals.models import SupervisionActivity

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def not_offered(label: str) -> str:
    """The error for a posted value outside a field's choices (or no longer in the reader's scope)."""
    return f"所选{label}不在可选范围内，请重新选择"


class KeyForm(forms.Form):
    """The chairperson's council's decision on a key suggestion (代表法 Art 52 ¶2)."""

    decided_on = forms.DateField(label="主任会议确定日期", widget=DATE)
    decision = forms.CharField(label="主任会议决定", max_length=200, widget=forms.Textarea(attrs={"rows": 2}),
                               help_text="例如：常委会第十二次主任会议确定为重点督办建议。")
    leaders = forms.TypedMultipleChoiceField(label="牵头督办领导", choices=(), coerce=int,
                                             widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
                                             error_messages={"invalid_choice": not_offered("牵头督办领导"),
                                                             "required": "请至少选择一名牵头督办的常委会领导"})
    committee = forms.TypedChoiceField(label="督办专门委员会", choices=(), coerce=int, required=False,
                                       empty_value=None,
                                       error_messages={"invalid_choice": not_offered("督办专门委员会")})
    plan = forms.CharField(label="督办方案", widget=forms.Textarea(attrs={"rows": 4}),
                           help_text="督办的目标、方式、时间安排和责任分工。")

    def __init__(self, *args, leaders=(), committees=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leaders"].choices = [(m.pk, f"{m.name}（{m.get_position_display()}）") for m in leaders]
        self.fields["committee"].choices = [("", "（不指定）"), *((c.pk, c.name) for c in committees)]


class ActivityForm(forms.Form):
    held_on = forms.DateField(label="督办日期", widget=DATE)
    kind = forms.ChoiceField(label="督办形式", choices=SupervisionActivity.Kind.choices)
    participants = forms.CharField(label="参加人员", max_length=300, required=False)
    record = forms.CharField(label="督办情况", widget=forms.Textarea(attrs={"rows": 4}))


class PublicationForm(forms.Form):
    """The public version as the staff edit it; ``names`` are the private persons to remove (never saved)."""

    title = forms.CharField(label="公开标题", max_length=100)
    body = forms.CharField(label="公开正文", widget=forms.Textarea(attrs={"rows": 10}))
    reply = forms.CharField(label="公开答复", required=False, widget=forms.Textarea(attrs={"rows": 8}))
    names = forms.CharField(label="需隐去的群众姓名", required=False, widget=forms.Textarea(attrs={"rows": 2}),
                            help_text="正文或答复中出现的非代表人员姓名，每行一个；点击“重新生成隐去建议”后替换为“某”。"
                                      "姓名不会保存。")


class ConsentForm(forms.Form):
    written_on = forms.DateField(label="代表书面同意日期", widget=DATE,
                                 error_messages={"required": "请填写代表书面同意的日期"})
    note = forms.CharField(label="说明", max_length=200, required=False,
                           help_text="例如：书面同意书已归档。")


class ConsentWithdrawForm(forms.Form):
    written_on = forms.DateField(label="代表书面撤回日期", widget=DATE,
                                 error_messages={"required": "请填写代表书面撤回同意的日期"})
    note = forms.CharField(label="说明", max_length=200, required=False, help_text="例如：撤回函已归档。")


class WithdrawForm(forms.Form):
    reason = forms.CharField(label="撤下理由", widget=forms.Textarea(attrs={"rows": 2}))


class PublicSearchForm(forms.Form):
    """The public search: every field optional; an unknown choice is simply ignored by the view."""

    q = forms.CharField(label="关键词", max_length=50, required=False)
    region = forms.ChoiceField(label="人民代表大会", required=False, choices=())
    year = forms.TypedChoiceField(label="年度", required=False, choices=(), coerce=int, empty_value=None)
    session = forms.ChoiceField(label="会议", required=False, choices=())
    unit = forms.ChoiceField(label="主办单位", required=False, choices=())
    category = forms.ChoiceField(label="分类", required=False, choices=())
    reply_class = forms.ChoiceField(label="答复类别", required=False, choices=())
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, choices: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", "全部"), *choices["regions"]]
        self.fields["year"].choices = [("", "全部"), *((y, f"{y}年") for y in choices["years"])]
        self.fields["session"].choices = [("", "全部"), *((s, s) for s in choices["sessions"])]
        self.fields["unit"].choices = [("", "全部"), *((u, u) for u in choices["units"])]
        self.fields["category"].choices = [("", "全部"), *((c, c) for c in choices["categories"])]
        self.fields["reply_class"].choices = [("", "全部"),
                                              *((code, f"{code}类：{label}") for code, label in
                                                choices["reply_classes"])]

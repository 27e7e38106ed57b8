from django import forms

from lianluo.casework.models import Channel, Satisfaction, Status

DATE = forms.DateInput(attrs={"type": "date"})


def not_offered(label: str) -> str:
    """The error for a posted value outside a field's choices (or no longer in the reader's scope)."""
    return f"所选{label}不在可选范围内，请重新选择"


def _offered(label: str) -> dict:
    return {"invalid_choice": not_offered(label)}


class PersonFields(forms.Form):
    name = forms.CharField(label="反映人姓名", max_length=50, required=False)
    mobile = forms.CharField(label="联系电话", max_length=20, required=False,
                             widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "off"}))
    id_number = forms.CharField(label="身份证号码", max_length=18, required=False,
                                help_text="非必填；仅在需要核实身份时登记。")
    address = forms.CharField(label="住址", max_length=200, required=False)
    wants_answer = forms.BooleanField(label="需要答复", required=False, initial=True)

    def person(self) -> dict:
        data = self.cleaned_data
        return {key: data.get(key) for key in ("name", "mobile", "id_number", "address", "wants_answer")}


class IssueForm(PersonFields):
    """Station staff's intake form (联络站登记)."""

    office = forms.ChoiceField(label="受理人大", choices=(), error_messages=_offered("受理人大"))
    station = forms.TypedChoiceField(label="联络站", choices=(), coerce=int, required=False, empty_value=None,
                                     error_messages=_offered("联络站"))
    channel = forms.ChoiceField(label="来源", choices=[c for c in Channel.choices if c[0] not in ("deputy", "api")],
                                initial=Channel.STATION)
    received_on = forms.DateField(label="收到日期", widget=DATE)
    title = forms.CharField(label="标题", max_length=100, help_text="一句话概括反映的问题。")
    content = forms.CharField(label="反映内容", widget=forms.Textarea(attrs={"rows": 5}))
    category = forms.TypedChoiceField(label="分类", choices=(), coerce=int, required=False, empty_value=None,
                                      error_messages=_offered("分类"))
    place = forms.CharField(label="发生地点", max_length=200, required=False)

    field_order = ["office", "station", "channel", "received_on", "title", "content", "category", "place", "name",
                   "mobile", "id_number", "address", "wants_answer"]

    def __init__(self, *args, offices=(), stations=(), categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].choices = list(offices)
        self.fields["station"].choices = [("", "（不在联络站）"), *stations]
        self.fields["category"].choices = [("", "（暂不分类）"), *categories]


class QuickIssueForm(forms.Form):
    """A deputy's quick record on a phone: what, where, and (optionally) who to call back."""

    title = forms.CharField(label="反映的问题", max_length=100)
    content = forms.CharField(label="具体情况", widget=forms.Textarea(attrs={"rows": 4}))
    place = forms.CharField(label="地点", max_length=200, required=False)
    station = forms.TypedChoiceField(label="联络站", choices=(), coerce=int, required=False, empty_value=None,
                                     error_messages=_offered("联络站"))
    name = forms.CharField(label="群众姓名", max_length=50, required=False)
    mobile = forms.CharField(label="群众电话", max_length=20, required=False,
                             widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel"}))

    def __init__(self, *args, stations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["station"].choices = [("", "（不在联络站）"), *stations]


class NoteForm(forms.Form):
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class AcceptForm(NoteForm):
    category = forms.TypedChoiceField(label="分类", choices=(), coerce=int, required=False, empty_value=None,
                                      error_messages=_offered("分类"))

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "（暂不分类）"), *categories]


class DeclineForm(forms.Form):
    reason = forms.CharField(label="不予受理理由", widget=forms.Textarea(attrs={"rows": 2}))


class AnswerForm(forms.Form):
    answer = forms.CharField(label="答复内容", widget=forms.Textarea(attrs={"rows": 3}))


class ForwardForm(NoteForm):
    unit = forms.TypedChoiceField(label="承办单位", choices=(), coerce=int, error_messages=_offered("承办单位"))

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", "请选择"), *units]


class TransferForm(NoteForm):
    to_region = forms.ChoiceField(label="转往人大", choices=(), error_messages=_offered("转往人大"))

    def __init__(self, *args, regions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_region"].choices = [("", "请选择"), *regions]


class FeedbackForm(forms.Form):
    feedback = forms.CharField(label="办理情况反馈", widget=forms.Textarea(attrs={"rows": 3}))


class RateForm(forms.Form):
    satisfaction = forms.ChoiceField(label="群众评价", choices=Satisfaction.choices)
    comment = forms.CharField(label="意见", required=False, max_length=500)


class ReopenForm(forms.Form):
    reason = forms.CharField(label="重新办理理由", widget=forms.Textarea(attrs={"rows": 2}))


class MergeForm(NoteForm):
    duplicates = forms.CharField(label="并入的重复意见编号",
                                 help_text="多个编号用逗号或空格分隔，如 430121-2026-000012。")

    def numbers(self) -> list[str]:
        raw = self.cleaned_data.get("duplicates", "").replace("，", ",").replace(",", " ")
        return [n.strip() for n in raw.split() if n.strip()]


ACTION_FORMS = {
    "accept": AcceptForm, "decline": DeclineForm, "handle": AnswerForm, "forward": ForwardForm,
    "transfer": TransferForm, "feedback": FeedbackForm, "answer": AnswerForm, "rate": RateForm,
    "close": NoteForm, "reopen": ReopenForm, "merge": MergeForm,
}


class DraftForm(forms.Form):
    title = forms.CharField(label="建议标题", max_length=100)
    body = forms.CharField(label="建议正文", widget=forms.Textarea(attrs={"rows": 8}))
    evidence = forms.CharField(label="事实依据", required=False, widget=forms.Textarea(attrs={"rows": 4}),
                               help_text="群众反映的情况、人数、地点等。")


class CategoryImportForm(forms.Form):
    office = forms.ChoiceField(label="维护单位", choices=(), error_messages=_offered("维护单位"))
    file = forms.FileField(label="分类目录 CSV 文件", help_text="列：一级分类,二级分类,三级分类（UTF-8 编码）。")

    def __init__(self, *args, offices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].choices = list(offices)


class FilterForm(forms.Form):
    q = forms.CharField(label="关键词", required=False, max_length=30)
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部状态"), *Status.choices])
    channel = forms.ChoiceField(label="来源", required=False, choices=[("", "全部来源"), *Channel.choices])
    category = forms.TypedChoiceField(label="分类", required=False, choices=(), coerce=int, empty_value=None)
    station = forms.TypedChoiceField(label="联络站", required=False, choices=(), coerce=int, empty_value=None)
    unit = forms.TypedChoiceField(label="承办单位", required=False, choices=(), coerce=int, empty_value=None)
    overdue = forms.BooleanField(label="仅看逾期", required=False)
    received_from = forms.DateField(label="收到日期从", required=False, widget=DATE)
    received_to = forms.DateField(label="至", required=False, widget=DATE)

    def __init__(self, *args, categories=(), stations=(), units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "全部分类"), *categories]
        self.fields["station"].choices = [("", "全部联络站"), *stations]
        self.fields["unit"].choices = [("", "全部承办单位"), *units]

"""Forms of the suggestion pages. Choices come from the selectors (the reader's scope); a posted value outside them
is an error on that field, in Chinese."""

from django import forms

from lianluo.proposals import workflow
from lianluo.proposals.models import ContactRecord, Satisfaction, SuggestionStatus

DATE = forms.DateInput(attrs={"type": "date"})


def not_offered(label: str) -> str:
    return f"所选{label}不在可选范围内，请重新选择"


def _offered(label: str) -> dict:
    return {"invalid_choice": not_offered(label)}


def _ids(raw: str) -> list[int]:
    return [int(part) for part in raw.replace("，", ",").replace(" ", ",").split(",") if part.strip().isdigit()]


class SuggestionForm(forms.Form):
    """Drafting a suggestion: on a phone or a computer, by the deputy or keyed in by the office."""

    lead = forms.TypedChoiceField(label="领衔代表", choices=(), coerce=int, error_messages=_offered("领衔代表"))
    session = forms.TypedChoiceField(label="提出时间", choices=(), coerce=int, required=False, empty_value=None,
                                     error_messages=_offered("会议"),
                                     help_text="大会期间提出的选择本次会议；闭会期间提出的选“闭会期间”。")
    title = forms.CharField(label="建议标题", max_length=100, help_text="如“关于……的建议”。")
    body = forms.CharField(label="建议内容", widget=forms.Textarea(attrs={"rows": 10}),
                           help_text="写明存在的问题、原因分析和具体建议，应当明确具体。")
    category = forms.TypedChoiceField(label="分类", choices=(), coerce=int, required=False, empty_value=None,
                                      error_messages=_offered("分类"))
    cosigners = forms.MultipleChoiceField(label="邀请附议代表", choices=(), required=False,
                                          error_messages=_offered("附议代表"),
                                          widget=forms.SelectMultiple(attrs={"size": 6}),
                                          help_text="被邀请的代表在系统中确认后才算附议。")
    respond_by = forms.DateField(label="附议确认期限", required=False, widget=DATE)
    is_complex = forms.BooleanField(label="涉及面广、处理难度大（办理期限六个月）", required=False)

    def __init__(self, *args, leads=(), sessions=(), categories=(), cosigners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].choices = list(leads)
        self.fields["session"].choices = [("", "闭会期间"), *sessions]
        self.fields["category"].choices = [("", "（暂不分类）"), *categories]
        self.fields["cosigners"].choices = list(cosigners)

    def cosigner_ids(self) -> list[int]:
        return [int(v) for v in self.cleaned_data.get("cosigners") or []]


class EditForm(forms.Form):
    title = forms.CharField(label="建议标题", max_length=100)
    body = forms.CharField(label="建议内容", widget=forms.Textarea(attrs={"rows": 10}))
    category = forms.TypedChoiceField(label="分类", choices=(), coerce=int, required=False, empty_value=None,
                                      error_messages=_offered("分类"))
    is_complex = forms.BooleanField(label="涉及面广、处理难度大（办理期限六个月）", required=False)

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "（暂不分类）"), *categories]


class NoteForm(forms.Form):
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class EmptyForm(forms.Form):
    pass


class InviteForm(forms.Form):
    cosigners = forms.MultipleChoiceField(label="邀请附议代表", choices=(), error_messages=_offered("附议代表"),
                                          widget=forms.SelectMultiple(attrs={"size": 6}))
    respond_by = forms.DateField(label="确认期限", required=False, widget=DATE)

    def __init__(self, *args, cosigners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cosigners"].choices = list(cosigners)


class AcceptForm(NoteForm):
    category = forms.TypedChoiceField(label="分类", choices=(), coerce=int, required=False, empty_value=None,
                                      error_messages=_offered("分类"))
    is_complex = forms.BooleanField(label="涉及面广、处理难度大（办理期限六个月）", required=False)

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "（不变）"), *categories]


class ReturnForm(forms.Form):
    """审核 finds the suggestion incomplete, outside the congress's remit, really a motion or a private request, or a
    duplicate: the common reasons are offered; the staff may write their own."""

    preset = forms.ChoiceField(label="常用理由", required=False)
    reason = forms.CharField(label="退回理由", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="代表将看到这段理由，可据此修改后重新提交；选了常用理由可不填。")

    def __init__(self, *args, **kwargs):
        from lianluo.proposals.services import RETURN_REASONS

        super().__init__(*args, **kwargs)
        self.fields["preset"].choices = [("", "（自行填写）"), *[(r, r) for r in RETURN_REASONS]]

    def clean(self):
        data = super().clean()
        data["reason"] = "；".join(filter(None, [data.get("preset"), (data.get("reason") or "").strip()]))
        if not data["reason"]:
            self.add_error("reason", "退回必须说明理由")
        return data


class MergeForm(NoteForm):
    duplicates = forms.CharField(label="并入本件的建议", help_text="填写建议的系统序号（详情页地址中的数字），"
                                                                   "多个用逗号分隔。")

    def ids(self) -> list[int]:
        return _ids(self.cleaned_data.get("duplicates", ""))


class AssignForm(NoteForm):
    lead_unit = forms.TypedChoiceField(label="主办单位", choices=(), coerce=int, error_messages=_offered("主办单位"))
    assist_units = forms.MultipleChoiceField(label="协办单位", choices=(), required=False,
                                             error_messages=_offered("协办单位"),
                                             widget=forms.SelectMultiple(attrs={"size": 4}))
    joint_units = forms.MultipleChoiceField(label="会办单位", choices=(), required=False,
                                            error_messages=_offered("会办单位"),
                                            widget=forms.SelectMultiple(attrs={"size": 4}))

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].choices = [("", "请选择"), *units]
        self.fields["assist_units"].choices = list(units)
        self.fields["joint_units"].choices = list(units)


class RateForm(forms.Form):
    satisfaction = forms.ChoiceField(label="对答复的评价", choices=Satisfaction.choices,
                                     widget=forms.RadioSelect)
    reasons = forms.CharField(label="意见和理由", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text="选择“不满意”时必填，承办单位将据此重新办理。")


class AttachForm(forms.Form):
    file = forms.FileField(label="附件", help_text="PDF、图片或 Word、Excel 文件，每个不超过 10 MB。",
                           widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg,.docx,.xlsx"}))


SUGGESTION_ACTION_FORMS = {
    "submit": EmptyForm, "resubmit": EmptyForm, "withdraw": NoteForm, "cosign": EmptyForm,
    "decline_cosign": EmptyForm, "invite": InviteForm, "accept": AcceptForm, "return": ReturnForm,
    "merge": MergeForm, "assign": AssignForm, "rate": RateForm, "close": NoteForm, "attach": AttachForm,
}


# ---------------------------------------------------------------- the units' side


class ReturnRequestForm(forms.Form):
    reason = forms.CharField(label="申请退回理由", widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=f"不属于本单位职责的，应在收到交办之日起 {workflow.return_window_days()} 日内"
                                       "申请退回并说明理由。")


class DecideReturnForm(forms.Form):
    note = forms.CharField(label="审核意见", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    new_unit = forms.TypedChoiceField(label="改由哪个单位承办", choices=(), coerce=int, required=False,
                                      empty_value=None, error_messages=_offered("承办单位"))

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_unit"].choices = [("", "（不另行交办）"), *units]


class ContactForm(forms.Form):
    contacted_on = forms.DateField(label="联系日期", widget=DATE)
    way = forms.ChoiceField(label="联系方式", choices=ContactRecord.Way.choices)
    summary = forms.CharField(label="沟通情况", widget=forms.Textarea(attrs={"rows": 3}),
                              help_text="代表的意见和本单位的说明。")


class OpinionForm(forms.Form):
    opinion = forms.CharField(label="协办（会办）意见", widget=forms.Textarea(attrs={"rows": 4}))


class ReplyForm(forms.Form):
    reply_class = forms.ChoiceField(label="答复类别", choices=())
    body = forms.CharField(label="答复内容", widget=forms.Textarea(attrs={"rows": 10}))
    signatory = forms.CharField(label="签发人", max_length=50, required=False)
    contact_person = forms.CharField(label="联系人", max_length=50, required=False)
    contact_phone = forms.CharField(label="联系电话", max_length=30, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reply_class"].choices = [(code, f"{code} 类：{label}") for code, label in
                                              workflow.reply_classes()]


class LeaderNoteForm(forms.Form):
    note = forms.CharField(label="审签意见", required=False, widget=forms.Textarea(attrs={"rows": 2}))


HANDLING_ACTION_FORMS = {
    "sign": EmptyForm, "request_return": ReturnRequestForm, "approve_return": DecideReturnForm,
    "refuse_return": NoteForm, "contact": ContactForm, "send_opinion": OpinionForm, "submit_reply": ReplyForm,
}
REPLY_ACTION_FORMS = {"approve": LeaderNoteForm, "send_back": LeaderNoteForm}


class FilterForm(forms.Form):
    q = forms.CharField(label="关键词", required=False, max_length=30)
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部状态"), *SuggestionStatus.choices])
    term = forms.TypedChoiceField(label="届次", required=False, choices=(), coerce=int, empty_value=None)
    year = forms.TypedChoiceField(label="年度", required=False, choices=(), coerce=int, empty_value=None)
    unit = forms.TypedChoiceField(label="承办单位", required=False, choices=(), coerce=int, empty_value=None)
    deadline = forms.ChoiceField(label="期限", required=False,
                                 choices=[("", "全部"), ("due_soon", "即将到期"), ("overdue", "已逾期")])
    key = forms.BooleanField(label="仅看重点督办", required=False)

    def __init__(self, *args, terms=(), years=(), units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["term"].choices = [("", "全部届次"), *terms]
        self.fields["year"].choices = [("", "全部年度"), *[(y, f"{y}年") for y in years]]
        self.fields["unit"].choices = [("", "全部承办单位"), *units]


class BulkAssignForm(forms.Form):
    """One row per accepted suggestion on the bulk page: ``unit-<id>`` (lead unit) and ``assist-<id>``."""

    note = forms.CharField(label="交办说明", required=False, max_length=200)

"""Forms of the motion pages: filing, the actions on one motion, the list's filter. Choices come from the
reader's scope (motion_selectors); a posted value outside them is an error on its field."""

from django import forms

from lianluo.proposals.models import Motion, MotionStatus

DATE = forms.DateInput(attrs={"type": "date"})


def not_offered(label: str) -> str:
    return f"所选{label}不在可选范围内，请重新选择"


def _offered(label: str) -> dict:
    return {"invalid_choice": not_offered(label)}


def _int_choice(label: str, *, required: bool = True, **kwargs) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(label=label, choices=(), coerce=int, required=required, empty_value=None,
                                  error_messages=_offered(label), **kwargs)


def _cosigners_field(help_text: str) -> forms.TypedMultipleChoiceField:
    return forms.TypedMultipleChoiceField(label="附议代表", choices=(), coerce=int, required=False,
                                          widget=forms.CheckboxSelectMultiple, help_text=help_text,
                                          error_messages=_offered("附议代表"))


DEPUTY_HELP = "被邀请的代表将在系统中确认附议；截止前未确认的不计入联名人数。"
OFFICE_HELP = "依纸质议案上的签名勾选，视为已确认附议。"


class MotionForm(forms.Form):
    """A new motion. A deputy leads it under their own mandate; the office chooses the filer and the lead."""

    session = _int_choice("会议", widget=forms.HiddenInput)  # chosen above the form (the choices depend on it)
    filer = forms.ChoiceField(label="提出方式", choices=Motion.Filer.choices, initial=Motion.Filer.DEPUTIES)
    lead = _int_choice("领衔代表", required=False)
    delegation = _int_choice("代表团", required=False)
    title = forms.CharField(label="案由", max_length=100, help_text="例如：关于……的议案")
    body = forms.CharField(label="案据和方案", widget=forms.Textarea(attrs={"rows": 8}),
                           help_text="写明提出议案的理由、依据和解决问题的具体方案（代表法第十五条）。")
    cosigners = _cosigners_field(DEPUTY_HELP)
    cosign_by = forms.DateField(label="附议截止日期", required=False, widget=DATE,
                                help_text="不填则为默认期限。")

    def __init__(self, *args, sessions=(), leads=(), delegations=(), cosigners=(), office: bool = False,
                 **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].choices = list(sessions)
        if office:
            self.fields["lead"].choices = [("", "（代表团、主席团提出的不填）"), *leads]
            self.fields["delegation"].choices = [("", "（代表联名、主席团提出的不填）"), *delegations]
            self.fields["cosigners"].help_text = OFFICE_HELP
            del self.fields["cosign_by"]  # paper signatures are confirmed already; invitations set their own
            if not delegations:
                del self.fields["delegation"]
        else:
            for name in ("filer", "lead", "delegation"):
                del self.fields[name]
        self.fields["cosigners"].choices = list(cosigners)


class NoteForm(forms.Form):
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class EditForm(forms.Form):
    title = forms.CharField(label="案由", max_length=100)
    body = forms.CharField(label="案据和方案", widget=forms.Textarea(attrs={"rows": 8}),
                           help_text="修改后，已在系统中确认附议的代表需要重新确认。")


class ConfirmForm(forms.Form):
    """An action that needs nothing but the button."""


class InviteForm(forms.Form):
    cosigners = _cosigners_field(DEPUTY_HELP)
    cosign_by = forms.DateField(label="附议截止日期", required=False, widget=DATE)
    on_paper = forms.BooleanField(label="已收到纸质签名（视为已确认附议）", required=False, initial=True)

    def __init__(self, *args, cosigners=(), office: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cosigners"].choices = list(cosigners)
        self.fields["cosigners"].required = True
        self.fields["cosigners"].error_messages["required"] = "请选择要邀请的代表"
        if not office:
            del self.fields["on_paper"]


class CommitteeForm(NoteForm):
    committee = _int_choice("专门委员会")

    def __init__(self, *args, committees=(), required: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].required = required
        self.fields["committee"].choices = [("", "请选择" if required else "（原审议的专门委员会）"), *committees]
        self.order_fields(["committee", "note"])


class ReviewForm(forms.Form):
    opinion = forms.CharField(label="审议意见", widget=forms.Textarea(attrs={"rows": 4}),
                              help_text="专门委员会关于是否列入大会议程的意见。")


class ResultForm(forms.Form):
    outcome = forms.ChoiceField(label="表决结果", choices=[("adopted", "通过"), ("not_adopted", "未通过")])
    result = forms.CharField(label="表决情况", widget=forms.Textarea(attrs={"rows": 2}),
                             help_text="例如：应到代表×名，赞成×票，反对×票，弃权×票。")
    report = forms.CharField(label="审议结果报告", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ConcludeForm(forms.Form):
    report = forms.CharField(label="审议结果报告", widget=forms.Textarea(attrs={"rows": 4}))


class WithdrawForm(forms.Form):
    reason = forms.CharField(label="撤回理由", required=False, widget=forms.Textarea(attrs={"rows": 2}),
                             help_text="已提出的议案须写明提案人的撤回要求和主席团同意的情况（地方组织法第二十二条）。")


# URL slug -> (form class, button label)
ACTION_FORMS = {
    "submit": (ConfirmForm, "提出议案"),
    "edit": (EditForm, "修改内容"),
    "invite": (InviteForm, "邀请附议"),
    "cosign": (ConfirmForm, "确认附议"),
    "decline": (ConfirmForm, "谢绝附议"),
    "refer_review": (CommitteeForm, "交专门委员会审议"),
    "review": (ReviewForm, "提出审议意见"),
    "put_on_agenda": (NoteForm, "列入会议议程"),
    "refer": (CommitteeForm, "交专门委员会审议、提出报告"),
    "as_suggestion": (NoteForm, "作为代表建议处理"),
    "record_result": (ResultForm, "记录表决结果"),
    "conclude": (ConcludeForm, "审议结束"),
    "withdraw": (WithdrawForm, "撤回"),
}


class MotionFilterForm(forms.Form):
    q = forms.CharField(label="关键词", required=False, max_length=30)
    session = forms.TypedChoiceField(label="会议", required=False, choices=(), coerce=int, empty_value=None)
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部状态"), *MotionStatus.choices])

    def __init__(self, *args, sessions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].choices = [("", "全部会议"), *sessions]

from django import forms

from lianluo.casework.models import Satisfaction
from lianluo.core.validators import normalise_mobile


class BootstrapForm(forms.Form):
    """Bootstrap classes on the widgets; Django adds aria-describedby (help text) and aria-invalid (errors)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput | forms.RadioSelect):
                widget.attrs.setdefault("class", "form-check-input")
            elif not isinstance(widget, forms.HiddenInput):
                widget.attrs.setdefault("class", "form-control")

    def add_error(self, field, error):
        super().add_error(field, error)
        for name in self.errors:
            widget = self.fields[name].widget if name in self.fields else None
            if widget is not None and "is-invalid" not in widget.attrs.get("class", ""):
                widget.attrs["class"] = widget.attrs.get("class", "") + " is-invalid"


class PublicIssueForm(BootstrapForm):
    """The public form of one station (channel "web"). Only what is needed to handle and answer the issue
    is asked (PIPL Art 6: minimum necessary): no identity number, no address."""

    title = forms.CharField(label="标题", max_length=100, help_text="一句话概括您要反映的问题，如：小区门口路灯不亮")
    content = forms.CharField(label="内容", max_length=5000, widget=forms.Textarea(attrs={"rows": 6}),
                              help_text="请写清楚问题的经过、现状和您的诉求，最多5000字。")
    place = forms.CharField(label="发生地点", max_length=200, required=False, help_text="如：星沙街道某某社区某某路口")
    name = forms.CharField(label="姓名", max_length=50, required=False, help_text="可不填。")
    mobile = forms.CharField(label="联系电话", max_length=20,
                             help_text="11位手机号码，工作人员需要时会与您联系核实情况。")
    wants_answer = forms.TypedChoiceField(
        label="是否需要答复", choices=[("1", "需要答复"), ("0", "不需要答复")], initial="1",
        coerce=lambda value: value == "1", widget=forms.RadioSelect,
    )
    consent = forms.BooleanField(
        label="我已阅读上面的个人信息处理说明，同意按说明处理我的姓名和联系电话。",
        error_messages={"required": "请阅读个人信息处理说明并勾选同意后再提交。"},
    )
    # A field people never see (hidden with CSS); automated senders tend to fill every field.
    website = forms.CharField(label="请勿填写此项", required=False,
                              widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))

    def clean_title(self):
        return self.cleaned_data["title"].strip()

    def clean_content(self):
        content = self.cleaned_data["content"].strip()
        if len(content) < 5:
            raise forms.ValidationError("请把问题写得具体一些（至少5个字）。")
        return content

    def clean_mobile(self):
        mobile = normalise_mobile(self.cleaned_data["mobile"])
        if not mobile:
            raise forms.ValidationError("请填写正确的11位手机号码。")
        return mobile

    def constituent(self) -> dict:
        data = self.cleaned_data
        return {"name": data["name"].strip(), "mobile": data["mobile"], "wants_answer": data["wants_answer"]}


class QueryCodeForm(BootstrapForm):
    code = forms.CharField(label="查询码", max_length=40,
                           widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters",
                                                         "spellcheck": "false"}),
                           help_text="提交意见后得到的10位查询码，不区分大小写，可以带空格。")


class RatingForm(BootstrapForm):
    code = forms.CharField(widget=forms.HiddenInput, max_length=40)
    satisfaction = forms.ChoiceField(label="您对办理结果是否满意", choices=Satisfaction.choices,
                                     widget=forms.RadioSelect,
                                     error_messages={"required": "请选择满意、基本满意或不满意。"})
    comment = forms.CharField(label="意见（可不填）", max_length=500, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))

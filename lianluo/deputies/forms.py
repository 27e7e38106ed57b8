"""Forms of the roster pages (labels and messages in Chinese)."""

import datetime

from django import forms

from lianluo.deputies.models import Mandate, Visit


class ImportForm(forms.Form):
    term = forms.TypedChoiceField(label="届", coerce=int)
    file = forms.FileField(label="代表名册（.xlsx）", help_text="表头含 姓名、性别、民族、出生年月、党派、籍贯、学历、"
                           "工作单位及职务、代表团、选区、联系电话、身份证号 等列；全部无误才会导入。")

    def __init__(self, *args, terms=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["term"].choices = [(t.pk, str(t)) for t in terms]
        self.fields["file"].widget.attrs["accept"] = ".xlsx"


class MandateEndForm(forms.Form):
    reason = forms.ChoiceField(label="终止情形（代表法第六十二条）",
                               choices=[("", "请选择")] + list(Mandate.EndReason.choices))
    ended_on = forms.DateField(label="终止日期", widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label="说明", max_length=300, required=False)


class ContactAssignForm(forms.Form):
    mandate = forms.TypedChoiceField(label="联系代表", coerce=int)
    started_on = forms.DateField(label="起始日期", initial=datetime.date.today,
                                 widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, mandates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mandate"].choices = [("", "请选择")] + [(m.pk, m.person.name) for m in mandates]


class VisitForm(forms.Form):
    visited_on = forms.DateField(label="日期", initial=datetime.date.today,
                                 widget=forms.DateInput(attrs={"type": "date"}))
    way = forms.ChoiceField(label="方式", choices=Visit.Way.choices)
    place = forms.CharField(label="地点", max_length=100, required=False)
    participants = forms.CharField(label="参加人员", max_length=200, required=False)
    heard = forms.CharField(label="听取的意见建议", widget=forms.Textarea(attrs={"rows": 4}))
    follow_up = forms.CharField(label="跟进事项", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    follow_up_due = forms.DateField(label="跟进期限", required=False, widget=forms.DateInput(attrs={"type": "date"}))

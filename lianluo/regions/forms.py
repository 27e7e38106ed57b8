from django import forms

from lianluo.regions.models import Session


class SessionForm(forms.Form):
    number = forms.IntegerField(label="会次（第几次会议）", min_value=1, max_value=99)
    kind = forms.ChoiceField(label="类型", choices=Session.Kind.choices, initial=Session.Kind.REGULAR)
    start_date = forms.DateField(label="开幕日期", widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(label="闭幕日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))

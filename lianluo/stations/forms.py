from django import forms

from lianluo.accounts.models import User
from lianluo.accounts.roles import Role
from lianluo.regions.models import Level, Region
from lianluo.stations.models import Station
from lianluo.stations.workflow import WEEKDAY_LABELS


def region_options(regions) -> list[tuple[str, str]]:
    return [(r.code, f"{'　' * max(r.level - 1, 0)}{r.name}（{r.code}）") for r in regions]


class StationForm(forms.Form):
    name = forms.CharField(label="名称", max_length=100)
    kind = forms.ChoiceField(label="类型", choices=Station.Kind.choices)
    region = forms.ChoiceField(label="所在区划")
    address = forms.CharField(label="地址", max_length=200, required=False)
    phone = forms.CharField(label="联系电话", max_length=32, required=False)
    manager = forms.ChoiceField(label="管理员", required=False,
                                help_text="须是辖区覆盖该联络站所在区划的联络站管理员账户。")
    opening_hours = forms.CharField(label="开放时间", max_length=100, required=False,
                                    help_text="如：工作日 9:00–17:00")
    reception_weekdays = forms.MultipleChoiceField(
        label="接待日（星期）", required=False, choices=[(str(k), v) for k, v in WEEKDAY_LABELS.items()],
        widget=forms.CheckboxSelectMultiple)
    reception_rule = forms.CharField(label="接待日说明", max_length=100, required=False,
                                     help_text="如：每月15日代表集中接待")
    is_active = forms.BooleanField(label="启用", required=False, initial=True)

    def __init__(self, *args, regions, managers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", "请选择")] + region_options(regions)
        self.fields["manager"].choices = [("", "（暂不指定）")] + [(str(u.pk), str(u)) for u in managers]

    def clean_region(self):
        return Region.objects.filter(code=self.cleaned_data["region"]).first()

    def clean_manager(self):
        value = self.cleaned_data.get("manager")
        return User.objects.filter(pk=value).first() if value else None

    def clean_reception_weekdays(self):
        return ",".join(self.cleaned_data.get("reception_weekdays") or [])


def manager_choices(regions_qs):
    """Accounts holding the station-manager role within the given (already scoped) regions."""
    codes = list(regions_qs.values_list("code", flat=True)[:5000])
    return (User.objects.filter(is_active=True, assignments__role=Role.STATION_MANAGER,
                                assignments__region_id__in=codes).distinct().order_by("username"))


def station_regions(regions_qs):
    return regions_qs.filter(level__gte=Level.PROVINCE, level__lte=Level.TOWNSHIP).order_by("code")


class PlanForm(forms.Form):
    year = forms.IntegerField(label="年份", min_value=2000, max_value=2100)
    month = forms.IntegerField(label="月份", min_value=1, max_value=12)
    per_shift = forms.IntegerField(label="每次值班代表人数", min_value=0, max_value=10, initial=2)
    starts_at = forms.TimeField(label="开始时间", required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    ends_at = forms.TimeField(label="结束时间", required=False, widget=forms.TimeInput(attrs={"type": "time"}))


class MandateChoiceForm(forms.Form):
    """Ticks for deputies (used for a shift's deputies and for who came to a reception)."""

    deputies = forms.MultipleChoiceField(label="代表", required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, mandates, label="代表", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deputies"].label = label
        self.fields["deputies"].choices = [(str(m.pk), f"{m.person.name}（{m.term.congress.name}）")
                                           for m in mandates]

    def clean_deputies(self):
        return [int(v) for v in self.cleaned_data.get("deputies") or []]


class ReceptionForm(MandateChoiceForm):
    date = forms.DateField(label="接待日期", widget=forms.DateInput(attrs={"type": "date"}))
    visitors = forms.IntegerField(label="接待群众人数", min_value=0, max_value=100_000, initial=0)
    summary = forms.CharField(label="接待情况", required=False, max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 5}),
                              help_text="群众反映的具体问题请在“群众意见”中逐件登记，并关联本次接待。")


class AssignForm(forms.Form):
    mandate = forms.IntegerField(label="代表", widget=forms.HiddenInput)
    since = forms.DateField(label="进站日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))


class ReleaseForm(forms.Form):
    until = forms.DateField(label="离站日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))

from django import forms

from lianluo.accounts.roles import Role
from lianluo.regions.models import Organisation, Region


class SignInForm(forms.Form):
    username = forms.CharField(label="用户名或手机号码", max_length=64,
                               widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}))
    password = forms.CharField(label="密码", max_length=128, strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))


class TotpForm(forms.Form):
    code = forms.RegexField(label="动态口令", regex=r"^\s*\d{6}\s*$", max_length=8,
                            error_messages={"invalid": "请输入验证器上显示的 6 位数字。"},
                            widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                                          "autofocus": True}))


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(label="原密码", strip=False, widget=forms.PasswordInput(
        attrs={"autocomplete": "current-password", "autofocus": True}))
    new_password = forms.CharField(label="新密码", strip=False, widget=forms.PasswordInput(
        attrs={"autocomplete": "new-password"}))
    new_password_again = forms.CharField(label="再次输入新密码", strip=False, widget=forms.PasswordInput(
        attrs={"autocomplete": "new-password"}))

    def clean(self):
        data = super().clean()
        if data.get("new_password") and data.get("new_password") != data.get("new_password_again"):
            self.add_error("new_password_again", "两次输入的新密码不一致。")
        return data


class UserCreateForm(forms.Form):
    username = forms.CharField(label="用户名", max_length=64)
    full_name = forms.CharField(label="姓名", max_length=50)
    mobile = forms.CharField(label="手机号码", max_length=20, required=False)
    home_region = forms.ModelChoiceField(label="所属辖区", queryset=Region.objects.none())

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["home_region"].queryset = regions


class AssignmentForm(forms.Form):
    role = forms.ChoiceField(label="角色", choices=Role.choices)
    region = forms.ModelChoiceField(label="辖区", queryset=Region.objects.none())
    organisation = forms.ModelChoiceField(label="单位（承办单位角色必填）", queryset=Organisation.objects.none(),
                                          required=False)

    def __init__(self, *args, regions, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions
        self.fields["organisation"].queryset = organisations


class ApiTokenForm(forms.Form):
    name = forms.CharField(label="令牌名称", max_length=64, help_text="例如：统计报表脚本")

"""The forms of the election pages; the rules themselves are in the services and the engine."""

from django import forms

from lianluo.elections.models import AppointmentVote, Candidate, DeputyChange, SessionElection, SessionNominee
from lianluo.elections.services import PUBLICATIONS

WRITE_IN_ROWS = 3
DATE = forms.DateInput(attrs={"type": "date"})


class ConfirmForm(forms.Form):
    """A button that asks nothing more (the CSRF token is checked by the middleware)."""


class ElectionForm(forms.Form):
    region = forms.ChoiceField(label="选举的人大")
    title = forms.CharField(label="名称", max_length=100,
                            help_text="如：黄花镇第十九届人民代表大会代表选举")
    election_day = forms.DateField(label="选举日", widget=DATE)
    committee = forms.CharField(label="选举委员会", max_length=100)
    by_election = forms.BooleanField(label="补选（代表出缺后由原选区补选）", required=False)

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = regions


class PublicationForm(forms.Form):
    step = forms.ChoiceField(label="公布事项", choices=[
        ("roll", "选民名单"), ("candidates", "代表候选人名单"), ("formal", "正式代表候选人名单")])
    day = forms.DateField(label="公布日期", widget=DATE)

    def clean_step(self):
        if self.cleaned_data["step"] not in PUBLICATIONS:
            raise forms.ValidationError("未知的公布事项")
        return self.cleaned_data["step"]


class ConstituencyForm(forms.Form):
    number = forms.IntegerField(label="选区编号", min_value=1, max_value=999)
    name = forms.CharField(label="选区名称", max_length=100)
    seats = forms.IntegerField(label="应选代表名额", min_value=1, max_value=3,
                               error_messages={"max_value": "每一选区选一名至三名代表（选举法第二十五条）",
                                               "min_value": "每一选区选一名至三名代表（选举法第二十五条）"})
    area = forms.CharField(label="范围（村、社区）", max_length=200, required=False)


class VoterForm(forms.Form):
    constituency = forms.TypedChoiceField(label="选区", coerce=int)
    name = forms.CharField(label="姓名", max_length=50)
    id_number = forms.CharField(label="身份证号", max_length=18, min_length=18)

    def __init__(self, *args, constituencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["constituency"].choices = constituencies


class RollImportForm(forms.Form):
    file = forms.FileField(label="选民名单（.xlsx，列：选区编号、姓名、身份证号）",
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}))


class ObjectionForm(forms.Form):
    complainant = forms.CharField(label="申诉人", max_length=50)
    content = forms.CharField(label="申诉内容", widget=forms.Textarea(attrs={"rows": 2}))
    received_on = forms.DateField(label="收到日期", widget=DATE)


class ObjectionDecisionForm(forms.Form):
    upheld = forms.TypedChoiceField(label="处理结果", choices=[("1", "申诉成立，更正名单"), ("0", "申诉不成立")],
                                    coerce=lambda v: v == "1")
    decision = forms.CharField(label="处理决定", widget=forms.Textarea(attrs={"rows": 2}))
    decided_on = forms.DateField(label="决定日期", widget=DATE)


class ProxyForm(forms.Form):
    principal = forms.CharField(label="委托人身份证号", max_length=18)
    holder = forms.CharField(label="受委托人身份证号", max_length=18)
    approved_on = forms.DateField(label="选举委员会同意日期", widget=DATE)
    in_writing = forms.BooleanField(label="已提交书面委托书", required=False)


class RemoveVoterForm(forms.Form):
    reason = forms.CharField(label="除名原因", max_length=200)


class TransferForm(forms.Form):
    to = forms.TypedChoiceField(label="迁入选区", coerce=int)
    reason = forms.CharField(label="迁移原因", max_length=200)

    def __init__(self, *args, constituencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = constituencies


class SuitForm(forms.Form):
    court = forms.CharField(label="受理的人民法院", max_length=100)
    filed_on = forms.DateField(label="起诉日期", widget=DATE)


class JudgmentForm(forms.Form):
    upheld = forms.TypedChoiceField(label="判决结果", choices=[("1", "支持起诉，更正名单"), ("0", "驳回起诉")],
                                    coerce=lambda v: v == "1")
    judgment = forms.CharField(label="判决内容", widget=forms.Textarea(attrs={"rows": 2}))
    judged_on = forms.DateField(label="判决日期", widget=DATE)


class PreelectionForm(forms.Form):
    """One field per preliminary candidate for the votes of the pre-election, and how many to retain."""

    keep = forms.IntegerField(label="确定正式代表候选人人数", min_value=1)

    def __init__(self, *args, candidates, keep_initial=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keep"].initial = keep_initial
        for candidate in candidates:
            self.fields[f"votes_{candidate.pk}"] = forms.IntegerField(label=f"{candidate.name} 预选得票", min_value=0)

    def votes(self) -> dict[int, int]:
        return {int(name.removeprefix("votes_")): value for name, value in self.cleaned_data.items()
                if name.startswith("votes_")}


class CandidateForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=50)
    gender = forms.ChoiceField(label="性别", choices=[("", "—"), ("男", "男"), ("女", "女")], required=False)
    nominated_by = forms.ChoiceField(label="推荐方式", choices=Candidate.Nominator.choices)
    nominator = forms.CharField(label="推荐者（政党、人民团体或领衔选民）", max_length=100)
    cosigners = forms.IntegerField(label="联名选民人数", min_value=0, initial=0, required=False)


class WithdrawForm(forms.Form):
    reason = forms.CharField(label="原因", max_length=200)


class StationForm(forms.Form):
    name = forms.CharField(label="投票站名称", max_length=100)
    mobile = forms.BooleanField(label="流动票箱", required=False)


class TallyForm(forms.Form):
    """A station's count sheet: the ballots, then the "for" votes of each name on the ballot and of any name
    written in."""

    voters_voted = forms.IntegerField(label="参加投票人数（含委托投票）", min_value=0)
    ballots_issued = forms.IntegerField(label="发出选票", min_value=0)
    ballots_cast = forms.IntegerField(label="收回选票", min_value=0)
    ballots_invalid = forms.IntegerField(label="无效票（赞成人数多于应选名额）", min_value=0)

    def __init__(self, *args, names, **kwargs):
        super().__init__(*args, **kwargs)
        self.names = list(names)
        for index, name in enumerate(self.names):
            self.fields[f"votes_{index}"] = forms.IntegerField(label=f"{name} 得票", min_value=0)
        for index in range(WRITE_IN_ROWS):
            self.fields[f"other_name_{index}"] = forms.CharField(label=f"另选他人 {index + 1} 姓名", max_length=50,
                                                                 required=False)
            self.fields[f"other_votes_{index}"] = forms.IntegerField(label=f"另选他人 {index + 1} 得票",
                                                                     min_value=0, required=False)

    def clean(self):
        data = super().clean()
        for index in range(WRITE_IN_ROWS):
            name, votes = data.get(f"other_name_{index}"), data.get(f"other_votes_{index}")
            if name and votes is None:
                self.add_error(f"other_votes_{index}", "请填写得票数")
            if name and name.strip() in self.names:
                self.add_error(f"other_name_{index}", "该姓名是候选人，请填在候选人一栏")
        return data

    def votes(self) -> dict[str, int]:
        data = self.cleaned_data
        votes = {name: data[f"votes_{index}"] for index, name in enumerate(self.names)}
        for index in range(WRITE_IN_ROWS):
            name = (data.get(f"other_name_{index}") or "").strip()
            if name:
                votes[name] = votes.get(name, 0) + (data.get(f"other_votes_{index}") or 0)
        return votes


class MachineImportForm(forms.Form):
    file = forms.FileField(label="计票机导出的计票文件（JSON）",
                           widget=forms.ClearableFileInput(attrs={"accept": ".json"}))
    ballots_issued = forms.IntegerField(label="发出选票", min_value=0)


class CorrectionForm(forms.Form):
    reason = forms.CharField(label="更正理由", widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)


class SessionElectionForm(forms.Form):
    session = forms.TypedChoiceField(label="会议", coerce=int)
    title = forms.CharField(label="选举事项", max_length=100, help_text="如：选举长沙县人民政府县长")
    kind = forms.ChoiceField(label="类别", choices=SessionElection.Kind.choices)
    post = forms.ChoiceField(label="职务类别（选举国家机关组成人员时）", required=False,
                             choices=[("", "—"), *SessionElection.Post.choices])
    seats = forms.IntegerField(label="应选名额", min_value=1, max_value=999)

    def __init__(self, *args, sessions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].choices = sessions


class NomineeForm(forms.Form):
    name = forms.CharField(label="候选人姓名", max_length=50)
    nominated_by = forms.ChoiceField(label="提名方式", choices=SessionNominee.By.choices)
    cosigners = forms.IntegerField(label="联名代表人数", min_value=0, required=False, initial=0)


class SessionVoteForm(forms.Form):
    present = forms.IntegerField(label="出席代表", min_value=0)
    voted = forms.IntegerField(label="参加投票", min_value=0)
    ballots_cast = forms.IntegerField(label="收回选票", min_value=0)
    ballots_invalid = forms.IntegerField(label="无效票", min_value=0)

    def __init__(self, *args, names, correcting: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if correcting:
            self.fields["correct"] = forms.CharField(widget=forms.HiddenInput, initial="1")
            self.fields["reason"] = forms.CharField(label="更正理由", max_length=1000)
        self.names = list(names)
        for index, name in enumerate(self.names):
            self.fields[f"votes_{index}"] = forms.IntegerField(label=f"{name} 得票", min_value=0)

    def votes(self) -> dict[str, int]:
        return {name: self.cleaned_data[f"votes_{index}"] for index, name in enumerate(self.names)}


class AppointmentForm(forms.Form):
    region = forms.ChoiceField(label="常务委员会")
    meeting = forms.CharField(label="会议", max_length=100, help_text="如：县十九届人大常委会第十次会议")
    meeting_date = forms.DateField(label="会议日期", widget=DATE)
    kind = forms.ChoiceField(label="任免", choices=AppointmentVote.Kind.choices)
    person = forms.CharField(label="姓名", max_length=50)
    post = forms.CharField(label="职务", max_length=100)
    nominated_by = forms.ChoiceField(label="提请人", choices=AppointmentVote.NominatedBy.choices)
    members_total = forms.IntegerField(label="常委会组成人员总数", min_value=1)
    present = forms.IntegerField(label="出席人数", min_value=0)
    yes = forms.IntegerField(label="赞成", min_value=0)
    no = forms.IntegerField(label="反对", min_value=0)
    abstain = forms.IntegerField(label="弃权", min_value=0)
    submitted_on = forms.DateField(label="提请日期", widget=DATE, required=False)
    government_formed_on = forms.DateField(label="本届人民政府产生日期", widget=DATE, required=False,
                                           help_text="新一届政府提请任命组成部门负责人时填写，用于核对提请期限")

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = regions


class DayForm(forms.Form):
    day = forms.DateField(label="日期", widget=DATE)


class ChangeForm(forms.Form):
    kind = forms.ChoiceField(label="类别", choices=DeputyChange.Kind.choices)
    region = forms.CharField(label="代表所在人大的区划代码", max_length=12, help_text="如：430121")
    name = forms.CharField(label="代表姓名", max_length=50)
    filed_on = forms.DateField(label="提出日期", widget=DATE)
    proposed_by = forms.CharField(label="提出者（如：主席团、主任会议、选民联名、代表本人）", max_length=100)
    petitioners = forms.IntegerField(label="联名人数", min_value=0, required=False, initial=0)
    in_session = forms.BooleanField(label="在人民代表大会会议期间提出", required=False)
    body_size = forms.IntegerField(label="全体代表或常委会全体组成人员人数（由人大选出的代表被罢免时）", min_value=1,
                                   required=False)
    reasons = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 3}))


class ChangeReplyForm(forms.Form):
    reply = forms.CharField(label="代表的申辩意见", widget=forms.Textarea(attrs={"rows": 3}))


class ChangeVoteForm(forms.Form):
    body_size = forms.IntegerField(label="计算基数（选区登记选民、全体代表或常委会全体组成人员）", min_value=1)
    yes = forms.IntegerField(label="赞成", min_value=0)
    voted_on = forms.DateField(label="表决日期", widget=DATE)

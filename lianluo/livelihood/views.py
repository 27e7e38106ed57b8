"""Pages of the project vote: the office runs it, deputies vote and rate, the public reads the results."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from lianluo.accounts.scoping import restrict_to_jurisdiction
from lianluo.core.forms import run_form_action, run_on_page
from lianluo.deputies.models import Mandate
from lianluo.livelihood import selectors, services, workflow
from lianluo.livelihood.models import ProjectBallot, ProjectProposal, ProjectRating, RoundStatus
from lianluo.regions.models import Congress, Region

DATE = forms.DateInput(attrs={"type": "date"})


class RoundForm(forms.Form):
    region = forms.ChoiceField(label="人民代表大会")
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    title = forms.CharField(label="名称", max_length=100, help_text="如：长沙县2027年民生实事项目人大代表票决")
    places = forms.IntegerField(label="拟确定项目数", min_value=1, max_value=50)


class ProposalForm(forms.Form):
    title = forms.CharField(label="项目建议", max_length=100)
    description = forms.CharField(label="内容", widget=forms.Textarea(attrs={"rows": 3}))
    source = forms.ChoiceField(label="来源", choices=ProjectProposal.Source.choices[:3])
    proposer = forms.CharField(label="提出者", max_length=100)


class CandidateForm(forms.Form):
    title = forms.CharField(label="候选项目", max_length=100)
    description = forms.CharField(label="主要内容", widget=forms.Textarea(attrs={"rows": 3}))
    unit = forms.CharField(label="责任单位", max_length=100)
    budget = forms.DecimalField(label="投资（万元）", required=False, max_digits=12, decimal_places=2)


class MilestoneForm(forms.Form):
    title = forms.CharField(label="节点", max_length=100)
    due_on = forms.DateField(label="计划完成", widget=DATE)


class DoneForm(forms.Form):
    done_on = forms.DateField(label="实际完成", widget=DATE)
    progress = forms.IntegerField(label="完成进度（%）", min_value=0, max_value=100, required=False)


class InspectionForm(forms.Form):
    inspected_on = forms.DateField(label="视察日期", widget=DATE)
    deputies = forms.CharField(label="参加代表", max_length=200)
    findings = forms.CharField(label="视察意见", widget=forms.Textarea(attrs={"rows": 3}))


class RatingForm(forms.Form):
    level = forms.ChoiceField(label="满意度", choices=ProjectRating.Level.choices, widget=forms.RadioSelect)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _manager(user) -> bool:
    return bool(user.role_set() & services.MANAGERS)


def _regions(user) -> list[tuple[str, str]]:
    qs = restrict_to_jurisdiction(Congress.objects.all(), user, roles=services.MANAGERS)
    return list(qs.order_by("region_id").values_list("region_id", "name")[:500])


def _list(request, form=None, status=200):
    user = request.user
    if form is None and _manager(user):
        form = RoundForm(initial={"year": timezone.localdate().year + 1})
    if form is not None:
        form.fields["region"].choices = _regions(user)
    return render(request, "livelihood/round_list.html", {
        "rounds": selectors.rounds_visible(user)[:200], "form": form}, status=status)


@login_required
def round_list(request):
    _require(selectors.can_view(request.user))
    return _list(request)


@login_required
@require_POST
def round_create(request):
    _require(_manager(request.user))
    form = RoundForm(request.POST)
    form.fields["region"].choices = _regions(request.user)
    created = {}

    def run():
        data = form.cleaned_data
        created["round"] = services.round_create(region=Region.objects.get(pk=data["region"]), year=data["year"],
                                                 title=data["title"], places=data["places"], actor=request.user)

    return run_form_action(
        request, form, run, success="项目票决已建立。", done=lambda: redirect("livelihood:round_detail",
                                                                      created["round"].pk),
        again=lambda: redirect("livelihood:round_list"), invalid=lambda f: _list(request, f, 400))


def _mandate(user, project_round):
    return Mandate.objects.filter(person__user=user, term=project_round.term, region=project_round.region,
                                  status=Mandate.Status.SERVING).first()


def _detail(request, project_round, *, given=None, status=200):
    user = request.user
    mandate = _mandate(user, project_round)
    given = given or {}
    candidates = selectors.candidates_with_ratings(project_round)
    rated = set(ProjectRating.objects.filter(mandate=mandate, project__round=project_round)
                .values_list("project_id", flat=True)) if mandate else set()
    return render(request, "livelihood/round_detail.html", {
        "round": project_round, "candidates": candidates, "proposals": list(project_round.proposals.all()),
        "can_manage": services.can_manage(user, project_round.region_id),
        "actions": workflow.offered(project_round.status), "mandate": mandate,
        "has_voted": bool(mandate) and ProjectBallot.objects.filter(round=project_round, mandate=mandate).exists(),
        "rated": rated, "tied": project_round.result.get("tied") or [],
        "proposal_form": given.get("proposal") or ProposalForm(),
        "candidate_form": given.get("candidate") or CandidateForm(),
        "errors": [e for f in given.values() for e in f.non_field_errors()]
        + [e for f in given.values() for name in ("choices", "votes", "level") for e in f.errors.get(name, [])],
        "RoundStatus": RoundStatus,
    }, status=status)


@login_required
def round_detail(request, pk: int):
    _require(selectors.can_view(request.user))
    return _detail(request, selectors.round_get(user=request.user, pk=pk))


def _post(request, pk, key, form, run, success):
    project_round = selectors.round_get(user=request.user, pk=pk)
    return run_on_page(request, form, lambda: run(project_round), success=success,
                       back=reverse("livelihood:round_detail", args=[pk]),
                       page=lambda f: _detail(request, project_round, given={key: f}, status=400))


@login_required
@require_POST
def round_action(request, pk: int, action: str):
    _require(_manager(request.user))
    if action not in workflow.TRANSITIONS:
        raise PermissionDenied
    return _post(request, pk, "action", forms.Form(request.POST),
                 lambda r: services.round_transition(project_round=r, action=action, actor=request.user),
                 f"已{workflow.ACTION_LABELS[action]}。")


@login_required
@require_POST
def proposal_add(request, pk: int):
    _require(_manager(request.user))
    form = ProposalForm(request.POST)
    return _post(request, pk, "proposal", form, lambda r: services.proposal_add(
        project_round=r, actor=request.user, **form.cleaned_data), "项目建议已登记。")


@login_required
@require_POST
def candidate_add(request, pk: int):
    _require(_manager(request.user))
    form = CandidateForm(request.POST)
    return _post(request, pk, "candidate", form, lambda r: services.candidate_add(
        project_round=r, actor=request.user, **form.cleaned_data), "候选项目已登记。")


@login_required
@require_POST
def ballot(request, pk: int):
    """A deputy's secret ballot."""
    _require(selectors.can_view(request.user))
    project_round = selectors.round_get(user=request.user, pk=pk)
    form = forms.Form(request.POST)
    form.fields["choices"] = forms.ModelMultipleChoiceField(
        queryset=project_round.candidates.all(), required=False, label="赞成的项目")
    return _post(request, pk, "ballot", form, lambda r: services.ballot_cast(
        project_round=r, actor=request.user, choices=form.cleaned_data["choices"]), "您的选票已投出。")


@login_required
@require_POST
def revote(request, pk: int):
    _require(_manager(request.user))
    project_round = selectors.round_get(user=request.user, pk=pk)
    form = forms.Form(request.POST)
    tied = project_round.result.get("tied") or []
    for index, _name in enumerate(tied):
        form.fields[f"votes_{index}"] = forms.IntegerField(min_value=0)
    return _post(request, pk, "revote", form, lambda r: services.revote_record(
        project_round=r, actor=request.user,
        votes={name: form.cleaned_data[f"votes_{i}"] for i, name in enumerate(tied)}), "再次投票结果已记录。")


# ---------------------------------------------------------------- one chosen project


def _project(request, project, *, given=None, status=200):
    given = given or {}
    mandate = _mandate(request.user, project.round)
    return render(request, "livelihood/project_detail.html", {
        "project": project, "round": project.round,
        "can_manage": services.can_manage(request.user, project.round.region_id),
        "can_rate": bool(mandate) and project.round.status == RoundStatus.RATING and project.chosen
                    and not ProjectRating.objects.filter(project=project, mandate=mandate).exists(),
        "milestone_form": given.get("milestone") or MilestoneForm(),
        "done_form": given.get("done") or DoneForm(initial={"done_on": timezone.localdate()}),
        "inspection_form": given.get("inspection") or InspectionForm(initial={"inspected_on": timezone.localdate()}),
        "rating_form": given.get("rating") or RatingForm(),
        "errors": [e for f in given.values() for e in f.non_field_errors()],
    }, status=status)


@login_required
def project_detail(request, pk: int):
    _require(selectors.can_view(request.user))
    return _project(request, selectors.project_get(user=request.user, pk=pk))


def _project_post(request, pk, key, form, run, success):
    project = selectors.project_get(user=request.user, pk=pk)
    return run_on_page(request, form, lambda: run(project), success=success,
                       back=reverse("livelihood:project_detail", args=[pk]),
                       page=lambda f: _project(request, project, given={key: f}, status=400))


@login_required
@require_POST
def milestone_add(request, pk: int):
    _require(_manager(request.user))
    form = MilestoneForm(request.POST)
    return _project_post(request, pk, "milestone", form, lambda p: services.milestone_add(
        project=p, actor=request.user, **form.cleaned_data), "实施节点已增加。")


@login_required
@require_POST
def milestone_done(request, pk: int, milestone: int):
    _require(_manager(request.user))
    form = DoneForm(request.POST)

    def run(project):
        target = project.milestones.filter(pk=milestone).first()
        if target is None:
            raise PermissionDenied
        services.milestone_done(milestone=target, actor=request.user, done_on=form.cleaned_data["done_on"],
                                progress=form.cleaned_data["progress"])

    return _project_post(request, pk, "done", form, run, "节点已完成。")


@login_required
@require_POST
def inspection_add(request, pk: int):
    _require(_manager(request.user))
    form = InspectionForm(request.POST)
    return _project_post(request, pk, "inspection", form, lambda p: services.inspection_add(
        project=p, actor=request.user, **form.cleaned_data), "视察情况已记录。")


@login_required
@require_POST
def rate(request, pk: int):
    _require(selectors.can_view(request.user))
    form = RatingForm(request.POST)
    return _project_post(request, pk, "rating", form, lambda p: services.rating_cast(
        project=p, actor=request.user, level=form.cleaned_data["level"]), "测评已提交。")

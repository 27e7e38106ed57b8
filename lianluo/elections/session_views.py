"""Pages for elections at a congress session and for the standing committee's appointment votes."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from lianluo.accounts.scoping import restrict_to_jurisdiction
from lianluo.core.forms import run_form_action, run_on_page
from lianluo.elections import forms, permissions, selectors
from lianluo.elections import session_services as services
from lianluo.elections.engine import ratios, validity
from lianluo.elections.engine.validity import VOID_REASON_LABELS
from lianluo.regions.models import Congress, Level, Region, Session

SESSION_CHOICES = 60


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _sessions(user) -> list[tuple[int, str]]:
    qs = restrict_to_jurisdiction(Session.objects.select_related("term__congress"), user,
                                  region_field="term__congress__region", roles=permissions.MANAGERS)
    return [(s.pk, f"{s.term.congress.name} {s.title}") for s in qs.order_by("-start_date")[:SESSION_CHOICES]]


def _list(request, form=None, status=200):
    user = request.user
    return render(request, "elections/session_election_list.html", {
        "elections": selectors.session_elections_visible(user).order_by("-session__start_date", "-id")[:200],
        "can_manage": permissions.can_manage_elections(user),
        "form": form or (forms.SessionElectionForm(sessions=_sessions(user))
                         if permissions.can_manage_elections(user) else None),
    }, status=status)


@login_required
def session_election_list(request):
    _require(permissions.can_view_elections(request.user))
    return _list(request)


@login_required
@require_POST
def session_election_create(request):
    _require(permissions.can_manage_elections(request.user))
    form = forms.SessionElectionForm(request.POST, sessions=_sessions(request.user))
    created = {}

    def run():
        data = form.cleaned_data
        session = Session.objects.select_related("term__congress").get(pk=data["session"])
        created["election"] = services.session_election_create(
            session=session, title=data["title"], kind=data["kind"], post=data["post"], seats=data["seats"],
            actor=request.user)

    return run_form_action(
        request, form, run, success="选举事项已建立。",
        done=lambda: redirect("elections:session_election_detail", created["election"].pk),
        again=lambda: redirect("elections:session_election_list"),
        invalid=lambda f: _list(request, f, 400))


def _detail(request, election, *, nominee_form=None, vote_form=None, correction_form=None, status=200):
    votes = services.current_votes(election)
    latest = votes[-1] if votes else None
    ballot = services.next_ballot(election, votes)
    nominees = list(election.nominees.values_list("name", flat=True))
    allowed = services.allowed_range(election)
    return render(request, "elections/session_election_detail.html", {
        "election": election, "nominees": list(election.nominees.all()), "range": allowed,
        "ratio_check": ratios.check(len(nominees), allowed) if nominees else None,
        "quorum_needed": validity.quorum_needed(election.total_deputies),
        "majority": validity.smallest_majority(election.total_deputies),
        "votes": [(v, services.vote_verify(v)) for v in votes], "latest": latest, "ballot": ballot,
        "elected": services.elected_so_far(votes), "renomination": services.renomination_open(election, votes),
        "history": list(election.votes.select_related("recorded_by").order_by("id")), "void_labels": VOID_REASON_LABELS,
        "can_manage": permissions.can_manage_in(request.user, election.session.term.congress.region_id),
        "nominee_form": nominee_form or forms.NomineeForm(),
        "vote_form": vote_form or (forms.SessionVoteForm(names=ballot["candidates"]) if ballot else None),
        "correction_form": correction_form or (forms.SessionVoteForm(names=latest.candidates, correcting=True)
                                               if latest else None),
    }, status=status)


@login_required
def session_election_detail(request, pk: int):
    _require(permissions.can_view_elections(request.user))
    return _detail(request, selectors.session_election_get(user=request.user, pk=pk))


@login_required
@require_POST
def nominee_add(request, pk: int):
    _require(permissions.can_manage_elections(request.user))
    election = selectors.session_election_get(user=request.user, pk=pk)
    form = forms.NomineeForm(request.POST)

    def run():
        data = form.cleaned_data
        services.nominee_add(election=election, name=data["name"], nominated_by=data["nominated_by"],
                             cosigners=data["cosigners"] or 0, actor=request.user)

    return run_on_page(
        request, form, run, success="候选人已登记。",
        back=reverse("elections:session_election_detail", args=[pk]),
        page=lambda f: _detail(request, election, nominee_form=f, status=400))


@login_required
@require_POST
def session_vote(request, pk: int):
    """Record the count of the next vote, or (``correct``) a correction of the latest one with its reason."""
    _require(permissions.can_manage_elections(request.user))
    election = selectors.session_election_get(user=request.user, pk=pk)
    correcting = request.POST.get("correct") == "1"
    votes = services.current_votes(election)
    if correcting:
        if not votes:
            raise PermissionDenied
        names = votes[-1].candidates
    else:
        ballot = services.next_ballot(election, votes)
        names = ballot["candidates"] if ballot else []
    form = forms.SessionVoteForm(request.POST, names=names, correcting=correcting)

    def run():
        data = form.cleaned_data
        services.vote_record(election=election, actor=request.user, present=data["present"], voted=data["voted"],
                             ballots_cast=data["ballots_cast"], ballots_invalid=data["ballots_invalid"],
                             votes=form.votes(), replaces=votes[-1] if correcting else None,
                             reason=data.get("reason", ""))

    given = {"correction_form": form} if correcting else {"vote_form": form}
    return run_on_page(request, form, run, success="计票结果已记录。",
                       back=reverse("elections:session_election_detail", args=[pk]),
                       page=lambda f: _detail(request, election, status=400, **given))


# ---------------------------------------------------------------- appointments


def _committees(user) -> list[tuple[str, str]]:
    qs = restrict_to_jurisdiction(Congress.objects.filter(level__lte=Level.COUNTY), user, roles=permissions.MANAGERS)
    rows = qs.order_by("region_id").values_list("region_id", "name")[:500]
    return [(code, f"{name}常务委员会") for code, name in rows]


def _appointments(request, form=None, status=200):
    user = request.user
    return render(request, "elections/appointment_list.html", {
        "votes": selectors.appointments_visible(user)[:200],
        "form": form or (forms.AppointmentForm(regions=_committees(user),
                                               initial={"meeting_date": timezone.localdate()})
                         if permissions.can_manage_elections(user) else None),
    }, status=status)


@login_required
def appointment_list(request):
    _require(permissions.can_view_elections(request.user))
    return _appointments(request)


@login_required
@require_POST
def appointment_create(request):
    _require(permissions.can_manage_elections(request.user))
    form = forms.AppointmentForm(request.POST, regions=_committees(request.user))
    created = {}

    def run():
        data = dict(form.cleaned_data)
        data["region"] = Region.objects.get(pk=data["region"])
        created["vote"] = services.appointment_record(actor=request.user, **data)

    return run_form_action(
        request, form, run, success="表决结果已记录。",
        done=lambda: redirect("elections:appointment_detail", created["vote"].pk),
        again=lambda: redirect("elections:appointment_list"), invalid=lambda f: _appointments(request, f, 400))


def _appointment(request, vote, form=None, status=200):
    return render(request, "elections/appointment_detail.html", {
        "vote": vote, "history": selectors.appointment_history(user=request.user, person=vote.person),
        "can_manage": permissions.can_manage_in(request.user, vote.region_id), "majority":
            validity.smallest_majority(vote.members_total),
        "deadline": services.submission_deadline(vote), "late": services.submitted_late(vote),
        "form": form or forms.DayForm(initial={"day": timezone.localdate()}),
    }, status=status)


@login_required
def appointment_detail(request, pk: int):
    _require(permissions.can_view_elections(request.user))
    return _appointment(request, selectors.appointment_get(user=request.user, pk=pk))


@login_required
@require_POST
def appointment_record_date(request, pk: int, what: str):
    """Record the oath (宪法宣誓) or the public notice of a decision."""
    _require(permissions.can_manage_elections(request.user))
    vote = selectors.appointment_get(user=request.user, pk=pk)
    recorders = {"oath": services.appointment_oath, "notice": services.appointment_notice}
    if what not in recorders:
        raise PermissionDenied
    form = forms.DayForm(request.POST)

    def run():
        recorders[what](vote=vote, day=form.cleaned_data["day"], actor=request.user)

    return run_on_page(
        request, form, run, success="已记录。",
        back=reverse("elections:appointment_detail", args=[pk]),
        page=lambda f: _appointment(request, vote, f, 400))


# ---------------------------------------------------------------- recall and resignation


def _changes(request, form=None, status=200):
    user = request.user
    return render(request, "elections/change_list.html", {
        "changes": selectors.changes_visible(user)[:200],
        "form": form or (forms.ChangeForm(initial={"filed_on": timezone.localdate()})
                         if permissions.can_manage_elections(user) else None),
    }, status=status)


@login_required
def change_list(request):
    _require(permissions.can_view_elections(request.user))
    return _changes(request)


@login_required
@require_POST
def change_create(request):
    _require(permissions.can_manage_elections(request.user))
    form = forms.ChangeForm(request.POST)
    created = {}

    def run():
        data = form.cleaned_data
        mandate = selectors.serving_mandate(user=request.user, region_code=data["region"], name=data["name"])
        if mandate is None:
            raise ValidationError({"name": "该人大没有这位在任代表，或有同名代表（请核对姓名和区划代码）"})
        created["change"] = services.change_file(
            mandate=mandate, kind=data["kind"], filed_on=data["filed_on"], proposed_by=data["proposed_by"],
            reasons=data["reasons"], petitioners=data["petitioners"] or 0, in_session=data["in_session"],
            body_size=data["body_size"], actor=request.user)

    return run_form_action(
        request, form, run, success="已登记。", done=lambda: redirect("elections:change_detail", created["change"].pk),
        again=lambda: redirect("elections:change_list"), invalid=lambda f: _changes(request, f, 400))


def _change(request, change, *, given=None, status=200):
    given = given or {}
    return render(request, "elections/change_detail.html", {
        "change": change, "can_manage": permissions.can_manage_in(request.user, change.mandate.region_id),
        "reply_form": given.get("reply") or forms.ChangeReplyForm(),
        "vote_form": given.get("vote") or forms.ChangeVoteForm(initial={"voted_on": timezone.localdate(),
                                                                        "body_size": change.body_size}),
        "majority": validity.smallest_majority(change.body_size) if change.body_size else None,
    }, status=status)


@login_required
def change_detail(request, pk: int):
    _require(permissions.can_view_elections(request.user))
    return _change(request, selectors.change_get(user=request.user, pk=pk))


def _change_post(request, pk, key, form, run, success):
    _require(permissions.can_manage_elections(request.user))
    change = selectors.change_get(user=request.user, pk=pk)
    return run_on_page(request, form, lambda: run(change), success=success,
                       back=reverse("elections:change_detail", args=[pk]),
                       page=lambda f: _change(request, change, given={key: f}, status=400))


@login_required
@require_POST
def change_reply(request, pk: int):
    form = forms.ChangeReplyForm(request.POST)
    return _change_post(request, pk, "reply", form, lambda c: services.change_reply(
        change=c, reply=form.cleaned_data["reply"], actor=request.user), "申辩意见已记录。")


@login_required
@require_POST
def change_vote(request, pk: int):
    form = forms.ChangeVoteForm(request.POST)
    return _change_post(request, pk, "vote", form, lambda c: services.change_vote(
        change=c, actor=request.user, **form.cleaned_data), "表决结果已记录。")

"""The election pages: the election and its timetable, the roll, a constituency's candidates, stations, tallies and
results, and the documents of a published result."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from lianluo.accounts.scoping import restrict_to_jurisdiction
from lianluo.core.errors import ServiceError
from lianluo.core.forms import run_form_action, run_on_page
from lianluo.core.masking import mask_id_number
from lianluo.elections import (
    documents,
    forms,
    permissions,
    preelection,
    returns_export,
    selectors,
    services,
    suits,
)
from lianluo.elections import returns as election_returns
from lianluo.elections.engine import ratios, timetable
from lianluo.elections.engine.validity import VOID_REASON_LABELS
from lianluo.elections.models import Round
from lianluo.regions.models import Congress, Level

PDF = "application/pdf"


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _manageable(request, election) -> bool:
    return permissions.can_manage(request.user, election)


@login_required
def election_list(request):
    _require(permissions.can_view_elections(request.user))
    return render(request, "elections/election_list.html", {
        "elections": selectors.election_list(user=request.user),
        "can_create": permissions.can_manage_elections(request.user),
    })


@login_required
def returns(request):
    """选举情况统计: the elections of the reader's jurisdiction rolled up by county and in all."""
    _require(permissions.can_view_elections(request.user))
    year = request.GET.get("year", "")
    groups, total = election_returns.election_returns(user=request.user,
                                                      year=int(year) if year.isdigit() else None)
    if request.GET.get("format") == "xlsx":
        title = f"选举情况统计（{year}年）" if year.isdigit() else "选举情况统计"
        response = HttpResponse(returns_export.returns_xlsx(groups, total, title=title,
                                                            cities=election_returns.by_city(groups)),
                                content_type=XLSX)
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(title)}.xlsx"
        return response
    cities = election_returns.by_city(groups)
    return render(request, "elections/returns.html", {"groups": groups, "total": total, "year": year,
                                                      "cities": cities if len(cities) > 1 else []})


def _region_choices(user) -> list[tuple[str, str]]:
    congresses = restrict_to_jurisdiction(Congress.objects.filter(level__in=(Level.COUNTY, Level.TOWNSHIP)), user,
                                          roles=permissions.MANAGERS)
    return list(congresses.order_by("region_id").values_list("region_id", "name")[:500])


@login_required
def election_create(request):
    _require(permissions.can_manage_elections(request.user))
    regions = _region_choices(request.user)
    form = forms.ElectionForm(request.POST or None, regions=regions)
    if request.method != "POST":
        return render(request, "elections/election_form.html", {"form": form})
    created = {}

    def run():
        from lianluo.regions.models import Region

        data = form.cleaned_data
        created["election"] = services.election_create(
            actor=request.user, region=Region.objects.get(pk=data["region"]), title=data["title"],
            election_day=data["election_day"], committee=data["committee"], by_election=data["by_election"])

    return run_form_action(
        request, form, run, success="选举已建立。",
        done=lambda: redirect("elections:election_detail", created["election"].pk),
        again=lambda: redirect("elections:election_list"),
        invalid=lambda f: render(request, "elections/election_form.html", {"form": f}, status=400))


def _detail(request, election, *, publication=None, constituency_form=None, status=200):
    today = timezone.localdate()
    steps = [(step, step.state(today)) for step in services.timetable_of(election)]
    return render(request, "elections/election_detail.html", {
        "election": election, "steps": steps, "today": today,
        "constituencies": selectors.constituency_rows(election=election),
        "can_manage": _manageable(request, election),
        "publication_form": publication or forms.PublicationForm(initial={"day": today}),
        "constituency_form": constituency_form or forms.ConstituencyForm(),
    }, status=status)


@login_required
def election_detail(request, pk: int):
    _require(permissions.can_view_elections(request.user))
    return _detail(request, selectors.election_get(user=request.user, pk=pk))


@login_required
@require_POST
def election_publication(request, pk: int):
    _require(permissions.can_manage_elections(request.user))
    election = selectors.election_get(user=request.user, pk=pk)
    form = forms.PublicationForm(request.POST)

    def run():
        services.election_record_publication(election=election, step=form.cleaned_data["step"],
                                             day=form.cleaned_data["day"], actor=request.user)

    return run_on_page(
        request, form, run, success="已记录公布日期。",
        back=reverse("elections:election_detail", args=[pk]),
        page=lambda f: _detail(request, election, publication=f, status=400))


@login_required
@require_POST
def constituency_add(request, pk: int):
    _require(permissions.can_manage_elections(request.user))
    election = selectors.election_get(user=request.user, pk=pk)
    form = forms.ConstituencyForm(request.POST)

    def run():
        data = form.cleaned_data
        services.constituency_add(election=election, number=data["number"], name=data["name"], seats=data["seats"],
                                  area=data["area"], actor=request.user)

    return run_on_page(
        request, form, run, success="选区已增加。",
        back=reverse("elections:election_detail", args=[pk]),
        page=lambda f: _detail(request, election, constituency_form=f, status=400))


# ---------------------------------------------------------------- the roll


def _objection_state(objection) -> str:
    """按时 / 逾期 / 待决定 / 已逾期 for the 3-day decision (选举法 Art 29)."""
    last = timetable.objection_decision_last_day(objection.received_on)
    if objection.decided_on is not None:
        return "按时决定" if objection.decided_on <= last else "逾期决定"
    return f"待决定（最迟 {last:%Y年%m月%d日}）" if timezone.localdate() <= last else "已逾期，尚未决定"


def _voters(request, election, form=None, status=200, *, import_form=None, report=None, row_error=None,
            extra=None):
    """The roll page; ``row_error`` is (what, form) of a refused action on one voter's row (除名, 迁移)."""
    constituency_id = request.GET.get("constituency", "")
    voters, total = selectors.voters_page(election=election,
                                          constituency_id=int(constituency_id) if constituency_id.isdigit() else None)
    choices = [(c.pk, str(c)) for c in election.constituencies.all()]
    return render(request, "elections/voter_list.html", {
        "election": election, "voters": [(v, mask_id_number(v.id_number)) for v in voters], "total": total,
        "constituencies": choices, "can_manage": _manageable(request, election),
        "form": form or forms.VoterForm(constituencies=choices),
        "import_form": import_form or forms.RollImportForm(), "report": report,
        "row_errors": [f"{row_error[0]}：{e}" for errors in row_error[1].errors.values() for e in errors]
        if row_error else [],
        "objections": [(o, _objection_state(o)) for o in selectors.objections_of(election)],
        "proxies": selectors.proxies_of(election),
        "objection_form": (extra or {}).get("objection") or forms.ObjectionForm(
            initial={"received_on": timezone.localdate()}),
        "decision_form": (extra or {}).get("decision") or forms.ObjectionDecisionForm(
            initial={"decided_on": timezone.localdate()}),
        "proxy_form": (extra or {}).get("proxy") or forms.ProxyForm(initial={"approved_on": timezone.localdate()}),
        "suit_form": (extra or {}).get("suit") or forms.SuitForm(initial={"filed_on": timezone.localdate()}),
        "judgment_form": (extra or {}).get("judgment") or forms.JudgmentForm(
            initial={"judged_on": timezone.localdate()}),
        "suit_last_day": timetable.suit_last_day(election.election_day),
        "extra_errors": [e for f in (extra or {}).values() for errors in f.errors.values() for e in errors],
    }, status=status)


@login_required
def voter_list(request, pk: int):
    _require(permissions.can_view_elections(request.user))
    return _voters(request, selectors.election_get(user=request.user, pk=pk))


@login_required
@require_POST
def voter_register(request, pk: int):
    _require(permissions.can_manage_elections(request.user))
    election = selectors.election_get(user=request.user, pk=pk)
    choices = [(c.pk, str(c)) for c in election.constituencies.all()]
    form = forms.VoterForm(request.POST, constituencies=choices)

    def run():
        data = form.cleaned_data
        constituency = election.constituencies.get(pk=data["constituency"])
        services.voter_register(constituency=constituency, name=data["name"], id_number=data["id_number"],
                                actor=request.user)

    return run_on_page(
        request, form, run, success="选民已登记。",
        back=reverse("elections:voter_list", args=[pk]),
        page=lambda f: _voters(request, election, f, 400))


@login_required
@require_POST
def voter_import(request, pk: int):
    """导入选民名单: whole or nothing; the row-by-row report on the page when anything is wrong."""
    _require(permissions.can_manage_elections(request.user))
    election = selectors.election_get(user=request.user, pk=pk)
    form = forms.RollImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _voters(request, election, import_form=form, status=400)
    if not permissions.can_manage(request.user, election):
        raise PermissionDenied
    report = services.voters_import(election=election, data=form.cleaned_data["file"].read(), actor=request.user)
    if not report.ok:
        return _voters(request, election, import_form=form, report=report, status=400)
    messages.success(request, f"已导入选民 {report.registered} 人。")
    return redirect("elections:voter_list", pk)


@login_required
@require_POST
def voter_remove(request, pk: int):
    _require(permissions.can_manage_elections(request.user))
    voter = selectors.voter_get(user=request.user, pk=pk)
    form = forms.RemoveVoterForm(request.POST)
    back = voter.election_id

    def run():
        services.voter_remove(voter=voter, reason=form.cleaned_data["reason"], actor=request.user)

    return run_on_page(
        request, form, run, success=f"{voter.name}已从选民名单中除名。",
        back=reverse("elections:voter_list", args=[back]),
        page=lambda f: _voters(request, voter.election, status=400, row_error=("除名", f)))


@login_required
@require_POST
def voter_transfer(request, pk: int):
    """迁移: the voter moved into another constituency of the same election (选举法 Art 27)."""
    _require(permissions.can_manage_elections(request.user))
    voter = selectors.voter_get(user=request.user, pk=pk)
    election = voter.election
    form = forms.TransferForm(request.POST, constituencies=[(c.pk, str(c)) for c in election.constituencies.all()])

    def run():
        to = election.constituencies.get(pk=form.cleaned_data["to"])
        services.voter_transfer(voter=voter, to=to, reason=form.cleaned_data["reason"], actor=request.user)

    return run_on_page(
        request, form, run, success=f"{voter.name}已迁入新的选区。",
        back=reverse("elections:voter_list", args=[election.pk]),
        page=lambda f: _voters(request, election, status=400, row_error=("迁移", f)))


def _roll_post(request, pk, key, form_class, run, success):
    _require(permissions.can_manage_elections(request.user))
    election = selectors.election_get(user=request.user, pk=pk)
    form = form_class(request.POST)
    return run_on_page(request, form, lambda: run(election, form.cleaned_data), success=success,
                       back=reverse("elections:voter_list", args=[pk]),
                       page=lambda f: _voters(request, election, status=400, extra={key: f}))


@login_required
@require_POST
def objection_receive(request, pk: int):
    return _roll_post(request, pk, "objection", forms.ObjectionForm, lambda e, d: services.objection_receive(
        election=e, actor=request.user, **d), "申诉已登记。")


@login_required
@require_POST
def objection_decide(request, pk: int, objection: int):
    def run(election, data):
        services.objection_decide(objection=_objection_of(election, objection), actor=request.user, **data)

    return _roll_post(request, pk, "decision", forms.ObjectionDecisionForm, run, "处理决定已记录。")


def _objection_of(election, objection: int):
    target = election.objections.filter(pk=objection).first()
    if target is None:
        raise Http404
    return target


@login_required
@require_POST
def suit_file(request, pk: int, objection: int):
    return _roll_post(request, pk, "suit", forms.SuitForm, lambda e, d: suits.suit_file(
        objection=_objection_of(e, objection), actor=request.user, **d), "起诉已记录。")


@login_required
@require_POST
def suit_judgment(request, pk: int, objection: int):
    return _roll_post(request, pk, "judgment", forms.JudgmentForm, lambda e, d: suits.suit_judgment(
        objection=_objection_of(e, objection), actor=request.user, **d), "人民法院的判决已记录。")


@login_required
@require_POST
def proxy_record(request, pk: int):
    def run(election, data):
        principal = selectors.voter_by_id_number(election=election, id_number=data["principal"])
        holder = selectors.voter_by_id_number(election=election, id_number=data["holder"])
        if principal is None or holder is None:
            raise ValidationError({"principal" if principal is None else "holder": "选民名单中没有该身份证号"})
        services.proxy_record(principal=principal, holder=holder, approved_on=data["approved_on"],
                              in_writing=data["in_writing"], actor=request.user)

    return _roll_post(request, pk, "proxy", forms.ProxyForm, run, "委托投票已登记。")


# ---------------------------------------------------------------- a constituency


def _constituency(request, constituency, *, forms_in=None, status=200):
    election = constituency.election
    candidates = selectors.candidates_of(constituency)
    allowed = services.allowed_candidates(constituency)
    rounds = []
    for round_ in (Round.FIRST, Round.RUNOFF):
        names = services.round_candidates(constituency, round_)
        if round_ == Round.RUNOFF and not names:
            continue
        current = selectors.current_result(constituency, round_)
        preview, preview_error = None, ""
        if current is None:
            try:
                preview = services.result_preview(constituency=constituency, round_=round_)
            except ServiceError as exc:
                preview_error = str(exc)
        rounds.append({
            "round": round_, "label": Round(round_).label, "names": names,
            "stations": selectors.stations_with_tallies(constituency, round_),
            "current": current, "preview": preview, "preview_error": preview_error,
            "changed": current is not None and services.tallies_changed_since(current),
        })
    given = forms_in or {}
    return render(request, "elections/constituency_detail.html", {
        "election": election, "constituency": constituency, "candidates": candidates,
        "formal": any(c.formal for c in candidates), "ratio": allowed,
        "ratio_check": ratios.check(len(candidates), allowed) if candidates else None,
        "electorate": selectors.registered_voters(constituency), "rounds": rounds,
        "results": selectors.results_of(constituency), "void_labels": VOID_REASON_LABELS,
        "can_manage": _manageable(request, election),
        "action_errors": [e for form in given.values() for e in form.non_field_errors()],
        "candidate_form": given.get("candidate") or forms.CandidateForm(),
        "station_form": given.get("station") or forms.StationForm(),
        "correction_form": given.get("correction") or forms.CorrectionForm(),
        "preelection": preelection.preelection_needed(constituency, len(candidates)) and not any(
            c.formal for c in candidates),
        "preelection_form": given.get("preelection") or forms.PreelectionForm(
            candidates=candidates, keep_initial=allowed.high),
    }, status=status)


@login_required
def constituency_detail(request, pk: int):
    _require(permissions.can_view_elections(request.user))
    return _constituency(request, selectors.constituency_get(user=request.user, pk=pk))


def _constituency_post(request, pk: int, form_key: str, form, run, success: str):
    constituency = selectors.constituency_get(user=request.user, pk=pk)
    return run_on_page(request, form, lambda: run(constituency), success=success,
                       back=reverse("elections:constituency_detail", args=[pk]),
                       page=lambda f: _constituency(request, constituency, forms_in={form_key: f}, status=400))


@login_required
@require_POST
def candidate_add(request, pk: int):
    _require(permissions.can_manage_elections(request.user))
    form = forms.CandidateForm(request.POST)

    def run(constituency):
        data = form.cleaned_data
        services.candidate_add(constituency=constituency, name=data["name"], gender=data["gender"],
                               nominated_by=data["nominated_by"], nominator=data["nominator"],
                               cosigners=data["cosigners"] or 0, actor=request.user)

    return _constituency_post(request, pk, "candidate", form, run, "代表候选人已登记。")


@login_required
@require_POST
def candidates_formalise(request, pk: int):
    _require(permissions.can_manage_elections(request.user))
    form = forms.ConfirmForm(request.POST)

    def run(constituency):
        services.candidates_formalise(constituency=constituency, actor=request.user)

    return _constituency_post(request, pk, "formalise", form, run, "正式代表候选人名单已确定。")


@login_required
@require_POST
def preelection_record(request, pk: int):
    """预选: the votes of the pre-election, and the formal list's size within the ratio (选举法 Art 32)."""
    _require(permissions.can_manage_elections(request.user))
    constituency = selectors.constituency_get(user=request.user, pk=pk)
    form = forms.PreelectionForm(request.POST, candidates=selectors.candidates_of(constituency))

    def run(constituency):
        preelection.preelection_record(constituency=constituency, votes=form.votes(),
                                       keep=form.cleaned_data["keep"], actor=request.user)

    return _constituency_post(request, pk, "preelection", form, run, "预选结果已记录，正式代表候选人按得票多少确定。")


@login_required
@require_POST
def candidate_withdraw(request, pk: int):
    """Take a preliminary candidate off the list (not retained after consultation or the pre-election)."""
    _require(permissions.can_manage_elections(request.user))
    candidate = selectors.candidate_get(user=request.user, pk=pk)
    form = forms.WithdrawForm(request.POST)

    def run(constituency):
        services.candidate_withdraw(candidate=candidate, reason=form.cleaned_data["reason"], actor=request.user)

    return _constituency_post(request, candidate.constituency_id, "withdraw", form, run,
                              f"{candidate.name}已不再列为代表候选人。")


@login_required
@require_POST
def station_add(request, pk: int):
    _require(permissions.can_manage_elections(request.user))
    form = forms.StationForm(request.POST)

    def run(constituency):
        services.station_add(constituency=constituency, name=form.cleaned_data["name"],
                             mobile=form.cleaned_data["mobile"], actor=request.user)

    return _constituency_post(request, pk, "station", form, run, "投票站已增加。")


@login_required
@require_POST
def result_publish(request, pk: int, round_: str):
    _require(permissions.can_manage_elections(request.user))
    if round_ not in Round.values:
        raise PermissionDenied
    form = forms.ConfirmForm(request.POST)

    def run(constituency):
        services.result_publish(constituency=constituency, round_=round_, actor=request.user)

    return _constituency_post(request, pk, "publish", form, run, "选举结果已公布。")


# ---------------------------------------------------------------- a station's tally


def _tally_page(request, station, round_, form, status=200, *, machine_form=None):
    return render(request, "elections/tally_form.html", {
        "round": round_, "machine_form": machine_form or forms.MachineImportForm(),
        "station": station, "constituency": station.constituency, "election": station.constituency.election,
        "round_label": Round(round_).label, "form": form,
        "vote_fields": [form[f"votes_{i}"] for i in range(len(form.names))],
        "other_fields": [(form[f"other_name_{i}"], form[f"other_votes_{i}"]) for i in range(forms.WRITE_IN_ROWS)],
        "ballot_fields": [form[n] for n in ("voters_voted", "ballots_issued", "ballots_cast", "ballots_invalid")],
    }, status=status)


@login_required
def tally_edit(request, pk: int, round_: str):
    _require(permissions.can_manage_elections(request.user))
    station = selectors.station_get(user=request.user, pk=pk)
    if round_ not in Round.values or not permissions.can_manage(request.user, station.constituency.election):
        raise PermissionDenied
    names = services.round_candidates(station.constituency, round_)
    existing = station.tallies.filter(round=round_).first()
    initial = {}
    if existing is not None:
        initial = {"voters_voted": existing.voters_voted, "ballots_issued": existing.ballots_issued,
                   "ballots_cast": existing.ballots_cast, "ballots_invalid": existing.ballots_invalid}
        others = [n for n in existing.votes if n not in names]
        for index, name in enumerate(names):
            initial[f"votes_{index}"] = existing.votes.get(name, 0)
        for index, name in enumerate(others[:forms.WRITE_IN_ROWS]):
            initial[f"other_name_{index}"], initial[f"other_votes_{index}"] = name, existing.votes[name]
    form = forms.TallyForm(request.POST or None, names=names, initial=initial)
    if request.method != "POST":
        return _tally_page(request, station, round_, form)

    def run():
        data = form.cleaned_data
        services.tally_enter(station=station, round_=round_, voters_voted=data["voters_voted"],
                             ballots_issued=data["ballots_issued"], ballots_cast=data["ballots_cast"],
                             ballots_invalid=data["ballots_invalid"], votes=form.votes(), actor=request.user)

    back = station.constituency_id
    return run_on_page(
        request, form, run, success=f"{station.name}的计票已保存。",
        back=reverse("elections:constituency_detail", args=[back]),
        page=lambda f: _tally_page(request, station, round_, f, 400))


@login_required
@require_POST
def tally_import(request, pk: int, round_: str):
    """A counting machine's JSON for the station (the tally command's format)."""
    _require(permissions.can_manage_elections(request.user))
    station = selectors.station_get(user=request.user, pk=pk)
    if round_ not in Round.values or not permissions.can_manage(request.user, station.constituency.election):
        raise PermissionDenied
    form = forms.MachineImportForm(request.POST, request.FILES)
    names = services.round_candidates(station.constituency, round_)

    def run():
        services.tally_import(station=station, round_=round_, data=form.cleaned_data["file"].read(),
                              ballots_issued=form.cleaned_data["ballots_issued"], actor=request.user)

    return run_on_page(request, form, run, success=f"{station.name}的计票已从计票文件导入。",
                       back=reverse("elections:constituency_detail", args=[station.constituency_id]),
                       page=lambda f: _tally_page(request, station, round_, forms.TallyForm(names=names), 400,
                                                  machine_form=f))


# ---------------------------------------------------------------- published results


@login_required
@require_POST
def result_correct(request, pk: int):
    _require(permissions.can_manage_elections(request.user))
    result = selectors.result_get(user=request.user, pk=pk)
    form = forms.CorrectionForm(request.POST)
    back = result.constituency_id

    def run():
        services.result_correct(result=result, reason=form.cleaned_data["reason"], actor=request.user)

    return run_on_page(
        request, form, run, success="更正后的选举结果已公布。",
        back=reverse("elections:constituency_detail", args=[back]),
        page=lambda f: _constituency(request, result.constituency, forms_in={"correction": f}, status=400))


def _pdf(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=PDF)
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{quote(filename)}"
    return response


@login_required
def ballot(request, pk: int, round_: str):
    """The printable ballot of a round, once its candidates are fixed."""
    _require(permissions.can_manage_elections(request.user))
    constituency = selectors.constituency_get(user=request.user, pk=pk)
    if round_ not in Round.values or not permissions.can_manage(request.user, constituency.election):
        raise PermissionDenied
    names = services.round_candidates(constituency, round_)
    if not names:
        raise Http404
    data = documents.ballot_pdf(constituency, names, seats=services.round_seats(constituency, round_),
                                runoff=round_ == Round.RUNOFF)
    return _pdf(data, f"{constituency}选票.pdf")


@login_required
def result_announcement(request, pk: int):
    _require(permissions.can_view_elections(request.user))
    result = selectors.result_get(user=request.user, pk=pk)
    return _pdf(documents.announcement_pdf(result), f"{result.constituency}选举结果公告.pdf")


@login_required
def result_certificate(request, pk: int, index: int):
    """The certificate of the index-th person elected (0-based) in a current, valid result."""
    _require(permissions.can_manage_elections(request.user))
    result = selectors.result_get(user=request.user, pk=pk)
    elected = result.decision.get("elected", [])
    if not permissions.can_manage(request.user, result.constituency.election):
        raise PermissionDenied
    if not result.current or index >= len(elected):
        raise Http404
    return _pdf(documents.certificate_pdf(result, elected[index]), f"{elected[index]}当选证书.pdf")

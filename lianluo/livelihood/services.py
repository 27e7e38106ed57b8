"""Every change to a project vote: atomic, row-locked, with a ``ProjectEvent`` and an audit row.

The ballot is secret (RULES.md D8: 代表无记名投票): a deputy's ballot records that they voted and adds one to each
chosen candidate's count in the same transaction; no row links a deputy to a choice, and neither the history nor
the audit log says what anyone chose.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from lianluo.accounts.roles import Role
from lianluo.accounts.scoping import covers
from lianluo.core.audit import audit_record
from lianluo.core.errors import PermissionDeniedError, ServiceError
from lianluo.deputies.models import Mandate
from lianluo.elections.engine.ranking import rank
from lianluo.livelihood import workflow
from lianluo.livelihood.models import (
    CandidateProject,
    Inspection,
    Milestone,
    ProjectBallot,
    ProjectEvent,
    ProjectProposal,
    ProjectRating,
    ProjectRound,
    RoundStatus,
)
from lianluo.regions.models import Term

MANAGERS = frozenset({Role.LIAISON_STAFF})


def can_manage(user, region_code: str) -> bool:
    return getattr(user, "is_authenticated", False) and covers(user, region_code, roles=MANAGERS) and \
        bool(user.role_set() & MANAGERS)


def _require(actor, project_round: ProjectRound) -> None:
    if not can_manage(actor, project_round.region_id):
        raise PermissionDeniedError("无权管理该项目票决。")


def _event(project_round: ProjectRound, action: str, actor, *, note: str = "", data: dict | None = None,
           obj=None) -> None:
    ProjectEvent.objects.create(round=project_round, actor=actor if getattr(actor, "is_authenticated", False)
                                else None, action=action, note=note, data=data or {})
    audit_record(action=f"livelihood.{action}", actor=actor, obj=obj or project_round,
                 summary={"round": project_round.pk, **(data or {})})


def _lock(project_round: ProjectRound) -> ProjectRound:
    return ProjectRound.objects.select_for_update().get(pk=project_round.pk)


def _text(value: str | None) -> str:
    return (value or "").strip()


def round_create(*, region, year: int, title: str, places: int, actor) -> ProjectRound:
    """A year's vote of one congress, in its current term."""
    errors = {}
    if not _text(title):
        errors["title"] = "请填写名称"
    if places < 1:
        errors["places"] = "拟确定项目数至少为 1"
    term = Term.objects.filter(congress__region=region).order_by("-number").first()
    if term is None:
        errors["region"] = "该地区没有人民代表大会"
    if errors:
        raise ValidationError(errors)
    if not can_manage(actor, region.code):
        raise PermissionDeniedError("无权在该地区组织项目票决。")
    with transaction.atomic():
        if ProjectRound.objects.filter(region=region, year=year).exists():
            raise ValidationError({"year": f"{year}年的项目票决已经建立"})
        project_round = ProjectRound.objects.create(region=region, term=term, year=year, title=_text(title),
                                                    places=places)
        _event(project_round, "create", actor, data={"places": places})
    return project_round


def proposal_add(*, project_round: ProjectRound, title: str, description: str, source: str, proposer: str, actor,
                 issue=None) -> ProjectProposal:
    """Collect a proposal (征集): from the public, a deputy, a station, or a constituent issue of the congress's
    area (RULES.md D8 step 1)."""
    errors = {}
    if not _text(title):
        errors["title"] = "请填写项目建议"
    if not _text(description):
        errors["description"] = "请填写内容"
    if source not in ProjectProposal.Source.values:
        errors["source"] = "请选择来源"
    if issue is not None and not issue.region_id.startswith(project_round.region_id):
        errors["issue"] = "只能转来本地区的群众意见"
    if errors:
        raise ValidationError(errors)
    _require(actor, project_round)
    with transaction.atomic():
        locked = _lock(project_round)
        if locked.status != RoundStatus.COLLECTING:
            raise ServiceError("项目征集已经结束。")
        proposal = ProjectProposal.objects.create(
            round=locked, title=_text(title), description=_text(description),
            source=ProjectProposal.Source.ISSUE if issue is not None else source,
            proposer=_text(proposer) or ("群众" if issue is not None else ""), issue=issue)
        _event(locked, "proposal_add", actor, obj=proposal, data={"source": proposal.source})
    return proposal


PUBLIC_PROPOSER_MAX = 30


def proposal_submit_public(*, project_round: ProjectRound, title: str, description: str,
                           proposer: str = "") -> ProjectProposal:
    """A proposal sent by a member of the public from the public page while proposals are collected (征集, RULES.md
    D8 step 1: 群众提). Nobody signs in, so no jurisdiction applies; the page limits how often one address sends.
    Only the proposal and, if the person wishes, how to name them are asked: no contact data (PIPL Art 6)."""
    errors = {}
    title, description, proposer = _text(title), _text(description), _text(proposer)
    if not title:
        errors["title"] = "请填写项目建议"
    elif len(title) > 100:
        errors["title"] = "项目建议最多 100 字"
    if len(description) < 10:
        errors["description"] = "请把建议的内容写得具体一些（至少 10 个字）"
    if len(proposer) > PUBLIC_PROPOSER_MAX:
        errors["proposer"] = f"署名最多 {PUBLIC_PROPOSER_MAX} 字"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _lock(project_round)
        if locked.status != RoundStatus.COLLECTING:
            raise ServiceError("项目征集已经结束。")
        proposal = ProjectProposal.objects.create(round=locked, title=title, description=description,
                                                  source=ProjectProposal.Source.PUBLIC, proposer=proposer or "群众")
        _event(locked, "proposal_submit_public", None, obj=proposal, data={"source": proposal.source})
    return proposal


def candidate_add(*, project_round: ProjectRound, title: str, description: str, unit: str, actor, budget=None,
                  proposals: Iterable[ProjectProposal] = ()) -> CandidateProject:
    """A candidate project on the government's list (RULES.md D8 step 2), with the proposals it answers."""
    errors = {}
    for field, value in (("title", title), ("description", description), ("unit", unit)):
        if not _text(value):
            errors[field] = "请填写此项"
    if errors:
        raise ValidationError(errors)
    _require(actor, project_round)
    with transaction.atomic():
        locked = _lock(project_round)
        if locked.status != RoundStatus.COLLECTING:
            raise ServiceError("候选项目已经确定，不能再增加。")
        if locked.candidates.filter(title=_text(title)).exists():
            raise ValidationError({"title": "已有同名候选项目"})
        candidate = CandidateProject.objects.create(round=locked, title=_text(title),
                                                    description=_text(description), unit=_text(unit), budget=budget)
        candidate.proposals.set([p for p in proposals if p.round_id == locked.pk])
        _event(locked, "candidate_add", actor, obj=candidate)
    return candidate


def round_transition(*, project_round: ProjectRound, action: str, actor) -> ProjectRound:
    """Move the vote on (``workflow.TRANSITIONS``). Shortlisting needs more candidates than places (差额, RULES.md
    D8 step 2); closing the vote ranks the candidates by their votes and takes the first ``places`` (step 4):
    candidates tied at the last place are voted on again (``revote_record``) before the rest is settled."""
    _require(actor, project_round)
    with transaction.atomic():
        locked = _lock(project_round)
        try:
            to = workflow.target(locked.status, action)
        except workflow.TransitionError as exc:
            raise ServiceError(str(exc)) from None
        data = {}
        if action == "shortlist":
            count = locked.candidates.count()
            if count <= locked.places:
                raise ServiceError(f"候选项目（{count} 个）应多于拟确定的项目数（{locked.places} 个），实行差额票决。")
        if action == "close_vote":
            data = _count(locked)
            if data["tied"]:
                locked.result = data
                locked.save(update_fields=["result", "updated_at"])
                _event(locked, "vote_tied", actor, data=data)
                return locked
        locked.status = to
        locked.save(update_fields=["status", "result", "updated_at"] if data else ["status", "updated_at"])
        _event(locked, action, actor, data=data)
    return locked


def _count(locked: ProjectRound) -> dict:
    candidates = list(locked.candidates.order_by("id"))
    votes = {c.title: c.votes for c in candidates}
    ranking = rank(votes, seats=locked.places, threshold=1, order=[c.title for c in candidates])
    result = {"ballots": locked.ballots.count() + locked.paper_ballots, "votes": votes,
              "chosen": ranking.elected, "tied": ranking.tied, "unfilled": ranking.unfilled_seats}
    if not ranking.tied:
        chosen = set(ranking.elected)
        for candidate in candidates:
            candidate.chosen = candidate.title in chosen
        CandidateProject.objects.bulk_update(candidates, ["chosen"])
        locked.result = result
    return result


def revote_record(*, project_round: ProjectRound, votes: dict[str, int], actor) -> ProjectRound:
    """The re-vote among candidates tied at the last place, counted at the meeting: the most votes take the places
    left; equal votes again leave the round open for another re-vote."""
    _require(actor, project_round)
    with transaction.atomic():
        locked = _lock(project_round)
        tied = list(locked.result.get("tied") or [])
        if locked.status != RoundStatus.VOTING or not tied:
            raise ServiceError("没有需要再次投票的并列项目。")
        if sorted(votes) != sorted(tied):
            raise ValidationError({"votes": "请填写每个并列项目的再次投票得票"})
        left = locked.places - len(locked.result.get("chosen") or [])
        again = rank(votes, seats=left, threshold=1, order=tied)
        if again.tied:
            locked.result = {**locked.result, "tied": again.tied, "chosen": [*locked.result["chosen"], *again.elected]}
            locked.save(update_fields=["result", "updated_at"])
            _event(locked, "revote_tied", actor, data={"votes": votes})
            return locked
        chosen = [*locked.result["chosen"], *again.elected]
        locked.result = {**locked.result, "tied": [], "chosen": chosen, "revote": votes}
        CandidateProject.objects.filter(round=locked).update(chosen=False)
        CandidateProject.objects.filter(round=locked, title__in=chosen).update(chosen=True)
        locked.status = RoundStatus.CHOSEN
        locked.save(update_fields=["result", "status", "updated_at"])
        _event(locked, "revote", actor, data={"votes": votes, "chosen": chosen})
    return locked


def _mandate_of(actor, project_round: ProjectRound) -> Mandate:
    mandate = Mandate.objects.filter(person__user=actor, term=project_round.term, region=project_round.region,
                                     status=Mandate.Status.SERVING).first() if getattr(actor, "is_authenticated",
                                                                                       False) else None
    if mandate is None:
        raise PermissionDeniedError("只有本级人民代表大会的代表可以投票和测评。")
    return mandate


def ballot_cast(*, project_round: ProjectRound, actor, choices: Iterable[CandidateProject]) -> None:
    """A deputy's secret ballot: at most as many candidates as places, once (RULES.md D8 step 4)."""
    mandate = _mandate_of(actor, project_round)
    chosen = {c.pk for c in choices}
    if not chosen:
        raise ValidationError({"choices": "请至少选择一个项目"})
    if len(chosen) > project_round.places:
        raise ValidationError({"choices": f"最多选择 {project_round.places} 个项目，多选的选票无效"})
    with transaction.atomic():
        locked = _lock(project_round)
        if locked.status != RoundStatus.VOTING or locked.result.get("tied"):
            raise ServiceError("现在不是票决时间。")
        if set(locked.candidates.filter(pk__in=chosen).values_list("pk", flat=True)) != chosen:
            raise ValidationError({"choices": "所选项目不在本次候选项目中"})
        try:
            with transaction.atomic():
                ProjectBallot.objects.create(round=locked, mandate=mandate, cast_on=timezone.localdate())
        except IntegrityError:
            raise ServiceError("您已经投过票，每位代表只能投一次。") from None
        CandidateProject.objects.filter(pk__in=chosen).update(votes=F("votes") + 1)
        _event(locked, "ballot", actor)  # who voted, never what they chose


def paper_count_record(*, project_round: ProjectRound, ballots: int, votes: dict[int, int], actor) -> ProjectRound:
    """The count of the paper ballots cast at the meeting (most deputies vote on paper), keyed in once: each
    candidate's votes are at most the ballots, and their sum at most ballots × places (no ballot chooses more)."""
    _require(actor, project_round)
    errors = {}
    if any(n > ballots for n in votes.values()):
        errors["votes"] = "项目得票不能多于选票数"
    elif sum(votes.values()) > ballots * project_round.places:
        errors["votes"] = f"得票合计超过选票数乘以拟确定项目数（{ballots} × {project_round.places}）"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _lock(project_round)
        if locked.status != RoundStatus.VOTING or locked.result.get("tied"):
            raise ServiceError("现在不是票决时间。")
        if locked.paper_ballots:
            raise ServiceError("纸质选票的计票结果已经录入。")
        if set(votes) - set(locked.candidates.values_list("pk", flat=True)):
            raise ValidationError({"votes": "有项目不在本次候选项目中"})
        for pk, n in votes.items():
            CandidateProject.objects.filter(pk=pk).update(votes=F("votes") + n)
        locked.paper_ballots = ballots
        locked.save(update_fields=["paper_ballots", "updated_at"])
        _event(locked, "paper_count", actor, data={"ballots": ballots})
    return locked


def milestone_add(*, project: CandidateProject, title: str, due_on: datetime.date, actor) -> Milestone:
    if not _text(title):
        raise ValidationError({"title": "请填写节点"})
    _require(actor, project.round)
    if not project.chosen or project.round.status not in workflow.IMPLEMENTING:
        raise ServiceError("只有票决确定的项目才安排实施节点。")
    with transaction.atomic():
        milestone = Milestone.objects.create(project=project, title=_text(title), due_on=due_on)
        _event(project.round, "milestone_add", actor, obj=milestone, data={"project": project.title})
    return milestone


def milestone_done(*, milestone: Milestone, done_on: datetime.date, actor, progress: int | None = None) -> Milestone:
    project = milestone.project
    _require(actor, project.round)
    if progress is not None and not 0 <= progress <= 100:
        raise ValidationError({"progress": "完成进度应在 0 至 100 之间"})
    with transaction.atomic():
        locked = Milestone.objects.select_for_update().get(pk=milestone.pk)
        if locked.done_on is not None:
            raise ServiceError("该节点已完成。")
        locked.done_on = done_on
        locked.save(update_fields=["done_on", "updated_at"])
        if progress is not None:
            CandidateProject.objects.filter(pk=project.pk).update(progress=progress)
        _event(project.round, "milestone_done", actor, obj=locked,
               data={"project": project.title, "progress": progress})
    return locked


def inspection_add(*, project: CandidateProject, inspected_on: datetime.date, deputies: str, findings: str,
                   actor) -> Inspection:
    """Deputies' inspection of a chosen project (RULES.md D8 step 5: 人大督)."""
    errors = {}
    if not _text(deputies):
        errors["deputies"] = "请填写参加视察的代表"
    if not _text(findings):
        errors["findings"] = "请填写视察意见"
    if errors:
        raise ValidationError(errors)
    _require(actor, project.round)
    if not project.chosen:
        raise ServiceError("只有票决确定的项目才组织视察。")
    with transaction.atomic():
        inspection = Inspection.objects.create(project=project, inspected_on=inspected_on,
                                               deputies=_text(deputies), findings=_text(findings))
        _event(project.round, "inspection_add", actor, obj=inspection, data={"project": project.title})
    return inspection


def rating_cast(*, project: CandidateProject, actor, level: str) -> ProjectRating:
    """A deputy's year-end rating of one chosen project, once (RULES.md D8 step 6)."""
    if level not in ProjectRating.Level.values:
        raise ValidationError({"level": "请选择满意、基本满意或不满意"})
    mandate = _mandate_of(actor, project.round)
    with transaction.atomic():
        locked = _lock(project.round)
        if locked.status != RoundStatus.RATING or not project.chosen:
            raise ServiceError("现在不是满意度测评时间。")
        try:
            with transaction.atomic():
                rating = ProjectRating.objects.create(project=project, mandate=mandate, level=level,
                                                      rated_on=timezone.localdate())
        except IntegrityError:
            raise ServiceError("您已经测评过该项目。") from None
        _event(locked, "rating", actor, obj=rating, data={"project": project.title})
    return rating

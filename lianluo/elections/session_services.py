"""Elections at a congress session and appointment votes of a standing committee: every change atomic, row-locked,
with an ``ElectionEvent`` and an audit row; the law is the engine's.

A session election: nominations by the presidium or by deputies jointly (地方组织法 Art 26), the candidate ratio
(Art 27; 选举法 Art 31 for deputies to the next level), the quorum before voting (Art 14 ¶4: two thirds of all
deputies), and the count decided with "more than half of all deputies" (Art 25; 选举法 Art 45 ¶2). A recorded vote
is never changed: a correction records a new one naming it.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from lianluo.core.audit import audit_record
from lianluo.core.errors import PermissionDeniedError, ServiceError
from lianluo.deputies.models import Mandate
from lianluo.deputies.services import mandate_end
from lianluo.elections import permissions
from lianluo.elections.engine import ratios, recall, validity
from lianluo.elections.engine.contract import as_json
from lianluo.elections.engine.tally import decide_totals
from lianluo.elections.models import (
    AppointmentVote,
    DeputyChange,
    ElectionEvent,
    Round,
    SessionElection,
    SessionNominee,
    SessionVote,
)
from lianluo.regions.models import Level, Region, Session
from lianluo.regions.workdays import deadline_after_months

# 地方组织法 Art 26: deputies jointly nominate with at least 30 (province), 20 (city), 10 (county and township).
JOINT_NOMINATION = {Level.PROVINCE: 30, Level.PREFECTURE: 20, Level.COUNTY: 10, Level.TOWNSHIP: 10}


def _event(action: str, actor, *, session_election=None, appointment=None, note: str = "",
           data: dict | None = None, obj=None) -> None:
    ElectionEvent.objects.create(session_election=session_election, appointment=appointment, actor=actor,
                                 action=action, note=note, data=data or {})
    audit_record(action=f"election.{action}", actor=actor, obj=obj or session_election or appointment,
                 summary=data or {})


def _region_of(election: SessionElection) -> str:
    return election.session.term.congress.region_id


def _require(actor, region_code: str) -> None:
    if not permissions.can_manage_in(actor, region_code):
        raise PermissionDeniedError("无权办理该选举或任免事项。")


def _lock(election: SessionElection) -> SessionElection:
    return (SessionElection.objects.select_for_update(of=("self",)).select_related("session__term__congress")
            .get(pk=election.pk))


def serving_deputies(session: Session) -> int:
    """All deputies of the congress (全体代表): the serving mandates of the session's term."""
    return Mandate.objects.filter(term_id=session.term_id, status=Mandate.Status.SERVING).count()


def session_election_create(*, session: Session, title: str, kind: str, seats: int, actor,
                            post: str = "") -> SessionElection:
    errors = {}
    if not (title or "").strip():
        errors["title"] = "请填写选举事项"
    if kind not in SessionElection.Kind.values:
        errors["kind"] = "请选择类别"
    if kind == SessionElection.Kind.OFFICE and post not in SessionElection.Post.values:
        errors["post"] = "请选择职务类别"
    if kind == SessionElection.Kind.OFFICE and post == SessionElection.Post.SINGLE and seats != 1:
        errors["seats"] = "正职的应选名额为 1"
    if seats < 1:
        errors["seats"] = "应选名额至少为 1"
    if errors:
        raise ValidationError(errors)
    _require(actor, session.term.congress.region_id)
    total = serving_deputies(session)
    if total == 0:
        raise ServiceError("该届人民代表大会没有在任代表，不能选举。")
    with transaction.atomic():
        election = SessionElection.objects.create(
            session=session, title=title.strip(), kind=kind, seats=seats, total_deputies=total,
            post=post if kind == SessionElection.Kind.OFFICE else "")
        _event("session_election_create", actor, session_election=election, data={"seats": seats, "total": total})
    return election


def allowed_range(election: SessionElection, seats: int | None = None) -> ratios.Range:
    """The candidate range: office posts by 地方组织法 Art 27, deputies to the next level by 选举法 Art 31; for
    ``seats`` still unfilled when new candidates are nominated for them (Art 29 ¶2), the same rules apply."""
    seats = election.seats if seats is None else seats
    if election.kind == SessionElection.Kind.DEPUTIES:
        return ratios.deputies(seats, ratios.Method.INDIRECT)
    return ratios.office(seats, election.post)


def renomination_open(election: SessionElection, votes: list[SessionVote] | None = None) -> int:
    """The seats new candidates may be nominated for now (0: none). After a valid vote that leaves seats unfilled
    and no tie to vote on again, the congress may nominate afresh instead of taking the first vote's order
    (地方组织法 Art 29 ¶2)."""
    votes = current_votes(election) if votes is None else votes
    if not votes or not votes[-1].decision["valid"] or votes[-1].decision["tied"]:
        return 0
    return max(election.seats - len(elected_so_far(votes)), 0)


def nominee_add(*, election: SessionElection, name: str, nominated_by: str, actor,
                cosigners: int = 0) -> SessionNominee:
    """A nomination by the presidium, or by deputies jointly in writing with the Art 26 minimum; the presidium
    nominates no more than the seats (地方组织法 Art 26)."""
    name = (name or "").strip()
    errors = {}
    if not name:
        errors["name"] = "请填写候选人姓名"
    if nominated_by not in SessionNominee.By.values:
        errors["nominated_by"] = "请选择提名方式"
    level = election.session.term.congress.level
    needed = JOINT_NOMINATION.get(level, 10)
    if nominated_by == SessionNominee.By.DEPUTIES and cosigners < needed:
        errors["cosigners"] = f"代表联合提名须 {needed} 人以上书面联名，现为 {cosigners} 人（地方组织法第二十六条）"
    if errors:
        raise ValidationError(errors)
    _require(actor, _region_of(election))
    with transaction.atomic():
        locked = _lock(election)
        standing = current_votes(locked)
        seats = locked.seats
        if standing:
            seats = renomination_open(locked, standing)
            if not seats:
                raise ServiceError("已经投票，不能再提名；只有另行选举尚未选足的名额时，才可以另行提名。")
            if name in elected_so_far(standing):
                raise ValidationError({"name": f"{name}已经当选"})
        round_nominees = locked.nominees.filter(after_vote=len(standing))
        if round_nominees.filter(name=name).exists():
            raise ValidationError({"name": f"{name}已被提名"})
        if nominated_by == SessionNominee.By.PRESIDIUM and \
                round_nominees.filter(nominated_by=SessionNominee.By.PRESIDIUM).count() >= seats:
            raise ValidationError({"nominated_by": f"主席团提名的人数不得超过应选名额（{seats} 名，"
                                                   "地方组织法第二十六条）"})
        if standing:  # the same person may stand again: the earlier nomination stays as it was
            nominee, _ = SessionNominee.objects.update_or_create(
                election=locked, name=name, defaults={"nominated_by": nominated_by, "cosigners": cosigners,
                                                      "after_vote": len(standing)})
        else:
            nominee = SessionNominee.objects.create(election=locked, name=name, nominated_by=nominated_by,
                                                    cosigners=cosigners)
        _event("nominee_add", actor, session_election=locked, obj=nominee, data={"nominated_by": nominated_by})
    return nominee


def _decide(election: SessionElection, *, round_: str, seats: int, present: int, voted: int, ballots_cast: int,
            ballots_invalid: int, votes: Mapping[str, int], candidates: list[str]) -> dict:
    return as_json(decide_totals(method="indirect", round_=round_, seats=seats, electorate=election.total_deputies,
                                 voters_voted=voted, candidates=candidates, votes=dict(votes),
                                 ballots_cast=ballots_cast, ballots_invalid=ballots_invalid))


def current_votes(election: SessionElection) -> list[SessionVote]:
    """The votes that stand (corrections replace), in the order they were held."""
    return list(election.votes.filter(replaced_by__isnull=True).order_by("id"))


def elected_so_far(votes: list[SessionVote]) -> list[str]:
    return [name for vote in votes if vote.decision["valid"] for name in vote.decision["elected"]]


def next_ballot(election: SessionElection, votes: list[SessionVote] | None = None) -> dict | None:
    """What the next vote is for, or None when every seat is filled or nothing more can be held now:

    - the first vote: all nominees for all seats;
    - candidates tied at the cut-off: a vote among them alone for the seats they compete for (选举法 Art 45 ¶3;
      地方组织法 Art 29);
    - seats left unfilled by the first vote: another vote (另行选举) with the candidates taken in the order of the
      first vote's votes, as many as the smallest lawful list (Art 45 ¶4; 地方组织法 Art 29).
    - or, when the congress nominated afresh for the unfilled seats (地方组织法 Art 29 ¶2), those new candidates.
    After a runoff that still leaves seats, nothing is offered until new candidates are nominated, at this session
    or the next."""
    votes = current_votes(election) if votes is None else votes
    if not votes:
        return {"round": Round.FIRST, "seats": election.seats,
                "candidates": list(election.nominees.values_list("name", flat=True))}
    left = election.seats - len(elected_so_far(votes))
    last = votes[-1].decision
    if left <= 0 or not last["valid"]:
        return None
    if last["tied"]:
        return {"round": Round.RUNOFF, "seats": left, "candidates": list(last["tied"]), "why": "tie"}
    renominated = list(election.nominees.filter(after_vote=len(votes)).order_by("id").values_list("name", flat=True))
    if renominated:
        return {"round": Round.RUNOFF, "seats": left, "candidates": renominated, "why": "renominated"}
    proposal = last.get("runoff")
    if proposal:
        return {"round": Round.RUNOFF, "seats": proposal["seats"],
                "candidates": proposal["order"][:proposal["candidates_min"]], "why": "unfilled"}
    return None


def vote_record(*, election: SessionElection, actor, present: int, voted: int, ballots_cast: int,
                ballots_invalid: int, votes: Mapping[str, int], replaces: SessionVote | None = None,
                reason: str = "") -> SessionVote:
    """Record the count of the next vote (``next_ballot``) and its decision, or with ``replaces`` and a reason a
    correction of the latest one. Refused without a quorum of two thirds of all deputies (地方组织法 Art 14 ¶4),
    with a first list outside the ratio (Art 27: a pre-election first), or with a count that cannot be true;
    elected needs more than half of all deputies in every vote (Art 25; 选举法 Art 45 ¶2, ¶5)."""
    _require(actor, _region_of(election))
    errors = {}
    if present > election.total_deputies:
        errors["present"] = f"出席代表不能多于全体代表（{election.total_deputies} 人）"
    elif not validity.quorum(present, election.total_deputies):
        needed = validity.quorum_needed(election.total_deputies)
        errors["present"] = (f"出席代表 {present} 人，不足全体代表 {election.total_deputies} 人的三分之二"
                             f"（须 {needed} 人），不能进行选举（地方组织法第十四条）")
    if voted > present:
        errors["voted"] = "参加投票的代表不能多于出席代表"
    if ballots_invalid > ballots_cast:
        errors["ballots_invalid"] = "无效票不能多于收回的选票"
    valid = ballots_cast - ballots_invalid
    if any(n > valid for n in votes.values()):
        errors["votes"] = "候选人得票不能多于有效票"
    if replaces is not None and not (reason or "").strip():
        errors["reason"] = "请写明更正理由"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _lock(election)
        standing = current_votes(locked)
        if replaces is not None:
            if not standing or standing[-1].pk != replaces.pk:
                raise ServiceError("只能更正最近一次的计票结果，且该结果尚未被更正。")
            ballot = {"round": replaces.round, "seats": replaces.seats, "candidates": list(replaces.candidates)}
        else:
            ballot = next_ballot(locked, standing)
            if ballot is None:
                raise ServiceError("本项选举已经记录计票结果；如需更正，请作出更正决定并写明理由。")
        candidates, seats = ballot["candidates"], ballot["seats"]
        if ballot["round"] == Round.FIRST or ballot.get("why") == "renominated":
            check = ratios.check(len(candidates), allowed_range(locked, seats))
            if not check.ok:
                raise ValidationError({"votes": check.message})
        if set(votes) - set(candidates):
            raise ValidationError({"votes": "得票中有不在本次选票上的候选人"})
        if sum(votes.values()) > max(valid, 0) * seats:
            raise ValidationError({"votes": f"得票合计超过有效票数乘以应选名额（{max(valid, 0)} × {seats}）：每张"
                                            f"有效选票最多赞成 {seats} 人"})
        decision = _decide(locked, round_=ballot["round"], seats=seats, present=present, voted=voted,
                           ballots_cast=ballots_cast, ballots_invalid=ballots_invalid, votes=votes,
                           candidates=candidates)
        vote = SessionVote.objects.create(
            election=locked, round=ballot["round"], present=present, voted=voted, ballots_cast=ballots_cast,
            ballots_invalid=ballots_invalid, votes={**dict.fromkeys(candidates, 0), **votes}, candidates=candidates,
            seats=seats, decision=decision, recorded_by=actor, replaces=replaces,
            correction_reason=(reason or "").strip())
        _event("session_vote_correct" if replaces else "session_vote", actor, session_election=locked, obj=vote,
               note=vote.correction_reason, data={"elected": decision["elected"], "present": present,
                                                  "round": ballot["round"]})
    return vote


def vote_verify(vote: SessionVote) -> bool:
    """Decide a recorded vote again from what it recorded: the same decision."""
    again = _decide(vote.election, round_=vote.round, seats=vote.seats, present=vote.present, voted=vote.voted,
                    ballots_cast=vote.ballots_cast, ballots_invalid=vote.ballots_invalid, votes=vote.votes,
                    candidates=vote.candidates)
    return again == vote.decision


# ---------------------------------------------------------------- appointments


def appointment_record(*, region: Region, actor, meeting: str, meeting_date: datetime.date, person: str, post: str,
                       kind: str, nominated_by: str, members_total: int, present: int, yes: int, no: int,
                       abstain: int, submitted_on: datetime.date | None = None,
                       government_formed_on: datetime.date | None = None) -> AppointmentVote:
    """Record a standing committee's vote on an appointment or removal. The meeting is held only with more than
    half of all members present, and the motion passes only with more than half of all members voting yes, not
    of those present (地方组织法 Art 51; RULES.md C12, C14)."""
    errors = {}
    for field, value in (("meeting", meeting), ("person", person), ("post", post)):
        if not (value or "").strip():
            errors[field] = "请填写此项"
    if kind not in AppointmentVote.Kind.values:
        errors["kind"] = "请选择任命或免职"
    if nominated_by not in AppointmentVote.NominatedBy.values:
        errors["nominated_by"] = "请选择提请人"
    if members_total < 1:
        errors["members_total"] = "请填写常委会组成人员总数"
    elif present > members_total:
        errors["present"] = "出席人数不能多于组成人员总数"
    elif not validity.committee_meeting_valid(present, members_total):
        errors["present"] = (f"出席 {present} 人，未超过组成人员 {members_total} 人的半数，会议不能举行"
                             "（地方组织法第五十一条）")
    if yes + no + abstain > present:
        errors["yes"] = "赞成、反对、弃权合计不能多于出席人数"
    if region.level > Level.COUNTY:
        errors["region"] = "乡、民族乡、镇的人民代表大会不设常务委员会（地方组织法第四十六条）"
    if submitted_on and submitted_on > meeting_date:
        errors["submitted_on"] = "提请日期不能晚于会议日期"
    if government_formed_on and submitted_on and government_formed_on > submitted_on:
        errors["government_formed_on"] = "本届人民政府产生日期不能晚于提请日期"
    if errors:
        raise ValidationError(errors)
    _require(actor, region.code)
    with transaction.atomic():
        vote = AppointmentVote.objects.create(
            region=region, meeting=meeting.strip(), meeting_date=meeting_date, person=person.strip(),
            post=post.strip(), kind=kind, nominated_by=nominated_by, members_total=members_total, present=present,
            yes=yes, no=no, abstain=abstain, passed=validity.committee_passes(yes, members_total), recorded_by=actor,
            submitted_on=submitted_on, government_formed_on=government_formed_on)
        _event("appointment_vote", actor, appointment=vote,
               data={"passed": vote.passed, "yes": yes, "members_total": members_total,
                     "submitted_late": submitted_late(vote)})
    return vote


def submission_deadline(vote: AppointmentVote) -> datetime.date | None:
    """The last day a new government submits its department heads: ``LIANLUO_APPOINTMENT_SUBMIT_MONTHS`` (2 by
    default) after it was elected (湖南省人事任免办法 Art 3; RULES.md D6), counted under 民法典 Arts 201–203. Only
    for appointments the government head submits, when the day the government was formed is known."""
    if vote.government_formed_on is None or vote.nominated_by != AppointmentVote.NominatedBy.GOVERNMENT:
        return None
    return deadline_after_months(vote.government_formed_on, settings.LIANLUO_APPOINTMENT_SUBMIT_MONTHS)


def submitted_late(vote: AppointmentVote) -> bool | None:
    """Whether the submission came after the deadline (``None`` when there is no deadline or no date). A late
    submission is still recorded, as it happened, and shown late."""
    deadline = submission_deadline(vote)
    if deadline is None or vote.submitted_on is None:
        return None
    return vote.submitted_on > deadline


def appointment_oath(*, vote: AppointmentVote, day: datetime.date, actor) -> AppointmentVote:
    """Record the constitutional oath (宪法宣誓) of an appointed person: only after an appointment that passed, on
    or after the meeting day."""
    _require(actor, vote.region_id)
    with transaction.atomic():
        locked = AppointmentVote.objects.select_for_update().get(pk=vote.pk)
        if not locked.passed or locked.kind != AppointmentVote.Kind.APPOINT:
            raise ServiceError("只有经表决通过的任命才组织宪法宣誓。")
        if day < locked.meeting_date:
            raise ValidationError({"day": "宣誓日期不能早于表决日期"})
        locked.oath_on = day
        locked.save(update_fields=["oath_on", "updated_at"])
        _event("appointment_oath", actor, appointment=locked, data={"day": day.isoformat()})
    return locked


def appointment_notice(*, vote: AppointmentVote, day: datetime.date, actor) -> AppointmentVote:
    """Record the public notice of a decision that passed (任免公告)."""
    _require(actor, vote.region_id)
    with transaction.atomic():
        locked = AppointmentVote.objects.select_for_update().get(pk=vote.pk)
        if not locked.passed:
            raise ServiceError("未通过的任免事项不予公告。")
        if day < locked.meeting_date:
            raise ValidationError({"day": "公告日期不能早于表决日期"})
        locked.notice_on = day
        locked.save(update_fields=["notice_on", "updated_at"])
        _event("appointment_notice", actor, appointment=locked, data={"day": day.isoformat()})
    return locked


# ---------------------------------------------------------------- recall and resignation

INDIRECT_PROPOSERS = ("主席团", "主任会议")


def change_file(*, mandate: Mandate, kind: str, filed_on: datetime.date, proposed_by: str, reasons: str, actor,
                petitioners: int = 0, in_session: bool = False, body_size: int | None = None) -> DeputyChange:
    """A recall request or a resignation, checked against who may make it:

    - a county or township deputy is recalled at the request of at least 50 (county) or 30 (township) voters of
      the constituency, in writing with reasons (选举法 Art 50; RULES.md A35);
    - a deputy elected by a congress, at the proposal of the presidium or a tenth of the deputies in session, or of
      the chairperson's council or a fifth of the standing committee's members between sessions (Art 51; A36);
    - a resignation is the deputy's own, in writing (Art 55; A37)."""
    errors = {}
    reasons = (reasons or "").strip()
    if kind not in DeputyChange.Kind.values:
        errors["kind"] = "请选择罢免或辞职"
    elif kind == DeputyChange.Kind.RECALL_VOTERS:
        level = recall.Level.TOWNSHIP if mandate.term.congress.level == Level.TOWNSHIP else recall.Level.COUNTY
        if mandate.term.congress.level < Level.COUNTY:
            errors["kind"] = "由选民直接选举的只有县、乡两级代表（选举法第三条）"
        else:
            problems = recall.petition_problems(level=level, signatures=petitioners, in_writing=True,
                                                reasons=reasons)
            if problems:
                errors["petitioners"] = "；".join(problems)
    elif kind == DeputyChange.Kind.RECALL_CONGRESS and (proposed_by or "").strip() not in INDIRECT_PROPOSERS:
        if not body_size:
            errors["body_size"] = "请填写全体代表或常委会全体组成人员人数"
        else:
            needed = recall.indirect_recall_proposers_needed(in_session=in_session, body_size=body_size)
            who = "大会期间须十分之一以上代表" if in_session else "闭会期间须五分之一以上常委会组成人员"
            if petitioners < needed:
                errors["petitioners"] = f"{who}联名，即至少 {needed} 人（选举法第五十一条）"
    if not reasons:
        errors["reasons"] = "请写明理由"
    if errors:
        raise ValidationError(errors)
    _require(actor, mandate.region_id)
    if mandate.status != Mandate.Status.SERVING:
        raise ServiceError("该代表资格已经终止。")
    with transaction.atomic():
        change = DeputyChange.objects.create(
            mandate=mandate, kind=kind, filed_on=filed_on, proposed_by=(proposed_by or "").strip()[:100],
            petitioners=petitioners, in_session=in_session, reasons=reasons, body_size=body_size)
        _event("change_file", actor, obj=change, data={"kind": kind, "mandate": mandate.pk})
    return change


def change_reply(*, change: DeputyChange, reply: str, actor) -> DeputyChange:
    """The deputy's defence (申辩意见), which the voters or deputies receive before the vote (选举法 Arts 50, 52)."""
    if not (reply or "").strip():
        raise ValidationError({"reply": "请填写申辩意见"})
    _require(actor, change.mandate.region_id)
    with transaction.atomic():
        locked = DeputyChange.objects.select_for_update().get(pk=change.pk)
        if locked.passed is not None:
            raise ServiceError("已经表决，不能再补充申辩意见。")
        locked.reply = reply.strip()
        locked.save(update_fields=["reply", "updated_at"])
        _event("change_reply", actor, obj=locked)
    return locked


def change_vote(*, change: DeputyChange, yes: int, body_size: int, voted_on: datetime.date, actor) -> DeputyChange:
    """The vote: more than half of the constituency's registered voters (direct recall, 选举法 Art 53), of all
    deputies or all standing-committee members (indirect recall, Arts 52–53; resignation, Art 55). When it passes
    the mandate ends on the day of the vote (代表法 Art 62), in the same transaction."""
    errors = {}
    if body_size < 1:
        errors["body_size"] = "请填写计算基数"
    elif yes > body_size:
        errors["yes"] = "赞成票不能多于计算基数"
    if errors:
        raise ValidationError(errors)
    _require(actor, change.mandate.region_id)
    with transaction.atomic():
        locked = DeputyChange.objects.select_for_update().select_related("mandate").get(pk=change.pk)
        if locked.passed is not None:
            raise ServiceError("已经表决。")
        if locked.kind == DeputyChange.Kind.RECALL_VOTERS:
            passed = recall.direct_recall_passes(yes, body_size)
        elif locked.kind == DeputyChange.Kind.RECALL_CONGRESS:
            passed = recall.indirect_recall_passes(yes, body_size)
        else:
            passed = recall.resignation_accepted(yes, body_size)
        locked.yes, locked.body_size, locked.voted_on, locked.passed = yes, body_size, voted_on, passed
        locked.save(update_fields=["yes", "body_size", "voted_on", "passed", "updated_at"])
        if passed:
            reason = Mandate.EndReason.RESIGNED if locked.kind == DeputyChange.Kind.RESIGNATION else \
                Mandate.EndReason.RECALLED
            mandate_end(mandate=locked.mandate, reason=reason, ended_on=voted_on, actor=actor,
                        note=f"{locked.get_kind_display()}，赞成 {yes} / {body_size}")
        _event("change_vote", actor, obj=locked, data={"yes": yes, "body_size": body_size, "passed": passed})
    return locked

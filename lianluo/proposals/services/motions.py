"""Motions (议案) to a session of a local people's congress, from the draft to the presidium's decision and the vote.

地方组织法 Art 22 (and 代表法 Art 15, in the same words for deputies):
- ¶1: the presidium, the standing committee, the special committees and the government may file motions; the
  presidium decides to put them to the session, or to refer them to a special committee for a report first;
- ¶2: deputies file jointly, at least 10 at county level and above, at least 5 at township level; the presidium
  decides whether to put the motion on the agenda, or first refers it to a special committee for its opinion;
- ¶3: before the vote, a motion on the agenda may be withdrawn at its filer's request, with the presidium's
  consent, and its deliberation then ends.

Deputies draft in the system and invite co-signers, who each confirm in the system by the deadline
(``cosign_by``); the office may key in a paper motion, whose signatures then count as confirmed. Presidium
decisions are keyed in by the office (``workflow.PRESIDIUM``). Every write goes through ``_motion_transition``
or locks the motion itself, and leaves a history row and an audit row; audit summaries carry counts and ids,
never names.
"""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from lianluo.core.errors import PermissionDeniedError, ServiceError
from lianluo.deputies.models import Mandate
from lianluo.proposals import workflow
from lianluo.proposals.models import Motion, Signer, Suggestion
from lianluo.proposals.permissions import can_manage_region
from lianluo.proposals.services._common import (
    _actor,
    _answer_invitation,
    _audit,
    _event,
    _lock_motion,
    _motion_transition,
    _next_number,
    _text,
    _today,
)
from lianluo.regions.models import Delegation, Session, SpecialCommittee

TITLE_MAX = 100
# 代表法 Art 15 ¶1: "议案应当有案由、案据和方案" — a line or two cannot carry the grounds and the proposed solution.
BODY_MIN = 20
DECISIONS = ("put_on_agenda", "refer", "as_suggestion")


# ---------------------------------------------------------------- checks shared by the services


def _clean_text(title: str, body: str) -> tuple[str, str]:
    title, body = _text(title), _text(body)
    errors = {}
    if not title:
        errors["title"] = "请填写案由"
    elif len(title) > TITLE_MAX:
        errors["title"] = f"案由不能超过 {TITLE_MAX} 个字"
    if not body:
        errors["body"] = "请填写案据和方案"
    elif len(body) < BODY_MIN:
        errors["body"] = f"议案应当有案由、案据和方案（代表法第十五条），正文不少于 {BODY_MIN} 个字"
    if errors:
        raise ValidationError(errors)
    return title, body


def _is_office(actor, region_code: str) -> bool:
    return _actor(actor) is not None and can_manage_region(actor, region_code)


def _is_lead(actor, motion: Motion) -> bool:
    return (_actor(actor) is not None and motion.lead_id is not None
            and motion.lead.person.user_id is not None and motion.lead.person.user_id == actor.pk)


def _cosign_deadline(cosign_by: datetime.date | None, today: datetime.date) -> datetime.date:
    by = cosign_by or workflow.cosign_by(today)
    if by < today:
        raise ValidationError({"cosign_by": "附议截止日期不能早于今天"})
    return by


def _cosigner_mandates(mandates: Iterable[Mandate], lead: Mandate) -> list[Mandate]:
    """Fellow serving deputies of the lead's congress term, without the lead and without repeats."""
    chosen: list[Mandate] = []
    for mandate in mandates:
        if mandate.pk == lead.pk or any(m.pk == mandate.pk for m in chosen):
            continue
        if mandate.term_id != lead.term_id:
            raise ValidationError({"cosigners": f"{mandate.person.name} 不是同一届人民代表大会的代表"})
        if mandate.status != Mandate.Status.SERVING:
            raise ValidationError({"cosigners": f"{mandate.person.name} 的代表资格已终止"})
        chosen.append(mandate)
    return chosen


def confirmed_count(motion: Motion) -> int:
    """Deputies who have signed: the lead and the co-signers who confirmed (paper signatures keyed in count)."""
    return motion.signers.filter(status=Signer.Status.CONFIRMED).count()


def cosigners_needed(motion: Motion) -> int:
    """How many deputies must sign a joint motion (地方组织法 Art 22 ¶2); 0 for a delegation's or the presidium's."""
    if motion.filer != Motion.Filer.DEPUTIES:
        return 0
    return workflow.motion_cosigners_needed(motion.region.level)


# ---------------------------------------------------------------- filing


def motion_create(*, session: Session, title: str, body: str, actor, filer: str = Motion.Filer.DEPUTIES,
                  lead: Mandate | None = None, delegation: Delegation | None = None,
                  cosigners: Iterable[Mandate] = (), cosign_by: datetime.date | None = None,
                  on_paper: bool = True) -> Motion:
    """A draft motion to ``session`` (地方组织法 Art 22; 代表法 Art 15: 案由、案据和方案).

    - Deputies jointly (Art 22 ¶2): ``lead`` is a serving deputy of the session's term; the actor is that deputy,
      or liaison staff of that congress keying the motion in. Co-signers chosen by the deputy are invited and
      confirm in the system by ``cosign_by``; those keyed in by the office from a paper motion (``on_paper``)
      count as confirmed.
    - A delegation (``delegation`` of the session's term) or the presidium (Art 22 ¶1): keyed in by the office;
      no co-signers and no lead.
    """
    title, body = _clean_text(title, body)
    region_code = session.term.congress.region_id
    office = _is_office(actor, region_code)
    today = _today()
    if filer not in Motion.Filer.values:
        raise ValidationError({"filer": "请选择提出方式"})
    chosen: list[Mandate] = []
    by = None
    if filer == Motion.Filer.DEPUTIES:
        if lead is None:
            raise ValidationError({"lead": "请选择领衔代表"})
        is_self = _actor(actor) is not None and lead.person.user_id == actor.pk
        if not is_self and not office:
            raise PermissionDeniedError("只能以本人名义领衔提出议案，或由本级人大工作人员代为录入。")
        if lead.status != Mandate.Status.SERVING:
            raise ValidationError({"lead": "领衔代表的代表资格已终止，不能提出议案"})
        if lead.term_id != session.term_id:
            raise ValidationError({"session": "所选会议不属于领衔代表所在的人民代表大会本届"})
        chosen = _cosigner_mandates(cosigners, lead)
        paper = on_paper and not is_self
        by = _cosign_deadline(cosign_by, today)
        delegation = None
    else:
        if not office:
            raise PermissionDeniedError("代表团、主席团提出的议案由本级人大工作人员录入。")
        if filer == Motion.Filer.DELEGATION:
            if delegation is None:
                raise ValidationError({"delegation": "请选择提出议案的代表团"})
            if delegation.term_id != session.term_id:
                raise ValidationError({"delegation": "所选代表团不属于本届人民代表大会"})
        else:
            delegation = None
        lead, paper = None, False
    with transaction.atomic():
        motion = Motion.objects.create(
            region_id=region_code, session=session, title=title, body=body, filer=filer, delegation=delegation,
            lead=lead, cosign_by=by, created_by=_actor(actor),
        )
        if lead is not None:
            Signer.objects.create(motion=motion, mandate=lead, role=Signer.Role.LEAD,
                                  status=Signer.Status.CONFIRMED, responded_on=today)
            _add_cosigners(motion, chosen, paper=paper, by=by, today=today)
        _event(motion=motion, action="create", actor=actor, to_status=motion.status,
               note="工作人员依纸质议案代为录入" if lead is not None and paper else "",
               data={"filer": filer, "cosigners": [m.person.name for m in chosen], "on_paper": paper})
        _audit(motion, action="create", actor=actor, summary={"filer": filer, "cosigners": len(chosen)})
    return motion


def _add_cosigners(motion: Motion, mandates: list[Mandate], *, paper: bool, by, today) -> list[Signer]:
    return [Signer.objects.create(motion=motion, mandate=m, role=Signer.Role.COSIGNER,
                                  status=Signer.Status.CONFIRMED if paper else Signer.Status.INVITED,
                                  respond_by=None if paper else by, responded_on=today if paper else None)
            for m in mandates]


def motion_invite(*, motion: Motion, mandates: Iterable[Mandate], actor, cosign_by: datetime.date | None = None,
                  on_paper: bool = True) -> list[Signer]:
    """邀请附议 on a draft joint motion (地方组织法 Art 22 ¶2): the lead deputy invites fellow deputies of the same
    term, each to confirm in the system by ``cosign_by`` (which becomes the motion's deadline). The office may
    record signatures from the paper motion (``on_paper``, counted as confirmed) or invite on the lead's
    behalf (``on_paper=False``)."""
    today = _today()
    by = _cosign_deadline(cosign_by, today)
    with transaction.atomic():
        motion = _lock_motion(motion)
        if motion.status != workflow.M_DRAFT or motion.filer != Motion.Filer.DEPUTIES:
            raise ServiceError("只有征集附议中的代表联名议案可以邀请附议。")
        lead = _is_lead(actor, motion)
        if not lead and not _is_office(actor, motion.region_id):
            raise PermissionDeniedError("只有领衔代表或本级人大工作人员可以邀请附议。")
        paper = on_paper and not lead
        existing = set(motion.signers.values_list("mandate_id", flat=True))
        chosen = [m for m in _cosigner_mandates(mandates, motion.lead) if m.pk not in existing]
        if not chosen:
            raise ValidationError({"cosigners": "请选择尚未邀请的代表"})
        signers = _add_cosigners(motion, chosen, paper=paper, by=by, today=today)
        if not paper:
            motion.cosign_by = by
            motion.save(update_fields=["cosign_by", "updated_at"])
        _event(motion=motion, action="invite", actor=actor, from_status=motion.status, to_status=motion.status,
               note="依纸质议案录入附议签名" if paper else "",
               data={"cosigners": [m.person.name for m in chosen], "on_paper": paper,
                     "respond_by": None if paper else by.isoformat()})
        _audit(motion, action="invite", actor=actor, summary={"invited": len(chosen), "on_paper": paper})
    return signers


def motion_edit(*, motion: Motion, title: str, body: str, actor) -> Motion:
    """修改议案: the text of a draft (代表法 Art 15: 案由、案据和方案), by its lead deputy or the office keying it in.
    Co-signers who confirmed in the system confirmed the old text: they are asked again, by the motion's deadline
    (at least the usual period from today); signatures recorded from the paper motion stand, as the paper does."""
    title, body = _clean_text(title, body)
    today = _today()
    with transaction.atomic():
        locked = _lock_motion(motion)
        changed = [f for f, v in (("title", title), ("body", body)) if getattr(locked, f) != v]
        if not changed:
            raise ValidationError({"body": "内容没有修改"})
        confirmed = list(locked.signers.select_for_update().filter(
            role=Signer.Role.COSIGNER, status=Signer.Status.CONFIRMED, respond_by__isnull=False))
        by = max(locked.cosign_by or today, _cosign_deadline(None, today)) if confirmed else locked.cosign_by

        def change(m: Motion):
            m.title, m.body, m.cosign_by = title, body, by
            for signer in confirmed:
                signer.status, signer.responded_on, signer.respond_by = Signer.Status.INVITED, None, by
                signer.save(update_fields=["status", "responded_on", "respond_by", "updated_at"])

        return _motion_transition(
            locked, "edit", actor=actor, change=change,
            note=f"内容已修改，{len(confirmed)} 名已确认的附议代表需重新确认" if confirmed else "",
            data={"changed": changed, "reconfirm": len(confirmed)})


def motion_cosign(*, motion: Motion, actor, accept: bool) -> Signer:
    """The invited deputy confirms (确认附议) or declines in the system, before the motion is submitted and by the
    deadline: only a confirmed signature counts towards 地方组织法 Art 22 ¶2."""
    with transaction.atomic():
        motion = _lock_motion(motion)
        signer = _answer_invitation(actor=actor, accept=accept, still_open=motion.status == workflow.M_DRAFT,
                                    what="议案", motion=motion)
        action = "cosign" if accept else "decline_cosign"
        _event(motion=motion, action=action, actor=actor, from_status=motion.status, to_status=motion.status,
               note=signer.mandate.person.name)
        _audit(motion, action=action, actor=actor)
    return signer


def motion_submit(*, motion: Motion, actor) -> Motion:
    """提出: the draft goes to the presidium and gets its number in the session (第N号).

    A joint motion needs at least 10 deputies at county level and above, 5 at township level, counting the lead
    and the co-signers who confirmed (地方组织法 Art 22 ¶2, "代表十人以上联名"); invitations still open lapse.
    A delegation's or the presidium's motion needs no signatures (Art 22 ¶1)."""
    today = _today()
    with transaction.atomic():
        locked = _lock_motion(motion)
        info: dict = {}

        def change(m: Motion):
            # Runs after the transition and the actor are checked, under the motion's lock, so that no
            # confirmation can slip in between the count and the submission.
            needed = cosigners_needed(m)
            if needed:
                confirmed = confirmed_count(m)
                if confirmed < needed:
                    raise ServiceError(
                        f"代表联名提出议案须有 {needed} 名以上代表联名（含领衔代表，地方组织法第二十二条），"
                        f"目前已确认 {confirmed} 名，还差 {needed - confirmed} 名。")
                info["signers"] = confirmed
            # Counts only: the same data goes into the audit row, which carries no names.
            info["lapsed"] = m.signers.filter(status=Signer.Status.INVITED).update(status=Signer.Status.LAPSED)
            m.number = _next_number(m.region_id, "motion", f"session:{m.session_id}")
            m.submitted_on = today
            info["number"] = m.number

        # ``info`` is filled by change() before the history row is written from it.
        return _motion_transition(locked, "submit", actor=actor, change=change, data=info)


# ---------------------------------------------------------------- the presidium and the special committees


def _committee_of(motion: Motion, committee: SpecialCommittee | None) -> SpecialCommittee:
    if committee is None:
        raise ValidationError({"committee": "请选择专门委员会"})
    if committee.term_id != motion.session.term_id:
        raise ValidationError({"committee": "所选专门委员会不属于本届人民代表大会"})
    return committee


def motion_refer_review(*, motion: Motion, committee: SpecialCommittee, actor, note: str = "") -> Motion:
    """The presidium first refers the motion to a special committee of the same term, for its opinion on whether
    to put it on the agenda (地方组织法 Art 22 ¶2; Art 35 (1)); the office keys the decision in."""
    committee = _committee_of(motion, committee)

    def change(m: Motion):
        m.committee = committee

    with transaction.atomic():
        return _motion_transition(motion, "refer_review", actor=actor, note=_text(note), change=change,
                                  data={"committee": committee.name})


def motion_review(*, motion: Motion, opinion: str, actor) -> Motion:
    """The special committee's opinion (审议意见) on whether to put the motion on the agenda (地方组织法 Art 22 ¶2),
    recorded by its staff or the office; the motion goes back to the presidium for the decision. The committee
    should have heard the deputies who filed it (代表法 Art 50)."""
    opinion = _text(opinion)
    if not opinion:
        raise ValidationError({"opinion": "请填写专门委员会的审议意见"})
    today = _today()

    def change(m: Motion):
        m.review_opinion = opinion
        m.reviewed_on = today

    with transaction.atomic():
        return _motion_transition(motion, "review", actor=actor, note=opinion, change=change)


def motion_dispose(*, motion: Motion, decision: str, actor, note: str = "",
                   committee: SpecialCommittee | None = None) -> Motion:
    """The presidium's decision, keyed in by the office (地方组织法 Art 22 ¶1–2; 代表法 Art 15 ¶2):

    - ``put_on_agenda``: 列入会议议程;
    - ``refer``: 交有关的专门委员会审议、提出报告 (a committee of the same term; the one that reviewed it unless
      another is named);
    - ``as_suggestion``: not put on the agenda, handled as a deputy suggestion (作为代表建议处理, the usual
      practice of the 议事规则): a suggestion led by the motion's lead deputy, with its confirmed co-signers, is
      filed, submitted and accepted by the office, and keeps the link to the motion.
    """
    if decision not in DECISIONS:
        raise ValidationError({"decision": "请选择主席团的决定"})
    note = _text(note)
    with transaction.atomic():
        if decision == "put_on_agenda":
            return _motion_transition(motion, "put_on_agenda", actor=actor, note=note,
                                      change=lambda m: _decided(m, note))
        if decision == "refer":
            chosen = _committee_of(motion, committee or motion.committee)

            def change(m: Motion):
                _decided(m, note)
                m.committee = chosen

            return _motion_transition(motion, "refer", actor=actor, note=note, change=change,
                                      data={"committee": chosen.name})
        return _as_suggestion(motion, actor=actor, note=note)


def _decided(motion: Motion, note: str) -> None:
    motion.disposition_note = note
    motion.disposed_on = _today()


def _as_suggestion(motion: Motion, *, actor, note: str) -> Motion:
    from lianluo.proposals.services.filing import suggestion_create, suggestion_submit
    from lianluo.proposals.services.review import suggestion_accept

    info: dict = {}

    def change(m: Motion):
        if m.lead_id is None:
            raise ServiceError("该议案没有领衔代表，不能作为代表建议处理。")
        _decided(m, note)
        cosigners = [s.mandate for s in m.signers.filter(role=Signer.Role.COSIGNER, status=Signer.Status.CONFIRMED)
                     .select_related("mandate__person")]
        suggestion = suggestion_create(lead=m.lead, title=m.title, body=m.body, actor=actor, session=m.session,
                                       cosigners=cosigners)
        Suggestion.objects.filter(pk=suggestion.pk).update(motion=m)
        suggestion = suggestion_submit(suggestion=suggestion, actor=actor)
        suggestion = suggestion_accept(suggestion=suggestion, actor=actor, note="由议案转为建议")
        info.update(suggestion=suggestion.pk, suggestion_number=suggestion.number_label)

    # ``info`` is filled by change() (the suggestion's id and number) before the history row is written.
    return _motion_transition(motion, "as_suggestion", actor=actor, note=note, change=change, data=info)


def motion_withdraw(*, motion: Motion, actor, reason: str = "") -> Motion:
    """撤回. A draft: by its lead deputy, or, for a delegation's or the presidium's draft, by the office that keyed
    it in, at any time (not yet filed, so no consent is needed). Once filed and before the vote: at the filer's
    request with the presidium's consent, which the office records with the reason; deliberation then ends
    (地方组织法 Art 22 ¶3; 代表法 Art 15 ¶3)."""
    reason = _text(reason)
    with transaction.atomic():
        locked = _lock_motion(motion)
        if locked.status != workflow.M_DRAFT and not reason:
            raise ValidationError({"reason": "请填写撤回理由（提案人的要求和主席团同意的情况）"})

        def change(m: Motion):
            m.withdraw_reason = reason

        note = reason if locked.status == workflow.M_DRAFT else f"经主席团同意撤回。{reason}"
        return _motion_transition(locked, "withdraw", actor=actor, note=note, change=change)


def motion_record_result(*, motion: Motion, adopted: bool, result: str, actor, report: str = "") -> Motion:
    """The session's vote on a motion on the agenda, keyed in by the office: adopted or not, with the result and
    the report. A resolution passes by more than half of all deputies (地方组织法 Art 25)."""
    result = _text(result)
    if not result:
        raise ValidationError({"result": "请填写表决结果"})

    def change(m: Motion):
        m.result = result
        m.report = _text(report)

    with transaction.atomic():
        return _motion_transition(motion, "record_result" if adopted else "record_rejection", actor=actor,
                                  note=result, change=change, data={"adopted": adopted})


def motion_conclude(*, motion: Motion, report: str, actor) -> Motion:
    """审议结束: the special committee's report on a referred motion (地方组织法 Art 22 ¶1, "提出报告"; Art 35
    (1)), recorded by its staff or the office."""
    report = _text(report)
    if not report:
        raise ValidationError({"report": "请填写专门委员会的审议结果报告"})

    def change(m: Motion):
        m.report = report

    with transaction.atomic():
        return _motion_transition(motion, "conclude", actor=actor, note=report, change=change)


"""Filing a suggestion: the draft, co-signing by invitation, attachments, submission and withdrawal.

A deputy drafts on a phone or a computer and submits to their own congress (代表法 Arts 24, 36: during a session
to the congress, between sessions to its standing committee, or for a township to the presidium). The office
may key in a paper submission on the deputy's behalf; the co-signers' signatures on paper then count as
confirmed.
"""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from lianluo.casework import search as text_search
from lianluo.core.errors import PermissionDeniedError, ServiceError
from lianluo.deputies.models import Mandate
from lianluo.proposals import workflow
from lianluo.proposals.models import Attachment, Signer, Suggestion, SuggestionSearch
from lianluo.proposals.permissions import can_manage_region
from lianluo.proposals.services._common import (
    _actor,
    _answer_invitation,
    _audit,
    _event,
    _lock,
    _text,
    _today,
    _transition,
)
from lianluo.regions.models import Session

TITLE_MAX = 100
BODY_MIN = 20  # "建议应当明确具体" (代表法 Art 36): a line or two is not yet a suggestion
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
ATTACHMENT_MAX_COUNT = 10
# Accepted attachment types, checked against the file's first bytes, not its name.
ATTACHMENT_TYPES = {
    b"%PDF": "application/pdf",
    b"\x89PNG": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
    b"PK\x03\x04": "application/vnd.openxmlformats-officedocument",  # .docx / .xlsx
}


def index_suggestion(suggestion: Suggestion) -> None:
    """Keep the bigram document (duplicate detection and the list's search) in step with the text."""
    SuggestionSearch.objects.update_or_create(
        suggestion=suggestion, defaults={"bigrams": text_search.document(suggestion.title, suggestion.body)})


def _clean_text(title: str, body: str) -> tuple[str, str]:
    title, body = _text(title), _text(body)
    errors = {}
    if not title:
        errors["title"] = "请填写建议标题"
    elif len(title) > TITLE_MAX:
        errors["title"] = f"标题不能超过 {TITLE_MAX} 个字"
    if not body:
        errors["body"] = "请填写建议正文"
    elif len(body) < BODY_MIN:
        errors["body"] = f"建议内容应当明确具体，正文不少于 {BODY_MIN} 个字"
    if errors:
        raise ValidationError(errors)
    return title, body


def _check_filer(lead: Mandate, actor) -> bool:
    """Returns whether the office is keying in on the deputy's behalf; refuses anyone else."""
    if lead.person.user_id is not None and _actor(actor) is not None and lead.person.user_id == actor.pk:
        return False
    if _actor(actor) is None or can_manage_region(actor, lead.region_id):
        return True
    raise PermissionDeniedError("只能以本人名义提出建议，或由本级人大工作人员代为录入。")


def _check_session(session: Session | None, lead: Mandate) -> None:
    if session is not None and session.term_id != lead.term_id:
        raise ValidationError({"session": "所选会议不属于领衔代表所在的人民代表大会本届"})


def _cosigner_mandates(mandates: Iterable[Mandate], lead: Mandate) -> list[Mandate]:
    chosen = []
    for mandate in mandates:
        if mandate.pk == lead.pk or mandate in chosen:
            continue
        if mandate.term_id != lead.term_id:
            raise ValidationError({"cosigners": f"{mandate.person.name} 不是同一届人民代表大会的代表"})
        if mandate.status != Mandate.Status.SERVING:
            raise ValidationError({"cosigners": f"{mandate.person.name} 的代表资格已终止"})
        chosen.append(mandate)
    return chosen


def suggestion_create(*, lead: Mandate, title: str, body: str, actor, session: Session | None = None,
                      category=None, is_complex: bool = False, cosigners: Iterable[Mandate] = (),
                      respond_by: datetime.date | None = None, draft=None) -> Suggestion:
    """A draft suggestion led by ``lead`` (a serving mandate). Co-signers are invited and confirm in the system;
    when the office keys in a paper submission, their signatures on paper count as confirmed."""
    title, body = _clean_text(title, body)
    if lead.status != Mandate.Status.SERVING:
        raise ValidationError({"lead": "领衔代表的代表资格已终止，不能提出建议"})
    on_behalf = _check_filer(lead, actor)
    _check_session(session, lead)
    if category is not None and not lead.region_id.startswith(category.region_id):
        raise ValidationError({"category": "所选分类不属于本级或上级人大维护的分类目录"})
    if draft is not None and draft.status != draft.Status.DRAFT:
        raise ValidationError({"draft": "该建议草稿已形成建议或已放弃"})
    today = _today()
    chosen = _cosigner_mandates(cosigners, lead)
    with transaction.atomic():
        suggestion = Suggestion.objects.create(
            region_id=lead.region_id, term_id=lead.term_id, session=session,
            year=session.start_date.year if session else today.year, title=title, body=body, category=category,
            lead=lead, is_complex=is_complex, draft=draft, created_by=_actor(actor),
        )
        Signer.objects.create(suggestion=suggestion, mandate=lead, role=Signer.Role.LEAD,
                              status=Signer.Status.CONFIRMED, responded_on=today)
        by = respond_by or workflow.cosign_by(today)
        for mandate in chosen:
            Signer.objects.create(suggestion=suggestion, mandate=mandate, role=Signer.Role.COSIGNER,
                                  status=Signer.Status.CONFIRMED if on_behalf else Signer.Status.INVITED,
                                  respond_by=None if on_behalf else by, responded_on=today if on_behalf else None)
        index_suggestion(suggestion)
        _event(suggestion=suggestion, action="create", actor=actor, to_status=suggestion.status,
               note="工作人员代为录入" if on_behalf else "",
               data={"cosigners": [m.person.name for m in chosen], "draft": draft.pk if draft else None})
        _audit(suggestion, action="create", actor=actor, summary={"cosigners": len(chosen)})
        if draft is not None:
            from lianluo.casework.models import SuggestionDraft

            SuggestionDraft.objects.filter(pk=draft.pk).update(status=SuggestionDraft.Status.TAKEN_UP)
    return suggestion


def _editable(suggestion: Suggestion, actor) -> Suggestion:
    if suggestion.status not in (workflow.DRAFT, workflow.RETURNED):
        raise ServiceError("建议已提交，不能再修改；如需修改，请联系人大工作人员退回。")
    _check_filer(suggestion.lead, actor)
    return suggestion


def suggestion_edit(*, suggestion: Suggestion, actor, title: str, body: str, category=None,
                    is_complex: bool | None = None, session: Session | None = None) -> Suggestion:
    """Change the text of a draft or returned suggestion (the lead deputy, or the office keying it in)."""
    title, body = _clean_text(title, body)
    with transaction.atomic():
        suggestion = _editable(_lock(suggestion), actor)
        _check_session(session, suggestion.lead)
        changed = [f for f, v in (("title", title), ("body", body)) if getattr(suggestion, f) != v]
        suggestion.title, suggestion.body, suggestion.category = title, body, category
        suggestion.session = session
        if session is not None:
            suggestion.year = session.start_date.year
        if is_complex is not None:
            suggestion.is_complex = is_complex
        suggestion.save()
        index_suggestion(suggestion)
        _event(suggestion=suggestion, action="edit", actor=actor, from_status=suggestion.status,
               to_status=suggestion.status, data={"changed": changed})
        _audit(suggestion, action="edit", actor=actor, summary={"changed": changed})
    return suggestion


def suggestion_invite(*, suggestion: Suggestion, mandates: Iterable[Mandate], actor,
                      respond_by: datetime.date | None = None) -> list[Signer]:
    """邀请附议: more co-signers for a draft, each to confirm by ``respond_by``."""
    today = _today()
    by = respond_by or workflow.cosign_by(today)
    if by < today:
        raise ValidationError({"respond_by": "确认期限不能早于今天"})
    with transaction.atomic():
        suggestion = _lock(suggestion)
        if suggestion.status != workflow.DRAFT:
            raise ServiceError("只有草稿状态的建议可以邀请附议。")
        _check_filer(suggestion.lead, actor)
        existing = set(suggestion.signers.values_list("mandate_id", flat=True))
        chosen = [m for m in _cosigner_mandates(mandates, suggestion.lead) if m.pk not in existing]
        if not chosen:
            raise ValidationError({"cosigners": "请选择尚未邀请的代表"})
        signers = [Signer.objects.create(suggestion=suggestion, mandate=m, respond_by=by) for m in chosen]
        _event(suggestion=suggestion, action="invite", actor=actor, from_status=suggestion.status,
               to_status=suggestion.status, data={"cosigners": [m.person.name for m in chosen],
                                                  "respond_by": by.isoformat()})
        _audit(suggestion, action="invite", actor=actor, summary={"invited": len(chosen)})
    return signers


def suggestion_cosign(*, suggestion: Suggestion, actor, accept: bool) -> Signer:
    """The invited deputy confirms (确认附议) or declines, in the system, before the deadline."""
    with transaction.atomic():
        suggestion = _lock(suggestion)
        signer = _answer_invitation(actor=actor, accept=accept, still_open=suggestion.status == workflow.DRAFT,
                                    what="建议", suggestion=suggestion)
        action = "cosign" if accept else "decline_cosign"
        _event(suggestion=suggestion, action=action, actor=actor, from_status=suggestion.status,
               to_status=suggestion.status, note=signer.mandate.person.name)
        _audit(suggestion, action=action, actor=actor)
    return signer


def suggestion_submit(*, suggestion: Suggestion, actor) -> Suggestion:
    """提交 a draft (or 重新提交 a returned one) for the office's review. Invitations nobody answered lapse: a
    co-signer counts only once they have confirmed."""
    today = _today()
    with transaction.atomic():
        locked = _lock(suggestion)
        action = "resubmit" if locked.status == workflow.RETURNED else "submit"
        lapsed = list(locked.signers.filter(status=Signer.Status.INVITED).select_related("mandate__person"))

        def change(s):
            s.submitted_on = today
            s.return_reason = ""  # the reason stays in the history row of the return

        result = _transition(locked, action, actor=actor, change=change,
                             data={"lapsed": [s.mandate.person.name for s in lapsed]})
        if lapsed:
            Signer.objects.filter(pk__in=[s.pk for s in lapsed]).update(status=Signer.Status.LAPSED)
    return result


def suggestion_withdraw(*, suggestion: Suggestion, actor, reason: str = "") -> Suggestion:
    """The lead deputy withdraws the suggestion before it is referred to a unit."""
    with transaction.atomic():
        return _transition(suggestion, "withdraw", actor=actor, note=_text(reason))


def attachment_add(*, suggestion: Suggestion, name: str, data: bytes, actor) -> Attachment:
    """Attach a file (PDF, image, Word or Excel) to a suggestion that is still a draft or with the office."""
    name = _text(name)[-120:] or "附件"
    if not data:
        raise ValidationError({"file": "请选择要上传的文件"})
    if len(data) > ATTACHMENT_MAX_BYTES:
        raise ValidationError({"file": f"附件不能超过 {ATTACHMENT_MAX_BYTES // 1024 // 1024} MB"})
    content_type = next((kind for magic, kind in ATTACHMENT_TYPES.items() if data.startswith(magic)), None)
    if content_type is None:
        raise ValidationError({"file": "只能上传 PDF、图片（PNG、JPEG）或 Word、Excel 文件"})
    with transaction.atomic():
        suggestion = _lock(suggestion)
        if suggestion.status not in (workflow.DRAFT, workflow.RETURNED, workflow.SUBMITTED):
            raise ServiceError("建议已立案，不能再添加附件。")
        _check_filer(suggestion.lead, actor)
        if suggestion.attachments.count() >= ATTACHMENT_MAX_COUNT:
            raise ValidationError({"file": f"每件建议最多 {ATTACHMENT_MAX_COUNT} 个附件"})
        attachment = Attachment.objects.create(suggestion=suggestion, name=name, content_type=content_type,
                                               size=len(data), data=data, uploaded_by=_actor(actor))
        _audit(suggestion, action="attach", actor=actor, summary={"file": name, "size": len(data)})
    return attachment

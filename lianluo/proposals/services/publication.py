"""Making suggestions and their replies public (代表法 Art 51 ¶3: the handling is reported and the report made
public; RULES.md B5).

The public version (``Publication``) is a separate text: the office builds it from the suggestion and the reply
that went to the deputy, with the redaction proposed by ``lianluo.proposals.redaction`` (telephone numbers,
identity numbers, e-mail addresses, private persons' names), edits it, and publishes it once the lead deputy has
consented — in the system, or in writing recorded by the office. The internal suggestion and reply never change.
Every change to the public version leaves a ``PublicationRevision`` with the text as it then stood, a history row
on the suggestion for publishing, withdrawing and consent, and an audit row.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from lianluo.casework import search as text_search
from lianluo.core.audit import audit_record
from lianluo.core.errors import PermissionDeniedError, ServiceError
from lianluo.proposals import redaction, workflow
from lianluo.proposals.models import Handling, Publication, PublicationRevision, Reply, Suggestion
from lianluo.proposals.permissions import can_manage_region, is_lead_deputy
from lianluo.proposals.selectors_publication import CATEGORY_SEPARATOR
from lianluo.proposals.services._common import _actor, _audit, _event, _lock, _text, _today

TITLE_MAX = 100


def sent_reply(suggestion: Suggestion) -> Reply | None:
    """The reply of the current round that went to the deputy, if any (a re-handling round's new reply replaces
    the earlier one only once it is sent)."""
    return (suggestion.replies.filter(round=suggestion.round, status=Reply.Status.SENT)
            .select_related("handling__unit").order_by("-id").first())


def _has_public_reply(suggestion: Suggestion) -> bool:
    return suggestion.status in workflow.FINISHED and sent_reply(suggestion) is not None


def proposal(suggestion: Suggestion, *, names=()) -> dict:
    """The redaction helper's proposal for the public version: {"title", "body", "reply"} as ``Redaction``s."""
    reply = sent_reply(suggestion)
    return {
        "title": redaction.redact(suggestion.title, names=names),
        "body": redaction.redact(suggestion.body, names=names),
        "reply": redaction.redact(reply.body if reply else "", names=names),
    }


def _session_label(suggestion: Suggestion) -> str:
    if suggestion.session_id:
        session = suggestion.session
        return f"{suggestion.region.name}{session.term.title}人民代表大会{session.title}"
    return "闭会期间"


def _category_name(suggestion: Suggestion) -> str:
    category = suggestion.category
    if category is None:
        return ""
    if category.parent_id:
        return f"{category.parent.name}{CATEGORY_SEPARATOR}{category.name}"[:50]
    return category.name[:50]


def _filter_fields(suggestion: Suggestion) -> dict:
    """The copies of the public search's filter fields, as the suggestion stands now."""
    suggestion = (Suggestion.objects.select_related("region", "session__term", "category__parent", "lead__person")
                  .get(pk=suggestion.pk))
    lead_unit = (Handling.objects.filter(suggestion=suggestion, role=workflow.LEAD)
                 .exclude(status=workflow.UNIT_RETURNED).select_related("unit").order_by("-id").first())
    return {
        "region_id": suggestion.region_id, "year": suggestion.year, "session_label": _session_label(suggestion),
        "number_label": suggestion.number_label if suggestion.number else "",
        "lead_name": suggestion.lead.person.name[:50], "unit_name": lead_unit.unit.name[:100] if lead_unit else "",
        "category_name": _category_name(suggestion), "reply_class": suggestion.reply_class,
    }


def _clean_texts(title: str, body: str, reply: str) -> tuple[str, str, str]:
    title, body, reply = _text(title), _text(body), _text(reply)
    errors = {}
    if not title:
        errors["title"] = "请填写公开标题"
    elif len(title) > TITLE_MAX:
        errors["title"] = f"公开标题不能超过 {TITLE_MAX} 字"
    if not body:
        errors["body"] = "请填写公开正文"
    if errors:
        raise ValidationError(errors)
    return title, body, reply


def _revision(publication: Publication, action: str, actor) -> PublicationRevision:
    return PublicationRevision.objects.create(publication=publication, actor=_actor(actor), action=action,
                                              title=publication.title, body=publication.body,
                                              reply=publication.reply)


def _publication_audit(publication: Publication, action: str, actor, summary: dict | None = None) -> None:
    audit_record(action=f"publication.{action}", actor=_actor(actor), obj=publication,
                 summary={"status": publication.status, "suggestion": publication.suggestion_id, **(summary or {})})


def _index(publication: Publication) -> None:
    publication.bigrams = text_search.document(publication.title, f"{publication.body} {publication.reply}")


def _require_office(actor, suggestion: Suggestion) -> None:
    if _actor(actor) is None or not can_manage_region(actor, suggestion.region_id):
        raise PermissionDeniedError("只有本级人大常委会工作机构可以办理建议和答复的公开。")


def _lock_publication(publication: Publication) -> Publication:
    return Publication.objects.select_for_update().get(pk=publication.pk)


def publication_prepare(*, suggestion: Suggestion, actor, title: str | None = None, body: str | None = None,
                        reply: str | None = None, names=()) -> Publication:
    """准备公开: the office builds the public version from the suggestion and the reply sent to the deputy. Texts
    left as None take the redaction helper's proposal (with ``names``, the private persons to remove); the
    staff's edited texts are saved as they are. The version waits as 待发布 until ``publication_publish``."""
    with transaction.atomic():
        locked = _lock(suggestion)
        _require_office(actor, locked)
        if Publication.objects.filter(suggestion=locked).exists():
            raise ServiceError("该建议已有公开版本，请直接修改。")
        if not _has_public_reply(locked):
            raise ServiceError("该建议尚无已送达代表的答复，暂不能准备公开版本。")
        proposed = proposal(locked, names=names)
        title, body, reply_text = _clean_texts(
            proposed["title"].text if title is None else title, proposed["body"].text if body is None else body,
            proposed["reply"].text if reply is None else reply)
        publication = Publication(suggestion=locked, title=title, body=body, reply=reply_text,
                                  status=Publication.Status.DRAFT, **_filter_fields(locked))
        _index(publication)
        publication.save()
        _revision(publication, "prepare", actor)
        _publication_audit(publication, "prepare", actor)
    return publication


def publication_edit(*, publication: Publication, actor, title: str, body: str, reply: str = "") -> Publication:
    """修改公开版本: the staff correct the public text (a published version changes on the site at once). Each
    save is a revision; the internal text stays as it is."""
    title, body, reply = _clean_texts(title, body, reply)
    with transaction.atomic():
        locked_suggestion = _lock(publication.suggestion)
        _require_office(actor, locked_suggestion)
        locked = _lock_publication(publication)
        if (locked.title, locked.body, locked.reply) == (title, body, reply):
            return locked
        if locked.status == Publication.Status.PUBLISHED:
            _refuse_personal_data(title, body, reply)
        locked.title, locked.body, locked.reply = title, body, reply
        _index(locked)
        locked.save()
        _revision(locked, "edit", actor)
        _publication_audit(locked, "edit", actor)
    return locked


def _refuse_personal_data(title: str, body: str, reply: str) -> None:
    errors = {}
    for field, text in (("title", title), ("body", body), ("reply", reply)):
        left = redaction.personal_data_left(text)
        if left:
            errors[field] = "仍含有" + "、".join(left) + "，请隐去后再公开"
    if errors:
        raise ValidationError(errors)


def _consent_by(actor, suggestion: Suggestion, written_on: datetime.date | None, *, what: str) -> tuple[str, dict]:
    """How the deputy's consent (or its withdrawal, ``what``) comes: from the lead deputy in the system, or in a
    letter the office records with its date (not in the future)."""
    if _actor(actor) is not None and is_lead_deputy(actor, suggestion):
        return "in_system", {}
    if _actor(actor) is not None and can_manage_region(actor, suggestion.region_id):
        if written_on is None:
            raise ValidationError({"written_on": f"请填写代表书面{what}的日期"})
        if written_on > _today():
            raise ValidationError({"written_on": f"书面{what}日期不能晚于今天"})
        return "written", {"written_on": written_on.isoformat()}
    raise PermissionDeniedError(f"只有领衔代表本人（或代为登记书面{what}的人大工作人员）可以{what}公开。")


def consent_record(*, suggestion: Suggestion, actor, written_on: datetime.date | None = None,
                   note: str = "") -> Suggestion:
    """代表同意公开: the lead deputy consents in the system, or the office records the deputy's written consent
    (the date of the letter, and where it is kept). Publication waits for it (代表法 Art 51 ¶3 makes the handling
    public; the deputy's own text goes out only with the deputy's consent)."""
    note = _text(note)
    with transaction.atomic():
        locked = _lock(suggestion)
        how, data = _consent_by(actor, locked, written_on, what="同意")
        if locked.status in (workflow.DRAFT, workflow.WITHDRAWN, workflow.MERGED):
            raise ServiceError(f"该建议当前为“{workflow.STATUS_LABELS[locked.status]}”，不涉及公开。")
        if locked.public_consent:
            raise ServiceError("代表已同意公开。")
        locked.public_consent = True
        locked.save(update_fields=["public_consent", "updated_at"])
        default_note = "代表在系统中同意公开" if how == "in_system" else "登记代表书面同意"
        _event(suggestion=locked, action="consent", actor=actor, from_status=locked.status,
               to_status=locked.status, note=note or default_note, data={"how": how, **data})
        _audit(locked, action="consent", actor=actor, summary={"how": how})
    return locked


def consent_withdraw(*, suggestion: Suggestion, actor, written_on: datetime.date | None = None,
                     note: str = "") -> Suggestion:
    """撤回同意公开: the lead deputy withdraws consent in the system, or the office records a written withdrawal
    (个人信息保护法 Art 15: consent may be withdrawn, easily; what was done before stays valid). A public version
    that is up is taken down in the same transaction, with the reason in the history; it cannot be published
    again until the deputy consents again."""
    note = _text(note)
    with transaction.atomic():
        locked = _lock(suggestion)
        how, data = _consent_by(actor, locked, written_on, what="撤回同意")
        if not locked.public_consent:
            raise ServiceError("代表尚未同意公开，无需撤回。")
        locked.public_consent = False
        locked.save(update_fields=["public_consent", "updated_at"])
        published = Publication.objects.select_for_update().filter(
            suggestion=locked, status=Publication.Status.PUBLISHED).first()
        if published is not None:
            published.status = Publication.Status.WITHDRAWN
            published.save(update_fields=["status", "updated_at"])
            _revision(published, "withdraw", actor)
            _event(suggestion=locked, action="unpublish", actor=actor, from_status=locked.status,
                   to_status=locked.status, note="代表撤回同意公开", data={"publication": published.pk})
            _publication_audit(published, "withdraw", actor, summary={"because": "consent_withdrawn"})
        default_note = "代表在系统中撤回同意公开" if how == "in_system" else "登记代表书面撤回同意公开"
        _event(suggestion=locked, action="consent_withdraw", actor=actor, from_status=locked.status,
               to_status=locked.status, note=note or default_note,
               data={"how": how, "unpublished": published is not None, **data})
        _audit(locked, action="consent_withdraw", actor=actor, summary={"how": how})
    return locked


def publication_publish(*, publication: Publication, actor) -> Publication:
    """公开: refused until the lead deputy has consented and a reply has gone to the deputy, and while the public
    text still holds a telephone number, identity number or e-mail address. Sets the publication date and copies
    the search's filter fields from the suggestion as it now stands (代表法 Art 51 ¶3)."""
    with transaction.atomic():
        suggestion = _lock(publication.suggestion)
        _require_office(actor, suggestion)
        locked = _lock_publication(publication)
        if locked.status == Publication.Status.PUBLISHED:
            raise ServiceError("该建议已公开。")
        if not suggestion.public_consent:
            raise ServiceError("领衔代表尚未同意公开，不能公开。")
        if not _has_public_reply(suggestion):
            raise ServiceError("该建议尚无已送达代表的答复，不能公开。")
        _refuse_personal_data(locked.title, locked.body, locked.reply)
        source = locked.status
        for name, value in _filter_fields(suggestion).items():
            setattr(locked, name, value)
        locked.status, locked.published_on = Publication.Status.PUBLISHED, _today()
        _index(locked)
        locked.save()
        _revision(locked, "publish", actor)
        _event(suggestion=suggestion, action="publish", actor=actor, from_status=suggestion.status,
               to_status=suggestion.status, data={"publication": locked.pk})
        _publication_audit(locked, "publish", actor, summary={"from": source})
    return locked


def publication_withdraw(*, publication: Publication, actor, reason: str) -> Publication:
    """撤下公开: the version leaves the public site (its page becomes a 404) and can be corrected and published
    again; the reason is kept in the suggestion's history."""
    reason = _text(reason)
    if not reason:
        raise ValidationError({"reason": "请填写撤下理由"})
    with transaction.atomic():
        suggestion = _lock(publication.suggestion)
        _require_office(actor, suggestion)
        locked = _lock_publication(publication)
        if locked.status != Publication.Status.PUBLISHED:
            raise ServiceError("该建议未公开，无需撤下。")
        locked.status = Publication.Status.WITHDRAWN
        locked.save(update_fields=["status", "updated_at"])
        _revision(locked, "withdraw", actor)
        _event(suggestion=suggestion, action="unpublish", actor=actor, from_status=suggestion.status,
               to_status=suggestion.status, note=reason, data={"publication": locked.pk})
        _publication_audit(locked, "withdraw", actor)
    return locked

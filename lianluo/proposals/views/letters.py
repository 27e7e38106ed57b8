"""Downloads of the Word letters (交办函, 答复函, 征询意见表) of a suggestion, and a unit's batch 交办函.

Who may download: the office (within its jurisdiction), the lead deputy, and the suggestion's own units. The
letters carry names, so each download leaves an audit row. Only a suggestion that has been referred has a 交办函,
and only a reply that has gone out (approved by the unit's leader) has a 答复函 and a 征询意见表.
"""

from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import Http404, HttpResponse

from lianluo.proposals import letters, permissions, selectors, workflow
from lianluo.proposals.models import Reply, Suggestion
from lianluo.proposals.services.letters import letters_batch_record, suggestion_letter_record

BATCH_MAX = 300  # a session's referrals to one unit are rarely more than a hundred


def _docx(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=letters.DOCX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _suggestion(user, pk: int) -> Suggestion:
    if not permissions.can_view_suggestions(user):
        raise PermissionDenied
    suggestion = selectors.suggestion_get(user=user, pk=pk)
    if not permissions.can_download_letters(user, suggestion):
        raise PermissionDenied
    return suggestion


def _sent_reply(suggestion: Suggestion, pk: int) -> Reply:
    reply = selectors.reply_get(suggestion=suggestion, pk=pk)
    if reply.status != Reply.Status.SENT:
        raise Http404
    return reply


@login_required
def letter_assignment(request, pk: int):
    suggestion = _suggestion(request.user, pk)
    if not suggestion.handlings.exclude(status=workflow.UNIT_RETURNED).exists():
        raise Http404  # not referred yet: no 交办函
    data = letters.assignment_letter(suggestion)
    suggestion_letter_record(suggestion=suggestion, letter="assignment", actor=request.user)
    return _docx(data, f"交办函_{suggestion.number_label}.docx")


@login_required
def letter_reply(request, pk: int, reply: int):
    suggestion = _suggestion(request.user, pk)
    found = _sent_reply(suggestion, reply)
    data = letters.reply_letter(found)
    suggestion_letter_record(suggestion=suggestion, letter="reply", reply=found, actor=request.user)
    return _docx(data, f"答复函_{suggestion.number_label}_第{found.round}轮.docx")


@login_required
def letter_feedback(request, pk: int, reply: int):
    suggestion = _suggestion(request.user, pk)
    found = _sent_reply(suggestion, reply)
    data = letters.feedback_form(found)
    suggestion_letter_record(suggestion=suggestion, letter="feedback", reply=found, actor=request.user)
    return _docx(data, f"征询意见表_{suggestion.number_label}_第{found.round}轮.docx")


def _ids(raw: str) -> list[int]:
    parts = raw.replace("，", ",").replace(" ", ",").split(",")
    return sorted({int(p) for p in parts if p.strip().isdigit()})[:BATCH_MAX]


@login_required
def letter_assignment_batch(request):
    user = request.user
    if not permissions.can_manage(user):
        raise PermissionDenied
    unit_raw, ids = request.GET.get("unit", ""), _ids(request.GET.get("ids", ""))
    if not unit_raw.isdigit() or not ids:
        raise BadRequest("请指定承办单位（unit）和要交办的建议（ids，以逗号分隔）。")
    unit = selectors.batch_unit_get(user=user, pk=int(unit_raw))
    if unit is None:
        raise Http404
    suggestions = selectors.batch_suggestions(user=user, unit=unit, ids=ids)
    if not suggestions:
        raise Http404
    data = letters.assignment_letter_batch(unit, suggestions)
    letters_batch_record(unit=unit, suggestions=suggestions, actor=user)
    return _docx(data, f"交办函_{unit.name}.docx")

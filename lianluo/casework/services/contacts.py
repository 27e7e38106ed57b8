"""Revealing the people's full contact data to the staff who call them back."""


from django.db import transaction

from lianluo.casework.models import Constituent, Issue
from lianluo.casework.permissions import can_view_contacts
from lianluo.core.audit import audit_record
from lianluo.core.errors import PermissionDeniedError


def issue_contacts_reveal(*, issue: Issue, actor) -> list[Constituent]:
    """The full contact data, for the staff who call the person back; every reveal is audited."""

    if not can_view_contacts(actor, issue):
        raise PermissionDeniedError("无权查看反映人的完整联系方式。")
    people = list(issue.constituents.all())
    with transaction.atomic():
        audit_record(action="issue.contacts_view", actor=actor, obj=issue,
                     summary={"number": issue.number, "people": len(people)})
    return people

"""Demo contacts: the province committee member of the demo (hn_changwei) and a few fixed deputies."""

import datetime

from lianluo.deputies.models import Contact, Mandate, Visit
from lianluo.deputies.services import contact_assign, visit_record
from lianluo.regions.models import StandingCommitteeMember


def load_demo_contacts() -> None:
    """Idempotent: links the member 王丽华 to the account hn_changwei and gives her three fixed deputies."""
    from lianluo.accounts.models import User

    user = User.objects.filter(username="hn_changwei").first()
    member = StandingCommitteeMember.objects.filter(committee__term__congress__region_id="43", name="王丽华").first()
    if user is None or member is None:
        return
    if member.user_id != user.pk:
        member.user = user
        member.save(update_fields=["user", "updated_at"])
    if Contact.objects.filter(member=member).exists():
        return
    mandates = Mandate.objects.filter(term_id=member.committee.term_id).order_by("id")[:3]
    start = member.committee.term.start_date + datetime.timedelta(days=60)
    contacts = [contact_assign(member=member, mandate=m, started_on=start) for m in mandates]
    if contacts and not Visit.objects.filter(contact=contacts[0]).exists():
        visit_record(contact=contacts[0], visited_on=datetime.date(2025, 9, 12), way="visit", place="长沙县星沙街道",
                     participants="省人大常委会代表联络处", heard="反映农村客运班线减少，群众出行不便。",
                     follow_up="协调省交通运输厅了解情况并答复代表", follow_up_due=datetime.date(2025, 10, 31))

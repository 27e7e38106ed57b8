"""Who may do what with suggestions and motions (the rows each person sees are decided in selectors.py).

- Liaison staff (联工委/人大办) act on the suggestions of the congress offices in their jurisdiction: review,
  assignment, decisions on return requests, supervision, disclosure, statistics.
- A deputy files and acts on suggestions they lead, and confirms or declines those they are invited to co-sign.
- A handling unit's officer signs for, contacts the deputy, sends opinions and drafts the reply; its leader also
  approves the reply (承办单位负责人审签). Units act only on their own organisation's part.
- Committee members and special-committee staff read the suggestions of their jurisdiction (key-suggestion
  supervision, review of motions); committee members who lead a key suggestion record supervision activities.
"""

from lianluo.accounts.roles import Role
from lianluo.accounts.scoping import covers
from lianluo.proposals import workflow

OFFICE = frozenset({Role.LIAISON_STAFF})
REGION_READERS = frozenset({Role.LIAISON_STAFF, Role.COMMITTEE_MEMBER, Role.SPECIAL_COMMITTEE_STAFF})
UNIT_READERS = frozenset({Role.UNIT_OFFICER, Role.UNIT_LEADER})
READERS = REGION_READERS | UNIT_READERS | {Role.DEPUTY}
SUPERVISORS = frozenset({Role.LIAISON_STAFF, Role.COMMITTEE_MEMBER})
MOTION_REVIEWERS = frozenset({Role.SPECIAL_COMMITTEE_STAFF, Role.LIAISON_STAFF})
MOTION_READERS = REGION_READERS | {Role.DEPUTY}


def _roles(user) -> frozenset:
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    return user.role_set()


def can_view_suggestions(user) -> bool:
    return bool(_roles(user) & READERS)


def can_file(user) -> bool:
    """Deputies file their own suggestions; the office keys in paper submissions on a deputy's behalf."""
    return bool(_roles(user) & {Role.DEPUTY, Role.LIAISON_STAFF})


def can_manage(user) -> bool:
    """The office's work: review, assignment, statistics, disclosure, imports."""
    return bool(_roles(user) & OFFICE)


def can_manage_region(user, region_code: str) -> bool:
    return can_manage(user) and covers(user, region_code, roles=OFFICE)


def can_view_statistics(user) -> bool:
    return bool(_roles(user) & (OFFICE | {Role.COMMITTEE_MEMBER}))


def can_view_key_suggestions(user) -> bool:
    """Key suggestions are the work of the office and of the standing committee's members who lead them."""
    return bool(_roles(user) & SUPERVISORS)


def can_view_unit_work(user) -> bool:
    return bool(_roles(user) & UNIT_READERS)


def can_view_motions(user) -> bool:
    return bool(_roles(user) & MOTION_READERS)


def unit_ids(user) -> set[int]:
    return {a.organisation_id for a in user.active_assignments() if a.role in UNIT_READERS and a.organisation_id}


def is_lead_deputy(user, suggestion) -> bool:
    return bool(_roles(user) & {Role.DEPUTY}) and suggestion.lead.person.user_id == user.pk


def suggestion_actors(user, suggestion) -> set[str]:
    """The workflow actors ``user`` is for ``suggestion``: the office within its jurisdiction, the lead deputy, and
    the staff of the unit that holds its lead part (whose leader's approval sends the reply)."""
    actors = set()
    if can_manage_region(user, suggestion.region_id):
        actors.add(workflow.LIAISON)
    if is_lead_deputy(user, suggestion):
        actors.add(workflow.DEPUTY)
    held = _roles(user) & UNIT_READERS
    if held and suggestion.handlings.filter(role=workflow.LEAD, unit_id__in=unit_ids(user)).exclude(
            status=workflow.UNIT_RETURNED).exists():
        actors |= {str(r) for r in held}
    return actors


def handling_actors(user, handling) -> set[str]:
    """Unit roles on the unit's own part only; the office (for decisions on return requests) within its
    jurisdiction; the lead deputy (a 不满意 rating reopens the lead unit's part)."""
    actors = set()
    held = _roles(user)
    if held & UNIT_READERS and handling.unit_id in unit_ids(user):
        actors |= {str(r) for r in held & UNIT_READERS}
    actors |= suggestion_actors(user, handling.suggestion)
    return actors


def can_supervise(user, suggestion) -> bool:
    """Supervision activities on a key suggestion: the office, and the standing-committee leaders named for it."""
    if can_manage_region(user, suggestion.region_id):
        return True
    if Role.COMMITTEE_MEMBER not in _roles(user) or not suggestion.is_key:
        return False
    supervision = getattr(suggestion, "key_supervision", None)
    return supervision is not None and supervision.leaders.filter(user=user).exists()


def motion_actors(user, motion) -> set[str]:
    actors = set()
    held = _roles(user)
    if Role.LIAISON_STAFF in held and covers(user, motion.region_id, roles=OFFICE):
        actors.add(workflow.LIAISON)
        if motion.lead_id is None:
            actors.add(workflow.FILING_OFFICE)
    if Role.SPECIAL_COMMITTEE_STAFF in held and covers(user, motion.region_id, roles=[Role.SPECIAL_COMMITTEE_STAFF]):
        actors.add(workflow.SPECIAL)
    if Role.DEPUTY in held and motion.lead_id and motion.lead.person.user_id == user.pk:
        actors.add(workflow.DEPUTY)
    return actors


def can_download_letters(user, suggestion) -> bool:
    """The office within its jurisdiction, the lead deputy, and staff of a unit holding a part of the suggestion
    (their part not returned). Other readers (committee members, co-signers) read the suggestion's page only."""
    if can_manage_region(user, suggestion.region_id) or is_lead_deputy(user, suggestion):
        return True
    units = unit_ids(user) if can_view_unit_work(user) else set()
    return bool(units) and suggestion.handlings.filter(unit_id__in=units).exclude(
        status=workflow.UNIT_RETURNED).exists()

"""Who may do what with constituent issues (the rows each person sees are decided in selectors.py).

Contact data: the people who call a constituent back — liaison staff and station managers — may reveal the
full name, phone number and address of the people behind an issue (each reveal is audited); everyone else,
units and deputies included, sees them masked (个人信息保护法 Art 6 minimum necessity, Art 51).
"""

from lianluo.accounts.roles import Role
from lianluo.accounts.scoping import covers

# Roles that see issues by region (the office's jurisdiction).
REGION_READERS = frozenset({Role.LIAISON_STAFF, Role.STATION_MANAGER, Role.COMMITTEE_MEMBER})
UNIT_READERS = frozenset({Role.UNIT_OFFICER, Role.UNIT_LEADER})
READERS = REGION_READERS | UNIT_READERS | {Role.DEPUTY}
STAFF = frozenset({Role.LIAISON_STAFF, Role.STATION_MANAGER})
CONTACT_READERS = STAFF
HOT_READERS = REGION_READERS
DRAFT_READERS = frozenset({Role.LIAISON_STAFF, Role.DEPUTY, Role.COMMITTEE_MEMBER})
DRAFT_WRITERS = frozenset({Role.LIAISON_STAFF, Role.DEPUTY})
CATEGORY_EDITORS = frozenset({Role.LIAISON_STAFF})


def _roles(user) -> frozenset:
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    return user.role_set()


def can_view_issues(user) -> bool:
    """Business roles that work with casework; administrators see no case content (DESIGN.md §2)."""
    return bool(_roles(user) & READERS)


def can_record_issue(user) -> bool:
    """Station staff's intake form (联络站登记)."""
    return bool(_roles(user) & STAFF)


def can_quick_record(user) -> bool:
    """A deputy's own record of what a constituent told them (代表记录)."""
    return Role.DEPUTY in _roles(user)


def can_view_contacts(user, issue) -> bool:
    return bool(_roles(user) & CONTACT_READERS) and covers(
        user, issue.station.region_id if issue.station_id else issue.region_id, roles=CONTACT_READERS
    )


def can_view_inbox(user) -> bool:
    return bool(_roles(user) & UNIT_READERS)


def can_view_hot(user) -> bool:
    return bool(_roles(user) & HOT_READERS)


def can_review_replies(user) -> bool:
    """The liaison offices read the replies to their constituents (答复核对)."""
    return Role.LIAISON_STAFF in _roles(user)


def can_refresh_hot(user) -> bool:
    """The liaison offices recompute their area's hot issues."""
    return Role.LIAISON_STAFF in _roles(user)


def can_view_drafts(user) -> bool:
    return bool(_roles(user) & DRAFT_READERS)


def can_escalate(user) -> bool:
    return bool(_roles(user) & DRAFT_WRITERS)


def can_view_categories(user) -> bool:
    return bool(_roles(user) & (REGION_READERS | {Role.DEPUTY}))


def can_import_categories(user, region_code: str) -> bool:
    """The office maintains its own category tree (liaison staff of that region or above)."""
    return bool(_roles(user) & CATEGORY_EDITORS) and covers(user, region_code, roles=CATEGORY_EDITORS)


def unit_ids(user) -> set[int]:
    return {a.organisation_id for a in user.active_assignments() if a.role in UNIT_READERS and a.organisation_id}


def action_roles(user, issue) -> set[str]:
    """The roles with which ``user`` may act on ``issue`` (for workflow.may): staff only within their
    jurisdiction, units only on issues forwarded to their own organisation."""
    roles = set()
    held = _roles(user)
    place = issue.station.region_id if issue.station_id else issue.region_id
    for role in held & STAFF:
        where = issue.region_id if role == Role.LIAISON_STAFF else place
        if covers(user, where, roles=[role]):
            roles.add(str(role))
    if held & UNIT_READERS and issue.unit_id and issue.unit_id in unit_ids(user):
        roles |= {str(r) for r in held & UNIT_READERS}
    return roles

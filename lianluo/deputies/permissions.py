"""Who may read and keep the deputy roster, and who keeps contacts and visits."""

from lianluo.accounts.roles import Role

ROSTER_READERS = frozenset({
    Role.LIAISON_STAFF, Role.COMMITTEE_MEMBER, Role.SPECIAL_COMMITTEE_STAFF, Role.ELECTION_STAFF,
    Role.STATION_MANAGER,
})
# The liaison office keeps the roll: imports, exports, changes, terminations, contact assignments.
ROSTER_KEEPERS = frozenset({Role.LIAISON_STAFF})
# Visits are recorded by the committee member (own contacts) or by the liaison office for them.
VISIT_RECORDERS = frozenset({Role.LIAISON_STAFF, Role.COMMITTEE_MEMBER})


def _roles(user) -> frozenset:
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    return user.role_set()


def can_view_roster(user) -> bool:
    """Staff who work with deputies read the roster of their jurisdiction (DESIGN.md §2)."""
    return bool(_roles(user) & ROSTER_READERS)


def can_keep_roster(user) -> bool:
    """Import, export, change and terminate mandates, assign fixed contacts: liaison staff."""
    return bool(_roles(user) & ROSTER_KEEPERS)


def can_view_contacts(user) -> bool:
    return bool(_roles(user) & VISIT_RECORDERS)


def can_see_identity(user, region_code: str) -> bool:
    """Whether exports may carry the full identity number and mobile of a deputy of the congress in region_code.

    Decision: only liaison staff assigned at that congress's own region (the office that keeps that roll) see
    them in full; the office of a higher level sees lower-level deputies masked, like every other reader
    (PIPL Art 51, minimum necessary; SECURITY.md B3).
    """
    if not getattr(user, "is_authenticated", False):
        return False
    return any(a.role == Role.LIAISON_STAFF and a.region_id == region_code for a in user.active_assignments())


def is_member_user(user, member) -> bool:
    """The committee member's own account (StandingCommitteeMember.user)."""
    return getattr(user, "is_authenticated", False) and member.user_id == user.pk and (
        Role.COMMITTEE_MEMBER in _roles(user)
    )

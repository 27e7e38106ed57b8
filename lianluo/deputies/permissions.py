"""Who may read the deputy roster."""

from lianluo.accounts.roles import Role

ROSTER_READERS = frozenset({
    Role.LIAISON_STAFF, Role.COMMITTEE_MEMBER, Role.SPECIAL_COMMITTEE_STAFF, Role.ELECTION_STAFF,
    Role.STATION_MANAGER,
})


def can_view_roster(user) -> bool:
    """Staff who work with deputies read the roster of their jurisdiction (DESIGN.md §2)."""
    return getattr(user, "is_authenticated", False) and bool(user.role_set() & ROSTER_READERS)

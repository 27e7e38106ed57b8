"""Who may run and read elections (DESIGN.md §2).

- election-committee staff (选举委员会工作人员) and liaison staff (联工委/人大办, who lead the county and township
  election committees' work) manage the elections of the congresses in their jurisdiction: constituencies, the
  roll, candidates, polling stations, tallies, results and certificates;
- committee members (常委会组成人员) read them;
- everyone else, administrators included, sees nothing here.
"""

from lianluo.accounts.roles import Role
from lianluo.accounts.scoping import covers

MANAGERS = frozenset({Role.ELECTION_STAFF, Role.LIAISON_STAFF})
READERS = MANAGERS | {Role.COMMITTEE_MEMBER}


def _has(user, roles) -> bool:
    return getattr(user, "is_authenticated", False) and bool(user.role_set() & set(roles))


def can_view_elections(user) -> bool:
    return _has(user, READERS)


def can_manage_elections(user) -> bool:
    return _has(user, MANAGERS)


def can_manage_in(user, region_code: str) -> bool:
    return can_manage_elections(user) and covers(user, region_code, roles=MANAGERS)


def can_manage(user, election) -> bool:
    return can_manage_in(user, election.region_id)

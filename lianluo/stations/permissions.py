"""Who may read and manage liaison stations (DESIGN.md §2).

- liaison staff (联工委/人大办): everything about the stations of their jurisdiction — create, edit, assign deputies,
  duty roster, receptions, figures;
- station managers (联络站管理员): the duty roster and the reception records of the stations in their assigned
  region, and read them;
- committee members (常委会组成人员): read the stations and figures of their jurisdiction;
- deputies (代表): read the stations they are assigned to, and their own shifts;
- administrators and the other roles: nothing here (administrators see no case content).

Which stations a user sees is decided by the selectors; these predicates answer "may this user do this here?".
"""

from lianluo.accounts.roles import Role
from lianluo.accounts.scoping import covers

STATION_EDITORS = frozenset({Role.LIAISON_STAFF})
ROSTER_KEEPERS = frozenset({Role.LIAISON_STAFF, Role.STATION_MANAGER})
STATION_READERS = frozenset({Role.LIAISON_STAFF, Role.STATION_MANAGER, Role.COMMITTEE_MEMBER})
FIGURE_READERS = STATION_READERS


def _has(user, roles) -> bool:
    return getattr(user, "is_authenticated", False) and bool(user.role_set() & set(roles))


def is_deputy(user) -> bool:
    return _has(user, {Role.DEPUTY})


def can_view_stations(user) -> bool:
    """Staff who work with stations read them in their jurisdiction; deputies read the stations they serve at."""
    return _has(user, STATION_READERS | {Role.DEPUTY})


def can_view_figures(user) -> bool:
    return _has(user, FIGURE_READERS)


def can_edit_stations(user) -> bool:
    """The kind of user who may create and edit stations and assign deputies (liaison staff)."""
    return _has(user, STATION_EDITORS)


def can_edit_station(user, station) -> bool:
    return can_edit_stations(user) and covers(user, station.region_id, roles=STATION_EDITORS)


def can_edit_in_region(user, region_code: str) -> bool:
    return can_edit_stations(user) and covers(user, region_code, roles=STATION_EDITORS)


def can_keep_rosters(user) -> bool:
    """The kind of user who may plan shifts and record receptions (liaison staff, station managers)."""
    return _has(user, ROSTER_KEEPERS)


def can_keep_roster(user, station) -> bool:
    return can_keep_rosters(user) and covers(user, station.region_id, roles=ROSTER_KEEPERS)


def can_view_own_shifts(user) -> bool:
    return is_deputy(user)

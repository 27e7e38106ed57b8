"""Permission-matrix rows for the stations module (see tests/permission_matrix.py for the conventions).

Who may do what (lianluo/stations/permissions.py): liaison staff manage the stations of their jurisdiction;
station managers keep the duty roster and reception records of the stations in their region; committee members
read; a deputy reads the stations he is assigned to (csx_daibiao: 星沙 only); everyone else, administrators included,
gets 403. A view checks the role first (403), then looks the station up in the reader's scope (404 outside).
"""

from permission_matrix import (
    ADMINS,
    ANON,
    API_EVERYONE,
    DEMO,
    EVERYONE,
    NOBODY,
    OUTSIDER,
    RESOLVERS,
    REVOKED_TOKEN,
    TOKEN,
    Case,
    Ref,
    rows,
)

XINGSHA, HETANG = "星沙街道代表联络站", "荷塘区代表联络站"
STATION_REGION = {XINGSHA: "430121001", HETANG: "430202", "长沙县人大代表之家": "430121"}
DEPUTY_STATIONS = {"csx_daibiao": {XINGSHA}}

LIAISON = {"hn_lianluo": "43", "cs_lianluo": "4301", "csx_lianluo": "430121", OUTSIDER: "4302", TOKEN: "43"}
MANAGERS = {"xs_zhanzhang": "430121001"}
COMMITTEE = {"hn_changwei": "43"}
SIGNED_IN = (*DEMO, NOBODY)

READ, ROSTER, EDIT = "read", "roster", "edit"


def _inside(region: str, station: str) -> bool:
    return STATION_REGION[station].startswith(region)


def expect(station: str, level: str, ok: int = 200, who=SIGNED_IN) -> dict:
    """The status each signed-in actor gets on a station route of the given level."""
    result = {}
    for actor in who:
        if actor in LIAISON:
            result[actor] = ok if _inside(LIAISON[actor], station) else 404
        elif actor in MANAGERS and level in (READ, ROSTER):
            result[actor] = ok if _inside(MANAGERS[actor], station) else 404
        elif actor in COMMITTEE and level == READ:
            result[actor] = ok if _inside(COMMITTEE[actor], station) else 404
        elif actor in DEPUTY_STATIONS and level == READ:
            result[actor] = ok if station in DEPUTY_STATIONS[actor] else 404
        else:
            result[actor] = 403
    return result


def writers(expectation: dict, ok: int) -> list[str]:
    return [actor for actor, status in expectation.items() if status == ok]


def station_rows(route: str, level: str, *, stations=(XINGSHA,), kwargs=None, method: str = "GET", data=None,
                 ok: int = 200, writes: bool = False, extra=("cs_lianluo", "csx_lianluo", "xs_zhanzhang")):
    """Everyone on the first station; the others for a few actors (the outside axis) and OUTSIDER everywhere."""
    cases = []
    for index, station in enumerate(stations):
        who = (*SIGNED_IN, OUTSIDER) if index == 0 else (*extra, OUTSIDER)
        expectation = expect(station, level, ok, who=who)
        route_kwargs = {"pk": Ref("station", station), **(kwargs(station) if kwargs else {})}
        cases += rows(route, expectation, method=method, kwargs=route_kwargs, data=data,
                      writes=writers(expectation, ok) if writes else (),
                      who=(*EVERYONE, OUTSIDER) if index == 0 else (*extra, OUTSIDER), note=station)
    return cases


# ---------------------------------------------------------------- resolvers (demo objects by station name)


def _station(name):
    from lianluo.stations.models import Station

    return Station.objects.get(name=name)


def _first_december_shift(name):
    return _station(name).shifts.filter(date__month=12).order_by("date").first()


def _free_mandate(world, name):
    """A serving 长沙县 deputy not yet at the station (for the assignment rows)."""
    from lianluo.deputies.models import Mandate

    station = _station(name)
    return (Mandate.objects.filter(region_id="430121", status="serving")
            .exclude(stations__station=station, stations__until__isnull=True).order_by("pk").first().pk)


def _off_shift_mandate(world, name):
    """A deputy of the station who is not on its first December shift (so setting them is a change)."""
    shift = _first_december_shift(name)
    on = set(shift.deputies.values_list("pk", flat=True))
    return next(m for m in _station(name).deputies.filter(until__isnull=True).order_by("pk")
                .values_list("mandate_id", flat=True) if m not in on)


RESOLVERS["station"] = lambda world, key: _station(key).pk
RESOLVERS["station_deputy"] = lambda world, key: _station(key).deputies.filter(until__isnull=True).order_by(
    "pk").first().pk
RESOLVERS["shift"] = lambda world, key: _first_december_shift(key).pk
RESOLVERS["reception"] = lambda world, key: _station(key).receptions.order_by("date", "pk").first().pk
RESOLVERS["free_mandate"] = _free_mandate
RESOLVERS["off_shift_mandate"] = _off_shift_mandate

NEW_STATION = {"name": "矩阵测试联络站", "kind": "station", "region": "430121003", "reception_weekdays": "3",
               "manager": "", "is_active": "on"}
EDIT_STATION = {"name": XINGSHA, "kind": "station", "region": "430121001", "reception_weekdays": "2",
                "address": "矩阵路8号", "manager": Ref("user", "xs_zhanzhang"), "is_active": "on"}
PLAN = {"year": 2027, "month": 3, "per_shift": 2}
RECEPTION = {"date": "2026-11-20", "visitors": "3", "summary": "矩阵测试接待",
             "deputies": Ref("off_shift_mandate", XINGSHA)}

STATIONS: list[Case] = [
    # The list: every station reader (a deputy sees his own stations), nobody else.
    *rows("stations:station_list", {**expect(XINGSHA, READ), "csx_daibiao": 200}),
    *rows("stations:station_list", {"*": 200}, who=[OUTSIDER], note="sees only 株洲"),
    *rows("stations:station_create", expect(XINGSHA, EDIT)),
    *rows("stations:station_create", {**expect(XINGSHA, EDIT, ok=302)}, method="POST", data=NEW_STATION,
          writes=writers(expect(XINGSHA, EDIT, ok=302), 302)),
    *rows("stations:station_create", {OUTSIDER: 400}, method="POST", data=NEW_STATION, who=[OUTSIDER],
          note="a region outside is not offered"),
    # Figures: from the reader's own region down; another region outside is a 404.
    *rows("stations:figures", {**dict.fromkeys(SIGNED_IN, 403),
                               **dict.fromkeys(["hn_lianluo", "cs_lianluo", "csx_lianluo", "xs_zhanzhang",
                                                "hn_changwei"], 200)}),
    *rows("stations:figures", {"hn_lianluo": 200, "csx_lianluo": 404, "hn_changwei": 200, OUTSIDER: 200},
          data={"region": "4302"}, who=["hn_lianluo", "csx_lianluo", "hn_changwei", OUTSIDER], note="株洲市"),
    *rows("stations:my_stations", {**dict.fromkeys(SIGNED_IN, 403), "csx_daibiao": 200}),
    # One station: read.
    *station_rows("stations:station_detail", READ, stations=(XINGSHA, HETANG, "长沙县人大代表之家"),
                  extra=(*SIGNED_IN,)),
    *station_rows("stations:poster", READ, stations=(XINGSHA, HETANG)),
    *rows("stations:reception_detail", expect(XINGSHA, READ), kwargs={"pk": Ref("reception", XINGSHA)}),
    *rows("stations:reception_detail", expect(HETANG, READ, who=("cs_lianluo", "hn_lianluo", "csx_daibiao")),
          kwargs={"pk": Ref("reception", HETANG)}, who=["cs_lianluo", "hn_lianluo", "csx_daibiao"]),
    # Edit and assign: liaison staff of the jurisdiction.
    *station_rows("stations:station_edit", EDIT, stations=(XINGSHA, HETANG)),
    *station_rows("stations:station_edit", EDIT, method="POST", data=EDIT_STATION, ok=302, writes=True),
    *station_rows("stations:station_deputies", EDIT, stations=(XINGSHA, HETANG)),
    *station_rows("stations:station_deputies", EDIT, method="POST", ok=302, writes=True,
                  data={"mandate": Ref("free_mandate", XINGSHA)}),
    # Release is POST-only: a GET is 405 before anything else.
    *rows("stations:station_deputy_release", {"*": 405, ANON: 405},
          kwargs={"pk": Ref("station", XINGSHA), "assignment_pk": Ref("station_deputy", XINGSHA)}),
    *station_rows("stations:station_deputy_release", EDIT, method="POST", ok=302, writes=True,
                  data={"until": "2026-12-31"},
                  kwargs=lambda station: {"assignment_pk": Ref("station_deputy", station)}),
    # The roster and receptions: liaison staff and the station manager.
    *station_rows("stations:shift_plan", ROSTER, stations=(XINGSHA, HETANG)),
    *station_rows("stations:shift_plan", ROSTER, method="POST", data=PLAN, ok=302, writes=True),
    *rows("stations:shift_edit", expect(XINGSHA, ROSTER), kwargs={"pk": Ref("shift", XINGSHA)}),
    *rows("stations:shift_edit", expect(HETANG, ROSTER, who=("cs_lianluo", "xs_zhanzhang", "hn_lianluo")),
          kwargs={"pk": Ref("shift", HETANG)}, who=["cs_lianluo", "xs_zhanzhang", "hn_lianluo"]),
    *rows("stations:shift_edit", expect(XINGSHA, ROSTER, ok=302), method="POST",
          kwargs={"pk": Ref("shift", XINGSHA)}, data={"deputies": Ref("off_shift_mandate", XINGSHA)},
          writes=writers(expect(XINGSHA, ROSTER, ok=302), 302)),
    *station_rows("stations:reception_create", ROSTER, stations=(XINGSHA, HETANG)),
    *station_rows("stations:reception_create", ROSTER, method="POST", data=RECEPTION, ok=302, writes=True),
    # The JSON API shares the selectors.
    *rows("api-1.0.0:station_list", {**expect(XINGSHA, READ), "csx_daibiao": 200, TOKEN: 200, REVOKED_TOKEN: 401,
                                     **dict.fromkeys(ADMINS, 403)}, who=API_EVERYONE),
    *rows("api-1.0.0:station_detail", expect(XINGSHA, READ), kwargs={"station_id": Ref("station", XINGSHA)}),
    *rows("api-1.0.0:station_detail", expect(HETANG, READ), kwargs={"station_id": Ref("station", HETANG)}),
]

"""Permission-matrix rows for the portal module (see tests/permission_matrix.py for the conventions).

The public pages are open to everyone: anonymous visitors and signed-in users alike get them, including an
account that must still change its starting password and an administrator without the second factor (the session
policy leaves /public/ alone; the half-signed-in administrator is signed out on the way). A successful
submission needs a check question shown to the same session, so the form's POST row here is the unanswered one
(nothing written); the successful path is tested in lianluo/portal/tests/test_portal.py.
"""

from permission_matrix import ANON, DEMO, FRESH, HALF, NOBODY, RESOLVERS, Case, Ref, rows


def _station_key(world, region_code: str) -> str:
    """The public key of an active station in ``region_code`` (one is made when the demo world has none)."""
    from lianluo.stations.models import Station

    station = Station.objects.filter(region_id=region_code, is_active=True).order_by("pk").first()
    if station is None:
        station = Station.objects.create(name="矩阵测试联络站", region_id=region_code, address="矩阵路1号")
    return station.public_key


def _query_code(world, state: str) -> str:
    """The query code of a fresh web issue at a 星沙街道 station: just received, or answered and awaiting a rating."""
    from lianluo.accounts.models import User
    from lianluo.casework import services
    from lianluo.stations.models import Station

    station = Station.objects.get(public_key=_station_key(world, "430121001"))
    issue = services.issue_submit(region=station.region, station=station, channel="web", title="矩阵示例意见",
                                  content="矩阵测试用的群众意见内容。", constituents=[{"mobile": "13907319876"}],
                                  actor_label="群众（网上反映）")
    if state == "answered":
        staff = User.objects.get(username="csx_lianluo")
        services.issue_accept(issue=issue, actor=staff)
        services.issue_handle(issue=issue, answer="矩阵测试答复。", actor=staff)
    return issue.query_code


RESOLVERS["portal_station"] = _station_key
RESOLVERS["query_code"] = _query_code

STATION = {"public_key": Ref("portal_station", "430121001")}
UNANSWERED = {"title": "矩阵标题", "content": "矩阵测试内容，五个字以上。", "mobile": "13907319876",
              "wants_answer": "1", "consent": "on", "challenge_answer": "3"}

PUBLIC = {ANON: 200, FRESH: 200, HALF: 200, "*": 200}

PORTAL: list[Case] = [
    *rows("portal:station_form", PUBLIC, kwargs=STATION),
    *rows("portal:station_form", PUBLIC, method="POST", kwargs=STATION, data=UNANSWERED,
          note="no check question shown: form again, nothing written"),
    *rows("portal:station_form", {ANON: 404, "*": 404, FRESH: 404, HALF: 404}, kwargs={"public_key": "nosuchstation"},
          who=[ANON, "csx_lianluo"], note="unknown station"),
    *rows("portal:follow", PUBLIC),
    *rows("portal:follow", PUBLIC, method="POST", data={"code": Ref("query_code", "received")},
          note="the right code: a read"),
    *rows("portal:follow", PUBLIC, method="POST",
          data={"code": Ref("query_code", "answered"), "satisfaction": "satisfied"},
          writes=[ANON, *DEMO, NOBODY, FRESH, HALF], note="rating the answer"),
]

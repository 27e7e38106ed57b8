"""Permission-matrix rows for the casework module (see tests/permission_matrix.py for the conventions).

Readers of case content: liaison staff, station managers, committee members (by region), deputies (their own
records and their stations), unit staff (issues forwarded to their unit). Special-committee and election staff,
the three administrators and accounts without roles get 403; an issue outside the reader's scope is a 404.
"""

from permission_matrix import (
    API_EVERYONE,
    EVERYONE,
    RESOLVERS,
    REVOKED_TOKEN,
    TOKEN,
    Case,
    Ref,
    rows,
)

LIAISON = ("hn_lianluo", "cs_lianluo", "csx_lianluo")
STAFF = (*LIAISON, "xs_zhanzhang")
UNITS = ("csx_zhujian", "csx_zhujian_fz")
REGION_READERS = (*STAFF, "hn_changwei")
READERS = (*REGION_READERS, "csx_daibiao", *UNITS)
DRAFT_READERS = (*LIAISON, "csx_daibiao", "hn_changwei")

# Demo issues (lianluo/demo/casework.py), looked up by title.
FORWARDED = Ref("issue", "安置小区楼顶渗水无人维修")  # 长沙县, 星沙 station, forwarded to 长沙县住建局
RECEIVED = Ref("issue", "社区养老服务点开放时间短")  # 长沙县, 星沙 station, 待受理
TOWNSHIP = Ref("issue", "村卫生室常用药品短缺")  # 长沙县, 黄花镇 station, 已受理
CITY = Ref("issue", "岳麓山景区周边节假日交通拥堵")  # 长沙市
DRAFT = Ref("draft", "关于加强住宅小区物业服务监管的建议")

RESOLVERS["issue"] = lambda world, key: __import__(
    "lianluo.casework.models", fromlist=["Issue"]).Issue.objects.get(title=key).pk
RESOLVERS["draft"] = lambda world, key: __import__(
    "lianluo.casework.models", fromlist=["SuggestionDraft"]).SuggestionDraft.objects.get(title=key).pk


def only(allowed, status=200, other=403) -> dict:
    return {**dict.fromkeys(allowed, status), "*": other}


NEW_ISSUE = {"office": "430121", "channel": "phone", "received_on": "2026-11-02", "title": "矩阵：电话反映积水",
             "content": "小区门口积水。", "name": "矩阵群众", "mobile": "13800003333", "wants_answer": "on"}
QUICK = {"title": "矩阵：路口缺少斑马线", "content": "学校路口。", "place": "星沙"}
DRAFT_DATA = {"issue": TOWNSHIP, "title": "矩阵：关于村卫生室药品配备的建议", "body": "建议……"}
API_NEW = {"region": "430121", "title": "矩阵接口登记", "content": "内容",
           "constituents": [{"name": "矩阵群众", "mobile": "13800004444"}]}

CASEWORK: list[Case] = [
    # ---- pages
    *rows("casework:issue_list", only(READERS)),
    *rows("casework:issue_create", only(STAFF)),
    *rows("casework:issue_create", {**only(STAFF, 302), "hn_lianluo": 400, "cs_lianluo": 400}, method="POST",
          data=NEW_ISSUE, writes=["csx_lianluo", "xs_zhanzhang"],
          note="staff record at their own office; 长沙县 is not the province's or the city's intake office"),
    *rows("casework:issue_quick", only(["csx_daibiao"])),
    *rows("casework:issue_quick", only(["csx_daibiao"], 302), method="POST", data=QUICK, writes=["csx_daibiao"]),
    *rows("casework:unit_inbox", only(UNITS)),
    *rows("casework:hot_issues", only(REGION_READERS)),
    *rows("casework:hot_refresh", only(LIAISON, 302), method="POST", writes=LIAISON,
          note="recomputes the office's hot issues (an audit row)"),
    *rows("casework:reply_review", only(LIAISON)),
    *rows("casework:category_list", only([*REGION_READERS, "csx_daibiao"])),
    *rows("casework:category_list", {**only([*REGION_READERS, "csx_daibiao"], 403), **dict.fromkeys(LIAISON, 400)},
          method="POST", data={"office": "430121"}, note="no file: refused, nothing written"),
    *rows("casework:draft_list", only(DRAFT_READERS)),
    *rows("casework:draft_create", only([*LIAISON, "csx_daibiao"])),
    *rows("casework:draft_create", {**only(LIAISON, 302), "csx_daibiao": 400}, method="POST", data=DRAFT_DATA,
          writes=LIAISON, note="the deputy does not see a 黄花镇 station issue"),
    *rows("casework:draft_detail", only(DRAFT_READERS), kwargs={"pk": DRAFT}),
    *rows("casework:issue_detail", only(READERS), kwargs={"pk": FORWARDED}),
    *rows("casework:issue_detail", {"cs_lianluo": 200, "hn_lianluo": 200, "hn_changwei": 200,
                                    **dict.fromkeys(["csx_lianluo", "xs_zhanzhang", "csx_daibiao", *UNITS], 404),
                                    "*": 403}, kwargs={"pk": CITY}, note="长沙市 issue"),
    *rows("casework:issue_detail", {**only(REGION_READERS), **dict.fromkeys(UNITS, 404), "csx_daibiao": 404,
                                    "xs_zhanzhang": 404}, kwargs={"pk": TOWNSHIP},
          note="黄花镇 station: not the 星沙 manager's or the deputy's"),
    *rows("casework:issue_contacts", {"*": 405, "anonymous": 405}, kwargs={"pk": FORWARDED}),
    *rows("casework:issue_contacts", only(STAFF), method="POST", kwargs={"pk": FORWARDED}, writes=STAFF,
          note="full contact data only for the staff who call back; each reveal is audited"),
    *rows("casework:issue_action", {"*": 405, "anonymous": 405}, kwargs={"pk": RECEIVED, "action": "accept"}),
    *rows("casework:issue_action", {**only(STAFF, 302), **dict.fromkeys(UNITS, 404)}, method="POST",
          kwargs={"pk": RECEIVED, "action": "accept"}, data={"accept-note": "受理"}, writes=STAFF),
    *rows("casework:issue_action", {**only([*UNITS, *LIAISON], 302)}, method="POST",
          kwargs={"pk": FORWARDED, "action": "feedback"}, data={"feedback-feedback": "已整改"},
          writes=[*UNITS, *LIAISON], note="the unit (or liaison staff on its behalf) feeds back"),
    *rows("casework:issue_action", {**only(STAFF, 409), **dict.fromkeys(UNITS, 404), "csx_daibiao": 404},
          method="POST",
          kwargs={"pk": TOWNSHIP, "action": "accept"}, data={"accept-note": "再次受理"},
          who=[a for a in EVERYONE if a != "xs_zhanzhang"], note="already accepted: refused, nothing written"),
    *rows("casework:issue_action", {"xs_zhanzhang": 404}, method="POST", kwargs={"pk": TOWNSHIP, "action": "accept"},
          data={"accept-note": "再次受理"}, who=["xs_zhanzhang"], note="another station's issue"),
    # ---- API
    *rows("api-1.0.0:issue_list", {**only([*READERS, TOKEN]), REVOKED_TOKEN: 401}, who=API_EVERYONE),
    *rows("api-1.0.0:issue_create", {**only([*READERS, TOKEN]), REVOKED_TOKEN: 401}, who=API_EVERYONE),
    *rows("api-1.0.0:issue_list", {"*": 422, REVOKED_TOKEN: 401}, method="POST", data={}, who=API_EVERYONE,
          note="the body is checked before anything else"),
    *rows("api-1.0.0:issue_create", {**only([*STAFF, TOKEN], 201), REVOKED_TOKEN: 401}, method="POST",
          data=API_NEW, who=API_EVERYONE, writes=[*STAFF, TOKEN]),
    *rows("api-1.0.0:issue_detail", {**only([*READERS, TOKEN]), REVOKED_TOKEN: 401}, kwargs={"issue_id": FORWARDED},
          who=API_EVERYONE),
    *rows("api-1.0.0:issue_detail", {"cs_lianluo": 200, "hn_lianluo": 200, "hn_changwei": 200, TOKEN: 200,
                                     **dict.fromkeys(["csx_lianluo", "xs_zhanzhang", "csx_daibiao", *UNITS], 404),
                                     REVOKED_TOKEN: 401, "*": 403}, kwargs={"issue_id": CITY}, who=API_EVERYONE,
          note="长沙市 issue"),
    *rows("api-1.0.0:issue_transition", {**only([*STAFF, TOKEN]), **dict.fromkeys(UNITS, 404), REVOKED_TOKEN: 401},
          method="POST", kwargs={"issue_id": RECEIVED}, data={"action": "accept"}, who=API_EVERYONE,
          writes=[*STAFF, TOKEN]),
]

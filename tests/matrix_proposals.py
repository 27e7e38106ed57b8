"""Permission-matrix rows for suggestions (see tests/permission_matrix.py for the conventions).

Readers: liaison staff, committee members and special-committee staff see the suggestions of their jurisdiction
(not drafts); the deputy sees what he leads or co-signs; unit staff see what is referred to their unit. Station
managers, election staff, administrators and accounts without roles get 403; a suggestion outside the reader's
scope is a 404. Within a suggestion, only the holder of a part may act on it.
"""

from permission_matrix import API_EVERYONE, EVERYONE, RESOLVERS, REVOKED_TOKEN, TOKEN, Case, Ref, rows


def _suggestion(title: str):
    from lianluo.proposals.models import Suggestion

    return Suggestion.objects.get(title=title)


RESOLVERS["suggestion"] = lambda world, key: _suggestion(key).pk
RESOLVERS["lead_part"] = lambda world, key: _suggestion(key).handlings.get(role="lead").pk
RESOLVERS["reply_of"] = lambda world, key: _suggestion(key).replies.order_by("-id").first().pk
RESOLVERS["attachment_of"] = lambda world, key: _suggestion(key).attachments.order_by("id").first().pk
RESOLVERS["deputy_mandate"] = lambda world, key: __import__(
    "lianluo.deputies.models", fromlist=["Mandate"]).Mandate.objects.get(person__user__username=key).pk

LIAISON = ("hn_lianluo", "cs_lianluo", "csx_lianluo")
HOUSING = ("csx_zhujian", "csx_zhujian_fz")
REGION = (*LIAISON, "hn_changwei", "hn_zhuanwei")
READERS = (*REGION, *HOUSING, "csx_daibiao")
FILERS = (*LIAISON, "csx_daibiao")

DRAFT = Ref("suggestion", "关于在星沙街道增设公共充电设施的建议")  # the deputy's own draft
SUBMITTED = Ref("suggestion", "关于缓解城区学校学位紧张的建议")  # the deputy co-signs; has an attachment
RETURNED = Ref("suggestion", "关于修缮我家门前道路的建议")  # the deputy's, returned
PENDING = Ref("suggestion", "关于加强住宅小区物业服务监管的建议")  # referred to housing, not yet signed for
SIGNED = Ref("suggestion", "关于推进老旧小区加装电梯的建议")  # housing handles it; the deputy has no part
AWAITING = Ref("suggestion", "关于整治城区易涝点的建议")  # the housing bureau's reply awaits its leader
REPLIED = Ref("suggestion", "关于规范小区停车收费的建议")  # the deputy's, replied, awaiting his rating
CITY = Ref("suggestion", "关于加快长沙地铁线网向县域延伸的建议")  # 长沙市
PROVINCE = Ref("suggestion", "关于支持湘江流域生态补偿机制建设的建议")  # the province


def only(allowed, status=200, other=403) -> dict:
    return {**dict.fromkeys(allowed, status), "*": other}


NEW = {"lead": Ref("deputy_mandate", "csx_daibiao"), "title": "矩阵：关于增设社区阅览室的建议",
       "body": "社区居民阅读场所不足，建议利用闲置用房增设社区阅览室，并配备图书和管理人员。", "save": "1"}

PROPOSALS: list[Case] = [
    *rows("proposals:suggestion_list", only(READERS)),
    *rows("proposals:suggestion_create", only(FILERS)),
    *rows("proposals:suggestion_create", {**only(FILERS, 302)}, method="POST", data=NEW, writes=FILERS,
          note="the deputy files his own; offices key in for a deputy of their jurisdiction"),
    *rows("proposals:unit_inbox", only(HOUSING)),
    *rows("proposals:bulk_assign", only(LIAISON)),
    *rows("proposals:bulk_assign", only(LIAISON, 400), method="POST", data={"note": "矩阵"},
          note="no unit chosen: refused, nothing written"),
    # ---- one suggestion: who sees it
    *rows("proposals:suggestion_detail", {**only(READERS), "hn_changwei": 200}, kwargs={"pk": PENDING},
          note="the deputy co-signs; referred to housing"),
    *rows("proposals:suggestion_detail", {**only(REGION + HOUSING), "csx_daibiao": 404}, kwargs={"pk": SIGNED}),
    *rows("proposals:suggestion_detail", {**only(["csx_daibiao"]), **dict.fromkeys(REGION + HOUSING, 404)},
          kwargs={"pk": DRAFT}, note="a draft is the deputy's own until submitted"),
    *rows("proposals:suggestion_detail", {**only(["hn_lianluo", "cs_lianluo", "hn_changwei", "hn_zhuanwei"]),
                                          **dict.fromkeys(["csx_lianluo", *HOUSING, "csx_daibiao"], 404)},
          kwargs={"pk": CITY}, note="长沙市: not the county's"),
    *rows("proposals:suggestion_detail", {**only(["hn_lianluo", "hn_changwei", "hn_zhuanwei"]),
                                          **dict.fromkeys(["cs_lianluo", "csx_lianluo", *HOUSING, "csx_daibiao"],
                                                          404)},
          kwargs={"pk": PROVINCE}, note="the province"),
    *rows("proposals:suggestion_edit", {**only(["csx_daibiao", *LIAISON]), **dict.fromkeys(HOUSING, 404)},
          kwargs={"pk": RETURNED}, note="the lead deputy or the office revises a returned suggestion"),
    *rows("proposals:suggestion_edit", {**only(["csx_daibiao", *LIAISON], 302), **dict.fromkeys(HOUSING, 404)},
          method="POST", kwargs={"pk": RETURNED}, writes=["csx_daibiao", *LIAISON],
          data={"title": "关于修缮村组道路的建议",
                "body": "某村组道路坑洼多年，雨天积水，影响群众出行，建议纳入农村公路提质改造计划。"}),
    *rows("proposals:attachment_download", {**only(REGION + ("csx_daibiao",)), **dict.fromkeys(HOUSING, 404)},
          kwargs={"pk": SUBMITTED, "attachment": Ref("attachment_of", "关于缓解城区学校学位紧张的建议")}),
    # ---- actions on a suggestion
    *rows("proposals:suggestion_action", {"*": 405, "anonymous": 405}, kwargs={"pk": SUBMITTED, "action": "accept"}),
    *rows("proposals:suggestion_action", {**only(LIAISON, 302), **dict.fromkeys(HOUSING, 404)}, method="POST",
          kwargs={"pk": SUBMITTED, "action": "accept"}, data={"accept-note": "立案"}, writes=LIAISON,
          note="review is the office's; the co-signing deputy may not"),
    *rows("proposals:suggestion_action", {**only(["csx_daibiao", *LIAISON], 302), **dict.fromkeys(HOUSING, 403)},
          method="POST", kwargs={"pk": REPLIED, "action": "rate"},
          data={"rate-satisfaction": "satisfied"}, writes=["csx_daibiao", *LIAISON],
          note="the lead deputy rates, or the office keys in the paper feedback form"),
    *rows("proposals:suggestion_action", {**only(["csx_daibiao"], 409), **dict.fromkeys(REGION + HOUSING, 404)},
          method="POST", kwargs={"pk": DRAFT, "action": "rate"}, data={"rate-satisfaction": "satisfied"},
          note="not replied yet: refused, nothing written"),
    # ---- a unit's part and its reply
    *rows("proposals:handling_action", {"*": 405, "anonymous": 405},
          kwargs={"pk": PENDING, "handling": Ref("lead_part", "关于加强住宅小区物业服务监管的建议"), "action": "sign"}),
    *rows("proposals:handling_action", {**only(HOUSING, 302)}, method="POST", writes=HOUSING,
          kwargs={"pk": PENDING, "handling": Ref("lead_part", "关于加强住宅小区物业服务监管的建议"), "action": "sign"},
          note="only the unit signs for its part"),
    *rows("proposals:reply_action", {"*": 405, "anonymous": 405},
          kwargs={"pk": AWAITING, "reply": Ref("reply_of", "关于整治城区易涝点的建议"), "action": "approve"}),
    *rows("proposals:reply_action", {**only(["csx_zhujian_fz"], 302), "csx_daibiao": 404}, method="POST",
          writes=["csx_zhujian_fz"],
          kwargs={"pk": AWAITING, "reply": Ref("reply_of", "关于整治城区易涝点的建议"), "action": "approve"},
          note="only the unit's leader approves (审签)"),
]

API_NEW = {"lead": Ref("deputy_mandate", "csx_daibiao"), "title": "矩阵：关于增设社区阅览室的建议",
           "body": "社区居民阅读场所不足，建议利用闲置用房增设社区阅览室，并配备图书和管理人员。"}
PENDING_PART = Ref("lead_part", "关于加强住宅小区物业服务监管的建议")

PROPOSALS_API: list[Case] = [
    *rows("api-1.0.0:suggestion_list", {**only([*READERS, TOKEN]), REVOKED_TOKEN: 401}, who=API_EVERYONE),
    *rows("api-1.0.0:suggestion_list", {"*": 422, REVOKED_TOKEN: 401}, method="POST", data={}, who=API_EVERYONE,
          note="the body is checked before anything else"),
    *rows("api-1.0.0:suggestion_create", {**only([*READERS, TOKEN]), REVOKED_TOKEN: 401}, who=API_EVERYONE),
    *rows("api-1.0.0:suggestion_create", {**only([*FILERS, TOKEN], 201), REVOKED_TOKEN: 401}, method="POST",
          data=API_NEW, who=API_EVERYONE, writes=[*FILERS, TOKEN]),
    *rows("api-1.0.0:suggestion_detail", {**only([*READERS, TOKEN]), REVOKED_TOKEN: 401}, kwargs={
        "suggestion_id": PENDING}, who=API_EVERYONE),
    *rows("api-1.0.0:suggestion_detail", {**only(["hn_lianluo", "cs_lianluo", "hn_changwei", "hn_zhuanwei", TOKEN]),
                                          **dict.fromkeys(["csx_lianluo", *HOUSING, "csx_daibiao"], 404),
                                          REVOKED_TOKEN: 401}, kwargs={"suggestion_id": CITY}, who=API_EVERYONE,
          note="长沙市"),
    *rows("api-1.0.0:suggestion_transition", {**only([*LIAISON, TOKEN]), **dict.fromkeys(HOUSING, 404),
                                              REVOKED_TOKEN: 401}, method="POST",
          kwargs={"suggestion_id": SUBMITTED}, data={"action": "accept"}, who=API_EVERYONE,
          writes=[*LIAISON, TOKEN]),
    *rows("api-1.0.0:handling_transition", {**only(HOUSING), REVOKED_TOKEN: 401}, method="POST",
          kwargs={"suggestion_id": PENDING, "handling_id": PENDING_PART}, data={"action": "sign"}, who=API_EVERYONE,
          writes=HOUSING, note="only the unit signs for its part"),
]

assert all(case.who in EVERYONE for case in PROPOSALS)

"""Permission-matrix rows for the suggestion letters (交办函, 答复函, 征询意见表) and the office's Excel import (see
tests/permission_matrix.py for the conventions).

Letters: the office within its jurisdiction, the lead deputy and the suggestion's own units download them (each
download writes an audit row); committee members and special-committee staff read the suggestion but get 403 for
its letters; a co-signer gets 403; a suggestion outside the reader's scope is a 404, and so are a suggestion not yet
referred (no 交办函) and a reply not yet sent. The batch 交办函 and the import pages are the office's only.
"""

from permission_matrix import OUTSIDER, RESOLVERS, Case, Ref, rows

LIAISON = ("hn_lianluo", "cs_lianluo", "csx_lianluo")
UNITS = ("csx_zhujian", "csx_zhujian_fz")  # 长沙县住房和城乡建设局
HOUSING = "长沙县住房和城乡建设局"

# Demo suggestions of 长沙县 (lianluo/demo/proposals.py), looked up by title.
PARKING = "关于规范小区停车收费的建议"  # 第6号, replied: 住建局, led by 黄志勇 (csx_daibiao)
SCHOOL = "关于加强校园周边交通安全管理的建议"  # 第7号, closed: 教育局 and 交通运输局, led by 黄志勇
PROPERTY = "关于加强住宅小区物业服务监管的建议"  # 第3号, referred to 住建局 (+教育局); 黄志勇 only co-signs
FLOODING = "关于整治城区易涝点的建议"  # 第5号: 住建局's reply awaits its leader's approval (not sent)
BUS = "关于优化黄花镇至星沙城区公交线路的建议"  # 第1号, accepted, not referred


def _model(name):
    return getattr(__import__("lianluo.proposals.models", fromlist=[name]), name)


def _housing_ids(world, key):
    handling = _model("Handling")
    ids = handling.objects.filter(unit__name=key).values_list("suggestion_id", flat=True).distinct()
    return ",".join(str(pk) for pk in sorted(ids))


RESOLVERS["lt_suggestion"] = lambda world, key: _model("Suggestion").objects.get(title=key).pk
RESOLVERS["lt_reply"] = lambda world, key: _model("Reply").objects.filter(suggestion__title=key).order_by(
    "-id").values_list("pk", flat=True)[0]
RESOLVERS["lt_unit"] = lambda world, key: __import__(
    "lianluo.regions.models", fromlist=["Organisation"]).Organisation.objects.get(name=key).pk
RESOLVERS["lt_unit_ids"] = _housing_ids


def only(allowed, status=200, other=403) -> dict:
    return {**dict.fromkeys(allowed, status), "*": other}


def _reply_kwargs(title):
    return {"pk": Ref("lt_suggestion", title), "reply": Ref("lt_reply", title)}


# Everyone else signed in gets 403: committee members and special-committee staff read these suggestions but do not
# get their letters; station managers, election staff, administrators and role-less accounts read no suggestions.
DOWNLOADERS = (*LIAISON, "csx_daibiao", *UNITS)
BATCH = {"unit": Ref("lt_unit", HOUSING), "ids": Ref("lt_unit_ids", HOUSING)}

LETTERS: list[Case] = [
    # ---- one suggestion's letters
    *rows("proposals:letter_assignment", only(DOWNLOADERS), kwargs={"pk": Ref("lt_suggestion", PARKING)},
          writes=DOWNLOADERS),
    *rows("proposals:letter_reply", only(DOWNLOADERS), kwargs=_reply_kwargs(PARKING), writes=DOWNLOADERS),
    *rows("proposals:letter_feedback", only(DOWNLOADERS), kwargs=_reply_kwargs(PARKING), writes=DOWNLOADERS),
    *rows("proposals:letter_reply", {**only([*LIAISON, "csx_daibiao"]), **dict.fromkeys(UNITS, 404)},
          kwargs=_reply_kwargs(SCHOOL), writes=[*LIAISON, "csx_daibiao"],
          note="another unit's suggestion is outside the housing bureau's scope"),
    *rows("proposals:letter_assignment", {**only([*LIAISON, *UNITS]), "csx_daibiao": 403},
          kwargs={"pk": Ref("lt_suggestion", PROPERTY)}, writes=[*LIAISON, *UNITS],
          note="a co-signer reads the suggestion but does not get its letters"),
    *rows("proposals:letter_assignment", only([*LIAISON, "csx_daibiao", *UNITS], 404),
          kwargs={"pk": Ref("lt_suggestion", BUS)},
          note="not referred yet: no 交办函 (and not the deputy's or the unit's: 404 too)"),
    *rows("proposals:letter_reply", only([*LIAISON, *UNITS, "csx_daibiao"], 404), kwargs=_reply_kwargs(FLOODING),
          note="the reply is not sent yet (another deputy's suggestion: 404 for csx_daibiao too)"),
    *rows("proposals:letter_feedback", only([*LIAISON, *UNITS, "csx_daibiao"], 404), kwargs=_reply_kwargs(FLOODING),
          note="the reply is not sent yet"),
    *rows("proposals:letter_reply", {"*": 404}, kwargs=_reply_kwargs(PARKING), who=[OUTSIDER],
          note="株洲市 office: outside"),
    *rows("proposals:letter_assignment", {"*": 404}, kwargs={"pk": Ref("lt_suggestion", PARKING)}, who=[OUTSIDER],
          note="株洲市 office: outside"),
    *rows("proposals:letter_feedback", {"*": 404}, kwargs=_reply_kwargs(PARKING), who=[OUTSIDER],
          note="株洲市 office: outside"),
    # ---- a unit's batch 交办函 (office only)
    *rows("proposals:letter_assignment_batch", only(LIAISON), data=BATCH, writes=LIAISON),
    *rows("proposals:letter_assignment_batch", only(LIAISON, 400), data={"unit": Ref("lt_unit", HOUSING)},
          note="no suggestions named"),
    *rows("proposals:letter_assignment_batch", {"*": 404}, data=BATCH, who=[OUTSIDER],
          note="a unit outside the office's jurisdiction"),
    # ---- import of a session's suggestions (office only)
    *rows("proposals:suggestion_import", only(LIAISON)),
    *rows("proposals:suggestion_import", only(LIAISON, 400), method="POST", data={"session": ""},
          note="no session, no file: refused, nothing written"),
    *rows("proposals:suggestion_import_template", only(LIAISON)),
    *rows("proposals:suggestion_import_report", only(LIAISON)),
]


"""Permission-matrix rows for motions (议案; see tests/permission_matrix.py for the conventions).

Readers: liaison staff (by region, drafts included), committee members and special-committee staff (by region,
once filed), deputies (the motions they lead or were invited to sign). Unit staff, station managers, election
staff, the three administrators and accounts without roles get 403; a motion outside the reader's scope is a 404.
Presidium decisions are keyed in by liaison staff; special-committee staff record their committee's opinion.
The rows need the demo motions (lianluo/demo/motions.py, loaded with the demo world).
"""

from permission_matrix import EVERYONE, OUTSIDER, RESOLVERS, Case, Ref, rows

LIAISON = ("hn_lianluo", "cs_lianluo", "csx_lianluo")
DEPUTY = "csx_daibiao"
REVIEWERS = ("hn_changwei", "hn_zhuanwei")  # committee member, special-committee staff: province-wide readers
READERS = (*LIAISON, DEPUTY, *REVIEWERS)
FILERS = (*LIAISON, DEPUTY)

# Demo motions (lianluo/demo/motions.py), looked up by title.
DRAFT_OWN = Ref("motion", "关于加快星沙城区雨污分流改造的议案")  # 长沙县, led by 黄志勇, 6 of 10 signatures
DRAFT_INVITED = Ref("motion", "关于推进县域义务教育优质均衡发展的议案")  # 长沙县 draft, 黄志勇 invited to sign
SUBMITTED = Ref("motion", "关于加强黄花镇集镇污水处理设施建设的议案")  # 长沙县, 第1号, 黄志勇 among the signers
PROVINCE = Ref("motion", "关于制定湖南省城市更新条例的议案")  # the province, 长沙市代表团, under review

RESOLVERS["motion"] = lambda world, key: __import__(
    "lianluo.proposals.models", fromlist=["Motion"]).Motion.objects.get(title=key).pk
RESOLVERS["session"] = lambda world, key: __import__(
    "lianluo.regions.models", fromlist=["Session"]).Session.objects.filter(
    term__congress__region_id=key).order_by("-start_date").first().pk


def only(allowed, status=200, other=403) -> dict:
    return {**dict.fromkeys(allowed, status), "*": other}


BODY = "星沙城区部分路段缺少过街设施，学生上下学安全隐患突出，建议统筹规划建设人行天桥和地下通道。"
DEPUTY_NEW = {"session": Ref("session", "430121"), "title": "矩阵：关于建设过街设施的议案", "body": BODY}
OFFICE_NEW = {**DEPUTY_NEW, "filer": "deputies", "lead": Ref("mandate", "430121")}


def action(pk, name, expect, *, data=None, writes=(), who=EVERYONE, note=""):
    return rows("proposals:motion_action", expect, method="POST", kwargs={"pk": pk, "action": name},
                data=data or {}, writes=writes, who=who, note=note)


MOTIONS: list[Case] = [
    # ---- list and filing
    *rows("proposals:motion_list", only(READERS)),
    *rows("proposals:motion_list", only(READERS), kwargs={}, data={"status": "submitted", "q": "污水"},
          note="filtered"),
    *rows("proposals:motion_create", only(FILERS)),
    *rows("proposals:motion_create", {**only(FILERS, 400), DEPUTY: 302}, method="POST", data=DEPUTY_NEW,
          writes=[DEPUTY], note="a deputy leads under their own mandate; the office must say who files"),
    *rows("proposals:motion_create", only(LIAISON, 302), method="POST", data=OFFICE_NEW, who=LIAISON,
          writes=LIAISON, note="the office keys in a paper motion of 长沙县"),
    # ---- one motion
    *rows("proposals:motion_detail", only(READERS), kwargs={"pk": SUBMITTED}),
    *rows("proposals:motion_detail", {**only([*LIAISON, DEPUTY]), **dict.fromkeys(REVIEWERS, 404)},
          kwargs={"pk": DRAFT_OWN}, note="a draft: the lead and the office, not yet the reviewers"),
    *rows("proposals:motion_detail", {**only(["hn_lianluo", *REVIEWERS]), "cs_lianluo": 404, "csx_lianluo": 404,
                                      DEPUTY: 404}, kwargs={"pk": PROVINCE}, note="a province motion"),
    *rows("proposals:motion_detail", {OUTSIDER: 404}, kwargs={"pk": SUBMITTED}, who=[OUTSIDER],
          note="liaison staff of 株洲市"),
    *rows("proposals:motion_detail", {"hn_lianluo": 404}, kwargs={"pk": 987654321}, who=["hn_lianluo"],
          note="no such motion"),
    # ---- actions
    *rows("proposals:motion_action", {"*": 405, "anonymous": 405}, kwargs={"pk": SUBMITTED, "action": "refer"}),
    *action(SUBMITTED, "put_on_agenda", only(LIAISON, 302), data={"put_on_agenda-note": "主席团决定列入议程"},
            writes=LIAISON, note="the office keys in the presidium's decision; signers and reviewers may not"),
    *action(SUBMITTED, "record_result", {**only(LIAISON, 409), **dict.fromkeys([DEPUTY, *REVIEWERS], 403)},
            data={"record_result-outcome": "adopted", "record_result-result": "通过"},
            note="not on the agenda: refused, nothing written"),
    *action(SUBMITTED, "withdraw", {**only(LIAISON, 400), DEPUTY: 403, **dict.fromkeys(REVIEWERS, 403)},
            note="no reason given: refused, nothing written"),
    *action(DRAFT_INVITED, "cosign", {**only([DEPUTY], 302), **dict.fromkeys(LIAISON, 403),
                                      **dict.fromkeys(REVIEWERS, 404)}, writes=[DEPUTY],
            note="only the invited deputy confirms"),
    *action(DRAFT_OWN, "submit", {**only([DEPUTY, *LIAISON], 409), **dict.fromkeys(REVIEWERS, 404)},
            note="6 of 10 signatures (地方组织法 Art 22): refused, nothing written"),
    *action(PROVINCE, "review", {**only(["hn_zhuanwei", "hn_lianluo"], 302), "hn_changwei": 403,
                                 "cs_lianluo": 404, "csx_lianluo": 404, DEPUTY: 404},
            data={"review-opinion": "建议列入大会议程。"}, writes=["hn_zhuanwei", "hn_lianluo"],
            note="special-committee staff (or the office) record the committee's opinion"),
    *action(SUBMITTED, "promote", {"*": 404}, who=["anonymous", "csx_lianluo", "hn_xitong"],
            note="no such action"),
]

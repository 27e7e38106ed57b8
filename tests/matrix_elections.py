"""Permission-matrix rows for elections (see tests/permission_matrix.py for the conventions).

Managers: election-committee staff and liaison staff whose jurisdiction covers the election's congress; readers:
managers and committee members. Everyone else gets 403 before any object is looked up; an election outside the
reader's jurisdiction is a 404. The rows use the demo election of 黄花镇 (lianluo/demo/elections.py): 第1选区's
result is published, 第2选区 waits for tallies. Posts carry no or incomplete data, so nothing is written: a form
comes back with its errors (400), a step already taken is refused with a message (302 back to the page).
"""

from permission_matrix import OUTSIDER, RESOLVERS, Case, Ref, rows

TITLE = "黄花镇第十九届人民代表大会代表选举"
MANAGERS = ("hn_lianluo", "cs_lianluo", "csx_lianluo", "csx_xuanju")
READERS = (*MANAGERS, "hn_changwei")


def _model(name):
    return getattr(__import__("lianluo.elections.models", fromlist=[name]), name)


RESOLVERS["election"] = lambda world, key: _model("Election").objects.get(title=key).pk
RESOLVERS["constituency"] = lambda world, key: _model("Constituency").objects.get(
    election__title=TITLE, number=int(key)).pk
RESOLVERS["polling_station"] = lambda world, key: _model("PollingStation").objects.filter(
    constituency__election__title=TITLE, constituency__number=int(key)).order_by("id").first().pk
RESOLVERS["voter"] = lambda world, key: _model("Voter").objects.filter(
    election__title=TITLE, constituency__number=int(key)).order_by("id").first().pk
RESOLVERS["candidate"] = lambda world, key: _model("Candidate").objects.filter(
    constituency__election__title=TITLE, constituency__number=int(key)).order_by("id").first().pk
RESOLVERS["objection"] = lambda world, key: _model("RollObjection").objects.get(election__title=key).pk
RESOLVERS["result"] = lambda world, key: _model("Result").objects.get(
    constituency__election__title=TITLE, constituency__number=int(key)).pk

RESOLVERS["session_election"] = lambda world, key: _model("SessionElection").objects.get(title=key).pk
RESOLVERS["change"] = lambda world, key: _model("DeputyChange").objects.get(kind=key, mandate__region_id="430121").pk
RESOLVERS["appointment"] = lambda world, key: _model("AppointmentVote").objects.get(person=key).pk

ELECTION = {"pk": Ref("election", TITLE)}
SESSION_ELECTION = {"pk": Ref("session_election", "选举长沙县人民政府副县长")}
APPOINTMENT = {"pk": Ref("appointment", "孔维娜")}  # passed, not yet sworn in
OPEN = {"pk": Ref("constituency", "2")}
PUBLISHED = {"pk": Ref("constituency", "1")}


def expect(allowed, status=200, *, outsider=404) -> dict:
    return {**dict.fromkeys(allowed, status), OUTSIDER: outsider, "*": 403}


ELECTIONS: list[Case] = [
    *rows("elections:election_list", {**dict.fromkeys(READERS, 200), OUTSIDER: 200, "*": 403}),
    *rows("elections:returns", {**dict.fromkeys(READERS, 200), OUTSIDER: 200, "*": 403}),
    *rows("elections:election_create", {**dict.fromkeys(MANAGERS, 200), OUTSIDER: 200, "*": 403}),
    *rows("elections:election_create", {**dict.fromkeys(MANAGERS, 400), OUTSIDER: 400, "*": 403}, method="POST",
          data={}, note="nothing filled in"),
    *rows("elections:election_detail", expect(READERS), kwargs=ELECTION),
    *rows("elections:election_publication", expect(MANAGERS, 400), method="POST", kwargs=ELECTION, data={}),
    *rows("elections:constituency_add", expect(MANAGERS, 400), method="POST", kwargs=ELECTION,
          data={"number": 9, "name": "矩阵", "seats": 4}, note="four seats: 选举法 Art 25 allows 1–3"),
    *rows("elections:voter_list", expect(READERS), kwargs=ELECTION),
    *rows("elections:voter_register", expect(MANAGERS, 400), method="POST", kwargs=ELECTION, data={}),
    *rows("elections:voter_import", expect(MANAGERS, 400), method="POST", kwargs=ELECTION, data={},
          note="no file"),
    *rows("elections:objection_receive", expect(MANAGERS, 400), method="POST", kwargs=ELECTION, data={}),
    *rows("elections:objection_decide", expect(MANAGERS, 400), method="POST",
          kwargs={**ELECTION, "objection": Ref("objection", TITLE)}, data={}),
    *rows("elections:suit_file", expect(MANAGERS, 400), method="POST",
          kwargs={**ELECTION, "objection": Ref("objection", TITLE)}, data={}, note="no court or date"),
    *rows("elections:suit_judgment", expect(MANAGERS, 400), method="POST",
          kwargs={**ELECTION, "objection": Ref("objection", TITLE)}, data={}, note="no judgment"),
    *rows("elections:proxy_record", expect(MANAGERS, 400), method="POST", kwargs=ELECTION, data={}),
    *rows("elections:voter_transfer", expect(MANAGERS, 400), method="POST", kwargs={"pk": Ref("voter", "1")},
          data={}, note="no constituency or reason"),
    *rows("elections:voter_remove", expect(MANAGERS, 400), method="POST", kwargs={"pk": Ref("voter", "1")},
          data={}, note="no reason"),
    *rows("elections:constituency_detail", expect(READERS), kwargs=OPEN),
    *rows("elections:candidate_withdraw", expect(MANAGERS, 302), method="POST", kwargs={"pk": Ref("candidate", "2")},
          data={"reason": "矩阵"}, note="a formal candidate: refused with a message"),
    *rows("elections:candidate_add", expect(MANAGERS, 400), method="POST", kwargs=OPEN, data={}),
    *rows("elections:candidates_formalise", expect(MANAGERS, 302), method="POST", kwargs=OPEN, data={},
          note="the formal list is already fixed"),
    *rows("elections:station_add", expect(MANAGERS, 400), method="POST", kwargs=OPEN, data={}),
    *rows("elections:preelection_record", expect(MANAGERS, 400), method="POST", kwargs=OPEN, data={},
          note="no votes"),
    *rows("elections:result_publish", expect(MANAGERS, 302), method="POST",
          kwargs={**PUBLISHED, "round_": "first"}, data={}, note="already published"),
    *rows("elections:tally_edit", expect(MANAGERS), kwargs={"pk": Ref("polling_station", "2"), "round_": "first"}),
    *rows("elections:tally_edit", expect(MANAGERS, 400), method="POST",
          kwargs={"pk": Ref("polling_station", "2"), "round_": "first"}, data={}, note="an empty count sheet"),
    *rows("elections:tally_import", expect(MANAGERS, 400), method="POST",
          kwargs={"pk": Ref("polling_station", "2"), "round_": "first"}, data={}, note="no file"),
    *rows("elections:result_correct", expect(MANAGERS, 400), method="POST", kwargs={"pk": Ref("result", "1")},
          data={}, note="no reason given"),
    *rows("elections:ballot", expect(MANAGERS), kwargs={**OPEN, "round_": "first"}),
    *rows("elections:result_announcement", expect(READERS), kwargs={"pk": Ref("result", "1")}),
    *rows("elections:result_certificate", expect(MANAGERS), kwargs={"pk": Ref("result", "1"), "index": 0}),
    # ---- elections at a session, appointments (the demo's 长沙县 ones)
    *rows("elections:session_election_list", {**dict.fromkeys(READERS, 200), OUTSIDER: 200, "*": 403}),
    *rows("elections:session_election_create", {**dict.fromkeys(MANAGERS, 400), OUTSIDER: 400, "*": 403},
          method="POST", data={}),
    *rows("elections:session_election_detail", expect(READERS), kwargs=SESSION_ELECTION),
    *rows("elections:nominee_add", expect(MANAGERS, 400), method="POST", kwargs=SESSION_ELECTION, data={}),
    *rows("elections:session_vote", expect(MANAGERS, 400), method="POST", kwargs=SESSION_ELECTION, data={}),
    *rows("elections:appointment_list", {**dict.fromkeys(READERS, 200), OUTSIDER: 200, "*": 403}),
    *rows("elections:appointment_create", {**dict.fromkeys(MANAGERS, 400), OUTSIDER: 400, "*": 403},
          method="POST", data={}),
    *rows("elections:appointment_detail", expect(READERS), kwargs=APPOINTMENT),
    *rows("elections:appointment_date", expect(MANAGERS, 400), method="POST", kwargs={**APPOINTMENT, "what": "oath"},
          data={}, note="no date"),
    *rows("elections:change_list", {**dict.fromkeys(READERS, 200), OUTSIDER: 200, "*": 403}),
    *rows("elections:change_create", {**dict.fromkeys(MANAGERS, 400), OUTSIDER: 400, "*": 403}, method="POST",
          data={}),
    *rows("elections:change_detail", expect(READERS), kwargs={"pk": Ref("change", "resignation")}),
    *rows("elections:change_reply", expect(MANAGERS, 400), method="POST", kwargs={"pk": Ref("change", "resignation")},
          data={}),
    *rows("elections:change_vote", expect(MANAGERS, 400), method="POST", kwargs={"pk": Ref("change", "resignation")},
          data={}),
]

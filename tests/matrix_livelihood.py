"""Permission-matrix rows for the livelihood-project vote (see tests/permission_matrix.py for the conventions).

The office (liaison staff) runs a round in its jurisdiction; committee members read; deputies read their own
congress's rounds, vote and rate. Everyone else gets 403; a round outside one's scope is a 404. The public pages
are open to all. The rows use the demo's 长沙县 rounds (lianluo/demo/livelihood.py): this year's, being rated, and
next year's, being voted. Posts carry no or incomplete data, so nothing is written.
"""

from permission_matrix import ANON, FRESH, HALF, OUTSIDER, RESOLVERS, Case, Ref, rows

OFFICE = ("hn_lianluo", "cs_lianluo", "csx_lianluo")
DEPUTY = "csx_daibiao"
READERS = (*OFFICE, "hn_changwei", DEPUTY)


def _model(name):
    return getattr(__import__("lianluo.livelihood.models", fromlist=[name]), name)


RESOLVERS["project_round"] = lambda world, key: _model("ProjectRound").objects.get(region_id="430121",
                                                                                   status=key).pk
RESOLVERS["chosen_project"] = lambda world, key: _model("CandidateProject").objects.filter(
    round__region_id="430121", round__status=key, chosen=True).order_by("id").first().pk
RESOLVERS["milestone"] = lambda world, key: _model("Milestone").objects.filter(
    project__round__region_id="430121", project__round__status=key).order_by("id").first().pk

RESOLVERS["collecting_round"] = lambda world, key: _model("ProjectRound").objects.get(region_id=key,
                                                                                      status="collecting").pk

VOTING = {"pk": Ref("project_round", "voting")}
RATING = {"pk": Ref("project_round", "rating")}
PROJECT = {"pk": Ref("chosen_project", "rating")}


def expect(allowed, status=200, *, outsider=404) -> dict:
    return {**dict.fromkeys(allowed, status), OUTSIDER: outsider, "*": 403}


PUBLIC = {ANON: 200, FRESH: 200, HALF: 200, "*": 200}

LIVELIHOOD: list[Case] = [
    *rows("livelihood:round_list", {**dict.fromkeys(READERS, 200), OUTSIDER: 200, "*": 403}),
    *rows("livelihood:round_create", {**dict.fromkeys(OFFICE, 400), OUTSIDER: 400, "*": 403}, method="POST",
          data={}),
    *rows("livelihood:round_detail", expect(READERS), kwargs=VOTING),
    *rows("livelihood:round_action", expect(OFFICE, 302), method="POST", kwargs={**VOTING, "action": "close_rating"},
          data={}, note="not the step now: refused with a message"),
    *rows("livelihood:proposal_add", expect(OFFICE, 400), method="POST", kwargs=VOTING, data={}),
    *rows("livelihood:candidate_add", expect(OFFICE, 400), method="POST", kwargs=VOTING, data={}),
    *rows("livelihood:ballot", {**expect(READERS, 403), DEPUTY: 400}, method="POST", kwargs=VOTING, data={},
          note="an empty ballot: the deputy is asked to choose; only deputies vote"),
    *rows("livelihood:revote", expect(OFFICE, 302), method="POST", kwargs=VOTING, data={}, note="nothing tied"),
    *rows("livelihood:project_detail", expect(READERS), kwargs=PROJECT),
    *rows("livelihood:milestone_add", expect(OFFICE, 400), method="POST", kwargs=PROJECT, data={}),
    *rows("livelihood:milestone_done", expect(OFFICE, 400), method="POST",
          kwargs={**PROJECT, "milestone": Ref("milestone", "rating")}, data={}),
    *rows("livelihood:inspection_add", expect(OFFICE, 400), method="POST", kwargs=PROJECT, data={}),
    *rows("livelihood:rate", expect(READERS, 400), method="POST", kwargs=PROJECT, data={}, note="no level chosen"),
    *rows("livelihood_public:list", PUBLIC),
    *rows("livelihood_public:detail", PUBLIC, kwargs=RATING),
    *rows("livelihood_public:project", PUBLIC, kwargs=PROJECT),
    *rows("livelihood_public:propose", PUBLIC, kwargs={"pk": Ref("collecting_round", "430121105")}),
    *rows("livelihood_public:propose", {ANON: 400, FRESH: 400, HALF: 400, "*": 400}, method="POST",
          kwargs={"pk": Ref("collecting_round", "430121105")}, data={}, note="nothing filled in"),
]

"""Permission-matrix rows for key-suggestion supervision and disclosure (see tests/permission_matrix.py for the
conventions).

- Key suggestions (代表法 Art 52): the office (liaison staff whose jurisdiction covers the suggestion's congress)
  marks them and records activities; committee members read the key suggestions of their jurisdiction and record
  activities only on those they are named to lead (the demo's provincial member leads none of 长沙县's). Everyone
  else gets 403; a suggestion outside the reader's scope is a 404.
- Disclosure (Art 51 ¶3): only the office prepares, publishes and withdraws; the lead deputy consents on the same
  route as the office's written consent. The public pages are open to everyone: 200 for a published version,
  404 for a draft, a withdrawn one or none.

The rows refer to demo suggestions of 长沙县 by title; the resolvers make sure the demo's key suggestion and
publications exist (``load_demo_publication`` is idempotent) before the request is sent.
"""

from permission_matrix import ANON, EVERYONE, FRESH, HALF, OUTSIDER, RESOLVERS, Case, Ref, rows

OFFICE = ("hn_lianluo", "cs_lianluo", "csx_lianluo")
SUPERVISORS = (*OFFICE, "hn_changwei")
HOUSING_UNIT = ("csx_zhujian", "csx_zhujian_fz")  # 长沙县住房和城乡建设局

KEY = "关于整治城区易涝点的建议"  # the demo's key suggestion (办理中; 住建局 leads)
ACCEPTED = "关于优化黄花镇至星沙城区公交线路的建议"  # 已立案, not key
REHANDLING = "关于解决安置小区房屋质量问题的建议"  # 重新办理, led by csx_daibiao, 住建局
PUBLISHED = "关于加强校园周边交通安全管理的建议"  # 已办结, published in the demo, led by csx_daibiao, 教育局
ALSO_PUBLISHED = "关于规范小区停车收费的建议"  # 已答复, published in the demo, led by csx_daibiao, 住建局
READY = "关于提升中小学食堂管理水平的建议"  # 已办结, not yet public, led by another deputy, 教育局
NOT_READERS_OF_READY = ("csx_daibiao", *HOUSING_UNIT)  # neither his suggestion nor the 住建局's


def _demo():
    from lianluo.demo.publication import load_demo_publication

    load_demo_publication()


def _suggestion_pk(world, title: str) -> int:
    from lianluo.proposals.models import Suggestion

    _demo()
    return Suggestion.objects.get(region_id="430121", title=title).pk


def _publication(title: str):
    from lianluo.proposals.models import Publication

    _demo()
    return Publication.objects.get(suggestion__region_id="430121", suggestion__title=title)


def _draft_ready(world, title: str) -> int:
    """The suggestion, with its lead deputy's written consent and a public version waiting to be published."""
    from django.utils import timezone

    from lianluo.accounts.models import User
    from lianluo.proposals.models import Publication, Suggestion
    from lianluo.proposals.services import publication as publishing

    pk = _suggestion_pk(world, title)
    office = User.objects.get(username="csx_lianluo")
    suggestion = Suggestion.objects.get(pk=pk)
    if not suggestion.public_consent:
        publishing.consent_record(suggestion=suggestion, actor=office, written_on=timezone.localdate())
    if not Publication.objects.filter(suggestion_id=pk).exists():
        publishing.publication_prepare(suggestion=Suggestion.objects.get(pk=pk), actor=office)
    return pk


def _draft_publication(world, title: str) -> int:
    from lianluo.proposals.models import Publication

    return Publication.objects.get(suggestion_id=_draft_ready(world, title)).pk


def _withdrawn_publication(world, title: str) -> int:
    from lianluo.accounts.models import User
    from lianluo.proposals.services import publication as publishing

    publication = _publication(title)
    publishing.publication_withdraw(publication=publication, actor=User.objects.get(username="csx_lianluo"),
                                    reason="矩阵测试撤下")
    return publication.pk


def _leader(world, name: str) -> int:
    from django.utils import timezone

    from lianluo.proposals.selectors_publication import current_term
    from lianluo.regions.models import StandingCommitteeMember

    term = current_term("430121", timezone.localdate())
    return StandingCommitteeMember.objects.get(committee__term=term, name=name).pk


def _today(world, _key: str) -> str:
    from django.utils import timezone

    return timezone.localdate().isoformat()


RESOLVERS["pub_suggestion"] = _suggestion_pk
RESOLVERS["pub_draft_ready"] = _draft_ready
RESOLVERS["pub_publication"] = lambda world, title: _publication(title).pk
RESOLVERS["pub_draft_publication"] = _draft_publication
RESOLVERS["pub_withdrawn_publication"] = _withdrawn_publication
RESOLVERS["pub_leader"] = _leader
RESOLVERS["pub_today"] = _today


def only(allowed, status=200, other=403) -> dict:
    return {**dict.fromkeys(allowed, status), "*": other}


def pk(title: str) -> dict:
    return {"pk": Ref("pub_suggestion", title)}


TODAY = Ref("pub_today", "today")
MARK = {"decided_on": "2026-02-01", "decision": "矩阵：主任会议确定为重点督办建议。",
        "leaders": Ref("pub_leader", "陈卫东"), "committee": "", "plan": "矩阵：督办方案。"}
ACTIVITY = {"held_on": TODAY, "kind": "visit", "participants": "矩阵督办组", "record": "矩阵：实地察看。"}
PUBLIC_TEXT = {"title": "矩阵：公开标题", "body": "矩阵：公开正文。", "reply": "矩阵：公开答复。"}
PUBLIC = {ANON: 200, FRESH: 200, HALF: 200, "*": 200}
NOT_PUBLIC = {ANON: 404, FRESH: 404, HALF: 404, "*": 404}
POST_ONLY = {"*": 405, ANON: 405}


def outside(route: str, status: int = 404, **kwargs) -> list[Case]:
    """Liaison staff of 株洲市: a 长沙县 suggestion does not exist for them."""
    return rows(route, {OUTSIDER: status}, who=[OUTSIDER], note="outside jurisdiction", **kwargs)


PUBLICATION: list[Case] = [
    # ---- key suggestions
    *rows("proposals:key_list", only(SUPERVISORS)),
    *rows("proposals:key_mark", only(SUPERVISORS), kwargs=pk(KEY),
          note="committee members read a key suggestion of their jurisdiction"),
    *outside("proposals:key_mark", kwargs=pk(KEY)),
    *rows("proposals:key_mark", only(OFFICE), kwargs=pk(ACCEPTED), note="not key: only the office, to mark it"),
    *rows("proposals:key_mark", only(OFFICE, 302), method="POST", kwargs=pk(ACCEPTED), data=MARK, writes=OFFICE),
    *outside("proposals:key_mark", method="POST", kwargs=pk(ACCEPTED), data=MARK),
    *rows("proposals:key_mark", only(OFFICE, 400), method="POST", kwargs=pk(KEY), data={"plan": ""},
          note="missing fields: refused, nothing written"),
    *rows("proposals:key_activity", POST_ONLY, kwargs=pk(KEY)),
    *rows("proposals:key_activity", only(OFFICE, 302), method="POST", kwargs=pk(KEY), data=ACTIVITY,
          writes=OFFICE, note="the provincial member is not named for this suggestion"),
    *outside("proposals:key_activity", method="POST", kwargs=pk(KEY), data=ACTIVITY),
    *rows("proposals:key_activity", only(SUPERVISORS, 404), method="POST", kwargs=pk(ACCEPTED), data=ACTIVITY,
          note="not a key suggestion"),
    # ---- disclosure, the office's pages
    *rows("proposals:publication_list", only(OFFICE)),
    *rows("proposals:publication_list", only(OFFICE), data={"state": "published"}),
    *rows("proposals:publication_edit", only(OFFICE), kwargs=pk(PUBLISHED)),
    *rows("proposals:publication_edit", only(OFFICE), kwargs=pk(READY), note="the redaction proposal"),
    *outside("proposals:publication_edit", kwargs=pk(READY)),
    *rows("proposals:publication_edit", only(OFFICE, 302), method="POST", kwargs=pk(READY), data=PUBLIC_TEXT,
          writes=OFFICE, note="prepare the public version"),
    *rows("proposals:publication_edit", only(OFFICE, 200), method="POST", kwargs=pk(READY),
          data={**PUBLIC_TEXT, "names": "李秀兰", "step": "propose"}, note="a new proposal: nothing written"),
    *rows("proposals:publication_edit", only(OFFICE, 302), method="POST", kwargs=pk(PUBLISHED), data=PUBLIC_TEXT,
          writes=OFFICE, note="correct a published version"),
    *outside("proposals:publication_edit", method="POST", kwargs=pk(READY), data=PUBLIC_TEXT),
    *rows("proposals:publication_action", POST_ONLY, kwargs={**pk(READY), "action": "publish"}),
    # The lead deputy consents in the system; the office records a written consent; units handling it may not.
    *rows("proposals:publication_action", {**only([*OFFICE, "csx_daibiao"], 302)}, method="POST",
          kwargs={**pk(REHANDLING), "action": "consent"}, data={"written_on": TODAY},
          writes=[*OFFICE, "csx_daibiao"]),
    *outside("proposals:publication_action", method="POST", kwargs={**pk(REHANDLING), "action": "consent"},
             data={"written_on": TODAY}),
    *rows("proposals:publication_action", {**only(OFFICE, 400), **dict.fromkeys(NOT_READERS_OF_READY, 404)},
          method="POST", kwargs={**pk(READY), "action": "consent"}, data={"written_on": ""},
          note="a written consent needs its date: nothing written"),
    *rows("proposals:publication_action", {**only(OFFICE, 302), **dict.fromkeys(NOT_READERS_OF_READY, 404)},
          method="POST",
          kwargs={"pk": Ref("pub_draft_ready", READY), "action": "publish"}, writes=OFFICE,
          note="consent given, version prepared; not the deputy's suggestion, not the 住建局's"),
    *rows("proposals:publication_action", {**only(OFFICE, 409), **dict.fromkeys(NOT_READERS_OF_READY, 404)},
          method="POST",
          kwargs={**pk(READY), "action": "publish"}, note="no consent, no public version: refused"),
    # Withdrawing consent (个人信息保护法 Art 15): the lead deputy in the system, the office a written withdrawal.
    *rows("proposals:publication_action", {**only([*OFFICE, "csx_daibiao"], 302), **dict.fromkeys(HOUSING_UNIT, 404)},
          method="POST", kwargs={**pk(PUBLISHED), "action": "unconsent"}, data={"written_on": TODAY},
          writes=[*OFFICE, "csx_daibiao"], note="the published version comes down with it"),
    *outside("proposals:publication_action", method="POST", kwargs={**pk(PUBLISHED), "action": "unconsent"},
             data={"written_on": TODAY}),
    *rows("proposals:publication_action", {**only(OFFICE, 400), "csx_daibiao": 302, **dict.fromkeys(HOUSING_UNIT, 404)},
          method="POST", kwargs={**pk(PUBLISHED), "action": "unconsent"}, data={"written_on": ""},
          writes=["csx_daibiao"], note="a written withdrawal needs its date (the deputy's own needs none)"),
    *rows("proposals:publication_action", {**only(OFFICE, 302), **dict.fromkeys(HOUSING_UNIT, 404)},
          method="POST", kwargs={**pk(PUBLISHED), "action": "withdraw"}, data={"reason": "矩阵：更正后重新公开"},
          writes=OFFICE, note="the lead deputy may not withdraw"),
    *outside("proposals:publication_action", method="POST", kwargs={**pk(PUBLISHED), "action": "withdraw"},
             data={"reason": "矩阵"}),
    *rows("proposals:publication_action", {"*": 404}, method="POST", kwargs={**pk(PUBLISHED), "action": "promote"},
          note="no such action"),
    # ---- the public site
    *rows("portal:suggestion_search", PUBLIC),
    *rows("portal:suggestion_search", PUBLIC, data={"q": "校园", "region": "430121", "unit": "长沙县教育局",
                                                     "category": "教育文体", "reply_class": "A", "page": "1"}),
    *rows("portal:suggestion_public", PUBLIC, kwargs={"pk": Ref("pub_publication", PUBLISHED)}),
    *rows("portal:suggestion_public", NOT_PUBLIC, kwargs={"pk": Ref("pub_draft_publication", READY)},
          note="a version waiting to be published"),
    *rows("portal:suggestion_public", NOT_PUBLIC, kwargs={"pk": Ref("pub_withdrawn_publication", ALSO_PUBLISHED)},
          note="a withdrawn version"),
    *rows("portal:suggestion_public", NOT_PUBLIC, kwargs={"pk": 987654321}, who=[ANON, "csx_lianluo"],
          note="no such version"),
]

assert all(case.who in (*EVERYONE, OUTSIDER) for case in PUBLICATION)

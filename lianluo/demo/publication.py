"""Demo key supervision and disclosure for 长沙县: one key suggestion (the city's flood points) led by two members of
the county standing committee, with its plan and one supervision activity; two answered suggestions published
on the public site with their lead deputy's consent (one given in the system, one in writing).

Everything goes through the services. Run after ``load_demo_proposals``; safe to run again.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from lianluo.accounts.models import User
from lianluo.proposals.models import KeySupervision, Publication, Suggestion
from lianluo.proposals.selectors_publication import current_term
from lianluo.proposals.services import publication as publishing
from lianluo.proposals.services import supervision as supervising
from lianluo.regions.models import StandingCommitteeMember

COUNTY = "430121"
KEY_TITLE = "关于整治城区易涝点的建议"
LEADERS = ("陈卫东", "张国庆")
PLAN = ("一、由县人大常委会副主任陈卫东牵头，常委会委员张国庆协助，县人大常委会城建环资工委具体联系；\n"
        "二、汛期前组织代表对开元东路、天华路口等易涝点开展实地视察，听取县住房和城乡建设局、县交通运输局办理情况汇报；\n"
        "三、年内召开一次代表座谈会，督促承办单位将排水管网改造列入年度计划并按期答复代表。")
ACTIVITY = ("督办组实地察看了开元东路、天华路口两处易涝点，听取了县住房和城乡建设局关于排水管网改造方案的汇报。"
            "督办组要求承办单位在汛期前完成雨水口清淤，明确管网改造时间表，并与领衔代表当面沟通办理方案。")
PARTICIPANTS = "县人大常委会副主任陈卫东、委员张国庆，部分县人大代表，县住房和城乡建设局、县交通运输局负责同志"
# (title, how the lead deputy consents)
PUBLISHED = [("关于加强校园周边交通安全管理的建议", "in_system"), ("关于规范小区停车收费的建议", "written")]


def _users() -> dict[str, User]:
    return {u.username: u for u in User.objects.filter(username__in=["csx_lianluo", "csx_daibiao"])}


def _mark_key(office: User) -> None:
    suggestion = Suggestion.objects.filter(region_id=COUNTY, title=KEY_TITLE).first()
    if suggestion is None or KeySupervision.objects.filter(suggestion=suggestion).exists():
        return
    today = timezone.localdate()
    term = current_term(COUNTY, today)
    leaders = list(StandingCommitteeMember.objects.filter(committee__term=term, name__in=LEADERS))
    if term is None or not leaders or suggestion.status not in supervising.KEY_STATUSES:
        return
    referred = suggestion.assigned_on or today
    decided = min(referred + datetime.timedelta(days=5), today)
    supervision = supervising.key_suggestion_mark(
        suggestion=suggestion, actor=office, decided_on=decided, leaders=leaders, plan=PLAN,
        decision="县人大常委会主任会议确定为本年度重点督办建议，由常委会领导牵头督办。")
    supervising.supervision_activity_add(
        supervision=supervision, actor=office, held_on=min(referred + datetime.timedelta(days=20), today),
        kind="visit", participants=PARTICIPANTS, record=ACTIVITY)


def _publish(title: str, how: str, users: dict[str, User]) -> None:
    suggestion = Suggestion.objects.filter(region_id=COUNTY, title=title).first()
    if suggestion is None or Publication.objects.filter(suggestion=suggestion).exists():
        return
    office = users["csx_lianluo"]
    if not suggestion.public_consent:
        if how == "in_system" and suggestion.lead.person.user_id == users["csx_daibiao"].pk:
            publishing.consent_record(suggestion=suggestion, actor=users["csx_daibiao"])
        else:
            publishing.consent_record(suggestion=suggestion, actor=office, written_on=timezone.localdate(),
                                      note="代表书面同意公开，同意书已归档。")
        suggestion.refresh_from_db()
    publication = publishing.publication_prepare(suggestion=suggestion, actor=office)
    publishing.publication_publish(publication=publication, actor=office)


@transaction.atomic
def load_demo_publication() -> None:
    """Mark the key suggestion and publish the two answered ones unless that was done already."""
    users = _users()
    if len(users) < 2:
        return
    _mark_key(users["csx_lianluo"])
    for title, how in PUBLISHED:
        _publish(title, how, users)

"""The demo election: 黄花镇 (长沙县) elects its 19th congress in the 2026 county–township elections, on the day the
demo is loaded. The roll, the candidate lists and the formal lists were published on time; three constituencies
have their voters, formal candidates and polling stations. In 第1选区 every station has reported and the result is
published; in 第2选区 one station has reported and the rest are for the visitor to key in; 第3选区 has nothing
counted yet.

Everything goes through the services, by 易秋菊 (csx_xuanju) of the county election committee, so the history and
audit rows are what real use leaves. Safe to run again: nothing is added once the election exists.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from lianluo.accounts.models import User
from lianluo.core.validators import ID_CHECK, ID_WEIGHTS
from lianluo.elections import services
from lianluo.elections.models import Candidate, Election
from lianluo.regions.models import Region

REGION = "430121105"  # 黄花镇
TITLE = "黄花镇第十九届人民代表大会代表选举"
COMMITTEE = "黄花镇选举委员会"
SURNAMES = "王李张刘陈杨黄赵周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏"
GIVEN = ["建华", "秀英", "志强", "丽娟", "海波", "春梅", "国平", "晓红", "德明", "玉兰", "卫东", "桂芳", "新民",
         "雪梅", "文斌", "红霞", "振宇", "美玲", "长青", "慧敏"]

# (number, name, seats, area, voters, candidates as (name, gender, nominated by, nominator), stations)
CONSTITUENCIES = [
    (1, "黄花社区", 2, "黄花社区", 60,
     [("李建国", "男", "party", "中国共产党黄花镇委员会"), ("周玉兰", "女", "party", "黄花镇妇女联合会"),
      ("陈德明", "男", "voters", "黄花社区选民")],
     [("黄花社区居委会投票站", False), ("流动票箱", True)]),
    (2, "黄龙新村", 3, "黄龙新村", 70,
     [("刘海波", "男", "party", "中国共产党黄花镇委员会"), ("彭春梅", "女", "party", "中国共产党黄花镇委员会"),
      ("谢卫东", "男", "party", "黄花镇总工会"), ("罗晓红", "女", "voters", "黄龙新村选民"),
      ("唐新民", "男", "voters", "黄龙新村选民")],
     [("黄龙新村村部投票站", False), ("黄龙小学投票站", False), ("流动票箱", True)]),
    (3, "塘坡村", 1, "塘坡村、回龙村", 40,
     [("曾志强", "男", "party", "中国共产党黄花镇委员会"), ("蒋丽娟", "女", "voters", "塘坡村选民")],
     [("塘坡村村部投票站", False)]),
]

# Reported station tallies: constituency number -> [(station index, voters voted, issued, cast, invalid, votes)].
TALLIES = {
    1: [(0, 38, 40, 38, 1, {"李建国": 30, "周玉兰": 27, "陈德明": 14, "吴秀英": 1}),
        (1, 9, 9, 9, 0, {"李建国": 8, "周玉兰": 7, "陈德明": 2})],
    2: [(0, 24, 25, 24, 0, {"刘海波": 20, "彭春梅": 18, "谢卫东": 12, "罗晓红": 13, "唐新民": 5})],
}


def _id_number(birth: datetime.date, serial: int) -> str:
    body = f"{REGION[:6]}{birth:%Y%m%d}{serial % 1000:03d}"
    return body + ID_CHECK[sum(int(d) * w for d, w in zip(body, ID_WEIGHTS, strict=True)) % 11]


@transaction.atomic
def load_demo_elections() -> Election | None:
    load_demo_session_elections()
    return _load_township_election()


def load_demo_session_elections() -> None:
    """长沙县's latest session elects a vice-head of the county (two posts, three candidates) and the county's
    standing committee votes two appointments, one sworn in and one waiting for the oath."""
    from lianluo.elections import session_services
    from lianluo.elections.models import AppointmentVote, SessionElection
    from lianluo.regions.models import Session

    office = User.objects.filter(username="csx_lianluo").first()
    session = Session.objects.filter(term__congress__region_id="430121").order_by("-number").first()
    if office is None or session is None or SessionElection.objects.filter(session=session).exists():
        return
    election = session_services.session_election_create(
        session=session, title="选举长沙县人民政府副县长", kind="office", post="deputy", seats=2, actor=office)
    for name, by, cosigners in (("欧阳明", "presidium", 0), ("何晓燕", "presidium", 0), ("熊志军", "deputies", 12)):
        session_services.nominee_add(election=election, name=name, nominated_by=by, cosigners=cosigners,
                                     actor=office)
    present = election.total_deputies - 1  # one deputy on leave
    session_services.vote_record(election=election, actor=office, present=present, voted=present,
                                 ballots_cast=present, ballots_invalid=0,
                                 votes={"欧阳明": present - 1, "何晓燕": present - 3, "熊志军": 3})
    county = Region.objects.get(pk="430121")
    today = timezone.localdate()
    from lianluo.deputies.models import Mandate

    resigning = (Mandate.objects.filter(region_id="430121", term=session.term, status=Mandate.Status.SERVING)
                 .exclude(person__user__username="csx_daibiao").order_by("id").first())
    if resigning is not None:
        session_services.change_file(mandate=resigning, kind="resignation", filed_on=today - datetime.timedelta(5),
                                     proposed_by="代表本人", reasons="因工作调动至外省，书面提出辞去县人大代表职务。",
                                     actor=office)
    meeting = today - datetime.timedelta(days=12)
    appointments = (("戴立新", "长沙县教育局局长", 27, True, 14), ("孔维娜", "长沙县卫生健康局局长", 26, False, 3))
    formed = meeting - datetime.timedelta(days=58)  # the new government, elected at the session
    for person, post, yes, sworn, submitted_before in appointments:
        if AppointmentVote.objects.filter(region=county, person=person).exists():
            continue
        vote = session_services.appointment_record(
            region=county, actor=office, meeting="长沙县第十九届人大常委会第三十次会议", meeting_date=meeting,
            person=person, post=post, kind="appoint", nominated_by="government", members_total=35, present=31,
            yes=yes, no=31 - yes - 1, abstain=1, government_formed_on=formed,
            submitted_on=meeting - datetime.timedelta(days=submitted_before))
        if sworn:
            session_services.appointment_oath(vote=vote, day=meeting, actor=office)
            session_services.appointment_notice(vote=vote, day=meeting + datetime.timedelta(days=1), actor=office)


def _load_township_election() -> Election | None:
    region = Region.objects.filter(pk=REGION).first()
    staff = User.objects.filter(username="csx_xuanju").first()
    if region is None or staff is None:
        return None
    existing = Election.objects.filter(region=region, title=TITLE).first()
    if existing is not None:
        return existing
    today = timezone.localdate()
    rng = random.Random(19)  # noqa: S311 (invented names, not security)
    election = services.election_create(actor=staff, region=region, title=TITLE, election_day=today,
                                        committee=COMMITTEE)
    serial = 0
    for number, name, seats, area, voters, candidates, stations in CONSTITUENCIES:
        constituency = services.constituency_add(election=election, number=number, name=name, seats=seats,
                                                 area=area, actor=staff)
        for _ in range(voters):
            serial += 1
            birth = datetime.date(rng.randint(1940, 2006), rng.randint(1, 12), rng.randint(1, 28))
            services.voter_register(constituency=constituency, actor=staff,
                                    name=rng.choice(SURNAMES) + rng.choice(GIVEN),
                                    id_number=_id_number(birth, serial))
        for candidate, gender, by, nominator in candidates:
            services.candidate_add(constituency=constituency, name=candidate, gender=gender, nominated_by=by,
                                   nominator=nominator, actor=staff,
                                   cosigners=12 if by == Candidate.Nominator.VOTERS else 0)
        services.candidates_formalise(constituency=constituency, actor=staff)
        made = [services.station_add(constituency=constituency, name=s, mobile=m, actor=staff)
                for s, m in stations]
        for index, voted, issued, cast, invalid, votes in TALLIES.get(number, []):
            services.tally_enter(station=made[index], actor=staff, voters_voted=voted, ballots_issued=issued,
                                 ballots_cast=cast, ballots_invalid=invalid, votes=votes)
    services.result_publish(constituency=election.constituencies.get(number=1), actor=staff)
    for step, days in (("roll", 21), ("candidates", 16), ("formal", 8)):
        services.election_record_publication(election=election, step=step, day=today - datetime.timedelta(days),
                                             actor=staff)
    election.refresh_from_db()
    objection = services.objection_receive(
        election=election, complainant="黄花社区居民王某", received_on=today - datetime.timedelta(19), actor=staff,
        content="本人已年满十八周岁，户籍在黄花社区，选民名单中没有本人。")
    services.objection_decide(objection=objection, upheld=True, decided_on=today - datetime.timedelta(17),
                              decision="经核实，申诉人符合选民资格，已补列入第1选区选民名单。", actor=staff)
    first = list(election.constituencies.get(number=1).voters.order_by("id")[:2])
    services.proxy_record(principal=first[0], holder=first[1], approved_on=today - datetime.timedelta(3),
                          in_writing=True, actor=staff)
    return election

"""Demo motions (议案): a few of 长沙县's latest session in several states, and one of the province's latest session
under review by a special committee.

Everything goes through the services, so numbers, signers, history and audit rows are what real use would leave.
Only 黄志勇 (csx_daibiao) has an account among the county deputies, so the other deputies' signatures are the
office's entries from the paper motions. Safe to run again.
"""

from django.db import transaction

from lianluo.accounts.models import User
from lianluo.deputies.models import Mandate
from lianluo.proposals.models import Motion
from lianluo.proposals.services import motions as services
from lianluo.regions.models import Delegation, Session, SpecialCommittee

TAIL = ("建议县人民政府组织有关部门制定实施方案，明确责任单位、资金来源和完成时限，"
        "并向县人民代表大会常务委员会报告落实情况。")

# (title, grounds, scenario)
COUNTY = [
    ("关于加快星沙城区雨污分流改造的议案",
     "星沙城区部分老旧片区仍为雨污合流管网，暴雨时污水溢流进入河道，影响水环境质量和群众生活。", "draft_own"),
    ("关于推进县域义务教育优质均衡发展的议案",
     "城乡之间、校际之间办学条件和师资水平差距仍然较大，农村学校骨干教师流失，城区学校大班额问题突出。",
     "draft_invited"),
    ("关于加强黄花镇集镇污水处理设施建设的议案",
     "黄花镇集镇人口快速增长，现有污水处理设施处理能力不足，配套管网覆盖率低，部分生活污水直排沟渠。", "submitted"),
    ("关于加强县城停车设施规划建设的议案",
     "县城机动车保有量持续增长，公共停车泊位缺口大，占道停车现象普遍，影响交通秩序和消防通道畅通。", "adopted"),
    ("关于提高农村高龄老人养老服务补贴标准的议案",
     "全县农村八十周岁以上老人逐年增加，现行养老服务补贴标准偏低，难以满足基本照护需要。", "as_suggestion"),
    ("关于设立县级农产品质量安全检测中心的议案",
     "全县农产品检测能力分散在各乡镇，设备陈旧、人员不足，难以适应农产品质量安全监管要求。", "withdrawn"),
]

PROVINCE = ("关于制定湖南省城市更新条例的议案",
            "我省城市发展已由大规模增量建设转为存量提质改造和增量结构调整并重，城市更新工作缺乏统一的法规依据，"
            "规划、土地、资金、产权等方面的政策需要以地方性法规的形式予以规范。建议省人民代表大会常务委员会将"
            "制定城市更新条例列入立法计划。")

RESULT = "应到代表 296 名，实到 281 名；赞成 268 票，反对 5 票，弃权 8 票。通过。"
REPORT = "大会主席团将该议案交县人民政府研究办理，县人民政府在三个月内制定停车设施专项规划并向县人大常委会报告。"


def _run(title: str, grounds: str, scenario: str, *, session: Session, office: User, deputy_user: User,
         deputy: Mandate, others: list[Mandate], index: int) -> Motion:
    body = grounds + TAIL
    if scenario == "draft_own":
        # 黄志勇 drafts on his phone and invites four colleagues; five more signed the paper copy at a group
        # meeting, which the office keys in.
        motion = services.motion_create(session=session, title=title, body=body, actor=deputy_user, lead=deputy,
                                        cosigners=others[:4])
        services.motion_invite(motion=motion, mandates=others[4:9], actor=office)
        return motion
    if scenario == "draft_invited":
        lead = others[0]
        motion = services.motion_create(session=session, title=title, body=body, actor=office, lead=lead,
                                        cosigners=others[1:7])
        services.motion_invite(motion=motion, mandates=[deputy], actor=office, on_paper=False)
        return motion
    lead = deputy if scenario == "adopted" else others[index % len(others)]
    pool = [m for m in [deputy, *others] if m.pk != lead.pk]
    motion = services.motion_create(session=session, title=title, body=body, actor=office, lead=lead,
                                    cosigners=pool[:9])
    motion = services.motion_submit(motion=motion, actor=office)
    if scenario == "submitted":
        return motion
    if scenario == "adopted":
        motion = services.motion_dispose(motion=motion, decision="put_on_agenda", actor=office,
                                         note="主席团第二次会议决定列入大会议程。")
        return services.motion_record_result(motion=motion, adopted=True, result=RESULT, report=REPORT,
                                             actor=office)
    if scenario == "as_suggestion":
        return services.motion_dispose(
            motion=motion, decision="as_suggestion", actor=office,
            note="主席团决定不列入本次会议议程，作为代表建议交有关部门办理。")
    return services.motion_withdraw(motion=motion, actor=office,
                                    reason="领衔代表书面要求撤回，拟在闭会期间作为建议提出；主席团第二次会议同意。")


@transaction.atomic
def load_demo_motions() -> None:
    """Create the demo motions unless they are there already."""
    if Motion.objects.filter(title=COUNTY[0][0]).exists():
        return
    users = {u.username: u for u in User.objects.filter(username__in=["csx_lianluo", "csx_daibiao", "hn_lianluo"])}
    session = Session.objects.filter(term__congress__region_id="430121").order_by("-start_date").first()
    mandates = list(Mandate.objects.filter(region_id="430121", status=Mandate.Status.SERVING)
                    .select_related("person").order_by("id"))
    if len(users) < 3 or session is None:
        return
    deputy = next((m for m in mandates if m.person.user_id == users["csx_daibiao"].pk), None)
    others = [m for m in mandates if m.term_id == session.term_id and m != deputy]
    if deputy is None or deputy.term_id != session.term_id or len(others) < 10:
        return
    for index, (title, grounds, scenario) in enumerate(COUNTY):
        _run(title, grounds, scenario, session=session, office=users["csx_lianluo"],
             deputy_user=users["csx_daibiao"], deputy=deputy, others=others, index=index)
    province = Session.objects.filter(term__congress__region_id="43").order_by("-start_date").first()
    delegation = Delegation.objects.filter(term_id=province.term_id, region_id="4301").first() if province else None
    committee = SpecialCommittee.objects.filter(term_id=province.term_id, name="法制委员会").first() \
        if province else None
    if delegation is None or committee is None:
        return
    motion = services.motion_create(session=province, title=PROVINCE[0], body=PROVINCE[1],
                                    actor=users["hn_lianluo"], filer=Motion.Filer.DELEGATION,
                                    delegation=delegation)
    motion = services.motion_submit(motion=motion, actor=users["hn_lianluo"])
    services.motion_refer_review(motion=motion, committee=committee, actor=users["hn_lianluo"],
                                 note="主席团决定先交法制委员会审议，提出是否列入大会议程的意见。")

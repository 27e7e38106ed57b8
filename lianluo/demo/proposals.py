"""Demo suggestions of 长沙县's fifth session (January 2026) in every state, and a few of 长沙市 and the province.

Everything goes through the services, so history and audit rows are what real use would leave. The referral
dates are counted back from today so that "overdue" stays overdue. Safe to run again.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from lianluo.accounts.models import User
from lianluo.casework.models import Category, SuggestionDraft
from lianluo.deputies.models import Mandate
from lianluo.proposals import services
from lianluo.proposals.models import Suggestion
from lianluo.regions.models import Organisation, Session

HOUSING, EDUCATION, TRANSPORT = "长沙县住房和城乡建设局", "长沙县教育局", "长沙县交通运输局"
BODY_TAIL = "建议有关部门深入调查研究，制定切实可行的工作方案，明确责任单位和完成时限，并及时向代表反馈办理情况。"

# (key, title, body, category path, scenario, lead unit, partner units, is_complex)
# Scenarios: draft, submitted, returned, accepted, pending, signed, awaiting, replied, closed, closed_basic,
# rehandling, overdue, merged:<key>.
COUNTY = [
    ("jiayou", "关于在星沙街道增设公共充电设施的建议",
     "星沙街道新能源汽车保有量快速增长，老旧小区普遍缺少充电桩，居民私拉电线充电存在安全隐患。", "城乡建设/市政设施",
     "draft", "", [], False),
    ("xuewei", "关于缓解城区学校学位紧张的建议",
     "星沙城区部分小学大班额问题突出，新建小区配套学校建设滞后于入住进度，适龄儿童入学压力大。", "教育文体/学位与招生",
     "submitted", "", [], False),
    ("lüdao", "关于修缮我家门前道路的建议",
     "我家门前道路坑洼多年，雨天积水，希望尽快修好。", "交通运输/道路维护",
     "returned", "", [], False),
    ("gongjiao", "关于优化黄花镇至星沙城区公交线路的建议",
     "黄花镇至星沙城区仅有一条公交线路，发车间隔长、末班车早，群众出行不便，尤其影响学生和务工人员。",
     "交通运输/公交线路", "accepted", "", [], False),
    ("yanglao", "关于加快社区养老服务设施建设的建议",
     "全县老龄化程度加深，社区嵌入式养老服务设施覆盖不足，日间照料中心开放时间短、服务项目少。", "卫生计生/养老服务",
     "accepted", "", [], False),
    ("wuye", "关于加强住宅小区物业服务监管的建议",
     "部分小区物业擅自提高收费标准、公共部位维修不及时、拒绝业主安装充电桩等问题较为集中，业主委员会成立难。",
     "城乡建设/物业管理", "pending", HOUSING, [(EDUCATION, "assist")], False),
    ("dianti", "关于推进老旧小区加装电梯的建议",
     "天华路等老旧小区多数住户年过六旬，加装电梯意愿强烈，但审批环节多、资金分摊难、低层住户意见不一。",
     "城乡建设/老旧小区改造", "signed", HOUSING, [], False),
    ("paishui", "关于整治城区易涝点的建议",
     "开元东路、天华路口等地段每逢暴雨即严重积水，车辆熄火、商铺进水，排水管网标准偏低。", "城乡建设/市政设施",
     "awaiting", HOUSING, [(TRANSPORT, "joint")], True),
    ("xiaoqu", "关于规范小区停车收费的建议",
     "多个小区物业未经业主大会同意上调停车收费，群众反映强烈，建议加强价格监管和信息公开。", "城乡建设/物业管理",
     "replied", HOUSING, [], False),
    ("xiaoxue", "关于加强校园周边交通安全管理的建议",
     "上下学高峰期校门口道路拥堵，接送车辆乱停乱放，学生过马路存在安全隐患。", "教育文体/学校管理",
     "closed", EDUCATION, [(TRANSPORT, "assist")], False),
    ("shitang", "关于提升中小学食堂管理水平的建议",
     "部分学校食堂菜品单一、价格偏高，家长参与监督渠道不畅，建议完善膳食委员会制度。", "教育文体/学校管理",
     "closed_basic", EDUCATION, [], False),
    ("louding", "关于解决安置小区房屋质量问题的建议",
     "部分安置小区交付不久即出现楼顶渗水、外墙脱落等问题，维修责任不清，群众多次反映未果。", "城乡建设/物业管理",
     "rehandling", HOUSING, [], False),
    ("daolu", "关于加快农村公路提质改造的建议",
     "春华镇、黄花镇部分村道路面窄、弯道多、缺少安全防护设施，农产品运输和群众出行不便。", "交通运输/道路维护",
     "overdue", TRANSPORT, [], False),
    ("chongdian", "关于在老旧小区推广共享充电桩的建议",
     "老旧小区居民充电难，建议由供电企业和物业合作建设共享充电桩，统一管理、统一收费。", "城乡建设/市政设施",
     "merged:wuye", "", [], False),
]

# A one-page PDF ("附件") so that the attachment download has something real to serve.
DEMO_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj "
            b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")

# (congress region, office account, title, body, scenario)
OTHER_LEVELS = [
    ("4301", "cs_lianluo", "关于加快长沙地铁线网向县域延伸的建议",
     "长沙县、望城区等地群众通勤距离长，现有地铁线网向县域延伸不足，早晚高峰拥堵严重，建议统筹规划延伸线路。",
     "accepted"),
    ("43", "hn_lianluo", "关于支持湘江流域生态补偿机制建设的建议",
     "湘江流域上下游生态保护责任和受益不对称，建议完善省级流域横向生态补偿机制，加大对上游地区的转移支付。",
     "submitted"),
]

REPLY = ("经认真研究，现答复如下：一、我局已会同相关街道开展专项检查，督促整改问题；二、已将相关工作列入年度计划，"
         "明确责任单位和完成时限；三、将定期向代表通报进展情况。感谢您对我县工作的关心和支持。")


def _mandates() -> list[Mandate]:
    return list(Mandate.objects.filter(region_id="430121", status=Mandate.Status.SERVING)
                .select_related("person").order_by("id"))


def _run(row, *, lead: Mandate, cosigners: list[Mandate], session: Session, office: User, units: dict,
         deputy_user: User, today: datetime.date) -> Suggestion:
    key, title, body, path, scenario, lead_unit, partners, is_complex = row
    first, second = path.split("/")
    category = Category.objects.filter(region_id="430121", parent__name=first, name=second).first()
    author = deputy_user if lead.person.user_id == deputy_user.pk else office
    # The housing suggestion is the one the county office drafted from constituent issues (casework demo).
    draft = SuggestionDraft.objects.filter(title=title, status=SuggestionDraft.Status.DRAFT).first()
    suggestion = services.suggestion_create(
        lead=lead, title=title, body=body + BODY_TAIL, actor=author, session=session, category=category,
        is_complex=is_complex, cosigners=cosigners, draft=draft)
    if scenario == "draft":
        return suggestion
    suggestion = services.suggestion_submit(suggestion=suggestion, actor=author)
    if scenario == "submitted" or scenario.startswith("merged:"):
        return suggestion
    if scenario == "returned":
        return services.suggestion_return(suggestion=suggestion, actor=office,
                                          reason=services.RETURN_REASONS[2] + "。")
    suggestion = services.suggestion_accept(suggestion=suggestion, actor=office)
    if scenario == "accepted":
        return suggestion
    days_ago = {"overdue": 100, "pending": 3}.get(scenario, 40)
    suggestion = services.suggestion_assign(
        suggestion=suggestion, lead_unit=units[lead_unit][0], actor=office,
        partners=[(units[name][0], role) for name, role in partners],
        assigned_on=today - datetime.timedelta(days=days_ago))
    if scenario == "pending":
        return suggestion
    for handling in suggestion.handlings.select_related("unit"):
        services.handling_sign(handling=handling, actor=units[handling.unit.name][1])
    if scenario in ("signed", "overdue"):
        return suggestion
    lead_handling = suggestion.handlings.get(role="lead")
    _unit, officer, leader = units[lead_unit]
    services.contact_record(handling=lead_handling, actor=officer, contacted_on=today - datetime.timedelta(days=5),
                            way="meeting", summary="到代表所在社区当面沟通，听取代表对办理工作的意见。")
    for handling in suggestion.handlings.exclude(role="lead").select_related("unit"):
        services.handling_send_opinion(handling=handling, actor=units[handling.unit.name][1],
                                       opinion="我单位同意主办单位的办理意见，并将配合做好相关工作。")
    reply = services.reply_submit(handling=lead_handling, actor=officer, body=REPLY,
                                  reply_class="C" if scenario == "rehandling" else "A",
                                  signatory=leader.full_name, contact_person=officer.full_name,
                                  contact_phone="0731-84011234")
    if scenario == "awaiting":
        return suggestion
    services.reply_approve(reply=reply, actor=leader, note="同意。")
    if scenario == "replied":
        return suggestion
    satisfaction = {"closed": "satisfied", "closed_basic": "basically", "rehandling": "dissatisfied"}[scenario]
    reasons = "楼顶渗水问题仍未解决，维修责任单位互相推诿。" if satisfaction == "dissatisfied" else ""
    services.suggestion_rate(suggestion=suggestion, actor=author, satisfaction=satisfaction, reasons=reasons)
    return suggestion


def _other_levels() -> None:
    """One suggestion each at 长沙市 and the province, keyed in by their offices (the jurisdiction axis)."""
    for region_code, username, title, body, scenario in OTHER_LEVELS:
        office = User.objects.get(username=username)
        lead = Mandate.objects.filter(region_id=region_code, status=Mandate.Status.SERVING).order_by("id").first()
        session = Session.objects.filter(term__congress__region_id=region_code).order_by("-number").first()
        if lead is None:
            continue
        suggestion = services.suggestion_create(lead=lead, title=title, body=body + BODY_TAIL, actor=office,
                                                session=session)
        suggestion = services.suggestion_submit(suggestion=suggestion, actor=office)
        if scenario == "accepted":
            services.suggestion_accept(suggestion=suggestion, actor=office)


@transaction.atomic
def load_demo_proposals() -> None:
    """Create the demo suggestions unless they are there already."""
    if Suggestion.objects.filter(title=COUNTY[0][1]).exists():
        return
    users = {u.username: u for u in User.objects.filter(username__in=[
        "csx_lianluo", "csx_daibiao", "csx_zhujian", "csx_zhujian_fz", "csx_jiaoyu", "csx_jiaoyu_fz",
        "csx_jiaotong"])}
    session = Session.objects.filter(term__congress__region_id="430121").order_by("-number").first()
    mandates = _mandates()
    if len(users) < 7 or session is None or len(mandates) < 6:
        return
    organisations = {o.name: o for o in Organisation.objects.filter(region_id="430121")}
    # unit name -> (organisation, officer, leader)
    units = {
        HOUSING: (organisations[HOUSING], users["csx_zhujian"], users["csx_zhujian_fz"]),
        EDUCATION: (organisations[EDUCATION], users["csx_jiaoyu"], users["csx_jiaoyu_fz"]),
        TRANSPORT: (organisations[TRANSPORT], users["csx_jiaotong"], None),
    }
    today = timezone.localdate()
    deputy = next(m for m in mandates if m.person.user_id == users["csx_daibiao"].pk)
    others = [m for m in mandates if m.pk != deputy.pk]
    made: dict[str, Suggestion] = {}
    for index, row in enumerate(COUNTY):
        scenario = row[4]
        # 黄志勇 (the demo deputy) leads the draft, the returned one, the one awaiting his rating, a closed one and
        # the re-handled one; others lead the rest, with him as a co-signer on a few.
        lead = deputy if scenario in ("draft", "returned", "replied", "rehandling", "closed") else \
            others[index % len(others)]
        cosigners = [m for m in (others[(index + 1) % len(others)], others[(index + 2) % len(others)]) if m != lead]
        if scenario in ("submitted", "pending") and lead != deputy:
            cosigners.append(deputy)
        made[row[0]] = _run(row, lead=lead, cosigners=cosigners, session=session, office=users["csx_lianluo"],
                            units=units, deputy_user=users["csx_daibiao"], today=today)
    for key, *_rest in COUNTY:
        scenario = _rest[3]
        if scenario.startswith("merged:"):
            services.suggestion_merge(master=made[scenario.split(":")[1]], duplicates=[made[key]],
                                      actor=users["csx_lianluo"], note="与物业服务监管建议内容相近，并案办理。")
    services.attachment_add(suggestion=made["xuewei"], name="城区小学班额统计表.pdf", data=DEMO_PDF,
                            actor=users["csx_lianluo"])
    _other_levels()

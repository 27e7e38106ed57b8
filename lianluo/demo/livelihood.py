"""Demo livelihood-project votes of 长沙县 (RULES.md D8): 2026's projects were voted at the January session, carried
out and inspected, and the year-end rating is open (黄志勇, csx_daibiao, can rate); 2027's candidates are on the
ballot and 黄志勇 can vote. Everything goes through the services, by 邓春兰 (csx_lianluo). Safe to run again."""

import datetime

from django.db import transaction
from django.utils import timezone

from lianluo.accounts.models import User
from lianluo.casework.models import Issue
from lianluo.livelihood import services
from lianluo.livelihood.models import ProjectRound
from lianluo.regions.models import Region

COUNTY = "430121"
TOWNSHIP = "430121105"  # 黄花镇: collecting proposals for next year, from the public page too

PROJECTS_2026 = [
    ("城区老旧小区改造提质", "完成星沙街道、泉塘街道 12 个老旧小区雨污分流、外墙和绿化改造。",
     "县住房和城乡建设局", 8600, 11),
    ("农村公路安全生命防护工程", "完成 150 公里农村公路安全防护设施建设。", "县交通运输局", 4200, 10),
    ("中小学校食堂“明厨亮灶”", "全县中小学校食堂全部实现“明厨亮灶”，接入县市场监管平台。", "县教育局", 1800, 9),
    ("社区嵌入式养老服务站", "新建 10 个社区嵌入式养老服务站，提供助餐、助浴、日间照料。", "县民政局", 2500, 8),
    ("城区公共停车泊位", "新增公共停车泊位 2000 个。", "县城市管理和综合执法局", 6000, 6),
]
PROJECTS_2027 = [
    ("乡镇卫生院能力提升", "为 8 个乡镇卫生院配备 DR、彩超等设备，开设夜间门诊。", "县卫生健康委员会", 3200),
    ("城乡供水一体化", "新建黄花、春华片区供水管网 60 公里，解决 3 万人饮水安全。", "县水利局", 9800),
    ("全民健身场地设施", "新建社区多功能运动场 20 个、健身步道 30 公里。", "县文化旅游体育局", 1500),
    ("背街小巷路灯改造", "完成城区 80 条背街小巷路灯改造。", "县城市管理和综合执法局", 900),
]


@transaction.atomic
def load_demo_livelihood() -> None:
    office = User.objects.filter(username="csx_lianluo").first()
    county = Region.objects.filter(pk=COUNTY).first()
    if office is None or county is None or ProjectRound.objects.filter(region=county).exists():
        return
    today = timezone.localdate()
    _done_year(office, county, today)
    _this_year(office, county, today)
    _township(office, today)


def _done_year(office, county, today) -> None:
    year = today.year
    project_round = services.round_create(region=county, year=year, title=f"长沙县{year}年民生实事项目人大代表票决",
                                          places=4, actor=office)
    proposals = [services.proposal_add(project_round=project_round, title="老旧小区加装电梯和雨污分流",
                                       description="多个小区群众反映雨天污水漫溢，希望统一改造。", source="station",
                                       proposer="星沙街道代表联络站", actor=office)]
    issue = Issue.objects.filter(region__code__startswith=COUNTY).order_by("id").first()
    if issue is not None:
        proposals.append(services.proposal_add(project_round=project_round, title=issue.title[:100],
                                               description=f"由群众意见 {issue.number} 转来。", source="public",
                                               proposer="群众", issue=issue, actor=office))
    candidates = []
    for title, description, unit, budget, _votes in PROJECTS_2026:
        candidates.append(services.candidate_add(project_round=project_round, title=title, description=description,
                                                 unit=unit, budget=budget, actor=office,
                                                 proposals=proposals[:1] if "老旧小区" in title else ()))
    for action in ("shortlist", "open_vote"):
        services.round_transition(project_round=project_round, action=action, actor=office)
    services.paper_count_record(project_round=project_round, ballots=12, actor=office,
                                votes={c.pk: row[4] for c, row in zip(candidates, PROJECTS_2026, strict=True)})
    project_round = services.round_transition(project_round=project_round, action="close_vote", actor=office)
    start = datetime.date(year, 3, 1)
    for project in project_round.candidates.filter(chosen=True):
        first = services.milestone_add(project=project, title="完成设计和招标", due_on=start, actor=office)
        services.milestone_done(milestone=first, done_on=start, progress=40, actor=office)
        second = services.milestone_add(project=project, title="主体完工", due_on=datetime.date(year, 10, 31),
                                        actor=office)
        services.milestone_done(milestone=second, done_on=datetime.date(year, 10, 25), progress=100, actor=office)
        services.inspection_add(project=project, inspected_on=datetime.date(year, 9, 15),
                                deputies="县人大代表黄志勇等 8 人", findings="进度符合计划；建议加强施工期间交通疏导。",
                                actor=office)
    services.round_transition(project_round=project_round, action="open_rating", actor=office)


def _this_year(office, county, today) -> None:
    year = today.year + 1
    project_round = services.round_create(region=county, year=year, title=f"长沙县{year}年民生实事项目人大代表票决",
                                          places=3, actor=office)
    services.proposal_add(project_round=project_round, title="乡镇卫生院晚上看病难", source="deputy",
                          description="黄花镇等乡镇卫生院夜间无医生值守，群众急诊要跑县城。",
                          proposer="县人大代表黄志勇", actor=office)
    for title, description, unit, budget in PROJECTS_2027:
        services.candidate_add(project_round=project_round, title=title, description=description, unit=unit,
                               budget=budget, actor=office)
    for action in ("shortlist", "open_vote"):
        services.round_transition(project_round=project_round, action=action, actor=office)


def _township(office, today) -> None:
    town = Region.objects.filter(pk=TOWNSHIP).first()
    if town is None:
        return
    year = today.year + 1
    project_round = services.round_create(region=town, year=year, title=f"黄花镇{year}年民生实事项目人大代表票决",
                                          places=3, actor=office)
    services.proposal_add(project_round=project_round, title="黄龙新村至集镇道路拓宽", source="station",
                          description="道路窄、会车难，赶集日经常堵车，群众希望拓宽并加装路灯。",
                          proposer="黄花镇人大代表联络站", actor=office)
    services.proposal_submit_public(project_round=project_round, title="镇中心小学门口增设人行横道和信号灯",
                                    description="上下学时段车多人多，孩子过马路不安全，希望设人行横道和信号灯。",
                                    proposer="黄花镇居民")

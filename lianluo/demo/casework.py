"""Demo category tree and constituent issues in every state (长沙县 mostly, a few at 长沙市 and the province).

Everything goes through the services, so history, audit rows and the monthly summary are what real use would
leave. Dates are counted back from today so that "overdue" stays overdue. Safe to run again.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from lianluo.accounts.models import User
from lianluo.casework import services
from lianluo.casework.models import Category, Channel, Issue
from lianluo.regions.models import Organisation, Region

# First- and second-level categories (an office's tree; the real ones come from a CSV, see import-categories).
CATEGORY_CSV = """一级分类,二级分类
城乡建设,物业管理
城乡建设,老旧小区改造
城乡建设,市政设施
交通运输,道路维护
交通运输,公交线路
交通运输,交通秩序
教育文体,学校管理
教育文体,学位与招生
教育文体,文体设施
劳动和社会保障,工资拖欠
劳动和社会保障,社会保险
劳动和社会保障,就业服务
卫生计生,基层医疗
卫生计生,养老服务
环境保护,噪音污染
环境保护,水体污染
环境保护,垃圾处理
商贸旅游,市场监管
商贸旅游,占道经营
商贸旅游,景区管理
"""

UNIT = "长沙县住房和城乡建设局"
PEOPLE = [
    ("刘桂兰", "13807311201", "星沙街道开元东路凤凰城小区3栋"), ("周建军", "13807311202", "星沙街道天华路18号"),
    ("谢美玲", "13807311203", "泉塘街道泉塘社区"), ("彭志刚", "13807311204", "黄花镇黄花村"),
    ("龙秀英", "13807311205", "湘龙街道湘龙社区"), ("汤国平", "13807311206", "春华镇春华山村"),
    ("邹小燕", "13807311207", "星沙街道星沙社区"), ("魏德明", "13807311208", "㮾梨街道东山社区"),
]

# (key, days ago, station region or "", place region, category path, title, content, people, scenario)
# Scenarios: received, accepted, declined, forwarded, overdue, feedback, answered, closed, closed_basic,
# round2, handled, merged:<master key>, transfer, deputy.
COUNTY_ISSUES = [
    ("wuye1", 60, "430121001", "430121001", "城乡建设/物业管理", "凤凰城小区物业擅自提高停车费",
     "凤凰城小区物业公司未经业主大会同意，将地面停车费由每月100元提高到180元，业主多次反映无果。", 2, "forwarded"),
    ("wuye2", 58, "430121001", "430121001", "城乡建设/物业管理", "凤凰城小区停车费上涨问题",
     "凤凰城小区物业停车费涨价没有公示，希望有关部门核查物业收费是否合规。", 1, "merged:wuye1"),
    ("wuye3", 55, "430121001", "430121001", "城乡建设/物业管理", "凤凰城小区物业停车收费上涨请求核查",
     "凤凰城小区停车费大幅上涨，业主委员会尚未成立，无人代表业主与物业协商。", 1, "merged:wuye1"),
    ("dianti", 50, "430121001", "430121001", "城乡建设/老旧小区改造", "老旧小区加装电梯推进缓慢",
     "天华路宿舍楼建成于1995年，多数住户年过六旬，加装电梯申请递交一年仍未审批。", 1, "overdue"),
    ("jiashui", 45, "", "430121002", "城乡建设/市政设施", "泉塘社区雨后路面积水严重",
     "泉塘社区主干道排水管网老化，每逢大雨积水没过脚踝，影响居民出行和沿街商户经营。", 1, "overdue"),
    ("louding", 20, "430121001", "430121001", "城乡建设/物业管理", "安置小区楼顶渗水无人维修",
     "星沙社区安置小区7栋楼顶防水层破损，顶楼住户家中墙面发霉，物业称维修基金无法启用。", 1, "forwarded"),
    ("lampu", 30, "", "430121003", "城乡建设/市政设施", "湘龙路段路灯长期不亮",
     "湘龙路与东四线交叉口往北约500米路灯已不亮两个月，夜间行人和电动车通行存在安全隐患。", 1, "feedback"),
    ("gongjiao", 35, "430121105", "430121105", "交通运输/公交线路", "黄花镇至县城公交班次太少",
     "黄花镇到星沙的公交车每小时一班，早高峰学生和上班族挤不上车，希望增加班次。", 1, "answered"),
    ("daolu", 70, "430121105", "430121105", "交通运输/道路维护", "黄花村通组公路坑洼不平",
     "黄花村通往五组的村道路面破损严重，雨天泥泞，农产品运输困难。", 1, "closed"),
    ("xuexiao", 65, "430121001", "430121001", "交通运输/交通秩序", "星沙一小门口上下学交通拥堵",
     "学校门口家长接送车辆乱停，早晚高峰堵塞严重，建议设置临时停车区并安排交警疏导。", 1, "closed_basic"),
    ("zaoyin", 40, "430121001", "430121001", "环境保护/噪音污染", "开元东路夜间施工噪音扰民",
     "开元东路某工地连续多晚施工到凌晨，附近居民无法休息，多次拨打热线未果。", 1, "round2"),
    ("gongzi", 25, "", "430121004", "劳动和社会保障/工资拖欠", "建筑工地拖欠农民工工资",
     "㮾梨街道某安置房项目拖欠三十余名农民工工资约四十万元，春节前仍未结清。", 1, "accepted"),
    ("yiliao", 12, "430121105", "430121105", "卫生计生/基层医疗", "村卫生室常用药品短缺",
     "黄花村卫生室降压药、降糖药经常缺货，老人只能到镇上购买，很不方便。", 1, "accepted"),
    ("yanglao", 8, "430121001", "430121001", "卫生计生/养老服务", "社区养老服务点开放时间短",
     "星沙社区养老服务点只在工作日上午开放，希望延长开放时间并增加助餐服务。", 1, "received"),
    ("shichang", 5, "430121001", "430121001", "商贸旅游/占道经营", "农贸市场周边占道经营",
     "星沙农贸市场周边流动摊贩占道经营，人行道无法通行，垃圾也没人清理。", 1, "received"),
    ("lese", 3, "", "430121106", "环境保护/垃圾处理", "春华山村垃圾清运不及时",
     "春华山村垃圾收集点一周才清运一次，夏天异味很大，希望增加清运频次。", 1, "received"),
    ("chongdian", 2, "430121001", "430121001", "城乡建设/物业管理", "小区无法安装充电桩",
     "物业以电力容量不足为由拒绝业主安装电动汽车充电桩，希望协调解决。", 1, "deputy"),
    ("jiufen", 15, "", "430121001", "城乡建设/物业管理", "邻里房屋买卖合同纠纷",
     "与邻居因房屋买卖合同发生纠纷，对方不配合过户，请求人大督促解决。", 1, "declined"),
    ("shuiqu", 28, "430121105", "430121105", "交通运输/道路维护", "灌溉水渠桥梁破损",
     "黄花镇某村灌溉水渠上的便桥护栏断裂，村民和学生每天经过，存在安全隐患。", 1, "handled"),
    ("xuewei", 18, "", "430121001", "教育文体/学位与招生", "星沙新城片区小学学位紧张",
     "新城片区入住人口快速增长，对口小学学位不足，不少孩子只能到较远的学校就读。", 2, "transfer"),
]

CITY_ISSUES = [
    ("cs_jingqu", 21, "430104002", "", "商贸旅游/景区管理", "岳麓山景区周边节假日交通拥堵",
     "节假日岳麓山景区周边道路严重拥堵，建议增开接驳公交并完善停车引导。", 1, "accepted"),
    ("cs_gaizao", 33, "430104002", "", "城乡建设/老旧小区改造", "桃子湖社区老旧小区改造进度慢",
     "老旧小区改造去年启动，至今管网改造仍未完工，道路反复开挖。", 1, "received"),
]
PROVINCE_ISSUES = [
    ("hn_gonglu", 26, "", "", "交通运输/道路维护", "省道S207部分路段货车超载损坏路面",
     "省道S207长沙县至浏阳段重型货车超载通行，路面破损严重，建议加强治超和养护。", 1, "received"),
]


def _people(count: int, offset: int) -> list[dict]:
    rows = []
    for n in range(count):
        name, mobile, address = PEOPLE[(offset + n) % len(PEOPLE)]
        rows.append({"name": name, "mobile": mobile, "address": address, "wants_answer": True})
    return rows


def _category(region_code: str, path: str) -> Category | None:
    first, second = path.split("/")
    return Category.objects.filter(region_id=region_code, parent__name=first, name=second).first()


def _station(code: str):
    from lianluo.stations.models import Station  # noqa: PLC0415

    return Station.objects.filter(region_id=code).order_by("id").first() if code else None


def _issues(rows, *, office: str, tree: str, actor: User, today: datetime.date, offset: int) -> dict:
    from lianluo.deputies.models import Mandate  # noqa: PLC0415

    region = Region.objects.get(code=office)
    unit = Organisation.objects.filter(region_id=office, name=UNIT).first()
    officer = User.objects.filter(username="csx_zhujian").first()
    made = {}
    for index, (key, days_ago, station_code, place_code, path, title, content, count, scenario) in enumerate(rows):
        received = today - datetime.timedelta(days=days_ago)
        place = Region.objects.filter(code=place_code).first() if place_code else None
        deputy = None
        channel = Channel.STATION if station_code else Channel.PHONE
        if scenario == "deputy":
            deputy = Mandate.objects.filter(person__user__username="csx_daibiao", region_id=office).first()
            channel = Channel.DEPUTY if deputy else Channel.STATION
        issue = services.issue_submit(
            region=region, title=title, content=content, channel=channel,
            constituents=_people(count, offset + index), station=_station(station_code),
            category=_category(tree, path), place=place.name if place else "", place_region=place,
            raised_by_deputy=deputy, received_on=received, actor=actor,
        )
        made[key] = issue
        if scenario in ("received", "deputy"):
            continue
        if scenario.startswith("merged:"):
            continue  # merged below, once every master exists
        if scenario == "declined":
            services.issue_decline(issue=issue, actor=actor,
                                   reason="属于平等民事主体之间的合同纠纷，建议通过人民调解或向人民法院起诉解决。")
            continue
        issue = services.issue_accept(issue=issue, actor=actor)
        if scenario == "accepted":
            continue
        if scenario == "transfer":
            parent = region.parent
            services.issue_transfer(issue=issue, to_region=parent, actor=actor,
                                    note="学位规划涉及市级统筹，转长沙市人大常委会研究处理。")
            continue
        if scenario == "handled":
            services.issue_handle(issue=issue, actor=actor,
                                  answer="已联系镇政府，护栏已于本周修复，并在桥头设置了警示标志。")
            continue
        if unit is None:
            continue
        forwarded_on = received + datetime.timedelta(days=2)
        if scenario in ("forwarded", "feedback", "answered", "closed", "closed_basic", "round2"):
            forwarded_on = max(forwarded_on, today - datetime.timedelta(days=10))
        services.issue_forward(issue=issue, unit=unit, actor=actor, forwarded_on=forwarded_on,
                               note="请于期限内将办理情况反馈县人大常委会。")
        if scenario in ("forwarded", "overdue"):
            continue
        services.issue_feedback(issue=issue, actor=officer or actor, feedback=BARE_FEEDBACK.get(
            key, "已会同属地街道现场核查，相关问题已列入整改计划，预计本月底前完成。"))
        if scenario == "feedback":
            continue
        services.issue_answer(issue=issue, actor=actor,
                              answer="经承办单位核查，问题已整改完毕。感谢您对人大工作的支持。")
        if scenario == "answered":
            continue
        satisfaction = {"closed": "satisfied", "closed_basic": "basically", "round2": "dissatisfied"}[scenario]
        services.issue_rate(issue=issue, satisfaction=satisfaction, actor=None, actor_label="群众（查询码）",
                            comment="夜间施工仍未停止。" if scenario == "round2" else "")
    for key, *_, scenario in rows:
        if scenario.startswith("merged:"):
            services.issue_merge(master=made[scenario.split(":")[1]], duplicates=[made[key]], actor=actor,
                                 note="反映同一小区停车收费问题，并案办理。")
    return made


# A unit's feedback that only says the issue was passed on: the issue page's reply check points it out to the office.
BARE_FEEDBACK = {"lampu": "您好！您反映的问题已收悉，已转相关部门调查处理。"}


@transaction.atomic
def load_demo_casework() -> None:
    """Create the demo category trees and issues unless they are there already."""
    for code in ("43", "430121"):
        region = Region.objects.filter(code=code).first()
        if region is not None:
            services.category_import(region=region, data=CATEGORY_CSV.encode())
    if Issue.objects.filter(title=COUNTY_ISSUES[0][5]).exists():
        return
    today = timezone.localdate()
    users = {u.username: u for u in User.objects.filter(username__in=["csx_lianluo", "cs_lianluo", "hn_lianluo"])}
    if len(users) < 3 or not Region.objects.filter(code="430121").exists():
        return
    county = _issues(COUNTY_ISSUES, office="430121", tree="430121", actor=users["csx_lianluo"], today=today,
                     offset=0)
    _issues(CITY_ISSUES, office="4301", tree="43", actor=users["cs_lianluo"], today=today, offset=3)
    _issues(PROVINCE_ISSUES, office="43", tree="43", actor=users["hn_lianluo"], today=today, offset=5)
    from lianluo.deputies.models import Mandate  # noqa: PLC0415

    mandate = Mandate.objects.filter(person__user__username="csx_daibiao", region_id="430121").first()
    services.suggestion_draft_create(
        region=Region.objects.get(code="430121"), actor=users["csx_lianluo"], mandate=mandate,
        issues=[county["wuye1"], county["louding"], county["chongdian"]],
        title="关于加强住宅小区物业服务监管的建议",
        body="近期星沙街道代表联络站多次收到群众反映，部分小区物业擅自提高收费标准、公共部位维修不及时、"
             "拒绝业主安装充电桩等问题较为集中。建议县住房和城乡建设局：一是加强物业服务收费监管，"
             "二是推动成立业主大会和业主委员会，三是简化住宅专项维修资金使用程序。",
        evidence="凤凰城小区停车费上涨（4人反映）；安置小区楼顶渗水；小区充电桩安装受阻。",
    )

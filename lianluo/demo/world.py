"""The demo world: a small but believable slice of Hunan, loaded idempotently.

Regions and their codes are public facts (demo/hunan.py). Congress terms follow the real cycle
(province 14th term from January 2023, 长沙市 16th from 2022, county and township terms from the 2021
county–township elections); people's names are invented.
"""

import csv
import datetime
import io
from dataclasses import dataclass

from django.db import transaction

from lianluo.accounts.models import User
from lianluo.accounts.roles import Role
from lianluo.accounts.services import assignment_grant, user_create
from lianluo.core.validators import ID_CHECK, ID_WEIGHTS
from lianluo.demo import hunan
from lianluo.demo.casework import load_demo_casework
from lianluo.demo.elections import load_demo_elections
from lianluo.demo.livelihood import load_demo_livelihood
from lianluo.demo.motions import load_demo_motions
from lianluo.demo.proposals import load_demo_proposals
from lianluo.demo.publication import load_demo_publication
from lianluo.demo.stations import load_demo_stations
from lianluo.deputies.demo import load_demo_contacts
from lianluo.deputies.models import Mandate
from lianluo.deputies.services import deputy_register, person_link_user
from lianluo.regions import services as region_services
from lianluo.regions.models import Congress, Region, StandingCommitteeMember
from lianluo.textmine import classifiers
from lianluo.textmine import hot as text_hot
from lianluo.textmine.models import ClassifierVersion

DEMO_PASSWORD = "Lianluo-Demo-2026"

PROVINCE, CITY, COUNTY, TOWN = "43", "4301", "430121", "430121105"

SPECIAL_COMMITTEES = [
    "民族宗教侨务外事委员会", "监察和司法委员会", "财政经济委员会", "教育科学文化卫生委员会",
    "环境与资源保护委员会", "农业农村委员会", "社会建设委员会", "法制委员会",
]

# (region code, congress term number, term start, sessions: [(number, start, end)])
TERMS = [
    (PROVINCE, 14, datetime.date(2023, 1, 13), [
        (1, datetime.date(2023, 1, 13), datetime.date(2023, 1, 17)),
        (2, datetime.date(2024, 1, 22), datetime.date(2024, 1, 25)),
        (3, datetime.date(2025, 1, 14), datetime.date(2025, 1, 17)),
        (4, datetime.date(2026, 1, 27), datetime.date(2026, 1, 30)),
    ]),
    (CITY, 16, datetime.date(2022, 1, 6), [
        (1, datetime.date(2022, 1, 6), datetime.date(2022, 1, 9)),
        (5, datetime.date(2026, 1, 12), datetime.date(2026, 1, 15)),
    ]),
    (COUNTY, 18, datetime.date(2021, 12, 20), [
        (1, datetime.date(2021, 12, 20), datetime.date(2021, 12, 23)),
        (5, datetime.date(2026, 1, 8), datetime.date(2026, 1, 10)),
    ]),
    (TOWN, 18, datetime.date(2021, 11, 28), [
        (1, datetime.date(2021, 11, 28), datetime.date(2021, 11, 29)),
        (9, datetime.date(2026, 1, 6), datetime.date(2026, 1, 6)),
    ]),
]

STANDING_COMMITTEE = [
    ("周明远", StandingCommitteeMember.Position.CHAIR), ("李淑芬", StandingCommitteeMember.Position.VICE_CHAIR),
    ("陈卫东", StandingCommitteeMember.Position.VICE_CHAIR),
    ("刘志强", StandingCommitteeMember.Position.SECRETARY_GENERAL),
    ("王丽华", StandingCommitteeMember.Position.MEMBER), ("张国庆", StandingCommitteeMember.Position.MEMBER),
    ("谭红梅", StandingCommitteeMember.Position.MEMBER), ("彭建军", StandingCommitteeMember.Position.MEMBER),
]

ORGANISATIONS = [
    (COUNTY, "长沙县住房和城乡建设局"), (COUNTY, "长沙县教育局"), (COUNTY, "长沙县交通运输局"),
    (CITY, "长沙市住房和城乡建设局"), (CITY, "长沙市教育局"), (PROVINCE, "湖南省交通运输厅"),
]

# (username, full name, mobile, role, region, organisation name or "", note)
ACCOUNTS = [
    ("hn_lianluo", "罗晓燕", "13907310001", Role.LIAISON_STAFF, PROVINCE, "", "省人大常委会联工委，全省"),
    ("cs_lianluo", "胡建平", "13907310002", Role.LIAISON_STAFF, CITY, "", "长沙市人大常委会，仅长沙市"),
    ("csx_lianluo", "邓春兰", "13907310003", Role.LIAISON_STAFF, COUNTY, "", "长沙县人大常委会，仅长沙县"),
    ("csx_daibiao", "黄志勇", "13907310004", Role.DEPUTY, COUNTY, "", "长沙县人大代表"),
    ("csx_zhujian", "曾小军", "13907310005", Role.UNIT_OFFICER, COUNTY, "长沙县住房和城乡建设局", "承办单位经办人"),
    ("csx_zhujian_fz", "肖卫国", "13907310006", Role.UNIT_LEADER, COUNTY, "长沙县住房和城乡建设局", "承办单位负责人"),
    ("csx_jiaoyu", "段晓梅", "13907310014", Role.UNIT_OFFICER, COUNTY, "长沙县教育局", "承办单位经办人（教育局）"),
    ("csx_jiaoyu_fz", "贺建军", "13907310015", Role.UNIT_LEADER, COUNTY, "长沙县教育局", "承办单位负责人（教育局）"),
    ("csx_jiaotong", "邹海燕", "13907310016", Role.UNIT_OFFICER, COUNTY, "长沙县交通运输局",
     "承办单位经办人（交通运输局）"),
    ("xs_zhanzhang", "杨丽", "13907310007", Role.STATION_MANAGER, "430121001", "", "星沙街道代表联络站"),
    ("hn_changwei", "王丽华", "13907310008", Role.COMMITTEE_MEMBER, PROVINCE, "", "省人大常委会委员"),
    ("hn_zhuanwei", "蒋文斌", "13907310009", Role.SPECIAL_COMMITTEE_STAFF, PROVINCE, "", "省人大专门委员会"),
    ("csx_xuanju", "易秋菊", "13907310010", Role.ELECTION_STAFF, COUNTY, "", "长沙县选举委员会"),
    ("hn_xitong", "龙海涛", "13907310011", Role.SYSTEM_ADMIN, PROVINCE, "", "账户与设置"),
    ("hn_anquan", "夏雨晴", "13907310012", Role.SECURITY_ADMIN, PROVINCE, "", "角色与安全策略"),
    ("hn_shenji", "石振华", "13907310013", Role.AUDIT_ADMIN, PROVINCE, "", "只读审计日志"),
]


SURNAMES = (
    "王李张刘陈杨黄赵周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
    "余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
)
GIVEN_MALE = ["建华", "志强", "海波", "国平", "德明", "卫东", "新民", "文斌", "爱军", "振宇", "学军", "建国", "长青"]
GIVEN_FEMALE = ["秀英", "丽娟", "春梅", "晓红", "玉兰", "桂芳", "雪梅", "淑珍", "红霞", "美玲", "小燕", "慧敏", "永红"]
PARTIES = ["中国共产党", "中国共产党", "中国共产党", "群众", "中国民主同盟", "中国农工民主党", "九三学社", "中国致公党"]
OCCUPATIONS = ["农民", "乡村教师", "社区党委书记", "企业职工", "医生", "村党支部书记", "个体工商户", "工程师",
               "律师", "中学校长", "合作社理事长", "街道社区工作者"]
ETHNICITIES = ["汉族"] * 9 + ["土家族", "苗族", "侗族"]


def _id_number(region_code: str, birth: datetime.date, serial: int, male: bool) -> str:
    """A well-formed (GB 11643) but invented identity number for demo people."""
    gender_digit = serial * 2 % 10 + (1 if male else 0)
    body = f"{region_code[:6]}{birth:%Y%m%d}{serial % 100:02d}{gender_digit}"
    return body + ID_CHECK[sum(int(d) * w for d, w in zip(body, ID_WEIGHTS, strict=True)) % 11]


def _demo_deputies(terms: dict) -> None:
    """Twelve deputies for each of the province, 长沙市 and 长沙县, one person serving at two levels."""
    serial = 0
    for region_code in (PROVINCE, CITY, COUNTY):
        term = terms[region_code]
        delegations = list(term.delegations.order_by("order")[:4])
        groups = list(term.deputy_groups.all())
        for index in range(12):
            serial += 1
            male = serial % 3 != 0
            birth = datetime.date(1962 + serial % 30, 1 + serial % 12, 1 + serial * 7 % 28)
            home = COUNTY if region_code == COUNTY else CITY
            deputy_register(
                term=term, started_on=term.start_date, actor=None,
                name=SURNAMES[serial * 7 % len(SURNAMES)] + (GIVEN_MALE if male else GIVEN_FEMALE)[serial % 13],
                gender="male" if male else "female", birth_date=birth, ethnicity=ETHNICITIES[serial % 12],
                party=PARTIES[serial % len(PARTIES)], occupation=OCCUPATIONS[index],
                id_number=_id_number(home + "00", birth, serial, male), mobile=f"139{serial:08d}",
                delegation=delegations[index % len(delegations)] if delegations else None,
                deputy_group=groups[index % len(groups)] if groups else None,
                constituency="" if delegations else f"第{index + 1}选区",
            )
    # The first county deputy is also a provincial deputy (same identity number → same person).
    first = Mandate.objects.filter(term=terms[COUNTY]).order_by("id").first()
    person = first.person
    deputy_register(term=terms[PROVINCE], started_on=terms[PROVINCE].start_date, name=person.name,
                    gender=person.gender, id_number=person.id_number, delegation=terms[PROVINCE].delegations.first())


def _link_accounts(terms: dict) -> None:
    """The demo deputy account is 黄志勇, a 长沙县 deputy; the committee-member account is 王丽华 of the province."""
    deputy = User.objects.get(username="csx_daibiao")
    mandate = Mandate.objects.filter(term=terms[COUNTY], person__name="黄志勇").first()
    if mandate is None:
        mandate = deputy_register(
            term=terms[COUNTY], started_on=terms[COUNTY].start_date, name="黄志勇", gender="male",
            birth_date=datetime.date(1976, 5, 12), party="中国共产党", occupation="星沙街道某社区党委书记",
            id_number=_id_number("43012100", datetime.date(1976, 5, 12), 77, True), mobile="13907310004",
            deputy_group=terms[COUNTY].deputy_groups.order_by("id").first(), constituency="星沙街道第3选区",
        )
    person_link_user(person=mandate.person, user=deputy)
    region_services.standing_committee_member_ensure(
        term=terms[PROVINCE], name="王丽华", position=StandingCommitteeMember.Position.MEMBER, order=4,
        user=User.objects.get(username="hn_changwei"),
    )


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role_label: str
    region_name: str
    note: str


@dataclass(frozen=True)
class DemoWorld:
    regions: int
    congresses: int
    deputies: int
    accounts: list[DemoAccount]


def _divisions_csv() -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["code", "name", "parent_code", "level"])
    for code, name, parent, level in hunan.divisions():
        writer.writerow([code, name, parent or "", level])
    return buffer.getvalue().encode()


def _train_demo_classifier() -> None:
    """长沙县's issue-category model, trained by its office from the demo's categorised issues, so that the triage
    page shows its hint (the other kinds have too few records in the demo)."""
    office = User.objects.filter(username="csx_lianluo").first()
    if office is None or ClassifierVersion.objects.filter(region_id=COUNTY, kind="issue_category").exists():
        return
    if classifiers.record_count("issue_category", COUNTY) >= classifiers.MIN_RECORDS:
        classifiers.classifier_train(kind="issue_category", region=Region.objects.get(pk=COUNTY), actor=office)


@transaction.atomic
def load_demo_world() -> DemoWorld:
    """Create what is missing and leave everything else as it is (safe to run again)."""
    report = region_services.region_import(data=_divisions_csv())
    if not report.ok:
        raise RuntimeError("demo divisions rejected: " + "; ".join(str(e) for e in report.errors[:5]))
    regions = {r.code: r for r in Region.objects.filter(code__in=[PROVINCE, CITY, COUNTY, TOWN, "430121001"])}
    terms = {}
    for region_code, number, start, sessions in TERMS:
        congress = region_services.congress_ensure(region=regions[region_code])
        term = region_services.term_open(congress=congress, number=number, start_date=start)
        terms[region_code] = term
        for session_number, session_start, session_end in sessions:
            if not term.sessions.filter(number=session_number).exists():
                region_services.session_create(term=term, number=session_number, start_date=session_start,
                                               end_date=session_end)
        if congress.has_standing_committee:
            for order, (name, position) in enumerate(STANDING_COMMITTEE):
                region_services.standing_committee_member_ensure(term=term, name=name, position=position,
                                                                 order=order)
        if region_code == PROVINCE:
            for order, committee in enumerate(SPECIAL_COMMITTEES):
                region_services.special_committee_ensure(term=term, name=committee, order=order)
            for order, (code, name) in enumerate(hunan.PREFECTURES):
                region_services.delegation_ensure(term=term, name=f"{name}代表团", order=order,
                                                  region=Region.objects.get(code=code))
        if region_code == COUNTY:
            for code, name in [("430121001", "星沙街道"), ("430121105", "黄花镇")]:
                region_services.deputy_group_ensure(term=term, name=f"{name}代表小组",
                                                    region=Region.objects.get(code=code))
    _demo_deputies(terms)
    organisations = {}
    for region_code, name in ORGANISATIONS:
        organisations[name] = region_services.organisation_ensure(region=Region.objects.get(code=region_code),
                                                                  name=name)
    accounts = []
    for username, full_name, mobile, role, region_code, organisation, note in ACCOUNTS:
        region = Region.objects.get(code=region_code)
        user = User.objects.filter(username=username).first()
        if user is None:
            user, _ = user_create(actor=None, username=username, full_name=full_name, mobile=mobile,
                                  home_region=region, password=DEMO_PASSWORD, must_change_password=False)
        assignment_grant(actor=None, user=user, role=role, region=region,
                         organisation=organisations.get(organisation))
        accounts.append(DemoAccount(username, Role(role).label, region.name, note))
    _link_accounts(terms)
    load_demo_contacts()
    load_demo_stations()
    load_demo_casework()
    load_demo_proposals()
    load_demo_publication()
    load_demo_motions()
    load_demo_elections()
    load_demo_livelihood()
    text_hot.hot_issues_refresh_all()  # the hourly job's first run, so that the hot-issue page has its clusters
    _train_demo_classifier()
    return DemoWorld(regions=Region.objects.count(), congresses=Congress.objects.count(),
                     deputies=Mandate.objects.count(), accounts=accounts)

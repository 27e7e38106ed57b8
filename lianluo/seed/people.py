"""Invented people: names, identity numbers with valid GB 11643 check characters, mobile numbers, addresses."""

import datetime
import random

from lianluo.core.validators import ID_CHECK, ID_WEIGHTS

SURNAMES = (
    "王李张刘陈杨黄赵周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
    "余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
    "向舒伍欧阳聂粟符喻滕"
)
GIVEN = "建华志强海波国平德明卫东新民文斌爱军振宇学军长青秀英丽娟春梅晓红玉兰桂芳雪梅淑珍红霞美玲小燕慧敏永红" \
        "伟刚勇毅俊峰磊鹏辉涛浩宇杰鑫敏静婷娜霞燕琳芳洁倩颖佳欣怡湘沅澧衡岳"
PARTIES = ["中国共产党"] * 7 + ["群众"] * 2 + ["中国民主同盟", "中国农工民主党", "九三学社", "中国致公党"]
ETHNICITIES = ["汉族"] * 17 + ["土家族", "苗族", "侗族", "瑶族", "白族"]
EDUCATION = ["研究生", "大学本科", "大学本科", "大学专科", "高中", "初中"]
# (occupation category, typical positions)
OCCUPATIONS = [
    ("farmer", ["农民", "种粮大户", "合作社理事长"]),
    ("worker", ["企业职工", "一线工人", "技术员"]),
    ("professional", ["乡村教师", "医生", "工程师", "律师", "中学校长"]),
    ("official", ["乡镇党委书记", "县政府副县长", "街道办事处主任", "局长"]),
    ("enterprise", ["公司董事长", "企业总经理", "个体工商户"]),
    ("other", ["村党支部书记", "社区党委书记", "村委会主任", "社区工作者"]),
]
ROADS = "人民解放建设中山五一芙蓉韶山湘江车站迎宾新华东风胜利和平"


def person_name(rng: random.Random) -> str:
    given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.75 else "")
    return rng.choice(SURNAMES) + given


def id_number(region_code: str, birth: datetime.date, sequence: int, male: bool) -> str:
    """18 characters: county code, birth date, a three-digit sequence (odd for men) and the check character."""
    order = sequence % 500 * 2 + (1 if male else 0)
    body = f"{region_code[:6]}{birth:%Y%m%d}{order:03d}"
    return body + ID_CHECK[sum(int(d) * w for d, w in zip(body, ID_WEIGHTS, strict=True)) % 11]


def birth_date(rng: random.Random, youngest: int = 1960, oldest_span: int = 45) -> datetime.date:
    return datetime.date(youngest + rng.randrange(oldest_span), 1 + rng.randrange(12), 1 + rng.randrange(28))


def mobile(rng: random.Random) -> str:
    return f"1{rng.choice('3578')}{rng.randrange(10)}{rng.randrange(10**8):08d}"


def address(rng: random.Random, area: str) -> str:
    return f"{area}{rng.choice(ROADS)}{rng.choice(ROADS)}路{rng.randint(1, 300)}号{rng.randint(1, 30)}栋"


class UniqueIds:
    """Hands out identity numbers never used before in this run (the blind index is unique per person)."""

    def __init__(self, taken: set[str] | None = None):
        self.taken = taken or set()
        self.sequence = 0

    def new(self, rng: random.Random, region_code: str, male: bool, youngest: int = 1960, span: int = 45) -> tuple:
        while True:
            self.sequence += 1
            birth = birth_date(rng, youngest, span)
            value = id_number(region_code, birth, self.sequence, male)
            if value not in self.taken:
                self.taken.add(value)
                return value, birth

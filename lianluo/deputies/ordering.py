"""Sort keys for names: surname strokes (按姓氏笔画排序) and pinyin.

Official lists order people by the surname's stroke count, then by the order of its strokes taken class by
class (横、竖、撇、点、折, GB 13000.1 字符集汉字笔顺规范), then the following characters the same way. A compound
surname (欧阳, 司马 …) is the surname as a whole; people with a one-character surname come before those with a
compound surname that begins with the same character. Characters without stroke data (Latin letters, rare
characters) sort after all Han characters, by code point.

The pinyin key uses the surname readings (单 shàn, 曾 zēng, 解 xiè …) rather than the common reading.
"""

import unicodedata
from functools import cache
from pathlib import Path

from pypinyin import Style, lazy_pinyin

KEY_LENGTH = 200  # the width of Person.name_strokes_key / name_pinyin_key
SURNAME_END = "/"  # sorts before digits and letters: 欧 + anything comes before 欧阳
SEPARATORS = "·•・.． "

COMPOUND_SURNAMES = {
    "欧阳": "ou1 yang2", "司马": "si1 ma3", "诸葛": "zhu1 ge3", "上官": "shang4 guan1", "东方": "dong1 fang1",
    "皇甫": "huang2 fu3", "尉迟": "yu4 chi2", "公孙": "gong1 sun1", "慕容": "mu4 rong2", "长孙": "zhang3 sun1",
    "宇文": "yu3 wen2", "司徒": "si1 tu2", "司空": "si1 kong1", "夏侯": "xia4 hou2", "令狐": "ling2 hu2",
    "澹台": "tan2 tai2", "轩辕": "xuan1 yuan2", "端木": "duan1 mu4", "独孤": "du2 gu1", "南宫": "nan2 gong1",
    "西门": "xi1 men2", "闻人": "wen2 ren2", "呼延": "hu1 yan2", "万俟": "mo4 qi2", "单于": "chan2 yu2",
    "申屠": "shen1 tu2", "钟离": "zhong1 li2", "百里": "bai3 li3", "东郭": "dong1 guo1", "赫连": "he4 lian2",
    "太史": "tai4 shi3", "淳于": "chun2 yu2", "仲孙": "zhong4 sun1", "濮阳": "pu2 yang2", "公冶": "gong1 ye3",
}
# One-character surnames whose surname reading differs from the common one.
SURNAME_READINGS = {
    "单": "shan4", "曾": "zeng1", "解": "xie4", "仇": "qiu2", "区": "ou1", "查": "zha1", "朴": "piao2",
    "覃": "qin2", "盖": "ge3", "尉": "wei4", "乐": "yue4", "员": "yun4", "缪": "miao4", "繁": "po2",
    "种": "chong2", "翟": "zhai2", "秘": "bi4", "柏": "bai3", "褚": "chu3", "冼": "xian3", "能": "nai4",
    "宁": "ning4", "相": "xiang4", "句": "gou1", "折": "she2", "黑": "he4", "过": "guo1", "闭": "bi4",
    "召": "shao4", "瞿": "qu2", "任": "ren2", "沈": "shen3", "华": "hua4", "纪": "ji3", "燕": "yan1",
    "车": "che1", "朝": "chao2", "石": "shi2", "谌": "chen2", "那": "na1", "阚": "kan4", "隗": "wei3",
}
UNKNOWN_CHAR = "99"  # stroke-count slot for characters without data: after every Han character


@cache
def _strokes() -> dict[str, str]:
    table = {}
    text = (Path(__file__).parent / "data" / "strokes.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        char, _, digits = line.partition(" ")
        if char and digits:
            table[char] = digits
    return table


def _clean(name: str) -> str:
    name = unicodedata.normalize("NFKC", name or "").strip()
    return "".join(c for c in name if c not in SEPARATORS)


def split_surname(name: str) -> tuple[str, str]:
    """(surname, given name); a compound surname is taken whole. Names of two characters or fewer keep a
    one-character surname."""
    name = _clean(name)
    if len(name) > 2 and name[:2] in COMPOUND_SURNAMES:
        return name[:2], name[2:]
    return name[:1], name[1:]


def char_strokes(char: str) -> str:
    """The stroke classes of one character in writing order ('1121' for 王), '' if unknown."""
    return _strokes().get(char, "")


def _char_key(char: str) -> str:
    digits = char_strokes(char)
    if not digits:
        return f"{UNKNOWN_CHAR}{ord(char):06x}"
    # Count first, then the classes in writing order (same count → same length, so plain string order works),
    # then the code point to keep different characters of identical shape apart.
    return f"{len(digits):02d}{digits}{ord(char):06x}"


def strokes_key(name: str) -> str:
    surname, given = split_surname(name)
    key = "".join(map(_char_key, surname)) + SURNAME_END + "".join(map(_char_key, given))
    return key[:KEY_LENGTH]


@cache
def _syllable(char: str) -> str:
    return "".join(lazy_pinyin(char, style=Style.TONE3, neutral_tone_with_five=True,
                               errors=lambda s: list(s.lower())))


def _syllables(text: str) -> list[str]:
    # Character by character (cached): a roster of 130,000 names is keyed in well under a second. Given names
    # are read with each character's common reading.
    return [_syllable(char) for char in text]


def pinyin_key(name: str) -> str:
    surname, given = split_surname(name)
    if surname in COMPOUND_SURNAMES:
        head = COMPOUND_SURNAMES[surname]
    elif surname in SURNAME_READINGS:
        head = SURNAME_READINGS[surname]
    else:
        head = "".join(_syllables(surname))
    # Each syllable ends in its tone digit, so they join without a separator (li3 < lin2).
    key = head.replace(" ", "") + SURNAME_END + "".join(_syllables(given))
    return key[:KEY_LENGTH]

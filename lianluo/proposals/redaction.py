"""Proposed redaction of a suggestion and its reply before they are made public (代表法 Art 51 ¶3; PIPL Arts 13, 25:
personal information is not disclosed without a legal basis).

``redact`` masks what can be recognised in text — mobile and landline telephone numbers, identity numbers
(GB 11643, 18 and old 15 digits), e-mail addresses — and removes the names of private persons that the office
lists (a name becomes its surname and 某, the form used in Chinese public documents: 张三 → 张某). It only
proposes: the staff read and edit the public version before publishing, and the internal text is never changed.
``personal_data_left`` is the check the publishing service runs on the final text.

Numbers inside longer runs of digits or letters (amounts, document numbers, codes) are left alone: every pattern
must stand on its own, between characters that are neither digits nor ASCII letters.
"""

import re
from dataclasses import dataclass, field

PHONE_MASK = "【电话号码已隐去】"
ID_MASK = "【身份证号码已隐去】"
EMAIL_MASK = "【电子邮箱已隐去】"
NAME_SUFFIX = "某"

_EDGE_BEFORE = r"(?<![0-9A-Za-z])"
_EDGE_AFTER = r"(?![0-9A-Za-z])"
_DATE = r"(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"

# The kinds in the order they are applied: identity numbers first, so that no phone pattern eats part of one.
PATTERNS: tuple[tuple[str, str, re.Pattern], ...] = (
    ("id_number", ID_MASK, re.compile(
        rf"{_EDGE_BEFORE}(?:[1-9]\d{{5}}(?:18|19|20)\d{{2}}{_DATE}\d{{3}}[\dXx]|[1-9]\d{{7}}{_DATE}\d{{3}}){_EDGE_AFTER}")),
    ("email", EMAIL_MASK, re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")),
    # Mobile numbers: 11 digits from 13x to 19x, optionally +86 / 86 and spaces or dashes as 3-4-4.
    ("mobile", PHONE_MASK, re.compile(
        rf"{_EDGE_BEFORE}(?:(?:\+|＋)?86[\s\-]?)?1[3-9]\d(?:[\s\-]?\d{{4}}){{2}}{_EDGE_AFTER}")),
    # Landlines with an area code: 0731-84011234, (0731)84011234, （0731）8401 1234, 0731 84011234, extensions.
    ("landline", PHONE_MASK, re.compile(
        rf"{_EDGE_BEFORE}(?:[(（]0\d{{2,3}}[)）]\s?|0\d{{2,3}}[\s\-])\d{{3,4}}[\s\-]?\d{{4}}"
        rf"(?:\s?(?:转|-|ext\.?)\s?\d{{1,6}})?{_EDGE_AFTER}")),
    # Landlines without an area code only where the text says it is a telephone number.
    ("landline", PHONE_MASK, re.compile(rf"((?:电话|座机|热线|手机|联系方式)[:：]?\s*)\d{{7,8}}{_EDGE_AFTER}")),
)
KIND_LABELS = {"mobile": "手机号码", "landline": "固定电话", "id_number": "身份证号码", "email": "电子邮箱",
               "name": "群众姓名"}


@dataclass
class Redaction:
    """The proposed public text and how many things of each kind were masked in it."""

    text: str
    found: dict[str, int] = field(default_factory=dict)

    @property
    def summary(self) -> str:
        """已隐去：手机号码 2 处、群众姓名 1 处 — for the staff, next to the proposal."""
        return "、".join(f"{KIND_LABELS[k]} {n} 处" for k, n in self.found.items() if n)


def names_from(text: str) -> list[str]:
    """The private persons' names the office typed, one per line or separated by commas or 、."""
    parts = re.split(r"[\s,，、;；]+", text or "")
    names = []
    for part in parts:
        part = part.strip()
        if 2 <= len(part) <= 20 and part not in names:
            names.append(part)
    return names


def _name_mask(name: str) -> str:
    return name[0] + NAME_SUFFIX if len(name) >= 2 else NAME_SUFFIX


def redact(text: str, *, names=()) -> Redaction:
    """Mask telephone numbers, identity numbers and e-mail addresses in ``text`` and replace each of ``names``
    (the longest first, so that 欧阳建华 is not half-masked as 欧阳某华)."""
    text = text or ""
    found: dict[str, int] = {}
    for kind, mask, pattern in PATTERNS:
        if kind == "landline" and pattern.groups:
            text, count = pattern.subn(lambda m, mask=mask: m.group(1) + mask, text)
        else:
            text, count = pattern.subn(mask, text)
        if count:
            found[kind] = found.get(kind, 0) + count
    for name in sorted({n.strip() for n in names if n and n.strip()}, key=len, reverse=True):
        masked = _name_mask(name)
        if masked == name:
            continue
        count = text.count(name)
        if count:
            text = text.replace(name, masked)
            found["name"] = found.get("name", 0) + count
    return Redaction(text=text, found=found)


def personal_data_left(text: str) -> list[str]:
    """The kinds of recognisable personal data still in ``text`` (Chinese labels, no duplicates)."""
    kinds = []
    for kind, _mask, pattern in PATTERNS:
        label = KIND_LABELS[kind]
        if pattern.search(text or "") and label not in kinds:
            kinds.append(label)
    return kinds

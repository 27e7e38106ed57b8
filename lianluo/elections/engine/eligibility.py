"""Who may be registered as a voter (and stand for election) in one election.

选举法 Art 4 (citizens of 18 and over, unless deprived of political rights), Art 27 ¶2 (the mentally ill who cannot
exercise the right, once the election committee confirms it), NPCSC 1983 §§4–5 (people in custody whom the
procuratorate or court has ordered to stop exercising the right; who keeps the vote).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

VOTING_AGE = 18

NOT_CITIZEN = "not_citizen"
UNDER_AGE = "under_age"
DEPRIVED = "deprived"
INCAPABLE = "incapable"
SUSPENDED = "suspended"
REASON_LABELS = {
    NOT_CITIZEN: "不是中华人民共和国公民（选举法第四条）",
    UNDER_AGE: "选举日未满十八周岁（选举法第四条）",
    DEPRIVED: "依法被剥夺政治权利（选举法第四条）",
    INCAPABLE: "经选举委员会确认不能行使选举权利的精神病患者，不列入选民名单（选举法第二十七条第二款）",
    SUSPENDED: "羁押期间经人民检察院或者人民法院决定停止行使选举权利（全国人大常委会1983年规定第四条）",
}


@dataclass(frozen=True)
class Person:
    birth_date: datetime.date
    citizen: bool = True
    deprived_until: datetime.date | None = None  # deprived of political rights up to and including this day
    deprived_for_life: bool = False
    incapable_confirmed: bool = False  # the election committee confirmed the person cannot exercise the right
    suspended: bool = False  # in custody, the procuratorate or court ordered the right suspended


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    reasons: list[str] = field(default_factory=list)

    @property
    def labels(self) -> list[str]:
        return [REASON_LABELS[r] for r in self.reasons]


def adult_on(birth_date: datetime.date, day: datetime.date) -> datetime.date:
    """The day a person born on ``birth_date`` turns 18. Born on 29 February: 1 March in a common year (the person
    is not 18 on 28 February, the day before their birthday would have been)."""
    year = birth_date.year + VOTING_AGE
    try:
        return birth_date.replace(year=year)
    except ValueError:
        return datetime.date(year, 3, 1)


def is_of_age(birth_date: datetime.date, election_day: datetime.date) -> bool:
    """18 on or before election day (选举法 Art 4; RULES.md A2, Hunan practice "选举日（含）以前年满十八周岁"):
    ``birthdate + 18y <= election_day``."""
    return adult_on(birth_date, election_day) <= election_day


def deprived_on(person: Person, day: datetime.date) -> bool:
    if person.deprived_for_life:
        return True
    return person.deprived_until is not None and day <= person.deprived_until


def check(person: Person, election_day: datetime.date) -> Eligibility:
    """Whether the person is registered for an election held on ``election_day``, with every reason against.

    Those sentenced without deprivation of political rights, detained without a suspension order, on bail or under
    residential surveillance keep the vote (NPCSC 1983 §5; RULES.md A1c): nothing here takes it from them; they
    vote by mobile ballot box or proxy."""
    reasons = []
    if not person.citizen:
        reasons.append(NOT_CITIZEN)
    if not is_of_age(person.birth_date, election_day):
        reasons.append(UNDER_AGE)
    if deprived_on(person, election_day):
        reasons.append(DEPRIVED)
    if person.incapable_confirmed:
        reasons.append(INCAPABLE)
    if person.suspended:
        reasons.append(SUSPENDED)
    return Eligibility(not reasons, reasons)


MAX_PROXIES = 3


def proxy_allowed(*, held: int, approved: bool, in_writing: bool) -> list[str]:
    """Why a proxy (委托投票) cannot be accepted, empty when it can: a voter away during the election may authorise
    another voter in writing, with the election committee's consent, and nobody may hold more than three proxies
    (选举法 Art 42; RULES.md A23). ``held`` counts the proxies the holder already has."""
    problems = []
    if not in_writing:
        problems.append("委托投票应当以书面形式委托（选举法第四十二条）")
    if not approved:
        problems.append("委托投票须经选举委员会同意（选举法第四十二条）")
    if held >= MAX_PROXIES:
        problems.append("每一选民接受的委托不得超过三人（选举法第四十二条）")
    return problems

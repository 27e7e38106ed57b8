"""Benchmark data at province or county scale: regions, congresses and terms at every level with their deputies,
liaison stations with assigned deputies, shifts and receptions, and constituent issues in every state.

Deterministic for a given ``--seed`` (the random public keys of stations and the ciphertexts aside). Personal data
is written encrypted, exactly as the models would write it. The bulk tables go in with COPY (PostgreSQL) or batched
inserts (SQLite); summary tables and the search index are rebuilt at the end by their owners' rebuild functions.
"""

import csv
import datetime
import io
import json
import random
import secrets
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import NOT_PROVIDED
from django.utils import timezone

from lianluo.accounts.models import User
from lianluo.accounts.roles import Role
from lianluo.accounts.services import assignment_grant, user_create
from lianluo.casework.models import QUERY_ALPHABET, Category, Constituent, Issue, IssueCounter, IssueEvent
from lianluo.core.audit import audit_record
from lianluo.core.crypto import provider
from lianluo.core.fields import blind_index
from lianluo.demo import hunan
from lianluo.deputies.models import Mandate, Person
from lianluo.deputies.ordering import pinyin_key, strokes_key
from lianluo.regions import services as region_services
from lianluo.regions.models import (
    Congress,
    Delegation,
    DeputyGroup,
    Level,
    Organisation,
    Region,
    StandingCommittee,
    StandingCommitteeMember,
    Term,
)
from lianluo.seed import people, texts
from lianluo.seed.bulk import Writer
from lianluo.stations.models import DutyShift, Reception, Station, StationDeputy

SEED_PASSWORD = "Lianluo-Demo-2026"  # the demo accounts' password; seeded databases are for benchmarks only
PROVINCE = "43"
FIRST_DAY, LAST_DAY = datetime.date(2024, 1, 2), datetime.date(2026, 11, 20)
# (term number, first day) of the current term per level: province 14th from 2023, prefectures 16th from 2022,
# counties and townships elected in the 2021 county–township elections.
TERMS = {1: (14, datetime.date(2023, 1, 13)), 2: (16, datetime.date(2022, 1, 6)),
         3: (18, datetime.date(2021, 12, 20)), 4: (18, datetime.date(2021, 11, 28))}
DEPARTMENTS = ["住房和城乡建设局", "交通运输局", "生态环境局", "人力资源和社会保障局", "教育局", "卫生健康委员会",
               "市场监督管理局", "农业农村局", "水利局", "自然资源局", "民政局", "城市管理局"]
TOWN_SUFFIXES = ["镇", "镇", "镇", "乡", "街道"]
TOWN_SYLLABLES = "青山白沙金井黄花春华福临高桥路口北山开慧果园江背安沙双江湘龙泉塘石门花桥枫林杨梅竹山"


@dataclass(frozen=True)
class Scale:
    name: str
    counties: tuple[str, ...] | None  # None: every county of the province
    townships: int | None  # township-level units per county (generated regions; a cap with the CSV)
    deputies: dict[int, int]  # per congress by level (townships vary around their number)
    stations: int
    receptions_per_station: int
    issues: int
    committee: dict[int, int] = field(default_factory=lambda: {1: 60, 2: 40, 3: 30})
    suggestions: int = 0  # deputies' suggestions over five years (lianluo/seed/proposals.py)


SCALES = {
    "province": Scale("province", None, 16, {1: 770, 2: 500, 3: 250, 4: 60}, 20_000, 5, 1_000_000,
                      suggestions=50_000),
    "county": Scale("county", ("430121",), 18, {1: 60, 2: 60, 3: 250, 4: 47}, 150, 8, 20_000, suggestions=2_000),
    "tiny": Scale("tiny", ("430121",), 3, {1: 6, 2: 6, 3: 20, 4: 8}, 6, 2, 300, {1: 3, 2: 3, 3: 3},
                  suggestions=50),
}


@dataclass
class Report:
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    accounts: list[str] = field(default_factory=list)


class Progress:
    def __init__(self, out: Callable[[str], None] | None):
        self.out = out or (lambda _message: None)
        self.started = time.monotonic()
        self.last = self.started

    def __call__(self, message: str) -> None:
        now = time.monotonic()
        self.out(f"[{now - self.started:7.1f}s  +{now - self.last:6.1f}s] {message}")
        self.last = now


def seed(*, scale: Scale, regions_csv: bytes | None = None, rng_seed: int = 1, out=None) -> Report:
    """Build the data in one transaction (a failed run leaves nothing behind)."""
    progress = Progress(out)
    builder = _Builder(scale, random.Random(rng_seed), progress)  # noqa: S311  (invented data, not secrets)
    with transaction.atomic():
        builder.regions(regions_csv)
        builder.congresses()
        builder.deputies()
        builder.stations()
        builder.issues()
        builder.proposals()
        builder.accounts()
        audit_record(action="seed.load", actor=None, object_type="seed",
                     summary={"scale": scale.name, **builder.report.counts})
    _rebuild(progress)
    builder.report.seconds = time.monotonic() - progress.started
    progress(f"完成，共 {builder.report.seconds:.0f} 秒")
    return builder.report


def _rebuild(progress: Progress) -> None:
    from lianluo.casework.search import index_rebuild
    from lianluo.casework.services import issue_monthly_rebuild
    from lianluo.stations.services import station_monthly_rebuild

    rows = issue_monthly_rebuild()
    progress(f"群众意见月度汇总 {rows} 行")
    rows = station_monthly_rebuild()
    progress(f"联络站月度汇总 {rows} 行")
    rows = index_rebuild(progress=lambda n: progress(f"  检索索引 {n} 条") if n % 200_000 == 0 else None)
    progress(f"检索索引 {rows} 条（含建索引）")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        progress("ANALYZE")


class _Builder:
    def __init__(self, scale: Scale, rng: random.Random, progress: Progress):
        self.scale, self.rng, self.progress = scale, rng, progress
        self.writer = Writer()
        self.report = Report()
        self.now = timezone.now()
        self.crypto = provider()
        self.sort_keys: dict[str, tuple[str, str]] = {}

    # --- regions and congress structures ----------------------------------------------------------------

    def regions(self, regions_csv: bytes | None) -> None:
        rows = self._division_rows(regions_csv)
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(["code", "name", "parent_code", "level", "unit_type"])
        writer.writerows(rows)
        report = region_services.region_import(data=buffer.getvalue().encode())
        if not report.ok:
            raise RuntimeError("行政区划数据有误：" + "；".join(str(e) for e in report.errors[:5]))
        codes = [row[0] for row in rows]
        self.region_rows = {r.code: r for r in Region.objects.filter(code__in=codes)}
        self.by_level = defaultdict(list)
        for code in sorted(self.region_rows):
            self.by_level[self.region_rows[code].level].append(self.region_rows[code])
        self.townships = self.by_level[4]
        self.counties = [r for r in self.by_level[3] if r.unit_type == Region.UnitType.ADMIN]
        self.report.counts["regions"] = len(rows)
        self.progress(f"行政区划 {len(rows)} 个（新建 {report.created}）")

    def _division_rows(self, regions_csv: bytes | None) -> list[tuple]:
        scale = self.scale
        if regions_csv:
            text = regions_csv.decode("utf-8-sig")
            source = [(r["code"], r["name"], r.get("parent_code") or "", int(r["level"]), r.get("unit_type") or "admin")
                      for r in csv.DictReader(io.StringIO(text)) if r["code"].startswith(PROVINCE)]
        else:
            source = self._generated_divisions()
        wanted = set(scale.counties) if scale.counties else None
        rows, per_county = [], defaultdict(int)
        for code, name, parent, level, unit_type in source:
            if wanted is not None:
                if level == 2 and not any(c.startswith(code) for c in wanted):
                    continue
                if level >= 3 and code[:6] not in wanted:
                    continue
            if level == 4 and wanted is not None and scale.townships is not None and regions_csv:
                per_county[code[:6]] += 1
                if per_county[code[:6]] > scale.townships:
                    continue
            rows.append((code, name, parent, level, unit_type))
        return rows

    def _generated_divisions(self) -> list[tuple]:
        """The real province, prefectures and counties (demo/hunan.py) and invented townships under each county."""
        rng = random.Random(7)  # noqa: S311
        rows = [(hunan.PROVINCE[0], hunan.PROVINCE[1], "", 1, "admin")]
        rows += [(code, name, PROVINCE, 2, "admin") for code, name in hunan.PREFECTURES]
        for code, name, parent in hunan.COUNTIES:
            rows.append((code, name, parent, 3, "admin"))
            known = [(c, n) for c, n, p in hunan.TOWNSHIPS if p == code]
            names = {n for _, n in known}
            count = max(len(known), round(self.scale.townships * rng.uniform(0.7, 1.3)))
            for town_code, town_name in known:
                rows.append((town_code, town_name, code, 4, "admin"))
            serial = 200
            while len(names) < count:
                serial += 1
                name = rng.choice(TOWN_SYLLABLES) + rng.choice(TOWN_SYLLABLES) + rng.choice(TOWN_SUFFIXES)
                if name not in names:
                    names.add(name)
                    rows.append((f"{code}{serial:03d}", name, code, 4, "admin"))
        return rows

    def congresses(self) -> None:
        regions = [r for r in self.region_rows.values() if r.unit_type == Region.UnitType.ADMIN
                   and not (r.level == 4 and r.name.endswith("街道"))]  # streets have no congress
        existing = {c.region_id: c for c in Congress.objects.filter(region__in=regions)}
        Congress.objects.bulk_create([Congress(region=r, level=r.level, name=r.congress_title)
                                      for r in regions if r.code not in existing], batch_size=2000)
        congresses = {c.region_id: c for c in Congress.objects.filter(region__in=regions)}
        terms = set(Term.objects.filter(congress__in=congresses.values()).values_list("congress_id", "number"))
        new_terms = []
        for congress in congresses.values():
            number, start = TERMS[congress.level]
            if (congress.pk, number) not in terms:
                new_terms.append(Term(congress=congress, number=number, start_date=start,
                                      end_date=start.replace(year=start.year + 5)))
        Term.objects.bulk_create(new_terms, batch_size=2000)
        self.terms = {}  # region code -> Term
        for term in Term.objects.filter(congress__in=congresses.values()).select_related("congress"):
            if term.number == TERMS[term.congress.level][0]:
                self.terms[term.congress.region_id] = term
        self._committees()
        self._delegations_and_groups()
        self._organisations_and_categories()
        self.report.counts["congresses"] = len(congresses)
        self.progress(f"人大 {len(congresses)} 个，届 {len(self.terms)} 个，常委会、代表团、代表小组、承办单位、分类")

    def _committees(self) -> None:
        terms = [t for t in self.terms.values() if t.congress.level <= Level.COUNTY]
        existing = set(StandingCommittee.objects.filter(term__in=terms).values_list("term_id", flat=True))
        StandingCommittee.objects.bulk_create([StandingCommittee(term=t) for t in terms if t.pk not in existing])
        members = []
        filled = set(StandingCommitteeMember.objects.filter(committee__term__in=terms)
                     .values_list("committee__term_id", flat=True))
        for committee in StandingCommittee.objects.filter(term__in=terms).select_related("term__congress"):
            if committee.term_id in filled:
                continue
            size = self.scale.committee.get(committee.term.congress.level, 0)
            for order in range(size):
                position = (StandingCommitteeMember.Position.CHAIR if order == 0 else
                            StandingCommitteeMember.Position.VICE_CHAIR if order < 5 else
                            StandingCommitteeMember.Position.SECRETARY_GENERAL if order == 5 else
                            StandingCommitteeMember.Position.MEMBER)
                members.append(StandingCommitteeMember(committee=committee, name=people.person_name(self.rng),
                                                       position=position, order=order))
        StandingCommitteeMember.objects.bulk_create(members, batch_size=2000)

    def _delegations_and_groups(self) -> None:
        wanted_delegations, wanted_groups = [], []
        province_term = self.terms.get(PROVINCE)
        for order, prefecture in enumerate(self.by_level[2]):
            if province_term:
                wanted_delegations.append((province_term, f"{prefecture.name}代表团", prefecture, order))
            city_term = self.terms.get(prefecture.code)
            if city_term:
                for order2, county in enumerate(c for c in self.counties if c.parent_id == prefecture.code):
                    wanted_delegations.append((city_term, f"{county.name}代表团", county, order2))
        for county in self.counties:
            term = self.terms.get(county.code)
            if term:
                for town in (t for t in self.townships if t.parent_id == county.code):
                    wanted_groups.append((term, f"{town.name}代表小组", town))
        have = set(Delegation.objects.filter(term__in=self.terms.values()).values_list("term_id", "name"))
        Delegation.objects.bulk_create([Delegation(term=t, name=n, region=r, order=o)
                                        for t, n, r, o in wanted_delegations if (t.pk, n) not in have])
        have = set(DeputyGroup.objects.filter(term__in=self.terms.values()).values_list("term_id", "name"))
        DeputyGroup.objects.bulk_create([DeputyGroup(term=t, name=n, region=r)
                                         for t, n, r in wanted_groups if (t.pk, n) not in have], batch_size=2000)
        self.delegations = defaultdict(list)  # term id -> [(id, region code)]
        for pk, term_id, region_id in Delegation.objects.filter(term__in=self.terms.values()).values_list(
                "pk", "term_id", "region_id"):
            self.delegations[term_id].append((pk, region_id))
        self.groups = defaultdict(list)
        for pk, term_id, region_id in DeputyGroup.objects.filter(term__in=self.terms.values()).values_list(
                "pk", "term_id", "region_id"):
            self.groups[term_id].append((pk, region_id))

    def _organisations_and_categories(self) -> None:
        wanted = []
        for region in [*self.by_level[1], *self.by_level[2], *self.counties]:
            prefix = "湖南省" if region.level == 1 else region.name
            for department in DEPARTMENTS[: 8 if region.level == 3 else 12]:
                name = f"{prefix}{department.replace('局', '厅') if region.level == 1 else department}"
                wanted.append((region, name))
        have = set(Organisation.objects.filter(region__in=[r for r, _ in wanted]).values_list("region_id", "name"))
        Organisation.objects.bulk_create([Organisation(region=r, name=n) for r, n in wanted
                                          if (r.code, n) not in have], batch_size=2000)
        self.units = defaultdict(list)  # region code -> organisation ids
        for pk, region_id in Organisation.objects.filter(region__in=[r for r, _ in wanted]).values_list(
                "pk", "region_id"):
            self.units[region_id].append(pk)
        province = Region.objects.get(code=PROVINCE)
        existing = {(c.parent_id, c.name): c for c in Category.objects.filter(region=province)}
        codes = set(Category.objects.filter(region=province).values_list("code", flat=True))

        def ensure(parent, name, code, depth, order):
            category = existing.get((parent.pk if parent else None, name))
            if category is None:
                while code in codes:
                    code += "s"
                codes.add(code)
                category = Category.objects.create(region=province, parent=parent, code=code, name=name,
                                                   depth=depth, order=order)
                existing[(category.parent_id, name)] = category
            return category

        firsts = {}
        self.topic_categories = []
        for index, (first, second, *_rest) in enumerate(texts.TOPICS):
            if first not in firsts:
                firsts[first] = ensure(None, first, f"{len(firsts) + 1:02d}", 1, len(firsts) + 1)
            parent = firsts[first]
            self.topic_categories.append(ensure(parent, second, f"{parent.code}{index + 1:02d}", 2, index + 1).pk)

    # --- deputies ---------------------------------------------------------------------------------------

    def _sort_keys(self, name: str) -> tuple[str, str]:
        keys = self.sort_keys.get(name)
        if keys is None:
            keys = self.sort_keys[name] = (strokes_key(name), pinyin_key(name))
        return keys

    def deputies(self) -> None:
        rng, scale = self.rng, self.scale
        taken = set()  # identity numbers already used by people in the database are not known (encrypted); the
        # blind index is unique, so check new numbers against the existing blind indexes instead
        existing_index = set(Person.objects.exclude(id_number_index="").values_list("id_number_index", flat=True))
        ids = people.UniqueIds(taken)
        person_id, mandate_id = self.writer.next_id(Person), self.writer.next_id(Mandate)
        person_rows, mandate_rows = [], []
        person_keys = {}  # person id -> (strokes key, pinyin key): mandates carry copies for the roster's order
        self.mandates_by_region = defaultdict(list)  # congress region -> mandate ids
        self.county_deputies = defaultdict(list)  # county code -> [(mandate id, township code or None)]
        self.higher_deputies = defaultdict(list)  # county code -> mandate ids of city and provincial deputies
        county_people = defaultdict(list)  # county code -> person ids (for deputies serving at two levels)
        counties_under = defaultdict(list)
        for county in self.counties:
            counties_under[county.parent_id].append(county.code)
        levels = sorted(self.terms.items(), key=lambda item: -item[1].congress.level)
        for region_code, term in levels:
            level = term.congress.level
            count = scale.deputies.get(level, 0)
            if level == 4:
                count = max(3, round(count * rng.uniform(0.7, 1.3)))
            delegations = self.delegations.get(term.pk, [])
            groups = self.groups.get(term.pk, [])
            persons_in_term = set()
            for seat in range(count):
                delegation_id, group_id, constituency = None, None, ""
                if level == 1:
                    delegation_id, area = delegations[seat % len(delegations)] if delegations else (None, None)
                    home = rng.choice(counties_under.get(area, [])) if area in counties_under else None
                elif level == 2:
                    delegation_id, home = delegations[seat % len(delegations)] if delegations else (None, None)
                elif level == 3:
                    home = region_code
                    if groups:
                        group_id, _town = groups[seat % len(groups)]
                    constituency = f"第{seat // 2 + 1}选区"
                else:
                    home = region_code[:6]
                    constituency = f"第{seat // 2 + 1}选区"
                home = home or (self.counties[0].code if self.counties else region_code)
                reuse = None
                if level <= 2 and county_people.get(home) and rng.random() < 0.3:
                    candidate = rng.choice(county_people[home])
                    if candidate not in persons_in_term:
                        reuse = candidate
                if reuse is None:
                    pid = person_id
                    person_id += 1
                    person_rows.append(self._person_row(pid, home, level, ids, existing_index))
                    person_keys[pid] = (person_rows[-1]["name_strokes_key"], person_rows[-1]["name_pinyin_key"])
                    if level == 3:
                        county_people[home].append(pid)
                else:
                    pid = reuse
                persons_in_term.add(pid)
                ended = rng.random() < 0.02
                mandate_rows.append({
                    "id": mandate_id, "person_id": pid, "term_id": term.pk, "region_id": region_code,
                    "delegation_id": delegation_id, "deputy_group_id": group_id, "constituency": constituency,
                    "started_on": term.start_date, "status": "ended" if ended else "serving",
                    "ended_on": term.start_date + datetime.timedelta(days=rng.randint(200, 1500)) if ended else None,
                    "end_reason": rng.choice(["moved_away", "resigned"]) if ended else "",
                    "strokes_key": person_keys[pid][0], "pinyin_key": person_keys[pid][1],
                })
                self.mandates_by_region[region_code].append(mandate_id)
                if level == 3:
                    town = next((code for pk, code in groups if pk == group_id), None)
                    self.county_deputies[home].append((mandate_id, town))
                elif level == 4:
                    self.county_deputies[home].append((mandate_id, region_code))
                elif home:
                    self.higher_deputies[home].append(mandate_id)
                mandate_id += 1
        self._write(Person, person_rows)
        self._write(Mandate, mandate_rows)
        self.writer.reset_sequences([Person._meta.db_table, Mandate._meta.db_table])
        self.report.counts["persons"] = len(person_rows)
        self.report.counts["mandates"] = len(mandate_rows)
        self.progress(f"代表 {len(mandate_rows)} 人次（{len(person_rows)} 人）")

    def _person_row(self, pid: int, home: str, level: int, ids: people.UniqueIds, existing_index: set) -> dict:
        rng = self.rng
        male = rng.random() < 0.68
        while True:
            number, birth = ids.new(rng, home, male, youngest=1958, span=42)
            index = blind_index(number, purpose="id_number")
            if index not in existing_index:
                break
        name = people.person_name(rng)
        category, positions = people.OCCUPATIONS[rng.randrange(len(people.OCCUPATIONS))]
        strokes, pinyin = self._sort_keys(name)
        return {
            "id": pid, "name": name, "gender": "male" if male else "female",
            "ethnicity": rng.choice(people.ETHNICITIES), "birth_date": birth, "party": rng.choice(people.PARTIES),
            "native_place": self.region_rows[home].name if home in self.region_rows else "",
            "education": rng.choice(people.EDUCATION),
            "occupation": f"{self.region_rows[home].name if home in self.region_rows else ''}{rng.choice(positions)}",
            "occupation_category": category,
            "id_number": self.crypto.encrypt(number, purpose="id_number"), "id_number_index": index,
            "mobile": self.crypto.encrypt(people.mobile(rng), purpose="mobile"),
            "name_strokes_key": strokes, "name_pinyin_key": pinyin, "user_id": None,
        }

    # --- stations ---------------------------------------------------------------------------------------

    def stations(self) -> None:
        rng, scale = self.rng, self.scale
        towns = self.townships or self.counties
        station_id = self.writer.next_id(Station)
        shift_id, reception_id = self.writer.next_id(DutyShift), self.writer.next_id(Reception)
        existing_names = set(Station.objects.filter(region__in=towns).values_list("region_id", "name"))
        station_rows, assignment_rows, shift_rows, reception_rows, shift_deputies, reception_deputies = \
            [], [], [], [], [], []
        self.stations_by_town = defaultdict(list)
        self.station_info = {}  # station id -> (region code, [reception ids], [mandate ids])
        base, extra = divmod(scale.stations, len(towns))
        span = (LAST_DAY - FIRST_DAY).days
        for position, town in enumerate(towns):
            for k in range(base + (1 if position < extra else 0)):
                if k == 0:
                    name, kind = f"{town.name}人大代表联络站", "station"
                else:
                    village = texts.place_name(rng, "")
                    name, kind = (f"{village}代表联络点", "point") if k % 3 else (f"{village}代表联络室", "room")
                while (town.code, name) in existing_names:
                    name = name.replace("代表", f"{k}号代表", 1)
                existing_names.add((town.code, name))
                weekdays = ",".join(sorted(rng.sample("12345", 2)))
                station_rows.append({
                    "id": station_id, "name": name, "kind": kind, "region_id": town.code,
                    "address": people.address(rng, town.name), "phone": f"0731-8{rng.randrange(10**6, 10**7)}",
                    "manager_id": None, "opening_hours": "工作日 9:00–17:00", "reception_weekdays": weekdays,
                    "reception_rule": rng.choice(["", "每月15日代表集中接待", "每月第一个星期三代表接待日"]),
                    "public_key": secrets.token_urlsafe(9), "is_active": rng.random() > 0.02,
                })
                self.stations_by_town[town.code].append(station_id)
                self.station_info[station_id] = (town.code, [], [])
                station_id += 1
        # Deputies to stations: township and county deputies near home, some city and provincial deputies too.
        for county_code, seats in self.county_deputies.items():
            county_stations = [s for t in self.townships if t.parent_id == county_code
                               for s in self.stations_by_town.get(t.code, [])]
            for mandate, town in seats:
                choices = self.stations_by_town.get(town) or county_stations
                if choices:
                    self._assign(rng.choice(choices), mandate, assignment_rows)
            for mandate in self.higher_deputies.get(county_code, []):
                if county_stations and rng.random() < 0.5:
                    self._assign(rng.choice(county_stations), mandate, assignment_rows)
        for sid, (_town, receptions, deputies) in self.station_info.items():
            for _ in range(scale.receptions_per_station):
                day = FIRST_DAY + datetime.timedelta(days=rng.randrange(span))
                present = rng.sample(deputies, min(len(deputies), rng.randint(1, 3))) if deputies else []
                shift_rows.append({"id": shift_id, "station_id": sid, "date": day,
                                   "starts_at": datetime.time(9), "ends_at": datetime.time(11, 30),
                                   "topic": rng.choice(["", "代表接待日", "听取群众意见", "民生实事征集"])})
                reception_rows.append({"id": reception_id, "station_id": sid, "shift_id": shift_id, "date": day,
                                       "visitors": rng.randint(0, 30), "recorded_by_id": None,
                                       "summary": f"代表接待群众，收集意见建议{rng.randint(1, 12)}条。"})
                shift_deputies += [(shift_id, m) for m in present]
                reception_deputies += [(reception_id, m) for m in present]
                receptions.append(reception_id)
                shift_id += 1
                reception_id += 1
        self._write(Station, station_rows)
        self._write(StationDeputy, assignment_rows)
        self._write(DutyShift, shift_rows)
        self._write(Reception, reception_rows)
        self.writer.write(DutyShift.deputies.through._meta.db_table, ["dutyshift_id", "mandate_id"], shift_deputies)
        self.writer.write(Reception.deputies.through._meta.db_table, ["reception_id", "mandate_id"],
                          reception_deputies)
        self.writer.reset_sequences([m._meta.db_table for m in (Station, StationDeputy, DutyShift, Reception)])
        self.report.counts.update(stations=len(station_rows), station_deputies=len(assignment_rows),
                                  receptions=len(reception_rows))
        self.progress(f"联络站 {len(station_rows)} 个，进站代表 {len(assignment_rows)}，接待 {len(reception_rows)} 次")

    def _assign(self, station: int, mandate: int, rows: list) -> None:
        info = self.station_info[station]
        if mandate in info[2]:
            return
        info[2].append(mandate)
        rows.append({"station_id": station, "mandate_id": mandate, "since": FIRST_DAY, "until": None})

    # --- issues -----------------------------------------------------------------------------------------

    def issues(self) -> None:
        from lianluo.casework.models import IssueMonthly  # noqa: F401  (rebuilt afterwards)

        tables = [Issue._meta.db_table, Constituent._meta.db_table, IssueEvent._meta.db_table]
        big = self.scale.issues >= 100_000
        pool = self._constituent_pool(max(50, self.scale.issues // 3))
        self.progress(f"反映人 {len(pool)} 人（加密）")
        with self.writer.loading(tables, enabled=big):
            self.progress("已暂时移除群众意见表的二级索引和约束")
            counts = self._issue_rows(pool)
            self.progress("重建群众意见表的索引和约束")
        self.writer.reset_sequences(tables)
        self.report.counts.update(counts)
        self.progress(f"群众意见 {counts['issues']} 件，反映人 {counts['constituents']}，办理记录 {counts['events']}")

    def _constituent_pool(self, size: int) -> list[tuple]:
        rng, crypto = self.rng, self.crypto
        towns = self.townships or self.counties
        pool = []
        ids = people.UniqueIds()
        for _ in range(size):
            town = rng.choice(towns)
            male = rng.random() < 0.55
            mobile = people.mobile(rng)
            number, _birth = ids.new(rng, town.code, male, youngest=1945, span=60)
            has_id = rng.random() < 0.4
            pool.append((
                crypto.encrypt(people.person_name(rng), purpose="person_name"),
                crypto.encrypt(mobile, purpose="mobile"), blind_index(mobile, purpose="mobile"),
                crypto.encrypt(number, purpose="id_number") if has_id else "",
                blind_index(number, purpose="id_number") if has_id else "",
                crypto.encrypt(people.address(rng, town.name), purpose="address"),
            ))
        return pool

    def _issue_rows(self, pool: list[tuple]) -> dict[str, int]:
        rng, scale = self.rng, self.scale
        n = scale.issues
        issue_id, constituent_id = self.writer.next_id(Issue), self.writer.next_id(Constituent)
        first_issue = issue_id
        counters = {(c.region_id, c.year): c.last for c in IssueCounter.objects.all()}
        towns = self.townships or self.counties
        weights = [len(self.stations_by_town.get(t.code, [])) + 1 for t in towns]
        town_choices = rng.choices(towns, weights=weights, k=min(n, 50_000))
        span = (LAST_DAY - FIRST_DAY).days + 1
        query_codes = set()
        counts = {"issues": 0, "constituents": 0, "events": 0}
        chunk_size = 50_000
        for start in range(0, n, chunk_size):
            issue_rows, constituent_rows, event_rows = [], [], []
            for i in range(start, min(n, start + chunk_size)):
                received = FIRST_DAY + datetime.timedelta(days=min(span - 1, int(i * span / n)))
                town = town_choices[i % len(town_choices)] if rng.random() < 0.9 else rng.choice(towns)
                county_code = town.code[:6]
                stations = self.stations_by_town.get(town.code, [])
                roll = rng.random()
                station_id = reception_id = deputy_id = None
                if roll < 0.62 and stations:
                    channel = "station"
                    station_id = rng.choice(stations)
                    receptions = self.station_info[station_id][1]
                    if receptions and rng.random() < 0.4:
                        reception_id = rng.choice(receptions)
                    office = town.code if town.code in self.terms and rng.random() < 0.5 else county_code
                elif roll < 0.72 and self.mandates_by_region.get(county_code):
                    channel = "deputy"
                    office = county_code
                    deputy_id = rng.choice(self.mandates_by_region[county_code])
                else:
                    channel = rng.choice(["web", "web", "phone", "letter"])
                    high = rng.random()
                    office = PROVINCE if high < 0.03 else county_code[:4] if high < 0.1 else county_code
                if office not in self.terms:  # e.g. a development zone: its prefecture's congress handles it
                    office = county_code[:4]
                topic = rng.randrange(len(texts.TOPICS))
                title, content, place = texts.compose(rng, topic, town.name)
                key = (office, received.year)
                counters[key] = counters.get(key, 0) + 1
                while True:
                    code = "".join(rng.choice(QUERY_ALPHABET) for _ in range(10))
                    if code not in query_codes:
                        query_codes.add(code)
                        break
                row = {
                    "id": issue_id, "number": f"{office}-{received.year}-{counters[key]:06d}", "query_code": code,
                    "region_id": office, "station_id": station_id, "reception_id": reception_id,
                    "channel": channel, "title": title, "content": content,
                    "category_id": self.topic_categories[topic] if rng.random() < 0.93 else None,
                    "place": place, "place_region_id": town.code, "raised_by_deputy_id": deputy_id,
                    "recorded_by_id": None, "received_on": received,
                    "people_count": 1 if rng.random() < 0.9 else rng.randint(2, 60),
                }
                events = self._lifecycle(row, first_issue, office, county_code)
                issue_rows.append(row)
                for at, action, source, target in events:
                    event_rows.append((issue_id, at, None, "系统导入", action, source, target, "", "{}"))
                if channel != "deputy":
                    for _ in range(1 if rng.random() < 0.9 else 2):
                        name, mobile, mobile_index, id_number, id_index, address = rng.choice(pool)
                        constituent_rows.append({
                            "id": constituent_id, "issue_id": issue_id, "name": name, "mobile": mobile,
                            "mobile_index": mobile_index, "id_number": id_number, "id_number_index": id_index,
                            "address": address, "wants_answer": rng.random() < 0.85,
                            "created_at": row["created_at"], "updated_at": row["updated_at"],
                        })
                        constituent_id += 1
                issue_id += 1
            self._write(Issue, issue_rows)
            self._write(Constituent, constituent_rows)
            self.writer.write(IssueEvent._meta.db_table, ["issue_id", "at", "actor_id", "actor_label", "action",
                                                          "from_status", "to_status", "note", "data"], event_rows)
            counts["issues"] += len(issue_rows)
            counts["constituents"] += len(constituent_rows)
            counts["events"] += len(event_rows)
            if n >= 100_000 and counts["issues"] % 200_000 == 0:
                self.progress(f"  群众意见 {counts['issues']} 件")
        self._save_counters(counters)
        return counts

    def _lifecycle(self, row: dict, first_issue: int, office: str, county_code: str) -> list[tuple]:
        """Fill the workflow fields of a status drawn by age, and return the events that led there."""
        rng = self.rng
        received = row["received_on"]
        age = (LAST_DAY - received).days
        if age > 120:
            table = (("closed", 72), ("answered", 6), ("declined", 5), ("merged", 2), ("transferred", 2),
                     ("feedback", 4), ("forwarded", 7), ("accepted", 2))
        elif age > 30:
            table = (("closed", 35), ("answered", 15), ("feedback", 15), ("forwarded", 24), ("accepted", 6),
                     ("declined", 3), ("transferred", 1), ("merged", 1))
        else:
            table = (("received", 25), ("accepted", 24), ("forwarded", 30), ("feedback", 8), ("answered", 5),
                     ("closed", 4), ("declined", 3), ("merged", 1))
        status = rng.choices([s for s, _ in table], weights=[w for _, w in table])[0]
        if status == "merged" and row["id"] - first_issue < 10:
            status = "closed"

        def at(day: datetime.date) -> datetime.datetime:
            moment = datetime.datetime.combine(min(day, LAST_DAY), datetime.time(8 + rng.randrange(10),
                                                                                  rng.randrange(60)))
            return timezone.make_aware(moment, datetime.UTC)

        row.update(status=status, round=1, decline_reason="", unit_id=None, forwarded_on=None, due_on=None,
                   parent_id=None, feedback="", feedback_on=None, answer="", answered_on=None, satisfaction="",
                   closed_on=None, merged_into_id=None, reminded_on=None)
        created = at(received)
        row["created_at"] = created
        events = [(created, "submit", "", "received")]
        day = received
        path = {
            "received": [], "accepted": ["accept"], "declined": ["decline"], "merged": ["merge"],
            "forwarded": ["accept", "forward"], "transferred": ["accept", "transfer"],
            "feedback": ["accept", "forward", "feedback"],
            "answered": ["accept", "forward", "feedback", "answer"],
            "closed": ["accept", "forward", "feedback", "answer", "close"],
        }[status]
        if status in ("answered", "closed") and rng.random() < 0.25:
            path = ["accept", "handle"] + (["close"] if status == "closed" else [])
        current = "received"
        targets = {"accept": "accepted", "decline": "declined", "merge": "merged", "forward": "forwarded",
                   "transfer": "transferred", "feedback": "feedback", "answer": "answered", "handle": "answered",
                   "close": "closed"}
        units = self.units.get(office) or self.units.get(county_code) or [None]
        for action in path:
            day = day + datetime.timedelta(days=rng.randint(0, 3) if action == "accept" else rng.randint(1, 20))
            day = min(day, LAST_DAY)
            if action == "decline":
                row["decline_reason"] = "不属于人大代表联络站受理范围，已告知反映人通过诉讼途径解决。"
            elif action == "merge":
                row["merged_into_id"] = row["id"] - rng.randint(1, min(500, row["id"] - first_issue))
            elif action == "forward":
                row["unit_id"] = rng.choice(units)
                row["forwarded_on"] = day
                row["due_on"] = day + datetime.timedelta(days=21)
                if day + datetime.timedelta(days=21) < LAST_DAY and status == "forwarded" and rng.random() < 0.5:
                    row["reminded_on"] = day + datetime.timedelta(days=22)
            elif action == "feedback":
                row["feedback_on"] = day
                row["feedback"] = "经现场核实，已责成相关单位制定整改方案，预计近期完成整改。"
            elif action in ("answer", "handle"):
                row["answered_on"] = day
                row["answer"] = "您反映的问题已转相关部门办理，处理情况已电话告知，感谢您的监督。"
            elif action == "close":
                row["closed_on"] = day
                if rng.random() < 0.7:
                    row["satisfaction"] = rng.choices(["satisfied", "basically", "dissatisfied"], [70, 22, 8])[0]
                    action = "rate" if row["satisfaction"] != "dissatisfied" else "close"
            events.append((at(day), action, current, targets.get(action, "closed")))
            current = targets.get(action, "closed")
        row["updated_at"] = events[-1][0]
        return events

    def _save_counters(self, counters: dict) -> None:
        existing = {(c.region_id, c.year): c for c in IssueCounter.objects.all()}
        new = []
        for (region, year), last in counters.items():
            if (region, year) in existing:
                counter = existing[(region, year)]
                if counter.last != last:
                    counter.last = last
                    counter.save(update_fields=["last"])
            else:
                new.append(IssueCounter(region_id=region, year=year, last=last))
        IssueCounter.objects.bulk_create(new, batch_size=2000)

    # --- deputies' suggestions ------------------------------------------------------------------------

    def proposals(self) -> None:
        from lianluo.seed.proposals import seed_suggestions

        terms = [t for t in self.terms.values() if t.congress.level <= Level.COUNTY]
        counts = seed_suggestions(count=self.scale.suggestions, terms=terms, writer=self.writer,
                                  rng=random.Random(self.rng.randrange(2**32)), progress=self.progress)  # noqa: S311
        self.report.counts.update(counts)
        from lianluo.proposals.services.figures import figures_rebuild

        self.progress(f"建议统计汇总 {figures_rebuild()} 行")

    # --- accounts ---------------------------------------------------------------------------------------

    def accounts(self) -> None:
        first_county = self.counties[0] if self.counties else None
        first_station = next(iter(self.station_info), None)
        plan = [("seed_sheng", "省级联络员", Role.LIAISON_STAFF, PROVINCE)]
        if self.by_level[2]:
            plan.append(("seed_shi", "市级联络员", Role.LIAISON_STAFF, (first_county or self.by_level[2][0]).code[:4]))
        if first_county:
            plan.append(("seed_xian", "县级联络员", Role.LIAISON_STAFF, first_county.code))
        if first_station:
            plan.append(("seed_zhan", "联络站管理员", Role.STATION_MANAGER, self.station_info[first_station][0]))
        for username, full_name, role, code in plan:
            region = Region.objects.get(code=code)
            user = User.objects.filter(username=username).first()
            if user is None:
                user, _ = user_create(actor=None, username=username, full_name=full_name, home_region=region,
                                      password=SEED_PASSWORD, must_change_password=False)
            assignment_grant(actor=None, user=user, role=role, region=region)
            if role == Role.STATION_MANAGER:
                Station.objects.filter(pk=first_station).update(manager=user)
            self.report.accounts.append(f"{username}（{Role(role).label}，{region.name}）")
        self.progress("账户 " + "、".join(self.report.accounts))

    # --- writing ----------------------------------------------------------------------------------------

    def _write(self, model, dicts: list[dict]) -> int:
        """Rows as dicts of column values (already encrypted); other columns get their field defaults."""
        fields = [f for f in model._meta.concrete_fields if not (f.primary_key and dicts and "id" not in dicts[0])]
        columns = [f.column for f in fields]
        defaults = {}
        for f in fields:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                defaults[f.attname] = self.now
            elif f.default is not NOT_PROVIDED:
                value = f.get_default()
                defaults[f.attname] = json.dumps(value) if isinstance(value, dict | list) else value
            else:
                defaults[f.attname] = None if f.null else ""
        names = [f.attname for f in fields]

        def rows():
            for d in dicts:
                yield tuple(d[name] if name in d else defaults[name] for name in names)

        return self.writer.write(model._meta.db_table, columns, rows())

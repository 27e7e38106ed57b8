"""Deputies' suggestions for the benchmark seed: five years of them at the province, city and county congresses,
with signers, handling units, contact records, replies, ratings, history rows, search documents and public versions.

Each suggestion's life is played forward from its submission day with invented but plausible delays (review after
the session, referral, signing for, contact, reply within the 3 or 6 months of 代表法 Art 51 or late, the rating,
a second round after 不满意) and stopped at the seed's last day: earlier years end closed, the current year is
spread over every state, and the replies that are late show as overdue. Rows are written in bulk (COPY on
PostgreSQL, see lianluo/seed/bulk.py) exactly as the services would leave them, numbering included
(per session, or per year between sessions; ``ProposalCounter`` holds the last number of each scope).

Deterministic for a given ``random.Random``. Reads what it needs (terms, deputies, units, categories) from the
database, so it also runs on a database seeded earlier (``seed_suggestions`` on its own).
"""

import datetime
import json
import random
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import NOT_PROVIDED
from django.utils import timezone

from lianluo.casework import search as text_search
from lianluo.casework.models import Category
from lianluo.deputies.models import Mandate
from lianluo.proposals import search, workflow
from lianluo.proposals.models import (
    ContactRecord,
    Evaluation,
    Handling,
    ProposalCounter,
    ProposalEvent,
    Publication,
    Reply,
    Signer,
    Suggestion,
    SuggestionSearch,
)
from lianluo.regions.models import Level, Organisation, Region, Session, Term
from lianluo.seed import people, texts
from lianluo.seed.bulk import Writer

FIRST_YEAR = 2022  # five years up to the seed's last day (the current year)
LAST_DAY = datetime.date(2026, 11, 20)  # the same day the issues end (lianluo/seed/build.py)
# Share of suggestions per congress level; most come from the many county congresses.
LEVEL_SHARES = {Level.PROVINCE: 0.08, Level.PREFECTURE: 0.22, Level.COUNTY: 0.70}
FLUSH_ROWS = 5000  # suggestions (with their rows) written per batch
SESSION_WEIGHT, BETWEEN_WEIGHT = 4.0, 1.0  # a session brings most of a year's suggestions
COSIGNERS = (45, 20, 15, 10, 6, 4)  # weights of 0…5 co-signers
REPLY_CLASS_WEIGHTS = {"A": 50, "B": 38, "C": 12}
# First rating by reply class: (satisfied, basically, dissatisfied).
RATINGS = {"A": (85, 13, 2), "B": (62, 32, 6), "C": (38, 42, 20)}
SATISFACTIONS = ("satisfied", "basically", "dissatisfied")
LATER_RATINGS = {2: (45, 50, 5), 3: (50, 50, 0)}  # another round's rating; the third is never 不满意 here
IMPROVED = {"B": "A", "C": "B"}
PUBLIC_CONSENT, PUBLISHED = 0.42, 0.5  # consent at filing; of the finished ones with consent, share published

# The department that handles a topic's first-level category (the names of build.DEPARTMENTS without 局/厅).
DEPARTMENT_OF = {"城乡建设": "住房和城乡建设", "交通运输": "交通运输", "环境保护": "生态环境",
                 "劳动和社会保障": "人力资源和社会保障", "教育文体": "教育", "卫生计生": "卫生健康委员会",
                 "商贸旅游": "市场监督管理", "农业农村": "农业农村"}
SECOND_DEPARTMENT = {"社会救助": "民政", "农田水利": "水利", "土地承包": "自然资源", "违章建筑": "城市管理"}

REVIEW_RETURNS = ("内容不够明确具体，请补充事实和具体建议。", "属于个人私事或具体案件，请通过信访、诉讼等途径反映。",
                  "属于议案，请按议案提出。")
CONTACTS = (("meeting", "到代表所在乡镇当面沟通，听取代表对办理工作的意见和建议。"),
            ("phone", "电话联系代表，介绍办理进展和初步方案，代表表示认可。"),
            ("forum", "邀请代表参加办理工作座谈会，共同研究解决办法。"),
            ("site", "陪同代表实地察看，现场协调解决相关问题。"))
REPLY_OUTCOME = {
    "A": "目前，代表所提问题已基本解决，我们将建立长效机制，巩固办理成果。",
    "B": "相关工作已列入下一年度工作计划，我们将积极筹措资金，分步实施，逐步解决。",
    "C": "受资金和客观条件限制，目前暂不具备全面实施的条件，我们将认真研究代表意见，作为今后工作的重要参考。",
}
DISSATISFIED_REASONS = ("答复内容笼统，问题没有实质性进展，希望承办单位拿出具体措施和时间表。",
                        "承办单位没有与代表当面沟通，答复与实际情况不符。",
                        "所提问题仍未解决，群众意见较大，请重新办理。")
MINUTE = datetime.timedelta(minutes=1)
WAYS = dict(ContactRecord.Way.choices)
ROLES = dict(Handling.Role.choices)
OPINION = "我单位同意主办单位的办理意见，并将按照职责分工配合做好相关工作。"


@dataclass
class _Congress:
    term: Term
    region: str
    level: int
    office: str  # actor label of the congress office in history rows
    areas: list[str]  # place names used in the texts (the region itself and the regions below it)
    sessions: list[Session]
    mandates: list[tuple[int, str, datetime.date | None]]  # (id, person name, ended on), skewed order
    units: list[tuple[int, str]]
    unit_by_department: dict[str, tuple[int, str]]


@dataclass
class _Rows:
    suggestions: list[dict] = field(default_factory=list)
    signers: list[dict] = field(default_factory=list)
    handlings: list[dict] = field(default_factory=list)
    contacts: list[dict] = field(default_factory=list)
    replies: list[dict] = field(default_factory=list)
    evaluations: list[dict] = field(default_factory=list)
    events: list[tuple] = field(default_factory=list)
    searches: list[tuple] = field(default_factory=list)
    publications: list[dict] = field(default_factory=list)


EVENT_COLUMNS = ["suggestion_id", "motion_id", "handling_id", "at", "actor_id", "actor_label", "action",
                 "from_status", "to_status", "note", "data"]
TABLES = [m._meta.db_table for m in (Suggestion, Signer, Handling, ContactRecord, Reply, Evaluation, ProposalEvent,
                                     SuggestionSearch, Publication)]


def seed_suggestions(*, count: int, rng: random.Random, terms: Iterable[Term] | None = None,
                     writer: Writer | None = None, progress: Callable[[str], None] | None = None,
                     last_day: datetime.date = LAST_DAY) -> dict[str, int]:
    """Write ``count`` suggestions for ``terms`` (default: the newest term of every province, city and county
    congress that has deputies) and everything that hangs off them; returns the row counts. Call inside a
    transaction."""
    progress = progress or (lambda _message: None)
    writer = writer or Writer()
    if count <= 0:
        return {}
    congresses = _congresses(list(terms) if terms is not None else _current_terms(), rng, last_day)
    if not congresses:
        return {}
    progress(f"建议：{len(congresses)} 个人大，{sum(len(c.sessions) for c in congresses)} 次会议")
    builder = _SuggestionBuilder(congresses, rng, writer, last_day)
    big = count >= 10_000
    with writer.loading(TABLES, enabled=big):
        counts = builder.build(count, progress)
        if big:
            progress("  重建建议各表的索引和约束")
    # The load rebuilt the GIN indexes from their definitions, which loses their statistics target; the term
    # frequencies that choose a search plan come from ANALYZE. (SQLite: the FTS5 triggers followed each row.)
    for index in (search.SUGGESTIONS, search.PUBLICATIONS):
        index.analyse(connection)
    writer.reset_sequences([m._meta.db_table for m in (Suggestion, Signer, Handling, ContactRecord, Reply, Evaluation,
                                                       Publication)])
    builder.save_counters()
    progress("代表建议 {suggestions} 件，署名 {signers}，承办 {handlings}，联系 {contacts}，答复 {replies}，"
             "评价 {evaluations}，办理记录 {events}，公开 {publications}".format(**counts))
    return {f"suggestion_{k}" if k != "suggestions" else k: v for k, v in counts.items()}


def _current_terms() -> list[Term]:
    newest = {}
    for term in Term.objects.filter(congress__level__lte=Level.COUNTY).select_related("congress").order_by("number"):
        newest[term.congress_id] = term
    with_deputies = set(Mandate.objects.filter(term__in=newest.values()).values_list("term_id", flat=True).distinct())
    return [t for t in newest.values() if t.pk in with_deputies]


def _congresses(terms: list[Term], rng: random.Random, last_day: datetime.date) -> list[_Congress]:
    terms = sorted((t for t in terms if t.congress.level <= Level.COUNTY), key=lambda t: t.congress.region_id)
    if not terms:
        return []
    codes = [t.congress.region_id for t in terms]
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    below = defaultdict(list)
    for name, parent in Region.objects.filter(parent_id__in=codes, unit_type=Region.UnitType.ADMIN).order_by(
            "code").values_list("name", "parent_id"):
        below[parent].append(name)
    mandates = defaultdict(list)
    for pk, term_id, name, status, ended in Mandate.objects.filter(term__in=terms).values_list(
            "pk", "term_id", "person__name", "status", "ended_on").order_by("pk"):
        mandates[term_id].append((pk, name, ended if status != Mandate.Status.SERVING else None))
    units = defaultdict(list)
    for pk, region, name in Organisation.objects.filter(region_id__in=codes).values_list(
            "pk", "region_id", "name").order_by("pk"):
        units[region].append((pk, name))
    sessions = _sessions(terms, last_day)
    result = []
    for term in terms:
        code = term.congress.region_id
        if not mandates[term.pk]:
            continue
        ordered = list(mandates[term.pk])
        rng.shuffle(ordered)  # a skewed pick from a shuffled list: some deputies file many suggestions
        by_department = {}
        for pk, name in units[code]:
            stem = name[len(names.get(code, "")):]
            by_department.setdefault(stem.removesuffix("局").removesuffix("厅"), (pk, name))
        result.append(_Congress(
            term=term, region=code, level=term.congress.level, office=f"{names.get(code, '')}人大常委会",
            areas=[names.get(code, "")] + below.get(code, []), sessions=sessions[term.pk], mandates=ordered,
            units=units[code], unit_by_department=by_department))
    return result


def _sessions(terms: list[Term], last_day: datetime.date) -> dict[int, list[Session]]:
    """The sessions of each term up to ``last_day``: the first on the term's first day, then one every January
    (a term that starts in November or December meets next in the January after the next)."""
    existing = defaultdict(dict)
    for session in Session.objects.filter(term__in=terms):
        existing[session.term_id][session.number] = session
    new = []
    for term in terms:
        base = term.start_date.year + (1 if term.start_date.month >= 11 else 0)
        number, day = 1, term.start_date
        while day <= last_day and (term.end_date is None or day < term.end_date):
            if number not in existing[term.pk]:
                length = 4 if term.congress.level == Level.PROVINCE else 3
                new.append(Session(term=term, number=number, start_date=day,
                                   end_date=day + datetime.timedelta(days=length - 1)))
            number += 1
            day = datetime.date(base + number - 1, 1, 8 + (term.pk * 7 + number * 3) % 18)
    Session.objects.bulk_create(new, batch_size=2000)
    result = defaultdict(list)
    for session in Session.objects.filter(term__in=terms).select_related("term__congress__region").order_by(
            "term_id", "number"):
        if session.start_date <= last_day:
            result[session.term_id].append(session)
    return result


def _apportion(total: int, weights: list[float]) -> list[int]:
    """``total`` split in proportion to ``weights`` (largest remainder, so the parts add up exactly)."""
    whole = sum(weights)
    if total <= 0 or whole <= 0:
        return [0] * len(weights)
    raw = [total * w / whole for w in weights]
    parts = [int(r) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: raw[i] - parts[i], reverse=True)
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


def number_label(number: int | None, session_id: int | None, year: int) -> str:
    """As ``Suggestion.number_label`` (empty without a number, as the public version has it)."""
    if not number:
        return ""
    return f"第{number}号" if session_id else f"闭会期间{year}年第{number}号"


def publication_document(title: str, body: str, reply: str) -> str:
    """The bigram document of a public version: its title, text and reply (as services/publication.py)."""
    return text_search.document(title, f"{body} {reply}")


class _SuggestionBuilder:
    def __init__(self, congresses: list[_Congress], rng: random.Random, writer: Writer, last_day: datetime.date):
        self.congresses, self.rng, self.writer, self.last_day = congresses, rng, writer, last_day
        self.now = timezone.now()
        self.counters = {(c.region_id, c.kind, c.scope): c.last for c in ProposalCounter.objects.filter(
            kind="suggestion", region_id__in=[c.region for c in congresses])}
        self.categories = self._categories()
        self.recent_accepted: dict[tuple, list[int]] = defaultdict(list)  # merge candidates per numbering scope
        self.ids = {model: writer.next_id(model) for model in (Suggestion, Signer, Handling, ContactRecord, Reply,
                                                               Evaluation, Publication)}

    def _categories(self) -> list[tuple[int | None, str]]:
        """(category id, "一级/二级" name) per topic of texts.TOPICS, from the province's category tree."""
        province = self.congresses[0].region[:2]  # the categories are the province's (本级或上级)
        found = {}
        for pk, name, parent in Category.objects.filter(region_id=province, parent__isnull=False).values_list(
                "pk", "name", "parent__name").order_by("pk"):
            found.setdefault((parent, name), (pk, f"{parent}/{name}"[:50]))  # as the public version names it
        return [found.get((first, second), (None, "")) for first, second, *_rest in texts.TOPICS]

    def _next(self, model) -> int:
        value = self.ids[model]
        self.ids[model] = value + 1
        return value

    # --- planning: how many, when --------------------------------------------------------------------------

    def _plan(self, count: int) -> list[tuple[_Congress, Session | None, int, int]]:
        """(congress, session or None, year, how many) in date order within each congress."""
        levels = sorted({c.level for c in self.congresses})
        per_level = _apportion(count, [LEVEL_SHARES[level] for level in levels])
        plan = []
        for level, level_count in zip(levels, per_level, strict=True):
            members = [c for c in self.congresses if c.level == level]
            weights = [self.rng.uniform(0.7, 1.3) for _ in members]
            for congress, congress_count in zip(members, _apportion(level_count, weights), strict=True):
                periods = []
                for session in congress.sessions:
                    periods.append((session, session.start_date.year, SESSION_WEIGHT))
                first = max(FIRST_YEAR, congress.term.start_date.year)
                for year in range(first, self.last_day.year + 1):
                    share = 1.0 if year < self.last_day.year else self.last_day.timetuple().tm_yday / 365
                    periods.append((None, year, BETWEEN_WEIGHT * share))
                periods.sort(key=lambda p: (p[1], p[0] is None))
                for (session, year, _w), n in zip(periods, _apportion(congress_count, [p[2] for p in periods]),
                                                  strict=True):
                    if n:
                        plan.append((congress, session, year, n))
        return plan

    def build(self, count: int, progress: Callable[[str], None]) -> dict[str, int]:
        counts = defaultdict(int)
        cases = []
        for congress, session, year, n in self._plan(count):
            if session is not None:
                days = [session.start_date + datetime.timedelta(days=self.rng.randint(0, 2)) for _ in range(n)]
            else:
                start = datetime.date(year, 1, 1)
                later = [s.end_date or s.start_date for s in congress.sessions if s.start_date.year == year]
                if later:
                    start = max(later) + datetime.timedelta(days=1)
                end = datetime.date(year, 12, 31)
                if year == self.last_day.year:  # some of the last ones are still drafts
                    end = self.last_day + datetime.timedelta(days=12)
                span = max(1, (end - start).days)
                days = [start + datetime.timedelta(days=self.rng.randrange(span)) for _ in range(n)]
            cases += [(day, congress, session, year) for day in days]
        # Filed in date order across all congresses, so that ids (the lists' newest-first order) follow time.
        cases.sort(key=lambda case: case[0])
        rows = _Rows()
        for day, congress, session, year in cases:
            _Case(self, congress, session, year, day, rows).run()
            if len(rows.suggestions) >= FLUSH_ROWS:
                self._flush(rows, counts)
                rows = _Rows()
                if counts["suggestions"] % 10_000 < FLUSH_ROWS:
                    progress(f"  代表建议 {counts['suggestions']} 件")
        self._flush(rows, counts)
        return dict(counts)

    def _flush(self, rows: _Rows, counts: dict) -> None:
        self._write(rows)
        for name in ("suggestions", "signers", "handlings", "contacts", "replies", "evaluations", "events",
                     "publications"):
            counts[name] += len(getattr(rows, name))

    def number(self, congress: _Congress, session: Session | None, year: int) -> int:
        key = (congress.region, "suggestion", f"session:{session.pk}" if session else f"year:{year}")
        self.counters[key] = self.counters.get(key, 0) + 1
        return self.counters[key]

    def save_counters(self) -> None:
        existing = {(c.region_id, c.kind, c.scope): c for c in ProposalCounter.objects.filter(kind="suggestion")}
        new = []
        for (region, kind, scope), last in self.counters.items():
            counter = existing.get((region, kind, scope))
            if counter is None:
                new.append(ProposalCounter(region_id=region, kind=kind, scope=scope, last=last))
            elif counter.last != last:
                counter.last = last
                counter.save(update_fields=["last"])
        ProposalCounter.objects.bulk_create(new, batch_size=2000)

    # --- writing -------------------------------------------------------------------------------------------

    def _write(self, rows: _Rows) -> None:
        self._dicts(Suggestion, rows.suggestions)
        self._dicts(Signer, rows.signers)
        self._dicts(Handling, rows.handlings)
        self._dicts(ContactRecord, rows.contacts)
        self._dicts(Reply, rows.replies)
        self._dicts(Evaluation, rows.evaluations)
        self.writer.write(ProposalEvent._meta.db_table, EVENT_COLUMNS, rows.events)
        self.writer.write(SuggestionSearch._meta.db_table, ["suggestion_id", "bigrams"], rows.searches)
        self._dicts(Publication, rows.publications)

    def _dicts(self, model, dicts: list[dict]) -> int:
        """Rows as dicts of column values; other columns get what ``save()`` would give them."""
        if not dicts:
            return 0
        fields = list(model._meta.concrete_fields)
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
        return self.writer.write(model._meta.db_table, [f.column for f in fields],
                                 (tuple(d[n] if n in d else defaults[n] for n in names) for d in dicts))


def _suggestion_text(rng: random.Random, topic: int, area: str, subarea: str) -> tuple[str, str]:
    """(title, body) of an invented suggestion about texts.TOPICS[topic]: the situation, the problems, the
    proposals, in the usual three parts."""
    first, second, subjects, problems, requests = texts.TOPICS[topic]
    place = texts.place_name(rng, subarea)
    problem = rng.choice(problems)
    short = problem.split("，")[0]
    request = rng.choice(requests)
    title = rng.choice([
        f"关于{request}的建议", f"关于解决{subarea}{short}问题的建议", f"关于加强{area}{second}工作的建议",
        f"关于{subarea}{second}问题的建议", f"关于进一步规范{second}管理的建议",
    ])[:100]
    others = [p for p in problems if p != problem]
    second_problem = rng.choice(others) if others else problem
    more = [r for r in requests if r != request]
    parts = [
        "一、基本情况\n", rng.choice(["", "经调研走访了解到，", "据群众反映，", "在代表接待活动中，群众集中反映，"]),
        f"{place}{rng.choice(texts.DURATIONS)}，{rng.choice(subjects)}{problem}，{rng.choice(texts.IMPACTS)}。",
        f"涉及群众约{rng.randint(2, 80) * 50}人。" if rng.random() < 0.5 else "",
        "\n二、存在的问题\n", f"一是{problem}；二是{second_problem}；",
        rng.choice(["三是部门之间职责不清，协调机制不健全。", "三是资金投入不足，基础设施建设滞后。",
                    "三是监管力量薄弱，长效机制尚未建立。"]),
        "\n三、具体建议\n", f"一是{request}；",
        f"二是{rng.choice(more)}；" if more else "",
        "三是建立长效机制，明确责任单位和完成时限，并及时向代表反馈办理情况。",
    ]
    return title, "".join(parts)


def _reply_text(lead_name: str, title: str, unit: str, reply_class: str, round_: int) -> str:
    again = "经重新办理，" if round_ > 1 else ""
    return (f"{lead_name}代表：\n您提出的《{title}》收悉。{unit}高度重视，{again}认真研究并与您当面沟通，"
            "现答复如下：一、开展专项调查，摸清问题底数；二、会同相关部门制定工作方案，明确责任和时限；"
            f"三、{REPLY_OUTCOME[reply_class]}感谢您对我们工作的关心和支持。")


class _Case:
    """One suggestion played from its filing to the end of its life or the seed's last day."""

    def __init__(self, builder: _SuggestionBuilder, congress: _Congress, session: Session | None, year: int,
                 submitted: datetime.date, rows: _Rows):
        self.b, self.c, self.session, self.year, self.rows = builder, congress, session, year, rows
        self.rng = builder.rng
        self.submitted = submitted
        self.scope = (congress.region, session.pk if session else year)
        self.id = builder._next(Suggestion)
        self.status = ""
        self.last_at = timezone.make_aware(datetime.datetime.combine(submitted, datetime.time()), datetime.UTC) \
            - datetime.timedelta(days=30)

    def open(self, day: datetime.date) -> bool:
        """Whether ``day`` has come by the seed's last day (the life stops at the first step that has not)."""
        return day <= self.b.last_day

    def event(self, day: datetime.date, action: str, target: str | None = None, *, actor: str = "",
              handling: int | None = None, note: str = "", data: dict | None = None) -> None:
        source = self.status
        if target is not None:
            self.status = self.row["status"] = target
        moment = timezone.make_aware(datetime.datetime.combine(
            day, datetime.time(8 + self.rng.randrange(10), self.rng.randrange(60))), datetime.UTC)
        moment = self.last_at = max(moment, self.last_at + MINUTE)  # history in id order reads in time order
        self.rows.events.append((self.id, None, handling, moment, None,
                                 (actor or self.c.office)[:100], action, source, self.status, note,
                                 json.dumps(data or {}, ensure_ascii=False)))
        self.row["updated_at"] = self.rows.events[-1][3]

    def _lead(self) -> tuple[int, str]:
        mandates = self.c.mandates
        for _ in range(8):
            pk, name, ended = mandates[int(len(mandates) * self.rng.random() ** 1.6)]
            if ended is None or ended > self.submitted:
                return pk, name
        return pk, name

    def run(self) -> None:
        rng, c = self.rng, self.c
        topic = rng.randrange(len(texts.TOPICS))
        area = c.areas[0]
        subarea = rng.choice(c.areas) if len(c.areas) > 1 and rng.random() < 0.7 else area
        title, body = _suggestion_text(rng, topic, area, subarea)
        category_id, category_name = self.b.categories[topic]
        self.lead, self.lead_name = self._lead()
        self.topic, self.title, self.body, self.category_name = topic, title, body, category_name
        created = self.submitted - datetime.timedelta(days=rng.randint(0, 6) if self.session is None else 0)
        created = min(created, self.b.last_day)
        at = timezone.make_aware(datetime.datetime.combine(created, datetime.time(9)), datetime.UTC)
        self.row = row = {
            "id": self.id, "region_id": c.region, "term_id": c.term.pk,
            "session_id": self.session.pk if self.session else None, "year": self.year, "number": None,
            "title": title, "body": body, "category_id": category_id if rng.random() < 0.95 else None,
            "lead_id": self.lead, "status": workflow.DRAFT, "is_complex": rng.random() < 0.08, "is_key": False,
            "round": 1, "return_reason": "", "merged_into_id": None, "draft_id": None, "motion_id": None,
            "submitted_on": None, "accepted_on": None, "assigned_on": None, "due_on": None, "replied_on": None,
            "rate_by": None, "closed_on": None, "reply_class": "", "first_satisfaction": "", "satisfaction": "",
            "contacted": False, "reminded_on": None, "escalated_on": None,
            "public_consent": rng.random() < PUBLIC_CONSENT, "created_by_id": None,
            "created_at": at, "updated_at": at,
        }
        self.rows.suggestions.append(row)
        self.rows.searches.append((self.id, text_search.document(title, body)))
        self._signers(created)
        self.event(created, "create", workflow.DRAFT, actor=self.lead_name, data={"cosigners": self.cosigner_names,
                                                                                 "draft": None})
        self._life()

    def _signers(self, created: datetime.date) -> None:
        rng = self.rng
        wanted = rng.choices(range(len(COSIGNERS)), weights=COSIGNERS)[0]
        chosen = {self.lead}
        self.cosigner_names = []
        rows = [{"id": self.b._next(Signer), "suggestion_id": self.id, "motion_id": None, "mandate_id": self.lead,
                 "role": "lead", "status": "confirmed", "respond_by": None, "responded_on": created}]
        for _ in range(wanted * 2):
            if len(chosen) > wanted:
                break
            pk, name, ended = rng.choice(self.c.mandates)
            if pk in chosen or (ended is not None and ended <= created):
                continue
            chosen.add(pk)
            declined = rng.random() < 0.05
            answered = min(self.submitted, created + datetime.timedelta(days=rng.randint(0, 5)))
            status = "declined" if declined else "confirmed"
            if answered > self.b.last_day:  # a draft whose invitations are still open
                status, answered = "invited", None
            rows.append({"id": self.b._next(Signer), "suggestion_id": self.id, "motion_id": None, "mandate_id": pk,
                         "role": "cosigner", "status": status, "respond_by": created + datetime.timedelta(days=7),
                         "responded_on": answered})
            if not declined:
                self.cosigner_names.append(name)
        for signer in rows:
            signer["created_at"] = signer["updated_at"] = self.row["created_at"]
        self.rows.signers.extend(rows)

    # --- the life ------------------------------------------------------------------------------------------

    def _life(self) -> None:
        rng, row = self.rng, self.row
        day = self.submitted
        if not self.open(day):
            return
        row["submitted_on"] = day
        self.event(day, "submit", workflow.SUBMITTED, actor=self.lead_name, data={"lapsed": []})
        roll = rng.random()
        if roll < 0.005:
            day += datetime.timedelta(days=rng.randint(1, 6))
            if self.open(day):
                self.event(day, "withdraw", workflow.WITHDRAWN, actor=self.lead_name)
            return
        review = (self.session.end_date or self.session.start_date) if self.session else day
        day = review + datetime.timedelta(days=rng.randint(3, 25) if self.session else rng.randint(2, 15))
        if not self.open(day):
            return
        if roll < 0.02:  # returned; most deputies revise and resubmit, some withdraw
            reason = rng.choice(REVIEW_RETURNS)
            row["return_reason"] = reason
            self.event(day, "return", workflow.RETURNED, note=reason)
            day += datetime.timedelta(days=rng.randint(3, 20))
            if not self.open(day):
                return
            row["return_reason"] = ""
            if rng.random() < 0.3:
                self.event(day, "withdraw", workflow.WITHDRAWN, actor=self.lead_name)
                return
            row["submitted_on"] = day
            self.event(day, "resubmit", workflow.SUBMITTED, actor=self.lead_name, data={"lapsed": []})
            day += datetime.timedelta(days=rng.randint(2, 10))
            if not self.open(day):
                return
        elif roll < 0.04 and self.b.recent_accepted[self.scope]:
            into = rng.choice(self.b.recent_accepted[self.scope][-30:])
            row["merged_into_id"] = into
            self.event(day, "merged_into", workflow.MERGED, data={"into": into})
            return
        number = self.b.number(self.c, self.session, self.year)
        row["number"], row["accepted_on"] = number, day
        label = number_label(number, row["session_id"], self.year)
        self.event(day, "accept", workflow.ACCEPTED, note=f"编号 {label}", data={"number": number})
        self.b.recent_accepted[self.scope].append(self.id)
        day += datetime.timedelta(days=rng.randint(3, 20) if self.session else rng.randint(2, 12))
        if not self.open(day) or not self.c.units:
            return
        self._handle(day)

    def _unit(self) -> tuple[int, str]:
        first, second, *_rest = texts.TOPICS[self.topic]
        for stem in (SECOND_DEPARTMENT.get(second), DEPARTMENT_OF.get(first)):
            if stem and stem in self.c.unit_by_department and self.rng.random() < 0.85:
                return self.c.unit_by_department[stem]
        return self.rng.choice(self.c.units)

    def _handling(self, unit: tuple[int, str], role: str, day: datetime.date) -> dict:
        at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)), datetime.UTC)
        handling = {"id": self.b._next(Handling), "suggestion_id": self.id, "unit_id": unit[0], "role": role,
                    "status": workflow.PENDING, "assigned_on": day, "signed_on": None, "return_reason": "",
                    "return_requested_on": None, "return_decision": "", "opinion": "", "opinion_on": None,
                    "created_at": at, "updated_at": at}
        self.rows.handlings.append(handling)
        return handling

    def _assign(self, day: datetime.date, lead: tuple[int, str], partners: list) -> None:
        row = self.row
        row["assigned_on"] = day
        row["due_on"] = workflow.reply_due(day, is_complex=row["is_complex"])
        self.event(day, "assign", workflow.ASSIGNED,
                   data={"lead": lead[1], "partners": [f"{u[1]}（{ROLES[r]}）" for u, r in partners],
                         "due_on": row["due_on"].isoformat()})

    def _handle(self, day: datetime.date) -> None:
        rng, row = self.rng, self.row
        lead_unit = self._unit()
        partners = []
        if rng.random() < 0.25 and len(self.c.units) > 1:
            other = rng.choice([u for u in self.c.units if u[0] != lead_unit[0]])
            partners.append((other, "assist" if rng.random() < 0.8 else "joint"))
        self._assign(day, lead_unit, partners)
        lead = self._handling(lead_unit, "lead", day)
        helpers = [self._handling(unit, role, day) for unit, role in partners]
        # Signing for; a few lead units ask to return it within 10 days and the office names another.
        sign = day + datetime.timedelta(days=rng.randint(0, 5))
        if not self.open(sign):
            return
        if rng.random() < 0.03 and len(self.c.units) > 1:
            ask = sign + datetime.timedelta(days=rng.randint(0, 3))
            if not self.open(ask):
                return
            lead.update(status=workflow.RETURN_REQUESTED, return_reason="所提事项不属于本单位职责范围。",
                        return_requested_on=ask)
            self.event(ask, "request_return", actor=lead_unit[1], handling=lead["id"],
                       note=lead["return_reason"], data={"unit": lead_unit[1]})
            decided = ask + datetime.timedelta(days=rng.randint(1, 5))
            if not self.open(decided):
                return
            lead.update(status=workflow.UNIT_RETURNED, return_decision="同意退回，另行交办。")
            self.event(decided, "approve_return", handling=lead["id"], data={"unit": lead_unit[1]})
            taken = {lead_unit[0], *(u[0] for u, _r in partners)}
            new_unit = rng.choice([u for u in self.c.units if u[0] not in taken] or [lead_unit])
            lead = self._handling(new_unit, "lead", decided)
            row["assigned_on"] = decided
            row["due_on"] = workflow.reply_due(decided, is_complex=row["is_complex"])
            self.event(decided, "reassign", data={"from": lead_unit[1], "to": new_unit[1], "role": "lead",
                                                  "due_on": row["due_on"].isoformat()})
            lead_unit = new_unit
            sign = decided + datetime.timedelta(days=rng.randint(0, 4))
            if not self.open(sign):
                return
        for handling, unit in [(lead, lead_unit), *zip(helpers, [u for u, _r in partners], strict=True)]:
            handling.update(status=workflow.SIGNED, signed_on=sign)
            self.event(sign, "sign", actor=unit[1], handling=handling["id"], data={"unit": unit[1]})
        self.lead_handling, self.lead_unit = lead, lead_unit
        self.helpers = list(zip(helpers, [u for u, _r in partners], strict=True))
        self._round(sign, 1)

    def _when_replied(self, start: datetime.date, due: datetime.date) -> datetime.date:
        """Most units reply in time; some late, and in the current year a few very late (still overdue)."""
        rng = self.rng
        roll = rng.random()
        if roll < 0.85:
            return start + datetime.timedelta(days=rng.randint(min(15, max(1, (due - start).days)),
                                                               max(1, (due - start).days)))
        if roll < 0.97 or self.year < self.b.last_day.year:
            return due + datetime.timedelta(days=rng.randint(1, 60))
        return due + datetime.timedelta(days=rng.randint(120, 400))

    def _round(self, start: datetime.date, round_: int) -> None:
        rng, row = self.rng, self.row
        lead, unit = self.lead_handling, self.lead_unit
        due = row["due_on"]
        submit = max(self._when_replied(start, due), start + datetime.timedelta(days=3))
        # Before the reply, in date order: the scheduler's reminder before the due day and escalation after it,
        # contact with the deputy (Art 51 ¶2) between signing for and the reply, the partners' opinions.
        steps = []
        remind = due - datetime.timedelta(days=workflow.remind_days_before())
        if start < remind < submit:
            steps.append((remind, "remind", None))
        if submit > due + datetime.timedelta(days=1):
            steps.append((due + datetime.timedelta(days=1), "escalate", None))
        span = max(1, (submit - start).days)
        for _ in range(1 if rng.random() < 0.7 else 2):
            steps.append((start + datetime.timedelta(days=rng.randint(1, span)), "contact", rng.choice(CONTACTS)))
        if round_ == 1:
            for handling, partner in self.helpers:
                sent = max(start, submit - datetime.timedelta(days=rng.randint(2, 12)))
                steps.append((sent, "send_opinion", (handling, partner)))
        countersigned = []
        for day, action, payload in sorted(steps, key=lambda step: (step[0], step[1])):
            if not self.open(day):
                return
            if action == "remind":
                row["reminded_on"] = day
                self.event(day, "remind", actor="系统（到期提醒）", data={"due_on": due.isoformat()},
                           note=f"答复期限 {due:%Y-%m-%d}，还有 {workflow.remind_days_before()} 天到期，"
                                f"请{unit[1]}抓紧办理。")
            elif action == "escalate":
                row["escalated_on"] = day
                self.event(day, "escalate", actor="系统（逾期督办）", data={"due_on": due.isoformat()},
                           note=f"已超过答复期限（{due:%Y-%m-%d}）1 天，承办单位：{unit[1]}。")
            elif action == "contact":
                way, summary = payload
                at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(15)), datetime.UTC)
                self.rows.contacts.append({"id": self.b._next(ContactRecord), "suggestion_id": self.id,
                                           "handling_id": lead["id"], "round": round_, "contacted_on": day,
                                           "way": way, "summary": summary, "recorded_by_id": None,
                                           "created_at": at, "updated_at": at})
                row["contacted"] = True
                self.event(day, "contact", actor=unit[1], handling=lead["id"], note=summary,
                           data={"unit": unit[1], "way": WAYS[way], "on": day.isoformat()})
            else:
                handling, partner = payload
                handling.update(status=workflow.OPINION_SENT, opinion=OPINION, opinion_on=day)
                self.event(day, "send_opinion", actor=partner[1], handling=handling["id"], note=OPINION,
                           data={"unit": partner[1]})
                countersigned.append({"unit": partner[1], "role": ROLES[handling["role"]], "opinion": OPINION,
                                      "on": day.isoformat()})
        if not self.open(submit):
            return
        reply_class = row["reply_class"] or rng.choices(list(REPLY_CLASS_WEIGHTS),
                                                        weights=list(REPLY_CLASS_WEIGHTS.values()))[0]
        if round_ > 1 and reply_class in IMPROVED and rng.random() < 0.4:
            reply_class = IMPROVED[reply_class]  # another round often improves the answer
        at = timezone.make_aware(datetime.datetime.combine(submit, datetime.time(11)), datetime.UTC)
        reply = {"id": self.b._next(Reply), "suggestion_id": self.id, "handling_id": lead["id"], "round": round_,
                 "body": _reply_text(self.lead_name, self.title, unit[1], reply_class, round_),
                 "reply_class": reply_class, "status": "awaiting_approval",
                 "signatory": people.person_name(rng), "contact_person": people.person_name(rng),
                 "contact_phone": f"0731-8{rng.randrange(10**6, 10**7)}",
                 "countersigned": json.dumps(countersigned, ensure_ascii=False), "drafted_by_id": None,
                 "approved_by_id": None, "leader_note": "", "sent_on": None, "created_at": at, "updated_at": at}
        self.rows.replies.append(reply)
        lead["status"] = workflow.AWAITING_APPROVAL
        self.event(submit, "submit_reply", actor=unit[1], handling=lead["id"],
                   data={"unit": unit[1], "reply_class": reply_class, "round": round_})
        sent = submit + datetime.timedelta(days=rng.randint(1, 7))
        if not self.open(sent):
            return
        reply.update(status="sent", sent_on=sent, leader_note="同意。")
        lead["status"] = workflow.UNIT_REPLIED
        self.event(sent, "approve", actor=unit[1], handling=lead["id"], note="同意。", data={"unit": unit[1]})
        row.update(replied_on=sent, rate_by=workflow.rate_by(sent), reply_class=reply_class)
        self.event(sent, "reply", workflow.REPLIED, actor=unit[1],
                   data={"reply_class": reply_class, "round": round_, "unit": unit[1]})
        self.reply = reply
        self._rating(sent, round_, reply_class)

    def _rating(self, sent: datetime.date, round_: int, reply_class: str) -> None:
        rng, row = self.rng, self.row
        if rng.random() < 0.12:  # the feedback form did not come back: closed when the rating period lapsed
            closed = row["rate_by"] + datetime.timedelta(days=1)
            if self.open(closed):
                row["closed_on"] = closed
                self.event(closed, "close", workflow.CLOSED, actor="系统（评价期满）", note="评价期限届满，自动办结。")
                self._publish(closed)
            return
        rated = sent + datetime.timedelta(days=rng.randint(1, 10))
        if not self.open(rated):
            return
        weights = RATINGS[reply_class] if round_ == 1 else LATER_RATINGS[min(round_, 3)]
        satisfaction = rng.choices(SATISFACTIONS, weights=weights)[0]
        reasons = rng.choice(DISSATISFIED_REASONS) if satisfaction == "dissatisfied" else ""
        at = timezone.make_aware(datetime.datetime.combine(rated, datetime.time(16)), datetime.UTC)
        self.rows.evaluations.append({"id": self.b._next(Evaluation), "suggestion_id": self.id,
                                      "reply_id": self.reply["id"], "mandate_id": self.lead, "round": round_,
                                      "satisfaction": satisfaction, "reasons": reasons, "rated_on": rated,
                                      "recorded_by_id": None, "created_at": at, "updated_at": at})
        if round_ == 1:
            row["first_satisfaction"] = satisfaction
        row["satisfaction"] = satisfaction
        label = dict(zip(SATISFACTIONS, ("满意", "基本满意", "不满意"), strict=True))[satisfaction]
        note = "；".join(filter(None, [label, reasons]))
        if satisfaction != "dissatisfied":
            row["closed_on"] = rated
            self.event(rated, "rate", workflow.CLOSED, actor=self.lead_name, note=note,
                       data={"satisfaction": satisfaction, "round": round_})
            self._publish(rated)
            return
        row.update(round=round_ + 1, due_on=workflow.rehandle_due(rated), replied_on=None, rate_by=None,
                   reminded_on=None, escalated_on=None)
        self.event(rated, "rate", workflow.REHANDLING, actor=self.lead_name, note=note,
                   data={"satisfaction": satisfaction, "round": round_})
        self.lead_handling["status"] = workflow.SIGNED
        self.event(rated, "rehandle", actor=self.lead_name, handling=self.lead_handling["id"], note=reasons,
                   data={"unit": self.lead_unit[1], "round": round_ + 1, "due_on": row["due_on"].isoformat()})
        self._round(rated, round_ + 1)

    def _publish(self, finished: datetime.date) -> None:
        rng, row = self.rng, self.row
        if not row["public_consent"] or rng.random() >= PUBLISHED:
            return
        day = finished + datetime.timedelta(days=rng.randint(5, 40))
        if not self.open(day):
            return
        session = self.session
        reply = self.reply["body"]
        at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)), datetime.UTC)
        self.rows.publications.append({
            "id": self.b._next(Publication), "suggestion_id": self.id, "region_id": self.c.region,
            "title": self.title, "body": self.body, "reply": reply, "status": "published", "published_on": day,
            "year": self.year, "session_label": str(session) if session else "闭会期间",
            "number_label": number_label(row["number"], row["session_id"], self.year), "lead_name": self.lead_name,
            "unit_name": self.lead_unit[1][:100], "category_name": self.category_name if row["category_id"] else "",
            "reply_class": row["reply_class"], "bigrams": publication_document(self.title, self.body, reply),
            "created_at": at, "updated_at": at,
        })
        self.event(day, "publish", note="公开建议及答复", data={"published_on": day.isoformat()})

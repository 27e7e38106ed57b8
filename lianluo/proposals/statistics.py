"""Figures on the handling of deputies' suggestions (办结率、见面率、满意率、解决率), read-only.

Every figure counts suggestions that were referred to the units (交办): status assigned, rehandling, replied or
closed. A merged suggestion is counted once, as the suggestion it was merged into. The figures:

- 办结率: replied or closed ÷ assigned (``workflow.FINISHED``);
- 见面率 (contact rate): suggestions with a contact record ÷ assigned. Handling must include contact with the
  deputy (代表法 Art 51 ¶2: 与代表联系沟通，充分听取意见);
- 满意率: satisfied ÷ rated, and (satisfied + basically satisfied) ÷ rated ("含基本满意", RULES.md E4), reported
  apart for the first rating (``first_satisfaction``, before any re-handling) and the final one
  (``satisfaction``, after the rounds that a 不满意 started, RULES.md E5);
- 解决率: suggestions whose (latest) reply is in the solved class (``workflow.solved_class()``, the first class
  of the configured scheme, RULES.md E1–E2) ÷ suggestions replied with a class;
- overdue: still in the units' hands after the due day (代表法 Art 51 ¶1–2: 3 or 6 months from referral), and
  replied after the due day of their round; on time: replied on or before it (民法典 Art 203 ¶2);
- rounds: suggestions handled more than once (re-handled after a 不满意).

The counts are read from ``SuggestionFigures``, running totals that the services keep in step in the
transaction of every change (``services/figures.py``), so a table costs a sum over a few thousand rows however
many suggestions lie behind it; only the overdue, which depend on the day, are counted live over the open
suggestions. The results are cached for a minute per jurisdiction and filters, as the other dashboards are.

Who reads: liaison staff and committee members (``permissions.can_view_statistics``), over the congress offices
of their jurisdiction (an office sees its own level and the levels below). The figures are an office's, so they
start from ``restrict_to_jurisdiction`` for those roles rather than from a reader's personal view (a committee
member who is also a deputy does not get their own suggestions of another region added).
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from lianluo.accounts.roles import Role
from lianluo.accounts.scoping import covers, jurisdiction_codes, restrict_to_jurisdiction
from lianluo.casework.models import Category
from lianluo.proposals import workflow
from lianluo.proposals.models import Handling, Suggestion, SuggestionFigures
from lianluo.regions.models import Congress, Delegation, Level, Organisation, Region, Session, Term, chinese_numeral
from lianluo.regions.tree import subtree_q

STATISTICS_ROLES = frozenset({Role.LIAISON_STAFF, Role.COMMITTEE_MEMBER})
GROUPINGS = {"unit": "主办单位", "category": "分类", "session": "会议", "delegation": "代表团"}
BETWEEN_SESSIONS = 0
REGION_CHOICE_LIMIT = 300
CACHE_SECONDS = 60


@dataclass(frozen=True)
class StatisticsFilters:
    term: int | None = None
    session: int | None = None  # BETWEEN_SESSIONS (0): suggestions made between sessions (闭会期间)
    year: int | None = None
    region: str = ""  # a congress office's region: its suggestions and those of the offices below
    own_level: bool = False  # only that office's own suggestions (本级)

    def query(self) -> dict:
        """The filters as query-string parameters (for the export links)."""
        data = {"term": self.term, "session": self.session, "year": self.year, "region": self.region,
                "own_level": "1" if self.own_level else ""}
        return {k: v for k, v in data.items() if v not in (None, "")}


def rate(part: int, whole: int) -> float | None:
    """part ÷ whole, or None when there is nothing to divide (shown as "—", never as 0%)."""
    return part / whole if whole else None


@dataclass(frozen=True)
class Figures:
    """The counts of one table row, as counted by the database; the totals and rates are derived from them."""

    received: int = 0
    merged: int = 0
    assigned: int = 0
    replied: int = 0
    closed: int = 0
    contacted: int = 0
    first_satisfied: int = 0
    first_basic: int = 0
    first_dissatisfied: int = 0
    final_satisfied: int = 0
    final_basic: int = 0
    final_dissatisfied: int = 0
    classes: tuple[int, ...] = ()  # suggestions per reply class, in the order of workflow.reply_classes()
    overdue_open: int = 0
    replied_late: int = 0
    on_time: int = 0
    rehandled: int = 0
    key: int = 0
    key_finished: int = 0

    @classmethod
    def from_row(cls, row: dict, class_count: int) -> Figures:
        names = {f for f in cls.__dataclass_fields__ if f != "classes"}
        values = {name: row.get(name) or 0 for name in names}
        return cls(**values, classes=tuple(row.get(f"class_{i}") or 0 for i in range(class_count)))

    @property
    def finished(self) -> int:
        return self.replied + self.closed

    @property
    def in_hands(self) -> int:
        return self.assigned - self.finished

    @property
    def first_rated(self) -> int:
        return self.first_satisfied + self.first_basic + self.first_dissatisfied

    @property
    def final_rated(self) -> int:
        return self.final_satisfied + self.final_basic + self.final_dissatisfied

    @property
    def classed(self) -> int:
        return sum(self.classes)

    @property
    def due(self) -> int:
        """Replied, or overdue in the units' hands: the denominator of the on-time rate."""
        return self.on_time + self.replied_late + self.overdue_open

    @property
    def finish_rate(self):
        return rate(self.finished, self.assigned)

    @property
    def contact_rate(self):
        return rate(self.contacted, self.assigned)

    @property
    def uncontacted(self) -> int:
        return self.assigned - self.contacted

    @property
    def first_satisfied_rate(self):
        return rate(self.first_satisfied, self.first_rated)

    @property
    def first_satisfied_incl_rate(self):
        return rate(self.first_satisfied + self.first_basic, self.first_rated)

    @property
    def final_satisfied_rate(self):
        return rate(self.final_satisfied, self.final_rated)

    @property
    def final_satisfied_incl_rate(self):
        return rate(self.final_satisfied + self.final_basic, self.final_rated)

    @property
    def solved(self) -> int:
        return self.classes[0] if self.classes else 0

    @property
    def solved_rate(self):
        return rate(self.solved, self.classed)

    @property
    def on_time_rate(self):
        return rate(self.on_time, self.due)


@dataclass(frozen=True)
class GroupRow:
    key: object
    label: str
    figures: Figures


@dataclass
class Scope:
    """What a reader asked for, resolved: the region (None: the whole jurisdiction) and the reply classes."""

    filters: StatisticsFilters
    region: Region | None = None
    classes: list[tuple[str, str]] = field(default_factory=workflow.reply_classes)


# ---------------------------------------------------------------- the queries


def _filtered(qs: QuerySet, filters: StatisticsFilters, prefix: str = "", *, figures: bool = False) -> QuerySet:
    """The filters on suggestions (``prefix`` is the path to one) or on ``SuggestionFigures`` rows, whose term and
    session are plain ids (session 0: between sessions)."""
    term, session = ("term", "session") if figures else (prefix + "term_id", prefix + "session_id")
    if filters.term:
        qs = qs.filter(**{term: filters.term})
    if filters.session is not None:
        if filters.session == BETWEEN_SESSIONS:
            qs = qs.filter(**({session: 0} if figures else {prefix + "session__isnull": True}))
        else:
            qs = qs.filter(**{session: filters.session})
    if filters.year:
        qs = qs.filter(**{prefix + "year": filters.year})
    if filters.region:
        if filters.own_level:
            qs = qs.filter(**{prefix + "region_id": filters.region})
        else:
            qs = qs.filter(subtree_q(prefix + "region", [filters.region]))
    return qs


SUM = "sum_"  # the sums' names: an aggregate may not take the name of the column it sums


def _sums(classes: list[tuple[str, str]]) -> dict:
    """The sums of one table row over the running counts; a reply class counts the referred suggestions whose
    (latest) reply is in it."""
    sums = {SUM + name: Sum(name) for name in SuggestionFigures.MEASURES}
    for index, (code, _label) in enumerate(classes):
        sums[f"{SUM}class_{index}"] = Sum("assigned", filter=Q(reply_class=code))
    return sums


def _summed(row: dict) -> dict:
    """A row of ``_sums`` under the measures' own names."""
    return {name.removeprefix(SUM): value for name, value in row.items()}


def _figures_rows(*, user, filters: StatisticsFilters, kind: str) -> QuerySet[SuggestionFigures]:
    qs = restrict_to_jurisdiction(SuggestionFigures.objects.filter(kind=kind), user, roles=STATISTICS_ROLES)
    return _filtered(qs, filters, figures=True)


def _overdue(*, user, filters: StatisticsFilters, today: datetime.date, by: str | None = None) -> dict:
    """Suggestions still in the units' hands after their due day (代表法 Art 51 ¶1–2), per group: they depend on
    the day, so they are counted live, over the open suggestions only (an index on status and due day)."""
    if by == "unit":
        qs = restrict_to_jurisdiction(
            Handling.objects.filter(role=workflow.LEAD).exclude(status=workflow.UNIT_RETURNED), user,
            region_field="suggestion__region", roles=STATISTICS_ROLES)
        qs = _filtered(qs.filter(suggestion__status__in=workflow.HANDLING, suggestion__due_on__lt=today),
                       filters, "suggestion__")
        field_names = ("unit_id",)
    else:
        qs = suggestions_in_scope(user=user, filters=filters).filter(status__in=workflow.HANDLING, due_on__lt=today)
        field_names = {None: (), "category": ("category_id",), "delegation": ("lead__delegation_id",),
                       "session": ("term_id", "session_id")}[by]
    if not field_names:
        return {None: qs.count()}
    rows = qs.values(*field_names).annotate(n=Count("pk")).order_by()
    return {tuple(row[f] or 0 for f in field_names) if len(field_names) > 1 else (row[field_names[0]] or 0): row["n"]
            for row in rows}


def suggestions_in_scope(*, user, filters: StatisticsFilters) -> QuerySet[Suggestion]:
    """The suggestions of the offices in the reader's jurisdiction, filtered (drafts are the deputies' own)."""
    qs = restrict_to_jurisdiction(Suggestion.objects.exclude(status=workflow.DRAFT), user,
                                  roles=STATISTICS_ROLES)
    return _filtered(qs, filters)


def scope_for(*, user, filters: StatisticsFilters) -> Scope:
    """Check the asked-for region: one that does not exist or lies outside the reader's jurisdiction is a 404."""
    region = None
    if filters.region:
        region = Region.objects.filter(pk=filters.region).first()
        if region is None or not covers(user, region.code, roles=STATISTICS_ROLES):
            raise Http404
    return Scope(filters=filters, region=region)


def _cached(user, scope: Scope, what: str, today: datetime.date, compute):
    """Figures are a dashboard, not a ledger: kept for CACHE_SECONDS per jurisdiction, filters, table and day
    (an aggregate over 50,000 suggestions costs more than the rest of the page; PERFORMANCE.md, dashboards)."""
    codes = jurisdiction_codes(user, roles=STATISTICS_ROLES)
    fingerprint = repr((sorted(codes) if codes is not None else None, scope.filters, what, today.isoformat(),
                        scope.classes))
    key = "proposals:statistics:" + hashlib.sha256(fingerprint.encode()).hexdigest()
    cached = cache.get(key)
    if cached is None:
        cached = compute()
        cache.set(key, cached, CACHE_SECONDS)
    return cached


def headline(*, user, scope: Scope, today: datetime.date | None = None) -> Figures:
    """The figures over the whole scope: the referred suggestions, and also how many were received (submitted,
    whatever became of them) and merged into others. One sum over the running counts, one live count."""
    today = today or timezone.localdate()
    count = len(scope.classes)

    def compute() -> Figures:
        row = _summed(_figures_rows(user=user, filters=scope.filters, kind="all").aggregate(**_sums(scope.classes)))
        row["overdue_open"] = _overdue(user=user, filters=scope.filters, today=today)[None]
        return Figures.from_row(row, count)

    return _cached(user, scope, "headline", today, compute)


def _session_labels(keys) -> dict:
    terms = {t.pk: t for t in Term.objects.filter(pk__in={k[0] for k in keys}).select_related("congress")}
    numbers = dict(Session.objects.filter(pk__in={k[1] for k in keys if k[1]}).values_list("pk", "number"))
    labels = {}
    for term_id, session_id in keys:
        term = terms.get(term_id)
        if term is None:
            continue
        prefix = f"{term.congress.name}第{chinese_numeral(term.number)}届"
        labels[(term_id, session_id)] = (f"{prefix}第{chinese_numeral(numbers[session_id])}次会议"
                                         if session_id in numbers else f"{prefix}闭会期间")
    return labels


def _labels(by: str, keys) -> dict:
    """The names of the groups shown (one query per grouping, over the group ids)."""
    if by == "session":
        return _session_labels(keys)
    ids = [k for k in keys if k]
    if by == "unit":
        labels = dict(Organisation.objects.filter(pk__in=ids).values_list("pk", "name"))
    elif by == "delegation":
        labels = {0: "未编入代表团", **dict(Delegation.objects.filter(pk__in=ids).values_list("pk", "name"))}
    else:
        labels = {0: "未分类"}
        for pk, name, parent in Category.objects.filter(pk__in=ids).values_list("pk", "name", "parent__name"):
            labels[pk] = f"{parent} › {name}" if parent else name
    return labels


def grouped(*, user, scope: Scope, by: str, today: datetime.date | None = None) -> list[GroupRow]:
    """The figures per lead unit (主办单位), category, session (闭会期间 apart) or the lead deputy's delegation:
    one sum over the running counts and one live count of the overdue; largest first. Only groups with referred
    suggestions are listed. A suggestion whose lead unit gave it back and that waits for a new one is in no
    unit's row."""
    if by not in GROUPINGS:
        raise ValueError(by)
    today = today or timezone.localdate()
    count = len(scope.classes)
    kind = "all" if by == "session" else by
    keys = ("term", "session") if by == "session" else ("group",)

    def compute() -> list[GroupRow]:
        rows = (_figures_rows(user=user, filters=scope.filters, kind=kind).values(*keys)
                .annotate(**_sums(scope.classes)).filter(**{SUM + "assigned__gt": 0}).order_by())
        overdue = _overdue(user=user, filters=scope.filters, today=today, by=by)
        found = [(tuple(row[k] for k in keys) if by == "session" else row["group"], _summed(row)) for row in rows]
        labels = _labels(by, [key for key, _row in found])
        result = []
        for key, row in found:
            row["overdue_open"] = overdue.get(key, 0)
            group_key = (key[0], key[1] or BETWEEN_SESSIONS) if by == "session" else (key or None)
            result.append(GroupRow(group_key, labels.get(key, "—"), Figures.from_row(row, count)))
        result.sort(key=lambda r: (-r.figures.assigned, r.label))
        return result

    return _cached(user, scope, by, today, compute)


# ---------------------------------------------------------------- the filter form's choices


def region_choices(*, user) -> list[tuple[str, str]]:
    """Congress offices in the reader's jurisdiction down to county level (a township is asked for by code)."""
    qs = restrict_to_jurisdiction(Congress.objects.filter(level__lte=Level.COUNTY), user, roles=STATISTICS_ROLES)
    return list(qs.order_by("region_id").values_list("region_id", "name")[:REGION_CHOICE_LIMIT])


def home_region(*, user) -> str:
    """The top office of the reader's jurisdiction (the province for a national assignment is not defined: "")."""
    codes = jurisdiction_codes(user, roles=STATISTICS_ROLES)
    return sorted(codes)[0] if codes else ""


def term_choices(*, region_code: str) -> list[tuple[int, str]]:
    """The terms of one congress, newest first."""
    if not region_code:
        return []
    terms = Term.objects.filter(congress__region_id=region_code).order_by("-number")[:10]
    return [(t.pk, t.title) for t in terms]


def session_choices(*, term_id: int | None) -> list[tuple[int, str]]:
    """The sessions of one term, and 闭会期间 (between sessions) first."""
    sessions = Session.objects.filter(term_id=term_id).order_by("number") if term_id else []
    return [(BETWEEN_SESSIONS, "闭会期间"), *((s.pk, s.title) for s in sessions)]


def session_get(*, pk: int | None) -> Session | None:
    if not pk:
        return None
    return Session.objects.select_related("term__congress").filter(pk=pk).first()

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

Each table is a fixed number of aggregate queries (``Count(..., filter=Q(...))``), whatever the number of
suggestions: the headline figures are one query and each grouping (lead unit, category, session, delegation) one
more. Each is grouped by status as well, and the few rows per status are added up here. The results are cached
for a minute per jurisdiction and filters, as the other dashboards are.

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
from django.db.models import Count, F, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from lianluo.accounts.roles import Role
from lianluo.accounts.scoping import covers, jurisdiction_codes, restrict_to_jurisdiction
from lianluo.proposals import workflow
from lianluo.proposals.models import Handling, Satisfaction, Suggestion
from lianluo.regions.models import Congress, Level, Region, Session, Term, chinese_numeral
from lianluo.regions.tree import subtree_q

STATISTICS_ROLES = frozenset({Role.LIAISON_STAFF, Role.COMMITTEE_MEMBER})
ASSIGNED_STATES = (workflow.ASSIGNED, workflow.REHANDLING, workflow.REPLIED, workflow.CLOSED)
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


# Summed over the statuses of a referred suggestion (see _fold).
SUMMED = ("contacted", "replied_late", "on_time", "rehandled", "key", "first_satisfied", "first_basic",
          "first_dissatisfied", "final_satisfied", "final_basic", "final_dissatisfied")


def _measures(prefix: str, today: datetime.date, class_count: int) -> dict:
    """The aggregate expressions of one row, to be grouped by status as well (``_fold`` adds the statuses up);
    ``prefix`` is the path to the suggestion ("" or "suggestion__"). Only what neither the status nor a sum gives
    is counted: every FILTER clause costs a pass over the rows' values."""

    def q(**lookups) -> Q:
        return Q(**{prefix + name: value for name, value in lookups.items()})

    def count(condition: Q | None = None) -> Count:
        return Count(prefix + "id", filter=condition)

    measures = {
        "n": count(),
        # ``contacted`` is set by services.contact_record in the transaction that writes the first contact record
        # (records are never deleted), so it says "has a contact record" without a semi-join on every query.
        "contacted": count(q(contacted=True)),
        "past_due": count(q(due_on__lt=today)),  # overdue where the status says the units still hold it
        "replied_late": count(q(replied_on__gt=F(prefix + "due_on"))),
        "on_time": count(q(replied_on__lte=F(prefix + "due_on"))),
        "rehandled": count(q(round__gt=1)),
        "key": count(q(is_key=True)),
    }
    for when, field_name in (("first", "first_satisfaction"), ("final", "satisfaction")):
        measures[f"{when}_satisfied"] = count(q(**{field_name: Satisfaction.SATISFIED}))
        measures[f"{when}_basic"] = count(q(**{field_name: Satisfaction.BASICALLY}))
        measures[f"{when}_dissatisfied"] = count(q(**{field_name: Satisfaction.DISSATISFIED}))
    for index, (code, _label) in enumerate(workflow.reply_classes()[:class_count]):
        measures[f"class_{index}"] = count(q(reply_class=code))
    return measures


def _fold(rows, status_field: str, class_count: int) -> dict:
    """Add up the per-status rows of one table row (a handful of statuses, not the suggestions)."""
    total = dict.fromkeys(("received", "merged", "assigned", "replied", "closed", "overdue_open", "key_finished",
                           *SUMMED, *(f"class_{i}" for i in range(class_count))), 0)
    for row in rows:
        status, n = row[status_field], row["n"]
        total["received"] += row.get("submitted", 0)
        if status == workflow.MERGED:
            total["merged"] += n
        if status not in ASSIGNED_STATES:
            continue
        total["assigned"] += n
        if status == workflow.REPLIED:
            total["replied"] += n
        elif status == workflow.CLOSED:
            total["closed"] += n
        if status in workflow.HANDLING:
            total["overdue_open"] += row["past_due"]
        if status in workflow.FINISHED:
            total["key_finished"] += row["key"]
        for name in (*SUMMED, *(f"class_{i}" for i in range(class_count))):
            total[name] += row[name]
    return total


def _filtered(qs: QuerySet, filters: StatisticsFilters, prefix: str = "") -> QuerySet:
    if filters.term:
        qs = qs.filter(**{prefix + "term_id": filters.term})
    if filters.session is not None:
        if filters.session == BETWEEN_SESSIONS:
            qs = qs.filter(**{prefix + "session__isnull": True})
        else:
            qs = qs.filter(**{prefix + "session_id": filters.session})
    if filters.year:
        qs = qs.filter(**{prefix + "year": filters.year})
    if filters.region:
        if filters.own_level:
            qs = qs.filter(**{prefix + "region_id": filters.region})
        else:
            qs = qs.filter(subtree_q(prefix + "region", [filters.region]))
    return qs


def scope_for(*, user, filters: StatisticsFilters) -> Scope:
    """Check the asked-for region: one that does not exist or lies outside the reader's jurisdiction is a 404."""
    region = None
    if filters.region:
        region = Region.objects.filter(pk=filters.region).first()
        if region is None or not covers(user, region.code, roles=STATISTICS_ROLES):
            raise Http404
    return Scope(filters=filters, region=region)


def suggestions_in_scope(*, user, filters: StatisticsFilters) -> QuerySet[Suggestion]:
    """The suggestions of the offices in the reader's jurisdiction, filtered (drafts are the deputies' own)."""
    qs = restrict_to_jurisdiction(Suggestion.objects.exclude(status=workflow.DRAFT), user,
                                  roles=STATISTICS_ROLES)
    return _filtered(qs, filters)


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
    """The figures over the whole scope, in one query grouped by status: the referred suggestions, and also how
    many were received (submitted, whatever became of them) and merged into others."""
    today = today or timezone.localdate()
    count = len(scope.classes)

    def compute() -> Figures:
        rows = (suggestions_in_scope(user=user, filters=scope.filters).values("status")
                .annotate(submitted=Count("id", filter=Q(submitted_on__isnull=False)),
                          **_measures("", today, count)).order_by())
        return Figures.from_row(_fold(rows, "status", count), count)

    return _cached(user, scope, "headline", today, compute)


def _session_label(row: dict) -> str:
    if row["session_id"] is None:
        return f"{row['term__congress__name']}第{chinese_numeral(row['term__number'])}届闭会期间"
    return (f"{row['term__congress__name']}第{chinese_numeral(row['term__number'])}届"
            f"第{chinese_numeral(row['session__number'])}次会议")


def grouped(*, user, scope: Scope, by: str, today: datetime.date | None = None) -> list[GroupRow]:
    """The figures per lead unit (主办单位), category, session (闭会期间 apart) or the lead deputy's delegation, in
    one query; largest first. A suggestion whose lead unit gave it back and that waits for a new one is in no
    unit's row."""
    if by not in GROUPINGS:
        raise ValueError(by)
    today = today or timezone.localdate()
    count = len(scope.classes)
    if by == "unit":
        qs = restrict_to_jurisdiction(
            Handling.objects.filter(role=workflow.LEAD).exclude(status=workflow.UNIT_RETURNED), user,
            region_field="suggestion__region", roles=STATISTICS_ROLES)
        qs = _filtered(qs.filter(suggestion__status__in=ASSIGNED_STATES), scope.filters, "suggestion__")
        keys, status = ("unit_id", "unit__name"), "suggestion__status"
        rows = qs.values(*keys, status).annotate(**_measures("suggestion__", today, count))

        def label(row):
            return row["unit__name"]

        def key(row):
            return row["unit_id"]
    else:
        qs = suggestions_in_scope(user=user, filters=scope.filters).filter(status__in=ASSIGNED_STATES)
        keys = {
            "category": ("category_id", "category__name", "category__parent__name"),
            "session": ("term_id", "session_id", "term__number", "term__congress__name", "session__number"),
            "delegation": ("lead__delegation_id", "lead__delegation__name"),
        }[by]
        status = "status"
        rows = qs.values(*keys, status).annotate(**_measures("", today, count))

        def label(row):
            if by == "category":
                if row["category_id"] is None:
                    return "未分类"
                parent = row["category__parent__name"]
                return f"{parent} › {row['category__name']}" if parent else row["category__name"]
            if by == "session":
                return _session_label(row)
            return row["lead__delegation__name"] or "未编入代表团"

        def key(row):
            if by == "session":
                return (row["term_id"], row["session_id"] or BETWEEN_SESSIONS)
            return row[keys[0]]

    def compute() -> list[GroupRow]:
        parts: dict = {}
        for row in rows.order_by():
            parts.setdefault(key(row), (label(row), []))[1].append(row)
        result = [GroupRow(k, name, Figures.from_row(_fold(part, status, count), count))
                  for k, (name, part) in parts.items()]
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

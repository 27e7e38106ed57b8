"""Reads of constituent issues, always through the reader's scope.

Who sees which issues (anything else is a 404):
- liaison staff, station managers and committee members: issues of the congress offices in their regions, and
  issues recorded at stations in their regions (a township station manager sees their own stations' issues);
- deputies: the issues they recorded, and those of the stations they are assigned to (open 进站 rows);
- handling-unit officers and leaders: issues currently forwarded to their own organisation;
- everyone above: also the issues they recorded themselves;
- administrators: none (no case content, DESIGN.md §2).
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from lianluo.accounts.roles import Role
from lianluo.accounts.scoping import jurisdiction_codes, restrict_to_jurisdiction
from lianluo.casework import search
from lianluo.casework.models import Category, Issue, IssueMonthly, Status, SuggestionDraft
from lianluo.casework.permissions import (
    DRAFT_READERS,
    REGION_READERS,
    UNIT_READERS,
    can_import_categories,
    unit_ids,
)
from lianluo.deputies.models import Mandate
from lianluo.regions.models import Congress, Organisation, Region
from lianluo.regions.selectors import congress_region_of
from lianluo.regions.tree import subtree_q
from lianluo.stations.models import Station
from lianluo.stations.selectors import served_station_ids

PAGE_SIZE = 30
CHOICE_LIMIT = 200  # choice lists stay bounded; a longer list is no use on a phone


def _region_scope(qs: QuerySet, user, roles, *, region_field="region", station_field="station__region") -> QuerySet:
    by_office = restrict_to_jurisdiction(qs, user, region_field=region_field, roles=roles)
    by_station = restrict_to_jurisdiction(qs, user, region_field=station_field, roles=roles)
    return by_office | by_station


def issues_visible(*, user) -> QuerySet[Issue]:
    """Every issue the user may read (unordered, unsliced)."""
    qs = Issue.objects.all()
    roles = user.role_set() if getattr(user, "is_authenticated", False) else frozenset()
    parts = []
    if roles & REGION_READERS:
        parts.append(_region_scope(qs, user, REGION_READERS))
    if Role.DEPUTY in roles:
        deputy_qs = restrict_to_jurisdiction(qs, user, roles=[Role.DEPUTY]) | restrict_to_jurisdiction(
            qs, user, region_field="station__region", roles=[Role.DEPUTY])
        stations = served_station_ids(user=user)
        parts.append(deputy_qs.filter(Q(raised_by_deputy__person__user=user) | Q(station_id__in=stations)))
    if roles & UNIT_READERS:
        parts.append(restrict_to_jurisdiction(qs, user, roles=UNIT_READERS).filter(
            unit_id__in=unit_ids(user), status__in=[Status.FORWARDED, Status.FEEDBACK]))
    if not parts:
        return qs.none()
    parts.append(qs.filter(recorded_by=user))  # what one recorded oneself stays in view
    result = parts[0]
    for part in parts[1:]:
        result = result | part
    return result


@dataclass
class IssueFilters:
    status: str = ""
    category: int | None = None
    station: int | None = None
    unit: int | None = None
    overdue: bool = False
    received_from: datetime.date | None = None
    received_to: datetime.date | None = None
    channel: str = ""
    query: str = ""
    region: str = ""


def _filtered(qs: QuerySet, filters: IssueFilters, today: datetime.date) -> QuerySet:
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.category:
        category = Category.objects.filter(pk=filters.category).values_list("code", "region_id").first()
        if category:
            code, region_id = category
            qs = qs.filter(category__region_id=region_id, category__code__startswith=code)
        else:
            qs = qs.none()
    if filters.station:
        qs = qs.filter(station_id=filters.station)
    if filters.unit:
        qs = qs.filter(unit_id=filters.unit)
    if filters.overdue:
        qs = qs.filter(status=Status.FORWARDED, due_on__lt=today)
    if filters.received_from:
        qs = qs.filter(received_on__gte=filters.received_from)
    if filters.received_to:
        qs = qs.filter(received_on__lte=filters.received_to)
    if filters.channel:
        qs = qs.filter(channel=filters.channel)
    if filters.region:
        qs = qs.filter(subtree_q("region", [filters.region]))
    if filters.query:
        qs = search.filter_issues(qs, filters.query)
    return qs


def issue_list(*, user, filters: IssueFilters | None = None, after: int | None = None,
               limit: int = PAGE_SIZE) -> tuple[list[Issue], int | None]:
    """One page of issues, newest first (keyset on id): (rows, the id to continue after or None)."""
    filters = filters or IssueFilters()
    qs = _filtered(issues_visible(user=user), filters, timezone.localdate())
    if after:
        qs = qs.filter(pk__lt=after)
    rows = list(
        qs.select_related("category", "station", "unit").only(
            "id", "number", "title", "status", "channel", "received_on", "due_on", "round", "people_count",
            "region_id", "category__name", "station__name", "unit__name", "reminded_on",
        ).order_by("-id")[: limit + 1]
    )
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (rows[-1].pk if more and rows else None)


def issue_get(*, user, pk: int) -> Issue:
    issue = (
        issues_visible(user=user).filter(pk=pk)
        .select_related("category", "station", "unit", "region", "place_region", "raised_by_deputy__person",
                        "merged_into", "parent", "recorded_by")
        .first()
    )
    if issue is None:
        raise Http404
    return issue


def issue_events(*, issue: Issue):
    return issue.events.select_related("actor").order_by("id")


def issue_by_query_code(code: str) -> Issue | None:
    """The issue behind a query code (the public follow page; no account, no scope)."""
    code = (code or "").strip().upper()
    if not code or len(code) > 16:
        return None
    return Issue.objects.select_related("merged_into", "region").filter(query_code=code).first()


def unit_inbox(*, user, limit: int = 100) -> list[Issue]:
    """Issues forwarded to my unit: overdue first, then by due date."""
    qs = restrict_to_jurisdiction(Issue.objects.all(), user, roles=UNIT_READERS).filter(
        unit_id__in=unit_ids(user), status__in=[Status.FORWARDED, Status.FEEDBACK])
    rows = list(qs.select_related("category", "unit").order_by("status", "due_on", "id")[:limit])
    today = timezone.localdate()
    rows.sort(key=lambda i: (not (i.status == Status.FORWARDED and i.due_on and i.due_on < today),
                             i.status != Status.FORWARDED, i.due_on or today, i.pk))
    return rows


def categories_for(region_code: str) -> QuerySet[Category]:
    """The category tree in force for an office: its own, or the nearest ancestor's."""
    codes = [region_code[:n] for n in (9, 6, 4, 2) if len(region_code) >= n]
    owner = (Category.objects.filter(region_id__in=codes, is_active=True).order_by("-region_id")
             .values_list("region_id", flat=True).first())
    if owner is None:
        return Category.objects.none()
    return Category.objects.filter(region_id=owner, is_active=True).order_by("code")


def category_trees(*, user) -> QuerySet[Category]:
    qs = restrict_to_jurisdiction(Category.objects.all(), user, roles=REGION_READERS | {Role.DEPUTY})
    return qs.select_related("region").order_by("region_id", "code")


def drafts_visible(*, user) -> QuerySet[SuggestionDraft]:
    qs = restrict_to_jurisdiction(SuggestionDraft.objects.all(), user, roles=DRAFT_READERS - {Role.DEPUTY})
    if Role.DEPUTY in user.role_set():
        own = restrict_to_jurisdiction(SuggestionDraft.objects.all(), user, roles=[Role.DEPUTY]).filter(
            Q(created_by=user) | Q(mandate__person__user=user))
        qs = qs | own
    return qs


def draft_list(*, user, limit: int = 100) -> list[SuggestionDraft]:
    return list(drafts_visible(user=user).select_related("mandate__person", "created_by")
                .annotate(n_issues=Count("issues")).order_by("-id")[:limit])


def draft_get(*, user, pk: int) -> SuggestionDraft:
    draft = drafts_visible(user=user).filter(pk=pk).select_related("mandate__person", "created_by", "region").first()
    if draft is None:
        raise Http404
    return draft


# ---------------------------------------------------------------- hot issues


def hot_issues(*, user, months: int = 12, today: datetime.date | None = None, repeat_threshold: int = 3) -> dict:
    """Counts by category, month, place and station for the last ``months`` months, and the places and stations
    where the same kind of issue keeps coming back (at least ``repeat_threshold`` issues of one category)."""
    today = today or timezone.localdate()
    start_month = (today.replace(day=1) - datetime.timedelta(days=31 * (months - 1))).replace(day=1)
    monthly = _region_scope(IssueMonthly.objects.filter(month__gte=start_month), user, REGION_READERS)
    by_month = list(monthly.values("month").annotate(n=Sum("received"), closed=Sum("closed"),
                                                     satisfied=Sum("satisfied"), rated=Sum("rated"))
                    .order_by("month"))
    by_category = list(monthly.values("category__name").annotate(n=Sum("received")).order_by("-n")[:15])
    issues = _region_scope(Issue.objects.filter(received_on__gte=start_month), user, REGION_READERS)
    by_place = list(issues.exclude(place_region=None).values("place_region__name", "place_region_id")
                    .annotate(n=Sum("people_count"), issues=Count("id")).order_by("-issues")[:15])
    repeat_places = list(
        issues.exclude(place_region=None).exclude(category=None)
        .values("place_region__name", "category__name").annotate(n=Count("id"))
        .filter(n__gte=repeat_threshold).order_by("-n")[:20]
    )
    repeat_stations = list(
        issues.exclude(station=None).exclude(category=None)
        .values("station__name", "category__name").annotate(n=Count("id"))
        .filter(n__gte=repeat_threshold).order_by("-n")[:20]
    )
    return {"start": start_month, "by_month": by_month, "by_category": by_category, "by_place": by_place,
            "repeat_places": repeat_places, "repeat_stations": repeat_stations}


def hot_refresh_codes(*, user) -> list[str]:
    """The regions whose hot issues a liaison officer recomputes: the offices they work for."""
    return sorted(jurisdiction_codes(user, roles=[Role.LIAISON_STAFF]) or [])


def jurisdiction_offices(*, user) -> list[str]:
    """Region codes of the offices the user works for (for the intake form's office choice)."""
    codes = jurisdiction_codes(user, roles=[Role.LIAISON_STAFF, Role.STATION_MANAGER])
    return sorted(codes or [])


WORKLOAD_CAP = 1000  # dashboard counts stop here ("1000+"): exact counts over a million issues are not worth it


def workload(*, user, today: datetime.date | None = None) -> dict[str, int]:
    """Capped counts of what waits for the user's offices: to accept, in hand, overdue at a unit, awaiting rating."""
    today = today or timezone.localdate()
    visible = issues_visible(user=user)
    groups = {
        "received": visible.filter(status=Status.RECEIVED),
        "in_hand": visible.filter(status__in=[Status.ACCEPTED, Status.FORWARDED, Status.FEEDBACK]),
        "overdue": visible.filter(status=Status.FORWARDED, due_on__lt=today),
        "answered": visible.filter(status=Status.ANSWERED),
    }
    return {key: qs.values("id")[:WORKLOAD_CAP].count() for key, qs in groups.items()}


# ---------------------------------------------------------------- choices offered by the casework forms
#
# Each ``*_choices`` lists what a form offers; the matching ``*_get`` resolves a posted value against the same
# scope and returns None for anything not offered, which the view turns into a form error on that field.


def _stations_in_scope(*, user) -> QuerySet[Station]:
    """Active stations the user records at or filters by: those in their jurisdiction (region readers), and for a
    deputy the stations they are assigned to."""
    qs = restrict_to_jurisdiction(Station.objects.all(), user, roles=REGION_READERS)
    if Role.DEPUTY in user.role_set():
        qs = Station.objects.filter(pk__in=served_station_ids(user=user)) | qs
    return qs.filter(is_active=True)


def station_choices(*, user) -> list[tuple[int, str]]:
    return list(_stations_in_scope(user=user).order_by("region_id", "name")
                .values_list("pk", "name")[:CHOICE_LIMIT])


def station_get(*, user, pk: int) -> Station | None:
    return _stations_in_scope(user=user).filter(pk=pk).first()


def intake_office_codes(*, user) -> list[str]:
    """Offices whose intake the user serves: the congress of each liaison-staff or station-manager region, or the
    nearest one above it (a street's stations record for the county, see ``congress_region_of``)."""
    return sorted({congress_region_of(a.region).code for a in user.active_assignments()
                   if a.role in (Role.LIAISON_STAFF, Role.STATION_MANAGER)})


def office_choices(*, user) -> list[tuple[str, str]]:
    codes = intake_office_codes(user=user)
    return [(c.region_id, c.name) for c in Congress.objects.filter(region_id__in=codes).order_by("region_id")]


def office_get(*, user, code: str) -> Region | None:
    if code not in intake_office_codes(user=user):
        return None
    return Region.objects.filter(code=code).first()


def category_choices(*, region_code: str) -> list[tuple[int, str]]:
    """The office's category tree in force, indented by depth."""
    return [(c.pk, ("　" * (c.depth - 1)) + c.name) for c in categories_for(region_code)]


def category_get(*, region_code: str, pk: int) -> Category | None:
    return categories_for(region_code).filter(pk=pk).first()


def issue_filter_choices(*, user) -> dict[str, list]:
    """Choices of the issue list's filter form: categories of the user's first office, stations, handling units."""
    offices = jurisdiction_offices(user=user)
    if not offices:
        return {"categories": [], "stations": station_choices(user=user), "units": []}
    units = list(Organisation.objects.filter(region_id__in=offices).values_list("pk", "name")[:CHOICE_LIMIT])
    return {"categories": category_choices(region_code=offices[0]), "stations": station_choices(user=user),
            "units": units}


def unit_choices(*, issue: Issue) -> list[tuple[int, str]]:
    """Handling units an issue can be forwarded to: those of its own office's region (the issue was fetched
    through the reader's scope)."""
    return list(Organisation.objects.filter(region_id=issue.region_id).values_list("pk", "name"))


def unit_get(*, issue: Issue, pk: int) -> Organisation | None:
    return Organisation.objects.filter(region_id=issue.region_id, pk=pk).first()


def _transfer_congresses(issue: Issue) -> QuerySet[Congress]:
    codes = [issue.region_id[:n] for n in (2, 4, 6, 9) if len(issue.region_id) > n]
    return Congress.objects.filter(region_id__in=codes) | Congress.objects.filter(region__parent_id=issue.region_id)


def transfer_targets(*, issue: Issue) -> list[tuple[str, str]]:
    """Congress offices an issue can be transferred to: those above its office and those directly below. They lie
    outside the reader's jurisdiction by design; the issue itself was fetched through the reader's scope."""
    return [(c.region_id, c.name) for c in _transfer_congresses(issue).order_by("region_id")[:100]]


def transfer_target_get(*, issue: Issue, code: str) -> Region | None:
    congress = _transfer_congresses(issue).filter(region_id=code).select_related("region").first()
    return congress.region if congress else None


def category_import_offices(*, user) -> list[tuple[str, str]]:
    """Offices whose category tree the user may maintain."""
    codes = [code for code in jurisdiction_offices(user=user) if can_import_categories(user, code)]
    return [(c.region_id, c.name) for c in Congress.objects.filter(region_id__in=codes).order_by("region_id")]


def category_import_office_get(*, user, code: str) -> Region | None:
    if code not in dict(category_import_offices(user=user)):
        return None
    return Region.objects.filter(code=code).first()


def deputy_mandate(*, user) -> Mandate | None:
    """The signed-in deputy's serving mandate that records issues: the highest-level congress first."""
    return (Mandate.objects.filter(person__user=user, status="serving").select_related("term__congress")
            .order_by("-term__congress__level", "-id").first())


def draft_region(*, issues: list[Issue], mandate: Mandate | None) -> Region | None:
    """The congress office a suggestion draft belongs to: the deputy's congress, else the common office of the
    issues (their codes' common prefix, at a level that has a congress)."""
    if mandate is not None:
        return mandate.term.congress.region
    if not issues:
        return None
    codes = {i.region_id for i in issues}
    common = min(codes, key=len)
    while common and not all(c.startswith(common) for c in codes):
        common = common[:-2] if len(common) in (4, 6) else common[:6] if len(common) == 9 else ""
    return Region.objects.filter(code=common).first() if common else None


def escalatable_issues(*, user, ids: list[int]) -> list[Issue]:
    """The listed issues the user may read and escalate (not merged, not declined), newest first."""
    return list(issues_visible(user=user).filter(pk__in=ids).exclude(
        status__in=[Status.MERGED, Status.DECLINED]).order_by("-id"))


def issues_by_number(*, user, numbers: list[str]) -> dict[str, Issue]:
    return {i.number: i for i in issues_visible(user=user).filter(number__in=numbers)}


def draft_issues(*, user, draft: SuggestionDraft) -> list[Issue]:
    """The draft's issues the reader may see, newest first."""
    return list(draft.issues.filter(pk__in=issues_visible(user=user).values("pk")).order_by("-id"))


def issue_links(*, issue: Issue) -> dict[str, list]:
    """What hangs off an issue on its page: merged duplicates, transfers to other offices, suggestion drafts."""
    return {
        "merged": list(issue.merged.only("id", "number", "title", "people_count")),
        "transfers": list(issue.transfers.select_related("region").only("id", "number", "status", "region__name",
                                                                         "answer")),
        "drafts": list(issue.suggestion_drafts.only("id", "title", "status")),
    }


def issue_people(*, issue: Issue) -> list:
    """The people behind an issue (a reveal of their full contact data goes through a service, which audits it)."""
    return list(issue.constituents.all())


REPLY_REVIEW_LIMIT = 1000  # the newest issues with a reply; checking takes about half a millisecond each


def issues_with_replies(*, user, since) -> list[Issue]:
    """The newest issues received since ``since`` that carry a unit's feedback or an answer, in the reader's
    jurisdiction (答复核对)."""
    return list(issues_visible(user=user).filter(received_on__gte=since)
                .filter(~Q(feedback="") | ~Q(answer="")).select_related("unit")
                .only("pk", "number", "title", "content", "feedback", "answer", "status", "received_on",
                      "unit_id", "unit__name")
                .order_by("-id")[:REPLY_REVIEW_LIMIT])

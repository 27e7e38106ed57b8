"""Reads for key-suggestion supervision and disclosure.

The office's pages start from the reader's scope (``suggestions_visible``, or the liaison staff's jurisdiction);
the public search reads only published versions (``Publication`` rows with status 已公开), which hold nothing but
the public text and copies of the filter fields: nothing internal is reachable from it.
"""

import datetime
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from lianluo.accounts.roles import Role
from lianluo.accounts.scoping import restrict_to_jurisdiction
from lianluo.proposals import workflow
from lianluo.proposals.models import (
    Handling,
    KeySupervision,
    Publication,
    PublicationRevision,
    Suggestion,
    SupervisionActivity,
)
from lianluo.proposals.search import PUBLICATIONS
from lianluo.proposals.selectors import suggestions_visible
from lianluo.regions.models import Congress, SpecialCommittee, StandingCommitteeMember, Term

PAGE_SIZE = 50
PUBLIC_PAGE_SIZE = 20
PUBLIC_MAX_PAGE = 500
COUNT_CAP = 1000  # the public search says "1000 件以上" rather than counting every match
CHOICES_TTL = 300  # seconds the public filter choices are kept (they change only when something is published)
CHOICE_LIMIT = 300
CATEGORY_SEPARATOR = "/"  # a public version's category_name is "一级分类/二级分类"


def _lead_units(ids: list[int]) -> dict[int, str]:
    return dict(Handling.objects.filter(suggestion_id__in=ids, role=workflow.LEAD)
                .exclude(status=workflow.UNIT_RETURNED).values_list("suggestion_id", "unit__name"))


# ---------------------------------------------------------------- key suggestions


def current_term(region_code: str, today: datetime.date) -> Term | None:
    """The term of the region's congress that runs today (代表法 Art 2: from one first session to the next)."""
    return (Term.objects.filter(congress__region_id=region_code, start_date__lte=today)
            .filter(Q(end_date__isnull=True) | Q(end_date__gt=today))
            .select_related("congress").order_by("-number").first())


def key_list(*, user, after: int | None = None, limit: int = PAGE_SIZE) -> tuple[list[Suggestion], int | None]:
    """The key suggestions the user may read, newest first (keyset on id), each with its supervision (leaders,
    committee), the number of activities, the lead unit and the deadline state."""
    qs = suggestions_visible(user=user).filter(is_key=True, key_supervision__isnull=False)
    if after:
        qs = qs.filter(pk__lt=after)
    rows = list(qs.select_related("lead__person", "session", "key_supervision__committee")
                .prefetch_related(Prefetch("key_supervision__leaders",
                                           queryset=StandingCommitteeMember.objects.order_by("order", "id")))
                .annotate(activity_count=Count("key_supervision__activities"))
                .order_by("-id")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    units = _lead_units([s.pk for s in rows])
    today = timezone.localdate()
    for row in rows:
        row.lead_unit_name = units.get(row.pk, "")
        row.deadline = workflow.deadline_state(row.status, row.due_on, today)
        row.leader_names = [m.name for m in row.key_supervision.leaders.all()]
    return rows, (rows[-1].pk if more and rows else None)


def supervision_of(*, suggestion: Suggestion) -> KeySupervision | None:
    return (KeySupervision.objects.filter(suggestion=suggestion).select_related("committee")
            .prefetch_related(Prefetch("leaders", queryset=StandingCommitteeMember.objects.order_by("order", "id")))
            .first())


def supervision_activities(*, supervision: KeySupervision) -> list[SupervisionActivity]:
    return list(supervision.activities.select_related("recorded_by").order_by("held_on", "id"))


def leader_choices(*, suggestion: Suggestion) -> list[StandingCommitteeMember]:
    """Members of the standing committee of the congress's current term, in the committee's order."""
    term = current_term(suggestion.region_id, timezone.localdate())
    if term is None:
        return []
    return list(StandingCommitteeMember.objects.filter(committee__term=term).select_related("committee")
                .order_by("order", "id"))


def committee_choices(*, suggestion: Suggestion) -> list[SpecialCommittee]:
    """The special committees of the congress's current term (a county congress may have none)."""
    term = current_term(suggestion.region_id, timezone.localdate())
    if term is None:
        return []
    return list(SpecialCommittee.objects.filter(term=term).order_by("order", "id"))


# ---------------------------------------------------------------- disclosure, the office's side

READY, PUBLISHED, WITHDRAWN = "ready", "published", "withdrawn"
PUBLICATION_STATES = {READY: "待公开", PUBLISHED: "已公开", WITHDRAWN: "已撤下"}


def publication_list(*, user, state: str = READY, after: int | None = None,
                     limit: int = PAGE_SIZE) -> tuple[list[Suggestion], int | None]:
    """Suggestions of the liaison staff's jurisdiction by disclosure state: ``ready`` (replied or closed, no
    public version yet or one waiting to be published), ``published``, ``withdrawn``; newest first."""
    qs = restrict_to_jurisdiction(Suggestion.objects.all(), user, roles=[Role.LIAISON_STAFF])
    if state == PUBLISHED:
        qs = qs.filter(publication__status=Publication.Status.PUBLISHED)
    elif state == WITHDRAWN:
        qs = qs.filter(publication__status=Publication.Status.WITHDRAWN)
    else:
        qs = qs.filter(status__in=workflow.FINISHED).exclude(
            publication__status__in=[Publication.Status.PUBLISHED, Publication.Status.WITHDRAWN])
    if after:
        qs = qs.filter(pk__lt=after)
    rows = list(qs.select_related("lead__person", "session", "publication").only(
        "id", "number", "title", "status", "year", "session_id", "session__number", "region_id", "reply_class",
        "replied_on", "public_consent", "lead__person__name", "publication__id", "publication__status",
        "publication__published_on", "publication__updated_at",
    ).order_by("-id")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    units = _lead_units([s.pk for s in rows])
    for row in rows:
        row.lead_unit_name = units.get(row.pk, "")
        row.public = getattr(row, "publication", None)
    return rows, (rows[-1].pk if more and rows else None)


def publication_of(*, suggestion: Suggestion) -> Publication | None:
    return Publication.objects.filter(suggestion=suggestion).first()


def publication_revisions(*, publication: Publication) -> list[PublicationRevision]:
    return list(publication.revisions.select_related("actor").order_by("-id"))


# ---------------------------------------------------------------- the public site


@dataclass
class PublicFilters:
    region: str = ""
    year: int | None = None
    session: str = ""
    unit: str = ""
    category: str = ""
    reply_class: str = ""
    query: str = ""


def _published() -> QuerySet[Publication]:
    return Publication.objects.filter(status=Publication.Status.PUBLISHED)


def _public_filtered(filters: PublicFilters) -> QuerySet[Publication]:
    qs = _published()
    if filters.region:
        qs = qs.filter(region_id=filters.region)
    if filters.year:
        qs = qs.filter(year=filters.year)
    if filters.session:
        qs = qs.filter(session_label=filters.session)
    if filters.unit:
        qs = qs.filter(unit_name=filters.unit)
    if filters.category:
        qs = qs.filter(Q(category_name=filters.category)
                       | Q(category_name__startswith=filters.category + CATEGORY_SEPARATOR))
    if filters.reply_class:
        qs = qs.filter(reply_class=filters.reply_class)
    if filters.query.strip():
        # Every fragment of the query in the public title, body or reply (lianluo/core/bigrams.py).
        qs = PUBLICATIONS.filter(qs, filters.query)
    return qs


@dataclass
class PublicPage:
    rows: list[Publication]
    page: int
    has_next: bool
    count: int
    count_capped: bool


def public_search(*, filters: PublicFilters, page: int = 1, per_page: int = PUBLIC_PAGE_SIZE) -> PublicPage:
    """One page of published suggestions, the newest publication first, and the number of matches (at most
    COUNT_CAP counted). Two queries whatever the filters."""
    page = min(max(page, 1), PUBLIC_MAX_PAGE)
    qs = _public_filtered(filters)
    start = (page - 1) * per_page
    rows = list(qs.defer("bigrams", "reply").order_by("-published_on", "-id")[start:start + per_page + 1])
    has_next = len(rows) > per_page
    rows = rows[:per_page]
    labels = reply_class_labels()
    for row in rows:
        row.reply_class_label = labels.get(row.reply_class, "")
    if not rows and page == 1:
        count = 0
    elif page == 1 and not has_next:
        count = len(rows)  # everything is on this page: no need to count
    else:
        count = qs.order_by()[:COUNT_CAP + 1].count()
    return PublicPage(rows=rows, page=page, has_next=has_next, count=min(count, COUNT_CAP),
                      count_capped=count > COUNT_CAP)


def public_get(*, pk: int) -> Publication:
    """A published version; a draft, a withdrawn one and a missing one are all 404."""
    publication = _published().defer("bigrams").filter(pk=pk).first()
    if publication is None:
        raise Http404
    return publication


def _distinct(qs: QuerySet, field: str) -> list:
    return list(qs.exclude(**{field: ""}).order_by(field).values_list(field, flat=True).distinct()[:CHOICE_LIMIT])


def public_filter_choices(*, region: str = "") -> dict:
    """What the public filters offer: the congresses, years, sessions (of the chosen congress, if any), units,
    categories (top level) and reply classes found among published versions. Cached for CHOICES_TTL seconds."""
    key = f"proposals:public-choices:{region or '-'}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    published = _published()
    codes = list(published.order_by("region_id").values_list("region_id", flat=True).distinct()[:CHOICE_LIMIT])
    names = dict(Congress.objects.filter(region_id__in=codes).values_list("region_id", "name"))
    sessions_of = published.filter(region_id=region) if region else published
    categories = []
    for name in _distinct(published, "category_name"):
        top = name.split(CATEGORY_SEPARATOR, 1)[0]
        if top not in categories:
            categories.append(top)
    years = list(published.order_by("-year").values_list("year", flat=True).distinct()[:CHOICE_LIMIT])
    choices = {
        "regions": [(code, names.get(code, code)) for code in codes],
        "years": years,
        "sessions": _distinct(sessions_of, "session_label"),
        "units": _distinct(published, "unit_name"),
        "categories": categories,
        "reply_classes": workflow.reply_classes(),
    }
    cache.set(key, choices, CHOICES_TTL)
    return choices


def reply_class_labels() -> dict[str, str]:
    return dict(workflow.reply_classes())


def reply_class_label(code: str) -> str:
    return reply_class_labels().get(code, code)

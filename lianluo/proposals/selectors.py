"""Reads of suggestions, always through the reader's scope.

Who sees which suggestions (anything else is a 404):
- liaison staff, committee members and special-committee staff: the suggestions of the congress offices in their
  regions (an office sees its level and below), drafts only where they key one in themselves;
- deputies: the suggestions they lead and those they were invited to co-sign;
- handling-unit officers and leaders: suggestions referred to their own organisation (their part not returned);
- administrators: none (no case content, DESIGN.md §2).
"""

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from lianluo.accounts.roles import Role
from lianluo.accounts.scoping import jurisdiction_codes, restrict_to_jurisdiction
from lianluo.deputies.models import Mandate
from lianluo.proposals import workflow
from lianluo.proposals.models import Handling, ProposalEvent, Reply, Suggestion
from lianluo.proposals.permissions import REGION_READERS, UNIT_READERS, can_manage_region, unit_ids
from lianluo.proposals.search import SUGGESTIONS
from lianluo.regions.models import Organisation, Session, Term
from lianluo.regions.tree import subtree_q

PAGE_SIZE = 30
CHOICE_LIMIT = 300


def suggestions_visible(*, user) -> QuerySet[Suggestion]:
    """Every suggestion the user may read (unordered, unsliced)."""
    qs = Suggestion.objects.all()
    roles = user.role_set() if getattr(user, "is_authenticated", False) else frozenset()
    parts = []
    if roles & REGION_READERS:
        # Drafts are the deputy's own, except those the office is keying in itself. One condition ANDed with the
        # region range, so that the planner still walks the region index.
        parts.append(restrict_to_jurisdiction(qs, user, roles=REGION_READERS).filter(
            ~Q(status=workflow.DRAFT) | Q(created_by=user)))
    if Role.DEPUTY in roles:
        mine = Q(lead__person__user=user) | Q(signers__mandate__person__user=user)
        parts.append(restrict_to_jurisdiction(qs, user, roles=[Role.DEPUTY]).filter(
            pk__in=Suggestion.objects.filter(mine).values("pk")))
    if roles & UNIT_READERS:
        units = unit_ids(user)
        parts.append(qs.filter(pk__in=Handling.objects.filter(unit_id__in=units).exclude(
            status=workflow.UNIT_RETURNED).values("suggestion_id")))
    if not parts:
        return qs.none()
    result = parts[0]
    for part in parts[1:]:
        result = result | part
    return result


@dataclass
class SuggestionFilters:
    status: str = ""
    term: int | None = None
    session: int | None = None  # 0: between sessions
    year: int | None = None
    category: int | None = None
    unit: int | None = None
    deadline: str = ""  # "overdue" | "due_soon"
    key: bool = False
    query: str = ""
    region: str = ""


def _filtered(qs: QuerySet, filters: SuggestionFilters, today: datetime.date) -> QuerySet:
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.term:
        qs = qs.filter(term_id=filters.term)
    if filters.session is not None:
        qs = qs.filter(session__isnull=True) if filters.session == 0 else qs.filter(session_id=filters.session)
    if filters.year:
        qs = qs.filter(year=filters.year)
    if filters.category:
        qs = qs.filter(category_id=filters.category)
    if filters.unit:
        qs = qs.filter(pk__in=Handling.objects.filter(unit_id=filters.unit).exclude(
            status=workflow.UNIT_RETURNED).values("suggestion_id"))
    if filters.deadline == "overdue":
        qs = qs.filter(status__in=workflow.HANDLING, due_on__lt=today)
    elif filters.deadline == "due_soon":
        qs = qs.filter(status__in=workflow.HANDLING, due_on__gte=today,
                       due_on__lte=today + datetime.timedelta(days=workflow.remind_days_before()))
    if filters.key:
        qs = qs.filter(is_key=True)
    if filters.region:
        qs = qs.filter(subtree_q("region", [filters.region]))
    if filters.query:
        qs = SUGGESTIONS.filter(qs, filters.query)
    return qs


def suggestion_list(*, user, filters: SuggestionFilters | None = None, after: int | None = None,
                    limit: int = PAGE_SIZE) -> tuple[list[Suggestion], int | None]:
    """One page of suggestions, newest first (keyset on id): (rows, the id to continue after or None)."""
    filters = filters or SuggestionFilters()
    qs = _filtered(suggestions_visible(user=user), filters, timezone.localdate())
    if after:
        qs = qs.filter(pk__lt=after)
    rows = list(qs.select_related("lead__person", "session", "category").only(
        "id", "number", "title", "status", "year", "session_id", "session__number", "due_on", "round", "is_key",
        "is_complex", "reply_class", "satisfaction", "region_id", "lead__person__name", "category__name",
        "submitted_on", "assigned_on",
    ).order_by("-id")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    lead_units = dict(Handling.objects.filter(suggestion_id__in=[s.pk for s in rows], role=workflow.LEAD)
                      .exclude(status=workflow.UNIT_RETURNED).values_list("suggestion_id", "unit__name"))
    for row in rows:
        row.lead_unit_name = lead_units.get(row.pk, "")
    return rows, (rows[-1].pk if more and rows else None)


def suggestion_get(*, user, pk: int) -> Suggestion:
    suggestion = (suggestions_visible(user=user).filter(pk=pk)
                  .select_related("lead__person", "lead__term__congress", "session", "category", "region",
                                  "merged_into", "draft", "created_by")
                  .first())
    if suggestion is None:
        raise Http404
    return suggestion


def suggestion_events(*, suggestion: Suggestion) -> list[ProposalEvent]:
    return list(suggestion.events.select_related("actor").order_by("id"))


def suggestion_parts(*, suggestion: Suggestion) -> dict:
    """What the detail page shows beside the text: signers, units, contacts, replies, ratings, merged ones."""
    return {
        "signers": list(suggestion.signers.select_related("mandate__person").order_by("role", "id")),
        "handlings": list(suggestion.handlings.select_related("unit").order_by("role", "id")),
        "contacts": list(suggestion.contacts.select_related("handling__unit").order_by("contacted_on", "id")),
        "replies": list(suggestion.replies.select_related("handling__unit", "approved_by").order_by("round", "id")),
        "evaluations": list(suggestion.evaluations.select_related("mandate__person").order_by("round", "id")),
        "merged": list(suggestion.merged.select_related("lead__person").only(
            "id", "number", "session_id", "year", "title", "lead__person__name")),
        "attachments": list(suggestion.attachments.defer("data")),
    }


def attachment_get(*, user, suggestion_pk: int, pk: int):
    suggestion = suggestion_get(user=user, pk=suggestion_pk)
    attachment = suggestion.attachments.filter(pk=pk).first()
    if attachment is None:
        raise Http404
    return attachment


# ---------------------------------------------------------------- the units' side


def unit_handlings(*, user, limit: int = 200) -> list[Handling]:
    """My unit's parts still open, the most urgent first: overdue, then by due date."""
    rows = list(Handling.objects.filter(unit_id__in=unit_ids(user), status__in=workflow.HANDLING_OPEN)
                .select_related("suggestion__lead__person", "suggestion__session", "unit")
                .order_by("suggestion__due_on", "id")[:limit])
    return rows


def handling_get(*, user, suggestion: Suggestion, pk: int) -> Handling:
    """A unit's part of a suggestion the user can already read."""
    handling = suggestion.handlings.select_related("unit", "suggestion__lead__person").filter(pk=pk).first()
    if handling is None:
        raise Http404
    return handling


def reply_get(*, suggestion: Suggestion, pk: int) -> Reply:
    reply = suggestion.replies.select_related("handling__unit").filter(pk=pk).first()
    if reply is None:
        raise Http404
    return reply


# ---------------------------------------------------------------- duplicates

SIMILAR_YEARS = 5


def similar_suggestions(*, suggestion: Suggestion, limit: int = 5, years: int = SIMILAR_YEARS) -> list[tuple]:
    """Suggestions of the same office, this year and the ``years`` before, whose text is like this one's, for the
    review: [(suggestion, similarity)] best first. The texts are compared in the process-wide index that also
    warns deputies while they type (``lianluo.textmine.corpus``), so the office sees what the deputy was shown."""
    from lianluo.textmine import corpus

    scored = corpus.similar_to_text(region_code=suggestion.region_id, year=suggestion.year,
                                    text=corpus.suggestion_text(suggestion.title, suggestion.body),
                                    exclude_pk=suggestion.pk, limit=limit, years=years)
    found = {s.pk: s for s in Suggestion.objects.filter(pk__in=[pk for pk, _ in scored])
             .select_related("lead__person", "session")}
    corpus.forget(pk for pk, _ in scored if pk not in found)
    return [(found[pk], round(score, 2)) for pk, score in scored if pk in found]


# ---------------------------------------------------------------- choices offered by the forms


def office_codes(*, user) -> list[str]:
    codes = jurisdiction_codes(user, roles=[Role.LIAISON_STAFF])
    return sorted(codes or [])


def filing_mandates(*, user) -> list[Mandate]:
    """The serving mandates a deputy may file under (one per congress they serve in)."""
    return list(Mandate.objects.filter(person__user=user, status=Mandate.Status.SERVING)
                .select_related("term__congress", "person").order_by("-term__congress__level"))


def lead_choices(*, user, q: str = "") -> QuerySet[Mandate]:
    """Deputies the office may key in a suggestion for: serving mandates of congresses in its jurisdiction."""
    qs = restrict_to_jurisdiction(Mandate.objects.filter(status=Mandate.Status.SERVING), user,
                                  roles=[Role.LIAISON_STAFF])
    if q:
        qs = qs.filter(person__name__contains=q)
    return qs.select_related("person", "term__congress").order_by("region_id", "strokes_key", "id")


def cosigner_choices(*, lead: Mandate, q: str = "", limit: int = CHOICE_LIMIT) -> list[Mandate]:
    """Fellow deputies of the same congress term, in official (stroke) order."""
    qs = Mandate.objects.filter(term_id=lead.term_id, status=Mandate.Status.SERVING).exclude(pk=lead.pk)
    if q:
        qs = qs.filter(person__name__contains=q)
    return list(qs.select_related("person").order_by("strokes_key", "id")[:limit])


def mandates_get(*, lead: Mandate, ids: list[int]) -> list[Mandate]:
    return list(Mandate.objects.filter(term_id=lead.term_id, pk__in=ids).select_related("person"))


def session_choices(*, term_id: int) -> list[Session]:
    return list(Session.objects.filter(term_id=term_id).order_by("-number"))


def unit_choices(*, region_code: str) -> list[tuple[int, str]]:
    """Handling units of the office's region and below."""
    return list(Organisation.objects.filter(subtree_q("region", [region_code])).order_by("region_id", "name")
                .values_list("pk", "name")[:CHOICE_LIMIT])


def unit_get(*, region_code: str, pk: int) -> Organisation | None:
    return Organisation.objects.filter(subtree_q("region", [region_code]), pk=pk).first()


def filter_choices(*, user) -> dict:
    offices = office_codes(user=user)
    terms = list(Term.objects.filter(congress__region_id__in=offices).select_related("congress")
                 .order_by("congress__region_id", "-number")[:20]) if offices else []
    units = unit_choices(region_code=offices[0]) if offices else []
    return {"terms": [(t.pk, f"{t.congress.name}{t.title}") for t in terms], "units": units}


def awaiting_assignment(*, user, limit: int = 300) -> list[Suggestion]:
    """Accepted suggestions waiting for referral, for the bulk assignment page."""
    qs = restrict_to_jurisdiction(Suggestion.objects.filter(status=workflow.ACCEPTED), user,
                                  roles=[Role.LIAISON_STAFF])
    return list(qs.select_related("lead__person", "session", "category").order_by("region_id", "number", "id")
                [:limit])


# ---------------------------------------------------------------- deputies' side


def cosign_invitations(*, user) -> list:
    """Invitations to co-sign waiting for the signed-in deputy's answer."""
    from lianluo.proposals.models import Signer

    return list(Signer.objects.filter(mandate__person__user=user, status=Signer.Status.INVITED,
                                      suggestion__status=workflow.DRAFT)
                .select_related("suggestion__lead__person").order_by("respond_by", "id")[:50])


def pending_invitation(*, user, suggestion: Suggestion) -> bool:
    from lianluo.proposals.models import Signer

    return suggestion.status == workflow.DRAFT and Signer.objects.filter(
        suggestion=suggestion, mandate__person__user=user, status=Signer.Status.INVITED).exists()


def may_rate_as_cosigner(*, user, suggestion: Suggestion) -> bool:
    """Where the office asks co-signers to rate too (setting LIANLUO_PROPOSALS_COSIGNERS_RATE), a confirmed
    co-signer who has not rated this round's reply."""
    from lianluo.proposals.models import Evaluation, Signer

    if not workflow.cosigners_rate():
        return False
    signer = Signer.objects.filter(suggestion=suggestion, mandate__person__user=user, role=Signer.Role.COSIGNER,
                                   status=Signer.Status.CONFIRMED).first()
    return signer is not None and not Evaluation.objects.filter(suggestion=suggestion, round=suggestion.round,
                                                                mandate_id=signer.mandate_id).exists()


def suggestions_by_id(*, user, ids: list[int]) -> dict[int, Suggestion]:
    return {s.pk: s for s in suggestions_visible(user=user).filter(pk__in=ids)}


def escalation_draft(*, user, pk):
    """A constituent-issue suggestion draft (casework) the user may turn into a suggestion, or None."""
    from lianluo.casework.models import SuggestionDraft
    from lianluo.casework.selectors import drafts_visible

    if not pk or not str(pk).isdigit():
        return None
    return drafts_visible(user=user).filter(pk=int(pk), status=SuggestionDraft.Status.DRAFT).first()


# ---------------------------------------------------------------- the workbench

WORKLOAD_CAP = 1000


def workload(*, user, today: datetime.date | None = None) -> list[tuple[str, int, str]]:
    """Capped counts of what waits for the user, as (label, count, list URL query): for the office what to review,
    to refer, past its deadline and awaiting the deputy's rating; for a unit what to sign for, in hand, awaiting the
    leader's approval and past the deadline; for a deputy drafts, invitations and replies to rate."""
    from lianluo.proposals.models import Signer

    today = today or timezone.localdate()
    roles = user.role_set()
    rows: list[tuple[str, QuerySet, str]] = []
    if Role.LIAISON_STAFF in roles:
        office = restrict_to_jurisdiction(Suggestion.objects.all(), user, roles=[Role.LIAISON_STAFF])
        rows += [("待审核", office.filter(status=workflow.SUBMITTED), "?status=submitted"),
                 ("待交办", office.filter(status=workflow.ACCEPTED), "?status=accepted"),
                 ("答复逾期", office.filter(status__in=workflow.HANDLING, due_on__lt=today), "?deadline=overdue"),
                 ("待代表评价", office.filter(status=workflow.REPLIED), "?status=replied")]
    if roles & UNIT_READERS:
        mine = Handling.objects.filter(unit_id__in=unit_ids(user))
        rows += [("待签收", mine.filter(status=workflow.PENDING), "inbox"),
                 ("办理中", mine.filter(status=workflow.SIGNED), "inbox"),
                 ("待领导审签", mine.filter(status=workflow.AWAITING_APPROVAL), "inbox"),
                 ("答复逾期", mine.filter(status__in=workflow.HANDLING_OPEN, suggestion__due_on__lt=today), "inbox")]
    if Role.DEPUTY in roles:
        rows += [("我的草稿", Suggestion.objects.filter(lead__person__user=user, status=workflow.DRAFT),
                  "?status=draft"),
                 ("待确认附议", Signer.objects.filter(mandate__person__user=user, status=Signer.Status.INVITED,
                                                   suggestion__status=workflow.DRAFT), ""),
                 ("待我评价", Suggestion.objects.filter(lead__person__user=user, status=workflow.REPLIED),
                  "?status=replied")]
    return [(label, qs.values("pk")[:WORKLOAD_CAP].count(), query) for label, qs, query in rows]


def draft_suggestions(*, user, draft) -> list[Suggestion]:
    """The suggestions made from a constituent-issue draft that the reader may see."""
    return list(suggestions_visible(user=user).filter(draft=draft).select_related("session").order_by("id"))


# ---------------------------------------------------------------- letters and imports


def batch_unit_get(*, user, pk: int) -> Organisation | None:
    """A handling unit in one of the user's offices' regions (or below); None when outside."""
    for code in office_codes(user=user):
        unit = unit_get(region_code=code, pk=pk)
        if unit is not None:
            return unit
    return None


def batch_suggestions(*, user, unit, ids: list[int]) -> list[Suggestion]:
    """Of ``ids``, the suggestions the office may act on that are referred to ``unit`` (its part not returned)."""
    referred = Handling.objects.filter(unit=unit, suggestion_id__in=ids).exclude(
        status=workflow.UNIT_RETURNED).values("suggestion_id")
    rows = (suggestions_visible(user=user).filter(pk__in=referred)
            .select_related("lead__person", "term__congress", "session", "region"))
    return [s for s in rows if can_manage_region(user, s.region_id)]


SESSION_CHOICES = 300


def import_sessions(*, user) -> list[Session]:
    """Sessions of the congresses in the office's jurisdiction, its own level first, the latest first."""
    qs = restrict_to_jurisdiction(Session.objects.all(), user, region_field="term__congress__region",
                                  roles=[Role.LIAISON_STAFF])
    return list(qs.select_related("term__congress__region")
                .order_by("term__congress__level", "term__congress__region_id", "-term__number", "-number")
                [:SESSION_CHOICES])


def referral_letters(*, user, ids: list[int]) -> list[tuple[Organisation, str]]:
    """After a bulk referral: each unit the suggestions ``ids`` went to, with the ids for its batch 交办函."""
    visible = suggestions_visible(user=user).filter(pk__in=ids).values("pk")
    parts = (Handling.objects.filter(suggestion_id__in=visible).exclude(status=workflow.UNIT_RETURNED)
             .select_related("unit").order_by("unit__name", "suggestion_id"))
    grouped: dict[int, tuple[Organisation, list[int]]] = {}
    for part in parts:
        grouped.setdefault(part.unit_id, (part.unit, []))[1].append(part.suggestion_id)
    return [(unit, ",".join(str(i) for i in pks)) for unit, pks in grouped.values()]

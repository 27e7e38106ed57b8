"""Reads of motions (议案), always through the reader's scope.

Who sees which motions (anything else is a 404):
- liaison staff: the motions of the congresses in their regions (an office sees its level and below), drafts
  still collecting signatures included (the office keys in paper signatures);
- committee members and special-committee staff: the same motions once filed;
- deputies: the motions they lead and those they were invited to co-sign;
- everyone else (handling units, station managers, administrators): none.
"""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from lianluo.accounts.roles import Role
from lianluo.accounts.scoping import restrict_to_jurisdiction
from lianluo.deputies.models import Mandate
from lianluo.proposals import workflow
from lianluo.proposals.models import Motion, ProposalEvent, Signer, Suggestion
from lianluo.proposals.permissions import REGION_READERS
from lianluo.regions.models import Delegation, Session, SpecialCommittee

PAGE_SIZE = 30
CHOICE_LIMIT = 300


def motions_visible(*, user) -> QuerySet[Motion]:
    """Every motion the user may read (unordered, unsliced)."""
    qs = Motion.objects.all()
    roles = user.role_set() if getattr(user, "is_authenticated", False) else frozenset()
    parts = []
    if Role.LIAISON_STAFF in roles:
        # Drafts included: the office keys in paper signatures and helps deputies gather them.
        parts.append(restrict_to_jurisdiction(qs, user, roles=[Role.LIAISON_STAFF]))
    if roles & (REGION_READERS - {Role.LIAISON_STAFF}):
        parts.append(restrict_to_jurisdiction(qs, user, roles=REGION_READERS - {Role.LIAISON_STAFF})
                     .exclude(status=workflow.M_DRAFT))
    if Role.DEPUTY in roles:
        mine = Q(lead__person__user=user) | Q(signers__mandate__person__user=user)
        parts.append(restrict_to_jurisdiction(qs, user, roles=[Role.DEPUTY]).filter(
            pk__in=Motion.objects.filter(mine).values("pk")))
    if not parts:
        return qs.none()
    result = parts[0]
    for part in parts[1:]:
        result = result | part
    return result


@dataclass
class MotionFilters:
    session: int | None = None
    status: str = ""
    query: str = ""


def motion_list(*, user, filters: MotionFilters | None = None, after: int | None = None,
                limit: int = PAGE_SIZE) -> tuple[list[Motion], int | None]:
    """One page of motions, newest first (keyset on id): (rows, the id to continue after or None). Each row
    carries ``confirmed`` (signatures counted so far)."""
    filters = filters or MotionFilters()
    qs = motions_visible(user=user)
    if filters.session:
        qs = qs.filter(session_id=filters.session)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.query:
        query = filters.query.strip()
        qs = qs.filter(Q(title__contains=query) | Q(body__contains=query))
    if after:
        qs = qs.filter(pk__lt=after)
    rows = list(qs.select_related("lead__person", "session__term", "delegation", "region").only(
        "id", "number", "title", "status", "filer", "region_id", "region__name", "region__level", "session_id",
        "session__number", "session__term__number", "lead__person__name", "delegation__name", "cosign_by",
        "submitted_on",
    ).order_by("-id")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    confirmed = dict(Signer.objects.filter(motion_id__in=[m.pk for m in rows], status=Signer.Status.CONFIRMED)
                     .values("motion_id").annotate(n=Count("id")).values_list("motion_id", "n"))
    for row in rows:
        row.confirmed = confirmed.get(row.pk, 0)
        row.needed = workflow.motion_cosigners_needed(row.region.level) if row.filer == Motion.Filer.DEPUTIES else 0
    return rows, (rows[-1].pk if more and rows else None)


def motion_get(*, user, pk: int) -> Motion:
    motion = (motions_visible(user=user).filter(pk=pk)
              .select_related("lead__person", "session__term__congress__region", "region", "delegation", "committee",
                              "created_by")
              .first())
    if motion is None:
        raise Http404
    return motion


def motion_parts(*, motion: Motion) -> dict:
    """What the detail page shows beside the text: signers (the lead first), history, suggestions opened from it."""
    # The lead first, then the co-signers in the order they were asked.
    signers = sorted(motion.signers.select_related("mandate__person"), key=lambda s: (s.role != Signer.Role.LEAD, s.pk))
    return {
        "signers": signers,
        "confirmed": sum(1 for s in signers if s.status == Signer.Status.CONFIRMED),
        "events": list(ProposalEvent.objects.filter(motion=motion).order_by("id")),
        "suggestions": list(Suggestion.objects.filter(motion=motion).only(
            "id", "number", "session_id", "year", "title", "status").order_by("id")),
    }


def my_signature(*, user, motion: Motion, signers: list[Signer]) -> Signer | None:
    """The user's own co-signer row on this motion, if any (from the rows already loaded)."""
    return next((s for s in signers if s.role == Signer.Role.COSIGNER and s.mandate.person.user_id == user.pk),
                None)


# ---------------------------------------------------------------- choices offered by the forms


def filing_sessions(*, user, limit: int = 50) -> list[Session]:
    """Sessions a motion may be filed for: a deputy's, those of the terms they serve in; the office's, those of
    the congresses in its jurisdiction. Latest first."""
    roles = user.role_set()
    q = Q(pk__in=[])
    if Role.DEPUTY in roles:
        q |= Q(term__mandates__person__user=user, term__mandates__status=Mandate.Status.SERVING)
    if Role.LIAISON_STAFF in roles:
        q |= Q(pk__in=restrict_to_jurisdiction(Session.objects.all(), user, region_field="term__congress__region",
                                               roles=[Role.LIAISON_STAFF]).values("pk"))
    return list(Session.objects.filter(q).distinct().select_related("term__congress__region")
                .order_by("-start_date", "-id")[:limit])


def session_label(session: Session) -> str:
    """长沙县第十八届人民代表大会第五次会议 (the sessions come with term__congress__region)."""
    return str(session)


def lead_mandate(*, user, session: Session) -> Mandate | None:
    """The user's own serving mandate in the session's term (they lead motions under it)."""
    return (Mandate.objects.filter(person__user=user, term_id=session.term_id, status=Mandate.Status.SERVING)
            .select_related("person").first())


def term_mandates(*, term_id: int, exclude: int | None = None, limit: int = CHOICE_LIMIT) -> list[Mandate]:
    """Serving deputies of a term in official (stroke) order: leads and co-signers offered by the forms."""
    qs = Mandate.objects.filter(term_id=term_id, status=Mandate.Status.SERVING)
    if exclude:
        qs = qs.exclude(pk=exclude)
    return list(qs.select_related("person").order_by("strokes_key", "id")[:limit])


def mandates_in_term(*, term_id: int, ids: list[int]) -> list[Mandate]:
    return list(Mandate.objects.filter(term_id=term_id, pk__in=ids).select_related("person"))


def delegations_of(*, term_id: int) -> list[Delegation]:
    return list(Delegation.objects.filter(term_id=term_id).order_by("order", "id"))


def committees_of(*, term_id: int) -> list[SpecialCommittee]:
    return list(SpecialCommittee.objects.filter(term_id=term_id).order_by("order", "id"))


def list_sessions(*, user, limit: int = 30) -> list[Session]:
    """Sessions offered by the list's filter: those of the motions the user can read."""
    ids = motions_visible(user=user).values("session_id")
    return list(Session.objects.filter(pk__in=ids).select_related("term__congress__region")
                .order_by("-start_date", "-id")[:limit])

"""Reads of project votes: the office's jurisdiction, a deputy's own congress, and the public's published ones."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from lianluo.accounts.roles import Role
from lianluo.accounts.scoping import restrict_to_jurisdiction
from lianluo.deputies.models import Mandate
from lianluo.livelihood import workflow
from lianluo.livelihood.models import CandidateProject, ProjectRating, ProjectRound, RoundStatus

READERS = frozenset({Role.LIAISON_STAFF, Role.COMMITTEE_MEMBER})


def _deputy_rounds(user) -> Q:
    mandates = Mandate.objects.filter(person__user=user, status=Mandate.Status.SERVING)
    pairs = list(mandates.values_list("term_id", "region_id"))
    q = Q(pk__in=[])
    for term_id, region_id in pairs:
        q |= Q(term_id=term_id, region_id=region_id)
    return q


def rounds_visible(user) -> QuerySet[ProjectRound]:
    """Offices and committee members: their jurisdiction; deputies: their own congress's rounds."""
    staff = restrict_to_jurisdiction(ProjectRound.objects.all(), user, roles=READERS) \
        if user.role_set() & READERS else ProjectRound.objects.none()
    own = ProjectRound.objects.filter(_deputy_rounds(user)) if Role.DEPUTY in user.role_set() \
        else ProjectRound.objects.none()
    return (staff | own).select_related("region").distinct()


def can_view(user) -> bool:
    return getattr(user, "is_authenticated", False) and bool(user.role_set() & (READERS | {Role.DEPUTY}))


def round_get(*, user, pk: int) -> ProjectRound:
    found = rounds_visible(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def project_get(*, user, pk: int) -> CandidateProject:
    project = CandidateProject.objects.select_related("round__region").filter(
        pk=pk, round__in=rounds_visible(user)).first()
    if project is None:
        raise Http404
    return project


def candidates_with_ratings(project_round: ProjectRound) -> list[CandidateProject]:
    """The candidates, with their rating counts (one query)."""
    return list(_with_rating_counts(project_round.candidates.all())
                .prefetch_related("milestones", "inspections").order_by("-chosen", "-votes", "id"))


def _with_rating_counts(projects: QuerySet[CandidateProject]) -> QuerySet[CandidateProject]:
    return projects.annotate(
        n_rated=Count("ratings"),
        n_satisfied=Count("ratings", filter=Q(ratings__level=ProjectRating.Level.SATISFIED)),
        n_basic=Count("ratings", filter=Q(ratings__level=ProjectRating.Level.BASICALLY)),
    )


def public_rounds() -> QuerySet[ProjectRound]:
    return ProjectRound.objects.filter(status__in=workflow.PUBLIC).select_related("region")


def public_round_get(pk: int) -> ProjectRound:
    found = public_rounds().filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def collecting_rounds() -> QuerySet[ProjectRound]:
    """The rounds taking proposals from the public now (征集)."""
    return ProjectRound.objects.filter(status=RoundStatus.COLLECTING).select_related("region").order_by("-year", "id")


def collecting_round_get(pk: int) -> ProjectRound:
    found = collecting_rounds().filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def public_project_get(pk: int) -> CandidateProject:
    """A chosen project of a published round, with its milestones and inspections, for the public page."""
    found = (_with_rating_counts(CandidateProject.objects.filter(pk=pk, chosen=True,
                                                                 round__status__in=workflow.PUBLIC))
             .select_related("round__region").prefetch_related("milestones", "inspections").first())
    if found is None:
        raise Http404
    return found

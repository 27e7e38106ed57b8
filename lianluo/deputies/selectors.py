"""Reads of the deputy roster, always through the reader's jurisdiction."""

from django.db.models import QuerySet
from django.http import Http404

from lianluo.accounts.scoping import restrict_to_jurisdiction
from lianluo.deputies.models import Mandate
from lianluo.deputies.permissions import ROSTER_READERS


def mandate_list(*, user, level: int | None = None, status: str = "", query: str = "") -> QuerySet[Mandate]:
    qs = restrict_to_jurisdiction(Mandate.objects.all(), user, roles=ROSTER_READERS)
    if level is not None:
        qs = qs.filter(term__congress__level=level)
    if status:
        qs = qs.filter(status=status)
    if query:
        qs = qs.filter(person__name__contains=query)
    return qs.select_related("person", "term__congress", "delegation", "deputy_group").order_by(
        "term__congress__level", "region_id", "person__name", "id"
    )


def mandate_get(*, user, pk: int) -> Mandate:
    mandate = mandate_list(user=user).filter(pk=pk).first()
    if mandate is None:
        raise Http404
    return mandate


def other_mandates(*, user, mandate: Mandate) -> QuerySet[Mandate]:
    """The same person's other seats that the reader may also see."""
    return mandate_list(user=user).filter(person_id=mandate.person_id).exclude(pk=mandate.pk)

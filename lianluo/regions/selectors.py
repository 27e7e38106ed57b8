"""Reads of regions and congress structures, always through the reader's jurisdiction."""

from django.db.models import Count, QuerySet
from django.http import Http404

from lianluo.accounts.permissions import STRUCTURE_READERS
from lianluo.accounts.scoping import restrict_to_jurisdiction
from lianluo.regions.models import Congress, Level, Organisation, Region, Session, Term
from lianluo.regions.tree import parent_code_of


def region_list(*, user, parent: str | None = None, query: str = "", roles=STRUCTURE_READERS) -> QuerySet[Region]:
    qs = restrict_to_jurisdiction(Region.objects.all(), user, region_field="code", roles=roles)
    if parent:
        qs = qs.filter(parent_id=parent)
    if query:
        qs = qs.filter(name__contains=query)
    return qs


def region_get(*, user, code: str, roles=STRUCTURE_READERS) -> Region:
    region = region_list(user=user, roles=roles).select_related("parent").filter(code=code).first()
    if region is None:
        raise Http404
    return region


def region_roots(*, user, roles=STRUCTURE_READERS) -> QuerySet[Region]:
    """The top regions of the user's jurisdiction (their assigned regions)."""
    codes = {a.region_id for a in user.active_assignments() if roles is None or a.role in roles}
    return restrict_to_jurisdiction(Region.objects.filter(code__in=codes), user, region_field="code", roles=roles)


def region_ancestors(*, user, region: Region) -> list[Region]:
    """The region's ancestors within the user's jurisdiction, top first (one query: codes are prefixes)."""
    codes = []
    code = parent_code_of(region.code)
    while code:
        codes.append(code)
        code = parent_code_of(code)
    return list(region_list(user=user).filter(code__in=codes).order_by("code"))


def region_children(*, user, region: Region) -> QuerySet[Region]:
    return (
        region_list(user=user)
        .filter(parent=region)
        .annotate(child_count=Count("children"))
        .order_by("code")
    )


def region_choices(*, user, roles, max_level: int = Level.COUNTY) -> QuerySet[Region]:
    """Regions offered in a form: the user's jurisdiction down to county level."""
    return region_list(user=user, roles=roles).filter(level__lte=max_level).order_by("code")


def organisation_list(*, user, roles=STRUCTURE_READERS) -> QuerySet[Organisation]:
    return restrict_to_jurisdiction(Organisation.objects.select_related("region"), user, roles=roles)


def congress_list(*, user, roles=STRUCTURE_READERS) -> QuerySet[Congress]:
    return restrict_to_jurisdiction(Congress.objects.select_related("region"), user, roles=roles).order_by(
        "level", "region_id"
    )


def congress_get(*, user, pk: int, roles=STRUCTURE_READERS) -> Congress:
    congress = congress_list(user=user, roles=roles).filter(pk=pk).first()
    if congress is None:
        raise Http404
    return congress


def congress_terms(*, congress: Congress) -> QuerySet[Term]:
    """Terms of one congress (the congress was already fetched through the reader's jurisdiction)."""
    return (
        congress.terms.select_related("standing_committee")
        .prefetch_related("sessions", "delegations", "special_committees", "deputy_groups",
                          "standing_committee__members")
        .order_by("-number")
    )


def term_get(*, user, pk: int, roles=STRUCTURE_READERS) -> Term:
    qs = restrict_to_jurisdiction(Term.objects.select_related("congress__region"), user,
                                  region_field="congress__region", roles=roles)
    term = qs.filter(pk=pk).first()
    if term is None:
        raise Http404
    return term


def session_list(*, user, roles=STRUCTURE_READERS) -> QuerySet[Session]:
    return restrict_to_jurisdiction(
        Session.objects.select_related("term__congress__region"), user, region_field="term__congress__region",
        roles=roles,
    )


def congress_region_of(region: Region) -> Region:
    """The region whose people's congress handles business arising in ``region``: the region itself when it has a
    congress, else the nearest ancestor that has one. Streets (街道) have no congress of their own; the county or
    district standing committee works there through its agency (地方组织法 Art 59), so a street's business is that
    county's."""
    chain = [region.code]
    while (parent := parent_code_of(chain[-1])) is not None:
        chain.append(parent)
    codes = set(Congress.objects.filter(region_id__in=chain).values_list("region_id", flat=True))
    for code in chain:
        if code in codes:
            return region if code == region.code else Region.objects.get(code=code)
    return region

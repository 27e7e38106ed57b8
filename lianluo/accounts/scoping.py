"""Jurisdiction: what part of the region tree a user's assignments cover (DESIGN.md §2).

``restrict_to_jurisdiction`` is the one filter every selector starts from. A user sees rows whose
region lies within one of their assigned regions; everything else behaves as if it did not exist.
"""

from collections.abc import Iterable

from django.db.models import QuerySet

from lianluo.regions.models import Level
from lianluo.regions.tree import subtree_q


def jurisdiction_codes(user, *, roles: Iterable[str] | None = None) -> set[str] | None:
    """Region codes the user's assignments cover, for the given roles (all roles if None).

    Returns None for unrestricted (a national-level assignment), an empty set for nothing.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    wanted = set(roles) if roles is not None else None
    codes: set[str] = set()
    for assignment in user.active_assignments():
        if wanted is not None and assignment.role not in wanted:
            continue
        if assignment.region.level == Level.NATIONAL:
            return None
        codes.add(assignment.region_id)
    # Drop codes already covered by an ancestor in the set, so the filter has fewer branches.
    return {code for code in codes if not any(code != other and code.startswith(other) for other in codes)}


def restrict_to_jurisdiction(
    qs: QuerySet, user, *, region_field: str = "region", roles: Iterable[str] | None = None
) -> QuerySet:
    """Rows of qs whose ``region_field`` (a Region foreign key path, or "code" on Region) lies
    within the user's jurisdiction for ``roles``."""
    codes = jurisdiction_codes(user, roles=roles)
    if codes is None:
        return qs
    if not codes:
        return qs.none()
    return qs.filter(subtree_q(region_field, codes))


def covers(user, region_code: str, *, roles: Iterable[str] | None = None) -> bool:
    """Whether a single region code lies within the user's jurisdiction for roles."""
    codes = jurisdiction_codes(user, roles=roles)
    if codes is None:
        return True
    return any(region_code.startswith(code) for code in codes)

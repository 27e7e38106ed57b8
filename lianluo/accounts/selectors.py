"""Reads of accounts, always through the reader's jurisdiction."""

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from lianluo.accounts.models import ApiToken, Assignment, User
from lianluo.accounts.roles import Role
from lianluo.accounts.scoping import restrict_to_jurisdiction

ACCOUNT_ADMINS = {Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN}


def user_list(*, actor: User, query: str = "") -> QuerySet[User]:
    """Accounts whose home region lies in the administrator's jurisdiction."""
    qs = restrict_to_jurisdiction(User.objects.all(), actor, region_field="home_region", roles=ACCOUNT_ADMINS)
    if query:
        qs = qs.filter(username__icontains=query) | qs.filter(full_name__icontains=query)
    return qs.select_related("home_region").prefetch_related(
        Prefetch("assignments", queryset=Assignment.objects.select_related("region"))
    ).order_by("home_region_id", "username")


def user_get(*, actor: User, pk: int) -> User:
    user = user_list(actor=actor).filter(pk=pk).first()
    if user is None:
        raise Http404
    return user


def assignment_get(*, actor: User, pk: int) -> Assignment:
    qs = restrict_to_jurisdiction(Assignment.objects.select_related("user", "region"), actor,
                                  roles={Role.SECURITY_ADMIN})
    assignment = qs.filter(pk=pk).first()
    if assignment is None:
        raise Http404
    return assignment


def api_tokens_of(*, user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at")

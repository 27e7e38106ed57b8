"""Navigation by role: each entry appears only for people who may use it."""

from django.urls import reverse

from lianluo.accounts import permissions
from lianluo.casework.permissions import can_refresh_hot, can_view_hot, can_view_inbox, can_view_issues
from lianluo.deputies.permissions import can_view_roster
from lianluo.elections.permissions import can_view_elections
from lianluo.livelihood.selectors import can_view as can_view_livelihood
from lianluo.proposals.permissions import can_manage as can_manage_suggestions
from lianluo.proposals.permissions import can_view_suggestions, can_view_unit_work
from lianluo.stations.permissions import can_view_stations


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = [("工作台", reverse("dashboard:home"), "dashboard")]
    if permissions.can_view_structure(user):
        items.append(("行政区划", reverse("regions:region_index"), "regions"))
        items.append(("人民代表大会", reverse("regions:congress_list"), "congresses"))
    if can_view_roster(user):
        items.append(("人大代表", reverse("deputies:roster"), "deputies"))
    if can_view_stations(user):
        items.append(("联络站", reverse("stations:station_list"), "stations"))
    if can_view_issues(user):
        items.append(("群众意见", reverse("casework:unit_inbox" if can_view_inbox(user) and not can_view_hot(user)
                                          else "casework:issue_list"), "casework"))
    if can_view_suggestions(user):
        items.append(("议案建议", reverse("proposals:unit_inbox" if can_view_unit_work(user)
                                          and not can_manage_suggestions(user) else "proposals:suggestion_list"),
                      "proposals"))
    if can_view_elections(user):
        items.append(("选举", reverse("elections:election_list"), "elections"))
    if can_view_livelihood(user):
        items.append(("民生实事", reverse("livelihood:round_list"), "livelihood"))
    if permissions.can_manage_accounts(user) or permissions.can_manage_roles(user):
        items.append(("账户与角色", reverse("accounts:user_list"), "accounts"))
    if permissions.can_read_audit(user):
        items.append(("审计日志", reverse("core:audit_log"), "audit"))
    items.append(("接口文档", reverse("api-1.0.0:openapi-view"), "api"))
    roles = sorted({a.get_role_display() for a in user.active_assignments()})
    # The liaison offices' text-model page is linked from the casework tabs.
    return {"nav_items": items, "nav_roles": roles, "can_train_models": can_refresh_hot(user)}

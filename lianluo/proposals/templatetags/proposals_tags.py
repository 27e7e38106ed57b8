"""The sub-navigation of the suggestions and motions pages: each entry only for those who may use it."""

from django import template
from django.urls import NoReverseMatch, reverse

from lianluo.proposals import permissions

register = template.Library()


def _url(name: str) -> str | None:
    try:
        return reverse(name if ":" in name else f"proposals:{name}")
    except NoReverseMatch:
        return None


@register.inclusion_tag("proposals/_nav.html", takes_context=True)
def proposals_nav(context):
    request = context["request"]
    user = request.user
    entries = [("建议", "suggestion_list", permissions.can_view_suggestions(user))]
    entries += [
        ("本单位承办", "unit_inbox", permissions.can_view_unit_work(user)),
        ("批量交办", "bulk_assign", permissions.can_manage(user)),
        ("重点督办", "key_list", permissions.can_view_key_suggestions(user)),
        ("建议公开", "publication_list", permissions.can_manage(user)),
        ("统计分析", "statistics", permissions.can_view_statistics(user)),
        ("办理考核", "assessment", permissions.can_view_statistics(user)),
        ("导入建议", "suggestion_import", permissions.can_manage(user)),
        ("议案", "motion_list", permissions.can_view_motions(user)),
        ("公开网站", "portal:suggestion_search", permissions.can_manage(user)),
    ]
    current = request.resolver_match.url_name if request.resolver_match else ""
    items = [(label, url, name == current) for label, name, allowed in entries
             if allowed and (url := _url(name)) is not None]
    return {"items": items}

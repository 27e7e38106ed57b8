"""Template filters asking the stations permission predicates (for navigation links)."""

from django import template

from lianluo.stations import permissions

register = template.Library()


@register.filter
def can_view_stations(user) -> bool:
    return permissions.can_view_stations(user)


@register.filter
def can_view_station_figures(user) -> bool:
    return permissions.can_view_figures(user)


@register.filter
def can_view_own_shifts(user) -> bool:
    return permissions.can_view_own_shifts(user)

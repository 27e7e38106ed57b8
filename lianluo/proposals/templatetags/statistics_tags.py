"""Filters of the statistics pages."""

from django import template

register = template.Library()


@register.filter
def pct(value) -> str:
    """A rate (0–1) as a percentage with one decimal; "—" when there was nothing to divide."""
    if value is None or value == "":
        return "—"
    return f"{float(value) * 100:.1f}%"


@register.filter
def nth(values, index):
    """values[index], or 0 past the end (the per-class reply counts)."""
    try:
        return values[int(index)]
    except (IndexError, TypeError, ValueError):
        return 0


@register.filter
def get_rate(rates, key):
    """rates[key] (an assessment indicator), None when absent."""
    return rates.get(key)

"""Unit names as they were on a day: a plan made before a rename shows the name it was made with.

Callers load the former names first with plans.reform.with_names_on (one query for a page's units)."""
from django import template

register = template.Library()


@register.filter
def name_on(unit, day):
    """{{ unit|name_on:day }}: the unit's full name on `day` (its current name without a day)."""
    return unit.name_on(day) if unit else ""


@register.filter
def display_name_on(unit, day):
    """{{ unit|display_name_on:day }}: its short name (or full name) on `day`."""
    return unit.display_name_on(day) if unit else ""

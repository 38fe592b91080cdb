"""Template filters for Vietnamese numbers, money, dates and quarters (see core.formatting)."""
from django import template

from core import formatting, numbering

register = template.Library()

register.filter("number", formatting.format_number)
register.filter("money", formatting.format_money)
register.filter("vndate", formatting.format_date)
register.filter("vnlongdate", formatting.format_long_date)
register.filter("percent", formatting.format_percent)
register.filter("roman", formatting.roman)
register.filter("plan_title", formatting.plan_title_without_kind)


register.filter("number_mark", numbering.number_mark)


@register.filter
def quarter_label(year, quarter):
    """{{ update.year|quarter_label:update.quarter }} → Quý IV/2021."""
    return formatting.format_quarter(year, quarter)
